/* fuzz_expr.c — the expression compiler: the input becomes an expression
 * (as a YAML single-quoted scalar, so every byte sequence reaches the
 * expression lexer) in two small protocols, since no expression is both a
 * condition and a number:
 *   A: a derive and the `when` of a rule (a condition),
 *   B: a derive, an amount and a `{…}` hole of a detail template (a number).
 * Each protocol that loads is evaluated for an athlete/session with facts
 * absent and one with facts set, and explained (why-not, JSON, text); and
 * for those two and a pair with every fact set, with and without the bit
 * program: the same plan (differential.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <runcover/runcover.h>

#include "differential.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t quote(char *out, const uint8_t *in, size_t n)
{
    size_t o = 0;
    out[o++] = '\'';
    for (size_t i = 0; i < n; i++) {
        char c = (char)in[i];
        if (c == '\'')
            out[o++] = '\'';
        if (c == '\n' || c == '\r')
            c = ' ';
        out[o++] = c;
    }
    out[o++] = '\'';
    return o;
}

static void evaluate(runcover_evaluator *ev)
{
    runcover_athlete *a[2] = { NULL, NULL };
    runcover_session *s[2] = { NULL, NULL };
    for (int i = 0; i < 2; i++)
        if (runcover_athlete_new(&a[i]) != RUNCOVER_OK || runcover_session_new(&s[i]) != RUNCOVER_OK)
            abort();
    /* 0: every fact absent; 1: a hard long run */
    runcover_athlete_set_mass_kg(a[1], 70);
    runcover_athlete_set_age(a[1], 34);
    runcover_session_set_kind(s[1], RUNCOVER_KIND_LONG);
    runcover_session_set_rpe(s[1], 7);
    runcover_session_set_duration_min(s[1], 132);
    runcover_session_set_distance_km(s[1], 25);
    runcover_session_set_text(s[1], "end", "2026-11-22T09:30:00+01:00");
    for (int i = 0; i < 2; i++) {
        runcover_plan *p;
        if (runcover_evaluate(&p, ev, a[i], s[i]) != RUNCOVER_OK)
            continue;
        char *t;
        static const char *const ids[] = { "w", "a" };
        for (size_t k = 0; k < 2; k++)
            if (runcover_plan_why_not(&t, p, ids[k]) == RUNCOVER_OK)
                runcover_string_free(t);
        for (size_t k = 0; k < runcover_plan_count(p); k++)
            if (runcover_plan_explain(&t, p, k) == RUNCOVER_OK)
                runcover_string_free(t);
        if (runcover_plan_to_json(&t, p, RUNCOVER_JSON_EXPLAIN) == RUNCOVER_OK)
            runcover_string_free(t);
        if (runcover_plan_to_text(&t, p, RUNCOVER_JSON_EXPLAIN) == RUNCOVER_OK)
            runcover_string_free(t);
        runcover_plan_free(p);
    }
    for (int i = 0; i < 2; i++) {
        bits_agree(ev, a[i], s[i]);
        runcover_athlete_free(a[i]);
        runcover_session_free(s[i]);
    }
    runcover_athlete *fa;
    runcover_session *fs;
    if (runcover_athlete_new(&fa) != RUNCOVER_OK || runcover_session_new(&fs) != RUNCOVER_OK)
        abort();
    set_everything(ev, fa, fs, 0x2545F491u);
    bits_agree(ev, fa, fs);
    runcover_athlete_free(fa);
    runcover_session_free(fs);
}

static void try_load(const char *y, int n)
{
    runcover_evaluator *ev;
    if (n < 0 || runcover_evaluator_new(&ev) != RUNCOVER_OK)
        return;
    if (runcover_evaluator_load_string(ev, "expr.yaml", y, (size_t)n) == RUNCOVER_OK)
        evaluate(ev);
    runcover_evaluator_free(ev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 8192)
        return 0;
    char *q = malloc(2 * size + 3);
    char *y = malloc(8 * size + 1024); /* at most three copies of the quoted input */
    if (!q || !y)
        abort();
    size_t ql = quote(q, data, size);
    static const char head[] = "format: 1\nprotocol: f\nversion: 1\nsources: { s: \"s\" }\nderive:\n  dd: %.*s\nrules:\n";
    /* A: a condition */
    int n = sprintf(y, head, (int)ql, q);
    n += sprintf(y + n, "  - id: w\n    when: %.*s\n    category: rest\n    phase: mid_term\n    title: W\n"
                        "  - id: a\n    when: derive.dd and not fired(\"w\")\n    category: sleep\n"
                        "    phase: long_term\n    title: A\n",
                 (int)ql, q);
    try_load(y, n);
    /* B: a number (the template hole gets the unquoted text) */
    n = sprintf(y, head, (int)ql, q);
    n += sprintf(y + n, "  - id: a\n    when: 'true'\n    category: refuel\n    phase: immediate\n    title: A\n"
                        "    amount: { min: %.*s, max: derive.dd + 1, unit: g }\n    recovery_hours: derive.dd\n"
                        "    detail: 'x {%.*s} y'\n",
                 (int)ql, q, (int)ql - 2, q + 1);
    try_load(y, n);
    free(q);
    free(y);
    return 0;
}
