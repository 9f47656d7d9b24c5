/*
** paa.h
** Public C interface of libpaa: the engines of the paa toolkit, usable
** from C without Lua. Link with `pkg-config --cflags --libs paa`.
** See docs/api.md for the Lua interface built on top of it.
*/

#ifndef PAA_H
#define PAA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PAA_VERSION_MAJOR 0
#define PAA_VERSION_MINOR 1
#define PAA_VERSION_PATCH 0
#define PAA_VERSION "0.1.0"

/*
** What libpaa exports: every 'paa_' function declared here and nothing
** else (the library is built with hidden visibility). A host that
** compiles the engines into itself and exports no C API of its own
** defines PAA_API empty.
*/
#ifndef PAA_API
#if defined(__GNUC__) || defined(__clang__)
#define PAA_API __attribute__((visibility("default")))
#else
#define PAA_API
#endif
#endif

/* Version of the library actually linked (may differ from PAA_VERSION). */
PAA_API const char *paa_version(void);


/*
** {==================================================================
** Memory (memory.c)
** ===================================================================
*/

/*
** The engines allocate through these, which keep a count of the bytes
** they hold (as the C library's allocator measures its blocks; glibc
** only, elsewhere nothing is counted), so that a host capping memory
** can count them with its own: 'paa --max-memory' counts them with what
** Lua holds. What an engine returns for the caller to free ("malloc'd")
** is freed with 'paa_free' ('free' works too, but leaves it counted).
** Safe from several threads.
*/
PAA_API void *paa_malloc(size_t n);
PAA_API void *paa_calloc(size_t n, size_t size);
PAA_API void *paa_realloc(void *p, size_t n);  /* n == 0 frees 'p' and returns NULL */
PAA_API void paa_free(void *p);

/* Bytes the engines hold now. */
PAA_API size_t paa_memory(void);

/*
** Install a budget: before the engines take 'more' bytes, 'check(held,
** more)' is asked, 'held' being what they hold; 0 refuses, and the
** engine then fails as on out of memory. NULL removes it. Set it before
** any engine runs (it is read without a lock).
*/
typedef int (*paa_memory_check)(size_t held, size_t more);
PAA_API void paa_set_memory_check(paa_memory_check check);

/* }================================================================== */


/*
** {==================================================================
** Text helpers (utf8.c)
** ===================================================================
*/

/*
** Offset of the first byte of 's' (length 'n') that is not part of a
** well-formed UTF-8 sequence (RFC 3629: no overlongs, no surrogates,
** nothing above U+10FFFF), or 'n' when the whole buffer is valid.
*/
PAA_API size_t paa_utf8_check(const char *s, size_t n);

/*
** Normalise a date written in a common English or ISO form ("2025-06-16",
** "2025-06-16T09:30:00Z", "June 16, 2025", "16 Jun 2025",
** "Mon, 16 Jun 2025 09:30:00 GMT", "June 2025", "2025") into ISO 8601
** ("2025-06-16", "2025-06" or "2025") in 'out'. Returns 1 on success,
** 0 when 's' is not a date it knows (then 'out' is the empty string).
*/
PAA_API int paa_date_iso(const char *s, char out[11]);

/*
** The days a date "YYYY", "YYYY-MM" or "YYYY-MM-DD" (exactly that form,
** a real day) covers: its first in 'lo' and its last in 'hi', both
** "YYYY-MM-DD" ("2024-02" covers 2024-02-01 to 2024-02-29). Returns 1,
** or 0 when 's' is not such a date. What a corpus filter's bounds, and
** a document's date when it is compared with them, mean.
*/
PAA_API int paa_date_period(const char *s, char lo[11], char hi[11]);

/* }================================================================== */


/*
** {==================================================================
** Segmentation and tokens (segment.c, tokenize.c)
** ===================================================================
** Offsets are bytes into the text; spans are [start, stop). Invalid
** UTF-8 bytes are taken one at a time as characters of no class.
*/

/*
** Next word boundary after 'pos' by Unicode UAX #29 (Unicode 15): the end
** of the segment starting at 'pos', or 'n' at the end.
*/
PAA_API size_t paa_word_break(const char *s, size_t n, size_t pos);

/*
** Next sentence boundary after 'pos' by the rules of UAX #29 alone
** ('news' 0) or refined for news prose ('news' 1): no break after common
** abbreviations and initials, single line breaks inside a paragraph do
** not end a sentence, blank lines do, and so do list items and headings.
*/
PAA_API size_t paa_sentence_break(const char *s, size_t n, size_t pos, int news);

/* kinds of tokens */
#define PAA_TOK_WORD     1   /* letters (with digits, inner ' and -): "for-profit", "GPT-5" */
#define PAA_TOK_NUMBER   2   /* "22.4", "1,000", "8.1%", "2030" */
#define PAA_TOK_CURRENCY 3   /* "$", "US$", "£", "€" */
#define PAA_TOK_URL      4
#define PAA_TOK_EMAIL    5
#define PAA_TOK_PUNCT    6
#define PAA_TOK_SYMBOL   7

typedef struct paa_token {
  size_t start, stop;    /* byte span [start, stop) */
  int kind;              /* PAA_TOK_* */
} paa_token;

typedef struct paa_tokenizer {
  const char *s;         /* the text (not owned) */
  size_t n;              /* its length */
  size_t pos;            /* where the next token is looked for */
} paa_tokenizer;

PAA_API void paa_tokenizer_init(paa_tokenizer *t, const char *s, size_t n);

/* Next analysis token (white space is skipped): 1, or 0 at the end. */
PAA_API int paa_token_next(paa_tokenizer *t, paa_token *tok);

/*
** The same tokens as 'paa_token_next', by the full rules alone: without
** its fast path for plain ASCII (slower; for checking that path).
*/
PAA_API int paa_token_next_full(paa_tokenizer *t, paa_token *tok);

/* Name of a token kind: "word", "number", ... */
PAA_API const char *paa_token_kind_name(int kind);

/*
** Fold a token for comparison: lower case (simple case mapping, accents
** kept), curly quotes and apostrophes to ASCII, dashes and hyphens to
** '-'. Writes to 'out', which must have room for 2 * n + 4 bytes, and
** returns the length written (not NUL-terminated).
*/
PAA_API size_t paa_fold(const char *s, size_t n, char *out);

/* Whether the gap [a, b) of 's' between two tokens holds a blank line */
PAA_API int paa_blank_between(const char *s, size_t a, size_t b);

/*
** A word or number token folded as a term ('paa_fold', then a final
** possessive "'s" dropped: "OpenAI’s" is "openai", as lexicons and
** search see it). Same room in 'out' as 'paa_fold'; returns the length.
*/
PAA_API size_t paa_fold_term(const char *s, size_t n, char *out);

/*
** Next word or number token, skipping the others: what counting and
** hashing read. Faster than 'paa_token_next' on ASCII text, same tokens.
*/
PAA_API int paa_word_next(paa_tokenizer *t, paa_token *tok);

/* Number of word and number tokens in 's'. */
PAA_API size_t paa_count_tokens(const char *s, size_t n);

/*
** Where an amount of a million or more may start in 's': the offset of
** the first scale word ("million", "billion", "lakh", "crore"), digit run
** before a scale abbreviation ("4bn", "15 mln", "£3m"), seven-digit run or
** "100,000" group; 'n' when there is none. A quick test before the money
** grammar: text without a hint holds no such amount.
*/
PAA_API size_t paa_amount_hint(const char *s, size_t n);

/*
** Next paragraph at or after '*pos': its span [*start, *stop) without the
** blank lines around it. Paragraphs are separated by blank lines; a line
** that is a list item or a Markdown heading is a paragraph of its own.
** Returns 1, or 0 when there is none; '*pos' moves past it.
*/
PAA_API int paa_paragraph_next(const char *s, size_t n, size_t *pos, size_t *start,
                       size_t *stop);

/*
** Normalise text: invalid UTF-8 becomes U+FFFD, then NFC; curly quotes
** and apostrophes become ASCII, hyphens and dashes '-', every space
** character (NBSP, thin space, ...) a plain space; zero-width spaces,
** word joiners, soft hyphens and byte order marks go. With 'casefold',
** letters are case-folded too. Returns a malloc'd NUL-terminated string
** (the caller frees it) and its length in '*len', or NULL on no memory.
*/
PAA_API char *paa_normalize(const char *s, size_t n, int casefold, size_t *len);

/* }================================================================== */


/*
** {==================================================================
** Corpus reader (corpus.c)
** ===================================================================
** A corpus is a list of files and folders. Walking it yields one
** document per text, Markdown or HTML file and one per JSONL line,
** in a deterministic order (roots in the order given, then entries
** sorted bytewise, depth first), decoded to UTF-8 with LF line ends.
** Inputs that cannot be read are reported and skipped; the walk goes on.
*/

typedef struct paa_corpus paa_corpus;
typedef struct paa_boiler paa_boiler;  /* a boilerplate model: see Deduplication */
typedef struct paa_walk paa_walk;

typedef struct paa_corpus_opts {
  size_t max_bytes;      /* larger files (and JSONL lines) are skipped; 0: 64 MiB */
  int all_files;         /* read every file in folders, whatever its extension */
  int skip_words;        /* leave 'words' 0 (a lexicon scan can count them) */
  const char *const *within;  /* read only files and folders whose real path
                                 (links resolved) lies under one of these
                                 absolute real folders; copied; NULL: any */
  size_t nwithin;
  const char *const *outlets; /* 2 * 'noutlets' strings: domain, name, ...: a
                                 document whose source comes from its URL is
                                 the outlet of its host or of a parent domain
                                 of it (the longest domain wins); copied */
  size_t noutlets;       /* number of (domain, name) pairs */
  /* the filter: documents it leaves out are read no further than their
     metadata, yielded by no walk, and counted in the stats' 'filtered' */
  const char *const *sources; /* keep documents of one of these sources (ASCII
                                 case ignored, blanks around trimmed); copied;
                                 NULL: any source */
  size_t nsources;
  const char *since;     /* keep documents dated on or after this day: "YYYY",
                            "YYYY-MM" or "YYYY-MM-DD" (its first day); NULL:
                            no bound. With a bound, undated documents go */
  const char *until;     /* ... on or before (the last day of "YYYY[-MM]") */
  const char *const *where; /* 2 * 'nwhere' strings: field, value, ...: keep
                               documents whose field equals (ASCII case
                               ignored) one of the values given for it, for
                               every field named (see paa_corpus_open) */
  size_t nwhere;         /* number of (field, value) pairs */
} paa_corpus_opts;

#define PAA_DEFAULT_MAX_BYTES ((size_t)64 << 20)

typedef struct paa_doc {
  const char *id;        /* stable id: path under the root, plus ":line" for JSONL */
  const char *path;      /* file path as given/reachable from the working folder */
  const char *source;    /* outlet: metadata, else the URL's site, else the first
                            folder, else the root folder's name (a file directly
                            in it) or the file stem (a root file, a JSONL file) */
  const char *title;     /* metadata, else the first non-empty line; may be "" */
  const char *date;      /* ISO 8601 date, or NULL when unknown */
  const char *url;       /* or NULL */
  const char *format;    /* "text", "markdown", "html" or "jsonl" */
  const char *encoding;  /* encoding of the input: "utf-8", "utf-16", "windows-1252" */
  const char *text;      /* UTF-8 text, LF line ends, NUL-terminated */
  size_t len;            /* bytes in 'text' */
  size_t words;          /* paa_count_tokens(text, len) */
  long line;             /* JSONL line number, 0 for whole files */
  const char *warning;   /* SKIP: why it was skipped; DOC: a note, or NULL */
  size_t index;          /* the input's place in the walk, from 1 (files, JSONL
                            lines and bad folders counted): the same in every shard */
  const char *const *meta; /* other metadata as key, value pairs */
  size_t nmeta;          /* number of pairs in 'meta' */
} paa_doc;

typedef struct paa_walk_stats {
  size_t files;          /* files opened */
  size_t docs;           /* documents yielded */
  size_t skipped;        /* inputs skipped (files, folders or JSONL lines) */
  size_t ignored;        /* files in folders left alone for their extension */
  size_t notes;          /* documents yielded with a warning */
  unsigned long long bytes; /* bytes read from files */
  uint64_t hash;         /* the documents yielded, chained: see paa_walk_next */
  size_t filtered;       /* documents the corpus's filter left out (not skipped) */
} paa_walk_stats;

/* results of 'paa_walk_next' */
#define PAA_WALK_END   0   /* no more documents */
#define PAA_WALK_DOC   1   /* 'doc' holds a document */
#define PAA_WALK_SKIP  2   /* an input was skipped: 'doc->warning' says why */
#define PAA_WALK_ERRMEM (-1) /* out of memory: the walk cannot go on */

/*
** Check the roots and make a corpus. Returns NULL when a root does not
** exist or cannot be examined, with a message in 'err' (size 'errlen'),
** or on out of memory. 'opts' may be NULL. The corpus copies 'paths'.
** A filter's 'since' or 'until' that is not a date paa_date_period
** reads, or a 'where' field or value that is empty, is an error too.
** A 'where' field names a document's own field ("id", "path", "source",
** "title", "date", "url", "format"; the synonyms the reader takes for
** them too: "outlet", "publisher", "site_name", "headline", "published",
** "link", ...), else a key of its other metadata ('meta'); field names
** ignore ASCII case. A document's date compared with 'since' and
** 'until' is the period it covers: one dated "2024-03" is kept by
** since "2024-03-15".
*/
PAA_API paa_corpus *paa_corpus_open(const char *const *paths, size_t npaths,
                            const paa_corpus_opts *opts,
                            char *err, size_t errlen);

/*
** Open 'path' for reading without ever blocking: a FIFO (or a device)
** opened as a file waits for a writer forever, so it is opened with
** O_NONBLOCK and kept only when it is a regular file (or a folder, when
** 'folders' is set). Returns the descriptor (blocking again, close on
** exec), or -1 with errno set and '*why' saying what is wrong in a few
** words: strerror(errno), or "not a regular file (a FIFO)" (errno
** EINVAL) and the like. Every file paa reads goes through here.
*/
PAA_API int paa_file_open(const char *path, int folders, const char **why);
PAA_API void paa_corpus_close(paa_corpus *c);
PAA_API size_t paa_corpus_nroots(const paa_corpus *c);
PAA_API const char *paa_corpus_root(const paa_corpus *c, size_t i);

/*
** Start a walk over 'c' (which must outlive it). Walks are independent:
** several can run over one corpus. Returns NULL on out of memory.
*/
PAA_API paa_walk *paa_walk_new(const paa_corpus *c);

/*
** Advance the walk. The strings in 'doc' belong to the walk and stay valid
** until the next call or 'paa_walk_close'. Each document yielded updates
** the stats' 'hash' (the corpus's fingerprint, what a report read): the
** sum, modulo 2^64, over the documents of paa_hash(len4 id h8), the id's
** length and bytes and paa_hash of the text, integers little-endian
** (Lua's string.pack("<s4i8", id, paa_hash(text))). A sum does not
** depend on the order: the shards' hashes add up to the whole walk's.
*/
PAA_API int paa_walk_next(paa_walk *w, paa_doc *doc);

/*
** A walk as 'paa_walk_new' makes, whose documents come cleaned by the
** boilerplate model 'bp' (learnt and finished; it must outlive the
** walk): their text, length and words are those of
** 'paa_boiler_clean'. A document the model empties has the note "all
** its text was taken for boilerplate ..." as its warning (unless it has
** one). The stats, and their hash, are those of the texts as read.
*/
PAA_API paa_walk *paa_walk_new_clean(const paa_corpus *c, const paa_boiler *bp);
PAA_API const paa_walk_stats *paa_walk_stats_of(const paa_walk *w);

/*
** Make 'w' walk only its share of the corpus, for worker 'shard' (from
** 0) of 'shards': the inputs (files, JSONL lines, folders that cannot be
** listed) are numbered in walk order (paa_doc.index) and the walk keeps
** those with (index - 1) % shards == shard; other files are not read and
** other JSONL lines not parsed. Each input is told of (skipped or noted)
** by its shard alone, and the shards' stats add up to the whole walk's.
** Call it before the first 'paa_walk_next'.
*/
PAA_API void paa_walk_shard(paa_walk *w, size_t shard, size_t shards);
PAA_API void paa_walk_close(paa_walk *w);

/* }================================================================== */


/*
** {==================================================================
** Store (store.c): the corpus in SQLite
** ===================================================================
** A store is a SQLite database (WAL, busy timeout, foreign keys) with
** the corpus schema (docs/schema.md), versioned by PRAGMA user_version
** and migrated forward on open. Documents are ingested incrementally:
** a file whose content hash is unchanged is not processed again. An
** FTS5 index over the documents uses the paa tokenizer ("paa"), so
** search agrees with counts on what a word is.
*/
typedef struct paa_store paa_store;

#define PAA_STORE_SCHEMA 2       /* user_version of the schema this build writes */

/* Open (creating if needed) the store at 'path' (":memory:" allowed).
** NULL with a message in 'err' when it cannot be opened, is not a
** SQLite database, or has a newer schema; the file is then untouched. */
PAA_API paa_store *paa_store_open(const char *path, char *err, size_t errlen);
PAA_API void paa_store_close(paa_store *st);
/* The SQLite handle, for SQL from the bindings (owned by the store). */
PAA_API struct sqlite3 *paa_store_db(paa_store *st);
/* Confine the store to its own file, for good: SQL that would open or
** make another file (ATTACH, VACUUM INTO, temp_store_directory), load
** code (load_extension, fts3_tokenizer), write the schema or change
** max_page_count is refused
** from now on. For SQL from a script someone else wrote (the sandbox).
** Returns 0, or -1 when SQLite refuses to set it up. */
PAA_API int paa_store_confine(paa_store *st);
/* The path the store was opened with, as given: what messages name. */
PAA_API const char *paa_store_path(const paa_store *st);

/* Register the FTS5 tokenizer "paa" and the auxiliary functions
** paa_instances(fts) and paa_snippet(fts, open, close, ellipsis, ntokens)
** on a connection (fts5_paa.c): what any connection needs to read or
** write a store's 'fts' table. 'paa_store_open' does it; the loadable
** extension paa_fts5.so does it for other programs. SQLITE_OK, or a
** SQLite error code (SQLITE_ERROR: a SQLite without FTS5). */
PAA_API int paa_fts5_register(struct sqlite3 *db);

/* The largest search query: FTS5 ranks and snippets each hit at a cost
** that grows with the square of the query's terms (32 x "a*" takes 4-8 s
** over BBC's 2,225 stories, 64 about four times that), so longer queries
** are refused rather than left to run for minutes. */
#define PAA_SEARCH_MAX_TERMS 32      /* word terms (OR, AND, NOT, NEAR not counted) */
#define PAA_SEARCH_MAX_BYTES 1024    /* bytes of query text */

/* The terms of 'q' as PAA_SEARCH_MAX_TERMS counts them: its words, OR, AND,
   NOT and NEAR not counted (a phrase counts its words). */
PAA_API size_t paa_store_query_terms(const char *q, size_t n);
/* 0 when 'q' is within the bounds above; else -1 with a message in 'err'. */
PAA_API int paa_store_check_query(const char *q, size_t n, char *err, size_t errlen);

typedef struct paa_search_opts {
  size_t limit;          /* hits at most; 0: PAA_SEARCH_LIMIT */
  const char *source;    /* only documents of this source; NULL: any */
  const char *since;     /* only documents dated on or after this ISO date; NULL: any */
  const char *until;     /* only documents dated on or before it ("2025-06": the
                            whole month); NULL: any */
} paa_search_opts;

#define PAA_SEARCH_LIMIT 20

typedef struct paa_hit {  /* strings malloc'd; NULL where the store has none */
  char *doc;             /* the document's id (paa_doc's 'id') */
  char *title, *source, *date;
  double rank;           /* bm25, title weighing double: lower is better */
  char *snippet;         /* the best passage, words found in <<...>> (U+00AB, U+00BB) */
} paa_hit;

/*
** Full-text search: 'q' (length 'n') in FTS5 syntax ("openai AND
** microsoft", "\"compute deal\"", "micro*"), or, when FTS5 refuses it,
** its words as plain terms, all of them, so stray punctuation is not an
** error. Hits best first (ties by document id) into '*hits' (free with
** 'paa_hits_free'), their number in '*nhits'. Returns 0; -1 when the
** query is beyond the bounds above; else the SQLite result code
** (SQLITE_BUSY, SQLITE_CORRUPT, ...). Each failure leaves a message in
** 'err' and no hits.
*/
PAA_API int paa_store_search(paa_store *st, const char *q, size_t n,
                             const paa_search_opts *opts, paa_hit **hits,
                             size_t *nhits, char *err, size_t errlen);
PAA_API void paa_hits_free(paa_hit *hits, size_t n);

typedef struct paa_ingest_stats {
  size_t added, updated, unchanged, removed, skipped;
  unsigned long long bytes;  /* bytes of text read */
} paa_ingest_stats;

/* Called during an ingest after each input (files done, bytes so far);
** 'skipped' is the input when it was skipped ('skipped->warning' says
** why, 'path' and 'line' name it: valid during the call only), else
** NULL. Nonzero stops the ingest (what is committed stays). */
typedef int (*paa_ingest_progress)(void *ud, const paa_walk_stats *ws,
                                   const paa_doc *skipped);

/*
** The progress line of an ingest on stderr ("\rpaa: ingest: 12 files,
** 3.4 MB, 20.1 MB/s"): 'start' when the ingest starts, 'show' from its
** progress callback (redrawn at most four times a second; 'final' draws
** it once more and ends it), 'break' to end the line before another
** message is written. 'tty' says whether stderr is a terminal: where
** an ingest shows the line unless told otherwise.
*/
typedef struct paa_progress {
  double t0;             /* seconds (monotonic) at the start */
  double last;           /* seconds since 't0' when a line was last drawn */
  int shown;             /* a line is drawn and not ended */
} paa_progress;
PAA_API void paa_progress_start(paa_progress *p);
PAA_API void paa_progress_show(paa_progress *p, const paa_walk_stats *ws, int final);
PAA_API void paa_progress_break(paa_progress *p);
PAA_API int paa_progress_tty(void);

/* Ingest a corpus: batched transactions with prepared statements; with
** 'prune', documents whose files are gone are removed. 0, or -1 with a
** message in 'err' (what was committed before stays). The files are
** read, decoded, hashed and split into paragraphs on worker threads
** (one a core, at most 4), each walking a shard of the corpus; the
** calling thread writes them in walk order, so the store's rows and ids
** are the same whatever the threads. */
PAA_API int paa_store_ingest(paa_store *st, const paa_corpus *c, int prune,
                     paa_ingest_progress progress, void *ud,
                     paa_ingest_stats *stats, char *err, size_t errlen);

/* paa_store_ingest with 'nthreads' workers (0: one a core, at most 4).
** 'progress' is called on the calling thread only. */
PAA_API int paa_store_ingest_threads(paa_store *st, const paa_corpus *c, int prune,
                     size_t nthreads, paa_ingest_progress progress, void *ud,
                     paa_ingest_stats *stats, char *err, size_t errlen);

/* }================================================================== */

/*
** {==================================================================
** Deduplication (hash.c, minhash.c, boiler.c)
** ===================================================================
** Hashes are XXH3 (libxxhash), but for SHA-256. Text is compared by
** its word and number tokens (paa_word_next), folded (paa_fold): case,
** white space, quotes, dashes and punctuation do not count. A shingle is a run of 'k'
** consecutive tokens; a text with fewer than 'k' tokens has one shingle
** of all of them, an empty text none.
*/

/* 64-bit hash of the exact bytes. */
PAA_API uint64_t paa_hash(const char *s, size_t n);

/* 64-bit hash of the folded tokens: trivially re-formatted copies collide. */
PAA_API uint64_t paa_fingerprint(const char *s, size_t n);

/* SimHash of the 'k'-token shingles (0 for an empty text). */
PAA_API uint64_t paa_simhash(const char *s, size_t n, size_t k);

/*
** SHA-256 (FIPS 180-4) of the exact bytes into 'out' (32 bytes): a
** digest that holds against bytes chosen to collide, unlike the others.
*/
PAA_API void paa_sha256(const char *s, size_t n, unsigned char out[32]);

/* Bits that differ between two 64-bit hashes. */
PAA_API int paa_hamming(uint64_t a, uint64_t b);

/*
** Sorted, distinct 64-bit hashes of the 'k'-token shingles of 's' into
** '*out' (malloc'd, the caller frees it; NULL when there are none).
** Returns the count, or (size_t)-1 on out of memory.
*/
PAA_API size_t paa_shingles(const char *s, size_t n, size_t k, uint64_t **out);

/* Jaccard similarity of two sorted sets of hashes (two empty sets: 0). */
PAA_API double paa_jaccard(const uint64_t *a, size_t na, const uint64_t *b, size_t nb);

/*
** MinHash: 'perms' hash functions drawn from 'seed' (32-bit
** permutations) are applied to the shingle hashes; 'sig' receives each
** function's minimum (UINT32_MAX for a text without shingles). Returns
** the number of distinct shingles; with 'shingles' non-NULL, also their
** sorted hashes as 'paa_shingles' gives them. (size_t)-1: out of memory.
*/
typedef struct paa_minhasher paa_minhasher;
PAA_API paa_minhasher *paa_minhasher_new(size_t perms, size_t k, uint64_t seed);
PAA_API void paa_minhasher_free(paa_minhasher *mh);
PAA_API size_t paa_minhash(paa_minhasher *mh, const char *s, size_t n, uint32_t *sig,
                   uint64_t **shingles);

/* Share of equal positions: the estimate of the Jaccard similarity. */
PAA_API double paa_minhash_jaccard(const uint32_t *a, const uint32_t *b, size_t perms);

/*
** Bands and rows for an LSH index over 'perms' permutations that
** minimise the weighted areas of false positives below 'threshold' and
** false negatives above it (as datasketch does), with bands * rows
** not above 'perms'.
*/
PAA_API void paa_lsh_optimal(double threshold, size_t perms, double fp_weight,
                     double fn_weight, size_t *bands, size_t *rows);

/*
** An LSH index: documents added get indices 0, 1, ...; the index keeps
** each one's shingle hashes (signatures are made again from them), so
** every candidate is verified by its exact shingle Jaccard similarity.
*/
typedef struct paa_lsh paa_lsh;
typedef struct paa_lsh_opts {
  double threshold;      /* Jaccard similarity of a duplicate, in (0, 1] */
  size_t perms;          /* hash functions; a multiple of 'bands' */
  size_t shingle;        /* tokens a shingle */
  uint64_t seed;         /* draws the hash functions */
  size_t bands;          /* 0: chosen from the threshold (then rows = perms / bands) */
} paa_lsh_opts;

typedef struct paa_lsh_pair {
  size_t a, b;           /* document indices, a < b (a query: b is the document) */
  double jaccard;        /* exact shingle Jaccard similarity */
  double estimate;       /* MinHash estimate */
} paa_lsh_pair;

typedef struct paa_lsh_cluster {
  size_t first, count;   /* members: member[first .. first + count), ascending */
  size_t efirst, ecount; /* verified edges: edge[efirst .. efirst + ecount) */
  double min_jaccard;    /* lowest similarity of any two members (-1: not computed) */
  size_t weak_a, weak_b; /* the pair with it */
} paa_lsh_cluster;

typedef struct paa_lsh_clusters {
  size_t n;              /* clusters of two or more documents, by first member */
  paa_lsh_cluster *cluster;
  size_t *member;        /* document indices */
  paa_lsh_pair *edge;    /* pairs at or above the threshold */
} paa_lsh_clusters;

/* NULL with a message in 'err' on a bad option, or on out of memory. */
PAA_API paa_lsh *paa_lsh_new(const paa_lsh_opts *opts, char *err, size_t errlen);
PAA_API void paa_lsh_free(paa_lsh *idx);
PAA_API void paa_lsh_params(const paa_lsh *idx, paa_lsh_opts *opts, size_t *rows);
PAA_API size_t paa_lsh_count(const paa_lsh *idx);
/* Add a document: its index, or (size_t)-1 on out of memory. */
PAA_API size_t paa_lsh_add(paa_lsh *idx, const char *s, size_t n);
/*
** A sketch of a text: what an index keeps of it (its sorted 'k'-token
** shingle hashes), as bytes, so that the shingling can be done by
** another thread or machine: '*out' (malloc'd; the caller frees it) and
** its length, 28 + 8 bytes a distinct shingle. The format is versioned,
** with fixed-width little-endian integers and a checksum (docs/api.md,
** "Deduplication (C)"). 0, or -1 on out of memory or 'k' not in 1..64.
*/
PAA_API int paa_lsh_sketch(const char *s, size_t n, size_t k, char **out, size_t *len);
/*
** Add the document a sketch (paa_lsh_sketch) describes: the same in
** effect as paa_lsh_add of its text. Its index; or (size_t)-1, nothing
** added, with a one-line message in 'err' when 's' is not a whole
** sketch of this format version and of the index's shingle size, or
** on out of memory. No byte outside s[0 .. n) is read.
*/
PAA_API size_t paa_lsh_add_sketch(paa_lsh *idx, const char *s, size_t n, char *err,
                                  size_t errlen);
/* Exact shingle Jaccard similarity of two indexed documents. */
PAA_API double paa_lsh_jaccard(const paa_lsh *idx, size_t a, size_t b);
/* Bytes the index holds for its documents (shingles, per-document fields, query keys). */
PAA_API size_t paa_lsh_memory(const paa_lsh *idx);
/*
** Indexed documents at or above the threshold to 's', most similar first
** ('b' of each pair is the document). *out is malloc'd (the caller frees
** it). Returns the count, or (size_t)-1 on out of memory.
*/
PAA_API size_t paa_lsh_query(paa_lsh *idx, const char *s, size_t n, paa_lsh_pair **out);
/*
** Clusters: documents joined by verified pairs at or above the threshold
** (connected components). A cluster of up to 'maxcheck' members also
** gets the lowest similarity of any two of its members, which says when
** members are joined only through a chain. 0, or -1 on out of memory.
*/
PAA_API int paa_lsh_clusters_get(paa_lsh *idx, size_t maxcheck, paa_lsh_clusters *out);
PAA_API void paa_lsh_clusters_free(paa_lsh_clusters *c);

/*
** What chooses a cluster's canonical copy, per document: its date and
** its id, as the caller knows them (pointed-to bytes are the caller's).
*/
typedef struct paa_lsh_key {
  const char *date;      /* "2025-06-16..." (compared bytewise), or NULL: unknown */
  size_t datelen;
  int idkind;            /* PAA_LSH_ID_INT, PAA_LSH_ID_FLOAT or PAA_LSH_ID_STRING */
  long long idint;       /* the id, PAA_LSH_ID_INT */
  double idnum;          /* the id, PAA_LSH_ID_FLOAT (not NaN) */
  const char *id;        /* the id's bytes, PAA_LSH_ID_STRING */
  size_t idlen;
} paa_lsh_key;
#define PAA_LSH_ID_INT     0
#define PAA_LSH_ID_FLOAT   1
#define PAA_LSH_ID_STRING  2

/*
** The canonical copy of cluster 'k' of 'cs': the member with the earliest
** known date (a known date before an unknown one), then the smallest id
** (numbers, by value, before strings, bytewise). 'keys' has one key per
** document of the index (keys[d] for document d). Returns its index.
*/
PAA_API size_t paa_lsh_canonical(const paa_lsh_clusters *cs, const paa_lsh_cluster *k,
                                 const paa_lsh_key *keys);

/*
** Boilerplate: lines (of a paragraph or on their own) that are not
** article prose. A model is learnt from a corpus, one document at a
** time, then finished; it then flags the lines of any text. A line is
** boilerplate by the first of these rules that holds:
*/
#define PAA_BP_KNOWN    1  /* opens with a known phrase ("Leave a Reply") */
#define PAA_BP_LIST     2  /* a short line in a run of short lines (logo lists, menus) */
#define PAA_BP_INDOC    3  /* repeats within one document (promo blocks) */
#define PAA_BP_TEMPLATE 4  /* opens like another line of its document (ad templates) */
#define PAA_BP_SOURCE   5  /* in several documents of its source (site furniture) */
#define PAA_BP_SHORT    6  /* a short line in several documents of any source */
#define PAA_BP_CORPUS   7  /* in a share of all the corpus's documents (shared furniture) */

typedef struct paa_boiler_opts {
  size_t min_docs;       /* documents for SOURCE and SHORT; 0: 2 */
  size_t min_repeats;    /* occurrences in a document for INDOC and TEMPLATE; 0: 2 */
  size_t short_words;    /* a line of at most this many words and no sentence end is short; 0: 4 */
  size_t list_lines;     /* short lines in a row that make a list; 0: 3 */
  size_t template_words; /* opening words TEMPLATE compares; 0: 6 */
  double copy_share;     /* a document with this share of its bytes in lines also
                            in other documents of its source is a copy, whose lines
                            do not count for SOURCE; 0: 0.5 */
  double min_share;      /* share of the documents learnt for CORPUS; 0: 0.01 */
  size_t min_corpus_docs; /* documents for CORPUS, at least; 0: 5 */
} paa_boiler_opts;

typedef struct paa_boiler_span {
  size_t start, stop;    /* the line, [start, stop), without its line end */
  int rule;              /* PAA_BP_* */
  uint64_t fingerprint;  /* paa_fingerprint of the line */
} paa_boiler_span;

typedef struct paa_boiler_block {
  const char *text;      /* the line as first seen, trimmed (NUL-terminated) */
  const char *source;    /* where it was found ("" for KNOWN, SHORT and CORPUS) */
  uint64_t fingerprint;
  int rule;              /* PAA_BP_* */
  size_t occurrences;    /* lines flagged, over the corpus learnt */
  size_t documents;      /* documents with at least one */
} paa_boiler_block;

/* Called per boilerplate line in text order; nonzero stops the scan. */
typedef int (*paa_boiler_callback)(void *ud, const paa_boiler_span *sp);

/* NULL on out of memory; 'opts' may be NULL for the defaults. */
PAA_API paa_boiler *paa_boiler_new(const paa_boiler_opts *opts);
PAA_API void paa_boiler_free(paa_boiler *bp);
/*
** A known phrase: a line whose folded tokens open with its tokens (one
** without tokens, or of more than 65535, is ignored). 0 or -1 (memory).
*/
PAA_API int paa_boiler_add_phrase(paa_boiler *bp, const char *s, size_t n);
/*
** The known phrases of web page templates ("leave a reply", "share this
** article", "all rights reserved", ...), NULL-terminated, lower case:
** what a model starts from unless its user gives others.
*/
PAA_API const char *const *paa_boiler_phrases(void);
/* Add each phrase of the NULL-terminated 'phrases'. 0 or -1 (memory). */
PAA_API int paa_boiler_add_phrases(paa_boiler *bp, const char *const *phrases);
/* Learn from one document of 'source' (before 'finish'). 0 or -1 (memory). */
PAA_API int paa_boiler_learn(paa_boiler *bp, const char *source, const char *s, size_t n);
/*
** Called by 'paa_boiler_learn_corpus' on the calling thread, in walk
** order, for each input skipped ('skipped' set; doc->warning says why)
** and each document with a note (doc->warning), before it is learnt. Of
** 'doc' only id, path, source, warning, text, len, line and index are
** set, valid during the call. Nonzero stops the learning.
*/
typedef int (*paa_boiler_input)(void *ud, const paa_doc *doc, int skipped);
/*
** Learn from every document of 'c', as 'paa_boiler_learn' would one
** after another in walk order, the same model whatever 'nthreads':
** 'nthreads' threads each walk a shard of the corpus (paa_walk_shard)
** and read and classify its documents, the calling thread counts them
** in. 'stats' gets the walk's counts (the shards' added up). Returns 0,
** -1 (memory, or a thread that could not start) or -2 ('on_input' asked
** to stop). Memory: 16 documents a thread waiting at most.
*/
PAA_API int paa_boiler_learn_corpus(paa_boiler *bp, const paa_corpus *c, size_t nthreads,
                                    paa_boiler_input on_input, void *ud,
                                    paa_walk_stats *stats);
/* End learning: decide the SOURCE, SHORT and CORPUS lines. 0 or -1 (memory). */
PAA_API int paa_boiler_finish(paa_boiler *bp);
/*
** Call 'cb' for each boilerplate line of 's', a document of 'source'
** (NULL: any source), in text order. Returns 0, the callback's result,
** or -1 (memory).
*/
PAA_API int paa_boiler_scan(const paa_boiler *bp, const char *source, const char *s,
                    size_t n, paa_boiler_callback cb, void *ud);
/*
** The text 's' of a document of 'source' without its boilerplate lines,
** each removed with its indentation and line end: '*out' (malloc'd,
** NUL-terminated; the caller frees it) and its length. With 'spans'
** non-NULL, the lines removed too, in text order ('*spans' malloc'd,
** NULL when none). 0, or -1 on out of memory.
*/
PAA_API int paa_boiler_clean(const paa_boiler *bp, const char *source, const char *s,
                             size_t n, char **out, size_t *outlen,
                             paa_boiler_span **spans, size_t *nspans);
/* The distinct blocks found while learning, most frequent first. */
PAA_API size_t paa_boiler_nblocks(const paa_boiler *bp);
PAA_API const paa_boiler_block *paa_boiler_block_at(const paa_boiler *bp, size_t i);
/* Documents learnt, and how many of them were taken for copies. */
PAA_API size_t paa_boiler_ndocs(const paa_boiler *bp, size_t *copies);
/*
** A finished model as bytes, for another process or machine to load:
** '*out' (malloc'd; the caller frees it) and its length. The format is
** versioned, with fixed-width little-endian integers and a checksum
** (docs/api.md, "Deduplication (C)"); one model has one dump. 0, or -1
** on out of memory or when 'bp' is not finished.
*/
PAA_API int paa_boiler_dump(const paa_boiler *bp, char **out, size_t *len);
/*
** The model 'paa_boiler_dump' wrote into 's': finished, and giving the
** same scans, cleanings, blocks and counts as the one dumped. NULL with
** a one-line message in 'err' for bytes that are not such a dump (of
** this format version) in full, or on out of memory.
*/
PAA_API paa_boiler *paa_boiler_load(const char *s, size_t n, char *err, size_t errlen);

/* }================================================================== */

/*
** {==================================================================
** Lexicon (lexicon.c)
** ===================================================================
** A lexicon is a list of themes, each a list of terms: words, phrases,
** 'prefix*' wildcards (at the end of any word of a term) and '-term'
** exclusions. Terms match the tokens of a text, folded (paa_fold), with
** hyphenated compounds split into their parts and a possessive "'s"
** dropped; a phrase does not run across punctuation or a blank line.
** Each theme counts its leftmost-longest non-overlapping matches, less
** those lying inside a match of one of its exclusions (PAA_LEX_NESTED:
** every match, nested ones too). A term may carry a context: after it,
** '~ {a, b c}' (one of these words or phrases must be in its paragraph;
** of each such list when there are several) and '!~ {x, y}' (none of
** these may be in its sentence), or a class of such words ('~ @name');
** out of it, the term does not match. Build with 'paa_lexicon_new', then
** 'add_theme'/'add_term', then 'compile' (or all at once from the text
** format with 'paa_lexicon_parse'); a compiled lexicon is read-only and
** may be shared by threads, each scanning with its own 'paa_lexscan'.
** Functions returning int give 0, or -1 with a message in 'err'.
*/

typedef struct paa_lexicon paa_lexicon;
typedef struct paa_lexscan paa_lexscan;

#define PAA_LEX_NESTED  1    /* count every match, also inside longer ones */

/* a match: term 'term' (an index over all themes) of theme 'theme' */
typedef struct paa_lex_match {
  size_t start, stop;    /* byte span [start, stop) in the text */
  size_t theme;          /* index of the theme, in definition order */
  size_t term;           /* index of the term, 0 .. paa_lexicon_nterms() - 1 */
} paa_lex_match;

/* Called per match, in text order; a nonzero result stops the scan. */
typedef int (*paa_lex_callback)(void *ud, const paa_lex_match *m);

PAA_API paa_lexicon *paa_lexicon_new(int flags);
PAA_API void paa_lexicon_free(paa_lexicon *lx);

/* A new theme ('desc' may be NULL); the terms added next belong to it. */
PAA_API int paa_lexicon_add_theme(paa_lexicon *lx, const char *name, size_t namelen,
                          const char *desc, size_t desclen,
                          char *err, size_t errlen);

/*
** Add a term to the last theme. Errors: empty term, misplaced '*',
** more than 32 words, duplicate term, invalid UTF-8, no theme yet.
*/
PAA_API int paa_lexicon_add_term(paa_lexicon *lx, const char *term, size_t n,
                         char *err, size_t errlen);

/*
** Define the class '@name' (a leading '@' in 'name' is dropped): the
** comma-separated words and phrases of 'list', which the contexts of terms
** added later may name ('~ @name', '!~ {x, @name}'). Errors: an empty
** or duplicate name, an empty list.
*/
PAA_API int paa_lexicon_add_class(paa_lexicon *lx, const char *name, size_t namelen,
                          const char *list, size_t listlen, char *err, size_t errlen);

/* Build the matcher. Errors: no themes, a theme without (positive) terms. */
PAA_API int paa_lexicon_compile(paa_lexicon *lx, char *err, size_t errlen);

/*
** Parse and compile a lexicon in the text format ('[theme] description'
** lines, then one term a line, '#' comments, '@name = {a, b}' classes
** whose braces may span lines). NULL on error, with
** "name:line: problem" in 'err' ('name' names the input in messages).
*/
PAA_API paa_lexicon *paa_lexicon_parse(const char *s, size_t n, const char *name, int flags,
                               char *err, size_t errlen);

PAA_API size_t paa_lexicon_nthemes(const paa_lexicon *lx);
PAA_API size_t paa_lexicon_nterms(const paa_lexicon *lx);    /* exclusions included */
PAA_API int paa_lexicon_flags(const paa_lexicon *lx);

/* Name of a theme; its description (or NULL) and terms through the pointers. */
PAA_API const char *paa_lexicon_theme(const paa_lexicon *lx, size_t theme, const char **desc,
                              size_t *first, size_t *nterms);

/* A term as written (exclusions with their '-'), its theme, whether it excludes. */
PAA_API const char *paa_lexicon_term(const paa_lexicon *lx, size_t term, size_t *theme,
                             int *exclude);

/* Scratch for scanning with a compiled lexicon (NULL: out of memory or not compiled). */
PAA_API paa_lexscan *paa_lexscan_new(const paa_lexicon *lx);
PAA_API void paa_lexscan_free(paa_lexscan *sc);

/*
** Add the matches of each term in 's' to 'counts' (paa_lexicon_nterms()
** entries; exclusions stay 0). 0, or -1 on out of memory.
*/
PAA_API int paa_lexscan_count(paa_lexscan *sc, const char *s, size_t n, size_t *counts);

/*
** Word and number tokens of the text the last complete count read, as
** paa_count_tokens counts them: a report gets its words from the same
** pass that counts its themes.
*/
PAA_API size_t paa_lexscan_words(const paa_lexscan *sc);

/* Call 'cb' for each match: 0, the callback's nonzero result, or -1 (memory). */
PAA_API int paa_lexscan_matches(paa_lexscan *sc, const char *s, size_t n,
                        paa_lex_callback cb, void *ud);

/* }================================================================== */

/*
** {==================================================================
** Counts (counts.c)
** ===================================================================
** Frequencies and document frequencies of terms per group of documents,
** in one pass over each text. A term is a word or number token folded by
** 'paa_fold_term', or an n-gram of n such tokens in a row (n <= 5) that
** runs across no other token (punctuation, symbol, currency sign, URL)
** and no blank line, written with one space between its words. With
** stopwords, a word that is one is not counted, nor an n-gram that
** begins or ends with one ("bank of england" is, "of the" is not).
**
** Memory is bounded: when more than 'cap' (term, group) cells are held,
** after a text, the cells counted least (every one at or below the
** smallest count that frees at least half of them) are dropped, with the
** terms no cell uses any more. A term dropped and met again starts from
** zero, so from then on any count may be short by at most the sum of the
** thresholds dropped ('paa_counter_error'); 0 means every count is exact.
** A counter is used by one thread at a time.
*/

typedef struct paa_counter paa_counter;

#define PAA_COUNT_MAXN  5

/* a group of documents, as 'paa_counter_group' gives it */
typedef struct paa_count_group {
  const char *name;      /* owned by the counter */
  size_t len;
  uint64_t docs;         /* documents added to the group */
  uint64_t words;        /* their word and number tokens, all of them */
  uint64_t tokens;       /* the terms counted: the sum of the group's frequencies */
} paa_count_group;

/* one (term, group) cell */
typedef struct paa_count_cell {
  uint32_t term;         /* 'paa_counter_term' gives its text */
  uint32_t group;        /* index of the group, 0-based */
  uint64_t freq;         /* occurrences */
  uint64_t docs;         /* documents with at least one */
} paa_count_cell;

/*
** A counter of n-grams of 'n' words (1: words), holding at most 'cap'
** cells after each text (0: the default, 2^20); 'numbers' 0 leaves out
** number tokens (they then end an n-gram as punctuation does). NULL on
** out of memory or a bad 'n'.
*/
PAA_API paa_counter *paa_counter_new(int n, size_t cap, int numbers);
PAA_API void paa_counter_free(paa_counter *c);

/* Make a word (folded as text is) a stopword. 0, or -1 on out of memory. */
PAA_API int paa_counter_stopword(paa_counter *c, const char *w, size_t len);

/*
** Count the text 's' as one document of group 'group' (created on first
** use). 0, or -1 on out of memory (the counts of this text may then be
** partly added).
*/
PAA_API int paa_counter_add(paa_counter *c, const char *s, size_t n,
                            const char *group, size_t glen);

/* Forget every count and group (the words met, stopwords among them, stay known) */
PAA_API void paa_counter_clear(paa_counter *c);

/* Add every count of 'from' to 'c' (documents of other texts). 0, or -1. */
PAA_API int paa_counter_merge(paa_counter *c, paa_counter *from);

PAA_API int paa_counter_n(const paa_counter *c);
PAA_API size_t paa_counter_ngroups(const paa_counter *c);
PAA_API void paa_counter_group(const paa_counter *c, size_t g, paa_count_group *out);
/* 'order' (ngroups entries) gets the groups' indices by name (bytes). 0, or -1. */
PAA_API int paa_counter_group_order(const paa_counter *c, size_t *order);
/* index of the group named so, or (size_t)-1 */
PAA_API size_t paa_counter_find_group(const paa_counter *c, const char *name, size_t len);
PAA_API size_t paa_counter_ncells(const paa_counter *c);
/*
** Margins of n-grams: out[w] (paa_counter_nwords() entries, zeroed
** first) gets the frequencies of group 'group''s terms ((size_t)-1:
** every group's) whose word at position 'pos' (0-based) is word w.
** 0, or -1 on out of memory.
*/
PAA_API size_t paa_counter_nwords(const paa_counter *c);
PAA_API const char *paa_counter_word(const paa_counter *c, uint32_t w, size_t *len);
PAA_API int paa_counter_margin(paa_counter *c, size_t group, int pos, uint64_t *out);
/*
** Totals of terms over some groups: out[t] (paa_counter_nterms()
** entries, zeroed first) gets the frequency of term t in the groups g
** with want[g] nonzero. 0, or -1 on out of memory.
*/
PAA_API size_t paa_counter_nterms(const paa_counter *c);
PAA_API int paa_counter_totals(paa_counter *c, const unsigned char *want, uint64_t *out);
/* the most a count may be short (see above); 0 when all are exact */
PAA_API uint64_t paa_counter_error(const paa_counter *c);

/*
** The text of term 'term' written to 'out' (room for 'cap' bytes, cut
** there); returns its whole length.
*/
PAA_API size_t paa_counter_term(const paa_counter *c, uint32_t term, char *out, size_t cap);

/*
** The cells of group 'group' ((size_t)-1: of every group) counted at
** least 'min' times, sorted by group name, then frequency (most first), then
** term text (bytewise), at most 'top' of each group (0: all). A new array
** in '*out' (free with paa_free), its length returned; (size_t)-1 on out
** of memory.
*/
PAA_API size_t paa_counter_cells(paa_counter *c, size_t group, uint64_t min,
                                 size_t top, paa_count_cell **out);

/*
** The counter as bytes (a new buffer, free with paa_free; its length in
** '*len'), and a counter from such bytes: same n, cap, stopwords, groups
** and counts. NULL on out of memory, or (load) with a one-line message
** in 'err' for bytes that are not a whole dump of this version.
*/
PAA_API char *paa_counter_dump(paa_counter *c, size_t *len);
PAA_API paa_counter *paa_counter_load(const char *s, size_t n, char *err, size_t errlen);

/*
** Add the counts of a dump to 'c', as paa_counter_merge adds a counter
** (without making one first: a partial from another process or thread
** is merged straight from its bytes). 0; or -1, 'c' partly merged, with
** a one-line message in 'err' for bytes that are not a whole dump of
** this version and of c's n, or on out of memory.
*/
PAA_API int paa_counter_merge_dump(paa_counter *c, const char *s, size_t n, char *err, size_t errlen);

/* }================================================================== */


#ifdef __cplusplus
}
#endif

#endif
