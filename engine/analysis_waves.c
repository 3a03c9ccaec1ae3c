/*
 * analysis_waves.c - change across every wave (assess change --waves all):
 * a baseline, the end of coaching, a follow-up, and any waves more.
 *
 * Per subject, scale and group: each wave's mean as scoring shows it (a
 * withheld mean stays withheld, as in analysis_change.c), the change from
 * the first wave to each later one with its Reliable Change Index and
 * class, and, with three waves or more, the change from the last but one
 * wave (the end of coaching) to the last (the follow-up) with its own
 * class: did it hold?  Every RCI divides by the same standard error of
 * the difference, the baseline's (its sd by --rci-sd, its reliability
 * declared or Cronbach's alpha at the first wave).
 *
 * Per scale and group across the cohort: each wave's mean over the
 * subjects with one, with its t interval; the repeated-measures ANOVA
 * and Friedman's test over the subjects with a mean at every wave; the
 * paired comparison of every two waves over the subjects with both, its
 * p-values adjusted by Holm across those pairs.  Only means that the
 * subjects' rows show enter (score_disclose.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "score_disclose.h"
#include "base_parts.h"
#include "analysis_reliability.h"
#include "score.h"
#include "stats.h"
#include "analysis_table.h"
#include "analysis_change.h"

/* One subject, wave, scale and group. */
typedef struct wcell {
    double mean;
    uint32_t n;
    unsigned char has, why, rated; /* why: ABSENT_... */
} wcell;

enum {
    ABSENT_NONE = 0,
    ABSENT_NOT_RATED,
    ABSENT_NO_RATERS,
    ABSENT_NO_SCORES,
    ABSENT_WITHHELD,
    ABSENT_KINDS
};

static const char *const absent_notes[ABSENT_KINDS] = {
    [ABSENT_NOT_RATED] = "the subject was not rated at this wave",
    [ABSENT_NO_RATERS] = "no raters in the group",
    [ABSENT_NO_SCORES] = "no rater answered enough items",
};

/* One scale and group of the cohort. */
typedef struct wcohort {
    double base_mean, base_sd;  /* of the first wave's means */
    size_t base_n;
    int has_sd;
    double rci_sd;
    const char *sd_note;
    stat_est cutoff;
    const char *cutoff_note;
    stat_est *wave_mean;        /* by wave */
    size_t *wave_n;
    size_t n_complete;
    rm_anova_result rm;
    friedman_result fr;
    paired_result *pairs;       /* by pair (a < b), in order */
    double *p_holm, *w_holm;    /* by pair */
    size_t counts[4], hold[4], n_recovered;
} wcohort;

typedef struct waves_worker {
    score_rows rows;
    size_t *a_sets, *b_sets;
    double *y, *pa, *pb, *p;    /* the cohort's means, and p-values */
    int failed;
} waves_worker;

typedef struct waves {
    const assess_responses *r;
    const assess_instrument *inst;
    assess_change_options opts;
    assess_score *s;
    disclose d;
    assess_table *t;
    size_t K, n_pairs;          /* waves, pairs of waves */
    const char **wave_id;       /* by wave */
    const char **pair_label;    /* "A->B", by pair */
    const char *all_label;      /* "1->2->3" */
    uint32_t *groups;
    size_t n_groups;
    const char **withheld;
    uint32_t *subject;
    size_t n_subjects;
    size_t *block;              /* subject x wave; SIZE_MAX none */
    wcell *cells;               /* subject x wave x scale x group */
    stat_est *rxx;
    const char *alpha_source;
    wcohort *cohorts;           /* scale x group */
    waves_worker *workers;
    unsigned threads;
} waves;

#define CELL(c, i, w, k, o)                                                  \
    (&(c)->cells[(((i) * (c)->K + (w)) * (c)->inst->n_scales + (k)) *        \
                     (c)->n_groups + (o)])

/* The pair (a, b), a < b, in the order (0,1), (0,2), ..., (1,2), ... */
static size_t pair_index(const waves *c, size_t a, size_t b)
{
    return a * c->K - a * (a + 1) / 2 + (b - a - 1);
}

/* ---- Per subject -------------------------------------------------------- */

/* The group's mean at one wave as scoring shows it. */
static void cell_of(const waves *c, const score_rows *v, uint32_t k, size_t o,
                    wcell *e)
{
    const stat_row *rows = score_scale_rows(v, k);
    const stat_row *row = NULL;
    for (size_t g = 0; g < c->s->n_groups_out; g++)
        if (c->s->groups_out[g] == c->groups[o])
            row = &rows[g];
    if (!row)
        return;
    if (!(row->reasons & WHY_NO_RATERS))
        e->rated = 1;
    if (row->suppressed) {
        e->why = ABSENT_WITHHELD;
    } else if (!row->has_mean) {
        e->why = row->reasons & WHY_NO_RATERS ? ABSENT_NO_RATERS
                                              : ABSENT_NO_SCORES;
    } else {
        e->has = 1;
        e->mean = row->mean;
        e->n = row->n;
    }
}

#define SUBJECT_PART 16

static void cells_part(void *ctx, unsigned worker, size_t part, size_t slot)
{
    waves *c = ctx;
    waves_worker *w = &c->workers[worker];
    size_t end = parts_end(part, SUBJECT_PART, c->n_subjects);

    (void)slot;
    for (size_t i = part * SUBJECT_PART; i < end; i++) {
        for (size_t wv = 0; wv < c->K; wv++) {
            size_t b = c->block[i * c->K + wv];
            if (b == SIZE_MAX) {
                for (uint32_t k = 0; k < c->inst->n_scales; k++)
                    for (size_t o = 0; o < c->n_groups; o++)
                        CELL(c, i, wv, k, o)->why = ABSENT_NOT_RATED;
                continue;
            }
            score_rows_compute(&w->rows, &c->s->blocks[b]);
            for (uint32_t k = 0; k < c->inst->n_scales; k++)
                for (size_t o = 0; o < c->n_groups; o++)
                    cell_of(c, &w->rows, k, o, CELL(c, i, wv, k, o));
        }
    }
}

/* The group's sets with a score on scale k in a block, but for those
 * scoring leaves out of it. */
static size_t shown_sets(const waves *c, size_t block, uint32_t group,
                         uint32_t k, size_t *out)
{
    size_t m = 0, ns = c->inst->n_scales;
    if (block == SIZE_MAX)
        return 0;
    const score_block *b = &c->s->blocks[block];
    uint64_t left_out = score_scale_left_out(c->s, b, k, group);
    for (size_t i = 0; i < b->n_sets; i++) {
        size_t set = c->s->order[b->first_set + i];
        if (score_pooled(c->inst, c->r->sets[set].group, group, left_out) &&
            !isnan(c->s->rater_score[set * ns + k]))
            out[m++] = set;
    }
    return m;
}

/* The note on a change's diff: who rated changed between waves a and b. */
static const char *mix_note(const waves *c, waves_worker *w, assess_table *t,
                            size_t i, size_t a, size_t b, uint32_t k, size_t o)
{
    size_t na = shown_sets(c, c->block[i * c->K + a], c->groups[o], k,
                           w->a_sets);
    size_t nb = shown_sets(c, c->block[i * c->K + b], c->groups[o], k,
                           w->b_sets);
    size_t matched = 0;
    for (size_t x = 0; x < na; x++)
        for (size_t y = 0; y < nb; y++)
            if (c->r->sets[w->a_sets[x]].rater == c->r->sets[w->b_sets[y]].rater) {
                matched++;
                break;
            }
    if (matched == na && matched == nb)
        return NULL;
    return table_note(t, "raters changed: %zu left, %zu joined; the change "
                         "may come from who rated", na - matched, nb - matched);
}

static const char *absent_note(const waves *c, size_t o, unsigned why)
{
    return why == ABSENT_WITHHELD ? c->withheld[o] : absent_notes[why];
}

/* The RCI of the change from ea to eb; 1 with *rci and *cls, or 0 with
 * *why. */
static int wave_rci(const waves *c, uint32_t k, size_t o, const wcell *ea,
                    const wcell *eb, double *rci, int *cls, const char **why)
{
    const wcohort *co = &c->cohorts[k * c->n_groups + o];
    if (!c->rxx[k].ok) {
        *why = "no reliability for the scale";
        return 0;
    }
    if (!co->has_sd) {
        *why = co->sd_note;
        return 0;
    }
    return change_rci(eb->mean - ea->mean, co->rci_sd, &c->rxx[k],
                      c->inst->scales[k].lower_is_better, c->opts.rci_z, rci,
                      cls, why);
}

/* The rows of a change from wave a to b: diff and the RCI named `d` and
 * `r`, classes from `names`, and past_cutoff where there is a cut-off. */
static void change_rows(const waves *c, waves_worker *w, assess_table *t,
                        table_keys *keys, size_t i, size_t a, size_t b,
                        uint32_t k, size_t o, const char *d, const char *r,
                        const char *const *names, int cutoff)
{
    const wcell *ea = CELL(c, i, a, k, o), *eb = CELL(c, i, b, k, o);
    const wcohort *co = &c->cohorts[k * c->n_groups + o];
    const char *why_a = absent_note(c, o, ea->why);
    const char *why_b = absent_note(c, o, eb->why);
    int both = ea->has && eb->has, cls = 0;
    double rci = 0;
    const char *why = NULL;
    int has_rci = both && wave_rci(c, k, o, ea, eb, &rci, &cls, &why);

    keys->wave = c->pair_label[pair_index(c, a, b)];
    table_add_value(t, keys, d, both, eb->mean - ea->mean,
                    both ? mix_note(c, w, t, i, a, b, k, o)
                         : !ea->has ? why_a : why_b);
    table_add_value(t, keys, r, has_rci, rci,
                    has_rci ? names[cls] : both ? why : !ea->has ? why_a : why_b);
    if (cutoff && co->cutoff_note) {
        int ok = eb->has && co->cutoff.ok;
        int past = ok && change_past_cutoff(eb->mean, co->cutoff.value,
                                            c->inst->scales[k].lower_is_better);
        table_add_value(t, keys, "past_cutoff", ok, past,
                        !ok ? (!eb->has ? why_b : co->cutoff.note)
                        : has_rci ? change_jt_category(cls, past)
                                  : "no RCI class");
    }
}

static void subject_rows(const waves *c, waves_worker *w, assess_table *t,
                         size_t i)
{
    table_keys keys = { strtab_str(&c->r->subjects, c->subject[i]), NULL,
                        NULL, NULL, NULL };
    for (uint32_t k = 0; k < c->inst->n_scales; k++) {
        keys.scale = c->inst->scales[k].id;
        for (size_t o = 0; o < c->n_groups; o++) {
            int rated = 0;
            for (size_t wv = 0; wv < c->K; wv++)
                rated |= CELL(c, i, wv, k, o)->rated;
            if (!rated)
                continue; /* the group never rated this subject */
            keys.group = score_group_id(c->s, c->groups[o]);
            for (size_t wv = 0; wv < c->K; wv++) {
                const wcell *e = CELL(c, i, wv, k, o);
                keys.wave = c->wave_id[wv];
                table_row *row = table_add_value(
                    t, &keys, "wave_mean", e->has, e->mean,
                    e->has ? NULL : absent_note(c, o, e->why));
                if (row && e->has) {
                    row->has_n = 1;
                    row->n = e->n;
                }
            }
            for (size_t b = 1; b < c->K; b++)
                change_rows(c, w, t, &keys, i, 0, b, k, o, "diff", "rci",
                            change_class_names, 1);
            if (c->K >= 3)
                change_rows(c, w, t, &keys, i, c->K - 2, c->K - 1, k, o,
                            "hold_diff", "hold_rci", change_hold_names, 0);
        }
    }
}

static void subject_rows_part(void *ctx, unsigned worker, size_t part,
                              assess_table *t)
{
    waves *c = ctx;
    size_t end = parts_end(part, SUBJECT_PART, c->n_subjects);
    for (size_t i = part * SUBJECT_PART; i < end; i++)
        subject_rows(c, &c->workers[worker], t, i);
}

/* ---- Per cohort --------------------------------------------------------- */

static void reliability_part(void *ctx, unsigned worker, size_t k, size_t slot)
{
    waves *c = ctx;
    const inst_scale *sc = &c->inst->scales[k];
    (void)slot;
    if (sc->has_reliability) {
        c->rxx[k] = (stat_est){ .ok = 1, .value = sc->reliability };
    } else if (reliability_alpha(&c->d, 0, (uint32_t)k, &c->rxx[k]) < 0) {
        c->workers[worker].failed = 1;
        c->rxx[k] = (stat_est){ .note = "out of memory" };
    }
}

/* The first wave's means: their mean and sd (NaN below two). */
static void baseline(waves *c, uint32_t k, size_t o, wcohort *co)
{
    long double s = 0, ss = 0;
    size_t n = 0;
    for (size_t i = 0; i < c->n_subjects; i++) {
        const wcell *e = CELL(c, i, 0, k, o);
        if (e->has) {
            s += e->mean;
            n++;
        }
    }
    co->base_n = n;
    co->base_mean = n ? (double)(s / n) : NAN;
    co->base_sd = NAN;
    if (n >= 2) {
        for (size_t i = 0; i < c->n_subjects; i++) {
            const wcell *e = CELL(c, i, 0, k, o);
            if (e->has)
                ss += (e->mean - co->base_mean) * (e->mean - co->base_mean);
        }
        co->base_sd = (double)sqrtl(ss / (n - 1));
    }
}

static void cohort_part(void *ctx, unsigned worker, size_t part, size_t slot)
{
    waves *c = ctx;
    waves_worker *w = &c->workers[worker];
    uint32_t k = (uint32_t)(part / c->n_groups);
    size_t o = part % c->n_groups, K = c->K;
    wcohort *co = &c->cohorts[part];
    int lower = c->inst->scales[k].lower_is_better;

    (void)slot;
    /* each wave's mean */
    for (size_t wv = 0; wv < K; wv++) {
        size_t n = 0;
        for (size_t i = 0; i < c->n_subjects; i++) {
            const wcell *e = CELL(c, i, wv, k, o);
            if (e->has)
                w->pa[n++] = e->mean;
        }
        co->wave_mean[wv] = stat_mean_ci(w->pa, n);
        co->wave_n[wv] = n;
    }
    /* the subjects with a mean at every wave */
    size_t n = 0;
    for (size_t i = 0; i < c->n_subjects; i++) {
        int all = 1;
        for (size_t wv = 0; wv < K && all; wv++)
            all = CELL(c, i, wv, k, o)->has;
        if (!all)
            continue;
        for (size_t wv = 0; wv < K; wv++)
            w->y[n * K + wv] = CELL(c, i, wv, k, o)->mean;
        n++;
    }
    co->n_complete = n;
    if (stat_rm_anova(w->y, n, K, &co->rm) < 0 ||
        stat_friedman(w->y, n, K, &co->fr) < 0)
        w->failed = 1;
    /* every two waves, and the RCI's classes */
    memset(co->counts, 0, sizeof co->counts);
    memset(co->hold, 0, sizeof co->hold);
    co->n_recovered = 0;
    for (size_t a = 0; a < K; a++) {
        for (size_t b = a + 1; b < K; b++) {
            size_t m = 0, p = pair_index(c, a, b);
            for (size_t i = 0; i < c->n_subjects; i++) {
                const wcell *ea = CELL(c, i, a, k, o), *eb = CELL(c, i, b, k, o);
                if (!ea->has || !eb->has)
                    continue;
                w->pa[m] = ea->mean;
                w->pb[m++] = eb->mean;
                double rci;
                int cls;
                const char *why;
                int hold = K >= 3 && a == K - 2 && b == K - 1;
                if ((a == 0 || hold) &&
                    wave_rci(c, k, o, ea, eb, &rci, &cls, &why)) {
                    if (hold)
                        co->hold[cls]++;
                    if (a == 0 && b == K - 1) {
                        co->counts[cls]++;
                        if (cls == CLASS_IMPROVED && co->cutoff.ok &&
                            change_past_cutoff(eb->mean, co->cutoff.value,
                                               lower))
                            co->n_recovered++;
                    }
                }
            }
            if (stat_paired(w->pa, w->pb, m, &co->pairs[p]) < 0)
                w->failed = 1;
        }
    }
    /* Holm (1979) across the pairs of waves */
    for (size_t p = 0; p < c->n_pairs; p++)
        w->p[p] = co->pairs[p].p.ok ? co->pairs[p].p.value : NAN;
    if (stat_p_holm(w->p, c->n_pairs, co->p_holm) < 0)
        w->failed = 1;
    for (size_t p = 0; p < c->n_pairs; p++)
        w->p[p] = co->pairs[p].wilcoxon_p.ok ? co->pairs[p].wilcoxon_p.value
                                             : NAN;
    if (stat_p_holm(w->p, c->n_pairs, co->w_holm) < 0)
        w->failed = 1;
}

static table_row *with_n(table_row *row, double n)
{
    if (row) {
        row->has_n = 1;
        row->n = n;
    }
    return row;
}

static void cohort_rows(waves *c, uint32_t k, size_t o)
{
    const wcohort *co = &c->cohorts[k * c->n_groups + o];
    table_keys keys = { NULL, c->all_label, c->inst->scales[k].id, NULL,
                        score_group_id(c->s, c->groups[o]) };
    double nc = (double)co->n_complete;
    table_row *row;

    row = table_add_est(c->t, &keys, "r_xx", &c->rxx[k], -1);
    if (row && c->rxx[k].ok)
        row->note = c->inst->scales[k].has_reliability
                        ? "declared in the instrument" : c->alpha_source;
    with_n(table_add_value(c->t, &keys, "s_pre", !isnan(co->base_sd),
                           co->base_sd,
                           isnan(co->base_sd) ? "fewer than two subjects with "
                                                "a pre mean" : NULL),
           (double)co->base_n);
    table_add_value(c->t, &keys, "rci_sd", co->has_sd, co->rci_sd, co->sd_note);
    if (co->cutoff_note) {
        row = table_add_est(c->t, &keys, "cutoff", &co->cutoff, -1);
        if (row && co->cutoff.ok)
            row->note = co->cutoff_note;
    }
    table_add_value(c->t, &keys, "n_complete", 1, nc, NULL);
    table_add_est(c->t, &keys, "rm_anova_f", &co->rm.f, nc);
    table_add_value(c->t, &keys, "df1", co->rm.df1.ok, co->rm.df1.value,
                    co->rm.df1.ok ? "of rm_anova_f" : co->rm.df1.note);
    table_add_value(c->t, &keys, "df2", co->rm.df2.ok, co->rm.df2.value,
                    co->rm.df2.ok ? "of rm_anova_f" : co->rm.df2.note);
    table_add_est(c->t, &keys, "rm_anova_p", &co->rm.p, nc);
    table_add_est(c->t, &keys, "gg_epsilon", &co->rm.gg_epsilon, nc);
    table_add_est(c->t, &keys, "hf_epsilon", &co->rm.hf_epsilon, nc);
    table_add_est(c->t, &keys, "rm_anova_p_gg", &co->rm.p_gg, nc);
    table_add_est(c->t, &keys, "rm_anova_p_hf", &co->rm.p_hf, nc);
    table_add_est(c->t, &keys, "friedman_chisq", &co->fr.chisq, nc);
    table_add_value(c->t, &keys, "df", co->fr.df.ok, co->fr.df.value,
                    co->fr.df.ok ? "of friedman_chisq" : co->fr.df.note);
    table_add_est(c->t, &keys, "friedman_p", &co->fr.p, nc);
    if (c->K >= 2) {
        /* the RCI's classes from the first wave to the last */
        keys.wave = c->pair_label[pair_index(c, 0, c->K - 1)];
        table_add_value(c->t, &keys, "n_improved", 1,
                        (double)co->counts[CLASS_IMPROVED], NULL);
        table_add_value(c->t, &keys, "n_unchanged", 1,
                        (double)co->counts[CLASS_UNCHANGED], NULL);
        table_add_value(c->t, &keys, "n_deteriorated", 1,
                        (double)co->counts[CLASS_DETERIORATED], NULL);
        if (co->cutoff_note)
            table_add_value(c->t, &keys, "n_recovered", co->cutoff.ok,
                            (double)co->n_recovered,
                            co->cutoff.ok ? NULL : co->cutoff.note);
    }
    if (c->K >= 3) {
        keys.wave = c->pair_label[pair_index(c, c->K - 2, c->K - 1)];
        table_add_value(c->t, &keys, "n_held", 1,
                        (double)co->hold[CLASS_UNCHANGED], NULL);
        table_add_value(c->t, &keys, "n_improved_further", 1,
                        (double)co->hold[CLASS_IMPROVED], NULL);
        table_add_value(c->t, &keys, "n_fell_back", 1,
                        (double)co->hold[CLASS_DETERIORATED], NULL);
    }
    for (size_t wv = 0; wv < c->K; wv++) {
        keys.wave = c->wave_id[wv];
        table_add_est(c->t, &keys, "wave_mean", &co->wave_mean[wv],
                      (double)co->wave_n[wv]);
    }
    for (size_t a = 0; a < c->K; a++) {
        for (size_t b = a + 1; b < c->K; b++) {
            size_t p = pair_index(c, a, b);
            const paired_result *r = &co->pairs[p];
            double n = (double)r->n;
            keys.wave = c->pair_label[p];
            table_add_value(c->t, &keys, "n_pairs", 1, n, NULL);
            table_add_est(c->t, &keys, "mean_diff", &r->mean_diff, n);
            table_add_est(c->t, &keys, "t", &r->t, n);
            table_add_est(c->t, &keys, "df", &r->df, n);
            table_add_est(c->t, &keys, "p", &r->p, n);
            table_add_value(c->t, &keys, "p_holm", !isnan(co->p_holm[p]),
                            co->p_holm[p],
                            isnan(co->p_holm[p]) ? "no p to adjust"
                                                 : "across the pairs of waves");
            table_add_est(c->t, &keys, "wilcoxon_v", &r->wilcoxon_v, n);
            row = table_add_est(c->t, &keys, "wilcoxon_p", &r->wilcoxon_p, n);
            if (row && r->wilcoxon_p.ok && r->wilcoxon_exact)
                row->note = "exact";
            table_add_value(c->t, &keys, "wilcoxon_p_holm",
                            !isnan(co->w_holm[p]), co->w_holm[p],
                            isnan(co->w_holm[p]) ? "no p to adjust"
                                                 : "across the pairs of waves");
            table_add_est(c->t, &keys, "d_z", &r->d_z, n);
            table_add_est(c->t, &keys, "d_av", &r->d_av, n);
            table_add_est(c->t, &keys, "hedges_g", &r->hedges_g, n);
        }
    }
}

/* ---- Setting up --------------------------------------------------------- */

static int choose_groups(waves *c)
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

static int index_subjects(waves *c)
{
    const assess_score *s = c->s;
    c->subject = malloc((s->n_blocks + 1) * sizeof *c->subject);
    c->block = malloc((s->n_blocks + 1) * c->K * sizeof *c->block);
    if (!c->subject || !c->block)
        return -1;
    for (size_t b = 0; b < s->n_blocks; b++) {
        const score_block *bl = &s->blocks[b];
        size_t i = c->n_subjects;
        if (i == 0 || c->subject[i - 1] != bl->subject) {
            c->subject[i] = bl->subject;
            for (size_t w = 0; w < c->K; w++)
                c->block[i * c->K + w] = SIZE_MAX;
            c->n_subjects++;
        } else {
            i--;
        }
        c->block[i * c->K + bl->wave] = b;
    }
    return 0;
}

static int make_labels(waves *c)
{
    const strtab *wv = &c->r->waves;
    c->wave_id = malloc((c->K + 1) * sizeof *c->wave_id);
    c->pair_label = malloc((c->n_pairs + 1) * sizeof *c->pair_label);
    if (!c->wave_id || !c->pair_label)
        return -1;
    size_t len = 1;
    for (size_t w = 0; w < c->K; w++) {
        c->wave_id[w] = strtab_str(wv, (uint32_t)w);
        len += strlen(c->wave_id[w]) + 2;
    }
    for (size_t a = 0; a < c->K; a++)
        for (size_t b = a + 1; b < c->K; b++)
            c->pair_label[pair_index(c, a, b)] =
                table_note(c->t, "%s->%s", c->wave_id[a], c->wave_id[b]);
    char *all = malloc(len);
    if (!all)
        return -1;
    all[0] = 0;
    for (size_t w = 0; w < c->K; w++) {
        if (w)
            strcat(all, "->");
        strcat(all, c->wave_id[w]);
    }
    c->all_label = table_note(c->t, "%s", all);
    free(all);
    return 0;
}

static int make_workers(waves *c)
{
    size_t n = parts_workers(c->threads), max_sets = 1;
    size_t ns = c->inst->n_scales, cells = ns * c->n_groups;

    for (size_t b = 0; b < c->s->n_blocks; b++)
        if (c->s->blocks[b].n_sets > max_sets)
            max_sets = c->s->blocks[b].n_sets;
    c->workers = calloc(n, sizeof *c->workers);
    c->cohorts = calloc(cells + 1, sizeof *c->cohorts);
    if (!c->workers || !c->cohorts)
        return -1;
    for (size_t i = 0; i < n; i++) {
        waves_worker *w = &c->workers[i];
        w->a_sets = malloc(max_sets * sizeof *w->a_sets);
        w->b_sets = malloc(max_sets * sizeof *w->b_sets);
        w->y = malloc((c->n_subjects * c->K + 1) * sizeof *w->y);
        w->pa = malloc((c->n_subjects + 1) * sizeof *w->pa);
        w->pb = malloc((c->n_subjects + 1) * sizeof *w->pb);
        w->p = malloc((c->n_pairs + 1) * sizeof *w->p);
        if (!w->a_sets || !w->b_sets || !w->y || !w->pa || !w->pb || !w->p ||
            score_rows_init(&w->rows, c->s) < 0)
            return -1;
    }
    for (size_t x = 0; x < cells; x++) {
        wcohort *co = &c->cohorts[x];
        co->wave_mean = calloc(c->K + 1, sizeof *co->wave_mean);
        co->wave_n = calloc(c->K + 1, sizeof *co->wave_n);
        co->pairs = calloc(c->n_pairs + 1, sizeof *co->pairs);
        co->p_holm = calloc(c->n_pairs + 1, sizeof *co->p_holm);
        co->w_holm = calloc(c->n_pairs + 1, sizeof *co->w_holm);
        if (!co->wave_mean || !co->wave_n || !co->pairs || !co->p_holm ||
            !co->w_holm)
            return -1;
    }
    return 0;
}

static int run_parts(waves *c, size_t n, parts_make_fn *make)
{
    int rc = parts_run(n, c->threads, make, NULL, c);
    for (size_t i = 0; i < parts_workers(c->threads); i++)
        if (c->workers[i].failed)
            rc = -1;
    return rc;
}

static void release(waves *c)
{
    if (c->workers) {
        for (size_t i = 0; i < parts_workers(c->threads); i++) {
            waves_worker *w = &c->workers[i];
            score_rows_free(&w->rows);
            free(w->a_sets);
            free(w->b_sets);
            free(w->y);
            free(w->pa);
            free(w->pb);
            free(w->p);
        }
        free(c->workers);
    }
    if (c->cohorts) {
        for (size_t x = 0; x < c->inst->n_scales * c->n_groups; x++) {
            free(c->cohorts[x].wave_mean);
            free(c->cohorts[x].wave_n);
            free(c->cohorts[x].pairs);
            free(c->cohorts[x].p_holm);
            free(c->cohorts[x].w_holm);
        }
        free(c->cohorts);
    }
    disclose_release(&c->d);
    assess_score_free(c->s);
    free(c->groups);
    free(c->withheld);
    free(c->subject);
    free(c->block);
    free(c->cells);
    free(c->rxx);
    free(c->wave_id);
    free(c->pair_label);
}

assess_table *change_waves_compute(const assess_responses *resp,
                                   const assess_change_options *opts,
                                   assess_error *err)
{
    waves c = { 0 };

    c.r = resp;
    c.inst = resp->inst;
    c.opts = *opts;
    c.threads = c.opts.threads ? c.opts.threads : 1;
    if (c.opts.match == ASSESS_MATCH_RATERS) {
        error_set(err, ASSESS_EUSAGE, NULL, 0, "--waves all compares each "
                  "wave's group means: --match raters is for two waves");
        return NULL;
    }
    if (c.opts.pre || c.opts.post) {
        error_set(err, ASSESS_EUSAGE, NULL, 0, "--pre and --post choose two "
                  "waves: with --waves all every wave is compared");
        return NULL;
    }
    c.K = resp->waves.count;
    c.n_pairs = c.K * (c.K ? c.K - 1 : 0) / 2;
    c.s = score_for_statistics(resp, c.opts.score, c.threads, err);
    if (!c.s)
        return NULL;
    c.t = table_new("change", c.inst, c.opts.stream);
    if (!c.t || disclose_init(&c.d, c.s, c.opts.research) < 0 ||
        choose_groups(&c) < 0 || index_subjects(&c) < 0 ||
        make_labels(&c) < 0)
        goto oom;

    size_t ns = c.inst->n_scales, cells = ns * c.n_groups;
    c.cells = calloc(c.n_subjects * c.K * cells + 1, sizeof *c.cells);
    c.rxx = calloc(ns + 1, sizeof *c.rxx);
    if (!c.cells || !c.rxx || make_workers(&c) < 0)
        goto oom;
    if (c.K == 0)
        goto done;

    if (run_parts(&c, parts_count(c.n_subjects, SUBJECT_PART), cells_part) < 0 ||
        run_parts(&c, ns, reliability_part) < 0)
        goto oom;
    c.alpha_source = table_note(c.t, "Cronbach's alpha at wave %s, every "
                                     "rater%s", c.wave_id[0],
                                c.opts.research ? "" : " shown");
    for (uint32_t k = 0; k < ns; k++) {
        for (size_t o = 0; o < c.n_groups; o++) {
            wcohort *co = &c.cohorts[k * c.n_groups + o];
            const char *why = NULL;
            baseline(&c, k, o, co);
            co->has_sd = change_rci_sd(c.inst, c.opts.rci_sd, k, c.groups[o],
                                       co->base_sd, &co->rci_sd, &co->sd_note,
                                       &why);
            if (!co->has_sd)
                co->sd_note = why;
            co->cutoff = change_cutoff(c.inst, k, c.groups[o], co->base_mean,
                                       co->base_sd, co->base_n,
                                       &co->cutoff_note);
        }
    }
    if (table_parts(c.t, parts_count(c.n_subjects, SUBJECT_PART), c.threads,
                    subject_rows_part, &c) < 0)
        goto oom;
    if (c.opts.goals)
        change_goal_rows(c.t, c.opts.goals, c.opts.gas_rho,
                         c.K >= 2 ? c.pair_label[pair_index(&c, 0, c.K - 1)]
                                  : c.all_label);
    if (run_parts(&c, cells, cohort_part) < 0)
        goto oom;
    for (uint32_t k = 0; k < ns; k++)
        for (size_t o = 0; o < c.n_groups; o++)
            cohort_rows(&c, k, o);
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
