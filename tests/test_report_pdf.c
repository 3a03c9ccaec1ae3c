/*
 * test_report_pdf.c - the reports as PDF (engine/output_report_pdf.c)
 * through the public API, assess_report_write_pdf, _write_index_pdf and
 * _write_cohort_pdf, and through report_pdf_describe(), which lays a
 * document out as the writers do and says what it draws.
 *
 * Checked here: every document is a whole PDF, the same bytes however
 * often and on however many threads it is drawn; the paper; the page
 * furniture (the name at the head of every page after the cover, "page N
 * of M" at every foot), the metadata and the bookmarks; that no chart or
 * table that fits on a page is split across two; that text from the input
 * is drawn, never obeyed; that a write error is one.  What a PDF holds as
 * text (every section, every name, the same words as the HTML page) and
 * how it renders are checked through the binary with poppler in
 * tests/run-pdf.sh; what it lets out of withheld raters, in
 * tests/test_disclose.c.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "assess.h"
#include "output_report_pdf.h"

/* ==== The demo cohort ===================================================== */

typedef struct demo {
    assess_instrument *inst;
    assess_responses *resp;
    assess_subjects *subjects;
    assess_goals *goals;
    assess_score *score;
    assess_table *agree, *change;
    assess_report *rep;
} demo;

static demo d;
static char *texts[256];
static size_t n_texts;

static void teardown(void)
{
    assess_report_free(d.rep);
    assess_table_free(d.change);
    assess_table_free(d.agree);
    assess_score_free(d.score);
    assess_goals_free(d.goals);
    assess_subjects_free(d.subjects);
    assess_responses_free(d.resp);
    assess_instrument_free(d.inst);
    memset(&d, 0, sizeof d);
    for (size_t i = 0; i < n_texts; i++)
        free(texts[i]);
    n_texts = 0;
}

TestSuite(report_pdf, .fini = teardown);

/*
 * The reports of an instrument and responses, with subjects and goals
 * files where given (NULL: none), made on `made_on`.
 */
static assess_report *reports_of(const char *instrument, const char *responses,
                                 const char *subjects, const char *goals,
                                 const char *made_on)
{
    assess_error err;
    assess_read_options ro;
    assess_score_options so;
    assess_agree_options ao;
    assess_change_options co;
    assess_report_options rop;

    assess_error_init(&err);
    d.inst = assess_instrument_load(instrument, NULL, NULL, &err);
    cr_assert_not_null(d.inst, "%s: %s", instrument, err.message);
    assess_read_options_init(&ro);
    d.resp = assess_responses_new(d.inst, &ro, &err);
    cr_assert_not_null(d.resp);
    cr_assert_eq(assess_responses_read_file(d.resp, responses, &err), ASSESS_OK,
                 "%s", err.message);
    if (subjects)
        cr_assert_not_null(d.subjects = assess_subjects_read_file(subjects,
                                                                  &err),
                           "%s", err.message);
    if (goals)
        cr_assert_not_null(d.goals = assess_goals_read_file(goals, &err), "%s",
                           err.message);
    assess_score_options_init(&so);
    cr_assert_not_null(d.score = assess_score_compute(d.resp, &so, &err));
    assess_agree_options_init(&ao);
    ao.score = d.score;
    cr_assert_not_null(d.agree = assess_agree_compute(d.resp, &ao, &err));
    if (assess_responses_wave_count(d.resp) > 1) {
        assess_change_options_init(&co);
        co.score = d.score;
        co.goals = d.goals;
        cr_assert_not_null(d.change = assess_change_compute(d.resp, &co, &err));
    }
    assess_report_options_init(&rop);
    rop.subjects = d.subjects;
    rop.goals = d.goals;
    rop.made_on = made_on;
    d.rep = assess_report_new(d.score, d.agree, d.change, &rop, &err);
    cr_assert_not_null(d.rep, "%s", err.message);
    return d.rep;
}

static assess_report *lead360(void)
{
    return reports_of(INSTRUMENTS "/leadership-360.xml",
                      FIXTURES "/demo/responses.csv",
                      FIXTURES "/demo/subjects.csv", FIXTURES "/demo/goals.csv",
                      "2026-01-02");
}

static assess_report *strengths(void)
{
    return reports_of(INSTRUMENTS "/strengths.xml",
                      FIXTURES "/demo/strengths.csv", NULL, NULL, "2026-01-02");
}

/* ==== Writing and describing ============================================== */

typedef struct bytes {
    char *p;
    size_t n;
} bytes;

/* Document `which` (a subject's index, REPORT_PDF_INDEX or
 * REPORT_PDF_COHORT) as PDF bytes; freed by the caller. */
static bytes pdf_of(const assess_report *rep, long which,
                    const assess_pdf_options *o)
{
    bytes b = { NULL, 0 };
    assess_error err;
    assess_status st;
    FILE *f = open_memstream(&b.p, &b.n);
    cr_assert_not_null(f);
    assess_error_init(&err);
    st = which == REPORT_PDF_INDEX    ? assess_report_write_index_pdf(rep, f, o,
                                                                      &err)
         : which == REPORT_PDF_COHORT ? assess_report_write_cohort_pdf(rep, f, o,
                                                                       &err)
                                      : assess_report_write_pdf(rep,
                                                                (size_t)which,
                                                                f, o, &err);
    cr_assert_eq(fclose(f), 0);
    cr_assert_eq(st, ASSESS_OK, "%s", err.message);
    return b;
}

/* What document `which` draws (report_pdf_describe()), kept until the
 * test ends. */
static const char *described(const assess_report *rep, long which,
                             const assess_pdf_options *o)
{
    char *p = NULL;
    size_t n = 0;
    assess_error err;
    FILE *f = open_memstream(&p, &n);
    cr_assert_not_null(f);
    assess_error_init(&err);
    cr_assert_eq(report_pdf_describe(rep, which, o, f, &err), ASSESS_OK, "%s",
                 err.message);
    cr_assert_eq(fclose(f), 0);
    cr_assert_lt(n_texts, sizeof texts / sizeof *texts);
    texts[n_texts++] = p;
    return p;
}

/* The value of the description's line "KEY value" (up to the line's end),
 * into buf. */
static const char *field(const char *desc, const char *key, char *buf,
                         size_t size)
{
    size_t k = strlen(key);
    for (const char *p = desc; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1
                                                            : NULL) {
        if (strncmp(p, key, k) == 0 && p[k] == ' ') {
            size_t len = strcspn(p + k + 1, "\n");
            snprintf(buf, size, "%.*s", (int)len, p + k + 1);
            return buf;
        }
    }
    cr_assert_fail("no '%s' in the description", key);
    return NULL;
}

/* memmem(), which strict C leaves out. */
static const char *find(const bytes *b, const char *what)
{
    size_t n = strlen(what);
    for (size_t i = 0; n <= b->n && i <= b->n - n; i++)
        if (memcmp(b->p + i, what, n) == 0)
            return b->p + i;
    return NULL;
}

static int count_of(const char *text, const char *what)
{
    int n = 0;
    for (const char *p = strstr(text, what); p; p = strstr(p + 1, what))
        n++;
    return n;
}

/* ==== A whole PDF, the same every time ==================================== */

static void whole_pdf(bytes b, const char *what)
{
    cr_assert_gt(b.n, 1000, "%s: %zu bytes", what, b.n);
    cr_assert_eq(memcmp(b.p, "%PDF-1.", 7), 0, "%s: no PDF header", what);
    /* the trailer ends the file */
    cr_assert(b.n > 6 && memcmp(b.p + b.n - 6, "%%EOF\n", 6) == 0,
              "%s: no %%%%EOF at its end", what);
}

Test(report_pdf, every_document_is_a_whole_pdf_the_same_each_time)
{
    assess_report *rep = lead360();
    long n = (long)assess_report_count(rep);

    cr_assert_eq(n, 12);
    for (long i = REPORT_PDF_COHORT; i < n; i++) {
        bytes a = pdf_of(rep, i, NULL), b = pdf_of(rep, i, NULL);
        whole_pdf(a, "report");
        cr_assert(a.n == b.n && memcmp(a.p, b.p, a.n) == 0,
                  "document %ld: two writings differ", i);
        free(a.p);
        free(b.p);
    }
}

/* Threads drawing at once draw what one draws alone. */
typedef struct drawing {
    const assess_report *rep;
    long from, to;
    bytes *out;
} drawing;

static void *draw_some(void *arg)
{
    drawing *w = arg;
    for (long i = w->from; i < w->to; i++) {
        FILE *f = open_memstream(&w->out[i].p, &w->out[i].n);
        assess_error err;
        assess_error_init(&err);
        if (!f)
            return NULL;
        assess_report_write_pdf(w->rep, (size_t)i, f, NULL, &err);
        fclose(f);
    }
    return NULL;
}

Test(report_pdf, threads_draw_the_same_bytes)
{
    assess_report *rep = lead360();
    long n = (long)assess_report_count(rep);
    bytes *alone = calloc((size_t)n, sizeof *alone);
    bytes *together = calloc((size_t)n, sizeof *together);
    pthread_t tid[4];
    drawing w[4];

    cr_assert(alone && together);
    for (long i = 0; i < n; i++)
        alone[i] = pdf_of(rep, i, NULL);
    for (int t = 0; t < 4; t++) {
        w[t] = (drawing){ rep, n * t / 4, n * (t + 1) / 4, together };
        cr_assert_eq(pthread_create(&tid[t], NULL, draw_some, &w[t]), 0);
    }
    for (int t = 0; t < 4; t++)
        pthread_join(tid[t], NULL);
    for (long i = 0; i < n; i++) {
        cr_assert(alone[i].n > 0 && alone[i].n == together[i].n &&
                      memcmp(alone[i].p, together[i].p, alone[i].n) == 0,
                  "report %ld: drawn on four threads, other bytes", i);
        free(alone[i].p);
        free(together[i].p);
    }
    free(alone);
    free(together);
}

Test(report_pdf, a4_by_default_letter_when_asked)
{
    assess_report *rep = lead360();
    assess_pdf_options o;
    char buf[64];

    assess_pdf_options_init(&o);
    cr_assert_eq(o.paper, ASSESS_PAPER_A4);
    bytes a4 = pdf_of(rep, 0, NULL);
    cr_assert_not_null(find(&a4, "/MediaBox [ 0 0 595.2756 841.8898 ]"), "not A4");
    cr_assert_str_eq(field(described(rep, 0, NULL), "size", buf, sizeof buf),
                     "595.28 841.89");
    o.paper = ASSESS_PAPER_LETTER;
    bytes letter = pdf_of(rep, 0, &o);
    cr_assert_not_null(find(&letter, "/MediaBox [ 0 0 612 792 ]"), "not letter");
    cr_assert_null(find(&letter, "595.2756"));
    cr_assert_str_eq(field(described(rep, 0, &o), "size", buf, sizeof buf),
                     "612.00 792.00");
    free(a4.p);
    free(letter.p);
}

/* The index links each executive's PDF and the cohort report's, by
 * relative URIs. */
Test(report_pdf, the_index_links_every_pdf)
{
    assess_report *rep = lead360();
    bytes b = pdf_of(rep, REPORT_PDF_INDEX, NULL);
    char want[64];

    for (size_t i = 0; i < assess_report_count(rep); i++) {
        snprintf(want, sizeof want, "/URI (%s)", assess_report_pdf_file(rep, i));
        cr_assert_not_null(find(&b, want), "no link: %s", want);
    }
    cr_assert_not_null(find(&b, "/URI (cohort.pdf)"));
    cr_assert_null(find(&b, ".html)"));
    free(b.p);
}

/* ==== Pages, metadata, bookmarks ========================================== */

Test(report_pdf, every_page_numbered_the_name_on_every_page_after_the_cover)
{
    assess_report *rep = lead360();
    char buf[256], want[256];

    for (long i = 0; i < (long)assess_report_count(rep); i++) {
        const char *desc = described(rep, i, NULL);
        int pages = atoi(field(desc, "pages", buf, sizeof buf));
        cr_assert_geq(pages, 5, "report %ld: %d pages", i, pages);
        for (int p = 1; p <= pages; p++) {
            snprintf(want, sizeof want, "\npage %d of %d%s", p, pages,
                     p == 1 ? "\n" : " header ");
            cr_assert_not_null(strstr(desc, want), "report %ld: no '%s'", i,
                               want + 1);
        }
        cr_assert_eq(count_of(desc, " header "), pages - 1);
    }
    /* The first: Ana Lima's, whose name heads pages 2 onwards. */
    const char *desc = described(rep, 0, NULL);
    cr_assert_not_null(strstr(desc, "\npage 2 of 8 header Ana Lima\n"),
                       "%.400s", desc);
    /* The index has no running header; the cohort report its own. */
    cr_assert_eq(count_of(described(rep, REPORT_PDF_INDEX, NULL), " header "),
                 0);
    desc = described(rep, REPORT_PDF_COHORT, NULL);
    cr_assert_gt(count_of(desc, " header Cohort report\n"), 0);
    cr_assert_eq(count_of(desc, " header Ana Lima"), 0);
}

Test(report_pdf, metadata_title_author_subject_and_the_date_made)
{
    assess_report *rep = lead360();
    char buf[256];
    const char *desc = described(rep, 0, NULL);

    cr_assert_str_eq(field(desc, "title", buf, sizeof buf),
                     "Ana Lima \xe2\x80\x93 Leadership 360");
    cr_assert_str_eq(field(desc, "author", buf, sizeof buf), "Dr. Mira Patel");
    cr_assert_str_eq(field(desc, "subject", buf, sizeof buf),
                     "360-degree feedback report");
    cr_assert_str_eq(field(desc, "date", buf, sizeof buf),
                     "2026-01-02T00:00:00Z");
    desc = described(rep, REPORT_PDF_COHORT, NULL);
    cr_assert_str_eq(field(desc, "title", buf, sizeof buf),
                     "Cohort report \xe2\x80\x93 Leadership 360");
    /* In the PDF: the creation date, as PDF dates are written (cairo
     * 1.16 leaves out the optional "D:"). */
    bytes b = pdf_of(rep, 0, NULL);
    const char *date = find(&b, "/CreationDate (");
    cr_assert_not_null(date);
    cr_assert(strncmp(date + 15, "20260102000000", 14) == 0 ||
                  strncmp(date + 15, "D:20260102000000", 16) == 0,
              "creation date %.30s", date);
    free(b.p);
}

Test(report_pdf, no_date_from_a_made_on_that_is_not_a_date)
{
    char buf[64];
    assess_report *rep = reports_of(INSTRUMENTS "/strengths.xml",
                                    FIXTURES "/demo/strengths.csv", NULL, NULL,
                                    "yesterday");
    const char *desc = described(rep, 0, NULL);
    cr_assert_str_eq(field(desc, "date", buf, sizeof buf), "");
    cr_assert_str_eq(field(desc, "author", buf, sizeof buf), "");
    cr_assert_str_eq(field(desc, "subject", buf, sizeof buf),
                     "Strengths report");
}

Test(report_pdf, a_bookmark_per_section_and_per_scale)
{
    assess_report *rep = lead360();
    const char *desc = described(rep, 0, NULL);
    static const char *const top[] = {
        "Ana Lima", "Who rated", "Ratings by scale",
        "Where you see yourself differently",
        "Most and least favourable items", "Change", "Your development plan"
    };
    static const char *const scales[] = {
        "Communication", "Delegation", "Decision-making",
        "Conflict management", "Coaching others", "Accountability",
        "Strategic thinking", "Developing trust", "Leadership index"
    };
    char want[128];
    const char *at = desc;

    /* in this order, each once */
    for (size_t i = 0; i < sizeof top / sizeof *top; i++) {
        snprintf(want, sizeof want, "\nbookmark 1 %s\n", top[i]);
        const char *p = strstr(at, want);
        cr_assert_not_null(p, "no bookmark '%s' after the ones before", top[i]);
        cr_assert_eq(count_of(desc, want), 1);
        at = p;
    }
    for (size_t i = 0; i < sizeof scales / sizeof *scales; i++) {
        snprintf(want, sizeof want, "\nbookmark 2 %s\n", scales[i]);
        cr_assert_eq(count_of(desc, want), 1, "bookmark '%s'", scales[i]);
    }
    /* strengths: the ranking */
    teardown();
    rep = strengths();
    cr_assert_not_null(strstr(described(rep, 0, NULL),
                              "\nbookmark 1 Your strengths, ranked\n"));
    /* and in the PDF, an outline */
    bytes b = pdf_of(rep, 0, NULL);
    cr_assert_not_null(find(&b, "/Outlines"));
    free(b.p);
}

/* ==== Pages break between charts and tables, not inside them ============== */

typedef struct placed {
    int page, keep, new_page;
    double y, h;
} placed;

/* The blocks of a description, in order. */
static size_t blocks_of(const char *desc, placed *out, size_t max)
{
    size_t n = 0;
    int page = 0;
    for (const char *p = desc; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1
                                                            : NULL) {
        if (strncmp(p, "page ", 5) == 0)
            page = atoi(p + 5);
        else if (strncmp(p, "block ", 6) == 0 && n < max) {
            placed *b = &out[n++];
            cr_assert_eq(sscanf(p, "block %lf %lf keep %d", &b->y, &b->h,
                                &b->keep), 3);
            b->page = page;
            b->new_page = strncmp(p + strcspn(p, "\n") - 8, "new-page", 8) == 0;
        }
    }
    return n;
}

/*
 * Every run of blocks held together strongly (a chart's rows and axis, a
 * table's rows, a heading and what follows) that fits on a page is on
 * one page; and at least once in the cohort such a run went to the next
 * page rather than be split, so that the check is not idle.
 */
Test(report_pdf, no_chart_or_table_split_across_pages)
{
    static placed b[4096];
    assess_report *rep = lead360();
    char buf[64];
    int moved = 0;

    for (long i = REPORT_PDF_COHORT; i < (long)assess_report_count(rep); i++) {
        const char *desc = described(rep, i, NULL);
        double body_h;
        cr_assert_eq(sscanf(field(desc, "body", buf, sizeof buf), "%*f %lf",
                            &body_h), 1);
        size_t n = blocks_of(desc, b, sizeof b / sizeof *b);
        cr_assert_gt(n, 10);
        for (size_t s = 0; s < n;) {
            size_t e = s;
            double h = b[s].h;
            while (e + 1 < n && b[e].keep >= 2) {
                e++;
                h += b[e].h;
            }
            if (h <= body_h) {
                cr_assert_eq(b[s].page, b[e].page,
                             "document %ld: blocks %zu to %zu (%.0f pt, "
                             "kept together) on pages %d to %d", i, s, e, h,
                             b[s].page, b[e].page);
                if (e > s && s > 0 && b[s].page > b[s - 1].page &&
                    !b[s].new_page &&
                    b[s - 1].y + b[s - 1].h + h > body_h)
                    moved++;
            }
            s = e + 1;
        }
    }
    cr_assert_gt(moved, 0, "no kept run ever went to the next page");
}

Test(report_pdf, the_development_plan_begins_a_page)
{
    assess_report *rep = lead360();
    const char *desc = described(rep, 0, NULL);
    const char *p = strstr(desc, "\nbookmark 1 Your development plan\n");
    cr_assert_not_null(p);
    /* the block line before the bookmark */
    const char *line = p;
    while (line > desc && strncmp(line, "\nblock ", 7) != 0)
        line--;
    cr_assert_eq(strncmp(line, "\nblock 0.00 ", 12), 0, "%.60s", line);
    cr_assert_not_null(strstr(line, "new-page"));
}

/* ==== Text from the input is drawn, never obeyed ========================== */

static const char *write_temp(const char *text)
{
    static char path[64];
    int fd;
    snprintf(path, sizeof path, "/tmp/test-report-pdf.XXXXXX");
    fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

#define LONG_WORD                                                            \
    "Maximiliana" "Maximiliana" "Maximiliana" "Maximiliana" "Maximiliana"      \
    "Maximiliana" "Maximiliana" "Maximiliana" "Maximiliana" "Maximiliana"      \
    "Maximiliana" "Maximiliana" "Maximiliana" "Maximiliana" "Maximiliana"

Test(report_pdf, input_text_is_drawn_not_obeyed)
{
    const char *path = write_temp(
        "subject_id,name,organisation,role,coach\n"
        "E0001,\"</style><script>alert(1)</script> & <b>b</b> %s %n\","
        "Org,Role,Coach\n"
        "E0002,\"Tab\there\nnew line \x01 and \x7f and \xc2\x85\",O,R,C\n"
        "E0003,\"\xd8\xb3\xd8\xa7\xd8\xb1\xd8\xa9 "
        "\xd8\xa7\xd9\x84\xd9\x85\xd9\x86\xd8\xb5\xd9\x88\xd8\xb1\xd9\x8a\","
        "O,R,C\n"
        "E0004,\"\xe2\x80\xae" "evil\xe2\x80\xac after\",O,R,C\n"
        "E0005,\"" LONG_WORD "\",O,R,C\n");
    assess_report *rep = reports_of(INSTRUMENTS "/leadership-360.xml",
                                    FIXTURES "/demo/responses.csv", path, NULL,
                                    "2026-01-02");
    unlink(path);

    /* Markup and format directives, as they are. */
    const char *desc = described(rep, 0, NULL);
    cr_assert_not_null(strstr(desc, " text </style><script>alert(1)</script> "
                                    "& <b>b</b> %s %n\n"));
    /* Control characters, NEL among them, each drawn as U+FFFD: no tab,
     * no line break, no control byte in any text drawn. */
    desc = described(rep, 1, NULL);
    cr_assert_not_null(strstr(desc, " text Tab\xef\xbf\xbdhere\xef\xbf\xbdnew "
                                    "line \xef\xbf\xbd and \xef\xbf\xbd and "
                                    "\xef\xbf\xbd\n"), "%.600s", desc);
    for (const char *p = desc; *p; p++)
        cr_assert(*p == '\n' || (unsigned char)*p >= 0x20,
                  "a control byte drawn: %.40s", p);
    /* Right to left: isolated, so that the sentence keeps its order. */
    desc = described(rep, 2, NULL);
    cr_assert_not_null(strstr(desc, "This report is for \xe2\x81\xa8"
                                    "\xd8\xb3\xd8\xa7\xd8\xb1\xd8\xa9 "
                                    "\xd8\xa7\xd9\x84\xd9\x85\xd9\x86\xd8\xb5"
                                    "\xd9\x88\xd8\xb1\xd9\x8a\xe2\x81\xa9 and "
                                    "their coach"));
    /* An override drawn, not obeyed: the text stays in its order. */
    desc = described(rep, 3, NULL);
    cr_assert_not_null(strstr(desc, "\xef\xbf\xbd" "evil\xef\xbf\xbd after"));
    cr_assert_null(strstr(desc, "\xe2\x80\xae"));
    /* A very long name breaks where it must, all of it drawn: the
     * running header carries it whole, and it is a whole PDF. */
    desc = described(rep, 4, NULL);
    cr_assert_not_null(strstr(desc, " header " LONG_WORD "\n"));
    for (long i = 0; i < 5; i++) {
        bytes b = pdf_of(rep, i, NULL);
        whole_pdf(b, "hostile");
        free(b.p);
    }
    bytes b = pdf_of(rep, REPORT_PDF_INDEX, NULL);
    whole_pdf(b, "hostile index");
    free(b.p);
}

/* ==== Errors =============================================================== */

Test(report_pdf, a_write_error_is_an_error)
{
    assess_report *rep = strengths();
    assess_error err;
    FILE *f = fopen("/dev/null", "r"); /* writes fail */
    cr_assert_not_null(f);
    assess_error_init(&err);
    cr_assert_eq(assess_report_write_pdf(rep, 0, f, NULL, &err), ASSESS_EIO);
    cr_assert_not_null(strstr(err.message, "write error"), "%s", err.message);
    fclose(f);
}

Test(report_pdf, no_such_report)
{
    assess_report *rep = strengths();
    assess_error err;
    FILE *f = fopen("/dev/null", "w");
    cr_assert_not_null(f);
    assess_error_init(&err);
    cr_assert_eq(assess_report_write_pdf(rep, assess_report_count(rep), f, NULL,
                                         &err), ASSESS_EUSAGE);
    fclose(f);
    cr_assert_str_eq(assess_report_pdf_file(rep, 0), "E0001.pdf");
    cr_assert_null(assess_report_pdf_file(rep, assess_report_count(rep)));
}

/* ==== Every wave, and the outcome ========================================= */

/* The three-wave demo cohort's reports, with its costs and benefits (the
 * report's cohort minimum `minimum`); w_free() frees them. */
static struct {
    assess_costs *costs;
    assess_benefits *benefits;
    assess_table *roi;
} w;

static assess_report *waves_reports(unsigned minimum)
{
    assess_error err;
    assess_read_options ro;
    assess_score_options so;
    assess_agree_options ao;
    assess_change_options co;
    assess_report_options rop;

    assess_error_init(&err);
    d.inst = assess_instrument_load(INSTRUMENTS "/leadership-360.xml", NULL,
                                    NULL, &err);
    cr_assert_not_null(d.inst, "%s", err.message);
    assess_read_options_init(&ro);
    d.resp = assess_responses_new(d.inst, &ro, &err);
    cr_assert_not_null(d.resp);
    cr_assert_eq(assess_responses_read_file(d.resp, FIXTURES
                                            "/demo/three-waves.csv", &err),
                 ASSESS_OK, "%s", err.message);
    assess_score_options_init(&so);
    cr_assert_not_null(d.score = assess_score_compute(d.resp, &so, &err));
    assess_agree_options_init(&ao);
    ao.score = d.score;
    cr_assert_not_null(d.agree = assess_agree_compute(d.resp, &ao, &err));
    assess_change_options_init(&co);
    co.score = d.score;
    co.waves_all = 1;
    cr_assert_not_null(d.change = assess_change_compute(d.resp, &co, &err));
    cr_assert_not_null(w.costs = assess_costs_read_file(
                           FIXTURES "/demo/roi-costs.csv", &err));
    cr_assert_not_null(w.benefits = assess_benefits_read_file(
                           FIXTURES "/demo/roi-benefits.csv", &err));
    cr_assert_not_null(w.roi = assess_roi_compute(w.costs, w.benefits, &err));
    assess_report_options_init(&rop);
    rop.made_on = "2026-01-02";
    rop.cohort_minimum = minimum;
    rop.roi = w.roi;
    rop.benefits = w.benefits;
    d.rep = assess_report_new(d.score, d.agree, d.change, &rop, &err);
    cr_assert_not_null(d.rep, "%s", err.message);
    return d.rep;
}

static void w_free(void)
{
    teardown();
    assess_table_free(w.roi);
    assess_benefits_free(w.benefits);
    assess_costs_free(w.costs);
    memset(&w, 0, sizeof w);
}

/* The description's lines from the first holding `from` up to the first
 * after it holding `to` (or the end); freed with the test's texts. */
static const char *span(const char *desc, const char *from, const char *to)
{
    const char *a = strstr(desc, from), *b;
    cr_assert_not_null(a, "no '%s' in the description", from);
    b = to ? strstr(a + strlen(from), to) : NULL;
    char *s = strndup(a, b ? (size_t)(b - a) : strlen(a));
    cr_assert_lt(n_texts, sizeof texts / sizeof *texts);
    texts[n_texts++] = s;
    return s;
}

/* The roi table's value of `statistic` for subject ("": the programme). */
static double roi_value(const char *subject, const char *statistic)
{
    char *p = NULL, key[128];
    size_t n = 0;
    assess_error err;
    FILE *f = open_memstream(&p, &n);
    cr_assert_not_null(f);
    assess_error_init(&err);
    cr_assert_eq(assess_table_write_csv(w.roi, f, &err), ASSESS_OK);
    cr_assert_eq(fclose(f), 0);
    snprintf(key, sizeof key, "\n%s,,,,,%s,", subject, statistic);
    const char *at = strstr(p, key);
    cr_assert_not_null(at, "no %s of '%s'", statistic, subject);
    double v = strtod(at + strlen(key), NULL);
    free(p);
    return v;
}

/*
 * E0001 in the three-wave demo: on Communication a line each for self,
 * the manager, direct reports and All others (peers and others are
 * withheld: none), each of three points joined by two segments, and a
 * key naming each line beside its marker.
 */
Test(report_pdf, three_waves_a_line_per_shown_group)
{
    assess_report *rep = waves_reports(5);
    const char *desc = described(rep, 0, NULL);
    const char *trend = span(desc, "bookmark 1 Change over the waves",
                             "bookmark 1 Outcome");
    const char *comm = span(trend, " text Communication\n", " text Group\n");
    char want[64];

    cr_assert_eq(count_of(trend, "bookmark 1 Change over the waves"), 1);
    cr_assert_eq(count_of(desc, "bookmark 1 Change\n"), 0);
    cr_assert_gt(count_of(comm, " text Wave 1\n"), 0);
    cr_assert_gt(count_of(comm, " text Wave 3\n"), 0);
    cr_assert_eq(count_of(comm, " text Self 4.50\n"), 1);
    cr_assert_eq(count_of(comm, " text Manager 4.00\n"), 1);
    cr_assert_eq(count_of(comm, " text Direct reports 4.33\n"), 1);
    cr_assert_eq(count_of(comm, " text All others 4.21\n"), 1);
    cr_assert_eq(count_of(comm, " text Peers"), 0);
    cr_assert_eq(count_of(comm, " text Others"), 0);
    /* self's line: two segments (kind 3, OP_LINE) in its colour, three
     * markers and the key's (kind 4, OP_CIRCLE) */
    snprintf(want, sizeof want, " ffffff 3b5b92 1.00\n"); /* no fill */
    int segments = 0;
    for (const char *p = comm; (p = strstr(p, want)); p++) {
        const char *line = p;
        while (line > comm && line[-1] != '\n')
            line--;
        segments += line[0] == '3' && line[1] == ' ';
    }
    cr_assert_eq(segments, 2);
    cr_assert_eq(count_of(comm, " 3b5b92 3b5b92 1.00\n"), 4);
    /* the hold in words */
    cr_assert_gt(count_of(trend, ", held\n"), 0);
    cr_assert_gt(count_of(trend, " text Did it hold? 2 \xe2\x86\x92 3\n"), 0);
    /* who rated changed, for each pair of waves it changed between */
    cr_assert_eq(count_of(trend, " text Who rated changed between waves 1 "
                                 "and 3."), 1);
    w_free();
}

Test(report_pdf, outcome_shows_the_roi_tables_values)
{
    assess_report *rep = waves_reports(5);
    const char *out = span(described(rep, 0, NULL), "bookmark 1 Outcome",
                           "bookmark 1 Your development plan");
    char want[64];

    /* E0001: 9,500 + 1,200 + a tenth of 12,000 */
    cr_assert_float_eq(roi_value("E0001", "cost"), 11900, 1e-9);
    cr_assert_eq(count_of(out, " text 11,900\n"), 1);
    cr_assert_float_eq(roi_value("E0001", "adjusted_benefits"), 26400, 1e-6);
    cr_assert_eq(count_of(out, " text 26,400\n"), 1);
    cr_assert_float_eq(roi_value("E0001", "net_benefits"), 14500, 1e-6);
    cr_assert_eq(count_of(out, " text 14,500\n"), 1);
    snprintf(want, sizeof want, " text %.0f%%\n",
             roi_value("E0001", "roi_percent"));
    cr_assert_eq(count_of(out, want), 1, "%s", want);
    snprintf(want, sizeof want, " text %.2f\n", roi_value("E0001", "bcr"));
    cr_assert_eq(count_of(out, want), 1, "%s", want);
    cr_assert_eq(count_of(out, " text Fewer escalations to the board\n"), 1);
    cr_assert_eq(count_of(out, " text 9,600\n"), 1); /* 24,000 x .5 x .8 */
    cr_assert_gt(count_of(out, "Phillips ROI methodology"), 0);
    w_free();
}

Test(report_pdf, cohort_outcome_only_from_the_minimum)
{
    /* the demo's costs cover 10 executives; 8 of them have a benefit
     * with an estimate (E0007 none, E0010's without one) */
    const char *shown = described(waves_reports(8), REPORT_PDF_COHORT, NULL);
    cr_assert_eq(count_of(shown, " text The programme as a whole: the costs "
                                 "of 10 executives, the benefits estimated "
                                 "for 8 of them.\n"), 1);
    cr_assert_gt(count_of(shown, " text Net benefits\n"), 0);
    w_free();
    const char *below = described(waves_reports(9), REPORT_PDF_COHORT, NULL);
    cr_assert_gt(count_of(below, "bookmark 2 Outcome"), 0);
    cr_assert_eq(count_of(below, " text Net benefits\n"), 0);
    cr_assert_gt(count_of(below, "benefits estimated for fewer than 9 "
                                 "executives"), 0);
    w_free();
}

/* As no_chart_or_table_split_across_pages, over the three-wave reports. */
Test(report_pdf, three_waves_no_chart_or_table_split_across_pages)
{
    static placed b[4096];
    assess_report *rep = waves_reports(5);
    char buf[64];

    for (long i = REPORT_PDF_COHORT; i < (long)assess_report_count(rep); i++) {
        const char *desc = described(rep, i, NULL);
        double body_h;
        cr_assert_eq(sscanf(field(desc, "body", buf, sizeof buf), "%*f %lf",
                            &body_h), 1);
        size_t n = blocks_of(desc, b, sizeof b / sizeof *b);
        for (size_t s = 0; s < n;) {
            size_t e = s;
            double h = b[s].h;
            while (e + 1 < n && b[e].keep >= 2)
                h += b[++e].h;
            if (h <= body_h)
                cr_assert_eq(b[s].page, b[e].page, "document %ld: blocks %zu "
                             "to %zu on pages %d to %d", i, s, e, b[s].page,
                             b[e].page);
            s = e + 1;
        }
    }
    w_free();
}

/* The height of the block (a table's row) holding the first text op that
 * draws `text` (a whole line of the description) in desc. */
static double row_height(const char *desc, const char *text)
{
    char want[256];
    double h = -1;
    snprintf(want, sizeof want, " text %s\n", text);
    const char *p = strstr(desc, want);
    cr_assert_not_null(p, "no text '%s'", text);
    while (p > desc && strncmp(p, "\nblock ", 7) != 0)
        p--;
    cr_assert_eq(sscanf(p, "\nblock %*f %lf", &h), 1);
    return h;
}

/*
 * A group withheld at every wave has its reason across the row's wave
 * and change columns, as the HTML page's colspan has it: the reason sets
 * no column's width, so the wave columns stay as narrow as their numbers
 * and the reason takes one line where a shown group's changes wrap to
 * two ("+0.33, no reliable change"); and two scales share a page.
 */
Test(report_pdf, three_waves_a_withheld_reason_spans_its_row)
{
    assess_report *rep = waves_reports(5);
    const char *desc = described(rep, 0, NULL);
    const char *trend = span(desc, "bookmark 1 Change over the waves",
                             "bookmark 1 Outcome");
    const char *comm = span(trend, " text Communication\n",
                            " text Delegation\n");

    cr_assert_lt(row_height(comm, "Peers"), row_height(comm, "Self") - 3);
    /* after the section's first page, two scales' charts and tables to a
     * page: Delegation's and Decision-making's */
    cr_assert_null(strstr(span(trend, " text Delegation\n",
                               " text Decision-making\n"), "\npage "),
                   "Delegation and Decision-making on two pages");
    w_free();
}
