/*
 * assess roi --costs FILE --benefits FILE [-o FILE] [--format csv|json]
 *
 * The return on investment of a coaching programme by the Phillips ROI
 * methodology, per subject and for the programme, as a tidy table.  It
 * reads no instrument and no responses.
 */
#include <stdlib.h>

#include "cli.h"
#include "cmd.h"
#include "output.h"

static const cli_usage usage = {
    "roi",
    "usage: assess roi --costs FILE --benefits FILE [OPTIONS]\n"
    "\n"
    "Return on investment by the Phillips ROI methodology.  Each benefit's\n"
    "annual value is multiplied by its attribution (the share due to\n"
    "coaching) and the estimator's confidence; costs without a subject are\n"
    "the programme's, spread evenly over its subjects.  Per subject and for\n"
    "the programme (an empty subject_id): cost, adjusted_benefits,\n"
    "net_benefits, roi_percent (net / cost x 100), bcr (benefits / cost)\n"
    "and n_benefits_left_out (benefits without an estimate).\n",
    "exit status: 0 fine, 1 a problem in a costs or benefits file (said\n"
    "with its line), 2 bad usage or an unreadable file.  Nothing is\n"
    "written unless the run succeeds.\n"
};

int cmd_roi(int argc, char **argv, const cli_command *self)
{
    const char *costs_path = NULL, *benefits_path = NULL, *output = NULL;
    int json = 0, first, rc;
    cli_option options[] = {
        CLI_SECTION("inputs:", 19),
        CLI_STRING(0, "costs", "FILE", &costs_path,
                   "costs (CSV: subject_id,cost; an empty subject_id\n"
                   "is a cost of the programme)"),
        CLI_STRING(0, "benefits", "FILE", &benefits_path,
                   "benefits (CSV: subject_id,benefit_id,description,\n"
                   "annual_value,attribution,confidence; attribution\n"
                   "and confidence fractions from 0 to 1)"),
        CLI_SECTION(CLI_TABLE_TITLE, 19),
        CLI_STRING('o', "output", "FILE", &output,
                   "write to FILE (default: standard output), replaced\n"
                   "only when the run succeeds"),
        CLI_CHOICE(0, "format", "F", &json, cli_table_formats, NULL,
                   "csv (default) or json"),
        CLI_HELP_OPTION,
        CLI_END
    };
    assess_costs *costs = NULL;
    assess_benefits *benefits = NULL;
    assess_table *t = NULL;
    cli_output out = { 0 };
    assess_error err;

    rc = cli_options_parse(&usage, options, argc, argv, &first);
    if (rc != 0)
        return rc > 0 ? EXIT_FINE : EXIT_USAGE;
    if (first < argc) {
        fprintf(stderr, "assess %s: '%s': roi reads no response files (see "
                        "'assess roi --help')\n", self->name, argv[first]);
        return EXIT_USAGE;
    }
    if (!costs_path || !benefits_path) {
        fprintf(stderr, "assess %s: --%s FILE is required (see 'assess roi "
                        "--help')\n", self->name,
                costs_path ? "benefits" : "costs");
        return EXIT_USAGE;
    }
    assess_error_init(&err);
    costs = assess_costs_read_file(costs_path, &err);
    if (costs)
        benefits = assess_benefits_read_file(benefits_path, &err);
    if (!costs || !benefits) {
        cli_print_error(self->name, &err);
        rc = cli_exit_code(err.status);
        goto out;
    }
    t = assess_roi_compute(costs, benefits, &err);
    if (!t) {
        cli_print_error(self->name, &err);
        rc = cli_exit_code(err.status);
        goto out;
    }
    char *inputs[2] = { (char *)costs_path, (char *)benefits_path };
    if (cli_output_open(&out, output, inputs, 2) != 0) {
        rc = EXIT_USAGE;
        goto out;
    }
    assess_status st = json ? assess_table_write_json(t, out.f, &err)
                            : assess_table_write_csv(t, out.f, &err);
    if (st != ASSESS_OK)
        cli_print_error(self->name, &err);
    rc = cli_output_close(&out, st == ASSESS_OK) == 0 && st == ASSESS_OK
             ? EXIT_FINE : EXIT_USAGE;
out:
    assess_table_free(t);
    assess_benefits_free(benefits);
    assess_costs_free(costs);
    return rc;
}
