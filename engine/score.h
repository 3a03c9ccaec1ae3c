/*
 * score.h - the body of assess_score: scored profiles as plain records,
 * computed by score.c and formatted by the score_*.c writers.
 *
 * assess_score keeps what every row rests on: the blocks (a subject in a
 * wave) and each rater's scale scores.  The rows themselves are worked out
 * a block at a time into a score_rows, when a writer or an analysis comes
 * to the block: a cohort's rows are many times the size of its answers,
 * and nothing needs more than one block's at once.
 *
 * A value is present only when its flag says so; otherwise `reasons` says
 * why it is absent (writers turn the bits into words: statistics never
 * format).
 */
#ifndef ASSESS_SCORE_H
#define ASSESS_SCORE_H

#include <stdint.h>

#include "assess.h"
#include "input_responses.h"

/* Reasons a value is absent or a row is withheld; a row may have several. */
enum {
    WHY_SUPPRESSED = 1u << 0,  /* fewer raters than the group's minimum */
    WHY_NO_RATERS = 1u << 1,   /* nobody in the group rated the subject */
    WHY_NO_SCORES = 1u << 2,   /* raters, but none answered enough items */
    WHY_ONE_RATER = 1u << 3,   /* sd needs two raters */
    WHY_NO_NORM = 1u << 4,     /* the instrument has no norm for the scale */
    WHY_FEW_COHORT = 1u << 5,  /* cohort norm group below the minimum */
    WHY_COHORT_SD0 = 1u << 6,  /* cohort norm group without spread */
    WHY_NO_SELF = 1u << 7,     /* gap: no self score */
    WHY_NO_OTHERS = 1u << 8,   /* gap: others absent or suppressed */
    WHY_FEW_ITEMS = 1u << 9,   /* rater: fewer items than min-answered */
    WHY_FEW_PARTS = 1u << 10,  /* rater: fewer parts than min-answered */
    WHY_SUM_INCOMPLETE = 1u << 11, /* rater: sum scoring needs every item */
    WHY_LEFT_OUT = 1u << 12    /* others/all: withheld groups left out (not
                                  a reason for absence: a qualification) */
};

/* The aggregate groups after the instrument's own. */
#define GROUP_OTHERS(inst) ((uint32_t)(inst)->n_groups)
#define GROUP_ALL(inst) ((uint32_t)(inst)->n_groups + 1)

typedef enum gap_flag { GAP_NONE = 0, GAP_BLIND_SPOT, GAP_HIDDEN_STRENGTH } gap_flag;

typedef struct stat_row {
    uint32_t what;      /* scale (scale rows) or item (item rows) */
    uint32_t group;     /* instrument group, GROUP_OTHERS or GROUP_ALL */
    uint32_t n;         /* raters with a score */
    unsigned minimum;   /* the anonymity minimum that applied */
    unsigned reasons;
    int suppressed;
    int has_mean, has_sd;
    double mean, sd, min, max;
    double raw_mean;    /* items: before reverse keying */
    int has_norm;
    double z, t, percentile;
    int has_gap;        /* scale rows of the self group */
    double gap;
    gap_flag flag;
    unsigned gap_reasons;
    uint32_t rank;      /* strengths: 1 = highest; 0 = not ranked */
    int tie, signature;
    uint32_t highlight; /* items, others rows: k-th highest (k) or 0 */
    uint32_t lowlight;  /* k-th lowest or 0 */
    uint64_t left_out;  /* others and all: the withheld instrument groups
                           left out of them (bit g), see score.c */
} stat_row;

/* One subject in one wave, with its response sets. */
typedef struct score_block {
    uint32_t subject, wave;
    size_t first_set, n_sets; /* range of score->order */
} score_block;

/* The cohort as a norm group (--norms cohort): per wave, scale and output
 * group, the mean and sd of the subjects' means, and how many there are. */
typedef struct cohort_norm {
    double mean, sd;
    size_t m;
} cohort_norm;

struct assess_score {
    const assess_responses *resp;
    const assess_instrument *inst;
    assess_score_options opts;
    int norms_used;           /* the norms that apply: instrument, cohort or none */

    size_t *order;            /* sets by subject, wave, group, rater */
    score_block *blocks;
    size_t n_blocks;

    uint32_t *group_raters;   /* raters by block * n_groups + group */
    uint32_t *groups_out;     /* groups a row is written for, in order */
    size_t n_groups_out;

    uint32_t *scale_order;    /* the scales, each composite after its parts */
    double *rater_score;      /* by set * n_scales + scale; NaN: none (what
                                 a score rests on, and why it is absent, are
                                 worked out again when written: score_set) */

    cohort_norm *cohort;      /* by (wave * n_scales + scale) * n_groups_out
                                 + o; NULL unless the norms are the cohort's */
    int borrowed;             /* order, blocks, group_raters, groups_out,
                                 scale_order and rater_score are another
                                 score's (see score_for_statistics) */
};

/*
 * The rows of one block: for each scale (and, with opts.items, each item)
 * one row per output group, in groups_out order.  Made once per reader of
 * a score with score_rows_init(), filled for a block with
 * score_rows_compute(), which replaces the previous block's rows.
 */
typedef struct score_rows {
    const assess_score *s;
    const score_block *b;     /* the block the rows are of; NULL before any */
    stat_row *scale;          /* n_scales * n_groups_out */
    stat_row *item;           /* n_items * n_groups_out; NULL without items */
    struct score_scratch *scratch;
} score_rows;

/* 0, or -1 when out of memory. */
int score_rows_init(score_rows *v, const assess_score *s);
void score_rows_compute(score_rows *v, const score_block *b);
void score_rows_free(score_rows *v);

/*
 * How many raters of instrument group g rated in block b; *withheld is set
 * when the count is below the group's anonymity minimum, and then the
 * count must not be shown.
 */
static inline uint32_t score_group_raters(const assess_score *s,
                                          const score_block *b, size_t g,
                                          int *withheld)
{
    uint32_t n = s->group_raters[(size_t)(b - s->blocks) * s->inst->n_groups + g];
    *withheld = n > 0 && n < s->inst->groups[g].minimum;
    return n;
}

/* The instrument's norm for a scale and output group: the one naming the
 * group, else one naming none; NULL when there is none. */
const inst_norm *score_norm(const assess_instrument *inst, uint32_t scale,
                            uint32_t group);

/* The id of an output group: an instrument group, "others" or "all". */
const char *score_group_id(const assess_score *s, uint32_t group);

/* Whether a set of instrument group set_group counts in output group
 * `group` (others: every group but self; all: every group). */
int score_in_group(const assess_instrument *inst, uint32_t set_group,
                   uint32_t group);

/* The anonymity minimum of an output group; `others` and `all` take the
 * strictest of the groups they pool (self aside). */
unsigned score_group_minimum(const assess_instrument *inst, uint32_t group);

/*
 * The rule that keeps withheld groups out of reach (README, "Anonymity"):
 * which of the instrument's groups others and all must leave out, as a
 * mask (bit g), given how many raters each group has (n[g], n_groups of
 * them).  A group below its minimum is withheld; pooled into others, it
 * could be recovered by subtracting the groups shown from others.  What
 * subtraction recovers is the mean of every withheld group's raters
 * together, so withheld groups are pooled only when, together, they reach
 * the strictest minimum among them; otherwise each is left out.
 */
uint64_t score_left_out(const assess_instrument *inst, const uint32_t *n);

/* Whether a set of instrument group set_group counts in output group
 * `group` when the groups in `left_out` (bit g, score_left_out) are left
 * out of it. */
static inline int score_pooled(const assess_instrument *inst,
                               uint32_t set_group, uint32_t group,
                               uint64_t left_out)
{
    return score_in_group(inst, set_group, group) &&
           !(set_group < 64 && (left_out >> set_group & 1));
}

/* What output group `group` left out on scale k in block b (its row's
 * left_out; 0 for the instrument's own groups), without the rows. */
uint64_t score_scale_left_out(const assess_score *s, const score_block *b,
                              uint32_t k, uint32_t group);

/*
 * The scores other analyses build on: rater scores and blocks, whose rows
 * (score_rows) apply the anonymity minimums, without item rows or norms.
 * With `shared` (scores of the same responses, whatever their options)
 * the result borrows its rater scores and blocks instead of computing them
 * again; `shared` must then outlive it.  Rater scores are computed on
 * `threads` threads.  ASSESS_EUSAGE when `shared` is of other responses.
 */
assess_score *score_for_statistics(const assess_responses *resp,
                                   const assess_score *shared,
                                   unsigned threads, assess_error *err);

/*
 * One set's scores on every scale into scores[scale], as compute() stored
 * them in rater_score; with `answered` and `why` (n_scales each, or both
 * NULL) also the items or parts each rests on and why it is absent.
 */
void score_set(const assess_score *s, size_t set, double *scores,
               uint32_t *answered, unsigned *why);

/* The value of an item in a set as scored (reverse-keyed items as
 * min + max - v) and as answered; 0 when the item has no value. */
static inline int score_item_value(const assess_responses *r, size_t set,
                                   uint32_t item, double *keyed, double *raw)
{
    const inst_item *it = &r->inst->items[item];
    const inst_response_scale *rs =
        &r->inst->response_scales[it->response_scale];
    double v;
    if (!responses_value(r, set, item, &v))
        return 0;
    *raw = v;
    *keyed = it->reverse ? rs->min + rs->max - v : v;
    return 1;
}



/* ---- For the writers (output_score_words.c) ------------------------------------ */

/*
 * A score document's writing begun: v made for s (score_rows_init) and a
 * buffer for out (out_open, base_format.h); NULL when out of memory.  The
 * writer ends with score_rows_free(v) and out_close().
 */
struct out_buf *score_out_open(score_rows *v, const assess_score *s,
                               FILE *out);

#define REASON_SIZE 512

/* The reasons of a row in words, "; "-separated ("" when none). */
char *score_reasons(const assess_score *s, const stat_row *row, unsigned bits,
                    char buf[REASON_SIZE]);

/*
 * The item that is the k-th highest (lowest, when `lowest`) by others'
 * mean in the block of v, k from 1, with its others row in *row;
 * UINT32_MAX when there is none.  Highlights are numbered 1, 2, ...
 * without gaps, so callers stop at the first none.
 */
uint32_t score_highlight(const score_rows *v, uint32_t k, int lowest,
                         const stat_row **row);

/* The scale ranked `rank` (from 1) in output group o of the block of v, or
 * UINT32_MAX; ranks, too, run without gaps. */
uint32_t score_ranked(const score_rows *v, size_t o, uint32_t rank);

/* "blind_spot", "hidden_strength", "none" (a gap without a flag). */
const char *score_gap_flag(gap_flag flag);

/* The rows of scale k, one per output group. */
static inline const stat_row *score_scale_rows(const score_rows *v,
                                               uint32_t k)
{
    return &v->scale[(size_t)k * v->s->n_groups_out];
}

/* The rows of item i; NULL when the items were not computed (opts.items
 * = 0). */
static inline const stat_row *score_item_rows(const score_rows *v,
                                              uint32_t i)
{
    if (!v->item)
        return NULL;
    return &v->item[(size_t)i * v->s->n_groups_out];
}
#endif
