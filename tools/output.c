/* realpath() */
#define _XOPEN_SOURCE 700
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int same_file(const struct stat *a, const char *path)
{
    struct stat b;
    return strcmp(path, "-") != 0 && stat(path, &b) == 0 &&
           a->st_dev == b.st_dev && a->st_ino == b.st_ino;
}

/* Whether path is a symbolic link under /dev or /proc, such as /dev/stdout:
 * what it leads to belongs to the process or the system, not to us to
 * replace. */
static int through_system_link(const char *path)
{
    struct stat st;
    char *real;
    int system;

    if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
        return 0;
    if (strncmp(path, "/dev/", 5) == 0 || strncmp(path, "/proc/", 6) == 0)
        return 1;
    /* A link of one's own to /proc/self/fd/1 is standard output too. */
    char to[16];
    ssize_t n = readlink(path, to, sizeof to);
    if (n >= 5 && (strncmp(to, "/dev/", 5) == 0 ||
                   (n >= 6 && strncmp(to, "/proc/", 6) == 0)))
        return 1;
    real = realpath(path, NULL);
    system = !real || strncmp(real, "/dev/", 5) == 0 ||
             strncmp(real, "/proc/", 6) == 0;
    free(real);
    return system;
}

int cli_output_open(cli_output *o, const char *path, char *const *inputs,
                    int n_inputs)
{
    struct stat st;
    char *copy = NULL, *dir;
    int fd;
    mode_t mask;

    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->f = stdout;
        return 0;
    }
    o->path = path;
    if (stat(path, &st) == 0) {
        for (int i = 0; i < n_inputs; i++)
            if (same_file(&st, inputs[i])) {
                fprintf(stderr, "assess: -o %s: that is an input file; "
                                "refusing to overwrite it\n", path);
                return -1;
            }
        if (!S_ISREG(st.st_mode) || through_system_link(path)) {
            o->f = fopen(path, "w");
            if (!o->f) {
                fprintf(stderr, "assess: %s: cannot open: %s\n", path,
                        strerror(errno));
                return -1;
            }
            return 0;
        }
    }
    /* A link to a regular file: the file is replaced, the link kept. */
    o->target = realpath(path, NULL);
    if (!o->target && errno != ENOENT)
        goto fail;
    if (!o->target && !(o->target = strdup(path)))
        goto fail;
    copy = strdup(o->target);
    if (!copy)
        goto fail;
    dir = dirname(copy);
    o->tmp = malloc(strlen(dir) + 32);
    if (!o->tmp)
        goto fail;
    sprintf(o->tmp, "%s/.assess-out.XXXXXX", dir);
    fd = mkstemp(o->tmp);
    if (fd < 0) {
        fprintf(stderr, "assess: %s: cannot create a temporary file beside "
                        "it: %s\n", path, strerror(errno));
        free(o->tmp);
        o->tmp = NULL;
        free(o->target);
        o->target = NULL;
        free(copy);
        return -1;
    }
    mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0 || !(o->f = fdopen(fd, "w"))) {
        close(fd);
        unlink(o->tmp);
        goto fail;
    }
    free(copy);
    return 0;
fail:
    fprintf(stderr, "assess: %s: %s\n", path, strerror(errno));
    free(copy);
    free(o->tmp);
    o->tmp = NULL;
    free(o->target);
    o->target = NULL;
    return -1;
}

int cli_output_sync(cli_output *o)
{
    if (!o->f || o->failed)
        return -1;
    if (fflush(o->f) != 0 || ferror(o->f)) {
        o->failed = OUTPUT_WRITE;
        o->failed_errno = errno;
        return -1;
    }
    if (o->tmp && fsync(fileno(o->f)) != 0) {
        o->failed = OUTPUT_SYNC;
        o->failed_errno = errno;
        return -1;
    }
    o->synced = 1;
    return 0;
}

int cli_output_close(cli_output *o, int ok)
{
    int rc = 0;

    if (!o->f)
        return ok ? -1 : 0;
    if (ok && !o->synced)
        cli_output_sync(o);
    if (ok && o->failed == OUTPUT_WRITE)
        fprintf(stderr, "assess: %s: write error: %s\n",
                o->path ? o->path : "standard output",
                strerror(o->failed_errno));
    else if (ok && o->failed == OUTPUT_SYNC)
        fprintf(stderr, "assess: %s: %s\n", o->path,
                strerror(o->failed_errno));
    if (o->failed) {
        ok = 0;
        rc = -1;
    }
    if (o->f != stdout && fclose(o->f) != 0 && ok) {
        fprintf(stderr, "assess: %s: %s\n", o->path, strerror(errno));
        ok = 0;
        rc = -1;
    }
    if (o->tmp) {
        if (ok && rename(o->tmp, o->target) != 0) {
            fprintf(stderr, "assess: %s: cannot put the output in place: %s\n",
                    o->path, strerror(errno));
            rc = -1;
            ok = 0;
        }
        if (!ok)
            unlink(o->tmp);
        free(o->tmp);
    }
    free(o->target);
    memset(o, 0, sizeof *o);
    return rc;
}

int cli_make_dir(const char *cmd, const char *dir)
{
    struct stat st;
    if (mkdir(dir, 0777) == 0 || (errno == EEXIST && stat(dir, &st) == 0 &&
                                  S_ISDIR(st.st_mode)))
        return 0;
    fprintf(stderr, "assess %s: %s: %s\n", cmd, dir,
            errno == EEXIST ? "not a directory" : strerror(errno));
    return -1;
}
