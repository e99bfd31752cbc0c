/*
 * fast.c — the evaluation plan a program is prepared with once, at load,
 * so that evaluating touches only flat arrays:
 *
 *  - atoms: every distinct elementary test of the rules' conditions (a fact
 *    slot compared with a constant, a flag, enum membership, set
 *    membership, presence; any other non-connective boolean subexpression
 *    becomes a "generic" atom evaluated by the tree walker). Each atom is
 *    computed once per evaluation into two bit vectors: true and false
 *    (neither = unknown);
 *  - conditions in disjunctive normal form over atom literals. Kleene's
 *    three-valued logic is a De Morgan algebra, so distributing AND over OR
 *    and pushing NOT to the atoms keeps true/false/unknown exactly (nothing
 *    is simplified with a ∧ ¬a = false, which does not hold for unknown).
 *    A condition whose normal form would grow past RC_DNF_MAX_CONJ
 *    conjunctions, or that reads fired(), keeps the tree walker;
 *  - rule lists per fired() stratum, suppressors in priority order with
 *    their targets (category suppression expanded into rule lists), group
 *    members in priority order, and the rules that carry recovery figures.
 *
 * The tree walker (eval.c) stays the reference: explanations re-run it,
 * and tests compare both on the same inputs.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "program.h"

#define RC_DNF_MAX_CONJ 32
#define RC_DNF_MAX_LITS 24

typedef struct lit_set {
    uint32_t n;
    uint32_t v[RC_DNF_MAX_LITS]; /* atom << 1 | negated, sorted, unique */
} lit_set;

typedef struct dnf {
    uint32_t n;
    bool overflow;
    lit_set c[RC_DNF_MAX_CONJ];
} dnf;

typedef struct prep {
    rc_program *pg;
    rc_atom *atoms;
    size_t natoms, cap;
    bool oom;
} prep;

static bool contains_fired(const rc_program *pg, int32_t n, int depth)
{
    if (n < 0 || depth > 200)
        return depth > 200;
    const rc_node *nd = &pg->nodes[n];
    if (nd->op == OP_FIRED)
        return true;
    return contains_fired(pg, nd->a, depth + 1) || contains_fired(pg, nd->b, depth + 1) ||
           contains_fired(pg, nd->c, depth + 1);
}

static bool same_atom(const rc_atom *x, const rc_atom *y)
{
    if (x->kind != y->kind)
        return false;
    switch (x->kind) {
    case RC_ATOM_CMP: return x->slot == y->slot && x->cmp == y->cmp && memcmp(&x->k, &y->k, sizeof x->k) == 0;
    case RC_ATOM_FLAG:
    case RC_ATOM_HAS: return x->slot == y->slot;
    case RC_ATOM_IN_MASK:
    case RC_ATOM_SET_HAS: return x->slot == y->slot && x->mask == y->mask;
    default: return x->node == y->node;
    }
}

/* Returns the atom index of boolean node n (a leaf test), adding it once. */
static int32_t atom_of(prep *P, int32_t n)
{
    const rc_node *nd = &P->pg->nodes[n];
    rc_atom a;
    memset(&a, 0, sizeof a);
    a.node = n;
    a.slot = nd->slot;
    switch ((rc_op)nd->op) {
    case OP_FLAG: a.kind = RC_ATOM_FLAG; break;
    case OP_HAS: a.kind = RC_ATOM_HAS; break;
    case OP_IN_MASK:
        a.kind = RC_ATOM_IN_MASK;
        a.mask = nd->mask;
        break;
    case OP_SET_HAS:
        a.kind = RC_ATOM_SET_HAS;
        a.mask = nd->mask;
        break;
    case OP_CMP: {
        const rc_node *x = &P->pg->nodes[nd->a], *y = &P->pg->nodes[nd->b];
        static const uint8_t flip[] = { CMP_EQ, CMP_NE, CMP_GT, CMP_GE, CMP_LT, CMP_LE };
        if (x->op == OP_SLOT && y->op == OP_CONST) {
            a.kind = RC_ATOM_CMP;
            a.slot = x->slot;
            a.cmp = nd->cmp;
            a.k = y->k;
        } else if (x->op == OP_CONST && y->op == OP_SLOT) {
            a.kind = RC_ATOM_CMP;
            a.slot = y->slot;
            a.cmp = flip[nd->cmp];
            a.k = x->k;
        } else {
            a.kind = RC_ATOM_GENERIC;
        }
        break;
    }
    default: a.kind = RC_ATOM_GENERIC; break;
    }
    if (a.kind == RC_ATOM_CMP && a.k != a.k) /* a NaN constant never compares: keep the walker's answer */
        a.kind = RC_ATOM_GENERIC;
    for (size_t i = 0; i < P->natoms; i++)
        if (same_atom(&P->atoms[i], &a))
            return (int32_t)i;
    if (P->natoms == P->cap) {
        size_t nc = P->cap ? P->cap * 2 : 64;
        rc_atom *v = rc_reallocarray(P->atoms, nc, sizeof *v);
        if (!v) {
            P->oom = true;
            return -1;
        }
        P->atoms = v;
        P->cap = nc;
    }
    P->atoms[P->natoms] = a;
    return (int32_t)P->natoms++;
}

static void lits_add(lit_set *s, uint32_t l, bool *overflow)
{
    uint32_t i = 0;
    while (i < s->n && s->v[i] < l)
        i++;
    if (i < s->n && s->v[i] == l)
        return;
    if (s->n == RC_DNF_MAX_LITS) {
        *overflow = true;
        return;
    }
    memmove(&s->v[i + 1], &s->v[i], (s->n - i) * sizeof s->v[0]);
    s->v[i] = l;
    s->n++;
}

/* d = DNF of node n (negated if neg). Uses the caller's scratch on the heap
 * for the AND product. */
static bool to_dnf(prep *P, int32_t n, bool neg, dnf *d, int depth)
{
    const rc_node *nd = &P->pg->nodes[n];
    d->n = 0;
    d->overflow = false;
    if (depth > RC_MAX_EXPR_DEPTH + 2)
        return false;
    rc_op op = (rc_op)nd->op;
    if (op == OP_NOT)
        return to_dnf(P, nd->a, !neg, d, depth + 1);
    if (op == OP_TRUE || op == OP_FALSE) {
        bool t = (op == OP_TRUE) != neg;
        if (t) { /* one empty conjunction: true */
            d->n = 1;
            d->c[0].n = 0;
        }
        return true;
    }
    if (op == OP_AND || op == OP_OR) {
        bool is_or = (op == OP_OR) != neg; /* De Morgan */
        dnf *x = rc_malloc(sizeof *x), *y = rc_malloc(sizeof *y);
        bool ok = x && y && to_dnf(P, nd->a, neg, x, depth + 1) && to_dnf(P, nd->b, neg, y, depth + 1);
        if (!x || !y)
            P->oom = true;
        if (ok && is_or) {
            if (x->n + y->n > RC_DNF_MAX_CONJ) {
                ok = false;
            } else {
                memcpy(d->c, x->c, x->n * sizeof x->c[0]);
                memcpy(d->c + x->n, y->c, y->n * sizeof y->c[0]);
                d->n = x->n + y->n;
            }
        } else if (ok) {
            if ((size_t)x->n * y->n > RC_DNF_MAX_CONJ) {
                ok = false;
            } else {
                for (uint32_t i = 0; i < x->n && ok; i++)
                    for (uint32_t j = 0; j < y->n && ok; j++) {
                        lit_set *c = &d->c[d->n++];
                        *c = x->c[i];
                        bool of = false;
                        for (uint32_t k = 0; k < y->c[j].n; k++)
                            lits_add(c, y->c[j].v[k], &of);
                        ok = !of;
                    }
            }
        }
        rc_free(x);
        rc_free(y);
        return ok;
    }
    int32_t a = atom_of(P, n);
    if (a < 0)
        return false;
    d->n = 1;
    d->c[0].n = 1;
    d->c[0].v[0] = (uint32_t)a << 1 | (neg ? 1u : 0u);
    return true;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int32_t derive_index(const rc_program *pg, int32_t slot)
{
    int64_t i = (int64_t)slot - RC_BUILTIN_SLOTS - (int64_t)pg->next;
    return i >= 0 && (size_t)i < pg->nderives ? (int32_t)i : -1;
}

/* The last derive an atom reads (-1: none): it is computed right after it. */
static int32_t atom_key(const rc_program *pg, int32_t n, int depth)
{
    if (n < 0)
        return -1;
    if (depth > RC_MAX_EXPR_NODES) /* cannot happen (nodes per expression); be safe: after every derive */
        return (int32_t)pg->nderives - 1;
    const rc_node *nd = &pg->nodes[n];
    int32_t k = -1;
    switch ((rc_op)nd->op) {
    case OP_SLOT:
    case OP_FLAG:
    case OP_HAS:
    case OP_IN_MASK:
    case OP_SET_HAS: k = derive_index(pg, nd->slot); break;
    default: break;
    }
    int32_t a = atom_key(pg, nd->a, depth + 1), b = atom_key(pg, nd->b, depth + 1), c = atom_key(pg, nd->c, depth + 1);
    if (a > k)
        k = a;
    if (b > k)
        k = b;
    return c > k ? c : k;
}

typedef struct target {
    rc_rule_fast *out;
    uint32_t first, n; /* into the lit_set pool; n == UINT32_MAX: no normal form */
} target;

static bool prepare_conditions(prep *P)
{
    rc_program *pg = P->pg;
    size_t nr = pg->nrules, nt = pg->nderives + nr;
    pg->dfast = rc_arena_alloc(&pg->arena, (pg->nderives ? pg->nderives : 1) * sizeof *pg->dfast);
    pg->astart = rc_arena_alloc(&pg->arena, (pg->nderives + 2) * sizeof *pg->astart);
    target *t = rc_calloc(nt, sizeof *t);
    dnf *d = rc_malloc(sizeof *d);
    lit_set *pool = NULL;
    size_t npool = 0, cappool = 0;
    uint32_t *remap = NULL;
    int32_t *key = NULL;
    rc_cword *words = NULL;
    size_t nwords = 0;
    rc_conj *conj = NULL;
    bool ok = pg->dfast && pg->astart && t && d;

    /* pass 1: normal forms with provisional atom numbers */
    for (size_t i = 0; ok && i < nt; i++) {
        int32_t node;
        if (i < pg->nderives) {
            t[i].out = &pg->dfast[i];
            node = pg->derives[i].type == RC_TY_BOOL ? pg->derives[i].node : -1;
        } else {
            t[i].out = &pg->fast[i - pg->nderives];
            node = i == pg->nderives ? -1 : pg->rules[i - pg->nderives].when;
        }
        t[i].n = UINT32_MAX;
        if (node < 0 || contains_fired(pg, node, 0) || !to_dnf(P, node, false, d, 0)) {
            ok = !P->oom;
            continue;
        }
        if (npool + d->n > cappool) {
            size_t nc = cappool ? cappool * 2 : 64;
            while (nc < npool + d->n)
                nc *= 2;
            lit_set *v = rc_reallocarray(pool, nc, sizeof *v);
            if (!v) {
                ok = false;
                break;
            }
            pool = v;
            cappool = nc;
        }
        memcpy(pool + npool, d->c, d->n * sizeof *d->c);
        t[i].first = (uint32_t)npool;
        t[i].n = d->n;
        npool += d->n;
    }

    /* atoms in the order they can be computed: after the derives they read */
    size_t na = P->natoms;
    if (ok) {
        remap = rc_calloc(na ? na : 1, sizeof *remap);
        key = rc_calloc(na ? na : 1, sizeof *key);
        ok = remap && key;
    }
    if (ok) {
        for (size_t a = 0; a < na; a++)
            key[a] = atom_key(pg, P->atoms[a].node, 0);
        rc_atom *sorted = rc_arena_alloc(&pg->arena, (na ? na : 1) * sizeof *sorted);
        ok = sorted != NULL;
        size_t k = 0;
        for (int32_t g = -1; ok && g < (int32_t)pg->nderives; g++) {
            pg->astart[g + 1] = (uint32_t)k;
            for (size_t a = 0; a < na; a++)
                if (key[a] == g) {
                    remap[a] = (uint32_t)k;
                    sorted[k++] = P->atoms[a];
                }
        }
        pg->astart[pg->nderives + 1] = (uint32_t)k;
        pg->atoms = sorted;
        pg->natoms = na;
        pg->atom_words = (na + 63) / 64;
    }

    /* pass 2: masks with final atom numbers */
    if (ok) {
        size_t nlit = 0;
        for (size_t c = 0; c < npool; c++)
            nlit += pool[c].n;
        words = rc_arena_alloc(&pg->arena, (nlit ? nlit : 1) * sizeof *words);
        conj = rc_arena_alloc(&pg->arena, (npool ? npool : 1) * sizeof *conj);
        ok = words && conj;
    }
    for (size_t i = 0; ok && i < nt; i++) {
        t[i].out->conj = t[i].n == UINT32_MAX ? UINT32_MAX : t[i].first;
        t[i].out->nconj = t[i].n == UINT32_MAX ? 0 : t[i].n;
        for (uint32_t c = 0; t[i].n != UINT32_MAX && c < t[i].n; c++) {
            lit_set *ls = &pool[t[i].first + c];
            for (uint32_t k = 0; k < ls->n; k++)
                ls->v[k] = remap[ls->v[k] >> 1] << 1 | (ls->v[k] & 1u);
            qsort(ls->v, ls->n, sizeof ls->v[0], cmp_u32); /* by atom, so by word */
            size_t first = nwords;
            for (uint32_t k = 0; k < ls->n; k++) {
                uint32_t atom = ls->v[k] >> 1, w = atom >> 6;
                if (nwords == first || words[nwords - 1].word != w)
                    words[nwords++] = (rc_cword){ w, 0, 0 };
                uint64_t bit = UINT64_C(1) << (atom & 63);
                if (ls->v[k] & 1u)
                    words[nwords - 1].need_f |= bit;
                else
                    words[nwords - 1].need_t |= bit;
            }
            conj[t[i].first + c] = (rc_conj){ (uint32_t)first, (uint32_t)(nwords - first) };
        }
    }
    if (ok) {
        pg->conj = conj;
        pg->cwords = words;
    }
    rc_free(t);
    rc_free(d);
    rc_free(pool);
    rc_free(remap);
    rc_free(key);
    if (!ok)
        P->oom = true;
    return ok;
}

bool rc_program_prepare(rc_program *pg)
{
    prep P = { pg, NULL, 0, 0, false };
    size_t nr = pg->nrules;
    pg->fast = rc_arena_alloc(&pg->arena, nr * sizeof *pg->fast);
    pg->srules = rc_arena_alloc(&pg->arena, (nr ? nr : 1) * sizeof *pg->srules);
    pg->sstart = rc_arena_alloc(&pg->arena, (pg->nstrata + 1) * sizeof *pg->sstart);
    if (!pg->fast || !pg->srules || !pg->sstart)
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

    /* conditions: boolean derives and rule `when`s in normal form */
    bool ok = prepare_conditions(&P);
    rc_free(P.atoms);
    if (!ok || P.oom)
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
