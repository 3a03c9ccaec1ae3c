/*
 * table_csv.c - the tidy table as CSV:
 * subject_id,wave,scale,item,group,statistic,value,ci_low,ci_high,n,note
 * with absent values empty.
 */
#include "error.h"
#include "format.h"
#include "table.h"

static void text(FILE *out, const char *s)
{
    fputc(',', out);
    if (s)
        write_csv_field(out, s);
}

static void number(FILE *out, int present, double x)
{
    char buf[NUMBER_SIZE];
    fputc(',', out);
    if (present)
        fputs(format_number(buf, x), out);
}

void table_csv_head(FILE *out)
{
    fputs("subject_id,wave,scale,item,group,statistic,value,ci_low,ci_high,"
          "n,note\n", out);
}

void table_csv_rows(const table_row *rows, size_t n, FILE *out)
{
    for (size_t i = 0; i < n; i++) {
        const table_row *r = &rows[i];
        if (r->subject)
            write_csv_field(out, r->subject);
        text(out, r->wave);
        text(out, r->scale);
        text(out, r->item);
        text(out, r->group);
        text(out, r->statistic);
        number(out, r->has_value, r->value);
        number(out, r->has_ci, r->lo);
        number(out, r->has_ci, r->hi);
        number(out, r->has_n, r->n);
        text(out, r->note);
        fputc('\n', out);
    }
}

assess_status assess_table_write_csv(const assess_table *t, FILE *out,
                                     assess_error *err)
{
    write_begin(out);
    table_csv_head(out);
    table_csv_rows(t->rows, t->n_rows, out);
    return write_end(out, err);
}
