/*
 * test_explain.c — explanations a user reads: why an item is in the plan,
 * why a rule is not (false, unknown with the absent facts, a dose that could
 * not be computed and why, the red-flag filter, suppression by a rule or a
 * category, a lost exclusive group), the built-in medical item, and the
 * plan as text. Also the errors of these calls.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <runcover/runcover.h>

#define OK(x) ck_assert_msg((x) == RUNCOVER_OK, "%s: %s", #x, runcover_last_error()->message)

static const char *const k_rules =
    "format: 1\n"
    "protocol: x\n"
    "version: 1\n"
    "sources: { s: \"t\" }\n"
    "derive:\n"
    "  hot: session.temperature_c >= 25\n"
    "rules:\n"
    "  - { id: hard, when: session.rpe >= 7, priority: 50, category: rest, phase: mid_term, title: Hard }\n"
    "  - { id: easy, when: session.rpe < 4, category: rest, phase: mid_term, title: Easy }\n"
    "  - { id: heat, when: derive.hot, category: rehydrate, phase: immediate, title: Heat }\n"
    "  - id: per-km\n"
    "    when: 'true'\n"
    "    category: refuel\n"
    "    phase: immediate\n"
    "    title: Per km\n"
    "    amount: { min: 'session.duration_min / (session.rpe - 5)', unit: g }\n"
    "  - id: fuel\n"
    "    when: 'true'\n"
    "    category: refuel\n"
    "    phase: immediate\n"
    "    title: 'Fuel {amount}'\n"
    "    detail: 'Eat {amount} within the hour.'\n"
    "    amount: { min: 0.8 * athlete.mass_kg, max: 1.2 * athlete.mass_kg, unit: g }\n"
    "  - { id: stretch, when: 'true', category: stretching, phase: immediate, title: Stretch }\n"
    "  - { id: quiet, when: 'true', priority: 90, category: rest, phase: mid_term, title: Quiet, suppresses: [loud] }\n"
    "  - { id: loud, when: 'true', category: rest, phase: mid_term, title: Loud }\n"
    "  - { id: no-ice, when: 'true', priority: 80, category: rest, phase: mid_term, title: No ice,"
    " suppresses: ['category:cold_therapy'] }\n"
    "  - { id: ice, when: 'true', category: cold_therapy, phase: immediate, title: Ice }\n"
    "  - { id: nap-long, when: 'true', priority: 20, category: nap, phase: immediate, title: Long nap, exclusive: nap }\n"
    "  - { id: nap-short, when: 'true', priority: 10, category: nap, phase: immediate, title: Short nap, exclusive: nap }\n";

typedef struct fx {
    runcover_evaluator *ev;
    runcover_athlete *a;
    runcover_session *s;
    runcover_plan *p;
} fx;

static fx setup(double rpe, bool sharp_pain)
{
    fx f;
    OK(runcover_evaluator_new(&f.ev));
    OK(runcover_evaluator_load_string(f.ev, "x.yaml", k_rules, strlen(k_rules)));
    OK(runcover_athlete_new(&f.a));
    OK(runcover_session_new(&f.s));
    OK(runcover_athlete_set_mass_kg(f.a, 70));
    OK(runcover_session_set_duration_min(f.s, 60));
    if (!isnan(rpe))
        OK(runcover_session_set_rpe(f.s, rpe));
    if (sharp_pain)
        OK(runcover_session_set_flag(f.s, "checkin.sharp_pain", true));
    OK(runcover_evaluate(&f.p, f.ev, f.a, f.s));
    return f;
}

static void teardown(fx *f)
{
    runcover_plan_free(f->p);
    runcover_athlete_free(f->a);
    runcover_session_free(f->s);
    runcover_evaluator_free(f->ev);
}

static void why_has(const runcover_plan *p, const char *rule, const char *want)
{
    char *t = NULL;
    OK(runcover_plan_why_not(&t, p, rule));
    ck_assert_msg(strstr(t, want) != NULL, "why_not(%s) = \"%s\", lacks \"%s\"", rule, t, want);
    runcover_string_free(t);
}

static size_t index_of(const runcover_plan *p, const char *id)
{
    for (size_t i = 0; i < runcover_plan_count(p); i++)
        if (strcmp(runcover_item_id(runcover_plan_item(p, i)), id) == 0)
            return i;
    ck_abort_msg("%s is not in the plan", id);
    return 0;
}

START_TEST(test_why_not_every_state)
{
    fx f = setup(8, false);
    why_has(f.p, "hard", "is in the plan; its condition held");
    why_has(f.p, "hard", "session.rpe = 8");
    why_has(f.p, "easy", "its condition is false");
    why_has(f.p, "easy", "session.rpe = 8");
    why_has(f.p, "heat", "unknown");
    why_has(f.p, "heat", "session.temperature_c absent");
    why_has(f.p, "loud", "suppressed by rule quiet");
    why_has(f.p, "ice", "no-ice");
    why_has(f.p, "nap-short", "nap-long");
    why_has(f.p, "runcover-see-a-professional", "no red flag");
    teardown(&f);
}
END_TEST

/* A derive in a condition is explained by the facts under it (DESIGN §4:
 * "with the fact values"), not only by its own value. */
START_TEST(test_derive_explained_by_its_facts)
{
    fx f = setup(8, false);
    runcover_plan_free(f.p);
    OK(runcover_session_set_temperature_c(f.s, 31));
    OK(runcover_evaluate(&f.p, f.ev, f.a, f.s));
    char *t = NULL;
    OK(runcover_plan_explain(&t, f.p, index_of(f.p, "heat")));
    ck_assert_msg(strstr(t, "derive.hot: true (session.temperature_c = 31)") != NULL, "%s", t);
    runcover_string_free(t);
    runcover_plan_free(f.p);
    OK(runcover_session_set_temperature_c(f.s, 12));
    OK(runcover_evaluate(&f.p, f.ev, f.a, f.s));
    why_has(f.p, "heat", "derive.hot: false (session.temperature_c = 12)");
    teardown(&f);
}
END_TEST

/* An amount is never negative: a computed one below 0 skips its rule. */
START_TEST(test_negative_amount_skips)
{
    static const char rules[] = "format: 1\nprotocol: n\nversion: 1\nrules:\n"
                                "  - { id: neg, when: 'true', category: refuel, phase: immediate, title: t,"
                                " amount: { min: 0 - session.rpe, max: 2, unit: g } }\n"
                                "  - { id: zero, when: 'true', category: refuel, phase: immediate, title: t,"
                                " amount: { min: 8 - session.rpe, max: 10 - session.rpe, unit: g } }\n";
    fx f;
    OK(runcover_evaluator_new(&f.ev));
    OK(runcover_evaluator_load_string(f.ev, "n.yaml", rules, strlen(rules)));
    OK(runcover_athlete_new(&f.a));
    OK(runcover_session_new(&f.s));
    OK(runcover_session_set_rpe(f.s, 8));
    OK(runcover_evaluate(&f.p, f.ev, f.a, f.s));
    ck_assert_uint_eq(runcover_plan_count(f.p), 1); /* 0 to 2 g is an amount; -8 to 2 g is not */
    double lo = -1, hi = -1;
    ck_assert(runcover_item_amount(runcover_plan_item(f.p, index_of(f.p, "zero")), &lo, &hi, NULL));
    ck_assert(lo == 0 && hi == 2);
    why_has(f.p, "neg", "amount could not be computed: amount.min = -8 is negative");
    teardown(&f);
}
END_TEST

/* A condition that is unknown with every fact present says why. */
START_TEST(test_unknown_condition_reason)
{
    static const char rules[] = "format: 1\nprotocol: u\nversion: 1\nrules:\n"
                                "  - { id: div, when: session.rpe / (session.rpe - 8) > 1, category: rest,"
                                " phase: immediate, title: t }\n"
                                "  - { id: big, when: session.rpe * 1e308 * 10 > 1, category: rest,"
                                " phase: immediate, title: t }\n"
                                "  - { id: gone, when: session.duration_min > 1, category: rest,"
                                " phase: immediate, title: t }\n";
    fx f;
    OK(runcover_evaluator_new(&f.ev));
    OK(runcover_evaluator_load_string(f.ev, "u.yaml", rules, strlen(rules)));
    OK(runcover_athlete_new(&f.a));
    OK(runcover_session_new(&f.s));
    OK(runcover_session_set_rpe(f.s, 8));
    OK(runcover_evaluate(&f.p, f.ev, f.a, f.s));
    ck_assert_uint_eq(runcover_plan_count(f.p), 0);
    why_has(f.p, "div", "its condition is unknown (division by zero in 'session.rpe / (session.rpe - 8)')");
    why_has(f.p, "big", "its condition is unknown (a number in it is not finite)");
    why_has(f.p, "gone", "its condition is unknown (facts are absent)");
    why_has(f.p, "gone", "session.duration_min absent");
    teardown(&f);
}
END_TEST

START_TEST(test_why_not_doses)
{
    fx f = setup(5, false); /* duration / (rpe - 5): division by zero */
    why_has(f.p, "per-km", "amount could not be computed");
    why_has(f.p, "per-km", "division by zero");
    teardown(&f);
    f = setup(NAN, false); /* rpe absent */
    why_has(f.p, "per-km", "session.rpe");
    teardown(&f);
}
END_TEST

/* Recovery figures are computed numbers too (DESIGN §3): one that is not a
 * finite number from 0 up skips its rule, which says why; the plan's
 * estimate comes from the rules left. With `filler` rules that never hold
 * the set is too big for the bit program, and the jump code decides. */
static void recovery_case(int filler)
{
    char rules[16384];
    int n = snprintf(rules, sizeof rules, "%s",
                     "format: 1\nprotocol: r\nversion: 1\nrules:\n"
                     "  - { id: big, when: 'true', category: rest, phase: long_term, title: a,"
                     " recovery_hours: session.rpe * 1e308 }\n"
                     "  - { id: div, when: 'true', category: rest, phase: long_term, title: b,"
                     " recovery_hours: 1 / (session.rpe - 8) }\n"
                     "  - { id: neg, when: 'true', category: rest, phase: long_term, title: c,"
                     " recovery_hours: 0 - session.rpe }\n"
                     "  - { id: scale, when: 'true', category: rest, phase: long_term, title: d,"
                     " recovery_scale: 1 / (session.rpe - 8) }\n"
                     "  - { id: absent, when: 'true', category: rest, phase: long_term, title: e,"
                     " recovery_hours: session.duration_min }\n"
                     "  - { id: both, when: 'true', category: rest, phase: long_term, title: f,"
                     " recovery_hours: -1, recovery_scale: 0 - session.rpe }\n"
                     "  - { id: good, when: 'true', category: rest, phase: long_term, title: g,"
                     " recovery_hours: 10 * session.rpe, recovery_scale: 1.5 }\n"
                     "  - { id: const, when: 'true', category: rest, phase: long_term, title: h,"
                     " recovery_hours: 12, recovery_scale: 1 }\n");
    for (int i = 0; i < filler; i++)
        n += snprintf(rules + n, sizeof rules - (size_t)n,
                      "  - { id: f%d, when: 'false', category: rest, phase: long_term, title: x }\n", i);
    ck_assert_int_lt(n, (int)sizeof rules);
    fx f;
    OK(runcover_evaluator_new(&f.ev));
    OK(runcover_evaluator_load_string(f.ev, "r.yaml", rules, (size_t)n));
    OK(runcover_athlete_new(&f.a));
    OK(runcover_session_new(&f.s));
    OK(runcover_session_set_rpe(f.s, 8));
    OK(runcover_evaluate(&f.p, f.ev, f.a, f.s));
    ck_assert_uint_eq(runcover_plan_count(f.p), 2);
    index_of(f.p, "good");
    index_of(f.p, "const");
    double h = -1;
    ck_assert(runcover_plan_recovery_hours(f.p, &h));
    ck_assert_double_eq_tol(h, 120, 1e-9); /* max(80, 12) x 1.5 */
    why_has(f.p, "big", "its condition held but its recovery_hours could not be used");
    why_has(f.p, "big", "not a finite number");
    why_has(f.p, "div", "division by zero in '1 / (session.rpe - 8)'");
    why_has(f.p, "neg", "recovery_hours could not be used: it is -8, outside 0 to 1e12");
    why_has(f.p, "scale", "its recovery_scale could not be used");
    why_has(f.p, "absent", "session.duration_min");
    why_has(f.p, "both", "recovery_hours could not be used: it is -1, outside 0 to 1e12; its recovery_scale");
    teardown(&f);
}

START_TEST(test_why_not_recovery)
{
    recovery_case(0);  /* bit program */
    recovery_case(70); /* jump code */
}
END_TEST

/* The exact wording of a skipped dose: each reason once, in one sentence. */
static const char *const k_doses =
    "format: 1\n"
    "protocol: d\n"
    "version: 1\n"
    "rules:\n"
    "  - { id: mass, when: 'true', category: refuel, phase: immediate, title: t,"
    " amount: { min: 0.8 * athlete.mass_kg, max: 1.2 * athlete.mass_kg, unit: g } }\n"
    "  - { id: div-min, when: 'true', category: refuel, phase: immediate, title: t,"
    " amount: { min: 10 / (session.rpe - 8), max: 20, unit: g } }\n"
    "  - { id: div-both, when: 'true', category: refuel, phase: immediate, title: t,"
    " amount: { min: 10 / (session.rpe - 8), max: 20 / (session.rpe - 8), unit: g } }\n"
    "  - { id: div-same, when: 'true', category: refuel, phase: immediate, title: t,"
    " amount: { min: 1 / (session.rpe - 8), max: 2 + 1 / (session.rpe - 8), unit: g } }\n"
    "  - { id: overflow, when: 'true', category: refuel, phase: immediate, title: t,"
    " amount: { min: 5, max: session.rpe * 1e308, unit: g } }\n"
    "  - { id: large, when: 'true', category: refuel, phase: immediate, title: t,"
    " amount: { min: 5, max: session.rpe * 1e12, unit: g } }\n"
    "  - { id: inverted, when: 'true', category: refuel, phase: immediate, title: t,"
    " amount: { min: session.rpe * 10, max: 5, unit: g } }\n"
    "  - { id: both, when: session.rpe > 9 and session.duration_min > 5, category: rest, phase: immediate, title: t }\n";

static void why_is(const runcover_plan *p, const char *rule, const char *want)
{
    char *t = NULL;
    OK(runcover_plan_why_not(&t, p, rule));
    ck_assert_str_eq(t, want);
    runcover_string_free(t);
}

START_TEST(test_why_not_dose_wording)
{
    runcover_evaluator *ev;
    runcover_athlete *a;
    runcover_session *s;
    runcover_plan *p;
    OK(runcover_evaluator_new(&ev));
    OK(runcover_evaluator_load_string(ev, "d.yaml", k_doses, strlen(k_doses)));
    OK(runcover_athlete_new(&a));
    OK(runcover_session_new(&s));
    OK(runcover_session_set_rpe(s, 8));
    OK(runcover_session_set_duration_min(s, 60));
    OK(runcover_evaluate(&p, ev, a, s));
#define SKIPPED " is not in the plan: its condition held but its amount could not be computed: "
    why_is(p, "mass", "mass" SKIPPED "absent facts: athlete.mass_kg\n");
    why_is(p, "div-min", "div-min" SKIPPED "division by zero in '10 / (session.rpe - 8)'\n");
    why_is(p, "div-both", "div-both" SKIPPED "division by zero in '10 / (session.rpe - 8)' and in '20 / (session.rpe - 8)'\n");
    why_is(p, "div-same", "div-same" SKIPPED "division by zero in '1 / (session.rpe - 8)'\n");
    why_is(p, "overflow", "overflow" SKIPPED "amount.max is not a finite number\n");
    why_is(p, "large", "large" SKIPPED "amount.max = 8000000000000 is too large (limit 1e12)\n");
    why_is(p, "inverted", "inverted" SKIPPED "amount.min = 80 is above amount.max = 5\n");
#undef SKIPPED
    why_is(p, "both",
           "both is not in the plan: its condition is false:\n"
           "  all of these are needed:\n"
           "    - session.rpe > 9: false (session.rpe = 8)\n"
           "    - session.duration_min > 5: true (session.duration_min = 60)\n");
    runcover_plan_free(p);
    runcover_athlete_free(a);
    runcover_session_free(s);
    runcover_evaluator_free(ev);
}
END_TEST

START_TEST(test_red_flag_filter_and_builtin_item)
{
    fx f = setup(8, true);
    ck_assert(runcover_plan_red_flag(f.p));
    why_has(f.p, "stretch", "red flag");
    why_has(f.p, "runcover-see-a-professional", "session.checkin.sharp_pain");
    size_t i = index_of(f.p, "runcover-see-a-professional");
    char *t = NULL;
    OK(runcover_plan_explain(&t, f.p, i));
    ck_assert_ptr_nonnull(strstr(t, "red flag"));
    runcover_string_free(t);
    /* the medical item comes with nothing that adds training stress */
    for (size_t k = 0; k < runcover_plan_count(f.p); k++)
        ck_assert_str_ne(runcover_item_category(runcover_plan_item(f.p, k)), "stretching");
    const char *id, *by;
    bool found = false;
    for (size_t k = 0; k < runcover_plan_suppressed_count(f.p); k++) {
        OK(runcover_plan_suppressed(f.p, k, &id, &by));
        if (strcmp(id, "stretch") == 0) {
            ck_assert_str_eq(by, "red-flag");
            found = true;
        }
    }
    ck_assert(found);
    teardown(&f);
}
END_TEST

START_TEST(test_explain_items_and_text)
{
    fx f = setup(8, false);
    char *t = NULL;
    OK(runcover_plan_explain(&t, f.p, index_of(f.p, "hard")));
    ck_assert_ptr_nonnull(strstr(t, "session.rpe = 8"));
    runcover_string_free(t);
    OK(runcover_plan_explain(&t, f.p, index_of(f.p, "fuel")));
    ck_assert_ptr_nonnull(strstr(t, "fuel"));
    runcover_string_free(t);
    /* the detail is a template over the amount; the title is plain text (DESIGN §3) */
    const runcover_item *it = runcover_plan_item(f.p, index_of(f.p, "fuel"));
    ck_assert_str_eq(runcover_item_title(it), "Fuel {amount}");
    ck_assert_ptr_nonnull(strstr(runcover_item_detail(it), "56"));
    ck_assert_ptr_nonnull(strstr(runcover_item_detail(it), "84"));
    /* the whole plan as text names every item */
    OK(runcover_plan_to_text(&t, f.p, 0));
    for (size_t k = 0; k < runcover_plan_count(f.p); k++)
        ck_assert_msg(strstr(t, runcover_item_title(runcover_plan_item(f.p, k))) != NULL, "text lacks %s",
                      runcover_item_title(runcover_plan_item(f.p, k)));
    runcover_string_free(t);
    /* JSON with explanations carries a because per item */
    OK(runcover_plan_to_json(&t, f.p, RUNCOVER_JSON_EXPLAIN));
    ck_assert_ptr_nonnull(strstr(t, "\"because\""));
    runcover_string_free(t);
    teardown(&f);
}
END_TEST

START_TEST(test_errors)
{
    fx f = setup(8, false);
    char *t = (char *)0x1;
    ck_assert_int_eq(runcover_plan_why_not(&t, f.p, "no-such-rule"), RUNCOVER_E_NOTFOUND);
    ck_assert_ptr_nonnull(strstr(runcover_last_error()->message, "no-such-rule"));
    ck_assert_int_eq(runcover_plan_explain(&t, f.p, runcover_plan_count(f.p)), RUNCOVER_E_NOTFOUND);
    ck_assert_int_eq(runcover_plan_explain(NULL, f.p, 0), RUNCOVER_E_MISUSE);
    ck_assert_int_eq(runcover_plan_explain(&t, NULL, 0), RUNCOVER_E_MISUSE);
    ck_assert_int_eq(runcover_plan_why_not(&t, f.p, NULL), RUNCOVER_E_MISUSE);
    ck_assert_int_eq(runcover_plan_to_text(&t, f.p, 0x80), RUNCOVER_E_INVALID);
    ck_assert_int_eq(runcover_plan_to_json(&t, f.p, 0x80), RUNCOVER_E_INVALID);
    const char *id, *by;
    ck_assert_int_eq(runcover_plan_suppressed(f.p, 1000, &id, &by), RUNCOVER_E_NOTFOUND);
    teardown(&f);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("explain");
    TCase *tc = tcase_create("explain");
    tcase_add_test(tc, test_why_not_every_state);
    tcase_add_test(tc, test_why_not_doses);
    tcase_add_test(tc, test_negative_amount_skips);
    tcase_add_test(tc, test_unknown_condition_reason);
    tcase_add_test(tc, test_derive_explained_by_its_facts);
    tcase_add_test(tc, test_why_not_recovery);
    tcase_add_test(tc, test_why_not_dose_wording);
    tcase_add_test(tc, test_red_flag_filter_and_builtin_item);
    tcase_add_test(tc, test_explain_items_and_text);
    tcase_add_test(tc, test_errors);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
