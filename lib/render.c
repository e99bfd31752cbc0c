/*
 * render.c — text for people: numbers formatted sensibly (no "56.000000"),
 * unit conversion for the athlete's unit system, detail templates, and the
 * plain-text timeline of runcover_plan_to_text(). Locale-independent.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "program.h"

#define ML_PER_FLOZ 29.5735
#define LB_PER_KG 2.2046226218
#define KM_PER_MI 1.609344
#define FT_PER_M 3.280839895

void rc_render_number(rc_buf *b, double v)
{
    double a = fabs(v);
    rc_buf_num(b, v, a >= 10 ? 0 : a >= 1 ? 1 : 2);
}

static bool imperial(const runcover_plan *p) { return p->vals[RC_A_UNITS] == RUNCOVER_UNITS_IMPERIAL; }

/* Converts a metric value in `unit` for display; returns the display unit. */
static const char *convert(const runcover_plan *p, const char *unit, double *v)
{
    if (!imperial(p))
        return unit;
    if (strcmp(unit, "ml") == 0) {
        *v /= ML_PER_FLOZ;
        return "fl oz";
    }
    if (strcmp(unit, "L") == 0 || strcmp(unit, "l") == 0) {
        *v = *v * 1000 / ML_PER_FLOZ;
        return "fl oz";
    }
    if (strcmp(unit, "kg") == 0) {
        *v *= LB_PER_KG;
        return "lb";
    }
    if (strcmp(unit, "km") == 0) {
        *v /= KM_PER_MI;
        return "mi";
    }
    if (strcmp(unit, "m") == 0) {
        *v *= FT_PER_M;
        return "ft";
    }
    if (strcmp(unit, "°C") == 0 || strcmp(unit, "C") == 0) {
        *v = *v * 9 / 5 + 32;
        return "°F";
    }
    return unit;
}

static void with_unit(rc_buf *b, const runcover_plan *p, double v, const char *unit)
{
    const char *u = convert(p, unit, &v);
    rc_render_number(b, v);
    rc_buf_putc(b, ' ');
    rc_buf_puts(b, u);
}

void rc_render_amount(rc_buf *b, const runcover_plan *p, const char *unit, double lo, double hi)
{
    const char *u = convert(p, unit, &lo);
    convert(p, unit, &hi);
    /* formatted on the stack: rendering allocates nothing but the text itself */
    char x[48], y[48];
    double ax = fabs(lo), ay = fabs(hi);
    rc_num_format(x, sizeof x, lo, ax >= 10 ? 0 : ax >= 1 ? 1 : 2);
    rc_num_format(y, sizeof y, hi, ay >= 10 ? 0 : ay >= 1 ? 1 : 2);
    rc_buf_puts(b, x);
    if (strcmp(x, y) != 0) {
        rc_buf_puts(b, "\xe2\x80\x93"); /* en dash */
        rc_buf_puts(b, y);
    }
    if (*u) {
        rc_buf_putc(b, ' ');
        rc_buf_puts(b, u);
    }
}

void rc_render_template(rc_buf *b, const runcover_plan *p, int32_t rule, const rc_tmpl *t, double amin,
                        double amax)
{
    const rc_program *pg = p->prog;
    const rc_rule *r = &pg->rules[rule];
    if (rule == 0) {
        rc_buf_puts(b, "One or more of your answers is a warning sign that recovery advice cannot address: pain "
                       "that is sharp, worsening, persistent or interferes with daily life; swelling, bruising or "
                       "deformity; numbness, tingling or weakness; or very severe soreness. Stop training and have "
                       "it assessed by a sports-medicine physician, physiotherapist or athletic trainer. Resume "
                       "only after they clear you.");
        return;
    }
    for (uint32_t i = 0; i < t->n; i++) {
        const rc_hole *h = &t->holes[i];
        double v;
        const char *u;
        switch (h->kind) {
        case H_TEXT: rc_buf_put(b, h->text, h->len); break;
        case H_AMOUNT: rc_render_amount(b, p, r->unit, amin, amax); break;
        case H_AMOUNT_MIN:
        case H_AMOUNT_MAX:
            v = h->kind == H_AMOUNT_MIN ? amin : amax;
            convert(p, r->unit, &v);
            rc_render_number(b, v);
            break;
        case H_AMOUNT_UNIT:
            v = 0;
            u = convert(p, r->unit, &v);
            rc_buf_puts(b, u);
            break;
        case H_ENUM: {
            const rc_node *n = &pg->nodes[h->node];
            double x = p->vals[n->slot];
            const rc_fact *f = rc_fact_by_slot(n->slot);
            if (isnan(x) || !f || (size_t)x >= f->nenum)
                rc_buf_putc(b, '?');
            else
                rc_buf_puts(b, f->enums[(size_t)x]);
            break;
        }
        default:
            v = rc_eval_num(pg, p->vals, p->state, h->node);
            if (isnan(v)) {
                rc_buf_putc(b, '?');
                break;
            }
            if (h->kind == H_NUM)
                rc_render_number(b, v);
            else
                with_unit(b, p, v,
                          h->kind == H_VOLUME ? "ml" : h->kind == H_MASS ? "kg" : h->kind == H_TEMP ? "°C" : "km");
            break;
        }
    }
}

/* ---- the timeline ---- */

static int64_t rc_floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

static void clock_at(rc_buf *b, const runcover_plan *p, double minutes)
{
    double end = p->vals[RC_S_END];
    if (isnan(end)) {
        rc_buf_puts(b, "+");
        if (minutes >= 2880)
            rc_buf_printf(b, "%dd", (int)(minutes / 1440));
        else if (minutes >= 120 && fmod(minutes, 60) == 0)
            rc_buf_printf(b, "%dh", (int)(minutes / 60));
        else
            rc_buf_printf(b, "%dmin", (int)minutes);
        return;
    }
    if (!(minutes > -1e7 && minutes < 1e7)) /* window bounds are checked at load; stay safe */
        minutes = 0;
    int off = (int)p->vals[RC_S_END_OFFSET];
    int64_t at = (int64_t)end + (int64_t)llround(minutes * 60);
    char t[32];
    rc_time_format(t, at, off);
    /* the session's own day shows the time only; other days add the weekday
     * and the day of the month: "Mon 27 14:00" */
    int64_t d0 = rc_floor_div((int64_t)end + (int64_t)off * 60, 86400);
    int64_t d1 = rc_floor_div(at + (int64_t)off * 60, 86400);
    if (d1 != d0) {
        static const char wd[7][4] = { "Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed" }; /* 1970-01-01: Thu */
        rc_buf_printf(b, "%s %.2s ", wd[((d1 % 7) + 7) % 7], t + 8);
    }
    rc_buf_printf(b, "%.5s", t + 11);
}

/* "Mon 27 Apr 04:24" for the next hard session. */
static void human_time(rc_buf *b, const runcover_plan *p, const char *rfc3339)
{
    static const char mon[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    static const char wd[7][4] = { "Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed" };
    int m = (rfc3339[5] - '0') * 10 + (rfc3339[6] - '0');
    double end = p->vals[RC_S_END];
    int off = (int)p->vals[RC_S_END_OFFSET];
    int64_t at = (int64_t)end + (int64_t)llround(p->rh * 3600);
    int64_t d = rc_floor_div(at + (int64_t)off * 60, 86400);
    rc_buf_printf(b, "%s %.2s %s %.4s %.5s", wd[((d % 7) + 7) % 7], rfc3339 + 8, mon[m >= 1 && m <= 12 ? m - 1 : 0],
                  rfc3339, rfc3339 + 11);
}

RC_EXPORT runcover_status runcover_plan_to_text(char **out, const runcover_plan *p, unsigned flags)
{
    rc_error_reset();
    if (!out || !p)
        return rc_misuse("runcover_plan_to_text: NULL argument");
    if (flags & ~(RUNCOVER_JSON_EXPLAIN | RUNCOVER_JSON_PRETTY))
        return rc_error(RUNCOVER_E_INVALID, "runcover_plan_to_text: unknown flags 0x%x", flags & ~3u);
    rc_buf b;
    rc_buf_init(&b);
    if (!p->prog) {
        rc_buf_puts(&b, "(empty plan)\n");
    } else {
        if (p->red_flag)
            rc_buf_puts(&b, "!! RED FLAG: see a professional before any further training.\n\n");
        static const char *const heads[PH_COUNT] = { "Right after (first hours)", "The next days",
                                                     "Long term", "Returning to running", "See a professional" };
        static const int order[PH_COUNT] = { PH_MEDICAL, PH_IMMEDIATE, PH_MID_TERM, PH_RETURN, PH_LONG_TERM };
        for (int oi = 0; oi < PH_COUNT; oi++) {
            int ph = order[oi];
            bool any = false;
            for (size_t i = 0; i < p->nitems; i++) {
                const runcover_item *it = &p->items[i];
                const rc_rule *r = &p->prog->rules[it->rule];
                if (r->phase != ph)
                    continue;
                if (!any) {
                    rc_buf_printf(&b, "%s\n", heads[ph]);
                    any = true;
                }
                rc_buf_puts(&b, "  ");
                if (r->has_window) {
                    rc_buf b2;
                    rc_buf_init(&b2);
                    clock_at(&b2, p, r->wstart);
                    rc_buf_puts(&b2, " - ");
                    clock_at(&b2, p, r->wend);
                    rc_buf_printf(&b, "%-28s", b2.data ? b2.data : "");
                    if (b2.oom)
                        b.oom = true;
                    rc_buf_free(&b2);
                } else {
                    rc_buf_printf(&b, "%-28s", "");
                }
                rc_buf_puts(&b, r->title);
                if (r->has_amount) {
                    rc_buf_puts(&b, " (");
                    rc_render_amount(&b, p, r->unit, p->amin[it->rule], p->amax[it->rule]);
                    rc_buf_puts(&b, ")");
                }
                if (r->has_duration) {
                    rc_buf_puts(&b, ", ");
                    rc_render_amount(&b, p, "min", r->dmin, r->dmax);
                }
                rc_buf_putc(&b, '\n');
                if (it->detail) {
                    rc_buf_printf(&b, "  %-28s", "");
                    rc_buf_puts(&b, it->detail);
                    rc_buf_putc(&b, '\n');
                }
                if (flags & RUNCOVER_JSON_EXPLAIN) {
                    rc_explain_rule(&b, p, it->rule, false);
                }
            }
            if (any)
                rc_buf_putc(&b, '\n');
        }
        double h;
        if (runcover_plan_recovery_hours(p, &h)) {
            rc_buf_puts(&b, "Recovery estimate: ");
            rc_render_number(&b, round(h));
            rc_buf_puts(&b, " h");
            if (h >= 72) {
                rc_buf_puts(&b, " (about ");
                rc_render_number(&b, round(h / 24));
                rc_buf_puts(&b, " days)");
            }
            if (p->has_next_hard) {
                rc_buf_puts(&b, "\nNext hard session: from ");
                human_time(&b, p, p->next_hard);
                rc_buf_printf(&b, " (%s)", p->next_hard);
            }
            rc_buf_putc(&b, '\n');
        }
        if (p->red_flag)
            rc_buf_puts(&b, "Next hard session: only after a professional has cleared you.\n");
        rc_buf_puts(&b, "\nGeneral recovery guidance, not medical advice.\n");
    }
    char *s = rc_buf_take(&b);
    if (!s)
        return rc_nomem();
    *out = s;
    return RUNCOVER_OK;
}
