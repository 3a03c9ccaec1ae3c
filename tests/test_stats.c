/*
 * test_stats.c - the statistics of stats.h against the worked examples
 * they were published with, and the F, t and chi-square quantiles
 * (stats_dist.c) against R over a grid of degrees of freedom: Shrout &
 * Fleiss's six ICCs and Bliese's icc1
 * and icc2 (stats_icc.c), Krippendorff's alpha in four metrics
 * (stats_kripp.c), Cohen's kappa weighted and not, Fleiss' kappa and
 * Gwet's AC1 / AC2 (stats_kappa.c), Cronbach's alpha with its companions
 * (stats_alpha.c), and rwg, rwg_j, awg and the average deviation
 * (stats_within.c).
 *
 * Each statistic is checked against a worked example from a publication,
 * cited beside it, and the figure is asserted twice where the publication
 * prints a few decimals: to the printed precision, and to the
 * full-precision value that R 4.2.2 reproduces (psych 2.2.9, multilevel
 * 2.7, or a few lines of base R written from the paper's formulas, said
 * which at each place).  The tests need no R.  Each statistic is also fed
 * its degenerate cases (one rater, one category, no variance, nothing
 * answered), where the estimate must be absent with a reason and never
 * NaN or an infinity, and inputs in another order, which must not change
 * it.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "rng.h"
#include "near.h"
#include "stats.h"

#include <gsl/gsl_cdf.h>

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
        if (p_.has_se)                                                        \
            cr_assert(isfinite(p_.se) && p_.se >= 0, "%s se %g", #e, p_.se);  \
    } while (0)

/* An absent estimate: not ok, and a reason given. */
#define ABSENT(e)                                                             \
    do {                                                                      \
        stat_est b_ = (e);                                                    \
        cr_assert(!b_.ok, "%s present (%g), expected absent", #e, b_.value);  \
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

#define Z975 1.959963984540054 /* R: qnorm(.975) */

/* Fisher-Yates with the seeded xorshift of rng.h. */
static void shuffle(size_t *idx, size_t n, uint64_t *state)
{
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)(rng_next(state) % i);
        size_t t = idx[i - 1];
        idx[i - 1] = idx[j];
        idx[j] = t;
    }
}

/* ==== Quantiles (stats_dist.c) =========================================== */

/*
 * The F, t and chi-square quantiles at p = .025 and .975 over a grid of
 * degrees of freedom, fractional and tiny to a million, against R 4.2.2:
 *
 *   d <- c(0.05, 0.5, 1, 2.5, 18, 114, 1254, 1e4, 1e6)
 *   qf(p, a, b) for a, b in d; qt(p, a); qchisq(p, a)
 *
 * GSL's inverses return NaN for 74 of 169 such F pairs, qf(.975, 114,
 * 1254) = 1.2926092552467605 among them (the Feldt interval of 115
 * raters on 12 items).  Where R's own quantile is not the inverse of its
 * CDF (pf(qf(p)) off p by more than 1e-12 relative, R's qbeta warning
 * or quietly returning 0 for fractional df below 1, and its qf switching
 * to a chi-square approximation beyond 4e5 df), the value is R's pf
 * inverted instead, marked "pf":
 *
 *   exp(uniroot(function(l) pf(exp(l), a, b, lower.tail = p < .5) -
 *       min(p, 1 - p), log(c(.Machine$double.xmin,
 *       .Machine$double.xmax)), tol = 1e-15)$root)
 *
 * Agreement is to a relative 1e-10: GSL's CDF, on which the quantile is
 * found, is good to about 3e-11 at a million df (and to 1e-14 at most of
 * the grid).
 */
static const struct {
    char kind; /* F, T(t) or C(hi-square) */
    double a, b, p, q;
} QUANTILES[] = {
    { 'F', 0.05, 0.05, 0.025, 8.741146401745038e-53 }, /* pf */
    { 'F', 0.05, 0.05, 0.975, 1.1440147024654862e+52 },
    { 'F', 0.05, 0.5, 0.025, 2.653323639737587e-62 }, /* pf */
    { 'F', 0.05, 0.5, 0.975, 1807.562598107157 },
    { 'F', 0.05, 1, 0.025, 6.360021071846929e-63 }, /* pf */
    { 'F', 0.05, 1, 0.975, 68.14235417363767 },
    { 'F', 0.05, 2.5, 0.025, 2.931249759224175e-63 }, /* pf */
    { 'F', 0.05, 2.5, 0.975, 19.10980191001913 },
    { 'F', 0.05, 18, 0.025, 2.003263324167763e-63 }, /* pf */
    { 'F', 0.05, 18, 0.975, 11.39478831792644 },
    { 'F', 0.05, 114, 0.025, 1.9121691082229854e-63 }, /* pf */
    { 'F', 0.05, 114, 0.975, 10.734792395371029 },
    { 'F', 0.05, 1254, 0.025, 1.8973147315246482e-63 }, /* pf */
    { 'F', 0.05, 1254, 0.975, 10.62869176240584 },
    { 'F', 0.05, 10000, 0.025, 1.8960246069883714e-63 }, /* pf */
    { 'F', 0.05, 10000, 0.975, 10.619496732955369 },
    { 'F', 0.05, 1e+06, 0.025, 1.8958415961927615e-63 }, /* pf */
    { 'F', 0.05, 1e+06, 0.975, 10.61819262885311 }, /* pf */
    { 'F', 0.5, 0.05, 0.025, 0.0005532311860442229 },
    { 'F', 0.5, 0.05, 0.975, 3.768857990120126e+61 },
    { 'F', 0.5, 0.5, 0.025, 4.616041729394332e-06 }, /* pf */
    { 'F', 0.5, 0.5, 0.975, 216635.82320587177 },
    { 'F', 0.5, 1, 0.025, 2.3080182012231517e-06 }, /* pf */
    { 'F', 0.5, 1, 0.975, 464.44261000242767 },
    { 'F', 0.5, 2.5, 0.025, 1.4425108763634057e-06 }, /* pf */
    { 'F', 0.5, 2.5, 0.975, 24.77647650357209 },
    { 'F', 0.5, 18, 0.025, 1.099918065967212e-06 }, /* pf */
    { 'F', 0.5, 18, 0.975, 7.916938286511476 },
    { 'F', 0.5, 114, 0.025, 1.0616119623202965e-06 }, /* pf */
    { 'F', 0.5, 114, 0.975, 7.017574395788025 },
    { 'F', 0.5, 1254, 0.025, 1.0552715568317514e-06 }, /* pf */
    { 'F', 0.5, 1254, 0.975, 6.879997629841074 },
    { 'F', 0.5, 10000, 0.025, 1.0547196206032288e-06 }, /* pf */
    { 'F', 0.5, 10000, 0.975, 6.868164620588146 },
    { 'F', 0.5, 1e+06, 0.025, 1.0546413092330934e-06 }, /* pf */
    { 'F', 0.5, 1e+06, 0.975, 6.8664875369115945 }, /* pf */
    { 'F', 1, 0.05, 0.025, 0.01467516072972528 },
    { 'F', 1, 0.05, 0.975, 1.5723218346343996e+62 },
    { 'F', 1, 0.5, 0.025, 0.002153118552138844 },
    { 'F', 1, 0.5, 0.975, 433272.14641116693 },
    { 'F', 1, 1, 0.025, 0.0015437125086741332 },
    { 'F', 1, 1, 0.975, 647.789011477844 },
    { 'F', 1, 2.5, 0.025, 0.0011942738961512323 },
    { 'F', 1, 2.5, 0.975, 23.657577241324027 },
    { 'F', 1, 18, 0.025, 0.0010097450434081617 }, /* pf */
    { 'F', 1, 18, 0.975, 5.978052464789611 },
    { 'F', 1, 114, 0.025, 0.0009863901063261599 }, /* pf */
    { 'F', 1, 114, 0.975, 5.159223835315177 },
    { 'F', 1, 1254, 0.025, 0.0009824611546519803 }, /* pf */
    { 'F', 1, 1254, 0.975, 5.035974125353992 },
    { 'F', 1, 10000, 0.025, 0.000982118270086049 }, /* pf */
    { 'F', 1, 10000, 0.975, 5.025399686597876 },
    { 'F', 1, 1e+06, 0.025, 0.0009820696086921708 }, /* pf */
    { 'F', 1, 1e+06, 0.975, 5.023901319007521 }, /* pf */
    { 'F', 2.5, 0.05, 0.025, 0.05232916618961424 },
    { 'F', 2.5, 0.05, 0.975, 3.4115141395002247e+62 },
    { 'F', 2.5, 0.5, 0.025, 0.04036086405812492 },
    { 'F', 2.5, 0.5, 0.975, 693235.6742578014 },
    { 'F', 2.5, 1, 0.025, 0.04226975525850732 },
    { 'F', 2.5, 1, 0.975, 837.328860006578 },
    { 'F', 2.5, 2.5, 0.025, 0.0446420409464634 },
    { 'F', 2.5, 2.5, 0.975, 22.400409542190122 },
    { 'F', 2.5, 18, 0.025, 0.04696521392751603 },
    { 'F', 2.5, 18, 0.975, 4.207863773592701 },
    { 'F', 2.5, 114, 0.025, 0.04737028594574806 },
    { 'F', 2.5, 114, 0.975, 3.475737416191839 },
    { 'F', 2.5, 1254, 0.025, 0.047441965481656134 }, /* pf */
    { 'F', 2.5, 1254, 0.975, 3.367503136717218 },
    { 'F', 2.5, 10000, 0.025, 0.04744827210100237 }, /* pf */
    { 'F', 2.5, 10000, 0.975, 3.3582431310055227 },
    { 'F', 2.5, 1e+06, 0.025, 0.04744916779201793 }, /* pf */
    { 'F', 2.5, 1e+06, 0.975, 3.3569313536931027 }, /* pf */
    { 'F', 18, 0.05, 0.025, 0.08775941878856851 },
    { 'F', 18, 0.05, 0.975, 4.991854979501435e+62 },
    { 'F', 18, 0.5, 0.025, 0.12631145574340963 },
    { 'F', 18, 0.5, 0.975, 909158.6282116801 },
    { 'F', 18, 1, 0.025, 0.16727855867608094 },
    { 'F', 18, 1, 0.975, 990.3490059478074 },
    { 'F', 18, 2.5, 0.025, 0.2376502790503109 },
    { 'F', 18, 2.5, 0.975, 21.292354838271358 },
    { 'F', 18, 18, 0.025, 0.3852685287058413 },
    { 'F', 18, 18, 0.975, 2.5955922311098405 },
    { 'F', 18, 114, 0.025, 0.44260151670641656 },
    { 'F', 18, 114, 0.975, 1.8724422343873355 },
    { 'F', 18, 1254, 0.025, 0.45585532918539035 },
    { 'F', 18, 1254, 0.975, 1.762321562964288 },
    { 'F', 18, 10000, 0.025, 0.45708617673390073 },
    { 'F', 18, 10000, 0.975, 1.7528253714079363 },
    { 'F', 18, 1e+06, 0.025, 0.45726190120062266 }, /* pf */
    { 'F', 18, 1e+06, 0.975, 1.7514790658888688 }, /* pf */
    { 'F', 114, 0.05, 0.025, 0.09315503860430598 },
    { 'F', 114, 0.05, 0.975, 5.229662981687245e+62 },
    { 'F', 114, 0.5, 0.025, 0.14249937992822795 },
    { 'F', 114, 0.5, 0.975, 941963.7640615513 },
    { 'F', 114, 1, 0.025, 0.19382760506627855 },
    { 'F', 114, 1, 0.975, 1013.7976786127025 },
    { 'F', 114, 2.5, 0.025, 0.28770873062546876 },
    { 'F', 114, 2.5, 0.975, 21.110280000111302 },
    { 'F', 114, 18, 0.025, 0.5340618693784165 },
    { 'F', 114, 18, 0.975, 2.2593686696815225 },
    { 'F', 114, 114, 0.025, 0.6914411726964578 },
    { 'F', 114, 114, 0.975, 1.446254633782127 },
    { 'F', 114, 1254, 0.025, 0.7498664148346523 },
    { 'F', 114, 1254, 0.975, 1.2926092552467605 },
    { 'F', 114, 10000, 0.025, 0.756422268471342 },
    { 'F', 114, 10000, 0.975, 1.2779309054098487 },
    { 'F', 114, 1e+06, 0.025, 0.7573805184315536 }, /* pf */
    { 'F', 114, 1e+06, 0.975, 1.275822349573758 }, /* pf */
    { 'F', 1254, 0.05, 0.025, 0.09408495630075622 },
    { 'F', 1254, 0.05, 0.975, 5.270606839153064e+62 },
    { 'F', 1254, 0.5, 0.025, 0.14534888728196801 },
    { 'F', 1254, 0.5, 0.975, 947623.3804711885 },
    { 'F', 1254, 1, 0.025, 0.19857131413074547 },
    { 'F', 1254, 1, 0.975, 1017.8519479014224 },
    { 'F', 1254, 2.5, 0.025, 0.29695592235582335 },
    { 'F', 1254, 2.5, 0.975, 21.078384713775353 },
    { 'F', 1254, 18, 0.025, 0.5674333339699733 },
    { 'F', 1254, 18, 0.975, 2.193678423781955 },
    { 'F', 1254, 114, 0.025, 0.773628995723923 },
    { 'F', 1254, 114, 0.975, 1.333570860378518 },
    { 'F', 1254, 1254, 0.025, 0.8951663811184352 },
    { 'F', 1254, 1254, 0.975, 1.1171107640912346 },
    { 'F', 1254, 10000, 0.025, 0.9190402026511371 },
    { 'F', 1254, 10000, 0.975, 1.0851390815759756 },
    { 'F', 1254, 1e+06, 0.025, 0.9232044733997525 }, /* pf */
    { 'F', 1254, 1e+06, 0.975, 1.0798279822256014 }, /* pf */
    { 'F', 10000, 0.05, 0.025, 0.09416642098471555 },
    { 'F', 10000, 0.05, 0.975, 5.274193152948407e+62 },
    { 'F', 10000, 0.5, 0.025, 0.14559930567216028 },
    { 'F', 10000, 0.5, 0.975, 948119.2730899084 },
    { 'F', 10000, 1, 0.025, 0.19898914760294506 },
    { 'F', 10000, 1, 0.975, 1018.2073080794868 },
    { 'F', 10000, 2.5, 0.025, 0.2977747473872063 },
    { 'F', 10000, 2.5, 0.975, 21.07558306594001 },
    { 'F', 10000, 18, 0.025, 0.5705074882597981 },
    { 'F', 10000, 18, 0.975, 2.1877712582462334 },
    { 'F', 10000, 114, 0.025, 0.7825149198338563 },
    { 'F', 10000, 114, 0.975, 1.3220129042748896 },
    { 'F', 10000, 1254, 0.025, 0.9215408577374933 },
    { 'F', 10000, 1254, 0.975, 1.08809168207802 },
    { 'F', 10000, 10000, 0.025, 0.9615569218502431 },
    { 'F', 10000, 10000, 0.975, 1.0399800337101048 },
    { 'F', 10000, 1e+06, 0.025, 0.9723393025354988 }, /* pf */
    { 'F', 10000, 1e+06, 0.975, 1.0280511308901872 }, /* pf */
    { 'F', 1e+06, 0.05, 0.025, 0.09417798630650871 }, /* pf */
    { 'F', 1e+06, 0.05, 0.975, 5.27470228529719e+62 }, /* pf */
    { 'F', 1e+06, 0.5, 0.025, 0.1456348671171956 }, /* pf */
    { 'F', 1e+06, 0.5, 0.975, 948189.6747693009 }, /* pf */
    { 'F', 1e+06, 1, 0.025, 0.19904849568135058 }, /* pf */
    { 'F', 1e+06, 1, 0.975, 1018.2577600906601 }, /* pf */
    { 'F', 1e+06, 2.5, 0.025, 0.29789110787143674 }, /* pf */
    { 'F', 1e+06, 2.5, 0.975, 21.075185225234318 }, /* pf */
    { 'F', 1e+06, 18, 0.025, 0.5709460189822501 }, /* pf */
    { 'F', 1e+06, 18, 0.975, 2.1869305038848 }, /* pf */
    { 'F', 1e+06, 114, 0.025, 0.7838081848417939 }, /* pf */
    { 'F', 1e+06, 114, 0.975, 1.320340272378385 }, /* pf */
    { 'F', 1e+06, 1254, 0.025, 0.9260734269350288 }, /* pf */
    { 'F', 1e+06, 1254, 0.975, 1.0831836595390876 }, /* pf */
    { 'F', 1e+06, 10000, 0.025, 0.9727142648382697 }, /* pf */
    { 'F', 1e+06, 10000, 0.975, 1.028447577293618 }, /* pf */
    { 'F', 1e+06, 1e+06, 0.025, 0.9960877426934703 }, /* pf */
    { 'F', 1e+06, 1e+06, 0.975, 1.0039276231790089 }, /* pf */
    { 'T', 0.05, 0, 0.025, -1.1958337585474908e+25 },
    { 'C', 0.05, 0, 0.025, 9.479198738737854e-65 },
    { 'T', 0.05, 0, 0.975, 1.1958337585474908e+25 },
    { 'C', 0.05, 0, 0.975, 0.5309089728735448 },
    { 'T', 0.5, 0, 0.025, -164.55767348049446 },
    { 'C', 0.5, 0, 0.025, 5.273202591259996e-07 },
    { 'T', 0.5, 0, 0.975, 164.55767348049446 },
    { 'C', 0.5, 0, 0.975, 3.4332352999607787 },
    { 'T', 1, 0, 0.025, -12.706204736174707 },
    { 'C', 1, 0, 0.025, 0.0009820691171752562 },
    { 'T', 1, 0, 0.975, 12.706204736174694 },
    { 'C', 1, 0, 0.975, 5.023886187314885 },
    { 'T', 2.5, 0, 0.025, -3.574654842003693 },
    { 'C', 2.5, 0, 0.025, 0.11862294210006344 },
    { 'T', 2.5, 0, 0.975, 3.574654842003692 },
    { 'C', 2.5, 0, 0.975, 8.392295266912965 },
    { 'T', 18, 0, 0.025, -2.1009220402410387 },
    { 'C', 18, 0, 0.025, 8.230746194756664 },
    { 'T', 18, 0, 0.975, 2.1009220402410382 },
    { 'C', 18, 0, 0.975, 31.52637844038663 },
    { 'T', 114, 0, 0.025, -1.9809922979758567 },
    { 'C', 114, 0, 0.025, 86.3424867258495 },
    { 'T', 114, 0, 0.975, 1.9809922979758567 },
    { 'C', 114, 0, 0.975, 145.44131601516992 },
    { 'T', 1254, 0, 0.025, -1.9618575440717718 },
    { 'C', 1254, 0, 0.025, 1157.752948024382 },
    { 'T', 1254, 0, 0.975, 1.9618575440717716 },
    { 'C', 1254, 0, 0.975, 1354.0352290414426 },
    { 'T', 10000, 0, 0.025, -1.960201239890626 },
    { 'C', 10000, 0, 0.025, 9724.718377389798 },
    { 'T', 10000, 0, 0.975, 1.9602012398906257 },
    { 'C', 10000, 0, 0.975, 10279.07017988759 },
    { 'T', 1e+06, 0, 0.025, -1.9599663568141066 },
    { 'C', 1e+06, 0, 0.025, 997230.0871432901 },
    { 'T', 1e+06, 0, 0.975, 1.9599663568141066 },
    { 'C', 1e+06, 0, 0.975, 1002773.701467926 },
};

static double quantile_of(char kind, double a, double b, double p)
{
    return kind == 'F' ? stat_qf(p, a, b)
         : kind == 'T' ? stat_qt(p, a) : stat_qchisq(p, a);
}

Test(stats, quantiles_as_r_over_a_grid_of_df)
{
    for (size_t i = 0; i < sizeof QUANTILES / sizeof QUANTILES[0]; i++) {
        double want = QUANTILES[i].q;
        double got = quantile_of(QUANTILES[i].kind, QUANTILES[i].a,
                                 QUANTILES[i].b, QUANTILES[i].p);
        cr_assert(fabs(got - want) <= 1e-10 * fabs(want),
                  "%c(%g, %g) at %g: %.17g, R %.17g", QUANTILES[i].kind,
                  QUANTILES[i].a, QUANTILES[i].b, QUANTILES[i].p, got, want);
    }
}

/*
 * The cases the issue found, and the ends of the range.  R 4.2.2:
 * qf(.975, 114, 1254) = 1.2926092552467605, qf(.025, 114, 1254) =
 * 0.74986641483465233; qf(.975, 18, 684) = 1.771388765691603 (19
 * subjects by 37 raters); qf(.975, 684, 18) = 2.1992812738185683;
 * qchisq(.975, 1e6) = 1002773.701467926; qt(.975, .01) =
 * 6.3641819283995872e+128.  Beyond the doubles: qf(.975, 18, .01) is
 * Inf in R too; qchisq(.025, .01) = 4.4e-321 lies below the least normal
 * double, given as 0.
 */
Test(stats, quantiles_where_gsl_gave_nan)
{
    EQ_DIST(stat_qf(0.975, 114, 1254) / 1.2926092552467605, 1);
    EQ_DIST(stat_qf(0.025, 114, 1254) / 0.74986641483465233, 1);
    EQ_DIST(stat_qf(0.975, 18, 684) / 1.771388765691603, 1);
    EQ_DIST(stat_qf(0.975, 684, 18) / 2.1992812738185683, 1);
    EQ_DIST(stat_qchisq(0.975, 1e6) / 1002773.701467926, 1);
    EQ_DIST(stat_qt(0.975, 0.01) / 6.3641819283995872e+128, 1);
    EQ_DIST(stat_qt(0.025, 0.01) / -6.3641819283995872e+128, 1);
    cr_assert(isinf(stat_qf(0.975, 18, 0.01)) && stat_qf(0.975, 18, 0.01) > 0);
    cr_assert_eq(stat_qchisq(0.025, 0.01), 0);
    EQ(stat_qt(0.5, 3), 0);
    /* Not a distribution or not a probability: NaN. */
    cr_assert(isnan(stat_qf(0.975, 0, 3)));
    cr_assert(isnan(stat_qf(0.975, 3, NAN)));
    cr_assert(isnan(stat_qt(1, 3)));
    cr_assert(isnan(stat_qchisq(0, 3)));
    cr_assert(isnan(stat_qchisq(0.5, INFINITY)));
}

/*
 * A property rather than examples: over fractional df drawn log-uniform
 * from 0.02 to 1e6, each quantile is where its CDF crosses p.  The
 * tails are R's (pf, pt, pchisq) values' equals in GSL, so this checks
 * the search, not the CDF: the CDF a relative 1e-9 below and above the
 * quantile brackets p.
 */
Test(stats, quantiles_invert_the_cdf_everywhere)
{
    static const double ps[5] = { 0.001, 0.025, 0.5, 0.975, 0.999 };
    uint64_t state = 0x9e3779b97f4a7c15;
    for (int round = 0; round < 300; round++) {
        double a = 0.02 * pow(5e7, (double)(rng_next(&state) % 10000) / 1e4);
        double b = 0.02 * pow(5e7, (double)(rng_next(&state) % 10000) / 1e4);
        double p = ps[round % 5];
        double q = stat_qf(p, a, b);
        cr_assert(!isnan(q), "qf(%g, %g, %g) is NaN", p, a, b);
        if (q > 0 && isfinite(q)) {
            double below = p < 0.5 ? gsl_cdf_fdist_P(q * (1 - 1e-9), a, b)
                                   : 1 - gsl_cdf_fdist_Q(q * (1 - 1e-9), a, b);
            double above = p < 0.5 ? gsl_cdf_fdist_P(q * (1 + 1e-9), a, b)
                                   : 1 - gsl_cdf_fdist_Q(q * (1 + 1e-9), a, b);
            cr_assert(below <= p && p <= above,
                      "qf(%g, %g, %g) = %.17g: CDF %.17g .. %.17g", p, a, b,
                      q, below, above);
        }
        double c = stat_qchisq(p, a);
        cr_assert(!isnan(c), "qchisq(%g, %g) is NaN", p, a);
        if (c > 0 && isfinite(c))
            cr_assert(gsl_cdf_chisq_P(c * (1 - 1e-9), a) <= p &&
                      p <= gsl_cdf_chisq_P(c * (1 + 1e-9), a),
                      "qchisq(%g, %g) = %.17g", p, a, c);
        double t = stat_qt(p, a);
        cr_assert(isfinite(t), "qt(%g, %g) = %g", p, a, t);
        cr_assert(gsl_cdf_tdist_P(t - 1e-9 * fabs(t), a) <= p &&
                  p <= gsl_cdf_tdist_P(t + 1e-9 * fabs(t), a),
                  "qt(%g, %g) = %.17g", p, a, t);
    }
}

/* ==== Shrout & Fleiss (1979) ============================================= */

/*
 * Shrout & Fleiss (1979), Table 2: 6 targets (rows) by 4 judges.  The
 * estimates they work out from it: ICC(1,1) = .17, ICC(2,1) = .29,
 * ICC(3,1) = .71, ICC(1,4) = .44, ICC(2,4) = .62, ICC(3,4) = .91.  The
 * full-precision values, F tests and 95% bounds are psych::ICC(x, lmer =
 * FALSE) (psych 2.2.9), whose intervals follow McGraw & Wong (1996).
 */
static const double SF[6 * 4] = {
    9, 2, 5, 8,
    6, 1, 3, 2,
    8, 4, 6, 8,
    7, 1, 2, 6,
    10, 5, 6, 9,
    6, 2, 4, 7,
};

static const struct {
    double printed, icc, f, df1, df2, p, lo, hi;
} SF_PSYCH[ICC_SF_COUNT] = {
    [ICC1_1] = { .17, 0.165741768405476, 1.79467849223947, 5, 18,
                 0.16476880834464, -0.132932324874751, 0.722560062328121 },
    [ICC2_1] = { .29, 0.289763779527559, 11.0272479564033, 5, 15,
                 0.000134566516484337, 0.018786513374712, 0.761084369648953 },
    [ICC3_1] = { .71, 0.714840714840715, 11.0272479564033, 5, 15,
                 0.000134566516484337, 0.342464765033925, 0.94585825995536 },
    [ICC1_K] = { .44, 0.442797133679269, 1.79467849223947, 5, 18,
                 0.16476880834464, -0.884442155238119, 0.912415420340776 },
    [ICC2_K] = { .62, 0.620050547598989, 11.0272479564033, 5, 15,
                 0.000134566516484337, 0.0711368153025035, 0.927232040167722 },
    [ICC3_K] = { .91, 0.909315542377069, 11.0272479564033, 5, 15,
                 0.000134566516484337, 0.675674713816305, 0.985891678169062 },
};

Test(stats, icc_sf_shrout_fleiss_table2)
{
    stat_est est[ICC_SF_COUNT];
    stat_test test[ICC_SF_COUNT];

    stat_icc_sf(SF, 6, 4, est, test);
    for (int i = 0; i < ICC_SF_COUNT; i++) {
        PRESENT(est[i]);
        PRINTED(est[i].value, SF_PSYCH[i].printed, 2);
        EQ(est[i].value, SF_PSYCH[i].icc);
    }
}

Test(stats, icc_sf_f_tests_as_psych)
{
    stat_est est[ICC_SF_COUNT];
    stat_test test[ICC_SF_COUNT];

    /* The mean squares of the example: BMS 11.24, WMS 6.26, EMS 1.02;
     * F = BMS/WMS for the one-way ICCs, BMS/EMS for the rest. */
    stat_icc_sf(SF, 6, 4, est, test);
    for (int i = 0; i < ICC_SF_COUNT; i++) {
        cr_assert(test[i].ok, "test %d", i);
        EQ(test[i].f, SF_PSYCH[i].f);
        EQ(test[i].df1, SF_PSYCH[i].df1);
        EQ(test[i].df2, SF_PSYCH[i].df2);
        EQ_DIST(test[i].p, SF_PSYCH[i].p);
    }
}

Test(stats, icc_sf_intervals_as_psych)
{
    stat_est est[ICC_SF_COUNT];
    stat_test test[ICC_SF_COUNT];

    stat_icc_sf(SF, 6, 4, est, test);
    for (int i = 0; i < ICC_SF_COUNT; i++) {
        cr_assert(est[i].has_ci, "ICC %d without an interval", i);
        EQ_DIST(est[i].lo, SF_PSYCH[i].lo);
        EQ_DIST(est[i].hi, SF_PSYCH[i].hi);
    }
}

Test(stats, icc_sf_order_of_targets_and_judges)
{
    uint64_t state = 0x5eed1979u;
    stat_est est[ICC_SF_COUNT];
    stat_test test[ICC_SF_COUNT];

    for (int trial = 0; trial < 20; trial++) {
        size_t rows[6], cols[4];
        double x[6 * 4];
        shuffle(rows, 6, &state);
        shuffle(cols, 4, &state);
        for (size_t i = 0; i < 6; i++)
            for (size_t j = 0; j < 4; j++)
                x[i * 4 + j] = SF[rows[i] * 4 + cols[j]];
        stat_icc_sf(x, 6, 4, est, test);
        for (int i = 0; i < ICC_SF_COUNT; i++) {
            EQ(est[i].value, SF_PSYCH[i].icc);
            EQ(test[i].f, SF_PSYCH[i].f);
            EQ_DIST(est[i].lo, SF_PSYCH[i].lo);
            EQ_DIST(est[i].hi, SF_PSYCH[i].hi);
        }
    }
}

Test(stats, icc_sf_degenerate)
{
    stat_est est[ICC_SF_COUNT];
    stat_test test[ICC_SF_COUNT];
    static const double flat[3 * 2] = { 4, 4, 4, 4, 4, 4 };

    /* One target. */
    stat_icc_sf(SF, 1, 4, est, test);
    for (int i = 0; i < ICC_SF_COUNT; i++) {
        ABSENT(est[i]);
        cr_assert(!test[i].ok);
    }
    /* One judge (k = 1): the first column of Table 2 as a 6 x 1 matrix. */
    double one[6];
    for (size_t i = 0; i < 6; i++)
        one[i] = SF[i * 4];
    stat_icc_sf(one, 6, 1, est, test);
    for (int i = 0; i < ICC_SF_COUNT; i++) {
        ABSENT(est[i]);
        cr_assert(!test[i].ok);
    }
    /* Every rating the same: no variance anywhere. */
    stat_icc_sf(flat, 3, 2, est, test);
    for (int i = 0; i < ICC_SF_COUNT; i++) {
        ABSENT(est[i]);
        cr_assert(!test[i].ok);
        cr_assert(!est[i].has_ci);
    }
}

Test(stats, icc_sf_perfect_consistency_is_finite)
{
    /* x_ij = a_i + b_j: no residual (EMS = 0), so F = BMS/EMS has no finite
     * value.  ICC(3,1) = ICC(3,k) = (BMS - 0) / BMS = 1 exactly; whatever
     * the function gives must be finite or absent with a reason. */
    static const double x[3 * 3] = { 1, 2, 4, 3, 4, 6, 6, 7, 9 };
    stat_est est[ICC_SF_COUNT];
    stat_test test[ICC_SF_COUNT];

    stat_icc_sf(x, 3, 3, est, test);
    for (int i = 0; i < ICC_SF_COUNT; i++)
        WELL_FORMED(est[i]);
    EQ(est[ICC3_1].value, 1);
    EQ(est[ICC3_K].value, 1);
    cr_assert(!test[ICC3_1].ok, "F = BMS/0 reported as a test");
}

/*
 * The matrix x_ij = 1 + (i mod 5) + [(i j + j) mod 3 = 0] - [(i + 2 j)
 * mod 4 = 0], rows i and columns j counted from 0.  In R:
 *   m <- function(n, k) outer(0:(n - 1), 0:(k - 1), function(i, j)
 *     1 + (i %% 5) + ((i * j + j) %% 3 == 0) - ((i + 2 * j) %% 4 == 0))
 */
static void icc_matrix(double *x, size_t n, size_t k)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < k; j++)
            x[i * k + j] = 1.0 + (double)(i % 5) + ((i * j + j) % 3 == 0) -
                           ((i + 2 * j) % 4 == 0);
}

/*
 * 19 subjects by 37 crossed raters: ICC(1) has F(18, 684), whose
 * quantiles GSL could not invert, so icc1_1 and icc1_k had no interval
 * and no note.  psych::ICC(m(19, 37), lmer = FALSE) (psych 2.2.9):
 * ICC1 0.87884375060419118 [0.80327399987901182, 0.94112649554502215],
 * ICC1k 0.99628792029887936 [0.99342446372008286, 0.99831213963156451],
 * F 269.39076757917474; ICC3 (F(18, 648)) 0.91641268766226458
 * [0.86059958839542272, 0.96024145333925137].
 */
Test(stats, icc_sf_intervals_at_19_by_37)
{
    static double x[19 * 37];
    stat_est est[ICC_SF_COUNT];
    stat_test test[ICC_SF_COUNT];

    icc_matrix(x, 19, 37);
    stat_icc_sf(x, 19, 37, est, test);
    for (int i = 0; i < ICC_SF_COUNT; i++) {
        PRESENT(est[i]);
        cr_assert(est[i].has_ci, "ICC %d without an interval: %s", i,
                  est[i].note ? est[i].note : "(no note)");
    }
    EQ(est[ICC1_1].value, 0.87884375060419118);
    EQ(test[ICC1_1].f / 269.39076757917474, 1);
    EQ_DIST(est[ICC1_1].lo, 0.80327399987901182);
    EQ_DIST(est[ICC1_1].hi, 0.94112649554502215);
    EQ(est[ICC1_K].value, 0.99628792029887936);
    EQ_DIST(est[ICC1_K].lo, 0.99342446372008286);
    EQ_DIST(est[ICC1_K].hi, 0.99831213963156451);
    EQ_DIST(est[ICC3_1].lo, 0.86059958839542272);
    EQ_DIST(est[ICC3_1].hi, 0.96024145333925137);
}

/*
 * 33 by 33: ICC(3) has F(32, 1024), where GSL failed too.
 * psych::ICC(m(33, 33), lmer = FALSE): ICC3 0.92187240368409873
 * [0.88301716632232619, 0.95409446968483846], ICC3k 0.99743843248733344
 * [0.99600148218476170, 0.99854411541700983].
 */
Test(stats, icc_sf_intervals_at_33_by_33)
{
    static double x[33 * 33];
    stat_est est[ICC_SF_COUNT];
    stat_test test[ICC_SF_COUNT];

    icc_matrix(x, 33, 33);
    stat_icc_sf(x, 33, 33, est, test);
    EQ(est[ICC3_1].value, 0.92187240368409873);
    cr_assert(est[ICC3_1].has_ci && est[ICC3_K].has_ci);
    EQ_DIST(est[ICC3_1].lo, 0.88301716632232619);
    EQ_DIST(est[ICC3_1].hi, 0.95409446968483846);
    EQ_DIST(est[ICC3_K].lo, 0.99600148218476170);
    EQ_DIST(est[ICC3_K].hi, 0.99854411541700983);
}

/*
 * Three subjects, each rated alike by three raters: no variance within
 * subjects and no residual, so every ICC is 1 and F = BMS / 0 has no
 * value.  With ratings 1, 2, 5 the mean squares came out 1e-19 instead
 * of 0 (grand mean 8/3), and F = 4.5e19, p = 3e-58 were printed; with
 * 1, 2, 4 they came out 0, and F, p and the intervals were left out
 * without a word.  Now both give ICCs of exactly 1, no test (its df kept)
 * and no interval, each with its reason.  psych::ICC gives F = Inf there.
 */
Test(stats, icc_sf_exactly_one_whatever_the_rounding)
{
    static const double x125[3 * 3] = { 1, 1, 1, 2, 2, 2, 5, 5, 5 };
    static const double x124[3 * 3] = { 1, 1, 1, 2, 2, 2, 4, 4, 4 };
    const double *xs[2] = { x125, x124 };
    stat_est est[ICC_SF_COUNT];
    stat_test test[ICC_SF_COUNT];

    for (int c = 0; c < 2; c++) {
        stat_icc_sf(xs[c], 3, 3, est, test);
        for (int i = 0; i < ICC_SF_COUNT; i++) {
            PRESENT(est[i]);
            cr_assert_eq(est[i].value, 1, "case %d ICC %d = %.17g", c, i,
                         est[i].value);
            cr_assert(!est[i].has_ci);
            cr_assert_not_null(est[i].note, "case %d ICC %d: no note", c, i);
            cr_assert(!test[i].ok, "case %d: F = %g reported", c, test[i].f);
            cr_assert(test[i].has_df && test[i].note != NULL);
        }
        cr_assert_str_eq(test[ICC1_1].note,
                         "no variance within subjects: F divides by zero");
        cr_assert_str_eq(test[ICC3_1].note,
                         "no residual variance: F divides by zero");
        EQ(test[ICC1_1].df1, 2);
        EQ(test[ICC1_1].df2, 6);
        EQ(test[ICC3_1].df2, 4);
    }
}

/*
 * Satterthwaite's df for ICC(2) near 0: subjects 1 4 1, 1 1 4, 1 5 1
 * give v = 0.0096, and qf(.975, 2, v) is beyond the largest double (R:
 * Inf), so GSL gave NaN and the interval was dropped without a note;
 * psych prints NaN for its lower end.  As the quantile grows without
 * bound the lower end goes to -N EMS / (K JMS + (KN - K - N) EMS):
 * EMS = 65/18, JMS = 37/9, so -3 (65/18) / (139/6) = -65/139 exactly.
 * psych::ICC: ICC2 -0.44680851063829774 with upper end
 * -0.44507245055969513; ICC2k -12.599999999999973 with upper end
 * -12.15435027854461758.  The lower end -65/139 stepped up by
 * Spearman-Brown, 3x / (1 + 2x), is -195/9.
 */
Test(stats, icc_sf_satterthwaite_df_near_zero)
{
    static const double x[3 * 3] = { 1, 4, 1, 1, 1, 4, 1, 5, 1 };
    stat_est est[ICC_SF_COUNT];
    stat_test test[ICC_SF_COUNT];

    stat_icc_sf(x, 3, 3, est, test);
    EQ(est[ICC2_1].value, -0.44680851063829774);
    cr_assert(est[ICC2_1].has_ci, "%s", est[ICC2_1].note);
    EQ(est[ICC2_1].lo, -65.0 / 139);
    EQ_DIST(est[ICC2_1].hi, -0.44507245055969513);
    NEAR(est[ICC2_K].value, -12.599999999999973, 1e-12 * 13);
    cr_assert(est[ICC2_K].has_ci);
    NEAR(est[ICC2_K].lo, -195.0 / 9, 1e-12 * 22);
    NEAR(est[ICC2_K].hi, -12.15435027854461758, 1e-10 * 13);
}

/*
 * icc2_k's interval is icc2_1's stepped up by x K / (1 + x (K - 1)),
 * which has a pole at x = -1/(K - 1).  Subjects 3 4, 2 4, 1 1, 5 2:
 * psych::ICC gives ICC2 0.125 in [-1.5922422950147195,
 * 0.92206811927062071] and ICC2k 0.22222222222222218 in
 * [5.3769962342022408, 0.95945415256200561], a lower end above the upper
 * and above the estimate.  The lower end of icc2_1's interval is below
 * -1 (K = 2): icc2_k's has no lower end, and so no interval, noted.
 */
Test(stats, icc_sf_average_interval_past_the_pole)
{
    static const double x[4 * 2] = { 3, 4, 2, 4, 1, 1, 5, 2 };
    stat_est est[ICC_SF_COUNT];
    stat_test test[ICC_SF_COUNT];

    stat_icc_sf(x, 4, 2, est, test);
    EQ(est[ICC2_1].value, 0.125);
    EQ_DIST(est[ICC2_1].lo, -1.5922422950147195);
    EQ_DIST(est[ICC2_1].hi, 0.92206811927062071);
    EQ(est[ICC2_K].value, 0.22222222222222218);
    cr_assert(!est[ICC2_K].has_ci, "[%g, %g]", est[ICC2_K].lo,
              est[ICC2_K].hi);
    cr_assert_str_eq(est[ICC2_K].note, "the lower end of icc2_1's interval "
                                       "is at or below -1/(k - 1): icc2_k's "
                                       "has no lower end");
}

/* Every interval of the six holds its estimate, over random matrices. */
Test(stats, icc_sf_estimates_inside_their_intervals)
{
    uint64_t state = 0xdecafbad;
    double x[6 * 4];
    stat_est est[ICC_SF_COUNT];
    stat_test test[ICC_SF_COUNT];

    for (int round = 0; round < 2000; round++) {
        size_t n = 2 + rng_next(&state) % 5, k = 2 + rng_next(&state) % 3;
        for (size_t i = 0; i < n * k; i++)
            x[i] = 1 + (double)(rng_next(&state) % 5);
        stat_icc_sf(x, n, k, est, test);
        for (int i = 0; i < ICC_SF_COUNT; i++) {
            WELL_FORMED(est[i]);
            if (est[i].has_ci)
                cr_assert(est[i].lo <= est[i].value &&
                          est[i].value <= est[i].hi,
                          "ICC %d = %g outside [%g, %g]", i, est[i].value,
                          est[i].lo, est[i].hi);
            else if (est[i].ok)
                cr_assert_not_null(est[i].note, "ICC %d = %g: no interval, "
                                   "no note", i, est[i].value);
        }
    }
}

/* ==== Bliese (2000): icc1 and icc2 ======================================= */

/*
 * Four groups of 3, 4, 2 and 5 raters.  Bliese (2000), eq. 1 and 3, with
 * the mean group size for unequal groups as multilevel does.  Reproduced
 * with multilevel 2.7: m <- aov(y ~ as.factor(g)); ICC1(m) =
 * 0.56457699330493, ICC2(m) = 0.819434628975265; summary(m): MSB
 * 4.04285714285714, MSW 0.73, F(3, 10) = 5.53816046966732,
 * p = 0.0167894331860784.
 */
static const double BL_Y[14] = { 4, 5, 3, 2, 3, 2, 1, 5, 4, 3, 4, 3, 5, 4 };
static const size_t BL_SIZES[4] = { 3, 4, 2, 5 };

Test(stats, icc_oneway_unequal_groups_as_multilevel)
{
    stat_est icc1, icc2;
    stat_test t;

    stat_icc_oneway(BL_Y, BL_SIZES, 4, &icc1, &icc2, &t);
    PRESENT(icc1);
    PRESENT(icc2);
    EQ(icc1.value, 0.56457699330493);
    EQ(icc2.value, 0.819434628975265);
    cr_assert(t.ok);
    EQ(t.f, 5.53816046966732);
    EQ(t.df1, 3);
    EQ(t.df2, 10);
    EQ_DIST(t.p, 0.0167894331860784);
}

Test(stats, icc_oneway_is_shrout_fleiss_one_way)
{
    /* With equal groups, Bliese's (2000) icc1 and icc2 are the formulas of
     * Shrout & Fleiss' (1979) ICC(1,1) and ICC(1,k): the six targets of
     * their Table 2 as six groups of four ratings give the published .17
     * and .44, F(5, 18) = 1.79 (psych::ICC, above). */
    static const size_t sizes[6] = { 4, 4, 4, 4, 4, 4 };
    stat_est icc1, icc2;
    stat_test t;

    stat_icc_oneway(SF, sizes, 6, &icc1, &icc2, &t);
    PRINTED(icc1.value, .17, 2);
    PRINTED(icc2.value, .44, 2);
    EQ(icc1.value, SF_PSYCH[ICC1_1].icc);
    EQ(icc2.value, SF_PSYCH[ICC1_K].icc);
    EQ(t.f, SF_PSYCH[ICC1_1].f);
    EQ(t.df1, 5);
    EQ(t.df2, 18);
    EQ_DIST(t.p, SF_PSYCH[ICC1_1].p);
}

Test(stats, icc_oneway_order_of_groups)
{
    uint64_t state = 0xb11e5e2000u;
    size_t start[4] = { 0, 3, 7, 9 };

    for (int trial = 0; trial < 20; trial++) {
        size_t order[4], sizes[4], at = 0;
        double y[14];
        stat_est icc1, icc2;
        stat_test t;
        shuffle(order, 4, &state);
        for (size_t g = 0; g < 4; g++) {
            size_t src = order[g], m = BL_SIZES[src], within[5];
            sizes[g] = m;
            shuffle(within, m, &state);
            for (size_t i = 0; i < m; i++)
                y[at + i] = BL_Y[start[src] + within[i]];
            at += m;
        }
        stat_icc_oneway(y, sizes, 4, &icc1, &icc2, &t);
        EQ(icc1.value, 0.56457699330493);
        EQ(icc2.value, 0.819434628975265);
        EQ(t.f, 5.53816046966732);
    }
}

Test(stats, icc_oneway_empty_groups_left_out)
{
    /* A group of size 0 is no group: G stays 4 and the mean size 14/4. */
    static const size_t sizes[6] = { 3, 0, 4, 2, 0, 5 };
    stat_est icc1, icc2;
    stat_test t;

    stat_icc_oneway(BL_Y, sizes, 6, &icc1, &icc2, &t);
    EQ(icc1.value, 0.56457699330493);
    EQ(icc2.value, 0.819434628975265);
    EQ(t.df1, 3);
    EQ(t.df2, 10);
}

Test(stats, icc_oneway_degenerate)
{
    stat_est icc1, icc2;
    stat_test t;

    /* One group. */
    static const size_t one_group[1] = { 14 };
    stat_icc_oneway(BL_Y, one_group, 1, &icc1, &icc2, &t);
    ABSENT(icc1);
    ABSENT(icc2);
    cr_assert(!t.ok);

    /* One rater per group (k = 1): no variance within. */
    static const size_t singles[4] = { 1, 1, 1, 1 };
    stat_icc_oneway(BL_Y, singles, 4, &icc1, &icc2, &t);
    ABSENT(icc1);
    ABSENT(icc2);
    cr_assert(!t.ok);

    /* No groups at all. */
    stat_icc_oneway(BL_Y, one_group, 0, &icc1, &icc2, &t);
    ABSENT(icc1);
    ABSENT(icc2);
    cr_assert(!t.ok);

    /* Zero variance: every rating 3. */
    static const double flat[6] = { 3, 3, 3, 3, 3, 3 };
    static const size_t pairs[3] = { 2, 2, 2 };
    stat_icc_oneway(flat, pairs, 3, &icc1, &icc2, &t);
    ABSENT(icc1);
    ABSENT(icc2);
    cr_assert(!t.ok);

    /* Zero variance within, some between: MSW = 0, so F has no finite
     * value; icc1 = icc2 = MSB / MSB = 1. */
    static const double apart[6] = { 1, 1, 3, 3, 5, 5 };
    stat_icc_oneway(apart, pairs, 3, &icc1, &icc2, &t);
    WELL_FORMED(icc1);
    WELL_FORMED(icc2);
    EQ(icc1.value, 1);
    EQ(icc2.value, 1);
    cr_assert(!t.ok, "F = MSB/0 reported as a test");
}

/* ==== Krippendorff (2011) ================================================ */

/*
 * Krippendorff (2011), "Computing Krippendorff's alpha-reliability", the
 * example with missing data: 4 observers, 12 units, values 1 to 5
 *     A: 1 2 3 3 2 1 4 1 2 . . .
 *     B: 1 2 3 3 2 2 4 1 2 5 . 3
 *     C: . 3 3 3 2 3 4 2 2 5 1 .
 *     D: 1 2 3 3 2 4 4 1 2 5 1 .
 * Published: nominal .743, ordinal .815, interval .849, ratio .797.  The
 * full-precision values come from the coincidence matrix of the paper,
 * built in base R (alpha = 1 - (n - 1) sum o_ck d2_ck / sum n_c n_k d2_ck):
 * nominal 0.743421052631579 (= 113/152), ordinal 0.815387503754881,
 * interval 0.849107142857143 (= 951/1120), ratio 0.797402774711612.
 * Values are given unit by unit, the missing ones left out; unit 12 has a
 * single value and is not pairable.
 */
static const double KR_VALUES[] = {
    1, 1, 1,    /*  1 */
    2, 2, 3, 2, /*  2 */
    3, 3, 3, 3, /*  3 */
    3, 3, 3, 3, /*  4 */
    2, 2, 2, 2, /*  5 */
    1, 2, 3, 4, /*  6 */
    4, 4, 4, 4, /*  7 */
    1, 1, 2, 1, /*  8 */
    2, 2, 2, 2, /*  9 */
    5, 5, 5,    /* 10 */
    1, 1,       /* 11 */
    3,          /* 12 */
};
static const size_t KR_LEN[12] = { 3, 4, 4, 4, 4, 4, 4, 4, 4, 3, 2, 1 };
#define KR_N (sizeof KR_VALUES / sizeof KR_VALUES[0])

static const struct {
    kripp_metric metric;
    double printed, full;
} KR_ALPHA[4] = {
    { KRIPP_NOMINAL, .743, 0.743421052631579 },
    { KRIPP_ORDINAL, .815, 0.815387503754881 },
    { KRIPP_INTERVAL, .849, 0.849107142857143 },
    { KRIPP_RATIO, .797, 0.797402774711612 },
};

Test(stats, kripp_alpha_krippendorff_2011)
{
    for (int m = 0; m < 4; m++) {
        stat_est a =
            stat_kripp_alpha(KR_VALUES, KR_LEN, 12, KR_ALPHA[m].metric);
        PRESENT(a);
        PRINTED(a.value, KR_ALPHA[m].printed, 3);
        EQ(a.value, KR_ALPHA[m].full);
    }
}

Test(stats, kripp_alpha_order_of_values_and_units)
{
    uint64_t state = 0x6b7269707032303bu;
    size_t start[12];

    start[0] = 0;
    for (size_t u = 1; u < 12; u++)
        start[u] = start[u - 1] + KR_LEN[u - 1];
    for (int trial = 0; trial < 50; trial++) {
        size_t order[12], len[12], at = 0;
        double v[KR_N];
        shuffle(order, 12, &state);
        for (size_t u = 0; u < 12; u++) {
            size_t src = order[u], within[4];
            len[u] = KR_LEN[src];
            shuffle(within, len[u], &state);
            for (size_t i = 0; i < len[u]; i++)
                v[at + i] = KR_VALUES[start[src] + within[i]];
            at += len[u];
        }
        for (int m = 0; m < 4; m++) {
            stat_est a = stat_kripp_alpha(v, len, 12, KR_ALPHA[m].metric);
            EQ(a.value, KR_ALPHA[m].full);
        }
    }
}

Test(stats, kripp_alpha_unpairable_units_ignored)
{
    /* Without unit 12 (one value), and with extra empty and single-value
     * units, the alpha is the same: only pairable values count. */
    static const double more[KR_N + 2] = {
        1, 1, 1, 2, 2, 3, 2, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2,
        1, 2, 3, 4, 4, 4, 4, 4, 1, 1, 2, 1, 2, 2, 2, 2, 5, 5, 5,
        1, 1, 3, 4, 1,
    };
    static const size_t more_len[15] = { 3, 4, 4, 4, 4, 4, 4, 4, 4, 3, 2,
                                         1, 0, 1, 1 };

    for (int m = 0; m < 4; m++) {
        stat_est a =
            stat_kripp_alpha(KR_VALUES, KR_LEN, 11, KR_ALPHA[m].metric);
        EQ(a.value, KR_ALPHA[m].full);
        a = stat_kripp_alpha(more, more_len, 15, KR_ALPHA[m].metric);
        EQ(a.value, KR_ALPHA[m].full);
    }
}

Test(stats, kripp_alpha_degenerate)
{
    static const double singles[3] = { 1, 2, 3 };
    static const size_t ones[3] = { 1, 1, 1 };
    static const double same[6] = { 4, 4, 4, 4, 4, 4 };
    static const size_t pairs[3] = { 2, 2, 2 };

    for (int m = 0; m < 4; m++) {
        kripp_metric metric = KR_ALPHA[m].metric;
        /* No unit has two values (one rater each). */
        ABSENT(stat_kripp_alpha(singles, ones, 3, metric));
        /* No units. */
        ABSENT(stat_kripp_alpha(singles, ones, 0, metric));
        /* One value only: no variation, no expected disagreement. */
        ABSENT(stat_kripp_alpha(same, pairs, 3, metric));
        /* One pairable unit (the others single): the formula would give
         * 1 - D_o / D_o = 0 whatever the values, so there is no alpha. */
        static const double one_pair[4] = { 1, 5, 2, 3 };
        static const size_t lens[3] = { 2, 1, 1 };
        ABSENT(stat_kripp_alpha(one_pair, lens, 3, metric));
    }
}

/*
 * Interval ends stay within [-1, 1]: two units, each rated 1 and 2 by two
 * raters, disagree completely (p_a = 0, pi = (1/2, 1/2), AC1's p_e = 1/2,
 * AC1 = -1): with one degree of freedom the t interval would reach far
 * below -1.
 */
Test(stats, kappa_type_intervals_within_minus_one_and_one)
{
    static const double counts[4] = { 1, 1, 1, 1 };
    double w[4];
    kappa_weight_matrix(KAPPA_UNWEIGHTED, 2, w);
    stat_est ac1 = stat_gwet_ac(counts, 2, 2, w);
    PRESENT(ac1);
    EQ(ac1.value, -1);
    cr_assert(ac1.has_ci);
    cr_assert(ac1.lo >= -1 && ac1.hi <= 1, "[%g, %g]", ac1.lo, ac1.hi);
    stat_est k = stat_fleiss_kappa(counts, 2, 2);
    PRESENT(k);
    if (k.has_ci)
        cr_assert(k.lo >= -1 && k.hi <= 1, "[%g, %g]", k.lo, k.hi);
}

Test(stats, kripp_alpha_perfect_agreement_is_one)
{
    /* Every unit agrees, values vary between units: D_o = 0, alpha = 1. */
    static const double v[7] = { 1, 1, 3, 3, 3, 5, 5 };
    static const size_t len[3] = { 2, 3, 2 };

    for (int m = 0; m < 4; m++) {
        stat_est a = stat_kripp_alpha(v, len, 3, KR_ALPHA[m].metric);
        PRESENT(a);
        EQ(a.value, 1);
    }
}

/*
 * Alpha from its definition (Krippendorff 2011, sections B to E): the
 * coincidence matrix o_ck built pair by pair, its margins n_c, and
 * alpha = 1 - (n - 1) sum o_ck d2_ck / sum n_c n_k d2_ck.  cat[] holds
 * the distinct values ascending; v[] the units' values as indices in it.
 */
static double kripp_by_definition(const size_t *v, const size_t *len,
                                  size_t n_units, const double *cat,
                                  size_t V, kripp_metric metric)
{
    double *o = calloc(V * V, sizeof *o), *nc = calloc(V, sizeof *nc);
    double n = 0, d_o = 0, d_e = 0;
    size_t at = 0;

    cr_assert(o && nc);
    for (size_t u = 0; u < n_units; at += len[u], u++)
        for (size_t i = 0; len[u] >= 2 && i < len[u]; i++)
            for (size_t j = 0; j < len[u]; j++)
                if (i != j)
                    o[v[at + i] * V + v[at + j]] += 1.0 / (len[u] - 1);
    for (size_t c = 0; c < V; c++)
        for (size_t k = 0; k < V; k++)
            nc[c] += o[c * V + k];
    for (size_t c = 0; c < V; c++)
        n += nc[c];
    for (size_t c = 0; c < V; c++)
        for (size_t k = 0; k < V; k++) {
            double d = cat[c] - cat[k], d2 = 0;
            switch (metric) {
            case KRIPP_NOMINAL: d2 = c != k; break;
            case KRIPP_INTERVAL: d2 = d * d; break;
            case KRIPP_RATIO: d2 = d * d / ((cat[c] + cat[k]) * (cat[c] + cat[k])); break;
            case KRIPP_ORDINAL: {
                size_t lo = c < k ? c : k, hi = c < k ? k : c;
                double t = -(nc[c] + nc[k]) / 2;
                for (size_t g = lo; g <= hi; g++)
                    t += nc[g];
                d2 = t * t;
                break;
            }
            case KRIPP_METRICS: break;
            }
            d_o += o[c * V + k] * d2;
            d_e += nc[c] * nc[k] * d2;
        }
    free(o);
    free(nc);
    return 1 - (n - 1) * d_o / d_e;
}

/* Random units of 0 to 12 values, on a 5-point scale (where the squared
 * differences are looked up) and on 300 distinct values (where they are
 * worked out pair by pair), in any order within units. */
Test(stats, kripp_alpha_as_defined)
{
    static const size_t scales[2] = { 5, 300 };
    uint64_t state = 0x6b72697070646566u;

    for (int s = 0; s < 2; s++) {
        size_t V = scales[s], n_units = 400, at = 0;
        size_t *len = malloc(n_units * sizeof *len);
        size_t *v = malloc(n_units * 12 * sizeof *v);
        double *x = malloc(n_units * 12 * sizeof *x);
        double *cat = malloc(V * sizeof *cat);
        int *used = calloc(V, sizeof *used);
        size_t used_n = 0;
        cr_assert(len && v && x && cat && used);
        for (size_t u = 0; u < n_units; u++) {
            len[u] = rng_next(&state) % 13;
            /* Units lean to a value of their own, so alpha is not near 0. */
            size_t centre = rng_next(&state) % V;
            for (size_t i = 0; i < len[u]; i++) {
                size_t c = (centre + rng_next(&state) % (V / 5 + 2)) % V;
                v[at] = c;
                x[at++] = 1 + 0.5 * (double)c;
            }
        }
        /* The reference numbers only the values units with two or more
         * share, as alpha does. */
        at = 0;
        for (size_t u = 0; u < n_units; at += len[u], u++)
            for (size_t i = 0; len[u] >= 2 && i < len[u]; i++)
                used[v[at + i]] = 1;
        for (size_t c = 0; c < V; c++)
            if (used[c]) {
                cat[used_n] = 1 + 0.5 * (double)c;
                used[c] = (int)used_n++;
            }
        at = 0;
        for (size_t u = 0; u < n_units; at += len[u], u++)
            for (size_t i = 0; len[u] >= 2 && i < len[u]; i++)
                v[at + i] = (size_t)used[v[at + i]];
        cr_assert(used_n > (s ? 64 : 4), "%zu values", used_n);
        for (int m = 0; m < KRIPP_METRICS; m++) {
            stat_est a = stat_kripp_alpha(x, len, n_units, (kripp_metric)m);
            PRESENT(a);
            EQ(a.value, kripp_by_definition(v, len, n_units, cat, used_n,
                                            (kripp_metric)m));
        }
        free(len);
        free(v);
        free(x);
        free(cat);
        free(used);
    }
}

/* ==== Fleiss' kappa and Gwet's AC1 / AC2 ================================= */

/*
 * Fleiss (1971), Table 1: 30 patients, each diagnosed by 6 of 43
 * psychiatrists into 1 depression, 2 personality disorder,
 * 3 schizophrenia, 4 neurosis, 5 other; counts per patient and category
 * (the irr package's `diagnoses`).  Published: kappa = .430, with p_j =
 * .144 .144 .167 .306 .239.  Reproduced in base R: P-bar = 5/9, P-bar_e =
 * 0.219938271604938, kappa = 0.430244520060141; the same lines give the
 * category kappas .245 .245 .520 .471 .566 and z = 17.65 that irr's
 * kappam.fleiss prints for `diagnoses`, which confirms the table.
 */
static const double F71[30 * 5] = {
    0, 0, 0, 6, 0, /*  1 */
    0, 3, 0, 0, 3, /*  2 */
    0, 1, 4, 0, 1, /*  3 */
    0, 0, 0, 0, 6, /*  4 */
    0, 3, 0, 3, 0, /*  5 */
    2, 0, 4, 0, 0, /*  6 */
    0, 0, 4, 0, 2, /*  7 */
    2, 0, 3, 1, 0, /*  8 */
    2, 0, 0, 4, 0, /*  9 */
    0, 0, 0, 0, 6, /* 10 */
    1, 0, 0, 5, 0, /* 11 */
    1, 1, 0, 4, 0, /* 12 */
    0, 3, 3, 0, 0, /* 13 */
    1, 0, 0, 5, 0, /* 14 */
    0, 2, 0, 3, 1, /* 15 */
    0, 0, 5, 0, 1, /* 16 */
    3, 0, 0, 1, 2, /* 17 */
    5, 1, 0, 0, 0, /* 18 */
    0, 2, 0, 4, 0, /* 19 */
    1, 0, 2, 0, 3, /* 20 */
    0, 0, 0, 0, 6, /* 21 */
    0, 1, 0, 5, 0, /* 22 */
    0, 2, 0, 1, 3, /* 23 */
    2, 0, 0, 4, 0, /* 24 */
    1, 0, 0, 4, 1, /* 25 */
    0, 5, 0, 1, 0, /* 26 */
    4, 0, 0, 0, 2, /* 27 */
    0, 2, 0, 4, 0, /* 28 */
    1, 0, 5, 0, 0, /* 29 */
    0, 0, 0, 0, 6, /* 30 */
};

Test(stats, fleiss_kappa_fleiss_1971)
{
    stat_est k = stat_fleiss_kappa(F71, 30, 5);

    PRESENT(k);
    PRINTED(k.value, .430, 3);
    EQ(k.value, 0.430244520060141);
    /* Gwet's (2014) linearized variance, not the null variance of Fleiss
     * (1971).  Written from the formula in base R: se 0.0541989355153327,
     * t(29) interval 0.319395250572144 to 0.541093789548138. */
    cr_assert(k.has_se && k.has_ci);
    EQ(k.se, 0.0541989355153327);
    EQ_DIST(k.lo, 0.319395250572144);
    EQ_DIST(k.hi, 0.541093789548138);
}

Test(stats, fleiss_kappa_order_of_units_and_categories)
{
    uint64_t state = 0xf1e155u;

    for (int trial = 0; trial < 20; trial++) {
        size_t units[30], cats[5];
        double c[30 * 5];
        shuffle(units, 30, &state);
        shuffle(cats, 5, &state);
        for (size_t u = 0; u < 30; u++)
            for (size_t j = 0; j < 5; j++)
                c[u * 5 + j] = F71[units[u] * 5 + cats[j]];
        stat_est k = stat_fleiss_kappa(c, 30, 5);
        EQ(k.value, 0.430244520060141);
        EQ(k.se, 0.0541989355153327);
    }
}

/*
 * Krippendorff's 4 x 12 data (above) as counts per unit and category:
 * the raters per unit vary from 1 to 4.  Gwet's irrCAC package, which
 * implements Gwet (2014), Handbook of Inter-Rater Reliability, 4th ed.,
 * ch. 4 and 5, ships these data as cac.raw4raters, and its documentation
 * (the Python port's, printed to 5 decimals) gives: AC1 0.77544
 * (pa 0.81818, pe 0.19032, se 0.14295, 95% CI 0.46081 to 1); Fleiss'
 * kappa 0.76117 (pe 0.23872, se 0.15302, CI 0.42438 to 1); AC2 with
 * bipolar weights 0.90037 (pa 0.96836, pe 0.68244, se 0.10582, CI 0.66747
 * to 1).  Full precision: base R written from Gwet's formulas (AC1
 * 0.775444068126995, se 0.142949950640765, lo 0.460813348130838; kappa
 * 0.761169275422411, se 0.153019203469492, lo 0.424376279377015; AC2
 * 0.900373015443354, se 0.10581570600797, lo 0.667474216815193).
 */
static const double KR_COUNTS[12 * 5] = {
    3, 0, 0, 0, 0, /*  1 */
    0, 3, 1, 0, 0, /*  2 */
    0, 0, 4, 0, 0, /*  3 */
    0, 0, 4, 0, 0, /*  4 */
    0, 4, 0, 0, 0, /*  5 */
    1, 1, 1, 1, 0, /*  6 */
    0, 0, 0, 4, 0, /*  7 */
    3, 1, 0, 0, 0, /*  8 */
    0, 4, 0, 0, 0, /*  9 */
    0, 0, 0, 0, 3, /* 10 */
    2, 0, 0, 0, 0, /* 11 */
    0, 0, 1, 0, 0, /* 12: one rating */
};

Test(stats, gwet_ac1_varying_raters_gwet_2014)
{
    double w[25];

    kappa_weight_matrix(KAPPA_UNWEIGHTED, 5, w);
    stat_est ac1 = stat_gwet_ac(KR_COUNTS, 12, 5, w);

    PRESENT(ac1);
    PRINTED(ac1.value, 0.77544, 5);
    PRINTED(ac1.se, 0.14295, 5);
    PRINTED(ac1.lo, 0.46081, 5);
    EQ(ac1.value, 0.775444068126995);
    EQ(ac1.se, 0.142949950640765);
    EQ_DIST(ac1.lo, 0.460813348130838);
    EQ(ac1.hi, 1); /* min(1, ac1 + t * se) */
}

Test(stats, fleiss_kappa_varying_raters_gwet_2014)
{
    stat_est k = stat_fleiss_kappa(KR_COUNTS, 12, 5);

    PRESENT(k);
    PRINTED(k.value, 0.76117, 5);
    PRINTED(k.se, 0.15302, 5);
    PRINTED(k.lo, 0.42438, 5);
    EQ(k.value, 0.761169275422411);
    EQ(k.se, 0.153019203469492);
    EQ_DIST(k.lo, 0.424376279377015);
    EQ(k.hi, 1);
}

Test(stats, gwet_ac2_bipolar_weights_gwet_2014)
{
    /* Gwet's bipolar weights on 1..5:
     * 1 - (k - l)^2 / ((k + l - 2)(10 - k - l)). */
    double w[25];
    for (int k = 1; k <= 5; k++)
        for (int l = 1; l <= 5; l++)
            w[(k - 1) * 5 + (l - 1)] =
                k == l ? 1
                       : 1 - (double)((k - l) * (k - l)) /
                                 ((double)(k + l - 2) * (double)(10 - k - l));
    EQ(w[0 * 5 + 1], 6.0 / 7); /* the matrix irrCAC prints */
    EQ(w[1 * 5 + 2], 14.0 / 15);
    EQ(w[0 * 5 + 4], 0);

    stat_est ac2 = stat_gwet_ac(KR_COUNTS, 12, 5, w);
    PRESENT(ac2);
    PRINTED(ac2.value, 0.90037, 5);
    PRINTED(ac2.se, 0.10582, 5);
    PRINTED(ac2.lo, 0.66747, 5);
    EQ(ac2.value, 0.900373015443354);
    EQ(ac2.se, 0.10581570600797);
    EQ_DIST(ac2.lo, 0.667474216815193);
    EQ(ac2.hi, 1);
}

Test(stats, gwet_ac2_quadratic_and_linear_weights)
{
    /* The same data with kappa_weight_matrix's weights; no published
     * figure, so Gwet's formulas in base R: quadratic AC2
     * 0.914000723551605 (se 0.10396224464506), linear 0.858739136432611
     * (se 0.117329021881364). */
    double w[25];

    kappa_weight_matrix(KAPPA_QUADRATIC, 5, w);
    stat_est ac2 = stat_gwet_ac(KR_COUNTS, 12, 5, w);
    PRESENT(ac2);
    EQ(ac2.value, 0.914000723551605);
    EQ(ac2.se, 0.10396224464506);
    EQ_DIST(ac2.lo, 0.685181365878011);

    kappa_weight_matrix(KAPPA_LINEAR, 5, w);
    ac2 = stat_gwet_ac(KR_COUNTS, 12, 5, w);
    PRESENT(ac2);
    EQ(ac2.value, 0.858739136432611);
    EQ(ac2.se, 0.117329021881364);
    EQ_DIST(ac2.lo, 0.600499700423663);
}

Test(stats, fleiss_kappa_and_ac1_varying_raters_by_hand)
{
    /*
     * Four units, two categories, 2, 3, 1 and 4 raters (Gwet 2014, ch. 4
     * and 5, for raters that vary by unit):
     *   unit 1: (2, 0)  pa_1 = 2*1 / (2*1)         = 1
     *   unit 2: (1, 2)  pa_2 = (0 + 2*1) / (3*2)   = 1/3
     *   unit 3: (0, 1)  one rating: in pi, not in pa
     *   unit 4: (3, 1)  pa_4 = (3*2 + 0) / (4*3)   = 1/2
     *   pa   = (1 + 1/3 + 1/2) / 3 = 11/18 = 704/1152
     *   pi_1 = (1 + 1/3 + 0 + 3/4) / 4 = 25/48, pi_2 = 23/48
     *   Fleiss: pe = (25/48)^2 + (23/48)^2 = 577/1152,
     *           kappa = (704 - 577) / (1152 - 577) = 127/575
     *   AC1:    pe = 2 (25/48)(23/48) / (2 - 1) = 575/1152,
     *           ac1 = (704 - 575) / (1152 - 575) = 129/577
     */
    static const double c[4 * 2] = { 2, 0, 1, 2, 0, 1, 3, 1 };
    double w[4];

    kappa_weight_matrix(KAPPA_UNWEIGHTED, 2, w);
    stat_est k = stat_fleiss_kappa(c, 4, 2);
    stat_est a = stat_gwet_ac(c, 4, 2, w);
    PRESENT(k);
    PRESENT(a);
    EQ(k.value, 127.0 / 575);
    EQ(a.value, 129.0 / 577);
    /* Gwet's variances, base R: 0.365717320326091 and 0.405077513607922. */
    EQ(k.se, 0.365717320326091);
    EQ(a.se, 0.405077513607922);
}

/*
 * With raters that vary by unit, Fleiss' kappa can fall below -1: two
 * units rated 1 and 2 by two raters (pa = 0) and one rated 1 by one
 * rater give pi = (2/3, 1/3), pe = 5/9, kappa = -(5/9) / (4/9) = -5/4.
 * The interval was cut at -1, above the estimate: [-1, -0.98].  Gwet's
 * variance in base R, as irrCAC's fleiss.kappa.raw has it (which never
 * cuts the lower end): se 0.062500000000000222, kappa -+ qt(.975, 2) se
 * = -1.518915795609342645 .. -0.981084204390657910.  And four units
 * (1, 0), (2, 0), (1, 1), (1, 0): kappa -9/7, se 0.47145360242173273,
 * -2.78609006085402333 .. 0.21466148942545171 (it was [-1, 0.21]).
 */
Test(stats, fleiss_kappa_below_minus_one_inside_its_interval)
{
    static const double c3[3 * 2] = { 1, 1, 1, 1, 1, 0 };
    static const double c4[4 * 2] = { 1, 0, 2, 0, 1, 1, 1, 0 };

    stat_est k = stat_fleiss_kappa(c3, 3, 2);
    PRESENT(k);
    EQ(k.value, -1.25);
    EQ(k.se, 0.062500000000000222);
    cr_assert(k.has_ci);
    EQ_DIST(k.lo, -1.518915795609342645);
    EQ_DIST(k.hi, -0.981084204390657910);
    cr_assert(k.lo <= k.value && k.value <= k.hi);
    cr_assert_not_null(k.note, "the uncut lower end is noted");

    k = stat_fleiss_kappa(c4, 4, 2);
    EQ(k.value, -9.0 / 7);
    EQ(k.se, 0.47145360242173273);
    EQ_DIST(k.lo, -2.78609006085402333);
    EQ_DIST(k.hi, 0.21466148942545171);
}

/* Every kappa-type interval holds its estimate, over random counts. */
Test(stats, kappa_type_estimates_inside_their_intervals)
{
    uint64_t state = 0xfeedface;
    double c[8 * 3], w[9];

    kappa_weight_matrix(KAPPA_QUADRATIC, 3, w);
    for (int round = 0; round < 3000; round++) {
        size_t n = 2 + rng_next(&state) % 7;
        for (size_t i = 0; i < n * 3; i++)
            c[i] = (double)(rng_next(&state) % 3);
        stat_est e[3] = { stat_fleiss_kappa(c, n, 3), stat_gwet_ac(c, n, 3, w),
                          stat_cohen_kappa(c, 3, w) };
        for (int i = 0; i < 3; i++) {
            WELL_FORMED(e[i]);
            if (e[i].has_ci)
                cr_assert(e[i].lo <= e[i].value && e[i].value <= e[i].hi,
                          "%d: %g outside [%g, %g]", i, e[i].value, e[i].lo,
                          e[i].hi);
            else if (e[i].ok)
                cr_assert_not_null(e[i].note, "%d: %g without an interval "
                                   "or a note", i, e[i].value);
        }
    }
}

Test(stats, gwet_ac1_high_agreement_paradox)
{
    /*
     * The paradox Gwet (2008) starts from: two raters who agree on nearly
     * every subject of a rare-trait sample get a kappa near 0; AC1 stays
     * near the agreement.  Worked here by hand on a 2 x 2 table of 125
     * subjects
     * (rater A in rows): 118 yes-yes, 5 yes-no, 2 no-yes, 0 no-no.
     *   pa = 118/125 = .944
     *   Cohen: pe = (123*120 + 2*5) / 125^2 = .94528,
     *          kappa = (.944 - .94528) / .05472 = -4/171
     *   AC1:   pi_yes = (123 + 120) / 250 = .972,
     *          pe = 2 * .972 * .028 = .054432 (Gwet 2008, eq. for q = 2),
     *          ac1 = (.944 - .054432) / .945568 = 0.940776337608718
     *   Scott's pi (Fleiss' kappa with two raters): pe = .972^2 + .028^2
     *          = .945568, pi = (.944 - .945568) / .054432 = -0.0288065843621402
     * Gwet's se of AC1 (base R from his formula): 0.0230569643023896.
     */
    static const double table[4] = { 118, 5, 2, 0 };
    double counts[125 * 2], w[4];
    size_t u = 0;

    for (int i = 0; i < 118; i++, u++) {
        counts[u * 2] = 2;
        counts[u * 2 + 1] = 0;
    }
    for (int i = 0; i < 7; i++, u++) {
        counts[u * 2] = 1;
        counts[u * 2 + 1] = 1;
    }
    kappa_weight_matrix(KAPPA_UNWEIGHTED, 2, w);

    stat_est kappa = stat_cohen_kappa(table, 2, w);
    stat_est ac1 = stat_gwet_ac(counts, 125, 2, w);
    stat_est pi = stat_fleiss_kappa(counts, 125, 2);
    PRESENT(kappa);
    PRESENT(ac1);
    PRESENT(pi);
    EQ(kappa.value, -4.0 / 171);
    EQ(ac1.value, 0.889568 / 0.945568);
    EQ(ac1.value, 0.940776337608718);
    EQ(ac1.se, 0.0230569643023896);
    EQ(pi.value, -0.0288065843621402);
}

Test(stats, multi_rater_degenerate)
{
    double w1[1] = { 1 }, w2[4];
    kappa_weight_matrix(KAPPA_UNWEIGHTED, 2, w2);

    /* One category (q = 1). */
    static const double one_cat[3] = { 3, 2, 4 };
    ABSENT(stat_fleiss_kappa(one_cat, 3, 1));
    ABSENT(stat_gwet_ac(one_cat, 3, 1, w1));

    /* One rater per unit: no unit has two ratings. */
    static const double singles[3 * 2] = { 1, 0, 0, 1, 1, 0 };
    ABSENT(stat_fleiss_kappa(singles, 3, 2));
    ABSENT(stat_gwet_ac(singles, 3, 2, w2));

    /* Nothing rated at all. */
    static const double none[3 * 2] = { 0 };
    ABSENT(stat_fleiss_kappa(none, 3, 2));
    ABSENT(stat_gwet_ac(none, 3, 2, w2));
    ABSENT(stat_fleiss_kappa(none, 0, 2));

    /* A single unit: well formed, whichever way it goes. */
    static const double lone[2] = { 2, 1 };
    WELL_FORMED(stat_fleiss_kappa(lone, 1, 2));
    WELL_FORMED(stat_gwet_ac(lone, 1, 2, w2));

    /* Every rating in one of two categories: Fleiss' chance agreement is
     * complete (pe = 1), so kappa is absent; AC1's pe = 2 * 1 * 0 = 0, so
     * AC1 = pa = 1 (Gwet 2008), with se 0. */
    static const double all_yes[4 * 2] = { 3, 0, 3, 0, 2, 0, 4, 0 };
    ABSENT(stat_fleiss_kappa(all_yes, 4, 2));
    stat_est ac1 = stat_gwet_ac(all_yes, 4, 2, w2);
    PRESENT(ac1);
    EQ(ac1.value, 1);
    EQ(ac1.se, 0);
}

/* ==== Cohen's kappa ====================================================== */

/*
 * Fleiss, Cohen & Everitt (1969): 200 patients diagnosed by two
 * psychiatrists into three categories (rater A in rows), with the
 * agreement weights w12 = 0, w13 = 4/9, w23 = 2/3, as psych's
 * cohen.kappa help reproduces their example: kappa = .429, weighted
 * kappa = .507.
 */
static const double FCE[9] = { 106, 10, 4, 22, 28, 10, 2, 12, 6 };
static const double FCE_W[9] = {
    1, 0, 4.0 / 9,
    0, 1, 2.0 / 3,
    4.0 / 9, 2.0 / 3, 1,
};

Test(stats, cohen_kappa_fleiss_cohen_everitt_1969)
{
    double w[9];

    kappa_weight_matrix(KAPPA_UNWEIGHTED, 3, w);
    stat_est k = stat_cohen_kappa(FCE, 3, w);
    PRESENT(k);
    PRINTED(k.value, .429, 3);
    EQ(k.value, 3.0 / 7); /* po = .70, pe = .475 */
    /* psych::cohen.kappa(FCE, w = FCE_W, n.obs = 200): var.kappa
     * 0.00288487204405572, confid 0.323299793454405 to 0.533843063688452. */
    cr_assert(k.has_se && k.has_ci);
    EQ(k.se, 0.0537110048691673);
    EQ(k.lo, 0.323299793454405);
    EQ(k.hi, 0.533843063688452);
}

Test(stats, cohen_kappa_weighted_fleiss_cohen_everitt_1969)
{
    stat_est k = stat_cohen_kappa(FCE, 3, FCE_W);

    PRESENT(k);
    PRINTED(k.value, .507, 3);
    EQ(k.value, 0.507060333761232); /* psych::cohen.kappa */
    /*
     * The standard error of Fleiss, Cohen & Everitt (1969), eq. 13, written
     * out in base R: 0.056994150151972; a numerical delta-method variance
     * of kw on the multinomial agrees (0.05699415013).  psych 2.2.9
     * reports sqrt(var.weighted) = 0.052427400236065: it takes the column
     * weight average as p_j. * sum_k w_jk (rowSums(w * rs)) where FCE
     * have sum_i p_i. w_ij, which coincide only for identity weights.  We
     * follow the paper.
     */
    cr_assert(k.has_se && k.has_ci);
    EQ(k.se, 0.056994150151972);
    EQ(k.lo, 0.507060333761232 - Z975 * 0.056994150151972);
    EQ(k.hi, 0.507060333761232 + Z975 * 0.056994150151972);
}

/*
 * Cohen (1968), p. 215: proportions .44 .07 .09 / .05 .20 .05 / .01 .03
 * .06 of 200 subjects, disagreement weights v = 0 1 3 / 1 0 6 / 3 6 0.
 * Cohen reports kappa = .492 and weighted kappa = .348 (psych's
 * cohen.kappa help reproduces both: 29/59 and 8/23).  Disagreement
 * weights v and agreement weights 1 - v / max(v) give the same kappa.
 */
static const double C68[9] = { 88, 14, 18, 10, 40, 10, 2, 6, 12 };

Test(stats, cohen_kappa_cohen_1968)
{
    static const double v[9] = { 0, 1, 3, 1, 0, 6, 3, 6, 0 };
    double w[9];

    kappa_weight_matrix(KAPPA_UNWEIGHTED, 3, w);
    stat_est k = stat_cohen_kappa(C68, 3, w);
    PRINTED(k.value, .492, 3);
    EQ(k.value, 29.0 / 59);
    /* psych: sqrt(var.kappa) = 0.0510018155760779 (= FCE). */
    EQ(k.se, 0.0510018155760779);

    for (int i = 0; i < 9; i++)
        w[i] = 1 - v[i] / 6;
    k = stat_cohen_kappa(C68, 3, w);
    PRINTED(k.value, .348, 3);
    EQ(k.value, 8.0 / 23);
}

Test(stats, cohen_kappa_quadratic_and_linear_as_psych)
{
    /*
     * psych::cohen.kappa's default weights are quadratic, 1 - (i - j)^2 /
     * (q - 1)^2, as ours: on Cohen's (1968) table it gives weighted kappa
     * 0.454545454545455 (= 5/11); with linear weights 1 - |i - j| / (q - 1)
     * 0.473684210526316 (= 9/19).  Standard errors by FCE (1969) eq. 13 in
     * base R: 0.0664536815910782 and 0.0544323091776415 (psych reports
     * 0.0643425451569443 and 0.0514753072968092, see the weighted FCE
     * test for why).
     */
    double w[9];

    kappa_weight_matrix(KAPPA_QUADRATIC, 3, w);
    stat_est k = stat_cohen_kappa(C68, 3, w);
    PRESENT(k);
    EQ(k.value, 5.0 / 11);
    EQ(k.se, 0.0664536815910782);

    kappa_weight_matrix(KAPPA_LINEAR, 3, w);
    k = stat_cohen_kappa(C68, 3, w);
    PRESENT(k);
    EQ(k.value, 9.0 / 19);
    EQ(k.se, 0.0544323091776415);
}

Test(stats, kappa_weight_matrix_values)
{
    double w[25];

    kappa_weight_matrix(KAPPA_UNWEIGHTED, 5, w);
    for (size_t i = 0; i < 5; i++)
        for (size_t j = 0; j < 5; j++)
            EQ(w[i * 5 + j], i == j ? 1 : 0);
    kappa_weight_matrix(KAPPA_LINEAR, 5, w);
    EQ(w[0 * 5 + 1], 0.75);
    EQ(w[1 * 5 + 3], 0.5);
    EQ(w[4 * 5 + 0], 0);
    EQ(w[2 * 5 + 2], 1);
    kappa_weight_matrix(KAPPA_QUADRATIC, 5, w);
    EQ(w[0 * 5 + 1], 1 - 1.0 / 16);
    EQ(w[1 * 5 + 3], 0.75);
    EQ(w[3 * 5 + 0], 1 - 9.0 / 16);
    EQ(w[0 * 5 + 4], 0);
    /* One category: the single weight is full agreement. */
    kappa_weight_matrix(KAPPA_QUADRATIC, 1, w);
    EQ(w[0], 1);
}

Test(stats, cohen_kappa_transposed_and_permuted)
{
    /* Swapping the raters (transposing) and relabelling the categories
     * (the same permutation of rows and columns) leave kappa as it was. */
    static const size_t perm[3] = { 2, 0, 1 };
    double t[9], p[9], w[9];

    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 3; j++) {
            t[i * 3 + j] = FCE[j * 3 + i];
            p[i * 3 + j] = FCE[perm[i] * 3 + perm[j]];
        }
    kappa_weight_matrix(KAPPA_UNWEIGHTED, 3, w);
    stat_est k = stat_cohen_kappa(t, 3, w);
    EQ(k.value, 3.0 / 7);
    EQ(k.se, 0.0537110048691673);
    k = stat_cohen_kappa(p, 3, w);
    EQ(k.value, 3.0 / 7);
    EQ(k.se, 0.0537110048691673);
    k = stat_cohen_kappa(t, 3, FCE_W);
    EQ(k.value, 0.507060333761232);
    EQ(k.se, 0.056994150151972);
}

Test(stats, cohen_kappa_interval_ends_at_one)
{
    /*
     * 9 1 / 0 10: po = .95, pe = .5 * .45 + .5 * .55 = .5, kappa = .9;
     * FCE (1969) se 0.0969793792514678 (psych::cohen.kappa), so kappa +
     * 1.96 se = 1.09: the upper end stops at 1 (stats.h; psych sets it to
     * 1 too, with a warning), the lower is 0.709923909424072.
     */
    static const double t[4] = { 9, 1, 0, 10 };
    double w[4];

    kappa_weight_matrix(KAPPA_UNWEIGHTED, 2, w);
    stat_est k = stat_cohen_kappa(t, 2, w);
    PRESENT(k);
    EQ(k.value, 0.9);
    EQ(k.se, 0.0969793792514678);
    EQ(k.lo, 0.709923909424072);
    EQ(k.hi, 1);
}

Test(stats, cohen_kappa_degenerate)
{
    double w[4];
    kappa_weight_matrix(KAPPA_UNWEIGHTED, 2, w);

    static const double empty[4] = { 0, 0, 0, 0 };
    ABSENT(stat_cohen_kappa(empty, 2, w));
    /* One category used by both raters: pe = 1. */
    static const double one_used[4] = { 7, 0, 0, 0 };
    ABSENT(stat_cohen_kappa(one_used, 2, w));
    /* q = 1. */
    static const double single[1] = { 5 };
    double w1[1];
    kappa_weight_matrix(KAPPA_UNWEIGHTED, 1, w1);
    ABSENT(stat_cohen_kappa(single, 1, w1));
    /* Perfect agreement on two categories: kappa = 1, se 0. */
    static const double perfect[4] = { 6, 0, 0, 4 };
    stat_est k = stat_cohen_kappa(perfect, 2, w);
    PRESENT(k);
    EQ(k.value, 1);
    EQ(k.se, 0);
}

/*
 * One rater keeping to one category makes po = pe whatever the other
 * does, so kappa is 0 with no sampling variance (FCE 1969's formula is
 * 0 there).  Rater A always 2 of 3, B 2, 2, 3, quadratic weights: the
 * doubles gave kappa = 4.4e-16 and a variance of -1e-17, so se and
 * interval were left out with no note.  Now 0 exactly, se 0, the interval
 * the point 0, and a note.  Where po = pe by coincidence (the 2 x 2 table
 * 2 1 / 4 2: po = 4/9, pe = (3 6 + 6 3) / 81 = 4/9), kappa is 0 too, not
 * 4e-17, with its own variance: psych::cohen.kappa var.kappa
 * 0.071111111111111111 (se 0.26666666666666666), interval
 * -0.52265706254401434 to 0.52265706254401434.
 */
Test(stats, cohen_kappa_exactly_zero)
{
    static const double one_kept[3 * 3] = { 0, 0, 0, 0, 2, 1, 0, 0, 0 };
    static const double even[2 * 2] = { 2, 1, 4, 2 };
    double w3[9], w2[4];
    static const kappa_weights kinds[3] = { KAPPA_UNWEIGHTED, KAPPA_LINEAR,
                                            KAPPA_QUADRATIC };

    for (int i = 0; i < 3; i++) {
        kappa_weight_matrix(kinds[i], 3, w3);
        stat_est k = stat_cohen_kappa(one_kept, 3, w3);
        PRESENT(k);
        cr_assert_eq(k.value, 0, "weights %d: kappa %.17g", i, k.value);
        cr_assert(k.has_se && k.se == 0, "weights %d: se %g", i, k.se);
        cr_assert(k.has_ci && k.lo == 0 && k.hi == 0);
        cr_assert_not_null(k.note);
    }
    kappa_weight_matrix(KAPPA_UNWEIGHTED, 2, w2);
    stat_est k = stat_cohen_kappa(even, 2, w2);
    cr_assert_eq(k.value, 0, "kappa %.17g", k.value);
    EQ(k.se, 0.26666666666666666);
    EQ(k.lo, -0.52265706254401434);
    EQ(k.hi, 0.52265706254401434);
    cr_assert_null(k.note);
}

/* ==== Cronbach's alpha =================================================== */

/*
 * Shrout & Fleiss' Table 2 again, the four judges taken as items: alpha
 * is ICC(3,k) (McGraw & Wong 1996), published as .91.
 * psych::alpha(x) (psych 2.2.9): raw_alpha 0.909315542377069, std.alpha
 * 0.926943646258737; r.drop 0.80578737035218 0.859304050959662
 * 0.844479282222626 0.790203664657013; alpha.drop raw_alpha
 * 0.88339222614841 0.866504854368932 0.871548619447779 0.917874396135266.
 * The Feldt (1987) interval 1 - (1 - a) qf(.975 / .025, n - 1,
 * (n - 1)(k - 1)) is 0.675674713816305 to 0.985891678169062 (psych::alpha.ci
 * prints .68 and .99), the ICC(3,k) interval of psych::ICC.  sem =
 * sd(rowSums(x)) sqrt(1 - a) = 2.01935083078146; of the mean score
 * 0.504837707695365.
 */
static const double AL_R_DROP[4] = { 0.80578737035218, 0.859304050959662,
                                     0.844479282222626, 0.790203664657013 };
static const double AL_DROP[4] = { 0.88339222614841, 0.866504854368932,
                                   0.871548619447779, 0.917874396135266 };

Test(stats, alpha_shrout_fleiss_judges_as_items)
{
    stat_est r[4], d[4];
    alpha_result out = { .item_total_r = r, .alpha_if_deleted = d };

    cr_assert_eq(stat_alpha(SF, 6, 4, 0, 0, &out), 0);
    PRESENT(out.alpha);
    PRINTED(out.alpha.value, .91, 2);
    EQ(out.alpha.value, 0.909315542377069);
    EQ(out.alpha.value, SF_PSYCH[ICC3_K].icc);
    PRESENT(out.alpha_std);
    EQ(out.alpha_std.value, 0.926943646258737);
    EQ(out.n, 6);
    for (int i = 0; i < 4; i++) {
        PRESENT(r[i]);
        PRESENT(d[i]);
        EQ(r[i].value, AL_R_DROP[i]);
        EQ(d[i].value, AL_DROP[i]);
    }
}

Test(stats, alpha_feldt_interval)
{
    alpha_result out = { 0 };

    cr_assert_eq(stat_alpha(SF, 6, 4, 0, 0, &out), 0);
    cr_assert(out.alpha.has_ci);
    PRINTED(out.alpha.lo, .68, 2);
    PRINTED(out.alpha.hi, .99, 2);
    EQ_DIST(out.alpha.lo, 0.675674713816305);
    EQ_DIST(out.alpha.hi, 0.985891678169062);
}

Test(stats, alpha_sem_sum_and_mean)
{
    alpha_result sum = { 0 }, mean = { 0 };

    cr_assert_eq(stat_alpha(SF, 6, 4, 0, 0, &sum), 0);
    cr_assert_eq(stat_alpha(SF, 6, 4, 0, 1, &mean), 0);
    PRESENT(sum.sem);
    PRESENT(mean.sem);
    EQ(sum.sem.value, 2.01935083078146);
    EQ(mean.sem.value, 0.504837707695365);
    /* The metric changes, alpha does not. */
    EQ(mean.alpha.value, sum.alpha.value);
}

Test(stats, alpha_order_of_rows_and_items)
{
    uint64_t state = 0xc20b1951u;

    for (int trial = 0; trial < 20; trial++) {
        size_t rows[6], cols[4];
        double x[6 * 4];
        stat_est r[4], d[4];
        alpha_result out = { .item_total_r = r, .alpha_if_deleted = d };
        shuffle(rows, 6, &state);
        shuffle(cols, 4, &state);
        for (size_t i = 0; i < 6; i++)
            for (size_t j = 0; j < 4; j++)
                x[i * 4 + j] = SF[rows[i] * 4 + cols[j]];
        cr_assert_eq(stat_alpha(x, 6, 4, trial % 2, 0, &out), 0);
        EQ(out.alpha.value, 0.909315542377069);
        EQ(out.alpha_std.value, 0.926943646258737);
        for (size_t j = 0; j < 4; j++) {
            EQ(r[j].value, AL_R_DROP[cols[j]]);
            EQ(d[j].value, AL_DROP[cols[j]]);
        }
    }
}

/*
 * Listwise alpha is the alpha of the complete rows: the same numbers, bit
 * for bit, as pairwise on those rows alone, where every pair has every
 * row (stats_alpha.c sums listwise by column, pairwise by pair).
 */
Test(stats, alpha_listwise_is_pairwise_on_complete_rows)
{
    enum { N = 300, K = 6 };
    static double x[N * K], complete[N * K];
    uint64_t state = 0x51a7e;
    size_t n_complete = 0;

    for (size_t i = 0; i < N; i++) {
        double trait = (double)(rng_next(&state) % 5);
        int missing = 0;
        for (size_t j = 0; j < K; j++) {
            double v = trait + (double)(rng_next(&state) % 3) - 1;
            if (rng_next(&state) % 40 == 0) {
                v = NAN;
                missing = 1;
            }
            x[i * K + j] = v;
        }
        if (!missing)
            memcpy(complete + n_complete++ * K, x + i * K, K * sizeof *x);
    }
    cr_assert_gt(n_complete, N / 2);
    cr_assert_lt(n_complete, N);
    stat_est r1[K], d1[K], r2[K], d2[K];
    alpha_result lw = { .item_total_r = r1, .alpha_if_deleted = d1 };
    alpha_result pw = { .item_total_r = r2, .alpha_if_deleted = d2 };
    cr_assert_eq(stat_alpha(x, N, K, 0, 1, &lw), 0);
    cr_assert_eq(stat_alpha(complete, n_complete, K, 1, 1, &pw), 0);
    PRESENT(lw.alpha);
    cr_assert_eq(lw.n, (double)n_complete);
    cr_assert_eq(lw.alpha.value, pw.alpha.value);
    cr_assert_eq(lw.alpha_std.value, pw.alpha_std.value);
    cr_assert_eq(lw.sem.value, pw.sem.value);
    for (size_t j = 0; j < K; j++) {
        cr_assert_eq(r1[j].value, r2[j].value);
        cr_assert_eq(d1[j].value, d2[j].value);
    }
}

/*
 * Ten respondents, four items, three missing answers (rows 4, 5, 7).
 * Listwise: psych::alpha(na.omit(x)), 7 rows; pairwise: psych::alpha(x),
 * whose default use = "pairwise" takes cov(x, use =
 * "pairwise.complete.obs"); the fewest rows a pair had is 8 (items 2 and
 * 3).  The Feldt bounds use that n; sem is sqrt(sum(C)) sqrt(1 - a), the sd
 * of the sum the covariance matrix C implies.  All in R 4.2.2, psych 2.2.9.
 */
#define M NAN
static const double MISS[10 * 4] = {
    4, 5, 4, 3,
    3, 3, 2, 3,
    5, 4, 5, 4,
    2, M, 2, 1,
    4, 4, 3, M,
    1, 2, 2, 2,
    3, 4, M, 3,
    5, 5, 4, 5,
    2, 3, 3, 2,
    4, 3, 4, 4,
};
#undef M

static const struct {
    double alpha, std, n, lo, hi, sem_sum, sem_mean, r_drop[4], drop[4];
} MISS_R[2] = {
    /* listwise */
    { 0.925039872408293, 0.927124912691517, 7, 0.758559777588479,
      0.985590505797919, 1.22150050841721, 0.305375127104302,
      { 0.965783256981213, 0.766879603131903, 0.804315353439942,
        0.81804703659672 },
      { 0.858288770053476, 0.92175572519084, 0.910505836575876,
        0.906976744186046 } },
    /* pairwise */
    { 0.932881238045557, 0.932688226926368, 8, 0.80074920721368,
      0.984924051573115, 1.1069764339844, 0.276744108496101,
      { 0.966060670515222, 0.697770485844761, 0.884570316558018,
        0.852730268262844 },
      { 0.870378719567177, 0.955570547417116, 0.900399437828242,
        0.909251412429379 } },
};

Test(stats, alpha_listwise_and_pairwise_as_psych)
{
    for (int pw = 0; pw < 2; pw++) {
        stat_est r[4], d[4];
        alpha_result out = { .item_total_r = r, .alpha_if_deleted = d };
        alpha_result mean = { 0 };
        cr_assert_eq(stat_alpha(MISS, 10, 4, pw, 0, &out), 0);
        cr_assert_eq(stat_alpha(MISS, 10, 4, pw, 1, &mean), 0);
        PRESENT(out.alpha);
        EQ(out.alpha.value, MISS_R[pw].alpha);
        EQ(out.alpha_std.value, MISS_R[pw].std);
        EQ(out.n, MISS_R[pw].n);
        EQ_DIST(out.alpha.lo, MISS_R[pw].lo);
        EQ_DIST(out.alpha.hi, MISS_R[pw].hi);
        EQ(out.sem.value, MISS_R[pw].sem_sum);
        EQ(mean.sem.value, MISS_R[pw].sem_mean);
        for (int i = 0; i < 4; i++) {
            EQ(r[i].value, MISS_R[pw].r_drop[i]);
            EQ(d[i].value, MISS_R[pw].drop[i]);
        }
    }
}

Test(stats, alpha_complete_data_listwise_equals_pairwise)
{
    alpha_result a = { 0 }, b = { 0 };

    cr_assert_eq(stat_alpha(SF, 6, 4, 0, 0, &a), 0);
    cr_assert_eq(stat_alpha(SF, 6, 4, 1, 0, &b), 0);
    EQ(a.alpha.value, b.alpha.value);
    EQ(a.alpha.lo, b.alpha.lo);
    EQ(a.n, b.n);
}

Test(stats, alpha_degenerate)
{
    stat_est r[4], d[4];

    /* A single item (k = 1). */
    alpha_result one = { .item_total_r = r, .alpha_if_deleted = d };
    cr_assert_eq(stat_alpha(SF, 6, 1, 0, 0, &one), 0);
    ABSENT(one.alpha);
    ABSENT(one.alpha_std);
    ABSENT(one.sem);
    ABSENT(r[0]);
    ABSENT(d[0]);

    /* One respondent. */
    alpha_result lone = { .item_total_r = r, .alpha_if_deleted = d };
    cr_assert_eq(stat_alpha(SF, 1, 4, 0, 0, &lone), 0);
    ABSENT(lone.alpha);
    ABSENT(lone.alpha_std);
    ABSENT(lone.sem);
    for (int i = 0; i < 4; i++) {
        ABSENT(r[i]);
        ABSENT(d[i]);
    }

    /* Every row has a missing answer: listwise, nothing is left. */
    static const double holes[3 * 2] = { 1, NAN, NAN, 2, 3, NAN };
    alpha_result none = { 0 };
    cr_assert_eq(stat_alpha(holes, 3, 2, 0, 0, &none), 0);
    ABSENT(none.alpha);
    /* Pairwise, the one pair of items shares no row. */
    cr_assert_eq(stat_alpha(holes, 3, 2, 1, 0, &none), 0);
    ABSENT(none.alpha);

    /* All answers missing. */
    static const double blank[2 * 3] = { NAN, NAN, NAN, NAN, NAN, NAN };
    cr_assert_eq(stat_alpha(blank, 2, 3, 1, 1, &none), 0);
    ABSENT(none.alpha);
    ABSENT(none.sem);

    /* Zero variance: every answer 3. */
    static const double flat[3 * 3] = { 3, 3, 3, 3, 3, 3, 3, 3, 3 };
    alpha_result f = { .item_total_r = r, .alpha_if_deleted = d };
    cr_assert_eq(stat_alpha(flat, 3, 3, 0, 0, &f), 0);
    ABSENT(f.alpha);
    ABSENT(f.alpha_std);
    ABSENT(f.sem);
    for (int i = 0; i < 3; i++) {
        ABSENT(r[i]);
        ABSENT(d[i]);
    }

    /* One item without variance: alpha is defined, alpha_std (which
     * needs every item's sd) is not, nor is that item's r with the rest. */
    static const double one_flat[4 * 3] = { 1, 2, 4, 2, 3, 4,
                                            4, 4, 4, 5, 4, 4 };
    alpha_result g = { .item_total_r = r, .alpha_if_deleted = d };
    cr_assert_eq(stat_alpha(one_flat, 4, 3, 0, 0, &g), 0);
    WELL_FORMED(g.alpha);
    ABSENT(g.alpha_std);
    ABSENT(r[2]);
    for (int i = 0; i < 3; i++)
        WELL_FORMED(d[i]);
}

Test(stats, alpha_two_items)
{
    /* With k = 2 no alpha is left when an item goes; psych prints a
     * substitute there (C12 / C22), we give none. */
    static const double x[4 * 2] = { 1, 2, 2, 2, 3, 4, 5, 4 };
    stat_est r[2], d[2];
    alpha_result out = { .item_total_r = r, .alpha_if_deleted = d };

    cr_assert_eq(stat_alpha(x, 4, 2, 0, 0, &out), 0);
    PRESENT(out.alpha);
    /* Variances 35/12 and 16/12, covariance 20/12: alpha = 2 (1 - 51 / 91)
     * = 80/91. */
    EQ(out.alpha.value, 80.0 / 91);
    ABSENT(d[0]);
    ABSENT(d[1]);
    PRESENT(r[0]);
    /* The rest is one item: r.drop is the correlation of the two,
     * 20 / sqrt(35 * 16). */
    EQ(r[0].value, 20 / sqrt(35.0 * 16));
    EQ(r[1].value, r[0].value);
}

Test(stats, alpha_without_item_arrays)
{
    alpha_result out = { 0 };

    cr_assert_eq(stat_alpha(SF, 6, 4, 0, 0, &out), 0);
    EQ(out.alpha.value, 0.909315542377069);
}

/*
 * 115 raters on 12 items: the Feldt interval needs qf(.975, 114, 1254),
 * which GSL could not invert (114 raters gave one, 115 none, with no
 * note).  The items x_ij = 1 + [i mod 3 > 0] + [(i j + j) mod 4 > 1] +
 * [i (j + 3) mod 5 > 2] + [(i + j) mod 3 = 0], i and j from 0; in R
 *   a <- outer(0:114, 0:11, function(i, j) 1 + (i %% 3 > 0) +
 *        ((i * j + j) %% 4 > 1) + ((i * (j + 3)) %% 5 > 2) +
 *        ((i + j) %% 3 == 0))
 * psych::alpha(a)$total$raw_alpha = 0.84084062934958836 and
 * 1 - (1 - alpha) * qf(c(.975, .025), 114, 1254) = 0.79426912443802833,
 * 0.88065173334303626 (psych::alpha.ci prints .79 and .88).
 */
Test(stats, alpha_feldt_interval_at_115_raters)
{
    static double a[115 * 12];
    alpha_result out = { 0 };

    for (size_t i = 0; i < 115; i++)
        for (size_t j = 0; j < 12; j++)
            a[i * 12 + j] = 1.0 + (i % 3 > 0) + ((i * j + j) % 4 > 1) +
                            ((i * (j + 3)) % 5 > 2) + ((i + j) % 3 == 0);
    cr_assert_eq(stat_alpha(a, 115, 12, 0, 0, &out), 0);
    EQ(out.alpha.value, 0.84084062934958836);
    cr_assert(out.alpha.has_ci, "no interval: %s",
              out.alpha.note ? out.alpha.note : "(no note)");
    EQ_DIST(out.alpha.lo, 0.79426912443802833);
    EQ_DIST(out.alpha.hi, 0.88065173334303626);
}

/*
 * Pairwise covariances need not be those of one sample: items 1 . 5 and
 * 1 4 4 (the first missing its second answer) have variances 8 and 3
 * and, over the two rows they share, covariance 6, so alpha = 2 (1 - 11
 * / 23) = 24/23, above 1 (psych::alpha(x, use = "pairwise") gives the
 * same).  The Feldt interval was then [29.16, 1.00007], far from the
 * estimate and upside down; the F distribution it rests on holds only
 * for alpha below 1.  Now: no interval, and why.
 */
Test(stats, alpha_above_one_has_no_feldt_interval)
{
    static const double x[3 * 2] = { 1, 1, NAN, 4, 5, 4 };
    alpha_result out = { 0 };

    cr_assert_eq(stat_alpha(x, 3, 2, 1, 0, &out), 0);
    EQ(out.n, 2);
    EQ(out.alpha.value, 24.0 / 23);
    cr_assert(!out.alpha.has_ci, "[%g, %g]", out.alpha.lo, out.alpha.hi);
    cr_assert_str_eq(out.alpha.note, "alpha above 1 (the pairwise covariances "
                                     "are not those of one sample): no Feldt "
                                     "interval");
}

/* ==== rwg, rwg_j, awg, ad ================================================ */

Test(stats, rwg_null_variance_lebreton_senter_table3)
{
    /* Uniform: (A^2 - 1) / 12 (James, Demaree & Wolf 1984). */
    EQ(rwg_null_variance(RWG_NULL_UNIFORM, 2), 0.25);
    EQ(rwg_null_variance(RWG_NULL_UNIFORM, 5), 2);
    EQ(rwg_null_variance(RWG_NULL_UNIFORM, 7), 4);
    EQ(rwg_null_variance(RWG_NULL_UNIFORM, 11), 10);
    EQ(rwg_null_variance(RWG_NULL_UNIFORM, 20), 399.0 / 12);

    /*
     * LeBreton & Senter (2008), Table 3, 5 points.  Each is the variance
     * of the response proportions that define the null, which checks the
     * figure:
     *   slight skew  .05 .15 .20 .35 .25: mean 3.6, E x^2 14.3,  var 1.34
     *   moderate     .00 .10 .15 .40 .35: mean 4.0, E x^2 16.9,  var 0.90
     *   heavy        .00 .00 .10 .40 .50: mean 4.4, E x^2 19.8,  var 0.44
     *   triangular   .11 .22 .34 .22 .11: mean 3,   var 2(.11*4 + .22) = 1.32
     *   normal       .07 .24 .38 .24 .07: mean 3,   var 2(.07*4 + .24) = 1.04
     */
    EQ(rwg_null_variance(RWG_NULL_SLIGHT_SKEW, 5), 1.34);
    EQ(rwg_null_variance(RWG_NULL_MODERATE_SKEW, 5), 0.90);
    EQ(rwg_null_variance(RWG_NULL_HEAVY_SKEW, 5), 0.44);
    EQ(rwg_null_variance(RWG_NULL_TRIANGULAR, 5), 1.32);
    EQ(rwg_null_variance(RWG_NULL_NORMAL, 5), 1.04);
    /* 7 points, as tabled. */
    EQ(rwg_null_variance(RWG_NULL_SLIGHT_SKEW, 7), 2.90);
    EQ(rwg_null_variance(RWG_NULL_MODERATE_SKEW, 7), 2.14);
    EQ(rwg_null_variance(RWG_NULL_HEAVY_SKEW, 7), 1.39);
    EQ(rwg_null_variance(RWG_NULL_TRIANGULAR, 7), 2.10);
    EQ(rwg_null_variance(RWG_NULL_NORMAL, 7), 1.40);
    /* The table's last row, 11 points. */
    EQ(rwg_null_variance(RWG_NULL_SLIGHT_SKEW, 11), 7.31);
    EQ(rwg_null_variance(RWG_NULL_NORMAL, 11), 1.40);

    /* None outside the table, and none below two points. */
    EQ(rwg_null_variance(RWG_NULL_SLIGHT_SKEW, 4), 0);
    EQ(rwg_null_variance(RWG_NULL_NORMAL, 12), 0);
    EQ(rwg_null_variance(RWG_NULL_UNIFORM, 1), 0);
    EQ(rwg_null_variance(RWG_NULL_UNIFORM, 0), 0);
    EQ(rwg_null_variance((rwg_null)99, 5), 0);
}

/*
 * One group of five raters on three 5-point items (rows are raters).
 *   item 1: 4 4 5 4 3, mean 4,   S^2 = 2/4   = 0.5
 *   item 2: 5 4 5 4 4, mean 4.4, S^2 = 1.2/4 = 0.3
 *   item 3: 4 4 4 3 4, mean 3.8, S^2 = 0.8/4 = 0.2
 * James, Demaree & Wolf (1984), eq. 1: rwg(item 1) = 1 - 0.5/2 = 0.75;
 * eq. 4: mean S^2 / sigma^2 = (1/3)/2 = 1/6, rwg_j = 3 (5/6) / (3 (5/6)
 * + 1/6) = 15/16.  multilevel 2.7: rwg(x[,1], g, 2) = 0.75,
 * rwg.j(x, g, 2) = 0.9375; rwg.j(x, g, ranvar = 2.90) = 0.95850622406639
 * (LeBreton & Senter's 7-point slight skew, as a test of another null).
 */
static const double G1[5 * 3] = {
    4, 5, 4,
    4, 4, 4,
    5, 5, 4,
    4, 4, 3,
    3, 4, 4,
};

Test(stats, rwg_and_rwg_j_james_demaree_wolf)
{
    double col[5], raw;
    int raw_ok;

    for (size_t i = 0; i < 5; i++)
        col[i] = G1[i * 3];
    stat_est r = stat_rwg_j(col, 5, 1, 2, 1, &raw, &raw_ok);
    PRESENT(r);
    EQ(r.value, 0.75);
    cr_assert(raw_ok);
    EQ(raw, 0.75);

    r = stat_rwg_j(G1, 5, 3, 2, 1, &raw, &raw_ok);
    PRESENT(r);
    EQ(r.value, 15.0 / 16);
    EQ(raw, 15.0 / 16);

    r = stat_rwg_j(G1, 5, 3, 2.90, 1, &raw, &raw_ok);
    EQ(r.value, 0.95850622406639);
}

Test(stats, rwg_truncated_when_observed_exceeds_null)
{
    /* 1 5 1 5: S^2 = 16/3 > 2.  multilevel::rwg truncates to 0 (it sets
     * S^2 = sigma^2); the formula gives 1 - (16/3)/2 = -5/3. */
    static const double x[4] = { 1, 5, 1, 5 };
    double raw;
    int raw_ok;

    stat_est r = stat_rwg_j(x, 4, 1, 2, 1, &raw, &raw_ok);
    PRESENT(r);
    EQ(r.value, 0);
    cr_assert(r.note != NULL, "a truncation carries a note");
    cr_assert(raw_ok);
    EQ(raw, -5.0 / 3);

    r = stat_rwg_j(x, 4, 1, 2, 0, &raw, &raw_ok);
    PRESENT(r);
    EQ(r.value, -5.0 / 3);
    cr_assert(r.note != NULL);
    EQ(raw, -5.0 / 3);

    /* rwg_j with mean S^2 / sigma^2 = 2 and J = 2: the denominator
     * J (1 - 2) + 2 is 0.  Items 1 5 3 and 5 1 3 have S^2 = 4 each. */
    static const double y[3 * 2] = { 1, 5, 5, 1, 3, 3 };
    r = stat_rwg_j(y, 3, 2, 2, 1, &raw, &raw_ok);
    PRESENT(r);
    EQ(r.value, 0);
    cr_assert(!raw_ok, "untruncated rwg_j divides by zero, yet %g", raw);
    r = stat_rwg_j(y, 3, 2, 2, 0, &raw, &raw_ok);
    ABSENT(r);
    cr_assert(!raw_ok);

    /* Ratio 1.5, J = 2: untruncated 2 (1 - 1.5) / (2 (1 - 1.5) + 1.5) = -2,
     * out of [0, 1] as James et al. warn; truncated to 0. */
    static const double z[3 * 2] = { 1, 1, 4, 4, 1, 4 }; /* S^2 = 3 and 3 */
    r = stat_rwg_j(z, 3, 2, 2, 1, &raw, &raw_ok);
    EQ(r.value, 0);
    cr_assert(raw_ok);
    EQ(raw, -2);
}

/*
 * rwg_j's denominator J (1 - r) + r is 0 at r = J / (J - 1).  Three
 * raters on four items of a 4-point scale (null variance 15/12):
 *   2 3 1 1 / 3 2 4 2 / 3 4 1 4, item variances 1/3, 1, 3, 7/3,
 * mean 5/3, r = (5/3) / (5/4) = 4/3 = J / (J - 1).  As doubles r came out
 * a hair off 4/3 and the untruncated rwg_j was printed as 3.0e15 with no
 * note.  Now the ratio is decided as the fraction it is: the untruncated
 * value is absent (the formula divides by zero), the truncated one 0.
 */
Test(stats, rwg_j_at_its_pole_whatever_the_rounding)
{
    static const double x[3 * 4] = { 2, 3, 1, 1, 3, 2, 4, 2, 3, 4, 1, 4 };
    double raw = 99;
    int raw_ok = 1;

    stat_est r = stat_rwg_j(x, 3, 4, rwg_null_variance(RWG_NULL_UNIFORM, 4),
                            1, &raw, &raw_ok);
    PRESENT(r);
    EQ(r.value, 0);
    cr_assert(!raw_ok, "untruncated rwg_j divides by zero, yet %g", raw);
    r = stat_rwg_j(x, 3, 4, 15.0 / 12, 0, &raw, &raw_ok);
    ABSENT(r);
    cr_assert(!raw_ok);
    /* The same on a 2-point scale: 1 1 1 1 / 1 1 2 1 / 2 2 2 2, every
     * item variance 1/3 over a null of 1/4. */
    static const double y[3 * 4] = { 1, 1, 1, 1, 1, 1, 2, 1, 2, 2, 2, 2 };
    r = stat_rwg_j(y, 3, 4, 0.25, 1, &raw, &raw_ok);
    EQ(r.value, 0);
    cr_assert(!raw_ok, "untruncated rwg_j divides by zero, yet %g", raw);
}

Test(stats, rwg_j_missing_answers_per_item)
{
    /*
     * Item 1 answered by all four (4 4 5 3: S^2 = 2/3), item 2 by two
     * (5 5: S^2 = 0), item 3 by one (left out, so J = 2):
     * ratio (1/3)/2 = 1/6, rwg_j = 2 (5/6) / (2 (5/6) + 1/6) = 10/11.
     * (multilevel::rwg.j drops raters listwise first; see the report.)
     */
    static const double x[4 * 3] = {
        4, 5, NAN,
        4, NAN, 2,
        5, 5, NAN,
        3, NAN, NAN,
    };
    double raw;
    int raw_ok;

    stat_est r = stat_rwg_j(x, 4, 3, 2, 1, &raw, &raw_ok);
    PRESENT(r);
    EQ(r.value, 10.0 / 11);
}

Test(stats, rwg_order_of_raters)
{
    uint64_t state = 0x4a44573834u;

    for (int trial = 0; trial < 20; trial++) {
        size_t rows[5];
        double x[5 * 3], raw;
        int raw_ok;
        shuffle(rows, 5, &state);
        for (size_t i = 0; i < 5; i++)
            memcpy(x + i * 3, G1 + rows[i] * 3, 3 * sizeof *x);
        EQ(stat_rwg_j(x, 5, 3, 2, 1, &raw, &raw_ok).value, 15.0 / 16);
        EQ(stat_ad(x, 5, 3, 0).value, 0.4);
        EQ(stat_ad(x, 5, 3, 1).value, 1.0 / 3);
    }
}

Test(stats, rwg_degenerate)
{
    double raw = 123;
    int raw_ok = 1;

    /* No null variance (an untabled scale). */
    stat_est r = stat_rwg_j(G1, 5, 3, rwg_null_variance(RWG_NULL_NORMAL, 4),
                            1, &raw, &raw_ok);
    ABSENT(r);
    cr_assert(!raw_ok);
    /* One rater. */
    r = stat_rwg_j(G1, 1, 3, 2, 1, &raw, &raw_ok);
    ABSENT(r);
    cr_assert(!raw_ok);
    /* Nothing answered. */
    static const double blank[3 * 2] = { NAN, NAN, NAN, NAN, NAN, NAN };
    r = stat_rwg_j(blank, 3, 2, 2, 1, &raw, &raw_ok);
    ABSENT(r);
    cr_assert(!raw_ok);
    /* Zero variance: full agreement, rwg = 1. */
    static const double same[4] = { 3, 3, 3, 3 };
    r = stat_rwg_j(same, 4, 1, 2, 1, &raw, &raw_ok);
    PRESENT(r);
    EQ(r.value, 1);
}

Test(stats, awg_brown_hauenstein_as_multilevel)
{
    /*
     * Brown & Hauenstein (2005), eq. 2, on 1..5: awg = 1 - 2 S^2 /
     * ([(H + L) M - M^2 - H L] k / (k - 1)).  Item 1 of G1: M = 4, k = 5,
     * S^2 = 0.5: max = (24 - 16 - 5) * 5/4 = 3.75, awg = 1 - 1/3.75 =
     * 11/15.  multilevel::awg(x[,1], g, range = c(1, 5)) = 0.733333333333333.
     * Items 1 and 3 (item 3: M = 3.8, max = 3.36 * 5/4 = 4.2, awg = 1 -
     * 0.4/4.2 = 19/21): multilevel::awg(x[, c(1, 3)], g) averages them,
     * 0.819047619047619.
     */
    double col[5], two[5 * 2];

    for (size_t i = 0; i < 5; i++) {
        col[i] = G1[i * 3];
        two[i * 2] = G1[i * 3];
        two[i * 2 + 1] = G1[i * 3 + 2];
    }
    stat_est a = stat_awg(col, 5, 1, 1, 5);
    PRESENT(a);
    EQ(a.value, 0.733333333333333);
    EQ(a.value, 11.0 / 15);
    a = stat_awg(two, 5, 2, 1, 5);
    PRESENT(a);
    EQ(a.value, 0.819047619047619);
    /* A skewed item, 1 2 2 5: M = 2.5, S^2 = 3, max = (15 - 6.25 - 5) 4/3
     * = 5, awg = 1 - 6/5 = -0.2 (multilevel: -0.2). */
    static const double s[4] = { 1, 2, 2, 5 };
    a = stat_awg(s, 4, 1, 1, 5);
    PRESENT(a);
    EQ(a.value, -0.2);
}

Test(stats, awg_ends_of_the_scale_as_multilevel)
{
    /*
     * Brown & Hauenstein (2005) leave awg undefined where the mean lies so
     * near an end that the largest variance k ratings could have is cut
     * short: below (L (k - 1) + H) / k or above (H (k - 1) + L) / k; all
     * ratings at one end is complete agreement, 1.  multilevel 2.7 gives:
     *   awg(c(5, 5, 5, 5))  1     (at the top)
     *   awg(c(1, 1, 1))     1     (at the bottom)
     *   awg(c(5, 5, 5, 4))  NA    (M = 4.75 > (5 * 3 + 1) / 4 = 4)
     *   awg(c(5, 5, 5, 1))  -1    (M = 4, on the bound: S^2 = 4 is the
     *                              largest, (24 - 16 - 5) * 4/3 = 4)
     *   awg(c(1, 1, 1, 5))  -1    (the same at the bottom)
     *   awg(G1)             0.819047619047619 (item 2, M = 4.4 > 4.2, is
     *                              left out: items 1 and 3 as above)
     *   awg(mixed)          0.833333333333333 (item 1 at the top: 1;
     *                              item 2, 4 4 5 3: M = 4, S^2 = 2/3,
     *                              max 4, 1 - (4/3)/4 = 2/3; mean 5/6)
     */
    static const double top[4] = { 5, 5, 5, 5 };
    static const double bottom[3] = { 1, 1, 1 };
    static const double high[4] = { 5, 5, 5, 4 };
    static const double on_top_bound[4] = { 5, 5, 5, 1 };
    static const double on_low_bound[4] = { 1, 1, 1, 5 };
    static const double mixed[4 * 2] = { 5, 4, 5, 4, 5, 5, 5, 3 };

    stat_est a = stat_awg(top, 4, 1, 1, 5);
    PRESENT(a);
    EQ(a.value, 1);
    a = stat_awg(bottom, 3, 1, 1, 5);
    PRESENT(a);
    EQ(a.value, 1);
    ABSENT(stat_awg(high, 4, 1, 1, 5));
    a = stat_awg(on_top_bound, 4, 1, 1, 5);
    PRESENT(a);
    EQ(a.value, -1);
    a = stat_awg(on_low_bound, 4, 1, 1, 5);
    PRESENT(a);
    EQ(a.value, -1);

    a = stat_awg(G1, 5, 3, 1, 5);
    PRESENT(a);
    EQ(a.value, 0.819047619047619);
    cr_assert(a.note != NULL, "an item left out carries a note");

    a = stat_awg(mixed, 4, 2, 1, 5);
    PRESENT(a);
    EQ(a.value, 0.833333333333333);
    EQ(a.value, 5.0 / 6);
}

Test(stats, awg_degenerate)
{
    static const double one[1] = { 3 };
    static const double blank[2 * 2] = { NAN, NAN, NAN, NAN };
    static const double high[3 * 2] = { 5, 1, 5, 1, 4, 2 };

    ABSENT(stat_awg(one, 1, 1, 1, 5));      /* one rater */
    ABSENT(stat_awg(blank, 2, 2, 1, 5));    /* nothing answered */
    ABSENT(stat_awg(G1, 5, 0, 1, 5));       /* no items */
    /* Both items too near an end (M = 14/3 > 11/3, M = 4/3 < 7/3). */
    ABSENT(stat_awg(high, 3, 2, 1, 5));
}

Test(stats, ad_burke_finkelstein_dusig_as_multilevel)
{
    /*
     * Burke, Finkelstein & Dusig (1999), eq. 1: mean |x - centre| per item,
     * averaged over items.  G1 about the mean: item 1 (mean 4) 2/5, item 2
     * (mean 4.4) 2.4/5, item 3 (mean 3.8) 1.6/5, average 0.4; about the
     * median (4, 4, 4): 0.4, 0.4, 0.2, average 1/3.  multilevel::ad.m(x,
     * g) = 0.4, ad.m(x, g, type = "median") = 0.333333333333333.  The
     * skewed 1 2 2 5: 5/4 about the mean 2.5, 1 about the median 2
     * (multilevel: 1.25 and 1).
     */
    static const double s[4] = { 1, 2, 2, 5 };

    stat_est a = stat_ad(G1, 5, 3, 0);
    PRESENT(a);
    EQ(a.value, 0.4);
    a = stat_ad(G1, 5, 3, 1);
    PRESENT(a);
    EQ(a.value, 1.0 / 3);
    EQ(stat_ad(s, 4, 1, 0).value, 1.25);
    EQ(stat_ad(s, 4, 1, 1).value, 1);
    /* An even count takes the middle two's mean: 1 2 4 5, median 3,
     * deviations 2 1 1 2, ad_md = 6/4. */
    static const double e[4] = { 5, 1, 4, 2 };
    EQ(stat_ad(e, 4, 1, 1).value, 1.5);
}

Test(stats, ad_missing_and_degenerate)
{
    /* Item 2 answered once: left out; item 1 (2 4, mean 3): ad = 1. */
    static const double x[3 * 2] = { 2, NAN, 4, 5, NAN, NAN };
    static const double blank[2] = { NAN, NAN };
    static const double same[3] = { 4, 4, 4 };

    EQ(stat_ad(x, 3, 2, 0).value, 1);
    ABSENT(stat_ad(G1, 1, 3, 0));       /* one rater */
    ABSENT(stat_ad(blank, 2, 1, 1));    /* nothing answered */
    stat_est a = stat_ad(same, 3, 1, 1); /* no variance: ad = 0 */
    PRESENT(a);
    EQ(a.value, 0);
}

/* ---- Beyond alpha: lambda 6, omega, Spearman-Brown ------------------------- */

/* Four items correlating 0.5: R^-1's diagonal is (1 + 2 r) / ((1 - r)
 * (1 + 3 r)) = 1.6, so every smc is 1 - 1/1.6 = 0.375 (psych::smc gives
 * 0.375 to 2e-16), and lambda 6 = 1 - (4 - 1.5) / 10 = 0.75.  One factor
 * fits exactly with loadings sqrt(0.5): omega = (10 - 4 x 0.5) / 10 =
 * 0.8. */
Test(stats, omega_and_lambda6_equicorrelated)
{
    double r[16], smc[4];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            r[i * 4 + j] = i == j ? 1 : 0.5;
    cr_assert_eq(stat_smc(r, 4, smc), 0);
    for (int i = 0; i < 4; i++)
        EQ(smc[i], 0.375);
    PRESENT(stat_guttman_l6(r, 4));
    EQ(stat_guttman_l6(r, 4).value, 0.75);
    PRESENT(stat_omega_total(r, 4));
    EQ(stat_omega_total(r, 4).value, 0.8);
    /* An item turned round loads negatively: psych::omega turns it back
     * (flip), and omega is what it was. */
    for (int j = 0; j < 4; j++)
        if (j != 3) {
            r[3 * 4 + j] = -r[3 * 4 + j];
            r[j * 4 + 3] = -r[j * 4 + 3];
        }
    EQ(stat_omega_total(r, 4).value, 0.8);
}

/* Two items the same: R is singular, and psych::smc's pseudo-inverse
 * gives 0, 0 and 0.25 (its first two set up from below zero). */
Test(stats, smc_of_a_singular_matrix_as_psych)
{
    const double r[9] = { 1, 1, 0.5, 1, 1, 0.5, 0.5, 0.5, 1 };
    double smc[3];
    cr_assert_eq(stat_smc(r, 3, smc), 0);
    NEAR(smc[0], 0, 1e-9);
    NEAR(smc[1], 0, 1e-9);
    NEAR(smc[2], 0.25, 1e-12);
}

/* Three items identify one factor: l1^2 = r12 r13 / r23 = 0.9 x 0.9 /
 * 0.5 = 1.62, beyond 1: a Heywood case, no omega.  Two items identify
 * none. */
Test(stats, omega_degenerate)
{
    const double heywood[9] = { 1, 0.9, 0.9, 0.9, 1, 0.5, 0.9, 0.5, 1 };
    const double two[4] = { 1, 0.3, 0.3, 1 };
    const double none[9] = { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
    ABSENT(stat_omega_total(heywood, 3));
    cr_assert(strstr(stat_omega_total(heywood, 3).note, "Heywood"));
    ABSENT(stat_omega_total(two, 2));
    ABSENT(stat_guttman_l6(two, 1));
    /* Uncorrelated items: no factor to fit (the loadings fall to 0). */
    WELL_FORMED(stat_omega_total(none, 3));
}

/* m rho / (1 + (m - 1) rho): 0.7 doubled is 1.4 / 1.7, halved 0.35 /
 * 0.65; the interval stepped end by end; at rho = -0.5 tripled the
 * formula divides by zero. */
Test(stats, spearman_brown)
{
    stat_est rel = stat_present(0.7);
    stat_set_ci(&rel, 0.6, 0.8, "x");
    stat_est sb = stat_spearman_brown(&rel, 2);
    PRESENT(sb);
    EQ(sb.value, 1.4 / 1.7);
    cr_assert(sb.has_ci);
    EQ(sb.lo, 1.2 / 1.6);
    EQ(sb.hi, 1.6 / 1.8);
    EQ(stat_spearman_brown(&rel, 0.5).value, 0.35 / 0.65);
    rel = stat_present(-0.5);
    ABSENT(stat_spearman_brown(&rel, 3));
    rel = stat_absent("no variance in the total score");
    sb = stat_spearman_brown(&rel, 2);
    ABSENT(sb);
    cr_assert_str_eq(sb.note, "no variance in the total score");
    /* An interval reaching below the pole -1/(m - 1) is not stepped. */
    rel = stat_present(0.1);
    stat_set_ci(&rel, -0.9, 0.5, "x");
    sb = stat_spearman_brown(&rel, 3);
    PRESENT(sb);
    cr_assert(!sb.has_ci);
    cr_assert_not_null(sb.note);
}

/* Items that move together exactly: every covariance the same, alpha 1
 * and Duhachek's se 0, the interval collapsed on it. */
Test(stats, alpha_duhachek_at_one)
{
    const double x[] = { 1, 1, 1, 2, 2, 2, 4, 4, 4, 5, 5, 5 };
    alpha_result res = { 0 };
    cr_assert_eq(stat_alpha(x, 4, 3, 0, 1, &res), 0);
    PRESENT(res.alpha_duhachek);
    EQ(res.alpha_duhachek.value, 1);
    cr_assert(res.alpha_duhachek.has_se);
    EQ(res.alpha_duhachek.se, 0);
    cr_assert(res.alpha_duhachek.has_ci);
    EQ(res.alpha_duhachek.lo, 1);
    EQ(res.alpha_duhachek.hi, 1);
    /* every correlation 1: loadings of 1, a Heywood case */
    ABSENT(res.omega_total);
    EQ(res.average_r.value, 1);
}

/* ---- icc1 and icc2 intervals, r*wg(j), rwg_j under random responding ------ */

/*
 * psychometric 2.3 (R 4.2.2): ICC1.CI(y, g, d) and ICC2.CI(y, g, d) on
 * the four unequal groups above give [0.040480076428859063,
 * 0.95750076049797495] and [0.12865986461831647, 0.9874772108454849];
 * on Shrout & Fleiss's Table 2 as six groups of four, [-0.13293232487475107,
 * 0.72256006232812087] and [-0.88444215523812098, 0.9124154203407755].
 */
Test(stats, icc_oneway_intervals_as_psychometric)
{
    static const size_t sizes[6] = { 4, 4, 4, 4, 4, 4 };
    stat_est icc1, icc2;
    stat_test t;

    stat_icc_oneway(BL_Y, BL_SIZES, 4, &icc1, &icc2, &t);
    PRESENT(icc1);
    cr_assert(icc1.has_ci && icc2.has_ci);
    EQ_DIST(icc1.lo, 0.040480076428859063);
    EQ_DIST(icc1.hi, 0.95750076049797495);
    EQ_DIST(icc2.lo, 0.12865986461831647);
    EQ_DIST(icc2.hi, 0.9874772108454849);
    stat_icc_oneway(SF, sizes, 6, &icc1, &icc2, &t);
    EQ_DIST(icc1.lo, -0.13293232487475107);
    EQ_DIST(icc1.hi, 0.72256006232812087);
    EQ_DIST(icc2.lo, -0.88444215523812098);
    EQ_DIST(icc2.hi, 0.9124154203407755);
}

/* No variance within subjects: F divides by zero, icc1 is 1 and has no
 * interval, with the reason; no variance between: F is 0. */
Test(stats, icc_oneway_intervals_degenerate)
{
    static const double within0[6] = { 1, 1, 1, 3, 3, 3 };
    static const double between0[6] = { 1, 2, 3, 3, 2, 1 };
    static const size_t sizes[2] = { 3, 3 };
    stat_est icc1, icc2;
    stat_test t;

    stat_icc_oneway(within0, sizes, 2, &icc1, &icc2, &t);
    PRESENT(icc1);
    EQ(icc1.value, 1);
    cr_assert(!icc1.has_ci && !icc2.has_ci);
    cr_assert(strstr(icc1.note, "F divides by zero"), "%s", icc1.note);
    stat_icc_oneway(between0, sizes, 2, &icc1, &icc2, &t);
    PRESENT(icc1);
    cr_assert(!icc1.has_ci);
    cr_assert(strstr(icc1.note, "F is 0"), "%s", icc1.note);
}

/*
 * r*wg(j) = 1 - mean S^2 / sigma^2 (Lindell, Brandt & Whitney 1999), as
 * multilevel::rwg.j.lindell (ranvar 2 for 5 points): items of variance 1
 * and 0 give 1 - 0.5/2 = 0.75; of 1 and 3, 1 - 2/2 = 0 exactly; of 4
 * and 4, -1 (not truncated).  A missing answer leaves its item's
 * variance to the raters who answered it.
 */
Test(stats, rwg_j_lindell)
{
    const double a[] = { 1, 2, 2, 2, 3, 2 };   /* vars 1, 0 */
    const double b[] = { 1, 2, 2, 2, 3, 5 };   /* vars 1, 3 */
    const double c[] = { 1, 1, 3, 3, 5, 5 };   /* vars 4, 4 */
    const double m[] = { 1, 2, 2, NAN, 3, 2 }; /* vars 1, 0 */
    PRESENT(stat_rwg_j_lindell(a, 3, 2, 2));
    EQ(stat_rwg_j_lindell(a, 3, 2, 2).value, 0.75);
    EQ(stat_rwg_j_lindell(b, 3, 2, 2).value, 0);
    EQ(stat_rwg_j_lindell(c, 3, 2, 2).value, -1);
    EQ(stat_rwg_j_lindell(m, 3, 2, 2).value, 0.75);
    ABSENT(stat_rwg_j_lindell(a, 1, 2, 2));
    ABSENT(stat_rwg_j_lindell(a, 3, 2, 0));
}

/*
 * Three raters, two items, five points: the 5^6 answer patterns give
 * rwg_j's exact distribution under the uniform null (enumerated here),
 * whose 95th percentile (type 1) is 10/11: 94.6% of patterns lie below
 * it, 98.3% at or below, so that 20,000 simulated groups find it
 * whatever the seed.  R: quantile(v, .95, type = 1) over the same
 * enumeration gives 0.90909090909090906; multilevel::rwg.j.sim(3, 2, 5,
 * nrep = 10000)$rwg.95 reports the next value, 0.95652173913043503.
 */
Test(stats, rwg_j_null_p95_exact_distribution)
{
    double x[6], raw;
    int raw_ok;
    size_t below = 0, at_or_below = 0, total = 0;
    const double q = 10.0 / 11;

    for (int code = 0; code < 15625; code++) {
        int c = code;
        for (int i = 0; i < 6; i++, c /= 5)
            x[i] = 1 + c % 5;
        stat_est e = stat_rwg_j(x, 3, 2, 2, 1, &raw, &raw_ok);
        cr_assert(e.ok);
        below += e.value < q - 1e-12;
        at_or_below += e.value <= q + 1e-12;
        total++;
    }
    cr_assert(below < 0.95 * total && at_or_below >= 0.95 * total);
    for (uint64_t seed = 1; seed <= 3; seed++) {
        stat_est p = stat_rwg_j_null_p95(3, 2, 5, RWG_NULL_UNIFORM, 1, 20000,
                                         seed);
        PRESENT(p);
        EQ(p.value, q);
    }
    /* the same seed, the same percentile, bit for bit */
    stat_est p1 = stat_rwg_j_null_p95(11, 6, 5, RWG_NULL_UNIFORM, 1, 2000, 7);
    stat_est p2 = stat_rwg_j_null_p95(11, 6, 5, RWG_NULL_UNIFORM, 1, 2000, 7);
    cr_assert_eq(p1.value, p2.value);
}

/* The skewed, triangular and normal nulls are simulated on 5 points,
 * from the proportions of James, Demaree & Wolf (1984); on 7 they are
 * tabled by variance only: no simulation, with the reason. */
Test(stats, rwg_j_null_p95_skewed_nulls)
{
    for (rwg_null nl = RWG_NULL_SLIGHT_SKEW; nl <= RWG_NULL_NORMAL; nl++) {
        stat_est p = stat_rwg_j_null_p95(8, 4, 5, nl, 1, 2000, 3);
        PRESENT(p);
        cr_assert(p.value >= 0 && p.value <= 1);
        ABSENT(stat_rwg_j_null_p95(8, 4, 7, nl, 1, 2000, 3));
    }
    /* Untruncated, the formula of random answers past its pole (a mean
     * variance above J/(J - 1) times the null's) is large and positive:
     * the percentile of what --no-truncate reports lies above the
     * truncated one. */
    stat_est t = stat_rwg_j_null_p95(11, 6, 5, RWG_NULL_UNIFORM, 1, 4000, 5);
    stat_est u = stat_rwg_j_null_p95(11, 6, 5, RWG_NULL_UNIFORM, 0, 4000, 5);
    PRESENT(t);
    PRESENT(u);
    cr_assert_gt(u.value, t.value);
    ABSENT(stat_rwg_j_null_p95(1, 6, 5, RWG_NULL_UNIFORM, 1, 100, 5));
    ABSENT(stat_rwg_j_null_p95(4, 6, 5, RWG_NULL_UNIFORM, 1, 0, 5));
}

/* ---- Careless responding ---------------------------------------------------- */

/* Seven raters on two items, one answer missing.  psych::outlier(x) (R
 * 4.2.2, psych 2.2.9; pairwise covariances, the missing answer's terms
 * left out) gives these D^2, and pchisq(D2, 2, lower.tail = FALSE) the
 * p. */
Test(stats, mahalanobis_d2_as_psych_outlier)
{
    const double x[] = { 1, 2, 2, 2, 3, 4, 4, 3, 5, 5, 2, NAN, 4, 1 };
    static const double d2_r[7] = {
        2.02449812861517531, 0.56141544743109906, 0.83361687648860139,
        0.57502551888397424, 2.78666212997618246, 0.66349098332766254,
        3.88227288193263087
    };
    static const double p_r[7] = {
        0.36340074813688483, 0.75524904460920783, 0.65914717524104482,
        0.75012699550803785, 0.24824699894096047, 0.71766995259861543,
        0.14354073148369842
    };
    stat_est d2[7];
    double p[7];
    cr_assert_eq(stat_mahalanobis_d2(x, 7, 2, d2, p), 0);
    for (int i = 0; i < 7; i++) {
        PRESENT(d2[i]);
        NEAR(d2[i].value, d2_r[i], 1e-12);
        EQ_DIST(p[i], p_r[i]);
    }
}

/* No more raters than items, or an item without variance: no distance,
 * for anyone, with the reason. */
Test(stats, mahalanobis_d2_degenerate)
{
    const double few[] = { 1, 2, 3, 4 };
    const double flat[] = { 1, 3, 2, 3, 3, 3, 4, 3, 5, 3 };
    stat_est d2[5];
    double p[5];
    cr_assert_eq(stat_mahalanobis_d2(few, 2, 2, d2, p), 0);
    ABSENT(d2[0]);
    ABSENT(d2[1]);
    cr_assert_eq(stat_mahalanobis_d2(flat, 5, 2, d2, p), 0);
    for (int i = 0; i < 5; i++) {
        ABSENT(d2[i]);
        cr_assert(isnan(p[i]));
    }
}

/*
 * Raters worked by hand, twelve answers each in three scales of four:
 *   straight  3 3 3 3 3 3 3 3 3 3 3 3: longstring 12, irv exactly 0,
 *             even-odd none (each half the same on every scale);
 *   steady    5 5 4 4 | 2 2 1 1 | 3 4 3 4: longstring 2; sum 38, sum of
 *             squares 142, irv sqrt((142 - 38^2/12) / 11) = sqrt(65/33);
 *             halves (odd, even) (4.5, 4.5), (1.5, 1.5), (3, 4): about
 *             their means 3 and 10/3, cross products 4.5, squares 4.5
 *             and 31/6, r = 4.5 / sqrt(4.5 x 31/6), even_odd 2r / (1 + r);
 *   zigzag    1 2 3 4 | 5 1 2 3 | 4 5 1 2: halves (2, 3), (3.5, 2),
 *             (2.5, 3.5): r = -11/14, stepped up -22/3, held at -1;
 *   gappy     3 3 . 3 3 3 2 ...: a missing answer ends a run (R's rle):
 *             longstring 3.
 */
Test(stats, screen_indices_by_hand)
{
    const size_t len[3] = { 4, 4, 4 };
    const double straight[12] = { 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3 };
    const double steady[12] = { 5, 5, 4, 4, 2, 2, 1, 1, 3, 4, 3, 4 };
    const double zigzag[12] = { 1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2 };
    const double gappy[12] = { 3, 3, NAN, 3, 3, 3, 2, 1, 2, 1, 2, 1 };
    const double none[3] = { NAN, NAN, NAN };
    size_t used;

    EQ(stat_longstring(straight, 12).value, 12);
    EQ(stat_irv(straight, 12).value, 0);
    ABSENT(stat_even_odd(straight, len, 3, &used));
    cr_assert_eq(used, 3);

    EQ(stat_longstring(steady, 12).value, 2);
    EQ(stat_irv(steady, 12).value, sqrt(65.0 / 33));
    double r = 4.5 / sqrt(4.5 * 31.0 / 6);
    stat_est eo = stat_even_odd(steady, len, 3, &used);
    PRESENT(eo);
    EQ(eo.value, 2 * r / (1 + r));

    EQ(stat_longstring(zigzag, 12).value, 1);
    EQ(stat_even_odd(zigzag, len, 3, &used).value, -1);

    EQ(stat_longstring(gappy, 12).value, 3);
    /* two scales with both halves answered are too few */
    ABSENT(stat_even_odd(steady, len, 2, &used));
    ABSENT(stat_longstring(none, 3));
    ABSENT(stat_irv(none, 3));
    ABSENT(stat_irv(steady, 1));
}
