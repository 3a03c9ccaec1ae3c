/*
 * cli_options.h - one table per command describes each of its options
 * once: its name, its kind (a flag, a string, a list, a number with its
 * range, a choice), what it sets and its help line.  Parsing, the checks,
 * the help text and the man page all come from the table, as git's
 * parse-options does; a number is parsed in one place (cli_parse_number).
 *
 * A table is an array of cli_option ending with CLI_END, written where the
 * variables it sets live (a command's locals):
 *
 *     cli_option options[] = {
 *         CLI_SECTION("statistics:", 19),
 *         CLI_FLAG(0, "by-group", &ao.by_group, "each group besides others"),
 *         CLI_CHOICE(0, "null", "D", &ao.null, nulls, NULL, "..."),
 *         CLI_INPUT_OPTIONS(&in),
 *         CLI_END
 *     };
 *
 * Help lines hold '\n' where the help text breaks them; sections give the
 * help's headings and the width of their first column.
 */
#ifndef ASSESS_CLI_OPTIONS_H
#define ASSESS_CLI_OPTIONS_H

#include <stdio.h>

#include "assess.h"

typedef enum cli_opt_kind {
    CLI_OPT_END = 0,
    CLI_OPT_SECTION, /* a heading of the help: help is its title, value the
                        width of the first column below it */
    CLI_OPT_FLAG,    /* int *dest = 1 */
    CLI_OPT_SET,     /* int *dest = value */
    CLI_OPT_STRING,  /* const char **dest = the argument (the last given) */
    CLI_OPT_LIST,    /* const char **dest = every argument given, in order,
                        joined by commas (the text lives until
                        cli_options_release()) */
    CLI_OPT_UINT,    /* unsigned *dest: a whole number from min to max */
    CLI_OPT_ULONG,   /* unsigned long *dest: a whole number from min to max */
    CLI_OPT_DOUBLE,  /* double *dest: a number from min to max */
    CLI_OPT_CHOICE,  /* int *dest = values[i] (or i) for choices[i] */
    CLI_OPT_HELP,    /* prints the help */
    CLI_OPT_EACH     /* cli_each *dest: a string for the operands after
                        it, as gcc's -x is for the files after it */
} cli_opt_kind;

/*
 * What a CLI_OPT_EACH option gives each operand: values[k] is the value
 * given last before operand k (NULL when none was), for every operand
 * (the text lives until cli_options_release()).
 */
typedef struct cli_each {
    const char *current;
    const char **values;
} cli_each;

/* Flags of a number's range: an end left out of it. */
enum { CLI_ABOVE_MIN = 1u << 0, CLI_BELOW_MAX = 1u << 1 };

typedef struct cli_option {
    cli_opt_kind kind;
    int short_name;             /* 0: none */
    const char *long_name;
    const char *arg_name;       /* FILE, N, ...; NULL: takes no argument */
    void *dest;
    int value;                  /* SET: the value; SECTION: the width */
    double min, max;            /* numbers: the range */
    unsigned range;             /* CLI_ABOVE_MIN, CLI_BELOW_MAX */
    const char *const *choices; /* CHOICE: NULL-terminated */
    const int *values;          /* CHOICE: by choice; NULL: the index */
    const char *help;
} cli_option;

#define CLI_END { CLI_OPT_END, 0, NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL }
#define CLI_SECTION(title, width) \
    { CLI_OPT_SECTION, 0, NULL, NULL, NULL, (width), 0, 0, 0, NULL, NULL, (title) }
#define CLI_FLAG(s, l, dest, help) \
    { CLI_OPT_FLAG, (s), (l), NULL, (dest), 1, 0, 0, 0, NULL, NULL, (help) }
#define CLI_SET(s, l, dest, v, help) \
    { CLI_OPT_SET, (s), (l), NULL, (dest), (v), 0, 0, 0, NULL, NULL, (help) }
#define CLI_STRING(s, l, arg, dest, help) \
    { CLI_OPT_STRING, (s), (l), (arg), (dest), 0, 0, 0, 0, NULL, NULL, (help) }
#define CLI_LIST(s, l, arg, dest, help) \
    { CLI_OPT_LIST, (s), (l), (arg), (dest), 0, 0, 0, 0, NULL, NULL, (help) }
#define CLI_UINT(s, l, arg, dest, lo, hi, help) \
    { CLI_OPT_UINT, (s), (l), (arg), (dest), 0, (lo), (hi), 0, NULL, NULL, (help) }
#define CLI_ULONG(s, l, arg, dest, lo, hi, help) \
    { CLI_OPT_ULONG, (s), (l), (arg), (dest), 0, (lo), (hi), 0, NULL, NULL, (help) }
#define CLI_DOUBLE(s, l, arg, dest, lo, hi, range, help) \
    { CLI_OPT_DOUBLE, (s), (l), (arg), (dest), 0, (lo), (hi), (range), NULL, NULL, (help) }
#define CLI_CHOICE(s, l, arg, dest, choices, values, help) \
    { CLI_OPT_CHOICE, (s), (l), (arg), (dest), 0, 0, 0, 0, (choices), (values), (help) }
#define CLI_EACH(s, l, arg, dest, help) \
    { CLI_OPT_EACH, (s), (l), (arg), (dest), 0, 0, 0, 0, NULL, NULL, (help) }
#define CLI_HELP_OPTION \
    { CLI_OPT_HELP, 0, "help", NULL, NULL, 0, 0, 0, 0, NULL, NULL, "this help" }

/* The most threads --threads takes: the library's own limit. */
#define CLI_MAX_THREADS ASSESS_MAX_THREADS

/* What a command's help says around its options. */
typedef struct cli_usage {
    const char *cmd;   /* "score" */
    const char *intro; /* the usage line and what the command does */
    const char *outro; /* the exit statuses */
} cli_usage;

/*
 * Parses argv (argv[0] the command's name) by the table.  Returns 0 with
 * *first the index of the first operand, the operands gathered at the
 * end of argv in the order given; 1 after printing the help on standard
 * output (--help) or the command's part of the man page (--man, for
 * `assess --man`); -1 after saying what is wrong on standard error (an
 * unknown option, a bad value), the help following an unknown option.
 * Options may come after operands, and between them: a CLI_OPT_EACH
 * option applies to the operands after it.
 */
int cli_options_parse(const cli_usage *u, cli_option *opts, int argc,
                      char **argv, int *first);

/* The help text: intro, each section and option, outro. */
void cli_options_help(const cli_usage *u, const cli_option *opts, FILE *out);

/* The command's section of the man page (roff), for `assess --man`. */
void cli_options_man(const cli_usage *u, const cli_option *opts, FILE *out);

/*
 * The one number parser: `text` as a whole number (`whole`) or a finite
 * number, within [min, max] (ends left out by `range`).  0 with *out
 * set, or -1 after saying "assess CMD: --NAME: 'TEXT' is not ...".
 */
int cli_parse_number(const char *cmd, const cli_option *o, const char *text,
                     int whole, double *out);

/* Frees what parsing made (the joined lists). */
void cli_options_release(void);

#endif
