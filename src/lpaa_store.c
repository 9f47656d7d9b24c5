/*
** lpaa_store.c
** paa.store.core: Lua binding of the SQLite store (store.c); the Lua
** module "paa.store" (lua/paa/store.lua) is this plus the ingest of a
** paa.Corpus. A paa.Store is
** an open database with the corpus schema; SQL runs with bound
** parameters only; 'rows' iterators are paa.Stmt handles that keep
** their store alive and are finalized at the end of the loop, by
** 'break' (the closing value) or when the store closes.
**
** Values: Lua integer <-> INTEGER, float <-> REAL, string <-> TEXT
** (a BLOB reads as a string), boolean -> 0/1, nil <-> NULL (a NULL column
** is absent from its row table); anything else raises, naming the
** argument or parameter.
**
** Errors: misuse (bad arguments, SQL errors, constraint violations)
** raises "paa.store: ..."; the environment (cannot open, busy, locked,
** read-only, disk full, I/O error, corrupt file) gives nil, message.
** Iterators raise on every error: a loop cannot return nil, message.
*/

#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "lua.h"
#include "lauxlib.h"

#include "paa.h"
#include "lpaa.h"


#define PAA_STORE_MT  "paa.Store"
#define PAA_STMT_MT   "paa.Stmt"

typedef struct LStmt LStmt;

typedef struct LStore {
  paa_store *st;         /* NULL when closed */
  LStmt *stmts;          /* open statements, finalized when the store closes */
  int depth;             /* db:transaction calls under way */
  int ingesting;         /* an ingest is under way: the engine holds 'st' */
} LStore;

/* user value 1 of a paa.Stmt: its paa.Store */
struct LStmt {
  sqlite3_stmt *s;       /* NULL when finalized */
  LStore *store;         /* the owner (kept alive by the user value); NULL once it closed */
  LStmt *next;           /* in the owner's list */
  LStmt **prev;          /* the pointer to this one in the list */
};


/*
** {==================================================================
** Handles
** ===================================================================
*/

#define to_store(L, i)  ((LStore *)luaL_checkudata(L, i, PAA_STORE_MT))

static LStore *check_store(lua_State *L, int i) {
  LStore *ls = to_store(L, i);
  if (ls->st == NULL) luaL_error(L, "paa.store: attempt to use a closed store");
  return ls;
}

static sqlite3 *db_of(LStore *ls) {
  return paa_store_db(ls->st);
}

static void stmt_release(LStmt *ps) {
  if (ps->s == NULL) return;
  sqlite3_finalize(ps->s);
  ps->s = NULL;
  if (ps->next) ps->next->prev = ps->prev;
  *ps->prev = ps->next;
  ps->next = NULL;
  ps->prev = NULL;
}

/*
** A new paa.Stmt for 's' on the stack, owned by the store at 'store'
** (from now on it finalizes 's', by GC if an error comes first).
*/
static LStmt *stmt_push(lua_State *L, int store, LStore *ls, sqlite3_stmt *s) {
  LStmt *ps = (LStmt *)lua_newuserdatauv(L, sizeof *ps, 1);
  ps->s = NULL;
  luaL_setmetatable(L, PAA_STMT_MT);
  lua_pushvalue(L, store);
  lua_setiuservalue(L, -2, 1);
  ps->s = s;
  ps->store = ls;
  ps->next = ls->stmts;
  ps->prev = &ls->stmts;
  if (ls->stmts) ls->stmts->prev = &ps->next;
  ls->stmts = ps;
  return ps;
}

static int stmt_gc(lua_State *L) {
  stmt_release((LStmt *)luaL_checkudata(L, 1, PAA_STMT_MT));
  return 0;
}

static int stmt_tostring(lua_State *L) {
  LStmt *ps = (LStmt *)luaL_checkudata(L, 1, PAA_STMT_MT);
  if (ps->s == NULL) lua_pushliteral(L, "paa.Stmt (closed)");
  else lua_pushfstring(L, "paa.Stmt (%p)", (void *)ps);
  return 1;
}

/*
** Free the store and its statements. Not while an ingest is under way:
** the engine still holds the store, and its callbacks (on_skip,
** on_progress) are Lua code that can reach 'close' or a to-be-closed
** variable holding the store.
*/
static void store_free(LStore *ls) {
  while (ls->stmts) {
    ls->stmts->store = NULL;  /* an iterator still in use will say so */
    stmt_release(ls->stmts);
  }
  if (ls->st) {
    paa_store_close(ls->st);
    ls->st = NULL;
  }
}

/* close() -> nothing: idempotent; also __close. Raises inside an ingest. */
static int store_close(lua_State *L) {
  LStore *ls = to_store(L, 1);
  if (ls->ingesting)
    return luaL_error(L, "paa.store: cannot close the store while it ingests "
                      "(close it after 'ingest' returns)");
  store_free(ls);
  return 0;
}

/*
** __gc: a store being ingested into is on the stack of 'ingest', so it
** is collected then only by lua_close (os.exit from a callback): the
** process ends without coming back to the engine, and the store is left
** to the exit rather than freed under it.
*/
static int store_gc(lua_State *L) {
  LStore *ls = to_store(L, 1);
  if (!ls->ingesting) store_free(ls);
  return 0;
}

static int store_tostring(lua_State *L) {
  LStore *ls = to_store(L, 1);
  if (ls->st == NULL) lua_pushliteral(L, "paa.Store (closed)");
  else lua_pushfstring(L, "paa.Store (%s)", paa_store_path(ls->st));
  return 1;
}

/* }================================================================== */


/*
** {==================================================================
** Errors and values
** ===================================================================
*/

/* Failures of the environment, not of the program. */
static int env_error(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY: case SQLITE_LOCKED: case SQLITE_IOERR: case SQLITE_FULL:
    case SQLITE_READONLY: case SQLITE_CANTOPEN: case SQLITE_CORRUPT:
    case SQLITE_NOTADB: case SQLITE_PERM: case SQLITE_PROTOCOL:
      return 1;
    default:
      return 0;
  }
}

/*
** Report 'rc' with the message on the top of the stack: nil, message
** for the environment, an error otherwise. The environment's messages
** name the store's file: "database disk image is malformed" alone does
** not say which of a user's files to look at.
*/
static int fail(lua_State *L, LStore *ls, int rc) {
  if (rc == SQLITE_NOMEM) return luaL_error(L, "paa.store: out of memory");
  if (env_error(rc)) {
    lua_pushfstring(L, "%s: %s", paa_store_path(ls->st), lua_tostring(L, -1));
    luaL_pushfail(L);
    lua_replace(L, -3);  /* stack: nil message */
    return 2;
  }
  return luaL_error(L, "paa.store: %s", lua_tostring(L, -1));
}

/* Push the message of 'rc' on 'db', then finalize 'ps' (which may reset it). */
static void push_errmsg(lua_State *L, sqlite3 *db, LStmt *ps) {
  lua_pushstring(L, sqlite3_errmsg(db));
  if (ps) stmt_release(ps);
}

static void bind_value(lua_State *L, sqlite3_stmt *s, int i, int idx, const char *name) {
  int rc;
  switch (lua_type(L, idx)) {
    case LUA_TNIL: case LUA_TNONE:
      rc = sqlite3_bind_null(s, i);
      break;
    case LUA_TBOOLEAN:
      rc = sqlite3_bind_int(s, i, lua_toboolean(L, idx));
      break;
    case LUA_TNUMBER:
      if (lua_isinteger(L, idx)) rc = sqlite3_bind_int64(s, i, lua_tointeger(L, idx));
      else rc = sqlite3_bind_double(s, i, lua_tonumber(L, idx));
      break;
    case LUA_TSTRING: {
      size_t n;
      const char *v = lua_tolstring(L, idx, &n);
      rc = sqlite3_bind_text64(s, i, v, (sqlite3_uint64)n, SQLITE_TRANSIENT, SQLITE_UTF8);
      break;
    }
    default:
      if (name)
        luaL_error(L, "paa.store: parameter '%s' is a %s (nil, boolean, number or "
                   "string expected)", name, luaL_typename(L, idx));
      else
        luaL_argerror(L, idx, lua_pushfstring(L, "parameter %d: cannot bind a %s (nil, "
                      "boolean, number or string expected)", i, luaL_typename(L, idx)));
      return;
  }
  if (rc != SQLITE_OK) luaL_error(L, "paa.store: cannot bind: %s", sqlite3_errstr(rc));
}

/*
** Bind the arguments 'first' .. 'last': one table binds by name
** (":name", "@name", "$name" look up "name"; absent means NULL), else
** each argument binds by position and their number must be the
** statement's. Raises on misuse (the statement is finalized by GC or
** when its store closes).
*/
static void bind_args(lua_State *L, sqlite3_stmt *s, int first, int last) {
  int n = sqlite3_bind_parameter_count(s), nargs = last - first + 1, i;
  if (nargs == 1 && lua_type(L, first) == LUA_TTABLE) {
    for (i = 1; i <= n; i++) {
      const char *name = sqlite3_bind_parameter_name(s, i);
      if (name == NULL || name[0] == '?')
        luaL_error(L, "paa.store: parameter %d has no name; pass values by position", i);
      lua_getfield(L, first, name + 1);
      bind_value(L, s, i, -1, name);
      lua_pop(L, 1);
    }
    return;
  }
  if (nargs != n)
    luaL_error(L, "paa.store: the statement has %d parameter%s, %d value%s given",
               n, n == 1 ? "" : "s", nargs, nargs == 1 ? "" : "s");
  for (i = 1; i <= n; i++) bind_value(L, s, i, first + i - 1, NULL);
}

/* Push the current row of 's' as a table keyed by column name. */
static void push_row(lua_State *L, sqlite3_stmt *s) {
  int n = sqlite3_column_count(s), i;
  lua_createtable(L, 0, n);
  for (i = 0; i < n; i++) {
    switch (sqlite3_column_type(s, i)) {
      case SQLITE_INTEGER:
        lua_pushinteger(L, (lua_Integer)sqlite3_column_int64(s, i));
        break;
      case SQLITE_FLOAT:
        lua_pushnumber(L, (lua_Number)sqlite3_column_double(s, i));
        break;
      case SQLITE_TEXT:
        lua_pushlstring(L, (const char *)sqlite3_column_text(s, i),
                        (size_t)sqlite3_column_bytes(s, i));
        break;
      case SQLITE_BLOB: {
        const void *b = sqlite3_column_blob(s, i);
        lua_pushlstring(L, b ? (const char *)b : "", (size_t)sqlite3_column_bytes(s, i));
        break;
      }
      default:
        continue;  /* NULL: absent */
    }
    lua_setfield(L, -2, sqlite3_column_name(s, i));
  }
}

/* Whether only white space and semicolons are left in 'tail'. */
static int blank(const char *tail) {
  while (*tail == ' ' || *tail == '\t' || *tail == '\n' || *tail == '\r' || *tail == ';')
    tail++;
  return *tail == '\0';
}

/*
** Prepare the one statement of the string at 'idx' into a paa.Stmt on
** the stack. Returns NULL with nil, message pushed (2 values) on an
** environmental failure; raises on misuse.
*/
static LStmt *prepare_one(lua_State *L, int store, LStore *ls, int idx) {
  size_t len;
  const char *sql = luaL_checklstring(L, idx, &len), *tail = NULL;
  sqlite3 *db = db_of(ls);
  sqlite3_stmt *s = NULL;
  int rc = sqlite3_prepare_v2(db, sql, (int)len, &s, &tail);
  if (rc != SQLITE_OK) {
    push_errmsg(L, db, NULL);
    fail(L, ls, rc);
    return NULL;
  }
  if (s == NULL) luaL_argerror(L, idx, "no SQL statement");
  if (tail && !blank(tail)) {
    sqlite3_finalize(s);
    luaL_argerror(L, idx, "one SQL statement expected (more follow)");
  }
  return stmt_push(L, store, ls, s);
}

/* }================================================================== */


/*
** {==================================================================
** SQL
** ===================================================================
*/

/*
** exec(sql, ...) -> number of rows changed | nil, message
** With values, 'sql' is one statement; without, it may be several
** (a script). Rows the statements return are discarded.
*/
static int store_exec(lua_State *L) {
  LStore *ls = check_store(L, 1);
  sqlite3 *db = db_of(ls);
  int nargs = lua_gettop(L) - 2, rc;
  size_t len;
  const char *sql = luaL_checklstring(L, 2, &len), *end = sql + len;
  if (nargs > 0) {
    LStmt *ps = prepare_one(L, 1, ls, 2);
    if (ps == NULL) return 2;
    bind_args(L, ps->s, 3, nargs + 2);
    while ((rc = sqlite3_step(ps->s)) == SQLITE_ROW) {}
    if (rc != SQLITE_DONE) {
      push_errmsg(L, db, ps);
      return fail(L, ls, rc);
    }
    stmt_release(ps);
    lua_pushinteger(L, sqlite3_changes(db));
    return 1;
  }
  while (sql < end) {
    const char *tail = NULL;
    sqlite3_stmt *s = NULL;
    LStmt *ps;
    rc = sqlite3_prepare_v2(db, sql, (int)(end - sql), &s, &tail);
    if (rc != SQLITE_OK) {
      push_errmsg(L, db, NULL);
      return fail(L, ls, rc);
    }
    if (s == NULL) break;  /* only white space or comments left */
    ps = stmt_push(L, 1, ls, s);
    if (sqlite3_bind_parameter_count(s) > 0)
      luaL_error(L, "paa.store: the statement has %d parameter(s), no values given",
                 sqlite3_bind_parameter_count(s));
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {}
    if (rc != SQLITE_DONE) {
      push_errmsg(L, db, ps);
      return fail(L, ls, rc);
    }
    stmt_release(ps);
    lua_pop(L, 1);
    sql = tail;
  }
  lua_pushinteger(L, sqlite3_changes(db));
  return 1;
}

/* the iterator of 'rows': state is the paa.Stmt */
static int rows_iter(lua_State *L) {
  LStmt *ps = (LStmt *)luaL_checkudata(L, 1, PAA_STMT_MT);
  int rc;
  if (ps->s == NULL) {
    if (ps->store == NULL) return luaL_error(L, "paa.store: attempt to use a closed store");
    return 0;  /* finished */
  }
  rc = sqlite3_step(ps->s);
  if (rc == SQLITE_ROW) {
    push_row(L, ps->s);
    return 1;
  }
  if (rc == SQLITE_DONE) {
    stmt_release(ps);
    return 0;
  }
  lua_pushstring(L, sqlite3_errmsg(sqlite3_db_handle(ps->s)));
  stmt_release(ps);
  return luaL_error(L, "paa.store: %s", lua_tostring(L, -1));
}

/*
** rows(sql, ...) -> iterator, state, nil, closing value
** for row in db:rows("SELECT ...", ...) do ... end; raises on errors.
*/
static int store_rows(lua_State *L) {
  LStore *ls = check_store(L, 1);
  LStmt *ps = prepare_one(L, 1, ls, 2);
  int top = lua_gettop(L);
  if (ps == NULL) return luaL_error(L, "paa.store: %s", lua_tostring(L, -1));
  bind_args(L, ps->s, 3, top - 1);
  lua_pushcfunction(L, rows_iter);
  lua_pushvalue(L, top);
  lua_pushnil(L);
  lua_pushvalue(L, top);
  return 4;
}

/* first(sql, ...) -> the first row | nil (no row) | nil, message */
static int store_first(lua_State *L) {
  LStore *ls = check_store(L, 1);
  LStmt *ps = prepare_one(L, 1, ls, 2);
  int rc;
  if (ps == NULL) return 2;
  bind_args(L, ps->s, 3, lua_gettop(L) - 1);
  rc = sqlite3_step(ps->s);
  if (rc == SQLITE_ROW) {
    push_row(L, ps->s);
    stmt_release(ps);
    return 1;
  }
  if (rc == SQLITE_DONE) {
    stmt_release(ps);
    lua_pushnil(L);
    return 1;
  }
  push_errmsg(L, db_of(ls), ps);
  return fail(L, ls, rc);
}

/*
** transaction(fn) -> what fn returns | nil, message (could not begin or commit)
** Commits when fn returns; rolls back and re-raises when it raises.
** Inside another transaction it is a savepoint.
*/
static int store_transaction(lua_State *L) {
  LStore *ls = check_store(L, 1);
  sqlite3 *db = db_of(ls);
  int outer = sqlite3_get_autocommit(db), rc, status, base;
  char begin[48], commit[48], rollback[96];
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_settop(L, 2);
  if (outer) {
    strcpy(begin, "BEGIN IMMEDIATE");
    strcpy(commit, "COMMIT");
    strcpy(rollback, "ROLLBACK");
  } else {
    snprintf(begin, sizeof begin, "SAVEPOINT paa_tx%d", ls->depth);
    snprintf(commit, sizeof commit, "RELEASE paa_tx%d", ls->depth);
    snprintf(rollback, sizeof rollback, "ROLLBACK TO paa_tx%d; RELEASE paa_tx%d",
             ls->depth, ls->depth);
  }
  if ((rc = sqlite3_exec(db, begin, NULL, NULL, NULL)) != SQLITE_OK) {
    push_errmsg(L, db, NULL);
    return fail(L, ls, rc);
  }
  ls->depth++;
  base = lua_gettop(L) - 1;  /* results go above the store */
  status = lua_pcall(L, 0, LUA_MULTRET, 0);
  ls->depth--;
  if (ls->st == NULL)
    return luaL_error(L, "paa.store: the store was closed inside a transaction");
  if (status != LUA_OK) {
    sqlite3_exec(db, rollback, NULL, NULL, NULL);  /* may be rolled back already */
    return lua_error(L);
  }
  if ((rc = sqlite3_exec(db, commit, NULL, NULL, NULL)) != SQLITE_OK) {
    push_errmsg(L, db, NULL);
    sqlite3_exec(db, rollback, NULL, NULL, NULL);
    return fail(L, ls, rc);
  }
  return lua_gettop(L) - base;
}

/* }================================================================== */


/*
** {==================================================================
** Ingest and search
** ===================================================================
*/

/*
** The progress line of libpaa (paa_progress_*) as a paa.Progress: when
** and what it shows is decided in Lua (paa.inputs), which calls these.
*/
#define PAA_PROGRESS_MT  "paa.Progress"

/* progress() -> a paa.Progress, started now (paa_progress_start) */
static int progress_new(lua_State *L) {
  paa_progress *p = (paa_progress *)lua_newuserdatauv(L, sizeof *p, 0);
  paa_progress_start(p);
  luaL_setmetatable(L, PAA_PROGRESS_MT);
  return 1;
}

/* progress:show(files, bytes [, final]): paa_progress_show */
static int progress_show(lua_State *L) {
  paa_progress *p = (paa_progress *)luaL_checkudata(L, 1, PAA_PROGRESS_MT);
  paa_walk_stats ws;
  lua_Integer files = luaL_checkinteger(L, 2), bytes = luaL_checkinteger(L, 3);
  luaL_argcheck(L, files >= 0, 2, "non-negative integer expected");
  luaL_argcheck(L, bytes >= 0, 3, "non-negative integer expected");
  memset(&ws, 0, sizeof ws);
  ws.files = (size_t)files;
  ws.bytes = (unsigned long long)bytes;
  paa_progress_show(p, &ws, lua_toboolean(L, 4));
  return 0;
}

/* progress:endline(): paa_progress_break (a Lua keyword) */
static int progress_endline(lua_State *L) {
  paa_progress_break((paa_progress *)luaL_checkudata(L, 1, PAA_PROGRESS_MT));
  return 0;
}

/* progress_tty() -> whether stderr is a terminal (paa_progress_tty) */
static int progress_tty(lua_State *L) {
  lua_pushboolean(L, paa_progress_tty());
  return 1;
}

/* what an ingest's callback needs: the Lua functions it reports to */
typedef struct reporter {
  lua_State *L;
  int on_skip;           /* stack index of opts.on_skip in store_ingest, or 0 */
  int on_progress;       /* stack index of opts.on_progress in store_ingest, or 0 */
  int failed;            /* a callback raised: its error is on the stack top */
  const paa_doc *skip;   /* the input being reported */
  const paa_walk_stats *ws;  /* the counts so far */
} reporter;

/*
** Call on_skip(info) for the skipped input, then on_progress(files,
** bytes); runs protected, its arguments the reporter (light userdata),
** on_skip and on_progress (or nil).
*/
static int report_input(lua_State *L) {
  reporter *r = (reporter *)lua_touserdata(L, 1);
  const paa_doc *d = r->skip;
  if (d && r->on_skip) {
    lua_pushvalue(L, 2);
    lua_createtable(L, 0, 5);
    if (d->path) { lua_pushstring(L, d->path); lua_setfield(L, -2, "path"); }
    if (d->source) { lua_pushstring(L, d->source); lua_setfield(L, -2, "source"); }
    if (d->warning) { lua_pushstring(L, d->warning); lua_setfield(L, -2, "reason"); }
    if (d->line > 0) { lua_pushinteger(L, d->line); lua_setfield(L, -2, "line"); }
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, "skipped");
    lua_call(L, 1, 0);
  }
  if (r->on_progress) {
    lua_pushvalue(L, 3);
    lua_pushinteger(L, (lua_Integer)r->ws->files);
    lua_pushinteger(L, (lua_Integer)r->ws->bytes);
    lua_call(L, 2, 0);
  }
  return 0;
}

/*
** The engine's callback: a Lua error must not unwind through the
** ingest (its walk, statements and transaction), so the report runs
** protected and an error stops the ingest, to be raised after it.
*/
static int on_progress(void *ud, const paa_walk_stats *ws, const paa_doc *skipped) {
  reporter *r = (reporter *)ud;
  lua_State *L = r->L;
  if (skipped == NULL && r->on_progress == 0) return 0;
  r->skip = skipped;
  r->ws = ws;
  lua_pushcfunction(L, report_input);
  lua_pushlightuserdata(L, r);
  if (r->on_skip) lua_pushvalue(L, r->on_skip);
  else lua_pushnil(L);
  if (r->on_progress) lua_pushvalue(L, r->on_progress);
  else lua_pushnil(L);
  if (lua_pcall(L, 3, 0, 0) != LUA_OK) {
    r->failed = 1;
    return 1;
  }
  return 0;
}

static void set_count(lua_State *L, const char *k, size_t v) {
  lua_pushinteger(L, (lua_Integer)v);
  lua_setfield(L, -2, k);
}

/* opts[name]: a function or nil; its stack index, or 0 for nil */
static int opt_callback(lua_State *L, int opts, const char *name) {
  int t = opts ? lua_getfield(L, opts, name) : (lua_pushnil(L), LUA_TNIL);
  if (t == LUA_TNIL) return 0;
  luaL_argexpected(L, t == LUA_TFUNCTION, 3, lua_pushfstring(L, "function '%s'", name));
  return lua_gettop(L);
}

/*
** ingest(paths [, { prune = false, on_skip, on_progress, max_bytes,
**                   all_files, words, within, threads }])
**   -> { added, updated, unchanged, removed, skipped, bytes } | nil, message
** 'paths' is a path or an array of paths, opened as paa.corpus.open
** opens them with the same options. Each input skipped is reported to
** on_skip({ path, source, reason, line, skipped = true }), and after
** each input on_progress(files, bytes) is called: the Lua module over
** this one (paa.store) gives them, from paa.inputs. An error in them
** stops the ingest (what is committed stays) and is raised. While it
** runs the store is busy: 'close' and another 'ingest' of it, from those
** callbacks, raise (the engine is using it). 'threads' (1 to 256) is
** how many threads read the files (paa_store_ingest_threads); by default
** one a core, at most 4.
*/
static int store_ingest(lua_State *L) {
  LStore *ls = check_store(L, 1);
  paa_corpus *c;
  paa_corpus_opts co;
  paa_ingest_stats stats;
  reporter rep;
  char err[512];
  const char **paths;
  size_t n = 1, i;
  int prune = 0, r, opts = 0;
  lua_Integer threads = 0;
  memset(&rep, 0, sizeof rep);
  if (ls->ingesting)  /* from a callback of this store's ingest */
    return luaL_error(L, "paa.store: the store is busy: an ingest into it is under way");
  if (!lua_isnoneornil(L, 3)) {
    luaL_checktype(L, 3, LUA_TTABLE);
    opts = 3;
    if (lua_getfield(L, 3, "prune") != LUA_TNIL) {
      luaL_argexpected(L, lua_isboolean(L, -1), 3, "boolean 'prune'");
      prune = lua_toboolean(L, -1);
    }
    if (lua_getfield(L, 3, "threads") != LUA_TNIL) {
      luaL_argexpected(L, lua_isinteger(L, -1), 3, "integer 'threads'");
      threads = lua_tointeger(L, -1);
      luaL_argcheck(L, threads >= 1 && threads <= 256, 3, "'threads': from 1 to 256");
    }
  }
  lua_settop(L, 3);
  luaL_checkstack(L, 12, NULL);  /* the callback's pushes cannot fail */
  rep.on_skip = opt_callback(L, opts, "on_skip");  /* 4 */
  rep.on_progress = opt_callback(L, opts, "on_progress");  /* 5 */
  lpaa_corpus_opts(L, opts, 3, "paa.store", &co);  /* 6 */
  if (lua_type(L, 2) != LUA_TSTRING) {
    luaL_argexpected(L, lua_type(L, 2) == LUA_TTABLE, 2, "paa.Corpus, path or array of paths");
    n = (size_t)lua_rawlen(L, 2);
    luaL_argcheck(L, n > 0 && n <= 0xFFFFFF, 2, "1 or more paths expected");
  }
  /* scratch array as userdata so an error cannot leak it */
  paths = (const char **)lua_newuserdatauv(L, n * sizeof(char *), 0);  /* 7 */
  if (lua_type(L, 2) == LUA_TSTRING) paths[0] = lua_tostring(L, 2);
  else {
    for (i = 0; i < n; i++) {
      if (lua_rawgeti(L, 2, (lua_Integer)(i + 1)) != LUA_TSTRING)
        return luaL_error(L, "paa.store: path %d is a %s, not a string", (int)(i + 1),
                          luaL_typename(L, -1));
      paths[i] = lua_tostring(L, -1);  /* the table keeps it alive */
      lua_pop(L, 1);
    }
  }
  c = paa_corpus_open(paths, n, &co, err, sizeof err);
  if (c == NULL) {
    luaL_pushfail(L);
    lua_pushstring(L, err);
    return 2;
  }
  rep.L = L;
  ls->ingesting = 1;  /* the callbacks cannot close it, nor ingest again */
  r = paa_store_ingest_threads(ls->st, c, prune, (size_t)threads, on_progress, &rep, &stats,
                               err, sizeof err);
  ls->ingesting = 0;
  paa_corpus_close(c);
  if (rep.failed) return lua_error(L);  /* the callback's error, on top */
  if (r != 0) {
    luaL_pushfail(L);
    lua_pushstring(L, err);
    return 2;
  }
  lua_createtable(L, 0, 6);
  set_count(L, "added", stats.added);
  set_count(L, "updated", stats.updated);
  set_count(L, "unchanged", stats.unchanged);
  set_count(L, "removed", stats.removed);
  set_count(L, "skipped", stats.skipped);
  lua_pushinteger(L, (lua_Integer)stats.bytes);
  lua_setfield(L, -2, "bytes");
  return 1;
}

static const char *opt_string(lua_State *L, int opts, const char *name) {
  int t = opts ? lua_getfield(L, opts, name) : (lua_pushnil(L), LUA_TNIL);
  if (t != LUA_TNIL && t != LUA_TSTRING)
    luaL_error(L, "paa.store: option '%s' must be a string, got %s", name,
               luaL_typename(L, -1));
  return lua_tostring(L, -1);  /* kept on the stack */
}

static void set_str(lua_State *L, const char *k, const char *v) {
  if (v == NULL) return;  /* NULL: absent, as a row leaves it */
  lua_pushstring(L, v);
  lua_setfield(L, -2, k);
}

/*
** search(query [, { limit = 20, source, since, until }])
**   -> array of { doc, title, source, date, rank, snippet } | nil, message
** The query is FTS5 syntax; when it is not valid, its terms are searched
** as plain words (all of them), so stray punctuation is not an error.
** A query beyond the engine's bounds gives nil, message, as a damaged
** store does: neither is a mistake in the calling program.
*/
/* the hits of a search, held by a to-be-closed userdata while they are
** converted: a memory error meanwhile cannot leak them */
#define PAA_HITS_MT  "paa.Hits"

typedef struct LHits {
  paa_hit *hits;         /* owned; NULL once freed */
  size_t n;
} LHits;

static int hits_close(lua_State *L) {
  LHits *h = (LHits *)luaL_checkudata(L, 1, PAA_HITS_MT);
  paa_hits_free(h->hits, h->n);
  h->hits = NULL;
  h->n = 0;
  return 0;
}

static int store_search(lua_State *L) {
  LStore *ls = check_store(L, 1);
  size_t qlen, i;
  const char *q = luaL_checklstring(L, 2, &qlen);
  paa_search_opts o;
  LHits *lh;
  int opts = 0, rc;
  char err[512];
  memset(&o, 0, sizeof o);
  if (!lua_isnoneornil(L, 3)) {
    luaL_checktype(L, 3, LUA_TTABLE);
    opts = 3;
  }
  lua_settop(L, 3);
  if (opts && lua_getfield(L, opts, "limit") != LUA_TNIL) {
    int isint;
    lua_Integer limit = lua_tointegerx(L, -1, &isint);
    if (!isint || limit <= 0)
      return luaL_error(L, "paa.store: option 'limit' must be a positive integer");
    o.limit = (size_t)limit;
  }
  lua_settop(L, 3);
  o.source = opt_string(L, opts, "source");  /* 4 */
  o.since = opt_string(L, opts, "since");    /* 5 */
  o.until = opt_string(L, opts, "until");    /* 6 */
  lh = (LHits *)lua_newuserdatauv(L, sizeof *lh, 0);  /* 7 */
  lh->hits = NULL;
  lh->n = 0;
  luaL_setmetatable(L, PAA_HITS_MT);
  lua_toclose(L, 7);
  rc = paa_store_search(ls->st, q, qlen, &o, &lh->hits, &lh->n, err, sizeof err);
  if (rc == -1) {  /* beyond the bounds: not the calling program's mistake */
    luaL_pushfail(L);
    lua_pushstring(L, err);
    return 2;
  }
  if (rc != SQLITE_OK) {
    lua_pushstring(L, err);
    return fail(L, ls, rc);
  }
  lua_createtable(L, (int)lh->n, 0);  /* 8 */
  for (i = 0; i < lh->n; i++) {
    const paa_hit *h = &lh->hits[i];
    lua_createtable(L, 0, 6);
    set_str(L, "doc", h->doc);
    set_str(L, "title", h->title);
    set_str(L, "source", h->source);
    set_str(L, "date", h->date);
    lua_pushnumber(L, h->rank);
    lua_setfield(L, -2, "rank");
    set_str(L, "snippet", h->snippet);
    lua_rawseti(L, 8, (lua_Integer)i + 1);
  }
  lua_closeslot(L, 7);  /* the hits are freed */
  return 1;
}

/*
** query_size(query) -> bytes, terms
** What the bounds of 'search' measure (PAA_SEARCH_MAX_BYTES and
** PAA_SEARCH_MAX_TERMS, the module's 'search_max_bytes' and
** 'search_max_terms'), so a script can refuse a query before it ingests
** a corpus, and say by how much it is over.
*/
static int store_query_size(lua_State *L) {
  size_t n;
  const char *q = luaL_checklstring(L, 1, &n);
  lua_pushinteger(L, (lua_Integer)n);
  lua_pushinteger(L, (lua_Integer)paa_store_query_terms(q, n));
  return 2;
}

/* }================================================================== */


/*
** open(path [, opts]) -> paa.Store | nil, message
** ":memory:" is a private in-memory store. A file that is not SQLite or
** has a newer schema is left untouched and gives nil, message.
*/
static int store_open(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  LStore *ls;
  char err[512];
  if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TTABLE);
  ls = (LStore *)lua_newuserdatauv(L, sizeof *ls, 0);
  memset(ls, 0, sizeof *ls);
  luaL_setmetatable(L, PAA_STORE_MT);
  ls->st = paa_store_open(path, err, sizeof err);
  if (ls->st == NULL) {
    luaL_pushfail(L);
    lua_pushstring(L, err);
    return 2;
  }
  return 1;
}

/*
** confine() -> the store: from now on SQL can reach no other file and
** load no code (see paa_store_confine); there is no way back.
*/
static int store_confine(lua_State *L) {
  LStore *ls = check_store(L, 1);
  if (paa_store_confine(ls->st) != 0)
    return luaL_error(L, "paa.store: cannot confine the store: %s", sqlite3_errmsg(db_of(ls)));
  lua_settop(L, 1);
  return 1;
}

static const luaL_Reg store_methods[] = {
  {"close", store_close},
  {"confine", store_confine},
  {"exec", store_exec},
  {"rows", store_rows},
  {"first", store_first},
  {"transaction", store_transaction},
  {"ingest", store_ingest},
  {"search", store_search},
  {NULL, NULL}
};

static const luaL_Reg store_meta[] = {
  {"__gc", store_gc},
  {"__close", store_close},
  {"__tostring", store_tostring},
  {"__index", NULL},
  {NULL, NULL}
};

static const luaL_Reg stmt_meta[] = {
  {"__gc", stmt_gc},
  {"__close", stmt_gc},
  {"__tostring", stmt_tostring},
  {NULL, NULL}
};

static const luaL_Reg progress_methods[] = {
  {"show", progress_show},
  {"endline", progress_endline},
  {NULL, NULL}
};

static const luaL_Reg funcs[] = {
  {"open", store_open},
  {"progress", progress_new},
  {"progress_tty", progress_tty},
  {"query_size", store_query_size},
  {NULL, NULL}
};

/*
** The module: open, schema, and 'Store', the methods of paa.Store, which
** the Lua module over this one completes (ingest of a paa.Corpus).
*/
int luaopen_paa_store_core(lua_State *L) {
  luaL_newmetatable(L, PAA_STORE_MT);
  luaL_setfuncs(L, store_meta, 0);
  luaL_newlib(L, store_methods);
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, "__index");
  lua_remove(L, -2);  /* stack: methods */
  luaL_newmetatable(L, PAA_STMT_MT);
  luaL_setfuncs(L, stmt_meta, 0);
  lua_pop(L, 1);
  lpaa_release_meta(L, PAA_HITS_MT, hits_close);
  luaL_newmetatable(L, PAA_PROGRESS_MT);
  luaL_newlib(L, progress_methods);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
  luaL_newlib(L, funcs);
  lua_pushinteger(L, PAA_STORE_SCHEMA);
  lua_setfield(L, -2, "schema");
  lua_pushinteger(L, PAA_SEARCH_MAX_BYTES);
  lua_setfield(L, -2, "search_max_bytes");
  lua_pushinteger(L, PAA_SEARCH_MAX_TERMS);
  lua_setfield(L, -2, "search_max_terms");
  lua_insert(L, -2);
  lua_setfield(L, -2, "Store");
  return 1;
}
