/*
 * test_alloc.c — allocation failure (white-box: links the internal copy of
 * lib/ for rc_alloc_fail_at()).
 *
 * Every operation below is run again and again with allocation n failing,
 * for n = 1, 2, … until it has been tried at every allocation it makes, in
 * three modes:
 *
 *  from   the library's hook (rc_alloc_fail_at) fails allocation n and every
 *         later one, until the operation succeeds: N, the first n that
 *         succeeds, is printed per operation;
 *  once   the counting allocator installed with runcover_set_allocator()
 *         fails allocation n only, and lets the later ones succeed (error
 *         paths that go on allocating, failures silently swallowed);
 *  yaml   (glibc; not under ASan/TSan or valgrind, which replace malloc()
 *         themselves and win) the test's own malloc()/realloc(),
 *         which replace libc's for the whole process, fail allocation n of
 *         the call, libyaml's included — libyaml 0.2.5 allocates through
 *         plain malloc() (yaml_malloc() in api.c) and has no allocator hook,
 *         so the library's hook cannot reach it; interposing malloc is the
 *         only way to fail those allocations. Its live-block count covers
 *         libyaml's blocks too: the leak check of libyaml's error paths.
 *
 * Each time: the call returns RUNCOVER_E_NOMEM (with runcover_last_error()
 * saying so) or RUNCOVER_OK; a failed call wrote nothing to its
 * out-parameter, kept no memory (the live-block count across the call is
 * unchanged) and left its handles as they were (same rule count, the same
 * plan JSON byte for byte, the same history); a call that succeeded
 * although an allocation failed gave exactly the reference result. At the
 * end of each sweep every block is back. valgrind (meson test
 * --setup=valgrind) and ASan check the rest.
 *
 * RUNCOVER_TEST_QUICK=1 (the valgrind setup) tries every n up to 64 and then
 * every 7th in the once and yaml modes.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "program.h" /* rc.h, and the plan and program internals */

/* ---- process-wide malloc replacement (the yaml mode) ---- */
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define NO_INTERPOSE 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define NO_INTERPOSE 1
#endif
#if defined(__GLIBC__) && !defined(NO_INTERPOSE)
#define HAVE_INTERPOSE 1
#else
#define HAVE_INTERPOSE 0
#endif

static bool g_interpose; /* the replacement is in use (not under valgrind, which replaces it) */
/* volatile: the compiler knows what malloc() and free() touch, and would
 * otherwise drop stores to these around calls to them */
static volatile long g_proc_n;    /* allocations while armed */
static volatile long g_proc_fail; /* fail this one (1-based); 0: none */
static volatile long g_proc_live; /* blocks allocated minus blocks freed, while armed */
static volatile int g_proc_armed;

#if HAVE_INTERPOSE
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

static int proc_should_fail(void)
{
    return g_proc_armed && ++g_proc_n == g_proc_fail;
}

void *malloc(size_t n)
{
    if (proc_should_fail())
        return NULL;
    void *p = __libc_malloc(n);
    g_proc_live += g_proc_armed && p;
    return p;
}

void *calloc(size_t n, size_t size)
{
    if (proc_should_fail())
        return NULL;
    void *p = __libc_calloc(n, size);
    g_proc_live += g_proc_armed && p;
    return p;
}

void *realloc(void *p, size_t n)
{
    if (p && n == 0) {
        g_proc_live -= g_proc_armed;
        return __libc_realloc(p, n);
    }
    if (proc_should_fail())
        return NULL;
    void *q = __libc_realloc(p, n);
    g_proc_live += g_proc_armed && !p && q;
    return q;
}

void free(void *p)
{
    g_proc_live -= g_proc_armed && p;
    __libc_free(p);
}
#endif

/* ---- the library's allocator: counts live blocks, can fail one ---- */
static long g_live;      /* library blocks alive */
static long g_lib_n;     /* library allocations since the last arm */
static long g_lib_fail;  /* fail only this one (1-based); 0: none */

static void *count_malloc(size_t n, void *ud)
{
    (void)ud;
    if (++g_lib_n == g_lib_fail)
        return NULL;
    void *p = malloc(n);
    g_live += p != NULL;
    return p;
}
static void *count_realloc(void *p, size_t n, void *ud)
{
    (void)ud;
    if (++g_lib_n == g_lib_fail)
        return NULL;
    return realloc(p, n); /* p is never NULL here (rc_realloc) */
}
static void count_free(void *p, void *ud)
{
    (void)ud;
    g_live -= p != NULL;
    free(p);
}

#define OK(x) ck_assert_msg((x) == RUNCOVER_OK, "%s: %s", #x, runcover_last_error()->message)
#define SENT(T) ((T)(uintptr_t)0x1)

static const char *const k_protocol =
    "format: 1\nprotocol: extra\nversion: 1\nsources: { x: \"extra source\" }\n"
    "facts:\n  hrv_drop_pct: { type: number, min: 0, max: 100 }\n"
    "derive:\n  tired: ext.hrv_drop_pct > 10 or session.rpe >= 8\n"
    "rules:\n"
    "  - id: extra-rest\n    when: derive.tired\n    priority: 3\n    category: rest\n    phase: mid_term\n"
    "    title: Extra rest\n    detail: 'Rest {round(session.duration_min / 10)} more minutes.'\n"
    "    amount: { min: session.duration_min / 10, unit: min }\n    recovery_hours: 24\n    sources: [x]\n";

static const char *const k_scenario =
    "athlete:\n  mass_kg: 70\n  age: 34\n  sex: female\n  preferences: [vegan]\n  history:\n"
    "    - { end: 2026-11-15T10:00:00Z, kind: race, duration_min: 200, rpe: 9 }\n"
    "    - { end: 2026-11-18T07:00:00Z, kind: easy, duration_min: 40, rpe: 3 }\n"
    "session:\n  kind: long\n  end: 2026-11-22T09:30:00+01:00\n  duration_min: 132\n  rpe: 8\n"
    "  temperature_c: 30\n  checkin: { soreness: 6 }\n"
    "expect:\n  fires: [refuel-carbs]\n";

/* A set small enough for the bit program (lib/bits.c): derives, `and`,
 * `or`, `not`, `==` between conditions, a group, a suppression, computed
 * doses. */
static const char k_small[] =
    "format: 1\nprotocol: small\nversion: 1\nsources: { s: \"t\" }\n"
    "facts:\n  n: { type: number, min: 0, max: 10 }\n"
    "derive:\n  hot: session.temperature_c >= 25\n  hard: session.rpe >= 7 or derive.hot\n"
    "rules:\n"
    "  - { id: a, when: 'derive.hard and not (athlete.age > 60 or ext.n < 1)', priority: 50, exclusive: g, "
    "category: refuel, phase: immediate, title: T, amount: { min: '0.8 * athlete.mass_kg', max: 'min(90, 1.2 * athlete.mass_kg)', unit: g } }\n"
    "  - { id: b, when: '(session.rpe >= 5) == derive.hot', priority: 40, exclusive: g, category: refuel, "
    "phase: immediate, title: T, amount: { min: 'ext.n / 2 + 1', max: 10, unit: g } }\n"
    "  - { id: c, when: 'session.duration_min >= 30 or session.kind in [\"long\", \"race\"]', priority: 30, "
    "suppresses: [d], category: rest, phase: mid_term, title: T }\n"
    "  - { id: d, when: 'not derive.hot', priority: 20, category: rest, phase: mid_term, title: T }\n";
static runcover_athlete *g_small_a;
static runcover_session *g_small_s;
static char *g_small_json; /* their plan under k_small */

/* Built once in main(), outside every failure window. */
static runcover_evaluator *g_ev;  /* the default set (frozen by the first evaluation) */
static runcover_scenario *g_sc;
static runcover_plan *g_plan;     /* g_sc under g_ev */
static char *g_ref_json;          /* its JSON, RUNCOVER_JSON_EXPLAIN */
static char *g_ref_json_loaded;   /* the same with k_protocol loaded too */
static size_t g_default_rules;

static char *plan_json(runcover_evaluator *ev, const runcover_athlete *a, const runcover_session *s)
{
    runcover_plan *p;
    OK(runcover_evaluate(&p, ev, a, s));
    char *j;
    OK(runcover_plan_to_json(&j, p, RUNCOVER_JSON_EXPLAIN));
    runcover_plan_free(p);
    return j;
}

static const char *g_cur_mode = ""; /* the attempt under way, for messages */
static long g_cur_n;

static void assert_same_text(const char *what, const char *got, const char *want)
{
    size_t k = 0;
    while (got[k] && got[k] == want[k])
        k++;
    ck_assert_msg(got[k] == want[k], "%s [%s, allocation %ld failed] differs from the reference at byte %zu: ...%.60s",
                  what, g_cur_mode, g_cur_n, k, got + (k > 20 ? k - 20 : 0));
}

/* ---- operations ---- */
typedef struct op op;
struct op {
    const char *name;
    void (*prepare)(op *o);                     /* outside the window; may be NULL */
    runcover_status (*call)(op *o);             /* the one call, in the window */
    void (*after)(op *o, runcover_status st);   /* checks; releases what call/prepare made */
    bool keeps_memory;                          /* a failed call may keep grown buffers */
    int variant;
    /* state */
    runcover_evaluator *ev;
    runcover_athlete *a;
    runcover_session *s;
    runcover_plan *p;
    runcover_evaluator *out_ev;
    runcover_plan *out_plan;
    runcover_scenario *out_sc;
    runcover_athlete *out_a;
    runcover_session *out_s;
    char *out_text;
    char *ref;
    size_t before;
};

/* evaluator_new_default */
static runcover_status call_new_default(op *o)
{
    o->out_ev = SENT(runcover_evaluator *);
    return runcover_evaluator_new_default(&o->out_ev);
}
static void after_new_default(op *o, runcover_status st)
{
    if (st != RUNCOVER_OK) {
        ck_assert_ptr_eq(o->out_ev, SENT(runcover_evaluator *));
        return;
    }
    ck_assert_uint_eq(runcover_evaluator_rule_count(o->out_ev), g_default_rules);
    char *j = plan_json(o->out_ev, runcover_scenario_athlete(g_sc), runcover_scenario_session(g_sc));
    assert_same_text("plan of a new default evaluator", j, g_ref_json);
    runcover_string_free(j);
    runcover_evaluator_free(o->out_ev);
}

/* evaluator_load_string into an evaluator that has rules: atomic */
static void prep_load(op *o)
{
    OK(runcover_evaluator_new_default(&o->ev));
    o->before = runcover_evaluator_protocol_count(o->ev);
}
static runcover_status call_load(op *o)
{
    return runcover_evaluator_load_string(o->ev, "extra.yaml", k_protocol, strlen(k_protocol));
}
static void after_load(op *o, runcover_status st)
{
    bool ok = st == RUNCOVER_OK;
    ck_assert_uint_eq(runcover_evaluator_rule_count(o->ev), g_default_rules + ok);
    ck_assert_uint_eq(runcover_evaluator_protocol_count(o->ev), o->before + ok);
    char *j = plan_json(o->ev, runcover_scenario_athlete(g_sc), runcover_scenario_session(g_sc));
    assert_same_text(ok ? "plan after the load" : "plan after a failed load (must be unchanged)", j,
                     ok ? g_ref_json_loaded : g_ref_json);
    runcover_string_free(j);
    runcover_evaluator_free(o->ev);
    o->ev = NULL;
}

/* evaluator_load_string of a set the bit program takes, into a new evaluator */
static void prep_load_small(op *o) { OK(runcover_evaluator_new(&o->ev)); }
static runcover_status call_load_small(op *o)
{
    return runcover_evaluator_load_string(o->ev, "small.yaml", k_small, strlen(k_small));
}
static void after_load_small(op *o, runcover_status st)
{
    bool ok = st == RUNCOVER_OK;
    ck_assert_uint_eq(runcover_evaluator_rule_count(o->ev), ok ? 5 : 1);
    if (ok) { /* with or without its bit program (a failure there only drops it): the same plan */
        char *j = plan_json(o->ev, g_small_a, g_small_s);
        assert_same_text("plan of the small set", j, g_small_json);
        runcover_string_free(j);
    }
    runcover_evaluator_free(o->ev);
    o->ev = NULL;
}

/* evaluate */
static runcover_status call_evaluate(op *o)
{
    o->out_plan = SENT(runcover_plan *);
    return runcover_evaluate(&o->out_plan, g_ev, runcover_scenario_athlete(g_sc), runcover_scenario_session(g_sc));
}
static void after_evaluate(op *o, runcover_status st)
{
    if (st != RUNCOVER_OK) {
        ck_assert_ptr_eq(o->out_plan, SENT(runcover_plan *));
        ck_assert_uint_eq(runcover_evaluator_rule_count(g_ev), g_default_rules);
        return;
    }
    char *j;
    OK(runcover_plan_to_json(&j, o->out_plan, RUNCOVER_JSON_EXPLAIN));
    assert_same_text("evaluated plan", j, g_ref_json);
    runcover_string_free(j);
    runcover_plan_free(o->out_plan);
}

/* evaluate_into a fresh plan (it must grow) */
static void prep_evaluate_into(op *o) { OK(runcover_plan_new(&o->p)); }
static runcover_status call_evaluate_into(op *o)
{
    return runcover_evaluate_into(o->p, g_ev, runcover_scenario_athlete(g_sc), runcover_scenario_session(g_sc), 0);
}
static void after_evaluate_into(op *o, runcover_status st)
{
    if (st != RUNCOVER_OK) {
        ck_assert_uint_eq(runcover_plan_count(o->p), 0); /* left empty, never half-filled */
        OK(call_evaluate_into(o));                      /* and still usable */
    }
    char *j;
    OK(runcover_plan_to_json(&j, o->p, RUNCOVER_JSON_EXPLAIN));
    assert_same_text("plan of evaluate_into", j, g_ref_json);
    runcover_string_free(j);
    runcover_plan_free(o->p);
    o->p = NULL;
}

/* plan outputs: variant 0 json explain, 1 json explain+pretty, 2 text explain,
 * 3 text, 4 explain item 0, 5 explain the last item, 6 why_not */
static runcover_status output(op *o, char **out)
{
    size_t last = runcover_plan_count(g_plan) - 1;
    switch (o->variant) {
    case 0: return runcover_plan_to_json(out, g_plan, RUNCOVER_JSON_EXPLAIN);
    case 1: return runcover_plan_to_json(out, g_plan, RUNCOVER_JSON_EXPLAIN | RUNCOVER_JSON_PRETTY);
    case 2: return runcover_plan_to_text(out, g_plan, RUNCOVER_JSON_EXPLAIN);
    case 3: return runcover_plan_to_text(out, g_plan, 0);
    case 4: return runcover_plan_explain(out, g_plan, 0);
    case 5: return runcover_plan_explain(out, g_plan, last);
    default: return runcover_plan_why_not(out, g_plan, "ice-bath");
    }
}
static runcover_status call_output(op *o)
{
    o->out_text = SENT(char *);
    return output(o, &o->out_text);
}
static void after_output(op *o, runcover_status st)
{
    if (st != RUNCOVER_OK) {
        ck_assert_ptr_eq(o->out_text, SENT(char *));
        return;
    }
    assert_same_text(o->name, o->out_text, o->ref);
    runcover_string_free(o->out_text);
}

/* scenario_load_string */
static runcover_status call_scenario(op *o)
{
    o->out_sc = SENT(runcover_scenario *);
    return runcover_scenario_load_string(&o->out_sc, "s.yaml", k_scenario, strlen(k_scenario));
}
static void after_scenario(op *o, runcover_status st)
{
    if (st != RUNCOVER_OK) {
        ck_assert_ptr_eq(o->out_sc, SENT(runcover_scenario *));
        return;
    }
    ck_assert(runcover_scenario_has_expect(o->out_sc));
    ck_assert_uint_eq(runcover_athlete_history_count(runcover_scenario_athlete(o->out_sc)), 2);
    char *j = plan_json(g_ev, runcover_scenario_athlete(o->out_sc), runcover_scenario_session(o->out_sc));
    assert_same_text("plan of the loaded scenario", j, g_ref_json);
    runcover_string_free(j);
    runcover_scenario_free(o->out_sc);
}

/* athlete_add_session (history), athlete_clone, session_clone, ext.* setter */
static char *athlete_print(const runcover_athlete *a)
{
    return plan_json(g_ev, a, runcover_scenario_session(g_sc));
}
static void prep_athlete(op *o)
{
    OK(runcover_athlete_clone(&o->a, runcover_scenario_athlete(g_sc)));
    OK(runcover_session_new(&o->s));
    OK(runcover_session_set_kind(o->s, RUNCOVER_KIND_TEMPO));
    OK(runcover_session_set_duration_min(o->s, 75));
    OK(runcover_session_set_rpe(o->s, 7));
    OK(runcover_session_set_text(o->s, "end", "2026-11-20T18:00:00Z"));
    o->before = runcover_athlete_history_count(o->a);
    o->ref = athlete_print(o->a);
}
static runcover_status call_athlete(op *o)
{
    switch (o->variant) {
    case 0: return runcover_athlete_add_session(o->a, o->s);
    case 1: o->out_a = SENT(runcover_athlete *); return runcover_athlete_clone(&o->out_a, o->a);
    case 2: o->out_s = SENT(runcover_session *); return runcover_session_clone(&o->out_s, o->s);
    default: return runcover_athlete_set_number(o->a, "ext.hrv_drop_pct", 12);
    }
}
static void after_athlete(op *o, runcover_status st)
{
    bool ok = st == RUNCOVER_OK;
    double v;
    switch (o->variant) {
    case 0:
        ck_assert_uint_eq(runcover_athlete_history_count(o->a), o->before + ok);
        if (ok) {
            /* the history now holds the session: compare with one built directly */
            runcover_athlete *b;
            OK(runcover_athlete_clone(&b, runcover_scenario_athlete(g_sc)));
            OK(runcover_athlete_add_session(b, o->s));
            char *want = athlete_print(b), *got = athlete_print(o->a);
            assert_same_text("athlete after add_session", got, want);
            runcover_string_free(want);
            runcover_string_free(got);
            runcover_athlete_free(b);
        }
        break;
    case 1:
        if (ok) {
            ck_assert_uint_eq(runcover_athlete_history_count(o->out_a), o->before);
            char *j = athlete_print(o->out_a);
            assert_same_text("clone", j, o->ref);
            runcover_string_free(j);
            runcover_athlete_free(o->out_a);
        } else {
            ck_assert_ptr_eq(o->out_a, SENT(runcover_athlete *));
        }
        break;
    case 2:
        if (ok) {
            OK(runcover_session_get_rpe(o->out_s, &v));
            ck_assert(v == 7);
            runcover_session_free(o->out_s);
        } else {
            ck_assert_ptr_eq(o->out_s, SENT(runcover_session *));
        }
        break;
    default:
        ck_assert_int_eq(runcover_athlete_get_number(o->a, "ext.hrv_drop_pct", &v),
                         ok ? RUNCOVER_OK : RUNCOVER_E_NOTFOUND);
        break;
    }
    if (!ok || o->variant != 0) { /* the athlete itself is unchanged */
        if (o->variant != 3 || !ok) {
            char *j = athlete_print(o->a);
            assert_same_text("athlete after a failed or read-only call", j, o->ref);
            runcover_string_free(j);
        }
    }
    runcover_string_free(o->ref);
    runcover_athlete_free(o->a);
    runcover_session_free(o->s);
    o->ref = NULL;
    o->a = NULL;
    o->s = NULL;
}

/* ---- the sweeps ---- */
enum mode { FROM, ONCE, YAML };
static const char *const k_mode[] = { "from", "once", "yaml" };
static bool g_quick;

static void arm(enum mode m, long n)
{
    switch (m) {
    case FROM: rc_alloc_fail_at(n); break;
    case ONCE: g_lib_n = 0; g_lib_fail = n; break;
    case YAML: g_proc_n = 0; g_proc_fail = n; g_proc_armed = 1; break;
    }
}

static long disarm(enum mode m)
{
    long made = m == ONCE ? g_lib_n : m == YAML ? g_proc_n : rc_alloc_count();
    g_proc_armed = 0;
    g_proc_fail = 0;
    g_lib_fail = 0;
    rc_alloc_reset_for_tests();
    return made;
}

/* One attempt with allocation n failing (n = 0: none). Returns the status
 * and the number of allocations the call made. */
static runcover_status attempt(op *o, enum mode m, long n, long *made)
{
    if (o->prepare)
        o->prepare(o);
    long live = g_live, proc_live = g_proc_live;
    g_cur_mode = k_mode[m];
    g_cur_n = n;
    arm(m, n);
    runcover_status st = o->call(o);
    *made = disarm(m);
    ck_assert_msg(st == RUNCOVER_OK || st == RUNCOVER_E_NOMEM, "%s [%s], allocation %ld failing: %s (%s)", o->name,
                  k_mode[m], n, runcover_status_str(st), runcover_last_error()->message);
    if (st == RUNCOVER_E_NOMEM) {
        ck_assert_int_eq(runcover_last_error()->code, RUNCOVER_E_NOMEM);
        if (!o->keeps_memory) {
            ck_assert_msg(g_live == live, "%s [%s], allocation %ld failing: %ld library blocks kept", o->name,
                          k_mode[m], n, g_live - live);
            ck_assert_msg(g_proc_live == proc_live, "%s [%s], allocation %ld failing: %ld blocks kept", o->name,
                          k_mode[m], n, g_proc_live - proc_live);
        }
    } else {
        ck_assert_int_eq(runcover_last_error()->code, RUNCOVER_OK);
    }
    o->after(o, st);
    return st;
}

typedef struct result {
    long from_n;    /* first n that succeeds failing n, n+1, … */
    long once_total, once_ok, yaml_total, yaml_ok; /* allocations tried, calls that still succeeded */
} result;

static result run(op *o)
{
    result r = { 0, 0, 0, 0, 0 };
    long live = g_live, made;
    /* from: fail n and all later ones, until it succeeds */
    for (long n = 1;; n++) {
        ck_assert_msg(n < 100000, "%s never succeeded", o->name);
        if (attempt(o, FROM, n, &made) == RUNCOVER_OK) {
            r.from_n = n;
            break;
        }
    }
    ck_assert_int_eq(g_live, live);
    /* once: a clean run counts the allocations, then each fails alone */
    ck_assert_int_eq(attempt(o, ONCE, 0, &r.once_total), RUNCOVER_OK);
    for (long n = 1; n <= r.once_total; n += g_quick && n >= 64 ? 7 : 1)
        r.once_ok += attempt(o, ONCE, n, &made) == RUNCOVER_OK;
    ck_assert_int_eq(g_live, live);
    if (g_interpose) {
        ck_assert_int_eq(attempt(o, YAML, 0, &r.yaml_total), RUNCOVER_OK);
        for (long n = 1; n <= r.yaml_total; n += g_quick && n >= 64 ? 7 : 1)
            r.yaml_ok += attempt(o, YAML, n, &made) == RUNCOVER_OK;
        ck_assert_int_eq(g_live, live);
    }
    printf("%-30s N=%-5ld once: %4ld allocations tried, %ld ok anyway", o->name, r.from_n, r.once_total, r.once_ok);
    if (g_interpose)
        printf("; with libyaml's: %5ld, %ld ok anyway", r.yaml_total, r.yaml_ok);
    printf("\n");
    fflush(stdout);
    return r;
}

START_TEST(test_alloc_new_default)
{
    op o = { .name = "evaluator_new_default", .call = call_new_default, .after = after_new_default };
    result r = run(&o);
    ck_assert_int_gt(r.from_n, 10);
    ck_assert_int_eq(r.once_ok, 0); /* no allocation of it is optional */
}
END_TEST

START_TEST(test_alloc_load_is_atomic)
{
    op o = { .name = "evaluator_load_string", .prepare = prep_load, .call = call_load, .after = after_load };
    run(&o);
}
END_TEST

START_TEST(test_alloc_load_small)
{
    op o = { .name = "evaluator_load_string (bit program)", .prepare = prep_load_small, .call = call_load_small,
             .after = after_load_small };
    run(&o);
}
END_TEST

START_TEST(test_alloc_evaluate)
{
    op o = { .name = "evaluate", .call = call_evaluate, .after = after_evaluate };
    run(&o);
}
END_TEST

START_TEST(test_alloc_evaluate_into)
{
    op o = { .name = "evaluate_into (fresh plan)", .prepare = prep_evaluate_into, .call = call_evaluate_into,
             .after = after_evaluate_into, .keeps_memory = true };
    run(&o);
    /* steady state: a plan that has grown evaluates without allocating */
    runcover_plan *p;
    OK(runcover_plan_new(&p));
    OK(runcover_evaluate_into(p, g_ev, runcover_scenario_athlete(g_sc), runcover_scenario_session(g_sc), 0));
    rc_alloc_fail_at(1);
    runcover_status st =
        runcover_evaluate_into(p, g_ev, runcover_scenario_athlete(g_sc), runcover_scenario_session(g_sc), 0);
    long made = rc_alloc_count();
    rc_alloc_reset_for_tests();
    ck_assert_int_eq(st, RUNCOVER_OK);
    ck_assert_int_eq(made, 0);
    runcover_plan_free(p);
}
END_TEST

START_TEST(test_alloc_outputs)
{
    static const char *const names[] = { "plan_to_json EXPLAIN", "plan_to_json EXPLAIN|PRETTY",
                                         "plan_to_text EXPLAIN", "plan_to_text", "plan_explain (first item)",
                                         "plan_explain (last item)", "plan_why_not" };
    op o = { .name = names[_i], .call = call_output, .after = after_output, .variant = _i };
    OK(output(&o, &o.ref));
    run(&o);
    runcover_string_free(o.ref);
}
END_TEST

START_TEST(test_alloc_scenario)
{
    op o = { .name = "scenario_load_string", .call = call_scenario, .after = after_scenario };
    run(&o);
}
END_TEST

START_TEST(test_alloc_handles)
{
    static const char *const names[] = { "athlete_add_session (history)", "athlete_clone", "session_clone",
                                         "athlete_set_number ext.*" };
    op o = { .name = names[_i], .prepare = prep_athlete, .call = call_athlete, .after = after_athlete,
             .variant = _i };
    run(&o);
}
END_TEST

/* The hook itself: counts, fails from n on, and the counting allocator
 * sees every block back. */
START_TEST(test_alloc_hook)
{
    rc_alloc_fail_at(2);
    void *a = rc_malloc(8), *b = rc_malloc(8), *c = rc_calloc(2, 8);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_null(b);
    ck_assert_ptr_null(c);
    ck_assert_ptr_null(rc_realloc(a, 64)); /* failing realloc keeps the block */
    ck_assert_int_eq(rc_alloc_count(), 4);
    rc_alloc_reset_for_tests();
    ck_assert_ptr_null(rc_calloc(SIZE_MAX / 2, 4)); /* overflow, no allocation */
    ck_assert_ptr_null(rc_reallocarray(NULL, SIZE_MAX / 2, 4));
    ck_assert_int_eq(rc_alloc_count(), 0);
    rc_free(a);
}
END_TEST

static void global_setup(void)
{
    OK(runcover_evaluator_new_default(&g_ev));
    g_default_rules = runcover_evaluator_rule_count(g_ev);
    OK(runcover_scenario_load_string(&g_sc, "s.yaml", k_scenario, strlen(k_scenario)));
    OK(runcover_evaluate(&g_plan, g_ev, runcover_scenario_athlete(g_sc), runcover_scenario_session(g_sc)));
    ck_assert_uint_ge(runcover_plan_count(g_plan), 3);
    OK(runcover_plan_to_json(&g_ref_json, g_plan, RUNCOVER_JSON_EXPLAIN));
    runcover_evaluator *ev;
    OK(runcover_evaluator_new_default(&ev));
    OK(runcover_evaluator_load_string(ev, "extra.yaml", k_protocol, strlen(k_protocol)));
    g_ref_json_loaded = plan_json(ev, runcover_scenario_athlete(g_sc), runcover_scenario_session(g_sc));
    ck_assert(strstr(g_ref_json_loaded, "extra-rest") != NULL);
    runcover_evaluator_free(ev);
    OK(runcover_evaluator_new(&ev));
    OK(runcover_evaluator_load_string(ev, "small.yaml", k_small, strlen(k_small)));
    ck_assert_ptr_nonnull(ev->prog->bits);
    OK(runcover_athlete_new(&g_small_a));
    OK(runcover_session_new(&g_small_s));
    OK(runcover_athlete_set_mass_kg(g_small_a, 70));
    OK(runcover_athlete_set_age(g_small_a, 40));
    OK(runcover_athlete_set_number(g_small_a, "ext.n", 4));
    OK(runcover_session_set_rpe(g_small_s, 8));
    OK(runcover_session_set_temperature_c(g_small_s, 20));
    OK(runcover_session_set_duration_min(g_small_s, 45));
    OK(runcover_session_set_text(g_small_s, "kind", "long"));
    runcover_plan *p;
    OK(runcover_evaluate(&p, ev, g_small_a, g_small_s));
    ck_assert(p->by_bits);
    ck_assert_uint_eq(runcover_plan_count(p), 2);           /* a (with its dose), c */
    ck_assert_uint_eq(runcover_plan_suppressed_count(p), 1); /* d, by c */
    OK(runcover_plan_to_json(&g_small_json, p, RUNCOVER_JSON_EXPLAIN));
    runcover_plan_free(p);
    runcover_evaluator_free(ev);
}

static void global_teardown(void)
{
    runcover_string_free(g_ref_json);
    runcover_string_free(g_ref_json_loaded);
    runcover_string_free(g_small_json);
    runcover_athlete_free(g_small_a);
    runcover_session_free(g_small_s);
    runcover_plan_free(g_plan);
    runcover_scenario_free(g_sc);
    runcover_evaluator_free(g_ev);
}

int main(void)
{
    static const runcover_allocator counting = { count_malloc, count_realloc, count_free, NULL };
    if (runcover_set_allocator(&counting) != RUNCOVER_OK) {
        fprintf(stderr, "set_allocator: %s\n", runcover_last_error()->message);
        return EXIT_FAILURE;
    }
    const char *q = getenv("RUNCOVER_TEST_QUICK");
    g_quick = q && *q == '1';
#if HAVE_INTERPOSE
    g_proc_armed = 1; /* is this malloc() the one the process uses? */
    void *volatile probe = malloc(1);
    free(probe);
    g_interpose = g_proc_n == 1;
    g_proc_armed = 0;
    g_proc_n = g_proc_live = 0;
#endif
    if (!g_interpose)
        printf("yaml mode skipped: malloc() is not replaceable here (a sanitizer, valgrind or not glibc)\n");
    Suite *s = suite_create("alloc");
    TCase *tc = tcase_create("alloc");
    tcase_set_timeout(tc, 1200);
    tcase_add_unchecked_fixture(tc, global_setup, global_teardown);
    tcase_add_checked_fixture(tc, rc_alloc_reset_for_tests, rc_alloc_reset_for_tests);
    tcase_add_test(tc, test_alloc_hook);
    tcase_add_test(tc, test_alloc_new_default);
    tcase_add_test(tc, test_alloc_load_is_atomic);
    tcase_add_test(tc, test_alloc_load_small);
    tcase_add_test(tc, test_alloc_evaluate);
    tcase_add_test(tc, test_alloc_evaluate_into);
    tcase_add_loop_test(tc, test_alloc_outputs, 0, 7);
    tcase_add_test(tc, test_alloc_scenario);
    tcase_add_loop_test(tc, test_alloc_handles, 0, 4);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK); /* the live-block counts are process state */
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    if (g_live != 0) { /* every block the library took must be back */
        printf("%ld library blocks still allocated at exit\n", g_live);
        failed++;
    }
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
