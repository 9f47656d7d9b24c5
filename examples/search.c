/*
** search.c
** Example: search a paa store from C with libpaa alone. The store is
** one that 'paa --db FILE' (or db:ingest in a script) filled; each hit
** prints as one tab-separated line: rank, document, source, date, title
** and the best passage, the words found marked with << and >>.
**
**   cc search.c $(pkg-config --cflags --libs paa) -o paa-search
**   ./paa-search corpus.db 'openai AND microsoft' [limit [source]]
*/

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <paa.h>

/* Print 's' as one field of a tab-separated line: its tabs and line
** ends as spaces ("" for a field the store does not have). */
static void field(const char *s, int last) {
  for (; s && *s; s++) putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
  putchar(last ? '\n' : '\t');
}

int main(int argc, char **argv) {
  char err[512];
  paa_store *st;
  paa_search_opts opts;
  paa_hit *hits;
  size_t nhits, i;
  int rc;
  if (argc < 3) {
    fprintf(stderr, "usage: %s STORE QUERY [LIMIT [SOURCE]]\n", argv[0]);
    return 1;
  }
  memset(&opts, 0, sizeof opts);
  if (argc > 3) opts.limit = (size_t)strtoul(argv[3], NULL, 10);
  if (argc > 4) opts.source = argv[4];
  if ((st = paa_store_open(argv[1], err, sizeof err)) == NULL) {
    fprintf(stderr, "paa-search: %s\n", err);
    return 1;
  }
  rc = paa_store_search(st, argv[2], strlen(argv[2]), &opts, &hits, &nhits, err, sizeof err);
  if (rc != 0) {
    fprintf(stderr, "paa-search: %s\n", err);
    paa_store_close(st);
    return 1;
  }
  for (i = 0; i < nhits; i++) {
    printf("%.6g\t", hits[i].rank);
    field(hits[i].doc, 0);
    field(hits[i].source, 0);
    field(hits[i].date, 0);
    field(hits[i].title, 0);
    field(hits[i].snippet, 1);
  }
  printf("%zu hit%s\n", nhits, nhits == 1 ? "" : "s");
  paa_hits_free(hits, nhits);
  paa_store_close(st);
  return 0;
}
