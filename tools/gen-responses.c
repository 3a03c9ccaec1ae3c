/*
 * gen-responses - realistic synthetic response files for an instrument,
 * for the demo, the tests and benchmarks.  Seeded and deterministic: the
 * same arguments give the same bytes on every machine (the generator does
 * its own arithmetic; no libc random numbers).
 *
 * The model: each subject has a true level per scale; each rater a
 * leniency; self-ratings run higher than others'; an answer is the
 * subject's level plus the rater's leniency plus item noise, rounded into
 * the response scale, and flipped for reverse-keyed items.  Between waves
 * subjects improve a little on average, some raters drop out and a few new
 * ones join.  About --missing of the answers are missing, half of them as
 * blanks and half as the response scale's missing code when it has one.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"

static const char help[] =
    "usage: gen-responses -i INSTRUMENT [OPTIONS]\n"
    "\n"
    "Writes synthetic responses to INSTRUMENT as CSV on standard output.\n"
    "\n"
    "options:\n"
    "  -i, --instrument FILE  the instrument (XML)\n"
    "  -n, --subjects N       number of subjects (default 10)\n"
    "  -w, --waves N          waves, 1 or more (default 2)\n"
    "  -s, --seed N           random seed (default 1)\n"
    "      --layout L         long (default) or wide\n"
    "      --missing P        share of missing answers (default 0.02)\n"
    "      --missing-code C   the code written for half the missing answers\n"
    "                         (default: none, all missing answers blank)\n"
    "      --scale-min A      lowest response value (default 1)\n"
    "      --scale-max B      highest response value (default 5)\n";

/* splitmix64: small, fast, and the same everywhere. */
static uint64_t rng_state;

static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double rng_uniform(void)
{
    return (double)(rng_next() >> 11) * (1.0 / 9007199254740992.0);
}

static int rng_int(int lo, int hi)
{
    return lo + (int)(rng_next() % (uint64_t)(hi - lo + 1));
}

/* Box-Muller, one value per call. */
static double rng_normal(double mean, double sd)
{
    double u1 = rng_uniform(), u2 = rng_uniform();
    if (u1 < 1e-300)
        u1 = 1e-300;
    return mean + sd * sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

typedef struct rater {
    char id[32];
    size_t group;
    double leniency;
    int first_wave, last_wave;
} rater;

typedef struct options {
    const char *instrument;
    long subjects, waves;
    unsigned long long seed;
    int wide;
    double missing;
    const char *missing_code;
    int scale_min, scale_max;
} options;

/* How many raters of a role a subject has. */
static int group_size(const char *role)
{
    if (strcmp(role, "self") == 0 || strcmp(role, "manager") == 0)
        return 1;
    if (strcmp(role, "peer") == 0)
        return rng_int(2, 6);
    if (strcmp(role, "direct_report") == 0)
        return rng_int(3, 7);
    return rng_uniform() < 0.3 ? rng_int(1, 3) : 0;
}

static void answer(const options *o, const assess_instrument *inst,
                   size_t item, const double *level, const rater *r,
                   int is_self, char *out, size_t size)
{
    double u = rng_uniform();
    double mid = (o->scale_min + o->scale_max) / 2.0 + 0.8 *
                 (o->scale_max - o->scale_min) / 4.0;
    double x;
    long v;

    if (u < o->missing) {
        if (o->missing_code && u < o->missing / 2)
            snprintf(out, size, "%s", o->missing_code);
        else
            out[0] = '\0';
        return;
    }
    x = mid + level[assess_instrument_item_scale(inst, item)] + r->leniency +
        (is_self ? 0.3 : 0) + rng_normal(0, 0.6);
    v = lround(x);
    if (v < o->scale_min)
        v = o->scale_min;
    if (v > o->scale_max)
        v = o->scale_max;
    if (assess_instrument_item_reverse(inst, item))
        v = o->scale_min + o->scale_max - v;
    snprintf(out, size, "%ld", v);
}

static int parse_long(const char *opt, const char *arg, long lo, long *out)
{
    char *end;
    errno = 0;
    *out = strtol(arg, &end, 10);
    if (errno || end == arg || *end || *out < lo) {
        fprintf(stderr, "gen-responses: %s: '%s' is not a number >= %ld\n",
                opt, arg, lo);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "instrument", required_argument, NULL, 'i' },
        { "subjects", required_argument, NULL, 'n' },
        { "waves", required_argument, NULL, 'w' },
        { "seed", required_argument, NULL, 's' },
        { "layout", required_argument, NULL, 'L' },
        { "missing", required_argument, NULL, 'm' },
        { "missing-code", required_argument, NULL, 'c' },
        { "scale-min", required_argument, NULL, 'a' },
        { "scale-max", required_argument, NULL, 'b' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    options o = { NULL, 10, 2, 1, 0, 0.02, NULL, 1, 5 };
    assess_instrument *inst = NULL;
    assess_error err;
    rater *raters = NULL;
    double *level = NULL;
    size_t n_items, n_scales, n_groups;
    int opt, implicit;
    long v;
    unsigned long next_rater = 0;
    char value[32];

    while ((opt = getopt_long(argc, argv, "i:n:w:s:h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'i': o.instrument = optarg; break;
        case 'n': if (parse_long("--subjects", optarg, 1, &o.subjects)) return 2; break;
        case 'w': if (parse_long("--waves", optarg, 1, &o.waves)) return 2; break;
        case 's': if (parse_long("--seed", optarg, 0, &v)) return 2;
                  o.seed = (unsigned long long)v; break;
        case 'L':
            if (strcmp(optarg, "wide") && strcmp(optarg, "long")) {
                fprintf(stderr, "gen-responses: --layout: long or wide\n");
                return 2;
            }
            o.wide = strcmp(optarg, "wide") == 0;
            break;
        case 'm': o.missing = atof(optarg); break;
        case 'c': o.missing_code = optarg; break;
        case 'a': if (parse_long("--scale-min", optarg, -1000, &v)) return 2;
                  o.scale_min = (int)v; break;
        case 'b': if (parse_long("--scale-max", optarg, -1000, &v)) return 2;
                  o.scale_max = (int)v; break;
        case 'h': fputs(help, stdout); return 0;
        default: fputs(help, stderr); return 2;
        }
    }
    if (!o.instrument) {
        fputs(help, stderr);
        return 2;
    }
    assess_error_init(&err);
    inst = assess_instrument_load(o.instrument, NULL, NULL, &err);
    if (!inst) {
        fprintf(stderr, "gen-responses: %s: %s\n", o.instrument, err.message);
        return 1;
    }
    rng_state = o.seed * 0x2545f4914f6cdd1dULL + 1;
    n_items = assess_instrument_item_count(inst);
    n_scales = assess_instrument_scale_count(inst);
    n_groups = assess_instrument_group_count(inst);
    implicit = assess_instrument_groups_implicit(inst);
    level = calloc(n_scales, sizeof *level);
    raters = calloc(64, sizeof *raters);
    if (!level || !raters)
        return 2;

    fputs(implicit ? "subject_id,rater_id,wave" : "subject_id,rater_id,rater_group,wave",
          stdout);
    if (o.wide)
        for (size_t i = 0; i < n_items; i++)
            printf(",%s", assess_instrument_item_id(inst, i));
    else
        fputs(",item_id,value", stdout);
    fputs("\n", stdout);

    for (long s = 1; s <= o.subjects; s++) {
        size_t n = 0;
        double general = rng_normal(0, 0.35);
        char subject[32];

        snprintf(subject, sizeof subject, "E%04ld", s);
        for (size_t k = 0; k < n_scales; k++)
            level[k] = general + rng_normal(0, 0.3);
        for (size_t g = 0; g < n_groups; g++) {
            const char *role = assess_instrument_group_role(inst, g);
            int count = implicit ? 1 : group_size(role);
            for (int k = 0; k < count && n < 64; k++, n++) {
                rater *r = &raters[n];
                snprintf(r->id, sizeof r->id, "R%06lu", ++next_rater);
                r->group = g;
                r->leniency = strcmp(role, "self") == 0 ? 0 : rng_normal(0, 0.3);
                r->first_wave = 1;
                r->last_wave = (int)o.waves;
                /* Others drift away between waves; self and manager stay. */
                if (o.waves > 1 && !implicit && strcmp(role, "self") &&
                    strcmp(role, "manager") && rng_uniform() < 0.15)
                    r->last_wave = rng_int(1, (int)o.waves - 1);
            }
        }
        /* A few raters join after the first wave. */
        if (o.waves > 1 && !implicit && n < 64 && rng_uniform() < 0.4) {
            rater *r = &raters[n];
            size_t g = n_groups > 2 ? 2 : n_groups - 1;
            snprintf(r->id, sizeof r->id, "R%06lu", ++next_rater);
            r->group = g;
            r->leniency = rng_normal(0, 0.3);
            r->first_wave = rng_int(2, (int)o.waves);
            r->last_wave = (int)o.waves;
            n++;
        }
        for (long w = 1; w <= o.waves; w++) {
            if (w > 1)
                for (size_t k = 0; k < n_scales; k++)
                    level[k] += rng_normal(0.12, 0.15);
            for (size_t k = 0; k < n; k++) {
                const rater *r = &raters[k];
                int self = strcmp(assess_instrument_group_role(inst, r->group),
                                  "self") == 0 && !implicit;
                if (w < r->first_wave || w > r->last_wave)
                    continue;
                if (o.wide) {
                    if (implicit)
                        printf("%s,%s,%ld", subject, r->id, w);
                    else
                        printf("%s,%s,%s,%ld", subject, r->id,
                               assess_instrument_group_id(inst, r->group), w);
                    for (size_t i = 0; i < n_items; i++) {
                        answer(&o, inst, i, level, r, self, value, sizeof value);
                        printf(",%s", value);
                    }
                    fputs("\n", stdout);
                    continue;
                }
                for (size_t i = 0; i < n_items; i++) {
                    answer(&o, inst, i, level, r, self, value, sizeof value);
                    if (implicit)
                        printf("%s,%s,%ld,%s,%s\n", subject, r->id, w,
                               assess_instrument_item_id(inst, i), value);
                    else
                        printf("%s,%s,%s,%ld,%s,%s\n", subject, r->id,
                               assess_instrument_group_id(inst, r->group), w,
                               assess_instrument_item_id(inst, i), value);
                }
            }
        }
    }
    free(level);
    free(raters);
    assess_instrument_free(inst);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "gen-responses: write error: %s\n", strerror(errno));
        return 2;
    }
    return 0;
}
