/*
 * buf.c — growable text buffers for rendering (JSON, explanations,
 * templates). A failed allocation sets oom and turns later writes into
 * no-ops, so writers check once at the end.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "rc.h"

void rc_buf_init(rc_buf *b) { *b = (rc_buf){ NULL, 0, 0, false }; }

void rc_buf_free(rc_buf *b)
{
    rc_free(b->data);
    rc_buf_init(b);
}

void rc_buf_clear(rc_buf *b)
{
    b->len = 0;
    b->oom = false;
    if (b->data)
        b->data[0] = '\0';
}

bool rc_buf_reserve(rc_buf *b, size_t extra)
{
    if (b->oom)
        return false;
    if (extra > SIZE_MAX / 2 - b->len - 1) {
        b->oom = true;
        return false;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    char *d = rc_realloc(b->data, cap);
    if (!d) {
        b->oom = true;
        return false;
    }
    b->data = d;
    b->cap = cap;
    return true;
}

void rc_buf_put_grow(rc_buf *b, const char *s, size_t n)
{
    if (!rc_buf_reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void rc_buf_printf(rc_buf *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        rc_buf_put(b, tmp, (size_t)n);
        return;
    }
    if (!rc_buf_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void rc_buf_num(rc_buf *b, double v, int decimals)
{
    char tmp[64];
    size_t n = rc_num_format(tmp, sizeof tmp, v, decimals);
    rc_buf_put(b, tmp, n);
}

/* Bytes a JSON string cannot hold as they are: control characters, DEL
 * (escaped too, for terminals), the quote and the backslash; and NUL, which
 * ends the string. */
static const unsigned char k_json_special[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['"'] = 1, ['\\'] = 1, [0x7f] = 1,
};

/* Whether the 8 bytes of x (none of them NUL) hold one of the special
 * bytes: the usual tests for a byte below n, (x - n·0x01…) & ~x & 0x80…
 * (exact as a yes/no for n <= 0x80), and for a zero byte after an xor. */
static inline bool json_special_word(uint64_t x)
{
    const uint64_t ones = UINT64_C(0x0101010101010101), high = UINT64_C(0x8080808080808080);
    uint64_t q = x ^ ones * '"', bs = x ^ ones * '\\', del = x ^ ones * 0x7f;
    uint64_t hit = ((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((bs - ones) & ~bs) | ((del - ones) & ~del);
    return (hit & high) != 0;
}

/* The index of the first special byte of s[i..n), or n. */
static inline size_t json_plain_end(const char *s, size_t i, size_t n)
{
    /* a word at a time, then byte by byte up to the special byte that
     * stopped the word loop (or the end) */
    for (uint64_t x; i + 8 <= n; i += 8) {
        memcpy(&x, s + i, 8);
        if (json_special_word(x))
            break;
    }
    while (i < n && !k_json_special[(unsigned char)s[i]])
        i++;
    return i;
}

void rc_buf_json_str(rc_buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    size_t n = strlen(s), i = json_plain_end(s, 0, n);
    if (i == n) { /* nothing to escape: one copy */
        if (!rc_buf_reserve(b, n + 2))
            return;
        char *d = b->data + b->len;
        d[0] = '"';
        memcpy(d + 1, s, n);
        d[n + 1] = '"';
        d[n + 2] = '\0';
        b->len += n + 2;
        return;
    }
    rc_buf_putc(b, '"');
    size_t run = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        rc_buf_put(b, s + run, i - run);
        switch (c) {
        case '"': rc_buf_put(b, "\\\"", 2); break;
        case '\\': rc_buf_put(b, "\\\\", 2); break;
        case '\n': rc_buf_put(b, "\\n", 2); break;
        case '\t': rc_buf_put(b, "\\t", 2); break;
        case '\r': rc_buf_put(b, "\\r", 2); break;
        default: {
            char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
            rc_buf_put(b, u, 6);
        }
        }
        run = ++i;
        i = json_plain_end(s, i, n);
    }
    rc_buf_put(b, s + run, n - run);
    rc_buf_putc(b, '"');
}

void rc_buf_escaped(rc_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != 0x7f)
            continue;
        rc_buf_put(b, s + run, i - run);
        char e[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };
        rc_buf_put(b, e, 4);
        run = i + 1;
    }
    if (run < n)
        rc_buf_put(b, s + run, n - run);
}

char *rc_buf_take(rc_buf *b)
{
    if (b->oom) {
        rc_buf_free(b);
        return NULL;
    }
    if (!b->data && !rc_buf_reserve(b, 0))
        return NULL;
    char *d = b->data;
    d[b->len] = '\0';
    rc_buf_init(b);
    return d;
}
