/*
 * input_split.c - one response file read in parts, on several threads.
 *
 * A large file is cut at line ends into as many parts as threads.  The
 * first part is read into the table on the calling thread, each other
 * part into a table of its own on a thread of its own, all at once; then,
 * in order, each part's table is merged into the table
 * (responses_merge()).  The table ends as it would have after reading
 * every row itself, because a row's checks depend on the rows before it
 * only through the sets and ids they made, which the merge checks: it
 * holds for a part that begins where a record begins and was read without
 * anything to report.  So a cut inside a quoted field (the part before it
 * does not end between records), a part with anything to report, or one
 * whose sets do not join the table's is read again, with all that comes
 * after it, by the table's own reader: diagnostics, their lines and the
 * account are then those of a read in one piece.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input_csv_stream.h"
#include "base_parts.h"
#include "input_reader.h"
#include "input_split.h"

/* How far past the point of a cut a line end is looked for. */
#define CUT_SEARCH (1024u * 1024)

typedef struct split split;

typedef struct part {
    split *sp;
    off_t from, to;          /* bytes of the file; the last part reads on
                                to the end, wherever it is by then */
    assess_responses *table; /* its own: NULL for the first part */
    assess_status st;        /* how reading it went */
    assess_error err;
    int clean;               /* read whole, ending between records (or at
                                the end of the file), nothing reported */
    pthread_t thread;
    int started;
} part;

struct split {
    assess_responses *r;
    const char *path;
    int fd;
    part parts[PARTS_MAX_THREADS];
    size_t n;
    /* What the progress counts: bytes and rows read by the parts with
     * tables, bytes read here and rows of the table before the file. */
    _Atomic uint64_t bytes, rows;
    uint64_t bytes_here, rows_before;
};

/* The calling thread tells of the reading of every part. */
static void progress(split *sp)
{
    const assess_responses *r = sp->r;
    if (r->opts.progress)
        r->opts.progress(r->opts.userdata, sp->path,
                         sp->bytes_here + atomic_load(&sp->bytes),
                         r->account.rows_read - sp->rows_before +
                             atomic_load(&sp->rows));
}

/*
 * Feeds bytes [from, to) of the file to the reader of t, or to the end of
 * the file when to < 0.  On the calling thread (`here`), the progress is
 * told after each read.
 */
static assess_status feed(split *sp, assess_responses *t, off_t from, off_t to,
                          int here, assess_error *err)
{
    char *buf = malloc(CSV_READ_SIZE);
    assess_status st = ASSESS_OK;

    if (!buf)
        return error_set(err, ASSESS_ENOMEM, sp->path, 0, "out of memory");
    while (to < 0 || from < to) {
        size_t want = CSV_READ_SIZE;
        uint64_t rows = t->account.rows_read;
        ssize_t got;
        if (to >= 0 && (off_t)want > to - from)
            want = (size_t)(to - from);
        got = pread(sp->fd, buf, want, from);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            st = error_set(err, ASSESS_EIO, sp->path, 0, "cannot read: %s",
                           strerror(errno));
            break;
        }
        if (got == 0)
            break; /* the end of the file, sooner than it was */
        if ((st = assess_responses_feed(t, buf, (size_t)got, err)) != ASSESS_OK)
            break;
        from += got;
        if (here) {
            sp->bytes_here += (uint64_t)got;
            progress(sp);
        } else {
            atomic_fetch_add(&sp->bytes, (uint64_t)got);
            atomic_fetch_add(&sp->rows, t->account.rows_read - rows);
        }
    }
    free(buf);
    return st;
}

/* A part after the first, on a thread of its own. */
static void *read_part(void *arg)
{
    part *p = arg;
    split *sp = p->sp;
    csv_stream *stream = reader_stream(p->table->reader);
    int last = p == &sp->parts[sp->n - 1];

    p->st = feed(sp, p->table, p->from, last ? -1 : p->to, 0, &p->err);
    if (p->st == ASSESS_OK && last)
        p->st = csv_stream_finish(stream, &p->err);
    p->clean = p->st == ASSESS_OK &&
               p->table->sink.errors + p->table->sink.warnings == 0 &&
               (last || csv_stream_between_records(stream));
    return NULL;
}

/*
 * Where the part that begins at or after `at` begins: after the first line
 * end from there, or -1 when there is none near.
 */
static off_t cut_after(split *sp, off_t at, off_t size)
{
    char buf[CSV_READ_SIZE];
    off_t end = at + CUT_SEARCH < size ? at + CUT_SEARCH : size;

    while (at < end) {
        size_t want = end - at < (off_t)sizeof buf ? (size_t)(end - at)
                                                   : sizeof buf;
        ssize_t got = pread(sp->fd, buf, want, at);
        const char *nl;
        if (got <= 0)
            return -1;
        if ((nl = memchr(buf, '\n', (size_t)got)))
            return at + (nl - buf) + 1;
        at += got;
    }
    return -1;
}

/*
 * Cuts bytes [from, size) into parts and makes the tables of all but the
 * first: sp->n parts, or 1 when the file is not cut.
 */
static void cut(split *sp, off_t from, off_t size, size_t n)
{
    sp->n = 1;
    sp->parts[0].from = from;
    sp->parts[0].to = size;
    for (size_t k = 1; k < n; k++) {
        off_t at = cut_after(sp, from + (off_t)((size - from) / (off_t)n * (off_t)k),
                             size);
        part *p = &sp->parts[sp->n];
        assess_read_options opts = sp->r->opts;
        if (at < 0 || at <= sp->parts[sp->n - 1].from || at >= size)
            break;
        opts.diag = NULL; /* counted, not told: a part that reports is read again */
        opts.exclude_flagged = NULL; /* the file's table's list, below */
        opts.progress = NULL;
        opts.threads = 1;
        p->table = assess_responses_new(sp->r->inst, &opts, NULL);
        if (!p->table || !reader_part(sp->r->reader, p->table)) {
            assess_responses_free(p->table);
            p->table = NULL;
            break;
        }
        sp->parts[sp->n - 1].to = at;
        p->sp = sp;
        p->from = at;
        p->to = size;
        sp->n++;
    }
}

/*
 * The parts after the first, taken in order once the first is read:
 * merged while they can be.  Returns the first part not merged (sp->n
 * when all were), with *line and *blank where it begins.
 */
static size_t merge_parts(split *sp, int first_clean, unsigned long *line,
                          unsigned long *blank, assess_status *st,
                          assess_error *err)
{
    assess_responses *r = sp->r;
    csv_stream *stream = reader_stream(r->reader);
    size_t k, resume = first_clean ? sp->n : 1;

    *line = csv_stream_line(stream);
    *blank = csv_stream_blank_lines(stream);
    for (k = 1; k < sp->n; k++) {
        part *p = &sp->parts[k];
        if (p->started)
            pthread_join(p->thread, NULL);
        if (resume == sp->n && *st == ASSESS_OK) {
            int rc = p->clean ? responses_merge(r, p->table, *line,
                                                reader_file(r->reader))
                              : 1;
            if (rc < 0)
                *st = error_set(err, ASSESS_ENOMEM, sp->path, 0,
                                "out of memory");
            if (rc == 0) {
                csv_stream *ps = reader_stream(p->table->reader);
                *line += csv_stream_line(ps) - 1;
                *blank += csv_stream_blank_lines(ps);
            } else {
                resume = k;
            }
        }
        assess_responses_free(p->table);
        p->table = NULL;
    }
    return resume;
}

int responses_read_split(assess_responses *r, FILE *f, size_t part_min,
                         assess_status *st, assess_error *err)
{
    split sp;
    struct stat info;
    off_t at = 0;
    size_t n = parts_workers(r->opts.threads), resume;
    unsigned long line, blank;
    int first_clean;

    if (n < 2 || !r->reader || fstat(fileno(f), &info) != 0 ||
        !S_ISREG(info.st_mode) || part_min == 0 ||
        (uint64_t)info.st_size / 2 < part_min)
        return -1;
    memset(&sp, 0, sizeof sp);
    sp.r = r;
    sp.path = r->files[reader_file(r->reader)];
    sp.fd = fileno(f);
    sp.rows_before = r->account.rows_read;

    /* The header, and the rows it says to skip, on this thread, in reads
     * no longer than a part. */
    while (!reader_in_data(r->reader) && at < info.st_size) {
        off_t step = part_min < CSV_READ_SIZE ? (off_t)part_min : CSV_READ_SIZE;
        off_t to = info.st_size - at > step ? at + step : info.st_size;
        if ((*st = feed(&sp, r, at, to, 1, err)) != ASSESS_OK) {
            *st = responses_end_file(r, *st, err);
            return 0;
        }
        at = to;
    }
    if ((uint64_t)(info.st_size - at) / part_min < n)
        n = (size_t)((uint64_t)(info.st_size - at) / part_min);
    if (!reader_in_data(r->reader) || !reader_splittable(r->reader))
        n = 1; /* read on here, in one piece */
    cut(&sp, at, info.st_size, n);
    for (size_t k = 1; k < sp.n; k++)
        sp.parts[k].started =
            pthread_create(&sp.parts[k].thread, NULL, read_part,
                           &sp.parts[k]) == 0;

    *st = feed(&sp, r, at, sp.n > 1 ? sp.parts[0].to : -1, 1, err);
    first_clean = *st == ASSESS_OK && reader_in_data(r->reader) &&
                  csv_stream_between_records(reader_stream(r->reader));
    resume = merge_parts(&sp, first_clean, &line, &blank, st, err);
    if (*st == ASSESS_OK && resume < sp.n) {
        /* Read on from there as if the file had not been cut. */
        if (resume > 1)
            csv_stream_take_up(reader_stream(r->reader), line, blank);
        atomic_store(&sp.bytes, 0);
        atomic_store(&sp.rows, 0);
        sp.bytes_here = (uint64_t)sp.parts[resume].from;
        *st = feed(&sp, r, sp.parts[resume].from, -1, 1, err);
    } else if (*st == ASSESS_OK && sp.n > 1) {
        csv_stream_take_up(reader_stream(r->reader), line, blank);
    }
    *st = responses_end_file(r, *st, err);
    return (int)(resume - 1);
}
