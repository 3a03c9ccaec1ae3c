/*
 * stats.h - the statistics of agreement and reliability, on plain arrays.
 *
 * These functions know nothing of instruments, groups or files: they take
 * numbers and return estimates, so that each can be checked against the
 * worked example it was published with (tests/test_stats.c).  The drivers
 * (analysis_agree.c, analysis_reliability.c) gather the numbers from the response table.
 *
 * Conventions:
 * - A rating matrix is row-major, one row per rater (or observation), one
 *   column per item; NAN marks a missing rating.
 * - An estimate is either present (ok = 1) or absent with a reason in
 *   `note`.  A present estimate may carry a note too (a qualification, such
 *   as a truncation).  Notes are static strings.  No function returns NaN
 *   or an infinity in a present value.
 */
#ifndef ASSESS_STATS_H
#define ASSESS_STATS_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

typedef struct stat_est {
    int ok;
    double value;
    int has_ci;          /* 95% confidence interval */
    double lo, hi;
    int has_se;
    double se;
    const char *note;
} stat_est;

/* An absent estimate with its reason, and a present one (absent when the
 * value is not a finite number). */
static inline stat_est stat_absent(const char *why)
{
    stat_est e = { 0 };
    e.note = why;
    return e;
}

static inline stat_est stat_present(double v)
{
    stat_est e = { 0 };
    if (isfinite(v)) {
        e.ok = 1;
        e.value = v;
    } else {
        e.note = "not a finite number";
    }
    return e;
}

/*
 * A significance test beside an estimate: F (or z, t) with df and p.
 * When there is no test but its degrees of freedom are known (F divides
 * by zero), ok is 0, has_df 1 and `note` says why.
 */
typedef struct stat_test {
    int ok;
    double f, df1, df2, p;
    int has_df;
    const char *note;
} stat_test;

/* ---- Exact zeros -------------------------------------------------------- */

/*
 * The scores these statistics see are means of whole numbers over counts:
 * two of them that are equal as fractions can differ in their last bits
 * as doubles (4 1/3 - 4 is not 2 1/3 - 2), and a variance that is zero
 * as a fraction comes out as 1e-32.  Formulas that divide by such a
 * quantity then print 1e15 where the answer is "undefined".  Values whose
 * difference is at most STAT_TIE_TOL times the data's scale (its largest
 * magnitude) are therefore taken as equal, before any formula: far above
 * the rounding of such means (about 1e-15 of the scale), far below the
 * gap between two distinct ones (two means over counts up to m differ by
 * at least 1/m^2: 1e-8 at m = 10,000).
 */
#define STAT_TIE_TOL 1e-9

static inline int stat_same(double a, double b, double scale)
{
    return fabs(a - b) <= STAT_TIE_TOL * scale;
}

/* ---- Intervals ---------------------------------------------------------- */

/* e without an interval, and why, unless a note is there already (the
 * first reason stands).  An absent estimate's note says enough. */
static inline void stat_no_ci(stat_est *e, const char *why)
{
    e->has_ci = 0;
    if (e->ok && !e->note)
        e->note = why;
}

/*
 * Sets e's 95% interval [lo, hi] when both ends are finite and it holds
 * the estimate, as every interval here must: an end that misses it by
 * rounding only (STAT_TIE_TOL of its magnitude) is moved onto it.
 * Otherwise e has no interval, and a note: `why` for an end that is not
 * a finite number, or that the interval misses the estimate.  Nothing
 * for an absent estimate.
 */
static inline void stat_set_ci(stat_est *e, double lo, double hi,
                               const char *why)
{
    double slack = STAT_TIE_TOL * fmax(1, fabs(e->value));
    if (!e->ok)
        return;
    if (!isfinite(lo) || !isfinite(hi)) {
        stat_no_ci(e, why);
        return;
    }
    if (lo > e->value && lo - e->value <= slack)
        lo = e->value;
    if (hi < e->value && e->value - hi <= slack)
        hi = e->value;
    if (!(lo <= e->value && e->value <= hi)) {
        stat_no_ci(e, "the interval does not hold the estimate");
        return;
    }
    e->has_ci = 1;
    e->lo = lo;
    e->hi = hi;
}

/* ---- Quantiles (stats_dist.c) ------------------------------------------- */

/*
 * The p quantiles of the F (df1, df2), chi-square (df) and t (df)
 * distributions, for any positive, finite, possibly fractional degrees of
 * freedom: GSL's inverse where the CDF confirms it to a relative 1e-12,
 * else by bisection on GSL's CDF (whose own accuracy, about 1e-10
 * relative at a million degrees of freedom, bounds the quantile's).
 * A quantile beyond the largest double is +INFINITY (-INFINITY for t's
 * lower tail), one below the least normal double 0; NaN for p outside
 * (0, 1), a degree of freedom not positive and finite, or a CDF that
 * fails.  The caller decides what an infinite quantile means.
 */
double stat_qf(double p, double df1, double df2);
double stat_qchisq(double p, double df);
double stat_qt(double p, double df);

/* ---- Within-group agreement (stats_within.c) ---------------------------- */

/* The null distributions of LeBreton & Senter (2008), Table 3. */
typedef enum rwg_null {
    RWG_NULL_UNIFORM = 0,
    RWG_NULL_SLIGHT_SKEW,
    RWG_NULL_MODERATE_SKEW,
    RWG_NULL_HEAVY_SKEW,
    RWG_NULL_TRIANGULAR,
    RWG_NULL_NORMAL
} rwg_null;

/*
 * The variance expected when raters answer at random by `null` on a scale
 * of `points` options.  Uniform: (A^2 - 1) / 12 for any A >= 2; the others
 * are tabled for 5 to 11 points only.  Returns 0 when there is none.
 */
double rwg_null_variance(rwg_null null, unsigned points);

/*
 * rwg (one item) or rwg_j (J items) of James, Demaree & Wolf (1984) for
 * the n raters of one group: 1 - S^2/sigma^2, and
 * J (1 - mean S^2/sigma^2) / (J (1 - mean S^2/sigma^2) + mean S^2/sigma^2).
 * Item variances use the raters who answered the item (at least two); J is
 * the number of such items.  When the observed variance exceeds the null,
 * the value is truncated to 0 if `truncate` (LeBreton & Senter 2008), and
 * *untruncated always receives the formula's value (it is absent when the
 * formula divides by zero: est->ok tells for the first, *untruncated_ok for
 * the second).
 */
stat_est stat_rwg_j(const double *x, size_t n, size_t n_items, double null_var,
                    int truncate, double *untruncated, int *untruncated_ok);

/*
 * r*wg(j) of Lindell, Brandt & Whitney (1999): 1 - mean S^2 / sigma^2,
 * the mean item variance against the null's, untruncated (it lies between
 * -1 and 1 for the uniform null whatever J; multilevel::rwg.j.lindell).
 * Item variances use the raters who answered the item (at least two), as
 * stat_rwg_j's.
 */
stat_est stat_rwg_j_lindell(const double *x, size_t n, size_t n_items,
                            double null_var);

/*
 * The 95th percentile of rwg_j (stat_rwg_j, truncated or not) among
 * `sims` groups of n raters answering n_items items at random by `null`
 * on a scale of `points` whole points, as multilevel::rwg.j.sim simulates
 * it for the uniform null: the smallest simulated value with at least
 * 95% of the simulated values at or below it (R's quantile type 1;
 * multilevel's rwg.95 is the next simulated value above it).  Random
 * answers come from `seed` (any value; the same seed, the same
 * percentile on every machine).  The uniform null serves any number of
 * points; the skewed, triangular and normal nulls are simulated on 5
 * points, from the proportions of James, Demaree & Wolf (1984) whose
 * variances are LeBreton & Senter's (2008) Table 3; elsewhere (their
 * distributions are tabled by variance only) absent with the reason.
 */
stat_est stat_rwg_j_null_p95(size_t n, size_t n_items, unsigned points,
                             rwg_null null, int truncate, unsigned sims,
                             uint64_t seed);

/*
 * awg of Brown & Hauenstein (2005) on a scale from `lo` to `hi`: per item
 * 1 - 2 S^2 / ([(H + L) M - M^2 - H L] * k / (k - 1)), averaged over the
 * items where it is defined, as R's multilevel::awg does: 1 when every
 * rating sits at one end; undefined for fewer than two ratings or a mean
 * below (L (k - 1) + H) / k or above (H (k - 1) + L) / k.  Each item uses
 * the raters who answered it.
 */
stat_est stat_awg(const double *x, size_t n, size_t n_items, double lo,
                  double hi);

/*
 * Average deviation of Burke, Finkelstein & Dusig (1999): per item the mean
 * absolute deviation from the item mean (ad_m) or median (ad_md), averaged
 * over items with at least two ratings.
 */
stat_est stat_ad(const double *x, size_t n, size_t n_items, int median);

/* ---- Intraclass correlations (stats_icc.c) ------------------------------ */

/*
 * icc1 and icc2 of Bliese (2000) from a one-way ANOVA of y, whose values
 * come in G groups of sizes[g] (in order).  Unequal sizes use the mean
 * group size, as the multilevel package does.  *test receives F = MSB/MSW.
 * Both carry the 95% intervals of R's psychometric package (ICC1.CI,
 * ICC2.CI): McGraw & Wong's (1996) one-way intervals from F's bounds.
 */
void stat_icc_oneway(const double *y, const size_t *sizes, size_t n_groups,
                     stat_est *icc1, stat_est *icc2, stat_test *test);

/* The six ICCs of Shrout & Fleiss (1979), in this order. */
enum { ICC1_1, ICC2_1, ICC3_1, ICC1_K, ICC2_K, ICC3_K, ICC_SF_COUNT };

/*
 * Shrout & Fleiss (1979) on a complete n x k matrix (targets by judges,
 * row-major, no NAN), with F tests and 95% intervals after McGraw & Wong
 * (1996) as the psych package gives them.
 */
void stat_icc_sf(const double *x, size_t n, size_t k,
                 stat_est est[ICC_SF_COUNT], stat_test test[ICC_SF_COUNT]);

/* ---- Krippendorff's alpha (stats_kripp.c) ------------------------------- */

typedef enum kripp_metric {
    KRIPP_NOMINAL = 0,
    KRIPP_ORDINAL,
    KRIPP_INTERVAL,
    KRIPP_RATIO,
    KRIPP_METRICS /* how many */
} kripp_metric;

/*
 * Krippendorff (2011): values of n_units units, unit u holding len[u]
 * values one after another (missing values left out).  Units with fewer
 * than two values are not pairable and are ignored; fewer than two
 * pairable units give no alpha.
 */
stat_est stat_kripp_alpha(const double *values, const size_t *len,
                          size_t n_units, kripp_metric metric);

/* The same in every metric, est[metric], from one pass over the values:
 * the same numbers as four calls, for the cost of about one. */
void stat_kripp_alphas(const double *values, const size_t *len,
                       size_t n_units, stat_est est[KRIPP_METRICS]);

/* ---- Kappas (stats_kappa.c) --------------------------------------------- */

typedef enum kappa_weights {
    KAPPA_UNWEIGHTED = 0,
    KAPPA_LINEAR,
    KAPPA_QUADRATIC
} kappa_weights;

/*
 * Agreement weights over q ordered categories by their index:
 * 1 - |i-j|/(q-1) (linear), 1 - (i-j)^2/(q-1)^2 (quadratic), identity
 * (unweighted).  w holds q * q doubles.
 */
void kappa_weight_matrix(kappa_weights kind, size_t q, double *w);

/*
 * Cohen's (1960, 1968) kappa from a q x q table of counts (rater A in
 * rows), with the large-sample standard error of Fleiss, Cohen & Everitt
 * (1969) and a normal 95% interval kept within [-1, 1] (Gwet 2014 bounds
 * the upper end; psych both) where that holds the estimate.  Kappa is 0
 * exactly where po = pe as fractions (decided in whole numbers for the
 * weights of kappa_weight_matrix), and a variance that is 0 but for
 * rounding is 0: one rater keeping to one category gets kappa 0, se 0.
 */
stat_est stat_cohen_kappa(const double *table, size_t q, const double *w);

/*
 * For n units and q categories, counts[u * q + c] raters put unit u in
 * category c; the number of raters may differ between units.  Fleiss'
 * kappa (Fleiss 1971, generalized to varying raters) and Gwet's AC1 / AC2
 * (Gwet 2008, 2014; weighted by w, identity for AC1), with Gwet's (2014)
 * variance and a t 95% interval kept within [-1, 1], but for an estimate
 * below -1 (possible with raters that vary by unit), whose interval's
 * lower end is left uncut, as Gwet's irrCAC leaves it, and noted.  Units with
 * fewer than two ratings add to the classification probabilities but not
 * to agreement.
 */
stat_est stat_fleiss_kappa(const double *counts, size_t n, size_t q);
stat_est stat_gwet_ac(const double *counts, size_t n, size_t q, const double *w);

/* ---- Reliability (stats_alpha.c) ---------------------------------------- */

typedef struct alpha_result {
    stat_est alpha;     /* with the Feldt (1987) 95% interval */
    stat_est alpha_duhachek; /* alpha with the asymptotic se and interval
                                of Duhachek & Iacobucci (2004) */
    stat_est alpha_std;
    stat_est average_r; /* the mean inter-item correlation */
    stat_est guttman_l6;  /* stat_guttman_l6() of the correlations */
    stat_est omega_total; /* stat_omega_total() of the correlations */
    stat_est sem;       /* sd * sqrt(1 - alpha), sd of the score */
    double n;           /* observations used (pairwise: the fewest a pair had) */
    stat_est *item_total_r;      /* k, item against the sum of the others */
    stat_est *alpha_if_deleted;  /* k */
} alpha_result;

/*
 * Cronbach's (1951) alpha of the k columns of x (n rows).  Listwise: rows
 * with a missing value are dropped; pairwise: each covariance uses the rows
 * that have both items.  The sem is in the metric of the scale score: the
 * mean of the items when `mean_score`, else their sum.  The caller provides
 * the item arrays of *out (k each); they may be NULL.  Returns -1 when out
 * of memory.
 */
int stat_alpha(const double *x, size_t n, size_t k, int pairwise,
               int mean_score, alpha_result *out);

/* ---- Beyond alpha (stats_omega.c) --------------------------------------- */

/*
 * On a k x k correlation matrix r (row-major; from pairwise covariances
 * it need not be positive definite):
 *
 * stat_smc: each item's squared multiple correlation with the others,
 * 1 - 1 / diag(R^-1), through the pseudo-inverse and set into [0, 1], as
 * psych::smc.  0, or -1 when the eigen decomposition fails.
 *
 * stat_guttman_l6: Guttman's (1945) lambda 6, 1 - sum(1 - smc) / sum(r),
 * as psych::alpha's G6(smc).
 *
 * stat_omega_total: McDonald's (1999) omega total of a one-factor model
 * fitted by minres (unweighted least squares), (Vt - sum(1 - l^2)) / Vt
 * with Vt the sum of r over the items turned by the sign of their
 * loadings, as psych::omega(x, nfactors = 1) reports omega.tot.  The fit
 * is solved to the last digits (psych's optimizer stops within about
 * 1e-7 of it); absent for fewer than three items, a fit that does not
 * converge, or a Heywood case (a communality of 0.995 or more, where
 * psych bounds the uniqueness).
 */
int stat_smc(const double *r, size_t k, double *smc);
stat_est stat_guttman_l6(const double *r, size_t k);
stat_est stat_omega_total(const double *r, size_t k);

/*
 * The Spearman-Brown prophecy (Spearman 1910; Brown 1910): the
 * reliability of a test m times as long, m rho / (1 + (m - 1) rho), with
 * rel's interval stepped the same way where the formula is increasing
 * over it.
 */
stat_est stat_spearman_brown(const stat_est *rel, double m);

/* ---- Careless responding (stats_screen.c) ------------------------------- */

/*
 * One rater's k answers in the order they were given (NAN: missing):
 * stat_longstring, the longest run of one answer (Johnson 2005), a missing
 * answer ending a run as careless::longstring; stat_irv, their standard
 * deviation (n - 1; Dunn, Heggestad, Shanock & Theilgard 2018), as
 * careless::irv, exactly 0 when every answer is the same.
 */
stat_est stat_longstring(const double *x, size_t k);
stat_est stat_irv(const double *x, size_t k);

/*
 * Even-odd consistency (Jackson 1976; Johnson 2005), as careless::evenodd
 * computes it before turning its sign: one rater's answers to n_scales
 * scales, scale s's len[s] answers one after another (as scored, NAN
 * missing); each scale's odd-numbered and even-numbered items averaged
 * over what was answered, the two halves correlated across the scales
 * that have both (*used of them) and stepped up by Spearman-Brown, 2r /
 * (1 + r), no lower than -1.  Absent for fewer than three such scales
 * (careless takes two, whose correlation is always +-1) or a half whose
 * mean is the same on every scale.
 */
stat_est stat_even_odd(const double *x, const size_t *len, size_t n_scales,
                       size_t *used);

/*
 * The squared Mahalanobis distance of each of n raters' k answers (row-
 * major, NAN missing) from the items' means, as psych::outlier (and so
 * careless::mahad) computes it: S the pairwise covariances, a missing
 * answer's terms left out (as if at the item's mean), and p[i] its upper
 * chi-square tail on k degrees of freedom (Meade & Craig 2012; NAN where
 * d2[i] is absent).  Every d2 is absent, with the reason, when S is
 * singular or there are no more raters than items.  -1 when out of
 * memory.
 */
int stat_mahalanobis_d2(const double *x, size_t n, size_t k, stat_est *d2,
                        double *p);

/* ---- Change (stats_change.c) -------------------------------------------- */

/*
 * Paired comparison of n (pre, post) pairs; differences are post - pre.
 * mean_diff with its t 95% interval; the paired t test (t, df, p two-
 * sided); Wilcoxon's signed-rank V (the sum of the positive ranks, as R
 * gives it) and p: exact when n <= 50 with no ties and no zero
 * differences, else the normal approximation with tie and continuity
 * corrections, zero differences dropped (R's wilcox.test); effect sizes
 * d_z (mean / sd of the differences), d_av (mean / average of the two
 * sds) and hedges_g (d_av times Hedges' exact small-sample factor), with
 * 95% intervals from the noncentral t (d_z exactly; d_av and hedges_g by
 * scaling, as Algina & Keselman 2003 approximate them).  Equal and zero
 * are decided on the scale of the scores (STAT_TIE_TOL of the largest
 * |pre| or |post|): differences that are all equal have no variance (no
 * t, p or d_z, as R's t.test stops on "data are essentially constant";
 * the mean's interval collapses on it), and Wilcoxon's zeros and ties are
 * those of the exact differences.  Every interval left out is noted.
 */
typedef struct paired_result {
    size_t n;
    stat_est mean_diff, t, df, p;
    stat_est wilcoxon_v, wilcoxon_p;
    int wilcoxon_exact;
    stat_est d_z, d_av, hedges_g;
} paired_result;

int stat_paired(const double *pre, const double *post, size_t n,
                paired_result *out);

/*
 * P(T <= t) for the noncentral t with df degrees of freedom and
 * noncentrality delta; NaN when the integration fails.
 */
double stat_noncentral_t_cdf(double t, double df, double delta);

/*
 * p-values adjusted for n tests by Holm (1979) and by Benjamini &
 * Hochberg (1995).  NaN entries are not tests: they stay NaN and do not
 * count.  `adj` receives n values; -1 when out of memory.
 */
int stat_p_holm(const double *p, size_t n, double *adj);
int stat_p_bh(const double *p, size_t n, double *adj);

/*
 * The Goal Attainment Scaling T-score of Kiresuk & Sherman (1968):
 * 50 + 10 sum(w x) / sqrt((1 - rho) sum(w^2) + rho (sum w)^2), for n goals
 * with weights w and attained levels x (-2..+2).
 */
stat_est stat_gas_t(const double *w, const double *x, size_t n, double rho);

/* ---- Repeated measures (stats_repeated.c) ------------------------------- */

/*
 * One-way repeated-measures ANOVA of y, n subjects by k waves (row-major,
 * complete: no NAN), as aov(y ~ wave + Error(subject/wave)) gives it: F
 * of the waves against the subject x wave error, df1 = k - 1, df2 =
 * (k - 1)(n - 1), p; Greenhouse & Geisser's (1959) epsilon from the
 * covariance matrix of the waves, Huynh & Feldt's (1976) with Lecoutre's
 * (1991) correction (as car::Anova and afex), and the p-values with the
 * degrees of freedom multiplied by each (Huynh-Feldt's at most 1).  No
 * residual variance (every subject's profile the mean profile shifted,
 * within STAT_TIE_TOL) leaves F and the p-values absent.  -1 when out of
 * memory.
 */
typedef struct rm_anova_result {
    size_t n, k;
    stat_est f, df1, df2, p;
    stat_est gg_epsilon, hf_epsilon, p_gg, p_hf;
} rm_anova_result;

int stat_rm_anova(const double *y, size_t n, size_t k, rm_anova_result *out);

/*
 * Friedman's (1937) rank test of y, n subjects by k waves (complete),
 * ranks within each subject with ties at their mean rank and the tie
 * correction of R's friedman.test; chisq on k - 1 df.  -1 when out of
 * memory.
 */
typedef struct friedman_result {
    size_t n;
    stat_est chisq, df, p;
} friedman_result;

int stat_friedman(const double *y, size_t n, size_t k, friedman_result *out);

/* The mean of x[0..n) with its t 95% interval (none for one value). */
stat_est stat_mean_ci(const double *x, size_t n);

/*
 * Jacobson & Truax's (1991) cut-offs of clinically significant change:
 * a, two sds beyond the dysfunctional mean towards the better; b, two sds
 * inside the functional mean; c, (s_f m_d + s_d m_f) / (s_f + s_d).
 */
typedef enum jt_cutoff { JT_CUTOFF_A = 0, JT_CUTOFF_B, JT_CUTOFF_C } jt_cutoff;

stat_est stat_jt_cutoff(jt_cutoff kind, double m_dys, double sd_dys,
                        double m_func, double sd_func, int lower_is_better);

/*
 * Return on investment by the Phillips methodology from n benefit
 * estimates: each annual value times its attribution (the share due to
 * coaching) and the estimator's confidence, both fractions; an estimate
 * with a NAN part is left out (counted, adding nothing, as Phillips'
 * guiding principles would have it).  cost, adjusted_benefits,
 * net_benefits = adjusted - cost, roi_percent = net / cost x 100 and bcr
 * = adjusted / cost (absent without a cost above 0).
 */
typedef struct roi_result {
    stat_est cost, adjusted_benefits, net_benefits, roi_percent, bcr;
    size_t used, left_out;
} roi_result;

void stat_roi(const double *annual, const double *attribution,
              const double *confidence, size_t n, double cost,
              roi_result *out);

#endif
