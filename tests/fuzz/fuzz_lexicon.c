/*
** fuzz_lexicon.c
** libFuzzer target for the lexicon matcher: a fixed lexicon (compiled
** once, in both overlap modes) counts and lists the matches of the
** input, checking that matches come in text order inside the text and
** agree with the counts; then the input is read as a lexicon file and,
** when it is one, scanned with itself. Build with
** cmake -DPAA_FUZZ=ON -DCMAKE_C_COMPILER=clang, then run
** build/tests/fuzz/fuzz-lexicon -max_total_time=300 -max_len=4096
*/

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "paa.h"
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

static const char lexicon_text[] =
  "# a bit of every kind of term\n"
  "@org = {company, firm*, chief executive,\n  board}\n"
  "[compute] chips\n"
  "data center*\ndata centre*\ngpu*\ncloud*\n-cloud of uncertainty\n"
  "for profit\nopenai\nu.s.\ngpt-5\nc* d* e*\n"
  "[overlap]\n"
  "a\na b\nb c\na b c d\nb*\n-c d\n$\n!\n1,000\ncafé\nstraße\n"
  "[words]\n"
  "x\ny\nz\nx y z\nŸ\n"
  "[contexts]\n"
  "control* ~ @org !~ {remote, a b}\ntrial ~ {court} ~ {x, @org}\n-quality control\n";

/* what one scan saw */
typedef struct seen {
  const paa_lexicon *lx;
  size_t n;              /* length of the text */
  size_t last;           /* start of the previous match */
  size_t *counts;        /* matches per term, from the callback */
} seen;

static int check_match(void *ud, const paa_lex_match *m) {
  seen *s = (seen *)ud;
  size_t theme;
  int exclude;
  if (m->start >= m->stop || m->stop > s->n || m->start < s->last) abort();
  if (m->term >= paa_lexicon_nterms(s->lx)) abort();
  paa_lexicon_term(s->lx, m->term, &theme, &exclude);
  if (theme != m->theme || exclude) abort();
  s->last = m->start;
  s->counts[m->term]++;
  return 0;
}

/* Count and list the matches of 'lx' in 's'; both must agree */
static void scan(const paa_lexicon *lx, const char *s, size_t n) {
  size_t nt = paa_lexicon_nterms(lx), i;
  size_t *counts = (size_t *)calloc(nt, sizeof *counts);
  paa_lexscan *sc = paa_lexscan_new(lx);
  seen sn;
  if (counts == NULL || sc == NULL) abort();
  sn.lx = lx;
  sn.n = n;
  sn.last = 0;
  sn.counts = (size_t *)calloc(nt, sizeof *sn.counts);
  if (sn.counts == NULL) abort();
  if (paa_lexscan_count(sc, s, n, counts) != 0) abort();
  if (paa_lexscan_matches(sc, s, n, check_match, &sn) != 0) abort();
  for (i = 0; i < nt; i++)
    if (counts[i] != sn.counts[i]) abort();
  free(sn.counts);
  free(counts);
  paa_lexscan_free(sc);
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) {
  static paa_lexicon *fixed[2];
  char err[512], *z;
  paa_lexicon *own;
  int i;
  if (fixed[0] == NULL) {
    for (i = 0; i < 2; i++) {
      fixed[i] = paa_lexicon_parse(lexicon_text, sizeof lexicon_text - 1, "fixed",
                                   i ? PAA_LEX_NESTED : 0, err, sizeof err);
      if (fixed[i] == NULL) { fprintf(stderr, "%s\n", err); abort(); }
    }
  }
  z = (char *)malloc(n ? n : 1);  /* an exact-size copy, so ASan sees overreads */
  if (z == NULL) return 0;
  memcpy(z, d, n);
  for (i = 0; i < 2; i++) scan(fixed[i], z, n);
  own = paa_lexicon_parse(z, n, "input", 0, err, sizeof err);
  if (own) {
    scan(own, z, n);
    scan(own, lexicon_text, sizeof lexicon_text - 1);
    paa_lexicon_free(own);
  }
  else if (strncmp(err, "input", 5) != 0) abort();  /* messages name the input */
  free(z);
  return 0;
}
