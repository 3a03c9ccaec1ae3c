/*
 * analysis_agree.c - rater agreement, gathered from the response table and
 * handed to the statistics of stats.h:
 *
 * - within each subject, wave, scale and group: rwg / rwg_j, awg, ad_m and
 *   ad_md on the raters' item values, withheld below the group's anonymity
 *   minimum;
 * - across subjects, per wave, scale and group: icc1 and icc2 on the
 *   raters' scale scores, the Shrout & Fleiss ICCs when the same raters
 *   rated every subject, Krippendorff's alpha, Fleiss' kappa and Gwet's
 *   AC1 / AC2 on item values (units are subject x item), and with a pair
 *   of groups or raters Cohen's kappas.
 *
 * Item values are taken as scored (reverse-keyed items turned round), so
 * that the items of a scale share one direction when units are pooled.
 * A composite scale stands for the items of its parts.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "score_disclose.h"
#include "base_parts.h"
#include "score.h"
#include "stats.h"
#include "analysis_table.h"

/* Kappa-type statistics are for rating categories, not for fine scales. */
#define MAX_CATEGORIES 100

void assess_agree_options_init(assess_agree_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->null = ASSESS_NULL_UNIFORM;
    opts->rwg_truncate = 1;
    opts->categories = ASSESS_CATEGORIES_OBSERVED;
    opts->seed = 1;
}

/*
 * The simulated 95th percentiles of rwg_j (--sims), one for each group
 * size, item count and number of points a run meets, shared by the
 * threads.  Each is simulated from a seed made of the run's seed and its
 * key, so that it is the same whichever thread asks first.
 */
typedef struct sim_entry {
    uint32_t n, items, points; /* n 0: an empty slot */
    stat_est p95;
} sim_entry;

typedef struct sim_cache {
    pthread_mutex_t lock;
    sim_entry *slots;      /* open addressing */
    size_t size, used;     /* size a power of two */
} sim_cache;

static size_t sim_hash(uint32_t n, uint32_t items, uint32_t points)
{
    uint64_t h = ((uint64_t)n * 0x9e3779b97f4a7c15ULL) ^
                 ((uint64_t)items * 0xbf58476d1ce4e5b9ULL) ^
                 ((uint64_t)points * 0x94d049bb133111ebULL);
    return (size_t)(h ^ (h >> 29));
}

static sim_entry *sim_find(sim_cache *c, uint32_t n, uint32_t items,
                           uint32_t points)
{
    size_t i = sim_hash(n, items, points) & (c->size - 1);
    while (c->slots[i].n &&
           !(c->slots[i].n == n && c->slots[i].items == items &&
             c->slots[i].points == points))
        i = (i + 1) & (c->size - 1);
    return &c->slots[i];
}

/* Room for one more entry: the table doubled when half full.  0, or -1
 * when out of memory. */
static int sim_grow(sim_cache *c)
{
    if (2 * (c->used + 1) <= c->size)
        return 0;
    sim_cache bigger = { .size = c->size ? 2 * c->size : 64 };
    bigger.slots = calloc(bigger.size, sizeof *bigger.slots);
    if (!bigger.slots)
        return -1;
    for (size_t i = 0; i < c->size; i++)
        if (c->slots[i].n)
            *sim_find(&bigger, c->slots[i].n, c->slots[i].items,
                      c->slots[i].points) = c->slots[i];
    free(c->slots);
    c->slots = bigger.slots;
    c->size = bigger.size;
    return 0;
}

/* One side of --pair: an instrument group or a rater id. */
typedef struct side {
    uint32_t group;  /* NO_GROUP when a rater */
    uint32_t rater;  /* STRTAB_NONE when a group */
} side;

typedef struct wave_data {
    size_t *blocks;   /* blocks of the wave */
    size_t n_blocks;
    size_t n_sets;    /* sets in them */
} wave_data;

/* An analysis, and each thread's copy of it (agree.workers), which has
 * its own scale at hand, scratch and rows. */
typedef struct agree {
    const assess_responses *r;
    const assess_instrument *inst;
    assess_score *s;
    disclose d;                 /* which sets each statistic may use */
    assess_agree_options opts;
    assess_table *t;

    uint32_t *groups;           /* output groups agreement is computed for */
    const char **withheld_note; /* by position in groups[] */
    size_t n_groups;
    side pair[2];
    const char *pair_name;      /* "A,B" with groups by their ids */

    uint32_t **scale_items;        /* by scale: the items it rests on */
    size_t *scale_n_items;
    uint32_t *scale_rs;            /* their response scale or UINT32_MAX */
    size_t max_items;              /* of a scale */

    /* The scale at hand. */
    uint32_t scale;
    const uint32_t *items;
    size_t n_items;
    const inst_response_scale *rs; /* NULL when its items' scales differ */
    unsigned points;               /* whole points of rs, 0 if not whole */

    double *x;                     /* raters x items of one block */
    size_t max_sets;
    wave_data shown;               /* the blocks of a wave that show a group */

    wave_data *waves;              /* by wave: its blocks */
    struct agree *workers;         /* parts_workers(threads) copies */
    unsigned threads;
    sim_cache *sims;               /* --sims: shared by the workers */
} agree;

static void use_scale(agree *a, uint32_t k)
{
    uint32_t rs = a->scale_rs[k];
    a->scale = k;
    a->items = a->scale_items[k];
    a->n_items = a->scale_n_items[k];
    a->rs = rs == UINT32_MAX ? NULL : &a->inst->response_scales[rs];
    a->points = a->rs ? instrument_whole_points(a->rs) : 0;
}

/* The items of every scale, and room for the largest block's matrix. */
static int prepare_scales(agree *a)
{
    size_t ns = a->inst->n_scales, max_items = 1;
    a->scale_items = calloc(ns + 1, sizeof *a->scale_items);
    a->scale_n_items = calloc(ns + 1, sizeof *a->scale_n_items);
    a->scale_rs = calloc(ns + 1, sizeof *a->scale_rs);
    if (!a->scale_items || !a->scale_n_items || !a->scale_rs)
        return -1;
    for (uint32_t k = 0; k < ns; k++) {
        a->scale_items[k] = instrument_scale_items(a->inst, k,
                                                   &a->scale_n_items[k],
                                                   &a->scale_rs[k]);
        if (!a->scale_items[k])
            return -1;
        if (a->scale_n_items[k] > max_items)
            max_items = a->scale_n_items[k];
    }
    for (size_t b = 0; b < a->s->n_blocks; b++)
        if (a->s->blocks[b].n_sets > a->max_sets)
            a->max_sets = a->s->blocks[b].n_sets;
    a->max_items = max_items;
    return 0;
}

/* Each wave's blocks, in order.  0, or -1 when out of memory. */
static int find_waves(agree *a)
{
    size_t n_waves = a->r->waves.count, at = 0;
    size_t *blocks = malloc((a->s->n_blocks + 1) * sizeof *blocks);

    a->waves = calloc(n_waves + 1, sizeof *a->waves);
    if (!blocks || !a->waves) {
        free(blocks);
        return -1;
    }
    for (uint32_t wave = 0; wave < n_waves; wave++) {
        wave_data *w = &a->waves[wave];
        w->blocks = blocks + at;
        for (size_t bi = 0; bi < a->s->n_blocks; bi++) {
            if (a->s->blocks[bi].wave == wave) {
                w->blocks[w->n_blocks++] = bi;
                w->n_sets += a->s->blocks[bi].n_sets;
            }
        }
        at += w->n_blocks;
    }
    if (n_waves == 0)
        free(blocks);
    return 0;
}

/* The threads' copies of a, each with scratch of its own.  0, or -1 when
 * out of memory. */
static int make_workers(agree *a)
{
    size_t n = parts_workers(a->threads);
    a->workers = calloc(n, sizeof *a->workers);
    if (!a->workers)
        return -1;
    for (size_t i = 0; i < n; i++) {
        agree *w = &a->workers[i];
        *w = *a;
        w->workers = NULL;
        w->x = malloc((a->max_sets * a->max_items + 1) * sizeof *w->x);
        w->shown.blocks = malloc((a->s->n_blocks + 1) * sizeof *w->shown.blocks);
        if (!w->x || !w->shown.blocks)
            return -1;
    }
    return 0;
}

static void release(agree *a)
{
    if (a->scale_items)
        for (size_t k = 0; k < a->inst->n_scales; k++)
            free(a->scale_items[k]);
    free(a->scale_items);
    free(a->scale_n_items);
    free(a->scale_rs);
    if (a->workers) {
        for (size_t i = 0; i < parts_workers(a->threads); i++) {
            free(a->workers[i].x);
            free(a->workers[i].shown.blocks);
        }
        free(a->workers);
    }
    if (a->waves)
        free(a->waves[0].blocks);
    free(a->waves);
    free(a->groups);
    free(a->withheld_note);
    if (a->sims) {
        pthread_mutex_destroy(&a->sims->lock);
        free(a->sims->slots);
        free(a->sims);
    }
    disclose_release(&a->d);
    assess_score_free(a->s);
}

static const char *mixed_scales = "the items use different response scales";

/* The simulated 95th percentile of rwg_j for n raters on the scale at
 * hand; *ok 0 when out of memory. */
static stat_est null_p95(agree *a, size_t n, int *ok)
{
    sim_cache *c = a->sims;
    uint32_t key_n = (uint32_t)n, items = (uint32_t)a->n_items;
    stat_est e;
    sim_entry *found;

    *ok = 1;
    pthread_mutex_lock(&c->lock);
    found = c->size ? sim_find(c, key_n, items, a->points) : NULL;
    if (found && found->n) {
        e = found->p95;
        pthread_mutex_unlock(&c->lock);
        return e;
    }
    pthread_mutex_unlock(&c->lock);
    uint64_t seed = (uint64_t)a->opts.seed * 0x9e3779b97f4a7c15ULL ^
                    sim_hash(key_n, items, a->points);
    e = stat_rwg_j_null_p95(n, a->n_items, a->points, (rwg_null)a->opts.null,
                            a->opts.rwg_truncate, a->opts.sims, seed);
    pthread_mutex_lock(&c->lock);
    if (sim_grow(c) < 0) {
        *ok = 0;
    } else {
        found = sim_find(c, key_n, items, a->points);
        if (!found->n) {
            *found = (sim_entry){ key_n, items, a->points, e };
            c->used++;
        }
    }
    pthread_mutex_unlock(&c->lock);
    return e;
}

/* --sims: the simulated 95th percentile of rwg_j for the row's raters and
 * whether rwg_j (e) exceeds it. */
static void significance(agree *a, const table_keys *keys, const stat_est *e,
                         size_t n, const char *p95_name, const char *sig_name)
{
    int ok;
    stat_est p95 = !a->rs ? (stat_est){ .note = mixed_scales }
                 : !a->points ? (stat_est){ .note = "not a scale of whole points" }
                 : null_p95(a, n, &ok);
    if (a->rs && a->points && !ok) {
        a->t->failed = 1;
        return;
    }
    table_row *row = table_add_est(a->t, keys, p95_name, &p95, (double)n);
    if (row && p95.ok && !row->note)
        row->note = table_note(a->t, "of %u groups of %zu raters answering "
                                     "%zu item%s at random",
                               a->opts.sims, n, a->n_items,
                               a->n_items == 1 ? "" : "s");
    if (!e->ok || !p95.ok) {
        stat_est none = { .note = !e->ok ? e->note : p95.note };
        table_add_est(a->t, keys, sig_name, &none, (double)n);
        return;
    }
    stat_est flag = stat_present(e->value > p95.value);
    flag.note = e->value > p95.value
                    ? "above the 95th percentile of random responding"
                    : "not above the 95th percentile of random responding";
    table_add_est(a->t, keys, sig_name, &flag, (double)n);
}

/* ---- Within each subject ------------------------------------------------ */

static void within(agree *a, const score_block *b, size_t gi)
{
    const assess_responses *r = a->r;
    uint32_t group = a->groups[gi];
    int untruncated_ok;
    double untruncated;
    size_t n = 0, J = a->n_items;
    table_keys keys = {
        strtab_str(&r->subjects, b->subject), strtab_str(&r->waves, b->wave),
        a->inst->scales[a->scale].id, NULL, score_group_id(a->s, group),
    };
    const char *rwg = J == 1 ? "rwg" : "rwg_j";
    const char *rwg_raw = J == 1 ? "rwg_untruncated" : "rwg_j_untruncated";
    const char *p95 = J == 1 ? "rwg_null_p95" : "rwg_j_null_p95";
    const char *sig = J == 1 ? "rwg_significant" : "rwg_j_significant";

    /* The raters of the row are those scoring pools into it (score_disclose.h):
     * a rater without a score on the scale is none of them, for the
     * count and the minimum alike. */
    disclosure dc;
    size_t members = 0;
    disclose_scale(a->s, b, a->scale, &dc);
    int shown = disclose_group_shown(a->inst, &dc, group);
    uint64_t out = group < a->inst->n_groups ? 0 : dc.left_out;
    for (size_t i = 0; i < b->n_sets; i++) {
        size_t set = a->s->order[b->first_set + i];
        if (!score_pooled(a->inst, r->sets[set].group, group, out) ||
            isnan(a->s->rater_score[set * a->inst->n_scales + a->scale]))
            continue;
        members++;
        if (!shown)
            continue;
        for (size_t j = 0; j < J; j++) {
            double keyed, raw;
            a->x[n * J + j] = score_item_value(r, set, a->items[j], &keyed, &raw)
                                  ? keyed : NAN;
        }
        n++;
    }
    if (members == 0)
        return;
    if (!shown) {
        const char *why = a->withheld_note[gi];
        table_add_value(a->t, &keys, rwg, 0, 0, why);
        if (a->opts.rwg_truncate)
            table_add_value(a->t, &keys, rwg_raw, 0, 0, why);
        if (J > 1)
            table_add_value(a->t, &keys, "rwg_j_lindell", 0, 0, why);
        if (a->opts.sims) {
            table_add_value(a->t, &keys, p95, 0, 0, why);
            table_add_value(a->t, &keys, sig, 0, 0, why);
        }
        table_add_value(a->t, &keys, "awg", 0, 0, why);
        table_add_value(a->t, &keys, "ad_m", 0, 0, why);
        table_add_value(a->t, &keys, "ad_md", 0, 0, why);
        return;
    }

    stat_est e;
    if (!a->rs) {
        e = (stat_est){ .note = mixed_scales };
        untruncated_ok = 0;
    } else {
        double null_var = rwg_null_variance((rwg_null)a->opts.null, a->points);
        e = stat_rwg_j(a->x, n, J, null_var, a->opts.rwg_truncate,
                       &untruncated, &untruncated_ok);
    }
    table_add_est(a->t, &keys, rwg, &e, (double)n);
    if (a->opts.rwg_truncate) {
        stat_est u = { .ok = untruncated_ok, .value = untruncated };
        if (!u.ok)
            u.note = e.ok ? "the formula divides by zero: the mean item "
                            "variance is J/(J - 1) times the null"
                          : e.note;
        table_add_est(a->t, &keys, rwg_raw, &u, (double)n);
    }
    if (a->opts.sims)
        significance(a, &keys, &e, n, p95, sig);
    if (J > 1) {
        stat_est l = a->rs
            ? stat_rwg_j_lindell(a->x, n, J,
                                 rwg_null_variance((rwg_null)a->opts.null,
                                                   a->points))
            : (stat_est){ .note = mixed_scales };
        table_add_est(a->t, &keys, "rwg_j_lindell", &l, (double)n);
    }
    e = a->rs ? stat_awg(a->x, n, J, a->rs->min, a->rs->max)
              : (stat_est){ .note = mixed_scales };
    table_add_est(a->t, &keys, "awg", &e, (double)n);
    e = stat_ad(a->x, n, J, 0);
    table_add_est(a->t, &keys, "ad_m", &e, (double)n);
    e = stat_ad(a->x, n, J, 1);
    table_add_est(a->t, &keys, "ad_md", &e, (double)n);
}

/* ---- Across subjects ---------------------------------------------------- */

/* The test companions of a statistic: f, df1, df2, p, noted "of NAME";
 * none when there is no test, and f and p absent with the reason when F
 * divides by zero (the df are known). */
static void companions(agree *a, const table_keys *keys, const stat_test *t,
                       const char *of)
{
    if (!t->ok && t->has_df && t->note) {
        const char *why = table_note(a->t, "%s: %s", of, t->note);
        table_add_value(a->t, keys, "f", 0, 0, why);
        table_add_value(a->t, keys, "df1", 1, t->df1, of);
        table_add_value(a->t, keys, "df2", 1, t->df2, of);
        table_add_value(a->t, keys, "p", 0, 0, why);
        return;
    }
    if (!t->ok)
        return;
    table_add_value(a->t, keys, "f", t->ok, t->f, of);
    table_add_value(a->t, keys, "df1", t->ok, t->df1, of);
    table_add_value(a->t, keys, "df2", t->ok, t->df2, of);
    table_add_value(a->t, keys, "p", t->ok, t->p, of);
}

/* A kappa-type estimate and its standard error ("se", noted "of NAME",
 * when there is one). */
static void with_se(agree *a, const table_keys *keys, const char *name,
                    const char *of, const stat_est *e, double n,
                    const char *note)
{
    table_row *row = table_add_est(a->t, keys, name, e, n);
    if (row && !row->note)
        row->note = note;
    if (e->has_se)
        table_add_value(a->t, keys, "se", 1, e->se, of);
}

static int is_crossed(agree *a, const wave_data *w, uint32_t group,
                      uint32_t *raters, uint32_t *first, size_t *k)
{
    const assess_responses *r = a->r;
    size_t n_first = 0, have = 0;
    for (size_t bi = 0; bi < w->n_blocks; bi++) {
        const score_block *b = &a->s->blocks[w->blocks[bi]];
        size_t m = 0;
        for (size_t i = 0; i < b->n_sets; i++) {
            size_t set = a->s->order[b->first_set + i];
            if (disclose_uses(&a->d, set, a->scale, group))
                raters[m++] = r->sets[set].rater;
        }
        if (m == 0)
            continue;
        /* Sets of a block are ordered by group and rater id: sort the
         * indexes to compare them as sets. */
        for (size_t i = 1; i < m; i++)
            for (size_t j = i; j > 0 && raters[j - 1] > raters[j]; j--) {
                uint32_t tmp = raters[j];
                raters[j] = raters[j - 1];
                raters[j - 1] = tmp;
            }
        if (have++ == 0) {
            memcpy(first, raters, m * sizeof *first);
            n_first = m;
        } else if (m != n_first || memcmp(first, raters, m * sizeof *first)) {
            return 0;
        }
    }
    *k = n_first;
    return have > 0;
}

/*
 * Whether the group's raters in the wave include raters of withheld groups
 * pooled into it: they are used only as a pool, so a statistic that tells
 * raters apart by id (Shrout & Fleiss, raters crossed with subjects) must
 * not use them.
 */
static int pools_withheld(const agree *a, const wave_data *w, uint32_t group)
{
    if (group < a->inst->n_groups)
        return 0;
    for (size_t bi = 0; bi < w->n_blocks; bi++) {
        const score_block *b = &a->s->blocks[w->blocks[bi]];
        for (size_t i = 0; i < b->n_sets; i++) {
            size_t set = a->s->order[b->first_set + i];
            if (disclose_uses(&a->d, set, a->scale, group) &&
                (disclose_bits(&a->d, set, a->scale) & USE_POOLED))
                return 1;
        }
    }
    return 0;
}

static void shrout_fleiss(agree *a, const wave_data *w, uint32_t group,
                          const table_keys *keys)
{
    static const char *const names[ICC_SF_COUNT] = {
        "icc1_1", "icc2_1", "icc3_1", "icc1_k", "icc2_k", "icc3_k"
    };
    static const char *const of[ICC_SF_COUNT] = {
        "of icc1_1", "of icc2_1", "of icc3_1", "of icc1_k", "of icc2_k", "of icc3_k"
    };
    const assess_responses *r = a->r;
    size_t ns = a->inst->n_scales, k = 0, n = 0, dropped = 0;
    uint32_t *raters = malloc((a->max_sets + 1) * sizeof *raters);
    uint32_t *first = malloc((a->max_sets + 1) * sizeof *first);
    double *x = NULL;
    stat_est est[ICC_SF_COUNT];
    stat_test test[ICC_SF_COUNT];
    const char *note = NULL;

    if (!raters || !first) {
        a->t->failed = 1;
        goto out;
    }
    if (pools_withheld(a, w, group)) {
        note = "raters of withheld groups are pooled into the group: who "
               "they are is not used (--research uses every rater)";
    } else if (!is_crossed(a, w, group, raters, first, &k)) {
        note = "raters are not crossed with subjects: not every rater rated "
               "every subject";
    } else if (k < 2) {
        note = "fewer than two raters";
    } else if (!(x = malloc(w->n_blocks * k * sizeof *x))) {
        a->t->failed = 1;
        goto out;
    } else {
        for (size_t bi = 0; bi < w->n_blocks; bi++) {
            const score_block *b = &a->s->blocks[w->blocks[bi]];
            size_t got = 0, missing = 0;
            for (size_t i = 0; i < b->n_sets; i++) {
                size_t set = a->s->order[b->first_set + i];
                if (!disclose_uses(&a->d, set, a->scale, group))
                    continue;
                /* The column of this rater in the canonical order. */
                size_t c = 0;
                while (c < k && first[c] != r->sets[set].rater)
                    c++;
                double v = a->s->rater_score[set * ns + a->scale];
                if (isnan(v))
                    missing++;
                else
                    x[n * k + c] = v;
                got++;
            }
            if (got == 0)
                continue;
            if (missing)
                dropped++;
            else
                n++;
        }
        if (dropped)
            note = table_note(a->t, "%zu subject%s with a rater's score "
                                    "missing left out", dropped,
                              dropped == 1 ? "" : "s");
    }
    if (note && (k < 2 || !x)) {
        for (int i = 0; i < ICC_SF_COUNT; i++)
            table_add_value(a->t, keys, names[i], 0, 0, note);
        goto out;
    }
    stat_icc_sf(x, n, k, est, test);
    for (int i = 0; i < ICC_SF_COUNT; i++) {
        table_row *row = table_add_est(a->t, keys, names[i], &est[i], (double)n);
        if (row && !row->note)
            row->note = note;
        if (est[i].ok)
            companions(a, keys, &test[i], of[i]);
    }
out:
    free(raters);
    free(first);
    free(x);
}

/* Bliese's icc1 and icc2 on the raters' scale scores, subjects as groups. */
static void nested_icc(agree *a, const wave_data *w, uint32_t group,
                       const table_keys *keys)
{
    size_t ns = a->inst->n_scales, N = 0;
    double *y = malloc((w->n_sets + 1) * sizeof *y);
    size_t *sizes = malloc((w->n_blocks + 1) * sizeof *sizes);
    stat_est icc1, icc2;
    stat_test test;

    if (!y || !sizes) {
        a->t->failed = 1;
        goto out;
    }
    for (size_t bi = 0; bi < w->n_blocks; bi++) {
        const score_block *b = &a->s->blocks[w->blocks[bi]];
        sizes[bi] = 0;
        for (size_t i = 0; i < b->n_sets; i++) {
            size_t set = a->s->order[b->first_set + i];
            double v = a->s->rater_score[set * ns + a->scale];
            if (disclose_uses(&a->d, set, a->scale, group) && !isnan(v)) {
                y[N++] = v;
                sizes[bi]++;
            }
        }
    }
    stat_icc_oneway(y, sizes, w->n_blocks, &icc1, &icc2, &test);
    table_add_est(a->t, keys, "icc1", &icc1, (double)N);
    if (icc1.ok)
        companions(a, keys, &test, "of icc1");
    table_add_est(a->t, keys, "icc2", &icc2, (double)N);
    if (icc2.ok)
        companions(a, keys, &test, "of icc2");
out:
    free(y);
    free(sizes);
}

/* Why the scale's ratings are not categories kappas can count, or NULL. */
static const char *not_categories(const agree *a)
{
    if (!a->rs)
        return mixed_scales;
    if (!a->points)
        return "not a scale of whole points";
    if (a->points > MAX_CATEGORIES)
        return "more than 100 categories";
    return NULL;
}

/*
 * Numbers the categories from 1 in map[point]: the points marked (non-zero)
 * in map, those the ratings use, or every point of the response scale
 * when asked for.  Returns how many.
 */
static size_t number_categories(const agree *a, unsigned *map)
{
    size_t q = 0;
    for (unsigned c = 0; c < a->points; c++)
        if (map[c] || a->opts.categories == ASSESS_CATEGORIES_SCALE)
            map[c] = (unsigned)++q;
    return q;
}

/*
 * Krippendorff's alpha, Fleiss' kappa and Gwet's AC1 / AC2 over the units
 * subject x item of a wave.
 */
static void unit_statistics(agree *a, const wave_data *w, uint32_t group,
                            const table_keys *keys)
{
    static const char *const metric_names[] = {
        "kripp_alpha_nominal", "kripp_alpha_ordinal", "kripp_alpha_interval",
        "kripp_alpha_ratio"
    };
    const assess_responses *r = a->r;
    size_t J = a->n_items, n_units = w->n_blocks * J, at = 0, pairable = 0;
    double *values = malloc((w->n_sets * J + 1) * sizeof *values);
    size_t *len = calloc(n_units + 1, sizeof *len);
    double *counts = NULL, *weights = NULL;
    unsigned *map = NULL;
    const char *kappa_note = NULL;
    size_t q = 0;
    stat_est alphas[KRIPP_METRICS];

    if (!values || !len) {
        a->t->failed = 1;
        goto out;
    }
    for (size_t bi = 0; bi < w->n_blocks; bi++) {
        const score_block *b = &a->s->blocks[w->blocks[bi]];
        for (size_t j = 0; j < J; j++) {
            size_t u = bi * J + j;
            for (size_t i = 0; i < b->n_sets; i++) {
                size_t set = a->s->order[b->first_set + i];
                double keyed, raw;
                if (disclose_uses(&a->d, set, a->scale, group) &&
                    score_item_value(r, set, a->items[j], &keyed, &raw)) {
                    values[at++] = keyed;
                    len[u]++;
                }
            }
            pairable += len[u] >= 2;
        }
    }
    stat_kripp_alphas(values, len, n_units, alphas);
    for (int m = 0; m < KRIPP_METRICS; m++)
        table_add_est(a->t, keys, metric_names[m], &alphas[m], (double)pairable);

    /* Categories: the response scale's whole points, compacted to those
     * the ratings use unless every point is asked for. */
    kappa_note = not_categories(a);
    if (kappa_note) {
        stat_est none = { .note = kappa_note };
        with_se(a, keys, "fleiss_kappa", "of fleiss_kappa", &none, -1, NULL);
        with_se(a, keys, "gwet_ac1", "of gwet_ac1", &none, -1, NULL);
        with_se(a, keys, "gwet_ac2", "of gwet_ac2", &none, -1, NULL);
        goto out;
    }
    map = calloc(a->points, sizeof *map);
    if (!map) {
        a->t->failed = 1;
        goto out;
    }
    for (size_t i = 0; i < at; i++)
        map[(size_t)(values[i] - a->rs->min)] = 1;
    q = number_categories(a, map);
    counts = calloc(n_units * (q ? q : 1) + 1, sizeof *counts);
    weights = malloc((q * q + 1) * sizeof *weights);
    if (!counts || !weights) {
        a->t->failed = 1;
        goto out;
    }
    at = 0;
    for (size_t u = 0; u < n_units; u++)
        for (size_t i = 0; i < len[u]; i++)
            counts[u * q + map[(size_t)(values[at++] - a->rs->min)] - 1]++;
    stat_est e = stat_fleiss_kappa(counts, n_units, q);
    with_se(a, keys, "fleiss_kappa", "of fleiss_kappa", &e, (double)pairable, NULL);
    kappa_weight_matrix(KAPPA_UNWEIGHTED, q, weights);
    e = stat_gwet_ac(counts, n_units, q, weights);
    with_se(a, keys, "gwet_ac1", "of gwet_ac1", &e, (double)pairable, NULL);
    kappa_weight_matrix(KAPPA_QUADRATIC, q, weights);
    e = stat_gwet_ac(counts, n_units, q, weights);
    with_se(a, keys, "gwet_ac2", "of gwet_ac2", &e, (double)pairable, NULL);
out:
    free(values);
    free(len);
    free(counts);
    free(weights);
    free(map);
}

/* The one set of a side in a block: 1 found, 0 none, 2 several.  A group
 * counts only where its row is shown (score_disclose.h): one rater of a group
 * whose minimum is above one is never a side. */
static int side_set(agree *a, const score_block *b, const side *sd, size_t *out)
{
    int found = 0;
    for (size_t i = 0; i < b->n_sets; i++) {
        size_t set = a->s->order[b->first_set + i];
        const resp_set *rs = &a->r->sets[set];
        if (sd->group != NO_GROUP
                ? disclose_uses(&a->d, set, a->scale, sd->group)
                : rs->rater == sd->rater) {
            if (found)
                return 2;
            *out = set;
            found = 1;
        }
    }
    return found;
}

/* Cohen's kappas between the two sides of --pair, units subject x item. */
static void cohen(agree *a, const wave_data *w, const table_keys *keys)
{
    static const struct {
        kappa_weights w;
        const char *name, *of;
    } kinds[] = {
        { KAPPA_UNWEIGHTED, "cohen_kappa", "of cohen_kappa" },
        { KAPPA_LINEAR, "cohen_kappa_linear", "of cohen_kappa_linear" },
        { KAPPA_QUADRATIC, "cohen_kappa_quadratic", "of cohen_kappa_quadratic" },
    };
    size_t J = a->n_items, pairs = 0, several = 0, q = 0;
    double *va = malloc((w->n_blocks * J + 1) * sizeof *va);
    double *vb = malloc((w->n_blocks * J + 1) * sizeof *vb);
    unsigned *map = NULL;
    double *table = NULL, *weights = NULL;
    const char *note = NULL;

    if (!va || !vb) {
        a->t->failed = 1;
        goto out;
    }
    note = not_categories(a);
    if (note) {
        for (size_t i = 0; i < 3; i++) {
            stat_est none = { .note = note };
            with_se(a, keys, kinds[i].name, kinds[i].of, &none, -1, NULL);
        }
        goto out;
    }
    for (size_t bi = 0; bi < w->n_blocks; bi++) {
        const score_block *b = &a->s->blocks[w->blocks[bi]];
        size_t sa, sb;
        int fa = side_set(a, b, &a->pair[0], &sa);
        int fb = side_set(a, b, &a->pair[1], &sb);
        if (fa == 2 || fb == 2)
            several++;
        if (fa != 1 || fb != 1)
            continue;
        for (size_t j = 0; j < J; j++) {
            double ka, kb, raw;
            if (score_item_value(a->r, sa, a->items[j], &ka, &raw) &&
                score_item_value(a->r, sb, a->items[j], &kb, &raw)) {
                va[pairs] = ka;
                vb[pairs++] = kb;
            }
        }
    }
    if (several)
        note = table_note(a->t, "%zu subject%s left out: more than one rater "
                                "on a side of the pair", several,
                          several == 1 ? "" : "s");
    map = calloc(a->points, sizeof *map);
    if (!map) {
        a->t->failed = 1;
        goto out;
    }
    for (size_t i = 0; i < pairs; i++) {
        map[(size_t)(va[i] - a->rs->min)] = 1;
        map[(size_t)(vb[i] - a->rs->min)] = 1;
    }
    q = number_categories(a, map);
    table = calloc(q * q + 1, sizeof *table);
    weights = malloc((q * q + 1) * sizeof *weights);
    if (!table || !weights) {
        a->t->failed = 1;
        goto out;
    }
    for (size_t i = 0; i < pairs; i++)
        table[(map[(size_t)(va[i] - a->rs->min)] - 1) * q +
              map[(size_t)(vb[i] - a->rs->min)] - 1]++;
    for (size_t i = 0; i < 3; i++) {
        kappa_weight_matrix(kinds[i].w, q, weights);
        stat_est e = q ? stat_cohen_kappa(table, q, weights)
                       : (stat_est){ .note = "no paired ratings" };
        with_se(a, keys, kinds[i].name, kinds[i].of, &e, (double)pairs, note);
    }
out:
    free(va);
    free(vb);
    free(map);
    free(table);
    free(weights);
}

/* Whether a block shows the group on the scale at hand: a set of the
 * block may be used for it (score_disclose.h). */
static int shows(const agree *a, const score_block *b, uint32_t group)
{
    for (size_t i = 0; i < b->n_sets; i++)
        if (disclose_uses(&a->d, a->s->order[b->first_set + i], a->scale,
                          group))
            return 1;
    return 0;
}

/*
 * Cohort statistics of a group use, in each subject, the raters its row
 * shows (score_disclose.h): a group withheld in a subject's rows adds nothing
 * to them either, and raters pooled into others enter only with it, so
 * that a small cohort cannot give away what the minimum withholds.
 */
static void across(agree *a, const wave_data *w, wave_data *shown,
                   uint32_t wave)
{
    table_keys keys = { NULL, strtab_str(&a->r->waves, wave),
                        a->inst->scales[a->scale].id, NULL, NULL };
    for (size_t gi = 0; gi < a->n_groups; gi++) {
        shown->n_blocks = shown->n_sets = 0;
        for (size_t bi = 0; bi < w->n_blocks; bi++) {
            const score_block *b = &a->s->blocks[w->blocks[bi]];
            if (shows(a, b, a->groups[gi])) {
                shown->blocks[shown->n_blocks++] = w->blocks[bi];
                shown->n_sets += b->n_sets;
            }
        }
        if (shown->n_blocks == 0)
            continue; /* the group is not seen in this wave */
        keys.group = score_group_id(a->s, a->groups[gi]);
        nested_icc(a, shown, a->groups[gi], &keys);
        shrout_fleiss(a, shown, a->groups[gi], &keys);
        unit_statistics(a, shown, a->groups[gi], &keys);
    }
    if (a->opts.pair) {
        keys.group = a->pair_name;
        cohen(a, w, &keys);
    }
}

/* ---- In parts ----------------------------------------------------------- */

/* Blocks are worked out and written BLOCK_PART at a time (base_parts.h). */
#define BLOCK_PART 32

/* Part `part` of the blocks, within each subject (table_part_fn). */
static void within_part(void *ctx, unsigned worker, size_t part,
                        assess_table *rows)
{
    agree *a = &((agree *)ctx)->workers[worker];
    size_t end = parts_end(part, BLOCK_PART, a->s->n_blocks);

    a->t = rows;
    for (size_t bi = part * BLOCK_PART; bi < end; bi++) {
        for (uint32_t k = 0; k < a->inst->n_scales; k++) {
            use_scale(a, k);
            for (size_t gi = 0; gi < a->n_groups; gi++)
                within(a, &a->s->blocks[bi], gi);
        }
    }
}

/* Part wave * n_scales + scale, across subjects (table_part_fn). */
static void across_part(void *ctx, unsigned worker, size_t part,
                        assess_table *rows)
{
    agree *a = &((agree *)ctx)->workers[worker];
    uint32_t wave = (uint32_t)(part / a->inst->n_scales);

    a->t = rows;
    use_scale(a, (uint32_t)(part % a->inst->n_scales));
    across(a, &a->waves[wave], &a->shown, wave);
}

/* ---- Setting up --------------------------------------------------------- */

static assess_status parse_pair(agree *a, assess_error *err)
{
    const char *p = a->opts.pair, *comma = strchr(p, ',');
    if (!comma || strchr(comma + 1, ',') || comma == p || !comma[1])
        return error_set(err, ASSESS_EUSAGE, NULL, 0,
                         "--pair '%s': give two groups or rater ids, as in "
                         "self,manager", p);
    const char *name[2] = { p, comma + 1 };
    size_t len[2] = { (size_t)(comma - p), strlen(comma + 1) };
    for (int i = 0; i < 2; i++) {
        side *sd = &a->pair[i];
        sd->group = a->inst->implicit_group
                        ? NO_GROUP
                        : instrument_find_group(a->inst, name[i], len[i]);
        sd->rater = STRTAB_NONE;
        if (sd->group == NO_GROUP)
            sd->rater = strtab_find(&a->r->raters, name[i], len[i]);
        if (sd->group == NO_GROUP && sd->rater == STRTAB_NONE)
            return error_set(err, ASSESS_EUSAGE, NULL, 0,
                             "--pair: '%.*s' is neither a rater group of "
                             "instrument '%s' nor a rater id in the data",
                             (int)len[i], name[i], a->inst->id);
        if (sd->group == NO_GROUP && !a->opts.research)
            return error_set(err, ASSESS_EUSAGE, NULL, 0,
                             "--pair: '%.*s' is a rater id: kappas of one "
                             "rater are for research only (add --research; "
                             "the output then holds rater ids)",
                             (int)len[i], name[i]);
    }
    const char *shown_name[2];
    for (int i = 0; i < 2; i++)
        shown_name[i] = a->pair[i].group != NO_GROUP
                            ? a->inst->groups[a->pair[i].group].id
                            : strtab_str(&a->r->raters, a->pair[i].rater);
    a->pair_name = table_note(a->t, "%s,%s", shown_name[0], shown_name[1]);
    if (!a->pair_name)
        return error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    return ASSESS_OK;
}

/* `others` when there is a self group to set apart, else `all`; with
 * by_group also each group but self that has raters. */
static int choose_groups(agree *a)
{
    const assess_instrument *inst = a->inst;
    int has_self = 0;
    unsigned char *seen = calloc(inst->n_groups + 1, 1);

    a->groups = malloc((inst->n_groups + 1) * sizeof *a->groups);
    a->withheld_note = malloc((inst->n_groups + 1) * sizeof *a->withheld_note);
    if (!seen || !a->groups || !a->withheld_note) {
        free(seen);
        return -1;
    }
    for (size_t i = 0; i < a->r->n_sets; i++)
        seen[a->r->sets[i].group] = 1;
    for (size_t g = 0; g < inst->n_groups; g++)
        has_self |= inst->groups[g].role == ROLE_SELF;
    a->groups[a->n_groups++] = has_self ? GROUP_OTHERS(inst) : GROUP_ALL(inst);
    if (a->opts.by_group && !inst->implicit_group)
        for (size_t g = 0; g < inst->n_groups; g++)
            if (inst->groups[g].role != ROLE_SELF && seen[g])
                a->groups[a->n_groups++] = (uint32_t)g;
    free(seen);
    for (size_t gi = 0; gi < a->n_groups; gi++) {
        unsigned m = score_group_minimum(inst, a->groups[gi]);
        a->withheld_note[gi] = table_note(a->t, "withheld: fewer than %u raters "
                                                "in the group", m);
        if (!a->withheld_note[gi])
            return -1;
    }
    return 0;
}

assess_table *assess_agree_compute(const assess_responses *resp,
                                   const assess_agree_options *opts,
                                   assess_error *err)
{
    agree a = { 0 };

    a.r = resp;
    a.inst = resp->inst;
    if (opts)
        a.opts = *opts;
    else
        assess_agree_options_init(&a.opts);
    a.threads = a.opts.threads ? a.opts.threads : 1;
    if ((unsigned)a.opts.null > ASSESS_NULL_NORMAL) {
        error_set(err, ASSESS_EUSAGE, NULL, 0, "unknown rwg null distribution");
        return NULL;
    }

    a.s = score_for_statistics(resp, a.opts.score, a.threads, err);
    if (!a.s)
        return NULL;
    if (disclose_init(&a.d, a.s, a.opts.research) < 0) {
        assess_score_free(a.s);
        error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    a.t = table_new("agree", a.inst, a.opts.stream);
    if (a.t)
        a.t->digits = a.opts.digits;
    if (!a.t || choose_groups(&a) < 0)
        goto oom;
    if (a.opts.pair && parse_pair(&a, err) != ASSESS_OK) {
        release(&a);
        assess_table_free(a.t);
        return NULL;
    }
    if (a.opts.sims) {
        a.sims = calloc(1, sizeof *a.sims);
        if (!a.sims)
            goto oom;
        pthread_mutex_init(&a.sims->lock, NULL);
    }
    if (prepare_scales(&a) < 0 || find_waves(&a) < 0 || make_workers(&a) < 0)
        goto oom;

    /* Within each subject, in the order of the blocks; then across
     * subjects, wave by wave in order of appearance, scale by scale. */
    size_t ns = a.inst->n_scales;
    if (table_parts(a.t, parts_count(a.s->n_blocks, BLOCK_PART),
                    a.threads, within_part, &a) < 0 ||
        table_parts(a.t, resp->waves.count * ns, a.threads, across_part,
                    &a) < 0)
        goto oom;
    if (a.t->failed)
        goto oom;
    if (table_end(a.t, err) != ASSESS_OK) {
        assess_table_free(a.t);
        a.t = NULL;
    }
    release(&a);
    return a.t;
oom:
    release(&a);
    assess_table_free(a.t);
    error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    return NULL;
}
