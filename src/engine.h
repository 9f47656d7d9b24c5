/*
** engine.h
** Internal helpers shared by the C engines (never included by bindings
** for anything but what the public header lacks). No Lua here.
*/

#ifndef PAA_ENGINE_H
#define PAA_ENGINE_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "paa.h"

/*
** Every engine allocates through memory.c, which counts what the
** engines hold for a host's memory cap. (stdlib.h is included first, so
** its declarations are not renamed. A block some other library
** allocated is freed with '(free)(p)'.)
*/
#define malloc(n)      paa_malloc(n)
#define calloc(n, s)   paa_calloc(n, s)
#define realloc(p, n)  paa_realloc(p, n)
#define free(p)        paa_free(p)

/*
** A growable byte buffer. The bytes are always followed by a NUL so they
** can be used as a C string; 'n' does not count it.
*/
typedef struct pbuf {
  char *p;               /* bytes, or NULL before the first append */
  size_t n;              /* bytes in use */
  size_t cap;            /* bytes allocated */
} pbuf;

int pbuf_reserve(pbuf *b, size_t extra);
int pbuf_add(pbuf *b, const char *s, size_t n);
int pbuf_addc(pbuf *b, int c);
int pbuf_addcp(pbuf *b, uint32_t cp);   /* append a code point as UTF-8 */
void pbuf_free(pbuf *b);
#define pbuf_reset(b)  ((b)->n = 0, (b)->p ? ((b)->p[0] = '\0') : 0)

/* Decode one UTF-8 sequence at 's' (< 'e'); returns its length, 0 if invalid. */
size_t utf8_decode(const unsigned char *s, const unsigned char *e, uint32_t *cp);

/* Append 's' read as Windows-1252 (WHATWG mapping) to 'out' as UTF-8. */
int cp1252_to_utf8(pbuf *out, const char *s, size_t n);

/* Append UTF-16 ('big' endian or little) to 'out' as UTF-8; bad units become U+FFFD. */
int utf16_to_utf8(pbuf *out, const char *s, size_t n, int big);

/*
** Turn CRLF and lone CR into LF in place; returns the new length.
*/
size_t newlines_to_lf(char *s, size_t n);

/*
** HTML to text with paragraph breaks; 'meta' receives NUL-separated
** key, value pairs from the head (title, source, date, url, ...).
*/
int html_to_text(pbuf *out, const char *s, size_t n, pbuf *meta);
/* Does 's' (a JSONL text field) hold HTML tags rather than prose with a '<'? */
int looks_like_html(const char *s, size_t n);

/*
** Top-level string fields of the JSON object 's' as NUL-separated key,
** value pairs; 0 and a message in 'err' when 's' is not one object.
*/
int json_object_fields(const char *s, size_t n, pbuf *fields,
                       char *err, size_t errlen);

/*
** Hashes of the folded word and number tokens of a text, one at a time
** (hash.c): what fingerprints, shingles and boilerplate lines are made of.
*/
#include "paa.h"

typedef struct tokhash {
  paa_tokenizer t;       /* over the text (not owned) */
  pbuf fold;             /* scratch for folding non-ASCII or long tokens */
} tokhash;

void tokhash_init(tokhash *th, const char *s, size_t n);
/* 1 with the token's hash in '*h' and span in '*tok', 0 at the end, -1 on no memory */
int tokhash_next(tokhash *th, uint64_t *h, paa_token *tok);
void tokhash_free(tokhash *th);

/*
** Sort 64-bit values ascending; 'tmp' has room for 'n' of them (NULL
** will do for 32 or fewer).
*/
void sort_u64(uint64_t *a, uint64_t *tmp, size_t n);

/* The fingerprint of tokens so far, extended by one token hash. */
uint64_t fingerprint_step(uint64_t fp, uint64_t h);

/*
** {======================================================
** Eight bytes at a time
** =======================================================
** The tokenizer's fast paths (tokenize.c) and the lexicon's folding
** (lexicon.c) read eight bytes of a text as one number, byte k in bits
** 8k..8k+7, and test all eight at once: a class mask has the high bit
** of each byte that is in the class. The tests are exact for bytes
** below 0x80 ('x & SWAR_HIGHS' marks the others, which every caller
** leaves to the full rules).
*/

#define SWAR_ONES   UINT64_C(0x0101010101010101)
#define SWAR_HIGHS  UINT64_C(0x8080808080808080)

/* bytes of 'y' (all below 0x80) that are >= 'c' */
#define SWAR_GE(y, c)  (((y) + (uint64_t)(0x80 - (c)) * SWAR_ONES) & SWAR_HIGHS)

/* The eight bytes at 's[i]', zeros past 'n' */
static inline uint64_t swar_load(const char *s, size_t n, size_t i) {
  uint64_t x = 0;
  if (n - i >= 8) {
    memcpy(&x, s + i, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    x = __builtin_bswap64(x);
#endif
  }
  else {  /* the end of the text */
    size_t k;
    for (k = n - i; k > 0; k--) x = x << 8 | (unsigned char)s[i + k - 1];
  }
  return x;
}

/* Store 'x' as eight bytes at 'p' */
static inline void swar_store(char *p, uint64_t x) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  x = __builtin_bswap64(x);
#endif
  memcpy(p, &x, 8);
}

/* bytes of 'y' (all below 0x80) equal to 'c' */
static inline uint64_t swar_eq(uint64_t y, unsigned c) {
  return ~((y ^ (c * SWAR_ONES)) + 0x7F * SWAR_ONES) & SWAR_HIGHS;
}

/* ASCII letters of 'x' */
static inline uint64_t swar_letters(uint64_t x) {
  uint64_t lc = (x & ~SWAR_HIGHS) | 0x20 * SWAR_ONES;
  return SWAR_GE(lc, 'a') & ~SWAR_GE(lc, 'z' + 1) & ~x;
}

/* ASCII digits of 'x' */
static inline uint64_t swar_digits(uint64_t x) {
  uint64_t y = x & ~SWAR_HIGHS;
  return SWAR_GE(y, '0') & ~SWAR_GE(y, '9' + 1) & ~x;
}

/* 'x' with ASCII capitals in lower case */
static inline uint64_t swar_lower(uint64_t x) {
  uint64_t y = x & ~SWAR_HIGHS;
  return x | ((SWAR_GE(y, 'A') & ~SWAR_GE(y, 'Z' + 1) & ~x) >> 2);
}

/* How many bytes of a class mask are set */
static inline unsigned swar_count(uint64_t m) {
  return (unsigned)((((m >> 7) * SWAR_ONES)) >> 56);
}

/* Index of the first byte set in a class mask (not 0) */
static inline unsigned swar_first(uint64_t m) {
  return (unsigned)__builtin_ctzll(m) >> 3;
}

/* The bytes below byte 'k' (0..8) */
#define SWAR_BELOW(k)  ((k) >= 8 ? ~UINT64_C(0) : (UINT64_C(1) << (8 * (k))) - 1)

/* }====================================================== */

/*
** {======================================================
** Plain ASCII tokens
** =======================================================
*/

#define ASCII_LETTER(c)  ((unsigned)(((c) | 0x20) - 'a') < 26)
#define ASCII_DIGIT(c)   ((unsigned)((c) - '0') < 10)
#define ASCII_ALNUM(c)   (ASCII_LETTER(c) || ASCII_DIGIT(c))

/* what may follow a run of ASCII letters and digits in 'ascii_token' */
#define T_END     0      /* ends the token: white space, most punctuation */
#define T_MID     1      /* may join the run to the next: ':', '.', '\'', ',', ';' */
#define T_HYPHEN  2      /* may join a compound: '-' */
#define T_SLOW    3      /* left to the full rules */

static inline int ascii_follow(unsigned c) {
  switch (c) {
    case ':': case '.': case '\'': case ',': case ';': return T_MID;
    case '-': return T_HYPHEN;
    case '_':            /* joins (WB13a) */
    case '%':            /* ends a number */
    case '@': case '+':  /* e-mail addresses */
    case '$':            /* "US$" */
      return T_SLOW;
    default:
      return c < 0x80 ? T_END : T_SLOW;
  }
}

/* Whether ASCII [a, b) is single letters joined by periods: "U.S", "e.g" */
static inline int ascii_initialism(const unsigned char *s, size_t a, size_t b) {
  size_t i;
  if (b - a < 3 || (b - a) % 2 == 0) return 0;
  for (i = a; i < b; i += 2)
    if (!ASCII_LETTER(s[i]) || (i + 1 < b && s[i + 1] != '.')) return 0;
  return 1;
}

/* what 'ascii_token' tells of a token */
#define ATOK_LETTER  1   /* it has a letter (a word, not a number) */
#define ATOK_JOINED  2   /* a joiner or hyphen is inside */

/*
** The word or number token that starts at 's[i]' (an ASCII letter or
** digit where 'paa_token_next' looks for a token) when it is plain
** ASCII, without the full rules of tokenize.c: runs of letters and
** digits, read eight bytes at a time, joined as UAX #29 joins them in
** ASCII (':' between letters, '.' and '\'' between letters or digits,
** ',' and ';' between digits) and by hyphens into compounds as the
** tokenizer joins them ('-' before a letter, or before a digit once the
** token has a letter), up to a byte that ends it. Returns the token's
** end, ATOK_* in '*flags' and its first eight bytes (zeros past 'n')
** in '*head'; or 0 when it may be anything else (a URL, an e-mail
** address, "US$", a number with '%', a word with '_' or with letters
** beyond ASCII, "10-20"): then only the full rules tell. Between the
** first hyphen or period and the end only letters, digits and joiners
** pass, so the tokenizer's look for an e-mail's '@' from there cannot
** find one. Shared by 'paa_token_next' and the lexicon's scan, so both
** give the same tokens.
*/
static inline size_t ascii_token(const char *str, size_t n, size_t i, int *flags,
                                 uint64_t *head) {
  const unsigned char *s = (const unsigned char *)str;
  size_t j = i;
  uint64_t x = swar_load(str, n, i), lets = 0;
  unsigned pair = (unsigned)(x & 0xFFFF) | 0x2020;
  int joined = 0;
  if ((pair == ('h' | 't' << 8)) | (pair == ('h' | 'w' << 8)) |
      (pair == ('w' | 't' << 8)) | (pair == ('w' | 'w' << 8)))
    return 0;  /* perhaps "http://" or "www." */
  *head = x;
  for (;;) {
    unsigned c, after, prev;
    int f;
    for (;;) {  /* the letters and digits from 'j' ('x' holds the bytes there) */
      uint64_t l = swar_letters(x), stop = ~(l | swar_digits(x)) & SWAR_HIGHS;
      if (stop) {
        lets |= l & (stop - 1);  /* the bytes before the first stop */
        j += swar_first(stop);
        break;
      }
      lets |= l;
      j += 8;
      x = swar_load(str, n, j);
    }
    if (j >= n || (f = ascii_follow(c = s[j])) == T_END) break;
    if (f == T_SLOW) return 0;
    after = j + 1 < n ? s[j + 1] : ' ';
    if (after >= 0x80) return 0;  /* may join a letter beyond ASCII */
    prev = s[j - 1];
    if (f == T_MID) {
      if ((ASCII_LETTER(prev) && ASCII_LETTER(after) && c != ',' && c != ';') ||
          (ASCII_DIGIT(prev) && ASCII_DIGIT(after) && c != ':')) {
        joined = ATOK_JOINED;  /* the run goes on after it */
        x = swar_load(str, n, ++j);
        continue;
      }
    }
    else if (ASCII_ALNUM(after)) {  /* '-' before a letter or digit */
      if (lets == 0 && !ASCII_LETTER(after)) return 0;  /* "10-20": by the letters after */
      joined = ATOK_JOINED;
      x = swar_load(str, n, ++j);
      continue;
    }
    if ((c == '.' || c == '-') &&
        (ASCII_ALNUM(after) || after == '.' || after == '_' || after == '%' ||
         after == '+' || after == '-' || after == '@'))
      return 0;  /* perhaps an e-mail address */
    break;
  }
  *flags = (lets != 0) | joined;
  if (joined && lets && j < n && s[j] == '.' && ascii_initialism(s, i, j))
    j++;  /* "U.S." */
  return j;
}

/* }====================================================== */

/*
** Little-endian fixed-width integers, for the byte formats that cross
** machines (a boilerplate model's dump, a sketch): 'put' writes and
** returns the end, 'get' reads.
*/
static inline unsigned char *put32(unsigned char *p, uint32_t v) {
  int i;
  for (i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
  return p + 4;
}

static inline unsigned char *put64(unsigned char *p, uint64_t v) {
  int i;
  for (i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
  return p + 8;
}

static inline uint32_t get32at(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t get64at(const unsigned char *p) {
  uint64_t v = 0;
  int i;
  for (i = 7; i >= 0; i--) v = v << 8 | p[i];
  return v;
}

/*
** {======================================================
** Shard queues (shardq.c): the items of producer threads, each walking
** a shard of a corpus, taken by one consumer in walk order
** =======================================================
*/

typedef struct shq shq;

/* what a shard queue needs to know of its items (opaque to it) */
typedef struct shq_items {
  int (*kind)(const void *item);       /* PAA_WALK_DOC, _SKIP, _END or _ERRMEM */
  size_t (*index)(const void *item);   /* its place in the walk (doc.index) */
  size_t (*bytes)(const void *item);   /* text it holds (NULL: no byte limit) */
  void (*release)(void *item);
  void *(*errmem)(void);               /* a new item of kind ERRMEM, or NULL */
  size_t batch;                        /* items a batch, at most */
  size_t batch_bytes;                  /* text a batch, at most (0: no limit) */
} shq_items;

/* Queues for 'n' producers (NULL: out of memory); 'cls' is copied */
shq *shq_new(size_t n, const shq_items *cls);

/* Producer 'k' hands over 'item' (NULL: out of memory); 0: it must stop */
int shq_put(shq *q, size_t k, void *item);

/* The consumer's next item in walk order (see shardq.c); NULL at the end */
void *shq_next(shq *q, int *stopped);

/* The consumer gives up: producers waiting for room end */
void shq_stop(shq *q);

/* Free what is still queued, once the producers are joined */
void shq_free(shq *q);

/* Copy the walk's document 'd' into 'to', its strings in one block (returned; NULL: memory) */
char *shq_doc_copy(paa_doc *to, const paa_doc *d);

/* The head a walk's item in a shard queue starts with */
typedef struct shq_doc {
  int kind;              /* PAA_WALK_DOC, PAA_WALK_SKIP, PAA_WALK_END or PAA_WALK_ERRMEM */
  paa_doc doc;           /* DOC, SKIP: the document, its strings in 'buf' */
  char *buf;             /* owned: the strings of 'doc' (shq_doc_copy) */
} shq_doc;

/*
** A new item of 'size' bytes, zeroed, whose first member is a shq_doc of
** kind 'kind' holding a copy of 'd' (NULL: none); NULL when out of memory
*/
void *shq_doc_new(size_t size, int kind, const paa_doc *d);
int shq_doc_kind(const void *item);        /* for shq_items: the head's kind */
size_t shq_doc_index(const void *item);    /* and its doc.index */

/* Add the walk stats 'd' (of a shard, or since its last item) to 'to' */
void shq_stats_add(paa_walk_stats *to, const paa_walk_stats *d);

/* }====================================================== */

#endif
