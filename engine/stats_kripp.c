/*
 * stats_kripp.c - Krippendorff's alpha for any number of raters per unit,
 * with missing values, in the nominal, ordinal, interval and ratio metrics.
 *
 * Krippendorff (2011), "Computing Krippendorff's alpha-reliability":
 * alpha = 1 - (n - 1) * sum o_ck delta2_ck / sum n_c n_k delta2_ck, where
 * o is the coincidence matrix of pairable values and n_c its margins.  The
 * matrix is never built: the observed disagreement is summed unit by unit,
 * so memory grows with the distinct values, not with their square.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

/* Beyond this many distinct values the expected disagreement (quadratic in
 * them) is not computed. */
#define KRIPP_MAX_VALUES 10000

typedef struct kripp {
    kripp_metric metric;
    const double *cat; /* distinct values, ascending */
    const double *cum; /* ordinal: cum[i] = n_0 + ... + n_(i-1) */
    const double *nc;  /* margins */
} kripp;

/* The index of v in cat[0..n), which holds it.  Without branches: which
 * way a step goes is a coin toss the processor would lose half the time. */
static size_t find(const double *cat, size_t n, double v)
{
    const double *base = cat;
    while (n > 1) {
        size_t half = n / 2;
        base = base[half] <= v ? base + half : base;
        n -= half;
    }
    return (size_t)(base - cat);
}

/* delta^2 between categories a < b (Krippendorff 2011, section E). */
static double delta2(const kripp *k, size_t a, size_t b)
{
    double c = k->cat[a], d = k->cat[b], t;
    switch (k->metric) {
    case KRIPP_NOMINAL:
        return a == b ? 0 : 1;
    case KRIPP_ORDINAL:
        t = k->cum[b + 1] - k->cum[a] - (k->nc[a] + k->nc[b]) / 2;
        return t * t;
    case KRIPP_INTERVAL:
        return (c - d) * (c - d);
    case KRIPP_RATIO:
        return c + d == 0 ? 0 : ((c - d) / (c + d)) * ((c - d) / (c + d));
    case KRIPP_METRICS:
        break;
    }
    return 0;
}

/* The index of v in cat[0..*n), inserting it in order when it is new;
 * SIZE_MAX when there would be more than KRIPP_MAX_VALUES. */
static size_t find_or_add(double *cat, size_t *n, double v)
{
    size_t lo = 0, hi = *n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cat[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < *n && cat[lo] == v)
        return lo;
    if (*n == KRIPP_MAX_VALUES)
        return SIZE_MAX;
    memmove(cat + lo + 1, cat + lo, (*n - lo) * sizeof *cat);
    cat[lo] = v;
    (*n)++;
    return lo;
}

/* Where no alpha can be had, in every metric. */
static void none(stat_est est[KRIPP_METRICS], const char *note)
{
    for (int m = 0; m < KRIPP_METRICS; m++) {
        memset(&est[m], 0, sizeof est[m]);
        est[m].note = note;
    }
}

void stat_kripp_alphas(const double *values, const size_t *len,
                       size_t n_units, stat_est est[KRIPP_METRICS])
{
    size_t total = 0, at = 0, V = 0, pairable = 0;
    double *cat = NULL, *nc = NULL, *cum = NULL, *delta = NULL;
    uint16_t *idx = NULL;          /* each pairable value's category */
    size_t *count = NULL;          /* a unit's count of each category */
    uint16_t *present = NULL;      /* the categories a unit has, ascending */
    long double d_o[KRIPP_METRICS] = { 0 }, d_e[KRIPP_METRICS] = { 0 };
    kripp k[KRIPP_METRICS];

    for (size_t u = 0; u < n_units; u++) {
        if (len[u] >= 2) {
            total += len[u];
            pairable++;
        }
    }
    if (pairable < 2) {
        none(est, pairable ? "one unit has two ratings: fewer than two units"
                           : "no unit has two ratings");
        return;
    }
    cat = malloc(KRIPP_MAX_VALUES * sizeof *cat);
    idx = malloc(total * sizeof *idx);
    if (!cat || !idx) {
        none(est, "out of memory");
        goto out;
    }
    /* The distinct pairable values, ascending: rating scales have few, so
     * a value is nearly always found before it would be added. */
    for (size_t u = 0; u < n_units; u++) {
        if (len[u] >= 2)
            for (size_t i = 0; i < len[u]; i++) {
                double v = values[at + i];
                if (V && cat[find(cat, V, v)] == v)
                    continue;
                if (find_or_add(cat, &V, v) == SIZE_MAX) {
                    none(est, "more than 10000 distinct values");
                    goto out;
                }
            }
        at += len[u];
    }
    if (V < 2) {
        none(est, "every rating is the same value: no variation");
        goto out;
    }
    nc = calloc(V, sizeof *nc);
    cum = calloc(V + 1, sizeof *cum);
    count = calloc(V, sizeof *count);
    present = malloc(V * sizeof *present);
    if (!nc || !cum || !count || !present) {
        none(est, "out of memory");
        goto out;
    }
    at = 0;
    for (size_t u = 0, x = 0; u < n_units; u++) {
        if (len[u] >= 2)
            for (size_t i = 0; i < len[u]; i++) {
                size_t c = find(cat, V, values[at + i]);
                idx[x++] = (uint16_t)c;
                nc[c]++;
            }
        at += len[u];
    }
    for (size_t c = 0; c < V; c++)
        cum[c + 1] = cum[c] + nc[c];
    for (int m = 0; m < KRIPP_METRICS; m++)
        k[m] = (kripp){ (kripp_metric)m, cat, cum, nc };
    /* Few values (a rating scale's): every delta^2 looked up, not worked
     * out again for every pair of every unit. */
    if (V <= 64) {
        delta = malloc(KRIPP_METRICS * V * V * sizeof *delta);
        if (delta)
            for (int m = 0; m < KRIPP_METRICS; m++)
                for (size_t a = 0; a < V; a++)
                    for (size_t b = a; b < V; b++)
                        delta[(m * V + a) * V + b] = delta2(&k[m], a, b);
    }

    /* Observed: each unit's pairs of values in different categories,
     * weighted 1 / (m_u - 1), category by category in ascending order. */
    for (size_t u = 0, x = 0; u < n_units; u++) {
        size_t n = len[u], np = 0;
        const uint16_t *c = idx + x;
        long double sum[KRIPP_METRICS] = { 0 };
        if (n < 2)
            continue;
        x += n;
        for (size_t i = 0; i < n; i++) {
            if (count[c[i]]++)
                continue;
            size_t j = np++;
            for (; j > 0 && present[j - 1] > c[i]; j--)
                present[j] = present[j - 1];
            present[j] = c[i];
        }
        for (size_t i = 0; i < np; i++) {
            size_t a = present[i];
            for (size_t j = i + 1; j < np; j++) {
                size_t b = present[j];
                for (int m = 0; m < KRIPP_METRICS; m++)
                    sum[m] += 2.0L * count[a] * count[b] *
                              (delta ? delta[(m * V + a) * V + b]
                                     : delta2(&k[m], a, b));
            }
        }
        for (size_t i = 0; i < np; i++)
            count[present[i]] = 0;
        for (int m = 0; m < KRIPP_METRICS; m++)
            d_o[m] += sum[m] / (n - 1);
    }
    /* Expected: every pair of values in the margins. */
    for (int m = 0; m < KRIPP_METRICS; m++) {
        for (size_t a = 0; a < V; a++)
            for (size_t b = a + 1; b < V; b++)
                d_e[m] += 2.0L * nc[a] * nc[b] *
                          (delta ? delta[(m * V + a) * V + b]
                                 : delta2(&k[m], a, b));
        memset(&est[m], 0, sizeof est[m]);
        if (!(d_e[m] > 0)) {
            est[m].note = "no expected disagreement";
            continue;
        }
        est[m].ok = 1;
        est[m].value = (double)(1 - (total - 1) * d_o[m] / d_e[m]);
    }
out:
    free(cat);
    free(idx);
    free(nc);
    free(cum);
    free(count);
    free(present);
    free(delta);
}

stat_est stat_kripp_alpha(const double *values, const size_t *len,
                          size_t n_units, kripp_metric metric)
{
    stat_est est[KRIPP_METRICS];
    stat_kripp_alphas(values, len, n_units, est);
    return est[metric];
}
