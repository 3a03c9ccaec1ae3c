/*
 * output.h - where a command writes its result.  A regular file is written
 * to a temporary file beside it and renamed over it only when the command
 * succeeds, so a failed or interrupted run never leaves a partial file
 * where a good one was.  Standard output, a device, a pipe or any other
 * special file is written directly and never replaced, and so is anything
 * reached through a link under /dev or /proc (/dev/stdout is a link to
 * whatever standard output is, a regular file too).  A symbolic link to a
 * regular file elsewhere stays a link: the file it leads to is replaced.  An output that is
 * one of the command's input files is refused.
 *
 * A file of a directory the command fills (cli_output_open_entry(), the
 * reports of `assess report`) is different: it belongs to the directory,
 * so whatever is at its name there, a symbolic link included, is replaced
 * by the new regular file, and nothing outside the directory is written.
 *
 * Temporary files are removed when the command is killed by SIGHUP,
 * SIGINT, SIGQUIT, SIGTERM or SIGPIPE (a signal the command was started
 * with ignored stays ignored); the command still dies of the signal.
 */
#ifndef ASSESS_OUTPUT_H
#define ASSESS_OUTPUT_H

#include <stdio.h>

typedef struct cli_output {
    FILE *f;
    const char *path; /* NULL: standard output */
    char *tmp;        /* the temporary file, when renaming */
    char *target;     /* what is renamed over: path, or where the symbolic
                         link `path` leads (the link itself is kept) */
    int synced;       /* cli_output_sync() succeeded */
    int failed;       /* cli_output_sync() failed: OUTPUT_WRITE or _SYNC */
    int failed_errno;
    int finished;     /* cli_output_finish() was called: f is closed */
} cli_output;

enum { OUTPUT_WRITE = 1, OUTPUT_SYNC };

/*
 * Opens `path` ("-" or NULL: standard output).  `inputs` are the files the
 * command reads, which the output must not be.  Returns 0, or -1 after
 * printing why.
 */
int cli_output_open(cli_output *o, const char *path, char *const *inputs,
                    int n_inputs);

/*
 * Opens the file `name` of directory `dir` (which must exist), always
 * through a temporary file in `dir`: what is at `dir/name` now is never
 * written or followed, only replaced when the output is put in place.  A
 * directory there is refused, and so is one of `inputs`.  o->path is
 * "dir/name", owned by `o`.  Returns 0, or -1 after printing why.
 */
int cli_output_open_entry(cli_output *o, const char *dir, const char *name,
                          char *const *inputs, int n_inputs);

/*
 * Flushes the output and, when it is to replace a file, makes it durable,
 * so that cli_output_close() has only to put it in place: for a thread to
 * call on the output it has written, while other threads work on.
 * Returns 0, or -1 (printing nothing: cli_output_close() says why).
 */
int cli_output_sync(cli_output *o);

/*
 * Syncs and closes the output's file but leaves a temporary file where it
 * is: for a command that writes several files and puts them in place
 * only when every one is written.  cli_output_close() then puts it in
 * place or removes it.  Returns 0, or -1 after printing why.
 */
int cli_output_finish(cli_output *o);

/*
 * Finishes the output: when `ok`, syncs it unless done and puts it in
 * place (returns -1 after printing why if that fails); otherwise removes
 * the temporary file and leaves the target as it was.  Does nothing on an
 * output never opened (or already closed) but returns -1 if `ok`.
 */
int cli_output_close(cli_output *o, int ok);

/*
 * Checks that everything the command printed on standard output got
 * there, and closes it: call it last, nothing may print there after.
 * Returns 0, or -1 after saying "assess CMD: standard output: write
 * error..." (the command should then exit 2).
 */
int cli_stdout_close(const char *cmd);

/* The same without closing it: for output other commands may follow
 * (help, and each command's part of `assess --man`). */
int cli_stdout_check(const char *cmd);

/* Makes directory `dir` unless it exists; returns 0, or -1 after printing
 * why ("assess CMD: DIR: ..."). */
int cli_make_dir(const char *cmd, const char *dir);

/*
 * Whether `path` may be the SQLite database of --format sqlite (-o FILE):
 * a file, new or a database; not standard output, a special file, a
 * directory, nor one of `inputs`.  0, or -1 after saying why.
 */
int cli_db_path_check(const char *cmd, const char *path, char *const *inputs,
                      int n_inputs);

#endif
