/*
 * input_split.h - one response file read in parts, on several threads
 * (input_split.c), for input_file.c.
 */
#ifndef ASSESS_RESPONSE_SPLIT_H
#define ASSESS_RESPONSE_SPLIT_H

#include <stdio.h>

#include "input_responses.h"

/*
 * Reads the rest of the file r has begun, f, in parts on r's threads when
 * it is a regular file of at least two parts of part_min bytes: *st is
 * then the status of the whole read, ended as assess_responses_end()
 * ends it, and the number of parts read on other threads and merged is
 * returned (0 when the file was read on this thread after all).  -1,
 * with nothing read, when it is not such a file.
 */
#define SPLIT_PART_MIN (4u * 1024 * 1024)
int responses_read_split(assess_responses *r, FILE *f, size_t part_min,
                         assess_status *st, assess_error *err);

#endif
