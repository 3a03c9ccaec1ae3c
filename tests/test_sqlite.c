/*
 * test_sqlite.c - results kept in SQLite (output_sqlite.c): every table
 * read back equals its CSV, cell for cell; a second run appends; a run
 * not committed leaves the file as it was; another program's database, a
 * file that is no database, and a newer layout are refused and left
 * alone; a table an older assess made gains the columns it lacks; the
 * rows of an analysis streamed into the database are those it keeps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <sqlite3.h>

#include "assess.h"
#include "base_sha256.h"
#include "rows_text.h"

#define DEMO FIXTURES "/demo/responses.csv"
#define GOALS FIXTURES "/demo/goals.csv"
#define LEAD360 INSTRUMENTS "/leadership-360.xml"

static assess_instrument *inst;
static assess_responses *resp;
static assess_goals *goals;
static char dir[] = "/tmp/assess-sqlite-XXXXXX";
static char db_path[128];

static void setup(void)
{
    assess_error err;
    assess_error_init(&err);
    inst = assess_instrument_load(LEAD360, NULL, NULL, &err);
    cr_assert_not_null(inst, "%s", err.message);
    resp = assess_responses_new(inst, NULL, &err);
    cr_assert_eq(assess_responses_read_file(resp, DEMO, &err), ASSESS_OK);
    goals = assess_goals_read_file(GOALS, &err);
    cr_assert_not_null(goals);
    strcpy(dir, "/tmp/assess-sqlite-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(db_path, sizeof db_path, "%s/results.db", dir);
}

static void teardown(void)
{
    char cmd[200];
    assess_goals_free(goals);
    assess_responses_free(resp);
    assess_instrument_free(inst);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

static const assess_run_file FILES[] = {
    { "instrument", LEAD360 },
    { "responses", DEMO },
    { "goals", GOALS },
};

static assess_db *open_run(const char *path, assess_error *err)
{
    assess_run_info run = { "test", "test_sqlite", inst, FILES, 3 };
    assess_error_init(err);
    return assess_db_open(path, &run, err);
}

/* Every result of the demo: score's three tables (with research, for the
 * raters) and the three analyses, as CSV and added to db. */
typedef struct results {
    char *csv[6];
    const char *name[6];
} results;

static void write_all(assess_db *db, results *out)
{
    assess_score_options so;
    assess_agree_options ao;
    assess_reliability_options ro;
    assess_change_options co;
    assess_error err;
    written w;
    assess_table *t[3];

    assess_score_options_init(&so);
    so.research = 1;
    assess_error_init(&err);
    assess_score *s = assess_score_compute(resp, &so, &err);
    cr_assert_not_null(s);
    for (int k = 0; k < 3; k++) {
        assess_rows *r = assess_score_rows(s, (assess_score_table)k, &err);
        cr_assert_not_null(r);
        cr_assert_eq(assess_score_write_csv(s, (assess_score_table)k,
                                            written_open(&w), &err),
                     ASSESS_OK);
        out->csv[k] = written_close(&w);
        out->name[k] = k == 0 ? "scores" : k == 1 ? "items" : "raters";
        cr_assert_eq(assess_db_write(db, r, &err), ASSESS_OK, "%s",
                     err.message);
        assess_rows_free(r);
    }
    assess_agree_options_init(&ao);
    ao.by_group = 1;
    t[0] = assess_agree_compute(resp, &ao, &err);
    assess_reliability_options_init(&ro);
    t[1] = assess_reliability_compute(resp, &ro, &err);
    assess_change_options_init(&co);
    co.goals = goals;
    t[2] = assess_change_compute(resp, &co, &err);
    for (int k = 0; k < 3; k++) {
        cr_assert_not_null(t[k]);
        cr_assert_eq(assess_table_write_csv(t[k], written_open(&w), &err),
                     ASSESS_OK);
        out->csv[3 + k] = written_close(&w);
        out->name[3 + k] = k == 0 ? "agree" : k == 1 ? "reliability" : "change";
        cr_assert_eq(assess_db_write_table(db, t[k], &err), ASSESS_OK, "%s",
                     err.message);
        assess_table_free(t[k]);
    }
    assess_score_free(s);
}

static void results_free(results *r)
{
    for (int k = 0; k < 6; k++)
        free(r->csv[k]);
}

/*
 * A table of the database read back as CSV: the rows of run_id, in the
 * order written, without the run_id, each cell by its column's declared
 * type as the CSV writers write it.
 */
static char *read_back(sqlite3 *db, const char *table, long long run_id)
{
    char sql[200], *text = NULL;
    size_t size = 0;
    sqlite3_stmt *st;
    FILE *f = open_memstream(&text, &size);

    snprintf(sql, sizeof sql,
             "SELECT * FROM \"%s\" WHERE run_id = %lld ORDER BY rowid", table,
             run_id);
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s",
                 sqlite3_errmsg(db));
    int n = sqlite3_column_count(st);
    cr_assert_str_eq(sqlite3_column_name(st, 0), "run_id");
    for (int c = 1; c < n; c++)
        fprintf(f, "%s%s", c > 1 ? "," : "", sqlite3_column_name(st, c));
    fputc('\n', f);
    while (sqlite3_step(st) == SQLITE_ROW) {
        cr_assert_eq(sqlite3_column_int64(st, 0), run_id);
        for (int c = 1; c < n; c++) {
            const char *decl = sqlite3_column_decltype(st, c);
            int t = sqlite3_column_type(st, c);
            if (c > 1)
                fputc(',', f);
            if (t == SQLITE_NULL)
                continue;
            if (strcmp(decl, "TEXT") == 0) {
                cr_assert_eq(t, SQLITE_TEXT);
                rows_text_cell(f, ASSESS_TYPE_TEXT,
                               (const char *)sqlite3_column_text(st, c), 0, 0);
            } else if (strcmp(decl, "REAL") == 0) {
                cr_assert_eq(t, SQLITE_FLOAT, "%s.%s", table,
                             sqlite3_column_name(st, c));
                rows_text_cell(f, ASSESS_TYPE_REAL, NULL, 0,
                               sqlite3_column_double(st, c));
            } else {
                cr_assert_eq(t, SQLITE_INTEGER, "%s.%s", table,
                             sqlite3_column_name(st, c));
                rows_text_cell(f, strcmp(decl, "BOOLEAN") == 0
                                      ? ASSESS_TYPE_BOOLEAN
                                      : ASSESS_TYPE_INTEGER,
                               NULL, sqlite3_column_int64(st, c), 0);
            }
        }
        fputc('\n', f);
    }
    sqlite3_finalize(st);
    fclose(f);
    return text;
}

static long long count(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    long long n;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s",
                 sql, sqlite3_errmsg(db));
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static sqlite3 *open_plain(const char *path)
{
    sqlite3 *db;
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    return db;
}

static void sha256_of_file(const char *path, char hex[65], long long *bytes)
{
    unsigned char d[32], buf[4096];
    sha256 c;
    size_t n;
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f);
    sha256_init(&c);
    *bytes = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        sha256_update(&c, buf, n);
        *bytes += (long long)n;
    }
    fclose(f);
    sha256_final(&c, d);
    sha256_hex(d, hex);
}

Test(sqlite, every_table_reads_back_as_its_csv_and_runs_append,
     .init = setup, .fini = teardown)
{
    results r1, r2;
    assess_error err;

    for (int run = 1; run <= 2; run++) {
        assess_db *db = open_run(db_path, &err);
        cr_assert_not_null(db, "%s", err.message);
        cr_assert_eq(assess_db_run_id(db), run);
        write_all(db, run == 1 ? &r1 : &r2);
        cr_assert_eq(assess_db_commit(db, &err), ASSESS_OK, "%s", err.message);
        assess_db_close(db);
    }
    sqlite3 *db = open_plain(db_path);
    cr_assert_eq(count(db, "SELECT count(*) FROM runs"), 2);
    for (int run = 1; run <= 2; run++) {
        results *r = run == 1 ? &r1 : &r2;
        for (int k = 0; k < 6; k++) {
            char *back = read_back(db, r->name[k], run);
            cr_assert_gt(strlen(r->csv[k]), 1000, "%s", r->name[k]);
            cr_assert_str_eq(back, r->csv[k], "run %d, table %s", run,
                             r->name[k]);
            free(back);
        }
    }
    /* what each run read */
    sqlite3_stmt *st;
    cr_assert_eq(sqlite3_prepare_v2(db,
                                    "SELECT role, file, bytes, sha256 FROM "
                                    "run_files WHERE run_id = 2 ORDER BY "
                                    "position", -1, &st, NULL), SQLITE_OK);
    for (int i = 0; i < 3; i++) {
        char hex[65];
        long long bytes;
        cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
        cr_assert_str_eq((const char *)sqlite3_column_text(st, 0), FILES[i].role);
        cr_assert_str_eq((const char *)sqlite3_column_text(st, 1), FILES[i].path);
        sha256_of_file(FILES[i].path, hex, &bytes);
        cr_assert_eq(sqlite3_column_int64(st, 2), bytes);
        cr_assert_str_eq((const char *)sqlite3_column_text(st, 3), hex);
    }
    cr_assert_eq(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    cr_assert_eq(count(db, "SELECT count(*) FROM runs WHERE run_id = 2 AND "
                           "command = 'test' AND command_line = 'test_sqlite' "
                           "AND instrument_id = 'lead360' AND "
                           "instrument_version = '1.0' AND assess_version = '"
                           ASSESS_VERSION "' AND time LIKE '____-__-__T__:__:__Z'"),
                 1);
    /* the keys people query by are indexed */
    cr_assert_eq(count(db, "SELECT count(*) FROM sqlite_master WHERE type = "
                           "'index' AND name IN ('scores_subject', "
                           "'scores_run', 'items_subject', 'raters_subject', "
                           "'agree_subject', 'agree_run', 'change_subject', "
                           "'reliability_subject')"), 8);
    sqlite3_close(db);
    results_free(&r1);
    results_free(&r2);
}

Test(sqlite, a_run_not_committed_leaves_the_file_as_it_was, .init = setup,
     .fini = teardown)
{
    results r;
    assess_error err;
    assess_db *db = open_run(db_path, &err);
    write_all(db, &r);
    cr_assert_eq(assess_db_commit(db, &err), ASSESS_OK);
    assess_db_close(db);
    results_free(&r);

    db = open_run(db_path, &err);
    cr_assert_not_null(db);
    write_all(db, &r);
    assess_db_close(db); /* no commit */
    results_free(&r);
    sqlite3 *plain = open_plain(db_path);
    cr_assert_eq(count(plain, "SELECT count(*) FROM runs"), 1);
    cr_assert_eq(count(plain, "SELECT count(*) FROM run_files"), 3);
    cr_assert_eq(count(plain, "SELECT count(DISTINCT run_id) FROM scores"), 1);
    cr_assert_eq(count(plain, "SELECT count(DISTINCT run_id) FROM change"), 1);
    sqlite3_close(plain);
    /* after a commit the run is over */
    db = open_run(db_path, &err);
    cr_assert_eq(assess_db_commit(db, &err), ASSESS_OK);
    assess_error_init(&err);
    cr_assert_eq(assess_db_commit(db, &err), ASSESS_EUSAGE);
    assess_db_close(db);
}

/* The bytes of a file, to see it left alone. */
static char *file_bytes(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *p = malloc(1 << 20);
    cr_assert_not_null(f);
    *n = fread(p, 1, 1 << 20, f);
    fclose(f);
    return p;
}

Test(sqlite, refuses_what_is_not_its_own, .init = setup, .fini = teardown)
{
    char path[160];
    assess_error err;
    size_t n0, n1;

    /* another program's database */
    snprintf(path, sizeof path, "%s/other.db", dir);
    sqlite3 *db = open_plain(path);
    cr_assert_eq(sqlite3_exec(db, "CREATE TABLE invoices (id INTEGER); "
                                  "INSERT INTO invoices VALUES (1)",
                              NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    char *before = file_bytes(path, &n0);
    cr_assert_null(open_run(path, &err));
    cr_assert_eq(err.status, ASSESS_EIO);
    cr_assert_str_eq(err.file, path);
    cr_assert(strstr(err.message, "another program"), "%s", err.message);
    char *after = file_bytes(path, &n1);
    cr_assert(n0 == n1 && memcmp(before, after, n0) == 0, "left as it was");
    free(before);
    free(after);

    /* a file that is no database: the demo's CSV, copied */
    snprintf(path, sizeof path, "%s/responses.csv", dir);
    before = file_bytes(DEMO, &n0);
    FILE *f = fopen(path, "wb");
    fwrite(before, 1, n0, f);
    fclose(f);
    cr_assert_null(open_run(path, &err));
    cr_assert_eq(err.status, ASSESS_EIO);
    cr_assert(strstr(err.message, "not an SQLite database"), "%s", err.message);
    after = file_bytes(path, &n1);
    cr_assert(n0 == n1 && memcmp(before, after, n0) == 0, "left as it was");
    free(before);
    free(after);

    /* written by a newer assess */
    db = NULL;
    assess_db *mine = open_run(db_path, &err);
    cr_assert_eq(assess_db_commit(mine, &err), ASSESS_OK);
    assess_db_close(mine);
    db = open_plain(db_path);
    cr_assert_eq(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL),
                 SQLITE_OK);
    sqlite3_close(db);
    cr_assert_null(open_run(db_path, &err));
    cr_assert(strstr(err.message, "newer assess"), "%s", err.message);

    /* a file of the run that cannot be read */
    assess_run_file missing[] = { { "responses", "/no/such/file.csv" } };
    assess_run_info run = { "test", NULL, inst, missing, 1 };
    snprintf(path, sizeof path, "%s/new.db", dir);
    assess_error_init(&err);
    cr_assert_null(assess_db_open(path, &run, &err));
    cr_assert_eq(err.status, ASSESS_EIO);
    cr_assert_str_eq(err.file, "/no/such/file.csv");
    /* standard input is recorded without size or hash */
    assess_run_file stdin_file[] = { { "responses", "-" } };
    run.files = stdin_file;
    assess_db *d = assess_db_open(path, &run, &err);
    cr_assert_not_null(d, "%s", err.message);
    cr_assert_eq(assess_db_commit(d, &err), ASSESS_OK);
    assess_db_close(d);
    db = open_plain(path);
    cr_assert_eq(count(db, "SELECT count(*) FROM run_files WHERE file = '-' "
                           "AND bytes IS NULL AND sha256 IS NULL"), 1);
    sqlite3_close(db);
}

Test(sqlite, a_table_of_an_older_layout_gains_its_columns, .init = setup,
     .fini = teardown)
{
    assess_error err;
    assess_db *d = open_run(db_path, &err);
    cr_assert_eq(assess_db_commit(d, &err), ASSESS_OK);
    assess_db_close(d);
    /* a scores table without its last columns, with a row */
    sqlite3 *db = open_plain(db_path);
    cr_assert_eq(sqlite3_exec(db, "CREATE TABLE scores (run_id INTEGER, "
                                  "subject_id TEXT, wave TEXT, scale TEXT, "
                                  "\"group\" TEXT, n INTEGER, mean REAL);"
                                  "INSERT INTO scores VALUES (1, 'X', '1', "
                                  "'a', 'self', 1, 3.5)",
                              NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);

    assess_score_options so;
    assess_score_options_init(&so);
    assess_score *s = assess_score_compute(resp, &so, &err);
    written w;
    cr_assert_eq(assess_score_write_csv(s, ASSESS_TABLE_SCALES,
                                        written_open(&w), &err), ASSESS_OK);
    char *csv = written_close(&w);
    d = open_run(db_path, &err);
    assess_rows *r = assess_score_rows(s, ASSESS_TABLE_SCALES, &err);
    cr_assert_eq(assess_db_write(d, r, &err), ASSESS_OK, "%s", err.message);
    cr_assert_eq(assess_db_commit(d, &err), ASSESS_OK);
    assess_db_close(d);
    db = open_plain(db_path);
    cr_assert_eq(count(db, "SELECT count(*) FROM scores WHERE run_id = 1 AND "
                           "reason IS NULL AND mean = 3.5"), 1);
    char *back = read_back(db, "scores", 2);
    /* the added columns come after the old ones: compare as sets of
     * columns by reading back in the CSV's order */
    sqlite3_stmt *st;
    cr_assert_eq(sqlite3_prepare_v2(db, "SELECT group_concat(name) FROM "
                                        "pragma_table_info('scores')",
                                    -1, &st, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    cr_assert_str_eq((const char *)sqlite3_column_text(st, 0),
                     "run_id,subject_id,wave,scale,group,n,mean,sd,min,max,"
                     "suppressed,norm_z,norm_t,norm_percentile,gap,gap_flag,"
                     "rank,tie,signature,reason");
    sqlite3_finalize(st);
    cr_assert_str_eq(back, csv);
    free(back);
    free(csv);
    sqlite3_close(db);
    assess_rows_free(r);
    assess_score_free(s);
}

/* An analysis streamed into the database (as `assess agree --format
 * sqlite` does) holds the rows it would keep, on one thread or three. */
static int to_db(void *userdata, const assess_table *batch)
{
    assess_error err;
    return assess_db_write_table(userdata, batch, &err) == ASSESS_OK ? 0 : -1;
}

Test(sqlite, rows_streamed_into_the_database, .init = setup, .fini = teardown)
{
    assess_error err;
    assess_agree_options ao;
    written w;

    assess_agree_options_init(&ao);
    assess_table *kept = assess_agree_compute(resp, &ao, &err);
    cr_assert_eq(assess_table_write_csv(kept, written_open(&w), &err),
                 ASSESS_OK);
    char *csv = written_close(&w);
    for (unsigned threads = 1; threads <= 3; threads += 2) {
        assess_db *d = open_run(db_path, &err);
        assess_table_stream stream = { 0 };
        stream.rows = to_db;
        stream.userdata = d;
        ao.stream = &stream;
        ao.threads = threads;
        assess_table *t = assess_agree_compute(resp, &ao, &err);
        cr_assert_not_null(t, "%s", err.message);
        cr_assert_eq(assess_db_commit(d, &err), ASSESS_OK);
        sqlite3 *db = open_plain(db_path);
        char *back = read_back(db, "agree", assess_db_run_id(d));
        cr_assert_str_eq(back, csv, "%u threads", threads);
        free(back);
        sqlite3_close(db);
        assess_db_close(d);
        assess_table_free(t);
    }
    free(csv);
    assess_table_free(kept);
}
