/*
 * input_screened.h - the raters a screen flagged (assess screen's output,
 * edited or not), read so that the response reader leaves them out
 * (assess_read_options.exclude_flagged, input_screened.c).
 *
 * The file is a CSV with the columns subject_id and rater_id, and
 * optionally wave and note.  With a note column, a row lists its rater
 * when its note begins with "flagged" (as assess screen writes it where
 * an index passes its cut-off); without one, every row does.  Without a
 * wave column a rater is listed in every wave.  Other columns are
 * ignored.
 */
#ifndef ASSESS_INPUT_SCREENED_H
#define ASSESS_INPUT_SCREENED_H

#include <stddef.h>

#include "assess.h"
#include "base_arena.h"
#include "base_strtab.h"

typedef struct screened {
    arena arena;
    strtab keys; /* subject, rater and wave (or none: every wave), each
                    ended by a NUL byte */
    size_t listed; /* rows that listed a rater */
} screened;

/*
 * Reads the list from `path`.  NULL after setting err: ASSESS_EIO when
 * the file cannot be read, ASSESS_EFORMAT (with the line) when it has no
 * subject_id or rater_id column or a listed row leaves one empty,
 * ASSESS_ENOMEM.
 */
screened *screened_read(const char *path, assess_error *err);
void screened_free(screened *s);

/* Whether the rater of a subject in a wave is listed (for that wave or
 * for every wave). */
int screened_has(const screened *s, const char *subject, size_t subject_len,
                 const char *rater, size_t rater_len, const char *wave,
                 size_t wave_len);

#endif
