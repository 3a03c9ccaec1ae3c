/*
 * analysis_screen.c - careless responding, rater by rater: the indices of
 * stats_screen.c on each response set's answers, with a note beginning
 * "flagged" where an index passes its published cut-off.
 *
 * A rater's answers are taken in the instrument's order of items, as
 * answered (longstring, irv, the Mahalanobis distance) or as scored
 * (even-odd, which pairs halves of each scale and needs one direction);
 * missing codes are missing.  The Mahalanobis distance places each rater
 * among every rater of the same wave.  The table names raters: research
 * only.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_table.h"
#include "score.h"
#include "stats.h"

/* Cut-offs, each with its source (README, "assess screen"). */
#define LONGSTRING_SHARE 0.5 /* a run of more than half the answered
                                items: Curran (2016) */
#define EVEN_ODD_BELOW 0.30  /* Jackson (1976), Johnson (2005) */
#define MAHALANOBIS_P 0.001  /* Meade & Craig (2012) */
#define SECONDS_PER_ITEM 2.0 /* Huang, Curran, Keeney, Poposki & DeShon
                                (2012) */

void assess_screen_options_init(assess_screen_options *opts)
{
    memset(opts, 0, sizeof *opts);
}

typedef struct screen {
    const assess_responses *r;
    const assess_instrument *inst;
    assess_table *t;
    size_t *order;      /* sets: by subject, wave, group, rater */
    size_t *by_wave;    /* sets of a wave, in the order above */
    double *raw;        /* answers of a wave's sets, set by set */
    double *keyed;      /* one set's answers as scored, scale by scale */
    size_t *scale_len;  /* items of each scale with items */
    uint32_t *scale_items; /* their items, scale by scale */
    size_t n_scales, n_scale_items;
    double *row;        /* one set's answers */
    stat_est *d2, *wave_d2; /* by set, and by a wave's sets */
    double *p, *wave_p;
    int durations;      /* some set has a duration */
} screen;

static const screen *sort_ctx;

static int by_keys(const void *pa, const void *pb)
{
    const assess_responses *r = sort_ctx->r;
    const resp_set *a = &r->sets[*(const size_t *)pa];
    const resp_set *b = &r->sets[*(const size_t *)pb];
    int c = strcmp(strtab_str(&r->subjects, a->subject),
                   strtab_str(&r->subjects, b->subject));
    if (c)
        return c;
    if (a->wave != b->wave)
        return a->wave < b->wave ? -1 : 1;
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    return strcmp(strtab_str(&r->raters, a->rater),
                  strtab_str(&r->raters, b->rater));
}

/* The order of the rows, and room for the largest wave.  0, or -1 when
 * out of memory. */
static int prepare(screen *sc)
{
    const assess_responses *r = sc->r;
    const assess_instrument *inst = sc->inst;
    size_t n = r->n_sets, k = inst->n_items;

    sc->order = malloc((n + 1) * sizeof *sc->order);
    sc->by_wave = malloc((n + 1) * sizeof *sc->by_wave);
    sc->raw = malloc((n * k + 1) * sizeof *sc->raw);
    sc->keyed = malloc((k + 1) * sizeof *sc->keyed);
    sc->scale_len = calloc(inst->n_scales + 1, sizeof *sc->scale_len);
    sc->scale_items = malloc((k + 1) * sizeof *sc->scale_items);
    sc->row = malloc((k + 1) * sizeof *sc->row);
    sc->d2 = malloc((n + 1) * sizeof *sc->d2);
    sc->p = malloc((n + 1) * sizeof *sc->p);
    sc->wave_d2 = malloc((n + 1) * sizeof *sc->wave_d2);
    sc->wave_p = malloc((n + 1) * sizeof *sc->wave_p);
    if (!sc->order || !sc->by_wave || !sc->raw || !sc->keyed ||
        !sc->scale_len || !sc->scale_items || !sc->row || !sc->d2 ||
        !sc->p || !sc->wave_d2 || !sc->wave_p)
        return -1;
    for (size_t i = 0; i < n; i++) {
        sc->order[i] = i;
        sc->durations |= !isnan(r->sets[i].duration);
    }
    /* qsort has no context argument: one sort at a time */
    static pthread_mutex_t sorting = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&sorting);
    sort_ctx = sc;
    qsort(sc->order, n, sizeof *sc->order, by_keys);
    pthread_mutex_unlock(&sorting);
    for (uint32_t s = 0; s < inst->n_scales; s++) {
        const inst_scale *scale = &inst->scales[s];
        if (scale->n_parts || scale->n_items == 0)
            continue;
        sc->scale_len[sc->n_scales++] = scale->n_items;
        for (uint32_t j = 0; j < scale->n_items; j++)
            sc->scale_items[sc->n_scale_items++] = scale->first_item + j;
    }
    return 0;
}

static void release(screen *sc)
{
    free(sc->order);
    free(sc->by_wave);
    free(sc->raw);
    free(sc->keyed);
    free(sc->scale_len);
    free(sc->scale_items);
    free(sc->row);
    free(sc->d2);
    free(sc->p);
    free(sc->wave_d2);
    free(sc->wave_p);
}

/* A row of the rater's, flagged with `why` when `flag`. */
static void add(screen *sc, const table_keys *keys, const char *rater,
                const char *name, const stat_est *e, double n, int flag,
                const char *why)
{
    table_row *row = table_add_est(sc->t, keys, name, e, n);
    if (!row)
        return;
    row->rater = rater;
    if (e->ok && flag && !row->note)
        row->note = why;
}

/* The rows of set `set`. */
static void rater_rows(screen *sc, size_t set)
{
    const assess_responses *r = sc->r;
    const assess_instrument *inst = sc->inst;
    const resp_set *s = &r->sets[set];
    double *x = sc->row;
    const char *rater = strtab_str(&r->raters, s->rater);
    table_keys keys = { strtab_str(&r->subjects, s->subject),
                        strtab_str(&r->waves, s->wave), NULL, NULL,
                        inst->groups[s->group].id };
    size_t answered = 0, used;
    stat_est e;

    for (uint32_t j = 0; j < inst->n_items; j++) {
        double v;
        x[j] = responses_value(r, set, j, &v) ? v : NAN;
        answered += !isnan(x[j]);
    }
    e = stat_longstring(x, inst->n_items);
    add(sc, &keys, rater, "longstring", &e, (double)answered,
        e.value > LONGSTRING_SHARE * (double)answered,
        "flagged: one answer over more than half the answered items "
        "(Curran 2016)");
    e = stat_irv(x, inst->n_items);
    add(sc, &keys, rater, "irv", &e, (double)answered, e.value == 0,
        "flagged: every answer the same (Dunn et al. 2018)");
    add(sc, &keys, rater, "mahalanobis_d2", &sc->d2[set], (double)answered,
        sc->p[set] < MAHALANOBIS_P,
        "flagged: p below .001 against chi-square on the items (Meade & "
        "Craig 2012)");
    if (sc->d2[set].ok) {
        e = stat_present(sc->p[set]);
        e.note = "of mahalanobis_d2";
        add(sc, &keys, rater, "p", &e, -1, 0, NULL);
    }
    for (size_t j = 0; j < sc->n_scale_items; j++) {
        double keyed, raw;
        sc->keyed[j] = score_item_value(r, set, sc->scale_items[j], &keyed,
                                        &raw)
                           ? keyed
                           : NAN;
    }
    e = stat_even_odd(sc->keyed, sc->scale_len, sc->n_scales, &used);
    add(sc, &keys, rater, "even_odd", &e, (double)used,
        e.value < EVEN_ODD_BELOW,
        "flagged: below .30 (Jackson 1976; Johnson 2005)");
    if (sc->durations) {
        e = isnan(s->duration)
                ? stat_absent("no duration in the export for this rater")
                : stat_present(s->duration);
        add(sc, &keys, rater, "duration", &e, (double)answered,
            e.value < SECONDS_PER_ITEM * (double)answered,
            "flagged: under 2 seconds an answered item (Huang et al. 2012)");
    }
}

/* The distance of every set from the raters of its wave: d2[set],
 * p[set].  0, or -1 when out of memory. */
static int distances(screen *sc)
{
    const assess_responses *r = sc->r;
    size_t k = sc->inst->n_items;

    for (uint32_t w = 0; w < r->waves.count; w++) {
        size_t n = 0;
        for (size_t set = 0; set < r->n_sets; set++) {
            if (r->sets[set].wave != w)
                continue;
            sc->by_wave[n] = set;
            for (uint32_t j = 0; j < k; j++) {
                double v;
                sc->raw[n * k + j] = responses_value(r, set, j, &v) ? v : NAN;
            }
            n++;
        }
        if (stat_mahalanobis_d2(sc->raw, n, k, sc->wave_d2, sc->wave_p) < 0)
            return -1;
        for (size_t i = 0; i < n; i++) {
            sc->d2[sc->by_wave[i]] = sc->wave_d2[i];
            sc->p[sc->by_wave[i]] = sc->wave_p[i];
        }
    }
    return 0;
}

assess_table *assess_screen_compute(const assess_responses *resp,
                                    const assess_screen_options *opts,
                                    assess_error *err)
{
    screen sc = { 0 };
    assess_screen_options o;

    if (opts)
        o = *opts;
    else
        assess_screen_options_init(&o);
    if (!o.research) {
        error_set(err, ASSESS_EUSAGE, NULL, 0,
                  "screen names raters and shows each one's answers: it is "
                  "for research only");
        return NULL;
    }
    sc.r = resp;
    sc.inst = resp->inst;
    sc.t = table_new("screen", sc.inst, o.stream);
    if (!sc.t || prepare(&sc) < 0 || distances(&sc) < 0)
        goto oom;
    sc.t->raters = 1;
    for (size_t i = 0; i < resp->n_sets; i++) {
        rater_rows(&sc, sc.order[i]);
        if (i + 1 == resp->n_sets ||
            resp->sets[sc.order[i + 1]].subject !=
                resp->sets[sc.order[i]].subject)
            table_flush(sc.t);
    }
    if (sc.t->failed)
        goto oom;
    release(&sc);
    if (table_end(sc.t, err) != ASSESS_OK) {
        assess_table_free(sc.t);
        return NULL;
    }
    return sc.t;
oom:
    release(&sc);
    assess_table_free(sc.t);
    error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    return NULL;
}
