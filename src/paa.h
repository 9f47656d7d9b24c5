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
** Segmentation and tokens (segment.c, tokenize.c)
** ===================================================================
** Offsets are bytes into the text; spans are [start, stop). Invalid
** UTF-8 bytes are taken one at a time as characters of no class.
*/

/*
** Next word boundary after 'pos' by Unicode UAX #29 (Unicode 15): the end
** of the segment starting at 'pos', or 'n' at the end.
*/
size_t paa_word_break(const char *s, size_t n, size_t pos);

/*
** Next sentence boundary after 'pos' by the rules of UAX #29 alone
** ('news' 0) or refined for news prose ('news' 1): no break after common
** abbreviations and initials, single line breaks inside a paragraph do
** not end a sentence, blank lines do, and so do list items and headings.
*/
size_t paa_sentence_break(const char *s, size_t n, size_t pos, int news);

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

void paa_tokenizer_init(paa_tokenizer *t, const char *s, size_t n);

/* Next analysis token (white space is skipped): 1, or 0 at the end. */
int paa_token_next(paa_tokenizer *t, paa_token *tok);

/* Name of a token kind: "word", "number", ... */
const char *paa_token_kind_name(int kind);

/*
** Fold a token for comparison: lower case (simple case mapping, accents
** kept), curly quotes and apostrophes to ASCII, dashes and hyphens to
** '-'. Writes to 'out', which must have room for 2 * n + 4 bytes, and
** returns the length written (not NUL-terminated).
*/
size_t paa_fold(const char *s, size_t n, char *out);

/* Number of word and number tokens in 's'. */
size_t paa_count_tokens(const char *s, size_t n);

/*
** Next paragraph at or after '*pos': its span [*start, *stop) without the
** blank lines around it. Paragraphs are separated by blank lines; a line
** that is a list item or a Markdown heading is a paragraph of its own.
** Returns 1, or 0 when there is none; '*pos' moves past it.
*/
int paa_paragraph_next(const char *s, size_t n, size_t *pos, size_t *start,
                       size_t *stop);

/*
** Normalise text: invalid UTF-8 becomes U+FFFD, then NFC; curly quotes
** and apostrophes become ASCII, hyphens and dashes '-', every space
** character (NBSP, thin space, ...) a plain space; zero-width spaces,
** word joiners, soft hyphens and byte order marks go. With 'casefold',
** letters are case-folded too. Returns a malloc'd NUL-terminated string
** (the caller frees it) and its length in '*len', or NULL on no memory.
*/
char *paa_normalize(const char *s, size_t n, int casefold, size_t *len);

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
  int skip_words;        /* leave 'words' 0 (a lexicon scan can count them) */
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
  size_t words;          /* paa_count_tokens(text, len) */
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
** every match, nested ones too). Build with 'paa_lexicon_new', then
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

paa_lexicon *paa_lexicon_new(int flags);
void paa_lexicon_free(paa_lexicon *lx);

/* A new theme ('desc' may be NULL); the terms added next belong to it. */
int paa_lexicon_add_theme(paa_lexicon *lx, const char *name, size_t namelen,
                          const char *desc, size_t desclen,
                          char *err, size_t errlen);

/*
** Add a term to the last theme. Errors: empty term, misplaced '*',
** more than 32 words, duplicate term, invalid UTF-8, no theme yet.
*/
int paa_lexicon_add_term(paa_lexicon *lx, const char *term, size_t n,
                         char *err, size_t errlen);

/* Build the matcher. Errors: no themes, a theme without (positive) terms. */
int paa_lexicon_compile(paa_lexicon *lx, char *err, size_t errlen);

/*
** Parse and compile a lexicon in the text format ('[theme] description'
** lines, then one term a line, '#' comments). NULL on error, with
** "name:line: problem" in 'err' ('name' names the input in messages).
*/
paa_lexicon *paa_lexicon_parse(const char *s, size_t n, const char *name, int flags,
                               char *err, size_t errlen);

size_t paa_lexicon_nthemes(const paa_lexicon *lx);
size_t paa_lexicon_nterms(const paa_lexicon *lx);    /* exclusions included */
int paa_lexicon_flags(const paa_lexicon *lx);

/* Name of a theme; its description (or NULL) and terms through the pointers. */
const char *paa_lexicon_theme(const paa_lexicon *lx, size_t theme, const char **desc,
                              size_t *first, size_t *nterms);

/* A term as written (exclusions with their '-'), its theme, whether it excludes. */
const char *paa_lexicon_term(const paa_lexicon *lx, size_t term, size_t *theme,
                             int *exclude);

/* Scratch for scanning with a compiled lexicon (NULL: out of memory or not compiled). */
paa_lexscan *paa_lexscan_new(const paa_lexicon *lx);
void paa_lexscan_free(paa_lexscan *sc);

/*
** Add the matches of each term in 's' to 'counts' (paa_lexicon_nterms()
** entries; exclusions stay 0). 0, or -1 on out of memory.
*/
int paa_lexscan_count(paa_lexscan *sc, const char *s, size_t n, size_t *counts);

/*
** Word and number tokens of the text the last complete count read, as
** paa_count_tokens counts them: a report gets its words from the same
** pass that counts its themes.
*/
size_t paa_lexscan_words(const paa_lexscan *sc);

/* Call 'cb' for each match: 0, the callback's nonzero result, or -1 (memory). */
int paa_lexscan_matches(paa_lexscan *sc, const char *s, size_t n,
                        paa_lex_callback cb, void *ud);

/* }================================================================== */


#ifdef __cplusplus
}
#endif

#endif
