/*
 * input_reader.c - CSV response files into the response table.
 *
 * The header decides the layout (long: one answer a row; wide: one rater a
 * row, one column an item) and where each standard column is.  Every data
 * row is then either stored whole or rejected whole with a diagnostic and
 * a reason in the account: a row is checked completely before anything of
 * it is stored, so a rejected row leaves no trace in the table.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input_csv_stream.h"
#include "base_number.h"
#include "input_reader.h"
#include "base_utf8.h"

enum column {
    COL_SUBJECT, COL_RATER, COL_GROUP, COL_WAVE, COL_ITEM, COL_VALUE,
    COL_DURATION, /* optional, either layout: seconds the rater took */
    COL__COUNT
};

static const char *const column_names[COL__COUNT] = {
    "subject_id", "rater_id", "rater_group", "wave", "item_id", "value",
    "duration",
};

#define NO_COLUMN SIZE_MAX
#define NO_ITEM UINT32_MAX
#define DEFAULT_WAVE "1"

/* A checked answer, waiting for its row to be accepted. */
typedef struct answer {
    uint32_t item;
    slot_state state;
    double value;
    unsigned missing;
} answer;

typedef struct reader {
    assess_responses *r;
    const char *name; /* in the table's arena */
    uint32_t file;
    csv_stream *stream;

    int have_header;
    unsigned long skip_left;
    assess_layout layout;
    size_t n_columns;
    size_t col[COL__COUNT];
    uint32_t *item_of; /* wide: item of each column, or NO_ITEM */
    answer *answers;   /* wide: one per item column */

    /* ids of the last row stored, to skip lookups on runs of one rater */
    uint32_t last_subject, last_rater, last_wave;
    size_t last_set;
    uint32_t last_item; /* long: the item of the last row */

    /* Long, when the id columns (subject, rater and those of wave and
     * group there are) lie side by side, first..last: their bytes in the
     * last row stored, which went to last_set; none kept when
     * last_ids_len is 0 (the bytes of two columns are never empty: a NUL
     * lies between them). */
    size_t ids_first, ids_last;
    char *last_ids;
    size_t last_ids_len, last_ids_cap;

    assess_account before; /* the account when the file began */
} reader;

static void reader_free(reader *rd)
{
    if (!rd)
        return;
    csv_stream_free(rd->stream);
    free(rd->last_ids);
    free(rd->item_of);
    free(rd->answers);
    free(rd);
}

/* ---- Header ------------------------------------------------------------- */

/* The standard name or item id a header column stands for. */
static const char *canonical(const assess_responses *r, const char *header)
{
    for (size_t i = 0; i < r->n_map; i++)
        if (strcmp(r->map[i].header, header) == 0)
            return r->map[i].name;
    for (size_t i = 0; i < r->n_map; i++)
        if (strcmp(r->map[i].name, header) == 0)
            return NULL; /* the name is mapped to another column */
    return header;
}

static int standard_index(const char *name)
{
    for (int c = 0; c < COL__COUNT; c++)
        if (strcmp(name, column_names[c]) == 0)
            return c;
    return -1;
}

/* Appends a column name to a warning list, up to a few names. */
static void list_add(char *buf, size_t size, size_t *count, const char *name)
{
    size_t len = strlen(buf);
    char q[QUOTE_SIZE];
    if (*count < 8 && len + 4 < size)
        snprintf(buf + len, size - len, "%s'%s'", *count ? ", " : "",
                 quote_text(q, sizeof q, name, strlen(name)));
    else if (*count == 8 && len + 6 < size)
        snprintf(buf + len, size - len, ", ...");
    (*count)++;
}

/* Where the id columns lie, when side by side in a long file. */
static void id_columns(reader *rd)
{
    static const int ids[] = { COL_SUBJECT, COL_RATER, COL_WAVE, COL_GROUP };
    size_t first = SIZE_MAX, last = 0, n = 0;

    rd->ids_first = rd->ids_last = NO_COLUMN;
    if (rd->layout != ASSESS_LAYOUT_LONG)
        return;
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
        size_t c = rd->col[ids[i]];
        if (c == NO_COLUMN)
            continue;
        n++;
        first = c < first ? c : first;
        last = c > last ? c : last;
    }
    if (last - first + 1 == n) {
        rd->ids_first = first;
        rd->ids_last = last;
    }
}

static assess_status read_header(reader *rd, csv_record *rec,
                                 assess_error *err)
{
    assess_responses *r = rd->r;
    const assess_instrument *inst = r->inst;
    char extra[512] = "", absent[512] = "";
    size_t n_extra = 0, n_absent = 0, n_items = 0;
    char q[QUOTE_SIZE];
    unsigned char *item_seen = NULL;
    assess_status st = ASSESS_OK;

    rd->n_columns = rec->n_fields;
    for (int c = 0; c < COL__COUNT; c++)
        rd->col[c] = NO_COLUMN;
    rd->item_of = malloc(rec->n_fields * sizeof *rd->item_of);
    item_seen = calloc(inst->n_items + 1, 1);
    if (!rd->item_of || !item_seen) {
        st = error_set(err, ASSESS_ENOMEM, rd->name, rec->line, "out of memory");
        goto out;
    }

    for (size_t i = 0; i < rec->n_fields; i++) {
        const char *h = rec->field[i];
        if (!utf8_valid(h, rec->len[i])) {
            st = error_set(err, ASSESS_EFORMAT, rd->name, rec->line,
                           "header: column %zu: '%s' is not valid UTF-8 text",
                           i + 1, quote_text(q, sizeof q, h, rec->len[i]));
            goto out;
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(rec->field[j], h) == 0) {
                st = error_set(err, ASSESS_EFORMAT, rd->name, rec->line,
                               "header: column '%s' appears twice (columns "
                               "%zu and %zu)",
                               quote_text(q, sizeof q, h, rec->len[i]), j + 1,
                               i + 1);
                goto out;
            }
    }

    for (size_t i = 0; i < rec->n_fields; i++) {
        const char *name = canonical(r, rec->field[i]);
        int c = name ? standard_index(name) : -1;
        rd->item_of[i] = NO_ITEM;
        if (c >= 0) {
            rd->col[c] = i;
            continue;
        }
        if (name) {
            uint32_t item = instrument_find_item(inst, name, strlen(name));
            if (item != STRTAB_NONE) {
                rd->item_of[i] = item;
                item_seen[item] = 1;
                n_items++;
                continue;
            }
        }
    }
    for (size_t m = 0; m < r->n_map; m++) {
        size_t i;
        for (i = 0; i < rec->n_fields; i++)
            if (strcmp(rec->field[i], r->map[m].header) == 0)
                break;
        if (i == rec->n_fields) {
            st = error_set(err, ASSESS_EFORMAT, rd->name, rec->line,
                           "header: column '%s' (mapped to %s) is not there",
                           quote_text(q, sizeof q, r->map[m].header,
                                      strlen(r->map[m].header)),
                           r->map[m].name);
            goto out;
        }
    }

    rd->layout = r->opts.layout;
    if (rd->layout == ASSESS_LAYOUT_AUTO) {
        if (rd->col[COL_ITEM] != NO_COLUMN && rd->col[COL_VALUE] != NO_COLUMN)
            rd->layout = ASSESS_LAYOUT_LONG;
        else if (n_items > 0)
            rd->layout = ASSESS_LAYOUT_WIDE;
        else {
            st = error_set(err, ASSESS_EFORMAT, rd->name, rec->line,
                           "header: cannot tell the layout: there are neither "
                           "item_id and value columns (long) nor columns "
                           "named by items of instrument '%s' (wide)",
                           inst->id);
            goto out;
        }
    }

    for (int c = 0; c < COL__COUNT; c++) {
        int required = c == COL_SUBJECT || c == COL_RATER ||
                       (rd->layout == ASSESS_LAYOUT_LONG &&
                        (c == COL_ITEM || c == COL_VALUE));
        if (required && rd->col[c] == NO_COLUMN) {
            st = error_set(err, ASSESS_EFORMAT, rd->name, rec->line,
                           "header: the required column '%s' is missing "
                           "(rename it with --map %s=NAME)",
                           column_names[c], column_names[c]);
            goto out;
        }
    }
    if (rd->col[COL_GROUP] == NO_COLUMN && inst->n_groups > 1) {
        st = error_set(err, ASSESS_EFORMAT, rd->name, rec->line,
                       "header: the required column 'rater_group' is missing: "
                       "instrument '%s' defines %zu rater groups",
                       inst->id, inst->n_groups);
        goto out;
    }
    if (rd->layout == ASSESS_LAYOUT_WIDE && n_items == 0) {
        st = error_set(err, ASSESS_EFORMAT, rd->name, rec->line,
                       "header: no column is named by an item of instrument "
                       "'%s' (wide layout)", inst->id);
        goto out;
    }

    /* Warn once about what the header holds that will not be read. */
    for (size_t i = 0; i < rec->n_fields; i++) {
        const char *name = canonical(r, rec->field[i]);
        int c = name ? standard_index(name) : -1;
        if (c >= 0 && (rd->layout == ASSESS_LAYOUT_LONG ||
                       (c != COL_ITEM && c != COL_VALUE)))
            continue;
        if (rd->item_of[i] != NO_ITEM && rd->layout == ASSESS_LAYOUT_WIDE)
            continue;
        rd->item_of[i] = NO_ITEM;
        list_add(extra, sizeof extra, &n_extra, rec->field[i]);
    }
    if (n_extra)
        diag_emit(&r->sink, ASSESS_WARNING, rd->name, rec->line,
                  ASSESS_REJECT_NONE, "header: %zu column%s not read: %s",
                  n_extra, n_extra == 1 ? "" : "s", extra);
    if (rd->layout == ASSESS_LAYOUT_WIDE) {
        for (size_t i = 0; i < inst->n_items; i++)
            if (!item_seen[i])
                list_add(absent, sizeof absent, &n_absent, inst->items[i].id);
        if (n_absent)
            diag_emit(&r->sink, ASSESS_WARNING, rd->name, rec->line,
                      ASSESS_REJECT_NONE,
                      "header: %zu item%s of instrument '%s' ha%s no column "
                      "and will be missing: %s",
                      n_absent, n_absent == 1 ? "" : "s", inst->id,
                      n_absent == 1 ? "s" : "ve", absent);
        rd->answers = malloc((n_items ? n_items : 1) * sizeof *rd->answers);
        if (!rd->answers) {
            st = error_set(err, ASSESS_ENOMEM, rd->name, rec->line,
                           "out of memory");
            goto out;
        }
    }
    id_columns(rd);
    rd->have_header = 1;
out:
    free(item_seen);
    return st;
}

/* ---- Rows --------------------------------------------------------------- */

static void reject(reader *rd, unsigned long line, assess_reject reason,
                   const char *fmt, ...) PRINTF_LIKE(4, 5);

static void reject(reader *rd, unsigned long line, assess_reject reason,
                   const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_emit(&rd->r->sink, ASSESS_ERROR, rd->name, line, reason, "%s", msg);
}

/* Case-insensitive equality of field text and a NUL-terminated string. */
static int same_text(const char *s, size_t len, const char *t)
{
    return strlen(t) == len && strncasecmp(s, t, len) == 0;
}

/*
 * Reads one value for `item`.  Returns ASSESS_REJECT_NONE and fills `a`,
 * or the reason the value cannot be stored (already reported).
 */
static assess_reject read_value(reader *rd, unsigned long line, uint32_t item,
                                const char *s, size_t len, answer *a)
{
    const assess_instrument *inst = rd->r->inst;
    const inst_item *it = &inst->items[item];
    const inst_response_scale *rs = &inst->response_scales[it->response_scale];
    char q[QUOTE_SIZE];
    double v;
    int digit = 0;

    a->item = item;
    a->missing = 0;
    a->value = 0;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    while (len && (*s == ' ' || *s == '\t'))
        s++, len--;
    if (len == 0) {
        a->state = SLOT_BLANK;
        return ASSESS_REJECT_NONE;
    }
    /* Most values are one digit: whole, and read without number_parse. */
    if (len == 1 && *s >= '0' && *s <= '9') {
        v = *s - '0';
        digit = 1;
    }
    if (digit || number_parse(s, len, &v) == 0) {
        for (size_t k = 0; k < rs->n_missing; k++)
            if (rs->missing[k].value == v) {
                a->state = SLOT_MISSING;
                a->missing = (unsigned)k;
                return ASSESS_REJECT_NONE;
            }
        if (v < rs->min || v > rs->max) {
            reject(rd, line, ASSESS_REJECT_OUT_OF_RANGE,
                   "item '%s': value %s is outside %.15g..%.15g", it->id,
                   quote_text(q, sizeof q, s, len), rs->min, rs->max);
            return ASSESS_REJECT_OUT_OF_RANGE;
        }
        if (!rs->continuous && !digit && !number_is_whole(v)) {
            reject(rd, line, ASSESS_REJECT_NOT_WHOLE,
                   "item '%s': value %s is not a whole number (response "
                   "scale '%s' is integer)",
                   it->id, quote_text(q, sizeof q, s, len), rs->id);
            return ASSESS_REJECT_NOT_WHOLE;
        }
        a->state = SLOT_VALUE;
        a->value = v;
        return ASSESS_REJECT_NONE;
    }
    /* Survey tools often export the label instead of the code. */
    for (size_t k = 0; k < rs->n_labels; k++)
        if (same_text(s, len, rs->labels[k].text)) {
            a->state = SLOT_VALUE;
            a->value = rs->labels[k].value;
            return ASSESS_REJECT_NONE;
        }
    for (size_t k = 0; k < rs->n_missing; k++)
        if (same_text(s, len, rs->missing[k].text)) {
            a->state = SLOT_MISSING;
            a->missing = (unsigned)k;
            return ASSESS_REJECT_NONE;
        }
    reject(rd, line, ASSESS_REJECT_NOT_A_NUMBER,
           "item '%s': '%s' is neither a number nor a label of response "
           "scale '%s'",
           it->id, quote_text(q, sizeof q, s, len), rs->id);
    return ASSESS_REJECT_NOT_A_NUMBER;
}

/* An id field: present, valid UTF-8, no NUL.  Reports and returns a reason. */
static assess_reject check_id(reader *rd, unsigned long line,
                              const char *what, const char *s, size_t len)
{
    char q[QUOTE_SIZE];
    if (len == 0) {
        reject(rd, line, ASSESS_REJECT_MISSING_ID, "%s is empty", what);
        return ASSESS_REJECT_MISSING_ID;
    }
    if (!utf8_valid(s, len)) {
        reject(rd, line, ASSESS_REJECT_BAD_TEXT,
               "%s '%s' is not valid UTF-8 text (or holds a NUL byte)", what,
               quote_text(q, sizeof q, s, len));
        return ASSESS_REJECT_BAD_TEXT;
    }
    return ASSESS_REJECT_NONE;
}

/* The ids of a row, checked; interned only when the row is stored. */
typedef struct row_ids {
    const char *subject, *rater, *wave;
    size_t subject_len, rater_len, wave_len;
    uint32_t group;
} row_ids;

static assess_reject read_ids(reader *rd, const csv_record *rec, row_ids *ids)
{
    const assess_instrument *inst = rd->r->inst;
    size_t c;
    assess_reject why;
    char q[QUOTE_SIZE];

    c = rd->col[COL_SUBJECT];
    ids->subject = rec->field[c];
    ids->subject_len = rec->len[c];
    if ((why = check_id(rd, rec->line, "subject_id", ids->subject,
                        ids->subject_len)))
        return why;
    c = rd->col[COL_RATER];
    ids->rater = rec->field[c];
    ids->rater_len = rec->len[c];
    if ((why = check_id(rd, rec->line, "rater_id", ids->rater, ids->rater_len)))
        return why;
    c = rd->col[COL_WAVE];
    ids->wave = c == NO_COLUMN ? DEFAULT_WAVE : rec->field[c];
    ids->wave_len = c == NO_COLUMN ? strlen(DEFAULT_WAVE) : rec->len[c];
    if ((why = check_id(rd, rec->line, "wave", ids->wave, ids->wave_len)))
        return why;
    c = rd->col[COL_GROUP];
    if (c == NO_COLUMN) {
        ids->group = 0;
        return ASSESS_REJECT_NONE;
    }
    if (rec->len[c] == 0 && !inst->implicit_group) {
        reject(rd, rec->line, ASSESS_REJECT_MISSING_ID, "rater_group is empty");
        return ASSESS_REJECT_MISSING_ID;
    }
    ids->group = instrument_find_group(inst, rec->field[c], rec->len[c]);
    if (ids->group == NO_GROUP) {
        char known[256] = "";
        for (size_t g = 0; g < inst->n_groups; g++) {
            size_t len = strlen(known);
            snprintf(known + len, sizeof known - len, "%s%s", g ? ", " : "",
                     inst->groups[g].id);
        }
        reject(rd, rec->line, ASSESS_REJECT_UNKNOWN_GROUP,
               "rater group '%s' is not one of instrument '%s' (%s)",
               quote_text(q, sizeof q, rec->field[c], rec->len[c]), inst->id,
               known);
        return ASSESS_REJECT_UNKNOWN_GROUP;
    }
    return ASSESS_REJECT_NONE;
}

/* Short ids compare faster byte by byte than through memcmp. */
static inline int same_bytes(const char *a, const char *b, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

static int same_id(const strtab *t, uint32_t idx, const char *s, size_t len)
{
    return idx != STRTAB_NONE && t->len[idx] == len &&
           same_bytes(t->str[idx], s, len);
}

/*
 * The set a checked row belongs to: found (*found = 1) or, when `create`,
 * added with interned ids.  SIZE_MAX with *found = 0 when absent and not
 * created; SIZE_MAX with *found = -1 when out of memory.
 */
static size_t find_or_add_set(reader *rd, const row_ids *ids,
                              unsigned long line, int create, int *found)
{
    assess_responses *r = rd->r;
    uint32_t subject, rater, wave;
    size_t set;

    *found = 0;
    if (same_id(&r->subjects, rd->last_subject, ids->subject, ids->subject_len) &&
        same_id(&r->raters, rd->last_rater, ids->rater, ids->rater_len) &&
        same_id(&r->waves, rd->last_wave, ids->wave, ids->wave_len)) {
        *found = 1;
        return rd->last_set;
    }
    subject = strtab_find(&r->subjects, ids->subject, ids->subject_len);
    rater = strtab_find(&r->raters, ids->rater, ids->rater_len);
    wave = strtab_find(&r->waves, ids->wave, ids->wave_len);
    set = responses_find_set(r, subject, rater, wave);
    if (set != SIZE_MAX) {
        *found = 1;
    } else if (create) {
        subject = strtab_intern(&r->subjects, ids->subject, ids->subject_len, NULL);
        rater = strtab_intern(&r->raters, ids->rater, ids->rater_len, NULL);
        wave = strtab_intern(&r->waves, ids->wave, ids->wave_len, NULL);
        if (subject == STRTAB_NONE || rater == STRTAB_NONE || wave == STRTAB_NONE)
            set = SIZE_MAX;
        else
            set = responses_add_set(r, subject, rater, wave, ids->group, line,
                                    rd->file);
        if (set == SIZE_MAX) {
            *found = -1;
            return SIZE_MAX;
        }
    } else {
        return SIZE_MAX;
    }
    rd->last_subject = subject;
    rd->last_rater = rater;
    rd->last_wave = wave;
    rd->last_set = set;
    rd->last_ids_len = 0;
    return set;
}

static const char *file_of(const assess_responses *r, const resp_set *s)
{
    return r->files[s->file];
}

/* An interned id as messages show ids: quoted, since an id may hold any
 * character but NUL (a line end, in a quoted field). */
static const char *quote_id(char *buf, const strtab *t, uint32_t i)
{
    return quote_text(buf, QUOTE_SIZE, t->str[i], t->len[i]);
}

/* A rater keeps one group on one subject in one wave. */
static assess_reject check_group(reader *rd, const csv_record *rec,
                                 const row_ids *ids, size_t set)
{
    assess_responses *r = rd->r;
    const resp_set *s = &r->sets[set];
    char q[QUOTE_SIZE], qs[QUOTE_SIZE], qw[QUOTE_SIZE];
    if (s->group == ids->group)
        return ASSESS_REJECT_NONE;
    reject(rd, rec->line, ASSESS_REJECT_GROUP_CONFLICT,
           "rater '%s' of subject '%s' in wave '%s' is in group '%s' (%s:%lu), "
           "here '%s'",
           quote_text(q, sizeof q, ids->rater, ids->rater_len),
           quote_id(qs, &r->subjects, s->subject),
           quote_id(qw, &r->waves, s->wave),
           r->inst->groups[s->group].id, file_of(r, s), s->line,
           r->inst->groups[ids->group].id);
    return ASSESS_REJECT_GROUP_CONFLICT;
}

static void store(assess_responses *r, size_t set, const answer *a)
{
    responses_put(r, set, a->item, a->state, a->value, a->missing);
    r->account.answers++;
    if (a->state != SLOT_VALUE)
        r->account.missing++;
}

static assess_status oom(reader *rd, const csv_record *rec, assess_error *err)
{
    return error_set(err, ASSESS_ENOMEM, rd->name, rec->line, "out of memory");
}

/* The bytes of a long row's id columns when they lie side by side: the
 * fields of a record lie one after another (input_csv_stream.h). */
static const char *id_bytes(const reader *rd, const csv_record *rec,
                            size_t *len)
{
    const char *a = rec->field[rd->ids_first];
    *len = (size_t)(rec->field[rd->ids_last] - a) + rec->len[rd->ids_last];
    return a;
}

/*
 * Whether a row's ids are, byte for byte, those of the last row stored:
 * then they were checked then, and the row belongs to the last set.  A
 * long export has one row an answer, and a rater's answers together.
 * With the id columns side by side, one comparison of their bytes.
 */
static int same_ids_as_last(const reader *rd, const csv_record *rec)
{
    const assess_responses *r = rd->r;
    size_t c, len;

    if (rd->last_subject == STRTAB_NONE)
        return 0;
    if (rd->ids_first != NO_COLUMN) {
        const char *ids = id_bytes(rd, rec, &len);
        return len == rd->last_ids_len && memcmp(ids, rd->last_ids, len) == 0;
    }
    c = rd->col[COL_SUBJECT];
    if (!same_id(&r->subjects, rd->last_subject, rec->field[c], rec->len[c]))
        return 0;
    c = rd->col[COL_RATER];
    if (!same_id(&r->raters, rd->last_rater, rec->field[c], rec->len[c]))
        return 0;
    c = rd->col[COL_WAVE];
    if (c != NO_COLUMN &&
        !same_id(&r->waves, rd->last_wave, rec->field[c], rec->len[c]))
        return 0;
    c = rd->col[COL_GROUP];
    if (c != NO_COLUMN) {
        const char *g = r->inst->groups[r->sets[rd->last_set].group].id;
        if (strlen(g) != rec->len[c] || !same_bytes(g, rec->field[c], rec->len[c]))
            return 0;
    }
    return 1;
}

/* Keeps the id bytes of a row stored in last_set for same_ids_as_last();
 * -1 when out of memory. */
static int keep_ids(reader *rd, const csv_record *rec)
{
    size_t len;
    const char *ids;

    if (rd->ids_first == NO_COLUMN)
        return 0;
    ids = id_bytes(rd, rec, &len);
    if (len > rd->last_ids_cap) {
        size_t cap = len < 64 ? 64 : len * 2;
        char *p = realloc(rd->last_ids, cap);
        if (!p)
            return -1;
        rd->last_ids = p;
        rd->last_ids_cap = cap;
    }
    memcpy(rd->last_ids, ids, len);
    rd->last_ids_len = len;
    return 0;
}

/* The item of an item_id field, or STRTAB_NONE.  A rater's rows mostly
 * follow the instrument's order, so the item after the last is tried
 * first. */
static uint32_t find_item(reader *rd, const char *s, size_t len)
{
    const strtab *ids = &rd->r->inst->item_ids;
    uint32_t next = rd->last_item + 1 < ids->count ? rd->last_item + 1 : 0;

    if (next < ids->count && ids->len[next] == len &&
        same_bytes(ids->str[next], s, len))
        return rd->last_item = next;
    next = instrument_find_item(rd->r->inst, s, len);
    if (next != STRTAB_NONE)
        rd->last_item = next;
    return next;
}

/* Whether the row's rater is one the screen's list leaves out
 * (input_screened.h): the row is then rejected as screened, without a
 * diagnostic, as the user asked for it. */
static int screened_out(const reader *rd, const row_ids *ids)
{
    const screened *s = rd->r->screened;
    return s && screened_has(s, ids->subject, ids->subject_len, ids->rater,
                             ids->rater_len, ids->wave, ids->wave_len);
}

/*
 * The set's duration from the row's `duration` column, when it has one
 * and the set none yet: seconds, a number from 0 up; an empty field says
 * nothing, another text is a warning and leaves the duration unknown.
 */
static void read_duration(reader *rd, const csv_record *rec, size_t set)
{
    size_t c = rd->col[COL_DURATION];
    resp_set *s = &rd->r->sets[set];
    const char *f;
    size_t len;
    double v;
    char q[QUOTE_SIZE];

    if (c == NO_COLUMN || !isnan(s->duration))
        return;
    f = rec->field[c];
    len = rec->len[c];
    while (len && (f[len - 1] == ' ' || f[len - 1] == '\t'))
        len--;
    while (len && (*f == ' ' || *f == '\t'))
        f++, len--;
    if (len == 0)
        return;
    if (number_parse(f, len, &v) == 0 && v >= 0 && v <= 3.0e38)
        s->duration = (float)v;
    else
        diag_emit(&rd->r->sink, ASSESS_WARNING, rd->name, rec->line,
                  ASSESS_REJECT_NONE,
                  "duration '%s' is not a number of seconds: taken as "
                  "unknown", quote_text(q, sizeof q, f, len));
}

static assess_reject long_row(reader *rd, const csv_record *rec,
                              assess_status *st, assess_error *err)
{
    assess_responses *r = rd->r;
    row_ids ids;
    answer a;
    assess_reject why;
    size_t set, c = rd->col[COL_ITEM];
    uint32_t item;
    int found;
    char q[QUOTE_SIZE], qs[QUOTE_SIZE], qw[QUOTE_SIZE];
    int same = same_ids_as_last(rd, rec);

    if (same) {
        ids.rater = rec->field[rd->col[COL_RATER]];
        ids.rater_len = rec->len[rd->col[COL_RATER]];
    } else if ((why = read_ids(rd, rec, &ids))) {
        return why;
    } else if (screened_out(rd, &ids)) {
        return ASSESS_REJECT_SCREENED;
    }
    /* An item found is a valid id: only a field that is none is checked. */
    item = find_item(rd, rec->field[c], rec->len[c]);
    if (item == STRTAB_NONE &&
        (why = check_id(rd, rec->line, "item_id", rec->field[c], rec->len[c])))
        return why;
    if (item == STRTAB_NONE) {
        reject(rd, rec->line, ASSESS_REJECT_UNKNOWN_ITEM,
               "item '%s' is not in instrument '%s'",
               quote_text(q, sizeof q, rec->field[c], rec->len[c]), r->inst->id);
        return ASSESS_REJECT_UNKNOWN_ITEM;
    }
    c = rd->col[COL_VALUE];
    if ((why = read_value(rd, rec->line, item, rec->field[c], rec->len[c], &a)))
        return why;
    if (same) {
        set = rd->last_set;
        found = 1;
    } else {
        set = find_or_add_set(rd, &ids, rec->line, 0, &found);
    }
    if (found) {
        if (!same && (why = check_group(rd, rec, &ids, set)))
            return why;
        if (!responses_unset(r, set, item)) {
            reject(rd, rec->line, ASSESS_REJECT_DUPLICATE,
                   "item '%s' is answered twice by rater '%s' for subject "
                   "'%s' in wave '%s'",
                   r->inst->items[item].id,
                   quote_text(q, sizeof q, ids.rater, ids.rater_len),
                   quote_id(qs, &r->subjects, r->sets[set].subject),
                   quote_id(qw, &r->waves, r->sets[set].wave));
            return ASSESS_REJECT_DUPLICATE;
        }
    } else {
        set = find_or_add_set(rd, &ids, rec->line, 1, &found);
        if (found < 0) {
            *st = oom(rd, rec, err);
            return ASSESS_REJECT_NONE;
        }
    }
    if (!same && keep_ids(rd, rec) != 0) {
        *st = oom(rd, rec, err);
        return ASSESS_REJECT_NONE;
    }
    store(r, set, &a);
    read_duration(rd, rec, set);
    return ASSESS_REJECT_NONE;
}

static assess_reject wide_row(reader *rd, const csv_record *rec,
                              assess_status *st, assess_error *err)
{
    assess_responses *r = rd->r;
    row_ids ids;
    assess_reject why, first = ASSESS_REJECT_NONE;
    size_t n = 0, set;
    int found;

    if ((why = read_ids(rd, rec, &ids)))
        return why;
    if (screened_out(rd, &ids))
        return ASSESS_REJECT_SCREENED;
    /* Check every value, reporting each bad one; the row's reason is the
     * first. */
    for (size_t i = 0; i < rec->n_fields; i++) {
        if (rd->item_of[i] == NO_ITEM)
            continue;
        why = read_value(rd, rec->line, rd->item_of[i], rec->field[i],
                         rec->len[i], &rd->answers[n++]);
        if (why && !first)
            first = why;
    }
    if (first)
        return first;
    set = find_or_add_set(rd, &ids, rec->line, 0, &found);
    if (found) {
        const resp_set *s = &r->sets[set];
        char q[QUOTE_SIZE], qs[QUOTE_SIZE], qw[QUOTE_SIZE];
        reject(rd, rec->line, ASSESS_REJECT_DUPLICATE,
               "rater '%s' already answered for subject '%s' in wave '%s' "
               "(%s:%lu)",
               quote_text(q, sizeof q, ids.rater, ids.rater_len),
               quote_id(qs, &r->subjects, s->subject),
               quote_id(qw, &r->waves, s->wave), file_of(r, s), s->line);
        return ASSESS_REJECT_DUPLICATE;
    }
    set = find_or_add_set(rd, &ids, rec->line, 1, &found);
    if (found < 0) {
        *st = oom(rd, rec, err);
        return ASSESS_REJECT_NONE;
    }
    for (size_t k = 0; k < n; k++)
        store(r, set, &rd->answers[k]);
    read_duration(rd, rec, set);
    return ASSESS_REJECT_NONE;
}

assess_status reader_record(void *userdata, csv_record *rec,
                            assess_error *err)
{
    reader *rd = userdata;
    assess_account *acc = &rd->r->account;
    assess_status st = ASSESS_OK;
    assess_reject why;

    if (!rd->have_header) {
        acc->header_rows++;
        return read_header(rd, rec, err);
    }
    if (rd->skip_left) {
        rd->skip_left--;
        acc->header_rows++;
        return ASSESS_OK;
    }
    acc->rows_read++;
    if (rec->n_fields != rd->n_columns) {
        reject(rd, rec->line, ASSESS_REJECT_COLUMN_COUNT,
               "%zu field%s where the header has %zu", rec->n_fields,
               rec->n_fields == 1 ? "" : "s", rd->n_columns);
        why = ASSESS_REJECT_COLUMN_COUNT;
    } else if (rd->layout == ASSESS_LAYOUT_LONG) {
        why = long_row(rd, rec, &st, err);
    } else {
        why = wide_row(rd, rec, &st, err);
    }
    if (st != ASSESS_OK)
        return st;
    if (why) {
        acc->rows_rejected++;
        acc->rejected[why]++;
    } else {
        acc->rows_used++;
    }
    return ASSESS_OK;
}

/*
 * The reader of a new file of r, `name` (kept, not copied), added to r's
 * files; it reads from the file's first byte, a header first.  NULL when
 * out of memory.
 */
static reader *reader_new(assess_responses *r, const char *name)
{
    reader *rd;

    if (r->n_files == r->files_cap) {
        size_t cap = r->files_cap ? r->files_cap * 2 : 8;
        const char **files = realloc(r->files, cap * sizeof *files);
        if (!files)
            return NULL;
        r->files = files;
        r->files_cap = cap;
    }
    if (!(rd = calloc(1, sizeof *rd)))
        return NULL;
    rd->r = r;
    rd->name = name;
    rd->file = (uint32_t)r->n_files;
    rd->last_subject = rd->last_rater = rd->last_wave = STRTAB_NONE;
    rd->last_item = UINT32_MAX;
    rd->stream = csv_stream_new(name, reader_record, rd);
    if (!rd->stream) {
        free(rd);
        return NULL;
    }
    r->files[r->n_files++] = name;
    r->reader = rd;
    r->reader_free = reader_free;
    return rd;
}

/* ---- For the ways of reading a file (input_reader.h) ----------------- */

reader *reader_part(const reader *from, assess_responses *part)
{
    reader *rd = reader_new(part, from->name);

    if (!rd)
        return NULL;
    rd->have_header = 1;
    part->screened = from->r->screened;
    part->screened_borrowed = 1;
    rd->layout = from->layout;
    rd->n_columns = from->n_columns;
    memcpy(rd->col, from->col, sizeof rd->col);
    rd->ids_first = from->ids_first;
    rd->ids_last = from->ids_last;
    rd->item_of = malloc(from->n_columns * sizeof *rd->item_of);
    /* at most a column an item */
    rd->answers = from->answers ? malloc(from->n_columns * sizeof *rd->answers)
                                : NULL;
    if (!rd->item_of || (from->answers && !rd->answers))
        return NULL; /* freed with the part's table */
    memcpy(rd->item_of, from->item_of, from->n_columns * sizeof *rd->item_of);
    csv_stream_take_up(rd->stream, 1, 0);
    return rd;
}

csv_stream *reader_stream(const reader *rd)
{
    return rd->stream;
}

int reader_in_data(const reader *rd)
{
    return rd->have_header && rd->skip_left == 0;
}

uint32_t reader_file(const reader *rd)
{
    return rd->file;
}

const char *reader_name(const reader *rd)
{
    return rd->name;
}

const assess_responses *reader_table(const reader *rd)
{
    return rd->r;
}

uint64_t reader_rows(const reader *rd)
{
    return rd->r->account.rows_read - rd->before.rows_read;
}

/* ---- Entry points ------------------------------------------------------- */

assess_status assess_responses_begin(assess_responses *r, const char *name,
                                     assess_error *err)
{
    reader *rd;
    const char *copy;

    if (r->reader)
        return error_set(err, ASSESS_EUSAGE, name, 0,
                         "a file is already being read");
    copy = arena_strdup(&r->arena, name ? name : "-");
    if (!copy || !(rd = reader_new(r, copy)))
        return error_set(err, ASSESS_ENOMEM, name, 0, "out of memory");
    rd->skip_left = r->opts.skip_rows;
    rd->before = r->account;
    return ASSESS_OK;
}

assess_status assess_responses_feed(assess_responses *r, const void *data,
                                    size_t len, assess_error *err)
{
    if (!r->reader)
        return error_set(err, ASSESS_EUSAGE, NULL, 0, "no file begun");
    return csv_stream_feed(r->reader->stream, data, len, err);
}

assess_status responses_end_records(assess_responses *r, assess_status st,
                                    unsigned long blank,
                                    unsigned long last_line,
                                    assess_error *err)
{
    reader *rd = r->reader;
    uint64_t rejected;

    r->account.blank_lines += blank;
    if (st == ASSESS_OK && !rd->have_header)
        st = error_set(err, ASSESS_EFORMAT, rd->name, 1,
                       "the file is empty: no header row");
    if (st == ASSESS_OK && r->account.rows_read == rd->before.rows_read)
        diag_emit(&r->sink, ASSESS_WARNING, rd->name, last_line,
                  ASSESS_REJECT_NONE, "no data rows after the header");
    /* Raters left out as asked (exclude_flagged) are no problem of the
     * file's. */
    rejected = r->account.rows_rejected - rd->before.rows_rejected -
               (r->account.rejected[ASSESS_REJECT_SCREENED] -
                rd->before.rejected[ASSESS_REJECT_SCREENED]);
    if (st == ASSESS_OK && r->opts.strict && rejected)
        st = error_set(err, ASSESS_EDATA, rd->name, 0,
                       "%llu row%s rejected (strict)",
                       (unsigned long long)rejected, rejected == 1 ? "" : "s");
    reader_free(rd);
    r->reader = NULL;
    return st;
}

assess_status responses_end_file(assess_responses *r, assess_status st,
                                 assess_error *err)
{
    csv_stream *stream = r->reader->stream;
    if (st == ASSESS_OK)
        st = csv_stream_finish(stream, err);
    return responses_end_records(r, st, csv_stream_blank_lines(stream),
                                 csv_stream_line(stream), err);
}

assess_status assess_responses_end(assess_responses *r, assess_error *err)
{
    if (!r->reader)
        return error_set(err, ASSESS_EUSAGE, NULL, 0, "no file begun");
    return responses_end_file(r, ASSESS_OK, err);
}

