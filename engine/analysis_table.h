/*
 * analysis_table.h - the body of assess_table: the tidy table of statistics
 * that `agree`, `reliability` and `change` produce and one pair of writers
 * prints.
 *
 * One row is one statistic of one (subject, wave, scale, item, group).
 * Strings point into the instrument and the response table (which outlive
 * the table) or into the table's arena; statistic names are static.
 */
#ifndef ASSESS_TABLE_H
#define ASSESS_TABLE_H

#include <pthread.h>

#include "base_arena.h"
#include "assess.h"
#include "base_format.h"
#include "base_strtab.h"
#include "stats.h"

typedef struct table_row {
    const char *subject;   /* NULL: a statistic of the cohort */
    const char *rater;     /* a table of raters (assess_table.raters): the
                              rater id; NULL otherwise */
    const char *wave;
    const char *scale;
    const char *item;      /* NULL unless an item statistic */
    const char *group;
    const char *statistic;
    int has_value, has_ci, has_n;
    double value, lo, hi, n;
    const char *note;      /* why the value is absent, or a qualification */
} table_row;

struct assess_table {
    const char *command;
    const assess_instrument *inst;
    int raters;            /* a table of raters: a rater_id column after
                              subject_id (assess screen; research only) */
    arena arena;
    strtab notes;          /* table_note()'s, each kept once */
    table_row *rows;       /* streaming: the rows not yet written */
    size_t n_rows, cap;
    int failed;            /* an allocation failed: the table is incomplete */
    unsigned digits;       /* the writers' significant digits (0: the
                              shortest round trip), from the options */
    assess_table_stream stream; /* stream.out and .rows NULL: rows are
                                   kept */
    int rows_failed;       /* stream.rows returned nonzero: no more rows
                              are handed to it, and table_end fails */
    int started;           /* the head is written */
    size_t written;        /* rows already written to the stream */
    out_buf *buf;          /* streaming: where rows are gathered */
    /* A part's rows (table_parts): its notes are made in `home`, under
     * home's lock. */
    assess_table *home;
    pthread_mutex_t lock;
};

/*
 * An empty table for `command`, kept, or written to `stream` as it grows;
 * NULL when out of memory.
 */
assess_table *table_new(const char *command, const assess_instrument *inst,
                        const assess_table_stream *stream);

/*
 * Streaming: writes the rows added since the last flush and forgets them.
 * Call it where no row pointer is held (between subjects); without a
 * stream it does nothing.
 */
void table_flush(assess_table *t);

/* Streaming: the last rows and the end of the document; ASSESS_EIO when
 * writing failed.  Without a stream, ASSESS_OK. */
assess_status table_end(assess_table *t, assess_error *err);

/* The writers' parts (output_table_csv.c, output_table_json.c), for the stream. */
void table_csv_head(const assess_table *t, out_buf *out);
void table_csv_rows(const assess_table *t, const table_row *rows, size_t n,
                    out_buf *out);
void table_json_head(const assess_table *t, out_buf *out);
void table_json_rows(const assess_table *t, const table_row *rows, size_t n,
                     int first, out_buf *out);
void table_json_tail(out_buf *out);

/* The keys every row of a run of rows shares. */
typedef struct table_keys {
    const char *subject, *wave, *scale, *item, *group;
} table_keys;

/*
 * Appends a row and returns it (zeroed but for keys and statistic), or
 * NULL when out of memory (then t->failed is set).
 */
table_row *table_add(assess_table *t, const table_keys *keys,
                     const char *statistic);

/* Appends an estimate: value, interval and note from e, n when n >= 0. */
table_row *table_add_est(assess_table *t, const table_keys *keys,
                         const char *statistic, const stat_est *e, double n);

/* Appends a plain number (or, when !ok, an absent value with `note`). */
table_row *table_add_value(assess_table *t, const table_keys *keys,
                           const char *statistic, int ok, double value,
                           const char *note);

/* A note made for this table: printf-style, kept in its arena, once
 * however often it is made. */
const char *table_note(assess_table *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Rows made part by part on up to `threads` threads (base_parts.h): part(ctx,
 * worker, i, rows) adds part i's rows to `rows`, a table of its own that
 * it may use as it would use t (table_add..., table_note) and nothing
 * else of t.  The rows reach t in the order of the parts, after the rows
 * t had, written or kept as t's own would be: the same whatever
 * `threads`.  0, or -1 when out of memory (t->failed is set then).
 */
typedef void (*table_part_fn)(void *ctx, unsigned worker, size_t part,
                              assess_table *rows);
int table_parts(assess_table *t, size_t n, unsigned threads,
                table_part_fn part, void *ctx);

#endif
