/*
 * score_disclose.c - the disclosure-control layer (score_disclose.h): the rule
 * of who is shown and who may be used, decided once for score, agree,
 * reliability, change, report and run.
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>

#include "score_disclose.h"

static int has_self_group(const assess_instrument *inst)
{
    for (size_t g = 0; g < inst->n_groups; g++)
        if (inst->groups[g].role == ROLE_SELF)
            return 1;
    return 0;
}

/*
 * The rule, with what the parts of a composite decided: groups withheld
 * on a part (`withheld`) are withheld here too, and groups left out of
 * others on a part (`left_out`) are left out here too, so that a
 * composite gives back nothing of a part its raters were withheld on.
 */
static void decide(const assess_instrument *inst, const uint32_t *n,
                   uint64_t withheld, uint64_t left_out, disclosure *d)
{
    uint32_t together = 0, self = 0;
    unsigned strictest = 0;

    assert(inst && n && d);
    *d = (disclosure){ 0 };
    for (size_t g = 0; g < inst->n_groups && g < 64; g++) {
        const inst_group *ig = &inst->groups[g];
        uint64_t bit = (uint64_t)1 << g;
        if (n[g] == 0)
            continue;
        if (n[g] >= ig->minimum && !(withheld & bit)) {
            d->shown |= bit;
        } else {
            d->withheld |= bit;
            if (ig->role == ROLE_SELF)
                continue;
            if (left_out & bit) {
                d->left_out |= bit; /* left out on a part */
                continue;
            }
            together += n[g];
            if (ig->minimum > strictest)
                strictest = ig->minimum;
        }
    }
    /* Pooled into others, withheld groups could be recovered by
     * subtracting the groups shown; what subtraction isolates is the
     * mean of all of them together, so they are pooled only when,
     * together, they reach the strictest minimum among them. */
    if (together < strictest)
        for (size_t g = 0; g < inst->n_groups && g < 64; g++)
            if (inst->groups[g].role != ROLE_SELF && (d->withheld >> g & 1))
                d->left_out |= (uint64_t)1 << g;
    for (size_t g = 0; g < inst->n_groups && g < 64; g++) {
        if (d->left_out >> g & 1)
            continue;
        if (inst->groups[g].role == ROLE_SELF)
            self += n[g];
        else
            d->n_others += n[g];
    }
    d->n_all = d->n_others + self;
    d->others_shown =
        d->n_others > 0 &&
        d->n_others >= score_group_minimum(inst, GROUP_OTHERS(inst));
    d->all_shown = d->n_all > 0 &&
                   d->n_all >= score_group_minimum(inst, GROUP_ALL(inst)) &&
                   (!has_self_group(inst) || d->others_shown ||
                    d->n_others == 0);
}

void disclose_decide(const assess_instrument *inst, const uint32_t *n,
                     disclosure *d)
{
    decide(inst, n, 0, 0, d);
}

void disclose_comments_decide(const assess_instrument *inst, const uint32_t *n,
                              int research, disclosure *d)
{
    uint32_t together = 0;
    unsigned strictest = 0;

    assert(inst && n && d);
    *d = (disclosure){ 0 };
    for (size_t g = 0; g < inst->n_groups && g < 64; g++) {
        const inst_group *ig = &inst->groups[g];
        uint64_t bit = (uint64_t)1 << g;
        if (n[g] == 0)
            continue;
        if (research || n[g] >= ig->comment_minimum) {
            d->shown |= bit;
            continue;
        }
        d->withheld |= bit;
        if (ig->role == ROLE_SELF) {
            d->left_out |= bit; /* the subject: never pooled */
            continue;
        }
        together += n[g];
        if (ig->comment_minimum > strictest)
            strictest = ig->comment_minimum;
    }
    /* As scores pool (decide()): together, or not at all. */
    if (together > 0 && together >= strictest) {
        d->others_shown = 1;
        d->n_others = together;
    } else {
        d->left_out = d->withheld;
    }
}

int disclose_group_shown(const assess_instrument *inst, const disclosure *d,
                         uint32_t group)
{
    if (group == GROUP_OTHERS(inst))
        return d->others_shown;
    if (group == GROUP_ALL(inst))
        return d->all_shown;
    assert(group < inst->n_groups);
    return group < 64 && (d->shown >> group & 1);
}

void disclose_scale(const assess_score *s, const score_block *b, uint32_t k,
                    disclosure *d)
{
    const inst_scale *sc = &s->inst->scales[k];
    uint32_t count[64] = { 0 };
    uint64_t withheld = 0, left_out = 0;
    size_t ns = s->inst->n_scales;

    for (size_t i = 0; i < b->n_sets; i++) {
        size_t set = s->order[b->first_set + i];
        uint32_t g = s->resp->sets[set].group;
        if (g < 64 && !isnan(s->rater_score[set * ns + k]))
            count[g]++;
    }
    /* A composite's rater scores rest on its parts' (composites are
     * acyclic: the loader checks), a scale's on its items'. */
    for (uint32_t p = 0; p < sc->n_parts; p++) {
        disclosure part;
        disclose_scale(s, b, sc->parts[p], &part);
        withheld |= part.withheld;
        left_out |= part.left_out;
    }
    for (uint32_t i = sc->first_item; i < sc->first_item + sc->n_items; i++) {
        uint32_t n_item[64] = { 0 };
        disclosure item;
        for (size_t j = 0; j < b->n_sets; j++) {
            size_t set = s->order[b->first_set + j];
            uint32_t g = s->resp->sets[set].group;
            double v;
            if (g < 64 && responses_value(s->resp, set, i, &v))
                n_item[g]++;
        }
        disclose_decide(s->inst, n_item, &item);
        withheld |= item.withheld;
        left_out |= item.left_out;
    }
    decide(s->inst, count, withheld, left_out, d);
}

int disclose_init(disclose *d, const assess_score *s, int research)
{
    const assess_instrument *inst = s->inst;
    size_t ns = inst->n_scales;

    assert(d && s);
    d->s = s;
    d->research = research;
    d->use = malloc(s->resp->n_sets * ns + 1);
    if (!d->use)
        return -1;
    for (size_t bi = 0; bi < s->n_blocks; bi++) {
        const score_block *b = &s->blocks[bi];
        for (uint32_t k = 0; k < ns; k++) {
            disclosure dc;
            disclose_scale(s, b, k, &dc);
            for (size_t i = 0; i < b->n_sets; i++) {
                size_t set = s->order[b->first_set + i];
                uint32_t g = s->resp->sets[set].group;
                uint64_t bit = g < 64 ? (uint64_t)1 << g : 0;
                int self = inst->groups[g].role == ROLE_SELF;
                unsigned use = 0;
                if (research) {
                    use = USE_OWN | USE_ALL | (self ? 0 : USE_OTHERS);
                } else if (isnan(s->rater_score[set * ns + k]) &&
                           !(dc.shown & bit) && !(dc.withheld & bit)) {
                    /* no score, in a group with no rater of the scale:
                     * no rater of it, used nowhere */
                } else {
                    if (dc.shown & bit)
                        use |= USE_OWN;
                    if (!(dc.left_out & bit)) {
                        if (dc.others_shown && !self)
                            use |= USE_OTHERS;
                        if (dc.all_shown)
                            use |= USE_ALL;
                        if ((use & (USE_OTHERS | USE_ALL)) &&
                            (dc.withheld & bit))
                            use |= USE_POOLED;
                    }
                }
                d->use[set * ns + k] = (unsigned char)use;
            }
        }
    }
    return 0;
}

void disclose_release(disclose *d)
{
    if (!d)
        return;
    free(d->use);
    d->use = NULL;
}

int disclose_uses(const disclose *d, size_t set, uint32_t k, uint32_t group)
{
    const assess_instrument *inst = d->s->inst;
    unsigned use = disclose_bits(d, set, k);
    if (group == DISCLOSE_ANY)
        return (use & (USE_OWN | USE_OTHERS | USE_ALL)) != 0;
    if (group == GROUP_OTHERS(inst))
        return (use & USE_OTHERS) != 0;
    if (group == GROUP_ALL(inst))
        return (use & USE_ALL) != 0;
    return (use & USE_OWN) && d->s->resp->sets[set].group == group;
}
