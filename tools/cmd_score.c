/*
 * assess score -i INSTRUMENT [OPTIONS] RESPONSES...
 *
 * Scored profiles per subject, wave, scale and rater group, written as
 * CSV (the scale table, --items for the item table, --per-rater for the
 * raters' own scores), JSON or a readable text summary.
 */
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "cmd.h"
#include "output.h"

static const cli_usage usage = {
    "score",
    "usage: assess score -i INSTRUMENT [OPTIONS] RESPONSES...\n"
    "\n"
    "Scores every subject in every wave: per rater, per rater group (with\n"
    "'others', every rater but self, and 'all'), per item; applies each\n"
    "group's anonymity minimum; adds self-other gaps, norms and, for\n"
    "strengths instruments, ranks and signature strengths.\n",
    CLI_RESULT_EXIT_HELP
};

enum format { FORMAT_CSV, FORMAT_JSON, FORMAT_TEXT, FORMAT_SQLITE };

static const char *const formats[] = { "csv", "json", "text", "sqlite", NULL };

/* The table's rows added to the database `path`; the exit code. */
static int write_db(const assess_score *score, assess_score_table table,
                    const char *path, const cli_input *in,
                    const assess_instrument *inst, char **files, int n_files)
{
    assess_rows *rows = NULL;
    assess_error err;
    int rc;
    assess_db *db = cli_db_open("score", path, in, inst, files, n_files, NULL,
                                &rc);

    if (!db)
        return rc;
    assess_error_init(&err);
    rows = assess_score_rows(score, table, &err);
    if (rows && assess_db_write(db, rows, &err) == ASSESS_OK &&
        assess_db_commit(db, &err) == ASSESS_OK) {
        rc = EXIT_FINE;
    } else {
        cli_print_error("score", &err);
        rc = cli_exit_code(err.status);
    }
    assess_rows_free(rows);
    assess_db_close(db);
    return rc;
}

int cmd_score(int argc, char **argv, const cli_command *self)
{
    cli_input in;
    assess_score_options so;
    assess_instrument *inst = NULL;
    assess_responses *resp = NULL;
    assess_score *score = NULL;
    assess_error err;
    assess_status st;
    cli_output out = { 0 };
    const char *output = NULL, *subject = NULL;
    int format = FORMAT_CSV, table = ASSESS_TABLE_SCALES, comments = 0;
    int first, rc;
    cli_option options[] = {
        CLI_SECTION("output:", 24),
        CLI_STRING('o', "output", "FILE", &output,
                   "write to FILE (default: standard output),\n"
                   "replaced only when the run succeeds"),
        CLI_CHOICE(0, "format", "F", &format, formats, NULL,
                   "csv (default), json, text, or sqlite: rows\n"
                   "added to the database -o FILE, table scores\n"
                   "(items, raters)"),
        CLI_SET(0, "items", &table, ASSESS_TABLE_ITEMS,
                "csv, sqlite: the item table instead of the scale\n"
                "table"),
        CLI_SET(0, "per-rater", &table, ASSESS_TABLE_RATERS,
                "csv, sqlite: each rater's scale scores, with rater\n"
                "ids (research only: needs --research)"),
        CLI_DIGITS_OPTION(&so.digits),
        CLI_STRING(0, "subject", "ID", &subject,
                   "text, --comments: only this subject"),
        CLI_FLAG(0, "comments", &comments,
                 "csv: the written comments instead of scores\n"
                 "(subject_id,wave,question,group,text), as\n"
                 "their comment minimums allow"),
        CLI_SECTION("scoring:", 24),
        CLI_CHOICE(0, "others-weighting", "W", &so.weighting, cli_weighting_names,
                   cli_weighting_values,
                   "raters (default: each rater counts the same)\n"
                   "or groups (each group but self counts the same)"),
        CLI_DOUBLE(0, "gap-threshold", "X", &so.gap_threshold, 0, 1e6, 0,
                   "self - others that flags a blind spot or a\n"
                   "hidden strength (default 0.5)"),
        CLI_CHOICE(0, "norms", "N", &so.norms, cli_norm_names, cli_norm_values,
                   "instrument (default), cohort or none"),
        CLI_UINT(0, "cohort-minimum", "N", &so.cohort_minimum, 0, 1000000,
                 "fewest subjects for --norms cohort (default 30)"),
        CLI_UINT(0, "top", "N", &so.top, 0, 1000000,
                 "strengths: signature strengths (default 5)"),
        CLI_SECTION("confidentiality:", 24),
        CLI_RESEARCH_OPTION(&so.research,
                            "output for research, not for the executive or\n"
                            "the organisation: allows --per-rater"),
        CLI_SECTION("input:", 22),
        CLI_INPUT_OPTIONS(&in),
        CLI_END
    };

    cli_input_init(&in);
    assess_score_options_init(&so);
    rc = cli_options_parse(&usage, options, argc, argv, &first);
    if (rc != 0)
        return rc > 0 ? EXIT_FINE : EXIT_USAGE;
    if (cli_need_operands("score", argc - first, 0, NULL) != EXIT_FINE)
        return EXIT_USAGE;
    if (table == ASSESS_TABLE_RATERS && !so.research) {
        fprintf(stderr, "assess score: --per-rater holds rater ids and the "
                        "scores of raters the anonymity\nminimums withhold: "
                        "it is for research only; add --research\n");
        return EXIT_USAGE;
    }
    if (table != ASSESS_TABLE_SCALES &&
        (format == FORMAT_JSON || format == FORMAT_TEXT)) {
        fprintf(stderr, "assess score: --items and --per-rater are CSV or "
                        "SQLite tables; JSON holds the items, and rater ids\n"
                        "never appear in JSON or text\n");
        return EXIT_USAGE;
    }
    if (comments && (format != FORMAT_CSV || table != ASSESS_TABLE_SCALES)) {
        fprintf(stderr, "assess score: --comments writes the written comments "
                        "as CSV; it takes no --format\nother than csv, nor "
                        "--items or --per-rater\n");
        return EXIT_USAGE;
    }
    in.read.comments = comments;
    if (format == FORMAT_SQLITE && cli_db_path_check("score", output, NULL, 0))
        return EXIT_USAGE;
    /* The result goes to standard output: the account goes to standard
     * error, where it is noise unless a person is watching or rows were
     * rejected. */
    in.account_when_clean = isatty(STDERR_FILENO);
    rc = cli_load_and_read(self, &in, argv + first, argc - first, NULL, NULL,
                           NULL, &inst, &resp);
    if (rc != EXIT_FINE)
        return rc;
    rc = EXIT_USAGE;
    /* The scale and per-rater tables need no item statistics. */
    so.items = format == FORMAT_JSON || format == FORMAT_TEXT ||
               table == ASSESS_TABLE_ITEMS;
    so.threads = cli_threads(&in);
    assess_error_init(&err);
    score = assess_score_compute(resp, &so, &err);
    if (!score) {
        cli_print_error("score", &err);
        rc = cli_exit_code(err.status);
        goto out;
    }
    if (format == FORMAT_SQLITE) {
        rc = write_db(score, (assess_score_table)table, output, &in, inst,
                      argv + first, argc - first);
        goto out;
    }
    {
        /* -o must not be one of the inputs, the instrument included. */
        int n_in;
        char **inputs = cli_inputs("score", &in, argv + first, argc - first,
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
    else if (comments)
        st = assess_score_write_comments(score, subject, out.f, &err);
    else if (format == FORMAT_TEXT)
        st = assess_score_write_text(score, subject, out.f, &err);
    else
        st = assess_score_write_csv(score, (assess_score_table)table, out.f,
                                    &err);
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
