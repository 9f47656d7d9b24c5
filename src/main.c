/*
** main.c
** The paa host: Lua's own stand-alone interpreter (lua.c) with the paa
** C modules preloaded, the paa Lua library found by a searcher of its own
** (so 'package.path' stays what LUA_PATH says), scripts found by name on
** the search path, a few options of its own (--version, --help, --list,
** --db, the sandbox's) and exit statuses that tell a usage error, a
** limit and skipped inputs apart. Anything the stock 'lua' command line
** accepts works here as there (Lua 5.4.4's testes/main.lua passes), so
** test runners and Lua tools can use paa as 'lua'.
*/

#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
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

/*
** Exit statuses (docs/api.md, "Exit statuses"): EXIT_SUCCESS 0; 1 a Lua
** error, as with the stock 'lua'; 2 a usage error (a bad option, or a
** script's bad parameter); PAA_SANDBOX_EXIT 3 a time or memory limit
** stopped the run (lpaa.h); 4 the run finished but skipped some inputs,
** each named in a warning.
*/
#define EXIT_USAGE    2
#define EXIT_SKIPPED  4

static lua_State *globalL = NULL;
static const char *progname = PAA_PROGNAME;
#define PAA_PRINT_KEY  "paa.print"  /* registry: the 'print' of the standard library */
static const char *dbfile = NULL;  /* --db FILE: the store paa.open ingests into */
static const char *usage_why = NULL;  /* why a long option of paa's was refused */

/* running a report on several cores or machines (the section Workers) */
static long jobs = 0;              /* -j N; 0: the number of cores */
static const char *map_shard = NULL;  /* --map K/N: this run maps shard K of N */
static int merge_mode = 0;         /* --merge: this run merges partials */
static const char *context_file = NULL;  /* --context FILE: results of earlier passes */
static const char *out_file = NULL;      /* --into FILE: where --map/--merge write */
static const char **partial_files = NULL;  /* --partial FILE, each */
static int npartials = 0;


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
    "A first argument that names a file is run as a script, as lua does;\n"
    "else a script of that name on the search path; else a folder opens\n"
    "a session on the corpus. With no script and a terminal, opens an\n"
    "interactive session.\n"
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
    "  -j N      run a report script's passes on N cores (default: all of\n"
    "            them; -j 1: one); the report is the same whatever N\n"
    "\n"
    "A report's passes on a cluster (what paa-dask runs; docs/cluster.md):\n"
    "  --map K/N       map shard K of N, write the partial --into FILE\n"
    "  --merge         merge the --partial files, print the report or\n"
    "                  write the next pass's context --into FILE\n"
    "  --context FILE  the results of the passes before this one\n"
    "  --partial FILE  a partial to merge (repeat)\n"
    "  --into FILE     where --map and --merge write\n"
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
    "Exit status: 0 success, 1 error, 2 usage error (a bad option or\n"
    "parameter), 3 stopped by --timeout or --max-memory, 4 finished but\n"
    "some inputs were skipped (each one named in a warning).\n"
    "PAA_SANDBOX=1 is the same as --sandbox.\n", stdout);
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
** Interface to 'lua_pcall', which sets message function 'handler' and
** the C-signal handler.
*/
static int docall_with(lua_State *L, int narg, int nres, lua_CFunction handler) {
  int status;
  int base = lua_gettop(L) - narg;  /* function index */
  lua_pushcfunction(L, handler);  /* push message handler */
  lua_insert(L, base);  /* put it under function and args */
  globalL = L;  /* to be available to 'laction' */
  signal(SIGINT, laction);  /* set C-signal handler */
  status = lua_pcall(L, narg, nres, base);
  signal(SIGINT, SIG_DFL);  /* reset C-signal handler */
  lua_remove(L, base);  /* remove message handler from the stack */
  return status;
}

/* Run a chunk with 'msghandler': used to run all chunks but the lines
** of the REPL. */
static int docall(lua_State *L, int narg, int nres) {
  return docall_with(L, narg, nres, msghandler);
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

/*
** The versions: paa's with the libraries it links, then Lua's own line
** (lua.c's), last, as tools that read 'lua -v' expect.
*/
static void print_version(lua_State *L) {
  printf("paa %s  LPeg %s  SQLite %s\n" LUA_COPYRIGHT "\n", paa_version(),
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

static int is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
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
** Add to 'b' (on top of the stack) 'fmt' for each PAA_PATH folder: the
** folder is its '%s' arguments, twice; entries separated by ';'.
*/
static void add_paa_path(lua_State *L, luaL_Buffer *b, const char *fmt, int noenv) {
  const char *pp = noenv ? NULL : getenv("PAA_PATH");
  while (pp && *pp) {
    const char *end = strchr(pp, ';');
    size_t n = end ? (size_t)(end - pp) : strlen(pp);
    if (n > 0) {
      const char *dir = lua_pushlstring(L, pp, n);
      if (luaL_bufflen(b) > 0) lua_pushliteral(L, ";");
      else lua_pushliteral(L, "");
      lua_pushfstring(L, fmt, dir, dir);
      lua_concat(L, 2);
      lua_remove(L, -2);  /* the folder */
      luaL_addvalue(b);
    }
    pp += n + (end ? 1 : 0);
  }
}

/*
** Push the templates paa's own modules are looked for with: Lua files
** ('DIR/?.lua;DIR/?/init.lua') in the paa library, which lives beside the
** executable (installed, in '<prefix>/share/lua/5.4' next to
** '<prefix>/bin/paa'; in a build tree, in the 'lua' link CMake puts
** beside the binary), then in the PAA_PATH folders; and C modules
** ('DIR/?.so') in the PAA_PATH folders. The library comes first so that
** no folder on PAA_PATH can stand in for paa's own modules (the sandbox
** among them). paa.path says the same to Lua.
*/
static void push_paa_paths(lua_State *L, int noenv) {
  static const char *const places[] = {"%s/../share/lua/5.4", "%s/lua", NULL};
  char dir[PATH_MAX], cand[PATH_MAX + 64];
  luaL_Buffer b;
  int i;
  luaL_buffinit(L, &b);
  exe_dir(dir, sizeof dir);
  for (i = 0; dir[0] && places[i]; i++) {
    snprintf(cand, sizeof cand, places[i], dir);
    lua_pushfstring(L, "%s/paa/init.lua", cand);
    if (is_file(lua_tostring(L, -1))) {
      lua_pop(L, 1);
      lua_pushfstring(L, "%s/?.lua;%s/?/init.lua", cand, cand);
      luaL_addvalue(&b);
      break;
    }
    lua_pop(L, 1);
  }
  add_paa_path(L, &b, "%s/?.lua;%s/?/init.lua", noenv);
  luaL_pushresult(&b);
  luaL_buffinit(L, &b);
  add_paa_path(L, &b, "%s/?.so", noenv);
  luaL_pushresult(&b);
}

/*
** The searcher of paa's own modules and of PAA_PATH's, in
** 'package.searchers' right after the preload one: they are found without
** being on 'package.path', which so stays exactly what LUA_PATH (or Lua's
** default) says, as with the stock 'lua'. Upvalues: the Lua template, the
** C template, 'package.searchpath' and 'package.loadlib' (the originals).
** Returns a loader and its file, as Lua's own searchers do, or nothing
** when the module is not there: 'require' then says what the stock 'lua'
** says, word for word.
*/
static int paa_searcher(lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  int i;
  lua_settop(L, 1);
  for (i = 1; i <= 2; i++) {
    const char *file;
    if (*lua_tostring(L, lua_upvalueindex(i)) == '\0') continue;
    lua_pushvalue(L, lua_upvalueindex(3));  /* package.searchpath */
    lua_pushvalue(L, 1);
    lua_pushvalue(L, lua_upvalueindex(i));
    lua_call(L, 2, 1);  /* stack: name, file|nil */
    if ((file = lua_tostring(L, -1)) == NULL) {  /* not there */
      lua_pop(L, 1);
      continue;
    }
    if (i == 1) {
      if (luaL_loadfile(L, file) != LUA_OK)
        return luaL_error(L, "error loading module '%s' from file '%s':\n\t%s",
                          name, file, lua_tostring(L, -1));
    }
    else {  /* a C module: luaopen_ and the name up to any '-', dots as '_' */
      const char *mark = strchr(name, '-');
      lua_pushvalue(L, lua_upvalueindex(4));  /* package.loadlib */
      lua_pushvalue(L, -2);
      lua_pushliteral(L, "luaopen_");
      lua_pushlstring(L, name, mark ? (size_t)(mark - name) : strlen(name));
      luaL_gsub(L, lua_tostring(L, -1), ".", "_");
      lua_remove(L, -2);
      lua_concat(L, 2);
      lua_call(L, 2, 2);
      if (lua_isnil(L, -2))
        return luaL_error(L, "error loading module '%s' from file '%s':\n\t%s",
                          name, file, lua_tostring(L, -1));
      lua_pop(L, 1);
    }
    lua_pushstring(L, file);
    return 2;  /* the loader and its file */
  }
  return 0;
}

/*
** Put 'paa_searcher' in 'package.searchers', after the preload searcher
** and before Lua's: paa's own modules, then PAA_PATH's, come first, as
** when their folders were on 'package.path'.
*/
static void add_searcher(lua_State *L, int noenv) {
  int n, i;
  lua_getglobal(L, "package");
  push_paa_paths(L, noenv);
  if (lua_rawlen(L, -2) == 0 && lua_rawlen(L, -1) == 0) {  /* nowhere to look */
    lua_pop(L, 3);
    return;
  }
  lua_getfield(L, -3, "searchpath");
  lua_getfield(L, -4, "loadlib");
  lua_pushcclosure(L, paa_searcher, 4);  /* stack: package, searcher */
  lua_getfield(L, -2, "searchers");
  n = (int)lua_rawlen(L, -1);
  for (i = n; i >= 2; i--) {  /* make room at index 2 */
    lua_rawgeti(L, -1, i);
    lua_rawseti(L, -2, i + 1);
  }
  lua_pushvalue(L, -2);
  lua_rawseti(L, -2, 2);
  lua_pop(L, 3);
}

/*
** Call paa.script.find(name) (the one script search path). Pushes its
** result: the path, or nil.
*/
static int script_find(lua_State *L) {
  lua_getglobal(L, "require");
  lua_pushliteral(L, "paa.script");
  lua_call(L, 1, 1);
  lua_getfield(L, -1, "find");
  lua_pushvalue(L, 1);
  lua_call(L, 1, 1);
  return 1;
}

/*
** The file 'paa NAME' runs, pushed: NAME itself when it is a file, so that
** a script given by its path runs exactly as with the stock 'lua'; else
** the script paa.script.find finds on the search path; else NAME (whose
** error the loader tells). The modules the lookup loads are unloaded
** again: the script, -e, -l and the sandbox find 'package.loaded' as
** lua.c leaves it.
*/
static const char *find_script(lua_State *L, const char *name) {
  int loaded, before;
  if (is_file(name)) return lua_pushstring(L, name);
  lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  loaded = lua_gettop(L);
  lua_newtable(L);  /* the names loaded before the lookup */
  before = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, loaded)) {
    lua_pop(L, 1);
    lua_pushvalue(L, -1);
    lua_pushboolean(L, 1);
    lua_rawset(L, before);
  }
  lua_pushcfunction(L, script_find);
  lua_pushstring(L, name);
  if (lua_pcall(L, 1, 1, 0) != LUA_OK || lua_type(L, -1) != LUA_TSTRING) {
    lua_pop(L, 1);
    lua_pushstring(L, name);
  }
  lua_pushnil(L);
  while (lua_next(L, loaded)) {  /* clearing fields while traversing is allowed */
    lua_pop(L, 1);
    lua_pushvalue(L, -1);
    if (lua_rawget(L, before) == LUA_TNIL) {
      lua_pushvalue(L, -2);
      lua_pushnil(L);
      lua_rawset(L, loaded);
    }
    lua_pop(L, 1);
  }
  lua_replace(L, loaded);  /* the path, in place of the loaded table */
  lua_settop(L, loaded);
  return lua_tostring(L, -1);
}

/*
** Put every paa C module, and LPeg, in 'package.preload', as linit.c
** suggests for libraries linked into the host.
*/
static int luaopen_paa_host(lua_State *L);  /* see Workers */

static void preload(lua_State *L) {
  static const luaL_Reg mods[] = {
    {"paa.core", luaopen_paa_core},
    {"paa.corpus.core", luaopen_paa_corpus_core},
    {"paa.text", luaopen_paa_text},
    {"paa.lexicon.core", luaopen_paa_lexicon_core},
    {"paa.dedup.core", luaopen_paa_dedup_core},
    {"paa.store.core", luaopen_paa_store_core},
    {"paa.words.core", luaopen_paa_words_core},
    {"lpeg", luaopen_lpeg},
    {"paa.host", luaopen_paa_host},
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


/*
** Run the script at 'fname' (NULL: stdin) with the arguments of 'arg'.
*/
static int handle_script(lua_State *L, const char *fname) {
  int status;
  /* a sandboxed script is text: bytecode could break out of any sandbox */
  status = luaL_loadfilex(L, fname, paa_sandbox_enabled() ? "t" : NULL);
  if (status == LUA_OK) {
    int n = pushargs(L);  /* push arguments to script */
    status = docall(L, n, LUA_MULTRET);
  }
  return report(L, status);
}


/*
** {==================================================================
** Workers: a report's passes on several cores (paa -j N)
** ===================================================================
** paa.parallel runs a pass of a script on N worker Lua states, one a
** thread, as wrk runs a Lua state a thread: each worker runs the script
** file afresh, with the same arguments, and its job (a serialised table:
** which shard, the results of the passes before) in the registry; when
** the script reaches the pass, paa.parallel maps the worker's shard and
** hands the partial to 'host.finish', which ends the worker's script.
** Nothing else is shared: a worker has its own state and its own walk.
*/

#define PAA_JOB_KEY  "paa.job"       /* registry of a worker: its job */
#define PAA_WORKER_KEY  "paa.worker" /* registry of a worker: its 'worker' */

typedef struct worker {
  lua_State *L;          /* its state, made and closed by 'host.run' */
  int finished;          /* the worker handed its partial to 'host.finish' */
  char *err;             /* why it failed (malloc'd), or NULL */
  atomic_int done;       /* the thread is about to end */
  pthread_t thread;
} worker;

#define PAA_PARTIAL_KEY  "paa.partial"  /* registry of a worker: its partial */

/*
** Copy the plain value at index 'i' of 'from' onto the stack of 'to':
** nil, booleans, numbers (integers stay integers), strings, and tables
** of them without metatables, 64 deep at most; how a job goes to a
** worker and a partial comes back, between states of one process with
** no text between (a partial for another process is text: paa.parallel).
** Only 'to' allocates (and may raise); 'from' is read, its stack grown
** without raising. Returns 0, or -1 with a message in 'why' for what is
** not plain data (nothing is left pushed then).
*/
static int copy_value(lua_State *from, int i, lua_State *to, int depth, const char **why) {
  switch (lua_type(from, i)) {
    case LUA_TNIL: lua_pushnil(to); return 0;
    case LUA_TBOOLEAN: lua_pushboolean(to, lua_toboolean(from, i)); return 0;
    case LUA_TNUMBER:
      if (lua_isinteger(from, i)) lua_pushinteger(to, lua_tointeger(from, i));
      else lua_pushnumber(to, lua_tonumber(from, i));
      return 0;
    case LUA_TSTRING: {
      size_t n;
      const char *str = lua_tolstring(from, i, &n);
      lua_pushlstring(to, str, n);
      return 0;
    }
    case LUA_TTABLE:
      if (depth >= 64) { *why = "tables nested more than 64 deep (a cycle?)"; return -1; }
      if (lua_getmetatable(from, i)) { lua_pop(from, 1); *why = "a table with a metatable"; return -1; }
      if (!lua_checkstack(from, 3)) { *why = "not enough memory"; return -1; }
      luaL_checkstack(to, 4, "not enough memory");
      i = lua_absindex(from, i);
      lua_newtable(to);
      lua_pushnil(from);
      while (lua_next(from, i)) {
        if (copy_value(from, -2, to, depth + 1, why) < 0) { lua_pop(from, 2); lua_pop(to, 1); return -1; }
        if (copy_value(from, -1, to, depth + 1, why) < 0) { lua_pop(from, 2); lua_pop(to, 2); return -1; }
        lua_rawset(to, -3);
        lua_pop(from, 1);
      }
      return 0;
    default:
      *why = lua_typename(from, lua_type(from, i));  /* "function", "userdata", ... */
      return -1;
  }
}

/* what the workers of the running pass have mapped ('host.tick') */
static atomic_ullong tick_docs, tick_bytes;

static char **run_argv = NULL;   /* the command line, as 'pmain' got it */
static int run_argc = 0, run_script = 0, run_noenv = 0;
static const char *run_fname = NULL;  /* the script file being run, or NULL */

static char *dupmem(const char *s, size_t n) {
  char *p = (char *)malloc(n + 1);
  if (p) { memcpy(p, s, n); p[n] = '\0'; }
  return p;
}

/* host.finish(partial): a worker's result; ends its script */
static int host_finish(lua_State *L) {
  worker *wk;
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_getfield(L, LUA_REGISTRYINDEX, PAA_WORKER_KEY);
  wk = (worker *)lua_touserdata(L, -1);
  if (wk == NULL) return luaL_error(L, "paa.host: finish is for workers");
  lua_pushvalue(L, 1);  /* kept until 'host.run' copies it */
  lua_setfield(L, LUA_REGISTRYINDEX, PAA_PARTIAL_KEY);
  wk->finished = 1;
  lua_pushliteral(L, "paa.host: the worker is done");
  return lua_error(L);
}

/* host.tick(bytes): a worker mapped a document of 'bytes' bytes */
static int host_tick(lua_State *L) {
  atomic_fetch_add(&tick_docs, 1);
  atomic_fetch_add(&tick_bytes, (unsigned long long)luaL_optinteger(L, 1, 0));
  return 0;
}

/* os.exit in a worker would end the whole run: an error ends the worker */
static int worker_exit(lua_State *L) {
  return luaL_error(L, "os.exit in a worker (status %d)", (int)luaL_optinteger(L, 1, 0));
}

static void preload(lua_State *L);
static void add_searcher(lua_State *L, int noenv);
static int msghandler(lua_State *L);
static void createargtable(lua_State *L, char **argv, int argc, int script);
static int pushargs(lua_State *L);

/* A worker's body, in protected mode: the script, with its job */
static int worker_pmain(lua_State *L) {
  worker *wk = (worker *)lua_touserdata(L, 1);
  int n;
  luaL_openlibs(L);
  preload(L);
  add_searcher(L, run_noenv);
  lua_getglobal(L, "print");
  lua_setfield(L, LUA_REGISTRYINDEX, PAA_PRINT_KEY);
  lua_pushlightuserdata(L, wk);
  lua_setfield(L, LUA_REGISTRYINDEX, PAA_WORKER_KEY);
  if (dbfile) {  /* paa.core.db(): the script sees the run's store (paa.open does not ingest) */
    lua_pushstring(L, dbfile);
    lua_setfield(L, LUA_REGISTRYINDEX, PAA_DB_KEY);
  }
  lua_getglobal(L, "os");
  lua_pushcfunction(L, worker_exit);
  lua_setfield(L, -2, "exit");
  lua_pop(L, 1);
  createargtable(L, run_argv, run_argc, run_script);
  lua_gc(L, LUA_GCGEN, 0, 0);
  lua_pushcfunction(L, msghandler);
  if (luaL_loadfilex(L, run_fname, NULL) != LUA_OK) return lua_error(L);
  n = pushargs(L);
  if (lua_pcall(L, n, 0, -(n + 2)) != LUA_OK && !wk->finished) return lua_error(L);
  if (!wk->finished)
    return luaL_error(L, "%s ended without reaching the pass", run_fname);
  return 0;
}

/* A worker's thread: its state (made, its job in it, by 'host.run') runs
** the script; the state stays open for 'host.run' to take the partial */
static void *worker_main(void *ud) {
  worker *wk = (worker *)ud;
  lua_State *L = wk->L;
  lua_pushcfunction(L, worker_pmain);
  lua_pushlightuserdata(L, wk);
  if (lua_pcall(L, 1, 0, 0) != LUA_OK && !wk->finished) {
    size_t n;
    const char *msg = lua_tolstring(L, -1, &n);
    if (msg == NULL) msg = "(error object is not a string)", n = strlen(msg);
    wk->err = dupmem(msg, n);
  }
  lua_settop(L, 0);
  atomic_store(&wk->done, 1);
  return NULL;
}

static double seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
** While the workers run, a progress line on stderr when it is a
** terminal (else nothing: the caller joins the threads), four times a
** second: documents (of 'total' when known, with
** the time left), megabytes and their rate. Erased at the end, so the
** report and the messages of the pass (printed after it) start clean.
*/
static void watch(worker *wk, int n, long long total) {
  double t0 = seconds(), drawn = 0;
  int shown = 0, tty = isatty(2);
  if (!tty) return;  /* nothing to draw: the caller just waits */
  for (;;) {
    struct timespec pause = {0, 10000000L};  /* 10 ms: a short pass ends soon after */
    int i, running = 0;
    for (i = 0; i < n; i++) running += !atomic_load(&wk[i].done);
    if (running == 0) break;
    nanosleep(&pause, NULL);
    if (seconds() - t0 - drawn >= 0.25) {  /* four lines a second */
      unsigned long long d = atomic_load(&tick_docs);
      double t = seconds() - t0, mb = (double)atomic_load(&tick_bytes) / 1e6;
      char left[48] = "";
      drawn = t;
      if (total > 0 && d > 0 && d < (unsigned long long)total)
        snprintf(left, sizeof left, " of %lld, %.0f s left", total, t * ((double)total / d - 1));
      fprintf(stderr, "\rpaa: %d workers: %llu documents%s, %.1f MB, %.1f MB/s \033[K", n, d, left,
              mb, t > 0 ? mb / t : 0.0);
      fflush(stderr);
      shown = 1;
    }
  }
  if (shown) fputs("\r\033[K", stderr);
}

/* the workers of a 'host.run', released however it ends (__gc, __close) */
#define PAA_WORKERS_MT  "paa.Workers"

typedef struct workers {
  worker *wk;            /* 'n' of them (owned), or NULL */
  int n;
} workers;

static int workers_release(lua_State *L) {
  workers *w = (workers *)luaL_checkudata(L, 1, PAA_WORKERS_MT);
  int i;
  for (i = 0; w->wk && i < w->n; i++) {
    if (w->wk[i].L) lua_close(w->wk[i].L);
    free(w->wk[i].err);
  }
  free(w->wk);
  w->wk = NULL;
  return 0;
}

/*
** host.run(jobs [, total]) -> partials, errors: each job (a table of
** plain data, copied into a new state) run by a worker on a thread of its
** own, all at once; partials[i] is the table job i's worker handed to
** 'host.finish' (copied back), or false and errors[i] says why. 'total',
** the documents the workers will map when known, gives the progress
** line its time left.
*/
static int host_run(lua_State *L) {
  int n, i, started = 0;
  long long total = (long long)luaL_optinteger(L, 2, 0);
  workers *w;
  worker *wk;
  const char *why = NULL;
  luaL_checktype(L, 1, LUA_TTABLE);
  if (run_fname == NULL) return luaL_error(L, "paa.host: no script file to run on workers");
  n = (int)luaL_len(L, 1);
  luaL_argcheck(L, n >= 1 && n <= 256, 1, "from 1 to 256 jobs");
  lua_settop(L, 2);
  w = (workers *)lua_newuserdatauv(L, sizeof *w, 0);  /* 3 */
  w->wk = NULL;
  w->n = n;
  if (luaL_newmetatable(L, PAA_WORKERS_MT)) {
    lua_pushcfunction(L, workers_release);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, workers_release);
    lua_setfield(L, -2, "__close");
  }
  lua_setmetatable(L, 3);
  lua_toclose(L, 3);  /* the states are closed when this returns, or raises */
  if ((w->wk = wk = (worker *)calloc((size_t)n, sizeof *wk)) == NULL)
    return luaL_error(L, "not enough memory");
  for (i = 0; i < n; i++) {
    if ((wk[i].L = luaL_newstate()) == NULL) return luaL_error(L, "not enough memory");
    lua_rawgeti(L, 1, i + 1);
    if (copy_value(L, -1, wk[i].L, 0, &why) < 0)
      return luaL_error(L, "paa.host: job %d holds a %s", i + 1, why);
    lua_setfield(wk[i].L, LUA_REGISTRYINDEX, PAA_JOB_KEY);
    lua_pop(L, 1);
  }
  atomic_store(&tick_docs, 0);
  atomic_store(&tick_bytes, 0);
  for (i = 0; i < n; i++, started++)
    if (pthread_create(&wk[i].thread, NULL, worker_main, &wk[i]) != 0) break;
  watch(wk, started, total);
  for (i = 0; i < started; i++) pthread_join(wk[i].thread, NULL);
  lua_createtable(L, n, 0);  /* 4: partials */
  lua_createtable(L, n, 0);  /* 5: errors */
  for (i = 0; i < n; i++) {
    if (i < started && wk[i].finished) {
      lua_getfield(wk[i].L, LUA_REGISTRYINDEX, PAA_PARTIAL_KEY);
      if (copy_value(wk[i].L, -1, L, 0, &why) == 0) {
        lua_rawseti(L, 4, i + 1);
        lua_close(wk[i].L);  /* its memory goes before the next is copied */
        wk[i].L = NULL;
        continue;
      }
      lua_pushfstring(L, "its partial holds a %s", why);
    }
    else if (i >= started) lua_pushliteral(L, "cannot start a thread");
    else lua_pushstring(L, wk[i].err ? wk[i].err : "failed");
    lua_rawseti(L, 5, i + 1);
    lua_pushboolean(L, 0);
    lua_rawseti(L, 4, i + 1);
  }
  return 2;
}

/* the number of cores online */
static long cores(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > 256 ? 256 : n;
}

/*
** host.info() -> { jobs, job, map, merge, context, into, partials,
** script }: what the command line and the host say of this run ('script':
** the file workers would run).
*/
static int host_info(lua_State *L) {
  int i, worker_state;
  lua_createtable(L, 0, 8);
  worker_state = lua_getfield(L, LUA_REGISTRYINDEX, PAA_JOB_KEY) == LUA_TTABLE;
  lua_setfield(L, -2, "job");
  if (worker_state) return 1;  /* a worker runs its job, and nothing else */
  lua_pushinteger(L, run_fname == NULL || paa_sandbox_enabled() ? 1 : jobs > 0 ? jobs : cores());
  lua_setfield(L, -2, "jobs");
  if (run_fname) { lua_pushstring(L, run_fname); lua_setfield(L, -2, "script"); }
  if (map_shard) { lua_pushstring(L, map_shard); lua_setfield(L, -2, "map"); }
  lua_pushboolean(L, merge_mode);
  lua_setfield(L, -2, "merge");
  if (context_file) { lua_pushstring(L, context_file); lua_setfield(L, -2, "context"); }
  if (out_file) { lua_pushstring(L, out_file); lua_setfield(L, -2, "into"); }
  lua_createtable(L, npartials, 0);
  for (i = 0; i < npartials; i++) {
    lua_pushstring(L, partial_files[i]);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "partials");
  return 1;
}

static int luaopen_paa_host(lua_State *L) {
  static const luaL_Reg funcs[] = {
    {"info", host_info},
    {"run", host_run},
    {"finish", host_finish},
    {"tick", host_tick},
    {NULL, NULL}
  };
  luaL_newlib(L, funcs);
  return 1;
}

/* }================================================================== */


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
/*
** The value of the long option 'name' at argv[*i] ('--name VALUE' or
** '--name=VALUE') in '*v': 1 when argv[*i] is that option (with '*i'
** moved past its value), 0 when not, -1 when the value is missing.
*/
static int valued_option(char **argv, int *i, const char *name, const char **v) {
  const char *a = argv[*i];
  size_t n = strlen(name);
  if (strncmp(a, name, n) != 0 || (a[n] != '\0' && a[n] != '=')) return 0;
  *v = a[n] == '=' ? a + n + 1 : argv[*i + 1];
  if (*v == NULL || **v == '\0') return -1;
  if (a[n] == '\0') ++*i;
  return 1;
}

/* --map, --merge, --context, --out, --partial (see print_help) */
static int cluster_option(char **argv, int *i) {
  const char *v = NULL;
  int r;
  if (strcmp(argv[*i], "--merge") == 0) { merge_mode = 1; return 1; }
  if ((r = valued_option(argv, i, "--map", &map_shard)) != 0
      || (r = valued_option(argv, i, "--context", &context_file)) != 0
      || (r = valued_option(argv, i, "--into", &out_file)) != 0)
    ;
  else if ((r = valued_option(argv, i, "--partial", &v)) == 1) {
    const char **p;
    int k;
    for (k = 0; k < npartials; k++)  /* 'runargs' steps over the options again */
      if (partial_files[k] == v) return 1;
    p = (const char **)realloc(partial_files, (npartials + 1) * sizeof *p);
    if (p == NULL) { usage_why = "not enough memory"; return -1; }
    partial_files = p;
    partial_files[npartials++] = v;
  }
  if (r < 0) usage_why = "'--map', '--context', '--into' and '--partial' need a value";
  return r;
}

static int long_option(char **argv, int *i, int *args) {
  const char *a = argv[*i];
  int r;
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
  if ((r = cluster_option(argv, i)) != 0) return r;
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
      progname = argv[0];  /* save it, as lua.c does */
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
      case 'i':  /* (unlike lua.c, -i does not imply -v: the session's */
        if (argv[i][2] != '\0')  /* banner shows the versions, once) */
          return has_error;  /* invalid option */
        args |= has_i;
        break;
      case 'v':
        if (argv[i][2] != '\0')  /* extra characters? */
          return has_error;  /* invalid option */
        args |= has_v;
        break;
      case 'j': {  /* -j N: cores for a report's passes */
        const char *v = argv[i][2] != '\0' ? argv[i] + 2 : argv[++i];
        char *end = NULL;
        jobs = v ? strtol(v, &end, 10) : 0;
        if (v == NULL || *v == '\0' || *end != '\0' || jobs < 1 || jobs > 256) {
          usage_why = "'-j' needs a number of cores, from 1 to 256";
          return has_error;
        }
        break;
      }
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
      case 'j':  /* taken by 'collectargs': skip its value */
        if (argv[i][2] == '\0') i++;
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

/*
** Message handler of the lines typed in the REPL: the message and its
** traceback go to paa.repl.explain, which says a user's mistake in one
** line ("no function 'kwc'; did you mean kwic?") and shows the
** traceback only after debug(true); without paa.repl, lua.c's message.
*/
static int repl_msghandler(lua_State *L) {
  msghandler(L);  /* the message and its traceback, on top */
  if (lua_type(L, 1) != LUA_TSTRING) return 1;  /* an error object: as lua.c */
  if (repl_fn(L, "explain")) {
    lua_pushvalue(L, 1);  /* the error */
    lua_pushvalue(L, -3);  /* the traceback */
    if (lua_pcall(L, 2, 1, 0) == LUA_OK && lua_type(L, -1) == LUA_TSTRING)
      return 1;
  }
  lua_pop(L, 1);  /* the failure of paa.repl.explain, or nil */
  return 1;  /* the traceback */
}

/* Whether the command 'name' is in a folder of PATH. */
static int on_path(const char *name) {
  const char *path = getenv("PATH");
  char buf[PATH_MAX];
  while (path != NULL && *path != '\0') {
    const char *end = strchr(path, ':');
    size_t n = end ? (size_t)(end - path) : strlen(path);
    if (n > 0 && n + strlen(name) + 2 <= sizeof(buf)) {
      memcpy(buf, path, n);
      buf[n] = '/';
      strcpy(buf + n + 1, name);
      if (access(buf, X_OK) == 0) return 1;
    }
    path = end ? end + 1 : NULL;
  }
  return 0;
}

/*
** Write what the REPL shows: through the pager ($PAGER, else "less -R"
** when it is on the PATH; PAGER="" for none) when the text has more
** lines than the terminal and both ends of the session are a terminal;
** else (and when the pager cannot be run) as lua.c writes.
*/
static void page_out(const char *s, size_t len) {
  struct winsize ws;
  const char *pager = getenv("PAGER");
  size_t lines = 1, i;
  for (i = 0; i < len; i++) lines += s[i] == '\n';
  if (pager == NULL) pager = on_path("less") ? "less -R" : "";
  if (*pager != '\0' && !paa_sandbox_enabled() && isatty(0) && isatty(1) &&
      ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && lines >= ws.ws_row) {
    FILE *f;
    void (*old_int)(int) = signal(SIGINT, SIG_IGN);  /* the pager's, not ours */
    void (*old_pipe)(int) = signal(SIGPIPE, SIG_IGN);  /* quit before the end */
    fflush(stdout);
    f = popen(pager, "w");
    if (f != NULL) {
      int st;
      fwrite(s, 1, len, f);
      fputc('\n', f);
      st = pclose(f);
      if (st != -1 && !(WIFEXITED(st) && WEXITSTATUS(st) == 127)) {  /* 127: no such command */
        signal(SIGINT, old_int);
        signal(SIGPIPE, old_pipe);
        return;
      }
    }
    signal(SIGINT, old_int);
    signal(SIGPIPE, old_pipe);
  }
  lua_writestring(s, len);
  lua_writeline();
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
** (tables as sorted, truncated views; records as aligned tables) while
** the global 'print' is still Lua's own; through the global 'print', as
** lua.c does, when the user has replaced it (or paa.repl is missing).
*/
static void l_print(lua_State *L) {
  int n = lua_gettop(L);
  if (n > 0) {  /* any result to be printed? */
    int own;
    luaL_checkstack(L, LUA_MINSTACK, "too many results to print");
    lua_getglobal(L, "print");
    lua_getfield(L, LUA_REGISTRYINDEX, PAA_PRINT_KEY);
    own = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    if (own && repl_fn(L, "show")) {
      lua_insert(L, 1);
      if (lua_pcall(L, n, 1, 0) == LUA_OK) {
        size_t len;
        const char *s = lua_tolstring(L, -1, &len);
        if (s && len > 0) page_out(s, len);
        lua_pop(L, 1);
        return;
      }
      l_message(progname, lua_pushfstring(L, "error showing the result (%s)",
                                             lua_tostring(L, -1)));
      return;
    }
    if (own) lua_pop(L, 1);  /* the nil of 'repl_fn' */
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
      status = docall_with(L, 0, LUA_MULTRET, repl_msghandler);
    if (status == LUA_OK) l_print(L);
    else report(L, status);
  }
  lua_settop(L, 0);  /* clear stack */
  lua_writeline();
  repl_end();
  progname = oldprogname;
}

/* }================================================================== */


/*
** At exit, ask paa.inputs (when the run loaded it: else nothing was
** skipped) to name the skipped inputs no pass told of; it returns how
** many inputs the run skipped, which decides the exit status. What it
** pushes stays on the stack.
*/
static lua_Integer finish_inputs(lua_State *L) {
  lua_Integer n = 0;
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  if (lua_getfield(L, -1, "paa.inputs") == LUA_TTABLE
      && lua_getfield(L, -1, "finish") == LUA_TFUNCTION) {
    lua_call(L, 0, 1);
    n = lua_tointeger(L, -1);
  }
  return n;
}

/*
** Main body of the host (called in protected mode). Leaves the exit
** status (an integer) on the stack.
**
** What a first non-option argument NAME means: a file is the script, run
** as the stock 'lua' runs it, whatever its name; otherwise a script that
** paa.script.find finds for NAME on the search path ('paa deals'); otherwise
** a folder opens the interactive session on the corpus the arguments name
** ('paa corpus/'); otherwise NAME is run, and fails as with 'lua'.
*/
static int pmain(lua_State *L) {
  int argc = (int)lua_tointeger(L, 1);
  char **argv = (char **)lua_touserdata(L, 2);
  int script;
  int args = collectargs(argv, &script);
  int optlim = (script > 0) ? script : argc; /* first argv not an option */
  const char *fname = NULL;  /* the script's file; NULL: stdin */
  int corpus = 0;  /* 'paa FOLDER...': a session on that corpus */
  luaL_checkversion(L);  /* check that interpreter has correct version */
  if (args == has_error) {  /* bad arg? */
    print_usage(argv[script]);  /* 'script' has index of bad arg. */
    lua_pushinteger(L, EXIT_USAGE);
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
  add_searcher(L, args & has_E);  /* paa's modules, off 'package.path' */
  lua_getglobal(L, "print");  /* the REPL shows results while it is 'print' */
  lua_setfield(L, LUA_REGISTRYINDEX, PAA_PRINT_KEY);
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
  createargtable(L, argv, argc, script);  /* create table 'arg' */
  lua_gc(L, LUA_GCGEN, 0, 0);  /* GC in generational mode */
  if (script > 0 && (strcmp(argv[script], "-") != 0 || strcmp(argv[script - 1], "--") == 0)) {
    fname = find_script(L, argv[script]);  /* pushed: stays under what follows */
    corpus = strcmp(fname, argv[script]) == 0 && is_dir(fname);
    if (!corpus) {  /* what workers run (see Workers) */
      run_argv = argv;
      run_argc = argc;
      run_script = script;
      run_noenv = (args & has_E) != 0;
      run_fname = fname;
    }
  }
  else
    lua_pushnil(L);
  lua_pushinteger(L, EXIT_FAILURE);  /* until proven otherwise */
  if (paa_sandbox_wanted()) {  /* --sandbox, PAA_SANDBOX, --max-memory, --timeout */
    lua_pushvalue(L, -2);  /* the script's path (nil: none) */
    if (report(L, paa_sandbox_start(L, script > 0 ? argv + script + 1 : NULL,
                                     (args & has_i) || corpus)) != LUA_OK) {
      lua_pushinteger(L, EXIT_USAGE);  /* options that cannot be honoured */
      return 1;
    }
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
  if (corpus) {  /* paa corpus/: explore it */
    repl_start(L, argv + script, argc - script);
    doREPL(L);
  }
  else {
    if (script > 0) {  /* execute main script (if there is one) */
      if (handle_script(L, fname) != LUA_OK)
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
  if (!in_session) {  /* some inputs were skipped: say how many */
    lua_Integer n = finish_inputs(L);
    if (n > 0) {
      lua_writestringerror("paa: %s\n", lua_pushfstring(L,
          "%I input%s skipped (see the warnings above)", n, n == 1 ? "" : "s"));
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
