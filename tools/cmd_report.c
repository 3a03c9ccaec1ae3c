/*
 * assess report -i INSTRUMENT -o DIR [OPTIONS] RESPONSES...
 *
 * One report per executive, for the coach to hand over, as HTML, PDF or
 * both, and an index of the batch: scores, others' agreement and, with two
 * waves, change (and goal attainment with --goals).  The pages are written
 * on --threads threads, each into a temporary file, and put in place
 * together once all are written.
 */
#include <errno.h>
#include <pthread.h>
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
    "sponsor (no executive named); with --format pdf the same as PDF\n"
    "(SUBJECT.pdf, index.pdf, cohort.pdf), drawn directly; with --format\n"
    "both, the two side by side.  A report has a cover (name, instrument,\n"
    "waves, coach, date, a confidentiality statement), the raters per\n"
    "group, each scale's ratings by group with the norm group named,\n"
    "self-other gaps, the most and least favourable items, strengths\n"
    "ranks, whether others agree, the change per scale with two waves (with\n"
    "three or more, a line per group across every wave and whether the\n"
    "change held), with --costs and --benefits the return on investment,\n"
    "and a development page.  Groups below their anonymity minimum are never\n"
    "shown, and no rater id appears.  Reports are written on --threads\n"
    "threads.  DIR changes only when the run succeeds: every report and\n"
    "the index are written first, then put in place together, the index\n"
    "last.  What is at a report's name in DIR is replaced, a symbolic link\n"
    "too (never followed), and a directory there is refused.\n",
    CLI_RESULT_EXIT_HELP
};

typedef struct results {
    assess_subjects *subjects;
    assess_goals *goals;
    assess_score *score;
    assess_table *agree, *change;
    assess_report *report;
    assess_costs *costs;
    assess_benefits *benefits;
    assess_table *roi;
} results;

/* What the report is asked for beyond its input: the options of the
 * analyses it draws on, and its own. */
typedef struct report_args {
    assess_score_options so;
    assess_agree_options ao;
    assess_report_options ro;
    const char *goals_path, *subjects_path;
    const char *costs_path, *benefits_path; /* both or neither */
    int format;                  /* FORMAT_HTML, FORMAT_PDF, FORMAT_BOTH */
    assess_pdf_options po;
} report_args;

enum { FORMAT_HTML = 1, FORMAT_PDF = 2, FORMAT_BOTH = 3 };
static const char *const format_names[] = { "html", "pdf", "both", NULL };
static const int format_values[] = { FORMAT_HTML, FORMAT_PDF, FORMAT_BOTH };
static const char *const paper_names[] = { "a4", "letter", NULL };
static const int paper_values[] = { ASSESS_PAPER_A4, ASSESS_PAPER_LETTER };

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
    if (a->costs_path &&
        (!(r->costs = assess_costs_read_file(a->costs_path, &err)) ||
         !(r->benefits = assess_benefits_read_file(a->benefits_path, &err)) ||
         !(r->roi = assess_roi_compute(r->costs, r->benefits, &err))))
        goto fail;
    a->ro.roi = r->roi;
    a->ro.benefits = r->benefits;
    if (assess_responses_wave_count(resp) >= 2) {
        assess_change_options_init(&co);
        co.goals = r->goals;
        co.score = r->score;
        /* three waves or more: every wave, a line per group across them */
        co.waves_all = assess_responses_wave_count(resp) >= 3;
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

/* A file to write: a subject's report (its index), PAGE_INDEX or
 * PAGE_COHORT, as HTML or PDF. */
typedef struct page {
    long subject;
    int pdf;
    const char *name;
    cli_output out;
} page;

/*
 * The pages, written by several threads: each takes the next page,
 * writes it into a temporary file in `dir` and closes that file; the
 * caller puts them in place, or removes them, once all are written.
 */
typedef struct pages {
    page *p;
    size_t n, next;
    int failed;                  /* a page failed: take no more */
    pthread_mutex_t lock;        /* next, failed; and opening a file
                                    (cli_output_open_entry sets the umask
                                    to read it) */
    const assess_report *rep;
    const assess_pdf_options *po;
    const char *dir;
    char *const *inputs;
    int n_inputs;
} pages;

/* Writes page pg into its temporary file: 0, or -1 after saying why. */
static int write_page(pages *ps, page *pg)
{
    const assess_report *rep = ps->rep;
    assess_error err;
    assess_status st;
    FILE *f;
    int rc;

    pthread_mutex_lock(&ps->lock);
    rc = cli_output_open_entry(&pg->out, ps->dir, pg->name, ps->inputs,
                               ps->n_inputs);
    pthread_mutex_unlock(&ps->lock);
    if (rc != 0)
        return -1;
    f = pg->out.f;
    assess_error_init(&err);
    if (pg->pdf)
        st = pg->subject == PAGE_INDEX
                 ? assess_report_write_index_pdf(rep, f, ps->po, &err)
             : pg->subject == PAGE_COHORT
                 ? assess_report_write_cohort_pdf(rep, f, ps->po, &err)
                 : assess_report_write_pdf(rep, (size_t)pg->subject, f,
                                           ps->po, &err);
    else
        st = pg->subject == PAGE_INDEX
                 ? assess_report_write_index(rep, f, &err)
             : pg->subject == PAGE_COHORT
                 ? assess_report_write_cohort(rep, f, &err)
                 : assess_report_write_html(rep, (size_t)pg->subject, f, &err);
    if (st != ASSESS_OK) {
        fprintf(stderr, "assess report: %s/%s: %s\n", ps->dir, pg->name,
                err.message);
        return -1;
    }
    return cli_output_finish(&pg->out);
}

static void *page_worker(void *arg)
{
    pages *ps = arg;
    for (;;) {
        page *pg = NULL;
        pthread_mutex_lock(&ps->lock);
        if (!ps->failed && ps->next < ps->n)
            pg = &ps->p[ps->next++];
        pthread_mutex_unlock(&ps->lock);
        if (!pg)
            return NULL;
        if (write_page(ps, pg) != 0) {
            pthread_mutex_lock(&ps->lock);
            ps->failed = 1;
            pthread_mutex_unlock(&ps->lock);
        }
    }
}

/* Writes every page on up to `threads` threads (this one included):
 * 0, or -1 when one failed (having said why). */
static int write_pages(pages *ps, unsigned threads)
{
    pthread_t tid[CLI_MAX_THREADS];
    size_t started = 0;

    if (threads > ps->n)
        threads = (unsigned)ps->n;
    while (started + 1 < threads && started < CLI_MAX_THREADS &&
           pthread_create(&tid[started], NULL, page_worker, ps) == 0)
        started++;
    page_worker(ps);
    for (size_t i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    return ps->failed ? -1 : 0;
}

static void add_page(pages *ps, long subject, int pdf, const char *name)
{
    page *pg = &ps->p[ps->n++];
    memset(pg, 0, sizeof *pg);
    pg->subject = subject;
    pg->pdf = pdf;
    pg->name = name;
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
    pages ps = { NULL, 0, 0, 0, PTHREAD_MUTEX_INITIALIZER, NULL, NULL, NULL,
                 NULL, 0 };
    struct stat st_dir;
    int first, rc, n_inputs, made_dir = 0;
    size_t from = 0, until = 0;
    cli_option options[] = {
        CLI_SECTION("options:", 22),
        CLI_STRING('o', "output", "DIR", &dir,
                   "the directory to write to (required)"),
        CLI_STRING(0, "goals", "FILE", &a.goals_path,
                   "coaching goals: the GAS T-score in the change\n"
                   "section (see 'assess change --help')"),
        CLI_STRING(0, "subject", "ID", &only,
                   "only this subject's report (no index)"),
        CLI_CHOICE(0, "format", "F", &a.format, format_names, format_values,
                   "html (default), pdf or both"),
        CLI_CHOICE(0, "paper", "P", &a.po.paper, paper_names, paper_values,
                   "the PDF's paper: a4 (default) or letter"),
        CLI_DOUBLE(0, "agree-cutoff", "X", &a.ro.agree_cutoff, 0, 1, 0,
                   "kept for earlier scripts: the agreement cue\n"
                   "now rests on others' ad_m (README)"),
        CLI_STRING(0, "subjects", "FILE", &a.subjects_path,
                   "who each report is about (CSV: subject_id and\n"
                   "any of name, organisation, role, coach, email)"),
        CLI_UINT(0, "cohort-report-minimum", "N", &a.ro.cohort_minimum, 1,
                 1000000, "fewest executives the cohort report shows a\n"
                 "scale for (default 5)"),
        CLI_STRING(0, "costs", "FILE", &a.costs_path,
                   "with --benefits, an outcome section: return on\n"
                   "investment (CSV as for 'assess roi --help')"),
        CLI_STRING(0, "benefits", "FILE", &a.benefits_path,
                   "the benefits estimated, with --costs (CSV as\n"
                   "for 'assess roi --help')"),
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
    assess_pdf_options_init(&a.po);
    a.format = FORMAT_HTML;
    a.ro.made_on = made_on(today, sizeof today);
    rc = cli_options_parse(&usage, options, argc, argv, &first);
    if (rc != 0) {
        if (cli_stdout_check("report") != 0)
            return EXIT_USAGE;
        return rc > 0 ? EXIT_FINE : EXIT_USAGE;
    }
    if (!a.costs_path != !a.benefits_path) {
        fprintf(stderr, "assess report: --%s FILE is required with --%s (see "
                        "'assess report --help')\n",
                a.costs_path ? "benefits" : "costs",
                a.costs_path ? "costs" : "benefits");
        return EXIT_USAGE;
    }
    in.read.comments = 1; /* "What raters wrote" */
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
    if (inputs && a.costs_path) {
        char **more = realloc(inputs, ((size_t)n_inputs + 2) * sizeof *more);
        if (!more) {
            free(inputs);
            inputs = NULL;
        } else {
            inputs = more;
            inputs[n_inputs++] = (char *)a.costs_path;
            inputs[n_inputs++] = (char *)a.benefits_path;
        }
    }
    ps.p = calloc(2 * (until - from + 2), sizeof *ps.p);
    if (!inputs || !ps.p) {
        if (inputs)
            fprintf(stderr, "assess report: out of memory\n");
        goto out;
    }
    for (size_t i = from; i < until; i++) {
        if (a.format & FORMAT_HTML)
            add_page(&ps, (long)i, 0, assess_report_file(r.report, i));
        if (a.format & FORMAT_PDF)
            add_page(&ps, (long)i, 1, assess_report_pdf_file(r.report, i));
    }
    if (!only) {
        if (a.format & FORMAT_HTML)
            add_page(&ps, PAGE_COHORT, 0, "cohort.html");
        if (a.format & FORMAT_PDF)
            add_page(&ps, PAGE_COHORT, 1, "cohort.pdf");
        if (a.format & FORMAT_HTML)
            add_page(&ps, PAGE_INDEX, 0, "index.html");
        if (a.format & FORMAT_PDF)
            add_page(&ps, PAGE_INDEX, 1, "index.pdf");
    }
    ps.rep = r.report;
    ps.po = &a.po;
    ps.dir = dir;
    ps.inputs = inputs;
    ps.n_inputs = n_inputs;

    /* Every page into a temporary file first; a failure removes them all,
     * and DIR is left as it was. */
    if (write_pages(&ps, cli_threads(&in)) != 0)
        goto out;
    /* Then each put in place, the indexes last, so that they never link a
     * report not there.  The checks at opening leave a rename little to
     * fail on; should one fail, those before it stay in place. */
    for (size_t k = 0; k < ps.n; k++)
        if (cli_output_close(&ps.p[k].out, 1) != 0)
            goto out;
    if (!in.quiet && only)
        printf("1 report written: %s/%s%s%s\n", dir, ps.p[0].name,
               ps.n > 1 ? " and " : "", ps.n > 1 ? ps.p[1].name : "");
    else if (!in.quiet)
        printf("%zu report%s written; open %s/%s\n", until - from,
               until - from == 1 ? "" : "s", dir,
               a.format & FORMAT_HTML ? "index.html" : "index.pdf");
    rc = EXIT_FINE;
out:
    for (size_t k = 0; ps.p && k < ps.n; k++)
        cli_output_close(&ps.p[k].out, 0);
    free(ps.p);
    if (rc != EXIT_FINE && made_dir)
        rmdir(dir); /* made by this run, and empty again */
    if (cli_stdout_close("report") != 0)
        rc = EXIT_USAGE;
    free(inputs);
    assess_report_free(r.report);
    assess_table_free(r.roi);
    assess_benefits_free(r.benefits);
    assess_costs_free(r.costs);
    assess_table_free(r.change);
    assess_table_free(r.agree);
    assess_score_free(r.score);
    assess_goals_free(r.goals);
    assess_subjects_free(r.subjects);
    assess_responses_free(resp);
    assess_instrument_free(inst);
    return rc;
}
