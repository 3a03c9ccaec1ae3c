/*
 * analysis_reliability.c - internal consistency per wave and scale: each
 * rater's answers (every rater, or one group's) are an observation, the
 * scale's items (as scored, reverse keying applied) the variables.  A
 * composite scale stands for the items of its parts.
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

void assess_reliability_options_init(assess_reliability_options *opts)
{
    memset(opts, 0, sizeof *opts);
}

/* What one thread needs of its own. */
typedef struct rel_worker {
    double *x;           /* the raters' answers to a scale's items */
    alpha_result res;
} rel_worker;

typedef struct reliability {
    const assess_responses *r;
    const assess_instrument *inst;
    assess_reliability_options opts;
    uint32_t group;      /* an output group of score.h: GROUP_ALL for all */
    uint32_t uses;       /* what disclose_uses() is asked: DISCLOSE_ANY
                            for all */
    const char *group_id;
    assess_score *s;     /* rater scores, for what may be used */
    disclose d;
    assess_table *t;
    size_t *by_wave;     /* sets in order of wave */
    size_t *wave_start;  /* by_wave[wave_start[w] .. wave_start[w + 1]) */
    uint32_t **items;    /* by scale: the items it rests on */
    size_t *n_items;
    unsigned threads;
    rel_worker *workers; /* parts_workers(threads) of them */
} reliability;

static int by_wave(reliability *rl)
{
    const assess_responses *r = rl->r;
    size_t nw = r->waves.count;
    rl->wave_start = calloc(nw + 2, sizeof *rl->wave_start);
    rl->by_wave = malloc((r->n_sets + 1) * sizeof *rl->by_wave);
    if (!rl->wave_start || !rl->by_wave)
        return -1;
    for (size_t i = 0; i < r->n_sets; i++)
        rl->wave_start[r->sets[i].wave + 2]++;
    for (size_t w = 2; w < nw + 2; w++)
        rl->wave_start[w] += rl->wave_start[w - 1];
    for (size_t i = 0; i < r->n_sets; i++)
        rl->by_wave[rl->wave_start[r->sets[i].wave + 1]++] = i;
    return 0;
}

/*
 * A set's answers to the items as scored, NAN where missing, into row;
 * 1 when it answered any of them (an observation), else 0.
 */
static int observation(const assess_responses *r, size_t set,
                       const uint32_t *items, size_t k, double *row)
{
    int any = 0;
    for (size_t j = 0; j < k; j++) {
        double keyed, raw;
        int has = score_item_value(r, set, items[j], &keyed, &raw);
        row[j] = has ? keyed : NAN;
        any |= has;
    }
    return any;
}

/* Whether the sem is in the metric of the item mean: a composite's score
 * is the mean of its parts' means. */
static int mean_scored(const inst_scale *sc)
{
    return sc->n_parts > 0 || sc->scoring == SCORING_MEAN;
}

/* An interval's row says which raters listwise deletion left out: a
 * present value's own note (why it has no interval) and that both stand;
 * an absent one's reason is enough. */
static void note_dropped(assess_table *t, table_row *row, const char *dropped)
{
    if (row && dropped && !row->note)
        row->note = dropped;
    else if (row && dropped && row->has_value)
        row->note = table_note(t, "%s; %s", row->note, dropped);
}

/* Part wave * n_scales + k: the rows of scale k at the wave
 * (table_part_fn). */
static void scale_rows(void *ctx, unsigned worker, size_t part,
                       assess_table *t)
{
    const reliability *rl = ctx;
    rel_worker *w = &rl->workers[worker];
    const assess_responses *r = rl->r;
    uint32_t wave = (uint32_t)(part / rl->inst->n_scales);
    uint32_t k = (uint32_t)(part % rl->inst->n_scales);
    const uint32_t *items = rl->items[k];
    size_t n_items = rl->n_items[k];
    const inst_scale *sc = &rl->inst->scales[k];
    table_keys keys = { NULL, strtab_str(&r->waves, wave), sc->id, NULL,
                        rl->group_id };
    size_t n = 0, rows = 0;

    for (size_t i = rl->wave_start[wave]; i < rl->wave_start[wave + 1]; i++) {
        size_t set = rl->by_wave[i];
        if (!disclose_uses(&rl->d, set, k, rl->uses))
            continue;
        /* A rater who answered none of the scale is not an observation. */
        if (observation(r, set, items, n_items, w->x + n * n_items))
            n++;
        rows++;
    }
    if (rows == 0)
        return;
    if (stat_alpha(w->x, n, n_items, rl->opts.pairwise, mean_scored(sc),
                   &w->res) < 0) {
        t->failed = 1;
        return;
    }
    const char *dropped = NULL;
    if (!rl->opts.pairwise && n > (size_t)w->res.n && n_items > 1)
        dropped = table_note(t, "listwise: %zu of %zu raters with a "
                                    "missing answer left out",
                             n - (size_t)w->res.n, n);
    else if (rl->opts.pairwise && n_items > 1)
        dropped = "pairwise: n is the fewest raters any pair of items had";
    table_row *row = table_add_est(t, &keys, "alpha", &w->res.alpha,
                                   w->res.n);
    note_dropped(t, row, dropped);
    table_add_est(t, &keys, "alpha_std", &w->res.alpha_std, w->res.n);
    table_add_est(t, &keys, "sem", &w->res.sem, w->res.n);
    row = table_add_est(t, &keys, "alpha_duhachek", &w->res.alpha_duhachek,
                        w->res.n);
    note_dropped(t, row, dropped);
    if (w->res.alpha_duhachek.has_se)
        table_add_value(t, &keys, "se", 1, w->res.alpha_duhachek.se,
                        "of alpha_duhachek");
    table_add_est(t, &keys, "average_r", &w->res.average_r, w->res.n);
    table_add_est(t, &keys, "guttman_l6", &w->res.guttman_l6, w->res.n);
    table_add_est(t, &keys, "omega_total", &w->res.omega_total, w->res.n);
    if (rl->opts.target_items) {
        stat_est sb = stat_spearman_brown(&w->res.alpha,
                                          (double)rl->opts.target_items /
                                              (double)n_items);
        row = table_add_est(t, &keys, "alpha_spearman_brown", &sb, w->res.n);
        if (row && sb.ok && !row->note)
            row->note = table_note(t, "alpha at %u items (from %zu)",
                                   rl->opts.target_items, n_items);
    }
    for (size_t j = 0; j < n_items; j++) {
        keys.item = rl->inst->items[items[j]].id;
        table_add_est(t, &keys, "item_total_r", &w->res.item_total_r[j],
                      w->res.n);
        table_add_est(t, &keys, "alpha_if_deleted",
                      &w->res.alpha_if_deleted[j], w->res.n);
    }
}

int reliability_alpha(const disclose *d, uint32_t wave, uint32_t scale,
                      stat_est *alpha)
{
    const assess_responses *r = d->s->resp;
    const assess_instrument *inst = r->inst;
    const inst_scale *sc = &inst->scales[scale];
    uint32_t rs;
    size_t k, n = 0;
    uint32_t *items = instrument_scale_items(inst, scale, &k, &rs);
    double *x = NULL;
    alpha_result res = { 0 };
    int rc = -1;

    if (!items)
        goto out;
    x = malloc((r->n_sets * k + 1) * sizeof *x);
    if (!x)
        goto out;
    for (size_t set = 0; set < r->n_sets; set++)
        if (r->sets[set].wave == wave &&
            disclose_uses(d, set, scale, DISCLOSE_ANY) &&
            observation(r, set, items, k, x + n * k))
            n++;
    if (stat_alpha(x, n, k, 0, mean_scored(sc), &res) < 0)
        goto out;
    *alpha = res.alpha;
    rc = 0;
out:
    free(items);
    free(x);
    return rc;
}

/* The scales' items, and each worker's room for the most raters of a wave
 * by the most items of a scale.  0, or -1 when out of memory. */
static int prepare(reliability *rl)
{
    const assess_instrument *inst = rl->inst;
    size_t ns = inst->n_scales, max_items = 1, max_sets = 1;

    rl->items = calloc(ns + 1, sizeof *rl->items);
    rl->n_items = calloc(ns + 1, sizeof *rl->n_items);
    rl->workers = calloc(parts_workers(rl->threads), sizeof *rl->workers);
    if (!rl->items || !rl->n_items || !rl->workers)
        return -1;
    for (uint32_t k = 0; k < ns; k++) {
        uint32_t rs;
        rl->items[k] = instrument_scale_items(inst, k, &rl->n_items[k], &rs);
        if (!rl->items[k])
            return -1;
        if (rl->n_items[k] > max_items)
            max_items = rl->n_items[k];
    }
    for (uint32_t w = 0; w < rl->r->waves.count; w++)
        if (rl->wave_start[w + 1] - rl->wave_start[w] > max_sets)
            max_sets = rl->wave_start[w + 1] - rl->wave_start[w];
    for (size_t i = 0; i < parts_workers(rl->threads); i++) {
        rel_worker *w = &rl->workers[i];
        w->x = malloc(max_sets * max_items * sizeof *w->x);
        w->res.item_total_r = malloc(max_items * sizeof *w->res.item_total_r);
        w->res.alpha_if_deleted = malloc(max_items *
                                         sizeof *w->res.alpha_if_deleted);
        if (!w->x || !w->res.item_total_r || !w->res.alpha_if_deleted)
            return -1;
    }
    return 0;
}

static void release(reliability *rl)
{
    if (rl->items)
        for (size_t k = 0; k < rl->inst->n_scales; k++)
            free(rl->items[k]);
    free(rl->items);
    free(rl->n_items);
    if (rl->workers) {
        for (size_t i = 0; i < parts_workers(rl->threads); i++) {
            free(rl->workers[i].x);
            free(rl->workers[i].res.item_total_r);
            free(rl->workers[i].res.alpha_if_deleted);
        }
        free(rl->workers);
    }
    free(rl->by_wave);
    free(rl->wave_start);
    disclose_release(&rl->d);
    assess_score_free(rl->s);
}

assess_table *assess_reliability_compute(const assess_responses *resp,
                                         const assess_reliability_options *opts,
                                         assess_error *err)
{
    reliability rl = { 0 };
    const assess_instrument *inst = resp->inst;

    rl.r = resp;
    rl.inst = inst;
    if (opts)
        rl.opts = *opts;
    else
        assess_reliability_options_init(&rl.opts);
    rl.group = GROUP_ALL(inst);
    rl.group_id = "all";
    if (rl.opts.group) {
        int has_self = 0;
        for (size_t g = 0; g < inst->n_groups; g++)
            has_self |= inst->groups[g].role == ROLE_SELF;
        uint32_t g = instrument_find_group(inst, rl.opts.group,
                                           strlen(rl.opts.group));
        /* "others" is the aggregate even where a group "other" would
         * match it as a plural. */
        if (has_self && strcmp(rl.opts.group, "others") == 0) {
            rl.group = GROUP_OTHERS(inst);
            rl.group_id = "others";
        } else if (g != NO_GROUP) {
            rl.group = g;
            rl.group_id = inst->groups[g].id;
        } else if (strcmp(rl.opts.group, "all") != 0) {
            error_set(err, ASSESS_EUSAGE, NULL, 0,
                      "--group '%s' is not a rater group of instrument '%s'%s",
                      rl.opts.group, inst->id,
                      has_self ? ", 'others' or 'all'" : " or 'all'");
            return NULL;
        }
    }
    rl.uses = rl.group == GROUP_ALL(inst) ? DISCLOSE_ANY : rl.group;
    rl.threads = rl.opts.threads ? rl.opts.threads : 1;
    rl.s = score_for_statistics(resp, rl.opts.score, rl.threads, err);
    if (!rl.s)
        return NULL;
    rl.t = table_new("reliability", inst, rl.opts.stream);
    if (rl.t)
        rl.t->digits = rl.opts.digits;
    if (!rl.t || disclose_init(&rl.d, rl.s, rl.opts.research) < 0 || by_wave(&rl) < 0 || prepare(&rl) < 0 ||
        table_parts(rl.t, resp->waves.count * inst->n_scales, rl.threads,
                    scale_rows, &rl) < 0 || rl.t->failed)
        goto oom;
    if (table_end(rl.t, err) != ASSESS_OK) {
        assess_table_free(rl.t);
        rl.t = NULL;
    }
    release(&rl);
    return rl.t;
oom:
    release(&rl);
    assess_table_free(rl.t);
    error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    return NULL;
}
