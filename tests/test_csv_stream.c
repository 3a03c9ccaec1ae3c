/*
 * test_csv_stream.c - the CSV record stream (engine/input_csv_stream.c): quoting,
 * line ends, line numbers, the byte order mark, limits, and that how the
 * input is cut into feeds never changes the records.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "input_csv_stream.h"
#include "rng.h"

/* A string literal and its length, NUL bytes included. */
#define LIT(s) s, (sizeof s - 1)

/* ---- Collecting records --------------------------------------------------- */

typedef struct rec_copy {
    unsigned long line;
    size_t n;
    char **field; /* each NUL-terminated after len bytes */
    size_t *len;
} rec_copy;

typedef struct collector {
    rec_copy *rec;
    size_t n, cap;
    size_t calls;
    size_t fail_at;          /* 1-based call that returns fail_status; 0 never */
    assess_status fail_status;
} collector;

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    cr_assert_not_null(p, "out of memory in the test");
    return p;
}

static assess_status collect(void *userdata, csv_record *rec, assess_error *err)
{
    collector *c = userdata;
    rec_copy *r;

    c->calls++;
    if (c->fail_at && c->calls == c->fail_at) {
        err->status = c->fail_status;
        err->line = rec->line;
        snprintf(err->message, sizeof err->message, "callback stops at '%s'",
                 rec->field[0]);
        return c->fail_status;
    }
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->rec = realloc(c->rec, c->cap * sizeof *c->rec);
        cr_assert_not_null(c->rec);
    }
    r = &c->rec[c->n++];
    r->line = rec->line;
    r->n = rec->n_fields;
    r->field = xmalloc(rec->n_fields * sizeof *r->field);
    r->len = xmalloc(rec->n_fields * sizeof *r->len);
    for (size_t i = 0; i < rec->n_fields; i++) {
        cr_assert_eq(rec->field[i][rec->len[i]], '\0',
                     "field %zu is not NUL-terminated after its length", i);
        r->len[i] = rec->len[i];
        r->field[i] = xmalloc(rec->len[i] + 1);
        memcpy(r->field[i], rec->field[i], rec->len[i] + 1);
    }
    return ASSESS_OK;
}

static void collector_free(collector *c)
{
    for (size_t k = 0; k < c->n; k++) {
        for (size_t i = 0; i < c->rec[k].n; i++)
            free(c->rec[k].field[i]);
        free(c->rec[k].field);
        free(c->rec[k].len);
    }
    free(c->rec);
    memset(c, 0, sizeof *c);
}

/* ---- A growing string ----------------------------------------------------- */

typedef struct sbuf {
    char *p;
    size_t len, cap;
} sbuf;

static void sb_putc(sbuf *b, char ch)
{
    if (b->len + 2 > b->cap) {
        b->cap = b->cap ? b->cap * 2 : 256;
        b->p = realloc(b->p, b->cap);
        cr_assert_not_null(b->p);
    }
    b->p[b->len++] = ch;
    b->p[b->len] = '\0';
}

static void sb_puts(sbuf *b, const char *s)
{
    while (*s)
        sb_putc(b, *s++);
}

static void sb_bytes(sbuf *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char hex[8];
        switch (c) {
        case '\n': sb_puts(b, "\\n"); break;
        case '\r': sb_puts(b, "\\r"); break;
        case '\0': sb_puts(b, "\\0"); break;
        case '|':  sb_puts(b, "\\|"); break;
        case '\\': sb_puts(b, "\\\\"); break;
        default:
            if (c < 0x20 || c >= 0x7f) {
                snprintf(hex, sizeof hex, "\\x%02x", c);
                sb_puts(b, hex);
            } else {
                sb_putc(b, (char)c);
            }
        }
    }
}

/*
 * The records as text, one a line: "LINE:field|field|...", bytes escaped
 * (\n \r \0 \| \\ \xHH), so records compare as strings.
 */
static char *records_text(const collector *c)
{
    sbuf b = { 0 };
    sb_putc(&b, 'x'); /* allocate: an empty result is "" */
    b.len = 0;
    b.p[0] = '\0';
    for (size_t k = 0; k < c->n; k++) {
        char num[32];
        snprintf(num, sizeof num, "%lu:", c->rec[k].line);
        sb_puts(&b, num);
        for (size_t i = 0; i < c->rec[k].n; i++) {
            if (i)
                sb_putc(&b, '|');
            sb_bytes(&b, c->rec[k].field[i], c->rec[k].len[i]);
        }
        sb_putc(&b, '\n');
    }
    return b.p;
}

/* ---- Feeding ---------------------------------------------------------------- */

typedef struct outcome {
    char *records;        /* records_text() */
    assess_status status; /* first failure of a feed, else of finish */
    unsigned long err_line;
    unsigned long blank;
    unsigned long line;   /* csv_stream_line() at the end */
    size_t calls;
} outcome;

/*
 * Feeds data cut at the given positions (increasing, each in 1..len-1;
 * a repeated position feeds an empty chunk), then finishes.  After a
 * failed feed nothing more is fed, and finish must report the same
 * failure.
 */
/* The delimiter the streams of run_cuts() are given. */
static char run_delim = ',';

static outcome run_cuts(const char *data, size_t len, const size_t *cuts,
                        size_t n_cuts, size_t fail_at)
{
    collector c = { 0 };
    assess_error err;
    outcome o;
    csv_stream *s;
    size_t from = 0;

    c.fail_at = fail_at;
    c.fail_status = ASSESS_EDATA;
    assess_error_init(&err);
    s = csv_stream_new("test.csv", collect, &c);
    cr_assert_not_null(s);
    if (run_delim != ',')
        csv_stream_set_delimiter(s, run_delim);
    o.status = ASSESS_OK;
    for (size_t k = 0; k <= n_cuts && o.status == ASSESS_OK; k++) {
        size_t to = k < n_cuts ? cuts[k] : len;
        cr_assert(to >= from && to <= len, "bad cut in the test");
        o.status = csv_stream_feed(s, data + from, to - from, &err);
        from = to;
    }
    if (o.status == ASSESS_OK) {
        o.status = csv_stream_finish(s, &err);
    } else {
        assess_status again = csv_stream_finish(s, &err);
        cr_assert_eq(again, o.status,
                     "finish after a failed feed returned %d, the feed %d",
                     again, o.status);
    }
    if (o.status != ASSESS_OK) {
        cr_assert_eq(err.status, o.status, "err.status %d but returned %d",
                     err.status, o.status);
        o.err_line = err.line;
    } else {
        o.err_line = 0;
    }
    o.blank = csv_stream_blank_lines(s);
    o.line = csv_stream_line(s);
    o.calls = c.calls;
    o.records = records_text(&c);
    csv_stream_free(s);
    collector_free(&c);
    return o;
}

static outcome run_whole(const char *data, size_t len)
{
    return run_cuts(data, len, NULL, 0, 0);
}

static outcome run_bytewise(const char *data, size_t len)
{
    size_t *cuts = xmalloc(len * sizeof *cuts);
    outcome o;
    for (size_t i = 1; i < len; i++)
        cuts[i - 1] = i;
    o = run_cuts(data, len, cuts, len ? len - 1 : 0, 0);
    free(cuts);
    return o;
}


/* Random chunk sizes 0..max_chunk (0: an empty feed), from a seed. */
static outcome run_random(const char *data, size_t len, uint64_t seed,
                          size_t max_chunk)
{
    size_t *cuts = xmalloc((2 * len + 2) * sizeof *cuts);
    size_t n = 0, pos = 0;
    uint64_t state = seed * 0x9e3779b97f4a7c15ULL + 1;
    outcome o;
    for (;;) {
        size_t step = (size_t)(rng_next(&state) % (max_chunk + 1));
        if (pos + step >= len)
            break;
        pos += step;
        if (pos > 0)
            cuts[n++] = pos;
    }
    o = run_cuts(data, len, cuts, n, 0);
    free(cuts);
    return o;
}

static void outcome_free(outcome *o)
{
    free(o->records);
    o->records = NULL;
}

static void assert_same_outcome(const outcome *want, const outcome *got,
                                const char *how)
{
    cr_assert_str_eq(got->records, want->records,
                     "records differ when fed %s:\n--- whole\n%s--- %s\n%s",
                     how, want->records, how, got->records);
    cr_assert_eq(got->status, want->status, "status %d fed %s, %d whole",
                 got->status, how, want->status);
    cr_assert_eq(got->err_line, want->err_line,
                 "error line %lu fed %s, %lu whole", got->err_line, how,
                 want->err_line);
    cr_assert_eq(got->blank, want->blank, "blank lines %lu fed %s, %lu whole",
                 got->blank, how, want->blank);
    cr_assert_eq(got->line, want->line, "line %lu fed %s, %lu whole",
                 got->line, how, want->line);
}

/* Whole, bytewise, every two-way split, random chunks: all the same. */
static void assert_chunking_invariant(const char *data, size_t len)
{
    outcome whole = run_whole(data, len), o;
    char how[64];

    o = run_bytewise(data, len);
    assert_same_outcome(&whole, &o, "1 byte at a time");
    outcome_free(&o);
    for (size_t i = 0; i <= len; i++) {
        size_t cut = i;
        o = run_cuts(data, len, &cut, 1, 0);
        snprintf(how, sizeof how, "split at %zu", i);
        assert_same_outcome(&whole, &o, how);
        outcome_free(&o);
    }
    for (uint64_t seed = 1; seed <= 40; seed++) {
        o = run_random(data, len, seed, seed % 2 ? 7 : 23);
        snprintf(how, sizeof how, "in random chunks (seed %llu)",
                 (unsigned long long)seed);
        assert_same_outcome(&whole, &o, how);
        outcome_free(&o);
    }
    outcome_free(&whole);
}

/* Parses whole and checks records, status and blank lines. */
static void expect_records(const char *data, size_t len, const char *records,
                           unsigned long blank)
{
    /* cr_expect, not cr_assert: a failure still frees (valgrind runs) */
    outcome o = run_whole(data, len);
    cr_expect_eq(o.status, ASSESS_OK, "status %d (error line %lu)", o.status,
                 o.err_line);
    cr_expect_str_eq(o.records, records, "records:\n%s\nexpected:\n%s",
                     o.records, records);
    cr_expect_eq(o.blank, blank, "blank lines: %lu, expected %lu", o.blank,
                 blank);
    outcome_free(&o);
    /* and the same however the input is cut */
    assert_chunking_invariant(data, len);
}

/* ---- Quoting and line numbers ----------------------------------------------- */

Test(csv_stream, quoted_comma_and_doubled_quote)
{
    expect_records(LIT("a,\"b,c\",\"d\"\"e\"\n"
                       "\"\",\"\"\"\",x\n"),
                   "1:a|b,c|d\"e\n"
                   "2:|\"|x\n", 0);
}

Test(csv_stream, quoted_lf_newline_spans_lines)
{
    expect_records(LIT("h1,h2\n"
                       "\"multi\nline\",x\n"
                       "after,y\n"),
                   "1:h1|h2\n"
                   "2:multi\\nline|x\n"
                   "4:after|y\n", 0);
}

Test(csv_stream, quoted_crlf_newline_spans_lines)
{
    expect_records(LIT("h1,h2\r\n"
                       "\"crlf\r\nfield\",x\r\n"
                       "after,y\r\n"),
                   "1:h1|h2\n"
                   "2:crlf\\r\\nfield|x\n"
                   "4:after|y\n", 0);
}

Test(csv_stream, several_newlines_in_later_field)
{
    /* The record starts on line 2 although its second field holds three
     * line ends; the next record is on line 6. */
    expect_records(LIT("h\n"
                       "a,\"1\n2\n3\n4\",b\n"
                       "c\n"),
                   "1:h\n"
                   "2:a|1\\n2\\n3\\n4|b\n"
                   "6:c\n", 0);
}

/*
 * A lone CR inside a quoted field counts as a line end, as it does
 * outside quotes, so records after it in a CR file keep their lines.
 */
Test(csv_stream, quoted_cr_newline_in_cr_file_spans_lines)
{
    expect_records(LIT("h1,h2\r"
                       "\"cr\rfield\",x\r"
                       "after,y\r"),
                   "1:h1|h2\n"
                   "2:cr\\rfield|x\n"
                   "4:after|y\n", 0);
}

/* ---- Line ends and blank lines -------------------------------------------- */

Test(csv_stream, lf_line_ends_and_blank_lines)
{
    expect_records(LIT("a\n\nb\n\n\nc\n"),
                   "1:a\n"
                   "3:b\n"
                   "6:c\n", 3);
}

Test(csv_stream, crlf_line_ends_are_not_blank_lines)
{
    expect_records(LIT("a,1\r\nb,2\r\nc,3\r\n"),
                   "1:a|1\n"
                   "2:b|2\n"
                   "3:c|3\n", 0);
}

Test(csv_stream, crlf_blank_lines_counted_once)
{
    expect_records(LIT("a\r\n\r\nb\r\n\r\n\r\nc\r\n"),
                   "1:a\n"
                   "3:b\n"
                   "6:c\n", 3);
}

Test(csv_stream, lone_cr_line_ends_and_blank_lines)
{
    expect_records(LIT("a\r\rb\rc\r"),
                   "1:a\n"
                   "3:b\n"
                   "4:c\n", 1);
}

Test(csv_stream, leading_blank_lines)
{
    expect_records(LIT("\n\r\n\rfirst\n"),
                   "4:first\n", 3);
}

/*
 * Mixed line ends: an LF after a record ended by a lone CR is a line end
 * of its own, not the second half of a CRLF.
 */
Test(csv_stream, mixed_line_ends)
{
    expect_records(LIT("a\rb\nc\r\nd\n"),
                   "1:a\n"
                   "2:b\n"
                   "3:c\n"
                   "4:d\n", 0);
}

Test(csv_stream, line_counter_counts_lines)
{
    outcome o = run_whole(LIT("a\nb\n\nc\n"));
    cr_assert_eq(o.status, ASSESS_OK);
    cr_assert_eq(o.line, 5, "csv_stream_line() is %lu", o.line);
    outcome_free(&o);
}

/* ---- Byte order mark ------------------------------------------------------ */

Test(csv_stream, bom_dropped)
{
    expect_records(LIT("\xef\xbb\xbf" "a,b\n"), "1:a|b\n", 0);
}

Test(csv_stream, bom_dropped_when_fed_one_byte_at_a_time)
{
    outcome o = run_bytewise(LIT("\xef\xbb\xbf" "id\nx\n"));
    cr_assert_eq(o.status, ASSESS_OK);
    cr_assert_str_eq(o.records, "1:id\n2:x\n");
    outcome_free(&o);
}

Test(csv_stream, bom_split_across_feeds)
{
    static const char data[] = "\xef\xbb\xbf" "id,v\n1,2\n";
    for (size_t a = 1; a <= 3; a++)
        for (size_t b = a; b <= 4; b++) {
            size_t cuts[2] = { a, b };
            outcome o = run_cuts(data, sizeof data - 1, cuts, 2, 0);
            cr_assert_eq(o.status, ASSESS_OK);
            cr_assert_str_eq(o.records, "1:id|v\n2:1|2\n",
                             "cuts at %zu and %zu: %s", a, b, o.records);
            outcome_free(&o);
        }
}

Test(csv_stream, partial_bom_kept)
{
    expect_records(LIT("\xef\xbb" "x,y\n"), "1:\\xef\\xbbx|y\n", 0);
    expect_records(LIT("\xef" "a\n"), "1:\\xefa\n", 0);
}

Test(csv_stream, partial_bom_at_end_of_file_kept)
{
    expect_records(LIT("\xef\xbb"), "1:\\xef\\xbb\n", 0);
}

Test(csv_stream, bom_only_file_has_no_records)
{
    outcome o = run_whole(LIT("\xef\xbb\xbf"));
    cr_assert_eq(o.status, ASSESS_OK);
    cr_assert_str_eq(o.records, "");
    cr_assert_eq(o.calls, 0);
    outcome_free(&o);
}

Test(csv_stream, bom_after_start_kept)
{
    expect_records(LIT("a\n" "\xef\xbb\xbf" "b\n"), "1:a\n2:\\xef\\xbb\\xbfb\n", 0);
}

/* ---- End of input --------------------------------------------------------- */

Test(csv_stream, last_record_without_newline)
{
    expect_records(LIT("a,b\nc,d"), "1:a|b\n2:c|d\n", 0);
    expect_records(LIT("a\n\"q,\"\"r\"\"\""), "1:a\n2:q,\"r\"\n", 0);
    expect_records(LIT("a\nc,"), "1:a\n2:c|\n", 0);
}

Test(csv_stream, empty_input_has_no_records)
{
    outcome o = run_whole("", 0);
    cr_assert_eq(o.status, ASSESS_OK);
    cr_assert_eq(o.calls, 0);
    cr_assert_eq(o.blank, 0);
    outcome_free(&o);
}

/*
 * An unterminated quote is an error at the line its record starts on
 * (libcsv alone would close it silently at the end of the input).
 */
Test(csv_stream, unterminated_quote_is_format_error)
{
    outcome o = run_whole(LIT("h,v\n"
                              "ok,1\n"
                              "bad,\"open\n"
                              "more,2\n"));
    cr_expect_eq(o.status, ASSESS_EFORMAT, "status %d, records:\n%s",
                 o.status, o.records);
    cr_expect_eq(o.err_line, 3, "error line %lu", o.err_line);
    /* the records before it were delivered */
    cr_expect_str_eq(o.records, "1:h|v\n2:ok|1\n");
    outcome_free(&o);
}

/* Same bug as above, with the open quote in the record's first field. */
Test(csv_stream, unterminated_quote_in_first_field)
{
    outcome o = run_whole(LIT("h\n\n\"open\nx\ny\n"));
    cr_expect_eq(o.status, ASSESS_EFORMAT, "status %d, records:\n%s",
                 o.status, o.records);
    cr_expect_eq(o.err_line, 3, "error line %lu", o.err_line);
    outcome_free(&o);
}

/* ---- Limits --------------------------------------------------------------- */

/* prefix + n copies of c + suffix, length in *len. */
static char *make_big(const char *prefix, char c, size_t n, const char *suffix,
                      size_t *len)
{
    size_t p = strlen(prefix), s = strlen(suffix);
    char *buf = xmalloc(p + n + s + 1);
    memcpy(buf, prefix, p);
    memset(buf + p, c, n);
    memcpy(buf + p + n, suffix, s + 1);
    *len = p + n + s;
    return buf;
}

Test(csv_stream, field_over_limit_unquoted)
{
    size_t len;
    char *data = make_big("id\n", 'x', CSV_FIELD_MAX + 1, "\nnext\n", &len);
    outcome o = run_whole(data, len);
    cr_assert_eq(o.status, ASSESS_ELIMIT, "status %d", o.status);
    cr_assert_eq(o.err_line, 2, "error line %lu", o.err_line);
    outcome_free(&o);
    free(data);
}

Test(csv_stream, field_over_limit_quoted_multiline)
{
    size_t len;
    char *data = make_big("id,v\n\n1,\"a\nb\n", 'x', CSV_FIELD_MAX, "\"\n", &len);
    outcome o = run_whole(data, len);
    cr_assert_eq(o.status, ASSESS_ELIMIT, "status %d", o.status);
    cr_assert_eq(o.err_line, 3, "error line %lu", o.err_line);
    cr_assert_str_eq(o.records, "1:id|v\n");
    outcome_free(&o);
    free(data);
}

Test(csv_stream, unterminated_quote_runs_into_limit)
{
    /* An open quote swallowing 3 MiB is stopped by the field limit, with
     * the line of the record. */
    size_t len;
    char *data = make_big("id\nok\n\"", 'y', 3 * CSV_FIELD_MAX, "\n", &len);
    outcome o = run_whole(data, len);
    cr_assert_eq(o.status, ASSESS_ELIMIT, "status %d", o.status);
    cr_assert_eq(o.err_line, 3, "error line %lu", o.err_line);
    outcome_free(&o);
    free(data);
}

Test(csv_stream, field_over_limit_fed_in_chunks)
{
    size_t len;
    char *data = make_big("id\n\"", 'z', CSV_FIELD_MAX + 10, "\"\n", &len);
    size_t cuts[3] = { 1000, len / 2, len - 1 };
    outcome o = run_cuts(data, len, cuts, 3, 0);
    cr_assert_eq(o.status, ASSESS_ELIMIT, "status %d", o.status);
    cr_assert_eq(o.err_line, 2, "error line %lu", o.err_line);
    outcome_free(&o);
    free(data);
}

/*
 * A field of exactly CSV_FIELD_MAX bytes is accepted however the input is
 * cut, even when a feed ends right after its closing quote or inside its
 * trailing blanks (which libcsv still holds at that point).
 */
Test(csv_stream, field_at_limit_accepted_however_chunked)
{
    static const char *const pre[] = { "id,v\n\"", "id,v\n" };
    static const char *const post[] = { "\",1\n", "  ,1\n" };
    for (int k = 0; k < 2; k++) {
        size_t len;
        char *data = make_big(pre[k], 'q', CSV_FIELD_MAX, post[k], &len);
        size_t body_end = strlen(pre[k]) + CSV_FIELD_MAX;
        size_t splits[] = { 0, body_end - 1, body_end, body_end + 1,
                            body_end + 2 };
        for (size_t i = 0; i < sizeof splits / sizeof *splits; i++) {
            outcome o = run_cuts(data, len, &splits[i], splits[i] ? 1 : 0, 0);
            cr_expect_eq(o.status, ASSESS_OK,
                         "%s field of exactly %u bytes: the first feed ends "
                         "at offset %zu, the field's last byte is at "
                         "offset %zu: status %d",
                         k ? "unquoted" : "quoted", CSV_FIELD_MAX, splits[i],
                         body_end - 1, o.status);
            cr_expect_eq(o.calls, 2);
            outcome_free(&o);
        }
        free(data);
    }
}

Test(csv_stream, field_at_limit_has_full_length)
{
    size_t len;
    char *data = make_big("\"", 'w', CSV_FIELD_MAX, "\"\n", &len);
    collector c = { 0 };
    assess_error err;
    csv_stream *s = csv_stream_new("big.csv", collect, &c);
    assess_error_init(&err);
    cr_assert_eq(csv_stream_feed(s, data, len, &err), ASSESS_OK);
    cr_assert_eq(csv_stream_finish(s, &err), ASSESS_OK);
    cr_assert_eq(c.n, 1);
    cr_assert_eq(c.rec[0].len[0], CSV_FIELD_MAX);
    cr_assert_eq(c.rec[0].field[0][CSV_FIELD_MAX - 1], 'w');
    csv_stream_free(s);
    collector_free(&c);
    free(data);
}

Test(csv_stream, too_many_fields)
{
    size_t len;
    /* CSV_FIELDS_MAX commas: CSV_FIELDS_MAX + 1 fields, on line 2 */
    char *data = make_big("id\n", ',', CSV_FIELDS_MAX, "\n", &len);
    outcome o = run_whole(data, len);
    cr_assert_eq(o.status, ASSESS_ELIMIT, "status %d", o.status);
    cr_assert_eq(o.err_line, 2, "error line %lu", o.err_line);
    outcome_free(&o);
    free(data);
}

Test(csv_stream, fields_at_limit_accepted)
{
    size_t len;
    char *data = make_big("", ',', CSV_FIELDS_MAX - 1, "\n", &len);
    collector c = { 0 };
    assess_error err;
    csv_stream *s = csv_stream_new("wide.csv", collect, &c);
    assess_error_init(&err);
    cr_assert_eq(csv_stream_feed(s, data, len, &err), ASSESS_OK);
    cr_assert_eq(csv_stream_finish(s, &err), ASSESS_OK);
    cr_assert_eq(c.n, 1);
    cr_assert_eq(c.rec[0].n, CSV_FIELDS_MAX);
    csv_stream_free(s);
    collector_free(&c);
    free(data);
}

/* ---- Bytes ------------------------------------------------------------------ */

Test(csv_stream, nul_bytes_keep_length)
{
    static const char data[] = "a\0b,\"c\0\",\0\n";
    collector c = { 0 };
    assess_error err;
    csv_stream *s = csv_stream_new("nul.csv", collect, &c);
    assess_error_init(&err);
    cr_assert_eq(csv_stream_feed(s, data, sizeof data - 1, &err), ASSESS_OK);
    cr_assert_eq(csv_stream_finish(s, &err), ASSESS_OK);
    cr_assert_eq(c.n, 1);
    cr_assert_eq(c.rec[0].n, 3);
    cr_assert_eq(c.rec[0].len[0], 3);
    cr_assert(memcmp(c.rec[0].field[0], "a\0b", 3) == 0);
    cr_assert_eq(c.rec[0].len[1], 2);
    cr_assert(memcmp(c.rec[0].field[1], "c\0", 2) == 0);
    cr_assert_eq(c.rec[0].len[2], 1);
    cr_assert_eq(c.rec[0].field[2][0], '\0');
    csv_stream_free(s);
    collector_free(&c);
    assert_chunking_invariant(data, sizeof data - 1);
}

Test(csv_stream, blanks_around_unquoted_fields_trimmed)
{
    expect_records(LIT(" a , b\t,\" c \"\n"), "1:a|b| c \n", 0);
}

/* ---- The callback ----------------------------------------------------------- */

Test(csv_stream, callback_error_stops_stream)
{
    static const char data[] = "r1\nr2\nr3\nr4\n";
    collector c = { 0 };
    assess_error err;
    csv_stream *s = csv_stream_new("cb.csv", collect, &c);

    c.fail_at = 2;
    c.fail_status = ASSESS_EDATA;
    assess_error_init(&err);
    cr_assert_eq(csv_stream_feed(s, data, sizeof data - 1, &err), ASSESS_EDATA);
    cr_assert_eq(c.calls, 2, "callback called %zu times", c.calls);
    cr_assert_eq(err.status, ASSESS_EDATA);
    cr_assert_eq(err.line, 2);
    cr_assert_str_eq(err.message, "callback stops at 'r2'");
    /* later feeds and the finish return the same status, calling nothing */
    cr_assert_eq(csv_stream_feed(s, LIT("r5\n"), &err), ASSESS_EDATA);
    cr_assert_eq(csv_stream_finish(s, &err), ASSESS_EDATA);
    cr_assert_eq(c.calls, 2);
    cr_assert_str_eq(err.message, "callback stops at 'r2'");
    csv_stream_free(s);
    collector_free(&c);
}

Test(csv_stream, callback_error_same_however_chunked)
{
    static const char data[] = "r1\n\"r\n2\"\nr3\nr4\n";
    size_t len = sizeof data - 1;
    size_t *cuts = xmalloc(len * sizeof *cuts);
    outcome whole = run_cuts(data, len, NULL, 0, 3), o;
    cr_assert_eq(whole.status, ASSESS_EDATA);
    cr_assert_eq(whole.err_line, 4);
    cr_assert_eq(whole.calls, 3);
    for (size_t i = 1; i < len; i++)
        cuts[i - 1] = i;
    o = run_cuts(data, len, cuts, len - 1, 3);
    assert_same_outcome(&whole, &o, "1 byte at a time, failing callback");
    outcome_free(&o);
    for (size_t i = 0; i <= len; i++) {
        o = run_cuts(data, len, &i, 1, 3);
        assert_same_outcome(&whole, &o, "split, failing callback");
        outcome_free(&o);
    }
    outcome_free(&whole);
    free(cuts);
}

Test(csv_stream, callback_error_on_last_record_at_finish)
{
    collector c = { 0 };
    assess_error err;
    csv_stream *s = csv_stream_new("cb.csv", collect, &c);
    c.fail_at = 2;
    c.fail_status = ASSESS_ENOMEM;
    assess_error_init(&err);
    cr_assert_eq(csv_stream_feed(s, LIT("r1\nr2"), &err), ASSESS_OK);
    cr_assert_eq(c.calls, 1);
    cr_assert_eq(csv_stream_finish(s, &err), ASSESS_ENOMEM);
    cr_assert_eq(c.calls, 2);
    cr_assert_eq(err.line, 2);
    csv_stream_free(s);
    collector_free(&c);
}

/* ---- How the input is chunked does not change the result ------------------- */

Test(csv_stream, chunking_invariance)
{
    static const struct {
        const char *data;
        size_t len;
    } inputs[] = {
        { LIT("subject_id,rater_id,value\nS1,R1,3\nS2,R2,4\n") },
        { LIT("\xef\xbb\xbf" "h1,\"h 2\"\r\n\"a,b\",\"c\"\"d\"\r\n\r\n"
              "\"multi\r\nline\nfield\",x\r\nlast,row") },
        { LIT("a\r\rb\rc\r\"q\rq\"\r") },
        { LIT("\n\n\"\",,\" \"\n ,\t,x \n\"unterminated\n,\n") },
        { LIT("\xef\xbb" "x\n\xef\xbb\xbf\n") },
        { LIT("\xef") },
        { LIT("a\0b,\"\0\"\n\"x\"\"\",y\"z\n") },
        { LIT("a\rb\nc\r\nd\n\r\n\n\re") },
        { LIT("\"a\"\"\",\"\"\"b\"\n\"\"\"\"\"\"\n") },
    };
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++)
        assert_chunking_invariant(inputs[i].data, inputs[i].len);
}

Test(csv_stream, chunking_invariance_longer_input)
{
    /* a few hundred records with every kind of field, in random chunks */
    sbuf b = { 0 };
    uint64_t state = 12345;
    sb_puts(&b, "\xef\xbb\xbf" "id,text,n\r\n");
    for (int r = 0; r < 300; r++) {
        char line[128];
        static const char *const texts[] = {
            "plain", "\"with, comma\"", "\"quote \"\"here\"\"\"",
            "\"two\r\nlines\"", "\"lf\nonly\"", "", "\"\"",
        };
        snprintf(line, sizeof line, "%d,%s,%d%s", r,
                 texts[rng_next(&state) % 7], (int)(rng_next(&state) % 100),
                 rng_next(&state) % 5 ? "\r\n" : "\r\n\r\n");
        sb_puts(&b, line);
    }
    {
        outcome whole = run_whole(b.p, b.len), o;
        cr_assert_eq(whole.status, ASSESS_OK);
        cr_assert_eq(whole.calls, 301);
        o = run_bytewise(b.p, b.len);
        assert_same_outcome(&whole, &o, "1 byte at a time");
        outcome_free(&o);
        for (uint64_t seed = 1; seed <= 30; seed++) {
            o = run_random(b.p, b.len, seed, 997);
            assert_same_outcome(&whole, &o, "in random chunks");
            outcome_free(&o);
        }
        outcome_free(&whole);
    }
    free(b.p);
}

/* ---- The same records as libcsv -------------------------------------------- */

/*
 * The reference: libcsv itself (csv_parse with CSV_REPALL_NL, the rules
 * engine/input_csv_stream.c follows), fed one byte at a time so that every
 * record's end is known by its position.  A record starts on the line
 * after the physical line ends (CR, or LF not after a CR) up to the byte
 * that ended the record before it.
 */
#include <csv.h>

typedef struct reference {
    const unsigned char *data;
    size_t pos;        /* of the byte being fed */
    long last_end;     /* position of the byte that ended the last record */
    sbuf fields;       /* the record so far, as records_text() has it */
    size_t n_fields;
    sbuf text;         /* records_text() of the records */
    unsigned long blank;
} reference;

static unsigned long line_ends(const unsigned char *data, size_t n)
{
    unsigned long ends = 0;
    for (size_t i = 0; i < n; i++)
        if (data[i] == '\r' || (data[i] == '\n' && (i == 0 || data[i - 1] != '\r')))
            ends++;
    return ends;
}

static void ref_field(void *field, size_t len, void *userdata)
{
    reference *r = userdata;
    if (r->n_fields++)
        sb_putc(&r->fields, '|');
    sb_bytes(&r->fields, field, len);
}

static void ref_record(int c, void *userdata)
{
    reference *r = userdata;
    if (r->n_fields) {
        char num[32];
        snprintf(num, sizeof num, "%lu:",
                 1 + line_ends(r->data, (size_t)(r->last_end + 1)));
        sb_puts(&r->text, num);
        for (size_t i = 0; i < r->fields.len; i++)
            sb_putc(&r->text, r->fields.p[i]);
        sb_putc(&r->text, '\n');
    } else if (c != -1 &&
               !(c == '\n' && r->pos > 0 && r->data[r->pos - 1] == '\r')) {
        r->blank++;
    }
    r->n_fields = 0;
    r->fields.len = 0;
    if (r->fields.p)
        r->fields.p[0] = '\0';
    r->last_end = (long)r->pos;
}

/* Random bytes, `len` below `max`, from `alphabet` (NUL-terminated; a
 * NUL in it counts). */
static size_t random_csv(char *buf, size_t max, const char *alphabet,
                         size_t n_alphabet, uint64_t *state)
{
    size_t len = (size_t)(rng_next(state) % max);
    for (size_t i = 0; i < len; i++)
        buf[i] = alphabet[rng_next(state) % n_alphabet];
    return len;
}

/* `cases` random inputs from `alphabet`, each read as libcsv reads it
 * with `delim` between fields, whole and in random chunks. */
static void compare_with_libcsv(const char *alphabet, size_t n_alphabet,
                                size_t max, int cases, uint64_t state,
                                char delim)
{
    char *data = xmalloc(max);

    run_delim = delim;

    for (int n = 0; n < cases; n++) {
        size_t len = random_csv(data, max, alphabet, n_alphabet, &state);
        struct csv_parser p;
        reference r = { 0 };
        int open_quote;
        outcome got, chunked;

        r.data = (const unsigned char *)data;
        r.last_end = -1;
        sb_putc(&r.text, 'x');
        r.text.len = 0;
        r.text.p[0] = '\0';
        cr_assert_eq(csv_init(&p, CSV_REPALL_NL | CSV_APPEND_NULL), 0);
        csv_set_delim(&p, (unsigned char)delim);
        for (r.pos = 0; r.pos < len; r.pos++)
            cr_assert_eq(csv_parse(&p, data + r.pos, 1, ref_field, ref_record,
                                   &r), 1);
        open_quote = p.pstate == 2 && p.quoted; /* FIELD_BEGUN, quoted */
        if (!open_quote)
            csv_fini(&p, ref_field, ref_record, &r);
        csv_free(&p);

        got = run_whole(data, len);
        cr_assert_str_eq(got.records, r.text.p,
                         "case %d: records differ from libcsv's:\n--- "
                         "libcsv\n%s--- csv_stream\n%s",
                         n, r.text.p, got.records);
        if (open_quote) {
            cr_assert_eq(got.status, ASSESS_EFORMAT, "case %d: open quote", n);
            cr_assert_eq(got.err_line,
                         1 + line_ends(r.data, (size_t)(r.last_end + 1)),
                         "case %d: the open quote's line", n);
        } else {
            cr_assert_eq(got.status, ASSESS_OK, "case %d: status %d", n,
                         got.status);
            cr_assert_eq(got.blank, r.blank, "case %d: %lu blank lines, "
                         "libcsv %lu", n, got.blank, r.blank);
            cr_assert_eq(got.line, 1 + line_ends(r.data, len),
                         "case %d: last line", n);
        }
        chunked = run_random(data, len, (uint64_t)n + 1, 9);
        assert_same_outcome(&got, &chunked, "in random chunks");
        outcome_free(&chunked);
        outcome_free(&got);
        free(r.fields.p);
        free(r.text.p);
    }
    free(data);
    run_delim = ',';
}

/* Mostly the bytes CSV gives a meaning: every state, every transition. */
Test(csv_stream, same_records_as_libcsv)
{
    static const char alphabet[] = "ab,,,\"\"\"\"  \t\r\n\n\n\0\xc3";
    compare_with_libcsv(alphabet, sizeof alphabet - 1, 160, 20000, 20261121,
                        ',');
}

/* Mostly plain bytes, in fields of every length around the 16 bytes the
 * tokenizer looks at together, with the plain bytes next to the ones
 * that matter ('!' and the control bytes below the quote and the blank). */
Test(csv_stream, same_records_as_libcsv_long_plain_fields)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789"
                                   "abcdefghijklmnopqrstuvwxyz0123456789"
                                   "!#\x01\x08\x0b\x0c\x1f\x7f\xc3\xff\0"
                                   ",,,,,,\n\n\r\"  \t";
    compare_with_libcsv(alphabet, sizeof alphabet - 1, 700, 4000, 11211, ',');
}

/* Excel's exports in a European locale separate fields with semicolons
 * (and write decimal commas, plain bytes here); its "Unicode text" with
 * tabs, which are then no blank.  The comma is an ordinary byte in both. */
Test(csv_stream, same_records_as_libcsv_semicolons)
{
    static const char alphabet[] = "ab;;;,,\"\"\"\"  \t\r\n\n\n\0\xc3";
    compare_with_libcsv(alphabet, sizeof alphabet - 1, 160, 20000, 20261122,
                        ';');
}

Test(csv_stream, same_records_as_libcsv_tabs)
{
    static const char alphabet[] = "ab\t\t\t,;\"\"\"\"  \t\r\n\n\n\0\xc3";
    compare_with_libcsv(alphabet, sizeof alphabet - 1, 160, 20000, 20261123,
                        '\t');
}

Test(csv_stream, same_records_as_libcsv_long_plain_fields_tabs)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789"
                                   "abcdefghijklmnopqrstuvwxyz0123456789"
                                   "!#\x01\x08\x0b\x0c\x1f\x7f\xc3\xff\0"
                                   "\t\t\t\t\t\t\n\n\r\"  ,;";
    compare_with_libcsv(alphabet, sizeof alphabet - 1, 700, 4000, 11212,
                        '\t');
}
