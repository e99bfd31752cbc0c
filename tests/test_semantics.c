/*
 * Conformance tests for the evaluation semantics of DESIGN §4, one TCase per
 * numbered point, each with small protocols loaded from strings.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <runcover/runcover.h>

#define RC_OK(expr)                                                                                   \
    do {                                                                                              \
        runcover_status rc_ = (expr);                                                                 \
        ck_assert_msg(rc_ == RUNCOVER_OK, "%s failed: %s (%s:%u:%u)", #expr,                          \
                      runcover_last_error()->message, runcover_last_error()->file,                    \
                      runcover_last_error()->line, runcover_last_error()->column);                    \
    } while (0)

#define HDR "format: 1\nprotocol: t\nversion: 1\nsources: { s: \"test\" }\n"

static runcover_evaluator *ev_with(const char *yaml)
{
    runcover_evaluator *ev;
    RC_OK(runcover_evaluator_new(&ev));
    RC_OK(runcover_evaluator_load_string(ev, "t.yaml", yaml, strlen(yaml)));
    return ev;
}

static runcover_status load_err(const char *yaml)
{
    runcover_evaluator *ev;
    RC_OK(runcover_evaluator_new(&ev));
    runcover_status st = runcover_evaluator_load_string(ev, "t.yaml", yaml, strlen(yaml));
    runcover_evaluator_free(ev);
    return st;
}

typedef struct fx {
    runcover_athlete *a;
    runcover_session *s;
} fx;

static fx mk(void)
{
    fx f;
    RC_OK(runcover_athlete_new(&f.a));
    RC_OK(runcover_session_new(&f.s));
    RC_OK(runcover_athlete_set_mass_kg(f.a, 70));
    RC_OK(runcover_session_set_kind(f.s, RUNCOVER_KIND_LONG));
    RC_OK(runcover_session_set_duration_min(f.s, 90));
    RC_OK(runcover_session_set_rpe(f.s, 6));
    RC_OK(runcover_session_set_text(f.s, "end", "2026-11-22T09:30:00+01:00"));
    return f;
}

static void fx_free(fx *f)
{
    runcover_athlete_free(f->a);
    runcover_session_free(f->s);
}

static runcover_plan *eval(runcover_evaluator *ev, fx *f)
{
    runcover_plan *p;
    RC_OK(runcover_evaluate(&p, ev, f->a, f->s));
    return p;
}

static bool has(const runcover_plan *p, const char *id)
{
    for (size_t i = 0; i < runcover_plan_count(p); i++)
        if (strcmp(runcover_item_id(runcover_plan_item(p, i)), id) == 0)
            return true;
    return false;
}

static const char *by_of(const runcover_plan *p, const char *id)
{
    for (size_t i = 0; i < runcover_plan_suppressed_count(p); i++) {
        const char *rid, *by;
        RC_OK(runcover_plan_suppressed(p, i, &rid, &by));
        if (strcmp(rid, id) == 0)
            return by;
    }
    return NULL;
}

static char *why(const runcover_plan *p, const char *id)
{
    char *t;
    RC_OK(runcover_plan_why_not(&t, p, id));
    return t;
}

/* ---- §4.1 the red-flag floor ---- */

static const char *k_mixed = HDR "rules:\n"
                             "  - { id: run-easy, when: 'true', category: easy_run, phase: return_to_run, title: Run, sources: [s] }\n"
                             "  - { id: eat, when: 'true', category: refuel, phase: immediate, title: Eat, sources: [s] }\n"
                             "  - { id: gap, when: 'true', category: rest, phase: mid_term, title: Rest, recovery_hours: 24, sources: [s] }\n";

START_TEST(test_redflag_each_symptom)
{
    static const runcover_symptom syms[] = { RUNCOVER_SYMPTOM_SHARP_PAIN, RUNCOVER_SYMPTOM_SWELLING,
                                             RUNCOVER_SYMPTOM_BRUISING, RUNCOVER_SYMPTOM_DEFORMITY,
                                             RUNCOVER_SYMPTOM_NUMBNESS, RUNCOVER_SYMPTOM_PAIN_WORSENING,
                                             RUNCOVER_SYMPTOM_INTERFERES_DAILY };
    runcover_evaluator *ev = ev_with(k_mixed);
    for (size_t i = 0; i < sizeof syms / sizeof syms[0]; i++) {
        fx f = mk();
        RC_OK(runcover_session_set_symptom(f.s, syms[i], true));
        runcover_plan *p = eval(ev, &f);
        ck_assert(runcover_plan_red_flag(p));
        ck_assert(has(p, "runcover-see-a-professional"));
        ck_assert(!has(p, "run-easy"));
        ck_assert(has(p, "eat"));
        ck_assert_str_eq(by_of(p, "run-easy"), "red-flag");
        ck_assert_ptr_null(runcover_plan_next_hard_session_after(p));
        double h;
        ck_assert(runcover_plan_recovery_hours(p, &h)); /* the estimate stays, the clearance date goes */
        runcover_plan_free(p);
        fx_free(&f);
    }
    runcover_evaluator_free(ev);
}
END_TEST

START_TEST(test_redflag_thresholds)
{
    runcover_evaluator *ev = ev_with(k_mixed);
    struct {
        const char *key;
        double v;
        bool flag;
    } cases[] = { { "checkin.persistent_pain_days", 3, false }, { "checkin.persistent_pain_days", 4, true },
                  { "checkin.soreness", 8, false },             { "checkin.soreness", 9, true },
                  { "checkin.soreness", 10, true } };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fx f = mk();
        RC_OK(runcover_session_set_number(f.s, cases[i].key, cases[i].v));
        runcover_plan *p = eval(ev, &f);
        ck_assert_msg(runcover_plan_red_flag(p) == cases[i].flag, "%s = %g", cases[i].key, cases[i].v);
        ck_assert(has(p, "run-easy") == !cases[i].flag);
        ck_assert((runcover_plan_next_hard_session_after(p) == NULL) == cases[i].flag);
        runcover_plan_free(p);
        fx_free(&f);
    }
    /* false flags are not red flags */
    fx f = mk();
    RC_OK(runcover_session_set_symptom(f.s, RUNCOVER_SYMPTOM_SWELLING, false));
    runcover_plan *p = eval(ev, &f);
    ck_assert(!runcover_plan_red_flag(p));
    runcover_plan_free(p);
    fx_free(&f);
    runcover_evaluator_free(ev);
}
END_TEST

START_TEST(test_redflag_protocol_rule_adds_and_supplies_medical)
{
    runcover_evaluator *ev = ev_with(HDR "rules:\n"
                                         "  - { id: doc, when: session.rpe >= 10, category: medical, phase: medical, red_flag: true, title: Doc, sources: [s] }\n"
                                         "  - { id: run-easy, when: 'true', category: easy_run, phase: return_to_run, title: Run, sources: [s] }\n");
    fx f = mk();
    RC_OK(runcover_session_set_rpe(f.s, 10));
    runcover_plan *p = eval(ev, &f);
    ck_assert(runcover_plan_red_flag(p));
    ck_assert(has(p, "doc"));
    ck_assert(!has(p, "runcover-see-a-professional")); /* a protocol medical item replaces the built-in one */
    ck_assert(!has(p, "run-easy"));
    runcover_plan_free(p);
    fx_free(&f);
    runcover_evaluator_free(ev);
}
END_TEST

START_TEST(test_redflag_medical_cannot_be_removed)
{
    const char *base = HDR "rules:\n  - { id: doc, when: 'true', category: medical, phase: medical, title: Doc, sources: [s] }\n";
    char buf[2048];
    snprintf(buf, sizeof buf, "%s  - { id: x, when: 'true', category: rest, phase: mid_term, title: X, suppresses: [doc] }\n", base);
    ck_assert_int_eq(load_err(buf), RUNCOVER_E_SCHEMA);
    ck_assert_ptr_nonnull(strstr(runcover_last_error()->message, "medical"));
    snprintf(buf, sizeof buf, "%s  - { id: x, when: 'true', category: rest, phase: mid_term, title: X, suppresses: ['category:medical'] }\n", base);
    ck_assert_int_eq(load_err(buf), RUNCOVER_E_SCHEMA);
    snprintf(buf, sizeof buf, "%s  - { id: x, when: 'true', category: medical, phase: medical, title: X, exclusive: g }\n", base);
    ck_assert_int_eq(load_err(buf), RUNCOVER_E_SCHEMA);
    /* disable / override in a later file */
    runcover_evaluator *ev = ev_with(base);
    const char *dis = "format: 1\nprotocol: u\nversion: 1\ndisable: [doc]\n";
    ck_assert_int_eq(runcover_evaluator_load_string(ev, "u.yaml", dis, strlen(dis)), RUNCOVER_E_SCHEMA);
    ck_assert_uint_eq(runcover_last_error()->line, 4);
    ck_assert_uint_eq(runcover_last_error()->column, 11);
    const char *ovr = "format: 1\nprotocol: u\nversion: 1\noverride:\n  - { id: doc, when: 'false', category: rest, phase: mid_term, title: D }\n";
    ck_assert_int_eq(runcover_evaluator_load_string(ev, "u.yaml", ovr, strlen(ovr)), RUNCOVER_E_SCHEMA);
    ck_assert_uint_eq(runcover_evaluator_rule_count(ev), 2); /* unchanged: built-in + doc */
    runcover_evaluator_free(ev);
}
END_TEST

/* ---- §4.2 derive, three-valued when, doses ---- */

START_TEST(test_when_three_valued)
{
    runcover_evaluator *ev = ev_with(HDR "derive:\n  hot: session.temperature_c >= 25\n  warm: derive.hot or session.temperature_c >= 20\n"
                                         "rules:\n"
                                         "  - { id: hot, when: derive.hot, category: rehydrate, phase: immediate, title: H }\n"
                                         "  - { id: not-hot, when: not derive.hot, category: rehydrate, phase: immediate, title: N }\n"
                                         "  - { id: either, when: derive.hot or session.rpe >= 5, category: refuel, phase: immediate, title: E }\n"
                                         "  - { id: both, when: derive.hot and session.rpe >= 5, category: meal, phase: immediate, title: B }\n"
                                         "  - { id: guarded, when: not has(session.temperature_c) or session.temperature_c < 25, category: rest, phase: immediate, title: G }\n"
                                         "  - { id: falsy, when: session.rpe >= 9 and derive.hot, category: sleep, phase: long_term, title: F }\n");
    fx f = mk(); /* no temperature: derive.hot is unknown */
    runcover_plan *p = eval(ev, &f);
    ck_assert(!has(p, "hot"));
    ck_assert(!has(p, "not-hot")); /* not unknown is unknown */
    ck_assert(has(p, "either"));   /* unknown or true is true */
    ck_assert(!has(p, "both"));
    ck_assert(has(p, "guarded"));
    char *t = why(p, "not-hot");
    ck_assert_ptr_nonnull(strstr(t, "unknown"));
    ck_assert_ptr_nonnull(strstr(t, "session.temperature_c absent"));
    runcover_string_free(t);
    t = why(p, "falsy"); /* false and unknown is false */
    ck_assert_ptr_nonnull(strstr(t, "condition is false"));
    runcover_string_free(t);
    runcover_plan_free(p);
    RC_OK(runcover_session_set_temperature_c(f.s, 30));
    p = eval(ev, &f);
    ck_assert(has(p, "hot") && has(p, "both") && !has(p, "not-hot") && !has(p, "guarded"));
    runcover_plan_free(p);
    fx_free(&f);
    runcover_evaluator_free(ev);
}
END_TEST

START_TEST(test_dose_unknown_or_invalid_skips)
{
    runcover_evaluator *ev = ev_with(HDR "rules:\n"
                                         "  - id: carbs\n    when: 'true'\n    category: refuel\n    phase: immediate\n    title: C\n"
                                         "    amount: { min: 0.8 * athlete.mass_kg, max: 1.2 * athlete.mass_kg, unit: g }\n"
                                         "  - id: div\n    when: 'true'\n    category: rehydrate\n    phase: immediate\n    title: D\n"
                                         "    amount: { min: 100 / (session.rpe - 6), unit: ml }\n"
                                         "  - id: big\n    when: 'true'\n    category: meal\n    phase: immediate\n    title: B\n"
                                         "    amount: { min: athlete.mass_kg * 1e300 * 1e300, unit: g }\n"
                                         "  - id: hides-inf\n    when: 'true'\n    category: nap\n    phase: immediate\n    title: H\n"
                                         "    amount: { min: 'min(athlete.mass_kg * 1e300 * 1e300, 5)', unit: g }\n");
    fx f = mk(); /* rpe 6: division by zero */
    runcover_plan *p = eval(ev, &f);
    ck_assert(has(p, "carbs"));
    ck_assert(!has(p, "div"));
    ck_assert(!has(p, "big"));
    ck_assert(!has(p, "hides-inf")); /* an overflow inside min() is still invalid */
    char *t = why(p, "div");
    ck_assert_ptr_nonnull(strstr(t, "division by zero"));
    runcover_string_free(t);
    runcover_plan_free(p);
    RC_OK(runcover_athlete_unset(f.a, "mass_kg"));
    p = eval(ev, &f);
    ck_assert(!has(p, "carbs"));
    t = why(p, "carbs");
    ck_assert_ptr_nonnull(strstr(t, "athlete.mass_kg"));
    runcover_string_free(t);
    runcover_plan_free(p);
    fx_free(&f);
    runcover_evaluator_free(ev);
}
END_TEST

/* ---- §4.4 suppression ---- */

START_TEST(test_suppression_order)
{
    runcover_evaluator *ev = ev_with(HDR "rules:\n"
                                         "  - { id: a, when: 'true', priority: 30, category: rest, phase: immediate, title: A, suppresses: [b] }\n"
                                         "  - { id: b, when: 'true', priority: 20, category: rest, phase: immediate, title: B, suppresses: [c] }\n"
                                         "  - { id: c, when: 'true', priority: 10, category: rest, phase: immediate, title: C }\n"
                                         "  - { id: d, when: 'true', priority: 5, category: meal, phase: immediate, title: D, suppresses: ['category:nap'] }\n"
                                         "  - { id: e, when: 'true', priority: 50, category: nap, phase: immediate, title: E }\n"
                                         "  - { id: off, when: 'false', priority: 99, category: rest, phase: immediate, title: O, suppresses: [d] }\n");
    fx f = mk();
    runcover_plan *p = eval(ev, &f);
    ck_assert(has(p, "a"));
    ck_assert(!has(p, "b"));
    ck_assert(has(p, "c")); /* a removed rule suppresses nothing */
    ck_assert(has(p, "d"));
    ck_assert(!has(p, "e")); /* category suppression, even of a higher priority */
    ck_assert_str_eq(by_of(p, "b"), "a");
    ck_assert_str_eq(by_of(p, "e"), "d");
    char *t = why(p, "b");
    ck_assert_ptr_nonnull(strstr(t, "suppressed by rule a"));
    runcover_string_free(t);
    runcover_plan_free(p);
    fx_free(&f);
    runcover_evaluator_free(ev);
}
END_TEST

START_TEST(test_suppression_unknown_target)
{
    ck_assert_int_eq(load_err(HDR "rules:\n  - { id: a, when: 'true', category: rest, phase: immediate, title: A, suppresses: [nope] }\n"),
                     RUNCOVER_E_NOTFOUND);
    ck_assert_uint_eq(runcover_last_error()->line, 6);
    ck_assert_ptr_nonnull(strstr(runcover_last_error()->message, "nope"));
}
END_TEST

/* ---- §4.5 exclusive groups ---- */

START_TEST(test_groups_priority_and_tie)
{
    runcover_evaluator *ev = ev_with(HDR "rules:\n"
                                         "  - { id: zeta, when: 'true', priority: 10, category: rest, phase: immediate, title: Z, exclusive: g }\n"
                                         "  - { id: alpha, when: 'true', priority: 10, category: rest, phase: immediate, title: A, exclusive: g }\n"
                                         "  - { id: low, when: 'true', priority: 1, category: rest, phase: immediate, title: L, exclusive: g }\n"
                                         "  - { id: top, when: 'false', priority: 99, category: rest, phase: immediate, title: T, exclusive: g }\n");
    fx f = mk();
    runcover_plan *p = eval(ev, &f);
    ck_assert(has(p, "alpha")); /* tie broken by id, byte order */
    ck_assert(!has(p, "zeta") && !has(p, "low") && !has(p, "top"));
    ck_assert_str_eq(by_of(p, "zeta"), "alpha");
    char *t = why(p, "low");
    ck_assert_ptr_nonnull(strstr(t, "lost exclusive group 'g' to rule alpha"));
    runcover_string_free(t);
    runcover_plan_free(p);
    fx_free(&f);
    runcover_evaluator_free(ev);
}
END_TEST

/* ---- §4.6 fired() ---- */

START_TEST(test_fired_after_groups)
{
    runcover_evaluator *ev = ev_with(HDR "rules:\n"
                                         "  - { id: nap, when: 'true', priority: 5, category: nap, phase: immediate, title: N, exclusive: g }\n"
                                         "  - { id: sleep, when: session.rpe >= 8, priority: 9, category: sleep, phase: immediate, title: S, exclusive: g }\n"
                                         "  - { id: walk, when: fired(\"nap\"), category: rest, phase: immediate, title: W }\n"
                                         "  - { id: after-walk, when: 'fired(\"walk\") and not fired(\"sleep\")', category: caffeine, phase: immediate, title: C }\n");
    fx f = mk();
    runcover_plan *p = eval(ev, &f);
    ck_assert(has(p, "nap") && has(p, "walk") && has(p, "after-walk"));
    runcover_plan_free(p);
    RC_OK(runcover_session_set_rpe(f.s, 9)); /* sleep wins the group: nap is not in the plan */
    p = eval(ev, &f);
    ck_assert(has(p, "sleep") && !has(p, "nap") && !has(p, "walk") && !has(p, "after-walk"));
    runcover_plan_free(p);
    fx_free(&f);
    runcover_evaluator_free(ev);
}
END_TEST

START_TEST(test_fired_cycle_and_unknown)
{
    ck_assert_int_eq(load_err(HDR "rules:\n"
                                  "  - { id: a, when: fired(\"b\"), category: rest, phase: immediate, title: A }\n"
                                  "  - { id: b, when: fired(\"a\"), category: rest, phase: immediate, title: B }\n"),
                     RUNCOVER_E_SCHEMA);
    ck_assert_ptr_nonnull(strstr(runcover_last_error()->message, "cycle"));
    ck_assert_int_eq(load_err(HDR "rules:\n  - { id: a, when: fired(\"zz\"), category: rest, phase: immediate, title: A }\n"),
                     RUNCOVER_E_NOTFOUND);
    ck_assert_uint_eq(runcover_last_error()->line, 6);
    ck_assert_uint_eq(runcover_last_error()->column, 20); /* the fired( call */
}
END_TEST

/* ---- §4.7 recovery hours ---- */

START_TEST(test_recovery_hours)
{
    runcover_evaluator *ev = ev_with(HDR "rules:\n"
                                         "  - { id: a, when: 'true', category: rest, phase: mid_term, title: A, recovery_hours: 24 }\n"
                                         "  - { id: b, when: 'true', category: rest, phase: mid_term, title: B, recovery_hours: 36 }\n"
                                         "  - { id: c, when: session.rpe >= 6, category: rest, phase: mid_term, title: C, recovery_scale: 1.5 }\n"
                                         "  - { id: d, when: session.rpe >= 9, category: rest, phase: mid_term, title: D, recovery_scale: 100 }\n");
    fx f = mk();
    runcover_plan *p = eval(ev, &f);
    double h = 0;
    ck_assert(runcover_plan_recovery_hours(p, &h));
    ck_assert_double_eq_tol(h, 54, 1e-9); /* max(24, 36) × 1.5 */
    ck_assert_str_eq(runcover_plan_next_hard_session_after(p), "2026-11-24T15:30:00+01:00");
    runcover_plan_free(p);
    RC_OK(runcover_session_set_rpe(f.s, 9));
    p = eval(ev, &f);
    ck_assert(runcover_plan_recovery_hours(p, &h));
    ck_assert_double_eq(h, 2160); /* clamped */
    runcover_plan_free(p);
    fx_free(&f);
    runcover_evaluator_free(ev);
    /* no rule sets hours: absent */
    ev = ev_with(HDR "rules:\n  - { id: a, when: 'true', category: rest, phase: mid_term, title: A }\n");
    fx g = mk();
    p = eval(ev, &g);
    ck_assert(!runcover_plan_recovery_hours(p, &h));
    ck_assert_ptr_null(runcover_plan_next_hard_session_after(p));
    runcover_plan_free(p);
    fx_free(&g);
    runcover_evaluator_free(ev);
}
END_TEST

/* ---- §4.8 item order ---- */

START_TEST(test_item_order)
{
    runcover_evaluator *ev = ev_with(HDR "rules:\n"
                                         "  - { id: nowin-b, when: 'true', priority: 1, category: sleep, phase: long_term, title: B }\n"
                                         "  - { id: nowin-a, when: 'true', priority: 1, category: sleep, phase: long_term, title: A }\n"
                                         "  - { id: late, when: 'true', priority: 50, category: nap, phase: immediate, title: L, window: { start_min: 120, end_min: 240 } }\n"
                                         "  - { id: early-lo, when: 'true', priority: 1, category: refuel, phase: immediate, title: E, window: { start_min: 0, end_min: 30 } }\n"
                                         "  - { id: early-hi, when: 'true', priority: 9, category: cool_down, phase: immediate, title: H, window: { start_min: 0, end_min: 10 } }\n"
                                         "  - { id: nowin-hi, when: 'true', priority: 7, category: stress, phase: long_term, title: S }\n");
    fx f = mk();
    runcover_plan *p = eval(ev, &f);
    const char *want[] = { "early-hi", "early-lo", "late", "nowin-hi", "nowin-a", "nowin-b" };
    ck_assert_uint_eq(runcover_plan_count(p), 6);
    for (size_t i = 0; i < 6; i++)
        ck_assert_str_eq(runcover_item_id(runcover_plan_item(p, i)), want[i]);
    runcover_plan_free(p);
    fx_free(&f);
    runcover_evaluator_free(ev);
}
END_TEST

/* ---- loading: atomic, frozen, overrides ---- */

START_TEST(test_load_atomic_and_frozen)
{
    runcover_evaluator *ev = ev_with(HDR "rules:\n  - { id: a, when: 'true', category: rest, phase: mid_term, title: A }\n");
    size_t before = runcover_evaluator_rule_count(ev);
    const char *bad = "format: 1\nprotocol: u\nversion: 1\nrules:\n  - { id: b, when: 'true', category: rest, phase: mid_term, title: B }\n"
                      "  - { id: c, when: session.nope > 1, category: rest, phase: mid_term, title: C }\n";
    ck_assert_int_eq(runcover_evaluator_load_string(ev, "u.yaml", bad, strlen(bad)), RUNCOVER_E_NOTFOUND);
    ck_assert_str_eq(runcover_last_error()->file, "u.yaml");
    ck_assert_uint_eq(runcover_last_error()->line, 6);
    ck_assert_uint_eq(runcover_last_error()->column, 20); /* start of session.nope */
    ck_assert_uint_eq(runcover_evaluator_rule_count(ev), before);
    size_t idx;
    ck_assert_int_eq(runcover_evaluator_find_rule(ev, "b", &idx), RUNCOVER_E_NOTFOUND);
    fx f = mk();
    runcover_plan *p = eval(ev, &f);
    const char *more = "format: 1\nprotocol: v\nversion: 1\n";
    ck_assert_int_eq(runcover_evaluator_load_string(ev, "v.yaml", more, strlen(more)), RUNCOVER_E_MISUSE);
    runcover_plan_free(p);
    fx_free(&f);
    runcover_evaluator_free(ev);
}
END_TEST

START_TEST(test_override_and_disable)
{
    runcover_evaluator *ev = ev_with(HDR "rules:\n"
                                         "  - { id: a, when: 'true', category: rest, phase: mid_term, title: Old }\n"
                                         "  - { id: b, when: 'true', category: rest, phase: mid_term, title: B }\n");
    const char *u = "format: 1\nprotocol: u\nversion: 2\noverride:\n  - { id: a, when: 'true', category: sleep, phase: long_term, title: New }\ndisable: [b]\n";
    RC_OK(runcover_evaluator_load_string(ev, "u.yaml", u, strlen(u)));
    fx f = mk();
    runcover_plan *p = eval(ev, &f);
    ck_assert_uint_eq(runcover_plan_count(p), 1);
    ck_assert_str_eq(runcover_item_title(runcover_plan_item(p, 0)), "New");
    ck_assert_str_eq(runcover_item_category(runcover_plan_item(p, 0)), "sleep");
    runcover_plan_free(p);
    fx_free(&f);
    runcover_evaluator_free(ev);
    ck_assert_int_eq(load_err(HDR "override:\n  - { id: zz, when: 'true', category: rest, phase: mid_term, title: Z }\n"),
                     RUNCOVER_E_NOTFOUND);
    ck_assert_int_eq(load_err(HDR "disable: [zz]\n"), RUNCOVER_E_NOTFOUND);

    /* a red-flag rule may not use fired(), even of a rule that is disabled
     * (whether a rule is accepted does not hang on another file) */
    ev = ev_with(HDR "rules:\n  - { id: b, when: 'true', category: rest, phase: mid_term, title: B }\n");
    const char *rf = "format: 1\nprotocol: w\nversion: 1\nsources: { w: \"w\" }\ndisable: [b]\nrules:\n"
                     "  - { id: flag, when: 'fired(\"b\") or session.checkin.soreness >= 9', red_flag: true,\n"
                     "      category: medical, phase: medical, title: F }\n";
    ck_assert_int_eq(runcover_evaluator_load_string(ev, "w.yaml", rf, strlen(rf)), RUNCOVER_E_SCHEMA);
    ck_assert_str_eq(runcover_last_error()->message, "red-flag rule 'flag' cannot use fired()");
    ck_assert_int_eq(runcover_last_error()->line, 7);
    ck_assert_int_eq(runcover_last_error()->column, 24); /* at fired( */
    runcover_evaluator_free(ev);
}
END_TEST

/* ---- templates and amounts ---- */

START_TEST(test_template_units)
{
    runcover_evaluator *ev = ev_with(HDR "rules:\n"
                                         "  - id: fluid\n    when: 'true'\n    category: rehydrate\n    phase: immediate\n    title: F\n"
                                         "    amount: { min: 1500 * 1.1, unit: ml }\n"
                                         "    detail: 'Drink {amount} ({amount.min} {amount.unit}); bath {temperature(13)}; {session.kind} of {session.duration_min} min; {{x}}'\n");
    fx f = mk();
    runcover_plan *p = eval(ev, &f);
    const runcover_item *it = runcover_plan_item(p, 0);
    ck_assert_str_eq(runcover_item_detail(it), "Drink 1650 ml (1650 ml); bath 13 °C; long of 90 min; {x}");
    double lo, hi;
    const char *unit;
    ck_assert(runcover_item_amount(it, &lo, &hi, &unit));
    ck_assert_double_eq_tol(lo, 1650, 1e-9);
    ck_assert_str_eq(unit, "ml");
    runcover_plan_free(p);
    RC_OK(runcover_athlete_set_units(f.a, RUNCOVER_UNITS_IMPERIAL));
    p = eval(ev, &f);
    it = runcover_plan_item(p, 0);
    ck_assert_str_eq(runcover_item_detail(it), "Drink 56 fl oz (56 fl oz); bath 55 °F; long of 90 min; {x}");
    ck_assert(runcover_item_amount(it, &lo, &hi, &unit));
    ck_assert_double_eq_tol(lo, 1650, 1e-9); /* amounts stay metric */
    runcover_plan_free(p);
    fx_free(&f);
    runcover_evaluator_free(ev);
}
END_TEST

START_TEST(test_evaluate_into_no_text)
{
    runcover_evaluator *ev = ev_with(HDR "rules:\n  - { id: a, when: 'true', category: rest, phase: mid_term, title: A, detail: 'x {session.rpe}' }\n");
    fx f = mk();
    runcover_plan *p;
    RC_OK(runcover_plan_new(&p));
    RC_OK(runcover_evaluate_into(p, ev, f.a, f.s, RUNCOVER_EVAL_NO_TEXT));
    ck_assert_uint_eq(runcover_plan_count(p), 1);
    ck_assert_ptr_null(runcover_item_detail(runcover_plan_item(p, 0)));
    RC_OK(runcover_evaluate_into(p, ev, f.a, f.s, 0));
    ck_assert_str_eq(runcover_item_detail(runcover_plan_item(p, 0)), "x 6");
    runcover_item_view v[4];
    v[0].size = sizeof v[0];
    size_t n = 0;
    RC_OK(runcover_plan_read(p, v, 4, &n));
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(v[0].id, "a");
    ck_assert_uint_eq(v[0].flags, 0);
    ck_assert_int_eq(runcover_evaluate_into(p, ev, f.a, f.s, 0x80), RUNCOVER_E_INVALID);
    ck_assert_int_eq(runcover_evaluate_into(p, ev, NULL, f.s, 0), RUNCOVER_E_MISUSE);
    runcover_plan_free(p);
    fx_free(&f);
    runcover_evaluator_free(ev);
}
END_TEST

/* A plan reused with and without text never shows a detail from an earlier
 * evaluation: four items with text, then two with text, then four without. */
START_TEST(test_evaluate_into_details_do_not_linger)
{
    runcover_evaluator *ev = ev_with(HDR "rules:\n"
                                         "  - { id: a, when: 'session.rpe >= 1', category: rest, phase: mid_term, title: A, detail: 'a {session.rpe}' }\n"
                                         "  - { id: b, when: 'session.rpe >= 2', category: rest, phase: mid_term, title: B, detail: 'b' }\n"
                                         "  - { id: c, when: 'session.rpe >= 3', category: rest, phase: mid_term, title: C, detail: 'c' }\n"
                                         "  - { id: d, when: 'session.rpe >= 4', category: rest, phase: mid_term, title: D, detail: 'd' }\n");
    fx f = mk();
    runcover_plan *p;
    RC_OK(runcover_plan_new(&p));
    static const struct {
        double rpe;
        unsigned flags;
        size_t n;
    } steps[] = { { 9, 0, 4 }, { 2, 0, 2 }, { 9, RUNCOVER_EVAL_NO_TEXT, 4 }, { 9, 0, 4 }, { 9, RUNCOVER_EVAL_NO_TEXT, 4 } };
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
        RC_OK(runcover_session_set_rpe(f.s, steps[k].rpe));
        RC_OK(runcover_evaluate_into(p, ev, f.a, f.s, steps[k].flags));
        ck_assert_uint_eq(runcover_plan_count(p), steps[k].n);
        runcover_item_view v[4];
        v[0].size = sizeof v[0];
        size_t n = 0;
        RC_OK(runcover_plan_read(p, v, 4, &n));
        for (size_t i = 0; i < steps[k].n; i++) {
            const char *d = runcover_item_detail(runcover_plan_item(p, i));
            ck_assert_ptr_eq(v[i].detail, d);
            if (steps[k].flags & RUNCOVER_EVAL_NO_TEXT)
                ck_assert_msg(d == NULL, "step %zu item %zu: detail '%s' without text", k, i, d);
            else
                ck_assert_msg(d && d[0] == v[i].id[0], "step %zu item %zu: detail of the wrong item", k, i);
        }
    }
    runcover_plan_free(p);
    fx_free(&f);
    runcover_evaluator_free(ev);
}
END_TEST

START_TEST(test_ext_facts)
{
    runcover_evaluator *ev = ev_with(HDR "facts:\n  hrv_drop_pct: { type: number, min: 0, max: 100 }\n  sick: { type: flag }\n"
                                         "rules:\n  - { id: a, when: ext.hrv_drop_pct > 10 and not ext.sick, category: rest, phase: mid_term, title: A }\n");
    fx f = mk();
    RC_OK(runcover_session_set_number(f.s, "ext.hrv_drop_pct", 20));
    RC_OK(runcover_athlete_set_flag(f.a, "ext.sick", false));
    runcover_plan *p = eval(ev, &f);
    ck_assert(has(p, "a"));
    runcover_plan_free(p);
    RC_OK(runcover_session_set_number(f.s, "ext.hrv_drop_pct", 200));
    ck_assert_int_eq(runcover_evaluate(&p, ev, f.a, f.s), RUNCOVER_E_RANGE);
    ck_assert_ptr_nonnull(strstr(runcover_last_error()->message, "ext.hrv_drop_pct"));
    RC_OK(runcover_session_set_flag(f.s, "ext.hrv_drop_pct", true));
    ck_assert_int_eq(runcover_evaluate(&p, ev, f.a, f.s), RUNCOVER_E_TYPE);
    RC_OK(runcover_session_unset(f.s, "ext.hrv_drop_pct"));
    RC_OK(runcover_session_set_number(f.s, "ext.undeclared", 1));
    ck_assert_int_eq(runcover_evaluate(&p, ev, f.a, f.s), RUNCOVER_E_NOTFOUND);
    fx_free(&f);
    runcover_evaluator_free(ev);
}
END_TEST

/* Handles remember where an ext fact went with the evaluator they last
 * met: another evaluator, declaring it elsewhere, narrower or as another
 * type, must still be honoured, and a handle used with both in turn must
 * get each one's answer. */
START_TEST(test_ext_facts_across_evaluators)
{
    runcover_evaluator *wide = ev_with(HDR "facts:\n  load: { type: number, min: 0, max: 100 }\n"
                                           "rules:\n  - { id: a, when: ext.load > 40, category: rest, phase: mid_term, title: A }\n");
    runcover_evaluator *narrow = ev_with(HDR "facts:\n  other: { type: flag }\n  load: { type: number, min: 0, max: 10 }\n"
                                             "rules:\n  - { id: b, when: ext.load > 5 and not ext.other, category: rest, phase: mid_term, title: B }\n");
    runcover_evaluator *flag = ev_with(HDR "facts:\n  load: { type: flag }\n"
                                           "rules:\n  - { id: c, when: ext.load, category: rest, phase: mid_term, title: C }\n");
    fx f = mk();
    runcover_plan *p;
    RC_OK(runcover_session_set_number(f.s, "ext.load", 50));
    for (int round = 0; round < 3; round++) { /* the second and third rounds run from the caches */
        p = eval(wide, &f);
        ck_assert(has(p, "a"));
        runcover_plan_free(p);
        ck_assert_int_eq(runcover_evaluate(&p, narrow, f.a, f.s), RUNCOVER_E_RANGE);
        ck_assert_int_eq(runcover_evaluate(&p, flag, f.a, f.s), RUNCOVER_E_TYPE);
    }
    RC_OK(runcover_session_set_number(f.s, "ext.load", 8));
    for (int round = 0; round < 3; round++) {
        p = eval(wide, &f);
        ck_assert(!has(p, "a")); /* 8 > 40 is false: the new value, not a cached one */
        runcover_plan_free(p);
        RC_OK(runcover_athlete_set_flag(f.a, "ext.other", false));
        ck_assert_int_eq(runcover_evaluate(&p, wide, f.a, f.s), RUNCOVER_E_NOTFOUND); /* not declared there */
        p = eval(narrow, &f);
        ck_assert(has(p, "b"));
        runcover_plan_free(p);
        RC_OK(runcover_athlete_set_flag(f.a, "ext.other", true));
        p = eval(narrow, &f);
        ck_assert(!has(p, "b"));
        runcover_plan_free(p);
        RC_OK(runcover_athlete_unset(f.a, "ext.other"));
    }
    RC_OK(runcover_athlete_set_flag(f.a, "ext.other", false));
    /* a copy starts with no cache of its own and gives the same answers */
    runcover_session *copy;
    RC_OK(runcover_session_clone(&copy, f.s));
    runcover_session *orig = f.s;
    f.s = copy;
    p = eval(narrow, &f);
    ck_assert(has(p, "b"));
    runcover_plan_free(p);
    RC_OK(runcover_athlete_unset(f.a, "ext.other"));
    ck_assert_int_eq(runcover_evaluate(&p, flag, f.a, f.s), RUNCOVER_E_TYPE);
    f.s = orig;
    runcover_session_free(copy);
    fx_free(&f);
    runcover_evaluator_free(wide);
    runcover_evaluator_free(narrow);
    runcover_evaluator_free(flag);
}
END_TEST

START_TEST(test_json_deterministic)
{
    runcover_evaluator *ev;
    RC_OK(runcover_evaluator_new_default(&ev));
    fx f = mk();
    runcover_plan *p = eval(ev, &f), *q = eval(ev, &f);
    char *a, *b;
    RC_OK(runcover_plan_to_json(&a, p, RUNCOVER_JSON_EXPLAIN));
    RC_OK(runcover_plan_to_json(&b, q, RUNCOVER_JSON_EXPLAIN));
    ck_assert_str_eq(a, b);
    ck_assert_ptr_nonnull(strstr(a, "\"format\":1"));
    ck_assert_ptr_null(strstr(a, "null"));
    ck_assert_ptr_null(strstr(a, "nan"));
    runcover_string_free(a);
    runcover_string_free(b);
    runcover_plan_free(p);
    runcover_plan_free(q);
    fx_free(&f);
    runcover_evaluator_free(ev);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("semantics");
    TCase *t;
#define TC(name, ...)                                     \
    t = tcase_create(name);                               \
    {                                                     \
        const TTest *ts_[] = { __VA_ARGS__ };             \
        for (size_t i_ = 0; i_ < sizeof ts_ / sizeof ts_[0]; i_++) \
            _tcase_add_test(t, ts_[i_], 0, 0, 0, 1);      \
    }                                                     \
    suite_add_tcase(s, t)
    TC("4.1 red flag", test_redflag_each_symptom, test_redflag_thresholds,
       test_redflag_protocol_rule_adds_and_supplies_medical, test_redflag_medical_cannot_be_removed);
    TC("4.2 when and doses", test_when_three_valued, test_dose_unknown_or_invalid_skips);
    TC("4.4 suppression", test_suppression_order, test_suppression_unknown_target);
    TC("4.5 groups", test_groups_priority_and_tie);
    TC("4.6 fired", test_fired_after_groups, test_fired_cycle_and_unknown);
    TC("4.7 recovery", test_recovery_hours);
    TC("4.8 order", test_item_order);
    TC("loading", test_load_atomic_and_frozen, test_override_and_disable, test_ext_facts,
       test_ext_facts_across_evaluators);
    TC("rendering", test_template_units, test_evaluate_into_no_text, test_evaluate_into_details_do_not_linger,
       test_json_deterministic);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
