/*
** corpus.c
** The corpus reader: walks files and folders, reads each file with one
** read() into a reused buffer, decodes it to UTF-8 with LF line ends,
** takes metadata from front matter, HTML head or JSONL fields, and
** yields documents one at a time so memory is bounded by the largest
** document. Bad inputs are reported and skipped. No Lua here.
*/

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paa.h"
#include "engine.h"

/* formats, by file extension */
enum fmt { F_NONE, F_TEXT, F_MARKDOWN, F_HTML, F_JSONL };

static const char *const fmt_names[] = {
  "", "text", "markdown", "html", "jsonl"
};

/*
** The walk's fingerprint, one document further (see paa_walk_next):
** what a report read, without a second walk to hash it. A sum, so that
** the fingerprints of a corpus's shards add up to the whole walk's.
** Returns 0 on out of memory (an id too long for the stack buffer).
*/
static int chain_hash(uint64_t *h, const paa_doc *doc) {
  unsigned char stack[512], *b = stack;
  size_t idn = strlen(doc->id), n = 4 + idn + 8, i;
  uint64_t th = paa_hash(doc->text, doc->len);
  if (n > sizeof stack && (b = (unsigned char *)malloc(n)) == NULL) return 0;
  for (i = 0; i < 4; i++) b[i] = (unsigned char)((uint32_t)idn >> (8 * i));
  memcpy(b + 4, doc->id, idn);
  for (i = 0; i < 8; i++) b[4 + idn + i] = (unsigned char)(th >> (8 * i));
  *h += paa_hash((const char *)b, n);
  if (b != stack) free(b);
  return 1;
}


struct paa_corpus {
  char **roots;          /* owned copies of the paths given */
  size_t nroots;
  char **within;         /* owned copies of opts.within, or NULL */
  char **outlets;        /* owned (domain, name) pairs, sorted by domain, or NULL */
  size_t noutlets;       /* number of pairs */
  char **sources;        /* owned, trimmed copies of opts.sources, or NULL */
  char **where;          /* owned (field, value) pairs of opts.where, trimmed, or NULL */
  char since[11], until[11]; /* the filter's bounds as days, or "" */
  int filtering;         /* the filter leaves documents out */
  paa_corpus_opts opts;  /* with defaults filled in; its arrays and strings unused (the copies above) */
};

/* an input still to visit */
typedef struct pending {
  char *path;            /* owned */
  unsigned root;         /* index of the root it was found under */
  unsigned char given;   /* 1 when the path is itself a root */
  unsigned char regular; /* 1 when the folder listing said: a regular file */
} pending;

/* (device, inode) of a folder already listed, to survive symlink loops */
typedef struct dirkey {
  dev_t dev;
  ino_t ino;
} dirkey;

/* an open JSONL file being read line by line */
typedef struct jsonl {
  int fd;                /* -1 when no JSONL file is open */
  char *path;            /* owned */
  unsigned root;
  long line;             /* number of the last line read */
  long nonblank;         /* lines that were not blank */
  char eol;              /* line end: '\n', or '\r' for old Mac files; 0 until known */
  pbuf buf;              /* bytes read but not consumed */
  size_t pos;            /* start of the unconsumed bytes in 'buf' */
  int eof;               /* read() returned 0 */
} jsonl;

/* number of metadata fields a document has, in 'paa_doc' order */
enum { K_ID, K_PATH, K_SOURCE, K_TITLE, K_DATE, K_URL, K_WARN, NKEYS };

/* the metadata names that fill a document's fields (the first of each
** wins), all others going to 'meta'; a filter's 'where' names them so */
static const struct { const char *name; int key; } known_fields[] = {
  {"title", K_TITLE}, {"headline", K_TITLE},
  {"source", K_SOURCE}, {"outlet", K_SOURCE}, {"publisher", K_SOURCE},
  {"site_name", K_SOURCE},
  {"date", K_DATE}, {"published", K_DATE}, {"published_at", K_DATE},
  {"published_time", K_DATE}, {"pubdate", K_DATE},
  {"url", K_URL}, {"link", K_URL}, {"canonical", K_URL},
  {NULL, 0}
};

struct paa_walk {
  const paa_corpus *c;
  pending *stack;        /* inputs to visit, the next one last */
  size_t nstack, capstack;
  dirkey *seen;          /* folders listed so far */
  size_t nseen, capseen;
  jsonl j;
  pbuf raw;              /* the bytes of the current file */
  pbuf text;             /* the decoded text of the current document */
  pbuf work;             /* scratch: HTML text, JSON fields */
  pbuf pool;             /* strings of the current document, NUL-separated */
  size_t key[NKEYS];     /* offsets into 'pool', or NOKEY */
  size_t *metaoff;       /* offsets of meta keys and values into 'pool' */
  size_t nmeta, capmeta;
  const char **metaptr;  /* 'metaoff' turned into pointers */
  paa_walk_stats stats;
  const paa_boiler *bp;  /* cleans each document's text, or NULL (not owned) */
  char *clean;           /* the cleaned text of the current document (owned) */
  size_t unit;           /* inputs met so far (files, JSONL lines, bad folders) */
  size_t shard, shards;  /* yield only inputs whose unit % shards == shard */
  size_t fileunit;       /* the unit of the JSONL file open */
};

#define NOKEY ((size_t)-1)

/* what 'finish' returns for a document the filter leaves out: the walk
** goes on to the next input (never returned by paa_walk_next) */
#define WALK_FILTERED 3


/*
** {==================================================================
** Corpus
** ===================================================================
*/

static char *dupstr(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = (char *)malloc(n);
  if (d) memcpy(d, s, n);
  return d;
}

static int cmp_domain(const void *a, const void *b) {  /* by domain */
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_pairs(const void *a, const void *b) {  /* by domain, then name */
  const char *const *x = (const char *const *)a, *const *y = (const char *const *)b;
  int r = strcmp(x[0], y[0]);
  return r ? r : strcmp(x[1], y[1]);
}

/*
** Copy the (domain, name) pairs of opts.outlets, domains in lower case
** without a trailing dot, sorted for 'outlet_of' to search. Returns 0
** on out of memory.
*/
static int copy_outlets(paa_corpus *c, const paa_corpus_opts *opts) {
  size_t i, k;
  if (opts == NULL || opts->outlets == NULL || opts->noutlets == 0) return 1;
  if ((c->outlets = (char **)calloc(2 * opts->noutlets, sizeof(char *))) == NULL) return 0;
  c->noutlets = opts->noutlets;
  for (i = 0; i < 2 * opts->noutlets; i++)
    if ((c->outlets[i] = dupstr(opts->outlets[i] ? opts->outlets[i] : "")) == NULL) return 0;
  for (i = 0; i < opts->noutlets; i++) {
    char *d = c->outlets[2 * i];
    for (k = 0; d[k]; k++) d[k] = (char)tolower((unsigned char)d[k]);
    while (k > 0 && d[k - 1] == '.') d[--k] = '\0';
  }
  qsort(c->outlets, c->noutlets, 2 * sizeof(char *), cmp_pairs);
  return 1;
}

/* A malloc'd copy of 's' without the white space around it, or NULL */
static char *dup_trimmed(const char *s) {
  size_t n = strlen(s);
  char *d;
  while (n > 0 && isspace((unsigned char)*s)) { s++; n--; }
  while (n > 0 && isspace((unsigned char)s[n - 1])) n--;
  if ((d = (char *)malloc(n + 1)) == NULL) return NULL;
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

/*
** Copy the filter of 'opts' into 'c', checking it, so that a walk only
** compares strings: sources and 'where' pairs trimmed, the date bounds
** as days. Returns 1, 0 on out of memory, -1 with a message in 'err'
** when the filter is wrong. The counts in c->opts stay those copied.
*/
static int copy_filter(paa_corpus *c, const paa_corpus_opts *opts, char *err, size_t errlen) {
  size_t i;
  char lo[11], hi[11];
  c->opts.nsources = c->opts.nwhere = 0;
  c->opts.sources = c->opts.where = NULL;
  c->opts.since = c->opts.until = NULL;
  if (opts == NULL) return 1;
  if (opts->since && !paa_date_period(opts->since, c->since, hi)) {
    snprintf(err, errlen, "filter: 'since' is '%.40s', not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
             opts->since);
    return -1;
  }
  if (opts->until && !paa_date_period(opts->until, lo, c->until)) {
    snprintf(err, errlen, "filter: 'until' is '%.40s', not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
             opts->until);
    return -1;
  }
  if (opts->sources) {
    if ((c->sources = (char **)calloc(opts->nsources + 1, sizeof(char *))) == NULL) return 0;
    for (; c->opts.nsources < opts->nsources; c->opts.nsources++)
      if ((c->sources[c->opts.nsources] = dup_trimmed(opts->sources[c->opts.nsources])) == NULL)
        return 0;
  }
  if (opts->where) {
    if ((c->where = (char **)calloc(2 * opts->nwhere + 1, sizeof(char *))) == NULL) return 0;
    for (i = 0; i < 2 * opts->nwhere; i++) {
      if ((c->where[i] = dup_trimmed(opts->where[i] ? opts->where[i] : "")) == NULL) return 0;
      c->opts.nwhere = i / 2 + 1;  /* (what 'paa_corpus_close' frees) */
      if (i % 2 == 0 && c->where[i][0] == '\0') {
        snprintf(err, errlen, "filter: a 'where' field name is empty");
        return -1;
      }
    }
  }
  c->filtering = c->sources != NULL || c->where != NULL || c->since[0] || c->until[0];
  return 1;
}

paa_corpus *paa_corpus_open(const char *const *paths, size_t npaths,
                            const paa_corpus_opts *opts,
                            char *err, size_t errlen) {
  paa_corpus *c;
  size_t i;
  for (i = 0; i < npaths; i++) {
    struct stat st;
    if (stat(paths[i], &st) != 0) {
      snprintf(err, errlen, "cannot open '%s': %s", paths[i], strerror(errno));
      return NULL;
    }
  }
  if (npaths == 0) {
    snprintf(err, errlen, "no corpus path given");
    return NULL;
  }
  c = (paa_corpus *)calloc(1, sizeof *c);
  if (c == NULL || (c->roots = (char **)calloc(npaths, sizeof(char *))) == NULL)
    goto nomem;
  for (c->nroots = 0; c->nroots < npaths; c->nroots++) {
    size_t n;
    char *r = dupstr(paths[c->nroots]);
    if (r == NULL) goto nomem;
    n = strlen(r);
    while (n > 1 && r[n - 1] == '/') r[--n] = '\0';  /* "corpus/" -> "corpus" */
    c->roots[c->nroots] = r;
  }
  if (opts) c->opts = *opts;
  c->opts.within = NULL;
  if (opts && opts->within) {
    if ((c->within = (char **)calloc(opts->nwithin + 1, sizeof(char *))) == NULL) goto nomem;
    for (i = 0; i < opts->nwithin; i++)
      if ((c->within[i] = dupstr(opts->within[i])) == NULL) goto nomem;
  }
  c->opts.outlets = NULL;
  c->opts.noutlets = 0;
  if (!copy_outlets(c, opts)) goto nomem;
  if (c->opts.max_bytes == 0) c->opts.max_bytes = PAA_DEFAULT_MAX_BYTES;
  switch (copy_filter(c, opts, err, errlen)) {
    case 0: goto nomem;
    case -1: paa_corpus_close(c); return NULL;
  }
  return c;
nomem:
  paa_corpus_close(c);
  snprintf(err, errlen, "not enough memory");
  return NULL;
}

void paa_corpus_close(paa_corpus *c) {
  size_t i;
  if (c == NULL) return;
  if (c->roots)
    for (i = 0; i < c->nroots; i++) free(c->roots[i]);
  free(c->roots);
  if (c->within)
    for (i = 0; i < c->opts.nwithin; i++) free(c->within[i]);
  free(c->within);
  if (c->outlets)
    for (i = 0; i < 2 * c->noutlets; i++) free(c->outlets[i]);
  free(c->outlets);
  if (c->sources)
    for (i = 0; i < c->opts.nsources; i++) free(c->sources[i]);
  free(c->sources);
  if (c->where)
    for (i = 0; i < 2 * c->opts.nwhere; i++) free(c->where[i]);
  free(c->where);
  free(c);
}

size_t paa_corpus_nroots(const paa_corpus *c) {
  return c->nroots;
}

const char *paa_corpus_root(const paa_corpus *c, size_t i) {
  return i < c->nroots ? c->roots[i] : NULL;
}

/*
** May the corpus read the open file or folder 'fd' (reached as 'path')?
** Yes when it has no 'within' list, or when its real path lies under one
** of the folders there. The real path is the one the kernel opened
** (/proc/self/fd), so a link swapped in between a check and the open
** leads nowhere else; without /proc, realpath(path).
*/
static int inside(const paa_corpus *c, int fd, const char *path) {
  char link[64], real[PATH_MAX];
  ssize_t n;
  size_t i;
  if (c->within == NULL) return 1;
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  n = readlink(link, real, sizeof real - 1);
  if (n > 0 && real[0] == '/') real[n] = '\0';
  else if (realpath(path, real) == NULL) return 0;
  for (i = 0; i < c->opts.nwithin; i++) {
    const char *r = c->within[i];
    size_t k = strlen(r);
    if (strcmp(r, "/") == 0) return 1;
    if (strncmp(real, r, k) == 0 && (real[k] == '\0' || real[k] == '/')) return 1;
  }
  return 0;
}

#define OUTSIDE "it leads outside the folders this run may read (a symbolic link?)"

/* }================================================================== */


/*
** {==================================================================
** Walking folders
** ===================================================================
*/

static int push(paa_walk *w, char *path, unsigned root, int given, int regular) {
  if (w->nstack == w->capstack) {
    size_t cap = w->capstack ? 2 * w->capstack : 64;
    pending *s = (pending *)realloc(w->stack, cap * sizeof *s);
    if (s == NULL) { free(path); return 0; }
    w->stack = s;
    w->capstack = cap;
  }
  w->stack[w->nstack].path = path;
  w->stack[w->nstack].root = root;
  w->stack[w->nstack].given = (unsigned char)given;
  w->stack[w->nstack].regular = (unsigned char)regular;
  w->nstack++;
  return 1;
}

/*
** A walk whose documents come without their boilerplate lines: what a
** report counts. The text of a document the model empties is "" with a
** note in 'warning' (a report would count nothing of it).
*/
paa_walk *paa_walk_new_clean(const paa_corpus *c, const paa_boiler *bp) {
  paa_walk *w = paa_walk_new(c);
  if (w) w->bp = bp;
  return w;
}


paa_walk *paa_walk_new(const paa_corpus *c) {
  paa_walk *w = (paa_walk *)calloc(1, sizeof *w);
  size_t i;
  if (w == NULL) return NULL;
  w->c = c;
  w->j.fd = -1;
  for (i = c->nroots; i > 0; i--) {  /* first root on top */
    char *p = dupstr(c->roots[i - 1]);
    if (p == NULL || !push(w, p, (unsigned)(i - 1), 1, 0)) {
      paa_walk_close(w);
      return NULL;
    }
  }
  return w;
}

/*
** Make 'w' yield only its share of the inputs, for one of 'shards'
** workers: each input (a file, a JSONL line, a folder that cannot be
** listed) has a unit number in walk order, and the walk keeps those
** with unit % shards == shard, the others read no further than needed
** to find the next one. Call it before the first 'paa_walk_next'.
*/
void paa_walk_shard(paa_walk *w, size_t shard, size_t shards) {
  if (shards == 0) shards = 1;
  w->shard = shard % shards;
  w->shards = shards;
}

/* Take the next unit: is it this walk's? */
static int next_unit(paa_walk *w) {
  size_t u = w->unit++;
  return w->shards <= 1 || u % w->shards == w->shard;
}

/* Is the unit 'u' this walk's? */
static int owns(const paa_walk *w, size_t u) {
  return w->shards <= 1 || u % w->shards == w->shard;
}

static void close_jsonl(paa_walk *w) {
  if (w->j.fd >= 0) close(w->j.fd);
  w->j.fd = -1;
  free(w->j.path);
  w->j.path = NULL;
}

void paa_walk_close(paa_walk *w) {
  if (w == NULL) return;
  close_jsonl(w);
  while (w->nstack > 0) free(w->stack[--w->nstack].path);
  free(w->stack);
  free(w->seen);
  free(w->metaoff);
  free(w->metaptr);
  pbuf_free(&w->j.buf);
  pbuf_free(&w->raw);
  pbuf_free(&w->text);
  pbuf_free(&w->work);
  pbuf_free(&w->pool);
  free(w->clean);
  free(w);
}

const paa_walk_stats *paa_walk_stats_of(const paa_walk *w) {
  return &w->stats;
}

/* Returns 1 if the folder was listed before (a link loop or a second link) */
static int seen_before(paa_walk *w, const struct stat *st) {
  size_t i;
  for (i = 0; i < w->nseen; i++)
    if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino)
      return 1;
  if (w->nseen == w->capseen) {
    size_t cap = w->capseen ? 2 * w->capseen : 16;
    dirkey *s = (dirkey *)realloc(w->seen, cap * sizeof *s);
    if (s == NULL) return 1;  /* listing it again is worse than not at all */
    w->seen = s;
    w->capseen = cap;
  }
  w->seen[w->nseen].dev = st->st_dev;
  w->seen[w->nseen].ino = st->st_ino;
  w->nseen++;
  return 0;
}

static int cmp_names(const void *a, const void *b) {  /* after the type byte */
  return strcmp(*(char *const *)a + 1, *(char *const *)b + 1);
}

/*
** List a folder: its visible entries, sorted bytewise, go on the stack in
** reverse so they are visited in order. Returns 0 on out of memory, -1
** when the folder cannot be listed (errno set), -2 when it lies outside
** the corpus's 'within' folders.
*/
static int list_dir(paa_walk *w, const char *path, unsigned root) {
  DIR *d = opendir(path);
  struct dirent *e;
  char **names = NULL;
  size_t n = 0, cap = 0, i;
  int ok = 1;
  if (d == NULL) return -1;
  if (!inside(w->c, dirfd(d), path)) { closedir(d); return -2; }
  for (;;) {
    errno = 0;
    if ((e = readdir(d)) == NULL) {
      if (errno != 0) ok = -1;  /* listed only in part: say so, read nothing */
      break;
    }
    if (e->d_name[0] == '.') continue;  /* hidden files, "." and ".." */
    if (n == cap) {
      char **nn = (char **)realloc(names, (cap = cap ? 2 * cap : 32) * sizeof *nn);
      if (nn == NULL) { ok = 0; break; }
      names = nn;
    }
    {  /* the copy starts with a byte telling whether it is a regular file */
      size_t ln = strlen(e->d_name);
      if ((names[n] = (char *)malloc(ln + 2)) == NULL) { ok = 0; break; }
      names[n][0] = (char)(e->d_type == DT_REG ? 'r' : '?');
      memcpy(names[n] + 1, e->d_name, ln + 1);
    }
    n++;
  }
  if (ok < 0) {
    int err = errno;
    closedir(d);
    for (i = 0; i < n; i++) free(names[i]);
    free(names);
    errno = err;
    return -1;
  }
  closedir(d);
  if (ok && n > 0) qsort(names, n, sizeof *names, cmp_names);
  for (i = n; i > 0; i--) {
    const char *name = names[i - 1] + 1;
    int regular = names[i - 1][0] == 'r';
    size_t lp = strlen(path), ln = strlen(name);
    char *full = ok ? (char *)malloc(lp + ln + 2) : NULL;
    if (full == NULL) ok = 0;
    else {
      memcpy(full, path, lp);
      full[lp] = '/';
      memcpy(full + lp + 1, name, ln + 1);
      if (!push(w, full, root, 0, regular)) ok = 0;
    }
  }
  for (i = 0; i < n; i++) free(names[i]);
  free(names);
  return ok;
}

static enum fmt format_of(const char *path, int given, int all) {
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(slash ? slash + 1 : path, '.');
  char ext[12];
  size_t i, n;
  if (dot == NULL || dot[1] == '\0') return F_TEXT;  /* no extension */
  n = strlen(dot + 1);
  if (n >= sizeof ext) return (given || all) ? F_TEXT : F_NONE;
  for (i = 0; i <= n; i++) ext[i] = (char)tolower((unsigned char)dot[1 + i]);
  if (!strcmp(ext, "txt") || !strcmp(ext, "text")) return F_TEXT;
  if (!strcmp(ext, "md") || !strcmp(ext, "markdown")) return F_MARKDOWN;
  if (!strcmp(ext, "html") || !strcmp(ext, "htm") || !strcmp(ext, "xhtml"))
    return F_HTML;
  if (!strcmp(ext, "jsonl") || !strcmp(ext, "ndjson")) return F_JSONL;
  return (given || all) ? F_TEXT : F_NONE;
}

/* }================================================================== */


/*
** {==================================================================
** Building a document
** ===================================================================
*/

static void doc_reset(paa_walk *w) {
  int k;
  pbuf_reset(&w->pool);
  for (k = 0; k < NKEYS; k++) w->key[k] = NOKEY;
  w->nmeta = 0;
}

/* Copy 'n' bytes of 's' into the pool; returns the offset or NOKEY */
static size_t pool_add(paa_walk *w, const char *s, size_t n) {
  size_t off = w->pool.n;
  if (!pbuf_add(&w->pool, s, n) || !pbuf_addc(&w->pool, '\0')) return NOKEY;
  return off;
}

static int set_key(paa_walk *w, int k, const char *s, size_t n) {
  return (w->key[k] = pool_add(w, s, n)) != NOKEY;
}

/* Set a key from a printf format with one %s (short messages only) */
static int set_keyf(paa_walk *w, int k, const char *fmt, const char *a) {
  char buf[512];
  int n = snprintf(buf, sizeof buf, fmt, a);
  if (n < 0) n = 0;
  if ((size_t)n >= sizeof buf) n = sizeof buf - 1;
  return set_key(w, k, buf, (size_t)n);
}

static int add_meta(paa_walk *w, const char *k, size_t kn,
                    const char *v, size_t vn) {
  size_t ko, vo;
  if (w->nmeta + 2 > w->capmeta) {
    size_t cap = w->capmeta ? 2 * w->capmeta : 16;
    size_t *m = (size_t *)realloc(w->metaoff, cap * sizeof *m);
    const char **p;
    if (m == NULL) return 0;
    w->metaoff = m;
    p = (const char **)realloc(w->metaptr, cap * sizeof *p);
    if (p == NULL) return 0;
    w->metaptr = p;
    w->capmeta = cap;
  }
  if ((ko = pool_add(w, k, kn)) == NOKEY || (vo = pool_add(w, v, vn)) == NOKEY)
    return 0;
  w->metaoff[w->nmeta++] = ko;
  w->metaoff[w->nmeta++] = vo;
  return 1;
}

static int is_blank(const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (!isspace((unsigned char)s[i])) return 0;
  return 1;
}

/* Trim ASCII space and matching quotes around a value */
static void trim(const char **s, size_t *n) {
  while (*n > 0 && isspace((unsigned char)**s)) { (*s)++; (*n)--; }
  while (*n > 0 && isspace((unsigned char)(*s)[*n - 1])) (*n)--;
  if (*n >= 2 && ((**s == '"' && (*s)[*n - 1] == '"') ||
                  (**s == '\'' && (*s)[*n - 1] == '\''))) {
    (*s)++;
    *n -= 2;
  }
}

/*
** Set a metadata field by name: the known keys (and their synonyms) fill
** the document's fields, the rest go to 'meta'. A known field already
** set is not overwritten: the first of "title"/"headline" wins.
*/
static int set_field(paa_walk *w, const char *k, size_t kn,
                     const char *v, size_t vn) {
  int i;
  trim(&v, &vn);
  for (i = 0; known_fields[i].name; i++) {
    if (strlen(known_fields[i].name) == kn && strncmp(known_fields[i].name, k, kn) == 0) {
      int key = known_fields[i].key;
      if (w->key[key] != NOKEY || vn == 0) return 1;
      if (key == K_DATE) {
        char iso[11], raw[64];
        size_t rn = vn < sizeof raw - 1 ? vn : sizeof raw - 1;
        memcpy(raw, v, rn);
        raw[rn] = '\0';
        if (paa_date_iso(raw, iso)) return set_key(w, K_DATE, iso, strlen(iso));
        if (!add_meta(w, "date_raw", 8, v, vn)) return 0;
        if (w->key[K_WARN] == NOKEY)
          return set_keyf(w, K_WARN, "date '%s' not understood; left empty", raw);
        return 1;
      }
      return set_key(w, key, v, vn);
    }
  }
  return add_meta(w, k, kn, v, vn);
}

/*
** Front matter: the text starts with a line "---", then "key: value"
** lines, then a line "---" or "...". Returns the number of bytes it
** takes (0 when there is none); fields go into the document.
*/
static size_t front_matter(paa_walk *w, const char *s, size_t n, int *ok) {
  const char *p, *e = s + n;
  *ok = 1;
  if (n < 4 || memcmp(s, "---\n", 4) != 0) return 0;
  for (p = s + 4; p < e; ) {  /* find the closing line first */
    const char *nl = (const char *)memchr(p, '\n', (size_t)(e - p));
    size_t ln = (size_t)((nl ? nl : e) - p);
    if ((ln == 3 && (memcmp(p, "---", 3) == 0 || memcmp(p, "...", 3) == 0))) {
      const char *q = s + 4;
      size_t end = (size_t)((nl ? nl + 1 : e) - s);
      while (q < p) {  /* now read the fields */
        const char *qn = (const char *)memchr(q, '\n', (size_t)(p - q));
        const char *colon = (const char *)memchr(q, ':', (size_t)(qn - q));
        if (colon && colon > q && !isspace((unsigned char)*q) && *q != '#') {
          char key[64];
          size_t kn = (size_t)(colon - q), i;
          while (kn > 0 && isspace((unsigned char)q[kn - 1])) kn--;  /* "title : x" */
          if (kn < sizeof key) {
            for (i = 0; i < kn; i++) key[i] = (char)tolower((unsigned char)q[i]);
            if (!set_field(w, key, kn, colon + 1, (size_t)(qn - colon - 1))) {
              *ok = 0;
              return 0;
            }
          }
        }
        q = qn + 1;
      }
      return end;
    }
    if (ln > 0 && p[0] != ' ' && p[0] != '-' && p[0] != '#' &&
        memchr(p, ':', ln) == NULL)
      return 0;  /* not a "key: value" line: this is no front matter */
    p = nl ? nl + 1 : e;
  }
  return 0;
}

/*
** Whether a line reads as a headline: not too long, not ending like a
** sentence or a label ("Last updated:"), and without a sentence break
** inside ("Learn to use AI like a Pro. Learn More" is a promo).
*/
static int headline_like(const char *s, size_t n) {
  size_t i;
  if (n < 3 || n > 200 || s[n - 1] == '.' || s[n - 1] == ':') return 0;
  for (i = 1; i + 2 < n; i++)
    if (s[i] == '.' && s[i + 1] == ' ' && islower((unsigned char)s[i - 1]) &&
        isupper((unsigned char)s[i + 2]))
      return 0;
  return 1;
}

/* Cut 'n' to at most 'max' bytes at a space, not inside a UTF-8 sequence */
static size_t clip(const char *s, size_t n, size_t max) {
  size_t k;
  if (n <= max) return n;
  for (k = max; k > max / 2; k--)
    if (s[k] == ' ') return k;
  for (k = max; k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80; k--) {}
  return k;
}

/*
** {==================================================================
** What the page says of itself: header lines, the site of a URL
** ===================================================================
*/

/* kinds of the header lines a scraper writes above a page's text */
enum { H_NONE, H_URL, H_DATE, H_YEAR };

/* Does 's' (of 'n' bytes) start with 'pre', in any case? */
static int starts_ci(const char *s, size_t n, const char *pre) {
  size_t k = strlen(pre);
  return n >= k && strncasecmp(s, pre, k) == 0;
}

/* A bare http(s) URL: the whole of 's', no space inside */
static int is_url(const char *s, size_t n) {
  size_t i;
  if (!starts_ci(s, n, "http://") && !starts_ci(s, n, "https://")) return 0;
  if (n > 2048 || n < 11) return 0;
  for (i = 0; i < n; i++)
    if (isspace((unsigned char)s[i])) return 0;
  return 1;
}

/*
** After a label ("URL:", "Published:") of one of the 'labels', the value
** (trimmed); 0 when the line has none of them.
*/
static int after_label(const char *s, size_t n, const char *const *labels,
                       const char **v, size_t *vn) {
  int i;
  for (i = 0; labels[i]; i++) {
    size_t k = strlen(labels[i]);
    if (starts_ci(s, n, labels[i]) && n > k && s[k] == ':') {
      *v = s + k + 1;
      *vn = n - k - 1;
      trim(v, vn);
      return 1;
    }
  }
  return 0;
}

/*
** Whether every word of 's' belongs to a written date: numbers ("5th",
** "2024-03-05T09:30:00Z", "09:30"), month and weekday names and a time
** zone. paa_date_iso ignores what follows a date, and "May 2024 review"
** or "2024 was a big year" are no dates.
*/
static int date_words_only(const char *s, size_t n) {
  static const char *const names[] = {  /* in full, or their first three letters */
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", NULL
  };
  static const char *const zones[] = {
    "GMT", "UTC", "EST", "EDT", "CST", "CDT", "PST", "PDT", "BST", "CET",
    "CEST", "AM", "PM", "am", "pm", NULL
  };
  const char *e = s + n;
  while (s < e) {
    const char *w;
    size_t k;
    int i, ok = 0;
    while (s < e && (*s == ' ' || *s == ',')) s++;
    if (s == e) break;
    w = s;
    while (s < e && *s != ' ' && *s != ',') s++;
    k = (size_t)(s - w);
    if (isdigit((unsigned char)*w)) continue;  /* a number, a time, an ISO date */
    if (k > 0 && w[k - 1] == '.') k--;  /* "Jan." */
    for (i = 0; names[i] && !ok; i++)
      ok = (k == 3 || k == strlen(names[i])) && strncasecmp(w, names[i], k) == 0;
    if (!ok) ok = k == 4 && strncasecmp(w, "sept", 4) == 0;
    for (i = 0; zones[i] && !ok; i++)
      ok = strlen(zones[i]) == k && strncmp(w, zones[i], k) == 0;
    for (i = 0; ok && (size_t)i < k; i++)
      ok = isalpha((unsigned char)w[i]);
    if (!ok) return 0;
  }
  return 1;
}

/*
** What a line above the text says, if it is a header line: a URL (bare,
** or after "URL:"/"Source URL:"/"Link:"), a year alone ("2024"), or a
** date alone ("2024-03-05", "March 5, 2024", also after "Date:",
** "Published:" or "Last updated:"). '*v' is the URL, or the ISO date in
** 'iso'.
*/
static int header_kind(const char *s, size_t n, const char **v, size_t *vn,
                       char iso[11]) {
  static const char *const url_labels[] = {
    "url", "source url", "source_url", "link", "canonical", NULL
  };
  static const char *const date_labels[] = {
    "date", "published", "published on", "published at", "updated", "last updated", NULL
  };
  char buf[64];
  if (n == 0 || n > 2100) return H_NONE;
  if (is_url(s, n)) { *v = s; *vn = n; return H_URL; }
  if (after_label(s, n, url_labels, v, vn)) return is_url(*v, *vn) ? H_URL : H_NONE;
  if (n == 4 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
      isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) &&
      (s[0] == '1' || s[0] == '2')) {
    memcpy(iso, s, 4);
    iso[4] = '\0';
    *v = s;
    *vn = 4;
    return H_YEAR;
  }
  if (!after_label(s, n, date_labels, v, vn)) { *v = s; *vn = n; }
  if (*vn < 4 || *vn >= sizeof buf || !date_words_only(*v, *vn)) return H_NONE;
  memcpy(buf, *v, *vn);
  buf[*vn] = '\0';
  if (!paa_date_iso(buf, iso) || strlen(iso) < 7) return H_NONE;  /* a year: above */
  return H_DATE;
}

/*
** Header lines: a scraper writes a title, a year or a date and the URL
** above the page's text. Among the first five non-blank lines (up to
** the first paragraph-long one) a URL sets the document's url and a
** date its date, when no metadata did. A year alone is no date
** ("2024" would read as a month where reports group by month): it is
** kept as meta.date_raw. The lines stay in the text.
*/
static int header_lines(paa_walk *w, const char *s, size_t n) {
  const char *e = s + n;
  int lines = 0;
  while (s < e && lines < 5) {
    const char *nl = (const char *)memchr(s, '\n', (size_t)(e - s));
    const char *le = nl ? nl : e, *a = s, *v;
    size_t ln = (size_t)(le - s), vn;
    char iso[11];
    trim(&a, &ln);
    s = le + 1;
    if (ln == 0) continue;
    if (ln > 200 && !is_url(a, ln)) break;  /* a paragraph: the text has begun */
    lines++;
    switch (header_kind(a, ln, &v, &vn, iso)) {
      case H_URL:
        if (w->key[K_URL] == NOKEY && !set_key(w, K_URL, v, vn)) return 0;
        break;
      case H_DATE:
        if (w->key[K_DATE] == NOKEY && !set_key(w, K_DATE, iso, strlen(iso))) return 0;
        break;
      case H_YEAR:
        if (w->key[K_DATE] == NOKEY && !add_meta(w, "date_raw", 8, iso, 4)) return 0;
        break;
      default: break;
    }
  }
  return 1;
}

/*
** The host of a URL, in lower case, into 'out' (of 'cap' bytes) without
** "www.", "m." or "amp." in front: the site. Returns its length, or 0
** when 'u' does not look like a URL ("https://host/...", "//host/...",
** "www.host/...").
*/
static size_t url_host(const char *u, char *out, size_t cap) {
  const char *p = u, *h, *he, *at;
  size_t n, i;
  while (isspace((unsigned char)*p)) p++;
  for (h = p; isalpha((unsigned char)*h) || *h == '+' || *h == '-' || *h == '.'; h++) {}
  if (h > p && strncmp(h, "://", 3) == 0) p = h + 3;
  else if (strncmp(p, "//", 2) == 0) p += 2;
  else if (strncasecmp(p, "www.", 4) != 0) return 0;
  for (he = p; *he && *he != '/' && *he != '?' && *he != '#' && !isspace((unsigned char)*he); he++) {}
  for (at = he; at > p && at[-1] != '@'; at--) {}
  if (at > p) p = at;  /* user:password@host */
  for (h = p; h < he && *h != ':'; h++) {}  /* the port goes */
  he = h;
  while (he > p && he[-1] == '.') he--;
  n = (size_t)(he - p);
  if (n == 0 || n >= cap || memchr(p, '.', n) == NULL) return 0;
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    if (!(isalnum(c) || c == '-' || c == '.' || c >= 0x80)) return 0;
    out[i] = (char)tolower(c);
  }
  out[n] = '\0';
  for (i = 0; i < 3; i++) {
    static const char *const pre[] = { "www.", "m.", "amp." };
    size_t k = strlen(pre[i]);
    if (n > k && strncmp(out, pre[i], k) == 0 && strchr(out + k, '.')) {
      memmove(out, out + k, n - k + 1);
      n -= k;
      break;
    }
  }
  return n;
}

/* The outlet of 'host' or of its nearest parent domain, or NULL */
static const char *outlet_of(const paa_corpus *c, const char *host) {
  const char *h = host;
  while (c->noutlets > 0 && strchr(h, '.')) {
    const char *key[2];
    const char *const *hit;
    key[0] = h;
    key[1] = NULL;
    hit = (const char *const *)bsearch(key, c->outlets, c->noutlets,
                                       2 * sizeof(char *), cmp_domain);
    if (hit) return hit[1];
    h = strchr(h, '.') + 1;
  }
  return NULL;
}

/*
** Source from the document's URL: its site's outlet when the corpus was
** given one for it, else the host ("theverge.com"). Returns 1 (a source
** set), 0 (no URL or no host in it), -1 on out of memory.
*/
static int source_from_url(paa_walk *w) {
  char host[256];
  const char *name;
  if (w->key[K_URL] == NOKEY || url_host(w->pool.p + w->key[K_URL], host, sizeof host) == 0)
    return 0;
  name = outlet_of(w->c, host);
  if (name && *name) return set_key(w, K_SOURCE, name, strlen(name)) ? 1 : -1;
  return set_key(w, K_SOURCE, host, strlen(host)) ? 1 : -1;
}

/* 's' in lower case letters and digits only ("The Verge" -> "theverge") */
static size_t squeeze(const char *s, size_t n, char *out, size_t cap) {
  size_t i, k = 0;
  for (i = 0; i < n && k + 1 < cap; i++) {
    unsigned char c = (unsigned char)s[i];
    if (isalnum(c) || c >= 0x80) out[k++] = (char)tolower(c);
  }
  out[k] = '\0';
  return k;
}

/*
** Whether the tail 't' of a title names the site: the source (as the
** outlet or og:site_name says it), the host ("TheVerge.com"), or one
** of the host's names before its last dot ("theverge" of theverge.com,
** "bbc" of bbc.co.uk), ignoring case, spaces and punctuation.
*/
static int names_site(paa_walk *w, const char *t, size_t tn) {
  char a[128], b[128], host[256];
  size_t an;
  if (tn == 0 || tn >= sizeof a) return 0;
  if ((an = squeeze(t, tn, a, sizeof a)) < 2) return 0;
  if (w->key[K_SOURCE] != NOKEY) {
    const char *src = w->pool.p + w->key[K_SOURCE];
    size_t bn = squeeze(src, strlen(src), b, sizeof b);
    if (bn == an && memcmp(a, b, an) == 0) return 1;
  }
  if (w->key[K_URL] != NOKEY && url_host(w->pool.p + w->key[K_URL], host, sizeof host)) {
    const char *p = host, *last = strrchr(host, '.');
    if (squeeze(host, strlen(host), b, sizeof b) == an && memcmp(a, b, an) == 0) return 1;
    while (p < last) {
      const char *dot = strchr(p, '.');
      size_t ln = (size_t)(dot - p);
      if (ln >= 3 && squeeze(p, ln, b, sizeof b) == an && memcmp(a, b, an) == 0) return 1;
      p = dot + 1;
    }
  }
  return 0;
}

/*
** A title loses a trailing " - Site", " | Site", " – Site" or
** " — Site" when that tail names the site (see 'names_site'): the
** <title> of a page, a scraper's title line. Only the last separator is
** looked at, and a headline that merely holds a dash keeps it. The title
** is cut in place in the pool.
*/
static void cut_site_suffix(paa_walk *w) {
  static const char *const seps[] = {
    " - ", " | ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", NULL
  };
  char *t;
  const char *cut = NULL;
  size_t n, seplen = 0;
  int i;
  if (w->key[K_TITLE] == NOKEY) return;
  t = w->pool.p + w->key[K_TITLE];
  n = strlen(t);
  for (i = 0; seps[i]; i++) {  /* the last separator of any kind */
    size_t k = strlen(seps[i]);
    const char *p = t, *hit;
    while ((hit = strstr(p, seps[i])) != NULL) {
      if (cut == NULL || hit > cut) { cut = hit; seplen = k; }
      p = hit + 1;
    }
  }
  if (cut == NULL || cut - t < 3) return;
  if (names_site(w, cut + seplen, n - (size_t)(cut - t) - seplen))
    t[cut - t] = '\0';
}

/* }================================================================== */


/*
** Title from the text itself: the first line that reads as a headline
** (Markdown '#' marks dropped) among the short lines that open it (at
** most five, before any paragraph; header lines, a URL or a date, are
** passed over), else the start of the first line, cut at about 100 bytes
** with an ellipsis.
*/
static int title_from_text(paa_walk *w, const char *s, size_t n) {
  const char *e = s + n, *first = NULL;
  size_t firstn = 0;
  int lines = 0, headers = 0;
  while (s < e && lines < 5) {
    const char *nl = (const char *)memchr(s, '\n', (size_t)(e - s));
    const char *le = nl ? nl : e;
    const char *a = s, *v;
    size_t ln, vn;
    char iso[11];
    while (a < le && (*a == '#' || isspace((unsigned char)*a))) a++;
    ln = (size_t)(le - a);
    trim(&a, &ln);
    if (ln > 0 && headers < 5 && header_kind(a, ln, &v, &vn, iso) != H_NONE) {
      headers++;
      ln = 0;
    }
    if (ln > 0) {
      if (headline_like(a, ln)) return set_key(w, K_TITLE, a, ln);
      if (first == NULL) { first = a; firstn = ln; }
      if (ln > 200) break;  /* a paragraph: the text has no title line */
      lines++;
    }
    s = le + 1;
  }
  if (first == NULL) return set_key(w, K_TITLE, "", 0);
  if (firstn <= 120) return set_key(w, K_TITLE, first, firstn);
  {
    char buf[128];
    size_t k = clip(first, firstn, 100);
    while (k > 0 && (first[k - 1] == ',' || first[k - 1] == ' ')) k--;
    memcpy(buf, first, k);
    memcpy(buf + k, "\xE2\x80\xA6", 3);  /* ... */
    return set_key(w, K_TITLE, buf, k + 3);
  }
}

/*
** Source from the place of the file. 'folder' set: the first folder
** under its root, when it lies in one (an analyst's grouping, which a
** URL does not override); returns 0 when it does not. 'folder' clear:
** for a file directly in a root folder, that folder's name (a flat
** folder a scraper wrote is one corpus, not a source per file); the
** file's stem for a root file, and for a JSONL file directly in a root
** (a file of many documents, named for them). Returns 1, or -1 on out
** of memory.
*/
static int source_from_path(paa_walk *w, const char *path, unsigned root,
                            enum fmt f, int folder) {
  const char *r = w->c->roots[root];
  size_t rn = strlen(r);
  const char *rel = path, *slash, *base, *dot;
  if (strncmp(path, r, rn) == 0 && path[rn] == '/') {
    rel = path + rn + 1;
    slash = strchr(rel, '/');
    if (slash) return set_key(w, K_SOURCE, rel, (size_t)(slash - rel)) ? 1 : -1;
    if (folder) return 0;
    if (f != F_JSONL) {
      char real[PATH_MAX];
      const char *name = strrchr(r, '/');
      name = name ? name + 1 : r;
      if ((*name == '\0' || !strcmp(name, ".") || !strcmp(name, "..")) &&
          realpath(r, real) != NULL) {  /* "paa x.lua ." */
        name = strrchr(real, '/');
        name = name ? name + 1 : real;
      }
      if (*name && strcmp(name, ".") && strcmp(name, ".."))
        return set_key(w, K_SOURCE, name, strlen(name)) ? 1 : -1;
    }
  }
  else if (folder) return 0;
  base = strrchr(rel, '/');
  base = base ? base + 1 : rel;
  dot = strrchr(base, '.');
  return set_key(w, K_SOURCE, base,
                 dot && dot != base ? (size_t)(dot - base) : strlen(base)) ? 1 : -1;
}

/* Id: the path under the root (the path itself for a root file) */
static int id_from_path(paa_walk *w, const char *path, unsigned root,
                        long line) {
  const char *r = w->c->roots[root];
  size_t rn = strlen(r);
  const char *rel = path;
  if (w->c->nroots == 1 && strncmp(path, r, rn) == 0 && path[rn] == '/')
    rel = path + rn + 1;
  if (line > 0) {  /* "path:line", however long the path */
    char num[24];
    int nn = snprintf(num, sizeof num, ":%ld", line);
    w->key[K_ID] = w->pool.n;
    return pbuf_add(&w->pool, rel, strlen(rel)) && pbuf_add(&w->pool, num, (size_t)nn) &&
           pbuf_addc(&w->pool, '\0');
  }
  return set_key(w, K_ID, rel, strlen(rel));
}

/*
** The value of the field 'name' of 'doc' for a filter's 'where': a
** document field by its name or a synonym the reader takes for it,
** else the metadata key 'name' (ASCII case ignored); NULL when none.
*/
static const char *field_of(const paa_doc *doc, const char *name) {
  size_t i;
  if (strcasecmp(name, "id") == 0) return doc->id;
  if (strcasecmp(name, "path") == 0) return doc->path;
  if (strcasecmp(name, "format") == 0) return doc->format;
  for (i = 0; known_fields[i].name; i++) {
    if (strcasecmp(known_fields[i].name, name) == 0) {
      switch (known_fields[i].key) {
        case K_TITLE: return doc->title;
        case K_SOURCE: return doc->source;
        case K_DATE: return doc->date;
        default: return doc->url;
      }
    }
  }
  for (i = 0; i < doc->nmeta; i++)
    if (strcasecmp(doc->meta[2 * i], name) == 0) return doc->meta[2 * i + 1];
  return NULL;
}

/*
** Does the corpus's filter keep 'doc', whose metadata is all known? The
** test a walk makes before anything is done with a document's text (no
** word count, no hash, no cleaning), so that every consumer of walks
** (a report, the boilerplate learner, a store's ingest) leaves out the
** same documents without reading them further. Several values of one
** field: any; several fields, sources and dates: all.
*/
static int keep(const paa_corpus *c, const paa_doc *doc) {
  size_t i, j;
  if (c->sources) {
    for (i = 0; i < c->opts.nsources; i++)
      if (doc->source && strcasecmp(doc->source, c->sources[i]) == 0) break;
    if (i == c->opts.nsources) return 0;
  }
  if (c->since[0] || c->until[0]) {
    char lo[11], hi[11];
    if (doc->date == NULL || !paa_date_period(doc->date, lo, hi)) return 0;
    if (c->since[0] && strcmp(hi, c->since) < 0) return 0;
    if (c->until[0] && strcmp(lo, c->until) > 0) return 0;
  }
  for (i = 0; i < c->opts.nwhere; i++) {
    const char *field = c->where[2 * i], *v;
    int hit = 0;
    for (j = 0; j < i; j++)  /* a field met before was tested then */
      if (strcasecmp(c->where[2 * j], field) == 0) break;
    if (j < i) continue;
    v = field_of(doc, field);
    for (j = i; v && !hit && j < c->opts.nwhere; j++)
      hit = strcasecmp(c->where[2 * j], field) == 0 && strcasecmp(c->where[2 * j + 1], v) == 0;
    if (!hit) return 0;
  }
  return 1;
}

/*
** Fill 'doc' from the walk's current document. 'skip' documents carry
** only where they came from and why.
*/
static int finish(paa_walk *w, paa_doc *doc, const char *path, unsigned root,
                  long line, enum fmt f, const char *enc, int skip) {
  size_t i;
  if (w->key[K_PATH] == NOKEY && !set_key(w, K_PATH, path, strlen(path)))
    return PAA_WALK_ERRMEM;
  if (w->key[K_ID] == NOKEY && !id_from_path(w, path, root, line))
    return PAA_WALK_ERRMEM;
  /* the source: metadata, else a folder, else the URL, else the root or stem */
  if (w->key[K_SOURCE] == NOKEY && source_from_path(w, path, root, f, 1) < 0)
    return PAA_WALK_ERRMEM;
  if (w->key[K_SOURCE] == NOKEY && !skip && source_from_url(w) < 0)
    return PAA_WALK_ERRMEM;
  if (w->key[K_SOURCE] == NOKEY && source_from_path(w, path, root, f, 0) < 0)
    return PAA_WALK_ERRMEM;
  if (!skip && w->key[K_TITLE] == NOKEY && !title_from_text(w, w->text.p, w->text.n))
    return PAA_WALK_ERRMEM;
  if (!skip) cut_site_suffix(w);
  memset(doc, 0, sizeof *doc);
#define KEY(k)  (w->key[k] == NOKEY ? NULL : w->pool.p + w->key[k])
  doc->id = KEY(K_ID);
  doc->path = KEY(K_PATH);
  doc->source = KEY(K_SOURCE);
  doc->title = KEY(K_TITLE);
  doc->date = KEY(K_DATE);
  doc->url = KEY(K_URL);
  doc->warning = KEY(K_WARN);
#undef KEY
  doc->line = line;
  doc->format = fmt_names[f];
  doc->index = w->unit;
  if (skip) {
    w->stats.skipped++;
    return PAA_WALK_SKIP;
  }
  for (i = 0; i < w->nmeta; i++) w->metaptr[i] = w->pool.p + w->metaoff[i];
  doc->meta = w->metaptr;
  doc->nmeta = w->nmeta / 2;
  if (w->c->filtering && !keep(w->c, doc)) {
    w->stats.filtered++;
    return WALK_FILTERED;
  }
  doc->encoding = enc;
  doc->text = w->text.p ? w->text.p : "";
  doc->len = w->text.n;
  doc->words = w->c->opts.skip_words ? 0 : paa_count_tokens(doc->text, doc->len);
  if (!chain_hash(&w->stats.hash, doc)) return PAA_WALK_ERRMEM;
  w->stats.docs++;
  if (doc->warning) w->stats.notes++;
  return PAA_WALK_DOC;
}

/* Skip an input: 'why' is a printf format with one %s (strerror or detail) */
static int skip(paa_walk *w, paa_doc *doc, const char *path, unsigned root,
                long line, enum fmt f, const char *why, const char *detail) {
  if (!set_keyf(w, K_WARN, why, detail)) return PAA_WALK_ERRMEM;
  return finish(w, doc, path, root, line, f, NULL, 1);
}

/*
** Decode 'n' bytes at 's' into w->text as UTF-8 with LF line ends: a
** UTF-8 or UTF-16 byte order mark is honoured and dropped; bytes that are
** not valid UTF-8 make the whole input Windows-1252. Returns the encoding
** name, or NULL on out of memory. When 's' is the content of w->raw
** ('from_raw') valid UTF-8 is taken over without a copy: w->raw and
** w->text swap buffers.
*/
static const char *decode(paa_walk *w, const char *s, size_t n, int from_raw) {
  const char *enc = "utf-8";
  size_t bad, bom = 0;
  pbuf_reset(&w->text);
  if (!pbuf_reserve(&w->text, 0)) return NULL;  /* never NULL, even for no text */
  if (n >= 2 && (((unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE) ||
                 ((unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF))) {
    if (!utf16_to_utf8(&w->text, s + 2, n - 2, (unsigned char)s[0] == 0xFE))
      return NULL;
    enc = "utf-16";
  }
  else {
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) { s += 3; n -= 3; bom = 3; }
    bad = paa_utf8_check(s, n);
    if (bad < n) {
      char where[64];
      if (!cp1252_to_utf8(&w->text, s, n)) return NULL;
      enc = "windows-1252";
      snprintf(where, sizeof where, "%zu", bad + bom);
      if (w->key[K_WARN] == NOKEY &&
          !set_keyf(w, K_WARN, "not valid UTF-8 (byte %s); read as Windows-1252",
                    where))
        return NULL;
    }
    else if (from_raw) {
      pbuf t = w->text;
      w->text = w->raw;
      w->raw = t;
      if (s != w->text.p) memmove(w->text.p, s, n);  /* after a BOM */
      w->text.n = n;
    }
    else if (!pbuf_add(&w->text, s, n)) return NULL;
  }
  w->text.n = newlines_to_lf(w->text.p, w->text.n);
  w->text.p[w->text.n] = '\0';
  return enc;
}

/* Whether raw bytes look binary: a NUL byte not explained by a UTF-16 BOM */
static const char *nul_in(const char *s, size_t n) {
  if (n >= 2 && (((unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE) ||
                 ((unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF)))
    return NULL;
  return (const char *)memchr(s, '\0', n);
}

/* }================================================================== */


/*
** {==================================================================
** Whole files
** ===================================================================
*/

static const char *file_kind(mode_t m) {
  if (S_ISFIFO(m)) return "not a regular file (a FIFO)";
  if (S_ISCHR(m) || S_ISBLK(m)) return "not a regular file (a device)";
  if (S_ISSOCK(m)) return "not a regular file (a socket)";
  return "not a regular file";
}

/*
** (See paa.h.) The check is made on the open file, not on the path
** before opening it: a file swapped for a FIFO in between would still
** block the open. The walker reads a regular file as opened here, its
** status in 'st': O_NONBLOCK changes nothing for it, and a corpus of
** small files spends a good part of its walk in system calls.
*/
static int open_checked(const char *path, int folders, const char **why, struct stat *st) {
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), e;
  if (fd < 0) {
    *why = strerror(errno);
    return -1;
  }
  if (fstat(fd, st) != 0) {
    e = errno;
    *why = strerror(e);
  }
  else if (S_ISREG(st->st_mode)) return fd;
  else if (folders && S_ISDIR(st->st_mode)) {
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == 0) return fd;
    e = errno;
    *why = strerror(e);
  }
  else if (S_ISDIR(st->st_mode)) {
    e = EISDIR;
    *why = strerror(e);
  }
  else {
    e = EINVAL;
    *why = file_kind(st->st_mode);
  }
  close(fd);
  errno = e;
  return -1;
}

int paa_file_open(const char *path, int folders, const char **why) {
  struct stat st;
  int fd = open_checked(path, folders, why, &st), e;
  if (fd < 0 || !S_ISREG(st.st_mode) || fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == 0) return fd;
  e = errno;
  *why = strerror(e);
  close(fd);
  errno = e;
  return -1;
}

/*
** Read a whole file, 'st' its status when opened, into w->raw. Returns
** 1, or 0 with errno set, or -2 when it is over the size limit ('*size'
** says how big).
*/
static int read_all(paa_walk *w, int fd, const struct stat *st, size_t *size) {
  pbuf_reset(&w->raw);
  *size = (size_t)st->st_size;
  if ((size_t)st->st_size > w->c->opts.max_bytes) return -2;
  /* room for the whole file and one byte more, to see a file that grew */
  if (!pbuf_reserve(&w->raw, (size_t)st->st_size + 1)) { errno = ENOMEM; return 0; }
  for (;;) {
    ssize_t r;
    size_t want;
    if (w->raw.cap - w->raw.n - 1 == 0 && !pbuf_reserve(&w->raw, w->raw.cap)) {
      errno = ENOMEM;
      return 0;
    }
    want = w->raw.cap - w->raw.n - 1;
    r = read(fd, w->raw.p + w->raw.n, want);
    if (r < 0) {
      if (errno == EINTR) continue;
      return 0;
    }
    if (r == 0) break;
    w->raw.n += (size_t)r;
    if (w->raw.n > w->c->opts.max_bytes) { *size = w->raw.n; return -2; }
    /* a regular file read short, past the size it had when opened, is at
       its end: no second read to be told so (a fifth of a small file's
       system calls) */
    if ((size_t)r < want && w->raw.n >= (size_t)st->st_size) break;
  }
  w->raw.p[w->raw.n] = '\0';
  w->stats.bytes += w->raw.n;
  return 1;
}

/* A size for people: "512 bytes", "12.5 KiB", "80.0 MiB" */
static void human_size(char *out, size_t len, size_t n) {
  if (n < 1024) snprintf(out, len, "%zu bytes", n);
  else if (n < ((size_t)1 << 20)) snprintf(out, len, "%.1f KiB", n / 1024.0);
  else if (n < ((size_t)1 << 30)) snprintf(out, len, "%.1f MiB", n / 1048576.0);
  else snprintf(out, len, "%.1f GiB", n / 1073741824.0);
}

/* 'size' 0: the size is not known (a JSONL line cut short) */
static int size_skip(paa_walk *w, paa_doc *doc, const char *path,
                     unsigned root, long line, enum fmt f, size_t size) {
  char d[128], have[32], limit[32];
  human_size(have, sizeof have, size);
  human_size(limit, sizeof limit, w->c->opts.max_bytes);
  if (strcmp(have, limit) == 0) {  /* just over: say it exactly */
    snprintf(have, sizeof have, "%zu bytes", size);
    snprintf(limit, sizeof limit, "%zu bytes", w->c->opts.max_bytes);
  }
  if (size > 0)
    snprintf(d, sizeof d, "%s, over the limit of %s (max_bytes)", have, limit);
  else
    snprintf(d, sizeof d, "line longer than the limit of %s (max_bytes)", limit);
  return skip(w, doc, path, root, line, f, "too large: %s", d);
}

static int read_file(paa_walk *w, paa_doc *doc, const char *path,
                     unsigned root, enum fmt f) {
  int fd, r;
  size_t size = 0, body = 0;
  const char *enc, *nul, *why;
  struct stat st;
  fd = open_checked(path, 0, &why, &st);  /* replaced by a FIFO since listed: no wait */
  if (fd < 0) return skip(w, doc, path, root, 0, f, "cannot read: %s", why);
  if (!inside(w->c, fd, path)) { close(fd); return skip(w, doc, path, root, 0, f, "%s", OUTSIDE); }
  w->stats.files++;
  r = read_all(w, fd, &st, &size);
  if (r == 0) {
    int e = errno;
    close(fd);
    if (e == ENOMEM) return PAA_WALK_ERRMEM;
    return skip(w, doc, path, root, 0, f, "cannot read: %s", strerror(e));
  }
  close(fd);
  if (r == -2) return size_skip(w, doc, path, root, 0, f, size);
  if (w->raw.n == 0) return skip(w, doc, path, root, 0, f, "empty file%s", "");
  if ((nul = nul_in(w->raw.p, w->raw.n)) != NULL) {
    char d[32];
    snprintf(d, sizeof d, "%zu", (size_t)(nul - w->raw.p));
    return skip(w, doc, path, root, 0, f,
                "binary file (NUL byte at offset %s), not text", d);
  }
  if ((enc = decode(w, w->raw.p, w->raw.n, 1)) == NULL) return PAA_WALK_ERRMEM;
  if (f == F_HTML) {
    pbuf_reset(&w->work);
    if (!html_to_text(&w->work, w->text.p, w->text.n, &w->raw))
      return PAA_WALK_ERRMEM;
    /* 'raw' now holds the head's fields as NUL-separated key, value pairs */
    {
      const char *p = w->raw.p, *e = w->raw.p + w->raw.n, *html_title = NULL;
      const char *time = NULL;
      while (p < e) {
        const char *k = p, *v = k + strlen(k) + 1;
        if (strcmp(k, "html_title") == 0) html_title = v;
        else if (strcmp(k, "time_datetime") == 0) time = v;
        else if (!set_field(w, k, strlen(k), v, strlen(v))) return PAA_WALK_ERRMEM;
        p = v + strlen(v) + 1;
      }
      if (html_title && !set_field(w, "title", 5, html_title, strlen(html_title)))
        return PAA_WALK_ERRMEM;
      if (time && w->key[K_DATE] == NOKEY) {  /* the first <time datetime> */
        char iso[11], raw[64];
        size_t tn = strlen(time);
        if (tn < sizeof raw) {
          memcpy(raw, time, tn + 1);
          if (paa_date_iso(raw, iso) && !set_key(w, K_DATE, iso, strlen(iso)))
            return PAA_WALK_ERRMEM;
        }
      }
    }
    pbuf_reset(&w->text);
    if (!pbuf_add(&w->text, w->work.p ? w->work.p : "", w->work.n))
      return PAA_WALK_ERRMEM;
  }
  else {
    int ok;
    body = front_matter(w, w->text.p, w->text.n, &ok);
    if (!ok) return PAA_WALK_ERRMEM;
    if (body > 0) {
      while (body < w->text.n && w->text.p[body] == '\n') body++;
      memmove(w->text.p, w->text.p + body, w->text.n - body + 1);
      w->text.n -= body;
    }
    if (!header_lines(w, w->text.p, w->text.n)) return PAA_WALK_ERRMEM;
  }
  if (is_blank(w->text.p, w->text.n)) {
    w->key[K_WARN] = NOKEY;
    return skip(w, doc, path, root, 0, f, "no text%s",
                f == F_HTML ? " in the HTML body" : body > 0 ?
                " after the front matter" : " (only white space)");
  }
  return finish(w, doc, path, root, 0, f, enc, 0);
}

/* }================================================================== */


/*
** {==================================================================
** JSONL files
** ===================================================================
*/

static int open_jsonl(paa_walk *w, paa_doc *doc, const char *path,
                      unsigned root) {
  const char *why;
  int fd, mine;
  struct stat st;
  w->fileunit = w->unit;  /* the file's own unit: its owner tells of it */
  mine = next_unit(w);
  fd = paa_file_open(path, 0, &why);
  if (fd < 0)
    return mine ? skip(w, doc, path, root, 0, F_JSONL, "cannot read: %s", why) : PAA_WALK_END;
  if (!inside(w->c, fd, path)) {
    close(fd);
    return mine ? skip(w, doc, path, root, 0, F_JSONL, "%s", OUTSIDE) : PAA_WALK_END;
  }
  if (mine) w->stats.files++;
  if (fstat(fd, &st) == 0 && st.st_size == 0) {
    close(fd);
    return mine ? skip(w, doc, path, root, 0, F_JSONL, "empty file%s", "") : PAA_WALK_END;
  }
  w->j.fd = fd;
  w->j.path = dupstr(path);
  if (w->j.path == NULL) { close(fd); w->j.fd = -1; return PAA_WALK_ERRMEM; }
  w->j.root = root;
  w->j.line = 0;
  w->j.nonblank = 0;
  w->j.eol = 0;
  w->j.pos = 0;
  w->j.eof = 0;
  pbuf_reset(&w->j.buf);
  return PAA_WALK_END;  /* nothing to report yet: go on reading lines */
}

/*
** Next line of the open JSONL file into (*line, *n), without its LF.
** Returns 1, 0 at the end of the file, -1 on a read error (errno), -2
** when the line is over the size limit (it is consumed), -3 on no memory,
** -4 when the file is UTF-16 (JSONL is read as UTF-8 only). Lines end
** with LF, or with CR in a file that has no LF at all.
*/
static int jsonl_line(paa_walk *w, const char **line, size_t *n) {
  jsonl *j = &w->j;
  size_t scanned = 0, toolong = 0;
  for (;;) {
    char *start = j->buf.p + j->pos;
    size_t avail = j->buf.n - j->pos;
    char *nl;
    if (j->eol == 0 && (avail > 0 || j->eof)) {  /* first bytes: what kind of file? */
      if (avail >= 2 && (((unsigned char)start[0] == 0xFF && (unsigned char)start[1] == 0xFE) ||
                         ((unsigned char)start[0] == 0xFE && (unsigned char)start[1] == 0xFF)))
        return -4;
      j->eol = (memchr(start, '\n', avail) == NULL && memchr(start, '\r', avail)) ? '\r' : '\n';
    }
    nl = avail > scanned ? (char *)memchr(start + scanned, j->eol, avail - scanned) : NULL;
    if (nl || (j->eof && avail > 0)) {
      size_t ln = nl ? (size_t)(nl - start) : avail;
      j->pos += ln + (nl ? 1 : 0);
      j->line++;
      if (toolong || ln > w->c->opts.max_bytes) return -2;
      *line = start;
      *n = ln;
      return 1;
    }
    if (j->eof) return toolong ? (j->line++, -2) : 0;
    scanned = avail;
    if (avail > w->c->opts.max_bytes) {  /* drop what we have of a huge line */
      toolong += avail;
      j->pos = j->buf.n;
      scanned = 0;
    }
    if (j->pos > 0) {  /* move the unconsumed tail to the front */
      memmove(j->buf.p, j->buf.p + j->pos, j->buf.n - j->pos);
      j->buf.n -= j->pos;
      j->pos = 0;
    }
    if (!pbuf_reserve(&j->buf, 1 << 16)) return -3;
    {
      ssize_t r = read(j->fd, j->buf.p + j->buf.n, j->buf.cap - j->buf.n - 1);
      if (r < 0) {
        if (errno == EINTR) continue;
        return -1;
      }
      if (r == 0) j->eof = 1;
      j->buf.n += (size_t)r;
      if (owns(w, w->fileunit)) w->stats.bytes += (size_t)r;
    }
  }
}

/*
** One document from the next non-blank line of the open JSONL file: an
** object whose "text"/"content"/"body" string is the text and whose other
** string fields are metadata. A text holding HTML tags (a feed's article
** body, "<p>...</p>" with entities) is read as HTML, as a page is.
*/
static int next_jsonl(paa_walk *w, paa_doc *doc) {
  for (;;) {
    const char *s = NULL, *enc, *p, *e, *textv = NULL;
    size_t n = 0, textn = 0;
    char err[128];
    long line;
    int r = jsonl_line(w, &s, &n);
    doc_reset(w);
    line = w->j.line;
    if (r == 0) {
      int rc = PAA_WALK_END;
      if (w->j.nonblank == 0 && owns(w, w->fileunit))  /* a file of blank lines says nothing */
        rc = skip(w, doc, w->j.path, w->j.root, 0, F_JSONL,
                  "no text (only blank lines)%s", "");
      close_jsonl(w);
      return rc;
    }
    if (r == -3) return PAA_WALK_ERRMEM;
    if (r == -4) {
      int rc = !owns(w, w->fileunit) ? PAA_WALK_END :
               skip(w, doc, w->j.path, w->j.root, 0, F_JSONL,
                    "UTF-16 JSONL is not read%s; convert it to UTF-8 "
                    "(iconv -f UTF-16 -t UTF-8)", "");
      close_jsonl(w);
      return rc;
    }
    if (r == -1) {
      int rc = !owns(w, w->fileunit) ? PAA_WALK_END :
               skip(w, doc, w->j.path, w->j.root, line, F_JSONL,
                    "cannot read: %s", strerror(errno));
      close_jsonl(w);
      return rc;
    }
    if (r == -2) {
      w->j.nonblank++;
      if (!next_unit(w)) continue;
      return size_skip(w, doc, w->j.path, w->j.root, line, F_JSONL, 0);
    }
    if (is_blank(s, n)) continue;
    w->j.nonblank++;
    if (!next_unit(w)) continue;  /* another shard's line: not even parsed */
    if (memchr(s, '\0', n))
      return skip(w, doc, w->j.path, w->j.root, line, F_JSONL,
                  "binary data (NUL byte)%s", "");
    if ((enc = decode(w, s, n, 0)) == NULL) return PAA_WALK_ERRMEM;
    pbuf_reset(&w->work);
    if (!json_object_fields(w->text.p, w->text.n, &w->work, err, sizeof err))
      return skip(w, doc, w->j.path, w->j.root, line, F_JSONL,
                  "malformed JSON: %s", err);
    p = w->work.p;
    e = p + w->work.n;
    while (p < e) {  /* NUL-separated key, value pairs of string fields */
      const char *k = p, *v = k + strlen(k) + 1;
      size_t kn = strlen(k), vn = strlen(v);
      if (textv == NULL && (!strcmp(k, "text") || !strcmp(k, "content") ||
                            !strcmp(k, "body"))) {
        textv = v;
        textn = vn;
      }
      else if (!set_field(w, k, kn, v, vn)) return PAA_WALK_ERRMEM;
      p = v + vn + 1;
    }
    if (textv == NULL)
      return skip(w, doc, w->j.path, w->j.root, line, F_JSONL,
                  "no text field (expected \"text\", \"content\" or \"body\")%s", "");
    if (is_blank(textv, textn))
      return skip(w, doc, w->j.path, w->j.root, line, F_JSONL, "empty text%s", "");
    if (looks_like_html(textv, textn)) {  /* an HTML body: read as a page's is */
      pbuf head = { NULL, 0, 0 };  /* (a body has no head: its fields are dropped) */
      int ok = html_to_text(&w->text, textv, textn, &head);
      pbuf_free(&head);
      if (!ok) return PAA_WALK_ERRMEM;
      if (is_blank(w->text.p ? w->text.p : "", w->text.n))
        return skip(w, doc, w->j.path, w->j.root, line, F_JSONL, "empty text%s", "");
    }
    else {
      pbuf_reset(&w->text);
      if (!pbuf_add(&w->text, textv, textn)) return PAA_WALK_ERRMEM;
    }
    w->text.n = newlines_to_lf(w->text.p, w->text.n);
    w->text.p[w->text.n] = '\0';
    r = finish(w, doc, w->j.path, w->j.root, line, F_JSONL, enc, 0);
    if (r != WALK_FILTERED) return r;
  }
}

/* }================================================================== */


static int walk_next(paa_walk *w, paa_doc *doc) {
  for (;;) {
    pending it;
    struct stat st;
    enum fmt f;
    int r;
    if (w->j.fd >= 0) {
      r = next_jsonl(w, doc);
      if (r != PAA_WALK_END) return r;
    }
    if (w->nstack == 0) return PAA_WALK_END;
    it = w->stack[--w->nstack];
    doc_reset(w);
    f = format_of(it.path, it.given, w->c->opts.all_files);
    if (it.regular) st.st_mode = S_IFREG;  /* no need to ask again */
    else if (stat(it.path, &st) != 0) {  /* a dangling link, or gone since */
      if (f == F_NONE) {  /* of a type we would not read anyway */
        if (w->shard == 0) w->stats.ignored++;
        free(it.path);
        continue;
      }
      if (!next_unit(w)) { free(it.path); continue; }
      r = skip(w, doc, it.path, it.root, 0, F_NONE, "cannot read: %s", strerror(errno));
      free(it.path);
      return r;
    }
    if (S_ISDIR(st.st_mode)) {
      if (!seen_before(w, &st)) {
        r = list_dir(w, it.path, it.root);
        if (r == 0) { free(it.path); return PAA_WALK_ERRMEM; }
        if (r < 0 && !next_unit(w)) { free(it.path); continue; }
        if (r == -2) {
          r = skip(w, doc, it.path, it.root, 0, F_NONE, "%s", OUTSIDE);
          free(it.path);
          return r;
        }
        if (r < 0) {
          r = skip(w, doc, it.path, it.root, 0, F_NONE, "cannot list folder: %s",
                   strerror(errno));
          free(it.path);
          return r;
        }
      }
      free(it.path);
      continue;
    }
    if (f == F_NONE || !S_ISREG(st.st_mode)) {
      if (it.given && !S_ISREG(st.st_mode)) {
        if (!next_unit(w)) { free(it.path); continue; }
        r = skip(w, doc, it.path, it.root, 0, F_NONE, "not a regular file%s", "");
        free(it.path);
        return r;
      }
      if (w->shard == 0) w->stats.ignored++;
      free(it.path);
      continue;
    }
    if (f == F_JSONL) r = open_jsonl(w, doc, it.path, it.root);
    else if (!next_unit(w)) r = PAA_WALK_END;  /* another shard's file: not read */
    else r = read_file(w, doc, it.path, it.root, f);
    free(it.path);
    if (r != PAA_WALK_END && r != WALK_FILTERED) return r;
  }
}


/* Has 's' anything but white space? */
static int has_text(const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (!(s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ||
          s[i] == '\f' || s[i] == '\v')) return 1;
  return 0;
}

int paa_walk_next(paa_walk *w, paa_doc *doc) {
  int r = walk_next(w, doc);
  size_t len;
  if (r != PAA_WALK_DOC || w->bp == NULL) return r;
  free(w->clean);
  w->clean = NULL;
  if (paa_boiler_clean(w->bp, doc->source, doc->text, doc->len, &w->clean, &len,
                       NULL, NULL) < 0)
    return PAA_WALK_ERRMEM;
  if (!has_text(w->clean, len) && has_text(doc->text, doc->len) && doc->warning == NULL) {
    doc->warning = "all its text was taken for boilerplate (menus, promos, repeated lines); "
                   "read as empty";
    w->stats.notes++;
  }
  doc->text = w->clean;
  doc->len = len;
  if (!w->c->opts.skip_words) doc->words = paa_count_tokens(doc->text, doc->len);
  return r;
}
