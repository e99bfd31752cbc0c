/*
 * The athlete handle, tested against include/runcover/runcover.h and
 * DESIGN §2: every public athlete function, normal use, NULL arguments,
 * every range edge, and refused values that leave the old value.
 *
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdint.h>

#include "test_common.h"

/* 2026-11-22T08:30:00Z */
#define T_END 1795336200LL

typedef runcover_status (*athlete_setter)(runcover_athlete *, double);
typedef runcover_status (*athlete_getter)(const runcover_athlete *, double *);

/* The number facts of DESIGN §2 with their typed setters and getters. */
static const struct athlete_number {
    const char *path;
    const char *key;
    athlete_setter set;
    athlete_getter get;
    double min, max;
} numbers[] = {
    {"athlete.mass_kg", "mass_kg", runcover_athlete_set_mass_kg, runcover_athlete_get_mass_kg, 30, 250},
    {"athlete.age", "age", runcover_athlete_set_age, runcover_athlete_get_age, 10, 100},
    {"athlete.experience_years", "experience_years", runcover_athlete_set_experience_years,
     runcover_athlete_get_experience_years, 0, 80},
    {"athlete.weekly_km", "weekly_km", runcover_athlete_set_weekly_km, runcover_athlete_get_weekly_km, 0, 400},
    {"athlete.hr_rest", "hr_rest", runcover_athlete_set_hr_rest, runcover_athlete_get_hr_rest, 25, 120},
    {"athlete.hr_max", "hr_max", runcover_athlete_set_hr_max, runcover_athlete_get_hr_max, 100, 230},
};
#define N_NUMBERS ((int)(sizeof numbers / sizeof numbers[0]))

static runcover_athlete *athlete(void)
{
    runcover_athlete *a = NULL;
    ck_assert_rc_ok(runcover_athlete_new(&a));
    ck_assert_ptr_nonnull(a);
    return a;
}

static runcover_session *session_at(int64_t end, int offset, runcover_kind kind, double duration, double rpe)
{
    runcover_session *s = NULL;
    ck_assert_rc_ok(runcover_session_new(&s));
    ck_assert_rc_ok(runcover_session_set_end(s, end, offset));
    ck_assert_rc_ok(runcover_session_set_kind(s, kind));
    ck_assert_rc_ok(runcover_session_set_duration_min(s, duration));
    ck_assert_rc_ok(runcover_session_set_rpe(s, rpe));
    return s;
}

static double mid(const struct athlete_number *n)
{
    return (n->min + n->max) / 2;
}

static void assert_number(const runcover_athlete *a, const struct athlete_number *n, double want)
{
    double v = RC_TEST_SENTINEL;
    ck_assert_rc_ok(n->get(a, &v));
    ck_assert_msg(v == want, "%s reads %g, expected %g", n->path, v, want);
}

static void assert_absent(const runcover_athlete *a, const struct athlete_number *n)
{
    double v = RC_TEST_SENTINEL;
    ck_assert_rc(n->get(a, &v), RUNCOVER_E_NOTFOUND);
    ck_assert_msg(v == RC_TEST_SENTINEL, "%s: a failed getter wrote %g", n->path, v);
}

/* ---- lifecycle ---------------------------------------------------------------------------- */

START_TEST(test_athlete_new_and_free)
{
    runcover_athlete *a = NULL;
    ck_assert_rc_ok(runcover_athlete_new(&a));
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(runcover_last_error()->code, RUNCOVER_OK);
    ck_assert_str_eq(runcover_last_error()->message, "");
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_new_null_out_is_misuse)
{
    ck_assert_rc(runcover_athlete_new(NULL), RUNCOVER_E_MISUSE);
}
END_TEST

START_TEST(test_athlete_free_null_is_noop)
{
    runcover_athlete_free(NULL);
    runcover_session_free(NULL);
}
END_TEST

START_TEST(test_athlete_new_every_fact_absent)
{
    runcover_athlete *a = athlete();
    for (int i = 0; i < N_NUMBERS; i++)
        assert_absent(a, &numbers[i]);

    runcover_sex sex = (runcover_sex)RC_TEST_ENUM_SENTINEL;
    ck_assert_rc(runcover_athlete_get_sex(a, &sex), RUNCOVER_E_NOTFOUND);
    ck_assert_int_eq(sex, RC_TEST_ENUM_SENTINEL);
    runcover_phase phase = (runcover_phase)RC_TEST_ENUM_SENTINEL;
    ck_assert_rc(runcover_athlete_get_phase(a, &phase), RUNCOVER_E_NOTFOUND);
    ck_assert_int_eq(phase, RC_TEST_ENUM_SENTINEL);
    runcover_units units = (runcover_units)RC_TEST_ENUM_SENTINEL;
    ck_assert_rc(runcover_athlete_get_units(a, &units), RUNCOVER_E_NOTFOUND);
    ck_assert_int_eq(units, RC_TEST_ENUM_SENTINEL);

    /* A set fact is always present, maybe empty. */
    unsigned prefs = 0xdeadu;
    ck_assert_rc_ok(runcover_athlete_get_preferences(a, &prefs));
    ck_assert_uint_eq(prefs, 0);

    /* Absent is not 0, also through the keyed getter. */
    double v = RC_TEST_SENTINEL;
    ck_assert_rc(runcover_athlete_get_number(a, "mass_kg", &v), RUNCOVER_E_NOTFOUND);
    ck_assert_rc(runcover_athlete_get_number(a, "athlete.phase", &v), RUNCOVER_E_NOTFOUND);
    ck_assert_rc(runcover_athlete_get_number(a, "sex", &v), RUNCOVER_E_NOTFOUND);
    ck_assert_double_eq(v, RC_TEST_SENTINEL);

    ck_assert_uint_eq(runcover_athlete_history_count(a), 0);
    runcover_athlete_free(a);
}
END_TEST

/* ---- typed number setters (loop over `numbers`) -------------------------------------------- */

START_TEST(test_athlete_number_accepts_range_edges)
{
    const struct athlete_number *n = &numbers[_i];
    runcover_athlete *a = athlete();
    ck_assert_rc_ok(n->set(a, n->min));
    assert_number(a, n, n->min);
    ck_assert_rc_ok(n->set(a, n->max));
    assert_number(a, n, n->max);
    ck_assert_rc_ok(n->set(a, mid(n)));
    assert_number(a, n, mid(n));
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_number_refuses_below_min)
{
    const struct athlete_number *n = &numbers[_i];
    runcover_athlete *a = athlete();
    ck_assert_rc_ok(n->set(a, mid(n)));
    const double below[] = {n->min - 1e-6, n->min - 1, -1e300};
    for (size_t k = 0; k < sizeof below / sizeof below[0]; k++) {
        ck_assert_rc(n->set(a, below[k]), RUNCOVER_E_RANGE);
        ck_assert_error_names_range(n->path, n->min, n->max);
        assert_number(a, n, mid(n));
    }
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_number_refuses_above_max)
{
    const struct athlete_number *n = &numbers[_i];
    runcover_athlete *a = athlete();
    ck_assert_rc_ok(n->set(a, mid(n)));
    const double above[] = {n->max + 1e-6, n->max + 1, 1e300};
    for (size_t k = 0; k < sizeof above / sizeof above[0]; k++) {
        ck_assert_rc(n->set(a, above[k]), RUNCOVER_E_RANGE);
        ck_assert_error_names_range(n->path, n->min, n->max);
        assert_number(a, n, mid(n));
    }
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_number_refuses_nan_and_inf)
{
    const struct athlete_number *n = &numbers[_i];
    runcover_athlete *a = athlete();
    ck_assert_rc_ok(n->set(a, mid(n)));
    const double bad[] = {NAN, -NAN, INFINITY, -INFINITY};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        ck_assert_rc(n->set(a, bad[k]), RUNCOVER_E_RANGE);
        ck_assert_error_names_range(n->path, n->min, n->max);
        assert_number(a, n, mid(n));
    }
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_number_refused_leaves_absent)
{
    const struct athlete_number *n = &numbers[_i];
    runcover_athlete *a = athlete();
    ck_assert_rc(n->set(a, n->max + 1), RUNCOVER_E_RANGE);
    assert_absent(a, n);
    ck_assert_rc(n->set(a, NAN), RUNCOVER_E_RANGE);
    assert_absent(a, n);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_number_null_arguments)
{
    const struct athlete_number *n = &numbers[_i];
    ck_assert_rc(n->set(NULL, mid(n)), RUNCOVER_E_MISUSE);
    double v = RC_TEST_SENTINEL;
    ck_assert_rc(n->get(NULL, &v), RUNCOVER_E_MISUSE);
    ck_assert_double_eq(v, RC_TEST_SENTINEL);
    runcover_athlete *a = athlete();
    ck_assert_rc_ok(n->set(a, mid(n)));
    ck_assert_rc(n->get(a, NULL), RUNCOVER_E_MISUSE);
    assert_number(a, n, mid(n));
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_number_keyed_with_and_without_prefix)
{
    const struct athlete_number *n = &numbers[_i];
    runcover_athlete *a = athlete();
    double v = RC_TEST_SENTINEL;

    ck_assert_rc_ok(runcover_athlete_set_number(a, n->key, n->min));
    assert_number(a, n, n->min);
    ck_assert_rc_ok(runcover_athlete_get_number(a, n->key, &v));
    ck_assert_double_eq(v, n->min);

    ck_assert_rc_ok(runcover_athlete_set_number(a, n->path, n->max));
    assert_number(a, n, n->max);
    ck_assert_rc_ok(runcover_athlete_get_number(a, n->path, &v));
    ck_assert_double_eq(v, n->max);

    /* Refusals through the keyed setter name the full path and the range, by either key. */
    ck_assert_rc(runcover_athlete_set_number(a, n->key, n->min - 1), RUNCOVER_E_RANGE);
    ck_assert_error_names_range(n->path, n->min, n->max);
    ck_assert_rc(runcover_athlete_set_number(a, n->path, n->max + 1), RUNCOVER_E_RANGE);
    ck_assert_error_names_range(n->path, n->min, n->max);
    ck_assert_rc(runcover_athlete_set_number(a, n->key, NAN), RUNCOVER_E_RANGE);
    ck_assert_error_names_range(n->path, n->min, n->max);
    ck_assert_rc(runcover_athlete_set_number(a, n->path, -INFINITY), RUNCOVER_E_RANGE);
    ck_assert_error_names_range(n->path, n->min, n->max);
    assert_number(a, n, n->max);

    /* unset by either key */
    ck_assert_rc_ok(runcover_athlete_unset(a, n->key));
    assert_absent(a, n);
    ck_assert_rc_ok(runcover_athlete_set_number(a, n->key, mid(n)));
    ck_assert_rc_ok(runcover_athlete_unset(a, n->path));
    assert_absent(a, n);
    v = RC_TEST_SENTINEL;
    ck_assert_rc(runcover_athlete_get_number(a, n->key, &v), RUNCOVER_E_NOTFOUND);
    ck_assert_double_eq(v, RC_TEST_SENTINEL);
    runcover_athlete_free(a);
}
END_TEST

/* ---- enums and the preferences set --------------------------------------------------------- */

START_TEST(test_athlete_sex_set_get)
{
    runcover_athlete *a = athlete();
    runcover_sex sex;
    ck_assert_rc_ok(runcover_athlete_set_sex(a, RUNCOVER_SEX_FEMALE));
    ck_assert_rc_ok(runcover_athlete_get_sex(a, &sex));
    ck_assert_int_eq(sex, RUNCOVER_SEX_FEMALE);
    ck_assert_rc_ok(runcover_athlete_set_sex(a, RUNCOVER_SEX_MALE));
    ck_assert_rc_ok(runcover_athlete_get_sex(a, &sex));
    ck_assert_int_eq(sex, RUNCOVER_SEX_MALE);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_sex_refused_keeps_old)
{
    runcover_athlete *a = athlete();
    runcover_sex sex;
    ck_assert_rc_ok(runcover_athlete_set_sex(a, RUNCOVER_SEX_MALE));
    ck_assert_rc(runcover_athlete_set_sex(a, (runcover_sex)2), RUNCOVER_E_INVALID);
    ck_assert_rc(runcover_athlete_set_sex(a, (runcover_sex)-1), RUNCOVER_E_INVALID);
    ck_assert_rc_ok(runcover_athlete_get_sex(a, &sex));
    ck_assert_int_eq(sex, RUNCOVER_SEX_MALE);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_sex_refused_names_fact)
{
    runcover_athlete *a = athlete();
    ck_assert_rc(runcover_athlete_set_sex(a, (runcover_sex)2), RUNCOVER_E_INVALID);
    ck_assert_error_mentions("athlete.sex");
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_sex_null_arguments)
{
    runcover_athlete *a = athlete();
    runcover_sex sex = (runcover_sex)RC_TEST_ENUM_SENTINEL;
    ck_assert_rc(runcover_athlete_set_sex(NULL, RUNCOVER_SEX_MALE), RUNCOVER_E_MISUSE);
    ck_assert_rc(runcover_athlete_get_sex(NULL, &sex), RUNCOVER_E_MISUSE);
    ck_assert_int_eq(sex, RC_TEST_ENUM_SENTINEL);
    ck_assert_rc_ok(runcover_athlete_set_sex(a, RUNCOVER_SEX_MALE));
    ck_assert_rc(runcover_athlete_get_sex(a, NULL), RUNCOVER_E_MISUSE);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_phase_set_get)
{
    runcover_athlete *a = athlete();
    runcover_phase phase;
    for (int p = RUNCOVER_PHASE_BASE; p <= RUNCOVER_PHASE_OFF; p++) {
        ck_assert_rc_ok(runcover_athlete_set_phase(a, (runcover_phase)p));
        ck_assert_rc_ok(runcover_athlete_get_phase(a, &phase));
        ck_assert_int_eq(phase, p);
    }
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_phase_refused_keeps_old)
{
    runcover_athlete *a = athlete();
    runcover_phase phase;
    ck_assert_rc_ok(runcover_athlete_set_phase(a, RUNCOVER_PHASE_BUILD));
    ck_assert_rc(runcover_athlete_set_phase(a, (runcover_phase)6), RUNCOVER_E_INVALID);
    ck_assert_rc(runcover_athlete_set_phase(a, (runcover_phase)-1), RUNCOVER_E_INVALID);
    ck_assert_rc_ok(runcover_athlete_get_phase(a, &phase));
    ck_assert_int_eq(phase, RUNCOVER_PHASE_BUILD);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_phase_refused_names_fact)
{
    runcover_athlete *a = athlete();
    ck_assert_rc(runcover_athlete_set_phase(a, (runcover_phase)6), RUNCOVER_E_INVALID);
    ck_assert_error_mentions("athlete.phase");
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_phase_null_arguments)
{
    runcover_athlete *a = athlete();
    runcover_phase phase = (runcover_phase)RC_TEST_ENUM_SENTINEL;
    ck_assert_rc(runcover_athlete_set_phase(NULL, RUNCOVER_PHASE_BUILD), RUNCOVER_E_MISUSE);
    ck_assert_rc(runcover_athlete_get_phase(NULL, &phase), RUNCOVER_E_MISUSE);
    ck_assert_int_eq(phase, RC_TEST_ENUM_SENTINEL);
    ck_assert_rc_ok(runcover_athlete_set_phase(a, RUNCOVER_PHASE_BUILD));
    ck_assert_rc(runcover_athlete_get_phase(a, NULL), RUNCOVER_E_MISUSE);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_units_set_get)
{
    runcover_athlete *a = athlete();
    runcover_units units;
    ck_assert_rc_ok(runcover_athlete_set_units(a, RUNCOVER_UNITS_IMPERIAL));
    ck_assert_rc_ok(runcover_athlete_get_units(a, &units));
    ck_assert_int_eq(units, RUNCOVER_UNITS_IMPERIAL);
    ck_assert_rc_ok(runcover_athlete_set_units(a, RUNCOVER_UNITS_METRIC));
    ck_assert_rc_ok(runcover_athlete_get_units(a, &units));
    ck_assert_int_eq(units, RUNCOVER_UNITS_METRIC);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_units_refused_keeps_old)
{
    runcover_athlete *a = athlete();
    runcover_units units;
    ck_assert_rc_ok(runcover_athlete_set_units(a, RUNCOVER_UNITS_IMPERIAL));
    ck_assert_rc(runcover_athlete_set_units(a, (runcover_units)2), RUNCOVER_E_INVALID);
    ck_assert_rc(runcover_athlete_set_units(a, (runcover_units)-1), RUNCOVER_E_INVALID);
    ck_assert_rc_ok(runcover_athlete_get_units(a, &units));
    ck_assert_int_eq(units, RUNCOVER_UNITS_IMPERIAL);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_units_refused_names_fact)
{
    runcover_athlete *a = athlete();
    ck_assert_rc(runcover_athlete_set_units(a, (runcover_units)2), RUNCOVER_E_INVALID);
    ck_assert_error_mentions("athlete.units");
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_units_null_arguments)
{
    runcover_athlete *a = athlete();
    runcover_units units = (runcover_units)RC_TEST_ENUM_SENTINEL;
    ck_assert_rc(runcover_athlete_set_units(NULL, RUNCOVER_UNITS_METRIC), RUNCOVER_E_MISUSE);
    ck_assert_rc(runcover_athlete_get_units(NULL, &units), RUNCOVER_E_MISUSE);
    ck_assert_int_eq(units, RC_TEST_ENUM_SENTINEL);
    ck_assert_rc_ok(runcover_athlete_set_units(a, RUNCOVER_UNITS_METRIC));
    ck_assert_rc(runcover_athlete_get_units(a, NULL), RUNCOVER_E_MISUSE);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_preferences_set_get)
{
    const unsigned all = RUNCOVER_PREF_NO_COLD_THERAPY | RUNCOVER_PREF_LACTOSE_FREE | RUNCOVER_PREF_VEGETARIAN |
                         RUNCOVER_PREF_VEGAN | RUNCOVER_PREF_NO_CAFFEINE | RUNCOVER_PREF_LIMITED_TIME;
    runcover_athlete *a = athlete();
    unsigned prefs;
    for (unsigned bit = 1; bit <= RUNCOVER_PREF_LIMITED_TIME; bit <<= 1) {
        ck_assert_rc_ok(runcover_athlete_set_preferences(a, bit));
        ck_assert_rc_ok(runcover_athlete_get_preferences(a, &prefs));
        ck_assert_uint_eq(prefs, bit);
    }
    ck_assert_rc_ok(runcover_athlete_set_preferences(a, all));
    ck_assert_rc_ok(runcover_athlete_get_preferences(a, &prefs));
    ck_assert_uint_eq(prefs, all);
    ck_assert_rc_ok(runcover_athlete_set_preferences(a, 0));
    ck_assert_rc_ok(runcover_athlete_get_preferences(a, &prefs));
    ck_assert_uint_eq(prefs, 0);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_preferences_refused_keeps_old)
{
    runcover_athlete *a = athlete();
    unsigned prefs;
    ck_assert_rc_ok(runcover_athlete_set_preferences(a, RUNCOVER_PREF_VEGAN));
    ck_assert_rc(runcover_athlete_set_preferences(a, 0x40u), RUNCOVER_E_INVALID);
    ck_assert_rc(runcover_athlete_set_preferences(a, RUNCOVER_PREF_LACTOSE_FREE | 0x80000000u), RUNCOVER_E_INVALID);
    ck_assert_rc_ok(runcover_athlete_get_preferences(a, &prefs));
    ck_assert_uint_eq(prefs, RUNCOVER_PREF_VEGAN);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_preferences_refused_names_fact)
{
    runcover_athlete *a = athlete();
    ck_assert_rc(runcover_athlete_set_preferences(a, 0x40u), RUNCOVER_E_INVALID);
    ck_assert_error_mentions("athlete.preferences");
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_preferences_null_arguments)
{
    runcover_athlete *a = athlete();
    unsigned prefs = 0xdeadu;
    ck_assert_rc(runcover_athlete_set_preferences(NULL, 0), RUNCOVER_E_MISUSE);
    ck_assert_rc(runcover_athlete_get_preferences(NULL, &prefs), RUNCOVER_E_MISUSE);
    ck_assert_uint_eq(prefs, 0xdeadu);
    ck_assert_rc(runcover_athlete_get_preferences(a, NULL), RUNCOVER_E_MISUSE);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_enum_set_text)
{
    runcover_athlete *a = athlete();
    runcover_phase phase;
    runcover_sex sex;
    runcover_units units;
    double v;

    static const char *const phases[] = {"base", "build", "peak", "taper", "race", "off"};
    for (int p = 0; p < 6; p++) {
        ck_assert_rc_ok(runcover_athlete_set_text(a, (p & 1) ? "phase" : "athlete.phase", phases[p]));
        ck_assert_rc_ok(runcover_athlete_get_phase(a, &phase));
        ck_assert_int_eq(phase, p);
        ck_assert_rc_ok(runcover_athlete_get_number(a, "phase", &v));
        ck_assert_double_eq(v, p);
        ck_assert_rc_ok(runcover_athlete_get_number(a, "athlete.phase", &v));
        ck_assert_double_eq(v, p);
    }
    ck_assert_rc_ok(runcover_athlete_set_text(a, "sex", "male"));
    ck_assert_rc_ok(runcover_athlete_get_sex(a, &sex));
    ck_assert_int_eq(sex, RUNCOVER_SEX_MALE);
    ck_assert_rc_ok(runcover_athlete_set_text(a, "athlete.sex", "female"));
    ck_assert_rc_ok(runcover_athlete_get_sex(a, &sex));
    ck_assert_int_eq(sex, RUNCOVER_SEX_FEMALE);
    ck_assert_rc_ok(runcover_athlete_get_number(a, "sex", &v));
    ck_assert_double_eq(v, RUNCOVER_SEX_FEMALE);
    ck_assert_rc_ok(runcover_athlete_set_text(a, "units", "imperial"));
    ck_assert_rc_ok(runcover_athlete_get_units(a, &units));
    ck_assert_int_eq(units, RUNCOVER_UNITS_IMPERIAL);
    ck_assert_rc_ok(runcover_athlete_set_text(a, "athlete.units", "metric"));
    ck_assert_rc_ok(runcover_athlete_get_units(a, &units));
    ck_assert_int_eq(units, RUNCOVER_UNITS_METRIC);

    /* Unknown names: E_INVALID, the fact and its allowed values named, the old value kept. */
    ck_assert_rc_ok(runcover_athlete_set_phase(a, RUNCOVER_PHASE_PEAK));
    ck_assert_rc(runcover_athlete_set_text(a, "phase", "sprint"), RUNCOVER_E_INVALID);
    ck_assert_error_mentions("athlete.phase");
    ck_assert_error_mentions("base");
    ck_assert_error_mentions("off");
    ck_assert_rc(runcover_athlete_set_text(a, "phase", ""), RUNCOVER_E_INVALID);
    ck_assert_rc(runcover_athlete_set_text(a, "phase", "Build"), RUNCOVER_E_INVALID);
    ck_assert_rc_ok(runcover_athlete_get_phase(a, &phase));
    ck_assert_int_eq(phase, RUNCOVER_PHASE_PEAK);

    ck_assert_rc(runcover_athlete_set_text(a, "sex", "other"), RUNCOVER_E_INVALID);
    ck_assert_error_mentions("athlete.sex");
    ck_assert_error_mentions("female");
    ck_assert_rc_ok(runcover_athlete_get_sex(a, &sex));
    ck_assert_int_eq(sex, RUNCOVER_SEX_FEMALE);

    ck_assert_rc(runcover_athlete_set_text(a, "athlete.units", "furlongs"), RUNCOVER_E_INVALID);
    ck_assert_error_mentions("athlete.units");
    ck_assert_error_mentions("imperial");
    ck_assert_rc_ok(runcover_athlete_get_units(a, &units));
    ck_assert_int_eq(units, RUNCOVER_UNITS_METRIC);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_preferences_set_text)
{
    runcover_athlete *a = athlete();
    unsigned prefs;
    ck_assert_rc_ok(runcover_athlete_set_text(a, "preferences", "vegan, no_caffeine"));
    ck_assert_rc_ok(runcover_athlete_get_preferences(a, &prefs));
    ck_assert_uint_eq(prefs, RUNCOVER_PREF_VEGAN | RUNCOVER_PREF_NO_CAFFEINE);
    ck_assert_rc_ok(runcover_athlete_set_text(a, "athlete.preferences", "lactose_free no_cold_therapy"));
    ck_assert_rc_ok(runcover_athlete_get_preferences(a, &prefs));
    ck_assert_uint_eq(prefs, RUNCOVER_PREF_LACTOSE_FREE | RUNCOVER_PREF_NO_COLD_THERAPY);
    ck_assert_rc_ok(runcover_athlete_set_text(a, "preferences", "vegetarian,limited_time"));
    ck_assert_rc_ok(runcover_athlete_get_preferences(a, &prefs));
    ck_assert_uint_eq(prefs, RUNCOVER_PREF_VEGETARIAN | RUNCOVER_PREF_LIMITED_TIME);
    ck_assert_rc_ok(runcover_athlete_set_text(
        a, "preferences", "no_cold_therapy, lactose_free, vegetarian, vegan, no_caffeine, limited_time"));
    ck_assert_rc_ok(runcover_athlete_get_preferences(a, &prefs));
    ck_assert_uint_eq(prefs, 0x3fu);

    /* An unknown name refuses the whole list. */
    ck_assert_rc_ok(runcover_athlete_set_preferences(a, RUNCOVER_PREF_VEGAN));
    ck_assert_rc(runcover_athlete_set_text(a, "preferences", "lactose_free, pizza"), RUNCOVER_E_INVALID);
    ck_assert_error_mentions("athlete.preferences");
    ck_assert_error_mentions("pizza");
    ck_assert_rc_ok(runcover_athlete_get_preferences(a, &prefs));
    ck_assert_uint_eq(prefs, RUNCOVER_PREF_VEGAN);

    /* The empty list is the empty set; unset empties it too. */
    ck_assert_rc_ok(runcover_athlete_set_text(a, "preferences", ""));
    ck_assert_rc_ok(runcover_athlete_get_preferences(a, &prefs));
    ck_assert_uint_eq(prefs, 0);
    ck_assert_rc_ok(runcover_athlete_set_preferences(a, RUNCOVER_PREF_VEGAN));
    ck_assert_rc_ok(runcover_athlete_unset(a, "preferences"));
    ck_assert_rc_ok(runcover_athlete_get_preferences(a, &prefs));
    ck_assert_uint_eq(prefs, 0);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_enum_unset)
{
    runcover_athlete *a = athlete();
    runcover_sex sex = (runcover_sex)RC_TEST_ENUM_SENTINEL;
    runcover_phase phase = (runcover_phase)RC_TEST_ENUM_SENTINEL;
    runcover_units units = (runcover_units)RC_TEST_ENUM_SENTINEL;
    ck_assert_rc_ok(runcover_athlete_set_sex(a, RUNCOVER_SEX_FEMALE));
    ck_assert_rc_ok(runcover_athlete_set_phase(a, RUNCOVER_PHASE_TAPER));
    ck_assert_rc_ok(runcover_athlete_set_units(a, RUNCOVER_UNITS_IMPERIAL));
    ck_assert_rc_ok(runcover_athlete_unset(a, "sex"));
    ck_assert_rc_ok(runcover_athlete_unset(a, "athlete.phase"));
    ck_assert_rc_ok(runcover_athlete_unset(a, "units"));
    ck_assert_rc(runcover_athlete_get_sex(a, &sex), RUNCOVER_E_NOTFOUND);
    ck_assert_rc(runcover_athlete_get_phase(a, &phase), RUNCOVER_E_NOTFOUND);
    ck_assert_rc(runcover_athlete_get_units(a, &units), RUNCOVER_E_NOTFOUND);
    ck_assert_int_eq(sex, RC_TEST_ENUM_SENTINEL);
    ck_assert_int_eq(phase, RC_TEST_ENUM_SENTINEL);
    ck_assert_int_eq(units, RC_TEST_ENUM_SENTINEL);
    runcover_athlete_free(a);
}
END_TEST

/* ---- keyed access: errors ----------------------------------------------------------------- */

START_TEST(test_athlete_keyed_unknown_keys)
{
    runcover_athlete *a = athlete();
    static const char *const unknown[] = {"mass", "athlete.nope", "", "athlete.", "athlete", "athlete.athlete.mass_kg",
                                          "MASS_KG", "mass_kg ", "athletemass_kg"};
    double v = RC_TEST_SENTINEL;
    for (size_t k = 0; k < sizeof unknown / sizeof unknown[0]; k++) {
        ck_assert_rc(runcover_athlete_set_number(a, unknown[k], 70), RUNCOVER_E_NOTFOUND);
        ck_assert_rc(runcover_athlete_set_text(a, unknown[k], "build"), RUNCOVER_E_NOTFOUND);
        ck_assert_rc(runcover_athlete_set_flag(a, unknown[k], true), RUNCOVER_E_NOTFOUND);
        ck_assert_rc(runcover_athlete_unset(a, unknown[k]), RUNCOVER_E_NOTFOUND);
        ck_assert_rc(runcover_athlete_get_number(a, unknown[k], &v), RUNCOVER_E_NOTFOUND);
    }
    ck_assert_double_eq(v, RC_TEST_SENTINEL);
    assert_absent(a, &numbers[0]);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_keyed_not_an_athlete_fact)
{
    runcover_athlete *a = athlete();
    /* Session facts and derived facts cannot be set on an athlete. */
    ck_assert_rc_fails(runcover_athlete_set_number(a, "session.rpe", 5));
    ck_assert_rc_fails(runcover_athlete_set_number(a, "rpe", 5));
    ck_assert_rc_fails(runcover_athlete_set_number(a, "duration_min", 60));
    ck_assert_rc_fails(runcover_athlete_set_text(a, "session.kind", "race"));
    ck_assert_rc_fails(runcover_athlete_set_flag(a, "session.checkin.sharp_pain", true));
    ck_assert_rc_fails(runcover_athlete_set_number(a, "load.acwr", 1));
    ck_assert_rc_fails(runcover_athlete_set_number(a, "session.end_hour_local", 3));
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_keyed_wrong_type)
{
    runcover_athlete *a = athlete();
    ck_assert_rc_ok(runcover_athlete_set_mass_kg(a, 70));
    ck_assert_rc_ok(runcover_athlete_set_phase(a, RUNCOVER_PHASE_BASE));
    ck_assert_rc_ok(runcover_athlete_set_preferences(a, RUNCOVER_PREF_VEGAN));

    ck_assert_rc(runcover_athlete_set_number(a, "phase", 1), RUNCOVER_E_TYPE);
    ck_assert_error_mentions("athlete.phase");
    ck_assert_rc(runcover_athlete_set_number(a, "athlete.sex", 0), RUNCOVER_E_TYPE);
    ck_assert_rc(runcover_athlete_set_number(a, "preferences", 1), RUNCOVER_E_TYPE);
    ck_assert_rc(runcover_athlete_set_flag(a, "mass_kg", true), RUNCOVER_E_TYPE);
    ck_assert_error_mentions("athlete.mass_kg");
    ck_assert_rc(runcover_athlete_set_flag(a, "phase", true), RUNCOVER_E_TYPE);
    ck_assert_rc(runcover_athlete_set_text(a, "mass_kg", "70"), RUNCOVER_E_TYPE);
    ck_assert_rc(runcover_athlete_set_text(a, "athlete.hr_max", "180"), RUNCOVER_E_TYPE);

    double v;
    runcover_phase phase;
    unsigned prefs;
    ck_assert_rc_ok(runcover_athlete_get_mass_kg(a, &v));
    ck_assert_double_eq(v, 70);
    ck_assert_rc_ok(runcover_athlete_get_phase(a, &phase));
    ck_assert_int_eq(phase, RUNCOVER_PHASE_BASE);
    ck_assert_rc_ok(runcover_athlete_get_preferences(a, &prefs));
    ck_assert_uint_eq(prefs, RUNCOVER_PREF_VEGAN);
    double hr = RC_TEST_SENTINEL;
    ck_assert_rc(runcover_athlete_get_hr_max(a, &hr), RUNCOVER_E_NOTFOUND);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_keyed_null_arguments)
{
    runcover_athlete *a = athlete();
    double v = RC_TEST_SENTINEL;
    ck_assert_rc(runcover_athlete_set_number(NULL, "mass_kg", 70), RUNCOVER_E_MISUSE);
    ck_assert_rc(runcover_athlete_set_text(NULL, "phase", "base"), RUNCOVER_E_MISUSE);
    ck_assert_rc(runcover_athlete_set_flag(NULL, "ext.sick", true), RUNCOVER_E_MISUSE);
    ck_assert_rc(runcover_athlete_unset(NULL, "mass_kg"), RUNCOVER_E_MISUSE);
    ck_assert_rc(runcover_athlete_get_number(NULL, "mass_kg", &v), RUNCOVER_E_MISUSE);

    ck_assert_rc(runcover_athlete_set_number(a, NULL, 70), RUNCOVER_E_MISUSE);
    ck_assert_rc(runcover_athlete_set_text(a, NULL, "base"), RUNCOVER_E_MISUSE);
    ck_assert_rc(runcover_athlete_set_flag(a, NULL, true), RUNCOVER_E_MISUSE);
    ck_assert_rc(runcover_athlete_unset(a, NULL), RUNCOVER_E_MISUSE);
    ck_assert_rc(runcover_athlete_get_number(a, NULL, &v), RUNCOVER_E_MISUSE);
    ck_assert_double_eq(v, RC_TEST_SENTINEL);

    ck_assert_rc_ok(runcover_athlete_set_phase(a, RUNCOVER_PHASE_RACE));
    ck_assert_rc(runcover_athlete_set_text(a, "phase", NULL), RUNCOVER_E_MISUSE);
    runcover_phase phase;
    ck_assert_rc_ok(runcover_athlete_get_phase(a, &phase));
    ck_assert_int_eq(phase, RUNCOVER_PHASE_RACE);
    ck_assert_rc_ok(runcover_athlete_set_mass_kg(a, 60));
    ck_assert_rc(runcover_athlete_get_number(a, "mass_kg", NULL), RUNCOVER_E_MISUSE);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_unset_absent_is_ok)
{
    runcover_athlete *a = athlete();
    for (int i = 0; i < N_NUMBERS; i++) {
        ck_assert_rc_ok(runcover_athlete_unset(a, numbers[i].key));
        assert_absent(a, &numbers[i]);
    }
    ck_assert_rc_ok(runcover_athlete_unset(a, "sex"));
    ck_assert_rc_ok(runcover_athlete_unset(a, "ext.never_set"));
    runcover_athlete_free(a);
}
END_TEST

/* ---- ext.* --------------------------------------------------------------------------------- */

START_TEST(test_athlete_ext_number_and_flag)
{
    runcover_athlete *a = athlete();
    double v = RC_TEST_SENTINEL;
    ck_assert_rc(runcover_athlete_get_number(a, "ext.hrv_drop_pct", &v), RUNCOVER_E_NOTFOUND);
    ck_assert_double_eq(v, RC_TEST_SENTINEL);

    ck_assert_rc_ok(runcover_athlete_set_number(a, "ext.hrv_drop_pct", 12));
    ck_assert_rc_ok(runcover_athlete_get_number(a, "ext.hrv_drop_pct", &v));
    ck_assert_double_eq(v, 12);
    ck_assert_rc_ok(runcover_athlete_set_number(a, "ext.hrv_drop_pct", -3.5));
    ck_assert_rc_ok(runcover_athlete_get_number(a, "ext.hrv_drop_pct", &v));
    ck_assert_double_eq(v, -3.5);

    ck_assert_rc_ok(runcover_athlete_set_flag(a, "ext.sick", true));
    ck_assert_rc_ok(runcover_athlete_get_number(a, "ext.sick", &v));
    ck_assert_double_eq(v, 1);
    ck_assert_rc_ok(runcover_athlete_set_flag(a, "ext.sick", false));
    v = RC_TEST_SENTINEL;
    ck_assert_rc_ok(runcover_athlete_get_number(a, "ext.sick", &v));
    ck_assert_double_eq(v, 0);

    ck_assert_rc_ok(runcover_athlete_unset(a, "ext.hrv_drop_pct"));
    v = RC_TEST_SENTINEL;
    ck_assert_rc(runcover_athlete_get_number(a, "ext.hrv_drop_pct", &v), RUNCOVER_E_NOTFOUND);
    ck_assert_double_eq(v, RC_TEST_SENTINEL);
    ck_assert_rc_ok(runcover_athlete_get_number(a, "ext.sick", &v));
    ck_assert_double_eq(v, 0);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_ext_refuses_nan_and_inf)
{
    runcover_athlete *a = athlete();
    double v;
    ck_assert_rc_ok(runcover_athlete_set_number(a, "ext.hrv_drop_pct", 12));
    ck_assert_rc(runcover_athlete_set_number(a, "ext.hrv_drop_pct", NAN), RUNCOVER_E_RANGE);
    ck_assert_error_mentions("ext.hrv_drop_pct");
    ck_assert_rc(runcover_athlete_set_number(a, "ext.hrv_drop_pct", INFINITY), RUNCOVER_E_RANGE);
    ck_assert_rc(runcover_athlete_set_number(a, "ext.hrv_drop_pct", -INFINITY), RUNCOVER_E_RANGE);
    ck_assert_rc_ok(runcover_athlete_get_number(a, "ext.hrv_drop_pct", &v));
    ck_assert_double_eq(v, 12);
    ck_assert_rc(runcover_athlete_set_number(a, "ext.other", NAN), RUNCOVER_E_RANGE);
    v = RC_TEST_SENTINEL;
    ck_assert_rc(runcover_athlete_get_number(a, "ext.other", &v), RUNCOVER_E_NOTFOUND);
    ck_assert_double_eq(v, RC_TEST_SENTINEL);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_ext_empty_name_refused)
{
    runcover_athlete *a = athlete();
    ck_assert_rc_fails(runcover_athlete_set_number(a, "ext.", 1));
    ck_assert_rc_fails(runcover_athlete_set_flag(a, "ext.", true));
    runcover_athlete_free(a);
}
END_TEST

/* ---- load_model.* -------------------------------------------------------------------------- */

START_TEST(test_athlete_load_model_number)
{
    runcover_athlete *a = athlete();
    double def = RC_TEST_SENTINEL, v;
    /* Parameters always have a value: the default. */
    ck_assert_rc_ok(runcover_athlete_get_number(a, "load_model.fitness_tau", &def));
    ck_assert_double_eq(def, 42);

    ck_assert_rc_ok(runcover_athlete_set_number(a, "load_model.fitness_tau", 1));
    ck_assert_rc_ok(runcover_athlete_get_number(a, "load_model.fitness_tau", &v));
    ck_assert_double_eq(v, 1);
    ck_assert_rc_ok(runcover_athlete_set_number(a, "load_model.fitness_tau", 365));
    ck_assert_rc_ok(runcover_athlete_get_number(a, "load_model.fitness_tau", &v));
    ck_assert_double_eq(v, 365);
    ck_assert_rc_ok(runcover_athlete_set_number(a, "load_model.fitness_tau", 50));

    const double bad[] = {1 - 1e-6, 0, -1, 365 + 1e-6, 366, NAN, INFINITY, -INFINITY};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        ck_assert_rc(runcover_athlete_set_number(a, "load_model.fitness_tau", bad[k]), RUNCOVER_E_RANGE);
        ck_assert_error_names_range("load_model.fitness_tau", 1, 365);
        ck_assert_rc_ok(runcover_athlete_get_number(a, "load_model.fitness_tau", &v));
        ck_assert_double_eq(v, 50);
    }

    /* the refused value reads as a number, not 31 digits cut short or a "0" */
    const struct {
        const char *key;
        double v;
        const char *msg;
    } shown[] = {
        {"load_model.fitness_tau", 1e100, "load_model.fitness_tau = 1e+100 is out of range (allowed 1 to 365)"},
        {"load_model.fitness_tau", -1e300, "load_model.fitness_tau = -1e+300 is out of range (allowed 1 to 365)"},
        {"load_model.fitness_tau", 1e-300, "load_model.fitness_tau = 1e-300 is out of range (allowed 1 to 365)"},
        {"load_model.k1", 251.5, "load_model.k1 = 251.5 is out of range (allowed 0 to 10)"},
    };
    for (size_t k = 0; k < sizeof shown / sizeof shown[0]; k++) {
        ck_assert_rc(runcover_athlete_set_number(a, shown[k].key, shown[k].v), RUNCOVER_E_RANGE);
        ck_assert_str_eq(runcover_last_error()->message, shown[k].msg);
    }
    /* and so does a fact's (the setters and the scenario reader share the check) */
    const struct {
        double v;
        const char *msg;
    } mass[] = {
        {1e100, "athlete.mass_kg = 1e+100 is out of range (allowed 30 to 250 kg)"},
        {-1e300, "athlete.mass_kg = -1e+300 is out of range (allowed 30 to 250 kg)"},
        {1e-300, "athlete.mass_kg = 1e-300 is out of range (allowed 30 to 250 kg)"},
        {251.5, "athlete.mass_kg = 251.5 is out of range (allowed 30 to 250 kg)"},
        {INFINITY, "athlete.mass_kg = inf is out of range (allowed 30 to 250 kg)"},
    };
    for (size_t k = 0; k < sizeof mass / sizeof mass[0]; k++) {
        ck_assert_rc(runcover_athlete_set_mass_kg(a, mass[k].v), RUNCOVER_E_RANGE);
        ck_assert_str_eq(runcover_last_error()->message, mass[k].msg);
    }

    /* unset returns to the default */
    ck_assert_rc_ok(runcover_athlete_unset(a, "load_model.fitness_tau"));
    ck_assert_rc_ok(runcover_athlete_get_number(a, "load_model.fitness_tau", &v));
    ck_assert_double_eq(v, def);
    runcover_athlete_free(a);
}
END_TEST

/* The numeric parameters of the load model (docs: "Load model", Parameters). */
static const struct load_param {
    const char *key;
    double def, min, max;
} load_params[] = {
    {"load_model.acute_days", 7, 1, 366},     {"load_model.chronic_days", 28, 1, 366},
    {"load_model.ewma_acute_n", 7, 1, 366},   {"load_model.ewma_chronic_n", 28, 1, 366},
    {"load_model.fitness_tau", 42, 1, 365},   {"load_model.fatigue_tau", 7, 1, 365},
    {"load_model.k1", 1, 0, 10},              {"load_model.k2", 2, 0, 10},
    {"load_model.p0", 0, -1e6, 1e6},          {"load_model.ctl_days", 42, 1, 366},
    {"load_model.atl_days", 7, 1, 366},       {"load_model.trimp_a", 0.64, 0, 5},
    {"load_model.trimp_b_male", 1.92, 0, 5},  {"load_model.trimp_b_female", 1.67, 0, 5},
    {"load_model.hard_rpe", 7, 1, 10},
};
#define N_LOAD_PARAMS ((int)(sizeof load_params / sizeof load_params[0]))

START_TEST(test_athlete_load_model_parameter)
{
    const struct load_param *p = &load_params[_i];
    runcover_athlete *a = athlete();
    double v = RC_TEST_SENTINEL;
    ck_assert_rc_ok(runcover_athlete_get_number(a, p->key, &v));
    ck_assert_msg(v == p->def, "%s defaults to %g, documented %g", p->key, v, p->def);
    ck_assert_rc_ok(runcover_athlete_set_number(a, p->key, p->min));
    ck_assert_rc_ok(runcover_athlete_get_number(a, p->key, &v));
    ck_assert_double_eq(v, p->min);
    ck_assert_rc_ok(runcover_athlete_set_number(a, p->key, p->max));
    ck_assert_rc_ok(runcover_athlete_get_number(a, p->key, &v));
    ck_assert_double_eq(v, p->max);
    const double bad[] = {p->min - 1e-6 * (fabs(p->min) + 1), p->max + 1e-6 * (fabs(p->max) + 1), NAN, INFINITY,
                          -INFINITY};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        ck_assert_rc(runcover_athlete_set_number(a, p->key, bad[k]), RUNCOVER_E_RANGE);
        ck_assert_error_mentions(p->key);
        ck_assert_rc_ok(runcover_athlete_get_number(a, p->key, &v));
        ck_assert_double_eq(v, p->max);
    }
    ck_assert_rc_ok(runcover_athlete_unset(a, p->key));
    ck_assert_rc_ok(runcover_athlete_get_number(a, p->key, &v));
    ck_assert_double_eq(v, p->def);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_load_model_text)
{
    runcover_athlete *a = athlete();
    double v;
    ck_assert_rc_ok(runcover_athlete_set_text(a, "load_model.pmc_weight", "1/N"));
    ck_assert_rc_ok(runcover_athlete_set_text(a, "load_model.pmc_weight", "1-exp(-1/N)"));
    ck_assert_rc_ok(runcover_athlete_set_text(a, "load_model.pmc_weight", "2/(N+1)"));
    ck_assert_rc(runcover_athlete_set_text(a, "load_model.pmc_weight", "3/N"), RUNCOVER_E_INVALID);
    ck_assert_error_mentions("load_model.pmc_weight");
    ck_assert_rc(runcover_athlete_set_text(a, "load_model.pmc_weight", ""), RUNCOVER_E_INVALID);
    ck_assert_rc_ok(runcover_athlete_unset(a, "load_model.pmc_weight"));

    /* A text parameter is not a number, and a number parameter is not text. */
    ck_assert_rc(runcover_athlete_set_number(a, "load_model.pmc_weight", 1), RUNCOVER_E_TYPE);
    ck_assert_error_mentions("load_model.pmc_weight");
    ck_assert_rc_ok(runcover_athlete_set_number(a, "load_model.fitness_tau", 60));
    ck_assert_rc(runcover_athlete_set_text(a, "load_model.fitness_tau", "42"), RUNCOVER_E_TYPE);
    ck_assert_error_mentions("load_model.fitness_tau");
    ck_assert_rc_ok(runcover_athlete_get_number(a, "load_model.fitness_tau", &v));
    ck_assert_double_eq(v, 60);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_load_model_unknown)
{
    runcover_athlete *a = athlete();
    double v = RC_TEST_SENTINEL;
    static const char *const unknown[] = {"load_model.nope", "load_model.", "load_model", "load_model.FITNESS_TAU"};
    for (size_t k = 0; k < sizeof unknown / sizeof unknown[0]; k++) {
        ck_assert_rc(runcover_athlete_set_number(a, unknown[k], 42), RUNCOVER_E_NOTFOUND);
        ck_assert_rc(runcover_athlete_set_text(a, unknown[k], "1/N"), RUNCOVER_E_NOTFOUND);
        ck_assert_rc(runcover_athlete_get_number(a, unknown[k], &v), RUNCOVER_E_NOTFOUND);
        ck_assert_rc(runcover_athlete_unset(a, unknown[k]), RUNCOVER_E_NOTFOUND);
    }
    ck_assert_double_eq(v, RC_TEST_SENTINEL);
    runcover_athlete_free(a);
}
END_TEST

/* ---- clone --------------------------------------------------------------------------------- */

static void populate(runcover_athlete *a)
{
    ck_assert_rc_ok(runcover_athlete_set_mass_kg(a, 70));
    ck_assert_rc_ok(runcover_athlete_set_age(a, 34));
    ck_assert_rc_ok(runcover_athlete_set_sex(a, RUNCOVER_SEX_FEMALE));
    ck_assert_rc_ok(runcover_athlete_set_experience_years(a, 8));
    ck_assert_rc_ok(runcover_athlete_set_weekly_km(a, 65));
    ck_assert_rc_ok(runcover_athlete_set_phase(a, RUNCOVER_PHASE_BUILD));
    ck_assert_rc_ok(runcover_athlete_set_preferences(a, RUNCOVER_PREF_LACTOSE_FREE | RUNCOVER_PREF_NO_CAFFEINE));
    ck_assert_rc_ok(runcover_athlete_set_units(a, RUNCOVER_UNITS_IMPERIAL));
    ck_assert_rc_ok(runcover_athlete_set_hr_rest(a, 48));
    ck_assert_rc_ok(runcover_athlete_set_hr_max(a, 188));
    ck_assert_rc_ok(runcover_athlete_set_number(a, "ext.hrv_drop_pct", 12));
    ck_assert_rc_ok(runcover_athlete_set_flag(a, "ext.sick", true));
    ck_assert_rc_ok(runcover_athlete_set_number(a, "load_model.fitness_tau", 99));
    runcover_session *s1 = session_at(T_END - 7 * 86400, 0, RUNCOVER_KIND_RACE, 200, 9);
    runcover_session *s2 = session_at(T_END - 2 * 86400, 60, RUNCOVER_KIND_EASY, 40, 3);
    ck_assert_rc_ok(runcover_athlete_add_session(a, s1));
    ck_assert_rc_ok(runcover_athlete_add_session(a, s2));
    runcover_session_free(s1);
    runcover_session_free(s2);
}

static void assert_populated(const runcover_athlete *a)
{
    double v;
    runcover_sex sex;
    runcover_phase phase;
    runcover_units units;
    unsigned prefs;
    ck_assert_rc_ok(runcover_athlete_get_mass_kg(a, &v));
    ck_assert_double_eq(v, 70);
    ck_assert_rc_ok(runcover_athlete_get_age(a, &v));
    ck_assert_double_eq(v, 34);
    ck_assert_rc_ok(runcover_athlete_get_sex(a, &sex));
    ck_assert_int_eq(sex, RUNCOVER_SEX_FEMALE);
    ck_assert_rc_ok(runcover_athlete_get_experience_years(a, &v));
    ck_assert_double_eq(v, 8);
    ck_assert_rc_ok(runcover_athlete_get_weekly_km(a, &v));
    ck_assert_double_eq(v, 65);
    ck_assert_rc_ok(runcover_athlete_get_phase(a, &phase));
    ck_assert_int_eq(phase, RUNCOVER_PHASE_BUILD);
    ck_assert_rc_ok(runcover_athlete_get_preferences(a, &prefs));
    ck_assert_uint_eq(prefs, RUNCOVER_PREF_LACTOSE_FREE | RUNCOVER_PREF_NO_CAFFEINE);
    ck_assert_rc_ok(runcover_athlete_get_units(a, &units));
    ck_assert_int_eq(units, RUNCOVER_UNITS_IMPERIAL);
    ck_assert_rc_ok(runcover_athlete_get_hr_rest(a, &v));
    ck_assert_double_eq(v, 48);
    ck_assert_rc_ok(runcover_athlete_get_hr_max(a, &v));
    ck_assert_double_eq(v, 188);
    ck_assert_rc_ok(runcover_athlete_get_number(a, "ext.hrv_drop_pct", &v));
    ck_assert_double_eq(v, 12);
    ck_assert_rc_ok(runcover_athlete_get_number(a, "ext.sick", &v));
    ck_assert_double_eq(v, 1);
    ck_assert_rc_ok(runcover_athlete_get_number(a, "load_model.fitness_tau", &v));
    ck_assert_double_eq(v, 99);

    ck_assert_uint_eq(runcover_athlete_history_count(a), 2);
    const runcover_session *h0 = runcover_athlete_history_session(a, 0);
    const runcover_session *h1 = runcover_athlete_history_session(a, 1);
    ck_assert_ptr_nonnull(h0);
    ck_assert_ptr_nonnull(h1);
    int64_t end;
    int off;
    runcover_kind kind;
    ck_assert_rc_ok(runcover_session_get_end(h0, &end, &off));
    ck_assert_int_eq(end, T_END - 7 * 86400);
    ck_assert_int_eq(off, 0);
    ck_assert_rc_ok(runcover_session_get_kind(h0, &kind));
    ck_assert_int_eq(kind, RUNCOVER_KIND_RACE);
    ck_assert_rc_ok(runcover_session_get_end(h1, &end, &off));
    ck_assert_int_eq(end, T_END - 2 * 86400);
    ck_assert_int_eq(off, 60);
    ck_assert_rc_ok(runcover_session_get_rpe(h1, &v));
    ck_assert_double_eq(v, 3);
}

START_TEST(test_athlete_clone_copies_everything)
{
    runcover_athlete *a = athlete();
    populate(a);
    runcover_athlete *c = NULL;
    ck_assert_rc_ok(runcover_athlete_clone(&c, a));
    ck_assert_ptr_nonnull(c);
    ck_assert_ptr_ne(c, a);
    assert_populated(c);
    assert_populated(a);
    runcover_athlete_free(c);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_clone_is_independent)
{
    runcover_athlete *a = athlete();
    populate(a);
    runcover_athlete *c = NULL;
    ck_assert_rc_ok(runcover_athlete_clone(&c, a));

    /* Change the original every way there is; the clone keeps its values. */
    ck_assert_rc_ok(runcover_athlete_set_mass_kg(a, 90));
    ck_assert_rc_ok(runcover_athlete_unset(a, "age"));
    ck_assert_rc_ok(runcover_athlete_set_sex(a, RUNCOVER_SEX_MALE));
    ck_assert_rc_ok(runcover_athlete_set_phase(a, RUNCOVER_PHASE_OFF));
    ck_assert_rc_ok(runcover_athlete_set_preferences(a, RUNCOVER_PREF_VEGAN));
    ck_assert_rc_ok(runcover_athlete_set_number(a, "ext.hrv_drop_pct", 50));
    ck_assert_rc_ok(runcover_athlete_unset(a, "ext.sick"));
    ck_assert_rc_ok(runcover_athlete_set_number(a, "load_model.fitness_tau", 10));
    ck_assert_rc_ok(runcover_athlete_clear_history(a));
    runcover_session *s = session_at(T_END, 0, RUNCOVER_KIND_LONG, 120, 6);
    ck_assert_rc_ok(runcover_athlete_add_session(a, s));
    runcover_session_free(s);
    assert_populated(c);

    /* ... and the other way round, also after the original is gone. */
    ck_assert_rc_ok(runcover_athlete_set_mass_kg(c, 55));
    double v;
    ck_assert_rc_ok(runcover_athlete_get_mass_kg(a, &v));
    ck_assert_double_eq(v, 90);
    ck_assert_uint_eq(runcover_athlete_history_count(a), 1);
    runcover_athlete_free(a);
    ck_assert_rc_ok(runcover_athlete_set_mass_kg(c, 70));
    assert_populated(c);
    runcover_athlete_free(c);
}
END_TEST

START_TEST(test_athlete_clone_empty)
{
    runcover_athlete *a = athlete();
    runcover_athlete *c = NULL;
    ck_assert_rc_ok(runcover_athlete_clone(&c, a));
    for (int i = 0; i < N_NUMBERS; i++)
        assert_absent(c, &numbers[i]);
    ck_assert_uint_eq(runcover_athlete_history_count(c), 0);
    double def_a, def_c;
    ck_assert_rc_ok(runcover_athlete_get_number(a, "load_model.fitness_tau", &def_a));
    ck_assert_rc_ok(runcover_athlete_get_number(c, "load_model.fitness_tau", &def_c));
    ck_assert_double_eq(def_a, def_c);
    runcover_athlete_free(c);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_clone_null_arguments)
{
    runcover_athlete *a = athlete();
    runcover_athlete *out = RC_TEST_SENTINEL_PTR;
    ck_assert_rc(runcover_athlete_clone(&out, NULL), RUNCOVER_E_MISUSE);
    ck_assert_ptr_eq(out, RC_TEST_SENTINEL_PTR);
    ck_assert_rc(runcover_athlete_clone(NULL, a), RUNCOVER_E_MISUSE);
    runcover_athlete_free(a);
}
END_TEST

/* ---- training history ---------------------------------------------------------------------- */

START_TEST(test_athlete_history_empty)
{
    runcover_athlete *a = athlete();
    ck_assert_uint_eq(runcover_athlete_history_count(a), 0);
    ck_assert_ptr_null(runcover_athlete_history_session(a, 0));
    ck_assert_ptr_null(runcover_athlete_history_session(a, SIZE_MAX));
    ck_assert_uint_eq(runcover_athlete_history_count(NULL), 0);
    ck_assert_ptr_null(runcover_athlete_history_session(NULL, 0));
    ck_assert_rc_ok(runcover_athlete_clear_history(a));
    ck_assert_uint_eq(runcover_athlete_history_count(a), 0);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_history_read_back_equal)
{
    runcover_athlete *a = athlete();
    runcover_session *s = session_at(T_END, 60, RUNCOVER_KIND_LONG, 132, 8);
    ck_assert_rc_ok(runcover_session_set_distance_km(s, 30.6));
    ck_assert_rc_ok(runcover_session_set_avg_hr(s, 151));
    ck_assert_rc_ok(runcover_session_set_temperature_c(s, -4.5));
    ck_assert_rc_ok(runcover_session_set_soreness(s, 6));
    ck_assert_rc_ok(runcover_session_set_symptom(s, RUNCOVER_SYMPTOM_SWELLING, false));
    ck_assert_rc_ok(runcover_session_set_number(s, "ext.hrv_drop_pct", 7));
    ck_assert_rc_ok(runcover_athlete_add_session(a, s));
    ck_assert_int_eq(runcover_last_error()->code, RUNCOVER_OK);
    ck_assert_uint_eq(runcover_athlete_history_count(a), 1);

    const runcover_session *h = runcover_athlete_history_session(a, 0);
    ck_assert_ptr_nonnull(h);
    ck_assert_ptr_ne(h, s);
    int64_t end = 0;
    int off = 0;
    runcover_kind kind;
    double v;
    bool flag = true;
    ck_assert_rc_ok(runcover_session_get_end(h, &end, &off));
    ck_assert_int_eq(end, T_END);
    ck_assert_int_eq(off, 60);
    ck_assert_rc_ok(runcover_session_get_kind(h, &kind));
    ck_assert_int_eq(kind, RUNCOVER_KIND_LONG);
    ck_assert_rc_ok(runcover_session_get_duration_min(h, &v));
    ck_assert_double_eq(v, 132);
    ck_assert_rc_ok(runcover_session_get_rpe(h, &v));
    ck_assert_double_eq(v, 8);
    ck_assert_rc_ok(runcover_session_get_distance_km(h, &v));
    ck_assert_double_eq(v, 30.6);
    ck_assert_rc_ok(runcover_session_get_avg_hr(h, &v));
    ck_assert_double_eq(v, 151);
    ck_assert_rc_ok(runcover_session_get_temperature_c(h, &v));
    ck_assert_double_eq(v, -4.5);
    ck_assert_rc_ok(runcover_session_get_soreness(h, &v));
    ck_assert_double_eq(v, 6);
    ck_assert_rc_ok(runcover_session_get_symptom(h, RUNCOVER_SYMPTOM_SWELLING, &flag));
    ck_assert(!flag);
    ck_assert_rc_ok(runcover_session_get_number(h, "ext.hrv_drop_pct", &v));
    ck_assert_double_eq(v, 7);
    /* Facts never set stay absent in the copy. */
    v = RC_TEST_SENTINEL;
    ck_assert_rc(runcover_session_get_ascent_m(h, &v), RUNCOVER_E_NOTFOUND);
    ck_assert_rc(runcover_session_get_symptom(h, RUNCOVER_SYMPTOM_SHARP_PAIN, &flag), RUNCOVER_E_NOTFOUND);
    ck_assert_double_eq(v, RC_TEST_SENTINEL);

    ck_assert_ptr_null(runcover_athlete_history_session(a, 1));
    runcover_session_free(s);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_history_session_is_copied)
{
    runcover_athlete *a = athlete();
    runcover_session *s = session_at(T_END, 0, RUNCOVER_KIND_TEMPO, 50, 7);
    ck_assert_rc_ok(runcover_athlete_add_session(a, s));

    /* Changing or freeing the caller's session does not reach the history. */
    ck_assert_rc_ok(runcover_session_set_rpe(s, 2));
    ck_assert_rc_ok(runcover_session_set_kind(s, RUNCOVER_KIND_EASY));
    ck_assert_rc_ok(runcover_session_unset(s, "end"));
    runcover_session_free(s);

    const runcover_session *h = runcover_athlete_history_session(a, 0);
    ck_assert_ptr_nonnull(h);
    double v;
    runcover_kind kind;
    int64_t end;
    ck_assert_rc_ok(runcover_session_get_rpe(h, &v));
    ck_assert_double_eq(v, 7);
    ck_assert_rc_ok(runcover_session_get_kind(h, &kind));
    ck_assert_int_eq(kind, RUNCOVER_KIND_TEMPO);
    ck_assert_rc_ok(runcover_session_get_end(h, &end, NULL));
    ck_assert_int_eq(end, T_END);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_history_requires_end)
{
    runcover_athlete *a = athlete();
    runcover_session *s = NULL;
    ck_assert_rc_ok(runcover_session_new(&s));
    ck_assert_rc_ok(runcover_session_set_kind(s, RUNCOVER_KIND_EASY));
    ck_assert_rc_ok(runcover_session_set_duration_min(s, 30));
    ck_assert_rc(runcover_athlete_add_session(a, s), RUNCOVER_E_INVALID);
    ck_assert_uint_eq(runcover_athlete_history_count(a), 0);

    /* An empty session is refused as well; after an end is set it is accepted. */
    runcover_session *empty = NULL;
    ck_assert_rc_ok(runcover_session_new(&empty));
    ck_assert_rc(runcover_athlete_add_session(a, empty), RUNCOVER_E_INVALID);
    ck_assert_uint_eq(runcover_athlete_history_count(a), 0);
    ck_assert_rc_ok(runcover_session_set_end(s, T_END, 0));
    ck_assert_rc_ok(runcover_athlete_add_session(a, s));
    ck_assert_uint_eq(runcover_athlete_history_count(a), 1);
    /* An end that was set and unset again is absent. */
    ck_assert_rc_ok(runcover_session_unset(s, "end"));
    ck_assert_rc_ok(runcover_session_set_rpe(s, 4));
    ck_assert_rc(runcover_athlete_add_session(a, s), RUNCOVER_E_INVALID);
    ck_assert_uint_eq(runcover_athlete_history_count(a), 1);
    runcover_session_free(empty);
    runcover_session_free(s);
    runcover_athlete_free(a);
}
END_TEST

static int64_t history_end(const runcover_athlete *a, size_t i)
{
    const runcover_session *h = runcover_athlete_history_session(a, i);
    ck_assert_msg(h != NULL, "history session %zu missing", i);
    int64_t end = -1;
    ck_assert_rc_ok(runcover_session_get_end(h, &end, NULL));
    return end;
}

START_TEST(test_athlete_history_sorted_by_end)
{
    runcover_athlete *a = athlete();
    const int64_t ends[] = {T_END - 86400, T_END - 5 * 86400, T_END, T_END - 3 * 86400, T_END - 10 * 86400};
    for (size_t k = 0; k < sizeof ends / sizeof ends[0]; k++) {
        runcover_session *s = session_at(ends[k], 0, RUNCOVER_KIND_EASY, 30 + (double)k, 4);
        ck_assert_rc_ok(runcover_athlete_add_session(a, s));
        runcover_session_free(s);
        ck_assert_uint_eq(runcover_athlete_history_count(a), k + 1);
    }
    const int64_t sorted[] = {T_END - 10 * 86400, T_END - 5 * 86400, T_END - 3 * 86400, T_END - 86400, T_END};
    for (size_t k = 0; k < 5; k++)
        ck_assert_int_eq(history_end(a, k), sorted[k]);
    ck_assert_ptr_null(runcover_athlete_history_session(a, 5));

    /* Durations were tied to their ends, so the whole session moved, not just the time. */
    double v;
    ck_assert_rc_ok(runcover_session_get_duration_min(runcover_athlete_history_session(a, 0), &v));
    ck_assert_double_eq(v, 34);
    ck_assert_rc_ok(runcover_session_get_duration_min(runcover_athlete_history_session(a, 4), &v));
    ck_assert_double_eq(v, 32);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_history_sorted_by_instant_not_local_time)
{
    runcover_athlete *a = athlete();
    /* 10:00+02:00 is 08:00Z, before 09:00Z, although its local clock reads later. */
    runcover_session *late_local = NULL, *utc = NULL;
    ck_assert_rc_ok(runcover_session_new(&late_local));
    ck_assert_rc_ok(runcover_session_set_text(late_local, "end", "2026-11-22T10:00:00+02:00"));
    ck_assert_rc_ok(runcover_session_set_kind(late_local, RUNCOVER_KIND_EASY));
    ck_assert_rc_ok(runcover_session_new(&utc));
    ck_assert_rc_ok(runcover_session_set_text(utc, "end", "2026-11-22T09:00:00Z"));
    ck_assert_rc_ok(runcover_session_set_kind(utc, RUNCOVER_KIND_TEMPO));
    ck_assert_rc_ok(runcover_athlete_add_session(a, utc));
    ck_assert_rc_ok(runcover_athlete_add_session(a, late_local));
    runcover_kind kind;
    ck_assert_rc_ok(runcover_session_get_kind(runcover_athlete_history_session(a, 0), &kind));
    ck_assert_int_eq(kind, RUNCOVER_KIND_EASY);
    ck_assert_rc_ok(runcover_session_get_kind(runcover_athlete_history_session(a, 1), &kind));
    ck_assert_int_eq(kind, RUNCOVER_KIND_TEMPO);
    runcover_session_free(late_local);
    runcover_session_free(utc);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_history_duplicate_refused)
{
    runcover_athlete *a = athlete();
    runcover_session *s = session_at(T_END, 0, RUNCOVER_KIND_RACE, 200, 9);
    ck_assert_rc_ok(runcover_athlete_add_session(a, s));
    ck_assert_rc(runcover_athlete_add_session(a, s), RUNCOVER_E_INVALID);
    ck_assert_uint_eq(runcover_athlete_history_count(a), 1);

    /* Same end, kind, duration and RPE is a duplicate even when other facts differ. */
    runcover_session *c = NULL;
    ck_assert_rc_ok(runcover_session_clone(&c, s));
    ck_assert_rc_ok(runcover_session_set_distance_km(c, 42.195));
    ck_assert_rc(runcover_athlete_add_session(a, c), RUNCOVER_E_INVALID);
    ck_assert_uint_eq(runcover_athlete_history_count(a), 1);
    runcover_session_free(c);

    /* The refused add left the stored session alone. */
    double v = RC_TEST_SENTINEL;
    ck_assert_rc(runcover_session_get_distance_km(runcover_athlete_history_session(a, 0), &v), RUNCOVER_E_NOTFOUND);
    ck_assert_double_eq(v, RC_TEST_SENTINEL);
    runcover_session_free(s);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_history_same_end_different_session_accepted)
{
    runcover_athlete *a = athlete();
    runcover_session *base = session_at(T_END, 0, RUNCOVER_KIND_RACE, 200, 9);
    ck_assert_rc_ok(runcover_athlete_add_session(a, base));
    runcover_session *other_kind = session_at(T_END, 0, RUNCOVER_KIND_ULTRA, 200, 9);
    runcover_session *other_duration = session_at(T_END, 0, RUNCOVER_KIND_RACE, 201, 9);
    runcover_session *other_rpe = session_at(T_END, 0, RUNCOVER_KIND_RACE, 200, 8);
    runcover_session *other_end = session_at(T_END + 1, 0, RUNCOVER_KIND_RACE, 200, 9);
    ck_assert_rc_ok(runcover_athlete_add_session(a, other_kind));
    ck_assert_rc_ok(runcover_athlete_add_session(a, other_duration));
    ck_assert_rc_ok(runcover_athlete_add_session(a, other_rpe));
    ck_assert_rc_ok(runcover_athlete_add_session(a, other_end));
    ck_assert_uint_eq(runcover_athlete_history_count(a), 5);
    ck_assert_int_eq(history_end(a, 4), T_END + 1);
    runcover_session_free(base);
    runcover_session_free(other_kind);
    runcover_session_free(other_duration);
    runcover_session_free(other_rpe);
    runcover_session_free(other_end);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_history_clear)
{
    runcover_athlete *a = athlete();
    for (int k = 0; k < 3; k++) {
        runcover_session *s = session_at(T_END - k * 86400, 0, RUNCOVER_KIND_EASY, 30, 3);
        ck_assert_rc_ok(runcover_athlete_add_session(a, s));
        runcover_session_free(s);
    }
    ck_assert_uint_eq(runcover_athlete_history_count(a), 3);
    ck_assert_rc_ok(runcover_athlete_set_mass_kg(a, 70));
    ck_assert_rc_ok(runcover_athlete_clear_history(a));
    ck_assert_uint_eq(runcover_athlete_history_count(a), 0);
    ck_assert_ptr_null(runcover_athlete_history_session(a, 0));
    /* Facts are not history. */
    double v;
    ck_assert_rc_ok(runcover_athlete_get_mass_kg(a, &v));
    ck_assert_double_eq(v, 70);
    /* A cleared history takes sessions again, the earlier ones included. */
    runcover_session *s = session_at(T_END, 0, RUNCOVER_KIND_EASY, 30, 3);
    ck_assert_rc_ok(runcover_athlete_add_session(a, s));
    ck_assert_uint_eq(runcover_athlete_history_count(a), 1);
    runcover_session_free(s);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_history_null_arguments)
{
    runcover_athlete *a = athlete();
    runcover_session *s = session_at(T_END, 0, RUNCOVER_KIND_EASY, 30, 3);
    ck_assert_rc(runcover_athlete_add_session(NULL, s), RUNCOVER_E_MISUSE);
    ck_assert_rc(runcover_athlete_add_session(a, NULL), RUNCOVER_E_MISUSE);
    ck_assert_uint_eq(runcover_athlete_history_count(a), 0);
    ck_assert_rc(runcover_athlete_clear_history(NULL), RUNCOVER_E_MISUSE);
    runcover_session_free(s);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_athlete_history_limit)
{
    runcover_athlete *a = athlete();
    runcover_session *s = session_at(0, 0, RUNCOVER_KIND_EASY, 30, 3);
    /* Plain ifs in the loop: a passing ck_assert costs a message to the runner. */
    for (int64_t k = 0; k < 100000; k++) {
        if (runcover_session_set_end(s, 1000000000 + k * 60, 0) != RUNCOVER_OK ||
            runcover_athlete_add_session(a, s) != RUNCOVER_OK)
            ck_abort_msg("session %lld refused: %s", (long long)k, runcover_last_error()->message);
    }
    ck_assert_uint_eq(runcover_athlete_history_count(a), 100000);
    ck_assert_rc_ok(runcover_session_set_end(s, 1000000000 - 60, 0));
    ck_assert_rc(runcover_athlete_add_session(a, s), RUNCOVER_E_LIMIT);
    ck_assert_uint_eq(runcover_athlete_history_count(a), 100000);
    ck_assert_int_eq(history_end(a, 0), 1000000000);
    runcover_session_free(s);
    runcover_athlete_free(a);
}
END_TEST

/* ---- suite --------------------------------------------------------------------------------- */

static Suite *athlete_suite(void)
{
    Suite *s = suite_create("athlete");
    TCase *tc;

    tc = tcase_create("lifecycle");
    tcase_add_test(tc, test_athlete_new_and_free);
    tcase_add_test(tc, test_athlete_new_null_out_is_misuse);
    tcase_add_test(tc, test_athlete_free_null_is_noop);
    tcase_add_test(tc, test_athlete_new_every_fact_absent);
    suite_add_tcase(s, tc);

    tc = tcase_create("numbers");
    tcase_add_loop_test(tc, test_athlete_number_accepts_range_edges, 0, N_NUMBERS);
    tcase_add_loop_test(tc, test_athlete_number_refuses_below_min, 0, N_NUMBERS);
    tcase_add_loop_test(tc, test_athlete_number_refuses_above_max, 0, N_NUMBERS);
    tcase_add_loop_test(tc, test_athlete_number_refuses_nan_and_inf, 0, N_NUMBERS);
    tcase_add_loop_test(tc, test_athlete_number_refused_leaves_absent, 0, N_NUMBERS);
    tcase_add_loop_test(tc, test_athlete_number_null_arguments, 0, N_NUMBERS);
    tcase_add_loop_test(tc, test_athlete_number_keyed_with_and_without_prefix, 0, N_NUMBERS);
    suite_add_tcase(s, tc);

    tc = tcase_create("enums");
    tcase_add_test(tc, test_athlete_sex_set_get);
    tcase_add_test(tc, test_athlete_sex_refused_keeps_old);
    tcase_add_test(tc, test_athlete_sex_refused_names_fact);
    tcase_add_test(tc, test_athlete_sex_null_arguments);
    tcase_add_test(tc, test_athlete_phase_set_get);
    tcase_add_test(tc, test_athlete_phase_refused_keeps_old);
    tcase_add_test(tc, test_athlete_phase_refused_names_fact);
    tcase_add_test(tc, test_athlete_phase_null_arguments);
    tcase_add_test(tc, test_athlete_units_set_get);
    tcase_add_test(tc, test_athlete_units_refused_keeps_old);
    tcase_add_test(tc, test_athlete_units_refused_names_fact);
    tcase_add_test(tc, test_athlete_units_null_arguments);
    tcase_add_test(tc, test_athlete_preferences_set_get);
    tcase_add_test(tc, test_athlete_preferences_refused_keeps_old);
    tcase_add_test(tc, test_athlete_preferences_refused_names_fact);
    tcase_add_test(tc, test_athlete_preferences_null_arguments);
    tcase_add_test(tc, test_athlete_enum_set_text);
    tcase_add_test(tc, test_athlete_preferences_set_text);
    tcase_add_test(tc, test_athlete_enum_unset);
    suite_add_tcase(s, tc);

    tc = tcase_create("keyed");
    tcase_add_test(tc, test_athlete_keyed_unknown_keys);
    tcase_add_test(tc, test_athlete_keyed_not_an_athlete_fact);
    tcase_add_test(tc, test_athlete_keyed_wrong_type);
    tcase_add_test(tc, test_athlete_keyed_null_arguments);
    tcase_add_test(tc, test_athlete_unset_absent_is_ok);
    suite_add_tcase(s, tc);

    tc = tcase_create("ext");
    tcase_add_test(tc, test_athlete_ext_number_and_flag);
    tcase_add_test(tc, test_athlete_ext_refuses_nan_and_inf);
    tcase_add_test(tc, test_athlete_ext_empty_name_refused);
    suite_add_tcase(s, tc);

    tc = tcase_create("load_model");
    tcase_add_test(tc, test_athlete_load_model_number);
    tcase_add_loop_test(tc, test_athlete_load_model_parameter, 0, N_LOAD_PARAMS);
    tcase_add_test(tc, test_athlete_load_model_text);
    tcase_add_test(tc, test_athlete_load_model_unknown);
    suite_add_tcase(s, tc);

    tc = tcase_create("clone");
    tcase_add_test(tc, test_athlete_clone_copies_everything);
    tcase_add_test(tc, test_athlete_clone_is_independent);
    tcase_add_test(tc, test_athlete_clone_empty);
    tcase_add_test(tc, test_athlete_clone_null_arguments);
    suite_add_tcase(s, tc);

    tc = tcase_create("history");
    tcase_add_test(tc, test_athlete_history_empty);
    tcase_add_test(tc, test_athlete_history_read_back_equal);
    tcase_add_test(tc, test_athlete_history_session_is_copied);
    tcase_add_test(tc, test_athlete_history_requires_end);
    tcase_add_test(tc, test_athlete_history_sorted_by_end);
    tcase_add_test(tc, test_athlete_history_sorted_by_instant_not_local_time);
    tcase_add_test(tc, test_athlete_history_duplicate_refused);
    tcase_add_test(tc, test_athlete_history_same_end_different_session_accepted);
    tcase_add_test(tc, test_athlete_history_clear);
    tcase_add_test(tc, test_athlete_history_null_arguments);
    suite_add_tcase(s, tc);

    tc = tcase_create("history_limit");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_athlete_history_limit);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(athlete_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
