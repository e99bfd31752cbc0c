/*
 * The session handle, tested against include/runcover/runcover.h and
 * DESIGN §2: every public session function, normal use, NULL arguments,
 * every range edge, refused values that leave the old value, RFC 3339 times
 * and the derived facts.
 *
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdint.h>

#include "test_common.h"

/* 2026-11-22T08:30:00Z = 2026-11-22T09:30:00+01:00 */
#define T_END 1795336200LL
/* 2200-12-31T23:59:59Z, the last second of the allowed years */
#define T_LAST 7289654399LL

typedef runcover_status (*session_setter)(runcover_session *, double);
typedef runcover_status (*session_getter)(const runcover_session *, double *);

/* The number facts of DESIGN §2 with their typed setters and getters. */
static const struct session_number {
    const char *path;
    const char *key;
    session_setter set;
    session_getter get;
    double min, max;
} numbers[] = {
    {"session.duration_min", "duration_min", runcover_session_set_duration_min, runcover_session_get_duration_min, 1,
     2880},
    {"session.distance_km", "distance_km", runcover_session_set_distance_km, runcover_session_get_distance_km, 0, 400},
    {"session.rpe", "rpe", runcover_session_set_rpe, runcover_session_get_rpe, 1, 10},
    {"session.avg_hr", "avg_hr", runcover_session_set_avg_hr, runcover_session_get_avg_hr, 30, 230},
    {"session.ascent_m", "ascent_m", runcover_session_set_ascent_m, runcover_session_get_ascent_m, 0, 20000},
    {"session.descent_m", "descent_m", runcover_session_set_descent_m, runcover_session_get_descent_m, 0, 20000},
    {"session.temperature_c", "temperature_c", runcover_session_set_temperature_c, runcover_session_get_temperature_c,
     -40, 55},
    {"session.humidity_pct", "humidity_pct", runcover_session_set_humidity_pct, runcover_session_get_humidity_pct, 0,
     100},
    {"session.mass_before_kg", "mass_before_kg", runcover_session_set_mass_before_kg,
     runcover_session_get_mass_before_kg, 30, 250},
    {"session.mass_after_kg", "mass_after_kg", runcover_session_set_mass_after_kg, runcover_session_get_mass_after_kg,
     30, 250},
    {"session.fluid_ml", "fluid_ml", runcover_session_set_fluid_ml, runcover_session_get_fluid_ml, 0, 20000},
    {"session.checkin.soreness", "checkin.soreness", runcover_session_set_soreness, runcover_session_get_soreness, 0,
     10},
    {"session.checkin.persistent_pain_days", "checkin.persistent_pain_days", runcover_session_set_persistent_pain_days,
     runcover_session_get_persistent_pain_days, 0, 365},
};
#define N_NUMBERS ((int)(sizeof numbers / sizeof numbers[0]))

/* The check-in flags in runcover_symptom order. */
static const char *const symptoms[] = {"sharp_pain", "swelling",       "bruising",        "deformity",
                                       "numbness",   "pain_worsening", "interferes_daily"};
#define N_SYMPTOMS ((int)(sizeof symptoms / sizeof symptoms[0]))

static const char *const kinds[] = {"easy", "long", "tempo", "intervals", "hills", "race", "ultra", "cross"};

static runcover_session *session(void)
{
    runcover_session *s = NULL;
    ck_assert_rc_ok(runcover_session_new(&s));
    ck_assert_ptr_nonnull(s);
    return s;
}

static double mid(const struct session_number *n)
{
    return (n->min + n->max) / 2;
}

static void assert_number(const runcover_session *s, const struct session_number *n, double want)
{
    double v = RC_TEST_SENTINEL;
    ck_assert_rc_ok(n->get(s, &v));
    ck_assert_msg(v == want, "%s reads %g, expected %g", n->path, v, want);
}

static void assert_absent(const runcover_session *s, const struct session_number *n)
{
    double v = RC_TEST_SENTINEL;
    ck_assert_rc(n->get(s, &v), RUNCOVER_E_NOTFOUND);
    ck_assert_msg(v == RC_TEST_SENTINEL, "%s: a failed getter wrote %g", n->path, v);
}

static void assert_end(const runcover_session *s, int64_t want_unix, int want_offset)
{
    int64_t unix_s = -1;
    int off = -99999;
    ck_assert_rc_ok(runcover_session_get_end(s, &unix_s, &off));
    ck_assert_int_eq(unix_s, want_unix);
    ck_assert_int_eq(off, want_offset);
}

static void assert_end_absent(const runcover_session *s)
{
    int64_t unix_s = -1;
    int off = -99999;
    ck_assert_rc(runcover_session_get_end(s, &unix_s, &off), RUNCOVER_E_NOTFOUND);
    ck_assert_int_eq(unix_s, -1);
    ck_assert_int_eq(off, -99999);
}

/* ---- lifecycle ---------------------------------------------------------------------------- */

START_TEST(test_session_new_and_free)
{
    runcover_session *s = NULL;
    ck_assert_rc_ok(runcover_session_new(&s));
    ck_assert_ptr_nonnull(s);
    runcover_session_free(s);
    runcover_session_free(NULL);
}
END_TEST

START_TEST(test_session_new_null_out_is_misuse)
{
    ck_assert_rc(runcover_session_new(NULL), RUNCOVER_E_MISUSE);
}
END_TEST

START_TEST(test_session_new_every_fact_absent)
{
    runcover_session *s = session();
    for (int i = 0; i < N_NUMBERS; i++)
        assert_absent(s, &numbers[i]);
    runcover_kind kind = (runcover_kind)RC_TEST_ENUM_SENTINEL;
    ck_assert_rc(runcover_session_get_kind(s, &kind), RUNCOVER_E_NOTFOUND);
    ck_assert_int_eq(kind, RC_TEST_ENUM_SENTINEL);
    assert_end_absent(s);
    for (int k = 0; k < N_SYMPTOMS; k++) {
        bool flag = true;
        ck_assert_rc(runcover_session_get_symptom(s, (runcover_symptom)k, &flag), RUNCOVER_E_NOTFOUND);
        ck_assert(flag);
    }
    double v = RC_TEST_SENTINEL;
    static const char *const keys[] = {"kind",       "end",           "session.end",         "end_hour_local",
                                       "mass_loss_kg", "checkin.swelling", "session.checkin.soreness", "ext.x"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        ck_assert_rc(runcover_session_get_number(s, keys[k], &v), RUNCOVER_E_NOTFOUND);
    ck_assert_double_eq(v, RC_TEST_SENTINEL);
    runcover_session_free(s);
}
END_TEST

/* ---- typed number setters (loop over `numbers`) -------------------------------------------- */

START_TEST(test_session_number_accepts_range_edges)
{
    const struct session_number *n = &numbers[_i];
    runcover_session *s = session();
    ck_assert_rc_ok(n->set(s, n->min));
    assert_number(s, n, n->min);
    ck_assert_rc_ok(n->set(s, n->max));
    assert_number(s, n, n->max);
    ck_assert_rc_ok(n->set(s, mid(n)));
    assert_number(s, n, mid(n));
    runcover_session_free(s);
}
END_TEST

START_TEST(test_session_number_refuses_below_min)
{
    const struct session_number *n = &numbers[_i];
    runcover_session *s = session();
    ck_assert_rc_ok(n->set(s, mid(n)));
    const double below[] = {n->min - 1e-6, n->min - 1, -1e300};
    for (size_t k = 0; k < sizeof below / sizeof below[0]; k++) {
        ck_assert_rc(n->set(s, below[k]), RUNCOVER_E_RANGE);
        ck_assert_error_names_range(n->path, n->min, n->max);
        assert_number(s, n, mid(n));
    }
    runcover_session_free(s);
}
END_TEST

START_TEST(test_session_number_refuses_above_max)
{
    const struct session_number *n = &numbers[_i];
    runcover_session *s = session();
    ck_assert_rc_ok(n->set(s, mid(n)));
    const double above[] = {n->max + 1e-6, n->max + 1, 1e300};
    for (size_t k = 0; k < sizeof above / sizeof above[0]; k++) {
        ck_assert_rc(n->set(s, above[k]), RUNCOVER_E_RANGE);
        ck_assert_error_names_range(n->path, n->min, n->max);
        assert_number(s, n, mid(n));
    }
    runcover_session_free(s);
}
END_TEST

START_TEST(test_session_number_refuses_nan_and_inf)
{
    const struct session_number *n = &numbers[_i];
    runcover_session *s = session();
    ck_assert_rc_ok(n->set(s, mid(n)));
    const double bad[] = {NAN, -NAN, INFINITY, -INFINITY};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        ck_assert_rc(n->set(s, bad[k]), RUNCOVER_E_RANGE);
        ck_assert_error_names_range(n->path, n->min, n->max);
        assert_number(s, n, mid(n));
    }
    runcover_session_free(s);
}
END_TEST

START_TEST(test_session_number_refused_leaves_absent)
{
    const struct session_number *n = &numbers[_i];
    runcover_session *s = session();
    ck_assert_rc(n->set(s, n->min - 1), RUNCOVER_E_RANGE);
    assert_absent(s, n);
    ck_assert_rc(n->set(s, INFINITY), RUNCOVER_E_RANGE);
    assert_absent(s, n);
    runcover_session_free(s);
}
END_TEST

START_TEST(test_session_number_null_arguments)
{
    const struct session_number *n = &numbers[_i];
    ck_assert_rc(n->set(NULL, mid(n)), RUNCOVER_E_MISUSE);
    double v = RC_TEST_SENTINEL;
    ck_assert_rc(n->get(NULL, &v), RUNCOVER_E_MISUSE);
    ck_assert_double_eq(v, RC_TEST_SENTINEL);
    runcover_session *s = session();
    ck_assert_rc_ok(n->set(s, mid(n)));
    ck_assert_rc(n->get(s, NULL), RUNCOVER_E_MISUSE);
    assert_number(s, n, mid(n));
    runcover_session_free(s);
}
END_TEST

START_TEST(test_session_number_keyed_with_and_without_prefix)
{
    const struct session_number *n = &numbers[_i];
    runcover_session *s = session();
    double v = RC_TEST_SENTINEL;

    ck_assert_rc_ok(runcover_session_set_number(s, n->key, n->min));
    assert_number(s, n, n->min);
    ck_assert_rc_ok(runcover_session_get_number(s, n->key, &v));
    ck_assert_double_eq(v, n->min);

    ck_assert_rc_ok(runcover_session_set_number(s, n->path, n->max));
    assert_number(s, n, n->max);
    ck_assert_rc_ok(runcover_session_get_number(s, n->path, &v));
    ck_assert_double_eq(v, n->max);

    ck_assert_rc(runcover_session_set_number(s, n->key, n->min - 1), RUNCOVER_E_RANGE);
    ck_assert_error_names_range(n->path, n->min, n->max);
    ck_assert_rc(runcover_session_set_number(s, n->path, n->max + 1), RUNCOVER_E_RANGE);
    ck_assert_error_names_range(n->path, n->min, n->max);
    ck_assert_rc(runcover_session_set_number(s, n->key, NAN), RUNCOVER_E_RANGE);
    ck_assert_error_names_range(n->path, n->min, n->max);
    ck_assert_rc(runcover_session_set_number(s, n->path, INFINITY), RUNCOVER_E_RANGE);
    ck_assert_error_names_range(n->path, n->min, n->max);
    assert_number(s, n, n->max);

    ck_assert_rc_ok(runcover_session_unset(s, n->key));
    assert_absent(s, n);
    ck_assert_rc_ok(runcover_session_set_number(s, n->key, mid(n)));
    ck_assert_rc_ok(runcover_session_unset(s, n->path));
    assert_absent(s, n);
    ck_assert_rc_ok(runcover_session_unset(s, n->path)); /* absent again: still OK */
    v = RC_TEST_SENTINEL;
    ck_assert_rc(runcover_session_get_number(s, n->key, &v), RUNCOVER_E_NOTFOUND);
    ck_assert_double_eq(v, RC_TEST_SENTINEL);
    runcover_session_free(s);
}
END_TEST

/* ---- kind ---------------------------------------------------------------------------------- */

START_TEST(test_session_kind_set_get)
{
    runcover_session *s = session();
    runcover_kind kind;
    double v;
    for (int k = RUNCOVER_KIND_EASY; k <= RUNCOVER_KIND_CROSS; k++) {
        ck_assert_rc_ok(runcover_session_set_kind(s, (runcover_kind)k));
        ck_assert_rc_ok(runcover_session_get_kind(s, &kind));
        ck_assert_int_eq(kind, k);
        ck_assert_rc_ok(runcover_session_get_number(s, "kind", &v));
        ck_assert_double_eq(v, k);
    }
    runcover_session_free(s);
}
END_TEST

START_TEST(test_session_kind_refused_keeps_old)
{
    runcover_session *s = session();
    runcover_kind kind;
    ck_assert_rc_ok(runcover_session_set_kind(s, RUNCOVER_KIND_HILLS));
    ck_assert_rc(runcover_session_set_kind(s, (runcover_kind)8), RUNCOVER_E_INVALID);
    ck_assert_rc(runcover_session_set_kind(s, (runcover_kind)-1), RUNCOVER_E_INVALID);
    ck_assert_rc_ok(runcover_session_get_kind(s, &kind));
    ck_assert_int_eq(kind, RUNCOVER_KIND_HILLS);
    runcover_session_free(s);
}
END_TEST

START_TEST(test_session_kind_refused_names_fact)
{
    runcover_session *s = session();
    ck_assert_rc(runcover_session_set_kind(s, (runcover_kind)8), RUNCOVER_E_INVALID);
    ck_assert_error_mentions("session.kind");
    runcover_session_free(s);
}
END_TEST

START_TEST(test_session_kind_null_arguments)
{
    runcover_session *s = session();
    runcover_kind kind = (runcover_kind)RC_TEST_ENUM_SENTINEL;
    ck_assert_rc(runcover_session_set_kind(NULL, RUNCOVER_KIND_EASY), RUNCOVER_E_MISUSE);
    ck_assert_rc(runcover_session_get_kind(NULL, &kind), RUNCOVER_E_MISUSE);
    ck_assert_int_eq(kind, RC_TEST_ENUM_SENTINEL);
    ck_assert_rc_ok(runcover_session_set_kind(s, RUNCOVER_KIND_EASY));
    ck_assert_rc(runcover_session_get_kind(s, NULL), RUNCOVER_E_MISUSE);
    runcover_session_free(s);
}
END_TEST

START_TEST(test_session_kind_set_text)
{
    runcover_session *s = session();
    runcover_kind kind;
    for (int k = 0; k < 8; k++) {
        ck_assert_rc_ok(runcover_session_set_text(s, (k & 1) ? "kind" : "session.kind", kinds[k]));
        ck_assert_rc_ok(runcover_session_get_kind(s, &kind));
        ck_assert_int_eq(kind, k);
    }
    ck_assert_rc_ok(runcover_session_set_text(s, "kind", "race"));
    ck_assert_rc(runcover_session_set_text(s, "kind", "sprint"), RUNCOVER_E_INVALID);
    ck_assert_error_mentions("session.kind");
    ck_assert_error_mentions("easy");
    ck_assert_error_mentions("cross");
    ck_assert_rc(runcover_session_set_text(s, "session.kind", "RACE"), RUNCOVER_E_INVALID);
    ck_assert_rc(runcover_session_set_text(s, "kind", ""), RUNCOVER_E_INVALID);
    ck_assert_rc_ok(runcover_session_get_kind(s, &kind));
    ck_assert_int_eq(kind, RUNCOVER_KIND_RACE);
    ck_assert_rc_ok(runcover_session_unset(s, "kind"));
    ck_assert_rc(runcover_session_get_kind(s, &kind), RUNCOVER_E_NOTFOUND);
    runcover_session_free(s);
}
END_TEST

/* ---- end: set_end ------------------------------------------------------------------------- */

START_TEST(test_session_end_set_get)
{
    runcover_session *s = session();
    ck_assert_rc_ok(runcover_session_set_end(s, T_END, 60));
    assert_end(s, T_END, 60);
    /* Either out-pointer may be NULL. */
    int64_t unix_s = 0;
    int off = 0;
    ck_assert_rc_ok(runcover_session_get_end(s, &unix_s, NULL));
    ck_assert_int_eq(unix_s, T_END);
    ck_assert_rc_ok(runcover_session_get_end(s, NULL, &off));
    ck_assert_int_eq(off, 60);
    ck_assert_rc_ok(runcover_session_get_end(s, NULL, NULL));

    double v;
    ck_assert_rc_ok(runcover_session_get_number(s, "end", &v));
    ck_assert_double_eq(v, (double)T_END);
    ck_assert_rc_ok(runcover_session_get_number(s, "session.end", &v));
    ck_assert_double_eq(v, (double)T_END);
    runcover_session_free(s);
}
END_TEST

START_TEST(test_session_end_accepts_range_edges)
{
    runcover_session *s = session();
    ck_assert_rc_ok(runcover_session_set_end(s, 0, 0));
    assert_end(s, 0, 0);
    ck_assert_rc_ok(runcover_session_set_end(s, T_END, 1439));
    assert_end(s, T_END, 1439);
    ck_assert_rc_ok(runcover_session_set_end(s, T_END, -1439));
    assert_end(s, T_END, -1439);
    runcover_session_free(s);
}
END_TEST

START_TEST(test_session_end_accepts_year_2200)
{
    /* "years 1970–2200": the whole of 2200 is allowed, as set_text("end") allows it. */
    runcover_session *s = session();
    ck_assert_rc_ok(runcover_session_set_end(s, 7258118400LL, 0)); /* 2200-01-01T00:00:00Z */
    assert_end(s, 7258118400LL, 0);
    ck_assert_rc_ok(runcover_session_set_end(s, T_LAST, 0));
    assert_end(s, T_LAST, 0);
    runcover_session_free(s);
}
END_TEST

START_TEST(test_session_end_refuses_out_of_range)
{
    runcover_session *s = session();
    ck_assert_rc_ok(runcover_session_set_end(s, T_END, 60));
    const struct {
        int64_t unix_s;
        int off;
    } bad[] = {{-1, 0}, {T_LAST + 1, 0}, {INT64_MIN, 0}, {INT64_MAX, 0}, {T_END, 1440}, {T_END, -1440}, {T_END, 100000},
               {T_END, -100000}};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        ck_assert_rc(runcover_session_set_end(s, bad[k].unix_s, bad[k].off), RUNCOVER_E_RANGE);
        ck_assert_error_mentions("session.end");
        assert_end(s, T_END, 60);
    }
    ck_assert_rc(runcover_session_set_end(s, T_END, 1440), RUNCOVER_E_RANGE);
    ck_assert_error_mentions("1439");
    runcover_session_free(s);

    /* A refused end on a fresh session leaves it absent. */
    s = session();
    ck_assert_rc(runcover_session_set_end(s, -1, 0), RUNCOVER_E_RANGE);
    assert_end_absent(s);
    runcover_session_free(s);
}
END_TEST

START_TEST(test_session_end_null_arguments)
{
    runcover_session *s = session();
    int64_t unix_s = 5;
    int off = 5;
    ck_assert_rc(runcover_session_set_end(NULL, T_END, 0), RUNCOVER_E_MISUSE);
    ck_assert_rc(runcover_session_get_end(NULL, &unix_s, &off), RUNCOVER_E_MISUSE);
    ck_assert_int_eq(unix_s, 5);
    ck_assert_int_eq(off, 5);
    runcover_session_free(s);
}
END_TEST

/* ---- end: RFC 3339 text ------------------------------------------------------------------- */

START_TEST(test_session_end_set_text_rfc3339)
{
    const struct {
        const char *text;
        int64_t unix_s;
        int off;
    } good[] = {
        {"2026-11-22T09:30:00+01:00", T_END, 60},
        {"2026-11-22T08:30:00Z", T_END, 0},
        {"2026-11-22T08:30:00+00:00", T_END, 0},
        {"2026-11-22T03:30:00-05:00", T_END, -300},
        {"2026-11-22T14:00:00+05:30", T_END, 330},
        {"2026-11-23T08:29:00+23:59", T_END, 1439},
        {"2026-11-21T08:31:00-23:59", T_END, -1439},
        {"1970-01-01T00:00:00Z", 0, 0},
        {"2200-12-31T23:59:59Z", T_LAST, 0},
        {"2028-02-29T12:00:00Z", 1835438400LL, 0},
    };
    for (size_t k = 0; k < sizeof good / sizeof good[0]; k++) {
        runcover_session *s = session();
        ck_assert_msg(runcover_session_set_text(s, (k & 1) ? "end" : "session.end", good[k].text) == RUNCOVER_OK,
                      "\"%s\" refused: %s", good[k].text, runcover_last_error()->message);
        int64_t unix_s = -1;
        int off = -99999;
        ck_assert_rc_ok(runcover_session_get_end(s, &unix_s, &off));
        ck_assert_msg(unix_s == good[k].unix_s && off == good[k].off, "\"%s\" read back as %lld %+d, expected %lld %+d",
                      good[k].text, (long long)unix_s, off, (long long)good[k].unix_s, good[k].off);
        runcover_session_free(s);
    }
}
END_TEST

START_TEST(test_session_end_set_text_fractional_seconds)
{
    /* RFC 3339 allows time-secfrac; the instant keeps its whole seconds. */
    runcover_session *s = session();
    ck_assert_rc_ok(runcover_session_set_text(s, "end", "2026-11-22T09:30:00.250+01:00"));
    int64_t unix_s = -1;
    ck_assert_rc_ok(runcover_session_get_end(s, &unix_s, NULL));
    ck_assert_int_eq(unix_s, T_END);
    runcover_session_free(s);
}
END_TEST

START_TEST(test_session_end_set_text_refuses_bad_times)
{
    /* want: the exact code, or -1 for "E_INVALID or E_RANGE" (a well-formed but impossible value). */
    const struct {
        const char *text;
        int want;
    } bad[] = {
        {"2026-11-22T09:30:00", RUNCOVER_E_INVALID},         /* no offset */
        {"2026-11-22", RUNCOVER_E_INVALID},                  /* date only */
        {"09:30:00+01:00", RUNCOVER_E_INVALID},              /* time only */
        {"", RUNCOVER_E_INVALID},
        {"yesterday", RUNCOVER_E_INVALID},
        {"2026-11-22T09:30+01:00", RUNCOVER_E_INVALID},      /* no seconds */
        {"2026-11-22T09:30:00+0100", RUNCOVER_E_INVALID},    /* offset without colon */
        {"2026-11-22T09:30:00+01", RUNCOVER_E_INVALID},      /* short offset */
        {"2026-11-22T09:30:00Zjunk", RUNCOVER_E_INVALID},    /* trailing text */
        {"2026-11-22T09:30:00+01:00 ", RUNCOVER_E_INVALID},  /* trailing space */
        {" 2026-11-22T09:30:00+01:00", RUNCOVER_E_INVALID},  /* leading space */
        {"26-11-22T09:30:00Z", RUNCOVER_E_INVALID},          /* two-digit year */
        {"2026-1-22T09:30:00Z", RUNCOVER_E_INVALID},         /* one-digit month */
        {"2026/11/22T09:30:00Z", RUNCOVER_E_INVALID},
        {"1795336200", RUNCOVER_E_INVALID},                  /* unix seconds are not RFC 3339 */
        {"2026-13-01T00:00:00Z", -1},                        /* month 13 */
        {"2026-00-10T00:00:00Z", -1},                        /* month 0 */
        {"2026-02-30T00:00:00Z", -1},                        /* no 30 February */
        {"2100-02-29T00:00:00Z", -1},                        /* 2100 is no leap year */
        {"2026-11-31T00:00:00Z", -1},                        /* no 31 November */
        {"2026-11-22T24:00:00Z", -1},                        /* hour 24 */
        {"2026-11-22T09:60:00Z", -1},                        /* minute 60 */
        {"2026-11-22T09:30:61Z", -1},                        /* second 61 */
        {"2026-11-22T09:30:00+24:00", -1},                   /* offset hours */
        {"2026-11-22T09:30:00+01:60", -1},                   /* offset minutes */
        {"1969-12-31T23:59:59Z", -1},                        /* before 1970 */
        {"2201-01-01T00:00:00Z", -1},                        /* after 2200 */
    };
    runcover_session *s = session();
    ck_assert_rc_ok(runcover_session_set_text(s, "end", "2026-11-22T09:30:00+01:00"));
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        runcover_status rc = runcover_session_set_text(s, "end", bad[k].text);
        if (bad[k].want >= 0)
            ck_assert_msg(rc == (runcover_status)bad[k].want, "\"%s\": got %d (%s), expected %d", bad[k].text, (int)rc,
                          runcover_last_error()->message, bad[k].want);
        else
            ck_assert_msg(rc == RUNCOVER_E_INVALID || rc == RUNCOVER_E_RANGE,
                          "\"%s\": got %d (%s), expected E_INVALID or E_RANGE", bad[k].text, (int)rc,
                          runcover_last_error()->message);
        ck_assert_int_eq(runcover_last_error()->code, rc);
        ck_assert_msg(strstr(runcover_last_error()->message, "session.end") != NULL,
                      "\"%s\": message \"%s\" does not name session.end", bad[k].text, runcover_last_error()->message);
        assert_end(s, T_END, 60);
    }
    runcover_session_free(s);
}
END_TEST

START_TEST(test_session_end_unset)
{
    runcover_session *s = session();
    ck_assert_rc_ok(runcover_session_set_text(s, "end", "2026-11-22T09:30:00+01:00"));
    ck_assert_rc_ok(runcover_session_unset(s, "end"));
    assert_end_absent(s);
    double v = RC_TEST_SENTINEL;
    ck_assert_rc(runcover_session_get_number(s, "end_hour_local", &v), RUNCOVER_E_NOTFOUND);
    ck_assert_double_eq(v, RC_TEST_SENTINEL);
    ck_assert_rc_ok(runcover_session_set_end(s, T_END, 0));
    ck_assert_rc_ok(runcover_session_unset(s, "session.end"));
    assert_end_absent(s);
    runcover_session_free(s);
}
END_TEST

/* ---- derived facts ------------------------------------------------------------------------ */

START_TEST(test_session_derived_end_hour_local)
{
    const struct {
        int64_t unix_s;
        int off;
        double hour;
    } cases[] = {
        {T_END, 60, 9}, {T_END, 0, 8}, {T_END, -300, 3}, {T_END, 330, 14}, {T_END, 1439, 8}, {T_END, -1439, 8},
        {0, 0, 0},      {0, 1439, 23}, {7258118399LL, 0, 23} /* 2199-12-31T23:59:59Z */,
        {T_END + 30 * 60 - 1, 0, 8},    {T_END + 30 * 60, 0, 9},
    };
    runcover_session *s = session();
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        ck_assert_rc_ok(runcover_session_set_end(s, cases[k].unix_s, cases[k].off));
        double v = RC_TEST_SENTINEL, w = RC_TEST_SENTINEL;
        ck_assert_rc_ok(runcover_session_get_number(s, "end_hour_local", &v));
        ck_assert_rc_ok(runcover_session_get_number(s, "session.end_hour_local", &w));
        ck_assert_msg(v == cases[k].hour && w == cases[k].hour, "end %lld %+d: hour %g / %g, expected %g",
                      (long long)cases[k].unix_s, cases[k].off, v, w, cases[k].hour);
    }
    ck_assert_rc_ok(runcover_session_set_text(s, "end", "2026-11-22T23:59:59-08:00"));
    double v;
    ck_assert_rc_ok(runcover_session_get_number(s, "end_hour_local", &v));
    ck_assert_double_eq(v, 23);
    runcover_session_free(s);
}
END_TEST

/* minutes after local midnight, seconds as a fraction: the policy's "after
 * 16:00" is a comparison with 960 */
START_TEST(test_session_derived_end_minute_local)
{
    const struct {
        const char *end;
        double minute;
    } cases[] = {
        { "2026-07-12T16:00:00+02:00", 960 },    { "2026-07-12T16:00:01+02:00", 960 + 1.0 / 60 },
        { "2026-07-12T16:00:30+02:00", 960.5 },  { "2026-07-12T00:00:00-07:00", 0 },
        { "2026-07-12T23:59:59+05:30", 86399.0 / 60 }, { "2026-07-12T19:00:00Z", 1140 },
    };
    runcover_session *s = session();
    double v = RC_TEST_SENTINEL;
    ck_assert_rc(runcover_session_get_number(s, "end_minute_local", &v), RUNCOVER_E_NOTFOUND);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        ck_assert_rc_ok(runcover_session_set_text(s, "end", cases[k].end));
        ck_assert_rc_ok(runcover_session_get_number(s, "session.end_minute_local", &v));
        ck_assert_msg(v == cases[k].minute, "%s: %.17g, expected %.17g", cases[k].end, v, cases[k].minute);
    }
    ck_assert_rc_fails(runcover_session_set_number(s, "end_minute_local", 3));
    runcover_session_free(s);
}
END_TEST

START_TEST(test_session_derived_mass_loss_kg)
{
    runcover_session *s = session();
    double v = RC_TEST_SENTINEL;
    ck_assert_rc(runcover_session_get_number(s, "mass_loss_kg", &v), RUNCOVER_E_NOTFOUND);
    ck_assert_rc_ok(runcover_session_set_mass_before_kg(s, 70));
    ck_assert_rc(runcover_session_get_number(s, "mass_loss_kg", &v), RUNCOVER_E_NOTFOUND);
    ck_assert_double_eq(v, RC_TEST_SENTINEL);
    ck_assert_rc_ok(runcover_session_set_mass_after_kg(s, 68.9));
    ck_assert_rc_ok(runcover_session_get_number(s, "mass_loss_kg", &v));
    ck_assert_double_eq_tol(v, 1.1, 1e-9);
    ck_assert_rc_ok(runcover_session_get_number(s, "session.mass_loss_kg", &v));
    ck_assert_double_eq_tol(v, 1.1, 1e-9);
    /* May be negative. */
    ck_assert_rc_ok(runcover_session_set_mass_after_kg(s, 71.5));
    ck_assert_rc_ok(runcover_session_get_number(s, "mass_loss_kg", &v));
    ck_assert_double_eq_tol(v, -1.5, 1e-9);
    /* Only after: absent again. */
    ck_assert_rc_ok(runcover_session_unset(s, "mass_before_kg"));
    v = RC_TEST_SENTINEL;
    ck_assert_rc(runcover_session_get_number(s, "mass_loss_kg", &v), RUNCOVER_E_NOTFOUND);
    ck_assert_double_eq(v, RC_TEST_SENTINEL);
    runcover_session_free(s);
}
END_TEST

START_TEST(test_session_derived_cannot_be_set)
{
    runcover_session *s = session();
    ck_assert_rc_ok(runcover_session_set_end(s, T_END, 60));
    ck_assert_rc_ok(runcover_session_set_mass_before_kg(s, 70));
    ck_assert_rc_ok(runcover_session_set_mass_after_kg(s, 69));
    ck_assert_rc_fails(runcover_session_set_number(s, "end_hour_local", 3));
    ck_assert_rc_fails(runcover_session_set_number(s, "session.end_hour_local", 3));
    ck_assert_rc_fails(runcover_session_set_number(s, "mass_loss_kg", 0.5));
    ck_assert_rc_fails(runcover_session_set_number(s, "session.mass_loss_kg", 0.5));
    ck_assert_rc_fails(runcover_session_set_number(s, "load.acwr", 1));
    double v;
    ck_assert_rc_ok(runcover_session_get_number(s, "end_hour_local", &v));
    ck_assert_double_eq(v, 9);
    ck_assert_rc_ok(runcover_session_get_number(s, "mass_loss_kg", &v));
    ck_assert_double_eq(v, 1);
    runcover_session_free(s);
}
END_TEST

/* ---- check-in symptoms -------------------------------------------------------------------- */

START_TEST(test_session_symptom_set_get)
{
    const runcover_symptom sym = (runcover_symptom)_i;
    char key[64], path[64];
    snprintf(key, sizeof key, "checkin.%s", symptoms[_i]);
    snprintf(path, sizeof path, "session.checkin.%s", symptoms[_i]);
    runcover_session *s = session();
    bool flag = true;
    double v = RC_TEST_SENTINEL;

    ck_assert_rc(runcover_session_get_symptom(s, sym, &flag), RUNCOVER_E_NOTFOUND);
    ck_assert(flag);
    ck_assert_rc(runcover_session_get_number(s, key, &v), RUNCOVER_E_NOTFOUND);

    ck_assert_rc_ok(runcover_session_set_symptom(s, sym, true));
    ck_assert_rc_ok(runcover_session_get_symptom(s, sym, &flag));
    ck_assert(flag);
    ck_assert_rc_ok(runcover_session_get_number(s, key, &v));
    ck_assert_double_eq(v, 1);
    ck_assert_rc_ok(runcover_session_get_number(s, path, &v));
    ck_assert_double_eq(v, 1);

    /* false is present, not absent */
    ck_assert_rc_ok(runcover_session_set_symptom(s, sym, false));
    flag = true;
    ck_assert_rc_ok(runcover_session_get_symptom(s, sym, &flag));
    ck_assert(!flag);
    ck_assert_rc_ok(runcover_session_get_number(s, key, &v));
    ck_assert_double_eq(v, 0);

    /* the other symptoms stay absent */
    for (int k = 0; k < N_SYMPTOMS; k++)
        if (k != _i)
            ck_assert_rc(runcover_session_get_symptom(s, (runcover_symptom)k, &flag), RUNCOVER_E_NOTFOUND);

    /* keyed, with and without the prefix */
    ck_assert_rc_ok(runcover_session_set_flag(s, key, true));
    ck_assert_rc_ok(runcover_session_get_symptom(s, sym, &flag));
    ck_assert(flag);
    ck_assert_rc_ok(runcover_session_set_flag(s, path, false));
    ck_assert_rc_ok(runcover_session_get_symptom(s, sym, &flag));
    ck_assert(!flag);

    /* a flag is not a number */
    ck_assert_rc(runcover_session_set_number(s, key, 1), RUNCOVER_E_TYPE);
    ck_assert_error_mentions(path);
    ck_assert_rc(runcover_session_set_text(s, path, "true"), RUNCOVER_E_TYPE);
    ck_assert_rc_ok(runcover_session_get_symptom(s, sym, &flag));
    ck_assert(!flag);

    ck_assert_rc_ok(runcover_session_unset(s, key));
    flag = true;
    ck_assert_rc(runcover_session_get_symptom(s, sym, &flag), RUNCOVER_E_NOTFOUND);
    ck_assert(flag);
    ck_assert_rc_ok(runcover_session_set_symptom(s, sym, true));
    ck_assert_rc_ok(runcover_session_unset(s, path));
    ck_assert_rc(runcover_session_get_symptom(s, sym, &flag), RUNCOVER_E_NOTFOUND);
    runcover_session_free(s);
}
END_TEST

START_TEST(test_session_symptom_invalid)
{
    runcover_session *s = session();
    bool flag = false;
    ck_assert_rc_ok(runcover_session_set_symptom(s, RUNCOVER_SYMPTOM_NUMBNESS, true));
    ck_assert_rc(runcover_session_set_symptom(s, (runcover_symptom)7, true), RUNCOVER_E_INVALID);
    ck_assert_rc(runcover_session_set_symptom(s, (runcover_symptom)-1, true), RUNCOVER_E_INVALID);
    ck_assert_rc_fails(runcover_session_get_symptom(s, (runcover_symptom)7, &flag));
    ck_assert(!flag);
    for (int k = 0; k < N_SYMPTOMS; k++) {
        runcover_status rc = runcover_session_get_symptom(s, (runcover_symptom)k, &flag);
        ck_assert_int_eq(rc, k == RUNCOVER_SYMPTOM_NUMBNESS ? RUNCOVER_OK : RUNCOVER_E_NOTFOUND);
    }
    ck_assert_rc(runcover_session_set_symptom(NULL, RUNCOVER_SYMPTOM_SWELLING, true), RUNCOVER_E_MISUSE);
    ck_assert_rc(runcover_session_get_symptom(NULL, RUNCOVER_SYMPTOM_SWELLING, &flag), RUNCOVER_E_MISUSE);
    ck_assert_rc(runcover_session_get_symptom(s, RUNCOVER_SYMPTOM_NUMBNESS, NULL), RUNCOVER_E_MISUSE);
    runcover_session_free(s);
}
END_TEST

/* ---- keyed access: errors ----------------------------------------------------------------- */

START_TEST(test_session_keyed_prefix_forms)
{
    runcover_session *s = session();
    double v;
    ck_assert_rc_ok(runcover_session_set_number(s, "checkin.soreness", 4));
    ck_assert_rc_ok(runcover_session_get_soreness(s, &v));
    ck_assert_double_eq(v, 4);
    ck_assert_rc_ok(runcover_session_set_number(s, "session.checkin.soreness", 7));
    ck_assert_rc_ok(runcover_session_get_number(s, "checkin.soreness", &v));
    ck_assert_double_eq(v, 7);
    ck_assert_rc_ok(runcover_session_set_number(s, "session.rpe", 6));
    ck_assert_rc_ok(runcover_session_get_rpe(s, &v));
    ck_assert_double_eq(v, 6);
    ck_assert_rc_ok(runcover_session_set_number(s, "duration_min", 132));
    ck_assert_rc_ok(runcover_session_get_number(s, "session.duration_min", &v));
    ck_assert_double_eq(v, 132);
    runcover_session_free(s);
}
END_TEST

START_TEST(test_session_keyed_unknown_keys)
{
    runcover_session *s = session();
    static const char *const unknown[] = {"soreness",          "sharp_pain",  "session.soreness", "checkin",
                                          "session.checkin.", "", "session.", "session", "session.session.rpe",
                                          "RPE", "rpe ", "checkin.nope"};
    double v = RC_TEST_SENTINEL;
    for (size_t k = 0; k < sizeof unknown / sizeof unknown[0]; k++) {
        ck_assert_rc(runcover_session_set_number(s, unknown[k], 5), RUNCOVER_E_NOTFOUND);
        ck_assert_rc(runcover_session_set_text(s, unknown[k], "race"), RUNCOVER_E_NOTFOUND);
        ck_assert_rc(runcover_session_set_flag(s, unknown[k], true), RUNCOVER_E_NOTFOUND);
        ck_assert_rc(runcover_session_unset(s, unknown[k]), RUNCOVER_E_NOTFOUND);
        ck_assert_rc(runcover_session_get_number(s, unknown[k], &v), RUNCOVER_E_NOTFOUND);
    }
    ck_assert_double_eq(v, RC_TEST_SENTINEL);
    runcover_session_free(s);
}
END_TEST

START_TEST(test_session_keyed_not_a_session_fact)
{
    runcover_session *s = session();
    ck_assert_rc_fails(runcover_session_set_number(s, "athlete.mass_kg", 70));
    ck_assert_rc_fails(runcover_session_set_number(s, "mass_kg", 70));
    ck_assert_rc_fails(runcover_session_set_text(s, "athlete.phase", "build"));
    ck_assert_rc_fails(runcover_session_set_text(s, "phase", "build"));
    ck_assert_rc_fails(runcover_session_set_number(s, "load_model.fitness_tau", 42));
    double v = RC_TEST_SENTINEL;
    ck_assert_rc_fails(runcover_session_get_number(s, "athlete.mass_kg", &v));
    ck_assert_double_eq(v, RC_TEST_SENTINEL);
    runcover_session_free(s);
}
END_TEST

START_TEST(test_session_keyed_wrong_type)
{
    runcover_session *s = session();
    ck_assert_rc_ok(runcover_session_set_duration_min(s, 60));
    ck_assert_rc_ok(runcover_session_set_kind(s, RUNCOVER_KIND_LONG));
    ck_assert_rc_ok(runcover_session_set_end(s, T_END, 60));

    ck_assert_rc(runcover_session_set_number(s, "kind", 1), RUNCOVER_E_TYPE);
    ck_assert_error_mentions("session.kind");
    ck_assert_rc(runcover_session_set_number(s, "end", (double)T_END), RUNCOVER_E_TYPE);
    ck_assert_error_mentions("session.end");
    ck_assert_rc(runcover_session_set_flag(s, "duration_min", true), RUNCOVER_E_TYPE);
    ck_assert_error_mentions("session.duration_min");
    ck_assert_rc(runcover_session_set_flag(s, "session.kind", true), RUNCOVER_E_TYPE);
    ck_assert_rc(runcover_session_set_flag(s, "end", true), RUNCOVER_E_TYPE);
    ck_assert_rc(runcover_session_set_text(s, "duration_min", "60"), RUNCOVER_E_TYPE);
    ck_assert_rc(runcover_session_set_text(s, "session.checkin.soreness", "3"), RUNCOVER_E_TYPE);

    double v;
    runcover_kind kind;
    ck_assert_rc_ok(runcover_session_get_duration_min(s, &v));
    ck_assert_double_eq(v, 60);
    ck_assert_rc_ok(runcover_session_get_kind(s, &kind));
    ck_assert_int_eq(kind, RUNCOVER_KIND_LONG);
    assert_end(s, T_END, 60);
    double sor = RC_TEST_SENTINEL;
    ck_assert_rc(runcover_session_get_soreness(s, &sor), RUNCOVER_E_NOTFOUND);
    runcover_session_free(s);
}
END_TEST

START_TEST(test_session_keyed_null_arguments)
{
    runcover_session *s = session();
    double v = RC_TEST_SENTINEL;
    ck_assert_rc(runcover_session_set_number(NULL, "rpe", 5), RUNCOVER_E_MISUSE);
    ck_assert_rc(runcover_session_set_text(NULL, "kind", "race"), RUNCOVER_E_MISUSE);
    ck_assert_rc(runcover_session_set_flag(NULL, "checkin.swelling", true), RUNCOVER_E_MISUSE);
    ck_assert_rc(runcover_session_unset(NULL, "rpe"), RUNCOVER_E_MISUSE);
    ck_assert_rc(runcover_session_get_number(NULL, "rpe", &v), RUNCOVER_E_MISUSE);

    ck_assert_rc(runcover_session_set_number(s, NULL, 5), RUNCOVER_E_MISUSE);
    ck_assert_rc(runcover_session_set_text(s, NULL, "race"), RUNCOVER_E_MISUSE);
    ck_assert_rc(runcover_session_set_flag(s, NULL, true), RUNCOVER_E_MISUSE);
    ck_assert_rc(runcover_session_unset(s, NULL), RUNCOVER_E_MISUSE);
    ck_assert_rc(runcover_session_get_number(s, NULL, &v), RUNCOVER_E_MISUSE);
    ck_assert_double_eq(v, RC_TEST_SENTINEL);

    ck_assert_rc_ok(runcover_session_set_text(s, "end", "2026-11-22T09:30:00+01:00"));
    ck_assert_rc(runcover_session_set_text(s, "end", NULL), RUNCOVER_E_MISUSE);
    ck_assert_rc(runcover_session_set_text(s, "kind", NULL), RUNCOVER_E_MISUSE);
    assert_end(s, T_END, 60);
    ck_assert_rc(runcover_session_get_number(s, "end", NULL), RUNCOVER_E_MISUSE);
    runcover_session_free(s);
}
END_TEST

/* ---- ext.* --------------------------------------------------------------------------------- */

START_TEST(test_session_ext_number_and_flag)
{
    runcover_session *s = session();
    double v = RC_TEST_SENTINEL;
    ck_assert_rc(runcover_session_get_number(s, "ext.hrv_drop_pct", &v), RUNCOVER_E_NOTFOUND);
    ck_assert_rc_ok(runcover_session_set_number(s, "ext.hrv_drop_pct", 20));
    ck_assert_rc_ok(runcover_session_get_number(s, "ext.hrv_drop_pct", &v));
    ck_assert_double_eq(v, 20);
    /* ext facts are checked against declarations at evaluate time, not here. */
    ck_assert_rc_ok(runcover_session_set_number(s, "ext.hrv_drop_pct", 200));
    ck_assert_rc_ok(runcover_session_get_number(s, "ext.hrv_drop_pct", &v));
    ck_assert_double_eq(v, 200);
    ck_assert_rc(runcover_session_set_number(s, "ext.hrv_drop_pct", NAN), RUNCOVER_E_RANGE);
    ck_assert_error_mentions("ext.hrv_drop_pct");
    ck_assert_rc(runcover_session_set_number(s, "ext.hrv_drop_pct", -INFINITY), RUNCOVER_E_RANGE);
    ck_assert_rc_ok(runcover_session_get_number(s, "ext.hrv_drop_pct", &v));
    ck_assert_double_eq(v, 200);

    ck_assert_rc_ok(runcover_session_set_flag(s, "ext.sick", true));
    ck_assert_rc_ok(runcover_session_get_number(s, "ext.sick", &v));
    ck_assert_double_eq(v, 1);
    ck_assert_rc_ok(runcover_session_set_flag(s, "ext.sick", false));
    ck_assert_rc_ok(runcover_session_get_number(s, "ext.sick", &v));
    ck_assert_double_eq(v, 0);

    ck_assert_rc_ok(runcover_session_unset(s, "ext.sick"));
    v = RC_TEST_SENTINEL;
    ck_assert_rc(runcover_session_get_number(s, "ext.sick", &v), RUNCOVER_E_NOTFOUND);
    ck_assert_double_eq(v, RC_TEST_SENTINEL);
    ck_assert_rc_ok(runcover_session_unset(s, "ext.sick"));
    ck_assert_rc_fails(runcover_session_set_number(s, "ext.", 1));
    runcover_session_free(s);
}
END_TEST

/* ---- clone --------------------------------------------------------------------------------- */

static void populate(runcover_session *s)
{
    ck_assert_rc_ok(runcover_session_set_kind(s, RUNCOVER_KIND_LONG));
    ck_assert_rc_ok(runcover_session_set_text(s, "end", "2026-11-22T09:30:00+01:00"));
    for (int i = 0; i < N_NUMBERS; i++)
        ck_assert_rc_ok(numbers[i].set(s, mid(&numbers[i])));
    ck_assert_rc_ok(runcover_session_set_symptom(s, RUNCOVER_SYMPTOM_BRUISING, true));
    ck_assert_rc_ok(runcover_session_set_symptom(s, RUNCOVER_SYMPTOM_DEFORMITY, false));
    ck_assert_rc_ok(runcover_session_set_number(s, "ext.hrv_drop_pct", 12));
    ck_assert_rc_ok(runcover_session_set_flag(s, "ext.sick", true));
}

static void assert_populated(const runcover_session *s)
{
    runcover_kind kind;
    bool flag;
    double v;
    ck_assert_rc_ok(runcover_session_get_kind(s, &kind));
    ck_assert_int_eq(kind, RUNCOVER_KIND_LONG);
    assert_end(s, T_END, 60);
    for (int i = 0; i < N_NUMBERS; i++)
        assert_number(s, &numbers[i], mid(&numbers[i]));
    ck_assert_rc_ok(runcover_session_get_symptom(s, RUNCOVER_SYMPTOM_BRUISING, &flag));
    ck_assert(flag);
    ck_assert_rc_ok(runcover_session_get_symptom(s, RUNCOVER_SYMPTOM_DEFORMITY, &flag));
    ck_assert(!flag);
    ck_assert_rc(runcover_session_get_symptom(s, RUNCOVER_SYMPTOM_SWELLING, &flag), RUNCOVER_E_NOTFOUND);
    ck_assert_rc_ok(runcover_session_get_number(s, "ext.hrv_drop_pct", &v));
    ck_assert_double_eq(v, 12);
    ck_assert_rc_ok(runcover_session_get_number(s, "ext.sick", &v));
    ck_assert_double_eq(v, 1);
    ck_assert_rc_ok(runcover_session_get_number(s, "end_hour_local", &v));
    ck_assert_double_eq(v, 9);
}

START_TEST(test_session_clone_copies_everything)
{
    runcover_session *s = session();
    populate(s);
    runcover_session *c = NULL;
    ck_assert_rc_ok(runcover_session_clone(&c, s));
    ck_assert_ptr_nonnull(c);
    ck_assert_ptr_ne(c, s);
    assert_populated(c);
    assert_populated(s);
    runcover_session_free(c);
    runcover_session_free(s);
}
END_TEST

START_TEST(test_session_clone_is_independent)
{
    runcover_session *s = session();
    populate(s);
    runcover_session *c = NULL;
    ck_assert_rc_ok(runcover_session_clone(&c, s));

    ck_assert_rc_ok(runcover_session_set_kind(s, RUNCOVER_KIND_RACE));
    ck_assert_rc_ok(runcover_session_set_end(s, T_END + 3600, 0));
    for (int i = 0; i < N_NUMBERS; i++)
        ck_assert_rc_ok(numbers[i].set(s, numbers[i].max));
    ck_assert_rc_ok(runcover_session_unset(s, "checkin.bruising"));
    ck_assert_rc_ok(runcover_session_set_symptom(s, RUNCOVER_SYMPTOM_SWELLING, true));
    ck_assert_rc_ok(runcover_session_set_number(s, "ext.hrv_drop_pct", 99));
    ck_assert_rc_ok(runcover_session_unset(s, "ext.sick"));
    assert_populated(c);

    ck_assert_rc_ok(runcover_session_set_rpe(c, 1));
    double v;
    ck_assert_rc_ok(runcover_session_get_rpe(s, &v));
    ck_assert_double_eq(v, 10);
    runcover_session_free(s);
    ck_assert_rc_ok(runcover_session_set_rpe(c, 5.5));
    assert_populated(c);
    runcover_session_free(c);
}
END_TEST

START_TEST(test_session_clone_empty)
{
    runcover_session *s = session();
    runcover_session *c = NULL;
    ck_assert_rc_ok(runcover_session_clone(&c, s));
    for (int i = 0; i < N_NUMBERS; i++)
        assert_absent(c, &numbers[i]);
    assert_end_absent(c);
    runcover_session_free(c);
    runcover_session_free(s);
}
END_TEST

START_TEST(test_session_clone_null_arguments)
{
    runcover_session *s = session();
    runcover_session *out = RC_TEST_SENTINEL_PTR;
    ck_assert_rc(runcover_session_clone(&out, NULL), RUNCOVER_E_MISUSE);
    ck_assert_ptr_eq(out, RC_TEST_SENTINEL_PTR);
    ck_assert_rc(runcover_session_clone(NULL, s), RUNCOVER_E_MISUSE);
    runcover_session_free(s);
}
END_TEST

/* ---- suite --------------------------------------------------------------------------------- */

static Suite *session_suite(void)
{
    Suite *s = suite_create("session");
    TCase *tc;

    tc = tcase_create("lifecycle");
    tcase_add_test(tc, test_session_new_and_free);
    tcase_add_test(tc, test_session_new_null_out_is_misuse);
    tcase_add_test(tc, test_session_new_every_fact_absent);
    suite_add_tcase(s, tc);

    tc = tcase_create("numbers");
    tcase_add_loop_test(tc, test_session_number_accepts_range_edges, 0, N_NUMBERS);
    tcase_add_loop_test(tc, test_session_number_refuses_below_min, 0, N_NUMBERS);
    tcase_add_loop_test(tc, test_session_number_refuses_above_max, 0, N_NUMBERS);
    tcase_add_loop_test(tc, test_session_number_refuses_nan_and_inf, 0, N_NUMBERS);
    tcase_add_loop_test(tc, test_session_number_refused_leaves_absent, 0, N_NUMBERS);
    tcase_add_loop_test(tc, test_session_number_null_arguments, 0, N_NUMBERS);
    tcase_add_loop_test(tc, test_session_number_keyed_with_and_without_prefix, 0, N_NUMBERS);
    suite_add_tcase(s, tc);

    tc = tcase_create("kind");
    tcase_add_test(tc, test_session_kind_set_get);
    tcase_add_test(tc, test_session_kind_refused_keeps_old);
    tcase_add_test(tc, test_session_kind_refused_names_fact);
    tcase_add_test(tc, test_session_kind_null_arguments);
    tcase_add_test(tc, test_session_kind_set_text);
    suite_add_tcase(s, tc);

    tc = tcase_create("end");
    tcase_add_test(tc, test_session_end_set_get);
    tcase_add_test(tc, test_session_end_accepts_range_edges);
    tcase_add_test(tc, test_session_end_accepts_year_2200);
    tcase_add_test(tc, test_session_end_refuses_out_of_range);
    tcase_add_test(tc, test_session_end_null_arguments);
    tcase_add_test(tc, test_session_end_set_text_rfc3339);
    tcase_add_test(tc, test_session_end_set_text_fractional_seconds);
    tcase_add_test(tc, test_session_end_set_text_refuses_bad_times);
    tcase_add_test(tc, test_session_end_unset);
    suite_add_tcase(s, tc);

    tc = tcase_create("derived");
    tcase_add_test(tc, test_session_derived_end_hour_local);
    tcase_add_test(tc, test_session_derived_end_minute_local);
    tcase_add_test(tc, test_session_derived_mass_loss_kg);
    tcase_add_test(tc, test_session_derived_cannot_be_set);
    suite_add_tcase(s, tc);

    tc = tcase_create("symptoms");
    tcase_add_loop_test(tc, test_session_symptom_set_get, 0, N_SYMPTOMS);
    tcase_add_test(tc, test_session_symptom_invalid);
    suite_add_tcase(s, tc);

    tc = tcase_create("keyed");
    tcase_add_test(tc, test_session_keyed_prefix_forms);
    tcase_add_test(tc, test_session_keyed_unknown_keys);
    tcase_add_test(tc, test_session_keyed_not_a_session_fact);
    tcase_add_test(tc, test_session_keyed_wrong_type);
    tcase_add_test(tc, test_session_keyed_null_arguments);
    suite_add_tcase(s, tc);

    tc = tcase_create("ext");
    tcase_add_test(tc, test_session_ext_number_and_flag);
    suite_add_tcase(s, tc);

    tc = tcase_create("clone");
    tcase_add_test(tc, test_session_clone_copies_everything);
    tcase_add_test(tc, test_session_clone_is_independent);
    tcase_add_test(tc, test_session_clone_empty);
    tcase_add_test(tc, test_session_clone_null_arguments);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(session_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
