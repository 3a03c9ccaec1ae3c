/*
 * stats_kappa.c - chance-corrected agreement on categories: Cohen's kappa
 * (weighted or not) for two raters, Fleiss' kappa and Gwet's AC1 / AC2 for
 * any number of raters per unit.
 */
#include <math.h>
#include <stdlib.h>

#include "stats.h"

#define Z975 1.959963984540054 /* the normal 97.5% quantile */

void kappa_weight_matrix(kappa_weights kind, size_t q, double *w)
{
    for (size_t i = 0; i < q; i++) {
        for (size_t j = 0; j < q; j++) {
            double d = q > 1 ? fabs((double)i - (double)j) / (double)(q - 1) : 0;
            switch (kind) {
            case KAPPA_UNWEIGHTED:
                w[i * q + j] = i == j;
                break;
            case KAPPA_LINEAR:
                w[i * q + j] = 1 - d;
                break;
            case KAPPA_QUADRATIC:
                w[i * q + j] = 1 - d * d;
                break;
            }
        }
    }
}

/*
 * A kappa-type estimate's 95% interval, value -+ half.  Every such
 * statistic is at most 1, so the upper end stops there (Gwet 2014; psych
 * too).  The lower end stops at -1 (psych) only where the estimate is
 * not below it: with raters that vary by unit Fleiss' kappa and Gwet's AC
 * can fall below -1 (their floor is -pe / (1 - pe)), and cutting the
 * interval there would leave the estimate outside it (Gwet's irrCAC
 * never cuts the lower end).
 */
static void kappa_interval(stat_est *e, double half)
{
    double lo = e->value - half;
    if (e->value >= -1)
        lo = fmax(-1, lo);
    else if (!e->note)
        e->note = "below -1, as kappa can be with raters that vary by "
                  "unit: the interval's lower end is not cut at -1";
    stat_set_ci(e, lo, fmin(1, e->value + half),
                "the t quantile could not be computed");
}

/* Whether every entry of a q x q table is a whole number (and not so
 * large that sums of their products leave the exact integers). */
static int whole_counts(const double *table, size_t q)
{
    for (size_t i = 0; i < q * q; i++)
        if (table[i] != floor(table[i]) || table[i] < 0 || table[i] > 1e6)
            return 0;
    return 1;
}

/*
 * Whether po = pe exactly (kappa 0), decided in whole numbers where the
 * table holds counts and the weights are 1 - v/s with whole v for s = 1,
 * q - 1 or (q - 1)^2 (kappa_weight_matrix's three): then
 * n^2 (po - pe) s = sum v r c - n sum v t, with r and c the margins, is a
 * whole number, exact in a long double.  1 when zero, 0 when not, -1 when
 * it cannot be decided so.
 */
static int kappa_is_zero(const double *table, size_t q, const double *w)
{
    double scales[3] = { 1, (double)q - 1, ((double)q - 1) * ((double)q - 1) };
    long double n = 0, *margin = NULL;
    int zero = -1;

    if (!whole_counts(table, q))
        return -1;
    for (size_t i = 0; i < q * q; i++)
        n += table[i];
    margin = calloc(2 * q + 1, sizeof *margin); /* rows, then columns */
    if (!margin)
        return -1;
    for (size_t i = 0; i < q; i++)
        for (size_t j = 0; j < q; j++) {
            margin[i] += table[i * q + j];
            margin[q + j] += table[i * q + j];
        }
    for (int k = 0; k < 3 && zero < 0; k++) {
        double s = scales[k];
        int whole = s > 0 && n * n * s <= 0x1p63L; /* else not exact */
        for (size_t i = 0; i < q * q && whole; i++) {
            double v = (1 - w[i]) * s;
            whole = v >= 0 && fabs(v - round(v)) <= STAT_TIE_TOL * s;
        }
        if (!whole)
            continue;
        long double vt = 0, vrc = 0;
        for (size_t i = 0; i < q; i++)
            for (size_t j = 0; j < q; j++) {
                long double v = roundl((1 - w[i * q + j]) * s);
                vt += v * table[i * q + j];
                vrc += v * margin[i] * margin[q + j];
            }
        zero = vrc == n * vt;
    }
    free(margin);
    return zero;
}

stat_est stat_cohen_kappa(const double *table, size_t q, const double *w)
{
    double *row = calloc(q ? q : 1, sizeof *row);
    double *col = calloc(q ? q : 1, sizeof *col);
    double *wr = calloc(q ? q : 1, sizeof *wr);
    double *wc = calloc(q ? q : 1, sizeof *wc);
    long double n = 0, po = 0, pe = 0, sum = 0;
    stat_est e = { 0 };

    if (!row || !col || !wr || !wc) {
        e = stat_absent("out of memory");
        goto out;
    }
    for (size_t i = 0; i < q * q; i++)
        n += table[i];
    if (n <= 0) {
        e = stat_absent("no paired ratings");
        goto out;
    }
    for (size_t i = 0; i < q; i++) {
        for (size_t j = 0; j < q; j++) {
            row[i] += table[i * q + j] / (double)n;
            col[j] += table[i * q + j] / (double)n;
        }
    }
    for (size_t i = 0; i < q; i++) {
        for (size_t j = 0; j < q; j++) {
            po += w[i * q + j] * table[i * q + j] / n;
            pe += w[i * q + j] * row[i] * col[j];
            wr[i] += col[j] * w[i * q + j];
            wc[j] += row[i] * w[i * q + j];
        }
    }
    if (fabsl(1 - pe) < 1e-12) {
        e = stat_absent("one category only: chance agreement is complete");
        goto out;
    }
    /* Cohen (1968), eq. 8; exactly 0 when po = pe as fractions (one
     * rater keeping to one category, say), not 4e-16. */
    long double kappa = (po - pe) / (1 - pe);
    if (kappa_is_zero(table, q, w) == 1)
        kappa = 0;
    e.ok = 1;
    e.value = (double)kappa;

    /* Fleiss, Cohen & Everitt (1969), eq. 13: the large-sample variance. */
    for (size_t i = 0; i < q; i++) {
        for (size_t j = 0; j < q; j++) {
            long double d = w[i * q + j] - (wr[i] + wc[j]) * (1 - kappa);
            sum += table[i * q + j] / n * d * d;
        }
    }
    /* The variance is a difference of two sums near 1: where it is 0 as
     * a fraction (perfect agreement; one rater in one category) rounding
     * leaves it at -1e-17 or 1e-17, so a difference within STAT_TIE_TOL
     * of the sums is 0 (stats.h). */
    long double t = kappa - pe * (1 - kappa);
    long double diff = sum - t * t;
    if (fabsl(diff) <= STAT_TIE_TOL * fmaxl(sum, t * t))
        diff = 0;
    long double var = diff / (n * (1 - pe) * (1 - pe));
    if (var >= 0 && isfinite((double)var)) {
        e.has_se = 1;
        e.se = (double)sqrtl(var);
        kappa_interval(&e, Z975 * e.se);
        if (var == 0 && e.value == 0 && !e.note)
            e.note = "one rater kept to one category: kappa is 0 whatever "
                     "the other did, with no sampling variance";
    } else {
        e.note = "the large-sample variance is not a finite number";
    }
out:
    free(row);
    free(col);
    free(wr);
    free(wc);
    return e;
}

/*
 * The shared frame of Fleiss' kappa and Gwet's AC: Gwet (2014), chapter 5
 * (kappa) and chapter 4 (AC1, AC2), for units rated by varying numbers of
 * raters.  `gwet` picks the chance agreement.
 */
static stat_est multi_rater(const double *counts, size_t n_all, size_t q,
                            const double *w, int gwet)
{
    double *r = malloc((n_all ? n_all : 1) * sizeof *r);
    double *pa_i = malloc((n_all ? n_all : 1) * sizeof *pa_i);
    double *pi = calloc(q ? q : 1, sizeof *pi);
    double *piw = calloc(q ? q : 1, sizeof *piw);
    size_t *used = malloc((q ? q : 1) * sizeof *used);
    long double pa = 0, pe = 0, wsum = 0, var = 0;
    size_t n = 0, n2 = 0;
    stat_est e = { 0 };

    if (!r || !pa_i || !pi || !piw || !used) {
        e = stat_absent("out of memory");
        goto out;
    }
    if (q < 2) {
        e = stat_absent("fewer than two categories");
        goto out;
    }
    /* A unit's sums skip the categories it has no rating in: their terms
     * are zeros, which leave a sum as it is, bit for bit. */
    for (size_t u = 0; u < n_all; u++) {
        const double *c = counts + u * q;
        long double ru = 0;
        size_t nu = 0;
        for (size_t k = 0; k < q; k++)
            if (c[k] != 0) {
                used[nu++] = k;
                ru += c[k];
            }
        r[u] = (double)ru;
        pa_i[u] = 0;
        if (ru < 1)
            continue;
        n++;
        for (size_t i = 0; i < nu; i++)
            pi[used[i]] += c[used[i]] / r[u];
        if (ru < 2)
            continue;
        n2++;
        long double s = 0;
        for (size_t i = 0; i < nu; i++) {
            size_t k = used[i];
            long double star = 0; /* weighted count of k's agreeing ratings */
            for (size_t j = 0; j < nu; j++)
                star += w[k * q + used[j]] * c[used[j]];
            s += c[k] * (star - 1);
        }
        pa_i[u] = (double)(s / (ru * (ru - 1)));
        pa += pa_i[u];
    }
    if (n2 == 0) {
        e = stat_absent("no unit has two ratings");
        goto out;
    }
    if (n < 2) {
        e = stat_absent("fewer than two units");
        goto out;
    }
    pa /= n2;
    for (size_t k = 0; k < q; k++)
        pi[k] /= n;
    for (size_t k = 0; k < q; k++)
        for (size_t l = 0; l < q; l++)
            wsum += w[k * q + l];
    if (gwet) {
        long double s = 0;
        for (size_t k = 0; k < q; k++)
            s += pi[k] * (1 - pi[k]);
        pe = wsum * s / (q * (q - 1.0L)); /* Gwet (2008), eq. 14 */
        for (size_t k = 0; k < q; k++)
            piw[k] = (double)(wsum / (q * (q - 1.0L))) * (1 - pi[k]);
    } else {
        for (size_t k = 0; k < q; k++) {
            for (size_t l = 0; l < q; l++) {
                pe += w[k * q + l] * pi[k] * pi[l];
                piw[k] += (w[k * q + l] + w[l * q + k]) / 2 * pi[l];
            }
        }
    }
    if (fabsl(1 - pe) < 1e-12) {
        e = stat_absent("one category only: chance agreement is complete");
        goto out;
    }
    long double est = (pa - pe) / (1 - pe);
    e.ok = 1;
    e.value = (double)est;

    /* Gwet (2014), eq. 5.8 and 4.12: linearized unit terms, no finite
     * population correction. */
    for (size_t u = 0; u < n_all; u++) {
        const double *c = counts + u * q;
        if (r[u] < 1)
            continue;
        long double pe_u = 0;
        for (size_t k = 0; k < q; k++)
            pe_u += c[k] / r[u] * piw[k];
        long double term = (long double)n / n2 *
                           (pa_i[u] - (r[u] >= 2 ? pe : 0)) / (1 - pe);
        term -= 2 * (1 - est) * (pe_u - pe) / (1 - pe);
        var += (term - est) * (term - est);
    }
    var /= (long double)n * (n - 1);
    if (isfinite((double)var) && var >= 0) {
        double t = stat_qt(0.975, (double)(n - 1));
        e.has_se = 1;
        e.se = (double)sqrtl(var);
        kappa_interval(&e, t * e.se);
    } else {
        e.note = "the variance is not a finite number";
    }
out:
    free(r);
    free(pa_i);
    free(pi);
    free(piw);
    free(used);
    return e;
}

stat_est stat_fleiss_kappa(const double *counts, size_t n, size_t q)
{
    double *w = malloc((q ? q * q : 1) * sizeof *w);
    stat_est e;
    if (!w)
        return stat_absent("out of memory");
    kappa_weight_matrix(KAPPA_UNWEIGHTED, q, w);
    e = multi_rater(counts, n, q, w, 0);
    free(w);
    return e;
}

stat_est stat_gwet_ac(const double *counts, size_t n, size_t q, const double *w)
{
    return multi_rater(counts, n, q, w, 1);
}
