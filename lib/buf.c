/*
 * buf.c — growable text buffers for rendering (JSON, explanations,
 * templates). A failed allocation sets oom and turns later writes into
 * no-ops, so writers check once at the end.
 */
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

void rc_buf_put(rc_buf *b, const char *s, size_t n)
{
    if (!rc_buf_reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void rc_buf_puts(rc_buf *b, const char *s) { rc_buf_put(b, s, strlen(s)); }

void rc_buf_putc(rc_buf *b, char c) { rc_buf_put(b, &c, 1); }

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

void rc_buf_json_str(rc_buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    rc_buf_putc(b, '"');
    const char *run = s;
    for (const char *p = s;; p++) {
        unsigned char c = (unsigned char)*p;
        if (c != 0 && c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
            continue;
        rc_buf_put(b, run, (size_t)(p - run));
        if (c == 0)
            break;
        switch (c) {
        case '"': rc_buf_puts(b, "\\\""); break;
        case '\\': rc_buf_puts(b, "\\\\"); break;
        case '\n': rc_buf_puts(b, "\\n"); break;
        case '\t': rc_buf_puts(b, "\\t"); break;
        case '\r': rc_buf_puts(b, "\\r"); break;
        default: {
            char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
            rc_buf_put(b, u, 6);
        }
        }
        run = p + 1;
    }
    rc_buf_putc(b, '"');
}

void rc_buf_escaped(rc_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f) {
            char e[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };
            rc_buf_put(b, e, 4);
        } else {
            rc_buf_putc(b, (char)c);
        }
    }
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
