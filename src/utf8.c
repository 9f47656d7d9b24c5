/*
** utf8.c
** UTF-8 checking and conversion, normalisation and a date normaliser:
** the small text helpers the other engines need. No Lua here.
*/

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "paa.h"
#include "engine.h"


const char *paa_version(void) {
  return PAA_VERSION;
}


/*
** {==================================================================
** Byte buffers
** ===================================================================
*/

int pbuf_reserve(pbuf *b, size_t extra) {
  size_t need = b->n + extra + 1;  /* +1: the trailing NUL */
  if (need > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    char *p;
    while (cap < need) cap *= 2;
    p = (char *)realloc(b->p, cap);
    if (p == NULL) return 0;
    b->p = p;
    b->cap = cap;
  }
  return 1;
}

int pbuf_add(pbuf *b, const char *s, size_t n) {
  if (!pbuf_reserve(b, n)) return 0;
  if (n > 0) memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = '\0';
  return 1;
}

int pbuf_addc(pbuf *b, int c) {
  char ch = (char)c;
  return pbuf_add(b, &ch, 1);
}

int pbuf_addcp(pbuf *b, uint32_t cp) {
  char u[4];
  size_t n;
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) { u[0] = (char)cp; n = 1; }
  else if (cp < 0x800) {
    u[0] = (char)(0xC0 | (cp >> 6));
    u[1] = (char)(0x80 | (cp & 0x3F)); n = 2;
  }
  else if (cp < 0x10000) {
    u[0] = (char)(0xE0 | (cp >> 12));
    u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
  }
  else {
    u[0] = (char)(0xF0 | (cp >> 18));
    u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
  }
  return pbuf_add(b, u, n);
}

void pbuf_free(pbuf *b) {
  free(b->p);
  b->p = NULL;
  b->n = b->cap = 0;
}

/* }================================================================== */


/*
** {==================================================================
** UTF-8, UTF-16 and Windows-1252
** ===================================================================
*/

size_t utf8_decode(const unsigned char *s, const unsigned char *e,
                   uint32_t *cp) {
  unsigned c = s[0];
  uint32_t r;
  size_t n, i;
  if (c < 0x80) { *cp = c; return 1; }
  else if (c >= 0xC2 && c <= 0xDF) { n = 2; r = c & 0x1F; }
  else if (c >= 0xE0 && c <= 0xEF) { n = 3; r = c & 0x0F; }
  else if (c >= 0xF0 && c <= 0xF4) { n = 4; r = c & 0x07; }
  else return 0;  /* continuation byte, overlong lead or above U+10FFFF */
  if ((size_t)(e - s) < n) return 0;
  for (i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    r = (r << 6) | (s[i] & 0x3F);
  }
  if ((n == 3 && r < 0x800) || (n == 4 && r < 0x10000) || r > 0x10FFFF ||
      (r >= 0xD800 && r <= 0xDFFF))
    return 0;  /* overlong, out of range or surrogate */
  *cp = r;
  return n;
}

/*
** Checks eight bytes at a time while they are ASCII, which is most of
** English news text, and decodes sequences only around other bytes.
*/
size_t paa_utf8_check(const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  const unsigned char *e = s + n;
  const unsigned char *p = s;
  while (p < e) {
    uint32_t cp;
    size_t k;
    while ((size_t)(e - p) >= 8) {
      uint64_t w;
      memcpy(&w, p, 8);
      if (w & 0x8080808080808080ull) break;
      p += 8;
    }
    if (p >= e) break;
    if (*p < 0x80) { p++; continue; }
    k = utf8_decode(p, e, &cp);
    if (k == 0) return (size_t)(p - s);
    p += k;
  }
  return n;
}

/* Windows-1252 bytes 0x80..0x9F; the five undefined ones map to C1 controls */
static const unsigned short cp1252_high[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178
};

int cp1252_to_utf8(pbuf *out, const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i;
  if (!pbuf_reserve(out, n + n / 2)) return 0;
  for (i = 0; i < n; i++) {
    unsigned c = s[i];
    uint32_t cp = (c >= 0x80 && c < 0xA0) ? cp1252_high[c - 0x80] : c;
    if (!pbuf_addcp(out, cp)) return 0;
  }
  return 1;
}

int utf16_to_utf8(pbuf *out, const char *str, size_t n, int big) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i;
  for (i = 0; i + 1 < n; i += 2) {
    uint32_t u = big ? (uint32_t)(s[i] << 8 | s[i + 1])
                     : (uint32_t)(s[i + 1] << 8 | s[i]);
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n) {  /* high surrogate */
      uint32_t l = big ? (uint32_t)(s[i + 2] << 8 | s[i + 3])
                       : (uint32_t)(s[i + 3] << 8 | s[i + 2]);
      if (l >= 0xDC00 && l <= 0xDFFF) {
        u = 0x10000 + ((u - 0xD800) << 10) + (l - 0xDC00);
        i += 2;
      }
    }
    if (u == 0) u = 0xFFFD;  /* text never holds NUL bytes */
    if (!pbuf_addcp(out, u)) return 0;  /* lone surrogates become U+FFFD */
  }
  return 1;
}

size_t newlines_to_lf(char *s, size_t n) {
  char *cr = (char *)memchr(s, '\r', n);
  size_t i, j;
  if (cr == NULL) return n;  /* the common case: nothing to do */
  for (i = j = (size_t)(cr - s); i < n; i++) {
    if (s[i] == '\r') {
      s[j++] = '\n';
      if (i + 1 < n && s[i + 1] == '\n') i++;
    }
    else s[j++] = s[i];
  }
  return j;
}

/* }================================================================== */


/*
** {==================================================================
** Dates
** ===================================================================
*/

static const char *const month_names[12] = {
  "january", "february", "march", "april", "may", "june", "july",
  "august", "september", "october", "november", "december"
};

/* Month number (1..12) of a name or abbreviation ("Jun", "Sept", "June") */
static int month_of(const char *s, size_t n) {
  int m;
  char w[12];
  size_t i;
  if (n < 3 || n >= sizeof w) return 0;
  for (i = 0; i < n; i++) w[i] = (char)tolower((unsigned char)s[i]);
  w[n] = '\0';
  if (strcmp(w, "sept") == 0) return 9;
  for (m = 0; m < 12; m++) {
    size_t ln = strlen(month_names[m]);
    if (n <= ln && strncmp(w, month_names[m], n) == 0 && (n == ln || n == 3))
      return m + 1;
  }
  return 0;
}

static int days_in(int y, int m) {
  static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return d[m - 1];
}

/* Read 'min'..'max' digits; returns the value or -1 */
static int digits(const char **ps, int min, int max) {
  const char *s = *ps;
  int v = 0, k = 0;
  while (k < max && isdigit((unsigned char)s[k])) v = v * 10 + (s[k++] - '0');
  if (k < min || isdigit((unsigned char)s[k])) return -1;
  *ps = s + k;
  return v;
}

/* Read a word of letters; returns its length */
static size_t word(const char *s) {
  size_t n = 0;
  while (isalpha((unsigned char)s[n])) n++;
  return n;
}

/* Skip an ordinal suffix: 1st, 2nd, 3rd, 16th */
static const char *skip_ordinal(const char *s) {
  if ((s[0] == 's' && s[1] == 't') || (s[0] == 'n' && s[1] == 'd') ||
      (s[0] == 'r' && s[1] == 'd') || (s[0] == 't' && s[1] == 'h'))
    return s + 2;
  return s;
}

static const char *skip_sep(const char *s) {
  while (*s == ' ' || *s == '\t' || *s == ',' || *s == '.') s++;
  return s;
}

static int emit(char out[11], int y, int m, int d) {
  if (y < 1000 || y > 2999) return 0;
  if (m == 0) { snprintf(out, 11, "%04d", y % 10000); return 1; }
  if (m < 1 || m > 12) return 0;
  if (d == 0) { snprintf(out, 11, "%04d-%02d", y % 10000, m % 100); return 1; }
  if (d < 1 || d > days_in(y, m)) return 0;
  snprintf(out, 11, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
  return 1;
}

/* 'n' decimal digits at 's', or -1 */
static int fixed_digits(const char *s, int n) {
  int v = 0, i;
  for (i = 0; i < n; i++) {
    if (!isdigit((unsigned char)s[i])) return -1;
    v = 10 * v + (s[i] - '0');
  }
  return v;
}

int paa_date_period(const char *s, char lo[11], char hi[11]) {
  size_t n = strlen(s);
  int y, m = 0, d = 0;
  lo[0] = hi[0] = '\0';
  if (n != 4 && n != 7 && n != 10) return 0;
  if ((y = fixed_digits(s, 4)) < 1 || (n > 4 && (s[4] != '-' || (m = fixed_digits(s + 5, 2)) < 1 || m > 12)) ||
      (n > 7 && (s[7] != '-' || (d = fixed_digits(s + 8, 2)) < 1 || d > days_in(y, m))))
    return 0;
  {
    unsigned yy = (unsigned)y % 10000u, mlo = m ? (unsigned)m : 1u, mhi = m ? (unsigned)m : 12u;
    unsigned dlo = d ? (unsigned)d : 1u, dhi = d ? (unsigned)d : (unsigned)days_in(y, (int)mhi);
    snprintf(lo, 11, "%04u-%02u-%02u", yy, mlo % 100u, dlo % 100u);
    snprintf(hi, 11, "%04u-%02u-%02u", yy, mhi % 100u, dhi % 100u);
  }
  return 1;
}

/*
** Tries the ISO form, then "Month D, YYYY", "D Month YYYY" and
** "Month YYYY", after an optional weekday ("Mon, 16 Jun 2025").
** Whatever follows a complete date (a time, a zone) is ignored.
*/
int paa_date_iso(const char *s, char out[11]) {
  const char *p;
  int y, m = 0, d = 0;
  size_t n;
  out[0] = '\0';
  while (isspace((unsigned char)*s)) s++;
  p = s;
  if ((y = digits(&p, 4, 4)) >= 0) {  /* ISO: YYYY[-MM[-DD]] */
    if (*p == '-' || *p == '/' || *p == '.') {
      char sep = *p++;
      if ((m = digits(&p, 1, 2)) < 0) return 0;
      if (*p == sep) {
        p++;
        if ((d = digits(&p, 1, 2)) < 0) return 0;
      }
    }
    if (*p != '\0' && *p != 'T' && *p != ' ' && *p != 't') return 0;
    return emit(out, y, m, d);
  }
  n = word(p);
  if (n >= 3 && month_of(p, n) == 0) {  /* a weekday, perhaps */
    p = skip_sep(p + n);
    n = word(p);
  }
  if (n > 0) {  /* Month D, YYYY  or  Month YYYY */
    if ((m = month_of(p, n)) == 0) return 0;
    p = skip_sep(p + n);
    if ((d = digits(&p, 1, 2)) >= 0) {
      p = skip_sep(skip_ordinal(p));
      if ((y = digits(&p, 4, 4)) < 0) return 0;
    }
    else if ((y = digits(&p, 4, 4)) < 0) return 0;
    else d = 0;
    return emit(out, y, m, d < 0 ? 0 : d);
  }
  if ((d = digits(&p, 1, 2)) >= 0) {  /* D Month YYYY */
    p = skip_sep(skip_ordinal(p));
    n = word(p);
    if ((m = month_of(p, n)) == 0) return 0;
    p = skip_sep(p + n);
    if ((y = digits(&p, 4, 4)) < 0) return 0;
    return emit(out, y, m, d);
  }
  return 0;
}

/* }================================================================== */


/*
** {==================================================================
** Normalisation
** ===================================================================
*/

/*
** utf8proc refuses invalid UTF-8, so bad bytes are made U+FFFD first;
** then NFC (and case folding); then the folds analysts expect, which
** Unicode normalisation leaves alone.
*/
char *paa_normalize(const char *str, size_t n, int casefold, size_t *len) {
  const unsigned char *s = (const unsigned char *)str, *e = s + n;
  pbuf clean = {NULL, 0, 0}, out = {NULL, 0, 0};
  utf8proc_uint8_t *nfc = NULL;
  utf8proc_ssize_t m, i;
  int opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE | (casefold ? UTF8PROC_CASEFOLD : 0);
  if (!pbuf_reserve(&clean, n)) return NULL;
  while (s < e) {
    size_t bad = paa_utf8_check((const char *)s, (size_t)(e - s));
    if (!pbuf_add(&clean, (const char *)s, bad)) goto nomem;
    s += bad;
    if (s < e) {
      if (!pbuf_addcp(&clean, 0xFFFD)) goto nomem;
      s++;
    }
  }
  m = utf8proc_map((const utf8proc_uint8_t *)clean.p, (utf8proc_ssize_t)clean.n, &nfc,
                   (utf8proc_option_t)opts);
  if (m < 0) goto nomem;  /* the input is valid: only memory can fail */
  if (!pbuf_reserve(&out, (size_t)m)) goto nomem;
  for (i = 0; i < m; ) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(nfc + i, m - i, &cp);
    i += k;
    if (cp == 0x2018 || cp == 0x2019 || cp == 0x201B || cp == 0x2032) cp = '\'';
    else if (cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0x2033) cp = '"';
    else if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212) cp = '-';
    else if (cp == 0x200B || cp == 0x2060 || cp == 0xFEFF || cp == 0x00AD) continue;
    else if (cp != ' ' && utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS) cp = ' ';
    if (!pbuf_addcp(&out, (uint32_t)cp)) goto nomem;
  }
  (free)(nfc);  /* utf8proc's block, from the C library's malloc */
  pbuf_free(&clean);
  if (!pbuf_reserve(&out, 0)) goto nomem;
  *len = out.n;
  return out.p;  /* ownership passes to the caller */
nomem:
  (free)(nfc);
  pbuf_free(&clean);
  pbuf_free(&out);
  return NULL;
}

/* }================================================================== */
