#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "output.h"

void cli_input_init(cli_input *in)
{
    memset(in, 0, sizeof *in);
    assess_read_options_init(&in->read);
    in->read.diag = cli_print_diag;
    in->read.userdata = in;
    in->account_when_clean = 1;
}

const char *const cli_layout_names[] = { "long", "wide", "auto", NULL };
const int cli_layout_values[] = { ASSESS_LAYOUT_LONG, ASSESS_LAYOUT_WIDE,
                                  ASSESS_LAYOUT_AUTO };
const char *const cli_table_formats[] = { "csv", "json", "sqlite", NULL };
const char *const cli_weighting_names[] = { "raters", "groups", NULL };
const int cli_weighting_values[] = { ASSESS_WEIGHT_RATERS,
                                     ASSESS_WEIGHT_GROUPS };
const char *const cli_norm_names[] = { "instrument", "cohort", "none", NULL };
const int cli_norm_values[] = { ASSESS_NORMS_INSTRUMENT, ASSESS_NORMS_COHORT,
                                ASSESS_NORMS_NONE };
const char *const cli_null_names[] = { "uniform", "slight_skew",
                                       "moderate_skew", "heavy_skew",
                                       "triangular", "normal", NULL };
const int cli_null_values[] = {
    ASSESS_NULL_UNIFORM, ASSESS_NULL_SLIGHT_SKEW, ASSESS_NULL_MODERATE_SKEW,
    ASSESS_NULL_HEAVY_SKEW, ASSESS_NULL_TRIANGULAR, ASSESS_NULL_NORMAL
};
const char *const cli_tool_names[] = { "qualtrics", "surveymonkey",
                                       "limesurvey", "google-forms", "csv",
                                       "auto", NULL };
const int cli_tool_values[] = { ASSESS_TOOL_QUALTRICS,
                                ASSESS_TOOL_SURVEYMONKEY,
                                ASSESS_TOOL_LIMESURVEY,
                                ASSESS_TOOL_GOOGLE_FORMS, ASSESS_TOOL_CSV,
                                ASSESS_TOOL_AUTO };
const char *const cli_delimiter_names[] = { ",", ";", "tab", "|", "auto",
                                            NULL };
const int cli_delimiter_values[] = { ',', ';', '\t', '|', 0 };

unsigned cli_threads(const cli_input *in)
{
    long n;
    if (in->threads)
        return in->threads;
    n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > CLI_MAX_THREADS ? CLI_MAX_THREADS : (unsigned)n;
}

static double clock_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

/* Removes the progress line, if one is on the screen. */
static void progress_clear(cli_input *in)
{
    if (in->progress_on_screen) {
        fputs("\r\033[K", stderr);
        in->progress_on_screen = 0;
    }
}

/*
 * Reading progress on stderr, when stderr is a terminal: shown once the
 * read has taken a second, then four times a second, on one line.
 */
static void print_progress(void *userdata, const char *file, uint64_t bytes,
                           uint64_t rows)
{
    cli_input *in = userdata;
    double t = clock_now(), elapsed = t - in->progress_start;

    if (elapsed < 1.0 || t - in->progress_shown < 0.25)
        return;
    in->progress_shown = t;
    in->progress_on_screen = 1;
    fprintf(stderr, "\r\033[K%s: %llu rows, %.0f MB, %.0f MB/s", file,
            (unsigned long long)rows, bytes / 1e6, bytes / 1e6 / elapsed);
}

void cli_print_diag(const assess_diag *d, void *userdata)
{
    cli_input *in = userdata;
    if (in && in->quiet && d->severity != ASSESS_ERROR)
        return;
    if (in)
        progress_clear(in);
    if (d->line)
        fprintf(stderr, "%s:%lu: %s%s\n", d->file, d->line,
                d->severity == ASSESS_WARNING ? "warning: " : "", d->message);
    else
        fprintf(stderr, "%s: %s%s\n", d->file,
                d->severity == ASSESS_WARNING ? "warning: " : "", d->message);
}

void cli_print_error(const char *cmd, const assess_error *err)
{
    if (err->file[0] && err->line)
        fprintf(stderr, "%s:%lu: %s\n", err->file, err->line, err->message);
    else if (err->file[0])
        fprintf(stderr, "%s: %s\n", err->file, err->message);
    else
        fprintf(stderr, "assess %s: %s\n", cmd, err->message);
}

int cli_exit_code(assess_status status)
{
    switch (status) {
    case ASSESS_OK:
        return EXIT_FINE;
    case ASSESS_EINSTRUMENT:
    case ASSESS_EFORMAT:
    case ASSESS_EDATA:
    case ASSESS_ELIMIT:
        return EXIT_DATA;
    case ASSESS_ENOMEM:
    case ASSESS_EIO:
    case ASSESS_EUSAGE:
        break;
    }
    return EXIT_USAGE;
}

/* The file -i named, when found by id (assess_instrument_find()). */
static char *found_instrument;

assess_instrument *cli_load_instrument(const char *cmd, cli_input *in,
                                       int *exit_code)
{
    assess_error err;
    assess_instrument *inst;

    *exit_code = EXIT_USAGE;
    if (!in->instrument) {
        fprintf(stderr, "assess %s: no instrument: give -i FILE "
                        "(see 'assess %s --help')\n", cmd, cmd);
        return NULL;
    }
    assess_error_init(&err);
    /* -i lead360: a shipped instrument, by id.  From here on the
     * instrument is its file, which no output may overwrite. */
    assess_free(found_instrument);
    found_instrument = assess_instrument_find(in->instrument, &err);
    if (!found_instrument) {
        cli_print_error(cmd, &err);
        return NULL;
    }
    in->instrument = found_instrument;
    inst = assess_instrument_load(in->instrument, cli_print_diag, in, &err);
    if (!inst) {
        cli_print_error(cmd, &err);
        *exit_code = cli_exit_code(err.status);
    }
    return inst;
}

static uint64_t delta(uint64_t now, uint64_t before)
{
    return now - before;
}

uint64_t cli_problem_rows(const assess_account *a)
{
    uint64_t n = a->rows_rejected;
    for (int r = 1; r < ASSESS_REJECT__COUNT; r++)
        if (assess_reject_left_out((assess_reject)r))
            n -= a->rejected[r];
    return n;
}

void cli_print_account(FILE *out, const char *name, const assess_account *a)
{
    int first = 1;
    fprintf(out, "%s: %llu row%s read: %llu used, %llu rejected", name,
            (unsigned long long)a->rows_read, a->rows_read == 1 ? "" : "s",
            (unsigned long long)a->rows_used,
            (unsigned long long)a->rows_rejected);
    for (int r = 1; r < ASSESS_REJECT__COUNT; r++) {
        if (!a->rejected[r])
            continue;
        fprintf(out, "%s%s %llu", first ? " (" : ", ",
                assess_reject_name((assess_reject)r),
                (unsigned long long)a->rejected[r]);
        first = 0;
    }
    if (!first)
        fputc(')', out);
    if (a->blank_lines)
        fprintf(out, "; %llu blank line%s skipped",
                (unsigned long long)a->blank_lines,
                a->blank_lines == 1 ? "" : "s");
    fputc('\n', out);
}

assess_responses *cli_read_responses(const char *cmd, cli_input *in,
                                     const assess_instrument *inst,
                                     char **files, int n_files,
                                     FILE *account_out, assess_status *status)
{
    assess_error err;
    assess_responses *resp = NULL;
    assess_source *source = NULL;

    *status = ASSESS_OK;
    assess_error_init(&err);
    in->read.threads = cli_threads(in);
    if (!in->quiet && isatty(STDERR_FILENO))
        in->read.progress = print_progress;
    if (in->source) {
        source = assess_source_load(in->source, inst, cli_print_diag, in,
                                    &err);
        if (!source) {
            cli_print_error(cmd, &err);
            *status = err.status;
            return NULL;
        }
        in->read.source = source;
    }
    resp = assess_responses_new(inst, &in->read, &err);
    if (!resp) {
        cli_print_error(cmd, &err);
        *status = err.status;
        goto out;
    }
    for (int i = 0; i < n_files; i++) {
        assess_account before = *assess_responses_account(resp), file;
        const assess_account *now;
        assess_status st;

        assess_error_init(&err);
        in->progress_start = clock_now();
        st = assess_responses_set_wave(resp, in->wave.values
                                                 ? in->wave.values[i] : NULL,
                                       &err);
        if (st == ASSESS_OK)
            st = assess_responses_read_file(resp, files[i], &err);
        progress_clear(in);
        if (st != ASSESS_OK) {
            cli_print_error(cmd, &err);
            if (*status == ASSESS_OK)
                *status = st;
            if (st == ASSESS_EIO || st == ASSESS_ENOMEM)
                continue; /* nothing of the file was read */
        }
        now = assess_responses_account(resp);
        file.rows_read = delta(now->rows_read, before.rows_read);
        file.rows_used = delta(now->rows_used, before.rows_used);
        file.rows_rejected = delta(now->rows_rejected, before.rows_rejected);
        for (int r = 0; r < ASSESS_REJECT__COUNT; r++)
            file.rejected[r] = delta(now->rejected[r], before.rejected[r]);
        file.blank_lines = delta(now->blank_lines, before.blank_lines);
        if (account_out && (file.rows_rejected ||
                            (in->account_when_clean && !in->quiet)))
            cli_print_account(account_out,
                              strcmp(files[i], "-") ? files[i] : "<stdin>",
                              &file);
    }
out:
    /* The map serves the reading only: the table keeps nothing of it. */
    in->read.source = NULL;
    assess_source_free(source);
    return resp;
}

char **cli_inputs(const char *cmd, const cli_input *in, char **files,
                  int n_files, const char *extra, int *n)
{
    char **inputs = calloc((size_t)n_files + 4, sizeof *inputs);

    *n = 0;
    if (!inputs) {
        fprintf(stderr, "assess %s: out of memory\n", cmd);
        return NULL;
    }
    for (; *n < n_files; (*n)++)
        inputs[*n] = files[*n];
    inputs[(*n)++] = (char *)in->instrument;
    if (in->source)
        inputs[(*n)++] = (char *)in->source;
    if (extra)
        inputs[(*n)++] = (char *)extra;
    if (in->read.exclude_flagged)
        inputs[(*n)++] = (char *)in->read.exclude_flagged;
    return inputs;
}

/* ---- Results in SQLite --------------------------------------------------- */

static int saved_argc;
static char **saved_argv;

void cli_set_command_line(int argc, char **argv)
{
    saved_argc = argc;
    saved_argv = argv;
}

/* Whether s reads the same to a POSIX shell unquoted. */
static int shell_plain(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                    "0123456789-_./=:,+@%", *s))
            return 0;
    return 1;
}

/* The command line as a shell would take it back: "assess run -i ...";
 * malloc'd, NULL when out of memory. */
static char *command_line(void)
{
    size_t size = 1;
    char *text, *p;

    for (int i = 0; i < saved_argc; i++)
        size += 4 * strlen(i ? saved_argv[i] : "assess") + 3;
    p = text = malloc(size);
    if (!text)
        return NULL;
    *p = '\0';
    for (int i = 0; i < saved_argc; i++) {
        const char *a = i ? saved_argv[i] : "assess";
        if (i)
            *p++ = ' ';
        if (shell_plain(a)) {
            p = stpcpy(p, a);
            continue;
        }
        *p++ = '\'';
        for (; *a; a++) {
            if (*a == '\'')
                p = stpcpy(p, "'\\''");
            else
                *p++ = *a;
        }
        *p++ = '\'';
        *p = '\0';
    }
    return text;
}

assess_db *cli_db_open(const char *cmd, const char *path, const cli_input *in,
                       const assess_instrument *inst, char **files,
                       int n_files, const char *goals, int *exit_code)
{
    assess_run_file *rf = NULL;
    assess_run_info info = { 0 };
    assess_db *db = NULL;
    assess_error err;
    char **inputs = NULL, *line = NULL;
    int n_inputs, n = 0;

    *exit_code = EXIT_USAGE;
    inputs = cli_inputs(cmd, in, files, n_files, goals, &n_inputs);
    if (!inputs || cli_db_path_check(cmd, path, inputs, n_inputs) != 0)
        goto out;
    rf = calloc((size_t)n_files + 2, sizeof *rf);
    line = command_line();
    if (!rf || !line) {
        fprintf(stderr, "assess %s: out of memory\n", cmd);
        goto out;
    }
    rf[n++] = (assess_run_file){ "instrument", in->instrument };
    for (int i = 0; i < n_files; i++)
        rf[n++] = (assess_run_file){ "responses", files[i] };
    if (goals)
        rf[n++] = (assess_run_file){ "goals", goals };
    info.command = cmd;
    info.command_line = line;
    info.inst = inst;
    info.files = rf;
    info.n_files = (size_t)n;
    assess_error_init(&err);
    db = assess_db_open(path, &info, &err);
    if (!db) {
        cli_print_error(cmd, &err);
        *exit_code = cli_exit_code(err.status);
    }
out:
    free(inputs);
    free(rf);
    free(line);
    return db;
}

int cli_db_rows(void *userdata, const assess_table *batch)
{
    cli_db_stream *s = userdata;
    if (s->failed)
        return -1;
    if (assess_db_write_table(s->db, batch, &s->err) != ASSESS_OK) {
        s->failed = 1;
        return -1;
    }
    return 0;
}

/*
 * Computes the table into the run's output, never one of its inputs: the
 * rows are written as the analysis makes them (assess_table_stream), so
 * that a cohort's table is never held whole.
 */
static int compute_table(const cli_table_run *run,
                         const assess_responses *resp,
                         const assess_instrument *inst)
{
    cli_output out = { 0 };
    cli_db_stream dbs = { 0 };
    assess_table_stream stream = { 0 };
    assess_table *table;
    assess_error err;
    int n, rc;
    char **inputs;

    if (run->format == CLI_FORMAT_SQLITE) {
        dbs.db = cli_db_open(run->cmd, run->output, run->in, inst, run->files,
                             run->n_files, run->extra_input, &rc);
        if (!dbs.db)
            return rc;
        assess_error_init(&dbs.err);
        stream.rows = cli_db_rows;
        stream.userdata = &dbs;
        assess_error_init(&err);
        table = run->compute(resp, run->ctx, &stream, cli_threads(run->in),
                             &err);
        if (dbs.failed)
            err = dbs.err; /* what the database said, not "rows not written" */
        if (!table || dbs.failed || assess_db_commit(dbs.db, &err) != ASSESS_OK) {
            cli_print_error(run->cmd, &err);
            rc = cli_exit_code(err.status);
        } else {
            rc = EXIT_FINE;
        }
        assess_table_free(table);
        assess_db_close(dbs.db);
        return rc;
    }
    inputs = cli_inputs(run->cmd, run->in, run->files, run->n_files,
                        run->extra_input, &n);
    if (!inputs)
        return EXIT_USAGE;
    rc = cli_output_open(&out, run->output, inputs, n);
    free(inputs);
    if (rc != 0)
        return EXIT_USAGE;
    stream.out = out.f;
    stream.json = run->format == CLI_FORMAT_JSON;
    assess_error_init(&err);
    table = run->compute(resp, run->ctx, &stream, cli_threads(run->in), &err);
    if (!table)
        cli_print_error(run->cmd, &err);
    if (cli_output_close(&out, table != NULL) != 0 || !table)
        rc = cli_exit_code(!table ? err.status : ASSESS_EIO);
    else
        rc = EXIT_FINE;
    assess_table_free(table);
    return rc;
}

int cli_need_operands(const char *cmd, int n_files, int needs_dir,
                      const char *dir)
{
    if (needs_dir && !dir) {
        fprintf(stderr, "assess %s: -o DIR is required (see 'assess %s "
                        "--help')\n", cmd, cmd);
        return EXIT_USAGE;
    }
    if (n_files <= 0) {
        fprintf(stderr, "assess %s: no response files (see 'assess %s "
                        "--help')\n", cmd, cmd);
        return EXIT_USAGE;
    }
    return EXIT_FINE;
}

int cli_load_and_read(const cli_command *self, cli_input *in, char **files,
                      int n_files, const char *dir,
                      int (*prepare)(void *ctx), void *ctx,
                      assess_instrument **inst, assess_responses **resp)
{
    const char *cmd = self->name;
    assess_status st = ASSESS_OK;
    int rc;

    *inst = NULL;
    *resp = NULL;
    if (cli_need_operands(cmd, n_files, (self->flags & CMD_DIR) != 0, dir) !=
        EXIT_FINE)
        return EXIT_USAGE;
    *inst = cli_load_instrument(cmd, in, &rc);
    if (!*inst)
        return rc;
    if (prepare && (rc = prepare(ctx)) != EXIT_FINE)
        goto fail;
    *resp = cli_read_responses(cmd, in, *inst, files, n_files, stderr, &st);
    if (*resp && st == ASSESS_OK)
        return EXIT_FINE;
    rc = cli_exit_code(st != ASSESS_OK ? st : ASSESS_ENOMEM);
fail:
    assess_responses_free(*resp);
    assess_instrument_free(*inst);
    *resp = NULL;
    *inst = NULL;
    return rc;
}

int cli_run_table(const cli_table_run *run)
{
    assess_instrument *inst;
    assess_responses *resp;
    int rc;

    /* A database needs a file: said before the input is read. */
    if (run->format == CLI_FORMAT_SQLITE &&
        cli_db_path_check(run->cmd, run->output, NULL, 0) != 0)
        return EXIT_USAGE;
    /* The table goes to standard output: the account goes to standard
     * error, where it is noise unless a person is watching or rows were
     * rejected. */
    run->in->account_when_clean = isatty(STDERR_FILENO);
    rc = cli_load_and_read(run->self, run->in, run->files, run->n_files,
                           NULL, run->prepare, run->ctx, &inst, &resp);
    if (rc != EXIT_FINE)
        return rc;
    rc = compute_table(run, resp, inst);
    assess_responses_free(resp);
    assess_instrument_free(inst);
    return rc;
}
