/*
** paa.h
** Public C interface of libpaa: the engines of the paa toolkit, usable
** from C without Lua. Link with `pkg-config --cflags --libs paa`.
** See docs/api.md for the Lua interface built on top of it.
*/

#ifndef PAA_H
#define PAA_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PAA_VERSION_MAJOR 0
#define PAA_VERSION_MINOR 1
#define PAA_VERSION_PATCH 0
#define PAA_VERSION "0.1.0"

/* Version of the library actually linked (may differ from PAA_VERSION). */
const char *paa_version(void);


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
size_t paa_utf8_check(const char *s, size_t n);

/*
** Number of words in 's': maximal runs of letters and digits, where an
** apostrophe, hyphen, period or comma between two of them joins them
** ("for-profit", "OpenAI's", "22.4" and "1,000" are one word each).
** Letters are approximated by code point ranges; the text engine's
** UAX #29 segmentation refines this.
*/
size_t paa_count_words(const char *s, size_t n);

/*
** Normalise a date written in a common English or ISO form ("2025-06-16",
** "2025-06-16T09:30:00Z", "June 16, 2025", "16 Jun 2025",
** "Mon, 16 Jun 2025 09:30:00 GMT", "June 2025", "2025") into ISO 8601
** ("2025-06-16", "2025-06" or "2025") in 'out'. Returns 1 on success,
** 0 when 's' is not a date it knows (then 'out' is the empty string).
*/
int paa_date_iso(const char *s, char out[11]);

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
typedef struct paa_walk paa_walk;

typedef struct paa_corpus_opts {
  size_t max_bytes;      /* larger files (and JSONL lines) are skipped; 0: 64 MiB */
  int all_files;         /* read every file in folders, whatever its extension */
} paa_corpus_opts;

#define PAA_DEFAULT_MAX_BYTES ((size_t)64 << 20)

typedef struct paa_doc {
  const char *id;        /* stable id: path under the root, plus ":line" for JSONL */
  const char *path;      /* file path as given/reachable from the working folder */
  const char *source;    /* outlet: metadata, else first folder, else file stem */
  const char *title;     /* metadata, else the first non-empty line; may be "" */
  const char *date;      /* ISO 8601 date, or NULL when unknown */
  const char *url;       /* or NULL */
  const char *format;    /* "text", "markdown", "html" or "jsonl" */
  const char *encoding;  /* encoding of the input: "utf-8", "utf-16", "windows-1252" */
  const char *text;      /* UTF-8 text, LF line ends, NUL-terminated */
  size_t len;            /* bytes in 'text' */
  size_t words;          /* paa_count_words(text, len) */
  long line;             /* JSONL line number, 0 for whole files */
  const char *warning;   /* SKIP: why it was skipped; DOC: a note, or NULL */
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
*/
paa_corpus *paa_corpus_open(const char *const *paths, size_t npaths,
                            const paa_corpus_opts *opts,
                            char *err, size_t errlen);
void paa_corpus_close(paa_corpus *c);
size_t paa_corpus_nroots(const paa_corpus *c);
const char *paa_corpus_root(const paa_corpus *c, size_t i);

/*
** Start a walk over 'c' (which must outlive it). Walks are independent:
** several can run over one corpus. Returns NULL on out of memory.
*/
paa_walk *paa_walk_new(const paa_corpus *c);

/*
** Advance the walk. The strings in 'doc' belong to the walk and stay valid
** until the next call or 'paa_walk_close'.
*/
int paa_walk_next(paa_walk *w, paa_doc *doc);
const paa_walk_stats *paa_walk_stats_of(const paa_walk *w);
void paa_walk_close(paa_walk *w);

/* }================================================================== */

#ifdef __cplusplus
}
#endif

#endif
