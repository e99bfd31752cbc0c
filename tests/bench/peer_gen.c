/* peer_gen.c — RULES.md §5 fact generator (xorshift32). */
#include "peer_gen.h"

static inline uint32_t draw(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

void peer_gen_init(uint32_t *state)
{
    *state = PEER_SEED;
}

void peer_gen_next(uint32_t *state, peer_facts *f)
{
    uint32_t u, u2;

    u = draw(state); /* 1 */
    f->mass_kg = 45.0 + (double)(u % 131u) / 2.0;
    u = draw(state); /* 2 */
    f->age = 16 + (int)(u % 65u);
    u = draw(state); /* 3 */
    f->phase = (int)(u % 6u);
    u = draw(state); /* 4 */
    f->prefers_no_cold = (u % 4u == 0);
    u = draw(state); /* 5 */
    f->lactose_free = (u % 5u == 0);
    u = draw(state); /* 6 */
    f->kind = (int)(u % 7u);
    u = draw(state); /* 7 */
    f->duration_min = 15 + (int)(u % 586u);
    u = draw(state); /* 8 */
    {
        int s = 8 + (int)(u % 11u);
        f->distance_km = (double)(f->duration_min * s) / 60.0;
    }
    u = draw(state); /* 9 */
    f->rpe = 1 + (int)(u % 10u);
    u = draw(state); /* 10 */
    f->temp_c = -10 + (int)(u % 51u);
    u = draw(state); /* 11 */
    f->mass_loss_kg = (double)(u % 31u) / 10.0;
    u = draw(state); /* 12 */
    f->descent_m = (int)(u % 3001u);
    u = draw(state); /* 13 */
    u2 = draw(state); /* 14 */
    f->soreness = (int)((u % 11u) * (u2 % 11u) / 10u);
    u = draw(state); /* 15 */
    f->sharp_pain = (u % 20u == 0);
    u = draw(state); /* 16 */
    f->swelling = (u % 25u == 0);
    u = draw(state); /* 17 */
    f->numbness = (u % 33u == 0);
    u = draw(state); /* 18 */
    u2 = draw(state); /* 19 */
    f->races_90d = (int)((u % 11u) * (u2 % 11u) / 10u);
    u = draw(state); /* 20 */
    u2 = draw(state); /* 21 */
    f->ultras_90d = (int)((u % 7u) * (u2 % 7u) / 6u);
}
