/*
 * input_responses.h - the body of assess_responses: the in-memory table every
 * analysis reads.
 *
 * A response set is one rater's answers on one subject in one wave.  Its
 * answers are a fixed-size record of slots, one per item of the
 * instrument, so memory grows with answers, not with the text they came
 * from.  Ids are interned: a set is four small integers.
 *
 * Slots are one byte for integer response scales of up to 240 points
 * (value - min), eight bytes (a double) otherwise.  Both widths can say
 * "not answered" (no row gave the item), "blank" (an empty field) and
 * "missing code k" (the k-th <missing> code of the item's scale).
 */
#ifndef ASSESS_RESPONSES_H
#define ASSESS_RESPONSES_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base_arena.h"
#include "assess.h"
#include "base_error.h"
#include "input_instrument.h"
#include "input_screened.h"
#include "base_strtab.h"

/* One-byte slots: codes 0..SLOT_CODES-1 are values (value - min); the
 * codes above mean what the names say. */
#define SLOT_CODES 240
#define CODE_MISSING0 0xf0 /* missing code k is CODE_MISSING0 + k */
#define CODE_MISSING_MAX 13
#define CODE_BLANK 0xfe
#define CODE_UNSET 0xff

/* Eight-byte slots: NaNs with payloads mark the states, values are never
 * NaN (the reader only stores finite numbers). */
#define NAN_UNSET 0x7ff8000000000001ULL
#define NAN_BLANK 0x7ff8000000000002ULL
#define NAN_MISSING0 0x7ff8000000000100ULL

typedef enum slot_state {
    SLOT_UNSET = 0, /* no row answered the item */
    SLOT_BLANK,     /* answered with an empty field */
    SLOT_MISSING,   /* answered with a declared missing code */
    SLOT_VALUE      /* a value inside the response scale */
} slot_state;

typedef struct resp_set {
    uint32_t subject, rater, wave; /* indexes into the id tables */
    uint32_t group;                /* index into the instrument's groups */
    unsigned long line;            /* where the set was first seen */
    uint32_t file;                 /* index into files[] */
    float duration;                /* seconds the rater took, as the export's
                                      `duration` column gives it (the first
                                      row of the set that has one); NAN:
                                      none.  In the record's padding. */
} resp_set;

typedef struct map_entry {
    const char *name;       /* standard column or item id */
    const char *header;     /* the column name in the file, or NULL */
    unsigned long position; /* or its position, from 1 (0: by header) */
    const char *from;       /* where it was given: "--map" or the source
                               map's name, with `line` */
    unsigned long line;
} map_entry;

/* A written answer to a question (opts.comments): the text as read,
 * without the white space at its ends, never empty, valid UTF-8, in the
 * table's arena. */
typedef struct resp_comment {
    uint32_t set;      /* the rater's set */
    uint32_t question; /* index into the instrument's questions */
    const char *text;
    size_t len;
} resp_comment;

struct reader;
struct source_desc;

struct assess_responses {
    const assess_instrument *inst;
    assess_read_options opts;
    map_entry *map;
    size_t n_map;

    arena arena;
    strtab subjects, raters, waves;
    const char **files; /* names of the files read, in the arena */
    size_t n_files, files_cap;

    resp_set *sets;
    size_t n_sets, sets_cap;
    unsigned char *values; /* n_sets * record_size bytes */
    size_t record_size;
    uint32_t *slot_offset; /* by item */
    unsigned char *slot_wide;

    resp_comment *comments; /* opts.comments: in the order read */
    size_t n_comments, comments_cap;
    uint64_t *comment_index; /* open addressing on (set, question):
                                comment + 1, 0 = empty; a power of two */
    size_t comment_index_size;

    uint32_t *set_index;   /* open addressing: set + 1, 0 = empty */
    size_t set_index_size; /* power of two */

    /* Self sets by (subject, wave): one self rater a subject and wave.
     * Open addressing, set + 1, 0 = empty; a power of two. */
    uint32_t *self_index;
    size_t self_index_size, n_self;

    const char *file_wave;      /* assess_responses_set_wave(), in the
                                   arena; NULL when not set */
    struct source_desc *desc;   /* with opts.describe: what the first
                                   file read was found to be */

    assess_account account;
    diag_sink sink;
    screened *screened;    /* raters to leave out (opts.exclude_flagged),
                              NULL for none; a part's is its file's table's
                              (borrowed, not freed) */
    int screened_borrowed;
    struct reader *reader; /* the file being read, between begin and end:
                              the reader's (input_reader.h), freed by
                              the hook it leaves, as the table knows no
                              reader */
    void (*reader_free)(struct reader *rd);
};

/* Where the slot of an item in a set lies in `values`. */
static inline unsigned char *responses_slot(const assess_responses *r,
                                            size_t set, uint32_t item)
{
    return r->values + set * r->record_size + r->slot_offset[item];
}

/*
 * The state of an item in a set; *value receives the value (slot
 * SLOT_VALUE) or the missing code (SLOT_MISSING).
 */
slot_state responses_get(const assess_responses *r, size_t set,
                         uint32_t item, double *value);

/*
 * responses_get() for the analyses' inner loops, which want values only:
 * 1 with *value set when the slot holds a value, else 0 (*value may then
 * be overwritten).  Inline: it is called once per answer per analysis.
 */
static inline int responses_value(const assess_responses *r, size_t set,
                                  uint32_t item, double *value)
{
    const unsigned char *p = responses_slot(r, set, item);
    if (!r->slot_wide[item]) {
        if (*p >= CODE_MISSING0)
            return 0;
        *value = r->inst->response_scales[r->inst->items[item].response_scale]
                     .min + *p;
        return 1;
    }
    memcpy(value, p, sizeof *value);
    return !isnan(*value);
}

/* Whether no row has answered the item in the set yet.  Inline, as
 * responses_put(): the reader calls both for every answer. */
static inline int responses_unset(const assess_responses *r, size_t set,
                                  uint32_t item)
{
    const unsigned char *p = responses_slot(r, set, item);
    uint64_t bits;
    if (!r->slot_wide[item])
        return *p == CODE_UNSET;
    memcpy(&bits, p, sizeof bits);
    return bits == NAN_UNSET;
}

/* Writes a slot of a set; the value is one the reader has checked. */
static inline void responses_put(assess_responses *r, size_t set,
                                 uint32_t item, slot_state state, double value,
                                 unsigned missing_index)
{
    unsigned char *p = responses_slot(r, set, item);
    uint64_t bits;

    if (!r->slot_wide[item]) {
        double min = r->inst->response_scales[r->inst->items[item]
                                                  .response_scale].min;
        switch (state) {
        case SLOT_UNSET:   *p = CODE_UNSET; break;
        case SLOT_BLANK:   *p = CODE_BLANK; break;
        case SLOT_MISSING: *p = (unsigned char)(CODE_MISSING0 + missing_index); break;
        case SLOT_VALUE:   *p = (unsigned char)(value - min); break;
        }
        return;
    }
    switch (state) {
    case SLOT_BLANK:   bits = NAN_BLANK; break;
    case SLOT_MISSING: bits = NAN_MISSING0 + missing_index; break;
    case SLOT_VALUE:   memcpy(&bits, &value, sizeof bits); break;
    default:           bits = NAN_UNSET; break;
    }
    memcpy(p, &bits, sizeof bits);
}

/*
 * Adds a written answer of `set` to `question` (text[0..len), checked,
 * copied into the arena): 0; 1 when the set has answered the question
 * already (nothing added); -1 when out of memory.
 */
int responses_add_comment(assess_responses *r, size_t set, uint32_t question,
                          const char *text, size_t len);

/* The set of (subject, rater, wave), or SIZE_MAX. */
size_t responses_find_set(const assess_responses *r, uint32_t subject,
                          uint32_t rater, uint32_t wave);

/* The self set of (subject, wave), or SIZE_MAX. */
size_t responses_find_self(const assess_responses *r, uint32_t subject,
                           uint32_t wave);

/* Adds a set with every slot unset; SIZE_MAX when out of memory. */
size_t responses_add_set(assess_responses *r, uint32_t subject,
                         uint32_t rater, uint32_t wave, uint32_t group,
                         unsigned long line, uint32_t file);

/*
 * Adds to r what `part` read: `part` is a table of the same instrument
 * that read, on its own, the rows of a file that come right after those r
 * has read, numbering their lines from 1 where r numbers them
 * `first_line`.  Its ids and sets join r's in their order of first
 * appearance in the part, each set from file `file` of r, so that r is
 * what it would be had it read the rows itself, provided the part
 * reported nothing.  A set r already has takes the part's answers when
 * the rater's group is the same and no item is answered in both (a wide
 * row answers every item it has a column for, so its set never joins).
 * A self set for a subject and wave that has one of another rater does
 * not join either.
 * Returns 0; 1 when a set cannot be joined, r left as it was (reading the
 * rows, r would have rejected one); -1 when out of memory.
 */
int responses_merge(assess_responses *r, const assess_responses *part,
                    unsigned long first_line, uint32_t file);

#endif
