#include "input_csv_pipe.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base_error.h"
#include "input_decode.h"

/* Small batches, so that a batch is still in the cache when the other
 * thread takes it: with 1 MiB batches `validate --threads 2` of the
 * 10,000-subject benchmark export took 1.9 s, with 64 KiB 1.3 s. */
#define PIPE_BATCHES 8
#define BATCH_BYTES (1u << 16) /* a batch is handed over past this */
#define BATCH_RECORDS 2048u

/* A record of a batch: its fields, its line, the blank lines before it. */
typedef struct batch_rec {
    size_t n_fields;
    unsigned long line, blank;
} batch_rec;

/* Records packed: each field's bytes and a NUL, one after another. */
typedef struct batch {
    char *bytes;
    size_t used, cap;
    size_t *len; /* every field's length, record after record */
    size_t n_lens, lens_cap;
    batch_rec *rec;
    size_t n_recs, recs_cap;
    uint64_t bytes_read; /* of the file, when the batch was handed over */
    struct batch *next;
} batch;

struct csv_pipe {
    FILE *f;
    const char *name;
    decoder *dec;       /* the producer's; read by others once done */
    csv_stream *stream; /* the decoder's */
    unsigned char *prefix; /* the first bytes, read before the thread */
    size_t prefix_len;
    pthread_t thread;
    int started;

    pthread_mutex_t lock;
    pthread_cond_t ready_cond, free_cond;
    batch *ready_head, *ready_tail; /* made, in order */
    batch *free_list;
    size_t n_batches;              /* allocated, at most PIPE_BATCHES */
    int done;                      /* the producer has finished */
    int cancel;                    /* the consumer has stopped */
    unsigned long stop_blank;      /* blank lines before the record it
                                      stopped on */

    /* The producer's own, on cache lines of their own: the consumer
     * writing next to them cost the producer a cache miss a record. */
    _Alignas(64) batch *filling; /* the current batch */
    uint64_t bytes_read;
    assess_status status;      /* the producer's end */
    assess_error err;
};

static void batch_free(batch *b)
{
    if (!b)
        return;
    free(b->bytes);
    free(b->len);
    free(b->rec);
    free(b);
}

static void batch_clear(batch *b)
{
    b->used = b->n_lens = b->n_recs = 0;
    b->next = NULL;
}

/* Grows an array to hold `need` elements; 0 or -1. */
static int grow(void **arr, size_t *cap, size_t need, size_t elem)
{
    size_t c = *cap ? *cap : 1024;
    void *p;
    if (need <= *cap)
        return 0;
    while (c < need)
        c *= 2;
    p = realloc(*arr, c * elem);
    if (!p)
        return -1;
    *arr = p;
    *cap = c;
    return 0;
}

/* The producer, holding the lock: puts a made batch at the end of the
 * ready list and wakes the consumer. */
static void ready_push(csv_pipe *p, batch *b)
{
    b->bytes_read = p->bytes_read;
    b->next = NULL;
    if (p->ready_tail)
        p->ready_tail->next = b;
    else
        p->ready_head = b;
    p->ready_tail = b;
    pthread_cond_signal(&p->ready_cond);
}

/* The producer: hands the filling batch over, takes an empty one. */
static int hand_over(csv_pipe *p)
{
    batch *b = p->filling;

    pthread_mutex_lock(&p->lock);
    if (b)
        ready_push(p, b);
    p->filling = NULL;
    while (!p->free_list && p->n_batches >= PIPE_BATCHES && !p->cancel)
        pthread_cond_wait(&p->free_cond, &p->lock);
    if (p->cancel) {
        pthread_mutex_unlock(&p->lock);
        return -1;
    }
    if (p->free_list) {
        p->filling = p->free_list;
        p->free_list = p->filling->next;
        batch_clear(p->filling);
    } else {
        p->filling = calloc(1, sizeof *p->filling);
        if (p->filling)
            p->n_batches++;
    }
    pthread_mutex_unlock(&p->lock);
    return p->filling ? 0 : -1;
}

/* The producer's record function: packs the record into the batch. */
static assess_status pack(void *userdata, csv_record *rec, assess_error *err)
{
    csv_pipe *p = userdata;
    batch *b = p->filling;
    size_t bytes = 0;

    if (!b || b->used >= BATCH_BYTES || b->n_recs >= BATCH_RECORDS) {
        if (hand_over(p) != 0) {
            if (p->cancel)
                return ASSESS_EUSAGE; /* stops the stream; nobody reads it */
            return error_set(err, ASSESS_ENOMEM, p->name, rec->line,
                             "out of memory");
        }
        b = p->filling;
    }
    /* The fields lie one after another (input_csv_stream.h). */
    if (rec->n_fields)
        bytes = (size_t)(rec->field[rec->n_fields - 1] - rec->field[0]) +
                rec->len[rec->n_fields - 1] + 1;
    if ((b->used + bytes > b->cap ||
         b->n_lens + rec->n_fields > b->lens_cap || b->n_recs == b->recs_cap) &&
        (grow((void **)&b->bytes, &b->cap, b->used + bytes, 1) != 0 ||
         grow((void **)&b->len, &b->lens_cap, b->n_lens + rec->n_fields,
              sizeof *b->len) != 0 ||
         grow((void **)&b->rec, &b->recs_cap, b->n_recs + 1,
              sizeof *b->rec) != 0))
        return error_set(err, ASSESS_ENOMEM, p->name, rec->line,
                         "out of memory");
    if (bytes)
        memcpy(b->bytes + b->used, rec->field[0], bytes);
    b->used += bytes;
    memcpy(b->len + b->n_lens, rec->len, rec->n_fields * sizeof *b->len);
    b->n_lens += rec->n_fields;
    b->rec[b->n_recs].n_fields = rec->n_fields;
    b->rec[b->n_recs].line = rec->line;
    b->rec[b->n_recs++].blank = csv_stream_blank_lines(p->stream);
    return ASSESS_OK;
}

static void *produce(void *arg)
{
    csv_pipe *p = arg;
    char *buf = malloc(CSV_READ_SIZE);
    assess_status st = ASSESS_OK;

    if (!buf)
        st = error_set(&p->err, ASSESS_ENOMEM, p->name, 0, "out of memory");
    if (st == ASSESS_OK && p->prefix_len) {
        p->bytes_read += p->prefix_len;
        st = decoder_feed(p->dec, p->prefix, p->prefix_len, &p->err);
    }
    while (st == ASSESS_OK) {
        size_t got = fread(buf, 1, CSV_READ_SIZE, p->f);
        p->bytes_read += got;
        if (got > 0)
            st = decoder_feed(p->dec, buf, got, &p->err);
        if (st == ASSESS_OK && got < CSV_READ_SIZE) {
            if (ferror(p->f)) {
                st = error_set(&p->err, ASSESS_EIO, p->name, 0,
                               "cannot read: %s", strerror(errno));
            } else {
                st = decoder_finish(p->dec, &p->err);
            }
            break;
        }
    }
    free(buf);
    pthread_mutex_lock(&p->lock);
    if (p->filling && p->filling->n_recs) {
        ready_push(p, p->filling);
    } else if (p->filling) {
        p->filling->next = p->free_list;
        p->free_list = p->filling;
    }
    p->filling = NULL;
    p->status = st;
    p->done = 1;
    pthread_cond_signal(&p->ready_cond);
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

csv_pipe *csv_pipe_start(FILE *f, const char *name,
                         const csv_format *fmt, const void *prefix,
                         size_t len)
{
    csv_pipe *p = calloc(1, sizeof *p);

    if (!p)
        return NULL;
    p->f = f;
    p->name = name;
    assess_error_init(&p->err);
    p->dec = decoder_new(fmt, name, pack, p);
    p->prefix = malloc(len ? len : 1);
    if (!p->dec || !p->prefix || pthread_mutex_init(&p->lock, NULL) != 0) {
        decoder_free(p->dec);
        free(p->prefix);
        free(p);
        return NULL;
    }
    memcpy(p->prefix, prefix, len);
    p->prefix_len = len;
    p->stream = decoder_stream(p->dec);
    pthread_cond_init(&p->ready_cond, NULL);
    pthread_cond_init(&p->free_cond, NULL);
    if (pthread_create(&p->thread, NULL, produce, p) != 0) {
        csv_pipe_free(p);
        return NULL;
    }
    p->started = 1;
    return p;
}

assess_status csv_pipe_run(csv_pipe *p, csv_record_fn fn,
                           csv_progress_fn progress, void *userdata,
                           assess_error *err)
{
    char **field = NULL;
    size_t field_cap = 0;
    unsigned long stop_blank = 0;
    assess_status st = ASSESS_OK;

    for (;;) {
        batch *b;
        size_t at = 0, lens = 0;

        pthread_mutex_lock(&p->lock);
        while (!p->ready_head && !p->done)
            pthread_cond_wait(&p->ready_cond, &p->lock);
        b = p->ready_head;
        if (b) {
            p->ready_head = b->next;
            if (!p->ready_head)
                p->ready_tail = NULL;
        }
        pthread_mutex_unlock(&p->lock);
        if (!b)
            break;
        for (size_t r = 0; r < b->n_recs && st == ASSESS_OK; r++) {
            csv_record rec;
            size_t n = b->rec[r].n_fields;
            stop_blank = b->rec[r].blank;
            if (n > field_cap &&
                grow((void **)&field, &field_cap, n, sizeof *field) != 0) {
                st = error_set(err, ASSESS_ENOMEM, p->name, b->rec[r].line,
                               "out of memory");
                break;
            }
            for (size_t i = 0; i < n; i++) {
                field[i] = b->bytes + at;
                at += b->len[lens + i] + 1;
            }
            rec.n_fields = n;
            rec.field = field;
            rec.len = b->len + lens;
            rec.line = b->rec[r].line;
            lens += n;
            st = fn(userdata, &rec, err);
        }
        if (st == ASSESS_OK && progress)
            progress(userdata, b->bytes_read);
        pthread_mutex_lock(&p->lock);
        b->next = p->free_list;
        p->free_list = b;
        if (st != ASSESS_OK) {
            p->cancel = 1;
            p->stop_blank = stop_blank;
        }
        pthread_cond_broadcast(&p->free_cond);
        pthread_mutex_unlock(&p->lock);
        if (st != ASSESS_OK)
            break;
    }
    free(field);
    if (p->started) {
        pthread_join(p->thread, NULL);
        p->started = 0;
    }
    if (st == ASSESS_OK && p->status != ASSESS_OK) {
        *err = p->err;
        st = p->status;
    }
    return st;
}

/* When the consumer stopped, the producer may have read on: the count is
 * then the one a single-threaded stream stopped at. */
unsigned long csv_pipe_blank_lines(const csv_pipe *p)
{
    return p->cancel ? p->stop_blank : csv_stream_blank_lines(p->stream);
}

unsigned long csv_pipe_line(const csv_pipe *p)
{
    return csv_stream_line(p->stream);
}

void csv_pipe_free(csv_pipe *p)
{
    if (!p)
        return;
    if (p->started) {
        pthread_mutex_lock(&p->lock);
        p->cancel = 1;
        pthread_cond_broadcast(&p->free_cond);
        pthread_mutex_unlock(&p->lock);
        pthread_join(p->thread, NULL);
    }
    while (p->ready_head) {
        batch *b = p->ready_head;
        p->ready_head = b->next;
        batch_free(b);
    }
    while (p->free_list) {
        batch *b = p->free_list;
        p->free_list = b->next;
        batch_free(b);
    }
    batch_free(p->filling);
    decoder_free(p->dec);
    free(p->prefix);
    pthread_cond_destroy(&p->ready_cond);
    pthread_cond_destroy(&p->free_cond);
    pthread_mutex_destroy(&p->lock);
    free(p);
}
