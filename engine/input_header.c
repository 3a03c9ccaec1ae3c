/*
 * input_header.c - a response file's header rows into its layout.
 *
 * The first row names the columns.  The survey tool that wrote the file
 * is given (--from, the source map's tool) or told from that row
 * (input_tool.c); its exports may have more header rows: Qualtrics' and
 * SurveyMonkey's question text, Qualtrics' ImportId row, or as many as
 * the source map's <format header-rows> says.  Once the header is whole,
 * each column is taken as, in this order:
 *   1. what --map or the source map's <column> reads it as (by position,
 *      then by header; a header two columns have is refused unless a map
 *      names all but one of them by position);
 *   2. the standard column or item its header names (unless a map reads
 *      that name from another column);
 *   3. the tool's response id, as rater_id, when no column is that;
 *   4. the tool's marks (Finished, Status, submitdate) and metadata, read
 *      silently, and the columns of the source map's filters;
 *   2b. the question (<question>) its header names, or (wide files, as
 *      items in 5) whose wording it holds: its cells are written answers;
 *   5. the item whose wording its question text holds (wide files only):
 *      the whole text, what follows a " - " (Qualtrics' "question -
 *      statement", SurveyMonkey's two rows), or what a final "[...]"
 *      holds (Google Forms' and LimeSurvey's "question [statement]"),
 *      compared regardless of case, spacing, typographic quotes and final
 *      punctuation.  An item matched by two columns, or a text matching two
 *      items, is read from no second column and said.
 * Everything else is warned about once, as are the instrument's items
 * without a column.
 */
#include "input_header.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base_error.h"
#include "base_utf8.h"
#include "input_describe.h"
#include "input_instrument.h"
#include "input_source.h"

const char *const header_column_names[COL__COUNT] = {
    "subject_id", "rater_id", "rater_group", "wave", "item_id", "value",
    "duration",
};

struct header {
    assess_responses *r;
    const char *name;
    csv_format fmt;
    int begun, whole;
    size_t n;
    char **names;  /* row 1, or SurveyMonkey's two rows as one name */
    size_t *names_len;
    char **texts;  /* the question text row, or NULL */
    size_t *texts_len;
    unsigned long rows, line;
    unsigned long want;  /* header rows still to come */
    int maybe_import_id; /* Qualtrics: the next row may be ImportIds */
    assess_tool tool;
    int tool_told;
    file_layout lay;
};

static char **copy_fields(const csv_record *rec, size_t **lens)
{
    char **out = calloc(rec->n_fields ? rec->n_fields : 1, sizeof *out);
    *lens = calloc(rec->n_fields ? rec->n_fields : 1, sizeof **lens);
    if (!out || !*lens) {
        free(out);
        free(*lens);
        *lens = NULL;
        return NULL;
    }
    for (size_t i = 0; i < rec->n_fields; i++) {
        out[i] = malloc(rec->len[i] + 1);
        if (!out[i]) {
            for (size_t k = 0; k < i; k++)
                free(out[k]);
            free(out);
            free(*lens);
            *lens = NULL;
            return NULL;
        }
        memcpy(out[i], rec->field[i], rec->len[i] + 1);
        (*lens)[i] = rec->len[i];
    }
    return out;
}

static void free_fields(char **f, size_t n)
{
    if (!f)
        return;
    for (size_t i = 0; i < n; i++)
        free(f[i]);
    free(f);
}

header *header_new(assess_responses *r, const char *name,
                   const csv_format *fmt)
{
    header *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->r = r;
    h->name = name;
    h->fmt = *fmt;
    return h;
}

void header_free(header *h)
{
    if (!h)
        return;
    free_fields(h->names, h->n);
    free_fields(h->texts, h->n);
    free(h->names_len);
    free(h->texts_len);
    free(h->lay.item_of);
    free(h->lay.question_of);
    free(h->lay.filters);
    free(h);
}

int header_whole(const header *h)
{
    return h->whole;
}

int header_begun(const header *h)
{
    return h->begun;
}

const file_layout *header_layout(const header *h)
{
    return h->whole ? &h->lay : NULL;
}

/* ---- Messages ---------------------------------------------------------------- */

static void tell(header *h, assess_severity sev, const char *fmt, ...)
    PRINTF_LIKE(3, 4);

static void tell(header *h, assess_severity sev, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_emit(&h->r->sink, sev, h->name, h->line, ASSESS_REJECT_NONE, "%s",
              msg);
}

/* Appends a name to a list for a message, up to what fits. */
static void list_add(char *buf, size_t size, size_t *count, const char *name,
                     size_t max)
{
    size_t len = strlen(buf);
    char q[QUOTE_SIZE];
    if (*count < max && len + 4 < size)
        snprintf(buf + len, size - len, "%s'%s'", *count ? ", " : "",
                 quote_text(q, sizeof q, name, strlen(name)));
    else if (*count == max && len + 6 < size)
        snprintf(buf + len, size - len, ", ...");
    (*count)++;
}

/* ---- Wording ------------------------------------------------------------------ */

/*
 * The wording of s[0..len) as compared, into out (len + 1 bytes at
 * least): ASCII letters in lowercase, typographic quotes and apostrophes
 * as plain ones, a no-break space as a space, runs of white space as one,
 * none at the ends, and no final punctuation (. ? ! : ;).  Returns its
 * length.
 */
static size_t wording_key(const char *s, size_t len, char *out)
{
    size_t o = 0;
    int space = 0;

    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] == 0xa0) {
            i++;
            c = ' ';
        } else if (c == 0xe2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80) {
            unsigned char d = (unsigned char)s[i + 2];
            if (d == 0x98 || d == 0x99) {
                c = '\'';
                i += 2;
            } else if (d == 0x9c || d == 0x9d) {
                c = '"';
                i += 2;
            }
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = o > 0;
            continue;
        }
        if (space)
            out[o++] = ' ';
        space = 0;
        out[o++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : (char)c;
    }
    while (o > 0 && strchr(".?!:; ", out[o - 1]))
        o--;
    out[o] = '\0';
    return o;
}

/* The instrument's items' wordings as compared, by item. */
typedef struct wordings {
    char **key;
    size_t n;
} wordings;

static int wordings_make(wordings *w, const assess_instrument *inst)
{
    w->n = inst->n_items;
    w->key = calloc(w->n ? w->n : 1, sizeof *w->key);
    if (!w->key)
        return -1;
    for (size_t i = 0; i < w->n; i++) {
        const char *t = inst->items[i].text ? inst->items[i].text : "";
        w->key[i] = malloc(strlen(t) + 1);
        if (!w->key[i])
            return -1;
        wording_key(t, strlen(t), w->key[i]);
    }
    return 0;
}

static void wordings_free(wordings *w)
{
    for (size_t i = 0; w->key && i < w->n; i++)
        free(w->key[i]);
    free(w->key);
}

/* The instrument's questions' wordings as compared, by question. */
static int question_wordings_make(wordings *w, const assess_instrument *inst)
{
    w->n = inst->n_questions;
    w->key = calloc(w->n ? w->n : 1, sizeof *w->key);
    if (!w->key)
        return -1;
    for (size_t i = 0; i < w->n; i++) {
        const char *t = inst->questions[i].text;
        w->key[i] = malloc(strlen(t) + 1);
        if (!w->key[i])
            return -1;
        wording_key(t, strlen(t), w->key[i]);
    }
    return 0;
}

/* The item whose wording is s[0..len), NO_ITEM when none; *twice when
 * two items have it. */
static uint32_t item_worded(const wordings *w, const char *s, size_t len,
                            char *buf, int *twice)
{
    uint32_t found = NO_ITEM;
    size_t n = wording_key(s, len, buf);

    if (n == 0)
        return NO_ITEM;
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(w->key[i], buf) == 0) {
            if (found != NO_ITEM)
                *twice = 1;
            else
                found = (uint32_t)i;
        }
    return found;
}

/* The item a question text holds (see the top of the file). */
static uint32_t item_of_text(const wordings *w, const char *s, size_t len,
                             char *buf, int *twice)
{
    uint32_t item = item_worded(w, s, len, buf, twice);
    size_t end = len;

    if (item != NO_ITEM || *twice)
        return item;
    for (size_t i = 0; i + 3 <= len; i++)
        if (memcmp(s + i, " - ", 3) == 0) {
            item = item_worded(w, s + i + 3, len - i - 3, buf, twice);
            if (item != NO_ITEM || *twice)
                return item;
        }
    while (end && (s[end - 1] == ' ' || s[end - 1] == '\t'))
        end--;
    if (end && s[end - 1] == ']') {
        const char *open = NULL;
        for (size_t i = end - 1; i-- > 0;)
            if (s[i] == '[') {
                open = s + i;
                break;
            }
        if (open)
            return item_worded(w, open + 1, (size_t)(s + end - 1 - open - 1),
                               buf, twice);
    }
    return NO_ITEM;
}

/* ---- Settling the layout ------------------------------------------------------ */

static int standard_index(const char *name)
{
    for (int c = 0; c < COL__COUNT; c++)
        if (strcmp(name, header_column_names[c]) == 0)
            return c;
    return -1;
}

/* The map entry that reads column i (named `name`), or NULL. */
static const map_entry *map_for(const assess_responses *r, size_t i,
                                const char *name)
{
    for (size_t k = 0; k < r->n_map; k++)
        if (r->map[k].position == i + 1)
            return &r->map[k];
    for (size_t k = 0; k < r->n_map; k++)
        if (r->map[k].header && strcmp(r->map[k].header, name) == 0)
            return &r->map[k];
    return NULL;
}

/* Whether a map names column i by its position: then its header may be
 * another column's too, or empty. */
static int by_position(const assess_responses *r, size_t i)
{
    for (size_t k = 0; k < r->n_map; k++)
        if (r->map[k].position == i + 1)
            return 1;
    return 0;
}

/* Whether a map reads `name` from some column. */
static int mapped(const assess_responses *r, const char *name)
{
    for (size_t k = 0; k < r->n_map; k++)
        if (strcmp(r->map[k].name, name) == 0)
            return 1;
    return 0;
}

/* Where a map entry was given, for messages. */
static const char *given_by(const map_entry *m, char *buf, size_t size)
{
    if (m->line)
        snprintf(buf, size, "%s:%lu", m->from, m->line);
    else
        snprintf(buf, size, "%s", m->from);
    return buf;
}

/* A hint that names what to give for a standard column without one. */
static const char *missing_hint(int c)
{
    switch (c) {
    case COL_SUBJECT:
        return " (name its column with --map subject_id=COLUMN or <column "
               "name=\"COLUMN\" as=\"subject_id\"/> in a source map; for an "
               "export of one executive, <set name=\"subject_id\" "
               "value=\"ID\"/>)";
    case COL_RATER:
        return " (name its column with --map rater_id=COLUMN or <column "
               "name=\"COLUMN\" as=\"rater_id\"/> in a source map)";
    default:
        return " (rename it with --map NAME=COLUMN, or name it in a source "
               "map)";
    }
}

static char *describe_copy(const char *s, size_t len)
{
    char *p = malloc(len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

/* The description of the first file, for a starting source map. */
static int describe(header *h, const desc_how *how, const char *const *as)
{
    source_desc *d = h->r->desc;
    const file_layout *L = &h->lay;

    if (!d || d->file)
        return 0;
    d->file = describe_copy(h->name, strlen(h->name));
    d->cols = calloc(h->n ? h->n : 1, sizeof *d->cols);
    if (!d->file || !d->cols)
        return -1;
    d->tool = h->tool;
    d->tool_told = h->tool_told;
    d->delimiter = h->fmt.delimiter;
    snprintf(d->encoding, sizeof d->encoding, "%s", h->fmt.encoding);
    d->decimal_comma = L->decimal_comma;
    d->header_rows = h->rows;
    for (size_t i = 0; i < h->n; i++) {
        desc_column *c = &d->cols[d->n_cols++];
        c->name = describe_copy(h->names[i], h->names_len[i]);
        if (!c->name)
            return -1;
        if (h->texts && h->texts_len[i]) {
            c->text = describe_copy(h->texts[i], h->texts_len[i]);
            if (!c->text)
                return -1;
        }
        c->as = as[i];
        c->how = how[i];
    }
    if (h->r->opts.source && desc_keep_source(d, h->r->opts.source) != 0)
        return -1;
    d->no_subject = L->col[COL_SUBJECT] == NO_COLUMN && !L->constant[COL_SUBJECT];
    d->no_rater = L->col[COL_RATER] == NO_COLUMN && !L->names_rows;
    d->no_group = L->col[COL_GROUP] == NO_COLUMN && !L->constant[COL_GROUP] &&
                  h->r->inst->n_groups > 1;
    return 0;
}

/* Whether a column before `before` holds question q already. */
static int question_taken(const file_layout *L, size_t before, uint32_t q)
{
    for (size_t j = 0; j < before; j++)
        if (L->question_of[j] == q)
            return 1;
    return 0;
}

/* The question whose wording column i's name or question text holds, as
 * items are found by theirs; NO_ITEM when none or two. */
static uint32_t column_question(const header *h, const wordings *qw, size_t i,
                                char *buf)
{
    int twice = 0;
    uint32_t q = item_of_text(qw, h->names[i], h->names_len[i], buf, &twice);

    if (q == NO_ITEM && !twice && h->texts &&
        utf8_valid(h->texts[i], h->texts_len[i]))
        q = item_of_text(qw, h->texts[i], h->texts_len[i], buf, &twice);
    return twice ? NO_ITEM : q;
}

static assess_status settle(header *h, assess_error *err)
{
    assess_responses *r = h->r;
    const assess_instrument *inst = r->inst;
    const assess_source *src = r->opts.source;
    file_layout *L = &h->lay;
    size_t n = h->n, n_items = 0, n_extra = 0, n_absent = 0, n_worded = 0;
    desc_how *how = calloc(n ? n : 1, sizeof *how);
    const char **as = calloc(n ? n : 1, sizeof *as);
    unsigned char *item_seen = calloc(inst->n_items + 1, 1);
    char extra[512] = "", absent[512] = "", worded[1024] = "";
    char q[QUOTE_SIZE], where[300];
    wordings w = { 0 }, qw = { 0 };
    char *buf = NULL;
    assess_status st = ASSESS_OK;

    h->whole = 1;
    L->tool = h->tool;
    L->n_columns = n;
    L->names = h->names;
    L->extra_rows = h->rows - 1;
    for (int c = 0; c < COL__COUNT; c++)
        L->col[c] = NO_COLUMN;
    L->item_of = malloc((n ? n : 1) * sizeof *L->item_of);
    L->question_of = malloc((n ? n : 1) * sizeof *L->question_of);
    L->filters = calloc(src && src->n_filters ? src->n_filters : 1,
                        sizeof *L->filters);
    if (!how || !as || !item_seen || !L->item_of || !L->question_of ||
        !L->filters) {
        st = error_set(err, ASSESS_ENOMEM, h->name, h->line, "out of memory");
        goto out;
    }
    L->decimal_comma = src && src->decimal_comma >= 0
                           ? src->decimal_comma
                           : h->fmt.delimiter != ',';

    /* What was told of the file, before anything is said of its columns. */
    if (h->tool_told && h->tool != ASSESS_TOOL_CSV)
        tell(h, ASSESS_NOTE, "read as a %s export (told from its header; "
             "--from names another tool)", tool_title(h->tool));
    if (h->fmt.encoding_told)
        tell(h, ASSESS_NOTE, "read as %s text (told from its byte order mark)",
             h->fmt.encoding);
    if (h->fmt.delimiter_told && h->fmt.delimiter != ',')
        tell(h, ASSESS_NOTE, "fields separated by %s (told from the first "
             "line; --delimiter says otherwise)%s",
             h->fmt.delimiter == '\t' ? "tabs" : h->fmt.delimiter == ';'
                                                     ? "semicolons" : "bars",
             L->decimal_comma ? ", decimal commas read" : "");

    /* Names: text, each once. */
    for (size_t i = 0; i < n; i++) {
        L->item_of[i] = NO_ITEM;
        L->question_of[i] = NO_ITEM;
        if (!utf8_valid(h->names[i], h->names_len[i])) {
            st = error_set(err, ASSESS_EFORMAT, h->name, h->line,
                           "header: column %zu: '%s' is not valid UTF-8 text "
                           "(an export in another encoding? give it with "
                           "--encoding, such as --encoding windows-1252)",
                           i + 1, quote_text(q, sizeof q, h->names[i],
                                             h->names_len[i]));
            goto out;
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(h->names[j], h->names[i]) == 0 &&
                !by_position(r, i) && !by_position(r, j)) {
                st = error_set(err, ASSESS_EFORMAT, h->name, h->line,
                               "header: column '%s' appears twice (columns "
                               "%zu and %zu); a source map can name each by "
                               "its position",
                               quote_text(q, sizeof q, h->names[i],
                                          h->names_len[i]), j + 1, i + 1);
                goto out;
            }
    }
    /* Every column a map names is there. */
    for (size_t m = 0; m < r->n_map; m++) {
        const map_entry *e = &r->map[m];
        size_t i;
        if (e->position) {
            if (e->position > n) {
                st = error_set(err, ASSESS_EFORMAT, h->name, h->line,
                               "header: column %lu (read as %s, %s) is not "
                               "there: the header has %zu columns",
                               e->position, e->name,
                               given_by(e, where, sizeof where), n);
                goto out;
            }
            continue;
        }
        for (i = 0; i < n; i++)
            if (strcmp(h->names[i], e->header) == 0)
                break;
        if (i == n) {
            st = error_set(err, ASSESS_EFORMAT, h->name, h->line,
                           "header: column '%s' (mapped to %s) is not there",
                           quote_text(q, sizeof q, e->header, strlen(e->header)),
                           e->name);
            goto out;
        }
    }

    /* 1 and 2: maps and names. */
    for (size_t i = 0; i < n; i++) {
        const map_entry *m = map_for(r, i, h->names[i]);
        const char *target = m ? m->name
                             : mapped(r, h->names[i]) ? NULL : h->names[i];
        int c = target ? standard_index(target) : -1;
        if (c >= 0 && L->col[c] == NO_COLUMN) {
            L->col[c] = i;
            as[i] = header_column_names[c];
        } else if (target && c < 0) {
            uint32_t item = instrument_find_item(inst, target, strlen(target));
            uint32_t question;
            if (item != STRTAB_NONE && !item_seen[item]) {
                L->item_of[i] = item;
                item_seen[item] = 1;
                as[i] = inst->items[item].id;
                n_items++;
            } else if (item == STRTAB_NONE &&
                       (question = instrument_find_question(
                            inst, target, strlen(target))) != UINT32_MAX &&
                       !question_taken(L, i, question)) {
                L->question_of[i] = question;
                as[i] = inst->questions[question].id;
            }
        }
        if (as[i])
            how[i] = m ? DESC_BY_MAP : DESC_BY_NAME;
    }
    /* 3: the tool's response id. */
    if (L->col[COL_RATER] == NO_COLUMN && !mapped(r, "rater_id"))
        for (size_t i = 0; i < n; i++)
            if (!as[i] && tool_response_id(h->tool, h->names[i])) {
                L->col[COL_RATER] = i;
                as[i] = header_column_names[COL_RATER];
                how[i] = DESC_BY_TOOL;
                break;
            }
    /* 4: marks, metadata, filters. */
    for (size_t i = 0; i < n; i++) {
        tool_mark mk = tool_mark_of(h->tool, h->names[i]);
        if (mk != MARK_NONE && L->n_marks < MARKS_MAX) {
            L->mark_col[L->n_marks] = i;
            L->mark[L->n_marks++] = mk;
        }
        if (as[i])
            continue;
        if (mk != MARK_NONE)
            how[i] = DESC_MARK;
        else if (tool_metadata(h->tool, h->names[i]))
            how[i] = DESC_METADATA;
    }
    for (size_t k = 0; src && k < src->n_filters; k++) {
        const src_filter *f = &src->filters[k];
        row_filter *rf = &L->filters[L->n_filters];
        size_t i = f->position ? f->position - 1 : n;
        if (!f->position)
            for (i = 0; i < n; i++)
                if (strcmp(h->names[i], f->column) == 0)
                    break;
        if (i >= n) {
            st = error_set(err, ASSESS_EFORMAT, h->name, h->line,
                           "header: the column of <%s> (%s:%lu) is not there",
                           f->keep ? "keep" : "drop", src->name, f->line);
            goto out;
        }
        rf->col = i;
        rf->equals = f->equals;
        rf->len = strlen(f->equals);
        rf->keep = f->keep;
        rf->line = f->line;
        L->n_filters++;
        if (!as[i])
            how[i] = DESC_FILTER;
    }

    /* 5: wording, for a wide file. */
    if (r->opts.layout != ASSESS_LAYOUT_LONG &&
        !(L->col[COL_ITEM] != NO_COLUMN && L->col[COL_VALUE] != NO_COLUMN)) {
        size_t longest = 0;
        for (size_t i = 0; i < n; i++) {
            if (h->names_len[i] > longest)
                longest = h->names_len[i];
            if (h->texts && h->texts_len[i] > longest)
                longest = h->texts_len[i];
        }
        buf = malloc(longest + 1);
        if (!buf || wordings_make(&w, inst) != 0 ||
            question_wordings_make(&qw, inst) != 0) {
            st = error_set(err, ASSESS_ENOMEM, h->name, h->line,
                           "out of memory");
            goto out;
        }
        for (size_t i = 0; i < n; i++) {
            uint32_t item;
            int twice = 0;
            if (how[i] != DESC_UNREAD)
                continue;
            item = item_of_text(&w, h->names[i], h->names_len[i], buf, &twice);
            if (item == NO_ITEM && !twice && h->texts &&
                utf8_valid(h->texts[i], h->texts_len[i]))
                item = item_of_text(&w, h->texts[i], h->texts_len[i], buf,
                                    &twice);
            if (twice) {
                tell(h, ASSESS_WARNING,
                     "header: column %zu ('%s') has the wording of two items "
                     "of instrument '%s': not read (name its item in a source "
                     "map)", i + 1,
                     quote_text(q, sizeof q, h->names[i], h->names_len[i]),
                     inst->id);
                how[i] = DESC_TWICE;
                continue;
            }
            if (item == NO_ITEM && !twice && inst->n_questions) {
                uint32_t question = column_question(h, &qw, i, buf);
                if (question != NO_ITEM && !question_taken(L, n, question)) {
                    L->question_of[i] = question;
                    as[i] = inst->questions[question].id;
                    how[i] = DESC_BY_WORDING;
                }
                continue;
            }
            if (item == NO_ITEM)
                continue;
            if (item_seen[item]) {
                tell(h, ASSESS_WARNING,
                     "header: column %zu ('%s') has the wording of item '%s', "
                     "which another column is: not read",
                     i + 1, quote_text(q, sizeof q, h->names[i],
                                       h->names_len[i]),
                     inst->items[item].id);
                how[i] = DESC_TWICE;
                as[i] = inst->items[item].id;
                continue;
            }
            L->item_of[i] = item;
            item_seen[item] = 1;
            as[i] = inst->items[item].id;
            how[i] = DESC_BY_WORDING;
            n_items++;
            {
                size_t len = strlen(worded);
                if (len + 40 < sizeof worded)
                    snprintf(worded + len, sizeof worded - len, "%s%zu %s",
                             n_worded ? ", " : "", i + 1, inst->items[item].id);
                else if (len + 6 < sizeof worded && !strstr(worded, "..."))
                    snprintf(worded + len, sizeof worded - len, ", ...");
            }
            n_worded++;
        }
    }

    /* Constants: the map's <set>, the file's wave. */
    for (size_t k = 0; src && k < src->n_sets; k++) {
        int c = standard_index(src->sets[k].name);
        if (c < 0)
            continue;
        if (L->col[c] != NO_COLUMN) {
            st = error_set(err, ASSESS_EFORMAT, h->name, h->line,
                           "header: %s is column %zu, and the source map "
                           "sets it too (%s:%lu); keep one of them",
                           header_column_names[c], L->col[c] + 1, src->name,
                           src->sets[k].line);
            goto out;
        }
        L->constant[c] = src->sets[k].value;
        L->constant_len[c] = strlen(src->sets[k].value);
    }
    if (r->file_wave) {
        if (L->col[COL_WAVE] != NO_COLUMN) {
            tell(h, ASSESS_WARNING,
                 "--wave '%s' not used: the file has a wave column (%zu), "
                 "which it keeps", r->file_wave, L->col[COL_WAVE] + 1);
        } else {
            L->constant[COL_WAVE] = r->file_wave;
            L->constant_len[COL_WAVE] = strlen(r->file_wave);
        }
    }
    L->names_rows = L->col[COL_RATER] == NO_COLUMN && tool_names_rows(h->tool);

    /* The layout, and what it requires. */
    L->layout = r->opts.layout;
    if (L->layout == ASSESS_LAYOUT_AUTO) {
        if (L->col[COL_ITEM] != NO_COLUMN && L->col[COL_VALUE] != NO_COLUMN)
            L->layout = ASSESS_LAYOUT_LONG;
        else if (n_items > 0)
            L->layout = ASSESS_LAYOUT_WIDE;
        else if (!r->desc) {
            st = error_set(err, ASSESS_EFORMAT, h->name, h->line,
                           "header: cannot tell the layout: there are neither "
                           "item_id and value columns (long) nor columns "
                           "named by items of instrument '%s', or worded as "
                           "they are (wide)%s",
                           inst->id, n == 1 ? "; one column only: are its "
                           "fields separated by something else? (--delimiter)"
                           : "; --map or a source map can name them");
            goto out;
        } else {
            L->layout = ASSESS_LAYOUT_WIDE;
        }
    }
    L->n_item_columns = n_items;
    L->complete = 1;
    for (int c = 0; c < COL__COUNT; c++) {
        int required = c == COL_SUBJECT || c == COL_RATER ||
                       (c == COL_GROUP && inst->n_groups > 1) ||
                       (L->layout == ASSESS_LAYOUT_LONG &&
                        (c == COL_ITEM || c == COL_VALUE));
        if (!required || L->col[c] != NO_COLUMN || L->constant[c] ||
            (c == COL_RATER && L->names_rows))
            continue;
        L->complete = 0;
        if (r->desc)
            continue;
        if (c == COL_GROUP)
            st = error_set(err, ASSESS_EFORMAT, h->name, h->line,
                           "header: the required column 'rater_group' is "
                           "missing: instrument '%s' defines %zu rater groups "
                           "(name its column with --map rater_group=COLUMN or "
                           "in a source map)", inst->id, inst->n_groups);
        else
            st = error_set(err, ASSESS_EFORMAT, h->name, h->line,
                           "header: the required column '%s' is missing%s",
                           header_column_names[c], missing_hint(c));
        goto out;
    }
    if (L->layout == ASSESS_LAYOUT_WIDE && n_items == 0 && !r->desc) {
        st = error_set(err, ASSESS_EFORMAT, h->name, h->line,
                       "header: no column is named by an item of instrument "
                       "'%s' (wide layout)", inst->id);
        goto out;
    }

    /* What will not be read. */
    if (n_worded)
        tell(h, ASSESS_NOTE, "header: %zu item%s matched by %s wording, by "
             "column: %s", n_worded, n_worded == 1 ? "" : "s",
             n_worded == 1 ? "its" : "their", worded);
    for (size_t i = 0; i < n; i++) {
        int c = as[i] ? standard_index(as[i]) : -1;
        if (c >= 0 && (L->layout == ASSESS_LAYOUT_LONG ||
                       (c != COL_ITEM && c != COL_VALUE)))
            continue;
        if (L->item_of[i] != NO_ITEM && L->layout == ASSESS_LAYOUT_WIDE)
            continue;
        if (L->question_of[i] != NO_ITEM && L->layout == ASSESS_LAYOUT_WIDE) {
            L->n_question_columns++;
            continue;
        }
        L->item_of[i] = NO_ITEM;
        L->question_of[i] = NO_ITEM;
        if (c < 0 && !as[i] && how[i] != DESC_UNREAD)
            continue; /* the tool's own, a filter's, or said already */
        if (how[i] == DESC_TWICE)
            continue;
        how[i] = DESC_UNREAD;
        as[i] = NULL;
        list_add(extra, sizeof extra, &n_extra, h->names[i], 8);
    }
    if (n_extra)
        tell(h, ASSESS_WARNING, "header: %zu column%s not read: %s", n_extra,
             n_extra == 1 ? "" : "s", extra);
    if (L->layout == ASSESS_LAYOUT_WIDE) {
        for (size_t i = 0; i < inst->n_items; i++)
            if (!item_seen[i])
                list_add(absent, sizeof absent, &n_absent, inst->items[i].id, 8);
        if (n_absent)
            tell(h, ASSESS_WARNING,
                 "header: %zu item%s of instrument '%s' ha%s no column and "
                 "will be missing: %s",
                 n_absent, n_absent == 1 ? "" : "s", inst->id,
                 n_absent == 1 ? "s" : "ve", absent);
    }
    if (tool_marks_wanted(h->tool) && L->n_marks == 0)
        tell(h, ASSESS_WARNING,
             "header: no %s column%s: rows %s marks unfinished or a preview "
             "cannot be told, and are read (export them with the survey's "
             "metadata)", tool_marks_wanted(h->tool),
             strchr(tool_marks_wanted(h->tool), ' ') ? "s" : "",
             tool_title(h->tool));
    if (describe(h, how, as) != 0)
        st = error_set(err, ASSESS_ENOMEM, h->name, h->line, "out of memory");
out:
    wordings_free(&w);
    wordings_free(&qw);
    free(buf);
    free(how);
    free(as);
    free(item_seen);
    return st;
}

/* ---- Header rows --------------------------------------------------------------- */

/* SurveyMonkey: row 2 under row 1 names a column: a question's text spans
 * its columns, over its statements; "Response" is a question of one.
 * The names become "question - statement"; row 2 is kept as the texts. */
static int merge_rows(header *h, const csv_record *rec)
{
    char **merged = calloc(h->n ? h->n : 1, sizeof *merged);
    size_t *lens = calloc(h->n ? h->n : 1, sizeof *lens);
    const char *carry = "";
    size_t carry_len = 0;

    if (!merged || !lens)
        goto fail;
    for (size_t i = 0; i < h->n; i++) {
        const char *top = h->names[i], *sub = rec->field[i];
        size_t top_len = h->names_len[i], sub_len = rec->len[i], len;
        if (top_len) {
            carry = top;
            carry_len = top_len;
        } else {
            top = carry;
            top_len = carry_len;
        }
        if ((sub_len == 8 && memcmp(sub, "Response", 8) == 0) ||
            (sub_len == 19 && memcmp(sub, "Open-Ended Response", 19) == 0))
            sub_len = 0;
        merged[i] = malloc(top_len + 3 + sub_len + 1);
        if (!merged[i])
            goto fail;
        memcpy(merged[i], top, top_len);
        len = top_len;
        if (sub_len && top_len) {
            memcpy(merged[i] + len, " - ", 3);
            len += 3;
        }
        memcpy(merged[i] + len, sub, sub_len);
        len += sub_len;
        merged[i][len] = '\0';
        lens[i] = len;
    }
    h->texts = copy_fields(rec, &h->texts_len);
    if (!h->texts)
        goto fail;
    free_fields(h->names, h->n);
    free(h->names_len);
    h->names = merged;
    h->names_len = lens;
    return 0;
fail:
    free_fields(merged, h->n);
    free(lens);
    return -1;
}

assess_status header_offer(header *h, const csv_record *rec, int *taken,
                           assess_error *err)
{
    assess_responses *r = h->r;
    const assess_source *src = r->opts.source;

    assert(!h->whole);
    *taken = 1;
    if (!h->begun) {
        h->begun = 1;
        h->line = rec->line;
        h->n = rec->n_fields;
        h->names = copy_fields(rec, &h->names_len);
        if (!h->names)
            return error_set(err, ASSESS_ENOMEM, h->name, rec->line,
                             "out of memory");
        h->rows = 1;
        r->account.header_rows++;
        h->tool = r->opts.from != ASSESS_TOOL_AUTO ? r->opts.from
                  : src && src->tool != ASSESS_TOOL_AUTO ? src->tool
                  : tool_detect(h->names, h->names_len, h->n);
        h->tool_told = r->opts.from == ASSESS_TOOL_AUTO &&
                       (!src || src->tool == ASSESS_TOOL_AUTO);
        if (src && src->header_rows) {
            h->want = src->header_rows - 1;
        } else {
            h->want = tool_text_rows(h->tool);
            h->maybe_import_id = h->tool == ASSESS_TOOL_QUALTRICS;
        }
        if (h->want == 0 && !h->maybe_import_id)
            return settle(h, err);
        return ASSESS_OK;
    }
    if (h->want) {
        if (rec->n_fields != h->n) {
            char q[QUOTE_SIZE];
            return error_set(err, ASSESS_EFORMAT, h->name, rec->line,
                             "header row %lu has %zu field%s where row 1 has "
                             "%zu (is '%s' a header row?)",
                             h->rows + 1, rec->n_fields,
                             rec->n_fields == 1 ? "" : "s", h->n,
                             quote_text(q, sizeof q, rec->field[0],
                                        rec->len[0]));
        }
        h->want--;
        h->rows++;
        r->account.header_rows++;
        if (h->rows == 2 &&
            (tool_merges_rows(h->tool)
                 ? merge_rows(h, rec)
                 : (h->texts = copy_fields(rec, &h->texts_len)) ? 0 : -1) != 0)
            return error_set(err, ASSESS_ENOMEM, h->name, rec->line,
                             "out of memory");
        if (h->want == 0 && !h->maybe_import_id)
            return settle(h, err);
        return ASSESS_OK;
    }
    /* Qualtrics: the ImportId row, or already the first response. */
    h->maybe_import_id = 0;
    if (tool_import_id_row(h->tool, rec->field, rec->len, rec->n_fields)) {
        h->rows++;
        r->account.header_rows++;
        return settle(h, err);
    }
    *taken = 0;
    return settle(h, err);
}

assess_status header_end(header *h, assess_error *err)
{
    if (!h->begun || h->whole)
        return ASSESS_OK;
    return settle(h, err);
}
