/*
** lpaa_lexicon.c
** paa.lexicon.core: Lua binding of the theme lexicon matcher (lexicon.c),
** under lua/paa/lexicon.lua ("paa.lexicon"), which gives 'load' its
** reader of .lua lexicon files. A
** paa.Lexicon is compiled once, from a Lua table ('new') or a file
** ('load'), then counts or lists the matches of its themes in texts with
** one C pass per text: Lua never loops over tokens.
*/

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lua.h"
#include "lauxlib.h"

#include "paa.h"
#include "lpaa.h"


#define LEXICON_MT  "paa.Lexicon"
#define MATCHES_MT  "paa.LexiconMatches"

typedef struct LLexicon {
  paa_lexicon *lx;       /* NULL when closed (or not built yet) */
  paa_lexscan *sc;       /* scratch for scans, owned */
  size_t *counts;        /* one counter per term, owned */
} LLexicon;

/* the matches of one 'lex:matches(text)', collected before iterating */
typedef struct LMatches {
  paa_lex_match *m;      /* owned (malloc) */
  size_t n, cap;
  size_t next;           /* the next one to return */
} LMatches;


/*
** {==================================================================
** Handles
** ===================================================================
*/

#define to_lexicon(L, i)  ((LLexicon *)luaL_checkudata(L, i, LEXICON_MT))

static LLexicon *check_lexicon(lua_State *L, int i) {
  LLexicon *ll = to_lexicon(L, i);
  if (ll->lx == NULL) luaL_error(L, "paa.lexicon: attempt to use a closed lexicon");
  return ll;
}

static int lexicon_close(lua_State *L) {
  LLexicon *ll = to_lexicon(L, 1);
  paa_lexscan_free(ll->sc);
  paa_lexicon_free(ll->lx);
  paa_free(ll->counts);
  ll->sc = NULL;
  ll->lx = NULL;
  ll->counts = NULL;
  return 0;
}

/*
** A new, empty handle on the stack. The lexicon being built hangs from
** it at once, so an error while building leaves it to '__gc'.
*/
static LLexicon *new_handle(lua_State *L, int flags) {
  LLexicon *ll = (LLexicon *)lua_newuserdatauv(L, sizeof *ll, 0);
  memset(ll, 0, sizeof *ll);
  luaL_setmetatable(L, LEXICON_MT);
  if (flags >= 0 && (ll->lx = paa_lexicon_new(flags)) == NULL)
    luaL_error(L, "paa.lexicon: not enough memory");
  return ll;
}

/* Get the handle ready for scans once its lexicon is compiled */
static void ready(lua_State *L, LLexicon *ll) {
  ll->sc = paa_lexscan_new(ll->lx);
  ll->counts = (size_t *)paa_calloc(paa_lexicon_nterms(ll->lx) + 1, sizeof(size_t));
  if (ll->sc == NULL || ll->counts == NULL) luaL_error(L, "paa.lexicon: not enough memory");
}

/* 'opts' argument of new and load: { nested = boolean } */
static int check_opts(lua_State *L, int i) {
  int flags = 0;
  if (lua_isnoneornil(L, i)) return 0;
  luaL_checktype(L, i, LUA_TTABLE);
  switch (lua_getfield(L, i, "nested")) {
    case LUA_TNIL: break;
    case LUA_TBOOLEAN: if (lua_toboolean(L, -1)) flags |= PAA_LEX_NESTED; break;
    default:
      luaL_error(L, "paa.lexicon: option 'nested' must be a boolean, got %s",
                 luaL_typename(L, -1));
  }
  lua_pop(L, 1);
  return flags;
}

static int lexicon_tostring(lua_State *L) {
  LLexicon *ll = to_lexicon(L, 1);
  if (ll->lx == NULL) lua_pushliteral(L, "paa.Lexicon (closed)");
  else {
    int nth = (int)paa_lexicon_nthemes(ll->lx), nt = (int)paa_lexicon_nterms(ll->lx);
    lua_pushfstring(L, "paa.Lexicon (%d theme%s, %d term%s)", nth, nth == 1 ? "" : "s",
                    nt, nt == 1 ? "" : "s");
  }
  return 1;
}

/* }================================================================== */


/*
** {==================================================================
** Building from Lua tables
** ===================================================================
*/

/* where a lexicon comes from, for messages: "" or "file.lua: " */
typedef struct source {
  const char *prefix;
} source;

/*
** Add the theme in the table at 't' (name, description and terms).
** In the array form its 'name' field is allowed (and was read already).
*/
static void add_theme_table(lua_State *L, paa_lexicon *lx, const source *src, int t,
                            const char *name, size_t namelen, int arrayform) {
  char err[256];
  const char *desc = NULL;
  size_t desclen = 0;
  lua_Integer j, n = (lua_Integer)lua_rawlen(L, t);
  int tp = lua_getfield(L, t, "description");
  if (tp == LUA_TSTRING) desc = lua_tolstring(L, -1, &desclen);
  else if (tp != LUA_TNIL)
    luaL_error(L, "paa.lexicon: %stheme '%s': description must be a string, got %s",
               src->prefix, name, luaL_typename(L, -1));
  if (paa_lexicon_add_theme(lx, name, namelen, desc, desclen, err, sizeof err) < 0)
    luaL_error(L, "paa.lexicon: %s%s", src->prefix, err);
  lua_pop(L, 1);
  /* anything but terms, 'description' (and 'name') is a mistake */
  lua_pushnil(L);
  while (lua_next(L, t)) {
    int isint;
    lua_Integer k = lua_tointegerx(L, -2, &isint);
    lua_pop(L, 1);
    if (lua_type(L, -1) == LUA_TNUMBER && isint && k >= 1 && k <= n) continue;
    if (lua_type(L, -1) == LUA_TSTRING) {
      const char *key = lua_tostring(L, -1);
      if (strcmp(key, "description") == 0 || (arrayform && strcmp(key, "name") == 0))
        continue;
    }
    luaL_error(L, "paa.lexicon: %stheme '%s': unexpected field '%s'", src->prefix, name,
               luaL_tolstring(L, -1, NULL));
  }
  for (j = 1; j <= n; j++) {
    size_t len;
    const char *term;
    if (lua_rawgeti(L, t, j) != LUA_TSTRING)
      luaL_error(L, "paa.lexicon: %stheme '%s', term %d is a %s, not a string",
                 src->prefix, name, (int)j, luaL_typename(L, -1));
    term = lua_tolstring(L, -1, &len);
    if (paa_lexicon_add_term(lx, term, len, err, sizeof err) < 0)
      luaL_error(L, "paa.lexicon: %stheme '%s', term %d: %s", src->prefix, name, (int)j, err);
    lua_pop(L, 1);
  }
}

/* an entry of the map form, to sort the themes by name */
typedef struct named {
  const char *name;
  size_t len;
} named;

static int cmp_named(const void *a, const void *b) {
  const named *x = (const named *)a, *y = (const named *)b;
  int c = memcmp(x->name, y->name, x->len < y->len ? x->len : y->len);
  return c ? c : (x->len > y->len) - (x->len < y->len);
}

/*
** Build 'lx' from the table at 't': an array of themes ({ name = ...,
** description = ..., terms... }, kept in order) or a map of theme name
** to terms (themes sorted by name: a Lua table has no order).
*/
static void build(lua_State *L, paa_lexicon *lx, const source *src, int t) {
  lua_Integer i, n = (lua_Integer)lua_rawlen(L, t);
  char err[256];
  if (n > 0) {
    lua_pushnil(L);
    while (lua_next(L, t)) {
      int isint;
      lua_Integer k = lua_tointegerx(L, -2, &isint);
      lua_pop(L, 1);
      if (!(lua_type(L, -1) == LUA_TNUMBER && isint && k >= 1 && k <= n))
        luaL_error(L, "paa.lexicon: %sthemes must be an array of themes or a map of "
                   "name = terms, not both", src->prefix);
    }
    for (i = 1; i <= n; i++) {
      int th = lua_gettop(L) + 1;
      size_t len;
      const char *name;
      if (lua_rawgeti(L, t, i) != LUA_TTABLE)
        luaL_error(L, "paa.lexicon: %stheme %d is a %s, not a table", src->prefix,
                   (int)i, luaL_typename(L, -1));
      if (lua_getfield(L, th, "name") != LUA_TSTRING)
        luaL_error(L, "paa.lexicon: %stheme %d has no name (a string field 'name')",
                   src->prefix, (int)i);
      name = lua_tolstring(L, -1, &len);
      add_theme_table(L, lx, src, th, name, len, 1);
      lua_pop(L, 2);
    }
  }
  else {
    named *names;
    size_t k, count = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
      lua_pop(L, 1);
      if (lua_type(L, -1) != LUA_TSTRING)
        luaL_error(L, "paa.lexicon: %stheme names must be strings, got %s", src->prefix,
                   luaL_typename(L, -1));
      count++;
    }
    if (count == 0) luaL_error(L, "paa.lexicon: %sno themes", src->prefix);
    /* scratch as userdata so an error cannot leak it; the keys stay in 't' */
    names = (named *)lua_newuserdatauv(L, count * sizeof *names, 0);
    k = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
      lua_pop(L, 1);
      names[k].name = lua_tolstring(L, -1, &names[k].len);
      k++;
    }
    qsort(names, count, sizeof *names, cmp_named);
    for (k = 0; k < count; k++) {
      int th = lua_gettop(L) + 1;
      lua_pushlstring(L, names[k].name, names[k].len);
      if (lua_rawget(L, t) != LUA_TTABLE)
        luaL_error(L, "paa.lexicon: %stheme '%s' is a %s, not a table of terms",
                   src->prefix, names[k].name, luaL_typename(L, -1));
      add_theme_table(L, lx, src, th, names[k].name, names[k].len, 0);
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  if (paa_lexicon_compile(lx, err, sizeof err) < 0)
    luaL_error(L, "paa.lexicon: %s%s", src->prefix, err);
}

/*
** new(themes [, opts]) -> paa.Lexicon
** Raises on any mistake in 'themes', naming the theme and term index.
*/
static int lexicon_new(lua_State *L) {
  int flags = check_opts(L, 2);
  source src = { "" };
  LLexicon *ll;
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 2);
  ll = new_handle(L, flags);
  build(L, ll->lx, &src, 1);
  ready(L, ll);
  return 1;
}

/*
** Read the file 'path' into a new string on the stack. Returns 0, or -1
** with nil and a message pushed instead (the file cannot be read).
*/
static int read_file(lua_State *L, const char *path) {
  const char *why;
  int fd = paa_file_open(path, 1, &why);  /* a FIFO would block fopen (a folder: "cannot read") */
  FILE *f = fd < 0 ? NULL : fdopen(fd, "rb");
  char *buf = NULL, *p;
  size_t n = 0, cap = 0, got;
  int e;
  if (f == NULL) {
    if (fd >= 0) {
      why = strerror(errno);
      close(fd);
    }
    luaL_pushfail(L);
    lua_pushfstring(L, "cannot open '%s': %s", path, why);
    return -1;
  }
  do {
    if (n == cap) {
      cap = cap ? 2 * cap : 8192;
      if ((p = (char *)paa_realloc(buf, cap)) == NULL) {
        paa_free(buf);
        fclose(f);
        return luaL_error(L, "paa.lexicon: not enough memory");
      }
      buf = p;
    }
    got = fread(buf + n, 1, cap - n, f);
    n += got;
  } while (got > 0);
  if (ferror(f)) {
    e = errno;
    paa_free(buf);
    fclose(f);
    luaL_pushfail(L);
    lua_pushfstring(L, "cannot read '%s': %s", path, strerror(e));
    return -1;
  }
  fclose(f);
  lua_pushlstring(L, buf ? buf : "", n);
  paa_free(buf);
  return 0;
}

/*
** Run the Lua lexicon file in the string at 'chunk' (read from 'path')
** with the reader at 'reader' (the caller's: lua/paa/lexicon.lua gives
** 'paa.restricted.data', so the file is data run in the restricted
** environment script headers and the sandbox share); leaves its result
** on the stack.
*/
static void run_lua_file(lua_State *L, int reader, int chunk, const char *path) {
  if (lua_isnoneornil(L, reader))
    luaL_error(L, "paa.lexicon: %s: a .lua lexicon needs a reader", path);
  lua_pushvalue(L, reader);
  lua_pushvalue(L, chunk);
  lua_pushstring(L, path);
  if (lua_pcall(L, 2, 1, 0) != LUA_OK)
    luaL_error(L, "paa.lexicon: %s", lua_tostring(L, -1));  /* 'data' raises strings */
  if (!lua_istable(L, -1))
    luaL_error(L, "paa.lexicon: %s: must return a table of themes, got %s", path,
               luaL_typename(L, -1));
}

/*
** What 'load' does once the file is read, called protected so that a
** mistake in the file comes back as nil, message: a lexicon file is
** input a user names on a command line, like a corpus, and deserves one
** line saying what is wrong with it, not a traceback.
** Stack: path flags text reader.
*/
static int load_text(lua_State *L) {
  const char *path = lua_tostring(L, 1);
  int flags = (int)lua_tointeger(L, 2);
  size_t plen = strlen(path);
  LLexicon *ll;
  if (plen > 4 && strcmp(path + plen - 4, ".lua") == 0) {
    source src;
    src.prefix = lua_pushfstring(L, "%s: ", path);  /* 5 */
    run_lua_file(L, 4, 3, path);  /* 6 */
    ll = new_handle(L, flags);
    build(L, ll->lx, &src, 6);
  }
  else {
    char err[512];
    size_t n;
    const char *s = lua_tolstring(L, 3, &n);
    ll = new_handle(L, -1);
    if ((ll->lx = paa_lexicon_parse(s, n, path, flags, err, sizeof err)) == NULL)
      return luaL_error(L, "paa.lexicon: %s", err);
  }
  ready(L, ll);
  return 1;
}

/*
** load(path [, opts [, reader]]) -> paa.Lexicon | nil, message
** A file that cannot be read, or holds a mistake, returns nil and a
** message naming it (and the line); bad arguments raise. 'reader(text,
** path)' turns a .lua file's text into its table of themes.
*/
static int lexicon_load(lua_State *L) {
  static const char prefix[] = "paa.lexicon: ";
  const char *msg;
  int flags, status;
  luaL_checkstring(L, 1);
  flags = check_opts(L, 2);
  lua_settop(L, 3);
  if (read_file(L, lua_tostring(L, 1)) < 0) return 2;  /* stack: path opts reader text */
  lua_pushcfunction(L, load_text);
  lua_pushvalue(L, 1);
  lua_pushinteger(L, flags);
  lua_pushvalue(L, 4);
  lua_pushvalue(L, 3);
  status = lua_pcall(L, 4, 1, 0);
  if (status != LUA_ERRRUN || (msg = lua_tostring(L, -1)) == NULL)
    return status == LUA_OK ? 1 : lua_error(L);
  if (strncmp(msg, prefix, sizeof prefix - 1) == 0) msg += sizeof prefix - 1;
  luaL_pushfail(L);
  lua_pushstring(L, msg);
  return 2;
}

/* }================================================================== */


/*
** {==================================================================
** Scanning
** ===================================================================
*/

/* Count the terms of the lexicon at 1 in the text at 2 into 'll->counts' */
static LLexicon *count_terms(lua_State *L) {
  LLexicon *ll = check_lexicon(L, 1);
  size_t n;
  const char *s = luaL_checklstring(L, 2, &n);
  memset(ll->counts, 0, paa_lexicon_nterms(ll->lx) * sizeof *ll->counts);
  if (paa_lexscan_count(ll->sc, s, n, ll->counts) != 0)
    luaL_error(L, "paa.lexicon: not enough memory");
  return ll;
}

/* count(text) -> { theme = n, ... } (every theme), and the text's words */
static int lexicon_count(lua_State *L) {
  LLexicon *ll = count_terms(L);
  size_t i, nth = paa_lexicon_nthemes(ll->lx);
  lua_createtable(L, 0, (int)nth);
  for (i = 0; i < nth; i++) {
    size_t first, k, nterms, sum = 0;
    const char *name = paa_lexicon_theme(ll->lx, i, NULL, &first, &nterms);
    for (k = first; k < first + nterms; k++) sum += ll->counts[k];
    lua_pushinteger(L, (lua_Integer)sum);
    lua_setfield(L, -2, name);
  }
  lua_pushinteger(L, (lua_Integer)paa_lexscan_words(ll->sc));
  return 2;
}

/*
** count_terms(text [, sparse]) -> { theme = { term = n, ... }, ... }, words
** Exclusions are left out; with 'sparse', so are terms (and themes)
** without a match: a report over many documents builds small tables.
*/
static int lexicon_count_terms(lua_State *L) {
  int sparse = lua_toboolean(L, 3);
  LLexicon *ll = count_terms(L);
  size_t i, nth = paa_lexicon_nthemes(ll->lx);
  lua_createtable(L, 0, sparse ? 0 : (int)nth);
  for (i = 0; i < nth; i++) {
    size_t first, k, nterms, any = 0;
    const char *name = paa_lexicon_theme(ll->lx, i, NULL, &first, &nterms);
    if (sparse) {
      for (k = first; k < first + nterms; k++) any += ll->counts[k];
      if (any == 0) continue;
    }
    lua_createtable(L, 0, sparse ? 0 : (int)nterms);
    for (k = first; k < first + nterms; k++) {
      int exclude;
      const char *term = paa_lexicon_term(ll->lx, k, NULL, &exclude);
      if (exclude || (sparse && ll->counts[k] == 0)) continue;
      lua_pushinteger(L, (lua_Integer)ll->counts[k]);
      lua_setfield(L, -2, term);
    }
    lua_setfield(L, -2, name);
  }
  lua_pushinteger(L, (lua_Integer)paa_lexscan_words(ll->sc));
  return 2;
}

static int matches_gc(lua_State *L) {
  LMatches *lm = (LMatches *)luaL_checkudata(L, 1, MATCHES_MT);
  paa_free(lm->m);
  lm->m = NULL;
  lm->n = lm->cap = lm->next = 0;
  return 0;
}

/* paa_lex_callback: keep every match */
static int collect(void *ud, const paa_lex_match *m) {
  LMatches *lm = (LMatches *)ud;
  if (lm->n == lm->cap) {
    size_t cap = lm->cap ? 2 * lm->cap : 64;
    paa_lex_match *p = (paa_lex_match *)paa_realloc(lm->m, cap * sizeof *p);
    if (p == NULL) return 1;
    lm->m = p;
    lm->cap = cap;
  }
  lm->m[lm->n++] = *m;
  return 0;
}

/* The iterator of 'matches': theme, term, start, stop (1-based, inclusive) */
static int matches_next(lua_State *L) {
  LLexicon *ll = check_lexicon(L, lua_upvalueindex(1));
  LMatches *lm = (LMatches *)lua_touserdata(L, lua_upvalueindex(2));
  const paa_lex_match *m;
  if (lm->next >= lm->n) return 0;
  m = &lm->m[lm->next++];
  lua_pushstring(L, paa_lexicon_theme(ll->lx, m->theme, NULL, NULL, NULL));
  lua_pushstring(L, paa_lexicon_term(ll->lx, m->term, NULL, NULL));
  lua_pushinteger(L, (lua_Integer)m->start + 1);
  lua_pushinteger(L, (lua_Integer)m->stop);
  return 4;
}

/*
** matches(text) -> iterator over theme, term, start, stop in text order.
** The matches are found in one pass up front (a small array of spans),
** so the text may change or the loop stop at any time.
*/
static int lexicon_matches(lua_State *L) {
  LLexicon *ll = check_lexicon(L, 1);
  size_t n;
  const char *s = luaL_checklstring(L, 2, &n);
  LMatches *lm;
  lua_settop(L, 2);
  lm = (LMatches *)lua_newuserdatauv(L, sizeof *lm, 0);
  memset(lm, 0, sizeof *lm);
  luaL_setmetatable(L, MATCHES_MT);
  if (paa_lexscan_matches(ll->sc, s, n, collect, lm) != 0)
    return luaL_error(L, "paa.lexicon: not enough memory");
  lua_pushvalue(L, 1);
  lua_pushvalue(L, 3);
  lua_pushcclosure(L, matches_next, 2);
  return 1;
}

/* }================================================================== */


/*
** {==================================================================
** Themes
** ===================================================================
*/

/* themes() -> { name, ... } in definition order, { name = description } */
static int lexicon_themes(lua_State *L) {
  LLexicon *ll = check_lexicon(L, 1);
  size_t i, nth = paa_lexicon_nthemes(ll->lx);
  lua_createtable(L, (int)nth, 0);
  lua_newtable(L);
  for (i = 0; i < nth; i++) {
    const char *desc, *name = paa_lexicon_theme(ll->lx, i, &desc, NULL, NULL);
    lua_pushstring(L, name);
    lua_rawseti(L, -3, (lua_Integer)(i + 1));
    if (desc) {
      lua_pushstring(L, desc);
      lua_setfield(L, -2, name);
    }
  }
  return 2;
}

/* Index of the theme named by argument 'arg'; raises when there is none */
static size_t check_theme(lua_State *L, LLexicon *ll, int arg) {
  const char *name = luaL_checkstring(L, arg);
  size_t i, nth = paa_lexicon_nthemes(ll->lx);
  for (i = 0; i < nth; i++)
    if (strcmp(paa_lexicon_theme(ll->lx, i, NULL, NULL, NULL), name) == 0) return i;
  luaL_error(L, "paa.lexicon: no theme '%s'", name);
  return 0;
}

/* describe(theme) -> description, or nil when the theme has none */
static int lexicon_describe(lua_State *L) {
  LLexicon *ll = check_lexicon(L, 1);
  const char *desc;
  paa_lexicon_theme(ll->lx, check_theme(L, ll, 2), &desc, NULL, NULL);
  if (desc == NULL) return 0;
  lua_pushstring(L, desc);
  return 1;
}

/* terms(theme) -> { term, ... } as written, exclusions with their '-' */
static int lexicon_terms(lua_State *L) {
  LLexicon *ll = check_lexicon(L, 1);
  size_t first, nterms, k;
  paa_lexicon_theme(ll->lx, check_theme(L, ll, 2), NULL, &first, &nterms);
  lua_createtable(L, (int)nterms, 0);
  for (k = 0; k < nterms; k++) {
    lua_pushstring(L, paa_lexicon_term(ll->lx, first + k, NULL, NULL));
    lua_rawseti(L, -2, (lua_Integer)(k + 1));
  }
  return 1;
}

/* }================================================================== */


static const luaL_Reg lexicon_funcs[] = {
  {"new", lexicon_new},
  {"load", lexicon_load},
  {NULL, NULL}
};

static const luaL_Reg lexicon_methods[] = {
  {"count", lexicon_count},
  {"count_terms", lexicon_count_terms},
  {"matches", lexicon_matches},
  {"themes", lexicon_themes},
  {"describe", lexicon_describe},
  {"terms", lexicon_terms},
  {"close", lexicon_close},
  {NULL, NULL}
};

static const luaL_Reg lexicon_metamethods[] = {
  {"__index", NULL},  /* set to the methods table below */
  {"__gc", lexicon_close},
  {"__close", lexicon_close},
  {"__tostring", lexicon_tostring},
  {NULL, NULL}
};

static const luaL_Reg matches_metamethods[] = {
  {"__gc", matches_gc},
  {NULL, NULL}
};

static void createmeta(lua_State *L) {
  luaL_newmetatable(L, LEXICON_MT);
  luaL_setfuncs(L, lexicon_metamethods, 0);
  luaL_newlibtable(L, lexicon_methods);
  luaL_setfuncs(L, lexicon_methods, 0);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
  luaL_newmetatable(L, MATCHES_MT);
  luaL_setfuncs(L, matches_metamethods, 0);
  lua_pop(L, 1);
}

int luaopen_paa_lexicon_core(lua_State *L) {
  luaL_newlib(L, lexicon_funcs);
  createmeta(L);
  return 1;
}
