/*
 * input_subjects.c - reading a subjects file: CSV with the column
 * subject_id and any of name, organisation, role, coach and email (other
 * columns ignored), one subject a row.  Small and made by hand, so the
 * first problem stops the read with its line, as for goals.
 */
#include <stdlib.h>
#include <string.h>

#include "base_error.h"
#include "base_utf8.h"
#include "input_csv_stream.h"
#include "input_subjects.h"

static const char *const field_names[ASSESS_SUBJECT_FIELDS] = {
    [ASSESS_SUBJECT_NAME] = "name",
    [ASSESS_SUBJECT_ORGANISATION] = "organisation",
    [ASSESS_SUBJECT_ROLE] = "role",
    [ASSESS_SUBJECT_COACH] = "coach",
    [ASSESS_SUBJECT_EMAIL] = "email",
};

typedef struct subjects_reader {
    assess_subjects *s;
    const char *name;
    int have_header;
    size_t id_col;
    size_t col[ASSESS_SUBJECT_FIELDS]; /* SIZE_MAX: not in the file */
    size_t n_fields;
} subjects_reader;

static assess_status header(subjects_reader *rd, csv_record *rec,
                            assess_error *err)
{
    rd->id_col = SIZE_MAX;
    for (int f = 0; f < ASSESS_SUBJECT_FIELDS; f++)
        rd->col[f] = SIZE_MAX;
    for (size_t i = 0; i < rec->n_fields; i++) {
        const char *h = rec->field[i];
        size_t *slot = NULL;
        if (strcmp(h, "subject_id") == 0)
            slot = &rd->id_col;
        for (int f = 0; f < ASSESS_SUBJECT_FIELDS && !slot; f++)
            if (strcmp(h, field_names[f]) == 0)
                slot = &rd->col[f];
        if (!slot)
            continue;
        if (*slot != SIZE_MAX)
            return error_set(err, ASSESS_EFORMAT, rd->name, rec->line,
                             "column '%s' appears twice in the header", h);
        *slot = i;
    }
    if (rd->id_col == SIZE_MAX)
        return error_set(err, ASSESS_EFORMAT, rd->name, rec->line,
                         "no column 'subject_id': a subjects file needs it, "
                         "with any of name, organisation, role, coach, email");
    rd->n_fields = rec->n_fields;
    rd->have_header = 1;
    return ASSESS_OK;
}

static assess_status on_record(void *userdata, csv_record *rec,
                               assess_error *err)
{
    subjects_reader *rd = userdata;
    assess_subjects *s = rd->s;
    subject_info row = { 0 };

    if (!rd->have_header)
        return header(rd, rec, err);
    if (rec->n_fields != rd->n_fields)
        return error_set(err, ASSESS_EDATA, rd->name, rec->line,
                         "%zu fields where the header has %zu",
                         rec->n_fields, rd->n_fields);
    for (size_t i = 0; i < rec->n_fields; i++)
        if (!utf8_valid(rec->field[i], rec->len[i]))
            return error_set(err, ASSESS_EDATA, rd->name, rec->line,
                             "field %zu is not valid UTF-8 text (or holds a "
                             "NUL byte): save the file as UTF-8", i + 1);
    if (!*rec->field[rd->id_col])
        return error_set(err, ASSESS_EDATA, rd->name, rec->line,
                         "subject_id is empty");
    row.id = arena_strdup(&s->arena, rec->field[rd->id_col]);
    if (!row.id)
        return error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    for (int f = 0; f < ASSESS_SUBJECT_FIELDS; f++) {
        size_t c = rd->col[f];
        if (c == SIZE_MAX || !*rec->field[c])
            continue;
        if (!(row.field[f] = arena_strdup(&s->arena, rec->field[c])))
            return error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    }
    row.line = rec->line;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        subject_info *rows = realloc(s->rows, cap * sizeof *rows);
        if (!rows)
            return error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
        s->rows = rows;
        s->cap = cap;
    }
    s->rows[s->n++] = row;
    return ASSESS_OK;
}

static int by_id(const void *a, const void *b)
{
    const subject_info *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : x->line < y->line ? -1 : x->line > y->line;
}

void assess_subjects_free(assess_subjects *s)
{
    if (!s)
        return;
    arena_release(&s->arena);
    free(s->rows);
    free(s);
}

assess_subjects *assess_subjects_read_file(const char *path, assess_error *err)
{
    assess_subjects *s = calloc(1, sizeof *s);
    subjects_reader rd = { 0 };
    assess_status st = ASSESS_OK;

    if (!s) {
        error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    arena_init(&s->arena);
    rd.s = s;
    rd.name = arena_strdup(&s->arena, path);
    if (!rd.name) {
        st = error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
        goto out;
    }
    if ((st = csv_read_file(path, rd.name, on_record, &rd, err)) != ASSESS_OK)
        goto out;
    if (!rd.have_header) {
        st = error_set(err, ASSESS_EFORMAT, path, 0,
                       "empty: a subjects file needs a header with "
                       "subject_id and any of name, organisation, role, "
                       "coach, email");
        goto out;
    }
    if (s->n)
        qsort(s->rows, s->n, sizeof *s->rows, by_id);
    for (size_t i = 1; i < s->n; i++)
        if (strcmp(s->rows[i - 1].id, s->rows[i].id) == 0) {
            st = error_set(err, ASSESS_EDATA, path, s->rows[i].line,
                           "subject '%s' is already given on line %lu",
                           s->rows[i].id, s->rows[i - 1].line);
            goto out;
        }
out:
    if (st != ASSESS_OK) {
        assess_subjects_free(s);
        return NULL;
    }
    return s;
}

const char *assess_subjects_get(const assess_subjects *s, const char *id,
                                assess_subject_field field)
{
    size_t lo = 0, hi;
    if (!s || !id || (unsigned)field >= ASSESS_SUBJECT_FIELDS)
        return NULL;
    hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(s->rows[mid].id, id);
        if (c == 0)
            return s->rows[mid].field[field];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}
