/*
 * stats_alpha.c - Cronbach's alpha and its companions, all from the item
 * covariance matrix (listwise or pairwise).
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_matrix.h>

#include "stats.h"
#include "stats_gsl.h"

/* 1 when the row has every one of its k values. */
static int complete(const double *row, size_t k)
{
    for (size_t j = 0; j < k; j++)
        if (isnan(row[j]))
            return 0;
    return 1;
}

/* The four columns from `from` on, those past the last (k - 1) the last
 * again: summed with the others and dropped. */
static void four_columns(size_t from, size_t k, size_t c[4])
{
    for (size_t j = 0; j < 4; j++)
        c[j] = from + j < k ? from + j : k - 1;
}

/*
 * covariances() over the complete rows.  Every pair has the same rows, so
 * a pair's means are its two columns' means.  The columns are summed four
 * at a time, and the cross products a column a and four columns b at a
 * time, each sum in a register of its own and in the order of the rows:
 * the pairwise loop's sums, bit for bit, in a fraction of the passes over
 * x and none of the stores.  `rows` has room for n indexes; `mean` k.
 */
static void listwise(const double *x, size_t n, size_t k, size_t *cnt,
                     long double *sa, long double *sb, long double *sab,
                     long double *mean, size_t *rows)
{
    size_t m = 0, p = 0;

    for (size_t i = 0; i < n; i++)
        if (complete(x + i * k, k))
            rows[m++] = i;
    /* each column summed in a register of its own, in the order of the
     * rows */
    for (size_t a = 0; a < k; a += 4) {
        size_t c[4];
        long double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        four_columns(a, k, c);
        for (size_t r = 0; r < m; r++) {
            const double *row = x + rows[r] * k;
            s0 += row[c[0]];
            s1 += row[c[1]];
            s2 += row[c[2]];
            s3 += row[c[3]];
        }
        long double s[4] = { s0, s1, s2, s3 };
        for (size_t j = 0; j < 4 && a + j < k; j++)
            mean[a + j] = m ? s[j] / m : 0;
    }
    for (size_t a = 0; a < k; a++)
        for (size_t b = a; b < k; b++, p++) {
            cnt[p] = m;
            sa[p] = mean[a];
            sb[p] = mean[b];
        }
    for (size_t a = 0; a < k; a++) {
        size_t pa = a * k - a * (a - 1) / 2; /* the pair (a, a) */
        for (size_t b = a; b < k; b += 4) {
            size_t c[4];
            long double mc[4], s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            four_columns(b, k, c);
            for (size_t j = 0; j < 4; j++)
                mc[j] = mean[c[j]];
            for (size_t r = 0; r < m; r++) {
                const double *row = x + rows[r] * k;
                long double d = row[a] - mean[a];
                s0 += d * (row[c[0]] - mc[0]);
                s1 += d * (row[c[1]] - mc[1]);
                s2 += d * (row[c[2]] - mc[2]);
                s3 += d * (row[c[3]] - mc[3]);
            }
            long double s[4] = { s0, s1, s2, s3 };
            for (size_t j = 0; j < 4 && b + j < k; j++)
                sab[pa + b - a + j] = s[j];
        }
    }
}

/*
 * Sample covariances of the k columns.  Listwise: over the rows without a
 * missing value; pairwise: each pair over the rows that have both.  Two
 * passes (pair means, then centred cross products), rows outside, pairs
 * inside, so that the cost is n * k^2 / 2.  *n_used is the rows used
 * (pairwise: the fewest of any pair).  Returns -1 when out of memory.
 */
static int covariances(const double *x, size_t n, size_t k, int pairwise,
                       gsl_matrix *cov, double *n_used)
{
    size_t np = k * (k + 1) / 2;
    size_t *cnt = calloc(np, sizeof *cnt);
    long double *sa = calloc(np, sizeof *sa), *sb = calloc(np, sizeof *sb);
    long double *sab = calloc(np, sizeof *sab);
    long double *mean = calloc(k + 1, sizeof *mean); /* listwise */
    size_t *rows = pairwise ? NULL : malloc((n + 1) * sizeof *rows);
    int rc = -1;

    if (!cnt || !sa || !sb || !sab || !mean || (!pairwise && !rows))
        goto out;
    if (!pairwise) {
        listwise(x, n, k, cnt, sa, sb, sab, mean, rows);
    } else {
        for (int pass = 0; pass < 2; pass++) {
            for (size_t i = 0; i < n; i++) {
                const double *row = x + i * k;
                size_t p = 0;
                for (size_t a = 0; a < k; a++) {
                    for (size_t b = a; b < k; b++, p++) {
                        if (isnan(row[a]) || isnan(row[b]))
                            continue;
                        if (pass == 0) {
                            cnt[p]++;
                            sa[p] += row[a];
                            sb[p] += row[b];
                        } else {
                            sab[p] += (row[a] - sa[p]) * (row[b] - sb[p]);
                        }
                    }
                }
            }
            if (pass == 0)
                for (size_t p = 0; p < np; p++)
                    if (cnt[p]) {
                        sa[p] /= cnt[p];
                        sb[p] /= cnt[p];
                    }
        }
    }
    double fewest = (double)n;
    size_t p = 0;
    for (size_t a = 0; a < k; a++) {
        for (size_t b = a; b < k; b++, p++) {
            double c = cnt[p] >= 2 ? (double)(sab[p] / (cnt[p] - 1)) : 0;
            gsl_matrix_set(cov, a, b, c);
            gsl_matrix_set(cov, b, a, c);
            if ((double)cnt[p] < fewest)
                fewest = (double)cnt[p];
        }
    }
    *n_used = fewest;
    rc = 0;
out:
    free(cnt);
    free(sa);
    free(sb);
    free(sab);
    free(mean);
    free(rows);
    return rc;
}

/* Cronbach (1951), eq. 2 in covariance form, leaving out item `skip`
 * (k for none); NaN when undefined. */
static double alpha_of(const gsl_matrix *cov, size_t k, size_t skip)
{
    long double trace = 0, total = 0;
    size_t kk = 0;
    for (size_t a = 0; a < k; a++) {
        if (a == skip)
            continue;
        kk++;
        trace += gsl_matrix_get(cov, a, a);
        for (size_t b = 0; b < k; b++)
            if (b != skip)
                total += gsl_matrix_get(cov, a, b);
    }
    if (kk < 2 || !(total > 0))
        return NAN;
    return (double)(kk / (kk - 1.0L) * (1 - trace / total));
}

/*
 * Alpha with the asymptotic standard error of van Zyl, Neudecker & Nel
 * (2000) as Duhachek & Iacobucci (2004), eq. 3, give it for the interval:
 * Q = 2k^2 / ((k-1)^2 (1'C1)^3) [(1'C1)(tr C^2 + tr^2 C) - 2 tr C (1'C^2 1)],
 * se = sqrt(Q / n), and alpha +- 1.96 se, as psych::alpha computes its
 * "ase" and prints the Duhachek interval (1.96, not the exact quantile,
 * as psych).
 */
static stat_est duhachek(const gsl_matrix *cov, size_t k, double alpha,
                         double n)
{
    long double one = 0, tr = 0, tr2 = 0, one2 = 0;
    stat_est e = stat_present(alpha);

    for (size_t a = 0; a < k; a++) {
        long double row = 0;
        tr += gsl_matrix_get(cov, a, a);
        for (size_t b = 0; b < k; b++) {
            double c = gsl_matrix_get(cov, a, b);
            row += c;
            tr2 += (long double)c * c;
        }
        one += row;
        one2 += row * row; /* C is symmetric: (1'C)(C1) */
    }
    long double kk = (long double)k;
    long double q = 2 * kk * kk / ((kk - 1) * (kk - 1) * one * one * one) *
                    (one * (tr2 + tr * tr) - 2 * tr * one2);
    /* Q is 0 where every covariance is the same (alpha 1): a rounding
     * below it is that 0. */
    if (q < 0 && q > -STAT_TIE_TOL)
        q = 0;
    if (!(q >= 0) || !(n > 0)) {
        stat_no_ci(&e, "the asymptotic variance is negative: no Duhachek "
                       "interval");
        return e;
    }
    e.has_se = 1;
    e.se = (double)sqrtl(q / n);
    stat_set_ci(&e, alpha - 1.96 * e.se, alpha + 1.96 * e.se,
                "the Duhachek interval could not be computed");
    return e;
}

/* Lambda 6 and omega total from the correlations of cov, every item of
 * which has variance.  0, or -1 when out of memory. */
static int beyond_alpha(const gsl_matrix *cov, size_t k, alpha_result *out)
{
    double *r = malloc(k * k * sizeof *r);
    if (!r)
        return -1;
    /* psych::alpha's R: cov2cor of the covariances. */
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < k; b++)
            r[a * k + b] = a == b ? 1
                                  : gsl_matrix_get(cov, a, b) /
                                        sqrt(gsl_matrix_get(cov, a, a) *
                                             gsl_matrix_get(cov, b, b));
    out->guttman_l6 = stat_guttman_l6(r, k);
    out->omega_total = stat_omega_total(r, k);
    free(r);
    return 0;
}

static int cronbach(const double *x, size_t n, size_t k, int pairwise,
                    int mean_score, alpha_result *out)
{
    gsl_matrix *cov = NULL;
    double n_used = 0;

    out->alpha = out->alpha_std = out->sem = stat_absent(NULL);
    out->alpha_duhachek = out->average_r = out->guttman_l6 =
        out->omega_total = stat_absent(NULL);
    out->n = 0;
    for (size_t i = 0; i < k; i++) {
        if (out->item_total_r)
            out->item_total_r[i] = stat_absent(NULL);
        if (out->alpha_if_deleted)
            out->alpha_if_deleted[i] = stat_absent(NULL);
    }
    if (k < 2) {
        out->alpha = out->alpha_std = out->sem = stat_absent("a single item");
        out->alpha_duhachek = out->average_r = out->guttman_l6 =
            out->omega_total = stat_absent("a single item");
        for (size_t i = 0; i < k; i++) {
            if (out->item_total_r)
                out->item_total_r[i] = stat_absent("a single item");
            if (out->alpha_if_deleted)
                out->alpha_if_deleted[i] = stat_absent("a single item");
        }
        return 0;
    }
    cov = gsl_matrix_alloc(k, k);
    if (!cov)
        return -1;
    if (covariances(x, n, k, pairwise, cov, &n_used) < 0) {
        gsl_matrix_free(cov);
        return -1;
    }
    out->n = n_used;
    if (n_used < 2) {
        const char *why = pairwise ? "fewer than two responses to a pair of items"
                                   : "fewer than two complete responses";
        out->alpha = out->alpha_std = out->sem = stat_absent(why);
        out->alpha_duhachek = out->average_r = out->guttman_l6 =
            out->omega_total = stat_absent(why);
        for (size_t i = 0; i < k; i++) {
            if (out->item_total_r)
                out->item_total_r[i] = stat_absent(why);
            if (out->alpha_if_deleted)
                out->alpha_if_deleted[i] = stat_absent(why);
        }
        gsl_matrix_free(cov);
        return 0;
    }

    long double total = 0, rbar = 0;
    int flat_item = 0;
    for (size_t a = 0; a < k; a++) {
        flat_item |= !(gsl_matrix_get(cov, a, a) > 0);
        for (size_t b = 0; b < k; b++)
            total += gsl_matrix_get(cov, a, b);
    }

    double alpha = alpha_of(cov, k, k);
    if (isnan(alpha)) {
        out->alpha = stat_absent("no variance in the total score");
        out->alpha_duhachek = stat_absent("no variance in the total score");
        out->sem = stat_absent("no variance in the total score");
    } else {
        out->alpha = stat_present(alpha);
        /* Feldt, Woodruff & Salih (1987), eq. 4: a 95% interval, from
         * (1 - alpha) / (1 - alpha-hat) ~ F(n - 1, (n - 1)(k - 1)).  Above
         * 1 (pairwise covariances that no one sample could have) alpha
         * has no such distribution. */
        double df1 = n_used - 1, df2 = (n_used - 1) * (k - 1);
        if (alpha > 1) {
            stat_no_ci(&out->alpha, "alpha above 1 (the pairwise covariances "
                                    "are not those of one sample): no Feldt "
                                    "interval");
        } else {
            double lo = 1 - (1 - alpha) * stat_qf(0.975, df1, df2);
            double hi = 1 - (1 - alpha) * stat_qf(0.025, df1, df2);
            stat_set_ci(&out->alpha, lo, hi,
                        "the F quantile could not be computed");
        }
        out->alpha_duhachek = duhachek(cov, k, alpha, n_used);
        double sd = sqrt((double)total) / (mean_score ? (double)k : 1.0);
        out->sem = alpha > 1
                       ? stat_absent("alpha above 1: no error to measure")
                       : stat_present(sd * sqrt(1 - alpha));
    }
    if (flat_item) {
        out->alpha_std = stat_absent("an item without variance");
        out->average_r = out->guttman_l6 = out->omega_total =
            stat_absent("an item without variance: no correlations");
    } else {
        /* The mean inter-item correlation, stepped up by Spearman-Brown. */
        for (size_t a = 0; a < k; a++)
            for (size_t b = 0; b < k; b++)
                if (a != b)
                    rbar += gsl_matrix_get(cov, a, b) /
                            sqrt(gsl_matrix_get(cov, a, a) * gsl_matrix_get(cov, b, b));
        rbar /= (long double)k * (k - 1);
        double den = (double)(1 + (k - 1) * rbar);
        out->alpha_std = den != 0 ? stat_present((double)(k * rbar) / den)
                                  : stat_absent("the correlations cancel out");
        /* psych::alpha's average_r: the mean of the correlations off the
         * diagonal. */
        out->average_r = stat_present((double)rbar);
        if (beyond_alpha(cov, k, out) < 0) {
            gsl_matrix_free(cov);
            return -1;
        }
    }

    for (size_t i = 0; i < k; i++) {
        long double row = 0;
        double cii = gsl_matrix_get(cov, i, i);
        for (size_t b = 0; b < k; b++)
            row += gsl_matrix_get(cov, i, b);
        long double rest = total - 2 * row + cii;
        if (out->item_total_r) {
            if (!(cii > 0))
                out->item_total_r[i] = stat_absent("the item has no variance");
            else if (!(rest > 0))
                out->item_total_r[i] = stat_absent("the other items have no variance");
            else
                out->item_total_r[i] = stat_present((double)((row - cii) / sqrtl(cii * rest)));
        }
        if (out->alpha_if_deleted) {
            double a = alpha_of(cov, k, i);
            out->alpha_if_deleted[i] =
                k == 2 ? stat_absent("one item would be left")
                : isnan(a) ? stat_absent("no variance in the other items")
                           : stat_present(a);
        }
    }
    gsl_matrix_free(cov);
    return 0;
}

int stat_alpha(const double *x, size_t n, size_t k, int pairwise,
               int mean_score, alpha_result *out)
{
    GSL_QUIET_BEGIN;
    int r = cronbach(x, n, k, pairwise, mean_score, out);
    GSL_QUIET_END;
    return r;
}
