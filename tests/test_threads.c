/*
 * test_threads.c — one frozen evaluator (runcover_evaluator_new_default)
 * shared by 8 threads, each evaluating 10,000 times with its own athletes,
 * sessions and plans built from a per-thread deterministic set of varied
 * inputs; every plan must equal the single-threaded one for the same
 * inputs: item ids, amounts, units, windows, recovery hours and red flag
 * for every evaluation, and the JSON byte for byte for a sample. Also: the
 * last error is per thread (errors raised at the same moment in two
 * threads never show in the other), and loading into other evaluators —
 * successfully and not — while these run disturbs nothing; and handles
 * may be shared between threads too.
 *
 * Run it under ThreadSanitizer: a -Db_sanitize=thread build (.ci/run does).
 * RUNCOVER_TEST_QUICK=1 (set by the valgrind setup) runs 200 evaluations
 * per thread instead of 10,000.
 */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <runcover/runcover.h>

#define NTHREADS 8
#define NVARIANTS 24 /* inputs per thread */
#define MAXITEMS 64

/* What a plan is, for comparison: everything but the rendered text. */
typedef struct item_ref {
    char id[64];
    bool has_amount, has_window;
    double lo, hi, w0, w1;
    char unit[16];
} item_ref;

typedef struct plan_ref {
    size_t n;
    item_ref it[MAXITEMS];
    bool red, has_hours;
    double hours;
    char *json; /* RUNCOVER_JSON_EXPLAIN */
} plan_ref;

typedef struct input {
    runcover_athlete *a;
    runcover_session *s;
    plan_ref ref;
} input;

static runcover_evaluator *g_ev;
static input g_in[NTHREADS][NVARIANTS]; /* each thread its own inputs */
static long g_evals = 10000;

static void describe(const runcover_plan *p, plan_ref *r)
{
    r->n = runcover_plan_count(p);
    ck_assert_uint_le(r->n, MAXITEMS);
    for (size_t i = 0; i < r->n; i++) {
        const runcover_item *it = runcover_plan_item(p, i);
        item_ref *x = &r->it[i];
        const char *u = NULL;
        snprintf(x->id, sizeof x->id, "%s", runcover_item_id(it));
        x->has_amount = runcover_item_amount(it, &x->lo, &x->hi, &u);
        snprintf(x->unit, sizeof x->unit, "%s", x->has_amount && u ? u : "");
        x->has_window = runcover_item_window(it, &x->w0, &x->w1);
        if (!x->has_amount)
            x->lo = x->hi = 0;
        if (!x->has_window)
            x->w0 = x->w1 = 0;
    }
    r->red = runcover_plan_red_flag(p);
    r->has_hours = runcover_plan_recovery_hours(p, &r->hours);
    if (!r->has_hours)
        r->hours = 0;
}

/* Compares a plan with its reference without allocating. */
static bool same(const runcover_plan *p, const plan_ref *r)
{
    if (runcover_plan_count(p) != r->n || runcover_plan_red_flag(p) != r->red)
        return false;
    double h = 0;
    if (runcover_plan_recovery_hours(p, &h) != r->has_hours || (r->has_hours && h != r->hours))
        return false;
    for (size_t i = 0; i < r->n; i++) {
        const runcover_item *it = runcover_plan_item(p, i);
        const item_ref *x = &r->it[i];
        double lo, hi, w0, w1;
        const char *u = NULL;
        if (strcmp(runcover_item_id(it), x->id) != 0)
            return false;
        if (runcover_item_amount(it, &lo, &hi, &u) != x->has_amount)
            return false;
        if (x->has_amount && (lo != x->lo || hi != x->hi || strcmp(u ? u : "", x->unit) != 0))
            return false;
        if (runcover_item_window(it, &w0, &w1) != x->has_window)
            return false;
        if (x->has_window && (w0 != x->w0 || w1 != x->w1))
            return false;
    }
    return true;
}

/* Deterministic, varied inputs: kinds, durations, temperatures, masses,
 * ages, preferences, red flags, check-ins, histories. Thread t gets its own
 * NVARIANTS inputs (seed v = t * NVARIANTS + k). */
static void make_input(int v, input *in)
{
    static const runcover_kind kinds[] = { RUNCOVER_KIND_EASY,  RUNCOVER_KIND_LONG,  RUNCOVER_KIND_TEMPO,
                                           RUNCOVER_KIND_INTERVALS, RUNCOVER_KIND_HILLS, RUNCOVER_KIND_RACE,
                                           RUNCOVER_KIND_ULTRA, RUNCOVER_KIND_CROSS };
    runcover_athlete *a;
    runcover_session *s;
    ck_assert_int_eq(runcover_athlete_new(&a), RUNCOVER_OK);
    ck_assert_int_eq(runcover_session_new(&s), RUNCOVER_OK);
    ck_assert_int_eq(runcover_athlete_set_mass_kg(a, 42 + (v * 37) % 90), RUNCOVER_OK);
    if (v % 7 != 3) /* sometimes absent */
        ck_assert_int_eq(runcover_athlete_set_age(a, 14 + (v * 11) % 70), RUNCOVER_OK);
    ck_assert_int_eq(runcover_athlete_set_sex(a, v % 2 ? RUNCOVER_SEX_MALE : RUNCOVER_SEX_FEMALE), RUNCOVER_OK);
    ck_assert_int_eq(runcover_athlete_set_preferences(a, (unsigned)(v * 5) % 64), RUNCOVER_OK);
    ck_assert_int_eq(runcover_athlete_set_units(a, v % 4 == 1 ? RUNCOVER_UNITS_IMPERIAL : RUNCOVER_UNITS_METRIC),
                     RUNCOVER_OK);
    ck_assert_int_eq(runcover_session_set_kind(s, kinds[v % 8]), RUNCOVER_OK);
    ck_assert_int_eq(runcover_session_set_duration_min(s, 15 + (v * 23) % 300), RUNCOVER_OK);
    ck_assert_int_eq(runcover_session_set_rpe(s, 1 + (v * 3) % 10), RUNCOVER_OK);
    ck_assert_int_eq(runcover_session_set_temperature_c(s, -10 + (v * 13) % 50), RUNCOVER_OK);
    ck_assert_int_eq(runcover_session_set_end(s, INT64_C(1795000000) + v * 3600 * 5, ((v % 5) - 2) * 60),
                     RUNCOVER_OK);
    if (v % 3 == 0)
        ck_assert_int_eq(runcover_session_set_number(s, "checkin.soreness", (v / 3) % 11), RUNCOVER_OK);
    if (v % 17 == 5)
        ck_assert_int_eq(runcover_session_set_flag(s, "checkin.swelling", true), RUNCOVER_OK);
    for (int k = 0; k < v % 9; k++) {
        runcover_session *h;
        ck_assert_int_eq(runcover_session_new(&h), RUNCOVER_OK);
        ck_assert_int_eq(runcover_session_set_end(h, INT64_C(1795000000) - (k + 1) * 86400 * 2, 0), RUNCOVER_OK);
        ck_assert_int_eq(runcover_session_set_kind(h, kinds[(v + k) % 8]), RUNCOVER_OK);
        ck_assert_int_eq(runcover_session_set_duration_min(h, 30 + ((v + k) * 17) % 150), RUNCOVER_OK);
        ck_assert_int_eq(runcover_session_set_rpe(h, 2 + (v + k) % 8), RUNCOVER_OK);
        ck_assert_int_eq(runcover_athlete_add_session(a, h), RUNCOVER_OK);
        runcover_session_free(h);
    }
    in->a = a;
    in->s = s;
}

typedef struct worker {
    int id;
    pthread_barrier_t *start; /* all start together, or NULL */
    long evals, mismatches, errors, json_checked;
    char first_error[256];
} worker;

static void note_error(worker *w, const char *what)
{
    if (!w->errors++)
        snprintf(w->first_error, sizeof w->first_error, "%s: %s", what, runcover_last_error()->message);
}

static void *work(void *arg)
{
    worker *w = arg;
    input *in = g_in[w->id];
    runcover_plan *p = NULL;
    if (runcover_plan_new(&p) != RUNCOVER_OK)
        note_error(w, "plan_new");
    if (w->start)
        pthread_barrier_wait(w->start);
    if (!p)
        return NULL;
    for (long i = 0; i < g_evals; i++) {
        int v = (int)((i * 7 + i / NVARIANTS) % NVARIANTS);
        unsigned flags = i % 3 == 0 ? 0 : RUNCOVER_EVAL_NO_TEXT;
        w->evals++;
        if (runcover_evaluate_into(p, g_ev, in[v].a, in[v].s, flags) != RUNCOVER_OK) {
            note_error(w, "evaluate_into");
            continue;
        }
        if (runcover_last_error()->code != RUNCOVER_OK) /* another thread's error never shows here */
            note_error(w, "last error after success");
        if (!same(p, &in[v].ref))
            w->mismatches++;
        if (i % 250 == 0) { /* the full JSON, text and explanations included */
            runcover_plan *q;
            char *j;
            if (runcover_evaluate(&q, g_ev, in[v].a, in[v].s) != RUNCOVER_OK) {
                note_error(w, "evaluate");
                continue;
            }
            if (runcover_plan_to_json(&j, q, RUNCOVER_JSON_EXPLAIN) == RUNCOVER_OK) {
                w->mismatches += strcmp(j, in[v].ref.json) != 0;
                w->json_checked++;
                runcover_string_free(j);
            } else {
                note_error(w, "plan_to_json");
            }
            runcover_plan_free(q);
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
    size_t red = 0, total = 0;
    for (int t = 0; t < NTHREADS; t++)
        for (int k = 0; k < NVARIANTS; k++) {
            input *in = &g_in[t][k];
            make_input(t * NVARIANTS + k, in);
            runcover_plan *p; /* the single-threaded reference */
            ck_assert_int_eq(runcover_evaluate(&p, g_ev, in->a, in->s), RUNCOVER_OK);
            describe(p, &in->ref);
            ck_assert_int_eq(runcover_plan_to_json(&in->ref.json, p, RUNCOVER_JSON_EXPLAIN), RUNCOVER_OK);
            red += in->ref.red;
            total += in->ref.n;
            runcover_plan_free(p);
        }
    /* the inputs are varied enough to mean something */
    size_t distinct = 0;
    const input *all = &g_in[0][0];
    for (int i = 0; i < NTHREADS * NVARIANTS; i++) {
        int k = 0;
        while (k < i && strcmp(all[k].ref.json, all[i].ref.json) != 0)
            k++;
        distinct += k == i;
    }
    printf("%d inputs: %zu distinct plans, %zu with a red flag, %zu items; %ld evaluations per thread\n",
           NTHREADS * NVARIANTS, distinct, red, total, g_evals);
    ck_assert_uint_gt(red, 0);
    ck_assert_uint_ge(distinct, NTHREADS * NVARIANTS * 9 / 10);
    ck_assert_uint_gt(total, 3 * NTHREADS * NVARIANTS);
}

static void teardown(void)
{
    for (int t = 0; t < NTHREADS; t++)
        for (int k = 0; k < NVARIANTS; k++) {
            runcover_athlete_free(g_in[t][k].a);
            runcover_session_free(g_in[t][k].s);
            runcover_string_free(g_in[t][k].ref.json);
        }
    runcover_evaluator_free(g_ev);
}

static void check_workers(const worker *w, int n)
{
    for (int i = 0; i < n; i++) {
        ck_assert_msg(w[i].errors == 0, "thread %d: %ld errors, first: %s", w[i].id, w[i].errors, w[i].first_error);
        ck_assert_msg(w[i].mismatches == 0, "thread %d: %ld plans differ from the single-threaded ones", w[i].id,
                      w[i].mismatches);
        ck_assert_int_eq(w[i].evals, g_evals);
        ck_assert_int_gt(w[i].json_checked, 0);
    }
}

START_TEST(test_threads_share_one_evaluator)
{
    pthread_t t[NTHREADS];
    worker w[NTHREADS];
    pthread_barrier_t start;
    ck_assert_int_eq(pthread_barrier_init(&start, NULL, NTHREADS), 0);
    for (int i = 0; i < NTHREADS; i++) {
        w[i] = (worker){ .id = i, .start = &start };
        ck_assert_int_eq(pthread_create(&t[i], NULL, work, &w[i]), 0);
    }
    for (int i = 0; i < NTHREADS; i++)
        ck_assert_int_eq(pthread_join(t[i], NULL), 0);
    pthread_barrier_destroy(&start);
    check_workers(w, NTHREADS);
}
END_TEST

/* Errors are per thread: two threads fail differently at the same moment
 * (a barrier between failing and looking); each sees only its own error. */
static pthread_barrier_t g_barrier;

typedef struct err_case {
    int which;
    int bad; /* what went wrong, 0 when all held */
} err_case;

static void *fail_in_thread(void *arg)
{
    err_case *c = arg;
    runcover_athlete *a = NULL;
    runcover_evaluator *ev = NULL;
    runcover_status want;
    if (c->which == 0) {
        if (runcover_athlete_new(&a) != RUNCOVER_OK)
            c->bad = 1;
        want = runcover_athlete_set_mass_kg(a, 5); /* out of range */
        if (want != RUNCOVER_E_RANGE)
            c->bad = 2;
    } else {
        static const char y[] = "format: 1\nprotocol: bad\nversion: 1\nrules:\n  - id: [\n";
        if (runcover_evaluator_new(&ev) != RUNCOVER_OK)
            c->bad = 1;
        want = runcover_evaluator_load_string(ev, "bad.yaml", y, sizeof y - 1);
        if (want != RUNCOVER_E_SYNTAX)
            c->bad = 2;
    }
    char msg[320];
    snprintf(msg, sizeof msg, "%s", runcover_last_error()->message);
    pthread_barrier_wait(&g_barrier); /* both have failed */
    pthread_barrier_wait(&g_barrier); /* the main thread succeeded meanwhile */
    const runcover_error *e = runcover_last_error();
    if (e->code != want || strcmp(e->message, msg) != 0 || runcover_last_error_count() < 1)
        c->bad = 3;
    if (c->which == 1 && (strcmp(e->file, "bad.yaml") != 0 || e->line == 0))
        c->bad = 4;
    if (c->which == 0 && e->file[0] != '\0')
        c->bad = 5;
    runcover_athlete_free(a);
    runcover_evaluator_free(ev);
    return NULL;
}

START_TEST(test_threads_last_error_is_per_thread)
{
    ck_assert_int_eq(pthread_barrier_init(&g_barrier, NULL, 3), 0);
    runcover_athlete *a;
    ck_assert_int_eq(runcover_athlete_new(&a), RUNCOVER_OK);
    ck_assert_int_eq(runcover_athlete_set_age(a, 500), RUNCOVER_E_RANGE); /* this thread's own error */
    char mine[320];
    snprintf(mine, sizeof mine, "%s", runcover_last_error()->message);
    pthread_t t[2];
    err_case c[2] = { { 0, 0 }, { 1, 0 } };
    for (int i = 0; i < 2; i++)
        ck_assert_int_eq(pthread_create(&t[i], NULL, fail_in_thread, &c[i]), 0);
    pthread_barrier_wait(&g_barrier);
    /* the others have failed: this thread still has its own error */
    ck_assert_int_eq(runcover_last_error()->code, RUNCOVER_E_RANGE);
    ck_assert_str_eq(runcover_last_error()->message, mine);
    ck_assert_uint_eq(runcover_last_error_count(), 1);
    /* and a success here clears only this thread's */
    ck_assert_int_eq(runcover_athlete_set_age(a, 40), RUNCOVER_OK);
    ck_assert_int_eq(runcover_last_error()->code, RUNCOVER_OK);
    pthread_barrier_wait(&g_barrier);
    for (int i = 0; i < 2; i++) {
        ck_assert_int_eq(pthread_join(t[i], NULL), 0);
        ck_assert_msg(c[i].bad == 0, "thread %d: check %d failed", i, c[i].bad);
    }
    ck_assert_int_eq(runcover_last_error()->code, RUNCOVER_OK);
    ck_assert_ptr_null(runcover_last_error_at(0));
    runcover_athlete_free(a);
    pthread_barrier_destroy(&g_barrier);
}
END_TEST

/* Loading into other evaluators (good and bad protocols) and evaluating
 * them while two threads use the shared one. */
typedef struct loader {
    long failures;
    char what[256];
} loader;

static void *load_others(void *arg)
{
    loader *l = arg;
    static const char good[] = "format: 1\nprotocol: more\nversion: 1\nsources: { m: \"m\" }\nrules:\n"
                               "  - { id: more, when: 'true', category: rest, phase: mid_term, title: M }\n";
    static const char bad[] = "format: 1\nprotocol: bad\nversion: 1\nrules:\n  - { id: x, when: 'nosuch.fact > 1' }\n";
    for (int i = 0; i < 12; i++) {
        runcover_evaluator *ev;
        if (runcover_evaluator_new_default(&ev) != RUNCOVER_OK) {
            l->failures++;
            continue;
        }
        size_t rules = runcover_evaluator_rule_count(ev);
        if (runcover_evaluator_load_string(ev, "bad.yaml", bad, sizeof bad - 1) == RUNCOVER_OK ||
            runcover_last_error()->code == RUNCOVER_OK || runcover_evaluator_rule_count(ev) != rules) {
            l->failures++;
            snprintf(l->what, sizeof l->what, "bad protocol accepted or error lost");
        }
        if (runcover_evaluator_load_string(ev, "more.yaml", good, sizeof good - 1) != RUNCOVER_OK) {
            l->failures++;
            snprintf(l->what, sizeof l->what, "%s", runcover_last_error()->message);
        }
        runcover_plan *p;
        if (runcover_evaluate(&p, ev, g_in[0][i % NVARIANTS].a, g_in[0][i % NVARIANTS].s) != RUNCOVER_OK) {
            l->failures++;
        } else {
            bool found = false;
            for (size_t k = 0; k < runcover_plan_count(p); k++)
                found |= strcmp(runcover_item_id(runcover_plan_item(p, k)), "more") == 0;
            l->failures += !found && !runcover_plan_red_flag(p);
            runcover_plan_free(p);
        }
        runcover_evaluator_free(ev);
    }
    return NULL;
}

START_TEST(test_threads_load_elsewhere_while_evaluating)
{
    pthread_t t[3];
    worker w[2] = { { .id = 2 }, { .id = 5 } };
    loader l = { 0, "" };
    ck_assert_int_eq(pthread_create(&t[0], NULL, work, &w[0]), 0);
    ck_assert_int_eq(pthread_create(&t[1], NULL, work, &w[1]), 0);
    ck_assert_int_eq(pthread_create(&t[2], NULL, load_others, &l), 0);
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(pthread_join(t[i], NULL), 0);
    ck_assert_msg(l.failures == 0, "loader: %ld failures (%s)", l.failures, l.what);
    check_workers(w, 2);
}
END_TEST

/* Handles are only read by evaluation, so threads may share them too:
 * one athlete and session, with ext facts, evaluated at once by 4 threads
 * against two evaluators that put those facts in different slots (each
 * handle remembers the slot of the evaluator it last met, atomically). */
typedef struct shared_case {
    runcover_evaluator *ev[2];
    const runcover_athlete *a;
    const runcover_session *s;
    pthread_barrier_t *start;
    long bad;
} shared_case;

static void *share_handles(void *arg)
{
    shared_case *c = arg;
    runcover_plan *p;
    if (runcover_plan_new(&p) != RUNCOVER_OK) {
        c->bad++;
        return NULL;
    }
    pthread_barrier_wait(c->start);
    for (long i = 0; i < g_evals; i++) {
        int e = (int)(i % 2);
        if (runcover_evaluate_into(p, c->ev[e], c->a, c->s, RUNCOVER_EVAL_NO_TEXT) != RUNCOVER_OK ||
            runcover_plan_count(p) != 1 ||
            strcmp(runcover_item_id(runcover_plan_item(p, 0)), e ? "second" : "first") != 0)
            c->bad++;
    }
    runcover_plan_free(p);
    return NULL;
}

START_TEST(test_threads_share_handles)
{
    static const char *const yaml[2] = {
        "format: 1\nprotocol: a\nversion: 1\nsources: { s: \"t\" }\n"
        "facts:\n  hrv: { type: number, min: 0, max: 100 }\n  sick: { type: flag }\n"
        "rules:\n  - { id: first, when: ext.hrv > 10 and not ext.sick, category: rest, phase: mid_term, title: A }\n",
        "format: 1\nprotocol: b\nversion: 1\nsources: { s: \"t\" }\n"
        "facts:\n  pad1: { type: flag }\n  pad2: { type: flag }\n  sick: { type: flag }\n"
        "  hrv: { type: number, min: 0, max: 50 }\n"
        "rules:\n  - { id: second, when: ext.hrv > 20 and not ext.sick, category: rest, phase: mid_term, title: B }\n",
    };
    shared_case c = { { NULL, NULL }, NULL, NULL, NULL, 0 };
    for (int i = 0; i < 2; i++) {
        ck_assert_int_eq(runcover_evaluator_new(&c.ev[i]), RUNCOVER_OK);
        ck_assert_int_eq(runcover_evaluator_load_string(c.ev[i], "t.yaml", yaml[i], strlen(yaml[i])), RUNCOVER_OK);
    }
    runcover_athlete *a;
    runcover_session *s;
    ck_assert_int_eq(runcover_athlete_new(&a), RUNCOVER_OK);
    ck_assert_int_eq(runcover_session_new(&s), RUNCOVER_OK);
    ck_assert_int_eq(runcover_athlete_set_flag(a, "ext.sick", false), RUNCOVER_OK);
    ck_assert_int_eq(runcover_session_set_number(s, "ext.hrv", 30), RUNCOVER_OK);
    c.a = a;
    c.s = s;
    pthread_barrier_t start;
    ck_assert_int_eq(pthread_barrier_init(&start, NULL, 4), 0);
    c.start = &start;
    shared_case per[4];
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
        per[i] = c;
        ck_assert_int_eq(pthread_create(&t[i], NULL, share_handles, &per[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(pthread_join(t[i], NULL), 0);
        ck_assert_msg(per[i].bad == 0, "thread %d: %ld wrong plans from shared handles", i, per[i].bad);
    }
    pthread_barrier_destroy(&start);
    runcover_athlete_free(a);
    runcover_session_free(s);
    runcover_evaluator_free(c.ev[0]);
    runcover_evaluator_free(c.ev[1]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("threads");
    tcase_set_timeout(tc, 600);
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_threads_share_one_evaluator);
    tcase_add_test(tc, test_threads_last_error_is_per_thread);
    tcase_add_test(tc, test_threads_load_elsewhere_while_evaluating);
    tcase_add_test(tc, test_threads_share_handles);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
