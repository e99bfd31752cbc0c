/*
 * test_yaml_suite.c — every input of the official YAML test suite
 * (tests/yaml-suite/, MIT licence) is hostile input for us: none is a
 * protocol, so every one must be refused cleanly — RUNCOVER_E_SYNTAX where
 * libyaml 0.2.5 rejects the text, RUNCOVER_E_SCHEMA where it is YAML but no
 * protocol — with a position inside the file, quickly, without leaks.
 *
 * index.tsv gives, per case, what the suite says (`fail`: 1 for invalid
 * YAML) and what libyaml 0.2.5 does (`libyaml_events`). Where the two
 * disagree our verdict follows libyaml; libyaml-disagrees.txt lists those
 * cases and this test keeps the list exact.
 */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <runcover/runcover.h>

#include "yread.h" /* white box: positions inside scalars */

#define SUITE_DIR SRCDIR "/tests/yaml-suite"

typedef struct tcase {
    char id[16];
    int suite_invalid;   /* the suite's own verdict: fail == 1 */
    int libyaml_rejects; /* libyaml_events == error */
} tcase_t;

static tcase_t cases[512];
static int ncases;

static void load_index(void)
{
    FILE *f = fopen(SUITE_DIR "/index.tsv", "r");
    if (!f) {
        perror(SUITE_DIR "/index.tsv");
        exit(EXIT_FAILURE);
    }
    char line[4096];
    int cols_events = -1, cols_fail = -1;
    while (fgets(line, sizeof line, f) && ncases < 512) {
        line[strcspn(line, "\n")] = '\0';
        char *fields[16];
        int nf = 0;
        for (char *p = line; nf < 16;) {
            fields[nf++] = p;
            char *tab = strchr(p, '\t');
            if (!tab)
                break;
            *tab = '\0';
            p = tab + 1;
        }
        if (cols_events < 0) {
            for (int i = 0; i < nf; i++) {
                if (!strcmp(fields[i], "libyaml_events"))
                    cols_events = i;
                if (!strcmp(fields[i], "fail"))
                    cols_fail = i;
            }
            continue;
        }
        if (cols_events < 0 || cols_fail < 0 || nf <= cols_events || nf <= cols_fail)
            continue;
        tcase_t *c = &cases[ncases++];
        snprintf(c->id, sizeof c->id, "%.15s", fields[0]);
        c->suite_invalid = !strcmp(fields[cols_fail], "1");
        c->libyaml_rejects = !strcmp(fields[cols_events], "error");
    }
    fclose(f);
}

static unsigned count_lines(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned n = 1;
    int ch;
    while (f && (ch = fgetc(f)) != EOF)
        n += ch == '\n' || ch == '\r';
    if (f)
        fclose(f);
    return n;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int at_1_1;

START_TEST(test_yaml_suite_case)
{
    const tcase_t *c = &cases[_i];
    char path[512];
    snprintf(path, sizeof path, "%s/%s.yaml", SUITE_DIR, c->id);
    runcover_evaluator *ev;
    ck_assert_int_eq(runcover_evaluator_new(&ev), RUNCOVER_OK);
    double t0 = now();
    runcover_status st = runcover_evaluator_load_file(ev, path);
    double dt = now() - t0;
    const runcover_error *e = runcover_last_error();
    runcover_status want = c->libyaml_rejects ? RUNCOVER_E_SYNTAX : RUNCOVER_E_SCHEMA;
    ck_assert_msg(st == want, "%s: %s, expected %s (%s at %u:%u)", c->id, runcover_status_str(st),
                  runcover_status_str(want), e->message, e->line, e->column);
    ck_assert_str_eq(e->file, path);
    ck_assert_msg(e->line >= 1 && e->column >= 1 && e->line <= count_lines(path) + 1,
                  "%s: position %u:%u outside the file (%s)", c->id, e->line, e->column, e->message);
    at_1_1 += e->line == 1 && e->column == 1;
    /* a hang guard, not a benchmark: valgrind is slower but still far below */
    ck_assert_msg(dt < 2.0, "%s: took %.2f s", c->id, dt);
    ck_assert_uint_eq(runcover_evaluator_rule_count(ev), 1); /* only the built-in rule: unchanged */
    runcover_evaluator_free(ev);
}
END_TEST

START_TEST(test_yaml_suite_disagreements_listed)
{
    FILE *f = fopen(SUITE_DIR "/libyaml-disagrees.txt", "r");
    ck_assert_msg(f != NULL, "libyaml-disagrees.txt is missing");
    char listed[512][16];
    int nl = 0;
    char line[512];
    while (fgets(line, sizeof line, f) && nl < 512) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        sscanf(line, "%15s", listed[nl++]);
    }
    fclose(f);
    int nd = 0;
    for (int i = 0; i < ncases; i++) {
        if (cases[i].suite_invalid == cases[i].libyaml_rejects)
            continue;
        nd++;
        int found = 0;
        for (int k = 0; k < nl; k++)
            found |= !strcmp(listed[k], cases[i].id);
        ck_assert_msg(found, "%s: libyaml and the suite disagree but the case is not listed", cases[i].id);
    }
    ck_assert_int_eq(nl, nd);
}
END_TEST

START_TEST(test_yaml_suite_positions_vary)
{
    /* runs after every case: positions point at the problem, not at 1:1 for
     * everything (1:1 is right for "foo: 1", an unknown key on line 1, or
     * for a document that is not a mapping: 147 of 406 today) */
    ck_assert_msg(at_1_1 * 2 < ncases, "%d of %d cases report 1:1", at_1_1, ncases);
}
END_TEST

/* ---- positions inside scalars (rc_ynode_pos) ----
 * Every non-blank character of every scalar the reader builds must be
 * placed where it is written: the same character at that line and column
 * of the source, or the backslash of its escape, or the first quote of ''.
 * The suite's inputs are a catalogue of block scalars, folding, escapes and
 * odd line breaks; the shipped protocols are what authors write. */

typedef struct srcpos {
    const unsigned char *b;
    size_t n;
    long checked, mapped;
    char where[600];
} srcpos;

/* Byte offset of 1-based line:col (columns count characters; lines end at
 * LF, CR, CR LF, NEL, LS, PS as in libyaml; a BOM is not a column), or -1. */
static long offset_of(const srcpos *sp, unsigned line, unsigned col)
{
    const unsigned char *b = sp->b;
    size_t n = sp->n, i = n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0;
    unsigned l = 1, c = 1;
    while (i < n) {
        size_t bl = b[i] == '\r' ? (i + 1 < n && b[i + 1] == '\n' ? 2 : 1)
                    : b[i] == '\n' ? 1
                    : i + 1 < n && b[i] == 0xC2 && b[i + 1] == 0x85 ? 2
                    : i + 2 < n && b[i] == 0xE2 && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9) ? 3
                    : 0;
        if (l == line && c == col)
            return (long)i;
        if (bl) {
            if (l == line)
                return -1;
            i += bl, l++, c = 1;
            continue;
        }
        for (i++; i < n && (b[i] & 0xC0) == 0x80; i++)
            ;
        c++;
    }
    return -1;
}

static bool text_blank(const unsigned char *d)
{
    return *d == ' ' || *d == '\t' || *d == '\n' || *d == '\r' || (d[0] == 0xC2 && d[1] == 0x85) ||
           (d[0] == 0xE2 && d[1] == 0x80 && (d[2] == 0xA8 || d[2] == 0xA9));
}

static void check_scalar_positions(srcpos *sp, const rc_ynode *nd)
{
    if (nd->kind != RC_Y_SCALAR) {
        for (size_t i = 0; i < (nd->kind == RC_Y_MAP ? 2 * nd->n : nd->n); i++)
            check_scalar_positions(sp, nd->items[i]);
        return;
    }
    sp->mapped += nd->posmap != NULL;
    for (size_t i = 0; i < nd->len; i++) {
        const unsigned char *d = (const unsigned char *)nd->str + i;
        if ((*d & 0xC0) == 0x80 || text_blank(d))
            continue;
        size_t k = *d < 0x80 ? 1 : (*d & 0xE0) == 0xC0 ? 2 : (*d & 0xF0) == 0xE0 ? 3 : 4;
        unsigned line, col;
        rc_ynode_pos(nd, i, &line, &col);
        long o = offset_of(sp, line, col);
        bool ok = o >= 0 && (((size_t)o + k <= sp->n && memcmp(sp->b + o, d, k) == 0) || sp->b[o] == '\\' ||
                             (*d == '\'' && sp->b[o] == '\''));
        ck_assert_msg(ok, "%s: scalar at %u:%u, byte %zu ('%.*s') placed at %u:%u", sp->where, nd->line, nd->col, i,
                      (int)k, (const char *)d, line, col);
        sp->checked++;
    }
}

static void check_file_positions(srcpos *sp, const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "%s: cannot open", path);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    rc_ydoc doc;
    if (rc_yaml_parse(&doc, path, buf, n, NULL) != RUNCOVER_OK)
        return; /* refused by the reader: no tree */
    sp->b = (const unsigned char *)buf;
    sp->n = n;
    snprintf(sp->where, sizeof sp->where, "%s", path);
    check_scalar_positions(sp, doc.root);
    rc_yaml_free(&doc);
}

START_TEST(test_yaml_suite_scalar_positions)
{
    srcpos sp;
    memset(&sp, 0, sizeof sp);
    char path[512];
    for (int i = 0; i < ncases; i++) {
        snprintf(path, sizeof path, "%s/%.15s.yaml", SUITE_DIR, cases[i].id);
        check_file_positions(&sp, path);
    }
    /* the shipped protocols and the authoring mistakes of tests/cli/invalid */
    static const char *const dirs[] = { SRCDIR "/protocols", SRCDIR "/tests/cli/invalid" };
    for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
        DIR *dir = opendir(dirs[d]);
        ck_assert_msg(dir != NULL, "%s: cannot open", dirs[d]);
        struct dirent *de;
        while ((de = readdir(dir))) {
            size_t nl = strlen(de->d_name);
            if (nl < 6 || strcmp(de->d_name + nl - 5, ".yaml") != 0)
                continue;
            snprintf(path, sizeof path, "%s/%.200s", dirs[d], de->d_name);
            check_file_positions(&sp, path);
        }
        closedir(dir);
    }
    /* the suite alone holds hundreds of scalars that need a map */
    ck_assert_msg(sp.mapped >= 100 && sp.checked >= 10000, "only %ld mapped scalars, %ld characters checked",
                  sp.mapped, sp.checked);
}
END_TEST

int main(void)
{
    load_index();
    if (ncases < 300) {
        fprintf(stderr, "index.tsv lists only %d cases\n", ncases);
        return EXIT_FAILURE;
    }
    Suite *s = suite_create("yaml-suite");
    TCase *tc = tcase_create("yaml-suite");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, test_yaml_suite_case, 0, ncases);
    tcase_add_test(tc, test_yaml_suite_disagreements_listed);
    tcase_add_test(tc, test_yaml_suite_positions_vary);
    tcase_add_test(tc, test_yaml_suite_scalar_positions);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK); /* the 1:1 count spans the cases */
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
