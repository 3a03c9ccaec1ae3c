/*
 * fuzz_responses.c - any bytes as a response file of the Leadership 360
 * instrument (instruments/leadership-360.xml, loaded once), read four
 * ways:
 *   - fed whole through assess_responses_begin/feed/end;
 *   - fed in chunks cut where the input's hash says (a few long ones, or
 *     for a short input a byte or two at a time, some empty);
 *   - by assess_responses_read_file() on one thread;
 *   - by assess_responses_read_file() with two threads, so that a second
 *     thread parses (engine/input_csv_pipe.c).
 * Each read must keep its account: rows_read = rows_used + rows_rejected,
 * rejected[] summing to rows_rejected, every rejected row reported.  And
 * the four must agree - status, error, account, diagnostics and table -
 * as the API promises that neither the cuts nor the threads change the
 * result.  The read options (rows to skip, strict, a forced layout, a map,
 * a survey tool, a delimiter, an encoding, a source map) vary with the
 * hash too, most inputs being read with the defaults; and a
 * quarter of the inputs are read against a small instrument of another
 * shape (MIXED below), whose answers take the table's eight-byte slots.
 */
#define _GNU_SOURCE /* memfd_create */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "assess.h"
#include "fuzz.h"
#include "../rng.h"

#ifndef INSTRUMENTS
#error "INSTRUMENTS must name the directory of the shipped instruments"
#endif

/* What a read produced, to compare with the other reads. */
typedef struct outcome {
    assess_status status;
    assess_error err;
    assess_account account;
    char *dump;
    uint64_t diag_hash;  /* of every diagnostic, in order */
    uint64_t n_diags;
    uint64_t n_reported; /* errors with a reject reason */
} outcome;

static void on_diag(const assess_diag *d, void *userdata)
{
    outcome *o = userdata;
    const uint8_t *m = (const uint8_t *)d->message;
    uint64_t h = o->diag_hash ^ (uint64_t)d->severity ^
                 ((uint64_t)d->reason << 8) ^ ((uint64_t)d->line << 16);

    fuzz_check_message("diagnostic", d->message);
    FUZZ_CHECK(d->severity == ASSESS_ERROR || d->reason == ASSESS_REJECT_NONE ||
                   (d->severity == ASSESS_NOTE &&
                    assess_reject_left_out(d->reason)),
               "a warning with a reject reason: %s", d->message);
    FUZZ_CHECK(d->reason < ASSESS_REJECT__COUNT, "reason %d", (int)d->reason);
    h = fuzz_hash((const uint8_t *)&h, sizeof h);
    o->diag_hash = h ^ fuzz_hash(m, strlen(d->message));
    o->n_diags++;
    if (d->reason != ASSESS_REJECT_NONE)
        o->n_reported++;
}

/*
 * No rater groups (one implicit group "all"); item ids shared with
 * Leadership 360, so that its seeds reach the rows.  COM1 is continuous
 * with a missing code, COM2 has more points than a one-byte slot holds,
 * COM3 more missing codes: all three take eight-byte slots.  COM4 is
 * narrow, with a negative minimum.
 */
static const char MIXED[] =
    "<instrument id='mixed' version='1' kind='360'><title>Mixed</title>"
    "<response-scale id='cont' min='0' max='10' type='continuous'>"
    "<label value='0'>None</label><label value='10'>All</label>"
    "<missing code='-99'>Refused</missing></response-scale>"
    "<response-scale id='wide' min='0' max='1000'/>"
    "<response-scale id='codes' min='1' max='5'>"
    "<missing code='-1'>a</missing><missing code='-2'>b</missing>"
    "<missing code='-3'>c</missing><missing code='-4'>d</missing>"
    "<missing code='-5'>e</missing><missing code='-6'>f</missing>"
    "<missing code='-7'>g</missing><missing code='-8'>h</missing>"
    "<missing code='-9'>i</missing><missing code='-10'>j</missing>"
    "<missing code='-11'>k</missing><missing code='-12'>l</missing>"
    "<missing code='-13'>m</missing><missing code='-14'>Not observed</missing>"
    "</response-scale>"
    "<response-scale id='signed' min='-3' max='3'>"
    "<label value='-3'>Strongly disagree</label>"
    "<missing code='99'>Not observed</missing></response-scale>"
    "<scale id='s'><title>S</title>"
    "<item id='COM1' response-scale='cont'>a</item>"
    "<item id='COM2' response-scale='wide'>b</item>"
    "<item id='COM3' response-scale='codes' reverse='true'>c</item>"
    "<item id='COM4' response-scale='signed'>d</item>"
    "</scale></instrument>";

/* Leadership 360, or with `mixed` the instrument MIXED; loaded once. */
static assess_instrument *instrument(int mixed)
{
    static assess_instrument *lead360, *other;
    assess_error err;

    assess_error_init(&err);
    if (!lead360) {
        lead360 = assess_instrument_load(INSTRUMENTS "/leadership-360.xml",
                                         NULL, NULL, &err);
        FUZZ_CHECK(lead360 != NULL, "cannot load the instrument: %s:%lu: %s",
                   err.file, err.line, err.message);
    }
    if (!other) {
        other = assess_instrument_load_memory(MIXED, sizeof MIXED - 1,
                                              "mixed.xml", NULL, NULL, &err);
        FUZZ_CHECK(other != NULL, "cannot load MIXED: %s", err.message);
    }
    return mixed ? other : lead360;
}

static assess_responses *new_table(const assess_instrument *inst,
                                   const assess_read_options *base,
                                   unsigned threads, outcome *o)
{
    assess_read_options opts = *base;
    assess_error err;
    assess_responses *r;

    opts.diag = on_diag;
    opts.userdata = o;
    opts.threads = threads;
    assess_error_init(&err);
    r = assess_responses_new(inst, &opts, &err);
    FUZZ_CHECK(r != NULL, "assess_responses_new: %s", err.message);
    return r;
}

/*
 * Feeds the input whole (state 0) or in chunks drawn from `state`, and ends
 * the file; `end` follows a failed feed too, and must repeat its failure.
 */
static assess_status feed(assess_responses *r, const char *name,
                          const uint8_t *data, size_t size, uint64_t state,
                          assess_error *err)
{
    assess_status st = assess_responses_begin(r, name, err);
    int tiny = state && size <= 4096 && (state >> 8) % 4 == 0;
    size_t pos = 0;

    FUZZ_CHECK(st == ASSESS_OK, "begin: %s", err->message);
    while (st == ASSESS_OK && pos < size) {
        size_t n = size - pos;
        if (tiny)
            n = (size_t)(rng_next(&state) % 4); /* 0 to 3 bytes */
        else if (state)
            n = (size_t)(rng_next(&state) % (size / 4 + 2));
        if (n > size - pos)
            n = size - pos;
        st = assess_responses_feed(r, data + pos, n, err);
        pos += n;
    }
    if (st == ASSESS_OK)
        return assess_responses_end(r, err);
    FUZZ_CHECK(assess_responses_end(r, err) == st,
               "end after a failed feed changed the status");
    return st;
}

/* Checks what a read must keep, and records its table. */
static void settle(assess_responses *r, assess_status st,
                   const assess_error *err, outcome *o)
{
    const assess_account *a = assess_responses_account(r);
    uint64_t sum = 0;

    o->status = st;
    if (st != ASSESS_OK) {
        o->err = *err;
        FUZZ_CHECK(err->status == st, "the error record says %d, not %d",
                   (int)err->status, (int)st);
        FUZZ_CHECK(err->message[0] != '\0', "an error without a message");
        fuzz_check_message("error", err->message);
    }
    o->account = *a;
    for (int k = 0; k < ASSESS_REJECT__COUNT; k++)
        sum += a->rejected[k];
    FUZZ_CHECK(a->rows_read == a->rows_used + a->rows_rejected,
               "rows read %llu, used %llu, rejected %llu",
               (unsigned long long)a->rows_read,
               (unsigned long long)a->rows_used,
               (unsigned long long)a->rows_rejected);
    FUZZ_CHECK(sum == a->rows_rejected, "rejected by reason %llu, in all %llu",
               (unsigned long long)sum, (unsigned long long)a->rows_rejected);
    FUZZ_CHECK(a->rejected[ASSESS_REJECT_NONE] == 0, "rejected for no reason");
    FUZZ_CHECK(o->n_reported >= a->rows_rejected,
               "%llu rows rejected, %llu reported",
               (unsigned long long)a->rows_rejected,
               (unsigned long long)o->n_reported);
    FUZZ_CHECK(a->missing <= a->answers, "more missing than answers");
    o->dump = assess_responses_dump(r);
    FUZZ_CHECK(o->dump != NULL, "assess_responses_dump failed");
}

static void same(const outcome *a, const outcome *b, const char *how)
{
    FUZZ_CHECK(a->status == b->status, "%s: status %d, whole %d", how,
               (int)b->status, (int)a->status);
    if (a->status != ASSESS_OK)
        FUZZ_CHECK(a->err.line == b->err.line &&
                       strcmp(a->err.message, b->err.message) == 0 &&
                       strcmp(a->err.file, b->err.file) == 0,
                   "%s: error %s:%lu: %s, whole %s:%lu: %s", how, b->err.file,
                   b->err.line, b->err.message, a->err.file, a->err.line,
                   a->err.message);
    FUZZ_CHECK(memcmp(&a->account, &b->account, sizeof a->account) == 0,
               "%s: another account (rows read %llu, whole %llu)", how,
               (unsigned long long)b->account.rows_read,
               (unsigned long long)a->account.rows_read);
    FUZZ_CHECK(a->n_diags == b->n_diags && a->diag_hash == b->diag_hash,
               "%s: other diagnostics (%llu, whole %llu)", how,
               (unsigned long long)b->n_diags,
               (unsigned long long)a->n_diags);
    FUZZ_CHECK(strcmp(a->dump, b->dump) == 0, "%s: another table", how);
}

/*
 * A source map of each instrument (loaded once): columns by name and by
 * position, recoding, aliases, a filter, a constant, a format.
 */
static const char MAP[] =
    "<source instrument='%s'>"
    "<column name='Subject' as='subject_id'/>"
    "<column position='3' as='rater_group'/>"
    "<value text='Somewhat agree' code='4'/><value text='A1' code='1'/>"
    "<missing code='6'/><missing text='N/A'/>"
    "%s%s%s"
    "<drop column='Status' equals='1'/>"
    "<set name='wave' value='w1'/>"
    "<format decimal=','/>"
    "</source>";

static const assess_source *source_map(const assess_instrument *inst)
{
    static const assess_source *maps[2];
    static const assess_instrument *of[2];
    char xml[1024];
    assess_error err;
    int k = of[0] == inst ? 0 : of[1] == inst ? 1 : of[0] ? 1 : 0;

    if (!maps[k]) {
        /* an alias, where the instrument has groups */
        int groups = !assess_instrument_groups_implicit(inst);
        int n = snprintf(xml, sizeof xml, MAP, assess_instrument_id(inst),
                         groups ? "<group text='DR' as='" : "",
                         groups ? assess_instrument_group_id(inst, 0) : "",
                         groups ? "'/>" : "");
        assess_error_init(&err);
        maps[k] = assess_source_load_memory(xml, (size_t)n, "map.xml", inst,
                                            NULL, NULL, &err);
        FUZZ_CHECK(maps[k] != NULL, "cannot load the map: %s", err.message);
        of[k] = inst;
    }
    return maps[k];
}

/* The options an input is read with: mostly the defaults. */
static void options_for(uint64_t h, const assess_instrument *inst,
                        assess_read_options *o)
{
    assess_read_options_init(o);
    switch ((h >> 3) % 16) {
    case 0: o->skip_rows = 1 + (h >> 8) % 2; break;
    case 1: o->strict = 1; break;
    case 2: o->layout = ASSESS_LAYOUT_LONG; break;
    case 3: o->layout = ASSESS_LAYOUT_WIDE; break;
    case 4: o->map = "subject_id=Subject,rater_id=Rater,COM1=Q1"; break;
    case 5: o->from = (assess_tool)(1 + (h >> 8) % 5); break;
    case 6: o->delimiter = (h >> 8) % 2 ? ';' : '\t'; break;
    case 7: o->encoding = (h >> 8) % 2 ? "windows-1252" : "UTF-16LE"; break;
    case 8: o->source = source_map(inst); break;
    default: break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint64_t h = fuzz_hash(data, size);
    const assess_instrument *inst = instrument((h >> 20) % 4 == 0);
    assess_read_options opts;
    outcome whole = { 0 }, cut = { 0 }, file = { 0 }, piped = { 0 };
    assess_responses *r = NULL;
    assess_error err;
    assess_status st;
    char name[64];
    int fd;

    options_for(h, inst, &opts);
    /* The threaded read needs a file; the others read under its name,
     * since messages may quote it. */
    fd = memfd_create("fuzz.csv", 0);
    FUZZ_CHECK(fd >= 0, "memfd_create failed");
    for (size_t off = 0; off < size;) {
        ssize_t n = write(fd, data + off, size - off);
        FUZZ_CHECK(n > 0, "cannot write the input");
        off += (size_t)n;
    }
    snprintf(name, sizeof name, "/proc/self/fd/%d", fd);

    r = new_table(inst, &opts, 1, &whole);
    assess_error_init(&err);
    st = feed(r, name, data, size, 0, &err);
    settle(r, st, &err, &whole);
    assess_responses_free(r);

    r = new_table(inst, &opts, 1, &cut);
    assess_error_init(&err);
    st = feed(r, name, data, size, h | 1, &err);
    settle(r, st, &err, &cut);
    assess_responses_free(r);
    same(&whole, &cut, "fed in chunks");

    r = new_table(inst, &opts, 1, &file);
    assess_error_init(&err);
    st = assess_responses_read_file(r, name, &err);
    settle(r, st, &err, &file);
    assess_responses_free(r);
    same(&whole, &file, "read from the file");

    r = new_table(inst, &opts, 2, &piped);
    assess_error_init(&err);
    st = assess_responses_read_file(r, name, &err);
    settle(r, st, &err, &piped);
    assess_responses_free(r);
    same(&whole, &piped, "read on two threads");

    close(fd);
    free(whole.dump);
    free(cut.dump);
    free(file.dump);
    free(piped.dump);
    return 0;
}
