/*
 * input_decode.h - a response file's bytes as CSV records (input_decode.c):
 * the encoding and the delimiter told from the file's first bytes, or
 * given, and text that is not UTF-8 converted to UTF-8 on its way to the
 * tokenizer (iconv).
 *
 * Telling the format reads at most FORMAT_SNIFF_MAX bytes and depends on
 * nothing after the first line: a file fed in any chunks, read whole or
 * piped, gets the same format.
 */
#ifndef ASSESS_INPUT_DECODE_H
#define ASSESS_INPUT_DECODE_H

#include <stddef.h>

#include "assess.h"
#include "input_csv_stream.h"

#define FORMAT_SNIFF_MAX CSV_READ_SIZE
#define FORMAT_ENCODING_MAX 64

typedef struct csv_format {
    char delimiter;                     /* ',' ';' '\t' or '|' */
    int delimiter_told;                 /* told from the first line, not
                                           given */
    char encoding[FORMAT_ENCODING_MAX]; /* iconv's name of the file's
                                           encoding; "" for UTF-8, which is
                                           not converted */
    int encoding_told;                  /* told from a byte order mark */
    size_t skip;                        /* bytes of a byte order mark that
                                           iconv is not to see */
} csv_format;

/* Whether an encoding name is UTF-8's: the text is then not converted. */
int format_is_utf8(const char *encoding);

/*
 * Checks that iconv can convert from `encoding` (not UTF-8's) to UTF-8:
 * ASSESS_OK, or ASSESS_EUSAGE with err saying so.
 */
assess_status format_check_encoding(const char *encoding, assess_error *err);

/*
 * The format of a file whose first `len` bytes are `p` (`at_end`: all of
 * it).  `delimiter` (0: tell it) and `encoding` (NULL: UTF-8, or UTF-16
 * by its byte order mark) are what was given.  Returns 1 with *fmt set
 * when the bytes decide it: the first line is there, or FORMAT_SNIFF_MAX
 * bytes are, or all of the file; 0 when more bytes are needed.  The
 * delimiter told is the one of ',' ';' and tab the first line holds most
 * of outside quotes (a comma when none, or on a tie).
 */
int format_sniff(const unsigned char *p, size_t len, int at_end,
                 char delimiter, const char *encoding, csv_format *fmt);

typedef struct decoder decoder;

/*
 * The records of a file of format `fmt`, each passed to `fn` as
 * csv_stream does.  NULL when out of memory or when iconv cannot
 * convert the encoding (format_check_encoding() says why beforehand).
 * `name` is kept, not copied.
 */
decoder *decoder_new(const csv_format *fmt, const char *name, csv_record_fn fn,
                     void *userdata);
void decoder_free(decoder *d);

/* As csv_stream_feed() and csv_stream_finish(); bytes that are not text
 * of the encoding are an error with the line they are on. */
assess_status decoder_feed(decoder *d, const void *data, size_t len,
                           assess_error *err);
assess_status decoder_finish(decoder *d, assess_error *err);

/* The tokenizer the text goes to. */
csv_stream *decoder_stream(const decoder *d);

/* Whether the text is converted: then its bytes are not the file's. */
int decoder_converts(const decoder *d);

#endif
