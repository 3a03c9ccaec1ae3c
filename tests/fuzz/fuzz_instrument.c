/*
 * fuzz_instrument.c - any bytes as an instrument definition, through
 * assess_instrument_load_memory().
 *
 * Loading must fail with an error record that says why, or give an
 * instrument whose ids are all set and whose references all resolve; every
 * diagnostic must be one printable line.  A loaded instrument then reads a
 * response file of one answer per item, each the top of its item's
 * response scale: every row must be used, and the table must give each
 * value back exactly.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "fuzz.h"
#include "input_instrument.h"

static void on_diag(const assess_diag *d, void *userdata)
{
    (void)userdata;
    fuzz_check_message("diagnostic", d->message);
    FUZZ_CHECK(d->reason == ASSESS_REJECT_NONE, "a reject reason: %s",
               d->message);
}

/* Every id set, every index in range. */
static void check_loaded(const assess_instrument *inst)
{
    size_t n_scales = assess_instrument_scale_count(inst);

    FUZZ_CHECK(assess_instrument_id(inst) && assess_instrument_version(inst) &&
                   assess_instrument_title(inst),
               "an instrument without id, version or title");
    FUZZ_CHECK(n_scales > 0 && inst->n_response_scales > 0 &&
                   assess_instrument_group_count(inst) > 0,
               "an instrument without scales, response scales or groups");
    for (size_t i = 0; i < assess_instrument_item_count(inst); i++) {
        FUZZ_CHECK(assess_instrument_item_id(inst, i), "item %zu: no id", i);
        FUZZ_CHECK(assess_instrument_item_scale(inst, i) < n_scales,
                   "item %zu: no scale", i);
        FUZZ_CHECK(inst->items[i].response_scale < inst->n_response_scales,
                   "item %zu: no response scale", i);
        FUZZ_CHECK(instrument_find_item(inst, inst->items[i].id,
                                        strlen(inst->items[i].id)) == i,
                   "item '%s' is not found by its id", inst->items[i].id);
    }
    for (size_t s = 0; s < n_scales; s++) {
        const inst_scale *sc = &inst->scales[s];
        uint32_t *items, rs;
        size_t n;
        FUZZ_CHECK(assess_instrument_scale_id(inst, s), "scale %zu: no id", s);
        for (uint32_t p = 0; p < sc->n_parts; p++)
            FUZZ_CHECK(sc->parts[p] < n_scales && sc->parts[p] != s,
                       "scale '%s': part %u unresolved", sc->id, p);
        items = instrument_scale_items(inst, (uint32_t)s, &n, &rs);
        FUZZ_CHECK(items != NULL, "instrument_scale_items failed");
        FUZZ_CHECK(n <= inst->n_items, "scale '%s': %zu items", sc->id, n);
        free(items);
    }
    for (size_t g = 0; g < assess_instrument_group_count(inst); g++)
        FUZZ_CHECK(assess_instrument_group_id(inst, g) &&
                       assess_instrument_group_role(inst, g),
                   "group %zu: no id or role", g);
    for (size_t k = 0; k < inst->n_norms; k++)
        FUZZ_CHECK(inst->norms[k].scale < n_scales &&
                       (inst->norms[k].group == NORM_ANY_GROUP ||
                        inst->norms[k].group < inst->n_groups),
                   "norm %zu unresolved", k);
}

/* One answer per item, the top of its scale, read back from the table. */
static void check_reading(const assess_instrument *inst)
{
    char *csv = NULL, *dump = NULL;
    size_t csv_len = 0;
    FILE *f = open_memstream(&csv, &csv_len);
    assess_read_options opts;
    assess_responses *r = NULL;
    const assess_account *a;
    assess_error err;
    assess_status st;
    const char *line;

    FUZZ_CHECK(f != NULL, "open_memstream failed");
    fprintf(f, "subject_id,rater_id,rater_group,wave,item_id,value\n");
    for (size_t i = 0; i < inst->n_items; i++)
        fprintf(f, "S,R,%s,1,%s,%.17g\n", inst->groups[0].id,
                inst->items[i].id,
                inst->response_scales[inst->items[i].response_scale].max);
    FUZZ_CHECK(fclose(f) == 0, "cannot write the responses");

    assess_read_options_init(&opts);
    opts.diag = NULL;
    assess_error_init(&err);
    r = assess_responses_new(inst, &opts, &err);
    FUZZ_CHECK(r != NULL, "assess_responses_new: %s", err.message);
    st = assess_responses_begin(r, "fuzz.csv", &err);
    if (st == ASSESS_OK)
        st = assess_responses_feed(r, csv, csv_len, &err);
    if (st == ASSESS_OK)
        st = assess_responses_end(r, &err);
    FUZZ_CHECK(st == ASSESS_OK, "reading: %s:%lu: %s", err.file, err.line,
               err.message);
    a = assess_responses_account(r);
    FUZZ_CHECK(a->rows_used == inst->n_items && a->rows_rejected == 0,
               "%llu of %zu answers used",
               (unsigned long long)a->rows_used, inst->n_items);
    dump = assess_responses_dump(r);
    FUZZ_CHECK(dump != NULL, "assess_responses_dump failed");
    line = dump;
    for (size_t i = 0; i < inst->n_items; i++) {
        const char *end = strchr(line, '\n'), *comma;
        double max = inst->response_scales[inst->items[i].response_scale].max;
        FUZZ_CHECK(end != NULL, "the table has %zu answers of %zu", i,
                   inst->n_items);
        comma = end;
        while (comma > line && comma[-1] != ',')
            comma--;
        FUZZ_CHECK(strtod(comma, NULL) == max,
                   "item '%s': %.17g stored as '%.*s'", inst->items[i].id,
                   max, (int)(end - comma), comma);
        line = end + 1;
    }
    free(dump);
    assess_responses_free(r);
    free(csv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    assess_error err;
    assess_instrument *inst;

    assess_error_init(&err);
    inst = assess_instrument_load_memory((const char *)data, size, "fuzz.xml",
                                         on_diag, NULL, &err);
    if (!inst) {
        FUZZ_CHECK(err.status != ASSESS_OK && err.message[0] != '\0',
                   "a failed load without an error");
        fuzz_check_message("error", err.message);
        return 0;
    }
    check_loaded(inst);
    check_reading(inst);
    assess_instrument_free(inst);
    return 0;
}
