/* standalone.c — a main() for the fuzz targets when libFuzzer is not used:
 * feeds every file given on the command line (directories recursively) to
 * LLVMFuzzerTestOneInput once. `meson test` runs each target over its
 * corpus and the repository's YAML files this way, as a regression test.
 *
 * Options as libFuzzer spells them: -timeout=N fails the run when one input
 * takes more than N seconds (not under valgrind: RUNCOVER_TEST_QUICK set);
 * other -flags are ignored, so a libFuzzer command line works too. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static long g_files;
static double g_timeout; /* seconds; 0: no limit */
static double g_slowest;
static char g_slowest_path[512];

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 4096;
            uint8_t *nb = realloc(buf, cap);
            if (!nb) {
                fclose(f);
                free(buf);
                return 1;
            }
            buf = nb;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        if (!n)
            break;
        len += n;
    }
    fclose(f);
    double t0 = now();
    LLVMFuzzerTestOneInput(buf, len);
    double dt = now() - t0;
    free(buf);
    g_files++;
    if (dt > g_slowest) {
        g_slowest = dt;
        snprintf(g_slowest_path, sizeof g_slowest_path, "%s", path);
        if (g_timeout > 0 && dt > g_timeout) {
            fprintf(stderr, "%s: %.2f s, more than -timeout=%g\n", path, dt, g_timeout);
            return 1;
        }
    }
    return 0;
}

static int run_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        perror(path);
        return 1;
    }
    if (!S_ISDIR(st.st_mode))
        return S_ISREG(st.st_mode) ? run_file(path) : 0;
    DIR *d = opendir(path);
    if (!d) {
        perror(path);
        return 1;
    }
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        size_t n = strlen(path) + strlen(e->d_name) + 2;
        char *p = malloc(n);
        if (!p)
            break;
        snprintf(p, n, "%s/%s", path, e->d_name);
        rc |= run_path(p);
        free(p);
    }
    closedir(d);
    return rc;
}

int main(int argc, char **argv)
{
    int rc = 0;
    const char *quick = getenv("RUNCOVER_TEST_QUICK");
    for (int i = 1; i < argc; i++)
        if (strncmp(argv[i], "-timeout=", 9) == 0 && !(quick && *quick))
            g_timeout = strtod(argv[i] + 9, NULL);
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-')
            continue;
        rc |= run_path(argv[i]);
    }
    printf("%ld inputs, no crash; slowest %.3f s (%s)\n", g_files, g_slowest, g_slowest_path);
    return rc;
}
