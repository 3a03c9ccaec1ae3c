/*
 * stats_omega.c - reliability from a correlation matrix beyond alpha:
 * Guttman's lambda 6 from squared multiple correlations and McDonald's
 * omega total from a one-factor model fitted by minres, each as R's psych
 * package computes it (psych::alpha's "G6(smc)", psych::omega(x,
 * nfactors = 1)'s omega.tot).
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "stats.h"
#include "stats_gsl.h"

/* Communality at or above this is a Heywood case: psych::fa bounds the
 * uniqueness below at 0.005. */
#define HEYWOOD 0.995

/* Eigenvalues and vectors of the k x k symmetric matrix a (row-major),
 * in descending order of the values.  0, or -1 when out of memory or
 * when GSL fails. */
static int eigen(const double *a, size_t k, gsl_vector *eval, gsl_matrix *evec)
{
    gsl_matrix *m = gsl_matrix_alloc(k, k);
    gsl_eigen_symmv_workspace *w = gsl_eigen_symmv_alloc(k);
    int rc = -1;

    if (!m || !w)
        goto out;
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            gsl_matrix_set(m, i, j, a[i * k + j]);
    if (gsl_eigen_symmv(m, eval, evec, w) != GSL_SUCCESS ||
        gsl_eigen_symmv_sort(eval, evec, GSL_EIGEN_SORT_VAL_DESC) != GSL_SUCCESS)
        goto out;
    rc = 0;
out:
    gsl_matrix_free(m);
    gsl_eigen_symmv_free(w);
    return rc;
}

int stat_smc(const double *r, size_t k, double *smc)
{
    gsl_vector *eval = k ? gsl_vector_alloc(k) : NULL;
    gsl_matrix *evec = k ? gsl_matrix_alloc(k, k) : NULL;
    int rc = -1;

    if (k == 0)
        return 0;
    GSL_QUIET_BEGIN;
    if (!eval || !evec || eigen(r, k, eval, evec) < 0)
        goto out;
    /* psych::Pinv: singular values below sqrt(machine epsilon) times the
     * largest are left out of the inverse. */
    double dmax = 0;
    for (size_t j = 0; j < k; j++)
        dmax = fmax(dmax, fabs(gsl_vector_get(eval, j)));
    double tol = sqrt(DBL_EPSILON) * dmax;
    for (size_t i = 0; i < k; i++) {
        long double d = 0;
        for (size_t j = 0; j < k; j++) {
            double e = gsl_vector_get(eval, j), v = gsl_matrix_get(evec, i, j);
            if (fabs(e) > tol)
                d += (long double)v * v / e;
        }
        /* psych::smc: 1 - 1 / diag(R^-1), set into [0, 1]. */
        double s = d > 0 ? (double)(1 - 1 / d) : 0;
        smc[i] = !(s > 0) ? 0 : s > 1 ? 1 : s;
    }
    rc = 0;
out:
    GSL_QUIET_END;
    gsl_vector_free(eval);
    gsl_matrix_free(evec);
    return rc;
}

stat_est stat_guttman_l6(const double *r, size_t k)
{
    double *smc = malloc((k + 1) * sizeof *smc);
    long double sum_r = 0, sum_smc = 0;
    stat_est e;

    if (k < 2) {
        free(smc);
        return stat_absent("a single item");
    }
    if (!smc || stat_smc(r, k, smc) < 0) {
        free(smc);
        return stat_absent("the squared multiple correlations could not be "
                           "computed");
    }
    for (size_t i = 0; i < k * k; i++)
        sum_r += r[i];
    for (size_t i = 0; i < k; i++)
        sum_smc += smc[i];
    free(smc);
    if (!(sum_r > 0))
        return stat_absent("the correlations sum to zero or less");
    /* Guttman (1945), lambda 6: 1 - sum(1 - smc) / sum(R), as psych's
     * alpha() reports G6(smc). */
    e = stat_present((double)(1 - ((long double)k - sum_smc) / sum_r));
    return e;
}

/*
 * The one-factor loadings of r by minres (unweighted least squares on the
 * off-diagonal correlations, Harman & Jones 1966): the loadings at which
 * the gradient of sum over i != j of (r_ij - l_i l_j)^2 vanishes,
 *
 *     g_i = l_i (sum_j l_j^2 - l_i^2) - sum_{j != i} r_ij l_j = 0,
 *
 * which is also the fixed point of iterated principal axes.  Principal
 * axes bring the loadings near it from squared multiple correlations as
 * communalities; Newton's method on g finishes, to the last digits
 * psych::fa's optimizer stops short of.  0 with l set; 1 when it does not
 * converge; -1 when out of memory.
 */
#define PAF_STEPS 30
#define NEWTON_STEPS 60

static int minres_one_factor(const double *r, size_t k, double *l)
{
    double *s = malloc(k * k * sizeof *s);
    gsl_vector *eval = gsl_vector_alloc(k), *g = gsl_vector_alloc(k);
    gsl_vector *step = gsl_vector_alloc(k);
    gsl_matrix *evec = gsl_matrix_alloc(k, k), *jac = gsl_matrix_alloc(k, k);
    gsl_permutation *perm = gsl_permutation_alloc(k);
    int rc = -1, converged = 0;

    if (!s || !eval || !g || !step || !evec || !jac || !perm)
        goto out;
    if (stat_smc(r, k, l) < 0) /* communalities to start from */
        goto out;
    for (int it = 0; it < PAF_STEPS; it++) {
        for (size_t i = 0; i < k; i++)
            for (size_t j = 0; j < k; j++)
                s[i * k + j] = i == j ? l[i] : r[i * k + j];
        if (eigen(s, k, eval, evec) < 0) {
            rc = 1;
            goto out;
        }
        double mu = gsl_vector_get(eval, 0);
        if (!(mu > 0)) {
            rc = 1;
            goto out;
        }
        for (size_t i = 0; i < k; i++) {
            double v = gsl_matrix_get(evec, i, 0) * sqrt(mu);
            /* the communalities of the next step, the loadings after the
             * last */
            l[i] = it + 1 < PAF_STEPS ? v * v : v;
        }
    }
    for (int it = 0; it < NEWTON_STEPS && !converged; it++) {
        long double t = 0;
        for (size_t i = 0; i < k; i++)
            t += (long double)l[i] * l[i];
        for (size_t i = 0; i < k; i++) {
            long double rl = 0;
            for (size_t j = 0; j < k; j++) {
                if (j == i)
                    continue;
                rl += (long double)r[i * k + j] * l[j];
                gsl_matrix_set(jac, i, j, 2 * l[i] * l[j] - r[i * k + j]);
            }
            gsl_matrix_set(jac, i, i, (double)(t - (long double)l[i] * l[i]));
            gsl_vector_set(g, i, -(double)(l[i] * (t - (long double)l[i] * l[i]) - rl));
        }
        int sign;
        if (gsl_linalg_LU_decomp(jac, perm, &sign) != GSL_SUCCESS ||
            gsl_linalg_LU_solve(jac, perm, g, step) != GSL_SUCCESS) {
            rc = 1;
            goto out;
        }
        double most = 0;
        for (size_t i = 0; i < k; i++) {
            double d = gsl_vector_get(step, i);
            if (!isfinite(d)) {
                rc = 1;
                goto out;
            }
            l[i] += d;
            most = fmax(most, fabs(d));
        }
        converged = most <= 1e-12 * fmax(1, (double)sqrtl(t));
    }
    rc = converged ? 0 : 1;
out:
    free(s);
    gsl_vector_free(eval);
    gsl_vector_free(g);
    gsl_vector_free(step);
    gsl_matrix_free(evec);
    gsl_matrix_free(jac);
    gsl_permutation_free(perm);
    return rc;
}

stat_est stat_omega_total(const double *r, size_t k)
{
    double *l;
    long double vt = 0, uniq = 0;
    int rc;

    if (k < 3)
        return stat_absent("omega needs three items or more: one factor "
                           "of two items is not identified");
    l = malloc(k * sizeof *l);
    if (!l)
        return stat_absent("out of memory");
    GSL_QUIET_BEGIN;
    rc = minres_one_factor(r, k, l);
    GSL_QUIET_END;
    if (rc != 0) {
        free(l);
        return stat_absent(rc < 0 ? "out of memory"
                                  : "the one-factor model did not converge");
    }
    for (size_t i = 0; i < k; i++) {
        if (l[i] * l[i] >= HEYWOOD) {
            free(l);
            return stat_absent("a Heywood case: an item's communality is "
                               "0.995 or more, the one-factor solution is "
                               "improper");
        }
        uniq += 1 - (long double)l[i] * l[i];
    }
    /* psych::omega flips the items that load negatively: the total
     * variance is that of the items so turned. */
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            vt += (long double)((l[i] < 0) == (l[j] < 0) ? 1 : -1) *
                  r[i * k + j];
    free(l);
    if (!(vt > 0))
        return stat_absent("the correlations sum to zero or less");
    /* McDonald (1999), omega total of a one-factor model: the variance
     * the factor explains over the total, (Vt - sum(u^2)) / Vt, as
     * psych::omega. */
    return stat_present((double)((vt - uniq) / vt));
}

stat_est stat_spearman_brown(const stat_est *rel, double m)
{
    stat_est e;
    if (!rel->ok)
        return stat_absent(rel->note ? rel->note : "no reliability");
    if (!(m > 0) || !isfinite(m))
        return stat_absent("no length to step to");
    double rho = rel->value, den = 1 + (m - 1) * rho;
    if (!(den > 0))
        return stat_absent("the Spearman-Brown formula divides by zero or "
                           "less at this length");
    /* Spearman (1910), Brown (1910): m rho / (1 + (m - 1) rho). */
    e = stat_present(m * rho / den);
    if (!e.ok || !rel->has_ci)
        return e;
    /* The formula is increasing wherever its denominator is positive: an
     * interval of rho maps onto one of the stepped value. */
    double dlo = 1 + (m - 1) * rel->lo, dhi = 1 + (m - 1) * rel->hi;
    if (dlo > 0 && dhi > 0)
        stat_set_ci(&e, m * rel->lo / dlo, m * rel->hi / dhi,
                    "the interval could not be stepped");
    else
        stat_no_ci(&e, "the interval reaches where the Spearman-Brown "
                       "formula divides by zero");
    return e;
}
