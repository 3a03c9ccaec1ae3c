/*
 * assess change -i INSTRUMENT [OPTIONS] RESPONSES...
 *
 * Before/after change per executive and per cohort, as one tidy table of
 * statistics (CSV or JSON).
 */
#include "cli.h"
#include "cmd.h"

static const cli_usage usage = {
    "change",
    "usage: assess change -i INSTRUMENT [OPTIONS] RESPONSES...\n"
    "\n"
    "Change between two waves, post minus pre.  Per subject, scale and\n"
    "group (self, each group, others): pre_mean, post_mean, diff and the\n"
    "Reliable Change Index rci, its class in note.  Per scale and group:\n"
    "r_xx, s_pre, rci_sd, n_pairs, mean_diff, t, df, p, wilcoxon_v,\n"
    "wilcoxon_p, d_z, d_av, hedges_g, p_holm, p_bh, n_improved,\n"
    "n_unchanged, n_deteriorated.  With --waves all, every wave.\n",
    CLI_RESULT_EXIT_HELP
};

static const char *const wave_modes[] = { "two", "all", NULL };
static const char *const rci_sds[] = { "norm", "cohort", NULL };
static const int rci_sd_values[] = { ASSESS_RCI_SD_NORM, ASSESS_RCI_SD_COHORT };
static const char *const matches[] = { "groups", "raters", NULL };
static const int match_values[] = { ASSESS_MATCH_GROUPS, ASSESS_MATCH_RATERS };

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

int cmd_change(int argc, char **argv, const cli_command *self)
{
    cli_input in;
    change_ctx c = { 0 };
    cli_table_run run = { .cmd = "change", .self = self, .in = &in, .prepare = read_goals,
                          .compute = compute, .ctx = &c };
    assess_change_options *co = &c.opts;
    cli_option options[] = {
        CLI_TABLE_OPTIONS_UNDER(&run, "output (columns subject_id,wave,scale,"
                                      "item,group,statistic,value,\n"
                                      "ci_low,ci_high,n,note; wave holds "
                                      "PRE->POST):"),
        CLI_DIGITS_OPTION(&co->digits),
        CLI_SECTION("change:", 19),
        CLI_CHOICE(0, "waves", "two|all", &co->waves_all, wave_modes, NULL,
                   "two (default: --pre and --post) or all: each\n"
                   "wave's mean (wave_mean), the change from the\n"
                   "first wave to each later one, with three or\n"
                   "more the last but one to the last (hold_diff,\n"
                   "hold_rci), and per cohort rm_anova_f, gg_epsilon,\n"
                   "hf_epsilon, friedman_chisq and every two waves\n"
                   "compared, p adjusted by Holm"),
        CLI_STRING(0, "pre", "W", &co->pre,
                   "the wave before (default: the first in the data)"),
        CLI_STRING(0, "post", "W", &co->post,
                   "the wave after (default: the last in the data)"),
        CLI_CHOICE(0, "match", "M", &co->match, matches, match_values,
                   "groups (default: each wave's group means, whoever\n"
                   "rated) or raters (only raters who rated at both)"),
        CLI_DOUBLE(0, "rci-z", "Z", &co->rci_z, 0, 1e6, CLI_ABOVE_MIN,
                   "|RCI| above Z is reliable change (default 1.96)"),
        CLI_CHOICE(0, "rci-sd", "S", &co->rci_sd, rci_sds, rci_sd_values,
                   "norm (default: the instrument's norm for the\n"
                   "scale where it has one, else the cohort's sd)\n"
                   "or cohort (the cohort's sd of pre means)"),
        CLI_STRING(0, "goals", "FILE", &c.goals_path,
                   "coaching goals (CSV: subject_id,goal_id,weight,\n"
                   "level with levels -2..+2): Goal Attainment\n"
                   "Scaling T-scores, gas_t"),
        CLI_DOUBLE(0, "gas-rho", "R", &co->gas_rho, 0, 1, CLI_BELOW_MAX,
                   "GAS inter-goal correlation (default 0.3)"),
        CLI_SECTION("confidentiality:", 19),
        CLI_RESEARCH_OPTION(&co->research,
                            "output for research, not for the executive or\n"
                            "the organisation: cohort statistics use every\n"
                            "rater, also those the anonymity minimums\n"
                            "withhold (the RCI's reliability)"),
        CLI_SECTION("input:", 22),
        CLI_INPUT_OPTIONS(&in),
        CLI_END
    };
    int first, rc;

    cli_input_init(&in);
    assess_change_options_init(co);
    rc = cli_options_parse(&usage, options, argc, argv, &first);
    if (rc != 0)
        return rc > 0 ? EXIT_FINE : EXIT_USAGE;
    run.files = argv + first;
    run.n_files = argc - first;
    /* The goals file is an input too: -o must not replace it. */
    run.extra_input = c.goals_path;
    rc = cli_run_table(&run);
    assess_goals_free(c.goals);
    return rc;
}
