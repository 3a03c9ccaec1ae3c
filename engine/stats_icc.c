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

/* Sets a 95% interval when both ends are finite numbers. */
static void set_ci(stat_est *e, double lo, double hi)
{
    if (e->ok && isfinite(lo) && isfinite(hi)) {
        e->lo = lo;
        e->hi = hi;
        e->has_ci = 1;
    }
}

/* F's upper tail and the test record; none when F is not finite. */
static stat_test f_test(double msa, double msb, double df1, double df2)
{
    stat_test t = { 0 };
    if (msb > 0 && isfinite(msa / msb) && df1 > 0 && df2 > 0) {
        t.ok = 1;
        t.f = msa / msb;
        t.df1 = df1;
        t.df2 = df2;
        t.p = gsl_cdf_fdist_Q(t.f, df1, df2);
    }
    return t;
}

static void icc_oneway(const double *y, const size_t *sizes, size_t n_groups,
                       stat_est *icc1, stat_est *icc2, stat_test *test)
{
    long double grand = 0, ssb = 0, ssw = 0;
    size_t N = 0, G = 0, at = 0;

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
    grand /= N;
    at = 0;
    for (size_t g = 0; g < n_groups; g++) {
        long double mean = 0;
        if (!sizes[g])
            continue;
        for (size_t i = 0; i < sizes[g]; i++)
            mean += y[at + i];
        mean /= sizes[g];
        for (size_t i = 0; i < sizes[g]; i++)
            ssw += (y[at + i] - mean) * (y[at + i] - mean);
        ssb += sizes[g] * (mean - grand) * (mean - grand);
        at += sizes[g];
    }
    double dfb = (double)(G - 1), dfw = (double)(N - G);
    double msb = (double)(ssb / dfb), msw = (double)(ssw / dfw);
    double k = (double)N / (double)G; /* Bliese (2000): mean group size */

    /* Bliese (2000), eq. 1 and eq. 3. */
    *icc1 = ratio(msb - msw, msb + (k - 1) * msw, "no variance at all");
    *icc2 = ratio(msb - msw, msb, "no variance between subjects");
    *test = f_test(msb, msw, dfb, dfw);
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
    const char *why = "no variance";

    /* Shrout & Fleiss (1979), eq. 2 to 4 and their averages (eq. 5 to 7). */
    est[ICC1_1] = ratio(bms - wms, bms + (K - 1) * wms, why);
    est[ICC2_1] = ratio(bms - ems, bms + (K - 1) * ems + K * (jms - ems) / N, why);
    est[ICC3_1] = ratio(bms - ems, bms + (K - 1) * ems, why);
    est[ICC1_K] = ratio(bms - wms, bms, "no variance between subjects");
    est[ICC2_K] = ratio(bms - ems, bms + (jms - ems) / N, why);
    est[ICC3_K] = ratio(bms - ems, bms, "no variance between subjects");

    stat_test one = f_test(bms, wms, N - 1, N * (K - 1));
    stat_test two = f_test(bms, ems, N - 1, (N - 1) * (K - 1));
    test[ICC1_1] = test[ICC1_K] = one;
    test[ICC2_1] = test[ICC3_1] = test[ICC2_K] = test[ICC3_K] = two;

    /* 95% intervals, McGraw & Wong (1996), Tables 7 and 8. */
    if (one.ok && est[ICC1_1].ok) {
        double fl = one.f / gsl_cdf_fdist_Pinv(0.975, one.df1, one.df2);
        double fu = one.f * gsl_cdf_fdist_Pinv(0.975, one.df2, one.df1);
        set_ci(&est[ICC1_1], (fl - 1) / (fl + K - 1), (fu - 1) / (fu + K - 1));
        set_ci(&est[ICC1_K], 1 - 1 / fl, 1 - 1 / fu);
    }
    if (two.ok && est[ICC3_1].ok) {
        double fl = two.f / gsl_cdf_fdist_Pinv(0.975, two.df1, two.df2);
        double fu = two.f * gsl_cdf_fdist_Pinv(0.975, two.df2, two.df1);
        set_ci(&est[ICC3_1], (fl - 1) / (fl + K - 1), (fu - 1) / (fu + K - 1));
        set_ci(&est[ICC3_K], 1 - 1 / fl, 1 - 1 / fu);
    }
    if (two.ok && est[ICC2_1].ok) {
        /* Satterthwaite's df for the random-raters interval. */
        double r = est[ICC2_1].value, fj = jms / ems;
        double a = N * (1 + (K - 1) * r) - K * r;
        double vn = (K - 1) * (N - 1) * (K * r * fj + a) * (K * r * fj + a);
        double vd = (N - 1) * K * K * r * r * fj * fj + a * a;
        double v = vn / vd;
        if (vd > 0 && isfinite(v) && v > 0) {
            double fu = gsl_cdf_fdist_Pinv(0.975, N - 1, v);
            double fl = gsl_cdf_fdist_Pinv(0.975, v, N - 1);
            double c = K * jms + (K * N - K - N) * ems;
            double lo = N * (bms - fu * ems) / (fu * c + N * bms);
            double hi = N * (fl * bms - ems) / (c + N * fl * bms);
            set_ci(&est[ICC2_1], lo, hi);
            set_ci(&est[ICC2_K], lo * K / (1 + lo * (K - 1)),
                   hi * K / (1 + hi * (K - 1)));
        }
    }
}

void stat_icc_oneway(const double *y, const size_t *sizes, size_t n_groups,
                     stat_est *icc1, stat_est *icc2, stat_test *test)
{
    GSL_QUIET_BEGIN;
    icc_oneway(y, sizes, n_groups, icc1, icc2, test);
    GSL_QUIET_END;
}

void stat_icc_sf(const double *x, size_t n, size_t k,
                 stat_est est[ICC_SF_COUNT], stat_test test[ICC_SF_COUNT])
{
    GSL_QUIET_BEGIN;
    icc_sf(x, n, k, est, test);
    GSL_QUIET_END;
}
