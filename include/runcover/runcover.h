/*
 * libruncover — running-recovery advice as an embeddable C library.
 *
 * SPDX-License-Identifier: MIT
 *
 * This header is the reference manual of the C API. Every declaration is
 * documented here; nothing else is public. Conventions (see CONTRIBUTING.md):
 *
 *  - Every function, type and macro starts with runcover_ / RUNCOVER_.
 *  - Handles are opaque; runcover_<object>_new() creates, _free() destroys,
 *    and _free(NULL) is a no-op.
 *  - Fallible functions return a ::runcover_status; out-parameters come
 *    first, then the object, then the inputs. On failure out-parameters and
 *    handles are left unchanged and runcover_last_error() says what went
 *    wrong. Every fallible call resets the last error first.
 *  - Getters never allocate. A returned `const char *` lives as long as the
 *    handle it came from (until that handle is freed or, for a plan, until it
 *    is evaluated into again). Text the library allocates for the caller
 *    (explanations, JSON) is released with runcover_string_free().
 *  - Units are metric everywhere in the API: kg, km, m, minutes, °C, ml.
 *
 * The advice is general recovery guidance, not medical advice.
 */
#ifndef RUNCOVER_RUNCOVER_H
#define RUNCOVER_RUNCOVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup version Versions
 * Compile-time and run-time version information.
 * @{
 */

/** Major version: changes only if the ABI breaks (never planned). @since 0.1.0 */
#define RUNCOVER_VERSION_MAJOR 0
/** Minor version: grows when functions are added. @since 0.1.0 */
#define RUNCOVER_VERSION_MINOR 1
/** Patch version: fixes only. @since 0.1.0 */
#define RUNCOVER_VERSION_PATCH 0
/** The version as one number, major * 10000 + minor * 100 + patch. @since 0.1.0 */
#define RUNCOVER_VERSION_NUMBER \
    (RUNCOVER_VERSION_MAJOR * 10000 + RUNCOVER_VERSION_MINOR * 100 + RUNCOVER_VERSION_PATCH)
/** The version as a string literal, "major.minor.patch". @since 0.1.0 */
#define RUNCOVER_VERSION_STRING "0.1.0"
/**
 * True when the headers are at least version a.b.c.
 * @since 0.1.0
 */
#define RUNCOVER_VERSION_CHECK(a, b, c) \
    (RUNCOVER_VERSION_NUMBER >= ((a) * 10000 + (b) * 100 + (c)))

/**
 * The run-time library version as "major.minor.patch".
 * @return a static string; never NULL.
 * @since 0.1.0
 */
const char *runcover_version(void);

/**
 * The run-time library version as major * 10000 + minor * 100 + patch.
 * Compare it with ::RUNCOVER_VERSION_NUMBER to detect a library older than
 * the headers a program was built with.
 * @since 0.1.0
 */
int runcover_version_number(void);

/** @} */

/**
 * @defgroup errors Status codes and errors
 * @{
 */

/**
 * Status codes. Values are fixed forever; new codes are only appended.
 * @since 0.1.0
 */
typedef enum runcover_status {
    RUNCOVER_OK = 0,          /**< Success. */
    RUNCOVER_E_INVALID = 1,   /**< A bad argument or value (wrong type, unknown name). */
    RUNCOVER_E_RANGE = 2,     /**< A number outside the allowed range, NaN or infinite. */
    RUNCOVER_E_NOMEM = 3,     /**< An allocation failed; nothing was changed. */
    RUNCOVER_E_IO = 4,        /**< A file could not be opened or read. */
    RUNCOVER_E_SYNTAX = 5,    /**< Malformed YAML or expression syntax. */
    RUNCOVER_E_SCHEMA = 6,    /**< Valid YAML that is not a valid protocol or scenario. */
    RUNCOVER_E_TYPE = 7,      /**< An expression or value has the wrong type. */
    RUNCOVER_E_LIMIT = 8,     /**< A size, depth or count limit was exceeded. */
    RUNCOVER_E_NOTFOUND = 9,  /**< No such fact, rule or item; or a value is absent. */
    RUNCOVER_E_MISUSE = 10    /**< The caller broke the API contract (NULL handle, wrong state). */
} runcover_status;

/**
 * A fixed English description of a status code.
 * @param code any value; unknown codes give "unknown status".
 * @return a static string; never NULL.
 * @since 0.1.0
 */
const char *runcover_status_str(int code);

/**
 * One error. Positions are 1-based; 0 means "no position".
 * @since 0.1.0
 */
typedef struct runcover_error {
    runcover_status code; /**< The status the failing call returned. */
    const char *message;  /**< What went wrong, never NULL ("" after success). */
    const char *file;     /**< The file or buffer name, or "" when none applies. */
    unsigned line;        /**< 1-based line, or 0. */
    unsigned column;      /**< 1-based column, or 0. */
} runcover_error;

/**
 * The error of the last fallible call on this thread.
 *
 * Thread-local and never NULL. After a successful call its code is
 * ::RUNCOVER_OK and its message "". The pointed-to memory stays valid until
 * the next fallible call on the same thread.
 * @since 0.1.0
 */
const runcover_error *runcover_last_error(void);

/**
 * How many errors the last fallible call on this thread collected.
 *
 * Loading protocols reports every error it can find (up to a limit, see
 * protocols/README.md); the first is also runcover_last_error(). 0 after
 * success.
 * @since 0.1.0
 */
size_t runcover_last_error_count(void);

/**
 * The i-th error collected by the last fallible call on this thread.
 * @return the error, or NULL when @p i >= runcover_last_error_count().
 * @since 0.1.0
 */
const runcover_error *runcover_last_error_at(size_t i);

/**
 * Releases text the library allocated for the caller (explanations, JSON).
 * @param s the string; NULL is a no-op.
 * @since 0.1.0
 */
void runcover_string_free(char *s);

/** @} */

/**
 * @defgroup alloc Allocation
 * @{
 */

/**
 * A custom allocator. All three functions must be given. @p realloc_fn
 * follows realloc() semantics for non-NULL pointers and sizes > 0.
 * @since 0.1.0
 */
typedef struct runcover_allocator {
    void *(*malloc_fn)(size_t size, void *userdata);            /**< Allocate. */
    void *(*realloc_fn)(void *ptr, size_t size, void *userdata); /**< Resize. */
    void (*free_fn)(void *ptr, void *userdata);                  /**< Release; NULL is passed never. */
    void *userdata;                                              /**< Passed to every call. */
} runcover_allocator;

/**
 * Sets the process-wide allocator used for every allocation the library
 * makes (libyaml's own internal buffers excepted).
 *
 * Allowed only before the library has allocated anything (before the first
 * handle is created); afterwards it returns ::RUNCOVER_E_MISUSE.
 * @param[in] a the allocator (copied), or NULL to restore malloc/realloc/free.
 * @return ::RUNCOVER_OK, ::RUNCOVER_E_INVALID (a function missing) or
 *         ::RUNCOVER_E_MISUSE.
 * @since 0.1.0
 */
runcover_status runcover_set_allocator(const runcover_allocator *a);

/** @} */

/**
 * @defgroup handles Opaque handles
 * @{
 */

/** An athlete: body, preferences, training history. runcover_athlete_new() / runcover_athlete_free(). @since 0.1.0 */
typedef struct runcover_athlete runcover_athlete;
/** A finished session and the check-in after it. runcover_session_new() / runcover_session_free(). @since 0.1.0 */
typedef struct runcover_session runcover_session;
/** A loaded, compiled protocol set. runcover_evaluator_new() / runcover_evaluator_free(). @since 0.1.0 */
typedef struct runcover_evaluator runcover_evaluator;
/** A recovery plan. runcover_evaluate() or runcover_plan_new() / runcover_plan_free(). @since 0.1.0 */
typedef struct runcover_plan runcover_plan;
/** One item of a plan, owned by the plan. runcover_plan_item(). @since 0.1.0 */
typedef struct runcover_item runcover_item;
/** A scenario file: an athlete, a session and optional expectations. runcover_scenario_load_file() / runcover_scenario_free(). @since 0.1.0 */
typedef struct runcover_scenario runcover_scenario;

/** @} */

/**
 * @defgroup facts Fact catalogue
 *
 * Every input the protocols can read is a *fact* with a path such as
 * "athlete.mass_kg" or "session.checkin.soreness". The typed setters below
 * are conveniences; the keyed setters (runcover_athlete_set_number() …)
 * reach every fact by name and are how new facts are added without new
 * symbols. A fact that was never set is *absent*, which is not the same as 0.
 * @{
 */

/** The type of a fact. @since 0.1.0 */
typedef enum runcover_fact_type {
    RUNCOVER_FACT_NUMBER = 0, /**< A finite double in [min, max]. */
    RUNCOVER_FACT_FLAG = 1,   /**< true or false. */
    RUNCOVER_FACT_ENUM = 2,   /**< One of a fixed list of names. */
    RUNCOVER_FACT_SET = 3,    /**< A set of names from a fixed list (always present, maybe empty). */
    RUNCOVER_FACT_TIME = 4,   /**< An instant with a UTC offset (RFC 3339). */
    RUNCOVER_FACT_TEXT = 5    /**< Reserved for protocol-declared text facts. */
} runcover_fact_type;

/** The fact belongs to the athlete: read and (unless DERIVED) set through the
 * athlete's keyed functions. @since 0.1.0 */
#define RUNCOVER_FACT_ATHLETE 0x1u
/** The fact belongs to the session: read through runcover_session_get_number()
 * and, unless DERIVED, set through the session's keyed setters. @since 0.1.0 */
#define RUNCOVER_FACT_SESSION 0x2u
/** The fact is computed by the library (session.end_hour_local,
 * session.end_minute_local, session.mass_loss_kg, load.*); no setter
 * accepts it. @since 0.1.0 */
#define RUNCOVER_FACT_DERIVED 0x4u
/** The fact was declared by a loaded protocol (ext.*). @since 0.1.0 */
#define RUNCOVER_FACT_EXT 0x8u

/**
 * A description of one fact, filled by runcover_fact_info().
 *
 * Growable: the caller sets @c size to sizeof(runcover_fact_desc) before the
 * call; the library fills only the fields that fit.
 * @since 0.1.0
 */
typedef struct runcover_fact_desc {
    size_t size;                      /**< Set by the caller: sizeof(runcover_fact_desc). */
    const char *path;                 /**< Path in the language, e.g. "session.checkin.soreness". */
    const char *key;                  /**< Key for keyed setters and scenario files, e.g. "checkin.soreness". */
    runcover_fact_type type;          /**< The fact's type. */
    const char *unit;                 /**< Unit ("kg", "min", …) or "" when none. */
    double min;                       /**< Smallest allowed value (numbers). */
    double max;                       /**< Largest allowed value (numbers). */
    size_t enum_count;                /**< Number of names (enum and set facts), else 0. */
    const char *const *enum_values;   /**< The names, in index order, or NULL. */
    unsigned flags;                   /**< RUNCOVER_FACT_ATHLETE, _SESSION, _DERIVED, _EXT. */
    const char *doc;                  /**< One line of documentation. */
} runcover_fact_desc;

/**
 * How many facts there are: the built-in catalogue, plus the ext.* facts
 * declared by the protocols loaded into @p ev.
 * @param ev an evaluator, or NULL for the built-in facts only.
 * @since 0.1.0
 */
size_t runcover_fact_count(const runcover_evaluator *ev);

/**
 * Describes fact @p i (0 ≤ i < runcover_fact_count(ev)).
 * @param ev an evaluator, or NULL for the built-in facts only.
 * @param i the index.
 * @param[out] out the description; strings live as long as @p ev (static
 *             for built-ins).
 * @return ::RUNCOVER_OK, ::RUNCOVER_E_NOTFOUND (i out of range),
 *         ::RUNCOVER_E_MISUSE (@p out NULL or its size too small).
 * @since 0.1.0
 */
runcover_status runcover_fact_info(const runcover_evaluator *ev, size_t i, runcover_fact_desc *out);

/** Athlete sex (athlete.sex), used by the TRIMP formula. @since 0.1.0 */
typedef enum runcover_sex {
    RUNCOVER_SEX_FEMALE = 0, /**< "female" */
    RUNCOVER_SEX_MALE = 1    /**< "male" */
} runcover_sex;

/** Training phase (athlete.phase). @since 0.1.0 */
typedef enum runcover_phase {
    RUNCOVER_PHASE_BASE = 0,  /**< "base" */
    RUNCOVER_PHASE_BUILD = 1, /**< "build" */
    RUNCOVER_PHASE_PEAK = 2,  /**< "peak" */
    RUNCOVER_PHASE_TAPER = 3, /**< "taper" */
    RUNCOVER_PHASE_RACE = 4,  /**< "race" */
    RUNCOVER_PHASE_OFF = 5    /**< "off" */
} runcover_phase;

/** Unit system for rendered text (athlete.units). @since 0.1.0 */
typedef enum runcover_units {
    RUNCOVER_UNITS_METRIC = 0,  /**< "metric": ml, kg, km, °C */
    RUNCOVER_UNITS_IMPERIAL = 1 /**< "imperial": US fl oz, lb, mi, °F */
} runcover_units;

/** Session kind (session.kind). @since 0.1.0 */
typedef enum runcover_kind {
    RUNCOVER_KIND_EASY = 0,      /**< "easy" */
    RUNCOVER_KIND_LONG = 1,      /**< "long" */
    RUNCOVER_KIND_TEMPO = 2,     /**< "tempo" */
    RUNCOVER_KIND_INTERVALS = 3, /**< "intervals" */
    RUNCOVER_KIND_HILLS = 4,     /**< "hills" */
    RUNCOVER_KIND_RACE = 5,      /**< "race" */
    RUNCOVER_KIND_ULTRA = 6,     /**< "ultra" */
    RUNCOVER_KIND_CROSS = 7      /**< "cross" */
} runcover_kind;

/** athlete.preferences bits. @since 0.1.0 */
#define RUNCOVER_PREF_NO_COLD_THERAPY 0x01u
/** @since 0.1.0 */
#define RUNCOVER_PREF_LACTOSE_FREE 0x02u
/** @since 0.1.0 */
#define RUNCOVER_PREF_VEGETARIAN 0x04u
/** @since 0.1.0 */
#define RUNCOVER_PREF_VEGAN 0x08u
/** @since 0.1.0 */
#define RUNCOVER_PREF_NO_CAFFEINE 0x10u
/** @since 0.1.0 */
#define RUNCOVER_PREF_LIMITED_TIME 0x20u

/** @} */

/**
 * @defgroup athlete Athlete
 *
 * Facts under "athlete." and the training history. Keys for the keyed
 * setters are the fact path with or without the "athlete." prefix
 * ("mass_kg" or "athlete.mass_kg"); "ext.NAME" reaches protocol-declared
 * facts. Load-model parameters use the key "load_model.NAME" with
 * runcover_athlete_set_number()/_set_text() (see protocols/README.md for the
 * list). Every setter checks type and range; a refused value leaves the
 * athlete unchanged and the error names the fact and the allowed range.
 * @{
 */

/**
 * Creates an athlete with every fact absent and the default load model.
 * @param[out] out the new athlete.
 * @return ::RUNCOVER_OK, ::RUNCOVER_E_NOMEM or ::RUNCOVER_E_MISUSE (@p out NULL).
 * @since 0.1.0
 */
runcover_status runcover_athlete_new(runcover_athlete **out);

/**
 * Creates a deep copy of @p a (facts, preferences, history, load model).
 * @return ::RUNCOVER_OK, ::RUNCOVER_E_NOMEM, ::RUNCOVER_E_MISUSE (an argument NULL).
 * @since 0.1.0
 */
runcover_status runcover_athlete_clone(runcover_athlete **out, const runcover_athlete *a);

/** Frees an athlete and its history. NULL is a no-op. @since 0.1.0 */
void runcover_athlete_free(runcover_athlete *a);

/** Sets athlete.mass_kg (30–250). @return ::RUNCOVER_OK, ::RUNCOVER_E_RANGE, ::RUNCOVER_E_MISUSE. @since 0.1.0 */
runcover_status runcover_athlete_set_mass_kg(runcover_athlete *a, double kg);
/**
 * Sets athlete.age in years (10–100).
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_RANGE when the value is out of range, NaN or infinite (the fact keeps its old value); ::RUNCOVER_E_MISUSE when the handle is NULL.
 * @since 0.1.0
 */
runcover_status runcover_athlete_set_age(runcover_athlete *a, double years);
/** Sets athlete.sex. @return ::RUNCOVER_E_INVALID for a value outside ::runcover_sex. @since 0.1.0 */
runcover_status runcover_athlete_set_sex(runcover_athlete *a, runcover_sex sex);
/**
 * Sets athlete.experience_years (0–80).
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_RANGE when the value is out of range, NaN or infinite (the fact keeps its old value); ::RUNCOVER_E_MISUSE when the handle is NULL.
 * @since 0.1.0
 */
runcover_status runcover_athlete_set_experience_years(runcover_athlete *a, double years);
/**
 * Sets athlete.weekly_km (0–400).
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_RANGE when the value is out of range, NaN or infinite (the fact keeps its old value); ::RUNCOVER_E_MISUSE when the handle is NULL.
 * @since 0.1.0
 */
runcover_status runcover_athlete_set_weekly_km(runcover_athlete *a, double km);
/**
 * Sets athlete.phase.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_INVALID for a value outside the enumeration (the fact keeps its old value); ::RUNCOVER_E_MISUSE when the handle is NULL.
 * @since 0.1.0
 */
runcover_status runcover_athlete_set_phase(runcover_athlete *a, runcover_phase phase);
/**
 * Sets athlete.preferences to a set of RUNCOVER_PREF_* bits (unknown bits are ::RUNCOVER_E_INVALID).
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_INVALID for bits outside RUNCOVER_PREF_* (unchanged); ::RUNCOVER_E_MISUSE when the handle is NULL.
 * @since 0.1.0
 */
runcover_status runcover_athlete_set_preferences(runcover_athlete *a, unsigned prefs);
/**
 * Sets athlete.units (text rendering only).
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_INVALID for a value outside the enumeration (the fact keeps its old value); ::RUNCOVER_E_MISUSE when the handle is NULL.
 * @since 0.1.0
 */
runcover_status runcover_athlete_set_units(runcover_athlete *a, runcover_units units);
/**
 * Sets athlete.hr_rest in bpm (25–120).
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_RANGE when the value is out of range, NaN or infinite (the fact keeps its old value); ::RUNCOVER_E_MISUSE when the handle is NULL.
 * @since 0.1.0
 */
runcover_status runcover_athlete_set_hr_rest(runcover_athlete *a, double bpm);
/**
 * Sets athlete.hr_max in bpm (100–230).
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_RANGE when the value is out of range, NaN or infinite (the fact keeps its old value); ::RUNCOVER_E_MISUSE when the handle is NULL.
 * @since 0.1.0
 */
runcover_status runcover_athlete_set_hr_max(runcover_athlete *a, double bpm);

/**
 * Reads athlete.mass_kg.
 * @param[out] out the value, written only when present.
 * @return ::RUNCOVER_OK, ::RUNCOVER_E_NOTFOUND when absent, ::RUNCOVER_E_MISUSE.
 * @since 0.1.0
 */
runcover_status runcover_athlete_get_mass_kg(const runcover_athlete *a, double *out);
/**
 * Reads athlete.age (see runcover_athlete_get_mass_kg()).
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND when the fact is absent (@p out untouched); ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_athlete_get_age(const runcover_athlete *a, double *out);
/** Reads athlete.sex. @return ::RUNCOVER_E_NOTFOUND when absent. @since 0.1.0 */
runcover_status runcover_athlete_get_sex(const runcover_athlete *a, runcover_sex *out);
/**
 * Reads athlete.experience_years.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND when the fact is absent (@p out untouched); ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_athlete_get_experience_years(const runcover_athlete *a, double *out);
/**
 * Reads athlete.weekly_km.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND when the fact is absent (@p out untouched); ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_athlete_get_weekly_km(const runcover_athlete *a, double *out);
/**
 * Reads athlete.phase.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND when the fact is absent (@p out untouched); ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_athlete_get_phase(const runcover_athlete *a, runcover_phase *out);
/**
 * Reads athlete.preferences (always present; 0 when none were set).
 * @return ::RUNCOVER_OK (the set is always present, maybe 0); ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_athlete_get_preferences(const runcover_athlete *a, unsigned *out);
/**
 * Reads athlete.units.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND when the fact is absent (@p out untouched); ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_athlete_get_units(const runcover_athlete *a, runcover_units *out);
/**
 * Reads athlete.hr_rest.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND when the fact is absent (@p out untouched); ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_athlete_get_hr_rest(const runcover_athlete *a, double *out);
/**
 * Reads athlete.hr_max.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND when the fact is absent (@p out untouched); ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_athlete_get_hr_max(const runcover_athlete *a, double *out);

/**
 * Sets a number fact (or load-model parameter) by key.
 * @param key e.g. "mass_kg", "athlete.age", "ext.hrv_drop_pct", "load_model.fitness_tau".
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND (no such fact);
 *         ::RUNCOVER_E_TYPE (not a number fact); ::RUNCOVER_E_RANGE;
 *         ::RUNCOVER_E_NOMEM (ext facts); ::RUNCOVER_E_MISUSE.
 * @since 0.1.0
 */
runcover_status runcover_athlete_set_number(runcover_athlete *a, const char *key, double value);
/**
 * Sets an enum fact by name ("phase" = "build"), a set fact from a list of
 * names separated by commas or spaces ("preferences" = "vegan, no_caffeine"),
 * or a text load-model parameter.
 * @return as runcover_athlete_set_number(); ::RUNCOVER_E_INVALID for an unknown name.
 * @since 0.1.0
 */
runcover_status runcover_athlete_set_text(runcover_athlete *a, const char *key, const char *value);
/**
 * Sets a flag fact by key (ext.* flags; athlete facts have none built in).
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND for an unknown or non-settable key; ::RUNCOVER_E_TYPE when the fact is not a flag; ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_athlete_set_flag(runcover_athlete *a, const char *key, bool value);
/**
 * Makes a fact absent again (a set fact becomes empty; a load-model
 * parameter returns to its default).
 * @return ::RUNCOVER_OK (also when it was absent), ::RUNCOVER_E_NOTFOUND, ::RUNCOVER_E_MISUSE.
 * @since 0.1.0
 */
runcover_status runcover_athlete_unset(runcover_athlete *a, const char *key);
/**
 * Reads a number, enum (its index) or flag (0/1) fact, or a numeric
 * load-model parameter, by key.
 * @return ::RUNCOVER_OK, ::RUNCOVER_E_NOTFOUND (no such fact, or absent), ::RUNCOVER_E_MISUSE.
 * @since 0.1.0
 */
runcover_status runcover_athlete_get_number(const runcover_athlete *a, const char *key, double *out);

/**
 * Adds a past session to the training history. The session is copied; it
 * must have session.end set (else ::RUNCOVER_E_INVALID). History is kept
 * sorted by end time; an exact duplicate (same end, kind, duration and RPE)
 * is refused with ::RUNCOVER_E_INVALID. Sessions that end after the session
 * being evaluated are ignored by the load model.
 * @return ::RUNCOVER_OK, ::RUNCOVER_E_INVALID, ::RUNCOVER_E_LIMIT (more than
 *         100000 sessions), ::RUNCOVER_E_NOMEM, ::RUNCOVER_E_MISUSE.
 * @since 0.1.0
 */
runcover_status runcover_athlete_add_session(runcover_athlete *a, const runcover_session *s);
/** Number of sessions in the history (0 for NULL). @since 0.1.0 */
size_t runcover_athlete_history_count(const runcover_athlete *a);
/**
 * The i-th history session, oldest first, owned by the athlete.
 * @return the session, or NULL when out of range. Valid until the athlete is
 *         changed or freed.
 * @since 0.1.0
 */
const runcover_session *runcover_athlete_history_session(const runcover_athlete *a, size_t i);
/** Removes every history session. @return ::RUNCOVER_OK, ::RUNCOVER_E_MISUSE (NULL). @since 0.1.0 */
runcover_status runcover_athlete_clear_history(runcover_athlete *a);

/** @} */

/**
 * @defgroup session Session
 *
 * Facts under "session.". Keys are the path with or without "session."
 * ("duration_min", "checkin.soreness", "session.rpe", "ext.NAME").
 * @{
 */

/**
 * Creates a session with every fact absent.
 * @return ::RUNCOVER_OK, ::RUNCOVER_E_NOMEM, ::RUNCOVER_E_MISUSE (@p out NULL).
 * @since 0.1.0
 */
runcover_status runcover_session_new(runcover_session **out);
/**
 * Creates a copy of @p s.
 * @return ::RUNCOVER_OK, ::RUNCOVER_E_NOMEM, ::RUNCOVER_E_MISUSE (an argument NULL).
 * @since 0.1.0
 */
runcover_status runcover_session_clone(runcover_session **out, const runcover_session *s);
/** Frees a session. NULL is a no-op. @since 0.1.0 */
void runcover_session_free(runcover_session *s);

/**
 * Sets session.kind.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_INVALID for a value outside the enumeration (the fact keeps its old value); ::RUNCOVER_E_MISUSE when the handle is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_set_kind(runcover_session *s, runcover_kind kind);
/**
 * Sets session.end: @p unix_seconds since 1970-01-01T00:00:00Z (years
 * 1970–2200) and the local UTC offset in minutes (−1439…1439).
 * session.end_hour_local and session.end_minute_local are derived from it.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_RANGE for an instant outside 1970-01-01 to 2200-12-31 UTC or an offset outside ±1439 minutes (unchanged); ::RUNCOVER_E_MISUSE when @p s is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_set_end(runcover_session *s, int64_t unix_seconds, int utc_offset_min);
/**
 * Sets session.duration_min (1–2880).
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_RANGE when the value is out of range, NaN or infinite (the fact keeps its old value); ::RUNCOVER_E_MISUSE when the handle is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_set_duration_min(runcover_session *s, double min);
/**
 * Sets session.distance_km (0–400).
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_RANGE when the value is out of range, NaN or infinite (the fact keeps its old value); ::RUNCOVER_E_MISUSE when the handle is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_set_distance_km(runcover_session *s, double km);
/**
 * Sets session.rpe, session RPE (1–10).
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_RANGE when the value is out of range, NaN or infinite (the fact keeps its old value); ::RUNCOVER_E_MISUSE when the handle is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_set_rpe(runcover_session *s, double rpe);
/**
 * Sets session.avg_hr in bpm (30–230).
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_RANGE when the value is out of range, NaN or infinite (the fact keeps its old value); ::RUNCOVER_E_MISUSE when the handle is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_set_avg_hr(runcover_session *s, double bpm);
/**
 * Sets session.ascent_m (0–20000).
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_RANGE when the value is out of range, NaN or infinite (the fact keeps its old value); ::RUNCOVER_E_MISUSE when the handle is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_set_ascent_m(runcover_session *s, double m);
/**
 * Sets session.descent_m (0–20000).
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_RANGE when the value is out of range, NaN or infinite (the fact keeps its old value); ::RUNCOVER_E_MISUSE when the handle is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_set_descent_m(runcover_session *s, double m);
/**
 * Sets session.temperature_c (−40–55).
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_RANGE when the value is out of range, NaN or infinite (the fact keeps its old value); ::RUNCOVER_E_MISUSE when the handle is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_set_temperature_c(runcover_session *s, double c);
/**
 * Sets session.humidity_pct (0–100).
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_RANGE when the value is out of range, NaN or infinite (the fact keeps its old value); ::RUNCOVER_E_MISUSE when the handle is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_set_humidity_pct(runcover_session *s, double pct);
/**
 * Sets session.mass_before_kg (30–250).
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_RANGE when the value is out of range, NaN or infinite (the fact keeps its old value); ::RUNCOVER_E_MISUSE when the handle is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_set_mass_before_kg(runcover_session *s, double kg);
/**
 * Sets session.mass_after_kg (30–250). session.mass_loss_kg = before − after is derived.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_RANGE when the value is out of range, NaN or infinite (the fact keeps its old value); ::RUNCOVER_E_MISUSE when the handle is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_set_mass_after_kg(runcover_session *s, double kg);
/**
 * Sets session.fluid_ml drunk during the session (0–20000).
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_RANGE when the value is out of range, NaN or infinite (the fact keeps its old value); ::RUNCOVER_E_MISUSE when the handle is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_set_fluid_ml(runcover_session *s, double ml);
/**
 * Sets session.checkin.soreness (0–10).
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_RANGE when the value is out of range, NaN or infinite (the fact keeps its old value); ::RUNCOVER_E_MISUSE when the handle is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_set_soreness(runcover_session *s, double soreness);
/**
 * Sets session.checkin.persistent_pain_days (0–365).
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_RANGE when the value is out of range, NaN or infinite (the fact keeps its old value); ::RUNCOVER_E_MISUSE when the handle is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_set_persistent_pain_days(runcover_session *s, double days);

/** Symptom flags for runcover_session_set_symptom(). @since 0.1.0 */
typedef enum runcover_symptom {
    RUNCOVER_SYMPTOM_SHARP_PAIN = 0,      /**< session.checkin.sharp_pain */
    RUNCOVER_SYMPTOM_SWELLING = 1,        /**< session.checkin.swelling */
    RUNCOVER_SYMPTOM_BRUISING = 2,        /**< session.checkin.bruising */
    RUNCOVER_SYMPTOM_DEFORMITY = 3,       /**< session.checkin.deformity */
    RUNCOVER_SYMPTOM_NUMBNESS = 4,        /**< session.checkin.numbness (also tingling or weakness) */
    RUNCOVER_SYMPTOM_PAIN_WORSENING = 5,  /**< session.checkin.pain_worsening */
    RUNCOVER_SYMPTOM_INTERFERES_DAILY = 6 /**< session.checkin.interferes_daily */
} runcover_symptom;

/** Sets one check-in symptom flag. @return ::RUNCOVER_E_INVALID for an unknown symptom. @since 0.1.0 */
runcover_status runcover_session_set_symptom(runcover_session *s, runcover_symptom symptom, bool present);
/** Reads one check-in symptom flag. @return ::RUNCOVER_E_NOTFOUND when absent. @since 0.1.0 */
runcover_status runcover_session_get_symptom(const runcover_session *s, runcover_symptom symptom, bool *out);

/** Reads session.kind. @return ::RUNCOVER_E_NOTFOUND when absent. @since 0.1.0 */
runcover_status runcover_session_get_kind(const runcover_session *s, runcover_kind *out);
/**
 * Reads session.end. Either out-pointer may be NULL.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND when session.end is absent; ::RUNCOVER_E_MISUSE when @p s is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_get_end(const runcover_session *s, int64_t *unix_seconds, int *utc_offset_min);
/**
 * Reads session.duration_min.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND when the fact is absent (@p out untouched); ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_get_duration_min(const runcover_session *s, double *out);
/**
 * Reads session.distance_km.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND when the fact is absent (@p out untouched); ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_get_distance_km(const runcover_session *s, double *out);
/**
 * Reads session.rpe.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND when the fact is absent (@p out untouched); ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_get_rpe(const runcover_session *s, double *out);
/**
 * Reads session.avg_hr.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND when the fact is absent (@p out untouched); ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_get_avg_hr(const runcover_session *s, double *out);
/**
 * Reads session.ascent_m.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND when the fact is absent (@p out untouched); ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_get_ascent_m(const runcover_session *s, double *out);
/**
 * Reads session.descent_m.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND when the fact is absent (@p out untouched); ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_get_descent_m(const runcover_session *s, double *out);
/**
 * Reads session.temperature_c.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND when the fact is absent (@p out untouched); ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_get_temperature_c(const runcover_session *s, double *out);
/**
 * Reads session.humidity_pct.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND when the fact is absent (@p out untouched); ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_get_humidity_pct(const runcover_session *s, double *out);
/**
 * Reads session.mass_before_kg.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND when the fact is absent (@p out untouched); ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_get_mass_before_kg(const runcover_session *s, double *out);
/**
 * Reads session.mass_after_kg.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND when the fact is absent (@p out untouched); ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_get_mass_after_kg(const runcover_session *s, double *out);
/**
 * Reads session.fluid_ml.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND when the fact is absent (@p out untouched); ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_get_fluid_ml(const runcover_session *s, double *out);
/**
 * Reads session.checkin.soreness.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND when the fact is absent (@p out untouched); ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_get_soreness(const runcover_session *s, double *out);
/**
 * Reads session.checkin.persistent_pain_days.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND when the fact is absent (@p out untouched); ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_get_persistent_pain_days(const runcover_session *s, double *out);

/**
 * Sets a number fact by key ("duration_min", "checkin.soreness", "ext.NAME").
 * Returns as runcover_athlete_set_number().
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND for an unknown or non-settable key; ::RUNCOVER_E_TYPE when the fact is not a number; ::RUNCOVER_E_RANGE when the value is out of range, NaN or infinite (unchanged); ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_set_number(runcover_session *s, const char *key, double value);
/**
 * Sets an enum fact by name ("kind" = "race") or the time "end" from RFC 3339
 * text with an offset ("2026-11-22T09:30:00+01:00"; "Z" means +00:00).
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND for an unknown key; ::RUNCOVER_E_INVALID for a value the fact does not accept (unknown name, bad time); ::RUNCOVER_E_RANGE for a number out of range; ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_set_text(runcover_session *s, const char *key, const char *value);
/**
 * Sets a flag fact by key ("checkin.sharp_pain", "ext.NAME").
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND for an unknown or non-settable key; ::RUNCOVER_E_TYPE when the fact is not a flag; ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_set_flag(runcover_session *s, const char *key, bool value);
/**
 * Makes a fact absent again.
 * @return ::RUNCOVER_OK (also when the fact was absent); ::RUNCOVER_E_NOTFOUND for an unknown or derived key; ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_session_unset(runcover_session *s, const char *key);
/**
 * Reads a fact by key: numbers, enums (index), flags (0/1), time (unix
 * seconds), derived session facts (end_hour_local, end_minute_local,
 * mass_loss_kg).
 * @return ::RUNCOVER_OK or ::RUNCOVER_E_NOTFOUND when absent or unknown.
 * @since 0.1.0
 */
runcover_status runcover_session_get_number(const runcover_session *s, const char *key, double *out);

/** @} */

/**
 * @defgroup evaluator Evaluator
 *
 * A set of protocols, compiled. Loading is atomic: a load that fails leaves
 * the evaluator exactly as it was. The evaluator freezes at its first
 * evaluation, also one that then fails (say on an undeclared ext.* fact:
 * another thread may be evaluating by then); from then on loading returns ::RUNCOVER_E_MISUSE, and the
 * evaluator may be shared by any number of threads evaluating at once.
 * Evaluation only reads the athlete and session too, so threads may also
 * evaluate the same athlete and session at once (none of them changing
 * them meanwhile); each thread needs a plan of its own.
 * @{
 */

/**
 * Creates an empty evaluator (only the built-in red-flag floor).
 * @return ::RUNCOVER_OK, ::RUNCOVER_E_NOMEM, ::RUNCOVER_E_MISUSE (@p out NULL).
 * @since 0.1.0
 */
runcover_status runcover_evaluator_new(runcover_evaluator **out);
/**
 * Creates an evaluator holding the default protocol set embedded in the library (no files read).
 * @return ::RUNCOVER_OK, ::RUNCOVER_E_NOMEM, ::RUNCOVER_E_MISUSE (@p out NULL).
 * @since 0.1.0
 */
runcover_status runcover_evaluator_new_default(runcover_evaluator **out);
/** Frees an evaluator. NULL is a no-op. Plans made by it must be freed first. @since 0.1.0 */
void runcover_evaluator_free(runcover_evaluator *ev);

/**
 * Loads one protocol file (a regular file, at most the size limit). The
 * load is atomic: on any error the evaluator is exactly as before. A file
 * byte-identical to one already loaded is skipped (a no-op).
 * @return ::RUNCOVER_OK, ::RUNCOVER_E_IO, ::RUNCOVER_E_SYNTAX,
 *         ::RUNCOVER_E_SCHEMA, ::RUNCOVER_E_TYPE, ::RUNCOVER_E_LIMIT,
 *         ::RUNCOVER_E_NOTFOUND (unknown fact or rule id), ::RUNCOVER_E_NOMEM,
 *         ::RUNCOVER_E_MISUSE (frozen). Every error found is collected
 *         (runcover_last_error_count()).
 * @since 0.1.0
 */
runcover_status runcover_evaluator_load_file(runcover_evaluator *ev, const char *path);
/**
 * Loads every regular file ending in ".yaml" or ".yml" directly in @p dir, in
 * byte order of their names, as one atomic set. Other entries are skipped;
 * a matching name that is not a regular file is an error.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_IO (the directory or a file cannot be read, or a matching name is not a regular file); ::RUNCOVER_E_SYNTAX, ::RUNCOVER_E_SCHEMA, ::RUNCOVER_E_TYPE, ::RUNCOVER_E_NOTFOUND, ::RUNCOVER_E_LIMIT for protocol errors (every error found is listed by runcover_last_error_at()); ::RUNCOVER_E_NOMEM; ::RUNCOVER_E_MISUSE (NULL, or the evaluator is frozen). On any error the evaluator is unchanged.
 * @since 0.1.0
 */
runcover_status runcover_evaluator_load_dir(runcover_evaluator *ev, const char *dir);
/**
 * Loads a protocol from memory. @p name is used in error positions.
 * @return as runcover_evaluator_load_file(), with @p name in error positions. On any error the evaluator is unchanged.
 * @since 0.1.0
 */
runcover_status runcover_evaluator_load_string(runcover_evaluator *ev, const char *name, const char *buf, size_t len);

/** Number of rules in the evaluator (the built-in medical rule included). @since 0.1.0 */
size_t runcover_evaluator_rule_count(const runcover_evaluator *ev);
/** The id of rule @p i, or NULL when out of range. @since 0.1.0 */
const char *runcover_evaluator_rule_id(const runcover_evaluator *ev, size_t i);
/**
 * Finds a rule by id.
 * @return ::RUNCOVER_OK or ::RUNCOVER_E_NOTFOUND.
 * @since 0.1.0
 */
runcover_status runcover_evaluator_find_rule(const runcover_evaluator *ev, const char *id, size_t *index);
/** Number of protocols loaded. @since 0.1.0 */
size_t runcover_evaluator_protocol_count(const runcover_evaluator *ev);
/**
 * Describes protocol @p i: its name, content version and the sha256 (hex)
 * of the bytes it was loaded from. Any out-pointer may be NULL.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND when @p i is not below runcover_evaluator_protocol_count(); ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_evaluator_protocol(const runcover_evaluator *ev, size_t i, const char **name,
                                            int64_t *version, const char **sha256_hex);

/** @} */

/**
 * @defgroup plan Evaluation and plans
 * @{
 */

/** runcover_evaluate_into(): skip rendering titles' companions (detail reads as NULL). @since 0.1.0 */
#define RUNCOVER_EVAL_NO_TEXT 0x1u
/** runcover_plan_to_json(): add a "because" explanation to each item. @since 0.1.0 */
#define RUNCOVER_JSON_EXPLAIN 0x1u
/** runcover_plan_to_json(): indent the output for people. @since 0.1.0 */
#define RUNCOVER_JSON_PRETTY 0x2u

/**
 * Evaluates the protocols for an athlete and a finished session.
 * Freezes @p ev. The plan copies every fact value it used, so it outlives
 * @p a and @p s (not @p ev).
 * @param[out] out the new plan, freed with runcover_plan_free().
 * @return ::RUNCOVER_OK, ::RUNCOVER_E_NOMEM, ::RUNCOVER_E_TYPE or
 *         ::RUNCOVER_E_NOTFOUND (an ext.* fact that does not match the
 *         protocols' declarations), ::RUNCOVER_E_MISUSE.
 * @since 0.1.0
 */
runcover_status runcover_evaluate(runcover_plan **out, runcover_evaluator *ev, const runcover_athlete *a,
                                  const runcover_session *s);
/**
 * Evaluates into an existing plan, reusing its memory. Once the plan has
 * grown to its working size this allocates nothing. On failure the plan is
 * left empty (count 0) but valid.
 * @param flags 0 or ::RUNCOVER_EVAL_NO_TEXT.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_INVALID for unknown flags; ::RUNCOVER_E_NOTFOUND, ::RUNCOVER_E_TYPE, ::RUNCOVER_E_RANGE when an ext.* value does not match its declaration; ::RUNCOVER_E_NOMEM; ::RUNCOVER_E_MISUSE (an argument NULL). On error the plan is left empty.
 * @since 0.1.0
 */
runcover_status runcover_evaluate_into(runcover_plan *plan, runcover_evaluator *ev, const runcover_athlete *a,
                                       const runcover_session *s, unsigned flags);

/**
 * Creates an empty plan for runcover_evaluate_into().
 *
 * Until an evaluation into it succeeds (and again after one that fails) the
 * plan is empty: no items, no red flag, no recovery hours, nothing
 * suppressed; runcover_plan_to_json() returns ::RUNCOVER_E_MISUSE (there is
 * no evaluation to describe), runcover_plan_to_text() gives "(empty plan)",
 * runcover_plan_why_not() and runcover_plan_fact() ::RUNCOVER_E_NOTFOUND.
 * @return ::RUNCOVER_OK, ::RUNCOVER_E_NOMEM, ::RUNCOVER_E_MISUSE (@p out NULL).
 * @since 0.1.0
 */
runcover_status runcover_plan_new(runcover_plan **out);
/** Frees a plan. NULL is a no-op. @since 0.1.0 */
void runcover_plan_free(runcover_plan *p);

/** Number of items (0 for NULL). @since 0.1.0 */
size_t runcover_plan_count(const runcover_plan *p);
/** Item @p i, owned by the plan; NULL when out of range. @since 0.1.0 */
const runcover_item *runcover_plan_item(const runcover_plan *p, size_t i);
/** True when the plan carries a red flag: see a professional first. @since 0.1.0 */
bool runcover_plan_red_flag(const runcover_plan *p);
/**
 * The estimated recovery time in hours.
 * @return true and writes @p hours when present; false when no rule set one.
 * @since 0.1.0
 */
bool runcover_plan_recovery_hours(const runcover_plan *p, double *hours);
/**
 * When the next hard session is safe, as RFC 3339 text in the session end's
 * UTC offset (e.g. "2026-11-24T09:30:00+01:00").
 * @return the text (lives with the plan) or NULL: under a red flag, without
 *         recovery hours, or without session.end.
 * @since 0.1.0
 */
const char *runcover_plan_next_hard_session_after(const runcover_plan *p);
/** Number of rules that held but were suppressed (or lost their group, or were removed by the red flag). @since 0.1.0 */
size_t runcover_plan_suppressed_count(const runcover_plan *p);
/**
 * Suppressed rule @p i: its id and what removed it (a rule id, "group:NAME
 * (rule-id)" or "red-flag").
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND when @p i is not below runcover_plan_suppressed_count(); ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_plan_suppressed(const runcover_plan *p, size_t i, const char **rule_id, const char **by);
/**
 * A fact value the plan used, by path ("load.acwr", "session.mass_loss_kg").
 * @return ::RUNCOVER_OK or ::RUNCOVER_E_NOTFOUND (unknown or absent).
 * @since 0.1.0
 */
runcover_status runcover_plan_fact(const runcover_plan *p, const char *path, double *out);

/**
 * Why item @p i is in the plan: the conditions that held, with fact values.
 * @param[out] out text to free with runcover_string_free().
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND when @p i is not below runcover_plan_count(); ::RUNCOVER_E_NOMEM; ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_plan_explain(char **out, const runcover_plan *p, size_t i);
/**
 * Why a rule is (or is not) in the plan: conditions false or unknown with
 * values, absent facts, dose skipped, suppression, group loss, red flag.
 * @return ::RUNCOVER_OK, ::RUNCOVER_E_NOTFOUND (no such rule), ::RUNCOVER_E_NOMEM.
 * @since 0.1.0
 */
runcover_status runcover_plan_why_not(char **out, const runcover_plan *p, const char *rule_id);
/**
 * The plan as JSON (format 1, see DESIGN §6), deterministic byte for byte.
 * @param flags ::RUNCOVER_JSON_EXPLAIN, ::RUNCOVER_JSON_PRETTY.
 * @param[out] out text to free with runcover_string_free().
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_INVALID for unknown flags; ::RUNCOVER_E_NOMEM; ::RUNCOVER_E_MISUSE when an argument is NULL or the plan holds no evaluation (see runcover_plan_new()).
 * @since 0.1.0
 */
runcover_status runcover_plan_to_json(char **out, const runcover_plan *p, unsigned flags);
/**
 * The plan as text for people: a timeline grouped by phase, times of day
 * from the session end, amounts in the athlete's units.
 * @param flags ::RUNCOVER_JSON_EXPLAIN adds the reasons under each item.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_INVALID for unknown flags; ::RUNCOVER_E_NOMEM; ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_plan_to_text(char **out, const runcover_plan *p, unsigned flags);

/** An item's rule id. @since 0.1.0 */
const char *runcover_item_id(const runcover_item *it);
/** An item's category name ("refuel", "medical", …). @since 0.1.0 */
const char *runcover_item_category(const runcover_item *it);
/** An item's phase ("immediate", "mid_term", "long_term", "return_to_run", "medical"). @since 0.1.0 */
const char *runcover_item_phase(const runcover_item *it);
/** An item's title (plain text). @since 0.1.0 */
const char *runcover_item_title(const runcover_item *it);
/** An item's rendered detail, or NULL (no detail, or ::RUNCOVER_EVAL_NO_TEXT). @since 0.1.0 */
const char *runcover_item_detail(const runcover_item *it);
/** The item's window in minutes from the session end. @return true when it has one. @since 0.1.0 */
bool runcover_item_window(const runcover_item *it, double *start_min, double *end_min);
/** The item's duration range in minutes. @return true when it has one. @since 0.1.0 */
bool runcover_item_duration(const runcover_item *it, double *min, double *max);
/** The item's computed amount (metric, in @p unit). Out-pointers may be NULL. @return true when it has one. @since 0.1.0 */
bool runcover_item_amount(const runcover_item *it, double *min, double *max, const char **unit);
/** The index of the item's rule in its evaluator (runcover_evaluator_rule_id()). @since 0.1.0 */
size_t runcover_item_rule_index(const runcover_item *it);
/** Number of sources the item's rule cites. @since 0.1.0 */
size_t runcover_item_source_count(const runcover_item *it);
/**
 * Source @p i of the item's rule: its id and title (either may be NULL).
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_NOTFOUND when @p i is not below runcover_item_source_count(); ::RUNCOVER_E_MISUSE when an argument is NULL.
 * @since 0.1.0
 */
runcover_status runcover_item_source(const runcover_item *it, size_t i, const char **id, const char **title);

/** runcover_item_view.flags: the window fields are set. @since 0.1.0 */
#define RUNCOVER_VIEW_WINDOW 0x1u
/** runcover_item_view.flags: the duration fields are set. @since 0.1.0 */
#define RUNCOVER_VIEW_DURATION 0x2u
/** runcover_item_view.flags: the amount fields are set. @since 0.1.0 */
#define RUNCOVER_VIEW_AMOUNT 0x4u

/**
 * A flat copy of one item for runcover_plan_read(). Growable: the caller
 * sets @c size of the first element to sizeof(runcover_item_view); later
 * versions only append fields.
 * @since 0.1.0
 */
typedef struct runcover_item_view {
    size_t size;              /**< Set by the caller (first element). */
    const char *id;           /**< Rule id. */
    const char *category;     /**< Category name. */
    const char *phase;        /**< Phase name. */
    const char *title;        /**< Title. */
    const char *detail;       /**< Rendered detail or NULL. */
    size_t rule_index;        /**< Index of the rule in the evaluator. */
    unsigned flags;           /**< RUNCOVER_VIEW_* bits. */
    double window_start_min;  /**< Window start (RUNCOVER_VIEW_WINDOW; else 0). */
    double window_end_min;    /**< Window end (RUNCOVER_VIEW_WINDOW; else 0). */
    double duration_min;      /**< Shortest duration (RUNCOVER_VIEW_DURATION; else 0). */
    double duration_max;      /**< Longest duration (RUNCOVER_VIEW_DURATION; else 0). */
    double amount_min;        /**< Smallest amount (RUNCOVER_VIEW_AMOUNT; else 0). */
    double amount_max;        /**< Largest amount (RUNCOVER_VIEW_AMOUNT; else 0). */
    const char *amount_unit;  /**< Amount unit (RUNCOVER_VIEW_AMOUNT; else NULL). */
} runcover_item_view;

/**
 * Copies up to @p cap items into @p views (stride views[0].size).
 * @param[out] count the plan's item count (may exceed @p cap).
 * @return ::RUNCOVER_OK, ::RUNCOVER_E_MISUSE (NULL plan/count, or views NULL
 *         with cap > 0, or a size smaller than the 0.1.0 struct).
 * @since 0.1.0
 */
runcover_status runcover_plan_read(const runcover_plan *p, runcover_item_view *views, size_t cap, size_t *count);

/** @} */

/**
 * @defgroup scenario Scenario files
 *
 * A YAML file describing an athlete (with history and load model), a
 * session and, in protocol tests, an `expect:` block. Read with the same
 * strictness and positions as protocol files.
 * @{
 */

/**
 * Reads a scenario file.
 * @return ::RUNCOVER_OK; ::RUNCOVER_E_IO; ::RUNCOVER_E_SYNTAX, ::RUNCOVER_E_SCHEMA, ::RUNCOVER_E_RANGE, ::RUNCOVER_E_INVALID, ::RUNCOVER_E_LIMIT with file:line:column; ::RUNCOVER_E_NOMEM; ::RUNCOVER_E_MISUSE (an argument NULL).
 * @since 0.1.0
 */
runcover_status runcover_scenario_load_file(runcover_scenario **out, const char *path);
/**
 * Reads a scenario from memory; @p name is used in error positions.
 * @return as runcover_scenario_load_file(), with @p name in error positions.
 * @since 0.1.0
 */
runcover_status runcover_scenario_load_string(runcover_scenario **out, const char *name, const char *buf, size_t len);
/** Frees a scenario. NULL is a no-op. @since 0.1.0 */
void runcover_scenario_free(runcover_scenario *sc);
/** The scenario's athlete, owned by the scenario. @since 0.1.0 */
const runcover_athlete *runcover_scenario_athlete(const runcover_scenario *sc);
/** The scenario's session, owned by the scenario. @since 0.1.0 */
const runcover_session *runcover_scenario_session(const runcover_scenario *sc);
/** True when the scenario has an `expect:` block. @since 0.1.0 */
bool runcover_scenario_has_expect(const runcover_scenario *sc);
/**
 * Checks a plan against the scenario's expectations.
 * @param[out] report one line per failed expectation (empty when all hold);
 *             free with runcover_string_free().
 * @param[out] failures the number of failed expectations.
 * @return ::RUNCOVER_OK (whatever the verdict), ::RUNCOVER_E_NOMEM, ::RUNCOVER_E_MISUSE.
 * @since 0.1.0
 */
runcover_status runcover_scenario_check(char **report, size_t *failures, const runcover_scenario *sc,
                                        const runcover_plan *p);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* RUNCOVER_RUNCOVER_H */
