/*
 * stats_repeated.c - statistics of one measure taken at k waves from the
 * same n subjects: the one-way repeated-measures ANOVA with the
 * Greenhouse-Geisser and Huynh-Feldt corrections, Friedman's test, the
 * mean of one wave with its t interval, Jacobson & Truax's cut-offs of
 * clinical significance, and the arithmetic of the return on investment.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "stats.h"
#include "stats_gsl.h"

/* The largest |value| of y: the scale on which ties are decided. */
static double scale_of(const double *y, size_t m)
{
    double s = 0;
    for (size_t i = 0; i < m; i++)
        s = fmax(s, fabs(y[i]));
    return s;
}

/* ---- Repeated-measures ANOVA -------------------------------------------- */

/*
 * The sum of squares of the residuals, subject x wave: what is left of
 * y after the grand mean, the subjects' and the waves' effects.  Exactly
 * 0 when every subject's profile is the waves' profile shifted, within
 * STAT_TIE_TOL of the data's scale (stats.h), not the 1e-30 rounding
 * leaves.
 */
static int residuals_vanish(const double *y, size_t n, size_t k,
                            const double *row, const double *col, double grand,
                            double scale)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < k; j++)
            if (fabs(y[i * k + j] - row[i] - col[j] + grand) >
                STAT_TIE_TOL * scale)
                return 0;
    return 1;
}

/*
 * Box's (1954) epsilon as Greenhouse & Geisser (1959) estimate it, from
 * the k x k covariance matrix S of the waves (n - 1 in the denominator):
 * with S double-centred (s_ij - mean of row i - mean of column j + grand
 * mean), eps = (sum_i s_ii)^2 / ((k - 1) sum_ij s_ij^2).  This is what
 * car::Anova and afex report as "GG eps".  NaN when the centred matrix is
 * zero (every subject's profile parallel to the mean profile).
 */
static double gg_epsilon(const double *y, size_t n, size_t k, const double *col,
                         double *work)
{
    long double tr = 0, ss = 0, grand = 0;
    double *rm = work + k * k;
    for (size_t a = 0; a < k; a++) {
        for (size_t b = 0; b < k; b++) {
            long double s = 0;
            for (size_t i = 0; i < n; i++)
                s += (long double)(y[i * k + a] - col[a]) * (y[i * k + b] - col[b]);
            work[a * k + b] = (double)(s / (long double)(n - 1));
        }
    }
    for (size_t a = 0; a < k; a++) {
        long double s = 0;
        for (size_t b = 0; b < k; b++)
            s += work[a * k + b];
        rm[a] = (double)(s / (long double)k);
        grand += s;
    }
    grand /= (long double)(k * k);
    for (size_t a = 0; a < k; a++) {
        for (size_t b = 0; b < k; b++) {
            long double c = work[a * k + b] - rm[a] - rm[b] + grand;
            if (a == b)
                tr += c;
            ss += c * c;
        }
    }
    if (!(ss > 0) || !(tr > 0))
        return NAN;
    /* With two waves epsilon is 1 by definition; otherwise it lies in
     * [1 / (k - 1), 1], and a value past 1 is rounding. */
    if (k == 2)
        return 1;
    return fmin(1, (double)(tr * tr / ((long double)(k - 1) * ss)));
}

int stat_rm_anova(const double *y, size_t n, size_t k, rm_anova_result *out)
{
    double *row = NULL, *col = NULL, *work = NULL;
    long double grand = 0, ss_wave = 0, ss_subj = 0, ss_tot = 0;
    int rc = -1;

    memset(out, 0, sizeof *out);
    out->n = n;
    out->k = k;
    if (k < 2 || n < 2) {
        stat_est none = stat_absent(k < 2 ? "fewer than two waves"
                                          : "fewer than two subjects measured "
                                            "at every wave");
        out->f = out->df1 = out->df2 = out->p = none;
        out->gg_epsilon = out->hf_epsilon = out->p_gg = out->p_hf = none;
        return 0;
    }
    row = malloc(n * sizeof *row);
    col = malloc(k * sizeof *col);
    work = malloc((k * k + k) * sizeof *work);
    if (!row || !col || !work)
        goto out;
    GSL_QUIET_BEGIN;
    for (size_t i = 0; i < n; i++) {
        long double s = 0;
        for (size_t j = 0; j < k; j++)
            s += y[i * k + j];
        row[i] = (double)(s / (long double)k);
        grand += s;
    }
    grand /= (long double)(n * k);
    for (size_t j = 0; j < k; j++) {
        long double s = 0;
        for (size_t i = 0; i < n; i++)
            s += y[i * k + j];
        col[j] = (double)(s / (long double)n);
    }
    /* The sums of squares of a subjects x waves design (e.g. Maxwell &
     * Delaney 2004, ch. 11): waves, subjects, and the error that is
     * their interaction, what aov(y ~ wave + Error(subject/wave)) gives
     * in its "subject:wave" stratum. */
    for (size_t j = 0; j < k; j++)
        ss_wave += (col[j] - grand) * (col[j] - grand);
    ss_wave *= (long double)n;
    for (size_t i = 0; i < n; i++)
        ss_subj += (row[i] - grand) * (row[i] - grand);
    ss_subj *= (long double)k;
    for (size_t i = 0; i < n * k; i++)
        ss_tot += (y[i] - grand) * (y[i] - grand);
    double df1 = (double)(k - 1), df2 = (double)((k - 1) * (n - 1));
    out->df1 = stat_present(df1);
    out->df2 = stat_present(df2);
    double scale = scale_of(y, n * k);
    if (residuals_vanish(y, n, k, row, col, (double)grand, scale)) {
        out->f = out->p = out->p_gg = out->p_hf =
            stat_absent("no residual variance: every subject changed alike");
    } else {
        long double ss_err = ss_tot - ss_wave - ss_subj;
        if (ss_err < 0)
            ss_err = 0;
        double f = (double)((ss_wave / df1) / (ss_err / df2));
        out->f = stat_present(f);
        if (out->f.ok)
            out->p = stat_present(gsl_cdf_fdist_Q(f, df1, df2));
        else
            out->p = stat_absent("no F");
    }
    double gg = gg_epsilon(y, n, k, col, work);
    if (isnan(gg)) {
        out->gg_epsilon = out->hf_epsilon =
            stat_absent("the waves' covariance matrix, centred, is zero");
        if (out->f.ok)
            out->p_gg = out->p_hf = stat_absent("no epsilon");
    } else {
        double km1 = (double)(k - 1), nn = (double)n;
        out->gg_epsilon = stat_present(gg);
        /* Huynh & Feldt (1976), with Lecoutre's (1991) correction as
         * car::Anova and afex use it, for one group of N = n subjects:
         * ((N - g + 1)(k - 1) eps - 2) / ((k - 1)(N - g - (k - 1) eps)),
         * g = 1.  (With one group the corrected and the original
         * formula, N (k - 1) eps - 2 over (k - 1)(N - 1 - (k - 1) eps),
         * coincide.)  It may exceed 1; the p uses min(1, eps), as car
         * and afex do. */
        double den = km1 * (nn - 1 - km1 * gg);
        double hf = den > 0 ? (nn * km1 * gg - 2) / den : NAN;
        if (isfinite(hf)) {
            out->hf_epsilon = stat_present(hf);
            if (hf > 1 + STAT_TIE_TOL)
                out->hf_epsilon.note = "above 1: its p uses 1";
        } else {
            out->hf_epsilon = stat_absent("too few subjects for the "
                                          "Huynh-Feldt estimate");
        }
        if (out->f.ok) {
            double f = out->f.value;
            out->p_gg = stat_present(gsl_cdf_fdist_Q(f, gg * df1, gg * df2));
            if (out->hf_epsilon.ok) {
                double e = fmin(1, hf);
                out->p_hf = stat_present(gsl_cdf_fdist_Q(f, e * df1, e * df2));
            } else {
                out->p_hf = stat_absent("no Huynh-Feldt epsilon");
            }
        }
    }
    GSL_QUIET_END;
    rc = 0;
out:
    free(row);
    free(col);
    free(work);
    return rc;
}

/* ---- Friedman's test ---------------------------------------------------- */

typedef struct ranked {
    double v;
    size_t at;
} ranked;

static int by_value(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->v != y->v)
        return x->v < y->v ? -1 : 1;
    return x->at < y->at ? -1 : x->at > y->at;
}

int stat_friedman(const double *y, size_t n, size_t k, friedman_result *out)
{
    ranked *r = NULL;
    long double *sum = NULL, ties = 0;
    int rc = -1;

    memset(out, 0, sizeof *out);
    out->n = n;
    if (k < 2 || n < 1) {
        stat_est none = stat_absent(k < 2 ? "fewer than two waves"
                                          : "no subject measured at every "
                                            "wave");
        out->chisq = out->df = out->p = none;
        return 0;
    }
    r = malloc(k * sizeof *r);
    sum = calloc(k, sizeof *sum);
    if (!r || !sum)
        goto out;
    double tol = STAT_TIE_TOL * scale_of(y, n * k);
    /* Within each subject the waves ranked, ties given their mean rank;
     * sum(t^3 - t) over the ties for the correction. */
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < k; j++)
            r[j] = (ranked){ y[i * k + j], j };
        qsort(r, k, sizeof *r, by_value);
        for (size_t a = 0; a < k;) {
            size_t b = a + 1;
            while (b < k && r[b].v - r[a].v <= tol)
                b++;
            double mid = (double)(a + 1 + b) / 2;
            for (size_t c = a; c < b; c++)
                sum[r[c].at] += mid;
            long double t = (long double)(b - a);
            ties += t * t * t - t;
            a = b;
        }
    }
    /* Friedman (1937), with the correction for ties as R's friedman.test
     * computes it: 12 sum_j (R_j - n (k + 1) / 2)^2 over
     * n k (k + 1) - sum(t^3 - t) / (k - 1). */
    long double nn = (long double)n, kk = (long double)k, num = 0;
    for (size_t j = 0; j < k; j++) {
        long double d = sum[j] - nn * (kk + 1) / 2;
        num += d * d;
    }
    long double den = nn * kk * (kk + 1) - ties / (kk - 1);
    out->df = stat_present((double)(k - 1));
    if (!(den > 1e-9 * nn * kk * (kk + 1))) {
        out->chisq = out->p = stat_absent("every subject rated every wave "
                                          "the same: no ranks to compare");
    } else {
        double chisq = (double)(12 * num / den);
        GSL_QUIET_BEGIN;
        out->chisq = stat_present(chisq);
        out->p = stat_present(gsl_cdf_chisq_Q(chisq, (double)(k - 1)));
        GSL_QUIET_END;
    }
    rc = 0;
out:
    free(r);
    free(sum);
    return rc;
}

/* ---- A wave's mean ------------------------------------------------------ */

stat_est stat_mean_ci(const double *x, size_t n)
{
    long double s = 0, ss = 0;
    if (n == 0)
        return stat_absent("no subject with a mean at this wave");
    for (size_t i = 0; i < n; i++)
        s += x[i];
    long double m = s / (long double)n;
    stat_est e = stat_present((double)m);
    if (n < 2) {
        stat_no_ci(&e, "one subject: no interval");
        return e;
    }
    double tol = STAT_TIE_TOL * scale_of(x, n);
    int flat = 1;
    for (size_t i = 0; i < n; i++) {
        ss += (x[i] - m) * (x[i] - m);
        flat &= fabs(x[i] - x[0]) <= tol;
    }
    double sd = flat ? 0 : (double)sqrtl(ss / (long double)(n - 1));
    double h = stat_qt(0.975, (double)(n - 1)) * sd / sqrt((double)n);
    stat_set_ci(&e, e.value - h, e.value + h,
                "the t quantile could not be computed");
    return e;
}

/* ---- Jacobson & Truax's cut-offs ---------------------------------------- */

stat_est stat_jt_cutoff(jt_cutoff kind, double m_dys, double sd_dys,
                        double m_func, double sd_func, int lower_is_better)
{
    /* Jacobson & Truax (1991), the three cut-offs; the direction of
     * improvement is +1 where higher is better. */
    double dir = lower_is_better ? -1 : 1;
    switch (kind) {
    case JT_CUTOFF_A:
        /* a: two standard deviations beyond the dysfunctional mean, in
         * the direction of improvement */
        if (!(sd_dys > 0))
            return stat_absent("the dysfunctional distribution has no sd");
        return stat_present(m_dys + dir * 2 * sd_dys);
    case JT_CUTOFF_B:
        /* b: within two standard deviations of the functional mean */
        if (!(sd_func > 0))
            return stat_absent("the functional norm has no sd");
        return stat_present(m_func - dir * 2 * sd_func);
    case JT_CUTOFF_C:
        /* c = (s_0 M_1 + s_1 M_0) / (s_0 + s_1), 0 functional, 1
         * dysfunctional: where a score is as likely to come from either
         * distribution */
        if (!(sd_dys > 0) || !(sd_func > 0))
            return stat_absent("a distribution without an sd");
        return stat_present((sd_func * m_dys + sd_dys * m_func) /
                            (sd_func + sd_dys));
    }
    return stat_absent("no such cut-off");
}

/* ---- Return on investment ----------------------------------------------- */

void stat_roi(const double *annual, const double *attribution,
              const double *confidence, size_t n, double cost,
              roi_result *out)
{
    long double adj = 0;
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        if (isnan(annual[i]) || isnan(attribution[i]) || isnan(confidence[i])) {
            out->left_out++;
            continue;
        }
        /* Phillips (2003): an estimate adjusted for the share due to the
         * programme and for the estimator's confidence */
        adj += (long double)annual[i] * attribution[i] * confidence[i];
        out->used++;
    }
    out->cost = stat_present(cost);
    out->adjusted_benefits = stat_present((double)adj);
    out->net_benefits = stat_present((double)(adj - cost));
    /* ROI % = net benefits / costs x 100; BCR = benefits / costs */
    if (cost > 0) {
        out->roi_percent = stat_present((double)((adj - cost) / cost * 100));
        out->bcr = stat_present((double)(adj / cost));
    } else {
        out->roi_percent = out->bcr = stat_absent("no cost to divide by");
    }
}
