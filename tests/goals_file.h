/*
 * goals_file.h - what the tests of change and of reports write and read:
 * text put in a temporary file, and goals read from one, both kept until
 * goals_files_free() (a suite's teardown) removes and frees them.  Include
 * after loaded.h, which defines KEEP.
 */
#ifndef ASSESS_TESTS_GOALS_FILE_H
#define ASSESS_TESTS_GOALS_FILE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "assess.h"

static assess_goals *goalss[KEEP];
static size_t n_goalss;
static char paths[KEEP][64];
static size_t n_paths;

/* Forgets what the last test kept (a suite's setup). */
static inline void goals_files_reset(void)
{
    n_goalss = n_paths = 0;
}

/* Frees the goals and removes the files (a suite's teardown). */
static inline void goals_files_free(void)
{
    for (size_t i = 0; i < n_goalss; i++)
        assess_goals_free(goalss[i]);
    for (size_t i = 0; i < n_paths; i++)
        unlink(paths[i]);
    n_goalss = n_paths = 0;
}

/* A temporary file holding `text`, removed after the test. */
static inline const char *temp_file(const char *text)
{
    cr_assert_lt(n_paths, KEEP);
    char *path = paths[n_paths];
    snprintf(path, sizeof paths[0], "/tmp/assess_test_XXXXXX");
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    n_paths++;
    size_t len = strlen(text);
    cr_assert_eq(write(fd, text, len), (ssize_t)len);
    close(fd);
    return path;
}

/* The goals in `text`, which must read without an error. */
static inline assess_goals *goals_of(const char *text)
{
    assess_error err;
    assess_error_init(&err);
    assess_goals *g = assess_goals_read_file(temp_file(text), &err);
    cr_assert_not_null(g, "goals: %s", err.message);
    cr_assert_lt(n_goalss, KEEP);
    goalss[n_goalss++] = g;
    return g;
}

#endif
