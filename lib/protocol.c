/*
 * protocol.c — the protocol compiler: walks the YAML trees of every loaded
 * file (in load order) and builds one immutable rc_program: sources, ext.*
 * facts, derives, rules (with override/disable), templates; then resolves
 * rule references (suppresses, fired()), checks the safety invariants (no
 * protocol can suppress, disable, override or group a medical or red-flag
 * rule), orders the rules and strata. Every error carries file:line:col;
 * errors are collected, not only the first.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"

const char *const rc_category_names[CAT_COUNT] = {
    "cool_down", "refuel",       "rehydrate",   "meal",     "mobility",        "stretching", "cold_therapy",
    "compression", "elevation",  "massage",     "foam_rolling", "nap",         "sleep",      "caffeine",
    "active_recovery", "easy_run", "rest",      "cross_training", "stress",     "training_adjustment", "medical",
};
#define CB(c) (1u << (c))
const uint32_t rc_red_flag_allowed = CB(CAT_MEDICAL) | CB(CAT_REST) | CB(CAT_REFUEL) | CB(CAT_REHYDRATE) |
                                     CB(CAT_MEAL) | CB(CAT_NAP) | CB(CAT_SLEEP) | CB(CAT_ELEVATION) |
                                     CB(CAT_COMPRESSION) | CB(CAT_COLD_THERAPY) | CB(CAT_STRESS) |
                                     CB(CAT_CAFFEINE);
const char *const rc_phase_item_names[PH_COUNT] = { "immediate", "mid_term", "long_term", "return_to_run",
                                                    "medical" };

#define BUILTIN_ID "runcover-see-a-professional"

runcover_status rc_cx_error(rc_compile_ctx *cx, runcover_status code, unsigned line, unsigned col, const char *fmt,
                            ...)
{
    va_list ap;
    va_start(ap, fmt);
    cx->errors++;
    rc_error_vadd(code, cx->file, line, col, fmt, ap);
    va_end(ap);
    return code;
}

#define ERR(cx, code, node, ...) rc_cx_error((cx), (code), (node)->line, (node)->col, __VA_ARGS__)

/* ---- small schema helpers ---- */

static bool is_text(const rc_ynode *n) { return n->kind == RC_Y_SCALAR; }

static const char *kind_name(const rc_ynode *n)
{
    return n->kind == RC_Y_MAP ? "a mapping" : n->kind == RC_Y_SEQ ? "a list" : "a scalar";
}

static bool want_text(rc_compile_ctx *cx, const rc_ynode *n, const char *what)
{
    if (is_text(n) && !rc_yscalar_is_null(n))
        return true;
    ERR(cx, RUNCOVER_E_SCHEMA, n, "%s must be text, not %s", what, rc_yscalar_is_null(n) ? "empty" : kind_name(n));
    return false;
}

static bool want_number(rc_compile_ctx *cx, const rc_ynode *n, const char *what, double lo, double hi, bool integer,
                        double *out)
{
    double v = 0;
    /* 1e999 and .inf are numbers, only not finite ones: the range is the helpful part */
    bool nonfinite = rc_yscalar_nonfinite(n);
    if (!nonfinite && (n->kind != RC_Y_SCALAR || !rc_yscalar_number(n, &v))) {
        ERR(cx, RUNCOVER_E_SCHEMA, n, "%s must be %s", what, integer ? "an integer" : "a number");
        return false;
    }
    if (nonfinite || (integer && v != floor(v)) || v < lo || v > hi) {
        char a[32], b[32];
        rc_num_format(a, sizeof a, lo, 3);
        rc_num_format(b, sizeof b, hi, 3);
        ERR(cx, RUNCOVER_E_SCHEMA, n, "%s must be %s from %s to %s%s%.40s%s", what, integer ? "an integer" : "a number",
            a, b, nonfinite ? " (" : "", nonfinite ? n->str : "", nonfinite ? " is not finite)" : "");
        return false;
    }
    *out = v;
    return true;
}

static bool want_map(rc_compile_ctx *cx, const rc_ynode *n, const char *what)
{
    if (n->kind == RC_Y_MAP)
        return true;
    ERR(cx, RUNCOVER_E_SCHEMA, n, "%s must be a mapping, not %s", what, kind_name(n));
    return false;
}

static bool want_seq(rc_compile_ctx *cx, const rc_ynode *n, const char *what)
{
    if (n->kind == RC_Y_SEQ)
        return true;
    ERR(cx, RUNCOVER_E_SCHEMA, n, "%s must be a list, not %s", what, kind_name(n));
    return false;
}

/* Checks that every key of map is in `allowed`; reports the others. */
static bool check_keys(rc_compile_ctx *cx, const rc_ynode *map, const char *const *allowed, const char *where)
{
    bool ok = true;
    for (size_t i = 0; i < map->n; i++) {
        const rc_ynode *k = map->items[2 * i];
        bool found = false;
        for (const char *const *a = allowed; *a; a++)
            if (strcmp(k->str, *a) == 0)
                found = true;
        if (!found) {
            rc_buf b, e;
            rc_buf_init(&b);
            rc_buf_init(&e);
            for (const char *const *a = allowed; *a; a++) {
                rc_buf_puts(&b, a == allowed ? "" : ", ");
                rc_buf_puts(&b, *a);
            }
            rc_buf_escaped(&e, k->str, k->len > 60 ? 60 : k->len);
            ERR(cx, RUNCOVER_E_SCHEMA, k, "unknown field '%s' in %s (expected: %s)", e.data ? e.data : "", where,
                b.data ? b.data : "");
            rc_buf_free(&b);
            rc_buf_free(&e);
            ok = false;
        }
    }
    return ok;
}

static bool valid_name(const char *s, size_t n, bool allow_dash)
{
    if (n == 0 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                  (allow_dash && (c == '-' || c == '.'));
        if (!ok)
            return false;
    }
    return true;
}

static char *adup(rc_compile_ctx *cx, const char *s, size_t n)
{
    char *d = rc_arena_strndup(&cx->pg->arena, s, n);
    if (!d)
        cx->oom = true;
    return d;
}

/* ---- rule table with id lookup ---- */

typedef struct ruletab {
    rc_rule *v;
    const rc_ynode **node;     /* defining YAML map */
    const char **file;
    bool *dead;                /* disabled */
    size_t n, cap;
    int32_t *hash;             /* open addressing: index+1 */
    size_t hcap;
} ruletab;

static int32_t rt_find(const ruletab *t, const char *id)
{
    if (!t->hcap)
        return -1;
    size_t m = t->hcap - 1;
    for (size_t h = rc_hash(id, strlen(id)) & m;; h = (h + 1) & m) {
        int32_t e = t->hash[h];
        if (!e)
            return -1;
        if (strcmp(t->v[e - 1].id, id) == 0)
            return e - 1;
    }
}

static bool rt_add(rc_compile_ctx *cx, ruletab *t, const rc_rule *r, const rc_ynode *node)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        rc_rule *v = rc_reallocarray(t->v, cap, sizeof *v);
        if (v)
            t->v = v;
        const rc_ynode **nd = rc_reallocarray(t->node, cap, sizeof *nd);
        if (nd)
            t->node = nd;
        const char **f = rc_reallocarray(t->file, cap, sizeof *f);
        if (f)
            t->file = f;
        bool *dd = rc_reallocarray(t->dead, cap, sizeof *dd);
        if (dd)
            t->dead = dd;
        if (!v || !nd || !f || !dd) {
            cx->oom = true;
            return false;
        }
        t->cap = cap;
    }
    if ((t->n + 1) * 2 > t->hcap) {
        size_t hcap = t->hcap ? t->hcap * 2 : 128;
        int32_t *h = rc_calloc(hcap, sizeof *h);
        if (!h) {
            cx->oom = true;
            return false;
        }
        for (size_t i = 0; i < t->n; i++) {
            size_t m = hcap - 1, k = rc_hash(t->v[i].id, strlen(t->v[i].id)) & m;
            while (h[k])
                k = (k + 1) & m;
            h[k] = (int32_t)i + 1;
        }
        rc_free(t->hash);
        t->hash = h;
        t->hcap = hcap;
    }
    t->v[t->n] = *r;
    t->node[t->n] = node;
    t->file[t->n] = cx->file;
    t->dead[t->n] = false;
    size_t m = t->hcap - 1, k = rc_hash(r->id, strlen(r->id)) & m;
    while (t->hash[k])
        k = (k + 1) & m;
    t->hash[k] = (int32_t)t->n + 1;
    t->n++;
    return true;
}

static void rt_free(ruletab *t)
{
    rc_free(t->v);
    rc_free(t->node);
    rc_free(t->file);
    rc_free(t->dead);
    rc_free(t->hash);
}

/* Pending references resolved once every file is read. */
typedef struct pending_supp {
    int32_t rule;          /* index in ruletab */
    const rc_ynode *item;  /* the id scalar */
    const char *file;
} pending_supp;

typedef struct build {
    rc_compile_ctx cx;
    ruletab rt;
    pending_supp *ps;
    size_t nps, capps;
    const char **groupnames;
    const rc_ynode **groupnode;
    size_t ngroups, capgroups;
    rc_derive *derives;
    size_t nderives, capderives;
    rc_source *sources;
    const rc_ynode **sourcenode;
    const char **sourcefile;
    size_t nsources, capsources;
    rc_extdecl *ext;
    size_t next, capext;
} build;

#define GROW(ptr, n, cap, init)                                                    \
    do {                                                                           \
        if ((n) == (cap)) {                                                        \
            size_t c_ = (cap) ? (cap) * 2 : (init);                                \
            void *p_ = rc_reallocarray((ptr), c_, sizeof *(ptr));                  \
            if (!p_) {                                                             \
                B->cx.oom = true;                                                  \
                return false;                                                      \
            }                                                                      \
            (ptr) = p_;                                                            \
            (cap) = c_;                                                            \
        }                                                                          \
    } while (0)

static int find_source(const build *B, const char *id)
{
    for (size_t i = 0; i < B->nsources; i++)
        if (strcmp(B->sources[i].id, id) == 0)
            return (int)i;
    return -1;
}

int rc_category_find(const char *s)
{
    for (int i = 0; i < CAT_COUNT; i++)
        if (strcmp(rc_category_names[i], s) == 0)
            return i;
    return -1;
}

static int find_phase(const char *s)
{
    for (int i = 0; i < PH_COUNT; i++)
        if (strcmp(rc_phase_item_names[i], s) == 0)
            return i;
    return -1;
}

/* ---- templates ---- */

static bool compile_template(build *B, rc_rule *r, const rc_ynode *sc)
{
    rc_compile_ctx *cx = &B->cx;
    const char *s = sc->str;
    size_t n = sc->len;
    rc_hole holes[128];
    uint32_t nh = 0;
    unsigned line, col; /* of an error: rc_ynode_pos(sc, offset in s) */
    size_t lit = 0;
    rc_buf text;
    rc_buf_init(&text);
    bool ok = true;
#define FLUSH()                                                                      \
    do {                                                                             \
        if (text.oom) {                                                              \
            ok = false;                                                              \
            goto out;                                                                \
        }                                                                            \
        if (text.len) {                                                              \
            if (nh == RC_ARRAY_LEN(holes)) {                                         \
                ERR(cx, RUNCOVER_E_LIMIT, sc, "detail has more than 128 parts");     \
                ok = false;                                                          \
                goto out;                                                            \
            }                                                                        \
            char *t_ = adup(cx, text.data, text.len);                                \
            if (!t_) {                                                               \
                ok = false;                                                          \
                goto out;                                                            \
            }                                                                        \
            holes[nh++] = (rc_hole){ H_TEXT, -1, t_, (uint32_t)text.len };           \
            rc_buf_clear(&text);                                                     \
        }                                                                            \
    } while (0)
    (void)lit;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '{' && i + 1 < n && s[i + 1] == '{') {
            rc_buf_putc(&text, '{');
            i++;
            continue;
        }
        if (c == '}' && i + 1 < n && s[i + 1] == '}') {
            rc_buf_putc(&text, '}');
            i++;
            continue;
        }
        if (c == '}') {
            rc_ynode_pos(sc, i, &line, &col);
            rc_cx_error(cx, RUNCOVER_E_SYNTAX, line, col, "unmatched '}' in detail (write '}}' for a brace)");
            ok = false;
            goto out;
        }
        if (c != '{') {
            rc_buf_putc(&text, c);
            continue;
        }
        size_t j = i + 1;
        while (j < n && s[j] != '}' && s[j] != '{')
            j++;
        if (j >= n || s[j] != '}') {
            rc_ynode_pos(sc, i, &line, &col);
            rc_cx_error(cx, RUNCOVER_E_SYNTAX, line, col, "unclosed '{' in detail (write '{{' for a brace)");
            ok = false;
            goto out;
        }
        FLUSH();
        const char *in = s + i + 1;
        size_t inn = j - i - 1;
        while (inn && (*in == ' ')) {
            in++;
            inn--;
        }
        while (inn && in[inn - 1] == ' ')
            inn--;
        rc_ynode_pos(sc, (size_t)(in - s), &line, &col); /* where the hole's text starts */
        if (nh == RC_ARRAY_LEN(holes)) {
            ERR(cx, RUNCOVER_E_LIMIT, sc, "detail has more than 128 parts");
            ok = false;
            goto out;
        }
        static const struct {
            const char *name;
            uint8_t kind;
        } special[] = { { "amount", H_AMOUNT }, { "amount.min", H_AMOUNT_MIN }, { "amount.max", H_AMOUNT_MAX },
                        { "amount.unit", H_AMOUNT_UNIT } };
        int sp = -1;
        for (size_t k = 0; k < RC_ARRAY_LEN(special); k++)
            if (strlen(special[k].name) == inn && memcmp(special[k].name, in, inn) == 0)
                sp = (int)k;
        if (sp >= 0) {
            if (!r->has_amount) {
                rc_cx_error(cx, RUNCOVER_E_SCHEMA, line, col, "{%.*s} needs the rule to have an amount", (int)inn, in);
                ok = false;
                goto out;
            }
            holes[nh++] = (rc_hole){ special[sp].kind, -1, NULL, 0 };
            i = j;
            continue;
        }
        static const struct {
            const char *name;
            uint8_t kind;
        } fmts[] = { { "volume", H_VOLUME }, { "mass", H_MASS }, { "temperature", H_TEMP }, { "distance", H_DIST } };
        uint8_t kind = H_NUM;
        const char *ex = in;
        size_t exn = inn;
        for (size_t k = 0; k < RC_ARRAY_LEN(fmts); k++) {
            size_t fl = strlen(fmts[k].name);
            if (inn > fl + 1 && memcmp(in, fmts[k].name, fl) == 0 && in[fl] == '(' && in[inn - 1] == ')') {
                kind = fmts[k].kind;
                ex = in + fl + 1;
                exn = inn - fl - 2;
            }
        }
        rc_type ty;
        int32_t e = rc_expr_compile_in(cx, sc, (size_t)(ex - s), exn, &ty);
        if (e < 0) {
            ok = false;
            goto out;
        }
        if (ty == RC_TY_ENUM && kind == H_NUM) {
            kind = H_ENUM;
        } else if (ty != RC_TY_NUM) {
            rc_cx_error(cx, RUNCOVER_E_TYPE, line, col, "a {…} in detail must be a number%s", kind == H_NUM ? " or an enum fact" : "");
            ok = false;
            goto out;
        }
        holes[nh++] = (rc_hole){ kind, e, NULL, 0 };
        i = j;
    }
    FLUSH();
    if (nh) {
        r->detail.holes = rc_arena_alloc(&cx->pg->arena, nh * sizeof(rc_hole));
        if (!r->detail.holes) {
            cx->oom = true;
            ok = false;
            goto out;
        }
        memcpy(r->detail.holes, holes, nh * sizeof(rc_hole));
        r->detail.n = nh;
    }
out:
    if (text.oom) { /* checked before the free: rc_buf_free resets it */
        cx->oom = true;
        ok = false;
    }
    rc_buf_free(&text);
    return ok;
#undef FLUSH
}

/* ---- rules ---- */

static const char *const k_rule_fields[] = { "id", "when", "priority", "category", "phase", "window", "duration",
                                             "amount", "title", "detail", "sources", "exclusive", "suppresses",
                                             "recovery_hours", "recovery_scale", "red_flag", NULL };

static bool push_supp(build *B, int32_t rule, const rc_ynode *item)
{
    GROW(B->ps, B->nps, B->capps, 32);
    B->ps[B->nps++] = (pending_supp){ rule, item, B->cx.file };
    return true;
}

static int32_t group_index(build *B, const rc_ynode *n)
{
    for (size_t i = 0; i < B->ngroups; i++)
        if (strcmp(B->groupnames[i], n->str) == 0)
            return (int32_t)i;
    if (B->ngroups >= RC_MAX_GROUPS) {
        ERR(&B->cx, RUNCOVER_E_LIMIT, n, "more than %d exclusive groups", RC_MAX_GROUPS);
        return -1;
    }
    if (B->ngroups == B->capgroups) {
        size_t cap = B->capgroups ? B->capgroups * 2 : 16;
        const char **g = rc_reallocarray(B->groupnames, cap, sizeof *g);
        if (g)
            B->groupnames = g;
        const rc_ynode **gn = rc_reallocarray(B->groupnode, cap, sizeof *gn);
        if (gn)
            B->groupnode = gn;
        if (!g || !gn) {
            B->cx.oom = true;
            return -1;
        }
        B->capgroups = cap;
    }
    const char *name = adup(&B->cx, n->str, n->len);
    if (!name)
        return -1;
    B->groupnames[B->ngroups] = name;
    B->groupnode[B->ngroups] = n;
    return (int32_t)B->ngroups++;
}

/* Parses one rule map into r. Returns false on error (already reported). */
static bool parse_rule(build *B, const rc_ynode *m, rc_rule *r, int32_t index_for_fired)
{
    rc_compile_ctx *cx = &B->cx;
    memset(r, 0, sizeof *r);
    r->when = r->amin = r->amax = r->rh = r->rs = -1;
    r->group = -1;
    r->file = cx->file;
    r->line = m->line;
    r->col = m->col;
    if (!want_map(cx, m, "a rule"))
        return false;
    bool ok = check_keys(cx, m, k_rule_fields, "a rule");
    static const char *const req[] = { "id", "when", "category", "phase", "title" };
    for (size_t i = 0; i < RC_ARRAY_LEN(req); i++)
        if (!rc_ymap_get(m, req[i])) {
            const rc_ynode *idn = rc_ymap_get(m, "id");
            ERR(cx, RUNCOVER_E_SCHEMA, m, "rule%s%s%s is missing the required field '%s'", idn && is_text(idn) ? " '" : "",
                idn && is_text(idn) ? idn->str : "", idn && is_text(idn) ? "'" : "", req[i]);
            ok = false;
        }
    const rc_ynode *v;
    if ((v = rc_ymap_get(m, "id"))) {
        if (!want_text(cx, v, "id"))
            ok = false;
        else if (!valid_name(v->str, v->len, true)) {
            ERR(cx, RUNCOVER_E_SCHEMA, v, "rule id '%.64s' must be 1-64 characters of a-z, A-Z, 0-9, '_', '-', '.'", v->str);
            ok = false;
        } else if (strcmp(v->str, BUILTIN_ID) == 0) {
            ERR(cx, RUNCOVER_E_SCHEMA, v, "rule id '%s' is reserved for the built-in safety rule", BUILTIN_ID);
            ok = false;
        } else {
            r->id = adup(cx, v->str, v->len);
        }
    }
    cx->cur_rule = index_for_fired;
    if ((v = rc_ymap_get(m, "when")) && (r->when = rc_expr_compile(cx, v, RC_TY_BOOL, "when")) < 0)
        ok = false;
    cx->cur_rule = -1;
    size_t fired_before = cx->nfired;
    double d;
    if ((v = rc_ymap_get(m, "priority"))) {
        if (want_number(cx, v, "priority", -1000000, 1000000, true, &d))
            r->prio = (int32_t)d;
        else
            ok = false;
    }
    if ((v = rc_ymap_get(m, "category"))) {
        int c = is_text(v) ? rc_category_find(v->str) : -1;
        if (c < 0) {
            ERR(cx, RUNCOVER_E_SCHEMA, v, "unknown category '%.40s' (see the category list in protocols/README.md)", is_text(v) ? v->str : "");
            ok = false;
        } else {
            r->category = (uint8_t)c;
        }
    }
    if ((v = rc_ymap_get(m, "phase"))) {
        int ph = is_text(v) ? find_phase(v->str) : -1;
        if (ph < 0) {
            ERR(cx, RUNCOVER_E_SCHEMA, v, "unknown phase '%.40s' (expected immediate, mid_term, long_term, return_to_run or medical)", is_text(v) ? v->str : "");
            ok = false;
        } else {
            r->phase = (uint8_t)ph;
        }
    }
    if ((v = rc_ymap_get(m, "window"))) {
        static const char *const f[] = { "start_min", "end_min", NULL };
        if (!want_map(cx, v, "window") || !check_keys(cx, v, f, "window")) {
            ok = false;
        } else {
            const rc_ynode *s = rc_ymap_get(v, "start_min"), *e = rc_ymap_get(v, "end_min");
            if (!s || !e) {
                ERR(cx, RUNCOVER_E_SCHEMA, v, "window needs start_min and end_min");
                ok = false;
            } else if (want_number(cx, s, "window.start_min", 0, 525600, false, &r->wstart) &&
                       want_number(cx, e, "window.end_min", 0, 525600, false, &r->wend)) {
                if (r->wend < r->wstart) {
                    ERR(cx, RUNCOVER_E_SCHEMA, e, "window.end_min is before window.start_min");
                    ok = false;
                }
                r->has_window = true;
            } else {
                ok = false;
            }
        }
    }
    if ((v = rc_ymap_get(m, "duration"))) {
        static const char *const f[] = { "min", "max", NULL };
        if (!want_map(cx, v, "duration") || !check_keys(cx, v, f, "duration")) {
            ok = false;
        } else {
            const rc_ynode *lo = rc_ymap_get(v, "min"), *hi = rc_ymap_get(v, "max");
            if (!lo) {
                ERR(cx, RUNCOVER_E_SCHEMA, v, "duration needs min");
                ok = false;
            } else if (want_number(cx, lo, "duration.min", 0, 525600, false, &r->dmin) &&
                       (!hi || want_number(cx, hi, "duration.max", 0, 525600, false, &r->dmax))) {
                if (!hi)
                    r->dmax = r->dmin;
                if (r->dmax < r->dmin) {
                    ERR(cx, RUNCOVER_E_SCHEMA, hi, "duration.max is below duration.min");
                    ok = false;
                }
                r->has_duration = true;
            } else {
                ok = false;
            }
        }
    }
    if ((v = rc_ymap_get(m, "amount"))) {
        static const char *const f[] = { "min", "max", "unit", NULL };
        if (!want_map(cx, v, "amount") || !check_keys(cx, v, f, "amount")) {
            ok = false;
        } else {
            const rc_ynode *lo = rc_ymap_get(v, "min"), *hi = rc_ymap_get(v, "max"), *u = rc_ymap_get(v, "unit");
            if (!lo || !u) {
                ERR(cx, RUNCOVER_E_SCHEMA, v, "amount needs min and unit (max is optional)");
                ok = false;
            } else {
                r->amin = rc_expr_compile(cx, lo, RC_TY_NUM, "amount.min");
                r->amax = hi ? rc_expr_compile(cx, hi, RC_TY_NUM, "amount.max") : r->amin;
                if (r->amin < 0 || r->amax < 0) {
                    ok = false;
                } else if (cx->nodes.v[r->amin].op == OP_CONST && cx->nodes.v[r->amin].k < 0) {
                    ERR(cx, RUNCOVER_E_SCHEMA, lo, "amount.min must be 0 or more");
                    ok = false;
                } else if (hi && cx->nodes.v[r->amax].op == OP_CONST && cx->nodes.v[r->amax].k < 0) {
                    ERR(cx, RUNCOVER_E_SCHEMA, hi, "amount.max must be 0 or more");
                    ok = false;
                } else if (hi && cx->nodes.v[r->amin].op == OP_CONST && cx->nodes.v[r->amax].op == OP_CONST &&
                           cx->nodes.v[r->amax].k < cx->nodes.v[r->amin].k) {
                    ERR(cx, RUNCOVER_E_SCHEMA, hi, "amount.max is below amount.min");
                    ok = false;
                }
                if (!want_text(cx, u, "amount.unit"))
                    ok = false;
                else if (u->len > 16) {
                    ERR(cx, RUNCOVER_E_SCHEMA, u, "amount.unit is longer than 16 bytes");
                    ok = false;
                } else
                    r->unit = adup(cx, u->str, u->len);
                r->has_amount = true;
            }
        }
    }
    if ((v = rc_ymap_get(m, "title"))) {
        if (want_text(cx, v, "title"))
            r->title = adup(cx, v->str, v->len);
        else
            ok = false;
    }
    if ((v = rc_ymap_get(m, "detail"))) {
        if (!want_text(cx, v, "detail") || !compile_template(B, r, v))
            ok = false;
        else
            r->detail_src = adup(cx, v->str, v->len);
    }
    if ((v = rc_ymap_get(m, "sources"))) {
        if (!want_seq(cx, v, "sources")) {
            ok = false;
        } else if (v->n) {
            r->sources = rc_arena_alloc(&cx->pg->arena, v->n * sizeof(uint16_t));
            if (!r->sources) {
                cx->oom = true;
                return false;
            }
            for (size_t i = 0; i < v->n; i++) {
                const rc_ynode *s = v->items[i];
                int si = is_text(s) ? find_source(B, s->str) : -1;
                if (si < 0) {
                    ERR(cx, RUNCOVER_E_NOTFOUND, s, "unknown source '%.40s' (declare it under sources:)", is_text(s) ? s->str : "");
                    ok = false;
                } else {
                    r->sources[r->nsources++] = (uint16_t)si;
                }
            }
        }
    }
    if ((v = rc_ymap_get(m, "exclusive"))) {
        if (!want_text(cx, v, "exclusive") || !valid_name(v->str, v->len, true)) {
            if (is_text(v))
                ERR(cx, RUNCOVER_E_SCHEMA, v, "exclusive group names are 1-64 characters of a-z, A-Z, 0-9, '_', '-', '.'");
            ok = false;
        } else if ((r->group = group_index(B, v)) < 0) {
            ok = false;
        }
    }
    if ((v = rc_ymap_get(m, "suppresses"))) {
        if (!want_seq(cx, v, "suppresses"))
            ok = false;
        else
            for (size_t i = 0; i < v->n; i++) {
                const rc_ynode *s = v->items[i];
                if (!want_text(cx, s, "a suppresses entry")) {
                    ok = false;
                } else if (strncmp(s->str, "category:", 9) == 0) {
                    int c = rc_category_find(s->str + 9);
                    if (c < 0) {
                        ERR(cx, RUNCOVER_E_NOTFOUND, s, "unknown category in '%.40s'", s->str);
                        ok = false;
                    } else if (c == CAT_MEDICAL) {
                        ERR(cx, RUNCOVER_E_SCHEMA, s, "no rule may suppress medical items");
                        ok = false;
                    } else {
                        r->supp_cats |= 1u << c;
                    }
                } else if (!push_supp(B, index_for_fired, s)) {
                    return false;
                }
            }
    }
    if ((v = rc_ymap_get(m, "recovery_hours")) && (r->rh = rc_expr_compile(cx, v, RC_TY_NUM, "recovery_hours")) < 0)
        ok = false;
    if ((v = rc_ymap_get(m, "recovery_scale")) && (r->rs = rc_expr_compile(cx, v, RC_TY_NUM, "recovery_scale")) < 0)
        ok = false;
    if ((v = rc_ymap_get(m, "red_flag"))) {
        bool b;
        if (!rc_yscalar_bool(v, &b)) {
            ERR(cx, RUNCOVER_E_SCHEMA, v, "red_flag must be true or false");
            ok = false;
        } else {
            r->red_flag = b;
        }
    }
    /* fired() outside `when` would be evaluated before the rules it names. */
    if (cx->nfired > fired_before) {
        const rc_node *fn = &cx->nodes.v[cx->fired[fired_before].node];
        rc_cx_error(cx, RUNCOVER_E_SCHEMA, fn->line, fn->col, "fired() may only be used in 'when'");
        cx->nfired = fired_before;
        ok = false;
    }
    if (r->category == CAT_MEDICAL && r->group >= 0) {
        ERR(cx, RUNCOVER_E_SCHEMA, rc_ymap_get(m, "exclusive"), "a medical rule cannot be in an exclusive group");
        ok = false;
    }
    if (r->red_flag && r->group >= 0) {
        ERR(cx, RUNCOVER_E_SCHEMA, rc_ymap_get(m, "exclusive"), "a red-flag rule cannot be in an exclusive group");
        ok = false;
    }
    return ok && r->id && r->title && !cx->oom;
}

static bool protected_rule(const rc_rule *r) { return r->category == CAT_MEDICAL || r->red_flag; }

static bool read_rules(build *B, const rc_ynode *seq)
{
    rc_compile_ctx *cx = &B->cx;
    if (!want_seq(cx, seq, "rules"))
        return false;
    for (size_t i = 0; i < seq->n && !rc_error_full() && !cx->oom; i++) {
        const rc_ynode *m = seq->items[i];
        rc_rule r;
        int32_t idx = (int32_t)B->rt.n;
        size_t nps = B->nps;
        if (!parse_rule(B, m, &r, idx)) {
            B->nps = nps; /* drop this rule's pending references */
            while (cx->nfired && cx->fired[cx->nfired - 1].rule == idx)
                cx->nfired--;
            continue;
        }
        int32_t prev = rt_find(&B->rt, r.id);
        if (prev >= 0) {
            const rc_ynode *pn = B->rt.node[prev];
            ERR(cx, RUNCOVER_E_SCHEMA, rc_ymap_get(m, "id"),
                "duplicate rule id '%s' (first defined at %s:%u:%u; use override: to replace it)", r.id,
                B->rt.file[prev], pn->line, pn->col);
            B->nps = nps;
            while (cx->nfired && cx->fired[cx->nfired - 1].rule == idx)
                cx->nfired--;
            continue;
        }
        if (B->rt.n >= RC_MAX_RULES) {
            ERR(cx, RUNCOVER_E_LIMIT, m, "more than %d rules", RC_MAX_RULES);
            return false;
        }
        if (!rt_add(cx, &B->rt, &r, m))
            return false;
    }
    return true;
}

static bool read_overrides(build *B, const rc_ynode *seq)
{
    rc_compile_ctx *cx = &B->cx;
    if (!want_seq(cx, seq, "override"))
        return false;
    for (size_t i = 0; i < seq->n && !rc_error_full() && !cx->oom; i++) {
        const rc_ynode *m = seq->items[i];
        const rc_ynode *idn = m->kind == RC_Y_MAP ? rc_ymap_get(m, "id") : NULL;
        int32_t target = idn && is_text(idn) ? rt_find(&B->rt, idn->str) : -1;
        if (idn && is_text(idn) && target < 0) {
            ERR(cx, RUNCOVER_E_NOTFOUND, idn, "override of unknown rule '%.64s' (it must be loaded before)", idn->str);
            continue;
        }
        if (target >= 0 && B->rt.dead[target]) {
            ERR(cx, RUNCOVER_E_SCHEMA, idn, "override of disabled rule '%.64s'", idn->str);
            continue;
        }
        if (target >= 0 && protected_rule(&B->rt.v[target])) {
            ERR(cx, RUNCOVER_E_SCHEMA, idn, "rule '%s' is a %s rule and cannot be overridden", idn->str,
                B->rt.v[target].category == CAT_MEDICAL ? "medical" : "red-flag");
            continue;
        }
        size_t nps = B->nps, nfired = cx->nfired;
        rc_rule r;
        if (!parse_rule(B, m, &r, target)) {
            B->nps = nps;
            cx->nfired = nfired;
            continue;
        }
        if (protected_rule(&r)) {
            ERR(cx, RUNCOVER_E_SCHEMA, m, "an override cannot turn a rule into a medical or red-flag rule");
            B->nps = nps;
            cx->nfired = nfired;
            continue;
        }
        /* Replace in place: same index, same id. The replaced definition's
         * pending references (suppresses, fired) are dropped. */
        size_t w = 0;
        for (size_t k = 0; k < B->nps; k++)
            if (k >= nps || B->ps[k].rule != target)
                B->ps[w++] = B->ps[k];
        B->nps = w;
        w = 0;
        for (size_t k = 0; k < cx->nfired; k++)
            if (k >= nfired || cx->fired[k].rule != target)
                cx->fired[w++] = cx->fired[k];
        cx->nfired = w;
        B->rt.v[target] = r;
        B->rt.node[target] = m;
        B->rt.file[target] = cx->file;
    }
    return true;
}

static bool read_disable(build *B, const rc_ynode *seq)
{
    rc_compile_ctx *cx = &B->cx;
    if (!want_seq(cx, seq, "disable"))
        return false;
    for (size_t i = 0; i < seq->n; i++) {
        const rc_ynode *s = seq->items[i];
        if (!want_text(cx, s, "a disable entry"))
            continue;
        int32_t t = rt_find(&B->rt, s->str);
        if (t < 0)
            ERR(cx, RUNCOVER_E_NOTFOUND, s, "disable of unknown rule '%.64s' (it must be loaded before)", s->str);
        else if (protected_rule(&B->rt.v[t]))
            ERR(cx, RUNCOVER_E_SCHEMA, s, "rule '%s' is a %s rule and cannot be disabled", s->str,
                B->rt.v[t].category == CAT_MEDICAL ? "medical" : "red-flag");
        else
            B->rt.dead[t] = true;
    }
    return true;
}

/* ---- file level ---- */

static const char *const k_top_fields[] = { "format",  "protocol", "version", "description", "sources",
                                            "facts",   "derive",   "rules",   "override",    "disable", NULL };

static bool read_header(build *B, const rc_loaded *f, rc_protoinfo *info)
{
    rc_compile_ctx *cx = &B->cx;
    const rc_ynode *root = f->doc.root;
    if (root->kind != RC_Y_MAP) {
        ERR(cx, RUNCOVER_E_SCHEMA, root, "a protocol file is a mapping with format:, protocol:, version:, rules:; found %s",
            rc_yscalar_is_null(root) ? "an empty document" : kind_name(root));
        return false;
    }
    bool ok = check_keys(cx, root, k_top_fields, "a protocol file");
    const rc_ynode *v = rc_ymap_get(root, "format");
    double d;
    if (!v) {
        ERR(cx, RUNCOVER_E_SCHEMA, root, "missing 'format: 1' (the protocol language version)");
        ok = false;
    } else if (!is_text(v)) {
        ERR(cx, RUNCOVER_E_SCHEMA, v, "format must be the number 1, not %s", kind_name(v));
        ok = false;
    } else if (!v->plain && rc_num_parse(v->str, v->len, &d)) {
        /* "1" in quotes is a string: saying "unsupported format '1'" would contradict itself */
        ERR(cx, RUNCOVER_E_SCHEMA, v, "format must be the number 1, not the string \"%.20s\" (remove the quotes)", v->str);
        ok = false;
    } else if (!rc_yscalar_number(v, &d) || d != 1) {
        ERR(cx, RUNCOVER_E_SCHEMA, v, "unsupported format '%.20s' (this library reads format 1)", v->str);
        ok = false;
    }
    v = rc_ymap_get(root, "protocol");
    if (!v) {
        ERR(cx, RUNCOVER_E_SCHEMA, root, "missing 'protocol:' (the protocol's name)");
        ok = false;
    } else if (!want_text(cx, v, "protocol")) {
        ok = false;
    } else if (!valid_name(v->str, v->len, true)) {
        ERR(cx, RUNCOVER_E_SCHEMA, v, "protocol names are 1-64 characters of a-z, A-Z, 0-9, '_', '-', '.'");
        ok = false;
    } else {
        info->name = adup(cx, v->str, v->len);
    }
    v = rc_ymap_get(root, "version");
    if (!v) {
        ERR(cx, RUNCOVER_E_SCHEMA, root, "missing 'version:' (the protocol's content version, an integer)");
        ok = false;
    } else if (want_number(cx, v, "version", 0, 1e15, true, &d)) {
        info->version = (int64_t)d;
    } else {
        ok = false;
    }
    if ((v = rc_ymap_get(root, "description")) && !want_text(cx, v, "description"))
        ok = false;
    memcpy(info->sha256, f->sha256, sizeof info->sha256);
    return ok;
}

static bool read_sources(build *B, const rc_ynode *m)
{
    rc_compile_ctx *cx = &B->cx;
    if (!want_map(cx, m, "sources"))
        return false;
    for (size_t i = 0; i < m->n; i++) {
        const rc_ynode *k = m->items[2 * i], *v = m->items[2 * i + 1];
        if (!valid_name(k->str, k->len, true)) {
            ERR(cx, RUNCOVER_E_SCHEMA, k, "source ids are 1-64 characters of a-z, A-Z, 0-9, '_', '-', '.'");
            continue;
        }
        if (!want_text(cx, v, "a source title"))
            continue;
        int prev = find_source(B, k->str);
        if (prev >= 0) {
            if (strcmp(B->sources[prev].title, v->str) != 0) {
                const rc_ynode *pn = B->sourcenode[prev];
                ERR(cx, RUNCOVER_E_SCHEMA, k, "source '%s' is already declared with another title at %s:%u:%u", k->str,
                    B->sourcefile[prev], pn->line, pn->col);
            }
            continue;
        }
        if (B->nsources >= RC_MAX_SOURCES) {
            ERR(cx, RUNCOVER_E_LIMIT, k, "more than %d sources", RC_MAX_SOURCES);
            return false;
        }
        GROW(B->sources, B->nsources, B->capsources, 16);
        size_t cap2 = B->capsources;
        const rc_ynode **sn = rc_reallocarray(B->sourcenode, cap2, sizeof *sn);
        if (sn)
            B->sourcenode = sn;
        const char **sf = rc_reallocarray(B->sourcefile, cap2, sizeof *sf);
        if (sf)
            B->sourcefile = sf;
        if (!sn || !sf) {
            cx->oom = true;
            return false;
        }
        B->sources[B->nsources] = (rc_source){ adup(cx, k->str, k->len), adup(cx, v->str, v->len) };
        B->sourcenode[B->nsources] = k;
        B->sourcefile[B->nsources] = cx->file;
        B->nsources++;
    }
    return !cx->oom;
}

static bool read_facts(build *B, const rc_ynode *m)
{
    rc_compile_ctx *cx = &B->cx;
    if (!want_map(cx, m, "facts"))
        return false;
    for (size_t i = 0; i < m->n; i++) {
        const rc_ynode *k = m->items[2 * i], *v = m->items[2 * i + 1];
        if (!valid_name(k->str, k->len, false) || k->str[0] < 'a' || k->str[0] > 'z') {
            ERR(cx, RUNCOVER_E_SCHEMA, k, "ext fact names start with a-z and use a-z, 0-9, '_' (at most 64)");
            continue;
        }
        for (const char *c = k->str; *c; c++)
            if (*c >= 'A' && *c <= 'Z') {
                ERR(cx, RUNCOVER_E_SCHEMA, k, "ext fact names are lower case");
                goto next;
            }
        {
            static const char *const f[] = { "type", "min", "max", "doc", NULL };
            if (!want_map(cx, v, "a fact declaration") || !check_keys(cx, v, f, "a fact declaration"))
                continue;
            const rc_ynode *t = rc_ymap_get(v, "type"), *lo = rc_ymap_get(v, "min"), *hi = rc_ymap_get(v, "max"),
                           *doc = rc_ymap_get(v, "doc");
            rc_extdecl e;
            memset(&e, 0, sizeof e);
            if (!t || !is_text(t) || (strcmp(t->str, "number") != 0 && strcmp(t->str, "flag") != 0)) {
                ERR(cx, RUNCOVER_E_SCHEMA, t ? t : v, "a fact's type is number or flag");
                continue;
            }
            e.type = strcmp(t->str, "number") == 0 ? RUNCOVER_FACT_NUMBER : RUNCOVER_FACT_FLAG;
            e.min = e.type == RUNCOVER_FACT_FLAG ? 0 : -1e15;
            e.max = e.type == RUNCOVER_FACT_FLAG ? 1 : 1e15;
            if (e.type == RUNCOVER_FACT_FLAG && (lo || hi)) {
                ERR(cx, RUNCOVER_E_SCHEMA, lo ? lo : hi, "a flag fact has no min or max");
                continue;
            }
            if (lo && !want_number(cx, lo, "min", -1e15, 1e15, false, &e.min))
                continue;
            if (hi && !want_number(cx, hi, "max", -1e15, 1e15, false, &e.max))
                continue;
            if (e.max < e.min) {
                ERR(cx, RUNCOVER_E_SCHEMA, hi, "max is below min");
                continue;
            }
            if (doc && !want_text(cx, doc, "doc"))
                continue;
            bool dup = false;
            for (size_t j = 0; j < B->next; j++)
                if (strcmp(B->ext[j].name, k->str) == 0) {
                    if (B->ext[j].type != e.type || B->ext[j].min != e.min || B->ext[j].max != e.max)
                        ERR(cx, RUNCOVER_E_SCHEMA, k, "ext.%s is already declared differently", k->str);
                    dup = true;
                }
            if (dup)
                continue;
            if (B->next >= RC_MAX_EXT) {
                ERR(cx, RUNCOVER_E_LIMIT, k, "more than %d ext facts", RC_MAX_EXT);
                return false;
            }
            GROW(B->ext, B->next, B->capext, 16);
            e.name = adup(cx, k->str, k->len);
            char path[80];
            snprintf(path, sizeof path, "ext.%s", k->str);
            e.path = adup(cx, path, strlen(path));
            e.hash = rc_hash(k->str, k->len);
            e.doc = doc ? adup(cx, doc->str, doc->len) : "protocol-declared fact";
            e.slot = (int32_t)(RC_BUILTIN_SLOTS + B->next);
            B->ext[B->next++] = e;
        }
    next:;
    }
    return !cx->oom;
}

static bool read_derives(build *B, const rc_ynode *m)
{
    rc_compile_ctx *cx = &B->cx;
    if (!want_map(cx, m, "derive"))
        return false;
    for (size_t i = 0; i < m->n && !rc_error_full(); i++) {
        const rc_ynode *k = m->items[2 * i], *v = m->items[2 * i + 1];
        if (!valid_name(k->str, k->len, false)) {
            ERR(cx, RUNCOVER_E_SCHEMA, k, "derive names use a-z, A-Z, 0-9, '_' (at most 64)");
            continue;
        }
        bool dup = false;
        for (size_t j = 0; j < B->nderives; j++)
            if (strcmp(B->derives[j].name, k->str) == 0)
                dup = true;
        if (dup) {
            ERR(cx, RUNCOVER_E_SCHEMA, k, "derive.%s is already defined", k->str);
            continue;
        }
        if (B->nderives >= RC_MAX_DERIVES) {
            ERR(cx, RUNCOVER_E_LIMIT, k, "more than %d derived facts", RC_MAX_DERIVES);
            return false;
        }
        if (!is_text(v)) {
            ERR(cx, RUNCOVER_E_SCHEMA, v, "derive.%s must be an expression", k->str);
            continue;
        }
        size_t fired_before = cx->nfired;
        rc_type ty;
        int32_t e = rc_expr_compile_in(cx, v, 0, v->len, &ty);
        if (e < 0)
            continue;
        if (cx->nfired > fired_before) {
            const rc_node *fn = &cx->nodes.v[cx->fired[fired_before].node];
            rc_cx_error(cx, RUNCOVER_E_SCHEMA, fn->line, fn->col, "fired() cannot be used in derive (derives are computed before any rule)");
            cx->nfired = fired_before;
            continue;
        }
        if (ty != RC_TY_NUM && ty != RC_TY_BOOL) {
            ERR(cx, RUNCOVER_E_TYPE, v, "derive.%s must be a number or a condition", k->str);
            continue;
        }
        GROW(B->derives, B->nderives, B->capderives, 16);
        char path[80];
        snprintf(path, sizeof path, "derive.%s", k->str);
        /* Slots: after the built-ins and every ext fact (all known by now). */
        rc_derive d = { adup(cx, k->str, k->len), adup(cx, path, strlen(path)), e,
                        (int32_t)(RC_BUILTIN_SLOTS + B->next + B->nderives), (uint8_t)ty };
        B->derives[B->nderives++] = d;
        cx->pg->derives = B->derives; /* visible from now on */
        cx->nderives_visible = B->nderives;
    }
    return !cx->oom;
}

/* ---- cross checks and finishing ---- */

static int cmp_prio(const void *a, const void *b, void *pg_)
{
    const rc_program *pg = pg_;
    const rc_rule *x = &pg->rules[*(const int32_t *)a], *y = &pg->rules[*(const int32_t *)b];
    if (x->prio != y->prio)
        return x->prio > y->prio ? -1 : 1;
    return strcmp(x->id, y->id);
}

static int cmp_item(const void *a, const void *b, void *pg_)
{
    const rc_program *pg = pg_;
    const rc_rule *x = &pg->rules[*(const int32_t *)a], *y = &pg->rules[*(const int32_t *)b];
    double wx = x->has_window ? x->wstart : INFINITY, wy = y->has_window ? y->wstart : INFINITY;
    if (wx != wy)
        return wx < wy ? -1 : 1;
    return cmp_prio(a, b, pg_);
}

/* Stable merge sort with context (qsort_r is not portable C11). */
static void sort_idx(int32_t *v, size_t n, int32_t *tmp, int (*cmp)(const void *, const void *, void *), void *ctx)
{
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = cmp(&v[j], &v[i], ctx) < 0 ? v[j++] : v[i++];
            while (i < mid)
                tmp[k++] = v[i++];
            while (j < hi)
                tmp[k++] = v[j++];
        }
        memcpy(v, tmp, n * sizeof *v);
    }
}

static bool finish(build *B, rc_program *pg)
{
    rc_compile_ctx *cx = &B->cx;
    ruletab *rt = &B->rt;
    /* Map live table rules → program rules (index 0 = built-in). */
    int32_t *map = rc_calloc(rt->n + 1, sizeof *map);
    if (!map) {
        cx->oom = true;
        return false;
    }
    size_t nlive = 0;
    for (size_t i = 0; i < rt->n; i++)
        map[i] = rt->dead[i] ? -1 : (int32_t)(1 + nlive++);
    pg->nrules = 1 + nlive;
    pg->rules = rc_arena_alloc(&pg->arena, pg->nrules * sizeof(rc_rule));
    pg->prio_order = rc_arena_alloc(&pg->arena, pg->nrules * sizeof(int32_t));
    pg->item_order = rc_arena_alloc(&pg->arena, pg->nrules * sizeof(int32_t));
    int32_t *tmp = rc_calloc(pg->nrules, sizeof *tmp);
    if (!pg->rules || !pg->prio_order || !pg->item_order || !tmp) {
        rc_free(map);
        rc_free(tmp);
        cx->oom = true;
        return false;
    }
    rc_rule *b0 = &pg->rules[0];
    b0->id = BUILTIN_ID;
    b0->file = "";
    b0->when = -1;
    b0->prio = 1000000;
    b0->category = CAT_MEDICAL;
    b0->phase = PH_MEDICAL;
    b0->red_flag = false;
    b0->title = "See a professional before you train again";
    b0->detail_src = NULL;
    b0->amin = b0->amax = b0->rh = b0->rs = -1;
    b0->group = -1;
    for (size_t i = 0; i < rt->n; i++)
        if (map[i] > 0)
            pg->rules[map[i]] = rt->v[i];

    /* suppresses: resolve ids */
    for (size_t k = 0; k < B->nps; k++) {
        const pending_supp *ps = &B->ps[k];
        if (ps->rule < 0 || (size_t)ps->rule >= rt->n || map[ps->rule] < 0)
            continue;
        int32_t t = rt_find(rt, ps->item->str);
        cx->file = ps->file;
        if (t >= 0 && map[t] < 0)
            continue; /* a disabled rule: nothing left to suppress */
        if (t < 0) {
            ERR(cx, RUNCOVER_E_NOTFOUND, ps->item, "suppresses unknown rule '%.64s'", ps->item->str);
            continue;
        }
        if (protected_rule(&rt->v[t])) {
            ERR(cx, RUNCOVER_E_SCHEMA, ps->item, "no rule may suppress '%s': it is a %s rule", ps->item->str,
                rt->v[t].category == CAT_MEDICAL ? "medical" : "red-flag");
            continue;
        }
        if (t == ps->rule) {
            ERR(cx, RUNCOVER_E_SCHEMA, ps->item, "a rule cannot suppress itself");
            continue;
        }
        rc_rule *r = &pg->rules[map[ps->rule]];
        if (!r->supp) {
            /* count this rule's entries */
            size_t c = 0;
            for (size_t j = k; j < B->nps; j++)
                if (B->ps[j].rule == ps->rule)
                    c++;
            r->supp = rc_arena_alloc(&pg->arena, c * sizeof(int32_t));
            if (!r->supp) {
                cx->oom = true;
                break;
            }
        }
        r->supp[r->nsupp++] = map[t];
    }
    /* fired(): resolve and stratify */
    int32_t last_flagged = -1;
    for (size_t k = 0; k < cx->nfired; k++) {
        rc_node *fn = &cx->nodes.v[cx->fired[k].node];
        char id[80];
        snprintf(id, sizeof id, "%.*s", (int)(fn->strlen_ > 70 ? 70 : fn->strlen_), fn->str);
        int32_t t = rt_find(rt, id);
        int32_t owner = cx->fired[k].rule;
        if (owner < 0 || (size_t)owner >= rt->n || map[owner] < 0)
            continue;
        const rc_rule *o = &pg->rules[map[owner]];
        cx->file = o->file;
        if (o->red_flag) {
            /* a red flag is decided before every other rule: refused at its
             * first fired() call, whatever the named rule (even one another
             * file disables) */
            if (last_flagged != owner)
                rc_cx_error(cx, RUNCOVER_E_SCHEMA, fn->line, fn->col, "red-flag rule '%s' cannot use fired()", o->id);
            last_flagged = owner;
            continue;
        }
        if (t >= 0 && map[t] < 0) {
            /* a disabled rule never fires: fired() of it is false, and
             * stratifies nothing */
            fn->op = OP_FALSE;
            cx->fired[k].rule = -1;
            continue;
        }
        if (t < 0) {
            rc_cx_error(cx, RUNCOVER_E_NOTFOUND, fn->line, fn->col, "fired(\"%s\") names an unknown rule", id);
            continue;
        }
        fn->slot = map[t];
    }
    if (rc_error_count() == 0 && !cx->oom) {
        /* strata by iteration: stratum(r) = 1 + max stratum(target); a rule
         * changing after nrules rounds means a cycle. */
        bool changed = true;
        size_t rounds = 0;
        while (changed && rounds <= pg->nrules) {
            changed = false;
            rounds++;
            for (size_t k = 0; k < cx->nfired; k++) {
                int32_t owner = cx->fired[k].rule;
                if (owner < 0 || map[owner] < 0)
                    continue;
                rc_rule *o = &pg->rules[map[owner]];
                const rc_rule *t = &pg->rules[cx->nodes.v[cx->fired[k].node].slot];
                if (o->stratum < t->stratum + 1) {
                    o->stratum = t->stratum + 1;
                    changed = true;
                }
            }
        }
        if (changed) {
            for (size_t k = 0; k < cx->nfired; k++) {
                int32_t owner = cx->fired[k].rule;
                if (owner < 0 || map[owner] < 0)
                    continue;
                rc_rule *o = &pg->rules[map[owner]];
                if (o->stratum > pg->nrules) {
                    rc_node *fn = &cx->nodes.v[cx->fired[k].node];
                    cx->file = o->file;
                    rc_cx_error(cx, RUNCOVER_E_SCHEMA, fn->line, fn->col,
                                "fired() dependencies of rule '%s' form a cycle", o->id);
                    break;
                }
            }
        }
    }
    for (size_t i = 1; i < pg->nrules && rc_error_count() == 0; i++) {
        rc_rule *r = &pg->rules[i];
        if (r->stratum > pg->nstrata)
            pg->nstrata = r->stratum;
        cx->file = r->file;
        for (uint32_t k = 0; k < r->nsupp; k++)
            if (pg->rules[r->supp[k]].stratum < r->stratum)
                rc_cx_error(cx, RUNCOVER_E_SCHEMA, r->line, r->col,
                            "rule '%s' uses fired() and so is decided after '%s'; it cannot suppress it", r->id,
                            pg->rules[r->supp[k]].id);
    }
    /* groups live in one stratum */
    for (size_t i = 1; i < pg->nrules && rc_error_count() == 0; i++)
        for (size_t j = i + 1; j < pg->nrules; j++) {
            rc_rule *x = &pg->rules[i], *y = &pg->rules[j];
            if (x->group >= 0 && x->group == y->group && x->stratum != y->stratum) {
                cx->file = y->file;
                rc_cx_error(cx, RUNCOVER_E_SCHEMA, y->line, y->col,
                            "rules '%s' and '%s' share group '%s' but only one of them depends on fired()", x->id,
                            y->id, B->groupnames[x->group]);
                break;
            }
        }
    pg->nstrata++;
    for (size_t i = 0; i < pg->nrules; i++)
        pg->prio_order[i] = pg->item_order[i] = (int32_t)i;
    sort_idx(pg->prio_order, pg->nrules, tmp, cmp_prio, pg);
    sort_idx(pg->item_order, pg->nrules, tmp, cmp_item, pg);
    rc_free(tmp);
    rc_free(map);
    return !cx->oom;
}

static void build_free(build *B)
{
    rt_free(&B->rt);
    rc_free(B->ps);
    rc_free(B->groupnames);
    rc_free(B->groupnode);
    rc_free(B->derives);
    rc_free(B->sources);
    rc_free(B->sourcenode);
    rc_free(B->sourcefile);
    rc_free(B->ext);
    rc_free(B->cx.nodes.v);
    rc_free(B->cx.fired);
}

void rc_program_free(rc_program *p)
{
    if (!p)
        return;
    rc_free(p->ext_index);
    rc_arena_free(&p->arena);
    rc_free(p);
}

static bool copy_out(build *B, rc_program *pg)
{
    rc_compile_ctx *cx = &B->cx;
#define COPY(dst, src, n)                                                          \
    do {                                                                           \
        if (n) {                                                                   \
            dst = rc_arena_alloc(&pg->arena, (n) * sizeof *(src));                 \
            if (!dst) {                                                            \
                cx->oom = true;                                                    \
                return false;                                                      \
            }                                                                      \
            memcpy(dst, src, (n) * sizeof *(src));                                 \
        }                                                                          \
    } while (0)
    COPY(pg->nodes, cx->nodes.v, cx->nodes.n);
    pg->nnodes = cx->nodes.n;
    COPY(pg->derives, B->derives, B->nderives);
    pg->nderives = B->nderives;
    COPY(pg->ext, B->ext, B->next);
    pg->next = B->next;
    COPY(pg->sources, B->sources, B->nsources);
    pg->nsources = B->nsources;
    COPY(pg->groups, B->groupnames, B->ngroups);
    pg->ngroups = B->ngroups;
#undef COPY
    pg->nslots = RC_BUILTIN_SLOTS + pg->next + pg->nderives;
    pg->uses_load = cx->uses_load;
    /* ext name index */
    size_t cap = 16;
    while (cap < pg->next * 2)
        cap *= 2;
    pg->ext_index = rc_calloc(cap, sizeof *pg->ext_index);
    if (!pg->ext_index) {
        cx->oom = true;
        return false;
    }
    pg->ext_index_cap = cap;
    for (size_t i = 0; i < pg->next; i++) {
        size_t k = pg->ext[i].hash & (cap - 1);
        while (pg->ext_index[k])
            k = (k + 1) & (cap - 1);
        pg->ext_index[k] = (uint32_t)i + 1;
    }
    /* introspection table */
    pg->nfact_descs = rc_fact_count_builtin + pg->next;
    pg->fact_descs = rc_arena_alloc(&pg->arena, pg->nfact_descs * sizeof(runcover_fact_desc));
    if (!pg->fact_descs) {
        cx->oom = true;
        return false;
    }
    for (size_t i = 0; i < rc_fact_count_builtin; i++) {
        const rc_fact *f = &rc_facts[i];
        pg->fact_descs[i] = (runcover_fact_desc){ sizeof(runcover_fact_desc), f->path, f->key, f->type, f->unit,
                                                  f->min, f->max, f->nenum, f->enums, f->flags, f->doc };
    }
    for (size_t i = 0; i < pg->next; i++) {
        const rc_extdecl *e = &pg->ext[i];
        pg->fact_descs[rc_fact_count_builtin + i] = (runcover_fact_desc){
            sizeof(runcover_fact_desc), e->path, e->path, e->type, "", e->min, e->max, 0, NULL,
            RUNCOVER_FACT_EXT | RUNCOVER_FACT_ATHLETE | RUNCOVER_FACT_SESSION, e->doc
        };
    }
    return true;
}

runcover_status rc_program_build(rc_program **out, const rc_loaded *files, size_t n)
{
    rc_error_reset();
    rc_program *pg = rc_calloc(1, sizeof *pg);
    if (!pg)
        return rc_nomem();
#if RC_EXT_CACHE
    /* Global state besides the thread-local error and the allocator: a
     * counter that only ever grows, atomically, so that a handle's ext slot
     * cache can tell programs apart (an address could be reused after a
     * free). 40 bits: the caches keep the slot in the other 24. */
    static _Atomic unsigned long long programs_built;
    pg->serial = (atomic_fetch_add_explicit(&programs_built, 1, memory_order_relaxed) + 1) &
                 ((1ull << (64 - RC_EXT_CACHE_SLOT_BITS)) - 1);
#endif
    build B;
    memset(&B, 0, sizeof B);
    B.cx.pg = pg;
    B.cx.cur_rule = -1;
    if (n) {
        pg->protos = rc_arena_alloc(&pg->arena, n * sizeof(rc_protoinfo));
        if (!pg->protos)
            B.cx.oom = true;
    }
    /* Pass 1: headers, sources and ext facts of every file (a later file's
     * facts and sources are visible to earlier files' rules). */
    for (size_t i = 0; i < n && !B.cx.oom; i++) {
        B.cx.file = files[i].doc.name;
        rc_protoinfo info;
        memset(&info, 0, sizeof info);
        if (!read_header(&B, &files[i], &info))
            continue;
        for (size_t j = 0; j < pg->nprotos; j++)
            if (info.name && strcmp(pg->protos[j].name, info.name) == 0) {
                const rc_ynode *pn = rc_ymap_get(files[i].doc.root, "protocol");
                ERR(&B.cx, RUNCOVER_E_SCHEMA, pn, "protocol '%s' is already loaded", info.name);
                info.name = NULL;
            }
        if (info.name)
            pg->protos[pg->nprotos++] = info;
        const rc_ynode *root = files[i].doc.root, *v;
        if ((v = rc_ymap_get(root, "sources")))
            read_sources(&B, v);
        if ((v = rc_ymap_get(root, "facts")))
            read_facts(&B, v);
    }
    /* Pass 2: derives, rules, overrides, disables, in load order. */
    pg->ext = B.ext;
    pg->next = B.next;
    for (size_t i = 0; i < n && !B.cx.oom && !rc_error_full(); i++) {
        const rc_ynode *root = files[i].doc.root, *v;
        if (root->kind != RC_Y_MAP)
            continue;
        B.cx.file = files[i].doc.name;
        if ((v = rc_ymap_get(root, "derive")))
            read_derives(&B, v);
        if ((v = rc_ymap_get(root, "rules")))
            read_rules(&B, v);
        if ((v = rc_ymap_get(root, "override")))
            read_overrides(&B, v);
        if ((v = rc_ymap_get(root, "disable")))
            read_disable(&B, v);
    }
    if (!B.cx.oom && rc_error_count() == 0)
        finish(&B, pg);
    if (!B.cx.oom && rc_error_count() == 0)
        copy_out(&B, pg);
    if (!B.cx.oom && rc_error_count() == 0 && !rc_program_prepare(pg))
        B.cx.oom = true;
    runcover_status st = RUNCOVER_OK;
    if (B.cx.oom)
        st = rc_nomem();
    else if (rc_error_count())
        st = rc_error_code();
    build_free(&B);
    if (st != RUNCOVER_OK) {
        rc_program_free(pg);
        return st;
    }
    *out = pg;
    return RUNCOVER_OK;
}

const char *rc_program_slot_name(const rc_program *p, int32_t slot)
{
    if (slot < 0)
        return "?";
    if (slot < RC_BUILTIN_SLOTS) {
        const rc_fact *f = rc_fact_by_slot(slot);
        return f ? f->path : "?";
    }
    size_t i = (size_t)slot - RC_BUILTIN_SLOTS;
    if (i < p->next)
        return p->ext[i].path;
    i -= p->next;
    return i < p->nderives ? p->derives[i].path : "?";
}
