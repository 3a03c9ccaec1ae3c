/*
 * input_describe.h - what a reading with `describe` set gathers about the
 * first file it reads (input_describe.c): the tool, the format, every
 * column and what it was taken as, and the answers and rater groups that
 * matched nothing.  assess_responses_write_source() (output_source.c)
 * writes it as a starting source map.
 *
 * It holds column headers, answers and group names, each once: no id of a
 * subject or a rater, no count, nothing of which row held what.
 */
#ifndef ASSESS_INPUT_DESCRIBE_H
#define ASSESS_INPUT_DESCRIBE_H

#include <stddef.h>
#include <stdint.h>

#include "assess.h"

/* How a column came to be read as what it is, or why it is not read. */
typedef enum desc_how {
    DESC_UNREAD = 0, /* nothing of the instrument's */
    DESC_BY_NAME,    /* its header is a standard column or an item id */
    DESC_BY_MAP,     /* --map or the source map's <column> */
    DESC_BY_TOOL,    /* the tool's response id, read as rater_id */
    DESC_BY_WORDING, /* its question text is an item's wording */
    DESC_METADATA,   /* the tool's own, read silently */
    DESC_MARK,       /* the tool's mark of responses not to use */
    DESC_FILTER,     /* a <keep> or <drop> of the source map */
    DESC_TWICE       /* an item's wording, of an item another column is */
} desc_how;

typedef struct desc_column {
    char *name;       /* the header as read (SurveyMonkey: both rows) */
    char *text;       /* the question text row, or NULL */
    const char *as;   /* a standard column or an item id, or NULL */
    desc_how how;
} desc_column;

/* What a source map given to the reading says beyond its columns, kept
 * to be written again. */
typedef struct desc_recode {
    char *text;        /* NULL: a <missing code> */
    int missing, has_code;
    double code;
} desc_recode;

typedef struct desc_alias {
    char *text;
    const char *group; /* the instrument's */
} desc_alias;

typedef struct desc_filter {
    char *column;      /* NULL: by position */
    unsigned long position;
    char *equals;
    int keep;
} desc_filter;

typedef struct desc_set {
    char *name, *value;
} desc_set;

/* The most distinct answers and groups gathered. */
#define DESC_MAX 64

typedef struct source_desc {
    char *file;
    assess_tool tool;
    int tool_told;          /* told from the header */
    char delimiter;
    char encoding[64];      /* "" for UTF-8 */
    int decimal_comma;
    unsigned long header_rows;
    desc_column *cols;
    size_t n_cols;
    int no_subject, no_rater, no_group; /* required, and without a column */
    char *values[DESC_MAX]; /* answers read as nothing */
    uint32_t value_scale[DESC_MAX]; /* the response scale of the first
                                       item it was seen for */
    size_t n_values;
    char *groups[DESC_MAX]; /* rater groups read as none */
    size_t n_groups;
    unsigned long header_rows_given; /* the map's <format header-rows> */
    desc_recode *recodes;
    size_t n_recodes;
    desc_alias *aliases;
    size_t n_aliases;
    desc_filter *filters;
    size_t n_filters;
    desc_set *sets;
    size_t n_sets;
} source_desc;

/* Keeps what source map `src` says beyond its columns; -1 when out of
 * memory. */
struct assess_source;
int desc_keep_source(source_desc *d, const struct assess_source *src);

source_desc *desc_new(void);
void desc_free(source_desc *d);
/* Adds an answer or a group seen, unless there (case aside) or full;
 * -1 when out of memory. */
int desc_value(source_desc *d, const char *s, size_t len, uint32_t scale);
int desc_group(source_desc *d, const char *s, size_t len);

#endif
