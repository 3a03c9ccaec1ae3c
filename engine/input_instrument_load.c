/*
 * input_instrument_load.c - reading an instrument definition (XML) into an
 * assess_instrument.
 *
 * Three passes, each reporting every problem it finds:
 *   1. parse, refusing any DOCTYPE (so no entity, no external subset, no
 *      DTD is ever loaded) and never touching the network (input_xml.c);
 *   2. validate against the embedded instruments/instrument.xsd;
 *   3. build the instrument and check what the schema cannot say: ids
 *      unique, references resolved, ranges sane, composites acyclic.
 * The libxml2 document is freed as soon as loading ends; the instrument
 * keeps its strings in its own arena.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "base_error.h"
#include "input_instrument.h"
#include "base_number.h"
#include "base_utf8.h"
#include "input_xml.h"

/* Generated from instruments/instrument.xsd by the Makefile. */
extern const unsigned char assess_instrument_xsd[];
extern const size_t assess_instrument_xsd_len;

/* Problems are gathered, then reported in line order when loading ends. */
#define MAX_PROBLEMS 1000

typedef struct problem {
    unsigned long line;
    size_t seq;
    char *message;
} problem;

typedef struct loader {
    const char *name;   /* file name for diagnostics */
    diag_sink sink;
    problem *problems;
    size_t n_problems;  /* every problem found, kept or not */
    size_t n_kept;
    xml_reader xr;      /* its schema_errors: conversions after a schema
                           error stay quiet */
    assess_instrument *inst;
    /* source lines of entities, for "first defined on line N" */
    unsigned long *item_line, *scale_line;
} loader;

static void report(loader *ld, unsigned long line, const char *fmt, ...)
    PRINTF_LIKE(3, 4);

/* The longest message a problem keeps, in bytes. */
#define PROBLEM_MAX 767

static void report(loader *ld, unsigned long line, const char *fmt, ...)
{
    char msg[768], one[PROBLEM_MAX + 1];
    va_list ap;
    problem *p;

    ld->n_problems++;
    if (ld->n_kept == MAX_PROBLEMS)
        return;
    if (!ld->problems) {
        ld->problems = calloc(MAX_PROBLEMS, sizeof *ld->problems);
        if (!ld->problems)
            return;
    }
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    p = &ld->problems[ld->n_kept];
    /* one line of text (file:line: message), whatever libxml2's message or
     * the document held */
    p->message = strdup(one_line_text(one, sizeof one, msg));
    if (!p->message)
        return;
    p->line = line;
    p->seq = ld->n_kept++;
}

static int compare_problems(const void *a, const void *b)
{
    const problem *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sends the problems to the caller in line order, and frees them. */
static void flush_problems(loader *ld)
{
    if (ld->n_kept) /* problems is NULL when nothing was kept */
        qsort(ld->problems, ld->n_kept, sizeof *ld->problems, compare_problems);
    for (size_t i = 0; i < ld->n_kept; i++) {
        diag_emit(&ld->sink, ASSESS_ERROR, ld->name, ld->problems[i].line,
                  ASSESS_REJECT_NONE, "%s", ld->problems[i].message);
        free(ld->problems[i].message);
    }
    if (ld->n_problems > ld->n_kept)
        diag_emit(&ld->sink, ASSESS_ERROR, ld->name, 0, ASSESS_REJECT_NONE,
                  "%zu more problems not shown", ld->n_problems - ld->n_kept);
    free(ld->problems);
    ld->problems = NULL;
    ld->n_kept = 0;
}

/* A problem of the document, as input_xml.c finds them. */
static void xml_problem(void *ctx, unsigned long line, const char *message)
{
    report(ctx, line, "%s", message);
}

/* ld's XML reader, for the instrument named ld->name. */
static void xml_reader_init(loader *ld)
{
    ld->xr.name = ld->name;
    ld->xr.a_kind = "an instrument";
    ld->xr.problem = xml_problem;
    ld->xr.ctx = ld;
}

/* ---- Building ----------------------------------------------------------- */

static int is_element(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST name) == 0;
}

static size_t count_children(xmlNodePtr parent, const char *name)
{
    size_t n = 0;
    for (xmlNodePtr c = parent->children; c; c = c->next)
        if (is_element(c, name))
            n++;
    return n;
}

static xmlNodePtr first_child(xmlNodePtr parent, const char *name)
{
    for (xmlNodePtr c = parent->children; c; c = c->next)
        if (is_element(c, name))
            return c;
    return NULL;
}

/*
 * Text with runs of white space folded to one space and the ends trimmed,
 * copied into the arena.  NULL only when out of memory.
 */
static const char *fold_text(assess_instrument *inst, const xmlChar *s)
{
    size_t len = s ? strlen((const char *)s) : 0;
    char *out = arena_alloc(&inst->arena, len + 1);
    size_t o = 0;
    int space = 0;

    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        char c = (char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = o > 0;
            continue;
        }
        if (space)
            out[o++] = ' ';
        space = 0;
        out[o++] = c;
    }
    out[o] = '\0';
    return out;
}

static const char *node_text(assess_instrument *inst, xmlNodePtr n)
{
    xmlChar *content = n ? xmlNodeGetContent(n) : NULL;
    const char *s = fold_text(inst, content);
    xmlFree(content);
    return s;
}

/* An attribute folded into the arena, or NULL when absent. */
static const char *attr(assess_instrument *inst, xmlNodePtr n,
                        const char *name, int *oom)
{
    xmlChar *v = xmlGetNoNsProp(n, BAD_CAST name);
    const char *s;
    if (!v)
        return NULL;
    s = fold_text(inst, v);
    xmlFree(v);
    if (!s)
        *oom = 1;
    return s;
}

/*
 * A numeric attribute.  Returns 1 when present and valid, 0 when absent
 * (*out = dflt), -1 when present but not a number (reported unless the
 * schema already said so).
 */
static int attr_number(loader *ld, xmlNodePtr n, const char *name,
                       double dflt, double *out)
{
    xmlChar *v = xmlGetNoNsProp(n, BAD_CAST name);
    int rc = 1;
    *out = dflt;
    if (!v)
        return 0;
    if (number_parse((const char *)v, strlen((const char *)v), out) != 0) {
        if (!ld->xr.schema_errors)
            report(ld, xml_line(n), "attribute '%s': '%s' is not a number",
                   name, (const char *)v);
        *out = dflt;
        rc = -1;
    }
    xmlFree(v);
    return rc;
}

/*
 * A value of the schema's type "count" (1..1e9), or `dflt` outside it.
 * Building goes on after schema errors, so the value may be any finite
 * number; out of range it must not reach a conversion to an integer.
 */
static double count_or(double v, double dflt)
{
    return v >= 1 && v <= 1e9 ? v : dflt;
}

static int attr_bool(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, BAD_CAST name);
    int b = v && (xmlStrcmp(v, BAD_CAST "true") == 0 ||
                  xmlStrcmp(v, BAD_CAST "1") == 0);
    xmlFree(v);
    return b;
}

/*
 * Index of `want` among `count` entities whose first member is their id
 * (response scales, groups, scales), or SIZE_MAX.  A linear scan: these
 * tables are small.  A NULL want or id matches nothing.
 */
static size_t find_id(const void *table, size_t count, size_t stride,
                      const char *want)
{
    const char *p = table;
    for (size_t k = 0; want && k < count; k++) {
        const char *id = *(const char *const *)(const void *)(p + k * stride);
        if (id && strcmp(id, want) == 0)
            return k;
    }
    return SIZE_MAX;
}

#define FIND_ID(arr, count, want) find_id((arr), (count), sizeof *(arr), (want))

static void fmt_number(char *buf, size_t size, double x)
{
    snprintf(buf, size, "%.15g", x);
}

static int build_response_scale(loader *ld, xmlNodePtr node,
                                inst_response_scale *rs,
                                unsigned long *lines, size_t index)
{
    assess_instrument *inst = ld->inst;
    int oom = 0;
    char a[32], b[32];
    xmlChar *type;

    rs->id = attr(inst, node, "id", &oom);
    lines[index] = xml_line(node);
    attr_number(ld, node, "min", 0, &rs->min);
    attr_number(ld, node, "max", 0, &rs->max);
    type = xmlGetNoNsProp(node, BAD_CAST "type");
    rs->continuous = type && xmlStrcmp(type, BAD_CAST "continuous") == 0;
    xmlFree(type);

    if (rs->id) {
        size_t first = FIND_ID(inst->response_scales, index, rs->id);
        if (first != SIZE_MAX)
            report(ld, xml_line(node),
                   "response-scale id '%s' is already defined on line %lu",
                   rs->id, lines[first]);
    }
    fmt_number(a, sizeof a, rs->min);
    fmt_number(b, sizeof b, rs->max);
    if (!(rs->min < rs->max))
        report(ld, xml_line(node),
               "response-scale '%s': min %s is not below max %s",
               rs->id ? rs->id : "", a, b);
    if (!rs->continuous &&
        (!number_is_whole(rs->min) || !number_is_whole(rs->max)))
        report(ld, xml_line(node),
               "response-scale '%s': an integer scale needs whole min and "
               "max (or type=\"continuous\")",
               rs->id ? rs->id : "");

    rs->n_labels = count_children(node, "label");
    rs->n_missing = count_children(node, "missing");
    rs->labels = arena_alloc(&inst->arena,
                             (rs->n_labels + rs->n_missing + 1) * sizeof *rs->labels);
    if (!rs->labels)
        return -1;
    rs->missing = rs->labels + rs->n_labels;
    size_t nl = 0, nm = 0;
    for (xmlNodePtr c = node->children; c; c = c->next) {
        int is_label = is_element(c, "label");
        inst_label *l;
        char v[32];
        if (!is_label && !is_element(c, "missing"))
            continue;
        l = is_label ? &rs->labels[nl++] : &rs->missing[nm++];
        attr_number(ld, c, is_label ? "value" : "code", 0, &l->value);
        l->text = node_text(inst, c);
        if (!l->text)
            return -1;
        fmt_number(v, sizeof v, l->value);
        if (is_label) {
            if (l->value < rs->min || l->value > rs->max)
                report(ld, xml_line(c),
                       "response-scale '%s': label value %s is outside %s..%s",
                       rs->id ? rs->id : "", v, a, b);
            else if (!rs->continuous && !number_is_whole(l->value))
                report(ld, xml_line(c),
                       "response-scale '%s': label value %s is not a whole "
                       "number on an integer scale",
                       rs->id ? rs->id : "", v);
            for (size_t k = 0; k + 1 < nl; k++)
                if (rs->labels[k].value == l->value)
                    report(ld, xml_line(c),
                           "response-scale '%s': value %s is labelled twice",
                           rs->id ? rs->id : "", v);
        } else {
            if (l->value >= rs->min && l->value <= rs->max)
                report(ld, xml_line(c),
                       "response-scale '%s': missing code %s lies inside "
                       "%s..%s, where it would be read as an answer",
                       rs->id ? rs->id : "", v, a, b);
            for (size_t k = 0; k + 1 < nm; k++)
                if (rs->missing[k].value == l->value)
                    report(ld, xml_line(c),
                           "response-scale '%s': missing code %s is declared "
                           "twice",
                           rs->id ? rs->id : "", v);
        }
    }
    return oom ? -1 : 0;
}

static inst_role role_from(const xmlChar *s)
{
    static const struct { const char *name; inst_role role; } roles[] = {
        { "self", ROLE_SELF },
        { "manager", ROLE_MANAGER },
        { "peer", ROLE_PEER },
        { "direct_report", ROLE_DIRECT_REPORT },
    };
    for (size_t i = 0; s && i < sizeof roles / sizeof roles[0]; i++)
        if (xmlStrcmp(s, BAD_CAST roles[i].name) == 0)
            return roles[i].role;
    return ROLE_OTHER;
}

static int build_groups(loader *ld, xmlNodePtr node)
{
    assess_instrument *inst = ld->inst;
    unsigned long *lines = NULL, self_line = 0;
    size_t n = node ? count_children(node, "group") : 0;
    int oom = 0;

    if (n == 0) {
        /* No rater groups: every rater is in one group, "all". */
        inst->groups = arena_alloc(&inst->arena, sizeof *inst->groups);
        if (!inst->groups)
            return -1;
        inst->groups[0].id = "all";
        inst->groups[0].label = "All raters";
        inst->groups[0].role = ROLE_OTHER;
        inst->groups[0].minimum = 1;
        inst->groups[0].comment_minimum = 1;
        inst->n_groups = 1;
        inst->implicit_group = 1;
        return 0;
    }
    inst->groups = arena_alloc(&inst->arena, n * sizeof *inst->groups);
    lines = calloc(n, sizeof *lines);
    if (!inst->groups || !lines) {
        free(lines);
        return -1;
    }
    for (xmlNodePtr c = node->children; c; c = c->next) {
        inst_group *g;
        xmlChar *role;
        double minimum;
        if (!is_element(c, "group"))
            continue;
        g = &inst->groups[inst->n_groups];
        lines[inst->n_groups] = xml_line(c);
        g->id = attr(inst, c, "id", &oom);
        g->label = node_text(inst, c);
        if (!g->label)
            oom = 1;
        role = xmlGetNoNsProp(c, BAD_CAST "role");
        g->role = role_from(role);
        xmlFree(role);
        attr_number(ld, c, "minimum", 3, &minimum);
        g->minimum = minimum >= 1 && minimum <= 1e9 ? (unsigned)minimum : 3;
        if (attr_number(ld, c, "comment-minimum", g->minimum, &minimum) == 1 &&
            minimum >= 1 && minimum <= 1e9)
            g->comment_minimum = (unsigned)minimum;
        else
            g->comment_minimum = g->minimum;
        if (g->id) {
            size_t first = FIND_ID(inst->groups, inst->n_groups, g->id);
            if (first != SIZE_MAX)
                report(ld, xml_line(c),
                       "rater group id '%s' is already defined on line %lu",
                       g->id, lines[first]);
            if (strcmp(g->id, "others") == 0 || strcmp(g->id, "all") == 0)
                report(ld, xml_line(c),
                       "rater group id '%s' is reserved for the aggregate of "
                       "groups", g->id);
        }
        if (g->role == ROLE_SELF) {
            if (self_line)
                report(ld, xml_line(c),
                       "a second group with role=\"self\" (the first is on "
                       "line %lu)", self_line);
            else
                self_line = xml_line(c);
        }
        inst->n_groups++;
    }
    free(lines);
    return oom ? -1 : 0;
}

/* Pass over scales: counts, then items and parts. */
static int build_scales(loader *ld, xmlNodePtr root)
{
    assess_instrument *inst = ld->inst;
    size_t n_scales = count_children(root, "scale"), n_items = 0;
    int oom = 0;

    for (xmlNodePtr s = root->children; s; s = s->next)
        if (is_element(s, "scale"))
            n_items += count_children(s, "item");
    inst->scales = calloc(n_scales ? n_scales : 1, sizeof *inst->scales);
    inst->items = calloc(n_items ? n_items : 1, sizeof *inst->items);
    ld->scale_line = calloc(n_scales ? n_scales : 1, sizeof *ld->scale_line);
    ld->item_line = calloc(n_items ? n_items : 1, sizeof *ld->item_line);
    if (!inst->scales || !inst->items || !ld->scale_line || !ld->item_line)
        return -1;

    for (xmlNodePtr s = root->children; s; s = s->next) {
        inst_scale *sc;
        const char *scale_rs;
        double v;
        xmlChar *scoring;
        if (!is_element(s, "scale"))
            continue;
        sc = &inst->scales[inst->n_scales];
        ld->scale_line[inst->n_scales] = xml_line(s);
        sc->id = attr(inst, s, "id", &oom);
        sc->title = node_text(inst, first_child(s, "title"));
        sc->description = node_text(inst, first_child(s, "description"));
        if (!sc->title || !sc->description)
            return -1;
        if (sc->id) {
            size_t first = FIND_ID(inst->scales, inst->n_scales, sc->id);
            if (first != SIZE_MAX)
                report(ld, xml_line(s),
                       "scale id '%s' is already defined on line %lu",
                       sc->id, ld->scale_line[first]);
        }
        if (attr_number(ld, s, "reliability", 0, &v) == 1) {
            sc->has_reliability = 1;
            sc->reliability = v;
        }
        scoring = xmlGetNoNsProp(s, BAD_CAST "scoring");
        sc->scoring = scoring && xmlStrcmp(scoring, BAD_CAST "sum") == 0
                          ? SCORING_SUM : SCORING_MEAN;
        xmlFree(scoring);
        xmlChar *better = xmlGetNoNsProp(s, BAD_CAST "better");
        sc->lower_is_better = better && xmlStrcmp(better, BAD_CAST "lower") == 0;
        xmlFree(better);
        sc->prorate = attr_bool(s, "prorate");
        scale_rs = attr(inst, s, "response-scale", &oom);

        sc->first_item = (uint32_t)inst->n_items;
        sc->n_parts = (uint32_t)count_children(s, "part");
        if (sc->n_parts) {
            sc->parts = arena_alloc(&inst->arena, sc->n_parts * sizeof *sc->parts);
            if (!sc->parts)
                return -1;
        }
        uint32_t np = 0;
        for (xmlNodePtr c = s->children; c; c = c->next) {
            if (is_element(c, "part")) {
                sc->parts[np++] = UINT32_MAX; /* see resolve_parts() */
                continue;
            }
            if (!is_element(c, "item"))
                continue;
            inst_item *it = &inst->items[inst->n_items];
            const char *ref;
            size_t k;
            ld->item_line[inst->n_items] = xml_line(c);
            it->id = attr(inst, c, "id", &oom);
            it->text = node_text(inst, c);
            if (!it->text)
                return -1;
            it->scale = (uint32_t)inst->n_scales;
            it->reverse = attr_bool(c, "reverse");
            ref = attr(inst, c, "response-scale", &oom);
            if (!ref)
                ref = scale_rs;
            if (!ref && inst->n_response_scales == 1)
                ref = inst->response_scales[0].id;
            k = FIND_ID(inst->response_scales, inst->n_response_scales, ref);
            it->response_scale = k == SIZE_MAX ? 0 : (uint32_t)k;
            if (!ref)
                report(ld, xml_line(c),
                       "item '%s' names no response-scale, and the "
                       "instrument defines %zu",
                       it->id ? it->id : "", inst->n_response_scales);
            else if (k == SIZE_MAX)
                report(ld, xml_line(c),
                       "item '%s': response-scale '%s' is not defined",
                       it->id ? it->id : "", ref);
            if (it->id) {
                int added = 0;
                uint32_t first = strtab_intern(&inst->item_ids, it->id,
                                               strlen(it->id), &added);
                if (first == STRTAB_NONE)
                    return -1;
                if (!added)
                    report(ld, xml_line(c),
                           "item id '%s' is already defined on line %lu",
                           it->id, ld->item_line[first]);
            }
            inst->n_items++;
        }
        sc->n_items = (uint32_t)(inst->n_items - sc->first_item);
        if (attr_number(ld, s, "min-answered", 0, &v) == 1) {
            unsigned long count = sc->n_items ? sc->n_items : sc->n_parts;
            sc->min_answered = (unsigned)count_or(v, 1);
            if (v > (double)count)
                report(ld, xml_line(s),
                       "scale '%s': min-answered %.15g exceeds its %lu %s",
                       sc->id ? sc->id : "", v, count,
                       sc->n_items ? "items" : "parts");
        } else {
            unsigned count = sc->n_items ? sc->n_items : sc->n_parts;
            sc->min_answered = (count + 1) / 2;
        }
        inst->n_scales++;
    }
    return oom ? -1 : 0;
}

/* Parts name scales, possibly defined later: resolve, then find cycles. */
static void resolve_parts(loader *ld, xmlNodePtr root)
{
    assess_instrument *inst = ld->inst;
    size_t si = 0;
    int oom = 0;

    for (xmlNodePtr s = root->children; s; s = s->next) {
        inst_scale *sc;
        uint32_t np = 0;
        if (!is_element(s, "scale"))
            continue;
        sc = &inst->scales[si];
        for (xmlNodePtr c = s->children; c; c = c->next) {
            const char *ref;
            size_t k;
            if (!is_element(c, "part"))
                continue;
            ref = attr(inst, c, "scale", &oom);
            k = FIND_ID(inst->scales, inst->n_scales, ref);
            if (k == SIZE_MAX) {
                if (ref)
                    report(ld, xml_line(c), "scale '%s': part '%s' is not a "
                           "defined scale", sc->id ? sc->id : "", ref);
            } else if (k == si) {
                report(ld, xml_line(c), "scale '%s' names itself as a part",
                       sc->id ? sc->id : "");
            } else {
                for (uint32_t q = 0; q < np; q++)
                    if (sc->parts[q] == k)
                        report(ld, xml_line(c), "scale '%s': part '%s' is "
                               "named twice", sc->id ? sc->id : "", ref);
                sc->parts[np] = (uint32_t)k;
            }
            np++;
        }
        si++;
    }
}

/*
 * 1 when a path of parts leads from `from` to `target`.  `seen` marks the
 * scales already searched, so each is searched once.
 */
static int leads_to(const assess_instrument *inst, uint32_t from,
                    uint32_t target, unsigned char *seen)
{
    for (uint32_t p = 0; p < inst->scales[from].n_parts; p++) {
        uint32_t part = inst->scales[from].parts[p];
        if (part == UINT32_MAX || part == from)
            continue; /* unresolved or self: reported already */
        if (part == target)
            return 1;
        if (seen[part])
            continue;
        seen[part] = 1;
        if (leads_to(inst, part, target, seen))
            return 1;
    }
    return 0;
}

/* Reports every scale that lies on a cycle of parts. */
static int check_cycles(loader *ld)
{
    assess_instrument *inst = ld->inst;
    unsigned char *seen = calloc(inst->n_scales ? inst->n_scales : 1, 1);
    if (!seen)
        return -1;
    for (size_t s = 0; s < inst->n_scales; s++) {
        memset(seen, 0, inst->n_scales);
        if (inst->scales[s].n_parts &&
            leads_to(inst, (uint32_t)s, (uint32_t)s, seen))
            report(ld, ld->scale_line[s],
                   "scale '%s' is built from parts that lead back to itself",
                   inst->scales[s].id ? inst->scales[s].id : "");
    }
    free(seen);
    return 0;
}

/*
 * The children `name` of <norms> into *out (*n_out of them): the norm
 * groups (`norm`), or Jacobson & Truax's populations (`functional-norm`,
 * `dysfunctional-norm`, each with its `population`), each checked as a
 * norm is: its scale and group defined, given once.
 */
static int build_norm_list(loader *ld, xmlNodePtr node, const char *name,
                           unsigned char population, inst_norm **out,
                           size_t *n_out)
{
    assess_instrument *inst = ld->inst;
    size_t n = node ? count_children(node, name) : 0;
    unsigned long *lines;
    unsigned char *valid; /* the norm's scale and group resolved */
    int oom = 0;

    *n_out = 0;
    if (n == 0)
        return 0;
    *out = arena_alloc(&inst->arena, n * sizeof **out);
    lines = calloc(n, sizeof *lines);
    valid = calloc(n, 1);
    if (!*out || !lines || !valid) {
        free(lines);
        free(valid);
        return -1;
    }
    for (xmlNodePtr c = node->children; c; c = c->next) {
        inst_norm *nm;
        const char *scale, *group;
        size_t k;
        int resolved;
        double count;
        if (!is_element(c, name))
            continue;
        nm = &(*out)[*n_out];
        nm->population = population;
        lines[*n_out] = xml_line(c);
        scale = attr(inst, c, "scale", &oom);
        group = attr(inst, c, "group", &oom);
        attr_number(ld, c, "mean", 0, &nm->mean);
        attr_number(ld, c, "sd", 1, &nm->sd);
        attr_number(ld, c, "n", 1, &count);
        nm->n = (unsigned long)count_or(count, 1);
        nm->source = node_text(inst, c);
        if (!nm->source)
            oom = 1;
        k = FIND_ID(inst->scales, inst->n_scales, scale);
        nm->scale = k == SIZE_MAX ? 0 : (uint32_t)k;
        resolved = k != SIZE_MAX;
        if (scale && k == SIZE_MAX)
            report(ld, xml_line(c), "%s: scale '%s' is not defined", name, scale);
        nm->group = NORM_ANY_GROUP;
        if (group) {
            size_t g = inst->implicit_group
                           ? SIZE_MAX
                           : FIND_ID(inst->groups, inst->n_groups, group);
            if (g == SIZE_MAX) {
                report(ld, xml_line(c), "%s: rater group '%s' is not defined",
                       name, group);
                resolved = 0;
            } else {
                nm->group = (uint32_t)g;
            }
        }
        valid[*n_out] = (unsigned char)resolved;
        for (size_t q = 0; resolved && q < *n_out; q++)
            if (valid[q] && (*out)[q].scale == nm->scale &&
                (*out)[q].group == nm->group)
                report(ld, xml_line(c),
                       "%s for scale '%s'%s%s%s is already given on line %lu",
                       name, scale, group ? " and group '" : "",
                       group ? group : "", group ? "'" : "", lines[q]);
        (*n_out)++;
    }
    free(lines);
    free(valid);
    return oom ? -1 : 0;
}

static int build_norms(loader *ld, xmlNodePtr node)
{
    assess_instrument *inst = ld->inst;
    if (build_norm_list(ld, node, "norm", NORM_GENERAL, &inst->norms,
                        &inst->n_norms) < 0 ||
        build_norm_list(ld, node, "functional-norm", NORM_FUNCTIONAL,
                        &inst->functional_norms, &inst->n_functional_norms) < 0 ||
        build_norm_list(ld, node, "dysfunctional-norm", NORM_DYSFUNCTIONAL,
                        &inst->dysfunctional_norms,
                        &inst->n_dysfunctional_norms) < 0)
        return -1;
    return 0;
}

/* The open-ended questions: ids unique among questions and items. */
static int build_questions(loader *ld, xmlNodePtr root)
{
    assess_instrument *inst = ld->inst;
    size_t n = count_children(root, "question");
    unsigned long *lines = NULL;
    int oom = 0;

    if (n == 0)
        return 0;
    inst->questions = arena_alloc(&inst->arena, n * sizeof *inst->questions);
    lines = calloc(n, sizeof *lines);
    if (!inst->questions || !lines) {
        free(lines);
        return -1;
    }
    for (xmlNodePtr c = root->children; c; c = c->next) {
        inst_question *q;
        if (!is_element(c, "question"))
            continue;
        q = &inst->questions[inst->n_questions];
        lines[inst->n_questions] = xml_line(c);
        q->id = attr(inst, c, "id", &oom);
        q->text = node_text(inst, c);
        if (!q->text)
            oom = 1;
        if (!q->id)
            q->id = "";
        if (*q->id) {
            uint32_t item = instrument_find_item(inst, q->id, strlen(q->id));
            size_t first = FIND_ID(inst->questions, inst->n_questions, q->id);
            if (first != SIZE_MAX)
                report(ld, xml_line(c),
                       "question id '%s' is already defined on line %lu",
                       q->id, lines[first]);
            else if (item != STRTAB_NONE)
                report(ld, xml_line(c),
                       "question id '%s' is the id of the item on line %lu "
                       "(a question needs an id of its own)",
                       q->id, ld->item_line[item]);
        }
        inst->n_questions++;
    }
    free(lines);
    return oom ? -1 : 0;
}

static int build(loader *ld, xmlDocPtr doc)
{
    assess_instrument *inst = ld->inst;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    unsigned long *rs_lines = NULL;
    xmlChar *kind;
    int oom = 0, rc = -1;
    size_t n_rs;

    if (!root || !is_element(root, "instrument")) {
        if (!ld->xr.schema_errors)
            report(ld, root ? xml_line(root) : 0,
                   "the root element is not <instrument>");
        return 0;
    }
    inst->id = attr(inst, root, "id", &oom);
    inst->version = attr(inst, root, "version", &oom);
    inst->title = node_text(inst, first_child(root, "title"));
    inst->description = node_text(inst, first_child(root, "description"));
    kind = xmlGetNoNsProp(root, BAD_CAST "kind");
    inst->kind = kind && xmlStrcmp(kind, BAD_CAST "strengths") == 0
                     ? ASSESS_KIND_STRENGTHS : ASSESS_KIND_360;
    xmlFree(kind);
    if (oom || !inst->title || !inst->description)
        goto out;

    n_rs = count_children(root, "response-scale");
    inst->response_scales = calloc(n_rs ? n_rs : 1, sizeof *inst->response_scales);
    rs_lines = calloc(n_rs ? n_rs : 1, sizeof *rs_lines);
    if (!inst->response_scales || !rs_lines)
        goto out;
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (!is_element(c, "response-scale"))
            continue;
        if (build_response_scale(ld, c, &inst->response_scales[inst->n_response_scales],
                                 rs_lines, inst->n_response_scales) < 0)
            goto out;
        inst->n_response_scales++;
    }
    if (build_groups(ld, first_child(root, "rater-groups")) < 0)
        goto out;
    if (build_scales(ld, root) < 0)
        goto out;
    resolve_parts(ld, root);
    if (check_cycles(ld) < 0)
        goto out;
    if (build_questions(ld, root) < 0)
        goto out;
    if (build_norms(ld, first_child(root, "norms")) < 0)
        goto out;
    rc = 0;
out:
    free(rs_lines);
    return rc;
}

/* ---- Entry points ------------------------------------------------------- */

assess_instrument *assess_instrument_load_memory(const char *data, size_t len,
                                                 const char *name,
                                                 assess_diag_fn diag,
                                                 void *userdata,
                                                 assess_error *err)
{
    loader ld = { 0 };
    xmlDocPtr doc = NULL;
    assess_instrument *inst = NULL;

    ld.name = name ? name : "instrument";
    ld.sink.fn = diag;
    ld.sink.userdata = userdata;
    xml_reader_init(&ld);

    if (len > INSTRUMENT_MAX_BYTES) {
        error_set(err, ASSESS_ELIMIT, ld.name, 0,
                  "instrument is larger than %u MiB",
                  INSTRUMENT_MAX_BYTES / (1024 * 1024));
        return NULL;
    }
    xml_begin(&ld.xr);
    doc = xml_parse(&ld.xr, data, len);
    if (!doc) {
        error_set(err, ld.n_problems ? ASSESS_EINSTRUMENT : ASSESS_ENOMEM,
                  ld.name, 0, "%zu problem%s in instrument", ld.n_problems,
                  ld.n_problems == 1 ? "" : "s");
        goto out;
    }
    switch (xml_validate(&ld.xr, doc, assess_instrument_xsd,
                         assess_instrument_xsd_len, "instrument.xsd")) {
    case -2:
        error_set(err, ASSESS_EINSTRUMENT, NULL, 0,
                  "the embedded instrument schema does not load");
        goto out;
    case -1:
        if (ld.n_problems == 0)
            goto out; /* out of memory: err is as it was */
        break;
    }

    inst = calloc(1, sizeof *inst);
    if (!inst) {
        error_set(err, ASSESS_ENOMEM, ld.name, 0, "out of memory");
        goto out;
    }
    arena_init(&inst->arena);
    strtab_init(&inst->item_ids, &inst->arena);
    ld.inst = inst;
    if (build(&ld, doc) < 0) {
        error_set(err, ASSESS_ENOMEM, ld.name, 0, "out of memory");
        assess_instrument_free(inst);
        inst = NULL;
        goto out;
    }
    if (ld.n_problems) {
        error_set(err, ASSESS_EINSTRUMENT, ld.name, 0,
                  "%zu problem%s in instrument", ld.n_problems,
                  ld.n_problems == 1 ? "" : "s");
        assess_instrument_free(inst);
        inst = NULL;
    }
out:
    xml_end(&ld.xr);
    flush_problems(&ld);
    free(ld.item_line);
    free(ld.scale_line);
    xmlFreeDoc(doc);
    return inst;
}

assess_instrument *assess_instrument_load(const char *path,
                                          assess_diag_fn diag, void *userdata,
                                          assess_error *err)
{
    char *data = NULL;
    size_t len = 0;
    assess_instrument *inst = NULL;

    if (xml_read_file(path, "instrument", &data, &len, err) == ASSESS_OK)
        inst = assess_instrument_load_memory(data, len, path, diag, userdata,
                                             err);
    free(data);
    return inst;
}

int instrument_file_id(const char *path, char *id, size_t size)
{
    loader ld = { 0 };
    char *data = NULL;
    size_t len = 0;
    xmlDocPtr doc = NULL;
    xmlNodePtr root;
    int rc = -1;

    if (xml_read_file(path, "instrument", &data, &len, NULL) != ASSESS_OK)
        return -1;
    ld.name = path;
    xml_reader_init(&ld);
    xml_begin(&ld.xr);
    doc = xml_parse(&ld.xr, data, len);
    xml_end(&ld.xr);
    flush_problems(&ld); /* to no one: the sink has no function */
    root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (root && is_element(root, "instrument")) {
        xmlChar *v = xmlGetProp(root, (const xmlChar *)"id");
        if (v && strlen((const char *)v) < size) {
            strcpy(id, (const char *)v);
            rc = 0;
        }
        xmlFree(v);
    }
    xmlFreeDoc(doc);
    free(data);
    return rc;
}
