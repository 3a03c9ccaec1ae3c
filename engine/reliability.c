/*
 * reliability.c - internal consistency per wave and scale: each rater's
 * answers (every rater, or one group's) are an observation, the scale's
 * items (as scored, reverse keying applied) the variables.  A composite
 * scale stands for the items of its parts.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reliability.h"
#include "score.h"
#include "stats.h"
#include "table.h"

void assess_reliability_options_init(assess_reliability_options *opts)
{
    memset(opts, 0, sizeof *opts);
}

typedef struct reliability {
    const assess_responses *r;
    const assess_instrument *inst;
    assess_reliability_options opts;
    uint32_t group;      /* an output group of score.h: GROUP_ALL for all */
    const char *group_id;
    assess_table *t;
    size_t *by_wave;     /* sets in order of wave */
    size_t *wave_start;  /* by_wave[wave_start[w] .. wave_start[w + 1]) */
    double *x;
    alpha_result res;
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

static void scale_rows(reliability *rl, uint32_t wave, uint32_t k,
                       const uint32_t *items, size_t n_items)
{
    const assess_responses *r = rl->r;
    const inst_scale *sc = &rl->inst->scales[k];
    table_keys keys = { NULL, strtab_str(&r->waves, wave), sc->id, NULL,
                        rl->group_id };
    size_t n = 0, rows = 0;

    for (size_t i = rl->wave_start[wave]; i < rl->wave_start[wave + 1]; i++) {
        size_t set = rl->by_wave[i];
        if (!score_in_group(rl->inst, r->sets[set].group, rl->group))
            continue;
        /* A rater who answered none of the scale is not an observation. */
        if (observation(r, set, items, n_items, rl->x + n * n_items))
            n++;
        rows++;
    }
    if (rows == 0)
        return;
    if (stat_alpha(rl->x, n, n_items, rl->opts.pairwise, mean_scored(sc),
                   &rl->res) < 0) {
        rl->t->failed = 1;
        return;
    }
    const char *dropped = NULL;
    if (!rl->opts.pairwise && n > (size_t)rl->res.n && n_items > 1)
        dropped = table_note(rl->t, "listwise: %zu of %zu raters with a "
                                    "missing answer left out",
                             n - (size_t)rl->res.n, n);
    else if (rl->opts.pairwise && n_items > 1)
        dropped = "pairwise: n is the fewest raters any pair of items had";
    table_row *row = table_add_est(rl->t, &keys, "alpha", &rl->res.alpha,
                                   rl->res.n);
    if (row && !row->note)
        row->note = dropped;
    table_add_est(rl->t, &keys, "alpha_std", &rl->res.alpha_std, rl->res.n);
    table_add_est(rl->t, &keys, "sem", &rl->res.sem, rl->res.n);
    for (size_t j = 0; j < n_items; j++) {
        keys.item = rl->inst->items[items[j]].id;
        table_add_est(rl->t, &keys, "item_total_r", &rl->res.item_total_r[j],
                      rl->res.n);
        table_add_est(rl->t, &keys, "alpha_if_deleted",
                      &rl->res.alpha_if_deleted[j], rl->res.n);
    }
}

int reliability_alpha(const assess_responses *r, uint32_t wave,
                      uint32_t scale, stat_est *alpha)
{
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
        if (r->sets[set].wave == wave && observation(r, set, items, k, x + n * k))
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

assess_table *assess_reliability_compute(const assess_responses *resp,
                                         const assess_reliability_options *opts,
                                         assess_error *err)
{
    reliability rl = { 0 };
    const assess_instrument *inst = resp->inst;
    size_t ni = inst->n_items;

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
        if (g != NO_GROUP) {
            rl.group = g;
            rl.group_id = inst->groups[g].id;
        } else if (has_self && strcmp(rl.opts.group, "others") == 0) {
            rl.group = GROUP_OTHERS(inst);
            rl.group_id = "others";
        } else if (strcmp(rl.opts.group, "all") != 0) {
            error_set(err, ASSESS_EUSAGE, NULL, 0,
                      "--group '%s' is not a rater group of instrument '%s'%s",
                      rl.opts.group, inst->id,
                      has_self ? ", 'others' or 'all'" : " or 'all'");
            return NULL;
        }
    }
    rl.t = table_new("reliability", inst, rl.opts.stream);
    rl.x = malloc((resp->n_sets * (ni ? ni : 1) + 1) * sizeof *rl.x);
    rl.res.item_total_r = malloc((ni + 1) * sizeof *rl.res.item_total_r);
    rl.res.alpha_if_deleted = malloc((ni + 1) * sizeof *rl.res.alpha_if_deleted);
    if (!rl.t || !rl.x || !rl.res.item_total_r || !rl.res.alpha_if_deleted ||
        by_wave(&rl) < 0)
        goto oom;
    for (uint32_t w = 0; w < resp->waves.count; w++) {
        for (uint32_t k = 0; k < inst->n_scales; k++) {
            uint32_t rs;
            size_t n;
            uint32_t *items = instrument_scale_items(inst, k, &n, &rs);
            if (!items)
                goto oom;
            scale_rows(&rl, w, k, items, n);
            free(items);
        }
    }
    if (rl.t->failed)
        goto oom;
    if (table_end(rl.t, err) != ASSESS_OK) {
        assess_table_free(rl.t);
        rl.t = NULL;
    }
    free(rl.x);
    free(rl.res.item_total_r);
    free(rl.res.alpha_if_deleted);
    free(rl.by_wave);
    free(rl.wave_start);
    return rl.t;
oom:
    free(rl.x);
    free(rl.res.item_total_r);
    free(rl.res.alpha_if_deleted);
    free(rl.by_wave);
    free(rl.wave_start);
    assess_table_free(rl.t);
    error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    return NULL;
}
