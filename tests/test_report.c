/*
 * test_report.c - the executive's report (engine/output_report.c, output_report_html.c,
 * output_report_html_svg.c, output_report_text.c) through the public API:
 * assess_report_new, _write_html, _write_index and _file.
 *
 * What is checked is the text a coach hands over: every section where the
 * results hold one and none where they do not; nothing a group below its
 * anonymity minimum would give away (its count, its raters' scores, its
 * mean, the pooled mean that subtraction would turn back into its mean, a
 * rater id); text from the instrument and the response files escaped; file
 * names that cannot leave the output directory or clash; and numbers
 * without "-0.00".
 *
 * Every instrument and response file is inline and small; where a number is
 * looked for (or looked for in vain) it is worked out by hand beside the
 * data, and a control test shows the same search finding it where it may be
 * shown, so that an absence is not an accident of formatting.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "assess.h"
#include "check_text.h"
#include "loaded.h"
#include "goals_file.h"

/* ==== Fixture ============================================================ */

static assess_score *scores[KEEP];
static size_t n_scores;
static assess_table *tables[KEEP];
static size_t n_tables;
static assess_report *reports[KEEP];
static size_t n_reports;
static char *texts[KEEP];
static size_t n_texts;
/* roi_report()'s costs and benefits, which its report reads */
static assess_costs *costs_kept[KEEP];
static assess_benefits *benefits_kept[KEEP];
static size_t n_roi_files;

static void setup(void)
{
    n_scores = n_tables = n_reports = n_texts = n_roi_files = 0;
    loaded_reset();
    goals_files_reset();
}

static void teardown(void)
{
    for (size_t i = 0; i < n_reports; i++)
        assess_report_free(reports[i]);
    for (size_t i = 0; i < n_tables; i++)
        assess_table_free(tables[i]);
    for (size_t i = 0; i < n_scores; i++)
        assess_score_free(scores[i]);
    goals_files_free();
    for (size_t i = 0; i < n_texts; i++)
        free(texts[i]);
    for (size_t i = 0; i < n_roi_files; i++) {
        assess_costs_free(costs_kept[i]);
        assess_benefits_free(benefits_kept[i]);
    }
    n_scores = n_tables = n_reports = n_texts = n_roi_files = 0;
    loaded_free();
}

TestSuite(report, .init = setup, .fini = teardown);

/* ---- Computing ------------------------------------------------------------ */

static assess_score *score_with(const assess_responses *r,
                                const assess_score_options *o)
{
    assess_error err;
    assess_error_init(&err);
    assess_score *s = assess_score_compute(r, o, &err);
    cr_assert_not_null(s, "assess_score_compute: %s", err.message);
    cr_assert_lt(n_scores, KEEP);
    scores[n_scores++] = s;
    return s;
}

static assess_score *score_of(const assess_responses *r)
{
    assess_score_options o;
    assess_score_options_init(&o);
    return score_with(r, &o);
}

static assess_table *keep_table(assess_table *t)
{
    cr_assert_lt(n_tables, KEEP);
    tables[n_tables++] = t;
    return t;
}

static assess_table *agree_of(const assess_responses *r)
{
    assess_agree_options o;
    assess_error err;
    assess_agree_options_init(&o);
    assess_error_init(&err);
    assess_table *t = assess_agree_compute(r, &o, &err);
    cr_assert_not_null(t, "assess_agree_compute: %s", err.message);
    return keep_table(t);
}

static assess_table *change_of(const assess_responses *r,
                               const assess_goals *goals)
{
    assess_change_options o;
    assess_error err;
    assess_change_options_init(&o);
    o.goals = goals;
    assess_error_init(&err);
    assess_table *t = assess_change_compute(r, &o, &err);
    cr_assert_not_null(t, "assess_change_compute: %s", err.message);
    return keep_table(t);
}


static assess_report *report_with(const assess_score *s,
                                  const assess_table *agree,
                                  const assess_table *change,
                                  const assess_report_options *o)
{
    assess_error err;
    assess_error_init(&err);
    assess_report *rep = assess_report_new(s, agree, change, o, &err);
    cr_assert_not_null(rep, "assess_report_new: %s", err.message);
    cr_assert_lt(n_reports, KEEP);
    reports[n_reports++] = rep;
    return rep;
}

static assess_report *report_of(const assess_score *s, const assess_table *agree,
                                const assess_table *change)
{
    assess_error err;
    assess_error_init(&err);
    assess_report *rep = assess_report_new(s, agree, change, NULL, &err);
    cr_assert_not_null(rep, "assess_report_new: %s", err.message);
    cr_assert_lt(n_reports, KEEP);
    reports[n_reports++] = rep;
    return rep;
}

/* ---- Writing -------------------------------------------------------------- */

static char *keep_text(char *text)
{
    cr_assert_lt(n_texts, KEEP);
    texts[n_texts++] = text;
    return text;
}

/* Subject i's report (i = SIZE_MAX: the index) as text, freed after the
 * test. */
static char *page(const assess_report *rep, size_t i)
{
    char *buf = NULL;
    size_t len = 0;
    assess_error err;
    assess_status st;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    assess_error_init(&err);
    st = i == SIZE_MAX ? assess_report_write_index(rep, f, &err)
                       : assess_report_write_html(rep, i, f, &err);
    cr_assert_eq(fclose(f), 0);
    keep_text(buf);
    cr_assert_eq(st, ASSESS_OK, "write: %s", err.message);
    cr_assert_eq(strlen(buf), len, "a NUL byte in the page");
    return buf;
}

static char *index_of(const assess_report *rep)
{
    return page(rep, SIZE_MAX);
}

static char *cohort_of(const assess_report *rep)
{
    char *p = NULL;
    size_t size = 0;
    assess_error err;
    FILE *f = open_memstream(&p, &size);
    cr_assert_not_null(f);
    assess_error_init(&err);
    cr_assert_eq(assess_report_write_cohort(rep, f, &err), ASSESS_OK, "%s",
                 err.message);
    cr_assert_eq(fclose(f), 0);
    return keep_text(p);
}

/* The report of the subject with this id. */
static char *html_of(const assess_report *rep, const char *subject)
{
    for (size_t i = 0; i < assess_report_count(rep); i++)
        if (strcmp(assess_report_subject(rep, i), subject) == 0)
            return page(rep, i);
    cr_assert_fail("no report of '%s'", subject);
    return NULL;
}

/* ---- Reading the text ------------------------------------------------------ */

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0, len = strlen(needle);
    for (const char *p = strstr(hay, needle); p; p = strstr(p + len, needle))
        n++;
    return n;
}


/* A copy of hay from `from` up to (not including) the first `to` after it
 * (or the end), freed after the test; NULL when `from` is not there. */
static char *between(const char *hay, const char *from, const char *to)
{
    const char *a = strstr(hay, from), *b;
    if (!a)
        return NULL;
    b = to ? strstr(a + strlen(from), to) : NULL;
    if (!b)
        b = a + strlen(a);
    char *s = strndup(a, (size_t)(b - a));
    cr_assert_not_null(s);
    return keep_text(s);
}

/* The section with this id, up to its </section>; it must be there. */
static char *section(const char *html, const char *id)
{
    char open[64];
    snprintf(open, sizeof open, "<section id=\"%s\"", id);
    char *s = between(html, open, "</section>");
    cr_assert_not_null(s, "no section '%s' in:\n%s", id, html);
    return s;
}

#define HAS(hay, needle)                                                      \
    cr_assert(strstr((hay), (needle)) != NULL, "'%s' not found in:\n%s",      \
              (needle), (hay))
#define LACKS(hay, needle)                                                    \
    do {                                                                      \
        const char *at_ = strstr((hay), (needle));                            \
        cr_assert(at_ == NULL, "'%s' found at: ...%.80s...", (needle),        \
                  at_ - 40 > (hay) ? at_ - 40 : (hay));                       \
    } while (0)

/* "nan", "inf" (any case) as a word of their own: what printf makes of a
 * NaN or an infinity, "-nan" and "-inf" included. */
static const char *bad_number(const char *html)
{
    static const char *const words[] = { "nan", "inf" };
    for (const char *p = html; *p; p++)
        for (int w = 0; w < 2; w++) {
            if (strncasecmp(p, words[w], 3) != 0)
                continue;
            int before = p > html && isalpha((unsigned char)p[-1]);
            int after = isalpha((unsigned char)p[3]);
            if (!before && !after)
                return p;
        }
    return NULL;
}

/*
 * The first tag that could run or fetch something: a script, img, iframe,
 * object, embed, link or base element, or any attribute named src, href
 * (but a plain file name), or on...; NULL when none.  Attribute values are
 * skipped whole, quoted or not.
 */
static const char *bad_tag(const char *html, char *why, size_t why_size)
{
    static const char *const bad_elements[] = { "script", "img", "iframe",
                                                "object", "embed", "link",
                                                "base", "frame", "audio",
                                                "video", "source" };
    for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
        const char *tag = p, *q = p + 1;
        char name[32];
        size_t n = 0;
        if (*q == '/' || *q == '!')
            continue;
        while (isalnum((unsigned char)*q) && n + 1 < sizeof name)
            name[n++] = (char)tolower((unsigned char)*q++);
        name[n] = '\0';
        for (size_t e = 0; e < sizeof bad_elements / sizeof *bad_elements; e++)
            if (strcmp(name, bad_elements[e]) == 0) {
                snprintf(why, why_size, "element <%s>", name);
                return tag;
            }
        for (;;) {
            char attr[64];
            size_t a = 0;
            while (*q && isspace((unsigned char)*q))
                q++;
            if (!*q || *q == '>' || *q == '/')
                break;
            while (*q && !isspace((unsigned char)*q) && *q != '=' &&
                   *q != '>' && *q != '/' && a + 1 < sizeof attr)
                attr[a++] = (char)tolower((unsigned char)*q++);
            attr[a] = '\0';
            const char *value = NULL;
            size_t value_len = 0;
            if (*q == '=') {
                q++;
                if (*q == '"' || *q == '\'') {
                    char quote = *q++;
                    value = q;
                    while (*q && *q != quote)
                        q++;
                    value_len = (size_t)(q - value);
                    if (*q)
                        q++;
                } else {
                    value = q;
                    while (*q && !isspace((unsigned char)*q) && *q != '>')
                        q++;
                    value_len = (size_t)(q - value);
                }
            }
            if (a == 0) { /* a stray character: step over it */
                if (*q)
                    q++;
                continue;
            }
            if (strcmp(attr, "src") == 0 || strcmp(attr, "srcset") == 0 ||
                strncmp(attr, "on", 2) == 0 || strcmp(attr, "style") == 0 ||
                strcmp(attr, "xlink:href") == 0) {
                snprintf(why, why_size, "attribute %s in <%s>", attr, name);
                return tag;
            }
            if (strcmp(attr, "href") == 0 && value &&
                (memchr(value, ':', value_len) || memchr(value, '/', value_len))) {
                snprintf(why, why_size, "href '%.*s'", (int)value_len, value);
                return tag;
            }
        }
    }
    return NULL;
}

/*
 * What every page must be: a whole document (DOCTYPE to </html>), nothing
 * that runs or is fetched (no script, no src, no http(s) address but the
 * SVG namespace), no printf rendering of NaN or an infinity, and its
 * sections, tables and charts closed as often as opened.
 */
static void well_formed(const char *html)
{
    const char *svg_ns = "http://www.w3.org/2000/svg";
    char why[128];
    const char *bad;
    size_t len = strlen(html);

    cr_assert(strncmp(html, "<!DOCTYPE html>", 15) == 0, "starts: %.40s", html);
    while (len > 0 && isspace((unsigned char)html[len - 1]))
        len--;
    cr_assert(len >= 7 && strncmp(html + len - 7, "</html>", 7) == 0,
              "ends: %.40s", html + (len > 40 ? len - 40 : 0));
    cr_assert_eq(count_of(html, "<html"), 1);
    cr_assert_eq(count_of(html, "</html>"), 1);
    cr_assert_eq(count_of(html, "<body>"), 1);
    cr_assert_eq(count_of(html, "</body>"), 1);
    cr_assert(!contains_nocase(html, "<script"), "a script");
    for (const char *p = strstr(html, "http"); p; p = strstr(p + 1, "http")) {
        if (strncmp(p, "http://", 7) == 0)
            cr_assert(strncmp(p, svg_ns, strlen(svg_ns)) == 0,
                      "an address: %.60s", p);
        cr_assert(strncmp(p, "https://", 8) != 0, "an address: %.60s", p);
    }
    cr_assert(!contains_nocase(html, "https:"), "https");
    bad = bad_tag(html, why, sizeof why);
    cr_assert_null(bad, "%s: %.100s", why, bad);
    LACKS(html, "NaN");
    bad = bad_number(html);
    cr_assert_null(bad, "nan/inf at: ...%.60s", bad - 20 > html ? bad - 20 : html);
    cr_assert_eq(count_of(html, "<section"), count_of(html, "</section>"));
    cr_assert_eq(count_of(html, "<table"), count_of(html, "</table>"));
    cr_assert_eq(count_of(html, "<svg"), count_of(html, "</svg>"));
    cr_assert_eq(count_of(html, "<ul"), count_of(html, "</ul>"));
    cr_assert_eq(count_of(html, "<ol"), count_of(html, "</ol>"));
    cr_assert_eq(count_of(html, "<tr"), count_of(html, "</tr>"));
    cr_assert_eq(count_of(html, "<text"), count_of(html, "</text>"));
}

/* The control of the checks above: they must catch what they look for. */
Test(report, well_formed_checks_can_fail)
{
    char why[128];
    cr_assert_not_null(bad_tag("<p><img src=x></p>", why, sizeof why));
    cr_assert_not_null(bad_tag("<p onclick=\"x()\">", why, sizeof why));
    cr_assert_not_null(bad_tag("<svg><image xlink:href='a.png'/>", why,
                               sizeof why));
    cr_assert_not_null(bad_tag("<a href=\"http://x/y\">", why, sizeof why));
    cr_assert_null(bad_tag("<a href=\"E1.html\">&lt;img src=x&gt;</a>", why,
                           sizeof why));
    cr_assert_null(bad_tag("<meta content=\"default-src 'none'; img-src "
                           "data:\">", why, sizeof why));
    cr_assert_not_null(bad_number("<td>-nan</td>"));
    cr_assert_not_null(bad_number("<td>inf</td>"));
    cr_assert_not_null(bad_number(">-INF<"));
    cr_assert_null(bad_number("information, finance, nanny"));
}

/* ==== Instruments and responses ========================================== */

/*
 * A 360 of two scales, both with a declared reliability (so change has an
 * RCI).  Self and manager minimum 1, peers minimum 3.
 */
static const char TREP[] =
    "<instrument id='trep' version='2' kind='360'>\n"
    "<title>Report test</title>\n"
    "<response-scale id='f5' min='1' max='5'/>\n"
    "<rater-groups>\n"
    "<group id='self' role='self' minimum='1'>Self</group>\n"
    "<group id='manager' role='manager' minimum='1'>Manager</group>\n"
    "<group id='peer' role='peer' minimum='3'>Peers</group>\n"
    "</rater-groups>\n"
    "<scale id='lead' reliability='0.80'><title>Leading</title>"
    "<description>How one leads</description>"
    "<item id='L1'>Sets direction</item><item id='L2'>Explains why</item>"
    "</scale>\n"
    "<scale id='care' reliability='0.80'><title>Caring</title>"
    "<item id='C1'>Listens</item><item id='C2'>Notices</item></scale>\n"
    "</instrument>\n";

/*
 * EX1 at both waves: self 5 on lead, 3 on care.  Others (manager + 3 peers)
 * answer lead the same (3 3 at wave 1, 4 4 at wave 2): every item variance
 * 0, rwg_j 1, "raters agree".  Care: 1 1 / 5 5 / 1 1 / 5 5: item variance
 * 16/3 > 2 (the uniform null on 5 points), rwg_j 0, "raters disagree";
 * others' care mean 3 at both waves.  So at wave 2: lead gap 5 - 4 = +1
 * (a blind spot), care gap 3 - 3 = 0.
 * EX2: others' lead 2 at wave 1 and at wave 2, care 2 throughout.
 * Others' lead pre means 3 (EX1), 2 (EX2): s_pre = sqrt(0.5), S_diff =
 * sqrt(2) sqrt(0.5) sqrt(0.2) = sqrt(0.2); EX1's lead diff 1 gives
 * RCI 1 / sqrt(0.2) = 2.236 > 1.96: improved.  Care pre means 3 and 2
 * likewise, EX1's care diff 0: no reliable change.
 */
static const char REP_CSV[] =
    "subject_id,rater_id,rater_group,wave,L1,L2,C1,C2\n"
    "EX1,s1,self,1,5,5,3,3\n"
    "EX1,m1,manager,1,3,3,1,1\n"
    "EX1,p1,peer,1,3,3,5,5\n"
    "EX1,p2,peer,1,3,3,1,1\n"
    "EX1,p3,peer,1,3,3,5,5\n"
    "EX2,s2,self,1,2,2,3,3\n"
    "EX2,m2,manager,1,2,2,2,2\n"
    "EX2,p4,peer,1,2,2,2,2\n"
    "EX2,p5,peer,1,2,2,2,2\n"
    "EX2,p6,peer,1,2,2,2,2\n"
    "EX1,s1,self,2,5,5,3,3\n"
    "EX1,m1,manager,2,4,4,1,1\n"
    "EX1,p1,peer,2,4,4,5,5\n"
    "EX1,p2,peer,2,4,4,1,1\n"
    "EX1,p3,peer,2,4,4,5,5\n"
    "EX2,s2,self,2,2,2,3,3\n"
    "EX2,m2,manager,2,2,2,2,2\n"
    "EX2,p4,peer,2,2,2,2,2\n"
    "EX2,p5,peer,2,2,2,2,2\n"
    "EX2,p6,peer,2,2,2,2,2\n";

/* EX1: one goal of weight 1 at +1: T = 50 + 10 * 1 / sqrt(0.7 * 1 + 0.3 *
 * 1) = 60 (Kiresuk & Sherman 1968, rho .3).  EX2: at 0, T = 50. */
static const char REP_GOALS[] =
    "subject_id,goal_id,weight,level\n"
    "EX1,g1,1,1\n"
    "EX2,g1,1,0\n";

/* ==== 1. Structure ======================================================== */

Test(report, structure_of_a_360_with_two_waves_goals_agree_and_change)
{
    assess_responses *r = read_csv(load(TREP), REP_CSV);
    assess_report_options o;
    assess_report_options_init(&o);
    o.goals = goals_of(REP_GOALS);
    assess_report *rep = report_with(score_of(r), agree_of(r),
                                     change_of(r, o.goals), &o);

    cr_assert_eq(assess_report_count(rep), 2);
    cr_assert_str_eq(assess_report_subject(rep, 0), "EX1");
    cr_assert_str_eq(assess_report_subject(rep, 1), "EX2");
    cr_assert_null(assess_report_subject(rep, 2));
    cr_assert_null(assess_report_file(rep, 2));

    char *html = html_of(rep, "EX1");
    well_formed(html);
    LACKS(html, "src=");

    /* Every section, in order. */
    const char *at_raters = strstr(html, "id=\"raters\"");
    const char *at_scales = strstr(html, "id=\"scales\"");
    const char *at_gaps = strstr(html, "id=\"gaps\"");
    const char *at_items = strstr(html, "id=\"items\"");
    const char *at_change = strstr(html, "id=\"change\"");
    cr_assert(at_raters && at_scales && at_gaps && at_items && at_change,
              "a section is missing:\n%s", html);
    cr_assert(at_raters < at_scales && at_scales < at_gaps &&
              at_gaps < at_items && at_items < at_change);
    LACKS(html, "id=\"strengths\"");

    /* The cover: the name (the id without a subjects file), both waves
     * named, the profile the last, and the confidentiality statement; the
     * development page last. */
    const char *at_cover = strstr(html, "id=\"cover\"");
    const char *at_dev = strstr(html, "id=\"development\"");
    cr_assert(at_cover && at_cover < at_raters && at_dev && at_change < at_dev);
    HAS(html, "<h1>EX1</h1>");
    HAS(html, "1 \xe2\x86\x92 2; the profile shows wave 2");
    HAS(section(html, "cover"), "<strong>Confidential.</strong> This report "
                                "is for EX1");
    HAS(section(html, "cover"), "Raters answered in confidence");

    /* Raters: each group counted at each wave (all shown: 1, 1, 3). */
    char *raters = section(html, "raters");
    HAS(raters, "<th scope=\"col\" class=\"num\">Wave 1</th><th scope=\"col\" "
                "class=\"num\">Wave 2</th>");
    HAS(raters, "<th scope=\"row\">Peers</th><td class=\"num\">3</td>"
                "<td class=\"num\">3</td></tr>");
    HAS(raters, "<th scope=\"row\">Manager</th><td class=\"num\">1</td>"
                "<td class=\"num\">1</td></tr>");
    LACKS(raters, "not shown: fewer");

    /* One chart a scale, then the gaps chart and the change chart. */
    char *scales = between(html, "<section id=\"scales\"",
                           "<section id=\"gaps\"");
    cr_assert_not_null(scales);
    cr_assert_eq(count_of(scales, "<svg"), 2, "charts in scales:\n%s", scales);
    cr_assert_eq(count_of(html, "<svg"), 4);
    cr_assert_eq(count_of(section(html, "gaps"), "<svg"), 1);
    cr_assert_eq(count_of(section(html, "change"), "<svg"), 1);
    HAS(scales, "<h3>Leading</h3>");
    HAS(scales, "<p class=\"note\">How one leads</p>");
    HAS(scales, "<h3>Caring</h3>");
    /* Lead at wave 2: self 5.00, manager 4.00, peers 4.00, others 4.00. */
    char *lead = between(scales, "id=\"scale-0\"", "</div>");
    char *care = between(scales, "id=\"scale-1\"", "</div>");
    cr_assert(lead && care);
    HAS(lead, ">5.00</text>");
    HAS(lead, ">4.00</text>");
    LACKS(lead, "not shown");

    /* Others agree on lead and disagree on care: care's ratings 1, 5, 1,
     * 5 deviate by 2 from their mean, beyond random answers' 1.2 on five
     * points (Burke & Dunlap 2002's c/6 is 0.83). */
    HAS(lead, "Others agree.");
    LACKS(lead, "Others disagree.");
    HAS(care, "Others disagree.");
    LACKS(care, "Others agree.");
    /* Others' care at wave 2: 1, 5, 1, 5, so the range 1.00 to 5.00. */
    HAS(care, ">3.00 (1.00\xe2\x80\x93" "5.00)</text>");

    /* Gaps: lead +1.00, a blind spot; care 0. */
    char *gaps = section(html, "gaps");
    HAS(gaps, "+1.00 blind spot");
    HAS(gaps, "<li>Leading (self minus others +1.00)</li>");
    HAS(gaps, "+0.00</text>");
    HAS(gaps, "<h3>Hidden strengths</h3>\n<p>None.</p>");

    /* Items: others' item means, highest lead (4.00), lowest care (3.00). */
    char *items = section(html, "items");
    HAS(items, "<h3>Most favourable</h3>\n<ol>\n<li>Sets direction");
    HAS(items, "<h3>Least favourable</h3>\n<ol>\n<li>Listens");

    /* Change: others' lead 3.00 -> 4.00, improved; care unchanged; the GAS
     * T-score 60. */
    char *change = section(html, "change");
    HAS(change, "Waves 1 \xe2\x86\x92 2");
    HAS(change, "3.00 \xe2\x86\x92 4.00 improved</text>");
    HAS(change, "3.00 \xe2\x86\x92 3.00 no reliable change</text>");
    HAS(change, "<th scope=\"row\">Leading</th><td class=\"num\">+0.00</td>"
                "<td class=\"num\">+1.00</td><td>improved</td></tr>");
    HAS(change, "Goal Attainment Scaling T-score: <strong>60.00</strong>");

    /* The footer says what "others agree" means. */
    HAS(html, "agreement up to c/6 points");
    /* The development page: the goal given, and lines for new ones. */
    char *dev = section(html, "development");
    HAS(dev, "<h3>Goals agreed</h3>");
    HAS(dev, "<tr><td>g1</td><td class=\"num\">1.00</td><td class=\"num\">+1"
             "</td></tr>");
    cr_assert_eq(count_of(dev, "<strong>Goal "), 3);

    /* EX2 is as well formed, with T 50 and no reliable change. */
    char *html2 = html_of(rep, "EX2");
    well_formed(html2);
    HAS(section(html2, "change"),
        "Goal Attainment Scaling T-score: <strong>50.00</strong>");
    HAS(section(html2, "change"), "<td>no reliable change</td>");

    /* The index: both linked, with their summaries. */
    char *index = index_of(rep);
    well_formed(index);
    HAS(index, "<tr><th scope=\"row\">EX1</th><td>2</td><td class=\"num\">1"
               "</td><td class=\"num\">0</td><td>1 improved, 0 deteriorated"
               "</td><td class=\"num\">60.00</td><td><a href=\"EX1.html\">"
               "open</a></td></tr>");
    HAS(index, "<a href=\"EX2.html\">open</a>");
    HAS(index, "<a href=\"cohort.html\">");
    HAS(index, "2 executives");
}

/* The same data without agree and change: no change section, no cue. */
Test(report, no_agree_no_change_no_change_section_no_cue)
{
    assess_responses *r = read_csv(load(TREP), REP_CSV);
    assess_report *rep = report_of(score_of(r), NULL, NULL);
    char *html = html_of(rep, "EX1");

    well_formed(html);
    HAS(html, "id=\"raters\"");
    HAS(html, "id=\"scales\"");
    HAS(html, "id=\"gaps\"");
    HAS(html, "id=\"items\"");
    LACKS(html, "id=\"change\"");
    LACKS(html, "Others agree");
    LACKS(html, "Others disagree");
    LACKS(html, "ad<sub>M</sub>");
    LACKS(html, "Goal Attainment");
    cr_assert_eq(count_of(html, "<svg"), 3); /* two scales and the gaps */

    char *index = index_of(rep);
    well_formed(index);
    LACKS(index, "improved");
    LACKS(index, "GAS T");
}

/* Agree but no change, and change but no agree: each section on its own. */
Test(report, agree_alone_and_change_alone)
{
    assess_responses *r = read_csv(load(TREP), REP_CSV);
    assess_score *s = score_of(r);

    char *html = html_of(report_of(s, agree_of(r), NULL), "EX1");
    well_formed(html);
    HAS(html, "Others agree.");
    LACKS(html, "id=\"change\"");

    html = html_of(report_of(s, NULL, change_of(r, NULL)), "EX1");
    well_formed(html);
    HAS(html, "id=\"change\"");
    LACKS(html, "Others agree");
    LACKS(html, "Others disagree");
    LACKS(html, "Goal Attainment"); /* no goals given */
}

/*
 * Strengths: no rater groups, one rater.  EX: One 1, Two 5, Three 4,
 * Four 2, Five 3; with the top 2 signature strengths those are Two and
 * Three, ranked 1 and 2.  The composite Combo is not ranked.
 */
static const char TSTR[] =
    "<instrument id='tstr' version='1' kind='strengths'>\n"
    "<title>Strength test</title>\n"
    "<response-scale id='f5' min='1' max='5'/>\n"
    "<scale id='s1'><title>One</title><item id='S1a'>one a</item></scale>\n"
    "<scale id='s2'><title>Two</title><item id='S2a'>two a</item></scale>\n"
    "<scale id='s3'><title>Three</title><item id='S3a'>three a</item></scale>\n"
    "<scale id='s4'><title>Four</title><item id='S4a'>four a</item></scale>\n"
    "<scale id='s5'><title>Five</title><item id='S5a'>five a</item></scale>\n"
    "<scale id='combo'><title>Combo</title>"
    "<part scale='s1'/><part scale='s2'/></scale>\n"
    "</instrument>\n";

Test(report, strengths_profile_marks_signature_strengths_and_has_no_gaps)
{
    assess_responses *r =
        read_csv(load(TSTR), "subject_id,rater_id,wave,S1a,S2a,S3a,S4a,S5a\n"
                             "EX,RATER-STR1,1,1,5,4,2,3\n");
    assess_score_options o;
    assess_score_options_init(&o);
    o.top = 2;
    assess_report *rep = report_of(score_with(r, &o), agree_of(r), NULL);
    char *html = html_of(rep, "EX");

    well_formed(html);
    char *str = section(html, "strengths");
    cr_assert_not_null(str, "no strengths section:\n%s", html);
    LACKS(html, "id=\"gaps\"");
    LACKS(html, "id=\"change\"");
    HAS(str, "the top 2 are your signature strengths");
    HAS(str, "<tr><td class=\"num\">1</td><td><strong>Two</strong></td>"
             "<td class=\"num\">5.00</td>");
    HAS(str, "<tr><td class=\"num\">2</td><td><strong>Three</strong></td>"
             "<td class=\"num\">4.00</td>");
    HAS(str, "<tr><td class=\"num\">3</td><td>Five</td>"
             "<td class=\"num\">3.00</td>");
    HAS(str, "<tr><td class=\"num\">5</td><td>One</td>");
    cr_assert_eq(count_of(str, "signature strength</td>"), 2);
    cr_assert_eq(count_of(str, "<strong>"), 2);
    LACKS(str, ">Combo<");
    /* A self-report: the ranked profile first, no rater groups, no
     * anonymity text, no chart a scale. */
    cr_assert(strstr(html, "id=\"strengths\"") < strstr(html,
                                                        "id=\"development\""));
    LACKS(html, "id=\"raters\"");
    LACKS(html, "id=\"scales\"");
    LACKS(html, "Raters answered in confidence");
    LACKS(html, "RATER-STR1");

    char *index = index_of(rep);
    well_formed(index);
    LACKS(index, "blind spot");
}

/* ==== 2. Suppression and confidentiality ================================= */

/*
 * Two scales of seven items, so that scores are sevenths and their two
 * decimals distinctive.  Peers minimum 3 (TCONF) or 2 (TCONF_SHOWN, the
 * control).
 */
#define TCONF_BODY(peer_minimum)                                              \
    "<response-scale id='f5' min='1' max='5'/>\n"                             \
    "<rater-groups>\n"                                                        \
    "<group id='self' role='self' minimum='1'>Self</group>\n"                 \
    "<group id='manager' role='manager' minimum='1'>Manager</group>\n"        \
    "<group id='peer' role='peer' minimum='" peer_minimum "'>Peers</group>\n" \
    "<group id='direct_report' role='direct_report' minimum='3'>Direct "      \
    "reports</group>\n"                                                       \
    "</rater-groups>\n"                                                       \
    "<scale id='alpha' reliability='0.80'><title>Alpha</title>"               \
    "<item id='A1'>a1</item><item id='A2'>a2</item><item id='A3'>a3</item>"   \
    "<item id='A4'>a4</item><item id='A5'>a5</item><item id='A6'>a6</item>"   \
    "<item id='A7'>a7</item></scale>\n"                                       \
    "<scale id='beta' reliability='0.80'><title>Beta</title>"                 \
    "<item id='B1'>b1</item><item id='B2'>b2</item><item id='B3'>b3</item>"   \
    "<item id='B4'>b4</item><item id='B5'>b5</item><item id='B6'>b6</item>"   \
    "<item id='B7'>b7</item></scale>\n"                                       \
    "</instrument>\n"

static const char TCONF[] =
    "<instrument id='tconf' version='1' kind='360'>\n"
    "<title>Confidential</title>\n" TCONF_BODY("3");

static const char TCONF_SHOWN[] =
    "<instrument id='tconf' version='1' kind='360'>\n"
    "<title>Confidential</title>\n" TCONF_BODY("2");

/*
 * EXEC-C, the same answers at waves 1 and 2: self, a manager and two peers.
 *   alpha: self 5 (5.00), manager 4 (4.00), RATER-ZQX1 9/7 = 1.2857
 *     ("1.29"), RATER-ZQX2 22/7 = 3.1429 ("3.14"); the peers' mean 31/14 =
 *     2.2143 ("2.21"); others pooled over raters (manager + peers) 59/21 =
 *     2.8095 ("2.81"), over groups (4 + 31/14) / 2 = 3.1071 ("3.11"); all
 *     raters (35 + 59) / 28 = 3.3571 ("3.36"); the gap self minus pooled
 *     others 5 - 59/21 = 2.1905 ("2.19").
 *   beta: self 2 (2.00), manager 3 (3.00), RATER-ZQX1 16/7 = 2.2857
 *     ("2.29"), RATER-ZQX2 32/7 = 4.5714 ("4.57"); peers' mean 48/14 =
 *     3.4286 ("3.43"); others pooled 69/21 = 3.2857 ("3.29"), over groups
 *     (3 + 24/7) / 2 = 3.2143 ("3.21"); all (14 + 69) / 28 = 2.9643
 *     ("2.96").
 * With peers at minimum 3, the two peers are withheld; pooled into others
 * they could be had back by subtracting the manager, so others leaves them
 * out, has one rater below its minimum (3, the strictest) and is withheld
 * too.
 * EXEC-D, wave 1 and 2: self, manager, three peers, all 3 on every item, so
 * that the cohort has a second subject and change its s_pre.
 */
static const char CONF_CSV[] =
    "subject_id,rater_id,rater_group,wave,A1,A2,A3,A4,A5,A6,A7,"
    "B1,B2,B3,B4,B5,B6,B7\n"
    "EXEC-C,RATER-SELFQ1,self,1,5,5,5,5,5,5,5,2,2,2,2,2,2,2\n"
    "EXEC-C,RATER-MGRQ1,manager,1,4,4,4,4,4,4,4,3,3,3,3,3,3,3\n"
    "EXEC-C,RATER-ZQX1,peer,1,1,1,1,1,1,2,2,2,2,2,2,2,3,3\n"
    "EXEC-C,RATER-ZQX2,peer,1,3,3,3,3,3,3,4,5,5,5,5,4,4,4\n"
    "EXEC-D,RATER-SELFQ2,self,1,3,3,3,3,3,3,3,3,3,3,3,3,3,3\n"
    "EXEC-D,RATER-MGRQ2,manager,1,3,3,3,3,3,3,3,3,3,3,3,3,3,3\n"
    "EXEC-D,RATER-PQD1,peer,1,3,3,3,3,3,3,3,3,3,3,3,3,3,3\n"
    "EXEC-D,RATER-PQD2,peer,1,3,3,3,3,3,3,3,3,3,3,3,3,3,3\n"
    "EXEC-D,RATER-PQD3,peer,1,3,3,3,3,3,3,3,3,3,3,3,3,3,3\n"
    "EXEC-C,RATER-SELFQ1,self,2,5,5,5,5,5,5,5,2,2,2,2,2,2,2\n"
    "EXEC-C,RATER-MGRQ1,manager,2,4,4,4,4,4,4,4,3,3,3,3,3,3,3\n"
    "EXEC-C,RATER-ZQX1,peer,2,1,1,1,1,1,2,2,2,2,2,2,2,3,3\n"
    "EXEC-C,RATER-ZQX2,peer,2,3,3,3,3,3,3,4,5,5,5,5,4,4,4\n"
    "EXEC-D,RATER-SELFQ2,self,2,3,3,3,3,3,3,3,3,3,3,3,3,3,3\n"
    "EXEC-D,RATER-MGRQ2,manager,2,3,3,3,3,3,3,3,3,3,3,3,3,3,3\n"
    "EXEC-D,RATER-PQD1,peer,2,3,3,3,3,3,3,3,3,3,3,3,3,3,3\n"
    "EXEC-D,RATER-PQD2,peer,2,3,3,3,3,3,3,3,3,3,3,3,3,3,3\n"
    "EXEC-D,RATER-PQD3,peer,2,3,3,3,3,3,3,3,3,3,3,3,3,3,3\n";

static const char *const CONF_RATERS[] = {
    "RATER-SELFQ1", "RATER-MGRQ1", "RATER-ZQX1", "RATER-ZQX2",
    "RATER-SELFQ2", "RATER-MGRQ2", "RATER-PQD1", "RATER-PQD2", "RATER-PQD3",
    "ZQX", "SELFQ", "MGRQ", "PQD"
};

/* The peers' scores and means, and what pooling them into others would
 * give away (by subtracting the manager). */
static const char *const PEER_VALUES[] = { "1.29", "3.14", "2.21", "2.29",
                                           "4.57", "3.43" };
static const char *const POOLED_VALUES[] = { "2.81", "3.11", "3.36", "2.19",
                                             "3.29", "3.21", "2.96" };

/* The withheld row of group `label` in a scale chart: its label, then
 * "not shown: fewer than N raters" where a value would be. */
static void chart_row_withheld(const char *chart, const char *label,
                               unsigned minimum)
{
    char want[128], says[128];
    const char *at, *gt;
    snprintf(want, sizeof want, ">%s</text>\n<text class=\"withheld\"", label);
    at = strstr(chart, want);
    cr_assert_not_null(at, "row '%s' not withheld in:\n%s", label, chart);
    snprintf(says, sizeof says, ">not shown: fewer than %u raters</text>",
             minimum);
    gt = strchr(at + strlen(want), '>');
    cr_assert(gt && strncmp(gt, says, strlen(says)) == 0, "row '%s': %.120s",
              label, at);
}

static assess_report *conf_report(const char *xml)
{
    assess_responses *r = read_csv(load(xml), CONF_CSV);
    return report_of(score_of(r), agree_of(r), change_of(r, NULL));
}

Test(report, withheld_peers_show_no_count_no_score_no_id)
{
    assess_report *rep = conf_report(TCONF);
    char *html = html_of(rep, "EXEC-C");
    char *index = index_of(rep);

    well_formed(html);
    well_formed(index);

    /* Raters: peers named with their minimum, at both waves, never with
     * their count 2. */
    char *peers = between(section(html, "raters"),
                          "<tr><th scope=\"row\">Peers</th>", "</tr>");
    cr_assert_not_null(peers, "no peers row");
    cr_assert_eq(count_of(peers, "<td class=\"num\">not shown: fewer than 3"
                                 "</td>"), 2,
                 "%s", peers);
    LACKS(peers, ">2<");
    LACKS(peers, "2</td>");
    /* The groups shown keep their counts; direct reports did not rate. */
    HAS(section(html, "raters"), "<th scope=\"row\">Manager</th><td "
                                 "class=\"num\">1</td><td class=\"num\">1</td>");
    HAS(section(html, "raters"), "<th scope=\"row\">Direct reports</th><td "
                                 "class=\"num\">0</td>");

    /* Each scale chart: self and manager shown, peers and others not. */
    for (int k = 0; k < 2; k++) {
        char id[32];
        snprintf(id, sizeof id, "id=\"scale-%d\"", k);
        char *chart = between(html, id, "</svg>");
        cr_assert_not_null(chart);
        chart_row_withheld(chart, "Peers", 3);
        chart_row_withheld(chart, "All others", 3);
        HAS(chart, k == 0 ? ">5.00</text>" : ">2.00</text>");
        HAS(chart, k == 0 ? ">4.00</text>" : ">3.00</text>");
    }
    cr_assert_eq(count_of(section(html, "scales"),
                          ">not shown: fewer than 3 raters</text>"), 4);

    /* None of the peers' values, nor what pooling would give. */
    for (size_t v = 0; v < sizeof PEER_VALUES / sizeof *PEER_VALUES; v++) {
        LACKS(html, PEER_VALUES[v]);
        LACKS(index, PEER_VALUES[v]);
    }
    for (size_t v = 0; v < sizeof POOLED_VALUES / sizeof *POOLED_VALUES; v++) {
        LACKS(html, POOLED_VALUES[v]);
        LACKS(index, POOLED_VALUES[v]);
    }

    /* No gap without others, no item highlights, no change of others. */
    HAS(section(html, "gaps"), "others not shown");
    LACKS(section(html, "gaps"), "blind spot</text>");
    HAS(section(html, "items"), "None: others are not shown.");
    LACKS(html, "Raters agree.");
    LACKS(html, "Raters disagree.");

    /* No rater id, in any report or the index. */
    for (size_t i = 0; i < assess_report_count(rep); i++) {
        char *h = page(rep, i);
        for (size_t k = 0; k < sizeof CONF_RATERS / sizeof *CONF_RATERS; k++)
            LACKS(h, CONF_RATERS[k]);
    }
    for (size_t k = 0; k < sizeof CONF_RATERS / sizeof *CONF_RATERS; k++) {
        LACKS(index, CONF_RATERS[k]);
        cr_assert(!contains_nocase(html, CONF_RATERS[k]), "%s", CONF_RATERS[k]);
    }
}

/*
 * The control: with a peer minimum of 2 the same two peers are shown, and
 * the searches above find their values (so their absence above is not an
 * accident of formatting).  Others (minimum 2) pool manager and peers:
 * 2.81 on alpha, 3.29 on beta.
 */
Test(report, control_peers_at_their_minimum_are_shown)
{
    assess_report *rep = conf_report(TCONF_SHOWN);
    char *html = html_of(rep, "EXEC-C");

    well_formed(html);
    HAS(section(html, "raters"), "<th scope=\"row\">Peers</th><td "
                                 "class=\"num\">2</td><td class=\"num\">2</td>");
    /* Two peers: their mean, but no range (two raters' range would be
     * their scores). */
    HAS(html, ">2.21</text>");
    HAS(html, ">3.43</text>");
    HAS(html, ">2.81");
    HAS(html, ">3.29");
    HAS(html, "+2.19 blind spot");
    LACKS(html, "not shown: fewer");
    /* Still no rater id. */
    for (size_t k = 0; k < sizeof CONF_RATERS / sizeof *CONF_RATERS; k++)
        LACKS(html, CONF_RATERS[k]);
}

/*
 * Ranges follow the same reasoning as means.  The peers' own row has no
 * range (two raters: its ends would be their scores), but others pools the
 * manager and the two peers: three raters, so others' range is drawn, and
 * with the manager's score shown (4.00, the top of the range), its bottom
 * is a peer's score (9/7, "1.29"), and the peers' mean shown (31/14) gives
 * the other's (2 * 31/14 - 9/7 = 22/7, "3.14").  Neither single score may
 * appear.
 */
Test(report, others_range_does_not_give_away_a_two_rater_group)
{
    assess_report *rep = conf_report(TCONF_SHOWN);
    char *html = html_of(rep, "EXEC-C");

    HAS(html, ">2.21</text>"); /* the peers' mean, without a range */
    /* Others' mean is shown, without its range: (4 + 9/7 + 22/7) / 3. */
    HAS(html, ">2.81</text>");
    /* Neither single score as a range's end (1.29 also happens to be a
     * gap on another scale, so the ends are looked for as ends). */
    LACKS(html, "(1.29");
    LACKS(html, "\xe2\x80\x93" "1.29");
    LACKS(html, "3.14");
}

/* One executive rated at both waves, alone in the batch: the RCI cannot be
 * had (no spread of pre scores), but the changes themselves can, and the
 * report must not say the subject was not rated at both waves. */
Test(report, change_of_a_lone_subject_is_shown_without_an_rci)
{
    assess_responses *r = read_csv(load(TREP),
                                   "subject_id,rater_id,rater_group,wave,"
                                   "L1,L2,C1,C2\n"
                                   "EX1,s1,self,1,5,5,3,3\n"
                                   "EX1,m1,manager,1,3,3,1,1\n"
                                   "EX1,p1,peer,1,3,3,5,5\n"
                                   "EX1,p2,peer,1,3,3,1,1\n"
                                   "EX1,p3,peer,1,3,3,5,5\n"
                                   "EX1,s1,self,2,5,5,3,3\n"
                                   "EX1,m1,manager,2,4,4,1,1\n"
                                   "EX1,p1,peer,2,4,4,5,5\n"
                                   "EX1,p2,peer,2,4,4,1,1\n"
                                   "EX1,p3,peer,2,4,4,5,5\n");
    assess_report *rep = report_of(score_of(r), agree_of(r),
                                   change_of(r, NULL));
    char *html = html_of(rep, "EX1");
    char *change = section(html, "change");

    well_formed(html);
    cr_assert_not_null(change, "no change section:\n%s", html);
    LACKS(change, "the subject was not rated at both waves");
    HAS(change, "3.00 \xe2\x86\x92 4.00");
}

/*
 * The subtraction rule where others is still shown: EXEC-E has a manager
 * (4 on alpha), three direct reports (3, 3, 2 on alpha: mean 8/3) and two
 * peers (RATER-ZQX1 9/7, RATER-ZQX2 22/7) below their minimum.  Others
 * leaves the peers out: (4 + 3 + 3 + 2) / 4 = 3.00 on alpha.  Pooled with
 * the peers it would be (12 + 31/7) / 6 = 115/42 = 2.7381 ("2.74"), which
 * minus the groups shown gives the peers' mean; over groups (4 + 8/3 +
 * 31/14) / 3 = 2.9603 ("2.96").
 * Beta: manager 3, reports 4, 4, 5 (mean 13/3), so others 3 + 4 + 4 + 5 =
 * 16 / 4 = 4.00; pooled with the peers (16 + 48/7) / 6 = 160/42 = 3.8095
 * ("3.81").
 */
static const char LEFT_OUT_CSV[] =
    "subject_id,rater_id,rater_group,wave,A1,A2,A3,A4,A5,A6,A7,"
    "B1,B2,B3,B4,B5,B6,B7\n"
    "EXEC-E,RATER-SELFQ3,self,1,5,5,5,5,5,5,5,2,2,2,2,2,2,2\n"
    "EXEC-E,RATER-MGRQ3,manager,1,4,4,4,4,4,4,4,3,3,3,3,3,3,3\n"
    "EXEC-E,RATER-DRQ1,direct_report,1,3,3,3,3,3,3,3,4,4,4,4,4,4,4\n"
    "EXEC-E,RATER-DRQ2,direct_report,1,3,3,3,3,3,3,3,4,4,4,4,4,4,4\n"
    "EXEC-E,RATER-DRQ3,direct_report,1,2,2,2,2,2,2,2,5,5,5,5,5,5,5\n"
    "EXEC-E,RATER-ZQX1,peer,1,1,1,1,1,1,2,2,2,2,2,2,2,3,3\n"
    "EXEC-E,RATER-ZQX2,peer,1,3,3,3,3,3,3,4,5,5,5,5,4,4,4\n";

Test(report, others_leave_withheld_peers_out)
{
    assess_responses *r = read_csv(load(TCONF), LEFT_OUT_CSV);
    assess_report *rep = report_of(score_of(r), agree_of(r), NULL);
    char *html = html_of(rep, "EXEC-E");

    well_formed(html);
    char *alpha = between(html, "id=\"scale-0\"", "</svg>");
    char *beta = between(html, "id=\"scale-1\"", "</svg>");
    cr_assert(alpha && beta, "charts missing:\n%s", html);
    chart_row_withheld(alpha, "Peers", 3);
    chart_row_withheld(beta, "Peers", 3);
    /* Others shown, without the peers: 3.00 (range 2.00-4.00) and 4.00. */
    HAS(alpha, "All others</text>\n<rect");
    HAS(alpha, ">3.00 (2.00\xe2\x80\x93" "4.00)</text>");
    HAS(beta, ">4.00 (3.00\xe2\x80\x93" "5.00)</text>");
    HAS(section(html, "raters"), "All others leaves out Peers");
    /* Gaps against others without the peers: 5 - 3 = +2.00, 2 - 4. */
    HAS(section(html, "gaps"), "+2.00 blind spot");
    HAS(section(html, "gaps"), "-2.00 hidden strength");
    /* Neither the pooled means nor the peers' values. */
    static const char *const gone[] = { "2.74", "2.96", "3.81", "1.29",
                                        "3.14", "2.21", "2.29", "4.57",
                                        "3.43", "RATER-ZQX", "RATER-" };
    for (size_t v = 0; v < sizeof gone / sizeof *gone; v++)
        LACKS(html, gone[v]);
    LACKS(section(html, "raters"), "<td class=\"num\">2</td>");
    HAS(section(html, "raters"), "<td class=\"num\">not shown: fewer than 3"
                                 "</td>");
}

/* ==== 3. Escaping ========================================================= */

#define EVIL "&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"dq\" 'sq'"
#define EVIL_HTML                                                             \
    "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;dq&quot; &#39;sq&#39;"

static const char TEVIL[] =
    "<instrument id='tevil' version='1' kind='360'>\n"
    "<title>Title " EVIL "</title>\n"
    "<response-scale id='e5' min='1' max='5'/>\n"
    "<rater-groups>\n"
    "<group id='self' role='self' minimum='1'>Self</group>\n"
    "<group id='peer' role='peer' minimum='1'>Group " EVIL "</group>\n"
    "</rater-groups>\n"
    "<scale id='s' reliability='0.80'><title>Scale " EVIL "</title>"
    "<description>Description " EVIL "</description>"
    "<item id='I1'>Item " EVIL "</item></scale>\n"
    "</instrument>\n";

#define EVIL_ID "<img src=x onerror=alert(1)>"

Test(report, text_from_instrument_and_responses_is_escaped)
{
    assess_responses *r = read_csv(load(TEVIL),
                                   "subject_id,rater_id,rater_group,wave,I1\n"
                                   EVIL_ID ",r1,self,1,4\n"
                                   EVIL_ID ",r2,peer,1,2\n"
                                   EVIL_ID ",r1,self,2,4\n"
                                   EVIL_ID ",r2,peer,2,3\n"
                                   "plain,r3,self,1,2\n"
                                   "plain,r4,peer,1,4\n"
                                   "plain,r3,self,2,2\n"
                                   "plain,r4,peer,2,4\n");
    assess_report *rep = report_of(score_of(r), agree_of(r),
                                   change_of(r, NULL));
    cr_assert_eq(assess_report_count(rep), 2);
    char *html = html_of(rep, EVIL_ID);
    char *index = index_of(rep);

    well_formed(html);
    well_formed(index);
    for (int pass = 0; pass < 2; pass++) {
        const char *h = pass ? index : html;
        HAS(h, "&lt;script&gt;");
        cr_assert(!contains_nocase(h, "<script"));
        cr_assert(!contains_nocase(h, "<img"));
        cr_assert(!contains_nocase(h, "</script"));
        HAS(h, "Title " EVIL_HTML);
        HAS(h, "&lt;img src=x onerror=alert(1)&gt;");
    }
    /* Each place the text goes, escaped whole. */
    HAS(html, "<title>&lt;img src=x onerror=alert(1)&gt; \xe2\x80\x93 Title "
              EVIL_HTML "</title>");
    HAS(html, "<h1>&lt;img src=x onerror=alert(1)&gt;</h1>");
    HAS(section(html, "raters"), "<th scope=\"row\">Group " EVIL_HTML "</th>");
    HAS(section(html, "scales"), "<h3>Scale " EVIL_HTML "</h3>");
    HAS(section(html, "scales"), "<p class=\"note\">Description " EVIL_HTML
                                 "</p>");
    HAS(section(html, "scales"), "Ratings by group: Scale " EVIL_HTML
                                 "</title>");
    HAS(section(html, "scales"), ">Group " EVIL_HTML "</text>");
    HAS(section(html, "gaps"), ">Scale " EVIL_HTML "</text>");
    HAS(section(html, "items"), "<li>Item " EVIL_HTML " <span");
    HAS(section(html, "change"), "<th scope=\"row\">Scale " EVIL_HTML "</th>");
    /* No raw quote of the data inside text: every " and ' escaped. */
    LACKS(html, "\"dq\"");
    LACKS(html, "'sq'");

    /* The file name is safe and the index links to it. */
    size_t evil = strcmp(assess_report_subject(rep, 0), EVIL_ID) == 0 ? 0 : 1;
    cr_assert_str_eq(assess_report_subject(rep, evil), EVIL_ID);
    const char *file = assess_report_file(rep, evil);
    cr_assert_not_null(file);
    cr_assert_str_eq(file, "_img_src_x_onerror_alert_1__.html");
    cr_assert_null(strpbrk(file, "</ >\"'&"), "file '%s'", file);
    HAS(index, "<th scope=\"row\">&lt;img src=x onerror=alert(1)&gt;</th>");
    HAS(index, "<a href=\"_img_src_x_onerror_alert_1__.html\">open</a>");
}

/* ==== 4. File names ======================================================= */

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

Test(report, file_names_are_safe_and_unique)
{
    /* 100 bytes, then the same 96 with other endings: the kept part is the
     * same, so the names must differ by a suffix. */
    static const char LONG1[] =
        "LONGxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxAAAA";
    static const char LONG2[] =
        "LONGxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxBBBB";
    static const char *const ids[] = {
        "a/b", "../x", ".hidden", "INDEX", "index", "E1", "e1", "a_b",
        "..", ".", "index.html", "INDEX.HTML", "x", "X", "x-2",
        "/etc/passwd", "a\\b", "caf\xc3\xa9", "caf__", "-", LONG1, LONG2,
    };
    size_t n_ids = sizeof ids / sizeof *ids;
    char csv[8192];
    size_t o = (size_t)snprintf(csv, sizeof csv,
                                "subject_id,rater_id,wave,S1a,S2a,S3a,S4a,"
                                "S5a\n");
    for (size_t i = 0; i < n_ids; i++)
        o += (size_t)snprintf(csv + o, sizeof csv - o,
                              "\"%s\",RATER-F%zu,1,1,2,3,4,5\n", ids[i], i);
    cr_assert_lt(o, sizeof csv);

    assess_responses *r = read_csv(load(TSTR), csv);
    assess_report *rep = report_of(score_of(r), NULL, NULL);
    size_t n = assess_report_count(rep);
    cr_assert_eq(n, n_ids);
    char *index = index_of(rep);
    well_formed(index);

    for (size_t i = 0; i < n; i++) {
        const char *f = assess_report_file(rep, i);
        const char *id = assess_report_subject(rep, i);
        cr_assert_not_null(f);
        cr_assert(ends_with(f, ".html"), "'%s' -> '%s'", id, f);
        cr_assert(strlen(f) > 5, "'%s' -> '%s'", id, f);
        cr_assert_neq(f[0], '.', "'%s' -> '%s'", id, f);
        cr_assert_null(strchr(f, '/'), "'%s' -> '%s'", id, f);
        cr_assert_null(strchr(f, '\\'), "'%s' -> '%s'", id, f);
        cr_assert(strcasecmp(f, "index.html") != 0, "'%s' -> '%s'", id, f);
        for (const char *p = f; *p; p++)
            cr_assert(isalnum((unsigned char)*p) || strchr("._-", *p),
                      "'%s' -> '%s'", id, f);
        for (size_t j = 0; j < i; j++)
            cr_assert(strcasecmp(f, assess_report_file(rep, j)) != 0,
                      "'%s' and '%s' both -> '%s'", id,
                      assess_report_subject(rep, j), f);
        /* The index links every report by its file name. */
        char link[256];
        snprintf(link, sizeof link, "<a href=\"%s\">", f);
        HAS(index, link);
        /* Stable: asked twice, the same name. */
        cr_assert_eq(assess_report_file(rep, i), f);
    }
    /* The ids as given, kept in the reports (escaped), not in the names. */
    cr_assert_eq(count_of(index, "<a href="), n_ids + 1); /* and the cohort */
    for (size_t i = 0; i < n; i++)
        if (strcmp(assess_report_subject(rep, i), "E1") == 0)
            cr_assert_str_eq(assess_report_file(rep, i), "E1.html");
}

/* A single subject named like the index does not take its name. */
Test(report, a_subject_called_index_does_not_take_the_index)
{
    assess_responses *r =
        read_csv(load(TSTR), "subject_id,rater_id,wave,S1a,S2a,S3a,S4a,S5a\n"
                             "Index.HTML,r1,1,1,2,3,4,5\n");
    assess_report *rep = report_of(score_of(r), NULL, NULL);
    const char *f = assess_report_file(rep, 0);
    cr_assert(strcasecmp(f, "index.html") != 0, "'%s'", f);
    cr_assert(ends_with(f, ".html"));
    cr_assert_neq(f[0], '.');
}

/* ==== 5. Numbers =========================================================== */

/*
 * A continuous 0..10 scale, so that means can differ by a thousandth.
 * N1, wave 1: self 5.004, peer 5.006; wave 2: self 5.000, peer 5.003.  At
 * wave 2 the gap is 5.000 - 5.003 = -0.003; self's change 5.000 - 5.004 =
 * -0.004, others' 5.003 - 5.006 = -0.003; the peer's item mean 5.003.
 * N2 (for s_pre): self and peer 3 at wave 1, 3.001 and 2.999 at wave 2:
 * gap +0.002, others' change -0.001.
 */
static const char TNUM[] =
    "<instrument id='tnum' version='1' kind='360'>\n"
    "<title>Numbers</title>\n"
    "<response-scale id='c10' min='0' max='10' type='continuous'/>\n"
    "<rater-groups>\n"
    "<group id='self' role='self' minimum='1'>Self</group>\n"
    "<group id='peer' role='peer' minimum='1'>Peer</group>\n"
    "</rater-groups>\n"
    "<scale id='x' reliability='0.80'><title>X</title>"
    "<item id='X1'>x one</item></scale>\n"
    "</instrument>\n";

static const char NUM_CSV[] =
    "subject_id,rater_id,rater_group,wave,X1\n"
    "N1,r1,self,1,5.004\n"
    "N1,r2,peer,1,5.006\n"
    "N2,r3,self,1,3\n"
    "N2,r4,peer,1,3\n"
    "N1,r1,self,2,5.000\n"
    "N1,r2,peer,2,5.003\n"
    "N2,r3,self,2,3.001\n"
    "N2,r4,peer,2,2.999\n";

static void no_negative_zero(const assess_report *rep)
{
    for (size_t i = 0; i < assess_report_count(rep); i++) {
        char *html = page(rep, i);
        well_formed(html);
        LACKS(html, "-0.00");
        LACKS(html, "\xe2\x88\x92" "0.00"); /* a minus sign */
        LACKS(html, ">-0<");
    }
    LACKS(index_of(rep), "-0.00");
}

Test(report, no_negative_zero_for_tiny_negative_gaps_and_changes)
{
    assess_responses *r = read_csv(load(TNUM), NUM_CSV);
    assess_report *rep = report_of(score_of(r), agree_of(r),
                                   change_of(r, goals_of(
                                       "subject_id,goal_id,weight,level\n"
                                       "N1,g1,1,0\n")));
    char *html = html_of(rep, "N1");

    /* The numbers are there, as zeros. */
    HAS(section(html, "gaps"), ">+0.00</text>");
    HAS(section(html, "change"), "<th scope=\"row\">X</th><td class=\"num\">"
                                 "+0.00</td><td class=\"num\">+0.00</td>");
    HAS(section(html, "change"), "5.01 \xe2\x86\x92 5.00");
    HAS(section(html, "items"), "(5.00)");
    no_negative_zero(rep);
}

/*
 * The same with a gap threshold of 0.001: the gap of -0.003 is now a
 * hidden strength, and is listed as such; its number must still not read
 * "-0.00".
 */
Test(report, no_negative_zero_in_the_list_of_hidden_strengths)
{
    assess_responses *r = read_csv(load(TNUM), NUM_CSV);
    assess_score_options o;
    assess_score_options_init(&o);
    o.gap_threshold = 0.001;
    assess_report *rep = report_of(score_with(r, &o), agree_of(r),
                                   change_of(r, NULL));
    char *html = html_of(rep, "N1");

    HAS(section(html, "gaps"), "<h3>Hidden strengths</h3>\n<ul>\n<li>X");
    no_negative_zero(rep);
}

/* ==== 5. What a coach hands over ========================================== */

/* Names from a subjects file: the cover, the running header of every
 * printed page (a CSS string: quotes and '<' escaped), the index; file
 * names stay the ids'. */
Test(report, subjects_file_names_the_cover_pages_and_index)
{
    assess_responses *r = read_csv(load(TREP), REP_CSV);
    assess_error err;
    assess_error_init(&err);
    assess_subjects *subj = assess_subjects_read_file(
        temp_file("subject_id,name,organisation,role,coach,email\n"
                  "EX1,Zoë \"Z\" </style> Ng,Acme & Co,Head of Ops,Dr. Lee,"
                  "z@example.com\n"),
        &err);
    cr_assert_not_null(subj, "%s", err.message);
    assess_report_options o;
    assess_report_options_init(&o);
    o.subjects = subj;
    o.made_on = "2026-12-07";
    assess_report *rep = report_with(score_of(r), agree_of(r), NULL, &o);
    char *html = html_of(rep, "EX1");
    well_formed(html);

    char *cover = section(html, "cover");
    HAS(cover, "<h1>Zo\xc3\xab &quot;Z&quot; &lt;/style&gt; Ng</h1>");
    HAS(cover, "Head of Ops, Acme &amp; Co");
    HAS(cover, "<th scope=\"row\">Coach</th><td>Dr. Lee</td>");
    HAS(cover, "<th scope=\"row\">Report made</th><td>2026-12-07</td>");
    LACKS(html, "z@example.com"); /* e-mail is for sending, not showing */
    /* One </style>: the name's is escaped in the page box's string. */
    cr_assert_eq(count_of(html, "</style>"), 1);
    HAS(html, "@top-left{content:\"Zo\xc3\xab \\22 Z\\22  \\3c /style\\3e  Ng "
              "\xc2\xb7 confidential\"");
    HAS(html, "counter(page) \" of \" counter(pages)");
    cr_assert_str_eq(assess_report_file(rep, 0), "EX1.html");
    /* EX2 is not in the file: its id. */
    HAS(html_of(rep, "EX2"), "<h1>EX2</h1>");
    HAS(index_of(rep), "<th scope=\"row\">Zo\xc3\xab &quot;Z&quot; &lt;/style&gt;"
                       " Ng</th>");
    assess_subjects_free(subj);
}

Test(report, subjects_file_errors_name_file_and_line)
{
    assess_error err;
    assess_error_init(&err);
    cr_assert_null(assess_subjects_read_file(
        temp_file("name,coach\nAna,Lee\n"), &err));
    cr_assert_eq(err.status, ASSESS_EFORMAT);
    HAS(err.message, "no column 'subject_id'");
    cr_assert_eq(err.line, 1);
    assess_error_init(&err);
    cr_assert_null(assess_subjects_read_file(
        temp_file("subject_id,name\nE1,Ana\nE2,Ben\nE1,Cara\n"), &err));
    cr_assert_eq(err.line, 4);
    HAS(err.message, "subject 'E1' is already given on line 2");
}

/* Reverse-worded items are marked with what a favourable score means. */
static const char TREV[] =
    "<instrument id='trev' version='1' kind='360'>\n"
    "<title>Reverse</title>\n"
    "<response-scale id='f5' min='1' max='5'/>\n"
    "<rater-groups>\n"
    "<group id='self' role='self' minimum='1'>Self</group>\n"
    "<group id='peer' role='peer' minimum='3'>Peers</group>\n"
    "</rater-groups>\n"
    "<scale id='a'><title>A</title><item id='A1'>Plans ahead</item>"
    "<item id='A2' reverse='true'>Blames others</item></scale>\n"
    "</instrument>\n";

Test(report, reverse_worded_items_read_the_right_way)
{
    /* Peers answer A2 "blames others" with 1 (rarely): scored 5, the most
     * favourable item, and said so. */
    assess_responses *r = read_csv(load(TREV),
                                   "subject_id,rater_id,rater_group,A1,A2\n"
                                   "E,s,self,3,3\n"
                                   "E,p1,peer,3,1\nE,p2,peer,3,1\n"
                                   "E,p3,peer,2,1\n");
    char *items = section(html_of(report_of(score_of(r), NULL, NULL), "E"),
                          "items");
    HAS(items, "<h3>Most favourable</h3>\n<ol>\n<li>Blames others <span "
               "class=\"reverse\">(reverse-worded: a favourable score means "
               "this happens rarely)</span> <span class=\"note\">(5.00)");
    HAS(items, "<li>Plans ahead <span class=\"note\">(2.67)");
}

/* The three-level cue: ad_m at most c/6 (0.83 on five points) agrees,
 * from random answers' 1.2 up disagrees, mixed between (Burke & Dunlap
 * 2002).  Others (the manager and three peers) the same on every item:
 * 3, 3, 3, 4 deviate from 3.25 by 0.375 on average, agreement; 1, 1, 5,
 * 5 by 2, disagreement; 1, 3, 3, 5 by 1, mixed views. */
Test(report, agreement_cue_has_three_levels)
{
    static const char *const sets[3][4] = {
        { "3", "3", "3", "4" }, { "1", "1", "5", "5" }, { "1", "3", "3", "5" }
    };
    static const char *const want[3] = { "Others agree.", "Others disagree.",
                                         "Mixed views." };
    static const char *const ad[3] = { "(average deviation 0.38)",
                                       "(average deviation 2.00)",
                                       "(average deviation 1.00)" };
    for (int i = 0; i < 3; i++) {
        char csv[512];
        const char *const *v = sets[i];
        snprintf(csv, sizeof csv,
                 "subject_id,rater_id,rater_group,L1,L2,C1,C2\n"
                 "E,s,self,3,3,3,3\n"
                 "E,m,manager,%s,%s,%s,%s\n"
                 "E,p1,peer,%s,%s,%s,%s\nE,p2,peer,%s,%s,%s,%s\n"
                 "E,p3,peer,%s,%s,%s,%s\n",
                 v[0], v[0], v[0], v[0], v[1], v[1], v[1], v[1],
                 v[2], v[2], v[2], v[2], v[3], v[3], v[3], v[3]);
        assess_responses *r = read_csv(load(TREP), csv);
        char *html = html_of(report_of(score_of(r), agree_of(r), NULL), "E");
        HAS(section(html, "scales"), want[i]);
        HAS(section(html, "scales"), ad[i]);
    }
}

/* The rater-change caveat: there exactly when who rated changed. */
Test(report, rater_change_caveat_exactly_when_raters_changed)
{
    assess_responses *r = read_csv(load(TREP), REP_CSV);
    char *same = html_of(report_of(score_of(r), NULL, change_of(r, NULL)),
                         "EX1");
    LACKS(section(same, "change"), "Who rated changed");

    /* EX1's p3 leaves and p7 joins at wave 2. */
    char csv[sizeof REP_CSV + 64];
    snprintf(csv, sizeof csv, "%s", REP_CSV);
    char *at = strstr(csv, "EX1,p3,peer,2,");
    cr_assert_not_null(at);
    memcpy(at, "EX1,p7", 6);
    r = read_csv(load(TREP), csv);
    char *changed = section(html_of(report_of(score_of(r), NULL,
                                              change_of(r, NULL)), "EX1"),
                            "change");
    HAS(changed, "<strong>Who rated changed between the waves.</strong> "
                 "Among All others, 1 left, 1 joined");
}

/* Percentiles name the norm group they were taken against. */
Test(report, percentiles_name_their_norm_group)
{
    static const char TNORM[] =
        "<instrument id='tn' version='1' kind='360'>\n<title>N</title>\n"
        "<response-scale id='f5' min='1' max='5'/>\n<rater-groups>\n"
        "<group id='self' role='self' minimum='1'>Self</group>\n"
        "<group id='peer' role='peer' minimum='3'>Peers</group>\n"
        "</rater-groups>\n<scale id='a'><title>A</title>"
        "<item id='A1'>one</item></scale>\n"
        "<norms><norm scale='a' mean='3' sd='1' n='250'>Managers, 2025 "
        "(illustrative)</norm></norms>\n</instrument>\n";
    assess_responses *r = read_csv(load(TNORM),
                                   "subject_id,rater_id,rater_group,A1\n"
                                   "E,s,self,4\nE,p1,peer,3\nE,p2,peer,3\n"
                                   "E,p3,peer,3\n");
    char *scales = section(html_of(report_of(score_of(r), NULL, NULL), "E"),
                           "scales");
    HAS(scales, "percentile 84"); /* self: z = 1 */
    HAS(scales, "Percentiles against: Managers, 2025 (illustrative) (n = "
                "250).");
}

/* A tie that reaches past the last signature strength is said as such,
 * tied scales sharing their rank. */
Test(report, strengths_tie_at_the_cut)
{
    assess_responses *r =
        read_csv(load(TSTR), "subject_id,rater_id,wave,S1a,S2a,S3a,S4a,S5a\n"
                             "EX,RATER-STR1,1,5,4,4,4,1\n");
    assess_score_options o;
    assess_score_options_init(&o);
    o.top = 2;
    char *str = section(html_of(report_of(score_with(r, &o), NULL, NULL), "EX"),
                        "strengths");
    HAS(str, "<strong>Tied second:</strong> Two, Three and Four have the "
             "same score");
    cr_assert_eq(count_of(str, "<td class=\"num\">=2</td>"), 3, "%s", str);
}

/* The cohort report: no executive named, a scale shown only from the
 * cohort minimum of executives up, the cohort's change. */
Test(report, cohort_report_names_no_one_and_keeps_its_minimum)
{
    assess_responses *r = read_csv(load(TREP), REP_CSV);
    assess_report_options o;
    assess_report_options_init(&o);
    o.cohort_minimum = 2;
    assess_report *rep = report_with(score_of(r), agree_of(r),
                                     change_of(r, NULL), &o);
    char *cohort = cohort_of(rep);
    well_formed(cohort);
    LACKS(cohort, "EX1");
    LACKS(cohort, "EX2");
    /* Two executives: others' lead means 4 and 2 at wave 2, mean 3. */
    HAS(cohort, ">mean 3.00</text>");
    cr_assert_eq(count_of(section(cohort, "cohort-0"), "<circle class=\"dot\""),
                 2);
    /* Change of others' lead: +1 and 0, mean +0.50 over 2 executives. */
    HAS(section(cohort, "cohort-0"), "moved by +0.50");

    o.cohort_minimum = 3;
    cohort = cohort_of(report_with(score_of(r), agree_of(r), NULL, &o));
    well_formed(cohort);
    HAS(cohort, "<p>Not shown: fewer than 3 executives.</p>");
    LACKS(cohort, "<circle");
}

/* ==== Every wave, and the outcome ========================================= */

/*
 * Three waves of TREP.  EX1: self 5 on lead throughout; the manager 3, 4,
 * 4; three peers 3 and 4 at waves 1 and 2, at wave 3 one of them gone and
 * another come, all 4 (who rated changed from wave 1 to 3 and 2 to 3).
 * EX2: self 2, three managers 2 throughout, two peers only (withheld at
 * every wave: no line).  Care
 * stays 3 for everyone.  Others' lead at the baseline: 3 (EX1) and 2 (EX2),
 * s_pre = sqrt(0.5); with r_xx .80, S_diff = sqrt(2) sqrt(0.5) sqrt(0.2)
 * = sqrt(0.2) (Jacobson & Truax 1991), so EX1's others' change of +1 from
 * wave 1 to 2 and to 3 gives RCI 2.236 > 1.96, improved, and 0 from wave
 * 2 to 3 held.
 */
static const char TREND_CSV[] =
    "subject_id,rater_id,rater_group,wave,L1,L2,C1,C2\n"
    "EX1,s1,self,1,5,5,3,3\n"
    "EX1,m1,manager,1,3,3,3,3\n"
    "EX1,p1,peer,1,3,3,3,3\n"
    "EX1,p2,peer,1,3,3,3,3\n"
    "EX1,p3,peer,1,3,3,3,3\n"
    "EX1,s1,self,2,5,5,3,3\n"
    "EX1,m1,manager,2,4,4,3,3\n"
    "EX1,p1,peer,2,4,4,3,3\n"
    "EX1,p2,peer,2,4,4,3,3\n"
    "EX1,p3,peer,2,4,4,3,3\n"
    "EX1,s1,self,3,5,5,3,3\n"
    "EX1,m1,manager,3,4,4,3,3\n"
    "EX1,p1,peer,3,4,4,3,3\n"
    "EX1,p2,peer,3,4,4,3,3\n"
    "EX1,p9,peer,3,4,4,3,3\n"
    "EX2,s2,self,1,2,2,3,3\n"
    "EX2,m2,manager,1,2,2,3,3\n"
    "EX2,m3,manager,1,2,2,3,3\n"
    "EX2,m4,manager,1,2,2,3,3\n"
    "EX2,p4,peer,1,2,2,3,3\n"
    "EX2,p5,peer,1,2,2,3,3\n"
    "EX2,s2,self,2,2,2,3,3\n"
    "EX2,m2,manager,2,2,2,3,3\n"
    "EX2,m3,manager,2,2,2,3,3\n"
    "EX2,m4,manager,2,2,2,3,3\n"
    "EX2,p4,peer,2,2,2,3,3\n"
    "EX2,p5,peer,2,2,2,3,3\n"
    "EX2,s2,self,3,2,2,3,3\n"
    "EX2,m2,manager,3,2,2,3,3\n"
    "EX2,m3,manager,3,2,2,3,3\n"
    "EX2,m4,manager,3,2,2,3,3\n"
    "EX2,p4,peer,3,2,2,3,3\n"
    "EX2,p5,peer,3,2,2,3,3\n";

/* Change over every wave, as `assess report` computes it with three. */
static assess_table *waves_of(const assess_responses *r)
{
    assess_change_options o;
    assess_error err;
    assess_change_options_init(&o);
    o.waves_all = 1;
    assess_error_init(&err);
    assess_table *t = assess_change_compute(r, &o, &err);
    cr_assert_not_null(t, "assess_change_compute: %s", err.message);
    return keep_table(t);
}

/* The points of group `group`'s line in a trend chart; -1: no line. */
static int line_points(const char *chart, const char *group)
{
    char open[64];
    snprintf(open, sizeof open, "data-group=\"%s\"", group);
    const char *g = strstr(chart, open);
    if (!g)
        return -1;
    const char *p = strstr(g, "points=\"");
    cr_assert_not_null(p);
    p += 8;
    int n = *p != '"';
    for (; *p && *p != '"'; p++)
        n += *p == ' ';
    return n;
}

Test(report, three_waves_draw_a_line_per_shown_group)
{
    assess_responses *r = read_csv(load(TREP), TREND_CSV);
    assess_report *rep = report_of(score_of(r), agree_of(r), waves_of(r));
    char *html = html_of(rep, "EX1");

    well_formed(html);
    LACKS(html, "<section id=\"change\"");
    char *trend = section(html, "trend");
    char *lead = between(trend, "id=\"trend-0\"", "id=\"trend-1\"");
    cr_assert_not_null(lead);
    /* self, manager, peers and All others, a point per wave */
    cr_assert_eq(count_of(lead, "class=\"trend-line\""), 4);
    cr_assert_eq(line_points(lead, "self"), 3);
    cr_assert_eq(line_points(lead, "manager"), 3);
    cr_assert_eq(line_points(lead, "peer"), 3);
    cr_assert_eq(line_points(lead, "others"), 3);
    /* each wave named under the chart */
    HAS(lead, ">Wave 1</text>");
    HAS(lead, ">Wave 3</text>");
    /* the changes in words: improved from the baseline, then held */
    char *others = between(lead, "<th scope=\"row\">All others</th>", "</tr>");
    cr_assert_not_null(others);
    HAS(others, "<td>+1.00, improved</td><td>+1.00, improved</td>"
                "<td>+0.00, held</td>");
    HAS(trend, "Did it hold?");
    /* a line's marker and name in the key, not colour alone */
    cr_assert_eq(count_of(lead, "class=\"point\""), 4 * 3 + 4);

    /* EX2's two peers are withheld at every wave: no line, no value */
    char *ex2 = section(html_of(rep, "EX2"), "trend");
    LACKS(ex2, "data-group=\"peer\"");
    char *peers = between(ex2, "<th scope=\"row\">Peers</th>", "</tr>");
    cr_assert_not_null(peers);
    HAS(peers, "withheld: fewer than 3 raters");
    LACKS(peers, "2.00");

    /* the index: others' reliable changes from the baseline to the last
     * wave (lead improved, care unchanged) */
    HAS(index_of(rep), "waves 1 \xe2\x86\x92 3: 1 improved, 0 deteriorated");
}

Test(report, three_waves_say_who_rated_changed_for_each_pair)
{
    assess_responses *r = read_csv(load(TREP), TREND_CSV);
    assess_report *rep = report_of(score_of(r), agree_of(r), waves_of(r));
    char *trend = section(html_of(rep, "EX1"), "trend");
    /* p3 rated at waves 1 and 2 only, p9 at 3 only: who rated changed
     * between 1 and 3 and between 2 and 3, not between 1 and 2 */
    LACKS(trend, "Who rated changed between waves 1 and 2.");
    HAS(trend, "Who rated changed between waves 1 and 3.");
    HAS(trend, "Who rated changed between waves 2 and 3.");
}

Test(report, two_waves_keep_the_before_and_after_chart)
{
    assess_responses *r = read_csv(load(TREP), REP_CSV);
    assess_report *rep = report_of(score_of(r), agree_of(r),
                                   change_of(r, NULL));
    char *html = html_of(rep, "EX1");
    section(html, "change");
    LACKS(html, "<section id=\"trend\"");
    LACKS(html, "<section id=\"outcome\"");
}

/* The roi table's value of `statistic` for subject (""), from its CSV. */
static double roi_value(const assess_table *t, const char *subject,
                        const char *statistic)
{
    char *p = NULL, key[128];
    size_t size = 0;
    assess_error err;
    FILE *f = open_memstream(&p, &size);
    cr_assert_not_null(f);
    assess_error_init(&err);
    cr_assert_eq(assess_table_write_csv(t, f, &err), ASSESS_OK);
    cr_assert_eq(fclose(f), 0);
    keep_text(p);
    snprintf(key, sizeof key, "\n%s,,,,,%s,", subject, statistic);
    const char *at = strstr(p, key);
    cr_assert_not_null(at, "no %s of '%s' in:\n%s", statistic, subject, p);
    return strtod(at + strlen(key), NULL);
}

/*
 * Phillips ROI on EX1: cost 5,000 + half the programme's 1,000 = 5,500;
 * one benefit 20,000 x .5 x .8 = 8,000 (the other has no annual value:
 * left out); net 2,500; ROI 2,500 / 5,500 x 100 = 45%; BCR 1.45.
 */
static const char ROI_COSTS[] = "subject_id,cost\n,1000\nEX1,5000\nEX2,5000\n";
static const char ROI_BENEFITS[] =
    "subject_id,benefit_id,description,annual_value,attribution,confidence\n"
    "EX1,B1,Fewer <escalations>,20000,0.5,0.8\n"
    "EX1,B2,Not yet valued,,0.5,0.5\n"
    "EX2,B1,Faster decisions,3000,1,1\n";

static assess_report *roi_report(unsigned cohort_minimum, assess_table **roi)
{
    assess_responses *r = read_csv(load(TREP), TREND_CSV);
    assess_error err;
    assess_error_init(&err);
    assess_costs *costs = assess_costs_read_file(temp_file(ROI_COSTS), &err);
    cr_assert_not_null(costs, "%s", err.message);
    assess_benefits *benefits =
        assess_benefits_read_file(temp_file(ROI_BENEFITS), &err);
    cr_assert_not_null(benefits, "%s", err.message);
    *roi = keep_table(assess_roi_compute(costs, benefits, &err));
    assess_report_options o;
    assess_report_options_init(&o);
    o.roi = *roi;
    o.benefits = benefits;
    o.cohort_minimum = cohort_minimum;
    /* costs and benefits outlive the report: freed with it, at the end of
     * the test */
    cr_assert_lt(n_roi_files, KEEP);
    costs_kept[n_roi_files] = costs;
    benefits_kept[n_roi_files++] = benefits;
    return report_with(score_of(r), agree_of(r), waves_of(r), &o);
}

Test(report, outcome_shows_the_roi_tables_values)
{
    assess_table *roi;
    assess_report *rep = roi_report(5, &roi);
    char *out = section(html_of(rep, "EX1"), "outcome");
    char buf[64];

    cr_assert_float_eq(roi_value(roi, "EX1", "cost"), 5500, 1e-9);
    cr_assert_float_eq(roi_value(roi, "EX1", "adjusted_benefits"), 8000, 1e-9);
    cr_assert_float_eq(roi_value(roi, "EX1", "net_benefits"), 2500, 1e-9);
    HAS(out, "<th scope=\"row\">Cost</th><td class=\"num\">5,500</td>");
    HAS(out, "Adjusted benefits (a year)</th><td class=\"num\">8,000</td>");
    HAS(out, "Net benefits</th><td class=\"num\">2,500</td>");
    snprintf(buf, sizeof buf, "<td class=\"num\">%.0f%%</td>",
             roi_value(roi, "EX1", "roi_percent"));
    HAS(out, buf);
    HAS(out, "<td class=\"num\">45%</td>");
    snprintf(buf, sizeof buf, "<td class=\"num\">%.2f</td>",
             roi_value(roi, "EX1", "bcr"));
    HAS(out, buf);
    /* each benefit, escaped; the one without an estimate left out */
    HAS(out, "Fewer &lt;escalations&gt;");
    HAS(out, "<td class=\"num\">20,000</td><td class=\"num\">50%</td>"
             "<td class=\"num\">80%</td><td class=\"num\">8,000</td>");
    HAS(out, "Not yet valued");
    HAS(out, "1 benefit left out for want of an estimate");
    HAS(out, "Phillips ROI methodology");
    LACKS(out, "Faster decisions"); /* EX2's */
}

Test(report, cohort_outcome_only_from_the_minimum)
{
    assess_table *roi;
    char *below = section(cohort_of(roi_report(5, &roi)), "outcome");
    HAS(below, "Not shown: benefits estimated for fewer than 5 executives.");
    LACKS(below, "Net benefits");
    LACKS(below, "11,000");

    char *shown = section(cohort_of(roi_report(2, &roi)), "outcome");
    cr_assert_float_eq(roi_value(roi, "", "cost"), 11000, 1e-9);
    HAS(shown, "<th scope=\"row\">Cost</th><td class=\"num\">11,000</td>");
    HAS(shown, "Adjusted benefits (a year)</th><td class=\"num\">11,000</td>");
    HAS(shown, "over 2 executives");
}

Test(report, cohort_report_gives_each_waves_mean_from_the_minimum)
{
    assess_responses *r = read_csv(load(TREP), TREND_CSV);
    assess_report_options o;
    assess_report_options_init(&o);
    o.cohort_minimum = 2;
    char *cohort = cohort_of(report_with(score_of(r), agree_of(r),
                                         waves_of(r), &o));
    HAS(cohort, "<strong>Across the waves</strong>");
    /* others' lead: (3 + 2) / 2 at wave 1, (4 + 2) / 2 after */
    HAS(cohort, " wave 1 2.50 (2 executives); wave 2 3.00 (2 executives); "
                "wave 3 3.00 (2 executives).");
    o.cohort_minimum = 3;
    cohort = cohort_of(report_with(score_of(r), agree_of(r), waves_of(r), &o));
    LACKS(cohort, "2.50 (2 executives)");
}
