/*
 * json.c — runcover_plan_to_json(): the plan as JSON format 1 (DESIGN §6).
 * Deterministic byte for byte: fixed key order, numbers written without
 * the C locale in their shortest form to three decimals, absent values
 * omitted (never null), strings escaped.
 */
#include <math.h>
#include <string.h>

#include "program.h"


typedef struct jw {
    rc_buf *b;
    bool pretty;
    int depth;
    bool first[32];
} jw;

static void nl(jw *w)
{
    if (!w->pretty)
        return;
    rc_buf_putc(w->b, '\n');
    for (int i = 0; i < w->depth; i++)
        rc_buf_puts(w->b, "  ");
}

static void open_(jw *w, char c)
{
    rc_buf_putc(w->b, c);
    w->depth++;
    w->first[w->depth] = true;
}

static void close_(jw *w, char c)
{
    bool empty = w->first[w->depth];
    w->depth--;
    if (!empty)
        nl(w);
    rc_buf_putc(w->b, c);
}

static void sep(jw *w)
{
    if (!w->first[w->depth])
        rc_buf_putc(w->b, ',');
    w->first[w->depth] = false;
    nl(w);
}

static void key(jw *w, const char *k)
{
    sep(w);
    rc_buf_json_str(w->b, k);
    rc_buf_puts(w->b, w->pretty ? ": " : ":");
}

static void num(jw *w, double v) { rc_buf_num(w->b, isfinite(v) ? v : 0, 3); }

static void emit_str(rc_buf *b, const char *s, void *ud)
{
    jw *w = ud;
    (void)b;
    sep(w);
    rc_buf_json_str(w->b, s);
}

RC_EXPORT runcover_status runcover_plan_to_json(char **out, const runcover_plan *p, unsigned flags)
{
    rc_error_reset();
    if (!out || !p)
        return rc_misuse("runcover_plan_to_json: NULL argument");
    if (flags & ~(RUNCOVER_JSON_EXPLAIN | RUNCOVER_JSON_PRETTY))
        return rc_error(RUNCOVER_E_INVALID, "runcover_plan_to_json: unknown flags 0x%x", flags);
    if (!p->prog)
        return rc_error(RUNCOVER_E_MISUSE, "runcover_plan_to_json: the plan is empty (no successful evaluation)");
    const rc_program *pg = p->prog;
    rc_buf b;
    rc_buf_init(&b);
    /* room for a typical document up front, so it is not copied as it grows
     * (a wrong guess costs only a reallocation; a failed one ends as NOMEM) */
    size_t per_item = flags & RUNCOVER_JSON_EXPLAIN ? 1024 : 512;
    if (flags & RUNCOVER_JSON_PRETTY)
        per_item *= 2;
    rc_buf_reserve(&b, 1024 + pg->nprotos * 160 + pg->nsources * 192 + p->nitems * per_item + p->nsupp * 96);
    jw w = { &b, (flags & RUNCOVER_JSON_PRETTY) != 0, 0, { true } };
    open_(&w, '{');
    key(&w, "format");
    rc_buf_puts(&b, "1");
    key(&w, "library_version");
    rc_buf_json_str(&b, RUNCOVER_VERSION_STRING);
    key(&w, "protocols");
    open_(&w, '[');
    for (size_t i = 0; i < pg->nprotos; i++) {
        sep(&w);
        open_(&w, '{');
        key(&w, "name");
        rc_buf_json_str(&b, pg->protos[i].name);
        key(&w, "version");
        rc_buf_printf(&b, "%lld", (long long)pg->protos[i].version);
        key(&w, "sha256");
        rc_buf_json_str(&b, pg->protos[i].sha256);
        close_(&w, '}');
    }
    close_(&w, ']');
    key(&w, "sources");
    open_(&w, '{');
    for (size_t i = 0; i < pg->nsources; i++) {
        key(&w, pg->sources[i].id);
        rc_buf_json_str(&b, pg->sources[i].title);
    }
    close_(&w, '}');
    if (p->has_rh) {
        key(&w, "recovery_hours");
        num(&w, p->rh);
    }
    if (p->has_next_hard) {
        key(&w, "next_hard_session_after");
        rc_buf_json_str(&b, p->next_hard);
    }
    key(&w, "red_flag");
    rc_buf_puts(&b, p->red_flag ? "true" : "false");
    key(&w, "items");
    open_(&w, '[');
    for (size_t i = 0; i < p->nitems; i++) {
        const runcover_item *it = &p->items[i];
        const rc_rule *r = &pg->rules[it->rule];
        sep(&w);
        open_(&w, '{');
        key(&w, "id");
        rc_buf_json_str(&b, r->id);
        key(&w, "category");
        rc_buf_json_str(&b, rc_category_names[r->category]);
        key(&w, "phase");
        rc_buf_json_str(&b, rc_phase_item_names[r->phase]);
        if (r->has_window) {
            key(&w, "window");
            open_(&w, '{');
            key(&w, "start_min");
            num(&w, r->wstart);
            key(&w, "end_min");
            num(&w, r->wend);
            close_(&w, '}');
        }
        if (r->has_duration) {
            key(&w, "duration");
            open_(&w, '{');
            key(&w, "min");
            num(&w, r->dmin);
            key(&w, "max");
            num(&w, r->dmax);
            close_(&w, '}');
        }
        if (r->has_amount) {
            key(&w, "amount");
            open_(&w, '{');
            key(&w, "min");
            num(&w, p->amin[it->rule]);
            key(&w, "max");
            num(&w, p->amax[it->rule]);
            key(&w, "unit");
            rc_buf_json_str(&b, r->unit);
            close_(&w, '}');
        }
        key(&w, "title");
        rc_buf_json_str(&b, r->title);
        if (it->detail) {
            key(&w, "detail");
            rc_buf_json_str(&b, it->detail);
        }
        key(&w, "sources");
        open_(&w, '[');
        for (uint32_t k = 0; k < r->nsources; k++) {
            sep(&w);
            rc_buf_json_str(&b, pg->sources[r->sources[k]].id);
        }
        close_(&w, ']');
        if (flags & RUNCOVER_JSON_EXPLAIN) {
            key(&w, "because");
            open_(&w, '[');
            rc_explain_because(&b, p, it->rule, emit_str, &w);
            close_(&w, ']');
        }
        close_(&w, '}');
    }
    close_(&w, ']');
    key(&w, "suppressed");
    open_(&w, '[');
    for (size_t i = 0; i < p->nsupp; i++) {
        int32_t r = p->supp[i];
        const char *by;
        runcover_plan_suppressed(p, i, NULL, &by);
        sep(&w);
        open_(&w, '{');
        key(&w, "id");
        rc_buf_json_str(&b, pg->rules[r].id);
        key(&w, "by");
        rc_buf_json_str(&b, by);
        close_(&w, '}');
    }
    close_(&w, ']');
    key(&w, "load");
    open_(&w, '{');
    for (int i = 0; i < RC_LOAD_NFACTS; i++) {
        double v = p->vals[RC_L_FIRST + i];
        if (isnan(v))
            continue;
        key(&w, rc_load_fact_names[i]);
        num(&w, v);
    }
    close_(&w, '}');
    close_(&w, '}');
    rc_buf_putc(&b, '\n');
    char *s = rc_buf_take(&b);
    if (!s)
        return rc_nomem();
    *out = s;
    return RUNCOVER_OK;
}
