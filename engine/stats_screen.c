/*
 * stats_screen.c - indices of careless responding, on one rater's answers
 * (or, for the Mahalanobis distance, on every rater's): longstring, irv,
 * even-odd consistency and the squared Mahalanobis distance.
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>

#include "stats.h"
#include "stats_gsl.h"

stat_est stat_longstring(const double *x, size_t k)
{
    size_t longest = 0, run = 0;
    double last = NAN;

    /* Johnson (2005): the longest run of one answer in the order the
     * items were given; a missing answer ends a run, as R's rle() ends
     * one at an NA (careless::longstring). */
    for (size_t j = 0; j < k; j++) {
        if (isnan(x[j])) {
            run = 0;
        } else {
            run = run && x[j] == last ? run + 1 : 1;
            last = x[j];
        }
        if (run > longest)
            longest = run;
    }
    if (longest == 0)
        return stat_absent("no answers");
    return stat_present((double)longest);
}

stat_est stat_irv(const double *x, size_t k)
{
    long double sum = 0, ss = 0;
    size_t m = 0;
    double first = NAN;
    int flat = 1;

    for (size_t j = 0; j < k; j++)
        if (!isnan(x[j])) {
            sum += x[j];
            if (m++ == 0)
                first = x[j];
            flat &= x[j] == first;
        }
    if (m < 2)
        return stat_absent("fewer than two answers");
    if (flat)
        return stat_present(0); /* exactly: every answer the same */
    long double mean = sum / m;
    for (size_t j = 0; j < k; j++)
        if (!isnan(x[j]))
            ss += (x[j] - mean) * (x[j] - mean);
    /* Dunn, Heggestad, Shanock & Theilgard (2018): the standard deviation
     * (n - 1) of a rater's answers, as careless::irv. */
    return stat_present((double)sqrtl(ss / (m - 1)));
}

stat_est stat_even_odd(const double *x, const size_t *len, size_t n_scales,
                       size_t *used)
{
    long double se = 0, so = 0, see = 0, soo = 0, seo = 0;
    size_t m = 0, at = 0;
    double *even = malloc((n_scales + 1) * sizeof *even);
    double *odd = malloc((n_scales + 1) * sizeof *odd);
    stat_est e;

    *used = 0;
    if (!even || !odd) {
        free(even);
        free(odd);
        return stat_absent("out of memory");
    }
    /* Johnson (2005) after Jackson (1976): each scale's items halved by
     * position (first, third, ... and second, fourth, ...), each half's
     * mean of the answers there is (careless::evenodd). */
    for (size_t s = 0; s < n_scales; s++) {
        long double sum[2] = { 0, 0 };
        size_t cnt[2] = { 0, 0 };
        for (size_t j = 0; j < len[s]; j++)
            if (!isnan(x[at + j])) {
                sum[j % 2] += x[at + j];
                cnt[j % 2]++;
            }
        at += len[s];
        if (cnt[0] && cnt[1]) {
            odd[m] = (double)(sum[0] / cnt[0]);
            even[m] = (double)(sum[1] / cnt[1]);
            m++;
        }
    }
    *used = m;
    if (m < 3) {
        free(even);
        free(odd);
        return stat_absent("fewer than three scales with both halves "
                           "answered");
    }
    int flat_even = 1, flat_odd = 1;
    for (size_t i = 0; i < m; i++) {
        se += even[i];
        so += odd[i];
        flat_even &= stat_same(even[i], even[0], 1);
        flat_odd &= stat_same(odd[i], odd[0], 1);
    }
    if (flat_even || flat_odd) {
        free(even);
        free(odd);
        return stat_absent("a half has the same mean on every scale: no "
                           "correlation");
    }
    long double me = se / m, mo = so / m;
    for (size_t i = 0; i < m; i++) {
        see += (even[i] - me) * (even[i] - me);
        soo += (odd[i] - mo) * (odd[i] - mo);
        seo += (even[i] - me) * (odd[i] - mo);
    }
    free(even);
    free(odd);
    double r = (double)(seo / sqrtl(see * soo));
    /* Spearman-Brown on the split half: 2r / (1 + r), at least -1 (as
     * careless::evenodd; r = -1 has no step). */
    if (!(r > -1))
        e = stat_present(-1);
    else
        e = stat_present(2 * r / (1 + r));
    if (e.ok && e.value < -1)
        e.value = -1;
    return e;
}

/*
 * R's cov(x, use = "pairwise"): each pair over the rows that have both,
 * about those rows' own means.  0, or 1 when a pair has fewer than two
 * rows.
 */
static int pairwise_cov(const double *x, size_t n, size_t k, gsl_matrix *cov)
{
    for (size_t a = 0; a < k; a++)
        for (size_t b = a; b < k; b++) {
            long double sa = 0, sb = 0, sab = 0;
            size_t m = 0;
            for (size_t i = 0; i < n; i++) {
                double va = x[i * k + a], vb = x[i * k + b];
                if (!isnan(va) && !isnan(vb)) {
                    sa += va;
                    sb += vb;
                    m++;
                }
            }
            if (m < 2)
                return 1;
            long double ma = sa / m, mb = sb / m;
            for (size_t i = 0; i < n; i++) {
                double va = x[i * k + a], vb = x[i * k + b];
                if (!isnan(va) && !isnan(vb))
                    sab += (va - ma) * (vb - mb);
            }
            double c = (double)(sab / (m - 1));
            gsl_matrix_set(cov, a, b, c);
            gsl_matrix_set(cov, b, a, c);
        }
    return 0;
}

static int mahalanobis(const double *x, size_t n, size_t k, stat_est *d2,
                       double *p)
{
    gsl_matrix *cov = gsl_matrix_alloc(k, k), *inv = gsl_matrix_alloc(k, k);
    gsl_permutation *perm = gsl_permutation_alloc(k);
    long double *mean = calloc(k, sizeof *mean);
    double *c = malloc(k * sizeof *c);
    const char *why = NULL;
    int rc = -1, sign;

    if (!cov || !inv || !perm || !mean || !c)
        goto out;
    if (n <= k)
        why = "no more raters than items: the covariance matrix is singular";
    else if (pairwise_cov(x, n, k, cov))
        why = "a pair of items answered together by fewer than two raters";
    if (!why) {
        /* R's solve(): an LU inverse; singular when a pivot vanishes
         * against the matrix's scale. */
        double scale = 0;
        for (size_t a = 0; a < k; a++)
            scale = fmax(scale, gsl_matrix_get(cov, a, a));
        if (gsl_linalg_LU_decomp(cov, perm, &sign) != GSL_SUCCESS)
            why = "the covariance matrix is singular";
        for (size_t a = 0; !why && a < k; a++)
            if (!(fabs(gsl_matrix_get(cov, a, a)) > 1e-12 * scale))
                why = "the covariance matrix is singular (an item without "
                      "variance, or items that move together)";
        if (!why && gsl_linalg_LU_invert(cov, perm, inv) != GSL_SUCCESS)
            why = "the covariance matrix is singular";
    }
    if (why) {
        for (size_t i = 0; i < n; i++) {
            d2[i] = stat_absent(why);
            p[i] = NAN;
        }
        rc = 0;
        goto out;
    }
    for (size_t j = 0; j < k; j++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (!isnan(x[i * k + j])) {
                mean[j] += x[i * k + j];
                m++;
            }
        mean[j] = m ? mean[j] / m : 0;
    }
    /* psych::outlier (careless::mahad): (x - mean)' S^-1 (x - mean) with
     * S the pairwise covariances; a missing answer's terms are left out,
     * as if it were at the item's mean. */
    for (size_t i = 0; i < n; i++) {
        long double d = 0;
        size_t answered = 0;
        for (size_t j = 0; j < k; j++) {
            double v = x[i * k + j];
            c[j] = isnan(v) ? 0 : (double)(v - mean[j]);
            answered += !isnan(v);
        }
        for (size_t a = 0; a < k; a++) {
            long double row = 0;
            if (c[a] == 0)
                continue;
            for (size_t b = 0; b < k; b++)
                row += gsl_matrix_get(inv, a, b) * c[b];
            d += c[a] * row;
        }
        if (answered == 0) {
            d2[i] = stat_absent("no answers");
            p[i] = NAN;
            continue;
        }
        d2[i] = stat_present(d < 0 ? 0 : (double)d);
        p[i] = d2[i].ok ? gsl_cdf_chisq_Q(d2[i].value, (double)k) : NAN;
    }
    rc = 0;
out:
    gsl_matrix_free(cov);
    gsl_matrix_free(inv);
    gsl_permutation_free(perm);
    free(mean);
    free(c);
    return rc;
}

int stat_mahalanobis_d2(const double *x, size_t n, size_t k, stat_est *d2,
                        double *p)
{
    int rc;
    if (k == 0) {
        for (size_t i = 0; i < n; i++) {
            d2[i] = stat_absent("no items");
            p[i] = NAN;
        }
        return 0;
    }
    GSL_QUIET_BEGIN;
    rc = mahalanobis(x, n, k, d2, p);
    GSL_QUIET_END;
    return rc;
}
