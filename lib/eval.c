/*
 * eval.c — evaluation: fills the fact vector from the athlete, session and
 * history, computes derives, decides every rule (DESIGN §4: when, dose,
 * red-flag floor, suppression, exclusive groups, fired() strata), the
 * recovery estimate and the item order. Allocates nothing once the plan has
 * grown to the evaluator's size; takes no lock (the program is immutable).
 * Two ways decide the same plan: the bit program (bits.c, decide_bits) when
 * every fact a condition reads is present, the three-valued jump code
 * (fast.c, decide_stratum) otherwise.
 */
#include <math.h>
#include <stdatomic.h>
#include <string.h>
/* -DRC_PORTABLE: plain C only (no SSE2 comparisons, no computed goto) */
#if defined(__SSE2__) && !defined(RC_PORTABLE)
#define RC_SIMD 1
#include <emmintrin.h>
#else
#define RC_SIMD 0
#endif

#include "program.h"

/* ---- expressions ---- */

static inline double fin(double x) { return isfinite(x) ? x : NAN; }

/* Leaves are read in place: a call per constant or fact would cost more
 * than the arithmetic. */
static inline double num_leaf(const rc_program *pg, const double *v, const uint8_t *rs, int32_t i)
{
    const rc_node *n = &pg->nodes[i];
    if (n->op == OP_CONST)
        return n->k;
    if (n->op == OP_SLOT)
        return v[n->slot];
    return rc_eval_num(pg, v, rs, i);
}
#define NUM(c) num_leaf(pg, v, rs, c)

double rc_eval_num(const rc_program *pg, const double *v, const uint8_t *rs, int32_t i)
{
    const rc_node *n = &pg->nodes[i];
    double a, b, c;
    switch ((rc_op)n->op) {
    case OP_CONST: return n->k;
    case OP_SLOT: return v[n->slot];
    case OP_NEG: return -NUM(n->a);
    case OP_ADD: return fin(NUM(n->a) + NUM(n->b));
    case OP_SUB: return fin(NUM(n->a) - NUM(n->b));
    case OP_MUL: return fin(NUM(n->a) * NUM(n->b));
    case OP_DIV:
        a = NUM(n->a);
        b = NUM(n->b);
        return b == 0 ? NAN : fin(a / b);
    case OP_MIN:
        a = NUM(n->a);
        b = NUM(n->b);
        return isnan(a) || isnan(b) ? NAN : a < b ? a : b;
    case OP_MAX:
        a = NUM(n->a);
        b = NUM(n->b);
        return isnan(a) || isnan(b) ? NAN : a > b ? a : b;
    case OP_CLAMP:
        a = NUM(n->a);
        b = NUM(n->b);
        c = NUM(n->c);
        if (isnan(a) || isnan(b) || isnan(c) || b > c)
            return NAN;
        return a < b ? b : a > c ? c : a;
    case OP_ROUND: return round(NUM(n->a));
    case OP_ABS: return fabs(NUM(n->a));
    default: return NAN;
    }
}

#undef NUM

/* A chain (fast.c): the same operations as the tree, in a loop that
 * dispatches once per step on the operation, its operand's kind (constant
 * or fact) and side. */
#define BIN_CASES(OP, EXPR)                                                                                           \
    case RC_NCODE(OP, 0, 0): a = y, b = st->k; y = EXPR; break;                                                       \
    case RC_NCODE(OP, 0, 1): a = st->k, b = y; y = EXPR; break;                                                       \
    case RC_NCODE(OP, 1, 0): a = y, b = v[st->slot]; y = EXPR; break;                                                 \
    case RC_NCODE(OP, 1, 1): a = v[st->slot], b = y; y = EXPR; break;
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline double run_chain(const rc_program *pg, const rc_nchain *c, const double *v)
{
    double y = c->slot >= 0 ? v[c->slot] : c->k, a, b;
    for (const rc_nstep *st = pg->nsteps + c->first, *end = st + c->n; st < end; st++) {
        switch (st->code) {
        case NC_NEG: y = -y; break;
        case NC_ROUND: y = round(y); break;
        case NC_ABS: y = fabs(y); break;
        case NC_CLAMP:
            y = isnan(y) || isnan(st->k) || isnan(st->k2) || st->k > st->k2 ? NAN
                : y < st->k                                               ? st->k
                : y > st->k2                                              ? st->k2
                                                                          : y;
            break;
            BIN_CASES(N_ADD, fin(a + b))
            BIN_CASES(N_SUB, fin(a - b))
            BIN_CASES(N_MUL, fin(a * b))
            BIN_CASES(N_DIV, b == 0 ? NAN : fin(a / b))
            BIN_CASES(N_MIN, isnan(a) || isnan(b) ? NAN : a < b ? a : b)
            BIN_CASES(N_MAX, isnan(a) || isnan(b) ? NAN : a > b ? a : b)
        default: return NAN;
        }
    }
    return y;
}
#undef BIN_CASES

/* A numeric root as prepared at load (fast.c): the same bits as the tree. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline double eval_val(const rc_program *pg, const rc_val *x, const double *v, const uint8_t *rs)
{
    switch (x->kind) {
    case V_K: return x->k;
    case V_SLOT: return v[x->idx];
    case V_MULK: return fin(v[x->idx] * x->k);
    case V_CHAIN: return run_chain(pg, &pg->nchains[x->idx], v);
    default: return rc_eval_num(pg, v, rs, x->idx);
    }
}

int rc_eval_bool(const rc_program *pg, const double *v, const uint8_t *rs, int32_t i)
{
    const rc_node *n = &pg->nodes[i];
    double x, y;
    int a, b;
    switch ((rc_op)n->op) {
    case OP_TRUE: return RC_T;
    case OP_FALSE: return RC_F;
    case OP_FLAG:
        x = v[n->slot];
        return isnan(x) ? RC_U : x != 0 ? RC_T : RC_F;
    case OP_CMP:
        if (n->pad == RC_CMP_SLOT_K) { /* fused at load (fast.c) */
            x = v[n->slot];
            y = n->k;
        } else if (n->pad == RC_CMP_K_SLOT) {
            x = n->k;
            y = v[n->slot];
        } else {
            x = rc_eval_num(pg, v, rs, n->a);
            y = rc_eval_num(pg, v, rs, n->b);
        }
        if (isnan(x) || isnan(y))
            return RC_U;
        switch (n->cmp) {
        case CMP_EQ: return x == y;
        case CMP_NE: return x != y;
        case CMP_LT: return x < y;
        case CMP_LE: return x <= y;
        case CMP_GT: return x > y;
        default: return x >= y;
        }
    case OP_BEQ:
        a = rc_eval_bool(pg, v, rs, n->a);
        b = rc_eval_bool(pg, v, rs, n->b);
        if (a == RC_U || b == RC_U)
            return RC_U;
        return (a == b) ^ (n->cmp == CMP_NE);
    case OP_IN_MASK:
        x = v[n->slot];
        if (isnan(x))
            return RC_U;
        return (int)((n->mask >> (unsigned)x) & 1u);
    case OP_SET_HAS: return ((uint64_t)v[n->slot] & n->mask) != 0;
    case OP_HAS: return !isnan(v[n->slot]);
    case OP_FIRED: return rs[n->slot] == RS_IN;
    case OP_AND:
        a = rc_eval_bool(pg, v, rs, n->a);
        if (a == RC_F)
            return RC_F;
        b = rc_eval_bool(pg, v, rs, n->b);
        if (b == RC_F)
            return RC_F;
        return a == RC_T && b == RC_T ? RC_T : RC_U;
    case OP_OR:
        a = rc_eval_bool(pg, v, rs, n->a);
        if (a == RC_T)
            return RC_T;
        b = rc_eval_bool(pg, v, rs, n->b);
        if (b == RC_T)
            return RC_T;
        return a == RC_F && b == RC_F ? RC_F : RC_U;
    case OP_NOT:
        a = rc_eval_bool(pg, v, rs, n->a);
        return a == RC_U ? RC_U : !a;
    default: return RC_U;
    }
}

/* ---- the built-in red-flag floor (DESIGN §4.1) ---- */

bool rc_builtin_red_flag(const double *v)
{
    static const int flags[] = { RC_S_SHARP_PAIN, RC_S_SWELLING,       RC_S_BRUISING,        RC_S_DEFORMITY,
                                 RC_S_NUMBNESS,   RC_S_PAIN_WORSENING, RC_S_INTERFERES_DAILY };
    /* every test, no early way out: which symptom is set is data, and a
     * branch on it is mispredicted as often as not */
    bool hit = (v[RC_S_PERSISTENT_PAIN_DAYS] >= 4) | (v[RC_S_SORENESS] >= 9); /* NaN compares false */
    for (size_t i = 0; i < RC_ARRAY_LEN(flags); i++)
        hit |= v[flags[i]] == 1;
    return hit;
}

/* ---- plan storage ---- */

static bool plan_fit(runcover_plan *p, const rc_program *pg)
{
    size_t words = (pg->nrules + 63) / 64;
    if (p->cap_words < words) {
        uint64_t *b = rc_reallocarray(p->bits, 2 * words, sizeof *b);
        if (!b)
            return false;
        p->bits = b;
        p->cap_words = words;
    }
    if (p->cap_slots < pg->nslots) {
        double *v = rc_reallocarray(p->vals, pg->nslots, sizeof *v);
        if (!v)
            return false;
        p->vals = v;
        p->cap_slots = pg->nslots;
    }
    if (p->cap_rules < pg->nrules || p->cap_groups < pg->ngroups + 1) {
        size_t n = pg->nrules > p->cap_rules ? pg->nrules : p->cap_rules;
        uint8_t *st = rc_reallocarray(p->state, n, 1);
        if (st)
            p->state = st;
        int32_t *by = rc_reallocarray(p->by, n, sizeof *by);
        if (by)
            p->by = by;
        double *a = rc_reallocarray(p->amin, n, sizeof *a);
        if (a)
            p->amin = a;
        double *b = rc_reallocarray(p->amax, n, sizeof *b);
        if (b)
            p->amax = b;
        runcover_item *it = rc_reallocarray(p->items, n, sizeof *it);
        if (it) {
            p->items = it;
            for (size_t i = 0; i < n; i++)
                it[i] = (runcover_item){ p, 0, NULL, 0 };
            p->ndetail = 0;
        }
        int32_t *sp = rc_reallocarray(p->supp, n, sizeof *sp);
        if (sp)
            p->supp = sp;
        int32_t *cd = rc_reallocarray(p->cand, n, sizeof *cd);
        if (cd)
            p->cand = cd;
        size_t ng = pg->ngroups + 1 > p->cap_groups ? pg->ngroups + 1 : p->cap_groups;
        int32_t *gw = rc_reallocarray(p->gwin, ng, sizeof *gw);
        if (gw)
            p->gwin = gw;
        if (!st || !by || !a || !b || !it || !sp || !cd || !gw)
            return false;
        p->cap_rules = n;
        p->cap_groups = ng;
    }
    return true;
}

static void plan_empty(runcover_plan *p)
{
    p->nitems = 0;
    p->nsupp = 0;
    p->red_flag = p->builtin_flag = p->has_rh = p->has_next_hard = false;
    p->prog = NULL;
    p->ev = NULL;
}

RC_EXPORT runcover_status runcover_plan_new(runcover_plan **out)
{
    rc_error_reset();
    if (!out)
        return rc_misuse("runcover_plan_new: out is NULL");
    runcover_plan *p = rc_calloc(1, sizeof *p);
    if (!p)
        return rc_nomem();
    rc_buf_init(&p->text);
    *out = p;
    return RUNCOVER_OK;
}

RC_EXPORT void runcover_plan_free(runcover_plan *p)
{
    if (!p)
        return;
    rc_free(p->vals);
    rc_free(p->state);
    rc_free(p->by);
    rc_free(p->amin);
    rc_free(p->amax);
    rc_free(p->items);
    rc_free(p->supp);
    rc_free(p->gwin);
    rc_free(p->cand);
    rc_free(p->bits);
    rc_free(p->lh);
    rc_buf_free(&p->text);
    rc_free(p);
}

/* ---- facts ---- */

static runcover_status ext_refused(const rc_ext *e, const rc_extdecl *d)
{
    if (!d)
        return rc_error(RUNCOVER_E_NOTFOUND, "ext.%s is set but no loaded protocol declares it", e->name);
    if (d->type != e->type)
        return rc_error(RUNCOVER_E_TYPE, "ext.%s is declared as a %s but was set as a %s", e->name,
                        d->type == RUNCOVER_FACT_FLAG ? "flag" : "number",
                        e->type == RUNCOVER_FACT_FLAG ? "flag" : "number");
    char v[32], lo[32], hi[32];
    rc_num_format_msg(v, sizeof v, e->value, 6);
    rc_num_format(lo, sizeof lo, d->min, 3);
    rc_num_format(hi, sizeof hi, d->max, 3);
    return rc_error(RUNCOVER_E_RANGE, "ext.%s = %s is out of range (allowed %s to %s)", e->name, v, lo, hi);
}

/* The ext facts of a handle into their slots: by name and checked against
 * the declaration the first time, from the handle's cache after that. */
static inline runcover_status put_ext(const rc_program *pg, double *vals, const rc_extset *es)
{
    for (size_t i = 0; i < es->n; i++) {
        rc_ext *e = &es->v[i];
#if RC_EXT_CACHE
        unsigned long long cached = atomic_load_explicit(&e->slot_cache, memory_order_relaxed);
        if (cached >> RC_EXT_CACHE_SLOT_BITS == pg->serial && cached) {
            vals[(cached & ((1u << RC_EXT_CACHE_SLOT_BITS) - 1)) - 1] = e->value;
            continue;
        }
#endif
        const rc_extdecl *d = NULL;
        if (pg->ext_index_cap) {
            size_t m = pg->ext_index_cap - 1;
            for (size_t k = e->hash & m; pg->ext_index[k]; k = (k + 1) & m) {
                const rc_extdecl *c = &pg->ext[pg->ext_index[k] - 1];
                if (c->hash == e->hash && strcmp(c->name, e->name) == 0) {
                    d = c;
                    break;
                }
            }
        }
        if (!d || d->type != e->type || e->value < d->min || e->value > d->max)
            return ext_refused(e, d);
        vals[d->slot] = e->value;
#if RC_EXT_CACHE
        if (pg->serial && (unsigned long long)d->slot + 1 < (1u << RC_EXT_CACHE_SLOT_BITS))
            atomic_store_explicit(&e->slot_cache, pg->serial << RC_EXT_CACHE_SLOT_BITS | (unsigned long long)(d->slot + 1),
                                  memory_order_relaxed);
#endif
    }
    return RUNCOVER_OK;
}

static bool compute_load(runcover_plan *p, const runcover_athlete *a, const runcover_session *s, double *vals)
{
    size_t n = a->nhist;
    if (p->cap_lh < n) {
        rc_load_session *lh = rc_reallocarray(p->lh, n, sizeof *lh);
        if (!lh)
            return false;
        p->lh = lh;
        p->cap_lh = n;
    }
    for (size_t i = 0; i < n; i++) {
        const runcover_session *h = a->hist[i];
        double k = RC_SV(h, RC_S_KIND);
        p->lh[i] = (rc_load_session){ (int64_t)RC_SV(h, RC_S_END), (int)RC_SV(h, RC_S_END_OFFSET),
                                      isnan(k) ? -1 : (int)k, RC_SV(h, RC_S_DURATION), RC_SV(h, RC_S_RPE),
                                      RC_SV(h, RC_S_AVG_HR) };
    }
    double k = RC_SV(s, RC_S_KIND), end = RC_SV(s, RC_S_END);
    rc_load_session cur = { isnan(end) ? INT64_MIN : (int64_t)end, isnan(end) ? 0 : (int)RC_SV(s, RC_S_END_OFFSET),
                            isnan(k) ? -1 : (int)k, RC_SV(s, RC_S_DURATION), RC_SV(s, RC_S_RPE),
                            RC_SV(s, RC_S_AVG_HR) };
    double sex = a->v[RC_A_SEX];
    rc_load_athlete la = { a->v[RC_A_HR_REST], a->v[RC_A_HR_MAX], isnan(sex) ? -1 : (int)sex };
    rc_load_compute(&a->load, &la, p->lh, n, &cur, vals + RC_L_FIRST);
    return true;
}

/* ---- deciding rules ---- */

static inline bool present(uint8_t st) { return st == RS_IN; }

/* Runs the jump code from `pc` to a result. Comparisons are written so
 * that NaN (absent, unusable) falls to neither true nor false. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline int run_jumps(const rc_program *pg, int32_t pc, const double *v, const uint8_t *st)
{
    const rc_jump *code = pg->code;
    for (;;) {
        const rc_jump *j = &code[pc];
        double x;
        int r;
        switch (j->op) {
        case J_RET: return j->ret;
        case J_LT:
            x = v[j->slot];
            r = x < j->k ? RC_T : x >= j->k ? RC_F : RC_U;
            break;
        case J_LE:
            x = v[j->slot];
            r = x <= j->k ? RC_T : x > j->k ? RC_F : RC_U;
            break;
        case J_GT:
            x = v[j->slot];
            r = x > j->k ? RC_T : x <= j->k ? RC_F : RC_U;
            break;
        case J_GE:
            x = v[j->slot];
            r = x >= j->k ? RC_T : x < j->k ? RC_F : RC_U;
            break;
        case J_EQ:
            x = v[j->slot];
            r = x == j->k ? RC_T : x != x ? RC_U : RC_F;
            break;
        case J_NE:
            x = v[j->slot];
            r = x != x ? RC_U : x != j->k ? RC_T : RC_F;
            break;
        case J_FLAG:
            x = v[j->slot];
            r = x != x ? RC_U : x != 0 ? RC_T : RC_F;
            break;
        case J_HAS: r = v[j->slot] == v[j->slot] ? RC_T : RC_F; break;
        case J_IN_MASK:
            x = v[j->slot];
            r = x != x ? RC_U : ((j->mask >> (unsigned)x) & 1u) ? RC_T : RC_F;
            break;
        case J_SET_HAS: r = ((uint64_t)v[j->slot] & j->mask) != 0 ? RC_T : RC_F; break;
        case J_FIRED: r = st[j->slot] == RS_IN ? RC_T : RC_F; break;
        default: r = rc_eval_bool(pg, v, st, j->slot); break;
        }
        pc = j->next[r];
        if ((uint32_t)pc <= RC_U) /* instructions 0, 1, 2 return RC_F, RC_T, RC_U */
            return pc;
    }
}

/* A rule's condition: its jump code, or the tree. */
int rc_eval_when(const runcover_plan *p, const rc_program *pg, size_t rule)
{
    int32_t e = pg->rentry[rule];
    if (e < 0)
        return rc_eval_bool(pg, p->vals, p->state, pg->rules[rule].when);
    return run_jumps(pg, e, p->vals, p->state);
}

static void compute_derives(runcover_plan *p, const rc_program *pg)
{
    double *v = p->vals;
    for (size_t i = 0; i < pg->nderives; i++) {
        const rc_derive *d = &pg->derives[i];
        if (d->type == RC_TY_NUM) {
            v[d->slot] = eval_val(pg, &pg->dval[i], v, p->state);
        } else {
            int b = pg->dentry[i] >= 0 ? run_jumps(pg, pg->dentry[i], v, p->state)
                                       : rc_eval_bool(pg, v, p->state, d->node);
            v[d->slot] = b == RC_U ? NAN : b;
        }
    }
}

/* Whether the rule's recovery figures (those it has) are usable. */
static bool recovery_ok(const rc_program *pg, const rc_dose *d, const double *v, const uint8_t *st)
{
    return (d->rh.kind == V_NONE || rc_recovery_ok(eval_val(pg, &d->rh, v, st))) &&
           (d->rs.kind == V_NONE || rc_recovery_ok(eval_val(pg, &d->rs, v, st)));
}

static size_t decide_stratum(runcover_plan *p, const rc_program *pg, uint32_t stratum, size_t before)
{
    const double *v = p->vals;
    uint8_t *st = p->state;
    int32_t *cand = p->cand + before;
    size_t ncand = 0;
    /* Each rule starts at its own entry: no rule waits for the one before
     * it, so the processor overlaps them. */
    for (const int32_t *q = pg->srules + pg->sstart[stratum], *end = pg->srules + pg->sstart[stratum + 1]; q < end;
         q++) {
        int32_t i = *q, e = pg->rentry[i];
        int w = e >= 0 ? run_jumps(pg, e, v, st) : rc_eval_bool(pg, v, st, pg->rules[i].when);
        if (w == RC_T)
            cand[ncand++] = i;
        else if (w == RC_U)
            st[i] = RS_UNKNOWN;
    }
    for (size_t q = 0; q < ncand; q++) {
        int32_t i = cand[q];
        const rc_dose *d = &pg->dose[i];
        if (d->kind == D_VAL) { /* constant amounts are in place (evaluate) */
            double lo = eval_val(pg, &d->lo, v, st);
            double hi = d->same ? lo : eval_val(pg, &d->hi, v, st);
            if (!rc_dose_ok(lo, hi)) {
                st[i] = RS_DOSE;
                continue;
            }
            p->amin[i] = lo;
            p->amax[i] = hi;
        }
        if (d->rcheck && !recovery_ok(pg, d, v, st)) {
            st[i] = RS_RECOVERY;
            continue;
        }
        st[i] = RS_IN;
        if (d->red_flag)
            p->red_flag = true;
    }
    if (p->red_flag)
        for (size_t q = 0; q < ncand; q++)
            if (st[cand[q]] == RS_IN && !(rc_red_flag_allowed & (1u << pg->rules[cand[q]].category))) {
                st[cand[q]] = RS_RED_FLAG;
                p->by[cand[q]] = -1;
            }
    /* Suppression in priority order; suppressors from this or earlier strata. */
    for (size_t k = 0; k < pg->nsuppressors; k++) {
        const rc_suppressor *sp = &pg->suppressors[k];
        int32_t i = sp->rule;
        if (!present(st[i]) || pg->rules[i].stratum > stratum)
            continue;
        for (const rc_edge *e = pg->edges + sp->first, *ee = e + sp->n; e < ee; e++) {
            int32_t t = e->target;
            if (pg->rules[t].stratum == stratum && present(st[t])) {
                st[t] = e->kind;
                p->by[t] = i;
            }
        }
    }
    /* Exclusive groups: the first present member in priority order wins. */
    uint32_t g0 = pg->gstart[stratum], g1 = pg->gstart[stratum + 1];
    const int32_t *gin = pg->grouped_in;
    for (uint32_t q = g0; q < g1; q++)
        p->gwin[gin[q]] = -1;
    for (uint32_t q = g0; q < g1; q++) {
        int32_t i = pg->grouped[q], g = gin[q];
        if (!present(st[i]))
            continue;
        if (p->gwin[g] < 0) {
            p->gwin[g] = i;
        } else {
            st[i] = RS_GROUP;
            p->by[i] = p->gwin[g];
        }
    }
    return before + ncand;
}

static inline void set_bit(uint64_t *bits, int32_t i) { bits[(size_t)i / 64] |= UINT64_C(1) << ((size_t)i % 64); }

static inline unsigned lowest_bit(uint64_t b) /* b != 0 */
{
#if defined(__GNUC__)
    return (unsigned)__builtin_ctzll(b);
#else
    unsigned n = 0;
    while (!(b & 1)) {
        b >>= 1;
        n++;
    }
    return n;
#endif
}

/* Appends the rules whose bit is set, lowest bit first, as order[bit]. */
static size_t list_bits(const uint64_t *bits, size_t words, const int32_t *order, int32_t *out)
{
    size_t n = 0;
    for (size_t w = 0; w < words; w++)
        for (uint64_t b = bits[w]; b; b &= b - 1)
            out[n++] = order[w * 64 + lowest_bit(b)];
    return n;
}

/* ---- the bit program (bits.c) ---- */

static inline bool term_holds(uint64_t a, const rc_bterm *t) { return ((a ^ t->want) & t->care) == 0; }

/* The rules with a term that holds in atom word a. */
static inline uint64_t rules_holding(uint64_t a, const rc_bterm *t, const rc_bterm *e)
{
    uint64_t c = 0;
    for (; t < e; t++)
        c |= t->rbit & (0 - (uint64_t)term_holds(a, t)); /* no branch: whether a term holds is data */
    return c;
}

/* Marks the rules of `m` removed as `how` by rule `by`. */
static void bits_removed(runcover_plan *p, const rc_bits *bt, uint64_t m, uint8_t how, int32_t by)
{
    for (; m; m &= m - 1) {
        int32_t i = bt->rule[lowest_bit(m)];
        p->state[i] = how;
        p->by[i] = by;
    }
}

/* Runs the doses (bits.c) of the rules in `c`: bounds into amin/amax;
 * returns the rules whose dose is refused (unusable, crossed, or past
 * 1e12). Dispatch is one indirect jump per step where the compiler has
 * computed goto (a function with label addresses is never inlined: this
 * one runs all of a stratum's doses per call). */
#if defined(__GNUC__) && !defined(RC_PORTABLE) /* -DRC_PORTABLE: the switch loop */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#if defined(__clang__)
#pragma clang diagnostic ignored "-Wgnu-label-as-value"
#endif
#define DC_THREADED 1
#else
#define DC_THREADED 0
#endif
static uint64_t run_doses(const rc_program *pg, uint64_t c, const double *v, const uint8_t *rs, double *amin,
                          double *amax)
{
    const rc_bits *bt = pg->bits;
    const rc_dstep *d;
    double y = 0, x = 0, a, b;
    uint64_t refused = 0;
    unsigned bit;
#if DC_THREADED
    /* labels as values (&&L), which cppcheck reads as a logical and */
    static const void *const lbl[DC_COUNT] = {
        /* cppcheck-suppress assignBoolToPointer */
        [DC_K] = &&L_K,       [DC_S] = &&L_S,         [DC_TREE] = &&L_TREE,   [DC_ADDK] = &&L_ADDK,
        [DC_SUBK] = &&L_SUBK, [DC_KSUB] = &&L_KSUB,   [DC_MULK] = &&L_MULK,   [DC_DIVK] = &&L_DIVK,
        [DC_KDIV] = &&L_KDIV, [DC_MINK] = &&L_MINK,   [DC_KMIN] = &&L_KMIN,   [DC_MAXK] = &&L_MAXK,
        [DC_KMAX] = &&L_KMAX, [DC_ADDS] = &&L_ADDS,   [DC_SUBS] = &&L_SUBS,   [DC_SSUB] = &&L_SSUB,
        [DC_MULS] = &&L_MULS, [DC_DIVS] = &&L_DIVS,   [DC_SDIV] = &&L_SDIV,   [DC_MINS] = &&L_MINS,
        [DC_SMIN] = &&L_SMIN, [DC_MAXS] = &&L_MAXS,   [DC_SMAX] = &&L_SMAX,   [DC_NEG] = &&L_NEG,
        [DC_ROUND] = &&L_ROUND, [DC_ABS] = &&L_ABS,   [DC_CLAMP] = &&L_CLAMP, [DC_LO] = &&L_LO,
        [DC_SAME] = &&L_SAME, [DC_END] = &&L_END,
        [DC_ADDK_NF] = &&L_ADDK_NF, [DC_SUBK_NF] = &&L_SUBK_NF, [DC_KSUB_NF] = &&L_KSUB_NF,
        [DC_MULK_NF] = &&L_MULK_NF, [DC_DIVK_NF] = &&L_DIVK_NF, [DC_ADDS_NF] = &&L_ADDS_NF,
        [DC_SUBS_NF] = &&L_SUBS_NF, [DC_SSUB_NF] = &&L_SSUB_NF, [DC_MULS_NF] = &&L_MULS_NF,
        [DC_DIVS_NF] = &&L_DIVS_NF, [DC_KMULS] = &&L_KMULS, [DC_KMULS_NF] = &&L_KMULS_NF,
        [DC_KMULS_NF_LO] = &&L_KMULS_NF_LO, [DC_KMULS_NF_END] = &&L_KMULS_NF_END,
    };
#define CASE(op) L_##op:
#define NEXT goto *lbl[(++d)->op]
#define DISPATCH goto *lbl[d->op]
#else
#define CASE(op) case DC_##op:
#define NEXT                                                                                                          \
    d++;                                                                                                              \
    continue
#define DISPATCH
#endif
next:
    if (!c)
        return refused;
    bit = (unsigned)lowest_bit(c);
    c &= c - 1;
    d = bt->dcode + bt->dstart[bit];
    DISPATCH;
#if !DC_THREADED
    for (;;)
        switch (d->op) {
#endif
#define MIN2(p, q) (a = (p), b = (q), isnan(a) || isnan(b) ? NAN : a < b ? a : b)
#define MAX2(p, q) (a = (p), b = (q), isnan(a) || isnan(b) ? NAN : a > b ? a : b)
#define DONE()                                                                                                        \
    do {                                                                                                              \
        if (!rc_dose_ok(x, y)) {                                                                                  \
            refused |= UINT64_C(1) << bit;                                                                            \
        } else {                                                                                                      \
            amin[bt->rule[bit]] = x;                                                                                  \
            amax[bt->rule[bit]] = y;                                                                                  \
        }                                                                                                             \
        goto next;                                                                                                    \
    } while (0)
    CASE(K) y = d->k; NEXT;
    CASE(S) y = v[d->slot]; NEXT;
    CASE(TREE) y = rc_eval_num(pg, v, rs, d->slot); NEXT;
    CASE(ADDK) y = fin(y + d->k); NEXT;
    CASE(SUBK) y = fin(y - d->k); NEXT;
    CASE(KSUB) y = fin(d->k - y); NEXT;
    CASE(MULK) y = fin(y * d->k); NEXT;
    CASE(DIVK) y = d->k == 0 ? NAN : fin(y / d->k); NEXT;
    CASE(KDIV) y = y == 0 ? NAN : fin(d->k / y); NEXT;
    CASE(MINK) y = MIN2(y, d->k); NEXT;
    CASE(KMIN) y = MIN2(d->k, y); NEXT;
    CASE(MAXK) y = MAX2(y, d->k); NEXT;
    CASE(KMAX) y = MAX2(d->k, y); NEXT;
    CASE(ADDS) y = fin(y + v[d->slot]); NEXT;
    CASE(SUBS) y = fin(y - v[d->slot]); NEXT;
    CASE(SSUB) y = fin(v[d->slot] - y); NEXT;
    CASE(MULS) y = fin(y * v[d->slot]); NEXT;
    CASE(DIVS) b = v[d->slot]; y = b == 0 ? NAN : fin(y / b); NEXT;
    CASE(SDIV) y = y == 0 ? NAN : fin(v[d->slot] / y); NEXT;
    CASE(MINS) y = MIN2(y, v[d->slot]); NEXT;
    CASE(SMIN) y = MIN2(v[d->slot], y); NEXT;
    CASE(MAXS) y = MAX2(y, v[d->slot]); NEXT;
    CASE(SMAX) y = MAX2(v[d->slot], y); NEXT;
    CASE(ADDK_NF) y = y + d->k; NEXT;
    CASE(SUBK_NF) y = y - d->k; NEXT;
    CASE(KSUB_NF) y = d->k - y; NEXT;
    CASE(MULK_NF) y = y * d->k; NEXT;
    CASE(DIVK_NF) y = d->k == 0 ? NAN : y / d->k; NEXT;
    CASE(ADDS_NF) y = y + v[d->slot]; NEXT;
    CASE(SUBS_NF) y = y - v[d->slot]; NEXT;
    CASE(SSUB_NF) y = v[d->slot] - y; NEXT;
    CASE(MULS_NF) y = y * v[d->slot]; NEXT;
    CASE(DIVS_NF) b = v[d->slot]; y = b == 0 ? NAN : y / b; NEXT;
    CASE(NEG) y = -y; NEXT;
    CASE(ROUND) y = round(y); NEXT;
    CASE(ABS) y = fabs(y); NEXT;
    CASE(CLAMP)
    y = isnan(y) || isnan(d->k) || isnan(d->k2) || d->k > d->k2 ? NAN : y < d->k ? d->k : y > d->k2 ? d->k2 : y;
    NEXT;
    CASE(KMULS) y = fin(d->k * v[d->slot]); NEXT;
    CASE(KMULS_NF) y = d->k * v[d->slot]; NEXT;
    CASE(KMULS_NF_LO) x = d->k * v[d->slot]; NEXT; /* the high bound sets y first */
    CASE(KMULS_NF_END) y = d->k * v[d->slot]; DONE();
    CASE(LO) x = y; NEXT;
    CASE(SAME) x = y; DONE();
    CASE(END) DONE();
#if !DC_THREADED
        default: refused |= UINT64_C(1) << bit; goto next;
        }
#endif
#undef MIN2
#undef MAX2
#undef DONE
#undef CASE
#undef NEXT
#undef DISPATCH
}
#if DC_THREADED
#pragma GCC diagnostic pop
#endif

/* The comparison atoms [lo, hi), all of one kind, into bits lo .. hi-1 of
 * *bits; the values they read are added to *sum. With SSE2, two at a time:
 * the packed comparisons are the scalar ones (false for NaN). */
static inline void compare_run(const rc_bits *bt, const double *v, uint32_t lo, uint32_t hi, int kind, uint64_t *bits,
                               double *sum)
{
    const int32_t *cs = bt->cslot;
    const double *ck = bt->ck;
    uint32_t i = lo;
#if RC_SIMD
    if (i + 2 <= hi) {
        __m128d s2 = _mm_setzero_pd();
        for (; i + 2 <= hi; i += 2) {
            __m128d x = _mm_set_pd(v[cs[i + 1]], v[cs[i]]), k = _mm_loadu_pd(ck + i);
            __m128d m = kind == BA_GE ? _mm_cmpge_pd(x, k) : kind == BA_LE ? _mm_cmple_pd(x, k) : _mm_cmpeq_pd(x, k);
            *bits |= (uint64_t)(unsigned)_mm_movemask_pd(m) << i;
            s2 = _mm_add_pd(s2, x);
        }
        double t[2];
        _mm_storeu_pd(t, s2);
        *sum += t[0] + t[1];
    }
#endif
    for (; i < hi; i++) {
        double f = v[cs[i]];
        bool h = kind == BA_GE ? f >= ck[i] : kind == BA_LE ? f <= ck[i] : f == ck[i];
        *bits |= (uint64_t)h << i;
        *sum += f;
    }
}

/* Decides the plan with the bit program: derives, every stratum's
 * candidates, doses, red flag, suppression and groups; *in gets the rules
 * in the plan, *out those removed by the red flag, suppression or a group.
 * Returns false before changing any rule state when a fact some condition
 * reads is absent (then the jump code decides). */
static bool decide_bits(runcover_plan *p, const rc_program *pg, uint64_t *in, uint64_t *out)
{
    const rc_bits *bt = pg->bits;
    double *v = p->vals;
    for (uint32_t k = 0; k < bt->nnumderive; k++) {
        int32_t d = bt->numderive[k];
        v[pg->derives[d].slot] = eval_val(pg, &pg->dval[d], v, p->state);
    }
    bool absent = false;
    for (uint32_t k = 0; k < bt->nnan; k++)
        absent |= isnan(v[bt->nanslots[k]]);
    if (absent)
        return false;
    /* atoms, last bit first: each shifts the word up one place */
    const rc_batom *at = bt->atoms;
    uint64_t a = 0;
    uint32_t i = bt->kind_end[BA_HAS];
    while (i > bt->kind_end[BA_SET])
        i--, a = a << 1 | !isnan(v[at[i].slot]);
    while (i > bt->kind_end[BA_IN])
        i--, a = a << 1 | (((uint64_t)v[at[i].slot] & at[i].mask) != 0);
    if (i > bt->kind_end[BA_EQ]) { /* enum membership: a lookup per slot */
        uint64_t member = 0;
        for (uint32_t k = 0; k < bt->nenum; k++)
            member |= bt->enums[k].tab[(unsigned)v[bt->enums[k].slot] & 63u];
        uint32_t n = i - bt->kind_end[BA_EQ];
        a = (n < 64 ? a << n : 0) | member;
        i = bt->kind_end[BA_EQ];
    }
    /* the comparisons, bit i for atom i; their values summed, so that an
     * absent one (NaN) makes the sum NaN (so would infinities of both
     * signs: then the jump code decides, as it can decide every case) */
    uint64_t cmp = 0;
    double sum = 0;
    uint32_t ncmp = bt->kind_end[BA_EQ]; /* the comparisons are bits 0 .. ncmp-1 */
    compare_run(bt, v, 0, bt->kind_end[BA_GE], BA_GE, &cmp, &sum);
    compare_run(bt, v, bt->kind_end[BA_GE], bt->kind_end[BA_LE], BA_LE, &cmp, &sum);
    compare_run(bt, v, bt->kind_end[BA_LE], ncmp, BA_EQ, &cmp, &sum);
    if (isnan(sum))
        return false;
    a = (ncmp < 64 ? a << ncmp : 0) | cmp;
    for (uint32_t k = 0; k < bt->nder; k++) {
        const rc_bderive *d = &bt->der[k];
        bool hit = ((a & d->pos) | (~a & d->neg)) != 0;
        if (d->n)
            for (const rc_bterm *t = bt->dterms + d->first, *e = t + d->n; t < e; t++)
                hit |= term_holds(a, t);
        a |= (uint64_t)hit << d->bit;
        v[d->slot] = hit;
    }
    uint8_t *st = p->state;
    memset(st, RS_OFF, pg->nrules);
    uint64_t plan = 0, removed = 0;
    for (uint32_t s = 0; s < pg->nstrata; s++) {
        for (uint32_t k = 0; k < bt->nfired; k++)
            a = (a & ~bt->fired[k].atom) | (((plan >> bt->fired[k].rbit) & 1u) ? bt->fired[k].atom : 0);
        uint64_t c = rules_holding(a, bt->terms + bt->tstart[s], bt->terms + bt->tstart[s + 1]);
        if (bt->tab[s] != UINT32_MAX) {
            const uint64_t *t = bt->ntab + bt->tab[s];
            uint64_t x = a;
            for (uint32_t n = bt->nnib; n >= 2; n -= 2, t += 32, x >>= 8) /* two nibbles a turn */
                c |= t[x & 15] | t[16 + ((x >> 4) & 15)];
            if (bt->nnib & 1)
                c |= t[x & 15];
        }
        uint64_t refused = c & bt->computed ? run_doses(pg, c & bt->computed, v, st, p->amin, p->amax) : 0;
        if (refused) {
            for (uint64_t m = refused; m; m &= m - 1)
                st[bt->rule[lowest_bit(m)]] = RS_DOSE;
            c &= ~refused;
        }
        for (uint64_t m = c & bt->rchecked; m; m &= m - 1) {
            int32_t r = bt->rule[lowest_bit(m)];
            if (!recovery_ok(pg, &pg->dose[r], v, st)) {
                st[r] = RS_RECOVERY;
                c &= ~(m & (0 - m));
            }
        }
        if (c & bt->red_flag_rules)
            p->red_flag = true;
        if (p->red_flag && (c & bt->rf_remove)) {
            bits_removed(p, bt, c & bt->rf_remove, RS_RED_FLAG, -1);
            removed |= c & bt->rf_remove;
            c &= ~bt->rf_remove;
        }
        for (uint32_t k = 0; k < bt->nsupp; k++) {
            const rc_bsupp *sp = &bt->supp[k];
            if (!(((plan | c) >> sp->rbit) & 1u))
                continue;
            uint64_t x = c & sp->by_rule, y = c & sp->by_cat & ~x;
            if (x | y) {
                bits_removed(p, bt, x, RS_SUPPRESSED, sp->rule);
                bits_removed(p, bt, y, RS_SUPPRESSED_CAT, sp->rule);
                removed |= x | y;
                c &= ~(x | y);
            }
        }
        for (uint32_t k = bt->gstart[s]; k < bt->gstart[s + 1]; k++) {
            uint64_t m = c & bt->gmask[k];
            if (!(m & (m - 1)))
                continue;
            const uint64_t *w = bt->gmem + bt->gfirst[k];
            while (!(m & *w)) /* the first member present, in priority order */
                w++;
            uint64_t lose = m & ~*w;
            bits_removed(p, bt, lose, RS_GROUP, bt->rule[lowest_bit(*w)]);
            removed |= lose;
            c &= ~lose;
        }
        plan |= c; /* their state becomes RS_IN as they are listed (list_from_bits) */
    }
    *in = plan;
    *out = removed;
    return true;
}

/* Lists the rules of m (rule bits) as items from items[n] on; returns the
 * new count. (Locals, not p's fields: a store through a uint8_t may alias
 * anything.) */
static inline size_t list_rules(uint64_t m, const int32_t *rule, uint8_t *st, runcover_item *items, size_t n)
{
    for (; m; m &= m - 1) {
        int32_t r = rule[lowest_bit(m)];
        st[r] = RS_IN;
        items[n++].rule = r;
    }
    return n;
}

/* The items of a plan the bit program decided, in item order, and the
 * removed rules in priority order. */
static void list_from_bits(runcover_plan *p, const rc_program *pg, uint64_t in, uint64_t out)
{
    const rc_bits *bt = pg->bits;
    uint8_t *st = p->state;
    runcover_item *items = p->items;
    size_t n;
    if (st[0] == RS_IN) {
        n = list_rules(in & bt->before0, bt->rule, st, items, 0);
        items[n++].rule = 0;
        n = list_rules(in & ~bt->before0, bt->rule, st, items, n);
    } else {
        n = list_rules(in, bt->rule, st, items, 0);
    }
    p->nitems = n;
    size_t words = (pg->nrules + 63) / 64;
    memset(p->bits, 0, words * sizeof *p->bits);
    for (uint64_t m = out; m; m &= m - 1)
        set_bit(p->bits, (int32_t)bt->prank[lowest_bit(m)]);
    p->nsupp = list_bits(p->bits, words, pg->prio_order, p->supp);
}

static runcover_status evaluate(runcover_plan *p, runcover_evaluator *ev, const runcover_athlete *a,
                                const runcover_session *s, unsigned flags)
{
    const rc_program *pg = ev->prog;
    if (!atomic_load_explicit(&ev->frozen, memory_order_relaxed))
        atomic_store(&ev->frozen, 1);
    plan_empty(p);
    if (!plan_fit(p, pg))
        return rc_nomem();
    if (p->amounts_serial != pg->serial || !pg->serial) {
        /* Constant amounts (checked at load) and "no amount" (read back as
         * 0) go into the plan once per program; evaluation then writes only
         * computed amounts, and never into these rules' places. */
        for (size_t i = 0; i < pg->nrules; i++) {
            const rc_dose *d = &pg->dose[i];
            p->amin[i] = d->kind == D_CONST ? d->lo.k : 0;
            p->amax[i] = d->kind == D_CONST ? d->hi.k : 0;
        }
        p->amounts_serial = pg->serial;
    }
    double *v = p->vals;
    memcpy(v, a->v, sizeof a->v);
    memcpy(v + RC_A_COUNT, s->v, sizeof s->v);
    rc_session_derived(s, &v[RC_D_END_HOUR], &v[RC_D_END_MINUTE], &v[RC_D_MASS_LOSS]);
    /* load facts (computed, or absent) and ext facts (absent unless set);
     * derives are all computed */
    size_t unset = RC_L_FIRST;
    if (pg->uses_load || !(flags & RUNCOVER_EVAL_NO_TEXT)) {
        if (!compute_load(p, a, s, v))
            return rc_nomem();
        unset = RC_BUILTIN_SLOTS;
    }
    memcpy(v + unset, pg->nans + (unset - RC_L_FIRST), (RC_BUILTIN_SLOTS + pg->next - unset) * sizeof *v);
    runcover_status st = put_ext(pg, v, &a->ext);
    if (st == RUNCOVER_OK)
        st = put_ext(pg, v, &s->ext);
    if (st != RUNCOVER_OK)
        return st;
    p->ev = ev;
    p->prog = pg;
    p->flags = flags;
    p->builtin_flag = rc_builtin_red_flag(v);
    p->red_flag = p->builtin_flag;
    uint64_t bits_in = 0, bits_out = 0;
    bool by_bits = pg->bits && decide_bits(p, pg, &bits_in, &bits_out);
    p->by_bits = by_bits;
    size_t ncand = 0;
    if (!by_bits) {
        memset(p->state, RS_OFF, pg->nrules);
        compute_derives(p, pg);
        for (uint32_t k = 0; k < pg->nstrata; k++)
            ncand = decide_stratum(p, pg, k, ncand);
    }
    /* The built-in medical item when no protocol supplied one. */
    p->state[0] = RS_OFF;
    if (p->red_flag) {
        p->state[0] = RS_IN;
        if (by_bits)
            p->state[0] = bits_in & pg->bits->medical ? RS_NOT_NEEDED : RS_IN;
        else
            for (size_t i = 1; i < pg->nrules; i++)
                if (p->state[i] == RS_IN && pg->rules[i].category == CAT_MEDICAL)
                    p->state[0] = RS_NOT_NEEDED;
    }
    /* Items in item order and removed rules in priority order (the bit
     * program's rules become RS_IN here). */
    if (by_bits)
        list_from_bits(p, pg, bits_in, bits_out);
    /* Recovery estimate (DESIGN §4.7). */
    double hmax = -1, scale = 1;
    for (size_t q = 0; q < pg->nrecovery; q++) {
        int32_t i = pg->recovery[q];
        const rc_dose *r = &pg->dose[i];
        if (p->state[i] != RS_IN)
            continue;
        if (r->rh.kind != V_NONE) {
            double h = eval_val(pg, &r->rh, v, p->state);
            if (isfinite(h) && h >= 0 && h > hmax)
                hmax = h;
        }
        if (r->rs.kind != V_NONE) {
            double k = eval_val(pg, &r->rs, v, p->state);
            if (isfinite(k) && k >= 0)
                scale *= k;
        }
    }
    if (hmax >= 0) {
        double h = hmax * scale;
        p->rh = !isfinite(h) ? 2160 : h < 0 ? 0 : h > 2160 ? 2160 : h;
        p->has_rh = true;
        double end = v[RC_S_END];
        if (!p->red_flag && !isnan(end)) {
            rc_time_format(p->next_hard, (int64_t)end + (int64_t)llround(p->rh * 3600), (int)v[RC_S_END_OFFSET]);
            p->has_next_hard = true;
        }
    }
    /* Items in item order and removed rules in priority order: only rules
     * whose condition held can be either (and the built-in medical rule). */
    if (by_bits)
        goto listed;
    size_t words = (pg->nrules + 63) / 64;
    uint64_t *in = p->bits, *out = p->bits + words;
    memset(p->bits, 0, 2 * words * sizeof *p->bits);
    if (p->state[0] == RS_IN)
        set_bit(in, pg->item_rank[0]);
    for (size_t q = 0; q < ncand; q++) {
        int32_t i = p->cand[q];
        uint8_t si = p->state[i];
        if (si == RS_IN)
            set_bit(in, pg->item_rank[i]);
        else if (si == RS_RED_FLAG || si == RS_SUPPRESSED || si == RS_SUPPRESSED_CAT || si == RS_GROUP)
            set_bit(out, pg->prio_rank[i]);
    }
    p->nitems = list_bits(in, words, pg->item_order, p->supp); /* supp as scratch */
    for (size_t k = p->nitems; k-- > 0;)
        p->items[k].rule = p->supp[k];
    p->nsupp = list_bits(out, words, pg->prio_order, p->supp);
listed:
    if (flags & RUNCOVER_EVAL_NO_TEXT) {
        for (size_t k = 0; k < p->ndetail; k++) /* after an evaluation with text */
            p->items[k].detail = NULL;
        p->ndetail = 0;
    } else {
        if (p->ndetail < p->nitems)
            p->ndetail = p->nitems;
        rc_buf_clear(&p->text);
        for (size_t k = 0; k < p->nitems; k++) {
            runcover_item *it = &p->items[k];
            const rc_rule *r = &pg->rules[it->rule];
            it->detail_off = SIZE_MAX;
            if (!r->detail.n && it->rule != 0)
                continue;
            it->detail_off = p->text.len;
            rc_render_template(&p->text, p, it->rule, &r->detail, p->amin[it->rule], p->amax[it->rule]);
            rc_buf_putc(&p->text, '\0');
        }
        if (p->text.oom) {
            plan_empty(p);
            rc_buf_free(&p->text);
            return rc_nomem();
        }
        for (size_t k = 0; k < p->nitems; k++)
            p->items[k].detail = p->items[k].detail_off == SIZE_MAX ? NULL : p->text.data + p->items[k].detail_off;
    }
    return RUNCOVER_OK;
}

static runcover_status check_args(const void *p, const runcover_evaluator *ev, const runcover_athlete *a,
                                  const runcover_session *s, const char *fn)
{
    if (!p || !ev || !a || !s)
        return rc_misuse("%s: NULL argument", fn);
    return RUNCOVER_OK;
}

RC_EXPORT runcover_status runcover_evaluate(runcover_plan **out, runcover_evaluator *ev, const runcover_athlete *a,
                                            const runcover_session *s)
{
    rc_error_reset();
    runcover_status st = check_args(out, ev, a, s, "runcover_evaluate");
    if (st)
        return st;
    runcover_plan *p;
    if ((st = runcover_plan_new(&p)) != RUNCOVER_OK)
        return st;
    st = evaluate(p, ev, a, s, 0);
    if (st != RUNCOVER_OK) {
        runcover_plan_free(p);
        return st;
    }
    *out = p;
    return RUNCOVER_OK;
}

RC_EXPORT runcover_status runcover_evaluate_into(runcover_plan *plan, runcover_evaluator *ev,
                                                 const runcover_athlete *a, const runcover_session *s, unsigned flags)
{
    rc_error_reset();
    runcover_status st = check_args(plan, ev, a, s, "runcover_evaluate_into");
    if (st)
        return st;
    if (flags & ~RUNCOVER_EVAL_NO_TEXT)
        return rc_error(RUNCOVER_E_INVALID, "runcover_evaluate_into: unknown flags 0x%x", flags);
    st = evaluate(plan, ev, a, s, flags);
    if (st != RUNCOVER_OK)
        plan_empty(plan);
    return st;
}
