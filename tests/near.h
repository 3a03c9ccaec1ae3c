/*
 * near.h - doubles compared within a tolerance, with both values printed
 * to 17 digits when they are not near enough.
 */
#ifndef ASSESS_TESTS_NEAR_H
#define ASSESS_TESTS_NEAR_H

#include <math.h>

#include <criterion/criterion.h>

/* Arithmetic alone (sums, ratios) agrees with R to this. */
#define TOL 1e-12
/* Values through a distribution's quantile or tail (F, t): GSL against R's
 * qf, pf, qt and pt. */
#define TOL_DIST 1e-10

#define NEAR(actual, expected, tol)                                           \
    do {                                                                      \
        double a_ = (actual), e_ = (expected), t_ = (tol);                    \
        cr_assert(fabs(a_ - e_) <= t_,                                        \
                  "%s = %.17g, expected %.17g (%s) within %g", #actual, a_,   \
                  e_, #expected, t_);                                         \
    } while (0)

#define EQ(actual, expected) NEAR(actual, expected, TOL)
#define EQ_DIST(actual, expected) NEAR(actual, expected, TOL_DIST)

/* Agrees with a figure printed to `digits` decimals. */
#define PRINTED(actual, printed, digits)                                      \
    NEAR(actual, printed, 0.5 * pow(10.0, -(digits)) + 1e-12)

#endif
