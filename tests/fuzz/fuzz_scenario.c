/* fuzz_scenario.c — the scenario reader on arbitrary bytes; a scenario that
 * loads is evaluated on the default protocols and checked. */
#include <stdint.h>
#include <stdlib.h>

#include <runcover/runcover.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static runcover_evaluator *g_ev;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!g_ev && runcover_evaluator_new_default(&g_ev) != RUNCOVER_OK)
        abort();
    runcover_scenario *sc = NULL;
    runcover_status st = runcover_scenario_load_string(&sc, "fuzz.yaml", (const char *)data, size);
    if (st != RUNCOVER_OK) {
        if (sc || runcover_last_error()->code != st)
            abort();
        return 0;
    }
    runcover_plan *p;
    if (runcover_evaluate(&p, g_ev, runcover_scenario_athlete(sc), runcover_scenario_session(sc)) == RUNCOVER_OK) {
        char *report = NULL;
        size_t failures;
        if (runcover_scenario_check(&report, &failures, sc, p) == RUNCOVER_OK)
            runcover_string_free(report);
        char *json = NULL;
        if (runcover_plan_to_json(&json, p, RUNCOVER_JSON_EXPLAIN) == RUNCOVER_OK)
            runcover_string_free(json);
        runcover_plan_free(p);
    }
    runcover_scenario_free(sc);
    return 0;
}
