/*
 * base_version.c - what the library says of itself: its version, and the
 * one function that frees what it hands its callers.
 */
#include <stdlib.h>

#include "assess.h"

const char *assess_version(void)
{
    return ASSESS_VERSION;
}

unsigned assess_version_num(void)
{
    return ASSESS_VERSION_NUM;
}

void assess_free(void *p)
{
    free(p);
}
