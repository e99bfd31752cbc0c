/*
 * scenario.c — scenario files (DESIGN §6): an athlete (with history and
 * load-model parameters), a session and, in protocol tests, an expect:
 * block. Read with the strict YAML reader; every refused value is reported
 * at its file:line:column with the setter's message. Checking a plan
 * against the expectations lives here too, so every binding can run
 * protocol tests.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "program.h"


struct runcover_scenario {
    rc_ydoc doc;
    runcover_athlete *athlete;
    runcover_session *session;
    const rc_ynode *expect;
};

typedef struct sctx {
    const char *file;
    size_t errors;
} sctx;

static void serr(sctx *c, const rc_ynode *n, runcover_status code, const char *fmt, ...) RC_PRINTF(4, 5);
static void serr(sctx *c, const rc_ynode *n, runcover_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    c->errors++;
    rc_error_vadd(code, c->file, n->line, n->col, fmt, ap);
    va_end(ap);
}

/* Runs one setter; since setters reset the error list, previously
 * collected errors are saved around the call. */
typedef struct saved {
    runcover_error e[RC_MAX_ERRORS];
    char msg[RC_MAX_ERRORS][320];
    char file[RC_MAX_ERRORS][256];
    size_t n;
} saved;

static void save(saved *s)
{
    s->n = runcover_last_error_count();
    for (size_t i = 0; i < s->n; i++) {
        const runcover_error *e = runcover_last_error_at(i);
        s->e[i] = *e;
        snprintf(s->msg[i], sizeof s->msg[i], "%s", e->message);
        snprintf(s->file[i], sizeof s->file[i], "%s", e->file);
    }
}

static void restore(const saved *s)
{
    rc_error_reset();
    for (size_t i = 0; i < s->n; i++)
        rc_error_add(s->e[i].code, s->file[i], s->e[i].line, s->e[i].column, "%s", s->msg[i]);
}

typedef runcover_status (*setter_fn)(void *h, const char *key, runcover_fact_type t, double num, const char *text);

static runcover_status athlete_set(void *h, const char *key, runcover_fact_type t, double num, const char *text)
{
    runcover_athlete *a = h;
    if (t == RUNCOVER_FACT_NUMBER)
        return runcover_athlete_set_number(a, key, num);
    if (t == RUNCOVER_FACT_FLAG)
        return runcover_athlete_set_flag(a, key, num != 0);
    return runcover_athlete_set_text(a, key, text);
}

static runcover_status session_set(void *h, const char *key, runcover_fact_type t, double num, const char *text)
{
    runcover_session *s = h;
    if (t == RUNCOVER_FACT_NUMBER)
        return runcover_session_set_number(s, key, num);
    if (t == RUNCOVER_FACT_FLAG)
        return runcover_session_set_flag(s, key, num != 0);
    return runcover_session_set_text(s, key, text);
}

/* Sets key (the YAML key node k) to the value node v; a refusal is
 * reported at the value, or at the key when the key itself is unknown. */
static void set_value(sctx *c, saved *sv, setter_fn fn, void *h, const char *key, const rc_ynode *k, const rc_ynode *v,
                      unsigned owner)
{
    runcover_fact_type t = RUNCOVER_FACT_TEXT;
    double num = 0;
    const char *text = NULL;
    rc_buf list;
    rc_buf_init(&list);
    bool b, nonfinite = false;
    const rc_fact *f = rc_fact_by_key(owner, key);
    if (v->kind == RC_Y_SEQ) {
        for (size_t i = 0; i < v->n; i++) {
            if (v->items[i]->kind != RC_Y_SCALAR) {
                serr(c, v->items[i], RUNCOVER_E_SCHEMA, "%s: expected a list of names", key);
                rc_buf_free(&list);
                return;
            }
            rc_buf_puts(&list, i ? "," : "");
            rc_buf_puts(&list, v->items[i]->str);
        }
        if (list.oom) {
            serr(c, v, RUNCOVER_E_NOMEM, "%s: out of memory", key);
            rc_buf_free(&list);
            return;
        }
        text = list.data ? list.data : "";
        if (!f || f->type != RUNCOVER_FACT_SET) {
            serr(c, v, RUNCOVER_E_SCHEMA, "%s: a list is only valid for a set fact (preferences)", key);
            rc_buf_free(&list);
            return;
        }
    } else if (v->kind != RC_Y_SCALAR) {
        serr(c, v, RUNCOVER_E_SCHEMA, "%s: expected a value, not a mapping", key);
        return;
    } else if (rc_yscalar_is_null(v)) {
        serr(c, v, RUNCOVER_E_SCHEMA, "%s: empty value (leave the key out for an absent fact)", key);
        return;
    } else if (f && f->type == RUNCOVER_FACT_SET) {
        /* as the protocol loader refuses `sources: s4`: a set is written as a list, even of one name */
        serr(c, v, RUNCOVER_E_SCHEMA, "%s must be a list, not a scalar (write [%.40s])", f->path, v->str);
        return;
    } else if (rc_yscalar_bool(v, &b)) {
        t = RUNCOVER_FACT_FLAG;
        num = b;
    } else if (rc_yscalar_number(v, &num) && !(f && f->type == RUNCOVER_FACT_ENUM)) {
        t = RUNCOVER_FACT_NUMBER;
    } else if (rc_yscalar_nonfinite(v) && (!f || f->type == RUNCOVER_FACT_NUMBER)) {
        /* 1e999, .inf, .nan: a number, so the setter names a wrong key or type; its range refusal is reworded */
        t = RUNCOVER_FACT_NUMBER;
        num = NAN;
        nonfinite = true;
    } else {
        text = v->str;
        /* `load_model.NAME: true` style booleans come as text too */
    }
    save(sv);
    runcover_status st = fn(h, key, t, num, text);
    if (st != RUNCOVER_OK) {
        char msg[320];
        if (nonfinite && st == RUNCOVER_E_RANGE)
            snprintf(msg, sizeof msg, "%s = %.40s is not a finite number", f ? f->path : key, v->str);
        else
            snprintf(msg, sizeof msg, "%s", runcover_last_error()->message);
        restore(sv);
        serr(c, st == RUNCOVER_E_NOTFOUND ? k : v, st, "%s", msg);
    } else {
        restore(sv);
    }
    rc_buf_free(&list);
}

static void read_facts(sctx *c, saved *sv, const rc_ynode *m, setter_fn fn, void *h, unsigned owner,
                       const char *prefix, runcover_athlete *hist_owner)
{
    if (m->kind != RC_Y_MAP) {
        serr(c, m, RUNCOVER_E_SCHEMA, "expected a mapping of facts");
        return;
    }
    for (size_t i = 0; i < m->n && !rc_error_full(); i++) {
        const rc_ynode *k = m->items[2 * i], *v = m->items[2 * i + 1];
        char key[160];
        snprintf(key, sizeof key, "%s%s", prefix, k->str);
        if (!*prefix && owner == RUNCOVER_FACT_ATHLETE && strcmp(k->str, "history") == 0) {
            if (v->kind != RC_Y_SEQ) {
                serr(c, v, RUNCOVER_E_SCHEMA, "history must be a list of sessions");
                continue;
            }
            if (!hist_owner)
                continue;
            for (size_t j = 0; j < v->n; j++) {
                runcover_session *s;
                save(sv);
                if (runcover_session_new(&s) != RUNCOVER_OK) {
                    restore(sv);
                    serr(c, v->items[j], RUNCOVER_E_NOMEM, "out of memory");
                    return;
                }
                restore(sv);
                size_t before = c->errors;
                read_facts(c, sv, v->items[j], session_set, s, RUNCOVER_FACT_SESSION, "", NULL);
                if (c->errors == before) {
                    save(sv);
                    runcover_status st = runcover_athlete_add_session(hist_owner, s);
                    char msg[320];
                    snprintf(msg, sizeof msg, "%s", runcover_last_error()->message);
                    restore(sv);
                    if (st != RUNCOVER_OK)
                        serr(c, v->items[j], st, "history entry: %s", msg);
                }
                runcover_session_free(s);
            }
            continue;
        }
        if (!*prefix && (strcmp(k->str, "checkin") == 0 || strcmp(k->str, "ext") == 0 ||
                         (owner == RUNCOVER_FACT_ATHLETE && strcmp(k->str, "load_model") == 0))) {
            char pre[32];
            snprintf(pre, sizeof pre, "%s.", k->str);
            if (strcmp(k->str, "checkin") == 0 && owner != RUNCOVER_FACT_SESSION) {
                serr(c, k, RUNCOVER_E_SCHEMA, "checkin belongs under session:");
                continue;
            }
            read_facts(c, sv, v, fn, h, owner, pre, NULL);
            continue;
        }
        if (v->kind == RC_Y_MAP) {
            serr(c, v, RUNCOVER_E_SCHEMA, "%s: expected a value, not a mapping", key);
            continue;
        }
        set_value(c, sv, fn, h, key, k, v, owner);
    }
}

static const char *const k_expect_keys[] = { "categories", "absent", "red_flag", "amounts", "windows",
                                             "recovery_hours", "text_contains", "text_absent", "fires",
                                             "not_fired", "next_hard_session", NULL };

static bool is_range(const rc_ynode *v)
{
    double d;
    if (v->kind == RC_Y_SCALAR)
        return rc_yscalar_number(v, &d);
    return v->kind == RC_Y_SEQ && v->n == 2 && rc_yscalar_number(v->items[0], &d) && rc_yscalar_number(v->items[1], &d);
}

/* Category names are checked at load, as the protocol loader does: a typo is a mistake in the file, not a
 * failed expectation. */
static void want_category(sctx *c, const rc_ynode *v)
{
    if (rc_category_find(v->str) >= 0)
        return;
    serr(c, v, RUNCOVER_E_SCHEMA, "unknown category '%.40s' (see the category list in protocols/README.md)", v->str);
}

static void check_expect_schema(sctx *c, const rc_ynode *e)
{
    if (e->kind != RC_Y_MAP) {
        serr(c, e, RUNCOVER_E_SCHEMA, "expect must be a mapping");
        return;
    }
    for (size_t i = 0; i < e->n; i++) {
        const rc_ynode *k = e->items[2 * i], *v = e->items[2 * i + 1];
        bool known = false;
        for (const char *const *a = k_expect_keys; *a; a++)
            known |= strcmp(*a, k->str) == 0;
        if (!known) {
            serr(c, k, RUNCOVER_E_SCHEMA, "unknown expectation '%.40s'", k->str);
            continue;
        }
        bool b;
        if (strcmp(k->str, "red_flag") == 0) {
            if (!rc_yscalar_bool(v, &b))
                serr(c, v, RUNCOVER_E_SCHEMA, "red_flag must be true or false");
        } else if (strcmp(k->str, "recovery_hours") == 0) {
            if (!is_range(v))
                serr(c, v, RUNCOVER_E_SCHEMA, "recovery_hours must be a number or [min, max]");
        } else if (strcmp(k->str, "next_hard_session") == 0) {
            int64_t t;
            int off;
            if (v->kind != RC_Y_SCALAR ||
                (strcmp(v->str, "absent") != 0 && rc_time_parse(v->str, v->len, &t, &off) == RC_TIME_BAD))
                serr(c, v, RUNCOVER_E_SCHEMA, "next_hard_session must be an RFC 3339 time or 'absent'");
        } else if (strcmp(k->str, "amounts") == 0 || strcmp(k->str, "windows") == 0) {
            if (v->kind != RC_Y_SEQ) {
                serr(c, v, RUNCOVER_E_SCHEMA, "%s must be a list of mappings", k->str);
                continue;
            }
            for (size_t j = 0; j < v->n; j++) {
                const rc_ynode *m = v->items[j];
                static const char *const ak[] = { "rule", "category", "unit", "min", "max", "tolerance", NULL };
                static const char *const wk[] = { "rule", "category", "start_min", "end_min", "duration", NULL };
                const char *const *allowed = k->str[0] == 'a' ? ak : wk;
                if (m->kind != RC_Y_MAP) {
                    serr(c, m, RUNCOVER_E_SCHEMA, "expected a mapping");
                    continue;
                }
                if (!rc_ymap_get(m, "rule") && !rc_ymap_get(m, "category"))
                    serr(c, m, RUNCOVER_E_SCHEMA, "name the item with rule: or category:");
                for (size_t q = 0; q < m->n; q++) {
                    const rc_ynode *mk = m->items[2 * q], *mv = m->items[2 * q + 1];
                    bool ok = false;
                    for (const char *const *a = allowed; *a; a++)
                        ok |= strcmp(*a, mk->str) == 0;
                    bool is_name = !strcmp(mk->str, "rule") || !strcmp(mk->str, "category") || !strcmp(mk->str, "unit");
                    if (!ok)
                        serr(c, mk, RUNCOVER_E_SCHEMA, "unknown field '%.40s'", mk->str);
                    else if (is_name && mv->kind != RC_Y_SCALAR)
                        serr(c, mv, RUNCOVER_E_SCHEMA, "%s must be a name", mk->str);
                    else if (strcmp(mk->str, "category") == 0)
                        want_category(c, mv);
                    else if (strcmp(mk->str, "rule") != 0 && strcmp(mk->str, "category") != 0 &&
                             strcmp(mk->str, "unit") != 0 && !is_range(mv))
                        serr(c, mv, RUNCOVER_E_SCHEMA, "%s must be a number or [min, max]", mk->str);
                }
            }
        } else {
            if (v->kind != RC_Y_SEQ) {
                serr(c, v, RUNCOVER_E_SCHEMA, "%s must be a list", k->str);
                continue;
            }
            bool cats = strcmp(k->str, "categories") == 0 || strcmp(k->str, "absent") == 0;
            for (size_t j = 0; j < v->n; j++)
                if (v->items[j]->kind != RC_Y_SCALAR)
                    serr(c, v->items[j], RUNCOVER_E_SCHEMA, "%s entries are text", k->str);
                else if (cats)
                    want_category(c, v->items[j]);
        }
    }
}

static runcover_status load(runcover_scenario **out, const char *name, const char *buf, size_t len)
{
    runcover_scenario *sc = rc_calloc(1, sizeof *sc);
    if (!sc)
        return rc_nomem();
    runcover_status st = rc_yaml_parse(&sc->doc, name, buf, len, NULL);
    if (st != RUNCOVER_OK) {
        rc_free(sc);
        return st;
    }
    if ((st = runcover_athlete_new(&sc->athlete)) != RUNCOVER_OK ||
        (st = runcover_session_new(&sc->session)) != RUNCOVER_OK) {
        runcover_scenario_free(sc);
        return st;
    }
    sctx c = { sc->doc.name, 0 };
    saved *sv = rc_malloc(sizeof *sv);
    if (!sv) {
        runcover_scenario_free(sc);
        return rc_nomem();
    }
    rc_error_reset();
    const rc_ynode *root = sc->doc.root;
    if (root->kind != RC_Y_MAP) {
        serr(&c, root, RUNCOVER_E_SCHEMA, "a scenario is a mapping with athlete:, session: and optionally expect:");
    } else {
        for (size_t i = 0; i < root->n; i++) {
            const rc_ynode *k = root->items[2 * i], *v = root->items[2 * i + 1];
            if (strcmp(k->str, "athlete") == 0)
                read_facts(&c, sv, v, athlete_set, sc->athlete, RUNCOVER_FACT_ATHLETE, "", sc->athlete);
            else if (strcmp(k->str, "session") == 0)
                read_facts(&c, sv, v, session_set, sc->session, RUNCOVER_FACT_SESSION, "", NULL);
            else if (strcmp(k->str, "expect") == 0) {
                check_expect_schema(&c, v);
                sc->expect = v;
            } else if (strcmp(k->str, "description") != 0 && strcmp(k->str, "name") != 0)
                serr(&c, k, RUNCOVER_E_SCHEMA, "unknown field '%.40s' in a scenario (expected athlete, session, expect, description)",
                     k->str);
        }
        if (!rc_ymap_get(root, "session"))
            serr(&c, root, RUNCOVER_E_SCHEMA, "a scenario needs a session:");
    }
    rc_free(sv);
    if (c.errors) {
        st = rc_error_code();
        runcover_scenario_free(sc);
        return st;
    }
    rc_error_reset();
    *out = sc;
    return RUNCOVER_OK;
}

RC_EXPORT runcover_status runcover_scenario_load_string(runcover_scenario **out, const char *name, const char *buf,
                                                        size_t len)
{
    rc_error_reset();
    if (!out || (!buf && len))
        return rc_misuse("runcover_scenario_load_string: NULL argument");
    return load(out, name && *name ? name : "<string>", buf ? buf : "", len);
}

RC_EXPORT runcover_status runcover_scenario_load_file(runcover_scenario **out, const char *path)
{
    rc_error_reset();
    if (!out || !path)
        return rc_misuse("runcover_scenario_load_file: NULL argument");
    char *buf;
    size_t len;
    runcover_status st = rc_read_file(path, &buf, &len, RC_Y_MAX_BYTES);
    if (st != RUNCOVER_OK)
        return st;
    st = load(out, path, buf, len);
    rc_free(buf);
    return st;
}

RC_EXPORT void runcover_scenario_free(runcover_scenario *sc)
{
    if (!sc)
        return;
    runcover_athlete_free(sc->athlete);
    runcover_session_free(sc->session);
    rc_yaml_free(&sc->doc);
    rc_free(sc);
}

RC_EXPORT const runcover_athlete *runcover_scenario_athlete(const runcover_scenario *sc)
{
    return sc ? sc->athlete : NULL;
}

RC_EXPORT const runcover_session *runcover_scenario_session(const runcover_scenario *sc)
{
    return sc ? sc->session : NULL;
}

RC_EXPORT bool runcover_scenario_has_expect(const runcover_scenario *sc) { return sc && sc->expect; }

/* ---- checking ---- */

static void range_of(const rc_ynode *v, double *lo, double *hi)
{
    if (v->kind == RC_Y_SCALAR) {
        rc_yscalar_number(v, lo);
        *hi = *lo;
    } else {
        rc_yscalar_number(v->items[0], lo);
        rc_yscalar_number(v->items[1], hi);
    }
}

static const runcover_item *find_item(const runcover_plan *p, const rc_ynode *m)
{
    const rc_ynode *r = rc_ymap_get(m, "rule"), *c = rc_ymap_get(m, "category");
    if ((r && r->kind != RC_Y_SCALAR) || (c && c->kind != RC_Y_SCALAR)) /* refused at load; stay safe */
        return NULL;
    for (size_t i = 0; i < runcover_plan_count(p); i++) {
        const runcover_item *it = runcover_plan_item(p, i);
        if (r && strcmp(runcover_item_id(it), r->str) == 0)
            return it;
        if (!r && c && strcmp(runcover_item_category(it), c->str) == 0)
            return it;
    }
    return NULL;
}

static bool has_category(const runcover_plan *p, const char *cat)
{
    for (size_t i = 0; i < runcover_plan_count(p); i++)
        if (strcmp(runcover_item_category(runcover_plan_item(p, i)), cat) == 0)
            return true;
    return false;
}

static bool has_rule(const runcover_plan *p, const char *id)
{
    for (size_t i = 0; i < runcover_plan_count(p); i++)
        if (strcmp(runcover_item_id(runcover_plan_item(p, i)), id) == 0)
            return true;
    return false;
}

/* One report line: "file:line:col: what failed", at the expectation. */
static void fail(rc_buf *r, size_t *n, const char *file, const rc_ynode *at, const char *fmt, ...) RC_PRINTF(5, 6);
static void fail(rc_buf *r, size_t *n, const char *file, const rc_ynode *at, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    rc_buf_printf(r, "%s:%u:%u: %s\n", file, at->line, at->col, msg);
    (*n)++;
}

RC_EXPORT runcover_status runcover_scenario_check(char **report, size_t *failures, const runcover_scenario *sc,
                                                  const runcover_plan *p)
{
    rc_error_reset();
    if (!report || !failures || !sc || !p)
        return rc_misuse("runcover_scenario_check: NULL argument");
    rc_buf r;
    rc_buf_init(&r);
    size_t n = 0;
    const rc_ynode *e = sc->expect;
    rc_buf text;
    rc_buf_init(&text);
    for (size_t i = 0; i < runcover_plan_count(p); i++) {
        const runcover_item *it = runcover_plan_item(p, i);
        rc_buf_puts(&text, runcover_item_title(it));
        rc_buf_putc(&text, '\n');
        if (runcover_item_detail(it))
            rc_buf_puts(&text, runcover_item_detail(it));
        rc_buf_putc(&text, '\n');
    }
    const char *all = text.data ? text.data : "";
    /* numbers in the report: locale-independent, shortest form (N(k, …)
     * writes into the k-th of four buffers, so one message can hold four) */
    char nbuf[4][32];
#define N(k, x, dec) (rc_num_format_msg(nbuf[k], sizeof nbuf[k], (x), (dec)), nbuf[k])
    for (size_t i = 0; e && i < e->n; i++) {
        const rc_ynode *k = e->items[2 * i], *v = e->items[2 * i + 1];
        const char *key = k->str;
        if (strcmp(key, "red_flag") == 0) {
            bool b = false;
            rc_yscalar_bool(v, &b);
            if (b != runcover_plan_red_flag(p))
                fail(&r, &n, sc->doc.name, v, "red_flag: expected %s", b ? "true" : "false");
        } else if (strcmp(key, "recovery_hours") == 0) {
            double lo, hi, h;
            range_of(v, &lo, &hi);
            if (!runcover_plan_recovery_hours(p, &h))
                fail(&r, &n, sc->doc.name, v, "recovery_hours: the plan has none");
            else if (h < lo - 1e-9 || h > hi + 1e-9)
                fail(&r, &n, sc->doc.name, v, "recovery_hours: %s is outside [%s, %s]", N(0, h, 3), N(1, lo, 3), N(2, hi, 3));
        } else if (strcmp(key, "next_hard_session") == 0) {
            const char *t = runcover_plan_next_hard_session_after(p);
            if (strcmp(v->str, "absent") == 0 ? t != NULL : !t || strcmp(t, v->str) != 0)
                fail(&r, &n, sc->doc.name, v, "next_hard_session: expected %s, got %s", v->str, t ? t : "absent");
        } else if (strcmp(key, "amounts") == 0) {
            for (size_t j = 0; j < v->n; j++) {
                const rc_ynode *m = v->items[j];
                const runcover_item *it = find_item(p, m);
                const rc_ynode *u = rc_ymap_get(m, "unit"), *mn = rc_ymap_get(m, "min"), *mx = rc_ymap_get(m, "max"),
                               *tl = rc_ymap_get(m, "tolerance");
                double lo, hi, tol = 0.5, x, y;
                const char *unit;
                if (tl)
                    rc_yscalar_number(tl, &tol);
                if (!it) {
                    fail(&r, &n, sc->doc.name, m, "amounts: no such item in the plan");
                    continue;
                }
                if (!runcover_item_amount(it, &lo, &hi, &unit)) {
                    fail(&r, &n, sc->doc.name, m, "amounts: item %s has no amount", runcover_item_id(it));
                    continue;
                }
                if (u && strcmp(u->str, unit) != 0)
                    fail(&r, &n, sc->doc.name, u, "amounts: %s unit is %s, expected %s", runcover_item_id(it), unit, u->str);
                if (mn) {
                    range_of(mn, &x, &y);
                    if (mn->kind == RC_Y_SCALAR && fabs(lo - x) > tol)
                        fail(&r, &n, sc->doc.name, mn, "amounts: %s min is %s, expected %s", runcover_item_id(it), N(0, lo, 3), N(1, x, 3));
                    else if (mn->kind != RC_Y_SCALAR && (lo < x || lo > y))
                        fail(&r, &n, sc->doc.name, mn, "amounts: %s min is %s, expected %s to %s",
                             runcover_item_id(it), N(0, lo, 3), N(1, x, 3), N(2, y, 3));
                }
                if (mx) {
                    range_of(mx, &x, &y);
                    if (mx->kind == RC_Y_SCALAR && fabs(hi - x) > tol)
                        fail(&r, &n, sc->doc.name, mx, "amounts: %s max is %s, expected %s", runcover_item_id(it), N(0, hi, 3), N(1, x, 3));
                    else if (mx->kind != RC_Y_SCALAR && (hi < x || hi > y))
                        fail(&r, &n, sc->doc.name, mx, "amounts: %s max is %s, expected %s to %s",
                             runcover_item_id(it), N(0, hi, 3), N(1, x, 3), N(2, y, 3));
                }
            }
        } else if (strcmp(key, "windows") == 0) {
            for (size_t j = 0; j < v->n; j++) {
                const rc_ynode *m = v->items[j];
                const runcover_item *it = find_item(p, m);
                if (!it) {
                    fail(&r, &n, sc->doc.name, m, "windows: no such item in the plan");
                    continue;
                }
                const rc_ynode *sm = rc_ymap_get(m, "start_min"), *em = rc_ymap_get(m, "end_min"),
                               *du = rc_ymap_get(m, "duration");
                double ws, we, dmin, dmax, lo, hi;
                bool hw = runcover_item_window(it, &ws, &we), hd = runcover_item_duration(it, &dmin, &dmax);
                if ((sm || em) && !hw)
                    fail(&r, &n, sc->doc.name, m, "windows: %s has no window", runcover_item_id(it));
                if (sm && hw) {
                    range_of(sm, &lo, &hi);
                    if (ws < lo || ws > hi)
                        fail(&r, &n, sc->doc.name, sm, "windows: %s starts at %s min, expected %s to %s", runcover_item_id(it),
                             N(0, ws, 3), N(1, lo, 3), N(2, hi, 3));
                }
                if (em && hw) {
                    range_of(em, &lo, &hi);
                    if (we < lo || we > hi)
                        fail(&r, &n, sc->doc.name, em, "windows: %s ends at %s min, expected %s to %s", runcover_item_id(it),
                             N(0, we, 3), N(1, lo, 3), N(2, hi, 3));
                }
                if (du) {
                    range_of(du, &lo, &hi);
                    if (!hd)
                        fail(&r, &n, sc->doc.name, du, "windows: %s has no duration", runcover_item_id(it));
                    else if (dmin < lo || dmax > hi)
                        fail(&r, &n, sc->doc.name, du, "windows: %s lasts %s-%s min, expected within %s to %s",
                             runcover_item_id(it), N(0, dmin, 3), N(1, dmax, 3), N(2, lo, 3), N(3, hi, 3));
                }
            }
        } else {
            for (size_t j = 0; j < v->n; j++) {
                const rc_ynode *s = v->items[j];
                size_t idx;
                bool rule_key = strcmp(key, "fires") == 0 || strcmp(key, "not_fired") == 0;
                if (rule_key && p->prog && runcover_evaluator_find_rule(p->ev, s->str, &idx) != RUNCOVER_OK) {
                    rc_error_reset(); /* a failed expectation, not a failed call */
                    fail(&r, &n, sc->doc.name, s, "%s: no rule '%s' in the loaded protocols", key, s->str);
                }
                else if (strcmp(key, "categories") == 0 && !has_category(p, s->str))
                    fail(&r, &n, sc->doc.name, s, "categories: no %s item in the plan", s->str);
                else if (strcmp(key, "absent") == 0 && has_category(p, s->str))
                    fail(&r, &n, sc->doc.name, s, "absent: the plan has a %s item", s->str);
                else if (strcmp(key, "fires") == 0 && !has_rule(p, s->str))
                    fail(&r, &n, sc->doc.name, s, "fires: %s is not in the plan", s->str);
                else if (strcmp(key, "not_fired") == 0 && has_rule(p, s->str))
                    fail(&r, &n, sc->doc.name, s, "not_fired: %s is in the plan", s->str);
                else if (strcmp(key, "text_contains") == 0 && !strstr(all, s->str))
                    fail(&r, &n, sc->doc.name, s, "text_contains: no item text contains \"%s\"", s->str);
                else if (strcmp(key, "text_absent") == 0 && strstr(all, s->str))
                    fail(&r, &n, sc->doc.name, s, "text_absent: an item text contains \"%s\"", s->str);
            }
        }
    }
    rc_buf_free(&text);
    char *s = rc_buf_take(&r);
    if (!s)
        return rc_nomem();
    *report = s;
    *failures = n;
    return RUNCOVER_OK;
#undef N
}
