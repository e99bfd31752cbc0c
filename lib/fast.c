/*
 * fast.c — what a program is prepared with once, at load, so that an
 * evaluation touches only flat arrays and decides most conditions with a
 * handful of compare-and-branch steps:
 *
 *  - jump code: every boolean derive and every rule's `when` compiled into
 *    one array of tests. A test reads one fact slot (or a rule's state for
 *    fired(), or falls back to the tree walker for an unusual subexpression)
 *    and continues at one of three successors — true, false or unknown — so
 *    `and`/`or`/`not` become jumps and short-circuit exactly as Kleene's
 *    three-valued logic does (`false and x` never looks at x; `unknown and
 *    x` still needs x, to tell false from unknown). The three results are
 *    the instructions 0, 1 and 2 (RC_F, RC_T, RC_U). A subexpression that
 *    must be continued differently after "true" and after "unknown" is
 *    compiled once per continuation (memoised); a condition whose code would
 *    pass RC_JUMP_MAX_PER_EXPR tests keeps the tree walker;
 *  - rules decided stratum by stratum, each from its own entry (no rule
 *    waits on the one before it) with the jump loop inlined; the rules that
 *    held are listed, so only they are looked at again;
 *  - doses, recovery figures and numeric derives that are left-deep chains
 *    (most are: `0.8 * athlete.mass_kg`) as flat step lists, each step
 *    dispatched once on its operation, its operand's kind and its side; a
 *    dose whose bounds are constants is checked here, once, and a bound that
 *    is a fact or a fact times a constant is read without a chain;
 *  - ranks in item and priority order, and each rule's fixed fields of
 *    runcover_item_view, so a plan is listed and read without sorting;
 *  - rule lists per fired() stratum, suppressors in priority order with
 *    their targets (category suppression expanded into rule lists), group
 *    members in priority order, and the rules that carry recovery figures.
 *
 * The tree walker (eval.c) stays the reference: explanations re-run it, and
 * tests/test_fast.c compares both on many generated inputs. When every fact
 * a condition reads is present, the bit program (bits.c) decides the plan
 * instead; this jump code decides every other case.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "program.h"

#define RC_JUMP_MAX_PER_EXPR 512

typedef struct memo {
    int32_t node, t, f, u, entry;
} memo;

typedef struct jc {
    rc_program *pg;
    rc_jump *code;
    size_t n, cap;
    memo *memo;
    size_t nmemo, capmemo;
    size_t budget_end; /* code size at which this expression gives up */
    bool oom, over;
} jc;

static int32_t emit(jc *J, rc_jump j)
{
    if (J->n >= J->budget_end) {
        J->over = true;
        return -1;
    }
    if (J->n == J->cap) {
        size_t nc = J->cap ? J->cap * 2 : 256;
        rc_jump *v = rc_reallocarray(J->code, nc, sizeof *v);
        if (!v) {
            J->oom = true;
            return -1;
        }
        J->code = v;
        J->cap = nc;
    }
    J->code[J->n] = j;
    return (int32_t)J->n++;
}

/* Code for boolean node n that continues at t, f or u. Returns the entry. */
static int32_t compile(jc *J, int32_t n, int32_t t, int32_t f, int32_t u, int depth)
{
    if (J->oom || J->over)
        return -1;
    if (depth > RC_MAX_EXPR_NODES) {
        J->over = true;
        return -1;
    }
    const rc_node *nd = &J->pg->nodes[n];
    switch ((rc_op)nd->op) {
    case OP_TRUE: return t;
    case OP_FALSE: return f;
    case OP_NOT: return compile(J, nd->a, f, t, u, depth + 1);
    default: break;
    }
    for (size_t i = 0; i < J->nmemo; i++) {
        const memo *m = &J->memo[i];
        if (m->node == n && m->t == t && m->f == f && m->u == u)
            return m->entry;
    }
    int32_t entry;
    if (nd->op == OP_AND) {
        /* a true: b decides; a unknown: b can only make it false */
        int32_t b_true = compile(J, nd->b, t, f, u, depth + 1);
        int32_t b_unknown = compile(J, nd->b, u, f, u, depth + 1);
        if (b_true < 0 || b_unknown < 0)
            return -1;
        entry = compile(J, nd->a, b_true, f, b_unknown, depth + 1);
    } else if (nd->op == OP_OR) {
        /* a false: b decides; a unknown: b can only make it true */
        int32_t b_false = compile(J, nd->b, t, f, u, depth + 1);
        int32_t b_unknown = compile(J, nd->b, t, u, u, depth + 1);
        if (b_false < 0 || b_unknown < 0)
            return -1;
        entry = compile(J, nd->a, t, b_false, b_unknown, depth + 1);
    } else {
        rc_jump j;
        memset(&j, 0, sizeof j);
        j.slot = nd->slot;
        j.mask = nd->mask;
        j.next[RC_T] = t;
        j.next[RC_F] = f;
        j.next[RC_U] = u;
        static const uint8_t by_cmp[] = { J_EQ, J_NE, J_LT, J_LE, J_GT, J_GE };
        static const uint8_t flipped[] = { J_EQ, J_NE, J_GT, J_GE, J_LT, J_LE };
        switch ((rc_op)nd->op) {
        case OP_FLAG: j.op = J_FLAG; break;
        case OP_HAS: j.op = J_HAS; break;
        case OP_IN_MASK: j.op = J_IN_MASK; break;
        case OP_SET_HAS: j.op = J_SET_HAS; break;
        case OP_FIRED: j.op = J_FIRED; break;
        case OP_CMP:
            if (nd->pad != RC_CMP_GENERIC && nd->k == nd->k) {
                j.op = nd->pad == RC_CMP_SLOT_K ? by_cmp[nd->cmp] : flipped[nd->cmp];
                j.k = nd->k;
                break;
            }
            /* fall through */
        default:
            j.op = J_GENERIC;
            j.slot = n;
            break;
        }
        entry = emit(J, j);
    }
    if (entry < 0)
        return -1;
    if (J->nmemo == J->capmemo) {
        size_t nc = J->capmemo ? J->capmemo * 2 : 64;
        memo *v = rc_reallocarray(J->memo, nc, sizeof *v);
        if (!v) {
            J->oom = true;
            return -1;
        }
        J->memo = v;
        J->capmemo = nc;
    }
    J->memo[J->nmemo++] = (memo){ n, t, f, u, entry };
    return entry;
}

/* Entry of the code for condition `node`, or -1 (keep the tree walker). */
static int32_t compile_condition(jc *J, int32_t node)
{
    if (node < 0)
        return -1;
    size_t start = J->n;
    J->nmemo = 0;
    J->over = false;
    J->budget_end = start + RC_JUMP_MAX_PER_EXPR;
    int32_t e = compile(J, node, RC_T, RC_F, RC_U, 0);
    if (e < 0 || J->over) {
        J->n = start; /* drop the partial code */
        return -1;
    }
    return e;
}

static bool prepare_jumps(rc_program *pg)
{
    jc J;
    memset(&J, 0, sizeof J);
    J.pg = pg;
    J.budget_end = SIZE_MAX;
    static const uint8_t rets[] = { RC_F, RC_T, RC_U };
    for (size_t i = 0; i < 3; i++) {
        rc_jump r;
        memset(&r, 0, sizeof r);
        r.op = J_RET;
        r.ret = rets[i];
        emit(&J, r);
    }
    pg->rentry = rc_arena_alloc(&pg->arena, (pg->nrules ? pg->nrules : 1) * sizeof *pg->rentry);
    pg->dentry = rc_arena_alloc(&pg->arena, (pg->nderives ? pg->nderives : 1) * sizeof *pg->dentry);
    bool ok = pg->rentry && pg->dentry;
    for (size_t i = 0; ok && i < pg->nderives; i++) {
        pg->dentry[i] = pg->derives[i].type == RC_TY_BOOL ? compile_condition(&J, pg->derives[i].node) : -1;
        ok = !J.oom;
    }
    for (size_t i = 0; ok && i < pg->nrules; i++) {
        pg->rentry[i] = i == 0 ? -1 : compile_condition(&J, pg->rules[i].when);
        ok = !J.oom;
    }
    if (ok) {
        pg->code = rc_arena_alloc(&pg->arena, J.n * sizeof *pg->code);
        ok = pg->code != NULL;
        if (ok) {
            memcpy(pg->code, J.code, J.n * sizeof *pg->code);
            pg->ncode = J.n;
        }
    }
    rc_free(J.code);
    rc_free(J.memo);
    return ok;
}

/* ---- numeric chains ---- */

#define RC_CHAIN_MAX_STEPS 32

static bool is_leaf(const rc_node *n) { return n->op == OP_CONST || n->op == OP_SLOT; }

/* Appends the steps of node n (a chain) to st[*ns]; sets the start leaf. */
static bool chain_build(const rc_program *pg, int32_t n, rc_nchain *c, rc_nstep *st, uint32_t *ns)
{
    if (n < 0 || *ns >= RC_CHAIN_MAX_STEPS)
        return false;
    const rc_node *nd = &pg->nodes[n];
    if (is_leaf(nd)) {
        c->slot = nd->op == OP_SLOT ? nd->slot : -1;
        c->k = nd->op == OP_CONST ? nd->k : 0;
        return true;
    }
    static const uint8_t binop[] = { [OP_ADD] = N_ADD, [OP_SUB] = N_SUB, [OP_MUL] = N_MUL,
                                     [OP_DIV] = N_DIV, [OP_MIN] = N_MIN, [OP_MAX] = N_MAX };
    switch ((rc_op)nd->op) {
    case OP_NEG:
    case OP_ROUND:
    case OP_ABS:
        if (!chain_build(pg, nd->a, c, st, ns) || *ns >= RC_CHAIN_MAX_STEPS)
            return false;
        st[(*ns)++] = (rc_nstep){ nd->op == OP_NEG ? N_NEG : nd->op == OP_ROUND ? N_ROUND : N_ABS, 0,
                                  nd->op == OP_NEG ? NC_NEG : nd->op == OP_ROUND ? NC_ROUND : NC_ABS, -1, 0, 0 };
        return true;
    case OP_ADD:
    case OP_SUB:
    case OP_MUL:
    case OP_DIV:
    case OP_MIN:
    case OP_MAX: {
        if (nd->a < 0 || nd->b < 0)
            return false;
        const rc_node *x = &pg->nodes[nd->a], *y = &pg->nodes[nd->b];
        const rc_node *leaf;
        uint8_t swap;
        uint32_t before = *ns;
        if (is_leaf(y) && chain_build(pg, nd->a, c, st, ns)) {
            leaf = y, swap = 0;
        } else if ((*ns = before, is_leaf(x)) && chain_build(pg, nd->b, c, st, ns)) {
            leaf = x, swap = 1;
        } else {
            return false;
        }
        if (*ns >= RC_CHAIN_MAX_STEPS)
            return false;
        if (nd->op == OP_ADD || nd->op == OP_MUL)
            swap = 0; /* a + b == b + a, bit for bit */
        st[(*ns)++] = (rc_nstep){ binop[nd->op], swap, (uint8_t)RC_NCODE(binop[nd->op], leaf->op == OP_SLOT, swap),
                                  leaf->op == OP_SLOT ? leaf->slot : -1, leaf->op == OP_CONST ? leaf->k : 0, 0 };
        return true;
    }
    case OP_CLAMP: {
        if (nd->b < 0 || nd->c < 0 || pg->nodes[nd->b].op != OP_CONST || pg->nodes[nd->c].op != OP_CONST ||
            !chain_build(pg, nd->a, c, st, ns) || *ns >= RC_CHAIN_MAX_STEPS)
            return false;
        st[(*ns)++] = (rc_nstep){ N_CLAMP, 0, NC_CLAMP, -1, pg->nodes[nd->b].k, pg->nodes[nd->c].k };
        return true;
    }
    default: return false;
    }
}

/* Gives node n (a numeric root) a chain when it is one; false on OOM. */
static bool chain_root(rc_program *pg, int32_t n, size_t *cap_steps, size_t *nsteps, size_t *cap_chains)
{
    if (n < 0 || pg->nchain[n] >= 0 || pg->nodes[n].type != RC_TY_NUM)
        return true;
    rc_nstep st[RC_CHAIN_MAX_STEPS];
    uint32_t ns = 0;
    rc_nchain c = { -1, 0, 0, 0 };
    if (!chain_build(pg, n, &c, st, &ns))
        return true; /* the tree walker stays */
    if (*nsteps + ns > *cap_steps) {
        size_t cap = (*cap_steps ? *cap_steps * 2 : 64) + ns;
        rc_nstep *v = rc_reallocarray(pg->nsteps, cap, sizeof *v);
        if (!v)
            return false;
        pg->nsteps = v;
        *cap_steps = cap;
    }
    if (pg->nnchains == *cap_chains) {
        size_t cap = *cap_chains ? *cap_chains * 2 : 32;
        rc_nchain *v = rc_reallocarray(pg->nchains, cap, sizeof *v);
        if (!v)
            return false;
        pg->nchains = v;
        *cap_chains = cap;
    }
    c.first = (uint32_t)*nsteps;
    c.n = ns;
    if (ns) /* a lone leaf has no steps, and maybe no step array yet */
        memcpy(pg->nsteps + *nsteps, st, ns * sizeof *st);
    *nsteps += ns;
    pg->nchain[n] = (int32_t)pg->nnchains;
    pg->nchains[pg->nnchains++] = c;
    return true;
}

static bool prepare_chains(rc_program *pg)
{
    pg->nchain = rc_arena_alloc(&pg->arena, (pg->nnodes ? pg->nnodes : 1) * sizeof *pg->nchain);
    if (!pg->nchain)
        return false;
    for (size_t i = 0; i < pg->nnodes; i++)
        pg->nchain[i] = -1;
    size_t cap_steps = 0, nsteps = 0, cap_chains = 0;
    bool ok = true;
    for (size_t i = 0; ok && i < pg->nrules; i++) {
        const rc_rule *r = &pg->rules[i];
        if (r->has_amount)
            ok = chain_root(pg, r->amin, &cap_steps, &nsteps, &cap_chains) &&
                 chain_root(pg, r->amax, &cap_steps, &nsteps, &cap_chains);
        ok = ok && chain_root(pg, r->rh, &cap_steps, &nsteps, &cap_chains) &&
             chain_root(pg, r->rs, &cap_steps, &nsteps, &cap_chains);
    }
    for (size_t i = 0; ok && i < pg->nderives; i++)
        if (pg->derives[i].type == RC_TY_NUM)
            ok = chain_root(pg, pg->derives[i].node, &cap_steps, &nsteps, &cap_chains);
    /* into the arena: the program frees nothing else */
    rc_nstep *steps = ok ? rc_arena_alloc(&pg->arena, (nsteps ? nsteps : 1) * sizeof *steps) : NULL;
    rc_nchain *chains = ok ? rc_arena_alloc(&pg->arena, (pg->nnchains ? pg->nnchains : 1) * sizeof *chains) : NULL;
    if (steps && chains) {
        if (nsteps)
            memcpy(steps, pg->nsteps, nsteps * sizeof *steps);
        if (pg->nnchains)
            memcpy(chains, pg->nchains, pg->nnchains * sizeof *chains);
    }
    rc_free(pg->nsteps);
    rc_free(pg->nchains);
    pg->nsteps = steps;
    pg->nchains = chains;
    return steps && chains;
}

static rc_val make_val(const rc_program *pg, int32_t n)
{
    if (n < 0)
        return (rc_val){ V_NONE, -1, 0 };
    int32_t c = pg->nchain[n];
    if (c < 0)
        return (rc_val){ V_TREE, n, 0 };
    const rc_nchain *ch = &pg->nchains[c];
    if (ch->n == 0)
        return ch->slot >= 0 ? (rc_val){ V_SLOT, ch->slot, 0 } : (rc_val){ V_K, -1, ch->k };
    const rc_nstep *st = &pg->nsteps[ch->first];
    if (ch->n == 1 && ch->slot >= 0 && st->op == N_MUL && st->slot < 0)
        return (rc_val){ V_MULK, ch->slot, st->k };
    return (rc_val){ V_CHAIN, c, 0 };
}

/* How every numeric root is read at evaluation: doses, recovery figures,
 * numeric derives. */
static bool prepare_vals(rc_program *pg)
{
    pg->dose = rc_arena_alloc(&pg->arena, (pg->nrules ? pg->nrules : 1) * sizeof *pg->dose);
    pg->dval = rc_arena_alloc(&pg->arena, (pg->nderives ? pg->nderives : 1) * sizeof *pg->dval);
    if (!pg->dose || !pg->dval)
        return false;
    for (size_t i = 0; i < pg->nderives; i++)
        pg->dval[i] = make_val(pg, pg->derives[i].type == RC_TY_NUM ? pg->derives[i].node : -1);
    for (size_t i = 0; i < pg->nrules; i++) {
        const rc_rule *r = &pg->rules[i];
        rc_dose *d = &pg->dose[i];
        memset(d, 0, sizeof *d);
        d->red_flag = r->red_flag;
        d->rh = make_val(pg, r->rh);
        d->rs = make_val(pg, r->rs);
        d->rcheck = (d->rh.kind != V_NONE && !(d->rh.kind == V_K && rc_recovery_ok(d->rh.k))) ||
                    (d->rs.kind != V_NONE && !(d->rs.kind == V_K && rc_recovery_ok(d->rs.k)));
        if (!r->has_amount)
            continue;
        d->kind = D_VAL;
        d->same = r->amax == r->amin;
        d->lo = make_val(pg, r->amin);
        d->hi = make_val(pg, r->amax);
        if (d->lo.kind == V_K && d->hi.kind == V_K && rc_dose_ok(d->lo.k, d->hi.k))
            d->kind = D_CONST;
    }
    return true;
}

bool rc_program_prepare(rc_program *pg)
{
    size_t nr = pg->nrules;
    pg->srules = rc_arena_alloc(&pg->arena, (nr ? nr : 1) * sizeof *pg->srules);
    pg->sstart = rc_arena_alloc(&pg->arena, (pg->nstrata + 1) * sizeof *pg->sstart);
    if (!pg->srules || !pg->sstart)
        return false;

    /* comparisons of a fact with a constant read both directly */
    for (size_t i = 0; i < pg->nnodes; i++) {
        rc_node *nd = &pg->nodes[i];
        if (nd->op != OP_CMP || nd->a < 0 || nd->b < 0)
            continue;
        const rc_node *x = &pg->nodes[nd->a], *y = &pg->nodes[nd->b];
        if (x->op == OP_SLOT && y->op == OP_CONST) {
            nd->pad = RC_CMP_SLOT_K;
            nd->slot = x->slot;
            nd->k = y->k;
        } else if (x->op == OP_CONST && y->op == OP_SLOT) {
            nd->pad = RC_CMP_K_SLOT;
            nd->slot = y->slot;
            nd->k = x->k;
        }
    }

    /* conditions: boolean derives and rule `when`s as jump code */
    if (!prepare_jumps(pg))
        return false;

    /* rules per stratum (rule 0, the built-in, is decided apart) */
    size_t k = 0;
    for (uint32_t s = 0; s < pg->nstrata; s++) {
        pg->sstart[s] = (uint32_t)k;
        for (size_t i = 1; i < nr; i++)
            if (pg->rules[i].stratum == s)
                pg->srules[k++] = (int32_t)i;
    }
    pg->sstart[pg->nstrata] = (uint32_t)k;

    /* suppressors in priority order, with their targets */
    size_t nsup = 0, nedge = 0;
    for (size_t i = 0; i < nr; i++) {
        const rc_rule *r = &pg->rules[i];
        size_t e = r->nsupp;
        if (r->supp_cats)
            for (size_t t = 1; t < nr; t++)
                if (t != i && (r->supp_cats & (1u << pg->rules[t].category)))
                    e++;
        if (e) {
            nsup++;
            nedge += e;
        }
    }
    pg->suppressors = rc_arena_alloc(&pg->arena, (nsup ? nsup : 1) * sizeof *pg->suppressors);
    pg->edges = rc_arena_alloc(&pg->arena, (nedge ? nedge : 1) * sizeof *pg->edges);
    if (!pg->suppressors || !pg->edges)
        return false;
    size_t si = 0, ei = 0;
    for (size_t q = 0; q < nr; q++) {
        int32_t i = pg->prio_order[q];
        const rc_rule *r = &pg->rules[i];
        size_t e0 = ei;
        for (uint32_t j = 0; j < r->nsupp; j++)
            pg->edges[ei++] = (rc_edge){ r->supp[j], RS_SUPPRESSED };
        if (r->supp_cats)
            for (size_t t = 1; t < nr; t++)
                if ((int32_t)t != i && (r->supp_cats & (1u << pg->rules[t].category)))
                    pg->edges[ei++] = (rc_edge){ (int32_t)t, RS_SUPPRESSED_CAT };
        if (ei > e0)
            pg->suppressors[si++] = (rc_suppressor){ i, (uint32_t)e0, (uint32_t)(ei - e0) };
    }
    pg->nsuppressors = si;

    /* group members per stratum, each in priority order; rules with
     * recovery figures */
    size_t ng = 0, nrec = 0;
    for (size_t i = 1; i < nr; i++) {
        ng += pg->rules[i].group >= 0;
        nrec += pg->rules[i].rh >= 0 || pg->rules[i].rs >= 0;
    }
    pg->grouped = rc_arena_alloc(&pg->arena, (ng ? ng : 1) * sizeof *pg->grouped);
    pg->grouped_in = rc_arena_alloc(&pg->arena, (ng ? ng : 1) * sizeof *pg->grouped_in);
    pg->gstart = rc_arena_alloc(&pg->arena, (pg->nstrata + 1) * sizeof *pg->gstart);
    pg->recovery = rc_arena_alloc(&pg->arena, (nrec ? nrec : 1) * sizeof *pg->recovery);
    if (!pg->grouped || !pg->grouped_in || !pg->gstart || !pg->recovery)
        return false;
    pg->ngrouped = pg->nrecovery = 0;
    for (uint32_t s = 0; s < pg->nstrata; s++) {
        pg->gstart[s] = (uint32_t)pg->ngrouped;
        for (size_t q = 0; q < nr; q++) {
            int32_t i = pg->prio_order[q];
            if (i > 0 && pg->rules[i].group >= 0 && pg->rules[i].stratum == s) {
                pg->grouped_in[pg->ngrouped] = pg->rules[i].group;
                pg->grouped[pg->ngrouped++] = i;
            }
        }
    }
    pg->gstart[pg->nstrata] = (uint32_t)pg->ngrouped;
    for (size_t i = 1; i < nr; i++)
        if (pg->rules[i].rh >= 0 || pg->rules[i].rs >= 0)
            pg->recovery[pg->nrecovery++] = (int32_t)i;

    /* ranks, so a plan lists its items and removed rules from bit sets */
    pg->item_rank = rc_arena_alloc(&pg->arena, (nr ? nr : 1) * sizeof *pg->item_rank);
    pg->prio_rank = rc_arena_alloc(&pg->arena, (nr ? nr : 1) * sizeof *pg->prio_rank);
    if (!pg->item_rank || !pg->prio_rank)
        return false;
    for (size_t q = 0; q < nr; q++) {
        pg->item_rank[pg->item_order[q]] = (int32_t)q;
        pg->prio_rank[pg->prio_order[q]] = (int32_t)q;
    }

    /* what an evaluation copies into the slots of load and ext facts
     * before it sets those it has */
    size_t nn = RC_BUILTIN_SLOTS - RC_L_FIRST + pg->next;
    pg->nans = rc_arena_alloc(&pg->arena, nn * sizeof *pg->nans);
    if (!pg->nans)
        return false;
    for (size_t i = 0; i < nn; i++)
        pg->nans[i] = NAN;

    /* what runcover_plan_read copies for each item */
    pg->views = rc_arena_alloc(&pg->arena, (nr ? nr : 1) * sizeof *pg->views);
    if (!pg->views)
        return false;
    for (size_t i = 0; i < nr; i++) {
        const rc_rule *r = &pg->rules[i];
        pg->views[i].v = (runcover_item_view){
            .size = sizeof(runcover_item_view),
            .id = r->id,
            .category = rc_category_names[r->category],
            .phase = rc_phase_item_names[r->phase],
            .title = r->title,
            .rule_index = i,
            .flags = (r->has_window ? RUNCOVER_VIEW_WINDOW : 0u) | (r->has_duration ? RUNCOVER_VIEW_DURATION : 0u) |
                     (r->has_amount ? RUNCOVER_VIEW_AMOUNT : 0u),
            .window_start_min = r->wstart,
            .window_end_min = r->wend,
            .duration_min = r->dmin,
            .duration_max = r->dmax,
            .amount_unit = r->unit,
        };
    }

    /* doses, recovery figures and numeric derives as chains */
    return prepare_chains(pg) && prepare_vals(pg) && rc_program_prepare_bits(pg);
}
