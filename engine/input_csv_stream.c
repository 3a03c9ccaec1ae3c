/*
 * input_csv_stream.c - the tokenizer: bytes in, records out.
 *
 * It follows libcsv's rules (csv_parse with CSV_REPALL_NL, not
 * CSV_STRICT) byte for byte, so that any export libcsv reads is read the
 * same; tests/test_csv.c checks that against libcsv itself.  It is its
 * own code because a record is what the reader wants: libcsv hands over
 * one field at a time through a callback, each copied once into libcsv's
 * buffer and again into the record, one byte per step of a state
 * machine.  Here the runs of plain bytes between the few bytes that
 * matter are found with a table and copied once, straight into the
 * record.
 *
 * The rules, as libcsv has them:
 * - blanks (space, tab) before a field are skipped; after an unquoted
 *   field they are dropped; after a closing quote they are dropped;
 * - a quote opens a quoted field only as the field's first byte;
 *   elsewhere in an unquoted field it is an ordinary byte;
 * - in a quoted field, "" is a quote; a quote followed by blanks and a
 *   comma or line end closes the field; a quote followed by anything else
 *   is kept as it is, with the blanks after it, and the field goes on;
 * - a CR or an LF ends a record, and every line end outside a field is a
 *   record of no fields: an empty line, or the LF of a CRLF;
 * - the delimiter is a comma unless set (csv_set_delim in libcsv): a
 *   semicolon, a tab (then not a blank) or a bar read the same way.
 */
#include "input_csv_stream.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "base_error.h"

/* Where the tokenizer is, as libcsv's states. */
enum {
    ROW_NOT_BEGUN,   /* no field of the record yet */
    FIELD_NOT_BEGUN, /* after a comma */
    FIELD_BEGUN,     /* in a field, quoted or not */
    QUOTE_IN_QUOTED  /* a quote in a quoted field: its end, or "" */
};

/* What a byte is to the tokenizer; COMMA is the delimiter, whichever
 * byte it is (csv_stream_set_delimiter()). */
enum { PLAIN, COMMA, QUOTE, BLANK, CR, LF };

struct csv_stream {
    const char *name;
    csv_record_fn fn;
    void *userdata;

    /* the class of every byte, and the bytes the vector paths look for:
     * the delimiter and the second blank (a tab, or when the tab is the
     * delimiter a second space) */
    unsigned char cls[256];
    char delim, tab;
#if defined(__SSE2__)
    __m128i vdelim, vtab; /* each of them in every byte */
#endif

    /* the record being assembled: fields packed in buf, each followed by
     * a NUL, the current one last */
    char *buf;
    size_t buf_len, buf_cap;
    size_t *len;
    char **field;
    size_t n_fields, fields_cap;
    size_t field_start; /* where the current field's bytes begin in buf */
    /* the line the record being assembled starts on: set where the last
     * one (or an empty line) ended, since only blanks can come between */
    unsigned long record_line;

    int state;
    int quoted;    /* the current field began with a quote */
    size_t spaces; /* blanks at the end of the field that may be dropped */

    unsigned long line;   /* current physical line */
    int after_cr;         /* the last byte read was a CR */
    unsigned long blank;
    unsigned char bom[3]; /* a possible BOM not yet decided */
    size_t bom_len;
    int started;          /* past the BOM check */

    assess_status status; /* first failure; nothing is read after it */
    assess_error *err;    /* where the failing callback writes */
};

csv_stream *csv_stream_new(const char *name, csv_record_fn fn, void *userdata)
{
    csv_stream *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->name = name;
    s->fn = fn;
    s->userdata = userdata;
    s->line = s->record_line = 1;
    s->state = ROW_NOT_BEGUN;
    csv_stream_set_delimiter(s, ',');
    return s;
}

void csv_stream_set_delimiter(csv_stream *s, char delim)
{
    assert(delim != '"' && delim != ' ' && delim != '\r' && delim != '\n' &&
           delim != '\0');
    memset(s->cls, PLAIN, sizeof s->cls);
    s->cls[' '] = BLANK;
    s->cls['\t'] = BLANK;
    s->cls['"'] = QUOTE;
    s->cls['\r'] = CR;
    s->cls['\n'] = LF;
    /* The delimiter is not a blank, as in libcsv (csv_set_delim). */
    s->cls[(unsigned char)delim] = COMMA;
    s->delim = delim;
    s->tab = delim == '\t' ? ' ' : '\t';
#if defined(__SSE2__)
    s->vdelim = _mm_set1_epi8(s->delim);
    s->vtab = _mm_set1_epi8(s->tab);
#endif
}

void csv_stream_free(csv_stream *s)
{
    if (!s)
        return;
    free(s->buf);
    free(s->len);
    free(s->field);
    free(s);
}

static assess_status fail(csv_stream *s, assess_status st, unsigned long line,
                          const char *message)
{
    if (s->status == ASSESS_OK) {
        s->status = st;
        error_set(s->err, st, s->name, line, "%s", message);
    }
    return s->status;
}

static assess_status too_long(csv_stream *s)
{
    return fail(s, ASSESS_ELIMIT, s->record_line,
                "a field is longer than 1 MiB (an unterminated quote?)");
}

/* Room for n more bytes in buf, with no limit checked. */
static int room(csv_stream *s, size_t n)
{
    size_t need = s->buf_len + n, cap = s->buf_cap ? s->buf_cap : 4096;
    char *buf;

    if (need <= s->buf_cap)
        return 0;
    while (cap < need)
        cap *= 2;
    buf = realloc(s->buf, cap);
    if (!buf) {
        fail(s, ASSESS_ENOMEM, s->record_line, "out of memory");
        return -1;
    }
    s->buf = buf;
    s->buf_cap = cap;
    return 0;
}

/*
 * Makes room for n more bytes and the NUL of the current field.  A field
 * that is already too long is an error as soon as it is seen, so that an
 * unterminated quote costs at most a field's worth of memory.
 */
static int reserve(csv_stream *s, size_t n)
{
    size_t need = s->buf_len + n + 1, stored = need - 1 - s->field_start;

    /* Its bytes less the blanks that may come off, and the quote that
     * may close it; with the blanks, a record's worth. */
    if (stored - s->spaces > CSV_FIELD_MAX + 2 || stored > CSV_RECORD_MAX) {
        too_long(s);
        return -1;
    }
    return room(s, n + 1);
}

static int append(csv_stream *s, const unsigned char *p, size_t n)
{
    if (reserve(s, n) != 0)
        return -1;
    memcpy(s->buf + s->buf_len, p, n);
    s->buf_len += n;
    return 0;
}

static int append_byte(csv_stream *s, unsigned char c)
{
    if (reserve(s, 1) != 0)
        return -1;
    s->buf[s->buf_len++] = (char)c;
    return 0;
}

static void begin_field(csv_stream *s, int quoted)
{
    s->field_start = s->buf_len;
    s->state = FIELD_BEGUN;
    s->quoted = quoted;
    s->spaces = 0;
}

/* push_field() past a limit, or when the field arrays are full. */
static int push_field_slow(csv_stream *s, size_t len)
{
    if (len > CSV_FIELD_MAX)
        return too_long(s), -1;
    if (s->n_fields == CSV_FIELDS_MAX)
        return fail(s, ASSESS_ELIMIT, s->record_line,
                    "a row has more than 32768 fields"), -1;
    if (s->buf_len + 1 > CSV_RECORD_MAX)
        return fail(s, ASSESS_ELIMIT, s->record_line,
                    "a row is longer than 16 MiB"), -1;
    if (s->n_fields == s->fields_cap) {
        size_t cap = s->fields_cap ? s->fields_cap * 2 : 64;
        size_t *lens = realloc(s->len, cap * sizeof *lens);
        if (lens)
            s->len = lens;
        char **fields = realloc(s->field, cap * sizeof *fields);
        if (fields)
            s->field = fields;
        if (!lens || !fields)
            return fail(s, ASSESS_ENOMEM, s->record_line, "out of memory"), -1;
        s->fields_cap = cap;
    }
    s->buf[s->buf_len++] = '\0';
    s->len[s->n_fields++] = len;
    s->state = FIELD_NOT_BEGUN;
    return 0;
}

/*
 * Adds the field of `len` bytes that ends buf (which has room for its
 * NUL) to the record, when the limits allow.  Called for every field:
 * the common case is inline, the rest in push_field_slow().
 */
static inline int push_field(csv_stream *s, size_t len)
{
    if (len > CSV_FIELD_MAX || s->n_fields >= s->fields_cap ||
        s->n_fields >= CSV_FIELDS_MAX || s->buf_len + 1 > CSV_RECORD_MAX)
        return push_field_slow(s, len);
    s->buf[s->buf_len++] = '\0';
    s->len[s->n_fields++] = len;
    s->state = FIELD_NOT_BEGUN;
    return 0;
}

/* Ends the current field (begun or not): its blanks dropped, the limits
 * checked. */
static int end_field(csv_stream *s)
{
    if (s->state == ROW_NOT_BEGUN || s->state == FIELD_NOT_BEGUN) {
        s->field_start = s->buf_len;
    } else if (s->state == QUOTE_IN_QUOTED) {
        s->buf_len -= s->spaces + 1; /* the closing quote and blanks */
    } else if (!s->quoted) {
        s->buf_len -= s->spaces;
    }
    if (room(s, 1) != 0)
        return -1;
    return push_field(s, s->buf_len - s->field_start);
}

/*
 * After a line end (or the end of the input, c = -1) outside a field:
 * hands the record over, or counts an empty line.  An LF right after a
 * CR is the end of the CR's line, not a line of its own.
 */
static int deliver(csv_stream *s, int c, int after_cr)
{
    int crlf_tail = c == '\n' && after_cr && s->n_fields == 0;

    if (s->n_fields == 0) {
        if (!crlf_tail && c != -1)
            s->blank++;
    } else {
        csv_record rec;
        assess_status st;
        char *f = s->buf;
        for (size_t i = 0; i < s->n_fields; i++) {
            s->field[i] = f;
            f += s->len[i] + 1;
        }
        rec.n_fields = s->n_fields;
        rec.field = s->field;
        rec.len = s->len;
        rec.line = s->record_line;
        st = s->fn(s->userdata, &rec, s->err);
        if (st != ASSESS_OK) {
            s->status = st;
            return -1;
        }
    }
    s->n_fields = 0;
    s->buf_len = 0;
    s->state = ROW_NOT_BEGUN;
    if (c != -1 && !crlf_tail)
        s->line++;
    s->record_line = s->line;
    return 0;
}

static int end_record(csv_stream *s, int c, int after_cr)
{
    if (s->state != ROW_NOT_BEGUN && end_field(s) != 0)
        return -1;
    return deliver(s, c, after_cr);
}

#if defined(__SSE2__)
/* Bit i set when byte i of v is an x. */
static inline unsigned bytes_equal(__m128i v, char x)
{
    return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(x)));
}

/* Bit i set when byte i of v is the byte every byte of x is. */
static inline unsigned bytes_equal_v(__m128i v, __m128i x)
{
    return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, x));
}

/* Bit i set when byte i of v is one of the six that matter: the
 * delimiter, the quote, the blanks (space and the second blank, `tab`)
 * and the line ends. */
static inline unsigned special_bytes(__m128i v, __m128i delim, __m128i tab)
{
    return bytes_equal_v(v, delim) | bytes_equal(v, '"') |
           bytes_equal(v, ' ') | bytes_equal_v(v, tab) |
           bytes_equal(v, '\r') | bytes_equal(v, '\n');
}
#endif

/*
 * The fast paths' end of a record: the line end c (CR or LF) at p[-1]
 * hands the record over; the LF of a CRLF after it is passed.  Returns
 * where the next record starts, or `end` when the record function failed.
 */
static const unsigned char *line_end(csv_stream *s, unsigned char c,
                                     const unsigned char *p,
                                     const unsigned char *end)
{
    s->after_cr = c == '\r';
    if (deliver(s, c, 0) != 0)
        return end;
    if (c == '\r' && p < end && *p == '\n') {
        p++; /* the LF of a CRLF */
        s->after_cr = 0;
    }
    return p;
}

/*
 * Where the run of PLAIN bytes at p ends: at the first byte of another
 * class, or at `end`.  The bytes up to there are copied to `out` when it
 * is not NULL, and so may the bytes after them, up to `end`.  With SSE2,
 * 16 bytes at a time are compared with the six that matter and copied
 * whole: byte by byte, the loop took a mispredicted branch at every
 * field's end.
 */
static inline const unsigned char *plain_end(const csv_stream *s,
                                             const unsigned char *p,
                                             const unsigned char *end,
                                             char *out)
{
    const unsigned char *cls = s->cls;
#if defined(__SSE2__)
    const __m128i delim = s->vdelim, tab = s->vtab;
    while (end - p >= 16) {
        __m128i v = _mm_loadu_si128((const void *)p);
        unsigned bits = special_bytes(v, delim, tab);
        if (out) {
            _mm_storeu_si128((void *)out, v);
            out += 16;
        }
        if (bits)
            return p + __builtin_ctz(bits);
        p += 16;
    }
#endif
    if (out)
        while (p < end && cls[*p] == PLAIN)
            *out++ = (char)*p++;
    else
        while (p < end && cls[*p] == PLAIN)
            p++;
    return p;
}

/*
 * The common case, fast: fields of plain bytes (no blank, no quote), each
 * ended by a comma or a line end within [p, end).  Returns where it
 * stopped: at the start of a field it leaves to the state machine, or at
 * `end`.  Called at the start of a field.
 */
static const unsigned char *plain_fields(csv_stream *s, const unsigned char *p,
                                         const unsigned char *end)
{
    /* A field and its NUL take no more room than its bytes and the comma
     * or line end after it: the record's bytes lie where they lie in the
     * input, up to `end`. */
    if (room(s, (size_t)(end - p)) != 0)
        return end;
    while (p < end) {
        const unsigned char *q = plain_end(s, p, end, s->buf + s->buf_len);
        int cls;

        if (q == p || q == end)
            break;
        cls = s->cls[*q];
        if (cls != COMMA && cls != CR && cls != LF)
            break;
        s->field_start = s->buf_len;
        s->buf_len += (size_t)(q - p);
        if (push_field(s, (size_t)(q - p)) != 0)
            return end;
        p = q + 1;
        s->after_cr = 0;
        if (cls != COMMA)
            p = line_end(s, *q, p, end);
    }
    return p;
}

/* The length of the run of bytes of class PLAIN (and, in a quoted field,
 * COMMA and BLANK) at p. */
static size_t plain_run(const csv_stream *s, const unsigned char *p,
                        const unsigned char *end, int quoted)
{
    const unsigned char *q = p;
    if (quoted) {
        while (q < end && s->cls[*q] != QUOTE && s->cls[*q] != CR &&
               s->cls[*q] != LF)
            q++;
    } else {
        q = plain_end(s, p, end, NULL);
    }
    return (size_t)(q - p);
}

#if defined(__SSE2__)
/* The longest record plain_records() takes; longer ones go field by field. */
#define FAST_RECORD_MAX 1024u

/*
 * The commonest case in one go: whole records of plain, non-empty fields,
 * each ended by a line end within [p, end).  Their field ends are found
 * 16 bytes at a time, the bytes stored to the record as they are scanned
 * and its separators turned into the fields' NULs.  Returns where it stopped: past the
 * records it took, before one it leaves to plain_fields() and the state
 * machine (a quote, a blank, an empty field, a record longer than
 * FAST_RECORD_MAX or cut by `end`).  Called between records.
 */
static const unsigned char *plain_records(csv_stream *s,
                                          const unsigned char *p,
                                          const unsigned char *end)
{
    const __m128i delim = s->vdelim, tab = s->vtab;

    /* The record is copied 16 bytes at a time as it is scanned. */
    if (room(s, FAST_RECORD_MAX) != 0)
        return end;
    while (s->status == ASSESS_OK) {
        size_t limit = (size_t)(end - p), n = 0, start = 0, len = 0;
        int found = 0;
        unsigned char c;

        if (limit > FAST_RECORD_MAX)
            limit = FAST_RECORD_MAX;
        for (size_t at = 0; at + 16 <= limit && !found; at += 16) {
            __m128i v = _mm_loadu_si128((const void *)(p + at));
            unsigned lines = bytes_equal(v, '\r') | bytes_equal(v, '\n');
            unsigned ends = bytes_equal_v(v, delim) | lines;
            unsigned other = bytes_equal(v, '"') | bytes_equal(v, ' ') |
                             bytes_equal_v(v, tab);
            _mm_storeu_si128((void *)(s->buf + at), v);
            for (; ends; ends &= ends - 1) {
                unsigned i = (unsigned)__builtin_ctz(ends);
                if (at + i == start || n == s->fields_cap)
                    return p;
                s->buf[at + i] = '\0';
                s->len[n++] = at + i - start;
                start = at + i + 1;
                if (lines & (1u << i)) {
                    if (other & ((1u << i) - 1))
                        return p;
                    found = 1;
                    len = at + i;
                    break;
                }
            }
            if (!found && other)
                return p;
        }
        if (!found)
            return p;
        c = p[len];
        s->n_fields = n;
        s->buf_len = len + 1;
        p = line_end(s, c, p + len + 1, end);
    }
    return end;
}
#endif

static assess_status parse(csv_stream *s, const unsigned char *p, size_t len)
{
    const unsigned char *end = p + len;

    while (p < end && s->status == ASSESS_OK) {
        unsigned char c;
        int cls, after_cr;

#if defined(__SSE2__)
        if (s->state == ROW_NOT_BEGUN) {
            p = plain_records(s, p, end);
            if (p == end)
                break;
        }
#endif
        if (s->state == ROW_NOT_BEGUN || s->state == FIELD_NOT_BEGUN) {
            p = plain_fields(s, p, end);
            if (p == end)
                break;
        }
        c = *p;
        cls = s->cls[c];
        after_cr = s->after_cr;

        s->after_cr = cls == CR;
        /* Outside a quoted field, a comma ends a field and a line end a
         * record, in every state. */
        if ((cls == COMMA || cls == CR || cls == LF) &&
            !(s->state == FIELD_BEGUN && s->quoted)) {
            if ((cls == COMMA ? end_field(s) : end_record(s, c, after_cr)) == 0)
                p++;
            continue;
        }
        switch (s->state) {
        case ROW_NOT_BEGUN:
        case FIELD_NOT_BEGUN:
            if (cls == BLANK) {
                p++;
            } else if (cls == QUOTE) {
                begin_field(s, 1);
                p++;
            } else {
                begin_field(s, 0);
            }
            break;
        case FIELD_BEGUN:
            if (cls == PLAIN || (s->quoted && (cls == COMMA || cls == BLANK))) {
                size_t n = plain_run(s, p, end, s->quoted);
                if (append(s, p, n) != 0)
                    break;
                p += n;
                s->spaces = 0;
            } else if (cls == QUOTE) {
                if (append_byte(s, c) != 0)
                    break;
                if (s->quoted)
                    s->state = QUOTE_IN_QUOTED;
                s->spaces = 0;
                p++;
            } else if (cls == BLANK) { /* unquoted */
                if (append_byte(s, c) != 0)
                    break;
                s->spaces++;
                p++;
            } else { /* a line end in a quoted field */
                if (append_byte(s, c) != 0)
                    break;
                if (cls == CR || !after_cr)
                    s->line++;
                p++;
            }
            break;
        case QUOTE_IN_QUOTED:
            if (cls == BLANK) {
                if (append_byte(s, c) != 0)
                    break;
                s->spaces++;
                p++;
            } else if (cls == QUOTE && s->spaces) {
                /* "a" " : libcsv keeps this quote and waits for the next */
                if (append_byte(s, c) != 0)
                    break;
                s->spaces = 0;
                p++;
            } else if (cls == QUOTE) { /* "" */
                s->state = FIELD_BEGUN;
                p++;
            } else { /* the quote was not the end: kept, the field goes on */
                s->state = FIELD_BEGUN;
                s->spaces = 0;
            }
            break;
        }
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
    s->err = err;
    if (s->status != ASSESS_OK)
        return s->status;
    if (!s->started) {
        s->started = 1;
        if (parse(s, s->bom, s->bom_len) != ASSESS_OK)
            return s->status;
    }
    /* libcsv would close an open quote silently at the end of the input. */
    if (s->state == FIELD_BEGUN && s->quoted)
        return fail(s, ASSESS_EFORMAT, s->record_line,
                    "a quoted field is not closed before the end of the file");
    if (s->state != ROW_NOT_BEGUN)
        end_record(s, -1, 0);
    return s->status;
}

int csv_stream_between_records(const csv_stream *s)
{
    return s->status == ASSESS_OK && s->started && s->state == ROW_NOT_BEGUN &&
           s->n_fields == 0 && !s->after_cr;
}

void csv_stream_take_up(csv_stream *s, unsigned long line, unsigned long blank)
{
    s->started = 1;
    s->bom_len = 0;
    s->line = s->record_line = line;
    s->blank = blank;
}

unsigned long csv_stream_blank_lines(const csv_stream *s)
{
    return s->blank;
}

unsigned long csv_stream_line(const csv_stream *s)
{
    return s->line;
}

assess_status csv_read_file(const char *path, const char *name,
                            csv_record_fn fn, void *userdata,
                            assess_error *err)
{
    const size_t size = 1 << 16;
    csv_stream *cs = NULL;
    char *buf = NULL;
    assess_status st = ASSESS_OK;
    FILE *f = fopen(path, "rb");

    if (!f)
        return error_set(err, ASSESS_EIO, path, 0, "cannot open: %s",
                         strerror(errno));
    buf = malloc(size);
    cs = csv_stream_new(name, fn, userdata);
    if (!buf || !cs) {
        st = error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
        goto out;
    }
    for (;;) {
        size_t got = fread(buf, 1, size, f);
        if (got > 0 && (st = csv_stream_feed(cs, buf, got, err)) != ASSESS_OK)
            goto out;
        if (got < size) {
            if (ferror(f)) {
                st = error_set(err, ASSESS_EIO, path, 0, "cannot read: %s",
                               strerror(errno));
                goto out;
            }
            break;
        }
    }
    st = csv_stream_finish(cs, err);
out:
    csv_stream_free(cs);
    free(buf);
    fclose(f);
    return st;
}
