/*
 * stats_within.c - agreement among the raters of one group: rwg, rwg_j,
 * awg and the average deviation.
 */
#include <math.h>
#include <stdlib.h>

#include "stats.h"

/*
 * LeBreton & Senter (2008), Table 3: variances of the slightly, moderately
 * and heavily skewed, triangular and normal nulls for 5 to 11 points.
 */
static const double null_table[7][5] = {
    /*        ss    ms    hs    tri   nor */
    /*  5 */ { 1.34, 0.90, 0.44, 1.32, 1.04 },
    /*  6 */ { 1.85, 1.26, 0.69, 1.45, 1.25 },
    /*  7 */ { 2.90, 2.14, 1.39, 2.10, 1.40 },
    /*  8 */ { 3.47, 2.79, 2.35, 2.81, 1.73 },
    /*  9 */ { 5.66, 4.73, 3.16, 3.00, 1.58 },
    /* 10 */ { 6.30, 5.09, 3.46, 2.89, 1.45 },
    /* 11 */ { 7.31, 6.32, 4.02, 3.32, 1.40 },
};

double rwg_null_variance(rwg_null null, unsigned points)
{
    if (points < 2)
        return 0;
    if (null == RWG_NULL_UNIFORM)
        return ((double)points * points - 1) / 12; /* James et al. (1984) */
    if (points < 5 || points > 11 || null > RWG_NULL_NORMAL)
        return 0;
    return null_table[points - 5][null - 1];
}

/* Mean and sample variance of column j over the rows that have it. */
static size_t column(const double *x, size_t n, size_t n_items, size_t j,
                     double *mean, double *var)
{
    long double sum = 0, ss = 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        double v = x[i * n_items + j];
        if (!isnan(v)) {
            sum += v;
            m++;
        }
    }
    if (m == 0)
        return 0;
    long double mu = sum / m;
    for (size_t i = 0; i < n; i++) {
        double v = x[i * n_items + j];
        if (!isnan(v))
            ss += (v - mu) * (v - mu);
    }
    *mean = (double)mu;
    *var = m > 1 ? (double)(ss / (m - 1)) : 0;
    return m;
}

stat_est stat_rwg_j(const double *x, size_t n, size_t n_items, double null_var,
                    int truncate, double *untruncated, int *untruncated_ok)
{
    long double sum_var = 0;
    size_t J = 0;
    stat_est e = { 0 };

    *untruncated_ok = 0;
    *untruncated = 0;
    if (!(null_var > 0))
        return stat_absent("no null variance for this response scale");
    for (size_t j = 0; j < n_items; j++) {
        double mean, var;
        if (column(x, n, n_items, j, &mean, &var) >= 2) {
            sum_var += var;
            J++;
        }
    }
    if (J == 0)
        return stat_absent("fewer than two raters answered any item");

    /* James, Demaree & Wolf (1984), eq. 1 (J = 1) and eq. 4.  The ratio
     * is a fraction of whole numbers; where it is 1 or J/(J - 1) exactly
     * (the second puts eq. 4's denominator at zero) it is made so exactly,
     * rather than left 1e-16 off to print 0 as -2e-16 and "undefined" as
     * -1.3e15 (stats.h). */
    double ratio = (double)(sum_var / J) / null_var;
    double pole = J > 1 ? (double)J / (double)(J - 1) : 0;
    if (stat_same(ratio, 1, 1))
        ratio = 1;
    double num = (double)J * (1 - ratio);
    double den = num + ratio;
    if (J > 1 && stat_same(ratio, pole, pole))
        den = 0;
    if (den != 0 && isfinite(num / den)) {
        *untruncated = num / den;
        *untruncated_ok = 1;
    }
    if (ratio > 1) {
        if (!truncate) {
            if (!*untruncated_ok)
                return stat_absent("observed variance makes the formula divide by zero");
            e.ok = 1;
            e.value = *untruncated;
            e.note = "observed variance exceeds the null";
            return e;
        }
        e.ok = 1;
        e.value = 0;
        e.note = "observed variance exceeds the null: truncated to 0";
        return e;
    }
    e.ok = 1;
    e.value = *untruncated;
    return e;
}

stat_est stat_awg(const double *x, size_t n, size_t n_items, double lo,
                  double hi)
{
    long double sum = 0;
    size_t used = 0, extreme = 0;
    double tol = 1e-12 * (hi - lo);
    stat_est e = { 0 };

    for (size_t j = 0; j < n_items; j++) {
        double mean, var;
        size_t m = column(x, n, n_items, j, &mean, &var);
        if (m < 2)
            continue;
        double k = (double)m;
        if (mean == hi || mean == lo) {
            /* Every rating at one end: complete agreement. */
            sum += 1;
            used++;
            continue;
        }
        /* Brown & Hauenstein (2005): undefined when the mean lies so near
         * an end that the largest possible variance is cut short. */
        if (mean < (lo * (k - 1) + hi) / k - tol ||
            mean > (hi * (k - 1) + lo) / k + tol) {
            extreme++;
            continue;
        }
        /* Brown & Hauenstein (2005), eq. 2: the largest variance k ratings
         * with this mean can have. */
        double max_var = ((hi + lo) * mean - mean * mean - hi * lo) * (k / (k - 1));
        sum += 1 - 2 * var / max_var;
        used++;
    }
    if (used == 0)
        return stat_absent(extreme ? "the mean is too near an end of the scale: awg "
                                "is undefined there"
                              : "fewer than two raters answered any item");
    e.ok = 1;
    e.value = (double)(sum / used);
    if (extreme)
        e.note = "items whose mean is too near an end of the scale left out";
    return e;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Ascending.  A group's raters are mostly few, and for a few values an
 * insertion sort takes a fraction of qsort's time. */
static void sort_values(double *v, size_t n)
{
    if (n > 32) {
        qsort(v, n, sizeof *v, by_value);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        double x = v[i];
        size_t j = i;
        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

stat_est stat_ad(const double *x, size_t n, size_t n_items, int median)
{
    double *col = malloc((n ? n : 1) * sizeof *col);
    long double total = 0;
    size_t used = 0;
    stat_est e = { 0 };

    if (!col)
        return stat_absent("out of memory");
    for (size_t j = 0; j < n_items; j++) {
        size_t m = 0;
        long double sum = 0, dev = 0;
        for (size_t i = 0; i < n; i++) {
            double v = x[i * n_items + j];
            if (!isnan(v)) {
                col[m++] = v;
                sum += v;
            }
        }
        if (m < 2)
            continue;
        double centre = (double)(sum / m);
        if (median) {
            sort_values(col, m);
            centre = m % 2 ? col[m / 2] : (col[m / 2 - 1] + col[m / 2]) / 2;
        }
        /* Burke, Finkelstein & Dusig (1999), eq. 1. */
        for (size_t i = 0; i < m; i++)
            dev += fabsl(col[i] - (long double)centre);
        total += dev / m;
        used++;
    }
    free(col);
    if (used == 0)
        return stat_absent("fewer than two raters answered any item");
    e.ok = 1;
    e.value = (double)(total / used);
    return e;
}

stat_est stat_rwg_j_lindell(const double *x, size_t n, size_t n_items,
                            double null_var)
{
    long double sum_var = 0;
    size_t J = 0;

    if (!(null_var > 0))
        return stat_absent("no null variance for this response scale");
    for (size_t j = 0; j < n_items; j++) {
        double mean, var;
        if (column(x, n, n_items, j, &mean, &var) >= 2) {
            sum_var += var;
            J++;
        }
    }
    if (J == 0)
        return stat_absent("fewer than two raters answered any item");
    /* Lindell, Brandt & Whitney (1999), eq. 2.  A ratio of 1 as a
     * fraction is made 1 exactly (stats.h), so that r*wg(j) is 0, not
     * 2e-16. */
    double ratio = (double)(sum_var / J) / null_var;
    if (stat_same(ratio, 1, 1))
        ratio = 1;
    return stat_present(1 - ratio);
}

/*
 * The 5-point null distributions of James, Demaree & Wolf (1984), whose
 * variances are those of LeBreton & Senter (2008), Table 3: slight skew
 * 1.34, moderate 0.90, heavy 0.44, triangular 1.32, normal 1.04.
 */
static const double null_5[5][5] = {
    { 0.05, 0.15, 0.20, 0.35, 0.25 }, /* slight skew */
    { 0.00, 0.10, 0.15, 0.40, 0.35 }, /* moderate skew */
    { 0.00, 0.00, 0.10, 0.40, 0.50 }, /* heavy skew */
    { 0.11, 0.22, 0.34, 0.22, 0.11 }, /* triangular */
    { 0.07, 0.24, 0.38, 0.24, 0.07 }, /* normal */
};

/* splitmix64 (Steele, Lea & Flood 2014): a seeded stream of 64 bits. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

stat_est stat_rwg_j_null_p95(size_t n, size_t n_items, unsigned points,
                             rwg_null null, int truncate, unsigned sims,
                             uint64_t seed)
{
    double null_var = rwg_null_variance(null, points);
    double cum[5];
    double *x, *values;
    uint64_t state = seed;
    stat_est e;

    if (sims == 0)
        return stat_absent("no simulations");
    if (n < 2 || n_items == 0)
        return stat_absent("fewer than two raters");
    if (!(null_var > 0))
        return stat_absent("no null variance for this response scale");
    if (null != RWG_NULL_UNIFORM && points != 5)
        return stat_absent("no simulation: this null's distribution is "
                           "tabled by its variance only, but on 5 points");
    if (null != RWG_NULL_UNIFORM) {
        double c = 0;
        for (int i = 0; i < 5; i++)
            cum[i] = c += null_5[null - 1][i];
        cum[4] = 1;
    }
    x = malloc(n * n_items * sizeof *x);
    values = malloc(sims * sizeof *values);
    if (!x || !values) {
        free(x);
        free(values);
        return stat_absent("out of memory");
    }
    for (unsigned s = 0; s < sims; s++) {
        double raw;
        int raw_ok;
        for (size_t i = 0; i < n * n_items; i++) {
            uint64_t u = next_random(&state);
            if (null == RWG_NULL_UNIFORM) {
                /* Lemire's multiply-shift: a point of 0 .. points - 1 */
                x[i] = (double)(((u >> 32) * points) >> 32);
            } else {
                double p = (double)(u >> 11) * 0x1.0p-53;
                int c = 0;
                while (c < 4 && p >= cum[c])
                    c++;
                x[i] = c;
            }
        }
        stat_est r = stat_rwg_j(x, n, n_items, null_var, truncate, &raw,
                                &raw_ok);
        /* Where the formula has no value (the pole of rwg_j), the
         * truncated 0 or, untruncated, none: the lowest value there is. */
        values[s] = r.ok ? r.value : -INFINITY;
    }
    qsort(values, sims, sizeof *values, by_double);
    /* R's quantile(type = 1): the ceil(0.95 S)-th smallest. */
    size_t at = ((size_t)sims * 95 + 99) / 100;
    e = stat_present(values[at ? at - 1 : 0]);
    if (!e.ok)
        e.note = "the 95th percentile falls where rwg_j has no value";
    free(x);
    free(values);
    return e;
}
