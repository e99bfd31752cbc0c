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
 *  - rule lists per fired() stratum, suppressors in priority order with
 *    their targets (category suppression expanded into rule lists), group
 *    members in priority order, and the rules that carry recovery figures.
 *
 * The tree walker (eval.c) stays the reference: explanations re-run it, and
 * tests/test_fast.c compares both on many generated inputs.
 */
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

    /* group members in priority order; rules with recovery figures */
    size_t ng = 0, nrec = 0;
    for (size_t i = 1; i < nr; i++) {
        ng += pg->rules[i].group >= 0;
        nrec += pg->rules[i].rh >= 0 || pg->rules[i].rs >= 0;
    }
    pg->grouped = rc_arena_alloc(&pg->arena, (ng ? ng : 1) * sizeof *pg->grouped);
    pg->recovery = rc_arena_alloc(&pg->arena, (nrec ? nrec : 1) * sizeof *pg->recovery);
    if (!pg->grouped || !pg->recovery)
        return false;
    pg->ngrouped = pg->nrecovery = 0;
    for (size_t q = 0; q < nr; q++) {
        int32_t i = pg->prio_order[q];
        if (i > 0 && pg->rules[i].group >= 0)
            pg->grouped[pg->ngrouped++] = i;
    }
    for (size_t i = 1; i < nr; i++)
        if (pg->rules[i].rh >= 0 || pg->rules[i].rs >= 0)
            pg->recovery[pg->nrecovery++] = (int32_t)i;
    return true;
}
