/*
 * bits.c — the bit program: a second, faster way to decide a plan, used
 * when every fact a condition reads is present.
 *
 * With no fact absent, no condition can be unknown, and three-valued logic
 * becomes plain boolean logic. Then:
 *
 *  - every distinct atomic test (a fact against a constant, an enum or set
 *    membership, has(), a boolean derive, fired()) is one bit of a 64-bit
 *    atom word, computed once per evaluation without a branch (`x < k` is
 *    the complement of `x >= k`, `x != k` of `x == k`, a flag of `x == 0`:
 *    they share bits): the comparisons from flat slot and constant arrays,
 *    two at a time where SSE2 is there; enum membership as one table
 *    lookup per enum slot (rc_benum);
 *  - every condition is a disjunction of at most RC_BITS_MAX_TERMS terms,
 *    each term a pair of masks (a conjunction of atoms and negated atoms):
 *    it holds when ((A ^ want) & care) == 0. A stratum's terms of at most
 *    one atom become nibble tables (the rules whose such a term holds are
 *    the union of one entry per nibble of the atom word), a derive's two
 *    masks (pos, neg);
 *  - rules are bits of a 64-bit word in item order, so a stratum's
 *    candidates, the red-flag filter, suppression and exclusive groups
 *    are masks, and the plan's items are listed from its bits;
 *  - a dose with a computed bound is a straight run of steps (the fast.c
 *    chain's operations, in the same order, so the same bits; a constant
 *    times a fact is one step, fused with the end of its bound), all of a
 *    stratum's run in one call with one indirect jump per step; a step
 *    drops its finiteness check where nothing after it could turn
 *    infinity finite again (the dose check refuses the non-finite bound as
 *    it would the NaN). Constant bounds, checked at load, are written into
 *    a plan once per program (eval.c), so their rules cost nothing here.
 *
 * The program is prepared when it fits: at most 64 rules besides the
 * built-in one, 64 atoms, derives and fired() targets together, conditions
 * with small normal forms and no comparison between two computed values.
 * Otherwise, and at evaluation whenever a fact a condition reads is absent
 * (or a numeric derive is unusable), evaluation takes the three-valued
 * jump code (fast.c, eval.c), which decides every case. Both give the same
 * plan: tests/test_fast.c compares them on generated inputs.
 */
#include <string.h>

#include "arena.h"
#include "program.h"

typedef struct term {
    uint64_t want, care;
} term;

typedef struct dnf {
    uint32_t n;
    term t[RC_BITS_MAX_TERMS];
} dnf;

enum { BK_DERIVE = BA_KINDS, BK_FIRED };

/* Work allowed to the normal forms of one program, in term operations:
 * `==` between conditions builds each side twice (as is and negated), so
 * nested `==` would double the work per level; past this, the program
 * keeps the jump code alone. The benchmark set takes 190, a default
 * protocol on its own under 400; 50,000 bounds a hostile file's load to a
 * few milliseconds (about 0.1 s under ASan and libFuzzer's coverage). */
#define RC_BITS_BUDGET 50000

typedef struct bb {
    const rc_program *pg;
    unsigned long work;     /* term operations so far */
    uint32_t nbits;         /* provisional bits handed out */
    uint8_t kind[64];       /* BA_*, BK_DERIVE, BK_FIRED */
    rc_batom atom[64];      /* BA_* */
    int32_t ref[64];        /* BK_DERIVE: derive index; BK_FIRED: rule */
    int32_t *dbit;          /* per derive: provisional bit of a boolean derive, or -1 */
    int32_t *slot_derive;   /* per slot: the derive computed into it, or -1 */
    int32_t cur_derive;     /* the derive being built (it may read only earlier ones), or -1 */
    bool fail;
} bb;

static int32_t bit_for(bb *B, uint8_t kind, int32_t slot, double k, uint64_t mask, int32_t ref)
{
    for (uint32_t i = 0; i < B->nbits; i++) {
        if (B->kind[i] != kind)
            continue;
        if (kind >= BA_KINDS ? B->ref[i] == ref
                             : B->atom[i].slot == slot && B->atom[i].k == k && B->atom[i].mask == mask)
            return (int32_t)i;
    }
    if (B->nbits == 64) {
        B->fail = true;
        return -1;
    }
    uint32_t i = B->nbits++;
    B->kind[i] = kind;
    B->atom[i] = (rc_batom){ slot, k, mask };
    B->ref[i] = ref;
    return (int32_t)i;
}

static void lit(dnf *out, int32_t bit, bool value)
{
    uint64_t m = UINT64_C(1) << bit;
    out->n = 1;
    out->t[0] = (term){ value ? m : 0, m };
}

static void add_term(bb *B, dnf *out, term t)
{
    B->work += out->n + 1;
    for (uint32_t i = 0; i < out->n; i++)
        if (out->t[i].want == t.want && out->t[i].care == t.care)
            return;
    if (out->n == RC_BITS_MAX_TERMS) {
        B->fail = true;
        return;
    }
    out->t[out->n++] = t;
}

static void either(bb *B, dnf *out, const dnf *x, const dnf *y)
{
    out->n = 0;
    for (uint32_t i = 0; i < x->n; i++)
        add_term(B, out, x->t[i]);
    for (uint32_t i = 0; i < y->n; i++)
        add_term(B, out, y->t[i]);
}

static void both(bb *B, dnf *out, const dnf *x, const dnf *y)
{
    out->n = 0;
    B->work += x->n * y->n;
    for (uint32_t i = 0; i < x->n; i++)
        for (uint32_t j = 0; j < y->n; j++) {
            const term *a = &x->t[i], *b = &y->t[j];
            uint64_t common = a->care & b->care;
            if ((a->want ^ b->want) & common)
                continue; /* x and not x */
            add_term(B, out, (term){ a->want | b->want, a->care | b->care });
        }
}

static int32_t derive_of_slot(const bb *B, int32_t slot)
{
    return slot >= 0 && (size_t)slot < B->pg->nslots ? B->slot_derive[slot] : -1;
}

/* n normal forms of scratch space for one node's operands (on the heap:
 * the recursion may be RC_MAX_EXPR_DEPTH * 2 deep); NULL, and the program
 * keeps the jump code alone, when out of memory. */
static dnf *scratch(bb *B, size_t n)
{
    dnf *x = rc_malloc(n * sizeof *x);
    if (!x)
        B->fail = true;
    return x;
}

/* The normal form of boolean node n (negated when `neg`) into *out. */
static void build(bb *B, int32_t n, bool neg, dnf *out, int depth)
{
    out->n = 0;
    if (B->fail || n < 0 || depth > RC_MAX_EXPR_DEPTH * 2 || ++B->work > RC_BITS_BUDGET) {
        B->fail = true;
        return;
    }
    const rc_program *pg = B->pg;
    const rc_node *nd = &pg->nodes[n];
    int32_t bit;
    switch ((rc_op)nd->op) {
    case OP_TRUE:
    case OP_FALSE:
        if ((nd->op == OP_TRUE) != neg)
            out->t[out->n++] = (term){ 0, 0 };
        return;
    case OP_NOT: build(B, nd->a, !neg, out, depth + 1); return;
    case OP_AND:
    case OP_OR: {
        dnf *x = scratch(B, 2);
        if (!x)
            return;
        build(B, nd->a, neg, &x[0], depth + 1);
        build(B, nd->b, neg, &x[1], depth + 1);
        if ((nd->op == OP_AND) != neg)
            both(B, out, &x[0], &x[1]);
        else
            either(B, out, &x[0], &x[1]);
        rc_free(x);
        return;
    }
    case OP_BEQ: {
        /* a == b: (a and b) or (not a and not b); != is the other pairing */
        dnf *x = scratch(B, 6);
        if (!x)
            return;
        build(B, nd->a, false, &x[0], depth + 1);
        build(B, nd->a, true, &x[1], depth + 1);
        build(B, nd->b, false, &x[2], depth + 1);
        build(B, nd->b, true, &x[3], depth + 1);
        bool ne = (nd->cmp == CMP_NE) != neg;
        both(B, &x[4], &x[0], ne ? &x[3] : &x[2]);
        both(B, &x[5], &x[1], ne ? &x[2] : &x[3]);
        either(B, out, &x[4], &x[5]);
        rc_free(x);
        return;
    }
    case OP_FLAG: {
        int32_t d = derive_of_slot(B, nd->slot);
        if (d >= 0) {
            /* a boolean derive: its own bit, if it is computed before */
            if (B->dbit[d] < 0 || (B->cur_derive >= 0 && d >= B->cur_derive)) {
                B->fail = true;
                return;
            }
            lit(out, B->dbit[d], !neg);
            return;
        }
        bit = bit_for(B, BA_EQ, nd->slot, 0, 0, -1); /* a flag holds when it is not 0 */
        if (bit >= 0)
            lit(out, bit, neg);
        return;
    }
    case OP_HAS:
        if (derive_of_slot(B, nd->slot) >= 0 && pg->derives[derive_of_slot(B, nd->slot)].type == RC_TY_BOOL) {
            if (!neg) /* a boolean derive is never absent here */
                out->t[out->n++] = (term){ 0, 0 };
            return;
        }
        bit = bit_for(B, BA_HAS, nd->slot, 0, 0, -1);
        if (bit >= 0)
            lit(out, bit, !neg);
        return;
    case OP_IN_MASK:
    case OP_SET_HAS:
        bit = bit_for(B, nd->op == OP_IN_MASK ? BA_IN : BA_SET, nd->slot, 0, nd->mask, -1);
        if (bit >= 0)
            lit(out, bit, !neg);
        return;
    case OP_FIRED:
        if (nd->slot <= 0) {
            B->fail = true;
            return;
        }
        bit = bit_for(B, BK_FIRED, -1, 0, 0, nd->slot);
        if (bit >= 0)
            lit(out, bit, !neg);
        return;
    case OP_CMP: {
        if (nd->pad == RC_CMP_GENERIC || nd->k != nd->k) {
            B->fail = true;
            return;
        }
        /* as x OP k: x < k is not x >= k, x > k is not x <= k, != is not == */
        static const uint8_t flipped[] = { CMP_EQ, CMP_NE, CMP_GT, CMP_GE, CMP_LT, CMP_LE };
        uint8_t c = nd->pad == RC_CMP_SLOT_K ? nd->cmp : flipped[nd->cmp];
        uint8_t kind = c == CMP_EQ || c == CMP_NE ? BA_EQ : c == CMP_GE || c == CMP_LT ? BA_GE : BA_LE;
        bool positive = c == CMP_EQ || c == CMP_GE || c == CMP_LE;
        bit = bit_for(B, kind, nd->slot, nd->k, 0, -1);
        if (bit >= 0)
            lit(out, bit, positive != neg);
        return;
    }
    default: B->fail = true; return;
    }
}

static uint64_t remap(uint64_t x, const uint8_t *to)
{
    uint64_t y = 0;
    for (unsigned i = 0; i < 64; i++)
        if ((x >> i) & 1u)
            y |= UINT64_C(1) << to[i];
    return y;
}

/* ---- doses ---- */

typedef struct dbuf {
    rc_dstep *v;
    size_t n, cap;
    bool oom;
} dbuf;

static void dput(dbuf *D, uint32_t op, int32_t slot, double k, double k2)
{
    if (D->n == D->cap) {
        size_t cap = D->cap ? D->cap * 2 : 64;
        rc_dstep *v = rc_reallocarray(D->v, cap, sizeof *v);
        if (!v) {
            D->oom = true;
            return;
        }
        D->v = v;
        D->cap = cap;
    }
    D->v[D->n++] = (rc_dstep){ op, slot, k, k2 };
}

/* The steps that leave value x in y. */
static void dval(dbuf *D, const rc_program *pg, const rc_val *x)
{
    switch (x->kind) {
    case V_K: dput(D, DC_K, -1, x->k, 0); return;
    case V_SLOT: dput(D, DC_S, x->idx, 0, 0); return;
    case V_MULK:
        dput(D, DC_S, x->idx, 0, 0);
        dput(D, DC_MULK, -1, x->k, 0);
        return;
    case V_CHAIN: {
        const rc_nchain *c = &pg->nchains[x->idx];
        if (c->slot >= 0)
            dput(D, DC_S, c->slot, 0, 0);
        else
            dput(D, DC_K, -1, c->k, 0);
        for (const rc_nstep *st = pg->nsteps + c->first, *end = st + c->n; st < end; st++) {
            bool s = st->slot >= 0, w = st->swap;
            uint32_t op;
            switch (st->op) {
            case N_NEG: op = DC_NEG; break;
            case N_ROUND: op = DC_ROUND; break;
            case N_ABS: op = DC_ABS; break;
            case N_CLAMP: op = DC_CLAMP; break;
            case N_ADD: op = s ? DC_ADDS : DC_ADDK; break;
            case N_MUL: op = s ? DC_MULS : DC_MULK; break;
            case N_SUB: op = s ? (w ? DC_SSUB : DC_SUBS) : (w ? DC_KSUB : DC_SUBK); break;
            case N_DIV: op = s ? (w ? DC_SDIV : DC_DIVS) : (w ? DC_KDIV : DC_DIVK); break;
            case N_MIN: op = s ? (w ? DC_SMIN : DC_MINS) : (w ? DC_KMIN : DC_MINK); break;
            default: op = s ? (w ? DC_SMAX : DC_MAXS) : (w ? DC_KMAX : DC_MAXK); break;
            }
            dput(D, op, st->slot, st->k, st->k2);
        }
        return;
    }
    default: dput(D, DC_TREE, x->idx, 0, 0); return;
    }
}

/* Steps [from, D->n) are one bound. A step's finiteness check can go when
 * nothing after it can make a non-finite value finite again: +, -, ×, ÷ by
 * a constant or fact, negation, abs and round keep infinity or NaN
 * non-finite, and the dose check at the end refuses a non-finite bound, as
 * it refuses the NaN the check would have made. min, max, clamp, a division
 * by the running value and a tree can turn infinity finite: steps before
 * them keep the check. */
static void drop_checks(dbuf *D, size_t from)
{
    if (D->oom)
        return;
    bool breaker = false;
    for (size_t i = D->n; i-- > from;) {
        uint32_t op = D->v[i].op;
        if (!breaker) {
            static const struct {
                uint32_t op, nf;
            } map[] = { { DC_ADDK, DC_ADDK_NF }, { DC_SUBK, DC_SUBK_NF }, { DC_KSUB, DC_KSUB_NF },
                        { DC_MULK, DC_MULK_NF }, { DC_DIVK, DC_DIVK_NF }, { DC_ADDS, DC_ADDS_NF },
                        { DC_SUBS, DC_SUBS_NF }, { DC_SSUB, DC_SSUB_NF }, { DC_MULS, DC_MULS_NF },
                        { DC_DIVS, DC_DIVS_NF } };
            for (size_t k = 0; k < sizeof map / sizeof map[0]; k++)
                if (map[k].op == op)
                    D->v[i].op = map[k].nf;
        }
        if (op == DC_MINK || op == DC_KMIN || op == DC_MAXK || op == DC_KMAX || op == DC_MINS || op == DC_SMIN ||
            op == DC_MAXS || op == DC_SMAX || op == DC_CLAMP || op == DC_KDIV || op == DC_SDIV || op == DC_TREE)
            breaker = true;
    }
}

/* Fuses the steps of the dose [from, D->n): a constant times a fact
 * (either order: the product is the same bits) into one step, and that
 * step with the LO or END after it. Each fused step computes what its
 * parts did, in the same order. */
static void fuse(dbuf *D, size_t from)
{
    if (D->oom)
        return;
    rc_dstep *v = D->v;
    size_t w = from;
    for (size_t r = from; r < D->n; r++) {
        rc_dstep d = v[r];
        if (r + 1 < D->n && ((d.op == DC_K && (v[r + 1].op == DC_MULS || v[r + 1].op == DC_MULS_NF)) ||
                             (d.op == DC_S && v[r + 1].op == DC_MULK_NF))) {
            bool nf = v[r + 1].op != DC_MULS;
            d = d.op == DC_K ? (rc_dstep){ nf ? DC_KMULS_NF : DC_KMULS, v[r + 1].slot, d.k, 0 }
                             : (rc_dstep){ DC_KMULS_NF, d.slot, v[r + 1].k, 0 };
            r++;
            if (nf && r + 1 < D->n && (v[r + 1].op == DC_LO || v[r + 1].op == DC_END)) {
                d.op = v[r + 1].op == DC_LO ? DC_KMULS_NF_LO : DC_KMULS_NF_END;
                r++;
            }
        }
        v[w++] = d;
    }
    D->n = w;
}

/* Every rule's dose, by rule bit; false when out of memory. */
static bool prepare_doses(rc_program *pg, rc_bits *bt, uint32_t nrb)
{
    dbuf D = { NULL, 0, 0, false };
    for (uint32_t b = 0; b < nrb; b++) {
        const rc_dose *d = &pg->dose[bt->rule[b]];
        bt->dstart[b] = (uint32_t)D.n;
        if (d->rcheck)
            bt->rchecked |= UINT64_C(1) << b;
        if (d->kind == D_VAL) {
            bt->computed |= UINT64_C(1) << b;
            size_t start = D.n, from = D.n;
            dval(&D, pg, &d->lo);
            drop_checks(&D, from);
            if (d->same) {
                dput(&D, DC_SAME, -1, 0, 0);
            } else {
                dput(&D, DC_LO, -1, 0, 0);
                from = D.n;
                dval(&D, pg, &d->hi);
                drop_checks(&D, from);
            }
            dput(&D, DC_END, -1, 0, 0);
            fuse(&D, start);
        }
    }
    bt->dcode = D.oom ? NULL : rc_arena_alloc(&pg->arena, (D.n ? D.n : 1) * sizeof *bt->dcode);
    if (bt->dcode && D.n)
        memcpy(bt->dcode, D.v, D.n * sizeof *bt->dcode);
    rc_free(D.v);
    return bt->dcode != NULL;
}

bool rc_program_prepare_bits(rc_program *pg)
{
    pg->bits = NULL;
    size_t nr = pg->nrules;
    if (nr < 2 || nr - 1 > 64)
        return true;
    bb B;
    memset(&B, 0, sizeof B);
    B.pg = pg;
    B.cur_derive = -1;
    B.dbit = rc_malloc((pg->nderives ? pg->nderives : 1) * sizeof *B.dbit);
    dnf *forms = rc_calloc(pg->nderives + nr, sizeof *forms); /* derives, then rules */
    B.slot_derive = rc_malloc((pg->nslots ? pg->nslots : 1) * sizeof *B.slot_derive);
    bool ok = B.dbit && forms && B.slot_derive;
    if (!ok)
        goto out;
    for (size_t i = 0; i < pg->nslots; i++)
        B.slot_derive[i] = -1;
    for (size_t i = 0; i < pg->nderives; i++) {
        B.dbit[i] = -1;
        if (pg->derives[i].slot >= 0 && (size_t)pg->derives[i].slot < pg->nslots)
            B.slot_derive[pg->derives[i].slot] = (int32_t)i;
    }

    /* the normal forms, with provisional bits */
    for (size_t i = 0; i < pg->nderives && !B.fail; i++) {
        if (pg->derives[i].type != RC_TY_BOOL)
            continue;
        B.cur_derive = (int32_t)i;
        build(&B, pg->derives[i].node, false, &forms[i], 0);
        B.dbit[i] = bit_for(&B, BK_DERIVE, -1, 0, 0, (int32_t)i);
    }
    B.cur_derive = -1;
    for (size_t i = 1; i < nr && !B.fail; i++)
        build(&B, pg->rules[i].when, false, &forms[pg->nderives + i], 0);
    if (B.fail)
        goto out; /* does not fit: the jump code decides every plan */

    /* final bits: atoms by kind, then derives, then fired() */
    uint8_t to[64];
    uint32_t nb = 0, kind_end[BA_KINDS];
    for (uint8_t k = 0; k <= BK_FIRED; k++) {
        for (uint32_t i = 0; i < B.nbits; i++)
            if (B.kind[i] == k)
                to[i] = (uint8_t)nb++;
        if (k < BA_KINDS)
            kind_end[k] = nb;
    }

    /* rule bits in item order: a plan lists its items from its bits */
    int32_t rbit_of[64 + 1];
    rc_bits *bt = rc_arena_alloc(&pg->arena, sizeof *bt);
    if (!bt) {
        ok = false;
        goto out;
    }
    uint32_t nrb = 0;
    for (size_t q = 0; q < nr; q++) {
        int32_t i = pg->item_order[q];
        if (i == 0)
            continue;
        bt->rule[nrb] = i;
        bt->prank[nrb] = (uint32_t)pg->prio_rank[i];
        if (pg->item_rank[i] < pg->item_rank[0])
            bt->before0 |= UINT64_C(1) << nrb;
        rbit_of[i - 1] = (int32_t)nrb++;
    }
#define RB(i) (UINT64_C(1) << rbit_of[(i) - 1])

    /* atoms and the slots they need present */
    uint32_t natoms = kind_end[BA_KINDS - 1];
    bt->atoms = rc_arena_alloc(&pg->arena, (natoms ? natoms : 1) * sizeof *bt->atoms);
    bt->nanslots = rc_arena_alloc(&pg->arena, (natoms ? natoms : 1) * sizeof *bt->nanslots);
    if (!bt->atoms || !bt->nanslots) {
        ok = false;
        goto out;
    }
    memcpy(bt->kind_end, kind_end, sizeof kind_end);
    for (uint32_t i = 0; i < B.nbits; i++) {
        if (B.kind[i] >= BA_KINDS)
            continue;
        bt->atoms[to[i]] = B.atom[i];
        if (B.kind[i] != BA_IN && B.kind[i] != BA_SET)
            continue; /* the comparisons see NaN themselves (eval.c) */
        bool seen = false;
        for (uint32_t k = 0; k < bt->nnan; k++)
            seen |= bt->nanslots[k] == B.atom[i].slot;
        if (!seen)
            bt->nanslots[bt->nnan++] = B.atom[i].slot;
    }

    /* comparison atoms as flat arrays, read two at a time (eval.c) */
    uint32_t ncmp = kind_end[BA_EQ];
    bt->cslot = rc_arena_alloc(&pg->arena, (ncmp ? ncmp : 1) * sizeof *bt->cslot);
    bt->ck = rc_arena_alloc(&pg->arena, (ncmp ? ncmp : 1) * sizeof *bt->ck);
    if (!bt->cslot || !bt->ck) {
        ok = false;
        goto out;
    }
    for (uint32_t i = 0; i < ncmp; i++) {
        bt->cslot[i] = bt->atoms[i].slot;
        bt->ck[i] = bt->atoms[i].k;
    }

    /* membership atoms: a table per enum slot */
    uint32_t in0 = kind_end[BA_EQ], in1 = kind_end[BA_IN];
    bt->enums = rc_arena_alloc(&pg->arena, (in1 > in0 ? in1 - in0 : 1) * sizeof *bt->enums);
    if (!bt->enums) {
        ok = false;
        goto out;
    }
    for (uint32_t i = in0; i < in1; i++) {
        rc_benum *e = bt->enums;
        while (e < bt->enums + bt->nenum && e->slot != bt->atoms[i].slot)
            e++;
        if (e == bt->enums + bt->nenum) {
            bt->nenum++;
            e->slot = bt->atoms[i].slot;
            memset(e->tab, 0, sizeof e->tab);
        }
        for (unsigned x = 0; x < 64; x++)
            if ((bt->atoms[i].mask >> x) & 1u)
                e->tab[x] |= UINT64_C(1) << (i - in0);
    }

    /* derives */
    size_t nterms = 0, ndterms = 0, nder = 0, nnum = 0;
    for (size_t i = 0; i < pg->nderives; i++) {
        if (pg->derives[i].type == RC_TY_BOOL) {
            nder++;
            ndterms += forms[i].n;
        } else {
            nnum++;
        }
    }
    for (size_t i = 1; i < nr; i++)
        nterms += forms[pg->nderives + i].n;
    bt->der = rc_arena_alloc(&pg->arena, (nder ? nder : 1) * sizeof *bt->der);
    bt->dterms = rc_arena_alloc(&pg->arena, (ndterms ? ndterms : 1) * sizeof *bt->dterms);
    bt->numderive = rc_arena_alloc(&pg->arena, (nnum ? nnum : 1) * sizeof *bt->numderive);
    bt->terms = rc_arena_alloc(&pg->arena, (nterms ? nterms : 1) * sizeof *bt->terms);
    bt->tstart = rc_arena_alloc(&pg->arena, (pg->nstrata + 1) * sizeof *bt->tstart);
    bt->gstart = rc_arena_alloc(&pg->arena, (pg->nstrata + 1) * sizeof *bt->gstart);
    bt->gmask = rc_arena_alloc(&pg->arena, (pg->ngroups ? pg->ngroups : 1) * sizeof *bt->gmask);
    bt->gfirst = rc_arena_alloc(&pg->arena, (pg->ngroups + 1) * sizeof *bt->gfirst);
    bt->gmem = rc_arena_alloc(&pg->arena, (pg->ngrouped ? pg->ngrouped : 1) * sizeof *bt->gmem);
    bt->fired = rc_arena_alloc(&pg->arena, 64 * sizeof *bt->fired);
    bt->supp = rc_arena_alloc(&pg->arena, (pg->nsuppressors ? pg->nsuppressors : 1) * sizeof *bt->supp);
    if (!bt->der || !bt->dterms || !bt->numderive || !bt->terms || !bt->tstart || !bt->gstart || !bt->gmask || !bt->gfirst || !bt->gmem ||
        !bt->fired || !bt->supp) {
        ok = false;
        goto out;
    }
    ndterms = 0;
    for (size_t i = 0; i < pg->nderives; i++) {
        if (pg->derives[i].type != RC_TY_BOOL) {
            bt->numderive[bt->nnumderive++] = (int32_t)i;
            continue;
        }
        rc_bderive *d = &bt->der[bt->nder++];
        d->slot = pg->derives[i].slot;
        d->bit = to[B.dbit[i]];
        d->first = (uint32_t)ndterms;
        d->pos = d->neg = 0;
        for (uint32_t k = 0; k < forms[i].n; k++) {
            uint64_t want = remap(forms[i].t[k].want, to), care = remap(forms[i].t[k].care, to);
            if (care & (care - 1))
                bt->dterms[ndterms++] = (rc_bterm){ want, care, 0 };
            else if (!care)
                d->pos = d->neg = ~UINT64_C(0);
            else if (want & care)
                d->pos |= care;
            else
                d->neg |= care;
        }
        d->n = (uint32_t)ndterms - d->first;
    }
    for (uint32_t i = 0; i < B.nbits; i++)
        if (B.kind[i] == BK_FIRED)
            bt->fired[bt->nfired++] = (rc_bfired){ UINT64_C(1) << to[i], (uint32_t)rbit_of[B.ref[i] - 1] };

    /* rule terms, stratum after stratum; the terms of at most one atom as
     * nibble tables where there are enough of them to pay for the lookups
     * (a term costs about as much as two lookups) */
    bt->nnib = nb ? (nb + 3) / 4 : 1;
    bt->tab = rc_arena_alloc(&pg->arena, pg->nstrata * sizeof *bt->tab);
    if (!bt->tab) {
        ok = false;
        goto out;
    }
    uint32_t ntabs = 0;
    for (uint32_t s = 0; s < pg->nstrata; s++) {
        uint32_t singles = 0;
        for (uint32_t q = pg->sstart[s]; q < pg->sstart[s + 1]; q++) {
            const dnf *f = &forms[pg->nderives + (size_t)pg->srules[q]];
            for (uint32_t k = 0; k < f->n; k++)
                singles += !(f->t[k].care & (f->t[k].care - 1));
        }
        bt->tab[s] = 2 * singles > bt->nnib ? 16 * bt->nnib * ntabs++ : UINT32_MAX;
    }
    bt->ntab = rc_arena_alloc(&pg->arena, (ntabs ? 16 * bt->nnib * ntabs : 1) * sizeof *bt->ntab);
    if (!bt->ntab) {
        ok = false;
        goto out;
    }
    memset(bt->ntab, 0, (ntabs ? 16 * bt->nnib * ntabs : 1) * sizeof *bt->ntab);
    nterms = 0;
    for (uint32_t s = 0; s < pg->nstrata; s++) {
        bt->tstart[s] = (uint32_t)nterms;
        for (uint32_t q = pg->sstart[s]; q < pg->sstart[s + 1]; q++) {
            int32_t i = pg->srules[q];
            const dnf *f = &forms[pg->nderives + (size_t)i];
            for (uint32_t k = 0; k < f->n; k++) {
                uint64_t want = remap(f->t[k].want, to), care = remap(f->t[k].care, to);
                if (bt->tab[s] == UINT32_MAX || (care & (care - 1))) {
                    bt->terms[nterms++] = (rc_bterm){ want, care, RB(i) };
                    continue;
                }
                /* every nibble value that satisfies the term, in the atom's
                 * nibble (a term of no atom: every value of nibble 0) */
                unsigned at = 0;
                while (care && !((care >> at) & 1u))
                    at++;
                uint64_t *t = bt->ntab + bt->tab[s] + 16 * (at / 4);
                for (unsigned x = 0; x < 16; x++)
                    if (!care || ((x >> (at % 4)) & 1u) == ((want >> at) & 1u))
                        t[x] |= RB(i);
            }
        }
    }
    bt->tstart[pg->nstrata] = (uint32_t)nterms;

    /* red flag, suppressors, groups */
    for (size_t i = 1; i < nr; i++) {
        if (!(rc_red_flag_allowed & (1u << pg->rules[i].category)))
            bt->rf_remove |= RB(i);
        if (pg->dose[i].red_flag)
            bt->red_flag_rules |= RB(i);
        if (pg->rules[i].category == CAT_MEDICAL)
            bt->medical |= RB(i);
    }
    for (size_t k = 0; k < pg->nsuppressors; k++) {
        const rc_suppressor *sp = &pg->suppressors[k];
        if (sp->rule == 0) /* the built-in rule suppresses nothing; keep the jump code if it ever does */
            goto out;
        rc_bsupp *b = &bt->supp[bt->nsupp++];
        b->rule = sp->rule;
        b->rbit = (uint32_t)rbit_of[sp->rule - 1];
        for (const rc_edge *e = pg->edges + sp->first, *ee = e + sp->n; e < ee; e++) {
            uint64_t m = RB(e->target);
            if ((b->by_rule | b->by_cat) & m)
                continue; /* the first edge to a rule decides how it is removed */
            if (e->kind == RS_SUPPRESSED)
                b->by_rule |= m;
            else
                b->by_cat |= m;
        }
    }
    uint32_t ng = 0, nmem = 0;
    for (uint32_t s = 0; s < pg->nstrata; s++) {
        bt->gstart[s] = ng;
        for (size_t g = 0; g < pg->ngroups; g++) {
            uint64_t m = 0;
            uint32_t first = nmem;
            for (uint32_t q = pg->gstart[s]; q < pg->gstart[s + 1]; q++) /* in priority order */
                if (pg->grouped_in[q] == (int32_t)g) {
                    m |= RB(pg->grouped[q]);
                    bt->gmem[nmem++] = RB(pg->grouped[q]);
                }
            if (!(m & (m - 1))) { /* a group of one never removes anything */
                nmem = first;
                continue;
            }
            bt->gfirst[ng] = first;
            bt->gmask[ng++] = m;
        }
    }
    bt->gfirst[ng] = nmem;
    bt->gstart[pg->nstrata] = ng;
#undef RB
    if (!prepare_doses(pg, bt, nrb)) {
        ok = false;
        goto out;
    }
    pg->bits = bt;
out:
    rc_free(B.dbit);
    rc_free(B.slot_derive);
    rc_free(forms);
    return ok;
}
