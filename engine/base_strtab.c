#include "base_strtab.h"

#include <stdlib.h>
#include <string.h>

/* FNV-1a, 64-bit: ids are short, and this is fast enough for them. */
static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h ^ (h >> 29);
}

void strtab_init(strtab *t, arena *a)
{
    memset(t, 0, sizeof *t);
    t->arena = a;
}

void strtab_release(strtab *t)
{
    free(t->str);
    free(t->len);
    free(t->slots);
    arena *a = t->arena;
    strtab_init(t, a);
}

static uint32_t probe(const strtab *t, const char *s, size_t len,
                      uint32_t *slot)
{
    uint32_t mask = t->nslots - 1;
    uint32_t i = (uint32_t)hash_bytes(s, len) & mask;
    for (;;) {
        uint32_t v = t->slots[i];
        if (v == 0) {
            *slot = i;
            return STRTAB_NONE;
        }
        v--;
        if (t->len[v] == len && memcmp(t->str[v], s, len) == 0) {
            *slot = i;
            return v;
        }
        i = (i + 1) & mask;
    }
}

uint32_t strtab_find(const strtab *t, const char *s, size_t len)
{
    uint32_t slot;
    if (t->nslots == 0 || len > UINT32_MAX)
        return STRTAB_NONE;
    return probe(t, s, len, &slot);
}

static int grow_slots(strtab *t)
{
    uint32_t n = t->nslots ? t->nslots * 2 : 64;
    uint32_t *slots;
    if (n < t->nslots)
        return -1;
    slots = calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    free(t->slots);
    t->slots = slots;
    t->nslots = n;
    for (uint32_t v = 0; v < t->count; v++) {
        uint32_t i = (uint32_t)hash_bytes(t->str[v], t->len[v]) & (n - 1);
        while (slots[i])
            i = (i + 1) & (n - 1);
        slots[i] = v + 1;
    }
    return 0;
}

uint32_t strtab_intern(strtab *t, const char *s, size_t len, int *added)
{
    uint32_t slot, v;
    char *copy;

    if (added)
        *added = 0;
    if (len > UINT32_MAX)
        return STRTAB_NONE;
    if (t->nslots == 0 || (uint64_t)(t->count + 1) * 4 > (uint64_t)t->nslots * 3) {
        if (t->count >= UINT32_MAX / 2 || grow_slots(t) < 0)
            return STRTAB_NONE;
    }
    v = probe(t, s, len, &slot);
    if (v != STRTAB_NONE)
        return v;
    if (t->count == t->cap) {
        uint32_t cap = t->cap ? t->cap * 2 : 32;
        const char **str = realloc(t->str, cap * sizeof *str);
        if (!str)
            return STRTAB_NONE;
        t->str = str;
        uint32_t *lens = realloc(t->len, cap * sizeof *lens);
        if (!lens)
            return STRTAB_NONE;
        t->len = lens;
        t->cap = cap;
    }
    copy = arena_strndup(t->arena, s, len);
    if (!copy)
        return STRTAB_NONE;
    v = t->count++;
    t->str[v] = copy;
    t->len[v] = (uint32_t)len;
    t->slots[slot] = v + 1;
    if (added)
        *added = 1;
    return v;
}
