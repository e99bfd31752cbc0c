/*
 * test_alloc.c — allocation failure (white-box: links the internal copy of
 * lib/ for rc_alloc_fail_at()). For each operation, fail the 1st, 2nd, …
 * allocation (and every one after it) until the operation succeeds, and
 * check each time: RUNCOVER_E_NOMEM or success, out-parameters untouched,
 * handles unchanged and still usable, and no leak — the test installs a
 * counting allocator with runcover_set_allocator(), so every block the
 * library took must be back after each attempt.
 *
 * libyaml allocates through its own malloc, which no hook of libyaml 0.2.5
 * can reach: those failures are not injected here (the reader checks every
 * libyaml result, and the fuzzers and valgrind cover its paths).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rc.h"

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

#define OK(x) ck_assert_msg((x) == RUNCOVER_OK, "%s: %s", #x, runcover_last_error()->message)

static const char *const k_protocol =
    "format: 1\nprotocol: extra\nversion: 1\nsources: { x: \"extra source\" }\n"
    "facts:\n  hrv_drop_pct: { type: number, min: 0, max: 100 }\n"
    "derive:\n  tired: ext.hrv_drop_pct > 10 or session.rpe >= 8\n"
    "rules:\n"
    "  - id: extra-rest\n    when: derive.tired\n    priority: 3\n    category: rest\n    phase: mid_term\n"
    "    title: Extra rest\n    detail: 'Rest {round(session.duration_min / 10)} more minutes.'\n"
    "    amount: { min: session.duration_min / 10, unit: min }\n    recovery_hours: 24\n    sources: [x]\n";

static const char *const k_scenario =
    "athlete:\n  mass_kg: 70\n  age: 34\n  preferences: [vegan]\n  history:\n"
    "    - { end: 2026-11-15T10:00:00Z, kind: race, duration_min: 200, rpe: 9 }\n"
    "session:\n  kind: long\n  end: 2026-11-22T09:30:00+01:00\n  duration_min: 132\n  rpe: 8\n"
    "  temperature_c: 30\n  checkin: { soreness: 6 }\n"
    "expect:\n  fires: [refuel-carbs]\n";

typedef struct fx {
    runcover_evaluator *ev;
    runcover_scenario *sc;
} fx;

static fx setup(void)
{
    fx f;
    OK(runcover_evaluator_new_default(&f.ev));
    OK(runcover_scenario_load_string(&f.sc, "s.yaml", k_scenario, strlen(k_scenario)));
    return f;
}

static void teardown(fx *f)
{
    runcover_scenario_free(f->sc);
    runcover_evaluator_free(f->ev);
}

/* Runs op with the n-th allocation failing, for n = 1, 2, … until it
 * succeeds; `check` asserts the state after each failure. Returns the n
 * that succeeded. */
typedef runcover_status (*op_fn)(void *ctx);
typedef void (*check_fn)(void *ctx, runcover_status st);
typedef void (*prepare_fn)(void *ctx);

static long sweep_prepared(const char *what, prepare_fn prepare, op_fn op, check_fn check, void *ctx)
{
    for (long n = 1; n < 200000; n++) {
        if (prepare)
            prepare(ctx); /* outside the failure window */
        rc_alloc_fail_at(n);
        runcover_status st = op(ctx);
        rc_alloc_reset_for_tests();
        ck_assert_msg(st == RUNCOVER_OK || st == RUNCOVER_E_NOMEM, "%s, allocation %ld failing: %s (%s)", what, n,
                      runcover_status_str(st), runcover_last_error()->message);
        if (st == RUNCOVER_E_NOMEM)
            ck_assert_int_eq(runcover_last_error()->code, RUNCOVER_E_NOMEM);
        if (check)
            check(ctx, st);
        if (st == RUNCOVER_OK) {
            printf("%-28s succeeds from allocation %ld on\n", what, n);
            return n;
        }
    }
    ck_abort_msg("%s never succeeded", what);
    return 0;
}

static long sweep(const char *what, op_fn op, check_fn check, void *ctx)
{
    return sweep_prepared(what, NULL, op, check, ctx);
}

/* ---- new_default ---- */
static runcover_status op_new_default(void *ctx)
{
    runcover_evaluator **ev = ctx;
    *ev = (runcover_evaluator *)0x1;
    runcover_status st = runcover_evaluator_new_default(ev);
    if (st != RUNCOVER_OK)
        ck_assert_ptr_eq(*ev, (runcover_evaluator *)0x1);
    return st;
}

START_TEST(test_alloc_new_default)
{
    long live = g_live;
    runcover_evaluator *ev;
    long n = sweep("evaluator_new_default", op_new_default, NULL, &ev);
    ck_assert_int_gt(n, 10);
    runcover_evaluator_free(ev);
    ck_assert_int_eq(g_live, live);
}
END_TEST

/* ---- load into an evaluator that has rules: atomic ---- */
typedef struct load_ctx {
    runcover_evaluator *ev;
    size_t rules;
    char *json_before;
    const runcover_scenario *sc;
} load_ctx;

static char *plan_json(runcover_evaluator *ev, const runcover_scenario *sc)
{
    runcover_plan *p;
    OK(runcover_evaluate(&p, ev, runcover_scenario_athlete(sc), runcover_scenario_session(sc)));
    char *j;
    OK(runcover_plan_to_json(&j, p, RUNCOVER_JSON_EXPLAIN));
    runcover_plan_free(p);
    return j;
}

static void prepare_load(void *ctx)
{
    load_ctx *c = ctx;
    OK(runcover_evaluator_new_default(&c->ev));
}

static runcover_status op_load(void *ctx)
{
    load_ctx *c = ctx;
    return runcover_evaluator_load_string(c->ev, "extra.yaml", k_protocol, strlen(k_protocol));
}

static void check_load(void *ctx, runcover_status st)
{
    load_ctx *c = ctx;
    if (st != RUNCOVER_OK) {
        ck_assert_uint_eq(runcover_evaluator_rule_count(c->ev), c->rules);
        char *j = plan_json(c->ev, c->sc); /* unchanged: the same plan as before */
        ck_assert_msg(strcmp(j, c->json_before) == 0, "the evaluator changed after a failed load");
        runcover_string_free(j);
    } else {
        ck_assert_uint_eq(runcover_evaluator_rule_count(c->ev), c->rules + 1);
    }
    runcover_evaluator_free(c->ev);
}

START_TEST(test_alloc_load_is_atomic)
{
    fx f = setup();
    long live = g_live;
    load_ctx c = { NULL, runcover_evaluator_rule_count(f.ev), plan_json(f.ev, f.sc), f.sc };
    sweep_prepared("evaluator_load_string", prepare_load, op_load, check_load, &c);
    runcover_string_free(c.json_before);
    ck_assert_int_eq(g_live, live);
    teardown(&f);
}
END_TEST

/* ---- evaluate, evaluate_into ---- */
typedef struct eval_ctx {
    fx *f;
    runcover_plan *p;
    char *json_ok;
} eval_ctx;

static runcover_status op_evaluate(void *ctx)
{
    eval_ctx *c = ctx;
    c->p = (runcover_plan *)0x1;
    runcover_status st = runcover_evaluate(&c->p, c->f->ev, runcover_scenario_athlete(c->f->sc),
                                           runcover_scenario_session(c->f->sc));
    if (st != RUNCOVER_OK)
        ck_assert_ptr_eq(c->p, (runcover_plan *)0x1);
    return st;
}

START_TEST(test_alloc_evaluate)
{
    fx f = setup();
    long live = g_live;
    eval_ctx c = { &f, NULL, NULL };
    sweep("evaluate", op_evaluate, NULL, &c);
    runcover_plan_free(c.p);
    ck_assert_int_eq(g_live, live);
    teardown(&f);
}
END_TEST

static runcover_status op_evaluate_into(void *ctx)
{
    eval_ctx *c = ctx;
    return runcover_evaluate_into(c->p, c->f->ev, runcover_scenario_athlete(c->f->sc),
                                  runcover_scenario_session(c->f->sc), 0);
}

static void check_evaluate_into(void *ctx, runcover_status st)
{
    eval_ctx *c = ctx;
    if (st != RUNCOVER_OK) {
        ck_assert_uint_eq(runcover_plan_count(c->p), 0); /* left empty, never half-filled */
        return;
    }
    char *j;
    OK(runcover_plan_to_json(&j, c->p, 0));
    size_t k = 0;
    while (j[k] && j[k] == c->json_ok[k])
        k++;
    ck_assert_msg(j[k] == c->json_ok[k], "plan differs from the reference at byte %zu: ...%.60s", k,
                  j + (k > 20 ? k - 20 : 0));
    runcover_string_free(j);
}

START_TEST(test_alloc_evaluate_into)
{
    fx f = setup();
    eval_ctx c = { &f, NULL, NULL };
    runcover_plan *ref;
    OK(runcover_evaluate(&ref, f.ev, runcover_scenario_athlete(f.sc), runcover_scenario_session(f.sc)));
    OK(runcover_plan_to_json(&c.json_ok, ref, 0));
    runcover_plan_free(ref);
    long live = g_live;
    OK(runcover_plan_new(&c.p)); /* a fresh plan must grow: allocations to fail */
    sweep("evaluate_into (fresh plan)", op_evaluate_into, check_evaluate_into, &c);
    /* steady state: a plan that has grown evaluates without allocating */
    rc_alloc_fail_at(1);
    ck_assert_int_eq(op_evaluate_into(&c), RUNCOVER_OK);
    rc_alloc_reset_for_tests();
    runcover_plan_free(c.p);
    ck_assert_int_eq(g_live, live);
    runcover_string_free(c.json_ok);
    teardown(&f);
}
END_TEST

/* ---- plan output ---- */
typedef struct out_ctx {
    runcover_plan *p;
    int which;
    char *s;
} out_ctx;

static runcover_status op_output(void *ctx)
{
    out_ctx *c = ctx;
    c->s = (char *)0x1;
    runcover_status st;
    switch (c->which) {
    case 0: st = runcover_plan_to_json(&c->s, c->p, RUNCOVER_JSON_EXPLAIN | RUNCOVER_JSON_PRETTY); break;
    case 1: st = runcover_plan_to_text(&c->s, c->p, RUNCOVER_JSON_EXPLAIN); break;
    case 2: st = runcover_plan_explain(&c->s, c->p, 0); break;
    default: st = runcover_plan_why_not(&c->s, c->p, "ice-bath-race"); break;
    }
    if (st != RUNCOVER_OK)
        ck_assert_ptr_eq(c->s, (char *)0x1);
    else
        runcover_string_free(c->s);
    return st;
}

START_TEST(test_alloc_outputs)
{
    static const char *const names[] = { "plan_to_json explain", "plan_to_text explain", "plan_explain",
                                         "plan_why_not" };
    fx f = setup();
    out_ctx c = { NULL, _i, NULL };
    OK(runcover_evaluate(&c.p, f.ev, runcover_scenario_athlete(f.sc), runcover_scenario_session(f.sc)));
    long live = g_live;
    sweep(names[_i], op_output, NULL, &c);
    ck_assert_int_eq(g_live, live);
    runcover_plan_free(c.p);
    teardown(&f);
}
END_TEST

/* ---- scenario, history, clones, ext facts ---- */
static runcover_status op_scenario(void *ctx)
{
    runcover_scenario **sc = ctx;
    *sc = (runcover_scenario *)0x1;
    runcover_status st = runcover_scenario_load_string(sc, "s.yaml", k_scenario, strlen(k_scenario));
    if (st != RUNCOVER_OK)
        ck_assert_ptr_eq(*sc, (runcover_scenario *)0x1);
    return st;
}

START_TEST(test_alloc_scenario)
{
    long live = g_live;
    runcover_scenario *sc;
    sweep("scenario_load_string", op_scenario, NULL, &sc);
    runcover_scenario_free(sc);
    ck_assert_int_eq(g_live, live);
}
END_TEST

typedef struct handle_ctx {
    runcover_athlete *a;
    runcover_session *s;
    runcover_athlete *a2;
    runcover_session *s2;
    int which;
} handle_ctx;

static runcover_status op_handles(void *ctx)
{
    handle_ctx *c = ctx;
    switch (c->which) {
    case 0: return runcover_athlete_add_session(c->a, c->s);
    case 1: return runcover_athlete_clone(&c->a2, c->a);
    case 2: return runcover_session_clone(&c->s2, c->s);
    default: return runcover_athlete_set_number(c->a, "ext.hrv_drop_pct", 12);
    }
}

static void check_handles(void *ctx, runcover_status st)
{
    handle_ctx *c = ctx;
    double v;
    switch (c->which) {
    case 0: ck_assert_uint_eq(runcover_athlete_history_count(c->a), st == RUNCOVER_OK ? 2 : 1); break;
    case 1:
        if (st == RUNCOVER_OK) {
            ck_assert_uint_eq(runcover_athlete_history_count(c->a2), 1);
            runcover_athlete_free(c->a2);
        }
        break;
    case 2:
        if (st == RUNCOVER_OK) {
            OK(runcover_session_get_rpe(c->s2, &v));
            runcover_session_free(c->s2);
        }
        break;
    default:
        ck_assert_int_eq(runcover_athlete_get_number(c->a, "ext.hrv_drop_pct", &v),
                         st == RUNCOVER_OK ? RUNCOVER_OK : RUNCOVER_E_NOTFOUND);
        break;
    }
}

START_TEST(test_alloc_handles)
{
    static const char *const names[] = { "athlete_add_session", "athlete_clone", "session_clone",
                                         "athlete_set_number ext.*" };
    long live = g_live;
    handle_ctx c = { NULL, NULL, NULL, NULL, _i };
    OK(runcover_athlete_new(&c.a));
    OK(runcover_session_new(&c.s));
    OK(runcover_session_set_rpe(c.s, 7));
    OK(runcover_session_set_text(c.s, "end", "2026-11-20T10:00:00Z"));
    OK(runcover_athlete_add_session(c.a, c.s));
    OK(runcover_session_set_text(c.s, "end", "2026-11-21T10:00:00Z"));
    sweep(names[_i], op_handles, check_handles, &c);
    runcover_athlete_free(c.a);
    runcover_session_free(c.s);
    ck_assert_int_eq(g_live, live);
}
END_TEST

int main(void)
{
    static const runcover_allocator counting = { count_malloc, count_realloc, count_free, NULL };
    if (runcover_set_allocator(&counting) != RUNCOVER_OK) {
        fprintf(stderr, "set_allocator: %s\n", runcover_last_error()->message);
        return EXIT_FAILURE;
    }
    Suite *s = suite_create("alloc");
    TCase *tc = tcase_create("alloc");
    tcase_set_timeout(tc, 600);
    tcase_add_checked_fixture(tc, rc_alloc_reset_for_tests, rc_alloc_reset_for_tests);
    tcase_add_test(tc, test_alloc_new_default);
    tcase_add_test(tc, test_alloc_load_is_atomic);
    tcase_add_test(tc, test_alloc_evaluate);
    tcase_add_test(tc, test_alloc_evaluate_into);
    tcase_add_loop_test(tc, test_alloc_outputs, 0, 4);
    tcase_add_test(tc, test_alloc_scenario);
    tcase_add_loop_test(tc, test_alloc_handles, 0, 4);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK); /* the live-block count is process state */
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
