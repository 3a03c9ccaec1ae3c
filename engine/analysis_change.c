/*
 * analysis_change.c - before/after change per executive and per cohort, from
 * the scored profiles of two waves, and Goal Attainment Scaling.
 *
 * Per subject, scale and group the pre and post means come from scoring,
 * anonymity minimums applied there: a withheld mean stays withheld here.
 * With --match raters only raters who rated at both waves count, and the
 * minimum applies to them.  The Reliable Change Index (Jacobson & Truax
 * 1991) uses the cohort's sd of pre means and the scale's reliability:
 * declared in the instrument, else Cronbach's alpha at the pre wave.
 * Cohort statistics pair the subjects that have both means.
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "score_disclose.h"
#include "input_goals.h"
#include "base_parts.h"
#include "analysis_reliability.h"
#include "score.h"
#include "stats.h"
#include "analysis_table.h"
#include "analysis_change.h"

void assess_change_options_init(assess_change_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->match = ASSESS_MATCH_GROUPS;
    opts->rci_z = 1.96;
    opts->gas_rho = 0.3;
}

const char *const change_class_names[4] = {
    NULL, "improved", "no_reliable_change", "deteriorated"
};
const char *const change_hold_names[4] = {
    NULL, "improved_further", "held", "fell_back"
};

int change_rci_sd(const assess_instrument *inst, assess_rci_sd rci_sd,
                  uint32_t k, uint32_t group, double cohort_sd, double *sd,
                  const char **source, const char **why)
{
    const inst_norm *nm = NULL;
    if (rci_sd == ASSESS_RCI_SD_NORM)
        nm = instrument_find_norm(inst->norms, inst->n_norms, k, group);
    if (nm) {
        *sd = nm->sd;
        *source = nm->group == NORM_ANY_GROUP
                      ? "the instrument's norm for the scale"
                      : "the instrument's norm for the scale and group";
        return 1;
    }
    if (isnan(cohort_sd)) {
        *why = rci_sd == ASSESS_RCI_SD_NORM
                   ? "no norm for the scale and fewer than two subjects with "
                     "a pre mean: no cohort sd"
                   : "fewer than two subjects with a pre mean: no cohort sd";
        return 0;
    }
    *sd = cohort_sd;
    *source = rci_sd == ASSESS_RCI_SD_NORM
                  ? "the cohort's sd of pre means: no norm for the scale"
                  : "the cohort's sd of pre means";
    return 1;
}

int change_rci(double diff, double sd, const stat_est *rxx, int lower_is_better,
               double z, double *rci, int *cls, const char **why)
{
    double sdiff = sqrt(2.0) * sd * sqrt(1 - rxx->value);
    if (!rxx->ok) {
        *why = "no reliability for the scale";
    } else if (!(sdiff > 0) || !isfinite(sdiff)) {
        *why = rxx->value >= 1 ? "reliability 1: no error to compare with"
                               : "the cohort's pre means have no spread";
    } else {
        *rci = diff / sdiff;
        double v = lower_is_better ? -*rci : *rci;
        *cls = v > z ? CLASS_IMPROVED
             : v < -z ? CLASS_DETERIORATED : CLASS_UNCHANGED;
        return 1;
    }
    return 0;
}

stat_est change_cutoff(const assess_instrument *inst, uint32_t k,
                       uint32_t group, double base_mean, double base_sd,
                       size_t base_n, const char **which)
{
    const inst_norm *f = instrument_find_norm(inst->functional_norms,
                                              inst->n_functional_norms, k,
                                              group);
    const inst_norm *d = instrument_find_norm(inst->dysfunctional_norms,
                                              inst->n_dysfunctional_norms, k,
                                              group);
    int lower = inst->scales[k].lower_is_better;
    *which = NULL;
    if (f && d) {
        *which = "c: between the functional and the dysfunctional norm";
        return stat_jt_cutoff(JT_CUTOFF_C, d->mean, d->sd, f->mean, f->sd,
                              lower);
    }
    if (f && base_n >= 2 && base_sd > 0) {
        *which = "c: between the functional norm and the cohort's pre means";
        return stat_jt_cutoff(JT_CUTOFF_C, base_mean, base_sd, f->mean, f->sd,
                              lower);
    }
    if (f) {
        *which = "b: two sds inside the functional norm";
        return stat_jt_cutoff(JT_CUTOFF_B, 0, 0, f->mean, f->sd, lower);
    }
    if (d) {
        *which = "a: two sds beyond the dysfunctional norm";
        return stat_jt_cutoff(JT_CUTOFF_A, d->mean, d->sd, 0, 0, lower);
    }
    return stat_absent("no functional or dysfunctional norm for the scale");
}

const char *change_jt_category(int cls, int past)
{
    if (cls == CLASS_IMPROVED)
        return past ? "recovered" : "improved";
    return change_class_names[cls];
}

/* Why a mean is absent: the notes, but for ABSENT_WITHHELD (by group,
 * change.withheld). */
enum {
    ABSENT_NONE = 0,
    ABSENT_NOT_RATED,  /* the subject was not rated at the wave */
    ABSENT_NO_RATERS,
    ABSENT_NO_SCORES,
    ABSENT_UNMATCHED,  /* --match raters: nobody rated at both waves */
    ABSENT_WITHHELD,   /* below the group's anonymity minimum */
    ABSENT_NARROW,     /* --match raters: differs from a wave's raters by
                          fewer than the minimum (score_disclose.h) */
    ABSENT_KINDS
};

static const char *const absent_notes[ABSENT_KINDS] = {
    [ABSENT_NOT_RATED] = "the subject was not rated at this wave",
    [ABSENT_NO_RATERS] = "no raters in the group",
    [ABSENT_NO_SCORES] = "no rater answered enough items",
    [ABSENT_UNMATCHED] = "no rater of the group rated at both waves",
    [ABSENT_NARROW] = "withheld: the raters at both waves differ from a "
                      "wave's raters by fewer than the group's minimum",
};

/* One subject, scale and group: kept for the whole cohort, so kept small
 * (40 bytes): the RCI is worked out from it when it is needed
 * (reliable_change()), and its notes when its rows are written. */
typedef struct exec_change {
    double pre, post;
    uint32_t n_pre, n_post;
    uint32_t left, joined;      /* with both means: raters of the pre wave
                                   only, and of the post wave only */
    unsigned char why_pre, why_post; /* ABSENT_... */
    unsigned char rated;        /* the group has raters at either wave */
    unsigned char has_pre, has_post;
} exec_change;

/* One scale and group of the cohort. */
typedef struct cohort {
    double s_pre;               /* the sd of the pre means */
    double m_pre;               /* their mean */
    size_t n_pre;
    int has_sd;                 /* the RCI's sd: */
    double rci_sd;              /* the norm's or s_pre, by --rci-sd */
    const char *sd_note;        /* its source, or why there is none */
    stat_est cutoff;            /* Jacobson & Truax's, when the instrument
                                   has a functional or dysfunctional norm */
    const char *cutoff_note;    /* which; NULL: no cut-off */
    size_t n_recovered;
    paired_result res;
    double p_holm, p_bh;
    size_t counts[4];
} cohort;

/* What one thread needs of its own. */
typedef struct change_worker {
    size_t *pre_sets, *post_sets;   /* of one block */
    size_t *view_sets;              /* of one block: --match groups' */
    score_rows pre_rows, post_rows; /* of the subject at hand's blocks */
    double *pre, *post;             /* of the cohort: paired means */
    int failed;                     /* out of memory */
} change_worker;

typedef struct change {
    const assess_responses *r;
    const assess_instrument *inst;
    assess_change_options opts;
    assess_score *s;
    disclose d;                  /* which sets the RCI's alpha may use */
    assess_table *t;
    uint32_t pre, post;          /* wave indexes */
    const char *label;           /* "PRE->POST" */
    uint32_t *groups;            /* output groups of score.h */
    size_t n_groups;
    const char **withheld;       /* the note ABSENT_WITHHELD, by group
                                    position */
    size_t *pre_block, *post_block; /* by subject position; SIZE_MAX none */
    change_worker *workers;      /* by worker, parts_workers(threads) of them */
    unsigned threads;
    uint32_t *subject;           /* subject ids by position */
    size_t n_subjects;
    exec_change *ex;             /* subject x scale x group */
    stat_est *rxx;               /* the RCI's reliability, by scale */
    const char *alpha_source;    /* where rxx comes from when computed */
    cohort *cohorts;             /* by scale x group */
} change;

#define EX(c, i, k, o) \
    (&(c)->ex[((i) * (c)->inst->n_scales + (k)) * (c)->n_groups + (o)])

/* ---- Per executive ------------------------------------------------------ */

/* A mean of the group at one wave as scoring found it, in the rows of the
 * block of that wave (NULL: the subject was not rated at it). */
static void group_mean(change *c, const score_rows *v, uint32_t k, size_t o,
                       unsigned char *has, double *mean, uint32_t *n,
                       unsigned char *why, unsigned char *rated)
{
    *has = 0;
    if (!v) {
        *why = ABSENT_NOT_RATED;
        return;
    }
    /* Output groups of change are a prefix-preserving subset of score's. */
    const stat_row *rows = score_scale_rows(v, k);
    const stat_row *row = NULL;
    for (size_t g = 0; g < c->s->n_groups_out; g++)
        if (c->s->groups_out[g] == c->groups[o])
            row = &rows[g];
    if (!row)
        return;
    if (!(row->reasons & WHY_NO_RATERS))
        *rated = 1;
    if (row->suppressed) {
        *why = ABSENT_WITHHELD;
    } else if (!row->has_mean) {
        *why = row->reasons & WHY_NO_RATERS ? ABSENT_NO_RATERS
                                            : ABSENT_NO_SCORES;
    } else {
        *has = 1;
        *mean = row->mean;
        *n = row->n;
    }
}

/* The group's sets with a score on scale k in a block, but for those of
 * the instrument groups in `left_out` (bit g). */
static size_t group_sets(change *c, size_t block, uint32_t group, uint32_t k,
                         uint64_t left_out, size_t *out)
{
    size_t m = 0, ns = c->inst->n_scales;
    if (block == SIZE_MAX)
        return 0;
    const score_block *b = &c->s->blocks[block];
    for (size_t i = 0; i < b->n_sets; i++) {
        size_t set = c->s->order[b->first_set + i];
        uint32_t g = c->r->sets[set].group;
        if (score_pooled(c->inst, g, group, left_out) &&
            !isnan(c->s->rater_score[set * ns + k]))
            out[m++] = set;
    }
    return m;
}

/* The raters of both sets lists who rated at both waves, with the sums of
 * their scores on scale k. */
static size_t match(change *c, uint32_t k, const size_t *pre_sets, size_t np,
                    const size_t *post_sets, size_t nq, long double *sp,
                    long double *sq)
{
    size_t matched = 0, ns = c->inst->n_scales;
    *sp = *sq = 0;
    for (size_t a = 0; a < np; a++) {
        for (size_t b = 0; b < nq; b++) {
            if (c->r->sets[pre_sets[a]].rater == c->r->sets[post_sets[b]].rater) {
                matched++;
                *sp += c->s->rater_score[pre_sets[a] * ns + k];
                *sq += c->s->rater_score[post_sets[b] * ns + k];
                break;
            }
        }
    }
    return matched;
}

/*
 * --match raters: what aggregate `group` leaves out.  First what scoring
 * leaves out of it at either wave (a rater scoring leaves out is used
 * nowhere, score_disclose.h); then, of the rest, what the rule of
 * score_left_out() leaves out when applied to the raters each group has
 * at both waves (the matched means are what an aggregate shows, so they
 * are what subtraction would work on).
 */
static uint64_t matched_left_out(change *c, size_t i, uint32_t k,
                                 uint32_t group, size_t *pre_sets,
                                 size_t *post_sets)
{
    uint32_t n[64] = { 0 };
    long double sp, sq;
    uint64_t out = 0;
    if (group < c->inst->n_groups)
        return 0;
    if (c->pre_block[i] != SIZE_MAX)
        out |= score_scale_left_out(c->s, &c->s->blocks[c->pre_block[i]], k,
                                    group);
    if (c->post_block[i] != SIZE_MAX)
        out |= score_scale_left_out(c->s, &c->s->blocks[c->post_block[i]], k,
                                    group);
    for (uint32_t g = 0; g < c->inst->n_groups && g < 64; g++) {
        if (out >> g & 1)
            continue;
        size_t np = group_sets(c, c->pre_block[i], g, k, 0, pre_sets);
        size_t nq = group_sets(c, c->post_block[i], g, k, 0, post_sets);
        n[g] = (uint32_t)match(c, k, pre_sets, np, post_sets, nq, &sp, &sq);
    }
    return out | score_left_out(c->inst, n);
}

/* Whether a rater has a set among sets[0..n). */
static int has_rater(const change *c, const size_t *sets, size_t n,
                     uint32_t rater)
{
    for (size_t i = 0; i < n; i++)
        if (c->r->sets[sets[i]].rater == rater)
            return 1;
    return 0;
}

/*
 * Two views of one group must not isolate fewer raters than its minimum
 * (score_disclose.h): the raters --match raters keeps at a wave (those of
 * `sets` also among `other`, the other wave's) against the raters the
 * wave's group mean rests on (--match groups, and assess score): how many
 * are in one and not the other.
 */
static size_t view_difference(change *c, change_worker *w, size_t block,
                              uint32_t group, uint32_t k, const size_t *sets,
                              size_t n, const size_t *other, size_t n_other)
{
    size_t d = 0;
    if (block == SIZE_MAX)
        return 0;
    uint64_t out = score_scale_left_out(c->s, &c->s->blocks[block], k, group);
    size_t nv = group_sets(c, block, group, k, out, w->view_sets);
    for (size_t i = 0; i < nv; i++) {
        uint32_t rater = c->r->sets[w->view_sets[i]].rater;
        if (!has_rater(c, sets, n, rater) ||
            !has_rater(c, other, n_other, rater))
            d++;
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t rater = c->r->sets[sets[i]].rater;
        if (has_rater(c, other, n_other, rater) &&
            !has_rater(c, w->view_sets, nv, rater))
            d++;
    }
    return d;
}

/*
 * The --match raters views of one wave's raters that other runs give: with
 * --pre or --post another wave W, the raters of `sets` who also rated at
 * W.  Whether one of them differs from this run's (the raters of `sets`
 * also in `other`) by more than none and fewer than m raters: two such
 * views side by side would isolate those raters.
 */
static int other_views_isolate(change *c, change_worker *w, size_t block,
                               uint32_t group, uint32_t k, const size_t *sets,
                               size_t n, const size_t *other, size_t n_other,
                               unsigned m)
{
    const score_block *blocks = c->s->blocks;
    size_t first = block, last = block;
    if (block == SIZE_MAX)
        return 0;
    while (first > 0 && blocks[first - 1].subject == blocks[block].subject)
        first--;
    while (last + 1 < c->s->n_blocks &&
           blocks[last + 1].subject == blocks[block].subject)
        last++;
    for (size_t bw = first; bw <= last; bw++) {
        if (blocks[bw].wave == c->pre || blocks[bw].wave == c->post)
            continue;
        uint64_t out = score_scale_left_out(c->s, &blocks[bw], k, group);
        size_t nv = group_sets(c, bw, group, k, out, w->view_sets), d = 0;
        for (size_t x = 0; x < n; x++) {
            uint32_t rater = c->r->sets[sets[x]].rater;
            d += has_rater(c, other, n_other, rater) !=
                 has_rater(c, w->view_sets, nv, rater);
        }
        if (d > 0 && d < m)
            return 1;
    }
    return 0;
}

static void per_executive(change *c, change_worker *w, size_t i, uint32_t k,
                          size_t o)
{
    size_t *pre_sets = w->pre_sets, *post_sets = w->post_sets;
    exec_change *e = EX(c, i, k, o);
    uint32_t group = c->groups[o];
    uint64_t pre_out, post_out;
    long double sp, sq;

    if (c->opts.match == ASSESS_MATCH_RATERS) {
        pre_out = post_out = matched_left_out(c, i, k, group, pre_sets,
                                              post_sets);
    } else {
        pre_out = c->pre_block[i] == SIZE_MAX ? 0 : score_scale_left_out(
            c->s, &c->s->blocks[c->pre_block[i]], k, group);
        post_out = c->post_block[i] == SIZE_MAX ? 0 : score_scale_left_out(
            c->s, &c->s->blocks[c->post_block[i]], k, group);
    }
    size_t np = group_sets(c, c->pre_block[i], group, k, pre_out, pre_sets);
    size_t nq = group_sets(c, c->post_block[i], group, k, post_out, post_sets);
    size_t matched = match(c, k, pre_sets, np, post_sets, nq, &sp, &sq);
    size_t left = np - matched, joined = nq - matched;

    if (c->opts.match == ASSESS_MATCH_RATERS) {
        unsigned char why = ABSENT_NONE;
        e->rated = np > 0 || nq > 0;
        if (c->pre_block[i] == SIZE_MAX || c->post_block[i] == SIZE_MAX)
            why = ABSENT_NOT_RATED;
        else if (matched == 0)
            why = ABSENT_UNMATCHED;
        else if (matched < score_group_minimum(c->inst, group))
            why = ABSENT_WITHHELD;
        if (!why && group < c->inst->n_groups && group < 64) {
            /* withheld at either wave by --match groups (on a part of a
             * composite, say): withheld here too */
            disclosure dp, dq;
            disclose_scale(c->s, &c->s->blocks[c->pre_block[i]], k, &dp);
            disclose_scale(c->s, &c->s->blocks[c->post_block[i]], k, &dq);
            if ((dp.withheld | dq.withheld) >> group & 1)
                why = ABSENT_WITHHELD;
        }
        if (!why) {
            unsigned m = score_group_minimum(c->inst, group);
            size_t dp = view_difference(c, w, c->pre_block[i], group, k,
                                        pre_sets, np, post_sets, nq);
            size_t dq = view_difference(c, w, c->post_block[i], group, k,
                                        post_sets, nq, pre_sets, np);
            if ((dp > 0 && dp < m) || (dq > 0 && dq < m) ||
                other_views_isolate(c, w, c->pre_block[i], group, k, pre_sets,
                                    np, post_sets, nq, m) ||
                other_views_isolate(c, w, c->post_block[i], group, k,
                                    post_sets, nq, pre_sets, np, m))
                why = ABSENT_NARROW;
        }
        if (why) {
            e->why_pre = e->why_post = why;
        } else {
            e->has_pre = e->has_post = 1;
            e->pre = (double)(sp / matched);
            e->post = (double)(sq / matched);
            e->n_pre = e->n_post = (uint32_t)matched;
            e->left = (uint32_t)left;
            e->joined = (uint32_t)joined;
        }
        return;
    }
    group_mean(c, c->pre_block[i] == SIZE_MAX ? NULL : &w->pre_rows, k, o,
               &e->has_pre, &e->pre, &e->n_pre, &e->why_pre, &e->rated);
    group_mean(c, c->post_block[i] == SIZE_MAX ? NULL : &w->post_rows, k, o,
               &e->has_post, &e->post, &e->n_post, &e->why_post, &e->rated);
    if (e->has_pre && e->has_post) {
        e->left = (uint32_t)left;
        e->joined = (uint32_t)joined;
    }
}

/* Subjects are worked out and written SUBJECT_PART at a time (base_parts.h). */
#define SUBJECT_PART 16

static size_t subject_parts(const change *c)
{
    return parts_count(c->n_subjects, SUBJECT_PART);
}

/* Part `part` of the subjects: their cells (parts_make_fn). */
static void executives_part(void *ctx, unsigned worker, size_t part,
                            size_t slot)
{
    change *c = ctx;
    change_worker *w = &c->workers[worker];
    size_t end = parts_end(part, SUBJECT_PART, c->n_subjects);
    /* --match raters works from the rater scores, not the rows. */
    int rows = c->opts.match != ASSESS_MATCH_RATERS;

    (void)slot;
    for (size_t i = part * SUBJECT_PART; i < end; i++) {
        if (rows && c->pre_block[i] != SIZE_MAX)
            score_rows_compute(&w->pre_rows, &c->s->blocks[c->pre_block[i]]);
        if (rows && c->post_block[i] != SIZE_MAX)
            score_rows_compute(&w->post_rows, &c->s->blocks[c->post_block[i]]);
        for (uint32_t k = 0; k < c->inst->n_scales; k++)
            for (size_t o = 0; o < c->n_groups; o++)
                per_executive(c, w, i, k, o);
    }
}

/* Part k: the reliability the RCI uses for scale k, declared in the
 * instrument, else Cronbach's alpha at the pre wave (parts_make_fn). */
static void reliability_part(void *ctx, unsigned worker, size_t k,
                             size_t slot)
{
    change *c = ctx;
    const inst_scale *sc = &c->inst->scales[k];
    stat_est *rxx = &c->rxx[k];

    (void)slot;
    if (sc->has_reliability) {
        *rxx = (stat_est){ .ok = 1, .value = sc->reliability };
    } else if (reliability_alpha(&c->d, c->pre, (uint32_t)k, rxx) < 0) {
        c->workers[worker].failed = 1;
        *rxx = (stat_est){ .note = "out of memory" };
    }
}

/* The sd of the subjects' pre means; NaN when fewer than two. */
static double pre_sd(change *c, uint32_t k, size_t o, size_t *n,
                     double *mean)
{
    long double s = 0, ss = 0;
    *n = 0;
    for (size_t i = 0; i < c->n_subjects; i++) {
        const exec_change *e = EX(c, i, k, o);
        if (e->has_pre) {
            s += e->pre;
            (*n)++;
        }
    }
    *mean = *n ? (double)(s / *n) : NAN;
    if (*n < 2)
        return NAN;
    long double m = s / *n;
    for (size_t i = 0; i < c->n_subjects; i++) {
        const exec_change *e = EX(c, i, k, o);
        if (e->has_pre)
            ss += (e->pre - m) * (e->pre - m);
    }
    return (double)sqrtl(ss / (*n - 1));
}

/*
 * Jacobson & Truax (1991): the RCI of a cell with both means, once c->rxx
 * and the cohort's RCI sd are known (change_rci()).  1 with *rci and its
 * class *cls, or 0 with *why.
 */
static int reliable_change(const change *c, uint32_t k, size_t o,
                           const exec_change *e, double *rci, int *cls,
                           const char **why)
{
    const cohort *co = &c->cohorts[k * c->n_groups + o];
    if (!c->rxx[k].ok) {
        *why = "no reliability for the scale";
        return 0;
    }
    if (!co->has_sd) {
        *why = co->sd_note;
        return 0;
    }
    return change_rci(e->post - e->pre, co->rci_sd, &c->rxx[k],
                      c->inst->scales[k].lower_is_better, c->opts.rci_z, rci,
                      cls, why);
}

static const char *absent_note(const change *c, size_t o, unsigned why)
{
    return why == ABSENT_WITHHELD ? c->withheld[o] : absent_notes[why];
}

/* The note on a cell's diff: who rated changed between the waves. */
static const char *mix_note(const change *c, assess_table *t,
                            const exec_change *e)
{
    if (!e->left && !e->joined)
        return NULL;
    if (c->opts.match == ASSESS_MATCH_RATERS)
        return table_note(t, "%" PRIu32 " rater%s of the pre wave and %"
                             PRIu32 " of the post wave left out: they did "
                             "not rate at both",
                          e->left, e->left == 1 ? "" : "s", e->joined);
    return table_note(t, "raters changed: %" PRIu32 " left, %" PRIu32
                         " joined; the change may come from who rated",
                      e->left, e->joined);
}

static void executive_rows(const change *c, assess_table *t, size_t i)
{
    table_keys keys = { strtab_str(&c->r->subjects, c->subject[i]), c->label,
                        NULL, NULL, NULL };
    for (uint32_t k = 0; k < c->inst->n_scales; k++) {
        keys.scale = c->inst->scales[k].id;
        for (size_t o = 0; o < c->n_groups; o++) {
            const exec_change *e = EX(c, i, k, o);
            const char *why_pre, *why_post;
            table_row *row;
            if (!e->rated)
                continue; /* the group never rated this subject */
            why_pre = absent_note(c, o, e->why_pre);
            why_post = absent_note(c, o, e->why_post);
            keys.group = score_group_id(c->s, c->groups[o]);
            row = table_add_value(t, &keys, "pre_mean", e->has_pre, e->pre,
                                  e->has_pre ? NULL : why_pre);
            if (row && e->has_pre) {
                row->has_n = 1;
                row->n = e->n_pre;
            }
            row = table_add_value(t, &keys, "post_mean", e->has_post, e->post,
                                  e->has_post ? NULL : why_post);
            if (row && e->has_post) {
                row->has_n = 1;
                row->n = e->n_post;
            }
            int both = e->has_pre && e->has_post, cls = 0;
            double rci = 0;
            const char *why_rci = NULL;
            int has_rci = both && reliable_change(c, k, o, e, &rci, &cls,
                                                  &why_rci);
            table_add_value(t, &keys, "diff", both, e->post - e->pre,
                            both ? mix_note(c, t, e)
                                 : !e->has_pre ? why_pre : why_post);
            table_add_value(t, &keys, "rci", has_rci, rci,
                            has_rci ? change_class_names[cls]
                            : both ? why_rci
                                   : !e->has_pre ? why_pre : why_post);
            const cohort *co = &c->cohorts[k * c->n_groups + o];
            if (co->cutoff_note) {
                int ok = e->has_post && co->cutoff.ok;
                int past = ok && change_past_cutoff(
                    e->post, co->cutoff.value,
                    c->inst->scales[k].lower_is_better);
                table_add_value(t, &keys, "past_cutoff", ok, past,
                                !ok ? (!e->has_post ? why_post
                                                    : co->cutoff.note)
                                : has_rci ? change_jt_category(cls, past)
                                          : "no RCI class");
            }
        }
    }
}

/* Part `part` of the subjects: their rows (table_part_fn). */
static void executive_rows_part(void *ctx, unsigned worker, size_t part,
                                assess_table *t)
{
    const change *c = ctx;
    size_t end = parts_end(part, SUBJECT_PART, c->n_subjects);

    (void)worker;
    for (size_t i = part * SUBJECT_PART; i < end; i++)
        executive_rows(c, t, i);
}

/* ---- Per cohort --------------------------------------------------------- */

static void cohort_rows(change *c, uint32_t k, size_t o, const cohort *co)
{
    table_keys keys = { NULL, c->label, c->inst->scales[k].id, NULL,
                        score_group_id(c->s, c->groups[o]) };
    const paired_result *r = &co->res;
    double n = (double)r->n;
    table_row *row;

    row = table_add_est(c->t, &keys, "r_xx", &c->rxx[k], -1);
    if (row && c->rxx[k].ok)
        row->note = c->inst->scales[k].has_reliability
                        ? "declared in the instrument" : c->alpha_source;
    row = table_add_value(c->t, &keys, "s_pre", !isnan(co->s_pre), co->s_pre,
                          isnan(co->s_pre) ? "fewer than two subjects with a "
                                             "pre mean" : NULL);
    if (row) {
        row->has_n = 1;
        row->n = (double)co->n_pre;
    }
    table_add_value(c->t, &keys, "rci_sd", co->has_sd, co->rci_sd,
                    co->sd_note);
    table_add_value(c->t, &keys, "n_pairs", 1, n, NULL);
    table_add_est(c->t, &keys, "mean_diff", &r->mean_diff, n);
    table_add_est(c->t, &keys, "t", &r->t, n);
    table_add_est(c->t, &keys, "df", &r->df, n);
    table_add_est(c->t, &keys, "p", &r->p, n);
    table_add_est(c->t, &keys, "wilcoxon_v", &r->wilcoxon_v, n);
    row = table_add_est(c->t, &keys, "wilcoxon_p", &r->wilcoxon_p, n);
    if (row && r->wilcoxon_p.ok && r->wilcoxon_exact)
        row->note = "exact";
    table_add_est(c->t, &keys, "d_z", &r->d_z, n);
    table_add_est(c->t, &keys, "d_av", &r->d_av, n);
    table_add_est(c->t, &keys, "hedges_g", &r->hedges_g, n);
    table_add_value(c->t, &keys, "p_holm", !isnan(co->p_holm), co->p_holm,
                    isnan(co->p_holm) ? "no p to adjust" : NULL);
    table_add_value(c->t, &keys, "p_bh", !isnan(co->p_bh), co->p_bh,
                    isnan(co->p_bh) ? "no p to adjust" : NULL);
    table_add_value(c->t, &keys, "n_improved", 1, (double)co->counts[CLASS_IMPROVED], NULL);
    table_add_value(c->t, &keys, "n_unchanged", 1, (double)co->counts[CLASS_UNCHANGED], NULL);
    table_add_value(c->t, &keys, "n_deteriorated", 1,
                    (double)co->counts[CLASS_DETERIORATED], NULL);
    if (co->cutoff_note) {
        row = table_add_est(c->t, &keys, "cutoff", &co->cutoff, -1);
        if (row && co->cutoff.ok)
            row->note = co->cutoff_note;
        table_add_value(c->t, &keys, "n_recovered", co->cutoff.ok,
                        (double)co->n_recovered,
                        co->cutoff.ok ? NULL : co->cutoff.note);
    }
}

/* Part k * n_groups + o: the paired tests of scale k and group o, with the
 * counts of reliable change (parts_make_fn). */
static void cohort_part(void *ctx, unsigned worker, size_t part, size_t slot)
{
    change *c = ctx;
    change_worker *w = &c->workers[worker];
    uint32_t k = (uint32_t)(part / c->n_groups);
    size_t o = part % c->n_groups, n = 0;
    cohort *co = &c->cohorts[part];

    (void)slot;
    memset(co->counts, 0, sizeof co->counts);
    co->n_recovered = 0;
    for (size_t i = 0; i < c->n_subjects; i++) {
        const exec_change *e = EX(c, i, k, o);
        double rci;
        int cls;
        const char *why;
        if (e->has_pre && e->has_post) {
            w->pre[n] = e->pre;
            w->post[n++] = e->post;
            if (reliable_change(c, k, o, e, &rci, &cls, &why)) {
                co->counts[cls]++;
                if (cls == CLASS_IMPROVED && co->cutoff.ok &&
                    change_past_cutoff(e->post, co->cutoff.value,
                                       c->inst->scales[k].lower_is_better))
                    co->n_recovered++;
            }
        }
    }
    if (stat_paired(w->pre, w->post, n, &co->res) < 0)
        w->failed = 1;
}

/* Each group's p-values adjusted across the scales (Holm; Benjamini &
 * Hochberg).  0, or -1 when out of memory. */
static int adjust_p(change *c)
{
    size_t ns = c->inst->n_scales;
    double *p = malloc((ns + 1) * sizeof *p);
    double *adj = malloc((ns + 1) * sizeof *adj);
    int rc = -1;

    if (!p || !adj)
        goto out;
    for (size_t o = 0; o < c->n_groups; o++) {
        for (size_t k = 0; k < ns; k++) {
            const paired_result *r = &c->cohorts[k * c->n_groups + o].res;
            p[k] = r->p.ok ? r->p.value : NAN;
        }
        if (stat_p_holm(p, ns, adj) < 0)
            goto out;
        for (size_t k = 0; k < ns; k++)
            c->cohorts[k * c->n_groups + o].p_holm = adj[k];
        if (stat_p_bh(p, ns, adj) < 0)
            goto out;
        for (size_t k = 0; k < ns; k++)
            c->cohorts[k * c->n_groups + o].p_bh = adj[k];
    }
    rc = 0;
out:
    free(p);
    free(adj);
    return rc;
}

/* ---- Goals -------------------------------------------------------------- */

static void goal_rows(change *c)
{
    change_goal_rows(c->t, c->opts.goals, c->opts.gas_rho, c->label);
}

void change_goal_rows(assess_table *tab, const assess_goals *g, double rho,
                      const char *label)
{
    table_keys keys = { NULL, label, NULL, NULL, NULL };
    double *w = malloc((g->n + 1) * sizeof *w), *x = malloc((g->n + 1) * sizeof *x);
    double *t = malloc((g->n + 1) * sizeof *t);
    size_t n_t = 0;

    if (!w || !x || !t) {
        tab->failed = 1;
        goto out;
    }
    for (size_t i = 0; i < g->n;) {
        size_t j = i;
        while (j < g->n && strcmp(g->goals[j].subject, g->goals[i].subject) == 0) {
            w[j - i] = g->goals[j].weight;
            x[j - i] = g->goals[j].level;
            j++;
        }
        stat_est e = stat_gas_t(w, x, j - i, rho);
        keys.subject = g->goals[i].subject;
        table_add_est(tab, &keys, "gas_t", &e, (double)(j - i));
        if (e.ok)
            t[n_t++] = e.value;
        i = j;
    }
    keys.subject = NULL;
    long double s = 0, ss = 0;
    for (size_t i = 0; i < n_t; i++)
        s += t[i];
    long double m = n_t ? s / n_t : 0;
    for (size_t i = 0; i < n_t; i++)
        ss += (t[i] - m) * (t[i] - m);
    table_row *row = table_add_value(tab, &keys, "gas_t_mean", n_t > 0,
                                     (double)m, n_t ? NULL : "no goals");
    if (row) {
        row->has_n = 1;
        row->n = (double)n_t;
    }
    row = table_add_value(tab, &keys, "gas_t_sd", n_t > 1,
                                     n_t > 1 ? (double)sqrtl(ss / (n_t - 1)) : 0,
                                     n_t > 1 ? NULL : "fewer than two subjects");
    if (row) {
        row->has_n = 1;
        row->n = (double)n_t;
    }
out:
    free(w);
    free(x);
    free(t);
}

/* ---- Setting up --------------------------------------------------------- */

static assess_status find_wave(const assess_responses *r, const char *name,
                               const char *opt, uint32_t *out, assess_error *err)
{
    *out = strtab_find(&r->waves, name, strlen(name));
    if (*out != STRTAB_NONE)
        return ASSESS_OK;
    char list[256] = "";
    size_t used = 0;
    for (uint32_t w = 0; w < r->waves.count && used < sizeof list - 8; w++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                                 w ? ", " : "", strtab_str(&r->waves, w));
    return error_set(err, ASSESS_EUSAGE, NULL, 0,
                     "%s '%s': no such wave in the data (waves: %s)", opt, name,
                     list);
}

/* Each group of the instrument (self included), then `others`. */
static int choose_groups(change *c)
{
    const assess_score *s = c->s;
    c->groups = malloc((s->n_groups_out + 1) * sizeof *c->groups);
    c->withheld = malloc((s->n_groups_out + 1) * sizeof *c->withheld);
    if (!c->groups || !c->withheld)
        return -1;
    for (size_t g = 0; g < s->n_groups_out; g++) {
        uint32_t group = s->groups_out[g];
        if (group == GROUP_ALL(c->inst))
            continue;
        c->withheld[c->n_groups] = table_note(
            c->t, "withheld: fewer than %u raters",
            score_group_minimum(c->inst, group));
        c->groups[c->n_groups++] = group;
    }
    return 0;
}

static int index_subjects(change *c)
{
    const assess_score *s = c->s;
    c->subject = malloc((s->n_blocks + 1) * sizeof *c->subject);
    c->pre_block = malloc((s->n_blocks + 1) * sizeof *c->pre_block);
    c->post_block = malloc((s->n_blocks + 1) * sizeof *c->post_block);
    if (!c->subject || !c->pre_block || !c->post_block)
        return -1;
    for (size_t b = 0; b < s->n_blocks; b++) {
        const score_block *bl = &s->blocks[b];
        if (bl->wave != c->pre && bl->wave != c->post)
            continue;
        size_t i = c->n_subjects;
        if (i == 0 || c->subject[i - 1] != bl->subject) {
            c->subject[i] = bl->subject;
            c->pre_block[i] = c->post_block[i] = SIZE_MAX;
            c->n_subjects++;
        } else {
            i--;
        }
        if (bl->wave == c->pre)
            c->pre_block[i] = b;
        if (bl->wave == c->post)
            c->post_block[i] = b;
    }
    return 0;
}

/* Each worker's room: for the sets of the largest block, a subject's
 * rows and the cohort's means.  0, or -1 when out of memory. */
static int make_workers(change *c)
{
    size_t n = parts_workers(c->threads), max_sets = 1;

    for (size_t b = 0; b < c->s->n_blocks; b++)
        if (c->s->blocks[b].n_sets > max_sets)
            max_sets = c->s->blocks[b].n_sets;
    c->workers = calloc(n, sizeof *c->workers);
    if (!c->workers)
        return -1;
    for (size_t i = 0; i < n; i++) {
        change_worker *w = &c->workers[i];
        w->pre_sets = malloc(max_sets * sizeof *w->pre_sets);
        w->post_sets = malloc(max_sets * sizeof *w->post_sets);
        w->view_sets = malloc(max_sets * sizeof *w->view_sets);
        w->pre = malloc((c->n_subjects + 1) * sizeof *w->pre);
        w->post = malloc((c->n_subjects + 1) * sizeof *w->post);
        if (!w->pre_sets || !w->post_sets || !w->view_sets || !w->pre || !w->post ||
            score_rows_init(&w->pre_rows, c->s) < 0 ||
            score_rows_init(&w->post_rows, c->s) < 0)
            return -1;
    }
    return 0;
}

/* Runs make on the parts, on c->threads threads; 0, or -1 when a worker
 * ran out of memory. */
static int run_parts(change *c, size_t n, parts_make_fn *make)
{
    int rc = parts_run(n, c->threads, make, NULL, c);
    for (size_t i = 0; i < parts_workers(c->threads); i++)
        if (c->workers[i].failed)
            rc = -1;
    return rc;
}

static void release(change *c)
{
    if (c->workers) {
        for (size_t i = 0; i < parts_workers(c->threads); i++) {
            change_worker *w = &c->workers[i];
            score_rows_free(&w->pre_rows);
            score_rows_free(&w->post_rows);
            free(w->pre_sets);
            free(w->post_sets);
            free(w->view_sets);
            free(w->pre);
            free(w->post);
        }
        free(c->workers);
    }
    disclose_release(&c->d);
    assess_score_free(c->s);
    free(c->groups);
    free(c->withheld);
    free(c->subject);
    free(c->pre_block);
    free(c->post_block);
    free(c->ex);
    free(c->rxx);
    free(c->cohorts);
}

assess_table *assess_change_compute(const assess_responses *resp,
                                    const assess_change_options *opts,
                                    assess_error *err)
{
    change c = { 0 };
    int one_wave;

    c.r = resp;
    c.inst = resp->inst;
    if (opts)
        c.opts = *opts;
    else
        assess_change_options_init(&c.opts);
    c.threads = c.opts.threads ? c.opts.threads : 1;
    if (!(c.opts.rci_z > 0) || !isfinite(c.opts.rci_z) ||
        !(c.opts.gas_rho >= 0 && c.opts.gas_rho < 1)) {
        error_set(err, ASSESS_EUSAGE, NULL, 0, "--rci-z must be above 0 and "
                  "--gas-rho from 0 to below 1");
        return NULL;
    }
    if (c.opts.waves_all)
        return change_waves_compute(resp, &c.opts, err);
    c.pre = 0;
    c.post = resp->waves.count ? resp->waves.count - 1 : 0;
    if (c.opts.pre && find_wave(resp, c.opts.pre, "--pre", &c.pre, err))
        return NULL;
    if (c.opts.post && find_wave(resp, c.opts.post, "--post", &c.post, err))
        return NULL;
    if ((c.opts.pre || c.opts.post) && c.pre == c.post) {
        error_set(err, ASSESS_EUSAGE, NULL, 0,
                  "--pre and --post name the same wave '%s'",
                  strtab_str(&resp->waves, c.pre));
        return NULL;
    }
    one_wave = c.pre == c.post;

    c.s = score_for_statistics(resp, c.opts.score, c.threads, err);
    if (!c.s)
        return NULL;
    c.t = table_new("change", c.inst, c.opts.stream);
    if (c.t)
        c.t->digits = c.opts.digits;
    if (!c.t || disclose_init(&c.d, c.s, c.opts.research) < 0 ||
        choose_groups(&c) < 0 || index_subjects(&c) < 0)
        goto oom;
    if (resp->waves.count) {
        const char *a = strtab_str(&resp->waves, c.pre);
        const char *b = strtab_str(&resp->waves, c.post);
        c.label = table_note(c.t, "%s->%s", a, b);
    } else {
        c.label = "->";
    }

    size_t ns = c.inst->n_scales, cells = ns * c.n_groups;
    c.ex = calloc(c.n_subjects * cells + 1, sizeof *c.ex);
    c.rxx = calloc(ns + 1, sizeof *c.rxx);
    c.cohorts = calloc(cells + 1, sizeof *c.cohorts);
    if (!c.ex || !c.rxx || !c.cohorts || make_workers(&c) < 0)
        goto oom;

    if (one_wave) {
        /* Nothing to compare: say so once per scale and group. */
        for (uint32_t k = 0; k < ns; k++) {
            for (size_t o = 0; o < c.n_groups; o++) {
                table_keys keys = { NULL, c.label, c.inst->scales[k].id, NULL,
                                    score_group_id(c.s, c.groups[o]) };
                table_add_value(c.t, &keys, "n_pairs", 1, 0,
                                "the data hold one wave only: nothing to compare");
            }
        }
        if (c.opts.goals)
            goal_rows(&c);
        goto done;
    }

    /* Each subject's cells, then what the RCI needs of the cohort, then
     * each subject's rows. */
    if (run_parts(&c, subject_parts(&c), executives_part) < 0 ||
        run_parts(&c, ns, reliability_part) < 0)
        goto oom;
    c.alpha_source = table_note(c.t, "Cronbach's alpha at wave %s, every "
                                     "rater%s", strtab_str(&resp->waves, c.pre),
                                c.opts.research ? "" : " shown");
    for (uint32_t k = 0; k < ns; k++) {
        for (size_t o = 0; o < c.n_groups; o++) {
            cohort *x = &c.cohorts[k * c.n_groups + o];
            x->s_pre = pre_sd(&c, k, o, &x->n_pre, &x->m_pre);
            const char *why = NULL;
            x->has_sd = change_rci_sd(c.inst, c.opts.rci_sd, k, c.groups[o],
                                      x->s_pre, &x->rci_sd, &x->sd_note, &why);
            if (!x->has_sd)
                x->sd_note = why;
            x->cutoff = change_cutoff(c.inst, k, c.groups[o], x->m_pre,
                                      x->s_pre, x->n_pre, &x->cutoff_note);
        }
    }
    if (table_parts(c.t, subject_parts(&c), c.threads, executive_rows_part,
                    &c) < 0)
        goto oom;
    if (c.opts.goals)
        goal_rows(&c);

    /* Cohort rows, scale by scale, each group's p adjusted across scales. */
    if (run_parts(&c, cells, cohort_part) < 0 || adjust_p(&c) < 0)
        goto oom;
    for (uint32_t k = 0; k < ns; k++)
        for (size_t o = 0; o < c.n_groups; o++)
            cohort_rows(&c, k, o, &c.cohorts[k * c.n_groups + o]);
done:
    if (c.t->failed)
        goto oom;
    if (table_end(c.t, err) != ASSESS_OK) {
        assess_table_free(c.t);
        c.t = NULL;
    }
out:
    release(&c);
    return c.t;
oom:
    assess_table_free(c.t);
    c.t = NULL;
    error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    goto out;
}
