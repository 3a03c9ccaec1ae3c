/*
 * score_json.c - score results as one JSON document: the instrument, the
 * settings, then per subject and wave the rater counts, the scales with
 * their groups, gaps and ranks, the items with their groups, and the
 * highlights.  Absent values are null with a "reason"; rater ids never
 * appear.
 */
#include <string.h>

#include "format.h"
#include "score.h"

static void key(FILE *out, const char *k)
{
    write_json_string(out, k);
    fputc(':', out);
}

static void number_or_null(FILE *out, int present, double x)
{
    char buf[NUMBER_SIZE];
    fputs(present ? format_number(buf, x) : "null", out);
}

/* The members of a group row shared by scales and items. */
static void group_row(const assess_score *s, const stat_row *row, int item,
                      FILE *out)
{
    char why[REASON_SIZE];

    fputc('{', out);
    key(out, "group");
    write_json_string(out, score_group_id(s, row->group));
    fputc(',', out);
    key(out, "n");
    if (row->suppressed)
        fputs("null", out);
    else
        fprintf(out, "%u", row->n);
    fputc(',', out);
    key(out, "mean");
    number_or_null(out, row->has_mean, row->mean);
    if (item) {
        fputc(',', out);
        key(out, "raw_mean");
        number_or_null(out, row->has_mean, row->raw_mean);
    }
    fputc(',', out);
    key(out, "sd");
    number_or_null(out, row->has_sd, row->sd);
    fputc(',', out);
    key(out, "min");
    number_or_null(out, row->has_mean, row->min);
    fputc(',', out);
    key(out, "max");
    number_or_null(out, row->has_mean, row->max);
    fputc(',', out);
    key(out, "suppressed");
    fputs(row->suppressed ? "true" : "false", out);
    if (!item && row->has_norm) {
        fputc(',', out);
        key(out, "norm");
        fputc('{', out);
        key(out, "z");
        number_or_null(out, 1, row->z);
        fputc(',', out);
        key(out, "t");
        number_or_null(out, 1, row->t);
        fputc(',', out);
        key(out, "percentile");
        number_or_null(out, 1, row->percentile);
        fputc('}', out);
    }
    if (!item && row->rank) {
        fprintf(out, ",\"rank\":%u,\"tie\":%s,\"signature\":%s", row->rank,
                row->tie ? "true" : "false", row->signature ? "true" : "false");
    }
    if (row->reasons) {
        fputc(',', out);
        key(out, "reason");
        write_json_string(out, score_reasons(s, row, row->reasons, why));
    }
    fputc('}', out);
}

/* The self row's gap, or null with the reason it is absent. */
static void gap(const assess_score *s, const stat_row *rows, FILE *out)
{
    char why[REASON_SIZE];
    for (size_t o = 0; o < s->n_groups_out; o++) {
        const stat_row *row = &rows[o];
        if (row->has_gap) {
            fputs(",\"gap\":{\"value\":", out);
            number_or_null(out, 1, row->gap);
            fputs(",\"flag\":", out);
            write_json_string(out, score_gap_flag(row->flag));
            fputc('}', out);
            return;
        }
        if (row->gap_reasons) {
            fputs(",\"gap\":{\"value\":null,\"reason\":", out);
            write_json_string(out, score_reasons(s, row, row->gap_reasons, why));
            fputc('}', out);
            return;
        }
    }
}

/* Raters per group in the block; a group below its minimum says so
 * instead of giving a count. */
static void rater_counts(const assess_score *s, const score_block *b, FILE *out)
{
    const assess_instrument *inst = s->inst;
    fputs("\"raters\":{", out);
    for (size_t g = 0; g < inst->n_groups; g++) {
        int withheld;
        uint32_t n = score_group_raters(s, b, g, &withheld);
        if (g)
            fputc(',', out);
        key(out, inst->groups[g].id);
        if (withheld)
            fputs("\"suppressed\"", out);
        else
            fprintf(out, "%u", n);
    }
    fputc('}', out);
}

static void highlights(const score_rows *v, FILE *out)
{
    const assess_score *s = v->s;
    const assess_instrument *inst = s->inst;
    static const char *const names[2] = { "highest", "lowest" };

    fputs(",\"highlights\":{", out);
    for (int which = 0; which < 2; which++) {
        if (which)
            fputc(',', out);
        key(out, names[which]);
        fputc('[', out);
        for (uint32_t k = 1; k <= s->opts.highlights; k++) {
            const stat_row *row;
            uint32_t i = score_highlight(v, k, which, &row);
            if (i == UINT32_MAX)
                break;
            if (k > 1)
                fputc(',', out);
            write_json_string(out, inst->items[i].id);
        }
        fputc(']', out);
    }
    fputc('}', out);
}

/* Strengths: per group, the signature strengths in rank order. */
static void signature(const score_rows *v, FILE *out)
{
    const assess_score *s = v->s;
    const assess_instrument *inst = s->inst;

    fputs(",\"signature\":{", out);
    for (size_t o = 0; o < s->n_groups_out; o++) {
        if (o)
            fputc(',', out);
        key(out, score_group_id(s, s->groups_out[o]));
        fputc('[', out);
        for (uint32_t rank = 1; rank <= s->opts.top; rank++) {
            uint32_t k = score_ranked(v, o, rank);
            if (k == UINT32_MAX)
                break;
            if (rank > 1)
                fputc(',', out);
            write_json_string(out, inst->scales[k].id);
        }
        fputc(']', out);
    }
    fputc('}', out);
}

static void block(const score_rows *v, FILE *out)
{
    const assess_score *s = v->s;
    const score_block *b = v->b;
    const assess_instrument *inst = s->inst;

    fputc('{', out);
    key(out, "wave");
    write_json_string(out, strtab_str(&s->resp->waves, b->wave));
    fputc(',', out);
    rater_counts(s, b, out);
    fputs(",\"scales\":[", out);
    for (uint32_t k = 0; k < inst->n_scales; k++) {
        const stat_row *rows = score_scale_rows(v, k);
        if (k)
            fputc(',', out);
        fputc('{', out);
        key(out, "scale");
        write_json_string(out, inst->scales[k].id);
        fputc(',', out);
        key(out, "groups");
        fputc('[', out);
        for (size_t o = 0; o < s->n_groups_out; o++) {
            if (o)
                fputc(',', out);
            group_row(s, &rows[o], 0, out);
        }
        fputc(']', out);
        gap(s, rows, out);
        fputc('}', out);
    }
    fputs("],\"items\":[", out);
    for (uint32_t i = 0; i < inst->n_items; i++) {
        const stat_row *rows = score_item_rows(v, i);
        if (!rows)
            break;
        if (i)
            fputc(',', out);
        fputc('{', out);
        key(out, "item");
        write_json_string(out, inst->items[i].id);
        fputc(',', out);
        key(out, "scale");
        write_json_string(out, inst->scales[inst->items[i].scale].id);
        fputc(',', out);
        key(out, "groups");
        fputc('[', out);
        for (size_t o = 0; o < s->n_groups_out; o++) {
            if (o)
                fputc(',', out);
            group_row(s, &rows[o], 1, out);
        }
        fputs("]}", out);
    }
    fputc(']', out);
    highlights(v, out);
    if (inst->kind == ASSESS_KIND_STRENGTHS)
        signature(v, out);
    fputc('}', out);
}

assess_status assess_score_write_json(const assess_score *s, FILE *out,
                                      assess_error *err)
{
    const assess_instrument *inst = s->inst;
    char buf[NUMBER_SIZE];
    static const char *const norms[] = { "instrument", "cohort", "none" };
    score_rows v;

    if (score_rows_init(&v, s) < 0)
        return error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    write_begin(out);
    fputs("{\"instrument\":{", out);
    key(out, "id");
    write_json_string(out, inst->id);
    fputc(',', out);
    key(out, "version");
    write_json_string(out, inst->version);
    fputc(',', out);
    key(out, "title");
    write_json_string(out, inst->title);
    fputc(',', out);
    key(out, "kind");
    write_json_string(out, inst->kind == ASSESS_KIND_STRENGTHS ? "strengths" : "360");
    fputs(",\"scales\":[", out);
    for (size_t k = 0; k < inst->n_scales; k++) {
        if (k)
            fputc(',', out);
        fputs("{\"id\":", out);
        write_json_string(out, inst->scales[k].id);
        fputs(",\"title\":", out);
        write_json_string(out, inst->scales[k].title);
        fputc('}', out);
    }
    fputs("]},\"settings\":{", out);
    fprintf(out, "\"gap_threshold\":%s,", format_number(buf, s->opts.gap_threshold));
    fprintf(out, "\"others_weighting\":\"%s\",",
            s->opts.weighting == ASSESS_WEIGHT_GROUPS ? "groups" : "raters");
    fprintf(out, "\"norms\":\"%s\"", norms[s->norms_used]);
    fputs("},\"subjects\":[", out);
    for (size_t bi = 0; bi < s->n_blocks; bi++) {
        const score_block *b = &s->blocks[bi];
        int first = bi == 0 || s->blocks[bi - 1].subject != b->subject;
        int last = bi + 1 == s->n_blocks || s->blocks[bi + 1].subject != b->subject;
        if (first) {
            if (bi)
                fputc(',', out);
            fputc('{', out);
            key(out, "subject_id");
            write_json_string(out, strtab_str(&s->resp->subjects, b->subject));
            fputs(",\"waves\":[", out);
        } else {
            fputc(',', out);
        }
        score_rows_compute(&v, b);
        block(&v, out);
        if (last)
            fputs("]}", out);
    }
    fputs("]}\n", out);
    score_rows_free(&v);
    return write_end(out, err);
}
