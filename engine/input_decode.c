/*
 * input_decode.c - a response file's bytes as CSV records: its format told
 * from its first bytes, its text converted to UTF-8 when it is not.
 *
 * Exports come as the tools and spreadsheets write them: UTF-8 with commas
 * (most), semicolons and windows-1252 from Excel in a European locale,
 * UTF-16 with tabs from Excel's "Unicode text".  The conversion is glibc's
 * iconv; UTF-8 text goes to the tokenizer as it is, without a copy.
 */
#include "input_decode.h"

#include <assert.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base_error.h"

/* Converted text handed to the tokenizer at a time. */
#define DECODE_OUT (64u * 1024)
/* The longest sequence iconv may leave unconverted at a chunk's end. */
#define DECODE_PENDING_MAX 16

int format_is_utf8(const char *encoding)
{
    return encoding && (strcasecmp(encoding, "UTF-8") == 0 ||
                        strcasecmp(encoding, "UTF8") == 0);
}

assess_status format_check_encoding(const char *encoding, assess_error *err)
{
    iconv_t cd;

    if (!encoding || format_is_utf8(encoding))
        return ASSESS_OK;
    if (strlen(encoding) >= FORMAT_ENCODING_MAX)
        return error_set(err, ASSESS_EUSAGE, NULL, 0,
                         "encoding '%.64s...' is longer than any iconv knows",
                         encoding);
    cd = iconv_open("UTF-8", encoding);
    if (cd == (iconv_t)-1)
        return error_set(err, ASSESS_EUSAGE, NULL, 0,
                         "encoding '%s' is not one iconv knows ('iconv -l' "
                         "lists them; windows-1252, latin1, UTF-16 are common)",
                         encoding);
    iconv_close(cd);
    return ASSESS_OK;
}

/*
 * The delimiter of a first line of UTF-8 text: the one of ',' ';' and tab
 * it holds most of outside quotes.  *ended tells whether the line ended
 * within the text.
 */
static char first_line_delimiter(const unsigned char *p, size_t len,
                                 int *ended)
{
    size_t comma = 0, semicolon = 0, tab = 0;
    int quoted = 0;

    *ended = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = p[i];
        if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && (c == '\r' || c == '\n')) {
            *ended = 1;
            break;
        } else if (!quoted) {
            comma += c == ',';
            semicolon += c == ';';
            tab += c == '\t';
        }
    }
    if (semicolon > comma && semicolon >= tab)
        return ';';
    if (tab > comma && tab > semicolon)
        return '\t';
    return ',';
}

/* Converts what iconv can of p[0..len) to UTF-8 in a new buffer; *out_len
 * its length.  NULL when out of memory or when it cannot convert. */
static unsigned char *convert_prefix(const char *encoding,
                                     const unsigned char *p, size_t len,
                                     size_t *out_len)
{
    iconv_t cd = iconv_open("UTF-8", encoding);
    size_t cap = len * 4 + 4, left = cap;
    unsigned char *out;
    char *in = (char *)p, *o;
    size_t in_left = len;

    *out_len = 0;
    if (cd == (iconv_t)-1)
        return NULL;
    out = malloc(cap);
    if (!out) {
        iconv_close(cd);
        return NULL;
    }
    o = (char *)out;
    /* Stops at what it cannot convert: the line is looked for before. */
    (void)iconv(cd, &in, &in_left, &o, &left);
    iconv_close(cd);
    *out_len = cap - left;
    return out;
}

int format_sniff(const unsigned char *p, size_t len, int at_end,
                 char delimiter, const char *encoding, csv_format *fmt)
{
    const unsigned char *text;
    unsigned char *converted = NULL;
    size_t n;
    int ended;

    memset(fmt, 0, sizeof *fmt);
    if (!p) {
        p = (const unsigned char *)"";
        len = 0;
    }
    if (len >= FORMAT_SNIFF_MAX) {
        len = FORMAT_SNIFF_MAX;
        at_end = 1;
    }
    if (encoding && !format_is_utf8(encoding)) {
        snprintf(fmt->encoding, sizeof fmt->encoding, "%s", encoding);
    } else if (!encoding) {
        if (len < 2 && !at_end)
            return 0;
        if (len >= 2 && ((p[0] == 0xff && p[1] == 0xfe) ||
                         (p[0] == 0xfe && p[1] == 0xff))) {
            snprintf(fmt->encoding, sizeof fmt->encoding, "%s",
                     p[0] == 0xff ? "UTF-16LE" : "UTF-16BE");
            fmt->encoding_told = 1;
            fmt->skip = 2;
        }
    }
    if (delimiter) {
        fmt->delimiter = delimiter;
        return 1;
    }
    text = p + fmt->skip;
    n = len - fmt->skip;
    if (fmt->encoding[0]) {
        converted = convert_prefix(fmt->encoding, text, n, &n);
        text = converted;
    }
    fmt->delimiter = text ? first_line_delimiter(text, n, &ended) : ',';
    fmt->delimiter_told = 1;
    free(converted);
    return text && !ended && !at_end ? 0 : 1;
}

struct decoder {
    const char *name;
    csv_stream *stream;
    int converts;
    iconv_t cd;
    char encoding[FORMAT_ENCODING_MAX];
    size_t skip_left; /* of the byte order mark */
    char pending[DECODE_PENDING_MAX];
    size_t n_pending; /* the start of a sequence the last chunk cut */
    char *out;
    char *joined;     /* pending bytes and a chunk, when there are some */
    size_t joined_cap;
    assess_status status;
};

decoder *decoder_new(const csv_format *fmt, const char *name, csv_record_fn fn,
                     void *userdata)
{
    decoder *d = calloc(1, sizeof *d);

    if (!d)
        return NULL;
    d->name = name;
    d->cd = (iconv_t)-1;
    d->stream = csv_stream_new(name, fn, userdata);
    if (!d->stream)
        goto fail;
    csv_stream_set_delimiter(d->stream, fmt->delimiter ? fmt->delimiter : ',');
    if (fmt->encoding[0]) {
        d->converts = 1;
        snprintf(d->encoding, sizeof d->encoding, "%s", fmt->encoding);
        d->skip_left = fmt->skip;
        d->cd = iconv_open("UTF-8", fmt->encoding);
        d->out = malloc(DECODE_OUT);
        if (d->cd == (iconv_t)-1 || !d->out)
            goto fail;
    }
    return d;
fail:
    decoder_free(d);
    return NULL;
}

void decoder_free(decoder *d)
{
    if (!d)
        return;
    csv_stream_free(d->stream);
    if (d->cd != (iconv_t)-1)
        iconv_close(d->cd);
    free(d->out);
    free(d->joined);
    free(d);
}

csv_stream *decoder_stream(const decoder *d)
{
    return d->stream;
}

int decoder_converts(const decoder *d)
{
    return d->converts;
}

/* Converts in[0..len) and feeds the text to the stream; the start of a
 * sequence cut at the end is kept for the next chunk. */
static assess_status convert(decoder *d, char *in, size_t len,
                             assess_error *err)
{
    while (len) {
        char *o = d->out;
        size_t left = DECODE_OUT;
        size_t rc = iconv(d->cd, &in, &len, &o, &left);
        int e = errno;
        assess_status st;

        if (left < DECODE_OUT &&
            (st = csv_stream_feed(d->stream, d->out, DECODE_OUT - left,
                                  err)) != ASSESS_OK)
            return d->status = st;
        if (rc != (size_t)-1 || e == E2BIG)
            continue;
        if (e == EINVAL && len < DECODE_PENDING_MAX) {
            memcpy(d->pending, in, len);
            d->n_pending = len;
            return ASSESS_OK;
        }
        return d->status = error_set(
                   err, ASSESS_EFORMAT, d->name, csv_stream_line(d->stream),
                   "byte 0x%02x is not %s text: give the file's encoding "
                   "(--encoding NAME, or <format encoding=\"NAME\"/> in a "
                   "source map)",
                   (unsigned)(unsigned char)*in, d->encoding);
    }
    return ASSESS_OK;
}

assess_status decoder_feed(decoder *d, const void *data, size_t len,
                           assess_error *err)
{
    const char *p = data;

    if (d->status != ASSESS_OK)
        return d->status;
    if (!d->converts)
        return csv_stream_feed(d->stream, data, len, err);
    while (d->skip_left && len) {
        d->skip_left--;
        p++;
        len--;
    }
    if (!len)
        return ASSESS_OK;
    if (d->n_pending) {
        size_t n = d->n_pending + len;
        char *in;
        if (n > d->joined_cap) {
            char *j = realloc(d->joined, n);
            if (!j)
                return d->status = error_set(err, ASSESS_ENOMEM, d->name, 0,
                                             "out of memory");
            d->joined = j;
            d->joined_cap = n;
        }
        memcpy(d->joined, d->pending, d->n_pending);
        memcpy(d->joined + d->n_pending, p, len);
        d->n_pending = 0;
        in = d->joined;
        return convert(d, in, n, err);
    }
    return convert(d, (char *)p, len, err);
}

assess_status decoder_finish(decoder *d, assess_error *err)
{
    if (d->status != ASSESS_OK)
        return d->status;
    if (d->converts && d->n_pending)
        return d->status = error_set(
                   err, ASSESS_EFORMAT, d->name, csv_stream_line(d->stream),
                   "the file ends inside a character of %s text",
                   d->encoding);
    return csv_stream_finish(d->stream, err);
}
