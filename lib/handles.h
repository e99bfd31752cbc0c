/*
 * handles.h — the athlete and session handles (athlete.c, session.c).
 * Values are stored by catalogue slot, NaN when absent.
 */
#ifndef RC_HANDLES_H
#define RC_HANDLES_H

#include <math.h>
#include <stdint.h>

#include "facts.h"
#include "load.h"

struct runcover_session {
    double v[RC_S_COUNT]; /* index = slot - RC_A_COUNT */
    rc_extset ext;
};

struct runcover_athlete {
    double v[RC_A_COUNT];
    rc_extset ext;
    rc_load_params load;
    runcover_session **hist; /* sorted by end time, oldest first */
    size_t nhist, caphist;
};

#define RC_SV(s, slot) ((s)->v[(slot) - RC_A_COUNT])
#define RC_MAX_HISTORY 100000

void rc_session_init(runcover_session *s);
void rc_session_dispose(runcover_session *s);
runcover_status rc_session_copy(runcover_session *dst, const runcover_session *src);
/* Derived session values (NaN when absent): session.end_hour_local,
 * session.end_minute_local (16:00:30 local is 960.5), session.mass_loss_kg.
 * Inline: every evaluation computes them. */
static inline void rc_session_derived(const runcover_session *s, double *hour, double *minute, double *mass_loss)
{
    double t = RC_SV(s, RC_S_END);
    *mass_loss = RC_SV(s, RC_S_MASS_BEFORE) - RC_SV(s, RC_S_MASS_AFTER); /* NaN if either is absent */
    if (isnan(t)) {
        *hour = *minute = NAN;
        return;
    }
    int64_t local = (int64_t)t + (int64_t)RC_SV(s, RC_S_END_OFFSET) * 60;
    int64_t sec = local % 86400;
    if (sec < 0)
        sec += 86400;
    *hour = (double)(sec / 3600);
    *minute = (double)sec / 60;
}

/* Shared keyed-setter core: owner is RUNCOVER_FACT_ATHLETE or _SESSION. */
runcover_status rc_keyed_set(unsigned owner, double *v, rc_extset *ext, rc_load_params *lp, const char *key,
                             runcover_fact_type given, double num, const char *text);

#endif
