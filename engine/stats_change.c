/*
 * stats_change.c - before/after statistics: the paired t test, Wilcoxon's
 * signed-rank test, standardized effect sizes with noncentral-t intervals,
 * p-value adjustments and Goal Attainment Scaling.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sf_gamma.h>

#include "stats.h"
#include "stats_gsl.h"

#define EXACT_MAX 50 /* Wilcoxon: exact p up to this many pairs */

/* ---- The noncentral t --------------------------------------------------- */

/* Subintervals of an integral: its workspace holds as many. */
#define NCT_INTERVALS 1000

/* One noncentral t distribution, and what its integrals need. */
typedef struct nct {
    double t, df, delta;
    double lngamma; /* lngamma(df / 2), the chi-square density's constant */
    gsl_integration_workspace *w;
} nct;

/* gsl_ran_chisq_pdf(x, df) with its lngamma(df / 2) worked out once per
 * distribution rather than once per point: the same expression, so the
 * same value, at under half the cost. */
static double chisq_pdf(double x, const nct *p)
{
    if (x < 0)
        return 0;
    if (p->df == 2.0)
        return exp(-x / 2.0) / 2.0;
    return exp((p->df / 2 - 1) * log(x / 2) - x / 2 - p->lngamma) / 2;
}

/* The integrand of P(T <= t) = E[Phi(t sqrt(X / df) - delta)], X ~ chi2(df). */
static double nct_integrand(double x, void *arg)
{
    const nct *p = arg;
    return gsl_cdf_ugaussian_P(p->t * sqrt(x / p->df) - p->delta) *
           chisq_pdf(x, p);
}

/* The distribution of t with df degrees of freedom; its workspace is NULL
 * when out of memory.  GSL must be quiet (stats_gsl.h). */
static nct nct_of(double t, double df, double delta)
{
    nct p = { t, df, delta, gsl_sf_lngamma(df / 2),
              gsl_integration_workspace_alloc(NCT_INTERVALS) };
    return p;
}

/* The integral of the integrand over [0, hi], in one piece or split at
 * the n_at points of `at` (in order, inside it); NaN when it fails. */
static double nct_integral(nct *p, double hi, const double *at, size_t n_at)
{
    gsl_function f = { nct_integrand, p };
    double pts[4], result, abserr;
    size_t np = 0;
    int st;

    /* Probabilities are wanted to 1e-14 absolute: tail values far below
     * that may miss the relative tolerance, and are good enough when the
     * error estimate says so. */
    if (n_at == 0) {
        st = gsl_integration_qags(&f, 0, hi, 1e-14, 1e-12, NCT_INTERVALS,
                                  p->w, &result, &abserr);
    } else {
        pts[np++] = 0;
        for (size_t i = 0; i < n_at; i++)
            pts[np++] = at[i];
        pts[np++] = hi;
        st = gsl_integration_qagp(&f, pts, np, 1e-14, 1e-12, NCT_INTERVALS,
                                  p->w, &result, &abserr);
    }
    if (st != GSL_SUCCESS && !(abserr < 1e-13))
        return NAN;
    return result;
}

/*
 * P(T <= t), or NaN.  GSL must be quiet (stats_gsl.h).
 *
 * The chi-square mass lies well inside [0, df + 60 sqrt(2 df) + 60],
 * integrated in one piece.  But the factor Phi(t sqrt(x / df) - delta)
 * turns between 0 and 1 where its argument crosses 0, over sqrt(x) from
 * (delta - 9) sqrt(df) / t to (delta + 9) sqrt(df) / t (Phi(-9) is
 * 1e-19); where that stretch is narrow beside the range, the integrator's
 * first samples can all miss it and return 0 with a small error
 * estimate: with t = -23 on one df and delta = -0.53 the mass lies below
 * x = 0.002 of a range of 146, and P = 0.025 came out 1e-18.  There the
 * range is integrated again in pieces split at the stretch's ends, and
 * that answer taken when the two differ by more than 1e-10: where the one
 * piece was right, the probability stays what it was.
 */
static double nct_cdf(nct *p)
{
    double hi = p->df + 60 * sqrt(2 * p->df) + 60;
    double a = (p->delta - 9) * sqrt(p->df) / p->t;
    double b = (p->delta + 9) * sqrt(p->df) / p->t;
    double xa = fmax(0, fmin(a, b)), xb = fmax(0, fmax(a, b));
    double result = nct_integral(p, hi, NULL, 0);

    xa *= xa;
    xb *= xb;
    if (p->t != 0 && xb > 0 && xa < hi && xb - xa < hi / 16) {
        double at[2];
        size_t n_at = 0;
        if (xa > 0)
            at[n_at++] = xa;
        if (xb < hi)
            at[n_at++] = xb;
        double split = nct_integral(p, hi, at, n_at);
        if (isnan(result) || !(fabs(split - result) <= 1e-10))
            result = split;
    }
    if (isnan(result))
        return NAN;
    if (result < 0)
        result = 0;
    if (result > 1)
        result = 1;
    return result;
}

double stat_noncentral_t_cdf(double t, double df, double delta)
{
    GSL_QUIET_BEGIN;
    nct p = nct_of(t, df, delta);
    double result = p.w ? nct_cdf(&p) : NAN;
    gsl_integration_workspace_free(p.w);
    GSL_QUIET_END;
    return result;
}

typedef struct nct_target {
    nct dist;
    double p;
} nct_target;

static double nct_root(double delta, void *arg)
{
    nct_target *g = arg;
    g->dist.delta = delta;
    return nct_cdf(&g->dist) - g->p;
}

/* The noncentrality at which P(T <= t) = p (it falls as delta grows).
 * GSL must be quiet (stats_gsl.h). */
static double nct_delta(double t, double df, double p)
{
    nct_target g = { nct_of(t, df, 0), p };
    gsl_function f = { nct_root, &g };
    double lo = t - 10, hi = t + 10, flo, fhi, r = NAN;
    gsl_root_fsolver *s = NULL;

    if (!g.dist.w)
        goto out;
    flo = nct_root(lo, &g);
    fhi = nct_root(hi, &g);
    for (int i = 0; i < 60 && flo < 0; i++) {
        lo -= 10 + fabs(lo);
        flo = nct_root(lo, &g);
    }
    for (int i = 0; i < 60 && fhi > 0; i++) {
        hi += 10 + fabs(hi);
        fhi = nct_root(hi, &g);
    }
    if (!(flo >= 0 && fhi <= 0))
        goto out;
    s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s || gsl_root_fsolver_set(s, &f, lo, hi) != GSL_SUCCESS)
        goto out;
    for (int i = 0; i < 200; i++) {
        if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
            goto out;
        lo = gsl_root_fsolver_x_lower(s);
        hi = gsl_root_fsolver_x_upper(s);
        if (gsl_root_test_interval(lo, hi, 1e-13, 1e-13) == GSL_SUCCESS) {
            r = gsl_root_fsolver_root(s);
            break;
        }
    }
    /* A root only where the probability is what was asked for. */
    if (isfinite(r) && !(fabs(nct_root(r, &g)) < 1e-9))
        r = NAN;
out:
    if (s)
        gsl_root_fsolver_free(s);
    gsl_integration_workspace_free(g.dist.w);
    return r;
}

/* ---- The signed-rank distribution --------------------------------------- */

/* P(V <= v) for n pairs without ties: counts of subsets of 1..n by sum. */
static double signrank_cdf(double v, size_t n)
{
    size_t top = n * (n + 1) / 2;
    double *count = calloc(top + 1, sizeof *count);
    double below = 0, total = 0;

    if (!count)
        return NAN;
    count[0] = 1;
    for (size_t r = 1; r <= n; r++)
        for (size_t s = top; s >= r; s--)
            count[s] += count[s - r];
    for (size_t s = 0; s <= top; s++) {
        total += count[s];
        if ((double)s <= v)
            below += count[s];
    }
    free(count);
    return below / total;
}

static int by_abs(const void *a, const void *b)
{
    double x = fabs(*(const double *)a), y = fabs(*(const double *)b);
    return x < y ? -1 : x > y;
}

/*
 * Wilcoxon (1945) signed-rank test, as R's wilcox.test(paired = TRUE) on
 * the exact differences: a difference within `tol` of 0 is zero, and
 * absolute differences within `tol` of each other are tied (stats.h), so
 * that 4 1/3 - 4 and 2 1/3 - 2 share a rank as 1/3 and 1/3 do.
 */
static void signed_rank(const double *d, size_t n, double tol,
                        paired_result *out)
{
    double *nz = malloc((n ? n : 1) * sizeof *nz);
    size_t m = 0;
    long double v = 0, ties = 0;
    int tied = 0;

    if (!nz) {
        out->wilcoxon_v = out->wilcoxon_p = stat_absent("out of memory");
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (fabs(d[i]) > tol)
            nz[m++] = d[i];
    if (m == 0) {
        out->wilcoxon_v = out->wilcoxon_p = stat_absent("every difference is zero");
        free(nz);
        return;
    }
    qsort(nz, m, sizeof *nz, by_abs);
    for (size_t i = 0; i < m;) {
        size_t j = i;
        while (j < m && fabs(nz[j]) - fabs(nz[i]) <= tol)
            j++;
        double rank = (i + 1 + j) / 2.0; /* mean of ranks i+1 .. j */
        for (size_t k = i; k < j; k++)
            if (nz[k] > 0)
                v += rank;
        if (j - i > 1) {
            tied = 1;
            ties += (long double)(j - i) * (j - i) * (j - i) - (j - i);
        }
        i = j;
    }
    out->wilcoxon_v = stat_present((double)v);
    double M = (double)m, V = (double)v;
    if (m <= EXACT_MAX && !tied && m == n) {
        double p = V > M * (M + 1) / 4 ? 1 - signrank_cdf(V - 1, m)
                                       : signrank_cdf(V, m);
        out->wilcoxon_p = stat_present(fmin(1, 2 * p));
        out->wilcoxon_exact = 1;
    } else {
        double z = V - M * (M + 1) / 4;
        double sigma = sqrt(M * (M + 1) * (2 * M + 1) / 24 - (double)ties / 48);
        if (!(sigma > 0)) {
            out->wilcoxon_p = stat_absent("no variance in the ranks");
        } else {
            double cc = z > 0 ? 0.5 : z < 0 ? -0.5 : 0;
            z = (z - cc) / sigma;
            double p = 2 * fmin(gsl_cdf_ugaussian_P(z), gsl_cdf_ugaussian_Q(z));
            out->wilcoxon_p = stat_present(fmin(1, p));
            out->wilcoxon_p.note = m < n ? "normal approximation; zero "
                                           "differences dropped"
                                         : "normal approximation";
        }
    }
    free(nz);
}

/* ---- The paired comparison ---------------------------------------------- */

/* Mean and sd of x; the sd exactly 0 when every value is within `tol` of
 * the first (stats.h), not the 1e-17 that rounding leaves. */
static void mean_sd(const double *x, size_t n, double tol, double *mean,
                    double *sd)
{
    long double s = 0, ss = 0;
    int flat = 1;
    for (size_t i = 0; i < n; i++) {
        s += x[i];
        flat &= fabs(x[i] - x[0]) <= tol;
    }
    long double m = s / n;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - m) * (x[i] - m);
    *mean = (double)m;
    *sd = n > 1 && !flat ? (double)sqrtl(ss / (n - 1)) : 0;
}

static const char no_variance[] = "the differences have no variance";

static int paired(const double *pre, const double *post, size_t n,
                  paired_result *out)
{
    double *d = malloc((n ? n : 1) * sizeof *d);
    double md, sdd, m1, s1, m2, s2, scale = 0;

    memset(out, 0, sizeof *out);
    out->n = n;
    if (!d)
        return -1;
    for (size_t i = 0; i < n; i++) {
        d[i] = post[i] - pre[i];
        scale = fmax(scale, fmax(fabs(pre[i]), fabs(post[i])));
    }
    if (n == 0) {
        stat_est none = stat_absent("no pairs");
        out->mean_diff = out->t = out->df = out->p = none;
        out->wilcoxon_v = out->wilcoxon_p = none;
        out->d_z = out->d_av = out->hedges_g = none;
        free(d);
        return 0;
    }
    /* Equal and zero are decided on the scale of the scores (stats.h). */
    double tol = STAT_TIE_TOL * scale;
    mean_sd(d, n, tol, &md, &sdd);
    mean_sd(pre, n, tol, &m1, &s1);
    mean_sd(post, n, tol, &m2, &s2);
    out->mean_diff = stat_present(md);
    signed_rank(d, n, tol, out);
    if (n < 2) {
        stat_est one = stat_absent("one pair");
        out->t = out->df = out->p = one;
        out->d_z = out->d_av = out->hedges_g = one;
        stat_no_ci(&out->mean_diff, "one pair: no interval");
        free(d);
        return 0;
    }
    double df = (double)(n - 1), se = sdd / sqrt((double)n);
    double tq = stat_qt(0.975, df);
    /* With no variance the interval collapses on the mean. */
    stat_set_ci(&out->mean_diff, md - tq * se, md + tq * se,
                "the t quantile could not be computed");
    out->df = stat_present(df);
    if (!(sdd > 0)) {
        /* R's t.test: "data are essentially constant" */
        out->t = out->p = out->d_z = stat_absent(no_variance);
    } else {
        double t = md / se;
        out->t = stat_present(t);
        out->p = stat_present(2 * gsl_cdf_tdist_Q(fabs(t), df));
        /* Lakens (2013), eq. 6: d_z = t / sqrt(n). */
        out->d_z = stat_present(md / sdd);
        double lo = nct_delta(t, df, 0.975), hi = nct_delta(t, df, 0.025);
        stat_set_ci(&out->d_z, lo / sqrt((double)n), hi / sqrt((double)n),
                    "the noncentral t could not be inverted");
    }
    double sav = (s1 + s2) / 2;
    if (!(sav > 0)) {
        out->d_av = out->hedges_g = stat_absent("no variance at either wave");
    } else {
        /* Lakens (2013), eq. 10; Hedges (1981), eq. 6b: the exact
         * correction Gamma(df/2) / (sqrt(df/2) Gamma((df-1)/2)). */
        out->d_av = stat_present(md / sav);
        double J = df > 1 ? exp(gsl_sf_lngamma(df / 2) - 0.5 * log(df / 2) -
                                gsl_sf_lngamma((df - 1) / 2))
                          : NAN;
        out->hedges_g = isfinite(J) ? stat_present(md / sav * J)
                                    : stat_absent("two pairs: no small-sample correction");
        /* Their intervals are d_z's scaled (Algina & Keselman 2003). */
        if (out->d_z.has_ci) {
            double scale_av = sdd / sav;
            stat_set_ci(&out->d_av, out->d_z.lo * scale_av,
                        out->d_z.hi * scale_av, "no interval");
            stat_set_ci(&out->hedges_g, out->d_av.lo * J, out->d_av.hi * J,
                        "no interval");
        } else {
            const char *why = !(sdd > 0)
                ? "no interval: the differences have no variance (d_z, "
                  "whose interval this one scales, is not defined)"
                : "no interval: d_z has none to scale";
            stat_no_ci(&out->d_av, why);
            stat_no_ci(&out->hedges_g, why);
        }
    }
    free(d);
    return 0;
}

/* ---- p-value adjustment ------------------------------------------------- */

typedef struct ranked_p {
    double p;
    size_t at;
} ranked_p;

static int by_p(const void *a, const void *b)
{
    const ranked_p *x = a, *y = b;
    if (x->p != y->p)
        return x->p < y->p ? -1 : 1;
    return x->at < y->at ? -1 : x->at > y->at;
}

static size_t sort_present(const double *p, size_t n, ranked_p *r, double *adj)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        adj[i] = NAN;
        if (!isnan(p[i]))
            r[m++] = (ranked_p){ p[i], i };
    }
    qsort(r, m, sizeof *r, by_p);
    return m;
}

int stat_p_holm(const double *p, size_t n, double *adj)
{
    ranked_p *r = malloc((n ? n : 1) * sizeof *r);
    if (!r)
        return -1;
    size_t m = sort_present(p, n, r, adj);
    double run = 0;
    /* Holm (1979): step down, (m - i) p_(i), kept monotone. */
    for (size_t i = 0; i < m; i++) {
        double v = fmin(1, (double)(m - i) * r[i].p);
        run = fmax(run, v);
        adj[r[i].at] = run;
    }
    free(r);
    return 0;
}

int stat_p_bh(const double *p, size_t n, double *adj)
{
    ranked_p *r = malloc((n ? n : 1) * sizeof *r);
    if (!r)
        return -1;
    size_t m = sort_present(p, n, r, adj);
    double run = 1;
    /* Benjamini & Hochberg (1995): step up, m / i p_(i), kept monotone. */
    for (size_t i = m; i-- > 0;) {
        double v = fmin(1, (double)m / (double)(i + 1) * r[i].p);
        run = fmin(run, v);
        adj[r[i].at] = run;
    }
    free(r);
    return 0;
}

/* ---- Goal Attainment Scaling -------------------------------------------- */

stat_est stat_gas_t(const double *w, const double *x, size_t n, double rho)
{
    long double swx = 0, sw = 0, sw2 = 0;
    if (n == 0)
        return stat_absent("no goals");
    for (size_t i = 0; i < n; i++) {
        swx += (long double)w[i] * x[i];
        sw += w[i];
        sw2 += (long double)w[i] * w[i];
    }
    /* Kiresuk & Sherman (1968), eq. 1. */
    long double den = (1 - rho) * sw2 + rho * sw * sw;
    if (!(den > 0))
        return stat_absent("the goal weights sum to nothing");
    return stat_present((double)(50 + 10 * swx / sqrtl(den)));
}

int stat_paired(const double *pre, const double *post, size_t n,
                paired_result *out)
{
    GSL_QUIET_BEGIN;
    int r = paired(pre, post, n, out);
    GSL_QUIET_END;
    return r;
}
