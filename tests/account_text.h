/*
 * account_text.h - a reading's account (assess_account) as one line of
 * text, so that two accounts compare as strings and a failure shows both.
 */
#ifndef ASSESS_TESTS_ACCOUNT_TEXT_H
#define ASSESS_TESTS_ACCOUNT_TEXT_H

#include <stdio.h>

#include <criterion/criterion.h>

#include "assess.h"

/* Allocated; the caller frees it. */
static inline char *account_text(const assess_account *a)
{
    char *p = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&p, &size);
    cr_assert_not_null(f);
    fprintf(f, "read=%llu used=%llu rejected=%llu header=%llu blank=%llu "
               "answers=%llu missing=%llu by reason:",
            (unsigned long long)a->rows_read, (unsigned long long)a->rows_used,
            (unsigned long long)a->rows_rejected,
            (unsigned long long)a->header_rows,
            (unsigned long long)a->blank_lines, (unsigned long long)a->answers,
            (unsigned long long)a->missing);
    for (int k = 0; k < ASSESS_REJECT__COUNT; k++)
        fprintf(f, " %llu", (unsigned long long)a->rejected[k]);
    fclose(f);
    return p;
}

#endif
