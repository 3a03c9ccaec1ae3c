/*
 * base_format.h - the small pieces every writer needs: numbers that read back
 * to the same double, CSV fields and JSON strings.
 */
#ifndef ASSESS_FORMAT_H
#define ASSESS_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "assess.h"

#define NUMBER_SIZE 32

/*
 * The shortest decimal that reads back to x (at most 17 significant
 * digits), "-0" as "0".  x must be finite: writers print nothing for
 * absent values.
 */
char *format_number(char buf[NUMBER_SIZE], double x);

/*
 * x to `digits` significant digits (1 to 17; 0 or more than 17:
 * format_number()), as %g has them (no trailing zeros, an exponent below
 * 1e-4), but never with fewer digits than its whole part has: a count or
 * a sum keeps every digit (12345 stays 12345 at 3 digits, 3.14159 is
 * 3.14).  "-0" is "0".  x must be finite.
 */
char *format_number_digits(char buf[NUMBER_SIZE], double x, unsigned digits);

/*
 * A writer's output, gathered in a buffer of its own and handed to stdio
 * a block at a time.  A field written with fputc and fputs costs a call,
 * a lock check and a strlen; for the 1.7 million rows of a 10,000-subject
 * score table that was a third of all the time spent after the read.
 * out_flush() hands over what is gathered; errors show in ferror(out).
 */
#define OUT_SIZE (1u << 16)

typedef struct out_buf {
    FILE *out;        /* NULL: handed over to mem instead (out_parts) */
    size_t n;
    uint64_t flushed; /* bytes handed over before buf[0] */
    char *mem;        /* what was handed over, without out */
    size_t mem_len, mem_cap;
    int mem_failed;   /* mem could not grow: what it holds is partial */
    unsigned digits;  /* out_number()'s significant digits; 0: shortest
                         round trip (format_number_digits) */
    char buf[OUT_SIZE];
} out_buf;

void out_init(out_buf *b, FILE *out);
void out_flush(out_buf *b);

/* A buffer gathering in memory (out NULL) emptied for a new document,
 * its memory kept. */
static inline void out_rewind(out_buf *b)
{
    b->n = 0;
    b->flushed = 0;
    b->mem_len = 0;
}

/*
 * A whole document's writing: out_open() allocates a buffer for out and
 * takes out's lock (write_begin), NULL when out of memory; out_close()
 * hands over the rest, gives the lock back and frees the buffer, with
 * write_end()'s status.
 */
out_buf *out_open(FILE *out);
assess_status out_close(out_buf *b, assess_error *err);
void out_bytes(out_buf *b, const char *s, size_t n);

static inline void out_char(out_buf *b, char c)
{
    if (b->n == OUT_SIZE)
        out_flush(b);
    b->buf[b->n++] = c;
}

/* A NUL-terminated string, as it is. */
void out_str(out_buf *b, const char *s);

/* format_number_digits() at b->digits, and a count in decimal. */
void out_number(out_buf *b, double x);
void out_count(out_buf *b, uint64_t x);

/* s as one CSV field, quoted when it holds a comma, a quote or a line end
 * (RFC 4180). */
void out_csv_field(out_buf *b, const char *s);

/*
 * Bytes a writer repeats: most rows of a table begin with the keys of the
 * row before (subject, wave, scale...), and writing them field by field,
 * each scanned for bytes to quote, was a fifth of writing a row.  The
 * writer notes where the keys begin (out_tell), writes them once and
 * keeps them (out_keep), then copies them while they stay the same.
 */
#define OUT_KEPT_SIZE 256

typedef struct out_kept {
    size_t n; /* 0: nothing kept */
    char text[OUT_KEPT_SIZE];
} out_kept;

static inline uint64_t out_tell(const out_buf *b)
{
    return b->flushed + b->n;
}

/* Keeps what was written since `from`; nothing when it no longer lies
 * whole in the buffer or is longer than OUT_KEPT_SIZE. */
void out_keep(const out_buf *b, uint64_t from, out_kept *k);

/* Writes the kept bytes again. */
static inline void out_kept_write(out_buf *b, const out_kept *k)
{
    out_bytes(b, k->text, k->n);
}

/*
 * A document whose parts can be written independently (the blocks of a
 * score table), written by up to `threads` threads: part(ctx, worker, i,
 * buf) writes part i into buf, each part into a buffer of its own on
 * whichever thread is free, and the parts are copied to `out` in order,
 * so the bytes are the same whatever `threads`.  worker (below threads)
 * names the calling thread, for state of its own in ctx; out is written
 * by the calling thread only.  At most 2 * threads parts are held at
 * once.  With threads <= 1 (or when there is no memory for the parts'
 * buffers) the parts go straight to out.  0, or -1 when out of memory.
 */
typedef void (*out_part_fn)(void *ctx, unsigned worker, size_t part,
                            out_buf *buf);
int out_parts(out_buf *out, size_t n, unsigned threads, out_part_fn part,
              void *ctx);

/* s as a JSON string, quotes included. */
void out_json_string(out_buf *b, const char *s);

/*
 * A writer takes its stream's lock once, before it writes: once a program
 * has started a thread (a read with --threads does), every fputc takes
 * the lock again otherwise, and that made writing a fifth slower.
 *
 * It takes the "C" locale for the calling thread too (uselocale), until
 * the matching write_end(): a program embedding the library may have set
 * a locale whose decimal point is a comma, and printf's %f would follow
 * it ("3,50" in a report, an SVG coordinate broken).  Pairs nest; the
 * outermost write_end() gives the thread its own locale back.
 */
void write_begin(FILE *out);

/* Gives the lock (and the locale) back: ASSESS_OK, or "write error" when
 * out has one. */
assess_status write_end(FILE *out, assess_error *err);

#endif
