/*
 * test_api.c - the library as a program embedding it sees it: its
 * version, the ABI rules of its header, what it allocates and frees, the
 * rows of every table through the API (checked cell for cell against the
 * CSV writers), its writers to memory and to a function, rows streamed to
 * a function, instruments found by id, SHA-256 (FIPS 180-4's examples)
 * and numbers to N significant digits.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "assess.h"
#include "base_format.h"
#include "base_sha256.h"
#include "rows_text.h"

#define ROOT INSTRUMENTS "/.."
#define DEMO FIXTURES "/demo/responses.csv"
#define GOALS FIXTURES "/demo/goals.csv"

/* ---- The demo, scored and analysed -------------------------------------- */

static assess_instrument *demo_inst;
static assess_responses *demo_resp;
static assess_goals *demo_goals;

static void demo_load(void)
{
    assess_error err;
    assess_error_init(&err);
    demo_inst = assess_instrument_load(INSTRUMENTS "/leadership-360.xml",
                                       NULL, NULL, &err);
    cr_assert_not_null(demo_inst, "%s", err.message);
    demo_resp = assess_responses_new(demo_inst, NULL, &err);
    cr_assert_not_null(demo_resp);
    cr_assert_eq(assess_responses_read_file(demo_resp, DEMO, &err), ASSESS_OK,
                 "%s", err.message);
    demo_goals = assess_goals_read_file(GOALS, &err);
    cr_assert_not_null(demo_goals, "%s", err.message);
}

static void demo_free(void)
{
    assess_goals_free(demo_goals);
    assess_responses_free(demo_resp);
    assess_instrument_free(demo_inst);
}

static assess_score *demo_score(int research)
{
    assess_score_options so;
    assess_error err;
    assess_score *s;
    assess_score_options_init(&so);
    so.research = research;
    assess_error_init(&err);
    s = assess_score_compute(demo_resp, &so, &err);
    cr_assert_not_null(s, "%s", err.message);
    return s;
}

/* The three analyses, kept (not streamed). */
static assess_table *demo_table(int which, unsigned threads,
                                const assess_table_stream *stream,
                                assess_error *err)
{
    assess_agree_options ao;
    assess_reliability_options ro;
    assess_change_options co;

    assess_error_init(err);
    switch (which) {
    case 0:
        assess_agree_options_init(&ao);
        ao.by_group = 1;
        ao.pair = "self,manager";
        ao.threads = threads;
        ao.stream = stream;
        return assess_agree_compute(demo_resp, &ao, err);
    case 1:
        assess_reliability_options_init(&ro);
        ro.threads = threads;
        ro.stream = stream;
        return assess_reliability_compute(demo_resp, &ro, err);
    default:
        assess_change_options_init(&co);
        co.goals = demo_goals;
        co.threads = threads;
        co.stream = stream;
        return assess_change_compute(demo_resp, &co, err);
    }
}

static const char *const TABLE_NAMES[] = { "agree", "reliability", "change" };

/* ---- Version and ABI ------------------------------------------------------ */

Test(api, version)
{
    char text[32];
    snprintf(text, sizeof text, "%d.%d.%d", ASSESS_VERSION_MAJOR,
             ASSESS_VERSION_MINOR, ASSESS_VERSION_PATCH);
    cr_assert_str_eq(text, ASSESS_VERSION);
    cr_assert_str_eq(assess_version(), ASSESS_VERSION);
    cr_assert_eq(assess_version_num(), (unsigned)ASSESS_VERSION_NUM);
    cr_assert_eq(ASSESS_VERSION_NUM, ASSESS_VERSION_MAJOR * 65536 +
                                         ASSESS_VERSION_MINOR * 256 +
                                         ASSESS_VERSION_PATCH);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *text;
    long n;
    cr_assert_not_null(f, "%s: %s", path, strerror(errno));
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    text = malloc((size_t)n + 1);
    cr_assert_eq(fread(text, 1, (size_t)n, f), (size_t)n);
    text[n] = 0;
    fclose(f);
    return text;
}

/*
 * The header's rules for a stable ABI: every enumerator's value written
 * out (a value in the middle of an enum cannot move), and every array in
 * a public struct sized by a number or by a #define'd number, never by an
 * enum's count (the account's reasons were once ASSESS_REJECT__COUNT
 * long, and grew with every reason added).
 */
Test(api, header_keeps_the_abi_rules)
{
    char *h = slurp(ROOT "/include/assess.h");
    size_t enums = 0, enumerators = 0, structs = 0, arrays = 0, n = 0;

    /* the header without its comments */
    for (char *q = h; *q; q++) {
        if (q[0] == '/' && q[1] == '*') {
            q = strstr(q, "*/") + 1;
            continue;
        }
        h[n++] = *q;
    }
    h[n] = 0;
    for (char *p = strstr(h, "typedef enum"); p; p = strstr(p + 1, "typedef enum")) {
        char *open = strchr(p, '{'), *close = strchr(p, '}'), body[4096];
        cr_assert(open && close && open < close);
        cr_assert_lt((size_t)(close - open), sizeof body);
        memcpy(body, open + 1, (size_t)(close - open - 1));
        body[close - open - 1] = 0;
        enums++;
        for (char *save = NULL, *e = strtok_r(body, ",", &save); e;
             e = strtok_r(NULL, ",", &save)) {
            while (isspace((unsigned char)*e))
                e++;
            if (!*e)
                continue;
            cr_assert_not_null(strchr(e, '='),
                               "enumerator '%s' has no value written out", e);
            enumerators++;
        }
    }
    for (char *p = strstr(h, "typedef struct"); p; p = strstr(p + 1, "typedef struct")) {
        char *open = strchr(p, '{'), *semi = strchr(p, ';');
        if (!open || semi < open)
            continue; /* an opaque handle */
        char *close = strstr(open, "\n}");
        cr_assert_not_null(close);
        structs++;
        for (char *a = strchr(open, '['); a && a < close; a = strchr(a + 1, '[')) {
            char dim[64], def[96];
            size_t len = strcspn(a + 1, "]");
            cr_assert_lt(len, sizeof dim);
            memcpy(dim, a + 1, len);
            dim[len] = 0;
            arrays++;
            if (isdigit((unsigned char)dim[0]))
                continue;
            snprintf(def, sizeof def, "#define %s ", dim);
            char *d = strstr(h, def);
            cr_assert_not_null(d, "an array sized by %s, which is no #define",
                               dim);
            cr_assert(isdigit((unsigned char)d[strlen(def)]),
                      "an array sized by %s, which is not a number", dim);
        }
    }
    cr_assert_geq(enums, 12);
    cr_assert_geq(enumerators, 50);
    cr_assert_geq(structs, 10);
    cr_assert_geq(arrays, 3); /* file, message, rejected */
    cr_assert_leq(ASSESS_REJECT__COUNT, ASSESS_REJECT_SLOTS);
    cr_assert_eq(sizeof(assess_account),
                 sizeof(uint64_t) * (3 + ASSESS_REJECT_SLOTS + 4));
    free(h);
}

/* ---- What the library allocates, freed with assess_free() ---------------- */

Test(api, free, .init = demo_load, .fini = demo_free)
{
    char *dump = assess_responses_dump(demo_resp);
    cr_assert_not_null(dump);
    cr_assert(strncmp(dump, "E0001,", 6) == 0);
    assess_free(dump);
    assess_free(NULL);
}

/* ---- Rows ----------------------------------------------------------------- */

/* Rows through the API, written as CSV, are the CSV writer's bytes. */
static void expect_rows_are_csv(assess_rows *r, const char *csv,
                                const char *name)
{
    char *text = rows_as_csv(r);
    cr_assert_str_eq(assess_rows_name(r), name);
    if (strcmp(text, csv) != 0) {
        size_t at = 0;
        while (text[at] && text[at] == csv[at])
            at++;
        size_t from = at > 150 ? at - 150 : 0;
        cr_assert_fail("%s: rows differ from the CSV at byte %zu:\nrows: "
                       "...%.300s\ncsv:  ...%.300s", name, at, text + from,
                       csv + from);
    }
    free(text);
}

Test(api, score_rows_are_the_csv, .init = demo_load, .fini = demo_free)
{
    static const struct {
        assess_score_table table;
        const char *name;
        size_t columns;
    } tables[] = { { ASSESS_TABLE_SCALES, "scores", 19 },
                   { ASSESS_TABLE_ITEMS, "items", 15 },
                   { ASSESS_TABLE_RATERS, "raters", 8 } };
    assess_score *s = demo_score(1);
    assess_error err;

    for (size_t t = 0; t < 3; t++) {
        written w;
        assess_error_init(&err);
        cr_assert_eq(assess_score_write_csv(s, tables[t].table,
                                            written_open(&w), &err),
                     ASSESS_OK);
        char *csv = written_close(&w);
        assess_rows *r = assess_score_rows(s, tables[t].table, &err);
        cr_assert_not_null(r, "%s", err.message);
        cr_assert_eq(assess_rows_column_count(r), tables[t].columns);
        cr_assert_gt(assess_rows_count(r), 100);
        expect_rows_are_csv(r, csv, tables[t].name);
        /* read again backwards: each cell is worked out the same */
        size_t last = assess_rows_count(r) - 1;
        const char *subject = assess_rows_text(r, last, 0);
        cr_assert_not_null(subject);
        cr_assert_str_eq(assess_rows_text(r, 0, 0), "E0001");
        cr_assert_str_eq(assess_rows_text(r, last, 0), subject);
        /* past the end */
        cr_assert_eq(assess_rows_type(r, last + 1, 0), ASSESS_TYPE_NULL);
        cr_assert_null(assess_rows_text(r, 0, 99));
        cr_assert_null(assess_rows_column_name(r, 99));
        cr_assert_eq(assess_rows_integer(r, last + 1, 0), 0);
        cr_assert_eq(assess_rows_real(r, 0, 0), 0); /* text is no number */
        assess_rows_free(r);
        free(csv);
    }
    /* The types of the scale table, as the README gives them. */
    assess_rows *r = assess_score_rows(s, ASSESS_TABLE_SCALES, &err);
    static const assess_type scale_types[19] = {
        ASSESS_TYPE_TEXT, ASSESS_TYPE_TEXT, ASSESS_TYPE_TEXT, ASSESS_TYPE_TEXT,
        ASSESS_TYPE_INTEGER, ASSESS_TYPE_REAL, ASSESS_TYPE_REAL,
        ASSESS_TYPE_REAL, ASSESS_TYPE_REAL, ASSESS_TYPE_BOOLEAN,
        ASSESS_TYPE_REAL, ASSESS_TYPE_REAL, ASSESS_TYPE_REAL, ASSESS_TYPE_REAL,
        ASSESS_TYPE_TEXT, ASSESS_TYPE_INTEGER, ASSESS_TYPE_BOOLEAN,
        ASSESS_TYPE_BOOLEAN, ASSESS_TYPE_TEXT };
    for (size_t c = 0; c < 19; c++)
        cr_assert_eq(assess_rows_column_type(r, c), scale_types[c],
                     "column %s", assess_rows_column_name(r, c));
    assess_rows_free(r);
    assess_score_free(s);

    /* Rater ids only for research, as the CSV writer. */
    s = demo_score(0);
    assess_error_init(&err);
    cr_assert_null(assess_score_rows(s, ASSESS_TABLE_RATERS, &err));
    cr_assert_eq(err.status, ASSESS_EUSAGE);
    cr_assert(strstr(err.message, "research only"));
    assess_score_free(s);
}

Test(api, table_rows_are_the_csv, .init = demo_load, .fini = demo_free)
{
    for (int which = 0; which < 3; which++) {
        assess_error err;
        written w;
        assess_table *t = demo_table(which, 2, NULL, &err);
        cr_assert_not_null(t, "%s", err.message);
        cr_assert_eq(assess_table_write_csv(t, written_open(&w), &err),
                     ASSESS_OK);
        char *csv = written_close(&w);
        assess_rows *r = assess_table_rows(t, &err);
        cr_assert_not_null(r, "%s", err.message);
        cr_assert_eq(assess_rows_count(r), assess_table_row_count(t));
        cr_assert_eq(assess_rows_column_count(r), 11);
        expect_rows_are_csv(r, csv, TABLE_NAMES[which]);
        assess_rows_free(r);
        assess_table_free(t);
        free(csv);
    }
}

/* ---- Rows streamed to a function ------------------------------------------ */

typedef struct gathered {
    char *text;      /* the batches' rows as CSV, without their headers */
    size_t len, batches, rows;
    int fail_after;  /* > 0: the n-th batch fails */
} gathered;

static int gather(void *userdata, const assess_table *batch)
{
    gathered *g = userdata;
    assess_error err;
    assess_rows *r = assess_table_rows(batch, &err);
    cr_assert_not_null(r, "a batch is readable: %s", err.message);
    char *csv = rows_as_csv(r);
    const char *body = strchr(csv, '\n') + 1;
    size_t n = strlen(body);
    g->text = realloc(g->text, g->len + n + 1);
    memcpy(g->text + g->len, body, n + 1);
    g->len += n;
    g->rows += assess_rows_count(r);
    assess_rows_free(r);
    free(csv);
    return ++g->batches == (size_t)g->fail_after ? -1 : 0;
}

Test(api, rows_streamed_to_a_function, .init = demo_load, .fini = demo_free)
{
    for (int which = 0; which < 3; which++) {
        for (unsigned threads = 1; threads <= 3; threads += 2) {
            assess_error err;
            written w;
            gathered g = { 0 };
            assess_table_stream stream = { 0 };
            assess_table *kept = demo_table(which, 1, NULL, &err);
            cr_assert_not_null(kept);
            cr_assert_eq(assess_table_write_csv(kept, written_open(&w), &err),
                         ASSESS_OK);
            char *csv = written_close(&w);

            stream.rows = gather;
            stream.userdata = &g;
            assess_table *t = demo_table(which, threads, &stream, &err);
            cr_assert_not_null(t, "%s", err.message);
            cr_assert_gt(g.batches, 1, "%s: rows come a batch at a time",
                         TABLE_NAMES[which]);
            cr_assert_eq(g.rows, assess_table_row_count(kept));
            cr_assert_eq(assess_table_row_count(t), g.rows);
            cr_assert_str_eq(g.text, strchr(csv, '\n') + 1, "%s, %u threads",
                             TABLE_NAMES[which], threads);
            /* a streamed table's rows were not kept */
            assess_error_init(&err);
            cr_assert_null(assess_table_rows(t, &err));
            cr_assert_eq(err.status, ASSESS_EUSAGE);
            assess_table_free(t);

            /* the function fails: so does the computation */
            free(g.text);
            memset(&g, 0, sizeof g);
            g.fail_after = 1;
            t = demo_table(which, threads, &stream, &err);
            cr_assert_null(t);
            cr_assert_eq(err.status, ASSESS_EIO, "%s", err.message);
            cr_assert_eq(g.batches, 1, "no rows after a failure");
            free(g.text);
            assess_table_free(kept);
            free(csv);
        }
    }
}

/* ---- Writers to memory and to a function ---------------------------------- */

typedef struct chunks {
    char *text;
    size_t len, calls, fail_at; /* fail_at > 0: that call fails */
} chunks;

static int take_chunk(void *userdata, const char *data, size_t len)
{
    chunks *c = userdata;
    if (++c->calls == c->fail_at)
        return -1;
    c->text = realloc(c->text, c->len + len + 1);
    memcpy(c->text + c->len, data, len);
    c->len += len;
    c->text[c->len] = 0;
    return 0;
}

Test(api, writers_to_memory_and_to_a_function, .init = demo_load,
     .fini = demo_free)
{
    assess_score *s = demo_score(0);
    assess_error err;
    written w;
    size_t len;

    cr_assert_eq(assess_score_write_json(s, written_open(&w), &err), ASSESS_OK);
    char *want = written_close(&w);
    cr_assert_gt(strlen(want), 100000, "big enough for several flushes");

    assess_out *mem = assess_out_memory(&err);
    cr_assert_not_null(mem, "%s", err.message);
    cr_assert_eq(assess_score_write_json(s, assess_out_file(mem), &err),
                 ASSESS_OK);
    char *got = assess_out_take(mem, &len);
    cr_assert_not_null(got);
    cr_assert_eq(len, strlen(want));
    cr_assert_str_eq(got, want);
    assess_free(got);
    /* taken: the memory starts again */
    cr_assert_eq(assess_score_write_text(s, "E0007", assess_out_file(mem),
                                         &err), ASSESS_OK);
    got = assess_out_take(mem, &len);
    cr_assert(strncmp(got, "E0007, wave 1", 13) == 0, "%.40s", got);
    assess_free(got);
    got = assess_out_take(mem, &len);
    cr_assert_str_eq(got, "");
    cr_assert_eq(len, 0);
    assess_free(got);
    cr_assert_eq(assess_out_close(mem, &err), ASSESS_OK);

    chunks c = { 0 };
    assess_out *fn = assess_out_callback(take_chunk, &c, &err);
    cr_assert_not_null(fn);
    cr_assert_eq(assess_score_write_json(s, assess_out_file(fn), &err),
                 ASSESS_OK);
    cr_assert_null(assess_out_take(fn, &len), "a function's output holds none");
    cr_assert_eq(assess_out_close(fn, &err), ASSESS_OK);
    cr_assert_gt(c.calls, 1);
    cr_assert_str_eq(c.text, want);
    free(c.text);

    /* the function fails: the write fails, with ASSESS_EIO */
    memset(&c, 0, sizeof c);
    c.fail_at = 2;
    fn = assess_out_callback(take_chunk, &c, &err);
    cr_assert_not_null(fn);
    assess_status st = assess_score_write_json(s, assess_out_file(fn), &err);
    assess_status st2 = assess_out_close(fn, &err);
    cr_assert(st == ASSESS_EIO || st2 == ASSESS_EIO);
    cr_assert_eq(st2, ASSESS_EIO);
    free(c.text);

    assess_error_init(&err);
    cr_assert_null(assess_out_callback(NULL, NULL, &err));
    cr_assert_eq(err.status, ASSESS_EUSAGE);
    cr_assert_eq(assess_out_close(NULL, &err), ASSESS_OK);
    free(want);
    assess_score_free(s);
}

/* ---- Instruments found by id ---------------------------------------------- */

static char *find(const char *name, assess_error *err)
{
    assess_error_init(err);
    return assess_instrument_find(name, err);
}

static int ends_with(const char *s, const char *end)
{
    size_t n = strlen(s), m = strlen(end);
    return n >= m && strcmp(s + n - m, end) == 0;
}

Test(api, instruments_found_by_id)
{
    assess_error err;
    char dir[] = "/tmp/assess-path-XXXXXX", path[256], *p;

    unsetenv("ASSESS_PATH");
    /* from the build tree, the sources' instruments/ */
    p = find("lead360", &err);
    cr_assert_not_null(p, "%s", err.message);
    cr_assert(ends_with(p, "/instruments/leadership-360.xml"), "%s", p);
    assess_free(p);
    p = find("strengths20", &err);
    cr_assert_not_null(p, "%s", err.message);
    cr_assert(ends_with(p, "/instruments/strengths.xml"), "%s", p);
    assess_free(p);
    /* the file's name without .xml */
    p = find("leadership-360", &err);
    cr_assert_not_null(p);
    cr_assert(ends_with(p, "/instruments/leadership-360.xml"), "%s", p);
    assess_free(p);
    /* a path is a path, found or not */
    p = find(INSTRUMENTS "/strengths.xml", &err);
    cr_assert_str_eq(p, INSTRUMENTS "/strengths.xml");
    assess_free(p);
    p = find("./no-such.xml", &err);
    cr_assert_str_eq(p, "./no-such.xml");
    assess_free(p);

    /* ASSESS_PATH comes first: an instrument with id lead360 under another
     * name there wins; a broken file there is passed over */
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/a-broken.xml", dir);
    FILE *f = fopen(path, "w");
    fputs("<instrument id='lead360'", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/mine.xml", dir);
    f = fopen(path, "w");
    char *xml = slurp(INSTRUMENTS "/leadership-360.xml");
    fputs(xml, f);
    fclose(f);
    free(xml);
    char env[512];
    snprintf(env, sizeof env, "/no/such/dir::%s", dir);
    setenv("ASSESS_PATH", env, 1);
    p = find("lead360", &err);
    cr_assert_not_null(p, "%s", err.message);
    cr_assert_str_eq(p, path);
    assess_free(p);

    /* not found: where it looked, and what to do */
    p = find("lead999", &err);
    cr_assert_null(p);
    cr_assert_eq(err.status, ASSESS_EUSAGE);
    cr_assert(strstr(err.message, "instrument 'lead999'"), "%s", err.message);
    cr_assert(strstr(err.message, "/no/such/dir"), "%s", err.message);
    cr_assert(strstr(err.message, dir), "%s", err.message);
    cr_assert(strstr(err.message, "/share/assess/instruments"), "%s",
              err.message);
    cr_assert(strstr(err.message, "ASSESS_PATH"), "%s", err.message);
    cr_assert_null(find("", &err));
    cr_assert_eq(err.status, ASSESS_EUSAGE);

    unsetenv("ASSESS_PATH");
    snprintf(path, sizeof path, "%s/a-broken.xml", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/mine.xml", dir);
    unlink(path);
    rmdir(dir);
}

/* ---- SHA-256 ---------------------------------------------------------------- */

static void hex_of(const char *data, size_t len, char hex[65])
{
    unsigned char d[32];
    sha256 c;
    sha256_init(&c);
    sha256_update(&c, data, len);
    sha256_final(&c, d);
    sha256_hex(d, hex);
}

/* FIPS 180-4's examples (NIST, "SHA256.pdf", Cryptographic Standards and
 * Guidelines: Examples with Intermediate Values), with the empty message
 * and the million a's of FIPS 180-2's test vectors. */
Test(api, sha256)
{
    char hex[65];
    hex_of("abc", 3, hex);
    cr_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223"
                          "b00361a396177a9cb410ff61f20015ad");
    hex_of("", 0, hex);
    cr_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb924"
                          "27ae41e4649b934ca495991b7852b855");
    static const char two[] =
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    hex_of(two, sizeof two - 1, hex);
    cr_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039"
                          "a33ce45964ff2167f6ecedd419db06c1");
    char *a = malloc(1000000);
    memset(a, 'a', 1000000);
    hex_of(a, 1000000, hex);
    cr_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
                          "f1809a48a497200e046d39ccc7112cd0");
    /* however the input is cut, the same hash */
    unsigned char d[32];
    char cut[65];
    uint64_t seed = 12345;
    for (int round = 0; round < 20; round++) {
        sha256 c;
        size_t at = 0;
        sha256_init(&c);
        while (at < 1000000) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            size_t n = (size_t)(seed >> 33) % (round < 10 ? 130 : 70000);
            if (n > 1000000 - at)
                n = 1000000 - at;
            sha256_update(&c, a + at, n);
            at += n;
        }
        sha256_final(&c, d);
        sha256_hex(d, cut);
        cr_assert_str_eq(cut, hex, "round %d", round);
    }
    free(a);
}

/* Lengths around the padding's edges, against sha256sum where it is. */
Test(api, sha256_against_sha256sum)
{
    if (system("command -v sha256sum >/dev/null 2>&1") != 0)
        cr_skip_test("no sha256sum to compare with");
    char path[] = "/tmp/assess-sha-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    for (size_t n = 0; n <= 200; n += (n < 130 ? 1 : 17)) {
        char data[256], hex[65], cmd[128], want[65] = "";
        for (size_t i = 0; i < n; i++)
            data[i] = (char)('a' + (i * 7 + n) % 26);
        FILE *f = fopen(path, "wb");
        fwrite(data, 1, n, f);
        fclose(f);
        snprintf(cmd, sizeof cmd, "sha256sum %s", path);
        FILE *p = popen(cmd, "r");
        cr_assert_eq(fscanf(p, "%64s", want), 1);
        pclose(p);
        hex_of(data, n, hex);
        cr_assert_str_eq(hex, want, "%zu bytes", n);
    }
    unlink(path);
}

/* ---- Numbers to N significant digits -------------------------------------- */

Test(api, digits)
{
    static const struct {
        double x;
        unsigned digits;
        const char *want;
    } cases[] = {
        { 4.166666666666667, 3, "4.17" },
        { 4.166666666666667, 1, "4" },
        { 3.5, 3, "3.5" },          /* no trailing zeros */
        { 3.5, 17, "3.5" },
        { 0.1, 17, "0.10000000000000001" },
        { 12345, 3, "12345" },      /* a whole part keeps its digits */
        { 12345.678, 3, "12346" },
        { 12345.678, 7, "12345.68" },
        { -0.000123456, 2, "-0.00012" },
        { 99.96, 3, "100" },
        { -0.0004, 1, "-0.0004" },
        { 1e-7, 3, "1e-07" },       /* as %g writes it */
        { -0.4, 1, "-0.4" },
        { 0.0, 3, "0" },
        { -0.0, 3, "0" },
        { 68.2378028349416, 4, "68.24" },
        { 4.166666666666667, 0, "4.166666666666667" }, /* 0: the shortest */
        { 4.166666666666667, 18, "4.166666666666667" },
    };
    char buf[NUMBER_SIZE];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        cr_assert_str_eq(format_number_digits(buf, cases[i].x, cases[i].digits),
                         cases[i].want, "%.17g at %u digits", cases[i].x,
                         cases[i].digits);
}

/* --digits reaches every text writer of scores and tables, and only the
 * numbers: every other byte is the same. */
Test(api, digits_in_every_writer, .init = demo_load, .fini = demo_free)
{
    assess_score_options so;
    assess_agree_options ao;
    assess_error err;
    written w;

    assess_score_options_init(&so);
    so.digits = 4;
    assess_error_init(&err);
    assess_score *s = assess_score_compute(demo_resp, &so, &err);
    cr_assert_eq(assess_score_write_csv(s, ASSESS_TABLE_SCALES,
                                        written_open(&w), &err), ASSESS_OK);
    char *csv = written_close(&w);
    cr_assert(strstr(csv, "\nE0001,1,communication,self,1,4.167,,4.167,4.167,"
                          "false,0.4744,54.74,68.24,0.7727,blind_spot,"),
              "%.400s", csv);
    cr_assert_eq(assess_score_write_json(s, written_open(&w), &err), ASSESS_OK);
    char *json = written_close(&w);
    cr_assert(strstr(json, "4.167"));
    cr_assert_null(strstr(json, "4.1666"));
    free(csv);
    free(json);
    assess_score_free(s);

    assess_agree_options_init(&ao);
    ao.digits = 2;
    assess_table *t = assess_agree_compute(demo_resp, &ao, &err);
    cr_assert_not_null(t);
    cr_assert_eq(assess_table_write_csv(t, written_open(&w), &err), ASSESS_OK);
    csv = written_close(&w);
    cr_assert(strstr(csv, "E0001,1,communication,,others,rwg_j,0.96,,,11,\n"),
              "%.300s", csv);
    /* counts keep every digit: icc1's n is over a hundred raters */
    char *icc1 = strstr(csv, "\n,1,communication,,others,icc1,");
    cr_assert_not_null(icc1);
    char *n_field = icc1 + strlen("\n,1,communication,,others,icc1,");
    n_field = strchr(strchr(strchr(n_field, ',') + 1, ',') + 1, ',') + 1;
    cr_assert_geq(strtol(n_field, NULL, 10), 100, "%.60s", icc1);
    cr_assert_eq(strspn(n_field, "0123456789"), 3, "%.60s", icc1);
    free(csv);
    assess_table_free(t);
}
