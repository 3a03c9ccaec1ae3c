/*
 * input_describe.c - what a reading gathers for a starting source map.
 */
#include "input_describe.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input_instrument.h"
#include "input_source.h"

source_desc *desc_new(void)
{
    return calloc(1, sizeof(source_desc));
}

void desc_free(source_desc *d)
{
    if (!d)
        return;
    free(d->file);
    for (size_t i = 0; i < d->n_cols; i++) {
        free(d->cols[i].name);
        free(d->cols[i].text);
    }
    free(d->cols);
    for (size_t i = 0; i < d->n_values; i++)
        free(d->values[i]);
    for (size_t i = 0; i < d->n_groups; i++)
        free(d->groups[i]);
    for (size_t i = 0; i < d->n_recodes; i++)
        free(d->recodes[i].text);
    free(d->recodes);
    for (size_t i = 0; i < d->n_aliases; i++)
        free(d->aliases[i].text);
    free(d->aliases);
    for (size_t i = 0; i < d->n_filters; i++) {
        free(d->filters[i].column);
        free(d->filters[i].equals);
    }
    free(d->filters);
    for (size_t i = 0; i < d->n_sets; i++) {
        free(d->sets[i].name);
        free(d->sets[i].value);
    }
    free(d->sets);
    free(d);
}

/* A copy of s, or NULL (s NULL, or out of memory: *oom set). */
static char *copy(const char *s, int *oom)
{
    char *p;
    if (!s)
        return NULL;
    p = strdup(s);
    if (!p)
        *oom = 1;
    return p;
}

int desc_keep_source(source_desc *d, const assess_source *src)
{
    int oom = 0;
    size_t n;

    d->header_rows_given = src->header_rows;
    n = src->n_values ? src->n_values : 1;
    d->recodes = calloc(n, sizeof *d->recodes);
    d->aliases = calloc(src->n_groups ? src->n_groups : 1, sizeof *d->aliases);
    d->filters = calloc(src->n_filters ? src->n_filters : 1,
                        sizeof *d->filters);
    d->sets = calloc(src->n_sets ? src->n_sets : 1, sizeof *d->sets);
    if (!d->recodes || !d->aliases || !d->filters || !d->sets)
        return -1;
    for (size_t k = 0; k < src->n_values; k++, d->n_recodes++) {
        desc_recode *r = &d->recodes[k];
        r->text = copy(src->values[k].text, &oom);
        r->missing = src->values[k].missing;
        r->has_code = src->values[k].has_code;
        r->code = src->values[k].code;
    }
    for (size_t k = 0; k < src->n_groups; k++, d->n_aliases++) {
        d->aliases[k].text = copy(src->groups[k].text, &oom);
        d->aliases[k].group = src->inst->groups[src->groups[k].group].id;
    }
    for (size_t k = 0; k < src->n_filters; k++, d->n_filters++) {
        desc_filter *f = &d->filters[k];
        f->column = copy(src->filters[k].column, &oom);
        f->position = src->filters[k].position;
        f->equals = copy(src->filters[k].equals, &oom);
        f->keep = src->filters[k].keep;
    }
    for (size_t k = 0; k < src->n_sets; k++, d->n_sets++) {
        d->sets[k].name = copy(src->sets[k].name, &oom);
        d->sets[k].value = copy(src->sets[k].value, &oom);
    }
    return oom ? -1 : 0;
}

/* Adds s to list[0..*n) unless there or full. */
static int add(char **list, size_t *n, const char *s, size_t len)
{
    char *copy;
    for (size_t i = 0; i < *n; i++)
        if (strlen(list[i]) == len && strncasecmp(list[i], s, len) == 0)
            return 1;
    if (*n == DESC_MAX || memchr(s, '\0', len))
        return 1;
    copy = malloc(len + 1);
    if (!copy)
        return -1;
    memcpy(copy, s, len);
    copy[len] = '\0';
    list[(*n)++] = copy;
    return 0;
}

int desc_value(source_desc *d, const char *s, size_t len, uint32_t scale)
{
    size_t n = d->n_values;
    int rc = add(d->values, &d->n_values, s, len);
    if (rc == 0)
        d->value_scale[n] = scale;
    return rc < 0 ? -1 : 0;
}

int desc_group(source_desc *d, const char *s, size_t len)
{
    return add(d->groups, &d->n_groups, s, len) < 0 ? -1 : 0;
}
