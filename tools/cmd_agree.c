/*
 * assess agree -i INSTRUMENT [OPTIONS] RESPONSES...
 *
 * Rater agreement within each subject and across subjects, as one tidy
 * table of statistics (CSV or JSON).
 */
#include <string.h>

#include "cli.h"
#include "cmd.h"

static const char help[] =
    "usage: assess agree -i INSTRUMENT [OPTIONS] RESPONSES...\n"
    "\n"
    "Rater agreement.  Per subject, wave, scale and group (others; with\n"
    "--by-group each group too): rwg or rwg_j, awg, ad_m, ad_md, withheld\n"
    "below the group's anonymity minimum.  Per wave, scale and group: icc1,\n"
    "icc2, the Shrout & Fleiss ICCs when the same raters rated every\n"
    "subject, Krippendorff's alpha (nominal, ordinal, interval, ratio),\n"
    "fleiss_kappa, gwet_ac1, gwet_ac2; with --pair, Cohen's kappas.\n"
    "\n"
    "output (columns subject_id,wave,scale,item,group,statistic,value,\n"
    "ci_low,ci_high,n,note):\n" CLI_TABLE_OUTPUT_HELP
    "\n"
    "statistics:\n"
    "      --by-group      each group besides others\n"
    "      --null D        rwg's null distribution: uniform (default),\n"
    "                      slight_skew, moderate_skew, heavy_skew,\n"
    "                      triangular or normal (LeBreton & Senter 2008)\n"
    "      --no-truncate   rwg as the formula gives it, also where the\n"
    "                      observed variance exceeds the null (default: 0\n"
    "                      there, with the formula's value beside it)\n"
    "      --pair A,B      Cohen's kappas between two groups (where each\n"
    "                      is shown) or, with --research, two rater ids\n"
    "      --categories C  which categories weighted kappas and AC1/AC2\n"
    "                      span: observed (default) or scale (every point)\n"
    "\n"
    "confidentiality:\n"
    "      --research      output for research, not for the executive or\n"
    "                      the organisation: cohort statistics use every\n"
    "                      rater, also those the anonymity minimums\n"
    "                      withhold; --pair may name rater ids\n"
    "\n"
    "input:\n" CLI_INPUT_HELP
    "\n" CLI_RESULT_EXIT_HELP;

enum {
    OPT_BY_GROUP = 2000,
    OPT_NULL,
    OPT_NO_TRUNCATE,
    OPT_PAIR,
    OPT_CATEGORIES
};

static int parse_null(const char *arg, assess_rwg_null *out)
{
    static const char *const names[] = {
        [ASSESS_NULL_UNIFORM] = "uniform",
        [ASSESS_NULL_SLIGHT_SKEW] = "slight_skew",
        [ASSESS_NULL_MODERATE_SKEW] = "moderate_skew",
        [ASSESS_NULL_HEAVY_SKEW] = "heavy_skew",
        [ASSESS_NULL_TRIANGULAR] = "triangular",
        [ASSESS_NULL_NORMAL] = "normal",
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        if (strcmp(arg, names[i]) == 0) {
            *out = (assess_rwg_null)i;
            return 0;
        }
    }
    fprintf(stderr, "assess agree: --null: '%s' is not uniform, slight_skew, "
                    "moderate_skew, heavy_skew, triangular or normal\n", arg);
    return -1;
}

static assess_table *compute(const assess_responses *resp, void *ctx,
                             const assess_table_stream *stream,
                             unsigned threads, assess_error *err)
{
    assess_agree_options *o = ctx;
    o->stream = stream;
    o->threads = threads;
    return assess_agree_compute(resp, o, err);
}

int cmd_agree(int argc, char **argv)
{
    static const struct option options[] = {
        CLI_INPUT_LONG_OPTIONS,
        CLI_TABLE_LONG_OPTIONS,
        { "by-group", no_argument, NULL, OPT_BY_GROUP },
        { "null", required_argument, NULL, OPT_NULL },
        { "no-truncate", no_argument, NULL, OPT_NO_TRUNCATE },
        { "pair", required_argument, NULL, OPT_PAIR },
        { "categories", required_argument, NULL, OPT_CATEGORIES },
        CLI_RESEARCH_LONG_OPTION,
        { NULL, 0, NULL, 0 },
    };
    cli_input in;
    assess_agree_options ao;
    cli_table_run run = { .cmd = "agree", .in = &in, .compute = compute,
                          .ctx = &ao };
    int opt;

    cli_input_init(&in);
    assess_agree_options_init(&ao);
    while ((opt = getopt_long(argc, argv, "i:o:", options, NULL)) != -1) {
        int handled = cli_table_option(&run, opt, optarg);
        if (handled < 0)
            return EXIT_USAGE;
        if (handled > 0)
            continue;
        switch (opt) {
        case OPT_HELP:
            fputs(help, stdout);
            return EXIT_FINE;
        case OPT_BY_GROUP:
            ao.by_group = 1;
            break;
        case OPT_NULL:
            if (parse_null(optarg, &ao.null) < 0)
                return EXIT_USAGE;
            break;
        case OPT_NO_TRUNCATE:
            ao.rwg_truncate = 0;
            break;
        case OPT_PAIR:
            ao.pair = optarg;
            break;
        case OPT_RESEARCH:
            ao.research = 1;
            break;
        case OPT_CATEGORIES:
            if (strcmp(optarg, "observed") == 0)
                ao.categories = ASSESS_CATEGORIES_OBSERVED;
            else if (strcmp(optarg, "scale") == 0)
                ao.categories = ASSESS_CATEGORIES_SCALE;
            else {
                fprintf(stderr, "assess agree: --categories: '%s' is not "
                                "observed or scale\n", optarg);
                return EXIT_USAGE;
            }
            break;
        default:
            fputs(help, stderr);
            return EXIT_USAGE;
        }
    }
    run.files = argv + optind;
    run.n_files = argc - optind;
    return cli_run_table(&run);
}
