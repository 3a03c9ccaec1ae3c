/*
 * input_instrument.c - the life and accessors of a loaded instrument.  Loading
 * is in input_instrument_load.c.
 */
#include <stdint.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <strings.h>

#include "input_instrument.h"

void assess_instrument_free(assess_instrument *inst)
{
    if (!inst)
        return;
    strtab_release(&inst->item_ids);
    free(inst->response_scales);
    free(inst->scales);
    free(inst->items);
    arena_release(&inst->arena);
    free(inst);
}

const char *assess_instrument_id(const assess_instrument *inst)
{
    return inst->id;
}

const char *assess_instrument_version(const assess_instrument *inst)
{
    return inst->version;
}

const char *assess_instrument_title(const assess_instrument *inst)
{
    return inst->title;
}

assess_kind assess_instrument_kind(const assess_instrument *inst)
{
    return inst->kind;
}

size_t assess_instrument_scale_count(const assess_instrument *inst)
{
    return inst->n_scales;
}

size_t assess_instrument_item_count(const assess_instrument *inst)
{
    return inst->n_items;
}

size_t assess_instrument_group_count(const assess_instrument *inst)
{
    return inst->n_groups;
}

size_t assess_instrument_norm_count(const assess_instrument *inst)
{
    return inst->n_norms;
}

const char *assess_instrument_item_id(const assess_instrument *inst,
                                      size_t item)
{
    return item < inst->n_items ? inst->items[item].id : NULL;
}

size_t assess_instrument_item_scale(const assess_instrument *inst, size_t item)
{
    return item < inst->n_items ? inst->items[item].scale : SIZE_MAX;
}

int assess_instrument_item_reverse(const assess_instrument *inst, size_t item)
{
    return item < inst->n_items && inst->items[item].reverse;
}

const char *assess_instrument_scale_id(const assess_instrument *inst,
                                       size_t scale)
{
    return scale < inst->n_scales ? inst->scales[scale].id : NULL;
}

const char *assess_instrument_group_id(const assess_instrument *inst,
                                       size_t group)
{
    return group < inst->n_groups ? inst->groups[group].id : NULL;
}

const char *assess_instrument_group_role(const assess_instrument *inst,
                                         size_t group)
{
    static const char *const names[] = {
        [ROLE_OTHER] = "other",
        [ROLE_SELF] = "self",
        [ROLE_MANAGER] = "manager",
        [ROLE_PEER] = "peer",
        [ROLE_DIRECT_REPORT] = "direct_report",
    };
    return group < inst->n_groups ? names[inst->groups[group].role] : NULL;
}

int assess_instrument_groups_implicit(const assess_instrument *inst)
{
    return inst->implicit_group;
}

size_t assess_instrument_question_count(const assess_instrument *inst)
{
    return inst->n_questions;
}

const char *assess_instrument_question_id(const assess_instrument *inst,
                                          size_t question)
{
    return question < inst->n_questions ? inst->questions[question].id : NULL;
}

const char *assess_instrument_question_text(const assess_instrument *inst,
                                            size_t question)
{
    return question < inst->n_questions ? inst->questions[question].text
                                        : NULL;
}

unsigned assess_instrument_group_comment_minimum(const assess_instrument *inst,
                                                 size_t group)
{
    return group < inst->n_groups ? inst->groups[group].comment_minimum : 0;
}

uint32_t instrument_find_question(const assess_instrument *inst,
                                  const char *id, size_t len)
{
    for (size_t q = 0; q < inst->n_questions; q++)
        if (strlen(inst->questions[q].id) == len &&
            memcmp(inst->questions[q].id, id, len) == 0)
            return (uint32_t)q;
    return UINT32_MAX;
}

/*
 * A group's name as people type it, for comparing: lowercase, without
 * spaces, '_' and '-', and without a final 's' ("Direct Reports",
 * "direct report", "direct_report" are "directreport").  0 when it does
 * not fit in GROUP_KEY_MAX bytes, or holds nothing else.
 */
#define GROUP_KEY_MAX 128
static int group_key(const char *s, size_t len, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == ' ' || c == '_' || c == '-' || c == '\t')
            continue;
        if (o + 1 >= GROUP_KEY_MAX)
            return 0;
        out[o++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    if (o > 1 && out[o - 1] == 's')
        o--;
    out[o] = '\0';
    return o > 0;
}

uint32_t instrument_find_group(const assess_instrument *inst, const char *s,
                               size_t len)
{
    if (inst->implicit_group)
        return len == 0 || (len == 3 && strncasecmp(s, "all", 3) == 0)
                   ? 0 : NO_GROUP;
    for (size_t g = 0; g < inst->n_groups; g++)
        if (strlen(inst->groups[g].id) == len &&
            memcmp(inst->groups[g].id, s, len) == 0)
            return (uint32_t)g;
    for (size_t g = 0; g < inst->n_groups; g++) {
        const char *id = inst->groups[g].id, *label = inst->groups[g].label;
        if ((strlen(id) == len && strncasecmp(s, id, len) == 0) ||
            (label && strlen(label) == len && strncasecmp(s, label, len) == 0))
            return (uint32_t)g;
    }
    {
        char key[GROUP_KEY_MAX], k[GROUP_KEY_MAX];
        if (!group_key(s, len, key))
            return NO_GROUP;
        for (size_t g = 0; g < inst->n_groups; g++) {
            const char *id = inst->groups[g].id, *label = inst->groups[g].label;
            if ((group_key(id, strlen(id), k) && strcmp(k, key) == 0) ||
                (label && group_key(label, strlen(label), k) &&
                 strcmp(k, key) == 0))
                return (uint32_t)g;
        }
    }
    return NO_GROUP;
}

static void mark_items(const assess_instrument *inst, uint32_t scale,
                       unsigned char *mark, unsigned depth)
{
    const inst_scale *sc = &inst->scales[scale];
    /* Composites are acyclic (the loader checks); the depth bound only
     * keeps a bad table from looping. */
    if (depth > inst->n_scales)
        return;
    for (uint32_t i = 0; i < sc->n_items; i++)
        mark[sc->first_item + i] = 1;
    for (uint32_t p = 0; p < sc->n_parts; p++)
        mark_items(inst, sc->parts[p], mark, depth + 1);
}

uint32_t *instrument_scale_items(const assess_instrument *inst, uint32_t scale,
                                 size_t *n, uint32_t *response_scale)
{
    unsigned char *mark = calloc(inst->n_items ? inst->n_items : 1, 1);
    uint32_t *items = malloc((inst->n_items ? inst->n_items : 1) * sizeof *items);

    *n = 0;
    *response_scale = UINT32_MAX;
    if (!mark || !items) {
        free(mark);
        free(items);
        return NULL;
    }
    mark_items(inst, scale, mark, 0);
    for (size_t i = 0; i < inst->n_items; i++) {
        if (!mark[i])
            continue;
        uint32_t rs = inst->items[i].response_scale;
        if (*n == 0)
            *response_scale = rs;
        else if (*response_scale != rs)
            *response_scale = UINT32_MAX - 1;
        items[(*n)++] = (uint32_t)i;
    }
    if (*response_scale == UINT32_MAX - 1)
        *response_scale = UINT32_MAX;
    free(mark);
    return items;
}

const inst_norm *instrument_find_norm(const inst_norm *list, size_t n,
                                      uint32_t scale, uint32_t group)
{
    const inst_norm *any = NULL;
    for (size_t k = 0; k < n; k++) {
        if (list[k].scale != scale)
            continue;
        if (list[k].group == group)
            return &list[k];
        if (list[k].group == NORM_ANY_GROUP)
            any = &list[k];
    }
    return any;
}

unsigned instrument_whole_points(const inst_response_scale *rs)
{
    if (rs->continuous || rs->min != floor(rs->min) ||
        rs->max != floor(rs->max) || rs->max - rs->min > 1e6)
        return 0;
    return (unsigned)(rs->max - rs->min) + 1;
}
