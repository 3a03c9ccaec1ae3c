/*
 * score_comments.c - the written comments a protected output may show
 * (score_comments.h).
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "score_comments.h"
#include "score_disclose.h"

/* By the text's bytes, a shorter text before one it begins; texts are
 * never equal in position, so equal texts are simply adjacent. */
static int compare_texts(const void *a, const void *b)
{
    const resp_comment *x = *(const resp_comment *const *)a;
    const resp_comment *y = *(const resp_comment *const *)b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->text, y->text, n);

    if (c)
        return c;
    return x->len < y->len ? -1 : x->len > y->len;
}

void score_comments_release(score_comments *c)
{
    if (!c)
        return;
    free(c->blocks);
    free(c->groups);
    free(c->texts);
    free(c->withheld);
    memset(c, 0, sizeof *c);
}

/* Appends a shown group with the texts of block b's sets of the groups in
 * `mask` on question q. */
static int add_group(score_comments *c, size_t *cap, const score_block *b,
                     const size_t *start, const size_t *by_set, uint32_t q,
                     uint32_t group, uint64_t mask, size_t *n_texts)
{
    const assess_score *s = c->s;
    const assess_responses *r = s->resp;
    comment_group *g;

    if (c->n_groups == *cap) {
        size_t grown = *cap ? 2 * *cap : 64;
        comment_group *p = realloc(c->groups, grown * sizeof *p);
        if (!p)
            return -1;
        c->groups = p;
        *cap = grown;
    }
    g = &c->groups[c->n_groups++];
    g->question = q;
    g->group = group;
    g->pooled = group == GROUP_OTHERS(s->inst) ? mask : 0;
    g->text = c->texts + *n_texts; /* texts never moves */
    g->n = 0;
    for (size_t i = 0; i < b->n_sets; i++) {
        size_t set = s->order[b->first_set + i];
        uint32_t sg = r->sets[set].group;
        if (sg >= 64 || !(mask >> sg & 1))
            continue;
        for (size_t k = start[set]; k < start[set + 1]; k++)
            if (r->comments[by_set[k]].question == q) {
                c->texts[(*n_texts)++] = &r->comments[by_set[k]];
                g->n++;
            }
    }
    qsort(c->texts + (*n_texts - g->n), g->n, sizeof *c->texts,
          compare_texts);
    return 0;
}

int score_comments_init(score_comments *c, const assess_score *s)
{
    const assess_responses *r = s->resp;
    const assess_instrument *inst = s->inst;
    size_t nq = inst->n_questions, cap = 0, n_texts = 0;
    size_t *start = NULL, *by_set = NULL;
    int rc = -1;

    assert(c && s);
    memset(c, 0, sizeof *c);
    c->s = s;
    c->blocks = calloc(s->n_blocks ? s->n_blocks : 1, sizeof *c->blocks);
    c->withheld = calloc(s->n_blocks * nq > 0 ? s->n_blocks * nq : 1,
                         sizeof *c->withheld);
    c->texts = malloc((r->n_comments ? r->n_comments : 1) * sizeof *c->texts);
    start = calloc(r->n_sets + 2, sizeof *start);
    by_set = malloc((r->n_comments ? r->n_comments : 1) * sizeof *by_set);
    if (!c->blocks || !c->withheld || !c->texts || !start || !by_set)
        goto out;
    /* The comments by set: a counting sort. */
    for (size_t k = 0; k < r->n_comments; k++)
        start[r->comments[k].set + 2]++;
    for (size_t i = 2; i < r->n_sets + 2; i++)
        start[i] += start[i - 1];
    for (size_t k = 0; k < r->n_comments; k++)
        by_set[start[r->comments[k].set + 1]++] = k;

    for (size_t bi = 0; bi < s->n_blocks; bi++) {
        const score_block *b = &s->blocks[bi];
        c->blocks[bi].first = c->n_groups;
        c->blocks[bi].withheld = c->withheld + bi * nq;
        for (uint32_t q = 0; q < nq && r->n_comments; q++) {
            uint32_t n[64] = { 0 };
            disclosure d;
            for (size_t i = 0; i < b->n_sets; i++) {
                size_t set = s->order[b->first_set + i];
                uint32_t g = r->sets[set].group;
                for (size_t k = start[set]; k < start[set + 1]; k++)
                    if (g < 64 && r->comments[by_set[k]].question == q)
                        n[g]++;
            }
            disclose_comments_decide(inst, n, s->opts.research, &d);
            c->blocks[bi].withheld[q] = d.left_out;
            for (uint32_t g = 0; g < inst->n_groups && g < 64; g++)
                if ((d.shown >> g & 1) &&
                    add_group(c, &cap, b, start, by_set, q, g,
                              (uint64_t)1 << g, &n_texts) < 0)
                    goto out;
            if (d.others_shown &&
                add_group(c, &cap, b, start, by_set, q, GROUP_OTHERS(inst),
                          d.withheld & ~d.left_out, &n_texts) < 0)
                goto out;
        }
        c->blocks[bi].n = c->n_groups - c->blocks[bi].first;
    }
    rc = 0;
out:
    free(start);
    free(by_set);
    if (rc)
        score_comments_release(c);
    return rc;
}
