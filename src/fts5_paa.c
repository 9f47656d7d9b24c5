/*
** fts5_paa.c
** The "paa" FTS5 tokenizer and the auxiliary functions paa_instances
** and paa_snippet, registered on a connection by 'paa_fts5_register':
** by every store paa opens (store.c), and by the loadable extension
** paa_fts5.so (this file compiled again with PAA_FTS5_EXTENSION, which
** reaches SQLite through the loading program's sqlite3_api_routines and
** adds the entry point sqlite3_paafts_init), so other tools search a
** store with the same tokens as paa. No Lua here.
*/

#include <stdlib.h>
#include <string.h>

#ifdef PAA_FTS5_EXTENSION
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1
#else
#include <sqlite3.h>
#endif

#include "paa.h"
#include "engine.h"

/* sqlite3ext.h names SQLite's functions as members of the loading
   program's routines ('sqlite3_free' is 'sqlite3_api->free'): engine.h's
   names for paa_malloc and paa_free would rename them, so they are
   called by their own names here. */
#undef malloc
#undef free

/*
** {==================================================================
** The "paa" FTS5 tokenizer
** ===================================================================
** Tokens are the word and number tokens of 'paa_word_next', folded by
** 'paa_fold', as counts and lexicons see them, with two refinements
** that make search find what a reader expects: a hyphenated compound
** gives each of its parts ("for-profit": "for", "profit"; so the query
** "for profit" finds it as a phrase) and a possessive "'s" (or a
** plural's "'") is dropped ("OpenAI's": "openai"). Offsets are bytes of
** the original text, so snippet() and highlight() mark the words read.
*/

typedef struct tok_ctx {
  char stack[256];       /* fold buffer for ordinary tokens */
} tok_ctx;

/* One Fts5Tokenizer per FTS5 table; it holds nothing. */
static int tok_create(void *ud, const char **argv, int argc, Fts5Tokenizer **out) {
  static int dummy;
  (void)ud; (void)argv;
  if (argc > 0) return SQLITE_ERROR;  /* the paa tokenizer takes no options */
  *out = (Fts5Tokenizer *)&dummy;
  return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *t) {
  (void)t;
}

/* Length of the dash at 's' (< 'e'), as 'paa_fold' sees dashes, or 0. */
static size_t dash_at(const char *s, const char *e) {
  uint32_t cp;
  size_t len;
  char out[16];
  if ((unsigned char)*s < 0x80) return *s == '-';
  len = utf8_decode((const unsigned char *)s, (const unsigned char *)e, &cp);
  if (len == 0) return 0;
  if (len <= 4 && paa_fold(s, len, out) == 1 && out[0] == '-') return len;
  return 0;
}

/* Fold and emit one part [s, e) of a token at offsets [start, stop). */
static int emit_part(void *ctx, int (*xToken)(void *, int, const char *, int, int, int),
                     const char *s, size_t n, int start, int stop) {
  char stack[256];
  char *buf = stack;
  size_t len;
  int rc;
  if (2 * n + 4 > sizeof stack) {
    buf = (char *)paa_malloc(2 * n + 4);
    if (buf == NULL) return SQLITE_NOMEM;
  }
  len = paa_fold(s, n, buf);
  if (len > 2 && buf[len - 2] == '\'' && buf[len - 1] == 's') len -= 2;
  else if (len > 1 && buf[len - 1] == '\'') len -= 1;
  rc = len > 0 ? xToken(ctx, 0, buf, (int)len, start, stop) : SQLITE_OK;
  if (buf != stack) paa_free(buf);
  return rc;
}

static int tok_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text,
                        int ntext,
                        int (*xToken)(void *, int, const char *, int, int, int)) {
  paa_tokenizer tz;
  paa_token tok;
  (void)t; (void)flags;
  if (text == NULL || ntext <= 0) return SQLITE_OK;
  paa_tokenizer_init(&tz, text, (size_t)ntext);
  while (paa_word_next(&tz, &tok)) {
    const char *s = text + tok.start, *e = text + tok.stop, *p = s, *part = s;
    int rc;
    while (p < e) {  /* split at dashes */
      size_t d = dash_at(p, e);
      if (d == 0) { p++; continue; }
      if (p > part) {
        rc = emit_part(ctx, xToken, part, (size_t)(p - part), (int)(part - text),
                       (int)(p - text));
        if (rc != SQLITE_OK) return rc;
      }
      p += d;
      part = p;
    }
    if (p > part) {
      rc = emit_part(ctx, xToken, part, (size_t)(p - part), (int)(part - text),
                     (int)(p - text));
      if (rc != SQLITE_OK) return rc;
    }
  }
  return SQLITE_OK;
}

/* The fts5_api of a connection, through the pointer-passing interface. */
static fts5_api *fts5_api_of(sqlite3 *db) {
  fts5_api *api = NULL;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
  }
  sqlite3_finalize(st);
  return api;
}

/* }================================================================== */

/*
** {==================================================================
** Snippets of rows with many hits
** ===================================================================
*/

/*
** FTS5's snippet() scores a window at every phrase instance against
** every other: a text that repeats a searched word 200,000 times takes
** minutes. Search calls it for rows with at most PAA_SNIPPET_INSTANCES
** instances (paa_instances(fts) says how many) and paa_snippet() for the
** others: the window of 'ntok' tokens from an instance that holds the
** most instances, found in one pass, its instances marked. An instance
** is marked whole, all the tokens of its phrase ("«right of first
** refusal»"), and the window never cuts one: it starts at an instance
** and runs on past 'ntok' tokens to the end of any instance begun in
** it. Instances that overlap are marked as one span.
*/
#define PAA_SNIPPET_INSTANCES 1000

static void aux_instances(const Fts5ExtensionApi *api, Fts5Context *fc,
                          sqlite3_context *ctx, int nval, sqlite3_value **val) {
  int n = 0;
  (void)nval; (void)val;
  if (api->xInstCount(fc, &n) != SQLITE_OK) n = 0;
  sqlite3_result_int(ctx, n);
}

typedef struct snip {
  int ws, we;            /* the window: tokens [ws, we) */
  int tok;               /* the next token's index */
  int start, stop;       /* bytes of the window's first and last token */
  int (*marks)[2];       /* the marked spans: tokens [a, b), in order, apart */
  int nmarks, next;      /* how many; the first not yet passed */
  int (*spans)[2];       /* their byte spans, as met */
} snip;

static int snip_token(void *ud, int flags, const char *t, int nt, int s, int e) {
  snip *sn = (snip *)ud;
  int at;
  (void)t; (void)nt;
  if (flags & FTS5_TOKEN_COLOCATED) return SQLITE_OK;
  at = sn->tok++;
  if (at < sn->ws) return SQLITE_OK;
  if (at >= sn->we) return SQLITE_DONE;
  if (at == sn->ws) sn->start = s;
  sn->stop = e;
  while (sn->next < sn->nmarks && sn->marks[sn->next][1] <= at) sn->next++;
  if (sn->next < sn->nmarks && sn->marks[sn->next][0] <= at) {
    if (sn->spans[sn->next][0] < 0) sn->spans[sn->next][0] = s;
    sn->spans[sn->next][1] = e;
  }
  return SQLITE_OK;
}

/* Instance 'i': its column, first token and number of tokens (its
   phrase's); SQLITE_OK or an error code */
static int inst_at(const Fts5ExtensionApi *api, Fts5Context *fc, int i, int *col, int *off,
                   int *len) {
  int ph, rc = api->xInst(fc, i, &ph, col, off);
  if (rc != SQLITE_OK) return rc;
  *len = api->xPhraseSize(fc, ph);
  if (*len < 1) *len = 1;
  return SQLITE_OK;
}

/*
** The window of 'ntok' tokens from the instance that holds the most
** instances (the first such; instances come by column, then offset),
** in '*sn' (ws, we) and '*col', with '*first' the instance it starts at.
*/
static int snip_window(const Fts5ExtensionApi *api, Fts5Context *fc, int n, int ntok,
                       snip *sn, int *col, int *first) {
  int i, j, best = 0, bestcount = 0, rc, ci, oi, li, cj, oj, lj;
  for (i = 0, j = 0; i < n; i++) {
    if ((rc = inst_at(api, fc, i, &ci, &oi, &li)) != SQLITE_OK) return rc;
    if (j < i) j = i;
    while (j + 1 < n) {
      if ((rc = inst_at(api, fc, j + 1, &cj, &oj, &lj)) != SQLITE_OK) return rc;
      if (cj != ci || oj >= oi + ntok) break;
      j++;
    }
    if (j - i + 1 > bestcount) {
      bestcount = j - i + 1;
      best = i;
    }
  }
  if ((rc = inst_at(api, fc, best, &ci, &oi, &li)) != SQLITE_OK) return rc;
  *col = ci;
  sn->ws = oi;
  sn->we = oi + ntok;
  *first = best;
  return SQLITE_OK;
}

/*
** The marked spans of the window [ws, we) in 'sn->marks' (room for
** 'room'), from instance 'first' on: every instance that starts before
** 'we' is marked whole, 'we' moved on to its end where it runs past;
** then those that start after the old end and end by the new one.
** Overlapping instances make one span (instances side by side, two).
*/
static int snip_marks(const Fts5ExtensionApi *api, Fts5Context *fc, int n, int first,
                      int col, snip *sn, int room) {
  int i, rc, ci, oi, li, we = sn->we, k = 0;
  for (i = first; i < n; i++) {  /* how far the instances begun in the window run */
    if ((rc = inst_at(api, fc, i, &ci, &oi, &li)) != SQLITE_OK) return rc;
    if (ci != col || oi >= sn->we) break;
    if (oi + li > we) we = oi + li;
  }
  sn->we = we;
  for (i = first; i < n && k < room; i++) {
    if ((rc = inst_at(api, fc, i, &ci, &oi, &li)) != SQLITE_OK) return rc;
    if (ci != col || oi >= sn->we) break;
    if (oi + li > sn->we) continue;  /* runs past the window: not shown whole */
    if (k > 0 && oi < sn->marks[k - 1][1]) {  /* overlaps the last span */
      if (oi + li > sn->marks[k - 1][1]) sn->marks[k - 1][1] = oi + li;
      continue;
    }
    sn->marks[k][0] = oi;
    sn->marks[k][1] = oi + li;
    k++;
  }
  sn->nmarks = k;
  return SQLITE_OK;
}

/* paa_snippet(fts, open, close, ellipsis, ntokens) */
static void aux_snippet(const Fts5ExtensionApi *api, Fts5Context *fc,
                        sqlite3_context *ctx, int nval, sqlite3_value **val) {
  const char *open, *close, *dots, *text = NULL;
  int n = 0, ntok, i, col = 0, len = 0, rc, first = 0, room, total = 0;
  int (*buf)[2] = NULL;
  snip sn;
  sqlite3_str *out;
  if (nval != 4) {
    sqlite3_result_error(ctx, "paa_snippet: wrong number of arguments", -1);
    return;
  }
  open = (const char *)sqlite3_value_text(val[0]);
  close = (const char *)sqlite3_value_text(val[1]);
  dots = (const char *)sqlite3_value_text(val[2]);
  ntok = sqlite3_value_int(val[3]);
  if (ntok < 1) ntok = 1;
  if (ntok > 64) ntok = 64;
  if (open == NULL) open = "";
  if (close == NULL) close = "";
  if (dots == NULL) dots = "";
  if (api->xInstCount(fc, &n) != SQLITE_OK || n == 0) {
    sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
    return;
  }
  memset(&sn, 0, sizeof sn);
  rc = snip_window(api, fc, n, ntok, &sn, &col, &first);
  /* the spans: at most one per instance that starts in the window, or
     in the tokens it runs on by (no more than the instances after it) */
  room = n - first;
  if (rc == SQLITE_OK) {
    buf = (int (*)[2])sqlite3_malloc64((sqlite3_uint64)room * 2 * 2 * sizeof(int));
    if (buf == NULL) rc = SQLITE_NOMEM;
  }
  if (rc == SQLITE_OK) {
    sn.marks = buf;
    sn.spans = buf + room;
    rc = snip_marks(api, fc, n, first, col, &sn, room);
  }
  if (rc == SQLITE_OK) {
    for (i = 0; i < sn.nmarks; i++) sn.spans[i][0] = sn.spans[i][1] = -1;
    sn.tok = 0;
    sn.start = sn.stop = -1;
    sn.next = 0;
    rc = api->xColumnText(fc, col, &text, &len);
  }
  if (rc == SQLITE_OK && text != NULL) {
    rc = api->xTokenize(fc, text, len, &sn, snip_token);
    total = rc == SQLITE_DONE;  /* tokens after the window */
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
  }
  if (rc != SQLITE_OK || text == NULL) {
    sqlite3_free(buf);
    if (rc != SQLITE_OK) sqlite3_result_error_code(ctx, rc);
    else sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
    return;
  }
  out = sqlite3_str_new(NULL);
  if (sn.ws > 0) sqlite3_str_appendall(out, dots);
  if (sn.start >= 0) {
    int at = sn.start;
    for (i = 0; i < sn.nmarks; i++) {
      if (sn.spans[i][0] < at) continue;  /* not met (a column without it) */
      sqlite3_str_append(out, text + at, sn.spans[i][0] - at);
      sqlite3_str_appendall(out, open);
      sqlite3_str_append(out, text + sn.spans[i][0], sn.spans[i][1] - sn.spans[i][0]);
      sqlite3_str_appendall(out, close);
      at = sn.spans[i][1];
    }
    if (sn.stop > at) sqlite3_str_append(out, text + at, sn.stop - at);
  }
  if (total) sqlite3_str_appendall(out, dots);
  sqlite3_free(buf);
  rc = sqlite3_str_errcode(out);
  if (rc != SQLITE_OK) {
    sqlite3_free(sqlite3_str_finish(out));
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  len = sqlite3_str_length(out);
  sqlite3_result_text(ctx, sqlite3_str_finish(out), len, sqlite3_free);
}

static int register_snippets(fts5_api *api) {
  int rc = api->xCreateFunction(api, "paa_instances", NULL, aux_instances, NULL);
  if (rc == SQLITE_OK) rc = api->xCreateFunction(api, "paa_snippet", NULL, aux_snippet, NULL);
  return rc;
}

/* }================================================================== */

/*
** The paa tokenizer, and the snippet functions search uses, on 'db':
** what a connection needs to read or write a store's 'fts' table.
*/
int paa_fts5_register(struct sqlite3 *db) {
  static fts5_tokenizer tk = { tok_create, tok_delete, tok_tokenize };
  fts5_api *api = fts5_api_of(db);
  int rc;
  if (api == NULL || api->iVersion < 2) return SQLITE_ERROR;
  rc = api->xCreateTokenizer(api, "paa", NULL, &tk, NULL);
  return rc == SQLITE_OK ? register_snippets(api) : rc;
}


/*
** {==================================================================
** The loadable extension (paa_fts5.so)
** ===================================================================
** SQLite finds the entry point by the file's name: "paa_fts5" gives
** sqlite3_paafts_init (letters only). The version script exports it
** alone; the tokenizer rules come from libpaa, linked in.
*/
#ifdef PAA_FTS5_EXTENSION

__attribute__((visibility("default")))
int sqlite3_paafts_init(sqlite3 *db, char **errmsg, const sqlite3_api_routines *api);

int sqlite3_paafts_init(sqlite3 *db, char **errmsg, const sqlite3_api_routines *api) {
  int rc;
  SQLITE_EXTENSION_INIT2(api);
  rc = paa_fts5_register(db);
  if (rc != SQLITE_OK && errmsg != NULL)
    *errmsg = sqlite3_mprintf("paa_fts5: cannot register the paa FTS5 tokenizer "
                              "(SQLite without FTS5?)");
  return rc;
}

#endif

/* }================================================================== */


