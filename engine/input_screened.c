/*
 * input_screened.c - the raters a screen flagged, read from its output
 * (input_screened.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_error.h"
#include "input_csv_stream.h"
#include "input_screened.h"

#define NO_COLUMN ((size_t)-1)

typedef struct parse {
    screened *s;
    const char *name;
    int have_header;
    size_t n_columns;
    size_t subject, rater, wave, note;
    char *key;
    size_t key_cap;
} parse;

/* "subject\0rater\0wave\0" (no wave: "subject\0rater\0\0") into p->key;
 * its length, or 0 when out of memory. */
static size_t make_key(parse *p, const char *subject, size_t sl,
                       const char *rater, size_t rl, const char *wave,
                       size_t wl)
{
    size_t len = sl + rl + wl + 3;
    if (len > p->key_cap) {
        char *k = realloc(p->key, len * 2);
        if (!k)
            return 0;
        p->key = k;
        p->key_cap = len * 2;
    }
    memcpy(p->key, subject, sl);
    p->key[sl] = 0;
    memcpy(p->key + sl + 1, rater, rl);
    p->key[sl + 1 + rl] = 0;
    memcpy(p->key + sl + rl + 2, wave, wl);
    p->key[len - 1] = 0;
    return len;
}

static assess_status header(parse *p, const csv_record *rec, assess_error *err)
{
    p->subject = p->rater = p->wave = p->note = NO_COLUMN;
    p->n_columns = rec->n_fields;
    for (size_t i = 0; i < rec->n_fields; i++) {
        const char *h = rec->field[i];
        if (strcmp(h, "subject_id") == 0)
            p->subject = i;
        else if (strcmp(h, "rater_id") == 0)
            p->rater = i;
        else if (strcmp(h, "wave") == 0)
            p->wave = i;
        else if (strcmp(h, "note") == 0)
            p->note = i;
    }
    if (p->subject == NO_COLUMN || p->rater == NO_COLUMN)
        return error_set(err, ASSESS_EFORMAT, p->name, rec->line,
                         "header: the raters to leave out need the columns "
                         "subject_id and rater_id (as assess screen writes "
                         "them)");
    p->have_header = 1;
    return ASSESS_OK;
}

static assess_status record(void *userdata, csv_record *rec, assess_error *err)
{
    parse *p = userdata;
    char q[QUOTE_SIZE];

    if (!p->have_header)
        return header(p, rec, err);
    if (rec->n_fields != p->n_columns)
        return error_set(err, ASSESS_EFORMAT, p->name, rec->line,
                         "%zu field%s where the header has %zu",
                         rec->n_fields, rec->n_fields == 1 ? "" : "s",
                         p->n_columns);
    if (p->note != NO_COLUMN &&
        strncmp(rec->field[p->note], "flagged", 7) != 0)
        return ASSESS_OK;
    if (rec->len[p->subject] == 0 || rec->len[p->rater] == 0)
        return error_set(err, ASSESS_EFORMAT, p->name, rec->line,
                         "%s is empty: a rater to leave out needs a subject "
                         "and a rater id",
                         rec->len[p->subject] == 0 ? "subject_id" : "rater_id");
    size_t wl = p->wave == NO_COLUMN ? 0 : rec->len[p->wave];
    if (p->wave != NO_COLUMN && wl == 0)
        return error_set(err, ASSESS_EFORMAT, p->name, rec->line,
                         "wave is empty for rater '%s'",
                         quote_text(q, sizeof q, rec->field[p->rater],
                                    rec->len[p->rater]));
    size_t len = make_key(p, rec->field[p->subject], rec->len[p->subject],
                          rec->field[p->rater], rec->len[p->rater],
                          p->wave == NO_COLUMN ? "" : rec->field[p->wave], wl);
    if (!len || strtab_intern(&p->s->keys, p->key, len, NULL) == STRTAB_NONE)
        return error_set(err, ASSESS_ENOMEM, p->name, rec->line,
                         "out of memory");
    p->s->listed++;
    return ASSESS_OK;
}

screened *screened_read(const char *path, assess_error *err)
{
    screened *s = calloc(1, sizeof *s);
    parse p = { .s = s, .name = path };
    csv_stream *stream = NULL;
    FILE *f = NULL;
    char buf[CSV_READ_SIZE];
    assess_status st = ASSESS_OK;
    size_t got;

    if (!s) {
        error_set(err, ASSESS_ENOMEM, path, 0, "out of memory");
        return NULL;
    }
    arena_init(&s->arena);
    strtab_init(&s->keys, &s->arena);
    stream = csv_stream_new(path, record, &p);
    if (!stream) {
        st = error_set(err, ASSESS_ENOMEM, path, 0, "out of memory");
        goto out;
    }
    f = fopen(path, "rb");
    if (!f) {
        st = error_set(err, ASSESS_EIO, path, 0,
                       "cannot open the raters to leave out: %s",
                       strerror(errno));
        goto out;
    }
    while (st == ASSESS_OK && (got = fread(buf, 1, sizeof buf, f)) > 0)
        st = csv_stream_feed(stream, buf, got, err);
    if (st == ASSESS_OK && ferror(f))
        st = error_set(err, ASSESS_EIO, path, 0, "cannot read: %s",
                       strerror(errno));
    if (st == ASSESS_OK)
        st = csv_stream_finish(stream, err);
    if (st == ASSESS_OK && !p.have_header)
        st = error_set(err, ASSESS_EFORMAT, path, 1,
                       "the file is empty: no header row");
out:
    if (f)
        fclose(f);
    csv_stream_free(stream);
    free(p.key);
    if (st != ASSESS_OK) {
        screened_free(s);
        return NULL;
    }
    return s;
}

void screened_free(screened *s)
{
    if (!s)
        return;
    strtab_release(&s->keys);
    arena_release(&s->arena);
    free(s);
}

int screened_has(const screened *s, const char *subject, size_t subject_len,
                 const char *rater, size_t rater_len, const char *wave,
                 size_t wave_len)
{
    char small[256];
    size_t len = subject_len + rater_len + wave_len + 3;
    char *key = len <= sizeof small ? small : malloc(len);
    int found;

    if (!key)
        return 0;
    memcpy(key, subject, subject_len);
    key[subject_len] = 0;
    memcpy(key + subject_len + 1, rater, rater_len);
    key[subject_len + 1 + rater_len] = 0;
    memcpy(key + subject_len + rater_len + 2, wave, wave_len);
    key[len - 1] = 0;
    found = strtab_find(&s->keys, key, len) != STRTAB_NONE;
    /* listed for every wave: no wave in the key */
    if (!found) {
        key[subject_len + rater_len + 2] = 0;
        found = strtab_find(&s->keys, key, subject_len + rater_len + 3) !=
                STRTAB_NONE;
    }
    if (key != small)
        free(key);
    return found;
}
