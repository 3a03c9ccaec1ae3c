/*
 * assess agree -i INSTRUMENT [OPTIONS] RESPONSES...
 *
 * Rater agreement within each subject and across subjects, as one tidy
 * table of statistics (CSV or JSON).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
    "ci_low,ci_high,n,note):\n"
    "  -o, --output FILE   write to FILE (default: standard output),\n"
    "                      replaced only when the run succeeds\n"
    "      --format F      csv (default) or json\n"
    "\n"
    "statistics:\n"
    "      --by-group      each group besides others\n"
    "      --null D        rwg's null distribution: uniform (default),\n"
    "                      slight_skew, moderate_skew, heavy_skew,\n"
    "                      triangular or normal (LeBreton & Senter 2008)\n"
    "      --no-truncate   rwg as the formula gives it, also where the\n"
    "                      observed variance exceeds the null (default: 0\n"
    "                      there, with the formula's value beside it)\n"
    "      --pair A,B      Cohen's kappas between two groups or two rater\n"
    "                      ids, as in self,manager\n"
    "      --categories C  which categories weighted kappas and AC1/AC2\n"
    "                      span: observed (default) or scale (every point)\n"
    "\n"
    "input:\n" CLI_INPUT_HELP
    "\n"
    "exit status: 0 fine (rejected rows are reported and left out), 1\n"
    "problems in the data (with --strict, any rejected row), 2 bad usage or\n"
    "an unreadable file.  Nothing is written unless the run succeeds.\n";

enum {
    OPT_OUTPUT = 'o',
    OPT_FORMAT = 2000,
    OPT_BY_GROUP,
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

int cmd_agree(int argc, char **argv)
{
    static const struct option options[] = {
        CLI_INPUT_LONG_OPTIONS,
        { "output", required_argument, NULL, OPT_OUTPUT },
        { "format", required_argument, NULL, OPT_FORMAT },
        { "by-group", no_argument, NULL, OPT_BY_GROUP },
        { "null", required_argument, NULL, OPT_NULL },
        { "no-truncate", no_argument, NULL, OPT_NO_TRUNCATE },
        { "pair", required_argument, NULL, OPT_PAIR },
        { "categories", required_argument, NULL, OPT_CATEGORIES },
        { NULL, 0, NULL, 0 },
    };
    cli_input in;
    assess_agree_options ao;
    assess_instrument *inst = NULL;
    assess_responses *resp = NULL;
    assess_table *table = NULL;
    assess_error err;
    assess_status st = ASSESS_OK;
    const char *output = NULL;
    int json = 0, opt, rc = EXIT_USAGE;

    cli_input_init(&in);
    assess_agree_options_init(&ao);
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
            if ((json = cli_table_format("agree", optarg)) < 0)
                return EXIT_USAGE;
            break;
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
    if (optind >= argc) {
        fprintf(stderr, "assess agree: no response files (see 'assess agree "
                        "--help')\n");
        return EXIT_USAGE;
    }
    inst = cli_load_instrument("agree", &in, &rc);
    if (!inst)
        return rc;
    in.account_when_clean = isatty(STDERR_FILENO);
    resp = cli_read_responses("agree", &in, inst, argv + optind, argc - optind,
                              stderr, &st);
    if (!resp || st != ASSESS_OK) {
        rc = cli_exit_code(st != ASSESS_OK ? st : ASSESS_ENOMEM);
        goto out;
    }
    assess_error_init(&err);
    table = assess_agree_compute(resp, &ao, &err);
    if (!table) {
        cli_print_error("agree", &err);
        rc = cli_exit_code(err.status);
        goto out;
    }
    rc = cli_write_table("agree", table, json, output, argv + optind,
                         argc - optind, in.instrument);
out:
    assess_table_free(table);
    assess_responses_free(resp);
    assess_instrument_free(inst);
    return rc;
}
