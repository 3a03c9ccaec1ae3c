/*
 * base_strtab.h - interned strings.  Each distinct string gets a dense index
 * (0, 1, 2, ... in order of first appearance) and is stored once, in the
 * owner's arena.  Lookups are by bytes and length, so callers need not
 * NUL-terminate what they look up.
 */
#ifndef ASSESS_STRTAB_H
#define ASSESS_STRTAB_H

#include <stddef.h>
#include <stdint.h>

#include "base_arena.h"

#define STRTAB_NONE UINT32_MAX

typedef struct strtab {
    arena *arena;     /* where the strings live; not owned */
    const char **str; /* by index */
    uint32_t *len;    /* by index */
    uint32_t count;
    uint32_t cap;
    uint32_t *slots;  /* open addressing: index + 1, 0 = empty */
    uint32_t nslots;  /* power of two */
} strtab;

void strtab_init(strtab *t, arena *a);
void strtab_release(strtab *t);

/* The index of s, or STRTAB_NONE. */
uint32_t strtab_find(const strtab *t, const char *s, size_t len);

/*
 * The index of s, adding it when new (*added set to 1 then, when added is
 * not NULL).  STRTAB_NONE when out of memory or when the table already
 * holds UINT32_MAX - 1 strings.
 */
uint32_t strtab_intern(strtab *t, const char *s, size_t len, int *added);

static inline const char *strtab_str(const strtab *t, uint32_t i)
{
    return t->str[i];
}

#endif
