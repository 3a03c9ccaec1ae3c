/*
 * cohort.h - a generated cohort, for tests that need more subjects than
 * an analysis puts in one part of its work (base_parts.h): COHORT_XML's two
 * scales of two items, self, manager, peers and direct reports (3 each
 * at least), two waves.
 */
#ifndef ASSESS_TESTS_COHORT_H
#define ASSESS_TESTS_COHORT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <criterion/criterion.h>

#include "rng.h"

static const char COHORT_XML[] =
    "<instrument id='cohort' version='1' kind='360'>\n"
    "<title>Cohort</title>\n"
    "<response-scale id='p5' min='1' max='5'/>\n"
    "<rater-groups>\n"
    "<group id='self' role='self' minimum='1'>Self</group>\n"
    "<group id='manager' role='manager' minimum='1'>Manager</group>\n"
    "<group id='peer' role='peer' minimum='3'>Peers</group>\n"
    "<group id='direct' role='direct_report' minimum='3'>Direct reports</group>\n"
    "</rater-groups>\n"
    "<scale id='x'><title>X</title>"
    "<item id='X1'>x one</item><item id='X2' reverse='true'>x two</item>"
    "</scale>\n"
    "<scale id='y'><title>Y</title>"
    "<item id='Y1'>y one</item><item id='Y2'>y two</item></scale>\n"
    "</instrument>\n";

/* One rater's row: about one answer in ten missing. */
static inline void cohort_row(FILE *f, size_t s, const char *rater,
                              const char *group, int wave, uint64_t *seed)
{
    fprintf(f, "E%zu,%s,%s,%d", s, rater, group, wave);
    for (int i = 0; i < 4; i++) {
        if (rng_next(seed) % 10 == 0)
            fputs(",", f);
        else
            fprintf(f, ",%d", (int)(1 + rng_next(seed) % 5));
    }
    fputc('\n', f);
}

/*
 * n subjects, each with self, manager, 2 to 5 peers and 2 to 5 direct
 * reports (some groups below their minimum, then), a peer and a direct
 * report joining at wave 2 and the first of each leaving now and then;
 * seeded.  The text is malloc'd.
 */
static inline char *cohort_csv(size_t n, uint64_t seed)
{
    static const char *const groups[] = { "peer", "direct" };
    char *p = NULL, rater[48];
    size_t size = 0;
    FILE *f = open_memstream(&p, &size);

    cr_assert_not_null(f);
    fprintf(f, "subject_id,rater_id,rater_group,wave,X1,X2,Y1,Y2\n");
    for (size_t s = 0; s < n; s++) {
        size_t many[2] = { 2 + rng_next(&seed) % 4, 2 + rng_next(&seed) % 4 };
        int leaves[2] = { rng_next(&seed) % 3 == 0, rng_next(&seed) % 3 == 0 };
        for (int w = 1; w <= 2; w++) {
            snprintf(rater, sizeof rater, "s%zu", s);
            cohort_row(f, s, rater, "self", w, &seed);
            snprintf(rater, sizeof rater, "m%zu", s);
            cohort_row(f, s, rater, "manager", w, &seed);
            for (int g = 0; g < 2; g++) {
                for (size_t q = 0; q <= many[g]; q++) {
                    if ((q == many[g] && w == 1) ||
                        (q == 0 && w == 2 && leaves[g]))
                        continue;
                    snprintf(rater, sizeof rater, "%c%zu.%zu", groups[g][0],
                             s, q);
                    cohort_row(f, s, rater, groups[g], w, &seed);
                }
            }
        }
    }
    cr_assert_eq(fclose(f), 0);
    return p;
}

#endif
