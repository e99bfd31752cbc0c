/*
 * handles.h — the athlete and session handles (athlete.c, session.c).
 * Values are stored by catalogue slot, NaN when absent.
 */
#ifndef RC_HANDLES_H
#define RC_HANDLES_H

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
/* Derived session values (NaN when absent). */
double rc_session_end_hour(const runcover_session *s);
double rc_session_end_minute(const runcover_session *s); /* 16:00:30 local is 960.5 */
double rc_session_mass_loss(const runcover_session *s);

/* Shared keyed-setter core: owner is RUNCOVER_FACT_ATHLETE or _SESSION. */
runcover_status rc_keyed_set(unsigned owner, double *v, rc_extset *ext, rc_load_params *lp, const char *key,
                             runcover_fact_type given, double num, const char *text);

#endif
