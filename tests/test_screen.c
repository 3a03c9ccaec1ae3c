/*
 * test_screen.c - assess screen (engine/analysis_screen.c) and leaving
 * its flagged raters out of the reading (assess_read_options
 * .exclude_flagged, engine/input_screened.c), through the public
 * interface.
 *
 * The indices themselves are checked on raters worked by hand and
 * against R in test_stats.c; here: which rows come out, in which order,
 * what is flagged and why, the `duration` column, that the table is for
 * research only, and that raters left out are left out of everything and
 * counted as screened.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "assess.h"
#include "analysis_table.h"

#define INST "instruments/leadership-360.xml"
#define DEMO "fixtures/demo/responses.csv"
#define PLANTED "fixtures/screen-demo/planted.csv"

static assess_instrument *inst;

static void setup(void)
{
    assess_error err;
    assess_error_init(&err);
    inst = assess_instrument_load(INST, NULL, NULL, &err);
    cr_assert_not_null(inst, "%s", err.message);
}

static void teardown(void)
{
    assess_instrument_free(inst);
}

TestSuite(screen, .init = setup, .fini = teardown);

/* A table of the files, read with `exclude` (NULL: none) on `threads`. */
static assess_responses *read_files(const char *const *files, size_t n,
                                    const char *exclude, unsigned threads)
{
    assess_read_options o;
    assess_error err;
    assess_read_options_init(&o);
    o.exclude_flagged = exclude;
    o.threads = threads;
    assess_error_init(&err);
    assess_responses *r = assess_responses_new(inst, &o, &err);
    cr_assert_not_null(r, "%s", err.message);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(assess_responses_read_file(r, files[i], &err), ASSESS_OK,
                     "%s", err.message);
    return r;
}

static char *csv_of(const assess_table *t)
{
    char *p = NULL;
    size_t size = 0;
    assess_error err;
    FILE *f = open_memstream(&p, &size);
    cr_assert_not_null(f);
    assess_error_init(&err);
    cr_assert_eq(assess_table_write_csv(t, f, &err), ASSESS_OK);
    fclose(f);
    return p;
}

static assess_table *screen_of(const assess_responses *r)
{
    assess_screen_options o;
    assess_error err;
    assess_screen_options_init(&o);
    o.research = 1;
    assess_error_init(&err);
    assess_table *t = assess_screen_compute(r, &o, &err);
    cr_assert_not_null(t, "%s", err.message);
    return t;
}

static const table_row *find(const assess_table *t, const char *subject,
                             const char *rater, const char *statistic)
{
    for (size_t i = 0; i < t->n_rows; i++) {
        const table_row *x = &t->rows[i];
        if (strcmp(x->subject, subject) == 0 && strcmp(x->rater, rater) == 0 &&
            strcmp(x->statistic, statistic) == 0)
            return x;
    }
    cr_assert_fail("no %s row for %s, %s", statistic, subject, rater);
    return NULL;
}

/* The table names raters: without research there is none. */
Test(screen, research_only)
{
    const char *files[] = { DEMO };
    assess_responses *r = read_files(files, 1, NULL, 1);
    assess_error err;
    assess_error_init(&err);
    cr_assert_null(assess_screen_compute(r, NULL, &err));
    cr_assert_eq(err.status, ASSESS_EUSAGE);
    cr_assert_not_null(strstr(err.message, "research"));
    assess_responses_free(r);
}

/* The demo with one straight-lining peer of E0003 planted (every item 4,
 * in 41 seconds): longstring 48 of 48 answers, irv 0, 41 s under 2 s an
 * item: each flagged with its source; even-odd has no correlation (each
 * half is 4 on every scale). */
Test(screen, flags_the_straight_liner_planted_in_the_demo)
{
    const char *files[] = { DEMO, PLANTED };
    assess_responses *r = read_files(files, 2, NULL, 1);
    assess_table *t = screen_of(r);
    const table_row *x;

    x = find(t, "E0003", "R900001", "longstring");
    cr_assert(x->has_value && x->value == 48 && x->n == 48);
    cr_assert_not_null(strstr(x->note, "flagged"));
    cr_assert_not_null(strstr(x->note, "Curran 2016"));
    x = find(t, "E0003", "R900001", "irv");
    cr_assert(x->has_value && x->value == 0);
    cr_assert_eq(strncmp(x->note, "flagged", 7), 0);
    x = find(t, "E0003", "R900001", "duration");
    cr_assert(x->has_value && x->value == 41);
    cr_assert_eq(strncmp(x->note, "flagged", 7), 0);
    x = find(t, "E0003", "R900001", "even_odd");
    cr_assert(!x->has_value && x->note);
    cr_assert_str_eq(x->group, "peer");
    cr_assert_str_eq(x->wave, "1");
    /* No other rater of the demo straight-lines, and no other has a
     * duration: theirs say so. */
    size_t flagged = 0;
    for (size_t i = 0; i < t->n_rows; i++) {
        const table_row *y = &t->rows[i];
        if ((strcmp(y->statistic, "longstring") == 0 ||
             strcmp(y->statistic, "irv") == 0) && y->note &&
            strncmp(y->note, "flagged", 7) == 0)
            flagged++;
    }
    cr_assert_eq(flagged, 2);
    x = find(t, "E0001", "R000001", "duration");
    cr_assert(!x->has_value);
    cr_assert_str_eq(x->note, "no duration in the export for this rater");
    /* Rows by subject, then wave, group, rater; a rater's rows together
     * in one order; p follows the distance. */
    static const char *const order[] = { "longstring", "irv",
                                         "mahalanobis_d2", "p", "even_odd",
                                         "duration" };
    for (size_t i = 0; i < 6; i++)
        cr_assert_str_eq(t->rows[i].statistic, order[i]);
    cr_assert_str_eq(t->rows[3].note, "of mahalanobis_d2");
    for (size_t i = 1; i < t->n_rows; i++)
        cr_assert_leq(strcmp(t->rows[i - 1].subject, t->rows[i].subject), 0);
    /* The CSV has the rater's column. */
    char *csv = csv_of(t);
    cr_assert_eq(strncmp(csv, "subject_id,rater_id,wave,scale,item,group,", 42),
                 0);
    cr_assert_not_null(strstr(csv, "\nE0003,R900001,1,,,peer,longstring,48,,,48,flagged"));
    free(csv);
    /* Threads do not change a byte. */
    assess_responses *r2 = read_files(files, 2, NULL, 4);
    assess_table *t2 = screen_of(r2);
    char *a = csv_of(t), *b = csv_of(t2);
    cr_assert_str_eq(a, b);
    free(a);
    free(b);
    assess_table_free(t2);
    assess_responses_free(r2);
    assess_table_free(t);
    assess_responses_free(r);
}

/* A Qualtrics export's "Duration (in seconds)" mapped to duration, wide:
 * read without a warning; a text there is a warning and unknown. */
static int warnings;
static void count_warnings(const assess_diag *d, void *u)
{
    (void)u;
    warnings += d->severity == ASSESS_WARNING;
}

Test(screen, duration_mapped_from_a_survey_column)
{
    static const char csv[] =
        "subject_id,rater_id,rater_group,Duration (in seconds),COM1,COM2\n"
        "E1,R1,peer,300,4,5\n"
        "E1,R2,peer,,4,5\n"
        "E1,R3,peer,fast,4,5\n";
    assess_read_options o;
    assess_error err;
    assess_read_options_init(&o);
    o.map = "duration=Duration (in seconds)";
    o.diag = count_warnings;
    assess_error_init(&err);
    warnings = 0;
    assess_responses *r = assess_responses_new(inst, &o, &err);
    cr_assert_not_null(r, "%s", err.message);
    cr_assert_eq(assess_responses_begin(r, "q.csv", &err), ASSESS_OK);
    cr_assert_eq(assess_responses_feed(r, csv, sizeof csv - 1, &err), ASSESS_OK);
    /* the items without a column warn once; "fast" once */
    cr_assert_eq(assess_responses_end(r, &err), ASSESS_OK);
    cr_assert_eq(warnings, 2);
    assess_table *t = screen_of(r);
    const table_row *x = find(t, "E1", "R1", "duration");
    cr_assert(x->has_value && x->value == 300);
    /* two items answered: 300 s is not under 4 */
    cr_assert_null(x->note);
    cr_assert(!find(t, "E1", "R2", "duration")->has_value);
    cr_assert(!find(t, "E1", "R3", "duration")->has_value);
    assess_table_free(t);
    assess_responses_free(r);
}

/* ---- --exclude-flagged ------------------------------------------------------ */

static char path[64];

static const char *write_file(const char *text)
{
    strcpy(path, "/tmp/assess-screen-XXXXXX");
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

static char *agree_csv(const assess_responses *r)
{
    assess_error err;
    assess_error_init(&err);
    assess_table *t = assess_agree_compute(r, NULL, &err);
    cr_assert_not_null(t);
    char *s = csv_of(t);
    assess_table_free(t);
    return s;
}

/* The screen's rows of the planted rater, edited down to them: reading
 * with them leaves the rater out, every one of its 48 rows rejected as
 * screened, and agreement is the demo's own; read whole, piped or in
 * parts, the same. */
Test(screen, exclude_flagged_leaves_the_rater_out)
{
    const char *files[] = { DEMO, PLANTED };
    const char *demo[] = { DEMO };
    const char *list = write_file(
        "subject_id,rater_id,wave,scale,item,group,statistic,value,ci_low,"
        "ci_high,n,note\n"
        "E0003,R900001,1,,,peer,longstring,48,,,48,flagged: one answer\n"
        "E0003,R900001,1,,,peer,irv,0,,,48,flagged: every answer the same\n"
        "E0001,R000001,1,,,self,irv,1.005,,,48,\n");
    assess_responses *plain = read_files(demo, 1, NULL, 1);
    char *alone = agree_csv(plain);
    assess_responses_free(plain);
    for (unsigned threads = 1; threads <= 2; threads++) {
        assess_responses *r = read_files(files, 2, list, threads);
        const assess_account *a = assess_responses_account(r);
        cr_assert_eq(a->rejected[ASSESS_REJECT_SCREENED], 48);
        cr_assert_eq(a->rows_rejected, 48);
        cr_assert_eq(a->rows_read, a->rows_used + a->rows_rejected);
        char *with = agree_csv(r);
        cr_assert_str_eq(with, alone);
        free(with);
        assess_responses_free(r);
    }
    free(alone);
    unlink(list);
}

/* Without a note column every row lists its rater; without a wave
 * column, in every wave.  E0001's self rater answered in both waves: 48
 * items and the two questions each time. */
Test(screen, exclude_list_without_note_or_wave)
{
    const char *demo[] = { DEMO };
    const char *list = write_file("subject_id,rater_id\nE0001,R000001\n");
    assess_responses *r = read_files(demo, 1, list, 1);
    const assess_account *a = assess_responses_account(r);
    cr_assert_eq(a->rejected[ASSESS_REJECT_SCREENED], 100);
    cr_assert_eq(assess_responses_set_count(r), 242);
    assess_responses_free(r);
    unlink(list);
}

/* A list that is not one: the file and the line, and what would fix it. */
Test(screen, exclude_list_errors)
{
    assess_read_options o;
    assess_error err;
    assess_read_options_init(&o);

    o.exclude_flagged = "/nonexistent/screen.csv";
    assess_error_init(&err);
    cr_assert_null(assess_responses_new(inst, &o, &err));
    cr_assert_eq(err.status, ASSESS_EIO);

    o.exclude_flagged = write_file("subject,rater_id\nE0001,R000001\n");
    assess_error_init(&err);
    cr_assert_null(assess_responses_new(inst, &o, &err));
    cr_assert_eq(err.status, ASSESS_EFORMAT);
    cr_assert_eq(err.line, 1);
    cr_assert_not_null(strstr(err.message, "subject_id and rater_id"));
    unlink(path);

    o.exclude_flagged = write_file("subject_id,rater_id,note\n"
                                   "E0001,R000001,\n"
                                   ",R000002,flagged\n");
    assess_error_init(&err);
    cr_assert_null(assess_responses_new(inst, &o, &err));
    cr_assert_eq(err.status, ASSESS_EFORMAT);
    cr_assert_eq(err.line, 3);
    cr_assert_not_null(strstr(err.message, "subject_id is empty"));
    unlink(path);
}

/* Raters left out on purpose are no problem of the file's: --strict
 * does not fail on them. */
Test(screen, strict_does_not_count_the_screened)
{
    const char *list = write_file("subject_id,rater_id,wave\nE0003,R900001,1\n");
    assess_read_options o;
    assess_error err;
    assess_read_options_init(&o);
    o.exclude_flagged = list;
    o.strict = 1;
    assess_error_init(&err);
    assess_responses *r = assess_responses_new(inst, &o, &err);
    cr_assert_not_null(r);
    cr_assert_eq(assess_responses_read_file(r, PLANTED, &err), ASSESS_OK,
                 "%s", err.message);
    cr_assert_eq(assess_responses_account(r)->rejected[ASSESS_REJECT_SCREENED],
                 48);
    assess_responses_free(r);
    unlink(list);
}
