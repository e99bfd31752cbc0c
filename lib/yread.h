/*
 * yread.h — the one strict YAML reader of the library (yaml.c), shared by the
 * protocol loader and the scenario reader.
 *
 * It reads libyaml *events* (never the document API) into a small tree of
 * nodes that keep their 1-based line and column, and refuses everything a
 * protocol or scenario never needs: anchors, aliases, tags (explicit "!x"),
 * duplicate keys, non-scalar keys, multi-document streams, empty documents.
 * Limits (size, depth, scalar length, node count) are enforced while reading
 * events, so hostile input stops early.
 */
#ifndef RC_YAML_H
#define RC_YAML_H

#include "rc.h"

typedef enum rc_ykind { RC_Y_SCALAR = 0, RC_Y_MAP = 1, RC_Y_SEQ = 2 } rc_ykind;

typedef struct rc_ynode rc_ynode;
struct rc_ynode {
    rc_ykind kind;
    unsigned line, col;   /* 1-based start of the node (of the key text for keys) */
    bool plain;           /* scalar written without quotes or block indicators */
    bool flow;            /* mapping/sequence written in flow style ({} / []) */
    /* scalar: NUL-terminated text (may contain no NUL: an escaped \0 is refused) */
    const char *str;
    size_t len;
    /* map: n pairs, items[2*i] is the key (a scalar), items[2*i+1] the value;
     * seq: n items. */
    size_t n;
    rc_ynode **items;
};

typedef struct rc_ylimits {
    size_t max_bytes;   /* input size; default RC_Y_MAX_BYTES */
    unsigned max_depth; /* nesting of maps/seqs; default RC_Y_MAX_DEPTH */
    size_t max_scalar;  /* bytes in one scalar; default RC_Y_MAX_SCALAR */
    size_t max_nodes;   /* nodes in the document; default RC_Y_MAX_NODES */
} rc_ylimits;

#define RC_Y_MAX_BYTES ((size_t)1 << 20)
#define RC_Y_MAX_DEPTH 32u
#define RC_Y_MAX_SCALAR ((size_t)16384)
#define RC_Y_MAX_NODES ((size_t)200000)

typedef struct rc_ydoc {
    rc_ynode *root;     /* never NULL after success */
    const char *name;   /* copy of the name given to rc_yaml_parse */
    void *arena;        /* private: every node and string lives here */
} rc_ydoc;

/*
 * Parses buf[0..len) (need not be NUL-terminated) into doc. name appears in
 * error positions. lim may be NULL for the defaults.
 * Errors (reported with rc_error_at, positions 1-based, pointing at the
 * problem, e.g. the second of two duplicate keys):
 *   RUNCOVER_E_SYNTAX  libyaml rejects the text (its message and position;
 *                      encoding errors turned from a byte offset into
 *                      line:column by counting lines in buf)
 *   RUNCOVER_E_SCHEMA  valid YAML we refuse: anchor, alias, tag, duplicate
 *                      key, non-scalar key, several documents, empty stream
 *                      or a document that is only a scalar/null is NOT an
 *                      error here (callers decide), NUL bytes in a scalar
 *   RUNCOVER_E_LIMIT   a limit above, with the limit in the message
 *   RUNCOVER_E_NOMEM
 * On failure doc is left zeroed and nothing leaks.
 */
runcover_status rc_yaml_parse(rc_ydoc *doc, const char *name, const char *buf, size_t len, const rc_ylimits *lim);
void rc_yaml_free(rc_ydoc *doc);

/* Helpers for the tree walkers. */
const rc_ynode *rc_ymap_get(const rc_ynode *map, const char *key); /* NULL if absent or not a map */
bool rc_yscalar_is_null(const rc_ynode *n); /* plain "", "~", "null", "Null", "NULL" */
/* Plain scalar true/false (also True/TRUE/False/FALSE); returns false if not a bool. */
bool rc_yscalar_bool(const rc_ynode *n, bool *out);
/* Plain scalar that is a decimal number (locale-independent); false if not. */
bool rc_yscalar_number(const rc_ynode *n, double *out);

#endif
