/*
 * table_json.c - the tidy table as one JSON document:
 * {"command":..., "instrument":{"id","version"}, "rows":[{...}, ...]}
 * with the CSV's columns as keys and null for absent values.
 */
#include "error.h"
#include "format.h"
#include "instrument.h"
#include "table.h"

static void text(FILE *out, const char *key, const char *s)
{
    fprintf(out, ",\"%s\":", key);
    if (s)
        write_json_string(out, s);
    else
        fputs("null", out);
}

static void number(FILE *out, const char *key, int present, double x)
{
    char buf[NUMBER_SIZE];
    fprintf(out, ",\"%s\":%s", key, present ? format_number(buf, x) : "null");
}

void table_json_head(const assess_table *t, FILE *out)
{
    fputs("{\"command\":", out);
    write_json_string(out, t->command);
    fputs(",\"instrument\":{\"id\":", out);
    write_json_string(out, t->inst->id);
    fputs(",\"version\":", out);
    write_json_string(out, t->inst->version);
    fputs("},\"rows\":[", out);
}

/* `first`: the rows start the document's list. */
void table_json_rows(const table_row *rows, size_t n, int first, FILE *out)
{
    for (size_t i = 0; i < n; i++) {
        const table_row *r = &rows[i];
        fputs(i || !first ? ",\n{\"subject_id\":" : "\n{\"subject_id\":",
              out);
        if (r->subject)
            write_json_string(out, r->subject);
        else
            fputs("null", out);
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
        fputc('}', out);
    }
}

void table_json_tail(FILE *out)
{
    fputs("\n]}\n", out);
}

assess_status assess_table_write_json(const assess_table *t, FILE *out,
                                      assess_error *err)
{
    write_begin(out);
    table_json_head(t, out);
    table_json_rows(t->rows, t->n_rows, 1, out);
    table_json_tail(out);
    return write_end(out, err);
}
