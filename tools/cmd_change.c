/*
 * assess change -i INSTRUMENT [OPTIONS] RESPONSES...
 *
 * Before/after change per executive and per cohort, as one tidy table of
 * statistics (CSV or JSON).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

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
    "ci_low,ci_high,n,note; wave holds PRE->POST):\n" CLI_TABLE_OUTPUT_HELP
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
    "confidentiality:\n"
    "      --research      output for research, not for the executive or\n"
    "                      the organisation: cohort statistics use every\n"
    "                      rater, also those the anonymity minimums\n"
    "                      withhold (the RCI's reliability)\n"
    "\n"
    "input:\n" CLI_INPUT_HELP
    "\n" CLI_RESULT_EXIT_HELP;

enum {
    OPT_PRE = 2000,
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

/* What the run's hooks need: the options and the goals they point to. */
typedef struct change_ctx {
    assess_change_options opts;
    const char *goals_path;
    assess_goals *goals;
} change_ctx;

/* Reads the goals file, after the instrument and before the responses. */
static int read_goals(void *ctx)
{
    change_ctx *c = ctx;
    assess_error err;
    if (!c->goals_path)
        return EXIT_FINE;
    assess_error_init(&err);
    c->goals = assess_goals_read_file(c->goals_path, &err);
    if (!c->goals) {
        cli_print_error("change", &err);
        return cli_exit_code(err.status);
    }
    c->opts.goals = c->goals;
    return EXIT_FINE;
}

static assess_table *compute(const assess_responses *resp, void *ctx,
                             const assess_table_stream *stream,
                             unsigned threads, assess_error *err)
{
    change_ctx *c = ctx;
    c->opts.stream = stream;
    c->opts.threads = threads;
    return assess_change_compute(resp, &c->opts, err);
}

int cmd_change(int argc, char **argv)
{
    static const struct option options[] = {
        CLI_INPUT_LONG_OPTIONS,
        CLI_TABLE_LONG_OPTIONS,
        { "pre", required_argument, NULL, OPT_PRE },
        { "post", required_argument, NULL, OPT_POST },
        { "match", required_argument, NULL, OPT_MATCH },
        { "rci-z", required_argument, NULL, OPT_RCI_Z },
        { "goals", required_argument, NULL, OPT_GOALS },
        { "gas-rho", required_argument, NULL, OPT_GAS_RHO },
        CLI_RESEARCH_LONG_OPTION,
        { NULL, 0, NULL, 0 },
    };
    cli_input in;
    change_ctx c = { 0 };
    cli_table_run run = { .cmd = "change", .in = &in, .prepare = read_goals,
                          .compute = compute, .ctx = &c };
    assess_change_options *co = &c.opts;
    int opt, rc;

    cli_input_init(&in);
    assess_change_options_init(co);
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
        case OPT_RESEARCH:
            co->research = 1;
            break;
        case OPT_PRE:
            co->pre = optarg;
            break;
        case OPT_POST:
            co->post = optarg;
            break;
        case OPT_MATCH:
            if (strcmp(optarg, "groups") == 0)
                co->match = ASSESS_MATCH_GROUPS;
            else if (strcmp(optarg, "raters") == 0)
                co->match = ASSESS_MATCH_RATERS;
            else {
                fprintf(stderr, "assess change: --match: '%s' is not groups "
                                "or raters\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_RCI_Z:
            if (parse_number("--rci-z", optarg, 1e-9, 1e6, &co->rci_z) < 0)
                return EXIT_USAGE;
            break;
        case OPT_GOALS:
            c.goals_path = optarg;
            break;
        case OPT_GAS_RHO:
            if (parse_number("--gas-rho", optarg, 0, 1, &co->gas_rho) < 0)
                return EXIT_USAGE;
            break;
        default:
            fputs(help, stderr);
            return EXIT_USAGE;
        }
    }
    run.files = argv + optind;
    run.n_files = argc - optind;
    /* The goals file is an input too: -o must not replace it. */
    run.extra_input = c.goals_path;
    rc = cli_run_table(&run);
    assess_goals_free(c.goals);
    return rc;
}
