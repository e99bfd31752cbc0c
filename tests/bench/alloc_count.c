/*
 * alloc_count.c — linked into a benchmark executable, these definitions of
 * malloc, calloc, realloc, free, aligned_alloc and posix_memalign take
 * precedence for the whole process (the library and libc included) and
 * count every allocation before handing it to glibc's own functions.
 */
#define _GNU_SOURCE
#include <stdatomic.h>
#include <stddef.h>

#include "alloc_count.h"

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);
extern void *__libc_memalign(size_t, size_t);

void *malloc(size_t n);
void *calloc(size_t n, size_t m);
void *realloc(void *p, size_t n);
void free(void *p);
void *aligned_alloc(size_t a, size_t n);
int posix_memalign(void **out, size_t a, size_t n);

static atomic_long g_allocs;

static void count(void) { atomic_fetch_add_explicit(&g_allocs, 1, memory_order_relaxed); }

long alloc_count(void) { return atomic_load(&g_allocs); }

void *malloc(size_t n)
{
    count();
    return __libc_malloc(n);
}

void *calloc(size_t n, size_t m)
{
    count();
    return __libc_calloc(n, m);
}

void *realloc(void *p, size_t n)
{
    count();
    return __libc_realloc(p, n);
}

void free(void *p) { __libc_free(p); }

void *aligned_alloc(size_t a, size_t n)
{
    count();
    return __libc_memalign(a, n);
}

int posix_memalign(void **out, size_t a, size_t n)
{
    count();
    void *p = __libc_memalign(a, n);
    if (!p)
        return 12; /* ENOMEM */
    *out = p;
    return 0;
}
