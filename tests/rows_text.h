/*
 * rows_text.h - a table's rows read through the API (assess_rows_*) and
 * written back as the CSV writers write them, for tests that check a
 * table's rows (through the API, or read back from SQLite) against its
 * CSV cell for cell: an absent cell is an empty field, a real the
 * shortest text that reads back the same, a boolean true or false.
 */
#ifndef ASSESS_TESTS_ROWS_TEXT_H
#define ASSESS_TESTS_ROWS_TEXT_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "assess.h"
#include "base_format.h"

/* s as a CSV field: quoted when it holds a comma, a quote or a line end. */
static inline void rows_text_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* One cell as the CSV has it, given its type and values. */
static inline void rows_text_cell(FILE *f, assess_type t, const char *text,
                                  int64_t i, double x)
{
    char num[NUMBER_SIZE];
    switch (t) {
    case ASSESS_TYPE_NULL:
        break;
    case ASSESS_TYPE_TEXT:
        cr_assert_not_null(text);
        rows_text_field(f, text);
        break;
    case ASSESS_TYPE_INTEGER:
        fprintf(f, "%" PRId64, i);
        break;
    case ASSESS_TYPE_REAL:
        fputs(format_number(num, x), f);
        break;
    case ASSESS_TYPE_BOOLEAN:
        cr_assert(i == 0 || i == 1);
        fputs(i ? "true" : "false", f);
        break;
    }
}

/* Every row of r as CSV, its header first; the caller frees it. */
static inline char *rows_as_csv(assess_rows *r)
{
    char *text = NULL;
    size_t size = 0, n_cols = assess_rows_column_count(r);
    FILE *f = open_memstream(&text, &size);

    cr_assert_not_null(f);
    for (size_t c = 0; c < n_cols; c++)
        fprintf(f, "%s%s", c ? "," : "", assess_rows_column_name(r, c));
    fputc('\n', f);
    for (size_t i = 0; i < assess_rows_count(r); i++) {
        for (size_t c = 0; c < n_cols; c++) {
            assess_type t = assess_rows_type(r, i, c);
            if (c)
                fputc(',', f);
            cr_assert(t == ASSESS_TYPE_NULL ||
                          t == assess_rows_column_type(r, c),
                      "row %zu column %s: a cell of another type", i,
                      assess_rows_column_name(r, c));
            rows_text_cell(f, t, assess_rows_text(r, i, c),
                           assess_rows_integer(r, i, c),
                           assess_rows_real(r, i, c));
        }
        fputc('\n', f);
    }
    cr_assert_eq(fclose(f), 0);
    return text;
}

/* What a FILE * writer writes, gathered in memory:
 *     written w;  st = writer(..., written_open(&w), &err);
 *     char *text = written_close(&w);   (the caller frees it) */
typedef struct written {
    FILE *f;
    char *text;
    size_t size;
} written;

static inline FILE *written_open(written *w)
{
    w->text = NULL;
    w->size = 0;
    w->f = open_memstream(&w->text, &w->size);
    cr_assert_not_null(w->f);
    return w->f;
}

static inline char *written_close(written *w)
{
    cr_assert_eq(fclose(w->f), 0);
    return w->text;
}

#endif
