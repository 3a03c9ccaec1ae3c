/*
 * table.h - the body of assess_table: the tidy table of statistics that
 * `agree`, `reliability` and `change` produce and one pair of writers
 * prints.
 *
 * One row is one statistic of one (subject, wave, scale, item, group).
 * Strings point into the instrument and the response table (which outlive
 * the table) or into the table's arena; statistic names are static.
 */
#ifndef ASSESS_TABLE_H
#define ASSESS_TABLE_H

#include "arena.h"
#include "assess.h"
#include "format.h"
#include "strtab.h"
#include "stats.h"

typedef struct table_row {
    const char *subject;   /* NULL: a statistic of the cohort */
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
    arena arena;
    strtab notes;          /* table_note()'s, each kept once */
    table_row *rows;       /* streaming: the rows not yet written */
    size_t n_rows, cap;
    int failed;            /* an allocation failed: the table is incomplete */
    assess_table_stream stream; /* stream.out NULL: rows are kept */
    int started;           /* the head is written */
    size_t written;        /* rows already written to the stream */
    out_buf *buf;          /* streaming: where rows are gathered */
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

/* The writers' parts (table_csv.c, table_json.c), for the stream. */
void table_csv_head(out_buf *out);
void table_csv_rows(const table_row *rows, size_t n, out_buf *out);
void table_json_head(const assess_table *t, out_buf *out);
void table_json_rows(const table_row *rows, size_t n, int first, out_buf *out);
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
 * The same note by reference: its index in t->notes plus one, four bytes
 * where a pointer takes eight, for what is kept per subject (0 when out
 * of memory, and t->failed is set).  table_note_at() gives it back, NULL
 * for the reference 0, which stands for no note.
 */
uint32_t table_note_ref(assess_table *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static inline const char *table_note_at(const assess_table *t, uint32_t ref)
{
    return ref ? strtab_str(&t->notes, ref - 1) : NULL;
}

#endif
