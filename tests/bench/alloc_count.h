/* alloc_count.h — counts the heap allocations of the whole process
 * (alloc_count.c interposes malloc & co. over glibc's __libc_* functions). */
#ifndef ALLOC_COUNT_H
#define ALLOC_COUNT_H
long alloc_count(void);
#endif
