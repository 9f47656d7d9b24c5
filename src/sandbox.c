/*
** sandbox.c
** The host's sandbox, 'paa --sandbox SCRIPT' (or PAA_SANDBOX=1): runs a
** script from someone else with a memory cap, a time budget, and only
** the reads and writes its command line allows. This file holds what
** must be C: the options, an allocator that counts what Lua holds and
** refuses to go past the cap (what the C engines hold counted in, and
** their own growth refused past it too), a count hook that watches a monotonic
** clock (with an alarm behind it for C code and finalizers, which hooks
** do not reach), and a 'realpath' for Lua. The restricted environment
** itself is built in Lua by paa.sandbox (lua/paa/sandbox.lua).
** '--max-memory' and '--timeout' also work without '--sandbox'.
*/

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lua.h"
#include "lauxlib.h"
#include <sqlite3.h>

#include "lpaa.h"
#include "paa.h"

#define SB_HOOK_COUNT  10000          /* instructions between two clock checks */
#define SB_DEFAULT_MEMORY  ((size_t)1 << 30)  /* --sandbox alone: 1 GB */
#define SB_GRACE  1.0                 /* seconds the hook gets before the alarm ends all */
#define SB_MAX_TIMEOUT  1e8           /* seconds (three years): more is a typo */

/*
** The host's one sandbox: options first, then the state of a run. The
** host has one Lua state, so this is a file-level static (as 'globalL'
** is in main.c); nothing here is reentrant, nothing needs to be.
*/
typedef struct Sandbox {
  int on;                  /* --sandbox given, or PAA_SANDBOX set */
  const char *out;         /* --out folder as given (points into argv), or NULL */
  size_t max_memory;       /* cap in bytes; 0: none */
  int memory_given;        /* --max-memory was given (0 included) */
  double timeout;          /* budget in seconds; 0: none */
  char why[200];           /* why an option was refused; "" when none was */
  lua_Alloc alloc;         /* the state's own allocator, which does the work */
  void *alloc_ud;          /* its user data */
  atomic_size_t used;      /* bytes Lua holds now (the engines' are paa_memory()); */
                           /* written by the main thread, read by engine threads too */
  int pending;             /* a growth was refused and not yet tried again: */
  const void *refused;     /* ... its block, ... */
  size_t refused_osize;    /* ... its old size (or type tag) ... */
  size_t refused_nsize;    /* ... and the size asked for */
  int memory_hit;          /* a refusal became an error: the cap stopped the run */
  atomic_int engine_hit;   /* the same, for an engine (any thread) */
  struct timespec deadline;  /* CLOCK_MONOTONIC time the budget ends */
  int timed_out;           /* the hook saw the deadline pass */
  int told;                /* the limit message was printed */
  int store_hit;           /* a store limit stopped the script (paa.sandbox said so) */
  char store_msg[160];     /* ... what it reached */
  lua_State *L;            /* the host's state, kept reachable: a stopped run is not closed */
  char time_msg[80];       /* the error the hook raises */
  char alarm_msg[128];     /* what the alarm writes (formatted beforehand) */
  size_t alarm_len;
} Sandbox;

static Sandbox sb;


/*
** {==================================================================
** Options
** ===================================================================
*/

/*
** A size: a number (decimals allowed) with an optional K, M or G (powers
** of 1024, "B" after them optional, any case). Returns 0 on success.
*/
static int parse_size(const char *s, size_t *out) {
  char *end;
  double v, scale = 1;
  errno = 0;
  v = strtod(s, &end);
  if (end == s || errno != 0 || !(v >= 0) || !isfinite(v)) return -1;
  switch (*end) {
    case 'k': case 'K': scale = 1024.0; end++; break;
    case 'm': case 'M': scale = 1024.0 * 1024; end++; break;
    case 'g': case 'G': scale = 1024.0 * 1024 * 1024; end++; break;
    default: break;
  }
  if ((*end == 'b' || *end == 'B') && (scale > 1 || end[1] == '\0')) end++;
  if (*end != '\0') return -1;
  v *= scale;
  if (v >= (double)SIZE_MAX / 2) return -1;
  *out = (size_t)v;
  return 0;
}

/*
** Is 'argv[*i]' one of the sandbox's options? Returns 1 when it is (and
** takes its value, '--opt VALUE' or '--opt=VALUE', moving '*i' past it),
** 0 when it is not, -1 when its value is missing or wrong
** ('paa_sandbox_error' says why).
*/
int paa_sandbox_option(char **argv, int *i) {
  static const char *const names[] = {"--out", "--max-memory", "--timeout", NULL};
  const char *a = argv[*i], *v = NULL;
  int k;
  size_t n;
  sb.why[0] = '\0';
  if (strcmp(a, "--sandbox") == 0) { sb.on = 1; return 1; }
  for (k = 0; names[k]; k++) {
    n = strlen(names[k]);
    if (strncmp(a, names[k], n) == 0 && (a[n] == '\0' || a[n] == '=')) break;
  }
  if (names[k] == NULL) return 0;
  if (a[n] == '=') v = a + n + 1;
  else if (argv[*i + 1] != NULL && argv[*i + 1][0] != '-') v = argv[++*i];
  if (v == NULL || *v == '\0') {
    snprintf(sb.why, sizeof sb.why, "'%s' needs %s", names[k],
             k == 0 ? "a folder" : k == 1 ? "a size (e.g. 512M, 2G)" : "a number of seconds");
    return -1;
  }
  switch (k) {
    case 0:
      sb.out = v;
      break;
    case 1:
      if (parse_size(v, &sb.max_memory) != 0) {
        snprintf(sb.why, sizeof sb.why, "--max-memory: '%.60s' is not a size "
                 "(a number of bytes, or with K, M or G: 512M, 2G; 0 for no cap)", v);
        return -1;
      }
      sb.memory_given = 1;
      break;
    default: {
      char *end;
      double t;
      errno = 0;
      t = strtod(v, &end);
      if (end == v || *end != '\0' || errno != 0 || !(t >= 0) || t > SB_MAX_TIMEOUT) {
        snprintf(sb.why, sizeof sb.why, "--timeout: '%.60s' is not a number of seconds "
                 "(decimals allowed; 0 for none)", v);
        return -1;
      }
      sb.timeout = t;
      break;
    }
  }
  return 1;
}

/* Why the last option was refused, or NULL */
const char *paa_sandbox_error(void) {
  return sb.why[0] ? sb.why : NULL;
}

/*
** Whether the sandbox is on: '--sandbox', or PAA_SANDBOX set to anything
** but "" and "0". The variable is honoured even with -E: it only ever
** takes rights away.
*/
int paa_sandbox_enabled(void) {
  const char *e = getenv("PAA_SANDBOX");
  if (e && *e && strcmp(e, "0") != 0) sb.on = 1;
  return sb.on;
}

/* Whether the host must call 'paa_sandbox_start': a sandbox or a limit */
int paa_sandbox_wanted(void) {
  return paa_sandbox_enabled() || sb.out || sb.memory_given || sb.timeout > 0;
}

/* }================================================================== */


/*
** {==================================================================
** Memory
** ===================================================================
*/

/* Only the main thread writes the count; relaxed order is all it needs */
static size_t lua_used(void) {
  return atomic_load_explicit(&sb.used, memory_order_relaxed);
}

static void set_lua_used(size_t n) {
  atomic_store_explicit(&sb.used, n, memory_order_relaxed);
}

static int engine_hit(void) {
  return atomic_load_explicit(&sb.engine_hit, memory_order_relaxed);
}

/*
** Would 'more' bytes on top of 'held' pass the cap? What counts is what
** Lua holds and what the C engines hold (an LSH index, a lexicon, a
** boilerplate model): both grow with the input.
*/
static int over_cap(size_t held, size_t more) {
  return sb.max_memory > 0 &&
         (held > sb.max_memory || more > sb.max_memory - held);
}

/*
** The engines' budget (memory.c asks it before they grow). An engine
** does not try again after a collection as Lua does: a refusal fails
** the call with "not enough memory", so the cap has stopped the run.
*/
static int sb_engine_check(size_t held, size_t more) {
  if (!over_cap(lua_used() + held, more)) return 1;
  atomic_store_explicit(&sb.engine_hit, 1, memory_order_relaxed);
  return 0;
}

/*
** The allocator: the state's own one (lauxlib's realloc/free) with a
** count of the bytes in use, refusing a growth past the cap.
** A refused growth is not always an error: Lua then collects all
** garbage and asks again (lmem.c 'tryagain'), with only frees and
** shrinks in between, and the second try may fit. So a refusal is kept
** pending: the same growth going through recovers it; the same growth
** refused again, any other growth, or the end of the run with one
** pending means the error was raised (by Lua, or by lauxlib's buffers,
** which do not try again) and the cap has stopped the run.
*/
static void *sb_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  size_t old = ptr ? osize : 0;  /* with no block, 'osize' is a type tag */
  int again;
  void *p;
  (void)ud;
  if (nsize <= old) {  /* free or shrink: never refused */
    p = sb.alloc(sb.alloc_ud, ptr, osize, nsize);
    if (p != NULL || nsize == 0) set_lua_used(lua_used() - old + nsize);
    return p;
  }
  again = sb.pending && sb.refused == ptr && sb.refused_osize == osize &&
          sb.refused_nsize == nsize;
  if (sb.pending && !again) sb.memory_hit = 1;  /* that one was not tried again */
  sb.pending = 0;
  if (over_cap(lua_used() + paa_memory(), nsize - old)) {
    if (again) sb.memory_hit = 1;  /* refused after a full collection */
    else {
      sb.pending = 1;
      sb.refused = ptr;
      sb.refused_osize = osize;
      sb.refused_nsize = nsize;
    }
    return NULL;
  }
  p = sb.alloc(sb.alloc_ud, ptr, osize, nsize);
  if (p != NULL) set_lua_used(lua_used() - old + nsize);
  return p;
}

/*
** A new state for the host, as luaL_newstate makes it (panic and warning
** functions included), but with the counting allocator in front of its
** own. The bytes the state already holds are counted in.
*/
lua_State *paa_sandbox_newstate(void) {
  lua_State *L = luaL_newstate();
  if (L == NULL) return NULL;
  sb.alloc = lua_getallocf(L, &sb.alloc_ud);
  set_lua_used((size_t)lua_gc(L, LUA_GCCOUNT, 0) * 1024 + (size_t)lua_gc(L, LUA_GCCOUNTB, 0));
  lua_setallocf(L, sb_alloc, NULL);
  sb.L = L;
  return L;
}

/* }================================================================== */


/*
** {==================================================================
** Time
** ===================================================================
*/

static int past_deadline(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec > sb.deadline.tv_sec ||
         (now.tv_sec == sb.deadline.tv_sec && now.tv_nsec >= sb.deadline.tv_nsec);
}

/*
** Count hook, every SB_HOOK_COUNT instructions: past the deadline, raise.
** A 'pcall' in the script may catch that error, so from then on the hook
** runs at every instruction (of this thread, of the main one, and of
** any other at its next check) and raises again: no Lua code of the
** script runs any more, and the error reaches the host. (Coroutines get
** the hook of the thread that creates them.)
*/
static void sb_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  if (sb.timed_out || past_deadline()) {
    if (!sb.timed_out) {
      sb.timed_out = 1;
      if (L != sb.L)  /* in a coroutine: the main thread must stop at once too */
        lua_sethook(sb.L, sb_hook, LUA_MASKCOUNT, 1);
    }
    lua_sethook(L, sb_hook, LUA_MASKCOUNT, 1);
    luaL_error(L, "%s", sb.time_msg);
  }
}

/*
** Backstop: hooks do not run inside C functions (a regex over a huge
** string, a long walk) nor in finalizers, so an alarm SB_GRACE seconds
** after the deadline ends the process. Only async-signal-safe calls here.
*/
static void sb_alarm(int sig) {
  ssize_t r;
  (void)sig;
  r = write(STDERR_FILENO, sb.alarm_msg, sb.alarm_len);
  (void)r;
  _exit(PAA_SANDBOX_EXIT);
}

/* "64 MB", "1 GB", "1500 bytes" */
static void format_size(char *buf, size_t len, size_t n) {
  if (n >= ((size_t)1 << 30) && n % ((size_t)1 << 30) == 0)
    snprintf(buf, len, "%zu GB", n >> 30);
  else if (n >= ((size_t)1 << 20) && n % ((size_t)1 << 20) == 0)
    snprintf(buf, len, "%zu MB", n >> 20);
  else if (n >= 1024 && n % 1024 == 0)
    snprintf(buf, len, "%zu KB", n >> 10);
  else
    snprintf(buf, len, "%zu bytes", n);
}

/*
** The one line that says a limit stopped the run, printed once, from C
** with no allocation (memory may be exhausted).
*/
static void tell(void) {
  if (sb.told) return;
  sb.told = 1;
  if (sb.timed_out)
    fprintf(stderr, "paa: sandbox: time limit of %g s reached\n", sb.timeout);
  else if (sb.store_hit && !(sb.memory_hit || engine_hit() || sb.pending))
    fprintf(stderr, "paa: sandbox: %s\n", sb.store_msg);
  else {
    char size[48];
    format_size(size, sizeof size, sb.max_memory);
    fprintf(stderr, "paa: sandbox: memory limit of %s reached\n", size);
  }
  fflush(stderr);
}

/*
** A script may end the process itself (os.exit, from a handler that
** caught "not enough memory"): the status must still say that a limit
** stopped it.
*/
static void sb_atexit(void) {
  if (sb.memory_hit || engine_hit() || sb.pending || sb.timed_out || sb.store_hit) {
    tell();
    fflush(NULL);
    _exit(PAA_SANDBOX_EXIT);
  }
}

static void start_limits(lua_State *L) {
  if (sb.on && !sb.memory_given) sb.max_memory = SB_DEFAULT_MEMORY;
  if (sb.max_memory > 0 || sb.timeout > 0) atexit(sb_atexit);
  if (sb.max_memory > 0) {
    paa_set_memory_check(sb_engine_check);
    /* SQLite's own heap (stores in memory, temporary tables, caches)
       is not counted above: it is held to the cap by SQLite */
    sqlite3_hard_heap_limit64((sqlite3_int64)sb.max_memory);
  }
  if (sb.timeout > 0) {
    struct itimerval it;
    struct sigaction sa;
    double whole, frac = modf(sb.timeout, &whole), back = sb.timeout + SB_GRACE;
    clock_gettime(CLOCK_MONOTONIC, &sb.deadline);
    sb.deadline.tv_sec += (time_t)whole;
    sb.deadline.tv_nsec += (long)(frac * 1e9);
    if (sb.deadline.tv_nsec >= 1000000000L) {
      sb.deadline.tv_sec++;
      sb.deadline.tv_nsec -= 1000000000L;
    }
    snprintf(sb.time_msg, sizeof sb.time_msg, "paa.sandbox: time limit of %g s reached", sb.timeout);
    lua_sethook(L, sb_hook, LUA_MASKCOUNT, SB_HOOK_COUNT);
    snprintf(sb.alarm_msg, sizeof sb.alarm_msg,
             "paa: sandbox: time limit of %g s reached\n", sb.timeout);
    sb.alarm_len = strlen(sb.alarm_msg);
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = sb_alarm;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    memset(&it, 0, sizeof it);
    it.it_value.tv_sec = (time_t)back;
    it.it_value.tv_usec = (suseconds_t)((back - floor(back)) * 1e6);
    setitimer(ITIMER_REAL, &it, NULL);
  }
}

/*
** Whether a limit stopped the run that ended with 'status' (the host's
** 'report' then stays quiet: the host says it at exit). Called outside
** any allocation, so a refusal still pending was never recovered.
*/
int paa_sandbox_stopped(int status) {
  (void)status;
  if (sb.pending || engine_hit()) sb.memory_hit = 1;
  return sb.timed_out || sb.memory_hit || sb.store_hit;
}

/*
** At the end of a run a limit stopped: the message, and the exit status.
** The state is not closed: its finalizers are the script's code, and the
** script is out of time or memory. (It stays reachable from 'sb'.)
*/
int paa_sandbox_exit(void) {
  tell();
  return PAA_SANDBOX_EXIT;
}

/* }================================================================== */


/*
** {==================================================================
** Setting up a run
** ===================================================================
*/

static int push_fail(lua_State *L, const char *why) {
  luaL_pushfail(L);
  lua_pushstring(L, why);
  return 2;
}

/* Has 'path' a ".." component? */
static int dotdot_in(const char *path) {
  const char *p = path;
  while (*p) {
    size_t n = strcspn(p, "/");
    if (n == 2 && p[0] == '.' && p[1] == '.') return 1;
    p += n;
    while (*p == '/') p++;
  }
  return 0;
}

/*
** realpath(path) -> the absolute path with no '.', '..' or symbolic link
** in it | nil, why (without the path).
** A path that does not exist (yet) is resolved through its nearest
** folder that does, the rest appended: where the file would be created.
** The first missing part must not be a dangling symbolic link: writing
** through it would create a file wherever the link points. Nor may a
** '..' follow it: "out/new/../../x" would be read as under "out/".
*/
static int sb_realpath(lua_State *L) {
  size_t len, n;
  const char *path = luaL_checklstring(L, 1, &len);
  char real[PATH_MAX], buf[PATH_MAX], probe[PATH_MAX + NAME_MAX + 2];
  if (len == 0 || strlen(path) != len) return push_fail(L, "not a valid path");
  if (realpath(path, real) != NULL) {
    lua_pushstring(L, real);
    return 1;
  }
  if (errno != ENOENT) return push_fail(L, strerror(errno));
  if (len >= sizeof buf) return push_fail(L, strerror(ENAMETOOLONG));
  memcpy(buf, path, len + 1);
  n = len;
  for (;;) {  /* 'buf[0..n)' does not exist: try its folder */
    size_t s, m;
    const char *parent, *rest;
    while (n > 1 && buf[n - 1] == '/') n--;
    for (s = n; s > 0 && buf[s - 1] != '/'; s--) ;
    if (s == 0) { parent = "."; rest = path; }
    else {
      buf[s == 1 ? 1 : s - 1] = '\0';  /* "/x" has folder "/" */
      parent = buf;
      rest = path + s;
    }
    if (realpath(parent, real) != NULL) {
      if (dotdot_in(rest)) return push_fail(L, "a '..' after a folder that does not exist");
      for (m = 0; rest[m] && rest[m] != '/'; m++) ;  /* the first missing part */
      snprintf(probe, sizeof probe, "%s/%.*s", real, (int)m, rest);
      if (lstat(probe, &(struct stat){0}) == 0)
        return push_fail(L, "a dangling symbolic link is on the way");
      lua_pushfstring(L, "%s%s%s", real, strcmp(real, "/") == 0 ? "" : "/", rest);
      return 1;
    }
    if (errno != ENOENT || s == 0) return push_fail(L, strerror(errno));
    n = s - 1;
    if (n == 0) return push_fail(L, strerror(ENOENT));  /* not even "/" */
  }
}

/* Is 'path' an existing file or folder? */
static int exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

/*
** Make the --out folder when it does not exist (one level, like mkdir)
** and check that it is a folder. Raises on failure.
*/
static void make_out(lua_State *L, const char *dir) {
  struct stat st;
  if (stat(dir, &st) != 0) {
    if (errno != ENOENT || mkdir(dir, 0777) != 0)
      luaL_error(L, "paa.sandbox: cannot create the --out folder %s: %s", dir, strerror(errno));
  }
  else if (!S_ISDIR(st.st_mode))
    luaL_error(L, "paa.sandbox: --out %s is not a folder", dir);
}

/*
** limit(what): a store limit of the sandbox was reached ("the size limit
** of 1 GB of a store in memory"): the run ends with the limits' status
** and one line saying so, even when the script goes on or exits itself.
*/
static int sb_limit(lua_State *L) {
  snprintf(sb.store_msg, sizeof sb.store_msg, "%s", luaL_checkstring(L, 1));
  sb.store_hit = 1;
  return 0;
}

/*
** apply(script, args): require "paa.sandbox" and call its 'apply' with
** the script's path, what its arguments name that exists (a path, or the
** value of '--opt=path'), the --out folder, PAA_PATH (unless -E),
** 'realpath' and 'limit'.
*/
static int sb_apply(lua_State *L) {
  const char *script = luaL_checkstring(L, 1);
  char **args = (char **)lua_touserdata(L, 2);
  int n = 0, noenv;
  struct stat st;
  if (stat(script, &st) != 0 || !S_ISREG(st.st_mode))
    luaL_error(L, "--sandbox needs a script file; %s is not one", script);
  lua_getglobal(L, "require");
  lua_pushliteral(L, "paa.sandbox");
  lua_call(L, 1, 1);
  lua_getfield(L, -1, "apply");
  lua_createtable(L, 0, 7);
  lua_pushvalue(L, 1);
  lua_setfield(L, -2, "script");
  lua_newtable(L);
  for (; args && *args; args++) {
    const char *a = *args, *eq;
    if (a[0] == '-' && a[1] == '-' && (eq = strchr(a, '=')) != NULL) a = eq + 1;
    else if (a[0] == '-') continue;
    if (*a && exists(a)) {
      lua_pushstring(L, a);
      lua_rawseti(L, -2, ++n);
    }
  }
  lua_setfield(L, -2, "reads");
  if (sb.out) {
    make_out(L, sb.out);
    lua_pushstring(L, sb.out);
    lua_setfield(L, -2, "out");
  }
  lua_getfield(L, LUA_REGISTRYINDEX, "LUA_NOENV");
  noenv = lua_toboolean(L, -1);
  lua_pop(L, 1);
  if (!noenv && getenv("PAA_PATH")) {
    lua_pushstring(L, getenv("PAA_PATH"));
    lua_setfield(L, -2, "paa_path");
  }
  lua_pushcfunction(L, sb_realpath);
  lua_setfield(L, -2, "realpath");
  lua_pushcfunction(L, sb_limit);
  lua_setfield(L, -2, "limit");
  lua_call(L, 1, 0);
  return 0;
}

/*
** Start the sandbox and the limits, before any Lua code of the command
** line runs. Stack: the script's path (or nil when there is none) on
** top, which is popped. 'args' are the script's arguments (NULL-ended).
** Returns LUA_OK, or an error status with the message pushed.
*/
int paa_sandbox_start(lua_State *L, char **args, int interactive) {
  int status;
  if (!sb.on) {
    lua_pop(L, 1);
    if (sb.out) {
      lua_pushliteral(L, "--out goes with --sandbox (without it, scripts write anywhere)");
      return LUA_ERRRUN;
    }
    start_limits(L);
    return LUA_OK;
  }
  if (lua_isnil(L, -1) || interactive) {
    lua_pop(L, 1);
    lua_pushliteral(L, "--sandbox needs a script file (not stdin, -i or the interactive mode)");
    return LUA_ERRRUN;
  }
  lua_pushcfunction(L, sb_apply);
  lua_insert(L, -2);
  lua_pushlightuserdata(L, args);
  status = lua_pcall(L, 2, 0, 0);
  if (status == LUA_OK) start_limits(L);
  return status;
}

/* }================================================================== */


/*
** {==================================================================
** One function in a child process ('paa --list' reading headers)
** ===================================================================
*/

#define ISO_MEMORY  ((size_t)64 << 20)  /* bytes the child may add to what Lua holds */
#define ISO_SECONDS  2                  /* wall-clock seconds the child may run */
#define ISO_RAISED  1                   /* child's status: the function raised */
#define ISO_NOMEMORY  3                 /* child's status: the cap stopped it */

/*
** The child: call the function at the top (under the cap and the alarm)
** and write what it returns (a string) or raises to 'fd'. Never returns.
*/
static void iso_child(lua_State *L, int nargs, int fd) {
  int status;
  const char *s;
  size_t n = 0;
  signal(SIGALRM, SIG_DFL);  /* the alarm ends the child: no hook reaches C code */
  signal(SIGINT, SIG_DFL);
  alarm(ISO_SECONDS);
  sb.max_memory = sb.used + ISO_MEMORY;
  sb.pending = sb.memory_hit = 0;
  status = lua_pcall(L, nargs, 1, 0);
  if (paa_sandbox_stopped(status)) _exit(ISO_NOMEMORY);
  s = lua_tolstring(L, -1, &n);
  while (s && n > 0) {
    ssize_t w = write(fd, s, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) break;
    s += w;
    n -= (size_t)w;
  }
  _exit(status == LUA_OK ? 0 : ISO_RAISED);  /* no atexit, no stdio flush: the parent's */
}

/*
** isolated(f, ...) -> the string f(...) returns | nil, why
** Runs 'f' in a child process with 64 MB more memory than the state
** holds (the counting allocator's cap) and 2 seconds of wall clock.
** For code that must not be trusted with the host's process: a count
** hook cannot stop a pattern match or a 'rep' running in C, and only
** the end of a process can, so the code runs in one of its own and the
** parent goes on whatever the child does (a header read by 'paa --list'
** that hangs, or eats memory, costs one file, not the listing).
** 'why' is "ran for more than 2 s", "needed more than 64 MB", or the
** error 'f' raised.
*/
int paa_sandbox_isolated(lua_State *L) {
  int fds[2], wstatus;
  pid_t pid;
  luaL_Buffer b;
  char chunk[512];
  ssize_t r;
  luaL_checktype(L, 1, LUA_TFUNCTION);
  if (pipe(fds) != 0) return push_fail(L, strerror(errno));
  fflush(NULL);  /* nothing buffered is written twice */
  pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return push_fail(L, strerror(errno));
  }
  if (pid == 0) {
    close(fds[0]);
    iso_child(L, lua_gettop(L) - 1, fds[1]);
  }
  close(fds[1]);
  luaL_buffinit(L, &b);
  while ((r = read(fds[0], chunk, sizeof chunk)) != 0) {
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) break;
    luaL_addlstring(&b, chunk, (size_t)r);
  }
  close(fds[0]);
  while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) ;
  luaL_pushresult(&b);
  if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) return 1;
  if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == ISO_RAISED) return push_fail(L, lua_tostring(L, -1));
  if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == ISO_NOMEMORY)
    return push_fail(L, lua_pushfstring(L, "needed more than %d MB", (int)(ISO_MEMORY >> 20)));
  if (WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGALRM)
    return push_fail(L, lua_pushfstring(L, "ran for more than %d s", ISO_SECONDS));
  return push_fail(L, lua_pushfstring(L, "its process ended with status %d", wstatus));
}

/* }================================================================== */
