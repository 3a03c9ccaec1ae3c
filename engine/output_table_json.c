/*
 * output_table_json.c - the tidy table as one JSON document:
 * {"command":..., "instrument":{"id","version"}, "rows":[{...}, ...]}
 * with the CSV's columns as keys and null for absent values.
 */
#include "base_error.h"
#include "base_format.h"
#include "input_instrument.h"
#include "analysis_table.h"

/* ,"key": before a value; keys are the CSV's column names. */
static void key(out_buf *out, const char *key)
{
    out_str(out, ",\"");
    out_str(out, key);
    out_str(out, "\":");
}

static void text(out_buf *out, const char *k, const char *s)
{
    key(out, k);
    if (s)
        out_json_string(out, s);
    else
        out_str(out, "null");
}

static void number(out_buf *out, const char *k, int present, double x)
{
    key(out, k);
    if (present)
        out_number(out, x);
    else
        out_str(out, "null");
}

void table_json_head(const assess_table *t, out_buf *out)
{
    out_str(out, "{\"command\":");
    out_json_string(out, t->command);
    if (t->inst) {
        out_str(out, ",\"instrument\":{\"id\":");
        out_json_string(out, t->inst->id);
        out_str(out, ",\"version\":");
        out_json_string(out, t->inst->version);
        out_str(out, "},\"rows\":[");
    } else {
        /* a table of no instrument: assess roi */
        out_str(out, ",\"instrument\":null,\"rows\":[");
    }
}

/* `first`: the rows start the document's list. */
void table_json_rows(const assess_table *t, const table_row *rows, size_t n,
                     int first, out_buf *out)
{
    for (size_t i = 0; i < n; i++) {
        const table_row *r = &rows[i];
        out_str(out, i || !first ? ",\n{\"subject_id\":" : "\n{\"subject_id\":");
        if (r->subject)
            out_json_string(out, r->subject);
        else
            out_str(out, "null");
        if (t->raters)
            text(out, "rater_id", r->rater);
        text(out, "wave", r->wave);
        text(out, "scale", r->scale);
        text(out, "item", r->item);
        text(out, "group", r->group);
        text(out, "statistic", r->statistic);
        number(out, "value", r->has_value, r->value);
        number(out, "ci_low", r->has_ci, r->lo);
        number(out, "ci_high", r->has_ci, r->hi);
        number(out, "n", r->has_n, r->n);
        text(out, "note", r->note);
        out_char(out, '}');
    }
}

void table_json_tail(out_buf *out)
{
    out_str(out, "\n]}\n");
}

assess_status assess_table_write_json(const assess_table *t, FILE *out,
                                      assess_error *err)
{
    out_buf *buf = out_open(out);
    if (!buf)
        return error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    buf->digits = t->digits;
    table_json_head(t, buf);
    table_json_rows(t, t->rows, t->n_rows, 1, buf);
    table_json_tail(buf);
    return out_close(buf, err);
}
