/*
** segment.c
** Word and sentence boundaries by Unicode UAX #29 (Unicode 15), with
** property tables generated from Unicode's data files by
** tools/gen_unicode.lua. Both scanners walk forward from a boundary,
** keeping just the properties the rules look back at, and look ahead
** past ignorable characters where a rule needs the next letter.
** Sentence boundaries also come refined for news prose. No Lua here.
*/

#include <ctype.h>
#include <string.h>

#include "paa.h"
#include "engine.h"
#include "unicode_props.h"

#define WB_NONE  31   /* no character (before the start) */
#define SB_NONE  15


/*
** {==================================================================
** Properties
** ===================================================================
*/

/* Packed properties of a code point: wb | sb << 5 | extpict << 9 */
static unsigned uprops(uint32_t cp) {
  size_t lo = 0, hi = UPROPS_NASTRAL;
  if (cp < 0x10000) return uprops_bmp[cp];
  while (lo < hi) {  /* binary search of the ranges above the BMP */
    size_t mid = (lo + hi) / 2;
    if (cp < uprops_astral[mid][0]) hi = mid;
    else if (cp > uprops_astral[mid][1]) lo = mid + 1;
    else return uprops_astral[mid][2];
  }
  return 0;
}

/*
** Properties of the character at 's[i]' and its length in '*len'. An
** invalid byte is one character with no properties.
*/
static unsigned props_at(const char *s, size_t n, size_t i, size_t *len) {
  const unsigned char *p = (const unsigned char *)s + i;
  uint32_t cp;
  if (*p < 0x80) { *len = 1; return uprops_bmp[*p]; }
  *len = utf8_decode(p, (const unsigned char *)s + n, &cp);
  if (*len == 0) { *len = 1; return 0; }
  return uprops(cp);
}

#define WB(p)  ((p) & 31)
#define SBP(p) (((p) >> 5) & 15)
#define EP(p)  (((p) >> 9) & 1)

/* }================================================================== */


/*
** {==================================================================
** Words
** ===================================================================
*/

#define AHLetter(w)   ((w) == WB_ALetter || (w) == WB_Hebrew_Letter)
#define MidNumLetQ(w) ((w) == WB_MidNumLet || (w) == WB_Single_Quote)
#define Ignorable(w)  ((w) == WB_Extend || (w) == WB_Format || (w) == WB_ZWJ)
#define NewlineAny(w) ((w) == WB_Newline || (w) == WB_CR || (w) == WB_LF)

/* Word_Break of the first character at or after 'i' that is not ignorable (WB4) */
static unsigned wb_ahead(const char *s, size_t n, size_t i) {
  while (i < n) {
    size_t len;
    unsigned w = WB(props_at(s, n, i, &len));
    if (!Ignorable(w)) return w;
    i += len;
  }
  return WB_NONE;
}

size_t paa_word_break(const char *s, size_t n, size_t pos) {
  size_t i, len;
  unsigned raw, p1, p2 = WB_NONE, ri;
  if (pos >= n) return n;
  raw = props_at(s, n, pos, &len);
  p1 = WB(raw);                 /* last character that is not ignorable */
  ri = (p1 == WB_Regional_Indicator);  /* regional indicators in a row */
  for (i = pos + len; i < n; i += len) {
    unsigned next = props_at(s, n, i, &len);
    unsigned prev = WB(raw), w = WB(next);
    int brk;
    if (prev == WB_CR && w == WB_LF) brk = 0;                    /* WB3 */
    else if (NewlineAny(prev) || NewlineAny(w)) brk = 1;         /* WB3a, WB3b */
    else if (prev == WB_ZWJ && EP(next)) brk = 0;                /* WB3c */
    else if (prev == WB_WSegSpace && w == WB_WSegSpace) brk = 0; /* WB3d */
    else if (Ignorable(w)) brk = 0;                              /* WB4 */
    else if (AHLetter(p1) && AHLetter(w)) brk = 0;               /* WB5 */
    else if (AHLetter(p1) && (w == WB_MidLetter || MidNumLetQ(w)) &&
             AHLetter(wb_ahead(s, n, i + len))) brk = 0;         /* WB6 */
    else if (AHLetter(p2) && (p1 == WB_MidLetter || MidNumLetQ(p1)) &&
             AHLetter(w)) brk = 0;                               /* WB7 */
    else if (p1 == WB_Hebrew_Letter && w == WB_Single_Quote) brk = 0;  /* WB7a */
    else if (p1 == WB_Hebrew_Letter && w == WB_Double_Quote &&
             wb_ahead(s, n, i + len) == WB_Hebrew_Letter) brk = 0;     /* WB7b */
    else if (p2 == WB_Hebrew_Letter && p1 == WB_Double_Quote &&
             w == WB_Hebrew_Letter) brk = 0;                     /* WB7c */
    else if (p1 == WB_Numeric && w == WB_Numeric) brk = 0;       /* WB8 */
    else if (AHLetter(p1) && w == WB_Numeric) brk = 0;           /* WB9 */
    else if (p1 == WB_Numeric && AHLetter(w)) brk = 0;           /* WB10 */
    else if (p2 == WB_Numeric && (p1 == WB_MidNum || MidNumLetQ(p1)) &&
             w == WB_Numeric) brk = 0;                           /* WB11 */
    else if (p1 == WB_Numeric && (w == WB_MidNum || MidNumLetQ(w)) &&
             wb_ahead(s, n, i + len) == WB_Numeric) brk = 0;     /* WB12 */
    else if (p1 == WB_Katakana && w == WB_Katakana) brk = 0;     /* WB13 */
    else if ((AHLetter(p1) || p1 == WB_Numeric || p1 == WB_Katakana ||
              p1 == WB_ExtendNumLet) && w == WB_ExtendNumLet) brk = 0;  /* WB13a */
    else if (p1 == WB_ExtendNumLet && (AHLetter(w) || w == WB_Numeric ||
                                       w == WB_Katakana)) brk = 0;      /* WB13b */
    else if (p1 == WB_Regional_Indicator && w == WB_Regional_Indicator &&
             (ri & 1)) brk = 0;                                  /* WB15, WB16 */
    else brk = 1;                                                /* WB999 */
    if (brk) return i;
    if (!Ignorable(w)) {
      ri = (w == WB_Regional_Indicator) ? ri + 1 : 0;
      p2 = p1;
      p1 = w;
    }
    raw = next;
  }
  return n;
}

/* }================================================================== */


/*
** {==================================================================
** Sentences
** ===================================================================
*/

#define ParaSep(b)  ((b) == SB_Sep || (b) == SB_CR || (b) == SB_LF)
#define SATerm(b)   ((b) == SB_STerm || (b) == SB_ATerm)

/*
** Sentence_Break properties as the news rules see them: a single line
** break inside a paragraph is a space, a blank line separates, and a
** line that is a list item or heading is set off by separators. The
** plain UAX #29 rules ('news' 0) take the properties as they are.
*/
typedef struct sbctx {
  const char *s;
  size_t n;
  int news;
} sbctx;

static size_t line_start(const char *s, size_t i) {
  while (i > 0 && s[i - 1] != '\n') i--;
  return i;
}

/* Whether the line starting at 'i' is a list item or a Markdown heading */
static int is_item_or_heading(const char *s, size_t n, size_t i) {
  while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
  if (i >= n) return 0;
  if (s[i] == '#') return 1;
  if ((s[i] == '-' || s[i] == '*' || s[i] == '+') && i + 1 < n && s[i + 1] == ' ')
    return 1;
  if (n - i >= 4 && memcmp(s + i, "\xE2\x80\xA2", 3) == 0) return 1;  /* bullet */
  if (isdigit((unsigned char)s[i])) {
    while (i < n && isdigit((unsigned char)s[i])) i++;
    return i + 1 < n && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ';
  }
  return 0;
}

/* Whether the line starting at 'i' holds only white space */
static int is_blank_line(const char *s, size_t n, size_t i) {
  while (i < n && s[i] != '\n') {
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return 0;
    i++;
  }
  return 1;
}

static unsigned sb_at(const sbctx *c, size_t i, size_t *len) {
  unsigned p = SBP(props_at(c->s, c->n, i, len));
  if (c->news && p == SB_LF) {
    /* a line break that neither ends a blank line nor starts one, and
    ** that borders no list item or heading, is only a space */
    size_t next = i + 1;
    if (next < c->n && !is_blank_line(c->s, c->n, next) &&
        !is_blank_line(c->s, c->n, line_start(c->s, i)) &&
        !is_item_or_heading(c->s, c->n, next) &&
        !is_item_or_heading(c->s, c->n, line_start(c->s, i)))
      return SB_Sp;
  }
  return p;
}

/* abbreviations after which a period does not end a sentence */
static const char *const abbrevs[] = {
  "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "gov", "sen",
  "rep", "rev", "hon", "pres", "capt", "col", "lt", "sgt", "inc", "corp", "ltd",
  "co", "bros", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
  "oct", "nov", "dec", "no", "vs", "etc", "approx", "est", "dept", "univ",
  "fig", "vol", "al", NULL
};

/*
** Whether the period ending at 's[i]' (exclusive) closes an abbreviation:
** a word from the list, a single letter ("A. Smith") or letters separated
** by periods ("U.S.", "e.g.").
*/
static int is_abbrev(const char *s, size_t i) {
  size_t end = i - 1, start = end;  /* s[end] is the '.' */
  char w[8];
  size_t k;
  int j;
  while (start > 0 && (isalpha((unsigned char)s[start - 1]) || s[start - 1] == '.'))
    start--;
  if (start == end) return 0;
  if (start > 0 && (unsigned char)s[start - 1] >= 0x80) return 0;  /* part of a longer word */
  if (memchr(s + start, '.', end - start)) return 1;  /* U.S. */
  if (end - start == 1 && isupper((unsigned char)s[start])) return 1;  /* A. */
  if (end - start >= sizeof w) return 0;
  for (k = 0; k < end - start; k++) w[k] = (char)tolower((unsigned char)s[start + k]);
  w[k] = '\0';
  for (j = 0; abbrevs[j]; j++)
    if (strcmp(w, abbrevs[j]) == 0) return 1;
  return 0;
}

/*
** SB8 looks ahead: after ATerm Close* Sp*, skip characters that are not
** OLetter, Upper, Lower, ParaSep or SATerm; no break if a Lower comes.
** '*stop' gets the place of the deciding character: asked again from
** anywhere before it, the answer is the same, so "1.1.1.1..." stays
** linear.
*/
static int sb8_lower_ahead(const sbctx *c, size_t i, size_t *stop) {
  while (i < c->n) {
    size_t len;
    unsigned b = sb_at(c, i, &len);
    *stop = i;
    if (b == SB_Lower) return 1;
    if (b == SB_OLetter || b == SB_Upper || ParaSep(b) || SATerm(b)) return 0;
    i += len;
  }
  *stop = c->n;
  return 0;
}

static size_t sentence_break(const sbctx *c, size_t pos) {
  size_t i, len, term_end = 0;
  size_t ahead_from = 1, ahead_stop = 0;  /* the last SB8 look-ahead: none yet */
  int ahead = 0;                          /* and its answer */
  unsigned raw, p1;
  int phase = 0;      /* after SATerm: 1, in Close*: 2, in Sp*: 3; else 0 */
  int aterm = 0;      /* the SATerm was an ATerm */
  unsigned pre = SB_NONE;  /* the character before the ATerm (SB7) */
  if (pos >= c->n) return c->n;
  raw = sb_at(c, pos, &len);
  p1 = raw;
  if (SATerm(p1)) { phase = 1; aterm = (p1 == SB_ATerm); term_end = pos + len; }
  for (i = pos + len; i < c->n; i += len) {
    unsigned b = sb_at(c, i, &len);
    int brk;
    if (raw == SB_CR && b == SB_LF) brk = 0;                     /* SB3 */
    else if (ParaSep(raw)) brk = 1;                              /* SB4 */
    else if (b == SB_Extend || b == SB_Format) brk = 0;          /* SB5 */
    else if (phase == 1 && aterm && b == SB_Numeric) brk = 0;    /* SB6 */
    else if (phase == 1 && aterm && (pre == SB_Upper || pre == SB_Lower) &&
             b == SB_Upper) brk = 0;                             /* SB7 */
    else if (phase && aterm && (ahead_from <= i && i <= ahead_stop ? ahead :
             (ahead_from = i, ahead = sb8_lower_ahead(c, i, &ahead_stop))))
      brk = 0;                                                   /* SB8 */
    else if (phase && (b == SB_SContinue || SATerm(b))) brk = 0; /* SB8a */
    else if (phase && phase <= 2 && (b == SB_Close || b == SB_Sp || ParaSep(b)))
      brk = 0;                                                   /* SB9 */
    else if (phase && (b == SB_Sp || ParaSep(b))) brk = 0;       /* SB10 */
    else if (phase) brk = 1;                                     /* SB11 */
    else brk = 0;                                                /* SB998 */
    if (brk && c->news && phase && aterm && is_abbrev(c->s, term_end) &&
        !ParaSep(raw))
      brk = 0;  /* "U.S. officials", "Mr. Altman", "A. Smith" */
    if (brk) return i;
    if (b != SB_Extend && b != SB_Format) {
      if (SATerm(b)) {
        phase = 1;
        aterm = (b == SB_ATerm);
        pre = p1;
        term_end = i + len;
      }
      else if (phase && b == SB_Close && phase <= 2) phase = 2;
      else if (phase && b == SB_Sp) phase = 3;
      else if (!ParaSep(b)) phase = 0;
      p1 = b;
    }
    raw = b;
  }
  return c->n;
}

size_t paa_sentence_break(const char *s, size_t n, size_t pos, int news) {
  sbctx c;
  c.s = s;
  c.n = n;
  c.news = news;
  return sentence_break(&c, pos);
}

/* }================================================================== */


/*
** {==================================================================
** Paragraphs
** ===================================================================
*/

static size_t line_end(const char *s, size_t n, size_t i) {
  const char *nl = (const char *)memchr(s + i, '\n', n - i);
  return nl ? (size_t)(nl - s) : n;
}

int paa_paragraph_next(const char *s, size_t n, size_t *pos, size_t *start,
                       size_t *stop) {
  size_t i = *pos, e;
  while (i < n && is_blank_line(s, n, i)) {  /* skip blank lines */
    e = line_end(s, n, i);
    i = e < n ? e + 1 : n;
  }
  if (i >= n) { *pos = n; return 0; }
  *start = i;
  e = line_end(s, n, i);
  if (!is_item_or_heading(s, n, i)) {  /* gather lines up to a blank line or an item */
    while (e < n) {
      size_t next = e + 1;
      if (next >= n || is_blank_line(s, n, next) || is_item_or_heading(s, n, next))
        break;
      e = line_end(s, n, next);
    }
  }
  *stop = e;
  while (*stop > *start && isspace((unsigned char)s[*stop - 1])) (*stop)--;
  while (*start < *stop && isspace((unsigned char)s[*start])) (*start)++;  /* indentation */
  *pos = e < n ? e + 1 : n;
  return 1;
}

/* }================================================================== */
