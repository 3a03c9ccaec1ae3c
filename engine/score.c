/*
 * score.c - scored profiles: rater scores, group statistics with anonymity
 * minimums, self-other gaps, item highlights, norms and strengths ranks.
 *
 * The flow is one way: response table -> rater scores (per set and scale)
 * -> group rows (per subject, wave, scale or item, group) -> gaps, norms,
 * ranks on those rows.  assess_score_compute() goes as far as the rater
 * scores (and, for cohort norms, one pass over the rows for the cohort's
 * means); score_rows_compute() does the rest a block at a time.  Suppressed
 * rows are cleared before the rows are handed out, so that no writer can
 * show what the anonymity minimum withholds.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "base_parts.h"
#include "score_disclose.h"
#include "score.h"

/* Means that differ by less than this are the same mean (ties, gaps). */
#define SAME 1e-9

void assess_score_options_init(assess_score_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->gap_threshold = 0.5;
    opts->weighting = ASSESS_WEIGHT_RATERS;
    opts->norms = ASSESS_NORMS_INSTRUMENT;
    opts->cohort_minimum = 30;
    opts->top = 5;
    opts->highlights = 5;
    opts->items = 1;
    opts->threads = 1;
}

const char *score_group_id(const assess_score *s, uint32_t group)
{
    if (group == GROUP_OTHERS(s->inst))
        return "others";
    if (group == GROUP_ALL(s->inst))
        return "all";
    return s->inst->groups[group].id;
}

void assess_score_free(assess_score *s)
{
    if (!s)
        return;
    if (!s->borrowed) {
        free(s->order);
        free(s->blocks);
        free(s->groups_out);
        free(s->group_raters);
        free(s->scale_order);
        free(s->rater_score);
    }
    free(s->cohort);
    free(s);
}

/* ---- Order of sets and blocks ------------------------------------------- */

typedef struct set_key {
    uint32_t subject; /* the rank of the subject's id among the ids */
    uint32_t wave, group;
    const char *rater;
    size_t set;
} set_key;

static int compare_set_keys(const void *a, const void *b)
{
    const set_key *x = a, *y = b;
    if (x->subject != y->subject)
        return x->subject < y->subject ? -1 : 1;
    if (x->wave != y->wave)
        return x->wave < y->wave ? -1 : 1;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    int c = strcmp(x->rater, y->rater);
    if (c)
        return c;
    return x->set < y->set ? -1 : x->set > y->set;
}

typedef struct id_index {
    const char *id;
    uint32_t index;
} id_index;

static int compare_ids(const void *a, const void *b)
{
    return strcmp(((const id_index *)a)->id, ((const id_index *)b)->id);
}

/* By subject index: the rank of its id in strcmp order, so that the sets
 * are sorted comparing numbers rather than ids.  NULL when out of
 * memory. */
static uint32_t *subject_ranks(const assess_responses *r)
{
    uint32_t n = r->subjects.count;
    id_index *by_id = malloc((n + 1) * sizeof *by_id);
    uint32_t *rank = malloc((n + 1) * sizeof *rank);

    if (!by_id || !rank) {
        free(by_id);
        free(rank);
        return NULL;
    }
    for (uint32_t i = 0; i < n; i++)
        by_id[i] = (id_index){ strtab_str(&r->subjects, i), i };
    qsort(by_id, n, sizeof *by_id, compare_ids);
    for (uint32_t i = 0; i < n; i++)
        rank[by_id[i].index] = i;
    free(by_id);
    return rank;
}

/* Sorts the sets by subject id, wave (in order of appearance), group and
 * rater id, and cuts them into blocks of one subject in one wave. */
static int make_blocks(assess_score *s)
{
    const assess_responses *r = s->resp;
    set_key *keys = malloc((r->n_sets ? r->n_sets : 1) * sizeof *keys);
    uint32_t *rank = subject_ranks(r);
    int rc = -1;

    s->order = malloc((r->n_sets ? r->n_sets : 1) * sizeof *s->order);
    s->blocks = malloc((r->n_sets ? r->n_sets : 1) * sizeof *s->blocks);
    if (!keys || !rank || !s->order || !s->blocks)
        goto out;
    for (size_t i = 0; i < r->n_sets; i++) {
        keys[i].subject = rank[r->sets[i].subject];
        keys[i].rater = strtab_str(&r->raters, r->sets[i].rater);
        keys[i].wave = r->sets[i].wave;
        keys[i].group = r->sets[i].group;
        keys[i].set = i;
    }
    qsort(keys, r->n_sets, sizeof *keys, compare_set_keys);
    s->group_raters = calloc((r->n_sets ? r->n_sets : 1) * s->inst->n_groups,
                             sizeof *s->group_raters);
    if (!s->group_raters)
        goto out;
    for (size_t i = 0; i < r->n_sets; i++) {
        const resp_set *set = &r->sets[keys[i].set];
        score_block *b = s->n_blocks ? &s->blocks[s->n_blocks - 1] : NULL;
        s->order[i] = keys[i].set;
        if (!b || b->subject != set->subject || b->wave != set->wave) {
            b = &s->blocks[s->n_blocks++];
            b->subject = set->subject;
            b->wave = set->wave;
            b->first_set = i;
            b->n_sets = 0;
        }
        b->n_sets++;
        s->group_raters[(s->n_blocks - 1) * s->inst->n_groups + set->group]++;
    }
    rc = 0;
out:
    free(keys);
    free(rank);
    return rc;
}

/* The groups rows are written for: the instrument's, then `others` when
 * there is a self group to set apart, then `all` when groups are declared. */
static int make_groups_out(assess_score *s)
{
    const assess_instrument *inst = s->inst;
    int has_self = 0;

    s->groups_out = malloc((inst->n_groups + 2) * sizeof *s->groups_out);
    if (!s->groups_out)
        return -1;
    for (size_t g = 0; g < inst->n_groups; g++) {
        s->groups_out[s->n_groups_out++] = (uint32_t)g;
        has_self |= inst->groups[g].role == ROLE_SELF;
    }
    if (has_self)
        s->groups_out[s->n_groups_out++] = GROUP_OTHERS(inst);
    if (!inst->implicit_group)
        s->groups_out[s->n_groups_out++] = GROUP_ALL(inst);
    return 0;
}

/* ---- Rater scores ------------------------------------------------------- */

/* Scales with their parts first, so composites find their parts scored. */
static void postorder(const assess_instrument *inst, uint32_t scale,
                      unsigned char *done, uint32_t *out, size_t *n)
{
    if (done[scale])
        return;
    done[scale] = 1;
    for (uint32_t p = 0; p < inst->scales[scale].n_parts; p++)
        postorder(inst, inst->scales[scale].parts[p], done, out, n);
    out[(*n)++] = scale;
}

/*
 * A rater's score on a scale: the mean of the answered items after reverse
 * keying, or their sum (prorated to all items when the scale says so); a
 * composite's is the mean of its parts' scores.  NaN, with a reason, when
 * fewer items (or parts) than min-answered were answered.
 */
void score_set(const assess_score *s, size_t set, double *scores,
               uint32_t *answered_by, unsigned *why_by)
{
    const assess_instrument *inst = s->inst;
    const assess_responses *r = s->resp;

    for (size_t o = 0; o < inst->n_scales; o++) {
        uint32_t k = s->scale_order[o];
        const inst_scale *sc = &inst->scales[k];
        double sum = 0, score = NAN;
        uint32_t answered = 0;
        unsigned why = 0;

        if (sc->n_parts) {
            for (uint32_t p = 0; p < sc->n_parts; p++) {
                double v = scores[sc->parts[p]];
                if (!isnan(v)) {
                    sum += v;
                    answered++;
                }
            }
            if (answered >= sc->min_answered && answered > 0)
                score = sum / answered;
            else
                why = WHY_FEW_PARTS;
        } else {
            for (uint32_t i = 0; i < sc->n_items; i++) {
                double keyed, raw;
                if (score_item_value(r, set, sc->first_item + i, &keyed, &raw)) {
                    sum += keyed;
                    answered++;
                }
            }
            if (sc->scoring == SCORING_SUM && !sc->prorate) {
                if (answered == sc->n_items)
                    score = sum;
                else
                    why = WHY_SUM_INCOMPLETE;
            } else if (answered < sc->min_answered || answered == 0) {
                why = WHY_FEW_ITEMS;
            } else if (sc->scoring == SCORING_SUM) {
                score = sum / answered * sc->n_items;
            } else {
                score = sum / answered;
            }
        }
        scores[k] = score;
        if (answered_by) {
            answered_by[k] = answered;
            why_by[k] = why;
        }
    }
}

/* Raters' scores are worked out SET_PART sets at a time (base_parts.h). */
#define SET_PART 4096

static void score_sets(void *ctx, unsigned worker, size_t part, size_t slot)
{
    const assess_score *s = ctx;
    size_t ns = s->inst->n_scales;
    size_t end = parts_end(part, SET_PART, s->resp->n_sets);

    (void)worker;
    (void)slot;
    for (size_t set = part * SET_PART; set < end; set++)
        score_set(s, set, &s->rater_score[set * ns], NULL, NULL);
}

/* Every rater's scores, with the scales in an order that puts a
 * composite's parts before it; 0, or -1 when out of memory. */
static int score_raters(assess_score *s)
{
    const assess_instrument *inst = s->inst;
    size_t ns = inst->n_scales, n = 0;
    unsigned char *done = calloc(ns ? ns : 1, 1);

    s->scale_order = malloc((ns ? ns : 1) * sizeof *s->scale_order);
    s->rater_score = malloc((s->resp->n_sets * ns + 1) * sizeof *s->rater_score);
    if (!done || !s->scale_order || !s->rater_score) {
        free(done);
        return -1;
    }
    for (uint32_t k = 0; k < ns; k++)
        postorder(inst, k, done, s->scale_order, &n);
    free(done);
    parts_run(parts_count(s->resp->n_sets, SET_PART), s->opts.threads,
              score_sets, NULL, s);
    return 0;
}

/* ---- Group rows --------------------------------------------------------- */

int score_in_group(const assess_instrument *inst, uint32_t set_group,
                   uint32_t group)
{
    if (group == GROUP_ALL(inst))
        return 1;
    if (group == GROUP_OTHERS(inst))
        return inst->groups[set_group].role != ROLE_SELF;
    return set_group == group;
}

unsigned score_group_minimum(const assess_instrument *inst, uint32_t group)
{
    unsigned m = 1;
    if (group < inst->n_groups)
        return inst->groups[group].minimum;
    for (size_t g = 0; g < inst->n_groups; g++)
        if (inst->groups[g].role != ROLE_SELF && inst->groups[g].minimum > m)
            m = inst->groups[g].minimum;
    return m;
}

/* Values of one row: a rater's score (scales) or keyed item value (items). */
typedef struct values {
    double *v;
    double *raw;
    uint32_t *group;
    size_t n;
} values;

/* Sums in long double: means of a few dozen values come out correctly
 * rounded far more often than with double sums. */
static void describe(stat_row *row, const values *vals, const double *means,
                     size_t n_means, int raters_present)
{
    long double sum = 0, raw = 0, ss = 0;

    row->n = (uint32_t)vals->n;
    if (vals->n == 0) {
        row->reasons |= raters_present ? WHY_NO_SCORES : WHY_NO_RATERS;
        return;
    }
    row->min = row->max = vals->v[0];
    for (size_t i = 0; i < vals->n; i++) {
        sum += vals->v[i];
        if (vals->raw)
            raw += vals->raw[i];
        if (vals->v[i] < row->min)
            row->min = vals->v[i];
        if (vals->v[i] > row->max)
            row->max = vals->v[i];
    }
    long double mean = sum / vals->n;
    row->mean = (double)mean;
    row->raw_mean = (double)(raw / vals->n);
    row->has_mean = 1;
    if (vals->n > 1) {
        for (size_t i = 0; i < vals->n; i++)
            ss += (vals->v[i] - mean) * (vals->v[i] - mean);
        row->sd = (double)sqrtl(ss / (vals->n - 1));
        row->has_sd = 1;
    } else {
        row->reasons |= WHY_ONE_RATER;
    }
    if (means && n_means > 0) {
        long double m = 0;
        for (size_t i = 0; i < n_means; i++)
            m += means[i];
        row->mean = (double)(m / n_means);
    }
}

/*
 * `all` is self plus others: shown while others is withheld, it would give
 * others away by subtracting the self score.  So it is withheld with them.
 */
static void withhold_all_with_others(const assess_score *s, stat_row *rows)
{
    const assess_instrument *inst = s->inst;
    stat_row *others = NULL, *all = NULL;
    for (size_t o = 0; o < s->n_groups_out; o++) {
        if (s->groups_out[o] == GROUP_OTHERS(inst))
            others = &rows[o];
        if (s->groups_out[o] == GROUP_ALL(inst))
            all = &rows[o];
    }
    if (others && all && others->suppressed && !all->suppressed) {
        all->suppressed = 1;
        all->reasons |= WHY_SUPPRESSED;
    }
}

uint64_t score_left_out(const assess_instrument *inst, const uint32_t *n)
{
    disclosure d;
    disclose_decide(inst, n, &d);
    return d.left_out;
}

uint64_t score_scale_left_out(const assess_score *s, const score_block *b,
                              uint32_t k, uint32_t group)
{
    disclosure d;
    if (group < s->inst->n_groups)
        return 0;
    /* What the scale's rows leave out (group_rows()). */
    disclose_scale(s, b, k, &d);
    return d.left_out;
}

/* score_left_out() of the rows of the instrument's groups, rows[0..n). */
static uint64_t rows_left_out(const assess_score *s, const stat_row *rows,
                              size_t n)
{
    uint32_t count[64] = { 0 };
    for (size_t o = 0; o < n; o++)
        if (s->groups_out[o] < 64)
            count[s->groups_out[o]] = rows[o].n;
    return score_left_out(s->inst, count);
}

/* What a reader of rows works in, made once by score_rows_init(). */
struct score_scratch {
    values vals;          /* a row's values: the block's, then a group's */
    double *group_means;  /* others weighted by group */
    unsigned char *pooled; /* by instrument group: in the row being made */
    struct ranked *buf;   /* highlights and ranks */
    const inst_norm **norm_of; /* by scale * n_groups_out + o */
};

/*
 * The rows of one block for one scale (item = 0) or item (item = 1): one a
 * group of groups_out.  `fetch` gives a set's value; it returns 0 when the
 * set has none.
 */
typedef int (*fetch_fn)(const assess_score *s, size_t set, uint32_t what,
                        double *v, double *raw);

static int fetch_scale(const assess_score *s, size_t set, uint32_t scale,
                       double *v, double *raw)
{
    double x = s->rater_score[set * s->inst->n_scales + scale];
    *v = *raw = x;
    return !isnan(x);
}

static int fetch_item(const assess_score *s, size_t set, uint32_t item,
                      double *v, double *raw)
{
    return score_item_value(s->resp, set, item, v, raw);
}

/*
 * The rows of one block for one scale or item: `dc` is the disclosure
 * decided for a scale (disclose_scale(), which knows its parts); NULL for
 * an item, decided here from the items' own counts.
 */
static void group_rows(const assess_score *s, const score_block *b,
                       uint32_t what, fetch_fn fetch, const disclosure *dc,
                       stat_row *rows, struct score_scratch *sc)
{
    const assess_instrument *inst = s->inst;
    const assess_responses *r = s->resp;
    values *vals = &sc->vals;
    double *group_means = sc->group_means;
    unsigned char *pooled = sc->pooled;

    /* Every value of the block once, with its rater's group. */
    vals->n = 0;
    size_t present_by_group[64 + 2] = { 0 };
    for (size_t k = 0; k < b->n_sets; k++) {
        size_t set = s->order[b->first_set + k];
        uint32_t g = r->sets[set].group;
        if (g < 64)
            present_by_group[g]++;
        if (fetch(s, set, what, &vals->v[vals->n], &vals->raw[vals->n]))
            vals->group[vals->n++] = g;
    }

    /* groups_out lists the instrument's groups before others and all, so
     * the groups' rows are done when the first aggregate needs them. */
    uint64_t left_out = 0;
    for (size_t o = 0; o < s->n_groups_out; o++) {
        uint32_t group = s->groups_out[o];
        stat_row *row = &rows[o];
        values sub;
        size_t n_means = 0, present = 0;
        double *v = vals->v + vals->n, *raw = vals->raw + vals->n;

        if (group >= inst->n_groups && o > 0 &&
            s->groups_out[o - 1] < inst->n_groups)
            left_out = dc ? dc->left_out : rows_left_out(s, rows, o);

        memset(row, 0, sizeof *row);
        row->what = what;
        row->group = group;
        row->minimum = score_group_minimum(inst, group);

        /* Gather this group's values behind the block's (scratch space). */
        sub.v = v;
        sub.raw = raw;
        sub.group = NULL;
        sub.n = 0;
        for (size_t g = 0; g < inst->n_groups; g++)
            pooled[g] = (unsigned char)score_pooled(inst, (uint32_t)g, group,
                                                    left_out);
        for (size_t i = 0; i < vals->n; i++)
            if (pooled[vals->group[i]]) {
                v[sub.n] = vals->v[i];
                raw[sub.n] = vals->raw[i];
                sub.n++;
            }
        for (size_t g = 0; g < inst->n_groups && g < 64; g++)
            if (pooled[g])
                present += present_by_group[g];
        if (group >= inst->n_groups && left_out) {
            row->left_out = left_out;
            row->reasons |= WHY_LEFT_OUT;
        }

        /* Others weighted by group: the mean of its groups' means, the
         * withheld groups it pools counting as one group (their pool),
         * as a withheld group's own mean is never to be had. */
        if (group == GROUP_OTHERS(inst) &&
            s->opts.weighting == ASSESS_WEIGHT_GROUPS) {
            double pool_sum = 0;
            size_t pool_count = 0;
            for (size_t g = 0; g < inst->n_groups; g++) {
                double sum = 0;
                size_t count = 0;
                if (inst->groups[g].role == ROLE_SELF || (left_out >> g & 1))
                    continue;
                for (size_t i = 0; i < vals->n; i++)
                    if (vals->group[i] == g) {
                        sum += vals->v[i];
                        count++;
                    }
                if (count && (dc ? (dc->withheld >> g & 1)
                                 : count < inst->groups[g].minimum)) {
                    pool_sum += sum;
                    pool_count += count;
                } else if (count) {
                    group_means[n_means++] = sum / (double)count;
                }
            }
            if (pool_count)
                group_means[n_means++] = pool_sum / (double)pool_count;
        }
        describe(row, &sub, group_means, n_means, present > 0);
        if (row->n > 0 && (row->n < row->minimum ||
                           (dc && group < inst->n_groups && group < 64 &&
                            (dc->withheld >> group & 1)))) {
            /* below its minimum, or withheld on a part of the scale */
            row->suppressed = 1;
            row->reasons |= WHY_SUPPRESSED;
        } else if (row->n == 0 && present > 0 && present < row->minimum) {
            /* Raters below the minimum, none with a score: whether they
             * answered is theirs to keep, so the row says what it says
             * when they did. */
            row->reasons &= ~(unsigned)WHY_NO_SCORES;
            row->suppressed = 1;
            row->reasons |= WHY_SUPPRESSED;
        }
    }
    withhold_all_with_others(s, rows);
}

/* Self minus others on the self row of each scale. */
static void gaps(const assess_score *s, stat_row *rows)
{
    const assess_instrument *inst = s->inst;
    stat_row *self = NULL, *others = NULL;

    for (size_t o = 0; o < s->n_groups_out; o++) {
        uint32_t g = s->groups_out[o];
        if (g < inst->n_groups && inst->groups[g].role == ROLE_SELF)
            self = &rows[o];
        if (g == GROUP_OTHERS(inst))
            others = &rows[o];
    }
    if (!self || !others)
        return;
    if (!self->has_mean || self->suppressed)
        self->gap_reasons |= WHY_NO_SELF;
    if (!others->has_mean || others->suppressed)
        self->gap_reasons |= WHY_NO_OTHERS;
    if (self->gap_reasons)
        return;
    self->has_gap = 1;
    self->gap = self->mean - others->mean;
    if (self->gap >= s->opts.gap_threshold - SAME)
        self->flag = GAP_BLIND_SPOT;
    else if (-self->gap >= s->opts.gap_threshold - SAME)
        self->flag = GAP_HIDDEN_STRENGTH;
}

/* ---- Highlights and ranks ----------------------------------------------- */

typedef struct ranked {
    double mean;
    uint32_t index; /* tie-break: instrument order */
    stat_row *row;
} ranked;

static int by_mean_desc(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (fabs(x->mean - y->mean) >= SAME)
        return x->mean > y->mean ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static int by_mean_asc(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (fabs(x->mean - y->mean) >= SAME)
        return x->mean < y->mean ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* The highest and lowest items by others' mean, in one block. */
static void highlights(score_rows *v, ranked *buf)
{
    const assess_score *s = v->s;
    const assess_instrument *inst = s->inst;
    size_t o_others = SIZE_MAX, n = 0;

    for (size_t o = 0; o < s->n_groups_out; o++)
        if (s->groups_out[o] == GROUP_OTHERS(inst))
            o_others = o;
    if (o_others == SIZE_MAX)
        return;
    for (uint32_t i = 0; i < inst->n_items; i++) {
        stat_row *row = &v->item[i * s->n_groups_out + o_others];
        if (row->has_mean && !row->suppressed) {
            buf[n].mean = row->mean;
            buf[n].index = i;
            buf[n].row = row;
            n++;
        }
    }
    qsort(buf, n, sizeof *buf, by_mean_desc);
    for (size_t k = 0; k < n && k < s->opts.highlights; k++)
        buf[k].row->highlight = (uint32_t)k + 1;
    qsort(buf, n, sizeof *buf, by_mean_asc);
    for (size_t k = 0; k < n && k < s->opts.highlights; k++)
        buf[k].row->lowlight = (uint32_t)k + 1;
}

/*
 * Strengths: the scales (composites aside) ranked within the block and
 * group, highest mean first, ties in instrument order and marked.
 */
static void ranks(score_rows *v, ranked *buf)
{
    const assess_score *s = v->s;
    const assess_instrument *inst = s->inst;

    for (size_t o = 0; o < s->n_groups_out; o++) {
        size_t n = 0;
        for (uint32_t k = 0; k < inst->n_scales; k++) {
            stat_row *row = &v->scale[k * s->n_groups_out + o];
            if (inst->scales[k].n_parts || !row->has_mean || row->suppressed)
                continue;
            buf[n].mean = row->mean;
            buf[n].index = k;
            buf[n].row = row;
            n++;
        }
        qsort(buf, n, sizeof *buf, by_mean_desc);
        for (size_t k = 0; k < n; k++) {
            buf[k].row->rank = (uint32_t)k + 1;
            buf[k].row->signature = k < s->opts.top;
            buf[k].row->tie =
                (k > 0 && fabs(buf[k - 1].mean - buf[k].mean) < SAME) ||
                (k + 1 < n && fabs(buf[k + 1].mean - buf[k].mean) < SAME);
        }
    }
}

/* ---- Norms -------------------------------------------------------------- */

static void apply_norm(stat_row *row, double mean, double sd)
{
    row->z = (row->mean - mean) / sd;
    row->t = 50 + 10 * row->z;
    row->percentile = 100 * gsl_cdf_ugaussian_P(row->z);
    row->has_norm = 1;
}

const inst_norm *score_norm(const assess_instrument *inst, uint32_t scale,
                            uint32_t group)
{
    const inst_norm *any = NULL;
    for (size_t k = 0; k < inst->n_norms; k++) {
        const inst_norm *nm = &inst->norms[k];
        if (nm->scale != scale)
            continue;
        if (nm->group == group)
            return nm;
        if (nm->group == NORM_ANY_GROUP)
            any = nm;
    }
    return any;
}

/* Norms for the scale rows of a block, from the instrument or the
 * cohort. */
static void norms(score_rows *v)
{
    const assess_score *s = v->s;
    const inst_norm *const *norm_of = v->scratch->norm_of;
    size_t ngo = s->n_groups_out, ns = s->inst->n_scales;

    for (size_t i = 0; i < ns * ngo; i++) {
        stat_row *row = &v->scale[i];
        if (!row->has_mean)
            continue;
        if (s->norms_used == ASSESS_NORMS_INSTRUMENT) {
            if (!norm_of[i])
                row->reasons |= WHY_NO_NORM;
            else
                apply_norm(row, norm_of[i]->mean, norm_of[i]->sd);
        } else if (s->norms_used == ASSESS_NORMS_COHORT) {
            const cohort_norm *c = &s->cohort[v->b->wave * ns * ngo + i];
            if (c->m < s->opts.cohort_minimum)
                row->reasons |= WHY_FEW_COHORT;
            else if (!(c->sd > 0))
                row->reasons |= WHY_COHORT_SD0;
            else
                apply_norm(row, c->mean, c->sd);
        }
    }
}

/* What the anonymity minimum withholds is cleared, not just flagged. */
static void clear_suppressed(stat_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        stat_row *row = &rows[i];
        if (!row->suppressed)
            continue;
        row->n = 0;
        row->has_mean = row->has_sd = row->has_norm = 0;
        row->mean = row->sd = row->min = row->max = row->raw_mean = 0;
        row->z = row->t = row->percentile = 0;
        row->reasons &= WHY_SUPPRESSED;
    }
}

/* ---- A block's rows ---------------------------------------------------- */

int score_rows_init(score_rows *v, const assess_score *s)
{
    const assess_instrument *inst = s->inst;
    size_t ngo = s->n_groups_out, ns = inst->n_scales, max_sets = 1;
    struct score_scratch *sc = calloc(1, sizeof *sc);

    memset(v, 0, sizeof *v);
    v->s = s;
    v->scratch = sc;
    if (!sc)
        return -1;
    for (size_t b = 0; b < s->n_blocks; b++)
        if (s->blocks[b].n_sets > max_sets)
            max_sets = s->blocks[b].n_sets;
    sc->vals.v = malloc(2 * max_sets * sizeof *sc->vals.v);
    sc->vals.raw = malloc(2 * max_sets * sizeof *sc->vals.raw);
    sc->vals.group = malloc(max_sets * sizeof *sc->vals.group);
    sc->group_means = malloc((inst->n_groups + 1) * sizeof *sc->group_means);
    sc->pooled = malloc(inst->n_groups + 1);
    sc->buf = malloc((inst->n_items + ns + 1) * sizeof *sc->buf);
    sc->norm_of = calloc(ns * ngo + 1, sizeof *sc->norm_of);
    v->scale = malloc((ns * ngo + 1) * sizeof *v->scale);
    if (s->opts.items)
        v->item = malloc((inst->n_items * ngo + 1) * sizeof *v->item);
    if (!sc->vals.v || !sc->vals.raw || !sc->vals.group || !sc->group_means ||
        !sc->pooled || !sc->buf || !sc->norm_of || !v->scale ||
        (s->opts.items && !v->item)) {
        score_rows_free(v);
        return -1;
    }
    for (uint32_t k = 0; k < ns; k++)
        for (size_t o = 0; o < ngo; o++)
            sc->norm_of[k * ngo + o] = score_norm(inst, k, s->groups_out[o]);
    return 0;
}

void score_rows_free(score_rows *v)
{
    struct score_scratch *sc = v->scratch;
    if (sc) {
        free(sc->vals.v);
        free(sc->vals.raw);
        free(sc->vals.group);
        free(sc->group_means);
        free(sc->pooled);
        free(sc->buf);
        free(sc->norm_of);
        free(sc);
    }
    free(v->scale);
    free(v->item);
    memset(v, 0, sizeof *v);
}

/* The scale rows of block b as far as the cohort norms need them: groups,
 * gaps and ranks, without norms and before suppressed rows are cleared. */
static void scale_rows_before_norms(score_rows *v, const score_block *b)
{
    const assess_score *s = v->s;
    struct score_scratch *sc = v->scratch;
    size_t ngo = s->n_groups_out;

    v->b = b;
    for (uint32_t k = 0; k < s->inst->n_scales; k++) {
        stat_row *rows = &v->scale[k * ngo];
        disclosure dc;
        disclose_scale(s, b, k, &dc);
        group_rows(s, b, k, fetch_scale, &dc, rows, sc);
        gaps(s, rows);
    }
    if (s->inst->kind == ASSESS_KIND_STRENGTHS)
        ranks(v, sc->buf);
}

void score_rows_compute(score_rows *v, const score_block *b)
{
    const assess_score *s = v->s;
    struct score_scratch *sc = v->scratch;
    size_t ngo = s->n_groups_out;

    scale_rows_before_norms(v, b);
    norms(v);
    clear_suppressed(v->scale, s->inst->n_scales * ngo);
    if (v->item) {
        for (uint32_t i = 0; i < s->inst->n_items; i++)
            group_rows(s, b, i, fetch_item, NULL, &v->item[i * ngo], sc);
        highlights(v, sc->buf);
        clear_suppressed(v->item, s->inst->n_items * ngo);
    }
}

/*
 * The cohort as its own norm group: per wave, scale and group, the mean and
 * sd (n - 1) of the subjects' means that are shown: a withheld mean
 * would otherwise be had back from the norm that other subjects' z-scores
 * give away.
 */
static int cohort_norms(assess_score *s)
{
    size_t per_block = s->inst->n_scales * s->n_groups_out;
    size_t n_waves = s->resp->waves.count;
    double *means = malloc((s->n_blocks * per_block + 1) * sizeof *means);
    score_rows v;
    int rc = -1;

    s->cohort = calloc(n_waves * per_block + 1, sizeof *s->cohort);
    if (!means || !s->cohort || score_rows_init(&v, s) < 0)
        goto out;
    for (size_t b = 0; b < s->n_blocks; b++) {
        scale_rows_before_norms(&v, &s->blocks[b]);
        for (size_t k = 0; k < per_block; k++)
            means[b * per_block + k] =
                v.scale[k].has_mean && !v.scale[k].suppressed
                    ? v.scale[k].mean : NAN;
    }
    score_rows_free(&v);
    for (size_t w = 0; w < n_waves; w++)
        for (size_t k = 0; k < per_block; k++) {
            cohort_norm *c = &s->cohort[w * per_block + k];
            double sum = 0, ss = 0;
            for (size_t b = 0; b < s->n_blocks; b++) {
                double x = means[b * per_block + k];
                if (s->blocks[b].wave == w && !isnan(x)) {
                    sum += x;
                    c->m++;
                }
            }
            if (c->m == 0)
                continue;
            c->mean = sum / (double)c->m;
            for (size_t b = 0; b < s->n_blocks; b++) {
                double x = means[b * per_block + k];
                if (s->blocks[b].wave == w && !isnan(x))
                    ss += (x - c->mean) * (x - c->mean);
            }
            c->sd = c->m > 1 ? sqrt(ss / (double)(c->m - 1)) : 0;
        }
    rc = 0;
out:
    free(means);
    return rc;
}

/* ---- Entry point -------------------------------------------------------- */

static assess_score *compute(const assess_responses *resp,
                             const assess_score_options *opts,
                             assess_error *err)
{
    assess_score *s = calloc(1, sizeof *s);
    const assess_instrument *inst = resp->inst;

    if (!s)
        goto oom;
    s->resp = resp;
    s->inst = inst;
    if (opts)
        s->opts = *opts;
    else
        assess_score_options_init(&s->opts);
    if (!isfinite(s->opts.gap_threshold) || s->opts.gap_threshold < 0) {
        error_set(err, ASSESS_EUSAGE, NULL, 0,
                  "the gap threshold must be a finite number >= 0");
        assess_score_free(s);
        return NULL;
    }
    s->norms_used = s->opts.norms;
    if (s->opts.norms == ASSESS_NORMS_INSTRUMENT && inst->n_norms == 0)
        s->norms_used = ASSESS_NORMS_NONE;
    if (s->opts.norms == ASSESS_NORMS_COHORT &&
        resp->subjects.count < s->opts.cohort_minimum) {
        error_set(err, ASSESS_EUSAGE, NULL, 0,
                  "--norms cohort: the input has %u subject%s, fewer than "
                  "the %u a cohort norm group needs (--cohort-minimum)",
                  resp->subjects.count, resp->subjects.count == 1 ? "" : "s",
                  s->opts.cohort_minimum);
        assess_score_free(s);
        return NULL;
    }
    if (make_blocks(s) < 0 || make_groups_out(s) < 0)
        goto oom;
    if (score_raters(s) < 0)
        goto oom;
    if (s->norms_used == ASSESS_NORMS_COHORT && cohort_norms(s) < 0)
        goto oom;
    return s;
oom:
    assess_score_free(s);
    error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    return NULL;
}

assess_score *assess_score_compute(const assess_responses *resp,
                                   const assess_score_options *opts,
                                   assess_error *err)
{
    return compute(resp, opts, err);
}

assess_score *score_for_statistics(const assess_responses *resp,
                                   const assess_score *shared,
                                   unsigned threads, assess_error *err)
{
    assess_score_options so;
    assess_score *s;

    assess_score_options_init(&so);
    so.threads = threads;
    so.items = 0;
    so.norms = ASSESS_NORMS_NONE;
    if (!shared)
        return compute(resp, &so, err);
    if (shared->resp != resp) {
        error_set(err, ASSESS_EUSAGE, NULL, 0,
                  "the scores to share were computed from other responses");
        return NULL;
    }
    /* The base does not depend on the options: only the rows do. */
    s = malloc(sizeof *s);
    if (!s) {
        error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    *s = *shared;
    s->opts = so;
    s->norms_used = ASSESS_NORMS_NONE;
    s->cohort = NULL;
    s->borrowed = 1;
    return s;
}
