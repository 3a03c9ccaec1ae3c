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

assess_status assess_table_write_csv(const assess_table *t, FILE *out,
                                     assess_error *err)
{
    write_begin(out);
    fputs("subject_id,wave,scale,item,group,statistic,value,ci_low,ci_high,"
          "n,note\n", out);
    for (size_t i = 0; i < t->n_rows; i++) {
        const table_row *r = &t->rows[i];
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
    return write_end(out, err);
}
