/*
 * test_source.c - source maps (engine/input_source.c) and the starting
 * maps assess_responses_write_source() writes (engine/output_source.c),
 * through the public interface, with the Leadership 360 instrument.
 *
 * A map is checked like an instrument: against its schema, then against
 * the instrument, every problem told with its line; hostile XML is
 * refused.  A starting map names every column and what it was taken as,
 * the answers and groups that matched nothing, and nothing of a subject
 * or a rater; filled in, it reads the export it was written from.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "assess.h"

#define LIT(s) s, (sizeof s - 1)

static assess_instrument *inst;
static char diags[16384];
static size_t n_diags;

static void on_diag(const assess_diag *d, void *userdata)
{
    size_t o = strlen(diags);
    (void)userdata;
    n_diags++;
    snprintf(diags + o, sizeof diags - o, "%lu:%s\n", d->line, d->message);
}

static void setup(void)
{
    assess_error err;
    assess_error_init(&err);
    inst = assess_instrument_load(INSTRUMENTS "/leadership-360.xml", NULL,
                                  NULL, &err);
    cr_assert_not_null(inst, "%s", err.message);
    diags[0] = '\0';
    n_diags = 0;
}

static void teardown(void)
{
    assess_instrument_free(inst);
}

TestSuite(source, .init = setup, .fini = teardown);

static assess_source *load(const char *xml, assess_error *err)
{
    diags[0] = '\0';
    n_diags = 0;
    assess_error_init(err);
    return assess_source_load_memory(xml, strlen(xml), "map.xml", inst,
                                     on_diag, NULL, err);
}

static void expect_problem(const char *text)
{
    cr_assert(strstr(diags, text), "no problem '%s' in:\n%s", text, diags);
}

/* ==== Loading ================================================================ */

Test(source, shipped_fixtures_load)
{
    static const char *const maps[] = {
        "export-qualtrics-numeric/source.xml", "export-qualtrics-text/source.xml",
        "export-surveymonkey/source.xml", "export-limesurvey/source.xml",
        "export-google-forms/source.xml", "source-limesurvey/columns.xml",
    };
    for (size_t i = 0; i < sizeof maps / sizeof *maps; i++) {
        char path[512];
        assess_error err;
        assess_source *s;
        snprintf(path, sizeof path, "%s/%s", FIXTURES, maps[i]);
        assess_error_init(&err);
        s = assess_source_load(path, inst, on_diag, NULL, &err);
        cr_assert_not_null(s, "%s: %s\n%s", maps[i], err.message, diags);
        assess_source_free(s);
    }
}

/* Every problem the schema and the instrument find, each on its line. */
Test(source, problems_each_on_its_line)
{
    static const char xml[] =
        "<source instrument='lead999' tool='qualtrics'>\n" /* 1 */
        "<column as='subject_id'/>\n"                       /* 2 */
        "<column name='A' position='2' as='rater_id'/>\n"   /* 3 */
        "<column name='B' as='NOPE'/>\n"                    /* 4 */
        "<column name='C' as='COM1'/>\n"                    /* 5 */
        "<column name='D' as='COM1'/>\n"                    /* 6 */
        "<column name='C' as='COM2'/>\n"                    /* 7 */
        "<value text='x' code='four'/>\n"                   /* 8 */
        "<value text='Y' code='4'/>\n"                      /* 9 */
        "<value text='y' code='5'/>\n"                      /* 10 */
        "<missing/>\n"                                      /* 11 */
        "<group text='DR' as='boss'/>\n"                    /* 12 */
        "<keep equals='1'/>\n"                              /* 13 */
        "<set name='wave' value=''/>\n"                     /* 14 */
        "<set name='subject_id' value='E1'/>\n"             /* 15 */
        "<format encoding='klingon-8'/>\n"                  /* 16 */
        "</source>\n";
    assess_error err;
    assess_source *s = load(xml, &err);

    cr_assert_null(s);
    cr_assert_eq(err.status, ASSESS_EINSTRUMENT);
    cr_assert_str_eq(err.message, "13 problems in source map");
    expect_problem("1:the source map is for instrument 'lead999', not "
                   "'lead360'");
    expect_problem("2:<column as=\"subject_id\">: give the column by its name "
                   "or by its position, one of them");
    expect_problem("3:<column as=\"rater_id\">: give the column by its name or "
                   "by its position, one of them");
    expect_problem("4:<column as=\"NOPE\">: 'NOPE' is neither a standard column "
                   "(subject_id, rater_id, rater_group, wave, item_id, value) "
                   "nor an item or question of instrument 'lead360'");
    expect_problem("6:<column>: 'COM1' is already read from another column "
                   "(line 5)");
    expect_problem("7:<column>: that column is already read as 'COM1' (line 5)");
    expect_problem("8:<value text=\"x\">: code 'four' is not a number: write the "
                   "code this answer stands for");
    expect_problem("10:'y' is already recoded on line 9");
    expect_problem("11:<missing>: give the text or the code read as missing");
    expect_problem("12:<group text=\"DR\">: 'boss' is not a rater group of "
                   "instrument 'lead360' (self, manager, peer, direct_report, "
                   "other)");
    expect_problem("13:<keep>: give the column by its name or by its position, "
                   "one of them");
    expect_problem("14:<set name=\"wave\">: the value is empty");
    expect_problem("16:<format>: encoding 'klingon-8' is not one iconv knows");
}

/* What the schema refuses comes with its line, in our words. */
Test(source, schema_refuses)
{
    static const char xml[] =
        "<source instrument='lead360'>\n"
        "<colum name='x' as='COM1'/>\n"
        "<set name='rater_id' value='R'/>\n"
        "<format delimiter='/'/>\n"
        "</source>\n";
    assess_error err;
    assess_source *s = load(xml, &err);

    cr_assert_null(s);
    cr_assert_eq(err.status, ASSESS_EINSTRUMENT);
    expect_problem("2:element 'colum': This element is not expected. Expected "
                   "is one of ( format, column, value, missing, group, keep, "
                   "drop, set )");
    cr_assert(n_diags >= 1);
    s = load("<instrument id='x'/>", &err);
    cr_assert_null(s);
    expect_problem("1:element 'instrument': No matching global declaration "
                   "available for the validation root");
    s = load("<source instrument='lead360'>", &err);
    cr_assert_null(s);
    cr_assert_eq(err.status, ASSESS_EINSTRUMENT);
}

/* Hostile XML: no DOCTYPE (so no entity, no DTD), no network. */
Test(source, doctype_refused)
{
    static const char xml[] =
        "<?xml version='1.0'?>\n"
        "<!DOCTYPE source [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n"
        "<source instrument='lead360'><column name='&x;' as='subject_id'/>"
        "</source>\n";
    assess_error err;
    assess_source *s = load(xml, &err);

    cr_assert_null(s);
    expect_problem("2:DOCTYPE declarations are not allowed in a source map "
                   "(no DTD, no entities)");
    cr_assert(!strstr(diags, "root:"), "%s", diags);
}

Test(source, too_large_refused)
{
    size_t n = 17u * 1024 * 1024;
    char *big = malloc(n);
    assess_error err;
    cr_assert_not_null(big);
    memset(big, ' ', n);
    assess_error_init(&err);
    cr_assert_null(assess_source_load_memory(big, n, "big.xml", inst, on_diag,
                                             NULL, &err));
    cr_assert_eq(err.status, ASSESS_ELIMIT);
    cr_assert_str_eq(err.message, "source map is larger than 16 MiB");
    free(big);
}

/* A map of one instrument is not given to a table of another. */
Test(source, another_instruments_map)
{
    static const char other[] =
        "<instrument id='lead360' version='2' kind='360'><title>t</title>"
        "<response-scale id='a' min='1' max='5'/>"
        "<scale id='s'><title>s</title><item id='COM1'>x</item></scale>"
        "</instrument>";
    assess_error err;
    assess_instrument *o;
    assess_source *s = load("<source instrument='lead360'/>", &err);
    assess_read_options opts;

    cr_assert_not_null(s, "%s", diags);
    assess_error_init(&err);
    o = assess_instrument_load_memory(LIT(other), "o.xml", NULL, NULL, &err);
    cr_assert_not_null(o, "%s", err.message);
    assess_read_options_init(&opts);
    opts.source = s;
    cr_assert_null(assess_responses_new(o, &opts, &err));
    cr_assert_eq(err.status, ASSESS_EUSAGE);
    assess_instrument_free(o);
    assess_source_free(s);
}

/* ==== Starting maps ============================================================ */

static char *describe(const char *path, const assess_source *src)
{
    assess_read_options o;
    assess_error err;
    assess_responses *r;
    char *p = NULL;
    size_t size = 0;
    FILE *f;

    assess_read_options_init(&o);
    o.describe = 1;
    o.source = src;
    o.diag = on_diag;
    assess_error_init(&err);
    r = assess_responses_new(inst, &o, &err);
    cr_assert_not_null(r, "%s", err.message);
    cr_assert_eq(assess_responses_read_file(r, path, &err), ASSESS_OK, "%s",
                 err.message);
    f = open_memstream(&p, &size);
    cr_assert_not_null(f);
    cr_assert_eq(assess_responses_write_source(r, f, &err), ASSESS_OK);
    fclose(f);
    assess_responses_free(r);
    return p;
}

/* A starting map of a Qualtrics export in text: every column, what it
 * was taken as; the answers to recode, with a guess; no response id, no
 * subject, no one's answers row by row. */
Test(source, starting_map_of_qualtrics_text)
{
    char *map = describe(FIXTURES "/export-qualtrics-text/export.csv", NULL);
    static const char *const want[] = {
        "<source instrument=\"lead360\" tool=\"qualtrics\">",
        "<!-- 1 'StartDate': Qualtrics' own, not read -->",
        "<!-- 7 'Finished': Qualtrics' mark of responses not to use: the rows "
        "it marks are left out -->",
        "<!-- 9 'ResponseId': rater_id, Qualtrics' response id -->",
        "<!-- 18 'Q1_1' \"Communication: how much do you agree with each "
        "statement about Jordan? - This person explains decisions in terms",
        "...\": item COM1, by its wording -->",
        "<column name=\"Subject\" as=\"subject_id\"/> -->",
        "<column name=\"Relationship\" as=\"rater_group\"/> -->",
        "<!-- NO COLUMN IS subject_id",
        "<!-- NO COLUMN IS rater_group",
        "<value text=\"Somewhat agree\" code=\"\"/> <!-- 4? -->",
        "<value text=\"Somewhat disagree\" code=\"\"/> <!-- 2? -->",
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        cr_assert(strstr(map, want[i]), "no '%s' in:\n%s", want[i], map);
    cr_assert(!strstr(map, "R_"), "a response id in the map:\n%s", map);
    cr_assert(!strstr(map, "Jordan Lee"), "a subject in the map:\n%s", map);
    cr_assert(!strstr(map, "Strongly agree\" code"), "%s", map);
    cr_assert(!strstr(map, "items with no column"), "%s", map);
    free(map);
}

/* With the columns named, what is left to say: answer codes and group
 * codes, in the order of their text; what the map said is written again;
 * filled in, the map reads the export. */
Test(source, starting_map_filled_in_reads_the_export)
{
    assess_error err;
    assess_source *cols;
    char *map, *filled, *at;
    FILE *f;
    char path[] = "/tmp/test_source_XXXXXX";
    int fd;

    assess_error_init(&err);
    cols = assess_source_load(FIXTURES "/source-limesurvey/columns.xml", inst,
                              on_diag, NULL, &err);
    cr_assert_not_null(cols, "%s\n%s", err.message, diags);
    map = describe(FIXTURES "/export-limesurvey/export.csv", cols);
    at = strstr(map, "<value text=\"A1\" code=\"\"/>\n"
                     "  <value text=\"A2\" code=\"\"/>\n"
                     "  <value text=\"A3\" code=\"\"/>\n"
                     "  <value text=\"A4\" code=\"\"/>\n"
                     "  <value text=\"A5\" code=\"\"/>\n");
    cr_assert_not_null(at, "%s", map);
    cr_assert(strstr(map, "  <group text=\"DR\" as=\"\"/>\n"
                          "  <group text=\"MGR\" as=\"\"/>\n"), "%s", map);
    cr_assert(strstr(map, "<column name=\"TRU[SQ006]\" as=\"TRU6\"/>"), "%s",
              map);
    cr_assert(!strstr(map, "E100"), "a subject in the map:\n%s", map);

    /* As written, it does not load: every blank is a problem. */
    cr_assert_null(load(map, &err));
    expect_problem("<value text=\"A1\">: code '' is not a number");
    expect_problem("<group text=\"MGR\">: '' is not a rater group");

    /* Filled in as a person would. */
    filled = malloc(strlen(map) + 64);
    cr_assert_not_null(filled);
    {
        const char *p = map;
        char *o = filled;
        while (*p) {
            if (strncmp(p, "<value text=\"A", 14) == 0) {
                char digit = p[14];
                o += sprintf(o, "<value text=\"A%c\" code=\"%c\"/>", digit,
                             digit);
                p = strchr(p, '>') + 1;
            } else if (strncmp(p, "<group text=\"DR\" as=\"\"/>", 24) == 0) {
                o += sprintf(o, "<group text=\"DR\" as=\"direct_report\"/>");
                p += 24;
            } else if (strncmp(p, "<group text=\"MGR\" as=\"\"/>", 25) == 0) {
                o += sprintf(o, "<group text=\"MGR\" as=\"manager\"/>");
                p += 25;
            } else {
                *o++ = *p++;
            }
        }
        *o = '\0';
    }
    fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    f = fdopen(fd, "w");
    fputs(filled, f);
    fclose(f);
    {
        assess_source *s = assess_source_load(path, inst, on_diag, NULL, &err);
        assess_read_options o;
        assess_responses *r;
        cr_assert_not_null(s, "%s\n%s\n%s", err.message, diags, filled);
        assess_read_options_init(&o);
        o.source = s;
        r = assess_responses_new(inst, &o, &err);
        cr_assert_not_null(r);
        cr_assert_eq(assess_responses_read_file(
                         r, FIXTURES "/export-limesurvey/export.csv", &err),
                     ASSESS_OK, "%s", err.message);
        /* the German response kept: this map has no filter */
        cr_assert_eq(assess_responses_account(r)->rows_used, 10);
        cr_assert_eq(assess_responses_account(r)->rejected
                         [ASSESS_REJECT_UNFINISHED], 1);
        assess_responses_free(r);
        assess_source_free(s);
    }
    unlink(path);
    free(filled);
    free(map);
    assess_source_free(cols);
}

/* A map given to the reading is written again whole: read with the
 * starting map it makes, an export reads as with the map itself. */
Test(source, a_map_written_again_reads_the_same)
{
    static const char *const cases[][2] = {
        { "/export-limesurvey/source.xml", "/export-limesurvey/export.csv" },
        { "/export-surveymonkey/source.xml", "/export-surveymonkey/export.csv" },
        { "/export-qualtrics-text/source.xml",
          "/export-qualtrics-text/export.csv" },
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        char mp[512], ep[512], *map, *d[2];
        assess_error err;
        assess_source *src[2];
        snprintf(mp, sizeof mp, "%s%s", FIXTURES, cases[c][0]);
        snprintf(ep, sizeof ep, "%s%s", FIXTURES, cases[c][1]);
        assess_error_init(&err);
        src[0] = assess_source_load(mp, inst, on_diag, NULL, &err);
        cr_assert_not_null(src[0], "%s", err.message);
        map = describe(ep, src[0]);
        src[1] = load(map, &err);
        cr_assert_not_null(src[1], "%s: %s\n%s\n%s", cases[c][0], err.message,
                           diags, map);
        for (int k = 0; k < 2; k++) {
            assess_read_options o;
            assess_responses *r;
            assess_read_options_init(&o);
            o.source = src[k];
            r = assess_responses_new(inst, &o, &err);
            cr_assert_not_null(r);
            cr_assert_eq(assess_responses_read_file(r, ep, &err), ASSESS_OK);
            d[k] = assess_responses_dump(r);
            assess_responses_free(r);
        }
        cr_assert_str_eq(d[0], d[1], "%s", cases[c][0]);
        free(d[0]);
        free(d[1]);
        free(map);
        assess_source_free(src[0]);
        assess_source_free(src[1]);
    }
}
