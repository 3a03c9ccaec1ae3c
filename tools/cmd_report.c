/*
 * assess report -i INSTRUMENT -o DIR [OPTIONS] RESPONSES...
 *
 * One HTML report per executive, for the coach to hand over, and an index
 * of the batch: scores, others' agreement and, with two waves, change (and
 * goal attainment with --goals).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cmd.h"
#include "output.h"

static const cli_usage usage = {
    "report",
    "usage: assess report -i INSTRUMENT -o DIR [OPTIONS] RESPONSES...\n"
    "\n"
    "Writes into DIR (made if absent) one self-contained HTML report per\n"
    "subject, named after the subject id (SUBJECT.html), and index.html\n"
    "linking them all.  A report shows the raters per group, each scale's\n"
    "ratings by group, self-other gaps, the highest and lowest items,\n"
    "strengths ranks, whether others agree, and with two waves the change\n"
    "per scale.  Groups below their anonymity minimum are never shown, and\n"
    "no rater id appears.  DIR changes only when the run succeeds: every\n"
    "report and the index are written first, then put in place together,\n"
    "the index last.  What is at a report's name in DIR is replaced, a\n"
    "symbolic link too (never followed), and a directory there is refused.\n",
    CLI_RESULT_EXIT_HELP
};

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

/*
 * Writes one page into a temporary file in `dir`, opening *page, which the
 * caller puts in place or removes with cli_output_close() whatever this
 * returns: 0, or -1 after saying why.
 */
static int write_page(cli_output *page, const assess_report *rep,
                      long subject, const char *dir, const char *name,
                      char *const *inputs, int n_inputs)
{
    assess_error err;
    assess_status st;

    if (cli_output_open_entry(page, dir, name, inputs, n_inputs) != 0)
        return -1;
    assess_error_init(&err);
    st = subject < 0 ? assess_report_write_index(rep, page->f, &err)
                     : assess_report_write_html(rep, (size_t)subject, page->f,
                                                &err);
    if (st != ASSESS_OK) {
        cli_print_error("report", &err);
        return -1;
    }
    return cli_output_finish(page);
}

int cmd_report(int argc, char **argv, const cli_command *self)
{
    cli_input in;
    assess_report_options ropts;
    const char *dir = NULL, *goals_path = NULL, *only = NULL;
    assess_instrument *inst = NULL;
    assess_responses *resp = NULL;
    results r = { 0 };
    char **inputs = NULL;
    cli_output *pages = NULL;
    struct stat st_dir;
    int first, rc, n_inputs, made_dir = 0;
    size_t from = 0, until = 0, n_pages = 0;
    cli_option options[] = {
        CLI_SECTION("options:", 22),
        CLI_STRING('o', "output", "DIR", &dir,
                   "the directory to write to (required)"),
        CLI_STRING(0, "goals", "FILE", &goals_path,
                   "coaching goals: the GAS T-score in the change\n"
                   "section (see 'assess change --help')"),
        CLI_STRING(0, "subject", "ID", &only,
                   "only this subject's report (no index)"),
        CLI_DOUBLE(0, "agree-cutoff", "X", &ropts.agree_cutoff, 0, 1, 0,
                   "others' rwg_j from which raters are said to\n"
                   "agree (default 0.70)"),
        CLI_SECTION("input:", 22),
        CLI_INPUT_OPTIONS(&in),
        CLI_END
    };

    cli_input_init(&in);
    assess_report_options_init(&ropts);
    rc = cli_options_parse(&usage, options, argc, argv, &first);
    if (rc != 0) {
        if (cli_stdout_check("report") != 0)
            return EXIT_USAGE;
        return rc > 0 ? EXIT_FINE : EXIT_USAGE;
    }
    rc = cli_load_and_read(self, &in, argv + first, argc - first, dir, NULL,
                           NULL, &inst, &resp);
    if (rc != EXIT_FINE)
        return rc;
    if ((rc = compute(resp, goals_path, &ropts, &r)) != 0)
        goto out;
    rc = EXIT_USAGE;
    until = assess_report_count(r.report);
    if (only) {
        while (from < until &&
               strcmp(assess_report_subject(r.report, from), only) != 0)
            from++;
        if (from == until) {
            fprintf(stderr, "assess report: --subject '%s' is not in the "
                            "data\n", only);
            goto out;
        }
        until = from + 1;
    }
    made_dir = lstat(dir, &st_dir) != 0 && errno == ENOENT;
    if (cli_make_dir("report", dir) != 0)
        goto out;
    inputs = cli_inputs("report", &in, argv + first, argc - first,
                        goals_path, &n_inputs);
    pages = calloc(until - from + 1, sizeof *pages);
    if (!inputs || !pages) {
        if (inputs)
            fprintf(stderr, "assess report: out of memory\n");
        goto out;
    }

    /* Every page into a temporary file first; a failure removes them all,
     * and DIR is left as it was. */
    for (size_t i = from; i < until; i++)
        if (write_page(&pages[n_pages++], r.report, (long)i, dir,
                       assess_report_file(r.report, i), inputs,
                       n_inputs) != 0)
            goto out;
    if (!only && write_page(&pages[n_pages++], r.report, -1, dir,
                            "index.html", inputs, n_inputs) != 0)
        goto out;
    /* Then each put in place, the index last, so that it never links a
     * report not there.  The checks at opening leave a rename little to
     * fail on; should one fail, those before it stay in place. */
    for (size_t k = 0; k < n_pages; k++)
        if (cli_output_close(&pages[k], 1) != 0)
            goto out;
    if (!in.quiet && only)
        printf("1 report written: %s/%s\n", dir,
               assess_report_file(r.report, from));
    else if (!in.quiet)
        printf("%zu report%s written; open %s/index.html\n", until - from,
               until - from == 1 ? "" : "s", dir);
    rc = EXIT_FINE;
out:
    for (size_t k = 0; k < n_pages; k++)
        cli_output_close(&pages[k], 0);
    free(pages);
    if (rc != EXIT_FINE && made_dir)
        rmdir(dir); /* made by this run, and empty again */
    if (cli_stdout_close("report") != 0)
        rc = EXIT_USAGE;
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
