/*
 * test_exports.c - survey tools' exports read as they come
 * (engine/input_header.c, input_tool.c, input_decode.c, input_source.c):
 *
 * - through the public interface, on small exports written here: each
 *   tool told from its header, its header rows, its marks of rows not to
 *   use, items matched by wording, the source map's columns, recoding,
 *   aliases, filters and constants, formats and encodings, waves per
 *   file, one self a subject and wave; each read whole, a byte at a time
 *   and in random chunks, with the same table and the same messages;
 *
 * - through the real binary, on the exports of fixtures/export-*: each
 *   scored against scores worked out by hand below, with its account
 *   (rows read = used + rejected, by reason), and with one thread and
 *   four.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "assess.h"
#include "rng.h"

#define LIT(s) s, (sizeof s - 1)

/* ==== A small instrument ================================================== */

static const char MINI[] =
    "<instrument id='mini' version='1' kind='360'>\n"
    "<title>Mini</title>\n"
    "<response-scale id='a5' min='1' max='5'>"
    "<label value='1'>Strongly disagree</label><label value='2'>Disagree"
    "</label><label value='3'>Neutral</label><label value='4'>Agree</label>"
    "<label value='5'>Strongly agree</label>"
    "<missing code='0'>Not observed</missing></response-scale>\n"
    "<rater-groups>\n"
    "<group id='self' role='self' minimum='1'>Self</group>\n"
    "<group id='manager' role='manager' minimum='1'>Manager</group>\n"
    "<group id='peer' role='peer' minimum='2'>Peers</group>\n"
    "<group id='direct_report' role='direct_report' minimum='2'>Direct "
    "reports</group>\n"
    "</rater-groups>\n"
    "<scale id='s1'><title>S1</title>\n"
    "<item id='I1'>This person listens.</item>\n"
    "<item id='I2'>This person\xe2\x80\x99s plans are   clear</item>\n"
    "<item id='I3' reverse='true'>This person interrupts others!</item>\n"
    "</scale>\n"
    "</instrument>\n";

static assess_instrument *inst;
static char diags[16384];
static size_t n_errors, n_warnings, n_notes;

static void on_diag(const assess_diag *d, void *userdata)
{
    size_t o = strlen(diags);
    (void)userdata;
    n_errors += d->severity == ASSESS_ERROR;
    n_warnings += d->severity == ASSESS_WARNING;
    n_notes += d->severity == ASSESS_NOTE;
    snprintf(diags + o, sizeof diags - o, "%lu:%s:%s:%s\n", d->line,
             d->severity == ASSESS_ERROR ? "error"
             : d->severity == ASSESS_WARNING ? "warning" : "note",
             assess_reject_name(d->reason), d->message);
}

static void setup(void)
{
    assess_error err;
    assess_error_init(&err);
    inst = assess_instrument_load_memory(MINI, sizeof MINI - 1, "mini.xml",
                                         on_diag, NULL, &err);
    cr_assert_not_null(inst, "%s\n%s", err.message, diags);
    diags[0] = '\0';
    n_errors = n_warnings = n_notes = 0;
}

static void teardown(void)
{
    assess_instrument_free(inst);
    inst = NULL;
}

TestSuite(exports, .init = setup, .fini = teardown);

static assess_source *map_of(const char *xml)
{
    assess_error err;
    assess_source *src;
    assess_error_init(&err);
    src = assess_source_load_memory(xml, strlen(xml), "map.xml", inst,
                                    on_diag, NULL, &err);
    cr_assert_not_null(src, "map: %s\n%s", err.message, diags);
    return src;
}

enum { FEED_WHOLE = 0, FEED_BYTES = 1 }; /* or a seed > 1: random chunks */

/* One file read into a new table with options o (diagnostics to
 * on_diag), fed whole, a byte at a time or in random chunks. */
static assess_responses *read_how(const char *data, size_t len,
                                  const assess_read_options *o, uint64_t how,
                                  assess_status *st, assess_error *err)
{
    assess_read_options opts;
    assess_responses *r;
    uint64_t state = how * 0x9e3779b97f4a7c15ULL + 7;
    size_t pos = 0;

    if (o)
        opts = *o;
    else
        assess_read_options_init(&opts);
    opts.diag = on_diag;
    assess_error_init(err);
    r = assess_responses_new(inst, &opts, err);
    cr_assert_not_null(r, "%s", err->message);
    *st = assess_responses_begin(r, "x.csv", err);
    cr_assert_eq(*st, ASSESS_OK);
    while (pos < len && *st == ASSESS_OK) {
        size_t n = how == FEED_WHOLE ? len
                   : how == FEED_BYTES ? 1 : (size_t)(rng_next(&state) % 97);
        if (n > len - pos)
            n = len - pos;
        *st = assess_responses_feed(r, data + pos, n, err);
        pos += n;
    }
    if (*st == ASSESS_OK)
        *st = assess_responses_end(r, err);
    else
        assess_responses_end(r, err);
    return r;
}

static const char *account_text(const assess_account *a)
{
    static char buf[256];
    size_t o = (size_t)snprintf(buf, sizeof buf, "%llu read: %llu used",
                                (unsigned long long)a->rows_read,
                                (unsigned long long)a->rows_used);
    cr_assert_eq(a->rows_read, a->rows_used + a->rows_rejected);
    for (int k = 1; k < ASSESS_REJECT__COUNT; k++)
        if (a->rejected[k])
            o += (size_t)snprintf(buf + o, sizeof buf - o, ", %s %llu",
                                  assess_reject_name((assess_reject)k),
                                  (unsigned long long)a->rejected[k]);
    return buf;
}

/*
 * Reads `csv` whole, a byte at a time and in 20 random chunkings: each
 * read must succeed with the same table, account and messages.  Returns
 * the dump ("subject,rater,group,wave,item,value" lines) and leaves the
 * account's text in `account` and the messages in `diags`.
 */
static char *read_all_ways(const char *csv, size_t len,
                           const assess_read_options *o, char *account,
                           size_t account_size)
{
    char *first = NULL, first_diags[sizeof diags];
    char first_account[256];

    for (uint64_t how = 0; how < 22; how++) {
        assess_status st;
        assess_error err;
        assess_responses *r;
        char *d;
        diags[0] = '\0';
        r = read_how(csv, len, o, how, &st, &err);
        cr_assert_eq(st, ASSESS_OK, "read %llu: %s:%lu: %s\n%s",
                     (unsigned long long)how, err.file, err.line, err.message,
                     diags);
        d = assess_responses_dump(r);
        cr_assert_not_null(d);
        if (!first) {
            first = d;
            snprintf(first_diags, sizeof first_diags, "%s", diags);
            snprintf(first_account, sizeof first_account, "%s",
                     account_text(assess_responses_account(r)));
        } else {
            cr_assert_str_eq(d, first, "read %llu: another table",
                             (unsigned long long)how);
            cr_assert_str_eq(diags, first_diags, "read %llu: other messages",
                             (unsigned long long)how);
            cr_assert_str_eq(account_text(assess_responses_account(r)),
                             first_account);
            free(d);
        }
        assess_responses_free(r);
    }
    snprintf(account, account_size, "%s", first_account);
    snprintf(diags, sizeof diags, "%s", first_diags);
    return first;
}

/* The dump's lines for one set: "S,R,G,W,I1,v1" and so on. */
static void expect_set(const char *dump, const char *set, const char *v1,
                       const char *v2, const char *v3)
{
    char line[256];
    const char *v[3] = { v1, v2, v3 };
    for (int i = 0; i < 3; i++) {
        snprintf(line, sizeof line, "%s,I%d,%s\n", set, i + 1, v[i]);
        cr_assert(strstr(dump, line), "no line '%s' in:\n%s", line, dump);
    }
}

static int said(const char *text)
{
    return strstr(diags, text) != NULL;
}

/* ==== Tools told from the header ============================================ */

/* Qualtrics, numeric: names, question text and ImportId rows; metadata
 * read silently; ResponseId the rater; Finished and Status mark the rows
 * not to use; the items found by the wording after " - ". */
static const char QUALTRICS[] =
    "\xef\xbb\xbf" "StartDate,EndDate,Status,IPAddress,Progress,"
    "Duration (in seconds),Finished,RecordedDate,ResponseId,"
    "DistributionChannel,UserLanguage,Q1_1,Q1_2,Q1_3,Subject,Role\r\n"
    "Start Date,End Date,Response Type,IP Address,Progress,"
    "Duration (in seconds),Finished,Recorded Date,Response ID,"
    "Distribution Channel,User Language,"
    "\"Rate Kim, please - THIS person listens\",\"Rate Kim, please - This "
    "person's   plans are clear.\",\"Rate Kim, please - this person "
    "interrupts others\",Subject,Role\r\n"
    "\"{\"\"ImportId\"\":\"\"startDate\"\"}\",\"{\"\"ImportId\"\":"
    "\"\"endDate\"\"}\",\"{\"\"ImportId\"\":\"\"status\"\"}\",x,x,x,x,x,x,x,"
    "x,x,x,x,x,x\r\n"
    "2026-01-01,2026-01-01,1,,100,10,1,2026-01-01,R_prev,preview,EN,1,1,5,"
    "K,Peer\r\n"
    "2026-01-02,2026-01-02,0,1.2.3.4,100,10,1,2026-01-02,R_a,anonymous,EN,"
    "5,4,1,K,Self\r\n"
    "2026-01-02,2026-01-02,0,1.2.3.5,40,10,0,2026-01-02,R_b,anonymous,EN,"
    "1,,,K,Peer\r\n"
    "2026-01-03,2026-01-03,8,1.2.3.6,100,10,1,2026-01-03,R_spam,anonymous,"
    "EN,1,1,1,K,Peer\r\n"
    "2026-01-03,2026-01-03,0,1.2.3.7,100,10,1,2026-01-03,R_c,anonymous,EN,"
    "4,6,2,K,Direct Report\r\n";

static const char QUALTRICS_MAP[] =
    "<source instrument='mini'>\n"
    "  <column name='Subject' as='subject_id'/>\n"
    "  <column name='Role' as='rater_group'/>\n"
    "  <missing code='6'/>\n"
    "</source>\n";

Test(exports, qualtrics_numeric)
{
    assess_read_options o;
    assess_source *src = map_of(QUALTRICS_MAP);
    char account[256], *d;

    assess_read_options_init(&o);
    o.source = src;
    d = read_all_ways(LIT(QUALTRICS), &o, account, sizeof account);
    expect_set(d, "K,R_a,self,1", "5", "4", "1");
    expect_set(d, "K,R_c,direct_report,1", "4", "", "2");
    cr_assert(!strstr(d, "R_prev") && !strstr(d, "R_b") && !strstr(d, "R_spam"),
              "a row left out is in the table:\n%s", d);
    cr_assert_str_eq(account, "5 read: 2 used, unfinished 1, preview 2");
    cr_assert(said("1:note:none:read as a Qualtrics export"), "%s", diags);
    cr_assert(said("1:note:none:header: 3 items matched by their wording, by "
                   "column: 12 I1, 13 I2, 14 I3"), "%s", diags);
    cr_assert(said("4:note:preview:response 'R_prev' left out (preview): a "
                   "survey preview ('Status' is '1')"), "%s", diags);
    cr_assert(said("6:note:unfinished:response 'R_b' left out (unfinished): "
                   "not finished ('Finished' is '0')"), "%s", diags);
    cr_assert(said("7:note:preview:response 'R_spam' left out (preview): spam"),
              "%s", diags);
    cr_assert_eq(n_errors + n_warnings, 0, "%s", diags);
    free(d);
    assess_source_free(src);
}

/* The same export as choice text, and without the ImportId row (older
 * exports): its first response comes right after the question text. */
Test(exports, qualtrics_text_without_import_ids)
{
    static const char csv[] =
        "StartDate,Status,Finished,ResponseId,Q1,Q2,Q3,Subject,Role\n"
        "Start Date,Response Type,Finished,Response ID,"
        "\"Q - This person listens\",Q - This person's plans are clear,"
        "Q - This person interrupts others,Subject,Role\n"
        "d,IP Address,True,R_a,Strongly agree,Somewhat agree,Somewhat "
        "disagree,K,self\n"
        "d,Survey Preview,True,R_p,Agree,Agree,Agree,K,peer\n"
        "d,Survey Test,True,R_t,Agree,Agree,Agree,K,peer\n"
        "d,IP Address,False,R_u,Agree,,,K,peer\n"
        "d,Offline,True,R_o,Not observed,Disagree,Neutral,K,manager\n";
    static const char map[] =
        "<source instrument='mini'>"
        "<column name='Subject' as='subject_id'/>"
        "<column name='Role' as='rater_group'/>"
        "<value text='Somewhat agree' code='4'/>"
        "<value text='somewhat DISAGREE' code='2'/>"
        "</source>";
    assess_read_options o;
    assess_source *src = map_of(map);
    char account[256], *d;

    assess_read_options_init(&o);
    o.source = src;
    d = read_all_ways(LIT(csv), &o, account, sizeof account);
    expect_set(d, "K,R_a,self,1", "5", "4", "2");
    expect_set(d, "K,R_o,manager,1", "missing:0", "2", "3");
    cr_assert_str_eq(account, "5 read: 2 used, unfinished 1, preview 2");
    cr_assert(said("4:note:preview:response 'R_p' left out (preview): a "
                   "survey preview ('Status' is 'Survey Preview')"), "%s", diags);
    cr_assert(said("5:note:preview:response 'R_t' left out (preview): a "
                   "survey test"), "%s", diags);
    cr_assert(said("6:note:unfinished:"), "%s", diags);
    free(d);
    assess_source_free(src);
}

/* A Status Qualtrics does not give a response is not taken for one. */
Test(exports, qualtrics_unknown_status_left_out)
{
    static const char csv[] =
        "StartDate,Status,ResponseId,I1,I2,I3,subject_id,rater_group\n"
        "t,t,t,t,t,t,t,t\n"
        "d,0,R_a,1,2,3,K,self\n"
        "d,Something else,R_b,1,2,3,K,manager\n";
    char account[256], *d = read_all_ways(LIT(csv), NULL, account,
                                          sizeof account);
    cr_assert(!strstr(d, "R_b"));
    cr_assert_str_eq(account, "2 read: 1 used, preview 1");
    cr_assert(said("of a status that is not a response's"), "%s", diags);
    /* a Status column is a mark: nothing said of the marks */
    cr_assert(!said("no 'Finished'"), "%s", diags);
    free(d);
}

Test(exports, qualtrics_without_marks_warned)
{
    static const char csv[] =
        "StartDate,EndDate,ResponseId,I1,I2,I3,subject_id,rater_group\n"
        "t,t,t,t,t,t,t,t\n"
        "{\"ImportId\":\"x\"},x,x,x,x,x,x,x\n"
        "d,d,R_a,1,2,3,K,self\n";
    char account[256], *d = read_all_ways(LIT(csv), NULL, account,
                                          sizeof account);
    cr_assert_str_eq(account, "1 read: 1 used");
    cr_assert(said("1:warning:none:header: no 'Finished' and 'Status' columns: "
                   "rows Qualtrics marks unfinished or a preview cannot be "
                   "told"), "%s", diags);
    free(d);
}

/* The rows --skip-rows skips after the header count the tool's own. */
Test(exports, skip_rows_count_the_tools_header_rows)
{
    static const char csv[] =
        "StartDate,ResponseId,I1,I2,I3,subject_id,rater_group\n"
        "t,t,t,t,t,t,t\n"
        "{\"ImportId\":\"x\"},x,x,x,x,x,x\n"
        "d,R_a,1,2,3,K,self\n"
        "d,R_b,1,2,3,K,manager\n";
    assess_read_options o;
    char account[256], *d;

    assess_read_options_init(&o);
    o.skip_rows = 2; /* as the Qualtrics recipe said before tools were told */
    d = read_all_ways(LIT(csv), &o, account, sizeof account);
    cr_assert_str_eq(account, "2 read: 2 used");
    free(d);
    o.skip_rows = 3; /* one more: the first response */
    d = read_all_ways(LIT(csv), &o, account, sizeof account);
    cr_assert_str_eq(account, "1 read: 1 used");
    cr_assert(!strstr(d, "R_a"));
    free(d);
}

/* SurveyMonkey: two header rows name a column together; its matrix's
 * text spans the statements' columns, whose row 1 is empty. */
Test(exports, surveymonkey_two_header_rows)
{
    static const char csv[] =
        "Respondent ID,Collector ID,Start Date,End Date,IP Address,Email "
        "Address,First Name,Last Name,Custom Data 1,Whom do you rate?,"
        "\"Your relationship, please\",How much do you agree?,,,Comments\r\n"
        ",,,,,,,,,Response,Response,This person listens,This person's plans "
        "are clear,This person interrupts others.,Open-Ended Response\r\n"
        "1001,9,d,d,ip,,,,,K,Myself,Strongly agree,Agree,N/A,fine\r\n"
        "1002,9,d,d,ip,,,,,K,My boss,Disagree,Neutral,Strongly disagree,\r\n";
    static const char map[] =
        "<source instrument='mini' tool='surveymonkey'>"
        "<column name='Whom do you rate?' as='subject_id'/>"
        "<column name='Your relationship, please' as='rater_group'/>"
        "<missing text='N/A'/>"
        "<group text='myself' as='self'/>"
        "<group text='My boss' as='manager'/>"
        "</source>";
    assess_read_options o;
    assess_source *src = map_of(map);
    char account[256], *d;

    assess_read_options_init(&o);
    o.source = src;
    d = read_all_ways(LIT(csv), &o, account, sizeof account);
    expect_set(d, "K,1001,self,1", "5", "4", "");
    expect_set(d, "K,1002,manager,1", "2", "3", "1");
    cr_assert_str_eq(account, "2 read: 2 used");
    cr_assert(said("by column: 12 I1, 13 I2, 14 I3"), "%s", diags);
    cr_assert(said("warning:none:header: 1 column not read: 'Comments'"),
              "%s", diags);
    free(d);
    assess_source_free(src);
}

/* LimeSurvey: an empty submitdate is a response not submitted; answer
 * codes and group codes recoded; a filter on its language. */
Test(exports, limesurvey_submitdate_codes_and_filters)
{
    static const char csv[] =
        "id,submitdate,lastpage,startlanguage,seed,ratee,relation,Q[SQ001],"
        "Q[SQ002],Q[SQ003]\n"
        "1,2026-01-01 10:00:00,3,en,77,K,SELF,A5,A4,A1\n"
        "2,,1,en,78,K,MGR,A2,,\n"
        "3,2026-01-01 11:00:00,3,de,79,K,PEER,A1,A1,A1\n"
        "4,2026-01-01 12:00:00,3,en,80,K,MGR,A2,A3,\n"
        "5,2026-01-01 12:00:00,3,fr,81,K,DR,A2,A3,A4\n"
        "6,2026-01-01 13:00:00,3,en,82,K,DR,A9,A3,A4\n";
    static const char map[] =
        "<source instrument='mini'>"
        "<column name='ratee' as='subject_id'/>"
        "<column name='relation' as='rater_group'/>"
        "<column name='Q[SQ001]' as='I1'/><column name='Q[SQ002]' as='I2'/>"
        "<column position='10' as='I3'/>"
        "<value text='A1' code='1'/><value text='A2' code='2'/>"
        "<value text='A3' code='3'/><value text='A4' code='4'/>"
        "<value text='A5' code='5'/><value text='A9' code='9'/>"
        "<group text='MGR' as='manager'/><group text='DR' as='direct_report'/>"
        "<keep column='startlanguage' equals='en'/>"
        "<keep column='startlanguage' equals='fr'/>"
        "</source>";
    assess_read_options o;
    assess_source *src = map_of(map);
    char account[256], *d;

    assess_read_options_init(&o);
    o.source = src;
    d = read_all_ways(LIT(csv), &o, account, sizeof account);
    expect_set(d, "K,1,self,1", "5", "4", "1");
    expect_set(d, "K,4,manager,1", "2", "3", "");
    expect_set(d, "K,5,direct_report,1", "2", "3", "4");
    cr_assert_str_eq(account, "6 read: 3 used, out_of_range 1, unfinished 1, "
                              "filtered 1");
    cr_assert(said("3:note:unfinished:response '2' left out (unfinished): not "
                   "submitted ('submitdate' is '')"), "%s", diags);
    cr_assert(said("4:note:filtered:response '3' left out (filtered): not one "
                   "the source map keeps ('startlanguage' is 'de')"), "%s",
              diags);
    cr_assert(said("7:error:out_of_range:item 'I1': 'A9' is recoded to 9 "
                   "(map.xml:1), which is not a value of response scale 'a5' "
                   "(1..5, whole numbers)"), "%s", diags);
    free(d);
    assess_source_free(src);
}

/* Google Forms: "question [statement]" headers, no response id (rows
 * named by file and line), a subject column with commas in its name. */
Test(exports, google_forms_rows_named_by_line)
{
    static const char csv[] =
        "Timestamp,\"Who, exactly?\",Relationship,Rate [This person listens],"
        "Rate [This person's plans are clear],"
        "Rate [This person interrupts others]\n"
        "1/1/2026 9:00:00,K,Self,Agree,Neutral,Disagree\n"
        "1/1/2026 9:05:00,K,Direct reports,Strongly agree,Agree,Agree\n";
    static const char map[] =
        "<source instrument='mini'>"
        "<column name='Who, exactly?' as='subject_id'/>"
        "<column name='Relationship' as='rater_group'/>"
        "</source>";
    assess_read_options o;
    assess_source *src = map_of(map);
    char account[256], *d;

    assess_read_options_init(&o);
    o.source = src;
    d = read_all_ways(LIT(csv), &o, account, sizeof account);
    expect_set(d, "K,x.csv:2,self,1", "4", "3", "2");
    expect_set(d, "K,x.csv:3,direct_report,1", "5", "4", "4");
    cr_assert(said("read as a Google Forms export"), "%s", diags);
    free(d);
    assess_source_free(src);
}

/* ==== Wording ================================================================= */

/* Case, spacing, typographic quotes and final punctuation aside; a
 * wording two columns have is read from the first only, and said. */
Test(exports, wording_twice_said)
{
    static const char csv[] =
        "subject_id,rater_id,rater_group,THIS PERSON LISTENS?,"
        "\"This person listens\",I2,x [this person interrupts others ! ]\n"
        "K,R1,self,1,2,3,4\n";
    char account[256], *d = read_all_ways(LIT(csv), NULL, account,
                                          sizeof account);
    expect_set(d, "K,R1,self,1", "1", "3", "4");
    cr_assert(said("warning:none:header: column 5 ('This person listens') has "
                   "the wording of item 'I1', which another column is: not "
                   "read"), "%s", diags);
    cr_assert(said("note:none:header: 2 items matched by their wording, by "
                   "column: 4 I1, 7 I3"), "%s", diags);
    free(d);
}

/* ==== The source map's columns and constants ================================ */

/* Headers that repeat, or are empty, are named by position; without a
 * map, a header twice is refused. */
Test(exports, columns_by_position)
{
    static const char csv[] =
        "who,,rater_group,,I2,I3,who\n"
        "R1,x,self,1,2,3,y\n"
        "R2,x,manager,2,3,4,y\n";
    static const char map[] =
        "<source instrument='mini'>"
        "<column position='1' as='rater_id'/>"
        "<column position='4' as='I1'/>"
        "<set name='subject_id' value='K'/>"
        "</source>";
    assess_read_options o;
    assess_source *src = map_of(map);
    assess_responses *r;
    assess_status st;
    assess_error err;
    char account[256], *d;

    assess_read_options_init(&o);
    o.source = src;
    d = read_all_ways(LIT(csv), &o, account, sizeof account);
    expect_set(d, "K,R1,self,1", "1", "2", "3");
    expect_set(d, "K,R2,manager,1", "2", "3", "4");
    cr_assert(said("warning:none:header: 2 columns not read: '', 'who'"),
              "%s", diags);
    free(d);
    r = read_how(LIT(csv), NULL, FEED_WHOLE, &st, &err);
    cr_assert_eq(st, ASSESS_EFORMAT);
    cr_assert_str_eq(err.message, "header: column '' appears twice (columns 2 "
                                  "and 4); a source map can name each by its "
                                  "position");
    assess_responses_free(r);
    assess_source_free(src);
}

Test(exports, set_subject_constant)
{
    static const char csv[] =
        "who,rater_group,I1,I2,I3\n"
        "R1,self,1,2,3\n"
        "R2,manager,2,3,4\n";
    static const char map[] =
        "<source instrument='mini'>"
        "<column position='1' as='rater_id'/>"
        "<set name='subject_id' value='Only One'/>"
        "<set name='wave' value='2026'/>"
        "</source>";
    assess_read_options o;
    assess_source *src = map_of(map);
    char account[256], *d;

    assess_read_options_init(&o);
    o.source = src;
    d = read_all_ways(LIT(csv), &o, account, sizeof account);
    expect_set(d, "Only One,R1,self,2026", "1", "2", "3");
    expect_set(d, "Only One,R2,manager,2026", "2", "3", "4");
    free(d);
    assess_source_free(src);
}

Test(exports, set_and_column_conflict)
{
    static const char csv[] = "subject_id,rater_id,rater_group,I1\nK,R,self,1\n";
    static const char map[] =
        "<source instrument='mini'><set name='subject_id' value='X'/></source>";
    assess_read_options o;
    assess_source *src = map_of(map);
    assess_responses *r;
    assess_status st;
    assess_error err;

    assess_read_options_init(&o);
    o.source = src;
    r = read_how(LIT(csv), &o, FEED_WHOLE, &st, &err);
    cr_assert_eq(st, ASSESS_EFORMAT);
    cr_assert_str_eq(err.message, "header: subject_id is column 1, and the "
                                  "source map sets it too (map.xml:1); keep one "
                                  "of them");
    assess_responses_free(r);
    assess_source_free(src);
}

/* --map and the source map add up; one name from two places is refused. */
Test(exports, map_and_source_map)
{
    static const char csv[] = "S,R,G,I1\nK,R1,self,2\n";
    static const char map[] =
        "<source instrument='mini'><column name='G' as='rater_group'/>"
        "</source>";
    assess_read_options o;
    assess_source *src = map_of(map);
    assess_responses *r;
    assess_error err;
    char account[256], *d;

    assess_read_options_init(&o);
    o.source = src;
    o.map = "subject_id=S,rater_id=R";
    d = read_all_ways(LIT(csv), &o, account, sizeof account);
    cr_assert(strstr(d, "K,R1,self,1,I1,2\n"), "%s", d);
    free(d);
    o.map = "rater_group=R";
    assess_error_init(&err);
    r = assess_responses_new(inst, &o, &err);
    cr_assert_null(r);
    cr_assert_str_eq(err.message, "<column as=\"rater_group\">: --map reads "
                                  "'rater_group' from another column");
    assess_source_free(src);
}

/* ==== Values ==================================================================== */

/* A source map's recoding comes before the instrument's own reading:
 * one-digit codes (the fast path), numbers, texts; missing by code and
 * by text; what is recoded out of the scale is rejected, saying where. */
Test(exports, recoding)
{
    static const char csv[] =
        "subject_id,rater_id,rater_group,I1,I2,I3\n"
        "K,R1,self,6,6.0,0\n"
        "K,R2,manager,n/a,Pas du tout,Beaucoup\n"
        "K,R3,peer,7,3,3\n";
    static const char map[] =
        "<source instrument='mini'>"
        "<missing code='6'/>"
        "<missing text='N/A'/>"
        "<value text='Pas du tout' code='1'/>"
        "<value text='beaucoup' code='5'/>"
        "<value text='7' code='8'/>"
        "</source>";
    assess_read_options o;
    assess_source *src = map_of(map);
    char account[256], *d;

    assess_read_options_init(&o);
    o.source = src;
    d = read_all_ways(LIT(csv), &o, account, sizeof account);
    /* 6 and 6.0 missing, 0 the instrument's missing code */
    expect_set(d, "K,R1,self,1", "", "", "missing:0");
    expect_set(d, "K,R2,manager,1", "", "1", "5");
    cr_assert(!strstr(d, "R3"));
    cr_assert_str_eq(account, "3 read: 2 used, out_of_range 1");
    cr_assert(said("4:error:out_of_range:item 'I1': '7' is recoded to 8 "
                   "(map.xml:1)"), "%s", diags);
    free(d);
    assess_source_free(src);
}

/* What fails says what would fix it. */
Test(exports, failing_values_say_the_fix)
{
    static const char csv[] =
        "subject_id,rater_id,rater_group,I1,I2,I3\n"
        "K,R1,self,Somewhat agree,6,1\n";
    assess_responses *r;
    assess_status st;
    assess_error err;

    diags[0] = '\0';
    r = read_how(LIT(csv), NULL, FEED_WHOLE, &st, &err);
    cr_assert_eq(st, ASSESS_OK);
    cr_assert(said("2:error:not_a_number:item 'I1': 'Somewhat agree' is "
                   "neither a number nor a label of response scale 'a5' (1 "
                   "Strongly disagree, 2 Disagree, 3 Neutral, 4 Agree, 5 "
                   "Strongly agree; missing 0 Not observed); recode it with "
                   "<value text=\"Somewhat agree\" code=\"N\"/> in a source "
                   "map, or read it as missing with <missing text=\"Somewhat "
                   "agree\"/>"), "%s", diags);
    cr_assert(said("2:error:out_of_range:item 'I2': value 6 is outside 1..5 "
                   "(if 6 stands for no answer, read it as missing with "
                   "<missing code=\"6\"/> in a source map)"), "%s", diags);
    assess_responses_free(r);
}

/* ==== Groups ===================================================================== */

/* A group as people type it: id or label, case, spaces, '_', '-' and a
 * plural s aside; anything else needs an alias, and says so. */
Test(exports, groups_as_typed)
{
    static const char csv[] =
        "subject_id,rater_id,rater_group,I1\n"
        "K,R1,Direct Report,1\n"
        "K,R2,direct reports,2\n"
        "K,R3,DIRECT-REPORT,3\n"
        "K,R4,Peers,4\n"
        "K,R5, peer ,5\n"
        "K,R6,Managers,1\n"
        "K,R7,Boss,2\n";
    assess_responses *r;
    assess_status st;
    assess_error err;
    char *d;

    diags[0] = '\0';
    r = read_how(LIT(csv), NULL, FEED_WHOLE, &st, &err);
    cr_assert_eq(st, ASSESS_OK);
    d = assess_responses_dump(r);
    for (int k = 1; k <= 3; k++) {
        char want[64];
        snprintf(want, sizeof want, "K,R%d,direct_report,1,I1,%d\n", k, k);
        cr_assert(strstr(d, want), "%s", d);
    }
    cr_assert(strstr(d, "K,R4,peer,1,I1,4\n") && strstr(d, "K,R5,peer,1") &&
              strstr(d, "K,R6,manager,1"), "%s", d);
    cr_assert(said("8:error:unknown_group:rater group 'Boss' is not one of "
                   "instrument 'mini' (self, manager, peer, direct_report); "
                   "name it with <group text=\"Boss\" as=\"GROUP\"/> in a "
                   "source map"), "%s", diags);
    free(d);
    assess_responses_free(r);
}

/* ==== One self a subject and wave ================================================= */

Test(exports, second_self_rejected)
{
    static const char wide[] =
        "subject_id,rater_id,rater_group,I1,I2,I3\n"
        "K,R1,self,1,2,3\n"
        "K,R2,Self,3,3,3\n"
        "L,R2,self,3,3,3\n";
    static const char longer[] =
        "subject_id,rater_id,rater_group,wave,item_id,value\n"
        "K,R1,self,1,I1,1\n"
        "K,R1,self,1,I2,2\n"
        "K,R2,self,1,I1,3\n"
        "K,R2,self,1,I2,3\n"
        "K,R2,self,2,I2,3\n";
    char account[256], *d;

    d = read_all_ways(LIT(wide), NULL, account, sizeof account);
    cr_assert_str_eq(account, "3 read: 2 used, second_self 1");
    cr_assert(said("3:error:second_self:a second self rating of subject 'K' in "
                   "wave '1': response 'R2' here, and response 'R1' "
                   "(x.csv:2) before it"), "%s", diags);
    cr_assert(strstr(d, "L,R2,self,1"));
    free(d);
    d = read_all_ways(LIT(longer), NULL, account, sizeof account);
    cr_assert_str_eq(account, "5 read: 3 used, second_self 2");
    cr_assert(strstr(d, "K,R2,self,2,I2,3"), "%s", d);
    free(d);
}

/* Waves in two files: without a wave the second self is rejected; with
 * assess_responses_set_wave() (--wave) each file has its own; a file
 * with a wave column keeps its own, and that is said. */
Test(exports, waves_per_file)
{
    static const char pre[] = "subject_id,rater_id,rater_group,I1\nK,A,self,1\n";
    static const char post[] = "subject_id,rater_id,rater_group,I1\nK,B,self,2\n";
    static const char own[] =
        "subject_id,rater_id,rater_group,wave,I1\nK,C,self,3,3\n";
    assess_read_options o;
    assess_error err;
    assess_responses *r;
    char *d;

    assess_read_options_init(&o);
    o.diag = on_diag;
    assess_error_init(&err);
    r = assess_responses_new(inst, &o, &err);
    cr_assert_not_null(r);
    diags[0] = '\0';
    cr_assert_eq(assess_responses_set_wave(r, "pre", &err), ASSESS_OK);
    cr_assert_eq(assess_responses_begin(r, "pre.csv", &err), ASSESS_OK);
    cr_assert_eq(assess_responses_set_wave(r, "no", &err), ASSESS_EUSAGE,
                 "the wave is set between files");
    cr_assert_eq(assess_responses_feed(r, LIT(pre), &err), ASSESS_OK);
    cr_assert_eq(assess_responses_end(r, &err), ASSESS_OK);
    cr_assert_eq(assess_responses_set_wave(r, "post", &err), ASSESS_OK);
    cr_assert_eq(assess_responses_begin(r, "post.csv", &err), ASSESS_OK);
    cr_assert_eq(assess_responses_feed(r, LIT(post), &err), ASSESS_OK);
    cr_assert_eq(assess_responses_end(r, &err), ASSESS_OK);
    cr_assert_eq(assess_responses_begin(r, "own.csv", &err), ASSESS_OK);
    cr_assert_eq(assess_responses_feed(r, LIT(own), &err), ASSESS_OK);
    cr_assert_eq(assess_responses_end(r, &err), ASSESS_OK);
    d = assess_responses_dump(r);
    cr_assert(strstr(d, "K,A,self,pre,I1,1\n") && strstr(d, "K,B,self,post,I1,2\n")
              && strstr(d, "K,C,self,3,I1,3\n"), "%s", d);
    cr_assert_eq(assess_responses_account(r)->rows_rejected, 0, "%s", diags);
    cr_assert(said("1:warning:none:--wave 'post' not used: the file has a wave "
                   "column (4), which it keeps"), "%s", diags);
    free(d);
    assess_responses_free(r);
}

/* ==== Formats and encodings ======================================================== */

/* Excel in a European locale: semicolons, decimal commas, windows-1252. */
static const char EUROPE[] =
    "subject_id;rater_id;rater_group;I1;I2;I3\r\n"
    "Zo\xe9;R1;self;4,0;\"3,0\";2\r\n"
    "Zo\xe9;R2;manager;1;2;3\r\n";

Test(exports, semicolons_decimal_commas_windows_1252)
{
    assess_read_options o;
    assess_responses *r;
    assess_status st;
    assess_error err;
    char account[256], *d;

    /* Without its encoding, its text is not UTF-8, and that is said. */
    diags[0] = '\0';
    r = read_how(LIT(EUROPE), NULL, FEED_WHOLE, &st, &err);
    cr_assert_eq(st, ASSESS_OK);
    cr_assert(said("1:note:none:fields separated by semicolons (told from the "
                   "first line; --delimiter says otherwise), decimal commas "
                   "read"), "%s", diags);
    cr_assert(said("2:error:bad_text:subject_id 'Zo\\xe9' is not valid UTF-8 "
                   "text (or holds a NUL byte; an export in another encoding "
                   "is read with --encoding)"), "%s", diags);
    assess_responses_free(r);
    assess_read_options_init(&o);
    o.encoding = "windows-1252";
    d = read_all_ways(LIT(EUROPE), &o, account, sizeof account);
    expect_set(d, "Zo\xc3\xa9,R1,self,1", "4", "3", "2");
    cr_assert_str_eq(account, "2 read: 2 used");
    free(d);
}

/* Excel's "Unicode text": UTF-16 with its byte order mark, tabs; cut
 * anywhere, inside a character too. */
Test(exports, utf16_with_tabs)
{
    static const char text[] =
        "subject_id\trater_id\trater_group\tI1\tI2\tI3\r\n"
        "Zo\xc3\xa9\tR1\tself\t1\t2\t3\r\n"
        "\xe2\x82\xac\tR2\tmanager\t4\t5\t0\r\n";
    char le[512], be[512], account[256], *d1, *d2;
    size_t n = 2;

    le[0] = (char)0xff, le[1] = (char)0xfe;
    be[0] = (char)0xfe, be[1] = (char)0xff;
    for (size_t i = 0; i < sizeof text - 1;) {
        unsigned char c = (unsigned char)text[i];
        unsigned cp = c < 0x80 ? c : c < 0xe0 ? (c & 0x1fu) << 6 |
                                                     (text[i + 1] & 0x3f)
                                              : (c & 0xfu) << 12 |
                                                    (text[i + 1] & 0x3fu) << 6 |
                                                    (text[i + 2] & 0x3f);
        i += c < 0x80 ? 1 : c < 0xe0 ? 2 : 3;
        le[n] = (char)(cp & 0xff), le[n + 1] = (char)(cp >> 8);
        be[n] = (char)(cp >> 8), be[n + 1] = (char)(cp & 0xff);
        n += 2;
    }
    d1 = read_all_ways(le, n, NULL, account, sizeof account);
    cr_assert(said("1:note:none:read as UTF-16LE text (told from its byte "
                   "order mark)"), "%s", diags);
    cr_assert(said("fields separated by tabs"), "%s", diags);
    cr_assert_str_eq(account, "2 read: 2 used");
    expect_set(d1, "Zo\xc3\xa9,R1,self,1", "1", "2", "3");
    expect_set(d1, "\xe2\x82\xac,R2,manager,1", "4", "5", "missing:0");
    d2 = read_all_ways(be, n, NULL, account, sizeof account);
    cr_assert_str_eq(d1, d2);
    free(d1);
    free(d2);
}

Test(exports, bad_bytes_of_an_encoding)
{
    static const char csv[] =
        "subject_id,rater_id,rater_group,I1\n"
        "K,R1,self,1\n"
        "K,R\x81,manager,2\n";
    assess_read_options o;
    assess_responses *r;
    assess_status st;
    assess_error err;

    assess_read_options_init(&o);
    o.encoding = "windows-1252"; /* 0x81 is none of its characters */
    r = read_how(LIT(csv), &o, FEED_BYTES, &st, &err);
    cr_assert_eq(st, ASSESS_EFORMAT);
    cr_assert_eq(err.line, 3);
    cr_assert_str_eq(err.message, "byte 0x81 is not windows-1252 text: give "
                                  "the file's encoding (--encoding NAME, or "
                                  "<format encoding=\"NAME\"/> in a source "
                                  "map)");
    assess_responses_free(r);
    o.encoding = "klingon-8";
    assess_error_init(&err);
    cr_assert_null(assess_responses_new(inst, &o, &err));
    cr_assert_eq(err.status, ASSESS_EUSAGE);
    cr_assert(strstr(err.message, "encoding 'klingon-8' is not one iconv "
                                  "knows"), "%s", err.message);
}

/* The delimiter is the one the first line holds most of outside quotes;
 * a file of one column says what may be wrong. */
Test(exports, delimiter_told_from_the_first_line)
{
    static const char quoted[] =
        "\"subject_id;x\",rater_id,rater_group,I1\n\"K;L\",R1,self,2\n";
    static const char one[] = "subject_id|rater_id|rater_group|I1\nK|R1|self|2\n";
    assess_read_options o;
    assess_responses *r;
    assess_status st;
    assess_error err;
    char account[256], *d;

    assess_read_options_init(&o);
    o.map = "subject_id=subject_id;x";
    d = read_all_ways(LIT(quoted), &o, account, sizeof account);
    cr_assert(strstr(d, "K;L,R1,self,1,I1,2\n"), "%s", d);
    free(d);
    r = read_how(LIT(one), NULL, FEED_WHOLE, &st, &err);
    cr_assert_eq(st, ASSESS_EFORMAT);
    cr_assert(strstr(err.message, "one column only: are its fields separated "
                                  "by something else? (--delimiter)"), "%s",
              err.message);
    assess_responses_free(r);
    assess_read_options_init(&o);
    o.delimiter = '|';
    d = read_all_ways(LIT(one), &o, account, sizeof account);
    cr_assert(strstr(d, "K,R1,self,1,I1,2\n"), "%s", d);
    free(d);
}

/* A source map's <format> gives what the first line would have told. */
Test(exports, format_of_the_source_map)
{
    static const char map[] =
        "<source instrument='mini'>"
        "<format delimiter=';' decimal='.' encoding='latin1'/>"
        "</source>";
    static const char csv[] =
        "subject_id;rater_id;rater_group;I1\nK\xe9;R1;self;2,0\n";
    assess_read_options o;
    assess_source *src = map_of(map);
    char account[256], *d;

    assess_read_options_init(&o);
    o.source = src;
    d = read_all_ways(LIT(csv), &o, account, sizeof account);
    /* decimal '.': "2,0" is no number */
    cr_assert_str_eq(account, "1 read: 0 used, not_a_number 1");
    free(d);
    assess_source_free(src);
}

/* ==== Left out is no problem ======================================================== */

Test(exports, left_out_rows_are_not_strict_failures)
{
    static const char csv[] =
        "id,submitdate,subject_id,rater_group,I1\n"
        "1,d,K,self,1\n"
        "2,,K,manager,2\n";
    assess_read_options o;
    assess_responses *r;
    assess_status st;
    assess_error err;

    assess_read_options_init(&o);
    o.strict = 1;
    r = read_how(LIT(csv), &o, FEED_WHOLE, &st, &err);
    cr_assert_eq(st, ASSESS_OK, "%s", err.message);
    cr_assert_str_eq(account_text(assess_responses_account(r)),
                     "2 read: 1 used, unfinished 1");
    cr_assert(assess_reject_left_out(ASSESS_REJECT_UNFINISHED) &&
              assess_reject_left_out(ASSESS_REJECT_PREVIEW) &&
              assess_reject_left_out(ASSESS_REJECT_FILTERED) &&
              !assess_reject_left_out(ASSESS_REJECT_SECOND_SELF) &&
              !assess_reject_left_out(ASSESS_REJECT_OUT_OF_RANGE));
    assess_responses_free(r);
}

/* ==== Through the real binary ======================================================= */

typedef struct run {
    int status;
    char *out, *err;
} run;

static char *slurp(FILE *f)
{
    char *p = NULL;
    size_t size = 0, n;
    FILE *m = open_memstream(&p, &size);
    char buf[8192];
    cr_assert_not_null(m);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        fwrite(buf, 1, n, m);
    fclose(m);
    return p;
}

/* `assess ARGS`, run from the project's root. */
static run assess(const char *args)
{
    char cmd[4096], errfile[] = "/tmp/test_exports_XXXXXX";
    int fd = mkstemp(errfile);
    FILE *p, *e;
    run r;

    cr_assert_geq(fd, 0);
    close(fd);
    cr_assert_eq(access(ASSESS_BIN, X_OK), 0, "%s is not built: make it first",
                 ASSESS_BIN);
    snprintf(cmd, sizeof cmd, "cd '%s/..' && '%s' %s 2>'%s'", FIXTURES,
             ASSESS_BIN, args, errfile);
    p = popen(cmd, "r");
    cr_assert_not_null(p);
    r.out = slurp(p);
    r.status = pclose(p);
    r.status = WIFEXITED(r.status) ? WEXITSTATUS(r.status) : -1;
    e = fopen(errfile, "r");
    cr_assert_not_null(e);
    r.err = slurp(e);
    fclose(e);
    unlink(errfile);
    return r;
}

static void run_free(run *r)
{
    free(r->out);
    free(r->err);
}

/* The n and the mean of a row of the scale table. */
static void scale_row(const char *table, const char *subject,
                      const char *wave, const char *scale, const char *group,
                      double *n, double *mean)
{
    char key[256];
    const char *p;
    int len = snprintf(key, sizeof key, "\n%s,%s,%s,%s,", subject, wave,
                       scale, group);
    p = strstr(table, key);
    cr_assert_not_null(p, "no row %s", key + 1);
    p += len;
    *n = strtod(p, (char **)&p);
    cr_assert_eq(*p, ',');
    *mean = strtod(p + 1, NULL);
}

/*
 * The scores of the fixtures' exports, worked out by hand.  One
 * executive, nine raters; each rater answers every scale's six items in
 * one pattern, so each rater's score is the same on every scale (and on
 * the composite leadership_index, the mean of the eight).  Items 3 and 6
 * of each scale are reverse-keyed (6 - v):
 *
 *   self     5 5 1 5 5 1  ->  5 5 5 5 5 5  ->  5
 *   manager  4 4 2 4 4 2  ->  4
 *   peer 1   4 3 2 4 3 2  ->  4 3 4 4 3 4  ->  22/6 = 11/3
 *   peer 2   3 3 3 3 3 3  ->  3
 *   peer 3   5 4 1 4 - 2  ->  5 4 5 4 4    ->  22/5 (item 5 "not observed":
 *                                              5 answered, min-answered 4)
 *   peer 4   4 4 2 4 4 2  ->  4
 *   DR 1     2 2 4 2 2 4  ->  2
 *   DR 2     3 4 2 4 3 2  ->  3 4 4 4 3 4  ->  11/3
 *   DR 3     4 4 2 4 4 2  ->  4
 *
 *   peer    (11/3 + 3 + 22/5 + 4) / 4          = 113/30   n 4
 *   DR      (2 + 11/3 + 4) / 3                 = 29/9     n 3
 *   others  (4 + 4 x 113/30 + 3 x 29/9) / 8    = 431/120  n 8
 *   all     (5 + 431/15) / 9                   = 506/135  n 9
 *
 * The previews and unfinished responses (and LimeSurvey's German one)
 * answer 1 1 5 1 1 5 as peers: were any of them read, peer's n and mean
 * would move.
 */
static void expect_scores(const char *table, const char *subject)
{
    static const char *const scales[] = {
        "communication", "delegation", "decision_making",
        "conflict_management", "coaching_others", "accountability",
        "strategic_thinking", "developing_trust", "leadership_index",
    };
    static const struct { const char *group; double n, mean; } want[] = {
        { "self", 1, 5.0 },           { "manager", 1, 4.0 },
        { "peer", 4, 113.0 / 30 },    { "direct_report", 3, 29.0 / 9 },
        { "others", 8, 431.0 / 120 }, { "all", 9, 506.0 / 135 },
    };
    for (size_t s = 0; s < sizeof scales / sizeof *scales; s++)
        for (size_t g = 0; g < sizeof want / sizeof *want; g++) {
            double n, mean;
            scale_row(table, subject, "1", scales[s], want[g].group, &n, &mean);
            cr_assert_eq(n, want[g].n, "%s %s: n %g", scales[s], want[g].group,
                         n);
            cr_assert(fabs(mean - want[g].mean) < 1e-12, "%s %s: mean %.17g, "
                      "by hand %.17g", scales[s], want[g].group, mean,
                      want[g].mean);
        }
}

/* Scores, with one thread and with four, byte for byte the same. */
static void expect_export(const char *args, const char *subject,
                          const char *account)
{
    char a1[2048], a4[2048];
    run one, four;

    snprintf(a1, sizeof a1, "score --threads 1 %s", args);
    snprintf(a4, sizeof a4, "score --threads 4 %s", args);
    one = assess(a1);
    four = assess(a4);
    cr_assert_eq(one.status, 0, "%s: exit %d\n%s", args, one.status, one.err);
    expect_scores(one.out, subject);
    cr_assert(strstr(one.err, account), "%s: no '%s' in\n%s", args, account,
              one.err);
    cr_assert_str_eq(one.out, four.out);
    cr_assert_str_eq(one.err, four.err);
    run_free(&one);
    run_free(&four);
}

#define LEAD "-i instruments/leadership-360.xml "

Test(exports, qualtrics_numeric_scored)
{
    expect_export(LEAD "--from qualtrics --source "
                  "fixtures/export-qualtrics-numeric/source.xml "
                  "fixtures/export-qualtrics-numeric/export.csv", "Jordan Lee",
                  "export.csv: 11 rows read: 9 used, 2 rejected (unfinished 1, "
                  "preview 1)");
}

Test(exports, qualtrics_text_scored)
{
    expect_export(LEAD "--from qualtrics --source "
                  "fixtures/export-qualtrics-text/source.xml "
                  "fixtures/export-qualtrics-text/export.csv", "Jordan Lee",
                  "export.csv: 11 rows read: 9 used, 2 rejected (unfinished 1, "
                  "preview 1)");
}

Test(exports, surveymonkey_scored)
{
    run r;
    expect_export(LEAD "--from surveymonkey --source "
                  "fixtures/export-surveymonkey/source.xml --quiet "
                  "fixtures/export-surveymonkey/export.csv", "Jordan Lee", "");
    r = assess("validate " LEAD "--source fixtures/export-surveymonkey/source.xml "
               "fixtures/export-surveymonkey/export.csv");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "export.csv: 9 rows read: 9 used, 0 rejected"),
              "%s", r.out);
    run_free(&r);
}

Test(exports, limesurvey_scored)
{
    expect_export(LEAD "--source fixtures/export-limesurvey/source.xml "
                  "fixtures/export-limesurvey/export.csv", "E100",
                  "export.csv: 11 rows read: 9 used, 2 rejected (unfinished 1, "
                  "filtered 1)");
}

Test(exports, google_forms_scored)
{
    expect_export(LEAD "--source fixtures/export-google-forms/source.xml "
                  "--quiet fixtures/export-google-forms/export.csv",
                  "Jordan Lee", "");
}

Test(exports, excel_scored)
{
    expect_export(LEAD "--encoding windows-1252 --quiet "
                  "fixtures/export-excel-semicolon/export.csv",
                  "Zo\xc3\xa9 Mart\xc3\xadn", "");
    expect_export(LEAD "--quiet fixtures/export-excel-unicode/export.txt",
                  "Zo\xc3\xa9 Mart\xc3\xadn", "");
}

/* Tried as a new user would: --from alone tells what is missing, and no
 * row Qualtrics marks is used, whatever is given. */
Test(exports, new_user)
{
    run r = assess("score " LEAD "--from qualtrics "
                   "fixtures/export-qualtrics-numeric/export.csv");
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.out, "");
    cr_assert(strstr(r.err, "export.csv:1: header: the required column "
                            "'subject_id' is missing (name its column with "
                            "--map subject_id=COLUMN or <column "
                            "name=\"COLUMN\" as=\"subject_id\"/> in a source "
                            "map"), "%s", r.err);
    run_free(&r);
    /* --map alone, with the "Not observed" code as an answer: the code is
     * refused, the previews are not used */
    r = assess("validate " LEAD "--map subject_id=Subject,"
               "rater_group=Relationship "
               "fixtures/export-qualtrics-numeric/export.csv");
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.out, "11 rows read: 8 used, 3 rejected (out_of_range "
                            "1, unfinished 1, preview 1)"), "%s", r.out);
    cr_assert(strstr(r.err, "value 6 is outside 1..5 (if 6 stands for no "
                            "answer, read it as missing with <missing "
                            "code=\"6\"/> in a source map)"), "%s", r.err);
    cr_assert(strstr(r.err, "left out (preview)") &&
              strstr(r.err, "left out (unfinished)"), "%s", r.err);
    run_free(&r);
}

/*
 * Waves in two files (fixtures/export-waves): given their waves, each
 * rater's change by hand (the post patterns: self 5 5 1 5 5 1, the
 * manager too, every other rater 4 4 2 4 4 2):
 *   self 5 -> 5: 0; manager 4 -> 5: 1; peer 113/30 -> 4: 7/30;
 *   direct_report 29/9 -> 4: 7/9; others 431/120 -> (5 + 7 x 4)/8 =
 *   33/8: 33/8 - 431/120 = 64/120 = 8/15.
 * Without them, the second file's self is a second self rating of wave 1.
 */
Test(exports, waves_in_two_files)
{
    static const struct { const char *group; double diff; } want[] = {
        { "self", 0 }, { "manager", 1 }, { "peer", 7.0 / 30 },
        { "direct_report", 7.0 / 9 }, { "others", 8.0 / 15 },
    };
    run r = assess("change " LEAD "--wave pre fixtures/export-waves/pre.csv "
                   "--wave post fixtures/export-waves/post.csv");
    cr_assert_eq(r.status, 0, "%s", r.err);
    for (size_t g = 0; g < sizeof want / sizeof *want; g++) {
        char key[128];
        const char *p;
        snprintf(key, sizeof key, "\nE100,pre->post,developing_trust,,%s,diff,",
                 want[g].group);
        p = strstr(r.out, key);
        cr_assert_not_null(p, "no %s", key + 1);
        cr_assert(fabs(strtod(p + strlen(key), NULL) - want[g].diff) < 1e-12,
                  "%s: %s", want[g].group, p);
    }
    run_free(&r);
    r = assess("validate " LEAD "fixtures/export-waves/pre.csv "
               "fixtures/export-waves/post.csv");
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "post.csv:2: a second self rating of subject "
                            "'E100' in wave '1': response 'Q01' here, and "
                            "response 'P01' (fixtures/export-waves/pre.csv:2) "
                            "before it"), "%s", r.err);
    cr_assert(strstr(r.out, "post.csv: 9 rows read: 8 used, 1 rejected "
                            "(second_self 1)"), "%s", r.out);
    run_free(&r);
}

/* --wave applies to the files after it, wherever options come. */
Test(exports, wave_option_in_order)
{
    run a = assess("validate " LEAD "--wave pre fixtures/export-waves/pre.csv "
                   "--quiet --wave post fixtures/export-waves/post.csv");
    run b = assess("validate " LEAD "--quiet fixtures/export-waves/pre.csv "
                   "--wave post fixtures/export-waves/post.csv --wave x");
    cr_assert_eq(a.status, 0, "%s", a.err);
    cr_assert(strstr(a.out, "2 waves (pre, post)"), "%s", a.out);
    cr_assert_eq(b.status, 0, "%s", b.err);
    cr_assert(strstr(b.out, "2 waves (1, post)"), "%s", b.out);
    run_free(&a);
    run_free(&b);
}

/* Rows left out are told one by one up to 20 a file, then counted. */
Test(exports, left_out_told_up_to_twenty)
{
    char *csv = NULL, account[256], *d;
    size_t size = 0;
    FILE *f = open_memstream(&csv, &size);

    cr_assert_not_null(f);
    fputs("id,submitdate,subject_id,rater_group,I1\n", f);
    for (int i = 0; i < 25; i++)
        fprintf(f, "%d,,K,peer,1\n", i);
    fputs("99,d,K,self,2\n", f);
    fclose(f);
    d = read_all_ways(csv, size, NULL, account, sizeof account);
    cr_assert_str_eq(account, "26 read: 1 used, unfinished 25");
    cr_assert(said("21:note:unfinished:response '19' left out"), "%s", diags);
    cr_assert(!said("response '20' left out"), "%s", diags);
    cr_assert(said("0:note:none:5 more rows left out, not told one by one "
                   "(the account counts them by reason)"), "%s", diags);
    free(d);
    free(csv);
}
