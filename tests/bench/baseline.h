/*
 * baseline.h — the benchmark's "physical limit": RULES.md's 30 rules and
 * §4 semantics hand-written as plain C if/else, no rule engine.
 */
#ifndef BASELINE_H
#define BASELINE_H

#include <stdint.h>

#include "peer_gen.h"

/* Result of one evaluation: bit n-1 of `fired` is set when rule Rn is in the
 * final set; a[n-1] .. b[n-1] is its dose (only meaningful for fired rules
 * that carry a dose: every rule but R01 and R11). */
typedef struct peer_result {
    uint32_t fired;
    double a[30];
    double b[30];
} peer_result;

/* Rules that carry no dose (R01, R11). */
#define PEER_NO_DOSE ((1u << 0) | (1u << 10))

void baseline_eval(const peer_facts *f, peer_result *r);

/* RULES.md §6 for one evaluation: for each fired rule n ascending mix(h, n)
 * and, when it carries a dose, mix(q(a)), mix(q(b)); then mix(h, 0xFFFF). */
uint32_t baseline_hash(uint32_t h, const peer_result *r);

#endif
