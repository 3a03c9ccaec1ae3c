/*
 * input_responses.c - the response table: its storage, its index of sets and
 * its accessors.  Reading CSV into it is input_reader.c.
 */
#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_number.h"
#include "input_decode.h"
#include "input_describe.h"
#include "input_responses.h"
#include "input_source.h"

static const char *const standard_columns[] = {
    "subject_id", "rater_id", "rater_group", "wave", "item_id", "value",
    "duration",
};

static int is_standard_column(const char *name)
{
    for (size_t i = 0; i < sizeof standard_columns / sizeof *standard_columns; i++)
        if (strcmp(name, standard_columns[i]) == 0)
            return 1;
    return 0;
}

void assess_read_options_init(assess_read_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->layout = ASSESS_LAYOUT_AUTO;
    opts->threads = 1;
}

/*
 * The source map's columns after --map's (the loader has checked their
 * names): no name read from two columns, one given by each.
 */
static assess_status map_source(assess_responses *r, assess_error *err)
{
    const assess_source *src = r->opts.source;

    for (size_t k = 0; src && k < src->n_columns; k++) {
        const src_column *c = &src->columns[k];
        map_entry *m = &r->map[r->n_map];
        for (size_t i = 0; i < r->n_map; i++)
            if (strcmp(r->map[i].name, c->as) == 0)
                return error_set(err, ASSESS_EUSAGE, src->name, c->line,
                                 "<column as=\"%s\">: --map reads '%s' from "
                                 "another column", c->as, c->as);
        /* Copied: the map serves the reading, the table outlives it. */
        m->name = arena_strdup(&r->arena, c->as);
        m->header = c->header ? arena_strdup(&r->arena, c->header) : NULL;
        m->position = c->position;
        m->from = arena_strdup(&r->arena, src->name);
        m->line = c->line;
        if (!m->name || (c->header && !m->header) || !m->from)
            return error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
        r->n_map++;
    }
    return ASSESS_OK;
}

/*
 * "name=Header,name=Header": each name a standard column or an item id,
 * each at most once.  A Header cannot itself contain a comma (name it in
 * a source map).  The source map's columns join them.
 */
static assess_status parse_map(assess_responses *r, assess_error *err)
{
    const char *p = r->opts.map;
    size_t n = 1;

    if (r->opts.source)
        n += r->opts.source->n_columns;
    for (const char *q = p; q && *q; q++)
        n += *q == ',';
    r->map = arena_alloc(&r->arena, n * sizeof *r->map);
    if (r->map && (!p || !*p))
        return map_source(r, err);
    if (!r->map)
        return error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    while (*p) {
        const char *end = strchr(p, ',');
        const char *eq;
        size_t len = end ? (size_t)(end - p) : strlen(p);
        map_entry *m = &r->map[r->n_map];

        eq = memchr(p, '=', len);
        if (!eq || eq == p || eq == p + len - 1)
            return error_set(err, ASSESS_EUSAGE, NULL, 0,
                             "--map: '%.*s' is not name=Column", (int)len, p);
        m->name = arena_strndup(&r->arena, p, (size_t)(eq - p));
        m->header = arena_strndup(&r->arena, eq + 1, len - (size_t)(eq - p) - 1);
        m->position = 0;
        m->from = "--map";
        m->line = 0;
        if (!m->name || !m->header)
            return error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
        if (!is_standard_column(m->name) &&
            instrument_find_item(r->inst, m->name, strlen(m->name)) == STRTAB_NONE &&
            instrument_find_question(r->inst, m->name, strlen(m->name)) ==
                UINT32_MAX)
            return error_set(err, ASSESS_EUSAGE, NULL, 0,
                             "--map: '%s' is neither a standard column "
                             "(subject_id, rater_id, rater_group, wave, "
                             "item_id, value, duration) nor an item or "
                             "question of instrument '%s'",
                             m->name, r->inst->id);
        for (size_t i = 0; i < r->n_map; i++)
            if (strcmp(r->map[i].name, m->name) == 0)
                return error_set(err, ASSESS_EUSAGE, NULL, 0,
                                 "--map: '%s' is mapped twice", m->name);
        r->n_map++;
        p += len;
        if (*p == ',')
            p++;
    }
    return map_source(r, err);
}

assess_responses *assess_responses_new(const assess_instrument *inst,
                                       const assess_read_options *opts,
                                       assess_error *err)
{
    assess_responses *r = NULL;
    size_t offset = 0;

    r = calloc(1, sizeof *r);
    if (!r) {
        error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    r->inst = inst;
    if (opts)
        r->opts = *opts;
    else
        assess_read_options_init(&r->opts);
    r->sink.fn = r->opts.diag;
    r->sink.userdata = r->opts.userdata;
    arena_init(&r->arena);
    strtab_init(&r->subjects, &r->arena);
    strtab_init(&r->raters, &r->arena);
    strtab_init(&r->waves, &r->arena);

    r->slot_offset = calloc(inst->n_items + 1, sizeof *r->slot_offset);
    r->slot_wide = calloc(inst->n_items + 1, 1);
    if (!r->slot_offset || !r->slot_wide) {
        error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < inst->n_items; i++) {
        const inst_response_scale *rs =
            &inst->response_scales[inst->items[i].response_scale];
        int narrow = !rs->continuous && rs->max - rs->min < SLOT_CODES &&
                     rs->n_missing <= CODE_MISSING_MAX;
        r->slot_offset[i] = (uint32_t)offset;
        r->slot_wide[i] = !narrow;
        offset += narrow ? 1 : sizeof(double);
    }
    r->record_size = offset ? offset : 1;
    if (r->opts.source && r->opts.source->inst != inst) {
        error_set(err, ASSESS_EUSAGE, r->opts.source->name, 0,
                  "the source map was loaded for another instrument");
        goto fail;
    }
    if (r->opts.delimiter && r->opts.delimiter != ',' &&
        r->opts.delimiter != ';' && r->opts.delimiter != '\t' &&
        r->opts.delimiter != '|') {
        error_set(err, ASSESS_EUSAGE, NULL, 0,
                  "the delimiter is not one of ',' ';' tab '|'");
        goto fail;
    }
    if (r->opts.encoding &&
        format_check_encoding(r->opts.encoding, err) != ASSESS_OK)
        goto fail;
    if (r->opts.describe && !(r->desc = desc_new())) {
        error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
        goto fail;
    }
    if (parse_map(r, err) != ASSESS_OK)
        goto fail;
    if (r->opts.exclude_flagged &&
        !(r->screened = screened_read(r->opts.exclude_flagged, err)))
        goto fail;
    return r;
fail:
    assess_responses_free(r);
    return NULL;
}

void assess_responses_free(assess_responses *r)
{
    if (!r)
        return;
    if (r->reader)
        r->reader_free(r->reader);
    if (!r->screened_borrowed)
        screened_free(r->screened);
    strtab_release(&r->subjects);
    strtab_release(&r->raters);
    strtab_release(&r->waves);
    free(r->files);
    free(r->sets);
    free(r->values);
    free(r->slot_offset);
    free(r->slot_wide);
    free(r->set_index);
    free(r->self_index);
    free(r->comments);
    free(r->comment_index);
    desc_free(r->desc);
    arena_release(&r->arena);
    free(r);
}

/* The comment index's slot of (set, question): where it is, or the empty
 * slot where it would go. */
static size_t comment_slot(const assess_responses *r, size_t set,
                           uint32_t question)
{
    uint64_t key = (uint64_t)set * 0x9e3779b97f4a7c15ULL ^
                   (uint64_t)question * 0xc2b2ae3d27d4eb4fULL;
    size_t mask = r->comment_index_size - 1, i = (size_t)(key >> 17) & mask;

    for (;; i = (i + 1) & mask) {
        uint64_t c = r->comment_index[i];
        if (c == 0 || (r->comments[c - 1].set == set &&
                       r->comments[c - 1].question == question))
            return i;
    }
}

int responses_add_comment(assess_responses *r, size_t set, uint32_t question,
                          const char *text, size_t len)
{
    resp_comment *c;
    size_t slot;

    assert(set < r->n_sets && question < r->inst->n_questions && len > 0);
    /* The index is kept at most half full. */
    if (2 * (r->n_comments + 1) > r->comment_index_size) {
        size_t size = r->comment_index_size ? 2 * r->comment_index_size : 64;
        uint64_t *idx = calloc(size, sizeof *idx);
        if (!idx)
            return -1;
        free(r->comment_index);
        r->comment_index = idx;
        r->comment_index_size = size;
        for (size_t k = 0; k < r->n_comments; k++)
            idx[comment_slot(r, r->comments[k].set,
                             r->comments[k].question)] = k + 1;
    }
    slot = comment_slot(r, set, question);
    if (r->comment_index[slot])
        return 1;
    if (r->n_comments == r->comments_cap) {
        size_t cap = r->comments_cap ? 2 * r->comments_cap : 64;
        resp_comment *grown = realloc(r->comments, cap * sizeof *grown);
        if (!grown)
            return -1;
        r->comments = grown;
        r->comments_cap = cap;
    }
    c = &r->comments[r->n_comments];
    c->set = (uint32_t)set;
    c->question = question;
    c->len = len;
    c->text = arena_strndup(&r->arena, text, len);
    if (!c->text)
        return -1;
    r->comment_index[slot] = ++r->n_comments;
    return 0;
}

assess_status assess_responses_set_wave(assess_responses *r, const char *wave,
                                        assess_error *err)
{
    if (r->reader)
        return error_set(err, ASSESS_EUSAGE, NULL, 0,
                         "a file is being read: set the wave before it begins");
    if (!wave) {
        r->file_wave = NULL;
        return ASSESS_OK;
    }
    if (!*wave)
        return error_set(err, ASSESS_EUSAGE, NULL, 0, "the wave is empty");
    r->file_wave = arena_strdup(&r->arena, wave);
    return r->file_wave ? ASSESS_OK
                        : error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
}

/* ---- Slots -------------------------------------------------------------- */

slot_state responses_get(const assess_responses *r, size_t set,
                         uint32_t item, double *value)
{
    const unsigned char *p = responses_slot(r, set, item);
    const inst_response_scale *rs =
        &r->inst->response_scales[r->inst->items[item].response_scale];

    if (!r->slot_wide[item]) {
        unsigned c = *p;
        if (c == CODE_UNSET)
            return SLOT_UNSET;
        if (c == CODE_BLANK)
            return SLOT_BLANK;
        if (c >= CODE_MISSING0) {
            *value = rs->missing[c - CODE_MISSING0].value;
            return SLOT_MISSING;
        }
        *value = rs->min + c;
        return SLOT_VALUE;
    }
    uint64_t bits;
    memcpy(&bits, p, sizeof bits);
    if (bits == NAN_UNSET)
        return SLOT_UNSET;
    if (bits == NAN_BLANK)
        return SLOT_BLANK;
    if (bits >= NAN_MISSING0 && bits < NAN_MISSING0 + rs->n_missing) {
        *value = rs->missing[bits - NAN_MISSING0].value;
        return SLOT_MISSING;
    }
    memcpy(value, p, sizeof *value);
    return SLOT_VALUE;
}

/* ---- Sets --------------------------------------------------------------- */

static uint64_t key_hash(uint32_t subject, uint32_t rater, uint32_t wave)
{
    uint64_t h = subject * 0x9e3779b97f4a7c15ULL;
    h ^= (rater + 0x632be59bd9b4e019ULL) * 0xbf58476d1ce4e5b9ULL;
    h ^= (wave + 0x85ebca6bULL) * 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
}

size_t responses_find_set(const assess_responses *r, uint32_t subject,
                          uint32_t rater, uint32_t wave)
{
    size_t mask, i;
    if (!r->set_index_size)
        return SIZE_MAX;
    mask = r->set_index_size - 1;
    i = key_hash(subject, rater, wave) & mask;
    for (;;) {
        uint32_t v = r->set_index[i];
        const resp_set *s;
        if (v == 0)
            return SIZE_MAX;
        s = &r->sets[v - 1];
        if (s->subject == subject && s->rater == rater && s->wave == wave)
            return v - 1;
        i = (i + 1) & mask;
    }
}

static void index_insert(uint32_t *index, size_t size, const resp_set *s,
                         uint32_t v)
{
    size_t i = key_hash(s->subject, s->rater, s->wave) & (size - 1);
    while (index[i])
        i = (i + 1) & (size - 1);
    index[i] = v;
}

/* The self index hashes (subject, wave), the rater left out. */
static void self_insert(uint32_t *index, size_t size, const resp_set *s,
                        uint32_t v)
{
    size_t i = key_hash(s->subject, 0, s->wave) & (size - 1);
    while (index[i])
        i = (i + 1) & (size - 1);
    index[i] = v;
}

size_t responses_find_self(const assess_responses *r, uint32_t subject,
                           uint32_t wave)
{
    size_t mask, i;
    if (!r->self_index_size)
        return SIZE_MAX;
    mask = r->self_index_size - 1;
    i = key_hash(subject, 0, wave) & mask;
    for (;;) {
        uint32_t v = r->self_index[i];
        const resp_set *s;
        if (v == 0)
            return SIZE_MAX;
        s = &r->sets[v - 1];
        if (s->subject == subject && s->wave == wave)
            return v - 1;
        i = (i + 1) & mask;
    }
}

/* Keeps set `set`, of a self group, in the self index; -1 when out of
 * memory. */
static int self_add(assess_responses *r, size_t set)
{
    if ((r->n_self + 1) * 2 > r->self_index_size) {
        size_t size = r->self_index_size ? r->self_index_size * 2 : 256;
        uint32_t *index = calloc(size, sizeof *index);
        if (!index)
            return -1;
        for (size_t k = 0; k < r->self_index_size; k++)
            if (r->self_index[k])
                self_insert(index, size, &r->sets[r->self_index[k] - 1],
                            r->self_index[k]);
        free(r->self_index);
        r->self_index = index;
        r->self_index_size = size;
    }
    self_insert(r->self_index, r->self_index_size, &r->sets[set],
                (uint32_t)(set + 1));
    r->n_self++;
    return 0;
}

size_t responses_add_set(assess_responses *r, uint32_t subject,
                         uint32_t rater, uint32_t wave, uint32_t group,
                         unsigned long line, uint32_t file)
{
    resp_set *s;

    if (r->n_sets >= UINT32_MAX - 1)
        return SIZE_MAX;
    if (r->n_sets == r->sets_cap) {
        size_t cap = r->sets_cap ? r->sets_cap * 2 : 1024;
        resp_set *sets = realloc(r->sets, cap * sizeof *sets);
        unsigned char *values;
        if (!sets)
            return SIZE_MAX;
        r->sets = sets;
        values = realloc(r->values, cap * r->record_size);
        if (!values)
            return SIZE_MAX;
        r->values = values;
        r->sets_cap = cap;
    }
    if ((r->n_sets + 1) * 2 > r->set_index_size) {
        size_t size = r->set_index_size ? r->set_index_size * 2 : 2048;
        uint32_t *index = calloc(size, sizeof *index);
        if (!index)
            return SIZE_MAX;
        for (size_t k = 0; k < r->n_sets; k++)
            index_insert(index, size, &r->sets[k], (uint32_t)(k + 1));
        free(r->set_index);
        r->set_index = index;
        r->set_index_size = size;
    }
    s = &r->sets[r->n_sets];
    s->subject = subject;
    s->rater = rater;
    s->wave = wave;
    s->group = group;
    s->line = line;
    s->file = file;
    s->duration = NAN;
    memset(r->values + r->n_sets * r->record_size, CODE_UNSET, r->record_size);
    for (size_t i = 0; i < r->inst->n_items; i++)
        if (r->slot_wide[i])
            responses_put(r, r->n_sets, (uint32_t)i, SLOT_UNSET, 0, 0);
    /* Only growing the self index can fail: before the set is indexed. */
    if (r->inst->groups[group].role == ROLE_SELF &&
        self_add(r, r->n_sets) != 0)
        return SIZE_MAX;
    index_insert(r->set_index, r->set_index_size, s, (uint32_t)(r->n_sets + 1));
    return r->n_sets++;
}

/* ---- Merging a part ----------------------------------------------------- */

/* The set of `part` in r, or SIZE_MAX; nothing is interned. */
static size_t set_in(const assess_responses *r, const assess_responses *part,
                     const resp_set *s)
{
    uint32_t subject = strtab_find(&r->subjects, part->subjects.str[s->subject],
                                   part->subjects.len[s->subject]);
    uint32_t rater = strtab_find(&r->raters, part->raters.str[s->rater],
                                 part->raters.len[s->rater]);
    uint32_t wave = strtab_find(&r->waves, part->waves.str[s->wave],
                                part->waves.len[s->wave]);
    if (subject == STRTAB_NONE || rater == STRTAB_NONE || wave == STRTAB_NONE)
        return SIZE_MAX;
    return responses_find_set(r, subject, rater, wave);
}

/* The counts of b added to a's; blank lines are counted by the stream. */
static void add_account(assess_account *a, const assess_account *b)
{
    a->rows_read += b->rows_read;
    a->rows_used += b->rows_used;
    a->rows_rejected += b->rows_rejected;
    for (size_t i = 0; i < ASSESS_REJECT__COUNT; i++)
        a->rejected[i] += b->rejected[i];
    a->header_rows += b->header_rows;
    a->answers += b->answers;
    a->missing += b->missing;
}

/* Whether set a of r and set b of part have an item both answered. */
static int answered_in_both(const assess_responses *r, size_t a,
                            const assess_responses *part, size_t b)
{
    for (uint32_t i = 0; i < r->inst->n_items; i++)
        if (!responses_unset(r, a, i) && !responses_unset(part, b, i))
            return 1;
    return 0;
}

/* The indexes in `to` of the strings of `from`, interned in their order;
 * NULL when out of memory. */
static uint32_t *intern_all(strtab *to, const strtab *from)
{
    uint32_t *map = malloc((from->count ? from->count : 1) * sizeof *map);
    if (!map)
        return NULL;
    for (uint32_t i = 0; i < from->count; i++) {
        map[i] = strtab_intern(to, from->str[i], from->len[i], NULL);
        if (map[i] == STRTAB_NONE) {
            free(map);
            return NULL;
        }
    }
    return map;
}

int responses_merge(assess_responses *r, const assess_responses *part,
                    unsigned long first_line, uint32_t file)
{
    uint32_t *subject = NULL, *rater = NULL, *wave = NULL;
    int rc = -1;

    /* First whether every set joins, before r is touched. */
    for (size_t k = 0; k < part->n_sets; k++) {
        const resp_set *s = &part->sets[k];
        size_t set = set_in(r, part, s);
        if (set != SIZE_MAX &&
            (r->sets[set].group != s->group ||
             answered_in_both(r, set, part, k)))
            return 1;
        if (set == SIZE_MAX && r->inst->groups[s->group].role == ROLE_SELF) {
            uint32_t su = strtab_find(&r->subjects,
                                      part->subjects.str[s->subject],
                                      part->subjects.len[s->subject]);
            uint32_t wa = strtab_find(&r->waves, part->waves.str[s->wave],
                                      part->waves.len[s->wave]);
            if (su != STRTAB_NONE && wa != STRTAB_NONE &&
                responses_find_self(r, su, wa) != SIZE_MAX)
                return 1;
        }
    }
    subject = intern_all(&r->subjects, &part->subjects);
    rater = intern_all(&r->raters, &part->raters);
    wave = intern_all(&r->waves, &part->waves);
    if (!subject || !rater || !wave)
        goto out;
    for (size_t k = 0; k < part->n_sets; k++) {
        const resp_set *s = &part->sets[k];
        size_t set = responses_find_set(r, subject[s->subject],
                                        rater[s->rater], wave[s->wave]);
        if (set == SIZE_MAX) {
            set = responses_add_set(r, subject[s->subject], rater[s->rater],
                                    wave[s->wave], s->group,
                                    first_line + s->line - 1, file);
            if (set == SIZE_MAX)
                goto out;
            memcpy(r->values + set * r->record_size,
                   part->values + k * part->record_size, r->record_size);
            r->sets[set].duration = s->duration;
            continue;
        }
        if (isnan(r->sets[set].duration))
            r->sets[set].duration = s->duration;
        for (uint32_t i = 0; i < r->inst->n_items; i++)
            if (!responses_unset(part, k, i))
                memcpy(responses_slot(r, set, i), responses_slot(part, k, i),
                       r->slot_wide[i] ? sizeof(double) : 1);
    }
    add_account(&r->account, &part->account);
    rc = 0;
out:
    free(subject);
    free(rater);
    free(wave);
    return rc;
}

/* ---- Accessors ---------------------------------------------------------- */

const assess_account *assess_responses_account(const assess_responses *r)
{
    return &r->account;
}

size_t assess_responses_subject_count(const assess_responses *r)
{
    return r->subjects.count;
}

size_t assess_responses_rater_count(const assess_responses *r)
{
    return r->raters.count;
}

size_t assess_responses_wave_count(const assess_responses *r)
{
    return r->waves.count;
}

size_t assess_responses_set_count(const assess_responses *r)
{
    return r->n_sets;
}

const char *assess_responses_wave(const assess_responses *r, size_t index)
{
    return index < r->waves.count ? strtab_str(&r->waves, (uint32_t)index) : NULL;
}

/* ---- Dump --------------------------------------------------------------- */

typedef struct sort_key {
    const char *subject, *wave, *rater;
    size_t set;
} sort_key;

static int compare_keys(const void *a, const void *b)
{
    const sort_key *x = a, *y = b;
    int c = strcmp(x->subject, y->subject);
    if (!c)
        c = strcmp(x->wave, y->wave);
    if (!c)
        c = strcmp(x->rater, y->rater);
    return c;
}

typedef struct strbuf {
    char *p;
    size_t len, cap;
    int failed;
} strbuf;

static void sb_printf(strbuf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);

static void sb_printf(strbuf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    if (b->failed)
        return;
    for (;;) {
        va_start(ap, fmt);
        n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->failed = 1;
            return;
        }
        if ((size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = b->cap * 2 + (size_t)n + 1;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
}

char *assess_responses_dump(const assess_responses *r)
{
    sort_key *order = malloc((r->n_sets ? r->n_sets : 1) * sizeof *order);
    strbuf b = { malloc(4096), 0, 4096, 0 };
    locale_t c = number_c_locale(), old = (locale_t)0;

    if (!order || !b.p) {
        free(order);
        free(b.p);
        return NULL;
    }
    /* "3.5" whatever the host program's locale */
    if (c != (locale_t)0)
        old = uselocale(c);
    b.p[0] = '\0';
    for (size_t i = 0; i < r->n_sets; i++) {
        order[i].subject = strtab_str(&r->subjects, r->sets[i].subject);
        order[i].wave = strtab_str(&r->waves, r->sets[i].wave);
        order[i].rater = strtab_str(&r->raters, r->sets[i].rater);
        order[i].set = i;
    }
    qsort(order, r->n_sets, sizeof *order, compare_keys);
    for (size_t k = 0; k < r->n_sets; k++) {
        const resp_set *s = &r->sets[order[k].set];
        for (uint32_t i = 0; i < r->inst->n_items; i++) {
            double v = 0;
            slot_state st = responses_get(r, order[k].set, i, &v);
            sb_printf(&b, "%s,%s,%s,%s,%s,",
                      strtab_str(&r->subjects, s->subject),
                      strtab_str(&r->raters, s->rater),
                      r->inst->groups[s->group].id,
                      strtab_str(&r->waves, s->wave), r->inst->items[i].id);
            if (st == SLOT_VALUE)
                sb_printf(&b, "%.17g\n", v);
            else if (st == SLOT_MISSING)
                sb_printf(&b, "missing:%.17g\n", v);
            else
                sb_printf(&b, "\n");
        }
    }
    free(order);
    if (c != (locale_t)0)
        uselocale(old);
    if (b.failed) {
        free(b.p);
        return NULL;
    }
    return b.p;
}
