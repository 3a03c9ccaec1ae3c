/*
 * stats_icc.c - intraclass correlations: Bliese's icc1 and icc2 for raters
 * nested in targets, and the six of Shrout & Fleiss for crossed raters.
 */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "stats.h"
#include "stats_gsl.h"

/* A ratio, present only when it is a finite number. */
static stat_est ratio(double num, double den, const char *why)
{
    stat_est e = { 0 };
    if (den != 0 && isfinite(num / den)) {
        e.ok = 1;
        e.value = num / den;
    } else {
        e.note = why;
    }
    return e;
}

/* The largest magnitude among n values: the scale on which exact zeros
 * are decided (stats.h). */
static double scale_of(const double *x, size_t n)
{
    double m = 0;
    for (size_t i = 0; i < n; i++)
        if (fabs(x[i]) > m)
            m = fabs(x[i]);
    return m;
}

static const char zero_by_zero[] = "F is 0/0: no variance between subjects "
                                  "and none in the denominator";

/*
 * F's upper tail and the test record.  msa / 0 has no value: then no
 * test, its degrees of freedom kept and `why` saying why (zero_by_zero
 * when msa is 0 too).
 */
static stat_test f_test(double msa, double msb, double df1, double df2,
                        const char *why)
{
    stat_test t = { 0 };
    if (!(df1 > 0 && df2 > 0))
        return t;
    if (msb > 0 && isfinite(msa / msb)) {
        t.ok = 1;
        t.f = msa / msb;
        t.p = gsl_cdf_fdist_Q(t.f, df1, df2);
    } else if (msb == 0) {
        t.note = msa > 0 ? why : zero_by_zero;
    } else {
        return t;
    }
    t.has_df = 1;
    t.df1 = df1;
    t.df2 = df2;
    return t;
}

static void icc_oneway(const double *y, const size_t *sizes, size_t n_groups,
                       stat_est *icc1, stat_est *icc2, stat_test *test)
{
    long double grand = 0, ssb = 0, ssw = 0;
    size_t N = 0, G = 0, at = 0;
    double first_mean = NAN;
    int flat_within = 1, flat_between = 1;

    *icc1 = *icc2 = (stat_est){ 0 };
    *test = (stat_test){ 0 };
    for (size_t g = 0; g < n_groups; g++) {
        for (size_t i = 0; i < sizes[g]; i++)
            grand += y[at + i];
        at += sizes[g];
        N += sizes[g];
        G += sizes[g] > 0;
    }
    if (G < 2) {
        icc1->note = icc2->note = "fewer than two subjects";
        return;
    }
    if (N == G) {
        icc1->note = icc2->note = "one rater per subject: no variance within";
        return;
    }
    double scale = scale_of(y, N);
    grand /= N;
    at = 0;
    for (size_t g = 0; g < n_groups; g++) {
        long double mean = 0;
        if (!sizes[g])
            continue;
        for (size_t i = 0; i < sizes[g]; i++) {
            mean += y[at + i];
            flat_within &= stat_same(y[at + i], y[at], scale);
        }
        mean /= sizes[g];
        for (size_t i = 0; i < sizes[g]; i++)
            ssw += (y[at + i] - mean) * (y[at + i] - mean);
        ssb += sizes[g] * (mean - grand) * (mean - grand);
        if (isnan(first_mean))
            first_mean = (double)mean;
        flat_between &= stat_same((double)mean, first_mean, scale);
        at += sizes[g];
    }
    /* Exact zeros (stats.h): every subject's raters agree exactly, or
     * every subject has the same mean. */
    if (flat_within)
        ssw = 0;
    if (flat_between)
        ssb = 0;
    double dfb = (double)(G - 1), dfw = (double)(N - G);
    double msb = (double)(ssb / dfb), msw = (double)(ssw / dfw);
    double k = (double)N / (double)G; /* Bliese (2000): mean group size */

    /* Bliese (2000), eq. 1 and eq. 3. */
    *icc1 = ratio(msb - msw, msb + (k - 1) * msw, "no variance at all");
    *icc2 = ratio(msb - msw, msb, "no variance between subjects");
    *test = f_test(msb, msw, dfb, dfw, "no variance within subjects: F "
                                       "divides by zero");
}

/*
 * Sets e's 95% interval from the bounds fl <= fu of F: McGraw & Wong
 * (1996), Table 7, the one-rater form (F - 1) / (F + K - 1) or, when
 * `average`, the K-rater 1 - 1/F.  An infinite fu is the ICC's upper
 * limit, 1.
 */
static void interval_from_f(stat_est *e, double fl, double fu, double K,
                            int average)
{
    double lo, hi;
    if (average) {
        lo = 1 - 1 / fl;
        hi = isinf(fu) ? 1 : 1 - 1 / fu;
    } else {
        lo = (fl - 1) / (fl + K - 1);
        hi = isinf(fu) ? 1 : (fu - 1) / (fu + K - 1);
    }
    stat_set_ci(e, lo, hi, "the F quantile could not be computed");
}

/* The intervals of the one-rater and the k-rater ICC of one F test:
 * McGraw & Wong (1996), Table 7 (one-way, and two-way for consistency). */
static void f_intervals(stat_est *one, stat_est *avg, const stat_test *t,
                        double K, const char *no_f)
{
    if (!t->ok) {
        if (t->note) {
            const char *why = t->note == zero_by_zero ? zero_by_zero : no_f;
            stat_no_ci(one, why);
            stat_no_ci(avg, why);
        }
        return;
    }
    if (t->f == 0) {
        stat_no_ci(one, "F is 0 (no variance between subjects): no interval");
        stat_no_ci(avg, "F is 0 (no variance between subjects): no interval");
        return;
    }
    double ql = stat_qf(0.975, t->df1, t->df2);
    double qu = stat_qf(0.975, t->df2, t->df1);
    double fl = t->f / ql, fu = t->f * qu;
    interval_from_f(one, fl, fu, K, 0);
    interval_from_f(avg, fl, fu, K, 1);
}

/* The mean of row i (column 0) or column i (column 1) of the n x k
 * matrix x. */
static double mean_of(const double *x, size_t n, size_t k, size_t i,
                      int column)
{
    long double m = 0;
    size_t len = column ? n : k;
    for (size_t j = 0; j < len; j++)
        m += column ? x[j * k + i] : x[i * k + j];
    return (double)(m / len);
}

static void icc_sf(const double *x, size_t n, size_t k,
                   stat_est est[ICC_SF_COUNT], stat_test test[ICC_SF_COUNT])
{
    long double grand = 0, sst = 0, ssr = 0, ssc = 0;

    for (int i = 0; i < ICC_SF_COUNT; i++) {
        est[i] = (stat_est){ 0 };
        test[i] = (stat_test){ 0 };
    }
    if (n < 2 || k < 2) {
        const char *why = n < 2 ? "fewer than two subjects"
                                : "fewer than two raters";
        for (int i = 0; i < ICC_SF_COUNT; i++)
            est[i].note = why;
        return;
    }
    for (size_t i = 0; i < n * k; i++)
        grand += x[i];
    grand /= (long double)(n * k);
    for (size_t i = 0; i < n * k; i++)
        sst += (x[i] - grand) * (x[i] - grand);
    for (size_t i = 0; i < n; i++) {
        long double m = 0;
        for (size_t j = 0; j < k; j++)
            m += x[i * k + j];
        m /= k;
        ssr += (m - grand) * (m - grand);
    }
    ssr *= k;
    for (size_t j = 0; j < k; j++) {
        long double m = 0;
        for (size_t i = 0; i < n; i++)
            m += x[i * k + j];
        m /= n;
        ssc += (m - grand) * (m - grand);
    }
    ssc *= n;

    /* Shrout & Fleiss (1979), Table 2: the mean squares. */
    double N = (double)n, K = (double)k;
    double bms = (double)(ssr / (n - 1));
    double wms = (double)((sst - ssr) / (n * (k - 1)));
    double jms = (double)(ssc / (k - 1));
    double ems = (double)((sst - ssr - ssc) / ((n - 1) * (k - 1)));
    if (wms < 0)
        wms = 0;
    if (ems < 0)
        ems = 0;

    /*
     * Exact zeros (stats.h), decided on the ratings rather than on the
     * differences of sums of squares, which keep rounding: no variance
     * within subjects when each subject's ratings are equal; no residual
     * when the matrix is additive, x_ij - x_i1 - x_1j + x_11 = 0; none
     * between subjects (raters) when their means are equal.
     */
    double scale = scale_of(x, n * k);
    int flat_rows = 1, additive = 1, same_rows = 1, same_columns = 1;
    double r0 = mean_of(x, n, k, 0, 0), c0 = mean_of(x, n, k, 0, 1);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < k; j++) {
            flat_rows &= stat_same(x[i * k + j], x[i * k], scale);
            additive &= stat_same(x[i * k + j] - x[i * k],
                                  x[j] - x[0], 2 * scale);
        }
        same_rows &= stat_same(mean_of(x, n, k, i, 0), r0, scale);
    }
    for (size_t j = 0; j < k; j++)
        same_columns &= stat_same(mean_of(x, n, k, j, 1), c0, scale);
    if (flat_rows)
        wms = 0;
    if (additive)
        ems = 0;
    if (same_rows)
        bms = 0;
    if (same_columns)
        jms = 0;
    const char *why = "no variance";

    /* Shrout & Fleiss (1979), eq. 2 to 4 and their averages (eq. 5 to 7). */
    est[ICC1_1] = ratio(bms - wms, bms + (K - 1) * wms, why);
    est[ICC2_1] = ratio(bms - ems, bms + (K - 1) * ems + K * (jms - ems) / N, why);
    est[ICC3_1] = ratio(bms - ems, bms + (K - 1) * ems, why);
    est[ICC1_K] = ratio(bms - wms, bms, "no variance between subjects");
    est[ICC2_K] = ratio(bms - ems, bms + (jms - ems) / N, why);
    est[ICC3_K] = ratio(bms - ems, bms, "no variance between subjects");

    stat_test one = f_test(bms, wms, N - 1, N * (K - 1),
                           "no variance within subjects: F divides by zero");
    stat_test two = f_test(bms, ems, N - 1, (N - 1) * (K - 1),
                           "no residual variance: F divides by zero");
    test[ICC1_1] = test[ICC1_K] = one;
    test[ICC2_1] = test[ICC3_1] = test[ICC2_K] = test[ICC3_K] = two;

    /* 95% intervals, McGraw & Wong (1996), Tables 7 and 8. */
    f_intervals(&est[ICC1_1], &est[ICC1_K], &one, K,
                "no variance within subjects: F divides by zero, no "
                "interval");
    f_intervals(&est[ICC3_1], &est[ICC3_K], &two, K,
                "no residual variance: F divides by zero, no interval");
    if (!two.ok) {
        if (two.note) {
            const char *no = two.note == zero_by_zero
                                 ? zero_by_zero
                                 : "no residual variance: F divides by "
                                   "zero, no interval";
            stat_no_ci(&est[ICC2_1], no);
            stat_no_ci(&est[ICC2_K], no);
        }
    } else if (two.f == 0) {
        stat_no_ci(&est[ICC2_1], "F is 0 (no variance between subjects): no "
                                 "interval");
        stat_no_ci(&est[ICC2_K], "F is 0 (no variance between subjects): no "
                                 "interval");
    } else if (est[ICC2_1].ok) {
        /* Satterthwaite's df for the random-raters interval. */
        double r = est[ICC2_1].value, fj = jms / ems;
        double a = N * (1 + (K - 1) * r) - K * r;
        double vn = (K - 1) * (N - 1) * (K * r * fj + a) * (K * r * fj + a);
        double vd = (N - 1) * K * K * r * r * fj * fj + a * a;
        double v = vn / vd;
        if (!(vd > 0 && isfinite(v) && v > 0)) {
            stat_no_ci(&est[ICC2_1], "Satterthwaite's degrees of freedom are "
                                     "0: no interval");
            stat_no_ci(&est[ICC2_K], "Satterthwaite's degrees of freedom are "
                                     "0: no interval");
        } else {
            /* Few degrees of freedom put an F quantile beyond the
             * doubles: each end is then its limit as the quantile grows
             * without bound (fu: -N ems / c; fl: 1). */
            double fu = stat_qf(0.975, N - 1, v);
            double fl = stat_qf(0.975, v, N - 1);
            double c = K * jms + (K * N - K - N) * ems;
            double lo = isinf(fu) ? -N * ems / c
                                  : N * (bms - fu * ems) / (fu * c + N * bms);
            double hi = isinf(fl) ? 1
                                  : N * (fl * bms - ems) / (c + N * fl * bms);
            stat_set_ci(&est[ICC2_1], lo, hi,
                        "the F quantile could not be computed");
            /* Spearman-Brown: x K / (1 + x (K - 1)) has a pole at
             * x = -1 / (K - 1), where the k-rater bound goes to minus
             * infinity (psych steps over it and prints a lower end
             * above the upper). */
            if (!est[ICC2_1].has_ci) {
                stat_no_ci(&est[ICC2_K], est[ICC2_1].note);
            } else if (!(1 + lo * (K - 1) > 0)) {
                stat_no_ci(&est[ICC2_K], "the lower end of icc2_1's interval "
                                         "is at or below -1/(k - 1): "
                                         "icc2_k's has no lower end");
            } else {
                stat_set_ci(&est[ICC2_K], lo * K / (1 + lo * (K - 1)),
                            hi * K / (1 + hi * (K - 1)),
                            "the F quantile could not be computed");
            }
        }
    }
}

void stat_icc_oneway(const double *y, const size_t *sizes, size_t n_groups,
                     stat_est *icc1, stat_est *icc2, stat_test *test)
{
    size_t N = 0, G = 0;
    GSL_QUIET_BEGIN;
    icc_oneway(y, sizes, n_groups, icc1, icc2, test);
    for (size_t g = 0; g < n_groups; g++) {
        N += sizes[g];
        G += sizes[g] > 0;
    }
    /* psychometric::ICC1.CI and ICC2.CI (Bliese 2000; McGraw & Wong
     * 1996, Table 7, one-way): F's bounds FL = F / F(.975; df1, df2) and
     * FU = F x F(.975; df2, df1), then (FL - 1) / (FL + k - 1) for icc1
     * with k the mean group size (psychometric's n = df2 / (df1 + 1) is
     * k - 1) and 1 - 1/FL for icc2: the intervals of the one-rater and
     * the k-rater one-way ICC. */
    if (G >= 2 && N > G)
        f_intervals(icc1, icc2, test, (double)N / (double)G,
                    "no variance within subjects: F divides by zero, no "
                    "interval");
    GSL_QUIET_END;
}

void stat_icc_sf(const double *x, size_t n, size_t k,
                 stat_est est[ICC_SF_COUNT], stat_test test[ICC_SF_COUNT])
{
    GSL_QUIET_BEGIN;
    icc_sf(x, n, k, est, test);
    GSL_QUIET_END;
}
