/*
 * assess report -i INSTRUMENT -o DIR [OPTIONS] RESPONSES...
 *
 * One HTML report per executive, for the coach to hand over, and an index
 * of the batch: scores, others' agreement and, with two waves, change (and
 * goal attainment with --goals).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"
#include "output.h"

static const char help[] =
    "usage: assess report -i INSTRUMENT -o DIR [OPTIONS] RESPONSES...\n"
    "\n"
    "Writes into DIR (made if absent) one self-contained HTML report per\n"
    "subject, named after the subject id (SUBJECT.html), and index.html\n"
    "linking them all.  A report shows the raters per group, each scale's\n"
    "ratings by group, self-other gaps, the highest and lowest items,\n"
    "strengths ranks, whether others agree, and with two waves the change\n"
    "per scale.  Groups below their anonymity minimum are never shown, and\n"
    "no rater id appears.  Each file is replaced only when written whole.\n"
    "\n"
    "options:\n"
    "  -o, --output DIR       the directory to write to (required)\n"
    "      --goals FILE       coaching goals: the GAS T-score in the change\n"
    "                         section (see 'assess change --help')\n"
    "      --subject ID       only this subject's report (no index)\n"
    "      --agree-cutoff X   others' rwg_j from which raters are said to\n"
    "                         agree (default 0.70)\n"
    "\n"
    "input:\n" CLI_INPUT_HELP
    "\n" CLI_RESULT_EXIT_HELP;

enum { OPT_GOALS = 2000, OPT_SUBJECT, OPT_AGREE_CUTOFF };

typedef struct results {
    assess_goals *goals;
    assess_score *score;
    assess_table *agree, *change;
    assess_report *report;
} results;

/* Everything a report draws on; returns 0, or an exit code after saying
 * why. */
static int compute(const assess_responses *resp, const char *goals_path,
                   const assess_report_options *ropts, results *r)
{
    assess_error err;
    assess_score_options so;
    assess_agree_options ao;
    assess_change_options co;

    assess_error_init(&err);
    assess_score_options_init(&so);
    if (!(r->score = assess_score_compute(resp, &so, &err)))
        goto fail;
    assess_agree_options_init(&ao);
    if (!(r->agree = assess_agree_compute(resp, &ao, &err)))
        goto fail;
    if (assess_responses_wave_count(resp) >= 2) {
        assess_change_options_init(&co);
        if (goals_path) {
            if (!(r->goals = assess_goals_read_file(goals_path, &err)))
                goto fail;
            co.goals = r->goals;
        }
        if (!(r->change = assess_change_compute(resp, &co, &err)))
            goto fail;
    } else if (goals_path) {
        fprintf(stderr, "assess report: --goals %s: the data has one wave, so "
                        "there is no change section to hold the goals\n",
                goals_path);
    }
    if (!(r->report = assess_report_new(r->score, r->agree, r->change, ropts,
                                        &err)))
        goto fail;
    return 0;
fail:
    cli_print_error("report", &err);
    return cli_exit_code(err.status);
}

/* Writes one page through a temporary file; returns 0 or -1 (said). */
static int write_page(const assess_report *rep, long subject, const char *dir,
                      const char *name, char *const *inputs, int n_inputs)
{
    assess_error err;
    cli_output out;
    assess_status st;
    size_t size = strlen(dir) + strlen(name) + 2;
    char *path = malloc(size);

    if (!path) {
        fprintf(stderr, "assess report: out of memory\n");
        return -1;
    }
    snprintf(path, size, "%s/%s", dir, name);
    if (cli_output_open(&out, path, inputs, n_inputs) != 0) {
        free(path);
        return -1;
    }
    assess_error_init(&err);
    st = subject < 0 ? assess_report_write_index(rep, out.f, &err)
                     : assess_report_write_html(rep, (size_t)subject, out.f,
                                                &err);
    if (st != ASSESS_OK)
        cli_print_error("report", &err);
    int rc = cli_output_close(&out, st == ASSESS_OK) == 0 && st == ASSESS_OK
                 ? 0 : -1;
    free(path);
    return rc;
}

int cmd_report(int argc, char **argv)
{
    static const struct option options[] = {
        CLI_INPUT_LONG_OPTIONS,
        { "output", required_argument, NULL, 'o' },
        { "goals", required_argument, NULL, OPT_GOALS },
        { "subject", required_argument, NULL, OPT_SUBJECT },
        { "agree-cutoff", required_argument, NULL, OPT_AGREE_CUTOFF },
        { NULL, 0, NULL, 0 },
    };
    cli_input in;
    assess_report_options ropts;
    const char *dir = NULL, *goals_path = NULL, *only = NULL;
    assess_instrument *inst = NULL;
    assess_responses *resp = NULL;
    results r = { 0 };
    assess_status st = ASSESS_OK;
    char **inputs = NULL;
    int opt, rc = EXIT_USAGE, n_inputs;
    size_t written = 0, written_at = 0;

    cli_input_init(&in);
    assess_report_options_init(&ropts);
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
        case 'o':
            dir = optarg;
            break;
        case OPT_GOALS:
            goals_path = optarg;
            break;
        case OPT_SUBJECT:
            only = optarg;
            break;
        case OPT_AGREE_CUTOFF: {
            char *end;
            ropts.agree_cutoff = strtod(optarg, &end);
            if (end == optarg || *end || !(ropts.agree_cutoff >= 0) ||
                ropts.agree_cutoff > 1) {
                fprintf(stderr, "assess report: --agree-cutoff '%s': not a "
                                "number from 0 to 1\n", optarg);
                return EXIT_USAGE;
            }
            break;
        }
        default:
            fputs(help, stderr);
            return EXIT_USAGE;
        }
    }
    if (cli_need_operands("report", argc - optind, 1, dir) != EXIT_FINE)
        return EXIT_USAGE;
    inst = cli_load_instrument("report", &in, &rc);
    if (!inst)
        return rc;
    rc = EXIT_USAGE;
    resp = cli_read_responses("report", &in, inst, argv + optind,
                              argc - optind, stderr, &st);
    if (!resp || st != ASSESS_OK) {
        rc = cli_exit_code(st != ASSESS_OK ? st : ASSESS_ENOMEM);
        goto out;
    }
    if ((rc = compute(resp, goals_path, &ropts, &r)) != 0)
        goto out;
    rc = EXIT_USAGE;
    if (cli_make_dir("report", dir) != 0)
        goto out;
    inputs = cli_inputs("report", &in, argv + optind, argc - optind,
                        goals_path, &n_inputs);
    if (!inputs)
        goto out;

    for (size_t i = 0; i < assess_report_count(r.report); i++) {
        if (only && strcmp(assess_report_subject(r.report, i), only) != 0)
            continue;
        if (write_page(r.report, (long)i, dir, assess_report_file(r.report, i),
                       inputs, n_inputs) != 0)
            goto out;
        written++;
        written_at = i;
    }
    if (only && written == 0) {
        fprintf(stderr, "assess report: --subject '%s' is not in the data\n",
                only);
        goto out;
    }
    if (only) {
        if (!in.quiet)
            printf("1 report written: %s/%s\n", dir,
                   assess_report_file(r.report, written_at));
    } else {
        if (write_page(r.report, -1, dir, "index.html", inputs, n_inputs) != 0)
            goto out;
        if (!in.quiet)
            printf("%zu report%s written; open %s/index.html\n", written,
                   written == 1 ? "" : "s", dir);
    }
    rc = EXIT_FINE;
out:
    free(inputs);
    assess_report_free(r.report);
    assess_table_free(r.change);
    assess_table_free(r.agree);
    assess_score_free(r.score);
    assess_goals_free(r.goals);
    assess_responses_free(resp);
    assess_instrument_free(inst);
    return rc;
}
