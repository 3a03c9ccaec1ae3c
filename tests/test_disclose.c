/*
 * test_disclose.c - confidentiality (engine/score_disclose.c, README
 * "Confidentiality"): what the protected outputs let out of the raters
 * the anonymity minimums withhold.
 *
 * Two kinds of test:
 *
 * - the attacks of the audit that opened the work on score_disclose.c, each on
 *   a small hand-made cohort, each recovering a withheld rater's answers
 *   (or a withheld group's count or mean) from the outputs as they were,
 *   and asserting that the outputs no longer hold what it needs;
 *
 * - the metamorphic property every protected output must keep, on
 *   generated cohorts (several subjects, two waves and three, groups below their
 *   minimums): (a) changing the answers of a rater who is withheld and
 *   left out of others, (b) adding one more such rater, (c) swapping the
 *   answers of two raters of withheld groups pooled into others, each
 *   leaves every protected output (every command, format and option not
 *   for research: score's tables, JSON and text, agree, reliability,
 *   change, their forms in `run` that share the scores, and the reports)
 *   the same, numbers within 1e-9.  A new command or option of the
 *   protected audience joins the list in protected_outputs();
 *
 * - and (d), for the ways of reading survey tools' exports: the cohort
 *   read from a Qualtrics-shaped export through a source map, with
 *   previews and unfinished responses of raters of every group, gives
 *   every protected output the cohort read as it is gives.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <sqlite3.h>
#include <unistd.h>

#include "assess.h"
#include "output_report_pdf.h"
#include "rng.h"
#include "rows_text.h"
#include "score.h"
#include "score_comments.h"

/* ==== Instrument and data ================================================ */

static const char INST[] =
    "<instrument id='conf' version='1' kind='360'>\n"
    "<title>Confidential</title>\n"
    "<response-scale id='a5' min='1' max='5'>"
    "<missing code='0'>Not observed</missing></response-scale>\n"
    "<rater-groups>\n"
    "<group id='self' role='self' minimum='1'>Self</group>\n"
    "<group id='manager' role='manager' minimum='1'>Manager</group>\n"
    "<group id='peer' role='peer' minimum='3'>Peers</group>\n"
    "<group id='direct_report' role='direct_report' minimum='3'>Direct "
    "reports</group>\n"
    "<group id='other' role='other' minimum='2'>Others</group>\n"
    "</rater-groups>\n"
    "<scale id='a' min-answered='2'><title>A</title>"
    "<item id='A1'>a one</item><item id='A2' reverse='true'>a two</item>"
    "<item id='A3'>a three</item></scale>\n"
    "<scale id='b' min-answered='2'><title>B</title>"
    "<item id='B1'>b one</item><item id='B2'>b two</item>"
    "<item id='B3'>b three</item></scale>\n"
    "<scale id='ab'><title>AB</title><part scale='a'/><part scale='b'/>"
    "</scale>\n"
    "<question id='keep'>What should they keep doing?</question>\n"
    "<norms><norm scale='a' mean='3.5' sd='0.6' n='100'>test</norm>"
    "<norm scale='b' mean='3.4' sd='0.7' n='100'>test</norm>"
    "<functional-norm scale='a' mean='3.8' sd='0.5' n='50'>test"
    "</functional-norm>"
    "<dysfunctional-norm scale='b' mean='2.5' sd='0.6' n='40'>test"
    "</dysfunctional-norm></norms>\n"
    "</instrument>\n";

#define N_ITEMS 6
#define MAX_RATERS 512
static const char *const GROUPS[] = { "self", "manager", "peer",
                                      "direct_report", "other" };

/* One response set of a generated cohort: a rater, a subject, a wave. */
typedef struct gen_set {
    int subject, wave, group, rater;
    int ans[N_ITEMS]; /* 1..5; 0: the missing code; -1: blank */
} gen_set;

typedef struct cohort {
    gen_set sets[MAX_RATERS];
    size_t n;
} cohort;

static int answer(uint64_t *seed)
{
    uint64_t r = rng_next(seed) % 100;
    if (r < 4)
        return 0;
    if (r < 7)
        return -1;
    return (int)(1 + rng_next(seed) % 5);
}

/* The waves generate() makes: two, or three for the tests of every wave
 * (a rater who joins rates from wave 2 on, one who leaves at wave 1
 * only). */
static int n_waves = 2;

/*
 * Eight subjects, two waves (n_waves); each subject has a self rater and
 * (mostly) a manager, and 0 to 5 peers, direct reports and others; raters
 * stay between the waves, now and then one leaves or joins.  Rater ids are
 * the subject's own (nested).
 */
static void generate(cohort *c, uint64_t seed)
{
    c->n = 0;
    for (int s = 0; s < 8; s++) {
        int count[5];
        count[0] = 1;
        count[1] = rng_next(&seed) % 6 ? 1 : 0;
        for (int g = 2; g < 5; g++)
            count[g] = (int)(rng_next(&seed) % 6);
        for (int g = 0; g < 5; g++) {
            for (int k = 0; k < count[g] + 1; k++) {
                /* rater k of the group; the last one rates at wave 2
                 * only (joins), the first one now and then at wave 1
                 * only (leaves) */
                int joins = k == count[g], leaves = k == 0 &&
                                                    rng_next(&seed) % 4 == 0;
                if (joins && (g < 2 || rng_next(&seed) % 3))
                    continue;
                for (int w = 1; w <= n_waves; w++) {
                    if ((joins && w == 1) || (leaves && w >= 2 && g >= 2))
                        continue;
                    cr_assert_lt(c->n, MAX_RATERS);
                    gen_set *x = &c->sets[c->n++];
                    x->subject = s;
                    x->wave = w;
                    x->group = g;
                    x->rater = g * 10 + k;
                    for (int i = 0; i < N_ITEMS; i++)
                        x->ans[i] = answer(&seed);
                }
            }
        }
    }
}

static char *csv_of_cohort(const cohort *c)
{
    char *p = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&p, &size);
    cr_assert_not_null(f);
    fputs("subject_id,rater_id,rater_group,wave,A1,A2,A3,B1,B2,B3,keep\n", f);
    for (size_t i = 0; i < c->n; i++) {
        const gen_set *x = &c->sets[i];
        fprintf(f, "S%d,S%d-%s-%d,%s,%d", x->subject, x->subject,
                GROUPS[x->group], x->rater, GROUPS[x->group], x->wave);
        for (int j = 0; j < N_ITEMS; j++) {
            if (x->ans[j] < 0)
                fputs(",", f);
            else
                fprintf(f, ",%d", x->ans[j]);
        }
        /* A written comment that changes with the answers, for raters who
         * answered A1 (not everyone writes). */
        if (x->ans[0] >= 0)
            fprintf(f, ",\"<b>%d</b>, \"\"%d%d%d%d%d\"\"\"", x->ans[0],
                    x->ans[1], x->ans[2], x->ans[3], x->ans[4], x->ans[5]);
        else
            fputc(',', f);
        fputc('\n', f);
    }
    cr_assert_eq(fclose(f), 0);
    return p;
}

static assess_instrument *load_inst(void)
{
    assess_error err;
    assess_error_init(&err);
    assess_instrument *inst = assess_instrument_load_memory(
        INST, sizeof INST - 1, "conf.xml", NULL, NULL, &err);
    cr_assert_not_null(inst, "%s", err.message);
    return inst;
}

static assess_responses *read_text(const assess_instrument *inst,
                                   const char *csv)
{
    assess_error err;
    assess_read_options o;
    assess_read_options_init(&o);
    o.comments = 1; /* score --comments and the reports keep them */
    assess_error_init(&err);
    assess_responses *r = assess_responses_new(inst, &o, &err);
    cr_assert_not_null(r, "%s", err.message);
    cr_assert_eq(assess_responses_begin(r, "cohort.csv", &err), ASSESS_OK);
    cr_assert_eq(assess_responses_feed(r, csv, strlen(csv), &err), ASSESS_OK);
    cr_assert_eq(assess_responses_end(r, &err), ASSESS_OK, "%s", err.message);
    cr_assert_eq(assess_responses_account(r)->rows_rejected, 0);
    return r;
}

/* ==== Every protected output ============================================= */

typedef struct texts {
    char **t;
    const char **what;
    size_t n, cap;
} texts;

static void add_text(texts *x, const char *what, char *text)
{
    if (x->n == x->cap) {
        x->cap = x->cap ? 2 * x->cap : 64;
        x->t = realloc(x->t, x->cap * sizeof *x->t);
        x->what = realloc(x->what, x->cap * sizeof *x->what);
        cr_assert(x->t && x->what);
    }
    x->t[x->n] = text;
    x->what[x->n++] = what;
}

static void texts_free(texts *x)
{
    for (size_t i = 0; i < x->n; i++)
        free(x->t[i]);
    free(x->t);
    free(x->what);
}

typedef struct writer {
    FILE *f;
    char *p;
    size_t size;
} writer;

static FILE *w_open(writer *w)
{
    w->p = NULL;
    w->size = 0;
    w->f = open_memstream(&w->p, &w->size);
    cr_assert_not_null(w->f);
    return w->f;
}

static char *w_close(writer *w)
{
    cr_assert_eq(fclose(w->f), 0);
    return w->p;
}

/* The table's CSV and JSON, kept; the table is freed. */
static void table_texts(texts *x, const char *what, assess_table *t)
{
    writer w;
    assess_error err;
    cr_assert_not_null(t, "%s", what);
    assess_error_init(&err);
    cr_assert_eq(assess_table_write_csv(t, w_open(&w), &err), ASSESS_OK);
    add_text(x, what, w_close(&w));
    cr_assert_eq(assess_table_write_json(t, w_open(&w), &err), ASSESS_OK);
    add_text(x, what, w_close(&w));
    assess_table_free(t); /* its last use */
}

static assess_table *agree_with(const assess_responses *r,
                                const assess_agree_options *o)
{
    assess_error err;
    assess_error_init(&err);
    assess_table *t = assess_agree_compute(r, o, &err);
    cr_assert_not_null(t, "agree: %s", err.message);
    return t;
}

static assess_table *change_with(const assess_responses *r,
                                 const assess_change_options *o)
{
    assess_error err;
    assess_error_init(&err);
    assess_table *t = assess_change_compute(r, o, &err);
    cr_assert_not_null(t, "change: %s", err.message);
    return t;
}

static assess_table *reliability_with(const assess_responses *r,
                                      const assess_reliability_options *o)
{
    assess_error err;
    assess_error_init(&err);
    assess_table *t = assess_reliability_compute(r, o, &err);
    cr_assert_not_null(t, "reliability: %s", err.message);
    return t;
}

/* Score's protected outputs under options o: the scale and item tables,
 * JSON and the text summary. */
static void score_texts(texts *x, const char *what, const assess_responses *r,
                        const assess_score_options *o)
{
    assess_error err;
    writer w;
    assess_error_init(&err);
    assess_score *s = assess_score_compute(r, o, &err);
    cr_assert_not_null(s, "%s: %s", what, err.message);
    cr_assert_eq(assess_score_write_csv(s, ASSESS_TABLE_SCALES, w_open(&w),
                                        &err), ASSESS_OK);
    add_text(x, what, w_close(&w));
    cr_assert_eq(assess_score_write_csv(s, ASSESS_TABLE_ITEMS, w_open(&w),
                                        &err), ASSESS_OK);
    add_text(x, what, w_close(&w));
    cr_assert_eq(assess_score_write_json(s, w_open(&w), &err), ASSESS_OK);
    add_text(x, what, w_close(&w));
    cr_assert_eq(assess_score_write_text(s, NULL, w_open(&w), &err),
                 ASSESS_OK);
    add_text(x, what, w_close(&w));
    /* score --comments */
    cr_assert_eq(assess_score_write_comments(s, NULL, w_open(&w), &err),
                 ASSESS_OK);
    add_text(x, what, w_close(&w));
    assess_score_free(s);
}

/* A score table's rows as the API gives them (assess_score_rows). */
static void score_rows_text(texts *x, const char *what, const assess_score *s,
                            assess_score_table table)
{
    assess_error err;
    assess_error_init(&err);
    assess_rows *r = assess_score_rows(s, table, &err);
    cr_assert_not_null(r, "%s: %s", what, err.message);
    add_text(x, what, rows_as_csv(r));
    assess_rows_free(r);
}

static void table_rows_text(texts *x, const char *what, const assess_table *t)
{
    assess_error err;
    assess_error_init(&err);
    assess_rows *r = assess_table_rows(t, &err);
    cr_assert_not_null(r, "%s: %s", what, err.message);
    add_text(x, what, rows_as_csv(r));
    assess_rows_free(r);
}

/* Every row of a table of an SQLite database, as text: cells by ',',
 * NULL empty, reals to 17 digits. */
static char *db_table_text(sqlite3 *db, const char *table)
{
    char sql[128], *text = NULL;
    size_t size = 0;
    sqlite3_stmt *st;
    FILE *f = open_memstream(&text, &size);

    snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY rowid", table);
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s",
                 sqlite3_errmsg(db));
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int c = 0; c < sqlite3_column_count(st); c++) {
            if (c)
                fputc(',', f);
            switch (sqlite3_column_type(st, c)) {
            case SQLITE_INTEGER:
                fprintf(f, "%lld", (long long)sqlite3_column_int64(st, c));
                break;
            case SQLITE_FLOAT:
                fprintf(f, "%.17g", sqlite3_column_double(st, c));
                break;
            case SQLITE_TEXT:
                fputs((const char *)sqlite3_column_text(st, c), f);
                break;
            default:
                break;
            }
        }
        fputc('\n', f);
    }
    sqlite3_finalize(st);
    fclose(f);
    return text;
}

/*
 * run --format sqlite (and score --items --format sqlite): the scores,
 * items and the analyses in a database, every result table read back.
 * The runs and run_files tables say when and from which files (their
 * SHA-256 is a fingerprint of the input, not a result) and are left out.
 */
static void db_texts(texts *x, const assess_score *s,
                     const assess_table *const *tables, size_t n)
{
    static const char *const names[] = { "scores", "items", "agree", "change",
                                         "reliability" };
    char path[] = "/tmp/assess-disclose-XXXXXX";
    assess_run_info run = { "run", NULL, NULL, NULL, 0 };
    assess_error err;
    int fd = mkstemp(path);
    sqlite3 *db;

    cr_assert_geq(fd, 0);
    close(fd);
    assess_error_init(&err);
    assess_db *d = assess_db_open(path, &run, &err);
    cr_assert_not_null(d, "%s", err.message);
    for (int k = 0; k < 2; k++) {
        assess_rows *r = assess_score_rows(s, (assess_score_table)k, &err);
        cr_assert_not_null(r);
        cr_assert_eq(assess_db_write(d, r, &err), ASSESS_OK, "%s", err.message);
        assess_rows_free(r);
    }
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(assess_db_write_table(d, tables[i], &err), ASSESS_OK,
                     "%s", err.message);
    cr_assert_eq(assess_db_commit(d, &err), ASSESS_OK);
    assess_db_close(d);
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    for (size_t i = 0; i < 2 + n; i++)
        add_text(x, "run --format sqlite", db_table_text(db, names[i]));
    sqlite3_close(db);
    unlink(path);
}

/* A temporary file holding `text`, its path into path (a mkstemp
 * template). */
static void temp_file(char *path, const char *text)
{
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    FILE *f = fdopen(fd, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

/*
 * The reports of every wave (with three waves or more: the change over
 * all of them, as `assess report` computes it) and of the return on
 * investment (--costs, --benefits), HTML and PDF, executive and cohort.
 */
static void trend_reports(const assess_responses *r, const assess_score *s,
                          const assess_table *agree, texts *x)
{
    char costs_path[] = "/tmp/assess-disclose-costs-XXXXXX";
    char benefits_path[] = "/tmp/assess-disclose-benefits-XXXXXX";
    assess_change_options co;
    assess_report_options rop;
    assess_error err;
    writer w;

    temp_file(costs_path, "subject_id,cost\n,4000\nS1,9000\nS2,9000\n"
                          "S3,9500\nS4,8000\n");
    temp_file(benefits_path, "subject_id,benefit_id,description,annual_value,"
                             "attribution,confidence\n"
                             "S1,B1,Fewer escalations,24000,0.5,0.8\n"
                             "S2,B1,Faster decisions,18000,0.6,0.6\n"
                             "S2,B2,No estimate yet,,0.5,0.6\n"
                             "S3,B1,Attrition down,30000,0.4,0.7\n");
    assess_error_init(&err);
    assess_costs *costs = assess_costs_read_file(costs_path, &err);
    cr_assert_not_null(costs, "%s", err.message);
    assess_benefits *benefits = assess_benefits_read_file(benefits_path, &err);
    cr_assert_not_null(benefits, "%s", err.message);
    unlink(costs_path);
    unlink(benefits_path);
    assess_table *roi = assess_roi_compute(costs, benefits, &err);
    cr_assert_not_null(roi);
    assess_change_options_init(&co);
    co.score = s;
    co.waves_all = assess_responses_wave_count(r) >= 3;
    assess_table *change = change_with(r, &co);
    assess_report_options_init(&rop);
    rop.cohort_minimum = 2;
    rop.roi = roi;
    rop.benefits = benefits;
    assess_report *rep = assess_report_new(s, agree, change, &rop, &err);
    cr_assert_not_null(rep, "%s", err.message);
    for (long i = 0; i < (long)assess_report_count(rep); i++) {
        cr_assert_eq(assess_report_write_html(rep, (size_t)i, w_open(&w), &err),
                     ASSESS_OK);
        add_text(x, "report --costs --benefits (every wave)", w_close(&w));
        cr_assert_eq(report_pdf_describe(rep, i, NULL, w_open(&w), &err),
                     ASSESS_OK);
        add_text(x, "report --costs --benefits --format pdf", w_close(&w));
    }
    cr_assert_eq(assess_report_write_index(rep, w_open(&w), &err), ASSESS_OK);
    add_text(x, "report index (every wave)", w_close(&w));
    cr_assert_eq(assess_report_write_cohort(rep, w_open(&w), &err), ASSESS_OK);
    add_text(x, "cohort report --costs --benefits", w_close(&w));
    cr_assert_eq(report_pdf_describe(rep, REPORT_PDF_INDEX, NULL, w_open(&w),
                                     &err), ASSESS_OK);
    add_text(x, "report index --format pdf (every wave)", w_close(&w));
    cr_assert_eq(report_pdf_describe(rep, REPORT_PDF_COHORT, NULL, w_open(&w),
                                     &err), ASSESS_OK);
    add_text(x, "cohort report --costs --benefits --format pdf", w_close(&w));
    assess_report_free(rep);
    assess_table_free(change);
    assess_table_free(roi);
    assess_benefits_free(benefits);
    assess_costs_free(costs);
}

/*
 * Every output of the protected audience for the responses r: every
 * command, format and option that is not --research.  Add new ones here.
 */
static void protected_outputs(const assess_responses *r, texts *x)
{
    static const char *const pairs[] = { "self,manager", "manager,peer",
                                         "self,direct_report", "peer,other" };
    static const char *const rel_groups[] = { NULL, "all", "others", "self",
                                              "manager", "peer",
                                              "direct_report", "other" };
    assess_score_options so;
    assess_agree_options ao;
    assess_reliability_options ro;
    assess_change_options co;
    assess_error err;

    /* score */
    assess_score_options_init(&so);
    score_texts(x, "score", r, &so);
    so.weighting = ASSESS_WEIGHT_GROUPS;
    score_texts(x, "score --others-weighting groups", r, &so);
    assess_score_options_init(&so);
    so.norms = ASSESS_NORMS_COHORT;
    so.cohort_minimum = 3;
    score_texts(x, "score --norms cohort", r, &so);
    assess_score_options_init(&so);
    so.norms = ASSESS_NORMS_NONE;
    so.gap_threshold = 0.25;
    score_texts(x, "score --norms none --gap-threshold 0.25", r, &so);
    assess_score_options_init(&so);
    so.digits = 3;
    score_texts(x, "score --digits 3", r, &so);

    /* agree */
    assess_agree_options_init(&ao);
    table_texts(x, "agree", agree_with(r, &ao));
    ao.by_group = 1;
    table_texts(x, "agree --by-group", agree_with(r, &ao));
    ao.null = ASSESS_NULL_HEAVY_SKEW;
    ao.rwg_truncate = 0;
    ao.categories = ASSESS_CATEGORIES_SCALE;
    table_texts(x, "agree --by-group --null heavy_skew --no-truncate "
                   "--categories scale", agree_with(r, &ao));
    /* rwg_j_lindell and icc1's and icc2's intervals are in every agree
     * table; the simulated percentiles on their option */
    assess_agree_options_init(&ao);
    ao.by_group = 1;
    ao.sims = 200;
    table_texts(x, "agree --by-group --sims 200", agree_with(r, &ao));
    assess_agree_options_init(&ao);
    ao.digits = 3;
    table_texts(x, "agree --digits 3", agree_with(r, &ao));
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        assess_agree_options_init(&ao);
        ao.pair = pairs[i];
        table_texts(x, pairs[i], agree_with(r, &ao));
    }

    /* reliability */
    for (size_t i = 0; i < sizeof rel_groups / sizeof *rel_groups; i++) {
        assess_reliability_options_init(&ro);
        ro.group = rel_groups[i];
        table_texts(x, "reliability --group", reliability_with(r, &ro));
        ro.pairwise = 1;
        table_texts(x, "reliability --missing pairwise",
                    reliability_with(r, &ro));
    }
    /* omega_total, guttman_l6, average_r and alpha_duhachek are in every
     * table above; Spearman-Brown's step on its option */
    assess_reliability_options_init(&ro);
    ro.target_items = 12;
    table_texts(x, "reliability --target-items 12", reliability_with(r, &ro));

    /* change */
    assess_change_options_init(&co);
    table_texts(x, "change", change_with(r, &co));
    co.match = ASSESS_MATCH_RATERS;
    table_texts(x, "change --match raters", change_with(r, &co));
    assess_change_options_init(&co);
    co.rci_sd = ASSESS_RCI_SD_COHORT;
    table_texts(x, "change --rci-sd cohort", change_with(r, &co));
    assess_change_options_init(&co);
    co.waves_all = 1;
    table_texts(x, "change --waves all", change_with(r, &co));
    co.rci_sd = ASSESS_RCI_SD_COHORT;
    table_texts(x, "change --waves all --rci-sd cohort", change_with(r, &co));

    /* run: the analyses on the scores of one score job, and the reports
     * (report builds on score, agree and change the same way) */
    assess_score_options_init(&so);
    assess_error_init(&err);
    assess_score *s = assess_score_compute(r, &so, &err);
    cr_assert_not_null(s);
    assess_agree_options_init(&ao);
    ao.score = s;
    assess_table *agree = agree_with(r, &ao);
    assess_change_options_init(&co);
    co.score = s;
    assess_table *change = change_with(r, &co);
    assess_reliability_options_init(&ro);
    ro.score = s;
    table_texts(x, "run: reliability", reliability_with(r, &ro));
    assess_report_options rop;
    assess_report_options_init(&rop);
    rop.cohort_minimum = 2;
    assess_report *rep = assess_report_new(s, agree, change, &rop, &err);
    cr_assert_not_null(rep, "%s", err.message);
    for (size_t i = 0; i < assess_report_count(rep); i++) {
        writer w;
        cr_assert_eq(assess_report_write_html(rep, i, w_open(&w), &err),
                     ASSESS_OK);
        add_text(x, "report", w_close(&w));
    }
    writer w;
    cr_assert_eq(assess_report_write_index(rep, w_open(&w), &err), ASSESS_OK);
    add_text(x, "report index", w_close(&w));
    cr_assert_eq(assess_report_write_cohort(rep, w_open(&w), &err), ASSESS_OK);
    add_text(x, "cohort report", w_close(&w));
    /* The PDFs: what each draws, text and marks on their pages, as the
     * PDF writers lay it out (the PDF's bytes are compressed, and a
     * number on a rounding boundary would change them where same_text()
     * allows it; tests/run-pdf.sh compares the real PDFs' text through
     * the binary). */
    for (long i = 0; i < (long)assess_report_count(rep); i++) {
        cr_assert_eq(report_pdf_describe(rep, i, NULL, w_open(&w), &err),
                     ASSESS_OK);
        add_text(x, "report --format pdf", w_close(&w));
    }
    cr_assert_eq(report_pdf_describe(rep, REPORT_PDF_INDEX, NULL, w_open(&w),
                                     &err), ASSESS_OK);
    add_text(x, "report index --format pdf", w_close(&w));
    cr_assert_eq(report_pdf_describe(rep, REPORT_PDF_COHORT, NULL, w_open(&w),
                                     &err), ASSESS_OK);
    add_text(x, "cohort report --format pdf", w_close(&w));
    assess_report_free(rep);
    trend_reports(r, s, agree, x);
    /* the same results through the API's rows, and in SQLite */
    score_rows_text(x, "rows: scores", s, ASSESS_TABLE_SCALES);
    score_rows_text(x, "rows: items", s, ASSESS_TABLE_ITEMS);
    table_rows_text(x, "rows: agree", agree);
    table_rows_text(x, "rows: change", change);
    assess_table *rel = reliability_with(r, &ro);
    table_rows_text(x, "rows: reliability", rel);
    const assess_table *run_tables[] = { agree, change, rel };
    db_texts(x, s, run_tables, 3);
    assess_table_free(rel);
    table_texts(x, "run: agree", agree);   /* their last use: freed */
    table_texts(x, "run: change", change);
    assess_score_free(s);
}

/* Digits after the point of the number text p..end. */
static int decimals(const char *p, const char *end)
{
    const char *dot = memchr(p, '.', (size_t)(end - p));
    return dot ? (int)(end - dot - 1) : 0;
}

/*
 * Whether two texts are the same, numbers within 1e-9 (relative above
 * 1): where both hold a number, the numbers are compared, elsewhere the
 * bytes.  A number printed to a few decimals for people to read (the
 * text summary, the report) may differ by one unit of its last place:
 * sums taken in another order differ in the last bit, and a value on a
 * rounding boundary then prints either way; the tables print the same
 * value to every digit and are compared to 1e-9.  On a difference, *at
 * says where in a.
 */
static int same_text(const char *a, const char *b, size_t *at)
{
    const char *p = a, *q = b;
    while (*p && *q) {
        if (isdigit((unsigned char)*p) && isdigit((unsigned char)*q)) {
            char *ep, *eq;
            double x = strtod(p, &ep), y = strtod(q, &eq);
            double scale = fmax(1, fmax(fabs(x), fabs(y)));
            int dp = decimals(p, ep), dq = decimals(q, eq);
            double tol = 1e-9 * scale;
            if (dp == dq && dp > 0 && dp <= 3)
                tol = pow(10, -dp) * 1.000001;
            if (!(fabs(x - y) <= tol))
                break;
            p = ep;
            q = eq;
            continue;
        }
        if (*p != *q)
            break;
        p++;
        q++;
    }
    *at = (size_t)(p - a);
    return *p == 0 && *q == 0;
}

/* Every protected output of r1 and of r2 the same (both freed). */
static void expect_same_tables(assess_responses *r1, assess_responses *r2,
                               const char *mutation)
{
    texts a = { 0 }, b = { 0 };
    protected_outputs(r1, &a);
    protected_outputs(r2, &b);
    cr_assert_eq(a.n, b.n);
    for (size_t i = 0; i < a.n; i++) {
        size_t at;
        if (!same_text(a.t[i], b.t[i], &at)) {
            size_t from = at > 200 ? at - 200 : 0;
            cr_assert_fail("%s changes output %zu (%s) at byte %zu:\n"
                           "before: ...%.300s\nafter:  ...%.300s",
                           mutation, i, a.what[i], at, a.t[i] + from,
                           b.t[i] + from);
        }
    }
    texts_free(&a);
    texts_free(&b);
    assess_responses_free(r1);
    assess_responses_free(r2);
}

static void expect_same_outputs(const assess_instrument *inst,
                                const char *before, const char *after,
                                const char *mutation)
{
    expect_same_tables(read_text(inst, before), read_text(inst, after),
                       mutation);
}

/* ==== Who is withheld, as scoring decides ================================= */

enum { WANT_LEFT_OUT, WANT_POOLED };

/*
 * Whether group g of subject s at wave w is withheld on every scale and
 * item where it has raters, and on each of them left out of others and
 * all (WANT_LEFT_OUT) or pooled into them (WANT_POOLED), in the scores of
 * r; `some` is set when it has raters somewhere.
 */
static int group_is(const assess_responses *r, int s, int w, uint32_t g,
                    int want)
{
    assess_score_options o;
    assess_error err;
    char subject[16], wave[8];
    int ok = 1, some = 0;

    assess_score_options_init(&o);
    o.norms = ASSESS_NORMS_NONE;
    assess_error_init(&err);
    assess_score *sc = assess_score_compute(r, &o, &err);
    cr_assert_not_null(sc);
    snprintf(subject, sizeof subject, "S%d", s);
    snprintf(wave, sizeof wave, "%d", w);
    const score_block *b = NULL;
    for (size_t i = 0; i < sc->n_blocks; i++)
        if (strcmp(strtab_str(&r->subjects, sc->blocks[i].subject), subject) == 0 &&
            strcmp(strtab_str(&r->waves, sc->blocks[i].wave), wave) == 0)
            b = &sc->blocks[i];
    cr_assert_not_null(b);
    score_rows v;
    cr_assert_eq(score_rows_init(&v, sc), 0);
    score_rows_compute(&v, b);
    size_t ngo = sc->n_groups_out, o_g = 0, o_others = 0, o_all = 0;
    for (size_t k = 0; k < ngo; k++) {
        if (sc->groups_out[k] == g)
            o_g = k;
        if (sc->groups_out[k] == GROUP_OTHERS(r->inst))
            o_others = k;
        if (sc->groups_out[k] == GROUP_ALL(r->inst))
            o_all = k;
    }
    size_t n_rows = r->inst->n_scales + r->inst->n_items;
    for (size_t k = 0; k < n_rows && ok; k++) {
        const stat_row *rows = k < r->inst->n_scales
                                   ? score_scale_rows(&v, (uint32_t)k)
                                   : score_item_rows(&v, (uint32_t)(k - r->inst->n_scales));
        const stat_row *gr = &rows[o_g];
        if (!gr->suppressed)  {
            /* shown, or no rater with a value: only the latter will do */
            ok = !gr->has_mean;
            continue;
        }
        some = 1;
        int left_out = (rows[o_others].left_out >> g & 1) &&
                       (rows[o_all].left_out >> g & 1);
        ok = want == WANT_LEFT_OUT ? left_out : !left_out;
    }
    score_rows_free(&v);
    assess_score_free(sc);
    return ok && some;
}

/* What the comments of group g of subject s at wave w are under the rule
 * for comments (score_comments.c). */
enum { COMMENTS_NONE, COMMENTS_SHOWN, COMMENTS_LEFT_OUT, COMMENTS_POOLED };

static int comments_are(const assess_responses *r, int s, int w, uint32_t g)
{
    assess_score_options o;
    assess_error err;
    score_comments sc;
    char subject[16], wave[8];
    int state = COMMENTS_NONE;

    assess_score_options_init(&o);
    assess_error_init(&err);
    assess_score *score = assess_score_compute(r, &o, &err);
    cr_assert_not_null(score);
    cr_assert_eq(score_comments_init(&sc, score), 0);
    snprintf(subject, sizeof subject, "S%d", s);
    snprintf(wave, sizeof wave, "%d", w);
    for (size_t i = 0; i < score->n_blocks; i++) {
        const comment_block *cb = &sc.blocks[i];
        if (strcmp(strtab_str(&r->subjects, score->blocks[i].subject),
                   subject) != 0 ||
            strcmp(strtab_str(&r->waves, score->blocks[i].wave), wave) != 0)
            continue;
        for (size_t k = cb->first; k < cb->first + cb->n; k++) {
            if (sc.groups[k].group == g)
                state = COMMENTS_SHOWN;
            if (sc.groups[k].pooled >> g & 1)
                state = COMMENTS_POOLED;
        }
        if (cb->withheld[0] >> g & 1)
            state = COMMENTS_LEFT_OUT;
    }
    score_comments_release(&sc);
    assess_score_free(score);
    return state;
}

static int complete(const gen_set *x)
{
    for (int i = 0; i < N_ITEMS; i++)
        if (x->ans[i] < 1)
            return 0;
    return 1;
}

/* ==== The property ========================================================= */

#define SEEDS 40

/* (a) A rater withheld and left out of others: other answers, the same
 * missing ones. */
static void withheld_rater_answers(int waves)
{
    assess_instrument *inst = load_inst();
    n_waves = waves;
    static cohort c, m;
    size_t tried = 0;

    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        generate(&c, seed * 7919);
        char *before = csv_of_cohort(&c);
        assess_responses *r = read_text(inst, before);
        for (size_t i = 0; i < c.n; i++) {
            const gen_set *x = &c.sets[i];
            if (x->group < 2 || x->ans[0] < 0 ||
                !group_is(r, x->subject, x->wave, (uint32_t)x->group,
                          WANT_LEFT_OUT) ||
                comments_are(r, x->subject, x->wave, (uint32_t)x->group) !=
                    COMMENTS_LEFT_OUT)
                continue;
            m = c;
            for (int j = 0; j < N_ITEMS; j++)
                if (m.sets[i].ans[j] > 0)
                    m.sets[i].ans[j] = m.sets[i].ans[j] % 5 + 1;
            char *after = csv_of_cohort(&m);
            expect_same_outputs(inst, before, after, "(a) changing answers");
            free(after);
            tried++;
            break; /* one a cohort */
        }
        assess_responses_free(r);
        free(before);
    }
    cr_assert_geq(tried, SEEDS / 2, "only %zu cohorts had such a rater", tried);
    assess_instrument_free(inst);
}

/* (b) One more rater in a group withheld and left out, which stays so. */
static void one_more_withheld_rater(int waves)
{
    assess_instrument *inst = load_inst();
    n_waves = waves;
    static cohort c, m;
    size_t tried = 0;

    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        generate(&c, seed * 104729);
        char *before = csv_of_cohort(&c);
        assess_responses *r = read_text(inst, before);
        for (size_t i = 0; i < c.n && c.n < MAX_RATERS; i++) {
            const gen_set *x = &c.sets[i];
            if (x->group < 2 ||
                !group_is(r, x->subject, x->wave, (uint32_t)x->group,
                          WANT_LEFT_OUT))
                continue;
            m = c;
            gen_set *added = &m.sets[m.n++];
            *added = *x;
            added->rater = 99;
            for (int j = 0; j < N_ITEMS; j++)
                added->ans[j] = 1 + (j * 3 + x->subject) % 5;
            char *after = csv_of_cohort(&m);
            assess_responses *ra = read_text(inst, after);
            int still = group_is(ra, x->subject, x->wave, (uint32_t)x->group,
                                 WANT_LEFT_OUT) &&
                        comments_are(ra, x->subject, x->wave,
                                     (uint32_t)x->group) == COMMENTS_LEFT_OUT;
            assess_responses_free(ra);
            if (still) {
                expect_same_outputs(inst, before, after, "(b) adding a rater");
                tried++;
            }
            free(after);
            if (still)
                break;
        }
        assess_responses_free(r);
        free(before);
    }
    cr_assert_geq(tried, SEEDS / 4, "only %zu cohorts had such a group", tried);
    assess_instrument_free(inst);
}

/* (c) Two raters of two withheld groups pooled into others: their answers
 * swapped. */
static void pooled_raters_swapped(int waves)
{
    assess_instrument *inst = load_inst();
    n_waves = waves;
    static cohort c, m;
    size_t tried = 0;

    for (uint64_t seed = 1; seed <= 4 * SEEDS && tried < SEEDS / 2; seed++) {
        generate(&c, seed * 15485863);
        char *before = csv_of_cohort(&c);
        assess_responses *r = read_text(inst, before);
        int done = 0;
        for (size_t i = 0; i < c.n && !done; i++) {
            for (size_t j = i + 1; j < c.n && !done; j++) {
                const gen_set *x = &c.sets[i], *y = &c.sets[j];
                if (x->subject != y->subject || x->wave != y->wave ||
                    x->group < 2 || y->group < 2 || x->group == y->group ||
                    !complete(x) || !complete(y) ||
                    memcmp(x->ans, y->ans, sizeof x->ans) == 0 ||
                    !group_is(r, x->subject, x->wave, (uint32_t)x->group,
                              WANT_POOLED) ||
                    !group_is(r, y->subject, y->wave, (uint32_t)y->group,
                              WANT_POOLED) ||
                    comments_are(r, x->subject, x->wave, (uint32_t)x->group) !=
                        COMMENTS_POOLED ||
                    comments_are(r, y->subject, y->wave, (uint32_t)y->group) !=
                        COMMENTS_POOLED)
                    continue;
                m = c;
                memcpy(m.sets[i].ans, y->ans, sizeof y->ans);
                memcpy(m.sets[j].ans, x->ans, sizeof x->ans);
                char *after = csv_of_cohort(&m);
                expect_same_outputs(inst, before, after,
                                    "(c) swapping pooled raters");
                free(after);
                tried++;
                done = 1;
            }
        }
        assess_responses_free(r);
        free(before);
    }
    cr_assert_geq(tried, SEEDS / 4, "only %zu cohorts had such a pair", tried);
    assess_instrument_free(inst);
}

Test(disclose, withheld_rater_answers_change_nothing)
{
    withheld_rater_answers(2);
}

Test(disclose, one_more_withheld_rater_changes_nothing)
{
    one_more_withheld_rater(2);
}

Test(disclose, pooled_raters_swapped_change_nothing)
{
    pooled_raters_swapped(2);
}

/* The same over three waves: a baseline, the end of coaching and a
 * follow-up, for change --waves all and its "did it hold?" rows. */
Test(disclose, three_waves_withheld_rater_answers_change_nothing)
{
    withheld_rater_answers(3);
}

Test(disclose, three_waves_one_more_withheld_rater_changes_nothing)
{
    one_more_withheld_rater(3);
}

Test(disclose, three_waves_pooled_raters_swapped_change_nothing)
{
    pooled_raters_swapped(3);
}

/* ==== Survey exports ======================================================= */

/*
 * The cohort as a Qualtrics export (numeric, three header rows, the items
 * found by their wording, "Not observed" coded 6, groups as people type
 * them), with `extra` more responses Qualtrics marks as previews or
 * unfinished: of raters of every group, new ones and ones the cohort has,
 * with answers of their own.
 */
static char *qualtrics_of_cohort(const cohort *c, int extra, uint64_t seed)
{
    static const char *const typed[] = { "Self", "Manager", "Peers",
                                         "Direct Report", "others" };
    static const char *const wording[] = { "a one", "a two", "a three",
                                           "b one", "b two", "b three" };
    char *p = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&p, &size);

    cr_assert_not_null(f);
    fputs("StartDate,Status,Finished,ResponseId,Q1,Q2,Q3,Q4,Q5,Q6,Subject,"
          "Relationship,Wave,Q7\r\nStart Date,Response Type,Finished,Response "
          "ID", f);
    for (int j = 0; j < N_ITEMS; j++)
        fprintf(f, ",\"Rate them, please - %s\"", wording[j]);
    /* the question found by its wording, as items are */
    fputs(",Subject,Relationship,Wave,What should they keep doing?\r\n"
          "{\"ImportId\":\"startDate\"},x,x,x,x,x,x,x,x,x,x,x,x,x\r\n", f);
    for (size_t i = 0; i < c->n + (size_t)extra; i++) {
        int marked = i >= c->n;
        const gen_set *x = &c->sets[marked ? rng_next(&seed) % c->n : i];
        fprintf(f, "d,%d,%d,", marked && i % 2 ? 1 : 0,
                marked && i % 2 == 0 ? 0 : 1);
        if (marked && rng_next(&seed) % 2)
            fprintf(f, "R_new%zu", i);
        else
            fprintf(f, "S%d-%s-%d", x->subject, GROUPS[x->group], x->rater);
        for (int j = 0; j < N_ITEMS; j++) {
            int a = marked ? (int)(rng_next(&seed) % 7) - 1 : x->ans[j];
            if (a < 0)
                fputs(",", f);
            else
                fprintf(f, ",%d", a == 0 ? 6 : a);
        }
        fprintf(f, ",S%d,%s,%d,", x->subject,
                typed[marked ? rng_next(&seed) % 5 : (uint64_t)x->group],
                x->wave);
        if (marked)
            fprintf(f, "\"marked %zu, \"\"not to use\"\"\"", i);
        else if (x->ans[0] >= 0)
            fprintf(f, "\"<b>%d</b>, \"\"%d%d%d%d%d\"\"\"", x->ans[0],
                    x->ans[1], x->ans[2], x->ans[3], x->ans[4], x->ans[5]);
        fputs("\r\n", f);
    }
    cr_assert_eq(fclose(f), 0);
    return p;
}

/*
 * (d) Read from a survey tool's export through a source map, with rows
 * the tool marks as previews and unfinished from raters of any group,
 * every protected output is what the cohort read as it is gives: the
 * rows left out change nothing a protected output shows or uses.
 */
Test(disclose, export_with_marked_rows_changes_nothing)
{
    static const char map[] =
        "<source instrument='conf'>"
        "<column name='Subject' as='subject_id'/>"
        "<column name='Relationship' as='rater_group'/>"
        "<column name='Wave' as='wave'/>"
        "<missing code='6'/>"
        "</source>";
    assess_instrument *inst = load_inst();
    assess_error err;
    assess_source *src;
    static cohort c;

    assess_error_init(&err);
    src = assess_source_load_memory(map, sizeof map - 1, "map.xml", inst,
                                    NULL, NULL, &err);
    cr_assert_not_null(src, "%s", err.message);
    for (uint64_t seed = 1; seed <= SEEDS / 4; seed++) {
        assess_read_options o;
        assess_responses *r;
        char *plain, *export;
        const assess_account *a;

        generate(&c, seed * 7907);
        plain = csv_of_cohort(&c);
        export = qualtrics_of_cohort(&c, 12, seed);
        assess_read_options_init(&o);
        o.source = src;
        o.comments = 1;
        r = assess_responses_new(inst, &o, &err);
        cr_assert_not_null(r, "%s", err.message);
        cr_assert_eq(assess_responses_begin(r, "export.csv", &err), ASSESS_OK);
        cr_assert_eq(assess_responses_feed(r, export, strlen(export), &err),
                     ASSESS_OK, "%s", err.message);
        cr_assert_eq(assess_responses_end(r, &err), ASSESS_OK, "%s",
                     err.message);
        a = assess_responses_account(r);
        cr_assert_eq(a->rows_used, c.n);
        cr_assert_eq(a->rejected[ASSESS_REJECT_PREVIEW] +
                         a->rejected[ASSESS_REJECT_UNFINISHED], 12);
        expect_same_tables(read_text(inst, plain), r,
                           "(d) reading the export, marked rows and all");
        free(plain);
        free(export);
    }
    assess_source_free(src);
    assess_instrument_free(inst);
}
