/*
 * input_describe.c - what a reading gathers for a starting source map.
 */
#include "input_describe.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
    free(d);
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
