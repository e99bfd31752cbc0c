/*
 * test_scenario.c — the scenario reader (DESIGN §6): what it builds, every
 * refusal with its code and position, and runcover_scenario_check() with
 * each kind of expectation passing and failing.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <runcover/runcover.h>

#define OK(x) ck_assert_msg((x) == RUNCOVER_OK, "%s: %s", #x, runcover_last_error()->message)

static const char *const k_good =
    "athlete:\n"
    "  mass_kg: 70\n"
    "  age: 34\n"
    "  phase: build\n"
    "  preferences: [lactose_free]\n"
    "  load_model: { fitness_tau: 40 }\n"
    "  history:\n"
    "    - { end: 2026-11-15T10:00:00Z, kind: race, duration_min: 200, rpe: 9 }\n"
    "    - { end: 2026-11-18T10:00:00Z, kind: easy, duration_min: 40, rpe: 3 }\n"
    "session:\n"
    "  kind: long\n"
    "  end: 2026-11-22T09:30:00+01:00\n"
    "  duration_min: 132\n"
    "  distance_km: 30.6\n"
    "  rpe: 8\n"
    "  temperature_c: 30\n"
    "  mass_before_kg: 70.0\n"
    "  mass_after_kg: 68.9\n"
    "  checkin: { soreness: 6, sharp_pain: false }\n";

START_TEST(test_scenario_builds_athlete_and_session)
{
    runcover_scenario *sc;
    OK(runcover_scenario_load_string(&sc, "g.yaml", k_good, strlen(k_good)));
    const runcover_athlete *a = runcover_scenario_athlete(sc);
    const runcover_session *s = runcover_scenario_session(sc);
    double v;
    OK(runcover_athlete_get_mass_kg(a, &v));
    ck_assert_double_eq(v, 70);
    runcover_phase ph;
    OK(runcover_athlete_get_phase(a, &ph));
    ck_assert_int_eq(ph, RUNCOVER_PHASE_BUILD);
    unsigned prefs;
    OK(runcover_athlete_get_preferences(a, &prefs));
    ck_assert_uint_eq(prefs, RUNCOVER_PREF_LACTOSE_FREE);
    ck_assert_uint_eq(runcover_athlete_history_count(a), 2);
    OK(runcover_session_get_number(s, "checkin.soreness", &v));
    ck_assert_double_eq(v, 6);
    OK(runcover_session_get_number(s, "mass_loss_kg", &v));
    ck_assert_double_eq_tol(v, 1.1, 1e-9);
    OK(runcover_session_get_number(s, "end_hour_local", &v));
    ck_assert_double_eq(v, 9);
    int64_t t;
    int off;
    OK(runcover_session_get_end(s, &t, &off));
    ck_assert_int_eq(off, 60);
    ck_assert(!runcover_scenario_has_expect(sc));
    runcover_scenario_free(sc);
    runcover_scenario_free(NULL);
}
END_TEST

typedef struct bad {
    const char *yaml;
    runcover_status code;
    unsigned line, col;
    const char *msg;
} bad;

static const bad bads[] = {
    { "athlete:\n  mass_kg: 20\n", RUNCOVER_E_RANGE, 2, 12, "athlete.mass_kg" },
    { "athlete:\n  mass_kg: heavy\n", RUNCOVER_E_TYPE, 2, 12, "mass_kg" },
    /* numbers that are not finite are named as such, not as "is a number" */
    { "athlete:\n  mass_kg: 1e999\n", RUNCOVER_E_RANGE, 2, 12, "athlete.mass_kg = 1e999 is not a finite number" },
    { "athlete:\n  mass_kg: .nan\n", RUNCOVER_E_RANGE, 2, 12, "athlete.mass_kg = .nan is not a finite number" },
    { "athlete:\n  mass_kg: .inf\n", RUNCOVER_E_RANGE, 2, 12, "athlete.mass_kg = .inf is not a finite number" },
    { "athlete:\n  mass_kg: -.inf\n", RUNCOVER_E_RANGE, 2, 12, "athlete.mass_kg = -.inf is not a finite number" },
    { "session:\n  checkin: { soreness: .NaN }\n", RUNCOVER_E_RANGE, 2, 24, "session.checkin.soreness = .NaN is not" },
    { "athlete:\n  load_model: { k1: -1e400 }\n", RUNCOVER_E_RANGE, 2, 21, "load_model.k1 = -1e400 is not" },
    { "session:\n  ext: { hrv: .Inf }\n", RUNCOVER_E_RANGE, 2, 15, "ext.hrv = .Inf is not a finite number" },
    { "athlete:\n  sex: .nan\n", RUNCOVER_E_INVALID, 2, 8, "'.nan'" },
    { "athlete:\n  wieght: .inf\n", RUNCOVER_E_NOTFOUND, 2, 3, "wieght" }, /* at the unknown key */
    { "athlete:\n  weight: 70\n", RUNCOVER_E_NOTFOUND, 2, 3, "weight" },
    { "session:\n  checkin: { soreness: 3, itchy: true }\n", RUNCOVER_E_NOTFOUND, 2, 27, "itchy" },
    { "athlete:\n  phase: bulid\n", RUNCOVER_E_INVALID, 2, 10, "bulid" },
    { "athlete:\n  preferences: [vegan, carnivore]\n", RUNCOVER_E_INVALID, 2, 16, "carnivore" },
    { "session:\n  kind: long\n  kind: easy\n", RUNCOVER_E_SCHEMA, 3, 3, "duplicate key" },
    { "session:\n  end: 2026-02-30T10:00:00Z\n", RUNCOVER_E_INVALID, 2, 8, "session.end" },
    { "session:\n  rpe: 11\n", RUNCOVER_E_RANGE, 2, 8, "session.rpe" },
    { "session:\n  rpe:\n", RUNCOVER_E_SCHEMA, 2, 7, "empty value" },
    { "session:\n  checkin: { soreness: 12 }\n", RUNCOVER_E_RANGE, 2, 24, "soreness" },
    { "athlete:\n  checkin: { soreness: 2 }\n", RUNCOVER_E_SCHEMA, 2, 3, "checkin belongs under session" },
    { "athlete:\n  history: { end: 2026-11-15T10:00:00Z }\n", RUNCOVER_E_SCHEMA, 2, 12, "history must be a list" },
    { "athlete:\n  history:\n    - { kind: race, rpe: 0 }\n", RUNCOVER_E_RANGE, 3, 26, "session.rpe" },
    { "session:\n  mass_loss_kg: 1\n", RUNCOVER_E_INVALID, 2, 17, "derived by the library" },
    { "sessoin:\n  rpe: 5\n", RUNCOVER_E_SCHEMA, 1, 1, "sessoin" },
    { "- athlete\n", RUNCOVER_E_SCHEMA, 1, 1, "mapping" },
    { "session: &s\n  rpe: 5\n", RUNCOVER_E_SCHEMA, 1, 10, "anchors" },
    { "session:\n  rpe: [5\n", RUNCOVER_E_SYNTAX, 3, 1, "" },
    { "session:\n  rpe: 5\nexpect:\n  fires: nap\n", RUNCOVER_E_SCHEMA, 4, 10, "must be a list" },
    { "session:\n  rpe: 5\nexpect:\n  colour: red\n", RUNCOVER_E_SCHEMA, 4, 3, "unknown expectation" },
    { "session:\n  rpe: 5\nexpect:\n  red_flag: maybe\n", RUNCOVER_E_SCHEMA, 4, 13, "true or false" },
    { "session:\n  rpe: 5\nexpect:\n  amounts: [{ unit: g }]\n", RUNCOVER_E_SCHEMA, 4, 13, "rule: or category:" },
    { "session:\n  rpe: 5\nexpect:\n  recovery_hours: [1, x]\n", RUNCOVER_E_SCHEMA, 4, 19, "[min, max]" },
    { "session:\n  rpe: 5\nexpect:\n  windows: [{ rule: [1, 2] }]\n", RUNCOVER_E_SCHEMA, 4, 21, "rule must be a name" },
    /* a set is a list even of one name, as a protocol's sources: */
    { "athlete:\n  preferences: lactose_free\nsession:\n  rpe: 5\n", RUNCOVER_E_SCHEMA, 2, 16,
      "athlete.preferences must be a list, not a scalar (write [lactose_free])" },
    /* misspelt names in expectations are load errors, not failed expectations */
    { "session:\n  rpe: 5\nexpect:\n  categories: [refuel, cooldown]\n", RUNCOVER_E_SCHEMA, 4, 24,
      "unknown category 'cooldown'" },
    { "session:\n  rpe: 5\nexpect:\n  absent: [ice_bath]\n", RUNCOVER_E_SCHEMA, 4, 12, "unknown category 'ice_bath'" },
    { "session:\n  rpe: 5\nexpect:\n  amounts: [{ category: carbs }]\n", RUNCOVER_E_SCHEMA, 4, 25,
      "unknown category 'carbs'" },
    { "session:\n  rpe: 5\nexpect:\n  windows: [{ category: naps, start_min: 5 }]\n", RUNCOVER_E_SCHEMA, 4, 25,
      "unknown category 'naps'" },
    { "session:\n  rpe: 5\nexpect:\n  next_hard_session: tomorrow\n", RUNCOVER_E_SCHEMA, 4, 22,
      "next_hard_session must be an RFC 3339 time or 'absent'" },
};

START_TEST(test_scenario_refused)
{
    const bad *b = &bads[_i];
    runcover_scenario *sc = (runcover_scenario *)0x1;
    runcover_status st = runcover_scenario_load_string(&sc, "b.yaml", b->yaml, strlen(b->yaml));
    const runcover_error *e = runcover_last_error();
    ck_assert_msg(st == b->code, "case %d: status %s, expected %s (%s)", _i, runcover_status_str(st),
                  runcover_status_str(b->code), e->message);
    ck_assert_ptr_eq(sc, (runcover_scenario *)0x1); /* untouched on failure */
    ck_assert_str_eq(e->file, "b.yaml");
    ck_assert_msg(e->line == b->line && e->column == b->col, "case %d: at %u:%u, expected %u:%u (%s)", _i, e->line,
                  e->column, b->line, b->col, e->message);
    ck_assert_msg(strstr(e->message, b->msg) != NULL, "case %d: \"%s\" lacks \"%s\"", _i, e->message, b->msg);
}
END_TEST

START_TEST(test_scenario_collects_every_error)
{
    const char *y = "athlete:\n  mass_kg: 20\n  age: 5\nsession:\n  rpe: 0\n";
    runcover_scenario *sc;
    ck_assert_int_eq(runcover_scenario_load_string(&sc, "m.yaml", y, strlen(y)), RUNCOVER_E_RANGE);
    ck_assert_uint_eq(runcover_last_error_count(), 3);
    ck_assert_uint_eq(runcover_last_error_at(1)->line, 3);
    ck_assert_uint_eq(runcover_last_error_at(2)->line, 5);
}
END_TEST

/* Each expectation, once holding and once not. */
static size_t check(const char *expect, char **report)
{
    char y[4096];
    snprintf(y, sizeof y, "%sexpect:\n%s", k_good, expect);
    runcover_scenario *sc;
    OK(runcover_scenario_load_string(&sc, "e.yaml", y, strlen(y)));
    ck_assert(runcover_scenario_has_expect(sc));
    runcover_evaluator *ev;
    OK(runcover_evaluator_new_default(&ev));
    runcover_plan *p;
    OK(runcover_evaluate(&p, ev, runcover_scenario_athlete(sc), runcover_scenario_session(sc)));
    size_t failures = 99;
    OK(runcover_scenario_check(report, &failures, sc, p));
    runcover_plan_free(p);
    runcover_evaluator_free(ev);
    runcover_scenario_free(sc);
    return failures;
}

static const struct {
    const char *pass, *fail, *why;
} expects[] = {
    { "  categories: [cool_down, refuel]\n", "  categories: [medical]\n", "no medical item" },
    { "  absent: [medical]\n", "  absent: [refuel]\n", "has a refuel item" },
    { "  red_flag: false\n", "  red_flag: true\n", "red_flag: expected true" },
    { "  fires: [refuel-carbs]\n", "  fires: [ice-bath]\n", "ice-bath is not in the plan" },
    { "  not_fired: [ice-bath]\n", "  not_fired: [refuel-carbs]\n", "refuel-carbs is in the plan" },
    { "  fires: [refuel-carbs]\n", "  fires: [refuel-crabs]\n", "no rule 'refuel-crabs'" },
    { "  amounts: [{ rule: refuel-carbs, unit: g, min: 56, max: 84, tolerance: 0.5 }]\n",
      "  amounts: [{ rule: refuel-carbs, unit: g, min: 60, max: 84 }]\n", "min is 56" },
    { "  amounts: [{ rule: refuel-carbs, unit: g }]\n", "  amounts: [{ rule: refuel-carbs, unit: ml }]\n",
      "unit is g" },
    { "  recovery_hours: [1, 200]\n", "  recovery_hours: [1, 2]\n", "recovery_hours" },
    { "  text_contains: [\"g of carbohydrate\"]\n", "  text_contains: [\"kale smoothie\"]\n", "kale smoothie" },
    { "  text_absent: [\"kale smoothie\"]\n", "  text_absent: [\"g of carbohydrate\"]\n", "g of carbohydrate" },
    { "  windows: [{ category: nap, start_min: [90, 150], duration: [90, 120] }]\n",
      "  windows: [{ category: nap, start_min: [0, 30] }]\n", "starts at" },
};

START_TEST(test_scenario_expectations)
{
    char *r = NULL;
    size_t n = check(expects[_i].pass, &r);
    ck_assert_msg(n == 0, "pass case %d failed: %s", _i, r);
    ck_assert_str_eq(r, "");
    runcover_string_free(r);
    n = check(expects[_i].fail, &r);
    ck_assert_msg(n == 1, "fail case %d: %zu failures: %s", _i, n, r);
    ck_assert_msg(strstr(r, expects[_i].why) != NULL, "fail case %d: report \"%s\" lacks \"%s\"", _i, r,
                  expects[_i].why);
    ck_assert_msg(strstr(r, "e.yaml:") != NULL, "report names no position: %s", r);
    runcover_string_free(r);
}
END_TEST

START_TEST(test_scenario_misuse)
{
    runcover_scenario *sc;
    ck_assert_int_eq(runcover_scenario_load_string(NULL, "x", "a: 1", 4), RUNCOVER_E_MISUSE);
    ck_assert_int_eq(runcover_scenario_load_string(&sc, "x", NULL, 4), RUNCOVER_E_MISUSE);
    ck_assert_int_eq(runcover_scenario_load_file(&sc, NULL), RUNCOVER_E_MISUSE);
    ck_assert_int_eq(runcover_scenario_load_file(&sc, "/nonexistent/scenario.yaml"), RUNCOVER_E_IO);
    ck_assert_ptr_nonnull(strstr(runcover_last_error()->message, "No such file"));
    ck_assert_int_eq(runcover_scenario_load_file(&sc, "/"), RUNCOVER_E_IO);
    ck_assert_ptr_null(runcover_scenario_athlete(NULL));
    ck_assert_ptr_null(runcover_scenario_session(NULL));
    ck_assert(!runcover_scenario_has_expect(NULL));
    char *r;
    size_t n;
    ck_assert_int_eq(runcover_scenario_check(&r, &n, NULL, NULL), RUNCOVER_E_MISUSE);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("scenario");
    TCase *tc = tcase_create("scenario");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_scenario_builds_athlete_and_session);
    tcase_add_loop_test(tc, test_scenario_refused, 0, (int)(sizeof bads / sizeof bads[0]));
    tcase_add_test(tc, test_scenario_collects_every_error);
    tcase_add_loop_test(tc, test_scenario_expectations, 0, (int)(sizeof expects / sizeof expects[0]));
    tcase_add_test(tc, test_scenario_misuse);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
