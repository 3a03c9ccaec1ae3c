/*
 * assess screen -i INSTRUMENT --research [OPTIONS] RESPONSES...
 *
 * Indices of careless responding per rater, as one tidy table of raters
 * (CSV or JSON): research only, as it names raters.
 */
#include <stdio.h>

#include "cli.h"
#include "cmd.h"

static const cli_usage usage = {
    "screen",
    "usage: assess screen -i INSTRUMENT --research [OPTIONS] RESPONSES...\n"
    "\n"
    "Careless responding, per rater (subject, rater, wave, group):\n"
    "longstring (the longest run of one answer), irv (the sd of the\n"
    "answers), mahalanobis_d2 with its p, even_odd (consistency across the\n"
    "instrument's scales) and duration where the responses have a\n"
    "`duration` column; note begins \"flagged\" where an index passes its\n"
    "cut-off.  Give the output, edited or not, to --exclude-flagged to\n"
    "leave those raters out of any analysis.\n",
    CLI_RESULT_EXIT_HELP
};

static assess_table *compute(const assess_responses *resp, void *ctx,
                             const assess_table_stream *stream,
                             unsigned threads, assess_error *err)
{
    assess_screen_options *o = ctx;
    o->stream = stream;
    o->threads = threads;
    return assess_screen_compute(resp, o, err);
}

int cmd_screen(int argc, char **argv, const cli_command *self)
{
    cli_input in;
    assess_screen_options so;
    cli_table_run run = { .cmd = "screen", .self = self, .in = &in,
                          .compute = compute, .ctx = &so };
    cli_option options[] = {
        CLI_TABLE_OPTIONS_UNDER(&run,
                                "output (columns subject_id,rater_id,wave,"
                                "scale,item,group,\nstatistic,value,ci_low,"
                                "ci_high,n,note):"),
        CLI_SECTION("confidentiality:", 19),
        CLI_RESEARCH_OPTION(&so.research,
                            "required: the table names raters and holds\n"
                            "each one's indices, also of raters the\n"
                            "anonymity minimums withhold"),
        CLI_SECTION("input:", 22),
        CLI_INPUT_OPTIONS(&in),
        CLI_END
    };
    int first, rc;

    cli_input_init(&in);
    assess_screen_options_init(&so);
    rc = cli_options_parse(&usage, options, argc, argv, &first);
    if (rc != 0)
        return rc > 0 ? EXIT_FINE : EXIT_USAGE;
    if (!so.research) {
        fprintf(stderr, "assess screen: the table names raters and holds "
                        "each one's indices: it is for\nresearch only; add "
                        "--research\n");
        return EXIT_USAGE;
    }
    run.files = argv + first;
    run.n_files = argc - first;
    return cli_run_table(&run);
}
