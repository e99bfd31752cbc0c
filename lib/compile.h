/*
 * compile.h — state shared by the protocol compiler (protocol.c) and the
 * expression compiler (expr.c) while a program is being built.
 */
#ifndef RC_COMPILE_H
#define RC_COMPILE_H

#include "arena.h"
#include "program.h"

typedef struct rc_pending_fired {
    int32_t node;       /* OP_FIRED node whose slot is to be resolved */
    int32_t rule;       /* the rule whose expression uses it (-1: derive) */
} rc_pending_fired;

typedef struct rc_compile_ctx {
    rc_program *pg;
    const char *file;
    rc_nodes nodes;
    /* visible derives: pg->derives[0..nderives_visible) */
    size_t nderives_visible;
    int32_t cur_rule;   /* rule being compiled, -1 otherwise */
    rc_pending_fired *fired;
    size_t nfired, capfired;
    bool oom;
    size_t errors;
    bool uses_load;
} rc_compile_ctx;

/* Compiles bytes [off, off+len) of scalar sc's text as an expression (expr.c),
 * with every position taken from the scalar's
 * source (rc_ynode_pos), so that errors point at the real line and column
 * also inside block scalars, continued lines and after escapes. */
int32_t rc_expr_compile_in(rc_compile_ctx *cx, const rc_ynode *sc, size_t off, size_t len, rc_type *type_out);

runcover_status rc_cx_error(rc_compile_ctx *cx, runcover_status code, unsigned line, unsigned col, const char *fmt,
                            ...) RC_PRINTF(5, 6);

#endif
