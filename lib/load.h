/*
 * load.h — the training-load model (load.c): turns an athlete's history and
 * the current session into the derived load.* facts. Every convention is an
 * explicit parameter with a documented default (protocols/README.md, "Load
 * model"); every result is NaN when undefined (absent).
 */
#ifndef RC_LOAD_H
#define RC_LOAD_H

#include "rc.h"

/* Order of the load.* facts: the fact catalogue uses the same order. */
enum rc_load_fact {
    RC_LOAD_SESSION = 0,   /* Foster session-RPE load of the current session: rpe × duration_min */
    RC_LOAD_TRIMP,         /* Banister TRIMP of the current session */
    RC_LOAD_ACUTE_7D,
    RC_LOAD_CHRONIC_28D,
    RC_LOAD_ACWR,
    RC_LOAD_ACUTE_EWMA,
    RC_LOAD_CHRONIC_EWMA,
    RC_LOAD_ACWR_EWMA,
    RC_LOAD_MONOTONY_7D,
    RC_LOAD_STRAIN_7D,
    RC_LOAD_FITNESS,
    RC_LOAD_FATIGUE,
    RC_LOAD_PERFORMANCE,
    RC_LOAD_CTL,
    RC_LOAD_ATL,
    RC_LOAD_TSB,
    RC_LOAD_RACES_30D,
    RC_LOAD_RACES_90D,
    RC_LOAD_ULTRAS_30D,
    RC_LOAD_ULTRAS_90D,
    RC_LOAD_DAYS_SINCE_RACE,
    RC_LOAD_DAYS_SINCE_HARD,
    RC_LOAD_NFACTS
};

/* Names, without the "load." prefix, in enum order. */
extern const char *const rc_load_fact_names[RC_LOAD_NFACTS];

typedef enum rc_pmc_weight {
    RC_PMC_W_INV_N = 0,     /* "1/N" */
    RC_PMC_W_ONE_MINUS_EXP, /* "1-exp(-1/N)" */
    RC_PMC_W_TWO_OVER_N1    /* "2/(N+1)" */
} rc_pmc_weight;

typedef struct rc_load_params {
    double acute_days;       /* rolling acute window, default 7 */
    double chronic_days;     /* rolling chronic window, default 28 */
    double ewma_acute_n;     /* EWMA N for acute, default 7 (λ = 2/(N+1)) */
    double ewma_chronic_n;   /* default 28 */
    double fitness_tau;      /* Banister τ1, default 42 */
    double fatigue_tau;      /* Banister τ2, default 7 */
    double k1;               /* default 1 */
    double k2;               /* default 2 */
    double p0;               /* default 0 */
    double ctl_days;         /* PMC chronic N, default 42 */
    double atl_days;         /* PMC acute N, default 7 */
    int pmc_weight;          /* rc_pmc_weight, default RC_PMC_W_ONE_MINUS_EXP */
    bool tsb_previous_day;   /* form = CTL − ATL of the previous day (default true) or same day */
    bool sample_sd;          /* monotony SD: population (default false) or sample */
    double trimp_a;          /* default 0.64 */
    double trimp_b_male;     /* default 1.92 */
    double trimp_b_female;   /* default 1.67 */
    double hard_rpe;         /* RPE at or above which a session is hard, default 7 */
} rc_load_params;

void rc_load_params_default(rc_load_params *p);

/* Parameter table for keyed access ("load_model.NAME"): name → offset. */
typedef struct rc_load_param_info {
    const char *name;     /* e.g. "fitness_tau" */
    int kind;             /* 0 number, 1 pmc weight text, 2 bool (text "true"/"false" or number 0/1) */
    double min, max;      /* numbers */
    size_t offset;        /* offsetof(rc_load_params, field) */
    const char *doc;
} rc_load_param_info;
extern const rc_load_param_info rc_load_param_table[];
extern const size_t rc_load_param_count;
const rc_load_param_info *rc_load_param_find(const char *name);
/* Text values of pmc_weight: "1/N", "1-exp(-1/N)", "2/(N+1)". */
bool rc_pmc_weight_parse(const char *s, int *out);
const char *rc_pmc_weight_name(int w);

/* One session as the load model sees it. Numbers are NaN when absent. */
typedef struct rc_load_session {
    int64_t end_unix;   /* seconds since the epoch (UTC) */
    int offset_min;     /* UTC offset of the end time, minutes */
    int kind;           /* runcover_kind, or -1 when absent */
    double duration_min;
    double rpe;
    double avg_hr;
} rc_load_session;

typedef struct rc_load_athlete {
    double hr_rest, hr_max; /* NaN when absent */
    int sex;                /* runcover_sex or -1 */
} rc_load_athlete;

/*
 * Computes every load.* fact into out[RC_LOAD_NFACTS] (NaN = absent).
 * hist: n sessions sorted by end_unix ascending (may include sessions after
 * `cur`, which are ignored, as are sessions more than `horizon` days before
 * it where no fact needs them). cur: the session being evaluated (its own
 * load counts on its day). If cur has no end time (end_unix == INT64_MIN),
 * only RC_LOAD_SESSION and RC_LOAD_TRIMP can be computed.
 * Linear in n; allocates nothing (fixed-size day buffers inside, with the
 * EWMA/Banister/PMC recurrences stepped day by day from the first history day).
 */
void rc_load_compute(const rc_load_params *p, const rc_load_athlete *a, const rc_load_session *hist, size_t n,
                     const rc_load_session *cur, double out[RC_LOAD_NFACTS]);

#endif
