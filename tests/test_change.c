/*
 * test_change.c - before/after change: the statistics of stats_change.c
 * (the paired t test, Wilcoxon's signed-rank test, d_z, d_av and hedges_g
 * with their noncentral-t intervals, the noncentral t itself, Holm and
 * Benjamini-Hochberg adjustments, the GAS T-score), the driver analysis_change.c
 * (per-executive means, diff and the Reliable Change Index, cohort rows,
 * --match groups | raters, --pre / --post, anonymity minimums) and the
 * goals loader input_goals.c.
 *
 * Each statistic is checked against a worked example from a publication,
 * cited beside it: to the digits the publication prints, and to the full
 * precision that R 4 reproduces (t.test(paired = TRUE), wilcox.test(paired
 * = TRUE), pt(q, df, ncp), uniroot over pt for the intervals, p.adjust,
 * psych::alpha; the R lines are given where the numbers are).  The tests
 * need no R.  The driver is fed small inline instruments and response
 * files whose every expected number can be worked out by hand; the
 * arithmetic is written beside it.  Degenerate inputs (no pairs, one pair,
 * differences without variance, all differences zero, one wave, a cohort
 * without spread) must give absent values with a reason, never NaN or an
 * infinity, in the records and in the writers' text.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "assess.h"
#include "cohort.h"
#include "loaded.h"
#include "near.h"
#include "goals_file.h"
#include "rng.h"
#include "stats.h"
#include "analysis_table.h"

/* The noncentral t by numerical integration against R's pt(q, df, ncp)
 * (Lenth's AS 243, which itself warns that it may not reach full
 * precision), and interval ends found by inverting it. */
#define TOL_NCT 1e-8

/* A present estimate: ok, every number it carries finite, its interval
 * in order. */
#define PRESENT(e)                                                            \
    do {                                                                      \
        stat_est p_ = (e);                                                    \
        cr_assert(p_.ok, "%s absent: %s", #e, p_.note ? p_.note : "(null)");  \
        cr_assert(isfinite(p_.value), "%s = %g", #e, p_.value);               \
        if (p_.has_ci)                                                        \
            cr_assert(isfinite(p_.lo) && isfinite(p_.hi) && p_.lo <= p_.hi,   \
                      "%s interval [%g, %g]", #e, p_.lo, p_.hi);              \
    } while (0)

/* An absent estimate: not ok, no interval, and a reason given. */
#define ABSENT(e)                                                             \
    do {                                                                      \
        stat_est b_ = (e);                                                    \
        cr_assert(!b_.ok, "%s present (%g), expected absent", #e, b_.value);  \
        cr_assert(!b_.has_ci, "%s absent with an interval", #e);              \
        cr_assert(b_.note != NULL && b_.note[0] != '\0',                      \
                  "%s absent without a note", #e);                            \
    } while (0)

/* Either present and well formed, or absent with a reason. */
#define WELL_FORMED(e)                                                        \
    do {                                                                      \
        stat_est w_ = (e);                                                    \
        if (w_.ok)                                                            \
            PRESENT(w_);                                                      \
        else                                                                  \
            ABSENT(w_);                                                       \
    } while (0)

#define NOTE_IS(e, text)                                                      \
    do {                                                                      \
        const char *n_ = (e).note;                                            \
        cr_assert(n_ != NULL && strcmp(n_, text) == 0,                        \
                  "%s note '%s', expected '%s'", #e, n_ ? n_ : "(null)",      \
                  text);                                                      \
    } while (0)

#define SQRT_PI 1.7724538509055160273 /* Abramowitz & Stegun, 1.1 */

static void all_well_formed(const paired_result *r)
{
    WELL_FORMED(r->mean_diff);
    WELL_FORMED(r->t);
    WELL_FORMED(r->df);
    WELL_FORMED(r->p);
    WELL_FORMED(r->wilcoxon_v);
    WELL_FORMED(r->wilcoxon_p);
    WELL_FORMED(r->d_z);
    WELL_FORMED(r->d_av);
    WELL_FORMED(r->hedges_g);
}

static paired_result paired(const double *pre, const double *post, size_t n)
{
    paired_result r;
    cr_assert_eq(stat_paired(pre, post, n, &r), 0);
    cr_assert_eq(r.n, n);
    all_well_formed(&r);
    return r;
}

/* ==== The paired comparison ============================================== */

/*
 * Lakens (2013), "Calculating and reporting effect sizes to facilitate
 * cumulative science", Frontiers in Psychology 4:863, his worked example
 * of two movies rated by the same ten people.  Movie 1: mean 8.7, sd 0.82; movie 2: 7.7,
 * 0.95.  Printed for the within-subjects analysis: t(9) = 4.74, p = .001,
 * Cohen's d_z = 1.50 and d_av = 1.13.  Differences here are post - pre, so
 * movie 2 is fed as pre and movie 1 as post.
 */
static const double MOVIE1[10] = { 9, 7, 8, 9, 8, 9, 9, 10, 9, 9 };
static const double MOVIE2[10] = { 9, 6, 7, 8, 7, 9, 8, 8, 8, 7 };

/* Hedges' (1981) exact factor for df = 9: Gamma(9/2) / (sqrt(9/2)
 * Gamma(4)), with Gamma(9/2) = (7/2)(5/2)(3/2)(1/2) sqrt(pi) =
 * 6.5625 sqrt(pi) and Gamma(4) = 6. */
#define HEDGES_J9 (6.5625 * SQRT_PI / (6.0 * sqrt(4.5)))

Test(change, paired_lakens_2013_movies)
{
    paired_result r = paired(MOVIE2, MOVIE1, 10);

    /* As printed. */
    PRINTED(r.t.value, 4.74, 2);
    PRINTED(r.p.value, 0.001, 3);
    PRINTED(r.d_z.value, 1.50, 2);
    PRINTED(r.d_av.value, 1.13, 2);
    /* R: t.test(m1, m2, paired = TRUE): t = 4.7434164902525691, df = 9,
     * p = 0.0010538712570165528, 95% CI 0.5230953960195569 ..
     * 1.4769046039804432, mean difference 1. */
    EQ(r.mean_diff.value, 1);
    EQ_DIST(r.t.value, 4.7434164902525691);
    EQ(r.df.value, 9);
    EQ_DIST(r.p.value, 0.0010538712570165528);
    cr_assert(r.mean_diff.has_ci);
    EQ_DIST(r.mean_diff.lo, 0.5230953960195569);
    EQ_DIST(r.mean_diff.hi, 1.4769046039804432);
    /* By hand: the differences 0 1 1 1 1 0 1 2 1 2 have mean 1 and sd
     * 2/3, so d_z = 1.5 exactly (Lakens eq. 6, t / sqrt(n) likewise).  d_av
     * = 1 / ((0.82327260234856459 + 0.94868329805051377) / 2) (R: sd(m1),
     * sd(m2)) = 1.1286962613175429. */
    EQ(r.d_z.value, 1.5);
    EQ(r.d_z.value, r.t.value / sqrt(10.0));
    EQ(r.d_av.value, 1.1286962613175429);
    /* hedges_g = d_av * J with the exact J = 0.91387489179255232 (R:
     * exp(lgamma(4.5) - 0.5 * log(4.5) - lgamma(4))), 1.0314871736782278.
     * Lakens' correction is the two-group approximation 1 - 3/(4(n1 + n2)
     * - 9), which on these data gives 1.08, the g_s of his between-
     * subjects analysis; the contract here is Hedges' exact factor with
     * df = n - 1.  The common approximation 1 - 3/(4 df - 1) would give
     * 1.0319508674903248: the two differ in the fourth decimal, which this
     * test can tell apart. */
    EQ(HEDGES_J9, 0.91387489179255232);
    EQ(r.hedges_g.value, r.d_av.value * HEDGES_J9);
    EQ(r.hedges_g.value, 1.0314871736782278);
    cr_assert(fabs(r.hedges_g.value - r.d_av.value * (1 - 3.0 / 35)) > 1e-4);
    cr_assert(fabs(r.hedges_g.value - 1.08) > 0.01);
}

/*
 * The 95% interval of d_z inverts the noncentral t (Cumming & Finch 2001;
 * Algina & Keselman 2003): the noncentralities delta_lo, delta_hi with
 * P(T <= t_obs | delta_lo) = .975 and P(T <= t_obs | delta_hi) = .025,
 * divided by sqrt(n).  R: uniroot(function(d) pt(t, 9, d) - p, ...,
 * tol = 1e-14) gives delta 1.7725013755058072 and 7.600332561763814, so
 * d_z in [0.5605141502379738, 2.4034361869916019].  d_av's interval is
 * d_z's times sd_diff / sd_av (0.7524641742116952) and hedges_g's that
 * times J.
 */
Test(change, paired_lakens_intervals_invert_the_noncentral_t)
{
    paired_result r = paired(MOVIE2, MOVIE1, 10);
    double t = r.t.value, rn = sqrt(10.0);

    cr_assert(r.d_z.has_ci && r.d_av.has_ci && r.hedges_g.has_ci);
    NEAR(r.d_z.lo, 0.5605141502379738, TOL_NCT);
    NEAR(r.d_z.hi, 2.4034361869916019, TOL_NCT);
    /* The defining property, through the function itself. */
    NEAR(stat_noncentral_t_cdf(t, 9, r.d_z.lo * rn), 0.975, 1e-10);
    NEAR(stat_noncentral_t_cdf(t, 9, r.d_z.hi * rn), 0.025, 1e-10);
    NEAR(r.d_av.lo, 0.42176681719278697, TOL_NCT);
    NEAR(r.d_av.hi, 1.8084996257151411, TOL_NCT);
    /* sd_diff / sd_av = (2/3) / (1 / d_av), the mean difference being 1. */
    EQ(r.d_av.lo, r.d_z.lo * (2.0 / 3) * r.d_av.value);
    EQ(r.d_av.hi, r.d_z.hi * (2.0 / 3) * r.d_av.value);
    EQ(r.hedges_g.lo, r.d_av.lo * HEDGES_J9);
    EQ(r.hedges_g.hi, r.d_av.hi * HEDGES_J9);
    cr_assert(r.d_z.lo < r.d_z.value && r.d_z.value < r.d_z.hi);
}

/*
 * Student (1908) / Cushny & Peebles (1905), R's `sleep`: extra hours of
 * sleep of ten patients under two drugs.  R's ?sleep and ?t.test:
 * t.test(extra ~ group, paired = TRUE): t = -4.0621, df = 9, p-value =
 * 0.002833 (group 1 minus group 2).  Full precision (R 4): t =
 * -4.0621276833820366, p = 0.0028328901973842702, CI -2.4598857632769824
 * .. -0.70011423672301754.  The differences hold a zero (patient 5) and a
 * tie (1.3 twice), so wilcox.test takes the normal approximation, with
 * the zero dropped: V = 0 (group 1 - group 2) or 45 (the other way), p =
 * 0.0090906980159250559 either way.
 */
static const double SLEEP1[10] = { 0.7, -1.6, -0.2, -1.2, -0.1,
                                   3.4, 3.7,  0.8,  0.0,  2.0 };
static const double SLEEP2[10] = { 1.9, 0.8, 1.1, 0.1, -0.1,
                                   4.4, 5.5, 1.6, 4.6, 3.4 };

Test(change, paired_student_sleep)
{
    /* post = group 1, pre = group 2: post - pre is R's group1 - group2. */
    paired_result r = paired(SLEEP2, SLEEP1, 10);

    PRINTED(r.t.value, -4.0621, 4);
    PRINTED(r.p.value, 0.002833, 6);
    EQ_DIST(r.t.value, -4.0621276833820366);
    EQ_DIST(r.p.value, 0.0028328901973842702);
    EQ(r.df.value, 9);
    EQ(r.mean_diff.value, -1.58);
    EQ_DIST(r.mean_diff.lo, -2.4598857632769824);
    EQ_DIST(r.mean_diff.hi, -0.70011423672301754);
    EQ(r.wilcoxon_v.value, 0);
    EQ_DIST(r.wilcoxon_p.value, 0.0090906980159250559);
    cr_assert_eq(r.wilcoxon_exact, 0);
    NOTE_IS(r.wilcoxon_p, "normal approximation; zero differences dropped");
    /* R: d_z -1.2845575625910546, d_av -0.83349634131270445, hedges_g
     * -0.76171137872663608 (their intervals: paired_interval_of_a_fall). */
    EQ(r.d_z.value, -1.2845575625910546);
    EQ(r.d_av.value, -0.83349634131270445);
    EQ(r.hedges_g.value, -0.76171137872663608);

    /* The other way round: the signs flip, V becomes n(n+1)/2 - 0 over
     * the nine non-zero differences = 45, the p-values stay.  R: d_z in
     * [0.41462775638014371, 2.1180165139770675], d_av 0.83349634131270445
     * in [0.2690348241401197, 1.374293427286283]. */
    paired_result s = paired(SLEEP1, SLEEP2, 10);
    EQ_DIST(s.t.value, 4.0621276833820366);
    EQ_DIST(s.p.value, 0.0028328901973842702);
    EQ(s.wilcoxon_v.value, 45);
    EQ_DIST(s.wilcoxon_p.value, 0.0090906980159250559);
    cr_assert(s.d_z.has_ci && s.d_av.has_ci && s.hedges_g.has_ci);
    NEAR(s.d_z.lo, 0.41462775638014371, TOL_NCT);
    NEAR(s.d_z.hi, 2.1180165139770675, TOL_NCT);
    NEAR(s.d_av.lo, 0.2690348241401197, TOL_NCT);
    NEAR(s.d_av.hi, 1.374293427286283, TOL_NCT);
}

/*
 * Hollander & Wolfe (1973), p. 29, as R's ?wilcox.test gives it: the
 * Hamilton depression scale of nine patients at the first (x) and second
 * (y) visit after a tranquilizer.  wilcox.test(x, y, paired = TRUE,
 * alternative = "greater"): V = 40, p-value = 0.01953; no ties and no
 * zeros, so the p is exact: two-sided 0.0390625 = 2 * 5/256.  Differences
 * here are post - pre, so x as pre gives V = 45 - 40 = 5.
 */
static const double HW_X[9] = { 1.83, 0.50, 1.62, 2.48, 1.68,
                                1.88, 1.55, 3.06, 1.30 };
static const double HW_Y[9] = { 0.878, 0.647, 0.598, 2.05, 1.06,
                                1.29,  1.06,  3.14,  1.29 };

Test(change, wilcoxon_exact_hollander_wolfe)
{
    /* x - y, as R's example computes it: pre = y, post = x. */
    paired_result r = paired(HW_Y, HW_X, 9);
    EQ(r.wilcoxon_v.value, 40);
    EQ(r.wilcoxon_p.value, 0.0390625);
    PRINTED(r.wilcoxon_p.value / 2, 0.01953, 5);
    cr_assert_eq(r.wilcoxon_exact, 1);
    cr_assert(r.wilcoxon_p.note == NULL, "exact p with note '%s'",
              r.wilcoxon_p.note);
    /* R: t.test(x, y, paired = TRUE): t = 3.0353754156485913, p =
     * 0.016176627434908095, CI 0.10377871227216852 .. 0.75999906550560925. */
    EQ_DIST(r.t.value, 3.0353754156485913);
    EQ_DIST(r.p.value, 0.016176627434908095);
    EQ_DIST(r.mean_diff.lo, 0.10377871227216852);
    EQ_DIST(r.mean_diff.hi, 0.75999906550560925);
    /* R: d_z 1.0117918052161969 in [0.17714760906643437,
     * 1.8071690619383318]; d_av 0.56905071104765925; hedges_g
     * 0.5136839738936535 (J for df = 8: 0.90270333367640987). */
    EQ(r.d_z.value, 1.0117918052161969);
    NEAR(r.d_z.lo, 0.17714760906643437, TOL_NCT);
    NEAR(r.d_z.hi, 1.8071690619383318, TOL_NCT);
    EQ(r.d_av.value, 0.56905071104765925);
    EQ(r.hedges_g.value, 0.5136839738936535);
    NEAR(r.hedges_g.lo, 0.09963114188111781 * 0.90270333367640987, TOL_NCT);

    /* The visits in their order (pre = x): V = 5, the same p. */
    paired_result s = paired(HW_X, HW_Y, 9);
    EQ(s.wilcoxon_v.value, 5);
    EQ(s.wilcoxon_p.value, 0.0390625);
    cr_assert_eq(s.wilcoxon_exact, 1);
}

/*
 * A fall has its interval as a rise does: the noncentral t is symmetric,
 * P(T <= t | delta) = 1 - P(T <= -t | -delta), so the interval of d_z for
 * post - pre is minus that for pre - post, ends swapped.  R (uniroot over
 * pt, as above): sleep, drug 1 - drug 2, t = -4.0621: d_z in
 * [-2.1180165139770675, -0.41462775638014371], d_av in
 * [-1.374293427286283, -0.2690348241401197]; Hollander & Wolfe, second
 * visit - first, t = -3.0354, df 8: d_z in [-1.8071690619383318,
 * -0.17714760906643437].
 *
 * A regression test: these two falls once got no interval (sleep) or a
 * wrong one (Hollander & Wolfe), because the noncentral t CDF failed its
 * relative tolerance on probabilities near 1e-13 and the root search kept
 * a last iterate where it had found no root.
 */
Test(change, paired_interval_of_a_fall)
{
    paired_result r = paired(SLEEP2, SLEEP1, 10);
    cr_assert(r.d_z.has_ci, "sleep: no interval for d_z = %g (t = %g)",
              r.d_z.value, r.t.value);
    NEAR(r.d_z.lo, -2.1180165139770675, TOL_NCT);
    NEAR(r.d_z.hi, -0.41462775638014371, TOL_NCT);
    NEAR(r.d_av.lo, -1.374293427286283, TOL_NCT);
    NEAR(r.d_av.hi, -0.2690348241401197, TOL_NCT);

    paired_result h = paired(HW_X, HW_Y, 9);
    cr_assert(h.d_z.has_ci);
    cr_assert(h.d_z.lo < h.d_z.value && h.d_z.value < h.d_z.hi,
              "d_z %.6f outside its interval [%.6f, %.6f]", h.d_z.value,
              h.d_z.lo, h.d_z.hi);
    NEAR(stat_noncentral_t_cdf(h.t.value, 8, h.d_z.lo * 3), 0.975, 1e-10);
    NEAR(stat_noncentral_t_cdf(h.t.value, 8, h.d_z.hi * 3), 0.025, 1e-10);
    NEAR(h.d_z.lo, -1.8071690619383318, TOL_NCT);
    NEAR(h.d_z.hi, -0.17714760906643437, TOL_NCT);
}

/*
 * The contract takes the exact distribution up to and including 50 pairs;
 * R's wilcox.test switches at n < 50, so at exactly 50 they differ by
 * design.  Differences -1..-10 and 11..50: V = sum(11:50) = 1220.  R:
 * wilcox.test(d, exact = TRUE) p = 1.0206946399193828e-10 (R's default
 * for n = 50 is the normal approximation, p = 1.9294792751825317e-08).
 * With 51 (11..51, V = 1271) both take the normal approximation: p =
 * 1.2382022097297929e-08.
 */
Test(change, wilcoxon_exact_up_to_50_pairs)
{
    double pre[51] = { 0 }, post[51];
    for (int i = 0; i < 51; i++)
        post[i] = i < 10 ? -(i + 1) : i + 1;

    paired_result r = paired(pre, post, 50);
    EQ(r.wilcoxon_v.value, 1220);
    cr_assert_eq(r.wilcoxon_exact, 1);
    NEAR(r.wilcoxon_p.value, 1.0206946399193828e-10, 1e-20);

    paired_result s = paired(pre, post, 51);
    EQ(s.wilcoxon_v.value, 1271);
    cr_assert_eq(s.wilcoxon_exact, 0);
    NOTE_IS(s.wilcoxon_p, "normal approximation");
    NEAR(s.wilcoxon_p.value, 1.2382022097297929e-08, 1e-18);
}

/* A zero difference alone, without ties, takes R to the normal
 * approximation (the zero dropped): differences 0 1 -2 3 4 5 give V = 13,
 * R: wilcox.test(c(0, 1, -2, 3, 4, 5)) p = 0.17752985241215349, where the
 * five non-zero differences alone are exact: p = 0.1875 = 2 * 3/32. */
Test(change, wilcoxon_zero_difference_takes_the_approximation)
{
    static const double pre[6] = { 0 }, post[6] = { 0, 1, -2, 3, 4, 5 };
    paired_result r = paired(pre, post, 6);
    EQ(r.wilcoxon_v.value, 13);
    cr_assert_eq(r.wilcoxon_exact, 0);
    EQ_DIST(r.wilcoxon_p.value, 0.17752985241215349);
    NOTE_IS(r.wilcoxon_p, "normal approximation; zero differences dropped");

    r = paired(pre + 1, post + 1, 5);
    EQ(r.wilcoxon_v.value, 13);
    cr_assert_eq(r.wilcoxon_exact, 1);
    EQ(r.wilcoxon_p.value, 0.1875);
}

/* The noncentral t against R's pt(q, df, ncp) at points across its range:
 * central (ncp 0), both tails, df 1 to 30, noncentralities of either
 * sign. */
Test(change, noncentral_t_cdf_as_r_pt)
{
    static const struct {
        double t, df, delta, p;
    } pts[] = {
        { 1, 5, 0, 0.81839126617543867 },
        { 2.5, 9, 1.5, 0.78924128281926009 },
        { -1, 3, 0.5, 0.092121209814362781 },
        { 4.7434164902525691, 9, 2, 0.96374854063942805 },
        { 0, 20, -1, 0.84134474606854293 },
        { 10, 4, 6, 0.82678949118559697 },
        { -3, 30, -2.5, 0.32907786271828943 },
        { 1.5, 1, 0.7, 0.62799946860806943 },
        { 7, 9, 1, 0.99957183767334357 },
    };
    for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++) {
        double p = stat_noncentral_t_cdf(pts[i].t, pts[i].df, pts[i].delta);
        cr_assert(fabs(p - pts[i].p) <= TOL_NCT,
                  "pt(%g, %g, %g) = %.17g, R %.17g", pts[i].t, pts[i].df,
                  pts[i].delta, p, pts[i].p);
    }
    /* P(T <= 0 | delta) = Phi(-delta) for any df: 0.84134474606854293 is
     * Phi(1) (Abramowitz & Stegun, table 26.1). */
    NEAR(stat_noncentral_t_cdf(0, 3, -1), 0.84134474606854293, 1e-10);
    /* It falls as delta grows. */
    double last = 1;
    for (double d = -5; d <= 5; d += 0.5) {
        double p = stat_noncentral_t_cdf(1.2, 7, d);
        cr_assert(p < last, "not decreasing at delta %g", d);
        last = p;
    }
}

/*
 * The noncentral t where the integrand's turn from 0 to 1 is narrow
 * beside the chi-square's range: t = -23 on one df puts the whole mass
 * of P(T <= t) below x = 0.002 of [0, 146].  The integrator's first
 * samples missed it: P came out 1e-17 for delta = -1 and NaN for -2.
 * Against the same integral to 40 digits (mpmath 1.3.0 quad, split at
 * 1e-4, 1e-3, .01, .1, 1, 5, 20, 60, 200; R's pt is off here itself:
 * pt(-23, 1, -52) = 0.9835 where the integral is 0.97610).
 */
Test(change, noncentral_t_cdf_narrow_mass)
{
    static const struct {
        double t, df, delta, p;
    } pts[] = {
        { -23, 1, -2, 0.069523178559516712177 },
        { -23, 1, -1, 0.037536264345497196659 },
        { -23, 1, 0, 0.013830849566661976949 },
        { -23, 1, 1, 0.0028892693551935790374 },
        { -23, 1, -40, 0.91769910092823869227 },
        { 30, 2, 1, 0.99786756109629034921 },
        { -100, 3, -2, 0.000019337545330969428432 },
    };
    for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++) {
        double p = stat_noncentral_t_cdf(pts[i].t, pts[i].df, pts[i].delta);
        cr_assert(fabs(p - pts[i].p) <= 1e-13,
                  "P(T <= %g; %g, %g) = %.17g, expected %.17g", pts[i].t,
                  pts[i].df, pts[i].delta, p, pts[i].p);
    }
}

/*
 * Two pairs with |t| = 23: differences -11/6 and -2, mean -23/12, sd
 * 1/(6 sqrt 2), t = -23, d_z = -23/sqrt(2).  Its interval inverts the
 * noncentral t at P = .975 and .025: delta -51.600965875426122 and
 * -0.53369224608233864 (mpmath: findroot on the 40-digit integral), so
 * d_z in [-36.487392886289445, -0.37737740627150130]; the interval was
 * absent, with no note.  d_av = -23 sqrt(2) / 5 and its interval is
 * d_z's times sd_diff / sd_av = 2/5.  R: t.test(c(-11/6, -2))
 * conf.int -2.97551706134789162 .. -0.85781627198544164.
 */
Test(change, paired_two_pairs_large_t)
{
    static const double pre[2] = { 4, 4.5 };
    static const double post[2] = { 4 - 11.0 / 6, 2.5 };
    paired_result r = paired(pre, post, 2);

    NEAR(r.t.value, -23, 1e-12);
    EQ(r.d_z.value, -23 / sqrt(2.0));
    cr_assert(r.d_z.has_ci, "no interval: %s",
              r.d_z.note ? r.d_z.note : "(no note)");
    NEAR(r.d_z.lo, -36.487392886289445, TOL_NCT);
    NEAR(r.d_z.hi, -0.37737740627150130, TOL_NCT);
    EQ(r.d_av.value, -23 * sqrt(2.0) / 5);
    cr_assert(r.d_av.has_ci);
    EQ(r.d_av.lo, r.d_z.lo * 0.4);
    EQ(r.d_av.hi, r.d_z.hi * 0.4);
    EQ_DIST(r.mean_diff.lo, -2.97551706134789162);
    EQ_DIST(r.mean_diff.hi, -0.85781627198544164);
}

/*
 * Every difference exactly 1/3, of means in thirds: as doubles (3 1/3 -
 * 3, 4 - 3 2/3, ...) they differ in the last bits, and the sd of the
 * differences came out 1e-16: t = 2e15, p = 4e-61, d_z = 9e14 with an
 * interval.  R: t.test(rep(1/3, 5)) stops, "data are essentially
 * constant".  Now: no t, p or d_z, each with the reason; the mean's
 * interval collapses on it; d_av = (1/3) / (sqrt(2.5) / 3) =
 * 1 / sqrt(2.5), with no interval (d_z has none to scale), noted; the
 * five differences tie, so Wilcoxon takes the normal approximation:
 * wilcox.test(rep(1/3, 5)) V = 15, p = 0.036888425707049893 (it was
 * 0.0568, the ties split by rounding).
 */
Test(change, paired_differences_all_one_third)
{
    static const double pre[5] = { 3, 11.0 / 3, 10.0 / 3, 4, 13.0 / 3 };
    static const double post[5] = { 10.0 / 3, 4, 11.0 / 3, 13.0 / 3,
                                     14.0 / 3 };
    paired_result r = paired(pre, post, 5);

    EQ(r.mean_diff.value, 1.0 / 3);
    cr_assert(r.mean_diff.has_ci);
    cr_assert_eq(r.mean_diff.lo, r.mean_diff.value);
    cr_assert_eq(r.mean_diff.hi, r.mean_diff.value);
    ABSENT(r.t);
    ABSENT(r.p);
    ABSENT(r.d_z);
    NOTE_IS(r.t, "the differences have no variance");
    NOTE_IS(r.d_z, "the differences have no variance");
    EQ(r.d_av.value, 1 / sqrt(2.5));
    cr_assert(!r.d_av.has_ci && r.d_av.note != NULL);
    cr_assert(!r.hedges_g.has_ci && r.hedges_g.note != NULL);
    EQ(r.wilcoxon_v.value, 15);
    EQ_DIST(r.wilcoxon_p.value, 0.036888425707049893);
    NOTE_IS(r.wilcoxon_p, "normal approximation");
}

/*
 * Wilcoxon's ties decided on the exact differences: means in thirds with
 * differences 1/3, -1/3, 2/3, -1, 4/3, 5/3, -5/3, 2.  As doubles the two
 * |1/3| and the two |5/3| did not all tie, and V = 23.5, p =
 * 0.4833032416 were given.  R on the exact data (the differences times
 * 3): wilcox.test(c(1, -1, 2, -3, 4, 5, -5, 6)) V = 24, p =
 * 0.44008561562545451 (ties: the normal approximation).
 */
Test(change, wilcoxon_ties_of_means_decided_exactly)
{
    static const int thirds[8] = { 9, 9, 12, 10, 8, 6, 14, 3 };
    static const int diff[8] = { 1, -1, 2, -3, 4, 5, -5, 6 };
    double pre[8], post[8];

    for (int i = 0; i < 8; i++) {
        pre[i] = thirds[i] / 3.0;
        post[i] = (thirds[i] + diff[i]) / 3.0;
    }
    paired_result r = paired(pre, post, 8);
    EQ(r.wilcoxon_v.value, 24);
    cr_assert_eq(r.wilcoxon_exact, 0);
    EQ_DIST(r.wilcoxon_p.value, 0.44008561562545451);
    /* Order does not matter: reversed, the same. */
    double rpre[8], rpost[8];
    for (int i = 0; i < 8; i++) {
        rpre[i] = pre[7 - i];
        rpost[i] = post[7 - i];
    }
    paired_result s = paired(rpre, rpost, 8);
    EQ(s.wilcoxon_v.value, 24);
    EQ(s.wilcoxon_p.value, r.wilcoxon_p.value);
}

/* Two pairs: df 1, where Hedges' factor has no finite form; the d_z
 * interval still exists.  R: d_z = 1.649915822768611 in
 * [-0.74375350233556281, 4.0234410191151655]; mean CI -7.7796535521310197
 * .. 11.279653552131021; wilcox.test V = 3, p = 0.5. */
Test(change, paired_two_pairs)
{
    static const double pre[2] = { 1, 2 }, post[2] = { 2, 4.5 };
    paired_result r = paired(pre, post, 2);

    EQ(r.df.value, 1);
    EQ(r.d_z.value, 1.649915822768611);
    NEAR(r.d_z.lo, -0.74375350233556281, TOL_NCT);
    NEAR(r.d_z.hi, 4.0234410191151655, TOL_NCT);
    EQ_DIST(r.mean_diff.lo, -7.7796535521310197);
    EQ_DIST(r.mean_diff.hi, 11.279653552131021);
    EQ(r.d_av.value, 1.4142135623730951);
    ABSENT(r.hedges_g);
    EQ(r.wilcoxon_v.value, 3);
    EQ(r.wilcoxon_p.value, 0.5);
    cr_assert_eq(r.wilcoxon_exact, 1);
}

Test(change, paired_degenerate)
{
    static const double a[3] = { 1, 2, 3 }, b[3] = { 3, 4, 5 };
    static const double c[3] = { 4, 4, 4 }, d[3] = { 4, 4, 4 };
    paired_result r;

    /* No pairs: everything absent. */
    r = paired(a, b, 0);
    ABSENT(r.mean_diff);
    ABSENT(r.t);
    ABSENT(r.df);
    ABSENT(r.p);
    ABSENT(r.wilcoxon_v);
    ABSENT(r.wilcoxon_p);
    ABSENT(r.d_z);
    ABSENT(r.d_av);
    ABSENT(r.hedges_g);

    /* One pair: the difference, no interval (and why), no test, no
     * effect size; Wilcoxon on one pair is V = 1, p = 1 (R:
     * wilcox.test(2, 1, paired = TRUE)). */
    r = paired(a, b, 1);
    EQ(r.mean_diff.value, 2);
    cr_assert(!r.mean_diff.has_ci);
    NOTE_IS(r.mean_diff, "one pair: no interval");
    ABSENT(r.t);
    ABSENT(r.df);
    ABSENT(r.p);
    ABSENT(r.d_z);
    ABSENT(r.d_av);
    ABSENT(r.hedges_g);
    EQ(r.wilcoxon_v.value, 1);
    EQ(r.wilcoxon_p.value, 1);

    /* Every difference +2: no variance, so no t, p or d_z; the interval of
     * the mean collapses on it.  d_av is defined (each wave has sd 1):
     * 2 / 1.  Wilcoxon: three tied ranks, V = 6, the normal approximation
     * with its tie correction, p = 0.14891467317876567 (R, which warns). */
    r = paired(a, b, 3);
    EQ(r.mean_diff.value, 2);
    EQ(r.mean_diff.lo, 2);
    EQ(r.mean_diff.hi, 2);
    EQ(r.df.value, 2);
    ABSENT(r.t);
    ABSENT(r.p);
    ABSENT(r.d_z);
    EQ(r.d_av.value, 2);
    cr_assert(!r.d_av.has_ci && r.d_av.note != NULL,
              "d_av's interval absent without a note");
    cr_assert(!r.hedges_g.has_ci && r.hedges_g.note != NULL);
    EQ(r.wilcoxon_v.value, 6);
    EQ_DIST(r.wilcoxon_p.value, 0.14891467317876567);
    NOTE_IS(r.wilcoxon_p, "normal approximation");

    /* Every difference zero, with variance at each wave: the mean is 0,
     * no test, Wilcoxon has nothing to rank; d_av is 0. */
    r = paired(a, a, 3);
    EQ(r.mean_diff.value, 0);
    ABSENT(r.t);
    ABSENT(r.p);
    ABSENT(r.d_z);
    ABSENT(r.wilcoxon_v);
    ABSENT(r.wilcoxon_p);
    EQ(r.d_av.value, 0);

    /* Nothing varies at all: no standardizer either. */
    r = paired(c, d, 3);
    EQ(r.mean_diff.value, 0);
    ABSENT(r.d_av);
    ABSENT(r.hedges_g);
}

/* The order of the pairs changes nothing. */
Test(change, paired_order_of_pairs)
{
    paired_result ref = paired(MOVIE2, MOVIE1, 10), r;
    uint64_t state = 0x5eed;
    double pre[10], post[10];

    for (int round = 0; round < 20; round++) {
        size_t idx[10];
        for (size_t i = 0; i < 10; i++)
            idx[i] = i;
        for (size_t i = 10; i > 1; i--) {
            size_t j = (size_t)(rng_next(&state) % i), t = idx[i - 1];
            idx[i - 1] = idx[j];
            idx[j] = t;
        }
        for (size_t i = 0; i < 10; i++) {
            pre[i] = MOVIE2[idx[i]];
            post[i] = MOVIE1[idx[i]];
        }
        r = paired(pre, post, 10);
        EQ(r.t.value, ref.t.value);
        EQ(r.p.value, ref.p.value);
        EQ(r.wilcoxon_v.value, ref.wilcoxon_v.value);
        EQ(r.wilcoxon_p.value, ref.wilcoxon_p.value);
        EQ(r.d_z.lo, ref.d_z.lo);
        EQ(r.d_av.value, ref.d_av.value);
        EQ(r.hedges_g.hi, ref.hedges_g.hi);
    }
}

/* ==== p-value adjustment ================================================= */

/*
 * Benjamini & Hochberg (1995), section 4: fifteen p-values from a study of
 * thrombolysis after myocardial infarction.  At level .05 their procedure
 * rejects the four smallest (p <= .0095), the Bonferroni-type procedures
 * three; Holm's (1979) step-down is one of those (its fourth adjusted p is
 * .114).  Full precision: R's
 * p.adjust(p, "BH") and p.adjust(p, "holm"), whose arithmetic (n/i * p,
 * (n - i + 1) * p, cumulative min / max) is reproduced exactly.
 */
static const double BH_P[15] = { 0.0001, 0.0004, 0.0019, 0.0095, 0.0201,
                                 0.0278, 0.0298, 0.0344, 0.0459, 0.3240,
                                 0.4262, 0.5719, 0.6528, 0.7590, 1.000 };
static const double BH_ADJ[15] = {
    0.0015, 0.0030000000000000001, 0.0094999999999999998,
    0.035624999999999997, 0.060299999999999999, 0.063857142857142862,
    0.063857142857142862, 0.064500000000000002, 0.076500000000000012,
    0.48599999999999999, 0.58118181818181813, 0.71487499999999993,
    0.75323076923076926, 0.81321428571428567, 1
};
static const double HOLM_ADJ[15] = {
    0.0015, 0.0055999999999999999, 0.0247, 0.11399999999999999,
    0.22109999999999999, 0.27799999999999997, 0.27799999999999997,
    0.27799999999999997, 0.32130000000000003, 1, 1, 1, 1, 1, 1
};

Test(change, p_adjust_benjamini_hochberg_1995)
{
    double adj[15];
    int bh_rejects = 0, holm_rejects = 0;

    cr_assert_eq(stat_p_bh(BH_P, 15, adj), 0);
    for (int i = 0; i < 15; i++) {
        EQ(adj[i], BH_ADJ[i]);
        bh_rejects += adj[i] <= 0.05;
    }
    cr_assert_eq(stat_p_holm(BH_P, 15, adj), 0);
    for (int i = 0; i < 15; i++) {
        EQ(adj[i], HOLM_ADJ[i]);
        holm_rejects += adj[i] <= 0.05;
    }
    cr_assert_eq(bh_rejects, 4);
    cr_assert_eq(holm_rejects, 3);
}

/* Order of the p-values does not matter: each keeps its adjusted value. */
Test(change, p_adjust_order)
{
    uint64_t state = 1234567;
    double p[15], adj[15];
    size_t idx[15];

    for (int round = 0; round < 10; round++) {
        for (size_t i = 0; i < 15; i++)
            idx[i] = i;
        for (size_t i = 15; i > 1; i--) {
            size_t j = (size_t)(rng_next(&state) % i), t = idx[i - 1];
            idx[i - 1] = idx[j];
            idx[j] = t;
        }
        for (size_t i = 0; i < 15; i++)
            p[i] = BH_P[idx[i]];
        cr_assert_eq(stat_p_bh(p, 15, adj), 0);
        for (size_t i = 0; i < 15; i++)
            EQ(adj[i], BH_ADJ[idx[i]]);
        cr_assert_eq(stat_p_holm(p, 15, adj), 0);
        for (size_t i = 0; i < 15; i++)
            EQ(adj[i], HOLM_ADJ[idx[i]]);
    }
}

/* NaN marks no test: it stays NaN and does not count, as NA in R's
 * p.adjust: p.adjust(c(.04, NA, .01, .03, NA, .5), "holm") = .09 NA .04
 * .09 NA .5, "BH" = .05333 NA .04 .05333 NA .5. */
Test(change, p_adjust_nan_is_no_test)
{
    const double p[6] = { 0.04, NAN, 0.01, 0.03, NAN, 0.5 };
    double adj[6];

    cr_assert_eq(stat_p_holm(p, 6, adj), 0);
    EQ(adj[0], 0.089999999999999997);
    cr_assert(isnan(adj[1]) && isnan(adj[4]));
    EQ(adj[2], 0.040000000000000001);
    EQ(adj[3], 0.089999999999999997);
    EQ(adj[5], 0.5);
    cr_assert_eq(stat_p_bh(p, 6, adj), 0);
    EQ(adj[0], 0.053333333333333330);
    cr_assert(isnan(adj[1]) && isnan(adj[4]));
    EQ(adj[2], 0.040000000000000001);
    EQ(adj[3], 0.053333333333333330);
    EQ(adj[5], 0.5);

    /* All NaN, or none at all. */
    const double q[2] = { NAN, NAN };
    cr_assert_eq(stat_p_holm(q, 2, adj), 0);
    cr_assert(isnan(adj[0]) && isnan(adj[1]));
    cr_assert_eq(stat_p_bh(q, 2, adj), 0);
    cr_assert(isnan(adj[0]) && isnan(adj[1]));
    cr_assert_eq(stat_p_holm(q, 0, adj), 0);
    cr_assert_eq(stat_p_bh(q, 0, adj), 0);
}

/* ==== Goal Attainment Scaling ============================================ */

/*
 * Kiresuk & Sherman (1968), eq. 1: T = 50 + 10 sum(w x) / sqrt((1 - rho)
 * sum(w^2) + rho (sum w)^2), rho = .3 by their assumption.  The published
 * properties: goals met as expected (every x = 0) give 50; one goal gives
 * 50 + 10 x whatever rho; equal weights give 50 + 10 sum(x) / sqrt((1 -
 * rho) n + rho n^2).  The formula as Turner-Stokes (2009), Clin Rehabil
 * 23:362-70, prints it in the erratum to its pp. 364 and 367 (the
 * formulas first printed there were wrong): 50 + 10 sum(w x) / sqrt(0.7
 * sum(w^2) + 0.3 (sum w)^2), w = 1 for equal weights.  No published table
 * of T-scores (Kiresuk, Smith & Cardillo 1994) was at hand, so the checks
 * are these properties and arithmetic by hand (and R, from the formula):
 *   3 goals, w 1 1 1, x +1 +1 +1: 50 + 30 / sqrt(0.7 * 3 + 0.3 * 9) =
 *     50 + 30 / sqrt(4.8) = 63.693063937629155
 *   the same with rho 0: 50 + 30 / sqrt(3) = 67.320508075688778
 *   w 2, x -1: 50 - 20 / sqrt(0.7 * 4 + 0.3 * 4) = 40
 *   w 1 2 3, x +1 0 -1: 50 - 20 / sqrt(0.7 * 14 + 0.3 * 36) =
 *     50 - 20 / sqrt(20.6) = 45.593473507607683
 */
Test(change, gas_t_kiresuk_sherman)
{
    static const double w1[3] = { 1, 1, 1 }, zero[3] = { 0, 0, 0 };
    static const double up[3] = { 1, 1, 1 }, down[3] = { -1, -1, -1 };
    static const double w2[1] = { 2 }, x2[1] = { -1 };
    static const double w3[3] = { 1, 2, 3 }, x3[3] = { 1, 0, -1 };
    static const double w3x10[3] = { 10, 20, 30 };
    stat_est e;

    e = stat_gas_t(w1, zero, 3, 0.3);
    PRESENT(e);
    EQ(e.value, 50);
    e = stat_gas_t(w1, up, 3, 0.3);
    EQ(e.value, 63.693063937629155);
    EQ(e.value, 50 + 30 / sqrt(4.8));
    /* Symmetric about 50. */
    EQ(stat_gas_t(w1, down, 3, 0.3).value, 100 - 63.693063937629155);
    EQ(stat_gas_t(w1, up, 3, 0).value, 67.320508075688778);
    EQ(stat_gas_t(w2, x2, 1, 0.3).value, 40);
    EQ(stat_gas_t(w2, x2, 1, 0.9).value, 40);
    EQ(stat_gas_t(w3, x3, 3, 0.3).value, 45.593473507607683);
    /* Weights count only relative to each other. */
    EQ(stat_gas_t(w3x10, x3, 3, 0.3).value, 45.593473507607683);
    /* No goals: no score. */
    ABSENT(stat_gas_t(w1, up, 0, 0.3));
}

/* ==== The driver: fixture ================================================ */

static assess_table *tables[KEEP];
static size_t n_tables;
static char *texts[KEEP];
static size_t n_texts;

static void setup(void)
{
    n_tables = n_texts = 0;
    loaded_reset();
    goals_files_reset();
}

static void teardown(void)
{
    for (size_t i = 0; i < n_tables; i++)
        assess_table_free(tables[i]);
    goals_files_free();
    for (size_t i = 0; i < n_texts; i++)
        free(texts[i]);
    n_tables = n_texts = 0;
    loaded_free();
}

TestSuite(change, .init = setup, .fini = teardown);

static assess_table *keep_table(assess_table *t)
{
    cr_assert_lt(n_tables, KEEP);
    tables[n_tables++] = t;
    return t;
}

static assess_table *change_with(const assess_responses *r,
                                  const assess_change_options *o)
{
    assess_error err;
    assess_table *t;
    assess_error_init(&err);
    t = assess_change_compute(r, o, &err);
    cr_assert_not_null(t, "assess_change_compute: %s", err.message);
    return keep_table(t);
}

static assess_change_options defaults(void)
{
    assess_change_options o;
    assess_change_options_init(&o);
    return o;
}

static assess_table *change_of(const char *xml, const char *csv)
{
    assess_change_options o = defaults();
    return change_with(read_csv(load(xml), csv), &o);
}

/* The change must fail with `status` and a message holding `part`. */
static void change_fails(const assess_responses *r,
                         const assess_change_options *o, assess_status status,
                         const char *part)
{
    assess_error err;
    assess_error_init(&err);
    assess_table *t = assess_change_compute(r, o, &err);
    if (t)
        keep_table(t);
    cr_assert_null(t, "expected failure with '%s'", part);
    cr_assert_eq(err.status, status, "status %d (%s), expected %d",
                 err.status, err.message, status);
    cr_assert(strstr(err.message, part) != NULL,
              "message '%s' lacks '%s'", err.message, part);
}

/* ---- Finding rows ------------------------------------------------------- */

static int same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The row of (subject, scale, group, statistic); subject NULL for the
 * cohort's; NULL when there is none. */
static const table_row *find_row(const assess_table *t, const char *subject,
                                 const char *scale, const char *group,
                                 const char *statistic)
{
    const table_row *hit = NULL;
    for (size_t i = 0; i < t->n_rows; i++) {
        const table_row *r = &t->rows[i];
        if (same(r->subject, subject) && same(r->scale, scale) &&
            same(r->group, group) && strcmp(r->statistic, statistic) == 0) {
            cr_assert_null(hit, "two rows %s/%s/%s/%s",
                           subject ? subject : "-", scale ? scale : "-",
                           group ? group : "-", statistic);
            hit = r;
        }
    }
    return hit;
}

static const table_row *row_of(const assess_table *t, const char *subject,
                                const char *scale, const char *group,
                                const char *statistic)
{
    const table_row *r = find_row(t, subject, scale, group, statistic);
    cr_assert_not_null(r, "no row %s/%s/%s/%s", subject ? subject : "-",
                       scale ? scale : "-", group ? group : "-", statistic);
    cr_assert(r->item == NULL);
    return r;
}

/* A present value. */
static double val(const assess_table *t, const char *subject,
                  const char *scale, const char *group, const char *statistic)
{
    const table_row *r = row_of(t, subject, scale, group, statistic);
    cr_assert(r->has_value, "%s/%s/%s/%s absent: %s", subject ? subject : "-",
              scale ? scale : "-", group ? group : "-", statistic,
              r->note ? r->note : "(no note)");
    cr_assert(isfinite(r->value));
    return r->value;
}

/* An absent value, with its note. */
static const char *absent(const assess_table *t, const char *subject,
                          const char *scale, const char *group,
                          const char *statistic)
{
    const table_row *r = row_of(t, subject, scale, group, statistic);
    cr_assert(!r->has_value, "%s/%s/%s/%s present (%.17g), expected absent",
              subject ? subject : "-", scale ? scale : "-",
              group ? group : "-", statistic, r->value);
    cr_assert(!r->has_ci);
    cr_assert(r->note && r->note[0], "%s/%s/%s/%s absent without a note",
              subject ? subject : "-", scale ? scale : "-",
              group ? group : "-", statistic);
    return r->note;
}

static const char *note_of(const assess_table *t, const char *subject,
                           const char *scale, const char *group,
                           const char *statistic)
{
    return row_of(t, subject, scale, group, statistic)->note;
}

#define STR_EQ(actual, expected)                                              \
    do {                                                                      \
        const char *s_ = (actual), *x_ = (expected);                          \
        cr_assert(s_ != NULL && strcmp(s_, x_) == 0, "%s = '%s', expected "   \
                  "'%s'", #actual, s_ ? s_ : "(null)", x_);                   \
    } while (0)

#define HAS(actual, part)                                                     \
    do {                                                                      \
        const char *s_ = (actual), *x_ = (part);                              \
        cr_assert(s_ != NULL && strstr(s_, x_) != NULL,                       \
                  "%s = '%s' lacks '%s'", #actual, s_ ? s_ : "(null)", x_);   \
    } while (0)

/* Every row's wave is `label`, and present numbers are finite. */
static void rows_sane(const assess_table *t, const char *label)
{
    for (size_t i = 0; i < t->n_rows; i++) {
        const table_row *r = &t->rows[i];
        STR_EQ(r->wave, label);
        if (r->has_value)
            cr_assert(isfinite(r->value), "row %zu %s = %g", i, r->statistic,
                      r->value);
        else
            cr_assert(r->note && r->note[0], "row %zu %s absent without a "
                      "note", i, r->statistic);
        if (r->has_ci)
            cr_assert(r->has_value && isfinite(r->lo) && isfinite(r->hi) &&
                      r->lo <= r->hi, "row %zu %s interval", i, r->statistic);
        if (r->has_n)
            cr_assert(isfinite(r->n) && r->n >= 0);
    }
}

/*
 * For every cohort row n_improved, the counts of the three classes are
 * those of the executives' rci rows of the scale and group, and sum to
 * the executives with an rci.
 */
static void counts_agree(const assess_table *t)
{
    size_t cohorts = 0;
    for (size_t i = 0; i < t->n_rows; i++) {
        const table_row *c = &t->rows[i];
        if (c->subject || strcmp(c->statistic, "n_improved") != 0)
            continue;
        cohorts++;
        double up = val(t, NULL, c->scale, c->group, "n_improved");
        double same_ = val(t, NULL, c->scale, c->group, "n_unchanged");
        double down = val(t, NULL, c->scale, c->group, "n_deteriorated");
        size_t n_up = 0, n_same = 0, n_down = 0, with_rci = 0;
        for (size_t j = 0; j < t->n_rows; j++) {
            const table_row *e = &t->rows[j];
            if (!e->subject || strcmp(e->statistic, "rci") != 0 ||
                !same(e->scale, c->scale) || !same(e->group, c->group) ||
                !e->has_value)
                continue;
            with_rci++;
            cr_assert_not_null(e->note, "rci without a class");
            if (strcmp(e->note, "improved") == 0)
                n_up++;
            else if (strcmp(e->note, "no_reliable_change") == 0)
                n_same++;
            else if (strcmp(e->note, "deteriorated") == 0)
                n_down++;
            else
                cr_assert_fail("rci class '%s'", e->note);
        }
        cr_assert_eq((size_t)up, n_up, "%s/%s improved", c->scale, c->group);
        cr_assert_eq((size_t)same_, n_same, "%s/%s unchanged", c->scale,
                     c->group);
        cr_assert_eq((size_t)down, n_down, "%s/%s deteriorated", c->scale,
                     c->group);
        cr_assert_eq((size_t)(up + same_ + down), with_rci);
    }
    cr_assert(cohorts > 0, "no cohort rows");
}

/* ---- Writers to memory -------------------------------------------------- */

static char *keep_text(char *p)
{
    cr_assert_lt(n_texts, KEEP);
    texts[n_texts++] = p;
    return p;
}

/* The table as its CSV (json = 0) or JSON writer prints it. */
static char *written(const assess_table *t, int json)
{
    char *p = NULL;
    size_t size = 0;
    assess_error err;
    FILE *f = open_memstream(&p, &size);
    cr_assert_not_null(f);
    assess_error_init(&err);
    cr_assert_eq(json ? assess_table_write_json(t, f, &err)
                      : assess_table_write_csv(t, f, &err),
                 ASSESS_OK, "%s", err.message);
    cr_assert_eq(fclose(f), 0);
    return keep_text(p);
}

static char *csv_of(const assess_table *t)
{
    return written(t, 0);
}

static char *json_of(const assess_table *t)
{
    return written(t, 1);
}

/*
 * Splits one CSV record (RFC 4180 quoting, no newline inside a field
 * here) in place into at most `max` fields; returns the count.
 */
static size_t split_csv(char *line, char **field, size_t max)
{
    size_t nf = 0;
    char *in = line, *out = line;
    while (nf < max) {
        field[nf++] = out;
        if (*in == '"') {
            in++;
            for (;;) {
                cr_assert(*in != '\0', "unterminated quote");
                if (*in == '"' && in[1] == '"') {
                    *out++ = '"';
                    in += 2;
                } else if (*in == '"') {
                    in++;
                    break;
                } else {
                    *out++ = *in++;
                }
            }
        } else {
            while (*in && *in != ',')
                *out++ = *in++;
        }
        cr_assert(*in == ',' || *in == '\0', "text after a closing quote");
        if (*in == '\0') {
            *out = '\0';
            break;
        }
        *out++ = '\0';
        in++;
    }
    return nf;
}

/*
 * The numeric columns of the CSV (value, ci_low, ci_high, n: fields 7 to
 * 10 of 11) are empty or finite numbers, and the JSON has no number that
 * is not JSON (nan, inf).
 */
static void writers_finite(const assess_table *t)
{
    char *csv = csv_of(t), *json = json_of(t);
    char *save = NULL;
    size_t lines = 0;

    for (char *line = strtok_r(csv, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        if (lines++ == 0) {
            STR_EQ(line, "subject_id,wave,scale,item,group,statistic,value,"
                         "ci_low,ci_high,n,note");
            continue;
        }
        char *field[12] = { 0 };
        size_t nf = split_csv(line, field, 12);
        cr_assert_eq(nf, 11, "line %zu has %zu fields", lines, nf);
        for (size_t k = 6; k < 10; k++) {
            if (!field[k][0])
                continue;
            char *end;
            double x = strtod(field[k], &end);
            cr_assert(*end == '\0' && isfinite(x), "line %zu field %zu '%s'",
                      lines, k + 1, field[k]);
        }
    }
    cr_assert_eq(lines, t->n_rows + 1);
    static const char *const bad[] = { ":nan", ":-nan", ":inf", ":-inf",
                                       ":NaN", ":-NaN", ":Infinity",
                                       ":-Infinity", ":INF", ":NAN" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert(strstr(json, bad[i]) == NULL, "JSON holds '%s'", bad[i]);
}

/* ==== The driver: the cohort's tests through the tidy table ============== */

/*
 * No rater groups (one group, "all"); three one-item scales, each fed one
 * of the worked examples above, one rater per subject and wave: so every
 * pre and post mean is the value itself and the cohort statistics must be
 * the published ones.  movie: 1..10, pre = movie 2, post = movie 1
 * (Lakens 2013).  sleep: continuous, pre = drug 1, post = drug 2 (Student
 * 1908), so t = +4.0621.  hw: continuous, pre = first visit x, post =
 * second visit y (Hollander & Wolfe 1973); subject E10 has no hw answer,
 * so hw has nine pairs.
 */
static const char TCO[] =
    "<instrument id='tco' version='1' kind='360'>\n"
    "<title>Cohort</title>\n"
    "<response-scale id='r10' min='1' max='10'/>\n"
    "<response-scale id='c10' min='-10' max='10' type='continuous'/>\n"
    "<response-scale id='c5' min='0' max='5' type='continuous'/>\n"
    "<scale id='movie' response-scale='r10'><title>Movie</title>"
    "<item id='M1'>m</item></scale>\n"
    "<scale id='sleep' response-scale='c10'><title>Sleep</title>"
    "<item id='S1'>s</item></scale>\n"
    "<scale id='hw' response-scale='c5'><title>HW</title>"
    "<item id='H1'>h</item></scale>\n"
    "</instrument>\n";

static const char CO_CSV[] =
    "subject_id,rater_id,wave,M1,S1,H1\n"
    "E01,r01,1,9,0.7,1.83\n"
    "E02,r02,1,6,-1.6,0.50\n"
    "E03,r03,1,7,-0.2,1.62\n"
    "E04,r04,1,8,-1.2,2.48\n"
    "E05,r05,1,7,-0.1,1.68\n"
    "E06,r06,1,9,3.4,1.88\n"
    "E07,r07,1,8,3.7,1.55\n"
    "E08,r08,1,8,0.8,3.06\n"
    "E09,r09,1,8,0.0,1.30\n"
    "E10,r10,1,7,2.0,\n"
    "E01,r01,2,9,1.9,0.878\n"
    "E02,r02,2,7,0.8,0.647\n"
    "E03,r03,2,8,1.1,0.598\n"
    "E04,r04,2,9,0.1,2.05\n"
    "E05,r05,2,8,-0.1,1.06\n"
    "E06,r06,2,9,4.4,1.29\n"
    "E07,r07,2,9,5.5,1.06\n"
    "E08,r08,2,10,1.6,3.14\n"
    "E09,r09,2,9,4.6,1.29\n"
    "E10,r10,2,9,3.4,\n";

Test(change, cohort_worked_examples_through_the_driver)
{
    assess_table *t = change_of(TCO, CO_CSV);
    rows_sane(t, "1->2");

    /* Per executive: the values themselves, post - pre. */
    EQ(val(t, "E08", "movie", "all", "pre_mean"), 8);
    EQ(val(t, "E08", "movie", "all", "post_mean"), 10);
    EQ(val(t, "E08", "movie", "all", "diff"), 2);
    EQ(row_of(t, "E08", "movie", "all", "pre_mean")->n, 1);
    EQ(val(t, "E02", "sleep", "all", "diff"), 0.8 - -1.6);
    EQ(val(t, "E01", "hw", "all", "diff"), 0.878 - 1.83);
    /* E10 answered no hw item: no means, no pair. */
    STR_EQ(absent(t, "E10", "hw", "all", "pre_mean"),
           "no rater answered enough items");
    STR_EQ(absent(t, "E10", "hw", "all", "diff"),
           "no rater answered enough items");

    /* movie: Lakens (2013); values as in paired_lakens_2013_movies. */
    EQ(val(t, NULL, "movie", "all", "n_pairs"), 10);
    EQ(val(t, NULL, "movie", "all", "mean_diff"), 1);
    EQ_DIST(val(t, NULL, "movie", "all", "t"), 4.7434164902525691);
    EQ(val(t, NULL, "movie", "all", "df"), 9);
    EQ_DIST(val(t, NULL, "movie", "all", "p"), 0.0010538712570165528);
    EQ(val(t, NULL, "movie", "all", "d_z"), 1.5);
    EQ(val(t, NULL, "movie", "all", "d_av"), 1.1286962613175429);
    EQ(val(t, NULL, "movie", "all", "hedges_g"), 1.0314871736782278);
    const table_row *dz = row_of(t, NULL, "movie", "all", "d_z");
    cr_assert(dz->has_ci && dz->has_n);
    NEAR(dz->lo, 0.5605141502379738, TOL_NCT);
    NEAR(dz->hi, 2.4034361869916019, TOL_NCT);
    EQ(dz->n, 10);
    /* R: wilcox.test(m1, m2, paired = TRUE): V = 36, p =
     * 0.010278261902115466, two zero differences dropped, ties. */
    EQ(val(t, NULL, "movie", "all", "wilcoxon_v"), 36);
    EQ_DIST(val(t, NULL, "movie", "all", "wilcoxon_p"), 0.010278261902115466);
    STR_EQ(note_of(t, NULL, "movie", "all", "wilcoxon_p"),
           "normal approximation; zero differences dropped");

    /* sleep: Student (1908), drug 2 - drug 1. */
    EQ(val(t, NULL, "sleep", "all", "n_pairs"), 10);
    EQ_DIST(val(t, NULL, "sleep", "all", "t"), 4.0621276833820366);
    EQ_DIST(val(t, NULL, "sleep", "all", "p"), 0.0028328901973842702);
    const table_row *md = row_of(t, NULL, "sleep", "all", "mean_diff");
    EQ(md->value, 1.58);
    EQ_DIST(md->lo, 0.70011423672301754);
    EQ_DIST(md->hi, 2.4598857632769824);
    EQ(val(t, NULL, "sleep", "all", "d_z"), 1.2845575625910546);
    const table_row *dav = row_of(t, NULL, "sleep", "all", "d_av");
    EQ(dav->value, 0.83349634131270445);
    NEAR(dav->lo, 0.2690348241401197, TOL_NCT);
    NEAR(dav->hi, 1.374293427286283, TOL_NCT);
    EQ(val(t, NULL, "sleep", "all", "hedges_g"), 0.76171137872663608);
    EQ(val(t, NULL, "sleep", "all", "wilcoxon_v"), 45);
    EQ_DIST(val(t, NULL, "sleep", "all", "wilcoxon_p"), 0.0090906980159250559);

    /* hw: Hollander & Wolfe (1973), second visit - first: V = 45 - 40. */
    EQ(val(t, NULL, "hw", "all", "n_pairs"), 9);
    EQ_DIST(val(t, NULL, "hw", "all", "t"), -3.0353754156485913);
    EQ_DIST(val(t, NULL, "hw", "all", "p"), 0.016176627434908095);
    EQ(val(t, NULL, "hw", "all", "d_z"), -1.0117918052161969);
    EQ(val(t, NULL, "hw", "all", "hedges_g"), -0.5136839738936535);
    EQ(val(t, NULL, "hw", "all", "wilcoxon_v"), 5);
    EQ(val(t, NULL, "hw", "all", "wilcoxon_p"), 0.0390625);
    STR_EQ(note_of(t, NULL, "hw", "all", "wilcoxon_p"), "exact");
    EQ(row_of(t, NULL, "hw", "all", "wilcoxon_p")->n, 9);

    /* Holm and BH across the three scales of the group: R,
     * p.adjust(c(0.0010538712570165528, 0.0028328901973842702,
     * 0.016176627434908095), "holm") = 0.0031616137710496588,
     * 0.0056657803947685404, 0.016176627434908095; "BH" =
     * 0.0031616137710496588, 0.0042493352960764055, 0.016176627434908095. */
    EQ_DIST(val(t, NULL, "movie", "all", "p_holm"), 0.0031616137710496588);
    EQ_DIST(val(t, NULL, "sleep", "all", "p_holm"), 0.0056657803947685404);
    EQ_DIST(val(t, NULL, "hw", "all", "p_holm"), 0.016176627434908095);
    EQ_DIST(val(t, NULL, "movie", "all", "p_bh"), 0.0031616137710496588);
    EQ_DIST(val(t, NULL, "sleep", "all", "p_bh"), 0.0042493352960764055);
    EQ_DIST(val(t, NULL, "hw", "all", "p_bh"), 0.016176627434908095);

    /* One item a scale: no alpha, so no reliability and no rci. */
    STR_EQ(absent(t, NULL, "movie", "all", "r_xx"), "a single item");
    STR_EQ(absent(t, "E01", "movie", "all", "rci"),
           "no reliability for the scale");
    EQ(val(t, NULL, "movie", "all", "n_improved"), 0);
    counts_agree(t);
    writers_finite(t);
}

/* The same fall in the tidy table: the hw scale's d_z row must carry
 * R's interval [-1.8071690619383318, -0.17714760906643437] around d_z =
 * -1.0118 (the regression of paired_interval_of_a_fall, through the
 * driver). */
Test(change, cohort_interval_of_a_fall)
{
    assess_table *t = change_of(TCO, CO_CSV);
    const table_row *dz = row_of(t, NULL, "hw", "all", "d_z");
    cr_assert(dz->has_value && dz->has_ci);
    cr_assert(dz->lo < dz->value && dz->value < dz->hi,
              "d_z %.6f outside its interval [%.6f, %.6f]", dz->value, dz->lo,
              dz->hi);
    NEAR(dz->lo, -1.8071690619383318, TOL_NCT);
    NEAR(dz->hi, -0.17714760906643437, TOL_NCT);
}

/* ==== The driver: the Reliable Change Index ============================== */

/*
 * No rater groups; one rater per subject and wave.  up and down hold the
 * same answers, up declared reliability .80, down too but better="lower";
 * alpha declares nothing, so its r_xx is Cronbach's alpha at the pre wave.
 *
 * up (and down) means, pre -> post: S1 2 -> 3, S2 3 -> 3.5, S3 4 -> 3,
 * S4 3 -> 3, S5 3 -> 4.5; diffs 1, 0.5, -1, 0, 1.5.  s_pre = sd(2, 3, 4,
 * 3, 3) = sqrt(2 / 4) = sqrt(0.5).  Jacobson & Truax (1991), eq. 1 and
 * p. 14: S_E = s_pre sqrt(1 - r_xx), S_diff = sqrt(2 S_E^2), RC = (x2 -
 * x1) / S_diff, reliable beyond 1.96: S_diff = sqrt(2) sqrt(0.5)
 * sqrt(0.2) = sqrt(0.2), so rci = 2.236, 1.118, -2.236, 0, 3.354.
 *
 * alpha, pre answers (rows S1..S5): 2 3 2 / 3 3 4 / 4 5 4 / 3 2 3 / 5 4 4,
 * psych::alpha raw_alpha = 0.83766233766233755; post means 3, 11/3,
 * 13/3, 7/3, 5; pre means 7/3, 10/3, 13/3, 8/3, 13/3 with sd
 * 0.92496246170077367; R: rci = 1.2649110640673511, 0.63245553203367511,
 * 0, -0.63245553203367511, 1.264911064067352.
 */
static const char TRCI[] =
    "<instrument id='trci' version='1' kind='360'>\n"
    "<title>RCI</title>\n"
    "<response-scale id='p5' min='1' max='5'/>\n"
    "<scale id='up' reliability='0.80'><title>Up</title>"
    "<item id='U1'>u one</item><item id='U2'>u two</item></scale>\n"
    "<scale id='down' reliability='0.80' better='lower'><title>Down</title>"
    "<item id='D1'>d one</item><item id='D2'>d two</item></scale>\n"
    "<scale id='alpha'><title>Alpha</title><item id='A1'>a one</item>"
    "<item id='A2'>a two</item><item id='A3'>a three</item></scale>\n"
    "</instrument>\n";

static const char RCI_CSV[] =
    "subject_id,rater_id,wave,U1,U2,D1,D2,A1,A2,A3\n"
    "S1,r1,1,2,2,2,2,2,3,2\n"
    "S2,r2,1,3,3,3,3,3,3,4\n"
    "S3,r3,1,4,4,4,4,4,5,4\n"
    "S4,r4,1,3,3,3,3,3,2,3\n"
    "S5,r5,1,3,3,3,3,5,4,4\n"
    "S1,r1,2,3,3,3,3,3,3,3\n"
    "S2,r2,2,3,4,3,4,3,4,4\n"
    "S3,r3,2,3,3,3,3,4,4,5\n"
    "S4,r4,2,3,3,3,3,2,2,3\n"
    "S5,r5,2,5,4,5,4,5,5,5\n";

static const char *const RCI_SUBJECTS[5] = { "S1", "S2", "S3", "S4", "S5" };
static const double RCI_DIFF[5] = { 1, 0.5, -1, 0, 1.5 };

Test(change, rci_jacobson_truax_declared_reliability)
{
    assess_table *t = change_of(TRCI, RCI_CSV);
    double s_pre = sqrt(0.5), sdiff = sqrt(2.0) * s_pre * sqrt(1 - 0.80);
    static const char *const cls[5] = { "improved", "no_reliable_change",
                                        "deteriorated", "no_reliable_change",
                                        "improved" };
    rows_sane(t, "1->2");

    EQ(val(t, NULL, "up", "all", "r_xx"), 0.80);
    STR_EQ(note_of(t, NULL, "up", "all", "r_xx"), "declared in the instrument");
    EQ(val(t, NULL, "up", "all", "s_pre"), s_pre);
    EQ(row_of(t, NULL, "up", "all", "s_pre")->n, 5);
    for (int i = 0; i < 5; i++) {
        EQ(val(t, RCI_SUBJECTS[i], "up", "all", "diff"), RCI_DIFF[i]);
        EQ(val(t, RCI_SUBJECTS[i], "up", "all", "rci"), RCI_DIFF[i] / sdiff);
        STR_EQ(note_of(t, RCI_SUBJECTS[i], "up", "all", "rci"), cls[i]);
    }
    /* To four decimals, by hand: 1 / sqrt(0.2) = 2.2361. */
    PRINTED(val(t, "S1", "up", "all", "rci"), 2.2361, 4);
    PRINTED(val(t, "S2", "up", "all", "rci"), 1.1180, 4);
    EQ(val(t, NULL, "up", "all", "n_improved"), 2);
    EQ(val(t, NULL, "up", "all", "n_unchanged"), 2);
    EQ(val(t, NULL, "up", "all", "n_deteriorated"), 1);
    counts_agree(t);
}

/*
 * A published worked example: Wodrich, "Appendix E: How to Calculate
 * Reliable Change Indexes (RCIs)" (open textbook, University of Arizona,
 * opentextbooks.library.arizona.edu/wodrichseas), on the Piers-Harris
 * total score: SEM 3.07; 3.07^2 = 9.42; x 2 = 18.84; sqrt = 4.34 (S_diff);
 * x 1.96 = 8.51; a change of 35 - 24 = 11 exceeds it: reliable change.
 *
 * Here S_E = s_pre sqrt(1 - r_xx) = 3.07 with pre scores 24 and 34
 * (s_pre = sqrt(50)) and a declared r_xx = 1 - 9.4249 / 50 = 0.811502.
 * The executive who went from 24 to 35 has RC = 11 / 4.3416 = 2.53.
 */
static const char TWODRICH[] =
    "<instrument id='wodrich' version='1' kind='360'>\n"
    "<title>RCI</title>\n"
    "<response-scale id='p' min='0' max='100'/>\n"
    "<scale id='total' reliability='0.811502'><title>Total</title>"
    "<item id='T1'>t one</item></scale>\n"
    "</instrument>\n";

Test(change, rci_wodrich_worked_example)
{
    assess_table *t = change_of(TWODRICH,
                                "subject_id,rater_id,wave,T1\n"
                                "S1,r1,1,24\nS2,r2,1,34\n"
                                "S1,r1,2,35\nS2,r2,2,34\n");
    double rci = val(t, "S1", "total", "all", "rci");
    double sdiff = 11 / rci;

    EQ(val(t, NULL, "total", "all", "s_pre"), sqrt(50.0));
    EQ(val(t, "S1", "total", "all", "diff"), 11);
    /* The published steps, at the precision they are printed with. */
    PRINTED(sdiff / sqrt(2.0), 3.07, 2);
    PRINTED(sdiff * sdiff, 18.85, 2); /* 18.84 there: twice the rounded 9.42 */
    PRINTED(sdiff, 4.34, 2);
    PRINTED(1.96 * sdiff, 8.51, 2);
    PRINTED(rci, 2.53, 2);
    cr_assert_gt(11, 1.96 * sdiff);
    STR_EQ(note_of(t, "S1", "total", "all", "rci"), "improved");
    EQ(val(t, "S2", "total", "all", "rci"), 0);
    STR_EQ(note_of(t, "S2", "total", "all", "rci"), "no_reliable_change");
}

/* better="lower": the same numbers, the classes turned round. */
Test(change, rci_better_lower_flips_the_class)
{
    assess_table *t = change_of(TRCI, RCI_CSV);
    static const char *const cls[5] = { "deteriorated", "no_reliable_change",
                                        "improved", "no_reliable_change",
                                        "deteriorated" };
    for (int i = 0; i < 5; i++) {
        EQ(val(t, RCI_SUBJECTS[i], "down", "all", "rci"),
           val(t, RCI_SUBJECTS[i], "up", "all", "rci"));
        STR_EQ(note_of(t, RCI_SUBJECTS[i], "down", "all", "rci"), cls[i]);
    }
    EQ(val(t, NULL, "down", "all", "n_improved"), 1);
    EQ(val(t, NULL, "down", "all", "n_unchanged"), 2);
    EQ(val(t, NULL, "down", "all", "n_deteriorated"), 2);
    /* The cohort's tests keep post - pre. */
    EQ(val(t, NULL, "down", "all", "mean_diff"), 0.4);
    counts_agree(t);
}

/* --rci-z: S2's 1.118 is reliable beyond 1.0, not beyond 1.96. */
Test(change, rci_z_option)
{
    assess_change_options o = defaults();
    o.rci_z = 1.0;
    assess_table *t = change_with(read_csv(load(TRCI), RCI_CSV), &o);
    STR_EQ(note_of(t, "S2", "up", "all", "rci"), "improved");
    STR_EQ(note_of(t, "S2", "down", "all", "rci"), "deteriorated");
    EQ(val(t, NULL, "up", "all", "n_improved"), 3);
    EQ(val(t, NULL, "up", "all", "n_unchanged"), 1);
    /* alpha: 1.2649 and -0.6325 now reliable and not. */
    STR_EQ(note_of(t, "S1", "alpha", "all", "rci"), "improved");
    STR_EQ(note_of(t, "S4", "alpha", "all", "rci"), "no_reliable_change");
    counts_agree(t);
}

/* Without a declared reliability r_xx is Cronbach's alpha at the pre wave
 * over every rater, the very alpha `assess reliability` reports. */
Test(change, rci_alpha_at_the_pre_wave)
{
    const assess_instrument *inst = load(TRCI);
    assess_responses *r = read_csv(inst, RCI_CSV);
    assess_change_options o = defaults();
    assess_table *t = change_with(r, &o);
    assess_error err;
    assess_error_init(&err);
    assess_table *rel = assess_reliability_compute(r, NULL, &err);
    cr_assert_not_null(rel, "%s", err.message);
    keep_table(rel);

    double alpha = val(t, NULL, "alpha", "all", "r_xx");
    EQ(alpha, 0.83766233766233755);
    const table_row *ra = NULL;
    for (size_t i = 0; i < rel->n_rows; i++) {
        const table_row *x = &rel->rows[i];
        if (strcmp(x->statistic, "alpha") == 0 && same(x->wave, "1") &&
            same(x->scale, "alpha") && !x->item)
            ra = x;
    }
    cr_assert_not_null(ra);
    cr_assert(ra->has_value);
    EQ(alpha, ra->value);
    HAS(note_of(t, NULL, "alpha", "all", "r_xx"), "Cronbach's alpha at wave 1");
    EQ(val(t, NULL, "alpha", "all", "s_pre"), 0.92496246170077367);
    static const double rci[5] = { 1.2649110640673511, 0.63245553203367511, 0,
                                   -0.63245553203367511, 1.264911064067352 };
    for (int i = 0; i < 5; i++) {
        NEAR(val(t, RCI_SUBJECTS[i], "alpha", "all", "rci"), rci[i], 1e-12);
        STR_EQ(note_of(t, RCI_SUBJECTS[i], "alpha", "all", "rci"),
               "no_reliable_change");
    }

    /* Reversed, the pre wave is 2: alpha over the second wave's answers
     * (3 3 3 / 3 4 4 / 4 4 5 / 2 2 3 / 5 5 5), psych::alpha raw_alpha =
     * 0.95999999999999996. */
    o.pre = "2";
    o.post = "1";
    t = change_with(r, &o);
    rows_sane(t, "2->1");
    EQ(val(t, NULL, "alpha", "all", "r_xx"), 0.95999999999999996);
    HAS(note_of(t, NULL, "alpha", "all", "r_xx"), "Cronbach's alpha at wave 2");
    EQ(val(t, "S1", "up", "all", "diff"), -1);
}

/* Where no rci can be had: a cohort whose pre means do not vary, a
 * reliability of 1, and a single subject. */
Test(change, rci_degenerate)
{
    static const char flat[] =
        "subject_id,rater_id,wave,U1,U2,D1,D2,A1,A2,A3\n"
        "S1,r1,1,3,3,3,3,3,3,3\n"
        "S2,r2,1,3,3,3,3,3,3,3\n"
        "S1,r1,2,4,4,4,4,4,4,4\n"
        "S2,r2,2,2,2,2,2,2,2,2\n";
    assess_table *t = change_of(TRCI, flat);
    rows_sane(t, "1->2");
    EQ(val(t, NULL, "up", "all", "s_pre"), 0);
    STR_EQ(absent(t, "S1", "up", "all", "rci"),
           "the cohort's pre means have no spread");
    EQ(val(t, "S1", "up", "all", "diff"), 1);
    /* alpha of answers without variance: none. */
    absent(t, NULL, "alpha", "all", "r_xx");
    STR_EQ(absent(t, "S2", "alpha", "all", "rci"),
           "no reliability for the scale");
    EQ(val(t, NULL, "up", "all", "n_improved") +
           val(t, NULL, "up", "all", "n_unchanged") +
           val(t, NULL, "up", "all", "n_deteriorated"), 0);
    counts_agree(t);
    writers_finite(t);

    static const char perfect[] =
        "<instrument id='tone' version='1' kind='360'>\n"
        "<title>One</title>\n"
        "<response-scale id='p5' min='1' max='5'/>\n"
        "<scale id='x' reliability='1'><title>X</title>"
        "<item id='X1'>x</item></scale>\n"
        "</instrument>\n";
    static const char two[] =
        "subject_id,rater_id,wave,X1\n"
        "P,rp,1,2\nQ,rq,1,4\nP,rp,2,3\nQ,rq,2,4\n";
    t = change_of(perfect, two);
    STR_EQ(absent(t, "P", "x", "all", "rci"),
           "reliability 1: no error to compare with");
    counts_agree(t);
    writers_finite(t);

    static const char one[] =
        "subject_id,rater_id,wave,X1\nP,rp,1,2\nP,rp,2,3\n";
    t = change_of(perfect, one);
    STR_EQ(absent(t, NULL, "x", "all", "s_pre"),
           "fewer than two subjects with a pre mean");
    HAS(absent(t, "P", "x", "all", "rci"), "fewer than two subjects");
    EQ(val(t, NULL, "x", "all", "n_pairs"), 1);
    EQ(val(t, NULL, "x", "all", "mean_diff"), 1);
    STR_EQ(absent(t, NULL, "x", "all", "t"), "one pair");
    STR_EQ(absent(t, NULL, "x", "all", "p_holm"), "no p to adjust");
    writers_finite(t);
}

/* Holm and BH count only the scales that have a p: down's differences
 * are all +1 (no t), so up and alpha are adjusted as two tests.  R:
 * p(up) = 0.40502331430906052, p(alpha) = 0.24198153056802066;
 * p.adjust(c(p_up, NA, p_alpha), "holm") = 0.48396306113604132 NA
 * 0.48396306113604132, "BH" = 0.40502331430906052 NA
 * 0.40502331430906052. */
Test(change, p_adjusted_across_scales_with_a_missing_p)
{
    static const char csv[] =
        "subject_id,rater_id,wave,U1,U2,D1,D2,A1,A2,A3\n"
        "S1,r1,1,2,2,2,2,2,3,2\n"
        "S2,r2,1,3,3,3,3,3,3,4\n"
        "S3,r3,1,4,4,4,4,4,5,4\n"
        "S4,r4,1,3,3,3,3,3,2,3\n"
        "S5,r5,1,3,3,3,3,5,4,4\n"
        "S1,r1,2,3,3,3,3,3,3,3\n"
        "S2,r2,2,3,4,4,4,3,4,4\n"
        "S3,r3,2,3,3,5,5,4,4,5\n"
        "S4,r4,2,3,3,4,4,2,2,3\n"
        "S5,r5,2,5,4,4,4,5,5,5\n";
    assess_table *t = change_of(TRCI, csv);
    rows_sane(t, "1->2");
    STR_EQ(absent(t, NULL, "down", "all", "t"),
           "the differences have no variance");
    STR_EQ(absent(t, NULL, "down", "all", "p_holm"), "no p to adjust");
    STR_EQ(absent(t, NULL, "down", "all", "p_bh"), "no p to adjust");
    EQ_DIST(val(t, NULL, "up", "all", "p"), 0.40502331430906052);
    NEAR(val(t, NULL, "alpha", "all", "p"), 0.24198153056802066, 1e-9);
    EQ_DIST(val(t, NULL, "up", "all", "p_holm"), 0.48396306113604132);
    NEAR(val(t, NULL, "alpha", "all", "p_holm"), 0.48396306113604132, 1e-9);
    EQ_DIST(val(t, NULL, "up", "all", "p_bh"), 0.40502331430906052);
    NEAR(val(t, NULL, "alpha", "all", "p_bh"), 0.40502331430906052, 1e-9);
    writers_finite(t);
}

/* How the responses were cut does not change the table. */
Test(change, chunking_does_not_change_the_table)
{
    const assess_instrument *inst = load(TRCI);
    assess_change_options o = defaults();
    char *whole = csv_of(change_with(read_how(inst, RCI_CSV, FEED_WHOLE), &o));
    char *bytes = csv_of(change_with(read_how(inst, RCI_CSV, FEED_BYTES), &o));
    cr_assert_str_eq(bytes, whole);
    for (uint64_t seed = 2; seed < 6; seed++) {
        char *cut = csv_of(change_with(read_how(inst, RCI_CSV, seed), &o));
        cr_assert_str_eq(cut, whole, "seed %llu", (unsigned long long)seed);
    }
}

/* ==== The driver: groups, raters and anonymity =========================== */

/*
 * self, manager (minimum 1) and peers (minimum 3, so `others` needs 3);
 * one item; reliability declared .80.
 *
 * A: wave 1 self 4, manager 3, peers p1 2, p2 3, p3 4; wave 2 self 5,
 *    manager 4, peers p1 4, p2 5 (two peers: withheld; their mean 4.5,
 *    the diff it would give 1.5).  others 1: (3 + 2 + 3 + 4) / 4 = 3;
 *    others 2: (4 + 4 + 5) / 3 = 13/3 (three raters: shown).
 * B: peers q1..q4 2 2 3 3 (2.5), then q1 q2 q3 q5 3 4 4 5 (4): diff 1.5,
 *    one left and one joined.
 * C: peers r1 r2 r3 1 2 3 (2), then 2 3 4 (3): diff 1.
 */
static const char TANON[] =
    "<instrument id='tanon' version='1' kind='360'>\n"
    "<title>Anonymity</title>\n"
    "<response-scale id='p5' min='1' max='5'/>\n"
    "<rater-groups>\n"
    "<group id='self' role='self' minimum='1'>Self</group>\n"
    "<group id='manager' role='manager' minimum='1'>Manager</group>\n"
    "<group id='peer' role='peer' minimum='3'>Peers</group>\n"
    "</rater-groups>\n"
    "<scale id='x' reliability='0.80'><title>X</title>"
    "<item id='X1'>x one</item></scale>\n"
    "</instrument>\n";

static const char ANON_CSV[] =
    "subject_id,rater_id,rater_group,wave,X1\n"
    "A,sA,self,1,4\n"
    "A,mA,manager,1,3\n"
    "A,p1,peer,1,2\n"
    "A,p2,peer,1,3\n"
    "A,p3,peer,1,4\n"
    "A,sA,self,2,5\n"
    "A,mA,manager,2,4\n"
    "A,p1,peer,2,4\n"
    "A,p2,peer,2,5\n"
    "B,sB,self,1,3\n"
    "B,mB,manager,1,2\n"
    "B,q1,peer,1,2\n"
    "B,q2,peer,1,2\n"
    "B,q3,peer,1,3\n"
    "B,q4,peer,1,3\n"
    "B,sB,self,2,4\n"
    "B,mB,manager,2,3\n"
    "B,q1,peer,2,3\n"
    "B,q2,peer,2,4\n"
    "B,q3,peer,2,4\n"
    "B,q5,peer,2,5\n"
    "C,sC,self,1,2\n"
    "C,mC,manager,1,3\n"
    "C,r1,peer,1,1\n"
    "C,r2,peer,1,2\n"
    "C,r3,peer,1,3\n"
    "C,sC,self,2,3\n"
    "C,mC,manager,2,3\n"
    "C,r1,peer,2,2\n"
    "C,r2,peer,2,3\n"
    "C,r3,peer,2,4\n";

/* No row of subject A's peers carries the withheld wave's mean, its n, or
 * anything computed from it. */
static void a_peers_hold_nothing_of_wave_2(const assess_table *t)
{
    for (size_t i = 0; i < t->n_rows; i++) {
        const table_row *r = &t->rows[i];
        if (!same(r->subject, "A") || !same(r->group, "peer"))
            continue;
        if (strcmp(r->statistic, "pre_mean") == 0)
            continue;
        cr_assert(!r->has_value, "A/peer %s = %g leaks the withheld wave",
                  r->statistic, r->value);
        cr_assert(!r->has_n && !r->has_ci);
        STR_EQ(r->note, "withheld: fewer than 3 raters");
    }
}

Test(change, groups_withheld_mean_does_not_leak)
{
    assess_table *t = change_of(TANON, ANON_CSV);
    rows_sane(t, "1->2");

    /* A's peers: shown at wave 1 (three), withheld at wave 2 (two). */
    EQ(val(t, "A", "x", "peer", "pre_mean"), 3);
    EQ(row_of(t, "A", "x", "peer", "pre_mean")->n, 3);
    STR_EQ(absent(t, "A", "x", "peer", "post_mean"),
           "withheld: fewer than 3 raters");
    cr_assert(!row_of(t, "A", "x", "peer", "post_mean")->has_n);
    STR_EQ(absent(t, "A", "x", "peer", "diff"), "withheld: fewer than 3 raters");
    STR_EQ(absent(t, "A", "x", "peer", "rci"), "withheld: fewer than 3 raters");
    a_peers_hold_nothing_of_wave_2(t);

    /* The cohort of peers pairs B and C only: diffs 1.5 and 1, mean 1.25
     * (with A's withheld 1.5 it would be 4/3); t = 1.25 / (sd / sqrt 2) =
     * 5 exactly, R: p = 0.12566591637800234.  s_pre counts A's shown pre
     * mean: sd(3, 2.5, 2) = 0.5. */
    EQ(val(t, NULL, "x", "peer", "n_pairs"), 2);
    EQ(val(t, NULL, "x", "peer", "mean_diff"), 1.25);
    EQ(val(t, NULL, "x", "peer", "t"), 5);
    EQ_DIST(val(t, NULL, "x", "peer", "p"), 0.12566591637800234);
    EQ(val(t, NULL, "x", "peer", "s_pre"), 0.5);
    EQ(row_of(t, NULL, "x", "peer", "s_pre")->n, 3);
    /* rci = diff / (sqrt 2 * 0.5 * sqrt 0.2): B 4.743, C 3.162. */
    EQ(val(t, "B", "x", "peer", "rci"), 1.5 / (sqrt(2.0) * 0.5 * sqrt(1 - 0.8)));
    EQ(val(t, "C", "x", "peer", "rci"), 1 / (sqrt(2.0) * 0.5 * sqrt(1 - 0.8)));
    EQ(val(t, NULL, "x", "peer", "n_improved"), 2);
    EQ(val(t, NULL, "x", "peer", "n_unchanged"), 0);
    EQ(val(t, NULL, "x", "peer", "n_deteriorated"), 0);

    /* A's others: manager and three peers at wave 1, (3 + 2 + 3 + 4) / 4.
     * At wave 2, pooling the two withheld peers would give them away:
     * others (4 + 4 + 5) / 3 minus the manager's 4 is the peers' 9.  So
     * others leaves them out (score_left_out), and the manager alone is
     * below others' minimum of 3: withheld. */
    EQ(val(t, "A", "x", "others", "pre_mean"), 3);
    EQ(row_of(t, "A", "x", "others", "pre_mean")->n, 4);
    STR_EQ(absent(t, "A", "x", "others", "post_mean"),
           "withheld: fewer than 3 raters");
    cr_assert(!row_of(t, "A", "x", "others", "post_mean")->has_n);
    STR_EQ(absent(t, "A", "x", "others", "diff"), "withheld: fewer than 3 raters");
    STR_EQ(absent(t, "A", "x", "others", "rci"), "withheld: fewer than 3 raters");
    /* Self and manager as they are. */
    EQ(val(t, "A", "x", "self", "diff"), 1);
    EQ(val(t, "B", "x", "manager", "diff"), 1);
    counts_agree(t);
    writers_finite(t);
}

/* --match groups says when the raters changed between the waves. */
Test(change, groups_rater_mix_note)
{
    assess_table *t = change_of(TANON, ANON_CSV);
    /* B's peers: q4 left, q5 joined. */
    EQ(val(t, "B", "x", "peer", "diff"), 1.5);
    STR_EQ(note_of(t, "B", "x", "peer", "diff"),
           "raters changed: 1 left, 1 joined; the change may come from who "
           "rated");
    /* B's others: the manager and q1..q3 stayed, q4 left, q5 joined. */
    STR_EQ(note_of(t, "B", "x", "others", "diff"),
           "raters changed: 1 left, 1 joined; the change may come from who "
           "rated");
    /* C: the same raters at both waves: no note. */
    EQ(val(t, "C", "x", "peer", "diff"), 1);
    cr_assert_null(note_of(t, "C", "x", "peer", "diff"));
    cr_assert_null(note_of(t, "C", "x", "self", "diff"));
}

/*
 * --match raters: means over the raters who rated at both waves.
 * B's peers q1 q2 q3 would give pre (2 + 2 + 3) / 3 = 7/3, post 11/3;
 * but beside --match groups' means (q1..q4 at pre, q1..q3 and q5 at
 * post) they would isolate q4 and q5, one rater each, below the minimum
 * of 3: so they are withheld (score_disclose.h: no two views isolate fewer
 * raters than the minimum), and so is B's others.  A's peers: p1 and p2
 * only, below the minimum of 3: withheld at both waves, and so left out
 * of A's others.  C as before.
 */
Test(change, raters_matched_means)
{
    assess_change_options o = defaults();
    o.match = ASSESS_MATCH_RATERS;
    assess_table *t = change_with(read_csv(load(TANON), ANON_CSV), &o);
    rows_sane(t, "1->2");

    STR_EQ(absent(t, "B", "x", "peer", "pre_mean"), "withheld: the raters at both waves differ from a wave's raters by fewer than the group's minimum");
    STR_EQ(absent(t, "B", "x", "peer", "post_mean"), "withheld: the raters at both waves differ from a wave's raters by fewer than the group's minimum");
    cr_assert(!row_of(t, "B", "x", "peer", "pre_mean")->has_n);
    STR_EQ(absent(t, "B", "x", "peer", "diff"), "withheld: the raters at both waves differ from a wave's raters by fewer than the group's minimum");

    /* The minimum applies to the matched count: A's two matched peers. */
    STR_EQ(absent(t, "A", "x", "peer", "pre_mean"),
           "withheld: fewer than 3 raters");
    cr_assert(!row_of(t, "A", "x", "peer", "pre_mean")->has_n);
    a_peers_hold_nothing_of_wave_2(t);

    /* A's others would be mA, p1 and p2, and minus the manager give the
     * two withheld peers away: they are left out, and the manager alone
     * is withheld. */
    STR_EQ(absent(t, "A", "x", "others", "pre_mean"),
           "withheld: fewer than 3 raters");
    STR_EQ(absent(t, "A", "x", "others", "post_mean"),
           "withheld: fewer than 3 raters");
    STR_EQ(absent(t, "A", "x", "others", "diff"), "withheld: fewer than 3 raters");
    /* B's others: mB and q1..q3 at both waves; q4 and q5, one each,
     * would be isolated beside --match groups: withheld. */
    STR_EQ(absent(t, "B", "x", "others", "pre_mean"), "withheld: the raters at both waves differ from a wave's raters by fewer than the group's minimum");
    STR_EQ(absent(t, "B", "x", "others", "post_mean"), "withheld: the raters at both waves differ from a wave's raters by fewer than the group's minimum");
    EQ(val(t, "C", "x", "peer", "pre_mean"), 2);
    EQ(val(t, "C", "x", "peer", "post_mean"), 3);
    cr_assert_null(note_of(t, "C", "x", "peer", "diff"));

    /* Peers' cohort: C alone (diff 1); s_pre needs two subjects. */
    EQ(val(t, NULL, "x", "peer", "n_pairs"), 1);
    EQ(val(t, NULL, "x", "peer", "mean_diff"), 1);
    STR_EQ(absent(t, NULL, "x", "peer", "s_pre"),
           "fewer than two subjects with a pre mean");
    counts_agree(t);
    writers_finite(t);
}

/* --match raters: a group whose raters all changed has nothing to pair. */
Test(change, raters_none_at_both_waves)
{
    static const char csv[] =
        "subject_id,rater_id,rater_group,wave,X1\n"
        "A,m1,manager,1,3\n"
        "A,m2,manager,2,5\n"
        "B,m3,manager,1,2\n"
        "B,m3,manager,2,4\n";
    assess_change_options o = defaults();
    o.match = ASSESS_MATCH_RATERS;
    assess_table *t = change_with(read_csv(load(TANON), csv), &o);
    STR_EQ(absent(t, "A", "x", "manager", "pre_mean"),
           "no rater of the group rated at both waves");
    STR_EQ(absent(t, "A", "x", "manager", "diff"),
           "no rater of the group rated at both waves");
    EQ(val(t, "B", "x", "manager", "diff"), 2);
    EQ(val(t, NULL, "x", "manager", "n_pairs"), 1);
    /* Groups that never rated A have no rows. */
    cr_assert_null(find_row(t, "A", "x", "peer", "pre_mean"));
    cr_assert_null(find_row(t, "A", "x", "self", "diff"));
    writers_finite(t);

    /* With --match groups A's manager compares 3 with 5, noting the
     * change of rater. */
    o.match = ASSESS_MATCH_GROUPS;
    t = change_with(read_csv(load(TANON), csv), &o);
    EQ(val(t, "A", "x", "manager", "diff"), 2);
    HAS(note_of(t, "A", "x", "manager", "diff"), "1 left, 1 joined");
}

/* ==== The driver: waves ================================================== */

/* One item, no groups; the waves appear in the file as w2, w1, w3.
 * P: w1 1, w2 3, w3 5.  Q: w1 2, w2 4, w3 3. */
static const char TONE[] =
    "<instrument id='tone' version='1' kind='360'>\n"
    "<title>One</title>\n"
    "<response-scale id='p5' min='1' max='5'/>\n"
    "<scale id='x' reliability='0.80'><title>X</title>"
    "<item id='X1'>x</item></scale>\n"
    "</instrument>\n";

static const char WAVES_CSV[] =
    "subject_id,rater_id,wave,X1\n"
    "P,rp,w2,3\n"
    "P,rp,w1,1\n"
    "P,rp,w3,5\n"
    "Q,rq,w2,4\n"
    "Q,rq,w1,2\n"
    "Q,rq,w3,3\n";

Test(change, pre_and_post_select_waves)
{
    assess_responses *r = read_csv(load(TONE), WAVES_CSV);
    assess_change_options o = defaults();
    assess_table *t;

    /* By default the first and the last wave in order of appearance. */
    t = change_with(r, &o);
    rows_sane(t, "w2->w3");
    EQ(val(t, "P", "x", "all", "diff"), 2);
    EQ(val(t, "Q", "x", "all", "diff"), -1);

    o.pre = "w1";
    o.post = "w2";
    t = change_with(r, &o);
    rows_sane(t, "w1->w2");
    EQ(val(t, "P", "x", "all", "pre_mean"), 1);
    EQ(val(t, "P", "x", "all", "post_mean"), 3);
    EQ(val(t, "Q", "x", "all", "diff"), 2);

    o.pre = "w3";
    o.post = "w1";
    t = change_with(r, &o);
    rows_sane(t, "w3->w1");
    EQ(val(t, "P", "x", "all", "diff"), -4);
    EQ(val(t, "Q", "x", "all", "diff"), -1);

    /* One of the two named, the other by default. */
    o.pre = "w1";
    o.post = NULL;
    t = change_with(r, &o);
    rows_sane(t, "w1->w3");
    EQ(val(t, "P", "x", "all", "diff"), 4);
}

Test(change, unknown_or_same_wave_is_a_usage_error)
{
    assess_responses *r = read_csv(load(TONE), WAVES_CSV);
    assess_change_options o = defaults();

    o.pre = "w9";
    change_fails(r, &o, ASSESS_EUSAGE, "'w9'");
    change_fails(r, &o, ASSESS_EUSAGE, "--pre");
    o.pre = NULL;
    o.post = "w0";
    change_fails(r, &o, ASSESS_EUSAGE, "'w0'");
    change_fails(r, &o, ASSESS_EUSAGE, "--post");
    o.pre = o.post = "w1";
    change_fails(r, &o, ASSESS_EUSAGE, "same wave");
    /* --pre naming the last wave, which is also the default post. */
    o.pre = "w3";
    o.post = NULL;
    change_fails(r, &o, ASSESS_EUSAGE, "'w3'");
    /* Options out of range. */
    o = defaults();
    o.rci_z = 0;
    change_fails(r, &o, ASSESS_EUSAGE, "--rci-z");
    o.rci_z = NAN;
    change_fails(r, &o, ASSESS_EUSAGE, "--rci-z");
    o = defaults();
    o.gas_rho = 1;
    change_fails(r, &o, ASSESS_EUSAGE, "--gas-rho");
    o.gas_rho = -0.1;
    change_fails(r, &o, ASSESS_EUSAGE, "--gas-rho");
}

/* One wave in the data: one row a scale and group, n_pairs 0, saying so. */
Test(change, one_wave_only)
{
    static const char csv[] =
        "subject_id,rater_id,rater_group,wave,X1\n"
        "A,sA,self,1,4\nA,mA,manager,1,3\nB,sB,self,1,2\n";
    assess_table *t = change_of(TANON, csv);
    rows_sane(t, "1->1");
    /* self, manager, peer, others. */
    cr_assert_eq(assess_table_row_count(t), 4);
    static const char *const groups[4] = { "self", "manager", "peer", "others" };
    for (int g = 0; g < 4; g++) {
        EQ(val(t, NULL, "x", groups[g], "n_pairs"), 0);
        HAS(note_of(t, NULL, "x", groups[g], "n_pairs"), "one wave");
    }
    cr_assert_null(find_row(t, "A", "x", "self", "diff"));
    writers_finite(t);
}

/* A response file with a header and no rows: no wave at all.  Nothing to
 * compare, said as for one wave; nothing that is not a number. */
Test(change, no_responses_at_all)
{
    assess_table *t = change_of(TONE, "subject_id,rater_id,wave,X1\n");
    EQ(val(t, NULL, "x", "all", "n_pairs"), 0);
    cr_assert_eq(assess_table_row_count(t), 1);
    writers_finite(t);

    assess_change_options o = defaults();
    o.pre = "1";
    change_fails(read_csv(load(TONE), "subject_id,rater_id,wave,X1\n"), &o,
                 ASSESS_EUSAGE, "'1'");
}

/* Degenerate cohorts through the writers: no NaN or infinity anywhere. */
Test(change, writers_finite_on_degenerate_data)
{
    /* Every difference zero. */
    static const char zero[] =
        "subject_id,rater_id,wave,X1\n"
        "P,rp,1,2\nQ,rq,1,4\nR,rr,1,3\nP,rp,2,2\nQ,rq,2,4\nR,rr,2,3\n";
    assess_table *t = change_of(TONE, zero);
    rows_sane(t, "1->2");
    EQ(val(t, NULL, "x", "all", "mean_diff"), 0);
    STR_EQ(absent(t, NULL, "x", "all", "wilcoxon_v"), "every difference is zero");
    absent(t, NULL, "x", "all", "t");
    absent(t, NULL, "x", "all", "d_z");
    STR_EQ(note_of(t, "P", "x", "all", "rci"), "no_reliable_change");
    EQ(val(t, NULL, "x", "all", "n_unchanged"), 3);
    counts_agree(t);
    writers_finite(t);

    /* Nothing varies at either wave. */
    static const char flat[] =
        "subject_id,rater_id,wave,X1\n"
        "P,rp,1,3\nQ,rq,1,3\nP,rp,2,3\nQ,rq,2,3\n";
    t = change_of(TONE, flat);
    rows_sane(t, "1->2");
    absent(t, NULL, "x", "all", "d_av");
    absent(t, NULL, "x", "all", "hedges_g");
    absent(t, "P", "x", "all", "rci");
    writers_finite(t);

    /* Subjects rated at one wave only: no pairs at all. */
    static const char apart[] =
        "subject_id,rater_id,wave,X1\nP,rp,1,3\nQ,rq,2,4\n";
    t = change_of(TONE, apart);
    rows_sane(t, "1->2");
    EQ(val(t, NULL, "x", "all", "n_pairs"), 0);
    STR_EQ(absent(t, NULL, "x", "all", "mean_diff"), "no pairs");
    STR_EQ(absent(t, "P", "x", "all", "post_mean"),
           "the subject was not rated at this wave");
    STR_EQ(absent(t, "Q", "x", "all", "diff"),
           "the subject was not rated at this wave");
    writers_finite(t);
}

/* ==== Goals ============================================================== */


/* The read must fail with `status` on `line` of the file, the message
 * holding `part`. */
static void goals_fail(const char *text, assess_status status,
                       unsigned long line, const char *part)
{
    const char *path = temp_file(text);
    assess_error err;
    assess_error_init(&err);
    assess_goals *g = assess_goals_read_file(path, &err);
    if (g) {
        assess_goals_free(g);
        cr_assert_fail("goals read, expected failure with '%s'", part);
    }
    cr_assert_eq(err.status, status, "status %d (%s), expected %d",
                 err.status, err.message, status);
    cr_assert_eq(err.line, line, "line %lu (%s), expected %lu", err.line,
                 err.message, line);
    STR_EQ(err.file, path);
    cr_assert(strstr(err.message, part) != NULL, "message '%s' lacks '%s'",
              err.message, part);
}

/*
 * Through the driver, rho .3 (Kiresuk & Sherman 1968): P has three goals
 * of weight 1 all at +1: 50 + 30 / sqrt(4.8) = 63.693063937629155; Q one
 * goal of weight 2 at -1: 40.  Mean 51.846531968814574, sd
 * 16.753526177384021 (R: mean, sd).  Columns in any order, others ignored,
 * "+1" read as 1.  Z has goals but no responses: scored all the same.
 */
static const char GOALS[] =
    "level,note,weight,goal_id,subject_id\n"
    "+1,x,1,g1,P\n"
    "1,x,1,g2,P\n"
    "-1,x,2,g1,Q\n"
    "1,x,1.0,g3,P\n";

Test(change, goals_gas_t_through_the_driver)
{
    assess_change_options o = defaults();
    o.goals = goals_of(GOALS);
    assess_table *t = change_with(read_csv(load(TONE), WAVES_CSV), &o);
    rows_sane(t, "w2->w3");

    EQ(val(t, "P", NULL, NULL, "gas_t"), 63.693063937629155);
    EQ(row_of(t, "P", NULL, NULL, "gas_t")->n, 3);
    EQ(val(t, "Q", NULL, NULL, "gas_t"), 40);
    EQ(row_of(t, "Q", NULL, NULL, "gas_t")->n, 1);
    EQ(val(t, NULL, NULL, NULL, "gas_t_mean"), 51.846531968814574);
    EQ(val(t, NULL, NULL, NULL, "gas_t_sd"), 16.753526177384021);
    EQ(row_of(t, NULL, NULL, NULL, "gas_t_sd")->n, 2);

    /* --gas-rho 0: 50 + 30 / sqrt(3); one goal is 40 whatever rho. */
    o.gas_rho = 0;
    t = change_with(read_csv(load(TONE), WAVES_CSV), &o);
    EQ(val(t, "P", NULL, NULL, "gas_t"), 67.320508075688778);
    EQ(val(t, "Q", NULL, NULL, "gas_t"), 40);
    writers_finite(t);
}

/* Goals with one wave of data, and a goals file of one subject. */
Test(change, goals_one_subject_and_one_wave)
{
    static const char one_wave[] = "subject_id,rater_id,wave,X1\nP,rp,1,3\n";
    assess_change_options o = defaults();
    o.goals = goals_of("subject_id,goal_id,weight,level\nP,g1,1,0\n");
    assess_table *t = change_with(read_csv(load(TONE), one_wave), &o);
    EQ(val(t, "P", NULL, NULL, "gas_t"), 50);
    EQ(val(t, NULL, NULL, NULL, "gas_t_mean"), 50);
    STR_EQ(absent(t, NULL, NULL, NULL, "gas_t_sd"), "fewer than two subjects");
    writers_finite(t);

    /* A header and no goals. */
    o.goals = goals_of("subject_id,goal_id,weight,level\n");
    t = change_with(read_csv(load(TONE), one_wave), &o);
    STR_EQ(absent(t, NULL, NULL, NULL, "gas_t_mean"), "no goals");
    absent(t, NULL, NULL, NULL, "gas_t_sd");
    writers_finite(t);
}

Test(change, goals_file_problems)
{
    goals_fail("subject_id,goal_id,weight\nP,g1,1\n", ASSESS_EFORMAT, 1,
               "no column 'level'");
    goals_fail("goal_id,weight,level\ng1,1,0\n", ASSESS_EFORMAT, 1,
               "no column 'subject_id'");
    goals_fail("", ASSESS_EFORMAT, 0, "empty");
    goals_fail("subject_id,goal_id,weight,level\nP,g1,1,0\nP,g2,1,3\n",
               ASSESS_EDATA, 3, "level '3'");
    goals_fail("subject_id,goal_id,weight,level\nP,g1,1,-3\n", ASSESS_EDATA,
               2, "level '-3'");
    goals_fail("subject_id,goal_id,weight,level\nP,g1,1,1.5\n", ASSESS_EDATA,
               2, "level '1.5'");
    goals_fail("subject_id,goal_id,weight,level\nP,g1,1,high\n", ASSESS_EDATA,
               2, "level 'high'");
    goals_fail("subject_id,goal_id,weight,level\nP,g1,,1\n", ASSESS_EDATA, 2,
               "weight");
    goals_fail("subject_id,goal_id,weight,level\nP,g1,0,1\n", ASSESS_EDATA, 2,
               "weight '0'");
    goals_fail("subject_id,goal_id,weight,level\nP,g1,-2,1\n", ASSESS_EDATA,
               2, "weight '-2'");
    goals_fail("subject_id,goal_id,weight,level\nP,g1,heavy,1\n",
               ASSESS_EDATA, 2, "weight 'heavy'");
    goals_fail("subject_id,goal_id,weight,level\nP,g1,nan,1\n", ASSESS_EDATA,
               2, "weight 'nan'");
    goals_fail("subject_id,goal_id,weight,level\nP,g1,inf,1\n", ASSESS_EDATA,
               2, "weight 'inf'");
    goals_fail("subject_id,goal_id,weight,level\n,g1,1,1\n", ASSESS_EDATA, 2,
               "subject_id is empty");
    goals_fail("subject_id,goal_id,weight,level\nP,g1,1\n", ASSESS_EDATA, 2,
               "fields");
    /* The second mention of a goal is the offending line. */
    goals_fail("subject_id,goal_id,weight,level\n"
               "P,g1,1,1\nQ,g1,1,0\nP,g2,1,0\nP,g1,2,-1\n",
               ASSESS_EDATA, 5, "goal 'g1' of subject 'P'");
    goals_fail("subject_id,goal_id,weight,level\n"
               "P,g1,1,1\nQ,g1,1,0\nP,g2,1,0\nP,g1,2,-1\n",
               ASSESS_EDATA, 5, "line 2");

    /* A file that is not there. */
    assess_error err;
    assess_error_init(&err);
    cr_assert_null(assess_goals_read_file("/nonexistent/goals.csv", &err));
    cr_assert_eq(err.status, ASSESS_EIO);
    STR_EQ(err.file, "/nonexistent/goals.csv");
}

/* The goals file read as the loader stores it: sorted by subject. */
Test(change, goals_columns_in_any_order)
{
    assess_change_options o = defaults();
    o.goals = goals_of("weight,subject_id,extra,level,goal_id\r\n"
                       "2,Q,a,-1,q1\r\n"
                       "1,P,b,+2,p1\r\n");
    assess_table *t = change_with(read_csv(load(TONE), WAVES_CSV), &o);
    /* P: one goal at +2: 70.  Q: 40. */
    EQ(val(t, "P", NULL, NULL, "gas_t"), 70);
    EQ(val(t, "Q", NULL, NULL, "gas_t"), 40);
}

/* ==== Streamed tables ==================================================== */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *p = NULL;
    size_t size = 0, n;
    char buf[65536];
    FILE *m = open_memstream(&p, &size);
    cr_assert_not_null(f, "%s", path);
    cr_assert_not_null(m);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        fwrite(buf, 1, n, m);
    fclose(f);
    cr_assert_eq(fclose(m), 0);
    return keep_text(p);
}

/* The demo cohort: many subjects, so a streamed table is flushed often. */
static assess_responses *demo_cohort(void)
{
    return read_csv(load(slurp(INSTRUMENTS "/leadership-360.xml")),
                    slurp(FIXTURES "/demo/responses.csv"));
}

enum { AN_CHANGE, AN_AGREE, AN_RELIABILITY };

/* One of the table analyses with default options, streamed or not, on
 * scores of its own or those given (agree and change). */
static assess_table *analyse_with(int which, const assess_responses *r,
                                  const assess_goals *goals,
                                  const assess_table_stream *stream,
                                  const assess_score *score, assess_error *err)
{
    assess_change_options c;
    assess_agree_options a;
    assess_reliability_options l;
    assess_error_init(err);
    switch (which) {
    case AN_CHANGE:
        assess_change_options_init(&c);
        c.goals = goals;
        c.stream = stream;
        c.score = score;
        return assess_change_compute(r, &c, err);
    case AN_AGREE:
        assess_agree_options_init(&a);
        a.stream = stream;
        a.score = score;
        return assess_agree_compute(r, &a, err);
    default:
        assess_reliability_options_init(&l);
        l.stream = stream;
        return assess_reliability_compute(r, &l, err);
    }
}

static assess_table *analyse(int which, const assess_responses *r,
                             const assess_goals *goals,
                             const assess_table_stream *stream,
                             assess_error *err)
{
    return analyse_with(which, r, goals, stream, NULL, err);
}

/* A table written as it is computed is byte for byte the table kept and
 * written after, in CSV and JSON, for change, agree and reliability. */
Test(change, streamed_table_is_the_kept_table)
{
    assess_responses *r = demo_cohort();
    assess_goals *goals = goals_of(slurp(FIXTURES "/demo/goals.csv"));

    for (int which = AN_CHANGE; which <= AN_RELIABILITY; which++) {
        for (int json = 0; json < 2; json++) {
            assess_error err;
            assess_table *kept = analyse(which, r, goals, NULL, &err);
            cr_assert_not_null(kept, "%s", err.message);
            keep_table(kept);
            const char *want = written(kept, json);

            char *got = NULL;
            size_t got_size = 0;
            FILE *f = open_memstream(&got, &got_size);
            cr_assert_not_null(f);
            assess_table_stream stream = { f, json };
            assess_table *streamed = analyse(which, r, goals, &stream, &err);
            cr_assert_not_null(streamed, "%s", err.message);
            keep_table(streamed);
            cr_assert_eq(fclose(f), 0);
            cr_assert_str_eq(keep_text(got), want, "analysis %d, json %d",
                             which, json);
            cr_assert_gt(kept->n_rows, 100);
            cr_assert_eq(assess_table_row_count(streamed), kept->n_rows);
            /* The rows were written, not kept. */
            cr_assert_eq(streamed->n_rows, 0);
        }
    }
}

/* A stream that cannot be written to fails the analysis: ASSESS_EIO. */
Test(change, streamed_table_write_error)
{
    assess_responses *r = demo_cohort();
    FILE *f = fopen(FIXTURES "/demo/goals.csv", "r"); /* read only */
    assess_table_stream stream = { f, 0 };
    assess_error err;
    cr_assert_not_null(f);
    cr_assert_null(analyse(AN_AGREE, r, NULL, &stream, &err));
    cr_assert_eq(err.status, ASSESS_EIO, "%s", err.message);
    fclose(f);
}

/* Agree and change on the rater scores of a score computed with other
 * options (as `assess run` shares them) give the tables they give on their
 * own: the options shape a score's rows, never the rater scores. */
Test(change, shared_scores_give_the_same_tables)
{
    assess_responses *r = demo_cohort();
    assess_goals *goals = goals_of(slurp(FIXTURES "/demo/goals.csv"));
    assess_score_options so;
    assess_error err;

    assess_score_options_init(&so);
    so.weighting = ASSESS_WEIGHT_GROUPS; /* changes the `others` rows */
    so.gap_threshold = 0.1;
    so.items = 1;
    assess_error_init(&err);
    assess_score *score = assess_score_compute(r, &so, &err);
    cr_assert_not_null(score, "%s", err.message);

    for (int which = AN_CHANGE; which <= AN_AGREE; which++) {
        assess_table *own = analyse(which, r, goals, NULL, &err);
        cr_assert_not_null(own, "%s", err.message);
        keep_table(own);
        assess_table *shared = analyse_with(which, r, goals, NULL, score, &err);
        cr_assert_not_null(shared, "%s", err.message);
        keep_table(shared);
        cr_assert_gt(own->n_rows, 100);
        for (int json = 0; json < 2; json++)
            cr_assert_str_eq(written(shared, json), written(own, json),
                             "analysis %d, json %d", which, json);
    }
    /* The score outlives the tables, which refer to its responses only. */
    assess_score_free(score);
}

/* Scores of other responses, even of the same file, are refused. */
Test(change, shared_scores_of_other_responses)
{
    assess_responses *r = demo_cohort(), *other = demo_cohort();
    assess_error err;
    assess_error_init(&err);
    assess_score *score = assess_score_compute(other, NULL, &err);
    cr_assert_not_null(score, "%s", err.message);

    for (int which = AN_CHANGE; which <= AN_AGREE; which++) {
        cr_assert_null(analyse_with(which, r, NULL, NULL, score, &err));
        cr_assert_eq(err.status, ASSESS_EUSAGE, "%s", err.message);
        cr_assert(strstr(err.message, "other responses") != NULL, "%s",
                  err.message);
    }
    assess_score_free(score);
}

/* ==== Threads ============================================================ */

/* table_parts' part i: (i * 7) % 4 rows, none for the first part, every
 * third part's rows with a note made there. */
static void test_part(void *ctx, unsigned worker, size_t i, assess_table *t)
{
    static const char *const subjects[] = { "s0", "s1", "s2", "s3" };
    (void)ctx;
    (void)worker;
    for (size_t r = 0; r < (i * 7) % 4; r++) {
        table_keys keys = { subjects[r], "1", "x", NULL, "peer" };
        table_row *row = table_add_value(t, &keys, "rwg", 1,
                                         (double)i + r / 8.0, NULL);
        cr_assert_not_null(row);
        if (i % 3 == 0)
            row->note = table_note(t, "part %zu, row %zu", i, r);
    }
}

/* The table's rows, kept and written, or streamed (CSV, JSON), are the
 * rows of the parts in order whatever the threads: the same text as the
 * parts made one after the other into a kept table.  Rows added before
 * (or none) and after the parts stay around them. */
Test(change, table_parts_in_order_whatever_the_threads)
{
    static const unsigned threads[] = { 1, 2, 3, 5 };
    const assess_instrument *inst = load(TANON);
    table_keys head = { NULL, "1", "x", NULL, "all" };

    for (int json = 0; json < 2; json++) {
        for (int before = 0; before < 2; before++) {
            assess_table *want = keep_table(table_new("change", inst, NULL));
            if (before)
                table_add_value(want, &head, "first", 1, 1, NULL);
            for (size_t i = 0; i < 40; i++)
                test_part(NULL, 0, i, want);
            table_add_value(want, &head, "last", 1, 2, NULL);
            const char *text = written(want, json);
            cr_assert_gt(want->n_rows, 40);

            for (size_t t = 0; t < sizeof threads / sizeof *threads; t++) {
                for (int stream = 0; stream < 2; stream++) {
                    char *got = NULL;
                    size_t size = 0;
                    FILE *f = stream ? open_memstream(&got, &size) : NULL;
                    assess_table_stream s = { f, json };
                    assess_table *tab =
                        keep_table(table_new("change", inst, &s));
                    assess_error err;
                    if (before)
                        table_add_value(tab, &head, "first", 1, 1, NULL);
                    cr_assert_eq(table_parts(tab, 40, threads[t], test_part,
                                             NULL), 0);
                    table_add_value(tab, &head, "last", 1, 2, NULL);
                    assess_error_init(&err);
                    cr_assert_eq(table_end(tab, &err), ASSESS_OK);
                    cr_assert_eq(assess_table_row_count(tab), want->n_rows);
                    if (stream) {
                        cr_assert_eq(fclose(f), 0);
                        keep_text(got);
                    } else {
                        got = written(tab, json);
                    }
                    cr_assert_str_eq(got, text, "json %d, before %d, %u "
                                     "threads, stream %d", json, before,
                                     threads[t], stream);
                }
            }
        }
    }
}

/* Change's rows are the same on one thread and on several, with groups
 * or raters matched: its subjects are worked out and written in parts. */
Test(change, threads_do_not_change_the_table)
{
    const assess_instrument *inst = load(COHORT_XML);
    const assess_responses *r = read_csv(inst, keep_text(cohort_csv(700, 7)));

    for (int match = 0; match < 2; match++) {
        assess_change_options o = defaults();
        o.match = match ? ASSESS_MATCH_RATERS : ASSESS_MATCH_GROUPS;
        assess_table *one = change_with(r, &o);
        const char *want = csv_of(one);
        /* every subject is there, once */
        for (size_t e = 0; e < 700; e++) {
            char id[16];
            snprintf(id, sizeof id, "E%zu", e);
            row_of(one, id, "y", "self", "pre_mean");
        }
        cr_assert(strstr(want, "raters changed") || match,
                  "the cohort has no rater mix to note");
        cr_assert(strstr(want, "withheld: fewer than 3 raters"));
        cr_assert(strstr(want, "improved"));
        for (unsigned t = 2; t <= 4; t += 2) {
            o.threads = t;
            cr_assert_str_eq(csv_of(change_with(r, &o)), want,
                             "match %d, %u threads", match, t);
        }
    }
}

/* ---- Every wave (--waves all) ------------------------------------------- */

/* The row of (subject, wave, scale, group, statistic), which must exist. */
static const table_row *wrow(const assess_table *t, const char *subject,
                             const char *wave, const char *scale,
                             const char *group, const char *statistic)
{
    const table_row *hit = NULL;
    for (size_t i = 0; i < t->n_rows; i++) {
        const table_row *r = &t->rows[i];
        if (same(r->subject, subject) && same(r->wave, wave) &&
            same(r->scale, scale) && same(r->group, group) &&
            strcmp(r->statistic, statistic) == 0) {
            cr_assert_null(hit, "two rows %s/%s/%s/%s/%s",
                           subject ? subject : "-", wave, scale, group,
                           statistic);
            hit = r;
        }
    }
    cr_assert_not_null(hit, "no row %s/%s/%s/%s/%s", subject ? subject : "-",
                       wave, scale ? scale : "-", group ? group : "-",
                       statistic);
    return hit;
}

static double wval(const assess_table *t, const char *subject,
                   const char *wave, const char *scale, const char *group,
                   const char *statistic)
{
    const table_row *r = wrow(t, subject, wave, scale, group, statistic);
    cr_assert(r->has_value, "%s/%s/%s absent: %s", wave, scale, statistic,
              r->note ? r->note : "(no note)");
    return r->value;
}

static assess_responses *three_wave_cohort(void)
{
    return read_csv(load(slurp(INSTRUMENTS "/leadership-360.xml")),
                    slurp(FIXTURES "/demo/three-waves.csv"));
}

/*
 * The three-wave demo cohort (fixtures/demo/three-waves.csv), others on
 * communication: each subject's wave means (the table's own rows) given to
 * R 4.2 as d (subject, wave, mean) and y (10 x 3):
 *   aov(v ~ w + Error(s/w))     F 9.218388859194599, p 0.0017522371223066585
 *   epsilons from cov(y) (as in test_repeated.c): GG 0.802811760344042,
 *     HF 0.95046791613921466; p 0.0039570054171753537, 0.0021483071040780122
 *     (anova.mlm test = "Spherical": 0.8028, 0.9505, 0.00395700541773532,
 *     0.00214830710443172)
 *   friedman.test(y)            9.8, p 0.0074465830709243381
 *   t.test(y[, b], y[, a], paired = TRUE)$p.value for 1->2, 1->3, 2->3:
 *     0.0035927314971649013 0.0016978908447907468 0.49029697980442155
 *   p.adjust(., "holm")  0.0071854629943298026 0.0050936725343722405
 *                        0.49029697980442155
 *   t.test(y[, 1])$conf.int     3.8194001758314648 4.3057512283199388
 */
Test(change, waves_all_three_waves_as_r)
{
    assess_change_options o = defaults();
    o.waves_all = 1;
    assess_table *t = change_with(three_wave_cohort(), &o);
    const char *all = "1->2->3", *sc = "communication", *g = "others";

    EQ(wval(t, NULL, all, sc, g, "n_complete"), 10);
    EQ(wval(t, NULL, all, sc, g, "rm_anova_f"), 9.218388859194599);
    EQ(wval(t, NULL, all, sc, g, "df1"), 2);
    EQ(wval(t, NULL, all, sc, g, "df2"), 18);
    EQ_DIST(wval(t, NULL, all, sc, g, "rm_anova_p"), 0.0017522371223066585);
    EQ(wval(t, NULL, all, sc, g, "gg_epsilon"), 0.802811760344042);
    EQ(wval(t, NULL, all, sc, g, "hf_epsilon"), 0.95046791613921466);
    EQ_DIST(wval(t, NULL, all, sc, g, "rm_anova_p_gg"), 0.0039570054171753537);
    EQ_DIST(wval(t, NULL, all, sc, g, "rm_anova_p_hf"), 0.0021483071040780122);
    EQ(wval(t, NULL, all, sc, g, "friedman_chisq"), 9.8);
    EQ_DIST(wval(t, NULL, all, sc, g, "friedman_p"), 0.0074465830709243381);
    EQ_DIST(wval(t, NULL, "1->2", sc, g, "p"), 0.0035927314971649013);
    EQ_DIST(wval(t, NULL, "1->2", sc, g, "p_holm"), 0.0071854629943298026);
    EQ_DIST(wval(t, NULL, "1->3", sc, g, "p_holm"), 0.0050936725343722405);
    EQ_DIST(wval(t, NULL, "2->3", sc, g, "p_holm"), 0.49029697980442155);
    const table_row *m = wrow(t, NULL, "1", sc, g, "wave_mean");
    cr_assert(m->has_ci);
    EQ_DIST(m->lo, 3.8194001758314648);
    EQ_DIST(m->hi, 4.3057512283199388);
    EQ(m->n, 10);
}

/* Every row well formed, in one of the waves' labels; and the wave means
 * of every subject are those assess score shows, a withheld one absent
 * with the same note. */
Test(change, waves_all_rows_sane_and_as_score)
{
    static const char *const labels[] = { "1", "2", "3", "1->2", "1->3",
                                          "2->3", "1->2->3" };
    assess_responses *r = three_wave_cohort();
    assess_change_options o = defaults();
    o.waves_all = 1;
    assess_table *t = change_with(r, &o);
    size_t withheld = 0, hold = 0;
    for (size_t i = 0; i < t->n_rows; i++) {
        const table_row *x = &t->rows[i];
        int known = 0;
        for (size_t l = 0; l < sizeof labels / sizeof *labels; l++)
            known |= strcmp(x->wave, labels[l]) == 0;
        cr_assert(known, "row %zu: wave '%s'", i, x->wave);
        if (x->has_value)
            cr_assert(isfinite(x->value));
        else
            cr_assert(x->note && x->note[0], "row %zu %s absent without a "
                      "note", i, x->statistic);
        if (x->subject && strcmp(x->statistic, "wave_mean") == 0 &&
            !x->has_value && strncmp(x->note, "withheld", 8) == 0)
            withheld++;
        if (x->subject && strcmp(x->statistic, "hold_rci") == 0) {
            cr_assert_str_eq(x->wave, "2->3");
            if (x->has_value)
                cr_assert(strcmp(x->note, "held") == 0 ||
                          strcmp(x->note, "improved_further") == 0 ||
                          strcmp(x->note, "fell_back") == 0);
            hold++;
        }
    }
    cr_assert_gt(withheld, 0, "the demo withholds some groups");
    cr_assert_gt(hold, 0);
    /* each wave's mean is the pre or post mean of the change between two
     * waves (which are score's, tested above): present, n and note */
    o = defaults();
    o.pre = "2";
    o.post = "3";
    assess_table *two = change_with(r, &o);
    size_t compared = 0;
    for (size_t i = 0; i < two->n_rows; i++) {
        const table_row *x = &two->rows[i];
        int pre = strcmp(x->statistic, "pre_mean") == 0;
        if (!x->subject || (!pre && strcmp(x->statistic, "post_mean")))
            continue;
        const table_row *y = wrow(t, x->subject, pre ? "2" : "3", x->scale,
                                  x->group, "wave_mean");
        cr_assert_eq(x->has_value, y->has_value);
        cr_assert_eq(x->has_n, y->has_n);
        if (x->has_value) {
            EQ(y->value, x->value);
            EQ(y->n, x->n);
        }
        cr_assert(same(x->note, y->note));
        compared++;
    }
    cr_assert_gt(compared, 100);
}

/* From the first wave to a later one, --waves all gives what the change
 * between those two waves gives: the same diff, RCI and class. */
Test(change, waves_all_agrees_with_two_waves)
{
    assess_responses *r = three_wave_cohort();
    assess_change_options o = defaults();
    o.waves_all = 1;
    assess_table *all = change_with(r, &o);
    o = defaults();
    o.pre = "1";
    o.post = "3";
    assess_table *two = change_with(r, &o);
    size_t compared = 0;
    for (size_t i = 0; i < two->n_rows; i++) {
        const table_row *x = &two->rows[i];
        if (!x->subject || (strcmp(x->statistic, "diff") &&
                            strcmp(x->statistic, "rci")))
            continue;
        const table_row *y = wrow(all, x->subject, "1->3", x->scale,
                                  x->group, x->statistic);
        cr_assert_eq(x->has_value, y->has_value);
        if (x->has_value)
            EQ(y->value, x->value);
        cr_assert(same(x->note, y->note), "%s %s %s: '%s' and '%s'",
                  x->subject, x->scale, x->statistic, x->note, y->note);
        compared++;
    }
    cr_assert_gt(compared, 100);
    /* the cohort's paired test of the first and last waves too */
    EQ(wval(all, NULL, "1->3", "delegation", "others", "t"),
       val(two, NULL, "delegation", "others", "t"));
}

Test(change, waves_all_usage)
{
    assess_responses *r = three_wave_cohort();
    assess_change_options o = defaults();
    o.waves_all = 1;
    o.match = ASSESS_MATCH_RATERS;
    change_fails(r, &o, ASSESS_EUSAGE, "--match raters is for two waves");
    o = defaults();
    o.waves_all = 1;
    o.pre = "1";
    change_fails(r, &o, ASSESS_EUSAGE, "--pre and --post choose two waves");
}

/*
 * Did it hold?  One scale of declared reliability 0.80 and a norm of sd
 * 0.5, so S_diff = sqrt(2) x 0.5 x sqrt(0.2) = 0.31623 and a change is
 * reliable beyond 1.96 x 0.31623 = 0.6198: S1 gains 1 and keeps it (held),
 * S2 gains 1 and falls back 1 (fell_back), S3 gains nothing, then 1
 * (improved_further).
 */
static const char THOLD[] =
    "<instrument id='hold' version='1' kind='360'>\n"
    "<title>Hold</title>\n"
    "<response-scale id='p5' min='1' max='5'/>\n"
    "<scale id='up' reliability='0.80'><title>Up</title>"
    "<item id='U1'>u one</item></scale>\n"
    "<norms><norm scale='up' mean='3' sd='0.5' n='100'>test</norm>"
    "<functional-norm scale='up' mean='4' sd='0.5' n='100'>test"
    "</functional-norm></norms>\n"
    "</instrument>\n";

static const char HOLD_CSV[] =
    "subject_id,rater_id,wave,U1\n"
    "S1,r1,1,2\nS1,r1,2,3\nS1,r1,3,3\n"
    "S2,r2,1,2\nS2,r2,2,4\nS2,r2,3,3\n"
    "S3,r3,1,3\nS3,r3,2,3\nS3,r3,3,4\n";

Test(change, waves_all_did_it_hold)
{
    assess_change_options o = defaults();
    o.waves_all = 1;
    assess_table *t = change_with(read_csv(load(THOLD), HOLD_CSV), &o);
    double sdiff = sqrt(2.0) * 0.5 * sqrt(1 - 0.80);

    EQ(wval(t, NULL, "1->2->3", "up", "all", "rci_sd"), 0.5);
    STR_EQ(wrow(t, NULL, "1->2->3", "up", "all", "rci_sd")->note,
           "the instrument's norm for the scale");
    EQ(wval(t, "S1", "1->2", "up", "all", "rci"), 1 / sdiff);
    EQ(wval(t, "S2", "1->3", "up", "all", "rci"), 1 / sdiff);
    EQ(wval(t, "S1", "2->3", "up", "all", "hold_diff"), 0);
    STR_EQ(wrow(t, "S1", "2->3", "up", "all", "hold_rci")->note, "held");
    EQ(wval(t, "S2", "2->3", "up", "all", "hold_rci"), -1 / sdiff);
    STR_EQ(wrow(t, "S2", "2->3", "up", "all", "hold_rci")->note, "fell_back");
    STR_EQ(wrow(t, "S3", "2->3", "up", "all", "hold_rci")->note,
           "improved_further");
    EQ(wval(t, NULL, "2->3", "up", "all", "n_held"), 1);
    EQ(wval(t, NULL, "2->3", "up", "all", "n_fell_back"), 1);
    EQ(wval(t, NULL, "2->3", "up", "all", "n_improved_further"), 1);
    /* Jacobson & Truax's c between the functional norm (4, 0.5) and the
     * cohort's baseline (mean 7/3, sd sqrt(1/3)):
     * (0.5 x 7/3 + sqrt(1/3) x 4) / (0.5 + sqrt(1/3)) */
    double sd = sqrt(1.0 / 3), c = (0.5 * 7 / 3 + sd * 4) / (0.5 + sd);
    EQ(wval(t, NULL, "1->2->3", "up", "all", "cutoff"), c);
    HAS(wrow(t, NULL, "1->2->3", "up", "all", "cutoff")->note, "c:");
    /* S2 ends wave 2 at 4, past c = 3.2265, with a reliable improvement:
     * recovered; at wave 3 (3) not past it, but still improved */
    EQ(wval(t, "S2", "1->2", "up", "all", "past_cutoff"), 1);
    STR_EQ(wrow(t, "S2", "1->2", "up", "all", "past_cutoff")->note,
           "recovered");
    EQ(wval(t, "S2", "1->3", "up", "all", "past_cutoff"), 0);
    STR_EQ(wrow(t, "S2", "1->3", "up", "all", "past_cutoff")->note,
           "improved");
    /* two waves of three people give no repeated-measures test of three:
     * here there are three subjects, so there is one */
    EQ(wval(t, NULL, "1->2->3", "up", "all", "n_complete"), 3);
}

/*
 * One executive, one engagement: with the instrument's norm the RCI has
 * its sd, and a class; with --rci-sd cohort there is none.  E0001 of the
 * demo, others on communication: diff 0.4949494949494948 (the change
 * fixture), norm sd 0.52, r_xx 0.86:
 * RCI = 0.4949494949494948 / (sqrt(2) x 0.52 x sqrt(0.14)) = 1.7988.
 */
Test(change, one_engagement_gets_a_class_from_the_norm)
{
    char *all = slurp(FIXTURES "/demo/responses.csv");
    size_t len = strlen(all);
    char *one = malloc(len + 1);
    cr_assert_not_null(one);
    keep_text(one);
    /* the header and E0001's rows */
    char *nl = strchr(all, '\n');
    size_t used = (size_t)(nl - all + 1);
    memcpy(one, all, used);
    for (char *p = nl + 1; *p;) {
        char *e = strchr(p, '\n');
        size_t l = e ? (size_t)(e - p + 1) : strlen(p);
        if (strncmp(p, "E0001,", 6) == 0) {
            memcpy(one + used, p, l);
            used += l;
        }
        p += l;
    }
    one[used] = 0;
    assess_responses *r = read_csv(load(slurp(INSTRUMENTS
                                              "/leadership-360.xml")), one);
    assess_change_options o = defaults();
    assess_table *t = change_with(r, &o);
    double rci = val(t, "E0001", "communication", "others", "rci");
    EQ(rci, 0.4949494949494948 / (sqrt(2.0) * 0.52 * sqrt(1 - 0.86)));
    PRINTED(rci, 1.7988, 4);
    STR_EQ(note_of(t, "E0001", "communication", "others", "rci"),
           "no_reliable_change");
    STR_EQ(note_of(t, NULL, "communication", "others", "rci_sd"),
           "the instrument's norm for the scale");
    /* the composite has no norm, and one subject no cohort sd */
    HAS(absent(t, "E0001", "leadership_index", "others", "rci"),
        "no norm for the scale");
    o.rci_sd = ASSESS_RCI_SD_COHORT;
    t = change_with(r, &o);
    HAS(absent(t, "E0001", "communication", "others", "rci"),
        "fewer than two subjects with a pre mean");
}
