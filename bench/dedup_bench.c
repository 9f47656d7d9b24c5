/*
** dedup_bench.c
** MinHash + LSH: throughput and quality of libpaa's near-duplicate
** engine (what paa.dedup.lsh does, without Lua).
**
**   bench-dedup [--perms N] [--shingle K] [--threshold T] PATH...
**   bench-dedup --eval PATH...
**
** The first form reads every document of PATH with the corpus reader,
** adds it to an LSH index (shingles, signature, band buckets), then
** clusters; it prints MB/s of text for reading + adding, the time of
** clustering, the bytes the index keeps per document and the peak
** resident memory. '--eval' keeps the documents in memory, computes the
** exact shingle Jaccard similarity of every pair by brute force, and
** prints the precision and recall of the clusters' pairs against it at
** thresholds 0.5, 0.7, 0.8 and 0.9.
*/

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "paa.h"


static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double peak_mb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024.0;
}

static void die(const char *msg) {
  fprintf(stderr, "bench-dedup: %s\n", msg);
  exit(1);
}

static paa_walk *walk_paths(char **paths, int n, paa_corpus **c) {
  char err[512];
  paa_walk *w;
  paa_corpus_opts o;
  memset(&o, 0, sizeof o);
  o.skip_words = 1;  /* no word counts: as paa.open(p, { words = false }) */
  *c = paa_corpus_open((const char *const *)paths, (size_t)n, &o, err, sizeof err);
  if (*c == NULL) die(err);
  if ((w = paa_walk_new(*c)) == NULL) die("not enough memory");
  return w;
}


/* Read and index everything; print the figures. */
static void speed(char **paths, int n, const paa_lsh_opts *o) {
  paa_corpus *c;
  paa_walk *w = walk_paths(paths, n, &c);
  paa_lsh_clusters cs;
  paa_doc doc;
  paa_lsh_opts p;
  char err[256];
  size_t rows, docs = 0, clustered = 0, k;
  unsigned long long bytes = 0;
  double t0 = now(), t1, t2, busy = 0;
  int r;
  paa_lsh *idx = paa_lsh_new(o, err, sizeof err);
  if (idx == NULL) die(err);
  while ((r = paa_walk_next(w, &doc)) != PAA_WALK_END) {
    if (r == PAA_WALK_ERRMEM) die("not enough memory");
    if (r != PAA_WALK_DOC) continue;
    t1 = now();
    if (paa_lsh_add(idx, doc.text, doc.len) == (size_t)-1) die("not enough memory");
    busy += now() - t1;
    bytes += doc.len;
    docs++;
  }
  t1 = now();
  if (paa_lsh_clusters_get(idx, 200, &cs) < 0) die("not enough memory");
  t2 = now();
  for (k = 0; k < cs.n; k++) clustered += cs.cluster[k].count;
  paa_lsh_params(idx, &p, &rows);
  printf("%zu documents, %.1f MB of text; %zu bands x %zu rows, threshold %.2f\n",
         docs, bytes / 1e6, p.bands, rows, p.threshold);
  printf("read + minhash + add: %.2f s, %.1f MB/s; minhash + add alone: %.2f s, "
         "%.1f MB/s\nclusters: %.2f s (%zu clusters, %zu documents)\n", t1 - t0,
         bytes / 1e6 / (t1 - t0), busy, bytes / 1e6 / busy, t2 - t1, cs.n, clustered);
  printf("index: %.0f bytes per document (%.1f MB); peak %.1f MB\n",
         docs ? (double)paa_lsh_memory(idx) / docs : 0.0, paa_lsh_memory(idx) / 1e6,
         peak_mb());
  paa_lsh_clusters_free(&cs);
  paa_lsh_free(idx);
  paa_walk_close(w);
  paa_corpus_close(c);
}


/*
** {======================================================
** Evaluation against brute force
** =======================================================
*/

typedef struct corpus_mem {
  char **text;           /* documents (owned) */
  size_t *len;
  uint64_t **sh;         /* their shingle sets (owned) */
  size_t *nsh;
  size_t n, cap;
} corpus_mem;

static void load(char **paths, int n, size_t k, corpus_mem *m) {
  paa_corpus *c;
  paa_walk *w = walk_paths(paths, n, &c);
  paa_doc doc;
  int r;
  memset(m, 0, sizeof *m);
  while ((r = paa_walk_next(w, &doc)) != PAA_WALK_END) {
    if (r == PAA_WALK_ERRMEM) die("not enough memory");
    if (r != PAA_WALK_DOC) continue;
    if (m->n == m->cap) {
      m->cap = m->cap ? 2 * m->cap : 1024;
      m->text = realloc(m->text, m->cap * sizeof(char *));
      m->len = realloc(m->len, m->cap * sizeof(size_t));
      m->sh = realloc(m->sh, m->cap * sizeof(uint64_t *));
      m->nsh = realloc(m->nsh, m->cap * sizeof(size_t));
      if (!m->text || !m->len || !m->sh || !m->nsh) die("not enough memory");
    }
    m->text[m->n] = malloc(doc.len + 1);
    if (m->text[m->n] == NULL) die("not enough memory");
    memcpy(m->text[m->n], doc.text, doc.len + 1);
    m->len[m->n] = doc.len;
    m->nsh[m->n] = paa_shingles(doc.text, doc.len, k, &m->sh[m->n]);
    if (m->nsh[m->n] == (size_t)-1) die("not enough memory");
    m->n++;
  }
  paa_walk_close(w);
  paa_corpus_close(c);
}

#define PAIR(a, b)  ((size_t)(a) * n + (b))

static void evaluate(char **paths, int npaths) {
  static const double thresholds[] = { 0.5, 0.7, 0.8, 0.9 };
  corpus_mem m;
  size_t n, a, b, t;
  float *jac;
  double t0 = now();
  load(paths, npaths, 5, &m);
  n = m.n;
  jac = (float *)calloc(n > 0 ? n * n : 1, sizeof(float));  /* upper triangle */
  if (jac == NULL) die("not enough memory");
  for (a = 0; a < n; a++)
    for (b = a + 1; b < n; b++)
      jac[PAIR(a, b)] = (float)paa_jaccard(m.sh[a], m.nsh[a], m.sh[b], m.nsh[b]);
  printf("%zu documents; brute force over %zu pairs: %.1f s\n", n, n * (n - 1) / 2,
         now() - t0);
  printf("| threshold | bands x rows | true pairs | cluster pairs | precision | recall "
         "| verified edges | edge recall | chained clusters |\n"
         "|---|---|---|---|---|---|---|---|---|\n");
  for (t = 0; t < sizeof thresholds / sizeof thresholds[0]; t++) {
    double th = thresholds[t];
    paa_lsh_opts o = { th, 128, 5, 1, 0 };
    paa_lsh_opts p;
    paa_lsh_clusters cs;
    char err[256];
    size_t rows, truth = 0, pred = 0, hit = 0, edges = 0, ehit = 0, chained = 0, k, x, y;
    paa_lsh *idx = paa_lsh_new(&o, err, sizeof err);
    if (idx == NULL) die("not enough memory");
    for (a = 0; a < n; a++)
      if (paa_lsh_add(idx, m.text[a], m.len[a]) == (size_t)-1) die("not enough memory");
    if (paa_lsh_clusters_get(idx, 1000, &cs) < 0) die("not enough memory");
    for (k = 0; k < cs.n; k++) {
      const paa_lsh_cluster *cl = &cs.cluster[k];
      for (x = 0; x < cl->count; x++)
        for (y = x + 1; y < cl->count; y++) {
          size_t u = cs.member[cl->first + x], v = cs.member[cl->first + y];
          pred++;
          if (jac[PAIR(u, v)] >= th) hit++;
        }
      for (x = 0; x < cl->ecount; x++) {
        const paa_lsh_pair *e = &cs.edge[cl->efirst + x];
        edges++;
        if (jac[PAIR(e->a, e->b)] >= th) ehit++;
      }
      if (cl->min_jaccard >= 0 && cl->min_jaccard < th) chained++;
    }
    for (a = 0; a < n; a++)
      for (b = a + 1; b < n; b++)
        if (jac[PAIR(a, b)] >= th) truth++;
    paa_lsh_params(idx, &p, &rows);
    printf("| %.1f | %zu x %zu | %zu | %zu | %.3f | %.3f | %zu | %.3f | %zu |\n", th,
           p.bands, rows, truth, pred, pred ? (double)hit / pred : 1.0,
           truth ? (double)hit / truth : 1.0, edges, truth ? (double)ehit / truth : 1.0,
           chained);
    paa_lsh_clusters_free(&cs);
    paa_lsh_free(idx);
  }
  for (a = 0; a < n; a++) { free(m.text[a]); free(m.sh[a]); }
  free(m.text); free(m.len); free(m.sh); free(m.nsh);
  free(jac);
}

/* }====================================================== */


int main(int argc, char **argv) {
  paa_lsh_opts o = { 0.8, 128, 5, 1, 0 };
  int i = 1;
  if (argc > 1 && strcmp(argv[1], "--eval") == 0) {
    if (argc < 3) die("usage: bench-dedup --eval PATH...");
    evaluate(argv + 2, argc - 2);
    return 0;
  }
  for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
    if (strcmp(argv[i], "--perms") == 0) o.perms = (size_t)atol(argv[i + 1]);
    else if (strcmp(argv[i], "--shingle") == 0) o.shingle = (size_t)atol(argv[i + 1]);
    else if (strcmp(argv[i], "--threshold") == 0) o.threshold = atof(argv[i + 1]);
    else die("unknown option");
  }
  if (i >= argc) die("usage: bench-dedup [--perms N] [--shingle K] [--threshold T] PATH...");
  speed(argv + i, argc - i, &o);
  return 0;
}
