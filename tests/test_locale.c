/*
 * test_locale.c - a host program whose locale writes numbers with a
 * decimal comma (de_DE.UTF-8) gets from every writer the bytes it gets in
 * the "C" locale: score's tables, JSON and text, the tables of agree,
 * reliability and change in CSV and JSON, the reports and their index
 * (whose SVG breaks on "3,50"), for a 360 and a strengths instrument; and
 * its own locale is still in place after each writer.
 *
 * The locale is the system's when installed; otherwise it is made with
 * localedef into a temporary folder (LOCPATH).  Where neither can be,
 * the tests are skipped, saying why.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "assess.h"
#include "rows_text.h"

static char locale_dir[] = "/tmp/assess-locale-XXXXXX";
static int made_dir;

/* Sets a locale with a decimal comma: its name, or NULL with *why set. */
static const char *comma_locale(const char **why)
{
    static const char *const names[] = { "de_DE.UTF-8", "de_DE.utf8",
                                         "fr_FR.UTF-8", "nl_NL.UTF-8" };
    char cmd[256];

    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (setlocale(LC_ALL, names[i]))
            return names[i];
    if (system("command -v localedef >/dev/null 2>&1") != 0) {
        *why = "no comma locale is installed, and there is no localedef to "
               "make one (Debian: apt-get install locales)";
        return NULL;
    }
    if (!made_dir) {
        if (!mkdtemp(locale_dir)) {
            *why = "cannot make a temporary folder for a locale";
            return NULL;
        }
        made_dir = 1;
    }
    snprintf(cmd, sizeof cmd,
             "localedef -c -i de_DE -f UTF-8 %s/de_DE.UTF-8 >/dev/null 2>&1",
             locale_dir);
    if (system(cmd) != 0 && access(locale_dir, F_OK) != 0) {
        *why = "localedef could not make de_DE.UTF-8 (its definition is in "
               "Debian's locales package)";
        return NULL;
    }
    setenv("LOCPATH", locale_dir, 1);
    if (setlocale(LC_ALL, "de_DE.UTF-8"))
        return "de_DE.UTF-8";
    *why = "de_DE.UTF-8 is neither installed nor made by localedef (its "
           "definition is in Debian's locales package)";
    return NULL;
}

static void cleanup(void)
{
    char cmd[128];
    setlocale(LC_ALL, "C");
    if (made_dir) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", locale_dir);
        cr_assert_eq(system(cmd), 0);
    }
}

/* The caller's locale writes a comma, as it did before the writer ran. */
static void expect_comma(const char *after)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%.2f", 3.5);
    cr_assert_str_eq(buf, "3,50", "the host's locale, after %s", after);
    cr_assert_str_eq(localeconv()->decimal_point, ",");
}

typedef struct outputs {
    char *t[256];
    const char *what[256];
    size_t n;
} outputs;

static void add(outputs *o, const char *what, char *text)
{
    cr_assert_lt(o->n, 256);
    o->what[o->n] = what;
    o->t[o->n++] = text;
}

/* Every writer's output for an instrument and a response file, made in
 * whatever locale is set; `comma` checks that it is still set after each. */
static void every_output(outputs *o, const char *instrument,
                         const char *responses, int comma)
{
    assess_error err;
    written w;
    assess_score_options so;
    assess_agree_options ao;
    assess_reliability_options ro;
    assess_change_options co;

    assess_error_init(&err);
    assess_instrument *inst = assess_instrument_load(instrument, NULL, NULL,
                                                     &err);
    cr_assert_not_null(inst, "%s", err.message);
    assess_responses *resp = assess_responses_new(inst, NULL, &err);
    cr_assert_eq(assess_responses_read_file(resp, responses, &err), ASSESS_OK,
                 "%s", err.message);
    assess_score_options_init(&so);
    so.research = 1;
    assess_score *s = assess_score_compute(resp, &so, &err);
    cr_assert_not_null(s);
    for (int k = 0; k < 3; k++) {
        cr_assert_eq(assess_score_write_csv(s, (assess_score_table)k,
                                            written_open(&w), &err), ASSESS_OK);
        add(o, "score csv", written_close(&w));
    }
    cr_assert_eq(assess_score_write_json(s, written_open(&w), &err), ASSESS_OK);
    add(o, "score json", written_close(&w));
    cr_assert_eq(assess_score_write_text(s, NULL, written_open(&w), &err),
                 ASSESS_OK);
    add(o, "score text", written_close(&w));
    if (comma)
        expect_comma("the score writers");

    assess_agree_options_init(&ao);
    ao.by_group = 1;
    assess_table *agree = assess_agree_compute(resp, &ao, &err);
    assess_reliability_options_init(&ro);
    assess_table *rel = assess_reliability_compute(resp, &ro, &err);
    assess_change_options_init(&co);
    assess_table *change = assess_change_compute(resp, &co, &err);
    assess_table *tables[] = { agree, rel, change };
    for (int k = 0; k < 3; k++) {
        cr_assert_not_null(tables[k]);
        cr_assert_eq(assess_table_write_csv(tables[k], written_open(&w), &err),
                     ASSESS_OK);
        add(o, "table csv", written_close(&w));
        cr_assert_eq(assess_table_write_json(tables[k], written_open(&w),
                                             &err), ASSESS_OK);
        add(o, "table json", written_close(&w));
    }
    if (comma)
        expect_comma("the table writers");

    assess_score_options_init(&so);
    assess_score *rs = assess_score_compute(resp, &so, &err);
    assess_report *rep = assess_report_new(rs, agree, change, NULL, &err);
    cr_assert_not_null(rep, "%s", err.message);
    for (size_t i = 0; i < assess_report_count(rep) && i < 4; i++) {
        cr_assert_eq(assess_report_write_html(rep, i, written_open(&w), &err),
                     ASSESS_OK);
        add(o, "report", written_close(&w));
    }
    cr_assert_eq(assess_report_write_index(rep, written_open(&w), &err),
                 ASSESS_OK);
    add(o, "report index", written_close(&w));
    if (comma)
        expect_comma("the report writers");

    assess_report_free(rep);
    assess_score_free(rs);
    for (int k = 0; k < 3; k++)
        assess_table_free(tables[k]);
    assess_score_free(s);
    assess_responses_free(resp);
    assess_instrument_free(inst);
}

static void compare(const char *instrument, const char *responses)
{
    const char *why = NULL, *name;
    outputs c = { 0 }, d = { 0 };

    setlocale(LC_ALL, "C");
    every_output(&c, instrument, responses, 0);
    name = comma_locale(&why);
    if (!name) {
        cleanup();
        cr_skip_test("comma-locale test skipped: %s", why);
    }
    expect_comma("setlocale");
    every_output(&d, instrument, responses, 1);
    cr_assert_eq(c.n, d.n);
    for (size_t i = 0; i < c.n; i++) {
        if (strcmp(c.t[i], d.t[i]) != 0) {
            size_t at = 0;
            while (c.t[i][at] == d.t[i][at])
                at++;
            size_t from = at > 120 ? at - 120 : 0;
            cr_assert_fail("%s: in %s, output %zu (%s) differs at byte %zu:\n"
                           "C:     ...%.240s\n%s: ...%.240s", instrument, name,
                           i, c.what[i], at, c.t[i] + from, name,
                           d.t[i] + from);
        }
        /* the reports print numbers to two decimals: they were there */
        free(c.t[i]);
        free(d.t[i]);
    }
    cleanup();
}

Test(locale, a_comma_locale_changes_no_writer_360)
{
    compare(INSTRUMENTS "/leadership-360.xml", FIXTURES "/demo/responses.csv");
}

Test(locale, a_comma_locale_changes_no_writer_strengths)
{
    compare(INSTRUMENTS "/strengths.xml", FIXTURES "/demo/strengths.csv");
}

/* The text writers do print numbers with a decimal point, so the test
 * above would have seen a comma. */
Test(locale, the_writers_print_decimals)
{
    assess_error err;
    written w;
    assess_score_options so;
    assess_instrument *inst = assess_instrument_load(
        INSTRUMENTS "/leadership-360.xml", NULL, NULL, &err);
    assess_responses *resp = assess_responses_new(inst, NULL, &err);
    cr_assert_eq(assess_responses_read_file(resp, FIXTURES "/demo/responses.csv",
                                            &err), ASSESS_OK);
    assess_score_options_init(&so);
    assess_score *s = assess_score_compute(resp, &so, &err);
    cr_assert_eq(assess_score_write_text(s, "E0007", written_open(&w), &err),
                 ASSESS_OK);
    char *text = written_close(&w);
    cr_assert(strstr(text, "Communication        3.83    3.40"), "%.400s", text);
    assess_report *rep = assess_report_new(s, NULL, NULL, NULL, &err);
    cr_assert_eq(assess_report_write_html(rep, 0, written_open(&w), &err),
                 ASSESS_OK);
    char *html = written_close(&w);
    cr_assert(strstr(html, "<svg"));
    cr_assert(strstr(html, ".5\""), "SVG coordinates with a decimal point");
    free(text);
    free(html);
    assess_report_free(rep);
    assess_score_free(s);
    assess_responses_free(resp);
    assess_instrument_free(inst);
}

/* The responses' dump, for tests and debugging, too: a decimal value
 * reads "3.5", not "3,5". */
Test(locale, the_dump_writes_a_decimal_point)
{
    static const char xml[] =
        "<instrument id='c' version='1' kind='360'><title>C</title>"
        "<response-scale id='r' min='1' max='5' type='continuous'/>"
        "<scale id='s'><title>S</title><item id='I1'>i</item></scale>"
        "</instrument>";
    static const char csv[] = "subject_id,rater_id,wave,item_id,value\n"
                              "S1,R1,1,I1,3.5\n";
    const char *why = NULL;
    assess_error err;

    if (!comma_locale(&why)) {
        cleanup();
        cr_skip_test("comma-locale test skipped: %s", why);
    }
    expect_comma("setlocale");
    assess_error_init(&err);
    assess_instrument *inst = assess_instrument_load_memory(xml, sizeof xml - 1,
                                                            "c.xml", NULL,
                                                            NULL, &err);
    cr_assert_not_null(inst, "%s", err.message);
    assess_responses *resp = assess_responses_new(inst, NULL, &err);
    cr_assert_eq(assess_responses_begin(resp, "c.csv", &err), ASSESS_OK);
    cr_assert_eq(assess_responses_feed(resp, csv, sizeof csv - 1, &err),
                 ASSESS_OK);
    cr_assert_eq(assess_responses_end(resp, &err), ASSESS_OK, "%s",
                 err.message);
    char *dump = assess_responses_dump(resp);
    cr_assert_str_eq(dump, "S1,R1,all,1,I1,3.5\n");
    expect_comma("the dump");
    assess_free(dump);
    assess_responses_free(resp);
    assess_instrument_free(inst);
    cleanup();
}
