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
} cli_output;

/*
 * Opens `path` ("-" or NULL: standard output).  `inputs` are the files the
 * command reads, which the output must not be.  Returns 0, or -1 after
 * printing why.
 */
int cli_output_open(cli_output *o, const char *path, char *const *inputs,
                    int n_inputs);

/*
 * Finishes the output: when `ok`, flushes and puts it in place (returns -1
 * after printing why if that fails); otherwise removes the temporary file
 * and leaves the target as it was.
 */
int cli_output_close(cli_output *o, int ok);

/* Makes directory `dir` unless it exists; returns 0, or -1 after printing
 * why ("assess CMD: DIR: ..."). */
int cli_make_dir(const char *cmd, const char *dir);

#endif
