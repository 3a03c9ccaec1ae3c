/*
 * test_agree.c - the drivers of rater agreement (engine/analysis_agree.c) and of
 * scale reliability (engine/analysis_reliability.c), the tidy table they fill
 * (analysis_table.c) and its writers (output_table_csv.c, output_table_json.c).
 *
 * The statistics themselves are checked against their published examples
 * in test_stats.c.  Here the question is whether the drivers hand them the
 * right numbers and apply the rules: which raters (self never in others,
 * groups, anonymity minimums), which items (reverse keying, composites,
 * response scales), which units and categories, which rows come out and
 * in what order, and what the writers print.
 *
 * Every instrument and response file is inline and small, so that every
 * expected number can be worked out by hand; the arithmetic is written
 * beside it.  Results are checked in the table's rows (analysis_table.h) and in the
 * writers' text.
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "assess.h"
#include "check_text.h"
#include "cohort.h"
#include "loaded.h"
#include "near.h"
#include "rng.h"
#include "analysis_table.h"

/* ---- Instruments -------------------------------------------------------- */

/*
 * The main instrument: one 5-point scale (missing code 0), four groups
 * with anonymity minimums self 1, manager 1, peer 3, direct_report 3 (so
 * `others` needs 3), scales two (T1, T2), one (O1) and the composite comp
 * (parts two and one: items T1, T2, O1).
 */
static const char TW[] =
    "<instrument id='tw' version='2.1' kind='360'>\n"
    "<title>Agree test</title>\n"
    "<response-scale id='p5' min='1' max='5'>"
    "<missing code='0'>Not observed</missing></response-scale>\n"
    "<rater-groups>\n"
    "<group id='self' role='self' minimum='1'>Self</group>\n"
    "<group id='manager' role='manager' minimum='1'>Manager</group>\n"
    "<group id='peer' role='peer' minimum='3'>Peers</group>\n"
    "<group id='direct_report' role='direct_report' minimum='3'>Direct "
    "reports</group>\n"
    "</rater-groups>\n"
    "<scale id='two'><title>Two</title>"
    "<item id='T1'>t one</item><item id='T2'>t two</item></scale>\n"
    "<scale id='one'><title>One</title><item id='O1'>o one</item></scale>\n"
    "<scale id='comp'><title>Comp</title>"
    "<part scale='two'/><part scale='one'/></scale>\n"
    "</instrument>\n";

#define TW_HEADER "subject_id,rater_id,rater_group,wave,T1,T2,O1\n"

/*
 * Two response scales, 1..5 and 1..4; every group minimum 1.  four: F1,
 * F2 on 1..4; mix: M1 on 1..5 and M2 on 1..4; a5 (A1, 1..5), b4 (B1,
 * 1..4) and the composite ab of both, whose items differ in scale too.
 */
static const char TMIX[] =
    "<instrument id='tmix' version='1' kind='360'>\n"
    "<title>Mixed</title>\n"
    "<response-scale id='p5' min='1' max='5'/>\n"
    "<response-scale id='p4' min='1' max='4'/>\n"
    "<rater-groups>\n"
    "<group id='self' role='self' minimum='1'>Self</group>\n"
    "<group id='manager' role='manager' minimum='1'>Manager</group>\n"
    "<group id='peer' role='peer' minimum='1'>Peers</group>\n"
    "</rater-groups>\n"
    "<scale id='four' response-scale='p4'><title>Four</title>"
    "<item id='F1'>f one</item><item id='F2'>f two</item></scale>\n"
    "<scale id='mix'><title>Mix</title>"
    "<item id='M1' response-scale='p5'>m one</item>"
    "<item id='M2' response-scale='p4'>m two</item></scale>\n"
    "<scale id='a5' response-scale='p5'><title>A5</title>"
    "<item id='A1'>a one</item></scale>\n"
    "<scale id='b4' response-scale='p4'><title>B4</title>"
    "<item id='B1'>b one</item></scale>\n"
    "<scale id='ab'><title>AB</title>"
    "<part scale='a5'/><part scale='b4'/></scale>\n"
    "</instrument>\n";

#define TMIX_HEADER "subject_id,rater_id,rater_group,wave,F1,F2,M1,M2,A1,B1\n"

/* Categories: a 5-point scale, scales c (C1, C2) and d (D1, D2); every
 * group minimum 1. */
static const char TCAT[] =
    "<instrument id='tcat' version='1' kind='360'>\n"
    "<title>Categories</title>\n"
    "<response-scale id='p5' min='1' max='5'/>\n"
    "<rater-groups>\n"
    "<group id='self' role='self' minimum='1'>Self</group>\n"
    "<group id='manager' role='manager' minimum='1'>Manager</group>\n"
    "<group id='peer' role='peer' minimum='1'>Peers</group>\n"
    "</rater-groups>\n"
    "<scale id='c'><title>C</title>"
    "<item id='C1'>c one</item><item id='C2'>c two</item></scale>\n"
    "<scale id='d'><title>D</title>"
    "<item id='D1'>d one</item><item id='D2'>d two</item></scale>\n"
    "</instrument>\n";

/*
 * Reliability: r3 (R1, R2, R3), q2 (Q1, Q2) and the composite rq of both.
 * TREL keys R3 in reverse; TREL_PLAIN is the same instrument without
 * that; TREL_FLAT has the five items of rq as one plain scale all5.
 */
#define TREL_HEAD                                                             \
    "<instrument id='trel' version='1' kind='360'>\n"                         \
    "<title>Reliability test</title>\n"                                       \
    "<response-scale id='r5' min='1' max='5'>"                                \
    "<missing code='0'>No answer</missing></response-scale>\n"                \
    "<rater-groups>\n"                                                        \
    "<group id='self' role='self' minimum='1'>Self</group>\n"                 \
    "<group id='peer' role='peer' minimum='1'>Peer</group>\n"                 \
    "<group id='direct_report' role='direct_report' minimum='1'>Direct "      \
    "report</group>\n"                                                        \
    "</rater-groups>\n"
#define TREL_TAIL                                                             \
    "<scale id='q2'><title>Q</title>"                                         \
    "<item id='Q1'>q one</item><item id='Q2'>q two</item></scale>\n"          \
    "<scale id='rq'><title>RQ</title>"                                        \
    "<part scale='r3'/><part scale='q2'/></scale>\n"                          \
    "</instrument>\n"

static const char TREL[] =
    TREL_HEAD
    "<scale id='r3'><title>R</title><item id='R1'>r one</item>"
    "<item id='R2'>r two</item><item id='R3' reverse='true'>r three</item>"
    "</scale>\n" TREL_TAIL;

static const char TREL_PLAIN[] =
    TREL_HEAD
    "<scale id='r3'><title>R</title><item id='R1'>r one</item>"
    "<item id='R2'>r two</item><item id='R3'>r three</item>"
    "</scale>\n" TREL_TAIL;

static const char TREL_FLAT[] =
    TREL_HEAD
    "<scale id='all5'><title>All five</title><item id='R1'>r one</item>"
    "<item id='R2'>r two</item><item id='R3' reverse='true'>r three</item>"
    "<item id='Q1'>q one</item><item id='Q2'>q two</item></scale>\n"
    "</instrument>\n";

#define TREL_HEADER "subject_id,rater_id,rater_group,wave,R1,R2,R3,Q1,Q2\n"

/* No self group: agreement is of `all`, and `others` is no group. */
static const char TNOSELF[] =
    "<instrument id='tnoself' version='1' kind='360'>\n"
    "<title>No self</title>\n"
    "<response-scale id='n5' min='1' max='5'/>\n"
    "<rater-groups>\n"
    "<group id='manager' role='manager' minimum='1'>Manager</group>\n"
    "<group id='peer' role='peer' minimum='1'>Peer</group>\n"
    "</rater-groups>\n"
    "<scale id='y'><title>Y</title><item id='Y1'>y one</item>"
    "<item id='Y2'>y two</item></scale>\n"
    "</instrument>\n";

/* ---- Fixture: what a test allocates, freed after it --------------------- */

static assess_table *tables[4 * KEEP];
static size_t n_tables;
static char *texts[4 * KEEP];
static size_t n_texts;

static void setup(void)
{
    n_tables = n_texts = 0;
    loaded_reset();
}

static void teardown(void)
{
    for (size_t i = 0; i < n_tables; i++)
        assess_table_free(tables[i]);
    for (size_t i = 0; i < n_texts; i++)
        free(texts[i]);
    n_tables = n_texts = 0;
    loaded_free();
}

TestSuite(agree, .init = setup, .fini = teardown);
TestSuite(reliability, .init = setup, .fini = teardown);
TestSuite(table, .init = setup, .fini = teardown);

static char *keep_text(char *p)
{
    cr_assert_lt(n_texts, 4 * KEEP);
    texts[n_texts++] = p;
    return p;
}

static assess_table *keep_table(assess_table *t)
{
    cr_assert_lt(n_tables, 4 * KEEP);
    tables[n_tables++] = t;
    return t;
}

static assess_agree_options agree_defaults(void)
{
    assess_agree_options o;
    assess_agree_options_init(&o);
    return o;
}

static assess_reliability_options rel_defaults(void)
{
    assess_reliability_options o;
    assess_reliability_options_init(&o);
    return o;
}

static assess_table *agree_of(const assess_responses *r,
                              const assess_agree_options *o)
{
    assess_error err;
    assess_table *t;
    assess_error_init(&err);
    t = assess_agree_compute(r, o, &err);
    cr_assert_not_null(t, "assess_agree_compute: %s", err.message);
    return keep_table(t);
}

static assess_table *rel_of(const assess_responses *r,
                            const assess_reliability_options *o)
{
    assess_error err;
    assess_table *t;
    assess_error_init(&err);
    t = assess_reliability_compute(r, o, &err);
    cr_assert_not_null(t, "assess_reliability_compute: %s", err.message);
    return keep_table(t);
}

/* The error of a call that must fail: no table, and why. */
static assess_error agree_error(const assess_responses *r,
                                const assess_agree_options *o)
{
    assess_error err;
    assess_table *t;
    assess_error_init(&err);
    t = assess_agree_compute(r, o, &err);
    if (t)
        keep_table(t);
    cr_assert_null(t, "assess_agree_compute succeeded where it must fail");
    return err;
}

static assess_error rel_error(const assess_responses *r,
                              const assess_reliability_options *o)
{
    assess_error err;
    assess_table *t;
    assess_error_init(&err);
    t = assess_reliability_compute(r, o, &err);
    if (t)
        keep_table(t);
    cr_assert_null(t, "assess_reliability_compute succeeded where it must "
                      "fail");
    return err;
}

/* ---- Finding rows ------------------------------------------------------- */

/* A key that matches anything (compared by address). */
static const char ANY[] = "(any)";

static const char *str(const char *s)
{
    return s ? s : "(null)";
}

static int key_is(const char *want, const char *have)
{
    if (want == ANY)
        return 1;
    if (!want || !have)
        return want == have;
    return strcmp(want, have) == 0;
}

static int row_is(const table_row *r, const char *subject, const char *wave,
                  const char *scale, const char *item, const char *group,
                  const char *statistic)
{
    return key_is(subject, r->subject) && key_is(wave, r->wave) &&
           key_is(scale, r->scale) && key_is(item, r->item) &&
           key_is(group, r->group) && key_is(statistic, r->statistic);
}

static size_t count_rows(const assess_table *t, const char *subject,
                         const char *wave, const char *scale,
                         const char *item, const char *group,
                         const char *statistic)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n_rows; i++)
        n += row_is(&t->rows[i], subject, wave, scale, item, group, statistic);
    return n;
}

/* The one row with these keys (a NULL subject: the cohort's). */
static const table_row *row_of(const assess_table *t, const char *subject,
                               const char *wave, const char *scale,
                               const char *item, const char *group,
                               const char *statistic)
{
    const table_row *found = NULL;
    size_t n = 0;
    for (size_t i = 0; i < t->n_rows; i++) {
        if (row_is(&t->rows[i], subject, wave, scale, item, group,
                   statistic)) {
            if (!found)
                found = &t->rows[i];
            n++;
        }
    }
    cr_assert_eq(n, 1, "%zu rows for subject %s, wave %s, scale %s, item %s, "
                       "group %s, statistic %s (expected one)",
                 n, str(subject), str(wave), str(scale), str(item),
                 str(group), str(statistic));
    return found;
}

/* A within-subject row of wave 1, and a cohort row of wave 1. */
static const table_row *wrow(const assess_table *t, const char *subject,
                             const char *scale, const char *group,
                             const char *statistic)
{
    return row_of(t, subject, "1", scale, NULL, group, statistic);
}

static const table_row *crow(const assess_table *t, const char *scale,
                             const char *group, const char *statistic)
{
    return row_of(t, NULL, "1", scale, NULL, group, statistic);
}

static size_t index_of(const assess_table *t, const table_row *r)
{
    return (size_t)(r - t->rows);
}

/* A present value (within `tol`), with n (n < 0: no n). */
static void expect_near(const table_row *r, double value, double n,
                        double tol)
{
    cr_assert(r->has_value, "%s %s %s: no value (note: %s)", str(r->subject),
              r->scale, r->statistic, str(r->note));
    cr_assert(fabs(r->value - value) <= tol,
              "%s %s %s %s: value %.17g, expected %.17g", str(r->subject),
              r->scale, str(r->group), r->statistic, r->value, value);
    if (n < 0) {
        cr_assert(!r->has_n, "%s: n %g where none is expected", r->statistic,
                  r->n);
    } else {
        cr_assert(r->has_n, "%s: no n", r->statistic);
        cr_assert_eq(r->n, n, "%s %s: n %g, expected %g", r->scale,
                     r->statistic, r->n, n);
    }
}

static void expect_value(const table_row *r, double value, double n)
{
    expect_near(r, value, n, TOL);
}

/* An absent value whose note holds `why`. */
static void expect_absent(const table_row *r, const char *why)
{
    cr_assert(!r->has_value, "%s %s %s: value %.17g where none is expected",
              str(r->subject), r->scale, r->statistic, r->value);
    cr_assert(!r->has_ci, "%s: an interval without a value", r->statistic);
    cr_assert_not_null(r->note, "%s: absent without a note", r->statistic);
    cr_assert_not_null(strstr(r->note, why), "%s: note '%s', expected '%s'",
                       r->statistic, r->note, why);
}

static void expect_note(const table_row *r, const char *note)
{
    if (!note) {
        cr_assert_null(r->note, "%s: note '%s', expected none", r->statistic,
                       str(r->note));
        return;
    }
    cr_assert_not_null(r->note, "%s: no note, expected '%s'", r->statistic,
                       note);
    cr_assert_str_eq(r->note, note);
}

/* The statistics of rows first .. first + n - 1, in order. */
static void expect_sequence(const assess_table *t, size_t first,
                            const char *const *names, size_t n)
{
    cr_assert_leq(first + n, t->n_rows, "the table ends early");
    for (size_t i = 0; i < n; i++)
        cr_assert_str_eq(t->rows[first + i].statistic, names[i],
                         "row %zu: '%s', expected '%s'", first + i,
                         t->rows[first + i].statistic, names[i]);
}

/* ---- Writers to memory -------------------------------------------------- */

static FILE *mem_open(char **p, size_t *size)
{
    FILE *f = open_memstream(p, size);
    cr_assert_not_null(f);
    return f;
}

static char *mem_close(FILE *f, char **p)
{
    cr_assert_eq(fclose(f), 0);
    cr_assert_not_null(*p);
    return keep_text(*p);
}

static char *csv_of(const assess_table *t)
{
    char *p = NULL;
    size_t size = 0;
    assess_error err;
    FILE *f = mem_open(&p, &size);
    assess_error_init(&err);
    cr_assert_eq(assess_table_write_csv(t, f, &err), ASSESS_OK, "%s",
                 err.message);
    return mem_close(f, &p);
}

static char *json_of(const assess_table *t)
{
    char *p = NULL;
    size_t size = 0;
    assess_error err;
    FILE *f = mem_open(&p, &size);
    assess_error_init(&err);
    cr_assert_eq(assess_table_write_json(t, f, &err), ASSESS_OK, "%s",
                 err.message);
    return mem_close(f, &p);
}

/* Whether `text` has a line that is exactly `line`. */
static int has_line(const char *text, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = text; *p;) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && memcmp(p, line, n) == 0)
            return 1;
        p += len + (end != NULL);
    }
    return 0;
}

/* The first line of a text that starts with `prefix` (a static copy). */
static const char *line_starting(const char *text, const char *prefix)
{
    static char line[1024];
    size_t n = strlen(prefix);
    for (const char *p = text; *p;) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len >= n && memcmp(p, prefix, n) == 0) {
            cr_assert_lt(len, sizeof line);
            memcpy(line, p, len);
            line[len] = '\0';
            return line;
        }
        p += len + (end != NULL);
    }
    cr_assert_fail("no line starts with '%s' in:\n%s", prefix, text);
    return NULL;
}

static size_t count_lines(const char *text)
{
    size_t n = 0;
    for (const char *p = text; *p; p++)
        n += *p == '\n';
    return n;
}

static size_t count_substr(const char *text, const char *needle)
{
    size_t n = 0, len = strlen(needle);
    for (const char *p = strstr(text, needle); p; p = strstr(p + len, needle))
        n++;
    return n;
}

/* No NaN or infinity printed, in any case. */
static void expect_clean(const char *text, const char *what)
{
    cr_assert(!contains_nocase(text, "nan"), "%s: NaN:\n%s", what, text);
    cr_assert(!contains_nocase(text, "inf"), "%s: inf:\n%s", what, text);
}

/*
 * The long layout of a wide CSV (plain fields, no quoting; the header
 * subject_id,rater_id,rater_group,wave then item ids): one answer a row,
 * items last to first, rows in file order, blanks as empty values.
 */
static char *wide_to_long(const char *wide)
{
    enum { MAX_LINES = 64, MAX_FIELDS = 16 };
    char *copy = strdup(wide), *lines[MAX_LINES], *save = NULL;
    char *fields[MAX_LINES][MAX_FIELDS];
    size_t n_lines = 0, n_fields = 0;
    char *out = NULL;
    size_t size = 0;
    FILE *f;

    cr_assert_not_null(copy);
    for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        cr_assert_lt(n_lines, MAX_LINES);
        lines[n_lines++] = l;
    }
    for (size_t i = 0; i < n_lines; i++) {
        size_t k = 0;
        char *p = lines[i];
        for (;;) {
            char *comma = strchr(p, ',');
            cr_assert_lt(k, MAX_FIELDS);
            fields[i][k++] = p;
            if (!comma)
                break;
            *comma = '\0';
            p = comma + 1;
        }
        if (i == 0)
            n_fields = k;
        cr_assert_eq(k, n_fields, "wide line %zu has %zu fields", i, k);
    }
    f = mem_open(&out, &size);
    fputs("subject_id,rater_id,rater_group,wave,item_id,value\n", f);
    for (size_t j = n_fields; j-- > 4;)
        for (size_t i = 1; i < n_lines; i++)
            fprintf(f, "%s,%s,%s,%s,%s,%s\n", fields[i][0], fields[i][1],
                    fields[i][2], fields[i][3], fields[0][j], fields[i][j]);
    free(copy);
    return mem_close(f, &out);
}

/* ---- Options ------------------------------------------------------------- */

Test(agree, options_defaults)
{
    assess_agree_options o;
    assess_reliability_options r;
    memset(&o, 0xa5, sizeof o);
    assess_agree_options_init(&o);
    cr_assert_eq(o.null, ASSESS_NULL_UNIFORM);
    cr_assert_eq(o.rwg_truncate, 1);
    cr_assert_eq(o.by_group, 0);
    cr_assert_null(o.pair);
    cr_assert_eq(o.categories, ASSESS_CATEGORIES_OBSERVED);
    memset(&r, 0xa5, sizeof r);
    assess_reliability_options_init(&r);
    cr_assert_null(r.group);
    cr_assert_eq(r.pairwise, 0);
}

/* ---- Within each subject ------------------------------------------------- */

/*
 * S1: self, a manager and three peers.  Others (m, p1, p2, p3):
 *   T1 4 3 4 5: mean 4,   SS 0+1+0+1 = 2,                 var 2/3
 *   T2 3 3 3 5: mean 3.5, SS 3 x 0.25 + 2.25 = 3,         var 1
 *   O1 4 4 5 3: mean 4,   SS 0+0+1+1 = 2,                 var 2/3
 * The self rater's 1s would change every one of them.
 */
static const char WITHIN_CSV[] =
    TW_HEADER
    "S1,s,self,1,1,1,1\n"
    "S1,m,manager,1,4,3,4\n"
    "S1,p1,peer,1,3,3,4\n"
    "S1,p2,peer,1,4,3,5\n"
    "S1,p3,peer,1,5,5,3\n";

Test(agree, within_two_items_rwg_j_awg_ad)
{
    assess_table *t = agree_of(read_csv(load(TW), WITHIN_CSV), NULL);

    /* rwg_j: the uniform null on 5 points has variance (25 - 1) / 12 = 2;
     * mean item variance (2/3 + 1) / 2 = 5/6, r = 5/12;
     * J (1 - r) / (J (1 - r) + r) = (14/12) / (14/12 + 5/12) = 14/19.
     * n is the four raters who are not self. */
    const table_row *r = wrow(t, "S1", "two", "others", "rwg_j");
    expect_value(r, 14.0 / 19, 4);
    expect_note(r, NULL);
    size_t at = index_of(t, r);
    static const char *const order[] = { "rwg_j", "rwg_j_untruncated",
                                         "rwg_j_lindell", "awg", "ad_m",
                                         "ad_md" };
    expect_sequence(t, at, order, 6);
    expect_value(wrow(t, "S1", "two", "others", "rwg_j_untruncated"),
                 14.0 / 19, 4);
    /* r*wg(j) (Lindell, Brandt & Whitney 1999): 1 - 5/12 = 7/12. */
    expect_value(wrow(t, "S1", "two", "others", "rwg_j_lindell"), 7.0 / 12, 4);
    /* awg (Brown & Hauenstein): per item 1 - 2 S^2 / max, max =
     * [(H + L) M - M^2 - H L] n / (n - 1).  T1: M 4: (24 - 16 - 5) 4/3 =
     * 4, 1 - 2 (2/3) / 4 = 2/3.  T2: M 3.5: (21 - 12.25 - 5) 4/3 = 5,
     * 1 - 2 / 5 = 3/5.  Mean (2/3 + 3/5) / 2 = 19/30.  (Both means lie
     * within the bounds (L (n-1) + H)/n = 2 and (H (n-1) + L)/n = 4 that
     * awg keeps to.) */
    expect_value(wrow(t, "S1", "two", "others", "awg"), 19.0 / 30, 4);
    /* ad_m: T1 |0|+|1|+|0|+|1| / 4 = 0.5; T2 (0.5 x 3 + 1.5) / 4 = 0.75;
     * mean 0.625.  ad_md: T1 median 4: 0.5; T2 median 3: (0+0+0+2)/4 =
     * 0.5; mean 0.5. */
    expect_value(wrow(t, "S1", "two", "others", "ad_m"), 0.625, 4);
    expect_value(wrow(t, "S1", "two", "others", "ad_md"), 0.5, 4);
    /* A two-item scale has no plain rwg. */
    cr_assert_eq(count_rows(t, ANY, ANY, "two", ANY, ANY, "rwg"), 0);
    cr_assert_eq(count_rows(t, ANY, ANY, "two", ANY, ANY, "rwg_untruncated"), 0);
}

Test(agree, within_single_item_gives_rwg)
{
    assess_table *t = agree_of(read_csv(load(TW), WITHIN_CSV), NULL);

    /* O1: var 2/3 against 2: rwg = 1 - (2/3) / 2 = 2/3. */
    const table_row *r = wrow(t, "S1", "one", "others", "rwg");
    expect_value(r, 2.0 / 3, 4);
    static const char *const order[] = { "rwg", "rwg_untruncated", "awg",
                                         "ad_m", "ad_md" };
    expect_sequence(t, index_of(t, r), order, 5);
    expect_value(wrow(t, "S1", "one", "others", "rwg_untruncated"), 2.0 / 3, 4);
    /* awg: M 4 as T1: 2/3; ad_m 0.5; median 4: ad_md 0.5. */
    expect_value(wrow(t, "S1", "one", "others", "awg"), 2.0 / 3, 4);
    expect_value(wrow(t, "S1", "one", "others", "ad_m"), 0.5, 4);
    expect_value(wrow(t, "S1", "one", "others", "ad_md"), 0.5, 4);
    cr_assert_eq(count_rows(t, ANY, ANY, "one", ANY, ANY, "rwg_j"), 0);
    cr_assert_eq(count_rows(t, ANY, ANY, "one", ANY, ANY, "rwg_j_untruncated"),
                 0);
    /* r*wg(j) of one item would be rwg untruncated: none. */
    cr_assert_eq(count_rows(t, ANY, ANY, "one", ANY, ANY, "rwg_j_lindell"), 0);
}

/* Without --by-group the only within-subject group is others: three
 * scales of six rows (five for the one-item scale, without
 * rwg_j_lindell). */
Test(agree, within_rows_only_for_others_by_default)
{
    assess_table *t = agree_of(read_csv(load(TW), WITHIN_CSV), NULL);
    cr_assert_eq(count_rows(t, "S1", ANY, ANY, ANY, ANY, ANY), 17);
    cr_assert_eq(count_rows(t, "S1", ANY, ANY, ANY, "others", ANY), 17);
    /* And they come first. */
    for (size_t i = 0; i < 17; i++)
        cr_assert_str_eq(t->rows[i].subject, "S1");
}

/* A composite stands for its parts' items: comp is T1, T2, O1. */
Test(agree, within_composite_uses_the_items_of_its_parts)
{
    assess_table *t = agree_of(read_csv(load(TW), WITHIN_CSV), NULL);

    /* Mean variance (2/3 + 1 + 2/3) / 3 = 7/9, r = 7/18, J = 3:
     * 3 (11/18) / (3 (11/18) + 7/18) = 33/40. */
    expect_value(wrow(t, "S1", "comp", "others", "rwg_j"), 33.0 / 40, 4);
    /* awg (2/3 + 3/5 + 2/3) / 3 = 29/45; ad_m (0.5 + 0.75 + 0.5) / 3 =
     * 7/12; ad_md 0.5. */
    expect_value(wrow(t, "S1", "comp", "others", "awg"), 29.0 / 45, 4);
    expect_value(wrow(t, "S1", "comp", "others", "ad_m"), 7.0 / 12, 4);
    expect_value(wrow(t, "S1", "comp", "others", "ad_md"), 0.5, 4);
}

/* Self ratings never enter others: whatever self says, or whether self
 * answered at all, the whole output is the same. */
Test(agree, self_never_enters_others)
{
    const assess_instrument *inst = load(TW);
    static const char other_self[] =
        TW_HEADER
        "S1,s,self,1,5,5,5\n"
        "S1,m,manager,1,4,3,4\n"
        "S1,p1,peer,1,3,3,4\n"
        "S1,p2,peer,1,4,3,5\n"
        "S1,p3,peer,1,5,5,3\n";
    static const char no_self[] =
        TW_HEADER
        "S1,m,manager,1,4,3,4\n"
        "S1,p1,peer,1,3,3,4\n"
        "S1,p2,peer,1,4,3,5\n"
        "S1,p3,peer,1,5,5,3\n";
    static const char other_peer[] =
        TW_HEADER
        "S1,s,self,1,1,1,1\n"
        "S1,m,manager,1,4,3,4\n"
        "S1,p1,peer,1,3,3,4\n"
        "S1,p2,peer,1,4,3,5\n"
        "S1,p3,peer,1,5,5,5\n";
    const char *base = csv_of(agree_of(read_csv(inst, WITHIN_CSV), NULL));

    cr_assert_str_eq(csv_of(agree_of(read_csv(inst, other_self), NULL)), base);
    cr_assert_str_eq(csv_of(agree_of(read_csv(inst, no_self), NULL)), base);
    /* A change in one of the others does show. */
    cr_assert_str_neq(csv_of(agree_of(read_csv(inst, other_peer), NULL)), base);
}

/* An instrument without a self group has agreement of `all`. */
Test(agree, without_self_group_the_group_is_all)
{
    static const char csv[] =
        "subject_id,rater_id,rater_group,wave,Y1,Y2\n"
        "N1,m,manager,1,4,3\n"
        "N1,p1,peer,1,3,3\n"
        "N1,p2,peer,1,4,3\n"
        "N1,p3,peer,1,5,5\n";
    assess_table *t = agree_of(read_csv(load(TNOSELF), csv), NULL);

    /* The T1, T2 of WITHIN_CSV: rwg_j 14/19. */
    expect_value(wrow(t, "N1", "y", "all", "rwg_j"), 14.0 / 19, 4);
    cr_assert_eq(count_rows(t, ANY, ANY, ANY, ANY, "others", ANY), 0);
}

/* ---- Anonymity ----------------------------------------------------------- */

/*
 * S1: self, manager, three peers and two direct reports (minimum 3).  S2:
 * self, a manager and one peer: others has 2 raters, below the strictest
 * minimum of the groups it pools (3).
 */
static const char ANON_CSV[] =
    TW_HEADER
    "S1,s,self,1,1,1,1\n"
    "S1,m,manager,1,4,3,4\n"
    "S1,p1,peer,1,3,3,4\n"
    "S1,p2,peer,1,4,3,5\n"
    "S1,p3,peer,1,5,5,3\n"
    "S1,d1,direct_report,1,1,1,1\n"
    "S1,d2,direct_report,1,5,5,5\n"
    "S2,s,self,1,2,2,2\n"
    "S2,m,manager,1,3,3,3\n"
    "S2,p4,peer,1,4,4,4\n";

/* A withheld row: nothing but the keys and the reason. */
static void expect_withheld(const table_row *r, unsigned minimum)
{
    char note[64];
    snprintf(note, sizeof note, "withheld: fewer than %u raters in the group",
             minimum);
    cr_assert(!r->has_value, "%s %s %s: withheld with a value %g",
              r->subject, r->group, r->statistic, r->value);
    cr_assert(!r->has_n, "%s %s %s: withheld with n %g", r->subject,
              r->group, r->statistic, r->n);
    cr_assert(!r->has_ci);
    cr_assert(r->value == 0 && r->n == 0 && r->lo == 0 && r->hi == 0,
              "a withheld row keeps a number");
    cr_assert_not_null(r->note);
    cr_assert_eq(strncmp(r->note, "withheld", 8), 0, "note '%s'", r->note);
    cr_assert_str_eq(r->note, note);
}

Test(agree, group_below_its_minimum_is_withheld)
{
    assess_agree_options o = agree_defaults();
    o.by_group = 1;
    assess_table *t = agree_of(read_csv(load(TW), ANON_CSV), &o);
    static const char *const scales[] = { "two", "one", "comp" };
    static const char *const stats[3][6] = {
        { "rwg_j", "rwg_j_untruncated", "rwg_j_lindell", "awg", "ad_m",
          "ad_md" },
        { "rwg", "rwg_untruncated", "awg", "ad_m", "ad_md", NULL },
        { "rwg_j", "rwg_j_untruncated", "rwg_j_lindell", "awg", "ad_m",
          "ad_md" },
    };

    /* S1's two direct reports: every statistic of every scale withheld. */
    cr_assert_eq(count_rows(t, "S1", ANY, ANY, ANY, "direct_report", ANY), 17);
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < 6 && stats[k][i]; i++)
            expect_withheld(wrow(t, "S1", scales[k], "direct_report",
                                 stats[k][i]), 3);
    /* ... and printed as the keys and the reason alone. */
    const char *csv = csv_of(t);
    cr_assert(has_line(csv, "S1,1,two,,direct_report,rwg_j,,,,,withheld: "
                            "fewer than 3 raters in the group"), "%s", csv);
    cr_assert(has_line(csv, "S1,1,one,,direct_report,ad_md,,,,,withheld: "
                            "fewer than 3 raters in the group"), "%s", csv);

    /* The groups at or above their minimums are shown.  Peers (3): T1
     * 3 4 5 var 1, T2 3 3 5 var 4/3: mean 7/6, r = 7/12, rwg_j =
     * 2 (5/12) / (10/12 + 7/12) = 10/17. */
    expect_value(wrow(t, "S1", "two", "peer", "rwg_j"), 10.0 / 17, 3);
    /* The manager (minimum 1) alone: shown, nothing to compute. */
    const table_row *m = wrow(t, "S1", "two", "manager", "rwg_j");
    expect_absent(m, "fewer than two raters");
    cr_assert(m->has_n && m->n == 1);
    /* Others leaves out the two withheld direct reports, as scoring does
     * (score_left_out): the manager and three peers. */
    cr_assert_eq(wrow(t, "S1", "two", "others", "rwg_j")->n, 4);

    /* S2: others (2 raters) and peer (1) below 3, the manager shown. */
    for (int k = 0; k < 3; k++) {
        for (int i = 0; i < 5; i++) {
            expect_withheld(wrow(t, "S2", scales[k], "others", stats[k][i]), 3);
            expect_withheld(wrow(t, "S2", scales[k], "peer", stats[k][i]), 3);
        }
    }
    cr_assert_eq(wrow(t, "S2", "two", "manager", "awg")->n, 1);
    /* A group with no raters for a subject has no rows. */
    cr_assert_eq(count_rows(t, "S2", ANY, ANY, ANY, "direct_report", ANY), 0);
}

/*
 * Cohort statistics pool only the subjects that show the group.  S1's two
 * direct reports (minimum 3) are withheld in S1's rows, and with S2 having
 * none no direct_report cohort row may exist; S2's lone peer and S2's two
 * others (minimum 3) add nothing: peer rests on S1's three peers alone
 * (one subject, so icc1 has fewer than two), others on S1's six.
 */
Test(agree, cohort_rows_pool_only_subjects_that_show_the_group)
{
    assess_agree_options o = agree_defaults();
    o.by_group = 1;
    assess_table *t = agree_of(read_csv(load(TW), ANON_CSV), &o);

    cr_assert_eq(count_rows(t, NULL, ANY, ANY, ANY, "direct_report", ANY), 0);
    const table_row *r = crow(t, "two", "peer", "icc1");
    expect_absent(r, "fewer than two subjects");
    cr_assert(r->has_n && r->n == 3, "peer icc1 n %g", r->n);
    /* Others in S1 is the manager and the three peers: the two direct
     * reports are left out of it (score_disclose.h), in its cohort rows too. */
    r = crow(t, "two", "others", "icc1");
    cr_assert(r->has_n && r->n == 4, "others icc1 n %g", r->n);
}

/* The self group never gets agreement rows, with or without --by-group. */
Test(agree, self_group_has_no_rows)
{
    const assess_instrument *inst = load(TW);
    assess_responses *r = read_csv(inst, ANON_CSV);
    assess_agree_options o = agree_defaults();

    o.by_group = 1;
    assess_table *by = agree_of(r, &o);
    assess_table *plain = agree_of(r, NULL);
    cr_assert_eq(count_rows(by, ANY, ANY, ANY, ANY, "self", ANY), 0);
    cr_assert_eq(count_rows(plain, ANY, ANY, ANY, ANY, "self", ANY), 0);
    /* By group: others, then the groups in instrument order. */
    cr_assert_eq(count_rows(by, "S1", ANY, "two", ANY, ANY, ANY), 24);
    static const char *const groups[] = { "others", "manager", "peer",
                                          "direct_report" };
    size_t at = index_of(by, wrow(by, "S1", "two", "others", "rwg_j"));
    for (size_t g = 0; g < 4; g++)
        for (size_t i = 0; i < 6; i++)
            cr_assert_str_eq(by->rows[at + g * 6 + i].group, groups[g]);
}

/* ---- Truncation ---------------------------------------------------------- */

/*
 * Four raters who are not self, each subject:
 *   N1: T1, T2 1 5 3 3 (var 8/3 each); O1 1 5 1 5 (var 16/3).
 *   P1: T1, T2 1 5 1 5 (var 16/3 each); O1 3 3 3 3.
 *   Z1: T1 1 5 1 5 (16/3), T2 1 5 3 3 (8/3): mean 4.
 */
static const char TRUNC_CSV[] =
    TW_HEADER
    "N1,m,manager,1,1,1,1\n"
    "N1,p1,peer,1,5,5,5\n"
    "N1,p2,peer,1,3,3,1\n"
    "N1,p3,peer,1,3,3,5\n"
    "P1,m,manager,1,1,1,3\n"
    "P1,p1,peer,1,5,5,3\n"
    "P1,p2,peer,1,1,1,3\n"
    "P1,p3,peer,1,5,5,3\n"
    "Z1,m,manager,1,1,1,3\n"
    "Z1,p1,peer,1,5,5,3\n"
    "Z1,p2,peer,1,1,3,3\n"
    "Z1,p3,peer,1,5,3,3\n";

Test(agree, truncation_to_zero_keeps_the_formula_beside)
{
    assess_table *t = agree_of(read_csv(load(TW), TRUNC_CSV), NULL);
    const table_row *r;

    /* N1 two: r = (8/3) / 2 = 4/3 > 1: rwg_j 0; the formula
     * 2 (-1/3) / (2 (-1/3) + 4/3) = -1. */
    r = wrow(t, "N1", "two", "others", "rwg_j");
    expect_value(r, 0, 4);
    cr_assert_not_null(r->note);
    cr_assert_not_null(strstr(r->note, "truncated to 0"), "%s", r->note);
    r = wrow(t, "N1", "two", "others", "rwg_j_untruncated");
    expect_value(r, -1, 4);
    expect_note(r, NULL);
    /* N1 one: 1 - (16/3) / 2 = -5/3. */
    r = wrow(t, "N1", "one", "others", "rwg");
    expect_value(r, 0, 4);
    cr_assert_not_null(strstr(r->note, "truncated to 0"));
    expect_value(wrow(t, "N1", "one", "others", "rwg_untruncated"), -5.0 / 3, 4);
    /* P1 two: r = 8/3: 2 (-5/3) / (-10/3 + 8/3) = 5, above 1. */
    r = wrow(t, "P1", "two", "others", "rwg_j");
    expect_value(r, 0, 4);
    cr_assert_not_null(strstr(r->note, "truncated to 0"));
    expect_value(wrow(t, "P1", "two", "others", "rwg_j_untruncated"), 5, 4);
    /* P1 one: no variance: 1, not truncated. */
    r = wrow(t, "P1", "one", "others", "rwg");
    expect_value(r, 1, 4);
    expect_note(r, NULL);
    /* Z1 two: r = 4 / 2 = 2: 2 (1 - 2) + 2 = 0, the formula divides by
     * zero: truncated 0, the formula's value absent. */
    expect_value(wrow(t, "Z1", "two", "others", "rwg_j"), 0, 4);
    r = wrow(t, "Z1", "two", "others", "rwg_j_untruncated");
    expect_absent(r, "divides by zero");
    cr_assert(r->has_n && r->n == 4);
}

Test(agree, no_truncation_gives_the_formula_and_no_untruncated_rows)
{
    assess_agree_options o = agree_defaults();
    o.rwg_truncate = 0;
    assess_table *t = agree_of(read_csv(load(TW), TRUNC_CSV), &o);
    const table_row *r;

    cr_assert_eq(count_rows(t, ANY, ANY, ANY, ANY, ANY, "rwg_j_untruncated"), 0);
    cr_assert_eq(count_rows(t, ANY, ANY, ANY, ANY, ANY, "rwg_untruncated"), 0);
    r = wrow(t, "N1", "two", "others", "rwg_j");
    expect_value(r, -1, 4);
    cr_assert_not_null(r->note);
    cr_assert_not_null(strstr(r->note, "exceeds the null"), "%s", r->note);
    cr_assert_null(strstr(r->note, "truncated"), "%s", r->note);
    expect_value(wrow(t, "N1", "one", "others", "rwg"), -5.0 / 3, 4);
    expect_value(wrow(t, "P1", "two", "others", "rwg_j"), 5, 4);
    expect_value(wrow(t, "P1", "one", "others", "rwg"), 1, 4);
    expect_absent(wrow(t, "Z1", "two", "others", "rwg_j"), "divide by zero");
    /* Five within rows a scale now: rwg_j, rwg_j_lindell, awg, ad_m,
     * ad_md. */
    static const char *const order[] = { "rwg_j", "rwg_j_lindell", "awg",
                                         "ad_m", "ad_md" };
    expect_sequence(t, index_of(t, wrow(t, "N1", "two", "others", "rwg_j")),
                    order, 5);
}

/* Withheld groups lose the untruncated row too when there is none. */
Test(agree, no_truncation_withheld_rows)
{
    assess_agree_options o = agree_defaults();
    o.rwg_truncate = 0;
    o.by_group = 1;
    assess_table *t = agree_of(read_csv(load(TW), ANON_CSV), &o);
    cr_assert_eq(count_rows(t, "S1", ANY, ANY, ANY, "direct_report", ANY), 14);
    expect_withheld(wrow(t, "S1", "two", "direct_report", "rwg_j"), 3);
}

/* ---- Null distributions -------------------------------------------------- */

Test(agree, null_distributions_on_five_points)
{
    const assess_instrument *inst = load(TW);
    assess_responses *r = read_csv(inst, WITHIN_CSV);
    /* LeBreton & Senter (2008), Table 3, 5 points. */
    static const struct {
        assess_rwg_null null;
        double var;
    } nulls[] = {
        { ASSESS_NULL_UNIFORM, 2.0 },        /* (25 - 1) / 12 */
        { ASSESS_NULL_SLIGHT_SKEW, 1.34 },
        { ASSESS_NULL_MODERATE_SKEW, 0.90 },
        { ASSESS_NULL_HEAVY_SKEW, 0.44 },
        { ASSESS_NULL_TRIANGULAR, 1.32 },
        { ASSESS_NULL_NORMAL, 1.04 },
    };

    for (size_t i = 0; i < sizeof nulls / sizeof *nulls; i++) {
        assess_agree_options o = agree_defaults();
        o.null = nulls[i].null;
        assess_table *t = agree_of(r, &o);
        /* O1: var 2/3, rwg = 1 - (2/3) / var (truncated at 0). */
        double one = 1 - (2.0 / 3) / nulls[i].var;
        expect_value(wrow(t, "S1", "one", "others", "rwg_untruncated"), one, 4);
        expect_value(wrow(t, "S1", "one", "others", "rwg"), one < 0 ? 0 : one,
                     4);
        /* T1, T2: mean var 5/6. */
        double q = (5.0 / 6) / nulls[i].var;
        double two = 2 * (1 - q) / (2 * (1 - q) + q);
        expect_value(wrow(t, "S1", "two", "others", "rwg_j_untruncated"), two,
                     4);
        /* awg and ad have no null. */
        expect_value(wrow(t, "S1", "two", "others", "awg"), 19.0 / 30, 4);
    }
}

/* Slightly skewed, the first tabled value by hand: 1 - (2/3) / 1.34. */
Test(agree, null_slight_skew_uses_1_34)
{
    assess_agree_options o = agree_defaults();
    o.null = ASSESS_NULL_SLIGHT_SKEW;
    assess_table *t = agree_of(read_csv(load(TW), WITHIN_CSV), &o);
    expect_value(wrow(t, "S1", "one", "others", "rwg"),
                 0.50248756218905477, 4);
}

/*
 * A 4-point scale: uniform has (16 - 1) / 12 = 1.25; the skewed nulls are
 * tabled for 5 to 11 points only.  X1's others (m, p1, p2, p3) on four:
 * F1 2 3 3 4 (var 2/3), F2 1 2 2 3 (var 2/3).
 */
static const char MIX_CSV[] =
    TMIX_HEADER
    "X1,s,self,1,4,4,5,4,5,4\n"
    "X1,m,manager,1,2,1,4,3,4,3\n"
    "X1,p1,peer,1,3,2,3,2,3,2\n"
    "X1,p2,peer,1,3,2,5,4,5,4\n"
    "X1,p3,peer,1,4,3,2,1,2,1\n"
    "X2,s,self,1,3,3,3,3,3,3\n"
    "X2,m,manager,1,3,3,4,4,4,4\n"
    "X2,p1,peer,1,2,2,2,2,2,2\n"
    "X2,p2,peer,1,4,4,5,4,5,4\n";

Test(agree, null_on_four_points)
{
    const assess_instrument *inst = load(TMIX);
    assess_responses *r = read_csv(inst, MIX_CSV);
    assess_agree_options o = agree_defaults();
    assess_table *t = agree_of(r, &o);

    /* Uniform: r = (2/3) / 1.25 = 8/15; 2 (7/15) / (14/15 + 8/15) = 7/11. */
    expect_value(wrow(t, "X1", "four", "others", "rwg_j"), 7.0 / 11, 4);

    for (int null = ASSESS_NULL_SLIGHT_SKEW; null <= ASSESS_NULL_NORMAL;
         null++) {
        o.null = (assess_rwg_null)null;
        t = agree_of(r, &o);
        const table_row *rw = wrow(t, "X1", "four", "others", "rwg_j");
        expect_absent(rw, "no null variance");
        cr_assert(rw->has_n && rw->n == 4);
        expect_absent(wrow(t, "X1", "four", "others", "rwg_j_untruncated"),
                      "no null variance");
        /* awg: F1 M 3: (15 - 9 - 4) 4/3 = 8/3, 1 - (4/3) / (8/3) = 1/2;
         * F2 M 2 likewise 1/2. */
        expect_value(wrow(t, "X1", "four", "others", "awg"), 0.5, 4);
    }
}

Test(agree, unknown_null_is_a_usage_error)
{
    assess_agree_options o = agree_defaults();
    o.null = (assess_rwg_null)99;
    assess_error err = agree_error(read_csv(load(TW), WITHIN_CSV), &o);
    cr_assert_eq(err.status, ASSESS_EUSAGE);
}

/* ---- Across subjects: ICCs ---------------------------------------------- */

/*
 * Nested: three subjects, three different peers each.  O1 (= every
 * scale score):  S1 1 2 3 (mean 2), S2 3 4 5 (4), S3 2 3 4 (3); grand 3.
 * SSB = 3 (1 + 1 + 0) = 6, MSB = 6/2 = 3; SSW = 2 + 2 + 2 = 6, MSW =
 * 6/6 = 1; k = 3.  icc1 = (3 - 1) / (3 + 2 x 1) = 2/5, icc2 = (3 - 1)/3
 * = 2/3, F = 3 on 2 and 6 df, p = (1 + 2 F / 6)^-3 = 1/8 (F with 2
 * numerator df has that closed form).
 */
static const char NESTED_CSV[] =
    TW_HEADER
    "S1,a1,peer,1,1,1,1\n"
    "S1,a2,peer,1,2,2,2\n"
    "S1,a3,peer,1,3,3,3\n"
    "S2,b1,peer,1,3,3,3\n"
    "S2,b2,peer,1,4,4,4\n"
    "S2,b3,peer,1,5,5,5\n"
    "S3,c1,peer,1,2,2,2\n"
    "S3,c2,peer,1,3,3,3\n"
    "S3,c3,peer,1,4,4,4\n";

/* A test companion row: the statistic and "of NAME". */
static void expect_companion(const table_row *r, const char *statistic,
                             const char *of, double value, double tol)
{
    cr_assert_str_eq(r->statistic, statistic);
    cr_assert_null(r->subject);
    cr_assert(r->has_value, "%s %s: no value", statistic, of);
    cr_assert(fabs(r->value - value) <= tol, "%s %s: %.17g, expected %.17g",
              statistic, of, r->value, value);
    cr_assert(!r->has_n);
    expect_note(r, of);
}

Test(agree, cohort_icc1_icc2_with_their_test)
{
    assess_table *t = agree_of(read_csv(load(TW), NESTED_CSV), NULL);
    const table_row *r = crow(t, "one", "others", "icc1");
    size_t at = index_of(t, r);

    cr_assert_null(r->subject);
    cr_assert_null(r->item);
    expect_value(r, 0.4, 9); /* n: the nine raters' scores */
    expect_companion(&t->rows[at + 1], "f", "of icc1", 3, TOL);
    expect_companion(&t->rows[at + 2], "df1", "of icc1", 2, 0);
    expect_companion(&t->rows[at + 3], "df2", "of icc1", 6, 0);
    expect_companion(&t->rows[at + 4], "p", "of icc1", 0.125, 1e-10);
    cr_assert_str_eq(t->rows[at + 5].statistic, "icc2");
    expect_value(&t->rows[at + 5], 2.0 / 3, 9);
    expect_companion(&t->rows[at + 6], "f", "of icc2", 3, TOL);
    expect_companion(&t->rows[at + 7], "df1", "of icc2", 2, 0);
    expect_companion(&t->rows[at + 8], "df2", "of icc2", 6, 0);
    expect_companion(&t->rows[at + 9], "p", "of icc2", 0.125, 1e-10);
}

Test(agree, nested_raters_have_no_shrout_fleiss)
{
    assess_table *t = agree_of(read_csv(load(TW), NESTED_CSV), NULL);
    static const char *const sf[] = { "icc1_1", "icc2_1", "icc3_1",
                                      "icc1_k", "icc2_k", "icc3_k" };
    size_t at = index_of(t, crow(t, "one", "others", "icc1_1"));

    /* Six rows in a row, no companions between them. */
    expect_sequence(t, at, sf, 6);
    for (size_t i = 0; i < 6; i++) {
        const table_row *r = crow(t, "one", "others", sf[i]);
        expect_absent(r, "not crossed");
        cr_assert(!r->has_n);
    }
    cr_assert_eq(count_rows(t, NULL, ANY, ANY, ANY, ANY, "icc1_1"), 3,
                 "one a scale");
}

/*
 * Crossed: the same peers r1, r2, r3 rated every subject (S1 has a self
 * rater too, who is not in others).  O1:
 *         r1 r2 r3   mean
 *   S1     1  2  3   2
 *   S2     3  4  5   4
 *   S3     3  3  3   3      rater means 7/3, 3, 11/3; grand 3
 * SST = 4+1+0 + 0+1+4 + 0 = 10; SSR = 3 (1 + 1 + 0) = 6, BMS = 3;
 * SSC = 3 (4/9 + 0 + 4/9) = 8/3, JMS = 4/3; SSE = 10 - 6 - 8/3 = 4/3,
 * EMS = (4/3)/4 = 1/3; WMS = (10 - 6)/6 = 2/3; n = k = 3.
 *   ICC(1,1) = (3 - 2/3) / (3 + 2 (2/3))              = 7/13
 *   ICC(2,1) = (3 - 1/3) / (3 + 2/3 + 3 (4/3 - 1/3)/3) = 4/7
 *   ICC(3,1) = (3 - 1/3) / (3 + 2/3)                  = 8/11
 *   ICC(1,k) = (3 - 2/3) / 3                          = 7/9
 *   ICC(2,k) = (3 - 1/3) / (3 + (4/3 - 1/3)/3)        = 4/5
 *   ICC(3,k) = (3 - 1/3) / 3                          = 8/9
 * F for ICC(1,*): BMS/WMS = 4.5 on 2, 6: p = (1 + 9/6)^-3 = 0.064;
 * for the others BMS/EMS = 9 on 2, 4: p = (1 + 18/4)^-2 = 1/30.25.
 */
static const char CROSSED_CSV[] =
    TW_HEADER
    "S1,s1,self,1,5,5,5\n"
    "S1,r1,peer,1,1,1,1\n"
    "S1,r2,peer,1,2,2,2\n"
    "S1,r3,peer,1,3,3,3\n"
    "S2,r3,peer,1,5,5,5\n"
    "S2,r1,peer,1,3,3,3\n"
    "S2,r2,peer,1,4,4,4\n"
    "S3,r2,peer,1,3,3,3\n"
    "S3,r1,peer,1,3,3,3\n"
    "S3,r3,peer,1,3,3,3\n";

Test(agree, crossed_raters_have_shrout_fleiss)
{
    assess_table *t = agree_of(read_csv(load(TW), CROSSED_CSV), NULL);
    static const struct {
        const char *name, *of;
        double value, f, df2, p;
    } sf[] = {
        { "icc1_1", "of icc1_1", 7.0 / 13, 4.5, 6, 0.064 },
        { "icc2_1", "of icc2_1", 4.0 / 7, 9, 4, 1 / 30.25 },
        { "icc3_1", "of icc3_1", 8.0 / 11, 9, 4, 1 / 30.25 },
        { "icc1_k", "of icc1_k", 7.0 / 9, 4.5, 6, 0.064 },
        { "icc2_k", "of icc2_k", 4.0 / 5, 9, 4, 1 / 30.25 },
        { "icc3_k", "of icc3_k", 8.0 / 9, 9, 4, 1 / 30.25 },
    };

    for (size_t i = 0; i < 6; i++) {
        const table_row *r = crow(t, "one", "others", sf[i].name);
        size_t at = index_of(t, r);
        expect_value(r, sf[i].value, 3); /* n: subjects */
        cr_assert(r->has_ci, "%s: no interval", sf[i].name);
        cr_assert(r->lo <= r->value && r->value <= r->hi);
        expect_companion(&t->rows[at + 1], "f", sf[i].of, sf[i].f, 1e-11);
        expect_companion(&t->rows[at + 2], "df1", sf[i].of, 2, 0);
        expect_companion(&t->rows[at + 3], "df2", sf[i].of, sf[i].df2, 0);
        expect_companion(&t->rows[at + 4], "p", sf[i].of, sf[i].p, 1e-10);
    }
    /* Bliese's on the same data: MSB 3, MSW 2/3: icc1 = 7/13 as ICC(1,1),
     * icc2 = (3 - 2/3) / 3 = 7/9. */
    expect_value(crow(t, "one", "others", "icc1"), 7.0 / 13, 9);
    expect_value(crow(t, "one", "others", "icc2"), 7.0 / 9, 9);
}

/*
 * Three subjects rated alike by three crossed raters, 1, 2 and 5: no
 * variance within subjects and no residual, every ICC exactly 1 (the
 * mean squares came out 1e-19, and F = 4.5e19 with p = 3e-58 was
 * printed; with 1, 2, 4, F, p and the interval were left empty without a
 * note).  F = MSB / 0 has no value: the f and p rows are there, empty,
 * with the reason; df1 and df2 are given; the ICC's interval is absent,
 * noted.  Nothing prints as inf or nan.
 */
Test(agree, crossed_raters_in_full_agreement)
{
    static const char csv[] =
        TW_HEADER
        "S1,r1,peer,1,1,1,1\n"
        "S1,r2,peer,1,1,1,1\n"
        "S1,r3,peer,1,1,1,1\n"
        "S2,r1,peer,1,2,2,2\n"
        "S2,r2,peer,1,2,2,2\n"
        "S2,r3,peer,1,2,2,2\n"
        "S3,r1,peer,1,5,5,5\n"
        "S3,r2,peer,1,5,5,5\n"
        "S3,r3,peer,1,5,5,5\n";
    assess_table *t = agree_of(read_csv(load(TW), csv), NULL);
    static const char *const names[6] = { "icc1_1", "icc2_1", "icc3_1",
                                          "icc1_k", "icc2_k", "icc3_k" };

    for (size_t i = 0; i < 6; i++) {
        const table_row *r = crow(t, "one", "others", names[i]);
        size_t at = index_of(t, r);
        int oneway = names[i][3] == '1';
        expect_value(r, 1, 3);
        cr_assert(!r->has_ci);
        cr_assert_not_null(r->note, "%s: no interval, no note", names[i]);
        cr_assert_str_eq(t->rows[at + 1].statistic, "f");
        expect_absent(&t->rows[at + 1], oneway
                          ? "no variance within subjects: F divides by zero"
                          : "no residual variance: F divides by zero");
        expect_value(&t->rows[at + 2], 2, -1);
        expect_value(&t->rows[at + 3], oneway ? 6 : 4, -1);
        cr_assert_str_eq(t->rows[at + 4].statistic, "p");
        expect_absent(&t->rows[at + 4], "F divides by zero");
    }
    expect_value(crow(t, "one", "others", "icc1"), 1, 9);
    expect_clean(csv_of(t), "agree CSV");
}

/* Crossed, but one rater's score missing for a subject: that subject is
 * left out of the Shrout & Fleiss matrix, and the note says so. */
Test(agree, crossed_with_a_missing_score_leaves_the_subject_out)
{
    static const char csv[] =
        TW_HEADER
        "S1,r1,peer,1,1,1,1\n"
        "S1,r2,peer,1,2,2,2\n"
        "S1,r3,peer,1,3,3,3\n"
        "S2,r1,peer,1,3,3,3\n"
        "S2,r2,peer,1,4,4,4\n"
        "S2,r3,peer,1,5,5,5\n"
        "S3,r1,peer,1,3,3,3\n"
        "S3,r2,peer,1,3,3,3\n"
        "S3,r3,peer,1,3,3,3\n"
        "S4,r1,peer,1,2,2,2\n"
        "S4,r2,peer,1,4,4,0\n"
        "S4,r3,peer,1,5,5,5\n";
    assess_table *t = agree_of(read_csv(load(TW), csv), NULL);
    const table_row *r = crow(t, "one", "others", "icc1_1");

    /* S4's r2 did not answer O1: S4 has two peers with a score, below
     * the minimum of 3, so S4 is withheld and adds nothing (score_disclose.h);
     * the crossed data less S4 is CROSSED_CSV. */
    expect_value(r, 7.0 / 13, 3);
    expect_note(r, NULL);
    expect_value(crow(t, "one", "others", "icc3_k"), 8.0 / 9, 3);
}

/*
 * Two subjects rated by the same three peers.  ICC(2,1)'s interval
 * (McGraw & Wong, Satterthwaite's df) asks for an F quantile with a df
 * below 1; GSL refuses that, and with its default error handler in place
 * it printed "fdistinv.c:48: ERROR: nu2 < 1" and called abort(), taking
 * the whole run with it (`assess agree` on these six rows exited 134
 * before commit b9097de).  Expected: the rows, whatever becomes of the
 * interval.
 *
 * O1: S1 3 1 5, S2 3 4 3 (p1 p2 p3); grand 19/6.  SSR = 3 (1/36 + 1/36)
 * = 1/6 = BMS; rater means 3, 5/2, 4: SSC = 2 (1 + 16 + 25)/36 = 7/3,
 * JMS = 7/6; SST = (1 + 169 + 121 + 1 + 25 + 1)/36 = 53/6; SSE = 53/6 -
 * 1/6 - 14/6 = 19/3, EMS = 19/6; WMS = (53/6 - 1/6)/4 = 13/6.
 *   ICC(1,1) = (1/6 - 13/6) / (1/6 + 26/6) = -4/9
 *   ICC(2,1) = (1/6 - 19/6) / (1/6 + 38/6 + 3 (7/6 - 19/6)/2) = -6/7
 */
Test(agree, crossed_raters_on_two_subjects_do_not_abort)
{
    static const char csv[] =
        TW_HEADER
        "S1,p1,peer,1,3,3,3\n"
        "S1,p2,peer,1,1,1,1\n"
        "S1,p3,peer,1,5,5,5\n"
        "S2,p1,peer,1,3,3,3\n"
        "S2,p2,peer,1,4,4,4\n"
        "S2,p3,peer,1,3,3,3\n";
    assess_table *t = agree_of(read_csv(load(TW), csv), NULL);

    expect_value(crow(t, "one", "others", "icc1_1"), -4.0 / 9, 2);
    expect_value(crow(t, "one", "others", "icc2_1"), -6.0 / 7, 2);
    expect_clean(csv_of(t), "agree CSV");
}

/* ---- Across subjects: units ---------------------------------------------- */

Test(agree, cohort_krippendorff_fleiss_gwet_rows)
{
    assess_table *t = agree_of(read_csv(load(TW), CROSSED_CSV), NULL);
    static const char *const order[] = {
        "icc1", "f", "df1", "df2", "p", "icc2", "f", "df1", "df2", "p",
        "icc1_1", "f", "df1", "df2", "p", "icc2_1", "f", "df1", "df2", "p",
        "icc3_1", "f", "df1", "df2", "p", "icc1_k", "f", "df1", "df2", "p",
        "icc2_k", "f", "df1", "df2", "p", "icc3_k", "f", "df1", "df2", "p",
        "kripp_alpha_nominal", "kripp_alpha_ordinal", "kripp_alpha_interval",
        "kripp_alpha_ratio", "fleiss_kappa", "se", "gwet_ac1", "se",
        "gwet_ac2", "se",
    };
    size_t n = sizeof order / sizeof *order;
    size_t at = index_of(t, crow(t, "one", "others", "icc1"));

    expect_sequence(t, at, order, n);
    for (size_t i = 0; i < n; i++) {
        cr_assert_null(t->rows[at + i].subject);
        cr_assert_str_eq(t->rows[at + i].scale, "one");
        cr_assert_str_eq(t->rows[at + i].group, "others");
    }
    /*
     * Units are subject x item: {1,2,3}, {3,4,5}, {3,3,3} (self's 5 left
     * out).  Interval alpha: D_o = (1/9) sum_u 1/(m_u - 1) sum_{i != j}
     * (v_i - v_j)^2 = (1/9)(12/2 + 12/2 + 0) = 4/3; D_e over all nine
     * values: 2 (9 x 91 - 27^2) / (9 x 8) = 180/72 = 5/2; alpha =
     * 1 - (4/3)/(5/2) = 7/15.  n: three pairable units.
     */
    expect_value(crow(t, "one", "others", "kripp_alpha_interval"), 7.0 / 15, 3);
    for (size_t i = 0; i < 4; i++)
        cr_assert(t->rows[at + 40 + i].has_value, "%s",
                  t->rows[at + 40 + i].statistic);
    /*
     * Fleiss: P_u = (sum n_uc^2 - 3) / 6: S1 0, S2 0, S3 1; mean 1/3.
     * Category shares 1/9, 1/9, 5/9, 1/9, 1/9: P_e = 29/81.  kappa =
     * (27/81 - 29/81) / (52/81) = -1/26.
     */
    const table_row *r = crow(t, "one", "others", "fleiss_kappa");
    expect_value(r, -1.0 / 26, 3);
    expect_companion(&t->rows[index_of(t, r) + 1], "se", "of fleiss_kappa",
                     t->rows[index_of(t, r) + 1].value, 0);
    /* AC1: p_e = 1/(q - 1) sum pi (1 - pi) = (1/4)(4 (1/9)(8/9) +
     * (5/9)(4/9)) = 13/81; (27/81 - 13/81) / (68/81) = 7/34. */
    r = crow(t, "one", "others", "gwet_ac1");
    expect_value(r, 7.0 / 34, 3);
    cr_assert(r->has_ci);
    expect_companion(&t->rows[index_of(t, r) + 1], "se", "of gwet_ac1",
                     t->rows[index_of(t, r) + 1].value, 0);
    cr_assert_gt(t->rows[index_of(t, r) + 1].value, 0);
    r = crow(t, "one", "others", "gwet_ac2");
    cr_assert(r->has_value);
    expect_companion(&t->rows[index_of(t, r) + 1], "se", "of gwet_ac2",
                     t->rows[index_of(t, r) + 1].value, 0);
}

/* ---- --pair ---------------------------------------------------------------- */

/*
 * Every subject has a self rater, a manager A and a peer B; S4 has a
 * second manager C.  self,manager on two (S4 left out: two managers):
 *   S1 (5,5) (4,4)   S2 (3,4) (2,2)   S3 (5,4) (4,4)
 * Over categories 2..5: p_o = 4/6; self 2:1 3:1 4:2 5:2, manager 2:1
 * 3:0 4:4 5:1: p_e = (1 + 0 + 8 + 2)/36 = 11/36; kappa = (24 - 11)/(36 -
 * 11) = 13/25.  Linear weights 1 - |i-j|/3: p_o = 16/18, p_e = 70/108:
 * 13/19.  Quadratic: 29/35.
 */
static const char PAIR_CSV[] =
    TW_HEADER
    "S1,s1,self,1,5,4,3\n"
    "S1,A,manager,1,5,4,3\n"
    "S1,B,peer,1,4,4,2\n"
    "S2,s2,self,1,3,2,4\n"
    "S2,A,manager,1,4,2,4\n"
    "S2,B,peer,1,4,3,4\n"
    "S3,s3,self,1,5,4,5\n"
    "S3,A,manager,1,4,4,5\n"
    "S3,B,peer,1,5,4,1\n"
    "S4,s4,self,1,1,1,1\n"
    "S4,A,manager,1,5,5,5\n"
    "S4,C,manager,1,1,1,1\n"
    "S4,B,peer,1,2,2,2\n";

Test(agree, pair_of_groups)
{
    assess_agree_options o = agree_defaults();
    o.pair = "self,manager";
    assess_table *t = agree_of(read_csv(load(TW), PAIR_CSV), &o);
    const char *left_out = "1 subject left out: more than one rater on a "
                           "side of the pair";
    const table_row *r = crow(t, "two", "self,manager", "cohen_kappa");
    size_t at = index_of(t, r);
    static const char *const order[] = { "cohen_kappa", "se",
                                         "cohen_kappa_linear", "se",
                                         "cohen_kappa_quadratic", "se" };

    expect_sequence(t, at, order, 6);
    expect_value(r, 13.0 / 25, 6); /* n: six pairs of ratings */
    expect_note(r, left_out);
    cr_assert(r->has_ci);
    expect_companion(&t->rows[at + 1], "se", "of cohen_kappa",
                     t->rows[at + 1].value, 0);
    expect_value(&t->rows[at + 2], 13.0 / 19, 6);
    expect_note(&t->rows[at + 2], left_out);
    expect_companion(&t->rows[at + 3], "se", "of cohen_kappa_linear",
                     t->rows[at + 3].value, 0);
    expect_value(&t->rows[at + 4], 29.0 / 35, 6);
    expect_companion(&t->rows[at + 5], "se", "of cohen_kappa_quadratic",
                     t->rows[at + 5].value, 0);
    /* Others (the manager and the peer, below the minimum of 3) is
     * withheld in every subject: no cohort row of it. */
    cr_assert_eq(count_rows(t, NULL, ANY, ANY, ANY, "others", ANY), 0);
    /* One set a scale: three scales. */
    cr_assert_eq(count_rows(t, NULL, ANY, ANY, ANY, "self,manager",
                            "cohen_kappa"), 3);
    /* No within-subject rows for a pair. */
    cr_assert_eq(count_rows(t, ANY, ANY, ANY, ANY, "self,manager", ANY), 18);
}

/*
 * By rater ids: A (the manager everywhere) and B (the peer everywhere);
 * S4 counts now, A being one rater.  two:
 *   S1 (5,4) (4,4)  S2 (4,4) (2,3)  S3 (4,5) (4,4)  S4 (5,2) (5,2)
 * p_o = 3/8; A 2:1 4:4 5:3, B 2:2 3:1 4:4 5:1: p_e = (2 + 16 + 3)/64 =
 * 21/64; kappa = (24 - 21)/(64 - 21) = 3/43.
 */
Test(agree, pair_of_rater_ids)
{
    assess_agree_options o = agree_defaults();
    o.pair = "A,B";
    o.research = 1; /* rater ids */
    assess_table *t = agree_of(read_csv(load(TW), PAIR_CSV), &o);
    const table_row *r = crow(t, "two", "A,B", "cohen_kappa");
    expect_value(r, 3.0 / 43, 8);
    expect_note(r, NULL);

    /* A group and a rater id: self against B.  one: S1 (3,2), S2 (4,4),
     * S3 (5,1), S4 (1,2): categories 1..5 as observed: one agreement in
     * four; self 1:1 3:1 4:1 5:1, B 1:1 2:2 4:1: p_e = (1 + 1)/16;
     * kappa = (4/16 - 2/16)/(14/16) = 1/7. */
    o.pair = "self,B";
    t = agree_of(read_csv(load(TW), PAIR_CSV), &o);
    expect_value(crow(t, "one", "self,B", "cohen_kappa"), 1.0 / 7, 4);
}

/* Groups of a pair are named by their ids, however the user spelled them. */
Test(agree, pair_names_groups_by_their_ids)
{
    assess_agree_options o = agree_defaults();
    o.pair = "SELF,Manager";
    assess_table *t = agree_of(read_csv(load(TW), PAIR_CSV), &o);
    cr_assert_eq(count_rows(t, NULL, ANY, "two", ANY, "self,manager",
                            "cohen_kappa"), 1);
    cr_assert_eq(count_rows(t, ANY, ANY, ANY, ANY, "SELF,Manager", ANY), 0);
}

Test(agree, pair_naming_nothing_is_a_usage_error)
{
    assess_responses *r = read_csv(load(TW), PAIR_CSV);
    static const char *const pairs[] = { "self,boss", "boss,self" };

    for (size_t i = 0; i < 2; i++) {
        assess_agree_options o = agree_defaults();
        o.pair = pairs[i];
        assess_error err = agree_error(r, &o);
        cr_assert_eq(err.status, ASSESS_EUSAGE, "%s: status %d", pairs[i],
                     err.status);
        cr_assert_not_null(strstr(err.message, "'boss'"), "%s: %s", pairs[i],
                           err.message);
    }
}

Test(agree, malformed_pairs_are_usage_errors)
{
    assess_responses *r = read_csv(load(TW), PAIR_CSV);
    static const char *const pairs[] = { "self", "self,", ",manager",
                                         "self,manager,peer", "", "," };

    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        assess_agree_options o = agree_defaults();
        o.pair = pairs[i];
        assess_error err = agree_error(r, &o);
        cr_assert_eq(err.status, ASSESS_EUSAGE, "'%s': status %d", pairs[i],
                     err.status);
        /* The message quotes the argument as given. */
        char quoted[64];
        snprintf(quoted, sizeof quoted, "'%s'", pairs[i]);
        cr_assert_not_null(strstr(err.message, "--pair"), "'%s': %s",
                           pairs[i], err.message);
        cr_assert_not_null(strstr(err.message, quoted), "'%s': %s", pairs[i],
                           err.message);
    }
}

/* ---- Categories ---------------------------------------------------------- */

/*
 * c uses only 2 and 4 of 1..5.  self,manager:
 *   S1 (2,2) (4,4)  S2 (2,4) (4,4)  S3 (4,2) (2,2): p_o 4/6, margins
 *   3:3 both sides: p_e 1/2, kappa 1/3.
 * Others (manager, peer), units subject x item:
 *   (2,2) (4,4) (4,4) (4,2) (2,2) (2,4): p_a 4/6; pi_2 = pi_4 = 1/2.
 * d uses 2, 3 and 5.  self,manager:
 *   S1 (2,3) (5,5)  S2 (3,3) (2,5)  S3 (5,3) (2,2)
 */
static const char CAT_CSV[] =
    "subject_id,rater_id,rater_group,wave,C1,C2,D1,D2\n"
    "S1,s1,self,1,2,4,2,5\n"
    "S1,m1,manager,1,2,4,3,5\n"
    "S1,p1,peer,1,2,4,2,2\n"
    "S2,s2,self,1,2,4,3,2\n"
    "S2,m2,manager,1,4,4,3,5\n"
    "S2,p2,peer,1,4,2,2,2\n"
    "S3,s3,self,1,4,2,5,2\n"
    "S3,m3,manager,1,2,2,3,2\n"
    "S3,p3,peer,1,2,4,2,2\n";

Test(agree, categories_observed_or_scale)
{
    assess_responses *r = read_csv(load(TCAT), CAT_CSV);
    assess_agree_options o = agree_defaults();
    o.pair = "self,manager";
    assess_table *obs = agree_of(r, &o);
    o.categories = ASSESS_CATEGORIES_SCALE;
    assess_table *all = agree_of(r, &o);

    /* Fleiss' kappa ignores categories nobody used: (2/3 - 1/2)/(1/2) =
     * 1/3 either way.  Unweighted Cohen: 1/3 either way. */
    expect_value(crow(obs, "c", "others", "fleiss_kappa"), 1.0 / 3, 6);
    expect_value(crow(all, "c", "others", "fleiss_kappa"), 1.0 / 3, 6);
    expect_value(crow(obs, "c", "self,manager", "cohen_kappa"), 1.0 / 3, 6);
    expect_value(crow(all, "c", "self,manager", "cohen_kappa"), 1.0 / 3, 6);
    /* With two categories in use any weighting gives kappa itself (a
     * constant off-diagonal weight cancels), so the weighted ones stay
     * 1/3 as well. */
    expect_value(crow(obs, "c", "self,manager", "cohen_kappa_linear"),
                 1.0 / 3, 6);
    expect_value(crow(all, "c", "self,manager", "cohen_kappa_linear"),
                 1.0 / 3, 6);
    /* AC1: p_e = 1/(q - 1) sum pi (1 - pi) = 1/(q - 1) x 1/2.
     * Observed, q = 2: p_e 1/2, AC1 = (2/3 - 1/2)/(1/2) = 1/3.
     * Scale, q = 5: p_e 1/8, AC1 = (2/3 - 1/8)/(7/8) = 13/21. */
    expect_value(crow(obs, "c", "others", "gwet_ac1"), 1.0 / 3, 6);
    expect_value(crow(all, "c", "others", "gwet_ac1"), 13.0 / 21, 6);
    /* AC2, quadratic.  Observed: q = 2, the weights are the identity:
     * 1/3.  Scale: 2 and 4 are two points apart, weight 1 - 4/16 = 3/4;
     * p_a = (4 x 1 + 2 x 3/4)/6 = 11/12; T_w = 25 - 100/16 = 75/4,
     * p_e = T_w/(5 x 4) x 1/2 = 15/32; AC2 = (11/12 - 15/32)/(17/32) =
     * 43/51. */
    expect_value(crow(obs, "c", "others", "gwet_ac2"), 1.0 / 3, 6);
    expect_value(crow(all, "c", "others", "gwet_ac2"), 43.0 / 51, 6);
}

/*
 * d: 2, 3, 5 are 0, 1, 2 apart as observed categories but 1, 2, 4 as
 * points of 1..5.  Unweighted: diagonal 3 of 6, self 2:3 3:1 5:2,
 * manager 2:1 3:3 5:2: p_e = (3 + 3 + 4)/36; kappa = (18 - 10)/(36 - 10)
 * = 4/13 either way.  Linear: observed 5/17, scale 7/25; quadratic:
 * observed 7/25, scale 5/19 (the weighted sums worked as for PAIR_CSV).
 */
Test(agree, categories_change_weighted_kappa_spacing)
{
    assess_responses *r = read_csv(load(TCAT), CAT_CSV);
    assess_agree_options o = agree_defaults();
    o.pair = "self,manager";
    assess_table *obs = agree_of(r, &o);
    o.categories = ASSESS_CATEGORIES_SCALE;
    assess_table *all = agree_of(r, &o);

    expect_value(crow(obs, "d", "self,manager", "cohen_kappa"), 4.0 / 13, 6);
    expect_value(crow(all, "d", "self,manager", "cohen_kappa"), 4.0 / 13, 6);
    expect_value(crow(obs, "d", "self,manager", "cohen_kappa_linear"),
                 5.0 / 17, 6);
    expect_value(crow(all, "d", "self,manager", "cohen_kappa_linear"),
                 7.0 / 25, 6);
    expect_value(crow(obs, "d", "self,manager", "cohen_kappa_quadratic"),
                 7.0 / 25, 6);
    expect_value(crow(all, "d", "self,manager", "cohen_kappa_quadratic"),
                 5.0 / 19, 6);
}

/* ---- Mixed response scales ------------------------------------------------ */

Test(agree, mixed_response_scales)
{
    assess_agree_options o = agree_defaults();
    o.pair = "self,manager";
    assess_table *t = agree_of(read_csv(load(TMIX), MIX_CSV), &o);
    static const char *const mixed[] = { "mix", "ab" };
    const char *why = "the items use different response scales";

    for (int k = 0; k < 2; k++) {
        const char *sc = mixed[k];
        /* Within: no rwg, no awg, with the reason; ad needs no scale. */
        expect_absent(wrow(t, "X1", sc, "others", "rwg_j"), why);
        expect_absent(wrow(t, "X1", sc, "others", "rwg_j_untruncated"), why);
        expect_absent(wrow(t, "X1", sc, "others", "awg"), why);
        cr_assert(wrow(t, "X1", sc, "others", "ad_m")->has_value);
        cr_assert(wrow(t, "X1", sc, "others", "ad_md")->has_value);
        /* Across: no kappas, no AC; Krippendorff stays. */
        expect_absent(crow(t, sc, "others", "fleiss_kappa"), why);
        expect_absent(crow(t, sc, "others", "gwet_ac1"), why);
        expect_absent(crow(t, sc, "others", "gwet_ac2"), why);
        expect_absent(crow(t, sc, "self,manager", "cohen_kappa"), why);
        expect_absent(crow(t, sc, "self,manager", "cohen_kappa_linear"), why);
        expect_absent(crow(t, sc, "self,manager", "cohen_kappa_quadratic"),
                      why);
        cr_assert_eq(count_rows(t, NULL, ANY, sc, ANY, ANY, "se"), 0);
        cr_assert(crow(t, sc, "others", "kripp_alpha_nominal")->has_value);
        cr_assert(crow(t, sc, "others", "kripp_alpha_ordinal")->has_value);
        cr_assert(crow(t, sc, "others", "kripp_alpha_interval")->has_value);
        cr_assert(crow(t, sc, "others", "kripp_alpha_ratio")->has_value);
    }
    /* A scale of one response scale in the same instrument is fine. */
    cr_assert(wrow(t, "X1", "four", "others", "rwg_j")->has_value);
    cr_assert(crow(t, "four", "others", "fleiss_kappa")->has_value);
    cr_assert(crow(t, "a5", "self,manager", "cohen_kappa")->has_value);
}

/* ---- Reverse keying ------------------------------------------------------- */

/*
 * Keyed values per rater (R3 as scored: 6 - answer under TREL):
 *        R1 R2 R3   Q1 Q2
 *   s     1  2  2    2  1      (answered R3 4)
 *   p1    2  2  3    2  3      (3)
 *   p2    3  4  3    4  3      (3)
 *   p3    4  4  5    5  4      (1)
 *   d1    5  3  4    4  5      (2)
 */
static const char REL_CSV[] =
    TREL_HEADER
    "S1,s,self,1,1,2,4,2,1\n"
    "S1,p1,peer,1,2,2,3,2,3\n"
    "S1,p2,peer,1,3,4,3,4,3\n"
    "S2,p3,peer,1,4,4,1,5,4\n"
    "S2,d1,direct_report,1,5,3,2,4,5\n";

/* The same with R3 written as scored, for an instrument that does not
 * reverse it. */
static const char REL_KEYED_CSV[] =
    TREL_HEADER
    "S1,s,self,1,1,2,2,2,1\n"
    "S1,p1,peer,1,2,2,3,2,3\n"
    "S1,p2,peer,1,3,4,3,4,3\n"
    "S2,p3,peer,1,4,4,5,5,4\n"
    "S2,d1,direct_report,1,5,3,4,4,5\n";

Test(agree, reverse_keyed_items_are_turned_round)
{
    assess_agree_options o = agree_defaults();
    o.by_group = 1;
    const char *keyed =
        csv_of(agree_of(read_csv(load(TREL), REL_CSV), &o));
    const char *plain =
        csv_of(agree_of(read_csv(load(TREL_PLAIN), REL_KEYED_CSV), &o));
    const char *unkeyed =
        csv_of(agree_of(read_csv(load(TREL_PLAIN), REL_CSV), &o));

    cr_assert_str_eq(keyed, plain);
    /* Pooled over items, the direction shows (Krippendorff's D_e). */
    cr_assert_str_neq(keyed, unkeyed);
}

Test(reliability, reverse_keyed_items_are_turned_round)
{
    const char *keyed = csv_of(rel_of(read_csv(load(TREL), REL_CSV), NULL));
    const char *plain =
        csv_of(rel_of(read_csv(load(TREL_PLAIN), REL_KEYED_CSV), NULL));
    const char *unkeyed =
        csv_of(rel_of(read_csv(load(TREL_PLAIN), REL_CSV), NULL));

    cr_assert_str_eq(keyed, plain);
    cr_assert_str_neq(keyed, unkeyed);
}

/* ---- Reliability ---------------------------------------------------------- */

/*
 * r3 over all five raters: variances R1 2.5, R2 1, R3 1.3; covariances
 * R1R2 1, R1R3 1.5, R2R3 0.75; total score 5 7 10 13 12, variance 11.3.
 * alpha = 3/2 (1 - 4.8/11.3) = 195/226.
 */
Test(reliability, rows_and_values)
{
    assess_table *t = rel_of(read_csv(load(TREL), REL_CSV), NULL);
    const table_row *r = row_of(t, NULL, "1", "r3", NULL, "all", "alpha");
    size_t at = index_of(t, r);
    static const char *const order[] = {
        "alpha", "alpha_std", "sem", "alpha_duhachek", "se", "average_r",
        "guttman_l6", "omega_total", "item_total_r", "alpha_if_deleted",
        "item_total_r", "alpha_if_deleted", "item_total_r", "alpha_if_deleted",
    };
    static const char *const items[] = { NULL, NULL, NULL, NULL, NULL, NULL,
                                          NULL, NULL, "R1", "R1", "R2",
                                          "R2", "R3", "R3" };

    expect_sequence(t, at, order, 14);
    for (size_t i = 0; i < 14; i++) {
        const table_row *x = &t->rows[at + i];
        cr_assert_null(x->subject);
        cr_assert_str_eq(x->wave, "1");
        cr_assert_str_eq(x->scale, "r3");
        cr_assert_str_eq(x->group, "all");
        if (items[i])
            cr_assert_str_eq(str(x->item), items[i]);
        else
            cr_assert_null(x->item);
    }
    expect_value(r, 195.0 / 226, 5);
    expect_note(r, NULL);
    cr_assert(r->has_ci);
    cr_assert(r->lo < r->value && r->value < r->hi && r->hi <= 1,
              "interval %g .. %g", r->lo, r->hi);
    /* alpha_std: mean correlation of 1/sqrt(2.5), 1.5/sqrt(3.25) and
     * 0.75/sqrt(1.3), stepped up: 3 rbar / (1 + 2 rbar). */
    double rbar = (1 / sqrt(2.5) + 1.5 / sqrt(3.25) + 0.75 / sqrt(1.3)) / 3;
    expect_value(&t->rows[at + 1], 3 * rbar / (1 + 2 * rbar), 5);
    /* sem in the metric of the item mean: sqrt(11.3)/3 x sqrt(31/226) =
     * sqrt(1.55)/3. */
    expect_value(&t->rows[at + 2], sqrt(1.55) / 3, 5);
    /* alpha_duhachek: alpha with Duhachek & Iacobucci's (2004) se,
     * sqrt(Q / 5); psych::alpha's ase is 0.093288821143058823 (R 4.2.2,
     * psych 2.2.9), the interval alpha -+ 1.96 se. */
    expect_value(&t->rows[at + 3], 195.0 / 226, 5);
    expect_value(&t->rows[at + 4], 0.093288821143058823, -1);
    cr_assert_str_eq(t->rows[at + 4].note, "of alpha_duhachek");
    cr_assert(t->rows[at + 3].has_ci);
    cr_assert(fabs(t->rows[at + 3].lo - (195.0 / 226 - 1.96 * 0.093288821143058823)) < 1e-12);
    cr_assert(fabs(t->rows[at + 3].hi - (195.0 / 226 + 1.96 * 0.093288821143058823)) < 1e-12);
    /* average_r: the mean correlation itself; guttman_l6 as psych's
     * G6(smc), 0.84574557443661513. */
    expect_value(&t->rows[at + 5], rbar, 5);
    expect_value(&t->rows[at + 6], 0.84574557443661513, 5);
    /* omega_total: three items identify one factor exactly, l_i^2 =
     * r_ij r_ik / r_jk: 0.8, 0.5 and 45/52 (r12 = 1/sqrt(2.5), r13 =
     * 1.5/sqrt(3.25), r23 = 0.75/sqrt(1.3)); omega = 1 - (0.2 + 0.5 +
     * 7/52) / Vt, Vt = 3 + 2 (r12 + r13 + r23).  psych::omega(x,
     * nfactors = 1)$omega.tot gives 0.88479470790913872. */
    double vt = 3 + 2 * (1 / sqrt(2.5) + 1.5 / sqrt(3.25) + 0.75 / sqrt(1.3));
    expect_value(&t->rows[at + 7], 1 - (0.7 + 7.0 / 52) / vt, 5);
    cr_assert(fabs(t->rows[at + 7].value - 0.88479470790913872) < 1e-6);
    /* R1 against R2 + R3 (variance 1 + 1.3 + 1.5 = 3.8, covariance 2.5):
     * 2.5/sqrt(2.5 x 3.8); alpha of R2, R3: 2 (1 - 2.3/3.8) = 15/19. */
    expect_value(&t->rows[at + 8], 2.5 / sqrt(2.5 * 3.8), 5);
    expect_value(&t->rows[at + 9], 15.0 / 19, 5);
    /* R2 against R1 + R3 (6.8, 1.75); alpha of R1, R3: 2 (1 - 3.8/6.8) =
     * 15/17. */
    expect_value(&t->rows[at + 10], 1.75 / sqrt(6.8), 5);
    expect_value(&t->rows[at + 11], 15.0 / 17, 5);
    /* R3 against R1 + R2 (5.5, 2.25); alpha of R1, R2: 2 (1 - 3.5/5.5) =
     * 8/11. */
    expect_value(&t->rows[at + 12], 2.25 / sqrt(1.3 * 5.5), 5);
    expect_value(&t->rows[at + 13], 8.0 / 11, 5);
    /* Every scale once: r3 (14 rows), q2 (8 + 2 x 2 = 12; alpha if one
     * of two is deleted is absent, and so is omega of two items), rq
     * (8 + 5 x 2 = 18). */
    cr_assert_eq(t->n_rows, 14 + 12 + 18);
    expect_absent(row_of(t, NULL, "1", "q2", NULL, "all", "omega_total"),
                  "omega needs three items or more: one factor of two "
                  "items is not identified");
    expect_absent(row_of(t, NULL, "1", "q2", "Q1", "all", "alpha_if_deleted"),
                  "one item would be left");
}

/* Groups: others leaves self out, a group id takes that group. */
Test(reliability, group_option)
{
    assess_responses *r = read_csv(load(TREL), REL_CSV);
    assess_reliability_options o = rel_defaults();

    /* Others (p1, p2, p3, d1): variances 5/3, 11/12, 11/12, totals 7 10
     * 13 12 (variance 7): 3/2 (1 - 3.5/7) = 3/4. */
    o.group = "others";
    expect_value(row_of(rel_of(r, &o), NULL, "1", "r3", NULL, "others",
                        "alpha"), 0.75, 4);
    /* Peers (p1, p2, p3): variances 1, 4/3, 4/3, totals 7 10 13 (9):
     * 3/2 (1 - (11/3)/9) = 8/9. */
    o.group = "peer";
    expect_value(row_of(rel_of(r, &o), NULL, "1", "r3", NULL, "peer", "alpha"),
                 8.0 / 9, 3);
    /* "all" is every rater, as no group at all. */
    o.group = "all";
    assess_table *all = rel_of(r, &o);
    expect_value(row_of(all, NULL, "1", "r3", NULL, "all", "alpha"),
                 195.0 / 226, 5);
    cr_assert_str_eq(csv_of(all), csv_of(rel_of(r, NULL)));
}

Test(reliability, unknown_group_is_a_usage_error)
{
    assess_responses *r = read_csv(load(TREL), REL_CSV);
    assess_reliability_options o = rel_defaults();
    o.group = "boss";
    assess_error err = rel_error(r, &o);
    cr_assert_eq(err.status, ASSESS_EUSAGE);
    cr_assert_not_null(strstr(err.message, "'boss'"), "%s", err.message);

    /* Without a self group there is no `others` to ask for. */
    static const char csv[] = "subject_id,rater_id,rater_group,wave,Y1,Y2\n"
                              "N1,m,manager,1,4,3\n"
                              "N1,p1,peer,1,3,3\n";
    o.group = "others";
    err = rel_error(read_csv(load(TNOSELF), csv), &o);
    cr_assert_eq(err.status, ASSESS_EUSAGE);
}

/*
 * REL_CSV and p4 (2, -, 4 as scored: R2 blank) and p5, who answered none
 * of r3 (not an observation of it).
 */
static const char REL_MISSING_CSV[] =
    TREL_HEADER
    "S1,s,self,1,1,2,4,2,1\n"
    "S1,p1,peer,1,2,2,3,2,3\n"
    "S1,p2,peer,1,3,4,3,4,3\n"
    "S2,p3,peer,1,4,4,1,5,4\n"
    "S2,d1,direct_report,1,5,3,2,4,5\n"
    "S2,p4,peer,1,2,,2,3,3\n"
    "S2,p5,peer,1,,,0,1,2\n";

Test(reliability, listwise_drops_raters_with_a_missing_answer)
{
    assess_table *t = rel_of(read_csv(load(TREL), REL_MISSING_CSV), NULL);
    const table_row *r = row_of(t, NULL, "1", "r3", NULL, "all", "alpha");

    /* p4 left out: the five of REL_CSV. */
    expect_value(r, 195.0 / 226, 5);
    expect_note(r, "listwise: 1 of 6 raters with a missing answer left out");
    expect_value(row_of(t, NULL, "1", "r3", "R1", "all", "alpha_if_deleted"),
                 15.0 / 19, 5);
}

/*
 * Pairwise: each covariance over the raters who have both items.  With
 * p4 (2, -, 4): R1 2.5 -> 13/6 over six (1 2 3 4 5 2), R3 1.1 (2 3 3 5
 * 4 4), R1R3 1.1; R2 and its covariances over the five as before: 1,
 * R1R2 1, R2R3 0.75.  Trace 64/15, total 64/15 + 2 (1 + 1.1 + 0.75) =
 * 299/30: alpha = 3/2 (1 - 128/299) = 513/598.  n: the fewest raters of
 * any pair, 5.
 */
Test(reliability, pairwise_uses_every_pair)
{
    assess_reliability_options o = rel_defaults();
    o.pairwise = 1;
    assess_table *t = rel_of(read_csv(load(TREL), REL_MISSING_CSV), &o);
    const table_row *r = row_of(t, NULL, "1", "r3", NULL, "all", "alpha");

    expect_value(r, 513.0 / 598, 5);
    expect_note(r, "pairwise: n is the fewest raters any pair of items had");
    /* Listwise it is not. */
    cr_assert(fabs(r->value - 195.0 / 226) > 1e-3);
}

/*
 * Pairwise covariances that no one sample has: Q1 1 . 5 and Q2 1 4 4
 * (the second rater skipped Q1) have variances 8 and 3 and, over the two
 * raters with both, covariance 6: alpha = 2 (1 - 11/23) = 24/23, above 1.
 * Its Feldt interval came out [29.16, 1.00007]; the F distribution it
 * rests on holds for alpha below 1 only.  No interval then, and the note
 * says so beside what pairwise n means; no sem either (sqrt(1 - alpha)).
 */
Test(reliability, pairwise_alpha_above_one_has_no_interval)
{
    static const char csv[] =
        TREL_HEADER
        "A,p1,peer,1,1,2,3,1,1\n"
        "A,p2,peer,1,2,3,3,0,4\n"
        "A,p3,peer,1,4,4,3,5,4\n";
    assess_reliability_options o = rel_defaults();
    o.pairwise = 1;
    assess_table *t = rel_of(read_csv(load(TREL), csv), &o);
    const table_row *r = row_of(t, NULL, "1", "q2", NULL, "all", "alpha");

    expect_value(r, 24.0 / 23, 2);
    cr_assert(!r->has_ci, "[%g, %g]", r->lo, r->hi);
    expect_note(r, "alpha above 1 (the pairwise covariances are not those of "
                   "one sample): no Feldt interval; pairwise: n is the fewest "
                   "raters any pair of items had");
    expect_absent(row_of(t, NULL, "1", "q2", NULL, "all", "sem"),
                  "alpha above 1");
}

/* A composite is the items of its parts: rq gives what a plain scale of
 * R1, R2, R3 (reversed), Q1, Q2 gives. */
Test(reliability, composite_uses_the_items_of_its_parts)
{
    assess_table *comp = rel_of(read_csv(load(TREL), REL_CSV), NULL);
    assess_table *flat = rel_of(read_csv(load(TREL_FLAT), REL_CSV), NULL);
    size_t a = index_of(comp, row_of(comp, NULL, "1", "rq", NULL, "all",
                                     "alpha"));
    size_t b = index_of(flat, row_of(flat, NULL, "1", "all5", NULL, "all",
                                     "alpha"));
    static const char *const items[] = { "R1", "R2", "R3", "Q1", "Q2" };

    cr_assert_eq(comp->n_rows - a, 18);
    cr_assert_eq(flat->n_rows - b, 18);
    for (size_t i = 0; i < 18; i++) {
        const table_row *x = &comp->rows[a + i], *y = &flat->rows[b + i];
        cr_assert_str_eq(x->statistic, y->statistic);
        cr_assert_str_eq(str(x->item), str(y->item));
        cr_assert_eq(x->has_value, y->has_value, "%s", x->statistic);
        cr_assert(fabs(x->value - y->value) <= TOL, "%s %s: %.17g vs %.17g",
                  x->statistic, str(x->item), x->value, y->value);
        cr_assert_eq(x->has_ci, y->has_ci);
        cr_assert(fabs(x->lo - y->lo) <= TOL && fabs(x->hi - y->hi) <= TOL);
        cr_assert_eq(x->n, y->n);
        if (i >= 8)
            cr_assert_str_eq(x->item, items[(i - 8) / 2]);
    }
    cr_assert(comp->rows[a].has_value);
}

/* A single-item scale has no alpha, with the reason. */
Test(reliability, single_item_scale)
{
    assess_table *t = rel_of(read_csv(load(TW), WITHIN_CSV), NULL);
    expect_absent(row_of(t, NULL, "1", "one", NULL, "all", "alpha"),
                  "a single item");
    expect_absent(row_of(t, NULL, "1", "one", "O1", "all", "item_total_r"),
                  "a single item");
}

/* ---- Waves ----------------------------------------------------------------- */

/*
 * Waves "post" and "pre", post first in the file; subject Z before A in
 * the file.  Others are three raters each.  O1:
 *   A pre 2 3 4 (var 1: rwg 1 - 1/2 = 1/2), A post 5 5 5 (rwg 1),
 *   Z post 4 4 4, Z pre 1 2 3.
 * (A's manager answered T2 3 before, which only two shows.)
 * Cohort icc1: post: subject means 5 and 4, no variance within: 1.
 * pre: means 3 and 2: MSB = 3 (1/4 + 1/4)/1 = 3/2, MSW = 4/4 = 1;
 * (1/2)/(3/2 + 2) = 1/7.
 */
static const char WAVES_CSV[] =
    TW_HEADER
    "Z,m,manager,post,4,4,4\n"
    "Z,p1,peer,post,4,4,4\n"
    "Z,p2,peer,post,4,4,4\n"
    "A,m,manager,pre,2,3,2\n"
    "A,p1,peer,pre,3,3,3\n"
    "A,p2,peer,pre,4,4,4\n"
    "A,m,manager,post,5,5,5\n"
    "A,p1,peer,post,5,5,5\n"
    "A,p2,peer,post,5,5,5\n"
    "Z,m,manager,pre,1,1,1\n"
    "Z,p1,peer,pre,2,2,2\n"
    "Z,p2,peer,pre,3,3,3\n";

static size_t wave_rank(const char *wave)
{
    cr_assert_not_null(wave);
    if (strcmp(wave, "post") == 0)
        return 0;
    cr_assert_str_eq(wave, "pre");
    return 1;
}

Test(agree, rows_per_wave_in_order)
{
    assess_agree_options o = agree_defaults();
    assess_table *t = agree_of(read_csv(load(TW), WAVES_CSV), NULL);
    int cohort = 0;
    const table_row *prev = NULL;

    /* A's two peers are withheld and left out of others (score_left_out),
     * which leaves the manager alone: withheld too; so in Z.  Protected,
     * others has no cohort rows; for research every rater counts. */
    expect_withheld(row_of(t, "A", "pre", "one", NULL, "others", "rwg"), 3);
    expect_withheld(row_of(t, "A", "post", "one", NULL, "others", "rwg"), 3);
    cr_assert_eq(count_rows(t, NULL, ANY, ANY, ANY, "others", ANY), 0);
    o.research = 1;
    t = agree_of(read_csv(load(TW), WAVES_CSV), &o);
    expect_value(row_of(t, NULL, "post", "one", NULL, "others", "icc1"), 1, 6);
    expect_value(row_of(t, NULL, "pre", "one", NULL, "others", "icc1"),
                 1.0 / 7, 6);
    /* Within rows by subject id, then wave in order of first appearance
     * (post, pre); then the cohort rows, wave by wave. */
    for (size_t i = 0; i < t->n_rows; i++) {
        const table_row *r = &t->rows[i];
        size_t w = wave_rank(r->wave);
        if (!r->subject) {
            cohort = 1;
            if (prev && !prev->subject)
                cr_assert_geq(w, wave_rank(prev->wave), "row %zu", i);
        } else {
            cr_assert(!cohort, "row %zu: a subject's row after the cohort's", i);
            if (prev) {
                int c = strcmp(prev->subject, r->subject);
                cr_assert(c < 0 || (c == 0 && wave_rank(prev->wave) <= w),
                          "row %zu: %s/%s after %s/%s", i, r->subject, r->wave,
                          prev->subject, prev->wave);
            }
        }
        prev = r;
    }
    cr_assert(cohort);
    cr_assert_str_eq(t->rows[0].subject, "A");
    cr_assert_str_eq(t->rows[0].wave, "post");
    /* Three scales of six rows a subject and wave (five for the
     * one-item scale). */
    cr_assert_eq(count_rows(t, "A", "post", ANY, ANY, ANY, ANY), 17);
    cr_assert_eq(count_rows(t, "A", "pre", ANY, ANY, ANY, ANY), 17);
    cr_assert_eq(count_rows(t, "Z", "post", ANY, ANY, ANY, ANY), 17);
    cr_assert_eq(count_rows(t, "Z", "pre", ANY, ANY, ANY, ANY), 17);
    /* Post has no variance within subjects: icc1 without its F test, the
     * f and p rows absent with the reason, their df given. */
    const table_row *f = row_of(t, NULL, "post", "one", NULL, "others",
                                "icc1") + 1;
    cr_assert_str_eq(f->statistic, "f");
    expect_absent(f, "of icc1: no variance within subjects: F divides by "
                     "zero");
    expect_absent(f + 3, "of icc1: no variance within subjects");
    cr_assert_str_eq(f[3].statistic, "p");
    expect_value(f + 1, 1, -1);
    cr_assert_str_eq(f[1].statistic, "df1");
    cr_assert_gt(count_rows(t, NULL, "pre", "one", ANY, "others", "f"), 0);
}

Test(reliability, rows_per_wave_in_order)
{
    assess_reliability_options o;
    assess_reliability_options_init(&o);
    /* Protected, the peers (two, below their minimum of 3, and left out
     * of others) count nowhere: alpha rests on the two managers. */
    assess_table *t = rel_of(read_csv(load(TW), WAVES_CSV), NULL);
    cr_assert_eq(row_of(t, NULL, "post", "two", NULL, "all", "alpha")->n, 2);
    /* For research every rater counts. */
    o.research = 1;
    t = rel_of(read_csv(load(TW), WAVES_CSV), &o);
    /* Three scales a wave: two (alpha if one of two is deleted is
     * absent but present as a row, so 8 + 2 x 2 = 12), one (a single
     * item: seven scale rows absent, no se, and 2: 9), comp (8 + 3 x 2 =
     * 14). */
    cr_assert_eq(t->n_rows, 2 * (12 + 9 + 14));
    for (size_t i = 0; i < t->n_rows; i++)
        cr_assert_str_eq(t->rows[i].wave, i < t->n_rows / 2 ? "post" : "pre");
    /* Post: T1 = T2 over the six raters (4 4 4 5 5 5): alpha 1.  Pre: T1
     * 2 3 4 1 2 3 (var 1.1), T2 3 3 4 1 2 3 (var 16/15), covariance 1:
     * 2 (1 - (65/30) / (125/30)) = 24/25. */
    expect_value(row_of(t, NULL, "post", "two", NULL, "all", "alpha"), 1, 6);
    expect_value(row_of(t, NULL, "pre", "two", NULL, "all", "alpha"),
                 24.0 / 25, 6);
}

/* ---- Layouts and chunks ---------------------------------------------------- */

/* Two subjects, two waves, blanks and missing codes; W2 has peers of
 * its own (raters nested in subjects). */
static const char LAYOUT_WIDE[] =
    TW_HEADER
    "W1,s,self,1,5,4,2\n"
    "W1,m,manager,1,4,0,2\n"
    "W1,p1,peer,1,3,3,3\n"
    "W1,p2,peer,1,4,,1\n"
    "W1,p3,peer,1,2,2,5\n"
    "W1,d1,direct_report,1,5,5,5\n"
    "W2,s,self,1,3,3,3\n"
    "W2,m,manager,1,2,4,4\n"
    "W2,q1,peer,1,1,2,3\n"
    "W2,q2,peer,1,2,2,4\n"
    "W2,q3,peer,1,1,3,3\n"
    "W1,s,self,2,4,4,4\n"
    "W1,m,manager,2,5,5,1\n"
    "W1,p1,peer,2,4,4,2\n"
    "W1,p2,peer,2,4,5,2\n"
    "W1,p3,peer,2,3,5,2\n";

/* Every output the data can give: agree plain and with every option,
 * reliability listwise and pairwise. */
typedef struct outputs {
    char *agree, *agree_all, *agree_json, *rel, *rel_pairwise;
} outputs;

static outputs outputs_of(const assess_responses *r)
{
    outputs o;
    assess_agree_options ao = agree_defaults();
    assess_reliability_options ro = rel_defaults();
    o.agree = csv_of(agree_of(r, NULL));
    ao.by_group = 1;
    ao.pair = "self,manager";
    ao.categories = ASSESS_CATEGORIES_SCALE;
    o.agree_all = csv_of(agree_of(r, &ao));
    o.agree_json = json_of(agree_of(r, &ao));
    o.rel = csv_of(rel_of(r, NULL));
    ro.pairwise = 1;
    ro.group = "others";
    o.rel_pairwise = csv_of(rel_of(r, &ro));
    return o;
}

static void expect_same_outputs(const outputs *a, const outputs *b,
                                const char *what)
{
    cr_assert_str_eq(a->agree, b->agree, "%s: agree CSV differs", what);
    cr_assert_str_eq(a->agree_all, b->agree_all, "%s: agree (options) CSV "
                                                 "differs", what);
    cr_assert_str_eq(a->agree_json, b->agree_json, "%s: agree JSON differs",
                     what);
    cr_assert_str_eq(a->rel, b->rel, "%s: reliability CSV differs", what);
    cr_assert_str_eq(a->rel_pairwise, b->rel_pairwise,
                     "%s: reliability (pairwise) CSV differs", what);
}

Test(table, long_and_wide_layouts_give_identical_output)
{
    const assess_instrument *inst = load(TW);
    const char *lng = wide_to_long(LAYOUT_WIDE);
    outputs w = outputs_of(read_csv(inst, LAYOUT_WIDE));
    outputs l = outputs_of(read_csv(inst, lng));

    cr_assert_eq(count_lines(lng), 1 + 16 * 3);
    expect_same_outputs(&w, &l, "long vs wide");
    /* And the output says something: two waves, a pair, groups. */
    cr_assert_not_null(strstr(w.agree_all, "\"self,manager\""));
    cr_assert_not_null(strstr(w.agree_all, "W1,2,two,,peer,rwg_j,"));
    cr_assert_not_null(strstr(w.rel, ",2,comp,,all,alpha,"));
}

Test(table, chunking_does_not_change_output)
{
    const assess_instrument *inst = load(TW);
    const char *lng = wide_to_long(LAYOUT_WIDE);
    outputs whole = outputs_of(read_how(inst, LAYOUT_WIDE, FEED_WHOLE));
    outputs bytes = outputs_of(read_how(inst, LAYOUT_WIDE, FEED_BYTES));

    expect_same_outputs(&whole, &bytes, "wide, a byte at a time");
    bytes = outputs_of(read_how(inst, lng, FEED_BYTES));
    expect_same_outputs(&whole, &bytes, "long, a byte at a time");
    for (uint64_t seed = 2; seed < 5; seed++) {
        outputs chunks = outputs_of(read_how(inst, lng, seed));
        expect_same_outputs(&whole, &chunks, "long, random chunks");
    }
}

/* ---- Writers --------------------------------------------------------------- */

#define TABLE_HEADER                                                          \
    "subject_id,wave,scale,item,group,statistic,value,ci_low,ci_high,n,note\n"

Test(table, csv_header_fields_and_quoting)
{
    assess_agree_options o = agree_defaults();
    o.pair = "self,manager";
    o.by_group = 1;
    assess_table *t = agree_of(read_csv(load(TW), ANON_CSV), &o);
    const char *csv = csv_of(t);

    cr_assert_eq(strncmp(csv, TABLE_HEADER, strlen(TABLE_HEADER)), 0, "%s",
                 csv);
    cr_assert_eq(count_lines(csv), 1 + assess_table_row_count(t));
    cr_assert_eq(assess_table_row_count(t), t->n_rows);
    /* An absent value: empty value and interval, n, the reason last. */
    cr_assert(has_line(csv, "S1,1,two,,manager,rwg_j,,,,1,"
                            "fewer than two raters answered any item"),
              "%s", csv);
    /* Withheld: no n either. */
    cr_assert(has_line(csv, "S2,1,one,,others,rwg,,,,,"
                            "withheld: fewer than 3 raters in the group"),
              "%s", csv);
    /* The pair's name holds a comma: quoted; cohort rows start empty. */
    cr_assert_not_null(strstr(csv, "\n,1,two,,\"self,manager\",cohen_kappa,"),
                       "%s", csv);
    cr_assert_null(strstr(csv, ",self,manager,"), "an unquoted pair:\n%s",
                   csv);
    /* Companions: a value that reads back exactly, no interval, no n,
     * "of NAME". */
    const table_row *k = crow(t, "two", "self,manager", "cohen_kappa");
    const table_row *se = &t->rows[index_of(t, k) + 1];
    const char *line = line_starting(csv, ",1,two,,\"self,manager\",se,");
    char *end;
    double v = strtod(line + strlen(",1,two,,\"self,manager\",se,"), &end);
    cr_assert_eq(v, se->value, "%s", line);
    cr_assert_str_eq(end, ",,,,of cohen_kappa");
    /* Nothing that is not a number in a number column. */
    cr_assert(!contains_nocase(csv, "nan") && !contains_nocase(csv, "inf"));
}

/* Numbers as the shortest text that reads back; empty where absent. */
Test(table, csv_exact_rows)
{
    assess_table *t = agree_of(read_csv(load(TW), WITHIN_CSV), NULL);
    const char *csv = csv_of(t);

    /* ad_m 0.625 and 0.5, ad_md 0.5 (see within_two_items_...). */
    cr_assert(has_line(csv, "S1,1,two,,others,ad_m,0.625,,,4,"), "%s", csv);
    cr_assert(has_line(csv, "S1,1,two,,others,ad_md,0.5,,,4,"), "%s", csv);
    cr_assert(has_line(csv, "S1,1,one,,others,ad_m,0.5,,,4,"), "%s", csv);
    /* One subject: no ICC, said so; n is the raters' scores. */
    cr_assert(has_line(csv, ",1,one,,others,icc1,,,,4,fewer than two "
                            "subjects"), "%s", csv);
    /* Line i + 1 is row i, in order. */
    const char *line = strchr(csv, '\n') + 1;
    for (size_t i = 0; i < t->n_rows; i++) {
        const table_row *r = &t->rows[i];
        char prefix[128];
        snprintf(prefix, sizeof prefix, "%s,%s,%s,,%s,%s,",
                 r->subject ? r->subject : "", r->wave, r->scale, r->group,
                 r->statistic);
        cr_assert_eq(strncmp(line, prefix, strlen(prefix)), 0,
                     "line %zu does not start with %s", i + 2, prefix);
        line = strchr(line, '\n');
        cr_assert_not_null(line);
        line++;
    }
    cr_assert_eq(*line, '\0');
}

Test(table, json_document)
{
    assess_agree_options o = agree_defaults();
    o.by_group = 1;
    o.pair = "self,manager";
    assess_table *t = agree_of(read_csv(load(TW), ANON_CSV), &o);
    const char *json = json_of(t);
    static const char start[] =
        "{\"command\":\"agree\",\"instrument\":{\"id\":\"tw\",\"version\":"
        "\"2.1\"},\"rows\":[";

    cr_assert(json_ok(json), "the JSON does not parse:\n%s", json);
    cr_assert_eq(strncmp(json, start, strlen(start)), 0, "%s", json);
    cr_assert_eq(count_substr(json, "{\"subject_id\":"), t->n_rows);
    /* A withheld row: null for everything but keys and the reason. */
    cr_assert_not_null(
        strstr(json, "{\"subject_id\":\"S1\",\"wave\":\"1\",\"scale\":\"two\","
                     "\"item\":null,\"group\":\"direct_report\","
                     "\"statistic\":\"rwg_j\",\"value\":null,\"ci_low\":null,"
                     "\"ci_high\":null,\"n\":null,\"note\":\"withheld: fewer "
                     "than 3 raters in the group\"}"),
        "%s", json);
    /* A cohort row: subject_id null, the pair's name as a string. */
    cr_assert_not_null(strstr(json, "{\"subject_id\":null,\"wave\":\"1\","
                                    "\"scale\":\"two\",\"item\":null,"
                                    "\"group\":\"self,manager\","
                                    "\"statistic\":\"cohen_kappa\","));
    /* A present value with no note. */
    cr_assert_not_null(strstr(json, "\"group\":\"peer\",\"statistic\":"
                                    "\"rwg_j\",\"value\":0.58823529411764"),
                       "%s", json);

    /* Reliability: its command, item ids. */
    json = json_of(rel_of(read_csv(load(TREL), REL_CSV), NULL));
    cr_assert(json_ok(json), "%s", json);
    cr_assert_eq(strncmp(json, "{\"command\":\"reliability\",\"instrument\":"
                               "{\"id\":\"trel\",\"version\":\"1\"},"
                               "\"rows\":[", 60), 0, "%s", json);
    cr_assert_not_null(strstr(json, "\"item\":\"R2\",\"group\":\"all\","
                                    "\"statistic\":\"alpha_if_deleted\","
                                    "\"value\":0.88235294117647"), "%s", json);
}

/* An empty table still has its header and an empty list. */
Test(table, empty_input)
{
    const assess_instrument *inst = load(TW);
    assess_responses *r = read_csv(inst, TW_HEADER);
    assess_table *a = agree_of(r, NULL), *b = rel_of(r, NULL);

    cr_assert_eq(assess_table_row_count(a), 0);
    cr_assert_eq(assess_table_row_count(b), 0);
    cr_assert_str_eq(csv_of(a), TABLE_HEADER);
    cr_assert_str_eq(json_of(a), "{\"command\":\"agree\",\"instrument\":"
                                 "{\"id\":\"tw\",\"version\":\"2.1\"},"
                                 "\"rows\":[\n]}\n");
    cr_assert(json_ok(json_of(b)));
}

/*
 * Degenerate data: D1 everyone alike, D2 one rater, D3 nothing answered
 * (blanks and missing codes), D4 answers at both ends, D5 everyone at the
 * top of the scale.  Nothing may come out as NaN or inf.
 */
static const char DEGEN_CSV[] =
    TW_HEADER
    "D1,m,manager,1,3,3,3\n"
    "D1,p1,peer,1,3,3,3\n"
    "D1,p2,peer,1,3,3,3\n"
    "D1,p3,peer,1,3,3,3\n"
    "D2,m,manager,1,5,1,5\n"
    "D3,s,self,1,0,,0\n"
    "D3,m,manager,1,,,\n"
    "D3,p1,peer,1,0,0,0\n"
    "D3,p2,peer,1,,0,\n"
    "D3,p3,peer,1,,,\n"
    "D4,m,manager,1,1,5,1\n"
    "D4,p1,peer,1,5,1,5\n"
    "D4,p2,peer,1,1,5,1\n"
    "D4,p3,peer,1,5,1,5\n"
    "D5,m,manager,1,5,5,5\n"
    "D5,p1,peer,1,5,5,5\n"
    "D5,p2,peer,1,5,5,5\n"
    "D5,p3,peer,1,5,5,5\n";

/* Every number field of a CSV table reads back as a finite number. */
static void expect_finite_fields(const char *csv)
{
    char *copy = keep_text(strdup(csv)), *save = NULL;
    int header = 1;
    for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        if (header) {
            header = 0;
            continue;
        }
        /* Skip the first five fields (a quoted group holds one comma). */
        char *p = l;
        int quoted = 0;
        for (int commas = 0; *p && commas < 6; p++) {
            if (*p == '"')
                quoted = !quoted;
            else if (*p == ',' && !quoted)
                commas++;
        }
        for (int k = 0; k < 4; k++) {
            char *end = p;
            if (*p != ',') {
                double v = strtod(p, &end);
                cr_assert(end != p && isfinite(v), "a number field: %s", l);
            }
            cr_assert_eq(*end, ',', "%s", l);
            p = end + 1;
        }
    }
}

Test(table, no_nan_or_inf_for_degenerate_data)
{
    const assess_instrument *inst = load(TW);
    assess_responses *r = read_csv(inst, DEGEN_CSV);
    assess_responses *mix = read_csv(load(TMIX), MIX_CSV);
    assess_agree_options ao[4];
    assess_reliability_options ro[3];

    for (int i = 0; i < 4; i++)
        ao[i] = agree_defaults();
    ao[1].by_group = 1;
    ao[1].pair = "self,manager";
    for (int i = 0; i < 4; i++)
        ao[i].research = 1; /* a pair of rater ids below */
    ao[2].rwg_truncate = 0;
    ao[2].null = ASSESS_NULL_HEAVY_SKEW;
    ao[2].categories = ASSESS_CATEGORIES_SCALE;
    ao[2].pair = "m,p1";
    ao[3].by_group = 1;
    ao[3].pair = "p2,p3";
    for (int i = 0; i < 3; i++)
        ro[i] = rel_defaults();
    ro[1].pairwise = 1;
    ro[2].group = "peer";

    for (int i = 0; i < 4; i++) {
        const assess_responses *data[] = { r, mix };
        for (int d = 0; d < 2; d++) {
            if (d == 1 && i >= 2)
                continue; /* rater ids of DEGEN_CSV */
            assess_table *t = agree_of(data[d], &ao[i]);
            const char *csv = csv_of(t), *json = json_of(t);
            expect_clean(csv, "agree CSV");
            expect_clean(json, "agree JSON");
            cr_assert(json_ok(json), "%s", json);
            expect_finite_fields(csv);
            for (size_t k = 0; k < t->n_rows; k++) {
                const table_row *x = &t->rows[k];
                cr_assert(!x->has_value || isfinite(x->value));
                cr_assert(x->has_value || x->note, "row %zu (%s %s): absent "
                          "without a reason", k, str(x->subject), x->statistic);
            }
        }
    }
    for (int i = 0; i < 3; i++) {
        assess_table *t = rel_of(r, &ro[i]);
        const char *csv = csv_of(t), *json = json_of(t);
        expect_clean(csv, "reliability CSV");
        expect_clean(json, "reliability JSON");
        cr_assert(json_ok(json), "%s", json);
        expect_finite_fields(csv);
        for (size_t k = 0; k < t->n_rows; k++)
            cr_assert(t->rows[k].has_value || t->rows[k].note,
                      "row %zu: absent without a reason", k);
    }

    /* The data are as degenerate as meant. */
    assess_table *t = agree_of(r, NULL);
    /* D1: no variance: rwg_j 1, awg 1 (mean 3 is inside the scale). */
    expect_value(wrow(t, "D1", "two", "others", "rwg_j"), 1, 4);
    expect_value(wrow(t, "D1", "two", "others", "awg"), 1, 4);
    /* D2: one rater: not enough for others' minimum of 3. */
    expect_withheld(wrow(t, "D2", "two", "others", "rwg_j"), 3);
    /* D3: four raters, no answers: a rater without a score on a scale
     * is no rater of it (score_disclose.h), so others has no rows. */
    cr_assert_eq(count_rows(t, "D3", ANY, ANY, ANY, "others", ANY), 0);
    /* D5: all at 5: complete agreement, awg 1 (as multilevel::awg). */
    expect_value(wrow(t, "D5", "two", "others", "awg"), 1, 4);
    expect_value(wrow(t, "D5", "two", "others", "rwg_j"), 1, 4);
    /* Reliability over everyone: alpha is still a number here (D4 and D5
     * vary), or absent with a reason. */
    t = rel_of(r, NULL);
    cr_assert(row_of(t, NULL, "1", "two", NULL, "all", "alpha")->has_value ||
              row_of(t, NULL, "1", "two", NULL, "all", "alpha")->note);

    /* Every rater alike across the cohort: no variance anywhere. */
    static const char flat[] =
        TW_HEADER
        "F1,m,manager,1,3,3,3\n"
        "F1,p1,peer,1,3,3,3\n"
        "F1,p2,peer,1,3,3,3\n"
        "F2,m,manager,1,3,3,3\n"
        "F2,p1,peer,1,3,3,3\n"
        "F2,p2,peer,1,3,3,3\n";
    assess_responses *fr = read_csv(inst, flat);
    assess_agree_options po = agree_defaults();
    po.pair = "m,p1";
    po.research = 1;
    t = agree_of(fr, &po);
    expect_clean(csv_of(t), "flat agree");
    expect_clean(json_of(t), "flat agree JSON");
    expect_absent(crow(t, "two", "others", "kripp_alpha_interval"),
                  "no variation");
    expect_absent(crow(t, "two", "others", "fleiss_kappa"), "");
    expect_absent(crow(t, "two", "m,p1", "cohen_kappa"), "");
    t = rel_of(fr, NULL);
    expect_clean(csv_of(t), "flat reliability");
    expect_absent(row_of(t, NULL, "1", "two", NULL, "all", "alpha"),
                  "no variance");
}

/* ==== Threads ============================================================ */

/* Agreement's rows are the same on one thread and on several: its blocks
 * and its waves' scales are worked out and written in parts.  With each
 * group, and with a pair of groups. */
Test(agree, threads_do_not_change_the_table)
{
    const assess_instrument *inst = load(COHORT_XML);
    const assess_responses *r = read_csv(inst, keep_text(cohort_csv(300, 11)));

    for (int how = 0; how < 3; how++) {
        assess_agree_options o = agree_defaults();
        o.by_group = how > 0;
        o.pair = how == 2 ? "self,manager" : NULL;
        assess_table *one = agree_of(r, &o);
        const char *want = csv_of(one);
        /* every block is there: 300 subjects at two waves, two scales */
        cr_assert_eq(count_rows(one, ANY, ANY, ANY, NULL, "others", "rwg_j"),
                     300 * 2 * 2);
        cr_assert(!o.by_group || strstr(want, "withheld: fewer than 3 raters"));
        cr_assert(strstr(want, ",icc1,"));
        cr_assert(!o.pair || strstr(want, ",cohen_kappa,"));
        for (unsigned t = 2; t <= 4; t += 2) {
            o.threads = t;
            cr_assert_str_eq(csv_of(agree_of(r, &o)), want, "how %d, %u "
                             "threads", how, t);
        }
    }
}

/* So are reliability's, for every rater and for one group. */
Test(reliability, threads_do_not_change_the_table)
{
    const assess_instrument *inst = load(COHORT_XML);
    const assess_responses *r = read_csv(inst, keep_text(cohort_csv(300, 13)));

    for (int how = 0; how < 2; how++) {
        assess_reliability_options o = rel_defaults();
        o.group = how ? "peer" : NULL;
        const char *want = csv_of(rel_of(r, &o));
        cr_assert(strstr(want, ",alpha,"));
        for (unsigned t = 2; t <= 4; t += 2) {
            o.threads = t;
            cr_assert_str_eq(csv_of(rel_of(r, &o)), want, "how %d, %u "
                             "threads", how, t);
        }
    }
}

/* ---- Reliability beyond alpha: psych's bfi -------------------------------- */

/*
 * The first 500 rows of psych::bfi (fixtures/reliability-bfi: its five
 * scales, reverse-keyed items turned round by the instrument), listwise.
 * The reference values are R 4.2.2 with psych 2.2.9 on the same rows
 * (x the keyed items of a scale, na.omit):
 *   a <- alpha(x); a$total$raw_alpha, a$total$ase, a$total[["G6(smc)"]],
 *   a$total$average_r;
 *   omega(x, nfactors = 1)$omega.tot, and the exact minres (ULS) fit by
 *   iterated principal axes to 1e-15 (psych's optimizer stops short of
 *   it, by up to 1.1e-7 here).
 */
Test(reliability, bfi_five_scales_as_psych)
{
    static const struct {
        const char *scale;
        double n, alpha, ase, g6, average_r, omega_psych, omega_uls;
    } want[] = {
        { "agreeableness", 484, 0.706331348088601, 0.0212617889408603,
          0.690957964396886, 0.33436167282505, 0.72569818548707,
          0.725698292557916 },
        { "conscientiousness", 490, 0.721517863991673, 0.0197719076207205,
          0.693451318347417, 0.346387804478791, 0.727699152678898,
          0.727699161790528 },
        { "extraversion", 491, 0.763458822312116, 0.0166345148258778,
          0.728175405827334, 0.392297067225072, 0.765174831258281,
          0.765174881346775 },
        { "neuroticism", 482, 0.806540521546813, 0.0140925757964154,
          0.796279229687714, 0.45550820155659, 0.81138275520633,
          0.81138276045123 },
        { "openness", 487, 0.624614566693994, 0.0268142850891752,
          0.598186044878569, 0.260820129156035, 0.648161196218142,
          0.648161128269897 },
    };
    assess_error err;
    assess_instrument *inst;
    assess_responses *r;
    assess_reliability_options o = rel_defaults();

    assess_error_init(&err);
    inst = assess_instrument_load("fixtures/reliability-bfi/instrument.xml",
                                  NULL, NULL, &err);
    cr_assert_not_null(inst, "%s", err.message);
    insts[n_insts++] = inst;
    r = assess_responses_new(inst, NULL, &err);
    cr_assert_not_null(r);
    resps[n_resps++] = r;
    cr_assert_eq(assess_responses_read_file(
                     r, "fixtures/reliability-bfi/responses.csv", &err),
                 ASSESS_OK, "%s", err.message);
    o.target_items = 10;
    assess_table *t = rel_of(r, &o);
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const char *k = want[i].scale;
        const table_row *a = row_of(t, NULL, "1", k, NULL, "all", "alpha");
        const table_row *d =
            row_of(t, NULL, "1", k, NULL, "all", "alpha_duhachek");
        const table_row *se = row_of(t, NULL, "1", k, NULL, "all", "se");
        const table_row *om =
            row_of(t, NULL, "1", k, NULL, "all", "omega_total");
        const table_row *sb =
            row_of(t, NULL, "1", k, NULL, "all", "alpha_spearman_brown");

        expect_near(a, want[i].alpha, want[i].n, 1e-13);
        expect_near(d, want[i].alpha, want[i].n, 1e-13);
        expect_near(se, want[i].ase, -1, 1e-14);
        cr_assert(fabs(d->lo - (want[i].alpha - 1.96 * want[i].ase)) < 1e-13);
        cr_assert(fabs(d->hi - (want[i].alpha + 1.96 * want[i].ase)) < 1e-13);
        expect_near(row_of(t, NULL, "1", k, NULL, "all", "guttman_l6"),
                    want[i].g6, want[i].n, 1e-13);
        expect_near(row_of(t, NULL, "1", k, NULL, "all", "average_r"),
                    want[i].average_r, want[i].n, 1e-13);
        expect_near(om, want[i].omega_uls, want[i].n, 1e-12);
        cr_assert(fabs(om->value - want[i].omega_psych) < 1e-6,
                  "%s: omega %.15g, psych %.15g", k, om->value,
                  want[i].omega_psych);
        /* Spearman-Brown to ten items from five: 2 alpha / (1 + alpha),
         * Feldt's interval stepped the same way. */
        expect_near(sb, 2 * want[i].alpha / (1 + want[i].alpha), want[i].n,
                    1e-13);
        cr_assert(sb->has_ci);
        cr_assert(fabs(sb->lo - 2 * a->lo / (1 + a->lo)) < 1e-13);
        cr_assert(fabs(sb->hi - 2 * a->hi / (1 + a->hi)) < 1e-13);
        cr_assert_str_eq(sb->note, "alpha at 10 items (from 5)");
    }
}

/* ---- Agreement a reviewer asks for --------------------------------------- */

/* --sims: each row's rwg_j against its 95th percentile under random
 * responding, for the row's raters and items; the same percentile for
 * rows of the same size, whichever thread met it first; a withheld row
 * withholds them too. */
Test(agree, sims_rows_and_significance)
{
    assess_agree_options o = agree_defaults();
    o.sims = 2000;
    o.by_group = 1;
    assess_responses *r = read_csv(load(TW), ANON_CSV);
    assess_table *t = agree_of(r, &o);
    const table_row *rwg = wrow(t, "S1", "two", "others", "rwg_j");
    const table_row *p95 = wrow(t, "S1", "two", "others", "rwg_j_null_p95");
    const table_row *sig = wrow(t, "S1", "two", "others", "rwg_j_significant");

    cr_assert(p95->has_value && p95->value > 0 && p95->value < 1);
    cr_assert_eq(p95->n, 4);
    cr_assert_str_eq(p95->note, "of 2000 groups of 4 raters answering 2 items "
                                "at random");
    cr_assert(sig->has_value);
    cr_assert_eq(sig->value, rwg->value > p95->value);
    /* The one-item scale: rwg's names. */
    cr_assert(wrow(t, "S1", "one", "others", "rwg_null_p95")->has_value);
    cr_assert(wrow(t, "S1", "one", "others", "rwg_significant")->has_value);
    /* The peers of S1 are three raters: their own percentile. */
    cr_assert_eq(wrow(t, "S1", "two", "peer", "rwg_j_null_p95")->n, 3);
    /* The two direct reports are withheld: so are their simulations. */
    expect_withheld(wrow(t, "S1", "two", "direct_report", "rwg_j_null_p95"), 3);
    expect_withheld(wrow(t, "S1", "two", "direct_report", "rwg_j_significant"),
                    3);
    /* Threads share the cache: the rows are the same on four. */
    o.threads = 4;
    cr_assert_str_eq(csv_of(agree_of(r, &o)), csv_of(t));
    /* Without --sims there are none. */
    cr_assert_eq(count_rows(agree_of(r, NULL), ANY, ANY, ANY, ANY, ANY,
                            "rwg_j_null_p95"), 0);
    /* Another seed, the rows still well formed; the same seed, the same
     * bytes. */
    o.seed = 99;
    assess_table *other = agree_of(r, &o);
    cr_assert(wrow(other, "S1", "two", "others", "rwg_j_null_p95")->has_value);
    cr_assert_str_eq(csv_of(agree_of(r, &o)), csv_of(other));
}

/* icc1 and icc2 carry psychometric's ICC1.CI and ICC2.CI intervals
 * (checked on their numbers in test_stats.c); here they reach the rows,
 * and hold the estimate. */
Test(agree, icc1_icc2_intervals_in_the_rows)
{
    assess_agree_options o = agree_defaults();
    o.research = 1;
    assess_table *t = agree_of(read_csv(load(TW), WAVES_CSV), &o);
    const table_row *icc1 = row_of(t, NULL, "pre", "two", NULL, "others", "icc1");
    const table_row *icc2 = row_of(t, NULL, "pre", "two", NULL, "others", "icc2");
    cr_assert(icc1->has_ci && icc2->has_ci);
    cr_assert(icc1->lo <= icc1->value && icc1->value <= icc1->hi);
    cr_assert(icc2->lo <= icc2->value && icc2->value <= icc2->hi);
    /* post: no variance within subjects, icc1 1 without an interval */
    icc1 = row_of(t, NULL, "post", "two", NULL, "others", "icc1");
    cr_assert(!icc1->has_ci);
    cr_assert_not_null(strstr(icc1->note, "F divides by zero"), "%s",
                       icc1->note);
}
