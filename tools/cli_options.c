/*
 * cli_options.c - parsing, checks, help and man page from a command's
 * table of options (cli_options.h).
 */
#include "cli_options.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* getopt_long's value for option row i (short options return their
 * letter, which is found in the table). */
#define ROW_VALUE(i) (1000 + (i))

/* The joined text of CLI_OPT_LIST options and the operands' values of
 * CLI_OPT_EACH options, freed by cli_options_release(). */
static char **lists;
static size_t n_lists;

/* Keeps p to be freed by cli_options_release(); -1 when out of memory
 * (p is freed then). */
static int keep(void *p)
{
    char **grown = realloc(lists, (n_lists + 1) * sizeof *lists);
    if (!grown) {
        free(p);
        return -1;
    }
    lists = grown;
    lists[n_lists++] = p;
    return 0;
}

void cli_options_release(void)
{
    for (size_t i = 0; i < n_lists; i++)
        free(lists[i]);
    free(lists);
    lists = NULL;
    n_lists = 0;
}

static int is_option(const cli_option *o)
{
    return o->kind != CLI_OPT_SECTION && o->kind != CLI_OPT_END;
}

/* "a, b or c"; a choice of punctuation quoted: "',', ';' or tab". */
static void print_choices(FILE *out, const char *const *choices)
{
    for (size_t i = 0; choices[i]; i++) {
        int word = strspn(choices[i], "abcdefghijklmnopqrstuvwxyz"
                                      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") > 0;
        fprintf(out, "%s%s%s%s", i == 0 ? "" : choices[i + 1] ? ", " : " or ",
                word ? "" : "'", choices[i], word ? "" : "'");
    }
}

int cli_parse_number(const char *cmd, const cli_option *o, const char *text,
                     int whole, double *out)
{
    char *end;
    double v;
    int ok;

    errno = 0;
    if (whole) {
        unsigned long long u = strtoull(text, &end, 10);
        v = (double)u;
        ok = !errno && end != text && !*end && text[0] != '-' &&
             text[0] != '+' && text[0] != ' ';
    } else {
        v = strtod(text, &end);
        ok = !errno && end != text && !*end && isfinite(v);
    }
    if (ok)
        ok = (o->range & CLI_ABOVE_MIN ? v > o->min : v >= o->min) &&
             (o->range & CLI_BELOW_MAX ? v < o->max : v <= o->max);
    if (ok) {
        *out = v;
        return 0;
    }
    fprintf(stderr, "assess %s: --%s: '%s' is not a %s %s %g", cmd,
            o->long_name, text, whole ? "whole number" : "number",
            o->range & CLI_ABOVE_MIN ? "above" : "from", o->min);
    if (o->max < 1e300)
        fprintf(stderr, " to %s%g", o->range & CLI_BELOW_MAX ? "below " : "",
                o->max);
    fputc('\n', stderr);
    return -1;
}

static int add_to_list(const char *cmd, const char **dest, const char *arg)
{
    size_t have = *dest ? strlen(*dest) : 0;
    char *joined = malloc(have + strlen(arg) + 2);
    char **grown = realloc(lists, (n_lists + 1) * sizeof *lists);
    if (!joined || !grown) {
        free(joined);
        if (grown)
            lists = grown;
        fprintf(stderr, "assess %s: out of memory\n", cmd);
        return -1;
    }
    lists = grown;
    if (have)
        sprintf(joined, "%s,%s", *dest, arg);
    else
        strcpy(joined, arg);
    lists[n_lists++] = joined;
    *dest = joined;
    return 0;
}

/* Sets what option o sets from its argument; 0, or -1 after saying why. */
static int take(const char *cmd, const cli_option *o, const char *arg)
{
    double v;
    switch (o->kind) {
    case CLI_OPT_FLAG:
    case CLI_OPT_SET:
        *(int *)o->dest = o->value;
        return 0;
    case CLI_OPT_STRING:
        *(const char **)o->dest = arg;
        return 0;
    case CLI_OPT_EACH:
        ((cli_each *)o->dest)->current = arg;
        return 0;
    case CLI_OPT_LIST:
        return add_to_list(cmd, (const char **)o->dest, arg);
    case CLI_OPT_UINT:
        if (cli_parse_number(cmd, o, arg, 1, &v) < 0)
            return -1;
        *(unsigned *)o->dest = (unsigned)v;
        return 0;
    case CLI_OPT_ULONG:
        if (cli_parse_number(cmd, o, arg, 1, &v) < 0)
            return -1;
        *(unsigned long *)o->dest = (unsigned long)v;
        return 0;
    case CLI_OPT_DOUBLE:
        return cli_parse_number(cmd, o, arg, 0, (double *)o->dest);
    case CLI_OPT_CHOICE:
        for (size_t i = 0; o->choices[i]; i++) {
            if (strcmp(arg, o->choices[i]) == 0) {
                *(int *)o->dest = o->values ? o->values[i] : (int)i;
                return 0;
            }
        }
        fprintf(stderr, "assess %s: --%s: '%s' is not ", cmd, o->long_name,
                arg);
        print_choices(stderr, o->choices);
        fputc('\n', stderr);
        return -1;
    default:
        return 0;
    }
}

/* The first column of an option's help line: "-o, --output FILE". */
static void left_column(const cli_option *o, char *buf, size_t size)
{
    if (o->short_name)
        snprintf(buf, size, "-%c, --%s%s%s", o->short_name, o->long_name,
                 o->arg_name ? " " : "", o->arg_name ? o->arg_name : "");
    else
        snprintf(buf, size, "    --%s%s%s", o->long_name,
                 o->arg_name ? " " : "", o->arg_name ? o->arg_name : "");
}

void cli_options_help(const cli_usage *u, const cli_option *opts, FILE *out)
{
    int width = 19;
    fputs(u->intro, out);
    for (const cli_option *o = opts; o->kind != CLI_OPT_END; o++) {
        char left[128];
        if (o->kind == CLI_OPT_SECTION) {
            fprintf(out, "\n%s\n", o->help);
            width = o->value;
            continue;
        }
        left_column(o, left, sizeof left);
        const char *line = o->help;
        if ((int)strlen(left) > width) {
            fprintf(out, "  %s\n", left);
            left[0] = 0;
        } else {
            const char *nl = strchr(line, '\n');
            int len = nl ? (int)(nl - line) : (int)strlen(line);
            fprintf(out, "  %-*s %.*s\n", width, left, len, line);
            line = nl ? nl + 1 : NULL;
        }
        while (line) {
            const char *nl = strchr(line, '\n');
            int len = nl ? (int)(nl - line) : (int)strlen(line);
            fprintf(out, "  %*s %.*s\n", width, "", len, line);
            line = nl ? nl + 1 : NULL;
        }
    }
    fprintf(out, "\n%s", u->outro);
}

/* Text for roff: a leading '.' or '\'' escaped, backslashes doubled,
 * line breaks joined. */
static void roff_text(FILE *out, const char *s)
{
    int line_start = 1;
    for (; *s; s++) {
        if (line_start && (*s == '.' || *s == '\''))
            fputs("\\&", out);
        line_start = 0;
        if (*s == '\\')
            fputs("\\e", out);
        else if (*s == '-')
            fputs("\\-", out);
        else if (*s == '\n') {
            fputc(' ', out);
        } else
            fputc(*s, out);
    }
}

void cli_options_man(const cli_usage *u, const cli_option *opts, FILE *out)
{
    const char *para = strstr(u->intro, "\n\n");
    fprintf(out, ".SH \"ASSESS %s\"\n", u->cmd);
    /* the usage line, then what the command does */
    fputs(".nf\n", out);
    fprintf(out, "%.*s\n", para ? (int)(para - u->intro) : (int)strlen(u->intro),
            u->intro);
    fputs(".fi\n.PP\n", out);
    if (para)
        roff_text(out, para + 2);
    fputc('\n', out);
    for (const cli_option *o = opts; o->kind != CLI_OPT_END; o++) {
        char left[128];
        if (o->kind == CLI_OPT_SECTION) {
            fputs(".SS \"", out);
            roff_text(out, o->help);
            fputs("\"\n", out);
            continue;
        }
        left_column(o, left, sizeof left);
        fputs(".TP\n.B ", out);
        roff_text(out, left + (o->short_name ? 0 : 4));
        fputc('\n', out);
        roff_text(out, o->help);
        if (o->kind == CLI_OPT_UINT || o->kind == CLI_OPT_ULONG ||
            o->kind == CLI_OPT_DOUBLE) {
            fprintf(out, " (%s %s %g", o->kind == CLI_OPT_DOUBLE
                                           ? "a number" : "a whole number",
                    o->range & CLI_ABOVE_MIN ? "above" : "from", o->min);
            if (o->max < 1e300)
                fprintf(out, " to %s%g", o->range & CLI_BELOW_MAX ? "below " : "",
                        o->max);
            fputc(')', out);
        }
        fputc('\n', out);
    }
    fputs(".PP\n", out);
    roff_text(out, u->outro);
    fputc('\n', out);
}

/* Operand `arg`, the k-th: kept in order, each CLI_OPT_EACH option's
 * value in force recorded for it (their arrays hold argc values). */
static void take_operand(cli_option *opts, char **operands, int k, char *arg)
{
    operands[k] = arg;
    for (cli_option *o = opts; o->kind != CLI_OPT_END; o++)
        if (o->kind == CLI_OPT_EACH)
            ((cli_each *)o->dest)->values[k] = ((cli_each *)o->dest)->current;
}

int cli_options_parse(const cli_usage *u, cli_option *opts, int argc,
                      char **argv, int *first)
{
    size_t n = 0, ns = 0;
    char shorts[64] = "-"; /* operands in order, as getopt's 1 */
    struct option *longs;
    char **operands = NULL;
    int rc = 0, c, n_operands = 0;

    for (const cli_option *o = opts; o->kind != CLI_OPT_END; o++)
        n++;
    longs = calloc(n + 2, sizeof *longs);
    if (!longs) {
        fprintf(stderr, "assess %s: out of memory\n", u->cmd);
        return -1;
    }
    size_t nl = 0;
    for (size_t i = 0; i < n; i++) {
        const cli_option *o = &opts[i];
        if (!is_option(o))
            continue;
        longs[nl].name = o->long_name;
        longs[nl].has_arg = o->arg_name ? required_argument : no_argument;
        longs[nl].val = ROW_VALUE((int)i);
        nl++;
        if (o->short_name && ns + 4 < sizeof shorts) {
            shorts[++ns] = (char)o->short_name;
            if (o->arg_name)
                shorts[++ns] = ':';
            shorts[ns + 1] = 0;
        }
    }
    longs[nl].name = "man";
    longs[nl].val = ROW_VALUE((int)n);
    operands = calloc((size_t)argc + 1, sizeof *operands);
    if (!operands) {
        free(longs);
        fprintf(stderr, "assess %s: out of memory\n", u->cmd);
        return -1;
    }
    for (cli_option *o = opts; o->kind != CLI_OPT_END; o++)
        if (o->kind == CLI_OPT_EACH) {
            /* every operand may need a value: argc of them at most */
            cli_each *each = o->dest;
            each->values = calloc((size_t)argc + 1, sizeof *each->values);
            if (!each->values || keep((void *)each->values) != 0) {
                each->values = NULL;
                free(longs);
                free(operands);
                fprintf(stderr, "assess %s: out of memory\n", u->cmd);
                return -1;
            }
        }
    optind = 1;
    while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        const cli_option *o = NULL;
        if (c == 1) {
            take_operand(opts, operands, n_operands++, optarg);
            continue;
        }
        if (c == ROW_VALUE((int)n)) {
            cli_options_man(u, opts, stdout);
            rc = 1;
            break;
        }
        if (c >= ROW_VALUE(0) && c < ROW_VALUE((int)n))
            o = &opts[c - ROW_VALUE(0)];
        for (size_t i = 0; !o && c != '?' && c != ':' && i < n; i++)
            if (is_option(&opts[i]) && opts[i].short_name == c)
                o = &opts[i];
        if (!o) {
            cli_options_help(u, opts, stderr);
            rc = -1;
            break;
        }
        if (o->kind == CLI_OPT_HELP) {
            cli_options_help(u, opts, stdout);
            rc = 1;
            break;
        }
        if (take(u->cmd, o, optarg) < 0) {
            rc = -1;
            break;
        }
    }
    /* After "--", the rest are operands. */
    while (rc == 0 && optind < argc)
        take_operand(opts, operands, n_operands++, argv[optind++]);
    /* The operands at the end of argv, in order, as a permuting getopt
     * would leave them. */
    for (int k = 0; rc == 0 && k < n_operands; k++)
        argv[argc - n_operands + k] = operands[k];
    *first = rc == 0 ? argc - n_operands : optind;
    free(operands);
    free(longs);
    return rc;
}
