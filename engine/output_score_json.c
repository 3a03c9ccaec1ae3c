/*
 * output_score_json.c - score results as one JSON document: the instrument,
 * the settings, then per subject and wave the rater counts, the scales with
 * their groups, gaps and ranks, the items with their groups, and the
 * highlights.  Absent values are null with a "reason"; rater ids never appear.
 */
#include <string.h>

#include "base_format.h"
#include "score.h"

static void key(out_buf *out, const char *k)
{
    out_json_string(out, k);
    out_char(out, ':');
}

static void number_or_null(out_buf *out, int present, double x)
{
    if (present)
        out_number(out, x);
    else
        out_str(out, "null");
}

/* The members of a group row shared by scales and items. */
static void group_row(const assess_score *s, const stat_row *row, int item,
                      out_buf *out)
{
    char why[REASON_SIZE];

    out_char(out, '{');
    key(out, "group");
    out_json_string(out, score_group_id(s, row->group));
    out_char(out, ',');
    key(out, "n");
    if (row->suppressed)
        out_str(out, "null");
    else
        out_count(out, row->n);
    out_char(out, ',');
    key(out, "mean");
    number_or_null(out, row->has_mean, row->mean);
    if (item) {
        out_char(out, ',');
        key(out, "raw_mean");
        number_or_null(out, row->has_mean, row->raw_mean);
    }
    out_char(out, ',');
    key(out, "sd");
    number_or_null(out, row->has_sd, row->sd);
    out_char(out, ',');
    key(out, "min");
    number_or_null(out, row->has_mean, row->min);
    out_char(out, ',');
    key(out, "max");
    number_or_null(out, row->has_mean, row->max);
    out_char(out, ',');
    key(out, "suppressed");
    out_str(out, row->suppressed ? "true" : "false");
    if (!item && row->has_norm) {
        out_char(out, ',');
        key(out, "norm");
        out_char(out, '{');
        key(out, "z");
        number_or_null(out, 1, row->z);
        out_char(out, ',');
        key(out, "t");
        number_or_null(out, 1, row->t);
        out_char(out, ',');
        key(out, "percentile");
        number_or_null(out, 1, row->percentile);
        out_char(out, '}');
    }
    if (!item && row->rank) {
        out_str(out, ",\"rank\":");
        out_count(out, row->rank);
        out_str(out, row->tie ? ",\"tie\":true" : ",\"tie\":false");
        out_str(out, row->signature ? ",\"signature\":true"
                                    : ",\"signature\":false");
    }
    if (row->reasons) {
        out_char(out, ',');
        key(out, "reason");
        out_json_string(out, score_reasons(s, row, row->reasons, why));
    }
    out_char(out, '}');
}

/* The self row's gap, or null with the reason it is absent. */
static void gap(const assess_score *s, const stat_row *rows, out_buf *out)
{
    char why[REASON_SIZE];
    for (size_t o = 0; o < s->n_groups_out; o++) {
        const stat_row *row = &rows[o];
        if (row->has_gap) {
            out_str(out, ",\"gap\":{\"value\":");
            number_or_null(out, 1, row->gap);
            out_str(out, ",\"flag\":");
            out_json_string(out, score_gap_flag(row->flag));
            out_char(out, '}');
            return;
        }
        if (row->gap_reasons) {
            out_str(out, ",\"gap\":{\"value\":null,\"reason\":");
            out_json_string(out, score_reasons(s, row, row->gap_reasons, why));
            out_char(out, '}');
            return;
        }
    }
}

/* Raters per group in the block; a group below its minimum says so
 * instead of giving a count. */
static void rater_counts(const assess_score *s, const score_block *b, out_buf *out)
{
    const assess_instrument *inst = s->inst;
    out_str(out, "\"raters\":{");
    for (size_t g = 0; g < inst->n_groups; g++) {
        int withheld;
        uint32_t n = score_group_raters(s, b, g, &withheld);
        if (g)
            out_char(out, ',');
        key(out, inst->groups[g].id);
        if (withheld)
            out_str(out, "\"suppressed\"");
        else
            out_count(out, n);
    }
    out_char(out, '}');
}

static void highlights(const score_rows *v, out_buf *out)
{
    const assess_score *s = v->s;
    const assess_instrument *inst = s->inst;
    static const char *const names[2] = { "highest", "lowest" };

    out_str(out, ",\"highlights\":{");
    for (int which = 0; which < 2; which++) {
        if (which)
            out_char(out, ',');
        key(out, names[which]);
        out_char(out, '[');
        for (uint32_t k = 1; k <= s->opts.highlights; k++) {
            const stat_row *row;
            uint32_t i = score_highlight(v, k, which, &row);
            if (i == UINT32_MAX)
                break;
            if (k > 1)
                out_char(out, ',');
            out_json_string(out, inst->items[i].id);
        }
        out_char(out, ']');
    }
    out_char(out, '}');
}

/* Strengths: per group, the signature strengths in rank order. */
static void signature(const score_rows *v, out_buf *out)
{
    const assess_score *s = v->s;
    const assess_instrument *inst = s->inst;

    out_str(out, ",\"signature\":{");
    for (size_t o = 0; o < s->n_groups_out; o++) {
        if (o)
            out_char(out, ',');
        key(out, score_group_id(s, s->groups_out[o]));
        out_char(out, '[');
        for (uint32_t rank = 1; rank <= s->opts.top; rank++) {
            uint32_t k = score_ranked(v, o, rank);
            if (k == UINT32_MAX)
                break;
            if (rank > 1)
                out_char(out, ',');
            out_json_string(out, inst->scales[k].id);
        }
        out_char(out, ']');
    }
    out_char(out, '}');
}

static void block(const score_rows *v, out_buf *out)
{
    const assess_score *s = v->s;
    const score_block *b = v->b;
    const assess_instrument *inst = s->inst;

    out_char(out, '{');
    key(out, "wave");
    out_json_string(out, strtab_str(&s->resp->waves, b->wave));
    out_char(out, ',');
    rater_counts(s, b, out);
    out_str(out, ",\"scales\":[");
    for (uint32_t k = 0; k < inst->n_scales; k++) {
        const stat_row *rows = score_scale_rows(v, k);
        if (k)
            out_char(out, ',');
        out_char(out, '{');
        key(out, "scale");
        out_json_string(out, inst->scales[k].id);
        out_char(out, ',');
        key(out, "groups");
        out_char(out, '[');
        for (size_t o = 0; o < s->n_groups_out; o++) {
            if (o)
                out_char(out, ',');
            group_row(s, &rows[o], 0, out);
        }
        out_char(out, ']');
        gap(s, rows, out);
        out_char(out, '}');
    }
    out_str(out, "],\"items\":[");
    for (uint32_t i = 0; i < inst->n_items; i++) {
        const stat_row *rows = score_item_rows(v, i);
        if (!rows)
            break;
        if (i)
            out_char(out, ',');
        out_char(out, '{');
        key(out, "item");
        out_json_string(out, inst->items[i].id);
        out_char(out, ',');
        key(out, "scale");
        out_json_string(out, inst->scales[inst->items[i].scale].id);
        out_char(out, ',');
        key(out, "groups");
        out_char(out, '[');
        for (size_t o = 0; o < s->n_groups_out; o++) {
            if (o)
                out_char(out, ',');
            group_row(s, &rows[o], 1, out);
        }
        out_str(out, "]}");
    }
    out_char(out, ']');
    highlights(v, out);
    if (inst->kind == ASSESS_KIND_STRENGTHS)
        signature(v, out);
    out_char(out, '}');
}

static void document(const assess_score *s, score_rows *v, out_buf *out)
{
    const assess_instrument *inst = s->inst;
    static const char *const norms[] = { "instrument", "cohort", "none" };

    out_str(out, "{\"instrument\":{");
    key(out, "id");
    out_json_string(out, inst->id);
    out_char(out, ',');
    key(out, "version");
    out_json_string(out, inst->version);
    out_char(out, ',');
    key(out, "title");
    out_json_string(out, inst->title);
    out_char(out, ',');
    key(out, "kind");
    out_json_string(out, inst->kind == ASSESS_KIND_STRENGTHS ? "strengths" : "360");
    out_str(out, ",\"scales\":[");
    for (size_t k = 0; k < inst->n_scales; k++) {
        if (k)
            out_char(out, ',');
        out_str(out, "{\"id\":");
        out_json_string(out, inst->scales[k].id);
        out_str(out, ",\"title\":");
        out_json_string(out, inst->scales[k].title);
        out_char(out, '}');
    }
    out_str(out, "]},\"settings\":{");
    out_str(out, "\"gap_threshold\":");
    out_number(out, s->opts.gap_threshold);
    out_str(out, s->opts.weighting == ASSESS_WEIGHT_GROUPS
                     ? ",\"others_weighting\":\"groups\","
                     : ",\"others_weighting\":\"raters\",");
    out_str(out, "\"norms\":");
    out_json_string(out, norms[s->norms_used]);
    out_str(out, "},\"subjects\":[");
    for (size_t bi = 0; bi < s->n_blocks; bi++) {
        const score_block *b = &s->blocks[bi];
        int first = bi == 0 || s->blocks[bi - 1].subject != b->subject;
        int last = bi + 1 == s->n_blocks || s->blocks[bi + 1].subject != b->subject;
        if (first) {
            if (bi)
                out_char(out, ',');
            out_char(out, '{');
            key(out, "subject_id");
            out_json_string(out, strtab_str(&s->resp->subjects, b->subject));
            out_str(out, ",\"waves\":[");
        } else {
            out_char(out, ',');
        }
        score_rows_compute(v, b);
        block(v, out);
        if (last)
            out_str(out, "]}");
    }
    out_str(out, "]}\n");
}

assess_status assess_score_write_json(const assess_score *s, FILE *out,
                                      assess_error *err)
{
    score_rows v;
    out_buf *buf = score_out_open(&v, s, out);

    if (!buf)
        return error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    document(s, &v, buf);
    score_rows_free(&v);
    return out_close(buf, err);
}
