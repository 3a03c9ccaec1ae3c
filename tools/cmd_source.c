/*
 * assess source -i INSTRUMENT [--from TOOL] [OPTIONS] EXPORT
 *
 * Reads one survey export as the reading commands would, and writes a
 * starting source map for it (XML, for a person to edit): the tool and
 * the format, every column and what it was taken as, the items without
 * a column, and every answer and rater group that matched nothing.  It
 * describes columns and values, never a subject's or a rater's answers.
 */
#include <stdlib.h>

#include "cli.h"
#include "cmd.h"
#include "output.h"

static const cli_usage usage = {
    "source",
    "usage: assess source -i INSTRUMENT [--from TOOL] [OPTIONS] EXPORT\n"
    "\n"
    "Writes a starting source map (XML) for a survey tool's export: how its\n"
    "columns, answers and rater groups map onto the instrument, what was\n"
    "found by name or by wording, and what is left for you to say (answers\n"
    "to recode, groups to name, the subject's column).  Edit it, then read\n"
    "every export of the survey with --source MAP.  It holds column\n"
    "headers, answers and group names: no subject's or rater's id.\n",
    "exit status: 0 the map is written, 1 the export cannot be read as CSV,\n"
    "2 bad usage or an unreadable file.\n"
};

int cmd_source(int argc, char **argv, const cli_command *self)
{
    cli_input in;
    assess_instrument *inst = NULL;
    assess_responses *resp = NULL;
    cli_output out = { 0 };
    assess_status st = ASSESS_OK;
    assess_error err;
    const char *output = NULL;
    char **inputs = NULL;
    int first, rc, n_in;
    cli_option options[] = {
        CLI_SECTION("output:", 22),
        CLI_STRING('o', "output", "FILE",
                   &output, "write the map to FILE (default: standard\n"
                            "output), replaced only when the run succeeds"),
        CLI_SECTION("input:", 22),
        CLI_INPUT_OPTIONS(&in),
        CLI_END
    };

    (void)self;
    cli_input_init(&in);
    rc = cli_options_parse(&usage, options, argc, argv, &first);
    if (rc != 0)
        return rc > 0 ? EXIT_FINE : EXIT_USAGE;
    if (argc - first != 1) {
        fprintf(stderr, "assess source: give one export (see 'assess source "
                        "--help')\n");
        return EXIT_USAGE;
    }
    inst = cli_load_instrument("source", &in, &rc);
    if (!inst)
        return rc;
    in.read.describe = 1;
    in.account_when_clean = 0;
    resp = cli_read_responses("source", &in, inst, argv + first, 1, NULL, &st);
    if (!resp || st != ASSESS_OK) {
        rc = cli_exit_code(st != ASSESS_OK ? st : ASSESS_ENOMEM);
        goto done;
    }
    inputs = cli_inputs("source", &in, argv + first, 1, NULL, &n_in);
    if (!inputs || cli_output_open(&out, output, inputs, n_in) != 0) {
        rc = EXIT_USAGE;
        goto done;
    }
    assess_error_init(&err);
    st = assess_responses_write_source(resp, out.f, &err);
    if (st != ASSESS_OK)
        cli_print_error("source", &err);
    rc = cli_output_close(&out, st == ASSESS_OK) == 0 && st == ASSESS_OK
             ? EXIT_FINE
             : cli_exit_code(st != ASSESS_OK ? st : ASSESS_EIO);
done:
    free(inputs);
    assess_responses_free(resp);
    assess_instrument_free(inst);
    return rc;
}
