/*
 * loaded.h - what the tests of scoring, agreement and change load:
 * instruments and response tables from inline text, every row accepted,
 * kept until loaded_free() (a suite's teardown) frees them.  Diagnostics
 * collect in diag_text for failure messages.
 */
#ifndef ASSESS_TESTS_LOADED_H
#define ASSESS_TESTS_LOADED_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "assess.h"
#include "rng.h"

#define KEEP 64

static assess_instrument *insts[KEEP];
static size_t n_insts;
static assess_responses *resps[KEEP];
static size_t n_resps;
static char diag_text[4096];

/* Forgets what the last test kept (a suite's setup). */
static inline void loaded_reset(void)
{
    n_insts = n_resps = 0;
    diag_text[0] = '\0';
}

/* Frees what the test loaded; results that use them are freed first. */
static inline void loaded_free(void)
{
    for (size_t i = 0; i < n_resps; i++)
        assess_responses_free(resps[i]);
    for (size_t i = 0; i < n_insts; i++)
        assess_instrument_free(insts[i]);
    loaded_reset();
}

static inline void on_diag(const assess_diag *d, void *userdata)
{
    size_t o = strlen(diag_text);
    (void)userdata;
    snprintf(diag_text + o, sizeof diag_text - o, "%lu: %s\n", d->line,
             d->message ? d->message : "");
}

static inline assess_instrument *load(const char *xml)
{
    assess_error err;
    assess_instrument *inst;
    assess_error_init(&err);
    inst = assess_instrument_load_memory(xml, strlen(xml), "t.xml", on_diag,
                                         NULL, &err);
    cr_assert_not_null(inst, "instrument: %s\n%s", err.message, diag_text);
    cr_assert_lt(n_insts, KEEP);
    insts[n_insts++] = inst;
    return inst;
}

enum { FEED_WHOLE = 0, FEED_BYTES = 1 }; /* or a seed > 1: random chunks */

/* A table of one response file fed whole, a byte at a time or in random
 * chunks; every row must be accepted. */
static inline assess_responses *read_how(const assess_instrument *inst,
                                  const char *csv, uint64_t how)
{
    assess_read_options o;
    assess_error err;
    assess_responses *r;
    assess_status st;
    size_t len = strlen(csv), pos = 0;
    uint64_t state = how * 0x9e3779b97f4a7c15ULL + 7;

    assess_read_options_init(&o);
    o.diag = on_diag;
    assess_error_init(&err);
    r = assess_responses_new(inst, &o, &err);
    cr_assert_not_null(r, "assess_responses_new: %s", err.message);
    cr_assert_lt(n_resps, KEEP);
    resps[n_resps++] = r;
    st = assess_responses_begin(r, "t.csv", &err);
    cr_assert_eq(st, ASSESS_OK, "begin: %s", err.message);
    while (pos < len && st == ASSESS_OK) {
        size_t n = how == FEED_WHOLE ? len
                   : how == FEED_BYTES ? 1
                                       : (size_t)(rng_next(&state) % 97);
        if (n > len - pos)
            n = len - pos;
        st = assess_responses_feed(r, csv + pos, n, &err);
        pos += n;
    }
    cr_assert_eq(st, ASSESS_OK, "feed: %s", err.message);
    st = assess_responses_end(r, &err);
    cr_assert_eq(st, ASSESS_OK, "end: %s", err.message);
    cr_assert_eq(assess_responses_account(r)->rows_rejected, 0,
                 "rows rejected:\n%s", diag_text);
    return r;
}

static inline assess_responses *read_csv(const assess_instrument *inst,
                                  const char *csv)
{
    return read_how(inst, csv, FEED_WHOLE);
}

#endif
