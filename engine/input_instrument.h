/*
 * input_instrument.h - the body of assess_instrument, for the engine's own
 * use.
 *
 * A loaded instrument is immutable.  Its strings live in `arena`; its arrays
 * are malloc'd once by the loader.  Items are stored in document order, and
 * the items of a scale are contiguous (items are defined inside their
 * scale), so a scale is a range [first_item, first_item + n_items).
 */
#ifndef ASSESS_INSTRUMENT_H
#define ASSESS_INSTRUMENT_H

#include <stdint.h>

#include "base_arena.h"
#include "assess.h"
#include "base_strtab.h"

#define INSTRUMENT_MAX_BYTES (16u * 1024 * 1024)

typedef struct inst_label {
    double value;
    const char *text;
} inst_label;

/* Response scales, groups and scales start with their id (see find_id()). */
typedef struct inst_response_scale {
    const char *id;
    double min, max;
    int continuous;      /* type="continuous": decimals allowed */
    inst_label *labels;  /* value labels, in document order */
    size_t n_labels;
    inst_label *missing; /* missing codes and their labels */
    size_t n_missing;
} inst_response_scale;

typedef enum inst_role {
    ROLE_OTHER = 0,
    ROLE_SELF,
    ROLE_MANAGER,
    ROLE_PEER,
    ROLE_DIRECT_REPORT
} inst_role;

typedef struct inst_group {
    const char *id;
    const char *label;
    inst_role role;
    unsigned minimum; /* anonymity minimum: fewer raters are not shown */
    unsigned comment_minimum; /* fewest writers of an answer to a question
                                 for the group's comments to be shown
                                 (comment-minimum, default minimum) */
} inst_group;

/* An open-ended question (<question>), answered in words. */
typedef struct inst_question {
    const char *id;
    const char *text;
} inst_question;

typedef struct inst_item {
    const char *id;
    const char *text;
    uint32_t scale;          /* owning scale */
    uint32_t response_scale;
    int reverse;             /* scored as min + max - value */
} inst_item;

typedef enum inst_scoring { SCORING_MEAN = 0, SCORING_SUM } inst_scoring;

typedef struct inst_scale {
    const char *id;
    const char *title;
    const char *description;
    uint32_t first_item, n_items; /* 0 items for a composite */
    uint32_t *parts, n_parts;     /* scales a composite is built from */
    unsigned min_answered;        /* default: half the items, rounded up */
    int has_reliability;
    double reliability;
    inst_scoring scoring;
    int prorate;
    int lower_is_better;          /* better="lower": a fall is an improvement */
} inst_scale;

#define NORM_ANY_GROUP UINT32_MAX

/* Which population a norm describes: a norm group for percentiles, or
 * one of Jacobson & Truax's (1991) populations for their cut-offs. */
enum { NORM_GENERAL = 0, NORM_FUNCTIONAL, NORM_DYSFUNCTIONAL };

typedef struct inst_norm {
    uint32_t scale;
    uint32_t group; /* NORM_ANY_GROUP when the norm names none */
    double mean, sd;
    unsigned long n;
    const char *source;
    unsigned char population; /* NORM_... */
} inst_norm;

struct assess_instrument {
    arena arena;
    const char *id, *version, *title, *description;
    assess_kind kind;

    inst_response_scale *response_scales;
    size_t n_response_scales;
    inst_group *groups; /* one implicit "all" when the file declares none */
    size_t n_groups;
    int implicit_group;
    inst_item *items;
    size_t n_items;
    inst_scale *scales;
    size_t n_scales;
    inst_question *questions; /* in document order, in the arena */
    size_t n_questions;
    inst_norm *norms;
    size_t n_norms;
    inst_norm *functional_norms, *dysfunctional_norms; /* <functional-norm>,
                                                          <dysfunctional-norm> */
    size_t n_functional_norms, n_dysfunctional_norms;

    strtab item_ids; /* index = item index */
};

/* The index of an item by id, or STRTAB_NONE. */
static inline uint32_t instrument_find_item(const assess_instrument *inst,
                                            const char *id, size_t len)
{
    return strtab_find(&inst->item_ids, id, len);
}

#define NO_GROUP UINT32_MAX

/* The index of a question by id, or UINT32_MAX. */
uint32_t instrument_find_question(const assess_instrument *inst,
                                  const char *id, size_t len);

/*
 * The group a rater-group field names: by id exactly, else by id or label
 * regardless of case ("Peers"), else as people type them: regardless of
 * case, spaces, '_', '-' and a plural s ("Direct Report" and "direct
 * reports" are direct_report); with the implicit group, "all" or empty.
 * NO_GROUP when none.
 */
uint32_t instrument_find_group(const assess_instrument *inst, const char *s,
                               size_t len);

/*
 * The items a scale rests on, in document order: its own, or for a
 * composite those of its parts, each once.  Returns a malloc'd array of
 * *n indexes (NULL when out of memory); *response_scale receives the
 * response scale they share, or UINT32_MAX when they differ.
 */
/* The whole points of a response scale (max - min + 1), or 0 when it is
 * continuous, its ends are not whole, or it spans more than a million. */
unsigned instrument_whole_points(const inst_response_scale *rs);

uint32_t *instrument_scale_items(const assess_instrument *inst, uint32_t scale,
                                 size_t *n, uint32_t *response_scale);

/*
 * The norm of `list` (n of them) for a scale and an instrument group (or
 * an aggregate, which only a norm without a group fits): the group's own,
 * else the one without a group; NULL when neither.
 */
const inst_norm *instrument_find_norm(const inst_norm *list, size_t n,
                                      uint32_t scale, uint32_t group);

/*
 * The id of the instrument in file `path` (its root element's `id`),
 * without validating the file, into id[size]: 0, or -1 when the file
 * cannot be read or parsed, or has no id that fits.  For finding shipped
 * instruments by id (input_instrument_find.c).
 */
int instrument_file_id(const char *path, char *id, size_t size);

#endif
