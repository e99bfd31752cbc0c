/*
 * bench_peer.c — the benchmark workload of shared/bench/RULES.md through
 * the public API, against the hand-written C baseline in the same binary.
 *
 * The rule set (peer_rules.yaml) is loaded at run time through the public
 * loader. The 10,000 fact sets of RULES.md §5 become athlete/session handles
 * before timing. The timed loop evaluates with runcover_evaluate_into() into
 * one reused plan (RUNCOVER_EVAL_NO_TEXT), reads every item back with
 * runcover_plan_read() and hashes as RULES.md §6. Each figure is the median
 * of RUNS runs.
 *
 *   usage: bench_peer [--smoke | --profile N] [--rules FILE] [--shuffled FILE]
 *   (--profile N: after the checksums, N more hashed passes over the pool and
 *   nothing else, for `valgrind --tool=callgrind`; subtract a --smoke run)
 *   taskset -c 1 build/tests/bench/bench_peer
 *
 * Heap allocations are counted for the whole process by interposing malloc,
 * calloc, realloc, free and the aligned variants (glibc's __libc_* behind).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <runcover/runcover.h>

#include "alloc_count.h"
#include "baseline.h"
#include "peer_gen.h"

#ifndef BENCH_DIR
#define BENCH_DIR "tests/bench"
#endif

#define N_SETS 10000
#define EXPECT 0xb3afc265u
#define RUNS 3

/* ---- helpers ---- */
static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

static _Noreturn void die(const char *what)
{
    const runcover_error *e = runcover_last_error();
    fprintf(stderr, "%s: %s (%s:%u:%u)\n", what, e->message, e->file, e->line, e->column);
    exit(2);
}

#define CHECK(x)                                                                                                      \
    do {                                                                                                              \
        if ((x) != RUNCOVER_OK)                                                                                       \
            die(#x);                                                                                                  \
    } while (0)

static const char *const k_phase[] = { "base", "build", "peak", "taper", "race", "off" };
static const char *const k_kind[] = { "easy", "long", "tempo", "intervals", "hills", "race", "ultra" };

typedef struct world {
    runcover_evaluator *ev;
    runcover_athlete *a[N_SETS];
    runcover_session *s[N_SETS];
    int rule_no[4096]; /* RULES.md number per rule index, 0 for others */
    double load_ms;
} world;

static void build_world(world *w, const char *rules, int nsets)
{
    double t0 = now();
    CHECK(runcover_evaluator_new(&w->ev));
    CHECK(runcover_evaluator_load_file(w->ev, rules));
    w->load_ms = (now() - t0) * 1e3;
    memset(w->rule_no, 0, sizeof w->rule_no);
    for (size_t i = 0; i < runcover_evaluator_rule_count(w->ev) && i < 4096; i++) {
        const char *id = runcover_evaluator_rule_id(w->ev, i);
        if (strncmp(id, "p-", 2) == 0) /* the shuffled copy: strip the prefix to map back */
            id += 2;
        if (id[0] == 'R')
            w->rule_no[i] = atoi(id + 1);
    }
    uint32_t st;
    peer_gen_init(&st);
    for (int i = 0; i < nsets; i++) {
        peer_facts f;
        peer_gen_next(&st, &f);
        runcover_athlete *a;
        runcover_session *s;
        CHECK(runcover_athlete_new(&a));
        CHECK(runcover_session_new(&s));
        CHECK(runcover_athlete_set_mass_kg(a, f.mass_kg));
        CHECK(runcover_athlete_set_age(a, f.age));
        CHECK(runcover_athlete_set_text(a, "phase", k_phase[f.phase]));
        CHECK(runcover_athlete_set_flag(a, "ext.prefers_no_cold", f.prefers_no_cold));
        CHECK(runcover_athlete_set_flag(a, "ext.lactose_free", f.lactose_free));
        CHECK(runcover_athlete_set_number(a, "ext.races_90d", f.races_90d));
        CHECK(runcover_athlete_set_number(a, "ext.ultras_90d", f.ultras_90d));
        CHECK(runcover_session_set_text(s, "kind", k_kind[f.kind]));
        CHECK(runcover_session_set_duration_min(s, f.duration_min));
        CHECK(runcover_session_set_distance_km(s, f.distance_km));
        CHECK(runcover_session_set_rpe(s, f.rpe));
        CHECK(runcover_session_set_temperature_c(s, f.temp_c));
        CHECK(runcover_session_set_number(s, "ext.mass_loss_kg", f.mass_loss_kg));
        CHECK(runcover_session_set_descent_m(s, f.descent_m));
        CHECK(runcover_session_set_number(s, "checkin.soreness", f.soreness));
        CHECK(runcover_session_set_flag(s, "checkin.sharp_pain", f.sharp_pain));
        CHECK(runcover_session_set_flag(s, "checkin.swelling", f.swelling));
        CHECK(runcover_session_set_flag(s, "checkin.numbness", f.numbness));
        w->a[i] = a;
        w->s[i] = s;
    }
}

static void free_world(world *w, int nsets)
{
    for (int i = 0; i < nsets; i++) {
        runcover_athlete_free(w->a[i]);
        runcover_session_free(w->s[i]);
    }
    runcover_evaluator_free(w->ev);
}

/* One pass over the pool through the library; returns the checksum. */
static uint32_t lib_pass(const world *w, runcover_plan *p, int nsets, bool hash)
{
    runcover_item_view v[64];
    v[0].size = sizeof v[0];
    uint32_t h = PEER_H0;
    for (int i = 0; i < nsets; i++) {
        if (runcover_evaluate_into(p, w->ev, w->a[i], w->s[i], RUNCOVER_EVAL_NO_TEXT) != RUNCOVER_OK)
            die("evaluate_into");
        if (!hash)
            continue;
        size_t n;
        if (runcover_plan_read(p, v, 64, &n) != RUNCOVER_OK || n > 64)
            die("plan_read");
        peer_result r;
        r.fired = 0;
        for (size_t k = 0; k < n; k++) {
            int no = w->rule_no[v[k].rule_index];
            if (no < 1 || no > 30)
                continue;
            r.fired |= 1u << (no - 1);
            r.a[no - 1] = v[k].amount_min;
            r.b[no - 1] = v[k].amount_max;
        }
        h = baseline_hash(h, &r);
    }
    return h;
}

static uint32_t base_pass(const peer_facts *f, int nsets, bool hash)
{
    uint32_t h = PEER_H0;
    for (int i = 0; i < nsets; i++) {
        peer_result r;
        baseline_eval(&f[i], &r);
        if (hash)
            h = baseline_hash(h, &r);
        else
            h ^= r.fired;
    }
    return h;
}

typedef struct thread_arg {
    const world *w;
    int cpu;
    long evals;
    double seconds;
} thread_arg;

static void *thread_main(void *arg)
{
    thread_arg *t = arg;
    /* `taskset -c 1` pins the process to one CPU; each thread of the scaling
     * measurement gets a CPU of its own (thread i on CPU i), so two threads
     * can run at once. Without permission it stays where it is. */
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(t->cpu, &set);
    pthread_setaffinity_np(pthread_self(), sizeof set, &set);
    runcover_plan *p;
    if (runcover_plan_new(&p) != RUNCOVER_OK)
        return NULL;
    lib_pass(t->w, p, N_SETS, false); /* grow the plan */
    double t0 = now();
    long n = 0;
    while (now() - t0 < t->seconds) {
        lib_pass(t->w, p, N_SETS, false);
        n += N_SETS;
    }
    t->evals = n;
    runcover_plan_free(p);
    return NULL;
}

/* Evaluations/s of `threads` threads, thread i on CPU first_cpu + i. */
static double throughput(const world *w, int first_cpu, int threads, double seconds)
{
    pthread_t t[8];
    thread_arg a[8];
    double t0 = now();
    for (int i = 0; i < threads; i++) {
        a[i] = (thread_arg){ w, first_cpu + i, 0, seconds };
        pthread_create(&t[i], NULL, thread_main, &a[i]);
    }
    long total = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(t[i], NULL);
        total += a[i].evals;
    }
    return (double)total / (now() - t0);
}

int main(int argc, char **argv)
{
    bool smoke = false;
    int profile = 0;
    const char *rules = BENCH_DIR "/peer_rules.yaml", *shuffled = BENCH_DIR "/peer_rules_shuffled.yaml";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--smoke"))
            smoke = true;
        else if (!strcmp(argv[i], "--profile") && i + 1 < argc)
            profile = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--rules") && i + 1 < argc)
            rules = argv[++i];
        else if (!strcmp(argv[i], "--shuffled") && i + 1 < argc)
            shuffled = argv[++i];
        else {
            fprintf(stderr, "usage: %s [--smoke | --profile N] [--rules FILE] [--shuffled FILE]\n", argv[0]);
            return 2;
        }
    }
    static world w, ws;
    static peer_facts facts[N_SETS];
    uint32_t st;
    peer_gen_init(&st);
    for (int i = 0; i < N_SETS; i++)
        peer_gen_next(&st, &facts[i]);
    build_world(&w, rules, N_SETS);
    build_world(&ws, shuffled, N_SETS);
    runcover_plan *p;
    CHECK(runcover_plan_new(&p));

    /* correctness first: both rule files and the baseline agree with RULES.md */
    uint32_t h_lib = lib_pass(&w, p, N_SETS, true);
    uint32_t h_shuf = lib_pass(&ws, p, N_SETS, true);
    uint32_t h_base = base_pass(facts, N_SETS, true);
    printf("checksum libruncover: 0x%08x\nchecksum shuffled:    0x%08x\nchecksum baseline:    0x%08x\n"
           "expected:             0x%08x\n",
           h_lib, h_shuf, h_base, EXPECT);
    int bad = h_lib != EXPECT || h_shuf != EXPECT || h_base != EXPECT;
    if (bad) {
        printf("CHECKSUM MISMATCH\n");
        return 1;
    }
    for (int k = 0; k < profile; k++)
        if (lib_pass(&w, p, N_SETS, true) != EXPECT)
            return 1;
    if (smoke || profile > 0) {
        printf("smoke: ok\n");
        runcover_plan_free(p);
        free_world(&w, N_SETS);
        free_world(&ws, N_SETS);
        return 0;
    }

    /* the counter sees the library's allocations (a fresh plan allocates) */
    long c0 = alloc_count();
    runcover_plan *probe;
    CHECK(runcover_plan_new(&probe));
    runcover_plan_free(probe);
    if (alloc_count() == c0) {
        printf("allocation counting does not work here\n");
        return 1;
    }
    /* steady-state allocations: the plan has grown; count a whole pass */
    long before = alloc_count();
    lib_pass(&w, p, N_SETS, true);
    double allocs = (double)(alloc_count() - before) / N_SETS;

    int reps = 20;
    double lib_h[RUNS], lib_e[RUNS], base_h[RUNS], base_e[RUNS];
    volatile uint32_t sink = 0;
    for (int r = 0; r < RUNS; r++) {
        double t0 = now();
        for (int k = 0; k < reps; k++)
            sink ^= lib_pass(&w, p, N_SETS, true);
        lib_h[r] = reps * (double)N_SETS / (now() - t0);
        t0 = now();
        for (int k = 0; k < reps; k++)
            sink ^= lib_pass(&w, p, N_SETS, false);
        lib_e[r] = reps * (double)N_SETS / (now() - t0);
        t0 = now();
        for (int k = 0; k < reps * 20; k++)
            sink ^= base_pass(facts, N_SETS, true);
        base_h[r] = reps * 20 * (double)N_SETS / (now() - t0);
        t0 = now();
        for (int k = 0; k < reps * 20; k++)
            sink ^= base_pass(facts, N_SETS, false);
        base_e[r] = reps * 20 * (double)N_SETS / (now() - t0);
    }
    (void)sink;
    double lh = median(lib_h, RUNS), le = median(lib_e, RUNS), bh = median(base_h, RUNS), be = median(base_e, RUNS);

    /* load + compile time: median of several fresh loads */
    double lt[7];
    for (int r = 0; r < 7; r++) {
        runcover_evaluator *ev;
        double t0 = now();
        CHECK(runcover_evaluator_new(&ev));
        CHECK(runcover_evaluator_load_file(ev, rules));
        lt[r] = (now() - t0) * 1e3;
        runcover_evaluator_free(ev);
    }

    /* the two CPUs of a VM need not be equally fast: each alone, then both */
    double t1 = throughput(&w, 0, 1, 1.0), t1b = throughput(&w, 1, 1, 1.0), t2 = throughput(&w, 0, 2, 1.0);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);

    printf("rules: %zu (from %s)\n", runcover_evaluator_rule_count(w.ev), rules);
    printf("libruncover evaluate+read+hash: %.0f evaluations/s (%.1f ns each)\n", lh, 1e9 / lh);
    printf("baseline    evaluate+hash:      %.0f evaluations/s (%.1f ns each)\n", bh, 1e9 / bh);
    printf("ratio: %.2f\n", bh / lh);
    printf("libruncover evaluate only:      %.0f evaluations/s (%.1f ns each)\n", le, 1e9 / le);
    printf("baseline    evaluate only:      %.0f evaluations/s (%.1f ns each)\n", be, 1e9 / be);
    printf("ratio_eval_only: %.2f\n", be / le);
    printf("load+compile of the rule set: %.3f ms (median of 7)\n", median(lt, 7));
    printf("heap allocations per steady-state evaluation: %.3f\n", allocs);
    printf("threads: 1 -> %.0f/s (CPU 0; CPU 1 alone: %.0f/s), 2 -> %.0f/s, speedup: %.2f, "
           "scaling: %.2f of the two CPUs' sum\n",
           t1, t1b, t2, t2 / t1, t2 / (t1 + t1b));
    printf("peak RSS: %ld KiB\n", ru.ru_maxrss);
    runcover_plan_free(p);
    free_world(&w, N_SETS);
    free_world(&ws, N_SETS);
    return 0;
}
