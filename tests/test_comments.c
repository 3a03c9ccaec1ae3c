/*
 * test_comments.c - written comments: the instrument's <question>s and a
 * group's comment-minimum (input_instrument_load.c), their answers read
 * from wide and long files (input_header.c, input_reader.c) only when
 * asked, what the rule for comments shows (score_disclose.c,
 * score_comments.c), and how score --comments (output_score_comments.c)
 * and the report (output_report*.c) show it.  Through the public API.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "assess.h"

static const char INST[] =
    "<instrument id='c' version='1' kind='360'>\n"
    "<title>Comments</title>\n"
    "<response-scale id='a5' min='1' max='5'/>\n"
    "<rater-groups>\n"
    "<group id='self' role='self' minimum='1'>Self</group>\n"
    "<group id='manager' role='manager' minimum='1'>Manager</group>\n"
    "<group id='peer' role='peer' minimum='3'>Peers</group>\n"
    "<group id='direct_report' role='direct_report' minimum='3'>Direct "
    "reports</group>\n"
    "<group id='other' role='other' minimum='2' comment-minimum='4'>"
    "Others</group>\n"
    "</rater-groups>\n"
    "<scale id='a'><title>A</title><item id='A1'>a one</item>"
    "<item id='A2'>a two</item></scale>\n"
    "<question id='keep'>What should this person keep doing?</question>\n"
    "<question id='change'>What should this person do differently?</question>\n"
    "</instrument>\n";

static assess_instrument *load(const char *xml, assess_error *err)
{
    assess_error_init(err);
    return assess_instrument_load_memory(xml, strlen(xml), "c.xml", NULL, NULL,
                                         err);
}

static assess_responses *read_csv(const assess_instrument *inst,
                                  const char *csv, int comments)
{
    assess_error err;
    assess_read_options o;
    assess_read_options_init(&o);
    o.comments = comments;
    assess_error_init(&err);
    assess_responses *r = assess_responses_new(inst, &o, &err);
    cr_assert_not_null(r, "%s", err.message);
    cr_assert_eq(assess_responses_begin(r, "c.csv", &err), ASSESS_OK);
    cr_assert_eq(assess_responses_feed(r, csv, strlen(csv), &err), ASSESS_OK,
                 "%s", err.message);
    cr_assert_eq(assess_responses_end(r, &err), ASSESS_OK, "%s", err.message);
    return r;
}

/* What score --comments writes for csv (research: --research). */
static char *comments_of(const assess_instrument *inst, const char *csv,
                         int keep, int research)
{
    assess_error err;
    assess_score_options so;
    char *text = NULL;
    size_t size = 0;
    assess_responses *r = read_csv(inst, csv, keep);
    assess_score_options_init(&so);
    so.research = research;
    assess_error_init(&err);
    assess_score *s = assess_score_compute(r, &so, &err);
    cr_assert_not_null(s, "%s", err.message);
    FILE *f = open_memstream(&text, &size);
    cr_assert_eq(assess_score_write_comments(s, NULL, f, &err), ASSESS_OK);
    fclose(f);
    assess_score_free(s);
    assess_responses_free(r);
    return text;
}

/* The first report's HTML (and, in *pdf_text, nothing: see run-pdf.sh). */
static char *report_of(const assess_instrument *inst, const char *csv)
{
    assess_error err;
    assess_score_options so;
    char *text = NULL;
    size_t size = 0;
    assess_responses *r = read_csv(inst, csv, 1);
    assess_score_options_init(&so);
    assess_error_init(&err);
    assess_score *s = assess_score_compute(r, &so, &err);
    cr_assert_not_null(s);
    assess_report *rep = assess_report_new(s, NULL, NULL, NULL, &err);
    cr_assert_not_null(rep, "%s", err.message);
    FILE *f = open_memstream(&text, &size);
    cr_assert_eq(assess_report_write_html(rep, 0, f, &err), ASSESS_OK);
    fclose(f);
    assess_report_free(rep);
    assess_score_free(s);
    assess_responses_free(r);
    return text;
}

#define HEAD "subject_id,rater_id,rater_group,A1,A2,keep,change\n"

/* Self and a manager write; three peers rate, two of them write "keep";
 * two direct reports write both; four others rate, three write. */
static const char WIDE[] =
    HEAD
    "E1,s,self,4,4,My listening,\n"
    "E1,m,manager,3,4,Plans well,Delegate more\n"
    "E1,p1,peer,3,3,\"Clear, calm\",Speak up\n"
    "E1,p2,peer,4,4,Zeal,Less email\n"
    "E1,p3,peer,4,4,   ,More focus\n"
    "E1,d1,direct_report,2,3,Apt feedback,Be on time\n"
    "E1,d2,direct_report,2,2,Backing us,Share plans\n"
    "E1,o1,other,3,3,Other one,\n"
    "E1,o2,other,3,3,Other two,\n"
    "E1,o3,other,3,3,Other three,\n"
    "E1,o4,other,3,3,,\n";

Test(comments, questions_loaded)
{
    assess_error err;
    assess_instrument *inst = load(INST, &err);
    cr_assert_not_null(inst, "%s", err.message);
    cr_assert_eq(assess_instrument_question_count(inst), 2);
    cr_assert_str_eq(assess_instrument_question_id(inst, 0), "keep");
    cr_assert_str_eq(assess_instrument_question_text(inst, 1),
                     "What should this person do differently?");
    cr_assert_null(assess_instrument_question_id(inst, 2));
    /* default: the group's minimum; given: its own */
    cr_assert_eq(assess_instrument_group_comment_minimum(inst, 2), 3);
    cr_assert_eq(assess_instrument_group_comment_minimum(inst, 4), 4);
    assess_instrument_free(inst);
}

Test(comments, question_ids_unique_and_not_items)
{
    char xml[sizeof INST + 200];
    const char *at = strstr(INST, "<question id='change'");
    assess_error err;
    cr_assert_not_null(at);
    snprintf(xml, sizeof xml, "%.*s<question id='A2'>Twice?</question>\n"
             "<question id='keep'>Again?</question>\n%s",
             (int)(at - INST), INST, at);
    cr_assert_null(load(xml, &err));
    cr_assert_eq(err.status, ASSESS_EINSTRUMENT, "%s", err.message);
    /* after <norms> the schema refuses it */
    cr_assert_null(load("<instrument id='x' version='1' kind='360'><title>T"
                        "</title><response-scale id='r' min='1' max='5'/>"
                        "<scale id='a'><title>A</title><item id='A1'>a</item>"
                        "</scale><norms><norm scale='a' mean='3' sd='1' n='9'>"
                        "n</norm></norms><question id='q'>Q?</question>"
                        "</instrument>", &err));
}

Test(comments, grouped_per_question_and_group)
{
    assess_error err;
    assess_instrument *inst = load(INST, &err);
    char *text = comments_of(inst, WIDE, 1, 0);
    /* keep: peers withheld (2 of 3 wrote), direct reports withheld (2):
     * together 4, the largest minimum 3: pooled.  Others: 3 wrote, fewer
     * than its comment-minimum 4 (though its minimum is 2): withheld,
     * and the pool's largest minimum would then be 4, which 7 reach. */
    cr_assert_str_eq(text,
                     "subject_id,wave,question,group,text\n"
                     "E1,1,keep,self,My listening\n"
                     "E1,1,keep,manager,Plans well\n"
                     "E1,1,keep,others,Apt feedback\n"
                     "E1,1,keep,others,Backing us\n"
                     "E1,1,keep,others,\"Clear, calm\"\n"
                     "E1,1,keep,others,Other one\n"
                     "E1,1,keep,others,Other three\n"
                     "E1,1,keep,others,Other two\n"
                     "E1,1,keep,others,Zeal\n"
                     "E1,1,change,manager,Delegate more\n"
                     "E1,1,change,peer,Less email\n"
                     "E1,1,change,peer,More focus\n"
                     "E1,1,change,peer,Speak up\n");
    free(text);
    assess_instrument_free(inst);
}

Test(comments, withheld_by_the_minimum_counted_on_writers)
{
    /* Three peers rate, two write: withheld, and alone below minimum there
     * is no pool. */
    static const char csv[] =
        HEAD
        "E1,s,self,4,4,,\n"
        "E1,p1,peer,3,3,Peer secret one,\n"
        "E1,p2,peer,4,4,Peer secret two,\n"
        "E1,p3,peer,4,4,,\n";
    assess_error err;
    assess_instrument *inst = load(INST, &err);
    char *text = comments_of(inst, csv, 1, 0);
    cr_assert_str_eq(text, "subject_id,wave,question,group,text\n");
    free(text);
    char *html = report_of(inst, csv);
    cr_assert_not_null(strstr(html, "<h2>What raters wrote</h2>"));
    cr_assert_null(strstr(html, "Peer secret"));
    cr_assert_not_null(strstr(html, "Not shown: fewer than 3 Peers wrote an "
                                    "answer"), "%s", html);
    cr_assert_not_null(strstr(html, "No one wrote an answer."));
    free(html);
    /* research lifts the minimum, and only that: no rater id */
    text = comments_of(inst, csv, 1, 1);
    cr_assert_str_eq(text, "subject_id,wave,question,group,text\n"
                           "E1,1,keep,peer,Peer secret one\n"
                           "E1,1,keep,peer,Peer secret two\n");
    free(text);
    assess_instrument_free(inst);
}

Test(comments, pooled_into_others)
{
    /* Peers 2 writers, direct reports 1: together 3, the largest minimum
     * 3: one pool; without the direct report, 2: nothing. */
    static const char three[] =
        HEAD
        "E1,p1,peer,3,3,Peer one,\n"
        "E1,p2,peer,4,4,Peer two,\n"
        "E1,d1,direct_report,4,4,Report one,\n";
    static const char two[] =
        HEAD
        "E1,p1,peer,3,3,Peer one,\n"
        "E1,p2,peer,4,4,Peer two,\n"
        "E1,d1,direct_report,4,4,,\n";
    assess_error err;
    assess_instrument *inst = load(INST, &err);
    char *text = comments_of(inst, three, 1, 0);
    cr_assert_str_eq(text, "subject_id,wave,question,group,text\n"
                           "E1,1,keep,others,Peer one\n"
                           "E1,1,keep,others,Peer two\n"
                           "E1,1,keep,others,Report one\n");
    free(text);
    char *html = report_of(inst, three);
    cr_assert_not_null(strstr(html, "<h4>Other raters together (Peers and "
                                    "Direct reports)</h4>"), "%s", html);
    free(html);
    text = comments_of(inst, two, 1, 0);
    cr_assert_str_eq(text, "subject_id,wave,question,group,text\n");
    free(text);
    assess_instrument_free(inst);
}

Test(comments, order_independent_of_the_file)
{
    /* The rows of WIDE backwards, rater ids changed: the same output. */
    char shuffled[sizeof WIDE + 64];
    const char *lines[32];
    size_t n = 0, o;
    char *copy = strdup(WIDE + strlen(HEAD));
    for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n"))
        lines[n++] = line;
    o = (size_t)snprintf(shuffled, sizeof shuffled, "%s", HEAD);
    for (size_t i = n; i-- > 0;) {
        const char *comma = strchr(lines[i], ',');
        o += (size_t)snprintf(shuffled + o, sizeof shuffled - o, "E1,x%zu%s\n",
                              i, strchr(comma + 1, ','));
    }
    assess_error err;
    assess_instrument *inst = load(INST, &err);
    char *a = comments_of(inst, WIDE, 1, 0), *b = comments_of(inst, shuffled,
                                                             1, 0);
    cr_assert_str_eq(a, b);
    char *ha = report_of(inst, WIDE), *hb = report_of(inst, shuffled);
    cr_assert_str_eq(strstr(ha, "<section id=\"comments\">"),
                     strstr(hb, "<section id=\"comments\">"));
    free(a);
    free(b);
    free(ha);
    free(hb);
    free(copy);
    assess_instrument_free(inst);
}

Test(comments, escaped)
{
    static const char csv[] =
        HEAD
        "E1,s,self,4,4,\"<script>alert('x')</script> & \"\"quotes\"\"\",\n";
    assess_error err;
    assess_instrument *inst = load(INST, &err);
    char *text = comments_of(inst, csv, 1, 0);
    cr_assert_str_eq(text, "subject_id,wave,question,group,text\n"
                           "E1,1,keep,self,\"<script>alert('x')</script> & "
                           "\"\"quotes\"\"\"\n");
    free(text);
    char *html = report_of(inst, csv);
    cr_assert_null(strstr(html, "<script>"));
    cr_assert_not_null(strstr(html, "<li>&lt;script&gt;alert(&#39;x&#39;)"
                                    "&lt;/script&gt; &amp; &quot;quotes&quot;"
                                    "</li>"), "%s", strstr(html, "<li>"));
    free(html);
    assess_instrument_free(inst);
}

Test(comments, long_layout_as_wide)
{
    /* WIDE's first five raters, long: a row whose item_id names a
     * question carries its text. */
    static const char wide[] =
        HEAD
        "E1,s,self,4,4,My listening,\n"
        "E1,m,manager,3,4,Plans well,Delegate more\n"
        "E1,p1,peer,3,3,\"Clear, calm\",Speak up\n"
        "E1,p2,peer,4,4,Zeal,Less email\n"
        "E1,p3,peer,4,4,   ,More focus\n";
    static const char lng[] =
        "subject_id,rater_id,rater_group,item_id,value\n"
        "E1,s,self,A1,4\nE1,s,self,keep,My listening\nE1,s,self,A2,4\n"
        "E1,m,manager,A1,3\nE1,m,manager,A2,4\nE1,m,manager,keep,Plans well\n"
        "E1,m,manager,change,Delegate more\n"
        "E1,p1,peer,change,Speak up\nE1,p1,peer,A1,3\nE1,p1,peer,A2,3\n"
        "E1,p1,peer,keep,\"Clear, calm\"\n"
        "E1,p2,peer,A1,4\nE1,p2,peer,A2,4\nE1,p2,peer,keep,Zeal\n"
        "E1,p2,peer,change,Less email\n"
        "E1,p3,peer,A1,4\nE1,p3,peer,A2,4\nE1,p3,peer,keep,   \n"
        "E1,p3,peer,change,More focus\n";
    assess_error err;
    assess_instrument *inst = load(INST, &err);
    char *a = comments_of(inst, wide, 1, 0), *b = comments_of(inst, lng, 1, 0);
    cr_assert_str_eq(a, b);
    cr_assert_not_null(strstr(a, "E1,1,change,peer,Less email\n"));
    free(a);
    free(b);
    assess_instrument_free(inst);
}

Test(comments, text_kept_only_when_asked)
{
    assess_error err;
    assess_instrument *inst = load(INST, &err);
    /* not asked: no text, the same rows used, the same scores */
    assess_responses *with = read_csv(inst, WIDE, 1);
    assess_responses *without = read_csv(inst, WIDE, 0);
    cr_assert_eq(assess_responses_account(with)->rows_used,
                 assess_responses_account(without)->rows_used);
    cr_assert_eq(assess_responses_account(with)->answers,
                 assess_responses_account(without)->answers);
    assess_responses_free(with);
    assess_responses_free(without);
    char *text = comments_of(inst, WIDE, 0, 0);
    cr_assert_str_eq(text, "subject_id,wave,question,group,text\n");
    free(text);
    /* and a text that is not UTF-8 rejects its row only when it is read */
    static const char bad[] = HEAD "E1,s,self,4,4,caf\xe9,\n";
    assess_responses *r = read_csv(inst, bad, 0);
    cr_assert_eq(assess_responses_account(r)->rows_rejected, 0);
    assess_responses_free(r);
    r = read_csv(inst, bad, 1);
    cr_assert_eq(assess_responses_account(r)->rejected[ASSESS_REJECT_BAD_TEXT],
                 1);
    assess_responses_free(r);
    assess_instrument_free(inst);
}

Test(comments, question_column_found_by_its_wording)
{
    static const char csv[] =
        "subject_id,rater_id,rater_group,A1,A2,"
        "What should this person keep doing,Q9\n"
        "E1,s,self,4,4,Listening,x\n";
    assess_error err;
    assess_instrument *inst = load(INST, &err);
    char *text = comments_of(inst, csv, 1, 0);
    cr_assert_str_eq(text, "subject_id,wave,question,group,text\n"
                           "E1,1,keep,self,Listening\n");
    free(text);
    assess_instrument_free(inst);
}

Test(comments, no_section_without_questions)
{
    static const char xml[] =
        "<instrument id='s' version='1' kind='strengths'><title>S</title>"
        "<response-scale id='r' min='1' max='5'/>"
        "<scale id='a'><title>A</title><item id='A1'>a</item></scale>"
        "</instrument>";
    assess_error err;
    assess_instrument *inst = load(xml, &err);
    cr_assert_not_null(inst, "%s", err.message);
    char *html = report_of(inst, "subject_id,rater_id,A1\nE1,E1,4\n");
    cr_assert_null(strstr(html, "What raters wrote"));
    free(html);
    assess_instrument_free(inst);
}
