/*
** counts.c
** Term and n-gram frequencies per group of documents (paa.h, section
** Counts): one pass over the tokens of each text, words kept once in a
** table of their own, n-grams as tuples of word ids, and one (term,
** group) cell per pair counted, within a cap. No Lua here.
*/

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paa.h"
#include "engine.h"

#define XXH_INLINE_ALL
#include <xxhash.h>


#define CNT_CAP       ((size_t)1 << 20)   /* default cells kept after a text */
#define CNT_MINSLOTS  64
#define CNT_NOID      UINT32_MAX
#define CNT_MAGIC     "paa counts 1\n"

/* a slot of an id table: the key's hash beside its id, read together */
typedef struct idslot {
  uint64_t h;            /* hash of the key */
  uint32_t id;           /* the key's id, or CNT_NOID: empty */
  uint32_t pad_;         /* (unused) */
} idslot;

/* an open-addressed table of ids by 64-bit hash */
typedef struct idtab {
  idslot *slot;
  size_t cap;            /* slots: a power of two (0 before the first insert) */
  size_t n;              /* ids held */
} idtab;

/* a distinct word */
typedef struct cnt_word {
  size_t off;            /* its bytes in 'chars' */
  uint32_t len;
  uint32_t stop;         /* 1: a stopword */
} cnt_word;

/* a group of documents */
typedef struct cnt_group {
  size_t off, len;       /* its name in 'chars' */
  uint64_t docs, words, tokens;
} cnt_group;

/* a (term, group) cell; free when 'freq' is 0 */
typedef struct cnt_cell {
  uint32_t term, group;
  uint32_t docs;         /* documents that counted it */
  uint32_t pad_;         /* (unused) */
  uint64_t freq;
} cnt_cell;

/*
** The counts of a term not yet in a cell: those of its last group,
** kept beside the term until a text of another group has it (then they
** go to their cell) or the counts are read. Texts come grouped (a
** folder, a source), so most counts reach the large cell table once
** per run of a group rather than once per text.
*/
typedef struct cnt_pend {
  uint32_t group;
  uint32_t docs;
  uint64_t freq;         /* 0: nothing pending */
} cnt_pend;

/*
** A token seen lately, by its bytes as read (not folded): the word id
** it folds to. Frequent words (the, said, company) are most tokens, so
** most are found here, in a small table, without folding, hashing and
** comparing the word in the large table. Tokens of at most 16 bytes.
*/
typedef struct hot_slot {
  uint64_t a, b;         /* its bytes, as 'hot_key' reads them */
  uint32_t id;           /* its word id; CNT_NOID: empty */
  uint16_t len;          /* its length */
  uint16_t stop;         /* 1: the word is a stopword */
} hot_slot;

#define CNT_HOTBITS   16   /* 2^16 slots (1.5 MB) of the table of tokens seen lately */

/* a term of the text being added, and how often it came */
typedef struct doc_slot {
  uint32_t term;         /* CNT_NOID: free */
  uint32_t n;
} doc_slot;

struct paa_counter {
  int n;                 /* words per term */
  int numbers;           /* 0: number tokens are not counted */
  size_t cap;            /* cells kept after a text */
  pbuf chars;            /* bytes of words and group names */
  cnt_word *words;       /* by word id */
  size_t nwords, wcap;
  idtab wtab;            /* word bytes -> word id */
  uint32_t *grams;       /* n word ids per n-gram id (n > 1) */
  size_t ngrams, gcap;
  idtab gtab;            /* n word ids -> n-gram id */
  cnt_group *groups;
  size_t ngroups, grcap;
  idtab grtab;           /* group name -> group index */
  cnt_cell *cells;       /* open addressing by (term, group) */
  size_t cellcap;        /* slots: a power of two */
  size_t ncells;
  cnt_pend *pend;        /* by term id: counts not yet in a cell */
  size_t pcap;           /* entries of 'pend' (zeroed) */
  size_t npend;          /* entries with counts */
  doc_slot *dtab;        /* the text's terms (open addressing), flushed at its end */
  size_t dcap;           /* slots: a power of two */
  uint32_t *dused;       /* the slots in use, in order of first use */
  size_t ndused, dusedcap;
  uint64_t error;        /* the most a count may be short */
  pbuf fold;             /* scratch: a folded token */
  hot_slot *hot;         /* tokens seen lately (2^CNT_HOTBITS), or NULL before the first */
};


/*
** {==================================================================
** Tables
** ===================================================================
*/

typedef int (*eq_fn)(const paa_counter *c, uint32_t id, const void *key, size_t len);

/* The slot holding the key 'eq' accepts, or the empty slot where it goes */
static size_t probe(const paa_counter *c, const idtab *t, uint64_t h, eq_fn eq,
                    const void *key, size_t len) {
  size_t mask = t->cap - 1, i = (size_t)h & mask;
  const idslot *sl = t->slot;
  while (sl[i].id != CNT_NOID && (sl[i].h != h || !eq(c, sl[i].id, key, len)))
    i = (i + 1) & mask;
  return i;
}

/* Room for one more id in 't', kept at most half full. 0, or -1. */
static int idtab_room(idtab *t) {
  size_t cap, i, k;
  idslot *sl;
  if (2 * (t->n + 1) <= t->cap) return 0;
  cap = t->cap ? 2 * t->cap : CNT_MINSLOTS;
  if ((sl = (idslot *)malloc(cap * sizeof *sl)) == NULL) return -1;
  for (i = 0; i < cap; i++) sl[i].id = CNT_NOID;
  for (i = 0; i < t->cap; i++) {
    if (t->slot[i].id == CNT_NOID) continue;
    for (k = (size_t)t->slot[i].h & (cap - 1); sl[k].id != CNT_NOID; k = (k + 1) & (cap - 1)) {}
    sl[k] = t->slot[i];
  }
  free(t->slot);
  t->slot = sl;
  t->cap = cap;
  return 0;
}

static void idtab_free(idtab *t) {
  free(t->slot);
  memset(t, 0, sizeof *t);
}

/* The id under the key (its hash 'h') in 't', or CNT_NOID */
static uint32_t idtab_get(const paa_counter *c, const idtab *t, uint64_t h, eq_fn eq,
                          const void *key, size_t len) {
  return t->cap ? t->slot[probe(c, t, h, eq, key, len)].id : CNT_NOID;
}

/* Put 'id' under the key (not in 't' yet). 0, or -1 on out of memory. */
static int idtab_put(const paa_counter *c, idtab *t, uint64_t h, eq_fn eq, const void *key,
                     size_t len, uint32_t id) {
  size_t i;
  if (idtab_room(t) < 0) return -1;
  i = probe(c, t, h, eq, key, len);
  t->slot[i].h = h;
  t->slot[i].id = id;
  t->n++;
  return 0;
}

/* Grow an array of 'size'-byte items to room for 'need'. 0, or -1. */
static int grow(void **p, size_t *cap, size_t need, size_t size) {
  size_t ncap;
  void *np;
  if (need <= *cap) return 0;
  ncap = *cap ? *cap : 16;
  while (ncap < need) ncap *= 2;
  np = realloc(*p, ncap * size);
  if (np == NULL) return -1;
  *p = np;
  *cap = ncap;
  return 0;
}

/* Forget the tokens seen lately: their word ids changed */
static void hot_forget(paa_counter *c) {
  size_t i;
  if (c->hot == NULL) return;
  for (i = 0; i < ((size_t)1 << CNT_HOTBITS); i++) c->hot[i].id = CNT_NOID;
}

/* Make word 'id' a stopword (the tokens seen lately knew it as a word) */
static void set_stop(paa_counter *c, uint32_t id) {
  if (c->words[id].stop) return;
  c->words[id].stop = 1;
  hot_forget(c);
}

static int word_eq(const paa_counter *c, uint32_t id, const void *key, size_t len) {
  const cnt_word *w = &c->words[id];
  return w->len == len && memcmp(c->chars.p + w->off, key, len) == 0;
}

static int gram_eq(const paa_counter *c, uint32_t id, const void *key, size_t len) {
  (void)len;
  return memcmp(c->grams + (size_t)id * (size_t)c->n, key, (size_t)c->n * sizeof(uint32_t)) == 0;
}

static int group_eq(const paa_counter *c, uint32_t id, const void *key, size_t len) {
  const cnt_group *g = &c->groups[id];
  return g->len == len && memcmp(c->chars.p + g->off, key, len) == 0;
}

/* The id of the word 'w' (folded), added when new; CNT_NOID on no memory */
static uint32_t word_id(paa_counter *c, const char *w, size_t len) {
  uint64_t h = XXH3_64bits(w, len);
  uint32_t id = idtab_get(c, &c->wtab, h, word_eq, w, len);
  if (id != CNT_NOID) return id;
  if (len > UINT32_MAX || c->nwords >= CNT_NOID - 1 ||
      grow((void **)&c->words, &c->wcap, c->nwords + 1, sizeof *c->words) < 0)
    return CNT_NOID;
  c->words[c->nwords].off = c->chars.n;
  c->words[c->nwords].len = (uint32_t)len;
  c->words[c->nwords].stop = 0;
  if (pbuf_add(&c->chars, w, len) < 0 ||
      idtab_put(c, &c->wtab, h, word_eq, w, len, (uint32_t)c->nwords) < 0)
    return CNT_NOID;
  return (uint32_t)c->nwords++;
}

/* The id of the n-gram of word ids 'ids', added when new; CNT_NOID on no memory */
static uint32_t gram_id(paa_counter *c, const uint32_t *ids) {
  size_t bytes = (size_t)c->n * sizeof(uint32_t);
  uint64_t h = XXH3_64bits(ids, bytes);
  uint32_t id = idtab_get(c, &c->gtab, h, gram_eq, ids, 0);
  if (id != CNT_NOID) return id;
  if (c->ngrams >= CNT_NOID - 1 ||
      grow((void **)&c->grams, &c->gcap, (c->ngrams + 1) * (size_t)c->n, sizeof *c->grams) < 0)
    return CNT_NOID;
  memcpy(c->grams + c->ngrams * (size_t)c->n, ids, bytes);
  if (idtab_put(c, &c->gtab, h, gram_eq, ids, 0, (uint32_t)c->ngrams) < 0) return CNT_NOID;
  return (uint32_t)c->ngrams++;
}

/* The index of group 'name', added when new; CNT_NOID on no memory */
static uint32_t group_id(paa_counter *c, const char *name, size_t len) {
  uint64_t h = XXH3_64bits(name, len);
  uint32_t id = idtab_get(c, &c->grtab, h, group_eq, name, len);
  if (id != CNT_NOID) return id;
  if (c->ngroups >= CNT_NOID - 1 ||
      grow((void **)&c->groups, &c->grcap, c->ngroups + 1, sizeof *c->groups) < 0)
    return CNT_NOID;
  memset(&c->groups[c->ngroups], 0, sizeof *c->groups);
  c->groups[c->ngroups].off = c->chars.n;
  c->groups[c->ngroups].len = len;
  if (pbuf_add(&c->chars, name, len) < 0 ||
      idtab_put(c, &c->grtab, h, group_eq, name, len, (uint32_t)c->ngroups) < 0)
    return CNT_NOID;
  return (uint32_t)c->ngroups++;
}

/* }================================================================== */


/*
** {==================================================================
** Cells
** ===================================================================
*/

static size_t cell_slot(const cnt_cell *cells, size_t cap, uint32_t term, uint32_t group) {
  /* mixed (MurmurHash3's finaliser) with the table's size: cells moved
  ** from a table of another size, in its order, land in no particular
  ** order here (else they pile up in runs) */
  uint64_t k = ((uint64_t)term << 32 | group) ^ (uint64_t)cap * UINT64_C(0x9E3779B97F4A7C15);
  size_t mask = cap - 1, i;
  k = (k ^ (k >> 33)) * UINT64_C(0xff51afd7ed558ccd);
  k = (k ^ (k >> 33)) * UINT64_C(0xc4ceb9fe1a85ec53);
  i = (size_t)(k ^ (k >> 33)) & mask;
  while (cells[i].freq != 0 && (cells[i].term != term || cells[i].group != group))
    i = (i + 1) & mask;
  return i;
}

/* Rehash the cells into 'cap' slots (a power of two above their number). 0, or -1. */
static int cells_resize(paa_counter *c, size_t cap) {
  cnt_cell *nc = (cnt_cell *)calloc(cap, sizeof *nc);
  size_t i;
  if (nc == NULL) return -1;
  for (i = 0; i < c->cellcap; i++) {
    cnt_cell *e = &c->cells[i];
    if (e->freq != 0) nc[cell_slot(nc, cap, e->term, e->group)] = *e;
  }
  free(c->cells);
  c->cells = nc;
  c->cellcap = cap;
  return 0;
}

/* Add 'freq' occurrences in 'docs' documents to cell (term, group). 0, or -1. */
static int cell_add(paa_counter *c, uint32_t term, uint32_t group, uint64_t freq, uint64_t docs) {
  cnt_cell *e;
  if (4 * (c->ncells + 1) > 3 * c->cellcap &&
      cells_resize(c, c->cellcap ? 2 * c->cellcap : CNT_MINSLOTS) < 0)
    return -1;
  e = &c->cells[cell_slot(c->cells, c->cellcap, term, group)];
  if (e->freq == 0) {
    e->term = term;
    e->group = group;
    c->ncells++;
  }
  e->docs += (uint32_t)docs;
  e->freq += freq;
  return 0;
}

/* The slot of 'term' in the text's table, or the free slot where it goes */
static size_t doc_slot_of(const paa_counter *c, uint32_t term) {
  size_t mask = c->dcap - 1, i = (size_t)(term * UINT32_C(0x9E3779B1)) & mask;
  while (c->dtab[i].term != CNT_NOID && c->dtab[i].term != term) i = (i + 1) & mask;
  return i;
}

/*
** One occurrence of 'term' in the text being added: counted in the
** text's own small table first, so that the cells, a large table read
** at random, are touched once per distinct term of a text.
*/
static int doc_count(paa_counter *c, uint32_t term) {
  size_t i;
  if (4 * (c->ndused + 1) > 3 * c->dcap) {  /* grow: the slots in use move */
    size_t cap = c->dcap ? 2 * c->dcap : 1024, k;
    doc_slot *nt = (doc_slot *)malloc(cap * sizeof *nt), *old = c->dtab;
    if (nt == NULL || grow((void **)&c->dused, &c->dusedcap, cap, sizeof *c->dused) < 0) {
      free(nt);
      return -1;
    }
    memset(nt, 0xff, cap * sizeof *nt);
    c->dtab = nt;
    c->dcap = cap;
    for (k = 0; k < c->ndused; k++) {
      doc_slot e = old[c->dused[k]];
      size_t at = doc_slot_of(c, e.term);
      nt[at] = e;
      c->dused[k] = (uint32_t)at;
    }
    free(old);
  }
  i = doc_slot_of(c, term);
  if (c->dtab[i].term == CNT_NOID) {
    c->dtab[i].term = term;
    c->dtab[i].n = 0;
    c->dused[c->ndused++] = (uint32_t)i;
  }
  c->dtab[i].n++;
  return 0;
}

/* Move the pending counts of term 't' to its cell. 0, or -1. */
static int pend_out(paa_counter *c, uint32_t t) {
  cnt_pend *p = &c->pend[t];
  int rc = cell_add(c, t, p->group, p->freq, p->docs);
  p->freq = 0;
  p->docs = 0;
  c->npend--;
  return rc;
}

/*
** Every pending count into its cell: what reading, merging, dumping
** and pruning see. 0, or -1 on out of memory.
*/
static int settle(paa_counter *c) {
  size_t t;
  for (t = 0; t < c->pcap && c->npend > 0; t++)
    if (c->pend[t].freq != 0 && pend_out(c, (uint32_t)t) < 0) return -1;
  return 0;
}

/* The text's terms counted for group 'g'; the text's table emptied */
static int doc_flush(paa_counter *c, uint32_t g) {
  size_t k, nterms = c->n == 1 ? c->nwords : c->ngrams;
  int rc = 0;
  if (nterms > c->pcap) {  /* new terms: room, zeroed */
    size_t old = c->pcap;
    if (grow((void **)&c->pend, &c->pcap, nterms, sizeof *c->pend) < 0) rc = -1;
    else memset(c->pend + old, 0, (c->pcap - old) * sizeof *c->pend);
  }
  for (k = 0; k < c->ndused; k++) {
    doc_slot *e = &c->dtab[c->dused[k]];
    if (rc == 0) {
      cnt_pend *p = &c->pend[e->term];
      if (p->freq != 0 && p->group != g && pend_out(c, e->term) < 0) rc = -1;
      if (p->freq == 0) {
        p->group = g;
        c->npend++;
      }
      p->freq += e->n;
      p->docs++;
      c->groups[g].tokens += e->n;
    }
    e->term = CNT_NOID;
  }
  c->ndused = 0;
  return rc;
}

/* }================================================================== */


/*
** {==================================================================
** Pruning
** ===================================================================
** Past the cap, the cells of lowest counts go (every cell counted at
** most 't' times, 't' the smallest power of two that frees half), then
** the n-grams and words no cell holds any more (stopwords stay), and the
** ids left are renumbered in order, so the tables shrink with the cells.
*/

/* Keep the words marked in 'keep' (renumbered in order); map[old] = new */
static int compact_words(paa_counter *c, const unsigned char *keep, uint32_t *map) {
  pbuf chars = { NULL, 0, 0 };
  size_t i, k = 0;
  for (i = 0; i < c->ngroups; i++) {  /* group names move to the new bytes */
    size_t off = chars.n;
    if (pbuf_add(&chars, c->chars.p + c->groups[i].off, c->groups[i].len) < 0) goto nomem;
    c->groups[i].off = off;
  }
  for (i = 0; i < c->nwords; i++) {
    cnt_word w = c->words[i];
    if (!keep[i]) {
      map[i] = CNT_NOID;
      continue;
    }
    map[i] = (uint32_t)k;
    if (pbuf_add(&chars, c->chars.p + w.off, w.len) < 0) goto nomem;
    w.off = chars.n - w.len;
    c->words[k++] = w;
  }
  pbuf_free(&c->chars);
  c->chars = chars;
  c->nwords = k;
  idtab_free(&c->wtab);
  for (i = 0; i < k; i++) {
    const char *w = c->chars.p + c->words[i].off;
    if (idtab_put(c, &c->wtab, XXH3_64bits(w, c->words[i].len), word_eq, w, c->words[i].len,
                  (uint32_t)i) < 0)
      return -1;
  }
  return 0;
nomem:
  pbuf_free(&chars);
  return -1;
}

/* Keep the n-grams marked in 'keep', renumbered; words by 'wmap'; map[old] = new */
static int compact_grams(paa_counter *c, const unsigned char *keep, const uint32_t *wmap,
                         uint32_t *map) {
  size_t i, j, k = 0, n = (size_t)c->n;
  for (i = 0; i < c->ngrams; i++) {
    if (!keep[i]) {
      map[i] = CNT_NOID;
      continue;
    }
    map[i] = (uint32_t)k;
    for (j = 0; j < n; j++) c->grams[k * n + j] = wmap[c->grams[i * n + j]];
    k++;
  }
  c->ngrams = k;
  idtab_free(&c->gtab);
  for (i = 0; i < k; i++)
    if (idtab_put(c, &c->gtab, XXH3_64bits(c->grams + i * n, n * sizeof(uint32_t)), gram_eq,
                  c->grams + i * n, 0, (uint32_t)i) < 0)
      return -1;
  return 0;
}

/*
** Forget every count and group, keeping the words met (stopwords among
** them): the counter of one text after another (a document-feature
** matrix), its word table built once. A large cell table goes, so that
** one long text does not make every later one clear it.
*/
void paa_counter_clear(paa_counter *c) {
  c->ngroups = 0;
  idtab_free(&c->grtab);
  c->ngrams = 0;
  idtab_free(&c->gtab);
  if (c->cellcap > 4096) {
    free(c->cells);
    c->cells = NULL;
    c->cellcap = 0;
  }
  else if (c->cells) memset(c->cells, 0, c->cellcap * sizeof *c->cells);
  c->ncells = 0;
  if (c->npend > 0) memset(c->pend, 0, c->pcap * sizeof *c->pend);
  c->npend = 0;
  c->error = 0;
}

/* The smallest power of two 't' such that cells counted <= t are half or more */
static uint64_t prune_threshold(const paa_counter *c) {
  uint64_t t = 1;
  for (;;) {
    size_t i, below = 0;
    for (i = 0; i < c->cellcap; i++)
      if (c->cells[i].freq != 0 && c->cells[i].freq <= t) below++;
    if (2 * below >= c->ncells) return t;
    t *= 2;
  }
}

static int prune(paa_counter *c) {
  uint64_t t;
  if (settle(c) < 0) return -1;
  t = prune_threshold(c);
  size_t nterms = c->n == 1 ? c->nwords : c->ngrams, i, j;
  unsigned char *keep = (unsigned char *)calloc(nterms + 1, 1);
  unsigned char *wkeep = (unsigned char *)calloc(c->nwords + 1, 1);
  uint32_t *wmap = (uint32_t *)malloc((c->nwords + 1) * sizeof *wmap);
  uint32_t *gmap = c->n > 1 ? (uint32_t *)malloc((c->ngrams + 1) * sizeof *gmap) : NULL;
  int rc = -1;
  if (keep == NULL || wkeep == NULL || wmap == NULL || (c->n > 1 && gmap == NULL)) goto done;
  for (i = 0; i < c->cellcap; i++) {
    cnt_cell *e = &c->cells[i];
    if (e->freq == 0) continue;
    if (e->freq <= t) {
      memset(e, 0, sizeof *e);
      c->ncells--;
    }
    else keep[e->term] = 1;
  }
  for (i = 0; i < c->nwords; i++) wkeep[i] = (unsigned char)(c->words[i].stop || (c->n == 1 && keep[i]));
  if (c->n > 1)
    for (i = 0; i < c->ngrams; i++)
      if (keep[i])
        for (j = 0; j < (size_t)c->n; j++) wkeep[c->grams[i * (size_t)c->n + j]] = 1;
  hot_forget(c);
  if (compact_words(c, wkeep, wmap) < 0) goto done;
  if (c->n > 1 && compact_grams(c, keep, wmap, gmap) < 0) goto done;
  for (i = 0; i < c->cellcap; i++)
    if (c->cells[i].freq != 0) c->cells[i].term = c->n == 1 ? wmap[c->cells[i].term] : gmap[c->cells[i].term];
  {
    size_t cap = CNT_MINSLOTS;
    while (3 * cap < 4 * (c->ncells + 1)) cap *= 2;
    if (cells_resize(c, cap) < 0) goto done;
  }
  c->error += t;
  rc = 0;
done:
  free(keep);
  free(wkeep);
  free(wmap);
  free(gmap);
  return rc;
}

/* }================================================================== */


/*
** {==================================================================
** Counting
** ===================================================================
*/

paa_counter *paa_counter_new(int n, size_t cap, int numbers) {
  paa_counter *c;
  if (n < 1 || n > PAA_COUNT_MAXN) return NULL;
  c = (paa_counter *)calloc(1, sizeof *c);
  if (c == NULL) return NULL;
  c->n = n;
  c->numbers = numbers != 0;
  c->cap = cap ? cap : CNT_CAP;
  return c;
}

void paa_counter_free(paa_counter *c) {
  if (c == NULL) return;
  pbuf_free(&c->chars);
  pbuf_free(&c->fold);
  free(c->words);
  idtab_free(&c->wtab);
  free(c->grams);
  idtab_free(&c->gtab);
  free(c->groups);
  idtab_free(&c->grtab);
  free(c->cells);
  free(c->dtab);
  free(c->dused);
  free(c->pend);
  free(c->hot);
  free(c);
}

/* The word id of a token of 'len' bytes at 's', folded as a term */
static uint32_t token_word(paa_counter *c, const char *s, size_t len) {
  size_t flen;
  if (pbuf_reserve(&c->fold, 2 * len + 4) < 0) return CNT_NOID;
  flen = paa_fold_term(s, len, c->fold.p);
  return word_id(c, c->fold.p, flen);
}

/*
** The key of a token of 'len' <= 16 bytes: its first and last 8 bytes
** (overlapping when shorter than 16), or 4, or three bytes of a short
** one; with the length, they are the whole token. 0 when it is longer.
*/
static int hot_key(const char *s, size_t len, uint64_t *a, uint64_t *b) {
  if (len == 0 || len > 16) return 0;
  if (len >= 8) {
    memcpy(a, s, 8);
    memcpy(b, s + len - 8, 8);
  }
  else if (len >= 4) {
    uint32_t x, y;
    memcpy(&x, s, 4);
    memcpy(&y, s + len - 4, 4);
    *a = x;
    *b = y;
  }
  else {
    *a = (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[len / 2] << 8 |
         (uint64_t)(unsigned char)s[len - 1] << 16;
    *b = 0;
  }
  return 1;
}

/*
** The word id of a token of the text, through the tokens seen lately;
** '*stop' says whether it is a stopword (read there too, as the word's
** own record is the next thing a hit would have to fetch)
*/
static uint32_t text_word(paa_counter *c, const char *s, size_t len, int *stop) {
  uint64_t a, b;
  hot_slot *h;
  uint32_t id;
  if (!hot_key(s, len, &a, &b)) {
    if ((id = token_word(c, s, len)) != CNT_NOID) *stop = (int)c->words[id].stop;
    return id;
  }
  if (c->hot == NULL) {
    if ((c->hot = (hot_slot *)malloc(sizeof *c->hot << CNT_HOTBITS)) == NULL) return CNT_NOID;
    hot_forget(c);
  }
  h = &c->hot[(size_t)(((a ^ len) * UINT64_C(0x9E3779B97F4A7C15) ^ b * UINT64_C(0xC2B2AE3D27D4EB4F)) >>
                       (64 - CNT_HOTBITS))];
  if (h->id != CNT_NOID && h->a == a && h->b == b && h->len == len) {
    *stop = h->stop;
    return h->id;
  }
  if ((id = token_word(c, s, len)) != CNT_NOID) {
    h->a = a;
    h->b = b;
    h->len = (uint16_t)len;
    h->stop = (uint16_t)c->words[id].stop;
    h->id = id;
    *stop = h->stop;
  }
  return id;
}

int paa_counter_stopword(paa_counter *c, const char *w, size_t len) {
  uint32_t id = token_word(c, w, len);
  if (id == CNT_NOID) return -1;
  set_stop(c, id);
  return 0;
}

int paa_counter_add(paa_counter *c, const char *s, size_t n, const char *group, size_t glen) {
  uint32_t g = group_id(c, group, glen), ring[PAA_COUNT_MAXN];
  size_t run = 0, last = 0, nn = (size_t)c->n;
  paa_tokenizer t;
  paa_token tok;
  uint64_t words = 0;
  if (g == CNT_NOID) return -1;
  while (c->ndused > 0) c->dtab[c->dused[--c->ndused]].term = CNT_NOID;  /* a text that failed left them */
  paa_tokenizer_init(&t, s, n);
  while (nn == 1 ? paa_word_next(&t, &tok) : paa_token_next(&t, &tok)) {
    int counted = tok.kind == PAA_TOK_WORD || (tok.kind == PAA_TOK_NUMBER && c->numbers), stop;
    uint32_t w;
    if (tok.kind == PAA_TOK_WORD || tok.kind == PAA_TOK_NUMBER) words++;
    if (nn > 1 && (!counted || paa_blank_between(s, last, tok.start))) run = 0;
    last = tok.stop;
    if (!counted) continue;
    if ((w = text_word(c, s + tok.start, tok.stop - tok.start, &stop)) == CNT_NOID) return -1;
    if (nn == 1) {
      if (!stop && doc_count(c, w) < 0) return -1;
      continue;
    }
    if (run < nn) ring[run++] = w;
    else {
      memmove(ring, ring + 1, (nn - 1) * sizeof *ring);
      ring[nn - 1] = w;
    }
    if (run == nn && !c->words[ring[0]].stop && !stop) {
      uint32_t id = gram_id(c, ring);
      if (id == CNT_NOID || doc_count(c, id) < 0) return -1;
    }
  }
  if (doc_flush(c, g) < 0) return -1;
  c->groups[g].docs++;
  c->groups[g].words += words;
  if (c->ncells + c->npend > c->cap) return prune(c);
  return 0;
}

/* The word ids of term 'term' of 'c' in 'ids' (n of them) */
static void term_words(const paa_counter *c, uint32_t term, uint32_t *ids) {
  if (c->n == 1) ids[0] = term;
  else memcpy(ids, c->grams + (size_t)term * (size_t)c->n, (size_t)c->n * sizeof *ids);
}

int paa_counter_merge(paa_counter *c, paa_counter *from) {
  uint32_t *gmap, *wmap, ids[PAA_COUNT_MAXN];
  size_t i, j;
  int rc = -1;
  if (from->n != c->n || settle(c) < 0 || settle(from) < 0) return -1;
  gmap = (uint32_t *)malloc((from->ngroups + 1) * sizeof *gmap);
  wmap = (uint32_t *)malloc((from->nwords + 1) * sizeof *wmap);
  if (gmap == NULL || wmap == NULL) goto done;
  for (i = 0; i < from->ngroups; i++) {
    const cnt_group *fg = &from->groups[i];
    if ((gmap[i] = group_id(c, from->chars.p + fg->off, fg->len)) == CNT_NOID) goto done;
    c->groups[gmap[i]].docs += fg->docs;
    c->groups[gmap[i]].words += fg->words;
    c->groups[gmap[i]].tokens += fg->tokens;
  }
  for (i = 0; i < from->nwords; i++) {
    const cnt_word *w = &from->words[i];
    if ((wmap[i] = word_id(c, from->chars.p + w->off, w->len)) == CNT_NOID) goto done;
    if (w->stop) set_stop(c, wmap[i]);
  }
  for (i = 0; i < from->cellcap; i++) {
    const cnt_cell *e = &from->cells[i];
    uint32_t term;
    if (e->freq == 0) continue;
    term_words(from, e->term, ids);
    for (j = 0; j < (size_t)c->n; j++) ids[j] = wmap[ids[j]];
    term = c->n == 1 ? ids[0] : gram_id(c, ids);
    if (term == CNT_NOID || cell_add(c, term, gmap[e->group], e->freq, e->docs) < 0) goto done;
  }
  c->error += from->error;
  rc = c->ncells > c->cap ? prune(c) : 0;
done:
  free(gmap);
  free(wmap);
  return rc;
}

/* }================================================================== */


/*
** {==================================================================
** Reading the counts
** ===================================================================
*/

int paa_counter_n(const paa_counter *c) { return c->n; }
size_t paa_counter_ngroups(const paa_counter *c) { return c->ngroups; }
size_t paa_counter_ncells(const paa_counter *c) { return c->ncells + c->npend; }
uint64_t paa_counter_error(const paa_counter *c) { return c->error; }

size_t paa_counter_nwords(const paa_counter *c) { return c->nwords; }

const char *paa_counter_word(const paa_counter *c, uint32_t w, size_t *len) {
  *len = c->words[w].len;
  return c->chars.p + c->words[w].off;
}

int paa_counter_margin(paa_counter *c, size_t group, int pos, uint64_t *out) {
  uint32_t ids[PAA_COUNT_MAXN];
  size_t i;
  memset(out, 0, c->nwords * sizeof *out);
  if (settle(c) < 0) return -1;
  for (i = 0; i < c->cellcap; i++) {
    const cnt_cell *e = &c->cells[i];
    if (e->freq == 0 || (group != (size_t)-1 && e->group != group)) continue;
    term_words(c, e->term, ids);
    out[ids[pos]] += e->freq;
  }
  return 0;
}

int paa_counter_totals(paa_counter *c, const unsigned char *want, uint64_t *out) {
  size_t i, nterms;
  if (settle(c) < 0) return -1;
  nterms = c->n == 1 ? c->nwords : c->ngrams;
  memset(out, 0, nterms * sizeof *out);
  for (i = 0; i < c->cellcap; i++) {
    const cnt_cell *e = &c->cells[i];
    if (e->freq != 0 && want[e->group]) out[e->term] += e->freq;
  }
  return 0;
}

size_t paa_counter_nterms(const paa_counter *c) { return c->n == 1 ? c->nwords : c->ngrams; }

void paa_counter_group(const paa_counter *c, size_t g, paa_count_group *out) {
  const cnt_group *gr = &c->groups[g];
  out->name = c->chars.p + gr->off;
  out->len = gr->len;
  out->docs = gr->docs;
  out->words = gr->words;
  out->tokens = gr->tokens;
}

size_t paa_counter_find_group(const paa_counter *c, const char *name, size_t len) {
  uint32_t id = idtab_get(c, &c->grtab, XXH3_64bits(name, len), group_eq, name, len);
  return id == CNT_NOID ? (size_t)-1 : id;
}

size_t paa_counter_term(const paa_counter *c, uint32_t term, char *out, size_t cap) {
  uint32_t ids[PAA_COUNT_MAXN];
  size_t len = 0, j;
  term_words(c, term, ids);
  for (j = 0; j < (size_t)c->n; j++) {
    const cnt_word *w = &c->words[ids[j]];
    if (j > 0) {
      if (len < cap) out[len] = ' ';
      len++;
    }
    if (len < cap) memcpy(out + len, c->chars.p + w->off, len + w->len <= cap ? w->len : cap - len);
    len += w->len;
  }
  return len;
}

/* Bytewise order of the texts of terms 'a' and 'b': word by word, as a
** space sorts before every byte of a word */
static int term_cmp(const paa_counter *c, uint32_t a, uint32_t b) {
  uint32_t ia[PAA_COUNT_MAXN], ib[PAA_COUNT_MAXN];
  size_t j;
  term_words(c, a, ia);
  term_words(c, b, ib);
  for (j = 0; j < (size_t)c->n; j++) {
    const cnt_word *x = &c->words[ia[j]], *y = &c->words[ib[j]];
    size_t m = x->len < y->len ? x->len : y->len;
    int r = memcmp(c->chars.p + x->off, c->chars.p + y->off, m);
    if (r != 0) return r;
    if (x->len != y->len) return x->len < y->len ? -1 : 1;
  }
  return 0;
}

/* Whether group 'a''s name sorts before group 'b''s (bytes) */
static int group_before(const paa_counter *c, size_t a, size_t b) {
  const cnt_group *x = &c->groups[a], *y = &c->groups[b];
  size_t m = x->len < y->len ? x->len : y->len;
  int r = memcmp(c->chars.p + x->off, c->chars.p + y->off, m);
  return r != 0 ? r < 0 : x->len < y->len;
}

/* Merge sort of 'n' group indices by name ('tmp' holds n) */
static void sort_groups(const paa_counter *c, size_t *a, size_t *tmp, size_t n) {
  size_t mid = n / 2, i = 0, j, k = 0;
  if (n < 2) return;
  sort_groups(c, a, tmp, mid);
  sort_groups(c, a + mid, tmp, n - mid);
  j = mid;
  while (i < mid && j < n) tmp[k++] = group_before(c, a[j], a[i]) ? a[j++] : a[i++];
  while (i < mid) tmp[k++] = a[i++];
  while (j < n) tmp[k++] = a[j++];
  memcpy(a, tmp, n * sizeof *a);
}

/*
** Groups are listed by name, not in the order they were first met (which
** depends on how the corpus was split between workers).
*/
int paa_counter_group_order(const paa_counter *c, size_t *order) {
  size_t i, *tmp = (size_t *)malloc((c->ngroups + 1) * sizeof *tmp);
  if (tmp == NULL) return -1;
  for (i = 0; i < c->ngroups; i++) order[i] = i;
  sort_groups(c, order, tmp, c->ngroups);
  free(tmp);
  return 0;
}

/* group (by name: 'rank'), then most frequent first, then term text */
static int cell_before(const paa_counter *c, const uint32_t *rank, const paa_count_cell *a,
                       const paa_count_cell *b) {
  if (a->group != b->group) return rank[a->group] < rank[b->group];
  if (a->freq != b->freq) return a->freq > b->freq;
  return term_cmp(c, a->term, b->term) < 0;
}

/* Merge sort of 'n' cells by 'cell_before' ('tmp' holds n) */
static void sort_cells(const paa_counter *c, const uint32_t *rank, paa_count_cell *a,
                       paa_count_cell *tmp, size_t n) {
  size_t mid = n / 2, i = 0, j, k = 0;
  if (n < 2) return;
  sort_cells(c, rank, a, tmp, mid);
  sort_cells(c, rank, a + mid, tmp, n - mid);
  j = mid;
  while (i < mid && j < n) tmp[k++] = cell_before(c, rank, &a[j], &a[i]) ? a[j++] : a[i++];
  while (i < mid) tmp[k++] = a[i++];
  while (j < n) tmp[k++] = a[j++];
  memcpy(a, tmp, n * sizeof *a);
}

/* The k-th largest of 'n' values (1 <= k <= n), 'v' reordered (quickselect) */
static uint64_t kth_largest(uint64_t *v, size_t n, size_t k) {
  size_t lo = 0, hi = n - 1, want = k - 1;
  while (lo < hi) {
    uint64_t pivot = v[lo + (hi - lo) / 2];
    size_t i = lo, j = hi;
    while (i <= j) {
      while (v[i] > pivot) i++;
      while (v[j] < pivot) j--;
      if (i <= j) {
        uint64_t t = v[i];
        v[i] = v[j];
        v[j] = t;
        i++;
        if (j == 0) break;
        j--;
      }
    }
    if (want <= j) hi = j;
    else if (want >= i) lo = i;
    else return v[want];
  }
  return v[want];
}

/*
** The least frequency a cell of each group needs to be among its 'top'
** most frequent (ties kept): 'least[g]', so that only those cells are
** sorted. 0, or -1 on out of memory.
*/
static int top_thresholds(const paa_counter *c, uint64_t min, size_t top, uint64_t *least) {
  size_t *count = (size_t *)calloc(c->ngroups + 1, sizeof *count), *at, i, g;
  uint64_t *v;
  int rc = -1;
  for (g = 0; g < c->ngroups; g++) least[g] = min;
  if (count == NULL) return -1;
  for (i = 0; i < c->cellcap; i++)
    if (c->cells[i].freq >= min) count[c->cells[i].group + 1]++;
  for (g = 0; g < c->ngroups; g++) count[g + 1] += count[g];
  at = (size_t *)malloc((c->ngroups + 1) * sizeof *at);
  v = (uint64_t *)malloc((count[c->ngroups] + 1) * sizeof *v);
  if (at == NULL || v == NULL) goto done;
  memcpy(at, count, (c->ngroups + 1) * sizeof *at);
  for (i = 0; i < c->cellcap; i++)
    if (c->cells[i].freq >= min) v[at[c->cells[i].group]++] = c->cells[i].freq;
  for (g = 0; g < c->ngroups; g++) {
    size_t n = count[g + 1] - count[g];
    if (n > top) least[g] = kth_largest(v + count[g], n, top);
  }
  rc = 0;
done:
  free(count);
  free(at);
  free(v);
  return rc;
}

size_t paa_counter_cells(paa_counter *c, size_t group, uint64_t min, size_t top,
                         paa_count_cell **out) {
  paa_count_cell *a, *tmp;
  uint64_t *least = NULL;
  size_t i, n = 0, k = 0, run = 0;
  if (settle(c) < 0) return (size_t)-1;
  a = (paa_count_cell *)malloc((c->ncells + 1) * sizeof *a);
  if (a == NULL) return (size_t)-1;
  if (min == 0) min = 1;
  if (top > 0 && c->ngroups > 0) {
    least = (uint64_t *)malloc(c->ngroups * sizeof *least);
    if (least == NULL || top_thresholds(c, min, top, least) < 0) {
      free(least);
      free(a);
      return (size_t)-1;
    }
  }
  for (i = 0; i < c->cellcap; i++) {
    const cnt_cell *e = &c->cells[i];
    if (e->freq == 0 || e->freq < min || (group != (size_t)-1 && e->group != group)) continue;
    if (least && e->freq < least[e->group]) continue;
    a[n].term = e->term;
    a[n].group = e->group;
    a[n].freq = e->freq;
    a[n].docs = e->docs;
    n++;
  }
  free(least);
  {
    size_t *order = (size_t *)malloc((c->ngroups + 1) * sizeof *order);
    uint32_t *rank = (uint32_t *)malloc((c->ngroups + 1) * sizeof *rank);
    tmp = (paa_count_cell *)malloc((n + 1) * sizeof *tmp);
    if (order == NULL || rank == NULL || tmp == NULL || paa_counter_group_order(c, order) < 0) {
      free(order);
      free(rank);
      free(tmp);
      free(a);
      return (size_t)-1;
    }
    for (i = 0; i < c->ngroups; i++) rank[order[i]] = (uint32_t)i;
    sort_cells(c, rank, a, tmp, n);
    free(order);
    free(rank);
    free(tmp);
  }
  for (i = 0; i < n; i++) {  /* at most 'top' of each group */
    if (i > 0 && a[i].group != a[i - 1].group) run = 0;
    if (top == 0 || run++ < top) a[k++] = a[i];
  }
  *out = a;
  return k;
}

/* }================================================================== */


/*
** {==================================================================
** Dump and load
** ===================================================================
** CNT_MAGIC, then unsigned LEB128 numbers and length-prefixed bytes:
** n, numbers, cap, error; the groups (name, docs, words, tokens); the
** words (bytes, stop); the n-grams (n word ids each); the cells (term,
** group, freq, docs) by term, then group.
*/

static int put_u(pbuf *b, uint64_t v) {
  do {
    int byte = (int)(v & 0x7f);
    v >>= 7;
    if (pbuf_addc(b, v ? byte | 0x80 : byte) < 0) return -1;
  } while (v);
  return 0;
}

static int put_bytes(pbuf *b, const char *s, size_t n) {
  return put_u(b, n) < 0 ? -1 : pbuf_add(b, s, n);
}

/*
** Stable counting sort of the 'n' cells of 'in' into 'out' by 'key' (0:
** term, 1: group), below 'range'. Two of them, group then term, order
** the cells by term, then group, in time linear in the cells: a
** comparison sort was the dearest part of a dump. 0, or -1.
*/
static int cells_by(const cnt_cell *in, cnt_cell *out, size_t n, int key, size_t range) {
  size_t *at = (size_t *)calloc(range + 1, sizeof *at), i, sum = 0;
  if (at == NULL) return -1;
  for (i = 0; i < n; i++) at[key ? in[i].group : in[i].term]++;
  for (i = 0; i <= range; i++) {
    size_t k = at[i];
    at[i] = sum;
    sum += k;
  }
  for (i = 0; i < n; i++) out[at[key ? in[i].group : in[i].term]++] = in[i];
  free(at);
  return 0;
}

char *paa_counter_dump(paa_counter *c, size_t *len) {
  pbuf b = { NULL, 0, 0 };
  size_t i;
  int bad = settle(c) < 0 || pbuf_add(&b, CNT_MAGIC, strlen(CNT_MAGIC)) < 0 || put_u(&b, (uint64_t)c->n) < 0 ||
            put_u(&b, (uint64_t)c->numbers) < 0 || put_u(&b, c->cap) < 0 || put_u(&b, c->error) < 0 ||
            put_u(&b, c->ngroups) < 0;
  for (i = 0; !bad && i < c->ngroups; i++) {
    const cnt_group *g = &c->groups[i];
    bad = put_bytes(&b, c->chars.p + g->off, g->len) < 0 || put_u(&b, g->docs) < 0 ||
          put_u(&b, g->words) < 0 || put_u(&b, g->tokens) < 0;
  }
  bad = bad || put_u(&b, c->nwords) < 0;
  for (i = 0; !bad && i < c->nwords; i++)
    bad = put_bytes(&b, c->chars.p + c->words[i].off, c->words[i].len) < 0 ||
          put_u(&b, c->words[i].stop) < 0;
  bad = bad || put_u(&b, c->n > 1 ? c->ngrams : 0) < 0;
  for (i = 0; !bad && c->n > 1 && i < c->ngrams * (size_t)c->n; i++) bad = put_u(&b, c->grams[i]) < 0;
  bad = bad || put_u(&b, c->ncells) < 0;
  if (!bad) {  /* by term, then group: the same counts dump to the same bytes */
    cnt_cell *all = (cnt_cell *)malloc((c->ncells + 1) * sizeof *all);
    cnt_cell *tmp = (cnt_cell *)malloc((c->ncells + 1) * sizeof *tmp);
    size_t k = 0;
    if (all == NULL || tmp == NULL) bad = 1;
    for (i = 0; !bad && i < c->cellcap; i++)
      if (c->cells[i].freq != 0) tmp[k++] = c->cells[i];
    bad = bad || cells_by(tmp, all, k, 1, c->ngroups) < 0 || cells_by(all, tmp, k, 0, paa_counter_nterms(c)) < 0;
    for (i = 0; !bad && i < k; i++)
      bad = put_u(&b, tmp[i].term) < 0 || put_u(&b, tmp[i].group) < 0 || put_u(&b, tmp[i].freq) < 0 ||
            put_u(&b, tmp[i].docs) < 0;
    free(all);
    free(tmp);
  }
  if (bad) {
    pbuf_free(&b);
    return NULL;
  }
  *len = b.n;
  return b.p;
}

/* a reader of dumped bytes */
typedef struct reader {
  const unsigned char *p, *e;
  int bad;
} reader;

static uint64_t get_u(reader *r) {
  uint64_t v = 0;
  int shift = 0;
  while (!r->bad) {
    unsigned byte;
    if (r->p >= r->e || shift > 63) {
      r->bad = 1;
      break;
    }
    byte = *r->p++;
    v |= (uint64_t)(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return v;
    shift += 7;
  }
  return 0;
}

static const char *get_bytes(reader *r, size_t *n) {
  uint64_t len = get_u(r);
  const char *s = (const char *)r->p;
  if (r->bad || len > (uint64_t)(r->e - r->p)) {
    r->bad = 1;
    *n = 0;
    return "";
  }
  r->p += len;
  *n = (size_t)len;
  return s;
}

/* The header of a dump: n, numbers, cap, error. Its message, or NULL. */
static const char *read_head(reader *r, const char *s, size_t n, uint64_t *head) {
  size_t ml = strlen(CNT_MAGIC), i;
  if (n < ml || memcmp(s, CNT_MAGIC, ml) != 0) return "not a paa counts dump";
  r->p = (const unsigned char *)s + ml;
  r->e = (const unsigned char *)s + n;
  r->bad = 0;
  for (i = 0; i < 4; i++) head[i] = get_u(r);
  if (r->bad || head[0] < 1 || head[0] > PAA_COUNT_MAXN || head[2] == 0 || head[2] > SIZE_MAX)
    return "a truncated or damaged paa counts dump";
  return NULL;
}

/* An array of 'count' ids read from 'r', or NULL (each takes a byte at least) */
static uint32_t *id_map(reader *r, uint64_t count) {
  if (r->bad || count > (uint64_t)(r->e - r->p) || count >= CNT_NOID) {
    r->bad = 1;
    return NULL;
  }
  return (uint32_t *)malloc((size_t)(count + 1) * sizeof(uint32_t));
}

/*
** The groups, words, n-grams and cells of a dump (read by 'r', after its
** head) added to 'c', as 'paa_counter_merge' adds a counter: each of its
** ids mapped to one of 'c'. 'fresh': 'c' is new, so every id must map to
** itself (a name twice is a damaged dump). The message, or NULL.
*/
static const char *absorb(paa_counter *c, reader *r, int fresh) {
  uint64_t count, i, k, nn = (uint64_t)c->n, ngroups, nwords, nterms;
  uint32_t *gmap = NULL, *wmap = NULL, *tmap = NULL;
  const char *why = "out of memory";
  ngroups = get_u(r);
  if ((gmap = id_map(r, ngroups)) == NULL) goto done;
  for (i = 0; !r->bad && i < ngroups; i++) {
    size_t len;
    const char *name = get_bytes(r, &len);
    uint64_t docs = get_u(r), words = get_u(r), tokens = get_u(r);
    if (r->bad) break;
    if ((gmap[i] = group_id(c, name, len)) == CNT_NOID) goto done;
    if (fresh && gmap[i] != i) r->bad = 1;
    c->groups[gmap[i]].docs += docs;
    c->groups[gmap[i]].words += words;
    c->groups[gmap[i]].tokens += tokens;
  }
  nwords = get_u(r);
  if (r->bad || (wmap = id_map(r, nwords)) == NULL) goto done;
  for (i = 0; !r->bad && i < nwords; i++) {
    size_t len;
    const char *w = get_bytes(r, &len);
    uint64_t stop = get_u(r);
    if (r->bad) break;
    if ((wmap[i] = word_id(c, w, len)) == CNT_NOID) goto done;
    if (fresh && wmap[i] != i) r->bad = 1;
    if (stop) set_stop(c, wmap[i]);
  }
  nterms = get_u(r);
  if (nn == 1) {
    if (nterms != 0) r->bad = 1;
    nterms = nwords;
  }
  else {
    if (r->bad || (tmap = id_map(r, nterms)) == NULL) goto done;
    for (i = 0; !r->bad && i < nterms; i++) {
      uint32_t ids[PAA_COUNT_MAXN];
      for (k = 0; k < nn; k++) {
        uint64_t v = get_u(r);
        if (v >= nwords) r->bad = 1;
        ids[k] = r->bad ? 0 : wmap[v];
      }
      if (r->bad) break;
      if ((tmap[i] = gram_id(c, ids)) == CNT_NOID) goto done;
      if (fresh && tmap[i] != i) r->bad = 1;
    }
  }
  count = get_u(r);
  if (fresh && !r->bad && count <= (uint64_t)(r->e - r->p) / 4) {  /* (4 bytes a cell at least) */
    size_t slots = CNT_MINSLOTS;
    while (3 * slots < 4 * (count + 1)) slots *= 2;
    if (cells_resize(c, slots) < 0) goto done;
  }
  for (i = 0; !r->bad && i < count; i++) {
    uint64_t term = get_u(r), group = get_u(r), freq = get_u(r), docs = get_u(r);
    if (r->bad || term >= nterms || group >= ngroups || freq == 0 || docs == 0 || docs > freq) {
      r->bad = 1;
      break;
    }
    if (cell_add(c, nn == 1 ? wmap[term] : tmap[term], gmap[group], freq, docs) < 0) goto done;
  }
  if (fresh && !r->bad && c->ncells != count) r->bad = 1;  /* (a cell twice) */
  why = NULL;
done:  /* (a count beyond the bytes left is refused by 'id_map' as damage, not taken for no memory) */
  if (r->bad || (why == NULL && r->p != r->e)) why = "a truncated or damaged paa counts dump";
  free(gmap);
  free(wmap);
  free(tmap);
  return why;
}

paa_counter *paa_counter_load(const char *s, size_t n, char *err, size_t errlen) {
  reader r;
  uint64_t head[4];
  paa_counter *c = NULL;
  const char *why = read_head(&r, s, n, head);
  if (why == NULL && (c = paa_counter_new((int)head[0], (size_t)head[2], (int)head[1])) == NULL)
    why = "out of memory";
  if (why == NULL) {
    c->error = head[3];
    why = absorb(c, &r, 1);
  }
  if (why == NULL) return c;
  paa_counter_free(c);
  if (err && errlen) snprintf(err, errlen, "%s", why);
  return NULL;
}

int paa_counter_merge_dump(paa_counter *c, const char *s, size_t n, char *err, size_t errlen) {
  reader r;
  uint64_t head[4];
  const char *why = read_head(&r, s, n, head);
  if (why == NULL && head[0] != (uint64_t)c->n) why = "a dump of another n";
  if (why == NULL && settle(c) < 0) why = "out of memory";
  if (why == NULL && (why = absorb(c, &r, 0)) == NULL) {
    c->error += head[3];
    if (c->ncells > c->cap && prune(c) < 0) why = "out of memory";
  }
  if (why == NULL) return 0;
  if (err && errlen) snprintf(err, errlen, "%s", why);
  return -1;
}

/* }================================================================== */
