/*
 * input_reader.c - CSV response files into the response table.
 *
 * A file's first bytes tell its format (input_decode.c), its header rows
 * its layout (input_header.c): long (one answer a row) or wide (one rater
 * a row, one column an item), where each standard column is, which rows
 * the survey tool marks as not to use and which the source map filters
 * out.  Every data row is then either stored whole or rejected whole with
 * a reason in the account: a row is checked completely before anything
 * of it is stored, so a rejected row leaves no trace in the table.  Rows
 * with a problem are errors; rows left out as the export or the source
 * map asks (unfinished, preview, filtered) are notes.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base_number.h"
#include "base_utf8.h"
#include "input_csv_stream.h"
#include "input_decode.h"
#include "input_describe.h"
#include "input_header.h"
#include "input_reader.h"
#include "input_source.h"

#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

#define DEFAULT_WAVE "1"
/* Rows left out told one by one in a file; the rest are counted. */
#define LEFT_OUT_TOLD 20

/* A checked answer, waiting for its row to be accepted. */
typedef struct answer {
    uint32_t item;
    slot_state state;
    double value;
    unsigned missing;
} answer;

/* A checked written answer, waiting for its row to be accepted. */
typedef struct text_answer {
    uint32_t question;
    const char *text;
    size_t len;
} text_answer;

typedef struct reader {
    assess_responses *r;
    const char *name; /* in the table's arena */
    uint32_t file;

    /* The format, once the first bytes tell it; until then they wait. */
    csv_format fmt;
    int have_format;
    unsigned char *prefix;
    size_t prefix_len, prefix_cap;
    decoder *dec;

    header *hdr;              /* the file's header; NULL in a part */
    const file_layout *lay;   /* the header's, or the file's a part reads */
    int have_header;
    unsigned long skip_left;
    assess_layout layout;
    size_t n_columns;
    size_t col[COL__COUNT];
    const uint32_t *item_of;  /* wide: item of each column, or NO_ITEM */
    answer *answers;          /* wide: one per item column */
    const uint32_t *question_of; /* wide: question of each column, or
                                    NO_ITEM */
    text_answer *texts;       /* wide, keeping comments: one per question
                                 column; NULL when not kept */
    /* the layout's, kept at hand for every row */
    int left_out_rules;       /* the tool's marks or the map's filters */
    int names_rows;           /* rows named by file and line */
    int scan_only;            /* describing a file that cannot be stored */
    int plain;                /* rows go the common way (set_plain()) */

    /* The source map's recoding: for each digit 0..9, the value that
     * recodes it, or -1 (the common one-digit answer stays fast). */
    const assess_source *src;
    signed char digit_recode[10];
    char named_row[300];      /* a row named by file and line */

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

    unsigned long left_out_told; /* rows left out told so far */
    assess_account before; /* the account when the file began */
} reader;

static void reader_free(reader *rd)
{
    if (!rd)
        return;
    decoder_free(rd->dec);
    header_free(rd->hdr);
    free(rd->prefix);
    free(rd->last_ids);
    free(rd->answers);
    free(rd->texts);
    free(rd);
}

/* ---- Messages ------------------------------------------------------------------ */

static void reject(reader *rd, unsigned long line, assess_reject reason,
                   const char *fmt, ...) PRINTF_LIKE(4, 5);

/* A row's problem: an error, unless describing (then only counted). */
static void reject(reader *rd, unsigned long line, assess_reject reason,
                   const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    if (rd->r->opts.describe) {
        rd->r->sink.errors++;
        return;
    }
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

/* Where an id of a row comes from, as messages say it. */
static const char *id_source(const reader *rd, int c)
{
    return rd->col[c] == NO_COLUMN && rd->lay->constant[c] ? " (set by the "
                                                              "source map)"
                                                            : "";
}

/* ---- Layout -------------------------------------------------------------------- */

/* Where the id columns lie, when side by side in a long file. */
static void id_columns(reader *rd)
{
    static const int ids[] = { COL_SUBJECT, COL_RATER, COL_WAVE, COL_GROUP };
    size_t first = SIZE_MAX, last = 0, n = 0;

    rd->ids_first = rd->ids_last = NO_COLUMN;
    if (rd->layout != ASSESS_LAYOUT_LONG || rd->names_rows)
        return;
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
        size_t c = rd->col[ids[i]];
        if (c == NO_COLUMN)
            continue;
        n++;
        first = c < first ? c : first;
        last = c > last ? c : last;
    }
    if (n && last - first + 1 == n) {
        rd->ids_first = first;
        rd->ids_last = last;
    }
}

/* The recoding of digits, from the source map. */
static void digit_recodes(reader *rd)
{
    const assess_source *src = rd->src;
    for (int d = 0; d < 10; d++) {
        char t[2] = { (char)('0' + d), '\0' };
        rd->digit_recode[d] = -1;
        for (size_t k = 0; src && k < src->n_values; k++) {
            const src_value *v = &src->values[k];
            if ((v->text && strcmp(v->text, t) == 0) ||
                (!v->text && v->has_code && v->code == d)) {
                rd->digit_recode[d] = (signed char)k;
                break;
            }
        }
    }
}

/* Takes up the layout the header settled (or a part's file's). */
static int use_layout(reader *rd, const file_layout *lay)
{
    rd->lay = lay;
    rd->layout = lay->layout;
    rd->n_columns = lay->n_columns;
    memcpy(rd->col, lay->col, sizeof rd->col);
    rd->item_of = lay->item_of;
    rd->left_out_rules = lay->n_marks || lay->n_filters;
    rd->names_rows = lay->names_rows;
    rd->scan_only = !lay->complete;
    rd->src = rd->r->opts.source;
    digit_recodes(rd);
    if (rd->layout == ASSESS_LAYOUT_WIDE) {
        rd->answers = malloc((lay->n_item_columns ? lay->n_item_columns : 1) *
                             sizeof *rd->answers);
        if (!rd->answers)
            return -1;
        rd->question_of = lay->question_of;
        if (rd->r->opts.comments && lay->n_question_columns) {
            rd->texts = malloc(lay->n_question_columns * sizeof *rd->texts);
            if (!rd->texts)
                return -1;
        }
    }
    id_columns(rd);
    rd->have_header = 1;
    return 0;
}

/* ---- Values ---------------------------------------------------------------------- */

/* The labels of a response scale, for a message: "1 Strongly disagree,
 * ..., 5 Strongly agree; missing 0 Not observed". */
static const char *scale_labels(char *buf, size_t size,
                                const inst_response_scale *rs)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < rs->n_labels && o + 8 < size; k++)
        o += (size_t)snprintf(buf + o, size - o, "%s%.15g %s", k ? ", " : "",
                              rs->labels[k].value, rs->labels[k].text);
    for (size_t k = 0; k < rs->n_missing && o + 8 < size; k++)
        o += (size_t)snprintf(buf + o, size - o, "%s%.15g %s",
                              k ? ", " : "; missing ", rs->missing[k].value,
                              rs->missing[k].text);
    if (o >= size)
        memcpy(buf + size - 4, "...", 4);
    return buf;
}

/* An answer that matched nothing, kept for a starting source map. */
static void seen_value(reader *rd, const inst_item *it, const char *s,
                       size_t len)
{
    if (rd->r->desc)
        (void)desc_value(rd->r->desc, s, len, it->response_scale);
}

/* A number written with a decimal comma ("3,5"), when the file's are. */
static int comma_number(const char *s, size_t len, double *v)
{
    char buf[64];
    if (len >= sizeof buf || !memchr(s, ',', len))
        return -1;
    for (size_t i = 0; i < len; i++)
        buf[i] = s[i] == ',' ? '.' : s[i] == '.' ? 'x' : s[i];
    return number_parse(buf, len, v);
}

/* Applies the source map's value k to an answer of `item`. */
static assess_reject recode(reader *rd, unsigned long line, uint32_t item,
                            size_t k, const char *s, size_t len, answer *a)
{
    const assess_instrument *inst = rd->r->inst;
    const inst_item *it = &inst->items[item];
    const inst_response_scale *rs = &inst->response_scales[it->response_scale];
    const src_value *v = &rd->src->values[k];
    char q[QUOTE_SIZE];

    if (v->missing) {
        a->state = SLOT_BLANK;
        return ASSESS_REJECT_NONE;
    }
    if (v->code < rs->min || v->code > rs->max ||
        (!rs->continuous && !number_is_whole(v->code))) {
        reject(rd, line, ASSESS_REJECT_OUT_OF_RANGE,
               "item '%s': '%s' is recoded to %.15g (%s:%lu), which is not a "
               "value of response scale '%s' (%.15g..%.15g%s)",
               it->id, quote_text(q, sizeof q, s, len), v->code, rd->src->name,
               v->line, rs->id, rs->min, rs->max,
               rs->continuous ? "" : ", whole numbers");
        seen_value(rd, it, s, len);
        return ASSESS_REJECT_OUT_OF_RANGE;
    }
    a->state = SLOT_VALUE;
    a->value = v->code;
    return ASSESS_REJECT_NONE;
}

/* The source map's value whose text is s, or -1. */
static long recode_text(const reader *rd, const char *s, size_t len)
{
    for (size_t k = 0; k < rd->src->n_values; k++)
        if (rd->src->values[k].text && same_text(s, len, rd->src->values[k].text))
            return (long)k;
    return -1;
}

/* The source map's <missing code> equal to v, or -1. */
static long recode_code(const reader *rd, double v)
{
    for (size_t k = 0; k < rd->src->n_values; k++)
        if (!rd->src->values[k].text && rd->src->values[k].code == v)
            return (long)k;
    return -1;
}

/*
 * Reads one value for `item`.  Returns ASSESS_REJECT_NONE and fills `a`,
 * or the reason the value cannot be stored (already reported).  The
 * source map's recoding comes first: its texts, then its missing codes.
 */
static assess_reject read_value(reader *rd, unsigned long line, uint32_t item,
                                const char *s, size_t len, answer *a)
{
    const assess_instrument *inst = rd->r->inst;
    const inst_item *it = &inst->items[item];
    const inst_response_scale *rs = &inst->response_scales[it->response_scale];
    char q[QUOTE_SIZE], labels[512];
    double v;
    int digit = 0;
    long k;

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
        if (rd->src && rd->digit_recode[*s - '0'] >= 0)
            return recode(rd, line, item, (size_t)rd->digit_recode[*s - '0'],
                          s, len, a);
        v = *s - '0';
        digit = 1;
    } else if (rd->src && rd->src->n_values &&
               (k = recode_text(rd, s, len)) >= 0) {
        return recode(rd, line, item, (size_t)k, s, len, a);
    }
    if (digit || number_parse(s, len, &v) == 0 ||
        (rd->lay->decimal_comma && comma_number(s, len, &v) == 0)) {
        if (!digit && rd->src && rd->src->n_values &&
            (k = recode_code(rd, v)) >= 0)
            return recode(rd, line, item, (size_t)k, s, len, a);
        for (size_t m = 0; m < rs->n_missing; m++)
            if (rs->missing[m].value == v) {
                a->state = SLOT_MISSING;
                a->missing = (unsigned)m;
                return ASSESS_REJECT_NONE;
            }
        if (v < rs->min || v > rs->max) {
            quote_text(q, sizeof q, s, len);
            reject(rd, line, ASSESS_REJECT_OUT_OF_RANGE,
                   "item '%s': value %s is outside %.15g..%.15g (if %s "
                   "stands for no answer, read it as missing with "
                   "<missing code=\"%s\"/> in a source map)",
                   it->id, q, rs->min, rs->max, q, q);
            seen_value(rd, it, s, len);
            return ASSESS_REJECT_OUT_OF_RANGE;
        }
        if (!rs->continuous && !digit && !number_is_whole(v)) {
            reject(rd, line, ASSESS_REJECT_NOT_WHOLE,
                   "item '%s': value %s is not a whole number (response "
                   "scale '%s' is integer)",
                   it->id, quote_text(q, sizeof q, s, len), rs->id);
            seen_value(rd, it, s, len);
            return ASSESS_REJECT_NOT_WHOLE;
        }
        a->state = SLOT_VALUE;
        a->value = v;
        return ASSESS_REJECT_NONE;
    }
    /* Survey tools often export the label instead of the code. */
    for (size_t m = 0; m < rs->n_labels; m++)
        if (same_text(s, len, rs->labels[m].text)) {
            a->state = SLOT_VALUE;
            a->value = rs->labels[m].value;
            return ASSESS_REJECT_NONE;
        }
    for (size_t m = 0; m < rs->n_missing; m++)
        if (same_text(s, len, rs->missing[m].text)) {
            a->state = SLOT_MISSING;
            a->missing = (unsigned)m;
            return ASSESS_REJECT_NONE;
        }
    quote_text(q, sizeof q, s, len);
    reject(rd, line, ASSESS_REJECT_NOT_A_NUMBER,
           "item '%s': '%s' is neither a number nor a label of response "
           "scale '%s' (%s); recode it with <value text=\"%s\" code=\"N\"/> "
           "in a source map, or read it as missing with <missing "
           "text=\"%s\"/>",
           it->id, q, rs->id, scale_labels(labels, sizeof labels, rs), q, q);
    seen_value(rd, it, s, len);
    return ASSESS_REJECT_NOT_A_NUMBER;
}

/* ---- Ids --------------------------------------------------------------------------- */

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
               "%s '%s' is not valid UTF-8 text (or holds a NUL byte; an "
               "export in another encoding is read with --encoding)",
               what, quote_text(q, sizeof q, s, len));
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

/* The text of a standard column in a row: its field, or the constant the
 * layout gives it; NULL when neither. */
static const char *id_text(const reader *rd, const csv_record *rec, int c,
                           size_t *len)
{
    size_t i = rd->col[c];
    if (i != NO_COLUMN) {
        *len = rec->len[i];
        return rec->field[i];
    }
    *len = rd->lay->constant_len[c];
    return rd->lay->constant[c];
}

/* The group a group text names: the source map's aliases, then the
 * instrument's ids and labels as people type them. */
static uint32_t find_group(const reader *rd, const char *s, size_t len)
{
    const assess_instrument *inst = rd->r->inst;
    uint32_t g;

    for (g = 0; g < inst->n_groups; g++)
        if (strlen(inst->groups[g].id) == len &&
            memcmp(inst->groups[g].id, s, len) == 0)
            return g;
    for (size_t k = 0; rd->src && k < rd->src->n_groups; k++)
        if (same_text(s, len, rd->src->groups[k].text))
            return rd->src->groups[k].group;
    return instrument_find_group(inst, s, len);
}

static assess_reject read_ids(reader *rd, const csv_record *rec, row_ids *ids)
{
    const assess_instrument *inst = rd->r->inst;
    const char *g;
    size_t len;
    assess_reject why;
    char q[QUOTE_SIZE];

    ids->subject = id_text(rd, rec, COL_SUBJECT, &ids->subject_len);
    if ((why = check_id(rd, rec->line, "subject_id", ids->subject,
                        ids->subject_len)))
        return why;
    if (rd->names_rows) {
        int n = snprintf(rd->named_row, sizeof rd->named_row, "%s:%lu",
                         rd->name, rec->line);
        ids->rater = rd->named_row;
        ids->rater_len = n < 0 ? 0
                         : (size_t)n < sizeof rd->named_row
                             ? (size_t)n : sizeof rd->named_row - 1;
    } else {
        ids->rater = rec->field[rd->col[COL_RATER]];
        ids->rater_len = rec->len[rd->col[COL_RATER]];
    }
    if ((why = check_id(rd, rec->line, "rater_id", ids->rater, ids->rater_len)))
        return why;
    ids->wave = id_text(rd, rec, COL_WAVE, &ids->wave_len);
    if (!ids->wave) {
        ids->wave = DEFAULT_WAVE;
        ids->wave_len = strlen(DEFAULT_WAVE);
    }
    if ((why = check_id(rd, rec->line, "wave", ids->wave, ids->wave_len)))
        return why;
    g = id_text(rd, rec, COL_GROUP, &len);
    if (!g) {
        ids->group = 0;
        return ASSESS_REJECT_NONE;
    }
    if (len == 0 && !inst->implicit_group) {
        reject(rd, rec->line, ASSESS_REJECT_MISSING_ID, "rater_group is empty");
        return ASSESS_REJECT_MISSING_ID;
    }
    ids->group = find_group(rd, g, len);
    if (ids->group == NO_GROUP) {
        char known[256] = "";
        for (size_t k = 0; k < inst->n_groups; k++) {
            size_t kl = strlen(known);
            snprintf(known + kl, sizeof known - kl, "%s%s", k ? ", " : "",
                     inst->groups[k].id);
        }
        quote_text(q, sizeof q, g, len);
        reject(rd, rec->line, ASSESS_REJECT_UNKNOWN_GROUP,
               "rater group '%s'%s is not one of instrument '%s' (%s); name "
               "it with <group text=\"%s\" as=\"GROUP\"/> in a source map",
               q, id_source(rd, COL_GROUP), inst->id, known, q);
        if (rd->r->desc && utf8_valid(g, len))
            (void)desc_group(rd->r->desc, g, len);
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

/*
 * One self a subject and wave: a row that would make a new self set
 * where the subject has one of another rater in the wave is rejected,
 * naming both response ids (the row's set is not there yet).
 */
static assess_reject check_self(reader *rd, const csv_record *rec,
                                 const row_ids *ids)
{
    assess_responses *r = rd->r;
    uint32_t subject, wave;
    size_t other;
    char q[QUOTE_SIZE], qo[QUOTE_SIZE], qs[QUOTE_SIZE], qw[QUOTE_SIZE];

    if (r->inst->groups[ids->group].role != ROLE_SELF)
        return ASSESS_REJECT_NONE;
    subject = strtab_find(&r->subjects, ids->subject, ids->subject_len);
    wave = strtab_find(&r->waves, ids->wave, ids->wave_len);
    if (subject == STRTAB_NONE || wave == STRTAB_NONE ||
        (other = responses_find_self(r, subject, wave)) == SIZE_MAX)
        return ASSESS_REJECT_NONE;
    reject(rd, rec->line, ASSESS_REJECT_SECOND_SELF,
           "a second self rating of subject '%s' in wave '%s': response '%s' "
           "here, and response '%s' (%s:%lu) before it (separate waves? give "
           "each file its wave: --wave W before it)",
           quote_id(qs, &r->subjects, subject), quote_id(qw, &r->waves, wave),
           quote_text(q, sizeof q, ids->rater, ids->rater_len),
           quote_id(qo, &r->raters, r->sets[other].rater),
           file_of(r, &r->sets[other]), r->sets[other].line);
    return ASSESS_REJECT_SECOND_SELF;
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
 * With the id columns side by side, one comparison of their bytes.  Ids
 * the layout gives as constants are the same in every row.
 */
static int same_ids_as_last(const reader *rd, const csv_record *rec)
{
    const assess_responses *r = rd->r;
    size_t c, len;

    if (rd->last_subject == STRTAB_NONE || rd->names_rows)
        return 0;
    if (rd->ids_first != NO_COLUMN) {
        const char *ids = id_bytes(rd, rec, &len);
        return len == rd->last_ids_len && memcmp(ids, rd->last_ids, len) == 0;
    }
    c = rd->col[COL_SUBJECT];
    if (c != NO_COLUMN &&
        !same_id(&r->subjects, rd->last_subject, rec->field[c], rec->len[c]))
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

/* ---- Written answers ------------------------------------------------------------ */

/*
 * A written answer to question q from a field: *a set, 1 when it says
 * something (white space at its ends taken off), 0 when it is empty or
 * only white space (no answer), or the reason to reject its row (text
 * that is not UTF-8).
 */
static int read_text(reader *rd, unsigned long line, uint32_t q,
                     const char *s, size_t len, text_answer *a,
                     assess_reject *why)
{
    char qt[QUOTE_SIZE];

    while (len && strchr(" \t\r\n", s[len - 1]))
        len--;
    while (len && strchr(" \t\r\n", *s))
        s++, len--;
    *why = ASSESS_REJECT_NONE;
    if (len == 0)
        return 0;
    if (!utf8_valid(s, len)) {
        reject(rd, line, ASSESS_REJECT_BAD_TEXT,
               "question '%s': '%s' is not valid UTF-8 text (or holds a NUL "
               "byte; an export in another encoding is read with --encoding)",
               rd->r->inst->questions[q].id, quote_text(qt, sizeof qt, s, len));
        *why = ASSESS_REJECT_BAD_TEXT;
        return 0;
    }
    if (utf8_blank(s, len))
        return 0; /* nothing visible: no answer (base_utf8.h) */
    a->question = q;
    a->text = s;
    a->len = len;
    return 1;
}

/* ---- Rows ---------------------------------------------------------------------------- */

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

/*
 * A long row whose item_id names a question: its set is found or added as
 * for an answer (so the table's sets are the same whether comments are
 * kept or not); its text is kept only with opts.comments.
 */
static assess_reject long_text_row(reader *rd, const csv_record *rec,
                                   const row_ids *ids, int same,
                                   uint32_t question, assess_status *st,
                                   assess_error *err) NOINLINE;
static assess_reject long_text_row(reader *rd, const csv_record *rec,
                                   const row_ids *ids, int same,
                                   uint32_t question, assess_status *st,
                                   assess_error *err)
{
    assess_responses *r = rd->r;
    assess_reject why = ASSESS_REJECT_NONE;
    text_answer a;
    size_t set, c = rd->col[COL_VALUE];
    int found, said = 0;
    char q[QUOTE_SIZE], qs[QUOTE_SIZE], qw[QUOTE_SIZE];

    if (r->opts.comments) {
        said = read_text(rd, rec->line, question, rec->field[c], rec->len[c],
                         &a, &why);
        if (why)
            return why;
    }
    if (same) {
        set = rd->last_set;
        found = 1;
    } else {
        set = find_or_add_set(rd, ids, rec->line, 0, &found);
    }
    if (found) {
        if (!same && (why = check_group(rd, rec, ids, set)))
            return why;
    } else {
        if ((why = check_self(rd, rec, ids)))
            return why;
        set = find_or_add_set(rd, ids, rec->line, 1, &found);
        if (found < 0) {
            *st = oom(rd, rec, err);
            return ASSESS_REJECT_NONE;
        }
    }
    if (said) {
        int added = responses_add_comment(r, set, question, a.text, a.len);
        if (added < 0) {
            *st = oom(rd, rec, err);
            return ASSESS_REJECT_NONE;
        }
        if (added > 0) {
            reject(rd, rec->line, ASSESS_REJECT_DUPLICATE,
                   "question '%s' is answered twice by rater '%s' for "
                   "subject '%s' in wave '%s'",
                   r->inst->questions[question].id,
                   quote_text(q, sizeof q, ids->rater, ids->rater_len),
                   quote_id(qs, &r->subjects, r->sets[set].subject),
                   quote_id(qw, &r->waves, r->sets[set].wave));
            return ASSESS_REJECT_DUPLICATE;
        }
    }
    if (!same && keep_ids(rd, rec) != 0) {
        *st = oom(rd, rec, err);
        return ASSESS_REJECT_NONE;
    }
    read_duration(rd, rec, set);
    return ASSESS_REJECT_NONE;
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
    if (item == STRTAB_NONE && r->inst->n_questions) {
        uint32_t question = instrument_find_question(r->inst, rec->field[c],
                                                     rec->len[c]);
        if (question != UINT32_MAX)
            return long_text_row(rd, rec, &ids, same, question, st, err);
    }
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
        if ((why = check_self(rd, rec, &ids)))
            return why;
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
    size_t n = 0, n_texts = 0, set;
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
    if (rd->texts)
        for (size_t i = 0; i < rec->n_fields; i++) {
            if (rd->question_of[i] == NO_ITEM)
                continue;
            n_texts += (size_t)read_text(rd, rec->line, rd->question_of[i],
                                         rec->field[i], rec->len[i],
                                         &rd->texts[n_texts], &why);
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
    if ((why = check_self(rd, rec, &ids)))
        return why;
    set = find_or_add_set(rd, &ids, rec->line, 1, &found);
    if (found < 0) {
        *st = oom(rd, rec, err);
        return ASSESS_REJECT_NONE;
    }
    for (size_t k = 0; k < n; k++)
        store(r, set, &rd->answers[k]);
    for (size_t k = 0; k < n_texts; k++)
        if (responses_add_comment(r, set, rd->texts[k].question,
                                  rd->texts[k].text, rd->texts[k].len) < 0) {
            *st = oom(rd, rec, err);
            return ASSESS_REJECT_NONE;
        }
    read_duration(rd, rec, set);
    return ASSESS_REJECT_NONE;
}

/* A row of a file whose header lacks a required column, while
 * describing: its answers and group are looked at, nothing is stored. */
static assess_reject scan_row(reader *rd, const csv_record *rec) NOINLINE;
static assess_reject scan_row(reader *rd, const csv_record *rec)
{
    assess_reject why, first = ASSESS_REJECT_NONE;
    answer a;
    size_t c = rd->col[COL_GROUP];

    for (size_t i = 0; i < rec->n_fields; i++) {
        if (rd->item_of[i] == NO_ITEM)
            continue;
        why = read_value(rd, rec->line, rd->item_of[i], rec->field[i],
                         rec->len[i], &a);
        if (why && !first)
            first = why;
    }
    if (c != NO_COLUMN && rec->len[c] &&
        find_group(rd, rec->field[c], rec->len[c]) == NO_GROUP) {
        if (utf8_valid(rec->field[c], rec->len[c]))
            (void)desc_group(rd->r->desc, rec->field[c], rec->len[c]);
        if (!first)
            first = ASSESS_REJECT_UNKNOWN_GROUP;
    }
    return first ? first : ASSESS_REJECT_MISSING_ID;
}

/* A row the export marks as not to use, or the source map filters out:
 * the reason, told as a note; ASSESS_REJECT_NONE for a row to read.
 * Kept out of reader_record(), which every row goes through. */
static assess_reject left_out(reader *rd, const csv_record *rec) NOINLINE;
static assess_reject left_out(reader *rd, const csv_record *rec)
{
    const file_layout *L = rd->lay;
    const char *why = NULL;
    assess_reject reason = ASSESS_REJECT_NONE;
    size_t col = 0;
    char q[QUOTE_SIZE], qr[QUOTE_SIZE], qc[QUOTE_SIZE];
    char what[QUOTE_SIZE + 32] = "row";

    for (size_t k = 0; k < L->n_marks && !reason; k++) {
        col = L->mark_col[k];
        reason = tool_mark_check(L->mark[k], rec->field[col], rec->len[col],
                                 &why);
    }
    for (size_t k = 0; k < L->n_filters && !reason; k++) {
        const row_filter *f = &L->filters[k];
        int equal = rec->len[f->col] == f->len &&
                    memcmp(rec->field[f->col], f->equals, f->len) == 0;
        if (!f->keep && equal) {
            reason = ASSESS_REJECT_FILTERED;
        } else if (f->keep && !equal) {
            /* kept by another <keep> of the same column? */
            int kept = 0;
            for (size_t j = 0; j < L->n_filters && !kept; j++)
                kept = L->filters[j].keep && L->filters[j].col == f->col &&
                       rec->len[f->col] == L->filters[j].len &&
                       memcmp(rec->field[f->col], L->filters[j].equals,
                              L->filters[j].len) == 0;
            if (!kept)
                reason = ASSESS_REJECT_FILTERED;
        }
        if (reason) {
            col = f->col;
            why = f->keep ? "not one the source map keeps"
                          : "one the source map drops";
        }
    }
    if (!reason)
        return ASSESS_REJECT_NONE;
    if (rd->r->opts.describe || rd->left_out_told == LEFT_OUT_TOLD)
        return reason;
    rd->left_out_told++;
    if (rd->col[COL_RATER] != NO_COLUMN)
        snprintf(what, sizeof what, "response '%s'",
                 quote_text(qr, sizeof qr, rec->field[rd->col[COL_RATER]],
                            rec->len[rd->col[COL_RATER]]));
    diag_emit(&rd->r->sink, ASSESS_NOTE, rd->name, rec->line, reason,
              "%s left out (%s): %s ('%s' is '%s')", what,
              assess_reject_name(reason), why ? why : "",
              quote_text(qc, sizeof qc, L->names[col], strlen(L->names[col])),
              quote_text(q, sizeof q, rec->field[col], rec->len[col]));
    return reason;
}

/* Counts a row's outcome in the account. */
static void count_row(reader *rd, assess_reject why)
{
    assess_account *acc = &rd->r->account;
    if (why) {
        acc->rows_rejected++;
        acc->rejected[why]++;
    } else {
        acc->rows_used++;
    }
}

/* Whether every row from now on goes the common way: past the header
 * and the rows skipped, with no row left out or only scanned. */
static void set_plain(reader *rd)
{
    rd->plain = rd->have_header && !rd->skip_left && !rd->left_out_rules &&
                !rd->scan_only;
}

/*
 * reader_record() for what is not the common row: the header rows, the
 * rows skipped, and the rows of a file whose tool or map leaves rows out
 * or that is only described.  Kept apart, so that the common row's path
 * stays short.
 */
static assess_status record_other(reader *rd, csv_record *rec,
                                  assess_error *err) NOINLINE;
static assess_status record_other(reader *rd, csv_record *rec,
                                  assess_error *err)
{
    assess_account *acc = &rd->r->account;
    assess_status st = ASSESS_OK;
    assess_reject why;

    if (!rd->have_header) {
        int taken;
        st = header_offer(rd->hdr, rec, &taken, err);
        if (st == ASSESS_OK && header_whole(rd->hdr)) {
            const file_layout *lay = header_layout(rd->hdr);
            if (use_layout(rd, lay) != 0)
                return oom(rd, rec, err);
            rd->skip_left = rd->skip_left > lay->extra_rows
                                ? rd->skip_left - lay->extra_rows : 0;
            set_plain(rd);
        }
        if (st != ASSESS_OK || taken)
            return st;
        if (rd->plain)
            return reader_record(rd, rec, err);
    }
    if (rd->skip_left) {
        rd->skip_left--;
        acc->header_rows++;
        set_plain(rd);
        return ASSESS_OK;
    }
    acc->rows_read++;
    if (rec->n_fields != rd->n_columns) {
        reject(rd, rec->line, ASSESS_REJECT_COLUMN_COUNT,
               "%zu field%s where the header has %zu", rec->n_fields,
               rec->n_fields == 1 ? "" : "s", rd->n_columns);
        why = ASSESS_REJECT_COLUMN_COUNT;
    } else if (rd->left_out_rules && (why = left_out(rd, rec))) {
        /* told */
    } else if (rd->scan_only) {
        why = scan_row(rd, rec);
    } else if (rd->layout == ASSESS_LAYOUT_LONG) {
        why = long_row(rd, rec, &st, err);
    } else {
        why = wide_row(rd, rec, &st, err);
    }
    if (st != ASSESS_OK)
        return st;
    count_row(rd, why);
    return ASSESS_OK;
}

assess_status reader_record(void *userdata, csv_record *rec,
                            assess_error *err)
{
    reader *rd = userdata;
    assess_status st = ASSESS_OK;
    assess_reject why;

    if (!rd->plain)
        return record_other(rd, rec, err);
    rd->r->account.rows_read++;
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
    count_row(rd, why);
    return ASSESS_OK;
}

/*
 * The reader of a new file of r, `name` (kept, not copied), added to r's
 * files; it reads from the file's first byte, its format and header
 * first.  NULL when out of memory.
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
    r->files[r->n_files++] = name;
    r->reader = rd;
    r->reader_free = reader_free;
    return rd;
}

/* The delimiter and encoding given: the options', else the source map's. */
static void format_given(const assess_responses *r, char *delimiter,
                         const char **encoding)
{
    const assess_source *src = r->opts.source;
    *delimiter = (char)(r->opts.delimiter ? r->opts.delimiter
                        : src && src->delimiter ? src->delimiter : 0);
    *encoding = r->opts.encoding ? r->opts.encoding
                : src ? src->encoding : NULL;
}

/* ---- For the ways of reading a file (input_reader.h) ----------------- */

assess_status reader_set_format(reader *rd, const csv_format *fmt,
                                assess_error *err)
{
    rd->fmt = *fmt;
    rd->have_format = 1;
    rd->hdr = header_new(rd->r, rd->name, fmt);
    rd->dec = decoder_new(fmt, rd->name, reader_record, rd);
    if (!rd->hdr || !rd->dec)
        return error_set(err, ASSESS_ENOMEM, rd->name, 0, "out of memory");
    return ASSESS_OK;
}

int reader_sniff(const reader *rd, const unsigned char *p, size_t len,
                 int at_end, csv_format *fmt)
{
    char delimiter;
    const char *encoding;
    format_given(rd->r, &delimiter, &encoding);
    return format_sniff(p, len, at_end, delimiter, encoding, fmt);
}

reader *reader_part(const reader *from, assess_responses *part)
{
    reader *rd = reader_new(part, from->name);

    if (!rd)
        return NULL;
    part->screened = from->r->screened;
    part->screened_borrowed = 1;
    rd->fmt = from->fmt;
    rd->have_format = 1;
    rd->dec = decoder_new(&from->fmt, from->name, reader_record, rd);
    if (!rd->dec || use_layout(rd, from->lay) != 0)
        return NULL; /* freed with the part's table */
    set_plain(rd);
    csv_stream_take_up(decoder_stream(rd->dec), 1, 0);
    return rd;
}

/* Comments are kept only read in order (merging parts' comments measured
 * slower than reading in order); an instrument without questions has none
 * to keep, and its file is cut into parts as any other. */
int reader_splittable(const reader *rd)
{
    return rd->have_header && rd->dec && !decoder_converts(rd->dec) &&
           !rd->names_rows && !rd->r->opts.describe &&
           !(rd->r->opts.comments && rd->r->inst->n_questions);
}

csv_stream *reader_stream(const reader *rd)
{
    return decoder_stream(rd->dec);
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

/* Holds the first bytes until they tell the format, then feeds them. */
static assess_status feed_prefix(reader *rd, const void *data, size_t len,
                                 int at_end, assess_error *err)
{
    csv_format fmt;
    assess_status st;

    if (len) {
        if (rd->prefix_len + len > rd->prefix_cap) {
            size_t cap = rd->prefix_cap ? rd->prefix_cap : 4096;
            unsigned char *p;
            while (cap < rd->prefix_len + len)
                cap *= 2;
            p = realloc(rd->prefix, cap);
            if (!p)
                return error_set(err, ASSESS_ENOMEM, rd->name, 0,
                                 "out of memory");
            rd->prefix = p;
            rd->prefix_cap = cap;
        }
        memcpy(rd->prefix + rd->prefix_len, data, len);
        rd->prefix_len += len;
    }
    if (!reader_sniff(rd, rd->prefix, rd->prefix_len, at_end, &fmt))
        return ASSESS_OK;
    if ((st = reader_set_format(rd, &fmt, err)) != ASSESS_OK)
        return st;
    if (rd->prefix_len)
        st = decoder_feed(rd->dec, rd->prefix, rd->prefix_len, err);
    free(rd->prefix);
    rd->prefix = NULL;
    rd->prefix_len = rd->prefix_cap = 0;
    return st;
}

assess_status assess_responses_feed(assess_responses *r, const void *data,
                                    size_t len, assess_error *err)
{
    reader *rd = r->reader;
    if (!rd)
        return error_set(err, ASSESS_EUSAGE, NULL, 0, "no file begun");
    if (rd->dec)
        return decoder_feed(rd->dec, data, len, err);
    return feed_prefix(rd, data, len, 0, err);
}

assess_status responses_end_records(assess_responses *r, assess_status st,
                                    unsigned long blank,
                                    unsigned long last_line,
                                    assess_error *err)
{
    reader *rd = r->reader;
    uint64_t rejected, left = 0;

    r->account.blank_lines += blank;
    if (st == ASSESS_OK && !rd->have_header && rd->hdr &&
        header_begun(rd->hdr)) {
        st = header_end(rd->hdr, err);
        if (st == ASSESS_OK && use_layout(rd, header_layout(rd->hdr)) != 0)
            st = error_set(err, ASSESS_ENOMEM, rd->name, 0, "out of memory");
    }
    if (st == ASSESS_OK && !rd->have_header)
        st = error_set(err, ASSESS_EFORMAT, rd->name, 1,
                       "the file is empty: no header row");
    if (st == ASSESS_OK && r->account.rows_read == rd->before.rows_read)
        diag_emit(&r->sink, ASSESS_WARNING, rd->name, last_line,
                  ASSESS_REJECT_NONE, "no data rows after the header");
    rejected = r->account.rows_rejected - rd->before.rows_rejected;
    for (int k = 0; k < ASSESS_REJECT__COUNT; k++)
        if (assess_reject_left_out((assess_reject)k)) {
            uint64_t n = r->account.rejected[k] - rd->before.rejected[k];
            rejected -= n;
            left += n;
        }
    if (st == ASSESS_OK && left > rd->left_out_told && !r->opts.describe)
        diag_emit(&r->sink, ASSESS_NOTE, rd->name, 0, ASSESS_REJECT_NONE,
                  "%llu more row%s left out, not told one by one (the "
                  "account counts them by reason)",
                  (unsigned long long)(left - rd->left_out_told),
                  left - rd->left_out_told == 1 ? "" : "s");
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
    reader *rd = r->reader;
    if (st == ASSESS_OK && !rd->dec)
        st = feed_prefix(rd, NULL, 0, 1, err);
    if (st == ASSESS_OK)
        st = decoder_finish(rd->dec, err);
    if (!rd->dec)
        return responses_end_records(r, st, 0, 1, err);
    return responses_end_records(r, st,
                                 csv_stream_blank_lines(reader_stream(rd)),
                                 csv_stream_line(reader_stream(rd)), err);
}

assess_status assess_responses_end(assess_responses *r, assess_error *err)
{
    if (!r->reader)
        return error_set(err, ASSESS_EUSAGE, NULL, 0, "no file begun");
    return responses_end_file(r, ASSESS_OK, err);
}
