/*
 * output_score_csv.c - score results as tidy CSV: one header row, snake_case
 * columns, absent values empty with their reason in the last column.
 */
#include <stdlib.h>
#include <string.h>

#include "base_error.h"
#include "base_format.h"
#include "base_parts.h"
#include "score.h"

static void number(out_buf *out, int present, double x)
{
    out_char(out, ',');
    if (present)
        out_number(out, x);
}

static void count(out_buf *out, int present, uint64_t x)
{
    out_char(out, ',');
    if (present)
        out_count(out, x);
}

static void text(out_buf *out, const char *s)
{
    out_char(out, ',');
    out_csv_field(out, s);
}

static void boolean(out_buf *out, int present, int b)
{
    if (!present)
        out_char(out, ',');
    else if (b)
        out_bytes(out, ",true", 5);
    else
        out_bytes(out, ",false", 6);
}

/*
 * subject_id,wave,scale and, in the item table, item: the keys the rows of
 * one scale or item share.  Written for the first row and kept in `keys`
 * (keys->n 0 before it), then copied (out_keep, base_format.h).
 */
static void row_keys(out_buf *out, out_kept *keys, const assess_score *s,
                     const score_block *b, const char *scale, const char *item)
{
    uint64_t from;

    if (keys->n) {
        out_kept_write(out, keys);
        return;
    }
    from = out_tell(out);
    out_csv_field(out, strtab_str(&s->resp->subjects, b->subject));
    text(out, strtab_str(&s->resp->waves, b->wave));
    text(out, scale);
    if (item)
        text(out, item);
    out_keep(out, from, keys);
}

/* The scale table's rows of block b. */
static void scale_block(const assess_score *s, score_rows *v,
                        const score_block *b, out_buf *out)
{
    const assess_instrument *inst = s->inst;
    char why[REASON_SIZE];

    score_rows_compute(v, b);
    for (uint32_t k = 0; k < inst->n_scales; k++) {
        const stat_row *rows = score_scale_rows(v, k);
        out_kept keys;
        keys.n = 0;
        for (size_t o = 0; o < s->n_groups_out; o++) {
            const stat_row *row = &rows[o];
            row_keys(out, &keys, s, b, inst->scales[k].id, NULL);
            text(out, score_group_id(s, row->group));
            count(out, !row->suppressed, row->n);
            number(out, row->has_mean, row->mean);
            number(out, row->has_sd, row->sd);
            number(out, row->has_mean, row->min);
            number(out, row->has_mean, row->max);
            boolean(out, 1, row->suppressed);
            number(out, row->has_norm, row->z);
            number(out, row->has_norm, row->t);
            number(out, row->has_norm, row->percentile);
            number(out, row->has_gap, row->gap);
            text(out, row->has_gap ? score_gap_flag(row->flag) : "");
            count(out, row->rank > 0, row->rank);
            boolean(out, row->rank > 0, row->tie);
            boolean(out, row->rank > 0, row->signature);
            text(out, score_reasons(s, row, row->reasons | row->gap_reasons, why));
            out_char(out, '\n');
        }
    }
}

/* The item table's rows of block b. */
static void item_block(const assess_score *s, score_rows *v,
                       const score_block *b, out_buf *out)
{
    const assess_instrument *inst = s->inst;
    char why[REASON_SIZE];

    score_rows_compute(v, b);
    for (uint32_t i = 0; i < inst->n_items; i++) {
        const stat_row *rows = score_item_rows(v, i);
        out_kept keys;
        keys.n = 0;
        for (size_t o = 0; o < s->n_groups_out; o++) {
            const stat_row *row = &rows[o];
            row_keys(out, &keys, s, b, inst->scales[inst->items[i].scale].id,
                     inst->items[i].id);
            text(out, score_group_id(s, row->group));
            count(out, !row->suppressed, row->n);
            number(out, row->has_mean, row->mean);
            number(out, row->has_mean, row->raw_mean);
            number(out, row->has_sd, row->sd);
            number(out, row->has_mean, row->min);
            number(out, row->has_mean, row->max);
            boolean(out, 1, row->suppressed);
            count(out, row->highlight > 0, row->highlight);
            count(out, row->lowlight > 0, row->lowlight);
            text(out, score_reasons(s, row, row->reasons, why));
            out_char(out, '\n');
        }
    }
}

/*
 * The blocks of the scale and item tables, a part of PART_BLOCKS blocks at
 * a time on opts.threads threads (out_parts), each thread with rows of its
 * own.  A part is some 200 KB of the scale table: big enough that handing
 * it over costs nothing beside writing it, small enough to stay in cache.
 */
#define PART_BLOCKS 32

typedef void block_fn(const assess_score *s, score_rows *v,
                      const score_block *b, out_buf *out);

typedef struct block_parts {
    const assess_score *s;
    score_rows *v; /* by worker */
    block_fn *block;
} block_parts;

static void block_part(void *ctx, unsigned worker, size_t part, out_buf *out)
{
    block_parts *bp = ctx;
    size_t end = parts_end(part, PART_BLOCKS, bp->s->n_blocks);
    for (size_t bi = part * PART_BLOCKS; bi < end; bi++)
        bp->block(bp->s, &bp->v[worker], &bp->s->blocks[bi], out);
}

/* 0, or -1 when out of memory.  v is the first thread's rows. */
static int blocks(const assess_score *s, score_rows *v, out_buf *out,
                  block_fn *block)
{
    size_t n_parts = parts_count(s->n_blocks, PART_BLOCKS);
    unsigned want = s->opts.threads > 1 && n_parts > 1 ? s->opts.threads : 1;
    unsigned made = 1;
    score_rows *rows = want > 1 ? calloc(want, sizeof *rows) : NULL;
    block_parts bp = { s, rows ? rows : v, block };
    int rc;

    if (rows) {
        rows[0] = *v;
        while (made < want && score_rows_init(&rows[made], s) == 0)
            made++;
    }
    rc = out_parts(out, n_parts, made, block_part, &bp);
    if (rows) {
        *v = rows[0];
        for (unsigned w = 1; w < made; w++)
            score_rows_free(&rows[w]);
        free(rows);
    }
    return rc;
}

static int scales(const assess_score *s, score_rows *v, out_buf *out)
{
    out_str(out, "subject_id,wave,scale,group,n,mean,sd,min,max,suppressed,"
                 "norm_z,norm_t,norm_percentile,gap,gap_flag,rank,tie,"
                 "signature,reason\n");
    return blocks(s, v, out, scale_block);
}

static int items(const assess_score *s, score_rows *v, out_buf *out)
{
    out_str(out, "subject_id,wave,scale,item,group,n,mean,raw_mean,sd,min,"
                 "max,suppressed,highest,lowest,reason\n");
    if (!s->opts.items)
        return 0;
    return blocks(s, v, out, item_block);
}

/* The scored data per rater: rater ids appear here by design.  0, or -1
 * when out of memory. */
static int raters(const assess_score *s, out_buf *out)
{
    const assess_instrument *inst = s->inst;
    const assess_responses *r = s->resp;
    size_t ns = inst->n_scales ? inst->n_scales : 1;
    double *scores = malloc(ns * sizeof *scores);
    uint32_t *answered = malloc(ns * sizeof *answered);
    unsigned *reasons = malloc(ns * sizeof *reasons);
    char why[REASON_SIZE];

    if (!scores || !answered || !reasons) {
        free(scores);
        free(answered);
        free(reasons);
        return -1;
    }
    out_str(out, "subject_id,rater_id,rater_group,wave,scale,score,n_items,"
                 "reason\n");
    for (size_t i = 0; i < r->n_sets; i++) {
        size_t set = s->order[i];
        const resp_set *rs = &r->sets[set];
        score_set(s, set, scores, answered, reasons);
        for (uint32_t k = 0; k < inst->n_scales; k++) {
            double score = scores[k];
            out_csv_field(out, strtab_str(&r->subjects, rs->subject));
            text(out, strtab_str(&r->raters, rs->rater));
            text(out, inst->groups[rs->group].id);
            text(out, strtab_str(&r->waves, rs->wave));
            text(out, inst->scales[k].id);
            number(out, score == score, score);
            count(out, 1, answered[k]);
            text(out, score_reasons(s, NULL, reasons[k], why));
            out_char(out, '\n');
        }
    }
    free(scores);
    free(answered);
    free(reasons);
    return 0;
}

assess_status assess_score_write_csv(const assess_score *s,
                                     assess_score_table table, FILE *out,
                                     assess_error *err)
{
    score_rows v;
    out_buf *buf = NULL;
    int failed = 0;

    /* Rater ids and every rater's scores, withheld or not: research only
     * (README, "Confidentiality"). */
    if (table == ASSESS_TABLE_RATERS && !s->opts.research)
        return error_set(err, ASSESS_EUSAGE, NULL, 0,
                         "the per-rater table holds rater ids and the scores "
                         "of raters the anonymity minimums withhold: it is "
                         "for research only (--research)");
    buf = score_out_open(&v, s, out);
    if (!buf)
        return error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    switch (table) {
    case ASSESS_TABLE_SCALES: failed = scales(s, &v, buf) < 0; break;
    case ASSESS_TABLE_ITEMS:  failed = items(s, &v, buf) < 0; break;
    case ASSESS_TABLE_RATERS: failed = raters(s, buf) < 0; break;
    }
    score_rows_free(&v);
    if (failed) {
        out_close(buf, err);
        return error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    }
    return out_close(buf, err);
}
