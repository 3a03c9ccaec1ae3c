/*
 * assess validate -i INSTRUMENT [RESPONSES...]
 *
 * Loads the instrument and reports every problem in it; reads each
 * response file and reports every rejected row; prints what was loaded
 * and the account of every row.  Exits 1 when anything was rejected, 2
 * when what it prints cannot be written.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"
#include "output.h"

static const cli_usage usage = {
    "validate",
    "usage: assess validate -i INSTRUMENT [OPTIONS] [RESPONSES...]\n"
    "\n"
    "Checks an instrument definition and, when given, response files (CSV,\n"
    "'-' for standard input).  Every problem is reported as file:line:\n"
    "message; each file's rows are accounted for: read = used + rejected.\n",
    "exit status: 0 all fine, 1 problems in the data (an invalid instrument\n"
    "or any rejected row), 2 bad usage or an unreadable file.\n"
};

static void print_instrument(const cli_input *in, const assess_instrument *inst)
{
    printf("%s: instrument '%s' version %s (%s): %zu scales, %zu items, "
           "%zu rater group%s, %zu norm%s\n",
           in->instrument, assess_instrument_id(inst),
           assess_instrument_version(inst),
           assess_instrument_kind(inst) == ASSESS_KIND_STRENGTHS ? "strengths"
                                                                 : "360",
           assess_instrument_scale_count(inst),
           assess_instrument_item_count(inst),
           assess_instrument_group_count(inst),
           assess_instrument_group_count(inst) == 1 ? "" : "s",
           assess_instrument_norm_count(inst),
           assess_instrument_norm_count(inst) == 1 ? "" : "s");
}

static void print_table(const assess_responses *resp)
{
    const assess_account *a = assess_responses_account(resp);
    size_t waves = assess_responses_wave_count(resp);

    printf("loaded: %zu subject%s, %zu rater%s, %zu wave%s",
           assess_responses_subject_count(resp),
           assess_responses_subject_count(resp) == 1 ? "" : "s",
           assess_responses_rater_count(resp),
           assess_responses_rater_count(resp) == 1 ? "" : "s", waves,
           waves == 1 ? "" : "s");
    for (size_t w = 0; w < waves; w++)
        printf("%s%s", w ? ", " : " (", assess_responses_wave(resp, w));
    printf("%s, %zu response set%s, %llu answer%s (%llu missing)\n",
           waves ? ")" : "",
           assess_responses_set_count(resp),
           assess_responses_set_count(resp) == 1 ? "" : "s",
           (unsigned long long)a->answers, a->answers == 1 ? "" : "s",
           (unsigned long long)a->missing);
}

int cmd_validate(int argc, char **argv, const cli_command *self)
{
    cli_input in;
    assess_instrument *inst = NULL;
    assess_responses *resp = NULL;
    assess_status st = ASSESS_OK;
    int first, rc;
    cli_option options[] = {
        CLI_SECTION("options:", 22),
        CLI_INPUT_OPTIONS(&in),
        CLI_END
    };

    (void)self;
    cli_input_init(&in);
    rc = cli_options_parse(&usage, options, argc, argv, &first);
    if (rc > 0)
        return cli_stdout_check("validate") == 0 ? EXIT_FINE : EXIT_USAGE;
    if (rc < 0)
        return EXIT_USAGE;
    inst = cli_load_instrument("validate", &in, &rc);
    if (!inst)
        return rc;
    rc = EXIT_FINE; /* the instrument alone is valid usage */
    print_instrument(&in, inst);
    if (first < argc) {
        resp = cli_read_responses("validate", &in, inst, argv + first,
                                  argc - first, stdout, &st);
        if (resp) {
            print_table(resp);
            /* Rows left out as the export, the source map or
             * --exclude-flagged asks are accounted for, and are no
             * problem. */
            if (cli_problem_rows(assess_responses_account(resp)) &&
                st == ASSESS_OK)
                st = ASSESS_EDATA;
        }
        rc = cli_exit_code(st);
    }
    if (cli_stdout_close("validate") != 0)
        rc = EXIT_USAGE;
    assess_responses_free(resp);
    assess_instrument_free(inst);
    return rc;
}
