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
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cmd.h"
#include "output.h"

static const cli_usage usage = {
    "report",
    "usage: assess report -i INSTRUMENT -o DIR [OPTIONS] RESPONSES...\n"
    "\n"
    "Writes into DIR (made if absent) one self-contained HTML report per\n"
    "subject, named after the subject id (SUBJECT.html), index.html\n"
    "linking them all and cohort.html, the programme as a whole for its\n"
    "sponsor (no executive named).  A report has a cover (name, instrument,\n"
    "waves, coach, date, a confidentiality statement), the raters per\n"
    "group, each scale's ratings by group with the norm group named,\n"
    "self-other gaps, the most and least favourable items, strengths\n"
    "ranks, whether others agree, the change per scale with two waves, and\n"
    "a development page.  Groups below their anonymity minimum are never\n"
    "shown, and no rater id appears.  DIR changes only when the run\n"
    "succeeds: every report and the index are written first, then put in\n"
    "place together, the index last.  What is at a report's name in DIR is\n"
    "replaced, a symbolic link too (never followed), and a directory there\n"
    "is refused.\n",
    CLI_RESULT_EXIT_HELP
};

typedef struct results {
    assess_subjects *subjects;
    assess_goals *goals;
    assess_score *score;
    assess_table *agree, *change;
    assess_report *report;
} results;

/* What the report is asked for beyond its input: the options of the
 * analyses it draws on, and its own. */
typedef struct report_args {
    assess_score_options so;
    assess_agree_options ao;
    assess_report_options ro;
    const char *goals_path, *subjects_path;
} report_args;

/* Everything a report draws on; returns 0, or an exit code after saying
 * why. */
static int compute(const assess_responses *resp, report_args *a, results *r)
{
    assess_error err;
    assess_change_options co;

    assess_error_init(&err);
    if (a->subjects_path &&
        !(r->subjects = assess_subjects_read_file(a->subjects_path, &err)))
        goto fail;
    if (a->goals_path &&
        !(r->goals = assess_goals_read_file(a->goals_path, &err)))
        goto fail;
    a->ro.subjects = r->subjects;
    a->ro.goals = r->goals;
    if (!(r->score = assess_score_compute(resp, &a->so, &err)))
        goto fail;
    a->ao.score = r->score;
    if (!(r->agree = assess_agree_compute(resp, &a->ao, &err)))
        goto fail;
    if (assess_responses_wave_count(resp) >= 2) {
        assess_change_options_init(&co);
        co.goals = r->goals;
        co.score = r->score;
        if (!(r->change = assess_change_compute(resp, &co, &err)))
            goto fail;
    }
    if (!(r->report = assess_report_new(r->score, r->agree, r->change, &a->ro,
                                        &err)))
        goto fail;
    return 0;
fail:
    cli_print_error("report", &err);
    return cli_exit_code(err.status);
}

/* The date the reports are made, as YYYY-MM-DD: today, or the day of
 * SOURCE_DATE_EPOCH where it is set (reproducible builds' convention), so
 * that a run can be repeated byte for byte. */
static const char *made_on(char *buf, size_t size)
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    time_t t = time(NULL);
    struct tm tm;
    if (epoch && *epoch) {
        char *end;
        long long v = strtoll(epoch, &end, 10);
        if (!*end && v >= 0)
            t = (time_t)v;
    }
    if (!gmtime_r(&t, &tm) || !strftime(buf, size, "%Y-%m-%d", &tm))
        return NULL;
    return buf;
}

enum { PAGE_INDEX = -1, PAGE_COHORT = -2 };

/*
 * Writes one page (a subject's, PAGE_INDEX or PAGE_COHORT) into a
 * temporary file in `dir`, opening *page, which the
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
    st = subject == PAGE_INDEX ? assess_report_write_index(rep, page->f, &err)
         : subject == PAGE_COHORT
             ? assess_report_write_cohort(rep, page->f, &err)
             : assess_report_write_html(rep, (size_t)subject, page->f, &err);
    if (st != ASSESS_OK) {
        cli_print_error("report", &err);
        return -1;
    }
    return cli_output_finish(page);
}

int cmd_report(int argc, char **argv, const cli_command *self)
{
    cli_input in;
    report_args a;
    const char *dir = NULL, *only = NULL;
    char today[32];
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
        CLI_STRING(0, "goals", "FILE", &a.goals_path,
                   "coaching goals: the GAS T-score in the change\n"
                   "section (see 'assess change --help')"),
        CLI_STRING(0, "subject", "ID", &only,
                   "only this subject's report (no index)"),
        CLI_DOUBLE(0, "agree-cutoff", "X", &a.ro.agree_cutoff, 0, 1, 0,
                   "kept for earlier scripts: the agreement cue\n"
                   "now rests on others' ad_m (README)"),
        CLI_STRING(0, "subjects", "FILE", &a.subjects_path,
                   "who each report is about (CSV: subject_id and\n"
                   "any of name, organisation, role, coach, email)"),
        CLI_UINT(0, "cohort-report-minimum", "N", &a.ro.cohort_minimum, 1,
                 1000000, "fewest executives the cohort report shows a\n"
                 "scale for (default 5)"),
        CLI_SECTION("scoring (as for 'assess score' and 'assess agree'):", 22),
        CLI_CHOICE(0, "others-weighting", "W", &a.so.weighting,
                   cli_weighting_names, cli_weighting_values,
                   "raters (default) or groups"),
        CLI_DOUBLE(0, "gap-threshold", "X", &a.so.gap_threshold, 0, 1e6, 0,
                   "self - others that flags a blind spot or a\n"
                   "hidden strength (default 0.5)"),
        CLI_CHOICE(0, "norms", "N", &a.so.norms, cli_norm_names,
                   cli_norm_values, "instrument (default), cohort or none"),
        CLI_UINT(0, "cohort-minimum", "N", &a.so.cohort_minimum, 0, 1000000,
                 "fewest subjects for --norms cohort (default 30)"),
        CLI_UINT(0, "top", "N", &a.so.top, 0, 1000000,
                 "strengths: signature strengths (default 5)"),
        CLI_CHOICE(0, "null", "D", &a.ao.null, cli_null_names, cli_null_values,
                   "rwg's null distribution (see 'assess agree\n--help')"),
        CLI_SECTION("input:", 22),
        CLI_INPUT_OPTIONS(&in),
        CLI_END
    };

    cli_input_init(&in);
    memset(&a, 0, sizeof a);
    assess_score_options_init(&a.so);
    assess_agree_options_init(&a.ao);
    assess_report_options_init(&a.ro);
    a.ro.made_on = made_on(today, sizeof today);
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
    a.so.threads = a.ao.threads = cli_threads(&in);
    if ((rc = compute(resp, &a, &r)) != 0)
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
                        a.goals_path, &n_inputs);
    if (inputs && a.subjects_path) {
        char **more = realloc(inputs, ((size_t)n_inputs + 1) * sizeof *more);
        if (!more) {
            free(inputs);
            inputs = NULL;
        } else {
            inputs = more;
            inputs[n_inputs++] = (char *)a.subjects_path;
        }
    }
    pages = calloc(until - from + 2, sizeof *pages);
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
    if (!only && (write_page(&pages[n_pages++], r.report, PAGE_COHORT, dir,
                             "cohort.html", inputs, n_inputs) != 0 ||
                  write_page(&pages[n_pages++], r.report, PAGE_INDEX, dir,
                             "index.html", inputs, n_inputs) != 0))
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
    assess_subjects_free(r.subjects);
    assess_responses_free(resp);
    assess_instrument_free(inst);
    return rc;
}
