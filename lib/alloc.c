/*
 * alloc.c — the one allocation hook of the library. Every allocation goes
 * through rc_malloc/rc_realloc/rc_free, which call the process-wide
 * allocator set by runcover_set_allocator() (set once, before the first
 * allocation). White-box tests can fail the n-th allocation here.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "rc.h"

static void *std_malloc(size_t n, void *ud) { (void)ud; return malloc(n); }
static void *std_realloc(void *p, size_t n, void *ud) { (void)ud; return realloc(p, n); }
static void std_free(void *p, void *ud) { (void)ud; free(p); }

/* The set-once allocator: written only before any allocation happened. */
static runcover_allocator g_alloc = { std_malloc, std_realloc, std_free, NULL };
static atomic_bool g_used;
/* Test-only failure injection (white-box test builds use the static copy). */
static atomic_long g_count;
static atomic_long g_fail_at;

static bool should_fail(void)
{
    long n = atomic_fetch_add_explicit(&g_count, 1, memory_order_relaxed) + 1;
    long f = atomic_load_explicit(&g_fail_at, memory_order_relaxed);
    return f > 0 && n >= f;
}

void *rc_malloc(size_t size)
{
    if (!atomic_load_explicit(&g_used, memory_order_relaxed))
        atomic_store(&g_used, true);
    if (size == 0)
        size = 1;
    if (RC_UNLIKELY(should_fail()))
        return NULL;
    return g_alloc.malloc_fn(size, g_alloc.userdata);
}

void *rc_calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    void *p = rc_malloc(n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

void *rc_realloc(void *p, size_t size)
{
    if (!p)
        return rc_malloc(size);
    if (size == 0) {
        rc_free(p);
        return NULL;
    }
    if (RC_UNLIKELY(should_fail()))
        return NULL;
    return g_alloc.realloc_fn(p, size, g_alloc.userdata);
}

void *rc_reallocarray(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    return rc_realloc(p, n * size != 0 ? n * size : 1);
}

void rc_free(void *p)
{
    if (p)
        g_alloc.free_fn(p, g_alloc.userdata);
}

char *rc_strndup(const char *s, size_t n)
{
    char *d = rc_malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

char *rc_strdup(const char *s) { return rc_strndup(s, strlen(s)); }

void rc_alloc_fail_at(long n)
{
    atomic_store(&g_count, 0);
    atomic_store(&g_fail_at, n);
}

long rc_alloc_count(void) { return atomic_load(&g_count); }

void rc_alloc_reset_for_tests(void)
{
    atomic_store(&g_count, 0);
    atomic_store(&g_fail_at, 0);
}

RC_EXPORT runcover_status runcover_set_allocator(const runcover_allocator *a)
{
    rc_error_reset();
    if (a && (!a->malloc_fn || !a->realloc_fn || !a->free_fn))
        return rc_error(RUNCOVER_E_INVALID, "runcover_set_allocator: malloc_fn, realloc_fn and free_fn are all required");
    if (atomic_load(&g_used))
        return rc_misuse("runcover_set_allocator: the library has already allocated memory; set the allocator before creating any handle");
    if (a)
        g_alloc = *a;
    else
        g_alloc = (runcover_allocator){ std_malloc, std_realloc, std_free, NULL };
    return RUNCOVER_OK;
}

RC_EXPORT void runcover_string_free(char *s) { rc_free(s); }
