/*
 * session.c — the session handle: session.* facts (the session and the
 * check-in after it) and ext.* values; derived session.end_hour_local and
 * session.mass_loss_kg.
 */
#include <math.h>
#include <string.h>

#include "handles.h"

void rc_session_init(runcover_session *s)
{
    for (size_t i = 0; i < RC_S_COUNT; i++)
        s->v[i] = NAN;
    s->ext = (rc_extset){ NULL, 0, 0 };
}

void rc_session_dispose(runcover_session *s) { rc_extset_free(&s->ext); }

runcover_status rc_session_copy(runcover_session *dst, const runcover_session *src)
{
    memcpy(dst->v, src->v, sizeof dst->v);
    return rc_extset_copy(&dst->ext, &src->ext);
}

RC_EXPORT runcover_status runcover_session_new(runcover_session **out)
{
    rc_error_reset();
    if (!out)
        return rc_misuse("runcover_session_new: out is NULL");
    runcover_session *s = rc_malloc(sizeof *s);
    if (!s)
        return rc_nomem();
    rc_session_init(s);
    *out = s;
    return RUNCOVER_OK;
}

RC_EXPORT runcover_status runcover_session_clone(runcover_session **out, const runcover_session *s)
{
    rc_error_reset();
    if (!out || !s)
        return rc_misuse("runcover_session_clone: NULL argument");
    runcover_session *c = rc_malloc(sizeof *c);
    if (!c)
        return rc_nomem();
    if (rc_session_copy(c, s) != RUNCOVER_OK) {
        rc_free(c);
        return rc_nomem();
    }
    *out = c;
    return RUNCOVER_OK;
}

RC_EXPORT void runcover_session_free(runcover_session *s)
{
    if (!s)
        return;
    rc_session_dispose(s);
    rc_free(s);
}

static runcover_status set_num(runcover_session *s, int slot, double v, const char *fn)
{
    rc_error_reset();
    if (!s)
        return rc_misuse("%s: session is NULL", fn);
    runcover_status st = rc_fact_check_number(rc_fact_by_slot(slot), v);
    if (st == RUNCOVER_OK)
        RC_SV(s, slot) = v;
    return st;
}

static runcover_status get_num(const runcover_session *s, int slot, double *out, const char *fn)
{
    rc_error_reset();
    if (!s || !out)
        return rc_misuse("%s: NULL argument", fn);
    if (isnan(RC_SV(s, slot)))
        return rc_error(RUNCOVER_E_NOTFOUND, "%s: the fact is absent", fn);
    *out = RC_SV(s, slot);
    return RUNCOVER_OK;
}

#define SESSION_NUM(name, slot) \
    RC_EXPORT runcover_status runcover_session_set_##name(runcover_session *s, double v) \
    { \
        return set_num(s, slot, v, "runcover_session_set_" #name); \
    } \
    RC_EXPORT runcover_status runcover_session_get_##name(const runcover_session *s, double *out) \
    { \
        return get_num(s, slot, out, "runcover_session_get_" #name); \
    }

SESSION_NUM(duration_min, RC_S_DURATION)
SESSION_NUM(distance_km, RC_S_DISTANCE)
SESSION_NUM(rpe, RC_S_RPE)
SESSION_NUM(avg_hr, RC_S_AVG_HR)
SESSION_NUM(ascent_m, RC_S_ASCENT)
SESSION_NUM(descent_m, RC_S_DESCENT)
SESSION_NUM(temperature_c, RC_S_TEMP)
SESSION_NUM(humidity_pct, RC_S_HUMIDITY)
SESSION_NUM(mass_before_kg, RC_S_MASS_BEFORE)
SESSION_NUM(mass_after_kg, RC_S_MASS_AFTER)
SESSION_NUM(fluid_ml, RC_S_FLUID)
SESSION_NUM(soreness, RC_S_SORENESS)
SESSION_NUM(persistent_pain_days, RC_S_PERSISTENT_PAIN_DAYS)

RC_EXPORT runcover_status runcover_session_set_kind(runcover_session *s, runcover_kind kind)
{
    rc_error_reset();
    if (!s)
        return rc_misuse("runcover_session_set_kind: session is NULL");
    if ((int)kind < 0 || (int)kind > RUNCOVER_KIND_CROSS)
        return rc_error(RUNCOVER_E_INVALID, "runcover_session_set_kind: session.kind: %d is not a valid runcover_kind (0 to %d)",
                        (int)kind, (int)RUNCOVER_KIND_CROSS);
    RC_SV(s, RC_S_KIND) = kind;
    return RUNCOVER_OK;
}

RC_EXPORT runcover_status runcover_session_get_kind(const runcover_session *s, runcover_kind *out)
{
    double d = 0;
    if (!out)
        return rc_misuse("runcover_session_get_kind: out is NULL");
    runcover_status st = get_num(s, RC_S_KIND, &d, "runcover_session_get_kind");
    if (st == RUNCOVER_OK)
        *out = (runcover_kind)(int)d;
    return st;
}

RC_EXPORT runcover_status runcover_session_set_end(runcover_session *s, int64_t unix_seconds, int utc_offset_min)
{
    rc_error_reset();
    if (!s)
        return rc_misuse("runcover_session_set_end: session is NULL");
    if (unix_seconds < 0 || unix_seconds > INT64_C(7289654399))
        return rc_error(RUNCOVER_E_RANGE, "session.end must lie between 1970-01-01 and 2200-12-31 UTC (unix seconds 0 to 7289654399)");
    if (utc_offset_min < -1439 || utc_offset_min > 1439)
        return rc_error(RUNCOVER_E_RANGE, "session.end: the UTC offset must be -1439 to 1439 minutes");
    RC_SV(s, RC_S_END) = (double)unix_seconds;
    RC_SV(s, RC_S_END_OFFSET) = utc_offset_min;
    return RUNCOVER_OK;
}

RC_EXPORT runcover_status runcover_session_get_end(const runcover_session *s, int64_t *unix_seconds,
                                                   int *utc_offset_min)
{
    rc_error_reset();
    if (!s)
        return rc_misuse("runcover_session_get_end: session is NULL");
    if (isnan(RC_SV(s, RC_S_END)))
        return rc_error(RUNCOVER_E_NOTFOUND, "session.end is absent");
    if (unix_seconds)
        *unix_seconds = (int64_t)RC_SV(s, RC_S_END);
    if (utc_offset_min)
        *utc_offset_min = (int)RC_SV(s, RC_S_END_OFFSET);
    return RUNCOVER_OK;
}

static const int k_symptom_slot[] = { RC_S_SHARP_PAIN, RC_S_SWELLING,       RC_S_BRUISING,        RC_S_DEFORMITY,
                                      RC_S_NUMBNESS,   RC_S_PAIN_WORSENING, RC_S_INTERFERES_DAILY };

RC_EXPORT runcover_status runcover_session_set_symptom(runcover_session *s, runcover_symptom symptom, bool present)
{
    rc_error_reset();
    if (!s)
        return rc_misuse("runcover_session_set_symptom: session is NULL");
    if ((int)symptom < 0 || (size_t)symptom >= RC_ARRAY_LEN(k_symptom_slot))
        return rc_error(RUNCOVER_E_INVALID, "runcover_session_set_symptom: %d is not a valid runcover_symptom",
                        (int)symptom);
    RC_SV(s, k_symptom_slot[symptom]) = present ? 1 : 0;
    return RUNCOVER_OK;
}

RC_EXPORT runcover_status runcover_session_get_symptom(const runcover_session *s, runcover_symptom symptom,
                                                       bool *out)
{
    rc_error_reset();
    if (!s || !out)
        return rc_misuse("runcover_session_get_symptom: NULL argument");
    if ((int)symptom < 0 || (size_t)symptom >= RC_ARRAY_LEN(k_symptom_slot))
        return rc_error(RUNCOVER_E_INVALID, "runcover_session_get_symptom: %d is not a valid runcover_symptom",
                        (int)symptom);
    double d = RC_SV(s, k_symptom_slot[symptom]);
    if (isnan(d))
        return rc_error(RUNCOVER_E_NOTFOUND, "the symptom is absent");
    *out = d != 0;
    return RUNCOVER_OK;
}

static runcover_status keyed(runcover_session *s, const char *key, runcover_fact_type t, double num,
                             const char *text, const char *fn)
{
    rc_error_reset();
    if (!s || !key || (t == RUNCOVER_FACT_TEXT && !text))
        return rc_misuse("%s: NULL argument", fn);
    double v[RC_S_COUNT];
    memcpy(v, s->v, sizeof v);
    runcover_status st = rc_keyed_set(RUNCOVER_FACT_SESSION, v, &s->ext, NULL, key, t, num, text);
    if (st == RUNCOVER_OK)
        memcpy(s->v, v, sizeof v);
    return st;
}

RC_EXPORT runcover_status runcover_session_set_number(runcover_session *s, const char *key, double value)
{
    return keyed(s, key, RUNCOVER_FACT_NUMBER, value, NULL, "runcover_session_set_number");
}

RC_EXPORT runcover_status runcover_session_set_text(runcover_session *s, const char *key, const char *value)
{
    return keyed(s, key, RUNCOVER_FACT_TEXT, 0, value, "runcover_session_set_text");
}

RC_EXPORT runcover_status runcover_session_set_flag(runcover_session *s, const char *key, bool value)
{
    return keyed(s, key, RUNCOVER_FACT_FLAG, value ? 1 : 0, NULL, "runcover_session_set_flag");
}

RC_EXPORT runcover_status runcover_session_unset(runcover_session *s, const char *key)
{
    rc_error_reset();
    if (!s || !key)
        return rc_misuse("runcover_session_unset: NULL argument");
    if (strncmp(key, "ext.", 4) == 0) {
        rc_extset_unset(&s->ext, key + 4);
        return RUNCOVER_OK;
    }
    const rc_fact *f = rc_fact_by_key(RUNCOVER_FACT_SESSION, key);
    if (!f || (f->flags & RUNCOVER_FACT_DERIVED))
        return rc_error(RUNCOVER_E_NOTFOUND, "no settable session fact '%.80s'", key);
    RC_SV(s, f->slot) = NAN;
    return RUNCOVER_OK;
}

RC_EXPORT runcover_status runcover_session_get_number(const runcover_session *s, const char *key, double *out)
{
    rc_error_reset();
    if (!s || !key || !out)
        return rc_misuse("runcover_session_get_number: NULL argument");
    if (strncmp(key, "ext.", 4) == 0) {
        const rc_ext *e = rc_extset_get(&s->ext, key + 4);
        if (!e)
            return rc_error(RUNCOVER_E_NOTFOUND, "%.80s is absent", key);
        *out = e->value;
        return RUNCOVER_OK;
    }
    const rc_fact *f = rc_fact_by_key(RUNCOVER_FACT_SESSION, key);
    if (!f)
        return rc_error(RUNCOVER_E_NOTFOUND, "no session fact '%.80s'", key);
    double hour, minute, loss;
    rc_session_derived(s, &hour, &minute, &loss);
    double v = f->slot == RC_D_END_HOUR     ? hour
               : f->slot == RC_D_END_MINUTE ? minute
               : f->slot == RC_D_MASS_LOSS  ? loss
                                            : RC_SV(s, f->slot);
    if (isnan(v))
        return rc_error(RUNCOVER_E_NOTFOUND, "%s is absent", f->path);
    *out = v;
    return RUNCOVER_OK;
}
