/*
** text_bench.c
** Throughput of the text engine on one file held in memory: token
** counting (paa_count_tokens, what paa.text.count runs), UAX #29 word
** segments and news sentences. Prints MB/s and peak resident memory.
**
**   build/bench/bench-text FILE
*/

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "paa.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void report(const char *what, size_t n, double dt, size_t count) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("%-34s %8.1f MB/s %8.1f MB peak  (%zu)\n", what, n / 1e6 / dt,
         ru.ru_maxrss / 1024.0, count);
}

int main(int argc, char **argv) {
  FILE *f;
  char *s;
  long n;
  size_t count, pos;
  double t0;
  if (argc < 2 || (f = fopen(argv[1], "rb")) == NULL) {
    fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 1;
  }
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  rewind(f);
  s = malloc((size_t)n + 1);
  if (s == NULL || fread(s, 1, (size_t)n, f) != (size_t)n) return 1;
  fclose(f);
  t0 = now();
  count = paa_count_tokens(s, (size_t)n);
  report("paa count (word+number tokens)", (size_t)n, now() - t0, count);
  t0 = now();
  for (count = 0, pos = 0; pos < (size_t)n; count++)
    pos = paa_word_break(s, (size_t)n, pos);
  report("paa segments (UAX #29 words)", (size_t)n, now() - t0, count);
  t0 = now();
  for (count = 0, pos = 0; pos < (size_t)n; count++)
    pos = paa_sentence_break(s, (size_t)n, pos, 1);
  report("paa sentences (news rules)", (size_t)n, now() - t0, count);
  free(s);
  return 0;
}
