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
        if (rnd() % 4 == 0)
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
        if (rnd() % 4 == 0)
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
        ck_assert_int_eq(runcover_athlete_new(&a), RUNCOVER_OK);
        ck_assert_int_eq(runcover_session_new(&s), RUNCOVER_OK);
        randomize(pg, a, s);
        set_ext(pg, a, s);
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
    runcover_evaluator *ev;
    ck_assert_int_eq(runcover_evaluator_new(&ev), RUNCOVER_OK);
    ck_assert_msg(runcover_evaluator_load_string(ev, "t.yaml", yaml, strlen(yaml)) == RUNCOVER_OK, "%s",
                  runcover_last_error()->message);
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
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
