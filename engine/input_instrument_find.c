/*
 * input_instrument_find.c - a shipped instrument found by its id
 * (`-i lead360`): in ASSESS_PATH, in the installed share folder, and from
 * the build tree in the sources' instruments/ (assess_instrument_find()).
 */
#define _GNU_SOURCE /* dladdr */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base_error.h"
#include "input_instrument.h"

/* ASSESS_DATADIR_INSTRUMENTS, ASSESS_BUILD_DIR, ASSESS_SOURCE_INSTRUMENTS:
 * written by the Makefile from PREFIX and where the sources are. */
#include "assess_paths.h"

#define MAX_DIRS 64

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Whether `path`, made absolute, is a file of directory `dir` itself or
 * of its tests/ (not deeper: a staged install there is not the build). */
static int built_in(const char *path, const char *dir)
{
    char *real = path && *path ? realpath(path, NULL) : NULL;
    size_t n = strlen(dir);
    int yes = 0;

    if (real && strncmp(real, dir, n) == 0 && real[n] == '/') {
        const char *rest = real + n + 1;
        if (strncmp(rest, "tests/", 6) == 0)
            rest += 6;
        yes = strchr(rest, '/') == NULL;
    }
    free(real);
    return yes;
}

/* Whether this program, or this library, is the build tree's. */
static int from_build_tree(void)
{
    char *build = realpath(ASSESS_BUILD_DIR, NULL);
    Dl_info info;
    int yes = 0;

    if (!build)
        return 0;
    yes = built_in("/proc/self/exe", build);
    if (!yes && dladdr((void *)assess_instrument_find, &info) &&
        info.dli_fname)
        yes = built_in(info.dli_fname, build);
    free(build);
    return yes;
}

static char *join(const char *dir, const char *name, const char *ext)
{
    size_t size = strlen(dir) + strlen(name) + strlen(ext) + 2;
    char *p = malloc(size);
    if (p)
        snprintf(p, size, "%s/%s%s", dir, name, ext);
    return p;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The instrument `name` in directory `dir`: the file NAME or NAME.xml, or
 * else the first *.xml file, in name order, whose instrument id is NAME.
 * A malloc'd path, NULL when none (or out of memory: *oom set).
 */
static char *in_dir(const char *dir, const char *name, int *oom)
{
    char **files = NULL, *found = NULL, id[128];
    size_t n = 0, cap = 0;
    struct dirent *e;
    DIR *d;

    for (int ext = 0; ext < 2; ext++) {
        char *p = join(dir, name, ext ? ".xml" : "");
        if (!p) {
            *oom = 1;
            return NULL;
        }
        if (is_file(p))
            return p;
        free(p);
    }
    d = opendir(dir);
    if (!d)
        return NULL;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".xml") != 0)
            continue;
        if (n == cap) {
            char **grown = realloc(files, (cap ? 2 * cap : 16) * sizeof *files);
            if (!grown) {
                *oom = 1;
                goto out;
            }
            files = grown;
            cap = cap ? 2 * cap : 16;
        }
        if (!(files[n] = join(dir, e->d_name, ""))) {
            *oom = 1;
            goto out;
        }
        n++;
    }
    if (n)
        qsort(files, n, sizeof *files, by_name);
    for (size_t i = 0; i < n && !found; i++)
        if (is_file(files[i]) &&
            instrument_file_id(files[i], id, sizeof id) == 0 &&
            strcmp(id, name) == 0) {
            found = files[i];
            files[i] = NULL;
        }
out:
    closedir(d);
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    free(files);
    return found;
}

char *assess_instrument_find(const char *name, assess_error *err)
{
    const char *dirs[MAX_DIRS];
    char *path_env = NULL, *found = NULL, where[1024];
    size_t n = 0, w = 0;
    int oom = 0;

    if (!name || !*name) {
        error_set(err, ASSESS_EUSAGE, NULL, 0, "no instrument named");
        return NULL;
    }
    if (strchr(name, '/') || is_file(name)) {
        found = strdup(name);
        if (!found)
            error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
        return found;
    }
    if (getenv("ASSESS_PATH")) {
        path_env = strdup(getenv("ASSESS_PATH"));
        if (!path_env) {
            error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
            return NULL;
        }
        for (char *save = NULL, *dir = strtok_r(path_env, ":", &save);
             dir && n < MAX_DIRS - 2; dir = strtok_r(NULL, ":", &save))
            dirs[n++] = dir;
    }
    dirs[n++] = ASSESS_DATADIR_INSTRUMENTS;
    if (from_build_tree())
        dirs[n++] = ASSESS_SOURCE_INSTRUMENTS;
    for (size_t i = 0; i < n && !found && !oom; i++)
        found = in_dir(dirs[i], name, &oom);
    if (!found) {
        where[0] = '\0';
        for (size_t i = 0; i < n && w < sizeof where; i++)
            w += (size_t)snprintf(where + w, sizeof where - w, "%s%s",
                                  i ? ", " : "", dirs[i]);
        if (oom)
            error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
        else
            error_set(err, ASSESS_EUSAGE, NULL, 0,
                      "instrument '%s': no such file, and no instrument with "
                      "that id or file name in %s; give the file's path, or "
                      "add its directory to ASSESS_PATH", name, where);
    }
    free(path_env);
    return found;
}
