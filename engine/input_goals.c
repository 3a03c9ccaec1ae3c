/*
 * input_goals.c - reading a goals file: CSV with the columns subject_id,
 * goal_id, weight and level (in any order, others ignored), one goal a
 * row.  A goals file is small and made by hand, so the first problem
 * stops the read with its line.
 */
#include <stdlib.h>
#include <string.h>

#include "input_csv_stream.h"
#include "base_error.h"
#include "input_goals.h"
#include "base_number.h"
#include "base_utf8.h"

enum { COL_SUBJECT, COL_GOAL, COL_WEIGHT, COL_LEVEL, N_COLS };
static const char *const col_names[N_COLS] = {
    "subject_id", "goal_id", "weight", "level"
};

typedef struct goals_reader {
    assess_goals *g;
    const char *name;
    int have_header;
    size_t col[N_COLS];
    size_t n_fields;
} goals_reader;

static assess_status header(goals_reader *rd, csv_record *rec, assess_error *err)
{
    for (int c = 0; c < N_COLS; c++) {
        rd->col[c] = SIZE_MAX;
        for (size_t i = 0; i < rec->n_fields; i++) {
            if (strcmp(rec->field[i], col_names[c]) == 0) {
                if (rd->col[c] != SIZE_MAX)
                    return error_set(err, ASSESS_EFORMAT, rd->name, rec->line,
                                     "column '%s' appears twice in the header",
                                     col_names[c]);
                rd->col[c] = i;
            }
        }
        if (rd->col[c] == SIZE_MAX)
            return error_set(err, ASSESS_EFORMAT, rd->name, rec->line,
                             "no column '%s': a goals file needs subject_id, "
                             "goal_id, weight and level", col_names[c]);
    }
    rd->n_fields = rec->n_fields;
    rd->have_header = 1;
    return ASSESS_OK;
}

static assess_status on_record(void *userdata, csv_record *rec,
                               assess_error *err)
{
    goals_reader *rd = userdata;
    assess_goals *g = rd->g;
    char q[QUOTE_SIZE];
    goal gl = { 0 };

    if (!rd->have_header)
        return header(rd, rec, err);
    if (rec->n_fields != rd->n_fields)
        return error_set(err, ASSESS_EDATA, rd->name, rec->line,
                         "%zu fields where the header has %zu",
                         rec->n_fields, rd->n_fields);
    for (int c = 0; c < N_COLS; c++) {
        size_t i = rd->col[c];
        if (!utf8_valid(rec->field[i], rec->len[i]))
            return error_set(err, ASSESS_EDATA, rd->name, rec->line,
                             "%s is not valid UTF-8 text (or holds a NUL byte)",
                             col_names[c]);
    }
    const char *subject = rec->field[rd->col[COL_SUBJECT]];
    const char *id = rec->field[rd->col[COL_GOAL]];
    if (!*subject || !*id)
        return error_set(err, ASSESS_EDATA, rd->name, rec->line, "%s is empty",
                         *subject ? "goal_id" : "subject_id");
    size_t wi = rd->col[COL_WEIGHT], li = rd->col[COL_LEVEL];
    if (number_parse(rec->field[wi], rec->len[wi], &gl.weight) < 0 ||
        !(gl.weight > 0))
        return error_set(err, ASSESS_EDATA, rd->name, rec->line,
                         "weight '%s' is not a number above 0",
                         quote_text(q, sizeof q, rec->field[wi], rec->len[wi]));
    if (number_parse(rec->field[li], rec->len[li], &gl.level) < 0 ||
        !number_is_whole(gl.level) || gl.level < -2 || gl.level > 2)
        return error_set(err, ASSESS_EDATA, rd->name, rec->line,
                         "level '%s' is not a whole number from -2 to +2",
                         quote_text(q, sizeof q, rec->field[li], rec->len[li]));
    gl.subject = arena_strdup(&g->arena, subject);
    gl.id = arena_strdup(&g->arena, id);
    gl.line = rec->line;
    if (!gl.subject || !gl.id)
        return error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 64;
        goal *goals = realloc(g->goals, cap * sizeof *goals);
        if (!goals)
            return error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
        g->goals = goals;
        g->cap = cap;
    }
    g->goals[g->n++] = gl;
    return ASSESS_OK;
}

static int by_subject(const void *a, const void *b)
{
    const goal *x = a, *y = b;
    int c = strcmp(x->subject, y->subject);
    if (c)
        return c;
    c = strcmp(x->id, y->id);
    if (c)
        return c;
    return x->line < y->line ? -1 : x->line > y->line;
}

void assess_goals_free(assess_goals *g)
{
    if (!g)
        return;
    arena_release(&g->arena);
    free(g->goals);
    free(g);
}

assess_goals *assess_goals_read_file(const char *path, assess_error *err)
{
    assess_goals *g = calloc(1, sizeof *g);
    goals_reader rd = { 0 };
    assess_status st = ASSESS_OK;

    if (!g) {
        error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    arena_init(&g->arena);
    g->file = arena_strdup(&g->arena, path);
    rd.g = g;
    rd.name = g->file;
    if (!g->file) {
        st = error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
        goto out;
    }
    if ((st = csv_read_file(path, rd.name, on_record, &rd, err)) != ASSESS_OK)
        goto out;
    if (!rd.have_header) {
        st = error_set(err, ASSESS_EFORMAT, path, 0,
                       "empty: a goals file needs a header with subject_id, "
                       "goal_id, weight and level");
        goto out;
    }
    if (g->n) /* goals is NULL when the file has none */
        qsort(g->goals, g->n, sizeof *g->goals, by_subject);
    for (size_t i = 1; i < g->n; i++) {
        const goal *a = &g->goals[i - 1], *b = &g->goals[i];
        if (strcmp(a->subject, b->subject) == 0 && strcmp(a->id, b->id) == 0) {
            st = error_set(err, ASSESS_EDATA, path, b->line,
                           "goal '%s' of subject '%s' is already given on "
                           "line %lu", b->id, b->subject, a->line);
            goto out;
        }
    }
out:
    if (st != ASSESS_OK) {
        assess_goals_free(g);
        return NULL;
    }
    return g;
}
