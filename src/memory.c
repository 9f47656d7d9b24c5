/*
** memory.c
** The engines' allocator: the C library's, with a count of the bytes
** held and an optional budget asked before growing. A host that caps
** memory (paa --max-memory) installs the budget, so that an index or a
** lexicon built in C is counted with what Lua holds instead of growing
** past the cap unseen. This file must not include engine.h, which
** sends the engines' malloc and free here.
*/

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GLIBC__)
#include <malloc.h>
#define block_size(p)  malloc_usable_size(p)
#else
#define block_size(p)  ((void)(p), (size_t)0)  /* no way to know: nothing counted */
#endif

#include "paa.h"

static atomic_size_t held;          /* bytes in blocks the engines hold */
static paa_memory_check budget;     /* asked before growing; NULL: none */


/* May 'more' bytes be taken? */
static int allowed(size_t more) {
  return budget == NULL || budget(atomic_load_explicit(&held, memory_order_relaxed), more);
}

static void count(void *p, int sign) {
  if (sign > 0) atomic_fetch_add_explicit(&held, block_size(p), memory_order_relaxed);
  else atomic_fetch_sub_explicit(&held, block_size(p), memory_order_relaxed);
}


void *paa_malloc(size_t n) {
  void *p;
  if (!allowed(n)) return NULL;
  if ((p = malloc(n)) != NULL) count(p, 1);
  return p;
}


/*
** Zeroed by writing, not by the C library's calloc: a large calloc takes
** fresh pages that the kernel maps to its one zero page until written,
** and the engines' hash tables read a slot before writing it, so each
** page was first mapped read-only, then copied on the write, and that
** copy flushes the page from every thread's TLB (an interrupt to each
** other core running a worker: a tenth of a two-thread count's time).
*/
static void *(*volatile zero)(void *, int, size_t) = memset;  /* (compilers make malloc + memset a calloc) */

void *paa_calloc(size_t n, size_t size) {
  void *p;
  if (size != 0 && n > (size_t)-1 / size) return NULL;
  if (!allowed(n * size)) return NULL;
  if ((p = malloc(n * size)) != NULL) {
    zero(p, 0, n * size);
    count(p, 1);
  }
  return p;
}


void *paa_realloc(void *p, size_t n) {
  size_t old = p ? block_size(p) : 0;
  void *q;
  if (n == 0) {
    paa_free(p);
    return NULL;
  }
  if (n > old && !allowed(n - old)) return NULL;
  if ((q = realloc(p, n)) == NULL) return NULL;  /* 'p' is untouched */
  atomic_fetch_sub_explicit(&held, old, memory_order_relaxed);
  count(q, 1);
  return q;
}


void paa_free(void *p) {
  if (p == NULL) return;
  count(p, -1);
  free(p);
}


size_t paa_memory(void) {
  return atomic_load_explicit(&held, memory_order_relaxed);
}


void paa_set_memory_check(paa_memory_check check) {
  budget = check;
}
