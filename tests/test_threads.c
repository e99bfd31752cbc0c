/*
 * test_threads.c — one frozen evaluator shared by 8 threads, each
 * evaluating 10,000 times with its own athletes, sessions and plans; every
 * plan must equal the single-threaded one for the same inputs. Also: the
 * last error is per thread, and loading into another evaluator while these
 * run disturbs nothing. Run it under ThreadSanitizer (.ci/run does).
 *
 * RUNCOVER_TEST_QUICK=1 (set by the valgrind setup) runs 200 evaluations
 * per thread instead.
 */
#include <check.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <runcover/runcover.h>

#define NTHREADS 8
#define NVARIANTS 64

static runcover_evaluator *g_ev;
static runcover_athlete *g_athlete[NVARIANTS];
static runcover_session *g_session[NVARIANTS];
static uint64_t g_ref[NVARIANTS];    /* digest of the single-threaded plan */
static char *g_ref_json[NVARIANTS];  /* its JSON */
static long g_evals = 10000;

static uint64_t mix(uint64_t h, uint64_t x) { return (h ^ x) * 0x100000001b3ull; }

static uint64_t digest(const runcover_plan *p)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < runcover_plan_count(p); i++) {
        const runcover_item *it = runcover_plan_item(p, i);
        for (const char *c = runcover_item_id(it); *c; c++)
            h = mix(h, (unsigned char)*c);
        double lo, hi;
        const char *u;
        if (runcover_item_amount(it, &lo, &hi, &u))
            h = mix(mix(h, (uint64_t)(lo * 1000)), (uint64_t)(hi * 1000));
    }
    double rh;
    if (runcover_plan_recovery_hours(p, &rh))
        h = mix(h, (uint64_t)(rh * 1000));
    return mix(h, runcover_plan_red_flag(p));
}

/* Deterministic, varied inputs: kinds, temperatures, masses, red flags, history. */
static void make_variant(int v, runcover_athlete **a, runcover_session **s)
{
    static const runcover_kind kinds[] = { RUNCOVER_KIND_EASY, RUNCOVER_KIND_LONG, RUNCOVER_KIND_TEMPO,
                                           RUNCOVER_KIND_INTERVALS, RUNCOVER_KIND_RACE, RUNCOVER_KIND_ULTRA };
    ck_assert_int_eq(runcover_athlete_new(a), RUNCOVER_OK);
    ck_assert_int_eq(runcover_session_new(s), RUNCOVER_OK);
    ck_assert_int_eq(runcover_athlete_set_mass_kg(*a, 45 + v), RUNCOVER_OK);
    ck_assert_int_eq(runcover_athlete_set_age(*a, 16 + (v * 7) % 60), RUNCOVER_OK);
    ck_assert_int_eq(runcover_athlete_set_preferences(*a, (unsigned)v % 64), RUNCOVER_OK);
    ck_assert_int_eq(runcover_session_set_kind(*s, kinds[v % 6]), RUNCOVER_OK);
    ck_assert_int_eq(runcover_session_set_duration_min(*s, 20 + v * 9), RUNCOVER_OK);
    ck_assert_int_eq(runcover_session_set_rpe(*s, 1 + v % 10), RUNCOVER_OK);
    ck_assert_int_eq(runcover_session_set_temperature_c(*s, -5 + v % 40), RUNCOVER_OK);
    ck_assert_int_eq(runcover_session_set_end(*s, INT64_C(1795000000) + v * 3600 * 7, (v % 5 - 2) * 60),
                     RUNCOVER_OK);
    if (v % 9 == 0)
        ck_assert_int_eq(runcover_session_set_flag(*s, "checkin.swelling", true), RUNCOVER_OK);
    for (int k = 0; k < v % 6; k++) {
        runcover_session *h;
        ck_assert_int_eq(runcover_session_new(&h), RUNCOVER_OK);
        ck_assert_int_eq(runcover_session_set_end(h, INT64_C(1795000000) - (k + 1) * 86400 * 3, 0), RUNCOVER_OK);
        ck_assert_int_eq(runcover_session_set_kind(h, kinds[(v + k) % 6]), RUNCOVER_OK);
        ck_assert_int_eq(runcover_session_set_duration_min(h, 30 + k * 20), RUNCOVER_OK);
        ck_assert_int_eq(runcover_session_set_rpe(h, 3 + k), RUNCOVER_OK);
        ck_assert_int_eq(runcover_athlete_add_session(*a, h), RUNCOVER_OK);
        runcover_session_free(h);
    }
}

typedef struct worker {
    int id;
    long mismatches, errors;
    char first_error[256];
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    runcover_plan *p;
    if (runcover_plan_new(&p) != RUNCOVER_OK) {
        w->errors++;
        return NULL;
    }
    for (long i = 0; i < g_evals; i++) {
        int v = (int)((i * 7 + w->id * 13) % NVARIANTS);
        unsigned flags = i % 3 == 0 ? 0 : RUNCOVER_EVAL_NO_TEXT;
        if (runcover_evaluate_into(p, g_ev, g_athlete[v], g_session[v], flags) != RUNCOVER_OK) {
            if (!w->errors++)
                snprintf(w->first_error, sizeof w->first_error, "%s", runcover_last_error()->message);
            continue;
        }
        if (digest(p) != g_ref[v])
            w->mismatches++;
        if (i % 500 == 0) { /* the full JSON, text included */
            runcover_plan *q;
            char *j;
            if (runcover_evaluate(&q, g_ev, g_athlete[v], g_session[v]) == RUNCOVER_OK &&
                runcover_plan_to_json(&j, q, RUNCOVER_JSON_EXPLAIN) == RUNCOVER_OK) {
                w->mismatches += strcmp(j, g_ref_json[v]) != 0;
                runcover_string_free(j);
                runcover_plan_free(q);
            } else {
                w->errors++;
            }
        }
    }
    runcover_plan_free(p);
    return NULL;
}

static void setup(void)
{
    const char *q = getenv("RUNCOVER_TEST_QUICK");
    if (q && *q == '1')
        g_evals = 200;
    ck_assert_int_eq(runcover_evaluator_new_default(&g_ev), RUNCOVER_OK);
    for (int v = 0; v < NVARIANTS; v++) {
        make_variant(v, &g_athlete[v], &g_session[v]);
        runcover_plan *p;
        ck_assert_int_eq(runcover_evaluate(&p, g_ev, g_athlete[v], g_session[v]), RUNCOVER_OK);
        g_ref[v] = digest(p);
        ck_assert_int_eq(runcover_plan_to_json(&g_ref_json[v], p, RUNCOVER_JSON_EXPLAIN), RUNCOVER_OK);
        runcover_plan_free(p);
    }
}

static void teardown(void)
{
    for (int v = 0; v < NVARIANTS; v++) {
        runcover_athlete_free(g_athlete[v]);
        runcover_session_free(g_session[v]);
        runcover_string_free(g_ref_json[v]);
    }
    runcover_evaluator_free(g_ev);
}

START_TEST(test_threads_share_one_evaluator)
{
    pthread_t t[NTHREADS];
    worker w[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        w[i] = (worker){ i, 0, 0, "" };
        ck_assert_int_eq(pthread_create(&t[i], NULL, work, &w[i]), 0);
    }
    for (int i = 0; i < NTHREADS; i++)
        ck_assert_int_eq(pthread_join(t[i], NULL), 0);
    for (int i = 0; i < NTHREADS; i++) {
        ck_assert_msg(w[i].errors == 0, "thread %d: %ld errors, first: %s", i, w[i].errors, w[i].first_error);
        ck_assert_msg(w[i].mismatches == 0, "thread %d: %ld plans differ from the single-threaded ones", i,
                      w[i].mismatches);
    }
}
END_TEST

/* Errors are per thread: a failure in one thread never shows in another. */
static void *fail_in_thread(void *arg)
{
    (void)arg;
    runcover_athlete *a;
    if (runcover_athlete_new(&a) != RUNCOVER_OK)
        return (void *)1;
    void *r = runcover_athlete_set_mass_kg(a, 5) == RUNCOVER_E_RANGE &&
                      runcover_last_error()->code == RUNCOVER_E_RANGE
                  ? NULL
                  : (void *)1;
    runcover_athlete_free(a);
    return r;
}

START_TEST(test_threads_last_error_is_per_thread)
{
    runcover_athlete *a;
    ck_assert_int_eq(runcover_athlete_new(&a), RUNCOVER_OK);
    ck_assert_int_eq(runcover_athlete_set_mass_kg(a, 60), RUNCOVER_OK);
    pthread_t t;
    void *r;
    ck_assert_int_eq(pthread_create(&t, NULL, fail_in_thread, NULL), 0);
    ck_assert_int_eq(pthread_join(t, &r), 0);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(runcover_last_error()->code, RUNCOVER_OK); /* still this thread's own (clear) error */
    runcover_athlete_free(a);
}
END_TEST

/* Loading into another evaluator while the shared one is in use. */
static void *load_others(void *arg)
{
    long *failures = arg;
    for (int i = 0; i < 20; i++) {
        runcover_evaluator *ev;
        if (runcover_evaluator_new_default(&ev) != RUNCOVER_OK) {
            (*failures)++;
            continue;
        }
        static const char y[] = "format: 1\nprotocol: more\nversion: 1\nsources: { m: \"m\" }\nrules:\n"
                                "  - { id: more, when: 'true', category: rest, phase: mid_term, title: M }\n";
        if (runcover_evaluator_load_string(ev, "more.yaml", y, sizeof y - 1) != RUNCOVER_OK)
            (*failures)++;
        runcover_evaluator_free(ev);
    }
    return NULL;
}

START_TEST(test_threads_load_elsewhere_while_evaluating)
{
    pthread_t t[3];
    worker w[2] = { { 0, 0, 0, "" }, { 1, 0, 0, "" } };
    long failures = 0;
    ck_assert_int_eq(pthread_create(&t[0], NULL, work, &w[0]), 0);
    ck_assert_int_eq(pthread_create(&t[1], NULL, work, &w[1]), 0);
    ck_assert_int_eq(pthread_create(&t[2], NULL, load_others, &failures), 0);
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(pthread_join(t[i], NULL), 0);
    ck_assert_int_eq(failures, 0);
    ck_assert_int_eq(w[0].mismatches + w[1].mismatches + w[0].errors + w[1].errors, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("threads");
    tcase_set_timeout(tc, 300);
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_threads_share_one_evaluator);
    tcase_add_test(tc, test_threads_last_error_is_per_thread);
    tcase_add_test(tc, test_threads_load_elsewhere_while_evaluating);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
