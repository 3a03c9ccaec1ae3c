/*
 * format.h - the small pieces every writer needs: numbers that read back
 * to the same double, CSV fields and JSON strings.
 */
#ifndef ASSESS_FORMAT_H
#define ASSESS_FORMAT_H

#include <stddef.h>
#include <stdio.h>

#include "assess.h"

#define NUMBER_SIZE 32

/*
 * The shortest decimal that reads back to x (at most 17 significant
 * digits), "-0" as "0".  x must be finite: writers print nothing for
 * absent values.
 */
char *format_number(char buf[NUMBER_SIZE], double x);

/* Writes s as one CSV field, quoted when it holds a comma, a quote or a
 * line end (RFC 4180). */
void write_csv_field(FILE *out, const char *s);

/* Writes s as a JSON string, quotes included. */
void write_json_string(FILE *out, const char *s);

/*
 * A writer takes its stream's lock once, before it writes: once a program
 * has started a thread (a read with --threads does), every fputc takes
 * the lock again otherwise, and that made writing a fifth slower.
 */
void write_begin(FILE *out);

/* Gives the lock back: ASSESS_OK, or "write error" when out has one. */
assess_status write_end(FILE *out, assess_error *err);

#endif
