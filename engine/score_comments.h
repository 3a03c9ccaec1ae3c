/*
 * score_comments.h - the written comments a protected output may show
 * (score_comments.c), gathered once for `score --comments` and the report
 * so that writers never decide what is shown.
 *
 * For each block of a score (one subject in one wave) and each question:
 * the groups whose comments are shown, each with its texts, and what is
 * withheld.  The rule is disclose_comments_decide()'s (score_disclose.h):
 * minimums count the raters who wrote an answer to the question.  Texts
 * are ordered by their bytes, never by rater or file; no rater id is
 * kept.
 */
#ifndef ASSESS_SCORE_COMMENTS_H
#define ASSESS_SCORE_COMMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "score.h"

/* The shown comments of one group (or the pool) on one question. */
typedef struct comment_group {
    uint32_t question;
    uint32_t group;      /* instrument group, or GROUP_OTHERS(inst): the
                            pool of groups with too few writers */
    uint64_t pooled;     /* the pool: its instrument groups (bit g) */
    const resp_comment **text; /* n texts, by their bytes */
    size_t n;
} comment_group;

/* What a block's question withholds: groups with writers, fewer than
 * their comment-minimum, not in a shown pool (bit g). */
typedef struct comment_block {
    size_t first, n;     /* its shown groups: range of groups[], by
                            question, then instrument group, the pool last */
    uint64_t *withheld;  /* by question */
} comment_block;

typedef struct score_comments {
    const assess_score *s;
    comment_block *blocks;       /* by score block */
    comment_group *groups;
    size_t n_groups;
    const resp_comment **texts;  /* every shown text, grouped */
    uint64_t *withheld;          /* n_blocks * n_questions */
} score_comments;

/*
 * Gathers the comments of s's table (read with opts.comments; otherwise
 * there are none) under the rule, research lifting the minimums when
 * s->opts.research.  s must outlive c.  0, or -1 when out of memory.
 */
int score_comments_init(score_comments *c, const assess_score *s);
void score_comments_release(score_comments *c);

#endif
