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

#endif
