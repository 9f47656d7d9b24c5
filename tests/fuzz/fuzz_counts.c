/*
** fuzz_counts.c
** libFuzzer target for the term counter (counts.c). The first byte of
** the input picks n (1..5) and a small cap, so pruning runs often; the
** rest, split at its first NUL, is two texts of two groups. What must
** hold whatever the bytes: every group's tokens equal the sum of its
** cells' frequencies while nothing was pruned; a cell's documents are
** at most its frequency; a dump loads back into a counter that dumps
** the same bytes; two counters merged have the documents of both; and
** a dump merged into a counter from its bytes gives the groups and cells
** of merging the counter; loading or merging the input itself, or a dump
** cut short, gives a counter or NULL and a message, never a crash.
** Build with cmake -DPAA_FUZZ=ON -DCMAKE_C_COMPILER=clang, then run
** build/tests/fuzz/fuzz-counts
** -max_total_time=300 -max_len=8192
*/

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "paa.h"
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

/* The counter's invariants (see above) */
static void check(paa_counter *c) {
  paa_count_cell *cells;
  size_t k, g, nc = paa_counter_cells(c, (size_t)-1, 1, 0, &cells);
  if (nc == (size_t)-1) return;
  for (g = 0; g < paa_counter_ngroups(c); g++) {
    paa_count_group gr;
    uint64_t sum = 0;
    paa_counter_group(c, g, &gr);
    for (k = 0; k < nc; k++)
      if (cells[k].group == g) sum += cells[k].freq;
    if (paa_counter_error(c) == 0 && sum != gr.tokens) abort();
    if (sum > gr.tokens) abort();
  }
  for (k = 0; k < nc; k++) {
    char term[64];
    if (cells[k].docs > cells[k].freq || cells[k].docs == 0) abort();
    (void)paa_counter_term(c, cells[k].term, term, sizeof term);
    if (k > 0 && cells[k].group == cells[k - 1].group && cells[k].freq > cells[k - 1].freq) abort();
  }
  paa_free(cells);
}

/* Dump 'c', load it and dump again: the same bytes */
static void round_trip(paa_counter *c) {
  size_t n1, n2;
  char err[128], *d1 = paa_counter_dump(c, &n1), *d2;
  paa_counter *back;
  if (d1 == NULL) return;
  back = paa_counter_load(d1, n1, err, sizeof err);
  if (back == NULL) abort();
  d2 = paa_counter_dump(back, &n2);
  if (d2 == NULL || n1 != n2 || memcmp(d1, d2, n1) != 0) abort();
  if (n1 > 1) {  /* cut short: refused, not a crash */
    paa_counter *cut = paa_counter_load(d1, n1 - 1, err, sizeof err);
    if (cut != NULL) abort();
  }
  paa_free(d2);
  paa_free(d1);
  paa_counter_free(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) {
  const char *s = (const char *)d + 1, *nul;
  size_t len, la, lb;
  int nn;
  paa_counter *a, *b, *junk;
  char err[128];
  if (n < 1) return 0;
  nn = 1 + d[0] % PAA_COUNT_MAXN;
  len = n - 1;
  nul = memchr(s, '\0', len);
  la = nul ? (size_t)(nul - s) : len;
  lb = nul ? len - la - 1 : 0;
  a = paa_counter_new(nn, 8 + d[0] / 8, d[0] & 1);
  b = paa_counter_new(nn, 0, 1);
  if (a == NULL || b == NULL) abort();
  if (paa_counter_stopword(a, "the", 3) < 0) abort();
  if (paa_counter_add(a, s, la, "one", 3) < 0 || paa_counter_add(a, s + la + (nul != NULL), lb, "two", 3) < 0) abort();
  if (paa_counter_add(b, s, la, "one", 3) < 0) abort();
  check(a);
  check(b);
  round_trip(a);
  round_trip(b);
  {  /* a's dump merged into b's, straight from the bytes: the groups of the merge below */
    size_t la2, lb2;
    char *da = paa_counter_dump(a, &la2), *db = paa_counter_dump(b, &lb2);
    paa_counter *m = db ? paa_counter_load(db, lb2, err, sizeof err) : NULL;
    if (da == NULL || db == NULL || m == NULL || paa_counter_merge_dump(m, da, la2, err, sizeof err) < 0) abort();
    if (paa_counter_merge(b, a) < 0) abort();
    check(m);
    round_trip(m);
    if (paa_counter_ngroups(m) != paa_counter_ngroups(b) || paa_counter_ncells(m) != paa_counter_ncells(b)) abort();
    paa_free(da);
    paa_free(db);
    paa_counter_free(m);
  }
  check(b);
  {
    paa_count_group g;
    size_t one = paa_counter_find_group(b, "one", 3);
    if (one == (size_t)-1) abort();
    paa_counter_group(b, one, &g);
    if (g.docs != 2) abort();
  }
  paa_counter_clear(a);  /* cleared, it counts as a new counter would */
  if (paa_counter_ncells(a) != 0 || paa_counter_ngroups(a) != 0 ||
      paa_counter_add(a, s, la, "one", 3) < 0)
    abort();
  check(a);
  round_trip(a);
  junk = paa_counter_load((const char *)d, n, err, sizeof err);  /* the input as a dump */
  if (junk) {
    check(junk);
    round_trip(junk);
  }
  paa_counter_free(junk);
  (void)paa_counter_merge_dump(a, (const char *)d, n, err, sizeof err);  /* refused or merged, never a crash */
  paa_counter_free(a);
  paa_counter_free(b);
  return 0;
}
