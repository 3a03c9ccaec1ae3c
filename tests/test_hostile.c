/*
 * test_hostile.c - hostile and broken response files (issue 8): each one
 * is refused, or its row rejected, with a message that names the file and
 * the line; nothing crashes; memory stays bounded; and the account always
 * adds up (rows read = used + rejected, rejected = the sum over reasons).
 * Instrument: Leadership 360 (instruments/leadership-360.xml: items
 * COM1..TRU6, groups self, manager, peer, direct_report, other, values
 * 1..5 with missing code 0).
 *
 * Where each case of the list is tested.  No other file checks
 * that a message names the file, so every case below is read here once
 * through check_case() for that; "here" says what else this file adds.
 *
 *   NUL in a value            here only: nul_in_value (long and wide)
 *   NUL in an id              test_responses.c reject_bad_text (rater_id,
 *                             quoted and not), test_csv_stream.c
 *                             nul_bytes_keep_length (the bytes kept);
 *                             here: nul_in_ids (subject_id, wave, item_id,
 *                             rater_group)
 *   invalid UTF-8 in an id    test_responses.c reject_bad_text (subject_id,
 *                             wave); here: invalid_utf8_in_ids (rater_id,
 *                             item_id, rater_group)
 *   invalid UTF-8 in a value  here only: invalid_utf8_in_value
 *   invalid UTF-8 in header   test_responses.c
 *                             invalid_utf8_header_is_format_error (status
 *                             only); here: bad_header_text (line, column,
 *                             a NUL byte too)
 *   unterminated quote, EOF   test_responses.c
 *                             unterminated_quote_is_format_error and
 *                             test_csv_stream.c unterminated_quote_* (the
 *                             quote opens before more rows);
 *                             run-threads.sh open-quote.csv (CLI, threads);
 *                             here: unterminated_quote_at_end_of_file
 *                             (the last bytes of the file, the rows before
 *                             it in the account)
 *   10 MB field               test_csv_stream.c field_over_limit_* (1 MiB
 *                             and more, cut anywhere) and
 *                             unterminated_quote_runs_into_limit (3 MiB),
 *                             stream only; run-threads.sh long-field.csv
 *                             (1.1 MB, CLI); here: field_10mb (quoted in a
 *                             row, unquoted in the header; the message
 *                             names the limit) and memory_bounded
 *   100,000 columns           test_csv_stream.c too_many_fields (32,769
 *                             fields, stream only); here: columns_100000
 *                             (header and data row) and memory_bounded
 *   empty file                test_responses.c empty_file_is_format_error
 *                             (status); run-threads.sh empty.csv (CLI);
 *                             here: empty_file (file, line, message)
 *   header with no rows       test_responses.c header_only_warns;
 *                             run-threads.sh header-only.csv (CLI); here:
 *                             header_without_rows (file; with and without
 *                             a last line end)
 *   duplicate column names    test_responses.c
 *                             duplicate_column_is_format_error (a standard
 *                             column); here: duplicate_columns (an item
 *                             column of the wide layout too)
 *   missing required column   test_responses.c missing_subject_id_...,
 *                             missing_rater_id_..., missing_rater_group_...,
 *                             layout_forced_long_needs_item_and_value
 *                             (item_id); here: missing_required_columns
 *                             (value too, with the layout told and forced)
 *
 * check_case() reads a case whole, through assess_responses_read_file()
 * with one thread and with two, and (cases under 64 KiB) a byte at a time
 * and in random chunks, and requires the same outcome every way.
 *
 * nothing_lost and nothing_lost_threads are property tests over a few
 * hundred mutated files: every row of the file is in the account, the
 * rows read are the records an independent count (csv_stream) finds, and
 * one and two threads give the same account.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "account_text.h"
#include "assess.h"
#include "input_csv_stream.h"
#include "rng.h"

/* A string literal and its length, NUL bytes included. */
#define LIT(s) s, (sizeof s - 1)

#define LONG_HEADER "subject_id,rater_id,rater_group,wave,item_id,value\n"
#define GOOD_ROW "E1,R1,self,1,COM1,4\n"
#define WIDE_HEADER "subject_id,rater_id,rater_group,wave,COM1,COM2,COM3\n"

/* ---- Fixture: the instrument, a temporary directory, diagnostics --------- */

typedef struct diag_rec {
    assess_severity severity;
    char *file;
    unsigned long line;
    assess_reject reason;
    char *message;
} diag_rec;

typedef struct diag_list {
    diag_rec *d;
    size_t n, cap;
} diag_list;

static assess_instrument *inst;
static char tmpdir[64];
static char case_path[128]; /* the name every case is read under */

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    cr_assert_not_null(p, "out of memory in the test");
    return p;
}

static char *xstrdup(const char *s)
{
    char *p = strdup(s ? s : "");
    cr_assert_not_null(p, "out of memory in the test");
    return p;
}

static void on_diag(const assess_diag *d, void *userdata)
{
    diag_list *l = userdata;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->d = realloc(l->d, l->cap * sizeof *l->d);
        cr_assert_not_null(l->d);
    }
    l->d[l->n].severity = d->severity;
    l->d[l->n].file = xstrdup(d->file);
    l->d[l->n].line = d->line;
    l->d[l->n].reason = d->reason;
    l->d[l->n].message = xstrdup(d->message);
    l->n++;
}

static void diags_free(diag_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->d[i].file);
        free(l->d[i].message);
    }
    free(l->d);
    memset(l, 0, sizeof *l);
}

static void setup(void)
{
    assess_error err;
    assess_error_init(&err);
    inst = assess_instrument_load(INSTRUMENTS "/leadership-360.xml", NULL,
                                  NULL, &err);
    cr_assert_not_null(inst, "cannot load the instrument: %s", err.message);
    strcpy(tmpdir, "/tmp/test_hostile.XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
    snprintf(case_path, sizeof case_path, "%s/case.csv", tmpdir);
}

static void teardown(void)
{
    unlink(case_path);
    rmdir(tmpdir);
    assess_instrument_free(inst);
    inst = NULL;
}

TestSuite(hostile, .init = setup, .fini = teardown);

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "cannot write %s", path);
    cr_assert_eq(fwrite(data, 1, len, f), len);
    cr_assert_eq(fclose(f), 0);
}

/* ---- One read and what came of it ------------------------------------------ */

typedef struct outcome {
    assess_status status;
    assess_error err;
    assess_account account;
    diag_list diags;
    char *diag_text; /* every diagnostic, one a line, for comparisons */
    char *account_text;
} outcome;

static void finish_outcome(outcome *o, assess_responses *r)
{
    char *p = NULL;
    size_t size = 0;
    FILE *f;

    o->account = *assess_responses_account(r);
    o->account_text = account_text(&o->account);
    f = open_memstream(&p, &size);
    cr_assert_not_null(f);
    for (size_t i = 0; i < o->diags.n; i++)
        fprintf(f, "%d %s:%lu: [%s] %s\n", (int)o->diags.d[i].severity,
                o->diags.d[i].file, o->diags.d[i].line,
                assess_reject_name(o->diags.d[i].reason),
                o->diags.d[i].message);
    fclose(f);
    o->diag_text = p;
}

static void outcome_free(outcome *o)
{
    diags_free(&o->diags);
    free(o->diag_text);
    free(o->account_text);
}

static assess_responses *new_table(const assess_read_options *base,
                                   diag_list *diags)
{
    assess_read_options o;
    assess_error err;
    assess_responses *r;
    if (base)
        o = *base;
    else
        assess_read_options_init(&o);
    o.diag = on_diag;
    o.userdata = diags;
    assess_error_init(&err);
    r = assess_responses_new(inst, &o, &err);
    cr_assert_not_null(r, "assess_responses_new: %s", err.message);
    return r;
}

enum { FEED_WHOLE = 0, FEED_BYTES = 1 }; /* or a seed > 1: random chunks */

/*
 * Reads `data` as the file `name` through begin / feed / end: whole, a
 * byte at a time, or in random chunks of 0..max_chunk bytes from a seed.
 * After a failed feed nothing more is fed, and end must return the same
 * failure.
 */
static outcome read_fed(const char *name, const char *data, size_t len,
                        uint64_t how, size_t max_chunk,
                        const assess_read_options *opts)
{
    outcome o;
    assess_responses *r;
    size_t pos = 0;
    uint64_t state = how * 0x9e3779b97f4a7c15ULL + 3;

    memset(&o, 0, sizeof o);
    r = new_table(opts, &o.diags);
    assess_error_init(&o.err);
    o.status = assess_responses_begin(r, name, &o.err);
    cr_assert_eq(o.status, ASSESS_OK, "begin: %s", o.err.message);
    while (pos < len && o.status == ASSESS_OK) {
        size_t n = how == FEED_WHOLE ? len
                   : how == FEED_BYTES ? 1
                                       : (size_t)(rng_next(&state) %
                                                  (max_chunk + 1));
        if (n > len - pos)
            n = len - pos;
        o.status = assess_responses_feed(r, data + pos, n, &o.err);
        pos += n;
    }
    if (o.status == ASSESS_OK) {
        o.status = assess_responses_end(r, &o.err);
    } else {
        assess_status again = assess_responses_end(r, &o.err);
        cr_assert_eq(again, o.status, "end after a failed feed: %d, not %d",
                     again, o.status);
    }
    finish_outcome(&o, r);
    assess_responses_free(r);
    return o;
}

/* Reads a file on disk with assess_responses_read_file(). */
static outcome read_path(const char *path, unsigned threads,
                         const assess_read_options *opts)
{
    assess_read_options ro;
    outcome o;
    assess_responses *r;

    if (opts)
        ro = *opts;
    else
        assess_read_options_init(&ro);
    ro.threads = threads;
    memset(&o, 0, sizeof o);
    r = new_table(&ro, &o.diags);
    assess_error_init(&o.err);
    o.status = assess_responses_read_file(r, path, &o.err);
    finish_outcome(&o, r);
    assess_responses_free(r);
    return o;
}

static void assert_identity(const assess_account *a, const char *what)
{
    uint64_t sum = 0;
    for (int k = 0; k < ASSESS_REJECT__COUNT; k++)
        sum += a->rejected[k];
    cr_assert_eq(a->rejected[ASSESS_REJECT_NONE], 0, "%s", what);
    cr_assert_eq(a->rows_read, a->rows_used + a->rows_rejected,
                 "%s: rows read %llu != used %llu + rejected %llu", what,
                 (unsigned long long)a->rows_read,
                 (unsigned long long)a->rows_used,
                 (unsigned long long)a->rows_rejected);
    cr_assert_eq(a->rows_rejected, sum,
                 "%s: rows rejected %llu != %llu, the sum over reasons", what,
                 (unsigned long long)a->rows_rejected, (unsigned long long)sum);
}

/* Two reads of one file must agree: status, error, diagnostics and the
 * account, blank lines included. */
static void assert_same(const outcome *want, const outcome *got,
                        const char *how)
{
    cr_assert_eq(got->status, want->status, "status %d %s, %d whole",
                 got->status, how, want->status);
    if (want->status != ASSESS_OK) {
        cr_assert_eq(got->err.status, want->err.status, "%s", how);
        cr_assert_eq(got->err.line, want->err.line,
                     "error line %lu %s, %lu whole", got->err.line, how,
                     want->err.line);
        cr_assert_str_eq(got->err.file, want->err.file, "%s", how);
        cr_assert_str_eq(got->err.message, want->err.message, "%s", how);
    }
    cr_assert_str_eq(got->diag_text, want->diag_text,
                     "diagnostics differ %s:\n%s\nwhole:\n%s", how,
                     got->diag_text, want->diag_text);
    cr_assert_str_eq(got->account_text, want->account_text,
                     "account differs %s:\n%s\nwhole:\n%s", how,
                     got->account_text, want->account_text);
}

/* ---- The cases ---------------------------------------------------------------- */

#define ANY_LINE 0UL

/*
 * A hostile input and what must come of it: the read fails with `status`
 * (err names the file, `line` and holds `phrase`), or it succeeds with
 * exactly one diagnostic of `severity` (and, for an error, `reason`) that
 * names the file, `line` and holds `phrase`.  rows_read and rows_used are
 * what the account must say.
 */
typedef struct hostile_case {
    const char *what;
    const char *data;
    size_t len;
    assess_layout layout;
    assess_status status;
    assess_severity severity;
    assess_reject reason;
    unsigned long line;
    const char *phrase;
    uint64_t rows_read, rows_used;
} hostile_case;

static void expect_outcome(const hostile_case *c, const outcome *o)
{
    assert_identity(&o->account, c->what);
    cr_assert_eq(o->account.rows_read, c->rows_read,
                 "%s: %llu rows read, expected %llu", c->what,
                 (unsigned long long)o->account.rows_read,
                 (unsigned long long)c->rows_read);
    cr_assert_eq(o->account.rows_used, c->rows_used, "%s: %llu rows used",
                 c->what, (unsigned long long)o->account.rows_used);
    if (c->status != ASSESS_OK) {
        cr_assert_eq(o->status, c->status, "%s: status %d, expected %d (%s)",
                     c->what, o->status, c->status, o->err.message);
        cr_assert_eq(o->err.status, c->status, "%s", c->what);
        cr_assert_str_eq(o->err.file, case_path, "%s: the error names '%s'",
                         c->what, o->err.file);
        cr_assert_eq(o->err.line, c->line, "%s: error on line %lu, not %lu",
                     c->what, o->err.line, c->line);
        cr_assert_not_null(strstr(o->err.message, c->phrase),
                           "%s: the message '%s' does not say '%s'", c->what,
                           o->err.message, c->phrase);
        return;
    }
    cr_assert_eq(o->status, ASSESS_OK, "%s: status %d: %s", c->what,
                 o->status, o->err.message);
    {
        const diag_rec *d = NULL;
        size_t n = 0;
        for (size_t i = 0; i < o->diags.n; i++)
            if (o->diags.d[i].severity == c->severity) {
                d = &o->diags.d[i];
                n++;
            }
        cr_assert_eq(n, 1, "%s: %zu diagnostics of severity %d:\n%s",
                     c->what, n, c->severity, o->diag_text);
        cr_assert_str_eq(d->file, case_path, "%s: the diagnostic names '%s'",
                         c->what, d->file);
        if (c->line == ANY_LINE)
            cr_assert_geq(d->line, 1, "%s: no line", c->what);
        else
            cr_assert_eq(d->line, c->line, "%s: line %lu, not %lu (%s)",
                         c->what, d->line, c->line, d->message);
        cr_assert_eq(d->reason, c->reason, "%s: reason %s, expected %s",
                     c->what, assess_reject_name(d->reason),
                     assess_reject_name(c->reason));
        cr_assert_not_null(strstr(d->message, c->phrase),
                           "%s: the message '%s' does not say '%s'", c->what,
                           d->message, c->phrase);
        if (c->severity == ASSESS_ERROR) {
            cr_assert_eq(o->account.rows_rejected, 1, "%s", c->what);
            cr_assert_eq(o->account.rejected[c->reason], 1, "%s", c->what);
        }
    }
}

/*
 * Reads a case every way (see the top of the file), checks the first
 * read against the case and every other read against the first.
 */
static void check_case(const hostile_case *c)
{
    assess_read_options opts;
    outcome whole, o;
    char how[64];

    assess_read_options_init(&opts);
    opts.layout = c->layout;
    whole = read_fed(case_path, c->data, c->len, FEED_WHOLE, 0, &opts);
    expect_outcome(c, &whole);
    if (c->len <= 65536) {
        o = read_fed(case_path, c->data, c->len, FEED_BYTES, 0, &opts);
        assert_same(&whole, &o, "fed a byte at a time");
        outcome_free(&o);
    }
    /* Random chunks for small inputs only: cutting at a limit is
     * test_csv_stream.c's, and a read of a big input takes seconds under
     * AddressSanitizer. */
    for (uint64_t seed = 2; c->len <= 65536 && seed <= 4; seed++) {
        o = read_fed(case_path, c->data, c->len, seed,
                     seed == 2 ? 4093 : seed == 3 ? 7 : 251, &opts);
        snprintf(how, sizeof how, "fed in random chunks (seed %llu)",
                 (unsigned long long)seed);
        assert_same(&whole, &o, how);
        outcome_free(&o);
    }
    write_file(case_path, c->data, c->len);
    for (unsigned threads = 1; threads <= 2; threads++) {
        o = read_path(case_path, threads, &opts);
        snprintf(how, sizeof how, "through read_file, %u thread%s", threads,
                 threads == 1 ? "" : "s");
        assert_same(&whole, &o, how);
        outcome_free(&o);
    }
    unlink(case_path);
    outcome_free(&whole);
}

#define ROW_CASE(what_, data_, layout_, reason_, line_, phrase_, read_, used_) \
    { what_, LIT(data_), layout_, ASSESS_OK, ASSESS_ERROR, reason_, line_,    \
      phrase_, read_, used_ }
#define FILE_CASE(what_, data_, layout_, status_, line_, phrase_, read_, used_) \
    { what_, LIT(data_), layout_, status_, ASSESS_ERROR, ASSESS_REJECT_NONE,  \
      line_, phrase_, read_, used_ }

static void check_cases(const hostile_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++)
        check_case(&cases[i]);
}

Test(hostile, nul_in_value)
{
    static const hostile_case cases[] = {
        ROW_CASE("NUL after a value, long", LONG_HEADER GOOD_ROW
                 "E1,R1,self,1,COM2,3\0\n",
                 ASSESS_LAYOUT_AUTO, ASSESS_REJECT_NOT_A_NUMBER, 3,
                 "'3\\x00' is neither a number", 2, 1),
        ROW_CASE("NUL inside a quoted value, long", LONG_HEADER GOOD_ROW
                 "E1,R1,self,1,COM2,\"\0" "4\"\n",
                 ASSESS_LAYOUT_AUTO, ASSESS_REJECT_NOT_A_NUMBER, 3,
                 "'\\x004' is neither a number", 2, 1),
        ROW_CASE("a NUL for a value, long", LONG_HEADER GOOD_ROW
                 "E1,R1,self,1,COM2,\0\n",
                 ASSESS_LAYOUT_AUTO, ASSESS_REJECT_NOT_A_NUMBER, 3,
                 "item 'COM2'", 2, 1),
        ROW_CASE("NUL inside a label, long", LONG_HEADER GOOD_ROW
                 "E1,R1,self,1,COM2,Agr\0ee\n",
                 ASSESS_LAYOUT_AUTO, ASSESS_REJECT_NOT_A_NUMBER, 3,
                 "'Agr\\x00ee'", 2, 1),
        ROW_CASE("NUL inside a value, wide", WIDE_HEADER
                 "E1,R1,self,1,1,2,3\n"
                 "E1,R2,peer,1,1,2\0" "2,3\n",
                 ASSESS_LAYOUT_AUTO, ASSESS_REJECT_NOT_A_NUMBER, 3,
                 "item 'COM2': '2\\x002'", 2, 1),
    };
    check_cases(cases, sizeof cases / sizeof *cases);
}

Test(hostile, nul_in_ids)
{
    static const hostile_case cases[] = {
        ROW_CASE("NUL in subject_id", LONG_HEADER GOOD_ROW
                 "E\0" "1,R1,self,1,COM2,3\n",
                 ASSESS_LAYOUT_AUTO, ASSESS_REJECT_BAD_TEXT, 3,
                 "subject_id 'E\\x001'", 2, 1),
        ROW_CASE("NUL in wave", LONG_HEADER GOOD_ROW
                 "E1,R1,self,\"1\0\",COM2,3\n",
                 ASSESS_LAYOUT_AUTO, ASSESS_REJECT_BAD_TEXT, 3,
                 "wave '1\\x00'", 2, 1),
        ROW_CASE("NUL in item_id", LONG_HEADER GOOD_ROW
                 "E1,R1,self,1,COM\0" "2,3\n",
                 ASSESS_LAYOUT_AUTO, ASSESS_REJECT_BAD_TEXT, 3,
                 "item_id 'COM\\x002'", 2, 1),
        ROW_CASE("NUL in rater_group", LONG_HEADER GOOD_ROW
                 "E1,R1,se\0lf,1,COM2,3\n",
                 ASSESS_LAYOUT_AUTO, ASSESS_REJECT_UNKNOWN_GROUP, 3,
                 "rater group 'se\\x00lf'", 2, 1),
        ROW_CASE("NUL in rater_id, wide", WIDE_HEADER
                 "E1,R1,self,1,1,2,3\n"
                 "E1,\0,peer,1,1,2,3\n",
                 ASSESS_LAYOUT_AUTO, ASSESS_REJECT_BAD_TEXT, 3,
                 "rater_id '\\x00'", 2, 1),
    };
    check_cases(cases, sizeof cases / sizeof *cases);
}

Test(hostile, invalid_utf8_in_ids)
{
    static const hostile_case cases[] = {
        ROW_CASE("a lone continuation byte in rater_id", LONG_HEADER GOOD_ROW
                 "E1,R\x80,self,1,COM2,3\n",
                 ASSESS_LAYOUT_AUTO, ASSESS_REJECT_BAD_TEXT, 3,
                 "rater_id 'R\\x80'", 2, 1),
        ROW_CASE("an overlong '/' in item_id", LONG_HEADER GOOD_ROW
                 "E1,R1,self,1,COM\xc0\xaf,3\n",
                 ASSESS_LAYOUT_AUTO, ASSESS_REJECT_BAD_TEXT, 3,
                 "item_id 'COM\\xc0\\xaf'", 2, 1),
        ROW_CASE("above U+10FFFF in subject_id", LONG_HEADER GOOD_ROW
                 "\xf4\x90\x80\x80,R1,self,1,COM2,3\n",
                 ASSESS_LAYOUT_AUTO, ASSESS_REJECT_BAD_TEXT, 3,
                 "subject_id", 2, 1),
        ROW_CASE("Latin-1 in rater_group", LONG_HEADER GOOD_ROW
                 "E1,R1,Pe\xe9r,1,COM2,3\n",
                 ASSESS_LAYOUT_AUTO, ASSESS_REJECT_UNKNOWN_GROUP, 3,
                 "rater group 'Pe\\xe9r'", 2, 1),
        ROW_CASE("a cut sequence in rater_id, wide", WIDE_HEADER
                 "E1,R1,self,1,1,2,3\n"
                 "E1,R\xe2\x82,peer,1,1,2,3\n",
                 ASSESS_LAYOUT_AUTO, ASSESS_REJECT_BAD_TEXT, 3,
                 "rater_id 'R\\xe2\\x82'", 2, 1),
    };
    check_cases(cases, sizeof cases / sizeof *cases);
}

Test(hostile, invalid_utf8_in_value)
{
    static const hostile_case cases[] = {
        ROW_CASE("a high byte for a value, long", LONG_HEADER GOOD_ROW
                 "E1,R1,self,1,COM2,\xff\n",
                 ASSESS_LAYOUT_AUTO, ASSESS_REJECT_NOT_A_NUMBER, 3,
                 "item 'COM2': '\\xff' is neither a number", 2, 1),
        ROW_CASE("a cut sequence after a digit, long", LONG_HEADER GOOD_ROW
                 "E1,R1,self,1,COM2,4\xc3\n",
                 ASSESS_LAYOUT_AUTO, ASSESS_REJECT_NOT_A_NUMBER, 3,
                 "'4\\xc3'", 2, 1),
        ROW_CASE("Latin-1 label, long", LONG_HEADER GOOD_ROW
                 "E1,R1,self,1,COM2,\"Agr\xe9\xe9\"\n",
                 ASSESS_LAYOUT_AUTO, ASSESS_REJECT_NOT_A_NUMBER, 3,
                 "'Agr\\xe9\\xe9'", 2, 1),
        ROW_CASE("a surrogate in a value, wide", WIDE_HEADER
                 "E1,R1,self,1,1,2,3\n"
                 "E1,R2,peer,1,1,2,\xed\xa0\x80\n",
                 ASSESS_LAYOUT_AUTO, ASSESS_REJECT_NOT_A_NUMBER, 3,
                 "item 'COM3'", 2, 1),
    };
    check_cases(cases, sizeof cases / sizeof *cases);
}

Test(hostile, bad_header_text)
{
    static const hostile_case cases[] = {
        FILE_CASE("a high byte in the header",
                  "subject_id,rater_id,rater_group,wave,item_id,value\xff\n"
                  GOOD_ROW,
                  ASSESS_LAYOUT_AUTO, ASSESS_EFORMAT, 1,
                  "column 6: 'value\\xff' is not valid UTF-8", 0, 0),
        FILE_CASE("a NUL in the header",
                  "subject_id,rater_id,rat\0er_group,wave,item_id,value\n"
                  GOOD_ROW,
                  ASSESS_LAYOUT_AUTO, ASSESS_EFORMAT, 1,
                  "column 3: 'rat\\x00er_group'", 0, 0),
        FILE_CASE("invalid UTF-8 in an unread column, after blank lines",
                  "\n\r\nsubject_id,rater_id,rater_group,wave,\"\xc3(\","
                  "item_id,value\n" GOOD_ROW,
                  ASSESS_LAYOUT_AUTO, ASSESS_EFORMAT, 3, "column 5", 0, 0),
        FILE_CASE("Latin-1 in a wide header",
                  "subject_id,rater_id,rater_group,COM1,Q\xe9\n"
                  "E1,R1,self,3,4\n",
                  ASSESS_LAYOUT_AUTO, ASSESS_EFORMAT, 1, "column 5", 0, 0),
    };
    check_cases(cases, sizeof cases / sizeof *cases);
}

Test(hostile, unterminated_quote_at_end_of_file)
{
    static const hostile_case cases[] = {
        FILE_CASE("the last value opens a quote",
                  LONG_HEADER GOOD_ROW "E1,R1,self,1,COM2,\"3",
                  ASSESS_LAYOUT_AUTO, ASSESS_EFORMAT, 3,
                  "a quoted field is not closed", 1, 1),
        FILE_CASE("the last row's first field opens a quote, after blanks",
                  LONG_HEADER GOOD_ROW "\n\n\"E1,R1,self,1,COM2,3\n",
                  ASSESS_LAYOUT_AUTO, ASSESS_EFORMAT, 5,
                  "a quoted field is not closed", 1, 1),
        FILE_CASE("a lone quote is the last byte",
                  LONG_HEADER GOOD_ROW GOOD_ROW "\"",
                  ASSESS_LAYOUT_AUTO, ASSESS_EFORMAT, 4,
                  "a quoted field is not closed", 2, 1),
        FILE_CASE("the header opens a quote",
                  "subject_id,rater_id,\"rater_group\n" GOOD_ROW,
                  ASSESS_LAYOUT_AUTO, ASSESS_EFORMAT, 1,
                  "a quoted field is not closed", 0, 0),
    };
    /* the rows before the open quote are read and counted (the third
     * case's second row is a duplicate of the first) */
    check_cases(cases, sizeof cases / sizeof *cases);
}

/* prefix, then n bytes of c, then suffix; its length in *len. */
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

#define TEN_MB 10000000u

Test(hostile, field_10mb)
{
    static const struct {
        const char *what, *prefix, *suffix;
        unsigned long line;
        uint64_t rows;
    } big[] = {
        { "a quoted 10 MB value", LONG_HEADER GOOD_ROW "E1,R1,self,1,COM2,\"",
          "\"\n" GOOD_ROW, 3, 1 },
        { "an unquoted 10 MB header column", "subject_id,rater_id,",
          "\n" GOOD_ROW, 1, 0 },
    };
    for (size_t i = 0; i < sizeof big / sizeof *big; i++) {
        hostile_case c = { big[i].what, NULL, 0, ASSESS_LAYOUT_AUTO,
                           ASSESS_ELIMIT, ASSESS_ERROR, ASSESS_REJECT_NONE,
                           big[i].line, "longer than 1 MiB", big[i].rows,
                           big[i].rows };
        char *data = make_big(big[i].prefix, 'x', TEN_MB, big[i].suffix,
                              &c.len);
        c.data = data;
        check_case(&c);
        free(data);
    }
}

/* A header or a data row of 100,000 columns: 25-byte names or values,
 * 2.6 MB in all, so that holding them all would show (memory_bounded). */
#define WIDE_COLUMNS 100000u

static void put_column(FILE *f, size_t i, int header)
{
    fprintf(f, header ? ",column_name_number_%06zu" : ",a_long_value_text_%06zu",
            i);
}

static char *many_columns(int in_header, size_t *len)
{
    char *p = NULL;
    FILE *f = open_memstream(&p, len);
    cr_assert_not_null(f);
    if (in_header) {
        fputs("subject_id,rater_id,rater_group,wave,item_id,value", f);
        for (size_t i = 0; i < WIDE_COLUMNS; i++)
            put_column(f, i, 1);
        fputs("\n" GOOD_ROW, f);
    } else {
        fputs(LONG_HEADER GOOD_ROW "E1,R1,self,1,COM2,3", f);
        for (size_t i = 0; i < WIDE_COLUMNS; i++)
            put_column(f, i, 0);
        fputs("\n" GOOD_ROW, f);
    }
    cr_assert_eq(fclose(f), 0);
    return p;
}

Test(hostile, columns_100000)
{
    for (int in_header = 1; in_header >= 0; in_header--) {
        hostile_case c = { in_header ? "100,000 columns in the header"
                                     : "100,000 columns in a data row",
                           NULL, 0, ASSESS_LAYOUT_AUTO, ASSESS_ELIMIT,
                           ASSESS_ERROR, ASSESS_REJECT_NONE,
                           in_header ? 1 : 3, "more than 32768 fields",
                           in_header ? 0 : 1, in_header ? 0 : 1 };
        char *data = many_columns(in_header, &c.len);
        c.data = data;
        check_case(&c);
        free(data);
    }
}

Test(hostile, empty_file)
{
    static const hostile_case cases[] = {
        FILE_CASE("no bytes", "", ASSESS_LAYOUT_AUTO, ASSESS_EFORMAT, 1,
                  "the file is empty", 0, 0),
        FILE_CASE("a byte order mark", "\xef\xbb\xbf", ASSESS_LAYOUT_AUTO,
                  ASSESS_EFORMAT, 1, "the file is empty", 0, 0),
        FILE_CASE("blank lines", "\n\r\n\r\n\n", ASSESS_LAYOUT_AUTO,
                  ASSESS_EFORMAT, 1, "the file is empty", 0, 0),
    };
    check_cases(cases, sizeof cases / sizeof *cases);
}

Test(hostile, header_without_rows)
{
    /* Which line the warning names differs: the header's (1) when the file
     * ends without a line end, the line after it (2) when it ends with
     * one; so only a line is required, not which. */
    static const hostile_case cases[] = {
        { "a header and its line end", LIT(LONG_HEADER), ASSESS_LAYOUT_AUTO,
          ASSESS_OK, ASSESS_WARNING, ASSESS_REJECT_NONE, ANY_LINE,
          "no data rows after the header", 0, 0 },
        { "a header without a line end",
          LIT("subject_id,rater_id,rater_group,wave,item_id,value"),
          ASSESS_LAYOUT_AUTO,
          ASSESS_OK, ASSESS_WARNING, ASSESS_REJECT_NONE, ANY_LINE,
          "no data rows after the header", 0, 0 },
        { "a header and blank lines", LIT(LONG_HEADER "\n\r\n\n"),
          ASSESS_LAYOUT_AUTO, ASSESS_OK, ASSESS_WARNING, ASSESS_REJECT_NONE,
          ANY_LINE, "no data rows after the header", 0, 0 },
    };
    check_cases(cases, sizeof cases / sizeof *cases);
}

Test(hostile, duplicate_columns)
{
    static const hostile_case cases[] = {
        FILE_CASE("an item column twice, wide",
                  "subject_id,rater_id,rater_group,COM1,COM2,COM1\n"
                  "E1,R1,self,3,4,5\n",
                  ASSESS_LAYOUT_AUTO, ASSESS_EFORMAT, 1,
                  "column 'COM1' appears twice (columns 4 and 6)", 0, 0),
        FILE_CASE("a column not read, twice",
                  "StartDate,subject_id,rater_id,rater_group,item_id,value,"
                  "StartDate\n"
                  "x,E1,R1,self,COM1,3,y\n",
                  ASSESS_LAYOUT_AUTO, ASSESS_EFORMAT, 1,
                  "column 'StartDate' appears twice (columns 1 and 7)", 0, 0),
        FILE_CASE("value twice, long, after a blank line",
                  "\nsubject_id,rater_id,rater_group,item_id,value,value\n"
                  "E1,R1,self,COM1,3,4\n",
                  ASSESS_LAYOUT_AUTO, ASSESS_EFORMAT, 2,
                  "column 'value' appears twice", 0, 0),
        FILE_CASE("an empty column name twice",
                  "subject_id,,rater_id,rater_group,item_id,value,\n"
                  "E1,,R1,self,COM1,3,\n",
                  ASSESS_LAYOUT_AUTO, ASSESS_EFORMAT, 1,
                  "column '' appears twice (columns 2 and 7)", 0, 0),
    };
    check_cases(cases, sizeof cases / sizeof *cases);
}

Test(hostile, missing_required_columns)
{
    static const hostile_case cases[] = {
        FILE_CASE("no subject_id, long",
                  "rater_id,rater_group,wave,item_id,value\nR1,self,1,COM1,3\n",
                  ASSESS_LAYOUT_AUTO, ASSESS_EFORMAT, 1,
                  "the required column 'subject_id' is missing", 0, 0),
        FILE_CASE("no rater_id, wide",
                  "subject_id,rater_group,COM1\nE1,self,3\n",
                  ASSESS_LAYOUT_AUTO, ASSESS_EFORMAT, 1,
                  "the required column 'rater_id' is missing", 0, 0),
        FILE_CASE("no rater_group, wide",
                  "subject_id,rater_id,COM1\nE1,R1,3\n",
                  ASSESS_LAYOUT_AUTO, ASSESS_EFORMAT, 1,
                  "the required column 'rater_group' is missing", 0, 0),
        FILE_CASE("no item_id, long told",
                  "subject_id,rater_id,rater_group,value\nE1,R1,self,3\n",
                  ASSESS_LAYOUT_LONG, ASSESS_EFORMAT, 1,
                  "the required column 'item_id' is missing", 0, 0),
        FILE_CASE("no value, long told",
                  "subject_id,rater_id,rater_group,item_id\nE1,R1,self,COM1\n",
                  ASSESS_LAYOUT_LONG, ASSESS_EFORMAT, 1,
                  "the required column 'value' is missing", 0, 0),
        /* Without --layout, a file without value is neither long nor wide:
         * the message says what a long file needs. */
        FILE_CASE("no value, layout from the header",
                  "subject_id,rater_id,rater_group,wave,item_id\n"
                  "E1,R1,self,1,COM1\n",
                  ASSESS_LAYOUT_AUTO, ASSESS_EFORMAT, 1,
                  "item_id and value columns", 0, 0),
        FILE_CASE("no item_id, layout from the header, after a BOM",
                  "\xef\xbb\xbfsubject_id,rater_id,rater_group,value\n"
                  "E1,R1,self,3\n",
                  ASSESS_LAYOUT_AUTO, ASSESS_EFORMAT, 1,
                  "item_id and value columns", 0, 0),
    };
    check_cases(cases, sizeof cases / sizeof *cases);
}

/* ---- Bounded memory ------------------------------------------------------------- */

/* Peak resident memory of this process so far, KiB (Linux's unit). */
static long peak_kib(void)
{
    struct rusage ru;
    cr_assert_eq(getrusage(RUSAGE_SELF, &ru), 0);
    return ru.ru_maxrss;
}

/* Resident memory now, KiB. */
static long resident_kib(void)
{
    long pages = 0, size;
    FILE *f = fopen("/proc/self/statm", "r");
    cr_assert_not_null(f);
    cr_assert_eq(fscanf(f, "%ld %ld", &size, &pages), 2);
    fclose(f);
    return pages * (sysconf(_SC_PAGESIZE) / 1024);
}

/*
 * The growth bound, 4 MiB.  What the caps allow a read to hold: a field
 * of at most 1 MiB (CSV_FIELD_MAX) plus the 64 KiB slice libcsv is given
 * at a time before the length is checked; a row of at most 32,768 fields
 * (CSV_FIELDS_MAX), whose offset, length and pointer arrays take 768 KiB,
 * with here 26 bytes of text each, 832 KiB (1 MiB allocated); the 1 MiB
 * read buffer of assess_responses_read_file() (with two threads the
 * parser thread's, plus its stack and batches of a few KiB).  About 2.9
 * MiB at most; 4 MiB leaves room for code pages first touched and
 * malloc's rounding.  Without the caps the 10 MB field alone would be
 * 10 MB, and 100,000 columns 2.6 MB of text in a buffer doubled to 4 MiB
 * plus 2.3 MiB of arrays: either would exceed it.  (Measured on the
 * development machine: 1.4 to 2.7 MiB with the caps; 4.7 to 30 MiB with
 * them raised above these inputs.)
 */
#define GROWTH_BOUND_KIB 4096

typedef struct memory_case {
    int input;        /* 0: a 10 MB field, 1: 100,000 header columns,
                         2: 100,000 columns in a data row */
    unsigned threads; /* 0: fed in 64 KiB chunks; 1, 2: read_file */
} memory_case;

/* Appends part of the case's input to `buf` (size `cap`) and returns its
 * length; 0 at the end.  Generated piece by piece, so that the input is
 * never in memory whole and cannot hide what the read uses. */
static size_t memory_input(const memory_case *m, uint64_t *pos, char *buf,
                           size_t cap)
{
    size_t n = 0;
    if (m->input == 0) {
        /* pos 0 the start, 1..TEN_MB + 1 one past the x's so far, then
         * the end */
        static const char head[] = LONG_HEADER GOOD_ROW "E1,R1,self,1,COM2,\"";
        if (*pos == 0) {
            n = sizeof head - 1;
            memcpy(buf, head, n);
            *pos = 1;
        } else if (*pos <= TEN_MB) {
            n = TEN_MB + 1 - *pos < cap ? (size_t)(TEN_MB + 1 - *pos) : cap;
            memset(buf, 'x', n);
            *pos += n;
        } else if (*pos == TEN_MB + 1) {
            n = 2;
            memcpy(buf, "\"\n", 2);
            (*pos)++;
        }
        return n;
    }
    /* columns: pos 0 the start, 1..WIDE_COLUMNS the columns, then the end */
    if (*pos == 0) {
        const char *start = m->input == 1
                                ? "subject_id,rater_id,rater_group,wave,"
                                  "item_id,value"
                                : LONG_HEADER GOOD_ROW "E1,R1,self,1,COM2,3";
        n = strlen(start);
        memcpy(buf, start, n);
        (*pos)++;
    } else if (*pos <= WIDE_COLUMNS) {
        while (*pos <= WIDE_COLUMNS && n + 32 < cap) {
            n += (size_t)snprintf(buf + n, cap - n,
                                  m->input == 1 ? ",column_name_number_%06zu"
                                                : ",a_long_value_text_%06zu",
                                  (size_t)(*pos - 1));
            (*pos)++;
        }
    } else if (*pos == WIDE_COLUMNS + 1) {
        n = strlen("\n" GOOD_ROW);
        memcpy(buf, "\n" GOOD_ROW, n);
        (*pos)++;
    }
    return n;
}

ParameterizedTestParameters(hostile, memory_bounded)
{
    static memory_case cases[] = {
        { 0, 0 }, { 0, 1 }, { 0, 2 },
        { 1, 0 }, { 1, 1 }, { 1, 2 },
        { 2, 0 }, { 2, 1 }, { 2, 2 },
    };
    return cr_make_param_array(memory_case, cases,
                               sizeof cases / sizeof *cases);
}

/*
 * Criterion runs each parameter in a process of its own, so the peak of
 * this process is the peak of this one read.  The growth is measured
 * from the resident memory before the read (not the peak before it,
 * which may lie above what is resident then and hide part of the read)
 * to the peak after it: an upper bound of what the read held at once.
 */
ParameterizedTest(memory_case *m, hostile, memory_bounded)
{
    static const char *const names[] = { "a 10 MB field",
                                         "100,000 header columns",
                                         "100,000 columns in a row" };
    static const char *const phrases[] = { "longer than 1 MiB",
                                           "more than 32768 fields",
                                           "more than 32768 fields" };
    static const unsigned long lines[] = { 3, 1, 3 };
    const size_t cap = 65536;
    char *buf = NULL;
    uint64_t pos = 0, total = 0;
    size_t n;
    outcome o;
    long before, after, control;

#if defined(__SANITIZE_ADDRESS__)
    /* AddressSanitizer keeps freed blocks resident (its quarantine): the
     * resident size then says nothing of what the reader holds. */
    teardown(); /* a skipped test does not get the suite's fini */
    cr_skip_test("resident memory is not measured under AddressSanitizer");
#endif
    buf = xmalloc(cap);
    if (m->threads) { /* the file first, outside the measure */
        FILE *f = fopen(case_path, "wb");
        cr_assert_not_null(f);
        while ((n = memory_input(m, &pos, buf, cap)) > 0) {
            cr_assert_eq(fwrite(buf, 1, n, f), n);
            total += n;
        }
        cr_assert_eq(fclose(f), 0);
        before = resident_kib();
        o = read_path(case_path, m->threads, NULL);
        after = peak_kib();
    } else {
        assess_responses *r;
        memset(&o, 0, sizeof o);
        before = resident_kib();
        r = new_table(NULL, &o.diags);
        assess_error_init(&o.err);
        cr_assert_eq(assess_responses_begin(r, case_path, &o.err), ASSESS_OK);
        o.status = ASSESS_OK;
        while (o.status == ASSESS_OK &&
               (n = memory_input(m, &pos, buf, cap)) > 0) {
            o.status = assess_responses_feed(r, buf, n, &o.err);
            total += n;
        }
        if (o.status == ASSESS_OK)
            o.status = assess_responses_end(r, &o.err);
        else
            assess_responses_end(r, &o.err);
        finish_outcome(&o, r);
        assess_responses_free(r);
        after = peak_kib();
    }
    cr_assert_eq(o.status, ASSESS_ELIMIT, "%s (%u threads): status %d: %s",
                 names[m->input], m->threads, o.status, o.err.message);
    cr_assert_str_eq(o.err.file, case_path);
    cr_assert_eq(o.err.line, lines[m->input], "%s: line %lu", names[m->input],
                 o.err.line);
    cr_assert_not_null(strstr(o.err.message, phrases[m->input]), "%s: %s",
                       names[m->input], o.err.message);
    assert_identity(&o.account, names[m->input]);
    cr_assert_lt(after - before, GROWTH_BOUND_KIB,
                 "%s, %s: memory grew by %ld KiB (bound %d KiB); %llu bytes "
                 "%s", names[m->input],
                 m->threads ? (m->threads == 1 ? "read_file, 1 thread"
                                               : "read_file, 2 threads")
                            : "fed",
                 after - before, GROWTH_BOUND_KIB, (unsigned long long)total,
                 m->threads ? "in the file" : "fed");
    cr_log_info("%s, %s: %ld KiB", names[m->input],
                m->threads ? (m->threads == 1 ? "read_file, 1 thread"
                                              : "read_file, 2 threads")
                           : "fed",
                after - before);
    outcome_free(&o);
    free(buf);
    unlink(case_path);

    /* The measure can fail: 10 MB held at once shows in it. */
    {
        char *big = xmalloc(TEN_MB);
        before = resident_kib();
        memset(big, 1, TEN_MB);
        control = peak_kib() - before;
        cr_assert_geq(control, 2 * GROWTH_BOUND_KIB,
                      "the measure missed 10 MB: %ld KiB", control);
        free(big);
    }
}

/* ---- Nothing lost: mutated files -------------------------------------------------- */

/* Grows a byte buffer. */
typedef struct bytes {
    char *p;
    size_t len, cap;
} bytes;

static void b_put(bytes *b, const void *data, size_t len)
{
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + len + 1)
            cap *= 2;
        b->p = realloc(b->p, cap);
        cr_assert_not_null(b->p);
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, len);
    b->len += len;
    b->p[b->len] = '\0';
}

static void b_puts(bytes *b, const char *s)
{
    b_put(b, s, strlen(s));
}

/* The first `lines` lines of fixtures/demo/responses.csv (long). */
static bytes demo_head(size_t lines)
{
    bytes b = { 0 };
    char line[256];
    FILE *f = fopen(FIXTURES "/demo/responses.csv", "rb");
    cr_assert_not_null(f, "cannot open the demo responses");
    for (size_t i = 0; i < lines && fgets(line, sizeof line, f); i++)
        b_puts(&b, line);
    fclose(f);
    cr_assert_gt(b.len, 1000);
    return b;
}

/* A wide file: every item of the instrument a column, 40 raters. */
static bytes wide_file(void)
{
    static const char *const groups[] = { "self", "manager", "peer", "peer",
                                          "Peers", "direct_report", "other" };
    bytes b = { 0 };
    uint64_t state = 99;
    char cell[64];
    b_puts(&b, "subject_id,rater_id,rater_group,wave");
    for (size_t i = 0; i < assess_instrument_item_count(inst); i++) {
        b_puts(&b, ",");
        b_puts(&b, assess_instrument_item_id(inst, i));
    }
    b_puts(&b, "\n");
    for (int r = 0; r < 40; r++) {
        snprintf(cell, sizeof cell, "S%d,R%d,%s,%d", r / 8, r,
                 groups[r % 7], 1 + r % 2);
        b_puts(&b, cell);
        for (size_t i = 0; i < assess_instrument_item_count(inst); i++) {
            uint64_t v = rng_next(&state) % 7; /* 0 missing, 6 empty */
            if (v == 6)
                b_puts(&b, ",");
            else {
                snprintf(cell, sizeof cell, ",%d", (int)v);
                b_puts(&b, cell);
            }
        }
        b_puts(&b, "\n");
    }
    return b;
}

/*
 * The base file mutated from a seed: 1 to 4 of deleting a byte range,
 * duplicating a line (somewhere else), inserting garbage (quotes, commas,
 * line ends, NUL, high bytes, letters).
 */
static bytes mutate(const bytes *base, uint64_t seed)
{
    static const char garbage[] = "\"\",,\n\r\n\0\0\x80\xff\xc3\xe2\x82x7 ";
    uint64_t st = seed * 0x2545f4914f6cdd1dULL + 11;
    bytes b = { 0 };
    int ops = 1 + (int)(rng_next(&st) % 4);

    b_put(&b, base->p, base->len);
    for (int k = 0; k < ops; k++) {
        size_t at = b.len ? (size_t)(rng_next(&st) % b.len) : 0;
        switch (rng_next(&st) % 3) {
        case 0: { /* delete */
            size_t n = 1 + (size_t)(rng_next(&st) %
                                    (rng_next(&st) % 4 ? 40 : 600));
            if (n > b.len - at)
                n = b.len - at;
            memmove(b.p + at, b.p + at + n, b.len - at - n + 1);
            b.len -= n;
            break;
        }
        case 1: { /* duplicate the line holding `at`, at another line start */
            size_t s = at, e = at, to;
            char *copy;
            while (s > 0 && b.p[s - 1] != '\n')
                s--;
            while (e < b.len && b.p[e] != '\n')
                e++;
            if (e < b.len)
                e++;
            to = b.len ? (size_t)(rng_next(&st) % b.len) : 0;
            while (to > 0 && b.p[to - 1] != '\n')
                to--;
            copy = xmalloc(e - s);
            memcpy(copy, b.p + s, e - s);
            b_put(&b, copy, e - s); /* room */
            memmove(b.p + to + (e - s), b.p + to, b.len - (e - s) - to);
            memcpy(b.p + to, copy, e - s);
            free(copy);
            break;
        }
        default: { /* insert garbage */
            size_t n = 1 + (size_t)(rng_next(&st) % 8);
            char g[8];
            for (size_t i = 0; i < n; i++)
                g[i] = rng_next(&st) % 5
                           ? garbage[rng_next(&st) % (sizeof garbage - 1)]
                           : (char)(rng_next(&st) & 0xff);
            b_put(&b, g, n); /* room */
            memmove(b.p + at + n, b.p + at, b.len - n - at);
            memcpy(b.p + at, g, n);
            break;
        }
        }
    }
    return b;
}

/* The independent count: records and blank lines as csv_stream finds them
 * in the whole file, and the item columns of the first record. */
typedef struct tally {
    size_t records;
    unsigned long first_line;
    size_t item_columns;
} tally;

static assess_status tally_record(void *userdata, csv_record *rec,
                                  assess_error *err)
{
    tally *t = userdata;
    (void)err;
    if (t->records++ == 0) {
        t->first_line = rec->line;
        for (size_t i = 0; i < rec->n_fields; i++)
            for (size_t k = 0; k < assess_instrument_item_count(inst); k++)
                if (strlen(rec->field[i]) == rec->len[i] &&
                    strcmp(rec->field[i], assess_instrument_item_id(inst, k)) ==
                        0)
                    t->item_columns++;
    }
    return ASSESS_OK;
}

typedef struct count {
    tally t;
    assess_status status;
    assess_error err;
    unsigned long blank;
} count;

static count count_records(const char *data, size_t len)
{
    count c;
    csv_stream *s;
    memset(&c, 0, sizeof c);
    assess_error_init(&c.err);
    s = csv_stream_new(case_path, tally_record, &c.t);
    cr_assert_not_null(s);
    c.status = csv_stream_feed(s, data, len, &c.err);
    if (c.status == ASSESS_OK)
        c.status = csv_stream_finish(s, &c.err);
    c.blank = csv_stream_blank_lines(s);
    csv_stream_free(s);
    return c;
}

/* What kinds of outcome the mutated files gave, so that the property is
 * seen to hold on rejected rows and on failed files, not only clean ones. */
typedef struct mix {
    size_t clean, with_rejects, stream_failed, header_failed;
} mix;

/*
 * Checks one read of a mutated file against the independent count: the
 * account adds up; the rows read are the records after the header and
 * the skipped rows (none when the header was refused); every rejected row
 * has its diagnostics, on its own line, naming the file; the answers are
 * one a used row (long) or one an item column a used row (wide).
 */
static void check_nothing_lost(const char *what, const bytes *file,
                               const outcome *o, unsigned long skip, int wide,
                               mix *seen)
{
    const assess_account *a = &o->account;
    count c = count_records(file->p, file->len);
    uint64_t expect_rows;
    size_t reason_diags = 0, lines = 0;
    unsigned long last_line = 0;

    assert_identity(a, what);
    expect_rows = c.t.records > 1 + skip ? c.t.records - 1 - skip : 0;
    if (o->status == ASSESS_OK) {
        cr_assert_eq(c.status, ASSESS_OK, "%s: read, but the count failed: %s",
                     what, c.err.message);
        cr_assert_eq(a->rows_read, expect_rows,
                     "%s: %llu rows read, %llu records after the header and "
                     "%lu skipped", what, (unsigned long long)a->rows_read,
                     (unsigned long long)expect_rows, skip);
        cr_assert_eq(a->header_rows, c.t.records - expect_rows, "%s", what);
        cr_assert_eq(a->blank_lines, c.blank, "%s: %llu blank lines, not %lu",
                     what, (unsigned long long)a->blank_lines, c.blank);
        if (a->rows_rejected)
            seen->with_rejects++;
        else
            seen->clean++;
    } else if (c.status != ASSESS_OK && o->status == c.status &&
               o->err.line == c.err.line &&
               strcmp(o->err.message, c.err.message) == 0) {
        /* the stream failed: the records before the failure were read */
        cr_assert_eq(a->rows_read, expect_rows,
                     "%s: %llu rows read before '%s', %llu records", what,
                     (unsigned long long)a->rows_read, c.err.message,
                     (unsigned long long)expect_rows);
        cr_assert_str_eq(o->err.file, case_path, "%s", what);
        seen->stream_failed++;
    } else {
        /* the reader refused the header (or the file was empty) */
        cr_assert_eq(o->status, ASSESS_EFORMAT, "%s: status %d: %s", what,
                     o->status, o->err.message);
        cr_assert_eq(a->rows_read, 0, "%s", what);
        cr_assert_str_eq(o->err.file, case_path, "%s", what);
        cr_assert_eq(o->err.line, c.t.records ? c.t.first_line : 1,
                     "%s: error on line %lu: %s", what, o->err.line,
                     o->err.message);
        seen->header_failed++;
    }
    for (size_t i = 0; i < o->diags.n; i++) {
        const diag_rec *d = &o->diags.d[i];
        cr_assert_str_eq(d->file, case_path, "%s: a diagnostic names '%s'",
                         what, d->file);
        cr_assert_geq(d->line, 1, "%s: %s", what, d->message);
        if (d->severity == ASSESS_WARNING) {
            cr_assert_eq(d->reason, ASSESS_REJECT_NONE, "%s", what);
            continue;
        }
        cr_assert_neq(d->reason, ASSESS_REJECT_NONE,
                      "%s: an error without a reason: %s", what, d->message);
        reason_diags++;
        cr_assert_geq(d->line, last_line, "%s: diagnostics out of order",
                      what);
        lines += d->line != last_line;
        last_line = d->line;
    }
    cr_assert_eq(lines, a->rows_rejected,
                 "%s: %zu lines with rejections, %llu rows rejected:\n%s",
                 what, lines, (unsigned long long)a->rows_rejected,
                 o->diag_text);
    if (wide) {
        cr_assert_geq(reason_diags, a->rows_rejected, "%s", what);
        if (o->status == ASSESS_OK)
            cr_assert_eq(a->answers, a->rows_used * c.t.item_columns,
                         "%s: %llu answers, %llu rows of %zu items", what,
                         (unsigned long long)a->answers,
                         (unsigned long long)a->rows_used, c.t.item_columns);
    } else {
        cr_assert_eq(reason_diags, a->rows_rejected, "%s", what);
        cr_assert_eq(a->answers, a->rows_used, "%s", what);
    }
    cr_assert_leq(a->missing, a->answers, "%s", what);
}

#define MUTANTS 300

static void assert_mix(const mix *seen, const char *what)
{
    /* the mutations must give every kind of outcome, or the property was
     * only tried on easy files */
    cr_assert_geq(seen->with_rejects, MUTANTS / 3, "%s: %zu files with "
                  "rejected rows (clean %zu, stream %zu, header %zu)", what,
                  seen->with_rejects, seen->clean, seen->stream_failed,
                  seen->header_failed);
    cr_assert_geq(seen->stream_failed, 5, "%s: %zu files the stream failed",
                  what, seen->stream_failed);
    cr_assert_geq(seen->header_failed, 1, "%s: %zu headers refused", what,
                  seen->header_failed);
    cr_log_info("%s: %zu clean, %zu with rejected rows, %zu failed in the "
                "stream, %zu refused at the header", what, seen->clean,
                seen->with_rejects, seen->stream_failed, seen->header_failed);
}

/* Mutant k: even from the demo's first 400 lines (long), odd from a wide
 * file; skip_rows 0, 0, 1 or 2. */
static void mutant(uint64_t k, const bytes *lng, const bytes *wid, bytes *out,
                   assess_read_options *opts, int *wide)
{
    *wide = (int)(k % 2);
    *out = mutate(*wide ? wid : lng, k + 1);
    assess_read_options_init(opts);
    opts->skip_rows = k % 4 < 2 ? 0 : k % 4 - 1;
}

Test(hostile, nothing_lost)
{
    bytes lng = demo_head(400), wid = wide_file();
    mix seen = { 0 };

    for (uint64_t k = 0; k < MUTANTS; k++) {
        assess_read_options opts;
        bytes file;
        int wide;
        char what[96];
        outcome o, whole;

        mutant(k, &lng, &wid, &file, &opts, &wide);
        snprintf(what, sizeof what, "mutant %llu (%s, skip %lu, %zu bytes)",
                 (unsigned long long)k, wide ? "wide" : "long",
                 opts.skip_rows, file.len);
        o = read_fed(case_path, file.p, file.len, k + 2, 1 + k % 300, &opts);
        check_nothing_lost(what, &file, &o, opts.skip_rows, wide, &seen);
        /* and the cuts do not matter */
        whole = read_fed(case_path, file.p, file.len, FEED_WHOLE, 0, &opts);
        assert_same(&whole, &o, what);
        outcome_free(&whole);
        outcome_free(&o);
        free(file.p);
    }
    assert_mix(&seen, "fed in random chunks");
    free(lng.p);
    free(wid.p);
}

Test(hostile, nothing_lost_threads)
{
    bytes lng = demo_head(400), wid = wide_file();
    mix seen = { 0 };

    for (uint64_t k = 0; k < MUTANTS; k++) {
        assess_read_options opts;
        bytes file;
        int wide;
        char what[96];
        outcome one, two, fed;

        mutant(k, &lng, &wid, &file, &opts, &wide);
        snprintf(what, sizeof what, "mutant %llu (%s, skip %lu)",
                 (unsigned long long)k, wide ? "wide" : "long",
                 opts.skip_rows);
        write_file(case_path, file.p, file.len);
        one = read_path(case_path, 1, &opts);
        two = read_path(case_path, 2, &opts);
        check_nothing_lost(what, &file, &two, opts.skip_rows, wide, &seen);
        /* one thread and two: the same account, byte for byte, and the
         * same messages */
        assert_same(&one, &two, what);
        /* and the same as begin/feed/end */
        fed = read_fed(case_path, file.p, file.len, FEED_WHOLE, 0, &opts);
        assert_same(&fed, &one, what);
        outcome_free(&one);
        outcome_free(&two);
        outcome_free(&fed);
        free(file.p);
    }
    unlink(case_path);
    assert_mix(&seen, "read_file with two threads");
    free(lng.p);
    free(wid.p);
}
