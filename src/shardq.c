/*
** shardq.c
** Queues that put the inputs of a sharded walk back in walk order: each
** producer thread walks its shard of a corpus (paa_walk_shard) and does
** the work that needs nobody else (decoding, hashing, classifying); one
** consumer takes their items in walk order (the least 'index' first;
** each producer's queue is in order), as one thread walking the corpus
** would. Items are handed over in batches, so the threads meet once a
** batch, not once a document; a producer waits while it has QDEPTH
** batches queued, so memory is bounded by the batches. The boilerplate
** learner and the store's ingest use them. No Lua here.
*/

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "paa.h"
#include "engine.h"

#define QDEPTH  4                /* batches a producer may have waiting */

/* items of one producer, in walk order */
typedef struct shq_batch {
  size_t n, bytes;       /* items, and the text they hold */
  void *item[1];         /* 'batch' of them (allocated so) */
} shq_batch;

typedef struct shq_ring {
  shq_batch *batch[QDEPTH];
  size_t head, n;
} shq_ring;

/* what the consumer reads of a producer's items */
typedef struct shq_head {
  shq_batch *b;          /* the batch being read, or NULL */
  size_t pos;            /* its next item */
  int ended;             /* the producer's walk has ended */
} shq_head;

struct shq {
  shq_items cls;         /* how items are read and freed */
  size_t n;              /* producers */
  shq_ring *ring;        /* one a producer */
  shq_batch **cur;       /* per producer: the batch being filled */
  shq_head *head;        /* per producer, for the consumer */
  pthread_mutex_t mu;
  pthread_cond_t avail;  /* a batch was queued, or 'stop' set */
  pthread_cond_t space;  /* a batch was taken, or 'stop' set */
  int stop;              /* the consumer gives up, or a producer could not go on */
};

static void batch_free(shq *q, shq_batch *b) {
  size_t i;
  if (b == NULL) return;
  for (i = 0; i < b->n; i++)
    if (b->item[i]) q->cls.release(b->item[i]);
  free(b);
}

shq *shq_new(size_t n, const shq_items *cls) {
  shq *q = (shq *)calloc(1, sizeof *q);
  if (q == NULL) return NULL;
  q->cls = *cls;
  if (q->cls.batch < 1) q->cls.batch = 1;
  q->n = n;
  q->ring = (shq_ring *)calloc(n, sizeof *q->ring);
  q->cur = (shq_batch **)calloc(n, sizeof *q->cur);
  q->head = (shq_head *)calloc(n, sizeof *q->head);
  if (q->ring == NULL || q->cur == NULL || q->head == NULL) {
    free(q->ring); free(q->cur); free(q->head); free(q);
    return NULL;
  }
  pthread_mutex_init(&q->mu, NULL);
  pthread_cond_init(&q->avail, NULL);
  pthread_cond_init(&q->space, NULL);
  return q;
}

void shq_stop(shq *q) {
  pthread_mutex_lock(&q->mu);
  q->stop = 1;
  pthread_cond_broadcast(&q->space);
  pthread_cond_broadcast(&q->avail);
  pthread_mutex_unlock(&q->mu);
}

void shq_free(shq *q) {
  size_t k;
  if (q == NULL) return;
  for (k = 0; k < q->n; k++) {
    shq_ring *r = &q->ring[k];
    batch_free(q, q->head[k].b);
    batch_free(q, q->cur[k]);
    while (r->n > 0) {
      batch_free(q, r->batch[r->head]);
      r->head = (r->head + 1) % QDEPTH;
      r->n--;
    }
  }
  pthread_cond_destroy(&q->space);
  pthread_cond_destroy(&q->avail);
  pthread_mutex_destroy(&q->mu);
  free(q->ring); free(q->cur); free(q->head); free(q);
}

/* Queue producer 'k''s batch for the consumer; 0 when it stopped */
static int flush(shq *q, size_t k) {
  shq_ring *r = &q->ring[k];
  int ok;
  pthread_mutex_lock(&q->mu);
  while (!q->stop && r->n == QDEPTH) pthread_cond_wait(&q->space, &q->mu);
  ok = !q->stop;
  if (ok) {
    r->batch[(r->head + r->n) % QDEPTH] = q->cur[k];
    r->n++;
    pthread_cond_signal(&q->avail);
  }
  pthread_mutex_unlock(&q->mu);
  if (!ok) batch_free(q, q->cur[k]);
  q->cur[k] = NULL;
  return ok;
}

/*
** Add 'item' (NULL: out of memory) to producer 'k''s batch, handed over
** when full or when 'item' ends the walk; an item the batch cannot take
** is freed. 0 when the producer must stop.
*/
int shq_put(shq *q, size_t k, void *item) {
  int last = item == NULL || q->cls.kind(item) == PAA_WALK_END;
  shq_batch *b = q->cur[k];
  if (b == NULL) {
    b = (shq_batch *)calloc(1, sizeof *b + (q->cls.batch - 1) * sizeof b->item[0]);
    if (b == NULL && item) { q->cls.release(item); item = NULL; }
    q->cur[k] = b;
  }
  if (item == NULL) item = q->cls.errmem();
  if (item == NULL || b == NULL) {  /* not even room to say so: the consumer must stop */
    if (item) q->cls.release(item);
    shq_stop(q);
    return 0;
  }
  b->item[b->n++] = item;
  if (q->cls.bytes) b->bytes += q->cls.bytes(item);
  if (last || b->n == q->cls.batch || (q->cls.batch_bytes && b->bytes >= q->cls.batch_bytes))
    return flush(q, k) && !last;
  return 1;
}

/* The next item of producer 'k', waiting for it; NULL when stopped */
static void *peek(shq *q, size_t k) {
  shq_head *h = &q->head[k];
  if (h->b != NULL && h->pos < h->b->n) return h->b->item[h->pos];
  batch_free(q, h->b);  /* its items were taken (and are NULL) */
  h->b = NULL;
  pthread_mutex_lock(&q->mu);
  while (!q->stop && q->ring[k].n == 0) pthread_cond_wait(&q->avail, &q->mu);
  if (!q->stop) {
    shq_ring *r = &q->ring[k];
    h->b = r->batch[r->head];
    r->head = (r->head + 1) % QDEPTH;
    r->n--;
    h->pos = 0;
    pthread_cond_broadcast(&q->space);
  }
  pthread_mutex_unlock(&q->mu);
  return h->b ? h->b->item[0] : NULL;
}

/* Take the item producer 'k' shows */
static void *take(shq *q, size_t k) {
  shq_head *h = &q->head[k];
  void *item = h->b->item[h->pos];
  h->b->item[h->pos++] = NULL;  /* the consumer's now */
  return item;
}

/*
** The next item in walk order, the consumer's to free; an item that ends
** a producer's walk (END, or ERRMEM) as soon as it is the next of its
** queue. NULL when every walk has ended, or when the queues stopped
** ('*stopped' then set: a producer could not go on, or 'shq_stop').
*/
void *shq_next(shq *q, int *stopped) {
  size_t k, best = q->n;
  for (k = 0; k < q->n; k++) {
    void *item;
    int kind;
    if (q->head[k].ended) continue;
    if ((item = peek(q, k)) == NULL) { *stopped = 1; return NULL; }
    kind = q->cls.kind(item);
    if (kind == PAA_WALK_END || kind == PAA_WALK_ERRMEM) {
      q->head[k].ended = 1;
      return take(q, k);
    }
    if (best == q->n ||
        q->cls.index(item) < q->cls.index(q->head[best].b->item[q->head[best].pos]))
      best = k;
  }
  return best == q->n ? NULL : take(q, best);
}

/*
** The store's ingest and the boilerplate learner queue items of their
** own, each beginning with a shq_doc: made here once.
*/
void *shq_doc_new(size_t size, int kind, const paa_doc *d) {
  shq_doc *it = (shq_doc *)calloc(1, size);
  if (it == NULL) return NULL;
  it->kind = kind;
  if (d != NULL && (it->buf = shq_doc_copy(&it->doc, d)) == NULL) {
    free(it);
    return NULL;
  }
  return it;
}

int shq_doc_kind(const void *item) { return ((const shq_doc *)item)->kind; }
size_t shq_doc_index(const void *item) { return ((const shq_doc *)item)->doc.index; }

/* Add the walk stats 'd' to 'to', field by field (the hash modulo 2^64) */
void shq_stats_add(paa_walk_stats *to, const paa_walk_stats *d) {
  to->files += d->files;
  to->docs += d->docs;
  to->skipped += d->skipped;
  to->ignored += d->ignored;
  to->notes += d->notes;
  to->bytes += d->bytes;
  to->hash += d->hash;
  to->filtered += d->filtered;
}

/*
** Copy what a consumer reads of the walk's document 'd' into 'to': its
** strings and metadata pairs in one block (the pointer array first), so
** that the item outlives the walk's buffers. The block (the caller's to
** free), or NULL when out of memory.
*/
char *shq_doc_copy(paa_doc *to, const paa_doc *d) {
  enum { NF = 8 };
  const char *f[NF];
  const char **dst[NF];
  size_t len[NF], nm = d->meta ? 2 * d->nmeta : 0, total = nm * sizeof(char *), i;
  const char **meta;
  char *block, *p;
  *to = *d;
  f[0] = d->id; f[1] = d->path; f[2] = d->source; f[3] = d->title;
  f[4] = d->date; f[5] = d->url; f[6] = d->warning; f[7] = d->text;
  dst[0] = &to->id; dst[1] = &to->path; dst[2] = &to->source; dst[3] = &to->title;
  dst[4] = &to->date; dst[5] = &to->url; dst[6] = &to->warning; dst[7] = &to->text;
  for (i = 0; i < NF; i++) {
    len[i] = f[i] ? (i == 7 ? d->len : strlen(f[i])) : 0;
    total += len[i] + 1;
  }
  for (i = 0; i < nm; i++) total += strlen(d->meta[i]) + 1;
  if ((block = (char *)malloc(total)) == NULL) return NULL;
  meta = (const char **)(void *)block;  /* malloc's alignment suits pointers */
  p = block + nm * sizeof(char *);
  for (i = 0; i < NF; i++) {
    *dst[i] = NULL;
    if (f[i] == NULL) continue;
    memcpy(p, f[i], len[i]);
    p[len[i]] = '\0';
    *dst[i] = p;
    p += len[i] + 1;
  }
  for (i = 0; i < nm; i++) {
    size_t n = strlen(d->meta[i]);
    memcpy(p, d->meta[i], n + 1);
    meta[i] = p;
    p += n + 1;
  }
  to->meta = nm > 0 ? meta : NULL;
  to->nmeta = nm / 2;
  return block;
}
