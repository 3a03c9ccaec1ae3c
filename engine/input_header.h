/*
 * input_header.h - a response file's header rows into its layout
 * (input_header.c): the survey tool that wrote it, which column is which
 * standard column or item (by name, by --map or the source map, by the
 * tool's response id, or by an item's wording in its question text), the
 * tool's marks of rows not to use, the source map's filters and
 * constants.  What it finds, assumes or cannot use is told as notes and
 * warnings, once a file; what makes the file unreadable is an error.
 *
 * The reader (input_reader.c) offers it records until the header is
 * whole, then reads the rows by the layout.
 */
#ifndef ASSESS_INPUT_HEADER_H
#define ASSESS_INPUT_HEADER_H

#include <stddef.h>
#include <stdint.h>

#include "assess.h"
#include "input_csv_stream.h"
#include "input_decode.h"
#include "input_responses.h"
#include "input_tool.h"

/* The standard columns. */
enum column {
    COL_SUBJECT, COL_RATER, COL_GROUP, COL_WAVE, COL_ITEM, COL_VALUE,
    COL_DURATION, /* optional, either layout: seconds the rater took */
    COL__COUNT
};

extern const char *const header_column_names[COL__COUNT];

#define NO_COLUMN SIZE_MAX
#define NO_ITEM UINT32_MAX
#define MARKS_MAX 4

/* A row filter of the source map, on a column of the file. */
typedef struct row_filter {
    size_t col;
    const char *equals;
    size_t len;
    int keep;
    unsigned long line; /* of the source map */
} row_filter;

typedef struct file_layout {
    assess_tool tool;
    assess_layout layout;
    size_t n_columns;
    char *const *names;      /* the columns' names, for messages */
    size_t col[COL__COUNT];  /* by standard column: its column, or
                                NO_COLUMN */
    uint32_t *item_of;       /* by column: the item, or NO_ITEM */
    size_t n_item_columns;
    uint32_t *question_of;   /* wide, by column: the instrument question
                                whose written answers it holds, or NO_ITEM */
    size_t n_question_columns;
    /* the tool's marks of responses not to use, and the filters */
    size_t mark_col[MARKS_MAX];
    tool_mark mark[MARKS_MAX];
    size_t n_marks;
    row_filter *filters;
    size_t n_filters;
    /* subject, group and wave without a column: the source map's <set>,
     * the file's wave; NULL for none */
    const char *constant[COL__COUNT];
    size_t constant_len[COL__COUNT];
    int names_rows;          /* no rater id: rows named by file and line */
    int decimal_comma;       /* "3,5" is 3.5 */
    int complete;            /* every required column is there: rows can
                                be stored (always, unless describing) */
    unsigned long extra_rows; /* header rows after the first */
} file_layout;

typedef struct header header;

/*
 * The header of file `name` (kept, not copied) of table r, in format
 * `fmt` (the header says how it was told).  NULL when out of memory.
 */
header *header_new(assess_responses *r, const char *name,
                   const csv_format *fmt);
void header_free(header *h);

/*
 * Offers the file's next record.  *taken = 1: it was a header row;
 * *taken = 0: the header was whole before it, rec is the first data row.
 * The layout is settled when the header is whole; a failure (a required
 * column missing, text that is not UTF-8...) is returned with err set.
 */
assess_status header_offer(header *h, const csv_record *rec, int *taken,
                           assess_error *err);

/* Whether the layout is settled. */
int header_whole(const header *h);

/* The file ended: settles the layout if rows of the header were read and
 * it was still waiting for more.  ASSESS_OK when there were none. */
assess_status header_end(header *h, assess_error *err);

/* Whether a header row was read at all. */
int header_begun(const header *h);

/* The layout, once whole; it lives as long as the header. */
const file_layout *header_layout(const header *h);

#endif
