/*
 * arena.c — bump allocation for compiled programs and YAML-free strings:
 * one free for everything a program owns.
 */
#include <string.h>

#include "arena.h"

typedef struct block {
    struct block *next;
    size_t used, cap;
    max_align_t data[];
} block;

void *rc_arena_alloc(void **arena, size_t size)
{
    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    block *b = *arena;
    if (!b || b->cap - b->used < size) {
        size_t cap = size > 16384 ? size : 16384;
        block *nb = rc_malloc(sizeof(block) + cap);
        if (!nb)
            return NULL;
        nb->next = b;
        nb->used = 0;
        nb->cap = cap;
        *arena = b = nb;
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

char *rc_arena_strndup(void **arena, const char *s, size_t n)
{
    char *d = rc_arena_alloc(arena, n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

void rc_arena_free(void **arena)
{
    block *b = *arena;
    while (b) {
        block *n = b->next;
        rc_free(b);
        b = n;
    }
    *arena = NULL;
}
