/*
** counts_bench.c
** Throughput of the term counter (counts.c) on the files of a folder
** held in memory, each a document of the group its first folder names
** (as the source of a walk is), the Snowball English stopwords out:
** paa_counter_add over every text, beside the plain baseline of the same
** run, reading the same word tokens (paa_word_next) without counting
** them. Best of three passes; MB/s and peak resident memory.
**
**   build/bench/bench-counts FOLDER [STOPWORDS_FILE]
*/

#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "paa.h"

typedef struct text {
  char *s;               /* the file's bytes (owned) */
  size_t n;
  char group[64];        /* its first folder under the root */
} text;

static text *texts;
static size_t ntexts, captexts, rootlen, bytes;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void report(const char *what, double dt, size_t count) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("%-34s %8.1f MB/s %8.1f MB peak  (%zu)\n", what, bytes / 1e6 / dt,
         ru.ru_maxrss / 1024.0, count);
}

/* nftw: each regular file not hidden, read whole */
static int visit(const char *path, const struct stat *st, int kind, struct FTW *ftw) {
  const char *rel = path + rootlen, *slash;
  FILE *f;
  text *t;
  if (kind != FTW_F || path[ftw->base] == '.') return 0;
  if (ntexts == captexts) {
    captexts = captexts ? 2 * captexts : 1024;
    if ((texts = (text *)realloc(texts, captexts * sizeof *texts)) == NULL) return 1;
  }
  t = &texts[ntexts];
  if ((f = fopen(path, "rb")) == NULL) return 0;
  if ((t->s = (char *)malloc((size_t)st->st_size + 1)) == NULL) return 1;
  t->n = fread(t->s, 1, (size_t)st->st_size, f);
  fclose(f);
  while (*rel == '/') rel++;
  slash = strchr(rel, '/');
  snprintf(t->group, sizeof t->group, "%.*s", slash ? (int)(slash - rel) : 0, rel);
  bytes += t->n;
  ntexts++;
  return 0;
}

/* A counter with the stopwords of 'path' (one a line, '#' comments) */
static paa_counter *counter_with(const char *path) {
  paa_counter *c = paa_counter_new(1, 0, 1);
  char line[256];
  FILE *f = path ? fopen(path, "r") : NULL;
  while (c != NULL && f != NULL && fgets(line, sizeof line, f)) {
    size_t k = strcspn(line, "# \t\r\n");
    if (k > 0 && paa_counter_stopword(c, line, k) < 0) abort();
  }
  if (f) fclose(f);
  return c;
}

int main(int argc, char **argv) {
  double best = 1e30, t0;
  size_t i, count = 0, cells = 0;
  int pass;
  if (argc < 2) {
    fprintf(stderr, "usage: %s FOLDER [STOPWORDS_FILE]\n", argv[0]);
    return 1;
  }
  rootlen = strlen(argv[1]);
  if (nftw(argv[1], visit, 16, FTW_PHYS) != 0 || ntexts == 0) {
    fprintf(stderr, "%s: no files read\n", argv[1]);
    return 1;
  }
  printf("counts: %zu files, %.1f MB in memory\n", ntexts, bytes / 1e6);
  for (pass = 0; pass < 3; pass++) {  /* the baseline: the same tokens, not counted */
    paa_tokenizer tz;
    paa_token tok;
    t0 = now();
    for (count = 0, i = 0; i < ntexts; i++) {
      paa_tokenizer_init(&tz, texts[i].s, texts[i].n);
      while (paa_word_next(&tz, &tok)) count++;
    }
    if (now() - t0 < best) best = now() - t0;
  }
  report("word tokens read (paa_word_next)", best, count);
  best = 1e30;
  for (pass = 0; pass < 3; pass++) {
    paa_counter *c = counter_with(argc > 2 ? argv[2] : NULL);
    if (c == NULL) return 1;
    t0 = now();
    for (i = 0; i < ntexts; i++)
      if (paa_counter_add(c, texts[i].s, texts[i].n, texts[i].group, strlen(texts[i].group)) < 0) abort();
    if (now() - t0 < best) best = now() - t0;
    cells = paa_counter_ncells(c);
    paa_counter_free(c);
  }
  report("counted by group (paa_counter_add)", best, cells);
  for (i = 0; i < ntexts; i++) free(texts[i].s);
  free(texts);
  return 0;
}
