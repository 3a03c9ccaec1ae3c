#include "csv_stream.h"

#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "error.h"

/* Feeds go to libcsv in slices of this size, so a field can outgrow the
 * limit by at most this much before the limit is noticed. */
#define SLICE 65536

struct csv_stream {
    struct csv_parser parser;
    const char *name;
    csv_record_fn fn;
    void *userdata;

    /* the record being assembled: fields packed in buf */
    char *buf;
    size_t buf_len, buf_cap;
    size_t *offset, *len;
    char **field;
    size_t n_fields, fields_cap;
    unsigned long record_line;

    unsigned long line;      /* current physical line */
    int after_cr;            /* the last line end was a CR */
    unsigned long blank;
    unsigned char bom[3];    /* a possible BOM not yet decided */
    size_t bom_len;
    int started;             /* past the BOM check */

    assess_status status;    /* first failure; later callbacks do nothing */
    assess_error *err;       /* where the failing callback writes */
};

csv_stream *csv_stream_new(const char *name, csv_record_fn fn, void *userdata)
{
    csv_stream *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    if (csv_init(&s->parser, CSV_STRICT_FINI | CSV_REPALL_NL |
                                 CSV_APPEND_NULL) != 0) {
        free(s);
        return NULL;
    }
    s->name = name;
    s->fn = fn;
    s->userdata = userdata;
    s->line = 1;
    return s;
}

void csv_stream_free(csv_stream *s)
{
    if (!s)
        return;
    csv_free(&s->parser);
    free(s->buf);
    free(s->offset);
    free(s->len);
    free(s->field);
    free(s);
}

static void fail(csv_stream *s, assess_status st, unsigned long line,
                 const char *message)
{
    if (s->status != ASSESS_OK)
        return;
    s->status = st;
    error_set(s->err, st, s->name, line, "%s", message);
}

static void on_field(void *data, size_t len, void *userdata)
{
    csv_stream *s = userdata;
    const char *p = data;

    if (s->status != ASSESS_OK)
        return;
    if (s->n_fields == 0)
        s->record_line = s->line;
    /* Line ends inside quoted fields still count as lines: LF, CRLF, CR. */
    for (size_t i = 0; i < len; i++)
        if (p[i] == '\r' || (p[i] == '\n' && (i == 0 || p[i - 1] != '\r')))
            s->line++;
    if (len > CSV_FIELD_MAX) {
        fail(s, ASSESS_ELIMIT, s->record_line,
             "a field is longer than 1 MiB (an unterminated quote?)");
        return;
    }
    if (s->n_fields == CSV_FIELDS_MAX) {
        fail(s, ASSESS_ELIMIT, s->record_line,
             "a row has more than 32768 fields");
        return;
    }
    if (s->buf_len + len + 1 > CSV_RECORD_MAX) {
        fail(s, ASSESS_ELIMIT, s->record_line,
             "a row is longer than 16 MiB");
        return;
    }
    if (s->n_fields == s->fields_cap) {
        size_t cap = s->fields_cap ? s->fields_cap * 2 : 64;
        size_t *off = realloc(s->offset, cap * sizeof *off);
        if (off)
            s->offset = off;
        size_t *lens = realloc(s->len, cap * sizeof *lens);
        if (lens)
            s->len = lens;
        char **fields = realloc(s->field, cap * sizeof *fields);
        if (fields)
            s->field = fields;
        if (!off || !lens || !fields) {
            fail(s, ASSESS_ENOMEM, s->record_line, "out of memory");
            return;
        }
        s->fields_cap = cap;
    }
    if (s->buf_len + len + 1 > s->buf_cap) {
        size_t cap = s->buf_cap ? s->buf_cap : 4096;
        char *buf;
        while (cap < s->buf_len + len + 1)
            cap *= 2;
        buf = realloc(s->buf, cap);
        if (!buf) {
            fail(s, ASSESS_ENOMEM, s->record_line, "out of memory");
            return;
        }
        s->buf = buf;
        s->buf_cap = cap;
    }
    if (len)
        memcpy(s->buf + s->buf_len, data, len);
    s->buf[s->buf_len + len] = '\0';
    s->offset[s->n_fields] = s->buf_len;
    s->len[s->n_fields] = len;
    s->n_fields++;
    s->buf_len += len + 1;
}

static void on_record(int c, void *userdata)
{
    csv_stream *s = userdata;
    /* Only an empty record can be the LF of a CRLF. */
    int crlf_tail = c == '\n' && s->after_cr && s->n_fields == 0;

    if (s->status != ASSESS_OK)
        return;
    if (s->n_fields == 0) {
        if (!crlf_tail && c != -1)
            s->blank++;
    } else {
        csv_record rec;
        assess_status st;
        for (size_t i = 0; i < s->n_fields; i++)
            s->field[i] = s->buf + s->offset[i];
        rec.n_fields = s->n_fields;
        rec.field = s->field;
        rec.len = s->len;
        rec.line = s->record_line;
        st = s->fn(s->userdata, &rec, s->err);
        if (st != ASSESS_OK)
            s->status = st;
    }
    s->n_fields = 0;
    s->buf_len = 0;
    if (c == '\r' || (c == '\n' && !crlf_tail))
        s->line++;
    s->after_cr = c == '\r';
}

/* libcsv's parser states (csv.c) that the checks below need. */
#define LIBCSV_FIELD_BEGUN 2
#define LIBCSV_FIELD_MIGHT_HAVE_ENDED 3

/*
 * The length of the field being read, as it will be when it ends: libcsv
 * still holds blanks it may trim and a quote that may close the field.
 */
static size_t field_so_far(const csv_stream *s)
{
    size_t n = s->parser.entry_pos - s->parser.spaces;
    if (s->parser.pstate == LIBCSV_FIELD_MIGHT_HAVE_ENDED && n > 0)
        n--;
    return n;
}

static assess_status parse(csv_stream *s, const unsigned char *p, size_t len)
{
    while (len && s->status == ASSESS_OK) {
        size_t n = len < SLICE ? len : SLICE;
        if (csv_parse(&s->parser, p, n, on_field, on_record, s) != n &&
            s->status == ASSESS_OK)
            fail(s, ASSESS_ENOMEM, s->line,
                 csv_strerror(csv_error(&s->parser)));
        if (field_so_far(s) > CSV_FIELD_MAX ||
            s->parser.entry_pos > CSV_RECORD_MAX)
            fail(s, ASSESS_ELIMIT, s->n_fields ? s->record_line : s->line,
                 "a field is longer than 1 MiB (an unterminated quote?)");
        p += n;
        len -= n;
    }
    return s->status;
}

assess_status csv_stream_feed(csv_stream *s, const void *data, size_t len,
                              assess_error *err)
{
    static const unsigned char bom[3] = { 0xef, 0xbb, 0xbf };
    const unsigned char *p = data;

    s->err = err;
    if (s->status != ASSESS_OK)
        return s->status;
    /* Hold back the first bytes until it is clear whether they are a BOM. */
    while (!s->started && len) {
        s->bom[s->bom_len++] = *p++;
        len--;
        if (memcmp(s->bom, bom, s->bom_len) != 0) {
            s->started = 1;
            if (parse(s, s->bom, s->bom_len) != ASSESS_OK)
                return s->status;
        } else if (s->bom_len == 3) {
            s->started = 1; /* a BOM: dropped */
        }
    }
    return parse(s, p, len);
}

assess_status csv_stream_finish(csv_stream *s, assess_error *err)
{
    unsigned long start;

    s->err = err;
    if (s->status != ASSESS_OK)
        return s->status;
    if (!s->started) {
        s->started = 1;
        if (parse(s, s->bom, s->bom_len) != ASSESS_OK)
            return s->status;
    }
    start = s->n_fields ? s->record_line : s->line;
    /* libcsv would close an open quote silently at the end of the input. */
    if (s->parser.quoted && s->parser.pstate == LIBCSV_FIELD_BEGUN) {
        fail(s, ASSESS_EFORMAT, start,
             "a quoted field is not closed before the end of the file");
        return s->status;
    }
    if (csv_fini(&s->parser, on_field, on_record, s) != 0 &&
        s->status == ASSESS_OK)
        fail(s, ASSESS_EFORMAT, start,
             "a quoted field is not closed before the end of the file");
    return s->status;
}

unsigned long csv_stream_blank_lines(const csv_stream *s)
{
    return s->blank;
}

unsigned long csv_stream_line(const csv_stream *s)
{
    return s->line;
}
