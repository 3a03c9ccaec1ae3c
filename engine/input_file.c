/*
 * input_file.c - how a response file is read: in parts on several threads
 * (input_split.c), parsed on a second thread while this one stores the rows
 * (input_csv_pipe.c), or here in chunks; the result is the same whichever.
 * Above the reader and the table, calling down to both.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "input_csv_pipe.h"
#include "input_decode.h"
#include "input_reader.h"
#include "input_split.h"

/* A file read on this thread, fed in chunks, after the `len` bytes of
 * `prefix` read from it already. */
static assess_status read_here(assess_responses *r, FILE *f, const char *path,
                               const void *prefix, size_t len,
                               assess_error *err)
{
    const size_t size = CSV_READ_SIZE;
    char *buf = malloc(size);
    uint64_t bytes = len;
    assess_status st = ASSESS_OK;

    if (!buf)
        return responses_end_file(r, error_set(err, ASSESS_ENOMEM, path, 0,
                                               "out of memory"), err);
    if (len)
        st = assess_responses_feed(r, prefix, len, err);
    if (len && len < FORMAT_SNIFF_MAX)
        goto end; /* the prefix was all of the file */
    while (st == ASSESS_OK) {
        size_t got = fread(buf, 1, size, f);
        if (got > 0) {
            st = assess_responses_feed(r, buf, got, err);
            if (st != ASSESS_OK)
                break;
            bytes += got;
            if (r->opts.progress)
                r->opts.progress(r->opts.userdata, reader_name(r->reader),
                                 bytes, reader_rows(r->reader));
        }
        if (got < size) {
            if (ferror(f))
                st = error_set(err, ASSESS_EIO, path, 0, "cannot read: %s",
                               strerror(errno));
            break;
        }
    }
end:
    free(buf);
    /* Stopped or not, the account keeps what was read up to the end, as
     * it does when a caller ends a file whose feed failed. */
    return responses_end_file(r, st, err);
}

static void piped_progress(void *userdata, uint64_t bytes)
{
    const struct reader *rd = userdata;
    const assess_responses *r = reader_table(rd);
    r->opts.progress(r->opts.userdata, reader_name(rd), bytes,
                     reader_rows(rd));
}

/*
 * A file parsed on a second thread while this one stores the rows; the
 * same records in the same order, so the same result and the same
 * errors.  Its first bytes, `prefix`, tell its format here first.
 * Returns -1 without reading on when the thread cannot be had.
 */
static int read_piped(assess_responses *r, FILE *f, const unsigned char *prefix,
                      size_t len, assess_status *st, assess_error *err)
{
    csv_format fmt;
    csv_pipe *pipe;

    reader_sniff(r->reader, prefix, len, len < FORMAT_SNIFF_MAX, &fmt);
    pipe = csv_pipe_start(f, reader_name(r->reader), &fmt, prefix, len);
    if (!pipe)
        return -1;
    if ((*st = reader_set_format(r->reader, &fmt, err)) != ASSESS_OK) {
        csv_pipe_free(pipe);
        *st = responses_end_records(r, *st, 0, 1, err);
        return 0;
    }
    *st = csv_pipe_run(pipe, reader_record,
                       r->opts.progress ? piped_progress : NULL, r->reader,
                       err);
    *st = responses_end_records(r, *st, csv_pipe_blank_lines(pipe),
                                csv_pipe_line(pipe), err);
    csv_pipe_free(pipe);
    return 0;
}

assess_status assess_responses_read_file(assess_responses *r,
                                         const char *path, assess_error *err)
{
    FILE *f = NULL;
    int is_stdin = strcmp(path, "-") == 0;
    assess_status st;

    f = is_stdin ? stdin : fopen(path, "rb");
    if (!f)
        return error_set(err, ASSESS_EIO, path, 0, "cannot open: %s",
                         strerror(errno));
    st = assess_responses_begin(r, is_stdin ? "<stdin>" : path, err);
    if (st == ASSESS_OK && r->opts.threads >= 2 &&
        responses_read_split(r, f, SPLIT_PART_MIN, &st, err) >= 0)
        goto out;
    if (st == ASSESS_OK && r->opts.threads < 2) {
        st = read_here(r, f, path, NULL, 0, err);
    } else if (st == ASSESS_OK) {
        /* The first bytes tell the format, for the thread that parses. */
        unsigned char *prefix = malloc(FORMAT_SNIFF_MAX);
        size_t len;
        if (!prefix) {
            st = responses_end_file(r, error_set(err, ASSESS_ENOMEM, path, 0,
                                                 "out of memory"), err);
            goto out;
        }
        len = fread(prefix, 1, FORMAT_SNIFF_MAX, f);
        if (ferror(f))
            st = responses_end_file(r, error_set(err, ASSESS_EIO, path, 0,
                                                 "cannot read: %s",
                                                 strerror(errno)), err);
        else if (read_piped(r, f, prefix, len, &st, err) != 0)
            st = read_here(r, f, path, prefix, len, err);
        free(prefix);
    }
out:
    if (!is_stdin)
        fclose(f);
    return st;
}
