/*
 * facts.h — the one fact catalogue (facts.c). A table of every built-in fact
 * (path, key, type, unit, range, enum names, storage slot) drives the
 * setters' validation, the scenario reader, the type checker, the JSON
 * "load" section and the introspection API.
 *
 * Fact values live in a vector of doubles indexed by slot; NaN means absent
 * (setters refuse NaN, so the two never mix). Enums hold their index, flags
 * 0/1, sets a bit mask, times unix seconds.
 */
#ifndef RC_FACTS_H
#define RC_FACTS_H

#include "load.h"
#include "rc.h"

enum rc_slot {
    /* athlete block */
    RC_A_MASS = 0, RC_A_AGE, RC_A_SEX, RC_A_EXPERIENCE, RC_A_WEEKLY_KM, RC_A_PHASE, RC_A_PREFS, RC_A_UNITS,
    RC_A_HR_REST, RC_A_HR_MAX,
    RC_A_COUNT,
    /* session block */
    RC_S_KIND = RC_A_COUNT, RC_S_END, RC_S_DURATION, RC_S_DISTANCE, RC_S_RPE, RC_S_AVG_HR, RC_S_ASCENT,
    RC_S_DESCENT, RC_S_TEMP, RC_S_HUMIDITY, RC_S_MASS_BEFORE, RC_S_MASS_AFTER, RC_S_FLUID, RC_S_SORENESS,
    RC_S_SHARP_PAIN, RC_S_SWELLING, RC_S_BRUISING, RC_S_DEFORMITY, RC_S_NUMBNESS, RC_S_PAIN_WORSENING,
    RC_S_INTERFERES_DAILY, RC_S_PERSISTENT_PAIN_DAYS,
    RC_S_END_OFFSET, /* internal: UTC offset of session.end in minutes; not a fact */
    RC_S_LAST,
    /* derived from the session */
    RC_D_END_HOUR = RC_S_LAST, RC_D_END_MINUTE, RC_D_MASS_LOSS,
    /* derived from the history: RC_LOAD_NFACTS slots in rc_load_fact order */
    RC_L_FIRST,
    RC_BUILTIN_SLOTS = RC_L_FIRST + RC_LOAD_NFACTS
};

#define RC_S_COUNT (RC_S_LAST - RC_A_COUNT)

typedef struct rc_fact {
    const char *path;
    const char *key;   /* without the athlete./session. prefix */
    runcover_fact_type type;
    const char *unit;
    double min, max;
    const char *const *enums;
    size_t nenum;
    unsigned flags;    /* RUNCOVER_FACT_* */
    int slot;
    const char *doc;
} rc_fact;

extern const rc_fact rc_facts[];
extern const size_t rc_fact_count_builtin;

/* Enum name tables (index order = public C enums). */
extern const char *const rc_kind_names[8];
extern const char *const rc_phase_names[6];
extern const char *const rc_sex_names[2];
extern const char *const rc_units_names[2];
extern const char *const rc_pref_names[6];

/* Looks up a built-in fact by path ("athlete.mass_kg"). */
const rc_fact *rc_fact_by_path(const char *path, size_t len);
/* Looks up by key for a handle: owner is RUNCOVER_FACT_ATHLETE or _SESSION;
 * accepts "key" or "athlete.key"/"session.key". Derived facts are found too. */
const rc_fact *rc_fact_by_key(unsigned owner, const char *key);
const rc_fact *rc_fact_by_slot(int slot);
int rc_enum_index(const rc_fact *f, const char *name, size_t len);

/* Checks a number for a fact; on refusal reports RANGE naming the fact. */
runcover_status rc_fact_check_number(const rc_fact *f, double v);

/* ext.* values kept in handles by name until evaluation. An evaluation
 * finds each one's slot by name in the program, then remembers it in
 * `slot_cache` (the program's serial and the slot, written and read
 * atomically, so handles shared between threads stay race-free) and goes
 * straight to the slot the next time with the same program. Setting the
 * value clears it. Where 64-bit atomics need a lock the cache is not used. */
#if defined(__STDC_NO_ATOMICS__)
#define RC_EXT_CACHE 0
#else
#include <stdatomic.h>
#if ATOMIC_LLONG_LOCK_FREE == 2
#define RC_EXT_CACHE 1
#else
#define RC_EXT_CACHE 0
#endif
#endif
typedef struct rc_ext {
    char *name;          /* without "ext." */
    uint32_t hash;
    runcover_fact_type type; /* NUMBER or FLAG as set */
    double value;
#if RC_EXT_CACHE
    _Atomic unsigned long long slot_cache; /* program serial << 24 | (slot + 1), or 0 */
#endif
} rc_ext;
#define RC_EXT_CACHE_SLOT_BITS 24

typedef struct rc_extset {
    rc_ext *v;
    size_t n, cap;
} rc_extset;

uint32_t rc_hash(const char *s, size_t n);
runcover_status rc_extset_set(rc_extset *e, const char *name, runcover_fact_type type, double value);
void rc_extset_unset(rc_extset *e, const char *name);
const rc_ext *rc_extset_get(const rc_extset *e, const char *name);
runcover_status rc_extset_copy(rc_extset *dst, const rc_extset *src);
void rc_extset_free(rc_extset *e);

/* RFC 3339 with a mandatory offset ("Z" or ±hh:mm); seconds optional
 * fractional part ignored. */
enum { RC_TIME_BAD, RC_TIME_OK, RC_TIME_RANGE };
/* RC_TIME_OK, RC_TIME_BAD (not RFC 3339 with an offset) or RC_TIME_RANGE
 * (a valid time outside 1970-01-01 .. 2200-12-31 UTC). */
int rc_time_parse(const char *s, size_t n, int64_t *unix_s, int *offset_min);
/* Formats unix seconds in the given offset as RFC 3339 ("...Z" for 0). */
void rc_time_format(char out[32], int64_t unix_s, int offset_min);

#endif
