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

assess_status assess_table_write_json(const assess_table *t, FILE *out,
                                      assess_error *err)
{
    write_begin(out);
    fputs("{\"command\":", out);
    write_json_string(out, t->command);
    fputs(",\"instrument\":{\"id\":", out);
    write_json_string(out, t->inst->id);
    fputs(",\"version\":", out);
    write_json_string(out, t->inst->version);
    fputs("},\"rows\":[", out);
    for (size_t i = 0; i < t->n_rows; i++) {
        const table_row *r = &t->rows[i];
        fputs(i ? ",\n{\"subject_id\":" : "\n{\"subject_id\":", out);
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
    fputs("\n]}\n", out);
    return write_end(out, err);
}
