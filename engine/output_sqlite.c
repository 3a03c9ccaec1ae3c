/*
 * output_sqlite.c - results kept in an SQLite database (assess_db_*), the
 * only file that includes sqlite3.h.
 *
 * The tables are those of the CSV writers, from the same rows
 * (output_rows.h), with a run_id before the columns: a TEXT, INTEGER,
 * REAL or BOOLEAN column for each, NULL where the CSV field is empty.
 * `runs` and `run_files` say where each run's rows came from.  The file
 * says what it is with SQLite's application_id (and the layout's version
 * with user_version), so that `-o` naming some other database is refused
 * rather than written into.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <sqlite3.h>

#include "base_error.h"
#include "base_sha256.h"
#include "output_rows.h"

/* "asmt": an assess results database. */
#define APPLICATION_ID 0x61736d74
/* The layout of the tables; a newer one is refused, not written into. */
#define LAYOUT_VERSION 1
/* How long to wait for another process writing to the file. */
#define BUSY_MS 30000
/* The tables one run writes to, at most. */
#define MAX_TABLES 16

typedef struct db_table {
    char *name;
    sqlite3_stmt *insert; /* INSERT INTO name (run_id, columns...) */
    char *indexes;        /* CREATE INDEX ..., run at the commit */
} db_table;

struct assess_db {
    sqlite3 *db;
    char *path;
    int64_t run_id;
    int in_transaction, committed;
    db_table tables[MAX_TABLES];
    size_t n_tables;
    pthread_mutex_t lock;
};

/* The status for SQLite's complaint about db, with the file named. */
static assess_status db_error(assess_error *err, const char *path, sqlite3 *db,
                              const char *doing)
{
    int code = db ? sqlite3_errcode(db) : SQLITE_NOMEM;
    if (code == SQLITE_NOMEM)
        return error_set(err, ASSESS_ENOMEM, path, 0, "out of memory");
    if (code == SQLITE_NOTADB)
        return error_set(err, ASSESS_EIO, path, 0,
                         "not an SQLite database; give a new file or an "
                         "assess results database");
    if (code == SQLITE_BUSY)
        return error_set(err, ASSESS_EIO, path, 0,
                         "another program is writing to the database; "
                         "waited %d seconds", BUSY_MS / 1000);
    return error_set(err, ASSESS_EIO, path, 0, "%s: %s", doing,
                     sqlite3_errmsg(db));
}

static int exec(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* The one integer `sql` gives, or -1. */
static int64_t query_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* ---- What a run read ------------------------------------------------------ */

typedef struct file_record {
    int64_t bytes;    /* -1: not known (standard input) */
    char sha256[65];  /* "" when not known */
} file_record;

/* Size and SHA-256 of `path`; ASSESS_OK or ASSESS_EIO. */
static assess_status hash_file(const char *path, file_record *rec,
                               assess_error *err)
{
    static const size_t chunk = 1 << 16;
    unsigned char digest[32];
    char *buf = NULL;
    sha256 c;
    FILE *f;
    size_t got;
    int failed;

    rec->bytes = -1;
    rec->sha256[0] = '\0';
    if (strcmp(path, "-") == 0)
        return ASSESS_OK;
    f = fopen(path, "rb");
    if (!f)
        return error_set(err, ASSESS_EIO, path, 0,
                         "cannot open to record its SHA-256: %s",
                         strerror(errno));
    buf = malloc(chunk);
    if (!buf) {
        fclose(f);
        return error_set(err, ASSESS_ENOMEM, path, 0, "out of memory");
    }
    sha256_init(&c);
    rec->bytes = 0;
    while ((got = fread(buf, 1, chunk, f)) > 0) {
        sha256_update(&c, buf, got);
        rec->bytes += (int64_t)got;
    }
    failed = ferror(f);
    fclose(f);
    free(buf);
    if (failed)
        return error_set(err, ASSESS_EIO, path, 0, "cannot read: %s",
                         strerror(errno));
    sha256_final(&c, digest);
    sha256_hex(digest, rec->sha256);
    return ASSESS_OK;
}

/* ---- The database --------------------------------------------------------- */

static const char *const LAYOUT_SQL =
    "CREATE TABLE IF NOT EXISTS runs ("
    " run_id INTEGER PRIMARY KEY,"
    " time TEXT NOT NULL,"
    " assess_version TEXT NOT NULL,"
    " command TEXT NOT NULL,"
    " command_line TEXT,"
    " instrument_id TEXT,"
    " instrument_version TEXT);"
    "CREATE TABLE IF NOT EXISTS run_files ("
    " run_id INTEGER NOT NULL REFERENCES runs(run_id),"
    " position INTEGER NOT NULL,"
    " role TEXT NOT NULL,"
    " file TEXT NOT NULL,"
    " bytes INTEGER,"
    " sha256 TEXT);"
    "CREATE INDEX IF NOT EXISTS run_files_run ON run_files(run_id);";

/*
 * Claims a new, empty database for assess, or checks that an existing one
 * is assess's and of a layout this version writes.  0, or -1 with err set.
 */
static int check_layout(assess_db *d, assess_error *err)
{
    int64_t app = query_int(d->db, "PRAGMA application_id");
    int64_t layout = query_int(d->db, "PRAGMA user_version");
    int64_t objects = query_int(d->db, "SELECT count(*) FROM sqlite_master");
    char sql[96];

    if (app < 0 || layout < 0 || objects < 0) {
        db_error(err, d->path, d->db, "reading the database");
        return -1;
    }
    if (app == 0 && objects == 0) {
        snprintf(sql, sizeof sql,
                 "PRAGMA application_id = %d; PRAGMA user_version = %d;",
                 APPLICATION_ID, LAYOUT_VERSION);
        if (exec(d->db, sql) < 0) {
            db_error(err, d->path, d->db, "making the database");
            return -1;
        }
        return 0;
    }
    if (app != APPLICATION_ID) {
        error_set(err, ASSESS_EIO, d->path, 0,
                  "an SQLite database of another program (it holds tables, "
                  "and is not an assess results database); give a new file "
                  "or one assess wrote");
        return -1;
    }
    if (layout > LAYOUT_VERSION) {
        error_set(err, ASSESS_EIO, d->path, 0,
                  "written by a newer assess (layout %lld; this assess "
                  "writes layout %d): use that version",
                  (long long)layout, LAYOUT_VERSION);
        return -1;
    }
    return 0;
}

/* The time now, UTC, as 2026-01-31T09:05:00Z. */
static void utc_now(char buf[32])
{
    time_t t = time(NULL);
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
        strcpy(buf, "");
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

/* The run's rows in runs and run_files.  0, or -1 with err set. */
static int record_run(assess_db *d, const assess_run_info *run,
                      const file_record *recs, assess_error *err)
{
    sqlite3_stmt *st = NULL;
    char when[32];
    int rc = -1;

    utc_now(when);
    if (sqlite3_prepare_v2(d->db,
                           "INSERT INTO runs (time, assess_version, command, "
                           "command_line, instrument_id, instrument_version) "
                           "VALUES (?, ?, ?, ?, ?, ?)",
                           -1, &st, NULL) != SQLITE_OK)
        goto fail;
    bind_text(st, 1, when);
    bind_text(st, 2, ASSESS_VERSION);
    bind_text(st, 3, run->command ? run->command : "");
    bind_text(st, 4, run->command_line);
    bind_text(st, 5, run->inst ? assess_instrument_id(run->inst) : NULL);
    bind_text(st, 6, run->inst ? assess_instrument_version(run->inst) : NULL);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto fail;
    sqlite3_finalize(st);
    st = NULL;
    d->run_id = sqlite3_last_insert_rowid(d->db);
    if (sqlite3_prepare_v2(d->db,
                           "INSERT INTO run_files (run_id, position, role, "
                           "file, bytes, sha256) VALUES (?, ?, ?, ?, ?, ?)",
                           -1, &st, NULL) != SQLITE_OK)
        goto fail;
    for (size_t i = 0; i < run->n_files; i++) {
        sqlite3_bind_int64(st, 1, d->run_id);
        sqlite3_bind_int64(st, 2, (int64_t)i + 1);
        bind_text(st, 3, run->files[i].role ? run->files[i].role : "");
        bind_text(st, 4, run->files[i].path);
        if (recs[i].bytes >= 0)
            sqlite3_bind_int64(st, 5, recs[i].bytes);
        else
            sqlite3_bind_null(st, 5);
        bind_text(st, 6, recs[i].sha256[0] ? recs[i].sha256 : NULL);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto fail;
        sqlite3_reset(st);
    }
    rc = 0;
    goto out;
fail:
    db_error(err, d->path, d->db, "recording the run");
out:
    sqlite3_finalize(st);
    return rc;
}

assess_db *assess_db_open(const char *path, const assess_run_info *run,
                          assess_error *err)
{
    assess_db *d = NULL;
    file_record *recs = NULL;

    recs = calloc(run->n_files ? run->n_files : 1, sizeof *recs);
    d = calloc(1, sizeof *d);
    if (d)
        pthread_mutex_init(&d->lock, NULL);
    if (!recs || !d || !(d->path = strdup(path))) {
        error_set(err, ASSESS_ENOMEM, path, 0, "out of memory");
        goto fail;
    }
    /* Hashed before the database is locked for the run. */
    for (size_t i = 0; i < run->n_files; i++)
        if (hash_file(run->files[i].path, &recs[i], err) != ASSESS_OK)
            goto fail;
    if (sqlite3_open_v2(path, &d->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        NULL) != SQLITE_OK) {
        db_error(err, path, d->db, "cannot open");
        goto fail;
    }
    sqlite3_busy_timeout(d->db, BUSY_MS);
    if (exec(d->db, "BEGIN IMMEDIATE") < 0) {
        db_error(err, path, d->db, "cannot begin a run");
        goto fail;
    }
    d->in_transaction = 1;
    if (check_layout(d, err) < 0)
        goto fail;
    if (exec(d->db, LAYOUT_SQL) < 0) {
        db_error(err, path, d->db, "making the tables");
        goto fail;
    }
    if (record_run(d, run, recs, err) < 0)
        goto fail;
    free(recs);
    return d;
fail:
    free(recs);
    assess_db_close(d);
    return NULL;
}

int64_t assess_db_run_id(const assess_db *d)
{
    return d->run_id;
}

/* ---- A result table ------------------------------------------------------- */

static const char *sql_type(assess_type t)
{
    switch (t) {
    case ASSESS_TYPE_TEXT: return "TEXT";
    case ASSESS_TYPE_INTEGER: return "INTEGER";
    case ASSESS_TYPE_REAL: return "REAL";
    case ASSESS_TYPE_BOOLEAN: return "BOOLEAN";
    case ASSESS_TYPE_NULL: break;
    }
    return "";
}

/* A growing SQL statement. */
typedef struct sql_buf {
    char *s;
    size_t n, cap;
    int failed;
} sql_buf;

static void add(sql_buf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);

static void add(sql_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    if (b->failed)
        return;
    for (;;) {
        va_start(ap, fmt);
        n = vsnprintf(b->s ? b->s + b->n : NULL, b->s ? b->cap - b->n : 0,
                      fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->failed = 1;
            return;
        }
        if (b->s && (size_t)n < b->cap - b->n) {
            b->n += (size_t)n;
            return;
        }
        size_t cap = b->cap ? 2 * b->cap : 1024;
        while (cap - b->n <= (size_t)n)
            cap *= 2;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->failed = 1;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
}

/* Whether the table's columns include `name`. */
static int has_column(const assess_rows *r, const char *name)
{
    for (size_t c = 0; c < r->n_cols; c++)
        if (strcmp(r->cols[c].name, name) == 0)
            return 1;
    return 0;
}

/*
 * The table for rows r, made when absent (with its indexes), its missing
 * columns added when an older assess made it, and its INSERT prepared.
 * NULL with err set.
 */
static db_table *table_for(assess_db *d, const assess_rows *r,
                           assess_error *err)
{
    const char *name = r->name;
    sql_buf b = { 0 };
    sqlite3_stmt *info = NULL;
    db_table *t = NULL;
    char have[ROWS_MAX_COLUMNS] = { 0 };

    for (size_t i = 0; i < d->n_tables; i++)
        if (strcmp(d->tables[i].name, name) == 0)
            return &d->tables[i];
    if (d->n_tables == MAX_TABLES) {
        error_set(err, ASSESS_EUSAGE, d->path, 0, "too many tables in a run");
        return NULL;
    }
    add(&b, "CREATE TABLE IF NOT EXISTS \"%s\" ("
            "run_id INTEGER NOT NULL REFERENCES runs(run_id)", name);
    for (size_t c = 0; c < r->n_cols; c++)
        add(&b, ", \"%s\" %s", r->cols[c].name, sql_type(r->cols[c].type));
    add(&b, ")");
    if (b.failed)
        goto oom;
    if (exec(d->db, b.s) < 0)
        goto fail;
    /* Columns an older layout lacks are added; old rows have NULL there. */
    b.n = 0;
    add(&b, "PRAGMA table_info(\"%s\")", name);
    if (b.failed)
        goto oom;
    if (sqlite3_prepare_v2(d->db, b.s, -1, &info, NULL) != SQLITE_OK)
        goto fail;
    while (sqlite3_step(info) == SQLITE_ROW) {
        const char *col = (const char *)sqlite3_column_text(info, 1);
        for (size_t c = 0; col && c < r->n_cols; c++)
            if (strcmp(col, r->cols[c].name) == 0)
                have[c] = 1;
    }
    sqlite3_finalize(info);
    info = NULL;
    for (size_t c = 0; c < r->n_cols; c++) {
        if (have[c])
            continue;
        b.n = 0;
        add(&b, "ALTER TABLE \"%s\" ADD COLUMN \"%s\" %s", name,
            r->cols[c].name, sql_type(r->cols[c].type));
        if (b.failed)
            goto oom;
        if (exec(d->db, b.s) < 0)
            goto fail;
    }
    t = &d->tables[d->n_tables];
    /* The indexes, made (when absent) once the run's rows are in: a new
     * table's are then built in one pass.  On the 10,000-subject
     * benchmark export a first `run` took 12.7 s of CPU so, 16.4 s with
     * the indexes kept as the rows came (a run that appends keeps them
     * so: 17.0 s).  An index on (scale, wave) as well cost 4.8 s more
     * and a fifth of the file; queries by scale read the run's rows. */
    b.n = 0;
    add(&b, "CREATE INDEX IF NOT EXISTS \"%s_run\" ON \"%s\"(run_id);",
        name, name);
    if (has_column(r, "subject_id") && has_column(r, "wave") &&
        has_column(r, "scale"))
        add(&b, "CREATE INDEX IF NOT EXISTS \"%s_subject\" ON \"%s\""
                "(subject_id, wave, scale);", name, name);
    if (b.failed || !(t->indexes = strdup(b.s)))
        goto oom;
    b.n = 0;
    add(&b, "INSERT INTO \"%s\" (run_id", name);
    for (size_t c = 0; c < r->n_cols; c++)
        add(&b, ", \"%s\"", r->cols[c].name);
    add(&b, ") VALUES (?");
    for (size_t c = 0; c < r->n_cols; c++)
        add(&b, ", ?");
    add(&b, ")");
    if (b.failed || !(t->name = strdup(name))) {
        free(t->indexes);
        t->indexes = NULL;
        goto oom;
    }
    if (sqlite3_prepare_v2(d->db, b.s, -1, &t->insert, NULL) != SQLITE_OK) {
        free(t->name);
        free(t->indexes);
        t->name = t->indexes = NULL;
        goto fail;
    }
    d->n_tables++;
    free(b.s);
    return t;
oom:
    free(b.s);
    error_set(err, ASSESS_ENOMEM, d->path, 0, "out of memory");
    return NULL;
fail:
    sqlite3_finalize(info);
    free(b.s);
    db_error(err, d->path, d->db, "making the table");
    return NULL;
}

assess_status assess_db_write(assess_db *d, assess_rows *r,
                              assess_error *err)
{
    assess_status st = ASSESS_OK;
    db_table *t;

    pthread_mutex_lock(&d->lock);
    if (!d->in_transaction || d->committed) {
        st = error_set(err, ASSESS_EUSAGE, d->path, 0,
                       "the run is over: open the database again");
        goto out;
    }
    if (!(t = table_for(d, r, err))) {
        st = err ? err->status : ASSESS_EIO;
        goto out;
    }
    for (size_t i = 0; i < r->n_rows; i++) {
        const rows_cell *c = rows_cells(r, i);
        if (!c) {
            st = error_set(err, ASSESS_ENOMEM, d->path, 0, "out of memory");
            goto out;
        }
        sqlite3_bind_int64(t->insert, 1, d->run_id);
        for (size_t k = 0; k < r->n_cols; k++) {
            int at = (int)k + 2;
            switch (c[k].type) {
            case ASSESS_TYPE_TEXT:
                sqlite3_bind_text(t->insert, at, c[k].text, -1,
                                  SQLITE_STATIC);
                break;
            case ASSESS_TYPE_INTEGER:
            case ASSESS_TYPE_BOOLEAN:
                sqlite3_bind_int64(t->insert, at, c[k].i);
                break;
            case ASSESS_TYPE_REAL:
                sqlite3_bind_double(t->insert, at, c[k].x);
                break;
            case ASSESS_TYPE_NULL:
                sqlite3_bind_null(t->insert, at);
                break;
            }
        }
        if (sqlite3_step(t->insert) != SQLITE_DONE) {
            st = db_error(err, d->path, d->db, "writing rows");
            sqlite3_reset(t->insert);
            goto out;
        }
        sqlite3_reset(t->insert);
    }
out:
    pthread_mutex_unlock(&d->lock);
    return st;
}

assess_status assess_db_write_table(assess_db *d, const assess_table *table,
                                    assess_error *err)
{
    assess_rows *r = assess_table_rows(table, err);
    assess_status st;
    if (!r)
        return err ? err->status : ASSESS_ENOMEM;
    st = assess_db_write(d, r, err);
    assess_rows_free(r);
    return st;
}

assess_status assess_db_commit(assess_db *d, assess_error *err)
{
    assess_status st = ASSESS_OK;
    pthread_mutex_lock(&d->lock);
    if (!d->in_transaction || d->committed) {
        st = error_set(err, ASSESS_EUSAGE, d->path, 0,
                       "the run is over: open the database again");
        goto out;
    }
    for (size_t i = 0; i < d->n_tables; i++)
        if (exec(d->db, d->tables[i].indexes) < 0) {
            st = db_error(err, d->path, d->db, "indexing the rows");
            goto out;
        }
    if (exec(d->db, "COMMIT") < 0)
        st = db_error(err, d->path, d->db, "cannot commit the run");
    else
        d->committed = 1;
out:
    pthread_mutex_unlock(&d->lock);
    return st;
}

void assess_db_close(assess_db *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n_tables; i++) {
        sqlite3_finalize(d->tables[i].insert);
        free(d->tables[i].name);
        free(d->tables[i].indexes);
    }
    if (d->db) {
        if (d->in_transaction && !d->committed)
            exec(d->db, "ROLLBACK");
        sqlite3_close(d->db);
    }
    pthread_mutex_destroy(&d->lock);
    free(d->path);
    free(d);
}
