/*
 * test_fast.c — white-box: the prepared evaluation (three-valued jump
 * code, lists per stratum) agrees with the reference tree walker
 * on every rule, for the default protocols and the benchmark rule set, over
 * many generated athletes and sessions — absent facts, values exactly on the
 * constants the rules compare with, and values just beside them.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "program.h"

static uint32_t rng = 0x12345678u;
static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}
static double unit(void) { return (rnd() >> 8) / 16777216.0; }

/* A value for a built-in number fact: often one of the constants the
 * program compares the slot with (or a step beside it), else uniform. */
static double pick_number(const rc_program *pg, int32_t slot, double lo, double hi)
{
    double cands[64];
    int nc = 0;
    for (size_t i = 3; i < pg->ncode && nc < 64; i++)
        if (pg->code[i].op >= J_LT && pg->code[i].op <= J_NE && pg->code[i].slot == slot)
            cands[nc++] = pg->code[i].k;
    if (nc && rnd() % 3) {
        double k = cands[rnd() % (uint32_t)nc];
        double d[] = { 0, 0.5, -0.5, 1, -1 };
        double v = k + d[rnd() % 5];
        if (v >= lo && v <= hi)
            return v;
    }
    double v = lo + (hi - lo) * unit();
    return round(v * 10) / 10;
}

static uint32_t absent_one_in = 4; /* a fact is left absent one time in N (0: never) */

static void randomize(const rc_program *pg, runcover_athlete *a, runcover_session *s)
{
    size_t n = runcover_fact_count(NULL);
    for (size_t i = 0; i < n; i++) {
        runcover_fact_desc d;
        d.size = sizeof d;
        ck_assert_int_eq(runcover_fact_info(NULL, i, &d), RUNCOVER_OK);
        if (d.flags & (RUNCOVER_FACT_DERIVED | RUNCOVER_FACT_EXT))
            continue;
        bool ath = (d.flags & RUNCOVER_FACT_ATHLETE) != 0;
        if (absent_one_in && rnd() % absent_one_in == 0)
            continue; /* absent */
        runcover_status st = RUNCOVER_OK;
        switch (d.type) {
        case RUNCOVER_FACT_NUMBER: {
            int32_t slot = -1;
            for (int32_t k = 0; k < RC_BUILTIN_SLOTS; k++)
                if (strcmp(rc_program_slot_name(pg, k), d.path) == 0)
                    slot = k;
            double v = pick_number(pg, slot, d.min, d.max);
            st = ath ? runcover_athlete_set_number(a, d.path, v) : runcover_session_set_number(s, d.path, v);
            break;
        }
        case RUNCOVER_FACT_FLAG:
            st = ath ? runcover_athlete_set_flag(a, d.path, rnd() % 5 == 0)
                     : runcover_session_set_flag(s, d.path, rnd() % 5 == 0);
            break;
        case RUNCOVER_FACT_ENUM: {
            const char *v = d.enum_values[rnd() % d.enum_count];
            st = ath ? runcover_athlete_set_text(a, d.path, v) : runcover_session_set_text(s, d.path, v);
            break;
        }
        case RUNCOVER_FACT_SET: {
            char buf[256] = "";
            for (size_t k = 0; k < d.enum_count; k++)
                if (rnd() % 3 == 0) {
                    if (buf[0])
                        strcat(buf, ",");
                    strcat(buf, d.enum_values[k]);
                }
            st = ath ? runcover_athlete_set_text(a, d.path, buf) : runcover_session_set_text(s, d.path, buf);
            break;
        }
        case RUNCOVER_FACT_TIME: {
            static const char *const t[] = { "2026-11-22T09:30:00+01:00", "2026-11-22T21:45:00Z",
                                             "2026-06-01T05:10:00-07:00", "2026-11-22T14:00:00+05:30" };
            st = runcover_session_set_text(s, d.path, t[rnd() % 4]);
            break;
        }
        default: break;
        }
        ck_assert_msg(st == RUNCOVER_OK, "setting %s: %s", d.path, runcover_last_error()->message);
    }
}

static void set_ext(const rc_program *pg, runcover_athlete *a, runcover_session *s)
{
    for (size_t i = 0; i < pg->next; i++) {
        const rc_extdecl *e = &pg->ext[i];
        if (absent_one_in && rnd() % absent_one_in == 0)
            continue;
        if (e->type == RUNCOVER_FACT_FLAG) {
            ck_assert_int_eq(runcover_session_set_flag(s, e->path, rnd() % 2), RUNCOVER_OK);
        } else {
            double lo = e->min, hi = e->max > 1e6 ? 1e6 : e->max;
            double v = pick_number(pg, e->slot, lo, hi);
            ck_assert_int_eq(runcover_athlete_set_number(a, e->path, v), RUNCOVER_OK);
        }
    }
}

/* A new evaluator with only the protocol in `yaml`. */
static runcover_evaluator *load_yaml(const char *yaml)
{
    runcover_evaluator *ev;
    ck_assert_int_eq(runcover_evaluator_new(&ev), RUNCOVER_OK);
    ck_assert_msg(runcover_evaluator_load_string(ev, "t.yaml", yaml, strlen(yaml)) == RUNCOVER_OK, "%s",
                  runcover_last_error()->message);
    return ev;
}

/* A new athlete and session with generated facts, ext facts included. */
static void random_pair(const rc_program *pg, runcover_athlete **a, runcover_session **s)
{
    ck_assert_int_eq(runcover_athlete_new(a), RUNCOVER_OK);
    ck_assert_int_eq(runcover_session_new(s), RUNCOVER_OK);
    randomize(pg, *a, *s);
    set_ext(pg, *a, *s);
}

static void compare(runcover_evaluator *ev, int rounds)
{
    const rc_program *pg = ev->prog;
    ck_assert_uint_gt(pg->ncode, 3);
    runcover_plan *p;
    ck_assert_int_eq(runcover_plan_new(&p), RUNCOVER_OK);
    size_t fast_rules = 0, checked = 0, unknown = 0, truths = 0, chained = 0;
    for (size_t i = 1; i < pg->nrules; i++)
        fast_rules += pg->rentry[i] >= 0;
    ck_assert_msg(fast_rules * 10 >= (pg->nrules - 1) * 9, "only %zu of %zu rules have jump code", fast_rules,
                  pg->nrules - 1);
    for (int r = 0; r < rounds; r++) {
        runcover_athlete *a;
        runcover_session *s;
        random_pair(pg, &a, &s);
        ck_assert_msg(runcover_evaluate_into(p, ev, a, s, RUNCOVER_EVAL_NO_TEXT) == RUNCOVER_OK, "%s",
                      runcover_last_error()->message);
        for (size_t i = 1; i < pg->nrules; i++) {
            int tree = rc_eval_bool(pg, p->vals, p->state, pg->rules[i].when);
            int fast = rc_eval_when(p, pg, i);
            ck_assert_msg(tree == fast, "round %d rule %s: tree %d, prepared %d", r, pg->rules[i].id, tree, fast);
            /* the stratum programs decided the plan: the same answer */
            uint8_t st = p->state[i];
            ck_assert_msg(tree == RC_F ? st == RS_OFF : tree == RC_U ? st == RS_UNKNOWN : st != RS_OFF && st != RS_UNKNOWN,
                          "round %d rule %s: tree %d, plan state %u", r, pg->rules[i].id, tree, st);
            /* doses as chains give the tree's bits */
            const rc_rule *rl = &pg->rules[i];
            if (st == RS_IN && rl->has_amount) {
                double lo = rc_eval_num(pg, p->vals, p->state, rl->amin);
                double hi = rc_eval_num(pg, p->vals, p->state, rl->amax);
                ck_assert_msg(memcmp(&lo, &p->amin[i], sizeof lo) == 0 && memcmp(&hi, &p->amax[i], sizeof hi) == 0,
                              "round %d rule %s: amount %.17g..%.17g, tree %.17g..%.17g", r, rl->id, p->amin[i],
                              p->amax[i], lo, hi);
                chained += pg->nchain[rl->amin] >= 0;
            }
            if (st == RS_DOSE && rl->has_amount) {
                double lo = rc_eval_num(pg, p->vals, p->state, rl->amin);
                double hi = rc_eval_num(pg, p->vals, p->state, rl->amax);
                ck_assert_msg(isnan(lo) || isnan(hi) || lo > hi || fabs(lo) > 1e12 || fabs(hi) > 1e12,
                              "round %d rule %s: dose refused but the tree gives %g..%g", r, rl->id, lo, hi);
            }
            checked++;
            unknown += tree == RC_U;
            truths += tree == RC_T;
        }
        for (size_t d = 0; d < pg->nderives; d++)
            if (pg->derives[d].type == RC_TY_NUM) {
                double t = rc_eval_num(pg, p->vals, p->state, pg->derives[d].node);
                ck_assert_msg(memcmp(&t, &p->vals[pg->derives[d].slot], sizeof t) == 0,
                              "round %d derive %s: %.17g, tree %.17g", r, pg->derives[d].name,
                              p->vals[pg->derives[d].slot], t);
            }
        runcover_athlete_free(a);
        runcover_session_free(s);
    }
    ck_assert_uint_gt(chained, 0); /* some doses ran as chains */
    /* the generator must reach all three answers, or the test proves little */
    ck_assert_uint_gt(unknown, checked / 100);
    ck_assert_uint_gt(truths, checked / 100);
    ck_assert_uint_gt(checked - unknown - truths, checked / 100);
    runcover_plan_free(p);
}

/* Two plans of the same inputs are the same plan, bit for bit. */
static void same_plan(const runcover_plan *x, const runcover_plan *y, const rc_program *pg, int round)
{
    ck_assert_msg(memcmp(x->state, y->state, pg->nrules) == 0, "round %d: rule states differ", round);
    for (size_t i = 0; i < pg->nrules; i++) {
        uint8_t st = x->state[i];
        if (st == RS_RED_FLAG || st == RS_SUPPRESSED || st == RS_SUPPRESSED_CAT || st == RS_GROUP)
            ck_assert_msg(x->by[i] == y->by[i], "round %d rule %s: removed by %d and %d", round, pg->rules[i].id,
                          x->by[i], y->by[i]);
    }
    ck_assert_msg(memcmp(x->vals, y->vals, pg->nslots * sizeof *x->vals) == 0, "round %d: fact values differ", round);
    ck_assert_int_eq(x->red_flag, y->red_flag);
    ck_assert_int_eq(x->has_rh, y->has_rh);
    if (x->has_rh)
        ck_assert(memcmp(&x->rh, &y->rh, sizeof x->rh) == 0);
    ck_assert_uint_eq(x->nitems, y->nitems);
    for (size_t k = 0; k < x->nitems; k++) {
        ck_assert_int_eq(x->items[k].rule, y->items[k].rule);
        int32_t r = x->items[k].rule;
        ck_assert_msg(memcmp(&x->amin[r], &y->amin[r], sizeof(double)) == 0 &&
                              memcmp(&x->amax[r], &y->amax[r], sizeof(double)) == 0,
                          "round %d item %s: amounts differ", round, pg->rules[x->items[k].rule].id);
    }
    ck_assert_uint_eq(x->nsupp, y->nsupp);
    ck_assert(x->nsupp == 0 || memcmp(x->supp, y->supp, x->nsupp * sizeof *x->supp) == 0);
}

/* Evaluates (a, s) into p as the library does and into q with the bit
 * program switched off; both must succeed and give the same plan. Returns
 * whether the bit program decided p. */
static bool both_ways(runcover_evaluator *ev, const runcover_athlete *a, const runcover_session *s,
                      runcover_plan *p, runcover_plan *q, int round)
{
    rc_program *pg = ev->prog;
    rc_bits *bits = pg->bits;
    ck_assert_msg(runcover_evaluate_into(p, ev, a, s, RUNCOVER_EVAL_NO_TEXT) == RUNCOVER_OK, "%s",
                  runcover_last_error()->message);
    pg->bits = NULL;
    runcover_status st = runcover_evaluate_into(q, ev, a, s, RUNCOVER_EVAL_NO_TEXT);
    pg->bits = bits;
    ck_assert_int_eq(st, RUNCOVER_OK);
    ck_assert(!q->by_bits);
    same_plan(p, q, pg, round);
    return p->by_bits;
}

/* The bit program (bits.c) against the jump code on the same inputs: the
 * same plan, and the bit program decides at least `want_bits` percent of
 * them (it steps aside when a fact a condition reads is absent). */
static void compare_bits(runcover_evaluator *ev, int rounds, uint32_t absent, int want_bits)
{
    rc_program *pg = ev->prog;
    rc_bits *bits = pg->bits;
    ck_assert_ptr_nonnull(bits);
    absent_one_in = absent;
    runcover_plan *p, *q;
    ck_assert_int_eq(runcover_plan_new(&p), RUNCOVER_OK);
    ck_assert_int_eq(runcover_plan_new(&q), RUNCOVER_OK);
    int decided = 0, removed = 0, items = 0;
    for (int r = 0; r < rounds; r++) {
        runcover_athlete *a;
        runcover_session *s;
        random_pair(pg, &a, &s);
        decided += both_ways(ev, a, s, p, q, r);
        /* what runcover_plan_read gives of fields an item does not have: 0
         * (NULL), never what an earlier plan left there */
        runcover_item_view views[64];
        size_t nv;
        views[0].size = sizeof views[0];
        ck_assert_int_eq(runcover_plan_read(p, views, 64, &nv), RUNCOVER_OK);
        for (size_t k = 0; k < nv && k < 64; k++) {
            if (!(views[k].flags & RUNCOVER_VIEW_AMOUNT))
                ck_assert(views[k].amount_min == 0 && views[k].amount_max == 0 && !views[k].amount_unit);
            if (!(views[k].flags & RUNCOVER_VIEW_WINDOW))
                ck_assert(views[k].window_start_min == 0 && views[k].window_end_min == 0);
            if (!(views[k].flags & RUNCOVER_VIEW_DURATION))
                ck_assert(views[k].duration_min == 0 && views[k].duration_max == 0);
        }
        removed += (int)p->nsupp;
        items += (int)p->nitems;
        runcover_athlete_free(a);
        runcover_session_free(s);
    }
    ck_assert_msg(decided * 100 >= rounds * want_bits, "the bit program decided %d of %d plans", decided, rounds);
    ck_assert_int_gt(removed, 0);
    ck_assert_int_gt(items, rounds);
    absent_one_in = 4;
    runcover_plan_free(p);
    runcover_plan_free(q);
}

START_TEST(test_bits_bench_set)
{
    runcover_evaluator *ev;
    ck_assert_int_eq(runcover_evaluator_new(&ev), RUNCOVER_OK);
    ck_assert_int_eq(runcover_evaluator_load_file(ev, SRCDIR "/tests/bench/peer_rules.yaml"), RUNCOVER_OK);
    compare_bits(ev, 3000, 0, 99);  /* every fact set: all by the bit program */
    compare_bits(ev, 3000, 40, 10); /* some absent: both ways */
    runcover_evaluator_free(ev);
}
END_TEST

/* Every shape the bit program handles: fired() strata with a group in the
 * later one, suppression by id and by category (and of a suppressor),
 * groups of three whose item order is not their priority order, a
 * red-flag rule, doses that can be refused (a division
 * by a fact that may be 0, bounds that may cross), enum and set
 * membership, has(), == between conditions, derives of derives. */
static const char k_shapes[] =
    "format: 1\nprotocol: shapes\nversion: 1\nsources: { s: \"t\" }\n"
    "facts:\n  n: { type: number, min: 0, max: 10 }\n  f: { type: flag }\n"
    "derive:\n"
    "  hot: session.temperature_c >= 25\n"
    "  hard: session.rpe >= 7 or derive.hot\n"
    "  pace: session.duration_min / session.distance_km\n"
    "rules:\n"
    "  - { id: flag, when: 'session.checkin.soreness >= 8 and not ext.f', red_flag: true, priority: 100, category: medical, phase: medical, title: T }\n"
    "  - { id: a, when: derive.hard, priority: 90, exclusive: g1, category: rest, phase: mid_term, title: T, amount: { min: 10 / ext.n, max: 20, unit: min } }\n"
    "  - { id: b, when: 'session.rpe >= 4', priority: 80, exclusive: g1, category: foam_rolling, phase: mid_term, title: T, amount: { min: athlete.mass_kg * 0.1, max: session.rpe * 5, unit: g } }\n"
    "  - { id: c, when: 'session.kind in [\"easy\", \"long\"]', priority: 70, exclusive: g1, category: stretching, phase: mid_term, title: T, window: { start_min: 0, end_min: 30 } }\n"
    "  - { id: d, when: 'derive.pace > 5 or not has(ext.n)', priority: 60, suppresses: ['category:stretching', e], category: rest, phase: mid_term, title: T }\n"
    "  - { id: e, when: 'athlete.age < 40', priority: 50, suppresses: [f1], category: mobility, phase: mid_term, title: T }\n"
    "  - { id: f1, when: '(session.rpe == 5) == (athlete.age > 30)', priority: 40, category: easy_run, phase: return_to_run, title: T }\n"
    "  - { id: g, when: 'fired(\"a\") or fired(\"b\")', priority: 30, exclusive: g2, category: nap, phase: mid_term, title: T }\n"
    "  - { id: h, when: 'fired(\"d\") and not ext.f', priority: 20, exclusive: g2, category: sleep, phase: long_term, title: T, window: { start_min: 60, end_min: 90 } }\n"
    "  - { id: i, when: 'fired(\"g\")', priority: 10, category: cool_down, phase: immediate, title: T }\n"
    "  - { id: stretch, when: 'not derive.hot', priority: 5, category: stretching, phase: immediate, title: T }\n";

START_TEST(test_bits_shapes)
{
    runcover_evaluator *ev = load_yaml(k_shapes);
    compare_bits(ev, 4000, 0, 90);
    compare_bits(ev, 4000, 12, 5);
    runcover_evaluator_free(ev);
}
END_TEST

/* Conditions of one atom each, as the bit program's nibble tables hold
 * them (bits.c): in both strata, negated, always true, with derives of one
 * atom, of more, and always true; and a conjunction beside them. */
static const char k_tables[] =
    "format: 1\nprotocol: tables\nversion: 1\nsources: { s: \"t\" }\n"
    "derive:\n"
    "  cool: not (session.temperature_c >= 25)\n"
    "  always: has(derive.cool)\n"
    "  mixed: (session.rpe >= 5 and athlete.age < 40) or session.duration_min >= 60\n"
    "rules:\n"
    "  - { id: a1, when: 'session.rpe >= 3', priority: 90, exclusive: g, category: rest, phase: mid_term, title: T }\n"
    "  - { id: a2, when: 'not session.rpe >= 8', priority: 80, exclusive: g, category: rest, phase: mid_term, title: T }\n"
    "  - { id: a3, when: 'session.duration_min < 45', priority: 70, category: rest, phase: mid_term, title: T }\n"
    "  - { id: a4, when: 'session.kind in [\"easy\", \"long\"]', priority: 60, category: rest, phase: mid_term, title: T }\n"
    "  - { id: a5, when: derive.cool, priority: 50, category: rest, phase: immediate, title: T }\n"
    "  - { id: a6, when: derive.mixed, priority: 40, category: rest, phase: immediate, title: T }\n"
    "  - { id: a7, when: derive.always, priority: 30, category: rest, phase: immediate, title: T }\n"
    "  - { id: a8, when: 'session.distance_km >= 10 or not session.distance_km >= 10', priority: 20, category: rest, phase: immediate, title: T }\n"
    "  - { id: a9, when: 'athlete.age >= 30 and session.temperature_c < 10', priority: 10, category: rest, phase: immediate, title: T }\n"
    "  - { id: a10, when: 'session.distance_km >= 10', priority: 95, suppresses: [a3], category: rest, phase: immediate, title: T }\n"
    "  - { id: a11, when: 'has(derive.mixed)', priority: 5, category: rest, phase: immediate, title: T }\n"
    "  - { id: b1, when: 'fired(\"a1\")', priority: 9, category: rest, phase: long_term, title: T }\n"
    "  - { id: b2, when: 'not fired(\"a2\")', priority: 8, category: rest, phase: long_term, title: T }\n"
    "  - { id: b3, when: 'fired(\"a3\") or fired(\"a9\")', priority: 7, category: rest, phase: long_term, title: T }\n"
    "  - { id: b4, when: 'fired(\"a4\") and session.rpe >= 3', priority: 6, category: rest, phase: long_term, title: T }\n";

START_TEST(test_bits_tables)
{
    runcover_evaluator *ev = load_yaml(k_tables);
    const rc_bits *bt = ev->prog->bits;
    ck_assert_ptr_nonnull(bt);
    ck_assert_uint_eq(ev->prog->nstrata, 2);
    ck_assert_uint_ne(bt->tab[0], UINT32_MAX); /* both strata as tables */
    ck_assert_uint_ne(bt->tab[1], UINT32_MAX);
    compare_bits(ev, 1500, 0, 99);
    compare_bits(ev, 1500, 10, 5);
    runcover_evaluator_free(ev);
}
END_TEST

/* A full atom word: 64 rules, each on its own comparison, so every bit of
 * the word is an atom (all 16 nibbles tabled, the comparisons fill the
 * word). */
START_TEST(test_bits_full_word)
{
    static char yaml[16384];
    int off = snprintf(yaml, sizeof yaml, "format: 1\nprotocol: full\nversion: 1\nsources: { s: \"t\" }\nrules:\n");
    for (int i = 1; i <= 64; i++)
        off += snprintf(yaml + off, sizeof yaml - (size_t)off,
                        "  - { id: r%d, when: 'session.duration_min >= %d', priority: %d,%s category: rest, phase: "
                        "mid_term, title: T }\n",
                        i, i * 7, i, i <= 3 ? " exclusive: g," : "");
    ck_assert_int_lt(off, (int)sizeof yaml);
    runcover_evaluator *ev = load_yaml(yaml);
    const rc_bits *bt = ev->prog->bits;
    ck_assert_ptr_nonnull(bt);
    ck_assert_uint_eq(bt->kind_end[BA_GE], 64);
    ck_assert_uint_eq(bt->nnib, 16);
    ck_assert_uint_ne(bt->tab[0], UINT32_MAX);
    compare_bits(ev, 1000, 0, 99);
    compare_bits(ev, 1000, 10, 5);
    runcover_evaluator_free(ev);
}
END_TEST

START_TEST(test_bits_when_it_does_not_fit)
{
    /* a comparison of two computed values, or too many rules: no bit
     * program, the jump code decides */
    static const char one[] = "format: 1\nprotocol: t\nversion: 1\nsources: { s: \"t\" }\nrules:\n"
                              "  - { id: r, when: 'session.rpe * 2 > session.duration_min', category: rest, "
                              "phase: mid_term, title: T }\n";
    runcover_evaluator *ev;
    ck_assert_int_eq(runcover_evaluator_new(&ev), RUNCOVER_OK);
    ck_assert_int_eq(runcover_evaluator_load_string(ev, "t.yaml", one, strlen(one)), RUNCOVER_OK);
    ck_assert_ptr_null(ev->prog->bits);
    runcover_evaluator_free(ev);
    ck_assert_int_eq(runcover_evaluator_new_default(&ev), RUNCOVER_OK);
    if (ev->prog->nrules - 1 > 64)
        ck_assert_ptr_null(ev->prog->bits);
    runcover_evaluator_free(ev);
}
END_TEST

/* Constant amounts are written into a plan once per program: a plan
 * reused across evaluators must still read each one's own. */
START_TEST(test_constant_amounts_follow_the_evaluator)
{
    static const char *const amount[] = { "amount: { min: 5, max: 10, unit: min }, ",
                                          "amount: { min: 1, max: 2, unit: min }, ", "" };
    runcover_evaluator *ev[3];
    for (int i = 0; i < 3; i++) {
        char yaml[512];
        snprintf(yaml, sizeof yaml,
                 "format: 1\nprotocol: t\nversion: 1\nsources: { s: \"t\" }\nrules:\n"
                 "  - { id: r, when: 'session.rpe >= 1', %scategory: rest, phase: mid_term, title: T }\n",
                 amount[i]);
        ck_assert_int_eq(runcover_evaluator_new(&ev[i]), RUNCOVER_OK);
        ck_assert_int_eq(runcover_evaluator_load_string(ev[i], "t.yaml", yaml, strlen(yaml)), RUNCOVER_OK);
    }
    runcover_athlete *a;
    runcover_session *s;
    ck_assert_int_eq(runcover_athlete_new(&a), RUNCOVER_OK);
    ck_assert_int_eq(runcover_session_new(&s), RUNCOVER_OK);
    ck_assert_int_eq(runcover_session_set_rpe(s, 5), RUNCOVER_OK);
    runcover_plan *p;
    ck_assert_int_eq(runcover_plan_new(&p), RUNCOVER_OK);
    static const int order[] = { 0, 1, 2, 0, 2, 1 };
    static const double lo[] = { 5, 1, 0 }, hi[] = { 10, 2, 0 };
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
        int e = order[k];
        ck_assert_int_eq(runcover_evaluate_into(p, ev[e], a, s, RUNCOVER_EVAL_NO_TEXT), RUNCOVER_OK);
        runcover_item_view v[4];
        size_t n;
        v[0].size = sizeof v[0];
        ck_assert_int_eq(runcover_plan_read(p, v, 4, &n), RUNCOVER_OK);
        ck_assert_uint_eq(n, 1);
        ck_assert_msg(v[0].amount_min == lo[e] && v[0].amount_max == hi[e], "evaluator %d: %g..%g", e,
                      v[0].amount_min, v[0].amount_max);
        double x, y;
        ck_assert_int_eq(runcover_item_amount(runcover_plan_item(p, 0), &x, &y, NULL), e != 2);
        if (e != 2)
            ck_assert(x == lo[e] && y == hi[e]);
    }
    runcover_plan_free(p);
    runcover_athlete_free(a);
    runcover_session_free(s);
    for (int i = 0; i < 3; i++)
        runcover_evaluator_free(ev[i]);
}
END_TEST

/* Doses whose steps overflow: the bit program drops a step's finiteness
 * check only where nothing after it could make infinity finite again, so
 * the same doses are refused as by the jump code. */
START_TEST(test_overflowing_doses)
{
    static const char yaml[] =
        "format: 1\nprotocol: t\nversion: 1\nsources: { s: \"t\" }\n"
        "facts:\n  big: { type: number, min: 0, max: 1e12 }\n"
        "rules:\n"
        "  - { id: through, when: 'has(ext.big)', amount: { min: 'ext.big * 1e300 / 1e300 - 1', max: 'ext.big * 1e300 / 1e300', unit: g }, category: rest, phase: mid_term, title: T }\n"
        "  - { id: capped, when: 'has(ext.big)', amount: { min: 'min(5, ext.big * 1e300)', max: '6', unit: g }, category: rest, phase: mid_term, title: T }\n"
        "  - { id: inverse, when: 'has(ext.big)', amount: { min: '0', max: '10 / (ext.big * 1e300 + 1)', unit: g }, category: rest, phase: mid_term, title: T }\n"
        "  - { id: clamped, when: 'has(ext.big)', amount: { min: 'clamp(ext.big * 1e300, 0, 50)', max: '60', unit: g }, category: rest, phase: mid_term, title: T }\n";
    runcover_evaluator *ev = load_yaml(yaml);
    rc_program *pg = ev->prog;
    rc_bits *bits = pg->bits;
    ck_assert_ptr_nonnull(bits);
    static const double big[] = { 1, 1e5, 1e10 };
    for (size_t k = 0; k < 3; k++) {
        runcover_athlete *a;
        runcover_session *s;
        ck_assert_int_eq(runcover_athlete_new(&a), RUNCOVER_OK);
        ck_assert_int_eq(runcover_session_new(&s), RUNCOVER_OK);
        ck_assert_int_eq(runcover_athlete_set_number(a, "ext.big", big[k]), RUNCOVER_OK);
        runcover_plan *p, *q;
        ck_assert_int_eq(runcover_plan_new(&p), RUNCOVER_OK);
        ck_assert_int_eq(runcover_plan_new(&q), RUNCOVER_OK);
        ck_assert(both_ways(ev, a, s, p, q, (int)k));
        /* at 1e10 every bound that passes 1e308 on the way is refused,
         * when min, a division or clamp would turn its infinity finite too */
        ck_assert_uint_eq(p->nitems, k == 2 ? 0 : 4);
        runcover_plan_free(p);
        runcover_plan_free(q);
        runcover_athlete_free(a);
        runcover_session_free(s);
    }
    runcover_evaluator_free(ev);
}
END_TEST

/* `==` between conditions nested 47 deep: building the normal form would
 * double its work per level. The program keeps the jump code and loads at
 * once (this test case has a short timeout), and evaluates as before. */
START_TEST(test_nested_equalities_load_at_once)
{
    static const char leaf[] = "has(session.rpe)", step[] = " == has(session.rpe))";
    char when[2048];
    size_t off = 0;
    for (int i = 0; i < 47; i++)
        when[off++] = '(';
    memcpy(when + off, leaf, sizeof leaf - 1);
    off += sizeof leaf - 1;
    for (int i = 0; i < 47; i++, off += sizeof step - 1)
        memcpy(when + off, step, sizeof step - 1);
    when[off] = '\0';
    ck_assert_uint_lt(off, sizeof when);
    char yaml[8192];
    snprintf(yaml, sizeof yaml,
             "format: 1\nprotocol: t\nversion: 1\nsources: { s: \"t\" }\nrules:\n"
             "  - { id: r, when: \"%s\", category: rest, phase: mid_term, title: T }\n",
             when);
    runcover_evaluator *ev = load_yaml(yaml);
    ck_assert_ptr_null(ev->prog->bits);
    runcover_athlete *a;
    runcover_session *s;
    runcover_plan *p;
    ck_assert_int_eq(runcover_athlete_new(&a), RUNCOVER_OK);
    ck_assert_int_eq(runcover_session_new(&s), RUNCOVER_OK);
    ck_assert_int_eq(runcover_plan_new(&p), RUNCOVER_OK);
    /* 47 times `== has(rpe)`: true whether rpe is there or not */
    ck_assert_int_eq(runcover_evaluate_into(p, ev, a, s, RUNCOVER_EVAL_NO_TEXT), RUNCOVER_OK);
    ck_assert_uint_eq(runcover_plan_count(p), 1);
    ck_assert_int_eq(runcover_session_set_rpe(s, 5), RUNCOVER_OK);
    ck_assert_int_eq(runcover_evaluate_into(p, ev, a, s, RUNCOVER_EVAL_NO_TEXT), RUNCOVER_OK);
    ck_assert_uint_eq(runcover_plan_count(p), 1);
    runcover_plan_free(p);
    runcover_athlete_free(a);
    runcover_session_free(s);
    runcover_evaluator_free(ev);
}
END_TEST

/* Every step a dose can take in the bit program (each operation with a
 * constant or a fact, on either side; with and without the finiteness
 * check; a bound that is no chain), against the jump code. ext.n takes the
 * values that divide by zero (2) or cross a bound. */
START_TEST(test_bits_dose_steps)
{
    static const char yaml[] =
        "format: 1\nprotocol: t\nversion: 1\nsources: { s: \"t\" }\n"
        "facts:\n  n: { type: number, min: -10, max: 10 }\n"
        "rules:\n"
        "  - { id: ksub, when: 'session.rpe >= 1', amount: { min: 'min(1000, 10 - ext.n * 2)', max: '1e6', unit: g }, category: rest, phase: mid_term, title: T }\n"
        "  - { id: kmax, when: 'session.rpe >= 1', amount: { min: 'max(3, ext.n * 2)', max: '1e6', unit: g }, category: rest, phase: mid_term, title: T }\n"
        "  - { id: subs, when: 'session.rpe >= 1', amount: { min: 'min(1000, ext.n * 2 - session.rpe)', max: '1e6', unit: g }, category: rest, phase: mid_term, title: T }\n"
        "  - { id: ssub, when: 'session.rpe >= 1', amount: { min: 'min(1000, session.rpe - ext.n * 2)', max: '1e6', unit: g }, category: rest, phase: mid_term, title: T }\n"
        "  - { id: ssubnf, when: 'session.rpe >= 1', amount: { min: 'session.rpe - ext.n * 2', max: '1e6', unit: g }, category: rest, phase: mid_term, title: T }\n"
        "  - { id: divs, when: 'session.rpe >= 1', amount: { min: 'min(1000, ext.n * 2 / session.rpe)', max: '1e6', unit: g }, category: rest, phase: mid_term, title: T }\n"
        "  - { id: sdiv, when: 'session.rpe >= 1', amount: { min: 'min(1000, session.rpe / (ext.n * 2 - 4))', max: '1e6', unit: g }, category: rest, phase: mid_term, title: T }\n"
        "  - { id: mins, when: 'session.rpe >= 1', amount: { min: 'min(ext.n * 2, session.rpe)', max: '1e6', unit: g }, category: rest, phase: mid_term, title: T }\n"
        "  - { id: smin, when: 'session.rpe >= 1', amount: { min: 'min(session.rpe, ext.n * 2)', max: '1e6', unit: g }, category: rest, phase: mid_term, title: T }\n"
        "  - { id: maxs, when: 'session.rpe >= 1', amount: { min: 'max(ext.n * 2, session.rpe)', max: '1e6', unit: g }, category: rest, phase: mid_term, title: T }\n"
        "  - { id: smax, when: 'session.rpe >= 1', amount: { min: 'max(session.rpe, ext.n * 2)', max: '1e6', unit: g }, category: rest, phase: mid_term, title: T }\n"
        "  - { id: round, when: 'session.rpe >= 1', amount: { min: 'round(ext.n * 1.5)', max: '1e6', unit: g }, category: rest, phase: mid_term, title: T }\n"
        "  - { id: abs, when: 'session.rpe >= 1', amount: { min: 'abs(ext.n - 5)', max: '1e6', unit: g }, category: rest, phase: mid_term, title: T }\n"
        "  - { id: neg, when: 'session.rpe >= 1', amount: { min: '-ext.n + 20', max: '1e6', unit: g }, category: rest, phase: mid_term, title: T }\n"
        "  - { id: clamp, when: 'session.rpe >= 1', amount: { min: 'clamp(ext.n * 3, 2, 20)', max: '1e6', unit: g }, category: rest, phase: mid_term, title: T }\n"
        "  - { id: tree, when: 'session.rpe >= 1', amount: { min: '(ext.n + 1) * (session.rpe + 1)', max: '1e6', unit: g }, category: rest, phase: mid_term, title: T }\n"
        "  - { id: divk, when: 'session.rpe >= 1', amount: { min: 'ext.n / 4 + 1', max: '1e6', unit: g }, category: rest, phase: mid_term, title: T }\n"
        "  - { id: kdiv, when: 'session.rpe >= 1', amount: { min: 'min(1000, 12 / (ext.n - 2))', max: '1e6', unit: g }, category: rest, phase: mid_term, title: T }\n"
        /* the fused steps: constant times fact, checked or not, into the
         * low bound, ending the dose */
        "  - { id: kmuls, when: 'session.rpe >= 1', amount: { min: 'min(1000, 3 * ext.n)', max: '1e6', unit: g }, category: rest, phase: mid_term, title: T }\n"
        "  - { id: kmulsnf, when: 'session.rpe >= 1', amount: { min: '3 * ext.n + 1', max: '1e6', unit: g }, category: rest, phase: mid_term, title: T }\n"
        "  - { id: kmulslo, when: 'session.rpe >= 1', amount: { min: 'ext.n * 0.5', max: '1e6', unit: g }, category: rest, phase: mid_term, title: T }\n"
        "  - { id: kmulsend, when: 'session.rpe >= 1', amount: { min: '0', max: '4 * ext.n', unit: g }, category: rest, phase: mid_term, title: T }\n"
        ;
    runcover_evaluator *ev = load_yaml(yaml);
    rc_program *pg = ev->prog;
    rc_bits *bits = pg->bits;
    ck_assert_ptr_nonnull(bits);
    bool seen[DC_COUNT] = { false };
    for (uint32_t b = 0; b + 1 < pg->nrules; b++)
        if (bits->computed >> b & 1u)
            for (const rc_dstep *d = bits->dcode + bits->dstart[b];; d++) {
                seen[d->op] = true;
                if (rc_dstep_ends(d->op))
                    break;
            }
    static const int want[] = { DC_K,     DC_S,       DC_TREE,    DC_KSUB,        DC_KMAX,        DC_SUBS,
                                DC_SSUB,  DC_SSUB_NF, DC_DIVS,    DC_SDIV,        DC_MINS,        DC_SMIN,
                                DC_MAXS,  DC_SMAX,    DC_ROUND,   DC_ABS,         DC_NEG,         DC_CLAMP,
                                DC_KMIN,  DC_MULK,    DC_DIVK_NF, DC_ADDK_NF,     DC_KDIV,        DC_KMULS,
                                DC_KMULS_NF, DC_KMULS_NF_LO, DC_KMULS_NF_END };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
        ck_assert_msg(seen[want[k]], "no step %d", want[k]);
    int refused = 0;
    for (int r = 0; r < 400; r++) {
        runcover_athlete *a;
        runcover_session *s;
        ck_assert_int_eq(runcover_athlete_new(&a), RUNCOVER_OK);
        ck_assert_int_eq(runcover_session_new(&s), RUNCOVER_OK);
        double n = r % 4 == 0 ? 2 : (double)(r % 41 - 20) / 2;
        ck_assert_int_eq(runcover_athlete_set_number(a, "ext.n", n), RUNCOVER_OK);
        ck_assert_int_eq(runcover_session_set_rpe(s, 1 + r % 10), RUNCOVER_OK);
        runcover_plan *p, *q;
        ck_assert_int_eq(runcover_plan_new(&p), RUNCOVER_OK);
        ck_assert_int_eq(runcover_plan_new(&q), RUNCOVER_OK);
        ck_assert(both_ways(ev, a, s, p, q, r));
        for (size_t i = 1; i < pg->nrules; i++)
            refused += p->state[i] == RS_DOSE;
        runcover_plan_free(p);
        runcover_plan_free(q);
        runcover_athlete_free(a);
        runcover_session_free(s);
    }
    ck_assert_int_gt(refused, 0); /* division by zero was reached */
    runcover_evaluator_free(ev);
}
END_TEST

START_TEST(test_default_set_agrees)
{
    runcover_evaluator *ev;
    ck_assert_int_eq(runcover_evaluator_new_default(&ev), RUNCOVER_OK);
    compare(ev, 3000);
    runcover_evaluator_free(ev);
}
END_TEST

START_TEST(test_bench_set_agrees)
{
    runcover_evaluator *ev;
    ck_assert_int_eq(runcover_evaluator_new(&ev), RUNCOVER_OK);
    ck_assert_int_eq(runcover_evaluator_load_file(ev, SRCDIR "/tests/bench/peer_rules.yaml"), RUNCOVER_OK);
    compare(ev, 3000);
    runcover_evaluator_free(ev);
}
END_TEST

START_TEST(test_connectives)
{
    /* every shape the normal form must get right, unknown included */
    static const char *const whens[] = {
        "session.rpe >= 7 and not (session.temperature_c < 25 or athlete.age > 50)",
        "not (session.rpe >= 7 and session.temperature_c < 25) or athlete.age > 50",
        "(session.rpe >= 7 or athlete.age > 50) and (session.temperature_c < 25 or session.duration_min > 90)",
        "not not session.rpe >= 7",
        "session.rpe >= 7 and not session.rpe >= 7",
        "session.rpe >= 7 or not session.rpe >= 7",
        "session.kind in ['race', 'ultra'] and not has(session.rpe)",
        "3 < session.rpe and 8 >= session.rpe",
        "session.rpe * 2 > session.duration_min / 10 or session.checkin.sharp_pain",
        "(session.rpe == 5) == (athlete.age == 40)",
    };
    char yaml[8192];
    int off = snprintf(yaml, sizeof yaml, "format: 1\nprotocol: t\nversion: 1\nsources: { s: \"t\" }\nrules:\n");
    for (size_t i = 0; i < sizeof whens / sizeof whens[0]; i++)
        off += snprintf(yaml + off, sizeof yaml - (size_t)off,
                        "  - { id: r%zu, when: \"%s\", category: rest, phase: mid_term, title: T }\n", i, whens[i]);
    runcover_evaluator *ev = load_yaml(yaml);
    const rc_program *pg = ev->prog;
    runcover_plan *p;
    ck_assert_int_eq(runcover_plan_new(&p), RUNCOVER_OK);
    static const double rpe[] = { NAN, 5, 7, 9 }, temp[] = { NAN, 20, 30 }, age[] = { NAN, 40, 60 };
    for (size_t x = 0; x < 4; x++)
        for (size_t y = 0; y < 3; y++)
            for (size_t z = 0; z < 3; z++) {
                runcover_athlete *a;
                runcover_session *s;
                ck_assert_int_eq(runcover_athlete_new(&a), RUNCOVER_OK);
                ck_assert_int_eq(runcover_session_new(&s), RUNCOVER_OK);
                if (!isnan(rpe[x]))
                    ck_assert_int_eq(runcover_session_set_rpe(s, rpe[x]), RUNCOVER_OK);
                if (!isnan(temp[y]))
                    ck_assert_int_eq(runcover_session_set_temperature_c(s, temp[y]), RUNCOVER_OK);
                if (!isnan(age[z]))
                    ck_assert_int_eq(runcover_athlete_set_age(a, age[z]), RUNCOVER_OK);
                ck_assert_int_eq(runcover_evaluate_into(p, ev, a, s, RUNCOVER_EVAL_NO_TEXT), RUNCOVER_OK);
                for (size_t i = 1; i < pg->nrules; i++)
                    ck_assert_msg(rc_eval_bool(pg, p->vals, p->state, pg->rules[i].when) == rc_eval_when(p, pg, i),
                                  "%s at rpe %g temp %g age %g", pg->rules[i].id, rpe[x], temp[y], age[z]);
                runcover_athlete_free(a);
                runcover_session_free(s);
            }
    runcover_plan_free(p);
    runcover_evaluator_free(ev);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fast");
    TCase *tc = tcase_create("agreement");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_default_set_agrees);
    tcase_add_test(tc, test_bench_set_agrees);
    tcase_add_test(tc, test_connectives);
    tcase_add_test(tc, test_bits_bench_set);
    tcase_add_test(tc, test_bits_shapes);
    tcase_add_test(tc, test_bits_tables);
    tcase_add_test(tc, test_bits_full_word);
    tcase_add_test(tc, test_bits_when_it_does_not_fit);
    tcase_add_test(tc, test_constant_amounts_follow_the_evaluator);
    tcase_add_test(tc, test_overflowing_doses);
    tcase_add_test(tc, test_bits_dose_steps);
    suite_add_tcase(s, tc);
    TCase *hostile = tcase_create("hostile");
    tcase_set_timeout(hostile, 10);
    tcase_add_test(hostile, test_nested_equalities_load_at_once);
    suite_add_tcase(s, hostile);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
