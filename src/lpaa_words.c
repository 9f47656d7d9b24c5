/*
** lpaa_words.c
** paa.words.core: Lua binding of the term counter (counts.c), under
** lua/paa/words.lua ("paa.words"), which adds stopword lists, the
** statistics and the tables. A paa.Counter counts the words or n-grams
** of whole texts, one C pass each; Lua reads back sorted cells.
*/

#include <stdlib.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"

#include "paa.h"
#include "lpaa.h"


#define COUNTER_MT  "paa.Counter"

typedef struct LCounter {
  paa_counter *c;        /* NULL when closed */
} LCounter;

#define to_counter(L, i)  ((LCounter *)luaL_checkudata(L, i, COUNTER_MT))

static paa_counter *check_counter(lua_State *L, int i) {
  LCounter *lc = to_counter(L, i);
  if (lc->c == NULL) luaL_error(L, "paa.words: attempt to use a closed counter");
  return lc->c;
}

static int counter_close(lua_State *L) {
  LCounter *lc = to_counter(L, 1);
  paa_counter_free(lc->c);
  lc->c = NULL;
  return 0;
}

static int counter_tostring(lua_State *L) {
  LCounter *lc = to_counter(L, 1);
  if (lc->c == NULL) lua_pushliteral(L, "paa.Counter (closed)");
  else lua_pushfstring(L, "paa.Counter (n = %d, %d groups, %d cells)", paa_counter_n(lc->c),
                       (int)paa_counter_ngroups(lc->c), (int)paa_counter_ncells(lc->c));
  return 1;
}

/* A new handle on the stack, owning 'c' (freed here on no memory) */
static void push_counter(lua_State *L, paa_counter *c) {
  LCounter *lc = (LCounter *)lua_newuserdatauv(L, sizeof *lc, 0);
  lc->c = NULL;
  luaL_setmetatable(L, COUNTER_MT);
  if (c == NULL) luaL_error(L, "paa.words: not enough memory");
  lc->c = c;
}

/* integer field 'k' of table 't', 'def' when nil; raises when not a non-negative integer */
static lua_Integer opt_field(lua_State *L, int t, const char *k, lua_Integer def, lua_Integer max) {
  lua_Integer v = def;
  int isnum;
  if (lua_getfield(L, t, k) != LUA_TNIL) {
    v = lua_tointegerx(L, -1, &isnum);
    if (!isnum || v < 0 || v > max)
      luaL_error(L, "paa.words: option '%s' must be an integer from 0 to %I", k, max);
  }
  lua_pop(L, 1);
  return v;
}

/*
** counter([opts]) -> paa.Counter: opts.n (1..5, words per term),
** opts.cap (cells kept), opts.numbers (false: leave number tokens out),
** opts.stopwords (an array of words not counted)
*/
static int words_counter(lua_State *L) {
  lua_Integer n = 1, cap = 0;
  int numbers = 1;
  paa_counter **slot;
  if (!lua_isnoneornil(L, 1)) {
    luaL_checktype(L, 1, LUA_TTABLE);
    n = opt_field(L, 1, "n", 1, PAA_COUNT_MAXN);
    if (n < 1) luaL_error(L, "paa.words: option 'n' must be an integer from 1 to %d", PAA_COUNT_MAXN);
    cap = opt_field(L, 1, "cap", 0, (lua_Integer)1 << 40);
    if (lua_getfield(L, 1, "numbers") != LUA_TNIL) numbers = lua_toboolean(L, -1);
    lua_pop(L, 1);
  }
  push_counter(L, paa_counter_new((int)n, (size_t)cap, numbers));
  slot = &to_counter(L, -1)->c;
  if (!lua_isnoneornil(L, 1) && lua_getfield(L, 1, "stopwords") != LUA_TNIL) {
    lua_Integer i, len;
    luaL_checktype(L, -1, LUA_TTABLE);
    len = luaL_len(L, -1);
    for (i = 1; i <= len; i++) {
      size_t wl;
      const char *w;
      lua_geti(L, -1, i);
      if ((w = lua_tolstring(L, -1, &wl)) == NULL || lua_type(L, -1) != LUA_TSTRING)
        luaL_error(L, "paa.words: stopword %I is not a string", i);
      if (paa_counter_stopword(*slot, w, wl) < 0) luaL_error(L, "paa.words: not enough memory");
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  else if (!lua_isnoneornil(L, 1)) lua_pop(L, 1);
  return 1;
}

/* load(bytes) -> paa.Counter, or nil, message */
static int words_load(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  char err[128];
  paa_counter *c = paa_counter_load(s, n, err, sizeof err);
  if (c == NULL) {
    luaL_pushfail(L);
    lua_pushfstring(L, "paa.words: %s", err);
    return 2;
  }
  push_counter(L, c);
  return 1;
}

/* ctr:add(text [, group]) -> ctr: count 'text' as one document of 'group' ("") */
static int counter_add(lua_State *L) {
  paa_counter *c = check_counter(L, 1);
  size_t n, gl = 0;
  const char *s = luaL_checklstring(L, 2, &n);
  const char *g = luaL_optlstring(L, 3, "", &gl);
  if (paa_counter_add(c, s, n, g, gl) < 0) return luaL_error(L, "paa.words: not enough memory");
  lua_settop(L, 1);
  return 1;
}

/* ctr:merge(other) -> ctr; ctr:merge(bytes) -> ctr, or nil, message (a dump) */
static int counter_merge(lua_State *L) {
  paa_counter *c = check_counter(L, 1), *o;
  if (lua_type(L, 2) == LUA_TSTRING) {
    size_t n;
    const char *s = lua_tolstring(L, 2, &n);
    char err[128];
    if (paa_counter_merge_dump(c, s, n, err, sizeof err) < 0) {
      luaL_pushfail(L);
      lua_pushfstring(L, "paa.words: %s", err);
      return 2;
    }
    lua_settop(L, 1);
    return 1;
  }
  o = check_counter(L, 2);
  if (paa_counter_n(c) != paa_counter_n(o))
    return luaL_error(L, "paa.words: cannot merge counters of %d and %d words per term",
                      paa_counter_n(c), paa_counter_n(o));
  if (paa_counter_merge(c, o) < 0) return luaL_error(L, "paa.words: not enough memory");
  lua_settop(L, 1);
  return 1;
}

/* ctr:clear() -> ctr: every count and group forgotten, the stopwords kept */
static int counter_clear(lua_State *L) {
  paa_counter_clear(check_counter(L, 1));
  lua_settop(L, 1);
  return 1;
}

/* ctr:dump() -> bytes */
static int counter_dump(lua_State *L) {
  paa_counter *c = check_counter(L, 1);
  size_t len;
  char *s = paa_counter_dump(c, &len);
  if (s == NULL) return luaL_error(L, "paa.words: not enough memory");
  lua_pushlstring(L, s, len);
  paa_free(s);
  return 1;
}

/* ctr:groups() -> { { name, docs, words, tokens }, ... } by name */
static int counter_groups(lua_State *L) {
  paa_counter *c = check_counter(L, 1);
  size_t i, n = paa_counter_ngroups(c);
  size_t *order = (size_t *)lua_newuserdatauv(L, (n + 1) * sizeof *order, 0);
  if (paa_counter_group_order(c, order) < 0) return luaL_error(L, "paa.words: not enough memory");
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    paa_count_group g;
    paa_counter_group(c, order[i], &g);
    lua_createtable(L, 0, 4);
    lua_pushlstring(L, g.name, g.len);
    lua_setfield(L, -2, "name");
    lua_pushinteger(L, (lua_Integer)g.docs);
    lua_setfield(L, -2, "docs");
    lua_pushinteger(L, (lua_Integer)g.words);
    lua_setfield(L, -2, "words");
    lua_pushinteger(L, (lua_Integer)g.tokens);
    lua_setfield(L, -2, "tokens");
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

/* the group named by argument 'arg' (nil: every group); raises when unknown */
static size_t check_group(lua_State *L, paa_counter *c, int arg) {
  size_t len, g;
  const char *name;
  if (lua_isnoneornil(L, arg)) return (size_t)-1;
  name = luaL_checklstring(L, arg, &len);
  g = paa_counter_find_group(c, name, len);
  if (g == (size_t)-1) luaL_error(L, "paa.words: no group '%s'", name);
  return g;
}

/* push the text of term 'term' */
static void push_term(lua_State *L, paa_counter *c, uint32_t term) {
  luaL_Buffer b;
  char stack[256];
  size_t len = paa_counter_term(c, term, stack, sizeof stack);
  if (len <= sizeof stack) {
    lua_pushlstring(L, stack, len);
    return;
  }
  luaL_buffinit(L, &b);
  paa_counter_term(c, term, luaL_prepbuffsize(&b, len), len);
  luaL_addsize(&b, len);
  luaL_pushresult(&b);
}

/*
** ctr:cells([opts]) -> { { term, group, freq, docs }, ... }: opts.group
** (a name; default every group), opts.min (least frequency, 1), opts.top
** (at most so many of each group); by group name, most frequent first, then term
*/
static int counter_cells(lua_State *L) {
  paa_counter *c = check_counter(L, 1);
  size_t group = (size_t)-1, i, n, top = 0;
  uint64_t min = 1;
  paa_count_cell *cells;
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_getfield(L, 2, "group");
    group = check_group(L, c, -1);
    lua_pop(L, 1);
    min = (uint64_t)opt_field(L, 2, "min", 1, LUA_MAXINTEGER);
    top = (size_t)opt_field(L, 2, "top", 0, LUA_MAXINTEGER);
  }
  n = paa_counter_cells(c, group, min, top, &cells);
  if (n == (size_t)-1) return luaL_error(L, "paa.words: not enough memory");
  lua_createtable(L, n > 1000000 ? 1000000 : (int)n, 0);
  for (i = 0; i < n; i++) {
    paa_count_group g;
    paa_counter_group(c, cells[i].group, &g);
    lua_createtable(L, 0, 4);
    push_term(L, c, cells[i].term);
    lua_setfield(L, -2, "term");
    lua_pushlstring(L, g.name, g.len);
    lua_setfield(L, -2, "group");
    lua_pushinteger(L, (lua_Integer)cells[i].freq);
    lua_setfield(L, -2, "freq");
    lua_pushinteger(L, (lua_Integer)cells[i].docs);
    lua_setfield(L, -2, "docs");
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  paa_free(cells);
  return 1;
}

/*
** ctr:margin(pos [, group]) -> { word = frequency }: the frequencies of
** the terms whose word at position 'pos' (1-based) is that word
*/
static int counter_margin(lua_State *L) {
  paa_counter *c = check_counter(L, 1);
  lua_Integer pos = luaL_checkinteger(L, 2);
  size_t group = check_group(L, c, 3), i, n = paa_counter_nwords(c);
  uint64_t *m;
  luaL_argcheck(L, pos >= 1 && pos <= paa_counter_n(c), 2, "position out of the n-gram");
  m = (uint64_t *)lua_newuserdatauv(L, (n + 1) * sizeof *m, 0);
  if (paa_counter_margin(c, group, (int)pos - 1, m) < 0) return luaL_error(L, "paa.words: not enough memory");
  lua_newtable(L);
  for (i = 0; i < n; i++) {
    size_t len;
    const char *w;
    if (m[i] == 0) continue;
    w = paa_counter_word(c, (uint32_t)i, &len);
    lua_pushlstring(L, w, len);
    lua_pushinteger(L, (lua_Integer)m[i]);
    lua_rawset(L, -3);
  }
  return 1;
}

/*
** ctr:totals(names) -> { term = frequency }: each term's frequency over
** the groups named in the array 'names' (raises on a name that is none)
*/
static int counter_totals(lua_State *L) {
  paa_counter *c = check_counter(L, 1);
  size_t ng = paa_counter_ngroups(c), nt = paa_counter_nterms(c), i;
  lua_Integer k, len;
  unsigned char *want;
  uint64_t *out;
  luaL_checktype(L, 2, LUA_TTABLE);
  want = (unsigned char *)lua_newuserdatauv(L, ng + 1, 0);
  memset(want, 0, ng + 1);
  len = luaL_len(L, 2);
  for (k = 1; k <= len; k++) {
    lua_geti(L, 2, k);
    want[check_group(L, c, -1)] = 1;
    lua_pop(L, 1);
  }
  out = (uint64_t *)lua_newuserdatauv(L, (nt + 1) * sizeof *out, 0);
  if (paa_counter_totals(c, want, out) < 0) return luaL_error(L, "paa.words: not enough memory");
  lua_newtable(L);
  for (i = 0; i < nt; i++) {
    if (out[i] == 0) continue;
    push_term(L, c, (uint32_t)i);
    lua_pushinteger(L, (lua_Integer)out[i]);
    lua_rawset(L, -3);
  }
  return 1;
}

/* ctr:info() -> { n, groups, cells, error } */
static int counter_info(lua_State *L) {
  paa_counter *c = check_counter(L, 1);
  lua_createtable(L, 0, 4);
  lua_pushinteger(L, paa_counter_n(c));
  lua_setfield(L, -2, "n");
  lua_pushinteger(L, (lua_Integer)paa_counter_ngroups(c));
  lua_setfield(L, -2, "groups");
  lua_pushinteger(L, (lua_Integer)paa_counter_ncells(c));
  lua_setfield(L, -2, "cells");
  lua_pushinteger(L, (lua_Integer)paa_counter_error(c));
  lua_setfield(L, -2, "error");
  return 1;
}


static const luaL_Reg words_funcs[] = {
  {"counter", words_counter},
  {"load", words_load},
  {NULL, NULL}
};

static const luaL_Reg counter_methods[] = {
  {"add", counter_add},
  {"merge", counter_merge},
  {"clear", counter_clear},
  {"dump", counter_dump},
  {"groups", counter_groups},
  {"cells", counter_cells},
  {"margin", counter_margin},
  {"totals", counter_totals},
  {"info", counter_info},
  {"close", counter_close},
  {NULL, NULL}
};

static const luaL_Reg counter_metamethods[] = {
  {"__index", NULL},  /* set to the methods table below */
  {"__gc", counter_close},
  {"__close", counter_close},
  {"__tostring", counter_tostring},
  {NULL, NULL}
};

int luaopen_paa_words_core(lua_State *L) {
  luaL_newlib(L, words_funcs);
  luaL_newmetatable(L, COUNTER_MT);
  luaL_setfuncs(L, counter_metamethods, 0);
  luaL_newlibtable(L, counter_methods);
  luaL_setfuncs(L, counter_methods, 0);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
  return 1;
}
