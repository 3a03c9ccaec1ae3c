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

static size_t find(const double *cat, size_t n, double v)
{
    size_t lo = 0, hi = n;
    while (lo + 1 < hi) {
        size_t mid = (lo + hi) / 2;
        if (cat[mid] <= v)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
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

stat_est stat_kripp_alpha(const double *values, const size_t *len,
                          size_t n_units, kripp_metric metric)
{
    stat_est e = { 0 };
    size_t total = 0, at = 0, V = 0, max_len = 1;
    double *cat = NULL, *nc = NULL, *cum = NULL;
    size_t *unit = NULL;
    long double d_o = 0, d_e = 0;

    size_t pairable = 0;
    for (size_t u = 0; u < n_units; u++) {
        if (len[u] >= 2) {
            total += len[u];
            pairable++;
        }
        if (len[u] > max_len)
            max_len = len[u];
    }
    if (pairable < 2) {
        e.note = pairable ? "one unit has two ratings: fewer than two units"
                          : "no unit has two ratings";
        return e;
    }
    cat = malloc(KRIPP_MAX_VALUES * sizeof *cat);
    unit = malloc(max_len * sizeof *unit);
    if (!cat || !unit) {
        e.note = "out of memory";
        goto out;
    }
    /* The distinct pairable values, ascending: rating scales have few. */
    for (size_t u = 0; u < n_units; u++) {
        if (len[u] >= 2)
            for (size_t i = 0; i < len[u]; i++)
                if (find_or_add(cat, &V, values[at + i]) == SIZE_MAX) {
                    e.note = "more than 10000 distinct values";
                    goto out;
                }
        at += len[u];
    }
    if (V < 2) {
        e.note = "every rating is the same value: no variation";
        goto out;
    }
    nc = calloc(V, sizeof *nc);
    cum = calloc(V + 1, sizeof *cum);
    if (!nc || !cum) {
        e.note = "out of memory";
        goto out;
    }
    at = 0;
    for (size_t u = 0; u < n_units; u++) {
        if (len[u] >= 2)
            for (size_t i = 0; i < len[u]; i++)
                nc[find(cat, V, values[at + i])]++;
        at += len[u];
    }
    for (size_t c = 0; c < V; c++)
        cum[c + 1] = cum[c] + nc[c];

    kripp k = { metric, cat, cum, nc };

    /* Observed: each unit's ordered pairs, weighted 1 / (m_u - 1). */
    at = 0;
    for (size_t u = 0; u < n_units; u++) {
        size_t m = len[u];
        const double *v = values + at;
        at += m;
        if (m < 2)
            continue;
        /* The unit's categories, sorted (units are small). */
        for (size_t i = 0; i < m; i++) {
            size_t c = find(cat, V, v[i]), j = i;
            for (; j > 0 && unit[j - 1] > c; j--)
                unit[j] = unit[j - 1];
            unit[j] = c;
        }
        long double sum = 0;
        for (size_t i = 0; i < m;) {
            size_t j = i;
            while (j < m && unit[j] == unit[i])
                j++;
            for (size_t p = j; p < m;) {
                size_t q = p;
                while (q < m && unit[q] == unit[p])
                    q++;
                sum += 2.0L * (j - i) * (q - p) * delta2(&k, unit[i], unit[p]);
                p = q;
            }
            i = j;
        }
        d_o += sum / (m - 1);
    }
    /* Expected: every pair of values in the margins. */
    for (size_t a = 0; a < V; a++)
        for (size_t b = a + 1; b < V; b++)
            d_e += 2.0L * nc[a] * nc[b] * delta2(&k, a, b);
    if (!(d_e > 0)) {
        e.note = "no expected disagreement";
        goto out;
    }
    e.ok = 1;
    e.value = (double)(1 - (total - 1) * d_o / d_e);
out:
    free(cat);
    free(unit);
    free(nc);
    free(cum);
    return e;
}
