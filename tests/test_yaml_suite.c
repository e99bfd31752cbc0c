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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <runcover/runcover.h>

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
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK); /* the 1:1 count spans the cases */
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
