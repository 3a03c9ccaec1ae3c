/*
 * input_csv_stream.h - CSV records from bytes fed in chunks of any size, each
 * with the physical line it starts on.
 *
 * RFC 4180 quoting (fields with delimiters, quotes and newlines) read as
 * libcsv reads it (input_csv_stream.c says how, tests/test_csv_stream.c checks
 * it against libcsv), LF, CRLF or CR line ends, a UTF-8 byte order mark at
 * the start dropped, blank lines counted and skipped.  Input is bounded: a field over CSV_FIELD_MAX bytes,
 * a record over CSV_FIELDS_MAX fields or CSV_RECORD_MAX bytes is an error
 * with its line, never an unbounded allocation.
 */
#ifndef ASSESS_CSV_STREAM_H
#define ASSESS_CSV_STREAM_H

#include <stddef.h>

#include "assess.h"

#define CSV_FIELD_MAX (1024u * 1024)
#define CSV_FIELDS_MAX 32768u
#define CSV_RECORD_MAX (16u * 1024 * 1024)

/* How much a reader asks of a file at a time: a buffer that stays in the
 * CPU's cache.  With 1 MiB, the kernel's copy into it was a fifth of the
 * time of a whole read. */
#define CSV_READ_SIZE (64u * 1024)

typedef struct csv_record {
    size_t n_fields;
    char **field;        /* NUL-terminated; may hold NUL bytes inside;
                            one after another in one buffer, each after
                            its predecessor's NUL */
    const size_t *len;   /* byte length of each field */
    unsigned long line;  /* physical line the record starts on (1-based) */
} csv_record;

/*
 * Called for every record.  Fields may be modified in place.  A return
 * other than ASSESS_OK stops the stream and is returned by the feed or
 * finish call that delivered the record, with `err` as the callback left it.
 */
typedef assess_status (*csv_record_fn)(void *userdata, csv_record *rec,
                                       assess_error *err);

typedef struct csv_stream csv_stream;

/* `name` (kept, not copied) names the input in errors.  Fields are
 * separated by commas until csv_stream_set_delimiter() says otherwise. */
csv_stream *csv_stream_new(const char *name, csv_record_fn fn, void *userdata);
void csv_stream_free(csv_stream *s);

/*
 * The byte between fields: ',', ';', '\t' or '|' (a tab delimiter is no
 * longer a blank), set before the first feed.  Never a quote, a blank, a
 * line end or NUL.
 */
void csv_stream_set_delimiter(csv_stream *s, char delim);

assess_status csv_stream_feed(csv_stream *s, const void *data, size_t len,
                              assess_error *err);
/* Ends the input: delivers a last record without a line end. */
assess_status csv_stream_finish(csv_stream *s, assess_error *err);

/*
 * A small file made by hand (goals, subjects, costs, a screen's list)
 * read whole through a stream of its own: every record to fn, the first
 * failure (fn's, the file's, the CSV's) returned.  `name` names the file
 * in errors and must live as long as the records are used.
 */
assess_status csv_read_file(const char *path, const char *name,
                            csv_record_fn fn, void *userdata,
                            assess_error *err);

/*
 * Reading a file in parts (input_split.c).  Whether the stream is
 * between two records, with nothing of the next one read and no failure:
 * where it stopped is where a part that began there took up the file.
 */
int csv_stream_between_records(const csv_stream *s);
/*
 * The input goes on, between records, at line `line` after `blank` blank
 * lines: the lines of a part read elsewhere are counted as read.  A stream
 * that begins in the middle of a file is told so before its first feed;
 * its first bytes are then never taken for a byte order mark.
 */
void csv_stream_take_up(csv_stream *s, unsigned long line,
                        unsigned long blank);

unsigned long csv_stream_blank_lines(const csv_stream *s);
/* Lines seen so far: the number of the line being read. */
unsigned long csv_stream_line(const csv_stream *s);

#endif
