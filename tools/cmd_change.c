/*
 * assess change -i INSTRUMENT [OPTIONS] RESPONSES...
 *
 * Before/after change per executive and per cohort, as one tidy table of
 * statistics (CSV or JSON).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd.h"

static const char help[] =
    "usage: assess change -i INSTRUMENT [OPTIONS] RESPONSES...\n"
    "\n"
    "Change between two waves, post minus pre.  Per subject, scale and\n"
    "group (self, each group, others): pre_mean, post_mean, diff and the\n"
    "Reliable Change Index rci, its class in note.  Per scale and group:\n"
    "n_pairs, mean_diff, t, df, p, wilcoxon_v, wilcoxon_p, d_z, d_av,\n"
    "hedges_g, p_holm, p_bh, n_improved, n_unchanged, n_deteriorated.\n"
    "\n"
    "output (columns subject_id,wave,scale,item,group,statistic,value,\n"
    "ci_low,ci_high,n,note; wave holds PRE->POST):\n"
    "  -o, --output FILE   write to FILE (default: standard output),\n"
    "                      replaced only when the run succeeds\n"
    "      --format F      csv (default) or json\n"
    "\n"
    "change:\n"
    "      --pre W         the wave before (default: the first in the data)\n"
    "      --post W        the wave after (default: the last in the data)\n"
    "      --match M       groups (default: each wave's group means, whoever\n"
    "                      rated) or raters (only raters who rated at both)\n"
    "      --rci-z Z       |RCI| above Z is reliable change (default 1.96)\n"
    "      --goals FILE    coaching goals (CSV: subject_id,goal_id,weight,\n"
    "                      level with levels -2..+2): Goal Attainment\n"
    "                      Scaling T-scores, gas_t\n"
    "      --gas-rho R     GAS inter-goal correlation (default 0.3)\n"
    "\n"
    "input:\n" CLI_INPUT_HELP
    "\n"
    "exit status: 0 fine (rejected rows are reported and left out), 1\n"
    "problems in the data (with --strict, any rejected row), 2 bad usage or\n"
    "an unreadable file.  Nothing is written unless the run succeeds.\n";

enum {
    OPT_OUTPUT = 'o',
    OPT_FORMAT = 2000,
    OPT_PRE,
    OPT_POST,
    OPT_MATCH,
    OPT_RCI_Z,
    OPT_GOALS,
    OPT_GAS_RHO
};

static int parse_number(const char *opt, const char *arg, double lo, double hi,
                        double *out)
{
    char *end;
    errno = 0;
    *out = strtod(arg, &end);
    if (errno || end == arg || *end || !(*out >= lo && *out < hi)) {
        fprintf(stderr, "assess change: %s: '%s' is not a number from %g to "
                        "below %g\n", opt, arg, lo, hi);
        return -1;
    }
    return 0;
}

int cmd_change(int argc, char **argv)
{
    static const struct option options[] = {
        CLI_INPUT_LONG_OPTIONS,
        { "output", required_argument, NULL, OPT_OUTPUT },
        { "format", required_argument, NULL, OPT_FORMAT },
        { "pre", required_argument, NULL, OPT_PRE },
        { "post", required_argument, NULL, OPT_POST },
        { "match", required_argument, NULL, OPT_MATCH },
        { "rci-z", required_argument, NULL, OPT_RCI_Z },
        { "goals", required_argument, NULL, OPT_GOALS },
        { "gas-rho", required_argument, NULL, OPT_GAS_RHO },
        { NULL, 0, NULL, 0 },
    };
    cli_input in;
    assess_change_options co;
    assess_instrument *inst = NULL;
    assess_responses *resp = NULL;
    assess_goals *goals = NULL;
    assess_table *table = NULL;
    assess_error err;
    assess_status st = ASSESS_OK;
    const char *output = NULL, *goals_path = NULL;
    char **inputs = NULL;
    int json = 0, opt, rc = EXIT_USAGE, n_files;

    cli_input_init(&in);
    assess_change_options_init(&co);
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
            if ((json = cli_table_format("change", optarg)) < 0)
                return EXIT_USAGE;
            break;
        case OPT_PRE:
            co.pre = optarg;
            break;
        case OPT_POST:
            co.post = optarg;
            break;
        case OPT_MATCH:
            if (strcmp(optarg, "groups") == 0)
                co.match = ASSESS_MATCH_GROUPS;
            else if (strcmp(optarg, "raters") == 0)
                co.match = ASSESS_MATCH_RATERS;
            else {
                fprintf(stderr, "assess change: --match: '%s' is not groups "
                                "or raters\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_RCI_Z:
            if (parse_number("--rci-z", optarg, 1e-9, 1e6, &co.rci_z) < 0)
                return EXIT_USAGE;
            break;
        case OPT_GOALS:
            goals_path = optarg;
            break;
        case OPT_GAS_RHO:
            if (parse_number("--gas-rho", optarg, 0, 1, &co.gas_rho) < 0)
                return EXIT_USAGE;
            break;
        default:
            fputs(help, stderr);
            return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "assess change: no response files (see 'assess "
                        "change --help')\n");
        return EXIT_USAGE;
    }
    inst = cli_load_instrument("change", &in, &rc);
    if (!inst)
        return rc;
    if (goals_path) {
        assess_error_init(&err);
        goals = assess_goals_read_file(goals_path, &err);
        if (!goals) {
            cli_print_error("change", &err);
            rc = cli_exit_code(err.status);
            goto out;
        }
        co.goals = goals;
    }
    in.account_when_clean = isatty(STDERR_FILENO);
    n_files = argc - optind;
    resp = cli_read_responses("change", &in, inst, argv + optind, n_files,
                              stderr, &st);
    if (!resp || st != ASSESS_OK) {
        rc = cli_exit_code(st != ASSESS_OK ? st : ASSESS_ENOMEM);
        goto out;
    }
    assess_error_init(&err);
    table = assess_change_compute(resp, &co, &err);
    if (!table) {
        cli_print_error("change", &err);
        rc = cli_exit_code(err.status);
        goto out;
    }
    /* The goals file is an input too: -o must not replace it. */
    inputs = calloc((size_t)n_files + 1, sizeof *inputs);
    if (!inputs)
        goto out;
    memcpy(inputs, argv + optind, (size_t)n_files * sizeof *inputs);
    if (goals_path)
        inputs[n_files++] = (char *)goals_path;
    rc = cli_write_table("change", table, json, output, inputs, n_files,
                         in.instrument);
out:
    free(inputs);
    assess_table_free(table);
    assess_goals_free(goals);
    assess_responses_free(resp);
    assess_instrument_free(inst);
    return rc;
}
