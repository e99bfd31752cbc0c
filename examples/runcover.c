/*
 * runcover — the command-line face of libruncover.
 *
 *   runcover plan SCENARIO.yaml [--json] [--explain] [--units metric|imperial]
 *                 [--protocol FILE|DIR]... [--no-default]
 *   runcover validate FILE|DIR... [--no-default]
 *   runcover test DIR|FILE... [--require-coverage] [--protocol FILE|DIR]... [--no-default]
 *   runcover version
 *
 * Options may come before or after file names. Exit status: 0 ok, 1 invalid
 * input or failed test, 2 usage. Messages read file:line:col: message, with
 * control characters escaped.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <runcover/runcover.h>

#define MAX_ARGS 256

typedef struct opts {
    const char *files[MAX_ARGS];
    int nfiles;
    const char *protocols[MAX_ARGS];
    int nprotocols;
    int json, explain, no_default, require_coverage;
    const char *units;
} opts;

static void put_escaped(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c == 0x7f)
            fprintf(f, "\\x%02x", c);
        else
            fputc(c, f);
    }
}

static void print_error(const runcover_error *e)
{
    if (e->file && *e->file) {
        put_escaped(stderr, e->file);
        if (e->line)
            fprintf(stderr, ":%u:%u", e->line, e->column);
        fputs(": ", stderr);
    }
    put_escaped(stderr, e->message);
    fputc('\n', stderr);
}

static void print_errors(void)
{
    size_t n = runcover_last_error_count();
    if (n == 0) {
        print_error(runcover_last_error());
        return;
    }
    for (size_t i = 0; i < n; i++)
        print_error(runcover_last_error_at(i));
}

static void usage_to(FILE *f)
{
    fputs("usage: runcover plan SCENARIO.yaml [--json] [--explain] [--units metric|imperial]\n"
          "                     [--protocol FILE|DIR]... [--no-default]\n"
          "       runcover validate FILE|DIR... [--no-default]\n"
          "       runcover test DIR|FILE... [--require-coverage] [--protocol FILE|DIR]... [--no-default]\n"
          "       runcover version\n"
          "Options may come before or after file names. Exit status: 0 ok, 1 invalid input or a failed\n"
          "test, 2 usage. Messages read file:line:col: message.\n",
          f);
}

static int usage(void)
{
    usage_to(stderr);
    return 2;
}

static int parse(int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0)
            o->json = 1;
        else if (strcmp(a, "--explain") == 0)
            o->explain = 1;
        else if (strcmp(a, "--no-default") == 0)
            o->no_default = 1;
        else if (strcmp(a, "--require-coverage") == 0)
            o->require_coverage = 1;
        else if (strcmp(a, "--units") == 0 || strncmp(a, "--units=", 8) == 0) {
            const char *v = a[7] == '=' ? a + 8 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v || (strcmp(v, "metric") != 0 && strcmp(v, "imperial") != 0)) {
                fputs("runcover: --units takes metric or imperial\n", stderr);
                return -1;
            }
            o->units = v;
        } else if (strcmp(a, "--protocol") == 0 || strncmp(a, "--protocol=", 11) == 0) {
            const char *v = a[10] == '=' ? a + 11 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v || o->nprotocols == MAX_ARGS) {
                fputs("runcover: --protocol takes a file or directory\n", stderr);
                return -1;
            }
            o->protocols[o->nprotocols++] = v;
        } else if (strcmp(a, "--") == 0) {
            for (i++; i < argc && o->nfiles < MAX_ARGS; i++)
                o->files[o->nfiles++] = argv[i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "runcover: unknown option '");
            put_escaped(stderr, a);
            fputs("'\n", stderr);
            return -1;
        } else if (o->nfiles < MAX_ARGS) {
            o->files[o->nfiles++] = a;
        } else {
            fputs("runcover: too many file arguments\n", stderr);
            return -1;
        }
    }
    return 0;
}

static int is_dir(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static runcover_status load_path(runcover_evaluator *ev, const char *p)
{
    return is_dir(p) ? runcover_evaluator_load_dir(ev, p) : runcover_evaluator_load_file(ev, p);
}

/* Evaluator with the default set (unless --no-default) and --protocol paths. */
static runcover_evaluator *make_evaluator(const opts *o)
{
    runcover_evaluator *ev;
    runcover_status st = o->no_default ? runcover_evaluator_new(&ev) : runcover_evaluator_new_default(&ev);
    if (st != RUNCOVER_OK) {
        print_errors();
        return NULL;
    }
    for (int i = 0; i < o->nprotocols; i++)
        if (load_path(ev, o->protocols[i]) != RUNCOVER_OK) {
            print_errors();
            runcover_evaluator_free(ev);
            return NULL;
        }
    return ev;
}

static const runcover_athlete *with_units(const runcover_athlete *a, const char *units, runcover_athlete **owned)
{
    *owned = NULL;
    if (!units)
        return a;
    if (runcover_athlete_clone(owned, a) != RUNCOVER_OK)
        return NULL;
    runcover_athlete_set_units(*owned, strcmp(units, "imperial") == 0 ? RUNCOVER_UNITS_IMPERIAL : RUNCOVER_UNITS_METRIC);
    return *owned;
}

static int cmd_plan(const opts *o)
{
    if (o->nfiles != 1)
        return usage();
    runcover_scenario *sc;
    if (runcover_scenario_load_file(&sc, o->files[0]) != RUNCOVER_OK) {
        print_errors();
        return 1;
    }
    runcover_evaluator *ev = make_evaluator(o);
    if (!ev) {
        runcover_scenario_free(sc);
        return 1;
    }
    int rc = 1;
    runcover_athlete *owned;
    const runcover_athlete *a = with_units(runcover_scenario_athlete(sc), o->units, &owned);
    runcover_plan *p = NULL;
    char *out = NULL;
    if (!a || runcover_evaluate(&p, ev, a, runcover_scenario_session(sc)) != RUNCOVER_OK) {
        print_errors();
        goto done;
    }
    runcover_status st = o->json ? runcover_plan_to_json(&out, p, RUNCOVER_JSON_PRETTY | (o->explain ? RUNCOVER_JSON_EXPLAIN : 0u))
                                 : runcover_plan_to_text(&out, p, o->explain ? RUNCOVER_JSON_EXPLAIN : 0u);
    if (st != RUNCOVER_OK) {
        print_errors();
        goto done;
    }
    fputs(out, stdout);
    rc = 0;
done:
    runcover_string_free(out);
    runcover_plan_free(p);
    runcover_athlete_free(owned);
    runcover_evaluator_free(ev);
    runcover_scenario_free(sc);
    return rc;
}

static int cmd_validate(const opts *o)
{
    if (o->nfiles < 1)
        return usage();
    int rc = 0;
    for (int i = 0; i < o->nfiles; i++) {
        runcover_evaluator *ev;
        if ((o->no_default ? runcover_evaluator_new(&ev) : runcover_evaluator_new_default(&ev)) != RUNCOVER_OK) {
            print_errors();
            return 1;
        }
        if (load_path(ev, o->files[i]) != RUNCOVER_OK) {
            print_errors();
            rc = 1;
        } else {
            printf("%s: ok (%zu protocols, %zu rules)\n", o->files[i], runcover_evaluator_protocol_count(ev),
                   runcover_evaluator_rule_count(ev));
        }
        runcover_evaluator_free(ev);
    }
    return rc;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Expands directories into their .yaml files (sorted). */
static int collect(const opts *o, char ***out, int *count)
{
    char **v = NULL;
    int n = 0, cap = 0;
    for (int i = 0; i < o->nfiles; i++) {
        if (!is_dir(o->files[i])) {
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                v = realloc(v, (size_t)cap * sizeof *v);
                if (!v)
                    return -1;
            }
            v[n++] = strdup(o->files[i]);
            continue;
        }
        DIR *d = opendir(o->files[i]);
        if (!d) {
            fprintf(stderr, "%s: cannot open directory\n", o->files[i]);
            return -1;
        }
        struct dirent *e;
        int first = n;
        while ((e = readdir(d))) {
            size_t l = strlen(e->d_name);
            if (e->d_name[0] == '.' || l < 6 || strcmp(e->d_name + l - 5, ".yaml") != 0)
                continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                v = realloc(v, (size_t)cap * sizeof *v);
                if (!v) {
                    closedir(d);
                    return -1;
                }
            }
            size_t pl = strlen(o->files[i]) + l + 2;
            v[n] = malloc(pl);
            if (!v[n]) {
                closedir(d);
                return -1;
            }
            snprintf(v[n], pl, "%s/%s", o->files[i], e->d_name);
            n++;
        }
        closedir(d);
        qsort(v + first, (size_t)(n - first), sizeof *v, cmp_str);
    }
    *out = v;
    *count = n;
    return 0;
}

static int cmd_test(const opts *o)
{
    if (o->nfiles < 1)
        return usage();
    runcover_evaluator *ev = make_evaluator(o);
    if (!ev)
        return 1;
    char **files = NULL;
    int nf = 0;
    if (collect(o, &files, &nf) != 0) {
        runcover_evaluator_free(ev);
        return 1;
    }
    size_t nrules = runcover_evaluator_rule_count(ev);
    unsigned char *fired = calloc(nrules ? nrules : 1, 1);
    int passed = 0, failed = 0;
    for (int i = 0; i < nf; i++) {
        runcover_scenario *sc;
        runcover_plan *p = NULL;
        if (runcover_scenario_load_file(&sc, files[i]) != RUNCOVER_OK) {
            printf("FAIL ");
            put_escaped(stdout, files[i]);
            printf("\n");
            fflush(stdout);
            print_errors();
            failed++;
            continue;
        }
        if (runcover_evaluate(&p, ev, runcover_scenario_athlete(sc), runcover_scenario_session(sc)) != RUNCOVER_OK) {
            printf("FAIL %s\n", files[i]);
            fflush(stdout);
            print_errors();
            failed++;
            runcover_scenario_free(sc);
            continue;
        }
        for (size_t k = 0; k < runcover_plan_count(p); k++)
            fired[runcover_item_rule_index(runcover_plan_item(p, k))] = 1;
        char *report = NULL;
        size_t nfail = 0;
        if (!runcover_scenario_has_expect(sc)) {
            printf("FAIL %s\n    no expect: block\n", files[i]);
            failed++;
        } else if (runcover_scenario_check(&report, &nfail, sc, p) != RUNCOVER_OK) {
            print_errors();
            failed++;
        } else if (nfail) {
            printf("FAIL %s\n", files[i]);
            for (char *line = report; line && *line;) {
                char *nl = strchr(line, '\n');
                if (nl)
                    *nl = 0;
                printf("    %s\n", line);
                line = nl ? nl + 1 : NULL;
            }
            failed++;
        } else {
            printf("PASS %s\n", files[i]);
            passed++;
        }
        runcover_string_free(report);
        runcover_plan_free(p);
        runcover_scenario_free(sc);
    }
    size_t uncovered = 0;
    for (size_t r = 1; r < nrules; r++) /* rule 0 is the built-in safety rule */
        if (!fired[r])
            uncovered++;
    printf("coverage: %zu of %zu rules fired in some scenario\n", nrules - 1 - uncovered, nrules - 1);
    for (size_t r = 1; r < nrules; r++)
        if (!fired[r])
            printf("  never fired: %s\n", runcover_evaluator_rule_id(ev, r));
    if (o->require_coverage && uncovered) {
        printf("coverage required: %zu rules never fired\n", uncovered);
        failed++;
    }
    printf("%d passed, %d failed\n", passed, failed);
    for (int i = 0; i < nf; i++)
        free(files[i]);
    free(files);
    free(fired);
    runcover_evaluator_free(ev);
    return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
    /* Like any application: the user's locale. The library's numbers and
     * JSON never depend on it (tests/cli checks de_DE). */
    setlocale(LC_ALL, "");
    if (argc < 2)
        return usage();
    opts o;
    if (parse(argc, argv, &o) != 0)
        return usage();
    const char *cmd = argv[1];
    if (strcmp(cmd, "plan") == 0)
        return cmd_plan(&o);
    if (strcmp(cmd, "validate") == 0)
        return cmd_validate(&o);
    if (strcmp(cmd, "test") == 0)
        return cmd_test(&o);
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("runcover %s (headers %s)\n", runcover_version(), RUNCOVER_VERSION_STRING);
        return 0;
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage_to(stdout);
        return 0;
    }
    fprintf(stderr, "runcover: unknown command '");
    put_escaped(stderr, cmd);
    fputs("'\n", stderr);
    return usage();
}
