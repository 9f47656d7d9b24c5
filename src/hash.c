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


/*
** {==================================================================
** SHA-256 (FIPS 180-4)
** ===================================================================
** A cryptographic digest beside the fast hashes above: what a report
** prints to name its input, a cache keys, or a user checks with
** 'sha256sum'. XXH3 is not meant to resist anyone choosing the bytes.
*/

static const uint32_t sha_k[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

#define ROR32(x, r)  (((x) >> (r)) | ((x) << (32 - (r))))

/* Fold one 64-byte block into the state 'h'. */
static void sha256_block(uint32_t h[8], const unsigned char *p) {
  uint32_t w[64], a, b, c, d, e, f, g, k, t1, t2;
  int i;
  for (i = 0; i < 16; i++)
    w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
           (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
  for (i = 16; i < 64; i++) {
    uint32_t s0 = ROR32(w[i - 15], 7) ^ ROR32(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = ROR32(w[i - 2], 17) ^ ROR32(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  a = h[0]; b = h[1]; c = h[2]; d = h[3]; e = h[4]; f = h[5]; g = h[6]; k = h[7];
  for (i = 0; i < 64; i++) {
    t1 = k + (ROR32(e, 6) ^ ROR32(e, 11) ^ ROR32(e, 25)) + ((e & f) ^ (~e & g)) + sha_k[i] + w[i];
    t2 = (ROR32(a, 2) ^ ROR32(a, 13) ^ ROR32(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    k = g; g = f; f = e; e = d + t1;
    d = c; c = b; b = a; a = t1 + t2;
  }
  h[0] += a; h[1] += b; h[2] += c; h[3] += d;
  h[4] += e; h[5] += f; h[6] += g; h[7] += k;
}


void paa_sha256(const char *s, size_t n, unsigned char out[32]) {
  uint32_t h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
  const unsigned char *p = (const unsigned char *)s;
  unsigned char last[128];
  uint64_t bits = (uint64_t)n * 8;
  size_t i, rest, pad;
  for (i = 0; i + 64 <= n; i += 64) sha256_block(h, p + i);
  rest = n - i;  /* the tail, then 0x80, zeros and the length in bits */
  memset(last, 0, sizeof last);
  if (rest) memcpy(last, p + i, rest);
  last[rest] = 0x80;
  pad = rest < 56 ? 64 : 128;
  for (i = 0; i < 8; i++) last[pad - 1 - i] = (unsigned char)(bits >> (8 * i));
  sha256_block(h, last);
  if (pad == 128) sha256_block(h, last + 64);
  for (i = 0; i < 8; i++) {
    out[4 * i] = (unsigned char)(h[i] >> 24);
    out[4 * i + 1] = (unsigned char)(h[i] >> 16);
    out[4 * i + 2] = (unsigned char)(h[i] >> 8);
    out[4 * i + 3] = (unsigned char)h[i];
  }
}

/* }================================================================== */
