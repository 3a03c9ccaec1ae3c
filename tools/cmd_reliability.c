/*
 * assess reliability -i INSTRUMENT [OPTIONS] RESPONSES...
 *
 * Cronbach's alpha and its companions per wave and scale, as one tidy
 * table of statistics (CSV or JSON).
 */
#include <string.h>

#include "cli.h"
#include "cmd.h"

static const char help[] =
    "usage: assess reliability -i INSTRUMENT [OPTIONS] RESPONSES...\n"
    "\n"
    "Scale reliability per wave and scale, each rater's answers an\n"
    "observation: alpha with Feldt's 95% interval, alpha_std, sem, and per\n"
    "item item_total_r (corrected) and alpha_if_deleted.\n"
    "\n"
    "output (columns subject_id,wave,scale,item,group,statistic,value,\n"
    "ci_low,ci_high,n,note):\n" CLI_TABLE_OUTPUT_HELP
    "\n"
    "statistics:\n"
    "      --group G       only the raters of group G (or 'others');\n"
    "                      default: every rater\n"
    "      --missing M     listwise (default: raters with a missing answer\n"
    "                      on the scale left out) or pairwise\n"
    "\n"
    "confidentiality:\n"
    "      --research      output for research, not for the executive or\n"
    "                      the organisation: cohort statistics use every\n"
    "                      rater, also those the anonymity minimums\n"
    "                      withhold\n"
    "\n"
    "input:\n" CLI_INPUT_HELP
    "\n" CLI_RESULT_EXIT_HELP;

enum { OPT_GROUP = 2000, OPT_MISSING };

static assess_table *compute(const assess_responses *resp, void *ctx,
                             const assess_table_stream *stream,
                             unsigned threads, assess_error *err)
{
    assess_reliability_options *o = ctx;
    o->stream = stream;
    o->threads = threads;
    return assess_reliability_compute(resp, o, err);
}

int cmd_reliability(int argc, char **argv)
{
    static const struct option options[] = {
        CLI_INPUT_LONG_OPTIONS,
        CLI_TABLE_LONG_OPTIONS,
        { "group", required_argument, NULL, OPT_GROUP },
        { "missing", required_argument, NULL, OPT_MISSING },
        CLI_RESEARCH_LONG_OPTION,
        { NULL, 0, NULL, 0 },
    };
    cli_input in;
    assess_reliability_options ro;
    cli_table_run run = { .cmd = "reliability", .in = &in, .compute = compute,
                          .ctx = &ro };
    int opt;

    cli_input_init(&in);
    assess_reliability_options_init(&ro);
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
        case OPT_GROUP:
            ro.group = optarg;
            break;
        case OPT_RESEARCH:
            ro.research = 1;
            break;
        case OPT_MISSING:
            if (strcmp(optarg, "listwise") == 0)
                ro.pairwise = 0;
            else if (strcmp(optarg, "pairwise") == 0)
                ro.pairwise = 1;
            else {
                fprintf(stderr, "assess reliability: --missing: '%s' is not "
                                "listwise or pairwise\n", optarg);
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
