/*
 * output_rows.c - the rows of score tables and tidy tables as typed cells
 * (output_rows.h): the columns, types and values of the CSV writers
 * (output_score_csv.c, output_table_csv.c), for programs that read them
 * through the API and for the SQLite writer.  An empty CSV field is a NULL
 * cell; `true`/`false` a BOOLEAN.  tests/test_api.c checks every table,
 * cell by cell, against its CSV.
 */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base_error.h"
#include "output_rows.h"

#define T ASSESS_TYPE_TEXT
#define I ASSESS_TYPE_INTEGER
#define R ASSESS_TYPE_REAL
#define B ASSESS_TYPE_BOOLEAN

static const rows_column scale_columns[] = {
    { "subject_id", T }, { "wave", T }, { "scale", T }, { "group", T },
    { "n", I }, { "mean", R }, { "sd", R }, { "min", R }, { "max", R },
    { "suppressed", B }, { "norm_z", R }, { "norm_t", R },
    { "norm_percentile", R }, { "gap", R }, { "gap_flag", T },
    { "rank", I }, { "tie", B }, { "signature", B }, { "reason", T },
};

static const rows_column item_columns[] = {
    { "subject_id", T }, { "wave", T }, { "scale", T }, { "item", T },
    { "group", T }, { "n", I }, { "mean", R }, { "raw_mean", R },
    { "sd", R }, { "min", R }, { "max", R }, { "suppressed", B },
    { "highest", I }, { "lowest", I }, { "reason", T },
};

static const rows_column rater_columns[] = {
    { "subject_id", T }, { "rater_id", T }, { "rater_group", T },
    { "wave", T }, { "scale", T }, { "score", R }, { "n_items", I },
    { "reason", T },
};

static const rows_column table_columns[] = {
    { "subject_id", T }, { "wave", T }, { "scale", T }, { "item", T },
    { "group", T }, { "statistic", T }, { "value", R }, { "ci_low", R },
    { "ci_high", R }, { "n", I }, { "note", T },
};

#undef T
#undef I
#undef R
#undef B

#define COUNT(a) (sizeof (a) / sizeof *(a))

/* ---- Cells ---------------------------------------------------------------- */

static void put_null(rows_cell *c)
{
    c->type = ASSESS_TYPE_NULL;
    c->text = NULL;
    c->i = 0;
    c->x = 0;
}

/* Text; "" and NULL are NULL, as an empty CSV field. */
static void put_text(rows_cell *c, const char *s)
{
    put_null(c);
    if (s && *s) {
        c->type = ASSESS_TYPE_TEXT;
        c->text = s;
    }
}

static void put_real(rows_cell *c, int present, double x)
{
    put_null(c);
    if (present) {
        c->type = ASSESS_TYPE_REAL;
        c->x = x;
    }
}

static void put_int(rows_cell *c, int present, int64_t i)
{
    put_null(c);
    if (present) {
        c->type = ASSESS_TYPE_INTEGER;
        c->i = i;
    }
}

static void put_bool(rows_cell *c, int present, int b)
{
    put_null(c);
    if (present) {
        c->type = ASSESS_TYPE_BOOLEAN;
        c->i = b != 0;
    }
}

/* A count the tidy table holds as a double (n): an integer when whole, as
 * the CSV prints it then. */
static void put_count(rows_cell *c, int present, double x)
{
    if (present && x == floor(x) && fabs(x) < 9007199254740992.0)
        put_int(c, 1, (int64_t)x);
    else
        put_real(c, present, x);
}

/* A reason in words, kept with the rows; NULL when out of memory. */
static const char *keep_text(assess_rows *r, const char *s, int *failed)
{
    uint32_t i;
    if (!*s)
        return "";
    i = strtab_intern(&r->texts, s, strlen(s), NULL);
    if (i == STRTAB_NONE) {
        *failed = 1;
        return NULL;
    }
    return strtab_str(&r->texts, i);
}

/* ---- Score tables ------------------------------------------------------- */

static int scale_row(assess_rows *r, size_t w)
{
    const assess_score *s = r->s;
    const score_block *b = r->v.b;
    uint32_t k = (uint32_t)(w / s->n_groups_out);
    const stat_row *row = &score_scale_rows(&r->v, k)[w % s->n_groups_out];
    rows_cell *c = r->cells;
    char why[REASON_SIZE];
    int failed = 0;

    put_text(&c[0], strtab_str(&s->resp->subjects, b->subject));
    put_text(&c[1], strtab_str(&s->resp->waves, b->wave));
    put_text(&c[2], s->inst->scales[k].id);
    put_text(&c[3], score_group_id(s, row->group));
    put_int(&c[4], !row->suppressed, row->n);
    put_real(&c[5], row->has_mean, row->mean);
    put_real(&c[6], row->has_sd, row->sd);
    put_real(&c[7], row->has_mean, row->min);
    put_real(&c[8], row->has_mean, row->max);
    put_bool(&c[9], 1, row->suppressed);
    put_real(&c[10], row->has_norm, row->z);
    put_real(&c[11], row->has_norm, row->t);
    put_real(&c[12], row->has_norm, row->percentile);
    put_real(&c[13], row->has_gap, row->gap);
    put_text(&c[14], row->has_gap ? score_gap_flag(row->flag) : NULL);
    put_int(&c[15], row->rank > 0, row->rank);
    put_bool(&c[16], row->rank > 0, row->tie);
    put_bool(&c[17], row->rank > 0, row->signature);
    put_text(&c[18], keep_text(r, score_reasons(s, row, row->reasons |
                                                row->gap_reasons, why),
                               &failed));
    return failed ? -1 : 0;
}

static int item_row(assess_rows *r, size_t w)
{
    const assess_score *s = r->s;
    const assess_instrument *inst = s->inst;
    const score_block *b = r->v.b;
    uint32_t i = (uint32_t)(w / s->n_groups_out);
    const stat_row *row = &score_item_rows(&r->v, i)[w % s->n_groups_out];
    rows_cell *c = r->cells;
    char why[REASON_SIZE];
    int failed = 0;

    put_text(&c[0], strtab_str(&s->resp->subjects, b->subject));
    put_text(&c[1], strtab_str(&s->resp->waves, b->wave));
    put_text(&c[2], inst->scales[inst->items[i].scale].id);
    put_text(&c[3], inst->items[i].id);
    put_text(&c[4], score_group_id(s, row->group));
    put_int(&c[5], !row->suppressed, row->n);
    put_real(&c[6], row->has_mean, row->mean);
    put_real(&c[7], row->has_mean, row->raw_mean);
    put_real(&c[8], row->has_sd, row->sd);
    put_real(&c[9], row->has_mean, row->min);
    put_real(&c[10], row->has_mean, row->max);
    put_bool(&c[11], 1, row->suppressed);
    put_int(&c[12], row->highlight > 0, row->highlight);
    put_int(&c[13], row->lowlight > 0, row->lowlight);
    put_text(&c[14], keep_text(r, score_reasons(s, row, row->reasons, why),
                               &failed));
    return failed ? -1 : 0;
}

/* Row k of response set `set` (scores worked out for it). */
static int rater_row(assess_rows *r, size_t set, uint32_t k)
{
    const assess_score *s = r->s;
    const assess_responses *resp = s->resp;
    const resp_set *rs = &resp->sets[set];
    double score = r->scores[k];
    rows_cell *c = r->cells;
    char why[REASON_SIZE];
    int failed = 0;

    put_text(&c[0], strtab_str(&resp->subjects, rs->subject));
    put_text(&c[1], strtab_str(&resp->raters, rs->rater));
    put_text(&c[2], s->inst->groups[rs->group].id);
    put_text(&c[3], strtab_str(&resp->waves, rs->wave));
    put_text(&c[4], s->inst->scales[k].id);
    put_real(&c[5], score == score, score);
    put_int(&c[6], 1, r->answered[k]);
    put_text(&c[7], keep_text(r, score_reasons(s, NULL, r->why[k], why),
                              &failed));
    return failed ? -1 : 0;
}

static int score_cells(assess_rows *r, size_t i)
{
    const assess_score *s = r->s;
    size_t unit = i / r->per, w = i % r->per;

    if (r->table == ASSESS_TABLE_RATERS) {
        size_t set = s->order[unit];
        if (unit != r->unit) {
            score_set(s, set, r->scores, r->answered, r->why);
            r->unit = unit;
        }
        return rater_row(r, set, (uint32_t)w);
    }
    if (unit != r->unit) {
        score_rows_compute(&r->v, &s->blocks[unit]);
        r->unit = unit;
    }
    return r->table == ASSESS_TABLE_SCALES ? scale_row(r, w) : item_row(r, w);
}

/* ---- Tidy tables -------------------------------------------------------- */

static void table_cells(assess_rows *r, size_t i)
{
    const table_row *row = &r->t->rows[i];
    rows_cell *c = r->cells;

    put_text(&c[0], row->subject);
    put_text(&c[1], row->wave);
    put_text(&c[2], row->scale);
    put_text(&c[3], row->item);
    put_text(&c[4], row->group);
    put_text(&c[5], row->statistic);
    put_real(&c[6], row->has_value, row->value);
    put_real(&c[7], row->has_ci, row->lo);
    put_real(&c[8], row->has_ci, row->hi);
    put_count(&c[9], row->has_n, row->n);
    put_text(&c[10], row->note);
}

const rows_cell *rows_cells(assess_rows *r, size_t i)
{
    assert(i < r->n_rows);
    if (i == r->row)
        return r->cells;
    r->row = SIZE_MAX;
    if (r->t)
        table_cells(r, i);
    else if (score_cells(r, i) < 0)
        return NULL;
    r->row = i;
    return r->cells;
}

/* ---- The API -------------------------------------------------------------- */

static assess_rows *rows_new(const char *name, const rows_column *cols,
                             size_t n_cols)
{
    assess_rows *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    assert(n_cols <= ROWS_MAX_COLUMNS);
    r->name = name;
    r->cols = cols;
    r->n_cols = n_cols;
    r->unit = SIZE_MAX;
    r->row = SIZE_MAX;
    arena_init(&r->arena);
    strtab_init(&r->texts, &r->arena);
    return r;
}

void assess_rows_free(assess_rows *r)
{
    if (!r)
        return;
    if (r->s && r->table != ASSESS_TABLE_RATERS)
        score_rows_free(&r->v);
    free(r->scores);
    free(r->answered);
    free(r->why);
    strtab_release(&r->texts);
    arena_release(&r->arena);
    free(r);
}

assess_rows *assess_score_rows(const assess_score *s, assess_score_table table,
                               assess_error *err)
{
    const assess_instrument *inst = s->inst;
    assess_rows *r = NULL;

    switch (table) {
    case ASSESS_TABLE_SCALES:
        r = rows_new("scores", scale_columns, COUNT(scale_columns));
        break;
    case ASSESS_TABLE_ITEMS:
        r = rows_new("items", item_columns, COUNT(item_columns));
        break;
    case ASSESS_TABLE_RATERS:
        /* as assess_score_write_csv(): research only */
        if (!s->opts.research) {
            error_set(err, ASSESS_EUSAGE, NULL, 0,
                      "the per-rater table holds rater ids and the scores "
                      "of raters the anonymity minimums withhold: it is "
                      "for research only (--research)");
            return NULL;
        }
        r = rows_new("raters", rater_columns, COUNT(rater_columns));
        break;
    default:
        error_set(err, ASSESS_EUSAGE, NULL, 0, "no score table %d",
                  (int)table);
        return NULL;
    }
    if (!r)
        goto oom;
    r->s = s;
    r->table = table;
    if (table == ASSESS_TABLE_RATERS) {
        size_t ns = inst->n_scales ? inst->n_scales : 1;
        r->per = inst->n_scales;
        r->n_rows = s->resp->n_sets * inst->n_scales;
        r->scores = malloc(ns * sizeof *r->scores);
        r->answered = malloc(ns * sizeof *r->answered);
        r->why = malloc(ns * sizeof *r->why);
        if (!r->scores || !r->answered || !r->why)
            goto oom;
        return r;
    }
    if (score_rows_init(&r->v, s) < 0) {
        r->table = ASSESS_TABLE_RATERS; /* nothing of v to free */
        goto oom;
    }
    r->per = (table == ASSESS_TABLE_SCALES ? inst->n_scales : inst->n_items) *
             s->n_groups_out;
    /* the item table has rows only with item statistics */
    r->n_rows = table == ASSESS_TABLE_ITEMS && !s->opts.items
                    ? 0
                    : s->n_blocks * r->per;
    return r;
oom:
    assess_rows_free(r);
    error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    return NULL;
}

assess_rows *assess_table_rows(const assess_table *t, assess_error *err)
{
    assess_rows *r;
    if (t->stream.out || t->stream.rows) {
        error_set(err, ASSESS_EUSAGE, NULL, 0,
                  "the %s table was written as it was computed, and its "
                  "rows were not kept: compute it without a stream to read "
                  "them", t->command);
        return NULL;
    }
    r = rows_new(t->command, table_columns, COUNT(table_columns));
    if (!r) {
        error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    r->t = t;
    r->n_rows = t->n_rows;
    return r;
}

const char *assess_rows_name(const assess_rows *r)
{
    return r->name;
}

size_t assess_rows_count(const assess_rows *r)
{
    return r->n_rows;
}

size_t assess_rows_column_count(const assess_rows *r)
{
    return r->n_cols;
}

const char *assess_rows_column_name(const assess_rows *r, size_t col)
{
    return col < r->n_cols ? r->cols[col].name : NULL;
}

assess_type assess_rows_column_type(const assess_rows *r, size_t col)
{
    return col < r->n_cols ? r->cols[col].type : ASSESS_TYPE_NULL;
}

/* The cell, or NULL past the end or when out of memory. */
static const rows_cell *cell(assess_rows *r, size_t row, size_t col)
{
    const rows_cell *c;
    if (row >= r->n_rows || col >= r->n_cols)
        return NULL;
    c = rows_cells(r, row);
    return c ? &c[col] : NULL;
}

assess_type assess_rows_type(assess_rows *r, size_t row, size_t col)
{
    const rows_cell *c = cell(r, row, col);
    return c ? c->type : ASSESS_TYPE_NULL;
}

const char *assess_rows_text(assess_rows *r, size_t row, size_t col)
{
    const rows_cell *c = cell(r, row, col);
    return c && c->type == ASSESS_TYPE_TEXT ? c->text : NULL;
}

int64_t assess_rows_integer(assess_rows *r, size_t row, size_t col)
{
    const rows_cell *c = cell(r, row, col);
    return c && (c->type == ASSESS_TYPE_INTEGER ||
                 c->type == ASSESS_TYPE_BOOLEAN)
               ? c->i
               : 0;
}

double assess_rows_real(assess_rows *r, size_t row, size_t col)
{
    const rows_cell *c = cell(r, row, col);
    if (!c)
        return 0;
    if (c->type == ASSESS_TYPE_REAL)
        return c->x;
    if (c->type == ASSESS_TYPE_INTEGER)
        return (double)c->i;
    return 0;
}
