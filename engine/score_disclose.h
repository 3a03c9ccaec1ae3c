/*
 * score_disclose.h - the disclosure-control layer: which raters each protected
 * output may show or use (README, "Confidentiality").
 *
 * Every output is for the executive, the organisation or research; the
 * first two are protected, and this file is where their rule lives:
 *
 * - a rater is a rater of a scale (or item) only when they have a score
 *   on it (a value, for an item), for counts and minimums alike;
 * - a group with raters, but fewer than its anonymity minimum, is
 *   withheld: shown nowhere, used in no cohort statistic;
 * - withheld groups are pooled into `others` (and `all`) only when,
 *   together, they reach the strictest minimum among them; pooled, they
 *   enter only as that pool (disclose_decide());
 * - `all` is withheld whenever `others` is (all minus self is others).
 *
 * disclose_decide() applies the rule to the counts of one subject, wave
 * and scale or item; score.c builds its rows on it.  A disclose table
 * holds the decision for every response set and scale, so that agree,
 * reliability and change ask which sets a statistic may use instead of
 * deciding for themselves.  Research (an explicit option) lifts the rule
 * for cohort statistics: every set with the group's raters counts.
 */
#ifndef ASSESS_DISCLOSE_H
#define ASSESS_DISCLOSE_H

#include <stdint.h>

#include "score.h"

/* What the rule decides for one subject, wave and scale (or item): masks
 * of instrument groups (bit g, g < 64) and the aggregates' fate. */
typedef struct disclosure {
    uint64_t shown;     /* groups with raters, at least their minimum */
    uint64_t withheld;  /* groups with raters, fewer than their minimum */
    uint64_t left_out;  /* withheld groups others and all leave out */
    uint32_t n_others;  /* raters others pools (self and left_out aside) */
    uint32_t n_all;     /* raters all pools (left_out aside) */
    int others_shown;   /* others has raters, at least its minimum */
    int all_shown;      /* all too, and others is not withheld */
} disclosure;

/*
 * The rule applied to n[g], the raters of each instrument group (those
 * with a score on the scale, or a value on the item).
 */
void disclose_decide(const assess_instrument *inst, const uint32_t *n,
                     disclosure *d);

/*
 * The rule for written comments (README, "Confidentiality"), applied to
 * n[g], the raters of each instrument group who wrote an answer to one
 * question for one subject and wave: a group is shown when n[g] reaches
 * its comment-minimum; groups below it (self aside) are pooled, shown as
 * one pool (others_shown, the pool's groups those withheld and not
 * left_out) only when their writers together reach the largest
 * comment-minimum among them; left_out is what stays withheld.  With
 * `research` every group with writers is shown.  n_others is the pool's
 * writers; n_all and all_shown are not used.
 */
void disclose_comments_decide(const assess_instrument *inst, const uint32_t *n,
                              int research, disclosure *d);

/* Whether output group `group` (an instrument group, GROUP_OTHERS or
 * GROUP_ALL) is shown under decision d. */
int disclose_group_shown(const assess_instrument *inst, const disclosure *d,
                         uint32_t group);

/* The decision for a block and scale of a score, counting the raters with
 * a score on it; for a composite, with its parts' decisions (a group
 * withheld or left out on a part is so on the composite too). */
void disclose_scale(const assess_score *s, const score_block *b, uint32_t k,
                    disclosure *d);

/* What a set may be used for on a scale: bits of a disclose table. */
enum {
    USE_OWN = 1u << 0,    /* its own group's row is shown */
    USE_OTHERS = 1u << 1, /* it is in a shown others row */
    USE_ALL = 1u << 2,    /* it is in a shown all row */
    USE_POOLED = 1u << 3  /* in others only as part of a pool of withheld
                             groups: its group alone is not shown */
};

/* Pseudo output group for disclose_uses(): every set shown somewhere (in
 * its own group's row or pooled into others), as the cohort statistics of
 * "every rater" use them. */
#define DISCLOSE_ANY UINT32_MAX

typedef struct disclose {
    const assess_score *s;
    unsigned char *use;   /* by set * n_scales + scale: USE_ bits */
    int research;         /* every set counts in its groups */
} disclose;

/*
 * Decides for every set and scale of s (which must outlive d).  A set
 * without a score on a scale gets the bits of the rows it belongs to
 * (its group's, others', all's) when those are shown and its group has
 * raters of the scale: it adds what answers it has to a shown pool, and
 * is never counted toward a minimum; in a group without a rater of the
 * scale it is used nowhere.
 * With `research`, every set counts in every group it is in.  0, or -1
 * when out of memory.
 */
int disclose_init(disclose *d, const assess_score *s, int research);
void disclose_release(disclose *d);

/*
 * Whether a protected statistic of output group `group` (an instrument
 * group, GROUP_OTHERS, GROUP_ALL or DISCLOSE_ANY) may use `set` on scale
 * k.
 */
int disclose_uses(const disclose *d, size_t set, uint32_t k, uint32_t group);

/* The USE_ bits of a set on scale k. */
static inline unsigned disclose_bits(const disclose *d, size_t set, uint32_t k)
{
    return d->use[set * d->s->inst->n_scales + k];
}

#endif
