/*
 * assess run -i INSTRUMENT -o DIR [OPTIONS] RESPONSES...
 *
 * Every analysis from one read: the responses are read once, then score,
 * agree, reliability and change run side by side (up to --threads at
 * once, each on up to --threads threads of its own, so that the last to
 * finish has every core) and each writes its own file into DIR.  The
 * files are those the single commands write with their default options.
 * Agree and change build on the rater scores of the score job rather
 * than computing their own: they wait for them.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd.h"
#include "output.h"

static const cli_usage usage = {
    "run",
    "usage: assess run -i INSTRUMENT -o DIR [OPTIONS] RESPONSES...\n"
    "       assess run -i INSTRUMENT --format sqlite -o FILE [OPTIONS] RESPONSES...\n"
    "\n"
    "Reads the responses once and writes every analysis into DIR (made if\n"
    "absent), each as its own command would with default options:\n"
    "  scores.csv       assess score (scales by group)\n"
    "  agree.csv        assess agree\n"
    "  reliability.csv  assess reliability\n"
    "  change.csv       assess change\n"
    "With --format json the names end in .json.  Each file is replaced only\n"
    "when the run succeeds.  With --format sqlite the four are tables of the\n"
    "SQLite database FILE (made if absent), the rows of this run added to\n"
    "those of earlier runs, each with its run_id; the table runs says what\n"
    "each run read (files, sizes, SHA-256), when and how.\n",
    CLI_RESULT_EXIT_HELP
};

/* The goals, read after the instrument and before the responses. */
typedef struct goals_ctx {
    const char *path;
    assess_goals *goals;
} goals_ctx;

static int read_goals(void *ctx)
{
    goals_ctx *g = ctx;
    assess_error err;
    if (!g->path)
        return EXIT_FINE;
    assess_error_init(&err);
    g->goals = assess_goals_read_file(g->path, &err);
    if (!g->goals) {
        cli_print_error("run", &err);
        return cli_exit_code(err.status);
    }
    return EXIT_FINE;
}

/* One analysis: computed and written by one thread. */
typedef struct job {
    const char *name; /* the command, and the file's stem */
    /* `scores`: the score job's result, NULL when computing it failed or
     * for the jobs that do not use it. */
    int (*compute)(struct job *job, const assess_score *scores);
    int gives_scores, needs_scores;
    /* in */
    const assess_responses *resp;
    const assess_goals *goals;
    int json;
    assess_db *db;    /* --format sqlite: the database, else NULL */
    cli_db_stream dbs;
    unsigned threads; /* the job's own, beside the other jobs' */
    unsigned digits;  /* --digits */
    char *path;       /* DIR/NAME.csv or .json */
    cli_output out;   /* opened before the jobs run, closed after */
    assess_table_stream stream; /* the tables are written as they grow */
    /* out */
    assess_score *score;
    assess_table *table;
    assess_error err;
    assess_status status;
} job;

static int compute_score(job *j, const assess_score *scores)
{
    (void)scores;
    assess_score_options o;
    assess_score_options_init(&o);
    o.items = j->json; /* JSON holds the items; the scale table does not */
    o.threads = j->threads;
    o.digits = j->digits;
    j->score = assess_score_compute(j->resp, &o, &j->err);
    return j->score != NULL;
}

static int compute_agree(job *j, const assess_score *scores)
{
    assess_agree_options o;
    assess_agree_options_init(&o);
    o.stream = &j->stream;
    o.score = scores;
    o.threads = j->threads;
    o.digits = j->digits;
    j->table = assess_agree_compute(j->resp, &o, &j->err);
    return j->table != NULL;
}

static int compute_reliability(job *j, const assess_score *scores)
{
    assess_reliability_options o;
    assess_reliability_options_init(&o);
    o.stream = &j->stream;
    o.score = scores;
    o.threads = j->threads;
    o.digits = j->digits;
    j->table = assess_reliability_compute(j->resp, &o, &j->err);
    return j->table != NULL;
}

static int compute_change(job *j, const assess_score *scores)
{
    assess_change_options o;
    assess_change_options_init(&o);
    o.goals = j->goals;
    o.stream = &j->stream;
    o.score = scores;
    o.threads = j->threads;
    o.digits = j->digits;
    j->table = assess_change_compute(j->resp, &o, &j->err);
    return j->table != NULL;
}

/* Writes a job's result into its output (the tables wrote themselves). */
static assess_status write_job(job *j)
{
    FILE *f = j->out.f;
    if (!j->score)
        return ASSESS_OK;
    if (j->db) {
        assess_rows *rows = assess_score_rows(j->score, ASSESS_TABLE_SCALES,
                                              &j->err);
        assess_status st = rows ? assess_db_write(j->db, rows, &j->err)
                                : j->err.status;
        assess_rows_free(rows);
        return st;
    }
    return j->json ? assess_score_write_json(j->score, f, &j->err)
                   : assess_score_write_csv(j->score, ASSESS_TABLE_SCALES, f,
                                            &j->err);
}

/*
 * The jobs are taken in order.  The job that gives the scores comes before
 * those that need them, so a job that waits for them waits for a job that
 * some thread is already running.
 */
typedef struct pool {
    job *jobs;
    size_t n_jobs, next;
    pthread_mutex_t lock;
    pthread_cond_t scores_cond;
    int scores_done;             /* computed, or failed */
    const assess_score *scores;  /* NULL until computed, or if it failed */
} pool;

static const assess_score *wait_for_scores(pool *p)
{
    const assess_score *s;
    pthread_mutex_lock(&p->lock);
    while (!p->scores_done)
        pthread_cond_wait(&p->scores_cond, &p->lock);
    s = p->scores;
    pthread_mutex_unlock(&p->lock);
    return s;
}

static void give_scores(pool *p, const assess_score *s)
{
    pthread_mutex_lock(&p->lock);
    p->scores = s;
    p->scores_done = 1;
    pthread_cond_broadcast(&p->scores_cond);
    pthread_mutex_unlock(&p->lock);
}

static void *worker(void *arg)
{
    pool *p = arg;
    for (;;) {
        const assess_score *scores = NULL;
        job *j;
        pthread_mutex_lock(&p->lock);
        j = p->next < p->n_jobs ? &p->jobs[p->next++] : NULL;
        pthread_mutex_unlock(&p->lock);
        if (!j)
            return NULL;
        if (j->needs_scores)
            scores = wait_for_scores(p);
        assess_error_init(&j->err);
        j->status = j->compute(j, scores) ? ASSESS_OK : j->err.status;
        if (j->dbs.failed) { /* what the database said */
            j->err = j->dbs.err;
            j->status = j->err.status;
        }
        if (j->gives_scores)
            give_scores(p, j->status == ASSESS_OK ? j->score : NULL);
        if (j->status == ASSESS_OK)
            j->status = write_job(j);
        /* Flushed and made durable here, beside the other jobs' work. */
        if (j->status == ASSESS_OK && j->out.f)
            cli_output_sync(&j->out);
    }
}

/* Runs the jobs on up to `threads` threads (this one included). */
static void run_jobs(job *jobs, size_t n_jobs, unsigned threads)
{
    pool p = { jobs, n_jobs, 0, PTHREAD_MUTEX_INITIALIZER,
               PTHREAD_COND_INITIALIZER, 0, NULL };
    pthread_t tid[8];
    size_t started = 0;

    if (threads > n_jobs)
        threads = (unsigned)n_jobs;
    while (started + 1 < threads && started < sizeof tid / sizeof *tid &&
           pthread_create(&tid[started], NULL, worker, &p) == 0)
        started++;
    worker(&p);
    for (size_t i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
}

int cmd_run(int argc, char **argv, const cli_command *self)
{
    /* Taken in this order: the scores, which the others build on (what
     * each may use follows from them: score_disclose.h); the longest, agree,
     * before change and reliability. */
    job jobs[] = {
        { .name = "scores", .compute = compute_score, .gives_scores = 1 },
        { .name = "agree", .compute = compute_agree, .needs_scores = 1 },
        { .name = "change", .compute = compute_change, .needs_scores = 1 },
        { .name = "reliability", .compute = compute_reliability,
          .needs_scores = 1 },
    };
    const size_t n_jobs = sizeof jobs / sizeof *jobs;
    cli_input in;
    cli_table_run out = { .cmd = "run", .in = &in };
    goals_ctx g = { 0 };
    assess_instrument *inst = NULL;
    assess_responses *resp = NULL;
    char **inputs = NULL;
    int first, rc, n_inputs, failed;
    unsigned digits = 0;
    assess_db *db = NULL;
    cli_option options[] = {
        CLI_SECTION("options:", 19),
        CLI_STRING('o', "output", "DIR", &out.output,
                   "the directory to write to (required), or with\n"
                   "--format sqlite the database file"),
        CLI_CHOICE(0, "format", "F", &out.format, cli_table_formats, NULL,
                   "csv (default), json or sqlite"),
        CLI_DIGITS_OPTION(&digits),
        CLI_STRING(0, "goals", "FILE", &g.path,
                   "coaching goals for change (see 'assess change\n"
                   "--help')"),
        CLI_SECTION("input:", 22),
        CLI_INPUT_OPTIONS(&in),
        CLI_END
    };

    cli_input_init(&in);
    rc = cli_options_parse(&usage, options, argc, argv, &first);
    if (rc != 0)
        return rc > 0 ? EXIT_FINE : EXIT_USAGE;
    if (out.format == CLI_FORMAT_SQLITE &&
        cli_db_path_check("run", out.output, NULL, 0) != 0)
        return EXIT_USAGE;
    /* Every result goes to a file: the account of each response file is
     * printed as the other commands print it to a terminal. */
    in.account_when_clean = isatty(STDERR_FILENO);
    rc = cli_load_and_read(self, &in, argv + first, argc - first,
                           out.output, read_goals, &g, &inst, &resp);
    if (rc != EXIT_FINE) {
        assess_goals_free(g.goals);
        return rc;
    }
    rc = EXIT_USAGE; /* until every output is written */
    if (out.format == CLI_FORMAT_SQLITE) {
        db = cli_db_open("run", out.output, &in, inst, argv + first,
                         argc - first, g.path, &rc);
        if (!db)
            goto out;
        rc = EXIT_USAGE;
    } else if (cli_make_dir("run", out.output) != 0) {
        goto out;
    }
    /* Every output opened first, so that a bad one is said before the
     * work; none may be one of the inputs. */
    inputs = cli_inputs("run", &in, argv + first, argc - first, g.path,
                        &n_inputs);
    if (!inputs)
        goto out;
    for (size_t i = 0; i < n_jobs; i++) {
        size_t size = strlen(out.output) + strlen(jobs[i].name) + 8;
        jobs[i].resp = resp;
        jobs[i].goals = g.goals;
        jobs[i].json = out.format == CLI_FORMAT_JSON;
        jobs[i].digits = digits;
        jobs[i].threads = cli_threads(&in);
        if (db) {
            /* the tables' rows go to the database as they are made */
            jobs[i].db = db;
            jobs[i].dbs.db = db;
            assess_error_init(&jobs[i].dbs.err);
            jobs[i].stream.rows = cli_db_rows;
            jobs[i].stream.userdata = &jobs[i].dbs;
            continue;
        }
        jobs[i].path = malloc(size);
        if (!jobs[i].path) {
            fprintf(stderr, "assess run: out of memory\n");
            goto out;
        }
        snprintf(jobs[i].path, size, "%s/%s.%s", out.output, jobs[i].name,
                 jobs[i].json ? "json" : "csv");
        if (cli_output_open(&jobs[i].out, jobs[i].path, inputs, n_inputs) != 0)
            goto out;
        jobs[i].stream.out = jobs[i].out.f;
        jobs[i].stream.json = jobs[i].json;
    }
    run_jobs(jobs, n_jobs, cli_threads(&in));
    /* Failures in the order of the jobs, whatever thread ran them; the
     * first one sets the exit code, and no output is put in place. */
    failed = 0;
    for (size_t i = 0; i < n_jobs; i++)
        if (jobs[i].status != ASSESS_OK) {
            cli_print_error("run", &jobs[i].err);
            if (!failed)
                rc = cli_exit_code(jobs[i].status);
            failed = 1;
        }
    if (!failed)
        rc = EXIT_FINE;
    if (db && rc == EXIT_FINE) {
        assess_error err;
        assess_error_init(&err);
        if (assess_db_commit(db, &err) != ASSESS_OK) {
            cli_print_error("run", &err);
            rc = cli_exit_code(err.status);
        }
    }
out:
    assess_db_close(db);
    free(inputs);
    for (size_t i = 0; i < n_jobs; i++) {
        if (jobs[i].out.f &&
            cli_output_close(&jobs[i].out, rc == EXIT_FINE) != 0 &&
            rc == EXIT_FINE)
            rc = cli_exit_code(ASSESS_EIO);
        free(jobs[i].path);
        assess_score_free(jobs[i].score);
        assess_table_free(jobs[i].table);
    }
    assess_goals_free(g.goals);
    assess_responses_free(resp);
    assess_instrument_free(inst);
    return rc;
}
