/*
 * yaml.c — the strict YAML reader (see yread.h).
 *
 * Reads libyaml events into a tree of rc_ynode living in one arena. Open
 * mappings and sequences are kept on an explicit stack (never recursion), so
 * the nesting limit is checked as the events arrive and hostile input stops
 * at the first event past a limit.
 */
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "arena.h"
#include "yread.h"

typedef struct frame {
    rc_ynode *node;
    rc_ynode **items; /* heap, grown; copied into the arena at the end */
    size_t n, cap;
} frame;

typedef struct reader {
    const char *name;
    const char *buf;
    size_t len;
    rc_ylimits lim;
    void *arena;
    frame *stack;
    size_t depth, stack_cap;
    size_t nodes;
    rc_ynode *root;
    int docs;
    runcover_status st;   /* the error found, reported by report() */
    unsigned line, col;
    char msg[300];
} reader;

static unsigned pos1(size_t v) { return v >= 0xFFFFFFFEu ? 0xFFFFFFFFu : (unsigned)v + 1u; }

static runcover_status fail(reader *r, runcover_status code, unsigned line, unsigned col, const char *fmt, ...)
    RC_PRINTF(5, 6);
/* Records the reader's one error. It is reported at the end of the parse:
 * a refusal of valid YAML (RUNCOVER_E_SCHEMA) gives way to a syntax error
 * found later in the same text, so "libyaml rejects it" is always
 * RUNCOVER_E_SYNTAX. */
static runcover_status fail(reader *r, runcover_status code, unsigned line, unsigned col, const char *fmt, ...)
{
    if (r->st != RUNCOVER_OK && !(r->st == RUNCOVER_E_SCHEMA && code == RUNCOVER_E_SYNTAX))
        return r->st;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->msg, sizeof r->msg, fmt, ap);
    va_end(ap);
    r->st = code;
    r->line = line;
    r->col = col;
    return code;
}

static runcover_status report(const reader *r)
{
    if (r->st == RUNCOVER_E_NOMEM)
        return rc_nomem();
    return rc_error_add(r->st, r->name, r->line, r->col, "%s", r->msg);
}

/* Line and column (1-based, columns in bytes) of a byte offset into buf. */
static void offset_pos(const reader *r, size_t off, unsigned *line, unsigned *col)
{
    size_t l = 1, c = 1;
    if (off > r->len)
        off = r->len;
    for (size_t i = 0; i < off; i++) {
        if (r->buf[i] == '\n') {
            l++;
            c = 1;
        } else if (r->buf[i] == '\r') {
            if (i + 1 < off && r->buf[i + 1] == '\n')
                continue;
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l > 0xFFFFFFFFu ? 0xFFFFFFFFu : (unsigned)l;
    *col = c > 0xFFFFFFFFu ? 0xFFFFFFFFu : (unsigned)c;
}

/* libyaml reads all the directives of a document before it reports the
 * document's start, and checks each %TAG against every earlier one
 * (quadratic: 1 MiB of distinct %TAG lines took 11 s). A protocol needs
 * none, so at most RC_Y_MAX_DIRECTIVES lines may start with '%' (a
 * directive starts in column 0 of a line; libyaml also ends lines at NEL,
 * LS and PS). Returns the offset of the first '%' past the limit, or
 * (size_t)-1. */
#define RC_Y_MAX_DIRECTIVES 64u

static size_t too_many_directives(const char *buf, size_t len)
{
    const unsigned char *b = (const unsigned char *)buf;
    unsigned n = 0;
    size_t i = len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0; /* a BOM first */
    bool line_start = true;
    for (; i < len; i++) {
        if (line_start && b[i] == '%' && ++n > RC_Y_MAX_DIRECTIVES)
            return i;
        if (b[i] == '\n' || b[i] == '\r') {
            line_start = true;
        } else if (b[i] == 0xC2 && i + 1 < len && b[i + 1] == 0x85) {
            line_start = true, i++;
        } else if (b[i] == 0xE2 && i + 2 < len && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9)) {
            line_start = true, i += 2;
        } else {
            line_start = false;
        }
    }
    return (size_t)-1;
}

static runcover_status parser_error(reader *r, const yaml_parser_t *p)
{
    unsigned line, col;
    if (p->error == YAML_MEMORY_ERROR)
        return fail(r, RUNCOVER_E_NOMEM, 0, 0, "out of memory");
    if (p->error == YAML_READER_ERROR) {
        offset_pos(r, p->problem_offset, &line, &col);
        if (p->problem_value != -1)
            return fail(r, RUNCOVER_E_SYNTAX, line, col, "invalid text: %s (byte 0x%02X)",
                        p->problem ? p->problem : "unreadable input", (unsigned)p->problem_value & 0xFFu);
        return fail(r, RUNCOVER_E_SYNTAX, line, col, "invalid text: %s",
                    p->problem ? p->problem : "unreadable input");
    }
    line = pos1(p->problem_mark.line);
    col = pos1(p->problem_mark.column);
    if (p->context)
        return fail(r, RUNCOVER_E_SYNTAX, line, col, "YAML syntax error: %s %s (started at line %u, column %u)",
                    p->context, p->problem ? p->problem : "", pos1(p->context_mark.line),
                    pos1(p->context_mark.column));
    return fail(r, RUNCOVER_E_SYNTAX, line, col, "YAML syntax error: %s", p->problem ? p->problem : "invalid YAML");
}

/* Appends child to the innermost open container (or makes it the root). */
static bool attach(reader *r, rc_ynode *child)
{
    if (r->depth == 0) {
        r->root = child;
        return true;
    }
    frame *f = &r->stack[r->depth - 1];
    if (f->node->kind == RC_Y_MAP && f->n % 2 == 0 && child->kind != RC_Y_SCALAR) {
        fail(r, RUNCOVER_E_SCHEMA, child->line, child->col,
             "a mapping key must be plain text, not a %s", child->kind == RC_Y_MAP ? "mapping" : "sequence");
        return false;
    }
    if (f->n == f->cap) {
        size_t nc = f->cap ? f->cap * 2 : 8;
        rc_ynode **v = rc_reallocarray(f->items, nc, sizeof *v);
        if (!v) {
            fail(r, RUNCOVER_E_NOMEM, 0, 0, "out of memory");
            return false;
        }
        f->items = v;
        f->cap = nc;
    }
    f->items[f->n++] = child;
    return true;
}

static rc_ynode *new_node(reader *r, rc_ykind kind, const yaml_mark_t *m)
{
    if (++r->nodes > r->lim.max_nodes) {
        fail(r, RUNCOVER_E_LIMIT, pos1(m->line), pos1(m->column), "document has more than %zu nodes",
             r->lim.max_nodes);
        return NULL;
    }
    rc_ynode *n = rc_arena_alloc(&r->arena, sizeof *n);
    if (!n) {
        fail(r, RUNCOVER_E_NOMEM, 0, 0, "out of memory");
        return NULL;
    }
    n->kind = kind;
    n->line = pos1(m->line);
    n->col = pos1(m->column);
    return n;
}

static bool refuse_props(reader *r, const yaml_mark_t *m, const yaml_char_t *anchor, const yaml_char_t *tag)
{
    if (anchor) {
        fail(r, RUNCOVER_E_SCHEMA, pos1(m->line), pos1(m->column),
             "anchors (&%.40s) are not supported; write the value out", (const char *)anchor);
        return false;
    }
    if (tag) {
        fail(r, RUNCOVER_E_SCHEMA, pos1(m->line), pos1(m->column), "tags (%.40s) are not supported",
             (const char *)tag);
        return false;
    }
    return true;
}

typedef struct keyref {
    const rc_ynode *key;
    size_t idx;
} keyref;

static int cmp_key(const void *a, const void *b)
{
    const keyref *x = a, *y = b;
    size_t n = x->key->len < y->key->len ? x->key->len : y->key->len;
    int c = memcmp(x->key->str, y->key->str, n);
    if (c)
        return c;
    if (x->key->len != y->key->len)
        return x->key->len < y->key->len ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Reports the first key (in document order) that repeats an earlier one.
 * Sorting keeps this O(n log n) on hostile mappings with many keys. */
static bool check_dup_keys(reader *r, const frame *f)
{
    size_t nk = f->n / 2;
    if (nk < 2)
        return true;
    if (nk <= 8) {
        for (size_t i = 1; i < nk; i++)
            for (size_t j = 0; j < i; j++) {
                const rc_ynode *a = f->items[2 * i], *b = f->items[2 * j];
                if (a->len == b->len && memcmp(a->str, b->str, a->len) == 0) {
                    fail(r, RUNCOVER_E_SCHEMA, a->line, a->col, "duplicate key '%.60s' (first at line %u, column %u)",
                         a->str, b->line, b->col);
                    return false;
                }
            }
        return true;
    }
    keyref *k = rc_calloc(nk, sizeof *k);
    if (!k) {
        fail(r, RUNCOVER_E_NOMEM, 0, 0, "out of memory");
        return false;
    }
    for (size_t i = 0; i < nk; i++)
        k[i] = (keyref){ f->items[2 * i], i };
    qsort(k, nk, sizeof *k, cmp_key);
    size_t worst = (size_t)-1, first = 0;
    for (size_t i = 1; i < nk; i++) {
        const rc_ynode *a = k[i].key, *b = k[i - 1].key;
        if (a->len == b->len && memcmp(a->str, b->str, a->len) == 0 && k[i].idx < worst) {
            worst = k[i].idx;
            first = k[i - 1].idx;
        }
    }
    rc_free(k);
    if (worst != (size_t)-1) {
        /* the earliest occurrence of that key is the one it repeats */
        const rc_ynode *a = f->items[2 * worst];
        for (size_t j = 0; j < worst; j++) {
            const rc_ynode *b = f->items[2 * j];
            if (b->len == a->len && memcmp(a->str, b->str, a->len) == 0) {
                first = j;
                break;
            }
        }
        const rc_ynode *b = f->items[2 * first];
        fail(r, RUNCOVER_E_SCHEMA, a->line, a->col, "duplicate key '%.60s' (first at line %u, column %u)", a->str,
             b->line, b->col);
        return false;
    }
    return true;
}

static bool open_container(reader *r, rc_ykind kind, const yaml_event_t *e, bool flow)
{
    if (r->depth >= r->lim.max_depth) {
        fail(r, RUNCOVER_E_LIMIT, pos1(e->start_mark.line), pos1(e->start_mark.column),
             "nesting deeper than %u levels", r->lim.max_depth);
        return false;
    }
    rc_ynode *n = new_node(r, kind, &e->start_mark);
    if (!n)
        return false;
    n->flow = flow;
    if (!attach(r, n))
        return false;
    if (r->depth == r->stack_cap) {
        size_t nc = r->stack_cap ? r->stack_cap * 2 : 8;
        frame *v = rc_reallocarray(r->stack, nc, sizeof *v);
        if (!v) {
            fail(r, RUNCOVER_E_NOMEM, 0, 0, "out of memory");
            return false;
        }
        r->stack = v;
        r->stack_cap = nc;
    }
    r->stack[r->depth++] = (frame){ n, NULL, 0, 0 };
    return true;
}

static bool close_container(reader *r)
{
    frame *f = &r->stack[r->depth - 1];
    if (f->node->kind == RC_Y_MAP && !check_dup_keys(r, f))
        return false;
    if (f->n) {
        f->node->items = rc_arena_alloc(&r->arena, f->n * sizeof *f->node->items);
        if (!f->node->items) {
            fail(r, RUNCOVER_E_NOMEM, 0, 0, "out of memory");
            return false;
        }
        memcpy(f->node->items, f->items, f->n * sizeof *f->items);
    }
    f->node->n = f->node->kind == RC_Y_MAP ? f->n / 2 : f->n;
    rc_free(f->items);
    f->items = NULL;
    r->depth--;
    return true;
}

static bool on_scalar(reader *r, const yaml_event_t *e)
{
    const yaml_mark_t *m = &e->start_mark;
    if (!refuse_props(r, m, e->data.scalar.anchor, e->data.scalar.tag))
        return false;
    size_t len = e->data.scalar.length;
    if (len > r->lim.max_scalar) {
        fail(r, RUNCOVER_E_LIMIT, pos1(m->line), pos1(m->column), "text longer than %zu bytes", r->lim.max_scalar);
        return false;
    }
    if (memchr(e->data.scalar.value, '\0', len)) {
        fail(r, RUNCOVER_E_SCHEMA, pos1(m->line), pos1(m->column), "text contains a NUL character");
        return false;
    }
    rc_ynode *n = new_node(r, RC_Y_SCALAR, m);
    if (!n)
        return false;
    n->plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    n->len = len;
    n->str = rc_arena_strndup(&r->arena, (const char *)e->data.scalar.value, len);
    if (!n->str) {
        fail(r, RUNCOVER_E_NOMEM, 0, 0, "out of memory");
        return false;
    }
    return attach(r, n);
}

static bool on_event(reader *r, const yaml_event_t *e)
{
    const yaml_mark_t *m = &e->start_mark;
    switch (e->type) {
    case YAML_STREAM_START_EVENT:
    case YAML_STREAM_END_EVENT:
    case YAML_NO_EVENT:
        return true;
    case YAML_DOCUMENT_START_EVENT:
        if (++r->docs > 1) {
            fail(r, RUNCOVER_E_SCHEMA, pos1(m->line), pos1(m->column),
                 "only one YAML document per file (a second one starts here)");
            return false;
        }
        return true;
    case YAML_DOCUMENT_END_EVENT:
        return true;
    case YAML_ALIAS_EVENT:
        fail(r, RUNCOVER_E_SCHEMA, pos1(m->line), pos1(m->column),
             "aliases (*%.40s) are not supported; write the value out", (const char *)e->data.alias.anchor);
        return false;
    case YAML_SCALAR_EVENT:
        return on_scalar(r, e);
    case YAML_SEQUENCE_START_EVENT:
        if (!refuse_props(r, m, e->data.sequence_start.anchor, e->data.sequence_start.tag))
            return false;
        return open_container(r, RC_Y_SEQ, e, e->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE);
    case YAML_MAPPING_START_EVENT:
        if (!refuse_props(r, m, e->data.mapping_start.anchor, e->data.mapping_start.tag))
            return false;
        return open_container(r, RC_Y_MAP, e, e->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        if (r->depth == 0) /* libyaml never does this; stay safe anyway */
            return true;
        return close_container(r);
    }
    return true;
}

runcover_status rc_yaml_parse(rc_ydoc *doc, const char *name, const char *buf, size_t len, const rc_ylimits *lim)
{
    reader r;
    memset(&r, 0, sizeof r);
    memset(doc, 0, sizeof *doc);
    r.name = name ? name : "<input>";
    r.buf = buf;
    r.len = len;
    r.lim = (rc_ylimits){ RC_Y_MAX_BYTES, RC_Y_MAX_DEPTH, RC_Y_MAX_SCALAR, RC_Y_MAX_NODES };
    if (lim) {
        if (lim->max_bytes)
            r.lim.max_bytes = lim->max_bytes;
        if (lim->max_depth)
            r.lim.max_depth = lim->max_depth;
        if (lim->max_scalar)
            r.lim.max_scalar = lim->max_scalar;
        if (lim->max_nodes)
            r.lim.max_nodes = lim->max_nodes;
    }
    if (!buf && len)
        return rc_error_add(RUNCOVER_E_MISUSE, r.name, 0, 0, "buffer is NULL but length is %zu", len);
    if (len > r.lim.max_bytes)
        return rc_error_add(RUNCOVER_E_LIMIT, r.name, 0, 0, "input is larger than %zu bytes", r.lim.max_bytes);
    if (buf && memchr(buf, '\0', len)) {
        unsigned line, col;
        offset_pos(&r, (size_t)((const char *)memchr(buf, '\0', len) - buf), &line, &col);
        return rc_error_add(RUNCOVER_E_SYNTAX, r.name, line, col, "invalid text: NUL byte in the input");
    }
    size_t dir_at = buf ? too_many_directives(buf, len) : (size_t)-1;
    if (dir_at != (size_t)-1) {
        unsigned line, col;
        offset_pos(&r, dir_at, &line, &col);
        return rc_error_add(RUNCOVER_E_LIMIT, r.name, line, col,
                            "more than %u lines start with '%%' (YAML directives such as %%TAG); a protocol needs none",
                            RC_Y_MAX_DIRECTIVES);
    }

    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return rc_nomem();
    yaml_parser_set_input_string(&p, (const unsigned char *)(buf ? buf : ""), len);
    bool done = false;
    size_t skip_depth = 0; /* nesting while draining after a refusal */
    while (!done) {
        yaml_event_t e;
        if (!yaml_parser_parse(&p, &e)) {
            parser_error(&r, &p);
            break;
        }
        done = e.type == YAML_STREAM_END_EVENT;
        bool ok;
        if (r.st == RUNCOVER_OK) {
            ok = on_event(&r, &e);
            if (!ok && r.st == RUNCOVER_E_SCHEMA)
                ok = true, skip_depth = r.depth; /* keep reading: a syntax error later wins */
        } else {
            /* draining: only the nesting limit still applies */
            if (e.type == YAML_SEQUENCE_START_EVENT || e.type == YAML_MAPPING_START_EVENT)
                skip_depth++;
            else if ((e.type == YAML_SEQUENCE_END_EVENT || e.type == YAML_MAPPING_END_EVENT) && skip_depth)
                skip_depth--;
            ok = skip_depth <= r.lim.max_depth;
        }
        yaml_event_delete(&e);
        if (!ok)
            break;
    }
    yaml_parser_delete(&p);

    if (r.st == RUNCOVER_OK && !r.root) {
        /* empty stream: a null document; callers decide whether that is an error */
        yaml_mark_t m = { 0, 0, 0 };
        r.root = new_node(&r, RC_Y_SCALAR, &m);
        if (r.root) {
            r.root->plain = true;
            r.root->str = "";
        }
    }
    if (r.st == RUNCOVER_OK) {
        doc->name = rc_arena_strndup(&r.arena, r.name, strlen(r.name));
        if (!doc->name)
            fail(&r, RUNCOVER_E_NOMEM, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < r.depth; i++)
        rc_free(r.stack[i].items);
    rc_free(r.stack);
    if (r.st != RUNCOVER_OK) {
        rc_arena_free(&r.arena);
        memset(doc, 0, sizeof *doc);
        return report(&r);
    }
    doc->root = r.root;
    doc->arena = r.arena;
    return RUNCOVER_OK;
}

void rc_yaml_free(rc_ydoc *doc)
{
    if (!doc)
        return;
    rc_arena_free(&doc->arena);
    memset(doc, 0, sizeof *doc);
}

const rc_ynode *rc_ymap_get(const rc_ynode *map, const char *key)
{
    if (!map || map->kind != RC_Y_MAP || !key)
        return NULL;
    size_t kl = strlen(key);
    for (size_t i = 0; i < map->n; i++) {
        const rc_ynode *k = map->items[2 * i];
        if (k->len == kl && memcmp(k->str, key, kl) == 0)
            return map->items[2 * i + 1];
    }
    return NULL;
}

bool rc_yscalar_is_null(const rc_ynode *n)
{
    if (!n || n->kind != RC_Y_SCALAR || !n->plain)
        return false;
    return n->len == 0 || strcmp(n->str, "~") == 0 || strcmp(n->str, "null") == 0 || strcmp(n->str, "Null") == 0 ||
           strcmp(n->str, "NULL") == 0;
}

bool rc_yscalar_bool(const rc_ynode *n, bool *out)
{
    if (!n || n->kind != RC_Y_SCALAR || !n->plain)
        return false;
    static const char *const t[] = { "true", "True", "TRUE" }, *const f[] = { "false", "False", "FALSE" };
    for (size_t i = 0; i < 3; i++) {
        if (strcmp(n->str, t[i]) == 0) {
            *out = true;
            return true;
        }
        if (strcmp(n->str, f[i]) == 0) {
            *out = false;
            return true;
        }
    }
    return false;
}

bool rc_yscalar_number(const rc_ynode *n, double *out)
{
    if (!n || n->kind != RC_Y_SCALAR || !n->plain || n->len == 0)
        return false;
    return rc_num_parse(n->str, n->len, out);
}
