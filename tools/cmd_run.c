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

static const char help[] =
    "usage: assess run -i INSTRUMENT -o DIR [OPTIONS] RESPONSES...\n"
    "\n"
    "Reads the responses once and writes every analysis into DIR (made if\n"
    "absent), each as its own command would with default options:\n"
    "  scores.csv       assess score (scales by group)\n"
    "  agree.csv        assess agree\n"
    "  reliability.csv  assess reliability\n"
    "  change.csv       assess change\n"
    "With --format json the names end in .json.  Each file is replaced only\n"
    "when the run succeeds.\n"
    "\n"
    "options:\n"
    "  -o, --output DIR    the directory to write to (required)\n"
    "      --format F      csv (default) or json\n"
    "      --goals FILE    coaching goals for change (see 'assess change\n"
    "                      --help')\n"
    "\n"
    "input:\n" CLI_INPUT_HELP
    "\n" CLI_RESULT_EXIT_HELP;

enum { OPT_GOALS = 2000 };

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
    unsigned threads; /* the job's own, beside the other jobs' */
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
    j->table = assess_change_compute(j->resp, &o, &j->err);
    return j->table != NULL;
}

/* Writes a job's result into its output (the tables wrote themselves). */
static assess_status write_job(job *j)
{
    FILE *f = j->out.f;
    if (!j->score)
        return ASSESS_OK;
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
        if (j->gives_scores)
            give_scores(p, j->status == ASSESS_OK ? j->score : NULL);
        if (j->status == ASSESS_OK)
            j->status = write_job(j);
        /* Flushed and made durable here, beside the other jobs' work. */
        if (j->status == ASSESS_OK)
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

int cmd_run(int argc, char **argv)
{
    static const struct option options[] = {
        CLI_INPUT_LONG_OPTIONS,
        CLI_TABLE_LONG_OPTIONS,
        { "goals", required_argument, NULL, OPT_GOALS },
        { NULL, 0, NULL, 0 },
    };
    /* Taken in this order: the scores, which the others build on (what
     * each may use follows from them: disclose.h); the longest, agree,
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
    const char *goals_path = NULL;
    assess_instrument *inst = NULL;
    assess_responses *resp = NULL;
    assess_goals *goals = NULL;
    assess_error err;
    assess_status st = ASSESS_OK;
    char **inputs = NULL;
    int opt, rc = EXIT_USAGE, n_inputs, failed;

    cli_input_init(&in);
    while ((opt = getopt_long(argc, argv, "i:o:", options, NULL)) != -1) {
        int handled = cli_table_option(&out, opt, optarg);
        if (handled < 0)
            return EXIT_USAGE;
        if (handled > 0)
            continue;
        switch (opt) {
        case OPT_HELP:
            fputs(help, stdout);
            return EXIT_FINE;
        case OPT_GOALS:
            goals_path = optarg;
            break;
        default:
            fputs(help, stderr);
            return EXIT_USAGE;
        }
    }
    if (cli_need_operands("run", argc - optind, 1, out.output) != EXIT_FINE)
        return EXIT_USAGE;
    inst = cli_load_instrument("run", &in, &rc);
    if (!inst)
        return rc;
    rc = EXIT_USAGE; /* until every output is written */
    if (goals_path) {
        assess_error_init(&err);
        goals = assess_goals_read_file(goals_path, &err);
        if (!goals) {
            cli_print_error("run", &err);
            rc = cli_exit_code(err.status);
            goto out;
        }
    }
    /* Every result goes to a file: the account of each response file is
     * printed as the other commands print it to a terminal. */
    in.account_when_clean = isatty(STDERR_FILENO);
    resp = cli_read_responses("run", &in, inst, argv + optind, argc - optind,
                              stderr, &st);
    if (!resp || st != ASSESS_OK) {
        rc = cli_exit_code(st != ASSESS_OK ? st : ASSESS_ENOMEM);
        goto out;
    }
    if (cli_make_dir("run", out.output) != 0)
        goto out;
    /* Every output opened first, so that a bad one is said before the
     * work; none may be one of the inputs. */
    inputs = cli_inputs("run", &in, argv + optind, argc - optind, goals_path,
                        &n_inputs);
    if (!inputs)
        goto out;
    for (size_t i = 0; i < n_jobs; i++) {
        size_t size = strlen(out.output) + strlen(jobs[i].name) + 8;
        jobs[i].resp = resp;
        jobs[i].goals = goals;
        jobs[i].json = out.json;
        jobs[i].threads = cli_threads(&in);
        jobs[i].path = malloc(size);
        if (!jobs[i].path) {
            fprintf(stderr, "assess run: out of memory\n");
            goto out;
        }
        snprintf(jobs[i].path, size, "%s/%s.%s", out.output, jobs[i].name,
                 out.json ? "json" : "csv");
        if (cli_output_open(&jobs[i].out, jobs[i].path, inputs, n_inputs) != 0)
            goto out;
        jobs[i].stream.out = jobs[i].out.f;
        jobs[i].stream.json = out.json;
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
out:
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
    assess_goals_free(goals);
    assess_responses_free(resp);
    assess_instrument_free(inst);
    return rc;
}
