/*
 * input_costs.h - the bodies of assess_costs and assess_benefits: what a
 * coaching programme cost, per subject and for the programme, and the
 * benefits its executives or sponsors estimated (the Phillips ROI
 * methodology), read from CSV by input_costs.c.
 */
#ifndef ASSESS_COSTS_H
#define ASSESS_COSTS_H

#include "base_arena.h"
#include "assess.h"

typedef struct cost_row {
    const char *subject;   /* NULL: a cost of the programme */
    double cost;
    unsigned long line;
} cost_row;

struct assess_costs {
    arena arena;
    const char *file;
    cost_row *rows;        /* in file order */
    size_t n, cap;
};

typedef struct benefit_row {
    const char *subject, *id, *description;
    double annual_value, attribution, confidence; /* NAN: no estimate */
    unsigned long line;
} benefit_row;

struct assess_benefits {
    arena arena;
    const char *file;
    benefit_row *rows;     /* sorted by subject, then benefit id */
    size_t n, cap;
};

#endif
