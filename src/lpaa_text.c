/*
** lpaa_text.c
** paa.text: Lua binding of the text engine (segment.c, tokenize.c,
** utf8.c): word segments, sentences, paragraphs, analysis tokens, words,
** counts and normalisation. Offsets given to Lua are 1-based and
** inclusive, as in string.sub.
*/

#include <stdlib.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"

#include "paa.h"
#include "lpaa.h"

#define PAA_BOX_MT  "paa.Box"   /* owns a malloc'd string until it is pushed */


/* segments(s) -> array of the UAX #29 word segments of 's' */
static int text_segments(lua_State *L) {
  size_t n, pos = 0;
  const char *s = luaL_checklstring(L, 1, &n);
  lua_Integer k = 0;
  lua_newtable(L);
  while (pos < n) {
    size_t e = paa_word_break(s, n, pos);
    lua_pushlstring(L, s + pos, e - pos);
    lua_rawseti(L, -2, ++k);
    pos = e;
  }
  return 1;
}

/*
** The iterators keep the text and the next position as upvalues; they
** hold no resource, so they need no closing value.
*/
static size_t iter_state(lua_State *L, const char **s, size_t *n) {
  *s = lua_tolstring(L, lua_upvalueindex(1), n);
  return (size_t)lua_tointeger(L, lua_upvalueindex(2));
}

static void iter_advance(lua_State *L, size_t pos) {
  lua_pushinteger(L, (lua_Integer)pos);
  lua_replace(L, lua_upvalueindex(2));
}

/* An iterator 'f' over the string argument 1; upvalue 3 is 'mode' */
static int new_iter(lua_State *L, lua_CFunction f, lua_Integer mode) {
  luaL_checkstring(L, 1);
  lua_pushvalue(L, 1);
  lua_pushinteger(L, 0);
  lua_pushinteger(L, mode);
  lua_pushcclosure(L, f, 3);
  return 1;
}

static int push_span(lua_State *L, const char *s, size_t a, size_t b) {
  lua_pushlstring(L, s + a, b - a);
  lua_pushinteger(L, (lua_Integer)a + 1);
  lua_pushinteger(L, (lua_Integer)b);
  return 3;
}

/* upvalue 3: 1 for the news rules, 0 for plain UAX #29 */
static int sentences_iter(lua_State *L) {
  const char *s;
  size_t n, pos = iter_state(L, &s, &n);
  int news = (int)lua_tointeger(L, lua_upvalueindex(3));
  while (pos < n) {
    size_t a = pos, b = paa_sentence_break(s, n, pos, news);
    iter_advance(L, b);
    pos = b;
    if (news) {  /* trimmed, and only if there is something in it */
      while (a < b && strchr(" \t\r\n\f\v", s[a])) a++;
      while (b > a && strchr(" \t\r\n\f\v", s[b - 1])) b--;
      if (a == b) continue;
    }
    return push_span(L, s, a, b);
  }
  return 0;
}

/*
** sentences(s [, opts]) -> iterator of sentence, start, stop.
** opts.rules = "uax29" gives the plain Unicode rules (spans untrimmed);
** the default "news" refines them for news prose.
*/
static int text_sentences(lua_State *L) {
  static const char *const rules[] = {"uax29", "news", NULL};
  int news = 1;
  luaL_checkstring(L, 1);
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_getfield(L, 2, "rules");
    news = luaL_checkoption(L, -1, "news", rules);
    lua_pop(L, 1);
  }
  return new_iter(L, sentences_iter, news);
}

static int paragraphs_iter(lua_State *L) {
  const char *s;
  size_t n, pos = iter_state(L, &s, &n), a, b;
  if (!paa_paragraph_next(s, n, &pos, &a, &b)) return 0;
  iter_advance(L, pos);
  return push_span(L, s, a, b);
}

/* paragraphs(s) -> iterator of paragraph, start, stop */
static int text_paragraphs(lua_State *L) {
  return new_iter(L, paragraphs_iter, 0);
}

static int tokens_iter(lua_State *L) {
  const char *s;
  size_t n, pos = iter_state(L, &s, &n);
  paa_tokenizer t;
  paa_token tok;
  int full = (int)lua_tointeger(L, lua_upvalueindex(3));
  paa_tokenizer_init(&t, s, n);
  t.pos = pos;
  if (!(full ? paa_token_next_full : paa_token_next)(&t, &tok)) return 0;
  iter_advance(L, t.pos);
  lua_pushlstring(L, s + tok.start, tok.stop - tok.start);
  lua_pushstring(L, paa_token_kind_name(tok.kind));
  lua_pushinteger(L, (lua_Integer)tok.start + 1);
  lua_pushinteger(L, (lua_Integer)tok.stop);
  return 4;
}

/*
** tokens(s [, rules]) -> iterator of token, kind, start, stop (for
** exploration); rules "full" leaves out the ASCII fast path
*/
static int text_tokens(lua_State *L) {
  static const char *const rules[] = {"fast", "full", NULL};
  return new_iter(L, tokens_iter, luaL_checkoption(L, 2, "fast", rules));
}

/* push 's[a, b)' folded as a term */
static void push_term(lua_State *L, const char *s, size_t len) {
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  luaL_addsize(&b, paa_fold_term(s, len, luaL_prepbuffsize(&b, 2 * len + 4)));
  luaL_pushresult(&b);
}

/*
** words(s [, opts]) -> array of the word and number tokens, folded as
** terms; with opts.runs, an array of runs of them instead: a run ends at
** any other token and at a blank line (where n-grams stop)
*/
static int text_words(lua_State *L) {
  size_t n, last = 0;
  const char *s = luaL_checklstring(L, 1, &n);
  paa_tokenizer t;
  paa_token tok;
  lua_Integer k = 0, r = 0;
  int runs = 0;
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_getfield(L, 2, "runs");
    runs = lua_toboolean(L, -1);
    lua_pop(L, 1);
  }
  lua_newtable(L);
  paa_tokenizer_init(&t, s, n);
  while (paa_token_next(&t, &tok)) {
    int word = tok.kind == PAA_TOK_WORD || tok.kind == PAA_TOK_NUMBER;
    if (runs && k > 0 && (!word || paa_blank_between(s, last, tok.start))) {
      lua_rawseti(L, -2, ++r);  /* the run ends */
      k = 0;
    }
    last = tok.stop;
    if (!word) continue;
    if (runs && k == 0) lua_newtable(L);
    push_term(L, s + tok.start, tok.stop - tok.start);
    lua_rawseti(L, -2, ++k);
  }
  if (runs && k > 0) lua_rawseti(L, -2, ++r);
  return 1;
}

/* count(s) -> number of word and number tokens */
static int text_count(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  lua_pushinteger(L, (lua_Integer)paa_count_tokens(s, n));
  return 1;
}

/* amount_hint(s) -> where an amount of a million or more may start
** (1-based), or nil */
static int text_amount_hint(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  size_t at = paa_amount_hint(s, n);
  if (at == n) lua_pushnil(L);
  else lua_pushinteger(L, (lua_Integer)at + 1);
  return 1;
}

/* fold(s) -> 's' folded as tokens are compared */
static int text_fold(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  luaL_addsize(&b, paa_fold(s, n, luaL_prepbuffsize(&b, 2 * n + 4)));
  luaL_pushresult(&b);
  return 1;
}

/* normalize(s [, opts]) -> NFC text with folded quotes, dashes and spaces */
static int text_normalize(lua_State *L) {
  size_t n, len;
  const char *s = luaL_checklstring(L, 1, &n);
  int fold = 0;
  char *r, **box;
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_getfield(L, 2, "casefold");
    fold = lua_toboolean(L, -1);
    lua_pop(L, 1);
  }
  box = (char **)lua_newuserdatauv(L, sizeof(char *), 0);  /* frees 'r' if we raise */
  *box = NULL;
  luaL_setmetatable(L, PAA_BOX_MT);
  *box = r = paa_normalize(s, n, fold, &len);
  if (r == NULL) return luaL_error(L, "paa.text: not enough memory");
  lua_pushlstring(L, r, len);
  paa_free(r);
  *box = NULL;
  return 1;
}

/* __gc of a box holding a malloc'd string */
static int box_gc(lua_State *L) {
  char **box = (char **)luaL_checkudata(L, 1, PAA_BOX_MT);
  paa_free(*box);
  *box = NULL;
  return 0;
}


static const luaL_Reg text_funcs[] = {
  {"segments", text_segments},
  {"sentences", text_sentences},
  {"paragraphs", text_paragraphs},
  {"tokens", text_tokens},
  {"words", text_words},
  {"count", text_count},
  {"amount_hint", text_amount_hint},
  {"fold", text_fold},
  {"normalize", text_normalize},
  {NULL, NULL}
};

int luaopen_paa_text(lua_State *L) {
  luaL_newmetatable(L, PAA_BOX_MT);
  lua_pushcfunction(L, box_gc);
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);
  luaL_newlib(L, text_funcs);
  return 1;
}
