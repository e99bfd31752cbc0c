/*
 * baseline.c — RULES.md §3/§4 hand-written in plain C: the benchmark's
 * "physical limit" that libruncover is compared against.
 *
 * Same semantics as RULES.md, written for speed: every `when` is a 0/1 value
 * combined with & and | (no short-circuit branches to mispredict on random
 * facts) into one bit per rule; the overrides and the exclusive groups are
 * mask operations; the doses of all 28 dosed rules are computed every time
 * (cheaper than 28 unpredictable branches) and only the fired rules' doses
 * are meaningful (baseline_hash reads only those).
 */
#include "baseline.h"

#define B(n) (1u << ((n) - 1))
/* Bit of rule n when cond (an int that is 0 or 1) holds. */
#define RULE(n, cond) ((uint32_t)(cond) << ((n) - 1))

/* intense: R12 R13 R14 R18 R20 R23 R24 R30 */
#define INTENSE (B(12) | B(13) | B(14) | B(18) | B(20) | B(23) | B(24) | B(30))
/* exclusive group cold: R11 (70) > R12 (60) > R13 (50) > R14 (30) */
#define COLD (B(11) | B(12) | B(13) | B(14))

void baseline_eval(const peer_facts *f, peer_result *r)
{
    const int dur = f->duration_min;
    const int rpe = f->rpe;
    const int t = f->temp_c;
    const int kind = f->kind;
    const int phase = f->phase;
    const double mass = f->mass_kg;

    /* §2 derived facts */
    const int red_flag = f->sharp_pain | f->swelling | f->numbness | (f->soreness >= 9);
    const int race_like = (kind == PEER_RACE_KIND) | (kind == PEER_ULTRA);
    const int hard = (rpe >= 7) | race_like;
    const int long_effort = (dur >= 90) | (kind == PEER_LONG) | (kind == PEER_ULTRA) | (f->distance_km >= 21.1);
    const int trashed = (f->ultras_90d >= 3) | (f->races_90d >= 5);
    const int cold_ok = !f->prefers_no_cold;
    const int dur30 = dur >= 30, dur60 = dur >= 60, t25 = t >= 25, race = race_like;

    /* §4.2 candidates */
    uint32_t m = RULE(1, red_flag)
               | RULE(2, dur30 | (rpe >= 6))
               | RULE(3, dur60 | (rpe >= 7))
               | RULE(4, dur60 | (rpe >= 7))
               | RULE(5, f->mass_loss_kg > 0)
               | RULE(6, dur30)
               | RULE(7, t25)
               | RULE(8, (t >= 30) & dur60)
               | RULE(9, (hard | dur60) & !f->lactose_free)
               | RULE(10, hard | dur60)
               | RULE(11, hard & !race & ((phase == PEER_BUILD) | (phase == PEER_PEAK)))
               | RULE(12, race & cold_ok)
               | RULE(13, ((phase == PEER_TAPER) | (kind == PEER_EASY)) & dur30 & cold_ok)
               | RULE(14, t25 & cold_ok)
               | RULE(15, (kind == PEER_LONG) | race)
               | RULE(16, (dur >= 45) | race)
               | RULE(17, race)
               | RULE(18, race | (f->soreness >= 5))
               | RULE(19, long_effort)
               | RULE(20, long_effort) /* R19 is a candidate */
               | RULE(21, hard | (dur >= 120))
               | RULE(22, 1)
               | RULE(23, rpe >= 7)
               | RULE(24, race)
               | RULE(25, hard)
               | RULE(26, hard & (f->age >= 50))
               | RULE(27, trashed)
               | RULE(28, f->descent_m >= 500)
               | RULE(29, kind == PEER_ULTRA)
               | RULE(30, ((kind == PEER_EASY) | (kind == PEER_LONG) | (kind == PEER_TEMPO)) & (rpe <= 6) &
                              ((phase == PEER_BASE) | (phase == PEER_BUILD)) & dur30);

    /* §4.3 overrides: R01 removes every intense rule; R27 removes R24 */
    m &= ~(INTENSE & (0u - (m & B(1))));
    m &= ~((m & B(27)) >> (27 - 24));

    /* §4.4 exclusive groups: the member with the highest priority stays */
    m &= ~((m & B(5)) << 1);  /* fluids: R05 (75) removes R06 (40) */
    m &= ~((m & B(9)) << 1);  /* drink: R09 (45) removes R10 (35) */
    {                         /* cold: keep the lowest-numbered member present */
        uint32_t c = m & COLD;
        m ^= c ^ (c & (0u - c));
    }
    m &= ~((m & B(21)) << 1); /* sleep: R21 (60) removes R22 (20) */
    m &= ~((m & B(26)) >> 1); /* gap: R26 (60) removes R25 (40) */

    r->fired = m;

    /* §4.5 doses (a[n-1] .. b[n-1] for Rn; R01 and R11 carry none) */
    double *a = r->a, *b = r->b;
    a[1] = 5;                            /* R02 min */
    b[1] = 10;
    a[2] = 0.8 * mass;                   /* R03 g */
    b[2] = 1.2 * mass;
    a[3] = 0.25 * mass;                  /* R04 g */
    b[3] = 0.4 * mass;
    a[4] = b[4] = 1.5 * f->mass_loss_kg; /* R05 L */
    a[5] = b[5] = 0.75;                  /* R06 L */
    a[6] = 0.1 * (t - 20) * dur / 60;    /* R07 L */
    b[6] = 0.2 * (t - 20) * dur / 60;
    a[7] = 300.0 * dur / 60;             /* R08 mg */
    b[7] = 600.0 * dur / 60;
    {                                    /* R09 ml */
        double v = 6 * mass;
        a[8] = b[8] = v < 500 ? v : 500;
    }
    a[9] = 300;                          /* R10 ml */
    b[9] = 500;
    a[11] = 10;                          /* R12 min */
    b[11] = 15;
    a[12] = 10;                          /* R13 min */
    b[12] = 15;
    a[13] = 3;                           /* R14 min */
    b[13] = 5;
    a[14] = 120;                         /* R15 min */
    b[14] = 240;
    a[15] = 15;                          /* R16 min */
    b[15] = 20;
    a[16] = 15;                          /* R17 min */
    b[16] = 30;
    a[17] = 48;                          /* R18 h */
    b[17] = 72;
    a[18] = 90;                          /* R19 min */
    b[18] = 120;
    a[19] = b[19] = 10;                  /* R20 min */
    a[20] = 8;                           /* R21 h */
    b[20] = 10;
    a[21] = 7;                           /* R22 h */
    b[21] = 9;
    a[22] = 20;                          /* R23 min */
    b[22] = 30;
    a[23] = 48;                          /* R24 h */
    b[23] = 72;
    a[24] = b[24] = 1;                   /* R25 days */
    a[25] = b[25] = 2;                   /* R26 days */
    {                                    /* R27 days */
        int ur = 2 * f->ultras_90d + f->races_90d;
        a[26] = 7 + ur;
        b[26] = 14 + ur;
    }
    {                                    /* R28 h */
        double v = 48 + f->descent_m / 50.0;
        a[27] = 24;
        b[27] = v < 72 ? v : 72;
    }
    {                                    /* R29 days */
        double d = f->distance_km / 25;
        a[28] = 1 + d;
        b[28] = 2 + d;
    }
    a[29] = 10;                          /* R30 min */
    b[29] = 15;
}

uint32_t baseline_hash(uint32_t h, const peer_result *r)
{
    uint32_t m = r->fired;
    while (m) {
#if defined(__GNUC__)
        int i = __builtin_ctz(m);
#else
        int i = 0;
        while (!(m & (1u << i)))
            i++;
#endif
        m &= m - 1;
        h = peer_mix(h, (uint32_t)(i + 1));
        if (!(PEER_NO_DOSE & (1u << i))) {
            h = peer_mix(h, peer_q(r->a[i]));
            h = peer_mix(h, peer_q(r->b[i]));
        }
    }
    return peer_mix(h, 0xFFFFu);
}
