/*
 * input_tool.h - what each survey tool's exports look like (input_tool.c):
 * how the tool is told from a header, its header rows, its metadata
 * columns, its response id and its marks of responses not to use.  The
 * reader (input_reader.c) asks; the tools know nothing of the reader.
 */
#ifndef ASSESS_INPUT_TOOL_H
#define ASSESS_INPUT_TOOL_H

#include <stddef.h>

#include "assess.h"

/* The tool whose header row 1 this is (the fields' texts, UTF-8):
 * ASSESS_TOOL_CSV when none is recognised. */
assess_tool tool_detect(char *const *names, const size_t *lens, size_t n);

/* The tool's name as people write it: "Qualtrics", "a CSV file"... */
const char *tool_title(assess_tool tool);

/* Header rows after the first that hold question text: Qualtrics' and
 * SurveyMonkey's second row. */
unsigned tool_text_rows(assess_tool tool);
/* SurveyMonkey: the second row names a column together with the first
 * (a matrix question's text spans its statements' columns). */
int tool_merges_rows(assess_tool tool);
/* Qualtrics: whether a row is the ImportId row that may follow the
 * question text (its fields are {"ImportId":...}). */
int tool_import_id_row(assess_tool tool, char *const *fields,
                       const size_t *lens, size_t n);

/* Whether a column of that name is the tool's own, read silently. */
int tool_metadata(assess_tool tool, const char *name);
/* Whether a column of that name is the tool's response id. */
int tool_response_id(assess_tool tool, const char *name);
/* Whether the tool's rows have no response id: they are named by file
 * and line (Google Forms). */
int tool_names_rows(assess_tool tool);

/* The tool's marks of a response, by column. */
typedef enum tool_mark {
    MARK_NONE = 0,
    MARK_FINISHED, /* Qualtrics' Finished: 1/True or 0/False */
    MARK_STATUS,   /* Qualtrics' Status: normal, or preview, test, spam */
    MARK_SUBMITTED /* LimeSurvey's submitdate: empty when not submitted */
} tool_mark;

/* The mark a column of that name holds, or MARK_NONE. */
tool_mark tool_mark_of(assess_tool tool, const char *name);
/* The marks the tool's exports have, for the warning when a header has
 * none of them ("'Finished' and 'Status'"); NULL for a tool without. */
const char *tool_marks_wanted(assess_tool tool);

/*
 * Whether a row marked `text` in a column of mark `mark` is to be used:
 * ASSESS_REJECT_NONE, or the reason it is left out (unfinished, preview)
 * with *why a phrase for the note ("a survey preview").
 */
assess_reject tool_mark_check(tool_mark mark, const char *text, size_t len,
                              const char **why);

#endif
