/*
** corpus_bench.c
** Read + decode throughput of the corpus reader: walks the given paths
** with libpaa, touching every document's text, and prints MB/s of input
** read and the peak resident memory.
*/

#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

#include "paa.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  char err[512];
  paa_corpus *c;
  paa_walk *w;
  paa_doc doc;
  const paa_walk_stats *st;
  struct rusage ru;
  unsigned long long words = 0;
  double t0, dt;
  int r;
  if (argc < 2) {
    fprintf(stderr, "usage: %s PATH...\n", argv[0]);
    return 1;
  }
  c = paa_corpus_open((const char *const *)argv + 1, (size_t)(argc - 1), NULL,
                      err, sizeof err);
  if (c == NULL) { fprintf(stderr, "%s\n", err); return 1; }
  t0 = now();
  w = paa_walk_new(c);
  while ((r = paa_walk_next(w, &doc)) != PAA_WALK_END) {
    if (r == PAA_WALK_ERRMEM) { fprintf(stderr, "out of memory\n"); return 1; }
    if (r == PAA_WALK_DOC) words += doc.words;
  }
  dt = now() - t0;
  st = paa_walk_stats_of(w);
  getrusage(RUSAGE_SELF, &ru);
  printf("paa corpus reader: %zu files, %zu docs, %zu skipped, %.1f MB in %.3f s = %.1f MB/s, "
         "%llu words, peak RSS %.1f MB\n",
         st->files, st->docs, st->skipped, st->bytes / 1e6, dt,
         st->bytes / 1e6 / dt, words, ru.ru_maxrss / 1024.0);
  paa_walk_close(w);
  paa_corpus_close(c);
  return 0;
}
