/*
 * plan.c — reading a plan: items, the bulk view, recovery estimate, red
 * flag, suppressed rules, the fact values the plan used. Getters never
 * allocate.
 */
#include <math.h>
#include <string.h>

#include "program.h"

RC_EXPORT size_t runcover_plan_count(const runcover_plan *p) { return p ? p->nitems : 0; }

RC_EXPORT const runcover_item *runcover_plan_item(const runcover_plan *p, size_t i)
{
    return p && i < p->nitems ? &p->items[i] : NULL;
}

RC_EXPORT bool runcover_plan_red_flag(const runcover_plan *p) { return p && p->red_flag; }

RC_EXPORT bool runcover_plan_recovery_hours(const runcover_plan *p, double *hours)
{
    if (!p || !p->has_rh)
        return false;
    if (hours)
        *hours = p->rh;
    return true;
}

RC_EXPORT const char *runcover_plan_next_hard_session_after(const runcover_plan *p)
{
    return p && p->has_next_hard ? p->next_hard : NULL;
}

RC_EXPORT size_t runcover_plan_suppressed_count(const runcover_plan *p) { return p ? p->nsupp : 0; }

const char *rc_plan_removed_by(const runcover_plan *p, int32_t rule)
{
    uint8_t st = p->state[rule];
    if (st == RS_RED_FLAG)
        return "red-flag";
    return p->prog->rules[p->by[rule]].id;
}

RC_EXPORT runcover_status runcover_plan_suppressed(const runcover_plan *p, size_t i, const char **rule_id,
                                                   const char **by)
{
    rc_error_reset();
    if (!p)
        return rc_misuse("runcover_plan_suppressed: plan is NULL");
    if (i >= p->nsupp)
        return rc_error(RUNCOVER_E_NOTFOUND, "no suppressed rule %zu (there are %zu)", i, p->nsupp);
    int32_t r = p->supp[i];
    if (rule_id)
        *rule_id = p->prog->rules[r].id;
    if (by)
        *by = rc_plan_removed_by(p, r);
    return RUNCOVER_OK;
}

/* Looks a fact path up in the plan's program: built-ins, ext, derive. */
int32_t rc_plan_slot(const runcover_plan *p, const char *path)
{
    const rc_fact *f = rc_fact_by_path(path, strlen(path));
    if (f)
        return f->slot;
    const rc_program *pg = p->prog;
    for (size_t i = 0; i < pg->next; i++)
        if (strcmp(pg->ext[i].path, path) == 0)
            return pg->ext[i].slot;
    for (size_t i = 0; i < pg->nderives; i++)
        if (strcmp(pg->derives[i].path, path) == 0)
            return pg->derives[i].slot;
    return -1;
}

RC_EXPORT runcover_status runcover_plan_fact(const runcover_plan *p, const char *path, double *out)
{
    rc_error_reset();
    if (!p || !path || !out)
        return rc_misuse("runcover_plan_fact: NULL argument");
    if (!p->prog)
        return rc_error(RUNCOVER_E_NOTFOUND, "the plan is empty");
    int32_t s = rc_plan_slot(p, path);
    if (s < 0)
        return rc_error(RUNCOVER_E_NOTFOUND, "no fact '%.80s'", path);
    if (isnan(p->vals[s]))
        return rc_error(RUNCOVER_E_NOTFOUND, "%.80s is absent", path);
    *out = p->vals[s];
    return RUNCOVER_OK;
}

#define RULE(it) (&(it)->plan->prog->rules[(it)->rule])

RC_EXPORT const char *runcover_item_id(const runcover_item *it) { return it ? RULE(it)->id : NULL; }
RC_EXPORT const char *runcover_item_category(const runcover_item *it)
{
    return it ? rc_category_names[RULE(it)->category] : NULL;
}
RC_EXPORT const char *runcover_item_phase(const runcover_item *it)
{
    return it ? rc_phase_item_names[RULE(it)->phase] : NULL;
}
RC_EXPORT const char *runcover_item_title(const runcover_item *it) { return it ? RULE(it)->title : NULL; }
RC_EXPORT const char *runcover_item_detail(const runcover_item *it) { return it ? it->detail : NULL; }

RC_EXPORT bool runcover_item_window(const runcover_item *it, double *start_min, double *end_min)
{
    if (!it || !RULE(it)->has_window)
        return false;
    if (start_min)
        *start_min = RULE(it)->wstart;
    if (end_min)
        *end_min = RULE(it)->wend;
    return true;
}

RC_EXPORT bool runcover_item_duration(const runcover_item *it, double *min, double *max)
{
    if (!it || !RULE(it)->has_duration)
        return false;
    if (min)
        *min = RULE(it)->dmin;
    if (max)
        *max = RULE(it)->dmax;
    return true;
}

RC_EXPORT bool runcover_item_amount(const runcover_item *it, double *min, double *max, const char **unit)
{
    if (!it || !RULE(it)->has_amount)
        return false;
    if (min)
        *min = it->plan->amin[it->rule];
    if (max)
        *max = it->plan->amax[it->rule];
    if (unit)
        *unit = RULE(it)->unit;
    return true;
}

RC_EXPORT size_t runcover_item_rule_index(const runcover_item *it) { return it ? (size_t)it->rule : SIZE_MAX; }

RC_EXPORT size_t runcover_item_source_count(const runcover_item *it) { return it ? RULE(it)->nsources : 0; }

RC_EXPORT runcover_status runcover_item_source(const runcover_item *it, size_t i, const char **id, const char **title)
{
    rc_error_reset();
    if (!it)
        return rc_misuse("runcover_item_source: item is NULL");
    const rc_rule *r = RULE(it);
    if (i >= r->nsources)
        return rc_error(RUNCOVER_E_NOTFOUND, "no source %zu", i);
    const rc_source *s = &it->plan->prog->sources[r->sources[i]];
    if (id)
        *id = s->id;
    if (title)
        *title = s->title;
    return RUNCOVER_OK;
}

RC_EXPORT runcover_status runcover_plan_read(const runcover_plan *p, runcover_item_view *views, size_t cap,
                                             size_t *count)
{
    rc_error_reset();
    if (RC_UNLIKELY(!p || !count || (cap && !views) ||
                    (cap && views[0].size < offsetof(runcover_item_view, amount_unit) + sizeof(const char *)))) {
        return rc_misuse("runcover_plan_read: NULL plan/count, NULL views with cap > 0, or views[0].size not set");
    }
    size_t stride = cap ? views[0].size : 0;
    size_t n = p->nitems < cap ? p->nitems : cap;
    const rc_view *tmpl = n ? p->prog->views : NULL;
    const runcover_item *it = p->items, *end = it + n;
    char *out = (char *)views;
    /* Only the 0.1.0 fields are written: a caller's larger view keeps its
     * tail as it set it. */
    _Static_assert(offsetof(runcover_item_view, detail) < offsetof(runcover_item_view, rule_index) &&
                       offsetof(runcover_item_view, amount_min) < offsetof(runcover_item_view, amount_unit),
                   "runcover_item_view's 0.1.0 field order");
    const double *amin = p->amin, *amax = p->amax; /* locals: stores through v may alias */
    for (; it < end; it++, out += stride) {
        /* the rule's fixed fields were laid out at load (fast.c): copied in
         * the runs between the fields the item sets */
        runcover_item_view *v = (runcover_item_view *)(void *)out;
        int32_t r = it->rule;
        const char *detail = it->detail;
        const runcover_item_view *t = &tmpl[r].v;
        v->size = stride;
        memcpy(&v->id, &t->id, offsetof(runcover_item_view, detail) - offsetof(runcover_item_view, id));
        v->detail = detail;
        memcpy(&v->rule_index, &t->rule_index,
               offsetof(runcover_item_view, amount_min) - offsetof(runcover_item_view, rule_index));
        v->amount_min = amin[r];
        v->amount_max = amax[r];
        v->amount_unit = t->amount_unit;
    }
    *count = p->nitems;
    return RUNCOVER_OK;
}
