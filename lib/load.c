/*
 * load.c — the training-load model: the current session and the athlete's
 * history become the load.* facts (load.h). Conventions, defaults and test
 * vectors: protocols/README.md, "Load model".
 *
 * One pass over the history finds the first day and the race/hard-session
 * facts; a second pass steps day by day from the first history day to the
 * current day, adding each session's load into a ring of daily loads as the
 * day pointer reaches it, and advancing the EWMA, Banister and PMC
 * recurrences. The rolling windows are read from the ring at the end.
 * Linear in the number of sessions and days; nothing is allocated.
 */
#include <math.h>
#include <string.h>

#include "load.h"

#define DAY_S 86400
/* The day-stepping recurrences start no earlier than this many days before
 * the current day; older sessions are ignored. */
#define HORIZON_DAYS 3650
/* Largest rolling window (acute_days, chronic_days). */
#define MAX_WINDOW 366
/* Ring of daily loads: a power of two ≥ MAX_WINDOW + 3 (two pending days). */
#define RING 512
/* End times beyond ±2^53 s are treated as absent (keeps day arithmetic exact). */
#define END_LIMIT ((int64_t)1 << 53)
#define MAX_OFFSET_MIN 1439

const char *const rc_load_fact_names[RC_LOAD_NFACTS] = {
    "session",     "trimp",      "acute_7d",  "chronic_28d", "acwr",          "acute_ewma",
    "chronic_ewma", "acwr_ewma", "monotony_7d", "strain_7d", "fitness",       "fatigue",
    "performance", "ctl",        "atl",       "tsb",         "races_30d",     "races_90d",
    "ultras_30d",  "ultras_90d", "days_since_race", "days_since_hard",
};

void rc_load_params_default(rc_load_params *p)
{
    if (!p)
        return;
    memset(p, 0, sizeof *p);
    p->acute_days = 7;
    p->chronic_days = 28;
    p->ewma_acute_n = 7;
    p->ewma_chronic_n = 28;
    p->fitness_tau = 42;
    p->fatigue_tau = 7;
    p->k1 = 1;
    p->k2 = 2;
    p->p0 = 0;
    p->ctl_days = 42;
    p->atl_days = 7;
    p->pmc_weight = RC_PMC_W_ONE_MINUS_EXP;
    p->tsb_previous_day = true;
    p->sample_sd = false;
    p->trimp_a = 0.64;
    p->trimp_b_male = 1.92;
    p->trimp_b_female = 1.67;
    p->hard_rpe = 7;
}

#define NUMP(field, lo, hi, doc) { #field, 0, lo, hi, offsetof(rc_load_params, field), doc }

const rc_load_param_info rc_load_param_table[] = {
    NUMP(acute_days, 1, MAX_WINDOW, "rolling acute window in days (rounded to whole days), default 7"),
    NUMP(chronic_days, 1, MAX_WINDOW, "rolling chronic window in days (rounded to whole days), default 28"),
    NUMP(ewma_acute_n, 1, MAX_WINDOW, "acute EWMA span N, lambda = 2/(N+1), default 7"),
    NUMP(ewma_chronic_n, 1, MAX_WINDOW, "chronic EWMA span N, lambda = 2/(N+1), default 28"),
    NUMP(fitness_tau, 1, 365, "Banister fitness time constant tau1 in days, default 42"),
    NUMP(fatigue_tau, 1, 365, "Banister fatigue time constant tau2 in days, default 7"),
    NUMP(k1, 0, 10, "Banister fitness gain k1, default 1"),
    NUMP(k2, 0, 10, "Banister fatigue gain k2, default 2"),
    NUMP(p0, -1e6, 1e6, "Banister baseline performance p0, default 0"),
    NUMP(ctl_days, 1, MAX_WINDOW, "PMC chronic training load N in days, default 42"),
    NUMP(atl_days, 1, MAX_WINDOW, "PMC acute training load N in days, default 7"),
    { "pmc_weight", 1, 0, 2, offsetof(rc_load_params, pmc_weight),
      "PMC smoothing weight: 1/N, 1-exp(-1/N) (default) or 2/(N+1)" },
    { "tsb_previous_day", 2, 0, 1, offsetof(rc_load_params, tsb_previous_day),
      "tsb = ctl - atl of the previous day (true, default) or of the same day (false)" },
    { "sample_sd", 2, 0, 1, offsetof(rc_load_params, sample_sd),
      "monotony uses the sample SD (true) or the population SD (false, default)" },
    NUMP(trimp_a, 0, 5, "Banister TRIMP factor a, default 0.64"),
    NUMP(trimp_b_male, 0, 5, "Banister TRIMP exponent b for men, default 1.92"),
    NUMP(trimp_b_female, 0, 5, "Banister TRIMP exponent b for women, default 1.67"),
    NUMP(hard_rpe, 1, 10, "RPE at or above which a session counts as hard, default 7"),
};
const size_t rc_load_param_count = RC_ARRAY_LEN(rc_load_param_table);

const rc_load_param_info *rc_load_param_find(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < rc_load_param_count; i++)
        if (strcmp(rc_load_param_table[i].name, name) == 0)
            return &rc_load_param_table[i];
    return NULL;
}

static const char *const pmc_weight_names[3] = { "1/N", "1-exp(-1/N)", "2/(N+1)" };

bool rc_pmc_weight_parse(const char *s, int *out)
{
    if (!s)
        return false;
    for (int i = 0; i < 3; i++) {
        if (strcmp(s, pmc_weight_names[i]) == 0) {
            if (out)
                *out = i;
            return true;
        }
    }
    return false;
}

const char *rc_pmc_weight_name(int w)
{
    return w >= 0 && w < 3 ? pmc_weight_names[w] : NULL;
}

/* ---- computing ---- */

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if (a % b != 0 && ((a < 0) != (b < 0)))
        q--;
    return q;
}

static bool has_end(int64_t end)
{
    return end != INT64_MIN && end >= -END_LIMIT && end <= END_LIMIT;
}

static int64_t utc_day(int64_t end)
{
    return floor_div(end, DAY_S);
}

/* Local calendar day: floor((end + offset_min*60) / 86400), offset clamped
 * to the ±1439 minutes session.end accepts. */
static int64_t local_day(int64_t end, int offset_min)
{
    int64_t off = offset_min < -MAX_OFFSET_MIN ? -MAX_OFFSET_MIN
                  : offset_min > MAX_OFFSET_MIN ? MAX_OFFSET_MIN
                                                : offset_min;
    return floor_div(end + off * 60, DAY_S);
}

/* Foster session-RPE load for daily sums: 0 when rpe or duration is absent. */
static double day_load(const rc_load_session *s)
{
    double v = s->rpe * s->duration_min;
    return isfinite(v) ? v : 0;
}

static bool same_num(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

/* The library's duplicate rule (runcover_athlete_add_session): same end,
 * kind, duration and RPE. */
static bool same_session(const rc_load_session *a, const rc_load_session *b)
{
    return a->end_unix == b->end_unix && a->kind == b->kind && same_num(a->duration_min, b->duration_min) &&
           same_num(a->rpe, b->rpe);
}

static bool is_race(int kind)
{
    return kind == RUNCOVER_KIND_RACE || kind == RUNCOVER_KIND_ULTRA;
}

static double clampd(double v, double lo, double hi, double dflt)
{
    if (isnan(v))
        return dflt;
    return v < lo ? lo : v > hi ? hi : v;
}

/* A copy of *in with every number inside its table range (NaN → default)
 * and pmc_weight valid, so no parameter can break the ring or the maths. */
static void sanitize_params(const rc_load_params *in, rc_load_params *out)
{
    rc_load_params d;
    rc_load_params_default(&d);
    *out = in ? *in : d;
    for (size_t i = 0; i < rc_load_param_count; i++) {
        const rc_load_param_info *pi = &rc_load_param_table[i];
        if (pi->kind != 0)
            continue;
        double v, dv;
        memcpy(&v, (char *)out + pi->offset, sizeof v);
        memcpy(&dv, (char *)&d + pi->offset, sizeof dv);
        v = clampd(v, pi->min, pi->max, dv);
        memcpy((char *)out + pi->offset, &v, sizeof v);
    }
    if (!rc_pmc_weight_name(out->pmc_weight))
        out->pmc_weight = d.pmc_weight;
}

static double pmc_w(int kind, double n)
{
    switch (kind) {
    case RC_PMC_W_INV_N: return 1.0 / n;
    case RC_PMC_W_TWO_OVER_N1: return 2.0 / (n + 1.0);
    default: return 1.0 - exp(-1.0 / n);
    }
}

static double trimp(const rc_load_params *p, const rc_load_athlete *a, const rc_load_session *s)
{
    if (!a || (a->sex != RUNCOVER_SEX_MALE && a->sex != RUNCOVER_SEX_FEMALE))
        return NAN;
    double rest = a->hr_rest, max = a->hr_max, hr = s->avg_hr, dur = s->duration_min;
    if (!isfinite(rest) || !isfinite(max) || !isfinite(hr) || !isfinite(dur) || !(max > rest))
        return NAN;
    double x = (hr - rest) / (max - rest);
    x = x < 0 ? 0 : x > 1 ? 1 : x;
    double b = a->sex == RUNCOVER_SEX_MALE ? p->trimp_b_male : p->trimp_b_female;
    return dur * x * p->trimp_a * exp(b * x);
}

static size_t slot(int64_t day)
{
    return (size_t)(((day % RING) + RING) % RING);
}

static int whole_days(double v)
{
    long d = lround(v);
    return d < 1 ? 1 : d > MAX_WINDOW ? MAX_WINDOW : (int)d;
}

void rc_load_compute(const rc_load_params *pin, const rc_load_athlete *a, const rc_load_session *hist, size_t n,
                     const rc_load_session *cur, double out[RC_LOAD_NFACTS])
{
    for (int i = 0; i < RC_LOAD_NFACTS; i++)
        out[i] = NAN;
    if (!cur)
        return;
    if (!hist)
        n = 0;
    rc_load_params p;
    sanitize_params(pin, &p);

    out[RC_LOAD_SESSION] = cur->rpe * cur->duration_min;
    out[RC_LOAD_TRIMP] = trimp(&p, a, cur);

    if (has_end(cur->end_unix)) {
        const int64_t cend = cur->end_unix;
        const int64_t today = local_day(cend, cur->offset_min);
        const int64_t oldest = today - HORIZON_DAYS;

        /* Pass 1: which history sessions count, the first day, races and
         * hard sessions. A history session counts when it has an end, ends
         * at or before cur, is not cur itself (the first exact duplicate of
         * cur is skipped) and its local day, clamped to today, is within
         * the horizon. */
        size_t dup = SIZE_MAX;
        int64_t day0 = today;
        double races30 = 0, races90 = 0, ultras30 = 0, ultras90 = 0;
        int64_t last_race = INT64_MIN, last_hard = INT64_MIN;
        int64_t last_race_end = INT64_MIN, last_hard_end = INT64_MIN;
        for (size_t i = 0; i < n; i++) {
            const rc_load_session *s = &hist[i];
            if (!has_end(s->end_unix) || s->end_unix > cend)
                continue;
            if (dup == SIZE_MAX && same_session(s, cur)) {
                dup = i;
                continue;
            }
            int64_t ld = local_day(s->end_unix, s->offset_min);
            if (ld > today)
                ld = today;
            if (ld < oldest)
                continue;
            if (ld < day0)
                day0 = ld;
            if (s->end_unix >= cend - 30 * (int64_t)DAY_S) {
                races30 += s->kind == RUNCOVER_KIND_RACE;
                ultras30 += s->kind == RUNCOVER_KIND_ULTRA;
            }
            if (s->end_unix >= cend - 90 * (int64_t)DAY_S) {
                races90 += s->kind == RUNCOVER_KIND_RACE;
                ultras90 += s->kind == RUNCOVER_KIND_ULTRA;
            }
            bool race = is_race(s->kind);
            bool hard = race || (isfinite(s->rpe) && s->rpe >= p.hard_rpe);
            if (race && s->end_unix >= last_race_end) {
                last_race_end = s->end_unix;
                last_race = ld;
            }
            if (hard && s->end_unix >= last_hard_end) {
                last_hard_end = s->end_unix;
                last_hard = ld;
            }
        }
        /* The current session counts for the race windows (its end is the
         * window's end), not for days_since_*. */
        races30 += cur->kind == RUNCOVER_KIND_RACE;
        races90 += cur->kind == RUNCOVER_KIND_RACE;
        ultras30 += cur->kind == RUNCOVER_KIND_ULTRA;
        ultras90 += cur->kind == RUNCOVER_KIND_ULTRA;

        /* Pass 2: day by day from day0 to today. A session with local day
         * L has UTC day in [L-1, L+1], so when stepping to day d every
         * session with UTC day <= d+1 is added (local day <= d+2): the ring
         * slot of day d+2 is cleared first, and day d's sum is complete. */
        /* Zero the days the recurrences and windows read before they are
         * written: day0 .. today+2, and the windows' days (the longest
         * window, at least the 7 days of monotony) back from today. */
        const int wa = whole_days(p.acute_days), wc = whole_days(p.chronic_days);
        const int wmax = wa > wc ? (wa > 7 ? wa : 7) : (wc > 7 ? wc : 7);
        const int64_t zlo = day0 < today - wmax + 1 ? day0 : today - wmax + 1;
        double ring[RING];
        if (today + 2 - zlo + 1 >= RING) {
            memset(ring, 0, sizeof ring);
        } else {
            size_t start = slot(zlo), count = (size_t)(today + 2 - zlo + 1);
            size_t first = count < RING - start ? count : RING - start;
            memset(ring + start, 0, first * sizeof *ring);
            memset(ring, 0, (count - first) * sizeof *ring);
        }
        const double lam_a = 2.0 / (p.ewma_acute_n + 1.0), lam_c = 2.0 / (p.ewma_chronic_n + 1.0);
        const double dec_g = exp(-1.0 / p.fitness_tau), dec_h = exp(-1.0 / p.fatigue_tau);
        const double w_ctl = pmc_w(p.pmc_weight, p.ctl_days), w_atl = pmc_w(p.pmc_weight, p.atl_days);
        double ewa = 0, ewc = 0, g = 0, h = 0, ctl = 0, atl = 0, prev_ctl = 0, prev_atl = 0;
        size_t i = 0;
        int64_t iday = INT64_MIN; /* hist[i]'s UTC day once computed: the loop waits on it day after day */
        for (int64_t d = day0; d <= today; d++) {
            ring[slot(d + 2)] = 0;
            for (; i < n; i++, iday = INT64_MIN) {
                const rc_load_session *s = &hist[i];
                if (!has_end(s->end_unix) || s->end_unix > cend || i == dup)
                    continue;
                if (iday == INT64_MIN)
                    iday = utc_day(s->end_unix);
                if (iday > d + 1)
                    break;
                int64_t ld = local_day(s->end_unix, s->offset_min);
                if (ld > today)
                    ld = today;
                if (ld < day0)
                    continue; /* beyond the horizon */
                ring[slot(ld)] += day_load(s);
            }
            if (d == today)
                ring[slot(today)] += day_load(cur);
            const double l = ring[slot(d)];
            if (d == day0) {
                ewa = l;
                ewc = l;
            } else {
                ewa = lam_a * l + (1 - lam_a) * ewa;
                ewc = lam_c * l + (1 - lam_c) * ewc;
            }
            g = g * dec_g + l;
            h = h * dec_h + l;
            prev_ctl = ctl;
            prev_atl = atl;
            ctl += w_ctl * (l - ctl);
            atl += w_atl * (l - atl);
        }

        /* Rolling windows: days before day0 are zero in the ring. */
        double sa = 0, sc = 0;
        for (int k = 0; k < wc || k < wa; k++) {
            double l = ring[slot(today - k)];
            if (k < wa)
                sa += l;
            if (k < wc)
                sc += l;
        }
        out[RC_LOAD_ACUTE_7D] = sa / wa;
        out[RC_LOAD_CHRONIC_28D] = sc / wc;
        if (sc != 0)
            out[RC_LOAD_ACWR] = out[RC_LOAD_ACUTE_7D] / out[RC_LOAD_CHRONIC_28D];
        out[RC_LOAD_ACUTE_EWMA] = ewa;
        out[RC_LOAD_CHRONIC_EWMA] = ewc;
        if (ewc != 0)
            out[RC_LOAD_ACWR_EWMA] = ewa / ewc;

        /* Foster monotony over the 7 days ending today; absent when all 7
         * daily loads are equal (SD 0). */
        double w7[7], sum7 = 0;
        bool equal = true;
        for (int k = 0; k < 7; k++) {
            w7[k] = ring[slot(today - k)];
            sum7 += w7[k];
            if (w7[k] != w7[0])
                equal = false;
        }
        if (!equal) {
            double mean = sum7 / 7, ss = 0;
            for (int k = 0; k < 7; k++)
                ss += (w7[k] - mean) * (w7[k] - mean);
            double sd = sqrt(ss / (p.sample_sd ? 6 : 7));
            if (sd > 0) {
                out[RC_LOAD_MONOTONY_7D] = mean / sd;
                out[RC_LOAD_STRAIN_7D] = sum7 * (mean / sd);
            }
        }

        out[RC_LOAD_FITNESS] = g;
        out[RC_LOAD_FATIGUE] = h;
        out[RC_LOAD_PERFORMANCE] = p.p0 + p.k1 * g - p.k2 * h;
        out[RC_LOAD_CTL] = ctl;
        out[RC_LOAD_ATL] = atl;
        out[RC_LOAD_TSB] = p.tsb_previous_day ? prev_ctl - prev_atl : ctl - atl;

        out[RC_LOAD_RACES_30D] = races30;
        out[RC_LOAD_RACES_90D] = races90;
        out[RC_LOAD_ULTRAS_30D] = ultras30;
        out[RC_LOAD_ULTRAS_90D] = ultras90;
        if (last_race != INT64_MIN)
            out[RC_LOAD_DAYS_SINCE_RACE] = (double)(today - last_race);
        if (last_hard != INT64_MIN)
            out[RC_LOAD_DAYS_SINCE_HARD] = (double)(today - last_hard);
    }

    /* Every result is finite or absent. */
    for (int k = 0; k < RC_LOAD_NFACTS; k++)
        if (!isfinite(out[k]))
            out[k] = NAN;
}
