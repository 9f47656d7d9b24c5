/*
** lpaa_dedup.c
** paa.dedup.core: Lua binding of the dedup engines (hash.c, minhash.c,
** boiler.c): content hashes, SimHash, MinHash signatures, an LSH index
** with verified clusters (filled from texts, or from sketches made in
** other states), and a boilerplate model learnt from a corpus
** (dumped to bytes and loaded again, to be shared by workers).
** Each call does one document's work in C and returns a small result.
** The Lua module "paa.dedup" (lua/paa/dedup.lua) is this plus the
** learning of a model from a corpus.
*/

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"

#include "paa.h"
#include "lpaa.h"


#define MINHASH_MT  "paa.MinHash"
#define LSH_MT      "paa.LSH"
#define BOILER_MT   "paa.Boilerplate"

#define MAX_PERMS   4096
#define CHECK_PAIRS 200   /* clusters up to this size get their weakest pair */

typedef struct LMinHash {
  size_t perms;          /* signature values */
  size_t shingle;        /* tokens a shingle */
  lua_Integer seed;      /* of the hash functions */
  size_t nshingles;      /* distinct shingles of the text */
  uint32_t sig[1];       /* 'perms' values (allocated with the userdata) */
} LMinHash;

typedef struct LLSH {
  paa_lsh *idx;          /* NULL when closed */
} LLSH;

/* user values of a paa.LSH */
#define LSH_IDS    1     /* array: index + 1 -> id */
#define LSH_DATES  2     /* array: index + 1 -> date or false */
#define LSH_INDEX  3     /* id -> index + 1 */

typedef struct LBoiler {
  paa_boiler *bp;        /* NULL when closed */
} LBoiler;

static const char *const rule_names[] = {
  "", "known", "list", "repeat", "template", "source", "short", "corpus"
};


/*
** {==================================================================
** Options
** ===================================================================
*/

/* opts[name] as an integer in [lo, hi], 'def' when absent */
static lua_Integer opt_int(lua_State *L, int opts, const char *name,
                           lua_Integer def, lua_Integer lo, lua_Integer hi) {
  lua_Integer v = def;
  int isint = 1;
  if (opts == 0) return def;
  if (lua_getfield(L, opts, name) != LUA_TNIL) {
    v = lua_tointegerx(L, -1, &isint);
    if (!isint || v < lo || v > hi)
      luaL_error(L, "paa.dedup: option '%s' must be an integer in %I..%I",
                 name, lo, hi);
  }
  lua_pop(L, 1);
  return v;
}

/* opts[name] as a number in (lo, hi] */
static double opt_num(lua_State *L, int opts, const char *name, double def,
                      double lo, double hi) {
  double v = def;
  if (opts == 0) return def;
  if (lua_getfield(L, opts, name) != LUA_TNIL) {
    int isnum;
    v = (double)lua_tonumberx(L, -1, &isnum);
    if (!isnum || !(v > lo && v <= hi)) {
      char range[64];
      snprintf(range, sizeof range, "(%g, %g]", lo, hi);
      luaL_error(L, "paa.dedup: option '%s' must be a number in %s", name, range);
    }
  }
  lua_pop(L, 1);
  return v;
}

static int opts_arg(lua_State *L, int i) {
  if (lua_isnoneornil(L, i)) return 0;
  luaL_checktype(L, i, LUA_TTABLE);
  return i;
}

/* }================================================================== */


/*
** {==================================================================
** Bytes from an engine (a dump, a sketch)
** ===================================================================
** Held by a to-be-closed userdata while Lua copies them into a string,
** so that a memory error meanwhile cannot leak them.
*/

#define BYTES_MT  "paa.dedup.Bytes"

typedef struct LBytes {
  char *s;               /* owned, or NULL */
} LBytes;

static int bytes_close(lua_State *L) {
  LBytes *d = (LBytes *)luaL_checkudata(L, 1, BYTES_MT);
  paa_free(d->s);
  d->s = NULL;
  return 0;
}

/* a holder for bytes, pushed and marked to be closed */
static LBytes *push_bytes(lua_State *L) {
  LBytes *d = (LBytes *)lua_newuserdatauv(L, sizeof *d, 0);
  d->s = NULL;
  luaL_setmetatable(L, BYTES_MT);
  lua_toclose(L, -1);
  return d;
}

/* }================================================================== */


/*
** {==================================================================
** Hashes
** ===================================================================
*/

static int dedup_hash(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  lua_pushinteger(L, (lua_Integer)paa_hash(s, n));
  return 1;
}

static int dedup_fingerprint(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  lua_pushinteger(L, (lua_Integer)paa_fingerprint(s, n));
  return 1;
}

static int dedup_simhash(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  int opts = opts_arg(L, 2);
  size_t k = (size_t)opt_int(L, opts, "shingle", 3, 1, 64);
  lua_pushinteger(L, (lua_Integer)paa_simhash(s, n, k));
  return 1;
}

/* sha256(s) -> the SHA-256 digest of the bytes of 's', 64 hex digits */
static int dedup_sha256(lua_State *L) {
  static const char hex[] = "0123456789abcdef";
  size_t n, i;
  const char *s = luaL_checklstring(L, 1, &n);
  unsigned char d[32];
  char out[64];
  paa_sha256(s, n, d);
  for (i = 0; i < 32; i++) {
    out[2 * i] = hex[d[i] >> 4];
    out[2 * i + 1] = hex[d[i] & 15];
  }
  lua_pushlstring(L, out, sizeof out);
  return 1;
}

static int dedup_hamming(lua_State *L) {
  uint64_t a = (uint64_t)luaL_checkinteger(L, 1);
  uint64_t b = (uint64_t)luaL_checkinteger(L, 2);
  lua_pushinteger(L, paa_hamming(a, b));
  return 1;
}

/* }================================================================== */


/*
** {==================================================================
** MinHash signatures
** ===================================================================
*/

#define check_minhash(L, i)  ((LMinHash *)luaL_checkudata(L, i, MINHASH_MT))

/*
** minhash(s [, opts]) -> paa.MinHash. The hash functions are drawn
** from 'seed' again for each call: cheap next to hashing the text.
*/
static int dedup_minhash(lua_State *L) {
  size_t n, perms, k, nsh;
  const char *s = luaL_checklstring(L, 1, &n);
  int opts = opts_arg(L, 2);
  lua_Integer seed;
  paa_minhasher *mh;
  LMinHash *m;
  perms = (size_t)opt_int(L, opts, "perms", 128, 1, MAX_PERMS);
  k = (size_t)opt_int(L, opts, "shingle", 5, 1, 64);
  seed = opt_int(L, opts, "seed", 1, LUA_MININTEGER, LUA_MAXINTEGER);
  m = (LMinHash *)lua_newuserdatauv(L, sizeof(LMinHash) + (perms - 1) * sizeof(uint32_t), 0);
  m->perms = perms;
  m->shingle = k;
  m->seed = seed;
  luaL_setmetatable(L, MINHASH_MT);
  mh = paa_minhasher_new(perms, k, (uint64_t)seed);
  if (mh == NULL) return luaL_error(L, "paa.dedup: not enough memory");
  nsh = paa_minhash(mh, s, n, m->sig, NULL);
  paa_minhasher_free(mh);
  if (nsh == (size_t)-1) return luaL_error(L, "paa.dedup: not enough memory");
  m->nshingles = nsh;
  return 1;
}

static int minhash_jaccard(lua_State *L) {
  LMinHash *a = check_minhash(L, 1), *b = check_minhash(L, 2);
  if (a->perms != b->perms || a->shingle != b->shingle || a->seed != b->seed)
    return luaL_argerror(L, 2, "signature made with other perms, shingle or seed");
  if (a->nshingles == 0 || b->nshingles == 0)  /* as the exact similarity says */
    lua_pushnumber(L, 0.0);
  else lua_pushnumber(L, paa_minhash_jaccard(a->sig, b->sig, a->perms));
  return 1;
}

static int minhash_values(lua_State *L) {
  LMinHash *m = check_minhash(L, 1);
  size_t p;
  lua_createtable(L, (int)m->perms, 0);
  for (p = 0; p < m->perms; p++) {
    lua_pushinteger(L, (lua_Integer)m->sig[p]);
    lua_rawseti(L, -2, (lua_Integer)p + 1);
  }
  return 1;
}

static int minhash_params(lua_State *L) {
  LMinHash *m = check_minhash(L, 1);
  lua_createtable(L, 0, 4);
  lua_pushinteger(L, (lua_Integer)m->perms);
  lua_setfield(L, -2, "perms");
  lua_pushinteger(L, (lua_Integer)m->shingle);
  lua_setfield(L, -2, "shingle");
  lua_pushinteger(L, m->seed);
  lua_setfield(L, -2, "seed");
  lua_pushinteger(L, (lua_Integer)m->nshingles);
  lua_setfield(L, -2, "shingles");
  return 1;
}

static int minhash_len(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)check_minhash(L, 1)->perms);
  return 1;
}

static int minhash_tostring(lua_State *L) {
  LMinHash *m = check_minhash(L, 1);
  lua_pushfstring(L, "paa.MinHash (%d perms, %d-token shingles, %d shingles)",
                  (int)m->perms, (int)m->shingle, (int)m->nshingles);
  return 1;
}

/* }================================================================== */


/*
** {==================================================================
** LSH index
** ===================================================================
*/

#define to_lsh(L, i)  ((LLSH *)luaL_checkudata(L, i, LSH_MT))

static LLSH *check_lsh(lua_State *L, int i) {
  LLSH *l = to_lsh(L, i);
  if (l->idx == NULL) luaL_error(L, "paa.dedup: attempt to use a closed LSH index");
  return l;
}

static int lsh_close(lua_State *L) {
  LLSH *l = to_lsh(L, 1);
  paa_lsh_free(l->idx);
  l->idx = NULL;
  return 0;
}

/*
** lsh([opts]) -> paa.LSH. Bad options raise: they are the caller's
** mistake, not the environment's.
*/
static int dedup_lsh(lua_State *L) {
  int opts = opts_arg(L, 1), i;
  paa_lsh_opts o;
  char err[256];
  LLSH *l;
  o.threshold = opt_num(L, opts, "threshold", 0.8, 0.0, 1.0);
  o.perms = (size_t)opt_int(L, opts, "perms", 128, 1, MAX_PERMS);
  o.shingle = (size_t)opt_int(L, opts, "shingle", 5, 1, 64);
  o.seed = (uint64_t)opt_int(L, opts, "seed", 1, LUA_MININTEGER, LUA_MAXINTEGER);
  o.bands = (size_t)opt_int(L, opts, "bands", 0, 0, MAX_PERMS);
  if (o.bands != 0 && o.perms % o.bands != 0)
    return luaL_error(L, "paa.dedup: option 'perms' (%d) must be a multiple of "
                      "'bands' (%d)", (int)o.perms, (int)o.bands);
  l = (LLSH *)lua_newuserdatauv(L, sizeof *l, 3);
  l->idx = NULL;
  luaL_setmetatable(L, LSH_MT);
  for (i = 1; i <= 3; i++) {
    lua_newtable(L);
    lua_setiuservalue(L, -2, i);
  }
  if ((l->idx = paa_lsh_new(&o, err, sizeof err)) == NULL)
    return luaL_error(L, "paa.dedup: %s", err);
  return 1;
}

/*
** sketch(s [, opts]) -> string: what an index of opts.shingle-token
** shingles keeps of 's' (paa_lsh_sketch), for idx:add_sketch. Only
** 'shingle' is read, so idx:params() will do as 'opts'.
*/
static int dedup_sketch(lua_State *L) {
  size_t n, len, k;
  const char *s = luaL_checklstring(L, 1, &n);
  int opts = opts_arg(L, 2);
  LBytes *d;
  k = (size_t)opt_int(L, opts, "shingle", 5, 1, 64);
  lua_settop(L, 2);
  d = push_bytes(L);  /* 3 */
  if (paa_lsh_sketch(s, n, k, &d->s, &len) < 0)
    return luaL_error(L, "paa.dedup: not enough memory");
  lua_pushlstring(L, d->s, len);
  lua_closeslot(L, 3);
  return 1;
}

/* Index of the id at 'i' (+1), or 0 when it was never added */
static lua_Integer id_index(lua_State *L, int lsh, int i) {
  lua_Integer k;
  lua_getiuservalue(L, lsh, LSH_INDEX);
  lua_pushvalue(L, i);
  lua_rawget(L, -2);
  k = lua_tointeger(L, -1);
  lua_pop(L, 2);
  return k;
}

static void check_id(lua_State *L, int i) {
  int t = lua_type(L, i);
  luaL_argexpected(L, t == LUA_TSTRING || t == LUA_TNUMBER, i, "string or number id");
  luaL_argcheck(L, lua_rawequal(L, i, i), i, "id is NaN");
}

/* idx:add*(id, x [, date]), the id checked: a bad date or a known id raises */
static void check_add(lua_State *L) {
  if (!lua_isnoneornil(L, 4)) luaL_checktype(L, 4, LUA_TSTRING);
  if (id_index(L, 1, 2) != 0)
    luaL_error(L, "paa.dedup: id '%s' is already in the index", luaL_tolstring(L, 2, NULL));
}

/* document 'd' was added: its id and date recorded; the count pushed */
static int added(lua_State *L, LLSH *l, size_t d) {
  lua_getiuservalue(L, 1, LSH_IDS);
  lua_pushvalue(L, 2);
  lua_rawseti(L, -2, (lua_Integer)d + 1);
  lua_getiuservalue(L, 1, LSH_DATES);
  if (lua_isnoneornil(L, 4)) lua_pushboolean(L, 0);
  else lua_pushvalue(L, 4);
  lua_rawseti(L, -2, (lua_Integer)d + 1);
  lua_getiuservalue(L, 1, LSH_INDEX);
  lua_pushvalue(L, 2);
  lua_pushinteger(L, (lua_Integer)d + 1);
  lua_rawset(L, -3);
  lua_pushinteger(L, (lua_Integer)paa_lsh_count(l->idx));
  return 1;
}

/* idx:add(id, text [, date]) -> number of documents in the index */
static int lsh_add(lua_State *L) {
  LLSH *l = check_lsh(L, 1);
  size_t n, d;
  const char *s;
  check_id(L, 2);
  s = luaL_checklstring(L, 3, &n);
  check_add(L);
  if ((d = paa_lsh_add(l->idx, s, n)) == (size_t)-1)
    return luaL_error(L, "paa.dedup: not enough memory");
  return added(L, l, d);
}

/*
** idx:add_sketch(id, sketch [, date]) -> number of documents | nil,
** message. A sketch comes from another state or machine (a partial):
** bytes that are not one are the environment's doing, as for
** load_boilerplate, and nothing is added.
*/
static int lsh_add_sketch(lua_State *L) {
  LLSH *l = check_lsh(L, 1);
  size_t n, d;
  const char *s;
  char err[128];
  check_id(L, 2);
  s = luaL_checklstring(L, 3, &n);
  check_add(L);
  if ((d = paa_lsh_add_sketch(l->idx, s, n, err, sizeof err)) == (size_t)-1) {
    luaL_pushfail(L);
    lua_pushstring(L, err);
    return 2;
  }
  return added(L, l, d);
}

/* push the id of document 'd'; 'ids' is the index of the ids array */
static void push_id(lua_State *L, int ids, size_t d) {
  lua_rawgeti(L, ids, (lua_Integer)d + 1);
}

/* idx:query(text) -> { { id, jaccard, estimate }, ... }, most similar first */
static int lsh_query(lua_State *L) {
  LLSH *l = check_lsh(L, 1);
  size_t n, i, k;
  const char *s = luaL_checklstring(L, 2, &n);
  paa_lsh_pair *res;
  int ids;
  k = paa_lsh_query(l->idx, s, n, &res);
  if (k == (size_t)-1) return luaL_error(L, "paa.dedup: not enough memory");
  lua_getiuservalue(L, 1, LSH_IDS);
  ids = lua_gettop(L);
  lua_createtable(L, (int)k, 0);
  for (i = 0; i < k; i++) {
    lua_createtable(L, 0, 3);
    push_id(L, ids, res[i].b);
    lua_setfield(L, -2, "id");
    lua_pushnumber(L, res[i].jaccard);
    lua_setfield(L, -2, "jaccard");
    lua_pushnumber(L, res[i].estimate);
    lua_setfield(L, -2, "estimate");
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  paa_free(res);
  return 1;
}

/*
** The keys the engine chooses canonical copies by (paa_lsh_canonical),
** one a document, in a userdata (an error cannot leak it) left on the
** stack. Their strings stay in the 'ids' and 'dates' tables meanwhile.
*/
static const paa_lsh_key *push_keys(lua_State *L, int ids, int dates, size_t n) {
  paa_lsh_key *keys = (paa_lsh_key *)lua_newuserdatauv(L, (n ? n : 1) * sizeof *keys, 0);
  size_t d;
  memset(keys, 0, (n ? n : 1) * sizeof *keys);
  for (d = 0; d < n; d++) {
    paa_lsh_key *k = &keys[d];
    if (lua_rawgeti(L, dates, (lua_Integer)d + 1) == LUA_TSTRING)
      k->date = lua_tolstring(L, -1, &k->datelen);
    lua_pop(L, 1);
    push_id(L, ids, d);
    if (lua_type(L, -1) == LUA_TSTRING) {
      k->idkind = PAA_LSH_ID_STRING;
      k->id = lua_tolstring(L, -1, &k->idlen);
    }
    else if (lua_isinteger(L, -1)) {
      k->idkind = PAA_LSH_ID_INT;
      k->idint = (long long)lua_tointeger(L, -1);
    }
    else {
      k->idkind = PAA_LSH_ID_FLOAT;
      k->idnum = (double)lua_tonumber(L, -1);
    }
    lua_pop(L, 1);
  }
  return keys;
}

static void push_pair(lua_State *L, int ids, const paa_lsh_pair *p) {
  lua_createtable(L, 0, 4);
  push_id(L, ids, p->a);
  lua_setfield(L, -2, "a");
  push_id(L, ids, p->b);
  lua_setfield(L, -2, "b");
  lua_pushnumber(L, p->jaccard);
  lua_setfield(L, -2, "jaccard");
  lua_pushnumber(L, p->estimate);
  lua_setfield(L, -2, "estimate");
}

/* clusters by size, larger first, then by their first member */
typedef struct corder {
  size_t count;          /* members */
  size_t c;              /* index of the cluster */
} corder;

static int cmp_cluster(const void *x, const void *y) {
  const corder *p = (const corder *)x, *q = (const corder *)y;
  if (p->count != q->count) return p->count > q->count ? -1 : 1;
  return (p->c > q->c) - (p->c < q->c);
}

/*
** idx:clusters() -> array of { members, canonical, size, edges,
** min_jaccard, weakest, chained }. Members are ids in the order added.
*/
static int lsh_clusters(lua_State *L) {
  LLSH *l = check_lsh(L, 1);
  paa_lsh_clusters cs;
  paa_lsh_opts o;
  size_t rows, c, i;
  corder *order;
  const paa_lsh_key *keys;
  int ids, dates;
  paa_lsh_params(l->idx, &o, &rows);
  lua_getiuservalue(L, 1, LSH_IDS);
  ids = lua_gettop(L);
  lua_getiuservalue(L, 1, LSH_DATES);
  dates = lua_gettop(L);
  keys = push_keys(L, ids, dates, paa_lsh_count(l->idx));
  if (paa_lsh_clusters_get(l->idx, CHECK_PAIRS, &cs) < 0)
    return luaL_error(L, "paa.dedup: not enough memory");
  order = (corder *)paa_malloc((cs.n ? cs.n : 1) * sizeof(corder));
  if (order == NULL) {
    paa_lsh_clusters_free(&cs);
    return luaL_error(L, "paa.dedup: not enough memory");
  }
  for (c = 0; c < cs.n; c++) {
    order[c].count = cs.cluster[c].count;
    order[c].c = c;
  }
  qsort(order, cs.n, sizeof(corder), cmp_cluster);
  lua_createtable(L, (int)cs.n, 0);
  for (c = 0; c < cs.n; c++) {
    const paa_lsh_cluster *k = &cs.cluster[order[c].c];
    size_t canon = paa_lsh_canonical(&cs, k, keys);
    lua_createtable(L, 0, 8);
    lua_pushinteger(L, (lua_Integer)k->count);
    lua_setfield(L, -2, "size");
    lua_createtable(L, (int)k->count, 0);
    for (i = 0; i < k->count; i++) {
      size_t m = cs.member[k->first + i];
      push_id(L, ids, m);
      lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "members");
    push_id(L, ids, canon);
    lua_setfield(L, -2, "canonical");
    lua_createtable(L, (int)k->ecount, 0);
    for (i = 0; i < k->ecount; i++) {
      push_pair(L, ids, &cs.edge[k->efirst + i]);
      lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "edges");
    if (k->min_jaccard >= 0) {
      lua_pushnumber(L, k->min_jaccard);
      lua_setfield(L, -2, "min_jaccard");
      lua_createtable(L, 2, 0);
      push_id(L, ids, k->weak_a);
      lua_rawseti(L, -2, 1);
      push_id(L, ids, k->weak_b);
      lua_rawseti(L, -2, 2);
      lua_setfield(L, -2, "weakest");
      lua_pushboolean(L, k->min_jaccard < o.threshold);
      lua_setfield(L, -2, "chained");
    }
    lua_rawseti(L, -2, (lua_Integer)c + 1);
  }
  paa_lsh_clusters_free(&cs);
  paa_free(order);
  return 1;
}

static int lsh_params(lua_State *L) {
  LLSH *l = check_lsh(L, 1);
  paa_lsh_opts o;
  size_t rows;
  paa_lsh_params(l->idx, &o, &rows);
  lua_createtable(L, 0, 6);
  lua_pushnumber(L, o.threshold);
  lua_setfield(L, -2, "threshold");
  lua_pushinteger(L, (lua_Integer)o.perms);
  lua_setfield(L, -2, "perms");
  lua_pushinteger(L, (lua_Integer)o.shingle);
  lua_setfield(L, -2, "shingle");
  lua_pushinteger(L, (lua_Integer)o.seed);
  lua_setfield(L, -2, "seed");
  lua_pushinteger(L, (lua_Integer)o.bands);
  lua_setfield(L, -2, "bands");
  lua_pushinteger(L, (lua_Integer)rows);
  lua_setfield(L, -2, "rows");
  return 1;
}

static int lsh_count(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)paa_lsh_count(check_lsh(L, 1)->idx));
  return 1;
}

static int lsh_memory(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)paa_lsh_memory(check_lsh(L, 1)->idx));
  return 1;
}

/* idx:jaccard(id1, id2) -> exact shingle Jaccard of two indexed documents */
static int lsh_jaccard(lua_State *L) {
  LLSH *l = check_lsh(L, 1);
  lua_Integer a, b;
  check_id(L, 2);
  check_id(L, 3);
  if ((a = id_index(L, 1, 2)) == 0) return luaL_argerror(L, 2, "id not in the index");
  if ((b = id_index(L, 1, 3)) == 0) return luaL_argerror(L, 3, "id not in the index");
  lua_pushnumber(L, paa_lsh_jaccard(l->idx, (size_t)a - 1, (size_t)b - 1));
  return 1;
}

static int lsh_tostring(lua_State *L) {
  LLSH *l = to_lsh(L, 1);
  if (l->idx == NULL) lua_pushliteral(L, "paa.LSH (closed)");
  else {
    paa_lsh_opts o;
    size_t rows;
    paa_lsh_params(l->idx, &o, &rows);
    lua_pushfstring(L, "paa.LSH (%d documents, threshold %f, %d bands x %d rows)",
                    (int)paa_lsh_count(l->idx), o.threshold, (int)o.bands, (int)rows);
  }
  return 1;
}

/* }================================================================== */


/*
** {==================================================================
** Boilerplate
** ===================================================================
*/

#define to_boiler(L, i)  ((LBoiler *)luaL_checkudata(L, i, BOILER_MT))

static LBoiler *check_boiler(lua_State *L, int i) {
  LBoiler *b = to_boiler(L, i);
  if (b->bp == NULL) luaL_error(L, "paa.dedup: attempt to use a closed boilerplate model");
  return b;
}

static int boiler_close(lua_State *L) {
  LBoiler *b = to_boiler(L, 1);
  paa_boiler_free(b->bp);
  b->bp = NULL;
  return 0;
}

static void add_phrase(lua_State *L, paa_boiler *bp, const char *s, size_t n) {
  if (paa_boiler_add_phrase(bp, s, n) < 0) luaL_error(L, "paa.dedup: not enough memory");
}

/* Learn one item at the top of the stack: a string, or { text, source } */
static void learn_item(lua_State *L, paa_boiler *bp, lua_Integer i) {
  const char *s, *src = "";
  size_t n;
  if (lua_type(L, -1) == LUA_TSTRING) s = lua_tolstring(L, -1, &n);
  else if (lua_type(L, -1) == LUA_TTABLE) {
    if (lua_getfield(L, -1, "source") == LUA_TSTRING) src = lua_tostring(L, -1);
    if (lua_getfield(L, -2, "text") != LUA_TSTRING)
      luaL_error(L, "paa.dedup: document %I has no text", i);
    s = lua_tolstring(L, -1, &n);
    lua_pop(L, 2);  /* still referenced by the document table */
  }
  else {
    luaL_error(L, "paa.dedup: document %I is a %s, expected a string or a table",
               i, luaL_typename(L, -1));
    return;
  }
  if (paa_boiler_learn(bp, src, s, n) < 0) luaL_error(L, "paa.dedup: not enough memory");
}

/*
** boilerplate(docs [, opts]) -> paa.Boilerplate. 'docs' is an array of
** texts or { text, source } tables, or an iterator function giving them
** until nil (a corpus is walked so by the Lua module over this one).
*/
/*
** A new model with the options of the table at 'opts' (0: none), its
** phrases added, pushed; 'arg' is that argument's number, for messages.
*/
static paa_boiler *new_model(lua_State *L, int opts, int arg) {
  paa_boiler_opts o;
  LBoiler *b;
  memset(&o, 0, sizeof o);
  o.min_docs = (size_t)opt_int(L, opts, "min_docs", 2, 2, 1 << 30);
  o.min_repeats = (size_t)opt_int(L, opts, "min_repeats", 2, 2, 1 << 30);
  o.short_words = (size_t)opt_int(L, opts, "short_words", 4, 1, 1000);
  o.list_lines = (size_t)opt_int(L, opts, "list_lines", 3, 2, 1 << 30);
  o.template_words = (size_t)opt_int(L, opts, "template_words", 6, 2, 64);
  o.copy_share = opt_num(L, opts, "copy_share", 0.5, 0.0, 1.0);
  o.min_share = opt_num(L, opts, "min_share", 0.01, 0.0, 1.0);
  o.min_corpus_docs = (size_t)opt_int(L, opts, "min_corpus_docs", 5, 2, 1 << 30);
  b = (LBoiler *)lua_newuserdatauv(L, sizeof *b, 0);
  b->bp = NULL;
  luaL_setmetatable(L, BOILER_MT);
  if ((b->bp = paa_boiler_new(&o)) == NULL) luaL_error(L, "paa.dedup: not enough memory");
  if (opts) lua_getfield(L, opts, "phrases");
  else lua_pushnil(L);
  if (!lua_isnil(L, -1)) {
    lua_Integer k, np;
    luaL_argexpected(L, lua_istable(L, -1), arg, "array of strings as 'phrases'");
    np = (lua_Integer)lua_rawlen(L, -1);
    for (k = 1; k <= np; k++) {
      size_t n;
      const char *s;
      if (lua_rawgeti(L, -1, k) != LUA_TSTRING)
        luaL_error(L, "paa.dedup: phrase %I is not a string", k);
      s = lua_tolstring(L, -1, &n);
      add_phrase(L, b->bp, s, n);
      lua_pop(L, 1);
    }
  }
  else if (paa_boiler_add_phrases(b->bp, paa_boiler_phrases()) < 0)
    luaL_error(L, "paa.dedup: not enough memory");
  lua_pop(L, 1);  /* the phrases (or nil) */
  return b->bp;
}

static int dedup_boilerplate(lua_State *L) {
  int opts = opts_arg(L, 2), t = lua_type(L, 1);
  paa_boiler *bp;
  lua_Integer i;
  luaL_argexpected(L, t == LUA_TTABLE || t == LUA_TFUNCTION, 1,
                   "array of documents, corpus or iterator");
  lua_settop(L, 2);
  bp = new_model(L, opts, 2);  /* 3 */
  if (t == LUA_TTABLE) {  /* a plain array */
    for (i = 1; lua_rawgeti(L, 1, i) != LUA_TNIL; i++) {
      learn_item(L, bp, i);
      lua_pop(L, 1);
    }
  }
  else {  /* an iterator function: f(nil, last) until nil, as a generic 'for' calls it */
    lua_pushnil(L);  /* 4: the last document */
    for (i = 1;; i++) {
      lua_pushvalue(L, 1);
      lua_pushnil(L);
      lua_pushvalue(L, 4);
      lua_call(L, 2, 1);
      if (lua_isnil(L, -1)) break;
      lua_copy(L, -1, 4);
      learn_item(L, bp, i);
      lua_pop(L, 1);
    }
  }
  if (paa_boiler_finish(bp) < 0) return luaL_error(L, "paa.dedup: not enough memory");
  lua_settop(L, 3);
  return 1;
}

/* a learning from a corpus: where its on_input callback runs */
typedef struct learnctx {
  lua_State *L;
  int fn;                /* stack index of on_input, or 0 */
  int failed;            /* on_input raised: its error is on the stack top */
} learnctx;

static int learn_input(void *ud, const paa_doc *d, int skipped) {
  learnctx *lc = (learnctx *)ud;
  lua_State *L = lc->L;
  if (lc->fn == 0) return 0;
  lua_pushvalue(L, lc->fn);
  lua_createtable(L, 0, 6);
  if (d->path) { lua_pushstring(L, d->path); lua_setfield(L, -2, "path"); }
  if (d->source) { lua_pushstring(L, d->source); lua_setfield(L, -2, "source"); }
  if (d->warning) { lua_pushstring(L, d->warning); lua_setfield(L, -2, "reason"); }
  lua_pushinteger(L, (lua_Integer)d->index);
  lua_setfield(L, -2, "index");
  if (d->line > 0) { lua_pushinteger(L, d->line); lua_setfield(L, -2, "line"); }
  if (skipped) { lua_pushboolean(L, 1); lua_setfield(L, -2, "skipped"); }
  if (lua_pcall(L, 1, 0, 0) != LUA_OK) {  /* not across the engine's threads */
    lc->failed = 1;
    return 1;
  }
  return 0;
}

/*
** boilerplate_corpus(paths, corpus_opts, opts, threads [, on_input])
**   -> paa.Boilerplate, stats | nil, message
** A model learnt from the corpus that 'paths' and 'corpus_opts' open (as
** paa.corpus.open does) on 'threads' threads (paa_boiler_learn_corpus):
** the model of dedup.boilerplate(corpus, opts), the stats of the walk.
** on_input(info) is called, in walk order, for each input skipped
** ('info.skipped' set) and each document with a note; an error in it
** stops the learning and is raised. A corpus that cannot be opened
** gives nil, message.
*/
static int dedup_boilerplate_corpus(lua_State *L) {
  learnctx lc;
  paa_corpus_opts co;
  paa_corpus *c;
  paa_boiler *bp;
  paa_walk_stats st;
  const char **paths;
  char err[512];
  size_t n, i;
  lua_Integer threads = luaL_checkinteger(L, 4);
  int r;
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_argcheck(L, threads >= 1 && threads <= 256, 4, "from 1 to 256 threads");
  if (!lua_isnoneornil(L, 5)) luaL_checktype(L, 5, LUA_TFUNCTION);
  lua_settop(L, 5);
  n = (size_t)lua_rawlen(L, 1);
  luaL_argcheck(L, n > 0 && n <= 0xFFFFFF, 1, "1 or more paths expected");
  bp = new_model(L, opts_arg(L, 3), 3);  /* 6 */
  lpaa_corpus_opts(L, lua_istable(L, 2) ? 2 : 0, 2, "paa.dedup", &co);  /* 7 */
  paths = (const char **)lua_newuserdatauv(L, n * sizeof(char *), 0);  /* 8 */
  for (i = 0; i < n; i++) {
    if (lua_rawgeti(L, 1, (lua_Integer)(i + 1)) != LUA_TSTRING)
      return luaL_error(L, "paa.dedup: path %d is a %s, not a string", (int)(i + 1), luaL_typename(L, -1));
    paths[i] = lua_tostring(L, -1);  /* the table keeps it alive */
    lua_pop(L, 1);
  }
  if ((c = paa_corpus_open(paths, n, &co, err, sizeof err)) == NULL) {
    luaL_pushfail(L);
    lua_pushstring(L, err);
    return 2;
  }
  luaL_checkstack(L, 8, NULL);  /* the callback's pushes cannot fail */
  lc.L = L;
  lc.fn = lua_isnil(L, 5) ? 0 : 5;
  lc.failed = 0;
  r = paa_boiler_learn_corpus(bp, c, (size_t)threads, learn_input, &lc, &st);
  paa_corpus_close(c);
  if (lc.failed) return lua_error(L);  /* on_input's error, on top */
  if (r != 0 || paa_boiler_finish(bp) < 0) return luaL_error(L, "paa.dedup: not enough memory");
  lua_pushvalue(L, 6);
  lpaa_push_stats(L, &st, lpaa_filtering(&co));
  return 2;
}

/* the result of a cleaning, held by a to-be-closed userdata while it
** is converted: a memory error meanwhile cannot leak it */
#define CLEANED_MT  "paa.Cleaned"

typedef struct LCleaned {
  char *text;            /* owned, or NULL */
  paa_boiler_span *sp;   /* owned, or NULL */
} LCleaned;

static int cleaned_close(lua_State *L) {
  LCleaned *c = (LCleaned *)luaL_checkudata(L, 1, CLEANED_MT);
  paa_free(c->text);
  paa_free(c->sp);
  c->text = NULL;
  c->sp = NULL;
  return 0;
}

/*
** bp:clean(text [, source]) -> cleaned text, removed spans. A removed
** line goes with its indentation and line end (paa_boiler_clean); the
** spans are 1-based, inclusive, on the original text.
*/
static int boiler_clean(lua_State *L) {
  LBoiler *b = check_boiler(L, 1);
  size_t n, i, len, nsp = 0;
  const char *s = luaL_checklstring(L, 2, &n);
  const char *src = luaL_optstring(L, 3, NULL);
  LCleaned *c;
  lua_settop(L, 3);
  c = (LCleaned *)lua_newuserdatauv(L, sizeof *c, 0);  /* 4 */
  c->text = NULL;
  c->sp = NULL;
  luaL_setmetatable(L, CLEANED_MT);
  lua_toclose(L, 4);
  if (paa_boiler_clean(b->bp, src, s, n, &c->text, &len, &c->sp, &nsp) < 0)
    return luaL_error(L, "paa.dedup: not enough memory");
  lua_pushlstring(L, c->text, len);  /* 5 */
  lua_createtable(L, (int)nsp, 0);  /* 6: removed */
  for (i = 0; i < nsp; i++) {
    const paa_boiler_span *sp = &c->sp[i];
    lua_createtable(L, 0, 5);
    lua_pushinteger(L, (lua_Integer)sp->start + 1);
    lua_setfield(L, -2, "start");
    lua_pushinteger(L, (lua_Integer)sp->stop);
    lua_setfield(L, -2, "stop");
    lua_pushstring(L, rule_names[sp->rule]);
    lua_setfield(L, -2, "rule");
    lua_pushlstring(L, s + sp->start, sp->stop - sp->start);
    lua_setfield(L, -2, "text");
    lua_pushinteger(L, (lua_Integer)sp->fingerprint);
    lua_setfield(L, -2, "fingerprint");
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_closeslot(L, 4);
  return 2;
}

static int boiler_blocks(lua_State *L) {
  LBoiler *b = check_boiler(L, 1);
  size_t i, nb = paa_boiler_nblocks(b->bp);
  lua_createtable(L, (int)nb, 0);
  for (i = 0; i < nb; i++) {
    const paa_boiler_block *k = paa_boiler_block_at(b->bp, i);
    lua_createtable(L, 0, 6);
    lua_pushstring(L, k->text);
    lua_setfield(L, -2, "text");
    lua_pushstring(L, k->source);
    lua_setfield(L, -2, "source");
    lua_pushstring(L, rule_names[k->rule]);
    lua_setfield(L, -2, "rule");
    lua_pushinteger(L, (lua_Integer)k->fingerprint);
    lua_setfield(L, -2, "fingerprint");
    lua_pushinteger(L, (lua_Integer)k->occurrences);
    lua_setfield(L, -2, "occurrences");
    lua_pushinteger(L, (lua_Integer)k->documents);
    lua_setfield(L, -2, "documents");
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

static int boiler_stats(lua_State *L) {
  LBoiler *b = check_boiler(L, 1);
  size_t copies, docs = paa_boiler_ndocs(b->bp, &copies);
  lua_createtable(L, 0, 3);
  lua_pushinteger(L, (lua_Integer)docs);
  lua_setfield(L, -2, "documents");
  lua_pushinteger(L, (lua_Integer)copies);
  lua_setfield(L, -2, "copies");
  lua_pushinteger(L, (lua_Integer)paa_boiler_nblocks(b->bp));
  lua_setfield(L, -2, "blocks");
  return 1;
}

/* bp:dump() -> the model as a string, for load_boilerplate (paa_boiler_dump) */
static int boiler_dump(lua_State *L) {
  LBoiler *b = check_boiler(L, 1);
  LBytes *d;
  size_t len;
  lua_settop(L, 1);
  d = push_bytes(L);  /* 2 */
  if (paa_boiler_dump(b->bp, &d->s, &len) < 0)
    return luaL_error(L, "paa.dedup: not enough memory");
  lua_pushlstring(L, d->s, len);
  lua_closeslot(L, 2);
  return 1;
}

/*
** load_boilerplate(s) -> paa.Boilerplate | nil, message. Bytes that are
** not a dump of this format version (truncated, damaged, another file)
** are the environment's doing, not the caller's: nil and why.
*/
static int dedup_load_boilerplate(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  char err[256];
  LBoiler *b = (LBoiler *)lua_newuserdatauv(L, sizeof *b, 0);
  b->bp = NULL;
  luaL_setmetatable(L, BOILER_MT);
  if ((b->bp = paa_boiler_load(s, n, err, sizeof err)) == NULL) {
    luaL_pushfail(L);
    lua_pushstring(L, err);
    return 2;
  }
  return 1;
}

static int boiler_tostring(lua_State *L) {
  LBoiler *b = to_boiler(L, 1);
  if (b->bp == NULL) lua_pushliteral(L, "paa.Boilerplate (closed)");
  else {
    size_t copies, docs = paa_boiler_ndocs(b->bp, &copies);
    lua_pushfstring(L, "paa.Boilerplate (%d documents, %d blocks)", (int)docs,
                    (int)paa_boiler_nblocks(b->bp));
  }
  return 1;
}

/* dedup.phrases() -> the default known phrases, to extend */
static int dedup_phrases(lua_State *L) {
  const char *const *known = paa_boiler_phrases();
  int i;
  lua_newtable(L);
  for (i = 0; known[i]; i++) {
    lua_pushstring(L, known[i]);
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}

/* }================================================================== */


static const luaL_Reg dedup_funcs[] = {
  {"hash", dedup_hash},
  {"fingerprint", dedup_fingerprint},
  {"simhash", dedup_simhash},
  {"hamming", dedup_hamming},
  {"sha256", dedup_sha256},
  {"minhash", dedup_minhash},
  {"lsh", dedup_lsh},
  {"sketch", dedup_sketch},
  {"boilerplate", dedup_boilerplate},
  {"boilerplate_corpus", dedup_boilerplate_corpus},
  {"load_boilerplate", dedup_load_boilerplate},
  {"phrases", dedup_phrases},
  {NULL, NULL}
};

static const luaL_Reg minhash_methods[] = {
  {"jaccard", minhash_jaccard},
  {"values", minhash_values},
  {"params", minhash_params},
  {NULL, NULL}
};

static const luaL_Reg minhash_metamethods[] = {
  {"__index", NULL},
  {"__len", minhash_len},
  {"__tostring", minhash_tostring},
  {NULL, NULL}
};

static const luaL_Reg lsh_methods[] = {
  {"add", lsh_add},
  {"add_sketch", lsh_add_sketch},
  {"query", lsh_query},
  {"clusters", lsh_clusters},
  {"params", lsh_params},
  {"count", lsh_count},
  {"memory", lsh_memory},
  {"jaccard", lsh_jaccard},
  {"close", lsh_close},
  {NULL, NULL}
};

static const luaL_Reg lsh_metamethods[] = {
  {"__index", NULL},
  {"__gc", lsh_close},
  {"__close", lsh_close},
  {"__tostring", lsh_tostring},
  {NULL, NULL}
};

static const luaL_Reg boiler_methods[] = {
  {"clean", boiler_clean},
  {"blocks", boiler_blocks},
  {"stats", boiler_stats},
  {"dump", boiler_dump},
  {"close", boiler_close},
  {NULL, NULL}
};

static const luaL_Reg boiler_metamethods[] = {
  {"__index", NULL},
  {"__gc", boiler_close},
  {"__close", boiler_close},
  {"__tostring", boiler_tostring},
  {NULL, NULL}
};

static void createmeta(lua_State *L, const char *name, const luaL_Reg *meta,
                       const luaL_Reg *methods) {
  luaL_newmetatable(L, name);
  luaL_setfuncs(L, meta, 0);
  lua_newtable(L);
  luaL_setfuncs(L, methods, 0);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
}

/*
** The module, and 'Boilerplate', the methods of paa.Boilerplate, by
** which the Lua library tells a model from other values.
*/
int luaopen_paa_dedup_core(lua_State *L) {
  lpaa_release_meta(L, CLEANED_MT, cleaned_close);
  lpaa_release_meta(L, BYTES_MT, bytes_close);
  luaL_newlib(L, dedup_funcs);
  createmeta(L, MINHASH_MT, minhash_metamethods, minhash_methods);
  createmeta(L, LSH_MT, lsh_metamethods, lsh_methods);
  createmeta(L, BOILER_MT, boiler_metamethods, boiler_methods);
  luaL_getmetatable(L, BOILER_MT);
  lua_getfield(L, -1, "__index");
  lua_setfield(L, -3, "Boilerplate");
  lua_pop(L, 1);
  return 1;
}
