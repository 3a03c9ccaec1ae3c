/*
 * test_attacks.c - the attacks of the confidentiality audits, one
 * regression test each: the eight that opened the work on
 * engine/score_disclose.c, then those found later (a composite's part, an
 * unscored rater, two --match raters runs, an item inside a scale; written
 * comments; the cohort report over every wave and its return on
 * investment).
 *
 * Each attack took a withheld rater's answers, or a withheld group's
 * count or mean, or one executive's figures, out of an output meant for
 * the executive or the organisation (README, "Confidentiality";
 * engine/score_disclose.h).  Each test builds the smallest cohort the
 * attack works on, inline, and asserts of the protected output that what
 * the attacker needed is not there: its numbers are those worked out by
 * hand, in the comment beside the data, on what the rule lets it use;
 * and, for raters, that changing the withheld raters' answers (or
 * swapping the answers of raters pooled into others) leaves it the same,
 * byte for byte.
 *
 * Every test here fails on the code before its fix.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "assess.h"
#include "loaded.h"
#include "near.h"
#include "analysis_table.h"

/* ---- The instrument ----------------------------------------------------- */

/*
 * One scale `a` of three items on 1..5 (0: not observed), a score from
 * two answered items (half of three, rounded up); minimums self 1,
 * manager 1, peer 3, direct_report 3, other 2, so `others` needs 3.
 */
static const char INST[] =
    "<instrument id='atk' version='1' kind='360'>\n"
    "<title>Attacks</title>\n"
    "<response-scale id='p5' min='1' max='5'>"
    "<missing code='0'>Not observed</missing></response-scale>\n"
    "<rater-groups>\n"
    "<group id='self' role='self' minimum='1'>Self</group>\n"
    "<group id='manager' role='manager' minimum='1'>Manager</group>\n"
    "<group id='peer' role='peer' minimum='3'>Peers</group>\n"
    "<group id='direct_report' role='direct_report' minimum='3'>Direct "
    "reports</group>\n"
    "<group id='other' role='other' minimum='2'>Others</group>\n"
    "</rater-groups>\n"
    "<scale id='a'><title>A</title><item id='A1'>a one</item>"
    "<item id='A2'>a two</item><item id='A3'>a three</item></scale>\n"
    "</instrument>\n";

#define HEADER "subject_id,rater_id,rater_group,wave,A1,A2,A3\n"

/* ---- What a test allocates, freed after it ------------------------------ */

#define MAX_KEPT 64

static assess_table *tables[MAX_KEPT];
static size_t n_tables;
static assess_score *scores[MAX_KEPT];
static size_t n_scores;
static char *strings[4 * MAX_KEPT];
static size_t n_strings;

static void setup(void)
{
    n_tables = n_scores = n_strings = 0;
    loaded_reset();
}

static void teardown(void)
{
    for (size_t i = 0; i < n_tables; i++)
        assess_table_free(tables[i]);
    for (size_t i = 0; i < n_scores; i++)
        assess_score_free(scores[i]);
    for (size_t i = 0; i < n_strings; i++)
        free(strings[i]);
    n_tables = n_scores = n_strings = 0;
    loaded_free();
}

TestSuite(attack, .init = setup, .fini = teardown);

static char *keep_string(char *p)
{
    cr_assert_not_null(p);
    cr_assert_lt(n_strings, 4 * MAX_KEPT);
    strings[n_strings++] = p;
    return p;
}

static assess_table *keep_table(assess_table *t)
{
    cr_assert_lt(n_tables, MAX_KEPT);
    tables[n_tables++] = t;
    return t;
}

/* ---- Computing ---------------------------------------------------------- */

static assess_score *score_with(const assess_responses *r,
                                const assess_score_options *o)
{
    assess_error err;
    assess_error_init(&err);
    assess_score *s = assess_score_compute(r, o, &err);
    cr_assert_not_null(s, "score: %s", err.message);
    cr_assert_lt(n_scores, MAX_KEPT);
    scores[n_scores++] = s;
    return s;
}

static assess_table *agree_with(const assess_responses *r,
                                const assess_agree_options *o)
{
    assess_error err;
    assess_error_init(&err);
    assess_table *t = assess_agree_compute(r, o, &err);
    cr_assert_not_null(t, "agree: %s", err.message);
    return keep_table(t);
}

static assess_table *reliability_with(const assess_responses *r,
                                      const assess_reliability_options *o)
{
    assess_error err;
    assess_error_init(&err);
    assess_table *t = assess_reliability_compute(r, o, &err);
    cr_assert_not_null(t, "reliability: %s", err.message);
    return keep_table(t);
}

static assess_table *change_with(const assess_responses *r,
                                 const assess_change_options *o)
{
    assess_error err;
    assess_error_init(&err);
    assess_table *t = assess_change_compute(r, o, &err);
    cr_assert_not_null(t, "change: %s", err.message);
    return keep_table(t);
}

/* ---- Output text --------------------------------------------------------- */

typedef struct mem {
    FILE *f;
    char *p;
    size_t size;
} mem;

static FILE *mem_open(mem *m)
{
    m->p = NULL;
    m->size = 0;
    m->f = open_memstream(&m->p, &m->size);
    cr_assert_not_null(m->f);
    return m->f;
}

static char *mem_close(mem *m)
{
    cr_assert_eq(fclose(m->f), 0);
    return keep_string(m->p);
}

static const char *table_csv(const assess_table *t)
{
    mem m;
    assess_error err;
    assess_error_init(&err);
    cr_assert_eq(assess_table_write_csv(t, mem_open(&m), &err), ASSESS_OK);
    return mem_close(&m);
}

static const char *scales_csv(const assess_score *s)
{
    mem m;
    assess_error err;
    assess_error_init(&err);
    cr_assert_eq(assess_score_write_csv(s, ASSESS_TABLE_SCALES, mem_open(&m),
                                        &err), ASSESS_OK);
    return mem_close(&m);
}

/* Every protected output of a score: the scale and the item tables, JSON
 * and the text summary, one after another. */
static const char *score_outputs(const assess_score *s)
{
    mem m;
    assess_error err;
    FILE *f = mem_open(&m);
    assess_error_init(&err);
    cr_assert_eq(assess_score_write_csv(s, ASSESS_TABLE_SCALES, f, &err),
                 ASSESS_OK);
    cr_assert_eq(assess_score_write_csv(s, ASSESS_TABLE_ITEMS, f, &err),
                 ASSESS_OK);
    cr_assert_eq(assess_score_write_json(s, f, &err), ASSESS_OK);
    cr_assert_eq(assess_score_write_text(s, NULL, f, &err), ASSESS_OK);
    return mem_close(&m);
}

/* The same text from the data as it is and as the attacker would have
 * it differ, where the rule says it must not. */
static void expect_same(const char *before, const char *after,
                        const char *what)
{
    size_t i = 0;
    while (before[i] && before[i] == after[i])
        i++;
    cr_assert(before[i] == after[i],
              "%s: the withheld raters' answers change the output at byte "
              "%zu:\nbefore: ...%.200s\nafter:  ...%.200s",
              what, i, before + (i > 80 ? i - 80 : 0),
              after + (i > 80 ? i - 80 : 0));
}

/* ---- A field of a score CSV --------------------------------------------- */

/* Splits a CSV line at commas outside quotes; fields are copied into buf
 * (quotes dropped), NUL-ended; returns how many. */
static size_t split(const char *line, char *buf, size_t size, char **fields,
                    size_t max)
{
    size_t n = 0, at = 0;
    int quoted = 0;
    fields[n++] = buf;
    for (const char *p = line; *p && *p != '\n'; p++) {
        cr_assert_lt(at + 1, size);
        if (*p == '"') {
            quoted = !quoted;
        } else if (*p == ',' && !quoted) {
            buf[at++] = '\0';
            cr_assert_lt(n, max);
            fields[n++] = buf + at;
        } else {
            buf[at++] = *p;
        }
    }
    buf[at] = '\0';
    return n;
}

/*
 * The field `column` (by the header's name) of the one row of `csv` that
 * begins with `key` ("E1,1,a,others"); kept until the test ends.
 */
static const char *field(const char *csv, const char *key, const char *column)
{
    char head[1024], row[1024];
    char *names[64], *values[64];
    size_t n_names = split(csv, head, sizeof head, names, 64), col = 0;
    const char *found = NULL;
    size_t klen = strlen(key), hits = 0;

    while (col < n_names && strcmp(names[col], column) != 0)
        col++;
    cr_assert_lt(col, n_names, "no column '%s'", column);
    for (const char *line = strchr(csv, '\n'); line && line[1];
         line = strchr(line + 1, '\n')) {
        if (strncmp(line + 1, key, klen) == 0 && line[1 + klen] == ',') {
            found = line + 1;
            hits++;
        }
    }
    cr_assert_eq(hits, 1, "%zu rows begin with '%s'", hits, key);
    size_t n = split(found, row, sizeof row, values, 64);
    cr_assert_eq(n, n_names);
    return keep_string(strdup(values[col]));
}

static double number(const char *csv, const char *key, const char *column)
{
    const char *text = field(csv, key, column);
    char *end;
    cr_assert(*text, "%s: %s is empty", key, column);
    double x = strtod(text, &end);
    cr_assert(*end == '\0', "%s: %s is '%s'", key, column, text);
    return x;
}

/* ---- A row of a table ---------------------------------------------------- */

static int key_is(const char *want, const char *have)
{
    if (!want || !have)
        return want == have;
    return strcmp(want, have) == 0;
}

/* The rows of a table with these keys (a NULL subject: the cohort's). */
static size_t count_rows(const assess_table *t, const char *subject,
                         const char *wave, const char *group,
                         const char *statistic)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n_rows; i++) {
        const table_row *r = &t->rows[i];
        n += key_is(subject, r->subject) && key_is(wave, r->wave) &&
             key_is("a", r->scale) && r->item == NULL &&
             key_is(group, r->group) &&
             (!statistic || key_is(statistic, r->statistic));
    }
    return n;
}

/* The one scale row with these keys. */
static const table_row *row_of(const assess_table *t, const char *subject,
                               const char *wave, const char *group,
                               const char *statistic)
{
    const table_row *found = NULL;
    cr_assert_eq(count_rows(t, subject, wave, group, statistic), 1,
                 "not one row of %s, wave %s, group %s, %s",
                 subject ? subject : "the cohort", wave, group, statistic);
    for (size_t i = 0; i < t->n_rows && !found; i++) {
        const table_row *r = &t->rows[i];
        if (key_is(subject, r->subject) && key_is(wave, r->wave) &&
            key_is("a", r->scale) && r->item == NULL &&
            key_is(group, r->group) && key_is(statistic, r->statistic))
            found = r;
    }
    return found;
}

static void expect_value(const table_row *r, double value, double n)
{
    cr_assert(r->has_value, "%s: no value (note: %s)", r->statistic,
              r->note ? r->note : "none");
    NEAR(r->value, value, TOL);
    cr_assert(r->has_n, "%s: no n", r->statistic);
    cr_assert_eq(r->n, n, "%s of %s: n %g, expected %g", r->statistic,
                 r->group, r->n, n);
}

static void expect_withheld(const table_row *r, const char *why)
{
    cr_assert(!r->has_value, "%s of %s: value %.17g where it is withheld",
              r->statistic, r->group, r->value);
    cr_assert(!r->has_n || r->n == 0, "%s of %s: n %g where it is withheld",
              r->statistic, r->group, r->n);
    cr_assert_not_null(r->note);
    cr_assert_not_null(strstr(r->note, why), "%s: note '%s', expected '%s'",
                       r->statistic, r->note, why);
}

/* ==== 1. agree --pair self,direct_report with one direct report ========== */

/*
 * One direct report, d1, whose group's minimum is 3.  Cohen's kappas
 * take units where each side of the pair has exactly one rater: with the
 * direct report as a side, the kappas between self (shown: minimum 1)
 * and d1 over the three items gave d1's answers away (4,1,3 is the only
 * answer set of 125 that gives f75af6e's kappas).  A side must be a
 * shown group, and one rater of a group whose minimum is 3 never is, so
 * there are no paired ratings.
 *
 * That a side of one rater is used where its group is shown (Cohen 1960,
 * units subject x item): self
 * (4,2,5) against the manager (3,2,5) agree on two items of three,
 * p_o = 2/3; the categories used are 2,3,4,5, with self's margins
 * 1/3 on 2, 4, 5 and the manager's 1/3 on 2, 3, 5, so
 * p_e = 1/9 + 1/9 = 2/9 and kappa = (2/3 - 2/9) / (1 - 2/9) = 4/7, n 3.
 */
#define PAIR_CSV(d1)                                                          \
    HEADER                                                                    \
    "E1,E1-s,self,1,4,2,5\n"                                                  \
    "E1,E1-m,manager,1,3,2,5\n"                                               \
    "E1,E1-p1,peer,1,3,3,3\n"                                                 \
    "E1,E1-p2,peer,1,4,4,4\n"                                                 \
    "E1,E1-p3,peer,1,5,5,5\n"                                                 \
    "E1,E1-d1,direct_report,1," d1 "\n"

Test(attack, pair_with_one_direct_report)
{
    static const char *const kappas[] = { "cohen_kappa", "cohen_kappa_linear",
                                          "cohen_kappa_quadratic" };
    assess_instrument *inst = load(INST);
    assess_responses *r = read_csv(inst, PAIR_CSV("4,1,3"));
    assess_responses *m = read_csv(inst, PAIR_CSV("1,5,2"));
    assess_agree_options o;

    assess_agree_options_init(&o);
    o.pair = "self,manager";
    expect_value(row_of(agree_with(r, &o), NULL, "1", "self,manager",
                        "cohen_kappa"), 4.0 / 7, 3);

    o.pair = "self,direct_report";
    assess_table *t = agree_with(r, &o);
    for (size_t i = 0; i < 3; i++)
        expect_withheld(row_of(t, NULL, "1", "self,direct_report", kappas[i]),
                        "no paired ratings");
    /* No standard error either. */
    cr_assert_eq(count_rows(t, NULL, "1", "self,direct_report", "se"), 0);
    o.categories = ASSESS_CATEGORIES_SCALE;
    expect_same(table_csv(agree_with(r, &o)), table_csv(agree_with(m, &o)),
                "agree --pair self,direct_report --categories scale");
    o.categories = ASSESS_CATEGORIES_OBSERVED;
    expect_same(table_csv(t), table_csv(agree_with(m, &o)),
                "agree --pair self,direct_report");
}

/* ==== 2. agree: others' cohort rows with a rater left out ================= */

/*
 * Two subjects, three peers each (shown); E1 also has one direct report
 * d1, withheld (minimum 3) and, alone, left out of others by the
 * subtraction rule.  f75af6e's cohort rows for others (Krippendorff,
 * Fleiss, Gwet, icc1) used d1 all the same: icc1's n was 7, one more
 * than the six raters others shows, and the Krippendorff, Fleiss and Gwet
 * values fitted only d1 = (1,5,2) or (5,1,2) of 125 answer sets (the
 * peers' values in each unit are had from score --items: n 3 with mean,
 * min and max).  The rows must be the peers' alone.
 *
 * Values, the peers' (units are subject x item):
 *   E1: p1 4 4 4, p2 4 5 5, p3 5 4 5  -> units {4,4,5} {4,5,4} {4,5,5}
 *   E2: p1 2 2 2, p2 2 3 3, p3 3 2 3  -> units {2,2,3} {2,3,2} {2,3,3}
 * Krippendorff (2011), interval: every unit has one pair at distance 1
 * and one at 0 twice over (ordered pairs: 4 x 1 squared), so
 * D_o = (1/n) sum_u 4 / (m_u - 1) = (6 x 2) / 18 = 2/3.  The 18 values
 * are five 4s, four 5s, five 2s, four 3s: sum 62, sum of squares 236, so
 * the ordered pairs' squared distances add to 2 (18 x 236 - 62^2) = 808
 * and D_e = 808 / (18 x 17) = 404/153; alpha = 1 - (2/3)(153/404) =
 * 151/202, n 6 units.  Nominal: D_o = 2/3 as well, and D_e = sum over
 * values of n_c (n - n_c) / (n (n - 1)) = (5x13 + 4x14 + 5x13 + 4x14)
 * / 306 = 242/306, alpha = 1 - (2/3)(306/242) = 19/121.
 * icc1 (Bliese 2000) on the scale scores, E1 4, 14/3, 14/3 (mean 40/9)
 * and E2 2, 8/3, 8/3 (mean 22/9): MSB = 3 (1 + 1) / 1 = 6, within sum of
 * squares 2 (16 + 4 + 4)/81 = 48/81 over 4 df, MSW = 4/27; icc1 =
 * (6 - 4/27) / (6 + 2 x 4/27) = 158/170 = 79/85, n 6 raters.
 */
#define OTHERS_CSV(d1)                                                        \
    HEADER                                                                    \
    "E1,E1-s,self,1,3,3,3\n"                                                  \
    "E1,E1-p1,peer,1,4,4,4\n"                                                 \
    "E1,E1-p2,peer,1,4,5,5\n"                                                 \
    "E1,E1-p3,peer,1,5,4,5\n"                                                 \
    "E1,E1-d1,direct_report,1," d1 "\n"                                       \
    "E2,E2-s,self,1,5,5,5\n"                                                  \
    "E2,E2-p1,peer,1,2,2,2\n"                                                 \
    "E2,E2-p2,peer,1,2,3,3\n"                                                 \
    "E2,E2-p3,peer,1,3,2,3\n"

static void expect_others_without_d1(const assess_table *t)
{
    expect_value(row_of(t, NULL, "1", "others", "kripp_alpha_interval"),
                 151.0 / 202, 6);
    expect_value(row_of(t, NULL, "1", "others", "kripp_alpha_nominal"),
                 19.0 / 121, 6);
    expect_value(row_of(t, NULL, "1", "others", "icc1"), 79.0 / 85, 6);
}

Test(attack, others_cohort_rows_leave_out_left_out_rater)
{
    assess_instrument *inst = load(INST);
    assess_responses *r = read_csv(inst, OTHERS_CSV("1,5,2"));
    assess_responses *m = read_csv(inst, OTHERS_CSV("5,1,4"));
    assess_agree_options o;
    assess_score_options so;

    /* The rule, as score applies it: d1 is left out of E1's others. */
    assess_score_options_init(&so);
    const char *scores_csv = scales_csv(score_with(r, &so));
    cr_assert_str_eq(field(scores_csv, "E1,1,a,others", "n"), "3");
    cr_assert_str_eq(field(scores_csv, "E1,1,a,others", "reason"),
                     "leaves out withheld groups: direct_report");

    assess_agree_options_init(&o);
    assess_table *t = agree_with(r, &o);
    expect_others_without_d1(t);
    expect_same(table_csv(t), table_csv(agree_with(m, &o)), "agree");

    /* run's agree.csv: agree on the rater scores of run's score job. */
    o.score = score_with(r, &so);
    t = agree_with(r, &o);
    expect_others_without_d1(t);
    const char *before = table_csv(t);
    o.score = score_with(m, &so);
    expect_same(before, table_csv(agree_with(m, &o)), "run: agree.csv");
}

/* ==== 3. score --others-weighting groups ================================== */

/*
 * Manager 4, three peers 3; direct reports d1 1 and d2 2 (two, minimum
 * 3) and one other, o1 5 (minimum 2): both groups withheld, together
 * three, the strictest minimum among them, so pooled into others.
 * f75af6e weighted each withheld group as a group of its own: others
 * 3.375 = (4 + 3 + d + o) / 4 and all 3.25 = (self 5 + 4 + 9 + 2d + o) / 8
 * gave d = 1.5 and o = 5, each withheld group's mean.  The pool counts as
 * one group: others = (4 + 3 + (1 + 2 + 5)/3) / 3 = 29/9, n 7 raters
 * (weighting raters would give 21/7 = 3); all stays 26/8 = 3.25.  What
 * the pool's raters answered, not who of them did, is in the outputs:
 * swapping d1's answers with o1's changes none of them.
 */
#define WEIGHT_CSV(d1, o1)                                                    \
    HEADER                                                                    \
    "E1,E1-s,self,1,5,5,5\n"                                                  \
    "E1,E1-m,manager,1,4,4,4\n"                                               \
    "E1,E1-p1,peer,1,3,3,3\n"                                                 \
    "E1,E1-p2,peer,1,3,3,3\n"                                                 \
    "E1,E1-p3,peer,1,3,3,3\n"                                                 \
    "E1,E1-d1,direct_report,1," d1 "\n"                                       \
    "E1,E1-d2,direct_report,1,2,2,2\n"                                        \
    "E1,E1-o1,other,1," o1 "\n"

Test(attack, group_weighting_pools_withheld_groups)
{
    assess_instrument *inst = load(INST);
    assess_responses *r = read_csv(inst, WEIGHT_CSV("1,1,1", "5,5,5"));
    assess_responses *m = read_csv(inst, WEIGHT_CSV("5,5,5", "1,1,1"));
    assess_score_options o;

    assess_score_options_init(&o);
    o.weighting = ASSESS_WEIGHT_GROUPS;
    assess_score *s = score_with(r, &o);
    const char *csv = scales_csv(s);
    cr_assert_str_eq(field(csv, "E1,1,a,direct_report", "suppressed"),
                     "true");
    cr_assert_str_eq(field(csv, "E1,1,a,other", "suppressed"), "true");
    NEAR(number(csv, "E1,1,a,others", "mean"), 29.0 / 9, TOL);
    cr_assert_str_eq(field(csv, "E1,1,a,others", "n"), "7");
    NEAR(number(csv, "E1,1,a,all", "mean"), 3.25, TOL);
    expect_same(score_outputs(s), score_outputs(score_with(m, &o)),
                "score --others-weighting groups");
}

/* ==== 4. score --norms cohort ============================================= */

/*
 * Three subjects show three direct reports each, rating 2, 3 and 4; E4
 * has two, withheld, rating 5.  f75af6e's cohort norm took E4's mean too
 * (mean 3.5, sd sqrt(5/3)), and the z-scores shown for E1 and E3,
 * -1.1619 and 0.3873, gave the norm (sd = 2 / (z3 - z1), mean =
 * 2 - z1 sd) and with it E4's mean, 4 x 3.5 - 2 - 3 - 4 = 5.  The norm is
 * of the shown means alone: mean 3, sd 1, so E1's z is -1 (t 40,
 * percentile 100 Phi(-1)), E2's 0 and E3's 1.
 */
#define NORMS_CSV(e4)                                                         \
    HEADER                                                                    \
    "E1,E1-s,self,1,3,3,3\n"                                                  \
    "E1,E1-d1,direct_report,1,2,2,2\n"                                        \
    "E1,E1-d2,direct_report,1,2,2,2\n"                                        \
    "E1,E1-d3,direct_report,1,2,2,2\n"                                        \
    "E2,E2-s,self,1,3,3,3\n"                                                  \
    "E2,E2-d1,direct_report,1,3,3,3\n"                                        \
    "E2,E2-d2,direct_report,1,3,3,3\n"                                        \
    "E2,E2-d3,direct_report,1,3,3,3\n"                                        \
    "E3,E3-s,self,1,3,3,3\n"                                                  \
    "E3,E3-d1,direct_report,1,4,4,4\n"                                        \
    "E3,E3-d2,direct_report,1,4,4,4\n"                                        \
    "E3,E3-d3,direct_report,1,4,4,4\n"                                        \
    "E4,E4-s,self,1,3,3,3\n"                                                  \
    "E4,E4-d1,direct_report,1," e4 "\n"                                       \
    "E4,E4-d2,direct_report,1," e4 "\n"

Test(attack, cohort_norms_leave_out_withheld_means)
{
    assess_instrument *inst = load(INST);
    assess_responses *r = read_csv(inst, NORMS_CSV("5,5,5"));
    assess_responses *m = read_csv(inst, NORMS_CSV("1,2,1"));
    assess_score_options o;

    assess_score_options_init(&o);
    o.norms = ASSESS_NORMS_COHORT;
    o.cohort_minimum = 3;
    assess_score *s = score_with(r, &o);
    const char *csv = scales_csv(s);
    NEAR(number(csv, "E1,1,a,direct_report", "norm_z"), -1, TOL);
    NEAR(number(csv, "E1,1,a,direct_report", "norm_t"), 40, TOL);
    /* 100 Phi(-1), R: 100 * pnorm(-1) */
    NEAR(number(csv, "E1,1,a,direct_report", "norm_percentile"),
         15.865525393145704, 1e-9);
    NEAR(number(csv, "E2,1,a,direct_report", "norm_z"), 0, TOL);
    NEAR(number(csv, "E3,1,a,direct_report", "norm_z"), 1, TOL);
    cr_assert_str_eq(field(csv, "E4,1,a,direct_report", "suppressed"),
                     "true");
    cr_assert_str_eq(field(csv, "E4,1,a,direct_report", "norm_z"), "");
    expect_same(score_outputs(s), score_outputs(score_with(m, &o)),
                "score --norms cohort");
}

/* ==== 5. change --match raters beside change ============================= */

/*
 * Three peers at both waves, and p4, who joined at wave 2.  `change`
 * (--match groups) shows the post mean of all four, (11/3 + 13/3 + 3 +
 * 4/3) / 4 = 37/12; f75af6e's --match raters showed that of the three
 * who rated at both, 11/3, and 4 x 37/12 - 3 x 11/3 = 4/3 is p4's score.
 * The raters the two views rest on differ by one, fewer than the peers'
 * minimum: --match raters withholds peer (and others, the same raters).
 * Without p4 it shows them: pre (3 + 4 + 3) / 3 = 10/3, post 11/3, n 3.
 */
#define CHANGE_CSV(p4)                                                        \
    HEADER                                                                    \
    "E1,E1-s,self,1,3,3,3\n"                                                  \
    "E1,E1-p1,peer,1,3,3,3\n"                                                 \
    "E1,E1-p2,peer,1,4,4,4\n"                                                 \
    "E1,E1-p3,peer,1,2,3,4\n"                                                 \
    "E1,E1-s,self,2,4,4,4\n"                                                  \
    "E1,E1-p1,peer,2,3,4,4\n"                                                 \
    "E1,E1-p2,peer,2,4,4,5\n"                                                 \
    "E1,E1-p3,peer,2,3,3,3\n" p4

Test(attack, match_raters_isolating_a_joiner_is_withheld)
{
    static const char *const groups[] = { "peer", "others" };
    assess_instrument *inst = load(INST);
    assess_responses *r =
        read_csv(inst, CHANGE_CSV("E1,E1-p4,peer,2,1,2,1\n"));
    assess_responses *none = read_csv(inst, CHANGE_CSV(""));
    assess_change_options o;

    assess_change_options_init(&o);
    assess_table *groups_view = change_with(r, &o);
    o.match = ASSESS_MATCH_RATERS;
    assess_table *raters_view = change_with(r, &o);
    assess_table *no_joiner = change_with(none, &o);
    for (size_t g = 0; g < 2; g++) {
        expect_value(row_of(groups_view, "E1", "1->2", groups[g],
                            "post_mean"), 37.0 / 12, 4);
        expect_withheld(row_of(raters_view, "E1", "1->2", groups[g],
                               "pre_mean"),
                        "withheld: the raters at both waves differ");
        expect_withheld(row_of(raters_view, "E1", "1->2", groups[g],
                               "post_mean"),
                        "withheld: the raters at both waves differ");
        cr_assert_eq(count_rows(raters_view, "E1", "1->2", groups[g],
                                "rci"), 1);
        cr_assert(!row_of(raters_view, "E1", "1->2", groups[g], "rci")
                       ->has_value);
        expect_value(row_of(no_joiner, "E1", "1->2", groups[g], "pre_mean"),
                     10.0 / 3, 3);
        expect_value(row_of(no_joiner, "E1", "1->2", groups[g], "post_mean"),
                     11.0 / 3, 3);
    }
}

/* ==== 6. agree --by-group: a rater without a score ======================== */

/*
 * Three peers, p3 with only "not observed" on the scale: peer has two
 * raters with a score, fewer than 3, and score withholds it.  f75af6e's
 * agree --by-group counted p3 too (n 3) and showed the two peers' spread
 * (rwg_j_untruncated 2.142857, awg -1/3, ad_m 4/3), and their cohort rows
 * (icc1's n 2); the answers fitted 12 of 15625 answer sets, all the
 * per-item pairs {1,5} {1,5} {3,3}.  The peers' rows are withheld and
 * there are no cohort rows of peer.
 *
 * The direct reports are shown: item variances 1/3, 1/3, 0, mean 2/9
 * against the uniform null's (5^2 - 1)/12 = 2 (James, Demaree & Wolf
 * 1984): rwg_j = 3 (1 - 1/9) / (3 (1 - 1/9) + 1/9) = 24/25, n 3.
 */
#define BY_GROUP_CSV(p1, p2)                                                  \
    HEADER                                                                    \
    "E1,E1-s,self,1,3,3,3\n"                                                  \
    "E1,E1-d1,direct_report,1,4,4,4\n"                                        \
    "E1,E1-d2,direct_report,1,4,5,4\n"                                        \
    "E1,E1-d3,direct_report,1,5,4,4\n"                                        \
    "E1,E1-p1,peer,1," p1 "\n"                                                \
    "E1,E1-p2,peer,1," p2 "\n"                                                \
    "E1,E1-p3,peer,1,0,0,0\n"

Test(attack, by_group_counts_only_raters_with_a_score)
{
    static const char *const within[] = { "rwg_j", "rwg_j_untruncated", "awg",
                                          "ad_m", "ad_md" };
    assess_instrument *inst = load(INST);
    assess_responses *r = read_csv(inst, BY_GROUP_CSV("1,5,3", "5,1,3"));
    assess_responses *m = read_csv(inst, BY_GROUP_CSV("2,2,2", "4,3,5"));
    assess_agree_options o;
    assess_score_options so;

    assess_score_options_init(&so);
    cr_assert_str_eq(field(scales_csv(score_with(r, &so)), "E1,1,a,peer",
                           "suppressed"), "true");

    assess_agree_options_init(&o);
    o.by_group = 1;
    assess_table *t = agree_with(r, &o);
    expect_value(row_of(t, "E1", "1", "direct_report", "rwg_j"), 24.0 / 25,
                 3);
    for (size_t i = 0; i < sizeof within / sizeof *within; i++)
        expect_withheld(row_of(t, "E1", "1", "peer", within[i]),
                        "withheld: fewer than 3 raters in the group");
    cr_assert_eq(count_rows(t, NULL, "1", "peer", NULL), 0,
                 "cohort rows of a group no subject shows");
    expect_same(table_csv(t), table_csv(agree_with(m, &o)),
                "agree --by-group");
}

/* ==== 7. reliability --group G ============================================ */

/*
 * E1 shows three direct reports; E2's two are withheld.  f75af6e's
 * reliability --group direct_report used all five: n 5 gave E2's count
 * (5 - 3) and alpha 0.4138 whether they agree.  It uses the rows score
 * shows: E1's three, 1 2 1, 3 3 3, 5 4 5.  Item variances 4, 1, 4 (sum
 * 9), totals 4, 9, 14 with variance 25: Cronbach (1951) alpha =
 * 3/2 (1 - 9/25) = 24/25, n 3; the scale scores 4/3, 3, 14/3 have sd
 * 5/3, so sem = 5/3 sqrt(1 - 24/25) = 1/3.
 */
#define GROUP_CSV(e2a, e2b)                                                   \
    HEADER                                                                    \
    "E1,E1-s,self,1,3,3,3\n"                                                  \
    "E1,E1-d1,direct_report,1,1,2,1\n"                                        \
    "E1,E1-d2,direct_report,1,3,3,3\n"                                        \
    "E1,E1-d3,direct_report,1,5,4,5\n"                                        \
    "E2,E2-s,self,1,3,3,3\n"                                                  \
    "E2,E2-d1,direct_report,1," e2a "\n"                                      \
    "E2,E2-d2,direct_report,1," e2b "\n"

Test(attack, reliability_group_uses_only_shown_rows)
{
    assess_instrument *inst = load(INST);
    assess_responses *r = read_csv(inst, GROUP_CSV("1,5,1", "5,1,5"));
    assess_responses *m = read_csv(inst, GROUP_CSV("2,2,3", "4,4,4"));
    assess_reliability_options o;

    assess_reliability_options_init(&o);
    o.group = "direct_report";
    assess_table *t = reliability_with(r, &o);
    expect_value(row_of(t, NULL, "1", "direct_report", "alpha"), 24.0 / 25,
                 3);
    expect_value(row_of(t, NULL, "1", "direct_report", "sem"), 1.0 / 3, 3);
    expect_same(table_csv(t), table_csv(reliability_with(m, &o)),
                "reliability --group direct_report");
    o.pairwise = 1;
    t = reliability_with(r, &o);
    expect_value(row_of(t, NULL, "1", "direct_report", "alpha"), 24.0 / 25,
                 3);
    expect_same(table_csv(t), table_csv(reliability_with(m, &o)),
                "reliability --group direct_report --missing pairwise");
}

/* ==== 8. Cohort statistics of every rater ================================= */

/*
 * Two waves; E1's one direct report d1 is withheld and left out at both.
 * f75af6e's reliability (every rater) and change's r_xx (its alpha at
 * the pre wave) used d1: n 9 (one rater more than score shows) and alpha
 * 0.75, which, with the other raters' answers known, fitted only d1's
 * true answers of 125.  They use the eight raters shown, wave 1:
 *   self 2 3 2, p 3 3 4, 4 4 4, 5 4 5; self 4 4 3, p 1 2 1, 2 2 2, 3 3 3
 * A1 and A3 have mean 3 and squares 12 (variance 12/7); A2 sum 25,
 * squares 83 - 625/8 = 39/8 (39/56); the totals 7 10 12 14 11 4 6 9 sum
 * 73, squares 743 - 5329/8 = 615/8 (615/56).  alpha = 3/2 (1 - (96 + 39
 * + 96) / 615) = 192/205, n 8.  Wave 2, likewise: item variances 9/8,
 * 9/8, 8/7, totals' 66/7, alpha = 169/176.  Others' pre means, 4 and
 * 19/9, have s_pre = (17/9) / sqrt 2, n 2.
 */
#define EVERY_CSV(d1pre, d1post)                                              \
    HEADER                                                                    \
    "E1,E1-s,self,1,2,3,2\n"                                                  \
    "E1,E1-p1,peer,1,3,3,4\n"                                                 \
    "E1,E1-p2,peer,1,4,4,4\n"                                                 \
    "E1,E1-p3,peer,1,5,4,5\n"                                                 \
    "E1,E1-d1,direct_report,1," d1pre "\n"                                    \
    "E2,E2-s,self,1,4,4,3\n"                                                  \
    "E2,E2-p1,peer,1,1,2,1\n"                                                 \
    "E2,E2-p2,peer,1,2,2,2\n"                                                 \
    "E2,E2-p3,peer,1,3,3,3\n"                                                 \
    "E1,E1-s,self,2,3,3,3\n"                                                  \
    "E1,E1-p1,peer,2,4,4,4\n"                                                 \
    "E1,E1-p2,peer,2,4,5,4\n"                                                 \
    "E1,E1-p3,peer,2,5,5,5\n"                                                 \
    "E1,E1-d1,direct_report,2," d1post "\n"                                   \
    "E2,E2-s,self,2,4,4,4\n"                                                  \
    "E2,E2-p1,peer,2,2,2,2\n"                                                 \
    "E2,E2-p2,peer,2,2,3,2\n"                                                 \
    "E2,E2-p3,peer,2,3,3,4\n"

Test(attack, cohort_statistics_leave_out_withheld_raters)
{
    assess_instrument *inst = load(INST);
    assess_responses *r = read_csv(inst, EVERY_CSV("5,1,5", "1,5,1"));
    assess_responses *m = read_csv(inst, EVERY_CSV("1,1,2", "3,4,3"));
    assess_reliability_options ro;
    assess_change_options co;

    assess_reliability_options_init(&ro);
    assess_table *t = reliability_with(r, &ro);
    expect_value(row_of(t, NULL, "1", "all", "alpha"), 192.0 / 205, 8);
    expect_value(row_of(t, NULL, "2", "all", "alpha"), 169.0 / 176, 8);
    expect_same(table_csv(t), table_csv(reliability_with(m, &ro)),
                "reliability");
    ro.pairwise = 1;
    expect_same(table_csv(reliability_with(r, &ro)),
                table_csv(reliability_with(m, &ro)),
                "reliability --missing pairwise");
    ro.pairwise = 0;
    ro.group = "others";
    expect_same(table_csv(reliability_with(r, &ro)),
                table_csv(reliability_with(m, &ro)),
                "reliability --group others");

    assess_change_options_init(&co);
    t = change_with(r, &co);
    const table_row *rxx = row_of(t, NULL, "1->2", "others", "r_xx");
    cr_assert(rxx->has_value);
    NEAR(rxx->value, 192.0 / 205, TOL);
    expect_value(row_of(t, NULL, "1->2", "others", "s_pre"),
                 17.0 / 9 / sqrt(2), 2);
    expect_same(table_csv(t), table_csv(change_with(m, &co)), "change");
    co.match = ASSESS_MATCH_RATERS;
    expect_same(table_csv(change_with(r, &co)), table_csv(change_with(m, &co)),
                "change --match raters");
}

/* ==== Attacks found after the eight ======================================== */

/*
 * Found while writing the tests above, each failing on the code of
 * 8be05ba, closed since: disclose_scale() withholds and leaves out on a
 * scale what its parts (a composite's scales) and its items do, a rater
 * without a score in a group without raters of the scale is used
 * nowhere, and --match raters is checked against the other pairs of
 * waves.
 */

/* Scales a and b of three items each and ab, the composite of both (a
 * rater scoring either part has a score on ab: half of two parts). */
static const char INST_COMPOSITE[] =
    "<instrument id='atkc' version='1' kind='360'>\n"
    "<title>Composite</title>\n"
    "<response-scale id='p5' min='1' max='5'>"
    "<missing code='0'>Not observed</missing></response-scale>\n"
    "<rater-groups>\n"
    "<group id='self' role='self' minimum='1'>Self</group>\n"
    "<group id='manager' role='manager' minimum='1'>Manager</group>\n"
    "<group id='peer' role='peer' minimum='3'>Peers</group>\n"
    "<group id='direct_report' role='direct_report' minimum='3'>Direct "
    "reports</group>\n"
    "<group id='other' role='other' minimum='2'>Others</group>\n"
    "</rater-groups>\n"
    "<scale id='a'><title>A</title><item id='A1'>a one</item>"
    "<item id='A2'>a two</item><item id='A3'>a three</item></scale>\n"
    "<scale id='b'><title>B</title><item id='B1'>b one</item>"
    "<item id='B2'>b two</item><item id='B3'>b three</item></scale>\n"
    "<scale id='ab'><title>AB</title><part scale='a'/><part scale='b'/>"
    "</scale>\n"
    "</instrument>\n";

/*
 * LEAK 1: a composite gives back a part a group is withheld on.  Only d1
 * of the three direct reports answered scale a: direct_report on a is
 * one rater, withheld and left out of others.  All three scored b (n 3,
 * mean 4, sd 0: each 4), so all three score ab, which is shown: n 3,
 * mean 3.5556, min 2.6667.  d2's and d3's ab is their b, 4; d1's is
 * 3 x 3.5556 - 8 = 2.6667 (the min says it too) = (a + 4) / 2, so d1's
 * score on a is 4/3, which the a row withholds.  Also in --format json
 * and text, the report's bar for ab (range 2.67-4.00), and agree's rows
 * of ab (d1's a items enter rwg_j of direct_report and others).
 */
#define COMPOSITE_CSV(d1a)                                                    \
    "subject_id,rater_id,rater_group,wave,A1,A2,A3,B1,B2,B3\n"                \
    "E1,E1-s,self,1,3,3,3,3,3,3\n"                                            \
    "E1,E1-p1,peer,1,4,4,4,4,4,4\n"                                           \
    "E1,E1-p2,peer,1,3,4,5,4,5,3\n"                                           \
    "E1,E1-p3,peer,1,5,4,5,2,2,2\n"                                           \
    "E1,E1-d1,direct_report,1," d1a ",4,4,4\n"                                \
    "E1,E1-d2,direct_report,1,0,0,0,4,4,4\n"                                  \
    "E1,E1-d3,direct_report,1,0,0,0,4,4,4\n"

Test(attack, leak_composite_gives_back_withheld_part)
{
    assess_instrument *inst = load(INST_COMPOSITE);
    assess_responses *r = read_csv(inst, COMPOSITE_CSV("1,2,1"));
    assess_responses *m = read_csv(inst, COMPOSITE_CSV("5,5,5"));
    assess_score_options o;

    assess_score_options_init(&o);
    const char *csv = scales_csv(score_with(r, &o));
    cr_assert_str_eq(field(csv, "E1,1,a,direct_report", "suppressed"),
                     "true");
    expect_same(score_outputs(score_with(r, &o)),
                score_outputs(score_with(m, &o)), "score");
}

/*
 * LEAK 2: a scale row gives back an item a group is withheld on.  Three
 * direct reports score a, but only d1 answered A1: the item table
 * withholds direct_report on A1 (one rater) and leaves it out of others'
 * A1.  A2 and A3 show each direct report answered 4 (n 3, sd 0), and the
 * scale row (n 3, mean 3.7778, min 3.3333) gives d1's score, 3.3333 =
 * (A1 + 4 + 4) / 3: d1's A1 is 2.
 */
#define ITEM_CSV(d1a1)                                                        \
    HEADER                                                                    \
    "E1,E1-s,self,1,3,3,3\n"                                                  \
    "E1,E1-p1,peer,1,4,4,4\n"                                                 \
    "E1,E1-p2,peer,1,3,4,5\n"                                                 \
    "E1,E1-p3,peer,1,5,4,5\n"                                                 \
    "E1,E1-d1,direct_report,1," d1a1 ",4,4\n"                                 \
    "E1,E1-d2,direct_report,1,0,4,4\n"                                        \
    "E1,E1-d3,direct_report,1,0,4,4\n"

Test(attack, leak_scale_gives_back_withheld_item)
{
    assess_instrument *inst = load(INST);
    assess_responses *r = read_csv(inst, ITEM_CSV("2"));
    assess_responses *m = read_csv(inst, ITEM_CSV("5"));
    assess_score_options o;

    assess_score_options_init(&o);
    expect_same(score_outputs(score_with(r, &o)),
                score_outputs(score_with(m, &o)), "score");
}


/*
 * LEAK 3: a rater without a score enters others' cohort statistics.  d1,
 * E1's only direct report, answered A1 only: no score on a, so
 * disclose_init() gives the set USE_OTHERS | USE_ALL (its group has no
 * rater of the scale, hence is not withheld).  score's item table
 * withholds direct_report on A1 (one value) and leaves it out of others'
 * A1 ("leaves out withheld groups: direct_report"), but agree's others
 * rows (Krippendorff 0.42697 instead of the peers' 151/202, Fleiss,
 * Gwet) and reliability --missing pairwise use d1's A1: each fits only
 * d1's true answer of 5.  reliability's listwise note, "1 of 9 raters
 * with a missing answer left out", counts d1: the eight raters score
 * shows and one more, the withheld group's count.
 */
#define UNSCORED_CSV(d1a1)                                                    \
    HEADER                                                                    \
    "E1,E1-s,self,1,3,3,3\n"                                                  \
    "E1,E1-p1,peer,1,4,4,4\n"                                                 \
    "E1,E1-p2,peer,1,4,5,5\n"                                                 \
    "E1,E1-p3,peer,1,5,4,5\n"                                                 \
    "E1,E1-d1,direct_report,1," d1a1 ",0,0\n"                                 \
    "E2,E2-s,self,1,5,5,5\n"                                                  \
    "E2,E2-p1,peer,1,2,2,2\n"                                                 \
    "E2,E2-p2,peer,1,2,3,3\n"                                                 \
    "E2,E2-p3,peer,1,3,2,3\n"

Test(attack, leak_unscored_rater_in_cohort_statistics)
{
    assess_instrument *inst = load(INST);
    assess_responses *r = read_csv(inst, UNSCORED_CSV("1"));
    assess_responses *m = read_csv(inst, UNSCORED_CSV("5"));
    assess_agree_options ao;
    assess_reliability_options ro;

    assess_agree_options_init(&ao);
    assess_table *t = agree_with(r, &ao);
    expect_value(row_of(t, NULL, "1", "others", "kripp_alpha_interval"),
                 151.0 / 202, 6);
    expect_same(table_csv(t), table_csv(agree_with(m, &ao)), "agree");
    assess_reliability_options_init(&ro);
    t = reliability_with(r, &ro);
    cr_assert_null(strstr(table_csv(t), "of 9 raters"),
                   "the listwise note counts the withheld rater");
    ro.pairwise = 1;
    expect_same(table_csv(reliability_with(r, &ro)),
                table_csv(reliability_with(m, &ro)),
                "reliability --missing pairwise");
}

/*
 * LEAK 4: two --match raters runs with another --post isolate one rater.
 * Seven peers at wave 1; p1-p3 rate again at wave 2, p1-p4 at wave 3.
 * Each run's matched raters differ from its waves' raters by 0 or by 3
 * or more (4 and 3 at wave 1), so view_difference() lets both through:
 * --pre 1 --post 2 shows the pre mean of p1-p3 (38/9), --pre 1 --post 3
 * that of p1-p4 (43/12), and 4 x 43/12 - 3 x 38/9 = 5/3 is p4's wave-1
 * score.
 */
#define WAVES_CSV(p4)                                                         \
    HEADER                                                                    \
    "E1,E1-s,self,1,3,3,3\n"                                                  \
    "E1,E1-s,self,2,3,3,3\n"                                                  \
    "E1,E1-s,self,3,3,3,3\n"                                                  \
    "E1,E1-p1,peer,1,4,4,4\n"                                                 \
    "E1,E1-p2,peer,1,3,4,5\n"                                                 \
    "E1,E1-p3,peer,1,5,4,5\n"                                                 \
    "E1,E1-p4,peer,1," p4 "\n"                                                \
    "E1,E1-p5,peer,1,2,3,3\n"                                                 \
    "E1,E1-p6,peer,1,4,4,5\n"                                                 \
    "E1,E1-p7,peer,1,3,3,3\n"                                                 \
    "E1,E1-p1,peer,2,4,4,4\n"                                                 \
    "E1,E1-p2,peer,2,4,4,4\n"                                                 \
    "E1,E1-p3,peer,2,4,4,4\n"                                                 \
    "E1,E1-p1,peer,3,3,3,3\n"                                                 \
    "E1,E1-p2,peer,3,3,3,3\n"                                                 \
    "E1,E1-p3,peer,3,3,3,3\n"                                                 \
    "E1,E1-p4,peer,3,3,3,3\n"

Test(attack, leak_two_match_raters_runs)
{
    assess_instrument *inst = load(INST);
    assess_responses *r = read_csv(inst, WAVES_CSV("1,2,2"));
    assess_change_options o;

    assess_change_options_init(&o);
    o.match = ASSESS_MATCH_RATERS;
    o.pre = "1";
    o.post = "2";
    const table_row *a = row_of(change_with(r, &o), "E1", "1->2", "peer",
                                "pre_mean");
    o.post = "3";
    const table_row *b = row_of(change_with(r, &o), "E1", "1->3", "peer",
                                "pre_mean");
    cr_assert(!(a->has_value && b->has_value),
              "pre means of raters who differ by one: %g x %g - %g x %g "
              "is p4's score", b->n, b->value, a->n, a->value);
}


/* ---- Written comments ---------------------------------------------------- */

/* The instrument above with a question; comment minimums as minimums. */
static const char INST_Q[] =
    "<instrument id='atkq' version='1' kind='360'>\n"
    "<title>Attacks on comments</title>\n"
    "<response-scale id='p5' min='1' max='5'/>\n"
    "<rater-groups>\n"
    "<group id='self' role='self' minimum='1'>Self</group>\n"
    "<group id='manager' role='manager' minimum='1'>Manager</group>\n"
    "<group id='peer' role='peer' minimum='3'>Peers</group>\n"
    "<group id='direct_report' role='direct_report' minimum='3'>Direct "
    "reports</group>\n"
    "</rater-groups>\n"
    "<scale id='a'><title>A</title><item id='A1'>a one</item>"
    "<item id='A2'>a two</item></scale>\n"
    "<question id='keep'>What should this person keep doing?</question>\n"
    "</instrument>\n";

/* What score --comments writes for csv, read with comments kept. */
static const char *comments_csv(const char *csv)
{
    assess_read_options o;
    assess_score_options so;
    assess_error err;
    assess_responses *r;
    mem m;

    assess_read_options_init(&o);
    o.comments = 1;
    assess_error_init(&err);
    r = assess_responses_new(load(INST_Q), &o, &err);
    cr_assert_not_null(r, "%s", err.message);
    cr_assert_lt(n_resps, KEEP);
    resps[n_resps++] = r;
    cr_assert_eq(assess_responses_begin(r, "t.csv", &err), ASSESS_OK);
    cr_assert_eq(assess_responses_feed(r, csv, strlen(csv), &err), ASSESS_OK,
                 "%s", err.message);
    cr_assert_eq(assess_responses_end(r, &err), ASSESS_OK, "%s", err.message);
    assess_score_options_init(&so);
    assess_score *s = score_with(r, &so);
    cr_assert_eq(assess_score_write_comments(s, NULL, mem_open(&m), &err),
                 ASSESS_OK, "%s", err.message);
    return mem_close(&m);
}

/*
 * Attack: a writer who writes nothing visible.  Three direct reports
 * "write" (the comment minimum is 3), but d3's answer is a zero-width
 * space (or no-break spaces: what some exports write for an empty box).
 * Counted as a writer, d3 lets the group be shown: three texts, one
 * blank, so each of the two texts that say something is one of only two
 * writers' (d1's or d2's), below the minimum of three.  The same holds
 * with the blank pooled into others.  A text with nothing visible is no
 * answer: the group has two writers and is withheld.
 */
Test(attack, leak_comment_of_invisible_text_counts_as_writer)
{
    static const char *blanks[] = {
        "\xe2\x80\x8b",             /* U+200B zero-width space */
        "\xc2\xa0\xe3\x80\x80",     /* U+00A0, U+3000 */
        "\xe2\x80\x8f\xef\xbb\xbf", /* U+200F right-to-left mark, BOM */
    };
    for (size_t b = 0; b < sizeof blanks / sizeof *blanks; b++) {
        char csv[1024];
        snprintf(csv, sizeof csv,
                 "subject_id,rater_id,rater_group,wave,A1,A2,keep\n"
                 "E1,d1,direct_report,1,2,2,Report secret one\n"
                 "E1,d2,direct_report,1,3,3,Report secret two\n"
                 "E1,d3,direct_report,1,4,4,%s\n",
                 blanks[b]);
        const char *out = comments_csv(csv);
        cr_assert_str_eq(out, "subject_id,wave,question,group,text\n",
                         "blank %zu: two writers shown as three:\n%s", b, out);
    }
    /* The same, pooled: two peers and a blank direct report make no pool
     * of three. */
    const char *pooled = comments_csv(
        "subject_id,rater_id,rater_group,wave,A1,A2,keep\n"
        "E1,p1,peer,1,2,2,Peer secret one\n"
        "E1,p2,peer,1,3,3,Peer secret two\n"
        "E1,d1,direct_report,1,4,4,\xe2\x80\x8b\xe2\x80\x8b\n");
    cr_assert_str_eq(pooled, "subject_id,wave,question,group,text\n", "%s",
                     pooled);
    /* A text with something visible among the invisible counts. */
    const char *shown = comments_csv(
        "subject_id,rater_id,rater_group,wave,A1,A2,keep\n"
        "E1,d1,direct_report,1,2,2,one\n"
        "E1,d2,direct_report,1,3,3,two\n"
        "E1,d3,direct_report,1,4,4,\xe2\x80\x8b" "x\n");
    cr_assert_str_eq(shown, "subject_id,wave,question,group,text\n"
                            "E1,1,keep,direct_report,one\n"
                            "E1,1,keep,direct_report,two\n"
                            "E1,1,keep,direct_report,\xe2\x80\x8b" "x\n",
                     "%s", shown);
}

/* ---- The cohort report over every wave ------------------------------------ */

/*
 * Attack: the cohort report's wave means against its change.  Three
 * executives, three peers each on every item: E1 2, 3, 4 at waves 1 to
 * 3; E2 3, 3, 4; E3 4, 4 at waves 1 and 2, and no wave 3.  With a
 * minimum of two executives the cohort report gave "wave 1 3.00 (3
 * executives)", "wave 3 4.00 (2 executives)" and the change from 1 to 3,
 * +1.50 over 2: the two executives' wave-1 mean is 4.00 - 1.50 = 2.50,
 * so E3's own wave-1 mean, which only E3's report shows, is
 * 3 x 3.00 - 2 x 2.50 = 4.00.  A wave mean over other executives than the
 * change's is not shown.
 */
Test(attack, leak_cohort_wave_mean_minus_change_gives_an_executive)
{
    static const char csv[] =
    HEADER
    "E1,E1-p1,peer,1,2,2,2\n"
    "E1,E1-p2,peer,1,2,2,2\n"
    "E1,E1-p3,peer,1,2,2,2\n"
    "E1,E1-p1,peer,2,3,3,3\n"
    "E1,E1-p2,peer,2,3,3,3\n"
    "E1,E1-p3,peer,2,3,3,3\n"
    "E1,E1-p1,peer,3,4,4,4\n"
    "E1,E1-p2,peer,3,4,4,4\n"
    "E1,E1-p3,peer,3,4,4,4\n"
    "E2,E2-p1,peer,1,3,3,3\n"
    "E2,E2-p2,peer,1,3,3,3\n"
    "E2,E2-p3,peer,1,3,3,3\n"
    "E2,E2-p1,peer,2,3,3,3\n"
    "E2,E2-p2,peer,2,3,3,3\n"
    "E2,E2-p3,peer,2,3,3,3\n"
    "E2,E2-p1,peer,3,4,4,4\n"
    "E2,E2-p2,peer,3,4,4,4\n"
    "E2,E2-p3,peer,3,4,4,4\n"
    "E3,E3-p1,peer,1,4,4,4\n"
    "E3,E3-p2,peer,1,4,4,4\n"
    "E3,E3-p3,peer,1,4,4,4\n"
    "E3,E3-p1,peer,2,4,4,4\n"
    "E3,E3-p2,peer,2,4,4,4\n"
    "E3,E3-p3,peer,2,4,4,4\n";
    assess_responses *r = read_csv(load(INST), csv);
    assess_score_options so;
    assess_change_options co;
    assess_report_options o;
    assess_error err;
    mem m;

    assess_score_options_init(&so);
    assess_change_options_init(&co);
    co.waves_all = 1;
    assess_report_options_init(&o);
    o.cohort_minimum = 2;
    assess_error_init(&err);
    assess_report *rep = assess_report_new(score_with(r, &so), NULL,
                                           change_with(r, &co), &o, &err);
    cr_assert_not_null(rep, "%s", err.message);
    FILE *f = mem_open(&m);
    assess_status st = assess_report_write_cohort(rep, f, &err);
    assess_report_free(rep);
    cr_assert_eq(st, ASSESS_OK, "%s", err.message);
    const char *html = mem_close(&m);
    cr_assert_not_null(strstr(html, "<strong>Across the waves</strong>"));
    cr_assert_not_null(strstr(html, "+1.50"), "the change is shown");
    cr_assert_null(strstr(html, "3.00 (3 executives)"),
                   "wave 1's mean over E1, E2 and E3 beside the change over "
                   "E1 and E2 gives E3's mean");
    cr_assert_null(strstr(html, "3.33 (3 executives)"), "wave 2's, too");
    cr_assert_not_null(strstr(html, "wave 3 4.00 (2 executives)"), "%s",
                       html);
    cr_assert_not_null(strstr(html, "not shown: over other executives than "
                                    "the change"));
}

/* A file of `text` in /tmp, removed when the process ends. */
static const char *temp_csv(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/assess-attack-XXXXXX");
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    FILE *f = fdopen(fd, "w");
    cr_assert_not_null(f);
    cr_assert_eq(fputs(text, f) >= 0, 1);
    cr_assert_eq(fclose(f), 0);
    return path;
}

/*
 * Attack: the cohort report's return on investment over five executives
 * with costs, one of whom alone has an estimated benefit (50,000 x .5 x
 * .5): "Adjusted benefits 12,500" over "5 executives" is that one
 * executive's estimate.  The programme's figures are shown only when the
 * minimum of executives have a benefit with an estimate.
 */
Test(attack, leak_programme_benefits_of_one_executive)
{
    static const char csv[] =
    HEADER
    "E1,E1-p1,peer,1,2,2,2\n"
    "E2,E2-p1,peer,1,3,3,3\n";
    assess_responses *r = read_csv(load(INST), csv);
    assess_score_options so;
    assess_report_options o;
    assess_error err;
    mem m;

    assess_error_init(&err);
    char costs_path[64], benefits_path[64];
    snprintf(costs_path, sizeof costs_path, "%s",
             temp_csv("subject_id,cost\nE1,1000\nE2,1000\nE3,1000\n"
                      "E4,1000\nE5,1000\n"));
    snprintf(benefits_path, sizeof benefits_path, "%s",
             temp_csv("subject_id,benefit_id,description,annual_value,"
                      "attribution,confidence\n"
                      "E1,B1,One executive's estimate,50000,0.5,0.5\n"
                      "E2,B1,Not yet valued,,,\n"));
    assess_costs *costs = assess_costs_read_file(costs_path, &err);
    cr_assert_not_null(costs, "%s", err.message);
    assess_benefits *benefits = assess_benefits_read_file(benefits_path, &err);
    cr_assert_not_null(benefits, "%s", err.message);
    unlink(costs_path);
    unlink(benefits_path);
    assess_table *roi = assess_roi_compute(costs, benefits, &err);
    cr_assert_not_null(roi, "%s", err.message);

    assess_score_options_init(&so);
    assess_report_options_init(&o);
    o.cohort_minimum = 5;
    o.roi = roi;
    o.benefits = benefits;
    assess_report *rep = assess_report_new(score_with(r, &so), NULL, NULL, &o,
                                           &err);
    cr_assert_not_null(rep, "%s", err.message);
    FILE *f = mem_open(&m);
    assess_status st = assess_report_write_cohort(rep, f, &err);
    assess_report_free(rep);
    assess_table_free(roi);
    assess_benefits_free(benefits);
    assess_costs_free(costs);
    cr_assert_eq(st, ASSESS_OK, "%s", err.message);
    const char *html = mem_close(&m);
    cr_assert_null(strstr(html, "12,500"), "E1's estimate as the programme's");
    cr_assert_not_null(strstr(html, "Not shown: benefits estimated for fewer "
                                    "than 5 executives."), "%s", html);
}
