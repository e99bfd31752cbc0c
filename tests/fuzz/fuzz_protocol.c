/* fuzz_protocol.c — the protocol loader on arbitrary bytes: refused with an
 * error or loaded, never a crash, a hang or a leak; a failed load leaves the
 * evaluator as it was. */
#include <stdint.h>
#include <stdlib.h>

#include <runcover/runcover.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    runcover_evaluator *ev;
    if (runcover_evaluator_new(&ev) != RUNCOVER_OK)
        return 0;
    size_t before = runcover_evaluator_rule_count(ev);
    runcover_status st = runcover_evaluator_load_string(ev, "fuzz.yaml", (const char *)data, size);
    if (st != RUNCOVER_OK) {
        const runcover_error *e = runcover_last_error();
        if (e->code != st || !e->message || runcover_evaluator_rule_count(ev) != before)
            abort();
        for (size_t i = 0; i < runcover_last_error_count(); i++)
            if (!runcover_last_error_at(i) || !runcover_last_error_at(i)->message)
                abort();
    }
    runcover_evaluator_free(ev);
    return 0;
}
