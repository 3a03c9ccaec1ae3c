#include "base_arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK 65536

struct arena_block {
    arena_block *next;
    alignas(max_align_t) unsigned char data[];
};

void arena_init(arena *a)
{
    memset(a, 0, sizeof *a);
}

void arena_release(arena *a)
{
    arena_block *b = a->head;
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
    arena_init(a);
}

void *arena_alloc(arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    size_t start = (a->used + align - 1) & ~(align - 1);

    if (!a->head || start > a->capacity || size > a->capacity - start) {
        size_t cap = size > ARENA_BLOCK ? size : ARENA_BLOCK;
        arena_block *b;
        if (cap > SIZE_MAX - sizeof *b)
            return NULL;
        b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->next = a->head;
        a->head = b;
        a->capacity = cap;
        a->total += cap;
        start = 0;
    }
    a->used = start + size;
    return a->head->data + start;
}

char *arena_strndup(arena *a, const char *s, size_t len)
{
    char *p;
    if (len == SIZE_MAX)
        return NULL;
    p = arena_alloc(a, len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}
