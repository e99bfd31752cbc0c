/*
 * White-box tests of the training-load model (lib/load.c), one TCase per
 * fact family. Every test names the source of its expected numbers; numbers
 * computed by hand were computed separately in Python (the calculation is in
 * the comment), never with the C code under test.
 *
 * Histories are built from rc_load_session arrays: one session per day at
 * 12:00 UTC, offset 0, kind easy, rpe 1 and duration = the wanted load.
 */
#include <check.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "load.h"

#define TOL 1e-4
#define BASE_DAY 20000 /* 2024-10-04, an arbitrary day number */
#define DAY_S 86400

static const rc_load_athlete NO_ATHLETE = { NAN, NAN, -1 };

/* A session ending at 12:00 UTC on BASE_DAY + day with load `load`. */
static rc_load_session day_session(int day, double load)
{
    rc_load_session s = { (int64_t)(BASE_DAY + day) * DAY_S + 12 * 3600, 0, RUNCOVER_KIND_EASY, load, 1, NAN };
    return s;
}

static rc_load_session kind_session(int day, int kind, double load)
{
    rc_load_session s = day_session(day, load);
    s.kind = kind;
    return s;
}

/* loads[0..days-2] (zero = rest day, no session) become the history,
 * loads[days-1] the current session. Returns the history length. */
static size_t from_loads(const double *loads, int days, rc_load_session *hist, rc_load_session *cur)
{
    size_t n = 0;
    for (int d = 0; d < days - 1; d++)
        if (loads[d] != 0)
            hist[n++] = day_session(d, loads[d]);
    *cur = day_session(days - 1, loads[days - 1]);
    return n;
}

static void run_p(const rc_load_params *p, const rc_load_session *hist, size_t n, const rc_load_session *cur,
                  double out[RC_LOAD_NFACTS])
{
    rc_load_compute(p, &NO_ATHLETE, hist, n, cur, out);
    for (int i = 0; i < RC_LOAD_NFACTS; i++)
        ck_assert_msg(isnan(out[i]) || isfinite(out[i]), "load.%s is infinite", rc_load_fact_names[i]);
}

static void run(const rc_load_session *hist, size_t n, const rc_load_session *cur, double out[RC_LOAD_NFACTS])
{
    rc_load_params p;
    rc_load_params_default(&p);
    run_p(&p, hist, n, cur, out);
}

/* ================================================================ session */

START_TEST(test_load_session_foster)
{
    /* Source: Foster et al. 2001, session-RPE load = RPE × minutes: 7 × 60 = 420. */
    rc_load_session cur = day_session(0, 60);
    cur.rpe = 7;
    double out[RC_LOAD_NFACTS];
    run(NULL, 0, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_SESSION], 420, TOL);
}
END_TEST

START_TEST(test_load_session_absent_without_rpe)
{
    /* Source: issue (session absent when RPE or duration is absent). */
    rc_load_session cur = day_session(0, 60);
    cur.rpe = NAN;
    double out[RC_LOAD_NFACTS];
    run(NULL, 0, &cur, out);
    ck_assert_double_nan(out[RC_LOAD_SESSION]);
    cur = day_session(0, NAN);
    run(NULL, 0, &cur, out);
    ck_assert_double_nan(out[RC_LOAD_SESSION]);
}
END_TEST

START_TEST(test_load_no_end_only_session_and_trimp)
{
    /* Source: issue (no end time: only session and trimp are computed). */
    rc_load_session hist[3] = { day_session(0, 30), day_session(1, 40), kind_session(2, RUNCOVER_KIND_RACE, 50) };
    rc_load_session cur = day_session(3, 30);
    cur.end_unix = INT64_MIN;
    cur.avg_hr = 130;
    rc_load_athlete a = { 40, 200, RUNCOVER_SEX_MALE };
    rc_load_params p;
    rc_load_params_default(&p);
    double out[RC_LOAD_NFACTS];
    rc_load_compute(&p, &a, hist, 3, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_SESSION], 30, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_TRIMP], 31.8025, TOL);
    for (int i = RC_LOAD_ACUTE_7D; i < RC_LOAD_NFACTS; i++)
        ck_assert_msg(isnan(out[i]), "load.%s should be absent", rc_load_fact_names[i]);
}
END_TEST

/* ================================================================ trimp */

static double trimp_of(int sex, double rest, double max, double avg, double dur)
{
    rc_load_athlete a = { rest, max, sex };
    rc_load_session cur = day_session(0, dur);
    cur.avg_hr = avg;
    rc_load_params p;
    rc_load_params_default(&p);
    double out[RC_LOAD_NFACTS];
    rc_load_compute(&p, &a, NULL, 0, &cur, out);
    return out[RC_LOAD_TRIMP];
}

START_TEST(test_load_trimp_male_vector)
{
    /* Source: issue vector (Banister 1991 TRIMP, a = 0.64, b = 1.92):
     * male, HRmax 200, rest 40, 30 min at 130 bpm → 31.8025.
     * python3 -c "import math;x=90/160;print(30*x*0.64*math.exp(1.92*x))" → 31.80254 */
    ck_assert_double_eq_tol(trimp_of(RUNCOVER_SEX_MALE, 40, 200, 130, 30), 31.8025, TOL);
}
END_TEST

START_TEST(test_load_trimp_female)
{
    /* Source: hand calculation, b = 1.67:
     * python3 -c "import math;x=90/160;print(30*x*0.64*math.exp(1.67*x))" → 27.63052 */
    ck_assert_double_eq_tol(trimp_of(RUNCOVER_SEX_FEMALE, 40, 200, 130, 30), 27.6305, TOL);
}
END_TEST

START_TEST(test_load_trimp_absent)
{
    /* Source: documented convention (sex, HR or duration absent, or HRmax <= HRrest → absent). */
    ck_assert_double_nan(trimp_of(-1, 40, 200, 130, 30));
    ck_assert_double_nan(trimp_of(RUNCOVER_SEX_MALE, NAN, 200, 130, 30));
    ck_assert_double_nan(trimp_of(RUNCOVER_SEX_MALE, 40, NAN, 130, 30));
    ck_assert_double_nan(trimp_of(RUNCOVER_SEX_MALE, 40, 200, NAN, 30));
    ck_assert_double_nan(trimp_of(RUNCOVER_SEX_MALE, 40, 200, 130, NAN));
    ck_assert_double_nan(trimp_of(RUNCOVER_SEX_MALE, 60, 60, 130, 30));
}
END_TEST

START_TEST(test_load_trimp_clamped)
{
    /* Source: documented convention (ΔHR clamped to 0..1):
     * avg below rest → 0; avg above max → as at max: 30*1*0.64*e^1.92 = 130.9624
     * python3 -c "import math;print(30*0.64*math.exp(1.92))" → 130.96240 */
    ck_assert_double_eq_tol(trimp_of(RUNCOVER_SEX_MALE, 40, 200, 35, 30), 0, TOL);
    ck_assert_double_eq_tol(trimp_of(RUNCOVER_SEX_MALE, 40, 200, 210, 30), 130.9624, TOL);
}
END_TEST

/* ================================================================ rolling */

static void jorgedelro_loads(double loads[28])
{
    for (int d = 0; d < 28; d++)
        loads[d] = d < 21 ? 30 : 50;
}

START_TEST(test_load_rolling_acwr_vector)
{
    /* Source: JorgeDelro/ACWR tests: loads 30 for days 1–21, 50 for days
     * 22–28 → on day 28 rolling acute 50, chronic 980/28 = 35, ACWR 1.4286. */
    double loads[28];
    jorgedelro_loads(loads);
    rc_load_session hist[28], cur;
    size_t n = from_loads(loads, 28, hist, &cur);
    double out[RC_LOAD_NFACTS];
    run(hist, n, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_7D], 50, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_CHRONIC_28D], 35, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_ACWR], 1.4286, TOL);
}
END_TEST

START_TEST(test_load_rolling_empty_history)
{
    /* Source: hand calculation: only today's 70 → acute 70/7 = 10,
     * chronic 70/28 = 2.5, ratio 4. */
    rc_load_session cur = day_session(0, 70);
    double out[RC_LOAD_NFACTS];
    run(NULL, 0, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_7D], 10, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_CHRONIC_28D], 2.5, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_ACWR], 4, TOL);
}
END_TEST

START_TEST(test_load_rolling_gap_of_weeks)
{
    /* Source: hand calculation: 100 on day 0, then 7 weeks off, 40 on day
     * 50 → the windows see only day 50: 40/7 = 5.714286, 40/28 = 1.428571. */
    rc_load_session hist[1] = { day_session(0, 100) }, cur = day_session(50, 40);
    double out[RC_LOAD_NFACTS];
    run(hist, 1, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_7D], 5.714286, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_CHRONIC_28D], 1.428571, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_ACWR], 4, TOL);
}
END_TEST

START_TEST(test_load_rolling_chronic_zero)
{
    /* Source: issue (acwr absent when chronic is 0): no RPE today, no history. */
    rc_load_session cur = day_session(0, 60);
    cur.rpe = NAN;
    double out[RC_LOAD_NFACTS];
    run(NULL, 0, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_7D], 0, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_CHRONIC_28D], 0, TOL);
    ck_assert_double_nan(out[RC_LOAD_ACWR]);
    ck_assert_double_nan(out[RC_LOAD_ACWR_EWMA]);
}
END_TEST

START_TEST(test_load_rolling_custom_windows)
{
    /* Source: hand calculation with acute_days 3, chronic_days 10 on the
     * JorgeDelro loads: acute 150/3 = 50, chronic (3*30+7*50)/10 = 44, ratio 1.136364. */
    double loads[28];
    jorgedelro_loads(loads);
    rc_load_session hist[28], cur;
    size_t n = from_loads(loads, 28, hist, &cur);
    rc_load_params p;
    rc_load_params_default(&p);
    p.acute_days = 3;
    p.chronic_days = 10;
    double out[RC_LOAD_NFACTS];
    run_p(&p, hist, n, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_7D], 50, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_CHRONIC_28D], 44, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_ACWR], 1.136364, TOL);
}
END_TEST

START_TEST(test_load_windows_longer_than_history)
{
    /* Source: hand calculation. Two days of history (40, 0) and 60 today;
     * windows reach back before the first session, into days that are only
     * zeroed, never written: acute over 1 day = 60, chronic over 366 days =
     * 100/366 = 0.273224; monotony over the 7 days [60, 0, 40, 0, 0, 0, 0]:
     * mean 14.285714, population SD 23.211538, monotony 0.615457. */
    double loads[3] = { 40, 0, 60 };
    rc_load_session hist[3], cur;
    size_t n = from_loads(loads, 3, hist, &cur);
    rc_load_params p;
    rc_load_params_default(&p);
    p.acute_days = 1;
    p.chronic_days = 366;
    double out[RC_LOAD_NFACTS];
    run_p(&p, hist, n, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_7D], 60, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_CHRONIC_28D], 0.273224, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_MONOTONY_7D], 0.615457, TOL);
    p.acute_days = 366; /* both windows before the history, the longest first */
    p.chronic_days = 2;
    run_p(&p, hist, n, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_7D], 0.273224, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_CHRONIC_28D], 30, TOL);
}
END_TEST

START_TEST(test_load_rolling_sums_sessions_of_a_day)
{
    /* Source: issue (daily load = sum of the day's sessions, today's included):
     * 20 and 30 earlier today plus 50 now = 100 → acute 100/7 = 14.285714. */
    rc_load_session hist[2] = { day_session(0, 20), day_session(0, 30) };
    hist[0].end_unix -= 3600 * 4;
    hist[1].end_unix -= 3600 * 2;
    rc_load_session cur = day_session(0, 50);
    double out[RC_LOAD_NFACTS];
    run(hist, 2, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_7D], 14.285714, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_EWMA], 100, TOL);
}
END_TEST

/* ================================================================ ewma */

START_TEST(test_load_ewma_vector)
{
    /* Source: JorgeDelro/ACWR tests (Williams et al. 2017 EWMA): loads 30
     * for days 1–21, 50 for days 22–28 → day 28 acute 47.3303, chronic
     * 37.8720, ratio 1.2497. */
    double loads[28];
    jorgedelro_loads(loads);
    rc_load_session hist[28], cur;
    size_t n = from_loads(loads, 28, hist, &cur);
    double out[RC_LOAD_NFACTS];
    run(hist, n, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_EWMA], 47.3303, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_CHRONIC_EWMA], 37.8720, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_ACWR_EWMA], 1.2497, TOL);
}
END_TEST

START_TEST(test_load_ewma_empty_history)
{
    /* Source: issue (seeded with the first day's load, here today's 70). */
    rc_load_session cur = day_session(0, 70);
    double out[RC_LOAD_NFACTS];
    run(NULL, 0, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_EWMA], 70, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_CHRONIC_EWMA], 70, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_ACWR_EWMA], 1, TOL);
}
END_TEST

START_TEST(test_load_ewma_gap_of_weeks)
{
    /* Source: hand calculation: 100 on day 0 (seed), rest days 1–49, 40 on day 50.
     * python3 -c "
     * la,lc=2/8,2/29;ea=ec=100
     * for d in range(1,51): l=40 if d==50 else 0; ea=la*l+(1-la)*ea; ec=lc*l+(1-lc)*ec
     * print(ea,ec,ea/ec)"  → 10.0000566 5.5659174 1.7966592 */
    rc_load_session hist[1] = { day_session(0, 100) }, cur = day_session(50, 40);
    double out[RC_LOAD_NFACTS];
    run(hist, 1, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_EWMA], 10.0000566, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_CHRONIC_EWMA], 5.5659174, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_ACWR_EWMA], 1.7966592, TOL);
}
END_TEST

START_TEST(test_load_ewma_custom_n)
{
    /* Source: hand calculation, N = 3 (λ = 0.5): seed 30 on day 0, 50 on day 1 → 40. */
    rc_load_session hist[1] = { day_session(0, 30) }, cur = day_session(1, 50);
    rc_load_params p;
    rc_load_params_default(&p);
    p.ewma_acute_n = 3;
    double out[RC_LOAD_NFACTS];
    run_p(&p, hist, 1, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_EWMA], 40, TOL);
}
END_TEST

/* ================================================================ monotony */

START_TEST(test_load_monotony_vector_1)
{
    /* Source: Runalyze MonotonyTest (population SD): loads 0,20,10,10,10,10,10
     * → monotony 1.8708; strain = 70 × monotony:
     * python3 -c "import math;print(70*10/math.sqrt(200/7))" → 130.95801 */
    const double loads[7] = { 0, 20, 10, 10, 10, 10, 10 };
    rc_load_session hist[7], cur;
    size_t n = from_loads(loads, 7, hist, &cur);
    double out[RC_LOAD_NFACTS];
    run(hist, n, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_MONOTONY_7D], 1.8708, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_STRAIN_7D], 130.95801, TOL);
}
END_TEST

START_TEST(test_load_monotony_vector_2)
{
    /* Source: Runalyze MonotonyTest (population SD): loads 5,15,20,20,20,25,35
     * → monotony 2.3664; strain = 140 × monotony:
     * python3 -c "import math;print(140*20/math.sqrt(500/7))" → 331.30047 */
    const double loads[7] = { 5, 15, 20, 20, 20, 25, 35 };
    rc_load_session hist[7], cur;
    size_t n = from_loads(loads, 7, hist, &cur);
    double out[RC_LOAD_NFACTS];
    run(hist, n, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_MONOTONY_7D], 2.3664, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_STRAIN_7D], 331.30047, TOL);
}
END_TEST

START_TEST(test_load_monotony_sample_sd)
{
    /* Source: hand calculation, sample SD on the Runalyze vector 2:
     * python3 -c "import math;print(20/math.sqrt(500/6))" → 2.1908902 */
    const double loads[7] = { 5, 15, 20, 20, 20, 25, 35 };
    rc_load_session hist[7], cur;
    size_t n = from_loads(loads, 7, hist, &cur);
    rc_load_params p;
    rc_load_params_default(&p);
    p.sample_sd = true;
    double out[RC_LOAD_NFACTS];
    run_p(&p, hist, n, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_MONOTONY_7D], 2.1908902, TOL);
}
END_TEST

START_TEST(test_load_monotony_all_equal_absent)
{
    /* Source: documented convention (SD 0 → monotony and strain absent):
     * 10 days of 0.1 (not exactly representable; the mean is not exactly 0.1). */
    double loads[10];
    for (int d = 0; d < 10; d++)
        loads[d] = 0.1;
    rc_load_session hist[10], cur;
    size_t n = from_loads(loads, 10, hist, &cur);
    double out[RC_LOAD_NFACTS];
    run(hist, n, &cur, out);
    ck_assert_double_nan(out[RC_LOAD_MONOTONY_7D]);
    ck_assert_double_nan(out[RC_LOAD_STRAIN_7D]);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_7D], 0.1, TOL);
}
END_TEST

START_TEST(test_load_monotony_one_session)
{
    /* Source: hand calculation, only today's 70 (six rest days count 0):
     * python3 -c "import math;print(10/math.sqrt(600), 70*10/math.sqrt(600))" → 0.4082483 28.5773803 */
    rc_load_session cur = day_session(0, 70);
    double out[RC_LOAD_NFACTS];
    run(NULL, 0, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_MONOTONY_7D], 0.4082483, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_STRAIN_7D], 28.5773803, TOL);
}
END_TEST

/* ================================================================ banister */

START_TEST(test_load_banister_vector)
{
    /* Source: Runalyze BanisterModelTest: loads day0 150, day1 50, day2 40,
     * day5 60, day6 30, day7 100 → day 7 fitness 392.33, fatigue 267.08,
     * performance −141.82 (τ1 42, τ2 7, k1 1, k2 2). */
    const double loads[8] = { 150, 50, 40, 0, 0, 60, 30, 100 };
    rc_load_session hist[8], cur;
    size_t n = from_loads(loads, 8, hist, &cur);
    double out[RC_LOAD_NFACTS];
    run(hist, n, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_FITNESS], 392.33, 0.005);
    ck_assert_double_eq_tol(out[RC_LOAD_FATIGUE], 267.08, 0.005);
    ck_assert_double_eq_tol(out[RC_LOAD_PERFORMANCE], -141.82, 0.005);
}
END_TEST

START_TEST(test_load_banister_params)
{
    /* Source: hand calculation on the Runalyze loads with p0 100, k1 2, k2 1:
     * python3 -c "
     * import math;L={0:150,1:50,2:40,5:60,6:30,7:100};g=h=0
     * for d in range(8): w=L.get(d,0);g=g*math.exp(-1/42)+w;h=h*math.exp(-1/7)+w
     * print(100+2*g-h)"  → 617.5842859 */
    const double loads[8] = { 150, 50, 40, 0, 0, 60, 30, 100 };
    rc_load_session hist[8], cur;
    size_t n = from_loads(loads, 8, hist, &cur);
    rc_load_params p;
    rc_load_params_default(&p);
    p.p0 = 100;
    p.k1 = 2;
    p.k2 = 1;
    double out[RC_LOAD_NFACTS];
    run_p(&p, hist, n, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_PERFORMANCE], 617.5842859, TOL);
}
END_TEST

START_TEST(test_load_banister_gap_of_weeks)
{
    /* Source: hand calculation: 100 on day 0, 40 on day 50:
     * python3 -c "import math;print(100*math.exp(-50/42)+40, 100*math.exp(-50/7)+40)" → 70.4076431 40.0790490 */
    rc_load_session hist[1] = { day_session(0, 100) }, cur = day_session(50, 40);
    double out[RC_LOAD_NFACTS];
    run(hist, 1, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_FITNESS], 70.4076431, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_FATIGUE], 40.0790490, TOL);
}
END_TEST

/* ================================================================ pmc */

/* Loads of days 0..9 (day 9 is the current session), for every PMC test:
 * python3 -c "
 * import math
 * L=[100,0,50,80,0,0,120,60,0,90]
 * for name,w in [('1/N',lambda n:1/n),('1-exp',lambda n:1-math.exp(-1/n)),('2/(N+1)',lambda n:2/(n+1))]:
 *     c=a=0;pc=pa=0
 *     for l in L: pc,pa=c,a; c+=w(42)*(l-c); a+=w(7)*(l-a)
 *     print(name,c,a,pc-pa,c-a)"
 * 1/N      ctl 10.732858 atl 40.477858 tsb_prev -23.424654 tsb_same -29.745000
 * 1-exp    ctl 10.618879 atl 39.038113 tsb_prev -22.505978 tsb_same -28.419234
 * 2/(N+1)  ctl 19.053433 atl 50.698986 tsb_prev -22.006023 tsb_same -31.645553 */
static const double PMC_LOADS[10] = { 100, 0, 50, 80, 0, 0, 120, 60, 0, 90 };

static void pmc_case(int weight, bool prev, double ctl, double atl, double tsb)
{
    rc_load_session hist[10], cur;
    size_t n = from_loads(PMC_LOADS, 10, hist, &cur);
    rc_load_params p;
    rc_load_params_default(&p);
    p.pmc_weight = weight;
    p.tsb_previous_day = prev;
    double out[RC_LOAD_NFACTS];
    run_p(&p, hist, n, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_CTL], ctl, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_ATL], atl, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_TSB], tsb, TOL);
}

START_TEST(test_load_pmc_inv_n)
{
    /* Source: hand calculation above (PMC_LOADS), weight 1/N. */
    pmc_case(RC_PMC_W_INV_N, true, 10.732858, 40.477858, -23.424654);
    pmc_case(RC_PMC_W_INV_N, false, 10.732858, 40.477858, -29.745000);
}
END_TEST

START_TEST(test_load_pmc_one_minus_exp)
{
    /* Source: hand calculation above (PMC_LOADS), weight 1-exp(-1/N) (default). */
    pmc_case(RC_PMC_W_ONE_MINUS_EXP, true, 10.618879, 39.038113, -22.505978);
    pmc_case(RC_PMC_W_ONE_MINUS_EXP, false, 10.618879, 39.038113, -28.419234);
}
END_TEST

START_TEST(test_load_pmc_two_over_n1)
{
    /* Source: hand calculation above (PMC_LOADS), weight 2/(N+1). */
    pmc_case(RC_PMC_W_TWO_OVER_N1, true, 19.053433, 50.698986, -22.006023);
    pmc_case(RC_PMC_W_TWO_OVER_N1, false, 19.053433, 50.698986, -31.645553);
}
END_TEST

START_TEST(test_load_pmc_empty_history)
{
    /* Source: hand calculation: only today's 70 from 0:
     * python3 -c "import math;print(70*(1-math.exp(-1/42)), 70*(1-math.exp(-1/7)))" → 1.6469819 9.3185470;
     * tsb of the previous day = 0 − 0. */
    rc_load_session cur = day_session(0, 70);
    double out[RC_LOAD_NFACTS];
    run(NULL, 0, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_CTL], 1.6469819, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_ATL], 9.3185470, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_TSB], 0, TOL);
}
END_TEST

/* ================================================================ races */

START_TEST(test_load_races_windows)
{
    /* Source: issue (race = kind 5, ultra = kind 6, end within the 30/90 days
     * before or at the current end; the current session counts). Windows are
     * inclusive: exactly 30 days before counts for 30d, 30 days + 1 s does not. */
    rc_load_session hist[5] = {
        kind_session(0, RUNCOVER_KIND_ULTRA, 100),  /* 100 days before: neither */
        kind_session(20, RUNCOVER_KIND_RACE, 100),  /* 80 days: 90d */
        kind_session(69, RUNCOVER_KIND_ULTRA, 100), /* 31 days: 90d */
        kind_session(70, RUNCOVER_KIND_RACE, 100),  /* exactly 30 days: 30d */
        kind_session(95, RUNCOVER_KIND_ULTRA, 100), /* 5 days: 30d */
    };
    hist[2].end_unix += DAY_S - 1; /* 30 days + 1 s before the current end */
    rc_load_session cur = kind_session(100, RUNCOVER_KIND_RACE, 50);
    double out[RC_LOAD_NFACTS];
    run(hist, 5, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_RACES_30D], 2, TOL);  /* day 70 + today */
    ck_assert_double_eq_tol(out[RC_LOAD_RACES_90D], 3, TOL);  /* days 20, 70 + today */
    ck_assert_double_eq_tol(out[RC_LOAD_ULTRAS_30D], 1, TOL); /* day 95 */
    ck_assert_double_eq_tol(out[RC_LOAD_ULTRAS_90D], 2, TOL); /* days 69, 95 */
}
END_TEST

START_TEST(test_load_races_none)
{
    /* Source: issue (counts are 0, days_since_* absent without races or hard sessions). */
    rc_load_session hist[2] = { day_session(0, 30), day_session(1, 30) }, cur = day_session(2, 30);
    double out[RC_LOAD_NFACTS];
    run(hist, 2, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_RACES_30D], 0, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_ULTRAS_90D], 0, TOL);
    ck_assert_double_nan(out[RC_LOAD_DAYS_SINCE_RACE]);
    ck_assert_double_nan(out[RC_LOAD_DAYS_SINCE_HARD]);
}
END_TEST

START_TEST(test_load_days_since)
{
    /* Source: issue (local dates; hard = RPE >= hard_rpe or race/ultra; the
     * current session does not count for days_since_*). Race on day 0,
     * RPE 8 on day 5, RPE 6 on day 8, current race on day 10. */
    rc_load_session hist[3] = { kind_session(0, RUNCOVER_KIND_ULTRA, 300), day_session(5, 60), day_session(8, 60) };
    hist[1].rpe = 8;
    hist[2].rpe = 6;
    rc_load_session cur = kind_session(10, RUNCOVER_KIND_RACE, 100);
    double out[RC_LOAD_NFACTS];
    run(hist, 3, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_DAYS_SINCE_RACE], 10, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_DAYS_SINCE_HARD], 5, TOL);

    rc_load_params p;
    rc_load_params_default(&p);
    p.hard_rpe = 6;
    run_p(&p, hist, 3, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_DAYS_SINCE_HARD], 2, TOL);

    /* Only the current race: no earlier one. */
    run(NULL, 0, &cur, out);
    ck_assert_double_nan(out[RC_LOAD_DAYS_SINCE_RACE]);
    ck_assert_double_nan(out[RC_LOAD_DAYS_SINCE_HARD]);
    ck_assert_double_eq_tol(out[RC_LOAD_RACES_30D], 1, TOL);
}
END_TEST

START_TEST(test_load_days_since_same_day)
{
    /* Source: issue (days between local dates): a race this morning → 0. */
    rc_load_session hist[1] = { kind_session(3, RUNCOVER_KIND_RACE, 100) };
    hist[0].end_unix -= 4 * 3600;
    rc_load_session cur = day_session(3, 30);
    double out[RC_LOAD_NFACTS];
    run(hist, 1, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_DAYS_SINCE_RACE], 0, TOL);
}
END_TEST

START_TEST(test_load_race_without_rpe_counts)
{
    /* Source: issue (NaN rpe or duration: load 0, still counts for races). */
    rc_load_session hist[1] = { kind_session(5, RUNCOVER_KIND_RACE, 100) };
    hist[0].rpe = NAN;
    rc_load_session cur = day_session(6, 30);
    double out[RC_LOAD_NFACTS];
    run(hist, 1, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_RACES_30D], 1, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_DAYS_SINCE_RACE], 1, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_7D], 30.0 / 7, TOL);
    /* day 5 contributes 0 and seeds the EWMA with 0: 0.25 × 30 = 7.5 */
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_EWMA], 7.5, TOL);
}
END_TEST

/* ================================================================ history */

START_TEST(test_load_history_after_current_ignored)
{
    /* Source: issue (sessions after cur's end are ignored): later today and
     * tomorrow, one of them a race, change nothing. */
    rc_load_session hist[4] = { day_session(0, 30), day_session(1, 500), kind_session(1, RUNCOVER_KIND_RACE, 500),
                                kind_session(2, RUNCOVER_KIND_RACE, 500) };
    hist[1].end_unix += 3600;
    hist[2].end_unix += 7200;
    rc_load_session cur = day_session(1, 50);
    double with[RC_LOAD_NFACTS], without[RC_LOAD_NFACTS];
    run(hist, 4, &cur, with);
    run(hist, 1, &cur, without);
    for (int i = 0; i < RC_LOAD_NFACTS; i++) {
        if (isnan(without[i]))
            ck_assert_msg(isnan(with[i]), "load.%s", rc_load_fact_names[i]);
        else
            ck_assert_double_eq_tol(with[i], without[i], 1e-12);
    }
    ck_assert_double_eq_tol(with[RC_LOAD_ACUTE_EWMA], 35, TOL); /* 0.25*50 + 0.75*30 */
}
END_TEST

START_TEST(test_load_history_utc_offset_next_day)
{
    /* Source: issue (local date = floor((end + offset*60)/86400)): 23:00 UTC
     * on day 5 at +02:00 is 01:00 on day 6, the current day: one day of
     * 30 + 20 = 50 seeds the EWMA (50); at +00:00 it stays on day 5:
     * 0.25*20 + 0.75*30 = 27.5. */
    rc_load_session hist[1] = { day_session(5, 30) };
    hist[0].end_unix += 11 * 3600;
    hist[0].offset_min = 120;
    rc_load_session cur = day_session(6, 20);
    double out[RC_LOAD_NFACTS];
    run(hist, 1, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_EWMA], 50, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_FITNESS], 50, TOL);
    hist[0].offset_min = 0;
    run(hist, 1, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_EWMA], 27.5, TOL);
}
END_TEST

START_TEST(test_load_history_utc_offset_previous_day)
{
    /* Source: issue (local date = floor((end + offset*60)/86400)): 01:00 UTC
     * on day 6 at −02:00 is 23:00 on day 5 → EWMA 0.25*20 + 0.75*30 = 27.5
     * (at +00:00 it would share day 6 with the current session: 50). */
    rc_load_session hist[1] = { day_session(6, 30) };
    hist[0].end_unix -= 11 * 3600;
    hist[0].offset_min = -120;
    rc_load_session cur = day_session(6, 20);
    double out[RC_LOAD_NFACTS];
    run(hist, 1, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_EWMA], 27.5, TOL);
    hist[0].offset_min = 0;
    run(hist, 1, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_EWMA], 50, TOL);
}
END_TEST

START_TEST(test_load_current_utc_offset_next_day)
{
    /* Source: issue (the current day is the local date of cur's end): cur at
     * 23:30 UTC on day 5 with +01:00 is on day 6, so the 30 at 12:00 on day 5
     * is the previous day: 0.25*20 + 0.75*30 = 27.5 (at +00:00: one day, 50). */
    rc_load_session hist[1] = { day_session(5, 30) };
    rc_load_session cur = day_session(5, 20);
    cur.end_unix += 11 * 3600 + 1800;
    cur.offset_min = 60;
    double out[RC_LOAD_NFACTS];
    run(hist, 1, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_EWMA], 27.5, TOL);
    cur.offset_min = 0;
    run(hist, 1, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_EWMA], 50, TOL);
}
END_TEST

START_TEST(test_load_history_local_day_after_today)
{
    /* Source: documented convention: a history session that ended before the
     * current one but whose local date is later (time-zone change) counts on
     * the current day. History 23:00 UTC day 6 at +02:00 (local day 7);
     * current 23:30 UTC day 6 at +00:00 (local day 6). */
    rc_load_session hist[1] = { kind_session(6, RUNCOVER_KIND_RACE, 30) };
    hist[0].end_unix += 11 * 3600;
    hist[0].offset_min = 120;
    rc_load_session cur = day_session(6, 20);
    cur.end_unix += 11 * 3600 + 1800;
    double out[RC_LOAD_NFACTS];
    run(hist, 1, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_EWMA], 50, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_7D], 50.0 / 7, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_DAYS_SINCE_RACE], 0, TOL);
}
END_TEST

START_TEST(test_load_history_current_in_history_once)
{
    /* Source: documented convention: an exact copy of the current session in
     * the history (same end, kind, duration, RPE) is counted once:
     * 0.25*20 + 0.75*30 = 27.5, not 0.25*40 + 0.75*30 = 32.5. A different
     * session ending at the same second does count. */
    rc_load_session cur = day_session(1, 20);
    rc_load_session hist[2] = { day_session(0, 30), cur };
    double out[RC_LOAD_NFACTS];
    run(hist, 2, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_EWMA], 27.5, TOL);
    hist[1].rpe = 2; /* load 40 */
    run(hist, 2, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_EWMA], 0.25 * 60 + 0.75 * 30, TOL);
}
END_TEST

START_TEST(test_load_history_horizon)
{
    /* Source: documented convention: sessions more than 3650 days before the
     * current day are ignored. A race 4000 days ago: the current session alone
     * seeds everything (EWMA 70, fitness 70) and there is no race. One 3650
     * days ago still counts: fitness 100·e^(−3650/42) + 70 ≈ 70, EWMA seed 100:
     * python3 -c "print(100*(1-2/8)**3650 + 70*(2/8))" → 17.5 */
    rc_load_session hist[1] = { kind_session(0, RUNCOVER_KIND_RACE, 100) }, cur = day_session(4000, 70);
    double out[RC_LOAD_NFACTS];
    run(hist, 1, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_EWMA], 70, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_FITNESS], 70, TOL);
    ck_assert_double_nan(out[RC_LOAD_DAYS_SINCE_RACE]);
    cur = day_session(3650, 70);
    run(hist, 1, &cur, out);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_EWMA], 17.5, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_DAYS_SINCE_RACE], 3650, TOL);
}
END_TEST

START_TEST(test_load_history_ten_thousand)
{
    /* Source: hand calculation: 10,000 daily sessions of 10 before a current
     * 10. Only the last 3650 days are stepped (3651 days of 10):
     * python3 -c "import math;q=math.exp(-1/42);print(10*(1-q**3651)/(1-q))" → 425.0198 */
    enum { N = 10000 };
    static rc_load_session hist[N];
    for (int d = 0; d < N; d++)
        hist[d] = day_session(d, 10);
    rc_load_session cur = day_session(N, 10);
    double out[RC_LOAD_NFACTS];
    clock_t t0 = clock();
    for (int k = 0; k < 100; k++)
        run(hist, N, &cur, out);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    ck_assert_double_eq_tol(out[RC_LOAD_CHRONIC_28D], 10, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_ACWR], 1, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_ACUTE_EWMA], 10, TOL);
    ck_assert_double_eq_tol(out[RC_LOAD_FITNESS], 425.0198, TOL);
    ck_assert_double_nan(out[RC_LOAD_MONOTONY_7D]);
    ck_assert_msg(secs < 5, "100 evaluations of 10,000 sessions took %.2f s", secs);
}
END_TEST

START_TEST(test_load_history_never_infinite)
{
    /* Source: issue (every output finite or absent): loads that overflow a
     * double. run_p asserts isfinite-or-NaN for every fact. */
    rc_load_session hist[3] = { day_session(0, 1e308), day_session(0, 1e308), day_session(1, 1e308) };
    hist[0].end_unix -= 3600;
    rc_load_session cur = day_session(1, 1e308);
    cur.rpe = 10;
    double out[RC_LOAD_NFACTS];
    run(hist, 3, &cur, out);
    ck_assert_double_nan(out[RC_LOAD_SESSION]);
    cur = day_session(1, 1e308);
    run(hist, 3, &cur, out);
    ck_assert_double_nan(out[RC_LOAD_FITNESS]);
}
END_TEST

/* ================================================================ params */

START_TEST(test_load_params_defaults)
{
    /* Source: load.h defaults. */
    rc_load_params p;
    rc_load_params_default(&p);
    ck_assert_double_eq(p.acute_days, 7);
    ck_assert_double_eq(p.chronic_days, 28);
    ck_assert_double_eq(p.ewma_acute_n, 7);
    ck_assert_double_eq(p.ewma_chronic_n, 28);
    ck_assert_double_eq(p.fitness_tau, 42);
    ck_assert_double_eq(p.fatigue_tau, 7);
    ck_assert_double_eq(p.k1, 1);
    ck_assert_double_eq(p.k2, 2);
    ck_assert_double_eq(p.p0, 0);
    ck_assert_double_eq(p.ctl_days, 42);
    ck_assert_double_eq(p.atl_days, 7);
    ck_assert_int_eq(p.pmc_weight, RC_PMC_W_ONE_MINUS_EXP);
    ck_assert(p.tsb_previous_day);
    ck_assert(!p.sample_sd);
    ck_assert_double_eq(p.trimp_a, 0.64);
    ck_assert_double_eq(p.trimp_b_male, 1.92);
    ck_assert_double_eq(p.trimp_b_female, 1.67);
    ck_assert_double_eq(p.hard_rpe, 7);
}
END_TEST

START_TEST(test_load_params_table)
{
    /* Source: load.h (names are the field names, offsets via offsetof). */
    static const struct { const char *name; size_t off; int kind; } want[] = {
        { "acute_days", offsetof(rc_load_params, acute_days), 0 },
        { "chronic_days", offsetof(rc_load_params, chronic_days), 0 },
        { "ewma_acute_n", offsetof(rc_load_params, ewma_acute_n), 0 },
        { "ewma_chronic_n", offsetof(rc_load_params, ewma_chronic_n), 0 },
        { "fitness_tau", offsetof(rc_load_params, fitness_tau), 0 },
        { "fatigue_tau", offsetof(rc_load_params, fatigue_tau), 0 },
        { "k1", offsetof(rc_load_params, k1), 0 },
        { "k2", offsetof(rc_load_params, k2), 0 },
        { "p0", offsetof(rc_load_params, p0), 0 },
        { "ctl_days", offsetof(rc_load_params, ctl_days), 0 },
        { "atl_days", offsetof(rc_load_params, atl_days), 0 },
        { "pmc_weight", offsetof(rc_load_params, pmc_weight), 1 },
        { "tsb_previous_day", offsetof(rc_load_params, tsb_previous_day), 2 },
        { "sample_sd", offsetof(rc_load_params, sample_sd), 2 },
        { "trimp_a", offsetof(rc_load_params, trimp_a), 0 },
        { "trimp_b_male", offsetof(rc_load_params, trimp_b_male), 0 },
        { "trimp_b_female", offsetof(rc_load_params, trimp_b_female), 0 },
        { "hard_rpe", offsetof(rc_load_params, hard_rpe), 0 },
    };
    ck_assert_uint_eq(rc_load_param_count, sizeof want / sizeof want[0]);
    rc_load_params d;
    rc_load_params_default(&d);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const rc_load_param_info *pi = rc_load_param_find(want[i].name);
        ck_assert_msg(pi != NULL, "%s missing", want[i].name);
        ck_assert_uint_eq(pi->offset, want[i].off);
        ck_assert_int_eq(pi->kind, want[i].kind);
        ck_assert_ptr_nonnull(pi->doc);
        if (pi->kind == 0) { /* the default lies inside the documented range */
            double v;
            memcpy(&v, (const char *)&d + pi->offset, sizeof v);
            ck_assert_msg(v >= pi->min && v <= pi->max, "%s default out of range", pi->name);
        }
    }
    ck_assert_ptr_null(rc_load_param_find("nope"));
    ck_assert_ptr_null(rc_load_param_find(NULL));
    ck_assert_double_eq(rc_load_param_find("acute_days")->max, 366);
    ck_assert_double_eq(rc_load_param_find("chronic_days")->max, 366);
    ck_assert_double_eq(rc_load_param_find("fitness_tau")->min, 1);
    ck_assert_double_eq(rc_load_param_find("fitness_tau")->max, 365);
    ck_assert_double_eq(rc_load_param_find("k2")->max, 10);
    ck_assert_double_eq(rc_load_param_find("p0")->min, -1e6);
    ck_assert_double_eq(rc_load_param_find("trimp_a")->max, 5);
    ck_assert_double_eq(rc_load_param_find("hard_rpe")->min, 1);
}
END_TEST

START_TEST(test_load_params_pmc_weight_text)
{
    /* Source: load.h (text values of pmc_weight). */
    const char *names[3] = { "1/N", "1-exp(-1/N)", "2/(N+1)" };
    for (int w = 0; w < 3; w++) {
        int got = -1;
        ck_assert(rc_pmc_weight_parse(names[w], &got));
        ck_assert_int_eq(got, w);
        ck_assert_str_eq(rc_pmc_weight_name(w), names[w]);
    }
    int got = 99;
    ck_assert(!rc_pmc_weight_parse("1/n", &got));
    ck_assert(!rc_pmc_weight_parse("", &got));
    ck_assert(!rc_pmc_weight_parse(NULL, &got));
    ck_assert_int_eq(got, 99);
    ck_assert_ptr_null(rc_pmc_weight_name(3));
    ck_assert_ptr_null(rc_pmc_weight_name(-1));
}
END_TEST

START_TEST(test_load_params_fact_names)
{
    /* Source: issue (exact fact names, enum order). */
    static const char *const want[RC_LOAD_NFACTS] = {
        "session", "trimp", "acute_7d", "chronic_28d", "acwr", "acute_ewma", "chronic_ewma", "acwr_ewma",
        "monotony_7d", "strain_7d", "fitness", "fatigue", "performance", "ctl", "atl", "tsb", "races_30d",
        "races_90d", "ultras_30d", "ultras_90d", "days_since_race", "days_since_hard",
    };
    for (int i = 0; i < RC_LOAD_NFACTS; i++)
        ck_assert_str_eq(rc_load_fact_names[i], want[i]);
}
END_TEST

START_TEST(test_load_params_out_of_range_clamped)
{
    /* Source: documented convention: rc_load_compute clamps numbers to the
     * table's range (NaN → default), so acute_days 1000 acts as 366 and an
     * invalid pmc_weight as the default. */
    double loads[28];
    jorgedelro_loads(loads);
    rc_load_session hist[28], cur;
    size_t n = from_loads(loads, 28, hist, &cur);
    rc_load_params p, q;
    rc_load_params_default(&p);
    rc_load_params_default(&q);
    p.acute_days = 1000;
    p.fitness_tau = NAN;
    p.pmc_weight = 17;
    q.acute_days = 366;
    double a[RC_LOAD_NFACTS], b[RC_LOAD_NFACTS];
    run_p(&p, hist, n, &cur, a);
    run_p(&q, hist, n, &cur, b);
    for (int i = 0; i < RC_LOAD_NFACTS; i++) {
        if (isnan(b[i]))
            ck_assert_msg(isnan(a[i]), "load.%s", rc_load_fact_names[i]);
        else
            ck_assert_double_eq_tol(a[i], b[i], 1e-12);
    }
    ck_assert_double_eq_tol(a[RC_LOAD_ACUTE_7D], 980.0 / 366, TOL);
    rc_load_compute(NULL, NULL, NULL, 0, &cur, a); /* NULL params: defaults */
    ck_assert_double_eq_tol(a[RC_LOAD_ACUTE_EWMA], 50, TOL);
}
END_TEST

static Suite *load_suite(void)
{
    Suite *s = suite_create("load");
    TCase *tc;

    tc = tcase_create("session");
    tcase_add_test(tc, test_load_session_foster);
    tcase_add_test(tc, test_load_session_absent_without_rpe);
    tcase_add_test(tc, test_load_no_end_only_session_and_trimp);
    suite_add_tcase(s, tc);

    tc = tcase_create("trimp");
    tcase_add_test(tc, test_load_trimp_male_vector);
    tcase_add_test(tc, test_load_trimp_female);
    tcase_add_test(tc, test_load_trimp_absent);
    tcase_add_test(tc, test_load_trimp_clamped);
    suite_add_tcase(s, tc);

    tc = tcase_create("rolling");
    tcase_add_test(tc, test_load_rolling_acwr_vector);
    tcase_add_test(tc, test_load_rolling_empty_history);
    tcase_add_test(tc, test_load_rolling_gap_of_weeks);
    tcase_add_test(tc, test_load_rolling_chronic_zero);
    tcase_add_test(tc, test_load_rolling_custom_windows);
    tcase_add_test(tc, test_load_windows_longer_than_history);
    tcase_add_test(tc, test_load_rolling_sums_sessions_of_a_day);
    suite_add_tcase(s, tc);

    tc = tcase_create("ewma");
    tcase_add_test(tc, test_load_ewma_vector);
    tcase_add_test(tc, test_load_ewma_empty_history);
    tcase_add_test(tc, test_load_ewma_gap_of_weeks);
    tcase_add_test(tc, test_load_ewma_custom_n);
    suite_add_tcase(s, tc);

    tc = tcase_create("monotony");
    tcase_add_test(tc, test_load_monotony_vector_1);
    tcase_add_test(tc, test_load_monotony_vector_2);
    tcase_add_test(tc, test_load_monotony_sample_sd);
    tcase_add_test(tc, test_load_monotony_all_equal_absent);
    tcase_add_test(tc, test_load_monotony_one_session);
    suite_add_tcase(s, tc);

    tc = tcase_create("banister");
    tcase_add_test(tc, test_load_banister_vector);
    tcase_add_test(tc, test_load_banister_params);
    tcase_add_test(tc, test_load_banister_gap_of_weeks);
    suite_add_tcase(s, tc);

    tc = tcase_create("pmc");
    tcase_add_test(tc, test_load_pmc_inv_n);
    tcase_add_test(tc, test_load_pmc_one_minus_exp);
    tcase_add_test(tc, test_load_pmc_two_over_n1);
    tcase_add_test(tc, test_load_pmc_empty_history);
    suite_add_tcase(s, tc);

    tc = tcase_create("races");
    tcase_add_test(tc, test_load_races_windows);
    tcase_add_test(tc, test_load_races_none);
    tcase_add_test(tc, test_load_days_since);
    tcase_add_test(tc, test_load_days_since_same_day);
    tcase_add_test(tc, test_load_race_without_rpe_counts);
    suite_add_tcase(s, tc);

    tc = tcase_create("history");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_load_history_after_current_ignored);
    tcase_add_test(tc, test_load_history_utc_offset_next_day);
    tcase_add_test(tc, test_load_history_utc_offset_previous_day);
    tcase_add_test(tc, test_load_current_utc_offset_next_day);
    tcase_add_test(tc, test_load_history_local_day_after_today);
    tcase_add_test(tc, test_load_history_current_in_history_once);
    tcase_add_test(tc, test_load_history_horizon);
    tcase_add_test(tc, test_load_history_ten_thousand);
    tcase_add_test(tc, test_load_history_never_infinite);
    suite_add_tcase(s, tc);

    tc = tcase_create("params");
    tcase_add_test(tc, test_load_params_defaults);
    tcase_add_test(tc, test_load_params_table);
    tcase_add_test(tc, test_load_params_pmc_weight_text);
    tcase_add_test(tc, test_load_params_fact_names);
    tcase_add_test(tc, test_load_params_out_of_range_clamped);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(load_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
