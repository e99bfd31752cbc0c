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

/* Where the text of a scalar comes from, for error positions inside it.
 * A scalar whose text is not a plain copy of one stretch of one source line
 * (a block scalar, a scalar continued over several lines, a quoted scalar
 * with escapes or '') keeps a map: runs of text whose characters follow each
 * other on one source line. Run i covers the text from byte seg[i].off to
 * the next run; its first character is at seg[i].line:col and each further
 * character one column on, up to a line break of the text (the positions
 * of the blanks after it stay there). Built by the reader (yaml.c), read
 * through rc_ynode_pos(). */
typedef struct rc_yseg {
    uint32_t off;         /* byte offset in the scalar's text */
    uint32_t line, col;   /* 1-based source position of that byte's character */
} rc_yseg;
typedef struct rc_yposmap {
    uint32_t n;           /* >= 1; seg[0].off == 0 */
    rc_yseg seg[];
} rc_yposmap;

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
    union {
        rc_ynode **items;             /* map, seq */
        const rc_yposmap *posmap;     /* scalar: NULL when the text is a copy of one
                                       * source line, or the reader could not map it
                                       * (use rc_ynode_pos either way) */
    };
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
 * Errors (reported with rc_error_add, positions 1-based, pointing at the
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
/* Line and column (1-based, columns in characters) of byte offset off in
 * buf[0..len), counting line breaks as YAML does. */
void rc_text_pos(const char *buf, size_t len, size_t off, unsigned *line, unsigned *col);

/*
 * Source position (1-based line and column, columns counting characters as
 * libyaml does) of byte off of a scalar's text: where that character is
 * written, also inside block scalars, continued lines and after escapes
 * (an escape's position is that of its backslash, of the first quote of
 * ''). off == len gives the position just after the last character, and
 * the blanks that end a line of the text (a folded line break, the break
 * itself) are placed just after that line's last character. A scalar the
 * reader could not map (input libyaml decoded from UTF-16, or past the
 * document's budget for maps, see yaml.c) counts characters from its start.
 * For a map or sequence, the node's own position.
 */
void rc_ynode_pos(const rc_ynode *n, size_t off, unsigned *line, unsigned *col);

/* Helpers for the tree walkers. */
const rc_ynode *rc_ymap_get(const rc_ynode *map, const char *key); /* NULL if absent or not a map */
bool rc_yscalar_is_null(const rc_ynode *n); /* plain "", "~", "null", "Null", "NULL" */
/* Plain scalar true/false (also True/TRUE/False/FALSE); returns false if not a bool. */
bool rc_yscalar_bool(const rc_ynode *n, bool *out);
/* Plain scalar that is a decimal number (locale-independent); false if not. */
bool rc_yscalar_number(const rc_ynode *n, double *out);
/* Plain scalar YAML reads as a number that is not finite: 1e999, .inf, -.inf, .nan (and their .Inf/.INF forms). */
bool rc_yscalar_nonfinite(const rc_ynode *n);

#endif
