/*
 * bench_default.c — the default protocol set (runcover_evaluator_new_default)
 * over 100,000 generated athlete/session pairs, each athlete with a history
 * of 0–60 sessions. Pairs are built in chunks outside the timed sections.
 * Prints evaluations/s for evaluate only (RUNCOVER_EVAL_NO_TEXT), with text,
 * and evaluate + JSON; the load time of the default set; heap allocations
 * per steady-state evaluation; peak RSS; the stripped size of the library.
 *
 *   usage: bench_default [--smoke] [--pairs N] [--lib PATH/libruncover.so]
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include <runcover/runcover.h>

#include "alloc_count.h"

#define CHUNK 2000

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static uint32_t g_rng = 0x9e3779b9u;
static uint32_t rnd(void)
{
    g_rng ^= g_rng << 13;
    g_rng ^= g_rng >> 17;
    g_rng ^= g_rng << 5;
    return g_rng;
}
static double uni(double lo, double hi) { return lo + (hi - lo) * (rnd() % 100001) / 100000.0; }

static _Noreturn void die(const char *what)
{
    fprintf(stderr, "%s: %s\n", what, runcover_last_error()->message);
    exit(2);
}
#define CHECK(x)                                                                                                      \
    do {                                                                                                              \
        if ((x) != RUNCOVER_OK)                                                                                       \
            die(#x);                                                                                                  \
    } while (0)

static const runcover_kind k_kinds[] = { RUNCOVER_KIND_EASY,  RUNCOVER_KIND_LONG, RUNCOVER_KIND_TEMPO,
                                         RUNCOVER_KIND_INTERVALS, RUNCOVER_KIND_HILLS, RUNCOVER_KIND_RACE,
                                         RUNCOVER_KIND_ULTRA, RUNCOVER_KIND_CROSS };

static void session_facts(runcover_session *s, int64_t end, int off)
{
    CHECK(runcover_session_set_kind(s, k_kinds[rnd() % 8]));
    CHECK(runcover_session_set_end(s, end, off));
    CHECK(runcover_session_set_duration_min(s, uni(15, 360)));
    CHECK(runcover_session_set_rpe(s, 1 + rnd() % 10));
}

static void make_pair(runcover_athlete **a, runcover_session **s)
{
    CHECK(runcover_athlete_new(a));
    CHECK(runcover_session_new(s));
    CHECK(runcover_athlete_set_mass_kg(*a, uni(45, 110)));
    CHECK(runcover_athlete_set_age(*a, 16 + rnd() % 65));
    CHECK(runcover_athlete_set_sex(*a, rnd() % 2 ? RUNCOVER_SEX_FEMALE : RUNCOVER_SEX_MALE));
    CHECK(runcover_athlete_set_phase(*a, (runcover_phase)(rnd() % 6)));
    CHECK(runcover_athlete_set_preferences(*a, rnd() % 64 & rnd() % 64));
    CHECK(runcover_athlete_set_units(*a, rnd() % 4 ? RUNCOVER_UNITS_METRIC : RUNCOVER_UNITS_IMPERIAL));
    CHECK(runcover_athlete_set_hr_rest(*a, uni(40, 70)));
    CHECK(runcover_athlete_set_hr_max(*a, uni(160, 200)));
    int64_t end = INT64_C(1795000000) + (int64_t)(rnd() % 86400);
    int off = ((int)(rnd() % 25) - 12) * 60;
    session_facts(*s, end, off);
    CHECK(runcover_session_set_distance_km(*s, uni(2, 50)));
    CHECK(runcover_session_set_temperature_c(*s, uni(-10, 40)));
    CHECK(runcover_session_set_descent_m(*s, uni(0, 1500)));
    CHECK(runcover_session_set_avg_hr(*s, uni(110, 180)));
    if (rnd() % 2) {
        double before = uni(50, 100);
        CHECK(runcover_session_set_mass_before_kg(*s, before));
        CHECK(runcover_session_set_mass_after_kg(*s, before - uni(0, 3)));
    }
    CHECK(runcover_session_set_number(*s, "checkin.soreness", rnd() % 11));
    if (rnd() % 40 == 0)
        CHECK(runcover_session_set_flag(*s, "checkin.sharp_pain", true));
    int nh = (int)(rnd() % 61);
    runcover_session *h;
    CHECK(runcover_session_new(&h));
    for (int k = 0; k < nh; k++) {
        session_facts(h, end - (int64_t)(k + 1) * 86400 * (1 + rnd() % 2) - rnd() % 3600, off);
        CHECK(runcover_athlete_add_session(*a, h));
    }
    runcover_session_free(h);
}

int main(int argc, char **argv)
{
    bool smoke = false;
    long pairs = 100000;
    const char *lib = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--smoke"))
            smoke = true, pairs = 2000;
        else if (!strcmp(argv[i], "--pairs") && i + 1 < argc)
            pairs = atol(argv[++i]);
        else if (!strcmp(argv[i], "--lib") && i + 1 < argc)
            lib = argv[++i];
        else {
            fprintf(stderr, "usage: %s [--smoke] [--pairs N] [--lib libruncover.so]\n", argv[0]);
            return 2;
        }
    }
    double lt[9];
    runcover_evaluator *ev = NULL;
    for (int r = 0; r < 9; r++) {
        if (ev)
            runcover_evaluator_free(ev);
        double t0 = now();
        CHECK(runcover_evaluator_new_default(&ev));
        lt[r] = (now() - t0) * 1e3;
    }
    for (int i = 0; i < 9; i++) /* median */
        for (int j = i + 1; j < 9; j++)
            if (lt[j] < lt[i]) {
                double t = lt[i];
                lt[i] = lt[j];
                lt[j] = t;
            }

    static runcover_athlete *a[CHUNK];
    static runcover_session *s[CHUNK];
    runcover_plan *p;
    CHECK(runcover_plan_new(&p));
    double t_eval = 0, t_text = 0, t_json = 0;
    long done = 0, items = 0, hist = 0, red = 0, allocs = 0, steady_evals = 0;
    size_t json_bytes = 0;
    while (done < pairs) {
        int n = pairs - done < CHUNK ? (int)(pairs - done) : CHUNK;
        for (int i = 0; i < n; i++) {
            make_pair(&a[i], &s[i]);
            hist += (long)runcover_athlete_history_count(a[i]);
        }
        double t0 = now();
        for (int i = 0; i < n; i++)
            if (runcover_evaluate_into(p, ev, a[i], s[i], RUNCOVER_EVAL_NO_TEXT) != RUNCOVER_OK)
                die("evaluate_into");
        t_eval += now() - t0;
        long before = alloc_count();
        t0 = now();
        for (int i = 0; i < n; i++) {
            if (runcover_evaluate_into(p, ev, a[i], s[i], 0) != RUNCOVER_OK)
                die("evaluate_into with text");
            items += (long)runcover_plan_count(p);
            red += runcover_plan_red_flag(p);
        }
        t_text += now() - t0;
        if (done > 0) { /* the first chunk grows the plan */
            allocs += alloc_count() - before;
            steady_evals += n;
        }
        t0 = now();
        for (int i = 0; i < n; i++) {
            char *j;
            if (runcover_evaluate_into(p, ev, a[i], s[i], 0) != RUNCOVER_OK || runcover_plan_to_json(&j, p, 0))
                die("evaluate + json");
            json_bytes += strlen(j);
            runcover_string_free(j);
        }
        t_json += now() - t0;
        if (smoke) { /* determinism: the same pair twice gives the same JSON, byte for byte */
            char *j1, *j2;
            runcover_plan *q;
            CHECK(runcover_evaluate(&q, ev, a[0], s[0]));
            CHECK(runcover_plan_to_json(&j1, q, RUNCOVER_JSON_EXPLAIN));
            runcover_plan_free(q);
            CHECK(runcover_evaluate(&q, ev, a[0], s[0]));
            CHECK(runcover_plan_to_json(&j2, q, RUNCOVER_JSON_EXPLAIN));
            runcover_plan_free(q);
            if (strcmp(j1, j2) != 0) {
                printf("NOT DETERMINISTIC\n");
                return 1;
            }
            runcover_string_free(j1);
            runcover_string_free(j2);
        }
        for (int i = 0; i < n; i++) {
            runcover_athlete_free(a[i]);
            runcover_session_free(s[i]);
        }
        done += n;
    }
    /* one athlete with a long history: the load model is linear in it */
    double t_long = 0;
    long nlong = smoke ? 1000 : 10000;
    {
        runcover_athlete *la;
        runcover_session *ls, *h;
        CHECK(runcover_athlete_new(&la));
        CHECK(runcover_session_new(&ls));
        CHECK(runcover_session_new(&h));
        CHECK(runcover_athlete_set_hr_rest(la, 50));
        CHECK(runcover_athlete_set_hr_max(la, 190));
        int64_t end = INT64_C(1795000000);
        session_facts(ls, end, 60);
        for (long k = 0; k < nlong; k++) {
            session_facts(h, end - (k + 1) * 43200, 60);
            CHECK(runcover_athlete_add_session(la, h));
        }
        int reps = 50;
        double t0 = now();
        for (int r = 0; r < reps; r++)
            CHECK(runcover_evaluate_into(p, ev, la, ls, RUNCOVER_EVAL_NO_TEXT));
        t_long = (now() - t0) / reps;
        runcover_session_free(h);
        runcover_session_free(ls);
        runcover_athlete_free(la);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("default set: %zu rules in %zu protocols\n", runcover_evaluator_rule_count(ev),
           runcover_evaluator_protocol_count(ev));
    printf("pairs: %ld, history sessions: %.1f per athlete, items: %.1f per plan, red flags: %.1f%%\n", done,
           (double)hist / done, (double)items / done, 100.0 * red / done);
    printf("load of the default set (new_default): %.3f ms (median of 9)\n", lt[4]);
    printf("evaluate only (NO_TEXT):  %.0f evaluations/s (%.2f us each)\n", done / t_eval, t_eval / done * 1e6);
    printf("evaluate with text:       %.0f evaluations/s (%.2f us each)\n", done / t_text, t_text / done * 1e6);
    printf("evaluate + JSON:          %.0f evaluations/s (%.2f us each, %.0f bytes of JSON)\n", done / t_json,
           t_json / done * 1e6, (double)json_bytes / done);
    printf("one athlete with %ld history sessions: %.1f us per evaluation\n", nlong, t_long * 1e6);
    printf("heap allocations per steady-state evaluation (with text): %.3f\n",
           steady_evals ? (double)allocs / steady_evals : 0.0);
    printf("peak RSS: %ld KiB\n", ru.ru_maxrss);
    if (lib) {
        char cmd[1024];
        snprintf(cmd, sizeof cmd, "strip -o /tmp/runcover-stripped.so '%s' 2>/dev/null", lib);
        struct stat st;
        if (system(cmd) == 0 && stat("/tmp/runcover-stripped.so", &st) == 0)
            printf("libruncover.so stripped: %lld bytes\n", (long long)st.st_size);
        else
            printf("libruncover.so stripped: (strip failed)\n");
        remove("/tmp/runcover-stripped.so");
    }
    if (items == 0) {
        printf("NO ITEMS\n");
        return 1;
    }
    runcover_plan_free(p);
    runcover_evaluator_free(ev);
    return 0;
}
