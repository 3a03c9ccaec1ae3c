/*
 * input_subjects.h - the body of assess_subjects: who each report is
 * about (name, organisation, role, coach, email), by subject id.
 */
#ifndef ASSESS_SUBJECTS_H
#define ASSESS_SUBJECTS_H

#include "assess.h"
#include "base_arena.h"

typedef struct subject_info {
    const char *id;
    const char *field[ASSESS_SUBJECT_FIELDS]; /* NULL where not given */
    unsigned long line;
} subject_info;

struct assess_subjects {
    arena arena;
    subject_info *rows; /* sorted by id */
    size_t n, cap;
};

#endif
