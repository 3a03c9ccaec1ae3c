/*
 * assess score -i INSTRUMENT [OPTIONS] RESPONSES...
 *
 * Scored profiles per subject, wave, scale and rater group, written as
 * CSV (the scale table, --items for the item table, --per-rater for the
 * raters' own scores), JSON or a readable text summary.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd.h"
#include "output.h"

static const char help[] =
    "usage: assess score -i INSTRUMENT [OPTIONS] RESPONSES...\n"
    "\n"
    "Scores every subject in every wave: per rater, per rater group (with\n"
    "'others', every rater but self, and 'all'), per item; applies each\n"
    "group's anonymity minimum; adds self-other gaps, norms and, for\n"
    "strengths instruments, ranks and signature strengths.\n"
    "\n"
    "output:\n"
    "  -o, --output FILE        write to FILE (default: standard output),\n"
    "                           replaced only when the run succeeds\n"
    "      --format F           csv (default), json or text\n"
    "      --items              csv: the item table instead of the scale table\n"
    "      --per-rater          csv: each rater's scale scores, with rater ids\n"
    "                           (research only: needs --research)\n"
    "      --subject ID         text: only this subject\n"
    "\n"
    "scoring:\n"
    "      --others-weighting W raters (default: each rater counts the same)\n"
    "                           or groups (each group but self counts the same)\n"
    "      --gap-threshold X    self - others that flags a blind spot or a\n"
    "                           hidden strength (default 0.5)\n"
    "      --norms N            instrument (default), cohort or none\n"
    "      --cohort-minimum N   fewest subjects for --norms cohort (default 30)\n"
    "      --top N              strengths: signature strengths (default 5)\n"
    "\n"
    "confidentiality:\n"
    "      --research           output for research, not for the executive or\n"
    "                           the organisation: allows --per-rater\n"
    "\n"
    "input:\n" CLI_INPUT_HELP
    "\n" CLI_RESULT_EXIT_HELP;

enum {
    OPT_OUTPUT = 'o',
    OPT_FORMAT = 2000,
    OPT_ITEMS,
    OPT_PER_RATER,
    OPT_SUBJECT,
    OPT_WEIGHTING,
    OPT_GAP,
    OPT_NORMS,
    OPT_COHORT_MIN,
    OPT_TOP
};

enum format { FORMAT_CSV, FORMAT_JSON, FORMAT_TEXT };

static int parse_unsigned(const char *opt, const char *arg, unsigned *out)
{
    char *end;
    unsigned long v;
    errno = 0;
    v = strtoul(arg, &end, 10);
    if (errno || end == arg || *end || arg[0] == '-' || v > 1000000) {
        fprintf(stderr, "assess score: %s: '%s' is not a whole number\n", opt,
                arg);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

int cmd_score(int argc, char **argv)
{
    static const struct option options[] = {
        CLI_INPUT_LONG_OPTIONS,
        { "output", required_argument, NULL, OPT_OUTPUT },
        { "format", required_argument, NULL, OPT_FORMAT },
        { "items", no_argument, NULL, OPT_ITEMS },
        { "per-rater", no_argument, NULL, OPT_PER_RATER },
        CLI_RESEARCH_LONG_OPTION,
        { "subject", required_argument, NULL, OPT_SUBJECT },
        { "others-weighting", required_argument, NULL, OPT_WEIGHTING },
        { "gap-threshold", required_argument, NULL, OPT_GAP },
        { "norms", required_argument, NULL, OPT_NORMS },
        { "cohort-minimum", required_argument, NULL, OPT_COHORT_MIN },
        { "top", required_argument, NULL, OPT_TOP },
        { NULL, 0, NULL, 0 },
    };
    cli_input in;
    assess_score_options so;
    assess_instrument *inst = NULL;
    assess_responses *resp = NULL;
    assess_score *score = NULL;
    assess_error err;
    assess_status st = ASSESS_OK;
    cli_output out = { 0 };
    const char *output = NULL, *subject = NULL;
    enum format format = FORMAT_CSV;
    assess_score_table table = ASSESS_TABLE_SCALES;
    int opt, rc = EXIT_USAGE;
    char *end;

    cli_input_init(&in);
    assess_score_options_init(&so);
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
            if (strcmp(optarg, "csv") == 0)
                format = FORMAT_CSV;
            else if (strcmp(optarg, "json") == 0)
                format = FORMAT_JSON;
            else if (strcmp(optarg, "text") == 0)
                format = FORMAT_TEXT;
            else {
                fprintf(stderr, "assess score: --format: '%s' is not csv, "
                                "json or text\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_ITEMS:
            table = ASSESS_TABLE_ITEMS;
            break;
        case OPT_PER_RATER:
            table = ASSESS_TABLE_RATERS;
            break;
        case OPT_RESEARCH:
            so.research = 1;
            break;
        case OPT_SUBJECT:
            subject = optarg;
            break;
        case OPT_WEIGHTING:
            if (strcmp(optarg, "raters") == 0)
                so.weighting = ASSESS_WEIGHT_RATERS;
            else if (strcmp(optarg, "groups") == 0)
                so.weighting = ASSESS_WEIGHT_GROUPS;
            else {
                fprintf(stderr, "assess score: --others-weighting: '%s' is "
                                "not raters or groups\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_GAP:
            errno = 0;
            so.gap_threshold = strtod(optarg, &end);
            if (errno || end == optarg || *end || !(so.gap_threshold >= 0) ||
                so.gap_threshold > 1e6) {
                fprintf(stderr, "assess score: --gap-threshold: '%s' is not a "
                                "number of points >= 0\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_NORMS:
            if (strcmp(optarg, "instrument") == 0)
                so.norms = ASSESS_NORMS_INSTRUMENT;
            else if (strcmp(optarg, "cohort") == 0)
                so.norms = ASSESS_NORMS_COHORT;
            else if (strcmp(optarg, "none") == 0)
                so.norms = ASSESS_NORMS_NONE;
            else {
                fprintf(stderr, "assess score: --norms: '%s' is not "
                                "instrument, cohort or none\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_COHORT_MIN:
            if (parse_unsigned("--cohort-minimum", optarg, &so.cohort_minimum))
                return EXIT_USAGE;
            break;
        case OPT_TOP:
            if (parse_unsigned("--top", optarg, &so.top))
                return EXIT_USAGE;
            break;
        default:
            fputs(help, stderr);
            return EXIT_USAGE;
        }
    }
    if (cli_need_operands("score", argc - optind, 0, NULL) != EXIT_FINE)
        return EXIT_USAGE;
    if (table == ASSESS_TABLE_RATERS && !so.research) {
        fprintf(stderr, "assess score: --per-rater holds rater ids and the "
                        "scores of raters the anonymity\nminimums withhold: "
                        "it is for research only; add --research\n");
        return EXIT_USAGE;
    }
    if (table != ASSESS_TABLE_SCALES && format != FORMAT_CSV) {
        fprintf(stderr, "assess score: --items and --per-rater are CSV "
                        "tables; JSON holds the items, and rater ids never\n"
                        "appear in JSON or text\n");
        return EXIT_USAGE;
    }
    inst = cli_load_instrument("score", &in, &rc);
    if (!inst)
        return rc;
    /* The result goes to standard output: the account goes to standard
     * error, where it is noise unless a person is watching or rows were
     * rejected. */
    in.account_when_clean = isatty(STDERR_FILENO);
    resp = cli_read_responses("score", &in, inst, argv + optind, argc - optind,
                              stderr, &st);
    if (!resp || st != ASSESS_OK) {
        rc = cli_exit_code(st != ASSESS_OK ? st : ASSESS_ENOMEM);
        goto out;
    }
    /* The scale and per-rater tables need no item statistics. */
    so.items = format != FORMAT_CSV || table == ASSESS_TABLE_ITEMS;
    so.threads = cli_threads(&in);
    assess_error_init(&err);
    score = assess_score_compute(resp, &so, &err);
    if (!score) {
        cli_print_error("score", &err);
        rc = cli_exit_code(err.status);
        goto out;
    }
    {
        /* -o must not be one of the inputs, the instrument included. */
        int n_in;
        char **inputs = cli_inputs("score", &in, argv + optind, argc - optind,
                                   NULL, &n_in);
        if (!inputs)
            goto out;
        rc = cli_output_open(&out, output, inputs, n_in);
        free(inputs);
        if (rc != 0) {
            rc = EXIT_USAGE;
            goto out;
        }
    }
    assess_error_init(&err);
    if (format == FORMAT_JSON)
        st = assess_score_write_json(score, out.f, &err);
    else if (format == FORMAT_TEXT)
        st = assess_score_write_text(score, subject, out.f, &err);
    else
        st = assess_score_write_csv(score, table, out.f, &err);
    if (st != ASSESS_OK)
        cli_print_error("score", &err);
    rc = cli_output_close(&out, st == ASSESS_OK) == 0 && st == ASSESS_OK
             ? EXIT_FINE
             : cli_exit_code(st != ASSESS_OK ? st : ASSESS_EIO);
out:
    assess_score_free(score);
    assess_responses_free(resp);
    assess_instrument_free(inst);
    return rc;
}
