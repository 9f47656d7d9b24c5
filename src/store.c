/*
** store.c
** The corpus in SQLite: opening a store (checks, pragmas, schema
** migrations, the "paa" FTS5 tokenizer of fts5_paa.c), search, and the
** incremental ingest of a corpus. The schema is described in
** docs/schema.md. No Lua here.
*/

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <pthread.h>
#include <sqlite3.h>

#include "paa.h"
#include "engine.h"

#define BATCH_DOCS   500       /* documents per ingest transaction */
#define PAA_APP_ID   0x70616100 /* PRAGMA application_id of a paa store: "paa\0" */

struct paa_store {
  sqlite3 *db;           /* the connection (owned) */
  char *zPath;           /* the path as given to 'paa_store_open', or "a temporary store" for "" (owned) */
};


static void seterr(char *err, size_t errlen, const char *fmt, ...) {
  va_list ap;
  if (err == NULL || errlen == 0) return;
  va_start(ap, fmt);
  vsnprintf(err, errlen, fmt, ap);
  va_end(ap);
}


/*
** {==================================================================
** Opening and the schema
** ===================================================================
*/

/*
** Migrations: 'migration[v]' takes a store from user_version v to v + 1.
** The FTS5 index is an external-content table over the view 'fts_docs';
** triggers keep it in step with 'texts' and the titles in 'documents',
** whatever SQL changes them (an external-content index must be told the
** old values of a row to forget it, so 'texts' is deleted before its
** document, by the trigger on documents).
*/
static const char *const migration[] = {
  /* 0 -> 1 */
  "CREATE TABLE documents(\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  doc TEXT UNIQUE NOT NULL,\n"
  "  path TEXT, source TEXT, title TEXT, date TEXT, url TEXT,\n"
  "  hash INTEGER NOT NULL,\n"
  "  bytes INTEGER, words INTEGER,\n"
  "  ingested_at TEXT);\n"
  "CREATE INDEX documents_source ON documents(source, date);\n"
  "CREATE TABLE paragraphs(\n"
  "  document INTEGER REFERENCES documents(id) ON DELETE CASCADE,\n"
  "  position INTEGER, start INTEGER, stop INTEGER,\n"
  "  fingerprint INTEGER, boilerplate INTEGER DEFAULT 0,\n"
  "  PRIMARY KEY(document, position)) WITHOUT ROWID;\n"
  "CREATE INDEX paragraphs_fingerprint ON paragraphs(fingerprint);\n"
  "CREATE TABLE texts(\n"
  "  id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,\n"
  "  text TEXT);\n"
  "CREATE VIEW fts_docs AS\n"
  "  SELECT t.id AS id, d.title AS title, t.text AS text\n"
  "  FROM texts t JOIN documents d ON d.id = t.id;\n"
  "CREATE VIRTUAL TABLE fts USING fts5(title, text, content='fts_docs',\n"
  "  content_rowid='id', tokenize='paa');\n"
  "CREATE TRIGGER texts_ai AFTER INSERT ON texts BEGIN\n"
  "  INSERT INTO fts(rowid, title, text)\n"
  "  VALUES(new.id, (SELECT title FROM documents WHERE id = new.id), new.text);\n"
  "END;\n"
  "CREATE TRIGGER texts_bd BEFORE DELETE ON texts BEGIN\n"
  "  INSERT INTO fts(fts, rowid, title, text)\n"
  "  VALUES('delete', old.id, (SELECT title FROM documents WHERE id = old.id), old.text);\n"
  "END;\n"
  "CREATE TRIGGER texts_bu BEFORE UPDATE ON texts BEGIN\n"
  "  INSERT INTO fts(fts, rowid, title, text)\n"
  "  VALUES('delete', old.id, (SELECT title FROM documents WHERE id = old.id), old.text);\n"
  "END;\n"
  "CREATE TRIGGER texts_au AFTER UPDATE ON texts BEGIN\n"
  "  INSERT INTO fts(rowid, title, text)\n"
  "  VALUES(new.id, (SELECT title FROM documents WHERE id = new.id), new.text);\n"
  "END;\n"
  "CREATE TRIGGER documents_bu BEFORE UPDATE OF title ON documents\n"
  "WHEN EXISTS (SELECT 1 FROM texts WHERE id = old.id) BEGIN\n"
  "  INSERT INTO fts(fts, rowid, title, text)\n"
  "  VALUES('delete', old.id, old.title, (SELECT text FROM texts WHERE id = old.id));\n"
  "END;\n"
  "CREATE TRIGGER documents_au AFTER UPDATE OF title ON documents\n"
  "WHEN EXISTS (SELECT 1 FROM texts WHERE id = new.id) BEGIN\n"
  "  INSERT INTO fts(rowid, title, text)\n"
  "  VALUES(new.id, new.title, (SELECT text FROM texts WHERE id = new.id));\n"
  "END;\n"
  "CREATE TRIGGER documents_bd BEFORE DELETE ON documents BEGIN\n"
  "  DELETE FROM texts WHERE id = old.id;\n"
  "END;\n",
  /* 1 -> 2: metadata, and what reports compute. A result row names its
  ** document by 'doc' (the corpus id, kept when the document goes) and
  ** 'document' (the row id, NULL once it is deleted). Documents stored
  ** before have no metadata rows: their hash is cleared, so the next
  ** ingest reads each once more and records its metadata. */
  "CREATE TABLE meta(\n"
  "  document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
  "  key TEXT NOT NULL, value TEXT,\n"
  "  PRIMARY KEY(document, key)) WITHOUT ROWID;\n"
  "CREATE INDEX meta_key ON meta(key, value);\n"
  "UPDATE documents SET hash = 0;\n"
  "CREATE TABLE runs(\n"
  "  run_id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
  "  script TEXT NOT NULL, version TEXT, sha256 TEXT,\n"
  "  parameters TEXT NOT NULL,\n"
  "  corpus_hash TEXT, corpus_documents INTEGER,\n"
  "  manifest TEXT,\n"
  "  created TEXT NOT NULL);\n"
  "CREATE UNIQUE INDEX runs_key ON runs(script, parameters);\n"
  "CREATE TABLE clusters(\n"
  "  run_id INTEGER NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,\n"
  "  cluster INTEGER NOT NULL,\n"
  "  doc TEXT NOT NULL,\n"
  "  document INTEGER REFERENCES documents(id) ON DELETE SET NULL,\n"
  "  canonical_doc TEXT NOT NULL,\n"
  "  canonical INTEGER REFERENCES documents(id) ON DELETE SET NULL,\n"
  "  similarity REAL,\n"
  "  PRIMARY KEY(run_id, doc)) WITHOUT ROWID;\n"
  "CREATE INDEX clusters_document ON clusters(document);\n"
  "CREATE INDEX clusters_canonical ON clusters(canonical);\n"
  "CREATE TABLE deals(\n"
  "  run_id INTEGER NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,\n"
  "  deal_id TEXT NOT NULL,\n"
  "  position INTEGER NOT NULL,\n"
  "  kind TEXT, written TEXT,\n"
  "  amount REAL, low REAL, high REAL, currency TEXT, usd REAL,\n"
  "  approx INTEGER, vague INTEGER, round TEXT,\n"
  "  date TEXT, date_fallback INTEGER, horizon_date TEXT, horizon_role TEXT,\n"
  "  mentions INTEGER, documents INTEGER, sources INTEGER,\n"
  "  PRIMARY KEY(run_id, deal_id)) WITHOUT ROWID;\n"
  "CREATE TABLE deal_parties(\n"
  "  run_id INTEGER NOT NULL, deal_id TEXT NOT NULL,\n"
  "  position INTEGER NOT NULL, name TEXT NOT NULL, role TEXT,\n"
  "  PRIMARY KEY(run_id, deal_id, position),\n"
  "  FOREIGN KEY(run_id, deal_id) REFERENCES deals(run_id, deal_id) ON DELETE CASCADE)\n"
  "  WITHOUT ROWID;\n"
  "CREATE TABLE deal_sources(\n"
  "  run_id INTEGER NOT NULL, deal_id TEXT NOT NULL,\n"
  "  position INTEGER NOT NULL, source TEXT NOT NULL,\n"
  "  PRIMARY KEY(run_id, deal_id, position),\n"
  "  FOREIGN KEY(run_id, deal_id) REFERENCES deals(run_id, deal_id) ON DELETE CASCADE)\n"
  "  WITHOUT ROWID;\n"
  "CREATE TABLE deal_mentions(\n"
  "  run_id INTEGER NOT NULL, deal_id TEXT NOT NULL,\n"
  "  position INTEGER NOT NULL,\n"
  "  doc TEXT NOT NULL,\n"
  "  document INTEGER REFERENCES documents(id) ON DELETE SET NULL,\n"
  "  source TEXT, sentence TEXT, start INTEGER, stop INTEGER, written TEXT,\n"
  "  date TEXT, date_fallback INTEGER,\n"
  "  PRIMARY KEY(run_id, deal_id, position),\n"
  "  FOREIGN KEY(run_id, deal_id) REFERENCES deals(run_id, deal_id) ON DELETE CASCADE)\n"
  "  WITHOUT ROWID;\n"
  "CREATE INDEX deal_mentions_document ON deal_mentions(document);\n"
  "CREATE TABLE theme_documents(\n"
  "  run_id INTEGER NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,\n"
  "  grp TEXT NOT NULL, doc TEXT NOT NULL,\n"
  "  document INTEGER REFERENCES documents(id) ON DELETE SET NULL,\n"
  "  words INTEGER NOT NULL,\n"
  "  PRIMARY KEY(run_id, grp, doc)) WITHOUT ROWID;\n"
  "CREATE INDEX theme_documents_document ON theme_documents(document);\n"
  "CREATE TABLE theme_counts(\n"
  "  run_id INTEGER NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,\n"
  "  grp TEXT NOT NULL, doc TEXT NOT NULL,\n"
  "  document INTEGER REFERENCES documents(id) ON DELETE SET NULL,\n"
  "  theme TEXT NOT NULL, term TEXT NOT NULL, matches INTEGER NOT NULL,\n"
  "  PRIMARY KEY(run_id, grp, doc, theme, term)) WITHOUT ROWID;\n"
  "CREATE INDEX theme_counts_document ON theme_counts(document);\n"
};

#define NMIGRATIONS  (sizeof migration / sizeof migration[0])

static unsigned long be32(const unsigned char *p) {
  return ((unsigned long)p[0] << 24) | ((unsigned long)p[1] << 16) |
         ((unsigned long)p[2] << 8) | (unsigned long)p[3];
}

/*
** Look at the file before SQLite opens it read-write: it must be absent,
** empty, or a SQLite database whose user_version this build knows and
** whose application_id is 0 or paa's. Reading the header needs no lock
** and cannot change the file. 0, or -1 with a message.
*/
static int check_header(const char *path, char *err, size_t errlen) {
  unsigned char h[100];
  size_t n = 0;
  ssize_t r;
  int fd;
  const char *why;
  unsigned long ver, app;
  if (strcmp(path, ":memory:") == 0 || path[0] == '\0') return 0;
  fd = paa_file_open(path, 0, &why);  /* a FIFO would block SQLite's open */
  if (fd < 0) {
    if (errno == ENOENT) return 0;  /* created by the open */
    seterr(err, errlen, "%s: cannot open: %s", path, why);
    return -1;
  }
  while (n < sizeof h && ((r = read(fd, h + n, sizeof h - n)) > 0 || (r < 0 && errno == EINTR)))
    if (r > 0) n += (size_t)r;
  close(fd);
  if (n == 0) return 0;  /* an empty file is an empty database */
  if (n < sizeof h || memcmp(h, "SQLite format 3", 16) != 0) {
    seterr(err, errlen, "%s: not a SQLite database", path);
    return -1;
  }
  ver = be32(h + 60);
  app = be32(h + 68);
  if (app != 0 && app != PAA_APP_ID) {
    seterr(err, errlen, "%s: a SQLite database of another application, not a paa store",
           path);
    return -1;
  }
  if (ver > PAA_STORE_SCHEMA) {
    seterr(err, errlen,
           "%s: store schema version %lu is newer than this paa knows (%d); "
           "use a newer paa", path, ver, PAA_STORE_SCHEMA);
    return -1;
  }
  return 0;
}

static int int_pragma(sqlite3 *db, const char *sql, long *out) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *out = (long)sqlite3_column_int64(st, 0);
    rc = SQLITE_OK;
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/*
** Bring the schema to PAA_STORE_SCHEMA in one write transaction, checking
** again inside it (another process may have migrated meanwhile). A
** database with tables of its own and no paa version is not touched.
*/
static int migrate(sqlite3 *db, const char *path, char *err, size_t errlen) {
  long ver = 0, ntables = 0;
  char sql[64];
  int rc;
  if ((rc = int_pragma(db, "PRAGMA user_version", &ver)) != SQLITE_OK) goto fail;
  if (ver == PAA_STORE_SCHEMA) return 0;
  if ((rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL)) != SQLITE_OK) goto fail;
  if ((rc = int_pragma(db, "PRAGMA user_version", &ver)) != SQLITE_OK) goto rollback;
  if (ver > PAA_STORE_SCHEMA) {
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    seterr(err, errlen, "%s: store schema version %ld is newer than this paa knows (%d)",
           path, ver, PAA_STORE_SCHEMA);
    return -1;
  }
  if (ver == 0) {
    rc = int_pragma(db, "SELECT count(*) FROM sqlite_schema", &ntables);
    if (rc != SQLITE_OK) goto rollback;
    if (ntables > 0) {
      sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
      seterr(err, errlen, "%s: a SQLite database that is not a paa store", path);
      return -1;
    }
  }
  for (; ver < PAA_STORE_SCHEMA && (size_t)ver < NMIGRATIONS; ver++)
    if ((rc = sqlite3_exec(db, migration[ver], NULL, NULL, NULL)) != SQLITE_OK)
      goto rollback;
  snprintf(sql, sizeof sql, "PRAGMA user_version = %d", PAA_STORE_SCHEMA);
  if ((rc = sqlite3_exec(db, sql, NULL, NULL, NULL)) != SQLITE_OK) goto rollback;
  snprintf(sql, sizeof sql, "PRAGMA application_id = %d", PAA_APP_ID);
  if ((rc = sqlite3_exec(db, sql, NULL, NULL, NULL)) != SQLITE_OK) goto rollback;
  if ((rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK) goto rollback;
  return 0;
rollback:
  seterr(err, errlen, "%s: cannot set up the store: %s", path, sqlite3_errmsg(db));
  sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
  return -1;
fail:
  seterr(err, errlen, "%s: %s", path, sqlite3_errmsg(db));
  return -1;
}

paa_store *paa_store_open(const char *path, char *err, size_t errlen) {
  paa_store *st;
  sqlite3 *db = NULL;
  int rc, mem = strcmp(path, ":memory:") == 0;
  if (check_header(path, err, errlen) != 0) return NULL;
  rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK) {
    seterr(err, errlen, "%s: cannot open: %s", path,
           db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close(db);
    return NULL;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 5000);
  if (paa_fts5_register(db) != SQLITE_OK) {
    seterr(err, errlen, "%s: cannot register the paa FTS5 tokenizer (SQLite without FTS5?)",
           path);
    goto fail;
  }
  if (sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK) {
    seterr(err, errlen, "%s: %s", path, sqlite3_errmsg(db));
    goto fail;
  }
  if (migrate(db, path, err, errlen) != 0) goto fail;
  if (!mem && sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK) {
    seterr(err, errlen, "%s: cannot use WAL mode: %s", path, sqlite3_errmsg(db));
    goto fail;
  }
  sqlite3_exec(db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
  if (path[0] == '\0') path = "a temporary store";  /* what messages name */
  st = (paa_store *)malloc(sizeof *st + strlen(path) + 1);
  if (st == NULL) {
    seterr(err, errlen, "%s: out of memory", path);
    goto fail;
  }
  st->db = db;
  st->zPath = (char *)(st + 1);  /* freed with 'st' */
  strcpy(st->zPath, path);
  return st;
fail:
  sqlite3_close_v2(db);
  return NULL;
}

void paa_store_close(paa_store *st) {
  if (st == NULL) return;
  sqlite3_close_v2(st->db);
  free(st);
}

struct sqlite3 *paa_store_db(paa_store *st) {
  return st->db;
}

/*
** The authorizer of a confined store: no other file, no code, and the
** size its owner set stays. VACUUM INTO asks for SQLITE_ATTACH too, so
** one rule covers both.
*/
static int confined(void *ud, int action, const char *a, const char *b,
                    const char *c, const char *d) {
  (void)ud; (void)c; (void)d;
  switch (action) {
    case SQLITE_ATTACH: case SQLITE_DETACH:
      return SQLITE_DENY;
    case SQLITE_PRAGMA:  /* 'b' is its value, NULL when it is only read */
      return a && (sqlite3_stricmp(a, "temp_store_directory") == 0 ||
                   sqlite3_stricmp(a, "data_store_directory") == 0 ||
                   sqlite3_stricmp(a, "writable_schema") == 0 ||
                   (b && sqlite3_stricmp(a, "max_page_count") == 0)) ? SQLITE_DENY : SQLITE_OK;
    case SQLITE_FUNCTION:  /* 'b' is the function's name */
      return b && (sqlite3_stricmp(b, "load_extension") == 0 ||
                   sqlite3_stricmp(b, "fts3_tokenizer") == 0) ? SQLITE_DENY : SQLITE_OK;
    default:
      return SQLITE_OK;
  }
}

int paa_store_confine(paa_store *st) {
  if (sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL) != SQLITE_OK ||
      sqlite3_db_config(st->db, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0, (int *)NULL) != SQLITE_OK ||
      sqlite3_db_config(st->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, (int *)NULL) != SQLITE_OK ||
      sqlite3_set_authorizer(st->db, confined, NULL) != SQLITE_OK)
    return -1;
  return 0;
}

const char *paa_store_path(const paa_store *st) {
  return st->zPath;
}

/* Whether the token [a, b) of 'q' is an FTS5 operator (they are upper case). */
static int is_operator(const char *q, size_t a, size_t b) {
  static const char *const ops[] = { "OR", "AND", "NOT", "NEAR" };
  size_t i;
  for (i = 0; i < sizeof ops / sizeof ops[0]; i++)
    if (b - a == strlen(ops[i]) && memcmp(q + a, ops[i], b - a) == 0) return 1;
  return 0;
}

/*
** The terms of a query, as the bound counts them: its words as the paa
** tokenizer reads them, operators left out, so a phrase of five words is
** five terms, as it is for FTS5. Scripts say it in their messages.
*/
size_t paa_store_query_terms(const char *q, size_t n) {
  paa_tokenizer t;
  paa_token tok;
  size_t terms = 0;
  paa_tokenizer_init(&t, q, n);
  while (paa_word_next(&t, &tok))
    if (!is_operator(q, tok.start, tok.stop)) terms++;
  return terms;
}

/*
** Refuse a query beyond PAA_SEARCH_MAX_BYTES or PAA_SEARCH_MAX_TERMS
** before SQLite sees it: the time FTS5 takes grows with the square of
** the terms, and a pasted word list would otherwise run for minutes.
*/
int paa_store_check_query(const char *q, size_t n, char *err, size_t errlen) {
  size_t terms;
  if (n > PAA_SEARCH_MAX_BYTES) {
    seterr(err, errlen, "search query too long: %zu bytes (at most %d)", n,
           PAA_SEARCH_MAX_BYTES);
    return -1;
  }
  terms = paa_store_query_terms(q, n);
  if (terms > PAA_SEARCH_MAX_TERMS) {
    seterr(err, errlen, "search query has too many terms: %zu (at most %d)", terms,
           PAA_SEARCH_MAX_TERMS);
    return -1;
  }
  return 0;
}

/*
** The search: bm25 with the title weighing double, FTS5's own snippet
** for rows with few term instances and paa_snippet (linear) beyond
** PAA_SNIPPET_INSTANCES; filters on source and date bounds (an 'until'
** of "2025-06" takes the whole month); ties by document id.
*/
static const char search_sql[] =
  "SELECT d.doc AS doc, d.title AS title, d.source AS source, d.date AS date,"
  " bm25(fts, 2.0, 1.0) AS rank,"
  " CASE WHEN paa_instances(fts) <= 1000"  /* PAA_SNIPPET_INSTANCES */
  " THEN snippet(fts, -1, '\xc2\xab', '\xc2\xbb', '\xe2\x80\xa6', 16)"
  " ELSE paa_snippet(fts, '\xc2\xab', '\xc2\xbb', '\xe2\x80\xa6', 16) END AS snippet"
  " FROM fts JOIN documents d ON d.id = fts.rowid"
  " WHERE fts MATCH ?1 AND (?2 IS NULL OR d.source = ?2)"
  " AND (?3 IS NULL OR d.date >= ?3)"
  " AND (?4 IS NULL OR substr(d.date, 1, length(?4)) <= ?4)"
  " ORDER BY 5, 1 LIMIT ?5";

/*
** The query as plain terms: each white-space separated chunk that holds
** a word, its double quotes dropped, as an FTS5 string ("" when none).
** What a query that is not valid FTS5 syntax is searched as, so stray
** punctuation in what a user typed is not an error. NULL: no memory.
*/
static char *quote_terms(const char *q, size_t n) {
  pbuf b = { NULL, 0, 0 };
  size_t i = 0;
  if (!pbuf_add(&b, "", 0)) return NULL;  /* "" when no word follows */
  while (i < n) {
    size_t j, k;
    paa_tokenizer t;
    paa_token tok;
    int ok = 1;
    while (i < n && (q[i] == ' ' || q[i] == '\t' || q[i] == '\n' || q[i] == '\r')) i++;
    j = i;
    while (j < n && !(q[j] == ' ' || q[j] == '\t' || q[j] == '\n' || q[j] == '\r')) j++;
    paa_tokenizer_init(&t, q + i, j - i);
    if (j > i && paa_word_next(&t, &tok)) {
      if (b.n > 0) ok = pbuf_addc(&b, ' ');
      ok = ok && pbuf_addc(&b, '"');
      for (k = i; ok && k < j; k++)
        if (q[k] != '"') ok = pbuf_addc(&b, q[k]);
      ok = ok && pbuf_addc(&b, '"');
    }
    if (!ok) {
      pbuf_free(&b);
      return NULL;
    }
    i = j;
  }
  return b.p;
}

/* A malloc'd copy of column 'i' of 's', NULL for NULL; '*nomem' on failure. */
static char *column_dup(sqlite3_stmt *s, int i, int *nomem) {
  const unsigned char *v = sqlite3_column_text(s, i);
  size_t n = (size_t)sqlite3_column_bytes(s, i);
  char *p;
  if (v == NULL) return NULL;
  if ((p = (char *)malloc(n + 1)) == NULL) {
    *nomem = 1;
    return NULL;
  }
  memcpy(p, v, n);
  p[n] = '\0';
  return p;
}

void paa_hits_free(paa_hit *hits, size_t n) {
  size_t i;
  if (hits == NULL) return;
  for (i = 0; i < n; i++) {
    free(hits[i].doc);
    free(hits[i].title);
    free(hits[i].source);
    free(hits[i].date);
    free(hits[i].snippet);
  }
  free(hits);
}

/*
** One attempt at the search with 'match' as the FTS5 query: the hits
** into '*out' (malloc'd), 0, or the SQLite result code with its message.
*/
static int search_once(paa_store *st, const char *match, size_t n, const paa_search_opts *o,
                       size_t limit, paa_hit **out, size_t *nout, char *err, size_t errlen) {
  sqlite3_stmt *s = NULL;
  paa_hit *hits = NULL;
  size_t nh = 0, cap = 0;
  int rc = sqlite3_prepare_v2(st->db, search_sql, -1, &s, NULL), nomem = 0;
  if (rc != SQLITE_OK) {
    seterr(err, errlen, "%s", sqlite3_errmsg(st->db));
    return rc;
  }
  sqlite3_bind_text64(s, 1, match, (sqlite3_uint64)n, SQLITE_TRANSIENT, SQLITE_UTF8);
  if (o && o->source) sqlite3_bind_text(s, 2, o->source, -1, SQLITE_TRANSIENT);
  if (o && o->since) sqlite3_bind_text(s, 3, o->since, -1, SQLITE_TRANSIENT);
  if (o && o->until) sqlite3_bind_text(s, 4, o->until, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(s, 5, (sqlite3_int64)(limit > (size_t)INT64_MAX ? INT64_MAX : (int64_t)limit));
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    paa_hit *h;
    if (nh == cap) {
      size_t ncap = cap ? 2 * cap : 16;
      paa_hit *p = (paa_hit *)realloc(hits, ncap * sizeof *p);
      if (p == NULL) { rc = SQLITE_NOMEM; break; }
      hits = p;
      cap = ncap;
    }
    h = &hits[nh++];
    memset(h, 0, sizeof *h);
    h->doc = column_dup(s, 0, &nomem);
    h->title = column_dup(s, 1, &nomem);
    h->source = column_dup(s, 2, &nomem);
    h->date = column_dup(s, 3, &nomem);
    h->rank = sqlite3_column_double(s, 4);
    h->snippet = column_dup(s, 5, &nomem);
    if (nomem) { rc = SQLITE_NOMEM; break; }
  }
  if (rc != SQLITE_DONE) {
    seterr(err, errlen, "%s", rc == SQLITE_NOMEM ? "out of memory" : sqlite3_errmsg(st->db));
    sqlite3_finalize(s);
    paa_hits_free(hits, nh);
    return rc;
  }
  sqlite3_finalize(s);
  *out = hits;
  *nout = nh;
  return SQLITE_OK;
}

/*
** Search as 'db:search' does: the query as FTS5 syntax, and when FTS5
** refuses it, its words as plain terms, all of them.
*/
int paa_store_search(paa_store *st, const char *q, size_t n, const paa_search_opts *opts,
                     paa_hit **hits, size_t *nhits, char *err, size_t errlen) {
  size_t limit = opts && opts->limit ? opts->limit : PAA_SEARCH_LIMIT;
  char *terms;
  int rc;
  *hits = NULL;
  *nhits = 0;
  if (paa_store_check_query(q, n, err, errlen) != 0) return -1;
  rc = search_once(st, q, n, opts, limit, hits, nhits, err, errlen);
  if ((rc & 0xff) != SQLITE_ERROR) return rc;
  if ((terms = quote_terms(q, n)) == NULL) {
    seterr(err, errlen, "out of memory");
    return SQLITE_NOMEM;
  }
  rc = terms[0] ? search_once(st, terms, strlen(terms), opts, limit, hits, nhits, err, errlen)
                : SQLITE_OK;  /* no words: no hits */
  free(terms);
  return rc;
}

/* }================================================================== */


/*
** {==================================================================
** Progress line
** ===================================================================
** What an ingest shows on a terminal while it runs, so a C program
** and a script show the same: one line redrawn at most four times a
** second.
*/

static double now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void paa_progress_start(paa_progress *p) {
  p->t0 = now_seconds();
  p->last = 0;
  p->shown = 0;
}

void paa_progress_show(paa_progress *p, const paa_walk_stats *ws, int final) {
  double t = now_seconds() - p->t0, mb = (double)ws->bytes / 1e6;
  if (!final && t - p->last < 0.25) return;
  p->last = t;
  p->shown = !final;
  fprintf(stderr, "\rpaa: ingest: %zu files, %.1f MB, %.1f MB/s%s", ws->files, mb,
          t > 0 ? mb / t : 0.0, final ? "\n" : "");
  fflush(stderr);
}

int paa_progress_tty(void) {
  return isatty(2);
}

void paa_progress_break(paa_progress *p) {
  if (!p->shown) return;
  fputc('\n', stderr);
  fflush(stderr);
  p->shown = 0;
}

/* }================================================================== */


/*
** {==================================================================
** Ingest
** ===================================================================
*/

enum {
  S_FIND, S_INSERT_DOC, S_UPDATE_DOC, S_DELETE_TEXT, S_INSERT_TEXT,
  S_DELETE_PARAS, S_INSERT_PARA, S_SEEN, S_SEEN_PREFIX, S_DELETE_META, S_INSERT_META, NSTMT
};

static const char *const stmt_sql[NSTMT] = {
  "SELECT id, hash FROM documents WHERE doc = ?1",
  "INSERT INTO documents(doc, path, source, title, date, url, hash, bytes, words,"
  " ingested_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, datetime('now'))",
  "UPDATE documents SET path = ?2, source = ?3, title = ?4, date = ?5, url = ?6,"
  " hash = ?7, bytes = ?8, words = ?9, ingested_at = datetime('now') WHERE id = ?10",
  "DELETE FROM texts WHERE id = ?1",
  "INSERT INTO texts(id, text) VALUES(?1, ?2)",
  "DELETE FROM paragraphs WHERE document = ?1",
  "INSERT INTO paragraphs(document, position, start, stop, fingerprint)"
  " VALUES(?1, ?2, ?3, ?4, ?5)",
  "INSERT OR IGNORE INTO temp.paa_seen(id) VALUES(?1)",
  /* an input skipped: keep what it stored (a file, a JSONL file's lines, a folder's files) */
  "INSERT OR IGNORE INTO temp.paa_seen(id) SELECT id FROM documents"
  " WHERE doc = ?1 OR substr(doc, 1, length(?1) + 1) IN (?1 || ':', ?1 || '/')",
  "DELETE FROM meta WHERE document = ?1",
  "INSERT OR REPLACE INTO meta(document, key, value) VALUES(?1, ?2, ?3)",
};

/*
** The work of an ingest that needs no database runs on worker threads:
** each walks its shard of the corpus (paa_walk_shard): reads, decodes,
** counts words, hashes the text and finds its paragraphs and their
** fingerprints. The calling thread alone writes: it takes the inputs
** from the workers' queues in walk order (the least 'index' first; each
** queue is in order) and inserts them as one thread walking the corpus
** would, so the store's rows and ids do not depend on the threads.
** The queues are shardq.c's. Memory: a few batches a worker at most, a
** batch IBATCH inputs or IBATCH_BYTES of text (or one larger input).
*/

#define IBATCH        64                /* inputs a batch, at most */
#define IBATCH_BYTES  ((size_t)1 << 21) /* text a batch, at most (but its first input) */
#define MAX_WORKERS   4                 /* workers when the caller does not say */

/* a paragraph of a document: what its 'paragraphs' row holds */
typedef struct ipara {
  size_t start, stop;
  uint64_t fingerprint;
} ipara;

/* an input (a document, an input skipped, or the end of a walk) from a worker */
typedef struct iitem {
  shq_doc head;          /* kind; the document, its strings and metadata pairs owned */
  uint64_t hash;         /* DOC: paa_hash of the text */
  ipara *para;           /* DOC: its paragraphs (owned) */
  size_t npara;
  int scanned;           /* DOC: 'para' was found (not for a document stored unchanged) */
  paa_walk_stats delta;  /* the shard's stats since its previous item */
} iitem;

typedef struct iworkers {
  const paa_corpus *c;
  const uint64_t *known;  /* sorted keys (known_key) of the documents stored at the start */
  size_t nknown;
  size_t n;              /* workers */
  shq *q;                /* their inputs, for the writer in walk order */
} iworkers;

typedef struct iworker {
  iworkers *ws;
  size_t k;              /* its shard */
} iworker;

static void iitem_free(iitem *it) {
  if (it == NULL) return;
  free(it->head.buf);
  free(it->para);
  free(it);
}

/* what the shard queues read of an input */
static size_t iitem_bytes(const void *it) { return ((const iitem *)it)->head.doc.len; }
static void iitem_release(void *it) { iitem_free((iitem *)it); }
static void *iitem_errmem(void) { return shq_doc_new(sizeof(iitem), PAA_WALK_ERRMEM, NULL); }

/* A document's id and text hash as one key: what tells a worker it is stored */
static uint64_t known_key(const char *id, uint64_t hash) {
  return paa_hash(id, strlen(id)) ^ (hash * 0x9E3779B97F4A7C15ull);
}

static int key_cmp(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/*
** The hash of a document item and, unless the store had it unchanged
** at the start ('known', sorted), its paragraphs. 0, or -1 on out of
** memory. The writer finds the paragraphs of a document it must write
** and has none for (a key that matched by chance, or 'para_find' failed).
*/
static int para_find(iitem *it);
static int iitem_scan(iitem *it, const uint64_t *known, size_t nknown) {
  uint64_t key;
  it->hash = paa_hash(it->head.doc.text, it->head.doc.len);
  key = known_key(it->head.doc.id, it->hash);
  if (nknown > 0 && bsearch(&key, known, nknown, sizeof key, key_cmp) != NULL) return 0;
  return para_find(it);
}

/* The paragraphs of a document item and their fingerprints; 0, or -1 */
static int para_find(iitem *it) {
  const paa_doc *d = &it->head.doc;
  size_t pos = 0, start, stop, cap = 0;
  it->scanned = 1;
  while (paa_paragraph_next(d->text, d->len, &pos, &start, &stop)) {
    if (it->npara == cap) {
      ipara *p;
      cap = cap ? 2 * cap : 16;
      if ((p = (ipara *)realloc(it->para, cap * sizeof *p)) == NULL) return -1;
      it->para = p;
    }
    it->para[it->npara].start = start;
    it->para[it->npara].stop = stop;
    it->para[it->npara].fingerprint = paa_fingerprint(d->text + start, stop - start);
    it->npara++;
  }
  return 0;
}

/* 'to' = 'now' - 'before', field by field (the hash modulo 2^64) */
static void stats_delta(paa_walk_stats *to, const paa_walk_stats *now,
                        const paa_walk_stats *before) {
  to->files = now->files - before->files;
  to->docs = now->docs - before->docs;
  to->skipped = now->skipped - before->skipped;
  to->ignored = now->ignored - before->ignored;
  to->notes = now->notes - before->notes;
  to->bytes = now->bytes - before->bytes;
  to->hash = now->hash - before->hash;
  to->filtered = now->filtered - before->filtered;
}

static void *ingest_shard(void *ud) {
  iworker *wk = (iworker *)ud;
  paa_walk *w = paa_walk_new(wk->ws->c);
  paa_walk_stats last;
  paa_doc d;
  if (w == NULL) { shq_put(wk->ws->q, wk->k, NULL); return NULL; }
  memset(&last, 0, sizeof last);
  paa_walk_shard(w, wk->k, wk->ws->n);
  for (;;) {
    int r = paa_walk_next(w, &d);
    iitem *it;
    if (r != PAA_WALK_DOC && r != PAA_WALK_SKIP && r != PAA_WALK_END) {
      shq_put(wk->ws->q, wk->k, NULL);
      break;
    }
    it = (iitem *)shq_doc_new(sizeof(iitem), r, r == PAA_WALK_END ? NULL : &d);
    if (it && r == PAA_WALK_DOC && iitem_scan(it, wk->ws->known, wk->ws->nknown) != 0) {
      iitem_free(it);
      it = NULL;
    }
    if (it) {
      stats_delta(&it->delta, paa_walk_stats_of(w), &last);
      last = *paa_walk_stats_of(w);
    }
    if (!shq_put(wk->ws->q, wk->k, it) || r == PAA_WALK_END) break;
  }
  paa_walk_close(w);
  return NULL;
}

typedef struct ingest {
  sqlite3 *db;
  sqlite3_stmt *s[NSTMT];
  int outer;             /* the store was in autocommit mode: BEGIN/COMMIT, else savepoints */
  int open;              /* a batch transaction is open */
  iitem *cur;            /* the document being written: its hash and paragraphs */
} ingest;

static int batch_begin(ingest *g) {
  int rc;
  if (g->open) return SQLITE_OK;
  rc = sqlite3_exec(g->db, g->outer ? "BEGIN IMMEDIATE" : "SAVEPOINT paa_ingest",
                    NULL, NULL, NULL);
  if (rc == SQLITE_OK) g->open = 1;
  return rc;
}

static int batch_end(ingest *g) {
  int rc;
  if (!g->open) return SQLITE_OK;
  rc = sqlite3_exec(g->db, g->outer ? "COMMIT" : "RELEASE paa_ingest", NULL, NULL, NULL);
  if (rc == SQLITE_OK) g->open = 0;
  return rc;
}

static void batch_abort(ingest *g) {
  if (!g->open) return;
  if (g->outer) sqlite3_exec(g->db, "ROLLBACK", NULL, NULL, NULL);
  else sqlite3_exec(g->db, "ROLLBACK TO paa_ingest; RELEASE paa_ingest", NULL, NULL, NULL);
  g->open = 0;
}

static int bind_text(sqlite3_stmt *s, int i, const char *v) {
  return v ? sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC) : sqlite3_bind_null(s, i);
}

/* Run a bound statement that returns no rows, and reset it. */
static int run(sqlite3_stmt *s) {
  int rc = sqlite3_step(s);
  sqlite3_reset(s);
  return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* Text, paragraphs of document 'id' (its old ones already gone). */
static int put_body(ingest *g, sqlite3_int64 id, const paa_doc *d) {
  sqlite3_stmt *s = g->s[S_INSERT_TEXT];
  size_t i;
  int rc;
  sqlite3_bind_int64(s, 1, id);
  sqlite3_bind_text(s, 2, d->text, (int)d->len, SQLITE_STATIC);
  if ((rc = run(s)) != SQLITE_OK) return rc;
  s = g->s[S_INSERT_PARA];
  sqlite3_bind_int64(s, 1, id);
  if (!g->cur->scanned && para_find(g->cur) != 0) return SQLITE_NOMEM;
  for (i = 0; i < g->cur->npara; i++) {  /* found by the worker */
    const ipara *p = &g->cur->para[i];
    sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)p->start);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)p->stop);
    sqlite3_bind_int64(s, 5, (sqlite3_int64)p->fingerprint);
    if ((rc = run(s)) != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

static void bind_meta(sqlite3_stmt *s, const paa_doc *d, uint64_t hash) {
  bind_text(s, 1, d->id);
  bind_text(s, 2, d->path);
  bind_text(s, 3, d->source);
  bind_text(s, 4, d->title);
  bind_text(s, 5, d->date);
  bind_text(s, 6, d->url);
  sqlite3_bind_int64(s, 7, (sqlite3_int64)hash);
  sqlite3_bind_int64(s, 8, (sqlite3_int64)d->len);
  sqlite3_bind_int64(s, 9, (sqlite3_int64)d->words);
}

/*
** The metadata fields of document 'id' that have no column of their own
** ('d->meta': front matter, HTML head, JSONL fields), in place of those
** it had. A key given twice keeps its last value.
*/
static int put_meta(ingest *g, sqlite3_int64 id, const paa_doc *d) {
  sqlite3_stmt *s = g->s[S_DELETE_META];
  size_t i;
  int rc;
  sqlite3_bind_int64(s, 1, id);
  if ((rc = run(s)) != SQLITE_OK) return rc;
  s = g->s[S_INSERT_META];
  sqlite3_bind_int64(s, 1, id);
  for (i = 0; i < d->nmeta; i++) {
    bind_text(s, 2, d->meta[2 * i]);
    bind_text(s, 3, d->meta[2 * i + 1]);
    if ((rc = run(s)) != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

/*
** One document: unchanged (same content hash), replaced in place (same
** row id, so references to it stay valid), or added.
*/
static int put_doc(ingest *g, const paa_doc *d, int prune, paa_ingest_stats *stats) {
  uint64_t hash = g->cur->hash;  /* found by the worker */
  sqlite3_stmt *s = g->s[S_FIND];
  sqlite3_int64 id = 0;
  int rc, found = 0, same = 0;
  bind_text(s, 1, d->id);
  rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) {
    found = 1;
    id = sqlite3_column_int64(s, 0);
    same = (uint64_t)sqlite3_column_int64(s, 1) == hash;
    rc = SQLITE_OK;
  }
  sqlite3_reset(s);
  if (rc != SQLITE_OK && rc != SQLITE_DONE) return rc;
  if (same) {
    stats->unchanged++;
  } else if (found) {
    sqlite3_bind_int64(g->s[S_DELETE_TEXT], 1, id);  /* first: the FTS index forgets it */
    if ((rc = run(g->s[S_DELETE_TEXT])) != SQLITE_OK) return rc;
    sqlite3_bind_int64(g->s[S_DELETE_PARAS], 1, id);
    if ((rc = run(g->s[S_DELETE_PARAS])) != SQLITE_OK) return rc;
    s = g->s[S_UPDATE_DOC];
    bind_meta(s, d, hash);
    sqlite3_bind_int64(s, 10, id);
    if ((rc = run(s)) != SQLITE_OK) return rc;
    if ((rc = put_body(g, id, d)) != SQLITE_OK) return rc;
    stats->updated++;
  } else {
    s = g->s[S_INSERT_DOC];
    bind_meta(s, d, hash);
    if ((rc = run(s)) != SQLITE_OK) return rc;
    id = sqlite3_last_insert_rowid(g->db);
    if ((rc = put_body(g, id, d)) != SQLITE_OK) return rc;
    stats->added++;
  }
  if (!same && (rc = put_meta(g, id, d)) != SQLITE_OK) return rc;
  if (prune) {
    sqlite3_bind_int64(g->s[S_SEEN], 1, id);
    if ((rc = run(g->s[S_SEEN])) != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

/*
** FTS5 merges its index segments less often than by default (automerge
** 8 segments of a level, not 4; crisismerge at 64, not 16): most of an
** ingest's writing is FTS5 merging, and bench/store.sh measured a fifth
** off an ingest of BBC x20 with these. A search reads a few more
** segments. Set in the store (fts_config) once, in the first batch.
*/
static int tune_merges(ingest *g) {
  sqlite3_stmt *s;
  int set = 0, rc;
  rc = sqlite3_prepare_v2(g->db, "SELECT count(*) FROM fts_config WHERE (k = 'automerge'"
                          " AND v = 8) OR (k = 'crisismerge' AND v = 64)", -1, &s, NULL);
  if (rc != SQLITE_OK) return rc;
  if (sqlite3_step(s) == SQLITE_ROW) set = sqlite3_column_int(s, 0) == 2;
  sqlite3_finalize(s);
  if (set) return SQLITE_OK;
  if ((rc = batch_begin(g)) != SQLITE_OK) return rc;
  return sqlite3_exec(g->db, "INSERT INTO fts(fts, rank) VALUES('automerge', 8);"
                      "INSERT INTO fts(fts, rank) VALUES('crisismerge', 64)", NULL, NULL, NULL);
}

/*
** The keys (known_key) of the documents in the store, sorted, into
** '*out' (malloc'd; NULL when none): a worker does not split a document
** stored unchanged into paragraphs, so a re-run reads and hashes only.
*/
static int known_keys(sqlite3 *db, uint64_t **out, size_t *n) {
  sqlite3_stmt *s;
  size_t cap = 0;
  int rc;
  *out = NULL;
  *n = 0;
  rc = sqlite3_prepare_v2(db, "SELECT doc, hash FROM documents", -1, &s, NULL);
  if (rc != SQLITE_OK) return rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    const char *id = (const char *)sqlite3_column_text(s, 0);
    if (id == NULL) continue;
    if (*n == cap) {
      uint64_t *k;
      cap = cap ? 2 * cap : 1024;
      if ((k = (uint64_t *)realloc(*out, cap * sizeof *k)) == NULL) { rc = SQLITE_NOMEM; break; }
      *out = k;
    }
    (*out)[(*n)++] = known_key(id, (uint64_t)sqlite3_column_int64(s, 1));
  }
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) return rc;
  if (*n > 1) qsort(*out, *n, sizeof **out, key_cmp);
  return SQLITE_OK;
}

/* The workers of an ingest when the caller does not say: one a core, at most MAX_WORKERS */
static size_t default_workers(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > MAX_WORKERS ? MAX_WORKERS : (size_t)n;
}

/* The workers stop (if they have not) and are joined; what they queued is freed */
static void workers_end(iworkers *ws, pthread_t *th, size_t started) {
  size_t k;
  shq_stop(ws->q);
  for (k = 0; k < started; k++) pthread_join(th[k], NULL);
  shq_free(ws->q);
  ws->q = NULL;
}

int paa_store_ingest(paa_store *st, const paa_corpus *c, int prune,
                     paa_ingest_progress progress, void *ud,
                     paa_ingest_stats *stats, char *err, size_t errlen) {
  return paa_store_ingest_threads(st, c, prune, 0, progress, ud, stats, err, errlen);
}

int paa_store_ingest_threads(paa_store *st, const paa_corpus *c, int prune, size_t nthreads,
                             paa_ingest_progress progress, void *ud,
                             paa_ingest_stats *stats, char *err, size_t errlen) {
  ingest g;
  iworkers ws;
  iworker *wk = NULL;
  uint64_t *known = NULL;
  static const shq_items items = { shq_doc_kind, shq_doc_index, iitem_bytes, iitem_release,
                                   iitem_errmem, IBATCH, IBATCH_BYTES };
  pthread_t *th = NULL;
  iitem *it = NULL;
  paa_walk_stats wstats;
  size_t inbatch = 0, k, started = 0;
  int rc = SQLITE_OK, stopped = 0, nomem = 0, i, threads = 0;
  memset(&g, 0, sizeof g);
  memset(&ws, 0, sizeof ws);
  memset(&wstats, 0, sizeof wstats);
  memset(stats, 0, sizeof *stats);
  g.db = st->db;
  g.outer = sqlite3_get_autocommit(g.db);
  if (prune) {
    rc = sqlite3_exec(g.db, "CREATE TEMP TABLE IF NOT EXISTS paa_seen(id INTEGER PRIMARY KEY);"
                      "DELETE FROM temp.paa_seen", NULL, NULL, NULL);
    if (rc != SQLITE_OK) goto fail;
  }
  for (i = 0; i < NSTMT; i++) {
    if (!prune && (i == S_SEEN || i == S_SEEN_PREFIX)) continue;
    rc = sqlite3_prepare_v3(g.db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &g.s[i], NULL);
    if (rc != SQLITE_OK) goto fail;
  }
  if ((rc = tune_merges(&g)) != SQLITE_OK) goto fail;
  if ((rc = known_keys(g.db, &known, &ws.nknown)) != SQLITE_OK) goto fail;
  ws.known = known;
  ws.c = c;
  ws.n = nthreads > 0 ? nthreads : default_workers();
  ws.q = shq_new(ws.n, &items);
  th = (pthread_t *)calloc(ws.n, sizeof *th);
  wk = (iworker *)calloc(ws.n, sizeof *wk);
  if (!ws.q || !th || !wk) { rc = SQLITE_NOMEM; goto fail; }
  threads = 1;
  for (k = 0; k < ws.n; k++, started++) {
    wk[k].ws = &ws;
    wk[k].k = k;
    if (pthread_create(&th[k], NULL, ingest_shard, &wk[k]) != 0) break;
  }
  if (started < ws.n) { rc = SQLITE_NOMEM; goto fail; }
  while ((it = (iitem *)shq_next(ws.q, &nomem)) != NULL) {
    shq_stats_add(&wstats, &it->delta);
    if (it->head.kind == PAA_WALK_ERRMEM) { nomem = 1; break; }
    if (it->head.kind == PAA_WALK_END) {
      iitem_free(it);
      it = NULL;
      continue;
    }
    if ((rc = batch_begin(&g)) != SQLITE_OK) goto fail;
    if (it->head.kind == PAA_WALK_SKIP) {
      stats->skipped++;
      if (prune && it->head.doc.id) {
        bind_text(g.s[S_SEEN_PREFIX], 1, it->head.doc.id);
        if ((rc = run(g.s[S_SEEN_PREFIX])) != SQLITE_OK) goto fail;
      }
    } else {
      stats->bytes += it->head.doc.len;
      g.cur = it;
      rc = put_doc(&g, &it->head.doc, prune, stats);
      g.cur = NULL;
      if (rc != SQLITE_OK) goto fail;
    }
    if (++inbatch >= BATCH_DOCS) {
      if ((rc = batch_end(&g)) != SQLITE_OK) goto fail;
      inbatch = 0;
    }
    if (progress && progress(ud, &wstats, it->head.kind == PAA_WALK_SKIP ? &it->head.doc : NULL)) {
      stopped = 1;
      break;
    }
    iitem_free(it);
    it = NULL;
  }
  if (nomem) { rc = SQLITE_NOMEM; goto fail; }
  if (prune && !stopped) {
    if ((rc = batch_begin(&g)) != SQLITE_OK) goto fail;
    rc = sqlite3_exec(g.db, "DELETE FROM documents WHERE id NOT IN (SELECT id FROM temp.paa_seen)",
                      NULL, NULL, NULL);
    if (rc != SQLITE_OK) goto fail;
    stats->removed = (size_t)sqlite3_changes(g.db);
  }
  if ((rc = batch_end(&g)) != SQLITE_OK) goto fail;
  iitem_free(it);
  workers_end(&ws, th, started);
  for (i = 0; i < NSTMT; i++) sqlite3_finalize(g.s[i]);
  if (prune) sqlite3_exec(g.db, "DROP TABLE IF EXISTS temp.paa_seen", NULL, NULL, NULL);
  rc = 0;
  goto done;
fail:
  if (rc == SQLITE_NOMEM) seterr(err, errlen, "%s: cannot ingest: out of memory", st->zPath);
  else seterr(err, errlen, "%s: cannot ingest: %s", st->zPath, sqlite3_errmsg(g.db));
  batch_abort(&g);
  iitem_free(it);
  if (threads) workers_end(&ws, th, started);
  for (i = 0; i < NSTMT; i++) sqlite3_finalize(g.s[i]);
  rc = -1;
done:
  shq_free(ws.q);
  free(th); free(wk); free(known);
  return rc;
}

/* }================================================================== */
