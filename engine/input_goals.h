/*
 * input_goals.h - the body of assess_goals: coaching goals with their weights
 * and attained levels (Goal Attainment Scaling), by subject.
 */
#ifndef ASSESS_GOALS_H
#define ASSESS_GOALS_H

#include "base_arena.h"
#include "assess.h"

typedef struct goal {
    const char *subject, *id;
    double weight, level;
    unsigned long line;
} goal;

struct assess_goals {
    arena arena;
    const char *file;
    goal *goals;       /* sorted by subject, then goal id */
    size_t n, cap;
};

#endif
