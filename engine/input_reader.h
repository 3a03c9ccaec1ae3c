/*
 * input_reader.h - reading CSV into the response table, a record at a
 * time (input_reader.c): what the ways of reading a file
 * (input_file.c: whole, piped, in parts by input_split.c) build on.
 * The public begin / feed / end of assess.h are the reader's too.
 *
 * Layers, one way: input_file.c chooses how to read a file and calls
 * input_split.c and the reader; input_split.c calls the reader; the
 * reader fills the table (input_responses.c), which calls none of them.
 */
#ifndef ASSESS_RESPONSE_READER_H
#define ASSESS_RESPONSE_READER_H

#include <stdint.h>

#include "input_csv_stream.h"
#include "input_responses.h"

struct reader;
struct csv_format;

/*
 * The reader of `part`, a new table, that takes up the file `from` reads,
 * between two of its data rows, with the same columns; NULL when out of
 * memory (what was made is freed with `part`).  The file's name is kept
 * by from's table, which must outlive `part`.
 */
struct reader *reader_part(const struct reader *from, assess_responses *part);
/* The stream a reader parses its file with, once its format is known. */
csv_stream *reader_stream(const struct reader *rd);
/*
 * The format of the reader's file from its first bytes, with the
 * delimiter and encoding the options or the source map give: as
 * format_sniff() (input_decode.h).
 */
int reader_sniff(const struct reader *rd, const unsigned char *p, size_t len,
                 int at_end, struct csv_format *fmt);
/* Sets the format of a file whose bytes are parsed elsewhere (csv_pipe),
 * before its first record. */
assess_status reader_set_format(struct reader *rd, const struct csv_format *fmt,
                                assess_error *err);
/* Whether the rest of the file, past its header, may be read in parts:
 * not when its text is converted (its bytes are not its text's) or its
 * rows are named by their lines. */
int reader_splittable(const struct reader *rd);
/* Whether the reader is past the header and the rows it skips. */
int reader_in_data(const struct reader *rd);
/* Where the reader stores its sets, in the table's files[]. */
uint32_t reader_file(const struct reader *rd);
/* The file's name, as given to assess_responses_begin(). */
const char *reader_name(const struct reader *rd);
/* The table the reader fills. */
const assess_responses *reader_table(const struct reader *rd);
/* Data rows read from the file so far. */
uint64_t reader_rows(const struct reader *rd);

/* The record callback of the reader's stream (csv_record_fn), for a
 * stream parsed elsewhere (csv_pipe) with the reader as userdata. */
assess_status reader_record(void *userdata, csv_record *rec,
                            assess_error *err);

/* Ends the file being read into r after a failure st, or after its last
 * record when st is ASSESS_OK: what assess_responses_end() does once its
 * stream is finished. */
assess_status responses_end_file(assess_responses *r, assess_status st,
                                 assess_error *err);
/* The same for a file whose records came from elsewhere (csv_pipe): its
 * blank lines and last line as that stream counted them. */
assess_status responses_end_records(assess_responses *r, assess_status st,
                                    unsigned long blank,
                                    unsigned long last_line,
                                    assess_error *err);

#endif
