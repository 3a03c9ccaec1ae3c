/*
 * output_parts.c - a document written part by part on several threads, and
 * copied to its stream in order (base_format.h, out_parts): each part is
 * written into a slot's out_buf gathering in memory (base_parts.h), and the
 * calling thread copies it out.
 */
#include <stdlib.h>

#include "base_format.h"
#include "base_parts.h"

typedef struct doc {
    out_part_fn part;
    void *ctx;
    out_buf *out;
    out_buf *slots;
} doc;

static void make(void *ctx, unsigned worker, size_t i, size_t slot)
{
    doc *d = ctx;
    out_buf *b = &d->slots[slot];
    out_rewind(b);
    d->part(d->ctx, worker, i, b);
    out_flush(b);
}

static int take(void *ctx, size_t i, size_t slot)
{
    doc *d = ctx;
    const out_buf *b = &d->slots[slot];
    (void)i;
    if (b->mem_failed)
        return -1;
    out_bytes(d->out, b->mem, b->mem_len);
    return 0;
}

int out_parts(out_buf *out, size_t n, unsigned threads, out_part_fn part,
              void *ctx)
{
    doc d = { part, ctx, out, NULL };
    size_t n_slots = parts_slots(threads);
    int rc;

    if (n > 1 && n_slots > 1)
        d.slots = malloc(n_slots * sizeof *d.slots);
    if (!d.slots) {
        /* One thread: straight to out, nothing copied. */
        for (size_t i = 0; i < n; i++)
            part(ctx, 0, i, out);
        return 0;
    }
    for (size_t s = 0; s < n_slots; s++)
    {
        out_init(&d.slots[s], NULL);
        d.slots[s].digits = out->digits;
    }
    rc = parts_run(n, threads, make, take, &d);
    for (size_t s = 0; s < n_slots; s++)
        free(d.slots[s].mem);
    free(d.slots);
    return rc;
}
