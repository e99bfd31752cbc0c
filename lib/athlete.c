#define _POSIX_C_SOURCE 200809L /* strnlen */
/*
 * athlete.c — the athlete handle: athlete.* facts, ext.* values, the
 * load-model parameters and the training history. Also the keyed-setter
 * core shared with the session handle.
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "handles.h"

static runcover_status set_enum_text(const rc_fact *f, double *slotv, const char *text)
{
    int i = rc_enum_index(f, text, strlen(text));
    if (i < 0) {
        rc_buf b;
        rc_buf_init(&b);
        for (size_t k = 0; k < f->nenum; k++) {
            rc_buf_puts(&b, k ? ", " : "");
            rc_buf_puts(&b, f->enums[k]);
        }
        rc_buf e;
        rc_buf_init(&e);
        rc_buf_escaped(&e, text, strnlen(text, 64));
        runcover_status st = rc_error(RUNCOVER_E_INVALID, "%s: unknown value '%s' (expected one of: %s)", f->path,
                                      e.data ? e.data : "", b.data ? b.data : "");
        rc_buf_free(&b);
        rc_buf_free(&e);
        return st;
    }
    *slotv = i;
    return RUNCOVER_OK;
}

static runcover_status set_set_text(const rc_fact *f, double *slotv, const char *text)
{
    unsigned mask = 0;
    const char *p = text;
    while (*p) {
        while (*p == ' ' || *p == ',' || *p == '\t')
            p++;
        if (!*p)
            break;
        const char *st = p;
        while (*p && *p != ' ' && *p != ',' && *p != '\t')
            p++;
        int i = rc_enum_index(f, st, (size_t)(p - st));
        if (i < 0) {
            char tmp[64];
            size_t n = (size_t)(p - st) < sizeof tmp - 1 ? (size_t)(p - st) : sizeof tmp - 1;
            rc_buf e;
            rc_buf_init(&e);
            memcpy(tmp, st, n);
            tmp[n] = 0;
            rc_buf_escaped(&e, tmp, n);
            runcover_status s = rc_error(RUNCOVER_E_INVALID,
                                         "%s: unknown value '%s' (expected names from: no_cold_therapy, "
                                         "lactose_free, vegetarian, vegan, no_caffeine, limited_time)",
                                         f->path, e.data ? e.data : "");
            rc_buf_free(&e);
            return s;
        }
        mask |= 1u << i;
    }
    *slotv = mask;
    return RUNCOVER_OK;
}

static runcover_status set_load_param(rc_load_params *lp, const char *name, runcover_fact_type given, double num,
                                      const char *text)
{
    const rc_load_param_info *pi = rc_load_param_find(name);
    if (!pi)
        return rc_error(RUNCOVER_E_NOTFOUND, "no load-model parameter 'load_model.%.64s'", name);
    char *base = (char *)lp + pi->offset;
    if (pi->kind == 0) {
        if (given != RUNCOVER_FACT_NUMBER)
            return rc_error(RUNCOVER_E_TYPE, "load_model.%s is a number", pi->name);
        if (!isfinite(num) || num < pi->min || num > pi->max) {
            char val[32], lo[32], hi[32];
            rc_num_format_msg(val, sizeof val, num, 6);
            rc_num_format(lo, sizeof lo, pi->min, 3);
            rc_num_format(hi, sizeof hi, pi->max, 3);
            return rc_error(RUNCOVER_E_RANGE, "load_model.%s = %s is out of range (allowed %s to %s)", pi->name, val, lo,
                            hi);
        }
        memcpy(base, &num, sizeof num);
        return RUNCOVER_OK;
    }
    if (pi->kind == 1) {
        int w;
        if (given != RUNCOVER_FACT_TEXT)
            return rc_error(RUNCOVER_E_TYPE, "load_model.%s is text: 1/N, 1-exp(-1/N) or 2/(N+1)", pi->name);
        if (!rc_pmc_weight_parse(text, &w))
            return rc_error(RUNCOVER_E_INVALID, "load_model.%s: expected 1/N, 1-exp(-1/N) or 2/(N+1)", pi->name);
        memcpy(base, &w, sizeof w);
        return RUNCOVER_OK;
    }
    bool b;
    if (given == RUNCOVER_FACT_FLAG)
        b = num != 0;
    else if (given == RUNCOVER_FACT_TEXT && (strcmp(text, "true") == 0 || strcmp(text, "false") == 0))
        b = text[0] == 't';
    else
        return rc_error(RUNCOVER_E_TYPE, "load_model.%s is true or false", pi->name);
    memcpy(base, &b, sizeof b);
    return RUNCOVER_OK;
}

static const char *type_name(runcover_fact_type t)
{
    switch (t) {
    case RUNCOVER_FACT_NUMBER: return "a number";
    case RUNCOVER_FACT_FLAG: return "a flag (true/false)";
    case RUNCOVER_FACT_ENUM: return "a name from a list";
    case RUNCOVER_FACT_SET: return "a set of names";
    case RUNCOVER_FACT_TIME: return "an RFC 3339 time";
    default: return "text";
    }
}

runcover_status rc_keyed_set(unsigned owner, double *v, rc_extset *ext, rc_load_params *lp, const char *key,
                             runcover_fact_type given, double num, const char *text)
{
    if (strncmp(key, "ext.", 4) == 0) {
        if (given == RUNCOVER_FACT_TEXT)
            return rc_error(RUNCOVER_E_TYPE, "%.80s: ext facts are numbers or flags", key);
        return rc_extset_set(ext, key + 4, given, num);
    }
    if (lp && strncmp(key, "load_model.", 11) == 0)
        return set_load_param(lp, key + 11, given, num, text);
    const rc_fact *f = rc_fact_by_key(owner, key);
    if (!f) {
        rc_buf e;
        rc_buf_init(&e);
        rc_buf_escaped(&e, key, strnlen(key, 80));
        runcover_status st = rc_error(RUNCOVER_E_NOTFOUND, "no %s fact '%s'",
                                      owner == RUNCOVER_FACT_ATHLETE ? "athlete" : "session", e.data ? e.data : "");
        rc_buf_free(&e);
        return st;
    }
    if (f->flags & RUNCOVER_FACT_DERIVED)
        return rc_error(RUNCOVER_E_INVALID, "%s is derived by the library and cannot be set", f->path);
    double *slotv = &v[owner == RUNCOVER_FACT_ATHLETE ? f->slot : f->slot - RC_A_COUNT];
    bool text_ok = f->type == RUNCOVER_FACT_ENUM || f->type == RUNCOVER_FACT_SET || f->type == RUNCOVER_FACT_TIME;
    if (given == RUNCOVER_FACT_TEXT && text_ok) {
        if (f->type == RUNCOVER_FACT_ENUM)
            return set_enum_text(f, slotv, text);
        if (f->type == RUNCOVER_FACT_SET)
            return set_set_text(f, slotv, text);
        int64_t t;
        int off;
        int tr = rc_time_parse(text, strlen(text), &t, &off);
        if (tr == RC_TIME_RANGE)
            return rc_error(RUNCOVER_E_RANGE, "%s must lie between 1970-01-01 and 2200-12-31 UTC", f->path);
        if (tr != RC_TIME_OK)
            return rc_error(RUNCOVER_E_INVALID,
                            "%s: expected an RFC 3339 time with an offset, e.g. 2026-11-22T09:30:00+01:00", f->path);
        slotv[0] = (double)t;
        v[RC_S_END_OFFSET - RC_A_COUNT] = off;
        return RUNCOVER_OK;
    }
    if (given != f->type)
        return rc_error(RUNCOVER_E_TYPE, "%s is %s", f->path, type_name(f->type));
    if (f->type == RUNCOVER_FACT_FLAG) {
        *slotv = num != 0;
        return RUNCOVER_OK;
    }
    runcover_status st = rc_fact_check_number(f, num);
    if (st == RUNCOVER_OK)
        *slotv = num;
    return st;
}

/* ---- the handle ---- */

RC_EXPORT runcover_status runcover_athlete_new(runcover_athlete **out)
{
    rc_error_reset();
    if (!out)
        return rc_misuse("runcover_athlete_new: out is NULL");
    runcover_athlete *a = rc_calloc(1, sizeof *a);
    if (!a)
        return rc_nomem();
    for (size_t i = 0; i < RC_A_COUNT; i++)
        a->v[i] = NAN;
    a->v[RC_A_PREFS] = 0;
    rc_load_params_default(&a->load);
    *out = a;
    return RUNCOVER_OK;
}

static void free_history(runcover_session **h, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        rc_session_dispose(h[i]);
        rc_free(h[i]);
    }
    rc_free(h);
}

RC_EXPORT void runcover_athlete_free(runcover_athlete *a)
{
    if (!a)
        return;
    rc_extset_free(&a->ext);
    free_history(a->hist, a->nhist);
    rc_free(a);
}

RC_EXPORT runcover_status runcover_athlete_clone(runcover_athlete **out, const runcover_athlete *a)
{
    rc_error_reset();
    if (!out || !a)
        return rc_misuse("runcover_athlete_clone: NULL argument");
    runcover_athlete *c = rc_calloc(1, sizeof *c);
    if (!c)
        return rc_nomem();
    memcpy(c->v, a->v, sizeof c->v);
    c->load = a->load;
    if (rc_extset_copy(&c->ext, &a->ext) != RUNCOVER_OK) {
        rc_free(c);
        return rc_nomem();
    }
    if (a->nhist) {
        c->hist = rc_calloc(a->nhist, sizeof *c->hist);
        if (!c->hist)
            goto nomem;
        c->caphist = a->nhist;
        for (size_t i = 0; i < a->nhist; i++) {
            runcover_session *s = rc_malloc(sizeof *s);
            if (!s || rc_session_copy(s, a->hist[i]) != RUNCOVER_OK) {
                rc_free(s);
                goto nomem;
            }
            c->hist[c->nhist++] = s;
        }
    }
    *out = c;
    return RUNCOVER_OK;
nomem:
    runcover_athlete_free(c);
    return rc_nomem();
}

#define MISUSE_IF_NULL(a, fn) \
    do { \
        rc_error_reset(); \
        if (!(a)) \
            return rc_misuse(fn ": athlete is NULL"); \
    } while (0)

static runcover_status set_num(runcover_athlete *a, int slot, double v, const char *fn)
{
    rc_error_reset();
    if (!a)
        return rc_misuse("%s: athlete is NULL", fn);
    runcover_status st = rc_fact_check_number(rc_fact_by_slot(slot), v);
    if (st == RUNCOVER_OK)
        a->v[slot] = v;
    return st;
}

static runcover_status set_enum(runcover_athlete *a, int slot, int v, int n, const char *fn, const char *what)
{
    rc_error_reset();
    if (!a)
        return rc_misuse("%s: athlete is NULL", fn);
    if (v < 0 || v >= n)
        return rc_error(RUNCOVER_E_INVALID, "%s: %s: %d is not a valid %s (0 to %d)", fn, rc_fact_by_slot(slot)->path, v,
                        what, n - 1);
    a->v[slot] = v;
    return RUNCOVER_OK;
}

static runcover_status get_num(const runcover_athlete *a, int slot, double *out, const char *fn)
{
    rc_error_reset();
    if (!a || !out)
        return rc_misuse("%s: NULL argument", fn);
    if (isnan(a->v[slot]))
        return rc_error(RUNCOVER_E_NOTFOUND, "%s: the fact is absent", fn);
    *out = a->v[slot];
    return RUNCOVER_OK;
}

#define ATHLETE_NUM(name, slot) \
    RC_EXPORT runcover_status runcover_athlete_set_##name(runcover_athlete *a, double v) \
    { \
        return set_num(a, slot, v, "runcover_athlete_set_" #name); \
    } \
    RC_EXPORT runcover_status runcover_athlete_get_##name(const runcover_athlete *a, double *out) \
    { \
        return get_num(a, slot, out, "runcover_athlete_get_" #name); \
    }

ATHLETE_NUM(mass_kg, RC_A_MASS)
ATHLETE_NUM(age, RC_A_AGE)
ATHLETE_NUM(experience_years, RC_A_EXPERIENCE)
ATHLETE_NUM(weekly_km, RC_A_WEEKLY_KM)
ATHLETE_NUM(hr_rest, RC_A_HR_REST)
ATHLETE_NUM(hr_max, RC_A_HR_MAX)

#define ATHLETE_ENUM(name, slot, type, n, what) \
    RC_EXPORT runcover_status runcover_athlete_set_##name(runcover_athlete *a, type v) \
    { \
        return set_enum(a, slot, (int)v, n, "runcover_athlete_set_" #name, what); \
    } \
    RC_EXPORT runcover_status runcover_athlete_get_##name(const runcover_athlete *a, type *out) \
    { \
        double d = 0; \
        if (!out) \
            return rc_misuse("runcover_athlete_get_" #name ": out is NULL"); \
        runcover_status st = get_num(a, slot, &d, "runcover_athlete_get_" #name); \
        if (st == RUNCOVER_OK) \
            *out = (type)(int)d; \
        return st; \
    }

ATHLETE_ENUM(sex, RC_A_SEX, runcover_sex, 2, "runcover_sex")
ATHLETE_ENUM(phase, RC_A_PHASE, runcover_phase, 6, "runcover_phase")
ATHLETE_ENUM(units, RC_A_UNITS, runcover_units, 2, "runcover_units")

RC_EXPORT runcover_status runcover_athlete_set_preferences(runcover_athlete *a, unsigned prefs)
{
    MISUSE_IF_NULL(a, "runcover_athlete_set_preferences");
    if (prefs & ~0x3fu)
        return rc_error(RUNCOVER_E_INVALID, "runcover_athlete_set_preferences: athlete.preferences: unknown bits 0x%x "
                        "(known: RUNCOVER_PREF_* = 0x1 to 0x20)",
                        prefs & ~0x3fu);
    a->v[RC_A_PREFS] = prefs;
    return RUNCOVER_OK;
}

RC_EXPORT runcover_status runcover_athlete_get_preferences(const runcover_athlete *a, unsigned *out)
{
    rc_error_reset();
    if (!a || !out)
        return rc_misuse("runcover_athlete_get_preferences: NULL argument");
    *out = (unsigned)a->v[RC_A_PREFS];
    return RUNCOVER_OK;
}

static runcover_status keyed(runcover_athlete *a, const char *key, runcover_fact_type t, double num,
                             const char *text, const char *fn)
{
    rc_error_reset();
    if (!a || !key || (t == RUNCOVER_FACT_TEXT && !text))
        return rc_misuse("%s: NULL argument", fn);
    /* Work on copies so a refused value leaves the athlete unchanged. */
    double v[RC_A_COUNT];
    memcpy(v, a->v, sizeof v);
    rc_load_params lp = a->load;
    runcover_status st = rc_keyed_set(RUNCOVER_FACT_ATHLETE, v, &a->ext, &lp, key, t, num, text);
    if (st == RUNCOVER_OK) {
        memcpy(a->v, v, sizeof v);
        a->load = lp;
    }
    return st;
}

RC_EXPORT runcover_status runcover_athlete_set_number(runcover_athlete *a, const char *key, double value)
{
    return keyed(a, key, RUNCOVER_FACT_NUMBER, value, NULL, "runcover_athlete_set_number");
}

RC_EXPORT runcover_status runcover_athlete_set_text(runcover_athlete *a, const char *key, const char *value)
{
    return keyed(a, key, RUNCOVER_FACT_TEXT, 0, value, "runcover_athlete_set_text");
}

RC_EXPORT runcover_status runcover_athlete_set_flag(runcover_athlete *a, const char *key, bool value)
{
    return keyed(a, key, RUNCOVER_FACT_FLAG, value ? 1 : 0, NULL, "runcover_athlete_set_flag");
}

RC_EXPORT runcover_status runcover_athlete_unset(runcover_athlete *a, const char *key)
{
    MISUSE_IF_NULL(a, "runcover_athlete_unset");
    if (!key)
        return rc_misuse("runcover_athlete_unset: key is NULL");
    if (strncmp(key, "ext.", 4) == 0) {
        rc_extset_unset(&a->ext, key + 4);
        return RUNCOVER_OK;
    }
    if (strncmp(key, "load_model.", 11) == 0) {
        const rc_load_param_info *pi = rc_load_param_find(key + 11);
        if (!pi)
            return rc_error(RUNCOVER_E_NOTFOUND, "no load-model parameter '%.80s'", key);
        rc_load_params d;
        rc_load_params_default(&d);
        memcpy((char *)&a->load + pi->offset, (char *)&d + pi->offset,
               pi->kind == 0 ? sizeof(double) : pi->kind == 1 ? sizeof(int) : sizeof(bool));
        return RUNCOVER_OK;
    }
    const rc_fact *f = rc_fact_by_key(RUNCOVER_FACT_ATHLETE, key);
    if (!f || (f->flags & RUNCOVER_FACT_DERIVED))
        return rc_error(RUNCOVER_E_NOTFOUND, "no settable athlete fact '%.80s'", key);
    a->v[f->slot] = f->type == RUNCOVER_FACT_SET ? 0 : NAN;
    return RUNCOVER_OK;
}

RC_EXPORT runcover_status runcover_athlete_get_number(const runcover_athlete *a, const char *key, double *out)
{
    rc_error_reset();
    if (!a || !key || !out)
        return rc_misuse("runcover_athlete_get_number: NULL argument");
    if (strncmp(key, "ext.", 4) == 0) {
        const rc_ext *e = rc_extset_get(&a->ext, key + 4);
        if (!e)
            return rc_error(RUNCOVER_E_NOTFOUND, "%.80s is absent", key);
        *out = e->value;
        return RUNCOVER_OK;
    }
    if (strncmp(key, "load_model.", 11) == 0) {
        const rc_load_param_info *pi = rc_load_param_find(key + 11);
        if (!pi)
            return rc_error(RUNCOVER_E_NOTFOUND, "no load-model parameter '%.80s'", key);
        const char *base = (const char *)&a->load + pi->offset;
        if (pi->kind == 0)
            memcpy(out, base, sizeof(double));
        else if (pi->kind == 1) {
            int w;
            memcpy(&w, base, sizeof w);
            *out = w;
        } else {
            bool b;
            memcpy(&b, base, sizeof b);
            *out = b;
        }
        return RUNCOVER_OK;
    }
    const rc_fact *f = rc_fact_by_key(RUNCOVER_FACT_ATHLETE, key);
    if (!f || (f->flags & RUNCOVER_FACT_DERIVED))
        return rc_error(RUNCOVER_E_NOTFOUND, "no athlete fact '%.80s'", key);
    if (isnan(a->v[f->slot]))
        return rc_error(RUNCOVER_E_NOTFOUND, "%s is absent", f->path);
    *out = a->v[f->slot];
    return RUNCOVER_OK;
}

/* ---- history ---- */

static int cmp_hist(const runcover_session *x, const runcover_session *y)
{
    double a = RC_SV(x, RC_S_END), b = RC_SV(y, RC_S_END);
    return a < b ? -1 : a > b;
}

static bool same_session(const runcover_session *x, const runcover_session *y)
{
    static const int keys[] = { RC_S_END, RC_S_KIND, RC_S_DURATION, RC_S_RPE };
    for (size_t i = 0; i < RC_ARRAY_LEN(keys); i++) {
        double a = RC_SV(x, keys[i]), b = RC_SV(y, keys[i]);
        if (!(a == b || (isnan(a) && isnan(b))))
            return false;
    }
    return true;
}

RC_EXPORT runcover_status runcover_athlete_add_session(runcover_athlete *a, const runcover_session *s)
{
    rc_error_reset();
    if (!a || !s)
        return rc_misuse("runcover_athlete_add_session: NULL argument");
    if (isnan(RC_SV(s, RC_S_END)))
        return rc_error(RUNCOVER_E_INVALID, "a history session needs session.end");
    if (a->nhist >= RC_MAX_HISTORY)
        return rc_error(RUNCOVER_E_LIMIT, "history is limited to %d sessions", RC_MAX_HISTORY);
    /* Position: after every session that ends at or before this one. */
    size_t lo = 0, hi = a->nhist;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_hist(a->hist[mid], s) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i > 0 && cmp_hist(a->hist[i - 1], s) == 0; i--)
        if (same_session(a->hist[i - 1], s)) {
            char t[32];
            rc_time_format(t, (int64_t)RC_SV(s, RC_S_END), (int)RC_SV(s, RC_S_END_OFFSET));
            return rc_error(RUNCOVER_E_INVALID, "the history already holds this session (ending %s)", t);
        }
    if (a->nhist == a->caphist) {
        size_t cap = a->caphist ? a->caphist * 2 : 16;
        runcover_session **h = rc_reallocarray(a->hist, cap, sizeof *h);
        if (!h)
            return rc_nomem();
        a->hist = h;
        a->caphist = cap;
    }
    runcover_session *c = rc_malloc(sizeof *c);
    if (!c)
        return rc_nomem();
    if (rc_session_copy(c, s) != RUNCOVER_OK) {
        rc_free(c);
        return rc_nomem();
    }
    memmove(&a->hist[lo + 1], &a->hist[lo], (a->nhist - lo) * sizeof a->hist[0]);
    a->hist[lo] = c;
    a->nhist++;
    return RUNCOVER_OK;
}

RC_EXPORT size_t runcover_athlete_history_count(const runcover_athlete *a) { return a ? a->nhist : 0; }

RC_EXPORT const runcover_session *runcover_athlete_history_session(const runcover_athlete *a, size_t i)
{
    return a && i < a->nhist ? a->hist[i] : NULL;
}

RC_EXPORT runcover_status runcover_athlete_clear_history(runcover_athlete *a)
{
    MISUSE_IF_NULL(a, "runcover_athlete_clear_history");
    free_history(a->hist, a->nhist);
    a->hist = NULL;
    a->nhist = a->caphist = 0;
    return RUNCOVER_OK;
}
