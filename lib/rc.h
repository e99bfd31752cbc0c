/*
 * rc.h — internal declarations shared by every file of lib/: allocation
 * (alloc.c), errors (error.c), the growable text buffer (buf.c) and number
 * formatting/parsing that never looks at the C locale (num.c).
 * Nothing here is exported; internal symbols use the rc_ prefix.
 */
#ifndef RC_H
#define RC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "runcover/runcover.h"

#if defined(__GNUC__)
#define RC_EXPORT __attribute__((visibility("default")))
#define RC_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define RC_LIKELY(x) __builtin_expect(!!(x), 1)
#define RC_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define RC_EXPORT
#define RC_PRINTF(a, b)
#define RC_LIKELY(x) (x)
#define RC_UNLIKELY(x) (x)
#endif

#define RC_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- alloc.c: every allocation of the library goes through these ---- */
void *rc_malloc(size_t size);
void *rc_calloc(size_t n, size_t size);           /* overflow-checked */
void *rc_realloc(void *p, size_t size);           /* p NULL allowed; size 0 → frees, returns NULL */
void *rc_reallocarray(void *p, size_t n, size_t size); /* overflow-checked */
void rc_free(void *p);
char *rc_strdup(const char *s);
char *rc_strndup(const char *s, size_t n);
/* White-box tests only: fail the n-th allocation from now on (1-based),
 * 0 disables; rc_alloc_count() counts allocations since the last reset. */
void rc_alloc_fail_at(long n);
long rc_alloc_count(void);
void rc_alloc_reset_for_tests(void);

/* ---- error.c: the thread-local last error and the collected list ---- */
/* Clears the last error (every fallible public function starts with it). */
void rc_error_reset(void);
/* Replaces the error list with one error; returns code. */
runcover_status rc_error(runcover_status code, const char *fmt, ...) RC_PRINTF(2, 3);
/* Appends one more error (loaders collecting several); the first becomes the
 * last error. Returns code. Errors past RC_MAX_ERRORS are counted, not kept;
 * rc_error_full() tells when the list is full. */
runcover_status rc_error_add(runcover_status code, const char *file, unsigned line, unsigned col, const char *fmt,
                             ...) RC_PRINTF(5, 6);
runcover_status rc_error_vadd(runcover_status code, const char *file, unsigned line, unsigned col, const char *fmt,
                              va_list ap) RC_PRINTF(5, 0);
size_t rc_error_count(void);
bool rc_error_full(void);
runcover_status rc_error_code(void);
/* Out of memory: never allocates. */
runcover_status rc_nomem(void);
runcover_status rc_misuse(const char *fmt, ...) RC_PRINTF(1, 2);
#define RC_MAX_ERRORS 32

/* ---- buf.c: growable text; after an allocation failure buf.oom is set and
 * further writes are ignored, so callers check once at the end. ---- */
typedef struct rc_buf {
    char *data;
    size_t len;
    size_t cap;
    bool oom;
} rc_buf;
void rc_buf_init(rc_buf *b);
void rc_buf_free(rc_buf *b);
void rc_buf_clear(rc_buf *b);          /* len = 0, keeps memory */
bool rc_buf_reserve(rc_buf *b, size_t extra);
void rc_buf_put_grow(rc_buf *b, const char *s, size_t n); /* rc_buf_put when it must grow */
/* Appends n bytes (and keeps the text NUL-terminated). Inline: the JSON and
 * text writers append a few bytes at a time. While cap > 0, len < cap. */
static inline void rc_buf_put(rc_buf *b, const char *s, size_t n)
{
    if (n < b->cap - b->len && !b->oom) {
        memcpy(b->data + b->len, s, n);
        b->len += n;
        b->data[b->len] = '\0';
    } else {
        rc_buf_put_grow(b, s, n);
    }
}
static inline void rc_buf_puts(rc_buf *b, const char *s) { rc_buf_put(b, s, strlen(s)); }
static inline void rc_buf_putc(rc_buf *b, char c) { rc_buf_put(b, &c, 1); }
void rc_buf_printf(rc_buf *b, const char *fmt, ...) RC_PRINTF(2, 3); /* never for floating point */
void rc_buf_num(rc_buf *b, double v, int decimals); /* shortest form, at most `decimals` decimals */
void rc_buf_json_str(rc_buf *b, const char *s);      /* quoted, escaped JSON string */
void rc_buf_escaped(rc_buf *b, const char *s, size_t n); /* control chars as \xNN, for messages */
/* Hands the text over (NUL-terminated); the buffer is reset. NULL on oom. */
char *rc_buf_take(rc_buf *b);

/* ---- num.c: locale-independent numbers ---- */
/* Formats v with at most `decimals` decimals, trailing zeros removed, "-0"
 * as "0". Writes at most cap bytes including NUL; returns length. */
size_t rc_num_format(char *out, size_t cap, double v, int decimals);
/* For messages: as rc_num_format, but a value of magnitude >= 1e15 or
 * nonzero below 1e-6 as %g would write it ("1e+100", "-2.5e-300", never
 * cut to the buffer or rounded to 0), and NaN/inf as "NaN", "inf", "-inf".
 * Locale-independent too. */
size_t rc_num_format_msg(char *out, size_t cap, double v, int decimals);
/* Parses a decimal number (JSON/YAML style: -12, 3.5, 1e3, .5). The whole
 * [s, s+n) must be the number. Returns false when it is not one. */
bool rc_num_parse(const char *s, size_t n, double *out);
/* As rc_num_parse, telling a well-formed number too large for a double
 * (1e999) from text that is no number. */
typedef enum rc_num_status { RC_NUM_OK, RC_NUM_BAD, RC_NUM_HUGE } rc_num_status;
rc_num_status rc_num_scan(const char *s, size_t n, double *out);

/* ---- sha256.c ---- */
void rc_sha256_hex(const void *data, size_t len, char out[65]);

#endif
