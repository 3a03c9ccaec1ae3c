/*
 * analysis_table.c - building the tidy table of statistics, kept or streamed.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_error.h"
#include "base_format.h"
#include "base_parts.h"
#include "analysis_table.h"

assess_table *table_new(const char *command, const assess_instrument *inst,
                        const assess_table_stream *stream)
{
    assess_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->command = command;
    t->inst = inst;
    arena_init(&t->arena);
    strtab_init(&t->notes, &t->arena);
    pthread_mutex_init(&t->lock, NULL);
    if (stream && (stream->out || stream->rows))
        t->stream = *stream;
    return t;
}

/*
 * Streaming to the caller's function: the rows not yet handed over, as a
 * table of their own (rows kept, nothing streamed), then forgotten.
 */
static void hand_rows(assess_table *t)
{
    assess_table batch;

    if (t->n_rows == 0)
        return;
    if (!t->rows_failed) {
        memset(&batch, 0, sizeof batch);
        batch.command = t->command;
        batch.inst = t->inst;
        batch.rows = t->rows;
        batch.n_rows = batch.cap = t->n_rows;
        batch.digits = t->digits;
        if (t->stream.rows(t->stream.userdata, &batch) != 0)
            t->rows_failed = 1;
    }
    t->written += t->n_rows;
    t->n_rows = 0;
}

void assess_table_free(assess_table *t)
{
    if (!t)
        return;
    strtab_release(&t->notes);
    arena_release(&t->arena);
    pthread_mutex_destroy(&t->lock);
    free(t->buf);
    free(t->rows);
    free(t);
}

size_t assess_table_row_count(const assess_table *t)
{
    return t->written + t->n_rows;
}

/* Writes the head, once, so that an analysis that fails on its options
 * (before any rows) writes nothing.  0, or -1 when out of memory. */
static int start(assess_table *t)
{
    if (!t->buf) {
        t->buf = malloc(sizeof *t->buf);
        if (!t->buf)
            return -1;
        out_init(t->buf, t->stream.out);
        t->buf->digits = t->digits;
    }
    if (!t->started) {
        if (t->stream.json)
            table_json_head(t, t->buf);
        else
            table_csv_head(t, t->buf);
        t->started = 1;
    }
    return 0;
}

/* Rows as the stream's format has them; `first`: they start the
 * document's rows. */
static void rows_text(const assess_table *t, const table_row *rows, size_t n,
                      int first, out_buf *out)
{
    if (t->stream.json)
        table_json_rows(t, rows, n, first, out);
    else
        table_csv_rows(t, rows, n, out);
}

/* Writes the rows not yet written.  0, or -1 when out of memory. */
static int write_rows(assess_table *t)
{
    if (start(t) < 0)
        return -1;
    rows_text(t, t->rows, t->n_rows, t->written == 0, t->buf);
    t->written += t->n_rows;
    t->n_rows = 0;
    return 0;
}

void table_flush(assess_table *t)
{
    if (t->stream.rows) {
        hand_rows(t);
        return;
    }
    if (!t->stream.out || t->n_rows == 0)
        return;
    write_begin(t->stream.out);
    if (write_rows(t) < 0)
        t->failed = 1;
    else
        out_flush(t->buf);
    write_end(t->stream.out, NULL); /* an error stays for table_end */
}

assess_status table_end(assess_table *t, assess_error *err)
{
    FILE *out = t->stream.out;
    if (t->stream.rows) {
        hand_rows(t);
        return t->rows_failed ? error_set(err, ASSESS_EIO, NULL, 0,
                                          "the rows could not be written")
                              : ASSESS_OK;
    }
    if (!out)
        return ASSESS_OK;
    write_begin(out);
    if (write_rows(t) < 0) {
        write_end(out, NULL);
        return error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    }
    if (t->stream.json)
        table_json_tail(t->buf);
    out_flush(t->buf);
    return write_end(out, err);
}

/* Room for n more rows: 0, or -1 when out of memory (t->failed set). */
static int room(assess_table *t, size_t n)
{
    size_t cap = t->cap ? t->cap : 256;
    table_row *rows;

    if (t->cap - t->n_rows >= n)
        return 0;
    while (cap - t->n_rows < n)
        cap *= 2;
    rows = realloc(t->rows, cap * sizeof *rows);
    if (!rows) {
        t->failed = 1;
        return -1;
    }
    t->rows = rows;
    t->cap = cap;
    return 0;
}

table_row *table_add(assess_table *t, const table_keys *keys,
                     const char *statistic)
{
    if (room(t, 1) < 0)
        return NULL;
    table_row *row = &t->rows[t->n_rows++];
    *row = (table_row){ 0 };
    row->subject = keys->subject;
    row->wave = keys->wave;
    row->scale = keys->scale;
    row->item = keys->item;
    row->group = keys->group;
    row->statistic = statistic;
    return row;
}

table_row *table_add_est(assess_table *t, const table_keys *keys,
                         const char *statistic, const stat_est *e, double n)
{
    table_row *row = table_add(t, keys, statistic);
    if (!row)
        return NULL;
    /* The statistics promise finite values; this keeps the promise even
     * if one of them does not. */
    if (e->ok && isfinite(e->value)) {
        row->has_value = 1;
        row->value = e->value;
        if (e->has_ci && isfinite(e->lo) && isfinite(e->hi)) {
            row->has_ci = 1;
            row->lo = e->lo;
            row->hi = e->hi;
        }
        row->note = e->note;
    } else {
        row->note = e->note ? e->note : "not a finite number";
    }
    if (n >= 0) {
        row->has_n = 1;
        row->n = n;
    }
    return row;
}

table_row *table_add_value(assess_table *t, const table_keys *keys,
                           const char *statistic, int ok, double value,
                           const char *note)
{
    stat_est e = { 0 };
    e.ok = ok;
    e.value = value;
    e.note = note;
    return table_add_est(t, keys, statistic, &e, -1);
}

const char *table_note(assess_table *t, const char *fmt, ...)
{
    assess_table *home = t->home ? t->home : t;
    const char *note = NULL;
    char buf[512];
    uint32_t i;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (t->home)
        pthread_mutex_lock(&home->lock);
    i = strtab_intern(&home->notes, buf, strlen(buf), NULL);
    if (i != STRTAB_NONE)
        note = strtab_str(&home->notes, i);
    if (t->home)
        pthread_mutex_unlock(&home->lock);
    if (!note)
        t->failed = 1;
    return note;
}

/* ---- Rows made in parts ------------------------------------------------- */

/* A slot of table_parts: a part's rows and, streaming, their text. */
typedef struct part_slot {
    assess_table rows;
    out_buf *text;
} part_slot;

typedef struct table_work {
    assess_table *t;
    table_part_fn part;
    void *ctx;
    part_slot *slots;
} table_work;

static void make_part(void *ctx, unsigned worker, size_t i, size_t slot)
{
    table_work *w = ctx;
    part_slot *ps = &w->slots[slot];
    out_buf *text = ps->text;

    ps->rows.n_rows = 0;
    w->part(w->ctx, worker, i, &ps->rows);
    if (!text || ps->rows.failed)
        return;
    /* Every row with the comma before it: take_part drops the document's
     * first. */
    out_rewind(text);
    rows_text(w->t, ps->rows.rows, ps->rows.n_rows, 0, text);
    out_flush(text);
}

static int take_part(void *ctx, size_t i, size_t slot)
{
    table_work *w = ctx;
    assess_table *t = w->t;
    const assess_table *rows = &w->slots[slot].rows;
    const out_buf *text = w->slots[slot].text;

    (void)i;
    if (rows->failed || (text && text->mem_failed)) {
        t->failed = 1;
        return -1;
    }
    if (rows->n_rows == 0)
        return 0; /* and no text: its memory may not be there */
    if (text) {
        size_t skip = t->stream.json && t->written == 0;
        out_bytes(t->buf, text->mem + skip, text->mem_len - skip);
        t->written += rows->n_rows;
        return 0;
    }
    if (room(t, rows->n_rows) < 0)
        return -1;
    memcpy(t->rows + t->n_rows, rows->rows, rows->n_rows * sizeof *rows->rows);
    t->n_rows += rows->n_rows;
    if (t->stream.rows)
        hand_rows(t);
    return 0;
}

int table_parts(assess_table *t, size_t n, unsigned threads,
                table_part_fn part, void *ctx)
{
    size_t n_slots = parts_slots(threads), made = 0;
    table_work w = { t, part, ctx, NULL };
    int rc = -1;

    if (n > 1 && n_slots > 1)
        w.slots = calloc(n_slots, sizeof *w.slots);
    if (!w.slots) {
        for (size_t i = 0; i < n; i++) {
            part(ctx, 0, i, t);
            table_flush(t);
        }
        return t->failed ? -1 : 0;
    }
    for (; made < n_slots; made++) {
        part_slot *ps = &w.slots[made];
        ps->rows.command = t->command;
        ps->rows.inst = t->inst;
        ps->rows.home = t;
        if (t->stream.out) {
            ps->text = malloc(sizeof *ps->text);
            if (!ps->text)
                goto out;
            out_init(ps->text, NULL);
            ps->text->digits = t->digits;
        }
    }
    table_flush(t);
    if (t->stream.out) {
        write_begin(t->stream.out);
        if (start(t) == 0) {
            rc = parts_run(n, threads, make_part, take_part, &w);
            out_flush(t->buf);
        }
        write_end(t->stream.out, NULL); /* an error stays for table_end */
    } else {
        rc = parts_run(n, threads, make_part, take_part, &w);
    }
out:
    for (size_t s = 0; s < made; s++) {
        free(w.slots[s].rows.rows);
        if (w.slots[s].text)
            free(w.slots[s].text->mem);
        free(w.slots[s].text);
    }
    free(w.slots);
    if (rc < 0)
        t->failed = 1;
    return rc;
}
