/*
 * fuzz_source.c - any bytes as a source map of the Leadership 360
 * instrument (instruments/leadership-360.xml, loaded once), through
 * assess_source_load_memory().
 *
 * Loading must fail with an error record that says why, or give a map;
 * every diagnostic must be one printable line.  A loaded map then reads a
 * small Qualtrics-shaped export, whole and in chunks: the read must keep
 * its account (rows read = used + rejected, rejected[] summing to the
 * rejected rows, each rejected row told) and give the same table, account
 * and messages however it was cut.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "fuzz.h"
#include "../rng.h"

#ifndef INSTRUMENTS
#error "INSTRUMENTS must name the directory of the shipped instruments"
#endif

static const char EXPORT[] =
    "StartDate,Status,Finished,ResponseId,Subject,Relationship,Q1,Q2,Q3,Q4\n"
    "Start Date,Response Type,Finished,Response ID,Subject,Relationship,"
    "\"Rate - This person explains decisions in terms the team can act on.\","
    "Q - x,Q3,Q4\n"
    "{\"ImportId\":\"startDate\"},x,x,x,x,x,x,x,x,x\n"
    "d,0,1,R_1,E1,Self,4,Somewhat agree,6,A1\n"
    "d,1,1,R_2,E1,Peer,1,2,3,4\n"
    "d,0,0,R_3,E1,DR,1,,,\n"
    "d,0,1,R_4,E1,Direct Report,5,N/A,2,\"3,5\"\n"
    "d,0,1,R_5,E1,Manager,3,3,3,3\n";

typedef struct outcome {
    uint64_t n_diags, n_reported, hash;
} outcome;

static void on_diag(const assess_diag *d, void *userdata)
{
    outcome *o = userdata;
    fuzz_check_message("diagnostic", d->message);
    o->n_diags++;
    o->n_reported += d->reason != ASSESS_REJECT_NONE;
    o->hash ^= fuzz_hash((const uint8_t *)d->message, strlen(d->message)) +
               d->line;
}

static char *read_with(const assess_instrument *inst,
                       const assess_source *src, uint64_t state,
                       outcome *o, assess_account *account)
{
    assess_read_options opts;
    assess_error err;
    assess_responses *r;
    assess_status st;
    size_t pos = 0, len = sizeof EXPORT - 1;
    uint64_t sum = 0;
    char *dump;

    assess_read_options_init(&opts);
    opts.source = src;
    opts.diag = on_diag;
    opts.userdata = o;
    assess_error_init(&err);
    r = assess_responses_new(inst, &opts, &err);
    if (!r) {
        /* a map that --map-free options refuse: said, and nothing read */
        FUZZ_CHECK(err.message[0] != '\0', "refused without a message");
        fuzz_check_message("error", err.message);
        return NULL;
    }
    st = assess_responses_begin(r, "export.csv", &err);
    while (st == ASSESS_OK && pos < len) {
        size_t n = state ? (size_t)(rng_next(&state) % 40) : len;
        if (n > len - pos)
            n = len - pos;
        st = assess_responses_feed(r, EXPORT + pos, n, &err);
        pos += n;
    }
    if (st == ASSESS_OK)
        st = assess_responses_end(r, &err);
    else
        assess_responses_end(r, &err);
    if (st != ASSESS_OK)
        fuzz_check_message("error", err.message);
    *account = *assess_responses_account(r);
    for (int k = 0; k < ASSESS_REJECT__COUNT; k++)
        sum += account->rejected[k];
    FUZZ_CHECK(account->rows_read == account->rows_used + account->rows_rejected,
               "rows read %llu, used %llu, rejected %llu",
               (unsigned long long)account->rows_read,
               (unsigned long long)account->rows_used,
               (unsigned long long)account->rows_rejected);
    FUZZ_CHECK(sum == account->rows_rejected, "rejected by reason");
    FUZZ_CHECK(o->n_reported >= account->rows_rejected, "rejected rows untold");
    dump = assess_responses_dump(r);
    FUZZ_CHECK(dump != NULL, "dump failed");
    assess_responses_free(r);
    return dump;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static assess_instrument *inst;
    assess_source *src;
    assess_error err;
    outcome load = { 0 }, whole = { 0 }, cut = { 0 };
    assess_account a1, a2;
    char *d1, *d2;

    if (!inst) {
        assess_error_init(&err);
        inst = assess_instrument_load(INSTRUMENTS "/leadership-360.xml", NULL,
                                      NULL, &err);
        FUZZ_CHECK(inst != NULL, "cannot load the instrument: %s",
                   err.message);
    }
    assess_error_init(&err);
    src = assess_source_load_memory((const char *)data, size, "map.xml", inst,
                                    on_diag, &load, &err);
    if (!src) {
        FUZZ_CHECK(err.status != ASSESS_OK, "no map, and no failure");
        FUZZ_CHECK(err.message[0] != '\0', "no map, and no message");
        fuzz_check_message("error", err.message);
        FUZZ_CHECK(err.status == ASSESS_ENOMEM || load.n_diags > 0 ||
                       err.status == ASSESS_ELIMIT,
                   "refused, and no problem told: %s", err.message);
        return 0;
    }
    FUZZ_CHECK(load.n_diags == 0, "a map loaded with problems told");
    d1 = read_with(inst, src, 0, &whole, &a1);
    d2 = read_with(inst, src, fuzz_hash(data, size) | 1, &cut, &a2);
    FUZZ_CHECK((d1 == NULL) == (d2 == NULL), "refused one way only");
    if (d1) {
        FUZZ_CHECK(strcmp(d1, d2) == 0, "another table in chunks");
        FUZZ_CHECK(memcmp(&a1, &a2, sizeof a1) == 0, "another account");
        FUZZ_CHECK(whole.n_diags == cut.n_diags && whole.hash == cut.hash,
                   "other messages in chunks");
    }
    free(d1);
    free(d2);
    assess_source_free(src);
    return 0;
}
