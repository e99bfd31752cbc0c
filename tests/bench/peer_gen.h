/*
 * peer_gen.h — the benchmark's deterministic fact generator and result
 * checksum (shared/bench/RULES.md §1, §5, §6), shared by the plain-C
 * baseline and the libruncover benchmark driver.
 */
#ifndef PEER_GEN_H
#define PEER_GEN_H

#include <stdbool.h>
#include <stdint.h>

/* athlete.phase, RULES.md order */
enum peer_phase { PEER_BASE = 0, PEER_BUILD, PEER_PEAK, PEER_TAPER, PEER_RACE, PEER_OFF };
/* session.kind, RULES.md order */
enum peer_kind { PEER_EASY = 0, PEER_LONG, PEER_TEMPO, PEER_INTERVALS, PEER_HILLS, PEER_RACE_KIND, PEER_ULTRA };

/* One generated fact set (RULES.md §1). */
typedef struct peer_facts {
    double mass_kg;        /* athlete.mass_kg, 45.0-110.0 */
    int age;               /* athlete.age, 16-80 */
    int phase;             /* athlete.phase, enum peer_phase */
    bool prefers_no_cold;  /* athlete.prefers_no_cold */
    bool lactose_free;     /* athlete.lactose_free */
    int kind;              /* session.kind, enum peer_kind */
    int duration_min;      /* session.duration_min, 15-600 */
    double distance_km;    /* session.distance_km */
    int rpe;               /* session.rpe, 1-10 */
    int temp_c;            /* session.temp_c, -10-40 */
    double mass_loss_kg;   /* session.mass_loss_kg, 0.0-3.0 */
    int descent_m;         /* session.descent_m, 0-3000 */
    int soreness;          /* symptoms.soreness, 0-10 */
    bool sharp_pain;       /* symptoms.sharp_pain */
    bool swelling;         /* symptoms.swelling */
    bool numbness;         /* symptoms.numbness */
    int races_90d;         /* history.races_90d, 0-10 */
    int ultras_90d;        /* history.ultras_90d, 0-6 */
} peer_facts;

#define PEER_SEED 0x2545F491u
#define PEER_H0 0x811C9DC5u

/* Sets the generator state to the seed 0x2545F491. */
void peer_gen_init(uint32_t *state);
/* Draws the next fact set: exactly 21 xorshift32 draws in RULES.md §5 order. */
void peer_gen_next(uint32_t *state, peer_facts *f);

/* mix(h, x) = (h XOR x) * 0x01000193 mod 2^32 (RULES.md §6). */
static inline uint32_t peer_mix(uint32_t h, uint32_t x)
{
    return (h ^ x) * 0x01000193u;
}

/* q(v) = floor(v * 1000 + 0.5) as a 64-bit integer, truncated to 32 bits
 * (mod 2^32) for mixing. floor is done inline (truncate, then step down for
 * a negative non-integer): exactly floor() for every finite value in int64
 * range, without a libm call on targets lacking a rounding instruction. */
static inline uint32_t peer_q(double v)
{
    double x = v * 1000.0 + 0.5;
    int64_t i = (int64_t)x;
    if ((double)i > x)
        i--;
    return (uint32_t)i;
}

#endif
