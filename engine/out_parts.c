/*
 * out_parts.c - a document written part by part on several threads, and
 * copied to its stream in order (format.h, out_parts).
 *
 * Each part is written into a slot: an out_buf that gathers in memory.
 * There are 2 * threads slots, part i going to slot i % n_slots, so a part
 * is taken only once the part n_slots before it has been copied out.  The
 * calling thread copies the parts out as they are done, in order, and
 * writes parts itself while the next to copy is not done yet: it is the
 * only thread that touches the stream.
 */
#include <pthread.h>
#include <stdlib.h>

#include "format.h"

#define NO_PART SIZE_MAX

typedef struct slot {
    out_buf buf;
    size_t done;       /* the part the slot holds, written; NO_PART */
} slot;

typedef struct parts {
    out_part_fn part;
    void *ctx;
    size_t n, next_take, next_copy;
    slot *slots;
    size_t n_slots;
    int failed;        /* a slot could not grow: stop taking parts */
    pthread_mutex_t lock;
    pthread_cond_t cond;
} parts;

/* Holding the lock: the next part to write, or NO_PART when it has to
 * wait for a free slot or there are no more. */
static size_t take(parts *p)
{
    if (p->failed || p->next_take == p->n ||
        p->next_take >= p->next_copy + p->n_slots)
        return NO_PART;
    return p->next_take++;
}

/* Writes part i into its slot, without the lock. */
static void write_part(parts *p, unsigned worker, size_t i)
{
    out_buf *b = &p->slots[i % p->n_slots].buf;
    b->n = 0;
    b->flushed = 0;
    b->mem_len = 0;
    p->part(p->ctx, worker, i, b);
    out_flush(b);
}

/* Holding the lock: marks part i written. */
static void done(parts *p, size_t i)
{
    p->slots[i % p->n_slots].done = i;
    pthread_cond_broadcast(&p->cond);
}

/* A helper thread's start: the parts and its worker number. */
typedef struct helper_arg {
    parts *p;
    unsigned worker;
} helper_arg;

static void *helper(void *arg)
{
    parts *p = ((helper_arg *)arg)->p;
    unsigned worker = ((helper_arg *)arg)->worker;

    pthread_mutex_lock(&p->lock);
    while (!p->failed && p->next_take < p->n) {
        size_t i = take(p);
        if (i == NO_PART) {
            pthread_cond_wait(&p->cond, &p->lock);
            continue;
        }
        pthread_mutex_unlock(&p->lock);
        write_part(p, worker, i);
        pthread_mutex_lock(&p->lock);
        done(p, i);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

/* The calling thread: copies the parts out in order, writing parts while
 * the next to copy is not done. */
static void copy_out(parts *p, out_buf *out)
{
    pthread_mutex_lock(&p->lock);
    while (!p->failed && p->next_copy < p->n) {
        slot *s = &p->slots[p->next_copy % p->n_slots];
        size_t i;
        if (s->done == p->next_copy) {
            pthread_mutex_unlock(&p->lock);
            if (s->buf.mem_failed) {
                pthread_mutex_lock(&p->lock);
                p->failed = 1;
                pthread_cond_broadcast(&p->cond);
                break;
            }
            out_bytes(out, s->buf.mem, s->buf.mem_len);
            pthread_mutex_lock(&p->lock);
            s->done = NO_PART;
            p->next_copy++;
            pthread_cond_broadcast(&p->cond);
        } else if ((i = take(p)) != NO_PART) {
            pthread_mutex_unlock(&p->lock);
            write_part(p, 0, i);
            pthread_mutex_lock(&p->lock);
            done(p, i);
        } else {
            pthread_cond_wait(&p->cond, &p->lock);
        }
    }
    pthread_mutex_unlock(&p->lock);
}

int out_parts(out_buf *out, size_t n, unsigned threads, out_part_fn part,
              void *ctx)
{
    parts p = { part, ctx, n, 0, 0, NULL, 0, 0, PTHREAD_MUTEX_INITIALIZER,
                PTHREAD_COND_INITIALIZER };
    pthread_t tid[16];
    helper_arg args[16];
    unsigned started = 0;

    if (threads > 16)
        threads = 16;
    if (threads > 1 && n > 1) {
        p.n_slots = 2 * (size_t)threads;
        p.slots = calloc(p.n_slots, sizeof *p.slots);
    }
    if (p.slots) {
        for (size_t s = 0; s < p.n_slots; s++) {
            out_init(&p.slots[s].buf, NULL);
            p.slots[s].done = NO_PART;
        }
        for (unsigned w = 1; w < threads; w++) {
            args[started] = (helper_arg){ &p, w };
            if (pthread_create(&tid[started], NULL, helper, &args[started]) != 0)
                break;
            started++;
        }
    }
    if (!started) {
        /* One thread: straight to out, nothing copied. */
        free(p.slots);
        for (size_t i = 0; i < n; i++)
            part(ctx, 0, i, out);
        return 0;
    }
    copy_out(&p, out);
    for (unsigned w = 0; w < started; w++)
        pthread_join(tid[w], NULL);
    for (size_t s = 0; s < p.n_slots; s++)
        free(p.slots[s].buf.mem);
    free(p.slots);
    return p.failed ? -1 : 0;
}
