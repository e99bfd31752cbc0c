/*
 * Library-wide behaviour, tested against include/runcover/runcover.h and
 * DESIGN §2 and §5: status codes and their descriptions, the thread-local
 * last error (never NULL, reset by every fallible call), versions, and the
 * fact catalogue seen through runcover_fact_count()/runcover_fact_info().
 *
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "test_common.h"

/* ---- status codes -------------------------------------------------------------------------- */

START_TEST(test_status_values_fixed)
{
    ck_assert_int_eq(RUNCOVER_OK, 0);
    ck_assert_int_eq(RUNCOVER_E_INVALID, 1);
    ck_assert_int_eq(RUNCOVER_E_RANGE, 2);
    ck_assert_int_eq(RUNCOVER_E_NOMEM, 3);
    ck_assert_int_eq(RUNCOVER_E_IO, 4);
    ck_assert_int_eq(RUNCOVER_E_SYNTAX, 5);
    ck_assert_int_eq(RUNCOVER_E_SCHEMA, 6);
    ck_assert_int_eq(RUNCOVER_E_TYPE, 7);
    ck_assert_int_eq(RUNCOVER_E_LIMIT, 8);
    ck_assert_int_eq(RUNCOVER_E_NOTFOUND, 9);
    ck_assert_int_eq(RUNCOVER_E_MISUSE, 10);
}
END_TEST

START_TEST(test_status_str_known_codes)
{
    const char *seen[11];
    for (int code = RUNCOVER_OK; code <= RUNCOVER_E_MISUSE; code++) {
        const char *s = runcover_status_str(code);
        ck_assert_msg(s != NULL, "runcover_status_str(%d) is NULL", code);
        ck_assert_msg(s[0] != '\0', "runcover_status_str(%d) is empty", code);
        ck_assert_msg(strcmp(s, "unknown status") != 0, "runcover_status_str(%d) is \"unknown status\"", code);
        /* Fixed text: the same pointer every time. */
        ck_assert_ptr_eq(runcover_status_str(code), s);
        for (int k = 0; k < code; k++)
            ck_assert_msg(strcmp(seen[k], s) != 0, "codes %d and %d share the description \"%s\"", k, code, s);
        seen[code] = s;
    }
}
END_TEST

START_TEST(test_status_str_unknown_codes)
{
    const int unknown[] = {-1, 11, 12, 100, 255, 256, INT_MAX, INT_MIN, -10};
    for (size_t k = 0; k < sizeof unknown / sizeof unknown[0]; k++) {
        const char *s = runcover_status_str(unknown[k]);
        ck_assert_msg(s != NULL, "runcover_status_str(%d) is NULL", unknown[k]);
        ck_assert_str_eq(s, "unknown status");
    }
}
END_TEST

/* ---- the last error ------------------------------------------------------------------------ */

static void assert_clear(const char *after)
{
    const runcover_error *e = runcover_last_error();
    ck_assert_msg(e != NULL, "runcover_last_error() is NULL after %s", after);
    ck_assert_msg(e->code == RUNCOVER_OK, "after %s the last error code is %d (%s)", after, (int)e->code,
                  e->message ? e->message : "(null)");
    ck_assert_msg(e->message != NULL && e->message[0] == '\0', "after %s the message is \"%s\"", after,
                  e->message ? e->message : "(null)");
    ck_assert_msg(e->file != NULL && e->file[0] == '\0', "after %s the file is \"%s\"", after,
                  e->file ? e->file : "(null)");
    ck_assert_msg(e->line == 0 && e->column == 0, "after %s the position is %u:%u", after, e->line, e->column);
    ck_assert_msg(runcover_last_error_count() == 0, "after %s runcover_last_error_count() is %zu", after,
                  runcover_last_error_count());
    ck_assert_msg(runcover_last_error_at(0) == NULL, "after %s runcover_last_error_at(0) is not NULL", after);
}

START_TEST(test_last_error_never_null_initially)
{
    /* A fresh process (and thread) that has made no call yet. */
    const runcover_error *e = runcover_last_error();
    ck_assert_ptr_nonnull(e);
    ck_assert_ptr_nonnull(e->message);
    ck_assert_ptr_nonnull(e->file);
    ck_assert_int_eq(e->code, RUNCOVER_OK);
    ck_assert_str_eq(e->message, "");
    ck_assert_uint_eq(runcover_last_error_count(), 0);
    ck_assert_ptr_null(runcover_last_error_at(0));
}
END_TEST

START_TEST(test_last_error_after_setter_failure)
{
    runcover_athlete *a = NULL;
    ck_assert_rc_ok(runcover_athlete_new(&a));
    runcover_status rc = runcover_athlete_set_mass_kg(a, 20);
    ck_assert_int_eq(rc, RUNCOVER_E_RANGE);
    const runcover_error *e = runcover_last_error();
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->code, RUNCOVER_E_RANGE);
    ck_assert_ptr_nonnull(e->message);
    ck_assert_ptr_nonnull(strstr(e->message, "athlete.mass_kg"));
    ck_assert_ptr_nonnull(strstr(e->message, "30"));
    ck_assert_ptr_nonnull(strstr(e->message, "250"));
    /* No file applies to a setter. */
    ck_assert_ptr_nonnull(e->file);
    ck_assert_str_eq(e->file, "");
    ck_assert_uint_eq(e->line, 0);
    ck_assert_uint_eq(e->column, 0);

    /* Exactly one error collected; it is the last error. */
    ck_assert_uint_eq(runcover_last_error_count(), 1);
    const runcover_error *e0 = runcover_last_error_at(0);
    ck_assert_ptr_nonnull(e0);
    ck_assert_int_eq(e0->code, RUNCOVER_E_RANGE);
    ck_assert_str_eq(e0->message, e->message);
    ck_assert_ptr_null(runcover_last_error_at(1));
    ck_assert_ptr_null(runcover_last_error_at(SIZE_MAX));

    /* Reading the error is not a fallible call: it stays put. */
    ck_assert_int_eq(runcover_last_error()->code, RUNCOVER_E_RANGE);
    (void)runcover_status_str(0);
    (void)runcover_version();
    ck_assert_int_eq(runcover_last_error()->code, RUNCOVER_E_RANGE);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_last_error_misuse_blames_caller)
{
    ck_assert_rc(runcover_athlete_set_mass_kg(NULL, 70), RUNCOVER_E_MISUSE);
    ck_assert_ptr_nonnull(runcover_last_error()->message);
    ck_assert_msg(runcover_last_error()->message[0] != '\0', "misuse without a message");
    ck_assert_rc(runcover_session_new(NULL), RUNCOVER_E_MISUSE);
    ck_assert_rc(runcover_fact_info(NULL, 0, NULL), RUNCOVER_E_MISUSE);
}
END_TEST

START_TEST(test_last_error_replaced_by_next_failure)
{
    runcover_athlete *a = NULL;
    ck_assert_rc_ok(runcover_athlete_new(&a));
    ck_assert_rc(runcover_athlete_set_mass_kg(a, 20), RUNCOVER_E_RANGE);
    double v;
    ck_assert_rc(runcover_athlete_get_age(a, &v), RUNCOVER_E_NOTFOUND);
    ck_assert_int_eq(runcover_last_error()->code, RUNCOVER_E_NOTFOUND);
    ck_assert_uint_eq(runcover_last_error_count(), 1);
    ck_assert_int_eq(runcover_last_error_at(0)->code, RUNCOVER_E_NOTFOUND);
    ck_assert_rc(runcover_athlete_set_text(a, "phase", "sprint"), RUNCOVER_E_INVALID);
    ck_assert_ptr_null(strstr(runcover_last_error()->message, "athlete.mass_kg"));
    runcover_athlete_free(a);
}
END_TEST

/* Makes the last error non-empty, so that the next call must reset it. */
static void provoke(void)
{
    runcover_status rc = runcover_athlete_new(NULL);
    ck_assert_int_eq(rc, RUNCOVER_E_MISUSE);
    ck_assert_int_eq(runcover_last_error()->code, RUNCOVER_E_MISUSE);
}

#define ASSERT_RESETS(call)                                                                            \
    do {                                                                                               \
        provoke();                                                                                     \
        ck_assert_rc_ok(call);                                                                         \
        assert_clear(#call);                                                                           \
    } while (0)

START_TEST(test_last_error_reset_by_every_fallible_call)
{
    runcover_athlete *a = NULL, *a2 = NULL, *ac = NULL;
    runcover_session *s = NULL, *sc = NULL;
    runcover_evaluator *ev = NULL;
    runcover_plan *p = NULL;
    double v;
    unsigned prefs;
    runcover_kind kind;
    int64_t end;
    bool flag;
    runcover_fact_desc d;

    ASSERT_RESETS(runcover_athlete_new(&a));
    ASSERT_RESETS(runcover_athlete_new(&a2));
    ASSERT_RESETS(runcover_athlete_set_mass_kg(a, 70));
    ASSERT_RESETS(runcover_athlete_set_age(a, 34));
    ASSERT_RESETS(runcover_athlete_set_sex(a, RUNCOVER_SEX_MALE));
    ASSERT_RESETS(runcover_athlete_set_phase(a, RUNCOVER_PHASE_BUILD));
    ASSERT_RESETS(runcover_athlete_set_preferences(a, RUNCOVER_PREF_VEGAN));
    ASSERT_RESETS(runcover_athlete_set_units(a, RUNCOVER_UNITS_METRIC));
    ASSERT_RESETS(runcover_athlete_get_mass_kg(a, &v));
    ASSERT_RESETS(runcover_athlete_get_preferences(a, &prefs));
    ASSERT_RESETS(runcover_athlete_set_number(a, "athlete.weekly_km", 50));
    ASSERT_RESETS(runcover_athlete_set_text(a, "phase", "peak"));
    ASSERT_RESETS(runcover_athlete_set_flag(a, "ext.sick", true));
    ASSERT_RESETS(runcover_athlete_set_number(a, "load_model.fitness_tau", 40));
    ASSERT_RESETS(runcover_athlete_get_number(a, "mass_kg", &v));
    ASSERT_RESETS(runcover_athlete_unset(a, "age"));
    ASSERT_RESETS(runcover_athlete_unset(a, "age"));
    ASSERT_RESETS(runcover_session_new(&s));
    ASSERT_RESETS(runcover_session_set_end(s, 1795336200LL, 60));
    ASSERT_RESETS(runcover_session_set_text(s, "kind", "long"));
    ASSERT_RESETS(runcover_session_set_rpe(s, 7));
    ASSERT_RESETS(runcover_session_set_number(s, "checkin.soreness", 3));
    ASSERT_RESETS(runcover_session_set_flag(s, "checkin.swelling", false));
    ASSERT_RESETS(runcover_session_set_symptom(s, RUNCOVER_SYMPTOM_BRUISING, false));
    ASSERT_RESETS(runcover_session_get_symptom(s, RUNCOVER_SYMPTOM_BRUISING, &flag));
    ASSERT_RESETS(runcover_session_get_kind(s, &kind));
    ASSERT_RESETS(runcover_session_get_end(s, &end, NULL));
    ASSERT_RESETS(runcover_session_get_number(s, "end_hour_local", &v));
    ASSERT_RESETS(runcover_session_unset(s, "rpe"));
    ASSERT_RESETS(runcover_session_clone(&sc, s));
    ASSERT_RESETS(runcover_athlete_add_session(a, s));
    ASSERT_RESETS(runcover_athlete_clone(&ac, a));
    ASSERT_RESETS(runcover_athlete_clear_history(a));
    d.size = sizeof d;
    ASSERT_RESETS(runcover_fact_info(NULL, 0, &d));
    ASSERT_RESETS(runcover_evaluator_new(&ev));
    ASSERT_RESETS(runcover_plan_new(&p));

    runcover_plan_free(p);
    runcover_evaluator_free(ev);
    runcover_session_free(sc);
    runcover_session_free(s);
    runcover_athlete_free(ac);
    runcover_athlete_free(a2);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_last_error_load_position)
{
    static const char bad[] = "format: 1\nprotocol: [\n";
    runcover_evaluator *ev = NULL;
    ck_assert_rc_ok(runcover_evaluator_new(&ev));
    ck_assert_rc(runcover_evaluator_load_string(ev, "bad.yaml", bad, strlen(bad)), RUNCOVER_E_SYNTAX);
    const runcover_error *e = runcover_last_error();
    ck_assert_str_eq(e->file, "bad.yaml");
    ck_assert_uint_ge(e->line, 1);
    ck_assert_uint_ge(e->column, 1);
    ck_assert_uint_ge(runcover_last_error_count(), 1);
    ck_assert_int_eq(runcover_last_error_at(0)->code, RUNCOVER_E_SYNTAX);
    /* The failed load left the evaluator as it was. */
    ck_assert_uint_eq(runcover_evaluator_protocol_count(ev), 0);
    /* A later successful call clears the position too. */
    runcover_evaluator *ev2 = NULL;
    ck_assert_rc_ok(runcover_evaluator_new(&ev2));
    assert_clear("runcover_evaluator_new");
    runcover_evaluator_free(ev2);
    runcover_evaluator_free(ev);
}
END_TEST

/* ---- thread-local last error --------------------------------------------------------------- */

struct thread_report {
    pthread_barrier_t *barrier;
    int initial_code;
    int initial_message_empty;
    int initial_nonnull;
    runcover_status rc;
    int code_after_own_failure;
    int code_after_barrier;
    char message[256];
    size_t count;
};

static void *thread_main(void *arg)
{
    struct thread_report *r = arg;
    const runcover_error *e = runcover_last_error();
    r->initial_nonnull = e != NULL && e->message != NULL && e->file != NULL;
    r->initial_code = e ? (int)e->code : -1;
    r->initial_message_empty = e && e->message && e->message[0] == '\0';

    runcover_session *s = NULL;
    if (runcover_session_new(&s) == RUNCOVER_OK) {
        double v;
        r->rc = runcover_session_get_rpe(s, &v); /* absent: E_NOTFOUND on this thread */
        runcover_session_free(s);
    }
    /* runcover_session_free() is not fallible; the error stays. */
    r->code_after_own_failure = (int)runcover_last_error()->code;
    pthread_barrier_wait(r->barrier); /* main has its own error now */
    pthread_barrier_wait(r->barrier); /* main has checked it */
    r->code_after_barrier = (int)runcover_last_error()->code;
    snprintf(r->message, sizeof r->message, "%s", runcover_last_error()->message);
    r->count = runcover_last_error_count();
    return NULL;
}

START_TEST(test_last_error_thread_local)
{
    pthread_barrier_t barrier;
    ck_assert_int_eq(pthread_barrier_init(&barrier, NULL, 2), 0);
    struct thread_report r;
    memset(&r, 0, sizeof r);
    r.barrier = &barrier;
    r.rc = RUNCOVER_OK;

    runcover_athlete *a = NULL;
    ck_assert_rc_ok(runcover_athlete_new(&a));
    ck_assert_rc(runcover_athlete_set_age(a, 5), RUNCOVER_E_RANGE); /* this thread: E_RANGE */

    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, thread_main, &r), 0);
    pthread_barrier_wait(&barrier);
    /* The other thread failed with E_NOTFOUND meanwhile; ours is untouched. */
    ck_assert_int_eq(runcover_last_error()->code, RUNCOVER_E_RANGE);
    ck_assert_ptr_nonnull(strstr(runcover_last_error()->message, "athlete.age"));
    /* And a success here does not clear the other thread's error. */
    ck_assert_rc_ok(runcover_athlete_set_age(a, 40));
    pthread_barrier_wait(&barrier);
    ck_assert_int_eq(pthread_join(t, NULL), 0);
    pthread_barrier_destroy(&barrier);

    ck_assert_msg(r.initial_nonnull, "runcover_last_error() on a new thread is NULL or has NULL strings");
    ck_assert_msg(r.initial_code == RUNCOVER_OK, "a new thread starts with code %d", r.initial_code);
    ck_assert_msg(r.initial_message_empty, "a new thread starts with a non-empty message");
    ck_assert_int_eq(r.rc, RUNCOVER_E_NOTFOUND);
    ck_assert_int_eq(r.code_after_own_failure, RUNCOVER_E_NOTFOUND);
    ck_assert_int_eq(r.code_after_barrier, RUNCOVER_E_NOTFOUND);
    ck_assert_msg(r.message[0] != '\0', "the thread's error message is empty");
    ck_assert_uint_eq(r.count, 1);
    assert_clear("runcover_athlete_set_age on the main thread");
    runcover_athlete_free(a);
}
END_TEST

/* ---- versions ------------------------------------------------------------------------------ */

_Static_assert(RUNCOVER_VERSION_NUMBER ==
                   RUNCOVER_VERSION_MAJOR * 10000 + RUNCOVER_VERSION_MINOR * 100 + RUNCOVER_VERSION_PATCH,
               "RUNCOVER_VERSION_NUMBER");
_Static_assert(RUNCOVER_VERSION_CHECK(0, 1, 0), "at least 0.1.0");
_Static_assert(RUNCOVER_VERSION_CHECK(RUNCOVER_VERSION_MAJOR, RUNCOVER_VERSION_MINOR, RUNCOVER_VERSION_PATCH),
               "at least itself");

START_TEST(test_version_runtime_matches_headers)
{
    const char *v = runcover_version();
    ck_assert_ptr_nonnull(v);
    ck_assert_str_eq(v, RUNCOVER_VERSION_STRING);
    ck_assert_ptr_eq(runcover_version(), v);
    ck_assert_int_eq(runcover_version_number(), RUNCOVER_VERSION_NUMBER);

    char built[32];
    snprintf(built, sizeof built, "%d.%d.%d", RUNCOVER_VERSION_MAJOR, RUNCOVER_VERSION_MINOR, RUNCOVER_VERSION_PATCH);
    ck_assert_str_eq(built, RUNCOVER_VERSION_STRING);
    ck_assert_int_eq(RUNCOVER_VERSION_NUMBER, 100);
    ck_assert_str_eq(RUNCOVER_VERSION_STRING, "0.1.0");
}
END_TEST

START_TEST(test_version_check_macro)
{
    ck_assert(RUNCOVER_VERSION_CHECK(0, 0, 0));
    ck_assert(RUNCOVER_VERSION_CHECK(0, 0, 99));
    ck_assert(RUNCOVER_VERSION_CHECK(0, 1, 0));
    ck_assert(!RUNCOVER_VERSION_CHECK(0, 1, 1));
    ck_assert(!RUNCOVER_VERSION_CHECK(0, 2, 0));
    ck_assert(!RUNCOVER_VERSION_CHECK(1, 0, 0));
}
END_TEST

START_TEST(test_string_free_null_is_noop)
{
    runcover_string_free(NULL);
    runcover_athlete_free(NULL);
    runcover_session_free(NULL);
    runcover_evaluator_free(NULL);
    runcover_plan_free(NULL);
    runcover_scenario_free(NULL);
}
END_TEST

/* ---- fact catalogue ------------------------------------------------------------------------ */

static const char *const sex_values[] = {"female", "male"};
static const char *const phase_values[] = {"base", "build", "peak", "taper", "race", "off"};
static const char *const pref_values[] = {"no_cold_therapy", "lactose_free", "vegetarian",
                                          "vegan",           "no_caffeine",  "limited_time"};
static const char *const units_values[] = {"metric", "imperial"};
static const char *const kind_values[] = {"easy", "long", "tempo", "intervals", "hills", "race", "ultra", "cross"};

#define A RUNCOVER_FACT_ATHLETE
#define S RUNCOVER_FACT_SESSION
#define D RUNCOVER_FACT_DERIVED
#define NUM(path, key, lo, hi, fl) {path, key, RUNCOVER_FACT_NUMBER, lo, hi, fl, 0, NULL}
#define ENUM(path, key, t, vals, fl) {path, key, t, NAN, NAN, fl, sizeof vals / sizeof vals[0], vals}

/* DESIGN §2, the built-in facts. NaN bounds: not checked (no range given). */
static const struct expected_fact {
    const char *path;
    const char *key; /* NULL: not checked (derived) */
    runcover_fact_type type;
    double min, max;
    unsigned flags;
    size_t enum_count;
    const char *const *values;
} expected[] = {
    NUM("athlete.mass_kg", "mass_kg", 30, 250, A),
    NUM("athlete.age", "age", 10, 100, A),
    ENUM("athlete.sex", "sex", RUNCOVER_FACT_ENUM, sex_values, A),
    NUM("athlete.experience_years", "experience_years", 0, 80, A),
    NUM("athlete.weekly_km", "weekly_km", 0, 400, A),
    ENUM("athlete.phase", "phase", RUNCOVER_FACT_ENUM, phase_values, A),
    ENUM("athlete.preferences", "preferences", RUNCOVER_FACT_SET, pref_values, A),
    ENUM("athlete.units", "units", RUNCOVER_FACT_ENUM, units_values, A),
    NUM("athlete.hr_rest", "hr_rest", 25, 120, A),
    NUM("athlete.hr_max", "hr_max", 100, 230, A),
    ENUM("session.kind", "kind", RUNCOVER_FACT_ENUM, kind_values, S),
    {"session.end", "end", RUNCOVER_FACT_TIME, NAN, NAN, S, 0, NULL},
    NUM("session.end_hour_local", NULL, 0, 23, S | D),
    NUM("session.duration_min", "duration_min", 1, 2880, S),
    NUM("session.distance_km", "distance_km", 0, 400, S),
    NUM("session.rpe", "rpe", 1, 10, S),
    NUM("session.avg_hr", "avg_hr", 30, 230, S),
    NUM("session.ascent_m", "ascent_m", 0, 20000, S),
    NUM("session.descent_m", "descent_m", 0, 20000, S),
    NUM("session.temperature_c", "temperature_c", -40, 55, S),
    NUM("session.humidity_pct", "humidity_pct", 0, 100, S),
    NUM("session.mass_before_kg", "mass_before_kg", 30, 250, S),
    NUM("session.mass_after_kg", "mass_after_kg", 30, 250, S),
    NUM("session.mass_loss_kg", NULL, NAN, NAN, S | D),
    NUM("session.fluid_ml", "fluid_ml", 0, 20000, S),
    NUM("session.checkin.soreness", "checkin.soreness", 0, 10, S),
    {"session.checkin.sharp_pain", "checkin.sharp_pain", RUNCOVER_FACT_FLAG, NAN, NAN, S, 0, NULL},
    {"session.checkin.swelling", "checkin.swelling", RUNCOVER_FACT_FLAG, NAN, NAN, S, 0, NULL},
    {"session.checkin.bruising", "checkin.bruising", RUNCOVER_FACT_FLAG, NAN, NAN, S, 0, NULL},
    {"session.checkin.deformity", "checkin.deformity", RUNCOVER_FACT_FLAG, NAN, NAN, S, 0, NULL},
    {"session.checkin.numbness", "checkin.numbness", RUNCOVER_FACT_FLAG, NAN, NAN, S, 0, NULL},
    {"session.checkin.pain_worsening", "checkin.pain_worsening", RUNCOVER_FACT_FLAG, NAN, NAN, S, 0, NULL},
    {"session.checkin.interferes_daily", "checkin.interferes_daily", RUNCOVER_FACT_FLAG, NAN, NAN, S, 0, NULL},
    NUM("session.checkin.persistent_pain_days", "checkin.persistent_pain_days", 0, 365, S),
};
#define N_EXPECTED ((int)(sizeof expected / sizeof expected[0]))

#undef A
#undef S
#undef D
#undef NUM
#undef ENUM

static runcover_fact_desc desc_at(const runcover_evaluator *ev, size_t i)
{
    runcover_fact_desc d;
    memset(&d, 0, sizeof d);
    d.size = sizeof d;
    ck_assert_rc_ok(runcover_fact_info(ev, i, &d));
    return d;
}

/* Index of @p path in the catalogue of @p ev, or SIZE_MAX. */
static size_t find_fact(const runcover_evaluator *ev, const char *path)
{
    size_t n = runcover_fact_count(ev);
    for (size_t i = 0; i < n; i++) {
        runcover_fact_desc d = desc_at(ev, i);
        if (d.path && strcmp(d.path, path) == 0)
            return i;
    }
    return SIZE_MAX;
}

START_TEST(test_facts_every_built_in_present)
{
    const struct expected_fact *x = &expected[_i];
    size_t i = find_fact(NULL, x->path);
    ck_assert_msg(i != SIZE_MAX, "fact %s is missing from runcover_fact_info(NULL, …)", x->path);
    runcover_fact_desc d = desc_at(NULL, i);
    ck_assert_msg(d.type == x->type, "%s has type %d, expected %d", x->path, (int)d.type, (int)x->type);
    if (x->key)
        ck_assert_msg(d.key && strcmp(d.key, x->key) == 0, "%s has key \"%s\", expected \"%s\"", x->path,
                      d.key ? d.key : "(null)", x->key);
    if (!isnan(x->min))
        ck_assert_msg(d.min == x->min && d.max == x->max, "%s has range %g–%g, expected %g–%g", x->path, d.min, d.max,
                      x->min, x->max);
    ck_assert_msg(d.enum_count == x->enum_count, "%s has %zu names, expected %zu", x->path, d.enum_count,
                  x->enum_count);
    if (x->enum_count == 0) {
        ck_assert_msg(d.enum_values == NULL, "%s: enum_values not NULL", x->path);
    } else {
        ck_assert_ptr_nonnull(d.enum_values);
        for (size_t k = 0; k < x->enum_count; k++)
            ck_assert_msg(d.enum_values[k] && strcmp(d.enum_values[k], x->values[k]) == 0,
                          "%s name %zu is \"%s\", expected \"%s\"", x->path, k,
                          d.enum_values[k] ? d.enum_values[k] : "(null)", x->values[k]);
    }
    ck_assert_msg(d.flags == x->flags, "%s has flags 0x%x, expected 0x%x", x->path, d.flags, x->flags);
}
END_TEST

START_TEST(test_facts_units_documented_examples)
{
    runcover_fact_desc d = desc_at(NULL, find_fact(NULL, "athlete.mass_kg"));
    ck_assert_str_eq(d.unit, "kg");
    d = desc_at(NULL, find_fact(NULL, "session.duration_min"));
    ck_assert_str_eq(d.unit, "min");
    d = desc_at(NULL, find_fact(NULL, "athlete.phase"));
    ck_assert_str_eq(d.unit, "");
}
END_TEST

START_TEST(test_facts_catalogue_well_formed)
{
    size_t n = runcover_fact_count(NULL);
    ck_assert_uint_ge(n, (size_t)N_EXPECTED + 1); /* + at least one load.* fact */
    ck_assert_uint_eq(runcover_fact_count(NULL), n);
    size_t load = 0;
    for (size_t i = 0; i < n; i++) {
        runcover_fact_desc d = desc_at(NULL, i);
        ck_assert_msg(d.path && d.path[0], "fact %zu has no path", i);
        ck_assert_msg(d.key != NULL || (d.flags & RUNCOVER_FACT_DERIVED), "%s: key is NULL", d.path);
        ck_assert_msg(d.unit != NULL, "%s: unit is NULL", d.path);
        ck_assert_msg(d.doc != NULL, "%s: doc is NULL", d.path);
        ck_assert_msg(d.type >= RUNCOVER_FACT_NUMBER && d.type <= RUNCOVER_FACT_TEXT, "%s: type %d", d.path,
                      (int)d.type);
        ck_assert_msg((d.flags & RUNCOVER_FACT_EXT) == 0, "%s: built-in marked EXT", d.path);
        ck_assert_msg(strncmp(d.path, "ext.", 4) != 0, "%s: an ext fact without an evaluator", d.path);
        if (d.type == RUNCOVER_FACT_NUMBER)
            ck_assert_msg(!isnan(d.min) && !isnan(d.max) && d.min <= d.max, "%s: range %g–%g", d.path, d.min, d.max);
        if (d.type == RUNCOVER_FACT_ENUM || d.type == RUNCOVER_FACT_SET)
            ck_assert_msg(d.enum_count > 0 && d.enum_values != NULL, "%s: no names", d.path);
        else
            ck_assert_msg(d.enum_count == 0 && d.enum_values == NULL, "%s: names on a non-enum fact", d.path);
        unsigned who = d.flags & (RUNCOVER_FACT_ATHLETE | RUNCOVER_FACT_SESSION | RUNCOVER_FACT_DERIVED);
        if (who == RUNCOVER_FACT_ATHLETE)
            ck_assert_msg(strncmp(d.path, "athlete.", 8) == 0 && strcmp(d.key, d.path + 8) == 0,
                          "%s: key \"%s\" is not the path without \"athlete.\"", d.path, d.key);
        if (who == RUNCOVER_FACT_SESSION)
            ck_assert_msg(strncmp(d.path, "session.", 8) == 0 && strcmp(d.key, d.path + 8) == 0,
                          "%s: key \"%s\" is not the path without \"session.\"", d.path, d.key);
        if (strncmp(d.path, "load.", 5) == 0) {
            load++;
            ck_assert_msg(d.type == RUNCOVER_FACT_NUMBER && (d.flags & RUNCOVER_FACT_DERIVED),
                          "%s: type %d flags 0x%x, expected a derived number", d.path, (int)d.type, d.flags);
        }
        for (size_t k = 0; k < i; k++)
            ck_assert_msg(strcmp(desc_at(NULL, k).path, d.path) != 0, "%s listed twice", d.path);
    }
    ck_assert_msg(load > 0, "no load.* facts");
}
END_TEST

/*
 * RUNCOVER_FACT_ATHLETE / _SESSION name the handle a fact belongs to;
 * RUNCOVER_FACT_DERIVED means "computed; it cannot be set". So every
 * built-in belongs to exactly one handle, or is derived: from a session
 * (SESSION|DERIVED, readable with runcover_session_get_number) or from the
 * history (load.*, DERIVED only).
 */
START_TEST(test_facts_flags_consistent)
{
    size_t n = runcover_fact_count(NULL);
    char bad[1024] = "";
    for (size_t i = 0; i < n; i++) {
        runcover_fact_desc d = desc_at(NULL, i);
        unsigned who = d.flags & (RUNCOVER_FACT_ATHLETE | RUNCOVER_FACT_SESSION | RUNCOVER_FACT_DERIVED);
        if (who != RUNCOVER_FACT_ATHLETE && who != RUNCOVER_FACT_SESSION && who != RUNCOVER_FACT_DERIVED &&
            who != (RUNCOVER_FACT_SESSION | RUNCOVER_FACT_DERIVED)) {
            char one[96];
            snprintf(one, sizeof one, " %s(0x%x)", d.path, d.flags);
            strncat(bad, one, sizeof bad - strlen(bad) - 1);
        }
    }
    ck_assert_msg(bad[0] == '\0', "facts with inconsistent flags:%s", bad);
}
END_TEST

/* Every fact the catalogue says is settable is settable by its key and by its path. */
START_TEST(test_facts_settable_as_described)
{
    runcover_fact_desc d = desc_at(NULL, (size_t)_i);
    unsigned who = d.flags & (RUNCOVER_FACT_ATHLETE | RUNCOVER_FACT_SESSION);
    if (who == 0 || (d.flags & RUNCOVER_FACT_DERIVED))
        return;
    runcover_athlete *a = NULL;
    runcover_session *s = NULL;
    ck_assert_rc_ok(runcover_athlete_new(&a));
    ck_assert_rc_ok(runcover_session_new(&s));
    const bool ath = who == RUNCOVER_FACT_ATHLETE;
#define SET_NUMBER(k, v) (ath ? runcover_athlete_set_number(a, k, v) : runcover_session_set_number(s, k, v))
#define SET_TEXT(k, v) (ath ? runcover_athlete_set_text(a, k, v) : runcover_session_set_text(s, k, v))
#define SET_FLAG(k, v) (ath ? runcover_athlete_set_flag(a, k, v) : runcover_session_set_flag(s, k, v))
#define GET_NUMBER(k, o) (ath ? runcover_athlete_get_number(a, k, o) : runcover_session_get_number(s, k, o))
#define UNSET(k) (ath ? runcover_athlete_unset(a, k) : runcover_session_unset(s, k))
    double v = RC_TEST_SENTINEL;
    switch (d.type) {
    case RUNCOVER_FACT_NUMBER:
        ck_assert_rc(GET_NUMBER(d.key, &v), RUNCOVER_E_NOTFOUND);
        ck_assert_rc_ok(SET_NUMBER(d.key, d.min));
        ck_assert_rc_ok(GET_NUMBER(d.path, &v));
        ck_assert_double_eq(v, d.min);
        ck_assert_rc_ok(SET_NUMBER(d.path, d.max));
        ck_assert_rc_ok(GET_NUMBER(d.key, &v));
        ck_assert_double_eq(v, d.max);
        ck_assert_rc(SET_NUMBER(d.key, d.max + 1), RUNCOVER_E_RANGE);
        ck_assert_error_names_range(d.path, d.min, d.max);
        ck_assert_rc(SET_NUMBER(d.path, d.min - 1), RUNCOVER_E_RANGE);
        ck_assert_error_names_range(d.path, d.min, d.max);
        ck_assert_rc(SET_NUMBER(d.key, NAN), RUNCOVER_E_RANGE);
        ck_assert_error_names_range(d.path, d.min, d.max);
        ck_assert_rc_ok(GET_NUMBER(d.key, &v));
        ck_assert_double_eq(v, d.max);
        ck_assert_rc(SET_FLAG(d.key, true), RUNCOVER_E_TYPE);
        break;
    case RUNCOVER_FACT_ENUM:
        for (size_t k = 0; k < d.enum_count; k++) {
            ck_assert_rc_ok(SET_TEXT((k & 1) ? d.key : d.path, d.enum_values[k]));
            ck_assert_rc_ok(GET_NUMBER(d.key, &v));
            ck_assert_double_eq(v, (double)k);
        }
        ck_assert_rc(SET_TEXT(d.key, "no-such-name"), RUNCOVER_E_INVALID);
        ck_assert_error_mentions(d.path);
        ck_assert_rc(SET_NUMBER(d.key, 0), RUNCOVER_E_TYPE);
        break;
    case RUNCOVER_FACT_SET: {
        char all[512] = "";
        for (size_t k = 0; k < d.enum_count; k++) {
            if (k)
                strncat(all, ", ", sizeof all - strlen(all) - 1);
            strncat(all, d.enum_values[k], sizeof all - strlen(all) - 1);
        }
        ck_assert_rc_ok(SET_TEXT(d.key, all));
        ck_assert_rc_ok(SET_TEXT(d.path, d.enum_values[0]));
        ck_assert_rc(SET_TEXT(d.key, "no-such-name"), RUNCOVER_E_INVALID);
        ck_assert_error_mentions(d.path);
        break;
    }
    case RUNCOVER_FACT_FLAG:
        ck_assert_rc_ok(SET_FLAG(d.key, true));
        ck_assert_rc_ok(GET_NUMBER(d.path, &v));
        ck_assert_double_eq(v, 1);
        ck_assert_rc_ok(SET_FLAG(d.path, false));
        ck_assert_rc_ok(GET_NUMBER(d.key, &v));
        ck_assert_double_eq(v, 0);
        ck_assert_rc(SET_NUMBER(d.key, 1), RUNCOVER_E_TYPE);
        break;
    case RUNCOVER_FACT_TIME:
        ck_assert_rc_ok(SET_TEXT(d.key, "2026-11-22T09:30:00+01:00"));
        ck_assert_rc_ok(SET_TEXT(d.path, "2026-11-22T08:30:00Z"));
        ck_assert_rc_ok(GET_NUMBER(d.key, &v));
        ck_assert_double_eq(v, 1795336200.0);
        ck_assert_rc_fails(SET_TEXT(d.key, "2026-11-22T09:30:00"));
        ck_assert_error_mentions(d.path);
        break;
    case RUNCOVER_FACT_TEXT:
        break;
    }
    ck_assert_rc_ok(UNSET(d.key));
    ck_assert_rc_ok(UNSET(d.path));
#undef SET_NUMBER
#undef SET_TEXT
#undef SET_FLAG
#undef GET_NUMBER
#undef UNSET
    runcover_session_free(s);
    runcover_athlete_free(a);
}
END_TEST

START_TEST(test_facts_info_index_out_of_range)
{
    size_t n = runcover_fact_count(NULL);
    runcover_fact_desc d;
    memset(&d, 0x5a, sizeof d);
    d.size = sizeof d;
    runcover_fact_desc before = d;
    ck_assert_rc(runcover_fact_info(NULL, n, &d), RUNCOVER_E_NOTFOUND);
    ck_assert_rc(runcover_fact_info(NULL, SIZE_MAX, &d), RUNCOVER_E_NOTFOUND);
    ck_assert_msg(memcmp(&d, &before, sizeof d) == 0, "a failed runcover_fact_info() wrote its out-parameter");
}
END_TEST

START_TEST(test_facts_info_size_handling)
{
    runcover_fact_desc d;

    ck_assert_rc(runcover_fact_info(NULL, 0, NULL), RUNCOVER_E_MISUSE);

    /* No room even for the size field: refused, nothing written. */
    const size_t tiny[] = {0, 1};
    for (size_t k = 0; k < sizeof tiny / sizeof tiny[0]; k++) {
        memset(&d, 0x5a, sizeof d);
        d.size = tiny[k];
        runcover_fact_desc before = d;
        runcover_status rc = runcover_fact_info(NULL, 0, &d);
        ck_assert_msg(rc == RUNCOVER_E_MISUSE, "size %zu: got %d, expected E_MISUSE", tiny[k], (int)rc);
        ck_assert_int_eq(runcover_last_error()->code, RUNCOVER_E_MISUSE);
        ck_assert_msg(memcmp(&d, &before, sizeof d) == 0, "size %zu: the refused call wrote the struct", tiny[k]);
    }

    /*
     * Smaller than this header's struct: either refused as too small (nothing
     * written) or only the fields that fit are filled -- never a byte at or
     * past the caller's size.
     */
    const runcover_fact_desc full = desc_at(NULL, 0);
    const size_t small[] = {sizeof(size_t), offsetof(runcover_fact_desc, key), offsetof(runcover_fact_desc, type),
                            offsetof(runcover_fact_desc, flags), offsetof(runcover_fact_desc, doc), sizeof d - 1};
    for (size_t k = 0; k < sizeof small / sizeof small[0]; k++) {
        memset(&d, 0x5a, sizeof d);
        d.size = small[k];
        runcover_fact_desc before = d;
        runcover_status rc = runcover_fact_info(NULL, 0, &d);
        ck_assert_msg(rc == RUNCOVER_E_MISUSE || rc == RUNCOVER_OK, "size %zu: got %d", small[k], (int)rc);
        ck_assert_int_eq(runcover_last_error()->code, rc);
        if (rc == RUNCOVER_E_MISUSE) {
            ck_assert_msg(memcmp(&d, &before, sizeof d) == 0, "size %zu: the refused call wrote the struct", small[k]);
            continue;
        }
        const unsigned char *now = (const unsigned char *)&d, *was = (const unsigned char *)&before;
        for (size_t b = small[k]; b < sizeof d; b++)
            ck_assert_msg(now[b] == was[b], "size %zu: byte %zu (past the caller's size) was written", small[k], b);
        if (small[k] >= offsetof(runcover_fact_desc, key))
            ck_assert_msg(d.path == full.path || (d.path && strcmp(d.path, full.path) == 0),
                          "size %zu: path not filled", small[k]);
    }

    /* Exactly the size: filled. */
    d = desc_at(NULL, 0);
    ck_assert_ptr_nonnull(d.path);

    /* Larger (a newer caller): the known fields are filled, the bytes after them left alone. */
    struct {
        runcover_fact_desc d;
        unsigned char tail[64];
    } big;
    memset(&big, 0xa5, sizeof big);
    big.d.size = sizeof big;
    ck_assert_rc_ok(runcover_fact_info(NULL, 0, &big.d));
    ck_assert_ptr_nonnull(big.d.path);
    ck_assert_str_eq(big.d.path, d.path);
    ck_assert_str_eq(big.d.key, d.key);
    ck_assert_int_eq(big.d.type, d.type);
    ck_assert_ptr_nonnull(big.d.doc);
    for (size_t k = 0; k < sizeof big.tail; k++)
        ck_assert_msg(big.tail[k] == 0xa5, "byte %zu past the struct was written", k);
}
END_TEST

START_TEST(test_facts_with_evaluator)
{
    static const char proto[] = "format: 1\nprotocol: t\nversion: 1\nsources: { s: \"test\" }\n"
                                "facts:\n  hrv_drop_pct: { type: number, min: 0, max: 100 }\n  sick: { type: flag }\n"
                                "rules:\n  - { id: a, when: ext.hrv_drop_pct > 10 and not ext.sick, category: rest, "
                                "phase: mid_term, title: A }\n";
    size_t builtin = runcover_fact_count(NULL);
    runcover_evaluator *ev = NULL;
    ck_assert_rc_ok(runcover_evaluator_new(&ev));
    ck_assert_uint_eq(runcover_fact_count(ev), builtin);
    ck_assert_rc_ok(runcover_evaluator_load_string(ev, "t.yaml", proto, strlen(proto)));
    ck_assert_uint_eq(runcover_fact_count(ev), builtin + 2);
    ck_assert_uint_eq(runcover_fact_count(NULL), builtin);

    /* Every built-in is still there. */
    for (int k = 0; k < N_EXPECTED; k++)
        ck_assert_msg(find_fact(ev, expected[k].path) != SIZE_MAX, "%s missing with an evaluator", expected[k].path);

    size_t i = find_fact(ev, "ext.hrv_drop_pct");
    ck_assert_msg(i != SIZE_MAX, "ext.hrv_drop_pct not listed");
    runcover_fact_desc d = desc_at(ev, i);
    ck_assert_int_eq(d.type, RUNCOVER_FACT_NUMBER);
    ck_assert_double_eq(d.min, 0);
    ck_assert_double_eq(d.max, 100);
    ck_assert_msg(d.flags & RUNCOVER_FACT_EXT, "ext.hrv_drop_pct flags 0x%x lack EXT", d.flags);
    i = find_fact(ev, "ext.sick");
    ck_assert_msg(i != SIZE_MAX, "ext.sick not listed");
    d = desc_at(ev, i);
    ck_assert_int_eq(d.type, RUNCOVER_FACT_FLAG);
    ck_assert_msg(d.flags & RUNCOVER_FACT_EXT, "ext.sick flags 0x%x lack EXT", d.flags);

    ck_assert_rc(runcover_fact_info(ev, builtin + 2, &d), RUNCOVER_E_NOTFOUND);
    ck_assert_msg(find_fact(NULL, "ext.sick") == SIZE_MAX, "ext.sick listed without an evaluator");
    runcover_evaluator_free(ev);
}
END_TEST

/* ---- suite --------------------------------------------------------------------------------- */

static Suite *errors_suite(void)
{
    Suite *s = suite_create("errors");
    TCase *tc;

    tc = tcase_create("status");
    tcase_add_test(tc, test_status_values_fixed);
    tcase_add_test(tc, test_status_str_known_codes);
    tcase_add_test(tc, test_status_str_unknown_codes);
    suite_add_tcase(s, tc);

    tc = tcase_create("last_error");
    tcase_add_test(tc, test_last_error_never_null_initially);
    tcase_add_test(tc, test_last_error_after_setter_failure);
    tcase_add_test(tc, test_last_error_misuse_blames_caller);
    tcase_add_test(tc, test_last_error_replaced_by_next_failure);
    tcase_add_test(tc, test_last_error_reset_by_every_fallible_call);
    tcase_add_test(tc, test_last_error_load_position);
    suite_add_tcase(s, tc);

    tc = tcase_create("threads");
    tcase_add_test(tc, test_last_error_thread_local);
    suite_add_tcase(s, tc);

    tc = tcase_create("version");
    tcase_add_test(tc, test_version_runtime_matches_headers);
    tcase_add_test(tc, test_version_check_macro);
    tcase_add_test(tc, test_string_free_null_is_noop);
    suite_add_tcase(s, tc);

    tc = tcase_create("facts");
    tcase_add_loop_test(tc, test_facts_every_built_in_present, 0, N_EXPECTED);
    tcase_add_test(tc, test_facts_units_documented_examples);
    tcase_add_test(tc, test_facts_catalogue_well_formed);
    tcase_add_test(tc, test_facts_flags_consistent);
    tcase_add_loop_test(tc, test_facts_settable_as_described, 0, (int)runcover_fact_count(NULL));
    tcase_add_test(tc, test_facts_info_index_out_of_range);
    tcase_add_test(tc, test_facts_info_size_handling);
    tcase_add_test(tc, test_facts_with_evaluator);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(errors_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
