/* arena.h — bump allocator (arena.c). */
#ifndef RC_ARENA_H
#define RC_ARENA_H
#include <stddef.h>

#include "rc.h"
void *rc_arena_alloc(void **arena, size_t size); /* zeroed; NULL on failure */
char *rc_arena_strndup(void **arena, const char *s, size_t n);
void rc_arena_free(void **arena);
#endif
