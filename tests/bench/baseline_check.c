/*
 * baseline_check.c — checks the plain-C baseline against RULES.md §6
 * (0xb3afc265 over fact sets 0..9,999, 0x76498063 over 0..99,999), prints
 * per-rule fire counts over 100,000 fact sets and the baseline's speed.
 *
 *   gcc -std=c11 -O2 -Wall -Wextra -Wpedantic -Werror tests/bench/peer_gen.c \
 *       tests/bench/baseline.c tests/bench/baseline_check.c -o /tmp/bc -lm
 *   taskset -c 1 /tmp/bc
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "baseline.h"
#include "peer_gen.h"

#define N_SMALL 10000
#define N_LARGE 100000
#define EXPECT_SMALL 0xb3afc265u
#define EXPECT_LARGE 0x76498063u
#define RUNS 15

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static volatile uint32_t sink;

int main(void)
{
    peer_facts *facts = malloc(sizeof *facts * N_LARGE);
    if (!facts) {
        fprintf(stderr, "out of memory\n");
        return 2;
    }
    uint32_t st;
    peer_gen_init(&st);
    for (size_t i = 0; i < N_LARGE; i++)
        peer_gen_next(&st, &facts[i]);

    /* checksums and fire counts */
    uint32_t h = PEER_H0, h_small = 0;
    unsigned long count[30] = { 0 };
    peer_result r;
    for (size_t i = 0; i < N_LARGE; i++) {
        baseline_eval(&facts[i], &r);
        h = baseline_hash(h, &r);
        if (i + 1 == N_SMALL)
            h_small = h;
        for (int n = 0; n < 30; n++)
            if (r.fired & (1u << n))
                count[n]++;
    }
    int ok = h_small == EXPECT_SMALL && h == EXPECT_LARGE;
    printf("checksum 0..9,999:  0x%08x (expected 0x%08x) %s\n", (unsigned)h_small, (unsigned)EXPECT_SMALL,
           h_small == EXPECT_SMALL ? "ok" : "MISMATCH");
    printf("checksum 0..99,999: 0x%08x (expected 0x%08x) %s\n", (unsigned)h, (unsigned)EXPECT_LARGE,
           h == EXPECT_LARGE ? "ok" : "MISMATCH");
    printf("fire counts over %d fact sets:\n", N_LARGE);
    for (int n = 0; n < 30; n++)
        printf("  R%02d %6lu%s", n + 1, count[n], (n % 5 == 4) ? "\n" : "");

    /* speed: fact sets pre-generated above; best of several runs */
    const int reps = 20; /* 2,000,000 evaluations per run */
    const double evals = (double)reps * N_LARGE;
    double best_hash = 1e30, best_plain = 1e30;
    for (int run = 0; run < RUNS; run++) {
        double t0 = now_s();
        uint32_t hh = PEER_H0;
        for (int k = 0; k < reps; k++)
            for (size_t i = 0; i < N_LARGE; i++) {
                baseline_eval(&facts[i], &r);
                hh = baseline_hash(hh, &r);
            }
        double t1 = now_s();
        sink = hh;
        if (t1 - t0 < best_hash)
            best_hash = t1 - t0;

        t0 = now_s();
        uint32_t acc = 0;
        for (int k = 0; k < reps; k++)
            for (size_t i = 0; i < N_LARGE; i++) {
                baseline_eval(&facts[i], &r);
                acc += r.fired;
            }
        t1 = now_s();
        sink = acc;
        if (t1 - t0 < best_plain)
            best_plain = t1 - t0;
    }
    printf("baseline with hashing:    %.0f evaluations/s (%.1f ns each; best of %d runs x %.0f)\n", evals / best_hash,
           best_hash / evals * 1e9, RUNS, evals);
    printf("baseline without hashing: %.0f evaluations/s (%.1f ns each; best of %d runs x %.0f)\n", evals / best_plain,
           best_plain / evals * 1e9, RUNS, evals);

    free(facts);
    return ok ? 0 : 1;
}
