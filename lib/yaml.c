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
    /* positions inside scalars (see map_scalar) */
    size_t bom;           /* bytes of a UTF-8 BOM before libyaml's index 0 */
    bool utf16;           /* libyaml decodes UTF-16 (a UTF-16 BOM): no maps */
    size_t cur_index, cur_byte; /* libyaml character index -> byte offset, moving forward */
    rc_yseg *segs;        /* scratch for the map being built (heap) */
    size_t nsegs, capsegs;
    size_t map_budget;    /* runs all maps of the document may still use */
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

/* Line and column (1-based) of byte offset off into buf[0..len): lines end
 * at LF, CR, CR LF, NEL, LS and PS as libyaml reads them, and columns count
 * characters (UTF-8 continuation bytes and a leading BOM add none), as
 * libyaml's own marks do. */
void rc_text_pos(const char *buf, size_t len, size_t off, unsigned *line, unsigned *col)
{
    const unsigned char *b = (const unsigned char *)buf;
    size_t l = 1, c = 1;
    if (off > len)
        off = len;
    size_t i = len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0;
    for (; i < off; i++) {
        if (b[i] == '\n') {
            l++, c = 1;
        } else if (b[i] == '\r') {
            if (i + 1 < off && b[i + 1] == '\n')
                continue;
            l++, c = 1;
        } else if (b[i] == 0xC2 && i + 1 < off && b[i + 1] == 0x85) {
            l++, c = 1, i++;
        } else if (b[i] == 0xE2 && i + 2 < off && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9)) {
            l++, c = 1, i += 2;
        } else if ((b[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l > 0xFFFFFFFFu ? 0xFFFFFFFFu : (unsigned)l;
    *col = c > 0xFFFFFFFFu ? 0xFFFFFFFFu : (unsigned)c;
}

static void offset_pos(const reader *r, size_t off, unsigned *line, unsigned *col)
{
    rc_text_pos(r->buf, r->len, off, line, col);
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

/* ---- positions inside scalars ----
 *
 * libyaml gives a scalar's text decoded (escapes, '', folded and joined
 * lines, block indentation and chomping) and the marks of where the scalar
 * starts and ends. A scalar whose text is a copy of one stretch of one line
 * (a plain or quoted scalar on one line without escapes) needs nothing more:
 * character i of its text is i columns after its first character. For the
 * others, map_scalar() reads the scalar's source again beside its text and
 * records the runs of an rc_yposmap.
 *
 * The scan does not re-implement YAML folding and chomping: the source is a
 * sequence of tokens, each a character or (in quoted scalars) an escape or
 * '', and each either produces one non-blank character or is blank
 * (spaces, tabs, line breaks, escaped line breaks, escapes of blanks).
 * Every non-blank character of the text comes, in order, from exactly one
 * non-blank token, and every blank token produces blank text or nothing, so
 * matching the text's non-blank characters to the next non-blank token is
 * exact. Blank characters of the text take the next blank token if there is
 * one (their positions only matter as "end of a line"). Any mismatch (an
 * input libyaml read otherwise than expected) drops the map, and positions
 * fall back to counting from the scalar's start.
 *
 * Cost: nothing for one-line plain scalars and a count of characters for
 * one-line quoted ones; for the others, one pass over their source
 * (libyaml's marks count characters, not bytes: one forward-moving cursor
 * turns them into byte offsets for the whole document, in one pass over it)
 * and 12 bytes per run (a run starts on each source line of the scalar and
 * after each escape). The runs of all maps of a document together take at
 * most as many bytes as the input plus 4 KiB (scalars past that budget keep
 * the fallback), so the reader's size limit bounds them too. */

static bool cp_blank(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

/* Decodes one UTF-8 character of s[0..n) (libyaml has validated it);
 * returns its length, 0 if truncated. */
static size_t utf8_dec(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (n == 0)
        return 0;
    unsigned char c = s[0];
    size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    if (k > n)
        return 0;
    uint32_t v = k == 1 ? c : k == 2 ? (c & 0x1Fu) : k == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (size_t i = 1; i < k; i++)
        v = v << 6 | (s[i] & 0x3Fu);
    *cp = v;
    return k;
}

/* A line break at s[0..n): its length in bytes (CR LF is one break), or 0. */
static size_t break_len(const unsigned char *s, size_t n)
{
    if (n == 0)
        return 0;
    if (s[0] == '\r')
        return n > 1 && s[1] == '\n' ? 2 : 1;
    if (s[0] == '\n')
        return 1;
    if (n > 1 && s[0] == 0xC2 && s[1] == 0x85)
        return 2;
    if (n > 2 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9))
        return 3;
    return 0;
}

/* UTF-8 continuation bytes (10xxxxxx) among the eight at p. */
static unsigned cont8(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    uint64_t cont = w & ~(w << 1) & 0x8080808080808080u; /* bit 7 set, bit 6 clear (either byte order) */
    return (unsigned)((((cont >> 7) * 0x0101010101010101u) >> 56) & 0xFF);
}

static size_t utf8_chars(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t c = n, i = 0;
    for (; n - i >= 8; i += 8)
        c -= cont8(p + i);
    for (; i < n; i++)
        c -= (p[i] & 0xC0) == 0x80;
    return c;
}

/* Byte offset in buf of libyaml's character index (counted from after a
 * BOM; CR LF counts two). Moves a cursor forward; restarts only if asked
 * for an earlier index. */
static size_t byte_of(reader *r, size_t index)
{
    const unsigned char *b = (const unsigned char *)r->buf;
    if (index < r->cur_index || r->cur_byte < r->bom) {
        r->cur_index = 0;
        r->cur_byte = r->bom;
    }
    /* eight bytes at a time while they hold no more characters than wanted
     * (a character starts at every byte that is not 10xxxxxx) */
    while (r->len - r->cur_byte >= 8 && index - r->cur_index >= 8) {
        r->cur_index += 8 - cont8(b + r->cur_byte);
        r->cur_byte += 8;
    }
    /* a character that began before cur_byte may continue past it */
    while (r->cur_byte < r->len && (b[r->cur_byte] & 0xC0) == 0x80)
        r->cur_byte++;
    while (r->cur_index < index && r->cur_byte < r->len) {
        r->cur_byte++;
        while (r->cur_byte < r->len && (b[r->cur_byte] & 0xC0) == 0x80)
            r->cur_byte++;
        r->cur_index++;
    }
    return r->cur_byte;
}

enum { TK_END, TK_CHAR, TK_BLANK };

typedef struct stok {
    int kind;
    size_t len;       /* source bytes */
    size_t cols;      /* columns it spans on its line (a break ends the line) */
    bool is_break;    /* ends a source line (a line break, or an escaped one) */
    uint32_t cp;      /* TK_CHAR: the character it produces */
} stok;

static int hexval(unsigned char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The source token at s[0..n) of a scalar of the given style. */
static stok next_tok(const unsigned char *s, size_t n, yaml_scalar_style_t style)
{
    stok t = { TK_END, 0, 0, false, 0 };
    if (n == 0)
        return t;
    size_t bl = break_len(s, n);
    if (bl) {
        t.kind = TK_BLANK;
        t.len = bl;
        t.is_break = true;
        return t;
    }
    if (style == YAML_SINGLE_QUOTED_SCALAR_STYLE && s[0] == '\'') {
        if (n < 2 || s[1] != '\'')
            return t; /* the closing quote */
        t.kind = TK_CHAR;
        t.len = t.cols = 2;
        t.cp = '\'';
        return t;
    }
    if (style == YAML_DOUBLE_QUOTED_SCALAR_STYLE && s[0] == '"')
        return t; /* the closing quote */
    if (style == YAML_DOUBLE_QUOTED_SCALAR_STYLE && s[0] == '\\') {
        if (n < 2)
            return t;
        size_t ebl = break_len(s + 1, n - 1);
        if (ebl) { /* escaped line break: joins the lines, produces nothing */
            t.kind = TK_BLANK;
            t.len = 1 + ebl;
            t.is_break = true;
            return t;
        }
        size_t hex = 0;
        uint32_t v;
        switch (s[1]) {
        case '0': v = 0; break;
        case 'a': v = 7; break;
        case 'b': v = 8; break;
        case 't': case '\t': v = 9; break;
        case 'n': v = 10; break;
        case 'v': v = 11; break;
        case 'f': v = 12; break;
        case 'r': v = 13; break;
        case 'e': v = 0x1B; break;
        case 'N': v = 0x85; break;
        case '_': v = 0xA0; break;
        case 'L': v = 0x2028; break;
        case 'P': v = 0x2029; break;
        case 'x': hex = 2, v = 0; break;
        case 'u': hex = 4, v = 0; break;
        case 'U': hex = 8, v = 0; break;
        default:
            if (s[1] >= 0x80)
                return t;
            v = s[1]; /* \" \\ \/ \' and \<space> produce the character */
            break;
        }
        if (n < 2 + hex)
            return t;
        for (size_t i = 0; i < hex; i++) {
            int h = hexval(s[2 + i]);
            if (h < 0)
                return t;
            v = v << 4 | (uint32_t)h;
        }
        t.kind = cp_blank(v) ? TK_BLANK : TK_CHAR;
        t.len = t.cols = 2 + hex;
        t.cp = v;
        return t;
    }
    uint32_t cp;
    size_t k = utf8_dec(s, n, &cp);
    if (!k)
        return t;
    t.kind = cp_blank(cp) ? TK_BLANK : TK_CHAR;
    t.len = k;
    t.cols = 1;
    t.cp = cp;
    return t;
}

static uint32_t sat32(size_t v) { return v > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)v; }

/* Position of byte off of text in run sg: one column per character, held
 * at a line break of the text. */
static void seg_pos(const char *text, const rc_yseg *sg, size_t off, size_t *line, size_t *col)
{
    size_t c = sg->col;
    for (size_t i = sg->off; i < off; i++) {
        if (text[i] == '\n')
            break;
        c += ((unsigned char)text[i] & 0xC0) != 0x80;
    }
    *line = sg->line;
    *col = c;
}

/* The runs of the map being built, and where the last run puts the next
 * character: pred_line:pred_col for text byte pred_off (held: past a line
 * break of the text, where positions stop). */
typedef struct mapper {
    reader *r;
    const char *text;
    size_t pred_off, pred_line, pred_col;
    bool held;
} mapper;

/* Appends a run starting at text byte off (offsets only grow), unless the
 * last run already puts it at line:col. false when out of memory. */
static bool add_seg(mapper *mp, size_t off, size_t line, size_t col)
{
    reader *r = mp->r;
    if (r->nsegs) {
        for (; mp->pred_off < off && !mp->held; mp->pred_off++) {
            unsigned char c = (unsigned char)mp->text[mp->pred_off];
            if (c == '\n')
                mp->held = true;
            else
                mp->pred_col += (c & 0xC0) != 0x80;
        }
        if (!mp->held && mp->pred_line == line && mp->pred_col == col)
            return true; /* (past a line break of the text, always a new run) */
        rc_yseg *last = &r->segs[r->nsegs - 1];
        if (last->off == off) {
            last->line = sat32(line);
            last->col = sat32(col);
            mp->pred_off = off, mp->pred_line = line, mp->pred_col = col, mp->held = false;
            return true;
        }
    }
    if (r->nsegs == r->capsegs) {
        size_t nc = r->capsegs ? r->capsegs * 2 : 64;
        rc_yseg *v = rc_reallocarray(r->segs, nc, sizeof *v);
        if (!v)
            return false;
        r->segs = v;
        r->capsegs = nc;
    }
    r->segs[r->nsegs++] = (rc_yseg){ sat32(off), sat32(line), sat32(col) };
    mp->pred_off = off, mp->pred_line = line, mp->pred_col = col, mp->held = false;
    return true;
}

/* Builds n->posmap for a scalar that needs one. false only when out of
 * memory; a scalar that cannot be mapped keeps posmap NULL. */
static bool map_scalar(reader *r, rc_ynode *n, const yaml_event_t *e)
{
    yaml_scalar_style_t style = e->data.scalar.style;
    const yaml_mark_t *sm = &e->start_mark, *em = &e->end_mark;
    const char *text = n->str;
    size_t len = n->len;
    if (len == 0 || !r->buf || r->utf16 || len > 0xFFFFFFFEu)
        return true;
    if (sm->line == em->line) {
        if (style == YAML_PLAIN_SCALAR_STYLE)
            return true; /* a copy of its source */
        if ((style == YAML_SINGLE_QUOTED_SCALAR_STYLE || style == YAML_DOUBLE_QUOTED_SCALAR_STYLE) &&
            em->column >= sm->column + 2 && utf8_chars(text, len) == em->column - sm->column - 2)
            return true; /* every escape is shorter than its source: none here */
    }
    if (r->map_budget == 0)
        return true;
    const unsigned char *b = (const unsigned char *)r->buf;
    size_t j = byte_of(r, sm->index), end = byte_of(r, em->index);
    if (end > r->len || j >= end)
        return true;
    size_t line = pos1(sm->line), col = pos1(sm->column);
    /* the first character: a quote, a block indicator, or the text itself */
    if (style == YAML_SINGLE_QUOTED_SCALAR_STYLE || style == YAML_DOUBLE_QUOTED_SCALAR_STYLE) {
        if (b[j] != (style == YAML_SINGLE_QUOTED_SCALAR_STYLE ? '\'' : '"'))
            return true;
        j++, col++;
    } else if (style == YAML_LITERAL_SCALAR_STYLE || style == YAML_FOLDED_SCALAR_STYLE) {
        if (b[j] != (style == YAML_LITERAL_SCALAR_STYLE ? '|' : '>'))
            return true;
        /* the header line (indicators, a comment) */
        size_t bl = 0;
        while (j < end && !(bl = break_len(b + j, end - j)))
            j++;
        if (j >= end)
            return true;
        j += bl;
        line++, col = 1;
    }
    r->nsegs = 0;
    mapper mp = { r, text, 0, 0, 0, false };
    if (!add_seg(&mp, 0, line, col))
        return false;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = utf8_dec((const unsigned char *)text + i, len - i, &cp);
        if (!k)
            return true;
        stok t = next_tok(b + j, end - j, style);
        if (cp_blank(cp)) {
            if (t.kind == TK_BLANK) {
                j += t.len;
                if (t.is_break)
                    line++, col = 1;
                else
                    col += t.cols;
            }
            i += k;
            continue;
        }
        while (t.kind == TK_BLANK) {
            j += t.len;
            if (t.is_break)
                line++, col = 1;
            else
                col += t.cols;
            while (j < end && b[j] == ' ') /* indentation */
                j++, col++;
            t = next_tok(b + j, end - j, style);
        }
        if (t.kind != TK_CHAR || t.cp != cp)
            return true; /* not what libyaml read: no map */
        if (!add_seg(&mp, i, line, col))
            return false;
        j += t.len;
        col += t.cols;
        i += k;
        if (t.cols == 1) {
            /* in step with the run (the next character is one column on):
             * ASCII the source spells the same needs no token */
            while (i < len && j < end && (unsigned char)text[i] == b[j] && b[j] > ' ' && b[j] < 0x7F &&
                   b[j] != '\\' && b[j] != '\'' && b[j] != '"')
                i++, j++, col++;
            mp.pred_off = i;
            mp.pred_col = col;
        }
    }
    if (r->nsegs > r->map_budget)
        return true; /* over the document's budget: the fallback */
    rc_yposmap *m = rc_arena_alloc(&r->arena, sizeof *m + r->nsegs * sizeof m->seg[0]);
    if (!m)
        return false;
    m->n = (uint32_t)r->nsegs;
    memcpy(m->seg, r->segs, r->nsegs * sizeof m->seg[0]);
    n->posmap = m;
    r->map_budget -= r->nsegs;
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
    if (!n->str || !map_scalar(r, n, e)) {
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
    if (len > r.lim.max_bytes) { /* at the first byte past the limit */
        unsigned line, col;
        rc_text_pos(buf, len, r.lim.max_bytes, &line, &col);
        return rc_error_add(RUNCOVER_E_LIMIT, r.name, line, col, "input is larger than %zu bytes", r.lim.max_bytes);
    }
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

    r.bom = buf && len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    r.cur_byte = r.bom;
    r.utf16 = buf && len >= 2 && (memcmp(buf, "\xFE\xFF", 2) == 0 || memcmp(buf, "\xFF\xFE", 2) == 0);
    r.map_budget = (len + 4096) / sizeof(rc_yseg);

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
    rc_free(r.segs);
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

void rc_ynode_pos(const rc_ynode *n, size_t off, unsigned *line, unsigned *col)
{
    if (n->kind != RC_Y_SCALAR) {
        *line = n->line;
        *col = n->col;
        return;
    }
    if (off > n->len)
        off = n->len;
    const rc_yposmap *m = n->posmap;
    size_t l, c;
    if (m) {
        /* the last run starting at or before off */
        size_t lo = 0, hi = m->n;
        while (hi - lo > 1) {
            size_t mid = lo + (hi - lo) / 2;
            if (m->seg[mid].off <= off)
                lo = mid;
            else
                hi = mid;
        }
        seg_pos(n->str, &m->seg[lo], off, &l, &c);
    } else {
        /* a copy of one line (or a scalar the reader could not map: the
         * characters counted from its start) */
        l = n->line;
        c = (size_t)n->col + (n->plain ? 0 : 1);
        for (size_t i = 0; i < off; i++) {
            if (n->str[i] == '\n')
                l++, c = 1;
            else
                c += ((unsigned char)n->str[i] & 0xC0) != 0x80;
        }
    }
    *line = sat32(l);
    *col = sat32(c);
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

bool rc_yscalar_nonfinite(const rc_ynode *n)
{
    if (!n || n->kind != RC_Y_SCALAR || !n->plain || n->len == 0)
        return false;
    double d;
    if (rc_num_scan(n->str, n->len, &d) == RC_NUM_HUGE)
        return true;
    /* YAML 1.2's core schema spellings of infinity and NaN */
    const char *s = n->str + (n->str[0] == '-' || n->str[0] == '+');
    static const char *const w[] = { ".inf", ".Inf", ".INF" }, *const nan[] = { ".nan", ".NaN", ".NAN" };
    for (size_t i = 0; i < 3; i++)
        if (strcmp(s, w[i]) == 0 || strcmp(n->str, nan[i]) == 0)
            return true;
    return false;
}
