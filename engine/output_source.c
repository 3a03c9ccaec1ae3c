/*
 * output_source.c - a starting source map, as XML, from what a reading
 * with `describe` found about its first file (input_describe.h).
 *
 * It is for a person to edit: what was settled is written as comments
 * (columns taken by name, by wording, the tool's own), what a map gives
 * as elements (columns named by --map, answers to recode), and what the
 * person must decide as elements that do not load until decided (an
 * answer's code="", a group's as="") or as commented elements to take.
 * Nothing of a subject or a rater: headers, answers and group names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base_error.h"
#include "base_number.h"
#include "input_describe.h"
#include "input_instrument.h"
#include "input_responses.h"

/* Text for an XML attribute value in double quotes. */
static void put_attr(FILE *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\n': fputs("&#10;", out); break;
        case '\r': fputs("&#13;", out); break;
        case '\t': fputs("&#9;", out); break;
        default:
            if ((unsigned char)*s >= 0x20)
                fputc(*s, out);
        }
    }
}

/* Text inside a comment: no "--", no line ends, at most 120 bytes (cut
 * between characters). */
static void put_comment(FILE *out, const char *s)
{
    size_t n = 0;
    for (; *s && n < 120; s++, n++) {
        unsigned char c = (unsigned char)*s;
        if (c == '-' && (s[1] == '-' || s[1] == '\0'))
            fputs("- ", out);
        else if (c < 0x20)
            fputc(' ', out);
        else
            fputc(c, out);
    }
    while (*s && ((unsigned char)*s & 0xc0) == 0x80)
        fputc(*s++, out);
    if (*s)
        fputs("...", out);
}

/* A guess of the standard column a column not read may hold, from its
 * header and question text; NULL when none. */
static const char *guess_standard(const desc_column *c)
{
    static const struct { const char *word, *as; } words[] = {
        { "relationship", "rater_group" }, { "relation", "rater_group" },
        { "rater group", "rater_group" },  { "your role", "rater_group" },
        { "ratee", "subject_id" },         { "subject", "subject_id" },
        { "who are you rating", "subject_id" }, { "leader", "subject_id" },
        { "wave", "wave" },
    };
    for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
        size_t w = strlen(words[k].word);
        for (int t = 0; t < 2; t++) {
            const char *s = t ? c->text : c->name;
            for (size_t i = 0; s && i + w <= strlen(s); i++)
                if (strncasecmp(s + i, words[k].word, w) == 0)
                    return words[k].as;
        }
    }
    return NULL;
}

/* Whether an answer reads as no answer given. */
static int sounds_missing(const char *s)
{
    static const char *const words[] = {
        "n/a", "not applicable", "don't know", "do not know", "not observed",
        "unable", "cannot", "can't", "no opinion", "prefer not", "no basis",
        "not sure",
    };
    for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
        size_t w = strlen(words[k]);
        for (size_t i = 0; i + w <= strlen(s); i++)
            if (strncasecmp(s + i, words[k], w) == 0)
                return 1;
    }
    return 0;
}

/* The label an answer may stand for: the answer with a qualifier taken
 * out ("Somewhat agree" is "agree"); NULL when none is. */
static const inst_label *guess_label(const inst_response_scale *rs,
                                     const char *s)
{
    static const char *const qualifiers[] = {
        "somewhat ", "slightly ", "mostly ", "moderately ", "fairly ",
        "rather ", "mildly ", "a little ", "tend to ",
    };
    for (size_t k = 0; k < sizeof qualifiers / sizeof *qualifiers; k++) {
        size_t q = strlen(qualifiers[k]);
        if (strncasecmp(s, qualifiers[k], q) != 0)
            continue;
        for (size_t l = 0; l < rs->n_labels; l++)
            if (strcasecmp(s + q, rs->labels[l].text) == 0)
                return &rs->labels[l];
    }
    return NULL;
}

/* order[0..n) as indexes of texts, sorted by their text regardless of
 * case (an insertion sort: at most DESC_MAX of them). */
static void sort_by_text(size_t *order, size_t n, char *const *texts)
{
    for (size_t i = 0; i < n; i++) {
        size_t k = i, v = i;
        while (k > 0) {
            int c = strcasecmp(texts[order[k - 1]], texts[v]);
            if (c < 0 || (c == 0 && strcmp(texts[order[k - 1]], texts[v]) <= 0))
                break;
            order[k] = order[k - 1];
            k--;
        }
        order[k] = v;
    }
}

/* What the source map given to the reading said beyond its columns. */
static void put_kept(FILE *out, const source_desc *d)
{
    if (!d->n_recodes && !d->n_aliases && !d->n_filters && !d->n_sets)
        return;
    fputs("\n  <!-- From the source map read with it -->\n", out);
    for (size_t k = 0; k < d->n_sets; k++) {
        fputs("  <set name=\"", out);
        put_attr(out, d->sets[k].name);
        fputs("\" value=\"", out);
        put_attr(out, d->sets[k].value);
        fputs("\"/>\n", out);
    }
    for (size_t k = 0; k < d->n_recodes; k++) {
        const desc_recode *r = &d->recodes[k];
        fprintf(out, "  <%s", r->missing ? "missing" : "value");
        if (r->text) {
            fputs(" text=\"", out);
            put_attr(out, r->text);
            fputs("\"", out);
        }
        if (r->has_code)
            fprintf(out, " code=\"%.15g\"", r->code);
        fputs("/>\n", out);
    }
    for (size_t k = 0; k < d->n_aliases; k++) {
        fputs("  <group text=\"", out);
        put_attr(out, d->aliases[k].text);
        fprintf(out, "\" as=\"%s\"/>\n", d->aliases[k].group);
    }
    for (size_t k = 0; k < d->n_filters; k++) {
        const desc_filter *f = &d->filters[k];
        fprintf(out, "  <%s ", f->keep ? "keep" : "drop");
        if (f->column) {
            fputs("column=\"", out);
            put_attr(out, f->column);
            fputs("\"", out);
        } else {
            fprintf(out, "position=\"%lu\"", f->position);
        }
        fputs(" equals=\"", out);
        put_attr(out, f->equals);
        fputs("\"/>\n", out);
    }
}

static const char *how_said(const source_desc *d, const desc_column *c,
                            char *buf, size_t size)
{
    const char *tool = d->tool == ASSESS_TOOL_QUALTRICS ? "Qualtrics'"
                       : d->tool == ASSESS_TOOL_SURVEYMONKEY ? "SurveyMonkey's"
                       : d->tool == ASSESS_TOOL_LIMESURVEY ? "LimeSurvey's"
                       : d->tool == ASSESS_TOOL_GOOGLE_FORMS
                           ? "Google Forms'" : "the tool's";
    switch (c->how) {
    case DESC_BY_NAME:
        snprintf(buf, size, "%s, by its name", c->as);
        break;
    case DESC_BY_TOOL:
        snprintf(buf, size, "%s, %s response id", c->as, tool);
        break;
    case DESC_BY_WORDING:
        snprintf(buf, size, "item %s, by its wording", c->as);
        break;
    case DESC_METADATA:
        snprintf(buf, size, "%s own, not read", tool);
        break;
    case DESC_MARK:
        snprintf(buf, size, "%s mark of responses not to use: the rows it "
                 "marks are left out", tool);
        break;
    case DESC_FILTER:
        snprintf(buf, size, "a filter's");
        break;
    case DESC_TWICE:
        snprintf(buf, size, "the wording of item %s, which another column "
                 "is: not read", c->as ? c->as : "");
        break;
    default:
        snprintf(buf, size, "not read");
        break;
    }
    return buf;
}

/* Whether a column can be named by its header: not empty, and no other
 * column has that header. */
static int named_uniquely(const source_desc *d, size_t i)
{
    if (!d->cols[i].name[0])
        return 0;
    for (size_t k = 0; k < d->n_cols; k++)
        if (k != i && strcmp(d->cols[k].name, d->cols[i].name) == 0)
            return 0;
    return 1;
}

static void put_column_element(FILE *out, const source_desc *d, size_t i,
                               const char *as)
{
    fputs("<column ", out);
    if (named_uniquely(d, i)) {
        fputs("name=\"", out);
        put_attr(out, d->cols[i].name);
        fputs("\"", out);
    } else {
        fprintf(out, "position=\"%zu\"", i + 1);
    }
    fputs(" as=\"", out);
    put_attr(out, as);
    fputs("\"/>", out);
}

assess_status assess_responses_write_source(const assess_responses *r,
                                            FILE *out, assess_error *err)
{
    const source_desc *d = r->desc;
    const assess_instrument *inst = r->inst;
    unsigned char *seen = NULL;
    size_t order[DESC_MAX];
    char buf[512];
    size_t absent = 0;

    if (!d || !d->file)
        return error_set(err, ASSESS_EUSAGE, NULL, 0,
                         "no file was read to describe");
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- A source map "
          "written by assess source from ", out);
    put_comment(out, d->file);
    fprintf(out, ",\n     for instrument '%s': edit it where it asks, keep "
                 "it beside the survey,\n     and read every export of the "
                 "survey with it.  Columns count from 1. -->\n",
            inst->id);
    fprintf(out, "<source instrument=\"");
    put_attr(out, inst->id);
    fprintf(out, "\" tool=\"%s\">\n", assess_tool_name(d->tool));
    if (d->tool_told)
        fprintf(out, "  <!-- the tool was told from the header -->\n");

    if (d->delimiter != ',' || d->encoding[0] || d->header_rows_given ||
        d->decimal_comma != (d->delimiter != ',')) {
        fputs("  <format", out);
        if (d->header_rows_given)
            fprintf(out, " header-rows=\"%lu\"", d->header_rows_given);
        if (d->delimiter != ',')
            fprintf(out, " delimiter=\"%s\"",
                    d->delimiter == '\t' ? "tab" : d->delimiter == ';' ? ";"
                                                                        : "|");
        fprintf(out, " decimal=\"%s\"", d->decimal_comma ? "," : ".");
        if (d->encoding[0]) {
            fputs(" encoding=\"", out);
            put_attr(out, d->encoding);
            fputs("\"", out);
        }
        fputs("/>\n", out);
    }

    fputs("\n  <!-- Columns -->\n", out);
    seen = calloc(inst->n_items + 1, 1);
    if (!seen)
        return error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < d->n_cols; i++) {
        const desc_column *c = &d->cols[i];
        if (c->as && c->how != DESC_TWICE) {
            uint32_t item = instrument_find_item(inst, c->as, strlen(c->as));
            if (item != STRTAB_NONE)
                seen[item] = 1;
        }
        if (c->how == DESC_BY_MAP) {
            fputs("  ", out);
            put_column_element(out, d, i, c->as);
            fprintf(out, "\n");
            continue;
        }
        fprintf(out, "  <!-- %zu '", i + 1);
        put_comment(out, c->name);
        fputs("'", out);
        if (c->text && strcmp(c->text, c->name) != 0 &&
            (c->how == DESC_UNREAD || c->how == DESC_BY_WORDING)) {
            fputs(" \"", out);
            put_comment(out, c->text);
            fputs("\"", out);
        }
        fputs(": ", out);
        put_comment(out, how_said(d, c, buf, sizeof buf));
        if (c->how == DESC_UNREAD) {
            const char *guess = guess_standard(c);
            fputs("; read it as a standard column or an item with\n       ",
                  out);
            put_column_element(out, d, i, guess ? guess : "NAME");
        }
        fputs(" -->\n", out);
    }
    if (d->no_subject)
        fputs("  <!-- NO COLUMN IS subject_id: name the column of the "
              "executive rated with\n       <column name=\"...\" "
              "as=\"subject_id\"/>, or for an export of one executive\n"
              "       <set name=\"subject_id\" value=\"ID\"/> -->\n", out);
    if (d->no_rater)
        fputs("  <!-- NO COLUMN IS rater_id: name the column of the response "
              "id with\n       <column name=\"...\" as=\"rater_id\"/> -->\n",
              out);
    if (d->no_group)
        fputs("  <!-- NO COLUMN IS rater_group: name the column of the "
              "rater's relationship with\n       <column name=\"...\" "
              "as=\"rater_group\"/> -->\n", out);
    for (size_t i = 0; i < inst->n_items; i++)
        absent += !seen[i];
    if (absent) {
        size_t n = 0;
        fprintf(out, "  <!-- %zu item%s with no column, missing unless named "
                     "with <column ... as=\"ITEM\"/>:\n      ",
                absent, absent == 1 ? "" : "s");
        for (size_t i = 0; i < inst->n_items; i++)
            if (!seen[i])
                fprintf(out, "%s%s", n++ % 12 ? " " : n > 1 ? "\n       " : " ",
                        inst->items[i].id);
        fputs(" -->\n", out);
    }
    free(seen);

    put_kept(out, d);
    /* In the order of their text, not of the rows that held them. */
    sort_by_text(order, d->n_values, d->values);
    if (d->n_values) {
        fputs("\n  <!-- Answers that are neither a value nor a label of the "
              "instrument's response\n       scales: give each the code it "
              "stands for, or read it as missing -->\n", out);
        for (size_t rs_i = 0; rs_i < inst->n_response_scales; rs_i++) {
            const inst_response_scale *rs = &inst->response_scales[rs_i];
            int said = 0;
            for (size_t o = 0; o < d->n_values; o++) {
                size_t k = order[o];
                const char *s = d->values[k];
                const inst_label *guess;
                double v;
                if (d->value_scale[k] != rs_i)
                    continue;
                if (!said++) {
                    fprintf(out, "  <!-- response scale '%s': ", rs->id);
                    for (size_t l = 0; l < rs->n_labels; l++)
                        fprintf(out, "%s%.15g ", l ? ", " : "",
                                rs->labels[l].value),
                            put_comment(out, rs->labels[l].text);
                    fputs(" -->\n", out);
                }
                if (number_parse(s, strlen(s), &v) == 0) {
                    fputs("  <missing code=\"", out);
                    put_attr(out, s);
                    fprintf(out, "\"/> <!-- outside %.15g..%.15g: read as "
                                 "missing; a <value> if it is an answer -->\n",
                            rs->min, rs->max);
                } else if (sounds_missing(s)) {
                    fputs("  <missing text=\"", out);
                    put_attr(out, s);
                    fputs("\"/>\n", out);
                } else {
                    fputs("  <value text=\"", out);
                    put_attr(out, s);
                    fputs("\" code=\"\"/>", out);
                    if ((guess = guess_label(rs, s)))
                        fprintf(out, " <!-- %.15g? -->", guess->value);
                    fputs("\n", out);
                }
            }
        }
    }
    if (d->n_groups) {
        fprintf(out, "\n  <!-- Rater groups that are none of instrument "
                     "'%s': give each its group\n       (", inst->id);
        for (size_t g = 0; g < inst->n_groups; g++)
            fprintf(out, "%s%s", g ? ", " : "", inst->groups[g].id);
        fputs(") -->\n", out);
        sort_by_text(order, d->n_groups, d->groups);
        for (size_t k = 0; k < d->n_groups; k++) {
            fputs("  <group text=\"", out);
            put_attr(out, d->groups[order[k]]);
            fputs("\" as=\"\"/>\n", out);
        }
    }
    fputs("</source>\n", out);
    if (ferror(out))
        return error_set(err, ASSESS_EIO, NULL, 0, "cannot write the map");
    return ASSESS_OK;
}
