/* differential.h — for the fuzz targets (white-box): every fact set, and
 * the plan of a pair with and without the bit program (lib/bits.c), which
 * must be the same. Static functions: each target includes it once. */
#ifndef RC_FUZZ_DIFFERENTIAL_H
#define RC_FUZZ_DIFFERENTIAL_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <runcover/runcover.h>

#include "program.h"

/* Every fact of the evaluator (built-in and ext) set, values drawn from
 * x (a hash of the input). */
static void set_everything(const runcover_evaluator *ev, runcover_athlete *a, runcover_session *s, uint32_t x)
{
    for (size_t i = 0; i < runcover_fact_count(ev); i++) {
        runcover_fact_desc d;
        d.size = sizeof d;
        if (runcover_fact_info(ev, i, &d) != RUNCOVER_OK || (d.flags & RUNCOVER_FACT_DERIVED))
            continue;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        bool ath = (d.flags & RUNCOVER_FACT_ATHLETE) != 0;
        switch (d.type) {
        case RUNCOVER_FACT_NUMBER: {
            double hi = d.max > 1e6 ? 1e6 : d.max, v = d.min + (hi - d.min) * (x % 1001) / 1000.0;
            if (ath)
                runcover_athlete_set_number(a, d.path, v);
            else
                runcover_session_set_number(s, d.path, v);
            break;
        }
        case RUNCOVER_FACT_FLAG:
            if (ath)
                runcover_athlete_set_flag(a, d.path, x % 3 == 0);
            else
                runcover_session_set_flag(s, d.path, x % 3 == 0);
            break;
        case RUNCOVER_FACT_ENUM:
        case RUNCOVER_FACT_SET:
            if (d.enum_count) {
                const char *v = d.enum_values[x % d.enum_count];
                if (ath)
                    runcover_athlete_set_text(a, d.path, v);
                else
                    runcover_session_set_text(s, d.path, v);
            }
            break;
        case RUNCOVER_FACT_TIME: runcover_session_set_text(s, d.path, "2026-11-22T19:45:00+01:00"); break;
        default: break;
        }
    }
}

/* The plan of (a, s) with and without the bit program: the same. */
static void bits_agree(runcover_evaluator *ev, const runcover_athlete *a, const runcover_session *s)
{
    rc_program *pg = ev->prog;
    rc_bits *bits = pg->bits;
    runcover_plan *p, *q;
    if (runcover_plan_new(&p) != RUNCOVER_OK || runcover_plan_new(&q) != RUNCOVER_OK)
        abort();
    runcover_status s1 = runcover_evaluate_into(p, ev, a, s, RUNCOVER_EVAL_NO_TEXT);
    pg->bits = NULL;
    runcover_status s2 = runcover_evaluate_into(q, ev, a, s, RUNCOVER_EVAL_NO_TEXT);
    pg->bits = bits;
    if (s1 != s2)
        abort();
    if (s1 == RUNCOVER_OK) {
        if (memcmp(p->state, q->state, pg->nrules) != 0 || p->nitems != q->nitems || p->nsupp != q->nsupp ||
            p->red_flag != q->red_flag || memcmp(p->vals, q->vals, pg->nslots * sizeof *p->vals) != 0)
            abort();
        for (size_t k = 0; k < p->nitems; k++)
            if (p->items[k].rule != q->items[k].rule ||
                memcmp(&p->amin[p->items[k].rule], &q->amin[p->items[k].rule], sizeof(double)) != 0 ||
                memcmp(&p->amax[p->items[k].rule], &q->amax[p->items[k].rule], sizeof(double)) != 0)
                abort();
        char *j1 = NULL, *j2 = NULL;
        if (runcover_plan_to_json(&j1, p, RUNCOVER_JSON_EXPLAIN) != RUNCOVER_OK ||
            runcover_plan_to_json(&j2, q, RUNCOVER_JSON_EXPLAIN) != RUNCOVER_OK || strcmp(j1, j2) != 0)
            abort();
        runcover_string_free(j1);
        runcover_string_free(j2);
    }
    runcover_plan_free(p);
    runcover_plan_free(q);
}

#endif
