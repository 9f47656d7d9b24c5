/*
** lexicon_bench.c
** Theme-lexicon counting throughput: walks the given paths with libpaa's
** corpus reader and counts a lexicon in every document (what lex:count
** does, without Lua), then prints MB/s of text and the peak resident
** memory (and the time spent counting alone, without reading). The
** default lexicon has 10 themes of 15 terms, a third of them
** phrases or wildcards; '--dump' prints it in the lexicon file format.
**
**   bench-lexicon [--lexicon FILE] [--nested] [--tokens] [--threads N] PATH...
**   bench-lexicon --dump
**
** '--tokens' only tokenizes (the floor the lexicon adds to). '--threads
** N' counts in N threads while the main thread reads: one compiled
** lexicon, a paa_lexscan per thread.
*/

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "paa.h"


static const char default_lexicon[] =
  "# bench lexicon: 10 themes x 15 terms, a third phrases or wildcards\n"
  "[compute] Data centres, chips and cloud capacity\n"
  "data center*\ndata centre*\ngpu*\nchip*\ncloud*\n-cloud of uncertainty\n"
  "supercomputer\nprocessor\nnvidia\nserver\ncomputing power\nsemiconductor\n"
  "capacity\nbroadband\nbandwidth\n"
  "[competition] Rivals and market share\n"
  "rival*\ncompetitor\ncompetition\nmarket share\nprice war\nmicrosoft\ngoogle\n"
  "apple\namazon\nsony\nnintendo\nbattle\nchallenger\ndominant\nleader\n"
  "[control] Who controls whom\n"
  "control*\nboard seat*\nstake\nmajority\ntakeover\ncontrolling interest\n"
  "shareholder\nveto\ngovernance\nchairman\nchief executive\nowner\nownership\n"
  "voting\nsubsidiary\n"
  "[independence]\n"
  "independen*\nautonomy\nautonomous\nspin off\nbreak-up\nbreak away\nfreedom\n"
  "separate\nsovereign\nself-governing\nstandalone\nneutral\nimpartial\n"
  "outside\nunaffiliated\n"
  "[exclusivity]\n"
  "exclusiv*\nsole\nonly provider\npreferred partner\nlock-in\nbundl*\nmonopoly\n"
  "right of first refusal\nproprietary\nrestricted\nlicence\nlicense\npartner\n"
  "partnership\nalliance\n"
  "[legal] Courts, lawsuits and regulators\n"
  "antitrust\nlawsuit*\ncourt*\njudge\nregulator*\ncompetition commission\n"
  "european commission\nfine\nsued\nsettlement\nappeal\nruling\nlawyer\ninquiry\n"
  "investigation\n"
  "[restructuring]\n"
  "restructur*\nfor profit\nnon-profit\nreorganis*\nreorganiz*\nspin out\n"
  "job cuts\nlayoffs\nredundanc*\nmerger\nacquisition\ndivest\nsell-off\n"
  "bankruptcy\nadministration\n"
  "[funding] Money raised and spent\n"
  "funding round\nbillion*\nmillion*\ninvest*\nvaluation\nventure capital\n"
  "raise\nraised\nfund\nfunding\nipo\nshares\nequity\ndebt\nloan\n"
  "[ip] Intellectual property\n"
  "copyright*\npatent*\nintellectual property\ntrademark\npiracy\npirate*\n"
  "infringement\nlicensing\nroyalt*\nfile-sharing\ndownload\nmusic industry\n"
  "napster\nrights holder\ndrm\n"
  "[regulation]\n"
  "regulat*\nofcom\nlegislation\nlaw\nrules\ncompliance\ndata protection\n"
  "privacy\nwatchdog\nparliament\nbill\nban\nlicensing regime\nsafety\n"
  "consultation\n";

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *read_all(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  char *buf = NULL, *p;
  size_t cap = 0, got;
  *n = 0;
  if (f == NULL) return NULL;
  do {
    if (*n == cap) {
      cap = cap ? 2 * cap : 65536;
      if ((p = (char *)realloc(buf, cap)) == NULL) { free(buf); fclose(f); return NULL; }
      buf = p;
    }
    got = fread(buf + *n, 1, cap - *n, f);
    *n += got;
  } while (got > 0);
  fclose(f);
  return buf;
}

static void *xalloc(void *p, size_t n) {
  if ((p = realloc(p, n)) == NULL) {
    fprintf(stderr, "out of memory\n");
    exit(1);
  }
  return p;
}


/* what one counting thread does: its texts, its scanner, its counts */
typedef struct worker {
  pthread_t thread;
  const paa_lexicon *lx;
  int tokens;            /* only tokenize */
  paa_lexscan *sc;       /* owned */
  size_t *counts;        /* one per term, owned */
  unsigned long long ntokens;
  unsigned long long words;  /* word and number tokens, from the lexicon scan */
  double busy;           /* seconds spent counting */
} worker;

/* Count (or tokenize) one text */
static void work(worker *wk, const char *s, size_t n) {
  double t = now();
  if (wk->tokens) {
    paa_tokenizer tz;
    paa_token tok;
    paa_tokenizer_init(&tz, s, n);
    while (paa_token_next(&tz, &tok)) wk->ntokens++;
  }
  else if (paa_lexscan_count(wk->sc, s, n, wk->counts) != 0) {
    fprintf(stderr, "out of memory\n");
    exit(1);
  }
  else wk->words += paa_lexscan_words(wk->sc);
  wk->busy += now() - t;
}

/*
** With threads, the reader copies each document into a slot of a small
** ring and the workers take them in turn.
*/
#define NSLOTS 64

typedef struct slot {
  char *text;            /* owned, reused */
  size_t len, cap;
} slot;

static struct {
  pthread_mutex_t mu;
  pthread_cond_t filled, emptied;
  slot slots[NSLOTS];
  size_t head, tail;     /* next slot to fill, next slot to take */
  int done;              /* no more documents */
} q = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER,
        { { NULL, 0, 0 } }, 0, 0, 0 };

static void *worker_main(void *arg) {
  worker *wk = (worker *)arg;
  slot mine = { NULL, 0, 0 };
  for (;;) {
    slot tmp;
    pthread_mutex_lock(&q.mu);
    while (q.tail == q.head && !q.done) pthread_cond_wait(&q.filled, &q.mu);
    if (q.tail == q.head) {
      pthread_mutex_unlock(&q.mu);
      break;
    }
    /* swap buffers with the slot, so the reader can refill it at once */
    tmp = q.slots[q.tail % NSLOTS];
    q.slots[q.tail % NSLOTS] = mine;
    mine = tmp;
    q.tail++;
    pthread_cond_signal(&q.emptied);
    pthread_mutex_unlock(&q.mu);
    work(wk, mine.text, mine.len);
  }
  free(mine.text);
  return NULL;
}

/* Hand a document to the workers (copying it) */
static void put(const char *s, size_t n) {
  slot *sl;
  pthread_mutex_lock(&q.mu);
  while (q.head - q.tail == NSLOTS) pthread_cond_wait(&q.emptied, &q.mu);
  sl = &q.slots[q.head % NSLOTS];
  pthread_mutex_unlock(&q.mu);
  if (sl->cap < n + 1) {
    sl->cap = 2 * n + 1;
    sl->text = (char *)xalloc(sl->text, sl->cap);
  }
  memcpy(sl->text, s, n);
  sl->len = n;
  pthread_mutex_lock(&q.mu);
  q.head++;
  pthread_cond_signal(&q.filled);
  pthread_mutex_unlock(&q.mu);
}


int main(int argc, char **argv) {
  char err[512];
  const char *lexpath = NULL;
  int nested = 0, tokens = 0, nthreads = 0, i, t;
  paa_lexicon *lx;
  paa_corpus *c;
  paa_corpus_opts copts;
  paa_walk *w;
  paa_doc doc;
  const paa_walk_stats *st;
  struct rusage ru;
  worker *wk;
  size_t nterms, k, nw;
  unsigned long long matches = 0, bytes = 0, words = 0;
  double t0, dt, busy = 0;
  int r;
  for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
    if (strcmp(argv[i], "--dump") == 0) {
      fputs(default_lexicon, stdout);
      return 0;
    }
    else if (strcmp(argv[i], "--nested") == 0) nested = 1;
    else if (strcmp(argv[i], "--tokens") == 0) tokens = 1;
    else if (strcmp(argv[i], "--lexicon") == 0 && i + 1 < argc) lexpath = argv[++i];
    else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) nthreads = atoi(argv[++i]);
    else break;
  }
  if (i >= argc || nthreads < 0 || nthreads > 64) {
    fprintf(stderr, "usage: %s [--lexicon FILE] [--nested] [--tokens] [--threads N] PATH...\n"
                    "       %s --dump\n", argv[0], argv[0]);
    return 1;
  }
  if (lexpath) {
    size_t n;
    char *s = read_all(lexpath, &n);
    if (s == NULL) { fprintf(stderr, "cannot read '%s'\n", lexpath); return 1; }
    lx = paa_lexicon_parse(s, n, lexpath, nested ? PAA_LEX_NESTED : 0, err, sizeof err);
    free(s);
  }
  else
    lx = paa_lexicon_parse(default_lexicon, sizeof default_lexicon - 1, "default",
                           nested ? PAA_LEX_NESTED : 0, err, sizeof err);
  if (lx == NULL) { fprintf(stderr, "%s\n", err); return 1; }
  nterms = paa_lexicon_nterms(lx);
  nw = nthreads > 0 ? (size_t)nthreads : 1;
  wk = (worker *)xalloc(NULL, nw * sizeof *wk);
  for (k = 0; k < nw; k++) {
    memset(&wk[k], 0, sizeof wk[k]);
    wk[k].lx = lx;
    wk[k].tokens = tokens;
    wk[k].sc = paa_lexscan_new(lx);
    wk[k].counts = (size_t *)calloc(nterms, sizeof(size_t));
    if (wk[k].sc == NULL || wk[k].counts == NULL) { fprintf(stderr, "out of memory\n"); return 1; }
  }
  memset(&copts, 0, sizeof copts);
  copts.skip_words = !tokens;  /* the lexicon scan counts the words itself */
  c = paa_corpus_open((const char *const *)argv + i, (size_t)(argc - i), &copts,
                      err, sizeof err);
  if (c == NULL) { fprintf(stderr, "%s\n", err); return 1; }
  t0 = now();
  for (t = 0; t < nthreads; t++)
    if (pthread_create(&wk[t].thread, NULL, worker_main, &wk[t]) != 0) {
      fprintf(stderr, "cannot start a thread\n");
      return 1;
    }
  w = paa_walk_new(c);
  while ((r = paa_walk_next(w, &doc)) != PAA_WALK_END) {
    if (r == PAA_WALK_ERRMEM) { fprintf(stderr, "out of memory\n"); return 1; }
    if (r != PAA_WALK_DOC) continue;
    bytes += doc.len;
    if (nthreads == 0) work(&wk[0], doc.text, doc.len);
    else put(doc.text, doc.len);
  }
  pthread_mutex_lock(&q.mu);
  q.done = 1;
  pthread_cond_broadcast(&q.filled);
  pthread_mutex_unlock(&q.mu);
  for (t = 0; t < nthreads; t++) pthread_join(wk[t].thread, NULL);
  dt = now() - t0;
  for (t = 0; t < (int)nw; t++) {
    words += wk[t].words;
    matches += wk[t].ntokens;
    for (k = 0; k < nterms; k++) matches += wk[t].counts[k];
    busy += wk[t].busy;
  }
  st = paa_walk_stats_of(w);
  getrusage(RUSAGE_SELF, &ru);
  printf("paa lexicon %s, %d thread%s: %zu docs, %.1f MB of text in %.3f s = %.1f MB/s "
         "(%s alone: %.3f s = %.1f MB/s), %llu %s, %llu words, %zu themes, %zu terms, "
         "peak RSS %.1f MB\n",
         tokens ? "(tokens only)" : nested ? "count (nested)" : "count",
         nthreads ? nthreads + 1 : 1, nthreads ? "s" : "",
         st->docs, bytes / 1e6, dt, bytes / 1e6 / dt, tokens ? "tokenizing" : "counting",
         busy, bytes / 1e6 / busy, matches,
         tokens ? "tokens" : "matches", words, paa_lexicon_nthemes(lx), nterms,
         ru.ru_maxrss / 1024.0);
  paa_walk_close(w);
  paa_corpus_close(c);
  for (k = 0; k < nw; k++) {
    paa_lexscan_free(wk[k].sc);
    free(wk[k].counts);
  }
  for (k = 0; k < NSLOTS; k++) free(q.slots[k].text);
  free(wk);
  paa_lexicon_free(lx);
  return 0;
}
