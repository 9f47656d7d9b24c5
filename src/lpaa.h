/*
** lpaa.h
** What the Lua bindings and the host share: metatable names, the module
** entry points the host preloads, safe messages on stderr.
*/

#ifndef LPAA_H
#define LPAA_H

#include <stdio.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"
#include "paa.h"

#define PAA_CORPUS_MT  "paa.Corpus"
#define PAA_WALK_MT    "paa.Walk"

/*
** Make the metatable 'name' of a scratch block that an error must not
** leak: its '__close' and '__gc' are both 'release'.
*/
static inline void lpaa_release_meta(lua_State *L, const char *name, lua_CFunction release) {
  luaL_newmetatable(L, name);
  lua_pushcfunction(L, release);
  lua_setfield(L, -2, "__close");
  lua_pushcfunction(L, release);
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);
}

/*
** Write "PNAME: MSG" (no "PNAME: " when it is NULL) and a line end on
** stderr, MSG made safe for a terminal: messages name files, whose names
** may hold anything. Control characters are written \n, \t, \r or
** \xNN (C1 ones \u{NN}), bytes that are not UTF-8 \xNN, as
** report.printable does in Lua; with 'lines', line ends and tabs stay
** (a traceback).
*/
static inline void lpaa_eprint(const char *pname, const char *msg, int lines) {
  size_t n = strlen(msg), i = 0;
  if (pname) fprintf(stderr, "%s: ", pname);
  while (i < n) {
    size_t ok = i + paa_utf8_check(msg + i, n - i);  /* valid up to 'ok' */
    for (; i < ok; i++) {
      unsigned char c = (unsigned char)msg[i];
      if (lines && (c == '\n' || c == '\t')) fputc(c, stderr);
      else if (c == '\n') fputs("\\n", stderr);
      else if (c == '\t') fputs("\\t", stderr);
      else if (c == '\r') fputs("\\r", stderr);
      else if (c < 0x20 || c == 0x7f) fprintf(stderr, "\\x%02x", c);
      else if (c == 0xc2 && i + 1 < ok && (unsigned char)msg[i + 1] < 0xa0) {
        fprintf(stderr, "\\u{%x}", (unsigned char)msg[++i]);
      }
      else fputc(c, stderr);
    }
    if (i < n) fprintf(stderr, "\\x%02x", (unsigned char)msg[i++]);
  }
  fputc('\n', stderr);
  fflush(stderr);
}

/* Registry field: the store file of 'paa --db FILE' (a string), read by
** paa.core.db() before the PAA_DB environment variable. */
/*
** The 'outlets' corpus option, the table at index 't' (domain -> name,
** both strings), as the (domain, name) pairs paa_corpus_opts takes:
** pushes the array (a userdata; the strings stay the table's, read raw)
** and returns the number of pairs in '*n'. A key or value that is not a
** string raises, naming 'who'.
*/
static inline const char **lpaa_outlets(lua_State *L, int t, const char *who, size_t *n) {
  const char **pairs;
  size_t k = 0;
  t = lua_absindex(L, t);
  lua_pushnil(L);
  while (lua_next(L, t)) {
    if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
      luaL_error(L, "%s: option 'outlets' must map domains to names (strings)", who);
    k++;
    lua_pop(L, 1);
  }
  pairs = (const char **)lua_newuserdatauv(L, (2 * k + 1) * sizeof(char *), 0);
  k = 0;
  lua_pushnil(L);
  while (lua_next(L, t)) {  /* the table keeps the strings alive */
    pairs[2 * k] = lua_tostring(L, -2);
    pairs[2 * k + 1] = lua_tostring(L, -1);
    k++;
    lua_pop(L, 1);
  }
  *n = k;
  return pairs;
}

/*
** The strings at index 'v' (a string, or a non-empty array of them) as a
** NULL-ended userdata array, pushed, whose user value is an array of
** the same strings (which it keeps alive); their number in '*n'.
** Anything else raises, naming 'who' and 'what'.
*/
static inline const char **lpaa_strings(lua_State *L, int v, const char *who, const char *what,
                                        size_t *n) {
  const char **a;
  size_t k = 1, i;
  v = lua_absindex(L, v);
  if (lua_type(L, v) == LUA_TTABLE) {
    k = (size_t)lua_rawlen(L, v);
    if (k == 0) luaL_error(L, "%s: filter: %s is an empty list", who, what);
    for (i = 1; i <= k; i++) {
      if (lua_rawgeti(L, v, (lua_Integer)i) != LUA_TSTRING)
        luaL_error(L, "%s: filter: %s must be strings, got a %s", who, what, luaL_typename(L, -1));
      lua_pop(L, 1);
    }
  }
  else if (lua_type(L, v) != LUA_TSTRING)
    luaL_error(L, "%s: filter: %s must be a string or an array of strings, got %s", who, what,
               luaL_typename(L, v));
  a = (const char **)lua_newuserdatauv(L, (k + 1) * sizeof(char *), 1);
  lua_createtable(L, (int)k, 0);
  for (i = 0; i < k; i++) {
    if (lua_type(L, v) == LUA_TSTRING) lua_pushvalue(L, v);
    else lua_rawgeti(L, v, (lua_Integer)(i + 1));
    a[i] = lua_tostring(L, -1);  /* the array below keeps it */
    lua_rawseti(L, -2, (lua_Integer)(i + 1));
  }
  lua_setiuservalue(L, -2, 1);
  a[k] = NULL;
  *n = k;
  return a;
}

/*
** The 'filter' corpus option (opts.filter; 'opts' a table's index, or 0)
** into 'o': { source = name(s), since = date, until = date, where = {
** field = value(s), ... } }, every key optional. A wrong one raises,
** naming 'who'. Pushes one value: nil without a filter, else a table
** holding what 'o' points to, whose field 'filter' is a copy of the
** filter (names and values as arrays) for a corpus's 'options()'.
*/
static inline void lpaa_filter(lua_State *L, int opts, const char *who, paa_corpus_opts *o) {
  int f, keep, copy;
  char lo[11], hi[11];
  if (opts == 0) {
    lua_pushnil(L);
    return;
  }
  if (lua_getfield(L, opts, "filter") == LUA_TNIL) return;  /* nil pushed */
  if (!lua_istable(L, -1))
    luaL_error(L, "%s: option 'filter' must be a table, got %s", who, luaL_typename(L, -1));
  f = lua_gettop(L);
  lua_newtable(L);
  keep = f + 1;
  lua_newtable(L);
  copy = f + 2;
  lua_pushnil(L);
  while (lua_next(L, f)) {  /* stack: f keep copy key value */
    const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
    if (k == NULL || (strcmp(k, "source") && strcmp(k, "since") && strcmp(k, "until") &&
                      strcmp(k, "where")))
      luaL_error(L, "%s: filter: unknown key '%s' (source, since, until or where)", who,
                 k ? k : luaL_typename(L, -2));
    lua_pop(L, 1);
  }
  if (lua_getfield(L, f, "source") != LUA_TNIL) {
    o->sources = lpaa_strings(L, -1, who, "'source'", &o->nsources);
    lua_getiuservalue(L, -1, 1);
    lua_setfield(L, copy, "source");
    lua_rawseti(L, keep, 1);
  }
  lua_pop(L, 1);
  if (lua_getfield(L, f, "since") != LUA_TNIL) {
    if (lua_type(L, -1) != LUA_TSTRING || !paa_date_period(lua_tostring(L, -1), lo, hi))
      luaL_error(L, "%s: filter: 'since' is '%s', not a date (YYYY, YYYY-MM or YYYY-MM-DD)", who,
                 luaL_tolstring(L, -1, NULL));
    o->since = lua_tostring(L, -1);  /* the copy keeps it */
    lua_setfield(L, copy, "since");
  }
  else lua_pop(L, 1);
  if (lua_getfield(L, f, "until") != LUA_TNIL) {
    if (lua_type(L, -1) != LUA_TSTRING || !paa_date_period(lua_tostring(L, -1), lo, hi))
      luaL_error(L, "%s: filter: 'until' is '%s', not a date (YYYY, YYYY-MM or YYYY-MM-DD)", who,
                 luaL_tolstring(L, -1, NULL));
    o->until = lua_tostring(L, -1);
    lua_setfield(L, copy, "until");
  }
  else lua_pop(L, 1);
  if (lua_getfield(L, f, "where") != LUA_TNIL) {  /* stack: f keep copy where */
    int w = lua_gettop(L);
    size_t np = 0, i = 0;
    const char **pairs;
    if (!lua_istable(L, w))
      luaL_error(L, "%s: filter: 'where' must be a table of field = value(s), got %s", who,
                 luaL_typename(L, w));
    lua_newtable(L);  /* w + 1: its copy, field -> array of values */
    lua_pushnil(L);
    while (lua_next(L, w)) {  /* stack: ... key value */
      size_t k;
      if (lua_type(L, -2) != LUA_TSTRING || lua_tostring(L, -2)[0] == '\0')
        luaL_error(L, "%s: filter: 'where' must be keyed by field names", who);
      lua_pushfstring(L, "'where' value of '%s'", lua_tostring(L, -2));
      lpaa_strings(L, -2, who, lua_tostring(L, -1), &k);  /* ... key value what array */
      np += k;
      lua_getiuservalue(L, -1, 1);  /* ... key value what array values */
      lua_pushvalue(L, -5);
      lua_insert(L, -2);
      lua_rawset(L, w + 1);
      lua_pop(L, 3);  /* ... key */
    }
    pairs = (const char **)lua_newuserdatauv(L, (2 * np + 1) * sizeof(char *), 0);  /* w + 2 */
    lua_pushnil(L);
    while (lua_next(L, w + 1)) {  /* the copy's strings: the copy is kept */
      size_t j, k = (size_t)lua_rawlen(L, -1);
      for (j = 1; j <= k; j++) {
        lua_rawgeti(L, -1, (lua_Integer)j);
        pairs[2 * i] = lua_tostring(L, -3);
        pairs[2 * i + 1] = lua_tostring(L, -1);
        lua_pop(L, 1);
        i++;
      }
      lua_pop(L, 1);
    }
    pairs[2 * np] = NULL;
    o->where = pairs;
    o->nwhere = np;
    lua_rawseti(L, keep, 2);  /* stack: f keep copy where where-copy */
    lua_setfield(L, copy, "where");
  }
  lua_pop(L, 1);
  lua_setfield(L, keep, "filter");  /* stack: f keep */
  lua_remove(L, f);
}

/*
** The corpus options of the table at 'opts' (argument 'arg' of a
** function of module 'who'; 0: none) into 'o': max_bytes, all_files,
** words, within, outlets, filter, as paa.corpus.open takes them (a binding that
** walks a corpus opens its own from its paths and these). Pushes one
** value: a table holding the scratch arrays 'o->within' and 'o->outlets'
** point to (or nil), to keep on the stack while 'o' is used.
*/
static inline void lpaa_corpus_opts(lua_State *L, int opts, int arg, const char *who,
                                    paa_corpus_opts *o) {
  memset(o, 0, sizeof *o);
  if (opts == 0) {
    lua_pushnil(L);
    return;
  }
  if (lua_getfield(L, opts, "max_bytes") != LUA_TNIL) {
    int isint;
    lua_Integer m = lua_tointegerx(L, -1, &isint);
    if (!isint || m <= 0)
      luaL_error(L, "%s: option 'max_bytes' must be a positive integer", who);
    o->max_bytes = (size_t)m;
  }
  if (lua_getfield(L, opts, "all_files") != LUA_TNIL) {
    luaL_argexpected(L, lua_isboolean(L, -1), arg, "boolean 'all_files'");
    o->all_files = lua_toboolean(L, -1);
  }
  if (lua_getfield(L, opts, "words") != LUA_TNIL) {
    luaL_argexpected(L, lua_isboolean(L, -1), arg, "boolean 'words'");
    o->skip_words = !lua_toboolean(L, -1);
  }
  lua_pop(L, 3);
  if (lua_getfield(L, opts, "within") != LUA_TNIL) {
    size_t k, i;
    const char **within;
    luaL_argexpected(L, lua_istable(L, -1), arg, "array of folders 'within'");
    k = (size_t)lua_rawlen(L, -1);
    within = (const char **)lua_newuserdatauv(L, (k + 1) * sizeof(char *), 0);
    for (i = 0; i < k; i++) {
      if (lua_rawgeti(L, -2, (lua_Integer)(i + 1)) != LUA_TSTRING || lua_tostring(L, -1)[0] != '/')
        luaL_error(L, "%s: option 'within' must list absolute folders", who);
      within[i] = lua_tostring(L, -1);  /* the table keeps it alive: raw access */
      lua_pop(L, 1);
    }
    o->within = within;
    o->nwithin = k;
    lua_remove(L, -2);  /* stack: ... within-array */
  }
  lua_createtable(L, 2, 0);  /* stack: ... within-array|nil keep */
  lua_insert(L, -2);
  lua_rawseti(L, -2, 1);
  if (lua_getfield(L, opts, "outlets") != LUA_TNIL && !(lua_isboolean(L, -1) && !lua_toboolean(L, -1))) {
    luaL_argexpected(L, lua_istable(L, -1), arg, "table 'outlets'");
    o->outlets = lpaa_outlets(L, -1, who, &o->noutlets);
    lua_rawseti(L, -3, 2);  /* stack: ... keep outlets-table */
  }
  lua_pop(L, 1);
  lpaa_filter(L, opts, who, o);  /* stack: ... keep filter-keep */
  lua_rawseti(L, -2, 3);
}

/* Does 'o' filter the documents? */
static inline int lpaa_filtering(const paa_corpus_opts *o) {
  return o->sources != NULL || o->where != NULL || o->since != NULL || o->until != NULL;
}

/* Push a walk's counts as the table corpus:stats() gives; 'filtered'
** only when the corpus has a filter ('filtering') */
static inline void lpaa_push_stats(lua_State *L, const paa_walk_stats *s, int filtering) {
  lua_createtable(L, 0, 7);
  lua_pushinteger(L, (lua_Integer)s->files);
  lua_setfield(L, -2, "files");
  lua_pushinteger(L, (lua_Integer)s->docs);
  lua_setfield(L, -2, "docs");
  lua_pushinteger(L, (lua_Integer)s->skipped);
  lua_setfield(L, -2, "skipped");
  lua_pushinteger(L, (lua_Integer)s->ignored);
  lua_setfield(L, -2, "ignored");
  lua_pushinteger(L, (lua_Integer)s->notes);
  lua_setfield(L, -2, "notes");
  lua_pushinteger(L, (lua_Integer)s->bytes);
  lua_setfield(L, -2, "bytes");
  lua_pushinteger(L, (lua_Integer)s->hash);
  lua_setfield(L, -2, "hash");
  if (filtering || s->filtered > 0) {
    lua_pushinteger(L, (lua_Integer)s->filtered);
    lua_setfield(L, -2, "filtered");
  }
}

#define PAA_DB_KEY  "paa.db"

/*
** The module entry points: the only symbols paa.so exports, and, with
** the Lua API itself, the only ones the paa executable exports (it is
** linked with exports so that C modules load into it). Everything else
** is built with hidden visibility.
*/
#if defined(__GNUC__) || defined(__clang__)
#define LPAA_API __attribute__((visibility("default")))
#else
#define LPAA_API
#endif

/* the bindings, one a C file: each a plain mirror of its engine */
LPAA_API int luaopen_paa_core(lua_State *L);
LPAA_API int luaopen_paa_corpus_core(lua_State *L);   /* lpaa_corpus.c */
LPAA_API int luaopen_paa_text(lua_State *L);
LPAA_API int luaopen_paa_lexicon_core(lua_State *L);  /* lpaa_lexicon.c */
LPAA_API int luaopen_paa_dedup_core(lua_State *L);    /* lpaa_dedup.c */
LPAA_API int luaopen_paa_store_core(lua_State *L);    /* lpaa_store.c */
LPAA_API int luaopen_paa_words_core(lua_State *L);    /* lpaa_words.c */

/*
** "paa.corpus", "paa.dedup", "paa.lexicon" and "paa.store" are Lua modules
** (lua/paa/corpus.lua, ...) over the cores above, which the host
** preloads as "paa.corpus.core", ... and the stock lua finds in paa.so.
*/

/*
** The host's sandbox (sandbox.c, linked into the paa executable only):
** 'paa --sandbox', '--out', '--max-memory', '--timeout', PAA_SANDBOX.
*/
#define PAA_SANDBOX_EXIT  3   /* exit status when a time or memory limit stopped the run */

lua_State *paa_sandbox_newstate(void);
int paa_sandbox_option(char **argv, int *i);
const char *paa_sandbox_error(void);
int paa_sandbox_enabled(void);
int paa_sandbox_wanted(void);
int paa_sandbox_start(lua_State *L, char **args, int interactive);
int paa_sandbox_stopped(int status);
int paa_sandbox_exit(void);
int paa_sandbox_isolated(lua_State *L);  /* lua_CFunction: f in a child process */

#endif
