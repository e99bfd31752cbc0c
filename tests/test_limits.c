/*
 * test_limits.c — every load limit of protocols/README.md "## Limits",
 * black box: at the limit accepted, one past refused with RUNCOVER_E_LIMIT,
 * the name passed in as the error's file, the line and column where the
 * limit was crossed, the limit's number in the message, and the evaluator
 * (or athlete) exactly as before the refused call.
 *
 * Where no valid protocol can sit exactly at a limit (YAML nesting: no
 * protocol field takes nested collections) the at-limit input is asserted to
 * be refused for another reason, never RUNCOVER_E_LIMIT.
 *
 * Expression length and nesting are in test_expr.c and not repeated here.
 *
 * Inputs are built in memory. RUNCOVER_TEST_QUICK=1 (the valgrind setup)
 * skips only the 1 MiB, 200,000-node and 100,000-session cases.
 *
 * protocols/README.md: "Exceeding a limit is RUNCOVER_E_LIMIT with the
 * position where it was hit" — every refusal here is checked for it.
 *
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <locale.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <runcover/runcover.h>

#define MIB ((size_t)1 << 20)

#define RC_OK(expr)                                                                                   \
    do {                                                                                              \
        runcover_status rc_ = (expr);                                                                 \
        ck_assert_msg(rc_ == RUNCOVER_OK, "%s failed: %s (%s at %s:%u:%u)", #expr,                    \
                      runcover_status_str((int)rc_), runcover_last_error()->message,                  \
                      runcover_last_error()->file, runcover_last_error()->line,                       \
                      runcover_last_error()->column);                                                 \
    } while (0)

static bool quick(void)
{
    const char *q = getenv("RUNCOVER_TEST_QUICK");
    return q && *q && strcmp(q, "0") != 0;
}

/* ---- a growable text buffer ---------------------------------------------------------------- */

typedef struct sb {
    char *s;
    size_t len, cap;
} sb;

static void sb_reserve(sb *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t nc = b->cap ? b->cap : 4096;
    while (nc < b->len + extra + 1)
        nc *= 2;
    char *n = realloc(b->s, nc);
    ck_assert_ptr_nonnull(n);
    b->s = n;
    b->cap = nc;
}

static void sb_putn(sb *b, const char *s, size_t n)
{
    sb_reserve(b, n);
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void sb_puts(sb *b, const char *s) { sb_putn(b, s, strlen(s)); }

static void sb_add(sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_add(sb *b, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    ck_assert_int_ge(n, 0);
    sb_reserve(b, (size_t)n);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
}

static void sb_free(sb *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}

/* 1-based line and column of byte offset off (all inputs here are ASCII). */
static void pos_at(const char *s, size_t off, unsigned *line, unsigned *col)
{
    unsigned l = 1, c = 1;
    for (size_t i = 0; i < off; i++) {
        if (s[i] == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l;
    *col = c;
}

/* ---- evaluators and the checks every limit shares ------------------------------------------- */

/* A protocol already in the evaluator, so "unchanged" means more than "empty".
 * It declares no sources, facts, derives or groups: those limits count per
 * evaluator. */
static const char k_base[] = "format: 1\n"
                             "protocol: base\n"
                             "version: 1\n"
                             "rules:\n"
                             "  - id: base-rule\n"
                             "    when: 'true'\n"
                             "    category: sleep\n"
                             "    phase: long_term\n"
                             "    title: B\n";

static runcover_evaluator *new_ev(bool with_base)
{
    runcover_evaluator *ev;
    RC_OK(runcover_evaluator_new(&ev));
    if (with_base) {
        RC_OK(runcover_evaluator_load_string(ev, "base.yaml", k_base, strlen(k_base)));
        ck_assert_uint_eq(runcover_evaluator_rule_count(ev), 2);
    }
    return ev;
}

/* Loads text into a fresh evaluator (with the base protocol) and expects success. */
static void expect_ok(const char *what, const char *name, const char *buf, size_t len)
{
    runcover_evaluator *ev = new_ev(true);
    runcover_status st = runcover_evaluator_load_string(ev, name, buf, len);
    const runcover_error *e = runcover_last_error();
    ck_assert_msg(st == RUNCOVER_OK, "%s at the limit refused: %s: %s (%s:%u:%u)", what, runcover_status_str((int)st),
                  e->message, e->file, e->line, e->column);
    ck_assert_uint_eq(runcover_evaluator_protocol_count(ev), 2);
    runcover_evaluator_free(ev);
}

/* Loads text into ev and expects RUNCOVER_E_LIMIT at name:line:col with needle
 * in the message, and ev unchanged. The file and position are checked last,
 * so a missing position (a library discrepancy) does not hide the rest. */
static void expect_limit_in(runcover_evaluator *ev, const char *what, const char *name, const char *buf, size_t len,
                            unsigned line, unsigned col, const char *needle)
{
    size_t rules = runcover_evaluator_rule_count(ev), protos = runcover_evaluator_protocol_count(ev);
    size_t facts = runcover_fact_count(ev);
    runcover_status st = runcover_evaluator_load_string(ev, name, buf, len);
    const runcover_error *e = runcover_last_error();
    ck_assert_msg(st == RUNCOVER_E_LIMIT, "%s one past the limit: %s, expected LIMIT (%s at %s:%u:%u)", what,
                  runcover_status_str((int)st), e->message, e->file, e->line, e->column);
    ck_assert_int_eq(e->code, RUNCOVER_E_LIMIT);
    ck_assert_msg(strstr(e->message, needle) != NULL, "%s: message \"%s\" does not name \"%s\"", what, e->message,
                  needle);
    ck_assert_uint_ge(runcover_last_error_count(), 1);
    ck_assert_uint_eq(runcover_evaluator_rule_count(ev), rules);
    ck_assert_uint_eq(runcover_evaluator_protocol_count(ev), protos);
    ck_assert_uint_eq(runcover_fact_count(ev), facts);
    ck_assert_msg(strcmp(e->file, name) == 0, "%s: error file \"%s\", expected \"%s\" (%s)", what, e->file, name,
                  e->message);
    ck_assert_msg(e->line == line && e->column == col, "%s: error at %u:%u, expected %u:%u (%s)", what, e->line,
                  e->column, line, col, e->message);
}

static void expect_limit(const char *what, const char *name, const char *buf, size_t len, unsigned line, unsigned col,
                         const char *needle)
{
    runcover_evaluator *ev = new_ev(true);
    expect_limit_in(ev, what, name, buf, len, line, col, needle);
    runcover_evaluator_free(ev);
}

/* Expects a refusal that is not RUNCOVER_E_LIMIT (a limit that no valid
 * protocol can reach exactly), message lacking not_needle. */
static void expect_refused_not_limit(const char *what, const char *name, const char *buf, size_t len,
                                     const char *not_needle)
{
    runcover_evaluator *ev = new_ev(true);
    runcover_status st = runcover_evaluator_load_string(ev, name, buf, len);
    const runcover_error *e = runcover_last_error();
    ck_assert_msg(st != RUNCOVER_OK && st != RUNCOVER_E_LIMIT, "%s at the limit: %s (%s at %s:%u:%u)", what,
                  runcover_status_str((int)st), e->message, e->file, e->line, e->column);
    for (size_t i = 0; i < runcover_last_error_count(); i++) {
        const runcover_error *ei = runcover_last_error_at(i);
        ck_assert_msg(ei->code != RUNCOVER_E_LIMIT && strstr(ei->message, not_needle) == NULL,
                      "%s at the limit: error %zu is a limit: %s", what, i, ei->message);
    }
    ck_assert_uint_eq(runcover_evaluator_rule_count(ev), 2);
    ck_assert_uint_eq(runcover_evaluator_protocol_count(ev), 1);
    runcover_evaluator_free(ev);
}

#define HEADER(name) "format: 1\nprotocol: " name "\nversion: 1\n"

/* One rule on one line (a flow mapping); extra is appended inside the braces. */
static void add_rule(sb *b, unsigned i, const char *extra)
{
    sb_add(b, "  - {id: r%u, when: 'true', category: rest, phase: mid_term, title: T%s}\n", i, extra);
}

/* ---- file or buffer size: 1 MiB ----------------------------------------------------------- */

/* A valid protocol padded with comment lines to exactly n bytes; the last
 * line is a comment without a newline, so one more byte lengthens it. */
static void sized_protocol(sb *b, size_t n)
{
    static const char line80[] = "#xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n";
    sb_puts(b, HEADER("big") "rules:\n  - {id: big, when: 'true', category: rest, phase: mid_term, title: T}\n");
    sb_reserve(b, n - b->len);
    while (n - b->len > 80)
        sb_putn(b, line80, 80);
    sb_puts(b, "#");
    while (b->len < n)
        sb_puts(b, "x");
    ck_assert_uint_eq(b->len, n);
}

START_TEST(test_size)
{
    if (quick()) {
        printf("limits: 1 MiB size case skipped (RUNCOVER_TEST_QUICK)\n");
        return;
    }
    sb b = { 0 };
    sized_protocol(&b, MIB);
    expect_ok("1 MiB buffer", "size.yaml", b.s, b.len);
    sb_free(&b);

    sized_protocol(&b, MIB + 1);
    unsigned line, col;
    pos_at(b.s, MIB, &line, &col); /* the first byte past the limit */
    ck_assert_uint_gt(line, 1);
    expect_limit("1 MiB + 1 buffer", "size.yaml", b.s, b.len, line, col, "1048576");
    sb_free(&b);
}
END_TEST

/* The same through a file: the cap holds while reading. The file is
 * removed before any assertion. */
START_TEST(test_size_file)
{
    if (quick()) {
        printf("limits: 1 MiB file case skipped (RUNCOVER_TEST_QUICK)\n");
        return;
    }
    const char *tmp = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/runcover-limits-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(path);
    ck_assert_msg(fd >= 0, "mkstemp(%s) failed", path);
    sb b = { 0 };
    sized_protocol(&b, MIB);
    bool wrote = write(fd, b.s, b.len) == (ssize_t)b.len;
    runcover_evaluator *ev_ok = new_ev(true), *ev = new_ev(true);
    runcover_status st_ok = runcover_evaluator_load_file(ev_ok, path);
    char msg_ok[400];
    snprintf(msg_ok, sizeof msg_ok, "%s", runcover_last_error()->message);
    wrote = wrote && write(fd, "x", 1) == 1; /* one past: the last comment line grows */
    close(fd);
    runcover_status st = runcover_evaluator_load_file(ev, path);
    unlink(path);
    const runcover_error *e = runcover_last_error();
    ck_assert_msg(wrote, "cannot write %s", path);
    ck_assert_msg(st_ok == RUNCOVER_OK, "1 MiB file refused: %s", msg_ok);
    ck_assert_uint_eq(runcover_evaluator_protocol_count(ev_ok), 2);
    runcover_evaluator_free(ev_ok);

    unsigned line, col;
    sb_puts(&b, "x");
    pos_at(b.s, MIB, &line, &col);
    ck_assert_msg(st == RUNCOVER_E_LIMIT, "1 MiB + 1 file: %s (%s)", runcover_status_str((int)st), e->message);
    ck_assert_int_eq(e->code, RUNCOVER_E_LIMIT);
    ck_assert_str_eq(e->file, path);
    ck_assert_ptr_nonnull(strstr(e->message, "1048576"));
    ck_assert_uint_eq(runcover_evaluator_rule_count(ev), 2);
    ck_assert_uint_eq(runcover_evaluator_protocol_count(ev), 1);
    ck_assert_msg(e->line == line && e->column == col, "1 MiB + 1 file: error at %u:%u, expected %u:%u (%s)", e->line,
                  e->column, line, col, e->message);
    runcover_evaluator_free(ev);
    sb_free(&b);
}
END_TEST

/* ---- YAML nesting depth: 32 --------------------------------------------------------------- */

/* description: at line 4, nested flow lists: the root mapping is level 1,
 * so `lists` brackets make lists + 1 levels. */
static void nested_protocol(sb *b, unsigned lists)
{
    sb_puts(b, HEADER("deep") "description: ");
    for (unsigned i = 0; i < lists; i++)
        sb_puts(b, "[");
    sb_puts(b, "x");
    for (unsigned i = 0; i < lists; i++)
        sb_puts(b, "]");
    sb_puts(b, "\n");
}

START_TEST(test_yaml_depth)
{
    sb b = { 0 };
    /* 32 levels: the YAML is read; no protocol field takes nested lists, so
     * the refusal is a schema error, never the limit. */
    nested_protocol(&b, 31);
    expect_refused_not_limit("32 YAML levels", "deep.yaml", b.s, b.len, "nesting");
    runcover_evaluator *ev = new_ev(true);
    ck_assert_int_eq(runcover_evaluator_load_string(ev, "deep.yaml", b.s, b.len), RUNCOVER_E_SCHEMA);
    ck_assert_ptr_nonnull(strstr(runcover_last_error()->message, "description must be text"));
    runcover_evaluator_free(ev);
    sb_free(&b);
    /* 33 levels: refused at the 32nd '[' (line 4, column 13 + 32) */
    nested_protocol(&b, 32);
    expect_limit("33 YAML levels", "deep.yaml", b.s, b.len, 4, 13 + 32, "32 levels");
    sb_free(&b);
    /* the same with block mappings: key k<i> (line 5 + i, column i + 2)
     * starts the mapping of level i + 2, so k31 (line 36, column 33) starts
     * level 33 */
    sb_puts(&b, HEADER("deep") "description:\n");
    for (unsigned i = 0; i < 32; i++) {
        for (unsigned k = 0; k < i + 1; k++)
            sb_puts(&b, " ");
        sb_add(&b, "k%u:\n", i);
    }
    expect_limit("33 YAML levels (block)", "deep.yaml", b.s, b.len, 36, 33, "32 levels");
    sb_free(&b);
}
END_TEST

/* ---- one YAML scalar: 16 KiB ---------------------------------------------------------------- */

START_TEST(test_yaml_scalar)
{
    for (size_t n = 16384; n <= 16385; n++) {
        sb b = { 0 };
        sb_puts(&b, HEADER("text") "description: ");
        sb_reserve(&b, n);
        memset(b.s + b.len, 'a', n);
        b.len += n;
        b.s[b.len] = '\0';
        sb_puts(&b, "\nrules: []\n");
        if (n == 16384)
            expect_ok("16384-byte scalar", "text.yaml", b.s, b.len);
        else
            expect_limit("16385-byte scalar", "text.yaml", b.s, b.len, 4, 14, "16384");
        sb_free(&b);
    }
    /* a quoted scalar is measured after unescaping and reported at its quote */
    sb b = { 0 };
    sb_puts(&b, HEADER("text") "rules:\n  - id: r\n    when: 'true'\n    category: rest\n    phase: mid_term\n"
                               "    title: \"");
    for (size_t i = 0; i < 16385; i++)
        sb_puts(&b, "\\t"); /* 2 bytes in the file, 1 in the scalar: 16385 > 16384 */
    sb_puts(&b, "\"\n");
    expect_limit("16385-byte quoted scalar", "text.yaml", b.s, b.len, 9, 12, "16384");
    sb_free(&b);
}
END_TEST

/* ---- YAML nodes per file: 200,000 ---------------------------------------------------------- */

/* 26 nodes around a rule's `sources:` list of k scalars:
 * root 1, format/protocol/version 6, sources: key + map + s + t 4, rules:
 * key + list 2, rule map 1, five fields 10, sources: key + list 2. */
static size_t nodes_protocol(sb *b, size_t k)
{
    sb_puts(b, HEADER("nodes") "sources: {s: t}\nrules:\n  - id: r\n    when: 'true'\n    category: rest\n"
                               "    phase: mid_term\n    title: T\n    sources: [s");
    size_t last = b->len - 1;
    sb_reserve(b, 2 * k);
    for (size_t i = 1; i < k; i++) {
        b->s[b->len++] = ',';
        last = b->len;
        b->s[b->len++] = 's';
    }
    b->s[b->len] = '\0';
    sb_puts(b, "]\n");
    return last;
}

START_TEST(test_yaml_nodes)
{
    if (quick()) {
        printf("limits: 200,000-node case skipped (RUNCOVER_TEST_QUICK)\n");
        return;
    }
    sb b = { 0 };
    nodes_protocol(&b, 200000 - 26);
    ck_assert_uint_lt(b.len, MIB);
    expect_ok("200,000 YAML nodes", "nodes.yaml", b.s, b.len);
    sb_free(&b);
    size_t last = nodes_protocol(&b, 200001 - 26);
    unsigned line, col;
    pos_at(b.s, last, &line, &col); /* node 200,001 is the last 's' */
    ck_assert_uint_eq(line, 11);
    expect_limit("200,001 YAML nodes", "nodes.yaml", b.s, b.len, line, col, "200000");
    sb_free(&b);
}
END_TEST

/* ---- YAML directives: 64 lines starting with '%' (lib/yaml.c) ----------------------------- */

static void directives_protocol(sb *b, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        sb_add(b, "%%TAG !t%u! tag:example.org,2026:t%u/\n", i, i);
    sb_puts(b, "---\n" HEADER("dirs") "rules: []\n");
}

START_TEST(test_yaml_directives)
{
    sb b = { 0 };
    directives_protocol(&b, 64);
    expect_ok("64 directives", "dirs.yaml", b.s, b.len);
    sb_free(&b);
    directives_protocol(&b, 65);
    expect_limit("65 directives", "dirs.yaml", b.s, b.len, 65, 1, "more than 64 lines start with '%'");
    sb_free(&b);
}
END_TEST

/* ---- rules per evaluator: 4,096 ----------------------------------------------------------- */

static void rules_protocol(sb *b, const char *name, unsigned n, size_t *last_rule)
{
    sb_add(b, "format: 1\nprotocol: %s\nversion: 1\nrules:\n", name);
    for (unsigned i = 0; i < n; i++) {
        *last_rule = b->len + 4; /* the '{' of "  - {" */
        add_rule(b, i, "");
    }
}

START_TEST(test_rules)
{
    sb b = { 0 };
    size_t last;
    unsigned line, col;
    /* 4,096 protocol rules; rule_count() adds the built-in safety rule */
    runcover_evaluator *ev = new_ev(false);
    rules_protocol(&b, "many", 4096, &last);
    RC_OK(runcover_evaluator_load_string(ev, "rules.yaml", b.s, b.len));
    ck_assert_uint_eq(runcover_evaluator_rule_count(ev), 4097);
    sb_free(&b);
    /* a second file's first rule is the 4,097th */
    sb_puts(&b, HEADER("more") "rules:\n");
    add_rule(&b, 99999, "");
    expect_limit_in(ev, "4,097th rule in a second file", "more.yaml", b.s, b.len, 5, 5, "4096");
    runcover_evaluator_free(ev);
    sb_free(&b);
    /* 4,097 rules in one file: refused at the 4,097th */
    ev = new_ev(false);
    rules_protocol(&b, "many", 4097, &last);
    pos_at(b.s, last, &line, &col);
    ck_assert_uint_eq(line, 4 + 4097);
    expect_limit_in(ev, "4,097 rules", "rules.yaml", b.s, b.len, line, col, "4096");
    ck_assert_uint_eq(runcover_evaluator_rule_count(ev), 1);
    runcover_evaluator_free(ev);
    sb_free(&b);
}
END_TEST

/* ---- nodes per expression: 1,024 ---------------------------------------------------------- */

/* A rule whose `when` (line 11, the quote at column 11, so expression
 * character i is at column 12 + i) is expr. */
static void when_protocol(sb *b, const char *expr)
{
    sb_puts(b, HEADER("expr") "rules:\n  - id: other\n    when: 'true'\n    category: sleep\n    phase: long_term\n"
                              "    title: O\n  - id: r\n    when: '");
    sb_puts(b, expr);
    sb_puts(b, "'\n    category: rest\n    phase: mid_term\n    title: T\n");
}

START_TEST(test_expr_nodes)
{
    /* "-1+1+…+1>0" with k terms: 1 and its '-' (2 nodes), then a literal
     * and a '+' per further term, then 0 and '>': 2k + 2 nodes. */
    sb e = { 0 }, b = { 0 };
    sb_puts(&e, "-1");
    for (int i = 1; i < 511; i++)
        sb_puts(&e, "+1");
    sb_puts(&e, ">0");
    when_protocol(&b, e.s);
    expect_ok("1,024 expression nodes", "expr.yaml", b.s, b.len);
    sb_free(&b);
    sb_free(&e);

    /* "1+1+…+1>0" with 512 terms: 2 * 512 - 1 + 2 = 1,025 nodes; the
     * 1,025th is the comparison, which starts where the expression does. */
    sb_puts(&e, "1");
    for (int i = 1; i < 512; i++)
        sb_puts(&e, "+1");
    sb_puts(&e, ">0");
    when_protocol(&b, e.s);
    expect_limit("1,025 expression nodes", "expr.yaml", b.s, b.len, 11, 12, "1024");
    sb_free(&b);
    sb_free(&e);

    /* 512 terms after '-': the 1,025th node is the literal 0 */
    sb_puts(&e, "-1");
    for (int i = 1; i < 512; i++)
        sb_puts(&e, "+1");
    sb_puts(&e, ">0");
    when_protocol(&b, e.s);
    expect_limit("1,026 expression nodes", "expr.yaml", b.s, b.len, 11, 12 + (unsigned)e.len - 1, "1024");
    sb_free(&b);
    sb_free(&e);

    /* a list literal: 64 items, then 65 (refused at the 65th) */
    for (int n = 64; n <= 65; n++) {
        size_t at = 0;
        sb_puts(&e, "session.rpe in [");
        for (int i = 0; i < n; i++) {
            at = e.len;
            sb_add(&e, "%s%d", i ? "," : "", i % 10 + 1);
        }
        sb_puts(&e, "]");
        when_protocol(&b, e.s);
        if (n == 64)
            expect_ok("a list of 64 items", "expr.yaml", b.s, b.len);
        else
            expect_limit("a list of 65 items", "expr.yaml", b.s, b.len, 11, 12 + (unsigned)at + 1, "64");
        sb_free(&b);
        sb_free(&e);
    }
}
END_TEST

/* ---- derives / ext facts / groups / sources: 512 / 512 / 1,024 / 256 --------------------- */

/* A protocol with n entries under a mapping section (one per line at column
 * 3, the section key on line 4); *last is the offset of the last entry. */
static void section_protocol(sb *b, const char *section, char kind, unsigned n, size_t *last)
{
    sb_add(b, HEADER("sect") "%s:\n", section);
    for (unsigned i = 0; i < n; i++) {
        *last = b->len + 2;
        if (kind == 'd')
            sb_add(b, "  d%u: 1\n", i);
        else if (kind == 'f')
            sb_add(b, "  f%u: {type: flag}\n", i);
        else
            sb_add(b, "  s%u: t\n", i);
    }
    sb_puts(b, "rules: []\n");
}

START_TEST(test_derives)
{
    sb b = { 0 };
    size_t last;
    unsigned line, col;
    section_protocol(&b, "derive", 'd', 512, &last);
    expect_ok("512 derives", "derive.yaml", b.s, b.len);
    sb_free(&b);
    section_protocol(&b, "derive", 'd', 513, &last);
    pos_at(b.s, last, &line, &col);
    ck_assert_uint_eq(line, 4 + 513);
    ck_assert_uint_eq(col, 3);
    expect_limit("513 derives", "derive.yaml", b.s, b.len, line, col, "512");
    sb_free(&b);
}
END_TEST

/* Derives built on derives as a DAG: 9 layers of 16, each derive the `or`
 * of the whole layer below. Explaining one (with its input present, and
 * absent) follows every derive once: following every path would visit
 * 16^8 of them. */
START_TEST(test_derive_dag)
{
    sb b = { 0 };
    sb_puts(&b, "format: 1\nprotocol: dag\nversion: 1\nderive:\n");
    for (unsigned k = 0; k < 16; k++)
        sb_add(&b, "  d0_%u: session.rpe >= %u\n", k, k % 10 + 1);
    for (unsigned i = 1; i < 9; i++)
        for (unsigned k = 0; k < 16; k++) {
            sb_add(&b, "  d%u_%u: ", i, k);
            for (unsigned j = 0; j < 16; j++)
                sb_add(&b, "%sderive.d%u_%u", j ? " or " : "", i - 1, j);
            sb_puts(&b, "\n");
        }
    sb_puts(&b, "rules:\n  - { id: r, when: derive.d8_0, category: rest, phase: immediate, title: t }\n"
                "  - { id: q, when: not derive.d8_1, category: rest, phase: immediate, title: t }\n");
    runcover_evaluator *ev;
    runcover_athlete *a;
    runcover_session *s;
    RC_OK(runcover_evaluator_new(&ev));
    RC_OK(runcover_evaluator_load_string(ev, "dag.yaml", b.s, b.len));
    RC_OK(runcover_athlete_new(&a));
    RC_OK(runcover_session_new(&s));
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 0)
            RC_OK(runcover_session_set_rpe(s, 5));
        else
            RC_OK(runcover_session_unset(s, "rpe"));
        runcover_plan *p;
        RC_OK(runcover_evaluate(&p, ev, a, s));
        char *t;
        RC_OK(runcover_plan_why_not(&t, p, "r"));
        ck_assert_msg(strstr(t, pass == 0 ? "session.rpe = 5" : "session.rpe absent") != NULL, "%s", t);
        runcover_string_free(t);
        RC_OK(runcover_plan_why_not(&t, p, "q"));
        runcover_string_free(t);
        for (size_t i = 0; i < runcover_plan_count(p); i++) {
            RC_OK(runcover_plan_explain(&t, p, i));
            runcover_string_free(t);
        }
        RC_OK(runcover_plan_to_json(&t, p, RUNCOVER_JSON_EXPLAIN));
        runcover_string_free(t);
        runcover_plan_free(p);
    }
    runcover_session_free(s);
    runcover_athlete_free(a);
    runcover_evaluator_free(ev);
    sb_free(&b);
}
END_TEST

START_TEST(test_ext_facts)
{
    sb b = { 0 };
    size_t last;
    unsigned line, col;
    section_protocol(&b, "facts", 'f', 512, &last);
    expect_ok("512 ext facts", "facts.yaml", b.s, b.len);
    /* and they are there */
    runcover_evaluator *ev = new_ev(false);
    size_t builtin = runcover_fact_count(ev);
    RC_OK(runcover_evaluator_load_string(ev, "facts.yaml", b.s, b.len));
    ck_assert_uint_eq(runcover_fact_count(ev), builtin + 512);
    runcover_evaluator_free(ev);
    sb_free(&b);
    section_protocol(&b, "facts", 'f', 513, &last);
    pos_at(b.s, last, &line, &col);
    ck_assert_uint_eq(line, 4 + 513);
    expect_limit("513 ext facts", "facts.yaml", b.s, b.len, line, col, "512");
    sb_free(&b);
}
END_TEST

START_TEST(test_sources)
{
    sb b = { 0 };
    size_t last;
    unsigned line, col;
    section_protocol(&b, "sources", 's', 256, &last);
    expect_ok("256 sources", "sources.yaml", b.s, b.len);
    sb_free(&b);
    section_protocol(&b, "sources", 's', 257, &last);
    pos_at(b.s, last, &line, &col);
    ck_assert_uint_eq(line, 4 + 257);
    expect_limit("257 sources", "sources.yaml", b.s, b.len, line, col, "256");
    sb_free(&b);
}
END_TEST

static void groups_protocol(sb *b, unsigned n, size_t *last)
{
    sb_puts(b, HEADER("groups") "rules:\n");
    char extra[32];
    for (unsigned i = 0; i < n; i++) {
        size_t at = b->len;
        snprintf(extra, sizeof extra, ", exclusive: g%u", i);
        add_rule(b, i, extra);
        *last = at + (size_t)(strstr(b->s + at, "exclusive: ") - (b->s + at)) + strlen("exclusive: ");
    }
}

START_TEST(test_groups)
{
    sb b = { 0 };
    size_t last;
    unsigned line, col;
    groups_protocol(&b, 1024, &last);
    expect_ok("1,024 exclusive groups", "groups.yaml", b.s, b.len);
    sb_free(&b);
    groups_protocol(&b, 1025, &last);
    pos_at(b.s, last, &line, &col);
    ck_assert_uint_eq(line, 4 + 1025);
    expect_limit("1,025 exclusive groups", "groups.yaml", b.s, b.len, line, col, "1024");
    sb_free(&b);
}
END_TEST

/* ---- protocol files per evaluator: 256 ---------------------------------------------------- */

START_TEST(test_files)
{
    runcover_evaluator *ev = new_ev(false);
    char name[64], text[512];
    for (unsigned i = 0; i < 256; i++) {
        snprintf(name, sizeof name, "p%u.yaml", i);
        int n = snprintf(text, sizeof text,
                         "format: 1\nprotocol: p%u\nversion: 1\nrules:\n"
                         "  - {id: r%u, when: 'true', category: rest, phase: mid_term, title: T}\n",
                         i, i);
        runcover_status st = runcover_evaluator_load_string(ev, name, text, (size_t)n);
        if (st != RUNCOVER_OK)
            ck_abort_msg("protocol %u of 256 refused: %s (%s:%u:%u)", i + 1, runcover_last_error()->message,
                         runcover_last_error()->file, runcover_last_error()->line, runcover_last_error()->column);
    }
    ck_assert_uint_eq(runcover_evaluator_protocol_count(ev), 256);
    ck_assert_uint_eq(runcover_evaluator_rule_count(ev), 257);
    /* a byte-identical file is a no-op, not a 257th file */
    RC_OK(runcover_evaluator_load_string(ev, "again.yaml", text, strlen(text)));
    ck_assert_uint_eq(runcover_evaluator_protocol_count(ev), 256);

    int n = snprintf(text, sizeof text,
                     "format: 1\nprotocol: p256\nversion: 1\nrules:\n"
                     "  - {id: r256, when: 'true', category: rest, phase: mid_term, title: T}\n");
    /* the refusal names the 257th file, at its start */
    expect_limit_in(ev, "257th protocol file", "p256.yaml", text, (size_t)n, 1, 1, "256");
    runcover_evaluator_free(ev);
}
END_TEST

/* ---- template parts per detail: 128 ------------------------------------------------------- */

/* detail: on line 10, its quote at column 13. */
static void detail_protocol(sb *b, unsigned pairs, const char *tail)
{
    sb_puts(b, HEADER("tmpl") "rules:\n  - id: r\n    when: 'true'\n    category: rest\n    phase: mid_term\n"
                              "    title: T\n    detail: '");
    for (unsigned i = 0; i < pairs; i++)
        sb_puts(b, "x{session.rpe}");
    sb_puts(b, tail);
    sb_puts(b, "'\n");
}

START_TEST(test_template_parts)
{
    sb b = { 0 };
    detail_protocol(&b, 64, ""); /* 64 texts + 64 holes */
    expect_ok("128 detail parts", "tmpl.yaml", b.s, b.len);
    sb_free(&b);
    /* the 129th part is text, or a hole: reported at the detail */
    detail_protocol(&b, 64, "x");
    expect_limit("129 detail parts (text)", "tmpl.yaml", b.s, b.len, 10, 13, "128");
    sb_free(&b);
    detail_protocol(&b, 64, "{session.rpe}");
    expect_limit("129 detail parts (hole)", "tmpl.yaml", b.s, b.len, 10, 13, "128");
    sb_free(&b);
}
END_TEST

/* ---- errors collected per load: 32 -------------------------------------------------------- */

/* n rules, each with an unknown category: one error per rule, at the
 * category value of its line (rule i on line 5 + i). */
static void bad_rules_protocol(sb *b, unsigned n)
{
    sb_puts(b, HEADER("bad") "rules:\n");
    for (unsigned i = 0; i < n; i++)
        sb_add(b, "  - {id: r%03u, when: 'true', category: nope, phase: mid_term, title: T}\n", i); /* fixed width */
}

static void check_collected(unsigned n_errors, size_t want_kept)
{
    sb b = { 0 };
    bad_rules_protocol(&b, n_errors);
    const char *cat = strstr(b.s, "nope");
    unsigned line0, col;
    pos_at(b.s, (size_t)(cat - b.s), &line0, &col);
    runcover_evaluator *ev = new_ev(true);
    runcover_status st = runcover_evaluator_load_string(ev, "bad.yaml", b.s, b.len);
    ck_assert_int_eq(st, RUNCOVER_E_SCHEMA);
    ck_assert_msg(runcover_last_error_count() == want_kept, "%u errors: %zu collected, expected %zu", n_errors,
                  runcover_last_error_count(), want_kept);
    for (size_t i = 0; i < want_kept; i++) {
        const runcover_error *e = runcover_last_error_at(i);
        ck_assert_ptr_nonnull(e);
        ck_assert_int_eq(e->code, RUNCOVER_E_SCHEMA);
        ck_assert_str_eq(e->file, "bad.yaml");
        ck_assert_msg(e->line == line0 + i && e->column == col, "error %zu at %u:%u, expected %u:%u (%s)", i,
                      e->line, e->column, line0 + (unsigned)i, col, e->message);
        ck_assert_ptr_nonnull(strstr(e->message, "unknown category 'nope'"));
    }
    ck_assert_ptr_null(runcover_last_error_at(want_kept));
    ck_assert_ptr_eq(runcover_last_error(), runcover_last_error_at(0));
    ck_assert_uint_eq(runcover_evaluator_rule_count(ev), 2);
    ck_assert_uint_eq(runcover_evaluator_protocol_count(ev), 1);
    runcover_evaluator_free(ev);
    sb_free(&b);
}

START_TEST(test_errors_collected)
{
    check_collected(31, 31);
    check_collected(32, 32);
    check_collected(33, 32);
    check_collected(40, 32); /* 40 independent errors: the first 32 are kept, in order */
}
END_TEST

/* ---- history sessions per athlete: 100,000 ------------------------------------------------ */

START_TEST(test_history)
{
    if (quick()) {
        printf("limits: 100,000-session history case skipped (RUNCOVER_TEST_QUICK)\n");
        return;
    }
    runcover_athlete *a;
    runcover_session *s;
    RC_OK(runcover_athlete_new(&a));
    RC_OK(runcover_session_new(&s));
    RC_OK(runcover_session_set_kind(s, RUNCOVER_KIND_EASY));
    RC_OK(runcover_session_set_duration_min(s, 30));
    RC_OK(runcover_session_set_rpe(s, 3));
    const int64_t t0 = 1700000000;
    /* one session handle, a new end each time; plain ifs in the loop (a
     * passing ck_assert costs a message to the runner) */
    for (int64_t k = 0; k < 100000; k++)
        if (runcover_session_set_end(s, t0 + k * 3600, 0) != RUNCOVER_OK ||
            runcover_athlete_add_session(a, s) != RUNCOVER_OK)
            ck_abort_msg("session %lld refused: %s", (long long)k + 1, runcover_last_error()->message);
    ck_assert_uint_eq(runcover_athlete_history_count(a), 100000);
    /* the 100,001st, earlier than all (it would go first) */
    RC_OK(runcover_session_set_end(s, t0 - 3600, 0));
    ck_assert_int_eq(runcover_athlete_add_session(a, s), RUNCOVER_E_LIMIT);
    const runcover_error *e = runcover_last_error();
    ck_assert_int_eq(e->code, RUNCOVER_E_LIMIT);
    ck_assert_msg(strstr(e->message, "100000") != NULL, "message \"%s\" does not name 100000", e->message);
    /* not a file: no position applies */
    ck_assert_str_eq(e->file, "");
    ck_assert_uint_eq(e->line, 0);
    ck_assert_uint_eq(runcover_athlete_history_count(a), 100000);
    int64_t end;
    RC_OK(runcover_session_get_end(runcover_athlete_history_session(a, 0), &end, NULL));
    ck_assert_int_eq(end, t0);
    RC_OK(runcover_session_get_end(runcover_athlete_history_session(a, 99999), &end, NULL));
    ck_assert_int_eq(end, t0 + 99999 * 3600);
    ck_assert_ptr_null(runcover_athlete_history_session(a, 100000));
    runcover_session_free(s);
    runcover_athlete_free(a);
}
END_TEST

/* ---- numbers do not follow LC_NUMERIC ----------------------------------------------------- */

static const char k_locale_protocol[] =
    HEADER("loc")
    "rules:\n"
    "  - id: r\n"
    "    when: 'session.rpe * 1.5 >= 1e3 / 100 and session.rpe < 7.5'\n"
    "    category: refuel\n"
    "    phase: immediate\n"
    "    window: { start_min: 0, end_min: 1.5e1 }\n"
    "    amount: { min: 'athlete.mass_kg * 1.5', max: '1e3 / 4.5', unit: g }\n"
    "    recovery_hours: 'session.rpe * 2.25'\n"
    "    title: T\n"
    "    detail: 'Eat {amount}; {session.rpe * 1.5} and {1e3 / 8}'\n";

static char *locale_plan_json(char **text)
{
    runcover_evaluator *ev;
    RC_OK(runcover_evaluator_new(&ev));
    RC_OK(runcover_evaluator_load_string(ev, "loc.yaml", k_locale_protocol, strlen(k_locale_protocol)));
    runcover_athlete *a;
    runcover_session *s;
    RC_OK(runcover_athlete_new(&a));
    RC_OK(runcover_session_new(&s));
    RC_OK(runcover_athlete_set_mass_kg(a, 70.5));
    RC_OK(runcover_session_set_rpe(s, 7));
    RC_OK(runcover_session_set_text(s, "end", "2026-11-22T09:30:00+01:00"));
    runcover_plan *p;
    RC_OK(runcover_evaluate(&p, ev, a, s));
    ck_assert_uint_ge(runcover_plan_count(p), 1);
    double lo, hi;
    const char *unit;
    bool found = false;
    for (size_t i = 0; i < runcover_plan_count(p); i++) {
        const runcover_item *it = runcover_plan_item(p, i);
        if (strcmp(runcover_item_id(it), "r") != 0)
            continue;
        found = true;
        ck_assert(runcover_item_amount(it, &lo, &hi, &unit));
        ck_assert_double_eq_tol(lo, 105.75, 1e-9);
        ck_assert_double_eq_tol(hi, 1e3 / 4.5, 1e-9);
        ck_assert_str_eq(unit, "g");
    }
    ck_assert_msg(found, "rule r did not fire");
    double h;
    ck_assert(runcover_plan_recovery_hours(p, &h));
    ck_assert_double_eq_tol(h, 15.75, 1e-9);
    char *json;
    RC_OK(runcover_plan_to_json(&json, p, RUNCOVER_JSON_EXPLAIN));
    RC_OK(runcover_plan_to_text(text, p, RUNCOVER_JSON_EXPLAIN));
    runcover_plan_free(p);
    runcover_athlete_free(a);
    runcover_session_free(s);
    runcover_evaluator_free(ev);
    return json;
}

START_TEST(test_locale)
{
    ck_assert_ptr_nonnull(setlocale(LC_ALL, "C"));
    char *c_text, *c_json = locale_plan_json(&c_text);
    ck_assert_ptr_nonnull(strstr(c_json, "105.75")); /* amount.min */
    ck_assert_ptr_nonnull(strstr(c_json, "15.75"));  /* recovery_hours */
    const char *got = setlocale(LC_ALL, "de_DE.UTF-8");
    if (!got)
        got = setlocale(LC_ALL, "de_DE.utf8");
    if (!got) {
        printf("limits: locale part skipped: de_DE.UTF-8 is not installed (locale -a)\n");
    } else {
        char probe[16];
        snprintf(probe, sizeof probe, "%.1f", 1.5);
        ck_assert_msg(strcmp(probe, "1,5") == 0, "%s does not use a decimal comma (%s)", got, probe);
        char *de_text, *de_json = locale_plan_json(&de_text);
        setlocale(LC_ALL, "C");
        ck_assert_str_eq(de_json, c_json);
        ck_assert_str_eq(de_text, c_text);
        runcover_string_free(de_json);
        runcover_string_free(de_text);
    }
    setlocale(LC_ALL, "C");
    runcover_string_free(c_json);
    runcover_string_free(c_text);
}
END_TEST

/* A failed assertion must not leave a German locale to the next test
 * (CK_FORK=no under valgrind). */
static void locale_reset(void) { setlocale(LC_ALL, "C"); }

int main(void)
{
    Suite *s = suite_create("limits");
    /* one case per limit: CK_RUN_CASE=rules runs one of them */
    const struct {
        const char *name;
        const TTest *test;
    } cases[] = {
        { "size", test_size },
        { "size_file", test_size_file },
        { "yaml_depth", test_yaml_depth },
        { "yaml_scalar", test_yaml_scalar },
        { "yaml_nodes", test_yaml_nodes },
        { "yaml_directives", test_yaml_directives },
        { "rules", test_rules },
        { "expr_nodes", test_expr_nodes },
        { "derives", test_derives },
        { "derive_dag", test_derive_dag },
        { "ext_facts", test_ext_facts },
        { "groups", test_groups },
        { "sources", test_sources },
        { "files", test_files },
        { "template_parts", test_template_parts },
        { "errors_collected", test_errors_collected },
        { "history", test_history },
        { "locale", test_locale },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        TCase *tc = tcase_create(cases[i].name);
        tcase_set_timeout(tc, 60);
        tcase_add_checked_fixture(tc, locale_reset, locale_reset);
        tcase_add_test(tc, cases[i].test);
        suite_add_tcase(s, tc);
    }
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
