/*
** sources.c
** Example: embed libpaa in a C program. Reads a corpus and prints, per
** source, how many documents and words it has, as tab-separated lines.
** With --clean first, words are counted without boilerplate: a model is
** learnt from a first walk, and a second walk cleans each text with it.
**
**   cc sources.c $(pkg-config --cflags --libs paa) -o paa-sources
**   ./paa-sources [--clean] corpus/
*/

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <paa.h>

typedef struct row {
  char *source;          /* owned copy */
  size_t docs, words;
} row;

static row *find_row(row **rows, size_t *n, const char *source) {
  size_t i;
  row *r;
  for (i = 0; i < *n; i++)
    if (strcmp((*rows)[i].source, source) == 0) return &(*rows)[i];
  r = (row *)realloc(*rows, (*n + 1) * sizeof *r);
  if (r == NULL) return NULL;
  *rows = r;
  r = &r[*n];
  r->source = malloc(strlen(source) + 1);
  if (r->source == NULL) return NULL;
  (*n)++;  /* counted only once complete */
  strcpy(r->source, source);
  r->docs = r->words = 0;
  return r;
}

static int by_source(const void *a, const void *b) {
  return strcmp(((const row *)a)->source, ((const row *)b)->source);
}

/*
** A boilerplate model learnt from every document of 'c', with the known
** phrases: what 'corpus:boilerplate()' learns in a script. NULL on out
** of memory.
*/
static paa_boiler *learn(const paa_corpus *c) {
  paa_boiler *bp = paa_boiler_new(NULL);
  paa_walk *w = paa_walk_new(c);
  paa_doc doc;
  int r, ok = bp && w && paa_boiler_add_phrases(bp, paa_boiler_phrases()) == 0;
  while (ok && (r = paa_walk_next(w, &doc)) != PAA_WALK_END) {
    if (r == PAA_WALK_ERRMEM) ok = 0;
    else if (r == PAA_WALK_DOC) ok = paa_boiler_learn(bp, doc.source, doc.text, doc.len) == 0;
  }
  paa_walk_close(w);
  if (ok && paa_boiler_finish(bp) == 0) return bp;
  paa_boiler_free(bp);
  return NULL;
}

int main(int argc, char **argv) {
  char err[512];
  paa_corpus *c;
  paa_boiler *bp = NULL;
  paa_walk *w;
  int clean = argc > 1 && strcmp(argv[1], "--clean") == 0;
  paa_doc doc;
  row *rows = NULL;
  size_t nrows = 0, i, skipped = 0;
  int r;
  if (argc < 2 + clean) {
    fprintf(stderr, "usage: %s [--clean] PATH...\n", argv[0]);
    return 1;
  }
  c = paa_corpus_open((const char *const *)argv + 1 + clean, (size_t)(argc - 1 - clean), NULL,
                      err, sizeof err);
  if (c == NULL) {
    fprintf(stderr, "%s: %s\n", argv[0], err);
    return 1;
  }
  if (clean && (bp = learn(c)) == NULL) {
    fprintf(stderr, "%s: not enough memory\n", argv[0]);
    return 1;
  }
  w = bp ? paa_walk_new_clean(c, bp) : paa_walk_new(c);
  while (w && (r = paa_walk_next(w, &doc)) != PAA_WALK_END) {
    row *rw;
    if (r == PAA_WALK_ERRMEM) break;
    if (r == PAA_WALK_SKIP) {
      fprintf(stderr, "%s: %s; skipped\n", doc.path, doc.warning);
      skipped++;
      continue;
    }
    if ((rw = find_row(&rows, &nrows, doc.source)) == NULL) break;
    rw->docs++;
    rw->words += doc.words;
  }
  qsort(rows, nrows, sizeof *rows, by_source);
  printf("source\tdocs\twords\n");
  for (i = 0; i < nrows; i++) {
    printf("%s\t%zu\t%zu\n", rows[i].source, rows[i].docs, rows[i].words);
    free(rows[i].source);
  }
  free(rows);
  paa_walk_close(w);
  paa_boiler_free(bp);
  paa_corpus_close(c);
  printf("libpaa %s\n", paa_version());
  return skipped > 0 ? 2 : 0;
}
