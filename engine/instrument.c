/*
 * instrument.c - the life and accessors of a loaded instrument.  Loading
 * is in instrument_load.c.
 */
#include <stdint.h>
#include <stdlib.h>

#include "instrument.h"

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
