/*
 * assess reliability -i INSTRUMENT [OPTIONS] RESPONSES...
 *
 * Cronbach's alpha and its companions per wave and scale, as one tidy
 * table of statistics (CSV or JSON).
 */
#include "cli.h"
#include "cmd.h"

static const cli_usage usage = {
    "reliability",
    "usage: assess reliability -i INSTRUMENT [OPTIONS] RESPONSES...\n"
    "\n"
    "Scale reliability per wave and scale, each rater's answers an\n"
    "observation: alpha with Feldt's 95% interval, alpha_duhachek (alpha\n"
    "with Duhachek's asymptotic interval), alpha_std, average_r,\n"
    "guttman_l6, omega_total (one factor, minres), sem, and per item\n"
    "item_total_r (corrected) and alpha_if_deleted.\n",
    CLI_RESULT_EXIT_HELP
};

static const char *const missing[] = { "listwise", "pairwise", NULL };

static assess_table *compute(const assess_responses *resp, void *ctx,
                             const assess_table_stream *stream,
                             unsigned threads, assess_error *err)
{
    assess_reliability_options *o = ctx;
    o->stream = stream;
    o->threads = threads;
    return assess_reliability_compute(resp, o, err);
}

int cmd_reliability(int argc, char **argv, const cli_command *self)
{
    cli_input in;
    assess_reliability_options ro;
    cli_table_run run = { .cmd = "reliability", .self = self, .in = &in, .compute = compute,
                          .ctx = &ro };
    cli_option options[] = {
        CLI_TABLE_OPTIONS(&run),
        CLI_DIGITS_OPTION(&ro.digits),
        CLI_SECTION("statistics:", 19),
        CLI_STRING(0, "group", "G", &ro.group,
                   "only the raters of group G (or 'others');\n"
                   "default: every rater"),
        CLI_CHOICE(0, "missing", "M", &ro.pairwise, missing, NULL,
                   "listwise (default: raters with a missing answer\n"
                   "on the scale left out) or pairwise"),
        CLI_UINT(0, "target-items", "N", &ro.target_items, 1, 1000000,
                 "alpha_spearman_brown: alpha at N items\n"
                 "(Spearman-Brown)"),
        CLI_SECTION("confidentiality:", 19),
        CLI_RESEARCH_OPTION(&ro.research,
                            "output for research, not for the executive or\n"
                            "the organisation: cohort statistics use every\n"
                            "rater, also those the anonymity minimums\n"
                            "withhold"),
        CLI_SECTION("input:", 22),
        CLI_INPUT_OPTIONS(&in),
        CLI_END
    };
    int first, rc;

    cli_input_init(&in);
    assess_reliability_options_init(&ro);
    rc = cli_options_parse(&usage, options, argc, argv, &first);
    if (rc != 0)
        return rc > 0 ? EXIT_FINE : EXIT_USAGE;
    run.files = argv + first;
    run.n_files = argc - first;
    return cli_run_table(&run);
}
