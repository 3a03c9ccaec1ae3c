/*
 * output_sink.c - a FILE * whose bytes go to a caller's function or to
 * memory (assess_out_*), so that every writer that takes a FILE * can
 * write there: C's own stream interface does the buffering, and the
 * writers stay as they are.  glibc makes such a stream with fopencookie(),
 * the BSDs and macOS with funopen().
 */
#if defined(__linux__) || defined(__GLIBC__)
#define _GNU_SOURCE /* fopencookie */
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "base_error.h"

struct assess_out {
    FILE *f;
    assess_write_fn write; /* NULL: to memory */
    void *userdata;
    char *mem;
    size_t len, cap;
};

/* Hands n bytes on; n, or -1 with errno set. */
static long put(assess_out *o, const char *buf, size_t n)
{
    if (o->write) {
        if (o->write(o->userdata, buf, n) != 0) {
            errno = EIO;
            return -1;
        }
        return (long)n;
    }
    if (n + 1 > o->cap - o->len) {
        size_t cap = o->cap ? o->cap : 4096;
        char *mem;
        while (cap - o->len < n + 1) {
            if (cap > SIZE_MAX / 2) {
                errno = ENOMEM;
                return -1;
            }
            cap *= 2;
        }
        mem = realloc(o->mem, cap);
        if (!mem) {
            errno = ENOMEM;
            return -1;
        }
        o->mem = mem;
        o->cap = cap;
    }
    memcpy(o->mem + o->len, buf, n);
    o->len += n;
    o->mem[o->len] = '\0';
    return (long)n;
}

#if defined(__GLIBC__)
static ssize_t cookie_write(void *cookie, const char *buf, size_t n)
{
    return (ssize_t)put(cookie, buf, n);
}

static FILE *open_stream(assess_out *o)
{
    cookie_io_functions_t io = { NULL, cookie_write, NULL, NULL };
    return fopencookie(o, "w", io);
}
#elif defined(__APPLE__) || defined(__FreeBSD__) || defined(__OpenBSD__) || \
    defined(__NetBSD__) || defined(__DragonFly__)
static int cookie_write(void *cookie, const char *buf, int n)
{
    return (int)put(cookie, buf, (size_t)n);
}

static FILE *open_stream(assess_out *o)
{
    return funopen(o, NULL, cookie_write, NULL, NULL);
}
#else
static FILE *open_stream(assess_out *o)
{
    (void)o;
    (void)put;
    errno = ENOSYS;
    return NULL;
}
#endif

static assess_out *out_new(assess_write_fn write, void *userdata,
                           assess_error *err)
{
    assess_out *o = calloc(1, sizeof *o);
    if (!o) {
        error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    o->write = write;
    o->userdata = userdata;
    o->f = open_stream(o);
    if (!o->f) {
        int e = errno;
        free(o);
        if (e == ENOSYS)
            error_set(err, ASSESS_EUSAGE, NULL, 0,
                      "this C library cannot make a stream of a function");
        else
            error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    return o;
}

assess_out *assess_out_callback(assess_write_fn write, void *userdata,
                                assess_error *err)
{
    if (!write) {
        error_set(err, ASSESS_EUSAGE, NULL, 0, "no function to write to");
        return NULL;
    }
    return out_new(write, userdata, err);
}

assess_out *assess_out_memory(assess_error *err)
{
    return out_new(NULL, NULL, err);
}

FILE *assess_out_file(assess_out *o)
{
    return o->f;
}

char *assess_out_take(assess_out *o, size_t *len)
{
    char *mem;

    if (len)
        *len = 0;
    if (o->write || fflush(o->f) != 0)
        return NULL;
    mem = o->mem ? o->mem : calloc(1, 1);
    if (mem && len)
        *len = o->len;
    o->mem = NULL;
    o->len = o->cap = 0;
    return mem;
}

assess_status assess_out_close(assess_out *o, assess_error *err)
{
    int failed;
    if (!o)
        return ASSESS_OK;
    failed = ferror(o->f) != 0;
    failed |= fclose(o->f) != 0;
    free(o->mem);
    free(o);
    if (failed)
        return error_set(err, ASSESS_EIO, NULL, 0, "write error");
    return ASSESS_OK;
}
