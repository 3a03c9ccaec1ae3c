/*
 * output_score_text.c - a summary of score results a person can read: per
 * subject and wave, the raters, a table of scale means by group with the gap,
 * the blind spots and hidden strengths, the most and least favourable items
 * (reverse-worded ones marked), and for
 * strengths instruments the signature strengths.  Means are rounded to two
 * decimals here; the CSV and JSON outputs carry them in full.
 */
#include <string.h>

#include "base_format.h"
#include "score.h"

#define NOT_SHOWN "n/s"
#define ABSENT "-"

static void cell(FILE *out, const stat_row *row, int width)
{
    if (row->suppressed)
        fprintf(out, " %*s", width, NOT_SHOWN);
    else if (row->has_mean)
        fprintf(out, " %*.2f", width, row->mean);
    else
        fprintf(out, " %*s", width, ABSENT);
}

static int title_width(const assess_instrument *inst)
{
    int w = 5;
    for (size_t k = 0; k < inst->n_scales; k++) {
        int n = (int)strlen(inst->scales[k].title);
        if (n > w)
            w = n;
    }
    return w > 40 ? 40 : w;
}

static void raters(const assess_score *s, const score_block *b, FILE *out)
{
    const assess_instrument *inst = s->inst;
    fputs("raters:", out);
    for (size_t g = 0; g < inst->n_groups; g++) {
        int withheld;
        uint32_t n = score_group_raters(s, b, g, &withheld);
        if (withheld)
            fprintf(out, "%s %s fewer than %u (not shown)", g ? "," : "",
                    inst->groups[g].id, inst->groups[g].minimum);
        else
            fprintf(out, "%s %s %u", g ? "," : "", inst->groups[g].id, n);
    }
    fputc('\n', out);
}

/* Which withheld groups others and all leave out on some scale, so that
 * no one can subtract the groups shown from them (score.c). */
static void left_out(const score_rows *v, FILE *out)
{
    const assess_score *s = v->s;
    const assess_instrument *inst = s->inst;
    uint64_t mask = 0;
    for (uint32_t k = 0; k < inst->n_scales; k++) {
        const stat_row *rows = score_scale_rows(v, k);
        for (size_t o = 0; o < s->n_groups_out; o++)
            mask |= rows[o].left_out;
    }
    if (!mask)
        return;
    fputs("(others and all leave out the withheld", out);
    for (size_t g = 0; g < inst->n_groups && g < 64; g++)
        if (mask >> g & 1)
            fprintf(out, " %s", inst->groups[g].id);
    fputs(", so that they cannot be worked out from the groups shown)\n", out);
}

static void table(const score_rows *v, FILE *out)
{
    const assess_score *s = v->s;
    const assess_instrument *inst = s->inst;
    int tw = title_width(inst);
    int has_gap = 0;

    fprintf(out, "\n%-*s", tw, "scale");
    for (size_t o = 0; o < s->n_groups_out; o++) {
        const char *id = score_group_id(s, s->groups_out[o]);
        int w = (int)strlen(id) < 5 ? 5 : (int)strlen(id);
        fprintf(out, " %*s", w, id);
    }
    for (uint32_t k = 0; k < inst->n_scales && !has_gap; k++) {
        const stat_row *rows = score_scale_rows(v, k);
        for (size_t o = 0; o < s->n_groups_out; o++)
            has_gap |= rows[o].has_gap || rows[o].gap_reasons;
    }
    if (has_gap)
        fprintf(out, " %6s", "gap");
    fputc('\n', out);
    for (uint32_t k = 0; k < inst->n_scales; k++) {
        const stat_row *rows = score_scale_rows(v, k);
        const stat_row *self = NULL;
        fprintf(out, "%-*.*s", tw, tw, inst->scales[k].title);
        for (size_t o = 0; o < s->n_groups_out; o++) {
            const char *id = score_group_id(s, s->groups_out[o]);
            int w = (int)strlen(id) < 5 ? 5 : (int)strlen(id);
            cell(out, &rows[o], w);
            if (rows[o].has_gap || rows[o].gap_reasons)
                self = &rows[o];
        }
        if (has_gap) {
            if (self && self->has_gap)
                fprintf(out, " %+6.2f", self->gap);
            else
                fprintf(out, " %6s", ABSENT);
        }
        fputc('\n', out);
    }
    fprintf(out, "(%s: fewer raters than the group's anonymity minimum; %s: no "
            "score)\n", NOT_SHOWN, ABSENT);
    left_out(v, out);
}

static void gap_list(const score_rows *v, gap_flag flag,
                     const char *title, FILE *out)
{
    const assess_score *s = v->s;
    const assess_instrument *inst = s->inst;
    int any = 0;
    fprintf(out, "%s (by %.2f or more):", title, s->opts.gap_threshold);
    for (uint32_t k = 0; k < inst->n_scales; k++) {
        const stat_row *rows = score_scale_rows(v, k);
        for (size_t o = 0; o < s->n_groups_out; o++)
            if (rows[o].has_gap && rows[o].flag == flag) {
                fprintf(out, "%s %s (%+.2f)", any ? "," : "",
                        inst->scales[k].title, rows[o].gap);
                any = 1;
            }
    }
    fputs(any ? "\n" : " none\n", out);
}

static void item_list(const score_rows *v, int lowest,
                      FILE *out)
{
    const assess_score *s = v->s;
    const assess_instrument *inst = s->inst;
    int any = 0;
    fprintf(out, "%s favourable items (others' mean, scored so that higher "
                 "is more favourable):\n", lowest ? "least" : "most");
    for (uint32_t k = 1; k <= s->opts.highlights; k++) {
        const stat_row *row;
        uint32_t i = score_highlight(v, k, lowest, &row);
        if (i == UINT32_MAX)
            break;
        fprintf(out, "  %.2f  %-6s %s%s\n", row->mean, inst->items[i].id,
                inst->items[i].text,
                inst->items[i].reverse ? " [reverse-worded: a favourable score "
                                         "means this happens rarely]"
                                       : "");
        any = 1;
    }
    if (!any)
        fputs("  none (others not shown)\n", out);
}

static void strengths(const score_rows *v, FILE *out)
{
    const assess_score *s = v->s;
    const assess_instrument *inst = s->inst;
    for (size_t o = 0; o < s->n_groups_out; o++) {
        int any = 0;
        fprintf(out, "\nsignature strengths (%s):\n",
                score_group_id(s, s->groups_out[o]));
        for (uint32_t rank = 1; rank <= s->opts.top; rank++) {
            uint32_t k = score_ranked(v, o, rank);
            const stat_row *row;
            if (k == UINT32_MAX)
                break;
            row = &score_scale_rows(v, k)[o];
            fprintf(out, "  %u. %-30s %.2f%s\n", rank, inst->scales[k].title,
                    row->mean, row->tie ? "  (tied)" : "");
            any = 1;
        }
        if (!any)
            fputs("  none\n", out);
    }
}

static void block(const score_rows *v, FILE *out)
{
    const assess_score *s = v->s;
    const score_block *b = v->b;
    const assess_instrument *inst = s->inst;
    int has_others = 0;

    for (size_t o = 0; o < s->n_groups_out; o++)
        has_others |= s->groups_out[o] == GROUP_OTHERS(inst);
    fprintf(out, "%s, wave %s: %s (%s %s)\n",
            strtab_str(&s->resp->subjects, b->subject),
            strtab_str(&s->resp->waves, b->wave), inst->title, inst->id,
            inst->version);
    raters(s, b, out);
    table(v, out);
    if (has_others) {
        fputc('\n', out);
        gap_list(v, GAP_BLIND_SPOT, "blind spots: self above others", out);
        gap_list(v, GAP_HIDDEN_STRENGTH,
                 "hidden strengths: others above self", out);
        if (s->opts.items) {
            fputc('\n', out);
            item_list(v, 0, out);
            item_list(v, 1, out);
        }
    }
    if (inst->kind == ASSESS_KIND_STRENGTHS)
        strengths(v, out);
}

assess_status assess_score_write_text(const assess_score *s,
                                      const char *subject, FILE *out,
                                      assess_error *err)
{
    score_rows v;
    int found = 0;
    if (score_rows_init(&v, s) < 0)
        return error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    write_begin(out);
    for (size_t bi = 0; bi < s->n_blocks; bi++) {
        const score_block *b = &s->blocks[bi];
        if (subject && strcmp(strtab_str(&s->resp->subjects, b->subject),
                              subject) != 0)
            continue;
        if (found++)
            fputc('\n', out);
        score_rows_compute(&v, b);
        block(&v, out);
    }
    score_rows_free(&v);
    if (subject && !found) {
        write_end(out, err);
        return error_set(err, ASSESS_EUSAGE, NULL, 0,
                         "subject '%s' is not in the data", subject);
    }
    return write_end(out, err);
}
