/*
 * test_instrument.c - the instrument loader: the shipped instruments, XML
 * and schema errors, the loader's own checks, defaults, and hostile input.
 *
 * Inline documents are written one line a string, with the line number in
 * a comment, so a test can say on which line a problem must be reported.
 * Every inline document starts with HEAD (lines 1-3).
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assess.h"
#include "input_instrument.h" /* the private body, to check defaults */
#include "base_utf8.h"

/* ---- Collecting diagnostics --------------------------------------------- */

#define MAX_DIAGS 64
#define ANY_LINE ((unsigned long)-1)

typedef struct diag_copy {
    assess_severity severity;
    char file[256];
    unsigned long line;
    char message[1024];
} diag_copy;

typedef struct diags {
    diag_copy d[MAX_DIAGS]; /* the first MAX_DIAGS received */
    size_t n;               /* kept in d[] */
    size_t total;           /* received */
} diags;

/* assess_diag_fn: copies each diagnostic, which is valid only during the call. */
static void collect(const assess_diag *diag, void *userdata)
{
    diags *ds = userdata;
    ds->total++;
    if (ds->n == MAX_DIAGS)
        return;
    diag_copy *c = &ds->d[ds->n++];
    c->severity = diag->severity;
    snprintf(c->file, sizeof c->file, "%s", diag->file ? diag->file : "");
    c->line = diag->line;
    snprintf(c->message, sizeof c->message, "%s",
             diag->message ? diag->message : "");
}

/* The diagnostics as text, for failure messages.  A static buffer. */
static const char *diag_list(const diags *ds)
{
    static char buf[16384];
    size_t o = 0;
    buf[0] = '\0';
    if (ds->total == 0)
        return "(no diagnostics)";
    for (size_t i = 0; i < ds->n && o < sizeof buf; i++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, "  %s:%lu: %s\n",
                              ds->d[i].file, ds->d[i].line, ds->d[i].message);
    return buf;
}

/* Index of the first diagnostic on `line` (ANY_LINE: any) whose message
 * contains `text`, or -1. */
static int find_diag(const diags *ds, unsigned long line, const char *text)
{
    for (size_t i = 0; i < ds->n; i++)
        if ((line == ANY_LINE || ds->d[i].line == line) &&
            strstr(ds->d[i].message, text))
            return (int)i;
    return -1;
}

/* How many diagnostics contain `text`. */
static size_t count_diags(const diags *ds, const char *text)
{
    size_t k = 0;
    for (size_t i = 0; i < ds->n; i++)
        if (strstr(ds->d[i].message, text))
            k++;
    return k;
}

#define expect_diag(ds, line, text)                                          \
    cr_expect(find_diag((ds), (line), (text)) >= 0,                          \
              "expected a diagnostic on line %ld containing \"%s\"; got:\n%s", \
              (long)(line), (text), diag_list(ds))

static assess_instrument *load_xml_len(const char *xml, size_t len,
                                       diags *ds, assess_error *err)
{
    memset(ds, 0, sizeof *ds);
    assess_error_init(err);
    return assess_instrument_load_memory(xml, len, "t.xml", collect, ds, err);
}

static assess_instrument *load_xml(const char *xml, diags *ds,
                                   assess_error *err)
{
    return load_xml_len(xml, strlen(xml), ds, err);
}

static assess_instrument *load_path(const char *path, diags *ds,
                                    assess_error *err)
{
    memset(ds, 0, sizeof *ds);
    assess_error_init(err);
    return assess_instrument_load(path, collect, ds, err);
}

/*
 * A rejected document: no instrument, status EINSTRUMENT, exactly `n`
 * diagnostics (0: at least one), every one an error named for `file`, and
 * err counting them.
 */
static void expect_rejected(const assess_instrument *inst, const diags *ds,
                            const assess_error *err, size_t n)
{
    char want[64];
    cr_expect_null(inst, "the document should be rejected");
    cr_expect_eq(err->status, ASSESS_EINSTRUMENT, "status %d (%s): %s",
                 err->status, assess_strerror(err->status), err->message);
    cr_expect_str_eq(err->file, "t.xml");
    if (n == 0) {
        cr_expect_gt(ds->total, 0, "a rejection must say why");
    } else {
        cr_expect_eq(ds->total, n, "expected %zu diagnostics, got %zu:\n%s",
                     n, ds->total, diag_list(ds));
        snprintf(want, sizeof want, "%zu problem%s in instrument", n,
                 n == 1 ? "" : "s");
        cr_expect_str_eq(err->message, want);
    }
    for (size_t i = 0; i < ds->n; i++) {
        cr_expect_eq(ds->d[i].severity, ASSESS_ERROR);
        cr_expect_str_eq(ds->d[i].file, "t.xml");
    }
}

/* A document with exactly one problem, on `line`, saying `text`. */
static void expect_one_problem(const char *xml, unsigned long line,
                               const char *text)
{
    diags ds;
    assess_error err;
    assess_instrument *inst = load_xml(xml, &ds, &err);
    expect_rejected(inst, &ds, &err, 1);
    expect_diag(&ds, line, text);
    assess_instrument_free(inst);
}

/* A valid document: loaded, no diagnostics. */
static assess_instrument *load_ok(const char *xml)
{
    diags ds;
    assess_error err;
    assess_instrument *inst = load_xml(xml, &ds, &err);
    cr_assert_not_null(inst, "load failed: %s\n%s", err.message,
                       diag_list(&ds));
    cr_expect_eq(ds.total, 0, "unexpected diagnostics:\n%s", diag_list(&ds));
    return inst;
}

/* Lines 1-3 of every inline document. */
#define HEAD                                           \
    "<?xml version='1.0' encoding='UTF-8'?>\n"         \
    "<instrument id='t' version='1' kind='360'>\n"     \
    "  <title>T</title>\n"

/* ---- The shipped instruments -------------------------------------------- */

Test(instrument, shipped_leadership_360)
{
    diags ds;
    assess_error err;
    assess_instrument *inst =
        load_path(INSTRUMENTS "/leadership-360.xml", &ds, &err);

    cr_assert_not_null(inst, "%s: %s\n%s", err.file, err.message,
                       diag_list(&ds));
    cr_expect_eq(ds.total, 0, "%s", diag_list(&ds));
    cr_expect_str_eq(assess_instrument_id(inst), "lead360");
    cr_expect_str_eq(assess_instrument_version(inst), "1.0");
    cr_expect_str_eq(assess_instrument_title(inst), "Leadership 360");
    cr_expect_eq(assess_instrument_kind(inst), ASSESS_KIND_360);
    cr_expect_eq(assess_instrument_scale_count(inst), 9);
    cr_expect_eq(assess_instrument_item_count(inst), 48);
    cr_expect_eq(assess_instrument_group_count(inst), 5);
    cr_expect_eq(assess_instrument_norm_count(inst), 8);
    cr_expect_eq(assess_instrument_groups_implicit(inst), 0);

    /* Items in document order, each in its scale. */
    cr_expect_str_eq(assess_instrument_item_id(inst, 0), "COM1");
    cr_expect_str_eq(assess_instrument_item_id(inst, 2), "COM3");
    cr_expect_str_eq(assess_instrument_item_id(inst, 6), "DEL1");
    cr_expect_str_eq(assess_instrument_item_id(inst, 47), "TRU6");
    cr_expect_eq(assess_instrument_item_reverse(inst, 2), 1, "COM3 is reversed");
    cr_expect_eq(assess_instrument_item_reverse(inst, 0), 0, "COM1 is not");
    cr_expect_eq(assess_instrument_item_scale(inst, 0), 0);
    cr_expect_eq(assess_instrument_item_scale(inst, 6), 1);
    cr_expect_eq(assess_instrument_item_scale(inst, 47), 7);
    cr_expect_str_eq(assess_instrument_scale_id(inst, 0), "communication");
    cr_expect_str_eq(assess_instrument_scale_id(inst, 8), "leadership_index");
    cr_expect_eq(instrument_find_item(inst, "DEC4", 4), 15);

    cr_expect_str_eq(assess_instrument_group_id(inst, 0), "self");
    cr_expect_str_eq(assess_instrument_group_role(inst, 0), "self");
    cr_expect_str_eq(assess_instrument_group_role(inst, 1), "manager");
    cr_expect_str_eq(assess_instrument_group_role(inst, 2), "peer");
    cr_expect_str_eq(assess_instrument_group_id(inst, 3), "direct_report");
    cr_expect_str_eq(assess_instrument_group_role(inst, 3), "direct_report");
    cr_expect_str_eq(assess_instrument_group_role(inst, 4), "other");
    cr_expect_eq(inst->groups[0].minimum, 1);
    cr_expect_eq(inst->groups[2].minimum, 3);

    /* The composite: no items, the eight scales as parts, in order. */
    const inst_scale *ix = &inst->scales[8];
    cr_expect_eq(ix->n_items, 0);
    cr_assert_eq(ix->n_parts, 8);
    for (uint32_t p = 0; p < 8; p++)
        cr_expect_eq(ix->parts[p], p, "part %u is scale %u", p, ix->parts[p]);
    cr_expect_eq(ix->min_answered, 4, "default for 8 parts: (8 + 1) / 2");
    cr_expect_eq(inst->scales[0].min_answered, 4);
    cr_expect_eq(inst->scales[0].has_reliability, 1);
    cr_expect_float_eq(inst->scales[0].reliability, 0.86, 1e-12);

    cr_expect_eq(inst->n_response_scales, 1);
    cr_expect_eq(inst->response_scales[0].n_labels, 5);
    cr_expect_eq(inst->response_scales[0].n_missing, 1);
    cr_expect_float_eq(inst->response_scales[0].missing[0].value, 0, 1e-12);
    cr_expect_str_eq(inst->response_scales[0].missing[0].text, "Not observed");
    cr_expect_float_eq(inst->norms[7].mean, 4.05, 1e-12);
    cr_expect_eq(inst->norms[7].scale, 7);
    cr_expect_eq(inst->norms[7].group, NORM_ANY_GROUP);

    /* Out of range: NULL and SIZE_MAX, never a read past the end. */
    cr_expect_null(assess_instrument_item_id(inst, 48));
    cr_expect_eq(assess_instrument_item_scale(inst, 48), SIZE_MAX);
    cr_expect_null(assess_instrument_scale_id(inst, 9));
    cr_expect_null(assess_instrument_group_id(inst, 5));
    assess_instrument_free(inst);
}

Test(instrument, shipped_strengths)
{
    diags ds;
    assess_error err;
    assess_instrument *inst = load_path(INSTRUMENTS "/strengths.xml", &ds, &err);

    cr_assert_not_null(inst, "%s: %s\n%s", err.file, err.message,
                       diag_list(&ds));
    cr_expect_eq(ds.total, 0, "%s", diag_list(&ds));
    cr_expect_str_eq(assess_instrument_id(inst), "strengths20");
    cr_expect_eq(assess_instrument_kind(inst), ASSESS_KIND_STRENGTHS);
    cr_expect_eq(assess_instrument_scale_count(inst), 20);
    cr_expect_eq(assess_instrument_item_count(inst), 80);
    cr_expect_eq(assess_instrument_norm_count(inst), 0);
    /* No rater groups declared: one implicit group, "all". */
    cr_expect_eq(assess_instrument_group_count(inst), 1);
    cr_expect_eq(assess_instrument_groups_implicit(inst), 1);
    cr_expect_str_eq(assess_instrument_group_id(inst, 0), "all");
    cr_expect_str_eq(assess_instrument_group_role(inst, 0), "other");

    cr_expect_str_eq(assess_instrument_item_id(inst, 0), "FOL1");
    cr_expect_str_eq(assess_instrument_item_id(inst, 79), "CAS4");
    cr_expect_str_eq(assess_instrument_scale_id(inst, 19), "making_the_case");
    cr_expect_eq(assess_instrument_item_scale(inst, 79), 19);
    for (size_t i = 0; i < 80; i++) {
        cr_expect_eq(assess_instrument_item_reverse(inst, i), 0);
        cr_expect_eq(assess_instrument_item_scale(inst, i), i / 4);
    }
    cr_expect_eq(inst->scales[0].min_answered, 3);
    cr_expect_eq(inst->scales[0].has_reliability, 0);
    assess_instrument_free(inst);
}

/* Reading from a file is reading its bytes from memory. */
Test(instrument, file_and_memory_agree)
{
    const char *path = INSTRUMENTS "/leadership-360.xml";
    FILE *f = fopen(path, "rb");
    char *data = malloc(1 << 20);
    size_t len;
    diags ds;
    assess_error err;

    cr_assert_not_null(f);
    cr_assert_not_null(data);
    len = fread(data, 1, 1 << 20, f);
    fclose(f);
    cr_assert_gt(len, 0);

    assess_instrument *a = load_path(path, &ds, &err);
    assess_instrument *b = load_xml_len(data, len, &ds, &err);
    cr_assert_not_null(a);
    cr_assert_not_null(b);
    cr_assert_eq(assess_instrument_item_count(a), assess_instrument_item_count(b));
    for (size_t i = 0; i < assess_instrument_item_count(a); i++) {
        cr_expect_str_eq(assess_instrument_item_id(a, i),
                         assess_instrument_item_id(b, i));
        cr_expect_str_eq(a->items[i].text, b->items[i].text);
        cr_expect_eq(a->items[i].reverse, b->items[i].reverse);
    }
    assess_instrument_free(a);
    assess_instrument_free(b);
    free(data);
}

/* ---- Files that cannot be read ------------------------------------------ */

Test(instrument, missing_file)
{
    const char *path = INSTRUMENTS "/no-such-instrument.xml";
    diags ds;
    assess_error err;
    assess_instrument *inst = load_path(path, &ds, &err);

    cr_expect_null(inst);
    cr_expect_eq(err.status, ASSESS_EIO, "status %d: %s", err.status,
                 err.message);
    cr_expect_str_eq(err.file, path);
    cr_expect(strstr(err.message, "cannot open") != NULL, "%s", err.message);
    cr_expect_eq(ds.total, 0, "%s", diag_list(&ds));
    assess_instrument_free(inst);
}

Test(instrument, directory_is_not_a_file)
{
    diags ds;
    assess_error err;
    assess_instrument *inst = load_path(INSTRUMENTS, &ds, &err);

    cr_expect_null(inst);
    cr_expect_eq(err.status, ASSESS_EIO, "status %d: %s", err.status,
                 err.message);
    cr_expect_str_eq(err.file, INSTRUMENTS);
    assess_instrument_free(inst);
}

/* ---- Malformed XML ------------------------------------------------------- */

Test(instrument, mismatched_end_tag)
{
    static const char xml[] =
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <scale id='s1'>\n"
        /*  6 */ "    <title>S1</title>\n"
        /*  7 */ "    <item id='A1'>a</itme>\n"
        /*  8 */ "  </scale>\n"
        /*  9 */ "</instrument>\n";
    diags ds;
    assess_error err;
    assess_instrument *inst = load_xml(xml, &ds, &err);

    expect_rejected(inst, &ds, &err, 0);
    expect_diag(&ds, 7, "itme");
    assess_instrument_free(inst);
}

Test(instrument, unclosed_tag)
{
    static const char xml[] =
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <scale id='s1'>\n"
        /*  6 */ "    <title>S1\n"
        /*  7 */ "    <item id='A1'>a</item>\n"
        /*  8 */ "  </scale>\n"
        /*  9 */ "</instrument>\n";
    diags ds;
    assess_error err;
    assess_instrument *inst = load_xml(xml, &ds, &err);
    int k;

    expect_rejected(inst, &ds, &err, 0);
    /* libxml2 notices at the </scale> that closes nothing open on line 8,
     * and names the unclosed <title> and its line. */
    k = find_diag(&ds, ANY_LINE, "title line 6");
    cr_assert(k >= 0, "no diagnostic names the <title> of line 6:\n%s",
              diag_list(&ds));
    cr_expect_eq(ds.d[k].line, 8, "%s", diag_list(&ds));
    assess_instrument_free(inst);
}

Test(instrument, truncated_document)
{
    static const char xml[] =
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <scale id='s1'>\n"
        /*  6 */ "    <title>S1</title>\n"
        /*  7 */ "    <item id='A1'>a";
    diags ds;
    assess_error err;
    assess_instrument *inst = load_xml(xml, &ds, &err);

    expect_rejected(inst, &ds, &err, 0);
    expect_diag(&ds, ANY_LINE, "item line 7");
    assess_instrument_free(inst);
}

Test(instrument, empty_and_garbage)
{
    static const char garbage[] = "hello, world\n\x01\x02\xff";
    static const char binary[] = { '\x89', 'P', 'N', 'G', '\r', '\n', 0, 0,
                                   '\x1a', '\n', 0, '\xff' };
    diags ds;
    assess_error err;
    assess_instrument *inst;

    inst = load_xml_len("", 0, &ds, &err);
    expect_rejected(inst, &ds, &err, 0);
    assess_instrument_free(inst);

    inst = load_xml_len(NULL, 0, &ds, &err);
    expect_rejected(inst, &ds, &err, 0);
    assess_instrument_free(inst);

    inst = load_xml_len("   \n\n  ", 7, &ds, &err);
    expect_rejected(inst, &ds, &err, 0);
    assess_instrument_free(inst);

    inst = load_xml_len(garbage, sizeof garbage - 1, &ds, &err);
    expect_rejected(inst, &ds, &err, 0);
    assess_instrument_free(inst);
    expect_diag(&ds, 1, "");

    inst = load_xml_len(binary, sizeof binary, &ds, &err);
    expect_rejected(inst, &ds, &err, 0);
    assess_instrument_free(inst);

    /* Well-formed, but not an instrument. */
    inst = load_xml("<?xml version='1.0'?>\n<html><body/></html>\n", &ds, &err);
    expect_rejected(inst, &ds, &err, 0);
    assess_instrument_free(inst);
    expect_diag(&ds, 2, "html");
}

/* The name given is the name in every diagnostic; no name is "instrument". */
Test(instrument, diagnostics_carry_the_name)
{
    diags ds;
    assess_error err;
    assess_instrument *inst;

    memset(&ds, 0, sizeof ds);
    assess_error_init(&err);
    inst = assess_instrument_load_memory("<x", 2, NULL, collect, &ds, &err);
    cr_expect_null(inst);
    cr_assert_gt(ds.n, 0);
    cr_expect_str_eq(ds.d[0].file, "instrument");
    cr_expect_str_eq(err.file, "instrument");
    assess_instrument_free(inst);

    /* No callback: still rejected, still counted. */
    assess_error_init(&err);
    inst = assess_instrument_load_memory("<x", 2, "t.xml", NULL, NULL, &err);
    cr_expect_null(inst);
    cr_expect_eq(err.status, ASSESS_EINSTRUMENT);
    assess_instrument_free(inst);
}

/* Whether every diagnostic is one line of printable UTF-8. */
static int one_line_each(const diags *ds)
{
    for (size_t i = 0; i < ds->n; i++) {
        const char *m = ds->d[i].message;
        if (!utf8_valid(m, strlen(m)))
            return 0;
        for (const char *p = m; *p; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7f)
                return 0;
    }
    return 1;
}

/*
 * A diagnostic is printed as "file:line: message", so its message is one
 * line whatever libxml2 says or the document holds.  libxml2's message
 * about bytes that are not UTF-8 spans two lines; a value quoted in a
 * schema error may hold a line end (&#10;).  Both arrive on one line
 * (the first found by tests/fuzz/fuzz_instrument.c; the input is
 * tests/fuzz/regressions/instrument/not-utf8-two-line-message.xml).
 */
Test(instrument, diagnostics_are_one_line)
{
    diags ds;
    assess_error err;
    assess_instrument *inst;

    inst = load_xml_len("<\xff  \n", 5, &ds, &err);
    expect_rejected(inst, &ds, &err, 0);
    expect_diag(&ds, ANY_LINE, "not proper UTF-8, indicate encoding ! Bytes: ");
    cr_expect(one_line_each(&ds), "not one line each:\n%s", diag_list(&ds));
    assess_instrument_free(inst);

    inst = load_xml(HEAD "  <response-scale id='a&#10;b&#13;c' min='1' "
                         "max='5'/>\n"
                         "  <scale id='s'><title>S</title><item id='i'>I"
                         "</item></scale>\n"
                         "</instrument>\n",
                    &ds, &err);
    expect_rejected(inst, &ds, &err, 0);
    expect_diag(&ds, 4, "'a b c'");
    cr_expect(one_line_each(&ds), "not one line each:\n%s", diag_list(&ds));
    assess_instrument_free(inst);
}

/*
 * libxml2 quotes what it cannot read, and shown as \xHH a byte takes four:
 * a message is cut to 767 bytes between characters, never inside one (a
 * cut inside one was found by tests/fuzz/fuzz_instrument.c; the input is
 * tests/fuzz/regressions/instrument/long-message-cut-inside-a-character.xml).
 */
Test(instrument, long_diagnostics_cut_between_characters)
{
    char xml[2 + 200 * 5];
    diags ds;
    assess_error err;
    assess_instrument *inst;

    memcpy(xml, "<?", 2);
    for (size_t i = 0; i < 200; i++) /* U+B7DF7, then a byte that is not UTF-8 */
        memcpy(xml + 2 + i * 5, "\xf2\xb7\xb7\xb7\xff", 5);
    inst = load_xml_len(xml, sizeof xml, &ds, &err);
    expect_rejected(inst, &ds, &err, 0);
    cr_expect(one_line_each(&ds), "not one line each:\n%s", diag_list(&ds));
    for (size_t i = 0; i < ds.n; i++)
        cr_expect_leq(strlen(ds.d[i].message), 767, "%zu bytes: %s",
                      strlen(ds.d[i].message), ds.d[i].message);
    expect_diag(&ds, 1, "\\xff\xf2\xb7\xb7\xb7\\xff");
    assess_instrument_free(inst);
}

/*
 * The library never prints.  libxml2 raises a failed encoding conversion
 * outside the parser, to handlers that print to standard error; while an
 * instrument loads they are the loader's, and the error a problem of the
 * document (found fuzzing: the fuzzer's log held libxml2's "encoding
 * error" lines; the input is
 * tests/fuzz/regressions/instrument/utf16-conversion-error.xml).
 */
Test(instrument, encoding_errors_are_problems_not_printed)
{
    static const char utf16[] = "\xff\xfe<\x00i\x00\x00\xd8\x00\x00";
    char path[] = "/tmp/test_instrument_stderr.XXXXXX";
    int fd = mkstemp(path), saved;
    diags ds;
    assess_error err;
    assess_instrument *inst;
    off_t printed;

    cr_assert_geq(fd, 0);
    fflush(stderr);
    saved = dup(2);
    cr_assert_geq(saved, 0);
    dup2(fd, 2);
    inst = load_xml_len(utf16, sizeof utf16 - 1, &ds, &err);
    fflush(stderr);
    printed = lseek(fd, 0, SEEK_END);
    dup2(saved, 2);
    close(saved);
    close(fd);
    unlink(path);

    cr_expect_eq(printed, 0, "the load printed %lld bytes", (long long)printed);
    expect_rejected(inst, &ds, &err, 0);
    expect_diag(&ds, ANY_LINE, "input conversion failed");
    cr_expect_eq(count_diags(&ds, "input conversion failed"), 1,
                 "reported once:\n%s", diag_list(&ds));
    cr_expect(one_line_each(&ds), "not one line each:\n%s", diag_list(&ds));
    assess_instrument_free(inst);
}

/* ---- Schema violations --------------------------------------------------- */

/* Four independent schema errors: all four are reported, each once, each
 * on its own line; the loader adds nothing of its own after them. */
Test(instrument, schema_errors_all_reported)
{
    static const char xml[] =
        /*  1 */ "<?xml version='1.0'?>\n"
        /*  2 */ "<instrument id='t' version='1' kind='survey'>\n"
        /*  3 */ "  <title>T</title>\n"
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <rater-groups>\n"
        /*  6 */ "    <group id='peer' role='peer' minimum='0'>Peers</group>\n"
        /*  7 */ "  </rater-groups>\n"
        /*  8 */ "  <scale id='s1'>\n"
        /*  9 */ "    <title>S1</title>\n"
        /* 10 */ "    <item id='A1' reverse='yes'>a</item>\n"
        /* 11 */ "    <item>b</item>\n"
        /* 12 */ "  </scale>\n"
        /* 13 */ "</instrument>\n";
    diags ds;
    assess_error err;
    assess_instrument *inst = load_xml(xml, &ds, &err);

    expect_rejected(inst, &ds, &err, 4);
    expect_diag(&ds, 2, "'survey'");
    expect_diag(&ds, 6, "minimum");
    expect_diag(&ds, 10, "'yes'");
    expect_diag(&ds, 11, "'id' is required");
    assess_instrument_free(inst);
}

Test(instrument, schema_structure_errors)
{
    static const char xml[] =
        /*  1 */ "<?xml version='1.0'?>\n"
        /*  2 */ "<instrument id='bad id' version='1' kind='360'>\n"
        /*  3 */ "  <title>T</title>\n"
        /*  4 */ "  <response-scale id='r5' min='1' max='5' colour='red'/>\n"
        /*  5 */ "  <scale id='s1'>\n"
        /*  6 */ "    <item id='A1'>a</item>\n"
        /*  7 */ "  </scale>\n"
        /*  8 */ "</instrument>\n";
    diags ds;
    assess_error err;
    assess_instrument *inst = load_xml(xml, &ds, &err);

    expect_rejected(inst, &ds, &err, 3);
    expect_diag(&ds, 2, "'bad id'");
    expect_diag(&ds, 4, "colour");
    expect_diag(&ds, 6, "item"); /* <title> expected first */
    assess_instrument_free(inst);
}

/* The loader's checks run on a schema-invalid document too: one load
 * shows every problem, not the schema's and then, next time, the rest. */
Test(instrument, schema_and_loader_errors_together)
{
    static const char xml[] =
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <scale id='s1' scoring='median'>\n"
        /*  6 */ "    <title>S1</title>\n"
        /*  7 */ "    <item id='A1'>a</item>\n"
        /*  8 */ "    <item id='A1'>b</item>\n"
        /*  9 */ "  </scale>\n"
        /* 10 */ "</instrument>\n";
    diags ds;
    assess_error err;
    assess_instrument *inst = load_xml(xml, &ds, &err);

    expect_rejected(inst, &ds, &err, 2);
    expect_diag(&ds, 5, "'median'");
    expect_diag(&ds, 8, "item id 'A1' is already defined on line 7");
    assess_instrument_free(inst);
}

/* ---- The loader's own checks (schema-valid documents) -------------------- */

Test(instrument, duplicate_scale_id)
{
    expect_one_problem(
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <scale id='s1'>\n"
        /*  6 */ "    <title>S1</title>\n"
        /*  7 */ "    <item id='A1'>a</item>\n"
        /*  8 */ "  </scale>\n"
        /*  9 */ "  <scale id='s1'>\n"
        /* 10 */ "    <title>S1 again</title>\n"
        /* 11 */ "    <item id='B1'>b</item>\n"
        /* 12 */ "  </scale>\n"
        /* 13 */ "</instrument>\n",
        9, "scale id 's1' is already defined on line 5");
}

/* Item ids are unique across the instrument, not only within a scale. */
Test(instrument, duplicate_item_id)
{
    expect_one_problem(
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <scale id='s1'>\n"
        /*  6 */ "    <title>S1</title>\n"
        /*  7 */ "    <item id='A1'>a</item>\n"
        /*  8 */ "  </scale>\n"
        /*  9 */ "  <scale id='s2'>\n"
        /* 10 */ "    <title>S2</title>\n"
        /* 11 */ "    <item id='B1'>b</item>\n"
        /* 12 */ "    <item id='A1'>c</item>\n"
        /* 13 */ "  </scale>\n"
        /* 14 */ "</instrument>\n",
        12, "item id 'A1' is already defined on line 7");
}

Test(instrument, duplicate_response_scale_id)
{
    expect_one_problem(
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <response-scale id='r5' min='1' max='7'/>\n"
        /*  6 */ "  <scale id='s1'>\n"
        /*  7 */ "    <title>S1</title>\n"
        /*  8 */ "    <item id='A1' response-scale='r5'>a</item>\n"
        /*  9 */ "  </scale>\n"
        /* 10 */ "</instrument>\n",
        5, "response-scale id 'r5' is already defined on line 4");
}

Test(instrument, unresolved_response_scale)
{
    expect_one_problem(
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <scale id='s1'>\n"
        /*  6 */ "    <title>S1</title>\n"
        /*  7 */ "    <item id='A1' response-scale='r5'>a</item>\n"
        /*  8 */ "    <item id='A2' response-scale='r7'>b</item>\n"
        /*  9 */ "  </scale>\n"
        /* 10 */ "</instrument>\n",
        8, "item 'A2': response-scale 'r7' is not defined");
}

Test(instrument, item_without_response_scale_among_two)
{
    expect_one_problem(
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <response-scale id='r7' min='1' max='7'/>\n"
        /*  6 */ "  <scale id='s1'>\n"
        /*  7 */ "    <title>S1</title>\n"
        /*  8 */ "    <item id='A1' response-scale='r7'>a</item>\n"
        /*  9 */ "    <item id='A2'>b</item>\n"
        /* 10 */ "  </scale>\n"
        /* 11 */ "</instrument>\n",
        9, "item 'A2' names no response-scale, and the instrument defines 2");
}

Test(instrument, min_not_below_max)
{
    static const char xml[] =
        HEAD
        /*  4 */ "  <response-scale id='down' min='5' max='1'/>\n"
        /*  5 */ "  <response-scale id='flat' min='3' max='3'/>\n"
        /*  6 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  7 */ "  <scale id='s1'>\n"
        /*  8 */ "    <title>S1</title>\n"
        /*  9 */ "    <item id='A1' response-scale='r5'>a</item>\n"
        /* 10 */ "  </scale>\n"
        /* 11 */ "</instrument>\n";
    diags ds;
    assess_error err;
    assess_instrument *inst = load_xml(xml, &ds, &err);

    expect_rejected(inst, &ds, &err, 2);
    expect_diag(&ds, 4, "response-scale 'down': min 5 is not below max 1");
    expect_diag(&ds, 5, "response-scale 'flat': min 3 is not below max 3");
    assess_instrument_free(inst);
}

/* Labels 1 and 5 sit on the bounds and are fine; 6 is outside. */
Test(instrument, label_outside_range)
{
    expect_one_problem(
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'>\n"
        /*  5 */ "    <label value='1'>Low</label>\n"
        /*  6 */ "    <label value='5'>High</label>\n"
        /*  7 */ "    <label value='6'>Higher</label>\n"
        /*  8 */ "  </response-scale>\n"
        /*  9 */ "  <scale id='s1'>\n"
        /* 10 */ "    <title>S1</title>\n"
        /* 11 */ "    <item id='A1'>a</item>\n"
        /* 12 */ "  </scale>\n"
        /* 13 */ "</instrument>\n",
        7, "response-scale 'r5': label value 6 is outside 1..5");
}

/* A missing code on the bound of the range is inside it; 9 is not. */
Test(instrument, missing_code_inside_range)
{
    expect_one_problem(
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'>\n"
        /*  5 */ "    <missing code='9'>Not applicable</missing>\n"
        /*  6 */ "    <missing code='5'>Not observed</missing>\n"
        /*  7 */ "  </response-scale>\n"
        /*  8 */ "  <scale id='s1'>\n"
        /*  9 */ "    <title>S1</title>\n"
        /* 10 */ "    <item id='A1'>a</item>\n"
        /* 11 */ "  </scale>\n"
        /* 12 */ "</instrument>\n",
        6, "missing code 5 lies inside 1..5");
}

Test(instrument, labels_and_codes_twice)
{
    static const char xml[] =
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'>\n"
        /*  5 */ "    <label value='3'>Middle</label>\n"
        /*  6 */ "    <label value='3'>Centre</label>\n"
        /*  7 */ "    <missing code='0'>Not observed</missing>\n"
        /*  8 */ "    <missing code='0'>Not seen</missing>\n"
        /*  9 */ "  </response-scale>\n"
        /* 10 */ "  <scale id='s1'>\n"
        /* 11 */ "    <title>S1</title>\n"
        /* 12 */ "    <item id='A1'>a</item>\n"
        /* 13 */ "  </scale>\n"
        /* 14 */ "</instrument>\n";
    diags ds;
    assess_error err;
    assess_instrument *inst = load_xml(xml, &ds, &err);

    expect_rejected(inst, &ds, &err, 2);
    expect_diag(&ds, 6, "value 3 is labelled twice");
    expect_diag(&ds, 8, "missing code 0 is declared twice");
    assess_instrument_free(inst);
}

/* min-answered may equal the count (s2) but not exceed it (s1), for items
 * and for the parts of a composite (ix). */
Test(instrument, min_answered_exceeds_count)
{
    static const char xml[] =
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <scale id='s1' min-answered='3'>\n"
        /*  6 */ "    <title>S1</title>\n"
        /*  7 */ "    <item id='A1'>a</item>\n"
        /*  8 */ "    <item id='A2'>b</item>\n"
        /*  9 */ "  </scale>\n"
        /* 10 */ "  <scale id='s2' min-answered='2'>\n"
        /* 11 */ "    <title>S2</title>\n"
        /* 12 */ "    <item id='B1'>a</item>\n"
        /* 13 */ "    <item id='B2'>b</item>\n"
        /* 14 */ "  </scale>\n"
        /* 15 */ "  <scale id='ix' min-answered='3'>\n"
        /* 16 */ "    <title>Index</title>\n"
        /* 17 */ "    <part scale='s1'/>\n"
        /* 18 */ "    <part scale='s2'/>\n"
        /* 19 */ "  </scale>\n"
        /* 20 */ "</instrument>\n";
    diags ds;
    assess_error err;
    assess_instrument *inst = load_xml(xml, &ds, &err);

    expect_rejected(inst, &ds, &err, 2);
    expect_diag(&ds, 5, "scale 's1': min-answered 3 exceeds its 2 items");
    expect_diag(&ds, 15, "scale 'ix': min-answered 3 exceeds its 2 parts");
    assess_instrument_free(inst);
}

/*
 * Counts out of the schema's range (1..1e9) are schema errors, and the
 * loader, which goes on building after them, must not convert them to
 * integers (undefined behaviour, reported under make sanitize; found by
 * tests/fuzz/fuzz_instrument.c: tests/fuzz/regressions/instrument/
 * norm-n-out-of-range.xml).
 */
Test(instrument, counts_out_of_range)
{
    static const char xml[] =
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <scale id='s1' min-answered='-3'>\n"
        /*  6 */ "    <title>S1</title>\n"
        /*  7 */ "    <item id='A1'>a</item>\n"
        /*  8 */ "  </scale>\n"
        /*  9 */ "  <scale id='s2' min-answered='1e40'>\n"
        /* 10 */ "    <title>S2</title>\n"
        /* 11 */ "    <item id='B1'>a</item>\n"
        /* 12 */ "  </scale>\n"
        /* 13 */ "  <norms>\n"
        /* 14 */ "    <norm scale='s1' mean='3' sd='1' n='44444444444444444444'/>\n"
        /* 15 */ "    <norm scale='s2' mean='3' sd='1' n='-1'/>\n"
        /* 16 */ "  </norms>\n"
        /* 17 */ "</instrument>\n";
    diags ds;
    assess_error err;
    assess_instrument *inst = load_xml(xml, &ds, &err);

    expect_rejected(inst, &ds, &err, 0);
    expect_diag(&ds, 5, "min-answered");
    expect_diag(&ds, 9, "min-answered");
    expect_diag(&ds, 14, "'n'");
    expect_diag(&ds, 15, "'n'");
    assess_instrument_free(inst);
}

/* A part may name a scale defined later (s2), but not one never defined. */
Test(instrument, composite_part_undefined)
{
    expect_one_problem(
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <scale id='ix'>\n"
        /*  6 */ "    <title>Index</title>\n"
        /*  7 */ "    <part scale='s2'/>\n"
        /*  8 */ "    <part scale='ghost'/>\n"
        /*  9 */ "  </scale>\n"
        /* 10 */ "  <scale id='s2'>\n"
        /* 11 */ "    <title>S2</title>\n"
        /* 12 */ "    <item id='B1'>a</item>\n"
        /* 13 */ "  </scale>\n"
        /* 14 */ "</instrument>\n",
        8, "scale 'ix': part 'ghost' is not a defined scale");
}

Test(instrument, composite_part_twice)
{
    expect_one_problem(
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <scale id='s1'>\n"
        /*  6 */ "    <title>S1</title>\n"
        /*  7 */ "    <item id='A1'>a</item>\n"
        /*  8 */ "  </scale>\n"
        /*  9 */ "  <scale id='ix'>\n"
        /* 10 */ "    <title>Index</title>\n"
        /* 11 */ "    <part scale='s1'/>\n"
        /* 12 */ "    <part scale='s1'/>\n"
        /* 13 */ "  </scale>\n"
        /* 14 */ "</instrument>\n",
        12, "scale 'ix': part 's1' is named twice");
}

/* a -> b -> a: each scale on the cycle is reported, on its own line. */
Test(instrument, composite_cycle)
{
    static const char xml[] =
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <scale id='s1'>\n"
        /*  6 */ "    <title>S1</title>\n"
        /*  7 */ "    <item id='A1'>a</item>\n"
        /*  8 */ "  </scale>\n"
        /*  9 */ "  <scale id='a'>\n"
        /* 10 */ "    <title>A</title>\n"
        /* 11 */ "    <part scale='s1'/>\n"
        /* 12 */ "    <part scale='b'/>\n"
        /* 13 */ "  </scale>\n"
        /* 14 */ "  <scale id='b'>\n"
        /* 15 */ "    <title>B</title>\n"
        /* 16 */ "    <part scale='a'/>\n"
        /* 17 */ "  </scale>\n"
        /* 18 */ "</instrument>\n";
    diags ds;
    assess_error err;
    assess_instrument *inst = load_xml(xml, &ds, &err);

    expect_rejected(inst, &ds, &err, 2);
    expect_diag(&ds, 9, "scale 'a' is built from parts that lead back to itself");
    expect_diag(&ds, 14, "scale 'b' is built from parts that lead back to itself");
    assess_instrument_free(inst);
}

/*
 * Only scales on a cycle are reported: here c -> a -> b -> a, and c, built
 * on the cycle without being on it, is not.
 */
Test(instrument, composite_cycle_reported_only_on_the_cycle)
{
    static const char xml[] =
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <scale id='s1'>\n"
        /*  6 */ "    <title>S1</title>\n"
        /*  7 */ "    <item id='A1'>a</item>\n"
        /*  8 */ "  </scale>\n"
        /*  9 */ "  <scale id='a'>\n"
        /* 10 */ "    <title>A</title>\n"
        /* 11 */ "    <part scale='b'/>\n"
        /* 12 */ "  </scale>\n"
        /* 13 */ "  <scale id='b'>\n"
        /* 14 */ "    <title>B</title>\n"
        /* 15 */ "    <part scale='a'/>\n"
        /* 16 */ "    <part scale='s1'/>\n"
        /* 17 */ "  </scale>\n"
        /* 18 */ "  <scale id='c'>\n"
        /* 19 */ "    <title>C</title>\n"
        /* 20 */ "    <part scale='a'/>\n"
        /* 21 */ "    <part scale='s1'/>\n"
        /* 22 */ "  </scale>\n"
        /* 23 */ "</instrument>\n";
    diags ds;
    assess_error err;
    assess_instrument *inst = load_xml(xml, &ds, &err);

    expect_diag(&ds, 9, "scale 'a' is built from parts that lead back to itself");
    expect_diag(&ds, 13, "scale 'b' is built from parts that lead back to itself");
    cr_expect_eq(find_diag(&ds, ANY_LINE, "scale 'c'"), -1,
                 "scale 'c' is not on the cycle, but:\n%s", diag_list(&ds));
    expect_rejected(inst, &ds, &err, 2);
    assess_instrument_free(inst);
}

/* A scale naming itself is said so, and only so (not also as a cycle). */
Test(instrument, composite_names_itself)
{
    expect_one_problem(
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <scale id='s1'>\n"
        /*  6 */ "    <title>S1</title>\n"
        /*  7 */ "    <item id='A1'>a</item>\n"
        /*  8 */ "  </scale>\n"
        /*  9 */ "  <scale id='ix'>\n"
        /* 10 */ "    <title>Index</title>\n"
        /* 11 */ "    <part scale='s1'/>\n"
        /* 12 */ "    <part scale='ix'/>\n"
        /* 13 */ "  </scale>\n"
        /* 14 */ "</instrument>\n",
        12, "scale 'ix' names itself as a part");
}

Test(instrument, norm_unknown_scale)
{
    expect_one_problem(
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <scale id='s1'>\n"
        /*  6 */ "    <title>S1</title>\n"
        /*  7 */ "    <item id='A1'>a</item>\n"
        /*  8 */ "  </scale>\n"
        /*  9 */ "  <norms>\n"
        /* 10 */ "    <norm scale='s1' mean='3' sd='1' n='100'>x</norm>\n"
        /* 11 */ "    <norm scale='s9' mean='3' sd='1' n='100'>x</norm>\n"
        /* 12 */ "  </norms>\n"
        /* 13 */ "</instrument>\n",
        11, "norm: scale 's9' is not defined");
}

/*
 * A norm whose scale or group does not resolve is reported as such and
 * takes no part in the duplicate check: the valid norms after it are not
 * called duplicates.
 */
Test(instrument, norm_unknown_scale_is_no_duplicate)
{
    static const char xml[] =
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <rater-groups>\n"
        /*  6 */ "    <group id='peer' role='peer'>Peers</group>\n"
        /*  7 */ "  </rater-groups>\n"
        /*  8 */ "  <scale id='s1'>\n"
        /*  9 */ "    <title>S1</title>\n"
        /* 10 */ "    <item id='A1'>a</item>\n"
        /* 11 */ "  </scale>\n"
        /* 12 */ "  <norms>\n"
        /* 13 */ "    <norm scale='zzz' mean='3' sd='1' n='100'>x</norm>\n"
        /* 14 */ "    <norm scale='s1' mean='3' sd='1' n='100'>x</norm>\n"
        /* 15 */ "    <norm scale='s1' group='peer' mean='3' sd='1' n='100'>x</norm>\n"
        /* 16 */ "    <norm scale='zzz' group='peer' mean='3' sd='1' n='100'>x</norm>\n"
        /* 17 */ "  </norms>\n"
        /* 18 */ "</instrument>\n";
    diags ds;
    assess_error err;
    assess_instrument *inst = load_xml(xml, &ds, &err);

    expect_diag(&ds, 13, "norm: scale 'zzz' is not defined");
    expect_diag(&ds, 16, "norm: scale 'zzz' is not defined");
    cr_expect_eq(count_diags(&ds, "already given"), 0,
                 "no two norms here are for the same scale and group:\n%s",
                 diag_list(&ds));
    expect_rejected(inst, &ds, &err, 2);
    assess_instrument_free(inst);
}

/* A norm without a group and one with a group are different norms; the
 * same scale twice, or the same scale and group twice, is a duplicate. */
Test(instrument, duplicate_norm)
{
    static const char xml[] =
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <rater-groups>\n"
        /*  6 */ "    <group id='peer' role='peer'>Peers</group>\n"
        /*  7 */ "  </rater-groups>\n"
        /*  8 */ "  <scale id='s1'>\n"
        /*  9 */ "    <title>S1</title>\n"
        /* 10 */ "    <item id='A1'>a</item>\n"
        /* 11 */ "  </scale>\n"
        /* 12 */ "  <norms>\n"
        /* 13 */ "    <norm scale='s1' mean='3' sd='1' n='100'>x</norm>\n"
        /* 14 */ "    <norm scale='s1' group='peer' mean='3' sd='1' n='100'>x</norm>\n"
        /* 15 */ "    <norm scale='s1' mean='3.1' sd='1' n='100'>y</norm>\n"
        /* 16 */ "    <norm scale='s1' group='peer' mean='3.1' sd='1' n='100'>y</norm>\n"
        /* 17 */ "  </norms>\n"
        /* 18 */ "</instrument>\n";
    diags ds;
    assess_error err;
    assess_instrument *inst = load_xml(xml, &ds, &err);

    expect_rejected(inst, &ds, &err, 2);
    expect_diag(&ds, 15, "norm for scale 's1' is already given on line 13");
    expect_diag(&ds, 16,
                "norm for scale 's1' and group 'peer' is already given on line 14");
    assess_instrument_free(inst);
}

Test(instrument, norm_unknown_group)
{
    expect_one_problem(
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <rater-groups>\n"
        /*  6 */ "    <group id='peer' role='peer'>Peers</group>\n"
        /*  7 */ "  </rater-groups>\n"
        /*  8 */ "  <scale id='s1'>\n"
        /*  9 */ "    <title>S1</title>\n"
        /* 10 */ "    <item id='A1'>a</item>\n"
        /* 11 */ "  </scale>\n"
        /* 12 */ "  <norms>\n"
        /* 13 */ "    <norm scale='s1' group='boss' mean='3' sd='1' n='100'>x</norm>\n"
        /* 14 */ "  </norms>\n"
        /* 15 */ "</instrument>\n",
        13, "norm: rater group 'boss' is not defined");
}

/* Without declared groups, a norm cannot name one, not even "all". */
Test(instrument, norm_group_without_groups)
{
    expect_one_problem(
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <scale id='s1'>\n"
        /*  6 */ "    <title>S1</title>\n"
        /*  7 */ "    <item id='A1'>a</item>\n"
        /*  8 */ "  </scale>\n"
        /*  9 */ "  <norms>\n"
        /* 10 */ "    <norm scale='s1' group='all' mean='3' sd='1' n='100'>x</norm>\n"
        /* 11 */ "  </norms>\n"
        /* 12 */ "</instrument>\n",
        10, "norm: rater group 'all' is not defined");
}

Test(instrument, two_self_groups)
{
    expect_one_problem(
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <rater-groups>\n"
        /*  6 */ "    <group id='self' role='self'>Self</group>\n"
        /*  7 */ "    <group id='peer' role='peer'>Peers</group>\n"
        /*  8 */ "    <group id='me' role='self'>Me</group>\n"
        /*  9 */ "  </rater-groups>\n"
        /* 10 */ "  <scale id='s1'>\n"
        /* 11 */ "    <title>S1</title>\n"
        /* 12 */ "    <item id='A1'>a</item>\n"
        /* 13 */ "  </scale>\n"
        /* 14 */ "</instrument>\n",
        8, "a second group with role=\"self\" (the first is on line 6)");
}

Test(instrument, reserved_and_duplicate_group_ids)
{
    static const char xml[] =
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <rater-groups>\n"
        /*  6 */ "    <group id='others'>Others</group>\n"
        /*  7 */ "    <group id='all'>Everyone</group>\n"
        /*  8 */ "    <group id='peer' role='peer'>Peers</group>\n"
        /*  9 */ "    <group id='peer'>Peers again</group>\n"
        /* 10 */ "  </rater-groups>\n"
        /* 11 */ "  <scale id='s1'>\n"
        /* 12 */ "    <title>S1</title>\n"
        /* 13 */ "    <item id='A1'>a</item>\n"
        /* 14 */ "  </scale>\n"
        /* 15 */ "</instrument>\n";
    diags ds;
    assess_error err;
    assess_instrument *inst = load_xml(xml, &ds, &err);

    expect_rejected(inst, &ds, &err, 3);
    expect_diag(&ds, 6, "rater group id 'others' is reserved");
    expect_diag(&ds, 7, "rater group id 'all' is reserved");
    expect_diag(&ds, 9, "rater group id 'peer' is already defined on line 8");
    assess_instrument_free(inst);
}

/* Every kind of problem at once: one load reports all of them. */
Test(instrument, loader_errors_all_reported)
{
    static const char xml[] =
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'>\n"
        /*  5 */ "    <label value='6'>Too high</label>\n"
        /*  6 */ "    <missing code='3'>Inside</missing>\n"
        /*  7 */ "  </response-scale>\n"
        /*  8 */ "  <response-scale id='flat' min='5' max='5'/>\n"
        /*  9 */ "  <rater-groups>\n"
        /* 10 */ "    <group id='self' role='self'>Self</group>\n"
        /* 11 */ "    <group id='me' role='self'>Me</group>\n"
        /* 12 */ "    <group id='others'>Others</group>\n"
        /* 13 */ "  </rater-groups>\n"
        /* 14 */ "  <scale id='s1' min-answered='3'>\n"
        /* 15 */ "    <title>S1</title>\n"
        /* 16 */ "    <item id='A1' response-scale='r5'>a</item>\n"
        /* 17 */ "    <item id='A1' response-scale='r5'>b</item>\n"
        /* 18 */ "  </scale>\n"
        /* 19 */ "  <scale id='s1'>\n"
        /* 20 */ "    <title>Again</title>\n"
        /* 21 */ "    <item id='B1'>c</item>\n"
        /* 22 */ "    <item id='B2' response-scale='nope'>d</item>\n"
        /* 23 */ "  </scale>\n"
        /* 24 */ "  <scale id='a'>\n"
        /* 25 */ "    <title>A</title>\n"
        /* 26 */ "    <part scale='b'/>\n"
        /* 27 */ "    <part scale='a'/>\n"
        /* 28 */ "  </scale>\n"
        /* 29 */ "  <scale id='b'>\n"
        /* 30 */ "    <title>B</title>\n"
        /* 31 */ "    <part scale='a'/>\n"
        /* 32 */ "    <part scale='ghost'/>\n"
        /* 33 */ "  </scale>\n"
        /* 34 */ "  <norms>\n"
        /* 35 */ "    <norm scale='s1' mean='3' sd='1' n='10'>x</norm>\n"
        /* 36 */ "    <norm scale='s1' mean='3' sd='1' n='10'>y</norm>\n"
        /* 37 */ "    <norm scale='zzz' mean='3' sd='1' n='10'>z</norm>\n"
        /* 38 */ "  </norms>\n"
        /* 39 */ "</instrument>\n";
    static const struct {
        unsigned long line;
        const char *text;
    } want[] = {
        { 5, "label value 6 is outside 1..5" },
        { 6, "missing code 3 lies inside 1..5" },
        { 8, "response-scale 'flat': min 5 is not below max 5" },
        { 11, "a second group with role=\"self\" (the first is on line 10)" },
        { 12, "rater group id 'others' is reserved" },
        { 14, "scale 's1': min-answered 3 exceeds its 2 items" },
        { 17, "item id 'A1' is already defined on line 16" },
        { 19, "scale id 's1' is already defined on line 14" },
        { 21, "item 'B1' names no response-scale, and the instrument defines 2" },
        { 22, "item 'B2': response-scale 'nope' is not defined" },
        { 24, "scale 'a' is built from parts that lead back to itself" },
        { 27, "scale 'a' names itself as a part" },
        { 29, "scale 'b' is built from parts that lead back to itself" },
        { 32, "scale 'b': part 'ghost' is not a defined scale" },
        { 36, "norm for scale 's1' is already given on line 35" },
        { 37, "norm: scale 'zzz' is not defined" },
    };
    size_t n = sizeof want / sizeof want[0];
    diags ds;
    assess_error err;
    assess_instrument *inst = load_xml(xml, &ds, &err);

    expect_rejected(inst, &ds, &err, n);
    for (size_t i = 0; i < n; i++)
        expect_diag(&ds, want[i].line, want[i].text);
    assess_instrument_free(inst);
}

/* ---- Defaults ------------------------------------------------------------ */

/* One response scale: items need not name it.  min-answered defaults to
 * half the items (or parts), rounded up; a group's minimum to 3, its role
 * to "other". */
Test(instrument, defaults)
{
    static const char xml[] =
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <rater-groups>\n"
        /*  6 */ "    <group id='self' role='self'>Self</group>\n"
        /*  7 */ "    <group id='team'>Team</group>\n"
        /*  8 */ "  </rater-groups>\n"
        /*  9 */ "  <scale id='five'>\n"
        /* 10 */ "    <title>Five</title>\n"
        /* 11 */ "    <item id='F1'>a</item>\n"
        /* 12 */ "    <item id='F2'>b</item>\n"
        /* 13 */ "    <item id='F3'>c</item>\n"
        /* 14 */ "    <item id='F4'>d</item>\n"
        /* 15 */ "    <item id='F5'>e</item>\n"
        /* 16 */ "  </scale>\n"
        /* 17 */ "  <scale id='four'>\n"
        /* 18 */ "    <title>Four</title>\n"
        /* 19 */ "    <item id='G1'>a</item>\n"
        /* 20 */ "    <item id='G2'>b</item>\n"
        /* 21 */ "    <item id='G3'>c</item>\n"
        /* 22 */ "    <item id='G4' reverse='1'>d</item>\n"
        /* 23 */ "  </scale>\n"
        /* 24 */ "  <scale id='one'>\n"
        /* 25 */ "    <title>One</title>\n"
        /* 26 */ "    <item id='H1'>a</item>\n"
        /* 27 */ "  </scale>\n"
        /* 28 */ "  <scale id='ix' scoring='sum' prorate='true'>\n"
        /* 29 */ "    <title>Index</title>\n"
        /* 30 */ "    <part scale='five'/>\n"
        /* 31 */ "    <part scale='four'/>\n"
        /* 32 */ "    <part scale='one'/>\n"
        /* 33 */ "  </scale>\n"
        /* 34 */ "</instrument>\n";
    assess_instrument *inst = load_ok(xml);

    cr_assert_eq(inst->n_scales, 4);
    cr_assert_eq(inst->n_items, 10);
    for (size_t i = 0; i < inst->n_items; i++)
        cr_expect_eq(inst->items[i].response_scale, 0);
    cr_expect_eq(inst->scales[0].min_answered, 3, "5 items: 3");
    cr_expect_eq(inst->scales[1].min_answered, 2, "4 items: 2");
    cr_expect_eq(inst->scales[2].min_answered, 1, "1 item: 1");
    cr_expect_eq(inst->scales[3].min_answered, 2, "3 parts: 2");
    cr_expect_eq(inst->scales[1].first_item, 5);
    cr_expect_eq(inst->scales[1].n_items, 4);
    cr_expect_eq(inst->scales[0].scoring, SCORING_MEAN);
    cr_expect_eq(inst->scales[0].prorate, 0);
    cr_expect_eq(inst->scales[0].has_reliability, 0);
    cr_expect_eq(inst->scales[3].scoring, SCORING_SUM);
    cr_expect_eq(inst->scales[3].prorate, 1);
    cr_expect_eq(assess_instrument_item_reverse(inst, 8), 1, "reverse='1'");
    cr_expect_eq(assess_instrument_item_reverse(inst, 7), 0);

    cr_assert_eq(inst->n_groups, 2);
    cr_expect_eq(inst->implicit_group, 0);
    cr_expect_eq(inst->groups[0].minimum, 3);
    cr_expect_eq(inst->groups[1].minimum, 3);
    cr_expect_str_eq(assess_instrument_group_role(inst, 0), "self");
    cr_expect_str_eq(assess_instrument_group_role(inst, 1), "other");
    cr_expect_eq(inst->response_scales[0].continuous, 0);
    assess_instrument_free(inst);
}

/* With two response scales, an item takes its own, else its scale's. */
Test(instrument, response_scale_from_the_scale)
{
    static const char xml[] =
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <response-scale id='r7' min='1' max='7'/>\n"
        /*  6 */ "  <scale id='s1' response-scale='r7'>\n"
        /*  7 */ "    <title>S1</title>\n"
        /*  8 */ "    <item id='A1'>a</item>\n"
        /*  9 */ "    <item id='A2' response-scale='r5'>b</item>\n"
        /* 10 */ "  </scale>\n"
        /* 11 */ "</instrument>\n";
    assess_instrument *inst = load_ok(xml);

    cr_assert_eq(inst->n_items, 2);
    cr_expect_eq(inst->items[0].response_scale, 1);
    cr_expect_eq(inst->items[1].response_scale, 0);
    assess_instrument_free(inst);
}

Test(instrument, continuous_scale_allows_decimals)
{
    static const char xml[] =
        HEAD
        /*  4 */ "  <response-scale id='vas' min='-0.5' max='10.5' type='continuous'>\n"
        /*  5 */ "    <label value='2.5'>Low</label>\n"
        /*  6 */ "    <missing code='-1'>No answer</missing>\n"
        /*  7 */ "  </response-scale>\n"
        /*  8 */ "  <scale id='s1'>\n"
        /*  9 */ "    <title>S1</title>\n"
        /* 10 */ "    <item id='A1'>a</item>\n"
        /* 11 */ "  </scale>\n"
        /* 12 */ "</instrument>\n";
    assess_instrument *inst = load_ok(xml);
    const inst_response_scale *rs = &inst->response_scales[0];

    cr_expect_eq(rs->continuous, 1);
    cr_expect_float_eq(rs->min, -0.5, 1e-12);
    cr_expect_float_eq(rs->max, 10.5, 1e-12);
    cr_assert_eq(rs->n_labels, 1);
    cr_expect_float_eq(rs->labels[0].value, 2.5, 1e-12);
    cr_assert_eq(rs->n_missing, 1);
    cr_expect_float_eq(rs->missing[0].value, -1, 1e-12);
    assess_instrument_free(inst);
}

Test(instrument, integer_scale_needs_whole_bounds)
{
    expect_one_problem(
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1.5' max='5'/>\n"
        /*  5 */ "  <scale id='s1'>\n"
        /*  6 */ "    <title>S1</title>\n"
        /*  7 */ "    <item id='A1'>a</item>\n"
        /*  8 */ "  </scale>\n"
        /*  9 */ "</instrument>\n",
        4, "response-scale 'r5': an integer scale needs whole min and max");
}

Test(instrument, integer_scale_needs_whole_labels)
{
    expect_one_problem(
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5' type='integer'>\n"
        /*  5 */ "    <label value='2'>Two</label>\n"
        /*  6 */ "    <label value='2.5'>Two and a half</label>\n"
        /*  7 */ "  </response-scale>\n"
        /*  8 */ "  <scale id='s1'>\n"
        /*  9 */ "    <title>S1</title>\n"
        /* 10 */ "    <item id='A1'>a</item>\n"
        /* 11 */ "  </scale>\n"
        /* 12 */ "</instrument>\n",
        6, "label value 2.5 is not a whole number on an integer scale");
}

/* The schema's number type admits any xs:double lexical form. */
Test(instrument, number_forms)
{
    static const char xml[] =
        HEAD
        /*  4 */ "  <response-scale id='c' min='-1E0' max='+1e1' type='continuous'>\n"
        /*  5 */ "    <label value='.5'>Half</label>\n"
        /*  6 */ "    <label value='5.'>Five</label>\n"
        /*  7 */ "    <label value=' 7 '>Seven</label>\n"
        /*  8 */ "  </response-scale>\n"
        /*  9 */ "  <scale id='s1'>\n"
        /* 10 */ "    <title>S1</title>\n"
        /* 11 */ "    <item id='A1'>a</item>\n"
        /* 12 */ "  </scale>\n"
        /* 13 */ "</instrument>\n";
    assess_instrument *inst = load_ok(xml);
    const inst_response_scale *rs = &inst->response_scales[0];

    cr_expect_float_eq(rs->min, -1, 1e-12);
    cr_expect_float_eq(rs->max, 10, 1e-12);
    cr_assert_eq(rs->n_labels, 3);
    cr_expect_float_eq(rs->labels[0].value, 0.5, 1e-12);
    cr_expect_float_eq(rs->labels[1].value, 5, 1e-12);
    cr_expect_float_eq(rs->labels[2].value, 7, 1e-12);
    assess_instrument_free(inst);
}

/*
 * xs:double accepts numbers of any length; so does the loader (numbers of
 * 64 characters and more once fell outside a fixed buffer).
 */
Test(instrument, long_number_is_a_number)
{
    static const char xml[] =
        HEAD
        /*  4 */ "  <response-scale id='c' min='0' max='10' type='continuous'>\n"
        /*  5 */ "    <label value='2.0000000000000000000000000000000000000000000000000000000000000000000'>Two</label>\n"
        /*  6 */ "  </response-scale>\n"
        /*  7 */ "  <scale id='s1'>\n"
        /*  8 */ "    <title>S1</title>\n"
        /*  9 */ "    <item id='A1'>a</item>\n"
        /* 10 */ "  </scale>\n"
        /* 11 */ "</instrument>\n";
    assess_instrument *inst = load_ok(xml);

    cr_expect_float_eq(inst->response_scales[0].labels[0].value, 2, 1e-12);
    assess_instrument_free(inst);
}

/* ---- Text ----------------------------------------------------------------- */

/* Runs of white space become one space; the ends are trimmed. */
Test(instrument, text_folding)
{
    static const char xml[] =
        "<?xml version='1.0'?>\n"
        "<instrument id='t' version='1' kind='360'>\n"
        "  <title>\n    Team\t\tsurvey  \n  </title>\n"
        "  <response-scale id='r5' min='1' max='5'>\n"
        "    <label value='1'>  Strongly\n      disagree </label>\n"
        "  </response-scale>\n"
        "  <rater-groups>\n"
        "    <group id='peer' role='peer'>\n      Peers\n    </group>\n"
        "  </rater-groups>\n"
        "  <scale id='s1'>\n"
        "    <title>S1</title>\n"
        "    <description>\n      Line one,\r\n      line two.\n    </description>\n"
        "    <item id='A1'>\n"
        "      This person explains\n"
        "\t\tdecisions   in terms\n"
        "      the team can act on.\n"
        "    </item>\n"
        "    <item id='A2'>No &amp; <![CDATA[<yes>]]> &#x41;</item>\n"
        "    <item id='A3'>   </item>\n"
        "  </scale>\n"
        "</instrument>\n";
    assess_instrument *inst = load_ok(xml);

    cr_assert_eq(inst->n_items, 3);
    cr_expect_str_eq(inst->items[0].text,
                     "This person explains decisions in terms the team can act on.");
    cr_expect_str_eq(inst->items[1].text, "No & <yes> A");
    cr_expect_str_eq(inst->items[2].text, "");
    cr_expect_str_eq(assess_instrument_title(inst), "Team survey");
    cr_expect_str_eq(inst->scales[0].description, "Line one, line two.");
    cr_expect_str_eq(inst->response_scales[0].labels[0].text,
                     "Strongly disagree");
    cr_expect_str_eq(inst->groups[0].label, "Peers");
    assess_instrument_free(inst);
}

/*
 * Past line 65535 libxml2 keeps element lines in 16 bits and guesses the
 * rest from the first child; the loader records the true start line, so
 * schema and loader diagnostics name the element's own line.
 */
Test(instrument, big_line_numbers)
{
    static const char head[] =
        HEAD "  <response-scale id='r5' min='1' max='5'/>\n"; /* 1-4 */
    static const char tail[] =
        /* 70005 */ "  <scale id='s1' colour='red'>\n"
        /* 70006 */ "    <title>S1</title>\n"
        /* 70007 */ "    <item id='A1'>a</item>\n"
        /* 70008 */ "    <item id='A1'>b</item>\n"
        /* 70009 */ "  </scale>\n"
        /* 70010 */ "  <scale id='s1'>\n"
        /* 70011 */ "    <title>S1 again</title>\n"
        /* 70012 */ "    <item id='B1'>c</item>\n"
        /* 70013 */ "  </scale>\n"
        /* 70014 */ "</instrument>\n";
    const size_t blank = 70000; /* lines 5 .. 70004 */
    size_t len = strlen(head) + blank + strlen(tail);
    char *xml = malloc(len + 1);
    diags ds;
    assess_error err;
    assess_instrument *inst;

    cr_assert_not_null(xml);
    strcpy(xml, head);
    memset(xml + strlen(head), '\n', blank);
    strcpy(xml + strlen(head) + blank, tail);
    inst = load_xml_len(xml, len, &ds, &err);
    expect_rejected(inst, &ds, &err, 3);
    expect_diag(&ds, 70005, "colour");
    expect_diag(&ds, 70008, "item id 'A1' is already defined on line 70007");
    expect_diag(&ds, 70010, "scale id 's1' is already defined on line 70005");
    assess_instrument_free(inst);
    free(xml);
}

/* ---- Hostile input -------------------------------------------------------- */

/* An external entity naming a local file: refused at the DOCTYPE, and not
 * a byte of the file reaches a message. */
Test(instrument, external_entity_refused)
{
    static const char xml[] =
        /*  1 */ "<?xml version='1.0'?>\n"
        /*  2 */ "<!DOCTYPE instrument [\n"
        /*  3 */ "  <!ENTITY xxe SYSTEM 'file:///etc/passwd'>\n"
        /*  4 */ "]>\n"
        /*  5 */ "<instrument id='t' version='1' kind='360'>\n"
        /*  6 */ "  <title>&xxe;</title>\n"
        /*  7 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  8 */ "  <scale id='s1'>\n"
        /*  9 */ "    <title>&xxe;</title>\n"
        /* 10 */ "    <item id='A1'>a</item>\n"
        /* 11 */ "  </scale>\n"
        /* 12 */ "</instrument>\n";
    diags ds;
    assess_error err;
    assess_instrument *inst = load_xml(xml, &ds, &err);

    expect_rejected(inst, &ds, &err, 1);
    expect_diag(&ds, 2, "DOCTYPE");
    cr_expect_eq(count_diags(&ds, "root:"), 0, "%s", diag_list(&ds));
    cr_expect_null(strstr(err.message, "root:"));
    assess_instrument_free(inst);
}

/* The same through a file, as the command would read it. */
Test(instrument, external_entity_refused_from_file)
{
    static const char xml[] =
        "<?xml version='1.0'?>\n"
        "<!DOCTYPE instrument [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>\n"
        "<instrument id='&xxe;' version='1' kind='360'><title>&xxe;</title>"
        "<response-scale id='r5' min='1' max='5'/><scale id='s1'>"
        "<title>S</title><item id='A1'>a</item></scale></instrument>\n";
    char path[] = "/tmp/test_instrument_XXXXXX";
    int fd = mkstemp(path);
    diags ds;
    assess_error err;
    assess_instrument *inst;

    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, xml, sizeof xml - 1), (ssize_t)(sizeof xml - 1));
    close(fd);
    inst = load_path(path, &ds, &err);
    unlink(path);

    cr_expect_null(inst);
    cr_expect_eq(err.status, ASSESS_EINSTRUMENT);
    cr_expect_eq(ds.total, 1, "%s", diag_list(&ds));
    expect_diag(&ds, 2, "DOCTYPE");
    cr_expect_eq(count_diags(&ds, "root:"), 0, "%s", diag_list(&ds));
    assess_instrument_free(inst);
}

/* Billion laughs: ten levels of ten-fold expansion.  Refused at the
 * DOCTYPE, before any entity is declared, so it ends at once. */
Test(instrument, entity_expansion_refused, .timeout = 10)
{
    static const char xml[] =
        /*  1 */ "<?xml version='1.0'?>\n"
        /*  2 */ "<!DOCTYPE instrument [\n"
        "  <!ENTITY a0 'lol'>\n"
        "  <!ENTITY a1 '&a0;&a0;&a0;&a0;&a0;&a0;&a0;&a0;&a0;&a0;'>\n"
        "  <!ENTITY a2 '&a1;&a1;&a1;&a1;&a1;&a1;&a1;&a1;&a1;&a1;'>\n"
        "  <!ENTITY a3 '&a2;&a2;&a2;&a2;&a2;&a2;&a2;&a2;&a2;&a2;'>\n"
        "  <!ENTITY a4 '&a3;&a3;&a3;&a3;&a3;&a3;&a3;&a3;&a3;&a3;'>\n"
        "  <!ENTITY a5 '&a4;&a4;&a4;&a4;&a4;&a4;&a4;&a4;&a4;&a4;'>\n"
        "  <!ENTITY a6 '&a5;&a5;&a5;&a5;&a5;&a5;&a5;&a5;&a5;&a5;'>\n"
        "  <!ENTITY a7 '&a6;&a6;&a6;&a6;&a6;&a6;&a6;&a6;&a6;&a6;'>\n"
        "  <!ENTITY a8 '&a7;&a7;&a7;&a7;&a7;&a7;&a7;&a7;&a7;&a7;'>\n"
        "  <!ENTITY a9 '&a8;&a8;&a8;&a8;&a8;&a8;&a8;&a8;&a8;&a8;'>\n"
        "]>\n"
        "<instrument id='t' version='1' kind='360'>\n"
        "  <title>&a9;</title>\n"
        "  <response-scale id='r5' min='1' max='5'/>\n"
        "  <scale id='s1'><title>&a9;</title><item id='A1'>&a9;</item></scale>\n"
        "</instrument>\n";
    diags ds;
    assess_error err;
    assess_instrument *inst = load_xml(xml, &ds, &err);

    expect_rejected(inst, &ds, &err, 1);
    expect_diag(&ds, 2, "DOCTYPE");
    assess_instrument_free(inst);
}

/* An external DTD: refused at the DOCTYPE, so nothing is fetched (the
 * .invalid domain never resolves; a fetch would show as a network error). */
Test(instrument, external_dtd_refused, .timeout = 10)
{
    static const char xml[] =
        /*  1 */ "<?xml version='1.0'?>\n"
        /*  2 */ "<!DOCTYPE instrument SYSTEM 'http://example.invalid/x.dtd'>\n"
        /*  3 */ "<instrument id='t' version='1' kind='360'>\n"
        /*  4 */ "  <title>T</title>\n"
        /*  5 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  6 */ "  <scale id='s1'><title>S</title><item id='A1'>a</item></scale>\n"
        /*  7 */ "</instrument>\n";
    static const char public_id[] =
        /*  1 */ "<?xml version='1.0'?>\n"
        /*  2 */ "<!DOCTYPE instrument PUBLIC '-//X//DTD X//EN'\n"
        /*  3 */ "  'http://example.invalid/x.dtd'>\n"
        /*  4 */ "<instrument id='t' version='1' kind='360'/>\n";
    diags ds;
    assess_error err;
    assess_instrument *inst = load_xml(xml, &ds, &err);

    expect_rejected(inst, &ds, &err, 1);
    expect_diag(&ds, 2, "DOCTYPE");
    cr_expect_eq(count_diags(&ds, "example.invalid"), 0, "%s", diag_list(&ds));
    assess_instrument_free(inst);

    inst = load_xml(public_id, &ds, &err);
    expect_rejected(inst, &ds, &err, 1);
    expect_diag(&ds, ANY_LINE, "DOCTYPE");
    assess_instrument_free(inst);
}

/* A DOCTYPE is refused even when it declares nothing. */
Test(instrument, empty_doctype_refused)
{
    static const char xml[] =
        /*  1 */ "<?xml version='1.0'?>\n"
        /*  2 */ "<!DOCTYPE instrument>\n"
        /*  3 */ "<instrument id='t' version='1' kind='360'>\n"
        /*  4 */ "  <title>T</title>\n"
        /*  5 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  6 */ "  <scale id='s1'><title>S</title><item id='A1'>a</item></scale>\n"
        /*  7 */ "</instrument>\n";
    diags ds;
    assess_error err;
    assess_instrument *inst = load_xml(xml, &ds, &err);

    expect_rejected(inst, &ds, &err, 1);
    expect_diag(&ds, 2, "DOCTYPE");
    assess_instrument_free(inst);
}

Test(instrument, deep_nesting_refused, .timeout = 30)
{
    static const char start[] =
        "<?xml version='1.0'?>\n"
        "<instrument id='t' version='1' kind='360'>\n"; /* 1-2 */
    const size_t depth = 10000;
    size_t len = strlen(start) + depth * 3 + depth * 4 + strlen("</instrument>\n");
    char *xml = malloc(len + 1), *p;
    diags ds;
    assess_error err;
    assess_instrument *inst;

    cr_assert_not_null(xml);
    p = xml + sprintf(xml, "%s", start);
    for (size_t i = 0; i < depth; i++)
        p += sprintf(p, "<a>");
    for (size_t i = 0; i < depth; i++)
        p += sprintf(p, "</a>");
    p += sprintf(p, "</instrument>\n");
    cr_assert_eq((size_t)(p - xml), len);

    inst = load_xml_len(xml, len, &ds, &err);
    expect_rejected(inst, &ds, &err, 0);
    expect_diag(&ds, 3, "");
    assess_instrument_free(inst);
    free(xml);
}

Test(instrument, huge_attribute_refused, .timeout = 30)
{
    static const char start[] = "<?xml version='1.0'?>\n<instrument id='";
    static const char end[] =
        "' version='1' kind='360'>\n"
        "  <title>T</title>\n"
        "  <response-scale id='r5' min='1' max='5'/>\n"
        "  <scale id='s1'><title>S</title><item id='A1'>a</item></scale>\n"
        "</instrument>\n";
    const size_t big = 10u * 1024 * 1024;
    size_t len = strlen(start) + big + strlen(end);
    char *xml = malloc(len + 1);
    diags ds;
    assess_error err;
    assess_instrument *inst;

    cr_assert_not_null(xml);
    strcpy(xml, start);
    memset(xml + strlen(start), 'x', big);
    strcpy(xml + strlen(start) + big, end);
    inst = load_xml_len(xml, len, &ds, &err);
    expect_rejected(inst, &ds, &err, 0);
    expect_diag(&ds, 2, "");
    assess_instrument_free(inst);
    free(xml);
}

/* Appends s at o; returns the new end. */
static size_t put(char *buf, size_t o, const char *s)
{
    size_t n = strlen(s);
    memcpy(buf + o, s, n);
    return o + n;
}

/*
 * Over 16 MiB is refused before parsing; exactly 16 MiB is read.  The
 * exact 16 MiB is a real instrument, scales of 1000 items: filler such as
 * one run of blanks or thousands of comments would meet libxml2's own
 * 10 MB limits instead.
 */
Test(instrument, size_limit_in_memory, .timeout = 300)
{
    static const char head[] =
        HEAD "  <response-scale id='r5' min='1' max='5'/>\n";
    static const char end[] = "  </scale>\n</instrument>\n";
    size_t len = INSTRUMENT_MAX_BYTES + 1, o, items = 0;
    char *xml = malloc(len);
    char open[80], line[160];
    diags ds;
    assess_error err;
    assess_instrument *inst;

    cr_assert_not_null(xml);
    o = put(xml, 0, head);
    for (;;) {
        open[0] = '\0';
        if (items % 1000 == 0)
            snprintf(open, sizeof open, "%s  <scale id='s%zu'><title>S</title>\n",
                     items ? "  </scale>\n" : "", items / 1000);
        snprintf(line, sizeof line,
                 "    <item id='I%zu'>This person does what it says.</item>\n",
                 items);
        if (o + strlen(open) + strlen(line) + strlen(end) > INSTRUMENT_MAX_BYTES)
            break;
        o = put(xml, o, open);
        o = put(xml, o, line);
        items++;
    }
    o = put(xml, o, end);
    memset(xml + o, '\n', len - o); /* a few blank lines after the root */

    inst = load_xml_len(xml, len, &ds, &err);
    cr_expect_null(inst);
    cr_expect_eq(err.status, ASSESS_ELIMIT, "status %d: %s", err.status,
                 err.message);
    cr_expect_str_eq(err.file, "t.xml");
    cr_expect(strstr(err.message, "16 MiB") != NULL, "%s", err.message);
    cr_expect_eq(ds.total, 0, "%s", diag_list(&ds));
    assess_instrument_free(inst);

    inst = load_xml_len(xml, INSTRUMENT_MAX_BYTES, &ds, &err);
    cr_expect_not_null(inst, "exactly 16 MiB is allowed: %s\n%s", err.message,
                       diag_list(&ds));
    cr_expect_eq(ds.total, 0, "%s", diag_list(&ds));
    if (inst)
        cr_expect_eq(assess_instrument_item_count(inst), items);
    assess_instrument_free(inst);
    free(xml);
}

Test(instrument, size_limit_in_file, .timeout = 60)
{
    char path[] = "/tmp/test_instrument_XXXXXX";
    int fd = mkstemp(path);
    size_t len = INSTRUMENT_MAX_BYTES + 1;
    char *blanks = malloc(len);
    diags ds;
    assess_error err;
    assess_instrument *inst;

    cr_assert(fd >= 0);
    cr_assert_not_null(blanks);
    memset(blanks, ' ', len);
    cr_assert_eq(write(fd, blanks, len), (ssize_t)len);
    close(fd);
    free(blanks);

    inst = load_path(path, &ds, &err);
    unlink(path);
    cr_expect_null(inst);
    cr_expect_eq(err.status, ASSESS_ELIMIT, "status %d: %s", err.status,
                 err.message);
    cr_expect_str_eq(err.file, path);
    assess_instrument_free(inst);
}

/* Jacobson & Truax's populations beside the norm groups: loaded apart
 * from the norms (which percentiles use), checked as norms are. */
Test(instrument, functional_and_dysfunctional_norms)
{
    static const char xml[] =
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <scale id='s1'>\n"
        /*  6 */ "    <title>S1</title>\n"
        /*  7 */ "    <item id='A1'>a</item>\n"
        /*  8 */ "  </scale>\n"
        /*  9 */ "  <norms>\n"
        /* 10 */ "    <functional-norm scale='s1' mean='4' sd='0.5' n='80'>f</functional-norm>\n"
        /* 11 */ "    <norm scale='s1' mean='3' sd='1' n='100'>x</norm>\n"
        /* 12 */ "    <dysfunctional-norm scale='s1' mean='2.5' sd='0.6' n='40'>d</dysfunctional-norm>\n"
        /* 13 */ "  </norms>\n"
        /* 14 */ "</instrument>\n";
    diags ds;
    assess_error err;
    assess_instrument *inst = load_xml(xml, &ds, &err);
    cr_assert_not_null(inst, "%s", err.message);
    cr_expect_eq(assess_instrument_norm_count(inst), 1);
    cr_assert_eq(inst->n_functional_norms, 1);
    cr_assert_eq(inst->n_dysfunctional_norms, 1);
    cr_expect_float_eq(inst->functional_norms[0].mean, 4, 1e-12);
    cr_expect_float_eq(inst->dysfunctional_norms[0].sd, 0.6, 1e-12);
    cr_expect_eq(inst->functional_norms[0].population, NORM_FUNCTIONAL);
    cr_expect_eq(inst->dysfunctional_norms[0].population, NORM_DYSFUNCTIONAL);
    cr_expect_eq(inst->norms[0].population, NORM_GENERAL);
    assess_instrument_free(inst);
}

Test(instrument, functional_norm_checked_as_a_norm)
{
    static const char xml[] =
        HEAD
        /*  4 */ "  <response-scale id='r5' min='1' max='5'/>\n"
        /*  5 */ "  <scale id='s1'>\n"
        /*  6 */ "    <title>S1</title>\n"
        /*  7 */ "    <item id='A1'>a</item>\n"
        /*  8 */ "  </scale>\n"
        /*  9 */ "  <norms>\n"
        /* 10 */ "    <functional-norm scale='s1' mean='4' sd='0.5' n='80'>f</functional-norm>\n"
        /* 11 */ "    <functional-norm scale='s1' mean='4' sd='0.5' n='80'>f</functional-norm>\n"
        /* 12 */ "    <dysfunctional-norm scale='s7' mean='2' sd='1' n='9'>d</dysfunctional-norm>\n"
        /* 13 */ "  </norms>\n"
        /* 14 */ "</instrument>\n";
    diags ds;
    assess_error err;
    assess_instrument *inst = load_xml(xml, &ds, &err);
    expect_diag(&ds, 11, "functional-norm for scale 's1' is already given on "
                         "line 10");
    expect_diag(&ds, 12, "dysfunctional-norm: scale 's7' is not defined");
    expect_rejected(inst, &ds, &err, 2);
    assess_instrument_free(inst);
}
