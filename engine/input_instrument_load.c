/*
 * input_instrument_load.c - reading an instrument definition (XML) into an
 * assess_instrument.  The only file that includes libxml2.
 *
 * Three passes, each reporting every problem it finds:
 *   1. parse, refusing any DOCTYPE (so no entity, no external subset, no
 *      DTD is ever loaded) and never touching the network;
 *   2. validate against the embedded instruments/instrument.xsd;
 *   3. build the instrument and check what the schema cannot say: ids
 *      unique, references resolved, ranges sane, composites acyclic.
 * The libxml2 document is freed as soon as loading ends; the instrument
 * keeps its strings in its own arena.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "base_error.h"
#include "input_instrument.h"
#include "base_number.h"
#include "base_utf8.h"

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
    int schema_errors;  /* conversions after a schema error stay quiet */
    int doctype;        /* a DOCTYPE was seen and the parse stopped */
    char last_stray[256]; /* libxml2 raises some of those twice */
    assess_instrument *inst;
    /* source lines of entities, for "first defined on line N" */
    unsigned long *item_line, *scale_line;
} loader;

static void report(loader *ld, unsigned long line, const char *fmt, ...)
    PRINTF_LIKE(3, 4);

/* The longest message a problem keeps, in bytes. */
#define PROBLEM_MAX 767

/*
 * A problem is shown as one line of text (file:line: message), whatever
 * libxml2's message or the document held: runs of white space and control
 * characters become one space, and bytes that are not UTF-8 (a sequence
 * cut by a full buffer among them) are shown as \xNN.  At most
 * PROBLEM_MAX bytes, cut between characters.  Returns a malloc'd string,
 * NULL when out of memory.
 */
static char *one_line(const char *s)
{
    static const char hex[] = "0123456789abcdef";
    size_t len = strlen(s), o = 0;
    char *out = malloc(PROBLEM_MAX + 1);
    int space = 0;

    if (!out)
        return NULL;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        size_t n = c >= 0x80 ? utf8_sequence((const unsigned char *)s + i,
                                             len - i) : 1;
        if (c < 0x20 || c == 0x7f || c == ' ') {
            space = o > 0;
            i++;
            continue;
        }
        if (o + (size_t)space + (n ? n : 4) > PROBLEM_MAX)
            break;
        if (space)
            out[o++] = ' ';
        space = 0;
        if (n == 0) {
            out[o++] = '\\';
            out[o++] = 'x';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
            i++;
            continue;
        }
        memcpy(out + o, s + i, n);
        o += n;
        i += n;
    }
    out[o] = '\0';
    return out;
}

static void report(loader *ld, unsigned long line, const char *fmt, ...)
{
    char msg[768];
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
    p->message = one_line(msg);
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

/*
 * libxml2 keeps an element's line in 16 bits; past 65535 its guess can be
 * off.  on_start_element() keeps the true line in the node's _private.
 */
static unsigned long line_of(xmlNodePtr n)
{
    long line;
    if (n->type == XML_ELEMENT_NODE && n->_private)
        return (unsigned long)(uintptr_t)n->_private;
    line = xmlGetLineNo(n);
    return line > 0 ? (unsigned long)line : 0;
}

/*
 * libxml2's messages start with a capital and end with ".\n"; ours are
 * lowercase without a full stop.
 */
static void report_xml_error(loader *ld, const xmlError *e, unsigned long line)
{
    char msg[768];
    size_t n;

    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "XML error");
    n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '.' ||
                     msg[n - 1] == ' '))
        msg[--n] = '\0';
    if (msg[0] >= 'A' && msg[0] <= 'Z' && !(msg[1] >= 'A' && msg[1] <= 'Z'))
        msg[0] = (char)(msg[0] - 'A' + 'a');
    if (!line && e->line > 0)
        line = (unsigned long)e->line;
    report(ld, line, "%s", msg);
}

static void on_start_element(void *userdata, const xmlChar *localname,
                             const xmlChar *prefix, const xmlChar *uri,
                             int n_namespaces, const xmlChar **namespaces,
                             int n_attributes, int n_defaulted,
                             const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = userdata;
    xmlSAX2StartElementNs(ctxt, localname, prefix, uri, n_namespaces,
                          namespaces, n_attributes, n_defaulted, attributes);
    if (ctxt->node && ctxt->input && ctxt->input->line > 0)
        ctxt->node->_private = (void *)(uintptr_t)ctxt->input->line;
}

static void on_parse_error(void *userdata, xmlErrorPtr e)
{
    xmlParserCtxtPtr ctxt = userdata;
    loader *ld = ctxt->_private;
    /* The stop we asked for is not a problem of its own. */
    if (ld->doctype && e->code == XML_ERR_USER_STOP)
        return;
    report_xml_error(ld, e, 0);
}

static void on_schema_error(void *userdata, xmlErrorPtr e)
{
    loader *ld = userdata;
    ld->schema_errors++;
    /* Schema errors name the element: take its true line. */
    report_xml_error(ld, e, e->node ? line_of(e->node) : 0);
}

/*
 * What libxml2 raises outside a parser's context (a failed encoding
 * conversion, an I/O error) goes to its global handlers, which print to
 * standard error.  While loading they are these two: the errors become
 * problems of the document, the rest is dropped.
 */
static void on_stray_error(void *userdata, xmlErrorPtr e)
{
    loader *ld = userdata;
    const char *msg = e->message ? e->message : "";

    if (e->level < XML_ERR_ERROR ||
        strncmp(msg, ld->last_stray, sizeof ld->last_stray - 1) == 0)
        return;
    snprintf(ld->last_stray, sizeof ld->last_stray, "%s", msg);
    report_xml_error(ld, e, 0);
}

static void on_stray_generic(void *userdata, const char *fmt, ...)
{
    (void)userdata;
    (void)fmt;
}

static void on_internal_error(void *userdata, xmlErrorPtr e)
{
    (void)userdata;
    (void)e; /* problems of the embedded schema itself: caught by tests */
}

/*
 * SAX hook for <!DOCTYPE ...>: called before the internal subset is read,
 * so no entity or external DTD declared there is ever processed.
 */
static void on_doctype(void *userdata, const xmlChar *name,
                       const xmlChar *external_id, const xmlChar *system_id)
{
    xmlParserCtxtPtr ctxt = userdata;
    loader *ld = ctxt->_private;
    (void)name;
    (void)external_id;
    (void)system_id;
    ld->doctype = 1;
    report(ld, (unsigned long)xmlSAX2GetLineNumber(ctxt),
           "DOCTYPE declarations are not allowed in an instrument "
           "(no DTD, no entities)");
    xmlStopParser(ctxt);
}

static xmlDocPtr parse(loader *ld, const char *data, size_t len)
{
    xmlParserCtxtPtr ctxt = NULL;
    xmlDocPtr doc = NULL;

    if (len > INT32_MAX)
        return NULL;
    ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return NULL;
    ctxt->_private = ld;
    ctxt->sax->internalSubset = on_doctype;
    ctxt->sax->startElementNs = on_start_element;
    ctxt->sax->serror = on_parse_error;
    ctxt->vctxt.error = NULL;
    ctxt->vctxt.warning = NULL;
    doc = xmlCtxtReadMemory(ctxt, data, (int)len, ld->name, NULL,
                            XML_PARSE_NONET | XML_PARSE_BIG_LINES |
                                XML_PARSE_NOWARNING);
    if (doc && (ld->doctype || !ctxt->wellFormed)) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    if (!doc && ld->n_problems == 0)
        report(ld, 0, "not a well-formed XML document");
    xmlFreeParserCtxt(ctxt);
    return doc;
}

/* 0 when the document matches the schema; problems reported. */
static int validate(loader *ld, xmlDocPtr doc, assess_error *err)
{
    xmlSchemaParserCtxtPtr pctxt = NULL;
    xmlSchemaPtr schema = NULL;
    xmlSchemaValidCtxtPtr vctxt = NULL;
    int rc = -1;

    pctxt = xmlSchemaNewMemParserCtxt((const char *)assess_instrument_xsd,
                                      (int)assess_instrument_xsd_len);
    if (!pctxt)
        goto out;
    xmlSchemaSetParserStructuredErrors(pctxt, on_internal_error, NULL);
    schema = xmlSchemaParse(pctxt);
    if (!schema) {
        error_set(err, ASSESS_EINSTRUMENT, NULL, 0,
                  "the embedded instrument schema does not load");
        goto out;
    }
    vctxt = xmlSchemaNewValidCtxt(schema);
    if (!vctxt)
        goto out;
    xmlSchemaSetValidStructuredErrors(vctxt, on_schema_error, ld);
    rc = xmlSchemaValidateDoc(vctxt, doc) == 0 ? 0 : -1;
    if (rc != 0 && ld->schema_errors == 0)
        report(ld, 0, "the document does not match instrument.xsd");
out:
    xmlSchemaFreeValidCtxt(vctxt);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pctxt);
    return rc;
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
        if (!ld->schema_errors)
            report(ld, line_of(n), "attribute '%s': '%s' is not a number",
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
    lines[index] = line_of(node);
    attr_number(ld, node, "min", 0, &rs->min);
    attr_number(ld, node, "max", 0, &rs->max);
    type = xmlGetNoNsProp(node, BAD_CAST "type");
    rs->continuous = type && xmlStrcmp(type, BAD_CAST "continuous") == 0;
    xmlFree(type);

    if (rs->id) {
        size_t first = FIND_ID(inst->response_scales, index, rs->id);
        if (first != SIZE_MAX)
            report(ld, line_of(node),
                   "response-scale id '%s' is already defined on line %lu",
                   rs->id, lines[first]);
    }
    fmt_number(a, sizeof a, rs->min);
    fmt_number(b, sizeof b, rs->max);
    if (!(rs->min < rs->max))
        report(ld, line_of(node),
               "response-scale '%s': min %s is not below max %s",
               rs->id ? rs->id : "", a, b);
    if (!rs->continuous &&
        (!number_is_whole(rs->min) || !number_is_whole(rs->max)))
        report(ld, line_of(node),
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
                report(ld, line_of(c),
                       "response-scale '%s': label value %s is outside %s..%s",
                       rs->id ? rs->id : "", v, a, b);
            else if (!rs->continuous && !number_is_whole(l->value))
                report(ld, line_of(c),
                       "response-scale '%s': label value %s is not a whole "
                       "number on an integer scale",
                       rs->id ? rs->id : "", v);
            for (size_t k = 0; k + 1 < nl; k++)
                if (rs->labels[k].value == l->value)
                    report(ld, line_of(c),
                           "response-scale '%s': value %s is labelled twice",
                           rs->id ? rs->id : "", v);
        } else {
            if (l->value >= rs->min && l->value <= rs->max)
                report(ld, line_of(c),
                       "response-scale '%s': missing code %s lies inside "
                       "%s..%s, where it would be read as an answer",
                       rs->id ? rs->id : "", v, a, b);
            for (size_t k = 0; k + 1 < nm; k++)
                if (rs->missing[k].value == l->value)
                    report(ld, line_of(c),
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
        lines[inst->n_groups] = line_of(c);
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
                report(ld, line_of(c),
                       "rater group id '%s' is already defined on line %lu",
                       g->id, lines[first]);
            if (strcmp(g->id, "others") == 0 || strcmp(g->id, "all") == 0)
                report(ld, line_of(c),
                       "rater group id '%s' is reserved for the aggregate of "
                       "groups", g->id);
        }
        if (g->role == ROLE_SELF) {
            if (self_line)
                report(ld, line_of(c),
                       "a second group with role=\"self\" (the first is on "
                       "line %lu)", self_line);
            else
                self_line = line_of(c);
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
        ld->scale_line[inst->n_scales] = line_of(s);
        sc->id = attr(inst, s, "id", &oom);
        sc->title = node_text(inst, first_child(s, "title"));
        sc->description = node_text(inst, first_child(s, "description"));
        if (!sc->title || !sc->description)
            return -1;
        if (sc->id) {
            size_t first = FIND_ID(inst->scales, inst->n_scales, sc->id);
            if (first != SIZE_MAX)
                report(ld, line_of(s),
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
            ld->item_line[inst->n_items] = line_of(c);
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
                report(ld, line_of(c),
                       "item '%s' names no response-scale, and the "
                       "instrument defines %zu",
                       it->id ? it->id : "", inst->n_response_scales);
            else if (k == SIZE_MAX)
                report(ld, line_of(c),
                       "item '%s': response-scale '%s' is not defined",
                       it->id ? it->id : "", ref);
            if (it->id) {
                int added = 0;
                uint32_t first = strtab_intern(&inst->item_ids, it->id,
                                               strlen(it->id), &added);
                if (first == STRTAB_NONE)
                    return -1;
                if (!added)
                    report(ld, line_of(c),
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
                report(ld, line_of(s),
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
                    report(ld, line_of(c), "scale '%s': part '%s' is not a "
                           "defined scale", sc->id ? sc->id : "", ref);
            } else if (k == si) {
                report(ld, line_of(c), "scale '%s' names itself as a part",
                       sc->id ? sc->id : "");
            } else {
                for (uint32_t q = 0; q < np; q++)
                    if (sc->parts[q] == k)
                        report(ld, line_of(c), "scale '%s': part '%s' is "
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
        lines[*n_out] = line_of(c);
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
            report(ld, line_of(c), "%s: scale '%s' is not defined", name, scale);
        nm->group = NORM_ANY_GROUP;
        if (group) {
            size_t g = inst->implicit_group
                           ? SIZE_MAX
                           : FIND_ID(inst->groups, inst->n_groups, group);
            if (g == SIZE_MAX) {
                report(ld, line_of(c), "%s: rater group '%s' is not defined",
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
                report(ld, line_of(c),
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
        lines[inst->n_questions] = line_of(c);
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
                report(ld, line_of(c),
                       "question id '%s' is already defined on line %lu",
                       q->id, lines[first]);
            else if (item != STRTAB_NONE)
                report(ld, line_of(c),
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
        if (!ld->schema_errors)
            report(ld, root ? line_of(root) : 0,
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
    xmlStructuredErrorFunc saved_serror = NULL;
    xmlGenericErrorFunc saved_generic = NULL;
    void *saved_sctx = NULL, *saved_gctx = NULL;
    locale_t c_locale, saved_locale = (locale_t)0;
    int valid;

    ld.name = name ? name : "instrument";
    ld.sink.fn = diag;
    ld.sink.userdata = userdata;

    if (len > INSTRUMENT_MAX_BYTES) {
        error_set(err, ASSESS_ELIMIT, ld.name, 0,
                  "instrument is larger than %u MiB",
                  INSTRUMENT_MAX_BYTES / (1024 * 1024));
        return NULL;
    }
    xmlInitParser();
    /* libxml2 reads the schema's xs:double values with the C library's
     * strtod: in a host program whose locale has a decimal comma, "0.86"
     * would read as 0 and fail the schema.  The thread takes the "C"
     * locale while it loads. */
    c_locale = number_c_locale();
    if (c_locale != (locale_t)0)
        saved_locale = uselocale(c_locale);
    /* libxml2 keeps its handlers per thread: set and restored here. */
    saved_serror = xmlStructuredError;
    saved_sctx = xmlStructuredErrorContext;
    saved_generic = xmlGenericError;
    saved_gctx = xmlGenericErrorContext;
    xmlSetStructuredErrorFunc(&ld, on_stray_error);
    xmlSetGenericErrorFunc(NULL, on_stray_generic);
    doc = parse(&ld, data, len);
    if (!doc) {
        error_set(err, ld.n_problems ? ASSESS_EINSTRUMENT : ASSESS_ENOMEM,
                  ld.name, 0, "%zu problem%s in instrument", ld.n_problems,
                  ld.n_problems == 1 ? "" : "s");
        goto out;
    }
    valid = validate(&ld, doc, err) == 0;
    if (!valid && ld.n_problems == 0)
        goto out; /* the schema itself failed to load: err is set */

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
    xmlSetStructuredErrorFunc(saved_sctx, saved_serror);
    xmlSetGenericErrorFunc(saved_gctx, saved_generic);
    if (saved_locale != (locale_t)0)
        uselocale(saved_locale);
    flush_problems(&ld);
    free(ld.item_line);
    free(ld.scale_line);
    xmlFreeDoc(doc);
    return inst;
}

/*
 * The bytes of file `path`, up to INSTRUMENT_MAX_BYTES, into *data (the
 * caller frees it) and *len: ASSESS_OK, or a status with err set.
 */
static assess_status read_whole(const char *path, char **data, size_t *len,
                                assess_error *err)
{
    FILE *f = NULL;
    size_t cap = 0;
    assess_status st = ASSESS_OK;

    *data = NULL;
    *len = 0;
    f = fopen(path, "rb");
    if (!f)
        return error_set(err, ASSESS_EIO, path, 0, "cannot open: %s",
                         strerror(errno));
    /* Read at most one byte past the limit: enough to know it is passed. */
    for (;;) {
        size_t got;
        if (*len == cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            char *p;
            if (ncap > INSTRUMENT_MAX_BYTES + 1)
                ncap = INSTRUMENT_MAX_BYTES + 1;
            if (ncap == cap) {
                st = error_set(err, ASSESS_ELIMIT, path, 0,
                               "instrument is larger than %u MiB",
                               INSTRUMENT_MAX_BYTES / (1024 * 1024));
                goto out;
            }
            p = realloc(*data, ncap);
            if (!p) {
                st = error_set(err, ASSESS_ENOMEM, path, 0, "out of memory");
                goto out;
            }
            *data = p;
            cap = ncap;
        }
        got = fread(*data + *len, 1, cap - *len, f);
        *len += got;
        if (got == 0) {
            if (ferror(f))
                st = error_set(err, ASSESS_EIO, path, 0, "cannot read: %s",
                               strerror(errno));
            break;
        }
    }
out:
    fclose(f);
    if (st != ASSESS_OK) {
        free(*data);
        *data = NULL;
        *len = 0;
    }
    return st;
}

assess_instrument *assess_instrument_load(const char *path,
                                          assess_diag_fn diag, void *userdata,
                                          assess_error *err)
{
    char *data = NULL;
    size_t len = 0;
    assess_instrument *inst = NULL;

    if (read_whole(path, &data, &len, err) == ASSESS_OK)
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
    xmlStructuredErrorFunc saved_serror;
    xmlGenericErrorFunc saved_generic;
    void *saved_sctx, *saved_gctx;
    int rc = -1;

    if (read_whole(path, &data, &len, NULL) != ASSESS_OK)
        return -1;
    ld.name = path;
    xmlInitParser();
    saved_serror = xmlStructuredError;
    saved_sctx = xmlStructuredErrorContext;
    saved_generic = xmlGenericError;
    saved_gctx = xmlGenericErrorContext;
    xmlSetStructuredErrorFunc(&ld, on_stray_error);
    xmlSetGenericErrorFunc(NULL, on_stray_generic);
    doc = parse(&ld, data, len);
    xmlSetStructuredErrorFunc(saved_sctx, saved_serror);
    xmlSetGenericErrorFunc(saved_gctx, saved_generic);
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
