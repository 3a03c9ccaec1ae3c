/*
 * stats_dist.c - quantiles of the F, t and chi-square distributions that
 * exist for every degree of freedom.
 *
 * GSL's inverse CDFs (gsl_cdf_fdist_Pinv and its kin) start from an
 * approximation and polish it with Newton steps; where the approximation
 * is poor they give up and return NaN: for whole ranges of degrees of
 * freedom (qf(0.975, 114, 1254), qf(0.975, 18, 684), qchisq(0.975, 1e6))
 * and for nearly every fractional df below 1.  An interval built on one
 * was then silently absent.
 *
 * Here a quantile is GSL's answer only where the CDF confirms it: the
 * probability asked for lies between the CDF's values a relative 1e-12
 * either side of it.  Otherwise it is found by bisection on the CDF
 * itself, which cannot fail to end: the CDF is monotone, and the
 * bisection halves a range of doubles taken in their order (the bit
 * patterns of positive doubles are ordered as the numbers are), so after
 * at most 64 halvings it holds two neighbouring doubles that bracket the
 * probability, whatever the scale of the answer: 1e-300 or 1e+260.
 * GSL's confirmed answer is kept so that every quantile it already got
 * right stays what it was, bit for bit.
 *
 * The CDFs are GSL's (the regularized incomplete beta and gamma
 * functions).  The tail that holds the probability is the one used (the
 * upper for p > 1/2), so that a quantile far in the upper tail is found
 * as accurately as one in the lower.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "stats.h"
#include "stats_gsl.h"

/* How near GSL's answer must be, relatively, to be kept. */
#define CONFIRM 1e-12

/* A distribution on (0, inf) by its two tails, each P(X <= x) or
 * P(X > x) for parameters a, b. */
typedef struct dist {
    double (*lower)(double x, double a, double b);
    double (*upper)(double x, double a, double b);
    double a, b;
} dist;

static double f_lower(double x, double a, double b)
{
    return gsl_cdf_fdist_P(x, a, b);
}

static double f_upper(double x, double a, double b)
{
    return gsl_cdf_fdist_Q(x, a, b);
}

static double chisq_lower(double x, double a, double b)
{
    (void)b;
    return gsl_cdf_chisq_P(x, a);
}

static double chisq_upper(double x, double a, double b)
{
    (void)b;
    return gsl_cdf_chisq_Q(x, a);
}

static double t_upper(double x, double a, double b)
{
    (void)b;
    return gsl_cdf_tdist_Q(x, a);
}

static uint64_t bits_of(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static double double_of(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/*
 * Whether x is at or past the quantile: the lower tail has reached
 * `target`, or the upper tail has fallen to it.  -1 when the CDF gives no
 * number.
 */
static int past(const dist *d, int upper, double target, double x)
{
    double v = upper ? d->upper(x, d->a, d->b) : d->lower(x, d->a, d->b);
    if (isnan(v))
        return -1;
    return upper ? v <= target : v >= target;
}

/* Whether x is the quantile to a relative CONFIRM. */
static int confirmed(const dist *d, int upper, double target, double x)
{
    if (!(x > 0) || !isfinite(x))
        return 0;
    return past(d, upper, target, x * (1 - CONFIRM)) == 0 &&
           past(d, upper, target, x * (1 + CONFIRM)) == 1;
}

/*
 * The least normal double at which the tail reaches `target` (the lower
 * tail for !upper, the upper tail's complement otherwise): 0 when that is
 * below DBL_MIN, +inf when no double reaches it, NaN when the CDF fails.
 */
static double bisect(const dist *d, int upper, double target)
{
    uint64_t lo = bits_of(DBL_MIN), hi = bits_of(DBL_MAX);
    int at;

    if ((at = past(d, upper, target, DBL_MIN)) != 0)
        return at == 1 ? 0 : NAN;
    if ((at = past(d, upper, target, DBL_MAX)) != 1)
        return at == 0 ? INFINITY : NAN;
    /* past(lo) is 0 and past(hi) is 1 */
    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        if ((at = past(d, upper, target, double_of(mid))) < 0)
            return NAN;
        if (at)
            hi = mid;
        else
            lo = mid;
    }
    return double_of(hi);
}

/* Where a tail of d (the upper when `upper`) is `target`, on (0, inf),
 * with GSL's `guess`. */
static double quantile(const dist *d, int upper, double target, double guess)
{
    if (confirmed(d, upper, target, guess))
        return guess;
    return bisect(d, upper, target);
}

static int valid_p(double p)
{
    return p > 0 && p < 1;
}

static int valid_df(double df)
{
    return df > 0 && isfinite(df);
}

double stat_qf(double p, double df1, double df2)
{
    dist d = { f_lower, f_upper, df1, df2 };
    double x;

    if (!valid_p(p) || !valid_df(df1) || !valid_df(df2))
        return NAN;
    GSL_QUIET_BEGIN;
    x = quantile(&d, p > 0.5, p > 0.5 ? 1 - p : p,
                 gsl_cdf_fdist_Pinv(p, df1, df2));
    GSL_QUIET_END;
    return x;
}

double stat_qchisq(double p, double df)
{
    dist d = { chisq_lower, chisq_upper, df, 0 };
    double x;

    if (!valid_p(p) || !valid_df(df))
        return NAN;
    GSL_QUIET_BEGIN;
    x = quantile(&d, p > 0.5, p > 0.5 ? 1 - p : p, gsl_cdf_chisq_Pinv(p, df));
    GSL_QUIET_END;
    return x;
}

/* The t is symmetric about 0: its p quantile is the point of (0, inf)
 * whose upper tail is min(p, 1 - p), negated for p below 1/2. */
double stat_qt(double p, double df)
{
    dist d = { NULL, t_upper, df, 0 };
    double x;

    if (!valid_p(p) || !valid_df(df))
        return NAN;
    if (p == 0.5)
        return 0;
    GSL_QUIET_BEGIN;
    x = quantile(&d, 1, p > 0.5 ? 1 - p : p, fabs(gsl_cdf_tdist_Pinv(p, df)));
    GSL_QUIET_END;
    return p > 0.5 ? x : -x;
}
