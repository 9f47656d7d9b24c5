/*
** tokenize.c
** Analysis tokens built on UAX #29 word segments: words (hyphenated
** compounds and inner apostrophes kept whole), numbers (with decimals,
** thousands separators and a trailing '%'), currency signs ("US$"),
** URLs, e-mail addresses, punctuation and symbols. White space is not a
** token. No Lua here.
*/

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "paa.h"
#include "engine.h"


void paa_tokenizer_init(paa_tokenizer *t, const char *s, size_t n) {
  t->s = s;
  t->n = n;
  t->pos = 0;
}

const char *paa_token_kind_name(int kind) {
  static const char *const names[] = {
    "?", "word", "number", "currency", "url", "email", "punct", "symbol"
  };
  return (kind >= 1 && kind <= 7) ? names[kind] : "?";
}

/* Code point at 's[i]' (U+FFFD for an invalid byte) and its length */
static uint32_t cp_at(const char *s, size_t n, size_t i, size_t *len) {
  uint32_t cp;
  if ((unsigned char)s[i] < 0x80) { *len = 1; return (unsigned char)s[i]; }
  *len = utf8_decode((const unsigned char *)s + i, (const unsigned char *)s + n, &cp);
  if (*len == 0) { *len = 1; return 0xFFFD; }
  return cp;
}

/* broad classes of a code point for tokens */
enum { K_SPACE, K_LETTER, K_DIGIT, K_CURRENCY, K_PUNCT, K_SYMBOL };

/* classes of ASCII characters, as Unicode's general categories give them */
static const unsigned char ascii_kind[128] = {
#define S K_SPACE
#define L K_LETTER
#define D K_DIGIT
#define P K_PUNCT
#define Y K_SYMBOL
  S,S,S,S,S,S,S,S, S,S,S,S,S,S,S,S, S,S,S,S,S,S,S,S, S,S,S,S,S,S,S,S,
  S,P,P,P,K_CURRENCY,P,P,P, P,P,P,Y,P,P,P,P, D,D,D,D,D,D,D,D, D,D,P,P,Y,Y,Y,P,
  P,L,L,L,L,L,L,L, L,L,L,L,L,L,L,L, L,L,L,L,L,L,L,L, L,L,L,P,P,P,Y,P,
  Y,L,L,L,L,L,L,L, L,L,L,L,L,L,L,L, L,L,L,L,L,L,L,L, L,L,L,P,Y,P,Y,S
#undef S
#undef L
#undef D
#undef P
#undef Y
};

static int class_of(uint32_t cp) {
  if (cp < 0x80) return ascii_kind[cp];
  switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
      return K_LETTER;
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return K_DIGIT;
    case UTF8PROC_CATEGORY_SC:
      return K_CURRENCY;
    case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SK:
    case UTF8PROC_CATEGORY_SO:
      return K_SYMBOL;
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS: case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
      return K_PUNCT;
    default:  /* separators, controls, format characters, unassigned */
      return K_SPACE;
  }
}

/* Whether the segment [a, b) holds a letter */
static int has_letter(const char *s, size_t n, size_t a, size_t b) {
  while (a < b) {
    size_t len;
    uint32_t cp = cp_at(s, n, a, &len);
    if (class_of(cp) == K_LETTER) return 1;
    a += len;
  }
  return 0;
}

/* a hyphen that may join a compound: '-', U+2010 hyphen, U+2011 non-breaking */
static size_t hyphen_at(const char *s, size_t n, size_t i) {
  if (i < n && s[i] == '-') return 1;
  if (i + 3 <= n && memcmp(s + i, "\xE2\x80", 2) == 0 &&
      ((unsigned char)s[i + 2] == 0x90 || (unsigned char)s[i + 2] == 0x91))
    return 3;
  return 0;
}

static int ci_prefix(const char *s, size_t n, size_t i, const char *p) {
  size_t k = strlen(p);
  return n - i >= k && strncasecmp(s + i, p, k) == 0;
}

/* The end of a URL starting at 'i': up to white space, less trailing punctuation */
static size_t url_end(const char *s, size_t n, size_t i) {
  size_t e = i, opens = 0, closes = 0;
  while (e < n && !isspace((unsigned char)s[e]) && s[e] != '<' && s[e] != '>' &&
         s[e] != '"' && (unsigned char)s[e] >= 0x20) {
    if (s[e] == '(') opens++;
    if (s[e] == ')') closes++;
    e++;
  }
  while (e > i && (strchr(".,;:!?'*", s[e - 1]) || (s[e - 1] == ')' && closes > opens) ||
                   s[e - 1] == ']')) {
    if (s[e - 1] == ')') closes--;
    e--;
  }
  return e;
}

#define is_local(c)  (isalnum(c) || (c) == '.' || (c) == '_' || (c) == '%' || \
                      (c) == '+' || (c) == '-')

/*
** Whether the segment ending at 'end' may be the start of an e-mail
** address: an '@' follows, at once or after more address characters.
*/
static int may_be_email(const char *s, size_t n, size_t end) {
  size_t j, lim = end + 64 < n ? end + 64 : n;
  if (s[end] == '@') return 1;
  if (s[end] != '.' && s[end] != '_' && s[end] != '+' && s[end] != '-' && s[end] != '%')
    return 0;
  for (j = end; j < lim && is_local((unsigned char)s[j]); j++) {}
  return j < lim && s[j] == '@';
}

/* The end of an e-mail address starting at 'i', or 0 when there is none */
static size_t email_end(const char *s, size_t n, size_t i) {
  size_t e = i, at, dot = 0;
  while (e < n && is_local((unsigned char)s[e])) e++;
  if (e == i || e >= n || s[e] != '@') return 0;
  at = ++e;
  while (e < n && (isalnum((unsigned char)s[e]) || s[e] == '-' || s[e] == '.')) e++;
  while (e > at && (s[e - 1] == '.' || s[e - 1] == '-')) e--;  /* "desk@example.com." ends a sentence */
  for (dot = e; dot > at && s[dot - 1] != '.'; dot--) {}       /* just past the domain's last '.' */
  if (dot == at || dot - 1 == at) return 0;                     /* none, or "@.com" */
  return e;
}

/* Whether [a, b) is single letters joined by periods: "U.S", "e.g" */
static int initialism(const char *s, size_t a, size_t b) {
  size_t i;
  if (b - a < 3) return 0;
  for (i = a; i < b; i += 2) {
    if (!isalpha((unsigned char)s[i])) return 0;
    if (i + 1 < b && s[i + 1] != '.') return 0;
  }
  return (b - a) % 2 == 1;
}

/*
** {==================================================================
** ASCII fast path
** ===================================================================
** Most news text is ASCII, where the UAX #29 word rules reduce to a few
** cases: letters, digits and '_' join (WB5, WB8-WB10, WB13a-b); ':'
** joins letters, '.' and '\'' join letters or digits (WB6-7, WB11-12),
** ',' and ';' join digits. The scan gives up (and the full rules run)
** as soon as it meets a byte above 0x7F, so both give the same result.
*/

/* bits of ASCII bytes: 1 word character (letter, digit, '_'), 2 letter,
** 4 digit, 8 not ASCII */
static const unsigned char abits[256] = {
  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,5,5,5,5,5,5,5,5,5,5,0,0,0,0,0,0,
  0,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,0,0,0,0,1,
  0,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,0,0,0,0,0,
  8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,
  8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,
  8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,
  8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8
};

#define A_WORD   1
#define A_LETTER 2
#define A_DIGIT  4
#define A_HIGH   8

/*
** The word segment starting at 's[i]' (a letter, digit or '_') when it
** is plain ASCII: its end in '*end' and whether it has a letter. Returns
** 0 when a non-ASCII byte takes part, leaving the case to the full rules.
*/
static int ascii_segment(const char *str, size_t n, size_t i, size_t *end,
                         int *letters) {
  const unsigned char *s = (const unsigned char *)str;
  unsigned acc = abits[s[i]], b;
  size_t j = i + 1;
  for (;;) {
    unsigned c, after, prev;
    while (j < n && ((b = abits[s[j]]) & A_WORD)) {  /* the hot loop */
      acc |= b;
      j++;
    }
    if (j >= n) break;
    c = s[j];
    if (abits[c] & A_HIGH) return 0;
    if (c != ':' && c != '.' && c != '\'' && c != ',' && c != ';') break;
    after = j + 1 < n ? abits[s[j + 1]] : 0;
    if (after & A_HIGH) return 0;
    prev = abits[s[j - 1]];
    if (((prev & A_LETTER) && (after & A_LETTER) && c != ',' && c != ';') ||
        ((prev & A_DIGIT) && (after & A_DIGIT) && c != ':')) {
      acc |= after;
      j += 2;
      continue;
    }
    break;
  }
  *end = j;
  *letters = (acc & A_LETTER) != 0;
  return 1;
}

/* The word segment at 'i', by the fast path when it can */
static size_t segment_at(const char *s, size_t n, size_t i, int *letters) {
  size_t end;
  if ((unsigned char)s[i] < 0x80 && ascii_segment(s, n, i, &end, letters))
    return end;
  end = paa_word_break(s, n, i);
  *letters = has_letter(s, n, i, end);
  return end;
}

/* }================================================================== */


/*
** One token from 't->pos' by the full rules. The word segment at the
** position decides the kind; then compounds, percentages and prefixed
** dollar signs are joined.
*/
int paa_token_next_full(paa_tokenizer *t, paa_token *tok) {
  const char *s = t->s;
  size_t n = t->n;
  while (t->pos < n) {
    size_t i = t->pos, len, end, e;
    uint32_t cp = cp_at(s, n, i, &len);
    int k = class_of(cp);
    if (k == K_SPACE) {  /* skip white space and invisible characters */
      t->pos += len;
      continue;
    }
    if (((cp | 0x20) == 'h' && i + 4 < n && (s[i + 1] | 0x20) == 't' &&
         (ci_prefix(s, n, i, "http://") || ci_prefix(s, n, i, "https://"))) ||
        ((cp | 0x20) == 'w' && i + 4 < n && (s[i + 1] | 0x20) == 'w' &&
         ci_prefix(s, n, i, "www."))) {
      tok->start = i;
      tok->stop = t->pos = url_end(s, n, i);
      tok->kind = PAA_TOK_URL;
      return 1;
    }
    if (k == K_LETTER || k == K_DIGIT) {
      int letters;
      size_t h;
      end = segment_at(s, n, i, &letters);
      if (end < n && may_be_email(s, n, end) && (e = email_end(s, n, i)) > end) {
        tok->start = i;
        tok->stop = t->pos = e;
        tok->kind = PAA_TOK_EMAIL;
        return 1;
      }
      if (end < n && s[end] == '$' && end - i <= 3 && letters) {  /* US$, HK$, A$ */
        size_t j;
        for (j = i; j < end && isupper((unsigned char)s[j]); j++) {}
        if (j == end) {
          tok->start = i;
          tok->stop = t->pos = end + 1;
          tok->kind = PAA_TOK_CURRENCY;
          return 1;
        }
      }
      /* compounds: word-word, word-number, number-word ("GPT-5", "for-profit") */
      while ((h = hyphen_at(s, n, end)) > 0 && end + h < n) {
        size_t l2, e2;
        int k2 = class_of(cp_at(s, n, end + h, &l2)), l2letters;
        if (k2 != K_LETTER && k2 != K_DIGIT) break;
        e2 = segment_at(s, n, end + h, &l2letters);
        if (!letters && !l2letters) break;  /* "10-20" stays two numbers */
        letters = 1;
        end = e2;
      }
      if (!letters && end < n && s[end] == '%') end++;  /* "8.1%" */
      if (letters && end < n && s[end] == '.' && initialism(s, i, end))
        end++;  /* "U.S.", "e.g." keep their final period */
      tok->start = i;
      tok->stop = t->pos = end;
      tok->kind = letters ? PAA_TOK_WORD : PAA_TOK_NUMBER;
      return 1;
    }
    tok->start = i;
    tok->stop = t->pos = i + len;  /* one character: sign, punctuation, symbol */
    tok->kind = k == K_CURRENCY ? PAA_TOK_CURRENCY :
                k == K_PUNCT ? PAA_TOK_PUNCT : PAA_TOK_SYMBOL;
    return 1;
  }
  return 0;
}

/*
** One token from 't->pos': white space, ASCII punctuation and plain
** ASCII words and numbers ('ascii_token') here, anything else by the
** full rules.
*/
int paa_token_next(paa_tokenizer *t, paa_token *tok) {
  const char *s = t->s;
  size_t n = t->n;
  while (t->pos < n) {
    size_t i = t->pos, end;
    unsigned c = (unsigned char)s[i];
    uint64_t head;
    int k, flags;
    if (c >= 0x80) break;
    k = ascii_kind[c];
    if (k == K_SPACE) {
      t->pos++;
      continue;
    }
    if (k != K_LETTER && k != K_DIGIT) {  /* one character: sign, punctuation, symbol */
      tok->start = i;
      tok->stop = t->pos = i + 1;
      tok->kind = k == K_CURRENCY ? PAA_TOK_CURRENCY :
                  k == K_PUNCT ? PAA_TOK_PUNCT : PAA_TOK_SYMBOL;
      return 1;
    }
    if ((end = ascii_token(s, n, i, &flags, &head)) == 0) break;
    tok->start = i;
    tok->stop = t->pos = end;
    tok->kind = (flags & ATOK_LETTER) ? PAA_TOK_WORD : PAA_TOK_NUMBER;
    return 1;
  }
  return paa_token_next_full(t, tok);
}

/*
** Word tokens alone (for counting and hashing): the one-character
** tokens of plain ASCII (white space, punctuation, symbols, signs) are
** stepped over, and a word or number is read by 'ascii_token', as
** 'paa_token_next' reads it; every other token goes through
** 'paa_token_next' from its start, so the tokens are the same.
*/
int paa_word_next(paa_tokenizer *t, paa_token *tok) {
  const char *s = t->s;
  const unsigned char *u = (const unsigned char *)s;
  size_t n = t->n, i = t->pos;
  while (i < n) {
    unsigned c = u[i];
    if (c < 0x80) {
      int k = ascii_kind[c], flags;
      size_t end;
      uint64_t head;
      if (k != K_LETTER && k != K_DIGIT) {
        i++;
        continue;
      }
      if ((end = ascii_token(s, n, i, &flags, &head)) != 0) {
        tok->start = i;
        tok->stop = t->pos = end;
        tok->kind = (flags & ATOK_LETTER) ? PAA_TOK_WORD : PAA_TOK_NUMBER;
        return 1;
      }
    }
    t->pos = i;  /* the full rules, for one token */
    if (!paa_token_next(t, tok)) return 0;
    if (tok->kind == PAA_TOK_WORD || tok->kind == PAA_TOK_NUMBER) return 1;
    i = tok->stop;
  }
  t->pos = n;
  return 0;
}

/*
** {==================================================================
** Counting eight bytes at a time
** ===================================================================
** In plain ASCII the word and number tokens of 'paa_token_next' are
** easy to count in bulk: one starts at each letter or digit that
** follows neither another one nor a joiner that joins the two (':'
** between letters; '.' and '\'' between letters or between digits; ','
** and ';' between digits; '-' between a letter and a letter or digit).
** 'paa_count_tokens' counts those starts eight bytes at a time, with
** the masks of the eight bytes before for what lies across. What the
** masks cannot settle makes the eight bytes "unusual": a byte above
** 0x7F, '_' (joins), '@' (e-mail), '$' ("US$"), a '-' between digits
** (joined only when a letter is somewhere in the compound) and "ht" or
** "ww" at the start of a token (perhaps a URL). Then the count goes
** back to the last place the tokenizer surely passes, just after a
** byte 0x00-0x20 (no token holds one, and none looks past one to
** decide), and 'paa_token_next' reads the tokens from there to past
** the eight bytes. So the count is always the full rules' count.
*/

/* the masks of the eight bytes before, for what lies across */
typedef struct cmasks {
  uint64_t l, d;         /* letters, digits */
  uint64_t joinl;        /* joiners that join a letter after them */
  uint64_t joind;        /* joiners that join a digit after them */
  uint64_t hyphd;        /* '-' after a digit */
  uint64_t url;          /* 'h' or 'w' starting a token */
} cmasks;

/* mask 'm' moved one byte on: each byte gets the bit of the byte before */
#define PREV(m, before)  (((m) << 8) | ((before) >> 56))

/*
** The tokens from 'pos' on, until the tokenizer has passed 'to', by the
** full rules: their count goes to '*count'; returns where the tokenizer
** stopped.
*/
static size_t count_full(const char *s, size_t n, size_t pos, size_t to, size_t *count) {
  paa_tokenizer t;
  paa_token tok;
  paa_tokenizer_init(&t, s, n);
  t.pos = pos;
  while (t.pos < to && paa_token_next(&t, &tok))
    if (tok.kind == PAA_TOK_WORD || tok.kind == PAA_TOK_NUMBER) (*count)++;
  return t.pos;
}

size_t paa_count_tokens(const char *s, size_t n) {
  size_t count = 0, p = 0;
  size_t cut = 0, atcut = 0;  /* a place the tokenizer passes, and the count before it */
  cmasks b = { 0, 0, 0, 0, 0, 0 };
  while (p < n) {
    uint64_t x = swar_load(s, n, p), y = x & ~SWAR_HIGHS, lc = y | 0x20 * SWAR_ONES;
    uint64_t l = swar_letters(x), d = swar_digits(x), a = l | d;
    uint64_t l1 = PREV(l, b.l), d1 = PREV(d, b.d), a1 = l1 | d1;
    uint64_t dot = swar_eq(y, '.') | swar_eq(y, '\''), hy = swar_eq(y, '-');
    uint64_t joinl = ((dot | swar_eq(y, ':')) & l1) | (hy & a1);
    uint64_t joind = ((dot | swar_eq(y, ',') | swar_eq(y, ';')) & d1) | (hy & l1);
    uint64_t hyphd = hy & d1;
    uint64_t starts = a & ~a1 & ~((PREV(joinl, b.joinl) & l) | (PREV(joind, b.joind) & d));
    uint64_t url = starts & (swar_eq(lc, 'h') | swar_eq(lc, 'w'));
    uint64_t odd = (x & SWAR_HIGHS) | swar_eq(y, '_') | swar_eq(y, '@') | swar_eq(y, '$') |
                   (PREV(hyphd, b.hyphd) & d) |
                   (PREV(url, b.url) & (swar_eq(lc, 't') | swar_eq(lc, 'w')));
    uint64_t sp;
    if (odd) {  /* the full rules, from the last cut to past these bytes */
      count = atcut;
      p = cut = count_full(s, n, cut, p + 8, &count);
      atcut = count;
      memset(&b, 0, sizeof b);  /* 'p' is where a token may start */
      continue;
    }
    count += swar_count(starts);
    sp = ~SWAR_GE(y, 0x21) & SWAR_HIGHS;  /* bytes 0x00-0x20 */
    if (sp) {  /* cut after the last of them */
      unsigned k = (unsigned)(63 - __builtin_clzll(sp)) / 8 + 1;
      cut = p + k;
      atcut = count - swar_count(starts & ~SWAR_BELOW(k));
    }
    b.l = l;
    b.d = d;
    b.joinl = joinl;
    b.joind = joind;
    b.hyphd = hyphd;
    b.url = url;
    p += 8;
  }
  return count;
}

/* }================================================================== */

/*
** Quotes and apostrophes become ASCII, hyphens and dashes '-', letters
** their simple lower case; invalid bytes are copied as they are.
*/
size_t paa_fold(const char *s, size_t n, char *out) {
  size_t i = 0, o = 0;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    uint32_t cp;
    size_t len;
    if (c < 0x80) {  /* plain ASCII: eight bytes at a time while they last */
      uint64_t x;
      if (n - i >= 8 && !((x = swar_load(s, n, i)) & SWAR_HIGHS)) {
        swar_store(out + o, swar_lower(x));
        i += 8;
        o += 8;
        continue;
      }
      out[o++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
      i++;
      continue;
    }
    len = utf8_decode((const unsigned char *)s + i, (const unsigned char *)s + n, &cp);
    if (len == 0) { out[o++] = (char)c; i++; continue; }
    i += len;
    if (cp == 0x2018 || cp == 0x2019 || cp == 0x201B || cp == 0x2032) cp = '\'';
    else if (cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0x2033) cp = '"';
    else if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0xFE58 ||
             cp == 0xFE63 || cp == 0xFF0D) cp = '-';
    else cp = (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
    o += (size_t)utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)out + o);
  }
  return o;
}

/*
** A blank line between two tokens ends a paragraph: phrases, n-grams
** and runs of words stop there. Only the gap's line breaks matter.
*/
int paa_blank_between(const char *s, size_t a, size_t b) {
  const char *p = b - a >= 2 ? memchr(s + a, '\n', b - a) : NULL;
  int nl = 0;
  if (p == NULL) return 0;
  for (a = (size_t)(p - s); a < b; a++) {
    char c = s[a];
    if (c == '\n') {
      if (nl) return 1;
      nl = 1;
    }
    else if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v') nl = 0;
  }
  return 0;
}

/*
** A term drops a possessive "'s" (the apostrophe is ASCII by now) when
** something is left before it: "openai's" counts as "openai", "'s" alone
** stays.
*/
size_t paa_fold_term(const char *s, size_t n, char *out) {
  size_t len = paa_fold(s, n, out);
  if (len > 2 && out[len - 1] == 's' && out[len - 2] == '\'') len -= 2;
  return len;
}

/*
** {======================================================
** Amount candidates
** =======================================================
*/

static int ascii_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int ascii_alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static int ascii_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/* is there "[bmtkBMT][nlrNLR]?[nN]?" at 's[j]' ("m", "bn", "mln"), ending
** before a non-letter? */
static int scale_letter_at(const unsigned char *s, size_t n, size_t j) {
  if (j >= n || s[j] == '\0' || !strchr("bmtkBMT", s[j])) return 0;
  j++;
  if (j >= n || !ascii_alpha(s[j])) return 1;
  if (!strchr("nlrNLR", s[j])) return 0;           /* "bn", "mln", "MLN", "trn" */
  j++;
  if (j >= n || !ascii_alpha(s[j])) return 1;
  if (s[j] != 'n' && s[j] != 'N') return 0;
  j++;
  return j >= n || !ascii_alpha(s[j]);
}

size_t paa_amount_hint(const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  size_t run = 0;                        /* digits just read */
  for (size_t i = 0; i < n; i++) {
    unsigned char c = s[i];
    if (ascii_digit(c)) {
      run++;
      if (run == 7) return i - 6;                          /* "1000000" */
      if (run >= 3 && i + 4 < n && s[i + 1] == ',' && ascii_digit(s[i + 2]) &&
          ascii_digit(s[i + 3]) && ascii_digit(s[i + 4]))
        return i + 1 - 3;                                  /* "100,000" */
      if (scale_letter_at(s, n, i + 1) ||                  /* "4bn", "3m" */
          (i + 1 < n && ascii_space(s[i + 1]) && scale_letter_at(s, n, i + 2)))
        return i + 1 - run;
      continue;
    }
    run = 0;
    if ((c == 'i' && i + 6 <= n && memcmp(s + i, "illion", 6) == 0) ||
        (c == 'I' && i + 6 <= n && memcmp(s + i, "ILLION", 6) == 0) ||   /* headlines */
        (c == 'l' && i + 4 <= n && memcmp(s + i, "lakh", 4) == 0) ||
        (c == 'c' && i + 5 <= n && memcmp(s + i, "crore", 5) == 0))
      return i;
  }
  return n;
}

/* }====================================================== */
