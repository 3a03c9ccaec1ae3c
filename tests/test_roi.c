/*
 * test_roi.c - the return on investment (analysis_roi.c) and its inputs
 * (input_costs.c): a published worked example through the library, the
 * programme's costs spread over the subjects, benefits without an
 * estimate counted, and every bad row refused with its file and line.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "assess.h"
#include "near.h"
#include "analysis_table.h"

/* A temporary file holding `text`; the caller removes it. */
static char *temp_file(const char *text)
{
    char *path = malloc(64);
    cr_assert_not_null(path);
    snprintf(path, 64, "/tmp/assess-roi-XXXXXX");
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    FILE *f = fdopen(fd, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
    return path;
}

/* The inputs of the last table: the table's subject ids are theirs, so
 * they live as long as it does (roi_free()). */
static assess_costs *costs_kept;
static assess_benefits *benefits_kept;

static assess_table *roi_of(const char *costs_text, const char *benefits_text)
{
    char *cp = temp_file(costs_text), *bp = temp_file(benefits_text);
    assess_error err;
    assess_error_init(&err);
    assess_costs *c = assess_costs_read_file(cp, &err);
    cr_assert_not_null(c, "%s", err.message);
    assess_benefits *b = assess_benefits_read_file(bp, &err);
    cr_assert_not_null(b, "%s", err.message);
    assess_table *t = assess_roi_compute(c, b, &err);
    cr_assert_not_null(t, "%s", err.message);
    unlink(cp);
    unlink(bp);
    free(cp);
    free(bp);
    costs_kept = c;
    benefits_kept = b;
    return t;
}

static void roi_free(assess_table *t)
{
    assess_table_free(t);
    assess_costs_free(costs_kept);
    assess_benefits_free(benefits_kept);
}

static const table_row *row(const assess_table *t, const char *subject,
                            const char *statistic)
{
    for (size_t i = 0; i < t->n_rows; i++) {
        const table_row *r = &t->rows[i];
        if (((!subject && !r->subject) ||
             (subject && r->subject && strcmp(subject, r->subject) == 0)) &&
            strcmp(r->statistic, statistic) == 0)
            return r;
    }
    cr_assert_fail("no row %s/%s", subject ? subject : "-", statistic);
    return NULL;
}

/*
 * "Return on Investment from Coaching" (Power of Victory), the Phillips
 * adjustment of estimates (the annual value times the share due to
 * coaching times the confidence in the estimate): a programme charged at
 * 35,000; benefits 25,000, 235,000, 30,000 and 180,000 adjusted to 18,750,
 * 88,125, 14,400 and 144,000, 265,275 in all;
 * ROI = (265,275 - 35,000) / 35,000 x 100 = 658%.
 * (The same example is fixtures/roi-worked-example.)
 */
Test(roi, published_worked_example)
{
    assess_table *t = roi_of(
        "subject_id,cost\nS1,35000\n",
        "subject_id,benefit_id,description,annual_value,attribution,"
        "confidence\n"
        "S1,B1,web-based order reporting,25000,0.75,1\n"
        "S1,B2,motivating sales targets,235000,0.5,0.75\n"
        "S1,B3,reduced meeting time,30000,0.6,0.8\n"
        "S1,B4,new incentive system,180000,0.8,1\n");
    EQ(row(t, "S1", "adjusted_benefits")->value, 265275);
    EQ(row(t, "S1", "adjusted_benefits")->n, 4);
    EQ(row(t, "S1", "net_benefits")->value, 230275);
    PRINTED(row(t, "S1", "roi_percent")->value, 658, 0);
    EQ(row(t, "S1", "bcr")->value, 265275.0 / 35000);
    EQ(row(t, NULL, "roi_percent")->value, 230275.0 / 35000 * 100);
    EQ(row(t, NULL, "cost")->value, 35000);
    roi_free(t);
}

/* The programme's costs spread evenly: the subjects' costs add up to the
 * programme's; a subject named only in the benefits gets its share; an
 * empty estimate is left out and counted. */
Test(roi, programme_costs_spread_and_left_out_counted)
{
    assess_table *t = roi_of(
        "cost,subject_id\n3000,\n1000,A\n500,A\n2000,B\n",
        "subject_id,benefit_id,annual_value,attribution,confidence\n"
        "B,b2,,0.5,0.5\n"
        "A,a1,10000,0.5,0.5\n"
        "C,c1,4000,1,1\n"
        "B,b1,8000,0.25,1\n");
    EQ(row(t, "A", "cost")->value, 1500 + 1000);
    EQ(row(t, "B", "cost")->value, 2000 + 1000);
    EQ(row(t, "C", "cost")->value, 1000);
    cr_assert_not_null(row(t, "C", "cost")->note);
    EQ(row(t, NULL, "cost")->value, 6500);
    EQ(row(t, "A", "adjusted_benefits")->value, 2500);
    EQ(row(t, "B", "adjusted_benefits")->value, 2000);
    EQ(row(t, "B", "adjusted_benefits")->n, 1);
    EQ(row(t, "B", "n_benefits_left_out")->value, 1);
    cr_assert_not_null(row(t, "B", "n_benefits_left_out")->note);
    EQ(row(t, "A", "n_benefits_left_out")->value, 0);
    EQ(row(t, "A", "roi_percent")->value, 0);
    EQ(row(t, NULL, "adjusted_benefits")->value, 2500 + 2000 + 4000);
    EQ(row(t, NULL, "n_benefits_left_out")->value, 1);
    EQ(row(t, NULL, "bcr")->value, 8500.0 / 6500);
    /* subjects in the order of their ids */
    cr_assert_str_eq(t->rows[0].subject, "A");
    roi_free(t);
}

/* Without costs there is nothing to divide by: absent, with a reason. */
Test(roi, no_cost_no_ratio)
{
    assess_table *t = roi_of("subject_id,cost\nA,0\n",
                             "subject_id,benefit_id,annual_value,attribution,"
                             "confidence\nA,a,100,1,1\n");
    const table_row *r = row(t, "A", "roi_percent");
    cr_assert(!r->has_value && r->note);
    r = row(t, "A", "bcr");
    cr_assert(!r->has_value && r->note);
    roi_free(t);
}

/* Reading `text` as costs (or benefits) fails with `status` on `line`
 * with a message holding `part`. */
static void read_fails(int benefits, const char *text, assess_status status,
                       unsigned long line, const char *part)
{
    char *p = temp_file(text);
    assess_error err;
    assess_error_init(&err);
    void *got = benefits ? (void *)assess_benefits_read_file(p, &err)
                         : (void *)assess_costs_read_file(p, &err);
    cr_assert_null(got, "read '%s': expected failure", text);
    cr_assert_eq(err.status, status, "status %d: %s", err.status, err.message);
    cr_assert_eq(err.line, line, "line %lu: %s", err.line, err.message);
    cr_assert_str_eq(err.file, p);
    cr_assert(strstr(err.message, part), "'%s' lacks '%s'", err.message, part);
    unlink(p);
    free(p);
}

/* The message of a read that fails. */
static char last_message[512];
static const char *err_message_of(int benefits, const char *text)
{
    char *p = temp_file(text);
    assess_error err;
    assess_error_init(&err);
    void *got = benefits ? (void *)assess_benefits_read_file(p, &err)
                         : (void *)assess_costs_read_file(p, &err);
    cr_assert_null(got);
    snprintf(last_message, sizeof last_message, "%s", err.message);
    unlink(p);
    free(p);
    return last_message;
}

Test(roi, bad_rows_with_their_lines)
{
    static const char B[] =
        "subject_id,benefit_id,description,annual_value,attribution,"
        "confidence\n";
    char text[512];

    read_fails(0, "subject_id\nA\n", ASSESS_EFORMAT, 1, "no column 'cost'");
    read_fails(0, "subject_id,cost\nA,12\nB,-5\n", ASSESS_EDATA, 3,
               "cost '-5' is not a number of 0 or more");
    read_fails(0, "subject_id,cost\nA,lots\n", ASSESS_EDATA, 2,
               "cost 'lots' is not a number");
    read_fails(0, "subject_id,cost\nA,1,2\n", ASSESS_EDATA, 2,
               "3 fields where the header has 2");
    read_fails(0, "", ASSESS_EFORMAT, 0, "empty: a costs file needs");
    snprintf(text, sizeof text, "%sA,a,x,100,60,0.5\n", B);
    read_fails(1, text, ASSESS_EDATA, 2,
               "attribution '60' is not a fraction from 0 to 1 (a share "
               "of 60% is written 0.6)");
    snprintf(text, sizeof text, "%sA,a,x,-100,0.5,0.5\n", B);
    read_fails(1, text, ASSESS_EDATA, 2,
               "annual_value '-100' is not a number of 0 or more");
    snprintf(text, sizeof text, "%sA,a,x,100,0.5,1.5\n", B);
    read_fails(1, text, ASSESS_EDATA, 2,
               "confidence '1.5' is not a fraction from 0 to 1");
    cr_assert(!strstr(err_message_of(1, text), "%"));
    snprintf(text, sizeof text, "%sA,a,x,100,0.5,-0.1\n", B);
    read_fails(1, text, ASSESS_EDATA, 2,
               "confidence '-0.1' is not a fraction from 0 to 1");
    snprintf(text, sizeof text, "%s,a,x,100,0.5,0.5\n", B);
    read_fails(1, text, ASSESS_EDATA, 2, "subject_id is empty");
    snprintf(text, sizeof text, "%sA,a,x,100,0.5,0.5\nB,a,y,1,1,1\n"
                                "A,a,z,5,1,1\n", B);
    read_fails(1, text, ASSESS_EDATA, 4,
               "benefit 'a' of subject 'A' is already given on line 2");
    read_fails(1, "subject_id,benefit_id,annual_value\nA,a,1\n",
               ASSESS_EFORMAT, 1, "no column 'attribution'");
}
