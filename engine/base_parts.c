/*
 * base_parts.c - parts made on several threads, taken in order (base_parts.h).
 *
 * Part i is made into slot i % n_slots, so a part is started only once
 * the part n_slots before it has been taken.  The calling thread takes
 * the parts as they are made, in order, and makes parts itself while the
 * next to take is not made yet: take() runs on it alone.
 */
#include <pthread.h>
#include <stdint.h>

#include "base_parts.h"

#define NO_PART SIZE_MAX

typedef struct parts {
    parts_make_fn *make;
    parts_take_fn *take;
    void *ctx;
    size_t n, next_make, next_take;
    size_t n_slots;
    size_t made[2 * PARTS_MAX_THREADS]; /* by slot: the part made in it; NO_PART */
    int stopped;                  /* take() said stop */
    pthread_mutex_t lock;
    pthread_cond_t cond;
} parts;

/* Holding the lock: the next part to make, or NO_PART when it has to
 * wait for a free slot or there are no more. */
static size_t next(parts *p)
{
    if (p->stopped || p->next_make == p->n ||
        p->next_make >= p->next_take + p->n_slots)
        return NO_PART;
    return p->next_make++;
}

/* Makes part i without the lock, then marks it made. */
static void make(parts *p, unsigned worker, size_t i)
{
    pthread_mutex_unlock(&p->lock);
    p->make(p->ctx, worker, i, i % p->n_slots);
    pthread_mutex_lock(&p->lock);
    p->made[i % p->n_slots] = i;
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
    while (!p->stopped && p->next_make < p->n) {
        size_t i = next(p);
        if (i == NO_PART)
            pthread_cond_wait(&p->cond, &p->lock);
        else
            make(p, worker, i);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

/* The calling thread: takes the parts in order, making parts while the
 * next to take is not made. */
static void take_in_order(parts *p)
{
    pthread_mutex_lock(&p->lock);
    while (!p->stopped && p->next_take < p->n) {
        size_t slot = p->next_take % p->n_slots, i;
        if (p->made[slot] == p->next_take) {
            int rc = 0;
            pthread_mutex_unlock(&p->lock);
            if (p->take)
                rc = p->take(p->ctx, p->next_take, slot);
            pthread_mutex_lock(&p->lock);
            p->made[slot] = NO_PART;
            p->next_take++;
            if (rc < 0)
                p->stopped = 1;
            pthread_cond_broadcast(&p->cond);
        } else if ((i = next(p)) != NO_PART) {
            make(p, 0, i);
        } else {
            pthread_cond_wait(&p->cond, &p->lock);
        }
    }
    pthread_mutex_unlock(&p->lock);
}

int parts_run(size_t n, unsigned threads, parts_make_fn *make_fn,
              parts_take_fn *take, void *ctx)
{
    parts p = { make_fn, take, ctx, n, 0, 0, 0, { 0 }, 0,
                PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };
    pthread_t tid[PARTS_MAX_THREADS];
    helper_arg args[PARTS_MAX_THREADS];
    unsigned started = 0, workers = parts_workers(threads);

    p.n_slots = parts_slots(threads);
    if (n > 1) {
        for (size_t s = 0; s < p.n_slots; s++)
            p.made[s] = NO_PART;
        for (unsigned w = 1; w < workers; w++) {
            args[started] = (helper_arg){ &p, w };
            if (pthread_create(&tid[started], NULL, helper, &args[started]) != 0)
                break;
            started++;
        }
    }
    if (!started) {
        for (size_t i = 0; i < n; i++) {
            make_fn(ctx, 0, i, 0);
            if (take && take(ctx, i, 0) < 0)
                return -1;
        }
        return 0;
    }
    take_in_order(&p);
    for (unsigned w = 0; w < started; w++)
        pthread_join(tid[w], NULL);
    return p.stopped ? -1 : 0;
}
