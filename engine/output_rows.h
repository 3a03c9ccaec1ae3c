/*
 * output_rows.h - the body of assess_rows: a table's rows as typed cells,
 * with the columns the CSV writers write, for the API (assess_rows_*) and
 * the SQLite writer.
 *
 * The rows are not kept: a score table's are worked out a block (a subject
 * in a wave) at a time as they are read, a tidy table's are read from the
 * table.  Reading rows in order costs one block's rows; reading them in
 * any order costs a block's work at each jump between blocks.
 */
#ifndef ASSESS_OUTPUT_ROWS_H
#define ASSESS_OUTPUT_ROWS_H

#include <stdint.h>

#include "assess.h"
#include "base_arena.h"
#include "base_strtab.h"
#include "analysis_table.h"
#include "score.h"

typedef struct rows_column {
    const char *name;
    assess_type type;
} rows_column;

/* One cell: text for TEXT, i for INTEGER and BOOLEAN, x for REAL. */
typedef struct rows_cell {
    assess_type type;
    const char *text;
    int64_t i;
    double x;
} rows_cell;

#define ROWS_MAX_COLUMNS 24

struct assess_rows {
    const char *name;
    const rows_column *cols;
    size_t n_cols, n_rows;
    /* a score's table: rows of a block (scales, items) or a response
     * set (raters) come `per` a unit */
    const assess_score *s;
    assess_score_table table;
    score_rows v;
    size_t per, unit;          /* unit: the block or set in hand, or
                                  SIZE_MAX */
    double *scores;            /* raters: the set's scores, ... */
    uint32_t *answered;
    unsigned *why;
    /* a tidy table */
    const assess_table *t;
    /* the row in cells */
    size_t row;                /* SIZE_MAX: none */
    rows_cell cells[ROWS_MAX_COLUMNS];
    arena arena;
    strtab texts;              /* reasons in words, each kept once */
};

/* The cells of row i (below n_rows); NULL when out of memory. */
const rows_cell *rows_cells(assess_rows *r, size_t i);

#endif
