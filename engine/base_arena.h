/*
 * base_arena.h - a bump allocator for strings and records that live as long as
 * their owner (an instrument, a response table).  Nothing is freed one by
 * one; arena_release() frees everything at once.
 */
#ifndef ASSESS_ARENA_H
#define ASSESS_ARENA_H

#include <stddef.h>

typedef struct arena_block arena_block;

typedef struct arena {
    arena_block *head;
    size_t used;     /* bytes used in head */
    size_t capacity; /* bytes available in head */
    size_t total;    /* bytes allocated over all blocks */
} arena;

void arena_init(arena *a);
void arena_release(arena *a);

/* Memory aligned for any type, or NULL when out of memory. */
void *arena_alloc(arena *a, size_t size);
/* A NUL-terminated copy of s[0..len), or NULL when out of memory. */
char *arena_strndup(arena *a, const char *s, size_t len);
char *arena_strdup(arena *a, const char *s);

#endif
