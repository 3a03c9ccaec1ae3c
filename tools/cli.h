/*
 * cli.h - what the assess subcommands share: reading the instrument and the
 * response files named on the command line, printing diagnostics, and
 * turning a status into an exit code.
 */
#ifndef ASSESS_CLI_H
#define ASSESS_CLI_H

#include <stdio.h>

#include "assess.h"
#include "cli_options.h"

/* Exit codes, documented in README.md and `assess --help`. */
enum {
    EXIT_FINE = 0,
    EXIT_DATA = 1,  /* problems in the instrument or the responses */
    EXIT_USAGE = 2  /* bad usage, unreadable file, system failure */
};

/* Choices several commands take, in the order their help names them. */
extern const char *const cli_layout_names[];
extern const int cli_layout_values[];
extern const char *const cli_weighting_names[]; /* --others-weighting */
extern const int cli_weighting_values[];
extern const char *const cli_norm_names[];      /* --norms */
extern const int cli_norm_values[];
extern const char *const cli_null_names[];      /* --null */
extern const int cli_null_values[];
/* --from's and --delimiter's. */
extern const char *const cli_tool_names[];
extern const int cli_tool_values[];
extern const char *const cli_delimiter_names[];
extern const int cli_delimiter_values[];

/*
 * A row of the command table (assess.c): the command, and what the
 * shared steps do for it (cli_load_and_read()).
 */
enum {
    CMD_READS = 1u << 0, /* an instrument and response files, both required */
    CMD_DIR = 1u << 1    /* writes into -o DIR, which is required */
};

typedef struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv, const struct cli_command *self);
    unsigned flags;
    const char *summary;
} cli_command;

/* The options every command that reads responses takes (cli_options.h),
 * for `in`, a cli_input. */
#define CLI_INPUT_OPTIONS(in)                                                \
    CLI_STRING('i', "instrument", "FILE", &(in)->instrument,                \
               "the instrument definition (XML)"),                         \
    CLI_CHOICE(0, "layout", "L", &(in)->read.layout, cli_layout_names,      \
               cli_layout_values,                                           \
               "long, wide or auto (default: from the header)"),           \
    CLI_LIST(0, "map", "NAME=COL,...", &(in)->read.map,                     \
             "read column COL as NAME (a standard column\n"                 \
             "such as subject_id, or an item id)"),                        \
    CLI_ULONG(0, "skip-rows", "N", &(in)->read.skip_rows, 0, 1000000,       \
              "skip N rows after the header (a tool's own\n"               \
              "header rows count among them)"),                            \
    CLI_FLAG(0, "strict", &(in)->read.strict,                               \
             "fail when any row is rejected (rows the export\n"            \
             "or the source map leaves out aside)"),                       \
    CLI_STRING(0, "exclude-flagged", "FILE", &(in)->read.exclude_flagged,   \
               "leave out the raters FILE flags (the output of\n"          \
               "assess screen, edited or not), counted as\n"               \
               "screened"),                                                \
    CLI_FLAG(0, "quiet", &(in)->quiet,                                      \
             "print errors only: no warnings, accounts or\nprogress"),      \
    CLI_UINT(0, "threads", "N", &(in)->threads, 1, CLI_MAX_THREADS,         \
             "use N threads (default: every core); the\n"                   \
             "output is the same whatever N"),                             \
    CLI_CHOICE(0, "from", "TOOL", &(in)->read.from, cli_tool_names,          \
               cli_tool_values,                                            \
               "the survey tool that wrote the files: qualtrics,\n"         \
               "surveymonkey, limesurvey, google-forms, csv or\n"           \
               "auto (default: told from each header)"),                   \
    CLI_STRING(0, "source", "FILE", &(in)->source,                          \
               "a source map (XML): columns, recoding, groups,\n"           \
               "filters of the survey's exports"),                         \
    CLI_EACH(0, "wave", "W", &(in)->wave,                                   \
             "the wave of the response files after it, when\n"             \
             "they have no wave column (default 1)"),                      \
    CLI_CHOICE(0, "delimiter", "D", &(in)->read.delimiter,                  \
               cli_delimiter_names, cli_delimiter_values,                  \
               "between fields: ',', ';', tab, '|' or auto\n"              \
               "(default: told from the first line)"),                     \
    CLI_STRING(0, "encoding", "NAME", &(in)->read.encoding,                 \
               "the files' encoding, as iconv names it\n"                  \
               "(default UTF-8; UTF-16 told by its mark)"),               \
    CLI_HELP_OPTION

/* --research, with what it lifts for the command. */
#define CLI_RESEARCH_OPTION(dest, help) \
    CLI_FLAG(0, "research", (dest), help)

typedef struct cli_input {
    const char *instrument;
    const char *source;     /* --source: the source map's file */
    cli_each wave;          /* --wave, by response file */
    assess_read_options read;
    int quiet;
    unsigned threads;       /* --threads; 0: every core */
    int account_when_clean; /* print the account of a file without
                               rejected rows too (default 1) */
    /* progress on a terminal: when reading began, when last shown */
    double progress_start, progress_shown;
    int progress_on_screen;
} cli_input;

void cli_input_init(cli_input *in);

/* The number of threads to use: --threads, else the cores online. */
unsigned cli_threads(const cli_input *in);

/* Prints a diagnostic as "file:line: message" on stderr. */
void cli_print_diag(const assess_diag *d, void *userdata);

/* Prints a failed call's error record on stderr. */
void cli_print_error(const char *cmd, const assess_error *err);

/* The exit code for a status. */
int cli_exit_code(assess_status status);

/* Loads the instrument named by -i; NULL after printing why, with the
 * exit code in *exit_code. */
assess_instrument *cli_load_instrument(const char *cmd, cli_input *in,
                                       int *exit_code);

/*
 * Reads every file into a new table, printing each file's account on
 * account_out: always when it has rejected rows, otherwise unless quiet
 * or !account_when_clean.  Every
 * file is read even after one fails, so that all problems are reported.
 * Returns the table (NULL when it cannot be made, after printing why) and
 * sets *status to the first failure or ASSESS_OK.
 */
assess_responses *cli_read_responses(const char *cmd, cli_input *in,
                                     const assess_instrument *inst,
                                     char **files, int n_files,
                                     FILE *account_out, assess_status *status);

/*
 * The shared first steps of a command that reads responses (CMD_READS),
 * done in one place from the command's row: the operands checked
 * (response files, and -o DIR, `dir`, for CMD_DIR), the instrument
 * loaded, `prepare` run when set (another input read after the
 * instrument, such as goals: it returns 0 or an exit code, having said
 * why), every response file read (accounts on standard error; a file
 * without rejected rows only when in->account_when_clean).  EXIT_FINE
 * with *inst and *resp made (the caller frees both), or an exit code
 * after saying why, with whatever was made freed.
 */
int cli_load_and_read(const cli_command *cmd, cli_input *in, char **files,
                      int n_files, const char *dir,
                      int (*prepare)(void *ctx), void *ctx,
                      assess_instrument **inst, assess_responses **resp);

/*
 * The files a command reads, which its outputs must not overwrite: files
 * [0, n_files), the instrument, the source map, `extra` when not NULL
 * and the list of --exclude-flagged.  Returns a malloc'd array of *n
 * paths (pointing into the arguments), or NULL after saying "out of
 * memory".
 */
char **cli_inputs(const char *cmd, const cli_input *in, char **files,
                  int n_files, const char *extra, int *n);

/*
 * The operands a reading command needs: response files, and -o DIR for
 * those that write into a directory (`needs_dir`).  EXIT_FINE, or
 * EXIT_USAGE after saying which is missing.
 */
int cli_need_operands(const char *cmd, int n_files, int needs_dir,
                      const char *dir);

/* "12 rows read: 10 used, 2 rejected (out_of_range 2)" */
void cli_print_account(FILE *out, const char *name, const assess_account *a);

/* The rows rejected for a problem: all but those left out as the export
 * or the source map asks (assess_reject_left_out()). */
uint64_t cli_problem_rows(const assess_account *a);

/* ---- The table commands: agree, reliability, change --------------------- */

/* The exit statuses of the commands that read responses and write a
 * result (score and the table commands). */
#define CLI_RESULT_EXIT_HELP                                                 \
    "exit status: 0 fine (rejected rows are reported and left out), 1\n"    \
    "problems in the data (with --strict, any rejected row), 2 bad usage or\n" \
    "an unreadable file.  Nothing is written unless the run succeeds.\n"

/*
 * One run of a table command, once its options are parsed: load the
 * instrument, `prepare` (when set; it returns 0 or an exit code, having
 * said why), read the response files, `compute` the table and write it to
 * `output` as CSV or JSON.  `output` must not be a response file, the
 * instrument or `extra_input` (another file the command reads).
 */
/* --format of the table commands and run: csv, json, sqlite. */
enum { CLI_FORMAT_CSV = 0, CLI_FORMAT_JSON, CLI_FORMAT_SQLITE };

typedef struct cli_table_run {
    const char *cmd;
    const cli_command *self;
    cli_input *in;
    char **files;
    int n_files;
    const char *output;
    int format;                 /* CLI_FORMAT_... */
    const char *extra_input;
    int (*prepare)(void *ctx);
    /* `threads`: cli_threads(), for the analysis to compute on */
    assess_table *(*compute)(const assess_responses *resp, void *ctx,
                             const assess_table_stream *stream,
                             unsigned threads, assess_error *err);
    void *ctx;
} cli_table_run;

/* The output options of the table commands, for `run`, a cli_table_run. */
extern const char *const cli_table_formats[];
#define CLI_TABLE_TITLE                                                     \
    "output (columns subject_id,wave,scale,item,group,statistic,value,\n"    \
    "ci_low,ci_high,n,note):"
#define CLI_TABLE_OPTIONS(run) CLI_TABLE_OPTIONS_UNDER(run, CLI_TABLE_TITLE)
/* The same under another heading. */
#define CLI_TABLE_OPTIONS_UNDER(run, title)                                 \
    CLI_SECTION(title, 19),                                                 \
    CLI_STRING('o', "output", "FILE", &(run)->output,                       \
               "write to FILE (default: standard output, where\n"           \
               "rows go as they are computed), replaced only\n"            \
               "when the run succeeds"),                                   \
    CLI_CHOICE(0, "format", "F", &(run)->format, cli_table_formats, NULL,   \
               "csv (default), json, or sqlite: rows added to\n"          \
               "the database -o FILE (see 'man assess')")

/* Returns the exit code. */
int cli_run_table(const cli_table_run *run);

/* --digits N: how many significant digits numbers are written with. */
#define CLI_DIGITS_OPTION(dest)                                             \
    CLI_UINT(0, "digits", "N", (dest), 1, 17,                               \
             "numbers to N significant digits (default: as\n"              \
             "many as read back the same, up to 17); whole\n"             \
             "parts and counts keep every digit")

/* ---- Results in SQLite (--format sqlite) -------------------------------- */

/* The command line, for the record a results database keeps: main()
 * gives it before dispatching. */
void cli_set_command_line(int argc, char **argv);

/*
 * Opens the database -o names (`path`) for a run of `cmd`, recording the
 * instrument, the response files and `goals` (NULL: none).  `path` must be
 * a file, and none of the inputs.  NULL after saying why, with the exit
 * code in *exit_code.
 */
assess_db *cli_db_open(const char *cmd, const char *path, const cli_input *in,
                       const assess_instrument *inst, char **files,
                       int n_files, const char *goals, int *exit_code);

/*
 * assess_table_stream's `rows` for a database: each batch written with
 * assess_db_write_table(); the first failure kept in `err`.
 */
typedef struct cli_db_stream {
    assess_db *db;
    assess_error err;
    int failed;
} cli_db_stream;

int cli_db_rows(void *userdata, const assess_table *batch);

#endif
