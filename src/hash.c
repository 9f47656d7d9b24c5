/*
** hash.c
** Content hashes of paa: exact bytes, token fingerprints, SimHash, and
** the shingle sets MinHash and exact Jaccard similarity are made of.
** All hashing is XXH3 from libxxhash.
*/

#include <stdlib.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "paa.h"
#include "engine.h"

#define MAX_SHINGLE 64         /* tokens in a shingle, at most */


uint64_t paa_hash(const char *s, size_t n) {
  return XXH3_64bits(s, n);
}


void tokhash_init(tokhash *th, const char *s, size_t n) {
  paa_tokenizer_init(&th->t, s, n);
  th->fold.p = NULL;
  th->fold.n = th->fold.cap = 0;
}


void tokhash_free(tokhash *th) {
  pbuf_free(&th->fold);
}


/*
** A plain ASCII token is lower-cased on the stack; any other is folded
** by 'paa_fold' into the scratch buffer, so both give the same bytes.
*/
int tokhash_next(tokhash *th, uint64_t *h, paa_token *tok) {
  const unsigned char *u;
  size_t len, i;
  char buf[64];
  if (!paa_word_next(&th->t, tok)) return 0;
  u = (const unsigned char *)th->t.s + tok->start;
  len = tok->stop - tok->start;
  if (len <= sizeof(buf)) {
    for (i = 0; i < len && u[i] < 0x80; i++)
      buf[i] = (char)(u[i] >= 'A' && u[i] <= 'Z' ? u[i] + 32 : u[i]);
    if (i == len) {
      *h = XXH3_64bits(buf, len);
      return 1;
    }
  }
  pbuf_reset(&th->fold);
  if (!pbuf_reserve(&th->fold, 2 * len + 4)) return -1;
  len = paa_fold((const char *)u, len, th->fold.p);
  *h = XXH3_64bits(th->fold.p, len);
  return 1;
}


uint64_t fingerprint_step(uint64_t fp, uint64_t h) {
  return XXH3_64bits_withSeed(&h, sizeof(h), fp);
}


/*
** Only the folded tokens go in, in order: "OpenAI’s  $40bn!" and
** "openai's $40bn" collide (the '$' is not a word token), "a b" and
** "ab" do not. An empty text has fingerprint 0.
*/
uint64_t paa_fingerprint(const char *s, size_t n) {
  tokhash th;
  paa_token tok;
  uint64_t fp = 0, h;
  int r;
  tokhash_init(&th, s, n);
  while ((r = tokhash_next(&th, &h, &tok)) > 0) fp = fingerprint_step(fp, h);
  tokhash_free(&th);
  return fp;
}


/*
** {======================================================
** Shingles
** =======================================================
*/

/*
** Call 'f' with the 64-bit hash of each 'k'-token shingle of 's' (the
** hash of the 'k' token hashes in order). A text with fewer tokens than
** 'k' gives one shingle of them all. Returns 0, or -1 on out of memory.
*/
typedef void (*shingle_fn)(void *ud, uint64_t sh);

static int each_shingle(const char *s, size_t n, size_t k, shingle_fn f, void *ud) {
  tokhash th;
  paa_token tok;
  uint64_t win[MAX_SHINGLE], h;
  size_t have = 0;
  int r;
  if (k < 1) k = 1;
  if (k > MAX_SHINGLE) k = MAX_SHINGLE;
  tokhash_init(&th, s, n);
  while ((r = tokhash_next(&th, &h, &tok)) > 0) {
    if (have == k) {
      memmove(win, win + 1, (k - 1) * sizeof(win[0]));
      have--;
    }
    win[have++] = h;
    if (have == k) f(ud, XXH3_64bits(win, k * sizeof(win[0])));
  }
  tokhash_free(&th);
  if (r < 0) return -1;
  if (have > 0 && have < k) f(ud, XXH3_64bits(win, have * sizeof(win[0])));
  return 0;
}


typedef struct shvec {
  uint64_t *h;           /* shingle hashes (owned until handed over) */
  size_t n, cap;
  int nomem;             /* an append failed */
} shvec;

static void shvec_add(void *ud, uint64_t sh) {
  shvec *v = (shvec *)ud;
  if (v->n == v->cap) {
    size_t cap = v->cap ? 2 * v->cap : 256;
    uint64_t *p = (uint64_t *)realloc(v->h, cap * sizeof(*p));
    if (p == NULL) { v->nomem = 1; return; }
    v->h = p;
    v->cap = cap;
  }
  v->h[v->n++] = sh;
}


/*
** Sort 64-bit hashes: insertion sort for a few, else a radix sort by
** bytes (eight counting passes through 'tmp'), much faster than qsort
** for the few hundred hashes of an article.
*/
void sort_u64(uint64_t *a, uint64_t *tmp, size_t n) {
  size_t i, pass;
  if (n <= 32) {
    for (i = 1; i < n; i++) {
      uint64_t x = a[i];
      size_t j = i;
      while (j > 0 && a[j - 1] > x) { a[j] = a[j - 1]; j--; }
      a[j] = x;
    }
    return;
  }
  for (pass = 0; pass < 8; pass++) {
    size_t count[256] = { 0 }, sum = 0;
    int shift = (int)pass * 8;
    uint64_t *t;
    for (i = 0; i < n; i++) count[(a[i] >> shift) & 0xff]++;
    for (i = 0; i < 256; i++) { size_t c = count[i]; count[i] = sum; sum += c; }
    for (i = 0; i < n; i++) tmp[count[(a[i] >> shift) & 0xff]++] = a[i];
    t = a; a = tmp; tmp = t;  /* after eight passes the result is back in 'a' */
  }
}


size_t paa_shingles(const char *s, size_t n, size_t k, uint64_t **out) {
  shvec v = { NULL, 0, 0, 0 };
  size_t i, u = 0;
  *out = NULL;
  if (each_shingle(s, n, k, shvec_add, &v) < 0 || v.nomem) {
    free(v.h);
    return (size_t)-1;
  }
  if (v.n > 32) {
    uint64_t *tmp = (uint64_t *)malloc(v.n * sizeof(uint64_t));
    if (tmp == NULL) { free(v.h); return (size_t)-1; }
    sort_u64(v.h, tmp, v.n);
    free(tmp);
  }
  else sort_u64(v.h, NULL, v.n);
  for (i = 0; i < v.n; i++)
    if (u == 0 || v.h[i] != v.h[u - 1]) v.h[u++] = v.h[i];
  if (u == 0) { free(v.h); return 0; }
  *out = v.h;
  return u;
}


double paa_jaccard(const uint64_t *a, size_t na, const uint64_t *b, size_t nb) {
  size_t i = 0, j = 0, inter = 0;
  if (na + nb == 0) return 0.0;
  while (i < na && j < nb) {
    if (a[i] < b[j]) i++;
    else if (a[i] > b[j]) j++;
    else { inter++; i++; j++; }
  }
  return (double)inter / (double)(na + nb - inter);
}

/* }====================================================== */


/*
** {======================================================
** SimHash
** =======================================================
*/

typedef struct simacc {
  int32_t v[64];         /* per bit: shingles with it set, less those without */
  size_t count;
} simacc;

static void sim_add(void *ud, uint64_t sh) {
  simacc *a = (simacc *)ud;
  int i;
  for (i = 0; i < 64; i++)
    a->v[i] += ((sh >> i) & 1) ? 1 : -1;
  a->count++;
}


uint64_t paa_simhash(const char *s, size_t n, size_t k) {
  simacc a;
  uint64_t h = 0;
  int i;
  memset(&a, 0, sizeof(a));
  if (each_shingle(s, n, k, sim_add, &a) < 0 || a.count == 0) return 0;
  for (i = 0; i < 64; i++)
    if (a.v[i] > 0) h |= (uint64_t)1 << i;
  return h;
}


int paa_hamming(uint64_t a, uint64_t b) {
  return __builtin_popcountll(a ^ b);
}

/* }====================================================== */
