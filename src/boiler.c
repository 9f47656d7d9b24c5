/*
** boiler.c
** Boilerplate lines: the promo blocks, logo lists, ads, footers and site
** furniture that web pages wrap around article prose. The unit is a
** line (a maximal run of bytes without LF); a line is known by its
** fingerprint, the hash of its folded word and number tokens
** (paa_fingerprint), so re-spaced, re-cased or re-punctuated copies are
** the same line. Rules 1-4 look at one document alone (and the known
** phrases), so they judge any text; rules 5-7 use what a corpus taught,
** tables of line fingerprints (per source, or over all sources) made
** by 'paa_boiler_finish'.
**
** Memory grows with the distinct lines learnt, never with the text: a
** line seen once (most of them) costs one 16-byte slot; only lines seen
** again, and short ones, get an entry, a record per document and a copy
** of their text; each document learnt keeps a small MinHash signature so
** that near copies of an article do not pass for a site's template.
** Finishing keeps just the boilerplate and frees the rest; a finished
** model is dumped to bytes and loaded again whole, so that the workers
** of a report clean their shards with one model. No Lua here.
*/

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "paa.h"
#include "engine.h"


#define NOSRC       UINT32_MAX       /* no source: KNOWN and SHORT blocks */
#define FULL        0x80000000u      /* line slot 'b': 'a' is an entry index */
#define SHORTBIT    0x80000000u      /* lentry 'bytes': seen as a short line */
#define MAXLEN      0x7FFFFFFFu      /* byte lengths of lines saturate here */
#define MAXCOUNT    (UINT32_MAX - 1) /* documents, entries, blocks, lines of a document */
#define MAXPHRASE   65535            /* tokens of a known phrase (a byte each in 'plen') */
#define OPENSALT    UINT64_C(0x6A09E667F3BCC909) /* keys openings apart from lines */
#define ANY_SOURCE  1u               /* 'anyfp': a SOURCE line of some source */
#define ANY_SHORT   2u               /* 'anyfp': a SHORT line */
#define ANY_CORPUS  4u               /* 'anyfp': a CORPUS line */
#define ANY_ALL     (ANY_SOURCE | ANY_SHORT | ANY_CORPUS)
#define NOEND       SIZE_MAX         /* 'sentence_end': none */

#define NSIG        32               /* bins of a document's signature (a power of 2) */
#define SIGBITS     5                /* log2(NSIG) */
#define SHINGLE     5                /* tokens a shingle, for the signature */
#define SIGEMPTY    0xFFFF           /* a bin no shingle fell into */

/* defaults of the options */
#define DEF_MIN_DOCS        2
#define DEF_MIN_REPEATS     2
#define DEF_SHORT_WORDS     4
#define DEF_LIST_LINES      3
#define DEF_TEMPLATE_WORDS  6
#define DEF_COPY_SHARE      0.5
#define DEF_MIN_SHARE       0.01
#define DEF_MIN_CORPUS_DOCS 5


/*
** {==================================================================
** Hash tables
** ===================================================================
** Open addressing with linear probing over 64-bit keys that are hashes
** already (fingerprints, or fingerprints mixed with a source and a tag),
** so their low bits index the table as they are. Key 0 marks an empty
** slot; a key that happens to be 0 is taken as 1.
*/

typedef struct bslot {
  uint64_t key;          /* 0: empty */
  uint32_t a, b;         /* what the table keeps (said where each table is) */
} bslot;

typedef struct btable {
  bslot *slot;           /* 'mask' + 1 slots in use, or NULL before the first insert */
  size_t mask;           /* slots in use - 1 */
  size_t count;          /* keys held */
  size_t alloc;          /* slots allocated, >= mask + 1 */
} btable;

static void bt_free(btable *t) {
  free(t->slot);
  memset(t, 0, sizeof *t);
}

/*
** Empty 't' and size it for 'nkeys' keys at most half full. The memory
** is kept from one document to the next; only the part in use is cleared,
** so a long document once does not make every later one slow.
*/
static int bt_clear(btable *t, size_t nkeys) {
  size_t need = 16;
  while (need < 2 * nkeys) need *= 2;
  if (need > t->alloc) {
    bslot *p;
    if (need > SIZE_MAX / sizeof *p || (p = (bslot *)malloc(need * sizeof *p)) == NULL)
      return -1;
    free(t->slot);
    t->slot = p;
    t->alloc = need;
  }
  memset(t->slot, 0, need * sizeof *t->slot);
  t->mask = need - 1;
  t->count = 0;
  return 0;
}

/* The slot of 'key', or NULL (like 'strchr', a const table gives a slot to write) */
static bslot *bt_find(const btable *t, uint64_t key) {
  size_t i;
  if (t->slot == NULL) return NULL;
  key += (key == 0);
  for (i = key & t->mask; t->slot[i].key != 0; i = (i + 1) & t->mask)
    if (t->slot[i].key == key) return &t->slot[i];
  return NULL;
}

/* Make room for one more key: at most 3/4 full, doubling as needed */
static int bt_reserve(btable *t) {
  size_t cap = t->slot ? t->mask + 1 : 0, ncap, i;
  bslot *p;
  if (t->slot && (t->count + 1) * 4 <= cap * 3) return 0;
  ncap = cap ? 2 * cap : 16;
  if (ncap > SIZE_MAX / sizeof *p || (p = (bslot *)calloc(ncap, sizeof *p)) == NULL)
    return -1;
  for (i = 0; i < cap; i++) {
    size_t j;
    if (t->slot[i].key == 0) continue;
    for (j = t->slot[i].key & (ncap - 1); p[j].key != 0; j = (j + 1) & (ncap - 1)) {}
    p[j] = t->slot[i];
  }
  free(t->slot);
  t->slot = p;
  t->mask = ncap - 1;
  t->alloc = ncap;
  return 0;
}

/* The slot of 'key', made (with 'a' and 'b' 0) when missing; NULL: no memory */
static bslot *bt_insert(btable *t, uint64_t key, int *isnew) {
  size_t i;
  key += (key == 0);
  if (bt_reserve(t) < 0) return NULL;
  for (i = key & t->mask; t->slot[i].key != 0; i = (i + 1) & t->mask)
    if (t->slot[i].key == key) {
      *isnew = 0;
      return &t->slot[i];
    }
  t->slot[i].key = key;
  t->slot[i].a = t->slot[i].b = 0;
  t->count++;
  *isnew = 1;
  return &t->slot[i];
}

static uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= UINT64_C(0xBF58476D1CE4E5B9);
  x ^= x >> 27;
  x *= UINT64_C(0x94D049BB133111EB);
  x ^= x >> 31;
  return x;
}

/*
** Key of a fingerprint qualified by a tag (a rule, a phrase length) and a
** source. The fingerprint is random already; XOR with a mix of the rest
** keeps keys of different sources or tags apart at no cost.
*/
static uint64_t qkey(uint32_t tag, uint32_t sid, uint64_t fp) {
  return fp ^ mix64(((uint64_t)tag << 32 | sid) + UINT64_C(0x9E3779B97F4A7C15));
}

/* Grow the array '*p' of '*cap' items of 'size' bytes to hold 'need' */
static int grow(void **p, size_t *cap, size_t need, size_t size) {
  if (need > *cap) {
    size_t n = *cap ? *cap * 2 : 16;
    void *q;
    while (n < need) n *= 2;
    if (n > SIZE_MAX / size || (q = realloc(*p, n * size)) == NULL) return -1;
    *p = q;
    *cap = n;
  }
  return 0;
}

#define GROW(arr, cap, need)  grow((void **)&(arr), &(cap), (need), sizeof *(arr))

/* }================================================================== */


/*
** {==================================================================
** The model
** ===================================================================
*/

/* a line of the document being classified (only lines with words) */
typedef struct bline {
  size_t start, stop;    /* the line without its line end, trimmed of ASCII white space */
  size_t last;           /* start of its last token */
  size_t words;          /* its word and number tokens */
  uint64_t fp;           /* paa_fingerprint of the line */
  uint64_t open;         /* fingerprint of its first 'template_words' words (0: fewer) */
  unsigned char isshort; /* at most 'short_words' words and no sentence end */
  unsigned char listy;   /* short and without numbers: may be an item of a LIST */
  unsigned char onesent; /* one sentence (asked of TEMPLATE candidates only) */
  unsigned char known;   /* its tokens open with those of a known phrase */
  unsigned char rule;    /* PAA_BP_* of the first of rules 1-4 that holds, or 0 */
} bline;

/* scratch for classifying one document */
typedef struct docscan {
  bline *line;           /* its lines with words, in text order */
  size_t nline, capline;
  btable count;          /* fp (or OPENSALT ^ opening) -> lines 'a', first line 'b' */
} docscan;

/* a line of a source seen in two documents, twice in one, or short */
typedef struct lentry {
  uint64_t fp;           /* its fingerprint */
  uint32_t sid;          /* its source; NOSRC: the line over all sources, for CORPUS */
  uint32_t docs;         /* documents of the source with it */
  uint32_t eff;          /* set by 'finish': witnesses among them, up to 'min_docs' */
  uint32_t occ;          /* lines with it, over those documents (saturating) */
  uint32_t bytes;        /* trimmed length when first seen (saturating) | SHORTBIT */
  size_t text;           /* offset + 1 of its text in 'pool', or 0 when not copied */
} lentry;

/* one document with an entry: what the copy guard reads */
typedef struct lrec {
  uint32_t entry;        /* index into 'ent' */
  uint32_t doc;          /* index into 'doc' */
  uint32_t bytes;        /* trimmed length of the line there */
} lrec;

/* a document learnt */
typedef struct bdoc {
  uint64_t bytes;        /* trimmed bytes of its distinct lines */
  uint64_t shared;       /* set by 'finish': those also in another document of its source */
  uint32_t sid;          /* its source */
  int copy;              /* set by 'finish': a copy, not counted for SOURCE */
  uint16_t sig[NSIG];    /* one-permutation MinHash of its SHINGLE-token shingles */
} bdoc;

/* a block in the making */
typedef struct bblock {
  uint64_t fp;           /* fingerprint of the line */
  uint32_t sid;          /* its source, or NOSRC */
  uint32_t last;         /* last document that counted it */
  int rule;              /* PAA_BP_* */
  size_t occ;            /* lines flagged */
  size_t docs;           /* documents with one */
  size_t text;           /* offset + 1 of its text in 'pool', or 0 */
} bblock;

struct paa_boiler {
  size_t min_docs;       /* documents for SOURCE and SHORT, at least 2 */
  size_t min_repeats;    /* lines of a document for INDOC and TEMPLATE */
  size_t short_words;    /* words of a short line, at most */
  size_t list_lines;     /* short lines in a row that make a list */
  size_t template_words; /* opening words TEMPLATE compares */
  size_t template_min;   /* words a line needs for TEMPLATE: template_words + 2 */
  double copy_share;     /* share of shared bytes that makes a copy */
  double min_share;      /* share of the documents learnt for CORPUS */
  size_t min_corpus_docs; /* documents for CORPUS, at least 2 */
  int finished;          /* 'paa_boiler_finish' succeeded: learning is over */
  /* known phrases */
  btable phrase;         /* qkey(tokens, 0, fingerprint) of each phrase */
  unsigned char *plen;   /* plen[m] != 0: some phrase has 'm' tokens */
  size_t maxplen;        /* most tokens of a phrase; 0: no phrases */
  /* sources */
  btable srcix;          /* XXH3 of a name -> its source id in 'a' */
  size_t *srcname;       /* per source id: offset of its name in 'names' */
  size_t nsrc, capsrc;
  pbuf names;            /* source names, NUL-terminated */
  /* learning; freed by 'finish' */
  docscan ds;            /* scratch for the document being learnt */
  btable lines;          /* qkey(0, source, fp) -> document 'a' and length 'b' of a
                            line seen once, or entry 'a' when 'b' is FULL; source
                            NOSRC: the line in any source */
  lentry *ent;           /* the lines that need more than a slot */
  size_t nent, capent;
  lrec *rec;             /* the documents of each entry */
  size_t nrec, caprec;
  bdoc *doc;             /* the documents learnt */
  size_t ndoc, capdoc;   /* ('ndoc' stays after 'finish') */
  btable blockix;        /* qkey(rule, source, fp) -> index into 'blk' */
  bblock *blk;           /* blocks of rules 1-4 found while learning (then 5-6) */
  size_t nblk, capblk;
  pbuf pool;             /* texts of repeated, short and flagged lines, NUL-terminated */
  /* made by 'finish' */
  size_t copies;         /* documents taken for copies */
  btable srcfp;          /* qkey(0, source, fp) of the SOURCE lines */
  btable anyfp;          /* fp -> ANY_SOURCE | ANY_SHORT | ANY_CORPUS in 'a' */
  paa_boiler_block *out; /* the blocks, sorted; texts in 'outtext', sources in 'names' */
  size_t nout;
  pbuf outtext;          /* texts of the blocks, NUL-terminated */
};


paa_boiler *paa_boiler_new(const paa_boiler_opts *opts) {
  paa_boiler *bp = (paa_boiler *)calloc(1, sizeof *bp);
  if (bp == NULL) return NULL;
  bp->min_docs = opts && opts->min_docs ? opts->min_docs : DEF_MIN_DOCS;
  if (bp->min_docs < 2) bp->min_docs = 2;  /* 1 would make every line boilerplate */
  bp->min_repeats = opts && opts->min_repeats ? opts->min_repeats : DEF_MIN_REPEATS;
  bp->short_words = opts && opts->short_words ? opts->short_words : DEF_SHORT_WORDS;
  bp->list_lines = opts && opts->list_lines ? opts->list_lines : DEF_LIST_LINES;
  bp->template_words = opts && opts->template_words ? opts->template_words
                                                    : DEF_TEMPLATE_WORDS;
  if (bp->template_words > SIZE_MAX / 2) bp->template_words = SIZE_MAX / 2;
  bp->template_min = bp->template_words + 2;
  bp->copy_share = opts && opts->copy_share > 0 ? opts->copy_share : DEF_COPY_SHARE;
  bp->min_share = opts && opts->min_share > 0 ? opts->min_share : DEF_MIN_SHARE;
  bp->min_corpus_docs = opts && opts->min_corpus_docs ? opts->min_corpus_docs
                                                      : DEF_MIN_CORPUS_DOCS;
  if (bp->min_corpus_docs < 2) bp->min_corpus_docs = 2;  /* as 'min_docs' */
  return bp;
}


static void docscan_free(docscan *ds) {
  free(ds->line);
  bt_free(&ds->count);
  memset(ds, 0, sizeof *ds);
}


/* What only learning needs: freed once 'finish' has made its tables */
static void free_learning(paa_boiler *bp) {
  docscan_free(&bp->ds);
  bt_free(&bp->lines);
  free(bp->ent);
  free(bp->rec);
  free(bp->doc);
  bt_free(&bp->blockix);
  free(bp->blk);
  pbuf_free(&bp->pool);
  bp->ent = NULL;
  bp->rec = NULL;
  bp->doc = NULL;
  bp->blk = NULL;
  bp->nent = bp->capent = bp->nrec = bp->caprec = bp->capdoc = 0;
  bp->nblk = bp->capblk = 0;
}


void paa_boiler_free(paa_boiler *bp) {
  if (bp == NULL) return;
  free_learning(bp);
  bt_free(&bp->phrase);
  free(bp->plen);
  bt_free(&bp->srcix);
  free(bp->srcname);
  pbuf_free(&bp->names);
  bt_free(&bp->srcfp);
  bt_free(&bp->anyfp);
  free(bp->out);
  pbuf_free(&bp->outtext);
  free(bp);
}


/*
** A phrase is kept as the fingerprint of its tokens and their number:
** a line opens with it when the fingerprint of its first 'm' tokens is
** the same, which the line's own pass computes on the way. A phrase
** without tokens would match every line, so it is ignored; so is one of
** more than MAXPHRASE tokens, which no page's line opens with: the table
** of phrase lengths stays small, in a model and in one loaded.
*/
/*
** Lines every web page template seems to carry; a line opening with one
** of these is boilerplate wherever it is. Data of the engine, so that a
** C program gets the same model as a script: 'paa_boiler_phrases'.
*/
static const char *const known_phrases[] = {
  "leave a reply", "leave a comment", "your email address will not be published",
  "required fields are marked", "share this article", "share on facebook",
  "share on twitter", "share on linkedin", "click to share", "sign up for our newsletter",
  "subscribe to our newsletter", "related articles", "related posts", "recommended for you",
  "advertisement", "sponsored content", "skip to content", "skip to main content",
  "all rights reserved", "cookie policy", "we use cookies", "accept cookies",
  "this website uses cookies", "follow us on", "featured image is for illustrative purposes",
  "post navigation", "previous article", "next article", "read more", "learn more",
  "related stories", "more stories", "share on x", "topics :", "tags :", "filed under",
  NULL
};

const char *const *paa_boiler_phrases(void) {
  return known_phrases;
}


int paa_boiler_add_phrases(paa_boiler *bp, const char *const *phrases) {
  for (; *phrases; phrases++)
    if (paa_boiler_add_phrase(bp, *phrases, strlen(*phrases)) < 0) return -1;
  return 0;
}


int paa_boiler_add_phrase(paa_boiler *bp, const char *s, size_t n) {
  tokhash th;
  paa_token tok;
  uint64_t h, fp = 0;
  size_t m = 0;
  int r, isnew;
  tokhash_init(&th, s, n);
  while ((r = tokhash_next(&th, &h, &tok)) > 0) {
    fp = fingerprint_step(fp, h);
    m++;
  }
  tokhash_free(&th);
  if (r < 0) return -1;
  if (m == 0 || m > MAXPHRASE) return 0;
  if (m > bp->maxplen) {
    size_t had = bp->plen != NULL ? bp->maxplen + 1 : 0;
    unsigned char *p = (unsigned char *)realloc(bp->plen, m + 1);
    if (p == NULL) return -1;
    memset(p + had, 0, m + 1 - had);
    bp->plen = p;
    bp->maxplen = m;
  }
  if (bt_insert(&bp->phrase, qkey((uint32_t)m, 0, fp), &isnew) == NULL) return -1;
  bp->plen[m] = 1;
  return 0;
}

/* }================================================================== */


/*
** {==================================================================
** One document: rules 1-4
** ===================================================================
*/

static int is_space(int c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/*
** Where the first sentence of [a, b) ends: just after a '.', '!' or '?'
** (and any closing quotes or brackets) that white space or the end of
** the line follows; NOEND when none does. A point inside a number or an
** address ends nothing, and neither does a colon: "Last updated:" is
** page furniture, not a sentence.
*/
static size_t sentence_end(const char *s, size_t a, size_t b) {
  size_t i, j;
  for (i = a; i < b; i++) {
    if (s[i] != '.' && s[i] != '!' && s[i] != '?') continue;
    for (j = i + 1; j < b; j++) {  /* closers: " ' ) ] and the curly ’ ” */
      if (s[j] == '"' || s[j] == '\'' || s[j] == ')' || s[j] == ']') continue;
      if (j + 3 <= b && memcmp(s + j, "\xE2\x80", 2) == 0 &&
          (s[j + 2] == '\x99' || s[j + 2] == '\x9D')) {
        j += 2;
        continue;
      }
      break;
    }
    if (j >= b || is_space((unsigned char)s[j])) return j;
  }
  return NOEND;
}

/* what the token pass gathers about the line being read */
typedef struct linestate {
  size_t ls, le;         /* the line: [ls, le), le at its LF or the end */
  size_t last;           /* start of its last token */
  size_t words;          /* word and number tokens */
  size_t numbers;        /* number tokens among them */
  uint64_t fp;           /* fingerprint of its tokens so far */
  uint64_t open;         /* fingerprint of its first 'template_words' tokens */
  int known;             /* its tokens so far open with a known phrase */
} linestate;

/* Append the line to 'ds', trimmed; a short line has no sentence end */
static int add_line(const paa_boiler *bp, docscan *ds, const char *s, const linestate *ln) {
  size_t a = ln->ls, b = ln->le;
  bline *l;
  if (ds->nline >= MAXCOUNT || GROW(ds->line, ds->capline, ds->nline + 1) < 0) return -1;
  while (a < b && is_space((unsigned char)s[a])) a++;
  while (b > a && is_space((unsigned char)s[b - 1])) b--;
  l = &ds->line[ds->nline++];
  l->start = a;
  l->stop = b;
  l->fp = ln->fp;
  l->open = ln->open;
  l->words = ln->words;
  l->known = (unsigned char)ln->known;
  l->rule = 0;
  l->isshort = ln->words <= bp->short_words && sentence_end(s, a, b) == NOEND;
  l->listy = l->isshort && ln->numbers == 0;
  l->onesent = 0;
  l->last = ln->last;
  return 0;
}

/*
** The signature is a one-permutation MinHash: a shingle's hash picks a
** bin with its top bits and competes there with its next 16; a bin keeps
** the least. One comparison a token, where NSIG hash functions would
** cost NSIG multiplications (a quarter of the learning time). The
** shingle hash rolls: the polynomial of its token hashes in base
** SIGBASE, updated by adding the new token and taking out the oldest,
** then multiplied so that its high bits depend on all of it.
*/
#define SIGBASE     UINT64_C(0x9E3779B97F4A7C15)
#define SIGMUL      UINT64_C(0xD6E8FEB86659FD93)

static void sig_add(uint16_t *sig, uint64_t roll) {
  uint64_t x = roll * SIGMUL;
  uint16_t v = (uint16_t)(x >> (48 - SIGBITS));
  size_t bin = (size_t)(x >> (64 - SIGBITS));
  if (v < sig[bin]) sig[bin] = v;
}

/*
** TEMPLATE compares lines of one sentence only, but finding sentence
** ends in every long line would cost a scan of most of the text; so all
** openings are counted first, and only the lines whose opening is shared
** (few) are asked. An opening some of whose lines hold several sentences
** is then counted again over the others ('b' of its slot: 1 when a
** recount is due, 2 once it has begun).
*/
static void one_sentence_openings(const paa_boiler *bp, docscan *ds, const char *s) {
  size_t i;
  int recount = 0;
  for (i = 0; i < ds->nline; i++) {
    bline *l = &ds->line[i];
    bslot *sl;
    if (l->words < bp->template_min) continue;
    sl = bt_find(&ds->count, l->open ^ OPENSALT);
    if (sl->a < bp->min_repeats) continue;
    l->onesent = sentence_end(s, l->start, l->stop) > l->last;  /* NOEND is too */
    if (!l->onesent) sl->b = 1, recount = 1;
  }
  for (i = 0; recount && i < ds->nline; i++) {
    const bline *l = &ds->line[i];
    bslot *sl;
    if (l->words < bp->template_min) continue;
    sl = bt_find(&ds->count, l->open ^ OPENSALT);
    if (sl->b == 1) sl->a = 0, sl->b = 2;
    if (sl->b == 2) sl->a += l->onesent;
  }
}

/*
** Read the lines of 's' into 'ds' and give each the first of rules 1-4
** that holds. One token pass over the whole text does it: tokens never
** cross a line end, so a token past the end of the current line starts
** another, and the lines between (blank, or without words) are never
** boilerplate and get no entry. Each line's fingerprint is chained as its
** tokens come, and its prefixes are looked up as known phrases on the
** way; when learning ('sig' not NULL) the same tokens make the
** document's signature. Then the document's own counts decide INDOC and
** TEMPLATE, and its runs of short lines LIST.
**
** Two refinements keep article text out. A short line with a number (a
** ranking, a score, a date, a kick-off time) is data, not a logo or a
** menu item, so it breaks a LIST run. TEMPLATE compares only lines of
** one sentence, as ads are: prose paragraphs that happen to open alike
** hold several; and it never flags the first line, the headline, whose
** opening a deck or a description below it often repeats (the repeat is
** the furniture; the headline still counts as an opening). And INDOC
** never empties a text made of repeats of itself (a file holding its
** article twice): when what the rules leave is under a quarter of the
** first copies of the repeated lines, those first copies stay.
*/
static int classify(const paa_boiler *bp, docscan *ds, const char *s, size_t n,
                    uint16_t *sig) {
  tokhash th;
  paa_token tok;
  linestate ln;
  uint64_t h, ring[SHINGLE], roll = 0, top = 1;
  size_t lo = 0, ntok = 0, i, j, k, firsts = 0, kept = 0;
  int r, isnew;
  memset(&ln, 0, sizeof ln);
  ds->nline = 0;
  if (sig != NULL)
    for (i = 0; i < NSIG; i++) sig[i] = SIGEMPTY;
  tokhash_init(&th, s, n);
  while ((r = tokhash_next(&th, &h, &tok)) > 0) {
    if (ln.words > 0 && tok.start >= ln.le) {  /* the current line is complete */
      if (add_line(bp, ds, s, &ln) < 0) { r = -1; break; }
      lo = ln.le;
      ln.words = 0;
    }
    if (ln.words == 0 || tok.stop > ln.le) {  /* a new line (or, never, a token across LF) */
      const char *nl = (const char *)memchr(s + tok.stop, '\n', n - tok.stop);
      if (ln.words == 0) {
        for (ln.ls = tok.start; ln.ls > lo && s[ln.ls - 1] != '\n'; ln.ls--) {}
        ln.numbers = 0;
        ln.fp = ln.open = 0;
        ln.known = 0;
      }
      ln.le = nl ? (size_t)(nl - s) : n;
    }
    ln.last = tok.start;
    ln.words++;
    ln.numbers += tok.kind == PAA_TOK_NUMBER;
    ln.fp = fingerprint_step(ln.fp, h);
    if (ln.words == bp->template_words) ln.open = ln.fp;
    if (!ln.known && ln.words <= bp->maxplen && bp->plen[ln.words] &&
        bt_find(&bp->phrase, qkey((uint32_t)ln.words, 0, ln.fp)) != NULL)
      ln.known = 1;
    if (sig != NULL) {  /* roll = sum of ring[t] * SIGBASE^(age of t) */
      size_t at = ntok % SHINGLE;
      if (ntok >= SHINGLE) roll -= ring[at] * top;
      else if (ntok > 0) top *= SIGBASE;  /* SIGBASE^(SHINGLE - 1) in the end */
      roll = roll * SIGBASE + h;
      ring[at] = h;
      if (++ntok >= SHINGLE) sig_add(sig, roll);
    }
  }
  if (r == 0 && ln.words > 0 && add_line(bp, ds, s, &ln) < 0) r = -1;
  tokhash_free(&th);
  if (r < 0) return -1;
  if (sig != NULL && ntok > 0 && ntok < SHINGLE)  /* too short for a shingle: one of all */
    sig_add(sig, roll);
  /* the document's counts; sized so that they never grow */
  if (bt_clear(&ds->count, 2 * ds->nline) < 0) return -1;
  for (i = 0; i < ds->nline; i++) {
    const bline *l = &ds->line[i];
    bslot *sl = bt_insert(&ds->count, l->fp, &isnew);
    if (sl == NULL) return -1;
    if (isnew) sl->b = (uint32_t)i;
    sl->a += sl->a < UINT32_MAX;
    if (l->words >= bp->template_min) {
      if ((sl = bt_insert(&ds->count, l->open ^ OPENSALT, &isnew)) == NULL) return -1;
      sl->a += sl->a < UINT32_MAX;
    }
  }
  one_sentence_openings(bp, ds, s);
  /* LIST: runs of short lines (lines without words do not break them) */
  for (i = 0; i < ds->nline; i = j > i ? j : i + 1) {
    for (j = i; j < ds->nline && ds->line[j].listy; j++) {}
    if (j > i && j - i >= bp->list_lines)
      for (k = i; k < j; k++) ds->line[k].rule = PAA_BP_LIST;
  }
  for (i = 0; i < ds->nline; i++) {
    bline *l = &ds->line[i];
    const bslot *sl;
    if (l->known) l->rule = PAA_BP_KNOWN;
    else if (l->rule != 0) continue;  /* LIST */
    else if ((sl = bt_find(&ds->count, l->fp))->a >= bp->min_repeats) {
      l->rule = PAA_BP_INDOC;
      if (sl->b == (uint32_t)i) firsts += l->words;
    }
    else if (l->onesent && i > 0 &&
             bt_find(&ds->count, l->open ^ OPENSALT)->a >= bp->min_repeats)
      l->rule = PAA_BP_TEMPLATE;
    if (l->rule == 0) kept += l->words;
  }
  /* a text made (nearly) all of repeats of itself, a file holding its
     article twice, would be left (nearly) empty: what repeats is the
     article, and each repeated line keeps its first copy */
  if (4 * kept < firsts)
    for (i = 0; i < ds->nline; i++)
      if (ds->line[i].rule == PAA_BP_INDOC && bt_find(&ds->count, ds->line[i].fp)->b == (uint32_t)i)
        ds->line[i].rule = 0;
  return 0;
}

/* }================================================================== */


/*
** {==================================================================
** Learning
** ===================================================================
*/

/* Source names: the slot keeps the id; names are compared, not only hashed */
static uint32_t src_lookup(const paa_boiler *bp, const char *name, uint64_t key) {
  size_t i;
  if (bp->srcix.slot == NULL) return NOSRC;
  key += (key == 0);
  for (i = key & bp->srcix.mask; bp->srcix.slot[i].key != 0; i = (i + 1) & bp->srcix.mask) {
    const bslot *sl = &bp->srcix.slot[i];
    if (sl->key == key && strcmp(bp->names.p + bp->srcname[sl->a], name) == 0)
      return sl->a;
  }
  return NOSRC;
}

static int src_intern(paa_boiler *bp, const char *name, uint32_t *sid) {
  size_t len = strlen(name), i;
  uint64_t key = XXH3_64bits(name, len);
  if ((*sid = src_lookup(bp, name, key)) != NOSRC) return 0;
  if (bp->nsrc >= MAXCOUNT || GROW(bp->srcname, bp->capsrc, bp->nsrc + 1) < 0 ||
      bt_reserve(&bp->srcix) < 0)
    return -1;
  bp->srcname[bp->nsrc] = bp->names.n;
  if (!pbuf_add(&bp->names, name, len) || !pbuf_addc(&bp->names, '\0')) return -1;
  key += (key == 0);  /* a free slot: the same key may be there for another name */
  for (i = key & bp->srcix.mask; bp->srcix.slot[i].key != 0; i = (i + 1) & bp->srcix.mask) {}
  bp->srcix.slot[i].key = key;
  bp->srcix.slot[i].a = (uint32_t)bp->nsrc;
  bp->srcix.count++;
  *sid = (uint32_t)bp->nsrc++;
  return 0;
}

static uint32_t line_len(const bline *l) {
  size_t len = l->stop - l->start;
  return len > MAXLEN ? MAXLEN : (uint32_t)len;
}

/* Copy the text of 'l' into the pool; '*off' gets its offset + 1 */
static int copy_text(paa_boiler *bp, size_t *off, const char *s, const bline *l) {
  size_t at = bp->pool.n;
  if (!pbuf_add(&bp->pool, s + l->start, l->stop - l->start) || !pbuf_addc(&bp->pool, '\0'))
    return -1;
  *off = at + 1;
  return 0;
}

/* Count a line flagged by rule 'l->rule' in document 'doc' */
static int add_block(paa_boiler *bp, const bline *l, uint32_t sid, uint32_t doc,
                     const char *s) {
  bslot *sl;
  bblock *b;
  int isnew;
  if (bp->nblk >= MAXCOUNT || GROW(bp->blk, bp->capblk, bp->nblk + 1) < 0) return -1;
  if ((sl = bt_insert(&bp->blockix, qkey(l->rule, sid, l->fp), &isnew)) == NULL) return -1;
  if (isnew) {
    b = &bp->blk[bp->nblk];
    b->fp = l->fp;
    b->sid = sid;
    b->rule = l->rule;
    b->occ = b->docs = 0;
    b->last = 0;
    b->text = 0;
    sl->a = (uint32_t)bp->nblk++;
  }
  b = &bp->blk[sl->a];
  b->occ++;
  if (b->docs == 0 || b->last != doc) {
    b->docs++;
    b->last = doc;
  }
  return b->text == 0 ? copy_text(bp, &b->text, s, l) : 0;
}

static void add_rec(paa_boiler *bp, uint32_t entry, uint32_t doc, uint32_t bytes) {
  lrec *r = &bp->rec[bp->nrec++];  /* room made by the caller */
  r->entry = entry;
  r->doc = doc;
  r->bytes = bytes;
}

/*
** Count the distinct line 'l' ('count' times in document 'doc') for
** source 'sid'. A line seen once stays a slot holding its document and
** length; when a second document has it (or its own has it twice, or it
** is short, for SHORT looks across sources) it becomes an entry, with a
** record per document for the copy guard and a copy of its text, made
** now: the text of its first document is gone by then. For NOSRC (the
** line over all sources, for CORPUS) only a second document makes an
** entry: most lines of a corpus are in one document. Room comes first,
** so that a failure leaves the tables as they were.
*/
static int learn_line(paa_boiler *bp, const bline *l, uint32_t sid, uint32_t doc,
                      uint32_t count, const char *s) {
  uint32_t len = line_len(l);
  bslot *sl;
  lentry *e;
  int isnew;
  if (bp->nent >= MAXCOUNT || GROW(bp->ent, bp->capent, bp->nent + 1) < 0 ||
      GROW(bp->rec, bp->caprec, bp->nrec + 2) < 0)
    return -1;
  if ((sl = bt_insert(&bp->lines, qkey(0, sid, l->fp), &isnew)) == NULL) return -1;
  if (isnew && (sid == NOSRC || (count < 2 && !l->isshort))) {  /* most lines: seen once */
    sl->a = doc;
    sl->b = len;
    return 0;
  }
  if (isnew || !(sl->b & FULL)) {  /* a new entry */
    e = &bp->ent[bp->nent];
    e->fp = l->fp;
    e->sid = sid;
    e->eff = 0;
    e->text = 0;
    if (isnew) {
      e->docs = e->occ = 0;
      e->bytes = len;
    }
    else {  /* the line the slot held: its document first */
      e->docs = e->occ = 1;
      e->bytes = sl->b;
      add_rec(bp, (uint32_t)bp->nent, sl->a, sl->b);
    }
    sl->a = (uint32_t)bp->nent++;
    sl->b = FULL;
  }
  e = &bp->ent[sl->a];
  e->docs++;
  e->occ = e->occ + count < e->occ ? UINT32_MAX : e->occ + count;
  if (l->isshort) e->bytes |= SHORTBIT;
  add_rec(bp, sl->a, doc, len);
  if (e->text == 0 && (e->docs >= 2 || (sid != NOSRC && (count >= 2 || l->isshort))))
    return copy_text(bp, &e->text, s, l);
  return 0;
}

/*
** Rules 1-4 are applied to the document at once (their blocks counted);
** then each distinct line is counted once in its source, for rules 5-6,
** and once over all sources, for rule 7. 'ds' and 'sig'
** are the document's lines and signature as 'classify' made them, from
** 's'. The document is entered first so that records never point past
** the documents: after a failure the model may hold part of it, but
** stays safe to use and free.
*/
static int learn_scanned(paa_boiler *bp, const docscan *ds, const uint16_t *sig,
                         const char *source, const char *s) {
  uint64_t bytes = 0;
  uint32_t sid, doc;
  size_t i;
  if (bp->finished || bp->ndoc >= MAXCOUNT) return -1;
  if (src_intern(bp, source ? source : "", &sid) < 0 ||
      GROW(bp->doc, bp->capdoc, bp->ndoc + 1) < 0)
    return -1;
  doc = (uint32_t)bp->ndoc++;
  memcpy(bp->doc[doc].sig, sig, sizeof bp->doc[doc].sig);
  bp->doc[doc].bytes = bp->doc[doc].shared = 0;
  bp->doc[doc].copy = 0;
  bp->doc[doc].sid = sid;
  for (i = 0; i < ds->nline; i++) {
    const bline *l = &ds->line[i];
    const bslot *c;
    if (l->rule && add_block(bp, l, l->rule == PAA_BP_KNOWN ? NOSRC : sid, doc, s) < 0)
      return -1;
    c = bt_find(&ds->count, l->fp);
    if (c->b != i) continue;  /* counted at its first line */
    if (learn_line(bp, l, sid, doc, c->a, s) < 0 ||
        learn_line(bp, l, NOSRC, doc, c->a, s) < 0)
      return -1;
    bytes += line_len(l);
    bp->doc[doc].bytes = bytes;
  }
  return 0;
}

int paa_boiler_learn(paa_boiler *bp, const char *source, const char *s, size_t n) {
  uint16_t sig[NSIG];
  if (bp->finished || bp->ndoc >= MAXCOUNT) return -1;
  if (classify(bp, &bp->ds, s, n, sig) < 0) return -1;
  return learn_scanned(bp, &bp->ds, sig, source, s);
}

/* }================================================================== */


/*
** {==================================================================
** Learning from a corpus on several threads
** ===================================================================
** Reading a document and classifying it (its tokens, lines, rules 1-4,
** signature) is most of the learning, and depends on the model only
** through what learning never changes (options, phrases); counting its
** lines into the model is quick. So each thread walks its shard of the
** corpus (paa_walk_shard) and classifies, and the calling thread takes
** the documents from the threads' queues (shardq.c) in walk order and
** counts them in, exactly as 'paa_boiler_learn' would one document after
** another. Memory: a few batches of BATCH documents a thread at most,
** each document with its text.
*/

#define BATCH   64               /* documents a batch, at most */

/* a document (or an input skipped, or the end of a walk) from a thread */
typedef struct litem {
  shq_doc head;          /* kind; the document, for 'on_input' and learning */
  docscan ds;            /* DOC: its lines, classified */
  uint16_t sig[NSIG];    /* DOC: its signature */
  paa_walk_stats stats;  /* END: the walk's */
} litem;

/* what the threads share */
typedef struct learners {
  const paa_boiler *bp;  /* read only while the threads run */
  const paa_corpus *c;
  size_t nthreads;
  shq *q;                /* their items, for the caller in walk order */
} learners;

typedef struct learner {
  learners *ls;
  size_t k;              /* its shard */
} learner;

static void litem_free(litem *it) {
  if (it == NULL) return;
  docscan_free(&it->ds);
  free(it->head.buf);
  free(it);
}

/* what the shard queues read of an item */
static void litem_free_any(void *it) { litem_free((litem *)it); }
static void *litem_errmem(void) { return shq_doc_new(sizeof(litem), PAA_WALK_ERRMEM, NULL); }
static litem *litem_new(int kind, const paa_doc *d) { return (litem *)shq_doc_new(sizeof(litem), kind, d); }

static void *learn_shard(void *ud) {
  learner *lr = (learner *)ud;
  learners *ls = lr->ls;
  paa_walk *w = paa_walk_new(ls->c);
  paa_doc d;
  if (w == NULL) { shq_put(ls->q, lr->k, NULL); return NULL; }
  paa_walk_shard(w, lr->k, ls->nthreads);
  for (;;) {
    int r = paa_walk_next(w, &d);
    litem *it;
    if (r == PAA_WALK_END) {
      if ((it = litem_new(PAA_WALK_END, NULL)) != NULL) it->stats = *paa_walk_stats_of(w);
      shq_put(ls->q, lr->k, it);
      break;
    }
    if (r != PAA_WALK_DOC && r != PAA_WALK_SKIP) { shq_put(ls->q, lr->k, NULL); break; }
    it = litem_new(r, &d);
    if (it && r == PAA_WALK_DOC &&
        classify(ls->bp, &it->ds, it->head.doc.text, it->head.doc.len, it->sig) < 0) {
      litem_free(it);
      it = NULL;
    }
    if (!shq_put(ls->q, lr->k, it)) break;
  }
  paa_walk_close(w);
  return NULL;
}

int paa_boiler_learn_corpus(paa_boiler *bp, const paa_corpus *c, size_t nthreads,
                            paa_boiler_input on_input, void *ud, paa_walk_stats *stats) {
  static const shq_items items = { shq_doc_kind, shq_doc_index, NULL, litem_free_any, litem_errmem,
                                   BATCH, 0 };
  learners ls;
  learner *lr;
  pthread_t *th;
  int err = 0, rc = 0;
  size_t k, started = 0;
  litem *it;
  memset(stats, 0, sizeof *stats);
  if (bp->finished) return -1;
  if (nthreads < 1) nthreads = 1;
  memset(&ls, 0, sizeof ls);
  ls.bp = bp;
  ls.c = c;
  ls.nthreads = nthreads;
  ls.q = shq_new(nthreads, &items);
  lr = (learner *)calloc(nthreads, sizeof *lr);
  th = (pthread_t *)calloc(nthreads, sizeof *th);
  if (!ls.q || !lr || !th) {
    shq_free(ls.q); free(lr); free(th);
    return -1;
  }
  for (k = 0; k < nthreads; k++, started++) {
    lr[k].ls = &ls;
    lr[k].k = k;
    if (pthread_create(&th[k], NULL, learn_shard, &lr[k]) != 0) break;
  }
  if (started < nthreads) err = 1;
  while (!err && (it = (litem *)shq_next(ls.q, &err)) != NULL) {
    if (it->head.kind == PAA_WALK_ERRMEM) err = 1;
    else if (it->head.kind == PAA_WALK_END) shq_stats_add(stats, &it->stats);
    else if ((it->head.kind == PAA_WALK_SKIP || it->head.doc.warning) && on_input &&
             on_input(ud, &it->head.doc, it->head.kind == PAA_WALK_SKIP) != 0)
      rc = -2;
    else if (it->head.kind == PAA_WALK_DOC &&
             learn_scanned(bp, &it->ds, it->sig, it->head.doc.source, it->head.doc.text) < 0)
      err = 1;
    litem_free(it);
    if (rc) break;
  }
  shq_stop(ls.q);  /* the threads stop (if they have not) */
  for (k = 0; k < started; k++) pthread_join(th[k], NULL);
  shq_free(ls.q);
  free(lr); free(th);
  return rc ? rc : err ? -1 : 0;
}

/* }================================================================== */


/*
** {==================================================================
** Finishing
** ===================================================================
*/

/* A block of rule 5 or 6, decided now (one per key by construction) */
static int put_block(paa_boiler *bp, int rule, uint32_t sid, uint64_t fp, size_t occ,
                     size_t docs, size_t text) {
  bblock *b;
  if (GROW(bp->blk, bp->capblk, bp->nblk + 1) < 0) return -1;
  b = &bp->blk[bp->nblk++];
  b->fp = fp;
  b->sid = sid;
  b->rule = rule;
  b->occ = occ;
  b->docs = docs;
  b->last = 0;
  b->text = text;
  return 0;
}

static int set_any(btable *t, uint64_t fp, uint32_t bit) {
  int isnew;
  bslot *sl = bt_insert(t, fp, &isnew);
  if (sl == NULL) return -1;
  sl->a |= bit;
  return 0;
}

/*
** Copy guard: a document most of whose bytes are lines that other
** documents of its source have too is a copy (a syndicated or duplicated
** article), not a page built on a template; its lines then do not count
** towards SOURCE, else two copies of one article would have all their
** prose flagged. Bytes are counted once per distinct line, and lines
** shared only with documents of other sources (entries of NOSRC) do not
** count: those are for CORPUS, whose guard is the signatures.
*/
static void find_copies(paa_boiler *bp) {
  size_t i;
  for (i = 0; i < bp->ndoc; i++) bp->doc[i].shared = 0;
  for (i = 0; i < bp->nrec; i++) {
    const lrec *r = &bp->rec[i];
    const lentry *e = &bp->ent[r->entry];
    if (e->docs >= 2 && e->sid != NOSRC) bp->doc[r->doc].shared += r->bytes;
  }
  bp->copies = 0;
  for (i = 0; i < bp->ndoc; i++) {
    bdoc *d = &bp->doc[i];
    d->copy = d->bytes > 0 && (double)d->shared >= bp->copy_share * (double)d->bytes;
    bp->copies += (size_t)d->copy;
  }
}

/*
** Near copies: signatures agreeing in at least half the bins that either
** fills (the estimate of a Jaccard similarity of 0.5 or more).
*/
static int near_copy(const bdoc *x, const bdoc *y) {
  int i, same = 0, used = 0;
  for (i = 0; i < NSIG; i++) {
    if (x->sig[i] == SIGEMPTY && y->sig[i] == SIGEMPTY) continue;
    used++;
    same += x->sig[i] == y->sig[i];
  }
  return used > 0 && 2 * same >= used;
}

/*
** How many of the documents 'docs[0 .. n)' are witnesses that a line is
** boilerplate, counting up to 'limit': copies are not, nor is a near copy
** of a witness already counted. Two versions of one article (edited, or
** re-paragraphed, so that the exact copy guard misses them) share lines
** because they are one article, not because a site prints those lines on
** every page. Greedy, and stopping at the limit, so that a line on
** thousands of pages costs a few comparisons. 'kept' has room for
** 'limit' documents, or 'n' when fewer.
*/
static size_t witnesses(const paa_boiler *bp, const uint32_t *docs, size_t n,
                        size_t limit, uint32_t *kept) {
  size_t i, j, k = 0;
  for (i = 0; i < n && k < limit; i++) {
    const bdoc *d = &bp->doc[docs[i]];
    if (d->copy) continue;
    for (j = 0; j < k && !near_copy(&bp->doc[kept[j]], d); j++) {}
    if (j == k) kept[k++] = docs[i];
  }
  return k;
}

/* a short entry, to bring those of one fingerprint together */
typedef struct fpent {
  uint64_t fp;           /* the entry's fingerprint */
  uint32_t entry;        /* index into 'ent' */
} fpent;

static int cmp_fpent(const void *x, const void *y) {
  const fpent *a = (const fpent *)x, *b = (const fpent *)y;
  if (a->fp != b->fp) return a->fp < b->fp ? -1 : 1;
  return (a->entry > b->entry) - (a->entry < b->entry);
}

/*
** SHORT: a short line with enough witnesses over all sources. The
** entries of one fingerprint (one per source; a short line always has
** one) are together in 'sh[0 .. n)'; their documents are pooled. The
** block counts the documents and lines of the sources where the line is
** not SOURCE already, copies included.
*/
static int decide_short(paa_boiler *bp, const fpent *sh, size_t n, const size_t *off,
                        const uint32_t *dl, uint32_t **buf, size_t *capbuf,
                        uint32_t *kept) {
  size_t i, ndl = 0, docs = 0, occ = 0, text = 0;
  for (i = 0; i < n; i++) {
    const lentry *e = &bp->ent[sh[i].entry];
    if (GROW(*buf, *capbuf, ndl + e->docs) < 0) return -1;
    memcpy(*buf + ndl, dl + off[sh[i].entry], e->docs * sizeof **buf);
    ndl += e->docs;
    if (e->eff < bp->min_docs) {
      docs += e->docs;
      occ += e->occ;
    }
    if (text == 0) text = e->text;
  }
  if (witnesses(bp, *buf, ndl, bp->min_docs, kept) < bp->min_docs) return 0;
  if (set_any(&bp->anyfp, sh[0].fp, ANY_SHORT) < 0 ||
      (docs > 0 && put_block(bp, PAA_BP_SHORT, NOSRC, sh[0].fp, occ, docs, text) < 0))
    return -1;
  return 0;
}

/* Documents of all those learnt a CORPUS line needs: the share, rounded up, or the least */
static size_t corpus_need(const paa_boiler *bp) {
  double want = bp->min_share * (double)bp->ndoc;
  size_t need = want >= (double)MAXCOUNT ? MAXCOUNT : (size_t)want;
  if ((double)need < want) need++;
  return need > bp->min_corpus_docs ? need : bp->min_corpus_docs;
}

static uint32_t sat_add32(uint32_t a, size_t b) {
  return b >= UINT32_MAX - a ? UINT32_MAX : a + (uint32_t)b;
}

/*
** CORPUS: a line over all sources (an entry of NOSRC) in at least
** 'need' documents, with as many witnesses: copies and near copies do
** not vote, so that an article syndicated word for word to many outlets
** keeps its prose in each, as SOURCE keeps it within one outlet. The
** block counts the documents and lines of the sources where the line is
** not SOURCE already ('srcsum', per fingerprint: documents 'a', lines
** 'b' of its SOURCE entries); where SHORT holds, 'drop_shadowed' drops it.
*/
static int decide_corpus(paa_boiler *bp, const lentry *e, const uint32_t *docs, size_t need,
                         const btable *srcsum, uint32_t *kept) {
  const bslot *sum;
  size_t ndocs = e->docs, nocc = e->occ;
  if (e->docs < need || witnesses(bp, docs, e->docs, need, kept) < need) return 0;
  if (set_any(&bp->anyfp, e->fp, ANY_CORPUS) < 0) return -1;
  if ((sum = bt_find(srcsum, e->fp)) != NULL) {
    ndocs = sum->a < ndocs ? ndocs - sum->a : 0;
    nocc = sum->b < nocc ? nocc - sum->b : 0;
  }
  if (ndocs == 0) return 0;
  return put_block(bp, PAA_BP_CORPUS, NOSRC, e->fp, nocc < ndocs ? ndocs : nocc, ndocs,
                   e->text);
}

/*
** SOURCE: entries with enough witnesses in their source; SHORT after,
** then CORPUS. The records are first laid out by entry, so that each
** entry's documents are contiguous: dl[off[e] .. off[e] + docs). Block
** counts are those of all documents with the line, copies included.
*/
static int decide(paa_boiler *bp) {
  size_t *off = NULL, nsh = 0, capbuf = 0, i, j;
  uint32_t *dl = NULL, *kept = NULL, *buf = NULL;
  fpent *sh = NULL;
  btable srcsum = { NULL, 0, 0, 0 };
  size_t need = corpus_need(bp);
  size_t nkept = bp->min_docs > need ? bp->min_docs : need;
  int isnew, r = -1;
  if (nkept > bp->ndoc) nkept = bp->ndoc;
  if ((off = (size_t *)malloc((bp->nent + 1) * sizeof *off)) == NULL ||
      (dl = (uint32_t *)malloc((bp->nrec + 1) * sizeof *dl)) == NULL ||
      (kept = (uint32_t *)malloc((nkept + 1) * sizeof *kept)) == NULL ||
      (sh = (fpent *)malloc((bp->nent + 1) * sizeof *sh)) == NULL)
    goto done;
  off[0] = 0;
  for (i = 0; i < bp->nent; i++) {
    off[i + 1] = off[i] + bp->ent[i].docs;  /* one record per document */
    bp->ent[i].eff = 0;  /* for now: records placed */
  }
  for (i = 0; i < bp->nrec; i++) {
    lentry *e = &bp->ent[bp->rec[i].entry];
    dl[off[bp->rec[i].entry] + e->eff++] = bp->rec[i].doc;
  }
  for (i = 0; i < bp->nent; i++) {
    lentry *e = &bp->ent[i];
    bslot *sum;
    if (e->sid == NOSRC) continue;  /* CORPUS, below */
    e->eff = (uint32_t)witnesses(bp, dl + off[i], e->docs, bp->min_docs, kept);
    if (e->eff >= bp->min_docs) {
      if (bt_insert(&bp->srcfp, qkey(0, e->sid, e->fp), &isnew) == NULL ||
          set_any(&bp->anyfp, e->fp, ANY_SOURCE) < 0 ||
          put_block(bp, PAA_BP_SOURCE, e->sid, e->fp, e->occ, e->docs, e->text) < 0 ||
          (sum = bt_insert(&srcsum, e->fp, &isnew)) == NULL)
        goto done;
      sum->a = sat_add32(sum->a, e->docs);
      sum->b = sat_add32(sum->b, e->occ);
    }
    if (e->bytes & SHORTBIT) {
      sh[nsh].fp = e->fp;
      sh[nsh++].entry = (uint32_t)i;
    }
  }
  qsort(sh, nsh, sizeof *sh, cmp_fpent);
  for (i = 0; i < nsh; i = j) {
    for (j = i + 1; j < nsh && sh[j].fp == sh[i].fp; j++) {}
    if (decide_short(bp, sh + i, j - i, off, dl, &buf, &capbuf, kept) < 0) goto done;
  }
  for (i = 0; i < bp->nent; i++)
    if (bp->ent[i].sid == NOSRC &&
        decide_corpus(bp, &bp->ent[i], dl + off[i], need, &srcsum, kept) < 0)
      goto done;
  r = 0;
done:
  bt_free(&srcsum);
  free(off);
  free(dl);
  free(kept);
  free(sh);
  free(buf);
  return r;
}

static int cmp_block(const void *x, const void *y) {
  const paa_boiler_block *a = (const paa_boiler_block *)x, *b = (const paa_boiler_block *)y;
  int c;
  if (a->documents != b->documents) return a->documents > b->documents ? -1 : 1;
  if (a->occurrences != b->occurrences) return a->occurrences > b->occurrences ? -1 : 1;
  if ((c = strcmp(a->text, b->text)) != 0) return c;
  if (a->rule != b->rule) return a->rule < b->rule ? -1 : 1;
  if ((c = strcmp(a->source, b->source)) != 0) return c;
  return (a->fingerprint > b->fingerprint) - (a->fingerprint < b->fingerprint);
}

static int cmp_fp_rule(const void *x, const void *y) {
  const paa_boiler_block *a = (const paa_boiler_block *)x, *b = (const paa_boiler_block *)y;
  if (a->fingerprint != b->fingerprint) return a->fingerprint < b->fingerprint ? -1 : 1;
  return (a->rule > b->rule) - (a->rule < b->rule);
}

/*
** A line that holds by several rules is one block, under the first rule
** that flags it (as 'scan' reports it): a block goes when an earlier
** rule keeps the same line in the same source, or in any source.
** Returns the number kept, compacted at the front.
*/
static size_t drop_shadowed(paa_boiler_block *out, size_t n) {
  size_t i, j, kept = 0;
  qsort(out, n, sizeof *out, cmp_fp_rule);
  for (i = 0; i < n; i++) {
    int shadowed = 0;
    for (j = kept; j > 0 && out[j - 1].fingerprint == out[i].fingerprint && !shadowed; j--) {
      const paa_boiler_block *c = &out[j - 1];  /* kept: compared with those alone */
      shadowed = c->rule < out[i].rule &&
                 (c->source[0] == '\0' || strcmp(c->source, out[i].source) == 0);
    }
    if (!shadowed) out[kept++] = out[i];
  }
  return kept;
}

/*
** The public blocks, with their texts copied into a buffer of their own
** (reserved at once, so pointers into it stay valid), sorted so that the
** order never depends on hashing.
*/
static int make_blocks(paa_boiler *bp) {
  size_t i, total = 0;
  if (bp->nblk == 0) return 0;
  for (i = 0; i < bp->nblk; i++)
    total += (bp->blk[i].text ? strlen(bp->pool.p + bp->blk[i].text - 1) : 0) + 1;
  if (!pbuf_reserve(&bp->outtext, total) ||
      (bp->out = (paa_boiler_block *)malloc(bp->nblk * sizeof *bp->out)) == NULL)
    return -1;
  for (i = 0; i < bp->nblk; i++) {
    const bblock *b = &bp->blk[i];
    paa_boiler_block *o = &bp->out[i];
    const char *t = b->text ? bp->pool.p + b->text - 1 : "";
    o->text = bp->outtext.p + bp->outtext.n;
    pbuf_add(&bp->outtext, t, strlen(t) + 1);  /* reserved: cannot fail */
    o->source = b->sid == NOSRC ? "" : bp->names.p + bp->srcname[b->sid];
    o->fingerprint = b->fp;
    o->rule = b->rule;
    o->occurrences = b->occ;
    o->documents = b->docs;
  }
  bp->nout = drop_shadowed(bp->out, bp->nblk);
  qsort(bp->out, bp->nout, sizeof *bp->out, cmp_block);
  return 0;
}

/*
** Everything is decided into new tables before the learning ones go; on
** failure those are dropped again and the model is as before, so that
** 'finish' may be called again.
*/
int paa_boiler_finish(paa_boiler *bp) {
  size_t nlearnt = bp->nblk;
  if (bp->finished) return 0;
  find_copies(bp);
  if (decide(bp) < 0 || make_blocks(bp) < 0) {
    bt_free(&bp->srcfp);
    bt_free(&bp->anyfp);
    free(bp->out);
    bp->out = NULL;
    bp->nout = 0;
    pbuf_free(&bp->outtext);
    bp->nblk = nlearnt;
    return -1;
  }
  free_learning(bp);
  bp->finished = 1;
  return 0;
}

/* }================================================================== */


/*
** {==================================================================
** Scanning and results
** ===================================================================
*/

/*
** Rules 1-4 come from the document itself, so any text can be scanned;
** rules 5-7 then look its remaining lines up in the tables 'finish' made
** ('anyfp' first: most lines are in none, and one lookup tells).
*/
int paa_boiler_scan(const paa_boiler *bp, const char *source, const char *s,
                    size_t n, paa_boiler_callback cb, void *ud) {
  docscan ds;
  uint32_t sid = NOSRC;
  size_t i;
  int r = 0;
  memset(&ds, 0, sizeof ds);
  if (classify(bp, &ds, s, n, NULL) < 0) {
    docscan_free(&ds);
    return -1;
  }
  if (bp->finished && source != NULL)
    sid = src_lookup(bp, source, XXH3_64bits(source, strlen(source)));
  for (i = 0; i < ds.nline && r == 0; i++) {
    const bline *l = &ds.line[i];
    int rule = l->rule;
    if (rule == 0 && bp->finished) {
      const bslot *any = bt_find(&bp->anyfp, l->fp);
      if (any == NULL) continue;
      if ((any->a & ANY_SOURCE) &&
          (source == NULL ||
           (sid != NOSRC && bt_find(&bp->srcfp, qkey(0, sid, l->fp)) != NULL)))
        rule = PAA_BP_SOURCE;
      else if (l->isshort && (any->a & ANY_SHORT))
        rule = PAA_BP_SHORT;
      else if (any->a & ANY_CORPUS)
        rule = PAA_BP_CORPUS;
    }
    if (rule != 0 && cb != NULL) {
      paa_boiler_span sp;
      sp.start = l->start;
      sp.stop = l->stop;
      sp.rule = rule;
      sp.fingerprint = l->fp;
      r = cb(ud, &sp);
    }
  }
  docscan_free(&ds);
  return r;
}

size_t paa_boiler_nblocks(const paa_boiler *bp) {
  return bp->finished ? bp->nout : 0;
}

const paa_boiler_block *paa_boiler_block_at(const paa_boiler *bp, size_t i) {
  return bp->finished && i < bp->nout ? &bp->out[i] : NULL;
}

size_t paa_boiler_ndocs(const paa_boiler *bp, size_t *copies) {
  if (copies != NULL) *copies = bp->copies;
  return bp->ndoc;
}

/* }================================================================== */


/*
** {==================================================================
** Cleaning
** ===================================================================
*/

typedef struct span_acc {
  paa_boiler_span *sp;   /* owned */
  size_t n, cap;
  int nomem;
} span_acc;

static int collect_span(void *ud, const paa_boiler_span *sp) {
  span_acc *a = (span_acc *)ud;
  if (a->n == a->cap) {
    size_t cap = a->cap ? 2 * a->cap : 32;
    paa_boiler_span *p = (paa_boiler_span *)realloc(a->sp, cap * sizeof(*p));
    if (p == NULL) { a->nomem = 1; return 1; }
    a->sp = p;
    a->cap = cap;
  }
  a->sp[a->n++] = *sp;
  return 0;
}

/*
** The text without its boilerplate lines: a removed line goes with its
** indentation and its line end, so what is left reads as the article
** did. One place for it, so a script's bp:clean and a C program's
** cleaning walk give the same bytes.
*/
int paa_boiler_clean(const paa_boiler *bp, const char *source, const char *s, size_t n,
                     char **out, size_t *outlen, paa_boiler_span **spans, size_t *nspans) {
  span_acc acc = { NULL, 0, 0, 0 };
  pbuf b = { NULL, 0, 0 };
  size_t i, pos = 0;
  int r = paa_boiler_scan(bp, source, s, n, collect_span, &acc);
  if (r < 0 || acc.nomem || !pbuf_reserve(&b, n)) goto nomem;
  for (i = 0; i < acc.n; i++) {
    size_t a = acc.sp[i].start, z = acc.sp[i].stop;
    while (a > pos && s[a - 1] != '\n') a--;       /* the line's indentation */
    while (z < n && s[z] != '\n') z++;
    if (z < n) z++;                                 /* and its line end */
    if (a > pos) pbuf_add(&b, s + pos, a - pos);   /* (room reserved) */
    pos = z;
  }
  pbuf_add(&b, s + pos, pos < n ? n - pos : 0);
  *out = b.p;
  *outlen = b.n;
  if (spans) {
    *spans = acc.sp;
    *nspans = acc.n;
  }
  else free(acc.sp);
  return 0;
nomem:
  free(acc.sp);
  pbuf_free(&b);
  return -1;
}

/* }================================================================== */


/*
** {==================================================================
** Saving and loading
** ===================================================================
** A finished model is what 'finish' kept: the options, the known
** phrases (as their keys and token counts), the source names in id
** order, the SOURCE and SHORT tables, the blocks, and the document and
** copy counts. Learning tables are gone by then, so that is all of it.
** The format (version 2), every integer little-endian:
**
**   magic "paa-boil", u32 version,
**   u64 min_docs, min_repeats, short_words, list_lines, template_words,
**   u64 copy_share (the bits of an IEEE 754 double), u64 documents, copies,
**   u64 min_share (the bits of an IEEE 754 double), u64 min_corpus_docs,
**   u32 n, n x u32: token counts of the phrases, ascending
**   u32 n, n x u64: phrase keys, ascending
**   u32 n, n x (u32 len, len bytes): source names, by source id
**   u32 n, n x u64: SOURCE keys, ascending
**   u32 n, n x (u64 fingerprint, u32 ANY_* bits): fingerprints, ascending
**   u32 n, n x (u32 rule, u32 source id or 0xFFFFFFFF, u64 fingerprint,
**              u64 occurrences, u64 documents, u32 len, len bytes): blocks
**   u64 paa_hash of all the bytes before it
**
** Keys are the table keys as they are (hashes of fingerprints with a
** source or a token count), so a model depends on the hashing of this
** build: the version changes whenever that or the layout does. Tables
** are written sorted and blocks in their order, so one model has one
** dump, and loading a dump and dumping it again gives the same bytes.
*/

#define DUMP_MAGIC    "paa-boil"
#define DUMP_VERSION  2u
#define DUMP_HEAD     (8 + 4 + 10 * 8)   /* magic, version, options and counts */
#define DUMP_BLOCK    (4 + 4 + 8 + 8 + 8 + 4)  /* a block without its text */
#define DUMP_MIN      (DUMP_HEAD + 6 * 4 + 8)  /* six empty lists and the checksum */

/* The keys of 't', ascending, into '*keys' (malloc'd, room for twice as many). -1: no memory */
static int sorted_keys(const btable *t, uint64_t **keys) {
  size_t i, k = 0, cap = t->slot ? t->mask + 1 : 0;
  uint64_t *a;
  *keys = NULL;
  if (t->count == 0) return 0;
  if (t->count > SIZE_MAX / (2 * sizeof *a) ||
      (a = (uint64_t *)malloc(2 * t->count * sizeof *a)) == NULL)
    return -1;
  for (i = 0; i < cap; i++)
    if (t->slot[i].key != 0) a[k++] = t->slot[i].key;
  sort_u64(a, a + k, k);
  *keys = a;
  return 0;
}

/* 'total' + 'more', or SIZE_MAX when that does not fit */
static size_t add_size(size_t total, size_t more) {
  return more > SIZE_MAX - total ? SIZE_MAX : total + more;
}

/* 'total' + a string of 's' (its u32 length first), SIZE_MAX when too long */
static size_t add_string(size_t total, const char *s) {
  size_t n = strlen(s);
  return n > UINT32_MAX ? SIZE_MAX : add_size(total, 4 + n);
}

/* Rules whose blocks have no source */
static int sourceless(int rule) {
  return rule == PAA_BP_KNOWN || rule == PAA_BP_SHORT || rule == PAA_BP_CORPUS;
}

/* A block's source id: none for KNOWN, SHORT and CORPUS, else its name's */
static uint32_t block_sid(const paa_boiler *bp, const paa_boiler_block *b) {
  if (sourceless(b->rule)) return NOSRC;
  return src_lookup(bp, b->source, XXH3_64bits(b->source, strlen(b->source)));
}

/*
** The size is counted first and the buffer allocated once, so the
** writing cannot fail half way.
*/
int paa_boiler_dump(const paa_boiler *bp, char **out, size_t *len) {
  uint64_t *phr = NULL, *src = NULL, *any = NULL, bits;
  unsigned char *buf, *p;
  size_t size = DUMP_MIN, i, nlen = 0;
  int r = -1;
  *out = NULL;
  *len = 0;
  if (!bp->finished || bp->phrase.count > MAXCOUNT || bp->srcfp.count > MAXCOUNT ||
      bp->anyfp.count > MAXCOUNT)
    return -1;  /* (the tables never hold so many: counts are written in 32 bits) */
  if (sorted_keys(&bp->phrase, &phr) < 0 || sorted_keys(&bp->srcfp, &src) < 0 ||
      sorted_keys(&bp->anyfp, &any) < 0)
    goto done;
  for (i = 1; i <= bp->maxplen; i++) nlen += bp->plen[i] != 0;
  size = add_size(size, 4 * nlen + 8 * bp->phrase.count);  /* (tables hold 16 bytes a key) */
  for (i = 0; i < bp->nsrc; i++) size = add_string(size, bp->names.p + bp->srcname[i]);
  size = add_size(size, 8 * bp->srcfp.count + 12 * bp->anyfp.count);
  for (i = 0; i < bp->nout; i++) size = add_string(add_size(size, DUMP_BLOCK - 4), bp->out[i].text);
  if (size == SIZE_MAX || (buf = (unsigned char *)malloc(size)) == NULL) goto done;
  memcpy(buf, DUMP_MAGIC, 8);
  p = put32(buf + 8, DUMP_VERSION);
  p = put64(p, bp->min_docs);
  p = put64(p, bp->min_repeats);
  p = put64(p, bp->short_words);
  p = put64(p, bp->list_lines);
  p = put64(p, bp->template_words);
  memcpy(&bits, &bp->copy_share, sizeof bits);
  p = put64(p, bits);
  p = put64(p, bp->ndoc);
  p = put64(p, bp->copies);
  memcpy(&bits, &bp->min_share, sizeof bits);
  p = put64(p, bits);
  p = put64(p, bp->min_corpus_docs);
  p = put32(p, (uint32_t)nlen);
  for (i = 1; i <= bp->maxplen; i++)
    if (bp->plen[i]) p = put32(p, (uint32_t)i);
  p = put32(p, (uint32_t)bp->phrase.count);
  for (i = 0; i < bp->phrase.count; i++) p = put64(p, phr[i]);
  p = put32(p, (uint32_t)bp->nsrc);
  for (i = 0; i < bp->nsrc; i++) {
    const char *name = bp->names.p + bp->srcname[i];
    size_t n = strlen(name);
    p = put32(p, (uint32_t)n);
    memcpy(p, name, n);
    p += n;
  }
  p = put32(p, (uint32_t)bp->srcfp.count);
  for (i = 0; i < bp->srcfp.count; i++) p = put64(p, src[i]);
  p = put32(p, (uint32_t)bp->anyfp.count);
  for (i = 0; i < bp->anyfp.count; i++) {
    p = put64(p, any[i]);
    p = put32(p, bt_find(&bp->anyfp, any[i])->a);
  }
  p = put32(p, (uint32_t)bp->nout);
  for (i = 0; i < bp->nout; i++) {
    const paa_boiler_block *b = &bp->out[i];
    size_t n = strlen(b->text);
    p = put32(p, (uint32_t)b->rule);
    p = put32(p, block_sid(bp, b));
    p = put64(p, b->fingerprint);
    p = put64(p, b->occurrences);
    p = put64(p, b->documents);
    p = put32(p, (uint32_t)n);
    memcpy(p, b->text, n);
    p += n;
  }
  p = put64(p, paa_hash((const char *)buf, (size_t)(p - buf)));
  *out = (char *)buf;
  *len = size;
  r = 0;
done:
  free(phr);
  free(src);
  free(any);
  return r;
}

/* reading a dump: every read is checked against the end */
typedef struct breader {
  const unsigned char *s;  /* the dump (not owned) */
  size_t n;              /* bytes to read: the dump without its checksum */
  size_t at;             /* next byte */
  char *err;             /* the message of the first problem */
  size_t errlen;
  int bad;               /* a problem was told */
} breader;

/* Tell the first problem met (later ones follow from it); -1 */
static int bad(breader *r, const char *what) {
  if (!r->bad) snprintf(r->err, r->errlen, "corrupt boilerplate model: %s at byte %zu",
                        what, r->at);
  r->bad = 1;
  return -1;
}

static int nomem(breader *r) {
  if (!r->bad) snprintf(r->err, r->errlen, "not enough memory");
  r->bad = 1;
  return -1;
}

static int get32(breader *r, uint32_t *v, const char *what) {
  if (r->bad || r->n - r->at < 4) return bad(r, what);
  *v = get32at(r->s + r->at);
  r->at += 4;
  return 0;
}

static int get64(breader *r, uint64_t *v, const char *what) {
  if (r->bad || r->n - r->at < 8) return bad(r, what);
  *v = get64at(r->s + r->at);
  r->at += 8;
  return 0;
}

/* A size_t option or count in [lo, hi] */
static int get_size(breader *r, size_t *v, uint64_t lo, uint64_t hi, const char *what) {
  uint64_t x;
  if (get64(r, &x, what) < 0) return -1;
  if (x < lo || x > hi || x > SIZE_MAX) return bad(r, what);
  *v = (size_t)x;
  return 0;
}

/*
** The count of a list whose items take 'item' bytes at least: a count
** the rest of the dump cannot hold is refused before anything is
** allocated for it.
*/
static int get_count(breader *r, size_t *v, size_t item, const char *what) {
  uint32_t x;
  if (get32(r, &x, what) < 0) return -1;
  if (x > MAXCOUNT || x > (r->n - r->at) / item) return bad(r, what);
  *v = x;
  return 0;
}

/* A string: 'len' bytes, none a NUL; '*p' points at them in the dump */
static int get_text(breader *r, const char **p, uint32_t *len, const char *what) {
  if (get32(r, len, what) < 0) return -1;
  if (*len > r->n - r->at || memchr(r->s + r->at, '\0', *len) != NULL) return bad(r, what);
  *p = (const char *)r->s + r->at;
  r->at += *len;
  return 0;
}

/* The keys of a table, ascending, into 't'; with 'bits', each with its ANY_* bits */
static int get_keys(breader *r, btable *t, int bits, const char *what) {
  size_t n, i;
  uint64_t key, prev = 0;
  if (get_count(r, &n, bits ? 12 : 8, what) < 0) return -1;
  for (i = 0; i < n; i++) {
    bslot *sl;
    uint32_t a = 0;
    int isnew;
    if (get64(r, &key, what) < 0 || (bits && get32(r, &a, what) < 0)) return -1;
    if (key <= prev || (bits && (a == 0 || a > ANY_ALL))) return bad(r, what);
    if ((sl = bt_insert(t, key, &isnew)) == NULL) return nomem(r);
    sl->a = a;
    prev = key;
  }
  return 0;
}

/* The options, and the counts of documents and copies (between them, as written) */
static int load_head(paa_boiler *bp, breader *r) {
  uint64_t bits;
  if (get_size(r, &bp->min_docs, 2, UINT64_MAX, "option min_docs") < 0 ||
      get_size(r, &bp->min_repeats, 1, UINT64_MAX, "option min_repeats") < 0 ||
      get_size(r, &bp->short_words, 1, UINT64_MAX, "option short_words") < 0 ||
      get_size(r, &bp->list_lines, 1, UINT64_MAX, "option list_lines") < 0 ||
      get_size(r, &bp->template_words, 1, SIZE_MAX / 2, "option template_words") < 0 ||
      get64(r, &bits, "option copy_share") < 0)
    return -1;
  bp->template_min = bp->template_words + 2;
  memcpy(&bp->copy_share, &bits, sizeof bits);
  if (!(bp->copy_share > 0)) return bad(r, "option copy_share");  /* NaN too */
  if (get_size(r, &bp->ndoc, 0, MAXCOUNT, "document count") < 0 ||
      get_size(r, &bp->copies, 0, bp->ndoc, "copy count") < 0 ||
      get64(r, &bits, "option min_share") < 0)
    return -1;
  memcpy(&bp->min_share, &bits, sizeof bits);
  if (!(bp->min_share > 0)) return bad(r, "option min_share");  /* NaN too */
  return get_size(r, &bp->min_corpus_docs, 2, UINT64_MAX, "option min_corpus_docs");
}

/* The known phrases: their token counts (the last, the longest, sizes 'plen'), then keys */
static int load_phrases(paa_boiler *bp, breader *r) {
  size_t nlen, first, i;
  uint32_t m, prev = 0;
  if (get_count(r, &nlen, 4, "phrase length count") < 0) return -1;
  first = r->at;
  for (i = 0; i < nlen; i++, prev = m)
    if (get32(r, &m, "phrase length") < 0 || m <= prev || m > MAXPHRASE)
      return bad(r, "phrase length");
  if (nlen > 0) {
    if ((bp->plen = (unsigned char *)calloc((size_t)prev + 1, 1)) == NULL) return nomem(r);
    bp->maxplen = prev;
    for (i = 0; i < nlen; i++) bp->plen[get32at(r->s + first + 4 * i)] = 1;
  }
  if (get_keys(r, &bp->phrase, 0, "phrase") < 0) return -1;
  if ((bp->phrase.count == 0) != (nlen == 0) || bp->phrase.count < nlen)
    return bad(r, "phrase count");
  return 0;
}

/* The source names, interned in id order: their ids come out as they were */
static int load_sources(paa_boiler *bp, breader *r) {
  size_t n, i;
  pbuf name = { NULL, 0, 0 };
  int rc = 0;
  if (get_count(r, &n, 4, "source count") < 0) return -1;
  for (i = 0; i < n && rc == 0; i++) {
    const char *p;
    uint32_t len, sid;
    pbuf_reset(&name);
    if (get_text(r, &p, &len, "source name") < 0) rc = -1;
    else if (!pbuf_add(&name, p, len) || src_intern(bp, name.p, &sid) < 0)
      rc = nomem(r);
    else if (sid != i) rc = bad(r, "repeated source name");
  }
  pbuf_free(&name);
  return rc;
}

/* One block into 'b' (its text left to the caller: '*text', 'len' bytes in the dump) */
static int get_block(const paa_boiler *bp, breader *r, paa_boiler_block *b,
                     const char **text, uint32_t *len) {
  uint32_t rule, sid;
  if (get32(r, &rule, "block rule") < 0) return -1;
  if (rule < PAA_BP_KNOWN || rule > PAA_BP_CORPUS) return bad(r, "block rule");
  if (get32(r, &sid, "block source") < 0) return -1;
  if (sourceless((int)rule) ? sid != NOSRC : sid >= bp->nsrc)
    return bad(r, "block source");
  if (get64(r, &b->fingerprint, "block fingerprint") < 0 ||
      get_size(r, &b->occurrences, 1, UINT64_MAX, "block occurrences") < 0 ||
      get_size(r, &b->documents, 1, b->occurrences < bp->ndoc ? b->occurrences : bp->ndoc,
               "block documents") < 0 ||
      get_text(r, text, len, "block text") < 0)
    return -1;
  b->rule = (int)rule;
  b->source = sid == NOSRC ? "" : bp->names.p + bp->srcname[sid];
  return 0;
}

/*
** The blocks, in two passes: the first checks them and sums their
** texts, so that 'outtext' is reserved at once and pointers into it
** stay; the second copies the texts and checks the order.
*/
static int load_blocks(paa_boiler *bp, breader *r) {
  size_t n, i, first, total = 0;
  paa_boiler_block b;
  const char *text;
  uint32_t len;
  if (get_count(r, &n, DUMP_BLOCK, "block count") < 0) return -1;
  first = r->at;
  for (i = 0; i < n; i++) {
    if (get_block(bp, r, &b, &text, &len) < 0) return -1;
    total += (size_t)len + 1;  /* bounded by the dump's size */
  }
  if (n == 0) return 0;
  if ((bp->out = (paa_boiler_block *)malloc(n * sizeof *bp->out)) == NULL ||
      !pbuf_reserve(&bp->outtext, total))
    return nomem(r);
  r->at = first;
  for (i = 0; i < n; i++) {
    paa_boiler_block *o = &bp->out[i];
    get_block(bp, r, o, &text, &len);  /* checked by the first pass */
    o->text = bp->outtext.p + bp->outtext.n;
    pbuf_add(&bp->outtext, text, len);  /* reserved: cannot fail */
    pbuf_addc(&bp->outtext, '\0');
    bp->nout = i + 1;
    if (i > 0 && cmp_block(o - 1, o) > 0) return bad(r, "block order");
  }
  return 0;
}

/*
** The magic, the version and the checksum are checked first, so that a
** file of another kind, of another version, truncated or damaged, is
** told as such; then every part is read with its bounds checked and
** its values checked against what 'finish' makes, whatever the bytes.
*/
paa_boiler *paa_boiler_load(const char *s, size_t n, char *err, size_t errlen) {
  const unsigned char *u = (const unsigned char *)s;
  breader r;
  paa_boiler *bp;
  uint32_t version;
  if (n < 8 || memcmp(s, DUMP_MAGIC, 8) != 0) {
    if (n == 0) snprintf(err, errlen, "not a boilerplate model (empty)");
    else if (n < 8 && memcmp(s, DUMP_MAGIC, n) == 0)
      snprintf(err, errlen, "truncated boilerplate model (%zu bytes)", n);
    else snprintf(err, errlen, "not a boilerplate model (no '%s' magic)", DUMP_MAGIC);
    return NULL;
  }
  if (n >= 12 && (version = get32at(u + 8)) != DUMP_VERSION) {
    snprintf(err, errlen, "boilerplate model of format version %lu; this build reads "
             "version %u", (unsigned long)version, DUMP_VERSION);
    return NULL;
  }
  if (n < DUMP_MIN) {
    snprintf(err, errlen, "truncated boilerplate model (%zu bytes)", n);
    return NULL;
  }
  if (paa_hash(s, n - 8) != get64at(u + n - 8)) {
    snprintf(err, errlen, "damaged or truncated boilerplate model (checksum mismatch)");
    return NULL;
  }
  if ((bp = (paa_boiler *)calloc(1, sizeof *bp)) == NULL) {
    snprintf(err, errlen, "not enough memory");
    return NULL;
  }
  r.s = u;
  r.n = n - 8;
  r.at = 12;
  r.err = err;
  r.errlen = errlen;
  r.bad = 0;
  if (load_head(bp, &r) < 0 || load_phrases(bp, &r) < 0 || load_sources(bp, &r) < 0 ||
      get_keys(&r, &bp->srcfp, 0, "SOURCE line") < 0 ||
      get_keys(&r, &bp->anyfp, 1, "line") < 0 || load_blocks(bp, &r) < 0 ||
      (r.at != r.n && bad(&r, "bytes after the blocks") < 0)) {
    paa_boiler_free(bp);
    return NULL;
  }
  bp->finished = 1;
  return bp;
}

/* }================================================================== */
