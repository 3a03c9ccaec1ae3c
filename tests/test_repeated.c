/*
 * test_repeated.c - the statistics of several waves (stats_repeated.c)
 * against R 4.2 on fixed data, Jacobson & Truax's cut-offs against their
 * published illustration, and the ROI arithmetic against a published
 * worked example.  The tests need no R: the reference values are in the
 * comments, with the R that gave them.
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include <criterion/criterion.h>

#include "stats.h"
#include "near.h"

/* Six subjects, three waves.  In R:
 *   y <- matrix(c(3.2,3.6,3.9, 2.8,3.5,3.4, 4.1,4.0,4.6, 3.0,3.9,3.7,
 *                 3.5,3.4,4.2, 2.6,3.1,3.3), ncol = 3, byrow = TRUE)
 *   d <- data.frame(v = as.vector(t(y)), wave = factor(rep(1:3, 6)),
 *                   subject = factor(rep(1:6, each = 3)))
 *   summary(aov(v ~ wave + Error(subject/wave), data = d))
 *     wave 2 and 10 df, F = 11.741344195519336, p = 0.0023762842777808836
 *   S <- cov(y); C <- diag(3) - 1/3; Sc <- C %*% S %*% C
 *   gg <- sum(diag(Sc))^2 / (2 * sum(Sc^2))         0.53024691086486986
 *   hf <- (6 * 2 * gg - 2) / (2 * (5 - 2 * gg))     0.55374490265352339
 *   pf(F, 2 gg, 10 gg, lower.tail = FALSE)          0.016462203024758933
 *   pf(F, 2 hf, 10 hf, lower.tail = FALSE)          0.01491208511667849
 * and anova(lm(y ~ 1), X = ~1, test = "Spherical") prints the same
 * epsilons (0.5302, 0.5537) and p-values (G-G 0.0164622030256611, H-F
 * 0.0149120851175055).
 *   friedman.test(y): chi-squared 5.333333333333333, p 0.069483451222801543
 */
static const double six_by_three[18] = {
    3.2, 3.6, 3.9, 2.8, 3.5, 3.4, 4.1, 4.0, 4.6,
    3.0, 3.9, 3.7, 3.5, 3.4, 4.2, 2.6, 3.1, 3.3,
};

Test(repeated, rm_anova_as_aov_with_epsilons)
{
    rm_anova_result r;
    cr_assert_eq(stat_rm_anova(six_by_three, 6, 3, &r), 0);
    cr_assert(r.f.ok && r.p.ok && r.gg_epsilon.ok && r.hf_epsilon.ok);
    EQ(r.df1.value, 2);
    EQ(r.df2.value, 10);
    EQ(r.f.value, 11.741344195519336);
    EQ_DIST(r.p.value, 0.0023762842777808836);
    EQ(r.gg_epsilon.value, 0.53024691086486986);
    EQ(r.hf_epsilon.value, 0.55374490265352339);
    cr_assert_null(r.hf_epsilon.note);
    EQ_DIST(r.p_gg.value, 0.016462203024758933);
    EQ_DIST(r.p_hf.value, 0.01491208511667849);
}

/* Eight subjects, four waves, where Huynh & Feldt's estimate exceeds 1:
 *   y <- matrix(c(5,6,7,8, 4,6,5,7, 6,7,7,9, 3,5,6,6, 5,5,7,8, 4,6,6,9,
 *                 6,8,7,8, 5,6,8,7), ncol = 4, byrow = TRUE)
 *   aov as above: F = 23.896551724137936 on 3 and 21, p 5.7174982113872246e-07
 *   gg 0.78819119025304596, hf 1.21647122253673 (anova.mlm: 0.7882, 1.2165)
 *   G-G p 7.1319150643977123e-06; H-F p, with epsilon 1, the uncorrected p
 *   friedman.test(y): 19.16, p 0.00025334247627846929
 */
static const double eight_by_four[32] = {
    5, 6, 7, 8, 4, 6, 5, 7, 6, 7, 7, 9, 3, 5, 6, 6,
    5, 5, 7, 8, 4, 6, 6, 9, 6, 8, 7, 8, 5, 6, 8, 7,
};

Test(repeated, huynh_feldt_above_one_uses_one)
{
    rm_anova_result r;
    cr_assert_eq(stat_rm_anova(eight_by_four, 8, 4, &r), 0);
    EQ(r.f.value, 23.896551724137936);
    EQ_DIST(r.p.value, 5.7174982113872246e-07);
    EQ(r.gg_epsilon.value, 0.78819119025304596);
    EQ(r.hf_epsilon.value, 1.21647122253673);
    cr_assert_str_eq(r.hf_epsilon.note, "above 1: its p uses 1");
    EQ_DIST(r.p_gg.value, 7.1319150643977123e-06);
    EQ_DIST(r.p_hf.value, r.p.value);
}

Test(repeated, friedman_as_r)
{
    friedman_result f;
    cr_assert_eq(stat_friedman(six_by_three, 6, 3, &f), 0);
    EQ(f.chisq.value, 5.333333333333333);
    EQ(f.df.value, 2);
    EQ_DIST(f.p.value, 0.069483451222801543);
    cr_assert_eq(stat_friedman(eight_by_four, 8, 4, &f), 0);
    EQ(f.chisq.value, 19.16);
    EQ_DIST(f.p.value, 0.00025334247627846929);
}

/* Ties within subjects, one subject all tied:
 *   y2 <- matrix(c(1,2,2, 3,3,4, 2,2,2, 1,3,2, 4,5,5), ncol = 3, byrow = TRUE)
 *   friedman.test(y2): 5.6923076923076925, p 0.058067227423703384 */
Test(repeated, friedman_ties_as_r)
{
    static const double y2[15] = { 1, 2, 2, 3, 3, 4, 2, 2, 2, 1, 3, 2, 4, 5, 5 };
    friedman_result f;
    cr_assert_eq(stat_friedman(y2, 5, 3, &f), 0);
    EQ(f.chisq.value, 5.6923076923076925);
    EQ_DIST(f.p.value, 0.058067227423703384);
    /* Means over counts tie as fractions even where doubles differ in
     * their last bit (stats.h). */
    double y3[15];
    memcpy(y3, y2, sizeof y3);
    y3[6] = 2.0000000000000004;
    cr_assert_eq(stat_friedman(y3, 5, 3, &f), 0);
    EQ(f.chisq.value, 5.6923076923076925);
}

Test(repeated, degenerate_cases_are_absent_with_reasons)
{
    rm_anova_result r;
    friedman_result f;
    /* one subject */
    cr_assert_eq(stat_rm_anova(six_by_three, 1, 3, &r), 0);
    cr_assert(!r.f.ok && !r.p.ok && !r.gg_epsilon.ok && r.f.note);
    /* every subject moved alike: no residual variance, no F, and the
     * centred covariance matrix is zero */
    static const double parallel[9] = { 1, 2, 3, 2, 3, 4, 4, 5, 6 };
    cr_assert_eq(stat_rm_anova(parallel, 3, 3, &r), 0);
    cr_assert(!r.f.ok && !r.p.ok && !r.p_gg.ok && !r.gg_epsilon.ok);
    cr_assert(r.df1.ok && r.df2.ok);
    cr_assert_not_null(r.f.note);
    cr_assert_not_null(r.gg_epsilon.note);
    /* the same, but for the rounding a mean over counts carries */
    double rounded[9] = { 1, 2, 3, 2, 3, 4, 4, 5, 6 };
    rounded[4] = 3.0000000000000004;
    cr_assert_eq(stat_rm_anova(rounded, 3, 3, &r), 0);
    cr_assert(!r.f.ok);
    /* every subject ranks every wave the same */
    static const double flat[6] = { 2, 2, 3, 3, 4, 4 };
    cr_assert_eq(stat_friedman(flat, 3, 2, &f), 0);
    cr_assert(!f.chisq.ok && !f.p.ok && f.chisq.note);
    cr_assert_eq(stat_friedman(flat, 0, 2, &f), 0);
    cr_assert(!f.chisq.ok && f.chisq.note);
}

/*
 * t.test(y[, 1])$conf.int: 2.6329162077903332 3.7670837922096672, mean 3.2.
 */
Test(repeated, wave_mean_with_t_interval)
{
    double x[6];
    for (size_t i = 0; i < 6; i++)
        x[i] = six_by_three[i * 3];
    stat_est e = stat_mean_ci(x, 6);
    EQ(e.value, 3.2);
    cr_assert(e.has_ci);
    EQ_DIST(e.lo, 2.6329162077903332);
    EQ_DIST(e.hi, 3.7670837922096672);
    e = stat_mean_ci(x, 1);
    cr_assert(e.ok && !e.has_ci && e.note);
    e = stat_mean_ci(x, 0);
    cr_assert(!e.ok && e.note);
}

/*
 * Jacobson & Truax (1991), their illustration of the three cut-offs: a
 * dysfunctional distribution of mean 40 and a functional one of mean 60,
 * both with sd 7.5, higher better: a = 40 + 2 x 7.5 = 55, b = 60 - 2 x 7.5
 * = 45, c = 50 (where the two distributions cross).  (R's
 * clinicalsignificance package tests its cut-offs on the same figures.)
 */
Test(repeated, jacobson_truax_cutoffs_published)
{
    stat_est a = stat_jt_cutoff(JT_CUTOFF_A, 40, 7.5, 60, 7.5, 0);
    stat_est b = stat_jt_cutoff(JT_CUTOFF_B, 40, 7.5, 60, 7.5, 0);
    stat_est c = stat_jt_cutoff(JT_CUTOFF_C, 40, 7.5, 60, 7.5, 0);
    EQ(a.value, 55);
    EQ(b.value, 45);
    EQ(c.value, 50);
    /* Lower better: the cut-offs turn round, c stays. */
    EQ(stat_jt_cutoff(JT_CUTOFF_A, 60, 7.5, 40, 7.5, 1).value, 45);
    EQ(stat_jt_cutoff(JT_CUTOFF_B, 60, 7.5, 40, 7.5, 1).value, 55);
    /*
     * Evans, Margison & Barkham (1998), the CORE example (lower better):
     * clinical mean 1.81, sd 0.53; non-clinical mean 0.72, sd 0.57:
     * c = (0.57 x 1.81 + 0.53 x 0.72) / (0.57 + 0.53) = 1.2848181818181814
     * (R: (0.53*0.72 + 0.57*1.81)/(0.53+0.57)), published as 1.28.
     */
    c = stat_jt_cutoff(JT_CUTOFF_C, 1.81, 0.53, 0.72, 0.57, 1);
    EQ(c.value, 1.2848181818181814);
    PRINTED(c.value, 1.28, 2);
    cr_assert(!stat_jt_cutoff(JT_CUTOFF_C, 1, 0, 2, 1, 0).ok);
    cr_assert(!stat_jt_cutoff(JT_CUTOFF_B, 1, 1, 2, 0, 0).ok);
}

/*
 * A coaching engagement's ROI, worked in "Return on Investment from
 * Coaching" (Power of Victory, after the Lore International Institute's
 * method, the Phillips adjustment of each estimate by the share due to
 * coaching and the confidence in it): a programme costing 35,000, four
 * benefits with annual values 25,000, 235,000, 30,000 and 180,000 whose
 * adjusted values are printed as 18,750, 88,125, 14,400 and 144,000
 * (products of attribution and confidence 0.75, 0.375, 0.48 and 0.8),
 * 265,275 in all; ROI = (265,275 - 35,000) / 35,000 x 100 = 658%.
 */
Test(repeated, roi_published_worked_example)
{
    const double annual[4] = { 25000, 235000, 30000, 180000 };
    const double attribution[4] = { 0.75, 0.5, 0.6, 0.8 };
    const double confidence[4] = { 1.0, 0.75, 0.8, 1.0 };
    roi_result r;
    stat_roi(annual, attribution, confidence, 4, 35000, &r);
    EQ(r.adjusted_benefits.value, 265275);
    EQ(r.net_benefits.value, 230275);
    PRINTED(r.roi_percent.value, 658, 0);
    EQ(r.roi_percent.value, 230275.0 / 35000 * 100);
    EQ(r.bcr.value, 265275.0 / 35000);
    cr_assert_eq(r.used, 4);
    cr_assert_eq(r.left_out, 0);
    /* A benefit without an estimate is left out, and counted. */
    const double annual2[2] = { 1000, NAN };
    const double one[2] = { 1, 1 };
    stat_roi(annual2, one, one, 2, 500, &r);
    EQ(r.adjusted_benefits.value, 1000);
    cr_assert_eq(r.left_out, 1);
    EQ(r.roi_percent.value, 100);
    EQ(r.bcr.value, 2);
    stat_roi(annual2, one, one, 2, 0, &r);
    cr_assert(!r.roi_percent.ok && !r.bcr.ok && r.bcr.note);
}
