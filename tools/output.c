/* realpath(), SA_RESETHAND */
#define _XOPEN_SOURCE 700
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- Temporary files removed on a fatal signal ------------------------- */

/*
 * The temporary files now made and not yet renamed or removed, for the
 * handler of a fatal signal to remove.  The paths belong to their
 * cli_output.  The list changes only under `busy`, a spin lock taken with
 * the fatal signals blocked in the thread that takes it; the handler
 * takes it too, so a handler in another thread waits out a change (a few
 * instructions), and none can run in the thread that holds it.
 */
static struct {
    atomic_flag busy;
    const char **paths;
    size_t n, cap;
    int handled; /* the handlers are installed */
} temps = { ATOMIC_FLAG_INIT, NULL, 0, 0, 0 };

static const int fatal_signals[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM,
                                     SIGPIPE };
#define N_FATAL (sizeof fatal_signals / sizeof *fatal_signals)

static void fatal_set(sigset_t *set)
{
    sigemptyset(set);
    for (size_t i = 0; i < N_FATAL; i++)
        sigaddset(set, fatal_signals[i]);
}

/*
 * Removes every temporary file, then dies of `sig` as if it had not been
 * caught (SA_RESETHAND restored the default action; the signal raised
 * here is delivered when the handler returns), so the exit status still
 * says "killed by signal".  Async-signal-safe: unlink() and raise() only.
 */
static void on_fatal_signal(int sig)
{
    while (atomic_flag_test_and_set(&temps.busy))
        ;
    for (size_t i = 0; i < temps.n; i++)
        unlink(temps.paths[i]);
    temps.n = 0;
    atomic_flag_clear(&temps.busy);
    raise(sig);
}

/* Catches the fatal signals whose action is the default one: a signal
 * the command was started with ignored (nohup, `cmd &` in a script)
 * stays ignored. */
static void catch_fatal_signals(void)
{
    struct sigaction sa, old;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal_signal;
    fatal_set(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    for (size_t i = 0; i < N_FATAL; i++)
        if (sigaction(fatal_signals[i], NULL, &old) == 0 &&
            !(old.sa_flags & SA_SIGINFO) && old.sa_handler == SIG_DFL)
            sigaction(fatal_signals[i], &sa, NULL);
}

static void temps_lock(sigset_t *old)
{
    sigset_t set;
    fatal_set(&set);
    pthread_sigmask(SIG_BLOCK, &set, old);
    while (atomic_flag_test_and_set(&temps.busy))
        ;
}

static void temps_unlock(const sigset_t *old)
{
    atomic_flag_clear(&temps.busy);
    pthread_sigmask(SIG_SETMASK, old, NULL);
}

/* mkstemp(tmpl), the file listed for removal on a fatal signal before a
 * signal can be handled.  Returns the descriptor, or -1 with errno set. */
static int temp_create(char *tmpl)
{
    sigset_t old;
    int fd = -1, saved;

    temps_lock(&old);
    if (!temps.handled) {
        catch_fatal_signals();
        temps.handled = 1;
    }
    if (temps.n == temps.cap) {
        size_t cap = temps.cap ? 2 * temps.cap : 8;
        const char **paths = realloc(temps.paths, cap * sizeof *paths);
        if (!paths) {
            errno = ENOMEM;
            goto out;
        }
        temps.paths = paths;
        temps.cap = cap;
    }
    fd = mkstemp(tmpl);
    if (fd >= 0)
        temps.paths[temps.n++] = tmpl;
out:
    saved = errno;
    temps_unlock(&old);
    errno = saved;
    return fd;
}

/* Takes `tmpl` off the list, once it is renamed or removed. */
static void temp_forget(const char *tmpl)
{
    sigset_t old;

    temps_lock(&old);
    for (size_t i = 0; i < temps.n; i++)
        if (temps.paths[i] == tmpl) {
            temps.paths[i] = temps.paths[--temps.n];
            break;
        }
    temps_unlock(&old);
}

/* ---- Opening ----------------------------------------------------------- */

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

/* Refuses (saying so) an output `st` that is one of the inputs. */
static int is_input(const char *path, const struct stat *st,
                    char *const *inputs, int n_inputs)
{
    for (int i = 0; i < n_inputs; i++)
        if (same_file(st, inputs[i])) {
            fprintf(stderr, "assess: -o %s: that is an input file; "
                            "refusing to overwrite it\n", path);
            return 1;
        }
    return 0;
}

/*
 * Opens o->f on a new temporary file in the directory of o->target (set,
 * and owned by `o`), to be renamed over o->target.  Returns 0, or -1
 * after printing why, `o` cleared.
 */
static int open_temp(cli_output *o)
{
    const char *what = "";
    char *copy = NULL;
    int fd = -1, rc = -1;
    mode_t mask;

    copy = strdup(o->target);
    if (!copy || !(o->tmp = malloc(strlen(copy) + 32)))
        goto out;
    sprintf(o->tmp, "%s/.assess-out.XXXXXX", dirname(copy));
    fd = temp_create(o->tmp);
    if (fd < 0) {
        what = "cannot create a temporary file beside it: ";
        goto out;
    }
    mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0 || !(o->f = fdopen(fd, "w")))
        goto out;
    rc = 0;
out:
    if (rc != 0) {
        fprintf(stderr, "assess: %s: %s%s\n", o->path, what, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(o->tmp);
            temp_forget(o->tmp);
        }
        free(o->tmp);
        free(o->target);
        memset(o, 0, sizeof *o);
    }
    free(copy);
    return rc;
}

int cli_output_open(cli_output *o, const char *path, char *const *inputs,
                    int n_inputs)
{
    struct stat st;

    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->f = stdout;
        return 0;
    }
    o->path = path;
    if (stat(path, &st) == 0) {
        if (is_input(path, &st, inputs, n_inputs))
            return -1;
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
    if (!o->target && errno == ENOENT)
        o->target = strdup(path);
    if (!o->target) {
        fprintf(stderr, "assess: %s: %s\n", path, strerror(errno));
        return -1;
    }
    return open_temp(o);
}

int cli_output_open_entry(cli_output *o, const char *dir, const char *name,
                          char *const *inputs, int n_inputs)
{
    struct stat st;
    size_t size = strlen(dir) + strlen(name) + 2;

    memset(o, 0, sizeof *o);
    o->target = malloc(size);
    if (!o->target) {
        fprintf(stderr, "assess: %s/%s: out of memory\n", dir, name);
        return -1;
    }
    snprintf(o->target, size, "%s/%s", dir, name);
    o->path = o->target;
    if (lstat(o->target, &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "assess: %s: is a directory; cannot replace it "
                        "with a file\n", o->path);
        goto fail;
    }
    if (stat(o->target, &st) == 0 &&
        is_input(o->target, &st, inputs, n_inputs))
        goto fail;
    return open_temp(o);
fail:
    free(o->target);
    memset(o, 0, sizeof *o);
    return -1;
}

/* ---- Closing ----------------------------------------------------------- */

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

int cli_output_finish(cli_output *o)
{
    const char *name = o->path ? o->path : "standard output";

    if (!o->f)
        return -1;
    if (!o->synced)
        cli_output_sync(o);
    if (o->failed == OUTPUT_WRITE)
        fprintf(stderr, "assess: %s: write error: %s\n", name,
                strerror(o->failed_errno));
    else if (o->failed == OUTPUT_SYNC)
        fprintf(stderr, "assess: %s: %s\n", name, strerror(o->failed_errno));
    if (o->f != stdout && fclose(o->f) != 0 && !o->failed) {
        fprintf(stderr, "assess: %s: %s\n", name, strerror(errno));
        o->failed = OUTPUT_WRITE;
    }
    o->f = NULL;
    o->finished = 1;
    return o->failed ? -1 : 0;
}

int cli_output_close(cli_output *o, int ok)
{
    int rc = 0;

    if (!o->f && !o->finished)
        return ok ? -1 : 0;
    if (ok && ((!o->finished && cli_output_finish(o) != 0) || o->failed)) {
        ok = 0;
        rc = -1;
    }
    if (o->f && o->f != stdout)
        fclose(o->f);
    if (o->tmp) {
        if (ok && rename(o->tmp, o->target) != 0) {
            fprintf(stderr, "assess: %s: cannot put the output in place: %s\n",
                    o->path, strerror(errno));
            rc = -1;
            ok = 0;
        }
        if (!ok)
            unlink(o->tmp);
        temp_forget(o->tmp);
        free(o->tmp);
    }
    free(o->target);
    memset(o, 0, sizeof *o);
    return rc;
}

/* Flushes standard output, closing it too when `close`. */
static int stdout_done(const char *cmd, int close)
{
    int failed = ferror(stdout), err = 0;

    if (fflush(stdout) != 0) {
        failed = 1;
        err = errno;
    }
    /* EBADF with nothing written: standard output was closed (>&-),
     * and nothing was lost. */
    if (close && fclose(stdout) != 0 && !failed && errno != EBADF) {
        failed = 1;
        err = errno;
    }
    if (!failed)
        return 0;
    /* An error from an earlier write has left no errno to tell. */
    fprintf(stderr, "assess %s: standard output: write error%s%s\n", cmd,
            err ? ": " : "", err ? strerror(err) : "");
    return -1;
}

int cli_stdout_close(const char *cmd)
{
    return stdout_done(cmd, 1);
}

int cli_stdout_check(const char *cmd)
{
    return stdout_done(cmd, 0);
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

int cli_db_path_check(const char *cmd, const char *path, char *const *inputs,
                      int n_inputs)
{
    struct stat st;

    if (!path || strcmp(path, "-") == 0) {
        fprintf(stderr, "assess %s: --format sqlite writes a database file, "
                        "not standard output: give -o FILE (results.db)\n",
                cmd);
        return -1;
    }
    if (stat(path, &st) != 0)
        return 0; /* a new file */
    if (is_input(path, &st, inputs, n_inputs))
        return -1;
    if (!S_ISREG(st.st_mode) || through_system_link(path)) {
        fprintf(stderr, "assess %s: -o %s: %s; --format sqlite writes a "
                        "database file\n", cmd, path,
                S_ISDIR(st.st_mode) ? "is a directory" : "is not a regular file");
        return -1;
    }
    return 0;
}
