/*
 * assess agree -i INSTRUMENT [OPTIONS] RESPONSES...
 *
 * Rater agreement within each subject and across subjects, as one tidy
 * table of statistics (CSV or JSON).
 */
#include "cli.h"
#include "cmd.h"

static const cli_usage usage = {
    "agree",
    "usage: assess agree -i INSTRUMENT [OPTIONS] RESPONSES...\n"
    "\n"
    "Rater agreement.  Per subject, wave, scale and group (others; with\n"
    "--by-group each group too): rwg or rwg_j, rwg_j_lindell, awg, ad_m,\n"
    "ad_md, withheld below the group's anonymity minimum.  Per wave, scale\n"
    "and group: icc1 and icc2 with their intervals, the Shrout & Fleiss\n"
    "ICCs when the same raters rated every\n"
    "subject, Krippendorff's alpha (nominal, ordinal, interval, ratio),\n"
    "fleiss_kappa, gwet_ac1, gwet_ac2; with --pair, Cohen's kappas.\n",
    CLI_RESULT_EXIT_HELP
};

static const char *const categories[] = { "observed", "scale", NULL };
static const int category_values[] = { ASSESS_CATEGORIES_OBSERVED,
                                       ASSESS_CATEGORIES_SCALE };

static assess_table *compute(const assess_responses *resp, void *ctx,
                             const assess_table_stream *stream,
                             unsigned threads, assess_error *err)
{
    assess_agree_options *o = ctx;
    o->stream = stream;
    o->threads = threads;
    return assess_agree_compute(resp, o, err);
}

int cmd_agree(int argc, char **argv, const cli_command *self)
{
    cli_input in;
    assess_agree_options ao;
    cli_table_run run = { .cmd = "agree", .self = self, .in = &in, .compute = compute,
                          .ctx = &ao };
    cli_option options[] = {
        CLI_TABLE_OPTIONS(&run),
        CLI_DIGITS_OPTION(&ao.digits),
        CLI_SECTION("statistics:", 19),
        CLI_FLAG(0, "by-group", &ao.by_group, "each group besides others"),
        CLI_CHOICE(0, "null", "D", &ao.null, cli_null_names, cli_null_values,
                   "rwg's null distribution: uniform (default),\n"
                   "slight_skew, moderate_skew, heavy_skew,\n"
                   "triangular or normal (LeBreton & Senter 2008)"),
        CLI_SET(0, "no-truncate", &ao.rwg_truncate, 0,
                "rwg as the formula gives it, also where the\n"
                "observed variance exceeds the null (default: 0\n"
                "there, with the formula's value beside it)"),
        CLI_STRING(0, "pair", "A,B", &ao.pair,
                   "Cohen's kappas between two groups (where each\n"
                   "is shown) or, with --research, two rater ids"),
        CLI_UINT(0, "sims", "N", &ao.sims, 1, 10000000,
                 "rwg_j_null_p95 and rwg_j_significant: rwg_j\n"
                 "against its 95th percentile in N groups of the\n"
                 "row's size answering at random by the null"),
        CLI_ULONG(0, "seed", "S", &ao.seed, 0, 4294967295.0,
                  "the seed of --sims (default 1)"),
        CLI_CHOICE(0, "categories", "C", &ao.categories, categories,
                   category_values,
                   "which categories weighted kappas and AC1/AC2\n"
                   "span: observed (default) or scale (every point)"),
        CLI_SECTION("confidentiality:", 19),
        CLI_RESEARCH_OPTION(&ao.research,
                            "output for research, not for the executive or\n"
                            "the organisation: cohort statistics use every\n"
                            "rater, also those the anonymity minimums\n"
                            "withhold; --pair may name rater ids"),
        CLI_SECTION("input:", 22),
        CLI_INPUT_OPTIONS(&in),
        CLI_END
    };
    int first, rc;

    cli_input_init(&in);
    assess_agree_options_init(&ao);
    rc = cli_options_parse(&usage, options, argc, argv, &first);
    if (rc != 0)
        return rc > 0 ? EXIT_FINE : EXIT_USAGE;
    run.files = argv + first;
    run.n_files = argc - first;
    return cli_run_table(&run);
}
