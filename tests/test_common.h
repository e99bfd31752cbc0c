/*
 * Helpers shared by the black-box Check suites (test_athlete.c,
 * test_session.c, test_errors.c). Only the public header is used.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RUNCOVER_TEST_COMMON_H
#define RUNCOVER_TEST_COMMON_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <runcover/runcover.h>

/* Asserts that a call succeeds; on failure prints the library's last error. */
#define ck_assert_rc_ok(expr)                                                                          \
    do {                                                                                               \
        runcover_status rc_ok_ = (expr);                                                               \
        ck_assert_msg(rc_ok_ == RUNCOVER_OK, "%s returned %d (%s): %s", #expr, (int)rc_ok_,            \
                      runcover_status_str((int)rc_ok_), runcover_last_error()->message);               \
    } while (0)

/*
 * Asserts that a call fails with exactly @p want, and that
 * runcover_last_error() reports the same code with a non-empty message.
 */
#define ck_assert_rc(expr, want)                                                                       \
    do {                                                                                               \
        runcover_status rc_got_ = (expr);                                                              \
        runcover_status rc_want_ = (want);                                                             \
        ck_assert_msg(rc_got_ == rc_want_, "%s returned %d (%s), expected %d (%s); last error: %s",    \
                      #expr, (int)rc_got_, runcover_status_str((int)rc_got_), (int)rc_want_,           \
                      runcover_status_str((int)rc_want_), runcover_last_error()->message);             \
        ck_assert_msg(runcover_last_error()->code == rc_want_,                                         \
                      "%s: runcover_last_error()->code is %d, the call returned %d", #expr,            \
                      (int)runcover_last_error()->code, (int)rc_got_);                                 \
        if (rc_want_ != RUNCOVER_OK)                                                                   \
            ck_assert_msg(runcover_last_error()->message[0] != '\0',                                   \
                          "%s failed with an empty last error message", #expr);                        \
    } while (0)

/* Asserts that a call fails (any code but RUNCOVER_OK), consistently with runcover_last_error(). */
#define ck_assert_rc_fails(expr)                                                                       \
    do {                                                                                               \
        runcover_status rc_bad_ = (expr);                                                              \
        ck_assert_msg(rc_bad_ != RUNCOVER_OK, "%s succeeded but should have been refused", #expr);     \
        ck_assert_msg(runcover_last_error()->code == rc_bad_,                                          \
                      "%s: runcover_last_error()->code is %d, the call returned %d", #expr,            \
                      (int)runcover_last_error()->code, (int)rc_bad_);                                 \
        ck_assert_msg(runcover_last_error()->message[0] != '\0',                                       \
                      "%s failed with an empty last error message", #expr);                            \
    } while (0)

/* Asserts that the last error message contains @p needle. */
#define ck_assert_error_mentions(needle)                                                               \
    ck_assert_msg(strstr(runcover_last_error()->message, (needle)) != NULL,                            \
                  "last error message \"%s\" does not mention \"%s\"", runcover_last_error()->message, \
                  (needle))

/* Asserts that the last error names the fact @p path and the range [lo, hi] (printed with %g). */
#define ck_assert_error_names_range(path, lo, hi)                                                      \
    do {                                                                                               \
        char rng_lo_[48], rng_hi_[48];                                                                 \
        snprintf(rng_lo_, sizeof rng_lo_, "%g", (double)(lo));                                         \
        snprintf(rng_hi_, sizeof rng_hi_, "%g", (double)(hi));                                         \
        ck_assert_error_mentions(path);                                                                \
        ck_assert_error_mentions(rng_lo_);                                                             \
        ck_assert_error_mentions(rng_hi_);                                                             \
    } while (0)

/* Values a getter must not write when it fails. */
#define RC_TEST_SENTINEL (-123456.75)
#define RC_TEST_ENUM_SENTINEL 77

/* An opaque pointer value that is never a real handle, to check out-parameters stay unchanged. */
static inline void *rc_test_sentinel_ptr(void)
{
    static long long storage;
    return &storage;
}
#define RC_TEST_SENTINEL_PTR (rc_test_sentinel_ptr())

#endif /* RUNCOVER_TEST_COMMON_H */
