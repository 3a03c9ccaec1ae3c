/*
 * input_source.h - the body of assess_source, a loaded source map
 * (input_source.c), for the reader.
 *
 * A loaded map is immutable, its strings in its arena.  What it names is
 * checked against its instrument when loaded: the names its columns are
 * read as (a standard column or an item), the groups of its aliases, its
 * codes.  Which headers and positions the export has is the reader's to
 * check, file by file.
 */
#ifndef ASSESS_INPUT_SOURCE_H
#define ASSESS_INPUT_SOURCE_H

#include <stdint.h>

#include "assess.h"
#include "base_arena.h"

/* <column name="HEADER" as="NAME"/> or <column position="N" .../>. */
typedef struct src_column {
    const char *header;     /* NULL when named by position */
    unsigned long position; /* from 1; 0 when named by header */
    const char *as;         /* a standard column or an item id */
    unsigned long line;
} src_column;

/* <value text code/>, <missing text/>, <missing code/>. */
typedef struct src_value {
    const char *text;       /* NULL: a <missing code> */
    int missing;            /* read as missing, not as `code` */
    int has_code;
    double code;
    unsigned long line;
} src_value;

/* <group text="TEXT" as="GROUP_ID"/>. */
typedef struct src_group {
    const char *text;
    uint32_t group;         /* index of the instrument's group */
} src_group;

/* <keep .../> and <drop .../>. */
typedef struct src_filter {
    const char *column;     /* NULL when by position */
    unsigned long position;
    const char *equals;
    int keep;
    unsigned long line;
} src_filter;

/* <set name="NAME" value="V"/>. */
typedef struct src_set {
    const char *name;       /* subject_id, rater_group or wave */
    const char *value;
    unsigned long line;
} src_set;

struct assess_source {
    arena arena;
    const char *name;       /* the file, for messages */
    const assess_instrument *inst;
    assess_tool tool;       /* ASSESS_TOOL_AUTO when not given */
    int delimiter;          /* 0 when not given */
    int decimal_comma;      /* -1 when not given */
    const char *encoding;   /* NULL when not given */
    unsigned long encoding_line;
    unsigned long header_rows; /* 0 when not given */
    src_column *columns;
    size_t n_columns;
    src_value *values;
    size_t n_values;
    src_group *groups;
    size_t n_groups;
    src_filter *filters;
    size_t n_filters;
    src_set *sets;
    size_t n_sets;
};

#endif
