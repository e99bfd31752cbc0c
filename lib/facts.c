/*
 * facts.c — the built-in fact catalogue, enum names, ext.* value sets and
 * RFC 3339 times. Every other part of the library asks this table.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "facts.h"

const char *const rc_kind_names[8] = { "easy", "long", "tempo", "intervals", "hills", "race", "ultra", "cross" };
const char *const rc_phase_names[6] = { "base", "build", "peak", "taper", "race", "off" };
const char *const rc_sex_names[2] = { "female", "male" };
const char *const rc_units_names[2] = { "metric", "imperial" };
const char *const rc_pref_names[6] = { "no_cold_therapy", "lactose_free", "vegetarian",
                                       "vegan",           "no_caffeine",  "limited_time" };

#define A RUNCOVER_FACT_ATHLETE
#define S RUNCOVER_FACT_SESSION
#define D RUNCOVER_FACT_DERIVED
#define NUM RUNCOVER_FACT_NUMBER
#define FLAG RUNCOVER_FACT_FLAG
#define ENUM RUNCOVER_FACT_ENUM
#define SET RUNCOVER_FACT_SET
#define TIME RUNCOVER_FACT_TIME
#define E(t) t, RC_ARRAY_LEN(t)
#define NOE NULL, 0
#define LOADF(name, NAME, unit, doc) \
    { "load." #name, #name, NUM, unit, -1e12, 1e12, NOE, D, RC_L_FIRST + RC_LOAD_##NAME, doc }

/* Alphabetic within each block is not required; order here is the
 * introspection order and never changes (new facts are appended). */
const rc_fact rc_facts[] = {
    { "athlete.mass_kg", "mass_kg", NUM, "kg", 30, 250, NOE, A, RC_A_MASS, "body mass" },
    { "athlete.age", "age", NUM, "years", 10, 100, NOE, A, RC_A_AGE, "age in years" },
    { "athlete.sex", "sex", ENUM, "", 0, 1, E(rc_sex_names), A, RC_A_SEX, "sex (TRIMP weighting)" },
    { "athlete.experience_years", "experience_years", NUM, "years", 0, 80, NOE, A, RC_A_EXPERIENCE,
      "years of running" },
    { "athlete.weekly_km", "weekly_km", NUM, "km", 0, 400, NOE, A, RC_A_WEEKLY_KM, "usual weekly distance" },
    { "athlete.phase", "phase", ENUM, "", 0, 5, E(rc_phase_names), A, RC_A_PHASE, "training phase" },
    { "athlete.preferences", "preferences", SET, "", 0, 63, E(rc_pref_names), A, RC_A_PREFS,
      "preferences and restrictions" },
    { "athlete.units", "units", ENUM, "", 0, 1, E(rc_units_names), A, RC_A_UNITS, "unit system for text" },
    { "athlete.hr_rest", "hr_rest", NUM, "bpm", 25, 120, NOE, A, RC_A_HR_REST, "resting heart rate" },
    { "athlete.hr_max", "hr_max", NUM, "bpm", 100, 230, NOE, A, RC_A_HR_MAX, "maximum heart rate" },
    { "session.kind", "kind", ENUM, "", 0, 7, E(rc_kind_names), S, RC_S_KIND, "kind of session" },
    { "session.end", "end", TIME, "s", 0, 7258118400.0, NOE, S, RC_S_END,
      "end time, RFC 3339 with a UTC offset" },
    { "session.end_hour_local", "end_hour_local", NUM, "h", 0, 23, NOE, S | D, RC_D_END_HOUR,
      "local hour the session ended (derived from session.end)" },
    { "session.end_minute_local", "end_minute_local", NUM, "min", 0, 1439.99, NOE, S | D, RC_D_END_MINUTE,
      "minutes after local midnight the session ended, seconds as a fraction (derived from session.end)" },
    { "session.duration_min", "duration_min", NUM, "min", 1, 2880, NOE, S, RC_S_DURATION, "moving time" },
    { "session.distance_km", "distance_km", NUM, "km", 0, 400, NOE, S, RC_S_DISTANCE, "distance" },
    { "session.rpe", "rpe", NUM, "", 1, 10, NOE, S, RC_S_RPE, "session RPE (1-10)" },
    { "session.avg_hr", "avg_hr", NUM, "bpm", 30, 230, NOE, S, RC_S_AVG_HR, "average heart rate" },
    { "session.ascent_m", "ascent_m", NUM, "m", 0, 20000, NOE, S, RC_S_ASCENT, "total ascent" },
    { "session.descent_m", "descent_m", NUM, "m", 0, 20000, NOE, S, RC_S_DESCENT, "total descent" },
    { "session.temperature_c", "temperature_c", NUM, "°C", -40, 55, NOE, S, RC_S_TEMP, "air temperature" },
    { "session.humidity_pct", "humidity_pct", NUM, "%", 0, 100, NOE, S, RC_S_HUMIDITY, "relative humidity" },
    { "session.mass_before_kg", "mass_before_kg", NUM, "kg", 30, 250, NOE, S, RC_S_MASS_BEFORE,
      "body mass before" },
    { "session.mass_after_kg", "mass_after_kg", NUM, "kg", 30, 250, NOE, S, RC_S_MASS_AFTER, "body mass after" },
    { "session.mass_loss_kg", "mass_loss_kg", NUM, "kg", -220, 220, NOE, S | D, RC_D_MASS_LOSS,
      "mass before minus after (derived; negative means a gain)" },
    { "session.fluid_ml", "fluid_ml", NUM, "ml", 0, 20000, NOE, S, RC_S_FLUID, "fluid drunk during" },
    { "session.checkin.soreness", "checkin.soreness", NUM, "", 0, 10, NOE, S, RC_S_SORENESS,
      "muscle soreness 0-10" },
    { "session.checkin.sharp_pain", "checkin.sharp_pain", FLAG, "", 0, 1, NOE, S, RC_S_SHARP_PAIN,
      "acute sharp pain during or right after" },
    { "session.checkin.swelling", "checkin.swelling", FLAG, "", 0, 1, NOE, S, RC_S_SWELLING,
      "significant swelling" },
    { "session.checkin.bruising", "checkin.bruising", FLAG, "", 0, 1, NOE, S, RC_S_BRUISING,
      "significant bruising" },
    { "session.checkin.deformity", "checkin.deformity", FLAG, "", 0, 1, NOE, S, RC_S_DEFORMITY, "deformity" },
    { "session.checkin.numbness", "checkin.numbness", FLAG, "", 0, 1, NOE, S, RC_S_NUMBNESS,
      "numbness, tingling or weakness in legs or feet" },
    { "session.checkin.pain_worsening", "checkin.pain_worsening", FLAG, "", 0, 1, NOE, S,
      RC_S_PAIN_WORSENING, "pain that gets worse over time" },
    { "session.checkin.interferes_daily", "checkin.interferes_daily", FLAG, "", 0, 1, NOE, S,
      RC_S_INTERFERES_DAILY, "pain that interferes with daily life" },
    { "session.checkin.persistent_pain_days", "checkin.persistent_pain_days", NUM, "days", 0, 365, NOE, S,
      RC_S_PERSISTENT_PAIN_DAYS, "days a pain has persisted despite rest" },
    LOADF(session, SESSION, "AU", "session-RPE load of this session (RPE x minutes, Foster)"),
    LOADF(trimp, TRIMP, "AU", "Banister TRIMP of this session"),
    LOADF(acute_7d, ACUTE_7D, "AU/day", "mean daily load over 7 days"),
    LOADF(chronic_28d, CHRONIC_28D, "AU/day", "mean daily load over 28 days"),
    LOADF(acwr, ACWR, "", "acute:chronic workload ratio (rolling)"),
    LOADF(acute_ewma, ACUTE_EWMA, "AU/day", "EWMA of daily load, N=7 (Williams 2017)"),
    LOADF(chronic_ewma, CHRONIC_EWMA, "AU/day", "EWMA of daily load, N=28 (Williams 2017)"),
    LOADF(acwr_ewma, ACWR_EWMA, "", "acute:chronic ratio of the EWMAs"),
    LOADF(monotony_7d, MONOTONY_7D, "", "Foster monotony: mean/SD of 7 daily loads"),
    LOADF(strain_7d, STRAIN_7D, "AU", "Foster strain: weekly load x monotony"),
    LOADF(fitness, FITNESS, "AU", "Banister fitness"),
    LOADF(fatigue, FATIGUE, "AU", "Banister fatigue"),
    LOADF(performance, PERFORMANCE, "AU", "Banister performance p0 + k1 fitness - k2 fatigue"),
    LOADF(ctl, CTL, "AU/day", "chronic training load (PMC)"),
    LOADF(atl, ATL, "AU/day", "acute training load (PMC)"),
    LOADF(tsb, TSB, "AU/day", "training stress balance (PMC form)"),
    LOADF(races_30d, RACES_30D, "", "races in the last 30 days, this session included"),
    LOADF(races_90d, RACES_90D, "", "races in the last 90 days, this session included"),
    LOADF(ultras_30d, ULTRAS_30D, "", "ultras in the last 30 days, this session included"),
    LOADF(ultras_90d, ULTRAS_90D, "", "ultras in the last 90 days, this session included"),
    LOADF(days_since_race, DAYS_SINCE_RACE, "days", "days since the last earlier race or ultra"),
    LOADF(days_since_hard, DAYS_SINCE_HARD, "days", "days since the last earlier hard session"),
};
const size_t rc_fact_count_builtin = RC_ARRAY_LEN(rc_facts);

const rc_fact *rc_fact_by_path(const char *path, size_t len)
{
    for (size_t i = 0; i < rc_fact_count_builtin; i++)
        if (strlen(rc_facts[i].path) == len && memcmp(rc_facts[i].path, path, len) == 0)
            return &rc_facts[i];
    return NULL;
}

const rc_fact *rc_fact_by_slot(int slot)
{
    for (size_t i = 0; i < rc_fact_count_builtin; i++)
        if (rc_facts[i].slot == slot)
            return &rc_facts[i];
    return NULL;
}

const rc_fact *rc_fact_by_key(unsigned owner, const char *key)
{
    const char *pre = owner == RUNCOVER_FACT_ATHLETE ? "athlete." : "session.";
    size_t pl = strlen(pre);
    if (strncmp(key, pre, pl) == 0)
        key += pl;
    for (size_t i = 0; i < rc_fact_count_builtin; i++)
        if ((rc_facts[i].flags & owner) && strcmp(rc_facts[i].key, key) == 0)
            return &rc_facts[i];
    return NULL;
}

int rc_enum_index(const rc_fact *f, const char *name, size_t len)
{
    for (size_t i = 0; i < f->nenum; i++)
        if (strlen(f->enums[i]) == len && memcmp(f->enums[i], name, len) == 0)
            return (int)i;
    return -1;
}

runcover_status rc_fact_check_number(const rc_fact *f, double v)
{
    if (isfinite(v) && v >= f->min && v <= f->max)
        return RUNCOVER_OK;
    char lo[32], hi[32], val[32];
    rc_num_format(lo, sizeof lo, f->min, 3);
    rc_num_format(hi, sizeof hi, f->max, 3);
    rc_num_format_msg(val, sizeof val, v, 6);
    return rc_error(RUNCOVER_E_RANGE, "%s = %s is out of range (allowed %s to %s%s%s)", f->path, val, lo, hi,
                    *f->unit ? " " : "", f->unit);
}

uint32_t rc_hash(const char *s, size_t n)
{
    uint32_t h = 0x811C9DC5u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x01000193u;
    return h;
}

const rc_ext *rc_extset_get(const rc_extset *e, const char *name)
{
    for (size_t i = 0; i < e->n; i++)
        if (strcmp(e->v[i].name, name) == 0)
            return &e->v[i];
    return NULL;
}

runcover_status rc_extset_set(rc_extset *e, const char *name, runcover_fact_type type, double value)
{
    size_t len = strlen(name);
    if (len == 0 || len > 64)
        return rc_error(RUNCOVER_E_INVALID, "ext fact names are 1 to 64 characters");
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return rc_error(RUNCOVER_E_INVALID, "ext fact names use a-z, 0-9 and _ only");
    }
    if (type == RUNCOVER_FACT_NUMBER && !isfinite(value))
        return rc_error(RUNCOVER_E_RANGE, "ext.%s must be a finite number", name);
    for (size_t i = 0; i < e->n; i++)
        if (strcmp(e->v[i].name, name) == 0) {
            e->v[i].type = type;
            e->v[i].value = value;
#if RC_EXT_CACHE
            atomic_store_explicit(&e->v[i].slot_cache, 0, memory_order_relaxed);
#endif
            return RUNCOVER_OK;
        }
    if (e->n >= 4096)
        return rc_error(RUNCOVER_E_LIMIT, "too many ext facts on one handle (4096)");
    /* the name first: a failure after the array grew would keep the growth */
    char *copy = rc_strndup(name, len);
    if (!copy)
        return rc_nomem();
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 8;
        rc_ext *v = rc_reallocarray(e->v, cap, sizeof *v);
        if (!v) {
            rc_free(copy);
            return rc_nomem();
        }
        e->v = v;
        e->cap = cap;
    }
    rc_ext *x = &e->v[e->n++];
    x->name = copy;
    x->hash = rc_hash(name, len);
    x->type = type;
    x->value = value;
#if RC_EXT_CACHE
    atomic_init(&x->slot_cache, 0);
#endif
    return RUNCOVER_OK;
}

void rc_extset_unset(rc_extset *e, const char *name)
{
    for (size_t i = 0; i < e->n; i++)
        if (strcmp(e->v[i].name, name) == 0) {
            rc_free(e->v[i].name);
            memmove(&e->v[i], &e->v[i + 1], (e->n - i - 1) * sizeof e->v[0]);
            e->n--;
            return;
        }
}

runcover_status rc_extset_copy(rc_extset *dst, const rc_extset *src)
{
    rc_extset out = { NULL, 0, 0 };
    if (src->n) {
        out.v = rc_calloc(src->n, sizeof *out.v);
        if (!out.v)
            return rc_nomem();
        out.cap = src->n;
        for (size_t i = 0; i < src->n; i++) {
            out.v[i].hash = src->v[i].hash;
            out.v[i].type = src->v[i].type;
            out.v[i].value = src->v[i].value;
#if RC_EXT_CACHE
            atomic_init(&out.v[i].slot_cache, 0);
#endif
            out.v[i].name = rc_strdup(src->v[i].name);
            if (!out.v[i].name) {
                out.n = i;
                rc_extset_free(&out);
                return rc_nomem();
            }
        }
        out.n = src->n;
    }
    *dst = out;
    return RUNCOVER_OK;
}

void rc_extset_free(rc_extset *e)
{
    for (size_t i = 0; i < e->n; i++)
        rc_free(e->v[i].name);
    rc_free(e->v);
    *e = (rc_extset){ NULL, 0, 0 };
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; Howard Hinnant's
 * days_from_civil algorithm). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (*m <= 2));
}

static bool digits(const char *s, size_t n, size_t at, size_t count, int *out)
{
    if (at + count > n)
        return false;
    int v = 0;
    for (size_t i = 0; i < count; i++) {
        char c = s[at + i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *out = v;
    return true;
}

int rc_time_parse(const char *s, size_t n, int64_t *unix_s, int *offset_min)
{
    int y, mo, d, h, mi, se, oh, om;
    if (!digits(s, n, 0, 4, &y) || n < 19 || s[4] != '-' || !digits(s, n, 5, 2, &mo) || s[7] != '-' ||
        !digits(s, n, 8, 2, &d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s, n, 11, 2, &h) ||
        s[13] != ':' || !digits(s, n, 14, 2, &mi) || s[16] != ':' || !digits(s, n, 17, 2, &se))
        return RC_TIME_BAD;
    size_t i = 19;
    if (i < n && s[i] == '.') {
        i++;
        size_t st = i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == st)
            return RC_TIME_BAD;
    }
    int off;
    if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
        off = 0;
        i++;
    } else if (i < n && (s[i] == '+' || s[i] == '-')) {
        int sign = s[i] == '-' ? -1 : 1;
        if (!digits(s, n, i + 1, 2, &oh) || i + 3 >= n || s[i + 3] != ':' || !digits(s, n, i + 4, 2, &om))
            return RC_TIME_BAD;
        if (oh > 23 || om > 59)
            return RC_TIME_BAD;
        off = sign * (oh * 60 + om);
        i += 6;
    } else {
        return RC_TIME_BAD;
    }
    if (i != n)
        return RC_TIME_BAD;
    static const unsigned mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (mo < 1 || mo > 12 || d < 1 || (unsigned)d > mdays[mo - 1] || h > 23 || mi > 59 ||
        se > 60)
        return RC_TIME_BAD;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (mo == 2 && d == 29 && !leap)
        return RC_TIME_BAD;
    if (se == 60)
        se = 59; /* a leap second is read as the second before it */
    int64_t days = days_from_civil(y, (unsigned)mo, (unsigned)d);
    int64_t t = days * 86400 + h * 3600 + mi * 60 + se - (int64_t)off * 60;
    if (t < 0 || t > INT64_C(7289654399)) /* 1970-01-01 to 2200-12-31 UTC, as runcover_session_set_end */
        return RC_TIME_RANGE;
    *unix_s = t;
    *offset_min = off;
    return RC_TIME_OK;
}

void rc_time_format(char out[32], int64_t unix_s, int offset_min)
{
    int64_t local = unix_s + (int64_t)offset_min * 60;
    int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    int64_t sec = local - days * 86400;
    int y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    int hh = (int)(sec / 3600), mm = (int)(sec / 60 % 60), ss = (int)(sec % 60);
    /* the values are in range by construction; the clamps tell the compiler */
    if (y < 0 || y > 9999)
        y = y < 0 ? 0 : 9999;
    m = m > 12 ? 12 : m;
    d = d > 31 ? 31 : d;
    hh = hh < 0 || hh > 23 ? 0 : hh;
    mm = mm < 0 || mm > 59 ? 0 : mm;
    ss = ss < 0 || ss > 59 ? 0 : ss;
    if (offset_min < -1439 || offset_min > 1439)
        offset_min = 0;
    /* written by hand: this runs on every evaluation, snprintf costs more
     * than the rest of the recovery estimate */
    char *o = out;
#define PUT2(x) (*o++ = (char)('0' + (x) / 10), *o++ = (char)('0' + (x) % 10))
    PUT2(y / 100);
    PUT2(y % 100);
    *o++ = '-';
    PUT2((int)m);
    *o++ = '-';
    PUT2((int)d);
    *o++ = 'T';
    PUT2(hh);
    *o++ = ':';
    PUT2(mm);
    *o++ = ':';
    PUT2(ss);
    if (offset_min == 0) {
        *o++ = 'Z';
    } else {
        int a = offset_min < 0 ? -offset_min : offset_min;
        *o++ = offset_min < 0 ? '-' : '+';
        PUT2(a / 60);
        *o++ = ':';
        PUT2(a % 60);
    }
#undef PUT2
    *o = '\0';
}
