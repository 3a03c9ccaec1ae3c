/*
 * output_table_csv.c - the tidy table as CSV:
 * subject_id,wave,scale,item,group,statistic,value,ci_low,ci_high,n,note
 * with absent values empty.
 */
#include "base_error.h"
#include "base_format.h"
#include "analysis_table.h"

static void text(out_buf *out, const char *s)
{
    out_char(out, ',');
    if (s)
        out_csv_field(out, s);
}

static void number(out_buf *out, int present, double x)
{
    out_char(out, ',');
    if (present)
        out_number(out, x);
}

void table_csv_head(const assess_table *t, out_buf *out)
{
    out_str(out, t->raters ? "subject_id,rater_id," : "subject_id,");
    out_str(out, "wave,scale,item,group,statistic,value,ci_low,ci_high,n,"
                 "note\n");
}

/* Whether two rows have the same keys: the same strings, as pointers. */
static int same_keys(const table_row *a, const table_row *b)
{
    return a->subject == b->subject && a->rater == b->rater &&
           a->wave == b->wave && a->scale == b->scale && a->item == b->item &&
           a->group == b->group;
}

void table_csv_rows(const assess_table *t, const table_row *rows, size_t n,
                    out_buf *out)
{
    out_kept keys;

    keys.n = 0;
    for (size_t i = 0; i < n; i++) {
        const table_row *r = &rows[i];
        if (keys.n && same_keys(r, r - 1)) {
            out_kept_write(out, &keys);
        } else {
            uint64_t from = out_tell(out);
            if (r->subject)
                out_csv_field(out, r->subject);
            if (t->raters)
                text(out, r->rater);
            text(out, r->wave);
            text(out, r->scale);
            text(out, r->item);
            text(out, r->group);
            out_keep(out, from, &keys);
        }
        text(out, r->statistic);
        number(out, r->has_value, r->value);
        number(out, r->has_ci, r->lo);
        number(out, r->has_ci, r->hi);
        number(out, r->has_n, r->n);
        text(out, r->note);
        out_char(out, '\n');
    }
}

assess_status assess_table_write_csv(const assess_table *t, FILE *out,
                                     assess_error *err)
{
    out_buf *buf = out_open(out);
    if (!buf)
        return error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    buf->digits = t->digits;
    table_csv_head(t, buf);
    table_csv_rows(t, t->rows, t->n_rows, buf);
    return out_close(buf, err);
}
