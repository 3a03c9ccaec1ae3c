/*
 * test_responses.c - reading response files into the response table
 * (engine/input_responses.c, engine/input_reader.c) through the public API,
 * with the Leadership 360 instrument (instruments/leadership-360.xml:
 * items COM1..TRU6, groups self, manager, peer, direct_report, other;
 * response scale agree5 1..5 with missing code 0 "Not observed").
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "account_text.h"
#include "assess.h"
#include "rng.h"

#define LIT(s) s, (sizeof s - 1)

static const char LONG_HEADER[] =
    "subject_id,rater_id,rater_group,wave,item_id,value\n";

/* ---- Fixture: the instrument and the diagnostics ---------------------------- */

typedef struct diag_rec {
    assess_severity severity;
    unsigned long line;
    assess_reject reason;
    char *message;
} diag_rec;

typedef struct diag_list {
    diag_rec *d;
    size_t n, cap;
} diag_list;

static assess_instrument *inst;
static diag_list diags;

static void on_diag(const assess_diag *d, void *userdata)
{
    diag_list *l = userdata;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->d = realloc(l->d, l->cap * sizeof *l->d);
        cr_assert_not_null(l->d);
    }
    l->d[l->n].severity = d->severity;
    l->d[l->n].line = d->line;
    l->d[l->n].reason = d->reason;
    l->d[l->n].message = strdup(d->message ? d->message : "");
    cr_assert_not_null(l->d[l->n].message);
    l->n++;
}

static void diags_clear(diag_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->d[i].message);
    l->n = 0;
}

static void setup(void)
{
    assess_error err;
    assess_error_init(&err);
    inst = assess_instrument_load(INSTRUMENTS "/leadership-360.xml", NULL,
                                  NULL, &err);
    cr_assert_not_null(inst, "cannot load the instrument: %s", err.message);
    cr_assert_eq(assess_instrument_item_count(inst), 48);
    memset(&diags, 0, sizeof diags);
}

static void teardown(void)
{
    diags_clear(&diags);
    free(diags.d);
    memset(&diags, 0, sizeof diags);
    assess_instrument_free(inst);
    inst = NULL;
}

TestSuite(responses, .init = setup, .fini = teardown);

/* Diagnostics of a severity; with reason, that reason only. */
static size_t count_diags(assess_severity sev)
{
    size_t n = 0;
    for (size_t i = 0; i < diags.n; i++)
        n += diags.d[i].severity == sev;
    return n;
}

/* The first error diagnostic (there must be one). */
static const diag_rec *first_error(void)
{
    for (size_t i = 0; i < diags.n; i++)
        if (diags.d[i].severity == ASSESS_ERROR)
            return &diags.d[i];
    cr_assert_fail("no error diagnostic");
    return NULL;
}

static char *diags_text(const diag_list *l)
{
    char *p = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&p, &size);
    cr_assert_not_null(f);
    for (size_t i = 0; i < l->n; i++)
        fprintf(f, "%d:%lu:%s:%s\n", (int)l->d[i].severity, l->d[i].line,
                assess_reject_name(l->d[i].reason), l->d[i].message);
    fclose(f);
    return p;
}

/* ---- Reading ------------------------------------------------------------------ */

static assess_responses *new_table(const assess_read_options *base)
{
    assess_read_options o;
    assess_error err;
    assess_responses *r;
    if (base)
        o = *base;
    else
        assess_read_options_init(&o);
    o.diag = on_diag;
    o.userdata = &diags;
    assess_error_init(&err);
    r = assess_responses_new(inst, &o, &err);
    cr_assert_not_null(r, "assess_responses_new: %s", err.message);
    return r;
}


enum { FEED_WHOLE = 0, FEED_BYTES = 1 }; /* or a seed > 1: random chunks */

/*
 * Begins, feeds (whole, a byte at a time or in random chunks, some
 * empty) and ends one file.  Returns the first failure; `end` is called
 * after a failed feed as well, and must return the same failure.
 */
static assess_status read_text(assess_responses *r, const char *name,
                               const char *data, size_t len, uint64_t how,
                               assess_error *err)
{
    assess_status st;
    size_t pos = 0;
    uint64_t state = how * 0x9e3779b97f4a7c15ULL + 7;

    assess_error_init(err);
    st = assess_responses_begin(r, name, err);
    cr_assert_eq(st, ASSESS_OK, "begin: %s", err->message);
    while (pos < len && st == ASSESS_OK) {
        size_t n;
        if (how == FEED_WHOLE)
            n = len;
        else if (how == FEED_BYTES)
            n = 1;
        else
            n = (size_t)(rng_next(&state) % 97);
        if (n > len - pos)
            n = len - pos;
        st = assess_responses_feed(r, data + pos, n, err);
        pos += n;
    }
    if (st == ASSESS_OK)
        return assess_responses_end(r, err);
    cr_assert_eq(assess_responses_end(r, err), st,
                 "end after a failed feed changed the status");
    return st;
}

static assess_status read_str(assess_responses *r, const char *csv,
                              assess_error *err)
{
    return read_text(r, "test.csv", csv, strlen(csv), FEED_WHOLE, err);
}

/* A table of one file, read whole; the read must succeed. */
static assess_responses *table_of(const char *csv, const assess_read_options *o)
{
    assess_error err;
    assess_responses *r = new_table(o);
    assess_status st = read_str(r, csv, &err);
    cr_assert_eq(st, ASSESS_OK, "read failed (%d): %s:%lu: %s", st, err.file,
                 err.line, err.message);
    return r;
}

static char *dump(const assess_responses *r)
{
    char *d = assess_responses_dump(r);
    cr_assert_not_null(d, "assess_responses_dump returned NULL");
    return d;
}

static void assert_account_identity(const assess_account *a)
{
    uint64_t sum = 0;
    for (int k = 0; k < ASSESS_REJECT__COUNT; k++)
        sum += a->rejected[k];
    cr_assert_eq(a->rejected[ASSESS_REJECT_NONE], 0);
    cr_assert_eq(a->rows_read, a->rows_used + a->rows_rejected,
                 "rows_read %llu != used %llu + rejected %llu",
                 (unsigned long long)a->rows_read,
                 (unsigned long long)a->rows_used,
                 (unsigned long long)a->rows_rejected);
    cr_assert_eq(a->rows_rejected, sum, "rows_rejected %llu != sum %llu",
                 (unsigned long long)a->rows_rejected, (unsigned long long)sum);
}

/*
 * The expected dump of sets given one a line, in dump order:
 * "subject,rater,group,wave: ITEM=VALUE ITEM=VALUE"; items not named are
 * empty.  Every item of the instrument gets a line, in instrument order.
 */
static char *expect_dump(const char *const *sets, size_t n_sets)
{
    char *p = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&p, &size);
    cr_assert_not_null(f);
    for (size_t s = 0; s < n_sets; s++) {
        const char *colon = strchr(sets[s], ':');
        cr_assert_not_null(colon, "bad set spec in the test");
        for (size_t i = 0; i < assess_instrument_item_count(inst); i++) {
            const char *id = assess_instrument_item_id(inst, i);
            const char *value = "";
            size_t value_len = 0;
            const char *q = colon + 1;
            while (*q) {
                size_t n;
                while (*q == ' ')
                    q++;
                n = strcspn(q, "=");
                if (!q[n])
                    break;
                if (n == strlen(id) && strncmp(q, id, n) == 0) {
                    value = q + n + 1;
                    value_len = strcspn(value, " ");
                }
                q += n + 1;
                q += strcspn(q, " ");
            }
            fprintf(f, "%.*s,%s,%.*s\n", (int)(colon - sets[s]), sets[s], id,
                    (int)value_len, value);
        }
    }
    fclose(f);
    return p;
}

#define EXPECT_DUMP(...)                                                      \
    expect_dump((const char *const[]){ __VA_ARGS__ },                         \
                sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(char *))

static void assert_dump_eq(const assess_responses *r, const char *want)
{
    char *got = dump(r);
    cr_assert_str_eq(got, want, "dump:\n%s\nexpected:\n%s", got, want);
    free(got);
}

/* The lines of a dump that start with a prefix, joined. */
static char *dump_lines(const assess_responses *r, const char *prefix)
{
    char *d = dump(r), *out = NULL, *line = d;
    size_t size = 0;
    FILE *f = open_memstream(&out, &size);
    cr_assert_not_null(f);
    while (*line) {
        char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) + 1 : strlen(line);
        if (strncmp(line, prefix, strlen(prefix)) == 0)
            fwrite(line, 1, len, f);
        line += len;
    }
    fclose(f);
    free(d);
    return out;
}

/* Whether the dump has this line (text up to and with its '\n'), at the
 * start of a dump line. */
static int dump_has(const assess_responses *r, const char *line)
{
    char *d = dump(r);
    size_t n = strlen(line);
    int found = strncmp(d, line, n) == 0;
    for (const char *p = d; !found && (p = strchr(p, '\n')) != NULL; p++)
        found = strncmp(p + 1, line, n) == 0;
    free(d);
    return found;
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* ---- Long layout ---------------------------------------------------------------- */

static const char LONG_BASIC[] =
    "subject_id,rater_id,rater_group,wave,item_id,value\n"
    "S1,R1,self,1,COM1,3\n"
    "S1,R1,self,1,COM2,4\n"
    "S1,R2,manager,1,COM1,5\n"
    "S2,R1,peer,1,DEL1,2\n"
    "S2,R1,peer,2,DEL1,1\n"
    "S2,R1,peer,2,TRU6,5\n";

Test(responses, long_basic)
{
    assess_responses *r = table_of(LONG_BASIC, NULL);
    const assess_account *a = assess_responses_account(r);
    char *want;

    cr_assert_eq(assess_responses_subject_count(r), 2);
    cr_assert_eq(assess_responses_rater_count(r), 2);
    cr_assert_eq(assess_responses_wave_count(r), 2);
    cr_assert_eq(assess_responses_set_count(r), 4);
    cr_assert_str_eq(assess_responses_wave(r, 0), "1");
    cr_assert_str_eq(assess_responses_wave(r, 1), "2");
    cr_assert_null(assess_responses_wave(r, 2));

    cr_assert_eq(a->rows_read, 6);
    cr_assert_eq(a->rows_used, 6);
    cr_assert_eq(a->rows_rejected, 0);
    cr_assert_eq(a->header_rows, 1);
    cr_assert_eq(a->blank_lines, 0);
    cr_assert_eq(a->answers, 6);
    cr_assert_eq(a->missing, 0);
    cr_assert_eq(diags.n, 0, "unexpected diagnostics:\n%s", diags_text(&diags));

    want = EXPECT_DUMP("S1,R1,self,1: COM1=3 COM2=4",
                       "S1,R2,manager,1: COM1=5",
                       "S2,R1,peer,1: DEL1=2",
                       "S2,R1,peer,2: DEL1=1 TRU6=5");
    assert_dump_eq(r, want);
    /* spot-check the documented format against the helper itself */
    cr_assert(starts_with(want, "S1,R1,self,1,COM1,3\nS1,R1,self,1,COM2,4\n"
                                "S1,R1,self,1,COM3,\n"));
    free(want);
    assess_responses_free(r);
}

Test(responses, dump_sorted_by_subject_wave_rater)
{
    /* rows out of order: the dump is sorted by subject, wave, rater */
    assess_responses *r = table_of(
        "subject_id,rater_id,rater_group,wave,item_id,value\n"
        "B,R2,peer,2,COM1,1\n"
        "B,R1,self,2,COM1,2\n"
        "A,R9,manager,1,COM1,3\n"
        "B,R3,other,1,COM1,4\n",
        NULL);
    char *want = EXPECT_DUMP("A,R9,manager,1: COM1=3",
                             "B,R3,other,1: COM1=4",
                             "B,R1,self,2: COM1=2",
                             "B,R2,peer,2: COM1=1");
    assert_dump_eq(r, want);
    free(want);
    assess_responses_free(r);
}

/* ---- Long and wide ---------------------------------------------------------------- */

Test(responses, long_and_wide_same_table)
{
    static const char wide[] =
        "subject_id,rater_id,rater_group,wave,COM1,COM2,DEL1,TRU6\n"
        "S1,R1,self,1,3,4,,\n"
        "S1,R2,manager,1,5,,,\n"
        "S2,R1,peer,1,,,2,\n"
        "S2,R1,peer,2,,,1,5\n";
    assess_responses *l = table_of(LONG_BASIC, NULL);
    assess_responses *w = table_of(wide, NULL);
    char *dl = dump(l), *dw = dump(w);

    cr_assert_str_eq(dw, dl, "wide:\n%s\nlong:\n%s", dw, dl);
    cr_assert_eq(assess_responses_set_count(w), assess_responses_set_count(l));
    cr_assert_eq(assess_responses_subject_count(w), 2);
    cr_assert_eq(assess_responses_account(w)->rows_read, 4);
    cr_assert_eq(assess_responses_account(w)->answers, 16);
    free(dl);
    free(dw);
    assess_responses_free(l);
    assess_responses_free(w);
}

/* ---- Chunking --------------------------------------------------------------------- */

static const char CHUNK_FILE[] =
    "\xef\xbb\xbf" "subject_id,rater_id,rater_group,wave,item_id,value\r\n"
    "\"S,1\r\nx\",R1,self,1,COM1,3\r\n"
    "\r\n"
    "S2,\"R\"\"2\",Peers,1,COM2,Strongly agree\r\n"
    "S2,R3,PEER,1,COM2,not observed\r\n"
    "S2,R3,peer,1,COM3,9\r\n"
    "S2,R3,peer,1,COM4,\r\n"
    "S2,R3,manager,1,COM5,2\r\n"
    "S\xc3\xa9,R4,other,2,DEL1,0\r\n"
    "S\xc3,R4,other,2,DEL1,1\r\n"
    "S3,R5,direct_report,1,COM1,\"4\"\r\n"
    "S3,R5,direct_report,1,COM1,4\r\n"
    "S3,R5\n"
    "S3,R6,self,1,COM1,2";

typedef struct snapshot {
    char *dump, *account, *diags;
    assess_status status;
} snapshot;

static snapshot read_snapshot(const char *data, size_t len, uint64_t how)
{
    assess_error err;
    assess_responses *r;
    snapshot s;

    diags_clear(&diags);
    r = new_table(NULL);
    s.status = read_text(r, "chunks.csv", data, len, how, &err);
    s.dump = dump(r);
    s.account = account_text(assess_responses_account(r));
    s.diags = diags_text(&diags);
    assess_responses_free(r);
    return s;
}

static void snapshot_free(snapshot *s)
{
    free(s->dump);
    free(s->account);
    free(s->diags);
}

Test(responses, chunking_same_table)
{
    size_t len = sizeof CHUNK_FILE - 1;
    snapshot whole = read_snapshot(CHUNK_FILE, len, FEED_WHOLE);

    cr_assert_eq(whole.status, ASSESS_OK);
    /* the file does have rejected rows and stored rows */
    cr_assert_str_eq(whole.account,
                     "read=12 used=7 rejected=5 header=1 blank=1 answers=7 "
                     "missing=3 by reason: 0 1 0 1 0 0 1 0 0 1 1 0 0 0 0 0",
                     "account: %s", whole.account);
    for (uint64_t how = FEED_BYTES; how < 40; how++) {
        snapshot s = read_snapshot(CHUNK_FILE, len, how);
        cr_assert_eq(s.status, whole.status);
        cr_assert_str_eq(s.dump, whole.dump, "dump differs (feed mode %llu)",
                         (unsigned long long)how);
        cr_assert_str_eq(s.account, whole.account,
                         "account differs (feed mode %llu)",
                         (unsigned long long)how);
        cr_assert_str_eq(s.diags, whole.diags,
                         "diagnostics differ (feed mode %llu):\n%s\nwhole:\n%s",
                         (unsigned long long)how, s.diags, whole.diags);
        snapshot_free(&s);
    }
    snapshot_free(&whole);
}

Test(responses, chunking_every_split)
{
    size_t len = sizeof CHUNK_FILE - 1;
    snapshot whole = read_snapshot(CHUNK_FILE, len, FEED_WHOLE);
    for (size_t cut = 0; cut <= len; cut++) {
        assess_error err;
        assess_responses *r;
        char *d, *a, *t;
        diags_clear(&diags);
        r = new_table(NULL);
        cr_assert_eq(assess_responses_begin(r, "chunks.csv", &err), ASSESS_OK);
        cr_assert_eq(assess_responses_feed(r, CHUNK_FILE, cut, &err), ASSESS_OK);
        cr_assert_eq(assess_responses_feed(r, CHUNK_FILE + cut, len - cut, &err),
                     ASSESS_OK);
        cr_assert_eq(assess_responses_end(r, &err), whole.status);
        d = dump(r);
        a = account_text(assess_responses_account(r));
        t = diags_text(&diags);
        cr_assert_str_eq(d, whole.dump, "dump differs when split at %zu", cut);
        cr_assert_str_eq(a, whole.account, "account differs when split at %zu",
                         cut);
        cr_assert_str_eq(t, whole.diags, "diagnostics differ when split at %zu",
                         cut);
        free(d);
        free(a);
        free(t);
        assess_responses_free(r);
    }
    snapshot_free(&whole);
}

/* ---- BOM, CRLF, quoting ----------------------------------------------------------- */

Test(responses, bom_crlf_quoted_fields)
{
    assess_responses *r = table_of(
        "\xef\xbb\xbf" "subject_id,rater_id,rater_group,item_id,value\r\n"
        "\"Smith, J\r\nJr\",R1,self,COM1,\"4\"\r\n"
        "\"O\"\"Hara\",\"R,2\",peer,COM1,2\r\n"
        "\r\n"
        "\"Smith, J\r\nJr\",R3,\"manager\",\"COM2\",5\r\n",
        NULL);
    const assess_account *a = assess_responses_account(r);
    char *got;

    cr_assert_eq(assess_responses_subject_count(r), 2);
    cr_assert_eq(assess_responses_rater_count(r), 3);
    cr_assert_eq(assess_responses_set_count(r), 3);
    cr_assert_eq(a->rows_read, 3);
    cr_assert_eq(a->rows_used, 3);
    cr_assert_eq(a->blank_lines, 1);
    cr_assert_eq(diags.n, 0, "diagnostics:\n%s", diags_text(&diags));
    got = dump_lines(r, "\"");
    cr_assert_str_eq(got, "");
    free(got);
    /* the BOM is not part of the first column's name: subject ids read */
    cr_assert(dump_has(r, "Smith, J\r\nJr,R1,self,1,COM1,4\n"));
    cr_assert(dump_has(r, "Smith, J\r\nJr,R3,manager,1,COM2,5\n"));
    cr_assert(dump_has(r, "O\"Hara,R,2,peer,1,COM1,2\n"));
    cr_assert(!dump_has(r, "Smith, J\r\nJr,R1,self,1,COM2,5\n"));
    assess_responses_free(r);
}

/* ---- Rejections --------------------------------------------------------------------- */

/*
 * Reads header + good, then header + good + bad, and checks that the bad
 * row (on line `line`) gives exactly one error diagnostic with `reason`,
 * counts once under `reason`, and leaves the table as it was.
 */
static void check_rejected(const char *header, const char *good,
                           const char *bad, size_t bad_len,
                           unsigned long line, assess_reject reason,
                           const assess_read_options *o)
{
    size_t hl = strlen(header), gl = strlen(good);
    char *with = malloc(hl + gl + bad_len + 1);
    char *without = malloc(hl + gl + 1);
    assess_responses *r0, *r1;
    const assess_account *a0, *a1;
    assess_error err;
    char *d0, *d1;

    cr_assert(with && without);
    memcpy(without, header, hl);
    memcpy(without + hl, good, gl + 1);
    memcpy(with, without, hl + gl);
    memcpy(with + hl + gl, bad, bad_len);
    with[hl + gl + bad_len] = '\0';

    r0 = table_of(without, o);
    cr_assert_eq(count_diags(ASSESS_ERROR), 0,
                 "the good rows give errors:\n%s", diags_text(&diags));
    diags_clear(&diags);
    r1 = new_table(o);
    cr_assert_eq(read_text(r1, "test.csv", with, hl + gl + bad_len, FEED_WHOLE,
                           &err),
                 ASSESS_OK, "read: %s", err.message);

    cr_assert_eq(count_diags(ASSESS_ERROR), 1, "diagnostics:\n%s",
                 diags_text(&diags));
    {
        const diag_rec *e = first_error();
        cr_assert_eq(e->reason, reason, "reason %s, expected %s (%s)",
                     assess_reject_name(e->reason), assess_reject_name(reason),
                     e->message);
        cr_assert_eq(e->line, line, "line %lu, expected %lu (%s)", e->line,
                     line, e->message);
        cr_assert_neq(e->message[0], '\0');
    }

    a0 = assess_responses_account(r0);
    a1 = assess_responses_account(r1);
    cr_assert_eq(a1->rejected[reason], 1);
    cr_assert_eq(a1->rows_rejected, 1);
    cr_assert_eq(a1->rows_read, a0->rows_read + 1);
    cr_assert_eq(a1->rows_used, a0->rows_used);
    cr_assert_eq(a1->answers, a0->answers);
    cr_assert_eq(a1->missing, a0->missing);
    assert_account_identity(a1);

    cr_assert_eq(assess_responses_set_count(r1), assess_responses_set_count(r0));
    cr_assert_eq(assess_responses_subject_count(r1),
                 assess_responses_subject_count(r0));
    cr_assert_eq(assess_responses_rater_count(r1),
                 assess_responses_rater_count(r0));
    cr_assert_eq(assess_responses_wave_count(r1),
                 assess_responses_wave_count(r0));
    d0 = dump(r0);
    d1 = dump(r1);
    cr_assert_str_eq(d1, d0, "the rejected row left a trace");
    free(d0);
    free(d1);
    assess_responses_free(r0);
    assess_responses_free(r1);
    free(with);
    free(without);
    diags_clear(&diags);
}

static const char GOOD_LONG[] =
    "S1,R1,self,1,COM1,3\n"
    "S1,R1,self,1,COM2,4\n";

#define REJECT_LONG(bad, reason)                                              \
    check_rejected(LONG_HEADER, GOOD_LONG, LIT(bad), 4, reason, NULL)

Test(responses, reject_column_count)
{
    REJECT_LONG("S9,R1,self,1,COM3\n", ASSESS_REJECT_COLUMN_COUNT);
    REJECT_LONG("S9,R1,self,1,COM3,3,extra\n", ASSESS_REJECT_COLUMN_COUNT);
    REJECT_LONG("S9\n", ASSESS_REJECT_COLUMN_COUNT);
}

Test(responses, reject_missing_id)
{
    REJECT_LONG(",R1,self,1,COM3,3\n", ASSESS_REJECT_MISSING_ID);
    REJECT_LONG("S9,,self,1,COM3,3\n", ASSESS_REJECT_MISSING_ID);
    REJECT_LONG("S9,R1,self,,COM3,3\n", ASSESS_REJECT_MISSING_ID);
    REJECT_LONG("S9,R1,,1,COM3,3\n", ASSESS_REJECT_MISSING_ID);
    REJECT_LONG("S9,R1,self,1,,3\n", ASSESS_REJECT_MISSING_ID);
    REJECT_LONG("\"\",R1,self,1,COM3,3\n", ASSESS_REJECT_MISSING_ID);
}

Test(responses, reject_bad_text)
{
    /* invalid UTF-8 in the subject id, a NUL byte in the rater id */
    REJECT_LONG("S\xff" "9,R1,self,1,COM3,3\n", ASSESS_REJECT_BAD_TEXT);
    REJECT_LONG("S\xc3,R1,self,1,COM3,3\n", ASSESS_REJECT_BAD_TEXT);
    REJECT_LONG("S1,R\0" "1,self,1,COM3,3\n", ASSESS_REJECT_BAD_TEXT);
    REJECT_LONG("S1,\"R\0\",self,1,COM3,3\n", ASSESS_REJECT_BAD_TEXT);
    REJECT_LONG("S1,R1,self,\xed\xa0\x80,COM3,3\n", ASSESS_REJECT_BAD_TEXT);
}

Test(responses, valid_utf8_ids_accepted)
{
    assess_responses *r = table_of(
        "subject_id,rater_id,rater_group,wave,item_id,value\n"
        "Jos\xc3\xa9,R\xe2\x82\xac,self,1,COM1,3\n",
        NULL);
    char *got = dump_lines(r, "Jos\xc3\xa9,R\xe2\x82\xac,self,1,COM1,");
    cr_assert_str_eq(got, "Jos\xc3\xa9,R\xe2\x82\xac,self,1,COM1,3\n");
    free(got);
    assess_responses_free(r);
}

Test(responses, reject_unknown_item)
{
    REJECT_LONG("S9,R1,self,1,XYZ9,3\n", ASSESS_REJECT_UNKNOWN_ITEM);
    REJECT_LONG("S1,R1,self,1,com3,3\n", ASSESS_REJECT_UNKNOWN_ITEM);
}

Test(responses, reject_unknown_group)
{
    REJECT_LONG("S9,R1,boss,1,COM3,3\n", ASSESS_REJECT_UNKNOWN_GROUP);
    REJECT_LONG("S1,R1,all,1,COM3,3\n", ASSESS_REJECT_UNKNOWN_GROUP);
}

Test(responses, reject_group_conflict)
{
    /* R1 is self for S1 in wave 1 */
    REJECT_LONG("S1,R1,manager,1,COM3,3\n", ASSESS_REJECT_GROUP_CONFLICT);
}

/*
 * An id may hold a line end or any control character but NUL (quoted
 * fields); a message quotes it as \xHH like any other text of the file,
 * so that it stays one line (found by tests/fuzz/fuzz_responses.c; the
 * input is tests/fuzz/regressions/responses/control-character-in-subject-id.csv).
 */
Test(responses, ids_quoted_in_messages)
{
    static const char *const files[] = {
        /* duplicate answer, long layout */
        "subject_id,rater_id,rater_group,wave,item_id,value\n"
        "\"S\n1\",R1,self,\"w\t1\",COM1,3\n"
        "\"S\n1\",R1,self,\"w\t1\",COM1,4\n",
        /* group conflict */
        "subject_id,rater_id,rater_group,wave,item_id,value\n"
        "\"S\n1\",R1,self,\"w\t1\",COM1,3\n"
        "\"S\n1\",R1,peer,\"w\t1\",COM2,4\n",
        /* duplicate set, wide layout */
        "subject_id,rater_id,rater_group,wave,COM1\n"
        "\"S\n1\",R1,self,\"w\t1\",3\n"
        "\"S\n1\",R1,self,\"w\t1\",4\n",
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        assess_error err;
        assess_responses *r = new_table(NULL);
        const diag_rec *e;

        diags_clear(&diags);
        cr_assert_eq(read_str(r, files[i], &err), ASSESS_OK, "%s", err.message);
        cr_assert_eq(count_diags(ASSESS_ERROR), 1, "file %zu:\n%s", i,
                     diags_text(&diags));
        e = first_error();
        cr_assert_not_null(strstr(e->message, "subject 'S\\x0a1' in wave "
                                              "'w\\x091'"),
                           "file %zu: %s", i, e->message);
        for (const char *p = e->message; *p; p++)
            cr_assert_geq((unsigned char)*p, 0x20, "file %zu: %s", i,
                          e->message);
        assess_responses_free(r);
    }
}

Test(responses, group_may_differ_across_subjects_and_waves)
{
    assess_responses *r = table_of(
        "subject_id,rater_id,rater_group,wave,item_id,value\n"
        "S1,R1,self,1,COM1,3\n"
        "S2,R1,manager,1,COM1,3\n"
        "S1,R1,peer,2,COM1,3\n",
        NULL);
    cr_assert_eq(assess_responses_account(r)->rows_used, 3);
    cr_assert_eq(assess_responses_set_count(r), 3);
    assess_responses_free(r);
}

/*
 * A long row whose ids are byte for byte those of the last row stored
 * goes to that row's set unchecked.  A row rejected after its set was
 * found (here a group conflict on S1/R1) must not leave the next row of
 * another set (S2/R9) taken for the last stored: each lands in its own
 * set, whichever way the columns lie (id columns side by side, compared
 * at once, or apart, compared one by one), and the group written
 * differently ("Peer") is looked up rather than taken for another.
 */
Test(responses, long_rows_after_a_rejected_row_keep_their_set)
{
    static const char *const headers[] = {
        "subject_id,rater_id,rater_group,wave,item_id,value\n",
        "item_id,subject_id,value,rater_id,wave,rater_group\n",
    };
    static const char *const rows[][6] = {
        { "S1", "R1", "peer", "1", "COM1", "3" },
        { "S2", "R9", "peer", "1", "COM1", "4" },
        { "S1", "R1", "manager", "1", "COM2", "5" }, /* group conflict */
        { "S2", "R9", "peer", "1", "COM2", "2" },
        { "S2", "R9", "Peer", "1", "COM3", "1" },
        { "S2", "R9", "Peer", "1", "COM4", "5" },
    };
    for (size_t h = 0; h < 2; h++) {
        char csv[1024];
        size_t len = (size_t)snprintf(csv, sizeof csv, "%s", headers[h]);
        assess_responses *r;
        char *want;

        for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
            const char *const *f = rows[i];
            len += (size_t)(h == 0 ? snprintf(csv + len, sizeof csv - len,
                                              "%s,%s,%s,%s,%s,%s\n", f[0],
                                              f[1], f[2], f[3], f[4], f[5])
                                   : snprintf(csv + len, sizeof csv - len,
                                              "%s,%s,%s,%s,%s,%s\n", f[4],
                                              f[0], f[5], f[1], f[3], f[2]));
        }
        diags_clear(&diags);
        r = table_of(csv, NULL);
        cr_assert_eq(assess_responses_account(r)->rows_used, 5, "header %zu", h);
        cr_assert_eq(count_diags(ASSESS_ERROR), 1, "header %zu:\n%s", h,
                     diags_text(&diags));
        cr_assert_eq(first_error()->reason, ASSESS_REJECT_GROUP_CONFLICT);
        want = EXPECT_DUMP("S1,R1,peer,1: COM1=3",
                           "S2,R9,peer,1: COM1=4 COM2=2 COM3=1 COM4=5");
        assert_dump_eq(r, want);
        free(want);
        assess_responses_free(r);
    }
}

Test(responses, reject_not_a_number)
{
    REJECT_LONG("S9,R1,self,1,COM3,abc\n", ASSESS_REJECT_NOT_A_NUMBER);
    REJECT_LONG("S9,R1,self,1,COM3,3x\n", ASSESS_REJECT_NOT_A_NUMBER);
    REJECT_LONG("S9,R1,self,1,COM3,nan\n", ASSESS_REJECT_NOT_A_NUMBER);
    REJECT_LONG("S9,R1,self,1,COM3,\"3,0\"\n", ASSESS_REJECT_NOT_A_NUMBER);
}

Test(responses, reject_not_whole)
{
    REJECT_LONG("S9,R1,self,1,COM3,2.5\n", ASSESS_REJECT_NOT_WHOLE);
}

Test(responses, whole_decimal_accepted)
{
    assess_responses *r = table_of(
        "subject_id,rater_id,rater_group,wave,item_id,value\n"
        "S1,R1,self,1,COM1,3.0\n"
        "S1,R1,self,1,COM2, 4 \n",
        NULL);
    char *got = dump_lines(r, "S1,R1,self,1,COM");
    cr_assert(starts_with(got, "S1,R1,self,1,COM1,3\nS1,R1,self,1,COM2,4\n"),
              "dump:\n%s", got);
    free(got);
    assess_responses_free(r);
}

Test(responses, reject_out_of_range)
{
    REJECT_LONG("S9,R1,self,1,COM3,7\n", ASSESS_REJECT_OUT_OF_RANGE);
    REJECT_LONG("S9,R1,self,1,COM3,-1\n", ASSESS_REJECT_OUT_OF_RANGE);
    REJECT_LONG("S9,R1,self,1,COM3,6\n", ASSESS_REJECT_OUT_OF_RANGE);
}

Test(responses, reject_duplicate_long)
{
    REJECT_LONG("S1,R1,self,1,COM1,5\n", ASSESS_REJECT_DUPLICATE);
    /* the same answer again is still a duplicate */
    REJECT_LONG("S1,R1,self,1,COM2,4\n", ASSESS_REJECT_DUPLICATE);
}

Test(responses, reject_duplicate_long_blank_answer)
{
    /* an empty value is an answer: a second row for the item is a duplicate */
    check_rejected(LONG_HEADER, "S1,R1,self,1,COM1,\n",
                   LIT("S1,R1,self,1,COM1,3\n"), 3, ASSESS_REJECT_DUPLICATE,
                   NULL);
}

static const char WIDE_HEADER[] =
    "subject_id,rater_id,rater_group,wave,COM1,COM2\n";

Test(responses, reject_duplicate_wide)
{
    check_rejected(WIDE_HEADER, "S1,R1,self,1,3,4\nS1,R2,peer,1,2,2\n",
                   LIT("S1,R1,self,1,5,5\n"), 4, ASSESS_REJECT_DUPLICATE, NULL);
}

Test(responses, reject_in_wide_layout)
{
    static const char good[] = "S1,R1,self,1,3,4\n";
    check_rejected(WIDE_HEADER, good, LIT("S2,R1,self,1,3\n"), 3,
                   ASSESS_REJECT_COLUMN_COUNT, NULL);
    check_rejected(WIDE_HEADER, good, LIT("S2,,self,1,3,4\n"), 3,
                   ASSESS_REJECT_MISSING_ID, NULL);
    check_rejected(WIDE_HEADER, good, LIT("S2,R1,bogus,1,3,4\n"), 3,
                   ASSESS_REJECT_UNKNOWN_GROUP, NULL);
    check_rejected(WIDE_HEADER, good, LIT("S2,R1,self,1,3,2.5\n"), 3,
                   ASSESS_REJECT_NOT_WHOLE, NULL);
    check_rejected(WIDE_HEADER, good, LIT("S2,R1,self,1,0,x\n"), 3,
                   ASSESS_REJECT_NOT_A_NUMBER, NULL);
}

Test(responses, rejected_row_line_after_multiline_field)
{
    /* the bad row starts on line 5: the row before spans lines 2-4 */
    check_rejected(LONG_HEADER, "\"S\n1\n\",R1,self,1,COM1,3\n",
                   LIT("S2,R1,self,1,COM1,8\n"), 5, ASSESS_REJECT_OUT_OF_RANGE,
                   NULL);
}

/* ---- The account ------------------------------------------------------------------- */

Test(responses, account_identity)
{
    assess_responses *r = table_of(
        "subject_id,rater_id,rater_group,wave,item_id,value\n"
        "S1,R1,self,1,COM1,3\n"
        "\n"
        "S1,R1,self,1,COM1,3\n"        /* duplicate */
        "S1,R1,self,1,COM2,x\n"        /* not_a_number */
        "S1,R1,self,1,COM3,0\n"
        "S1,R2,bogus,1,COM3,1\n"       /* unknown_group */
        "\n"
        "\n"
        "S2,R1,self,1,COM3,9\n"        /* out_of_range */
        "S2,R1,self,1\n"               /* column_count */
        "S2,R1,self,1,COM4,\n"
        "S2,R1,self,1,NOPE,1\n",       /* unknown_item */
        NULL);
    const assess_account *a = assess_responses_account(r);

    assert_account_identity(a);
    cr_assert_eq(a->rows_read, 9);
    cr_assert_eq(a->rows_used, 3);
    cr_assert_eq(a->rows_rejected, 6);
    cr_assert_eq(a->header_rows, 1);
    cr_assert_eq(a->blank_lines, 3);
    cr_assert_eq(a->answers, 3);
    cr_assert_eq(a->missing, 2);
    cr_assert_eq(a->rejected[ASSESS_REJECT_DUPLICATE], 1);
    cr_assert_eq(a->rejected[ASSESS_REJECT_NOT_A_NUMBER], 1);
    cr_assert_eq(a->rejected[ASSESS_REJECT_UNKNOWN_GROUP], 1);
    cr_assert_eq(a->rejected[ASSESS_REJECT_OUT_OF_RANGE], 1);
    cr_assert_eq(a->rejected[ASSESS_REJECT_COLUMN_COUNT], 1);
    cr_assert_eq(a->rejected[ASSESS_REJECT_UNKNOWN_ITEM], 1);
    cr_assert_eq(count_diags(ASSESS_ERROR), 6);
    {
        static const unsigned long lines[] = { 4, 5, 7, 10, 11, 13 };
        for (size_t i = 0; i < 6; i++)
            cr_assert_eq(diags.d[i].line, lines[i],
                         "diagnostic %zu on line %lu, expected %lu: %s", i,
                         diags.d[i].line, lines[i], diags.d[i].message);
    }
    assess_responses_free(r);
}

Test(responses, account_sums_over_files)
{
    assess_error err;
    assess_responses *r = new_table(NULL);
    const assess_account *a;
    cr_assert_eq(read_str(r, "subject_id,rater_id,rater_group,wave,item_id,value\n"
                             "S1,R1,self,1,COM1,3\nS1,R1,self,1,COM1,3\n", &err),
                 ASSESS_OK);
    cr_assert_eq(read_str(r, "\nsubject_id,rater_id,rater_group,item_id,value\n"
                             "S1,R2,peer,COM1,3\nS1,R2,peer,COM2,9\n", &err),
                 ASSESS_OK);
    a = assess_responses_account(r);
    assert_account_identity(a);
    cr_assert_eq(a->rows_read, 4);
    cr_assert_eq(a->rows_used, 2);
    cr_assert_eq(a->rows_rejected, 2);
    cr_assert_eq(a->header_rows, 2);
    cr_assert_eq(a->blank_lines, 1);
    cr_assert_eq(diags.d[1].line, 4, "second file's bad row: line %lu",
                 diags.d[1].line);
    assess_responses_free(r);
}

/* ---- Missing values and labels --------------------------------------------------------- */

Test(responses, missing_values_and_labels)
{
    assess_responses *r = table_of(
        "subject_id,rater_id,rater_group,wave,item_id,value\n"
        "S1,R1,self,1,COM1,\n"
        "S1,R1,self,1,COM2,0\n"
        "S1,R1,self,1,COM3,Not observed\n"
        "S1,R1,self,1,COM4,NOT OBSERVED\n"
        "S1,R1,self,1,COM5,Strongly agree\n"
        "S1,R1,self,1,COM6,strongly DISAGREE\n"
        "S1,R1,self,1,DEL1,\" Agree \"\n"
        "S1,R1,self,1,DEL2,\"  \"\n"
        "S1,R2,Peers,1,COM1,2\n"
        "S1,R3,PEER,1,COM1,4\n"
        "S1,R4,direct reports,1,COM1,1\n"
        "S2,R5,Self,1,COM1,5\n",
        NULL);
    const assess_account *a = assess_responses_account(r);
    char *want = EXPECT_DUMP(
        "S1,R1,self,1: COM1= COM2=missing:0 COM3=missing:0 COM4=missing:0 "
        "COM5=5 COM6=1 DEL1=4 DEL2=",
        "S1,R2,peer,1: COM1=2",
        "S1,R3,peer,1: COM1=4",
        "S1,R4,direct_report,1: COM1=1",
        "S2,R5,self,1: COM1=5");

    cr_assert_eq(diags.n, 0, "diagnostics:\n%s", diags_text(&diags));
    cr_assert_eq(a->rows_used, 12);
    cr_assert_eq(a->answers, 12);
    cr_assert_eq(a->missing, 5, "missing %llu", (unsigned long long)a->missing);
    assert_dump_eq(r, want);
    free(want);
    assess_responses_free(r);
}

/* ---- Wide layout ----------------------------------------------------------------------- */

Test(responses, wide_bad_cells_reject_whole_row)
{
    assess_responses *r = table_of(
        "subject_id,rater_id,rater_group,wave,COM1,COM2,COM3,COM4\n"
        "S1,R1,self,1,3,4,5,1\n"
        "S2,R2,peer,1,3,9,x,2.5\n"
        "S2,R3,peer,1,1,2,3,4\n",
        NULL);
    const assess_account *a = assess_responses_account(r);
    size_t errors = 0;
    char *got;

    /* every bad cell has its own diagnostic, all on line 3 */
    for (size_t i = 0; i < diags.n; i++) {
        if (diags.d[i].severity != ASSESS_ERROR)
            continue;
        cr_assert_eq(diags.d[i].line, 3);
        errors++;
    }
    cr_assert_eq(errors, 3, "diagnostics:\n%s", diags_text(&diags));
    {
        int oor = 0, nan = 0, whole = 0;
        for (size_t i = 0; i < diags.n; i++) {
            oor |= diags.d[i].reason == ASSESS_REJECT_OUT_OF_RANGE &&
                   strstr(diags.d[i].message, "COM2") != NULL;
            nan |= diags.d[i].reason == ASSESS_REJECT_NOT_A_NUMBER &&
                   strstr(diags.d[i].message, "COM3") != NULL;
            whole |= diags.d[i].reason == ASSESS_REJECT_NOT_WHOLE &&
                     strstr(diags.d[i].message, "COM4") != NULL;
        }
        cr_assert(oor && nan && whole, "diagnostics:\n%s", diags_text(&diags));
    }
    /* the row counts once, under its first reason */
    cr_assert_eq(a->rows_rejected, 1);
    cr_assert_eq(a->rejected[ASSESS_REJECT_OUT_OF_RANGE], 1);
    cr_assert_eq(a->rejected[ASSESS_REJECT_NOT_A_NUMBER], 0);
    cr_assert_eq(a->rows_used, 2);
    cr_assert_eq(a->answers, 8);
    assert_account_identity(a);
    /* nothing of it stored: no set for S2/R2, and S2 is there for R3 only */
    cr_assert_eq(assess_responses_set_count(r), 2);
    cr_assert_eq(assess_responses_rater_count(r), 2);
    got = dump_lines(r, "S2,R2,");
    cr_assert_str_eq(got, "");
    free(got);
    assess_responses_free(r);
}

/* The header of a wide file with every item of the instrument. */
static char *all_items_header(const char *before, const char *after,
                              const char *skip_item)
{
    char *p = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&p, &size);
    cr_assert_not_null(f);
    fputs(before, f);
    for (size_t i = 0; i < assess_instrument_item_count(inst); i++) {
        const char *id = assess_instrument_item_id(inst, i);
        if (skip_item && strcmp(id, skip_item) == 0)
            continue;
        fprintf(f, ",%s", id);
    }
    fputs(after, f);
    fclose(f);
    return p;
}

static char *wide_row(const char *ids, size_t n_values, const char *extra)
{
    char *p = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&p, &size);
    cr_assert_not_null(f);
    fputs(ids, f);
    for (size_t i = 0; i < n_values; i++)
        fprintf(f, ",%zu", i % 5 + 1);
    fputs(extra, f);
    fputc('\n', f);
    fclose(f);
    return p;
}

static char *concat3(const char *a, const char *b, const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    char *p = malloc(la + lb + lc + 1);
    cr_assert_not_null(p);
    memcpy(p, a, la);
    memcpy(p + la, b, lb);
    memcpy(p + la + lb, c, lc + 1);
    return p;
}

Test(responses, wide_all_items_no_warning)
{
    char *h = all_items_header("subject_id,rater_id,rater_group,wave", "\n", NULL);
    char *r1 = wide_row("S1,R1,self,1", 48, "");
    char *r2 = wide_row("S1,R2,peer,1", 48, "");
    char *csv = concat3(h, r1, r2);
    assess_responses *r = table_of(csv, NULL);
    cr_assert_eq(diags.n, 0, "diagnostics:\n%s", diags_text(&diags));
    cr_assert_eq(assess_responses_account(r)->answers, 96);
    cr_assert_eq(assess_responses_account(r)->rows_used, 2);
    assess_responses_free(r);
    free(h);
    free(r1);
    free(r2);
    free(csv);
}

Test(responses, wide_extra_column_warns_once)
{
    char *h = all_items_header("StartDate,subject_id,rater_id,rater_group,wave",
                               "\n", NULL);
    char *r1 = wide_row("2024-01-01,S1,R1,self,1", 48, "");
    char *r2 = wide_row("2024-01-02,S1,R2,peer,1", 48, "");
    char *csv = concat3(h, r1, r2);
    assess_responses *r = table_of(csv, NULL);
    cr_assert_eq(diags.n, 1, "diagnostics:\n%s", diags_text(&diags));
    cr_assert_eq(diags.d[0].severity, ASSESS_WARNING);
    cr_assert_eq(diags.d[0].reason, ASSESS_REJECT_NONE);
    cr_assert_eq(diags.d[0].line, 1);
    cr_assert_not_null(strstr(diags.d[0].message, "StartDate"), "%s",
                       diags.d[0].message);
    cr_assert_eq(assess_responses_account(r)->rows_used, 2);
    cr_assert_eq(assess_responses_account(r)->answers, 96);
    assess_responses_free(r);
    free(h);
    free(r1);
    free(r2);
    free(csv);
}

Test(responses, wide_item_without_column_warns_once)
{
    char *h = all_items_header("subject_id,rater_id,rater_group,wave", "\n",
                               "DEC4");
    char *r1 = wide_row("S1,R1,self,1", 47, "");
    char *r2 = wide_row("S1,R2,peer,1", 47, "");
    char *csv = concat3(h, r1, r2);
    assess_responses *r = table_of(csv, NULL);
    char *got;
    cr_assert_eq(diags.n, 1, "diagnostics:\n%s", diags_text(&diags));
    cr_assert_eq(diags.d[0].severity, ASSESS_WARNING);
    cr_assert_eq(diags.d[0].line, 1);
    cr_assert_not_null(strstr(diags.d[0].message, "DEC4"), "%s",
                       diags.d[0].message);
    cr_assert_eq(assess_responses_account(r)->answers, 94);
    /* the item is empty in the dump */
    got = dump_lines(r, "S1,R1,self,1,DEC4,");
    cr_assert_str_eq(got, "S1,R1,self,1,DEC4,\n");
    free(got);
    assess_responses_free(r);
    free(h);
    free(r1);
    free(r2);
    free(csv);
}

/* ---- --map ------------------------------------------------------------------------------- */

Test(responses, map_renames_columns)
{
    assess_read_options o;
    assess_responses *r;
    char *want;
    assess_read_options_init(&o);
    o.map = "subject_id=EmployeeID,rater_id=ResponseId,COM1=Q1_1";
    r = table_of("EmployeeID,ResponseId,rater_group,wave,Q1_1,COM2\n"
                 "E1,R_1,self,1,4,5\n"
                 "E1,R_2,manager,1,2,\n",
                 &o);
    want = EXPECT_DUMP("E1,R_1,self,1: COM1=4 COM2=5",
                       "E1,R_2,manager,1: COM1=2");
    assert_dump_eq(r, want);
    cr_assert_eq(assess_responses_account(r)->rows_used, 2);
    free(want);
    assess_responses_free(r);
}

Test(responses, map_long_layout_columns)
{
    assess_read_options o;
    assess_responses *r;
    char *want;
    assess_read_options_init(&o);
    o.map = "subject_id=Person,item_id=Question,value=Answer,rater_group=Role";
    r = table_of("Person,rater_id,Role,Question,Answer\n"
                 "P1,R1,self,COM1,4\n",
                 &o);
    want = EXPECT_DUMP("P1,R1,self,1: COM1=4");
    assert_dump_eq(r, want);
    free(want);
    assess_responses_free(r);
}

Test(responses, map_unknown_name_is_usage_error)
{
    static const char *const maps[] = {
        "subject=EmployeeID",
        "subject_id=EmployeeID,NOPE1=Q1",
        "subject_id",
        "=X",
        "subject_id=",
        "subject_id=A,subject_id=B",
    };
    for (size_t i = 0; i < sizeof maps / sizeof *maps; i++) {
        assess_read_options o;
        assess_error err;
        assess_responses *r;
        assess_read_options_init(&o);
        o.map = maps[i];
        assess_error_init(&err);
        r = assess_responses_new(inst, &o, &err);
        cr_assert_null(r, "map '%s' accepted", maps[i]);
        cr_assert_eq(err.status, ASSESS_EUSAGE, "map '%s': status %d", maps[i],
                     err.status);
        cr_assert_neq(err.message[0], '\0');
    }
}

Test(responses, map_header_absent_is_format_error)
{
    assess_read_options o;
    assess_error err;
    assess_responses *r;
    assess_read_options_init(&o);
    o.map = "subject_id=EmployeeID";
    r = new_table(&o);
    cr_assert_eq(read_str(r, "subject_id,rater_id,rater_group,item_id,value\n"
                             "S1,R1,self,COM1,3\n", &err),
                 ASSESS_EFORMAT);
    cr_assert_eq(err.status, ASSESS_EFORMAT);
    cr_assert_not_null(strstr(err.message, "EmployeeID"), "%s", err.message);
    cr_assert_eq(assess_responses_set_count(r), 0);
    assess_responses_free(r);
}

/* ---- Skipped header rows ------------------------------------------------------------------- */

Test(responses, skip_rows_qualtrics)
{
    assess_read_options o;
    assess_responses *r;
    const assess_account *a;
    char *want;
    assess_read_options_init(&o);
    o.skip_rows = 2;
    r = table_of(
        "subject_id,rater_id,rater_group,wave,COM1,COM2\n"
        "Subject,\"Rater\nid\",Group,Wave,\"Explains decisions, clearly\",COM2\n"
        "\"{\"\"ImportId\"\":\"\"QID1\"\"}\",x,y,z,\"{\"\"ImportId\"\":1}\",w\n"
        "S1,R1,self,1,3,4\n"
        "S1,R2,peer,1,9,4\n"
        "S1,R3,peer,1,1,2\n",
        &o);
    a = assess_responses_account(r);
    cr_assert_eq(a->header_rows, 3);
    cr_assert_eq(a->rows_read, 3);
    cr_assert_eq(a->rows_used, 2);
    cr_assert_eq(a->rows_rejected, 1);
    cr_assert_eq(count_diags(ASSESS_ERROR), 1, "%s", diags_text(&diags));
    cr_assert_eq(first_error()->line, 6, "line %lu", first_error()->line);
    cr_assert_eq(first_error()->reason, ASSESS_REJECT_OUT_OF_RANGE);
    want = EXPECT_DUMP("S1,R1,self,1: COM1=3 COM2=4",
                       "S1,R3,peer,1: COM1=1 COM2=2");
    assert_dump_eq(r, want);
    free(want);
    assess_responses_free(r);
}

Test(responses, skip_rows_more_than_file_has)
{
    assess_read_options o;
    assess_responses *r;
    assess_read_options_init(&o);
    o.skip_rows = 5;
    r = table_of(LONG_BASIC, &o);
    cr_assert_eq(assess_responses_account(r)->header_rows, 6);
    cr_assert_eq(assess_responses_account(r)->rows_read, 1);
    assess_responses_free(r);
}

/* ---- Strict ---------------------------------------------------------------------------------- */

static const char ONE_BAD[] =
    "subject_id,rater_id,rater_group,wave,item_id,value\n"
    "S1,R1,self,1,COM1,3\n"
    "S1,R1,self,1,COM2,8\n";

static char tmpdir[64];

static char *write_temp(const char *name, const char *data, size_t len)
{
    char *path;
    FILE *f;
    if (!tmpdir[0]) {
        strcpy(tmpdir, "/tmp/test_responses.XXXXXX");
        cr_assert_not_null(mkdtemp(tmpdir));
    }
    path = malloc(strlen(tmpdir) + strlen(name) + 2);
    cr_assert_not_null(path);
    sprintf(path, "%s/%s", tmpdir, name);
    f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(data, 1, len, f), len);
    fclose(f);
    return path;
}

static void remove_temp(char *path)
{
    unlink(path);
    free(path);
    rmdir(tmpdir);
    tmpdir[0] = '\0';
}

Test(responses, strict_fails_on_rejected_row)
{
    assess_read_options o;
    assess_error err;
    assess_responses *r;

    assess_read_options_init(&o);
    o.strict = 1;
    r = new_table(&o);
    cr_assert_eq(read_str(r, ONE_BAD, &err), ASSESS_EDATA);
    cr_assert_eq(err.status, ASSESS_EDATA);
    cr_assert_eq(assess_responses_account(r)->rows_rejected, 1);
    assess_responses_free(r);

    /* a clean file is fine under strict */
    r = new_table(&o);
    cr_assert_eq(read_str(r, LONG_BASIC, &err), ASSESS_OK);
    assess_responses_free(r);

    o.strict = 0;
    r = new_table(&o);
    cr_assert_eq(read_str(r, ONE_BAD, &err), ASSESS_OK);
    cr_assert_eq(assess_responses_account(r)->rows_rejected, 1);
    assess_responses_free(r);
}

Test(responses, strict_read_file)
{
    assess_read_options o;
    assess_error err;
    assess_responses *r;
    char *path = write_temp("one_bad.csv", ONE_BAD, sizeof ONE_BAD - 1);

    assess_read_options_init(&o);
    o.strict = 1;
    r = new_table(&o);
    assess_error_init(&err);
    cr_assert_eq(assess_responses_read_file(r, path, &err), ASSESS_EDATA);
    cr_assert_eq(err.status, ASSESS_EDATA);
    assess_responses_free(r);

    o.strict = 0;
    r = new_table(&o);
    assess_error_init(&err);
    cr_assert_eq(assess_responses_read_file(r, path, &err), ASSESS_OK);
    cr_assert_eq(assess_responses_account(r)->rows_used, 1);
    cr_assert_eq(assess_responses_account(r)->rows_rejected, 1);
    cr_assert_eq(diags.n, 2, "%s", diags_text(&diags));
    cr_assert_eq(diags.d[1].line, 3);
    assess_responses_free(r);
    remove_temp(path);
}

Test(responses, read_file_same_as_feed)
{
    char *path = write_temp("chunks.csv", CHUNK_FILE, sizeof CHUNK_FILE - 1);
    snapshot fed = read_snapshot(CHUNK_FILE, sizeof CHUNK_FILE - 1, FEED_BYTES);
    assess_error err;
    assess_responses *r;
    char *d, *a;

    diags_clear(&diags);
    r = new_table(NULL);
    assess_error_init(&err);
    cr_assert_eq(assess_responses_read_file(r, path, &err), ASSESS_OK);
    d = dump(r);
    a = account_text(assess_responses_account(r));
    cr_assert_str_eq(d, fed.dump);
    cr_assert_str_eq(a, fed.account);
    free(d);
    free(a);
    assess_responses_free(r);
    snapshot_free(&fed);
    remove_temp(path);
}

Test(responses, read_file_missing_is_io_error)
{
    assess_error err;
    assess_responses *r = new_table(NULL);
    assess_error_init(&err);
    cr_assert_eq(assess_responses_read_file(r, "/nonexistent/dir/x.csv", &err),
                 ASSESS_EIO);
    cr_assert_eq(err.status, ASSESS_EIO);
    assess_responses_free(r);
}

/*
 * A file that fails part way (here at its header) is accounted up to where
 * reading stopped, however it is read: fed and ended, or read from the
 * file on one thread or two.  Two threads used to count the blank lines
 * the parsing thread had read past the failure, one thread none at all
 * (found by tests/fuzz/fuzz_responses.c; the input is
 * tests/fuzz/regressions/responses/header-fails-blank-line-after.csv).
 */
Test(responses, failed_read_accounted_to_where_it_stopped)
{
    static const char BAD[] = "\n\r\nsubject_id,rater_id,\xff\n\n\nS1,R1,3\n\n";
    char *path = write_temp("bad_header.csv", BAD, sizeof BAD - 1);
    snapshot fed = read_snapshot(BAD, sizeof BAD - 1, FEED_WHOLE);

    cr_assert_eq(fed.status, ASSESS_EFORMAT);
    cr_assert_not_null(strstr(fed.account, " blank=2 "), "%s", fed.account);
    for (unsigned threads = 1; threads <= 2; threads++) {
        assess_read_options o;
        assess_error err;
        assess_responses *r;
        char *a;

        assess_read_options_init(&o);
        o.threads = threads;
        r = new_table(&o);
        assess_error_init(&err);
        cr_assert_eq(assess_responses_read_file(r, path, &err), ASSESS_EFORMAT);
        cr_assert_eq(err.line, 3, "threads %u: line %lu", threads, err.line);
        a = account_text(assess_responses_account(r));
        cr_assert_str_eq(a, fed.account, "threads %u", threads);
        free(a);
        assess_responses_free(r);
    }
    snapshot_free(&fed);
    remove_temp(path);
}

/* ---- Whole-file failures ----------------------------------------------------------------------- */

Test(responses, empty_file_is_format_error)
{
    static const char *const empties[] = { "", "\n\n\r\n", "\xef\xbb\xbf" };
    for (size_t i = 0; i < 3; i++) {
        assess_error err;
        assess_responses *r = new_table(NULL);
        cr_assert_eq(read_str(r, empties[i], &err), ASSESS_EFORMAT,
                     "empty file %zu", i);
        cr_assert_eq(err.status, ASSESS_EFORMAT);
        assess_responses_free(r);
    }
}

Test(responses, header_only_warns)
{
    assess_error err;
    assess_responses *r = new_table(NULL);
    cr_assert_eq(read_str(r, LONG_HEADER, &err), ASSESS_OK);
    cr_assert_eq(assess_responses_account(r)->rows_read, 0);
    cr_assert_eq(assess_responses_account(r)->header_rows, 1);
    cr_assert_eq(diags.n, 1, "%s", diags_text(&diags));
    cr_assert_eq(diags.d[0].severity, ASSESS_WARNING);
    cr_assert_eq(diags.d[0].reason, ASSESS_REJECT_NONE);
    cr_assert_eq(assess_responses_set_count(r), 0);
    assess_responses_free(r);
}

Test(responses, duplicate_column_is_format_error)
{
    assess_error err;
    assess_responses *r = new_table(NULL);
    cr_assert_eq(read_str(r, "subject_id,rater_id,rater_group,item_id,value,"
                             "rater_id\nS1,R1,self,COM1,3,R2\n", &err),
                 ASSESS_EFORMAT);
    cr_assert_eq(err.line, 1);
    cr_assert_not_null(strstr(err.message, "rater_id"), "%s", err.message);
    cr_assert_eq(assess_responses_account(r)->rows_read, 0);
    assess_responses_free(r);
}

Test(responses, missing_rater_id_is_format_error)
{
    assess_error err;
    assess_responses *r = new_table(NULL);
    cr_assert_eq(read_str(r, "subject_id,rater_group,item_id,value\n"
                             "S1,self,COM1,3\n", &err),
                 ASSESS_EFORMAT);
    cr_assert_not_null(strstr(err.message, "rater_id"), "%s", err.message);
    assess_responses_free(r);
}

Test(responses, missing_subject_id_is_format_error)
{
    assess_error err;
    assess_responses *r = new_table(NULL);
    cr_assert_eq(read_str(r, "rater_id,rater_group,COM1\nR1,self,3\n", &err),
                 ASSESS_EFORMAT);
    cr_assert_not_null(strstr(err.message, "subject_id"), "%s", err.message);
    assess_responses_free(r);
}

Test(responses, missing_rater_group_is_format_error)
{
    assess_error err;
    assess_responses *r = new_table(NULL);
    cr_assert_eq(read_str(r, "subject_id,rater_id,wave,item_id,value\n"
                             "S1,R1,1,COM1,3\n", &err),
                 ASSESS_EFORMAT);
    cr_assert_not_null(strstr(err.message, "rater_group"), "%s", err.message);
    assess_responses_free(r);
}

Test(responses, invalid_utf8_header_is_format_error)
{
    assess_error err;
    assess_responses *r = new_table(NULL);
    cr_assert_eq(read_str(r, "subject_id,rater_id,rater_group,COM1,\xff\n"
                             "S1,R1,self,3,x\n", &err),
                 ASSESS_EFORMAT);
    assess_responses_free(r);
}

/* An unterminated quote fails the file with its line (see test_csv_stream.c,
 * unterminated_quote_is_format_error). */
Test(responses, unterminated_quote_is_format_error)
{
    assess_error err;
    assess_responses *r = new_table(NULL);
    /* cr_expect: a failure still frees the table (valgrind runs) */
    cr_expect_eq(read_str(r, "subject_id,rater_id,rater_group,item_id,value\n"
                             "S1,R1,self,COM1,3\n"
                             "S1,R1,self,COM2,\"4\n"
                             "S1,R1,self,COM3,5\n", &err),
                 ASSESS_EFORMAT, "status %d", err.status);
    cr_expect_eq(err.line, 3, "line %lu", err.line);
    assess_responses_free(r);
}

Test(responses, begin_twice_and_feed_without_begin)
{
    assess_error err;
    assess_responses *r = new_table(NULL);
    assess_error_init(&err);
    cr_assert_eq(assess_responses_feed(r, "x", 1, &err), ASSESS_EUSAGE);
    cr_assert_eq(assess_responses_end(r, &err), ASSESS_EUSAGE);
    cr_assert_eq(assess_responses_begin(r, "a.csv", &err), ASSESS_OK);
    cr_assert_eq(assess_responses_begin(r, "b.csv", &err), ASSESS_EUSAGE);
    cr_assert_eq(assess_responses_feed(r, LIT(LONG_BASIC), &err), ASSESS_OK);
    cr_assert_eq(assess_responses_end(r, &err), ASSESS_OK);
    cr_assert_eq(assess_responses_set_count(r), 4);
    /* a file begun and never ended is released by free */
    cr_assert_eq(assess_responses_begin(r, "c.csv", &err), ASSESS_OK);
    cr_assert_eq(assess_responses_feed(r, LIT("subject_id,rater"), &err),
                 ASSESS_OK);
    assess_responses_free(r);
}

/* ---- Several files ------------------------------------------------------------------------------ */

Test(responses, two_files_one_table)
{
    assess_error err;
    assess_responses *r = new_table(NULL);
    char *want;
    cr_assert_eq(read_str(r, "subject_id,rater_id,rater_group,item_id,value\n"
                             "S1,R1,self,COM1,3\n"
                             "S2,R1,peer,COM1,2\n", &err),
                 ASSESS_OK);
    cr_assert_eq(read_str(r, "rater_group,rater_id,subject_id,COM1,COM2\n"
                             "manager,R2,S1,5,4\n", &err),
                 ASSESS_OK);
    cr_assert_eq(assess_responses_subject_count(r), 2);
    cr_assert_eq(assess_responses_rater_count(r), 2);
    cr_assert_eq(assess_responses_wave_count(r), 1);
    cr_assert_str_eq(assess_responses_wave(r, 0), "1");
    cr_assert_eq(assess_responses_set_count(r), 3);
    want = EXPECT_DUMP("S1,R1,self,1: COM1=3",
                       "S1,R2,manager,1: COM1=5 COM2=4",
                       "S2,R1,peer,1: COM1=2");
    assert_dump_eq(r, want);
    free(want);
    assess_responses_free(r);
}

Test(responses, duplicate_across_files)
{
    assess_error err;
    assess_responses *r = new_table(NULL);
    cr_assert_eq(read_str(r, "subject_id,rater_id,rater_group,COM1\n"
                             "S1,R1,self,3\n", &err),
                 ASSESS_OK);
    cr_assert_eq(read_str(r, "subject_id,rater_id,rater_group,wave,COM1\n"
                             "S1,R1,self,1,4\n"
                             "S1,R1,self,2,4\n", &err),
                 ASSESS_OK);
    cr_assert_eq(count_diags(ASSESS_ERROR), 1, "%s", diags_text(&diags));
    cr_assert_eq(first_error()->reason, ASSESS_REJECT_DUPLICATE);
    cr_assert_eq(first_error()->line, 2);
    cr_assert_eq(assess_responses_set_count(r), 2);
    cr_assert_eq(assess_responses_wave_count(r), 2);
    assess_responses_free(r);
}

/* ---- Layout ------------------------------------------------------------------------------------- */

Test(responses, layout_auto_detected)
{
    /* item_id and value make it long even with an item-named column */
    assess_responses *r = table_of(
        "subject_id,rater_id,rater_group,item_id,value,COM2\n"
        "S1,R1,self,COM1,3,5\n",
        NULL);
    char *got = dump_lines(r, "S1,R1,self,1,COM");
    cr_assert(starts_with(got, "S1,R1,self,1,COM1,3\nS1,R1,self,1,COM2,\n"),
              "%s", got);
    cr_assert_eq(assess_responses_account(r)->answers, 1);
    /* the COM2 column is not read: one warning naming it */
    cr_assert_eq(diags.n, 1, "%s", diags_text(&diags));
    cr_assert_not_null(strstr(diags.d[0].message, "COM2"));
    free(got);
    assess_responses_free(r);

    diags_clear(&diags);
    r = table_of("subject_id,rater_id,rater_group,COM2\nS1,R1,self,5\n", NULL);
    got = dump_lines(r, "S1,R1,self,1,COM2,");
    cr_assert_str_eq(got, "S1,R1,self,1,COM2,5\n");
    free(got);
    assess_responses_free(r);
}

Test(responses, layout_forced_wide)
{
    assess_read_options o;
    assess_responses *r;
    char *got;
    assess_read_options_init(&o);
    o.layout = ASSESS_LAYOUT_WIDE;
    r = table_of("subject_id,rater_id,rater_group,item_id,value,COM2\n"
                 "S1,R1,self,COM1,3,5\n",
                 &o);
    got = dump_lines(r, "S1,R1,self,1,COM");
    cr_assert(starts_with(got, "S1,R1,self,1,COM1,\nS1,R1,self,1,COM2,5\n"),
              "%s", got);
    cr_assert_eq(assess_responses_account(r)->answers, 1);
    free(got);
    assess_responses_free(r);
}

Test(responses, layout_forced_long_needs_item_and_value)
{
    assess_read_options o;
    assess_error err;
    assess_responses *r;
    assess_read_options_init(&o);
    o.layout = ASSESS_LAYOUT_LONG;
    r = new_table(&o);
    cr_assert_eq(read_str(r, "subject_id,rater_id,rater_group,COM1\n"
                             "S1,R1,self,3\n", &err),
                 ASSESS_EFORMAT);
    cr_assert_not_null(strstr(err.message, "item_id"), "%s", err.message);
    assess_responses_free(r);
}

Test(responses, layout_forced_wide_needs_item_columns)
{
    assess_read_options o;
    assess_error err;
    assess_responses *r;
    assess_read_options_init(&o);
    o.layout = ASSESS_LAYOUT_WIDE;
    r = new_table(&o);
    cr_assert_eq(read_str(r, LONG_BASIC, &err), ASSESS_EFORMAT);
    assess_responses_free(r);
}

Test(responses, layout_undetectable)
{
    assess_error err;
    assess_responses *r = new_table(NULL);
    cr_assert_eq(read_str(r, "subject_id,rater_id,rater_group,Q1\n"
                             "S1,R1,self,3\n", &err),
                 ASSESS_EFORMAT);
    cr_assert_eq(err.line, 1);
    assess_responses_free(r);
}
