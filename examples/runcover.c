/*
 * runcover — the command-line face of libruncover.
 *
 *   runcover plan SCENARIO.yaml [--json] [--explain] [--units metric|imperial]
 *                 [--protocol FILE|DIR]... [--no-default]
 *   runcover validate FILE|DIR... [--no-default]
 *   runcover test DIR|FILE... [--require-coverage] [--protocol FILE|DIR]... [--no-default]
 *   runcover version
 *
 * Options may come before or after file names ("--" ends them); --help
 * anywhere prints the usage. Exit status: 0 ok, 1 invalid input, a failed
 * test or output that could not be written, 2 usage. Messages read
 * file:line:col: message, with control characters (C0, DEL, C1) and bytes
 * that are not UTF-8 escaped, in messages and in file names alike.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <runcover/runcover.h>

typedef struct opts {
    const char **files; /* argc entries each: never truncated */
    int nfiles;
    const char **protocols;
    int nprotocols;
    int json, explain, no_default, require_coverage, help;
    const char *units;
} opts;

/* Length of the well-formed UTF-8 sequence at s (1-4), or 0 if it is not one. */
static size_t utf8_len(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    size_t n = s[0] >= 0xC2 && s[0] <= 0xDF ? 2 : s[0] >= 0xE0 && s[0] <= 0xEF ? 3 : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if ((n == 3 && s[0] == 0xE0 && s[1] < 0xA0) || (n == 3 && s[0] == 0xED && s[1] >= 0xA0) ||
        (n == 4 && s[0] == 0xF0 && s[1] < 0x90) || (n == 4 && s[0] == 0xF4 && s[1] >= 0x90))
        return 0; /* overlong, surrogate, beyond U+10FFFF */
    return n;
}

/* Writes s with control characters escaped: C0 and DEL as \xNN, C1 controls
 * (U+0080-U+009F, e.g. the one-byte CSI U+009B) as \uNNNN, and bytes that are
 * not UTF-8 as \xNN. Text from files and file names cannot steer the
 * terminal. */
static void put_escaped(FILE *f, const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    while (s && *s) {
        size_t n = utf8_len(s);
        if (n == 0 || (n == 1 && (*s < 0x20 || *s == 0x7f))) {
            fprintf(f, "\\x%02x", *s);
            s++;
        } else if (n == 2 && s[0] == 0xC2 && s[1] < 0xA0) {
            fprintf(f, "\\u%04x", (unsigned)s[1]);
            s += 2;
        } else {
            fwrite(s, 1, n, f);
            s += n;
        }
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
          "test, 2 usage. Messages read file:line:col: message.\n"
          "`validate` and `test` load on top of the default protocol set unless --no-default.\n",
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
    o->files = calloc((size_t)argc, sizeof *o->files);
    o->protocols = calloc((size_t)argc, sizeof *o->protocols);
    if (!o->files || !o->protocols) {
        fputs("runcover: out of memory\n", stderr);
        return -1;
    }
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            o->help = 1;
        else if (strcmp(a, "--json") == 0)
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
            if (!v) {
                fputs("runcover: --protocol takes a file or directory\n", stderr);
                return -1;
            }
            o->protocols[o->nprotocols++] = v;
        } else if (strcmp(a, "--") == 0) {
            for (i++; i < argc; i++)
                o->files[o->nfiles++] = argv[i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "runcover: unknown option '");
            put_escaped(stderr, a);
            fputs("'\n", stderr);
            return -1;
        } else {
            o->files[o->nfiles++] = a;
        }
    }
    return 0;
}

static int is_dir(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static int has_suffix(const char *s, const char *suf)
{
    size_t l = strlen(s), k = strlen(suf);
    return l > k && strcmp(s + l - k, suf) == 0;
}

/* Whether directory p holds a protocol file (*.yaml, *.yml, not hidden). */
static int has_protocol_files(const char *p)
{
    DIR *d = opendir(p);
    if (!d)
        return 1; /* the load reports why it cannot be read */
    struct dirent *e;
    int found = 0;
    while (!found && (e = readdir(d)))
        found = e->d_name[0] != '.' && (has_suffix(e->d_name, ".yaml") || has_suffix(e->d_name, ".yml"));
    closedir(d);
    return found;
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
        } else if (is_dir(o->files[i]) && !has_protocol_files(o->files[i])) {
            /* loading an empty directory is fine; validating one is a mistake */
            put_escaped(stderr, o->files[i]);
            fputs(": no protocol files (*.yaml, *.yml) in this directory\n", stderr);
            rc = 1;
        } else {
            put_escaped(stdout, o->files[i]);
            printf(": ok (%zu protocols, %zu rules)\n", runcover_evaluator_protocol_count(ev),
                   runcover_evaluator_rule_count(ev));
        }
        runcover_evaluator_free(ev);
    }
    return rc;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

typedef struct strv {
    char **v;
    int n, cap;
} strv;

static void strv_free(strv *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* Appends "a" or "a/b" (b may be NULL). */
static int strv_add(strv *l, const char *a, const char *b)
{
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 64;
        char **v = realloc(l->v, (size_t)cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    size_t len = strlen(a) + (b ? strlen(b) + 1 : 0) + 1;
    char *p = malloc(len);
    if (!p)
        return -1;
    snprintf(p, len, b ? "%s/%s" : "%s", a, b ? b : "");
    l->v[l->n++] = p;
    return 0;
}

/* Expands directories into their scenario files (*.yaml and *.yml, as the
 * protocol loader, hidden files skipped), each directory sorted by name. */
static int collect(const opts *o, strv *out)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i < o->nfiles; i++) {
        if (!is_dir(o->files[i])) {
            if (strv_add(out, o->files[i], NULL) != 0)
                goto nomem;
            continue;
        }
        DIR *d = opendir(o->files[i]);
        if (!d) {
            int err = errno;
            put_escaped(stderr, o->files[i]);
            fprintf(stderr, ": cannot open directory: %s\n", strerror(err));
            strv_free(out);
            return -1;
        }
        struct dirent *e;
        int first = out->n;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.' || !(has_suffix(e->d_name, ".yaml") || has_suffix(e->d_name, ".yml")))
                continue;
            if (strv_add(out, o->files[i], e->d_name) != 0) {
                closedir(d);
                goto nomem;
            }
        }
        closedir(d);
        if (out->n == first) {
            put_escaped(stderr, o->files[i]);
            fputs(": no scenario files (*.yaml, *.yml) in this directory\n", stderr);
            strv_free(out);
            return -1;
        }
        qsort(out->v + first, (size_t)(out->n - first), sizeof *out->v, cmp_str);
    }
    return 0;
nomem:
    fputs("runcover: out of memory\n", stderr);
    strv_free(out);
    return -1;
}

/* "FAIL name" / "PASS name" on stdout, flushed before any stderr message. */
static void verdict(const char *what, const char *file)
{
    fputs(what, stdout);
    fputc(' ', stdout);
    put_escaped(stdout, file);
    fputc('\n', stdout);
    fflush(stdout);
}

static int cmd_test(const opts *o)
{
    if (o->nfiles < 1)
        return usage();
    runcover_evaluator *ev = make_evaluator(o);
    if (!ev)
        return 1;
    strv files;
    if (collect(o, &files) != 0) {
        runcover_evaluator_free(ev);
        return 1;
    }
    size_t nrules = runcover_evaluator_rule_count(ev);
    unsigned char *fired = calloc(nrules ? nrules : 1, 1);
    if (!fired) {
        fputs("runcover: out of memory\n", stderr);
        strv_free(&files);
        runcover_evaluator_free(ev);
        return 1;
    }
    int passed = 0, failed = 0;
    for (int i = 0; i < files.n; i++) {
        const char *file = files.v[i];
        runcover_scenario *sc;
        runcover_plan *p = NULL;
        if (runcover_scenario_load_file(&sc, file) != RUNCOVER_OK) {
            verdict("FAIL", file);
            print_errors();
            failed++;
            continue;
        }
        if (runcover_evaluate(&p, ev, runcover_scenario_athlete(sc), runcover_scenario_session(sc)) != RUNCOVER_OK) {
            verdict("FAIL", file);
            print_errors();
            failed++;
            runcover_scenario_free(sc);
            continue;
        }
        for (size_t k = 0; k < runcover_plan_count(p); k++) {
            size_t r = runcover_item_rule_index(runcover_plan_item(p, k));
            if (r < nrules)
                fired[r] = 1;
        }
        char *report = NULL;
        size_t nfail = 0;
        if (!runcover_scenario_has_expect(sc)) {
            verdict("FAIL", file);
            fputs("    no expect: block\n", stdout);
            failed++;
        } else if (runcover_scenario_check(&report, &nfail, sc, p) != RUNCOVER_OK) {
            verdict("FAIL", file);
            print_errors();
            failed++;
        } else if (nfail) {
            verdict("FAIL", file);
            for (char *line = report; line && *line;) {
                char *nl = strchr(line, '\n');
                if (nl)
                    *nl = 0;
                fputs("    ", stdout);
                put_escaped(stdout, line);
                fputc('\n', stdout);
                line = nl ? nl + 1 : NULL;
            }
            failed++;
        } else {
            verdict("PASS", file);
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
        if (!fired[r]) {
            fputs("  never fired: ", stdout);
            put_escaped(stdout, runcover_evaluator_rule_id(ev, r));
            fputc('\n', stdout);
        }
    /* the count is of scenarios; missing coverage fails the run on its own */
    bool coverage_failed = o->require_coverage && uncovered;
    if (coverage_failed)
        printf("coverage required: %zu rules never fired\n", uncovered);
    printf("%d passed, %d failed\n", passed, failed);
    strv_free(&files);
    free(fired);
    runcover_evaluator_free(ev);
    return failed || coverage_failed ? 1 : 0;
}

/* A command's exit status, turned into 1 when stdout could not be written
 * (a full disk, a closed pipe): a plan that was not delivered is a failure. */
static int finish(int rc)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        int err = errno;
        fprintf(stderr, "runcover: cannot write the output: %s\n", strerror(err));
        return 1;
    }
    return rc;
}

static int run(int argc, char **argv, opts *o)
{
    if (parse(argc, argv, o) != 0)
        return usage();
    const char *cmd = argv[1];
    if (o->help || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage_to(stdout);
        return 0;
    }
    if (strcmp(cmd, "plan") == 0)
        return cmd_plan(o);
    if (strcmp(cmd, "validate") == 0)
        return cmd_validate(o);
    if (strcmp(cmd, "test") == 0)
        return cmd_test(o);
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("runcover %s (headers %s)\n", runcover_version(), RUNCOVER_VERSION_STRING);
        return 0;
    }
    fprintf(stderr, "runcover: unknown command '");
    put_escaped(stderr, cmd);
    fputs("'\n", stderr);
    return usage();
}

int main(int argc, char **argv)
{
    /* Like any application: the user's locale. The library's numbers and
     * JSON never depend on it (tests/cli checks de_DE). */
    setlocale(LC_ALL, "");
    if (argc < 2)
        return usage();
    opts o;
    int rc = finish(run(argc, argv, &o));
    free(o.files);
    free(o.protocols);
    return rc;
}
