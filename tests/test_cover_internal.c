/*
 * test_cover_internal.c — white-box tests (the internal static copy of lib/)
 * for the building blocks whose edge cases the public API cannot reach or
 * reaches only by accident:
 *
 *  - num.c: locale-free number formatting (caps, rounding, "-0", huge
 *    values, NaN) and parsing (signs, exponents, long mantissas, overflow);
 *  - buf.c: long printf output, JSON and message escaping of every control
 *    character, the size overflow guard;
 *  - yaml.c: caller-given limits (bytes, depth, scalar, nodes), directive
 *    lines separated by NEL/LS/PS and after a BOM, duplicate keys in large
 *    mappings, the scalar helpers;
 *  - alloc.c: zero sizes, overflowing counts, runcover_set_allocator()
 *    argument checks and its once-only rule;
 *  - evaluator.c: rc_read_file() with a small cap;
 *  - allocation failure (rc_alloc_fail_at: allocation n and every later one
 *    fails) in the paths tests/test_alloc.c does not sweep: load_dir,
 *    load_file (also of a file whose size is unknown up front), athlete and
 *    session clones with ext facts and history, long printf output. Each
 *    failure must be RUNCOVER_E_NOMEM, leave the handles as they were and
 *    keep no memory (a counting allocator, installed in main(), checks the
 *    live blocks).
 *
 * RUNCOVER_TEST_QUICK=1 (valgrind) tries every n up to 64, then every 7th.
 *
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include <check.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "program.h"
#include "rc.h"
#include "yread.h"

/* runcover_set_allocator(NULL), then with the counting allocator, before the library allocated anything (main). */
static runcover_status g_first_reset = (runcover_status)-1;
static runcover_status g_first_set_allocator = (runcover_status)-1;
static bool g_quick;

/* The counting allocator: live library blocks. */
static long g_live;

static void *count_malloc(size_t n, void *ud)
{
    (void)ud;
    void *p = malloc(n);
    g_live += p != NULL;
    return p;
}

static void *count_realloc(void *p, size_t n, void *ud)
{
    (void)ud;
    void *q = realloc(p, n);
    g_live += p == NULL && q != NULL;
    return q;
}

static void count_free(void *p, void *ud)
{
    (void)ud;
    g_live -= p != NULL;
    free(p);
}

/* ---- num.c --------------------------------------------------------------------------------- */

static const char *fmt(double v, int decimals)
{
    static char out[64];
    memset(out, 'Z', sizeof out);
    size_t n = rc_num_format(out, sizeof out, v, decimals);
    ck_assert_uint_eq(n, strlen(out));
    return out;
}

START_TEST(test_num_format)
{
    ck_assert_str_eq(fmt(1234.5678, 2), "1234.57");
    ck_assert_str_eq(fmt(1.10, 3), "1.1");
    ck_assert_str_eq(fmt(5, 3), "5");
    ck_assert_str_eq(fmt(-9.999, 2), "-10");
    /* half away from zero, and no "-0" */
    ck_assert_str_eq(fmt(2.5, 0), "3");
    ck_assert_str_eq(fmt(-2.5, 0), "-3");
    ck_assert_str_eq(fmt(-0.4, 0), "0");
    ck_assert_str_eq(fmt(-0.004, 2), "0");
    ck_assert_str_eq(fmt(-0.0, 3), "0");
    ck_assert_str_eq(fmt(-0.25, 1), "-0.3");
    /* decimals outside 0..9 are clamped */
    ck_assert_str_eq(fmt(2.6, -3), "3");
    ck_assert_str_eq(fmt(0.1234567891234, 12), "0.123456789");
    /* too large for the integer path: printed without decimals */
    ck_assert_str_eq(fmt(1e16, 3), "10000000000000000");
    ck_assert_str_eq(fmt(-9e15, 0), "-9000000000000000");
    /* never NaN or inf in JSON */
    ck_assert_str_eq(fmt(NAN, 3), "0");
    ck_assert_str_eq(fmt(INFINITY, 3), "0");
    ck_assert_str_eq(fmt(-INFINITY, 0), "0");

    /* a small buffer is truncated, NUL-terminated, and the length says what was written */
    char small[4] = { 'x', 'x', 'x', 'x' };
    ck_assert_uint_eq(rc_num_format(small, sizeof small, 12345, 0), 3);
    ck_assert_str_eq(small, "123");
    ck_assert_uint_eq(rc_num_format(small, 2, NAN, 0), 1);
    ck_assert_str_eq(small, "0");
    /* cap 0 writes nothing */
    small[0] = 'q';
    ck_assert_uint_eq(rc_num_format(small, 0, 1, 0), 0);
    ck_assert_int_eq(small[0], 'q');
}
END_TEST

static const char *fmt_msg(double v, int decimals)
{
    static char out[64];
    memset(out, 'Z', sizeof out);
    size_t n = rc_num_format_msg(out, sizeof out, v, decimals);
    ck_assert_uint_eq(n, strlen(out));
    return out;
}

START_TEST(test_num_format_msg)
{
    /* ordinary magnitudes: rc_num_format's output */
    ck_assert_str_eq(fmt_msg(251.5, 6), "251.5");
    ck_assert_str_eq(fmt_msg(-0.25, 1), "-0.3");
    ck_assert_str_eq(fmt_msg(0, 6), "0");
    ck_assert_str_eq(fmt_msg(1e-6, 6), "0.000001");
    ck_assert_str_eq(fmt_msg(999999999999999.0, 6), "999999999999999");
    /* huge and tiny: %g-like, 6 significant digits at most */
    ck_assert_str_eq(fmt_msg(1e100, 6), "1e+100");
    ck_assert_str_eq(fmt_msg(-1e300, 6), "-1e+300");
    ck_assert_str_eq(fmt_msg(1e-300, 6), "1e-300");
    ck_assert_str_eq(fmt_msg(1e308, 6), "1e+308");
    ck_assert_str_eq(fmt_msg(1e15, 3), "1e+15");
    ck_assert_str_eq(fmt_msg(-2.5e-7, 6), "-2.5e-07");
    ck_assert_str_eq(fmt_msg(1.23456789e20, 6), "1.23457e+20");
    ck_assert_str_eq(fmt_msg(9.999999e100, 6), "1e+101");
    ck_assert_str_eq(fmt_msg(4.9e-324, 6), "4.94066e-324");
    ck_assert_str_eq(fmt_msg(NAN, 6), "NaN");
    ck_assert_str_eq(fmt_msg(INFINITY, 6), "inf");
    ck_assert_str_eq(fmt_msg(-INFINITY, 6), "-inf");
    /* truncated like rc_num_format */
    char small[4];
    ck_assert_uint_eq(rc_num_format_msg(small, sizeof small, -1e300, 6), 3);
    ck_assert_str_eq(small, "-1e");
    ck_assert_uint_eq(rc_num_format_msg(small, 0, 1e300, 6), 0);
    /* a decimal-comma locale changes nothing */
    if (setlocale(LC_NUMERIC, "de_DE.UTF-8") || setlocale(LC_NUMERIC, "de_DE.utf8")) {
        ck_assert_str_eq(fmt_msg(1.5e100, 6), "1.5e+100");
        ck_assert_str_eq(fmt_msg(-2.5e-7, 6), "-2.5e-07");
        setlocale(LC_NUMERIC, "C");
    }
}
END_TEST

static bool parse(const char *s, double *v)
{
    *v = -777;
    return rc_num_parse(s, strlen(s), v);
}

START_TEST(test_num_parse)
{
    double v;
    ck_assert(parse("+5", &v));
    ck_assert_double_eq(v, 5);
    ck_assert(parse("-0.5", &v));
    ck_assert_double_eq(v, -0.5);
    ck_assert(parse(".5", &v));
    ck_assert_double_eq(v, 0.5);
    ck_assert(parse("5.", &v));
    ck_assert_double_eq(v, 5);
    ck_assert(parse("1E3", &v));
    ck_assert_double_eq(v, 1000);
    ck_assert(parse("1e+2", &v));
    ck_assert_double_eq(v, 100);
    ck_assert(parse("25e-2", &v));
    ck_assert_double_eq(v, 0.25);
    ck_assert(parse("0.8", &v));
    ck_assert_double_eq(v, 0.8);
    /* more than 19 significant digits, and exponents past 1e22: correctly rounded */
    ck_assert(parse("12345678901234567891", &v));
    ck_assert_double_eq(v, 12345678901234567891.0);
    ck_assert(parse("1.5e30", &v));
    ck_assert_double_eq(v, 1.5e30);
    ck_assert(parse("-1.5e30", &v));
    ck_assert_double_eq(v, -1.5e30);
    ck_assert(parse("1e-30", &v));
    ck_assert_double_eq(v, 1e-30);
    ck_assert(parse("0.000000000000000000000000001", &v));
    ck_assert_double_eq(v, 1e-27);
    /* underflow is 0, overflow is no number */
    ck_assert(parse("1e-400", &v));
    ck_assert_double_eq(v, 0);
    ck_assert(!parse("1e400", &v));
    ck_assert(!parse("1e999999999", &v));
    ck_assert_double_eq(v, -777); /* untouched on failure */
    /* not numbers */
    static const char *const bad[] = { "", "+", "-", ".", "e5", "1e", "1e+", "1e-", "1x", "1.2.3", " 1", "1 ",
                                       "0x10", "inf", "nan", "1,5", "--1" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!parse(bad[i], &v), "\"%s\" parsed as %g", bad[i], v);
    /* the length bounds the text: "12" of "123" */
    ck_assert(rc_num_parse("123", 2, &v));
    ck_assert_double_eq(v, 12);
}
END_TEST

/* ---- buf.c --------------------------------------------------------------------------------- */

START_TEST(test_buf_printf_long_and_escapes)
{
    rc_buf b;
    rc_buf_init(&b);
    char word[301];
    memset(word, 'w', 300);
    word[300] = '\0';
    rc_buf_puts(&b, "<");
    rc_buf_printf(&b, "%s|%d", word, 42); /* longer than printf's stack buffer */
    ck_assert_uint_eq(b.len, 1 + 300 + 3);
    ck_assert_int_eq(memcmp(b.data + 1, word, 300), 0);
    ck_assert_str_eq(b.data + 301, "|42");
    rc_buf_clear(&b);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_str_eq(b.data, "");

    rc_buf_json_str(&b, "a\"b\\c\n\t\r\x01\x1f\x7f\xc3\xa9 end");
    ck_assert_str_eq(b.data, "\"a\\\"b\\\\c\\n\\t\\r\\u0001\\u001f\\u007f\xc3\xa9 end\"");
    rc_buf_clear(&b);
    rc_buf_json_str(&b, "");
    ck_assert_str_eq(b.data, "\"\"");
    rc_buf_clear(&b);
    /* strings are scanned 8 bytes at a time: a special byte at every place
     * of a word, two in one word, and bytes 0x80..0xff (UTF-8) kept as they are */
    static const struct {
        char c;
        const char *esc;
    } sp[] = { { '"', "\\\"" }, { '\\', "\\\\" }, { '\x01', "\\u0001" }, { '\x1f', "\\u001f" }, { '\x7f', "\\u007f" } };
    for (size_t k = 0; k < sizeof sp / sizeof sp[0]; k++)
        for (int pos = 0; pos < 24; pos++) {
            char in[25], want[40];
            memset(in, 'x', 24);
            in[24] = '\0';
            in[pos] = sp[k].c;
            snprintf(want, sizeof want, "\"%.*s%s%.*s\"", pos, in, sp[k].esc, 23 - pos, in + pos + 1);
            rc_buf_clear(&b);
            rc_buf_json_str(&b, in);
            ck_assert_str_eq(b.data, want);
        }
    rc_buf_clear(&b);
    rc_buf_json_str(&b, "abcdefg\"\"\n" "\xa0\xbf\xc3\xa9\xdf\xe2\x80\x94\xff\xfe\x80\x81\x9f\xa2\x7e\x21 tail");
    ck_assert_str_eq(b.data, "\"abcdefg\\\"\\\"\\n" "\xa0\xbf\xc3\xa9\xdf\xe2\x80\x94\xff\xfe\x80\x81\x9f\xa2\x7e\x21 tail\"");
    rc_buf_clear(&b);
    rc_buf_escaped(&b, "a\nb\x7f\x1b" "c", 6);
    ck_assert_str_eq(b.data, "a\\x0ab\\x7f\\x1bc");
    rc_buf_clear(&b);
    rc_buf_num(&b, 0.125, 2);
    ck_assert_str_eq(b.data, "0.13");
    char *s = rc_buf_take(&b);
    ck_assert_str_eq(s, "0.13");
    ck_assert_ptr_null(b.data); /* the buffer is reset */
    rc_free(s);

    /* nothing written: take still gives "" */
    s = rc_buf_take(&b);
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s, "");
    rc_free(s);
}
END_TEST

START_TEST(test_buf_size_overflow)
{
    rc_buf b;
    rc_buf_init(&b);
    rc_buf_puts(&b, "abc");
    /* a request that would overflow size_t arithmetic fails and sticks */
    ck_assert(!rc_buf_reserve(&b, SIZE_MAX / 2));
    ck_assert(b.oom);
    rc_buf_puts(&b, "more");
    ck_assert_uint_eq(b.len, 3);
    ck_assert(!rc_buf_reserve(&b, 1));
    /* the text is not handed over after a failure: no truncated output */
    ck_assert_ptr_null(rc_buf_take(&b));
    ck_assert_ptr_null(b.data);
    /* clear forgets the failure */
    rc_buf_puts(&b, "x");
    rc_buf_clear(&b);
    ck_assert(!b.oom);
    rc_buf_free(&b);
}
END_TEST

/* ---- yaml.c -------------------------------------------------------------------------------- */

static runcover_status yparse(rc_ydoc *doc, const char *text, const rc_ylimits *lim)
{
    return rc_yaml_parse(doc, "y.yaml", text, strlen(text), lim);
}

static void assert_last(runcover_status code, unsigned line, unsigned col, const char *needle)
{
    const runcover_error *e = runcover_last_error();
    ck_assert_msg(e->code == code, "code %d, expected %d: %s", (int)e->code, (int)code, e->message);
    ck_assert_msg(e->line == line && e->column == col, "at %u:%u, expected %u:%u: %s", e->line, e->column, line, col,
                  e->message);
    ck_assert_msg(strstr(e->message, needle) != NULL, "\"%s\" lacks \"%s\"", e->message, needle);
    ck_assert_str_eq(e->file, "y.yaml");
}

START_TEST(test_yaml_custom_limits)
{
    rc_ydoc doc;
    rc_error_reset();
    rc_ylimits nodes = { 0, 0, 0, 3 };
    ck_assert_int_eq(yparse(&doc, "a: [1, 2]\n", &nodes), RUNCOVER_E_LIMIT);
    assert_last(RUNCOVER_E_LIMIT, 1, 5, "more than 3 nodes");
    ck_assert_ptr_null(doc.root);

    rc_error_reset();
    rc_ylimits scalar = { 0, 0, 3, 0 };
    ck_assert_int_eq(yparse(&doc, "k: abc\nl: abcd\n", &scalar), RUNCOVER_E_LIMIT);
    assert_last(RUNCOVER_E_LIMIT, 2, 4, "text longer than 3 bytes");

    rc_error_reset();
    rc_ylimits depth = { 0, 1, 0, 0 };
    ck_assert_int_eq(yparse(&doc, "a: 1\nb: [1]\n", &depth), RUNCOVER_E_LIMIT);
    assert_last(RUNCOVER_E_LIMIT, 2, 4, "nesting deeper than 1 levels");

    rc_error_reset();
    rc_ylimits bytes = { 4, 0, 0, 0 };
    ck_assert_int_eq(yparse(&doc, "a: 1\n", &bytes), RUNCOVER_E_LIMIT);
    assert_last(RUNCOVER_E_LIMIT, 1, 5, "larger than 4 bytes"); /* the first byte past the limit */
    rc_error_reset();
    ck_assert_int_eq(yparse(&doc, "a: 1", &bytes), RUNCOVER_OK); /* exactly the limit */
    rc_yaml_free(&doc);

    /* zero fields keep the defaults */
    rc_ylimits none = { 0, 0, 0, 0 };
    ck_assert_int_eq(yparse(&doc, "a: [1, [2, [3]]]\n", &none), RUNCOVER_OK);
    ck_assert_int_eq(doc.root->kind, RC_Y_MAP);
    rc_yaml_free(&doc);
    rc_yaml_free(&doc); /* a freed document can be freed again */
    rc_yaml_free(NULL);

    rc_error_reset();
    ck_assert_int_eq(rc_yaml_parse(&doc, NULL, NULL, 3, NULL), RUNCOVER_E_MISUSE);
    ck_assert_str_eq(runcover_last_error()->file, "<input>");
    ck_assert_int_eq(rc_yaml_parse(&doc, NULL, NULL, 0, NULL), RUNCOVER_OK);
    ck_assert_str_eq(doc.name, "<input>");
    ck_assert(rc_yscalar_is_null(doc.root));
    rc_yaml_free(&doc);
}
END_TEST

/* 65 directive lines separated by sep; the 65th is past the limit. */
static char *directives(const char *bom, const char *sep)
{
    size_t cap = 65 * (8 + strlen(sep)) + 64;
    char *s = malloc(cap);
    ck_assert_ptr_nonnull(s);
    size_t n = (size_t)snprintf(s, cap, "%s", bom);
    for (int i = 0; i < 65; i++)
        n += (size_t)snprintf(s + n, cap - n, "%%TAG%d%s", i, sep);
    snprintf(s + n, cap - n, "--- a\n");
    return s;
}

START_TEST(test_yaml_directive_lines)
{
    static const struct {
        const char *bom, *sep;
        unsigned line; /* of the 65th '%': positions count YAML's line breaks, NEL, LS and PS too */
    } cases[] = {
        { "", "\n", 65 },
        { "\xef\xbb\xbf", "\n", 65 },   /* a byte-order mark does not hide the first line's '%' */
        { "", "\r", 65 },
        { "", "\xc2\x85", 65 },         /* NEL */
        { "", "\xe2\x80\xa8", 65 },     /* LINE SEPARATOR */
        { "", "\xe2\x80\xa9", 65 },     /* PARAGRAPH SEPARATOR */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = directives(cases[i].bom, cases[i].sep);
        rc_ydoc doc;
        rc_error_reset();
        ck_assert_msg(yparse(&doc, s, NULL) == RUNCOVER_E_LIMIT, "case %zu: %s", i, runcover_last_error()->message);
        ck_assert_msg(strstr(runcover_last_error()->message, "more than 64 lines start with '%'") != NULL, "%s",
                      runcover_last_error()->message);
        ck_assert_uint_eq(runcover_last_error()->line, cases[i].line);
        free(s);
    }
    /* a '%' that does not start a line is text */
    rc_ydoc doc;
    rc_error_reset();
    ck_assert_int_eq(yparse(&doc, "a: 50%\nb: \"%x\"\n", NULL), RUNCOVER_OK);
    rc_yaml_free(&doc);
}
END_TEST

START_TEST(test_yaml_duplicate_keys_large_mapping)
{
    rc_ydoc doc;
    /* more than 8 keys: found by sorting; keys that are prefixes of each other are distinct */
    const char *ok = "a: 1\nab: 2\nabc: 3\nb: 4\nba: 5\nbab: 6\nc: 7\nca: 8\ncab: 9\nd: 10\n";
    rc_error_reset();
    ck_assert_int_eq(yparse(&doc, ok, NULL), RUNCOVER_OK);
    ck_assert_uint_eq(doc.root->n, 10);
    ck_assert_ptr_nonnull(rc_ymap_get(doc.root, "bab"));
    ck_assert_str_eq(rc_ymap_get(doc.root, "bab")->str, "6");
    ck_assert_ptr_null(rc_ymap_get(doc.root, "ba b"));
    rc_yaml_free(&doc);

    /* two keys repeated: the first repetition in document order is reported, pointing at its first use */
    const char *dup = "k0: 0\nk1: 1\nk2: 2\nk3: 3\nk4: 4\nk5: 5\nk6: 6\nk3: again\nk7: 7\nk1: again\nk1: thrice\n";
    rc_error_reset();
    ck_assert_int_eq(yparse(&doc, dup, NULL), RUNCOVER_E_SCHEMA);
    assert_last(RUNCOVER_E_SCHEMA, 8, 1, "duplicate key 'k3' (first at line 4, column 1)");
    ck_assert_ptr_null(doc.root);
}
END_TEST

START_TEST(test_yaml_scalar_helpers)
{
    rc_ydoc doc;
    rc_error_reset();
    ck_assert_int_eq(yparse(&doc,
                            "n1: ~\nn2: Null\nn3: NULL\nn4:\nq: 'null'\nt: TRUE\nf: False\nqt: \"true\"\nx: yes\n"
                            "num: 1.5\nqnum: '1.5'\nlist: [1]\nmap: {a: 1}\n",
                            NULL),
                     RUNCOVER_OK);
    const rc_ynode *r = doc.root;
    static const char *const nulls[] = { "n1", "n2", "n3", "n4" };
    for (size_t i = 0; i < 4; i++)
        ck_assert_msg(rc_yscalar_is_null(rc_ymap_get(r, nulls[i])), "%s is null", nulls[i]);
    ck_assert(!rc_yscalar_is_null(rc_ymap_get(r, "q")));
    ck_assert(!rc_yscalar_is_null(rc_ymap_get(r, "list")));
    ck_assert(!rc_yscalar_is_null(NULL));
    bool b = false;
    ck_assert(rc_yscalar_bool(rc_ymap_get(r, "t"), &b));
    ck_assert(b);
    ck_assert(rc_yscalar_bool(rc_ymap_get(r, "f"), &b));
    ck_assert(!b);
    ck_assert(!rc_yscalar_bool(rc_ymap_get(r, "qt"), &b)); /* quoted: text */
    ck_assert(!rc_yscalar_bool(rc_ymap_get(r, "x"), &b));  /* YAML 1.1 yes is not a boolean here */
    ck_assert(!rc_yscalar_bool(rc_ymap_get(r, "map"), &b));
    double d = 0;
    ck_assert(rc_yscalar_number(rc_ymap_get(r, "num"), &d));
    ck_assert_double_eq(d, 1.5);
    ck_assert(!rc_yscalar_number(rc_ymap_get(r, "qnum"), &d));
    ck_assert(!rc_yscalar_number(rc_ymap_get(r, "n4"), &d));
    ck_assert(!rc_yscalar_number(rc_ymap_get(r, "list"), &d));
    /* rc_ymap_get on a non-mapping, or without a key */
    ck_assert_ptr_null(rc_ymap_get(rc_ymap_get(r, "list"), "a"));
    ck_assert_ptr_null(rc_ymap_get(r, NULL));
    ck_assert_ptr_null(rc_ymap_get(NULL, "a"));
    rc_yaml_free(&doc);
}
END_TEST

/* ---- alloc.c ------------------------------------------------------------------------------- */

static void *my_malloc(size_t n, void *ud)
{
    (void)ud;
    return malloc(n);
}

static void *my_realloc(void *p, size_t n, void *ud)
{
    (void)ud;
    return realloc(p, n);
}

static void my_free(void *p, void *ud)
{
    (void)ud;
    free(p);
}

START_TEST(test_set_allocator_rules)
{
    /* main() restored the default and then installed the counting allocator, before anything was allocated */
    ck_assert_int_eq(g_first_reset, RUNCOVER_OK);
    ck_assert_int_eq(g_first_set_allocator, RUNCOVER_OK);
    long live = g_live;
    void *p = rc_malloc(1);
    ck_assert_int_eq(g_live, live + 1); /* the library allocates through it */
    rc_free(p);
    ck_assert_int_eq(g_live, live);
    /* all three functions are required, whenever it is called */
    runcover_allocator a = { my_malloc, my_realloc, NULL, NULL };
    ck_assert_int_eq(runcover_set_allocator(&a), RUNCOVER_E_INVALID);
    ck_assert_int_eq(runcover_last_error()->code, RUNCOVER_E_INVALID);
    a = (runcover_allocator){ NULL, my_realloc, my_free, NULL };
    ck_assert_int_eq(runcover_set_allocator(&a), RUNCOVER_E_INVALID);
    a = (runcover_allocator){ my_malloc, NULL, my_free, NULL };
    ck_assert_int_eq(runcover_set_allocator(&a), RUNCOVER_E_INVALID);
    /* once the library has allocated, it is too late */
    rc_free(rc_malloc(8));
    a = (runcover_allocator){ my_malloc, my_realloc, my_free, NULL };
    ck_assert_int_eq(runcover_set_allocator(&a), RUNCOVER_E_MISUSE);
    ck_assert_int_eq(runcover_set_allocator(NULL), RUNCOVER_E_MISUSE);
    ck_assert(strstr(runcover_last_error()->message, "before creating any handle") != NULL);
}
END_TEST

START_TEST(test_alloc_sizes)
{
    void *p = rc_malloc(0); /* a unique pointer, freed like any other */
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_null(rc_realloc(p, 0)); /* frees */
    ck_assert_ptr_null(rc_calloc(SIZE_MAX / 2, 4));
    ck_assert_ptr_null(rc_reallocarray(NULL, SIZE_MAX / 2, 4));
    p = rc_reallocarray(NULL, 0, 8);
    ck_assert_ptr_nonnull(p);
    p = rc_reallocarray(p, 4, 8);
    ck_assert_ptr_nonnull(p);
    memset(p, 1, 32);
    rc_free(p);
    char *s = rc_calloc(0, 0);
    ck_assert_ptr_nonnull(s);
    rc_free(s);
    s = rc_strndup("abcdef", 3);
    ck_assert_str_eq(s, "abc");
    rc_free(s);
    rc_free(NULL);
    runcover_string_free(NULL);
}
END_TEST

/* ---- evaluator.c: rc_read_file ------------------------------------------------------------- */

START_TEST(test_read_file_cap)
{
    char path[] = "/tmp/runcover-cover-read-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    char text[100];
    memset(text, 'x', sizeof text);
    ck_assert_int_eq(write(fd, text, sizeof text), (ssize_t)sizeof text);
    close(fd);
    char *buf = NULL;
    size_t len = 0;
    rc_error_reset();
    ck_assert_int_eq(rc_read_file(path, &buf, &len, 10), RUNCOVER_E_LIMIT);
    ck_assert(strstr(runcover_last_error()->message, "larger than 10 bytes") != NULL);
    ck_assert_str_eq(runcover_last_error()->file, path);
    ck_assert_ptr_null(buf);
    rc_error_reset();
    ck_assert_int_eq(rc_read_file(path, &buf, &len, 100), RUNCOVER_OK);
    ck_assert_uint_eq(len, 100);
    ck_assert_int_eq(buf[100], '\0');
    rc_free(buf);
    unlink(path);
}
END_TEST

static int g_sweep_sentinel;
#define RC_SWEEP_SENTINEL ((void *)&g_sweep_sentinel)

/* ---- allocation failure sweeps ------------------------------------------------------------- */

typedef struct sweep_ctx {
    runcover_evaluator *ev;
    const char *path;
    runcover_athlete *a;
    runcover_session *s;
    void *out;
} sweep_ctx;

typedef runcover_status (*sweep_op)(sweep_ctx *c);
typedef void (*sweep_check)(sweep_ctx *c);

/* Fails allocation n, n+1, ... for n = 1, 2, ... until the operation no longer runs out of memory; returns
 * that status. Every failure is NOMEM, keeps nothing and is checked by `unchanged`. */
static runcover_status sweep(const char *what, sweep_op op, sweep_ctx *c, sweep_check unchanged)
{
    for (long n = 1; n < 1000000; n += g_quick && n >= 64 ? 7 : 1) {
        long live = g_live;
        rc_alloc_fail_at(n);
        runcover_status st = op(c);
        rc_alloc_fail_at(0);
        if (st != RUNCOVER_E_NOMEM)
            return st;
        ck_assert_msg(runcover_last_error()->code == RUNCOVER_E_NOMEM, "%s, allocation %ld: last error %d (%s)", what,
                      n, (int)runcover_last_error()->code, runcover_last_error()->message);
        ck_assert_msg(g_live == live, "%s: allocation %ld failed and %ld blocks were kept", what, n, g_live - live);
        if (unchanged)
            unchanged(c);
    }
    ck_abort_msg("%s never stopped running out of memory", what);
    return RUNCOVER_E_NOMEM;
}

static runcover_status op_load_dir(sweep_ctx *c) { return runcover_evaluator_load_dir(c->ev, c->path); }
static runcover_status op_load_file(sweep_ctx *c) { return runcover_evaluator_load_file(c->ev, c->path); }

static void ev_empty(sweep_ctx *c)
{
    ck_assert_uint_eq(runcover_evaluator_protocol_count(c->ev), 0);
    ck_assert_uint_eq(runcover_evaluator_rule_count(c->ev), 1);
}

START_TEST(test_nomem_load_dir_and_file)
{
    char dir[] = "/tmp/runcover-cover-nomem-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[128];
    /* 17 protocol files: more than the first capacity of the name list */
    for (int i = 0; i < 17; i++) {
        snprintf(path, sizeof path, "%s/p%02d.yaml", dir, i);
        FILE *f = fopen(path, "w");
        ck_assert_ptr_nonnull(f);
        fprintf(f, "format: 1\nprotocol: p%02d\nversion: 1\nrules:\n"
                   "  - { id: r%02d, when: 'session.rpe > %d', category: rest, phase: immediate, title: T }\n",
                i, i, i % 10);
        ck_assert_int_eq(fclose(f), 0);
    }
    sweep_ctx c = { NULL, dir, NULL, NULL, NULL };
    ck_assert_int_eq(runcover_evaluator_new(&c.ev), RUNCOVER_OK);
    ck_assert_int_eq(sweep("load_dir", op_load_dir, &c, ev_empty), RUNCOVER_OK);
    ck_assert_uint_eq(runcover_evaluator_protocol_count(c.ev), 17);
    runcover_evaluator_free(c.ev);

    snprintf(path, sizeof path, "%s/p03.yaml", dir);
    c.path = path;
    ck_assert_int_eq(runcover_evaluator_new(&c.ev), RUNCOVER_OK);
    ck_assert_int_eq(sweep("load_file", op_load_file, &c, ev_empty), RUNCOVER_OK);
    ck_assert_uint_eq(runcover_evaluator_protocol_count(c.ev), 1);
    runcover_evaluator_free(c.ev);

    /* a file that reports size 0 but has text: the read buffer grows */
    if (access("/proc/sys/kernel/ostype", R_OK) == 0) {
        c.path = "/proc/sys/kernel/ostype";
        ck_assert_int_eq(runcover_evaluator_new(&c.ev), RUNCOVER_OK);
        ck_assert_int_eq(sweep("load_file(procfs)", op_load_file, &c, ev_empty), RUNCOVER_E_SCHEMA);
        runcover_evaluator_free(c.ev);
    }
    for (int i = 0; i < 17; i++) {
        snprintf(path, sizeof path, "%s/p%02d.yaml", dir, i);
        ck_assert_int_eq(unlink(path), 0);
    }
    ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

static runcover_status op_clone_athlete(sweep_ctx *c)
{
    c->out = RC_SWEEP_SENTINEL;
    return runcover_athlete_clone((runcover_athlete **)&c->out, c->a);
}

static runcover_status op_clone_session(sweep_ctx *c)
{
    c->out = RC_SWEEP_SENTINEL;
    return runcover_session_clone((runcover_session **)&c->out, c->s);
}

static void out_untouched(sweep_ctx *c) { ck_assert_ptr_eq(c->out, RC_SWEEP_SENTINEL); }

static runcover_status op_add_session(sweep_ctx *c) { return runcover_athlete_add_session(c->a, c->s); }

static void history_of_three(sweep_ctx *c) { ck_assert_uint_eq(runcover_athlete_history_count(c->a), 3); }

START_TEST(test_nomem_clones)
{
    sweep_ctx c = { NULL, NULL, NULL, NULL, NULL };
    ck_assert_int_eq(runcover_athlete_new(&c.a), RUNCOVER_OK);
    ck_assert_int_eq(runcover_session_new(&c.s), RUNCOVER_OK);
    ck_assert_int_eq(runcover_athlete_set_mass_kg(c.a, 70), RUNCOVER_OK);
    ck_assert_int_eq(runcover_athlete_set_number(c.a, "ext.hrv", 12), RUNCOVER_OK);
    ck_assert_int_eq(runcover_athlete_set_flag(c.a, "ext.sick", true), RUNCOVER_OK);
    ck_assert_int_eq(runcover_session_set_number(c.s, "ext.hrv_drop", 3), RUNCOVER_OK);
    ck_assert_int_eq(runcover_session_set_flag(c.s, "ext.tired", true), RUNCOVER_OK);
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(runcover_session_set_end(c.s, 1700000000 + i * 86400, 60), RUNCOVER_OK);
        ck_assert_int_eq(runcover_athlete_add_session(c.a, c.s), RUNCOVER_OK);
    }
    ck_assert_int_eq(sweep("athlete_clone", op_clone_athlete, &c, out_untouched), RUNCOVER_OK);
    runcover_athlete *a2 = c.out;
    ck_assert_uint_eq(runcover_athlete_history_count(a2), 3);
    double v = 0;
    ck_assert_int_eq(runcover_athlete_get_number(a2, "ext.hrv", &v), RUNCOVER_OK);
    ck_assert_double_eq(v, 12);
    ck_assert_int_eq(runcover_session_get_number(runcover_athlete_history_session(a2, 2), "ext.tired", &v), RUNCOVER_OK);
    ck_assert_double_eq(v, 1);
    runcover_athlete_free(a2);

    ck_assert_int_eq(sweep("session_clone", op_clone_session, &c, out_untouched), RUNCOVER_OK);
    runcover_session *s2 = c.out;
    ck_assert_int_eq(runcover_session_get_number(s2, "ext.hrv_drop", &v), RUNCOVER_OK);
    ck_assert_double_eq(v, 3);
    runcover_session_free(s2);

    /* adding a session copies it (with its ext facts) */
    ck_assert_int_eq(runcover_session_set_end(c.s, 1700000000 + 5 * 86400, 60), RUNCOVER_OK);
    ck_assert_int_eq(sweep("athlete_add_session", op_add_session, &c, history_of_three), RUNCOVER_OK);
    ck_assert_uint_eq(runcover_athlete_history_count(c.a), 4);
    runcover_athlete_free(c.a);
    runcover_session_free(c.s);
}
END_TEST

START_TEST(test_nomem_buf)
{
    char word[400];
    memset(word, 'w', sizeof word - 1);
    word[sizeof word - 1] = '\0';
    long live = g_live;
    rc_buf b;
    rc_buf_init(&b);
    rc_buf_puts(&b, "x");
    /* the long printf path must grow the buffer: that growth fails */
    rc_alloc_fail_at(1);
    rc_buf_printf(&b, "%s", word);
    rc_alloc_fail_at(0);
    ck_assert(b.oom);
    ck_assert_uint_eq(b.len, 1);
    ck_assert_ptr_null(rc_buf_take(&b));
    ck_assert_int_eq(g_live, live);
    /* handing over an empty buffer allocates: that can fail too */
    rc_buf_init(&b);
    rc_alloc_fail_at(1);
    ck_assert_ptr_null(rc_buf_take(&b));
    rc_alloc_fail_at(0);
    ck_assert_int_eq(g_live, live);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("cover_internal");
    TCase *tc = tcase_create("num_buf");
    tcase_add_test(tc, test_num_format);
    tcase_add_test(tc, test_num_format_msg);
    tcase_add_test(tc, test_num_parse);
    tcase_add_test(tc, test_buf_printf_long_and_escapes);
    tcase_add_test(tc, test_buf_size_overflow);
    suite_add_tcase(s, tc);
    tc = tcase_create("yaml");
    tcase_add_test(tc, test_yaml_custom_limits);
    tcase_add_test(tc, test_yaml_directive_lines);
    tcase_add_test(tc, test_yaml_duplicate_keys_large_mapping);
    tcase_add_test(tc, test_yaml_scalar_helpers);
    suite_add_tcase(s, tc);
    tc = tcase_create("alloc_io");
    tcase_add_test(tc, test_set_allocator_rules);
    tcase_add_test(tc, test_alloc_sizes);
    tcase_add_test(tc, test_read_file_cap);
    suite_add_tcase(s, tc);
    tc = tcase_create("nomem");
    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, rc_alloc_reset_for_tests, rc_alloc_reset_for_tests);
    tcase_add_test(tc, test_nomem_load_dir_and_file);
    tcase_add_test(tc, test_nomem_clones);
    tcase_add_test(tc, test_nomem_buf);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    /* must come first: the allocator can only be set before any allocation */
    static const runcover_allocator counting = { count_malloc, count_realloc, count_free, NULL };
    g_first_reset = runcover_set_allocator(NULL);
    g_first_set_allocator = runcover_set_allocator(&counting);
    const char *q = getenv("RUNCOVER_TEST_QUICK");
    g_quick = q && *q == '1';
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
