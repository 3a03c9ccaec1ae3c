/*
 * input_csv_pipe.h - CSV records parsed on a second thread and handed to the
 * caller's thread in order.
 *
 * A thread reads the file and parses it (input_decode.c), packing the
 * records into batches; the caller's thread takes the batches in the order
 * they were made and calls its record function on each record, exactly as
 * csv_stream would have.  So the records, their lines, the first error
 * and where it comes are the same as a single-threaded read: only the
 * parsing and the work on the records overlap.  At most PIPE_BATCHES
 * batches are in flight, so memory stays bounded whatever the file.
 */
#ifndef ASSESS_CSV_PIPE_H
#define ASSESS_CSV_PIPE_H

#include <stdint.h>
#include <stdio.h>

#include "input_csv_stream.h"

typedef struct csv_pipe csv_pipe;

/*
 * Starts reading `f` (named `name` in errors; both kept, not copied), a
 * file of format `fmt` (input_decode.h) whose first `len` bytes, `prefix`,
 * were read from it already (copied), on a new thread.  NULL when the
 * thread or memory cannot be had: the caller then reads on its own
 * thread, from the prefix on.
 */
struct csv_format;
csv_pipe *csv_pipe_start(FILE *f, const char *name,
                         const struct csv_format *fmt, const void *prefix,
                         size_t len);

/* Told, on the calling thread, the bytes read so far. */
typedef void (*csv_progress_fn)(void *userdata, uint64_t bytes);

/*
 * Calls `fn` on every record of the file, in order, on the calling thread,
 * and `progress` (when not NULL; same userdata) after each batch.  Returns
 * the first failure: `fn`'s, a reading error or the stream's (the same the
 * stream would report), with `err` filled in.
 */
assess_status csv_pipe_run(csv_pipe *p, csv_record_fn fn,
                           csv_progress_fn progress, void *userdata,
                           assess_error *err);

/* After csv_pipe_run: as csv_stream_blank_lines() and csv_stream_line(). */
unsigned long csv_pipe_blank_lines(const csv_pipe *p);
unsigned long csv_pipe_line(const csv_pipe *p);

/* Stops the thread if it still runs, and frees everything. */
void csv_pipe_free(csv_pipe *p);

#endif
