/* fuzz_expr.c — the expression compiler: the input becomes the `when` of a
 * rule, an amount and a derive of a small protocol (as a YAML single-quoted
 * scalar, so every byte sequence reaches the expression lexer), then the
 * protocol is loaded and, if it loads, evaluated. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <runcover/runcover.h>

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 8192)
        return 0;
    char *q = malloc(2 * size + 3);
    char *y = malloc(8 * size + 1024); /* four copies of the quoted input */
    if (!q || !y)
        abort();
    size_t ql = quote(q, data, size);
    int n = 0;
    n += sprintf(y + n, "format: 1\nprotocol: f\nversion: 1\nsources: { s: \"s\" }\nderive:\n  d: %.*s\n", (int)ql, q);
    n += sprintf(y + n, "rules:\n  - id: w\n    when: %.*s\n    category: rest\n    phase: mid_term\n    title: W\n",
                 (int)ql, q);
    n += sprintf(y + n, "  - id: a\n    when: 'true'\n    category: refuel\n    phase: immediate\n    title: A\n"
                        "    amount: { min: %.*s, unit: g }\n    detail: 'x {%.*s} y'\n",
                 (int)ql, q, (int)ql - 2, q + 1);
    runcover_evaluator *ev;
    if (runcover_evaluator_new(&ev) == RUNCOVER_OK) {
        if (runcover_evaluator_load_string(ev, "expr.yaml", y, (size_t)n) == RUNCOVER_OK) {
            runcover_athlete *a;
            runcover_session *s;
            runcover_plan *p;
            if (runcover_athlete_new(&a) == RUNCOVER_OK && runcover_session_new(&s) == RUNCOVER_OK) {
                runcover_athlete_set_mass_kg(a, 70);
                runcover_session_set_rpe(s, 7);
                if (runcover_evaluate(&p, ev, a, s) == RUNCOVER_OK) {
                    char *t;
                    if (runcover_plan_why_not(&t, p, "w") == RUNCOVER_OK)
                        runcover_string_free(t);
                    runcover_plan_free(p);
                }
                runcover_session_free(s);
            }
            runcover_athlete_free(a);
        }
        runcover_evaluator_free(ev);
    }
    free(q);
    free(y);
    return 0;
}
