#define _GNU_SOURCE 1 /* newlocale, strtod_l */
/*
 * num.c — numbers as text without the C locale: a German LC_NUMERIC must
 * not turn "1.5" into "1,5" in JSON, nor make "0.8" unparseable in YAML.
 */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rc.h"

size_t rc_num_format(char *out, size_t cap, double v, int decimals)
{
    if (cap == 0)
        return 0;
    if (!isfinite(v)) { /* never written by callers; keep JSON valid anyway */
        snprintf(out, cap, "0");
        return strlen(out);
    }
    if (decimals < 0)
        decimals = 0;
    if (decimals > 9)
        decimals = 9;
    double scale = 1;
    for (int i = 0; i < decimals; i++)
        scale *= 10;
    if (fabs(v) * scale >= 9e15) { /* too large for the integer path: no decimals */
        snprintf(out, cap, "%.0f", v);
        return strlen(out);
    }
    long long q = llround(v * scale);
    bool neg = q < 0;
    unsigned long long u = neg ? (unsigned long long)(-q) : (unsigned long long)q;
    unsigned long long s = (unsigned long long)scale;
    unsigned long long ip = u / s, fp = u % s;
    /* digits written backwards into tmp: the fraction without its trailing
     * zeros, the point, the integer part, the sign (u < 9e15 + 1: at most
     * 16 integer digits and 9 decimals) */
    char tmp[32];
    char *e = tmp + sizeof tmp, *w = e;
    int nd = decimals;
    while (nd > 0 && fp % 10 == 0) {
        fp /= 10;
        nd--;
    }
    for (int i = 0; i < nd; i++, fp /= 10)
        *--w = (char)('0' + fp % 10);
    if (nd)
        *--w = '.';
    do {
        *--w = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    if (neg)
        *--w = '-';
    size_t n = (size_t)(e - w);
    if (n > cap - 1)
        n = cap - 1;
    memcpy(out, w, n);
    out[n] = '\0';
    return n;
}

size_t rc_num_format_msg(char *out, size_t cap, double v, int decimals)
{
    if (cap == 0)
        return 0;
    double a = fabs(v);
    if (isfinite(v) && a < 1e15 && (a >= 1e-6 || v == 0))
        return rc_num_format(out, cap, v, decimals);
    if (!isfinite(v)) {
        snprintf(out, cap, "%s", isnan(v) ? "NaN" : v > 0 ? "inf" : "-inf");
        return strlen(out);
    }
    /* %.5e rounds to 6 significant digits; its decimal point is the
     * locale's (maybe several bytes), so only its digits and exponent are
     * read back: d, 5 more digits, then e±NN after the first 'e'. */
    char e[48];
    snprintf(e, sizeof e, "%.5e", a);
    char dig[6] = { 0 };
    int nd = 0;
    const char *r = e;
    for (; *r && *r != 'e'; r++)
        if (*r >= '0' && *r <= '9' && nd < 6)
            dig[nd++] = *r;
    int x = 0;
    bool xneg = false;
    if (*r == 'e') {
        r++;
        if (*r == '-' || *r == '+')
            xneg = *r++ == '-';
        while (*r >= '0' && *r <= '9')
            x = x * 10 + (*r++ - '0');
    }
    while (nd > 1 && dig[nd - 1] == '0')
        nd--;
    /* like %g: "-1.5e+100", "1e-07" */
    char tmp[24];
    size_t n = 0;
    if (v < 0)
        tmp[n++] = '-';
    tmp[n++] = nd ? dig[0] : '0';
    if (nd > 1)
        tmp[n++] = '.';
    for (int i = 1; i < nd; i++)
        tmp[n++] = dig[i];
    n += (size_t)snprintf(tmp + n, sizeof tmp - n, "e%c%02d", xneg ? '-' : '+', x);
    if (n > cap - 1)
        n = cap - 1;
    memcpy(out, tmp, n);
    out[n] = '\0';
    return n;
}

static const double k_pow10[] = { 1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };

rc_num_status rc_num_scan(const char *s, size_t n, double *out)
{
    size_t i = 0;
    bool neg = false;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    unsigned long long mant = 0;
    int digits = 0, exp10 = 0, sig = 0;
    bool any = false, dropped = false;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
        any = true;
        if (sig < 19) {
            mant = mant * 10 + (unsigned)(s[i] - '0');
            if (mant)
                sig++;
        } else {
            exp10++;
            dropped |= s[i] != '0';
        }
        i++;
        digits++;
    }
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            any = true;
            if (sig < 19) {
                mant = mant * 10 + (unsigned)(s[i] - '0');
                if (mant)
                    sig++;
                exp10--;
            } else {
                dropped |= s[i] != '0';
            }
            i++;
        }
    }
    if (!any)
        return RC_NUM_BAD;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        bool eneg = false;
        if (i < n && (s[i] == '-' || s[i] == '+'))
            eneg = s[i++] == '-';
        if (i >= n || s[i] < '0' || s[i] > '9')
            return RC_NUM_BAD;
        int e = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            if (e < 100000)
                e = e * 10 + (s[i] - '0');
            i++;
        }
        exp10 += eneg ? -e : e;
    }
    if (i != n)
        return RC_NUM_BAD;
    (void)digits;
    double v;
    if (!dropped && mant < (1ULL << 53) && exp10 >= -22 && exp10 <= 22) {
        /* Exact: both operands exact doubles, one correctly rounded operation. */
        v = (double)mant;
        v = exp10 < 0 ? v / k_pow10[-exp10] : v * k_pow10[exp10];
    } else {
        /* Rare: long mantissas or big exponents. strtod in the C locale. */
        char tmp[64];
        if (n >= sizeof tmp)
            return RC_NUM_BAD;
        memcpy(tmp, s, n);
        tmp[n] = '\0';
        locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
        if (!c)
            return RC_NUM_BAD;
        v = strtod_l(tmp, NULL, c);
        freelocale(c);
        neg = false;
    }
    v = neg ? -v : v;
    if (!isfinite(v))
        return RC_NUM_HUGE;
    *out = v;
    return RC_NUM_OK;
}

bool rc_num_parse(const char *s, size_t n, double *out) { return rc_num_scan(s, n, out) == RC_NUM_OK; }
