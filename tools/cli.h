/*
 * cli.h - what the assess subcommands share: reading the instrument and the
 * response files named on the command line, printing diagnostics, and
 * turning a status into an exit code.
 */
#ifndef ASSESS_CLI_H
#define ASSESS_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "assess.h"

/* Exit codes, documented in README.md and `assess --help`. */
enum {
    EXIT_FINE = 0,
    EXIT_DATA = 1,  /* problems in the instrument or the responses */
    EXIT_USAGE = 2  /* bad usage, unreadable file, system failure */
};

/* Options every command that reads responses takes. */
enum {
    OPT_LAYOUT = 1000,
    OPT_MAP,
    OPT_SKIP_ROWS,
    OPT_STRICT,
    OPT_QUIET,
    OPT_THREADS,
    OPT_HELP,
    OPT_TABLE_FORMAT,
    OPT_RESEARCH
};

/* --research, for the commands whose output it turns from protected into
 * research output (README, "Confidentiality"). */
#define CLI_RESEARCH_LONG_OPTION \
    { "research", no_argument, NULL, OPT_RESEARCH }

#define CLI_INPUT_LONG_OPTIONS                                   \
    { "instrument", required_argument, NULL, 'i' },              \
    { "layout", required_argument, NULL, OPT_LAYOUT },           \
    { "map", required_argument, NULL, OPT_MAP },                 \
    { "skip-rows", required_argument, NULL, OPT_SKIP_ROWS },     \
    { "strict", no_argument, NULL, OPT_STRICT },                 \
    { "quiet", no_argument, NULL, OPT_QUIET },                   \
    { "threads", required_argument, NULL, OPT_THREADS },         \
    { "help", no_argument, NULL, OPT_HELP }

#define CLI_INPUT_HELP                                                       \
    "  -i, --instrument FILE  the instrument definition (XML)\n"             \
    "      --layout L         long, wide or auto (default: from the header)\n" \
    "      --map NAME=COL,... read column COL as NAME (a standard column\n"  \
    "                         such as subject_id, or an item id)\n"          \
    "      --skip-rows N      skip N rows after the header (Qualtrics: 2)\n" \
    "      --strict           fail when any row is rejected\n"               \
    "      --quiet            print errors only: no warnings, accounts or\n" \
    "                         progress\n"                                    \
    "      --threads N        use N threads (default: every core); the\n"   \
    "                         output is the same whatever N\n"               \
    "      --help             this help\n"

typedef struct cli_input {
    const char *instrument;
    assess_read_options read;
    int quiet;
    unsigned long threads; /* --threads; 0: every core */
    int account_when_clean; /* print the account of a file without
                               rejected rows too (default 1) */
    /* progress on a terminal: when reading began, when last shown */
    double progress_start, progress_shown;
    int progress_on_screen;
} cli_input;

void cli_input_init(cli_input *in);

/*
 * Handles an option of CLI_INPUT_LONG_OPTIONS: returns 1 when handled, 0
 * when the option is not one of them, -1 (after a message) when its
 * argument is bad.
 */
int cli_input_option(cli_input *in, int opt, const char *arg);

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
 * The files a command reads, which its outputs must not overwrite: files
 * [0, n_files), the instrument and `extra` when not NULL.  Returns a
 * malloc'd array of *n paths (pointing into the arguments), or NULL after
 * saying "out of memory".
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

/* ---- The table commands: agree, reliability, change --------------------- */

/* Their output options, beside CLI_INPUT_LONG_OPTIONS. */
#define CLI_TABLE_LONG_OPTIONS                                   \
    { "output", required_argument, NULL, 'o' },                  \
    { "format", required_argument, NULL, OPT_TABLE_FORMAT }

#define CLI_TABLE_OUTPUT_HELP                                                \
    "  -o, --output FILE   write to FILE (default: standard output, where\n" \
    "                      rows go as they are computed), replaced only\n"  \
    "                      when the run succeeds\n"                         \
    "      --format F      csv (default) or json\n"

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
typedef struct cli_table_run {
    const char *cmd;
    cli_input *in;
    char **files;
    int n_files;
    const char *output;
    int json;
    const char *extra_input;
    int (*prepare)(void *ctx);
    /* `threads`: cli_threads(), for the analysis to compute on */
    assess_table *(*compute)(const assess_responses *resp, void *ctx,
                             const assess_table_stream *stream,
                             unsigned threads, assess_error *err);
    void *ctx;
} cli_table_run;

/*
 * Handles an option of CLI_INPUT_LONG_OPTIONS (for run->in) or
 * CLI_TABLE_LONG_OPTIONS: returns 1 when handled, 0 when the option is
 * not one of them, -1 (after a message) when its argument is bad.
 */
int cli_table_option(cli_table_run *run, int opt, const char *arg);

/* Returns the exit code. */
int cli_run_table(const cli_table_run *run);

#endif
