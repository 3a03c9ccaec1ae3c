/*
 * assess reliability -i INSTRUMENT [OPTIONS] RESPONSES...
 *
 * Cronbach's alpha and its companions per wave and scale, as one tidy
 * table of statistics (CSV or JSON).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
    "ci_low,ci_high,n,note):\n"
    "  -o, --output FILE   write to FILE (default: standard output),\n"
    "                      replaced only when the run succeeds\n"
    "      --format F      csv (default) or json\n"
    "\n"
    "statistics:\n"
    "      --group G       only the raters of group G (or 'others');\n"
    "                      default: every rater\n"
    "      --missing M     listwise (default: raters with a missing answer\n"
    "                      on the scale left out) or pairwise\n"
    "\n"
    "input:\n" CLI_INPUT_HELP
    "\n"
    "exit status: 0 fine (rejected rows are reported and left out), 1\n"
    "problems in the data (with --strict, any rejected row), 2 bad usage or\n"
    "an unreadable file.  Nothing is written unless the run succeeds.\n";

enum { OPT_OUTPUT = 'o', OPT_FORMAT = 2000, OPT_GROUP, OPT_MISSING };

int cmd_reliability(int argc, char **argv)
{
    static const struct option options[] = {
        CLI_INPUT_LONG_OPTIONS,
        { "output", required_argument, NULL, OPT_OUTPUT },
        { "format", required_argument, NULL, OPT_FORMAT },
        { "group", required_argument, NULL, OPT_GROUP },
        { "missing", required_argument, NULL, OPT_MISSING },
        { NULL, 0, NULL, 0 },
    };
    cli_input in;
    assess_reliability_options ro;
    assess_instrument *inst = NULL;
    assess_responses *resp = NULL;
    assess_table *table = NULL;
    assess_error err;
    assess_status st = ASSESS_OK;
    const char *output = NULL;
    int json = 0, opt, rc = EXIT_USAGE;

    cli_input_init(&in);
    assess_reliability_options_init(&ro);
    while ((opt = getopt_long(argc, argv, "i:o:", options, NULL)) != -1) {
        int handled = cli_input_option(&in, opt, optarg);
        if (handled < 0)
            return EXIT_USAGE;
        if (handled > 0)
            continue;
        switch (opt) {
        case OPT_HELP:
            fputs(help, stdout);
            return EXIT_FINE;
        case OPT_OUTPUT:
            output = optarg;
            break;
        case OPT_FORMAT:
            if ((json = cli_table_format("reliability", optarg)) < 0)
                return EXIT_USAGE;
            break;
        case OPT_GROUP:
            ro.group = optarg;
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
    if (optind >= argc) {
        fprintf(stderr, "assess reliability: no response files (see 'assess "
                        "reliability --help')\n");
        return EXIT_USAGE;
    }
    inst = cli_load_instrument("reliability", &in, &rc);
    if (!inst)
        return rc;
    in.account_when_clean = isatty(STDERR_FILENO);
    resp = cli_read_responses("reliability", &in, inst, argv + optind,
                              argc - optind, stderr, &st);
    if (!resp || st != ASSESS_OK) {
        rc = cli_exit_code(st != ASSESS_OK ? st : ASSESS_ENOMEM);
        goto out;
    }
    assess_error_init(&err);
    table = assess_reliability_compute(resp, &ro, &err);
    if (!table) {
        cli_print_error("reliability", &err);
        rc = cli_exit_code(err.status);
        goto out;
    }
    rc = cli_write_table("reliability", table, json, output, argv + optind,
                         argc - optind, in.instrument);
out:
    assess_table_free(table);
    assess_responses_free(resp);
    assess_instrument_free(inst);
    return rc;
}
