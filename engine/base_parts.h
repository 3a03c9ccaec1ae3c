/*
 * base_parts.h - work cut into parts and done on several threads, its results
 * taken in order.
 *
 * An analysis that works subject by subject, or cell by cell, cuts its
 * work into parts whose results do not depend on each other.  parts_run()
 * makes them on up to `threads` threads and hands each result to the
 * calling thread in the order of the parts, so that what the analysis
 * writes is the same whatever `threads`.
 */
#ifndef ASSESS_PARTS_H
#define ASSESS_PARTS_H

#include <stddef.h>

#include "assess.h"

/* Threads beyond this many are not started. */
#define PARTS_MAX_THREADS ASSESS_MAX_THREADS

/* The workers that may make parts: worker numbers are below this. */
static inline unsigned parts_workers(unsigned threads)
{
    if (threads > PARTS_MAX_THREADS)
        return PARTS_MAX_THREADS;
    return threads ? threads : 1;
}

/* The parts held at once, made and not yet taken: results live in slots,
 * part i in slot i % parts_slots(threads).  The caller owns the slots. */
static inline size_t parts_slots(unsigned threads)
{
    if (threads > PARTS_MAX_THREADS)
        threads = PARTS_MAX_THREADS;
    return threads > 1 ? 2 * (size_t)threads : 1;
}

/* How many parts n things make, cut `per` a part. */
static inline size_t parts_count(size_t n, size_t per)
{
    return (n + per - 1) / per;
}

/* The end of part `part` of n things cut `per` a part: the first index
 * past it. */
static inline size_t parts_end(size_t part, size_t per, size_t n)
{
    size_t end = (part + 1) * per;
    return end < n ? end : n;
}

/*
 * make(ctx, worker, i, slot) makes part i into the slot; `worker` (below
 * threads and PARTS_MAX_THREADS) names the thread, for state of its own in ctx.  take(ctx, i,
 * slot) runs on the calling thread, for one part after the other in
 * order, once the part is made; it returns 0, or -1 to stop (then no
 * more parts are made or taken, and parts_run returns -1).  take may be
 * NULL when the parts' order does not matter.
 *
 * The calling thread is worker 0 and makes parts too.  With threads <= 1,
 * or when no thread can be started, it makes and takes every part itself,
 * slot 0 each time.  A part is made with no lock held: make() and take()
 * share nothing that the other does not leave alone until the part is
 * taken.
 */
typedef void parts_make_fn(void *ctx, unsigned worker, size_t part,
                           size_t slot);
typedef int parts_take_fn(void *ctx, size_t part, size_t slot);

int parts_run(size_t n, unsigned threads, parts_make_fn *make,
              parts_take_fn *take, void *ctx);

#endif
