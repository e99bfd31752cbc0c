/*
 * explain.c — explanations, computed on request from the fact values the
 * plan kept (the hot path records nothing): which sub-conditions held or
 * failed with their fact values, absent facts, skipped doses (and why),
 * suppression, group losses and the red-flag filter.
 */
#include <math.h>
#include <string.h>

#include "program.h"


static void slots_of(const rc_program *pg, int32_t n, int32_t *out, int *count);

/* Derives already expanded in one explanation line: derives may share
 * derives (a DAG), and following each path would take exponential time. */
typedef struct visited {
    uint64_t bit[(RC_MAX_DERIVES + 63) / 64];
} visited;

static bool first_visit(visited *vis, size_t d)
{
    if (d >= RC_MAX_DERIVES || (vis->bit[d / 64] >> (d % 64) & 1))
        return false;
    vis->bit[d / 64] |= UINT64_C(1) << (d % 64);
    return true;
}

/* For an unknown derived value: the absent facts underneath it, so the
 * reader learns which input to provide ("derive.hot absent (
 * session.temperature_c"). Derives may use derives; each is followed
 * once, and depth is bounded. */
static void absent_inputs(rc_buf *b, const runcover_plan *p, int32_t slot, int depth, bool *first, visited *vis)
{
    const rc_program *pg = p->prog;
    for (size_t i = 0; i < pg->nderives; i++) {
        if (pg->derives[i].slot != slot || !first_visit(vis, i))
            continue;
        int32_t slots[16];
        int ns = 0;
        slots_of(pg, pg->derives[i].node, slots, &ns);
        for (int k = 0; k < ns; k++) {
            if (!isnan(p->vals[slots[k]]))
                continue;
            bool derived = false;
            for (size_t j = 0; j < pg->nderives; j++)
                derived |= pg->derives[j].slot == slots[k];
            if (derived && depth < 8) {
                absent_inputs(b, p, slots[k], depth + 1, first, vis);
            } else {
                rc_buf_puts(b, *first ? " (" : ", ");
                rc_buf_puts(b, rc_program_slot_name(pg, slots[k]));
                *first = false;
            }
        }
    }
}

static void fact_value(rc_buf *b, const runcover_plan *p, int32_t slot);

/* The derive whose value lives in slot, or -1. */
static int32_t derive_at(const rc_program *pg, int32_t slot)
{
    for (size_t i = 0; i < pg->nderives; i++)
        if (pg->derives[i].slot == slot)
            return (int32_t)i;
    return -1;
}

/* For a derived value: the facts underneath it, with their values, so the
 * reader sees what decided it ("derive.race_like = false (session.kind =
 * long)"). Each fact once; derives of derives are followed, each once
 * (depth bounded). Absent facts are left out of a condition that holds:
 * they did not decide it. */
static void derive_inputs(rc_buf *b, const runcover_plan *p, int32_t slot, int depth, int32_t *seen, int *nseen,
                          bool held, visited *vis)
{
    const rc_program *pg = p->prog;
    int32_t d = derive_at(pg, slot);
    if (d < 0 || !first_visit(vis, (size_t)d))
        return;
    int32_t slots[16];
    int ns = 0;
    slots_of(pg, pg->derives[d].node, slots, &ns);
    for (int k = 0; k < ns; k++) {
        if (derive_at(pg, slots[k]) >= 0) {
            if (depth < 8)
                derive_inputs(b, p, slots[k], depth + 1, seen, nseen, held, vis);
            continue;
        }
        if (held && isnan(p->vals[slots[k]]))
            continue;
        bool dup = false;
        for (int i = 0; i < *nseen; i++)
            dup |= seen[i] == slots[k];
        if (dup || *nseen >= 16)
            continue;
        rc_buf_puts(b, *nseen ? ", " : " (");
        seen[(*nseen)++] = slots[k];
        fact_value(b, p, slots[k]);
    }
}

static void fact_value(rc_buf *b, const runcover_plan *p, int32_t slot)
{
    const rc_program *pg = p->prog;
    double v = p->vals[slot];
    rc_buf_puts(b, rc_program_slot_name(pg, slot));
    if (isnan(v)) {
        rc_buf_puts(b, " absent");
        bool first = true;
        visited vis = { { 0 } };
        absent_inputs(b, p, slot, 0, &first, &vis);
        if (!first)
            rc_buf_puts(b, " absent)");
        return;
    }
    rc_buf_puts(b, " = ");
    const rc_fact *f = slot < RC_BUILTIN_SLOTS ? rc_fact_by_slot(slot) : NULL;
    if (f && f->type == RUNCOVER_FACT_ENUM && (size_t)v < f->nenum) {
        rc_buf_puts(b, f->enums[(size_t)v]);
    } else if (f && f->type == RUNCOVER_FACT_SET) {
        unsigned m = (unsigned)v;
        rc_buf_putc(b, '[');
        bool first = true;
        for (size_t i = 0; i < f->nenum; i++)
            if (m & (1u << i)) {
                rc_buf_puts(b, first ? "" : ", ");
                rc_buf_puts(b, f->enums[i]);
                first = false;
            }
        rc_buf_putc(b, ']');
    } else if (f && f->type == RUNCOVER_FACT_TIME) {
        char t[32];
        rc_time_format(t, (int64_t)v, (int)p->vals[RC_S_END_OFFSET]);
        rc_buf_puts(b, t);
    } else if ((f && f->type == RUNCOVER_FACT_FLAG) ||
               (slot >= RC_BUILTIN_SLOTS && (size_t)(slot - RC_BUILTIN_SLOTS) < pg->next &&
                pg->ext[slot - RC_BUILTIN_SLOTS].type == RUNCOVER_FACT_FLAG)) {
        rc_buf_puts(b, v != 0 ? "true" : "false");
    } else {
        int32_t d = derive_at(pg, slot);
        if (d >= 0 && pg->derives[d].type == RC_TY_BOOL)
            rc_buf_puts(b, v != 0 ? "true" : "false");
        else
            rc_buf_num(b, v, 3);
        if (d >= 0) {
            int32_t seen[16];
            int nseen = 0;
            visited vis = { { 0 } };
            derive_inputs(b, p, slot, 0, seen, &nseen, pg->derives[d].type == RC_TY_BOOL && v == 1, &vis);
            if (nseen)
                rc_buf_putc(b, ')');
        }
    }
}

/* Collects the distinct slots a subtree reads (at most 16). */
static void slots_of(const rc_program *pg, int32_t n, int32_t *out, int *count)
{
    if (n < 0)
        return;
    const rc_node *nd = &pg->nodes[n];
    switch ((rc_op)nd->op) {
    case OP_SLOT:
    case OP_FLAG:
    case OP_IN_MASK:
    case OP_SET_HAS:
    case OP_HAS:
        for (int i = 0; i < *count; i++)
            if (out[i] == nd->slot)
                return;
        if (*count < 16)
            out[(*count)++] = nd->slot;
        if (nd->op != OP_IN_MASK && nd->op != OP_SET_HAS)
            return;
        return;
    case OP_FIRED:
    case OP_CONST:
    case OP_TRUE:
    case OP_FALSE: return;
    default: break;
    }
    slots_of(pg, nd->a, out, count);
    slots_of(pg, nd->b, out, count);
    slots_of(pg, nd->c, out, count);
}

static const char *tri(int v) { return v == RC_T ? "true" : v == RC_F ? "false" : "unknown"; }

/* One line for a leaf condition: "<src>: true (fact = v, ...)". */
static void leaf_line(rc_buf *b, const runcover_plan *p, int32_t n, int v)
{
    const rc_program *pg = p->prog;
    const rc_node *nd = &pg->nodes[n];
    rc_buf_escaped(b, nd->src, nd->srclen);
    rc_buf_puts(b, ": ");
    rc_buf_puts(b, tri(v));
    if (nd->op == OP_FIRED) {
        rc_buf_puts(b, v == RC_T ? " (that rule is in the plan)" : " (that rule is not in the plan)");
        return;
    }
    int32_t slots[16];
    int ns = 0;
    slots_of(pg, n, slots, &ns);
    if ((nd->op == OP_FLAG || nd->op == OP_SLOT) && ns == 1 && !isnan(p->vals[slots[0]]) &&
        derive_at(pg, slots[0]) >= 0) {
        /* a derive by itself: its inputs, not its value again */
        int32_t seen[16];
        int nseen = 0;
        visited vis = { { 0 } };
        derive_inputs(b, p, slots[0], 0, seen, &nseen, v == RC_T, &vis);
        if (nseen)
            rc_buf_putc(b, ')');
        return;
    }
    if (ns) {
        rc_buf_puts(b, " (");
        for (int i = 0; i < ns; i++) {
            if (i)
                rc_buf_puts(b, ", ");
            fact_value(b, p, slots[i]);
        }
        rc_buf_putc(b, ')');
    }
}

static void trace(rc_buf *b, const runcover_plan *p, int32_t n, int indent, bool only_true, int depth)
{
    const rc_program *pg = p->prog;
    const rc_node *nd = &pg->nodes[n];
    int v = rc_eval_bool(pg, p->vals, p->state, n);
    if ((nd->op == OP_AND || nd->op == OP_OR) && depth < 64) {
        /* Flatten a chain of the same operator. */
        int32_t stack[64];
        int sp = 0;
        int32_t leaves[64];
        int nl = 0;
        stack[sp++] = n;
        while (sp && nl < 64) {
            int32_t k = stack[--sp];
            const rc_node *kn = &pg->nodes[k];
            if (kn->op == nd->op && sp < 62) {
                stack[sp++] = kn->b;
                stack[sp++] = kn->a;
            } else {
                leaves[nl++] = k;
            }
        }
        if (!only_true) {
            for (int i = 0; i < indent; i++)
                rc_buf_putc(b, ' ');
            rc_buf_puts(b, nd->op == OP_AND ? "all of these are needed:\n" : "any of these is needed:\n");
        }
        for (int i = 0; i < nl; i++) {
            int lv = rc_eval_bool(pg, p->vals, p->state, leaves[i]);
            if (only_true && lv != RC_T)
                continue;
            trace(b, p, leaves[i], indent + (only_true ? 0 : 2), only_true, depth + 1);
        }
        return;
    }
    if (only_true && v != RC_T)
        return;
    for (int i = 0; i < indent; i++)
        rc_buf_putc(b, ' ');
    rc_buf_puts(b, "- ");
    leaf_line(b, p, n, v);
    rc_buf_putc(b, '\n');
}

/* The first division by zero in a subtree, or -1. */
static int32_t div_by_zero(const runcover_plan *p, int32_t n)
{
    const rc_program *pg = p->prog;
    int32_t stack[128];
    int sp = 0;
    stack[sp++] = n;
    while (sp) {
        int32_t k = stack[--sp];
        const rc_node *nd = &pg->nodes[k];
        if (nd->op == OP_DIV && rc_eval_num(pg, p->vals, p->state, nd->b) == 0)
            return k;
        if (sp < 125) {
            if (nd->a >= 0)
                stack[sp++] = nd->a;
            if (nd->b >= 0)
                stack[sp++] = nd->b;
            if (nd->c >= 0)
                stack[sp++] = nd->c;
        }
    }
    return -1;
}

/* " absent facts: a, b" for the absent facts the expressions n1 and n2
 * (-1: none) read; whether there was one. */
static bool absent_facts(rc_buf *b, const runcover_plan *p, int32_t n1, int32_t n2)
{
    int32_t slots[16];
    int ns = 0;
    slots_of(p->prog, n1, slots, &ns);
    slots_of(p->prog, n2, slots, &ns);
    bool any = false;
    for (int i = 0; i < ns; i++)
        if (isnan(p->vals[slots[i]])) {
            rc_buf_puts(b, any ? ", " : " absent facts: ");
            rc_buf_puts(b, rc_program_slot_name(p->prog, slots[i]));
            any = true;
        }
    return any;
}

/* Why an amount could not be computed (rc_dose_ok refused it), as one
 * list of reasons over min and max: they often share their facts and
 * their divisor, and each reason is said once. */
static void dose_reason(rc_buf *b, const runcover_plan *p, int32_t amin, int32_t amax)
{
    const rc_program *pg = p->prog;
    bool any = absent_facts(b, p, amin, amax);
    const int32_t ends[2] = { amin, amax };
    const char *const names[2] = { "amount.min", "amount.max" };
    double v[2];
    int32_t dz[2] = { -1, -1 };
    for (int i = 0; i < 2; i++) {
        v[i] = rc_eval_num(pg, p->vals, p->state, ends[i]);
        if (i == 1 && amax == amin)
            break;
        int32_t k = isnan(v[i]) ? div_by_zero(p, ends[i]) : -1;
        const rc_node *nd = k >= 0 ? &pg->nodes[k] : NULL;
        if (nd && !(i == 1 && dz[0] >= 0 && pg->nodes[dz[0]].srclen == nd->srclen &&
                    memcmp(pg->nodes[dz[0]].src, nd->src, nd->srclen) == 0)) {
            rc_buf_puts(b, any ? (dz[0] >= 0 ? " and in '" : "; division by zero in '") : " division by zero in '");
            rc_buf_escaped(b, nd->src, nd->srclen);
            rc_buf_putc(b, '\'');
            any = true;
        }
        dz[i] = k;
    }
    if (any)
        return;
    /* no absent fact, no division by zero: an overflow (NaN here), too large, or min above max */
    bool same = amax == amin;
    if (isnan(v[0]) || isnan(v[1])) {
        if (isnan(v[0]) && isnan(v[1]) && !same)
            rc_buf_puts(b, " amount.min and amount.max are not finite numbers");
        else
            rc_buf_printf(b, " %s is not a finite number", names[isnan(v[0]) ? 0 : 1]);
        return;
    }
    for (int i = 0; i < (same ? 1 : 2); i++)
        if (v[i] < 0) {
            char t[32];
            rc_num_format_msg(t, sizeof t, v[i], 3);
            rc_buf_printf(b, "%s %s = %s is negative", any ? ";" : "", names[i], t);
            any = true;
        }
    if (any)
        return;
    for (int i = 0; i < (same ? 1 : 2); i++)
        if (fabs(v[i]) > 1e12) {
            char t[32];
            rc_num_format_msg(t, sizeof t, v[i], 3);
            rc_buf_printf(b, "%s %s = %s is too large (limit 1e12)", any ? ";" : "", names[i], t);
            any = true;
        }
    if (!any) {
        char lo[32], hi[32];
        rc_num_format_msg(lo, sizeof lo, v[0], 3);
        rc_num_format_msg(hi, sizeof hi, v[1], 3);
        rc_buf_printf(b, " amount.min = %s is above amount.max = %s", lo, hi);
    }
}

/* Why a condition is unknown: absent facts (the usual case), else a
 * division by zero or a number that is not finite inside it. */
static void unknown_reason(rc_buf *b, const runcover_plan *p, int32_t when)
{
    const rc_program *pg = p->prog;
    int32_t slots[16];
    int ns = 0;
    slots_of(pg, when, slots, &ns);
    for (int i = 0; i < ns; i++)
        if (isnan(p->vals[slots[i]])) {
            rc_buf_puts(b, "is not in the plan: its condition is unknown (facts are absent):\n");
            return;
        }
    int32_t k = div_by_zero(p, when);
    if (k < 0) {
        /* 16 slots may be only the first of more, absent ones among them */
        rc_buf_puts(b, ns >= 16 ? "is not in the plan: its condition is unknown (facts are absent):\n"
                                : "is not in the plan: its condition is unknown (a number in it is not finite):\n");
        return;
    }
    rc_buf_puts(b, "is not in the plan: its condition is unknown (division by zero in '");
    rc_buf_escaped(b, pg->nodes[k].src, pg->nodes[k].srclen);
    rc_buf_puts(b, "'):\n");
}

/* Why the recovery figure at node n (if any) is unusable: absent facts, a
 * division by zero, or its value (negative, or not finite). */
static bool recovery_reason(rc_buf *b, const runcover_plan *p, const char *what, int32_t n, bool and)
{
    if (n < 0)
        return false;
    double x = rc_eval_num(p->prog, p->vals, p->state, n);
    if (rc_recovery_ok(x))
        return false;
    rc_buf_printf(b, "%s its %s could not be used:", and ? ";" : "", what);
    if (isfinite(x)) {
        char t[32];
        rc_num_format_msg(t, sizeof t, x, 3);
        rc_buf_printf(b, " it is %s, outside 0 to 1e12", t);
        return true;
    }
    const rc_program *pg = p->prog;
    bool any = absent_facts(b, p, n, -1);
    int32_t k = any ? -1 : div_by_zero(p, n);
    if (k >= 0) {
        rc_buf_puts(b, " division by zero in '");
        rc_buf_escaped(b, pg->nodes[k].src, pg->nodes[k].srclen);
        rc_buf_putc(b, '\'');
    } else if (!any) {
        rc_buf_puts(b, " it is not a finite number");
    }
    return true;
}

static void red_flag_reasons(rc_buf *b, const runcover_plan *p)
{
    static const int flags[] = { RC_S_SHARP_PAIN, RC_S_SWELLING,       RC_S_BRUISING,        RC_S_DEFORMITY,
                                 RC_S_NUMBNESS,   RC_S_PAIN_WORSENING, RC_S_INTERFERES_DAILY };
    bool any = false;
    for (size_t i = 0; i < RC_ARRAY_LEN(flags); i++)
        if (p->vals[flags[i]] == 1) {
            rc_buf_puts(b, any ? ", " : "");
            rc_buf_puts(b, rc_program_slot_name(p->prog, flags[i]));
            any = true;
        }
    if (p->vals[RC_S_PERSISTENT_PAIN_DAYS] >= 4) {
        rc_buf_puts(b, any ? ", " : "");
        fact_value(b, p, RC_S_PERSISTENT_PAIN_DAYS);
        rc_buf_puts(b, " (4 or more)");
        any = true;
    }
    if (p->vals[RC_S_SORENESS] >= 9) {
        rc_buf_puts(b, any ? ", " : "");
        fact_value(b, p, RC_S_SORENESS);
        rc_buf_puts(b, " (9 or more)");
        any = true;
    }
    for (size_t i = 1; i < p->prog->nrules; i++)
        if (p->prog->rules[i].red_flag && p->state[i] == RS_IN) {
            rc_buf_puts(b, any ? ", " : "");
            rc_buf_printf(b, "rule %s", p->prog->rules[i].id);
            any = true;
        }
    if (!any)
        rc_buf_puts(b, "none");
}

void rc_explain_rule(rc_buf *b, const runcover_plan *p, int32_t rule, bool why_not)
{
    const rc_program *pg = p->prog;
    const rc_rule *r = &pg->rules[rule];
    uint8_t st = p->state[rule];
    const char *pad = why_not ? "" : "    ";
    if (rule == 0) {
        rc_buf_printf(b, "%s%s ", pad, r->id);
        if (st == RS_IN)
            rc_buf_puts(b, "is in the plan: a red flag was raised (");
        else if (st == RS_NOT_NEEDED)
            rc_buf_puts(b, "is not needed: a protocol's medical item covers the red flag (");
        else
            rc_buf_puts(b, "is not in the plan: no red flag (");
        red_flag_reasons(b, p);
        rc_buf_puts(b, ")\n");
        return;
    }
    if (why_not) {
        rc_buf_printf(b, "%s ", r->id);
        switch (st) {
        case RS_IN: rc_buf_puts(b, "is in the plan; its condition held:\n"); break;
        case RS_OFF: rc_buf_puts(b, "is not in the plan: its condition is false:\n"); break;
        case RS_UNKNOWN: unknown_reason(b, p, r->when); break;
        case RS_DOSE:
            rc_buf_puts(b, "is not in the plan: its condition held but its amount could not be computed:");
            dose_reason(b, p, r->amin, r->amax);
            rc_buf_putc(b, '\n');
            break;
        case RS_RECOVERY:
            rc_buf_puts(b, "is not in the plan: its condition held but");
            recovery_reason(b, p, "recovery_scale", r->rs,
                            recovery_reason(b, p, "recovery_hours", r->rh, false));
            rc_buf_putc(b, '\n');
            break;
        case RS_RED_FLAG:
            rc_buf_printf(b, "is not in the plan: a red flag is raised, and '%s' items are not given until a "
                             "professional has cleared the athlete (red flags: ",
                          rc_category_names[r->category]);
            red_flag_reasons(b, p);
            rc_buf_puts(b, ")\n");
            break;
        case RS_SUPPRESSED:
            rc_buf_printf(b, "is not in the plan: suppressed by rule %s (priority %d)\n", pg->rules[p->by[rule]].id,
                          pg->rules[p->by[rule]].prio);
            break;
        case RS_SUPPRESSED_CAT:
            rc_buf_printf(b, "is not in the plan: rule %s suppresses category:%s\n", pg->rules[p->by[rule]].id,
                          rc_category_names[r->category]);
            break;
        case RS_GROUP:
            rc_buf_printf(b, "is not in the plan: it lost exclusive group '%s' to rule %s (priority %d against %d)\n",
                          pg->groups[r->group], pg->rules[p->by[rule]].id, pg->rules[p->by[rule]].prio, r->prio);
            break;
        default: break;
        }
        if (st != RS_DOSE && st != RS_RECOVERY)
            trace(b, p, r->when, 2, st == RS_IN, 0);
        return;
    }
    trace(b, p, r->when, 4, true, 0);
}

RC_EXPORT runcover_status runcover_plan_explain(char **out, const runcover_plan *p, size_t i)
{
    rc_error_reset();
    if (!out || !p)
        return rc_misuse("runcover_plan_explain: NULL argument");
    if (i >= p->nitems)
        return rc_error(RUNCOVER_E_NOTFOUND, "no item %zu (the plan has %zu)", i, p->nitems);
    rc_buf b;
    rc_buf_init(&b);
    rc_explain_rule(&b, p, p->items[i].rule, true);
    char *s = rc_buf_take(&b);
    if (!s)
        return rc_nomem();
    *out = s;
    return RUNCOVER_OK;
}

RC_EXPORT runcover_status runcover_plan_why_not(char **out, const runcover_plan *p, const char *rule_id)
{
    rc_error_reset();
    if (!out || !p || !rule_id)
        return rc_misuse("runcover_plan_why_not: NULL argument");
    if (!p->prog)
        return rc_error(RUNCOVER_E_NOTFOUND, "the plan is empty");
    int32_t rule = -1;
    for (size_t i = 0; i < p->prog->nrules; i++)
        if (strcmp(p->prog->rules[i].id, rule_id) == 0)
            rule = (int32_t)i;
    if (rule < 0)
        return rc_error(RUNCOVER_E_NOTFOUND, "no rule '%.80s' in the evaluator", rule_id);
    rc_buf b;
    rc_buf_init(&b);
    rc_explain_rule(&b, p, rule, true);
    char *s = rc_buf_take(&b);
    if (!s)
        return rc_nomem();
    *out = s;
    return RUNCOVER_OK;
}

/* The leaf conditions that held, one string each (JSON "because"). */
void rc_explain_because(rc_buf *b, const runcover_plan *p, int32_t rule, void (*emit)(rc_buf *, const char *, void *),
                        void *ud)
{
    rc_buf t;
    rc_buf_init(&t);
    if (rule == 0) {
        rc_buf_puts(&t, "red flag: ");
        red_flag_reasons(&t, p);
        emit(b, t.data ? t.data : "", ud);
    } else {
        trace(&t, p, p->prog->rules[rule].when, 0, true, 0);
        /* split lines "- x" */
        char *s = t.data;
        while (s && *s) {
            char *nl = strchr(s, '\n');
            if (nl)
                *nl = '\0';
            emit(b, s[0] == '-' && s[1] == ' ' ? s + 2 : s, ud);
            if (!nl)
                break;
            s = nl + 1;
        }
    }
    if (t.oom)
        b->oom = true;
    rc_buf_free(&t);
}
