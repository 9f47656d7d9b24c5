/*
** fuzz_dedup.c
** libFuzzer target for the dedup engines. The input is split at its
** first NUL byte into two texts: both are hashed (SimHash, MinHash,
** shingle sets) and checked for what must hold whatever the bytes —
** a text is identical to itself, estimates and exact similarities stay
** in [0, 1] and agree on identity, an LSH index finds a text again; then
** a boilerplate model learns the two texts (and its lines as a third
** document) and every span it reports must be a line inside the text,
** in order; dumped and loaded, it must scan and list its blocks as it
** did, and dump to the same bytes. Loading the input itself, or the
** dump with the second text laid over it (its checksum made right
** again), must give a model that dumps to those very bytes, or NULL
** and a message. Build with cmake -DPAA_FUZZ=ON -DCMAKE_C_COMPILER=clang,
** then run build/tests/fuzz/fuzz-dedup -max_total_time=300 -max_len=4096
*/

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "paa.h"
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

typedef struct seen {
  const char *s;         /* the text scanned */
  size_t n;
  size_t last;           /* end of the previous span */
} seen;

static int check_span(void *ud, const paa_boiler_span *sp) {
  seen *v = (seen *)ud;
  size_t i;
  if (sp->start >= sp->stop || sp->stop > v->n || sp->start < v->last) abort();
  if (sp->rule < PAA_BP_KNOWN || sp->rule > PAA_BP_SHORT) abort();
  for (i = sp->start; i < sp->stop; i++)
    if (v->s[i] == '\n') abort();  /* one line */
  if (sp->fingerprint != paa_fingerprint(v->s + sp->start, sp->stop - sp->start)) abort();
  v->last = sp->stop;
  return 0;
}

static void scan(const paa_boiler *bp, const char *source, const char *s, size_t n) {
  seen v = { s, n, 0 };
  if (paa_boiler_scan(bp, source, s, n, check_span, &v) < 0) abort();
}

/* The model loaded from 's' (NULL when refused, with a message) dumps to 's' */
static paa_boiler *load_check(const char *s, size_t n) {
  char err[256], *out;
  size_t len;
  paa_boiler *bp;
  err[0] = '\0';
  if ((bp = paa_boiler_load(s, n, err, sizeof err)) == NULL) {
    if (err[0] == '\0' || strchr(err, '\n') != NULL) abort();
    return NULL;
  }
  if (paa_boiler_dump(bp, &out, &len) < 0 || len != n || memcmp(out, s, n) != 0) abort();
  free(out);
  return bp;
}

/* 'x' and 'y' flag the same lines of 's' by the same rules */
static void same_scan(const paa_boiler *x, const paa_boiler *y, const char *source,
                      const char *s, size_t n) {
  paa_boiler_span *sx, *sy;
  size_t nx, ny, lx, ly;
  char *cx, *cy;
  if (paa_boiler_clean(x, source, s, n, &cx, &lx, &sx, &nx) < 0 ||
      paa_boiler_clean(y, source, s, n, &cy, &ly, &sy, &ny) < 0)
    abort();
  if (lx != ly || memcmp(cx, cy, lx) != 0 || nx != ny ||
      (nx > 0 && memcmp(sx, sy, nx * sizeof *sx) != 0))
    abort();
  free(cx); free(cy); free(sx); free(sy);
}

/* A model dumped and loaded is the same model; its dump, altered, loads as itself or not at all */
static void dump_check(const paa_boiler *bp, const char *a, size_t na, const char *b, size_t nb) {
  char *s;
  size_t n, k, i;
  uint64_t sum;
  paa_boiler *back;
  if (paa_boiler_dump(bp, &s, &n) < 0 || (back = load_check(s, n)) == NULL) abort();
  same_scan(bp, back, "one", a, na);
  same_scan(bp, back, "two", b, nb);
  same_scan(bp, back, NULL, b, nb);
  if (paa_boiler_nblocks(back) != paa_boiler_nblocks(bp)) abort();
  for (k = 0; k < paa_boiler_nblocks(bp); k++) {
    const paa_boiler_block *x = paa_boiler_block_at(bp, k), *y = paa_boiler_block_at(back, k);
    if (strcmp(x->text, y->text) != 0 || strcmp(x->source, y->source) != 0 ||
        x->fingerprint != y->fingerprint || x->rule != y->rule ||
        x->occurrences != y->occurrences || x->documents != y->documents)
      abort();
  }
  paa_boiler_free(back);
  /* the second text laid over the dump from a place the first byte of it
     chooses (beyond the magic and the version), the checksum made right */
  if (nb > 1 && n > 20) {
    size_t at = 12 + (unsigned char)b[0] * 7 % (n - 20);
    for (i = 1; i < nb && at < n - 8; i++, at++) s[at] ^= b[i];
    sum = paa_hash(s, n - 8);
    for (i = 0; i < 8; i++) s[n - 8 + i] = (char)(sum >> (8 * i));
    paa_boiler_free(load_check(s, n));
  }
  free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) {
  const char *a = (const char *)d, *b;
  const char *nul = memchr(d, 0, n);
  size_t na = nul ? (size_t)(nul - a) : n, nb, k, i;
  uint32_t siga[64], sigb[64];
  uint64_t *sh = NULL;
  paa_minhasher *mh = paa_minhasher_new(64, 3, 7);
  paa_lsh_opts o = { 0.5, 64, 3, 7, 0 };
  char err[128];
  paa_lsh *idx = paa_lsh_new(&o, err, sizeof err);
  paa_lsh_pair *res = NULL;
  paa_lsh_clusters cs;
  paa_boiler *bp = paa_boiler_new(NULL);
  size_t nsha, nshb, found;
  double j;
  b = nul ? nul + 1 : a + n;
  nb = (size_t)(a + n - b);
  if (mh == NULL || idx == NULL || bp == NULL) abort();
  /* hashes of a text agree with themselves */
  if (paa_hamming(paa_simhash(a, na, 3), paa_simhash(a, na, 3)) != 0) abort();
  if (paa_fingerprint(a, na) != paa_fingerprint(a, na)) abort();
  nsha = paa_minhash(mh, a, na, siga, &sh);
  if (nsha == (size_t)-1) abort();
  for (i = 1; i < nsha; i++)
    if (sh[i - 1] >= sh[i]) abort();  /* sorted and distinct */
  if (nsha > 0 && paa_jaccard(sh, nsha, sh, nsha) != 1.0) abort();
  free(sh);
  nshb = paa_minhash(mh, b, nb, sigb, NULL);
  if (nshb == (size_t)-1) abort();
  j = paa_minhash_jaccard(siga, sigb, 64);
  if (j < 0.0 || j > 1.0) abort();
  if (nsha > 0 && paa_minhash_jaccard(siga, siga, 64) != 1.0) abort();
  /* the index finds a text again, with its exact similarity */
  if (paa_lsh_add(idx, a, na) != 0 || paa_lsh_add(idx, b, nb) != 1) abort();
  j = paa_lsh_jaccard(idx, 0, 1);
  if (j < 0.0 || j > 1.0) abort();
  found = paa_lsh_query(idx, a, na, &res);
  if (found == (size_t)-1) abort();
  if (nsha > 0) {
    for (k = 0; k < found && res[k].b != 0; k++) ;
    if (k == found || res[k].jaccard != 1.0) abort();
  }
  free(res);
  if (paa_lsh_clusters_get(idx, 10, &cs) < 0) abort();
  for (k = 0; k < cs.n; k++)
    for (i = 0; i < cs.cluster[k].ecount; i++)
      if (cs.edge[cs.cluster[k].efirst + i].jaccard < 0.5) abort();
  paa_lsh_clusters_free(&cs);
  /* boilerplate: spans are lines of the text, in order */
  if (paa_boiler_add_phrase(bp, "leave a reply", 13) < 0) abort();
  if (paa_boiler_learn(bp, "one", a, na) < 0 || paa_boiler_learn(bp, "one", b, nb) < 0 ||
      paa_boiler_learn(bp, "two", a, na) < 0) abort();
  scan(bp, "one", a, na);  /* before finish: the document's own rules */
  if (paa_boiler_finish(bp) < 0) abort();
  scan(bp, "one", a, na);
  scan(bp, "two", b, nb);
  scan(bp, NULL, b, nb);
  for (k = 0; k < paa_boiler_nblocks(bp); k++) {
    const paa_boiler_block *bl = paa_boiler_block_at(bp, k);
    if (bl->text == NULL || bl->documents == 0 || bl->occurrences < bl->documents) abort();
  }
  dump_check(bp, a, na, b, nb);
  paa_boiler_free(load_check(a, na));  /* the input as a dump: refused, almost always */
  paa_boiler_free(bp);
  paa_lsh_free(idx);
  paa_minhasher_free(mh);
  return 0;
}
