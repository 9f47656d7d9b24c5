/*
** minhash.c
** MinHash signatures and an LSH index whose candidates are verified by
** their exact shingle Jaccard similarity, so that clusters never hold a
** false positive. Band buckets are found by sorting band keys made
** again from the kept shingle sets; buckets too large to verify pair by
** pair are split by more rows; clustering is union-find over verified
** pairs. A document's shingle set can be made elsewhere, as a sketch
** (bytes), and added from it.
*/

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "paa.h"
#include "engine.h"

#define NONE UINT32_MAX        /* no document */
#define MAX_PERMS 4096
#define SH_CHUNK 16384         /* shingle hashes a block of the index (128 KB) */
#define LSH_BUCKET_MAX 64      /* members of a bucket verified pair by pair; more are split */
#define KEYS_MAX ((size_t)8 << 20)  /* bytes of band keys made at once when clustering */


/*
** {======================================================
** Signatures
** =======================================================
*/

struct paa_minhasher {
  size_t perms;          /* hash functions */
  size_t k;              /* tokens a shingle */
  uint32_t *r;           /* h_p(x) = v ^ (v >> 16), v = (x ^ r[p]) * m[p] */
  uint32_t *m;           /* odd multipliers */
};

static uint64_t splitmix64(uint64_t *state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}


paa_minhasher *paa_minhasher_new(size_t perms, size_t k, uint64_t seed) {
  paa_minhasher *mh;
  size_t p;
  if (perms == 0 || perms > MAX_PERMS || k == 0) return NULL;
  mh = (paa_minhasher *)calloc(1, sizeof(*mh));
  if (mh == NULL) return NULL;
  mh->perms = perms;
  mh->k = k;
  mh->r = (uint32_t *)malloc(2 * perms * sizeof(uint32_t));
  if (mh->r == NULL) { free(mh); return NULL; }
  mh->m = mh->r + perms;
  for (p = 0; p < perms; p++) {
    uint64_t z = splitmix64(&seed);
    mh->r[p] = (uint32_t)z;
    mh->m[p] = (uint32_t)(z >> 32) | 1;
  }
  return mh;
}


void paa_minhasher_free(paa_minhasher *mh) {
  if (mh == NULL) return;
  free(mh->r);
  free(mh);
}


/*
** Function p permutes the shingle hashes folded to 32 bits (the sets
** kept for the exact similarity stay 64-bit): x ^ r[p], times the
** odd m[p], then the high half folded into the low one. Each is a
** bijection of 32-bit values, so a minimum is a random member of the
** set, and each costs a few 32-bit vector operations per shingle (eight
** functions at once with AVX2, picked at run time).
*/
static inline uint32_t fold32(uint64_t h) {
  return (uint32_t)(h ^ (h >> 32));
}

static inline uint32_t permute(uint32_t x, uint32_t r, uint32_t m) {
  uint32_t v = (x ^ r) * m;
  return v ^ (v >> 16);
}

#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default"), optimize("tree-vectorize")))
#endif
static void signature(const paa_minhasher *mh, const uint64_t *sh, size_t nsh,
                      uint32_t *restrict sig) {
  size_t p, i, perms = mh->perms;
  const uint32_t *restrict r = mh->r, *restrict m = mh->m;
  for (p = 0; p < perms; p++) sig[p] = UINT32_MAX;
  for (i = 0; i < nsh; i++) {
    uint32_t x = fold32(sh[i]);
    for (p = 0; p < perms; p++) {
      uint32_t v = permute(x, r[p], m[p]);
      sig[p] = v < sig[p] ? v : sig[p];
    }
  }
}


/*
** Value 'p' of the signature alone (as 'signature' gives it): a minimum
** over the shingles, which vectorizes over them (eight at once with
** AVX2): bands made again when clustering cost about one signature.
*/
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default"), optimize("tree-vectorize")))
#endif
static uint32_t signature_row(const paa_minhasher *mh, const uint64_t *sh, size_t nsh,
                              size_t p) {
  uint32_t min = UINT32_MAX, r = mh->r[p], m = mh->m[p];
  size_t i;
  for (i = 0; i < nsh; i++) {
    uint32_t v = permute(fold32(sh[i]), r, m);
    min = v < min ? v : min;
  }
  return min;
}


size_t paa_minhash(paa_minhasher *mh, const char *s, size_t n, uint32_t *sig,
                   uint64_t **shingles) {
  uint64_t *sh;
  size_t nsh = paa_shingles(s, n, mh->k, &sh);
  if (nsh == (size_t)-1) return nsh;
  signature(mh, sh, nsh, sig);
  if (shingles) *shingles = sh;
  else free(sh);
  return nsh;
}


double paa_minhash_jaccard(const uint32_t *a, const uint32_t *b, size_t perms) {
  size_t p, eq = 0;
  if (perms == 0) return 0.0;
  for (p = 0; p < perms; p++) eq += a[p] == b[p];
  return (double)eq / (double)perms;
}

/* }====================================================== */


/*
** {======================================================
** Choosing bands and rows
** =======================================================
*/

/* Probability that two documents of similarity 's' share a bucket. */
static double collide(double s, size_t b, size_t r) {
  return 1.0 - pow(1.0 - pow(s, (double)r), (double)b);
}

/* Simpson's rule over [lo, hi] of collide (fn: of 1 - collide). */
static double area(double lo, double hi, size_t b, size_t r, int fn) {
  const int steps = 64;
  double h = (hi - lo) / steps, sum = 0.0;
  int i;
  if (hi <= lo) return 0.0;
  for (i = 0; i <= steps; i++) {
    double y = collide(lo + i * h, b, r);
    if (fn) y = 1.0 - y;
    sum += y * (i == 0 || i == steps ? 1 : (i % 2 ? 4 : 2));
  }
  return sum * h / 3.0;
}


void paa_lsh_optimal(double threshold, size_t perms, double fp_weight,
                     double fn_weight, size_t *bands, size_t *rows) {
  double best = HUGE_VAL;
  size_t b, r;
  *bands = 1;
  *rows = perms;
  for (b = 1; b <= perms; b++)
    for (r = 1; r <= perms / b; r++) {
      double err = fp_weight * area(0.0, threshold, b, r, 0) +
                   fn_weight * area(threshold, 1.0, b, r, 1);
      if (err < best) { best = err; *bands = b; *rows = r; }
    }
}

/* }====================================================== */


/*
** {======================================================
** The index
** =======================================================
*/

/*
** The index keeps, per document, its shingle set and little else; a
** bucket is the documents with the same key in a band (a hash of the
** band's rows of the signature). Neither signatures nor bucket tables
** are kept: on a feed of short items nearly every bucket holds one
** document, and a slot per bucket per band, or a key per band per
** document, was most of the index. A band's keys are made again from
** the shingles when clustering (all bands together cost what adding
** the documents did) and sorted to find the buckets; a query makes
** them for every document. Keys of 32 bits make a few chance collisions
** on large corpora: they only propose pairs, and every pair is verified.
*/
struct paa_lsh {
  paa_lsh_opts o;        /* threshold, perms, shingle, seed, bands */
  size_t rows;           /* signature values a band */
  paa_minhasher *mh;
  size_t n, cap;         /* documents, room for them */
  uint32_t *sig;         /* 2 * perms: scratch for two signatures (none are kept) */
  uint64_t **sh;         /* per document: sorted distinct shingle hashes (in 'chunk') */
  uint32_t *nsh;         /* per document: their number (0: in no bucket) */
  uint64_t *setkey;      /* per document: hash of its shingle set */
  uint32_t *mark;        /* per document: last bucket that saw it */
  uint32_t stamp;        /* current mark */
  size_t shbytes;        /* bytes of shingle hashes held */
  uint64_t **chunk;      /* blocks holding the shingle sets (owned) */
  size_t nchunk, chunkcap;
  size_t room;           /* hashes still free in the last block */
  uint32_t *qkeys;       /* band keys of documents [0, nqkeys), 'bands' each: made
                            by the first query and kept for the next (owned) */
  size_t nqkeys;
};


paa_lsh *paa_lsh_new(const paa_lsh_opts *opts, char *err, size_t errlen) {
  paa_lsh *idx;
  paa_lsh_opts o = *opts;
  if (!(o.threshold > 0.0 && o.threshold <= 1.0)) {
    snprintf(err, errlen, "threshold must be in (0, 1], got %g", o.threshold);
    return NULL;
  }
  if (o.perms == 0 || o.perms > MAX_PERMS) {
    snprintf(err, errlen, "perms must be in 1..%d, got %zu", MAX_PERMS, o.perms);
    return NULL;
  }
  if (o.shingle == 0 || o.shingle > 64) {
    snprintf(err, errlen, "shingle must be in 1..64, got %zu", o.shingle);
    return NULL;
  }
  if (o.bands != 0 && o.perms % o.bands != 0) {
    snprintf(err, errlen, "perms (%zu) must be a multiple of bands (%zu)",
             o.perms, o.bands);
    return NULL;
  }
  idx = (paa_lsh *)calloc(1, sizeof(*idx));
  if (idx == NULL) goto nomem;
  if (o.bands == 0) {
    paa_lsh_optimal(o.threshold, o.perms, 0.5, 0.5, &o.bands, &idx->rows);
  }
  else idx->rows = o.perms / o.bands;
  idx->o = o;
  idx->mh = paa_minhasher_new(o.perms, o.shingle, o.seed);
  idx->sig = (uint32_t *)malloc(2 * o.perms * sizeof(uint32_t));
  if (idx->mh == NULL || idx->sig == NULL) goto nomem;
  return idx;
nomem:
  paa_lsh_free(idx);
  snprintf(err, errlen, "not enough memory");
  return NULL;
}


void paa_lsh_free(paa_lsh *idx) {
  size_t i;
  if (idx == NULL) return;
  for (i = 0; i < idx->nchunk; i++) free(idx->chunk[i]);
  free(idx->chunk);
  free(idx->sig); free(idx->sh); free(idx->nsh); free(idx->setkey);
  free(idx->mark);
  free(idx->qkeys);
  paa_minhasher_free(idx->mh);
  free(idx);
}


void paa_lsh_params(const paa_lsh *idx, paa_lsh_opts *opts, size_t *rows) {
  *opts = idx->o;
  *rows = idx->rows;
}


size_t paa_lsh_count(const paa_lsh *idx) {
  return idx->n;
}


size_t paa_lsh_memory(const paa_lsh *idx) {
  return idx->cap * (sizeof(uint64_t *) + 4 + 8 + 4) + idx->shbytes +
         idx->room * sizeof(uint64_t) + idx->nqkeys * idx->o.bands * sizeof(uint32_t);
}


static int grow_docs(paa_lsh *idx) {
  size_t cap = idx->cap ? idx->cap + idx->cap / 2 : 1024;  /* 1.5: less slack on large corpora */
  void *p;
#define GROW(field, per) \
  if ((p = realloc(idx->field, cap * (per) * sizeof(*idx->field))) == NULL) return 0; \
  idx->field = p;
  if (idx->cap >= NONE - 1) return 0;
  if (cap >= NONE) cap = NONE - 1;
  GROW(sh, 1)
  GROW(nsh, 1)
  GROW(setkey, 1)
  GROW(mark, 1)
#undef GROW
  idx->cap = cap;
  return 1;
}


static uint32_t band_key(const paa_lsh *idx, const uint32_t *sig, size_t j) {
  return (uint32_t)XXH3_64bits_withSeed(sig + j * idx->rows, idx->rows * sizeof(uint32_t), j);
}


/*
** Room for a shingle set of 'nsh' hashes in the blocks of the index:
** one allocation per SH_CHUNK hashes rather than one per document,
** which on a feed of short items saves the allocator's header a
** document and the holes that freed texts between them leave. NULL on
** out of memory (or when there is nothing to keep).
*/
static uint64_t *shingle_room(paa_lsh *idx, size_t nsh) {
  uint64_t *p;
  if (nsh == 0) return NULL;
  if (nsh > idx->room) {
    size_t size = nsh > SH_CHUNK ? nsh : SH_CHUNK;
    if (idx->nchunk == idx->chunkcap) {
      size_t cap = idx->chunkcap ? 2 * idx->chunkcap : 16;
      uint64_t **c = (uint64_t **)realloc(idx->chunk, cap * sizeof(*c));
      if (c == NULL) return NULL;
      idx->chunk = c;
      idx->chunkcap = cap;
    }
    if ((p = (uint64_t *)malloc(size * sizeof(uint64_t))) == NULL) return NULL;
    idx->chunk[idx->nchunk++] = p;
    if (size == nsh) {  /* a set of its own: the last block keeps its room */
      if (idx->nchunk > 1) {  /* ... so it stays last */
        idx->chunk[idx->nchunk - 1] = idx->chunk[idx->nchunk - 2];
        idx->chunk[idx->nchunk - 2] = p;
      }
      else idx->room = 0;
      return p;
    }
    idx->room = size;
  }
  p = idx->chunk[idx->nchunk - 1] + (SH_CHUNK - idx->room);
  idx->room -= nsh;
  return p;
}


/*
** Document 'idx->n' (its arrays grown), whose 'nsh' sorted distinct
** hashes are at 'sh' in the blocks: its index. A document without
** shingles is kept (it has an index) but put in no bucket: an empty
** text is nobody's duplicate.
*/
static size_t add_kept(paa_lsh *idx, uint64_t *sh, size_t nsh) {
  size_t d = idx->n;
  idx->sh[d] = sh;
  idx->nsh[d] = (uint32_t)nsh;
  idx->setkey[d] = XXH3_64bits(sh, nsh * sizeof(uint64_t));
  idx->mark[d] = 0;
  idx->shbytes += nsh * sizeof(uint64_t);
  idx->n++;
  return d;
}


/*
** Only the shingle set is kept (see 'paa_lsh'): signatures are made
** again when clustering, so none is made here.
*/
size_t paa_lsh_add(paa_lsh *idx, const char *s, size_t n) {
  size_t nsh;
  uint64_t *sh = NULL, *kept;
  if (idx->n == idx->cap && !grow_docs(idx)) return (size_t)-1;
  nsh = paa_shingles(s, n, idx->o.shingle, &sh);
  if (nsh == (size_t)-1) return nsh;
  if (nsh > UINT32_MAX) { free(sh); return (size_t)-1; }
  kept = shingle_room(idx, nsh);
  if (kept != NULL) memcpy(kept, sh, nsh * sizeof(uint64_t));
  free(sh);
  if (nsh > 0 && kept == NULL) return (size_t)-1;
  return add_kept(idx, kept, nsh);
}


/*
** {------------------------------------------------------
** Sketches: what the index keeps of a document, as bytes
** -------------------------------------------------------
** Shingling is the costly part of adding a document; a sketch lets
** other threads or machines do it, and the index add the documents
** later, in its own order. Format, version 1, integers little-endian:
**   8 bytes "paa-skch", u32 version, u32 tokens a shingle ('k'),
**   u32 n, n x u64: the shingle hashes, ascending (no two equal),
**   u64 paa_hash of all the bytes before it
** The hashes are this build's (paa_shingles): the version changes
** whenever they or the layout do.
*/

#define SKETCH_MAGIC    "paa-skch"
#define SKETCH_VERSION  1u
#define SKETCH_HEAD     (8 + 4 + 4 + 4)   /* magic, version, k, n */
#define SKETCH_MIN      (SKETCH_HEAD + 8)  /* no hashes, and the checksum */


int paa_lsh_sketch(const char *s, size_t n, size_t k, char **out, size_t *len) {
  uint64_t *sh = NULL;
  unsigned char *buf, *p;
  size_t nsh, i;
  *out = NULL;
  *len = 0;
  if (k == 0 || k > 64) return -1;
  if ((nsh = paa_shingles(s, n, k, &sh)) == (size_t)-1) return -1;
  if (nsh > UINT32_MAX || nsh > (SIZE_MAX - SKETCH_MIN) / 8 ||
      (buf = (unsigned char *)malloc(SKETCH_MIN + 8 * nsh)) == NULL) {
    free(sh);
    return -1;
  }
  memcpy(buf, SKETCH_MAGIC, 8);
  p = put32(buf + 8, SKETCH_VERSION);
  p = put32(p, (uint32_t)k);
  p = put32(p, (uint32_t)nsh);
  for (i = 0; i < nsh; i++) p = put64(p, sh[i]);
  p = put64(p, paa_hash((const char *)buf, (size_t)(p - buf)));
  free(sh);
  *out = (char *)buf;
  *len = SKETCH_MIN + 8 * nsh;
  return 0;
}


/*
** Everything is checked before anything is added, so that a bad sketch
** leaves the index as it was; no byte outside 's[0 .. n)' is read.
*/
size_t paa_lsh_add_sketch(paa_lsh *idx, const char *s, size_t n, char *err, size_t errlen) {
  const unsigned char *u = (const unsigned char *)s, *h;
  uint32_t version, k;
  size_t nsh, i;
  uint64_t *kept = NULL;
  if (n < 8 || memcmp(s, SKETCH_MAGIC, 8) != 0) {
    if (n == 0) snprintf(err, errlen, "not a sketch (empty)");
    else if (n < 8 && memcmp(s, SKETCH_MAGIC, n) == 0)
      snprintf(err, errlen, "truncated sketch (%zu bytes)", n);
    else snprintf(err, errlen, "not a sketch (no '%s' magic)", SKETCH_MAGIC);
    return (size_t)-1;
  }
  if (n >= 12 && (version = get32at(u + 8)) != SKETCH_VERSION) {
    snprintf(err, errlen, "sketch of format version %lu; this build reads version %u",
             (unsigned long)version, SKETCH_VERSION);
    return (size_t)-1;
  }
  if (n < SKETCH_MIN) {
    snprintf(err, errlen, "truncated sketch (%zu bytes)", n);
    return (size_t)-1;
  }
  if (paa_hash(s, n - 8) != get64at(u + n - 8)) {
    snprintf(err, errlen, "damaged or truncated sketch (checksum mismatch)");
    return (size_t)-1;
  }
  if ((k = get32at(u + 12)) != idx->o.shingle) {
    snprintf(err, errlen, "sketch of %lu-token shingles; the index takes %zu",
             (unsigned long)k, idx->o.shingle);
    return (size_t)-1;
  }
  nsh = get32at(u + 16);
  h = u + SKETCH_HEAD;
  if ((n - SKETCH_MIN) % 8 != 0 || nsh != (n - SKETCH_MIN) / 8) {
    snprintf(err, errlen, "corrupt sketch: %zu bytes for %zu shingles", n, nsh);
    return (size_t)-1;
  }
  for (i = 1; i < nsh; i++)
    if (get64at(h + 8 * (i - 1)) >= get64at(h + 8 * i)) {
      snprintf(err, errlen, "corrupt sketch: shingle %zu out of order", i + 1);
      return (size_t)-1;
    }
  if ((idx->n == idx->cap && !grow_docs(idx)) ||
      (nsh > 0 && (kept = shingle_room(idx, nsh)) == NULL)) {
    snprintf(err, errlen, "not enough memory");
    return (size_t)-1;
  }
  for (i = 0; i < nsh; i++) kept[i] = get64at(h + 8 * i);
  return add_kept(idx, kept, nsh);
}

/* }------------------------------------------------------ */


double paa_lsh_jaccard(const paa_lsh *idx, size_t a, size_t b) {
  return paa_jaccard(idx->sh[a], idx->nsh[a], idx->sh[b], idx->nsh[b]);
}


/*
** The signature of indexed document 'd' into 'sig'. Signatures are not
** kept: made again from the shingles, which are, they cost what adding
** the document did, and only verified pairs and split buckets need
** them; kept, they would be most of the index on a feed of short items.
*/
static void doc_signature(const paa_lsh *idx, size_t d, uint32_t *sig) {
  signature(idx->mh, idx->sh[d], idx->nsh[d], sig);
}

/* The key of document 'd' in band 'j' (made in the scratch 'idx->sig') */
static uint32_t doc_band_key(paa_lsh *idx, size_t d, size_t j) {
  size_t i, p = j * idx->rows;
  for (i = 0; i < idx->rows; i++)
    idx->sig[p + i] = signature_row(idx->mh, idx->sh[d], idx->nsh[d], p + i);
  return band_key(idx, idx->sig, j);
}

/* The MinHash estimate of the similarity of 'sig' and document 'd' */
static double estimate(paa_lsh *idx, const uint32_t *sig, size_t d) {
  uint32_t *other = idx->sig + idx->o.perms;
  doc_signature(idx, d, other);
  return paa_minhash_jaccard(sig, other, idx->o.perms);
}


static uint32_t new_stamp(paa_lsh *idx) {
  if (++idx->stamp == 0) {  /* wrapped: forget every old mark */
    memset(idx->mark, 0, idx->n * sizeof(uint32_t));
    idx->stamp = 1;
  }
  return idx->stamp;
}


static int cmp_pair(const void *x, const void *y) {
  const paa_lsh_pair *p = (const paa_lsh_pair *)x, *q = (const paa_lsh_pair *)y;
  if (p->jaccard != q->jaccard) return p->jaccard > q->jaccard ? -1 : 1;
  return (p->b > q->b) - (p->b < q->b);
}


/* Does document 'd' share a bucket with the band keys 'key'? */
static int shares_bucket(const paa_lsh *idx, size_t d, const uint32_t *key) {
  const uint32_t *dk = idx->qkeys + d * idx->o.bands;
  size_t j;
  for (j = 0; j < idx->o.bands; j++)
    if (dk[j] == key[j]) return 1;
  return 0;
}

/*
** The band keys of the documents added since the last query, kept: a
** first query costs a signature a document (about what adding them
** did), the next ones a comparison of 'bands' keys a document. Only an
** index that is queried holds them (4 bytes a band a document).
*/
static int query_keys(paa_lsh *idx) {
  size_t d, j, b = idx->o.bands;
  uint32_t *k;
  if (idx->nqkeys == idx->n) return 0;
  if ((k = (uint32_t *)realloc(idx->qkeys, idx->n * b * sizeof(uint32_t))) == NULL) return -1;
  idx->qkeys = k;
  for (d = idx->nqkeys; d < idx->n; d++)
    for (j = 0; j < b; j++) k[d * b + j] = idx->nsh[d] ? doc_band_key(idx, d, j) : 0;
  idx->nqkeys = idx->n;
  return 0;
}


/*
** With no bucket tables (see 'paa_lsh'), a query compares the band keys
** of every document (query_keys) with its own. Clustering is the way to
** compare a whole corpus.
*/
size_t paa_lsh_query(paa_lsh *idx, const char *s, size_t n, paa_lsh_pair **out) {
  uint32_t *sig, *key;
  uint64_t *sh = NULL;
  paa_lsh_pair *res = NULL;
  size_t nsh, nres = 0, cap = 0, j, d;
  *out = NULL;
  sig = (uint32_t *)malloc((idx->o.perms + idx->o.bands) * sizeof(uint32_t));
  if (sig == NULL) return (size_t)-1;
  key = sig + idx->o.perms;
  nsh = paa_minhash(idx->mh, s, n, sig, &sh);
  if (nsh == (size_t)-1 || query_keys(idx) < 0) { free(sig); free(sh); return (size_t)-1; }
  for (j = 0; j < idx->o.bands; j++) key[j] = band_key(idx, sig, j);
  for (d = 0; nsh > 0 && d < idx->n; d++) {
    double jac;
    if (idx->nsh[d] == 0 || !shares_bucket(idx, d, key)) continue;
    jac = paa_jaccard(sh, nsh, idx->sh[d], idx->nsh[d]);
    if (jac < idx->o.threshold) continue;
    if (nres == cap) {
      paa_lsh_pair *p;
      cap = cap ? 2 * cap : 16;
      p = (paa_lsh_pair *)realloc(res, cap * sizeof(*p));
      if (p == NULL) { nres = (size_t)-1; goto done; }
      res = p;
    }
    res[nres].a = d;
    res[nres].b = d;
    res[nres].jaccard = jac;
    res[nres].estimate = estimate(idx, sig, d);
    nres++;
  }
  if (nres > 1) qsort(res, nres, sizeof(*res), cmp_pair);
done:
  free(sig);
  free(sh);
  if (nres == (size_t)-1) free(res);
  else *out = res;
  return nres;
}

/* }====================================================== */


/*
** {======================================================
** Clusters
** =======================================================
*/

/* A set of document pairs (a < b), open addressing on a << 32 | b. */
typedef struct pairset {
  uint64_t *k;           /* keys; UINT64_MAX: free */
  size_t cap, used;
} pairset;

static int pairset_add(pairset *ps, uint64_t key) {  /* 1 new, 0 known, -1 memory */
  size_t mask, i;
  if ((ps->used + 1) * 2 > ps->cap) {
    pairset np;
    size_t q;
    np.cap = ps->cap ? 2 * ps->cap : 1024;
    np.used = ps->used;
    np.k = (uint64_t *)malloc(np.cap * sizeof(uint64_t));
    if (np.k == NULL) return -1;
    memset(np.k, 0xff, np.cap * sizeof(uint64_t));
    for (q = 0; q < ps->cap; q++)
      if (ps->k[q] != UINT64_MAX) {
        i = (size_t)XXH3_64bits(&ps->k[q], 8) & (np.cap - 1);
        while (np.k[i] != UINT64_MAX) i = (i + 1) & (np.cap - 1);
        np.k[i] = ps->k[q];
      }
    free(ps->k);
    *ps = np;
  }
  mask = ps->cap - 1;
  i = (size_t)XXH3_64bits(&key, 8) & mask;
  while (ps->k[i] != UINT64_MAX) {
    if (ps->k[i] == key) return 0;
    i = (i + 1) & mask;
  }
  ps->k[i] = key;
  ps->used++;
  return 1;
}


static uint32_t uf_find(uint32_t *parent, uint32_t x) {
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

static void uf_union(uint32_t *parent, uint32_t a, uint32_t b) {
  a = uf_find(parent, a);
  b = uf_find(parent, b);
  if (a < b) parent[b] = a;
  else if (b < a) parent[a] = b;
}


typedef struct pairvec {
  paa_lsh_pair *p;
  size_t n, cap;
} pairvec;

static int pairvec_add(pairvec *v, size_t a, size_t b, double jac, double est) {
  if (v->n == v->cap) {
    size_t cap = v->cap ? 2 * v->cap : 256;
    paa_lsh_pair *p = (paa_lsh_pair *)realloc(v->p, cap * sizeof(*p));
    if (p == NULL) return 0;
    v->p = p;
    v->cap = cap;
  }
  v->p[v->n].a = a < b ? a : b;
  v->p[v->n].b = a < b ? b : a;
  v->p[v->n].jaccard = jac;
  v->p[v->n].estimate = est;
  v->n++;
  return 1;
}


/*
** Documents with the same shingle set share one representative, the
** first of them: a bucket of many identical copies then costs one pair
** per copy (to its representative, similarity 1) rather than a pair per
** two copies.
*/
static int find_reps(const paa_lsh *idx, uint32_t *rep) {
  size_t cap = 1, mask, i, d;
  uint32_t *slot;        /* set keys -> first document with it */
  while (cap < 2 * idx->n + 2) cap *= 2;
  mask = cap - 1;
  slot = (uint32_t *)malloc(cap * sizeof(uint32_t));
  if (slot == NULL) return 0;
  memset(slot, 0xff, cap * sizeof(uint32_t));
  for (d = 0; d < idx->n; d++) {
    rep[d] = (uint32_t)d;
    if (idx->nsh[d] == 0) continue;
    i = (size_t)idx->setkey[d] & mask;
    while (slot[i] != NONE) {
      uint32_t e = slot[i];
      if (idx->setkey[e] == idx->setkey[d] && idx->nsh[e] == idx->nsh[d] &&
          memcmp(idx->sh[e], idx->sh[d], idx->nsh[d] * sizeof(uint64_t)) == 0) {
        rep[d] = e;
        break;
      }
      i = (i + 1) & mask;
    }
    if (slot[i] == NONE) slot[i] = (uint32_t)d;
  }
  free(slot);
  return 1;
}


static int cmp_edge(const void *x, const void *y) {
  const paa_lsh_pair *p = (const paa_lsh_pair *)x, *q = (const paa_lsh_pair *)y;
  if (p->a != q->a) return (p->a > q->a) - (p->a < q->a);
  return (p->b > q->b) - (p->b < q->b);
}


/*
** What verifying the candidate pairs needs: the pairs already seen, the
** verified ones (edges), the union-find forest, and scratch for buckets.
*/
typedef struct verify {
  paa_lsh *idx;
  uint32_t *parent;      /* union-find over documents */
  pairset ps;            /* pairs found similar so far */
  pairvec edges;         /* pairs at or above the threshold */
  uint64_t *band;        /* 2 * n: a band's keys << 32 | document, and room to sort them */
  uint32_t *bucket;      /* n: the members of a bucket */
  uint32_t *bkey;        /* the keys of a few bands, for every document */
  uint64_t *keys;        /* scratch for splitting a bucket: row value << 32 | document, */
  size_t kcap;           /* ... twice its members (room to sort) */
} verify;


/*
** Verify the pair (x, y): 0, or -1 on out of memory. Only the pairs
** found similar are remembered (so that a pair meeting in several bands
** becomes one edge): remembering every pair proposed would hold memory
** quadratic in the size of the buckets, and checking a pair again costs
** no more than looking it up did.
*/
static int verify_pair(verify *v, uint32_t x, uint32_t y) {
  paa_lsh *idx = v->idx;
  uint32_t a = x < y ? x : y, b = x < y ? y : x;
  double jac = paa_lsh_jaccard(idx, a, b);
  int r;
  if (jac < idx->o.threshold) return 0;
  if ((r = pairset_add(&v->ps, (uint64_t)a << 32 | b)) <= 0) return r;
  doc_signature(idx, a, idx->sig);
  if (!pairvec_add(&v->edges, a, b, jac, estimate(idx, idx->sig, b))) return -1;
  uf_union(v->parent, a, b);
  return 0;
}


static int verify_all(verify *v, const uint32_t *m, size_t nm) {
  size_t x, y;
  for (x = 0; x < nm; x++)
    for (y = x + 1; y < nm; y++)
      if (verify_pair(v, m[x], m[y]) < 0) return -1;
  return 0;
}


/*
** A bucket of more than LSH_BUCKET_MAX documents: verifying all its
** pairs would cost time and memory quadratic in its size, and on a
** template-like feed (the same story with other figures) a bucket can
** hold a good part of the corpus. So it is split, as an LSH forest
** does: its members are grouped again by one more signature value
** (the rows after band 'j', in turn, made again from the shingles),
** then one more, until every group is small enough to verify in full.
** Two documents of similarity s stay together through each extra row
** with probability s: near copies mostly do, and they also meet in the
** other bands; unrelated documents that only share the template part
** are parted after a few rows. When every row agrees and the group is
** still large, each member is verified against the next LSH_BUCKET_MAX
** only, so that the work stays linear in the size of the bucket.
** 'm' and 'keys' have room for 'nm' entries ('v->keys' sorts them).
*/
static int verify_split(verify *v, size_t j, uint32_t *m, uint64_t *keys,
                        size_t nm, size_t depth) {
  paa_lsh *idx = v->idx;
  size_t perms = idx->o.perms, rows = idx->rows, x, y, p, s, e;
  if (nm <= LSH_BUCKET_MAX) return verify_all(v, m, nm);
  if (depth + rows >= perms) {  /* no more rows to split by */
    for (x = 0; x < nm; x++)
      for (y = x + 1; y < nm && y <= x + LSH_BUCKET_MAX; y++)
        if (verify_pair(v, m[x], m[y]) < 0) return -1;
    return 0;
  }
  p = (j * rows + rows + depth) % perms;
  for (x = 0; x < nm; x++)
    keys[x] = (uint64_t)signature_row(idx->mh, idx->sh[m[x]], idx->nsh[m[x]], p) << 32 | m[x];
  sort_u64(keys, v->keys + v->kcap, nm);
  for (x = 0; x < nm; x++) m[x] = (uint32_t)keys[x];
  for (s = 0; s < nm; s = e) {
    for (e = s + 1; e < nm && keys[e] >> 32 == keys[s] >> 32; e++) ;
    if (e - s > 1 && verify_split(v, j, m + s, keys + s, e - s, depth + 1) < 0) return -1;
  }
  return 0;
}


/*
** The members of one bucket, one per representative, verified (split
** first when there are many).
*/
static int verify_bucket(verify *v, size_t j, uint32_t *m, size_t nm) {
  if (nm > LSH_BUCKET_MAX && nm > v->kcap) {
    uint64_t *k = (uint64_t *)realloc(v->keys, 2 * nm * sizeof(uint64_t));
    if (k == NULL) return -1;
    v->keys = k;
    v->kcap = nm;
  }
  return verify_split(v, j, m, v->keys, nm, 0);
}


/*
** Keys of bands 'j0' .. 'j0 + g' of every document into 'v->bkey' (g
** a document): one signature a document, made again from its shingles.
*/
static void band_keys(verify *v, size_t j0, size_t g) {
  paa_lsh *idx = v->idx;
  size_t d, t;
  for (d = 0; d < idx->n; d++) {
    if (idx->nsh[d] == 0) continue;
    doc_signature(idx, d, idx->sig);
    for (t = 0; t < g; t++) v->bkey[d * g + t] = band_key(idx, idx->sig, j0 + t);
  }
}


/*
** The buckets of band 'j', whose keys are 'v->bkey[d * g + t]': the
** documents sorted by key, runs of one key. Each bucket's members, one
** per representative ('rep'), are verified.
*/
static int band_buckets(verify *v, size_t j, size_t t, size_t g, const uint32_t *rep) {
  paa_lsh *idx = v->idx;
  size_t nk = 0, d, s, e, nb;
  uint64_t *k = v->band, *tmp = v->band + idx->n;
  for (d = 0; d < idx->n; d++)
    if (idx->nsh[d] > 0) k[nk++] = (uint64_t)v->bkey[d * g + t] << 32 | d;
  sort_u64(k, nk > 32 ? tmp : NULL, nk);
  for (s = 0; s < nk; s = e) {
    uint32_t stamp;
    for (e = s + 1; e < nk && k[e] >> 32 == k[s] >> 32; e++) ;
    if (e - s < 2) continue;  /* a bucket of one */
    stamp = new_stamp(idx);
    for (nb = 0, d = s; d < e; d++) {
      uint32_t r = rep[(uint32_t)k[d]];
      if (idx->mark[r] == stamp) continue;
      idx->mark[r] = stamp;
      v->bucket[nb++] = r;
    }
    if (verify_bucket(v, j, v->bucket, nb) < 0) return -1;
  }
  return 0;
}


/*
** The bands, a few at a time: as many as KEYS_MAX bytes of keys hold
** (all of them for 100,000 articles; a few at a time for a feed of
** millions of items), so that the keys cost a signature a document per
** pass rather than one for each band, without a key per band per
** document kept (see 'paa_lsh').
*/
static int all_buckets(verify *v, const uint32_t *rep) {
  paa_lsh *idx = v->idx;
  size_t bands = idx->o.bands, g = bands, j0, t;
  if (idx->n * bands * sizeof(uint32_t) > KEYS_MAX)
    g = KEYS_MAX / sizeof(uint32_t) / idx->n > 0 ? KEYS_MAX / sizeof(uint32_t) / idx->n : 1;
  v->bkey = (uint32_t *)malloc((idx->n ? idx->n : 1) * g * sizeof(uint32_t));
  if (v->bkey == NULL) return -1;
  for (j0 = 0; j0 < bands; j0 += g) {
    if (g > bands - j0) g = bands - j0;  /* the last pass (keys now 'g' a document) */
    band_keys(v, j0, g);
    for (t = 0; t < g; t++)
      if (band_buckets(v, j0 + t, t, g, rep) < 0) return -1;
  }
  return 0;
}


/*
** Every bucket of every band proposes the pairs of its (representative)
** members; each pair is verified once. Verified pairs are the edges of
** a graph whose connected components are the clusters.
*/
int paa_lsh_clusters_get(paa_lsh *idx, size_t maxcheck, paa_lsh_clusters *out) {
  size_t n = idx->n, d, e, c;
  uint32_t *rep = NULL, *parent = NULL, *members = NULL, *cl = NULL;
  verify v;
  int ok = 0;
  memset(out, 0, sizeof(*out));
  memset(&v, 0, sizeof v);
  v.idx = idx;
  rep = (uint32_t *)malloc((n ? n : 1) * sizeof(uint32_t));
  parent = (uint32_t *)malloc((n ? n : 1) * sizeof(uint32_t));
  cl = (uint32_t *)malloc((n ? n : 1) * sizeof(uint32_t));
  if (rep == NULL || parent == NULL || cl == NULL || !find_reps(idx, rep)) goto done;
  v.parent = parent;
  v.band = (uint64_t *)malloc((2 * n + 1) * sizeof(uint64_t));
  v.bucket = (uint32_t *)malloc((n ? n : 1) * sizeof(uint32_t));
  if (v.band == NULL || v.bucket == NULL) goto done;
  for (d = 0; d < n; d++) parent[d] = (uint32_t)d;
  for (d = 0; d < n; d++)
    if (rep[d] != d) {
      if (!pairvec_add(&v.edges, rep[d], d, 1.0, 1.0)) goto done;
      uf_union(parent, rep[d], (uint32_t)d);
    }
  if (all_buckets(&v, rep) < 0) goto done;
  /* number the clusters (roots of two or more) by their first member */
  for (d = 0; d < n; d++) cl[d] = NONE;
  {
    uint32_t *size = rep;  /* reuse: members per root */
    memset(size, 0, n * sizeof(uint32_t));
    for (d = 0; d < n; d++) size[uf_find(parent, (uint32_t)d)]++;
    for (d = 0; d < n; d++) {
      uint32_t r = uf_find(parent, (uint32_t)d);
      if (size[r] > 1 && cl[r] == NONE) cl[r] = (uint32_t)out->n++;
    }
    out->cluster = (paa_lsh_cluster *)calloc(out->n ? out->n : 1, sizeof(paa_lsh_cluster));
    members = (uint32_t *)malloc((n ? n : 1) * sizeof(uint32_t));
    out->member = (size_t *)malloc((n ? n : 1) * sizeof(size_t));
    if (out->cluster == NULL || members == NULL || out->member == NULL) goto done;
    for (d = 0; d < n; d++) {
      uint32_t r = uf_find(parent, (uint32_t)d);
      if (size[r] > 1) out->cluster[cl[r]].count++;
    }
  }
  for (c = 0, e = 0; c < out->n; c++) {
    out->cluster[c].first = e;
    e += out->cluster[c].count;
    out->cluster[c].count = 0;
  }
  for (d = 0; d < n; d++) {  /* ascending, so members come out sorted */
    uint32_t r = uf_find(parent, (uint32_t)d);
    if (cl[r] != NONE) {
      paa_lsh_cluster *k = &out->cluster[cl[r]];
      out->member[k->first + k->count++] = d;
    }
  }
  /* edges grouped by cluster, each group in (a, b) order */
  for (e = 0; e < v.edges.n; e++) {
    uint32_t k = cl[uf_find(parent, (uint32_t)v.edges.p[e].a)];
    out->cluster[k].ecount++;
  }
  out->edge = (paa_lsh_pair *)malloc((v.edges.n ? v.edges.n : 1) * sizeof(paa_lsh_pair));
  if (out->edge == NULL) goto done;
  for (c = 0, e = 0; c < out->n; c++) {
    out->cluster[c].efirst = e;
    e += out->cluster[c].ecount;
    out->cluster[c].ecount = 0;
  }
  for (e = 0; e < v.edges.n; e++) {
    paa_lsh_cluster *k = &out->cluster[cl[uf_find(parent, (uint32_t)v.edges.p[e].a)]];
    out->edge[k->efirst + k->ecount++] = v.edges.p[e];
  }
  for (c = 0; c < out->n; c++) {
    paa_lsh_cluster *k = &out->cluster[c];
    size_t x, y;
    qsort(out->edge + k->efirst, k->ecount, sizeof(paa_lsh_pair), cmp_edge);
    k->min_jaccard = -1.0;
    k->weak_a = k->weak_b = out->member[k->first];
    if (k->count > maxcheck) continue;
    k->min_jaccard = 1.0;
    for (x = 0; x < k->count; x++)
      for (y = x + 1; y < k->count; y++) {
        size_t a = out->member[k->first + x], b = out->member[k->first + y];
        double jac = paa_lsh_jaccard(idx, a, b);
        if (jac < k->min_jaccard) { k->min_jaccard = jac; k->weak_a = a; k->weak_b = b; }
      }
  }
  ok = 1;
done:
  free(rep); free(parent); free(cl); free(members);
  free(v.ps.k); free(v.edges.p); free(v.keys); free(v.band); free(v.bucket); free(v.bkey);
  if (!ok) {
    paa_lsh_clusters_free(out);
    return -1;
  }
  return 0;
}


void paa_lsh_clusters_free(paa_lsh_clusters *c) {
  free(c->cluster);
  free(c->member);
  free(c->edge);
  memset(c, 0, sizeof(*c));
}


/* bytewise order of two byte strings, the shorter first on a tie: <0, 0, >0 */
static int cmp_bytes(const char *a, size_t na, const char *b, size_t nb) {
  int r = memcmp(a, b, na < nb ? na : nb);
  if (r != 0) return r;
  return (na > nb) - (na < nb);
}

/*
** The integer 'i' against the float 'f' (not NaN), exactly: <0, 0, >0.
** A double cannot hold every integer past 2^53, so they are compared as
** Lua compares them, and ids order the same whichever kind holds them.
*/
static int cmp_int_float(long long i, double f) {
  const double two63 = 9223372036854775808.0;
  double fl;
  long long li;
  if (i > -(1LL << 53) && i < (1LL << 53)) {
    double d = (double)i;
    return (d > f) - (d < f);
  }
  if (f >= two63) return -1;
  if (f < -two63) return 1;
  fl = floor(f);  /* in [-2^63, 2^63): a long long */
  li = (long long)fl;
  if (i != li) return i < li ? -1 : 1;
  return fl < f ? -1 : 0;
}

/* Whether id 'a' comes before id 'b': numbers by value before strings */
static int id_before(const paa_lsh_key *a, const paa_lsh_key *b) {
  int sa = a->idkind == PAA_LSH_ID_STRING, sb = b->idkind == PAA_LSH_ID_STRING;
  if (sa != sb) return sb;
  if (sa) return cmp_bytes(a->id, a->idlen, b->id, b->idlen) < 0;
  if (a->idkind == PAA_LSH_ID_INT && b->idkind == PAA_LSH_ID_INT) return a->idint < b->idint;
  if (a->idkind == PAA_LSH_ID_FLOAT && b->idkind == PAA_LSH_ID_FLOAT) return a->idnum < b->idnum;
  if (a->idkind == PAA_LSH_ID_INT) return cmp_int_float(a->idint, b->idnum) < 0;
  return cmp_int_float(b->idint, a->idnum) > 0;
}

/*
** Whether document key 'a' comes before 'b' as the canonical copy: the
** earliest copy is the original a reader wants to see, so a known date
** comes before an unknown one and an earlier before a later; the id
** settles the rest, so the choice never depends on the order of adding.
*/
static int canon_before(const paa_lsh_key *a, const paa_lsh_key *b) {
  if ((a->date == NULL) != (b->date == NULL)) return a->date != NULL;
  if (a->date) {
    int r = cmp_bytes(a->date, a->datelen, b->date, b->datelen);
    if (r != 0) return r < 0;
  }
  return id_before(a, b);
}

size_t paa_lsh_canonical(const paa_lsh_clusters *cs, const paa_lsh_cluster *k,
                         const paa_lsh_key *keys) {
  size_t i, canon = cs->member[k->first];
  for (i = 1; i < k->count; i++) {
    size_t m = cs->member[k->first + i];
    if (canon_before(&keys[m], &keys[canon])) canon = m;
  }
  return canon;
}

/* }====================================================== */
