/*
** lpaa_corpus.c
** paa.corpus.core: Lua binding of the corpus reader (corpus.c). A
** paa.Corpus is a checked list of roots; 'corpus:docs()' starts a
** paa.Walk that yields one document table at a time and reports skipped
** inputs. Cleaning a walk's texts is composed in Lua (lua/paa/corpus.lua,
** the module scripts require as "paa.corpus").
*/

#include <errno.h>
#include <stdio.h>
#include <ctype.h>
#include <string.h>
#include <unistd.h>

#include "lua.h"
#include "lauxlib.h"

#include "paa.h"
#include "lpaa.h"


/* user values of a paa.Corpus */
#define CU_OPTS     1   /* the options it was opened with (warn, max_bytes, ...) */

typedef struct LCorpus {
  paa_corpus *c;         /* NULL when closed */
  paa_walk_stats last;   /* stats of the last walk that ran to its end */
  int skip_words;        /* opts.words == false: documents have no 'words' */
  int walked;            /* 'last' is set */
  int filtering;         /* opened with a filter: stats() has 'filtered' */
} LCorpus;

/* user values of a paa.Walk: 1, its paa.Corpus, kept alive by the walk;
** 2, its on_input function (or nil) */
typedef struct LWalk {
  paa_walk *w;           /* NULL when closed */
  int busy;              /* inside 'walk_next' (an on_input callback must not re-enter) */
} LWalk;


/*
** {==================================================================
** Handles
** ===================================================================
*/

#define to_corpus(L, i)  ((LCorpus *)luaL_checkudata(L, i, PAA_CORPUS_MT))

static LCorpus *check_corpus(lua_State *L, int i) {
  LCorpus *lc = to_corpus(L, i);
  if (lc->c == NULL) luaL_error(L, "paa.corpus: attempt to use a closed corpus");
  return lc;
}

#define to_walk(L, i)  ((LWalk *)luaL_checkudata(L, i, PAA_WALK_MT))

/*
** Read one option field of the table at 'opts' (or absent), checking
** its type. Leaves the value on the stack.
*/
static int opt_field(lua_State *L, int opts, const char *name, int type) {
  int t;
  if (opts == 0) { lua_pushnil(L); return LUA_TNIL; }
  t = lua_getfield(L, opts, name);
  if (type == LUA_TFUNCTION && t == LUA_TBOOLEAN && !lua_toboolean(L, -1))
    return t;  /* 'false' turns a callback off */
  if (t != LUA_TNIL && t != type)
    luaL_error(L, "paa.corpus: option '%s' must be a %s%s, got %s", name,
               lua_typename(L, type), type == LUA_TFUNCTION ? " or false" : "",
               luaL_typename(L, -1));
  return t;
}

/*
** open(path_or_list [, opts]) -> paa.Corpus | nil, message
** A missing root is an environmental failure (nil, message); a bad
** argument type or option raises.
*/
static int corpus_open(lua_State *L) {
  const char **paths;
  size_t n, i;
  int opts = 0, outlets, filter;
  paa_corpus_opts o;
  char err[512];
  LCorpus *lc;
  memset(&o, 0, sizeof o);
  if (lua_type(L, 1) == LUA_TSTRING) n = 1;
  else {
    luaL_argexpected(L, lua_type(L, 1) == LUA_TTABLE, 1, "string or array of strings");
    n = (size_t)lua_rawlen(L, 1);
    if (n == 0) luaL_argerror(L, 1, "no corpus path given");
    if (n > 0xFFFFFF) luaL_argerror(L, 1, "too many paths");
  }
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    opts = 2;
  }
  lua_settop(L, 2);
  if (opt_field(L, opts, "max_bytes", LUA_TNUMBER) != LUA_TNIL) {
    int isint;
    lua_Integer m = lua_tointegerx(L, -1, &isint);  /* 10e6 is fine too */
    if (!isint || m <= 0)
      luaL_error(L, "paa.corpus: option 'max_bytes' must be a positive integer");
    o.max_bytes = (size_t)m;
  }
  opt_field(L, opts, "all_files", LUA_TBOOLEAN);
  o.all_files = lua_toboolean(L, -1);
  if (opt_field(L, opts, "words", LUA_TBOOLEAN) != LUA_TNIL)  /* stack: ... words */
    o.skip_words = !lua_toboolean(L, -1);
  lua_pop(L, 1);
  opt_field(L, opts, "warn", LUA_TFUNCTION);  /* stack: paths opts max all warn */
  if (opt_field(L, opts, "within", LUA_TTABLE) != LUA_TNIL) {  /* 6 */
    size_t k = (size_t)lua_rawlen(L, 6);
    const char **within = (const char **)lua_newuserdatauv(L, (k + 1) * sizeof(char *), 0);
    for (i = 0; i < k; i++) {
      if (lua_rawgeti(L, 6, (lua_Integer)(i + 1)) != LUA_TSTRING || lua_tostring(L, -1)[0] != '/')
        return luaL_error(L, "paa.corpus: option 'within' must list absolute folders");
      within[i] = lua_tostring(L, -1);  /* the table keeps it alive: raw access */
      lua_pop(L, 1);
    }
    o.within = within;
    o.nwithin = k;  /* stack: paths opts max all warn within within-array */
  }
  if (opts) lua_getfield(L, opts, "outlets");
  else lua_pushnil(L);
  if (!lua_isnil(L, -1) && !(lua_isboolean(L, -1) && !lua_toboolean(L, -1))) {
    int t = lua_gettop(L);
    if (!lua_istable(L, t))
      luaL_error(L, "paa.corpus: option 'outlets' must be a table, got %s", luaL_typename(L, t));
    lua_newtable(L);  /* a copy, for 'options()': later changes to the table change nothing */
    lua_pushnil(L);
    while (lua_next(L, t)) {
      lua_pushvalue(L, -2);
      lua_insert(L, -2);
      lua_rawset(L, -4);
    }
    lua_replace(L, t);  /* stack: ... outlets-copy */
    o.outlets = lpaa_outlets(L, t, "paa.corpus", &o.noutlets);  /* ... copy pairs */
  }
  else lua_pushnil(L);  /* stack: ... nil nil */
  outlets = lua_gettop(L) - 1;
  lpaa_filter(L, opts, "paa.corpus", &o);  /* stack: ... filter-keep|nil */
  filter = lua_gettop(L);
  /* scratch array as userdata so an error cannot leak it */
  paths = (const char **)lua_newuserdatauv(L, n * sizeof(char *), 0);
  for (i = 0; i < n; i++) {
    if (lua_type(L, 1) == LUA_TSTRING) paths[i] = lua_tostring(L, 1);
    else {
      if (lua_rawgeti(L, 1, (lua_Integer)(i + 1)) != LUA_TSTRING)
        return luaL_error(L, "paa.corpus: path %d is a %s, not a string",
                          (int)(i + 1), luaL_typename(L, -1));
      paths[i] = lua_tostring(L, -1);  /* the table keeps it alive: raw access */
      lua_pop(L, 1);
    }
  }
  lc = (LCorpus *)lua_newuserdatauv(L, sizeof *lc, 1);
  memset(lc, 0, sizeof *lc);  /* closed until the corpus is open */
  luaL_setmetatable(L, PAA_CORPUS_MT);
  lc->c = paa_corpus_open(paths, n, &o, err, sizeof err);
  lc->skip_words = o.skip_words;
  lc->filtering = lpaa_filtering(&o);
  if (lc->c == NULL) {
    luaL_pushfail(L);
    lua_pushstring(L, err);
    return 2;
  }
  lua_createtable(L, 0, 5);  /* the options, for 'options()' */
  lua_pushvalue(L, 5);  /* warn */
  lua_setfield(L, -2, "warn");
  if (o.max_bytes) {
    lua_pushinteger(L, (lua_Integer)o.max_bytes);
    lua_setfield(L, -2, "max_bytes");
  }
  lua_pushboolean(L, o.all_files);
  lua_setfield(L, -2, "all_files");
  lua_pushboolean(L, !o.skip_words);
  lua_setfield(L, -2, "words");
  if (o.within) {
    lua_createtable(L, (int)o.nwithin, 0);
    for (i = 0; i < o.nwithin; i++) {
      lua_pushstring(L, o.within[i]);
      lua_rawseti(L, -2, (lua_Integer)(i + 1));
    }
    lua_setfield(L, -2, "within");
  }
  if (o.outlets) {
    lua_pushvalue(L, outlets);
    lua_setfield(L, -2, "outlets");
  }
  if (!lua_isnil(L, filter)) {
    lua_getfield(L, filter, "filter");
    lua_setfield(L, -2, "filter");
  }
  lua_setiuservalue(L, -2, CU_OPTS);
  return 1;
}

/* __close of the Lua files 'open_file' makes (liolib's 'io_fclose') */
static int file_close(lua_State *L) {
  luaL_Stream *p = (luaL_Stream *)luaL_checkudata(L, 1, LUA_FILEHANDLE);
  return luaL_fileresult(L, fclose(p->f) == 0, NULL);
}

/*
** open_file(path [, folders]) -> a Lua file, open for reading | nil,
** "path: why", errno. 'io.open' for a file paa reads but which a user
** names: a FIFO or a device there would block 'io.open' for ever, so the
** file is opened by paa_file_open, which takes regular files only (and
** folders with 'folders'). The file is the io library's own kind.
*/
static int corpus_open_file(lua_State *L) {
  const char *path = luaL_checkstring(L, 1), *why;
  int folders = lua_toboolean(L, 2), fd, e;
  luaL_Stream *p;
  lua_settop(L, 2);
  if (luaL_getmetatable(L, LUA_FILEHANDLE) == LUA_TNIL)
    return luaL_error(L, "paa.corpus: open_file needs the io library");
  lua_pop(L, 1);
  p = (luaL_Stream *)lua_newuserdatauv(L, sizeof *p, 0);
  p->f = NULL;
  p->closef = NULL;  /* closed until the file is open */
  luaL_setmetatable(L, LUA_FILEHANDLE);
  fd = paa_file_open(path, folders, &why);
  if (fd >= 0 && (p->f = fdopen(fd, "rb")) == NULL) {
    why = strerror(errno);
    close(fd);
    fd = -1;
  }
  if (fd < 0) {
    e = errno;
    luaL_pushfail(L);
    lua_pushfstring(L, "%s: %s", path, why);
    lua_pushinteger(L, e);
    return 3;
  }
  p->closef = file_close;
  return 1;
}

/*
** date_period(s) -> first, last | nil: the days "YYYY", "YYYY-MM" or
** "YYYY-MM-DD" covers (paa_date_period), as a filter's 'since' and
** 'until' read them; nil when 's' is no such date.
*/
static int corpus_date_period(lua_State *L) {
  char lo[11], hi[11];
  if (!paa_date_period(luaL_checkstring(L, 1), lo, hi)) return 0;
  lua_pushstring(L, lo);
  lua_pushstring(L, hi);
  return 2;
}

static int corpus_close(lua_State *L) {
  LCorpus *lc = to_corpus(L, 1);
  if (lc->c) {
    paa_corpus_close(lc->c);
    lc->c = NULL;
  }
  return 0;
}

static int corpus_tostring(lua_State *L) {
  LCorpus *lc = to_corpus(L, 1);
  if (lc->c == NULL) lua_pushliteral(L, "paa.Corpus (closed)");
  else if (paa_corpus_nroots(lc->c) == 1)
    lua_pushfstring(L, "paa.Corpus (%s)", paa_corpus_root(lc->c, 0));
  else
    lua_pushfstring(L, "paa.Corpus (%s and %d more)", paa_corpus_root(lc->c, 0),
                    (int)paa_corpus_nroots(lc->c) - 1);
  return 1;
}

/* roots() -> array of the paths given, trailing slashes removed */
static int corpus_roots(lua_State *L) {
  LCorpus *lc = check_corpus(L, 1);
  size_t i, n = paa_corpus_nroots(lc->c);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_pushstring(L, paa_corpus_root(lc->c, i));
    lua_rawseti(L, -2, (lua_Integer)(i + 1));
  }
  return 1;
}

/* Replace the table on top by a copy of it, its tables copied too
** (the options hold tables of strings, and the filter's 'where' one of
** arrays: a few levels) */
static void deep_copy(lua_State *L) {
  int t = lua_gettop(L);
  luaL_checkstack(L, 4, NULL);
  lua_newtable(L);
  lua_pushnil(L);
  while (lua_next(L, t)) {
    if (lua_istable(L, -1)) deep_copy(L);
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, -4);
  }
  lua_replace(L, t);
}

/*
** options(corpus) -> a copy of the options the corpus was opened with:
** { warn, max_bytes, all_files, words, within, outlets, filter } (what
** a store's ingest opens the same corpus with)
*/
static int corpus_options(lua_State *L) {
  check_corpus(L, 1);
  lua_settop(L, 1);
  lua_getiuservalue(L, 1, CU_OPTS);  /* 2 */
  deep_copy(L);
  return 1;
}


/* stats() -> counts of the last complete walk, or nil before one */
static int corpus_stats(lua_State *L) {
  LCorpus *lc = check_corpus(L, 1);
  if (!lc->walked) return 0;
  lpaa_push_stats(L, &lc->last, lc->filtering);
  return 1;
}

/* }================================================================== */


/*
** {==================================================================
** Walking
** ===================================================================
*/

static int walk_close(lua_State *L) {
  LWalk *lw = to_walk(L, 1);
  if (lw->w) {
    paa_walk_close(lw->w);
    lw->w = NULL;
  }
  return 0;
}

static int walk_tostring(lua_State *L) {
  LWalk *lw = to_walk(L, 1);
  lua_pushstring(L, lw->w ? "paa.Walk (open)" : "paa.Walk (closed)");
  return 1;
}

static void set_str(lua_State *L, const char *k, const char *v) {
  if (v == NULL) return;
  lua_pushstring(L, v);
  lua_setfield(L, -2, k);
}

static void push_doc(lua_State *L, const paa_doc *d, int skip_words) {
  size_t i;
  lua_createtable(L, 0, 14);
  set_str(L, "id", d->id);
  set_str(L, "path", d->path);
  set_str(L, "source", d->source);
  set_str(L, "title", d->title);
  set_str(L, "date", d->date);
  set_str(L, "url", d->url);
  set_str(L, "format", d->format);
  set_str(L, "encoding", d->encoding);
  set_str(L, "warning", d->warning);
  lua_pushlstring(L, d->text, d->len);
  lua_setfield(L, -2, "text");
  lua_pushinteger(L, (lua_Integer)d->len);
  lua_setfield(L, -2, "bytes");
  lua_pushinteger(L, (lua_Integer)d->index);
  lua_setfield(L, -2, "index");
  if (!skip_words) {
    lua_pushinteger(L, (lua_Integer)d->words);
    lua_setfield(L, -2, "words");
  }
  if (d->line > 0) {
    lua_pushinteger(L, d->line);
    lua_setfield(L, -2, "line");
  }
  if (d->nmeta > 0) {
    lua_createtable(L, 0, (int)d->nmeta);
    for (i = 0; i < d->nmeta; i++) {
      lua_pushstring(L, d->meta[2 * i + 1]);
      lua_setfield(L, -2, d->meta[2 * i]);
    }
    lua_setfield(L, -2, "meta");
  }
}

/* the record of an input (skipped, or a document with a note): { path,
** source, reason, line } */
static void push_info(lua_State *L, const paa_doc *d) {
  lua_createtable(L, 0, 5);
  set_str(L, "path", d->path);
  set_str(L, "source", d->source);
  set_str(L, "reason", d->warning);
  lua_pushinteger(L, (lua_Integer)d->index);
  lua_setfield(L, -2, "index");
  if (d->line > 0) {
    lua_pushinteger(L, d->line);
    lua_setfield(L, -2, "line");
  }
}

/*
** Report an input to the walk's 'on_input' function (user value 2 of
** the walk at 1), if it has one: what is told of it, and to whom, is
** decided in Lua (paa.inputs). A skipped input's record has 'skipped'.
*/
static void report_input(lua_State *L, LWalk *lw, const paa_doc *d, int skip) {
  if (lua_getiuservalue(L, 1, 2) != LUA_TFUNCTION) {
    lua_pop(L, 1);
    return;
  }
  push_info(L, d);
  if (skip) {
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, "skipped");
  }
  lw->busy = 1;  /* 'd' points into the walk: no second step meanwhile */
  lua_call(L, 1, 0);  /* a raise leaves 'busy': the loop is over */
  lw->busy = 0;
}

/*
** The iterator: the next document table, or nil at the end (when the
** walk is closed and its counts become the corpus's 'stats()').
*/
static int walk_next(lua_State *L) {
  LWalk *lw = to_walk(L, 1);
  LCorpus *lc;
  paa_doc d;
  if (lw->w == NULL) return 0;
  if (lw->busy)  /* 'd' below points into the walk: no second step meanwhile */
    return luaL_error(L, "paa.corpus: a warn callback cannot step its own walk");
  lua_settop(L, 1);
  lua_getiuservalue(L, 1, 1);  /* stack: walk corpus */
  lc = to_corpus(L, 2);
  for (;;) {
    int r;
    if (lc->c == NULL)  /* closed, perhaps by a warn callback */
      return luaL_error(L, "paa.corpus: attempt to use a closed corpus");
    r = paa_walk_next(lw->w, &d);
    switch (r) {
      case PAA_WALK_DOC:
        if (d.warning) report_input(L, lw, &d, 0);
        push_doc(L, &d, lc->skip_words);
        return 1;
      case PAA_WALK_SKIP:
        report_input(L, lw, &d, 1);
        break;
      case PAA_WALK_END:
        lc->last = *paa_walk_stats_of(lw->w);
        lc->walked = 1;
        paa_walk_close(lw->w);
        lw->w = NULL;
        return 0;
      default:
        return luaL_error(L, "paa.corpus: not enough memory");
    }
  }
}

/*
** docs([on_input [, shard, shards]]) -> iterator, walk, nil, walk
** The fourth value closes the walk when a generic 'for' is left early.
** on_input(info) is called for each input skipped ('info.skipped' set)
** and for each document with a note, before the document is yielded;
** without it, inputs are skipped silently. With 'shards', the walk is
** worker 'shard''s share (1 to 'shards', see paa_walk_shard).
*/
static int corpus_docs(lua_State *L) {
  LCorpus *lc = check_corpus(L, 1);
  LWalk *lw;
  lua_Integer shard = luaL_optinteger(L, 3, 1), shards = luaL_optinteger(L, 4, 1);
  if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TFUNCTION);
  luaL_argcheck(L, shards >= 1 && shards <= 1 << 20, 4, "shards out of range");
  luaL_argcheck(L, shard >= 1 && shard <= shards, 3, "shard out of range");
  lua_settop(L, 2);
  lw = (LWalk *)lua_newuserdatauv(L, sizeof *lw, 2);
  lw->w = NULL;
  lw->busy = 0;
  luaL_setmetatable(L, PAA_WALK_MT);
  lua_pushvalue(L, 1);
  lua_setiuservalue(L, -2, 1);
  lua_pushvalue(L, 2);
  lua_setiuservalue(L, -2, 2);
  lua_replace(L, 2);
  lw->w = paa_walk_new(lc->c);
  if (lw->w == NULL) return luaL_error(L, "paa.corpus: not enough memory");
  paa_walk_shard(lw->w, (size_t)(shard - 1), (size_t)shards);
  lua_pushcfunction(L, walk_next);  /* stack: corpus walk */
  lua_pushvalue(L, 2);
  lua_pushnil(L);
  lua_pushvalue(L, 2);
  return 4;
}

/* }================================================================== */


static const luaL_Reg corpus_funcs[] = {
  {"open", corpus_open},
  {"open_file", corpus_open_file},
  {"date_period", corpus_date_period},
  {"options", corpus_options},
  {NULL, NULL}
};

static const luaL_Reg corpus_methods[] = {
  {"docs", corpus_docs},
  {"roots", corpus_roots},
  {"stats", corpus_stats},
  {"close", corpus_close},
  {NULL, NULL}
};

static const luaL_Reg corpus_metamethods[] = {
  {"__index", NULL},  /* set to the methods table below */
  {"__gc", corpus_close},
  {"__close", corpus_close},
  {"__tostring", corpus_tostring},
  {NULL, NULL}
};

static const luaL_Reg walk_metamethods[] = {
  {"__gc", walk_close},
  {"__close", walk_close},
  {"__tostring", walk_tostring},
  {NULL, NULL}
};

/* Make the metatables; leaves the methods of paa.Corpus on the stack. */
static void createmeta(lua_State *L) {
  luaL_newmetatable(L, PAA_CORPUS_MT);
  luaL_setfuncs(L, corpus_metamethods, 0);
  luaL_newlibtable(L, corpus_methods);
  luaL_setfuncs(L, corpus_methods, 0);
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, "__index");
  lua_remove(L, -2);
  luaL_newmetatable(L, PAA_WALK_MT);
  luaL_setfuncs(L, walk_metamethods, 0);
  lua_pop(L, 1);
}

/*
** The module: open, open_file, and 'Corpus', the methods of paa.Corpus,
** which the Lua module over this one completes (docs with cleaning).
*/
int luaopen_paa_corpus_core(lua_State *L) {
  luaL_newlib(L, corpus_funcs);
  createmeta(L);
  lua_setfield(L, -2, "Corpus");
  return 1;
}
