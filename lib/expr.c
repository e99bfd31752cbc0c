/*
 * expr.c — the expression language: lexer, recursive-descent parser and
 * type checker in one pass, producing flat typed nodes (program.h).
 * Depth, length and node-count limits hold; every error names the position
 * of the offending token.
 *
 *   or  := and ("or" and)*          and := not ("and" not)*
 *   not := "not" not | cmp          cmp := add [(== != < <= > >= in) add]
 *   add := mul (("+"|"-") mul)*     mul := unary (("*"|"/") unary)*
 *   unary := "-" unary | primary
 *   primary := number | string | true | false | list | "(" or ")"
 *            | path | name "(" [or ("," or)*] ")"
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compile.h"

typedef enum tok {
    T_EOF, T_NUM, T_STR, T_IDENT, T_LP, T_RP, T_LB, T_RB, T_COMMA, T_DOT, T_PLUS, T_MINUS, T_STAR, T_SLASH,
    T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE, T_AND, T_OR, T_NOT, T_IN, T_TRUE, T_FALSE, T_ERR
} tok;

typedef struct parser {
    rc_compile_ctx *cx;
    const char *s;       /* text */
    size_t n;
    size_t pos;          /* next char */
    unsigned line0, col0;
    const rc_ynode *sc;  /* the scalar the text is in (s == sc->str + base), or NULL */
    size_t base;
    const rc_fact *enum_cmp; /* right operand of `ENUM ==` / `!=` starts at enum_at */
    size_t enum_at;
    /* current token */
    tok t;
    size_t ts, te;       /* token span */
    double num;
    char *str;           /* unescaped string literal (arena) */
    size_t strn;
    int depth;
    size_t nodes_at_start;
    bool failed;
} parser;

/* Source position of byte off of the text: through the scalar's map when
 * the text comes from a scalar (block scalars, continued lines, escapes),
 * otherwise counted from line0:col0. */
static void pos_of(const parser *p, size_t off, unsigned *line, unsigned *col)
{
    if (p->sc) {
        rc_ynode_pos(p->sc, p->base + (off < p->n ? off : p->n), line, col);
        return;
    }
    unsigned l = p->line0, c = p->col0;
    for (size_t i = 0; i < off && i < p->n; i++) {
        if (p->s[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)p->s[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

static int32_t fail(parser *p, runcover_status code, size_t off, const char *fmt, ...) RC_PRINTF(4, 5);
static int32_t fail(parser *p, runcover_status code, size_t off, const char *fmt, ...)
{
    if (p->failed)
        return -1;
    p->failed = true;
    unsigned line, col;
    pos_of(p, off, &line, &col);
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    rc_cx_error(p->cx, code, line, col, "%s", msg);
    return -1;
}

static bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static bool is_ident(char c) { return is_ident_start(c) || (c >= '0' && c <= '9') || c == '-'; }

static const char *tok_text(const parser *p, char *buf, size_t cap)
{
    if (p->t == T_EOF)
        return "end of expression";
    if (p->t == T_ERR || p->te < p->ts || p->te > p->n)
        return "an error"; /* the lexer has reported it (and fail() keeps the first error) */
    size_t n = p->te - p->ts;
    if (n > cap - 3)
        n = cap - 3;
    size_t j = 0;
    buf[j++] = '\'';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p->s[p->ts + i];
        buf[j++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
    }
    buf[j++] = '\'';
    buf[j] = 0;
    return buf;
}

static void next(parser *p)
{
    const char *s = p->s;
    while (p->pos < p->n && (s[p->pos] == ' ' || s[p->pos] == '\t' || s[p->pos] == '\n' || s[p->pos] == '\r'))
        p->pos++;
    p->ts = p->pos;
    if (p->pos >= p->n) {
        p->t = T_EOF;
        p->te = p->pos;
        return;
    }
    char c = s[p->pos];
    if ((c >= '0' && c <= '9') || (c == '.' && p->pos + 1 < p->n && s[p->pos + 1] >= '0' && s[p->pos + 1] <= '9')) {
        size_t e = p->pos;
        while (e < p->n && ((s[e] >= '0' && s[e] <= '9') || s[e] == '.'))
            e++;
        if (e < p->n && (s[e] == 'e' || s[e] == 'E')) {
            size_t f = e + 1;
            if (f < p->n && (s[f] == '+' || s[f] == '-'))
                f++;
            if (f < p->n && s[f] >= '0' && s[f] <= '9') {
                e = f;
                while (e < p->n && s[e] >= '0' && s[e] <= '9')
                    e++;
            }
        }
        p->te = e;
        p->pos = e;
        if (e < p->n && is_ident_start(s[e])) {
            p->te = e + 1;
            p->t = T_ERR;
            fail(p, RUNCOVER_E_SYNTAX, p->ts, "malformed number");
            return;
        }
        rc_num_status ns = rc_num_scan(s + p->ts, e - p->ts, &p->num);
        if (ns != RC_NUM_OK) {
            p->t = T_ERR;
            if (ns == RC_NUM_HUGE)
                fail(p, RUNCOVER_E_SYNTAX, p->ts, "number %.*s is too large (not a finite number)",
                     (int)(e - p->ts > 40 ? 40 : e - p->ts), s + p->ts);
            else
                fail(p, RUNCOVER_E_SYNTAX, p->ts, "malformed number");
            return;
        }
        p->t = T_NUM;
        return;
    }
    if (c == '"' || c == '\'') {
        size_t e = p->pos + 1;
        rc_buf b;
        rc_buf_init(&b);
        while (e < p->n && s[e] != c) {
            if (s[e] == '\\' && e + 1 < p->n && (s[e + 1] == c || s[e + 1] == '\\')) {
                rc_buf_putc(&b, s[e + 1]);
                e += 2;
                continue;
            }
            rc_buf_putc(&b, s[e]);
            e++;
        }
        if (e >= p->n) {
            rc_buf_free(&b);
            p->t = T_ERR;
            p->te = p->pos = p->n; /* the string runs to the end */
            fail(p, RUNCOVER_E_SYNTAX, p->ts, "unterminated string");
            return;
        }
        p->te = p->pos = e + 1;
        if (b.oom) {
            rc_buf_free(&b);
            p->cx->oom = true;
            p->t = T_ERR;
            p->failed = true;
            return;
        }
        p->str = rc_arena_strndup(&p->cx->pg->arena, b.data ? b.data : "", b.len);
        p->strn = b.len;
        rc_buf_free(&b);
        if (!p->str) {
            p->cx->oom = true;
            p->t = T_ERR;
            p->failed = true;
            return;
        }
        p->t = T_STR;
        return;
    }
    if (is_ident_start(c)) {
        size_t e = p->pos;
        while (e < p->n && is_ident(s[e]))
            e++;
        p->te = p->pos = e;
        size_t len = e - p->ts;
        static const struct {
            const char *w;
            tok t;
        } kw[] = { { "and", T_AND }, { "or", T_OR }, { "not", T_NOT }, { "in", T_IN }, { "true", T_TRUE },
                   { "false", T_FALSE } };
        p->t = T_IDENT;
        for (size_t i = 0; i < RC_ARRAY_LEN(kw); i++)
            if (strlen(kw[i].w) == len && memcmp(kw[i].w, s + p->ts, len) == 0)
                p->t = kw[i].t;
        return;
    }
    p->pos++;
    p->te = p->pos;
    char d = p->pos < p->n ? s[p->pos] : 0;
    switch (c) {
    case '(': p->t = T_LP; return;
    case ')': p->t = T_RP; return;
    case '[': p->t = T_LB; return;
    case ']': p->t = T_RB; return;
    case ',': p->t = T_COMMA; return;
    case '.': p->t = T_DOT; return;
    case '+': p->t = T_PLUS; return;
    case '-': p->t = T_MINUS; return;
    case '*': p->t = T_STAR; return;
    case '/': p->t = T_SLASH; return;
    case '=':
        if (d == '=') {
            p->pos++;
            p->te++;
            p->t = T_EQ;
            return;
        }
        break;
    case '!':
        if (d == '=') {
            p->pos++;
            p->te++;
            p->t = T_NE;
            return;
        }
        break;
    case '<':
    case '>':
        if (d == '=') {
            p->pos++;
            p->te++;
            p->t = c == '<' ? T_LE : T_GE;
        } else {
            p->t = c == '<' ? T_LT : T_GT;
        }
        return;
    default: break;
    }
    p->t = T_ERR;
    char tb[8];
    unsigned char uc = (unsigned char)c;
    if (uc < 0x20 || uc >= 0x7f)
        snprintf(tb, sizeof tb, "\\x%02x", uc);
    else
        snprintf(tb, sizeof tb, "%c", c);
    if (c == '=')
        fail(p, RUNCOVER_E_SYNTAX, p->ts, "unexpected '=' (use '==' to compare)");
    else if (c == '&' || c == '|')
        fail(p, RUNCOVER_E_SYNTAX, p->ts, "unexpected '%s' (use 'and' / 'or')", tb);
    else
        fail(p, RUNCOVER_E_SYNTAX, p->ts, "unexpected character '%s'", tb);
}

static int32_t new_node(parser *p, rc_op op, rc_type type, size_t start, size_t end)
{
    rc_nodes *ns = &p->cx->nodes;
    if (ns->n - p->nodes_at_start >= RC_MAX_EXPR_NODES)
        return fail(p, RUNCOVER_E_LIMIT, start, "expression has more than %d nodes", RC_MAX_EXPR_NODES);
    if (ns->n >= INT32_MAX / 2) {
        return fail(p, RUNCOVER_E_LIMIT, start, "too many expression nodes");
    }
    if (ns->n == ns->cap) {
        size_t cap = ns->cap ? ns->cap * 2 : 256;
        rc_node *v = rc_reallocarray(ns->v, cap, sizeof *v);
        if (!v) {
            p->cx->oom = true;
            p->failed = true;
            return -1;
        }
        ns->v = v;
        ns->cap = cap;
    }
    rc_node *nd = &ns->v[ns->n];
    memset(nd, 0, sizeof *nd);
    nd->op = (uint8_t)op;
    nd->type = (uint8_t)type;
    nd->a = nd->b = nd->c = nd->next = -1;
    nd->slot = -1;
    nd->src = p->s + start;
    nd->srclen = (uint32_t)(end - start);
    pos_of(p, start, &nd->line, &nd->col);
    return (int32_t)ns->n++;
}

#define N(i) (p->cx->nodes.v[(i)])

static const char *type_name(rc_type t)
{
    switch (t) {
    case RC_TY_NUM: return "a number";
    case RC_TY_BOOL: return "a condition";
    case RC_TY_STR: return "a string";
    case RC_TY_LIST: return "a list";
    case RC_TY_ENUM: return "an enum fact";
    case RC_TY_SET: return "a set fact";
    case RC_TY_TIME: return "a time fact";
    }
    return "?";
}

static int32_t parse_or(parser *p);
static int32_t parse_or_at(parser *p, size_t at);

static size_t node_start(parser *p, int32_t i) { return (size_t)(N(i).src - p->s); }
static size_t node_end(parser *p, int32_t i) { return (size_t)(N(i).src - p->s) + N(i).srclen; }

static int32_t need(parser *p, int32_t i, rc_type t, const char *ctx)
{
    if (i < 0)
        return -1;
    if (N(i).type != t)
        return fail(p, RUNCOVER_E_TYPE, node_start(p, i), "%s needs %s, but '%.*s' is %s", ctx, type_name(t),
                    (int)(N(i).srclen > 60 ? 60 : N(i).srclen), N(i).src, type_name((rc_type)N(i).type));
    return i;
}

static int32_t fold(parser *p, int32_t i)
{
    rc_node *n = &N(i);
    if (n->type != RC_TY_NUM || n->op == OP_CONST || n->op == OP_SLOT)
        return i;
    int32_t kids[3] = { n->a, n->b, n->c };
    for (int k = 0; k < 3; k++)
        if (kids[k] >= 0 && N(kids[k]).op != OP_CONST)
            return i;
    /* Evaluate with a temporary program view over the node array. */
    rc_program tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.nodes = p->cx->nodes.v;
    tmp.nnodes = p->cx->nodes.n;
    double v = rc_eval_num(&tmp, NULL, NULL, i);
    if (!isfinite(v))
        return fail(p, RUNCOVER_E_TYPE, node_start(p, i), "constant expression '%.*s' has no finite value",
                    (int)(n->srclen > 60 ? 60 : n->srclen), n->src);
    n = &N(i);
    n->op = OP_CONST;
    n->k = v;
    n->a = n->b = n->c = -1;
    return i;
}

static int32_t resolve_path(parser *p, size_t start)
{
    /* The path text is s[start .. p->te) of the last identifier. */
    size_t end = p->te;
    const char *path = p->s + start;
    size_t len = end - start;
    rc_program *pg = p->cx->pg;
    if (len > 4 && memcmp(path, "ext.", 4) == 0) {
        for (size_t i = 0; i < pg->next; i++)
            if (strlen(pg->ext[i].name) == len - 4 && memcmp(pg->ext[i].name, path + 4, len - 4) == 0) {
                const rc_extdecl *e = &pg->ext[i];
                int32_t nd = new_node(p, e->type == RUNCOVER_FACT_FLAG ? OP_FLAG : OP_SLOT,
                                      e->type == RUNCOVER_FACT_FLAG ? RC_TY_BOOL : RC_TY_NUM, start, end);
                if (nd >= 0)
                    N(nd).slot = e->slot;
                return nd;
            }
        return fail(p, RUNCOVER_E_NOTFOUND, start, "unknown fact '%.*s' (declare it under facts:)",
                    (int)(len > 80 ? 80 : len), path);
    }
    if (len > 7 && memcmp(path, "derive.", 7) == 0) {
        for (size_t i = 0; i < p->cx->nderives_visible; i++) {
            const rc_derive *d = &pg->derives[i];
            if (strlen(d->name) == len - 7 && memcmp(d->name, path + 7, len - 7) == 0) {
                int32_t nd = new_node(p, d->type == RC_TY_BOOL ? OP_FLAG : OP_SLOT, (rc_type)d->type, start, end);
                if (nd >= 0)
                    N(nd).slot = d->slot;
                return nd;
            }
        }
        return fail(p, RUNCOVER_E_NOTFOUND, start, "unknown derived fact '%.*s' (derives are visible after they are declared)",
                    (int)(len > 80 ? 80 : len), path);
    }
    const rc_fact *f = rc_fact_by_path(path, len);
    if (!f && p->enum_cmp && start == p->enum_at && !memchr(path, '.', len))
        /* session.kind == race: a value name written without quotes */
        return fail(p, RUNCOVER_E_NOTFOUND, start, "unknown fact '%.*s' (to compare %s with a value, quote it: '%.*s')",
                    (int)(len > 60 ? 60 : len), path, p->enum_cmp->path, (int)(len > 60 ? 60 : len), path);
    if (!f)
        return fail(p, RUNCOVER_E_NOTFOUND, start, "unknown fact '%.*s'", (int)(len > 80 ? 80 : len), path);
    if (f->slot >= RC_L_FIRST)
        p->cx->uses_load = true;
    rc_op op;
    rc_type ty;
    switch (f->type) {
    case RUNCOVER_FACT_NUMBER: op = OP_SLOT; ty = RC_TY_NUM; break;
    case RUNCOVER_FACT_FLAG: op = OP_FLAG; ty = RC_TY_BOOL; break;
    case RUNCOVER_FACT_ENUM: op = OP_ENUMREF; ty = RC_TY_ENUM; break;
    case RUNCOVER_FACT_SET: op = OP_SETREF; ty = RC_TY_SET; break;
    default: op = OP_TIMEREF; ty = RC_TY_TIME; break;
    }
    int32_t nd = new_node(p, op, ty, start, end);
    if (nd >= 0) {
        N(nd).slot = f->slot;
        N(nd).fact = f;
    }
    return nd;
}

static int32_t parse_list(parser *p)
{
    size_t start = p->ts;
    next(p); /* '[' */
    int32_t list = new_node(p, OP_LIST, RC_TY_LIST, start, start + 1);
    if (list < 0)
        return -1;
    int32_t prev = -1; /* indices, not pointers: new_node() may move the array */
    int32_t count = 0;
    if (p->t != T_RB) {
        for (;;) {
            if (p->t != T_STR && p->t != T_NUM && p->t != T_MINUS) {
                char tb[64];
                bool word = p->t == T_IDENT && (p->te >= p->n || p->s[p->te] != '.'); /* [race] */
                return fail(p, RUNCOVER_E_SYNTAX, p->ts, "lists hold string or number literals; found %s%s%s%s",
                            tok_text(p, tb, sizeof tb), word ? " (quote a name: '" : "",
                            word ? tb + 1 : "", word ? ")" : "");
            }
            int32_t it;
            size_t item_at = p->ts; /* where a 65th item is reported */
            if (p->t == T_STR) {
                it = new_node(p, OP_STR, RC_TY_STR, p->ts, p->te);
                if (it < 0)
                    return -1;
                N(it).str = p->str;
                N(it).strlen_ = (uint32_t)p->strn;
                next(p);
            } else {
                bool neg = p->t == T_MINUS;
                size_t s0 = p->ts;
                if (neg) {
                    next(p);
                    if (p->t != T_NUM)
                        return fail(p, RUNCOVER_E_SYNTAX, p->ts, "expected a number");
                }
                it = new_node(p, OP_CONST, RC_TY_NUM, s0, p->te);
                if (it < 0)
                    return -1;
                N(it).k = neg ? -p->num : p->num;
                next(p);
            }
            /* chain */
            if (prev < 0)
                N(list).a = it;
            else
                N(prev).next = it;
            prev = it;
            if (++count > 64)
                return fail(p, RUNCOVER_E_LIMIT, item_at, "list literal longer than 64 items");
            if (p->t == T_COMMA) {
                next(p);
                continue;
            }
            break;
        }
    }
    if (p->t != T_RB) {
        char tb[64];
        return fail(p, RUNCOVER_E_SYNTAX, p->ts, "expected ',' or ']' in list, found %s", tok_text(p, tb, sizeof tb));
    }
    N(list).srclen = (uint32_t)(p->te - start);
    N(list).slot = count;
    next(p);
    return list;
}

static int32_t parse_call(parser *p, size_t start, const char *name, size_t nlen)
{
    static const struct {
        const char *name;
        rc_op op;
        int minargs, maxargs;
    } fns[] = { { "min", OP_MIN, 2, 8 },     { "max", OP_MAX, 2, 8 },     { "clamp", OP_CLAMP, 3, 3 },
                { "round", OP_ROUND, 1, 1 }, { "abs", OP_ABS, 1, 1 },     { "has", OP_HAS, 1, 1 },
                { "fired", OP_FIRED, 1, 1 } };
    int fi = -1;
    for (size_t i = 0; i < RC_ARRAY_LEN(fns); i++)
        if (strlen(fns[i].name) == nlen && memcmp(fns[i].name, name, nlen) == 0)
            fi = (int)i;
    if (fi < 0)
        return fail(p, RUNCOVER_E_NOTFOUND, start,
                    "unknown function '%.*s' (functions: min, max, clamp, round, abs, has, fired)", (int)nlen, name);
    next(p); /* '(' */
    int32_t args[8];
    int nargs = 0;
    if (p->t != T_RP) {
        for (;;) {
            if (nargs == 8)
                return fail(p, RUNCOVER_E_TYPE, p->ts, "%s() takes at most %d arguments", fns[fi].name,
                            fns[fi].maxargs);
            int32_t a = parse_or(p);
            if (a < 0)
                return -1;
            args[nargs++] = a;
            if (p->t == T_COMMA) {
                next(p);
                continue;
            }
            break;
        }
    }
    if (p->t != T_RP) {
        char tb[64];
        return fail(p, RUNCOVER_E_SYNTAX, p->ts, "expected ',' or ')' in call of %s(), found %s", fns[fi].name,
                    tok_text(p, tb, sizeof tb));
    }
    size_t end = p->te;
    next(p); /* ')' */
    if (nargs < fns[fi].minargs || nargs > fns[fi].maxargs) {
        if (fns[fi].minargs == fns[fi].maxargs)
            return fail(p, RUNCOVER_E_TYPE, start, "%s() takes %d argument%s, not %d", fns[fi].name,
                        fns[fi].minargs, fns[fi].minargs == 1 ? "" : "s", nargs);
        return fail(p, RUNCOVER_E_TYPE, start, "%s() takes %d to %d arguments, not %d", fns[fi].name,
                    fns[fi].minargs, fns[fi].maxargs, nargs);
    }
    rc_op op = fns[fi].op;
    if (op == OP_HAS) {
        rc_node *a = &N(args[0]);
        if (a->op != OP_SLOT && a->op != OP_FLAG && a->op != OP_ENUMREF && a->op != OP_SETREF &&
            a->op != OP_TIMEREF)
            return fail(p, RUNCOVER_E_TYPE, node_start(p, args[0]), "has() takes a fact, e.g. has(athlete.mass_kg)");
        if (a->op == OP_SETREF) { /* sets are always present */
            int32_t t = new_node(p, OP_TRUE, RC_TY_BOOL, start, end);
            return t;
        }
        int32_t slot = a->slot;
        int32_t h = new_node(p, OP_HAS, RC_TY_BOOL, start, end);
        if (h >= 0) {
            N(h).slot = slot;
            N(h).a = args[0];
        }
        return h;
    }
    if (op == OP_FIRED) {
        if (N(args[0]).op != OP_STR)
            return fail(p, RUNCOVER_E_TYPE, node_start(p, args[0]), "fired() takes a rule id string, e.g. fired(\"nap\")");
        int32_t f = new_node(p, OP_FIRED, RC_TY_BOOL, start, end);
        if (f < 0)
            return -1;
        N(f).str = N(args[0]).str;
        N(f).strlen_ = N(args[0]).strlen_;
        rc_compile_ctx *cx = p->cx;
        if (cx->nfired == cx->capfired) {
            size_t cap = cx->capfired ? cx->capfired * 2 : 16;
            rc_pending_fired *v = rc_reallocarray(cx->fired, cap, sizeof *v);
            if (!v) {
                cx->oom = true;
                p->failed = true;
                return -1;
            }
            cx->fired = v;
            cx->capfired = cap;
        }
        cx->fired[cx->nfired++] = (rc_pending_fired){ f, cx->cur_rule };
        return f;
    }
    for (int i = 0; i < nargs; i++)
        if (need(p, args[i], RC_TY_NUM, fns[fi].name) < 0)
            return -1;
    if (op == OP_MIN || op == OP_MAX) { /* left fold into binary nodes */
        int32_t acc = args[0];
        for (int i = 1; i < nargs; i++) {
            int32_t nd = new_node(p, op, RC_TY_NUM, start, end);
            if (nd < 0)
                return -1;
            N(nd).a = acc;
            N(nd).b = args[i];
            acc = fold(p, nd);
            if (acc < 0)
                return -1;
        }
        return acc;
    }
    int32_t nd = new_node(p, op, RC_TY_NUM, start, end);
    if (nd < 0)
        return -1;
    N(nd).a = args[0];
    if (nargs > 1)
        N(nd).b = args[1];
    if (nargs > 2)
        N(nd).c = args[2];
    return fold(p, nd);
}

static int32_t parse_primary(parser *p)
{
    size_t start = p->ts;
    char tb[64];
    switch (p->t) {
    case T_NUM: {
        int32_t nd = new_node(p, OP_CONST, RC_TY_NUM, start, p->te);
        if (nd >= 0)
            N(nd).k = p->num;
        next(p);
        return nd;
    }
    case T_STR: {
        int32_t nd = new_node(p, OP_STR, RC_TY_STR, start, p->te);
        if (nd >= 0) {
            N(nd).str = p->str;
            N(nd).strlen_ = (uint32_t)p->strn;
        }
        next(p);
        return nd;
    }
    case T_TRUE:
    case T_FALSE: {
        int32_t nd = new_node(p, p->t == T_TRUE ? OP_TRUE : OP_FALSE, RC_TY_BOOL, start, p->te);
        next(p);
        return nd;
    }
    case T_LB: return parse_list(p);
    case T_LP: {
        next(p);
        int32_t e = parse_or_at(p, start); /* too deep: at this parenthesis */
        if (e < 0)
            return -1;
        if (p->t != T_RP)
            return fail(p, RUNCOVER_E_SYNTAX, p->ts, "expected ')', found %s", tok_text(p, tb, sizeof tb));
        /* widen the span to include the parentheses for explanations */
        N(e).src = p->s + start;
        N(e).srclen = (uint32_t)(p->te - start);
        next(p);
        return e;
    }
    case T_IDENT: {
        const char *name = p->s + p->ts;
        size_t nlen = p->te - p->ts;
        next(p);
        if (p->t == T_LP)
            return parse_call(p, start, name, nlen);
        size_t last_end = start + nlen;
        while (p->t == T_DOT) {
            size_t dot = p->ts;
            next(p);
            if (p->t != T_IDENT || p->ts != dot + 1)
                return fail(p, RUNCOVER_E_SYNTAX, p->ts, "expected a name after '.'");
            last_end = p->te;
            next(p);
        }
        size_t save_te = p->te;
        p->te = last_end;
        int32_t nd = resolve_path(p, start);
        p->te = save_te;
        return nd;
    }
    case T_ERR: return -1;
    default: return fail(p, RUNCOVER_E_SYNTAX, p->ts, "expected a value, found %s", tok_text(p, tb, sizeof tb));
    }
}

/* One level deeper; `at` is what opened it (a parenthesis, 'not', '-'). */
static int32_t enter_at(parser *p, size_t at)
{
    if (++p->depth > RC_MAX_EXPR_DEPTH)
        return fail(p, RUNCOVER_E_LIMIT, at, "expression nested deeper than %d levels", RC_MAX_EXPR_DEPTH);
    return 0;
}

static int32_t enter(parser *p) { return enter_at(p, p->ts); }

static int32_t parse_unary(parser *p)
{
    int32_t r;
    if (p->t == T_MINUS) {
        size_t start = p->ts;
        if (enter(p) < 0) /* "- - - x" nests */
            return -1;
        next(p);
        int32_t a = parse_unary(p);
        p->depth--;
        if (need(p, a, RC_TY_NUM, "unary '-'") < 0)
            return -1;
        r = new_node(p, OP_NEG, RC_TY_NUM, start, node_end(p, a));
        if (r >= 0) {
            N(r).a = a;
            r = fold(p, r);
        }
    } else {
        r = parse_primary(p);
    }
    return r;
}

static int32_t binary(parser *p, rc_op op, rc_type ty, int32_t a, int32_t b)
{
    int32_t nd = new_node(p, op, ty, node_start(p, a), node_end(p, b));
    if (nd < 0)
        return -1;
    N(nd).a = a;
    N(nd).b = b;
    return nd;
}

static int32_t parse_mul(parser *p)
{
    int32_t a = parse_unary(p);
    while (a >= 0 && (p->t == T_STAR || p->t == T_SLASH)) {
        rc_op op = p->t == T_STAR ? OP_MUL : OP_DIV;
        const char *what = op == OP_MUL ? "'*'" : "'/'";
        next(p);
        int32_t b = parse_unary(p);
        if (need(p, a, RC_TY_NUM, what) < 0 || need(p, b, RC_TY_NUM, what) < 0)
            return -1;
        a = binary(p, op, RC_TY_NUM, a, b);
        if (a >= 0)
            a = fold(p, a);
    }
    return a;
}

static int32_t parse_add(parser *p)
{
    int32_t a = parse_mul(p);
    while (a >= 0 && (p->t == T_PLUS || p->t == T_MINUS)) {
        rc_op op = p->t == T_PLUS ? OP_ADD : OP_SUB;
        const char *what = op == OP_ADD ? "'+'" : "'-'";
        next(p);
        int32_t b = parse_mul(p);
        if (need(p, a, RC_TY_NUM, what) < 0 || need(p, b, RC_TY_NUM, what) < 0)
            return -1;
        a = binary(p, op, RC_TY_NUM, a, b);
        if (a >= 0)
            a = fold(p, a);
    }
    return a;
}

static int32_t enum_bit(parser *p, int32_t enumref, int32_t strnode, uint64_t *bit)
{
    const rc_fact *f = N(enumref).fact;
    int idx = rc_enum_index(f, N(strnode).str, N(strnode).strlen_);
    if (idx < 0) {
        rc_buf b;
        rc_buf_init(&b);
        for (size_t k = 0; k < f->nenum; k++) {
            rc_buf_puts(&b, k ? ", " : "");
            rc_buf_puts(&b, f->enums[k]);
        }
        int32_t r = fail(p, RUNCOVER_E_TYPE, node_start(p, strnode), "'%.*s' is not a value of %s (expected one of: %s)",
                         (int)(N(strnode).strlen_ > 40 ? 40 : N(strnode).strlen_), N(strnode).str, f->path,
                         b.data ? b.data : "");
        rc_buf_free(&b);
        return r;
    }
    *bit = (uint64_t)1 << idx;
    return 0;
}

static int32_t parse_cmp(parser *p)
{
    int32_t a = parse_add(p);
    if (a < 0)
        return -1;
    tok t = p->t;
    if (t != T_EQ && t != T_NE && t != T_LT && t != T_LE && t != T_GT && t != T_GE && t != T_IN)
        return a;
    size_t optok = p->ts;
    next(p);
    const rc_fact *outer_enum = p->enum_cmp;
    size_t outer_at = p->enum_at;
    if ((t == T_EQ || t == T_NE) && N(a).type == RC_TY_ENUM) {
        p->enum_cmp = N(a).fact;
        p->enum_at = p->ts;
    }
    int32_t b = parse_add(p);
    p->enum_cmp = outer_enum;
    p->enum_at = outer_at;
    if (b < 0)
        return -1;
    if (p->t == T_EQ || p->t == T_NE || p->t == T_LT || p->t == T_LE || p->t == T_GT || p->t == T_GE ||
        p->t == T_IN)
        return fail(p, RUNCOVER_E_SYNTAX, p->ts, "comparisons do not chain; combine them with 'and'");
    rc_type ta = (rc_type)N(a).type, tb = (rc_type)N(b).type;
    if (t == T_IN) {
        if (ta == RC_TY_ENUM && tb == RC_TY_LIST) {
            uint64_t mask = 0;
            for (int32_t it = N(b).a; it >= 0; it = N(it).next) {
                if (N(it).op != OP_STR)
                    return fail(p, RUNCOVER_E_TYPE, node_start(p, it), "%s is compared with names, not numbers",
                                N(a).fact->path);
                uint64_t bit;
                if (enum_bit(p, a, it, &bit) < 0)
                    return -1;
                mask |= bit;
            }
            int32_t nd = binary(p, OP_IN_MASK, RC_TY_BOOL, a, b);
            if (nd >= 0) {
                N(nd).slot = N(a).slot;
                N(nd).mask = mask;
            }
            return nd;
        }
        if (ta == RC_TY_STR && tb == RC_TY_SET) {
            uint64_t bit;
            if (enum_bit(p, b, a, &bit) < 0)
                return -1;
            int32_t nd = binary(p, OP_SET_HAS, RC_TY_BOOL, a, b);
            if (nd >= 0) {
                N(nd).slot = N(b).slot;
                N(nd).mask = bit;
            }
            return nd;
        }
        if (ta == RC_TY_NUM && tb == RC_TY_LIST) {
            /* x in [1, 2] → x == 1 or x == 2 */
            int32_t acc = -1;
            for (int32_t it = N(b).a; it >= 0; it = N(it).next) {
                if (N(it).op != OP_CONST)
                    return fail(p, RUNCOVER_E_TYPE, node_start(p, it), "a number is compared with numbers, not names");
                int32_t c = binary(p, OP_CMP, RC_TY_BOOL, a, it);
                if (c < 0)
                    return -1;
                N(c).cmp = CMP_EQ;
                acc = acc < 0 ? c : binary(p, OP_OR, RC_TY_BOOL, acc, c);
                if (acc < 0)
                    return -1;
            }
            if (acc < 0) {
                /* x in []: false, or unknown when x is (as for an enum fact): x < x */
                acc = binary(p, OP_CMP, RC_TY_BOOL, a, a);
                if (acc < 0)
                    return -1;
                N(acc).cmp = CMP_LT;
            }
            N(acc).src = N(a).src;
            N(acc).srclen = (uint32_t)(node_end(p, b) - node_start(p, a));
            return acc;
        }
        return fail(p, RUNCOVER_E_TYPE, optok,
                    "'in' needs an enum fact and a list of names (session.kind in [\"race\", \"ultra\"]) or a name "
                    "and a set fact (\"vegan\" in athlete.preferences); found %s in %s",
                    type_name(ta), type_name(tb));
    }
    int cmp = t == T_EQ ? CMP_EQ : t == T_NE ? CMP_NE : t == T_LT ? CMP_LT : t == T_LE ? CMP_LE : t == T_GT ? CMP_GT : CMP_GE;
    if (ta == RC_TY_NUM && tb == RC_TY_NUM) {
        int32_t nd = binary(p, OP_CMP, RC_TY_BOOL, a, b);
        if (nd >= 0)
            N(nd).cmp = (uint8_t)cmp;
        return nd;
    }
    if ((cmp == CMP_EQ || cmp == CMP_NE) && ((ta == RC_TY_ENUM && tb == RC_TY_STR) || (ta == RC_TY_STR && tb == RC_TY_ENUM))) {
        int32_t e = ta == RC_TY_ENUM ? a : b, s = ta == RC_TY_ENUM ? b : a;
        uint64_t bit;
        if (enum_bit(p, e, s, &bit) < 0)
            return -1;
        int32_t nd = binary(p, OP_IN_MASK, RC_TY_BOOL, a, b);
        if (nd < 0)
            return -1;
        N(nd).slot = N(e).slot;
        N(nd).mask = bit;
        if (cmp == CMP_NE) {
            int32_t nn = new_node(p, OP_NOT, RC_TY_BOOL, node_start(p, a), node_end(p, b));
            if (nn < 0)
                return -1;
            N(nn).a = nd;
            return nn;
        }
        return nd;
    }
    if ((cmp == CMP_EQ || cmp == CMP_NE) && ta == RC_TY_BOOL && tb == RC_TY_BOOL) {
        int32_t nd = binary(p, OP_BEQ, RC_TY_BOOL, a, b);
        if (nd >= 0)
            N(nd).cmp = (uint8_t)cmp;
        return nd;
    }
    return fail(p, RUNCOVER_E_TYPE, optok, "cannot compare %s with %s%s", type_name(ta), type_name(tb),
                (ta == RC_TY_ENUM || tb == RC_TY_ENUM) ? " (enum facts take == or != with a name, or 'in' a list)" : "");
}

static int32_t parse_not(parser *p)
{
    int32_t r;
    if (p->t == T_NOT) {
        size_t start = p->ts;
        if (enter(p) < 0) /* "not not not ..." nests */
            return -1;
        next(p);
        int32_t a = parse_not(p);
        p->depth--;
        if (need(p, a, RC_TY_BOOL, "'not'") < 0)
            return -1;
        r = new_node(p, OP_NOT, RC_TY_BOOL, start, node_end(p, a));
        if (r >= 0)
            N(r).a = a;
    } else {
        r = parse_cmp(p);
    }
    return r;
}

static int32_t parse_and(parser *p)
{
    int32_t a = parse_not(p);
    while (a >= 0 && p->t == T_AND) {
        next(p);
        int32_t b = parse_not(p);
        if (need(p, a, RC_TY_BOOL, "'and'") < 0 || need(p, b, RC_TY_BOOL, "'and'") < 0)
            return -1;
        a = binary(p, OP_AND, RC_TY_BOOL, a, b);
    }
    return a;
}

static int32_t parse_or_at(parser *p, size_t at)
{
    if (enter_at(p, at) < 0)
        return -1;
    int32_t a = parse_and(p);
    while (a >= 0 && p->t == T_OR) {
        next(p);
        int32_t b = parse_and(p);
        if (need(p, a, RC_TY_BOOL, "'or'") < 0 || need(p, b, RC_TY_BOOL, "'or'") < 0)
            return -1;
        a = binary(p, OP_OR, RC_TY_BOOL, a, b);
    }
    p->depth--;
    return a;
}

static int32_t parse_or(parser *p) { return parse_or_at(p, p->ts); }

static int32_t compile(rc_compile_ctx *cx, const char *text, size_t len, const rc_ynode *sc, size_t base,
                       unsigned line, unsigned col, rc_type *type_out)
{
    parser p;
    memset(&p, 0, sizeof p);
    p.depth = -1; /* the expression itself is level 0: 48 nested parentheses, calls or not/- are allowed */
    p.cx = cx;
    p.s = text;
    p.n = len;
    p.line0 = line;
    p.col0 = col;
    p.sc = sc;
    p.base = base;
    p.nodes_at_start = cx->nodes.n;
    if (len > RC_MAX_EXPR_LEN)
        return fail(&p, RUNCOVER_E_LIMIT, 0, "expression longer than %d bytes", RC_MAX_EXPR_LEN);
    next(&p);
    if (p.t == T_EOF)
        return fail(&p, RUNCOVER_E_SYNTAX, 0, "empty expression");
    int32_t r = p.failed ? -1 : parse_or(&p);
    if (r >= 0 && p.t != T_EOF) {
        char tb[64];
        return fail(&p, RUNCOVER_E_SYNTAX, p.ts, "unexpected %s after the expression", tok_text(&p, tb, sizeof tb));
    }
    if (r < 0 || p.failed)
        return -1;
    *type_out = (rc_type)cx->nodes.v[r].type;
    return r;
}

int32_t rc_expr_compile_in(rc_compile_ctx *cx, const rc_ynode *sc, size_t off, size_t len, rc_type *type_out)
{
    if (off > sc->len)
        off = sc->len;
    if (len > sc->len - off)
        len = sc->len - off;
    return compile(cx, sc->str + off, len, sc, off, 0, 0, type_out);
}

int32_t rc_expr_compile(rc_compile_ctx *cx, const rc_ynode *sc, rc_type want, const char *what)
{
    if (sc->kind != RC_Y_SCALAR) {
        rc_cx_error(cx, RUNCOVER_E_SCHEMA, sc->line, sc->col, "%s: expected an expression (a scalar)", what);
        return -1;
    }
    rc_type got = RC_TY_NUM;
    int32_t r = rc_expr_compile_in(cx, sc, 0, sc->len, &got);
    if (r < 0)
        return -1;
    if (got != want) {
        /* at the expression's first character (the text may start with blanks) */
        size_t first = 0;
        while (first < sc->len && (sc->str[first] == ' ' || sc->str[first] == '\t' || sc->str[first] == '\n' ||
                                   sc->str[first] == '\r'))
            first++;
        unsigned line, col;
        rc_ynode_pos(sc, first, &line, &col);
        rc_cx_error(cx, RUNCOVER_E_TYPE, line, col, "%s must be %s, but this expression is %s", what,
                    type_name(want), type_name(got));
        return -1;
    }
    return r;
}
