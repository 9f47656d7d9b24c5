/*
** main.c
** The paa host: Lua's own stand-alone interpreter (lua.c) with the paa
** modules preloaded, the paa Lua library on the path, a few options of
** its own (--version, --help) and an exit status that says whether
** inputs were skipped. Anything the stock 'lua' command line accepts
** works here too, so test runners and Lua tools can use paa as 'lua'.
*/

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"
#include "lua-lpeg.h"
#include <sqlite3.h>

#include "paa.h"
#include "lpaa.h"

#if defined(PAA_USE_READLINE)
#include <readline/readline.h>
#include <readline/history.h>
#endif

#define PAA_PROGNAME  "paa"
#define PAA_PROMPT    "> "
#define PAA_PROMPT2   ">> "
#define PAA_MAXINPUT  512

#define LUA_INIT_VAR        "LUA_INIT"
#define LUA_INITVARVERSION  LUA_INIT_VAR LUA_VERSUFFIX

/* exit status when the run finished but skipped some inputs (like grep) */
#define EXIT_SKIPPED  2

static lua_State *globalL = NULL;
static const char *progname = PAA_PROGNAME;
static const char *dbfile = NULL;  /* --db FILE: the store paa.open ingests into */
static const char *usage_why = NULL;  /* why a long option of paa's was refused */


/*
** {==================================================================
** Interrupts
** ===================================================================
*/

/*
** Hook set by the signal handler to stop the interpreter: raises
** "interrupted!" at the next Lua instruction.
*/
static void lstop(lua_State *L, lua_Debug *ar) {
  (void)ar;
  lua_sethook(L, NULL, 0, 0);
  luaL_error(L, "interrupted!");
}

/*
** On SIGINT, restore the default action (so a second Ctrl-C kills a
** process stuck in C) and set a hook that stops the interpreter.
*/
static void laction(int i) {
  int flag = LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT;
  signal(i, SIG_DFL);
  lua_sethook(globalL, lstop, flag, 1);
}

/* }================================================================== */


static void print_usage(const char *badoption) {
  if (usage_why)  /* --db without a file */
    fprintf(stderr, "%s: %s\n", progname, usage_why);
  else if (paa_sandbox_error())  /* --out, --max-memory, --timeout: bad value */
    fprintf(stderr, "%s: %s\n", progname, paa_sandbox_error());
  else if (badoption[1] == 'e' || badoption[1] == 'l')
    fprintf(stderr, "%s: '%s' needs argument\n", progname, badoption);
  else
    fprintf(stderr, "%s: unrecognized option '%s'\n", progname, badoption);
  fprintf(stderr, "usage: %s [options] [script [args]]\n"
          "Try '%s --help' for more information.\n", progname, progname);
  fflush(stderr);
}

static void print_help(void) {
  fputs(
    "usage: paa [options] [script [args]]\n"
    "\n"
    "Runs a Lua report script with the paa modules loaded, e.g.\n"
    "  paa scripts/deals.lua corpus/     (paa deals corpus/ finds it on the path)\n"
    "  paa scripts/deals.lua --help      what a script does, its parameters\n"
    "  paa corpus/                       an interactive session on a corpus\n"
    "With no script and a terminal, opens an interactive session.\n"
    "\n"
    "Options (as in the stock 'lua' command):\n"
    "  -e stat   execute string 'stat'\n"
    "  -i        enter interactive mode after running 'script'\n"
    "  -l mod    require library 'mod' into global 'mod'\n"
    "  -l g=mod  require library 'mod' into global 'g'\n"
    "  -v        show version information\n"
    "  -E        ignore environment variables\n"
    "  -W        turn warnings on\n"
    "  --        stop handling options\n"
    "  -         run stdin and stop handling options\n"
    "  --list    list the report scripts on the search path\n"
    "  --version show the versions of paa, Lua, LPeg and SQLite\n"
    "  --help    show this help\n"
    "  --db FILE keep the corpus a script opens in this SQLite store,\n"
    "            ingested incrementally (also --db=FILE, PAA_DB=FILE)\n"
    "\n"
    "Running a script from someone else:\n"
    "  --sandbox         no commands, no debug library, no bytecode, no C\n"
    "                    modules; reads only under the script's arguments\n"
    "                    that exist, its folder and the paa library; writes\n"
    "                    only under --out; memory capped at 1G by default\n"
    "  --out DIR         the folder a sandboxed script may write in\n"
    "  --max-memory SIZE cap memory, Lua's and C's (512M, 2G; 0: none)\n"
    "  --timeout SECS    stop the run after SECS seconds (decimals allowed)\n"
    "\n"
    "Environment: PAA_PATH (';'-separated folders searched first for\n"
    "scripts and modules), PAA_HISTORY (the session's history file, \"\"\n"
    "for none; default ~/.paa_history), LUA_PATH, LUA_CPATH, LUA_INIT.\n"
    "Exit status: 0 success, 1 error, 2 finished but some inputs were\n"
    "skipped (each one named in a warning), 3 stopped by --timeout or\n"
    "--max-memory. PAA_SANDBOX=1 is the same as --sandbox.\n", stdout);
}

/*
** Prints an error message, adding the program name in front of it
** (if present).
*/
static void l_message(const char *pname, const char *msg) {
  lpaa_eprint(pname, msg, 1);
}

/*
** Check whether 'status' is not OK and, if so, prints the error
** message on the top of the stack.
*/
static int report(lua_State *L, int status) {
  if (status != LUA_OK) {
    const char *msg = lua_tostring(L, -1);
    if (!paa_sandbox_stopped(status))  /* a limit: the host says so at exit */
      l_message(progname, msg);
    lua_pop(L, 1);
  }
  return status;
}

/*
** Message handler used to run all chunks: adds a traceback.
*/
static int msghandler(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) {  /* is error object not a string? */
    if (luaL_callmeta(L, 1, "__tostring") &&  /* does it have a metamethod */
        lua_type(L, -1) == LUA_TSTRING)  /* that produces a string? */
      return 1;  /* that is the message */
    else
      msg = lua_pushfstring(L, "(error object is a %s value)",
                               luaL_typename(L, 1));
  }
  luaL_traceback(L, L, msg, 1);  /* append a standard traceback */
  return 1;  /* return the traceback */
}

/*
** Interface to 'lua_pcall', which sets appropriate message function
** and C-signal handler. Used to run all chunks.
*/
static int docall(lua_State *L, int narg, int nres) {
  int status;
  int base = lua_gettop(L) - narg;  /* function index */
  lua_pushcfunction(L, msghandler);  /* push message handler */
  lua_insert(L, base);  /* put it under function and args */
  globalL = L;  /* to be available to 'laction' */
  signal(SIGINT, laction);  /* set C-signal handler */
  status = lua_pcall(L, narg, nres, base);
  signal(SIGINT, SIG_DFL);  /* reset C-signal handler */
  lua_remove(L, base);  /* remove message handler from the stack */
  return status;
}

static const char *lpeg_version(lua_State *L) {
  const char *v = "?";
  lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  if (lua_getfield(L, -1, "lpeg") != LUA_TTABLE) {
    lua_pop(L, 1);
    luaL_requiref(L, "lpeg", luaopen_lpeg, 0);
  }
  lua_getfield(L, -1, "version");
  if (lua_isfunction(L, -1)) lua_call(L, 0, 1);  /* LPeg 1.0: a function */
  if (lua_isstring(L, -1)) v = lua_tostring(L, -1);
  lua_pop(L, 3);  /* version stays referenced by LPeg's table */
  return v;
}

static void print_version(lua_State *L) {
  printf("paa %s\n" LUA_RELEASE "  LPeg %s  SQLite %s\n", paa_version(),
         lpeg_version(L), sqlite3_libversion());
  fflush(stdout);
}

/*
** Create the 'arg' table, which stores all arguments from the
** command line ('argv'). It should be aligned so that, at index 0,
** it has 'argv[script]', which is the script name. The arguments
** to the script (everything after 'script') go to positive indices;
** other arguments (before the script name) go to negative indices.
** If there is no script name, assume interpreter's name as base.
*/
static void createargtable(lua_State *L, char **argv, int argc, int script) {
  int i, narg;
  if (script == argc) script = 0;  /* no script name? */
  narg = argc - (script + 1);  /* number of positive indices */
  lua_createtable(L, narg, script + 1);
  for (i = 0; i < argc; i++) {
    lua_pushstring(L, argv[i]);
    lua_rawseti(L, -2, i - script);
  }
  lua_setglobal(L, "arg");
}

static int dochunk(lua_State *L, int status) {
  if (status == LUA_OK) status = docall(L, 0, 0);
  return report(L, status);
}

static int dofile(lua_State *L, const char *name) {
  return dochunk(L, luaL_loadfile(L, name));
}

static int dostring(lua_State *L, const char *s, const char *name) {
  return dochunk(L, luaL_loadbuffer(L, s, strlen(s), name));
}

/*
** Receives 'globname[=modname]' and runs 'globname = require(modname)'.
*/
static int dolibrary(lua_State *L, char *globname) {
  int status;
  char *modname = strchr(globname, '=');
  if (modname == NULL)  /* no explicit name? */
    modname = globname;  /* module name is equal to global name */
  else {
    *modname = '\0';  /* global name ends here */
    modname++;  /* module name starts after the '=' */
  }
  lua_getglobal(L, "require");
  lua_pushstring(L, modname);
  status = docall(L, 1, 1);  /* call 'require(modname)' */
  if (status == LUA_OK)
    lua_setglobal(L, globname);  /* globname = require(modname) */
  return report(L, status);
}

/*
** Push on the stack the contents of table 'arg' from 1 to #arg
*/
static int pushargs(lua_State *L) {
  int i, n;
  if (lua_getglobal(L, "arg") != LUA_TTABLE)
    luaL_error(L, "'arg' is not a table");
  n = (int)luaL_len(L, -1);
  luaL_checkstack(L, n + 3, "too many arguments to script");
  for (i = 1; i <= n; i++)
    lua_rawgeti(L, -i, i);
  lua_remove(L, -i);  /* remove table from the stack */
  return n;
}


/*
** {==================================================================
** Where paa finds its library and scripts
** ===================================================================
*/

static int is_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/*
** Whether the arguments are a corpus rather than a script and its
** arguments: each an existing folder, or a file of articles (.txt, .md,
** .html, .htm, .jsonl, .ndjson). Then 'paa ARGS' opens the REPL on them.
*/
static int corpus_args(char **argv) {
  static const char *const exts[] = {".txt", ".md", ".html", ".htm", ".jsonl", ".ndjson", NULL};
  int i, k;
  for (i = 0; argv[i]; i++) {
    struct stat st;
    const char *dot = strrchr(argv[i], '.');
    if (strcmp(argv[i], "-") == 0 || stat(argv[i], &st) != 0) return 0;
    if (S_ISDIR(st.st_mode)) continue;
    if (!S_ISREG(st.st_mode) || dot == NULL) return 0;
    for (k = 0; exts[k] && strcmp(dot, exts[k]) != 0; k++) ;
    if (!exts[k]) return 0;
  }
  return i > 0;
}

/* Folder of the running executable, or "" when it cannot be told */
static void exe_dir(char *out, size_t len) {
  ssize_t n = readlink("/proc/self/exe", out, len - 1);
  char *slash;
  if (n <= 0) { out[0] = '\0'; return; }
  out[n] = '\0';
  slash = strrchr(out, '/');
  if (slash) *slash = '\0';
}

/*
** Prepend 'dir/?.lua;dir/?/init.lua' (and 'dir/?.so' to cpath when
** 'cpath' is set) to the paths of the package table at index 'pkg'.
*/
static void prepend_dir(lua_State *L, int pkg, const char *dir, int cpath) {
  lua_getfield(L, pkg, "path");
  lua_pushfstring(L, "%s/?.lua;%s/?/init.lua;%s", dir, dir, lua_tostring(L, -1));
  lua_setfield(L, pkg, "path");
  lua_pop(L, 1);
  if (cpath) {
    lua_getfield(L, pkg, "cpath");
    lua_pushfstring(L, "%s/?.so;%s", dir, lua_tostring(L, -1));
    lua_setfield(L, pkg, "cpath");
    lua_pop(L, 1);
  }
}

/*
** The paa Lua library lives beside the executable: installed, in
** '<prefix>/share/lua/5.4' next to '<prefix>/bin/paa'; in a build tree,
** in the 'lua' link CMake puts beside the binary. PAA_PATH folders come
** before it, in their order.
*/
static void set_paths(lua_State *L, int noenv) {
  char dir[PATH_MAX], cand[PATH_MAX + 64];
  const char *places[] = {"%s/../share/lua/5.4", "%s/lua", NULL};
  const char *pp = noenv ? NULL : getenv("PAA_PATH");
  int i, pkg;
  lua_getglobal(L, "package");
  pkg = lua_gettop(L);
  exe_dir(dir, sizeof dir);
  for (i = 0; dir[0] && places[i]; i++) {
    snprintf(cand, sizeof cand, places[i], dir);
    lua_pushfstring(L, "%s/paa/init.lua", cand);
    if (is_file(lua_tostring(L, -1))) {
      lua_pop(L, 1);
      prepend_dir(L, pkg, cand, 0);
      break;
    }
    lua_pop(L, 1);
  }
  if (pp && *pp) {  /* prepend in reverse so the first folder comes first */
    const char *end = pp + strlen(pp);
    while (end > pp) {
      const char *start = end;
      while (start > pp && start[-1] != ';') start--;
      if (end > start) {
        lua_pushlstring(L, start, (size_t)(end - start));
        prepend_dir(L, pkg, lua_tostring(L, -1), 1);
        lua_pop(L, 1);
      }
      end = start > pp ? start - 1 : pp;
    }
  }
  lua_pop(L, 1);
}

/*
** A script named without a folder that is not in the working folder is
** looked for, as given and with ".lua" added, in: the PAA_PATH folders,
** ~/.local/share/paa/scripts, and the scripts shipped with paa (beside
** the library: '<prefix>/share/paa/scripts' installed, the source tree's
** 'scripts' in a build tree). Pushes the path to run ('name' itself when
** not found elsewhere).
*/
static int try_script(lua_State *L, const char *dir, size_t n, const char *name) {
  int k;
  for (k = 0; k < 2; k++) {
    const char *c = lua_pushfstring(L, "%s/%s%s", lua_pushlstring(L, dir, n),
                                    name, k ? ".lua" : "");
    lua_remove(L, -2);
    if (is_file(c)) return 1;
    lua_pop(L, 1);
  }
  return 0;
}

static const char *find_script(lua_State *L, const char *name, int noenv) {
  const char *pp = noenv ? NULL : getenv("PAA_PATH");
  const char *home = noenv ? NULL : getenv("HOME");
  char dir[PATH_MAX], cand[PATH_MAX + 64], real[PATH_MAX];
  if (strchr(name, '/') || is_file(name))
    return lua_pushstring(L, name);
  while (pp && *pp) {
    const char *end = strchr(pp, ';');
    size_t n = end ? (size_t)(end - pp) : strlen(pp);
    if (n > 0 && try_script(L, pp, n, name)) return lua_tostring(L, -1);
    pp += n + (end ? 1 : 0);
  }
  if (home && *home) {
    snprintf(cand, sizeof cand, "%s/.local/share/paa/scripts", home);
    if (try_script(L, cand, strlen(cand), name)) return lua_tostring(L, -1);
  }
  exe_dir(dir, sizeof dir);
  if (dir[0]) {
    snprintf(cand, sizeof cand, "%s/../share/paa/scripts", dir);
    if (try_script(L, cand, strlen(cand), name)) return lua_tostring(L, -1);
    snprintf(cand, sizeof cand, "%s/lua", dir);  /* build tree: lua -> the source's lua/ */
    if (realpath(cand, real)) {
      snprintf(cand, sizeof cand, "%s/../scripts", real);
      if (try_script(L, cand, strlen(cand), name)) return lua_tostring(L, -1);
    }
  }
  return lua_pushstring(L, name);
}

/*
** Put every paa C module, and LPeg, in 'package.preload', as linit.c
** suggests for libraries linked into the host.
*/
static void preload(lua_State *L) {
  static const luaL_Reg mods[] = {
    {"paa.core", luaopen_paa_core},
    {"paa.corpus", luaopen_paa_corpus},
    {"paa.text", luaopen_paa_text},
    {"paa.lexicon", luaopen_paa_lexicon},
    {"paa.dedup", luaopen_paa_dedup},
    {"paa.store", luaopen_paa_store},
    {"lpeg", luaopen_lpeg},
    {NULL, NULL}
  };
  const luaL_Reg *m;
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  for (m = mods; m->func; m++) {
    lua_pushcfunction(L, m->func);
    lua_setfield(L, -2, m->name);
  }
  lua_pop(L, 1);
}

/* }================================================================== */


static int handle_script(lua_State *L, char **argv, int noenv) {
  int status;
  const char *fname = argv[0];
  if (strcmp(fname, "-") == 0 && strcmp(argv[-1], "--") != 0)
    fname = NULL;  /* stdin */
  else
    fname = find_script(L, fname, noenv);  /* pushed */
  /* a sandboxed script is text: bytecode could break out of any sandbox */
  status = luaL_loadfilex(L, fname, paa_sandbox_enabled() ? "t" : NULL);
  if (fname) lua_remove(L, -2);  /* the path, under the chunk or message */
  if (status == LUA_OK) {
    int n = pushargs(L);  /* push arguments to script */
    status = docall(L, n, LUA_MULTRET);
  }
  return report(L, status);
}


/* bits of various argument indicators in 'args' */
#define has_error  1  /* bad option */
#define has_i      2  /* -i */
#define has_v      4  /* -v */
#define has_e      8  /* -e */
#define has_E      16  /* -E */
#define has_V      32  /* --version */
#define has_h      64  /* --help */
#define has_list   128 /* --list */


/*
** paa's own long options ('--db FILE', '--list', the sandbox's): the one
** place that knows them and which take a value, so that 'collectargs'
** and 'runargs' step over the same words. Their values are taken here,
** before the lua-style scan of short options, which would otherwise read
** a value such as 'news.db' as '-e ws.db'. Returns 1 when 'argv[*i]' is
** one (with '*i' moved past its value and its flag added to '*args'), 0
** when it is not, -1 when its value is missing ('usage_why' says so).
*/
static int long_option(char **argv, int *i, int *args) {
  const char *a = argv[*i];
  if (strcmp(a, "--version") == 0) { *args |= has_V; return 1; }
  if (strcmp(a, "--list") == 0) { *args |= has_list; return 1; }
  if (strcmp(a, "--help") == 0) { *args |= has_h; return 1; }
  if (strncmp(a, "--db", 4) == 0 && (a[4] == '\0' || a[4] == '=')) {  /* --db FILE */
    const char *v = a[4] == '=' ? a + 5 : argv[*i + 1];
    if (v == NULL || *v == '\0') {
      usage_why = "'--db' needs a file";
      return -1;
    }
    if (a[4] == '\0') ++*i;
    dbfile = v;
    return 1;
  }
  return paa_sandbox_option(argv, i);  /* --sandbox, --out DIR, ... */
}

/*
** Traverses all arguments from 'argv', returning a mask with those
** needed before running any Lua code or an error code if it finds any
** invalid argument. In case of error, 'first' is the index of the bad
** argument. Otherwise, 'first' is -1 if there is no program name,
** 0 if there is no script name, or the index of the script name.
*/
static int collectargs(char **argv, int *first) {
  int args = 0;
  int i;
  if (argv[0] != NULL) {  /* is there a program name? */
    if (argv[0][0])  /* not empty? */
      progname = PAA_PROGNAME;
  }
  else {  /* no program name */
    *first = -1;
    return 0;
  }
  for (i = 1; argv[i] != NULL; i++) {  /* handle arguments */
    *first = i;
    if (argv[i][0] != '-')  /* not an option? */
        return args;  /* stop handling options */
    switch (argv[i][1]) {  /* else check option */
      case '-':  /* '--' */
        switch (long_option(argv, &i, &args)) {  /* --db FILE, --sandbox, ... */
          case 1: continue;  /* taken, with its value */
          case -1: return has_error;  /* bad value ('first' is the option) */
          default: break;
        }
        if (argv[i][2] != '\0')  /* extra characters after '--'? */
          return has_error;  /* invalid option */
        *first = (argv[i + 1] != NULL) ? i + 1 : 0;  /* as Lua 5.4.7 */
        return args;
      case '\0':  /* '-' */
        return args;  /* script "name" is '-' */
      case 'E':
        if (argv[i][2] != '\0')  /* extra characters? */
          return has_error;  /* invalid option */
        args |= has_E;
        break;
      case 'W':
        if (argv[i][2] != '\0')  /* extra characters? */
          return has_error;  /* invalid option */
        break;
      case 'i':
        args |= has_i;  /* (-i implies -v) *//* FALLTHROUGH */
      case 'v':
        if (argv[i][2] != '\0')  /* extra characters? */
          return has_error;  /* invalid option */
        args |= has_v;
        break;
      case 'e':
        args |= has_e;  /* FALLTHROUGH */
      case 'l':  /* both options need an argument */
        if (argv[i][2] == '\0') {  /* no concatenated argument? */
          i++;  /* try next 'argv' */
          if (argv[i] == NULL || argv[i][0] == '-')
            return has_error;  /* no next argument or it is another option */
        }
        break;
      default:  /* invalid option */
        return has_error;
    }
  }
  *first = 0;  /* no script name */
  return args;
}


/*
** Processes options 'e' and 'l', which involve running Lua code, and
** 'W', which also affects the state.
** Returns 0 if some code raises an error.
*/
static int runargs(lua_State *L, char **argv, int n) {
  int i;
  for (i = 1; i < n; i++) {
    int option = argv[i][1], ignored = 0;
    lua_assert(argv[i][0] == '-');  /* already checked */
    if (option == '-' && long_option(argv, &i, &ignored) != 0)
      continue;  /* --db FILE, --out DIR, ...: skip it and its value */
    switch (option) {
      case 'e':  case 'l': {
        int status;
        char *extra = argv[i] + 2;  /* both options need an argument */
        if (*extra == '\0') extra = argv[++i];
        lua_assert(extra != NULL);
        status = (option == 'e')
                 ? dostring(L, extra, "=(command line)")
                 : dolibrary(L, extra);
        if (status != LUA_OK) return 0;
        break;
      }
      case 'W':
        lua_warning(L, "@on", 0);  /* warnings on */
        break;
    }
  }
  return 1;
}


static int handle_luainit(lua_State *L) {
  const char *name = "=" LUA_INITVARVERSION;
  const char *init = getenv(name + 1);
  if (init == NULL) {
    name = "=" LUA_INIT_VAR;
    init = getenv(name + 1);  /* try alternative name */
  }
  if (init == NULL) return LUA_OK;
  else if (init[0] == '@')
    return dofile(L, init+1);
  else
    return dostring(L, init, name);
}


/*
** {==================================================================
** Read-Eval-Print Loop (REPL)
** ===================================================================
*/

#if defined(PAA_USE_READLINE)
#define lua_initreadline(L)  ((void)L, rl_readline_name="paa")
#define lua_readline(L,b,p)  ((void)L, ((b)=readline(p)) != NULL)
#define lua_saveline(L,line)  ((void)L, add_history(line))
#define lua_freeline(L,b)  ((void)L, free(b))
#else
#define lua_initreadline(L)  ((void)L)
#define lua_readline(L,b,p) \
        ((void)L, fputs(p, stdout), fflush(stdout),  /* show prompt */ \
        fgets(b, PAA_MAXINPUT, stdin) != NULL)  /* get line */
#define lua_saveline(L,line)  { (void)L; (void)line; }
#define lua_freeline(L,b)  { (void)L; (void)b; }
#endif

/*
** Return the string to be used as a prompt by the interpreter. Leave
** the string (or nil, if using the default value) on the stack, to keep
** it anchored.
*/
static const char *get_prompt(lua_State *L, int firstline) {
  if (lua_getglobal(L, firstline ? "_PROMPT" : "_PROMPT2") == LUA_TNIL)
    return (firstline ? PAA_PROMPT : PAA_PROMPT2);  /* use the default */
  else {  /* apply 'tostring' over the value */
    const char *p = luaL_tolstring(L, -1, NULL);
    lua_remove(L, -2);  /* remove original value */
    return p;
  }
}

/* mark in error messages for incomplete statements */
#define EOFMARK		"<eof>"
#define marklen		(sizeof(EOFMARK)/sizeof(char) - 1)

/*
** Check whether 'status' signals a syntax error and the error
** message at the top of the stack ends with the above mark for
** incomplete statements.
*/
static int incomplete(lua_State *L, int status) {
  if (status == LUA_ERRSYNTAX) {
    size_t lmsg;
    const char *msg = lua_tolstring(L, -1, &lmsg);
    if (lmsg >= marklen && strcmp(msg + lmsg - marklen, EOFMARK) == 0) {
      lua_pop(L, 1);
      return 1;
    }
  }
  return 0;  /* else... */
}

/*
** Push the function 'name' of module paa.repl, or nil when the module
** cannot be loaded (the REPL then works as lua.c's).
*/
static int repl_fn(lua_State *L, const char *name) {
  lua_getglobal(L, "require");
  lua_pushliteral(L, "paa.repl");
  if (lua_pcall(L, 1, 1, 0) != LUA_OK || !lua_istable(L, -1)) {
    lua_pop(L, 1);
    lua_pushnil(L);
    return 0;
  }
  lua_getfield(L, -1, name);
  lua_remove(L, -2);
  return lua_isfunction(L, -1);
}

#if defined(PAA_USE_READLINE)
/*
** Tab completion: paa.repl.complete(word, line) gives the candidates;
** readline asks for them one at a time through 'completion_next'.
*/
static char **completions = NULL;  /* candidates of the word being completed */
static size_t ncompletions = 0, nextcompletion = 0;

static char *completion_next(const char *text, int state) {
  (void)text;
  if (state == 0) nextcompletion = 0;
  if (nextcompletion < ncompletions)
    return strdup(completions[nextcompletion++]);
  return NULL;
}

static char **paa_completion(const char *text, int start, int end) {
  lua_State *L = globalL;
  size_t i;
  (void)start;
  rl_attempted_completion_over = 1;  /* no file names */
  rl_completion_append_character = '\0';  /* readline resets it each time */
  for (i = 0; i < ncompletions; i++) free(completions[i]);
  free(completions);
  completions = NULL;
  ncompletions = 0;
  if (L == NULL || !repl_fn(L, "complete")) {
    lua_pop(L, 1);
    return NULL;
  }
  lua_pushstring(L, text);
  lua_pushlstring(L, rl_line_buffer, (size_t)end);  /* the line up to the cursor */
  if (lua_pcall(L, 2, 1, 0) == LUA_OK && lua_istable(L, -1)) {
    size_t n = (size_t)lua_rawlen(L, -1);
    completions = (char **)calloc(n ? n : 1, sizeof(char *));
    for (i = 0; completions && i < n; i++) {
      lua_rawgeti(L, -1, (lua_Integer)i + 1);
      if (lua_type(L, -1) == LUA_TSTRING)
        completions[ncompletions++] = strdup(lua_tostring(L, -1));
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 1);
  if (ncompletions == 0) return NULL;
  return rl_completion_matches(text, completion_next);
}

/* Ctrl-C at the prompt: drop the line, show a fresh prompt, keep going */
static void prompt_sigint(int sig) {
  (void)sig;
  rl_crlf();
  rl_replace_line("", 0);
  rl_on_new_line();
  rl_redisplay();
}

/* The history file: PAA_HISTORY ("" turns it off), else ~/.paa_history */
static const char *history_file(void) {
  static char path[PATH_MAX];
  const char *h = getenv("PAA_HISTORY");
  if (h) return *h ? h : NULL;
  h = getenv("HOME");
  if (!h || !*h) return NULL;
  snprintf(path, sizeof path, "%s/.paa_history", h);
  return path;
}

static void repl_begin(lua_State *L) {
  const char *hf = history_file();
  (void)L;
  rl_readline_name = "paa";
  rl_catch_signals = 0;
  rl_attempted_completion_function = paa_completion;
  rl_completer_word_break_characters = " \t\n\"'><=;+-*/%^~#{}()[],&|";
  rl_completion_append_character = '\0';
  stifle_history(1000);
  if (hf) read_history(hf);
}

static void repl_end(void) {
  const char *hf = history_file();
  if (hf) write_history(hf);
}
#define prompt_signals(on)  signal(SIGINT, (on) ? prompt_sigint : SIG_DFL)
#else
static void repl_begin(lua_State *L) { (void)L; }
static void repl_end(void) {}
#define prompt_signals(on)  ((void)0)
#endif

/*
** Start the session through paa.repl.start(paths): the helpers and, with
** paths, the 'corpus' global; print its banner (or the versions).
*/
static void repl_start(lua_State *L, char **paths, int npaths) {
  int i;
  if (!repl_fn(L, "start")) {
    lua_pop(L, 1);
    print_version(L);
    return;
  }
  lua_createtable(L, npaths, 0);
  for (i = 0; i < npaths; i++) {
    lua_pushstring(L, paths[i]);
    lua_rawseti(L, -2, i + 1);
  }
  if (docall(L, 1, 1) != LUA_OK) {
    report(L, LUA_ERRRUN);
    return;
  }
  if (lua_type(L, -1) == LUA_TSTRING) {
    lua_writestring(lua_tostring(L, -1), lua_rawlen(L, -1));
    lua_writeline();
  }
  lua_pop(L, 1);
}

/*
** Prompt the user, read a line, and push it into the Lua stack.
*/
static int pushline(lua_State *L, int firstline) {
  char buffer[PAA_MAXINPUT];
  char *b = buffer;
  size_t l;
  const char *prmt = get_prompt(L, firstline);
  int readstatus;
  prompt_signals(1);
  readstatus = lua_readline(L, b, prmt);
  prompt_signals(0);
  if (readstatus == 0)
    return 0;  /* no input (prompt will be popped by caller) */
  lua_pop(L, 1);  /* remove prompt */
  l = strlen(b);
  if (l > 0 && b[l-1] == '\n')  /* line ends with newline? */
    b[--l] = '\0';  /* remove it */
  if (firstline && b[0] == '=')  /* for compatibility with 5.2, ... */
    lua_pushfstring(L, "return %s", b + 1);  /* change '=' to 'return' */
  else
    lua_pushlstring(L, b, l);
  lua_freeline(L, b);
  return 1;
}

/*
** Try to compile line on the stack as 'return <line>;'; on return, stack
** has either compiled chunk or original line (if compilation failed).
*/
static int addreturn(lua_State *L) {
  const char *line = lua_tostring(L, -1);  /* original line */
  const char *retline = lua_pushfstring(L, "return %s;", line);
  int status = luaL_loadbuffer(L, retline, strlen(retline), "=stdin");
  if (status == LUA_OK) {
    lua_remove(L, -2);  /* remove modified line */
    if (line[0] != '\0')  /* non empty? */
      lua_saveline(L, line);  /* keep history */
  }
  else
    lua_pop(L, 2);  /* pop result from 'luaL_loadbuffer' and modified line */
  return status;
}

/*
** Read multiple lines until a complete Lua statement
*/
static int multiline(lua_State *L) {
  for (;;) {  /* repeat until gets a complete statement */
    size_t len;
    const char *line = lua_tolstring(L, 1, &len);  /* get what it has */
    int status = luaL_loadbuffer(L, line, len, "=stdin");  /* try it */
    if (!incomplete(L, status) || !pushline(L, 0)) {
      lua_saveline(L, line);  /* keep history */
      return status;  /* cannot or should not try to add continuation line */
    }
    lua_pushliteral(L, "\n");  /* add newline... */
    lua_insert(L, -2);  /* ...between the two lines */
    lua_concat(L, 3);  /* join them */
  }
}

/*
** Read a line and try to load (compile) it first as an expression (by
** adding "return " in front of it) and second as a statement. Return
** the final status of load/call with the resulting function (if any)
** in the top of the stack.
*/
static int loadline(lua_State *L) {
  int status;
  lua_settop(L, 0);
  if (!pushline(L, 1))
    return -1;  /* no input */
  if ((status = addreturn(L)) != LUA_OK)  /* 'return ...' did not work? */
    status = multiline(L);  /* try as command, maybe with continuation lines */
  lua_remove(L, 1);  /* remove line from the stack */
  lua_assert(lua_gettop(L) == 1);
  return status;
}

/*
** Prints any values on the stack: pretty-printed by paa.repl.show
** (tables as sorted, truncated views; records as aligned tables), or
** by Lua's 'print' when that is not available.
*/
static void l_print(lua_State *L) {
  int n = lua_gettop(L);
  if (n > 0) {  /* any result to be printed? */
    luaL_checkstack(L, LUA_MINSTACK, "too many results to print");
    if (repl_fn(L, "show")) {
      lua_insert(L, 1);
      if (lua_pcall(L, n, 1, 0) == LUA_OK) {
        size_t len;
        const char *s = lua_tolstring(L, -1, &len);
        if (s && len > 0) {
          lua_writestring(s, len);
          lua_writeline();
        }
        lua_pop(L, 1);
        return;
      }
      l_message(progname, lua_pushfstring(L, "error showing the result (%s)",
                                             lua_tostring(L, -1)));
      return;
    }
    lua_pop(L, 1);
    lua_getglobal(L, "print");
    lua_insert(L, 1);
    if (lua_pcall(L, n, 0, 0) != LUA_OK)
      l_message(progname, lua_pushfstring(L, "error calling 'print' (%s)",
                                             lua_tostring(L, -1)));
  }
}


/*
** Do the REPL: repeatedly read (load) a line, evaluate (call) it, and
** print any results.
*/
static int in_session = 0;  /* the REPL ran: its user saw the warnings */

static void doREPL(lua_State *L) {
  int status;
  in_session = 1;
  const char *oldprogname = progname;
  progname = NULL;  /* no 'progname' on errors in interactive mode */
  lua_initreadline(L);
  repl_begin(L);
  while ((status = loadline(L)) != -1) {
    if (status == LUA_OK)
      status = docall(L, 0, LUA_MULTRET);
    if (status == LUA_OK) l_print(L);
    else report(L, status);
  }
  lua_settop(L, 0);  /* clear stack */
  lua_writeline();
  repl_end();
  progname = oldprogname;
}

/* }================================================================== */


static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
** Name, in order, the skipped inputs no walk told of: a quiet first
** pass met them and the pass meant to tell did not (the file went away
** between the two), so the exit status would speak of warnings nobody
** saw. Stack: the session's skipped table on top (left there).
*/
static void tell_untold(lua_State *L) {
  int skipped = lua_gettop(L), told;
  size_t n = 0, i;
  const char **names;
  lua_getfield(L, LUA_REGISTRYINDEX, PAA_TOLD_KEY);
  told = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, skipped)) { n++; lua_pop(L, 1); }
  /* scratch array as userdata: an error cannot leak it */
  names = (const char **)lua_newuserdatauv(L, (n ? n : 1) * sizeof *names, 0);
  n = 0;
  lua_pushnil(L);
  while (lua_next(L, skipped)) {
    lua_pop(L, 1);
    if (lua_type(L, -1) != LUA_TSTRING) continue;
    if (lua_istable(L, told)) {
      int t = lua_getfield(L, told, lua_tostring(L, -1));
      lua_pop(L, 1);
      if (t != LUA_TNIL) continue;
    }
    names[n++] = lua_tostring(L, -1);  /* the key stays in 'skipped' */
  }
  qsort(names, n, sizeof *names, cmp_str);
  for (i = 0; i < n; i++) {
    const char *why = (lua_getfield(L, skipped, names[i]), lua_tostring(L, -1));
    lpaa_eprint("paa", lua_pushfstring(L, "%s: %s; skipped", names[i], why ? why : "unreadable"), 0);
    lua_pop(L, 2);
  }
  lua_settop(L, skipped);
}

/*
** Main body of the host (called in protected mode). Leaves the exit
** status (an integer) on the stack.
*/
static int pmain(lua_State *L) {
  int argc = (int)lua_tointeger(L, 1);
  char **argv = (char **)lua_touserdata(L, 2);
  int script;
  int args = collectargs(argv, &script);
  int optlim = (script > 0) ? script : argc; /* first argv not an option */
  int top;
  luaL_checkversion(L);  /* check that interpreter has correct version */
  if (args == has_error) {  /* bad arg? */
    print_usage(argv[script]);  /* 'script' has index of bad arg. */
    lua_pushinteger(L, EXIT_FAILURE);
    return 1;
  }
  if (args & has_h) {
    print_help();
    lua_pushinteger(L, EXIT_SUCCESS);
    return 1;
  }
  if (args & has_E) {  /* option '-E'? */
    lua_pushboolean(L, 1);  /* signal for libraries to ignore env. vars. */
    lua_setfield(L, LUA_REGISTRYINDEX, "LUA_NOENV");
  }
  luaL_openlibs(L);  /* open standard libraries */
  preload(L);
  if (dbfile) {  /* read by paa.core.db() */
    lua_pushstring(L, dbfile);
    lua_setfield(L, LUA_REGISTRYINDEX, PAA_DB_KEY);
  }
  if (args & (has_v | has_V))  /* option '-v' or '--version'? */
    print_version(L);
  if (args & has_V) {
    lua_pushinteger(L, EXIT_SUCCESS);
    return 1;
  }
  set_paths(L, args & has_E);
  createargtable(L, argv, argc, script);  /* create table 'arg' */
  lua_gc(L, LUA_GCGEN, 0, 0);  /* GC in generational mode */
  lua_pushinteger(L, EXIT_FAILURE);  /* until proven otherwise */
  if (paa_sandbox_wanted()) {  /* --sandbox, PAA_SANDBOX, --max-memory, --timeout */
    if (script > 0 && strcmp(argv[script], "-") != 0)
      find_script(L, argv[script], args & has_E);  /* the script's path, pushed */
    else
      lua_pushnil(L);
    if (report(L, paa_sandbox_start(L, script > 0 ? argv + script + 1 : NULL,
                                     args & has_i)) != LUA_OK)
      return 1;
  }
  if (!(args & has_E) && !paa_sandbox_enabled()) {  /* no -E, no sandbox? */
    if (handle_luainit(L) != LUA_OK)  /* run LUA_INIT */
      return 1;  /* error running LUA_INIT */
  }
  if (!runargs(L, argv, optlim))  /* execute arguments -e and -l */
    return 1;  /* something failed */
  if (args & has_list) {  /* --list: the scripts on the search path */
    int stopped;
    lua_getglobal(L, "require");
    lua_pushliteral(L, "paa.script");
    if (docall(L, 1, 1) != LUA_OK) return report(L, LUA_ERRRUN), 1;
    lua_getfield(L, -1, "print_list");
    lua_pushnil(L);  /* the search path */
    lua_pushcfunction(L, paa_sandbox_isolated);  /* each header read in a child */
    if (docall(L, 2, 1) != LUA_OK) return report(L, LUA_ERRRUN), 1;
    stopped = lua_tointeger(L, -1) > 0;  /* headers a limit stopped: not listed */
    lua_settop(L, 0);
    lua_pushinteger(L, stopped ? EXIT_SKIPPED : EXIT_SUCCESS);
    return 1;
  }
  top = lua_gettop(L);
  if (script > 0 && corpus_args(argv + script) &&  /* paa corpus/: explore it */
      strcmp(find_script(L, argv[script], args & has_E), argv[script]) == 0) {
    lua_pop(L, 1);  /* (a script of that name on the path wins) */
    repl_start(L, argv + script, argc - script);
    doREPL(L);
  }
  else {
    lua_settop(L, top);  /* the path pushed by find_script, if any */
    if (script > 0) {  /* execute main script (if there is one) */
      if (handle_script(L, argv + script, args & has_E) != LUA_OK)
        return 1;  /* interrupt in case of error */
    }
    if (args & has_i) {  /* -i option? */
      repl_start(L, NULL, 0);
      doREPL(L);  /* do read-eval-print loop */
    }
    else if (script < 1 && !(args & (has_e | has_v))) { /* no active option? */
      if (isatty(0)) {  /* running in interactive mode? */
        repl_start(L, NULL, 0);
        doREPL(L);  /* do read-eval-print loop */
      }
      else if (dofile(L, NULL) != LUA_OK)  /* executes stdin as a file */
        return 1;  /* unlike lua.c, an error in it is exit status 1 */
    }
  }
  lua_settop(L, 0);
  lua_getfield(L, LUA_REGISTRYINDEX, PAA_SKIPPED_KEY);
  if (lua_istable(L, -1) && !in_session) {  /* some inputs were skipped: say how many */
    int n = 0;
    lua_pushnil(L);
    while (lua_next(L, -2)) { n++; lua_pop(L, 1); }
    if (n > 0) {
      tell_untold(L);
      lua_writestringerror("paa: %s\n", lua_pushfstring(L,
          "%d input%s skipped (see the warnings above)", n, n == 1 ? "" : "s"));
      lua_pushinteger(L, EXIT_SKIPPED);
      return 1;
    }
  }
  lua_pushinteger(L, EXIT_SUCCESS);
  return 1;
}


int main(int argc, char **argv) {
  int status, result;
  lua_State *L = paa_sandbox_newstate();  /* luaL_newstate, memory counted */
  if (L == NULL) {
    l_message(argv[0], "cannot create state: not enough memory");
    return EXIT_FAILURE;
  }
  lua_pushcfunction(L, &pmain);  /* to call 'pmain' in protected mode */
  lua_pushinteger(L, argc);  /* 1st argument */
  lua_pushlightuserdata(L, argv); /* 2nd argument */
  status = lua_pcall(L, 2, 1, 0);  /* do the call */
  result = (int)lua_tointeger(L, -1);  /* get result */
  report(L, status);
  if (paa_sandbox_stopped(status))  /* out of time or memory: status 3 */
    return paa_sandbox_exit();  /* (no lua_close: finalizers are script code) */
  lua_close(L);
  return (status == LUA_OK) ? result : EXIT_FAILURE;
}
