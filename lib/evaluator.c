/*
 * evaluator.c — the evaluator handle: loading protocol files, directories
 * and buffers atomically (parse every new file, compile old + new into a new
 * program, swap only on success), freezing at the first evaluation, rule and
 * protocol queries, fact introspection.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "program.h"

static void free_files(rc_loaded *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        rc_yaml_free(&f[i].doc);
    rc_free(f);
}

RC_EXPORT runcover_status runcover_evaluator_new(runcover_evaluator **out)
{
    rc_error_reset();
    if (!out)
        return rc_misuse("runcover_evaluator_new: out is NULL");
    runcover_evaluator *ev = rc_calloc(1, sizeof *ev);
    if (!ev)
        return rc_nomem();
    runcover_status st = rc_program_build(&ev->prog, NULL, 0);
    if (st != RUNCOVER_OK) {
        rc_free(ev);
        return st;
    }
    *out = ev;
    return RUNCOVER_OK;
}

RC_EXPORT void runcover_evaluator_free(runcover_evaluator *ev)
{
    if (!ev)
        return;
    free_files(ev->files, ev->nfiles);
    rc_program_free(ev->prog);
    rc_free(ev);
}

/* Adds the parsed files new[0..n) to ev, atomically. Takes ownership of
 * `add` in every case. */
static runcover_status commit(runcover_evaluator *ev, rc_loaded *add, size_t n)
{
    /* A file byte-identical to one already loaded (or earlier in this batch)
     * is the same protocol again: loading it is a no-op, so `runcover
     * validate protocols/` on top of the embedded default set succeeds. */
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        bool dup = false;
        for (size_t j = 0; j < ev->nfiles && !dup; j++)
            dup = strcmp(ev->files[j].sha256, add[i].sha256) == 0;
        for (size_t j = 0; j < kept && !dup; j++)
            dup = strcmp(add[j].sha256, add[i].sha256) == 0;
        if (dup)
            rc_yaml_free(&add[i].doc);
        else
            add[kept++] = add[i];
    }
    n = kept;
    if (ev->nfiles + n > RC_MAX_FILES) {
        /* named by the first file past the limit, at its start */
        size_t first = ev->nfiles >= RC_MAX_FILES ? 0 : RC_MAX_FILES - ev->nfiles;
        rc_error_add(RUNCOVER_E_LIMIT, add[first].doc.name, 1, 1,
                     "more than %d protocol files in one evaluator", RC_MAX_FILES);
        free_files(add, n);
        return RUNCOVER_E_LIMIT;
    }
    rc_loaded *all = rc_calloc(ev->nfiles + n ? ev->nfiles + n : 1, sizeof *all);
    if (!all) {
        free_files(add, n);
        return rc_nomem();
    }
    if (ev->nfiles)
        memcpy(all, ev->files, ev->nfiles * sizeof *all);
    if (n)
        memcpy(all + ev->nfiles, add, n * sizeof *all);
    rc_program *pg;
    runcover_status st = rc_program_build(&pg, all, ev->nfiles + n);
    if (st != RUNCOVER_OK) {
        rc_free(all);
        free_files(add, n);
        return st;
    }
    rc_free(add); /* the trees moved into `all` */
    rc_free(ev->files);
    ev->files = all;
    ev->nfiles += n;
    rc_program_free(ev->prog);
    ev->prog = pg;
    return RUNCOVER_OK;
}

static runcover_status parse_one(rc_loaded *out, const char *name, const char *buf, size_t len)
{
    memset(out, 0, sizeof *out);
    runcover_status st = rc_yaml_parse(&out->doc, name, buf, len, NULL);
    if (st == RUNCOVER_OK)
        rc_sha256_hex(buf, len, out->sha256);
    return st;
}

static runcover_status check_frozen(const runcover_evaluator *ev, const char *fn)
{
    if (!ev)
        return rc_misuse("%s: evaluator is NULL", fn);
    if (atomic_load(&ev->frozen))
        return rc_misuse("%s: the evaluator is frozen (it has evaluated a plan); load protocols before the first "
                         "evaluation",
                         fn);
    return RUNCOVER_OK;
}

RC_EXPORT runcover_status runcover_evaluator_load_string(runcover_evaluator *ev, const char *name, const char *buf,
                                                         size_t len)
{
    rc_error_reset();
    runcover_status st = check_frozen(ev, "runcover_evaluator_load_string");
    if (st)
        return st;
    if (!buf && len)
        return rc_misuse("runcover_evaluator_load_string: buf is NULL");
    rc_loaded *f = rc_calloc(1, sizeof *f);
    if (!f)
        return rc_nomem();
    st = parse_one(f, name && *name ? name : "<string>", buf ? buf : "", len);
    if (st != RUNCOVER_OK) {
        rc_free(f);
        return st;
    }
    return commit(ev, f, 1);
}

/* Reads a regular file of at most max bytes (the cap holds while reading:
 * a file that grows is still refused). */
runcover_status rc_read_file(const char *path, char **out, size_t *len, size_t max)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return rc_error_add(RUNCOVER_E_IO, path, 0, 0, "cannot open: %s", strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return rc_error_add(RUNCOVER_E_IO, path, 0, 0, "not a regular file");
    }
    size_t cap = (size_t)sb.st_size + 1 < max + 1 ? (size_t)sb.st_size + 1 : max + 1;
    char *buf = rc_malloc(cap + 1);
    if (!buf) {
        close(fd);
        return rc_nomem();
    }
    size_t n = 0;
    for (;;) {
        if (n == cap) {
            if (cap > max)
                break;
            size_t nc = cap * 2 > max + 1 ? max + 1 : cap * 2;
            char *nb = rc_realloc(buf, nc + 1);
            if (!nb) {
                rc_free(buf);
                close(fd);
                return rc_nomem();
            }
            buf = nb;
            cap = nc;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            rc_free(buf);
            close(fd);
            return rc_error_add(RUNCOVER_E_IO, path, 0, 0, "read error: %s", strerror(e));
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    if (n > max) { /* at the first byte past the limit (the buffer holds max + 1) */
        unsigned line, col;
        rc_text_pos(buf, n, max, &line, &col);
        rc_free(buf);
        return rc_error_add(RUNCOVER_E_LIMIT, path, line, col, "file is larger than %zu bytes", max);
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return RUNCOVER_OK;
}

static runcover_status load_path(rc_loaded *f, const char *path)
{
    char *buf;
    size_t len;
    runcover_status st = rc_read_file(path, &buf, &len, RC_Y_MAX_BYTES);
    if (st != RUNCOVER_OK)
        return st;
    memset(f, 0, sizeof *f);
    st = rc_yaml_parse(&f->doc, path, buf, len, NULL);
    if (st == RUNCOVER_OK)
        rc_sha256_hex(buf, len, f->sha256);
    rc_free(buf);
    return st;
}

RC_EXPORT runcover_status runcover_evaluator_load_file(runcover_evaluator *ev, const char *path)
{
    rc_error_reset();
    runcover_status st = check_frozen(ev, "runcover_evaluator_load_file");
    if (st)
        return st;
    if (!path)
        return rc_misuse("runcover_evaluator_load_file: path is NULL");
    rc_loaded *f = rc_calloc(1, sizeof *f);
    if (!f)
        return rc_nomem();
    if ((st = load_path(f, path)) != RUNCOVER_OK) {
        rc_free(f);
        return st;
    }
    return commit(ev, f, 1);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static bool yaml_name(const char *n)
{
    size_t l = strlen(n);
    if (n[0] == '.')
        return false;
    return (l > 5 && strcmp(n + l - 5, ".yaml") == 0) || (l > 4 && strcmp(n + l - 4, ".yml") == 0);
}

/* Lists the protocol files of a directory, sorted by name (byte order). */
runcover_status rc_list_dir(const char *dir, char ***out, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d)
        return rc_error_add(RUNCOVER_E_IO, dir, 0, 0, "cannot open directory: %s", strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    runcover_status st = RUNCOVER_OK;
    while ((e = readdir(d))) {
        if (!yaml_name(e->d_name))
            continue;
        if (n >= RC_MAX_FILES) {
            st = rc_error_add(RUNCOVER_E_LIMIT, dir, 0, 0, "more than %d protocol files", RC_MAX_FILES);
            break;
        }
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            char **v = rc_reallocarray(names, nc, sizeof *v);
            if (!v) {
                st = rc_nomem();
                break;
            }
            names = v;
            cap = nc;
        }
        size_t dl = strlen(dir), fl = strlen(e->d_name);
        char *p = rc_malloc(dl + fl + 2);
        if (!p) {
            st = rc_nomem();
            break;
        }
        memcpy(p, dir, dl);
        p[dl] = '/';
        memcpy(p + dl + 1, e->d_name, fl + 1);
        names[n++] = p;
    }
    closedir(d);
    if (st != RUNCOVER_OK) {
        for (size_t i = 0; i < n; i++)
            rc_free(names[i]);
        rc_free(names);
        return st;
    }
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    *out = names;
    *count = n;
    return RUNCOVER_OK;
}

RC_EXPORT runcover_status runcover_evaluator_load_dir(runcover_evaluator *ev, const char *dir)
{
    rc_error_reset();
    runcover_status st = check_frozen(ev, "runcover_evaluator_load_dir");
    if (st)
        return st;
    if (!dir)
        return rc_misuse("runcover_evaluator_load_dir: dir is NULL");
    char **names;
    size_t n;
    if ((st = rc_list_dir(dir, &names, &n)) != RUNCOVER_OK)
        return st;
    rc_loaded *f = rc_calloc(n ? n : 1, sizeof *f);
    if (!f) {
        for (size_t i = 0; i < n; i++)
            rc_free(names[i]);
        rc_free(names);
        return rc_nomem();
    }
    size_t ok = 0;
    bool failed = false, nomem = false;
    for (size_t i = 0; i < n; i++) {
        if (!nomem) {
            runcover_status s2 = load_path(&f[ok], names[i]);
            if (s2 == RUNCOVER_OK)
                ok++;
            else {
                failed = true;
                nomem |= s2 == RUNCOVER_E_NOMEM;
            }
        }
        rc_free(names[i]);
    }
    rc_free(names);
    if (nomem) {
        free_files(f, ok);
        return rc_nomem();
    }
    if (failed) {
        free_files(f, ok);
        return rc_error_code();
    }
    return commit(ev, f, ok);
}

RC_EXPORT runcover_status runcover_evaluator_new_default(runcover_evaluator **out)
{
    rc_error_reset();
    if (!out)
        return rc_misuse("runcover_evaluator_new_default: out is NULL");
    runcover_evaluator *ev;
    runcover_status st = runcover_evaluator_new(&ev);
    if (st != RUNCOVER_OK)
        return st;
    rc_loaded *f = rc_calloc(rc_default_protocol_count ? rc_default_protocol_count : 1, sizeof *f);
    if (!f) {
        runcover_evaluator_free(ev);
        return rc_nomem();
    }
    for (size_t i = 0; i < rc_default_protocol_count; i++) {
        const rc_embedded *e = &rc_default_protocols[i];
        st = parse_one(&f[i], e->name, e->data, e->len);
        if (st != RUNCOVER_OK) {
            free_files(f, i);
            runcover_evaluator_free(ev);
            return st;
        }
    }
    st = commit(ev, f, rc_default_protocol_count);
    if (st != RUNCOVER_OK) {
        runcover_evaluator_free(ev);
        return st;
    }
    *out = ev;
    return RUNCOVER_OK;
}

RC_EXPORT size_t runcover_evaluator_rule_count(const runcover_evaluator *ev) { return ev ? ev->prog->nrules : 0; }

RC_EXPORT const char *runcover_evaluator_rule_id(const runcover_evaluator *ev, size_t i)
{
    return ev && i < ev->prog->nrules ? ev->prog->rules[i].id : NULL;
}

RC_EXPORT runcover_status runcover_evaluator_find_rule(const runcover_evaluator *ev, const char *id, size_t *index)
{
    rc_error_reset();
    if (!ev || !id || !index)
        return rc_misuse("runcover_evaluator_find_rule: NULL argument");
    for (size_t i = 0; i < ev->prog->nrules; i++)
        if (strcmp(ev->prog->rules[i].id, id) == 0) {
            *index = i;
            return RUNCOVER_OK;
        }
    return rc_error(RUNCOVER_E_NOTFOUND, "no rule '%.80s'", id);
}

RC_EXPORT size_t runcover_evaluator_protocol_count(const runcover_evaluator *ev)
{
    return ev ? ev->prog->nprotos : 0;
}

RC_EXPORT runcover_status runcover_evaluator_protocol(const runcover_evaluator *ev, size_t i, const char **name,
                                                      int64_t *version, const char **sha256_hex)
{
    rc_error_reset();
    if (!ev)
        return rc_misuse("runcover_evaluator_protocol: evaluator is NULL");
    if (i >= ev->prog->nprotos)
        return rc_error(RUNCOVER_E_NOTFOUND, "no protocol %zu", i);
    const rc_protoinfo *p = &ev->prog->protos[i];
    if (name)
        *name = p->name;
    if (version)
        *version = p->version;
    if (sha256_hex)
        *sha256_hex = p->sha256;
    return RUNCOVER_OK;
}

RC_EXPORT size_t runcover_fact_count(const runcover_evaluator *ev)
{
    return ev ? ev->prog->nfact_descs : rc_fact_count_builtin;
}

RC_EXPORT runcover_status runcover_fact_info(const runcover_evaluator *ev, size_t i, runcover_fact_desc *out)
{
    rc_error_reset();
    if (!out || out->size < offsetof(runcover_fact_desc, doc))
        return rc_misuse("runcover_fact_info: out is NULL or out->size is not set to sizeof(runcover_fact_desc)");
    size_t n = runcover_fact_count(ev);
    if (i >= n)
        return rc_error(RUNCOVER_E_NOTFOUND, "no fact %zu (there are %zu)", i, n);
    runcover_fact_desc d;
    if (ev) {
        d = ev->prog->fact_descs[i];
    } else {
        const rc_fact *f = &rc_facts[i];
        d = (runcover_fact_desc){ sizeof d, f->path, f->key, f->type, f->unit, f->min, f->max, f->nenum, f->enums,
                                  f->flags, f->doc };
    }
    size_t sz = out->size < sizeof d ? out->size : sizeof d;
    d.size = out->size;
    memcpy(out, &d, sz);
    return RUNCOVER_OK;
}
