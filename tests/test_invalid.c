/*
 * test_invalid.c — data-driven negative tests: every directory under
 * tests/invalid/ holds input.yaml (a protocol file with one realistic
 * mistake) and `expected` (code, line, column, a piece of the message, and
 * `default: yes` when it is loaded on top of the default protocol set).
 * Loading it must fail with exactly that error, and leave the evaluator as
 * it was.
 */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <runcover/runcover.h>

#define DIR_INVALID SRCDIR "/tests/invalid"

typedef struct expected {
    char code[64], message[256];
    unsigned line, column;
    int with_default;
} expected;

static char cases[256][64];
static int ncases;

static void read_expected(const char *name, expected *e)
{
    char path[512], line[512];
    snprintf(path, sizeof path, "%s/%s/expected", DIR_INVALID, name);
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "%s: cannot open", path);
    memset(e, 0, sizeof *e);
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *v = strchr(line, ':');
        if (!v)
            continue;
        *v++ = '\0';
        while (*v == ' ')
            v++;
        if (!strcmp(line, "code"))
            snprintf(e->code, sizeof e->code, "%s", v);
        else if (!strcmp(line, "line"))
            e->line = (unsigned)atoi(v);
        else if (!strcmp(line, "column"))
            e->column = (unsigned)atoi(v);
        else if (!strcmp(line, "message"))
            snprintf(e->message, sizeof e->message, "%s", v);
        else if (!strcmp(line, "default"))
            e->with_default = !strcmp(v, "yes");
    }
    fclose(f);
    ck_assert_msg(e->code[0] && e->line && e->column && e->message[0], "%s: incomplete expected file", path);
}

static const char *code_name(runcover_status st)
{
    static const char *const n[] = { "RUNCOVER_OK",       "RUNCOVER_E_INVALID", "RUNCOVER_E_RANGE",
                                     "RUNCOVER_E_NOMEM",  "RUNCOVER_E_IO",      "RUNCOVER_E_SYNTAX",
                                     "RUNCOVER_E_SCHEMA", "RUNCOVER_E_TYPE",    "RUNCOVER_E_LIMIT",
                                     "RUNCOVER_E_NOTFOUND", "RUNCOVER_E_MISUSE" };
    return (unsigned)st < sizeof n / sizeof n[0] ? n[st] : "?";
}

START_TEST(test_invalid_case)
{
    const char *name = cases[_i];
    expected e;
    read_expected(name, &e);
    runcover_evaluator *ev;
    ck_assert_int_eq(e.with_default ? runcover_evaluator_new_default(&ev) : runcover_evaluator_new(&ev), RUNCOVER_OK);
    size_t rules = runcover_evaluator_rule_count(ev);
    char path[512];
    snprintf(path, sizeof path, "%s/%s/input.yaml", DIR_INVALID, name);
    runcover_status st = runcover_evaluator_load_file(ev, path);
    const runcover_error *err = runcover_last_error();
    ck_assert_msg(!strcmp(code_name(st), e.code), "%s: %s, expected %s (%s)", name, code_name(st), e.code,
                  err->message);
    ck_assert_str_eq(err->file, path);
    ck_assert_msg(err->line == e.line && err->column == e.column, "%s: at %u:%u, expected %u:%u (%s)", name,
                  err->line, err->column, e.line, e.column, err->message);
    ck_assert_msg(strstr(err->message, e.message) != NULL, "%s: message \"%s\" lacks \"%s\"", name, err->message,
                  e.message);
    ck_assert_uint_eq(runcover_evaluator_rule_count(ev), rules); /* unchanged */
    runcover_evaluator_free(ev);
}
END_TEST

int main(void)
{
    DIR *d = opendir(DIR_INVALID);
    if (!d) {
        perror(DIR_INVALID);
        return EXIT_FAILURE;
    }
    struct dirent *de;
    while ((de = readdir(d)) && ncases < 256)
        if (de->d_name[0] != '.' && !strchr(de->d_name, '.')) /* case directories; check-cli.py is not one */
            snprintf(cases[ncases++], sizeof cases[0], "%.60s", de->d_name);
    closedir(d);
    qsort(cases, (size_t)ncases, sizeof cases[0], (int (*)(const void *, const void *))strcmp);
    Suite *s = suite_create("invalid");
    TCase *tc = tcase_create("invalid");
    tcase_add_loop_test(tc, test_invalid_case, 0, ncases);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    if (ncases < 30) {
        fprintf(stderr, "only %d cases under %s\n", ncases, DIR_INVALID);
        return EXIT_FAILURE;
    }
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
