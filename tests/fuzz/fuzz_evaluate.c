/* fuzz_evaluate.c — load the input as a protocol; when it loads, evaluate it
 * against several athletes and sessions (absent facts, red flags, history,
 * extremes; the protocol's own ext.* facts set at their bounds) and read
 * everything back: items, explanations, why-not for every rule, JSON with
 * explanations, text. Evaluating the same handles again (their ext.* slots
 * then come from the handles' caches) must give the same plan. A fourth
 * pair has every fact set, from values drawn from the input, so the bit
 * program (lib/bits.c) decides it when the protocol has one: the plan the
 * jump code makes of the same pair must be the same, state for state. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <runcover/runcover.h>

#include "differential.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_all(const runcover_plan *p, const runcover_evaluator *ev)
{
    char *t;
    for (size_t i = 0; i < runcover_plan_count(p); i++) {
        const runcover_item *it = runcover_plan_item(p, i);
        double a, b;
        const char *u;
        if (!runcover_item_id(it) || !runcover_item_title(it))
            abort();
        (void)runcover_item_amount(it, &a, &b, &u);
        (void)runcover_item_window(it, &a, &b);
        if (runcover_plan_explain(&t, p, i) == RUNCOVER_OK)
            runcover_string_free(t);
    }
    for (size_t i = 0; i < runcover_evaluator_rule_count(ev); i++)
        if (runcover_plan_why_not(&t, p, runcover_evaluator_rule_id(ev, i)) == RUNCOVER_OK)
            runcover_string_free(t);
    if (runcover_plan_to_json(&t, p, RUNCOVER_JSON_EXPLAIN | RUNCOVER_JSON_PRETTY) == RUNCOVER_OK)
        runcover_string_free(t);
    if (runcover_plan_to_text(&t, p, RUNCOVER_JSON_EXPLAIN) == RUNCOVER_OK)
        runcover_string_free(t);
    runcover_item_view v[8];
    size_t n;
    v[0].size = sizeof v[0];
    (void)runcover_plan_read(p, v, 8, &n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    runcover_evaluator *ev;
    if (runcover_evaluator_new(&ev) != RUNCOVER_OK)
        return 0;
    if (runcover_evaluator_load_string(ev, "fuzz.yaml", (const char *)data, size) != RUNCOVER_OK) {
        runcover_evaluator_free(ev);
        return 0;
    }
    runcover_athlete *a[3];
    runcover_session *s[3];
    for (int i = 0; i < 3; i++) {
        if (runcover_athlete_new(&a[i]) != RUNCOVER_OK || runcover_session_new(&s[i]) != RUNCOVER_OK)
            abort();
    }
    /* 0: everything absent. 1: a typical long run with history. 2: extremes and a red flag. */
    runcover_athlete_set_mass_kg(a[1], 70);
    runcover_athlete_set_age(a[1], 34);
    runcover_athlete_set_units(a[1], RUNCOVER_UNITS_IMPERIAL);
    runcover_session_set_kind(s[1], RUNCOVER_KIND_LONG);
    runcover_session_set_text(s[1], "end", "2026-11-22T09:30:00+01:00");
    runcover_session_set_duration_min(s[1], 132);
    runcover_session_set_rpe(s[1], 8);
    runcover_session_set_temperature_c(s[1], 30);
    runcover_session *h;
    if (runcover_session_new(&h) == RUNCOVER_OK) {
        runcover_session_set_text(h, "end", "2026-11-15T10:00:00Z");
        runcover_session_set_kind(h, RUNCOVER_KIND_RACE);
        runcover_session_set_duration_min(h, 200);
        runcover_session_set_rpe(h, 9);
        runcover_athlete_add_session(a[1], h);
        runcover_session_free(h);
    }
    runcover_athlete_set_mass_kg(a[2], 250);
    runcover_athlete_set_age(a[2], 100);
    runcover_session_set_duration_min(s[2], 2880);
    runcover_session_set_distance_km(s[2], 400);
    runcover_session_set_descent_m(s[2], 20000);
    runcover_session_set_text(s[2], "end", "2200-12-31T23:00:00+23:59");
    runcover_session_set_flag(s[2], "checkin.sharp_pain", true);
    /* the protocol's ext.* facts: smallest values and false on the typical
     * pair, largest and true on the extremes */
    for (size_t i = 0; i < runcover_fact_count(ev); i++) {
        runcover_fact_desc d;
        d.size = sizeof d;
        if (runcover_fact_info(ev, i, &d) != RUNCOVER_OK || !(d.flags & RUNCOVER_FACT_EXT))
            continue;
        if (d.type == RUNCOVER_FACT_FLAG) {
            runcover_athlete_set_flag(a[1], d.path, false);
            runcover_session_set_flag(s[2], d.path, true);
        } else {
            runcover_session_set_number(s[1], d.path, d.min);
            runcover_athlete_set_number(a[2], d.path, d.max);
        }
    }
    runcover_plan *reuse;
    if (runcover_plan_new(&reuse) != RUNCOVER_OK)
        abort();
    for (int i = 0; i < 3; i++) {
        runcover_plan *p;
        if (runcover_evaluate(&p, ev, a[i], s[i]) == RUNCOVER_OK) {
            read_all(p, ev);
            runcover_plan_free(p);
        }
        if (runcover_evaluate_into(reuse, ev, a[i], s[i], RUNCOVER_EVAL_NO_TEXT) == RUNCOVER_OK) {
            read_all(reuse, ev);
            char *j1 = NULL, *j2 = NULL;
            runcover_status st1 = runcover_plan_to_json(&j1, reuse, 0);
            if (runcover_evaluate_into(reuse, ev, a[i], s[i], RUNCOVER_EVAL_NO_TEXT) != RUNCOVER_OK)
                abort(); /* the same handles, evaluated again */
            runcover_status st2 = runcover_plan_to_json(&j2, reuse, 0);
            if (st1 != st2 || (st1 == RUNCOVER_OK && strcmp(j1, j2) != 0))
                abort();
            runcover_string_free(j1);
            runcover_string_free(j2);
        }
    }
    runcover_plan_free(reuse);
    for (int i = 0; i < 3; i++)
        bits_agree(ev, a[i], s[i]);
    uint32_t x = 2166136261u;
    for (size_t i = 0; i < size; i++)
        x = (x ^ data[i]) * 16777619u;
    for (int k = 0; k < 4; k++) {
        runcover_athlete *fa;
        runcover_session *fs;
        if (runcover_athlete_new(&fa) != RUNCOVER_OK || runcover_session_new(&fs) != RUNCOVER_OK)
            abort();
        set_everything(ev, fa, fs, x + (uint32_t)k * 0x9E3779B9u);
        bits_agree(ev, fa, fs);
        runcover_athlete_free(fa);
        runcover_session_free(fs);
    }
    for (int i = 0; i < 3; i++) {
        runcover_athlete_free(a[i]);
        runcover_session_free(s[i]);
    }
    runcover_evaluator_free(ev);
    return 0;
}
