/*
 * error.c — the thread-local last error and the list of errors a load
 * collected. Fixed-size storage: reporting never allocates, so "out of
 * memory" can always be reported.
 */
#include <stdio.h>
#include <string.h>

#include "rc.h"

#define MSG_CAP 320
#define FILE_CAP 256

typedef struct slot {
    char msg[MSG_CAP];
    char file[FILE_CAP];
    runcover_error pub;
} slot;

typedef struct state {
    slot slots[RC_MAX_ERRORS];
    size_t count;   /* kept */
    size_t total;   /* reported, kept or not */
} state;

static _Thread_local state t_err;
static const runcover_error k_ok = { RUNCOVER_OK, "", "", 0, 0 };

void rc_error_reset(void)
{
    t_err.count = 0;
    t_err.total = 0;
}

static void fill(slot *s, runcover_status code, const char *file, unsigned line, unsigned col, const char *fmt,
                 va_list ap) RC_PRINTF(6, 0);
static void fill(slot *s, runcover_status code, const char *file, unsigned line, unsigned col, const char *fmt,
                 va_list ap)
{
    vsnprintf(s->msg, sizeof s->msg, fmt, ap);
    snprintf(s->file, sizeof s->file, "%s", file ? file : "");
    s->pub.code = code;
    s->pub.message = s->msg;
    s->pub.file = s->file;
    s->pub.line = line;
    s->pub.column = col;
}

runcover_status rc_error_vadd(runcover_status code, const char *file, unsigned line, unsigned col, const char *fmt,
                              va_list ap)
{
    t_err.total++;
    if (t_err.count < RC_MAX_ERRORS)
        fill(&t_err.slots[t_err.count++], code, file, line, col, fmt, ap);
    return code;
}

runcover_status rc_error_add(runcover_status code, const char *file, unsigned line, unsigned col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rc_error_vadd(code, file, line, col, fmt, ap);
    va_end(ap);
    return code;
}

runcover_status rc_error(runcover_status code, const char *fmt, ...)
{
    va_list ap;
    rc_error_reset();
    va_start(ap, fmt);
    rc_error_vadd(code, NULL, 0, 0, fmt, ap);
    va_end(ap);
    return code;
}

runcover_status rc_misuse(const char *fmt, ...)
{
    va_list ap;
    rc_error_reset();
    va_start(ap, fmt);
    rc_error_vadd(RUNCOVER_E_MISUSE, NULL, 0, 0, fmt, ap);
    va_end(ap);
    return RUNCOVER_E_MISUSE;
}

runcover_status rc_nomem(void)
{
    /* Replaces whatever was collected: the call's result is NOMEM. A fixed
     * message, no formatting. */
    rc_error_reset();
    slot *s = &t_err.slots[0];
    memcpy(s->msg, "out of memory", sizeof "out of memory");
    s->file[0] = '\0';
    s->pub = (runcover_error){ RUNCOVER_E_NOMEM, s->msg, s->file, 0, 0 };
    t_err.count = t_err.total = 1;
    return RUNCOVER_E_NOMEM;
}

size_t rc_error_count(void) { return t_err.total; }
bool rc_error_full(void) { return t_err.total >= RC_MAX_ERRORS; }
runcover_status rc_error_code(void) { return t_err.count ? t_err.slots[0].pub.code : RUNCOVER_OK; }

RC_EXPORT const runcover_error *runcover_last_error(void)
{
    return t_err.count ? &t_err.slots[0].pub : &k_ok;
}

RC_EXPORT size_t runcover_last_error_count(void) { return t_err.count; }

RC_EXPORT const runcover_error *runcover_last_error_at(size_t i)
{
    return i < t_err.count ? &t_err.slots[i].pub : NULL;
}

RC_EXPORT const char *runcover_status_str(int code)
{
    switch (code) {
    case RUNCOVER_OK: return "success";
    case RUNCOVER_E_INVALID: return "invalid argument or value";
    case RUNCOVER_E_RANGE: return "value out of range";
    case RUNCOVER_E_NOMEM: return "out of memory";
    case RUNCOVER_E_IO: return "input/output error";
    case RUNCOVER_E_SYNTAX: return "syntax error";
    case RUNCOVER_E_SCHEMA: return "schema error";
    case RUNCOVER_E_TYPE: return "type error";
    case RUNCOVER_E_LIMIT: return "limit exceeded";
    case RUNCOVER_E_NOTFOUND: return "not found";
    case RUNCOVER_E_MISUSE: return "API misuse";
    default: return "unknown status";
    }
}

RC_EXPORT const char *runcover_version(void) { return RUNCOVER_VERSION_STRING; }
RC_EXPORT int runcover_version_number(void) { return RUNCOVER_VERSION_NUMBER; }
