/*
 * basic.c — the shortest correct use of libruncover: the default protocols,
 * one athlete, one finished run, the plan printed. Every status is checked.
 *
 *   cc basic.c $(pkg-config --cflags --libs runcover) && ./a.out
 */
#include <stdio.h>
#include <stdlib.h>

#include <runcover/runcover.h>

static int fail(const char *what)
{
    const runcover_error *e = runcover_last_error();
    fprintf(stderr, "%s: %s\n", what, e->message);
    return EXIT_FAILURE;
}

int main(void)
{
    runcover_evaluator *ev = NULL;
    runcover_athlete *a = NULL;
    runcover_session *s = NULL;
    runcover_plan *p = NULL;
    int rc = EXIT_FAILURE;

    if (runcover_evaluator_new_default(&ev) != RUNCOVER_OK) {
        rc = fail("loading the default protocols");
        goto out;
    }
    if (runcover_athlete_new(&a) != RUNCOVER_OK || runcover_athlete_set_mass_kg(a, 70.0) != RUNCOVER_OK ||
        runcover_athlete_set_number(a, "age", 34) != RUNCOVER_OK) {
        rc = fail("athlete");
        goto out;
    }
    if (runcover_session_new(&s) != RUNCOVER_OK || runcover_session_set_kind(s, RUNCOVER_KIND_LONG) != RUNCOVER_OK ||
        runcover_session_set_text(s, "end", "2026-11-22T09:30:00+01:00") != RUNCOVER_OK ||
        runcover_session_set_number(s, "duration_min", 132) != RUNCOVER_OK ||
        runcover_session_set_number(s, "rpe", 8) != RUNCOVER_OK ||
        runcover_session_set_number(s, "checkin.soreness", 6) != RUNCOVER_OK) {
        rc = fail("session");
        goto out;
    }
    if (runcover_evaluate(&p, ev, a, s) != RUNCOVER_OK) {
        rc = fail("evaluate");
        goto out;
    }

    for (size_t i = 0; i < runcover_plan_count(p); i++) {
        const runcover_item *it = runcover_plan_item(p, i);
        const char *detail = runcover_item_detail(it);
        printf("[%s] %s%s%s\n", runcover_item_category(it), runcover_item_title(it), detail ? " - " : "",
               detail ? detail : "");
    }
    double hours;
    if (runcover_plan_recovery_hours(p, &hours))
        printf("recovery: %.0f h\n", hours);
    const char *next = runcover_plan_next_hard_session_after(p);
    if (next)
        printf("next hard session after %s\n", next);
    if (runcover_plan_red_flag(p))
        printf("see a professional before training again\n");
    rc = EXIT_SUCCESS;

out:
    runcover_plan_free(p);
    runcover_session_free(s);
    runcover_athlete_free(a);
    runcover_evaluator_free(ev);
    return rc;
}
