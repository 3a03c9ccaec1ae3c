/*
 * input_costs.c - reading the costs and the benefits of a coaching
 * programme for `assess roi`: CSV files with named columns in any order
 * (others ignored), small and made by hand, so the first problem stops
 * the read with its file and line.
 *
 * Costs: subject_id,cost, a row a cost; a row with an empty subject_id is
 * a cost of the programme (design, administration, evaluation), spread
 * over its subjects; a subject may have several rows (fees, assessments,
 * the executive's time), which add up.
 *
 * Benefits: subject_id,benefit_id,description,annual_value,attribution,
 * confidence (description may be left out): an estimate of one annual
 * benefit, with the share of it due to coaching and the estimator's
 * confidence, both fractions from 0 to 1.  A benefit with an empty
 * annual_value, attribution or confidence has no estimate: it is kept and
 * counted, and adds nothing (Phillips' guiding principles: no data, no
 * improvement).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "input_csv_stream.h"
#include "base_error.h"
#include "input_costs.h"
#include "base_number.h"
#include "base_utf8.h"

/* ---- One reader for both files ------------------------------------------ */

enum { MAX_COLS = 6 };

typedef struct sheet {
    const char *name;                 /* the file, for messages */
    const char *kind;                 /* "a costs file" */
    const char *const *cols;          /* column names */
    const unsigned char *required;    /* by column */
    size_t n_cols;
    const char *needs;                /* "subject_id and cost" */
    int have_header;
    size_t col[MAX_COLS];             /* SIZE_MAX: absent */
    size_t n_fields;
    /* a data row, its fields by column ("" when the column is absent) */
    assess_status (*row)(struct sheet *sh, const char *const *field,
                         const size_t *len, unsigned long line,
                         assess_error *err);
    void *target;
} sheet;

static assess_status header(sheet *sh, csv_record *rec, assess_error *err)
{
    for (size_t c = 0; c < sh->n_cols; c++) {
        sh->col[c] = SIZE_MAX;
        for (size_t i = 0; i < rec->n_fields; i++) {
            if (strcmp(rec->field[i], sh->cols[c]) == 0) {
                if (sh->col[c] != SIZE_MAX)
                    return error_set(err, ASSESS_EFORMAT, sh->name, rec->line,
                                     "column '%s' appears twice in the header",
                                     sh->cols[c]);
                sh->col[c] = i;
            }
        }
        if (sh->col[c] == SIZE_MAX && sh->required[c])
            return error_set(err, ASSESS_EFORMAT, sh->name, rec->line,
                             "no column '%s': %s needs %s", sh->cols[c],
                             sh->kind, sh->needs);
    }
    sh->n_fields = rec->n_fields;
    sh->have_header = 1;
    return ASSESS_OK;
}

static assess_status on_record(void *userdata, csv_record *rec,
                               assess_error *err)
{
    sheet *sh = userdata;
    const char *field[MAX_COLS];
    size_t len[MAX_COLS];

    if (!sh->have_header)
        return header(sh, rec, err);
    if (rec->n_fields != sh->n_fields)
        return error_set(err, ASSESS_EDATA, sh->name, rec->line,
                         "%zu fields where the header has %zu",
                         rec->n_fields, sh->n_fields);
    for (size_t c = 0; c < sh->n_cols; c++) {
        size_t i = sh->col[c];
        field[c] = i == SIZE_MAX ? "" : rec->field[i];
        len[c] = i == SIZE_MAX ? 0 : rec->len[i];
        if (!utf8_valid(field[c], len[c]))
            return error_set(err, ASSESS_EDATA, sh->name, rec->line,
                             "%s is not valid UTF-8 text (or holds a NUL byte)",
                             sh->cols[c]);
    }
    return sh->row(sh, field, len, rec->line, err);
}

/* Reads `path` through the sheet; ASSESS_OK or the first problem. */
static assess_status read_sheet(sheet *sh, const char *path, assess_error *err)
{
    assess_status st = csv_read_file(path, sh->name, on_record, sh, err);
    if (st == ASSESS_OK && !sh->have_header)
        st = error_set(err, ASSESS_EFORMAT, path, 0,
                       "empty: %s needs a header with %s", sh->kind, sh->needs);
    return st;
}

/* A number of money: finite and 0 or more. */
static int money(const char *s, size_t len, double *v)
{
    return number_parse(s, len, v) == 0 && isfinite(*v) && *v >= 0;
}

/* ---- Costs -------------------------------------------------------------- */

enum { C_SUBJECT, C_COST, C_COLS };
static const char *const cost_cols[C_COLS] = { "subject_id", "cost" };
static const unsigned char cost_required[C_COLS] = { 1, 1 };

static assess_status cost_row_of(sheet *sh, const char *const *field,
                                 const size_t *len, unsigned long line,
                                 assess_error *err)
{
    assess_costs *c = sh->target;
    char q[QUOTE_SIZE];
    cost_row r = { 0 };

    if (!money(field[C_COST], len[C_COST], &r.cost))
        return error_set(err, ASSESS_EDATA, sh->name, line,
                         "cost '%s' is not a number of 0 or more",
                         quote_text(q, sizeof q, field[C_COST], len[C_COST]));
    if (*field[C_SUBJECT]) {
        r.subject = arena_strdup(&c->arena, field[C_SUBJECT]);
        if (!r.subject)
            return error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    }
    r.line = line;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        cost_row *rows = realloc(c->rows, cap * sizeof *rows);
        if (!rows)
            return error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
        c->rows = rows;
        c->cap = cap;
    }
    c->rows[c->n++] = r;
    return ASSESS_OK;
}

void assess_costs_free(assess_costs *c)
{
    if (!c)
        return;
    arena_release(&c->arena);
    free(c->rows);
    free(c);
}

assess_costs *assess_costs_read_file(const char *path, assess_error *err)
{
    assess_costs *c = calloc(1, sizeof *c);
    if (!c) {
        error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    arena_init(&c->arena);
    c->file = arena_strdup(&c->arena, path);
    sheet sh = { .name = c->file, .kind = "a costs file", .cols = cost_cols,
                 .required = cost_required, .n_cols = C_COLS,
                 .needs = "subject_id and cost", .row = cost_row_of,
                 .target = c };
    if (!c->file) {
        error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
        assess_costs_free(c);
        return NULL;
    }
    if (read_sheet(&sh, path, err) != ASSESS_OK) {
        assess_costs_free(c);
        return NULL;
    }
    return c;
}

/* ---- Benefits ----------------------------------------------------------- */

enum { B_SUBJECT, B_ID, B_DESCRIPTION, B_VALUE, B_ATTRIBUTION, B_CONFIDENCE,
       B_COLS };
static const char *const benefit_cols[B_COLS] = {
    "subject_id", "benefit_id", "description", "annual_value", "attribution",
    "confidence"
};
static const unsigned char benefit_required[B_COLS] = { 1, 1, 0, 1, 1, 1 };

/* A fraction from 0 to 1, or empty (NAN); -1 after saying why. */
static assess_status fraction(const sheet *sh, const char *name,
                              const char *s, size_t len, unsigned long line,
                              double *v, assess_error *err)
{
    char q[QUOTE_SIZE];
    if (len == 0) {
        *v = NAN;
        return ASSESS_OK;
    }
    if (number_parse(s, len, v) == 0 && *v >= 0 && *v <= 1)
        return ASSESS_OK;
    /* a whole number of percent, 60 for 0.6 */
    if (number_parse(s, len, v) == 0 && *v >= 2 && *v <= 100 &&
        number_is_whole(*v))
        return error_set(err, ASSESS_EDATA, sh->name, line,
                         "%s '%s' is not a fraction from 0 to 1 (a share of "
                         "%s%% is written %g)", name,
                         quote_text(q, sizeof q, s, len),
                         quote_text(q, sizeof q, s, len), *v / 100);
    return error_set(err, ASSESS_EDATA, sh->name, line,
                     "%s '%s' is not a fraction from 0 to 1", name,
                     quote_text(q, sizeof q, s, len));
}

static assess_status benefit_row_of(sheet *sh, const char *const *field,
                                    const size_t *len, unsigned long line,
                                    assess_error *err)
{
    assess_benefits *b = sh->target;
    char q[QUOTE_SIZE];
    benefit_row r = { 0 };
    assess_status st;

    if (!*field[B_SUBJECT] || !*field[B_ID])
        return error_set(err, ASSESS_EDATA, sh->name, line, "%s is empty",
                         *field[B_SUBJECT] ? "benefit_id" : "subject_id");
    r.annual_value = NAN;
    if (len[B_VALUE] && !money(field[B_VALUE], len[B_VALUE], &r.annual_value))
        return error_set(err, ASSESS_EDATA, sh->name, line,
                         "annual_value '%s' is not a number of 0 or more",
                         quote_text(q, sizeof q, field[B_VALUE], len[B_VALUE]));
    if ((st = fraction(sh, "attribution", field[B_ATTRIBUTION],
                       len[B_ATTRIBUTION], line, &r.attribution, err)) ||
        (st = fraction(sh, "confidence", field[B_CONFIDENCE],
                       len[B_CONFIDENCE], line, &r.confidence, err)))
        return st;
    r.subject = arena_strdup(&b->arena, field[B_SUBJECT]);
    r.id = arena_strdup(&b->arena, field[B_ID]);
    r.description = arena_strdup(&b->arena, field[B_DESCRIPTION]);
    r.line = line;
    if (!r.subject || !r.id || !r.description)
        return error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        benefit_row *rows = realloc(b->rows, cap * sizeof *rows);
        if (!rows)
            return error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
        b->rows = rows;
        b->cap = cap;
    }
    b->rows[b->n++] = r;
    return ASSESS_OK;
}

static int by_subject(const void *x, const void *y)
{
    const benefit_row *a = x, *b = y;
    int c = strcmp(a->subject, b->subject);
    if (c)
        return c;
    c = strcmp(a->id, b->id);
    if (c)
        return c;
    return a->line < b->line ? -1 : a->line > b->line;
}

void assess_benefits_free(assess_benefits *b)
{
    if (!b)
        return;
    arena_release(&b->arena);
    free(b->rows);
    free(b);
}

assess_benefits *assess_benefits_read_file(const char *path,
                                           assess_error *err)
{
    assess_benefits *b = calloc(1, sizeof *b);
    if (!b) {
        error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    arena_init(&b->arena);
    b->file = arena_strdup(&b->arena, path);
    sheet sh = { .name = b->file, .kind = "a benefits file",
                 .cols = benefit_cols, .required = benefit_required,
                 .n_cols = B_COLS,
                 .needs = "subject_id, benefit_id, annual_value, attribution "
                          "and confidence",
                 .row = benefit_row_of, .target = b };
    if (!b->file) {
        error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
        goto fail;
    }
    if (read_sheet(&sh, path, err) != ASSESS_OK)
        goto fail;
    if (b->n)
        qsort(b->rows, b->n, sizeof *b->rows, by_subject);
    for (size_t i = 1; i < b->n; i++) {
        const benefit_row *x = &b->rows[i - 1], *y = &b->rows[i];
        if (strcmp(x->subject, y->subject) == 0 && strcmp(x->id, y->id) == 0) {
            error_set(err, ASSESS_EDATA, path, y->line,
                      "benefit '%s' of subject '%s' is already given on line "
                      "%lu", y->id, y->subject, x->line);
            goto fail;
        }
    }
    return b;
fail:
    assess_benefits_free(b);
    return NULL;
}
