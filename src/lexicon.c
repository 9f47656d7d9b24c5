/*
** lexicon.c
** Theme lexicons: named themes, each a list of terms (words, phrases,
** 'prefix*' wildcards and '-exclusions'), compiled into hash tables keyed
** by the first word of each term and matched over the analysis tokens of
** a text in one pass. No Lua here.
**
** Terms and texts go through the same steps, so they always agree: the
** tokenizer (tokenize.c) gives tokens; word and number tokens are split
** at their inner hyphens ("for-profit" gives "for" and "profit"); each
** part is folded (paa_fold) and loses a possessive "'s"; other tokens
** (punctuation, symbols, URLs) stay whole, so they match nothing but
** themselves and a phrase cannot run across them. These parts are the
** "words" of this file. A blank line between two tokens is a barrier too.
*/

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paa.h"
#include "engine.h"


#define LEX_MAXWORDS  32           /* words in one term; also the window */
#define LEX_RING      32           /* words kept while scanning: >= LEX_MAXWORDS */
#define LEX_MASK      (LEX_RING - 1)
#define NOSTR         ((size_t)-1)
#define LEX_SHORT     28           /* a scanner's ring has room for words this long */
#define LEX_REACH     1000         /* a context is looked for this many bytes around a match */
#define LEX_HEADING   100          /* a shorter paragraph is a heading of the next */

#define FOLD_SLOW     0x100        /* in 'fold': leave this byte to paa_fold */
#define FOLD_DASH     0x200        /* in 'fold': the byte folds to '-' */

#define TOPBIT        (UINT64_C(1) << 63)

/* one word of a term */
typedef struct lex_elem {
  uint64_t h;            /* hash of the folded word (see 'hash_bytes') */
  uint64_t x0;           /* its first 8 bytes, as in 'lex_word' */
  uint64_t mask;         /* the bits of 'x0' that hold its bytes */
  const char *s;         /* 'strs.p + str', set by 'paa_lexicon_compile' */
  size_t str;            /* its folded bytes: offset into 'strs' */
  size_t len;            /* number of those bytes */
  int prefix;            /* 1 for 'word*': any word starting with these bytes */
} lex_elem;

typedef struct lex_term {
  size_t text;           /* the term as written, trimmed: offset into 'strs' */
  size_t theme;          /* index of its theme */
  size_t elem;           /* its words: elems[elem .. elem + nelem) */
  unsigned nelem;
  int exclude;           /* a '-term': what lies inside it is not counted */
  uint64_t sig;          /* hash of its words and flags, to find duplicates */
  size_t ctx;            /* its context: ctxs[ctx .. ctx + nneed + navoid) */
  unsigned nneed;        /* '~ {...}': of each such list, one must be in its paragraph */
  unsigned ngroups;      /* how many such lists */
  unsigned navoid;       /* '!~ {...}': none of these may be */
} lex_term;

/* a named list of words and phrases, for contexts: '@name = {...}' */
typedef struct lex_class {
  size_t name;           /* without the '@': offset into 'strs' */
  size_t list;           /* what is between its braces: offset into 'strs' */
} lex_class;

/* a word or phrase of a term's context ('~ {...}', '!~ {...}') */
typedef struct lex_ctx {
  uint32_t cword;        /* its words: cwords[cword] */
  unsigned group;        /* which '~' list of the term it belongs to */
} lex_ctx;

/* a word or phrase some contexts hold, once however many do */
typedef struct lex_cword {
  size_t elem;           /* its words: elems[elem .. elem + nelem) */
  unsigned nelem;
  uint64_t sig;          /* hash of its words, to find it again */
} lex_cword;

#define LEX_MAXGROUPS 8          /* '~' lists of one term */

typedef struct lex_theme {
  size_t name;           /* offset into 'strs' */
  size_t desc;           /* offset into 'strs', or NOSTR */
  size_t first, nterms;  /* its terms: terms[first .. first + nterms) */
  size_t npos;           /* how many of them are not exclusions */
} lex_theme;

/* an entry of the first-word hash tables */
typedef struct lex_slot {
  uint64_t key;          /* hash of a first word, or TOPBIT | head of a prefix; 0: empty */
  uint32_t first, n;     /* its terms: cand[first .. first + n) */
} lex_slot;

struct paa_lexicon {
  int flags;             /* PAA_LEX_* */
  unsigned short fold[256]; /* paa_fold of each byte (| FOLD_DASH), or FOLD_SLOW */
  int asciifold;         /* 'fold' lowers ASCII capitals and keeps the rest of ASCII */
  int compiled;          /* terms can no longer be added */
  pbuf strs;             /* every string, NUL-terminated, by offset */
  lex_theme *themes;
  size_t nthemes, capthemes;
  lex_term *terms;       /* in theme order: a theme's terms are contiguous */
  size_t nterms, capterms;
  lex_elem *elems;
  size_t nelems, capelems;
  lex_ctx *ctxs;         /* the terms' contexts: per term, its 'need' then 'avoid' entries */
  size_t nctxs, capctxs;
  lex_cword *cwords;     /* the words and phrases they name */
  size_t ncwords, capcwords;
  lex_class *classes;    /* named lists, by definition order */
  size_t nclasses, capclasses;
  /* made by 'paa_lexicon_compile', as for terms: contexts by first word */
  uint32_t *ccand;       /* context words (cwords) grouped by first word */
  lex_slot *cexact;      /* first word -> context words starting with it */
  size_t cexactmask;
  lex_slot *cpre;        /* head of a word -> context words starting with a prefix of it */
  size_t cpremask;
  uint64_t cheadmask;    /* the head of a context prefix: min(4, shortest) bytes */
  unsigned char cfilter[4096]; /* as 'filter', for context words */
  unsigned char cpfilter[4096]; /* as 'pfilter', for context words */
  /* made by 'paa_lexicon_compile' */
  uint32_t *cand;        /* term indices grouped by first word */
  lex_slot *exact;       /* first word -> terms starting with that word */
  size_t exactmask;
  lex_slot *pre;         /* head of a word -> terms starting with a prefix of it */
  size_t premask;
  size_t nprefix;        /* terms starting with a prefix */
  uint64_t headmask;     /* the head: the first min(4, shortest such prefix) bytes */
  size_t headlen;        /* that many bytes */
  unsigned char filter[4096]; /* bit (h >> 49) set: some term starts with word h */
  unsigned char pfilter[4096]; /* bit of a head: some term starts with it */
  unsigned maxwords;     /* longest term, in words */
  int others;            /* some term holds a token other than words and numbers */
};

/* a word of a text being scanned (or of a term being added) */
typedef struct lex_word {
  size_t start, stop;    /* byte span in the text */
  uint64_t h;            /* hash of the folded bytes */
  uint64_t x0;           /* its first 8 folded bytes, little-endian, zero-padded */
  char *f;               /* folded bytes, owned */
  size_t flen, fcap;
  int barrier;           /* a blank line: matches nothing */
} lex_word;

/* turns the tokens of a text into words */
typedef struct wordgen {
  paa_tokenizer t;
  const char *s;         /* the text (not owned) */
  const unsigned short *fold; /* the lexicon's fold table */
  int asciifold;         /* the lexicon's 'asciifold' */
  paa_token tok;         /* the current token */
  size_t pos;            /* where its next hyphen-separated part starts */
  size_t last;           /* end of the previous token */
  int pending;           /* 'tok' waits behind a barrier */
  int barriers;          /* report blank lines as barriers */
  int others;            /* other tokens than words and numbers are words too */
  int lastbar;           /* no word since the last barrier (or the start) */
  size_t ntokens;        /* word and number tokens so far (as paa_count_tokens) */
} wordgen;

/* a word or phrase of some term's context, found in the current paragraph */
typedef struct ctx_hit {
  size_t start, stop;    /* byte span in the text */
  uint32_t cword;        /* which: cwords[cword] */
} ctx_hit;

struct paa_lexscan {
  const paa_lexicon *lx;
  lex_word ring[LEX_RING]; /* the window: word i is ring[i & LEX_MASK] */
  size_t *busy;          /* per theme: end (word index) of its last counted match */
  size_t *reach;         /* per theme: end of the exclusions started so far */
  uint32_t *found;       /* terms matching at the current word */
  size_t words;          /* word and number tokens of the text last scanned */
  const char *text;      /* the text being scanned (not owned) */
  size_t len;            /* its length */
  size_t pa, pb;         /* the paragraph [pa, pb) a context was last looked for in */
  size_t sa, sb;         /* and the sentence [sa, sb) of it */
  ctx_hit *hits;         /* where the words of contexts are in that paragraph */
  size_t nhits, caphits;
  lex_word cring[LEX_RING]; /* its words, while they are read */
};


/*
** {==================================================================
** Words
** ===================================================================
*/

/*
** A folded word is read in chunks of 8 bytes, each a little-endian
** number (zero-padded at the end), so 'fold_into' can build them in a
** register while it folds. The first chunk, 'x0', is kept with the word:
** with the length it tells words of up to 8 bytes (most of them) apart
** without comparing bytes, and its low bytes are the word's head for the
** prefix filter. Such a short word hashes with one multiplication; a
** longer one mixes in all its chunks.
*/
#define HASH_SEED     UINT64_C(0x9E3779B97F4A7C15)
#define HASH_MIX(h, x)  ((h) = ((h) ^ (x)) * UINT64_C(0xBF58476D1CE4E5B9), (h) ^= (h) >> 31)

static uint64_t hash_end(uint64_t h, uint64_t x0, size_t n) {
  if (n <= 8) h = (x0 + n) * UINT64_C(0x94D049BB133111EB);
  else {
    h = (h ^ (h >> 29)) * UINT64_C(0x94D049BB133111EB);
    h ^= h >> 32;
  }
  return h ? h : 1;  /* 0 marks empty table entries */
}

static uint64_t hash_bytes(const char *f, size_t n, uint64_t *x0) {
  uint64_t h = HASH_SEED ^ n;
  size_t j, k;
  *x0 = 0;
  for (j = 0; j < n; j += 8) {
    uint64_t x = 0;
    for (k = 0; k < 8 && j + k < n; k++) x |= (uint64_t)(unsigned char)f[j + k] << (8 * k);
    if (j == 0) *x0 = x;
    HASH_MIX(h, x);
  }
  return hash_end(h, *x0, n);
}

/* Make room for folding 'n' bytes into 'w' (paa_fold's bound) */
static int word_room(lex_word *w, size_t n) {
  size_t need = 2 * n + 8;
  if (w->fcap < need) {
    size_t cap = need < 64 ? 64 : need;
    char *p = (char *)realloc(w->f, cap);
    if (p == NULL) return -1;
    w->f = p;
    w->fcap = cap;
  }
  return 0;
}

/* Start of the character before 'p' (not before 'lo') */
static size_t prev_char(const char *s, size_t lo, size_t p) {
  if (p > lo) p--;
  while (p > lo && ((unsigned char)s[p] & 0xC0) == 0x80) p--;
  return p;
}

/*
** Byte length of a character folding to '-' at 's[i]' (before 'e'), or
** 0. Asks paa_fold itself, so the split agrees with the folding.
*/
static size_t dash_at(const char *s, size_t i, size_t e) {
  unsigned char c = (unsigned char)s[i];
  uint32_t cp;
  size_t len;
  char out[2 * 4 + 4];
  if (c < 0x80) return c == '-';
  if (c < 0xC0) return 0;
  len = utf8_decode((const unsigned char *)s + i, (const unsigned char *)s + e, &cp);
  if (len == 0) return 0;
  return (paa_fold(s + i, len, out) == 1 && out[0] == '-') ? len : 0;
}

#ifdef PAA_LEX_CHECK
/* The fuzz target checks every word against paa_fold */
static void check_word(const lex_word *w, const char *s, size_t a, size_t b, int dash) {
  char *ref = (char *)malloc(2 * (b - a) + 4);
  uint64_t rx0;
  size_t rn;
  if (ref == NULL) abort();
  rn = paa_fold(s + a, b - a, ref);
  if (rn != w->flen || memcmp(ref, w->f, rn) != 0 || hash_bytes(ref, rn, &rx0) != w->h ||
      rx0 != w->x0 || (memchr(ref, '-', rn) != NULL) != dash)
    abort();
  free(ref);
}
#else
#define check_word(w, s, a, b, dash)  ((void)0)
#endif

/*
** Fold [a, b) of the text into 'w' and hash it; returns whether a '-'
** came out, or -1. Plain ASCII is folded eight bytes at a time (when
** the lexicon's 'fold' table is ASCII's lower case, as it is unless the
** C library's locale says otherwise); else ASCII bytes go through
** 'fold', a table made from paa_fold itself, and from the first other
** byte on paa_fold does the rest (it folds one character at a time, so
** the result is the same).
*/
static int fold_into(lex_word *w, const wordgen *g, size_t a, size_t b) {
  const unsigned char *u = (const unsigned char *)g->s + a;
  const unsigned short *fold = g->fold;
  size_t j, k, n = b - a;
  uint64_t h = HASH_SEED ^ n;
  unsigned acc = 0;
  char *out;
  if (w->fcap < 2 * n + 8 && word_room(w, n) < 0) return -1;
  out = w->f;
  w->start = a;
  w->stop = b;
  w->barrier = 0;
  w->x0 = 0;
  if (g->asciifold) {
    uint64_t dash = 0, high = 0;
    for (j = 0; j < n; j += 8) {
      uint64_t x = swar_load(g->s, g->t.n, a + j) & SWAR_BELOW(n - j);
      high |= x;
      x = swar_lower(x);
      dash |= swar_eq(x & ~SWAR_HIGHS, '-');
      swar_store(out + j, x);
      if (j == 0) w->x0 = x;
      if (n > 8) HASH_MIX(h, x);
    }
    if (!(high & SWAR_HIGHS)) {
      w->flen = n;
      w->h = hash_end(h, w->x0, n);
      acc = dash ? FOLD_DASH : 0;
      goto done;
    }
    h = HASH_SEED ^ n;  /* not plain ASCII: the table and paa_fold */
    w->x0 = 0;
  }
  for (j = 0; j < n; j += 8) {
    size_t e = n - j < 8 ? n - j : 8;
    uint64_t x = 0;
    for (k = 0; k < e; k++) {
      unsigned c = fold[u[j + k]];
      acc |= c;
      out[j + k] = (char)c;
      x |= (uint64_t)(c & 0xFF) << (8 * k);
    }
    if (j == 0) w->x0 = x;
    if (n > 8) HASH_MIX(h, x);
  }
  if (acc & FOLD_SLOW) {  /* not plain ASCII: from the first such byte on */
    for (j = 0; !(fold[u[j]] & FOLD_SLOW); j++) {}
    n = j + paa_fold(g->s + a + j, n - j, out + j);
    acc = memchr(out, '-', n) != NULL ? FOLD_DASH : 0;
    w->flen = n;
    w->h = hash_bytes(out, n, &w->x0);
  }
  else {
    w->flen = n;
    w->h = hash_end(h, w->x0, n);
  }
done:
  check_word(w, g->s, a, b, (acc & FOLD_DASH) != 0);
  return (acc & FOLD_DASH) != 0;
}

/*
** Finish a word: a word or number token (or part) loses a final
** possessive "'s" ("OpenAI's" matches "openai"), its span then stopping
** before the apostrophe.
*/
static void finish_word(lex_word *w, const char *s, int kind) {
  if ((kind == PAA_TOK_WORD || kind == PAA_TOK_NUMBER) && w->flen > 2 &&
      w->f[w->flen - 1] == 's' && w->f[w->flen - 2] == '\'') {
    size_t q = prev_char(s, w->start, prev_char(s, w->start, w->stop));
    if (q > w->start) {
      w->flen -= 2;
      w->stop = q;
      w->h = hash_bytes(w->f, w->flen, &w->x0);
    }
  }
}

static void wordgen_init(wordgen *g, const paa_lexicon *lx, const char *s, size_t n,
                         int barriers, int others) {
  paa_tokenizer_init(&g->t, s, n);
  g->fold = lx->fold;
  g->asciifold = lx->asciifold;
  g->s = s;
  g->tok.start = g->tok.stop = 0;
  g->tok.kind = 0;
  g->pos = 0;
  g->last = 0;
  g->pending = 0;
  g->barriers = barriers;
  g->others = others;
  g->lastbar = 1;
  g->ntokens = 0;
}

/* Make 'w' a barrier, starting at 'pos': it matches nothing */
static void barrier(lex_word *w, size_t pos) {
  w->barrier = 1;
  w->flen = 0;
  w->h = 0;
  w->start = w->stop = pos;
}

/* a byte 'paa_token_next' skips: ASCII white space and controls */
#define ASCII_GAP(c)  ((c) <= 0x20 || (c) == 0x7F)

/* Make [i, e) the current token, of ATOK_* 'flags' (and no part left) */
static void set_token(wordgen *g, size_t i, size_t e, int flags) {
  g->tok.start = i;
  g->tok.stop = g->pos = e;
  g->tok.kind = (flags & ATOK_LETTER) ? PAA_TOK_WORD : PAA_TOK_NUMBER;
}

/*
** Fold and hash the plain ASCII token [i, e) of 's' into 'w', eight
** bytes at a time; 'x' holds its first eight bytes, 'flags' what
** 'ascii_token' said. Returns 1 when a hyphen is inside (the general
** code then takes the token apart), 0, or -1 when out of memory.
*/
static inline int fold_plain(lex_word *w, const char *s, size_t n, size_t i, size_t e,
                             uint64_t x, int flags) {
  size_t j, len = e - i;
  uint64_t h;
  if (len > LEX_SHORT && w->fcap < 2 * len + 8 && word_room(w, len) < 0) return -1;
  w->start = i;
  w->stop = e;
  w->barrier = 0;
  w->flen = len;
  if (len <= 8) {  /* most words */
    x = swar_lower(x & SWAR_BELOW(len));
    swar_store(w->f, x);
    w->x0 = x;
    w->h = hash_end(0, x, len);
  }
  else {
    h = HASH_SEED ^ len;
    for (j = 0; j < len; j += 8) {
      x = swar_lower(swar_load(s, n, i + j) & SWAR_BELOW(len - j));
      swar_store(w->f + j, x);
      if (j == 0) w->x0 = x;
      HASH_MIX(h, x);
    }
    w->h = hash_end(h, w->x0, len);
  }
  if (flags & ATOK_JOINED) {  /* a hyphen or apostrophe may be inside */
    if (memchr(w->f, '-', len) != NULL) return 1;
    check_word(w, s, i, e, 0);
    finish_word(w, s, (flags & ATOK_LETTER) ? PAA_TOK_WORD : PAA_TOK_NUMBER);  /* "'s" */
  }
  else check_word(w, s, i, e, 0);
  return 0;
}

/*
** Next word of the text into 'w': 1, or 0 at the end, or -1 when out of
** memory. A token whose folded form holds a hyphen is taken apart, one
** part per call; empty parts ("a--b") are dropped. When no term holds
** punctuation or the like ('others' 0), such tokens only stop phrases:
** they become barriers, one for a run of them (or nothing, without
** 'barriers': then no term has two words).
*/
static int next_word(wordgen *g, lex_word *w) {
  for (;;) {
    size_t a, b;
    int whole = 0, dash;
    if (g->pos < g->tok.stop) {  /* the next part of a hyphenated token */
      size_t e = g->tok.stop, d = 0;
      a = b = g->pos;
      while (b < e && (d = dash_at(g->s, b, e)) == 0) b++;
      g->pos = b < e ? b + d : e;
      if (b == a) continue;
    }
    else {
      if (g->pending) g->pending = 0;
      else {
        if (!paa_token_next(&g->t, &g->tok)) return 0;
        if (g->tok.kind == PAA_TOK_WORD || g->tok.kind == PAA_TOK_NUMBER) g->ntokens++;
        g->pos = g->tok.stop;
        if (g->barriers && !g->lastbar && paa_blank_between(g->s, g->last, g->tok.start)) {
          g->pending = 1;
          g->lastbar = 1;
          barrier(w, g->tok.start);
          return 1;
        }
      }
      g->last = g->tok.stop;
      if (!g->others && g->tok.kind != PAA_TOK_WORD && g->tok.kind != PAA_TOK_NUMBER) {
        if (!g->barriers || g->lastbar) continue;
        g->lastbar = 1;
        barrier(w, g->tok.start);
        return 1;
      }
      g->lastbar = 0;
      a = g->tok.start;
      b = g->tok.stop;
      whole = 1;
    }
    if ((dash = fold_into(w, g, a, b)) < 0) return -1;
    if (dash && whole && (g->tok.kind == PAA_TOK_WORD || g->tok.kind == PAA_TOK_NUMBER)) {
      g->pos = g->tok.start;  /* split it */
      continue;
    }
    finish_word(w, g->s, g->tok.kind);
    return 1;
  }
}

/* }================================================================== */


/*
** {==================================================================
** Building
** ===================================================================
*/

/* Grow the array '*p' of '*cap' items of 'size' bytes to hold 'need' */
static int grow(void **p, size_t *cap, size_t need, size_t size) {
  if (need > *cap) {
    size_t n = *cap ? *cap * 2 : 16;
    void *q;
    while (n < need) n *= 2;
    q = realloc(*p, n * size);
    if (q == NULL) return -1;
    *p = q;
    *cap = n;
  }
  return 0;
}

#define GROW(arr, cap, need)  grow((void **)&(arr), &(cap), (need), sizeof *(arr))

/* Copy 'n' bytes into the string pool; their offset, or NOSTR */
static size_t add_str(paa_lexicon *lx, const char *s, size_t n) {
  size_t off = lx->strs.n;
  if (!pbuf_add(&lx->strs, s, n) || !pbuf_addc(&lx->strs, '\0')) return NOSTR;
  return off;
}

#define STR(lx, off)  ((lx)->strs.p + (off))

static int fail(char *err, size_t errlen, const char *msg) {
  if (errlen > 0) snprintf(err, errlen, "%s", msg);
  return -1;
}

static int is_space(int c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Trim ASCII white space from both ends of [*s, *s + *n) */
static void trim(const char **s, size_t *n) {
  while (*n > 0 && is_space((unsigned char)**s)) { (*s)++; (*n)--; }
  while (*n > 0 && is_space((unsigned char)(*s)[*n - 1])) (*n)--;
}

/* Check that a name, description or term is UTF-8 without NUL bytes */
static int check_text(const char *s, size_t n, const char *what,
                      char *err, size_t errlen) {
  if (memchr(s, '\0', n) != NULL) {
    snprintf(err, errlen, "%s holds a NUL byte", what);
    return -1;
  }
  if (paa_utf8_check(s, n) != n) {
    snprintf(err, errlen, "%s is not valid UTF-8", what);
    return -1;
  }
  return 0;
}

/*
** The lexicon asks paa_fold how it folds each ASCII byte once, so that
** words of plain ASCII (most of them) need no call.
*/
paa_lexicon *paa_lexicon_new(int flags) {
  paa_lexicon *lx = (paa_lexicon *)calloc(1, sizeof *lx);
  int c;
  if (lx == NULL) return NULL;
  lx->flags = flags;
  for (c = 0; c < 256; c++) {
    char in = (char)c, out[8];
    lx->fold[c] = c < 0x80 && paa_fold(&in, 1, out) == 1 && (unsigned char)out[0] < 0x80
                  ? (unsigned char)out[0] : FOLD_SLOW;
    if (lx->fold[c] == '-') lx->fold[c] |= FOLD_DASH;
  }
  lx->asciifold = 1;
  for (c = 0; c < 0x80; c++)
    if ((lx->fold[c] & 0xFF) != (c >= 'A' && c <= 'Z' ? c + 0x20 : c)) lx->asciifold = 0;
  return lx;
}

void paa_lexicon_free(paa_lexicon *lx) {
  if (lx == NULL) return;
  pbuf_free(&lx->strs);
  free(lx->themes);
  free(lx->terms);
  free(lx->elems);
  free(lx->ctxs);
  free(lx->cwords);
  free(lx->classes);
  free(lx->ccand);
  free(lx->cexact);
  free(lx->cpre);
  free(lx->cand);
  free(lx->exact);
  free(lx->pre);
  free(lx);
}

int paa_lexicon_add_theme(paa_lexicon *lx, const char *name, size_t namelen,
                          const char *desc, size_t desclen,
                          char *err, size_t errlen) {
  lex_theme *th;
  size_t i;
  if (lx->compiled) return fail(err, errlen, "the lexicon is already compiled");
  if (namelen == 0) return fail(err, errlen, "empty theme name");
  if (check_text(name, namelen, "the theme name", err, errlen) < 0 ||
      (desc && check_text(desc, desclen, "the description", err, errlen) < 0))
    return -1;
  for (i = 0; i < lx->nthemes; i++) {
    const char *other = STR(lx, lx->themes[i].name);
    if (strlen(other) == namelen && memcmp(other, name, namelen) == 0) {
      snprintf(err, errlen, "duplicate theme '%.*s'", (int)namelen, name);
      return -1;
    }
  }
  if (GROW(lx->themes, lx->capthemes, lx->nthemes + 1) < 0) goto nomem;
  th = &lx->themes[lx->nthemes];
  th->first = lx->nterms;
  th->nterms = th->npos = 0;
  th->desc = NOSTR;
  if ((th->name = add_str(lx, name, namelen)) == NOSTR) goto nomem;
  if (desc && (th->desc = add_str(lx, desc, desclen)) == NOSTR) goto nomem;
  lx->nthemes++;
  return 0;
nomem:
  return fail(err, errlen, "not enough memory");
}

/* Whether terms 'a' and 'b' have the same words, flags and kind */
static int same_term(const paa_lexicon *lx, const lex_term *a, const lex_term *b) {
  unsigned j;
  if (a->sig != b->sig || a->nelem != b->nelem || a->exclude != b->exclude) return 0;
  for (j = 0; j < a->nelem; j++) {
    const lex_elem *x = &lx->elems[a->elem + j], *y = &lx->elems[b->elem + j];
    if (x->prefix != y->prefix || x->len != y->len ||
        memcmp(STR(lx, x->str), STR(lx, y->str), x->len) != 0)
      return 0;
  }
  return 1;
}

/* Copy at most 80 bytes of what a message quotes */
#define QUOTE(n)  ((int)((n) > 80 ? 80 : (n)))

/*
** Add the words of 's' (white space between them, each optionally
** ending in '*': a prefix) to 'elems'; how many, or -1 with a message.
** The words go through the tokenizer exactly as a text would, so
** "for-profit" is two words and "U.S." one.
*/
static int add_words(paa_lexicon *lx, const char *s, size_t len, char *err, size_t errlen) {
  size_t i, nstars = 0, stars[LEX_MAXWORDS + 1], firstelem = lx->nelems;
  int r;
  char *buf = NULL;
  wordgen g;
  lex_word w;
  memset(&w, 0, sizeof w);
  if (check_text(s, len, "the term", err, errlen) < 0) return -1;
  /* where the wildcards are; each must end a word */
  for (i = 0; i < len; i++) {
    if (s[i] != '*') continue;
    if (i == 0 || is_space((unsigned char)s[i - 1]) || s[i - 1] == '*' ||
        (i + 1 < len && !is_space((unsigned char)s[i + 1]))) {
      snprintf(err, errlen, "'*' must end a word, in '%.*s'", QUOTE(len), s);
      return -1;
    }
    if (nstars == LEX_MAXWORDS) goto toolong;
    stars[nstars++] = i;
  }
  if ((buf = (char *)malloc(len)) == NULL) goto nomem;
  memcpy(buf, s, len);
  for (i = 0; i < nstars; i++) buf[stars[i]] = ' ';
  wordgen_init(&g, lx, buf, len, 0, 1);
  i = 0;  /* next star to place */
  while ((r = next_word(&g, &w)) > 0) {
    lex_elem *e;
    if (lx->nelems - firstelem == LEX_MAXWORDS) goto toolong;
    if (GROW(lx->elems, lx->capelems, lx->nelems + 1) < 0) goto nomem;
    e = &lx->elems[lx->nelems];
    e->prefix = 0;
    if (i < nstars && w.stop == stars[i]) {
      e->prefix = 1;
      i++;
    }
    else if (i < nstars && w.stop > stars[i]) break;  /* a star inside a word */
    if (g.tok.kind != PAA_TOK_WORD && g.tok.kind != PAA_TOK_NUMBER) lx->others = 1;
    e->h = w.h;
    e->x0 = w.x0;
    e->mask = w.flen >= 8 ? ~UINT64_C(0) : (UINT64_C(1) << (8 * w.flen)) - 1;
    e->len = w.flen;
    e->s = NULL;
    if ((e->str = add_str(lx, w.f, w.flen)) == NOSTR) goto nomem;
    lx->nelems++;
  }
  if (r < 0) goto nomem;
  if (i < nstars) {
    snprintf(err, errlen, "'*' must end a word, in '%.*s'", QUOTE(len), s);
    goto fail;
  }
  if (lx->nelems == firstelem) {
    snprintf(err, errlen, "nothing to match in '%.*s'", QUOTE(len), s);
    goto fail;
  }
  free(buf);
  free(w.f);
  return (int)(lx->nelems - firstelem);
toolong:
  snprintf(err, errlen, "more than %d words in '%.*s'", LEX_MAXWORDS, QUOTE(len), s);
  goto fail;
nomem:
  fail(err, errlen, "not enough memory");
fail:
  lx->nelems = firstelem;
  free(buf);
  free(w.f);
  return -1;
}

/*
** The context word made of the 'k' words just added at elems[first]: one
** already known with the same words (then those are taken back), or a
** new one. Its index, or -1 (memory).
*/
static long cword_of(paa_lexicon *lx, size_t first, unsigned k) {
  uint64_t sig = HASH_SEED;
  size_t i;
  unsigned j;
  lex_cword *cw;
  for (j = 0; j < k; j++) HASH_MIX(sig, lx->elems[first + j].h ^ (uint64_t)lx->elems[first + j].prefix);
  for (i = 0; i < lx->ncwords; i++) {
    const lex_cword *o = &lx->cwords[i];
    if (o->sig != sig || o->nelem != k) continue;
    for (j = 0; j < k; j++) {
      const lex_elem *x = &lx->elems[o->elem + j], *y = &lx->elems[first + j];
      if (x->prefix != y->prefix || x->len != y->len ||
          memcmp(STR(lx, x->str), STR(lx, y->str), x->len) != 0)
        break;
    }
    if (j == k) {
      lx->nelems = first;  /* the same words: those of 'o' serve */
      return (long)i;
    }
  }
  if (GROW(lx->cwords, lx->capcwords, lx->ncwords + 1) < 0) return -1;
  cw = &lx->cwords[lx->ncwords];
  cw->elem = first;
  cw->nelem = k;
  cw->sig = sig;
  return (long)lx->ncwords++;
}

/* Order of a term's context entries: by context word */
static int cmp_ctx(const void *a, const void *b) {
  const lex_ctx *x = (const lex_ctx *)a, *y = (const lex_ctx *)b;
  if (x->cword != y->cword) return x->cword < y->cword ? -1 : 1;
  return x->group < y->group ? -1 : x->group > y->group;
}

/* The class named by [s, s + n) (without its '@'), or NULL */
static const lex_class *find_class(const paa_lexicon *lx, const char *s, size_t n) {
  size_t i;
  for (i = 0; i < lx->nclasses; i++) {
    const char *name = STR(lx, lx->classes[i].name);
    if (strlen(name) == n && memcmp(name, s, n) == 0) return &lx->classes[i];
  }
  return NULL;
}

/*
** Add the comma-separated words and phrases of 'list' to the context of
** 't' ('avoid': to its 'avoid' entries); '@name' adds a class's. 0, or
** -1 with a message quoting 'all' (the term's whole context).
*/
static int add_list(paa_lexicon *lx, lex_term *t, const char *list, size_t len, int avoid,
                    int inclass, const char *all, size_t alln, char *err, size_t errlen) {
  size_t i = 0;
  while (i <= len) {
    const char *a = list + i, *comma = (const char *)memchr(a, ',', len - i);
    size_t n = comma ? (size_t)(comma - a) : len - i;
    i += n + 1;
    trim(&a, &n);
    if (n == 0) {
      snprintf(err, errlen, "an empty word in '%.*s'", QUOTE(alln), all);
      return -1;
    }
    if (a[0] == '@') {
      const lex_class *c = find_class(lx, a + 1, n - 1);
      if (c == NULL || inclass) {
        snprintf(err, errlen, inclass ? "a class inside a class: '%.*s'" : "no class '%.*s'",
                 QUOTE(n), a);
        return -1;
      }
      {  /* a copy: adding words grows the string pool the class lives in */
        size_t cn = strlen(STR(lx, c->list));
        char *cl = (char *)malloc(cn + 1);
        int r;
        if (cl == NULL) return fail(err, errlen, "not enough memory");
        memcpy(cl, STR(lx, c->list), cn + 1);
        r = add_list(lx, t, cl, cn, avoid, 1, all, alln, err, errlen);
        free(cl);
        if (r < 0) return -1;
      }
    }
    else {
      size_t first = lx->nelems;
      int k = add_words(lx, a, n, err, errlen);
      lex_ctx *c;
      long cw;
      if (k < 0) return -1;
      if ((cw = cword_of(lx, first, (unsigned)k)) < 0 ||
          GROW(lx->ctxs, lx->capctxs, lx->nctxs + 1) < 0) {
        lx->nelems = first;
        return fail(err, errlen, "not enough memory");
      }
      c = &lx->ctxs[lx->nctxs++];
      c->cword = (uint32_t)cw;
      c->group = avoid ? 0 : t->ngroups - 1;
      if (avoid) t->navoid++;
      else t->nneed++;
    }
  }
  return 0;
}

/*
** The context of a term: clauses '~ {a, b c, d*}' (one of these words
** or phrases must be in the term's sentence) and '!~ {x, y}' (none of
** them may be), '{...}' or '@class', from 's' on, after the term. Adds
** them to 'ctxs' as 'need' then 'avoid' entries; 0, or -1 with a message.
*/
static int add_context(paa_lexicon *lx, lex_term *t, const char *s, size_t len,
                       char *err, size_t errlen) {
  size_t pass, i;
  t->ctx = lx->nctxs;
  t->nneed = t->navoid = t->ngroups = 0;
  for (pass = 0; pass < 2; pass++) {  /* the 'need' lists first, then the 'avoid' ones */
    i = 0;
    while (i < len) {
      int avoid = 0;
      size_t a, b, next;
      while (i < len && is_space((unsigned char)s[i])) i++;
      if (i == len) break;
      if (s[i] == '!') { avoid = 1; i++; }
      if (i == len || s[i] != '~') {
        snprintf(err, errlen, "expected '~ {' or '!~ {' in '%.*s'", QUOTE(len), s);
        return -1;
      }
      for (i++; i < len && is_space((unsigned char)s[i]); i++) {}
      if (i < len && s[i] == '@') {  /* a class: up to the next space */
        for (a = b = i; b < len && !is_space((unsigned char)s[b]) && s[b] != '!' && s[b] != '~'; b++) {}
        next = b;
      }
      else if (i == len || s[i] != '{') {
        snprintf(err, errlen, "missing '{' after '%s' in '%.*s'", avoid ? "!~" : "~",
                 QUOTE(len), s);
        return -1;
      }
      else {
        for (b = a = i + 1; b < len && s[b] != '}'; b++) {}
        if (b == len) {
          snprintf(err, errlen, "missing '}' in '%.*s'", QUOTE(len), s);
          return -1;
        }
        next = b + 1;
      }
      if (avoid == (int)pass) {
        if (!avoid && t->ngroups++ == LEX_MAXGROUPS) {
          snprintf(err, errlen, "more than %d '~' lists in '%.*s'", LEX_MAXGROUPS, QUOTE(len), s);
          return -1;
        }
        if (add_list(lx, t, s + a, b - a, avoid, 0, s, len, err, errlen) < 0) return -1;
      }
      i = next;
    }
  }
  /* each part sorted by word, for 'in_context' to look words up */
  qsort(lx->ctxs + t->ctx, t->nneed, sizeof *lx->ctxs, cmp_ctx);
  qsort(lx->ctxs + t->ctx + t->nneed, t->navoid, sizeof *lx->ctxs, cmp_ctx);
  return 0;
}

/*
** Define the class '@name': the words and phrases of 'list' (comma-
** separated, as between the braces of a context), for the contexts of the
** terms added after. Errors: an empty or duplicate name, an empty list.
*/
int paa_lexicon_add_class(paa_lexicon *lx, const char *name, size_t namelen,
                          const char *list, size_t listlen, char *err, size_t errlen) {
  lex_class *c;
  if (lx->compiled) return fail(err, errlen, "the lexicon is already compiled");
  trim(&name, &namelen);
  trim(&list, &listlen);
  if (namelen > 0 && name[0] == '@') { name++; namelen--; }
  if (namelen == 0) return fail(err, errlen, "empty class name");
  if (check_text(name, namelen, "the class name", err, errlen) < 0 ||
      check_text(list, listlen, "the class", err, errlen) < 0)
    return -1;
  if (find_class(lx, name, namelen) != NULL) {
    snprintf(err, errlen, "class '@%.*s' defined twice", QUOTE(namelen), name);
    return -1;
  }
  if (listlen == 0) {
    snprintf(err, errlen, "class '@%.*s' is empty", QUOTE(namelen), name);
    return -1;
  }
  if (GROW(lx->classes, lx->capclasses, lx->nclasses + 1) < 0)
    return fail(err, errlen, "not enough memory");
  c = &lx->classes[lx->nclasses];
  if ((c->name = add_str(lx, name, namelen)) == NOSTR ||
      (c->list = add_str(lx, list, listlen)) == NOSTR)
    return fail(err, errlen, "not enough memory");
  lx->nclasses++;
  return 0;
}

/*
** Add a term to the last theme. The syntax: an optional leading '-'
** (an exclusion), then words separated by white space, each optionally
** ending in '*' (a prefix); then, optionally, its context ('add_context').
** The term's text (what counts are named by) is the part before the
** context.
*/
int paa_lexicon_add_term(paa_lexicon *lx, const char *term, size_t n,
                         char *err, size_t errlen) {
  const char *s = term, *wt = term, *tilde;
  size_t len = n, wn = n, i, firstelem = lx->nelems, firstctx = lx->nctxs;
  size_t firstcword = lx->ncwords;
  int exclude = 0, k;
  lex_term *t;
  lex_theme *th;
  uint64_t sig = HASH_SEED;
  if (lx->compiled) return fail(err, errlen, "the lexicon is already compiled");
  if (lx->nthemes == 0) return fail(err, errlen, "term outside a theme");
  if ((tilde = (const char *)memchr(term, '~', n)) != NULL) {  /* a context follows */
    wn = len = (size_t)(tilde - term);
    if (len > 0 && term[len - 1] == '!') wn = len = len - 1;
  }
  trim(&s, &len);
  trim(&wt, &wn);
  if (len > 0 && s[0] == '-') {
    exclude = 1;
    s++;
    len--;
    trim(&s, &len);
  }
  if (len == 0) return fail(err, errlen, exclude ? "empty exclusion" : "empty term");
  if ((k = add_words(lx, s, len, err, errlen)) < 0) return -1;
  for (i = firstelem; i < lx->nelems; i++)
    HASH_MIX(sig, lx->elems[i].h ^ (uint64_t)lx->elems[i].prefix);
  if (GROW(lx->terms, lx->capterms, lx->nterms + 1) < 0) goto nomem;
  t = &lx->terms[lx->nterms];
  t->theme = lx->nthemes - 1;
  t->elem = firstelem;
  t->nelem = (unsigned)k;
  t->exclude = exclude;
  t->sig = sig;
  t->ctx = lx->nctxs;
  t->nneed = t->navoid = t->ngroups = 0;
  if (tilde) {
    const char *c = wt + wn;
    size_t cn = n - (size_t)(c - term);
    trim(&c, &cn);
    if (add_context(lx, t, c, cn, err, errlen) < 0) goto fail;
  }
  th = &lx->themes[t->theme];
  for (i = th->first; i < lx->nterms; i++) {
    if (same_term(lx, &lx->terms[i], t)) {
      snprintf(err, errlen, "duplicate term '%.*s' (same as '%s')", QUOTE(wn), wt,
               STR(lx, lx->terms[i].text));
      goto fail;
    }
  }
  if ((t->text = add_str(lx, wt, wn)) == NOSTR) goto nomem;
  lx->nterms++;
  th->nterms++;
  if (!exclude) th->npos++;
  return 0;
nomem:
  fail(err, errlen, "not enough memory");
fail:
  lx->nelems = firstelem;
  lx->nctxs = firstctx;
  lx->ncwords = firstcword;  /* words of its context (their elems are gone too) */
  return -1;
}

/* }================================================================== */


/*
** {==================================================================
** Compiling
** ===================================================================
*/

/* a term by the key it is looked up with */
typedef struct keyed {
  uint64_t key;          /* as in 'lex_slot' */
  int prefix;            /* 1: the first word is a prefix */
  uint32_t term;
} keyed;

static int cmp_keyed(const void *a, const void *b) {
  const keyed *x = (const keyed *)a, *y = (const keyed *)b;
  if (x->prefix != y->prefix) return x->prefix < y->prefix ? -1 : 1;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return x->term < y->term ? -1 : x->term > y->term;
}

/* A 15-bit hash of the head of a word (its bytes 'mask' of 'x0'), for 'pfilter' */
static uint32_t head(uint64_t x0, uint64_t mask) {
  return ((uint32_t)(x0 & mask) * UINT32_C(2654435761)) >> 17;
}

static size_t slot_of(uint64_t key, size_t mask) {
  return (size_t)(key ^ (key >> 29) ^ (key >> 47)) & mask;
}

/*
** A table for the runs of equal keys in 'k[0 .. n)' (those of one kind),
** whose terms start at 'cand[first]'. Kept at most a quarter full, so a
** word that starts no term (nearly all of them) costs one probe.
*/
static lex_slot *make_table(const keyed *k, size_t n, size_t first, size_t *mask) {
  size_t distinct = 0, size = 16, i, j;
  lex_slot *tab;
  for (i = 0; i < n; i++) distinct += (i == 0 || k[i].key != k[i - 1].key);
  while (size < 4 * distinct) size *= 2;
  if ((tab = (lex_slot *)calloc(size, sizeof *tab)) == NULL) return NULL;
  *mask = size - 1;
  for (i = 0; i < n; i = j) {
    size_t p = slot_of(k[i].key, *mask);
    for (j = i; j < n && k[j].key == k[i].key; j++) {}
    while (tab[p].key != 0) p = (p + 1) & *mask;
    tab[p].key = k[i].key;
    tab[p].first = (uint32_t)(first + i);
    tab[p].n = (uint32_t)(j - i);
  }
  return tab;
}

/* The tables that find context words by their first word, as 'compile' makes the terms' */
static int compile_contexts(paa_lexicon *lx) {
  keyed *k;
  size_t i, nexact = 0, headlen = 4;
  if (lx->ncwords == 0) return 0;
  for (i = 0; i < lx->ncwords; i++) {
    const lex_elem *e = &lx->elems[lx->cwords[i].elem];
    if (e->prefix && e->len < headlen) headlen = e->len;
  }
  lx->cheadmask = (UINT64_C(1) << (8 * headlen)) - 1;
  k = (keyed *)malloc(lx->ncwords * sizeof *k);
  lx->ccand = (uint32_t *)malloc(lx->ncwords * sizeof *lx->ccand);
  if (k == NULL || lx->ccand == NULL) {
    free(k);
    return -1;
  }
  for (i = 0; i < lx->ncwords; i++) {
    const lex_elem *e = &lx->elems[lx->cwords[i].elem];
    k[i].prefix = e->prefix;
    k[i].key = e->prefix ? (e->x0 & lx->cheadmask) | TOPBIT : e->h;
    k[i].term = (uint32_t)i;
    nexact += !e->prefix;
    if (e->prefix) {
      uint32_t b = head(e->x0, lx->cheadmask);
      lx->cpfilter[b >> 3] |= (unsigned char)(1u << (b & 7));
    }
    else lx->cfilter[e->h >> 52] |= (unsigned char)(1u << ((e->h >> 49) & 7));
  }
  qsort(k, lx->ncwords, sizeof *k, cmp_keyed);
  for (i = 0; i < lx->ncwords; i++) lx->ccand[i] = k[i].term;
  lx->cexact = make_table(k, nexact, 0, &lx->cexactmask);
  lx->cpre = make_table(k + nexact, lx->ncwords - nexact, nexact, &lx->cpremask);
  free(k);
  return lx->cexact == NULL || lx->cpre == NULL ? -1 : 0;
}

int paa_lexicon_compile(paa_lexicon *lx, char *err, size_t errlen) {
  keyed *k;
  size_t i, nexact = 0;
  if (lx->compiled) return 0;
  if (lx->nthemes == 0) return fail(err, errlen, "no themes");
  if (lx->nterms > UINT32_MAX / 2) return fail(err, errlen, "too many terms");
  for (i = 0; i < lx->nthemes; i++) {
    if (lx->themes[i].npos == 0) {
      snprintf(err, errlen, "theme '%s' has no terms%s", STR(lx, lx->themes[i].name),
               lx->themes[i].nterms ? " (only exclusions)" : "");
      return -1;
    }
  }
  for (i = 0; i < lx->nelems; i++) lx->elems[i].s = STR(lx, lx->elems[i].str);
  k = (keyed *)malloc(lx->nterms * sizeof *k);
  lx->cand = (uint32_t *)malloc(lx->nterms * sizeof *lx->cand);
  if (k == NULL || lx->cand == NULL) goto nomem;
  lx->maxwords = 1;
  lx->headlen = 4;
  for (i = 0; i < lx->nterms; i++) {
    const lex_term *t = &lx->terms[i];
    const lex_elem *e = &lx->elems[t->elem];
    if (t->nelem > lx->maxwords) lx->maxwords = t->nelem;
    if (e->prefix && e->len < lx->headlen) lx->headlen = e->len;
  }
  lx->headmask = (UINT64_C(1) << (8 * lx->headlen)) - 1;
  for (i = 0; i < lx->nterms; i++) {
    const lex_elem *e = &lx->elems[lx->terms[i].elem];
    k[i].prefix = e->prefix;
    k[i].key = e->prefix ? (e->x0 & lx->headmask) | TOPBIT : e->h;
    k[i].term = (uint32_t)i;
    if (e->prefix) {
      uint32_t b = head(e->x0, lx->headmask);
      lx->pfilter[b >> 3] |= (unsigned char)(1u << (b & 7));
      lx->nprefix++;
    }
    else {
      lx->filter[e->h >> 52] |= (unsigned char)(1u << ((e->h >> 49) & 7));
      nexact++;
    }
  }
  qsort(k, lx->nterms, sizeof *k, cmp_keyed);
  for (i = 0; i < lx->nterms; i++) lx->cand[i] = k[i].term;
  lx->exact = make_table(k, nexact, 0, &lx->exactmask);
  lx->pre = make_table(k + nexact, lx->nterms - nexact, nexact, &lx->premask);
  if (lx->exact == NULL || lx->pre == NULL) goto nomem;
  free(k);
  if (compile_contexts(lx) < 0) return fail(err, errlen, "not enough memory");
  lx->compiled = 1;
  return 0;
nomem:
  free(k);
  return fail(err, errlen, "not enough memory");
}

/*
** The lexicon file format (docs/lexicon.md): UTF-8 lines; blank lines
** and lines starting with '#' are ignored; '[name] description' opens a
** theme; any other line is a term of the theme opened last.
*/
/*
** Whether a line is text: no control characters but white space. A
** binary file given as a lexicon is then named as such on its first
** line, rather than as a "term outside a theme".
*/
static int text_line(const char *l, size_t len) {
  size_t i;
  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char)l[i];
    if (c < 32 && !(c >= '\t' && c <= '\r')) return 0;
  }
  return 1;
}

/* Whether [a, b) is white space only */
static int is_blank_after(const char *a, const char *b) {
  for (; a < b; a++)
    if (!is_space((unsigned char)*a)) return 0;
  return 1;
}

paa_lexicon *paa_lexicon_parse(const char *s, size_t n, const char *name, int flags,
                               char *err, size_t errlen) {
  paa_lexicon *lx = paa_lexicon_new(flags);
  char msg[256];
  size_t pos = 0;
  long line = 0, themeline = 0;
  if (lx == NULL) {
    snprintf(err, errlen, "not enough memory");
    return NULL;
  }
  if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) pos = 3;  /* a BOM */
  while (pos < n) {
    const char *l = s + pos, *nl = (const char *)memchr(l, '\n', n - pos);
    size_t len = nl ? (size_t)(nl - l) : n - pos;
    pos += len + (nl != NULL);
    line++;
    if (!text_line(l, len)) {
      snprintf(msg, sizeof msg, "not a text line (a lexicon holds '[theme] description' "
               "lines and terms)");
      goto bad;
    }
    trim(&l, &len);
    if (len == 0 || l[0] == '#') continue;
    if (l[0] == '@') {  /* '@name = {a, b, ...}', the braces maybe over several lines */
      const char *eq = (const char *)memchr(l, '=', len), *open, *close;
      if (eq == NULL || (open = (const char *)memchr(eq, '{', len - (size_t)(eq - l))) == NULL) {
        snprintf(msg, sizeof msg, "a class is '@name = {words, phrases}'");
        goto bad;
      }
      close = (const char *)memchr(open, '}', n - (size_t)(open - s));
      if (close == NULL) {
        const char *nm = l;
        size_t nmlen = (size_t)(eq - l);
        trim(&nm, &nmlen);
        snprintf(msg, sizeof msg, "missing '}' in class '%.*s'", (int)nmlen, nm);
        goto bad;
      }
      while (s + pos <= close) {  /* the lines the braces span */
        const char *q = (const char *)memchr(s + pos, '\n', n - pos);
        pos = q ? (size_t)(q - s) + 1 : n;
        line++;
      }
      if (!is_blank_after(close + 1, s + pos)) {
        snprintf(msg, sizeof msg, "text after the '}' of a class");
        goto bad;
      }
      if (paa_lexicon_add_class(lx, l + 1, (size_t)(eq - l - 1), open + 1,
                                (size_t)(close - open - 1), msg, sizeof msg) < 0)
        goto bad;
    }
    else if (l[0] == '[') {
      const char *close = (const char *)memchr(l, ']', len), *nm = l + 1, *d;
      size_t nmlen, dlen;
      if (close == NULL) {
        snprintf(msg, sizeof msg, "missing ']' in theme header");
        goto bad;
      }
      nmlen = (size_t)(close - nm);
      d = close + 1;
      dlen = len - (size_t)(d - l);
      trim(&nm, &nmlen);
      trim(&d, &dlen);
      if (lx->nthemes > 0 && lx->themes[lx->nthemes - 1].npos == 0) {
        line = themeline;
        goto noterms;
      }
      if (paa_lexicon_add_theme(lx, nm, nmlen, dlen ? d : NULL, dlen, msg, sizeof msg) < 0)
        goto bad;
      themeline = line;
    }
    else if (paa_lexicon_add_term(lx, l, len, msg, sizeof msg) < 0) goto bad;
  }
  if (lx->nthemes == 0) {
    snprintf(err, errlen, "%s: no themes", name);
    paa_lexicon_free(lx);
    return NULL;
  }
  if (lx->themes[lx->nthemes - 1].npos == 0) {
    line = themeline;
    goto noterms;
  }
  if (paa_lexicon_compile(lx, msg, sizeof msg) < 0) goto bad;
  return lx;
noterms:
  snprintf(msg, sizeof msg, "theme '%s' has no terms%s",
           STR(lx, lx->themes[lx->nthemes - 1].name),
           lx->themes[lx->nthemes - 1].nterms ? " (only exclusions)" : "");
bad:
  snprintf(err, errlen, "%s:%ld: %s", name, line, msg);
  paa_lexicon_free(lx);
  return NULL;
}

size_t paa_lexicon_nthemes(const paa_lexicon *lx) {
  return lx->nthemes;
}

size_t paa_lexicon_nterms(const paa_lexicon *lx) {
  return lx->nterms;
}

int paa_lexicon_flags(const paa_lexicon *lx) {
  return lx->flags;
}

const char *paa_lexicon_theme(const paa_lexicon *lx, size_t theme, const char **desc,
                              size_t *first, size_t *nterms) {
  const lex_theme *th = &lx->themes[theme];
  if (desc) *desc = th->desc == NOSTR ? NULL : STR(lx, th->desc);
  if (first) *first = th->first;
  if (nterms) *nterms = th->nterms;
  return STR(lx, th->name);
}

const char *paa_lexicon_term(const paa_lexicon *lx, size_t term, size_t *theme,
                             int *exclude) {
  const lex_term *t = &lx->terms[term];
  if (theme) *theme = t->theme;
  if (exclude) *exclude = t->exclude;
  return STR(lx, t->text);
}

/* }================================================================== */


/*
** {==================================================================
** Scanning
** ===================================================================
*/

paa_lexscan *paa_lexscan_new(const paa_lexicon *lx) {
  paa_lexscan *sc;
  int i;
  if (!lx->compiled) return NULL;
  sc = (paa_lexscan *)calloc(1, sizeof *sc);
  if (sc == NULL) return NULL;
  sc->lx = lx;
  sc->busy = (size_t *)malloc(lx->nthemes * sizeof *sc->busy);
  sc->reach = (size_t *)malloc(lx->nthemes * sizeof *sc->reach);
  sc->found = (uint32_t *)malloc(lx->nterms * sizeof *sc->found);
  if (sc->busy == NULL || sc->reach == NULL || sc->found == NULL) {
    paa_lexscan_free(sc);
    return NULL;
  }
  for (i = 0; i < LEX_RING; i++) {  /* room for words of up to LEX_SHORT bytes */
    if (word_room(&sc->ring[i], LEX_SHORT) < 0) {
      paa_lexscan_free(sc);
      return NULL;
    }
  }
  return sc;
}

void paa_lexscan_free(paa_lexscan *sc) {
  int i;
  if (sc == NULL) return;
  for (i = 0; i < LEX_RING; i++) {
    free(sc->ring[i].f);
    free(sc->cring[i].f);
  }
  free(sc->hits);
  free(sc->busy);
  free(sc->reach);
  free(sc->found);
  free(sc);
}

static const lex_slot *lookup(const lex_slot *tab, size_t mask, uint64_t key) {
  size_t p = slot_of(key, mask);
  while (tab[p].key != key) {
    if (tab[p].key == 0) return NULL;
    p = (p + 1) & mask;
  }
  return &tab[p];
}

/*
** Filters: whether word 'w' may start a term with a word (a bit of its
** hash is set), or with a prefix (the bit of its head is set). Nearly
** every word of a text fails both at the cost of two loads.
*/
#define MAY_EXACT   1
#define MAY_PREFIX  2

/* what 'may_start' reads of the lexicon, kept in the scan's registers */
typedef struct filters {
  const unsigned char *filter, *pfilter;
  uint64_t headmask;
  size_t headlen;
} filters;

static int may_start(const filters *f, const lex_word *w) {
  uint32_t b = head(w->x0, f->headmask);  /* no prefix terms: no bit set */
  int r = (f->filter[w->h >> 52] >> ((w->h >> 49) & 7)) & 1;
  r |= ((f->pfilter[b >> 3] >> (b & 7)) & (w->flen >= f->headlen)) << 1;
  return w->barrier ? 0 : r;  /* without branches: words come in no order */
}

/*
** Whether the words 'e[0 .. nelem)' match the words of 'ring' from 'i'
** on ('nwords' words so far)
*/
static int words_at(const lex_word *ring, const lex_elem *e, unsigned nelem, size_t i,
                    size_t nwords) {
  unsigned j;
  if (nwords - i < nelem) return 0;
  for (j = 0; j < nelem; j++, e++) {
    const lex_word *w = &ring[(i + j) & LEX_MASK];
    if (w->barrier) return 0;
    if (e->prefix) {
      if (w->flen < e->len || (w->x0 & e->mask) != e->x0 ||
          (e->len > 8 && memcmp(w->f, e->s, e->len) != 0))
        return 0;
    }
    else if (w->h != e->h || w->flen != e->len || w->x0 != e->x0 ||
             (e->len > 8 && memcmp(w->f, e->s, e->len) != 0))
      return 0;
  }
  return 1;
}

/* Whether term 't' matches the words from 'i' on ('nwords' words so far) */
static int match_at(const paa_lexscan *sc, const lex_term *t, size_t i, size_t nwords) {
  return words_at(sc->ring, &sc->lx->elems[t->elem], t->nelem, i, nwords);
}

/*
** Where the paragraph holding byte 'a' starts: after the last blank line
** in [lo, a), else 'lo'
*/
static size_t para_start(const char *s, size_t lo, size_t a) {
  size_t i;
  int nl = 0;
  for (i = a; i > lo; i--) {
    char c = s[i - 1];
    if (c == '\n') {
      if (nl) return i;
      nl = 1;
    }
    else if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v') nl = 0;
  }
  return lo;
}

/* Where the paragraph holding byte 'a' ends: at its blank line, else 'n' */
static size_t para_end(const char *s, size_t n, size_t a) {
  size_t i, nl = n;
  for (i = a; i < n; i++) {
    char c = s[i];
    if (c == '\n') {
      if (nl != n) return nl;
      nl = i;
    }
    else if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v') nl = n;
  }
  return n;
}

/* The first of the 'n' entries at 'c' (sorted by word) for word 'cw', or NULL */
static const lex_ctx *find_ctx(const lex_ctx *c, size_t n, uint32_t cw) {
  size_t x = 0, y = n;
  while (x < y) {
    size_t m = x + (y - x) / 2;
    if (c[m].cword < cw) x = m + 1;
    else y = m;
  }
  return x < n && c[x].cword == cw ? c + x : NULL;
}

/*
** The context words that start at word 'i' of the ring ('nwords' read)
** and are all there: looked up by the word as terms are, added to the
** paragraph's hits. 0, or -1 (memory).
*/
static int add_hits(paa_lexscan *sc, size_t i, size_t nwords, size_t base) {
  const paa_lexicon *lx = sc->lx;
  const lex_word *w = &sc->cring[i & LEX_MASK];
  const lex_slot *sl[2];
  int k;
  uint32_t hb;
  if (w->barrier) return 0;
  hb = head(w->x0, lx->cheadmask);
  sl[0] = (lx->cfilter[w->h >> 52] >> ((w->h >> 49) & 7)) & 1
          ? lookup(lx->cexact, lx->cexactmask, w->h) : NULL;
  sl[1] = (lx->cpfilter[hb >> 3] >> (hb & 7)) & 1
          ? lookup(lx->cpre, lx->cpremask, (w->x0 & lx->cheadmask) | TOPBIT) : NULL;
  for (k = 0; k < 2; k++) {
    uint32_t j;
    for (j = 0; sl[k] && j < sl[k]->n; j++) {
      uint32_t ci = lx->ccand[sl[k]->first + j];
      const lex_cword *c = &lx->cwords[ci];
      ctx_hit *hit;
      if (!words_at(sc->cring, &lx->elems[c->elem], c->nelem, i, nwords)) continue;
      if (GROW(sc->hits, sc->caphits, sc->nhits + 1) < 0) return -1;
      hit = &sc->hits[sc->nhits++];
      hit->start = base + w->start;
      hit->stop = base + sc->cring[(i + c->nelem - 1) & LEX_MASK].stop;
      hit->cword = ci;
    }
  }
  return 0;
}

/*
** Read the paragraph [pa, pb) once: where the words and phrases of every
** context are in it. Contexts are at most LEX_MAXWORDS words, so a word
** is looked up as soon as that many after it are in the ring.
*/
static int paragraph_hits(paa_lexscan *sc) {
  const paa_lexicon *lx = sc->lx;
  size_t nwords = 0, next = 0, win = LEX_MAXWORDS;
  int r;
  wordgen g;
  sc->nhits = 0;
  wordgen_init(&g, lx, sc->text + sc->pa, sc->pb - sc->pa, 1, lx->others);
  while ((r = next_word(&g, &sc->cring[nwords & LEX_MASK])) > 0) {
    if (++nwords - next < win) continue;
    if (add_hits(sc, next++, nwords, sc->pa) < 0) return -1;
  }
  if (r < 0) return -1;
  for (; next < nwords; next++)
    if (add_hits(sc, next, nwords, sc->pa) < 0) return -1;
  return 0;
}

/*
** The sentence [sa, sb) of the current paragraph that holds byte 'a', by
** the news rules of paa_sentence_break: from the sentence found last
** when 'a' lies after it (matches come in text order), else from the
** paragraph's start.
*/
static void sentence_of(paa_lexscan *sc, size_t a) {
  if (a < sc->sa) sc->sa = sc->sb = sc->pa;
  while (sc->sb <= a && sc->sb < sc->pb) {
    sc->sa = sc->sb;
    sc->sb = paa_sentence_break(sc->text, sc->pb, sc->sa, 1);
  }
}

/*
** Whether the match [a, b) of term 't' is in its context: a word or
** phrase of each of its 'need' lists (when it has any) in its paragraph,
** the topic, and none of its 'avoid' ones in its sentence, the sense;
** the match's own words aside, and no further than LEX_REACH bytes from
** it (a page without blank lines is one paragraph; a heading's paragraph
** runs on to the end of the next). Or -1 (memory).
** A paragraph is read once for the contexts of all its matches; it is
** cut into sentences only where a word to avoid is near a match.
*/
static int in_context(paa_lexscan *sc, const lex_term *t, size_t a, size_t b) {
  const paa_lexicon *lx = sc->lx;
  const char *s = sc->text;
  size_t n = sc->len, i, lo = a > LEX_REACH ? a - LEX_REACH : 0, hi = b + LEX_REACH;
  unsigned found = 0, all = (1u << t->ngroups) - 1;
  if (a < sc->pa || a >= sc->pb) {
    sc->pa = para_start(s, sc->pb <= a ? sc->pb : 0, a);
    sc->pb = para_end(s, n, a);
    if (sc->pb - sc->pa < LEX_HEADING) {  /* a heading: its topic is the paragraph after it */
      size_t q = sc->pb;
      while (q < n && is_space((unsigned char)s[q])) q++;
      if (q < n) sc->pb = para_end(s, n, q);
    }
    sc->sa = sc->sb = sc->pa;
    if (paragraph_hits(sc) < 0) return -1;
  }
  {  /* the first hit from 'lo' on: hits are in text order */
    size_t x = 0, y = sc->nhits;
    while (x < y) {
      size_t m = x + (y - x) / 2;
      if (sc->hits[m].start < lo) x = m + 1;
      else y = m;
    }
    i = x;
  }
  for (; i < sc->nhits && sc->hits[i].start < hi; i++) {
    const ctx_hit *hit = &sc->hits[i];
    const lex_ctx *need = lx->ctxs + t->ctx, *c;
    if (hit->stop > hi || (hit->start < b && hit->stop > a)) continue;  /* far, or the match */
    if (find_ctx(need + t->nneed, t->navoid, hit->cword) != NULL) {
      sentence_of(sc, a);  /* only now: most matches have no word to avoid near them */
      if (hit->start >= sc->sa && hit->stop <= sc->sb) return 0;
    }
    for (c = find_ctx(need, t->nneed, hit->cword); c && c < need + t->nneed &&
         c->cword == hit->cword; c++)
      found |= 1u << c->group;
  }
  return found == all;
}

/* Add the terms of slot 'sl' that match at word 'i' to 'found' */
static size_t add_found(const paa_lexscan *sc, const lex_slot *sl, size_t i,
                        size_t nwords, size_t nfound) {
  const paa_lexicon *lx = sc->lx;
  uint32_t k;
  if (sl == NULL) return nfound;
  for (k = 0; k < sl->n; k++) {
    uint32_t term = lx->cand[sl->first + k];
    if (match_at(sc, &lx->terms[term], i, nwords)) sc->found[nfound++] = term;
  }
  return nfound;
}

/*
** Order of the matches starting at one word: by theme, its exclusions
** first, then longer terms first, then in definition order (term indices
** follow the themes).
*/
static int before(const paa_lexicon *lx, uint32_t a, uint32_t b) {
  const lex_term *x = &lx->terms[a], *y = &lx->terms[b];
  if (x->theme != y->theme) return x->theme < y->theme;
  if (x->exclude != y->exclude) return x->exclude > y->exclude;
  if (x->nelem != y->nelem) return x->nelem > y->nelem;
  return a < b;
}

/*
** Everything that starts at word 'i' (the words up to 'i + maxwords'
** are in the ring, or the text ends before). Per theme: exclusions
** extend its 'reach'; a match ending within the reach lies inside an
** exclusion and is dropped; without PAA_LEX_NESTED the longest remaining
** match is counted unless it overlaps the theme's previous one.
*/
static int step(paa_lexscan *sc, size_t i, size_t nwords, int may, size_t *counts,
                paa_lex_callback cb, void *ud) {
  const paa_lexicon *lx = sc->lx;
  const lex_word *w = &sc->ring[i & LEX_MASK];
  size_t nfound = 0, a, b;
  int nested = lx->flags & PAA_LEX_NESTED;
  if (may & MAY_EXACT)
    nfound = add_found(sc, lookup(lx->exact, lx->exactmask, w->h), i, nwords, nfound);
  if (may & MAY_PREFIX)
    nfound = add_found(sc, lookup(lx->pre, lx->premask, (w->x0 & lx->headmask) | TOPBIT),
                       i, nwords, nfound);
  if (nfound == 0) return 0;
  for (a = 1; a < nfound; a++) {  /* insertion sort: a handful at most */
    uint32_t x = sc->found[a];
    for (b = a; b > 0 && before(lx, x, sc->found[b - 1]); b--) sc->found[b] = sc->found[b - 1];
    sc->found[b] = x;
  }
  for (a = 0; a < nfound; a++) {
    uint32_t term = sc->found[a];
    const lex_term *t = &lx->terms[term];
    size_t end = i + t->nelem;
    int ok;
    if (t->exclude) {
      if (t->nneed + t->navoid > 0 &&
          (ok = in_context(sc, t, w->start, sc->ring[(end - 1) & LEX_MASK].stop)) <= 0) {
        if (ok < 0) return -1;
        continue;
      }
      if (end > sc->reach[t->theme]) sc->reach[t->theme] = end;
      continue;
    }
    if (end <= sc->reach[t->theme]) continue;  /* inside an exclusion */
    if (!nested && i < sc->busy[t->theme]) continue;  /* overlaps a counted match */
    if (t->nneed + t->navoid > 0 &&
        (ok = in_context(sc, t, w->start, sc->ring[(end - 1) & LEX_MASK].stop)) <= 0) {
      if (ok < 0) return -1;
      continue;  /* not in its context: a shorter term may match here */
    }
    if (!nested) sc->busy[t->theme] = end;
    if (counts) counts[term]++;
    if (cb) {
      paa_lex_match m;
      int r;
      m.start = w->start;
      m.stop = sc->ring[(end - 1) & LEX_MASK].stop;
      m.theme = t->theme;
      m.term = term;
      if ((r = cb(ud, &m)) != 0) return r;
    }
  }
  return 0;
}

/*
** Settle word 'next' of the ring: every word a term starting there
** could need is in it.
*/
static inline int settle(paa_lexscan *sc, const filters *f, size_t next, size_t nwords,
                         size_t *counts, paa_lex_callback cb, void *ud) {
  int may = may_start(f, &sc->ring[next & LEX_MASK]);
  return may ? step(sc, next, nwords, may, counts, cb, ud) : 0;
}

/*
** One pass: words enter the ring as the tokenizer gives them; the word
** 'maxwords - 1' places back is settled as soon as they are all in.
** Plain ASCII words, which are most, take a loop of their own that keeps
** the word generator's state in locals.
*/
static int scan(paa_lexscan *sc, const char *s, size_t n, size_t *counts,
                paa_lex_callback cb, void *ud) {
  const paa_lexicon *lx = sc->lx;
  const unsigned char *u = (const unsigned char *)s;
  size_t nwords = 0, next = 0, win = lx->maxwords;
  int more = 1, r;
  wordgen g;
  filters f;
  f.filter = lx->filter;
  f.pfilter = lx->pfilter;
  f.headmask = lx->headmask;
  f.headlen = lx->headlen;
  memset(sc->busy, 0, lx->nthemes * sizeof *sc->busy);
  memset(sc->reach, 0, lx->nthemes * sizeof *sc->reach);
  sc->text = s;
  sc->len = n;
  sc->pa = sc->pb = sc->sa = sc->sb = 0;
  wordgen_init(&g, lx, s, n, win > 1, lx->others);
  for (;;) {
    if (more && lx->asciifold && g.pos >= g.tok.stop && !g.pending) {
      /*
      ** White space, then a plain ASCII word or number ('ascii_token'
      ** says which tokens are, so they are those of 'paa_token_next'),
      ** or ASCII punctuation when no term holds any (a barrier, or
      ** nothing). Anything else goes to 'next_word' below.
      */
      size_t i = g.t.pos, last = g.last, ntokens = g.ntokens;
      int lastbar = g.lastbar, stop = 0;
      while (!stop) {
        lex_word *w = &sc->ring[nwords & LEX_MASK];
        size_t e;
        uint64_t x;
        int flags;
        while (i < n && ASCII_GAP(u[i])) i++;
        if (i >= n || u[i] >= 0x80) break;
        if (!ASCII_ALNUM(u[i])) {  /* punctuation or a symbol: one token */
          if (g.others) break;
          last = ++i;  /* 'g.tok' is not read again */
          if (!g.barriers || lastbar) continue;
          lastbar = 1;  /* a blank line before it changes nothing */
          barrier(w, i - 1);
        }
        else {
          if ((e = ascii_token(s, n, i, &flags, &x)) == 0) break;
          ntokens++;
          if (i - last >= 2 && g.barriers && !lastbar && paa_blank_between(s, last, i)) {
            set_token(&g, i, e, flags);  /* the general code takes it next */
            g.pending = 1;
            lastbar = 1;
            barrier(w, i);
            i = e;
            stop = 1;
          }
          else {
            last = e;
            lastbar = 0;
            if ((r = fold_plain(w, s, n, i, e, x, flags)) < 0) return -1;
            if (r > 0) {  /* a compound: the general code splits it */
              set_token(&g, i, e, flags);
              g.pos = i;
              i = e;
              break;
            }
            i = e;
          }
        }
        if (++nwords - next < win) continue;
        if ((r = settle(sc, &f, next, nwords, counts, cb, ud)) != 0) return r;
        next++;
      }
      g.t.pos = i;
      g.last = last;
      g.lastbar = lastbar;
      g.ntokens = ntokens;
    }
    if (more) {  /* one word by the general code */
      if ((r = next_word(&g, &sc->ring[nwords & LEX_MASK])) < 0) return -1;
      if (r > 0 && ++nwords - next < win) continue;
      more = r;
    }
    if (next == nwords) {
      sc->words = g.ntokens;  /* the whole text was read */
      return 0;
    }
    if ((r = settle(sc, &f, next, nwords, counts, cb, ud)) != 0) return r;
    next++;
  }
}

int paa_lexscan_count(paa_lexscan *sc, const char *s, size_t n, size_t *counts) {
  return scan(sc, s, n, counts, NULL, NULL);
}

size_t paa_lexscan_words(const paa_lexscan *sc) {
  return sc->words;
}

int paa_lexscan_matches(paa_lexscan *sc, const char *s, size_t n,
                        paa_lex_callback cb, void *ud) {
  return scan(sc, s, n, NULL, cb, ud);
}

/* }================================================================== */
