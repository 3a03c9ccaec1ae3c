/*
 * table.c - building the tidy table of statistics, kept or streamed.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "format.h"
#include "table.h"

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
    if (stream && stream->out)
        t->stream = *stream;
    return t;
}

void assess_table_free(assess_table *t)
{
    if (!t)
        return;
    strtab_release(&t->notes);
    arena_release(&t->arena);
    free(t->buf);
    free(t->rows);
    free(t);
}

size_t assess_table_row_count(const assess_table *t)
{
    return t->written + t->n_rows;
}

/* Writes the head with the first rows, so that an analysis that fails on
 * its options (before any rows) writes nothing.  0, or -1 when out of
 * memory. */
static int write_rows(assess_table *t)
{
    out_buf *out = t->buf;
    if (!out) {
        out = t->buf = malloc(sizeof *t->buf);
        if (!out)
            return -1;
        out_init(out, t->stream.out);
    }
    if (!t->started) {
        if (t->stream.json)
            table_json_head(t, out);
        else
            table_csv_head(out);
        t->started = 1;
    }
    if (t->stream.json)
        table_json_rows(t->rows, t->n_rows, t->written == 0, out);
    else
        table_csv_rows(t->rows, t->n_rows, out);
    t->written += t->n_rows;
    t->n_rows = 0;
    return 0;
}

void table_flush(assess_table *t)
{
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

table_row *table_add(assess_table *t, const table_keys *keys,
                     const char *statistic)
{
    if (t->n_rows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        table_row *rows = realloc(t->rows, cap * sizeof *rows);
        if (!rows) {
            t->failed = 1;
            return NULL;
        }
        t->rows = rows;
        t->cap = cap;
    }
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

static uint32_t note_index(assess_table *t, const char *fmt, va_list ap)
{
    char buf[512];
    uint32_t i;
    vsnprintf(buf, sizeof buf, fmt, ap);
    i = strtab_intern(&t->notes, buf, strlen(buf), NULL);
    if (i == STRTAB_NONE)
        t->failed = 1;
    return i;
}

const char *table_note(assess_table *t, const char *fmt, ...)
{
    uint32_t i;
    va_list ap;
    va_start(ap, fmt);
    i = note_index(t, fmt, ap);
    va_end(ap);
    return i == STRTAB_NONE ? NULL : strtab_str(&t->notes, i);
}

uint32_t table_note_ref(assess_table *t, const char *fmt, ...)
{
    uint32_t i;
    va_list ap;
    va_start(ap, fmt);
    i = note_index(t, fmt, ap);
    va_end(ap);
    return i == STRTAB_NONE ? 0 : i + 1;
}
