/*
 * input_source.c - reading a source map (XML) into an assess_source.
 *
 * A source map is XML checked against a schema (instruments/source.xsd,
 * embedded at build time), whose problems are reported with their lines.
 * It is read with the instrument loader's care (input_xml.c), for a map
 * may come from anyone: a DOCTYPE is refused before anything in it is
 * read (no entity, no DTD), the network is never touched, files over 16
 * MiB are refused.
 * Then what the schema cannot say is checked against the instrument: the
 * map is for it, what a column is read as is a standard column or one of
 * its items, an alias names one of its groups, a code is a number, each
 * column, answer and alias is named once.  Every problem is reported,
 * then NULL returned; the document is freed as soon as loading ends.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "base_error.h"
#include "base_number.h"
#include "input_decode.h"
#include "input_instrument.h"
#include "input_source.h"
#include "input_xml.h"

/* Generated from instruments/source.xsd by the Makefile. */
extern const unsigned char assess_source_xsd[];
extern const size_t assess_source_xsd_len;

typedef struct loader {
    const char *name;
    diag_sink sink;
    size_t problems;
    xml_reader xr;
    assess_source *src;
} loader;

static void report(loader *ld, unsigned long line, const char *fmt, ...)
    PRINTF_LIKE(3, 4);

static void report(loader *ld, unsigned long line, const char *fmt, ...)
{
    char msg[768], one[768];
    va_list ap;

    ld->problems++;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* One printable line, whatever libxml2 or the document held. */
    diag_emit(&ld->sink, ASSESS_ERROR, ld->name, line, ASSESS_REJECT_NONE,
              "%s", one_line_text(one, sizeof one, msg));
}

/* A problem of the document, as input_xml.c finds them. */
static void xml_problem(void *ctx, unsigned long line, const char *message)
{
    report(ctx, line, "%s", message);
}

/* ---- Building ------------------------------------------------------------- */

static int is_element(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST name) == 0;
}

/*
 * An attribute copied into the map's arena as it is (the texts of an
 * export are compared as they are, blanks at the ends aside), or NULL when
 * absent; *oom set when out of memory.
 */
static const char *attr(assess_source *src, xmlNodePtr n, const char *name,
                        int *oom)
{
    xmlChar *v = xmlGetNoNsProp(n, BAD_CAST name);
    const char *s, *p;
    size_t len;

    if (!v)
        return NULL;
    p = (const char *)v;
    len = strlen(p);
    while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
        len--;
    while (len && (*p == ' ' || *p == '\t'))
        p++, len--;
    s = arena_strndup(&src->arena, p, len);
    xmlFree(v);
    if (!s)
        *oom = 1;
    return s;
}

static unsigned long attr_count(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, BAD_CAST name);
    unsigned long c = v ? strtoul((const char *)v, NULL, 10) : 0;
    xmlFree(v);
    return c;
}

static const char *const standard_columns[] = {
    "subject_id", "rater_id", "rater_group", "wave", "item_id", "value", NULL
};

static int standard_column(const char *name)
{
    for (size_t i = 0; standard_columns[i]; i++)
        if (strcmp(name, standard_columns[i]) == 0)
            return 1;
    return 0;
}

static size_t count_elements(xmlNodePtr root, const char *name)
{
    size_t n = 0;
    for (xmlNodePtr c = root->children; c; c = c->next)
        n += is_element(c, name);
    return n;
}

static void *alloc_array(assess_source *src, size_t n, size_t size, int *oom)
{
    void *p = arena_alloc(&src->arena, (n ? n : 1) * size);
    if (!p)
        *oom = 1;
    else
        memset(p, 0, (n ? n : 1) * size);
    return p;
}

static void build_format(loader *ld, xmlNodePtr c, int *oom)
{
    assess_source *src = ld->src;
    const char *d = attr(src, c, "delimiter", oom);
    const char *dec = attr(src, c, "decimal", oom);

    if (d)
        src->delimiter = strcmp(d, "tab") == 0 ? '\t' : d[0];
    if (dec)
        src->decimal_comma = dec[0] == ',';
    src->encoding = attr(src, c, "encoding", oom);
    src->encoding_line = xml_line(c);
    src->header_rows = attr_count(c, "header-rows");
}

static void build_column(loader *ld, xmlNodePtr c, int *oom)
{
    assess_source *src = ld->src;
    src_column *col = &src->columns[src->n_columns];
    unsigned long line = xml_line(c);

    col->header = attr(src, c, "name", oom);
    col->position = attr_count(c, "position");
    col->as = attr(src, c, "as", oom);
    col->line = line;
    if (!col->as)
        return;
    if ((col->header != NULL) == (col->position != 0)) {
        report(ld, line, "<column as=\"%s\">: give the column by its name or "
               "by its position, one of them", col->as);
        return;
    }
    if (!standard_column(col->as) &&
        instrument_find_item(src->inst, col->as, strlen(col->as)) ==
            STRTAB_NONE &&
        instrument_find_question(src->inst, col->as, strlen(col->as)) ==
            UINT32_MAX) {
        report(ld, line, "<column as=\"%s\">: '%s' is neither a standard "
               "column (subject_id, rater_id, rater_group, wave, item_id, "
               "value) nor an item or question of instrument '%s'",
               col->as, col->as, src->inst->id);
        return;
    }
    for (size_t k = 0; k < src->n_columns; k++) {
        const src_column *o = &src->columns[k];
        if (strcmp(o->as, col->as) == 0) {
            report(ld, line, "<column>: '%s' is already read from another "
                   "column (line %lu)", col->as, o->line);
            return;
        }
        if ((col->header && o->header && strcmp(o->header, col->header) == 0) ||
            (col->position && o->position == col->position)) {
            report(ld, line, "<column>: that column is already read as '%s' "
                   "(line %lu)", o->as, o->line);
            return;
        }
    }
    src->n_columns++;
}

/* A code as a number, or a problem reported. */
static int parse_code(loader *ld, unsigned long line, const char *what,
                      const char *text, const char *code, double *out)
{
    if (code && number_parse(code, strlen(code), out) == 0)
        return 0;
    report(ld, line, "<%s text=\"%s\">: code '%s' is not a number: write the "
           "code this answer stands for", what, text ? text : "",
           code ? code : "");
    return -1;
}

static void build_value(loader *ld, xmlNodePtr c, int missing, int *oom)
{
    assess_source *src = ld->src;
    src_value *v = &src->values[src->n_values];
    unsigned long line = xml_line(c);
    const char *code;

    v->text = attr(src, c, "text", oom);
    code = attr(src, c, "code", oom);
    v->missing = missing;
    v->line = line;
    if (*oom)
        return;
    if (missing && !v->text && !code) {
        report(ld, line, "<missing>: give the text or the code read as "
               "missing");
        return;
    }
    if (code) {
        if (parse_code(ld, line, missing ? "missing" : "value", v->text, code,
                       &v->code) != 0)
            return;
        v->has_code = 1;
    }
    for (size_t k = 0; k < src->n_values; k++) {
        const src_value *o = &src->values[k];
        if ((v->text && o->text && strcasecmp(o->text, v->text) == 0) ||
            (!v->text && !o->text && o->code == v->code)) {
            report(ld, line, "'%s' is already recoded on line %lu",
                   v->text ? v->text : code, o->line);
            return;
        }
    }
    src->n_values++;
}

static void build_group(loader *ld, xmlNodePtr c, int *oom)
{
    assess_source *src = ld->src;
    src_group *g = &src->groups[src->n_groups];
    const assess_instrument *inst = src->inst;
    unsigned long line = xml_line(c);
    const char *as;

    g->text = attr(src, c, "text", oom);
    as = attr(src, c, "as", oom);
    if (!g->text || !as)
        return;
    g->group = instrument_find_group(inst, as, strlen(as));
    if (g->group == NO_GROUP || inst->implicit_group) {
        char known[256] = "";
        for (size_t k = 0; k < inst->n_groups; k++) {
            size_t len = strlen(known);
            snprintf(known + len, sizeof known - len, "%s%s", k ? ", " : "",
                     inst->groups[k].id);
        }
        report(ld, line, "<group text=\"%s\">: '%s' is not a rater group of "
               "instrument '%s' (%s)", g->text, as, inst->id, known);
        return;
    }
    for (size_t k = 0; k < src->n_groups; k++)
        if (strcasecmp(src->groups[k].text, g->text) == 0) {
            report(ld, line, "<group text=\"%s\"> is given twice", g->text);
            return;
        }
    src->n_groups++;
}

static void build_filter(loader *ld, xmlNodePtr c, int keep, int *oom)
{
    assess_source *src = ld->src;
    src_filter *f = &src->filters[src->n_filters];

    f->column = attr(src, c, "column", oom);
    f->position = attr_count(c, "position");
    f->equals = attr(src, c, "equals", oom);
    f->keep = keep;
    f->line = xml_line(c);
    if (*oom || !f->equals)
        return;
    if ((f->column != NULL) == (f->position != 0)) {
        report(ld, f->line, "<%s>: give the column by its name or by its "
               "position, one of them", keep ? "keep" : "drop");
        return;
    }
    src->n_filters++;
}

static void build_set(loader *ld, xmlNodePtr c, int *oom)
{
    assess_source *src = ld->src;
    src_set *s = &src->sets[src->n_sets];

    s->name = attr(src, c, "name", oom);
    s->value = attr(src, c, "value", oom);
    s->line = xml_line(c);
    if (*oom || !s->name || !s->value)
        return;
    if (!*s->value) {
        report(ld, s->line, "<set name=\"%s\">: the value is empty", s->name);
        return;
    }
    for (size_t k = 0; k < src->n_sets; k++)
        if (strcmp(src->sets[k].name, s->name) == 0) {
            report(ld, s->line, "<set name=\"%s\"> is given twice (line %lu)",
                   s->name, src->sets[k].line);
            return;
        }
    for (size_t k = 0; k < src->n_columns; k++)
        if (strcmp(src->columns[k].as, s->name) == 0) {
            report(ld, s->line, "<set name=\"%s\">: a column is read as '%s' "
                   "too (line %lu)", s->name, s->name, src->columns[k].line);
            return;
        }
    src->n_sets++;
}

static int build(loader *ld, xmlDocPtr doc)
{
    assess_source *src = ld->src;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    int oom = 0;
    const char *id, *tool;

    id = attr(src, root, "instrument", &oom);
    tool = attr(src, root, "tool", &oom);
    if (oom)
        return -1;
    if (id && strcmp(id, src->inst->id) != 0)
        report(ld, xml_line(root), "the source map is for instrument '%s', "
               "not '%s'", id, src->inst->id);
    src->tool = ASSESS_TOOL_AUTO;
    for (int t = ASSESS_TOOL_CSV; tool && t <= ASSESS_TOOL_GOOGLE_FORMS; t++)
        if (strcmp(tool, assess_tool_name((assess_tool)t)) == 0)
            src->tool = (assess_tool)t;

    src->columns = alloc_array(src, count_elements(root, "column"),
                               sizeof *src->columns, &oom);
    src->values = alloc_array(src, count_elements(root, "value") +
                                       count_elements(root, "missing"),
                              sizeof *src->values, &oom);
    src->groups = alloc_array(src, count_elements(root, "group"),
                              sizeof *src->groups, &oom);
    src->filters = alloc_array(src, count_elements(root, "keep") +
                                        count_elements(root, "drop"),
                               sizeof *src->filters, &oom);
    src->sets = alloc_array(src, count_elements(root, "set"),
                            sizeof *src->sets, &oom);
    if (oom)
        return -1;
    /* Columns first: a <set> must not give what a column gives. */
    for (xmlNodePtr c = root->children; c && !oom; c = c->next)
        if (is_element(c, "column"))
            build_column(ld, c, &oom);
    for (xmlNodePtr c = root->children; c && !oom; c = c->next) {
        if (is_element(c, "format"))
            build_format(ld, c, &oom);
        else if (is_element(c, "value"))
            build_value(ld, c, 0, &oom);
        else if (is_element(c, "missing"))
            build_value(ld, c, 1, &oom);
        else if (is_element(c, "group"))
            build_group(ld, c, &oom);
        else if (is_element(c, "keep"))
            build_filter(ld, c, 1, &oom);
        else if (is_element(c, "drop"))
            build_filter(ld, c, 0, &oom);
        else if (is_element(c, "set"))
            build_set(ld, c, &oom);
    }
    if (!oom && src->encoding) {
        assess_error e;
        assess_error_init(&e);
        if (format_check_encoding(src->encoding, &e) != ASSESS_OK)
            report(ld, src->encoding_line, "<format>: %s", e.message);
    }
    return oom ? -1 : 0;
}

/* ---- Entry points --------------------------------------------------------- */

assess_source *assess_source_load_memory(const char *data, size_t len,
                                         const char *name,
                                         const assess_instrument *inst,
                                         assess_diag_fn diag, void *userdata,
                                         assess_error *err)
{
    loader ld = { 0 };
    xmlDocPtr doc = NULL;
    assess_source *src = NULL;
    int valid = -1;

    assert(inst);
    ld.name = name ? name : "source map";
    ld.sink.fn = diag;
    ld.sink.userdata = userdata;
    ld.xr.name = ld.name;
    ld.xr.a_kind = "a source map";
    ld.xr.problem = xml_problem;
    ld.xr.ctx = &ld;
    if (len > INSTRUMENT_MAX_BYTES) {
        error_set(err, ASSESS_ELIMIT, ld.name, 0,
                  "source map is larger than %u MiB",
                  INSTRUMENT_MAX_BYTES / (1024 * 1024));
        return NULL;
    }
    xml_begin(&ld.xr);
    doc = xml_parse(&ld.xr, data, len);
    if (doc)
        valid = xml_validate(&ld.xr, doc, assess_source_xsd,
                             assess_source_xsd_len, "source.xsd");
    if (valid == -2)
        report(&ld, 0, "the embedded source map schema does not load");
    if (valid != 0) {
        error_set(err, ld.problems ? ASSESS_EINSTRUMENT : ASSESS_ENOMEM,
                  ld.name, 0, "%zu problem%s in source map", ld.problems,
                  ld.problems == 1 ? "" : "s");
        goto out;
    }
    src = calloc(1, sizeof *src);
    if (!src) {
        error_set(err, ASSESS_ENOMEM, ld.name, 0, "out of memory");
        goto out;
    }
    arena_init(&src->arena);
    src->inst = inst;
    src->decimal_comma = -1;
    src->name = arena_strdup(&src->arena, ld.name);
    ld.src = src;
    if (!src->name || build(&ld, doc) < 0) {
        error_set(err, ASSESS_ENOMEM, ld.name, 0, "out of memory");
        assess_source_free(src);
        src = NULL;
        goto out;
    }
    if (ld.problems) {
        error_set(err, ASSESS_EINSTRUMENT, ld.name, 0,
                  "%zu problem%s in source map", ld.problems,
                  ld.problems == 1 ? "" : "s");
        assess_source_free(src);
        src = NULL;
    }
out:
    xml_end(&ld.xr);
    xmlFreeDoc(doc);
    return src;
}

assess_source *assess_source_load(const char *path,
                                  const assess_instrument *inst,
                                  assess_diag_fn diag, void *userdata,
                                  assess_error *err)
{
    char *data = NULL;
    size_t len = 0;
    assess_source *src = NULL;

    if (xml_read_file(path, "source map", &data, &len, err) == ASSESS_OK)
        src = assess_source_load_memory(data, len, path, inst, diag, userdata,
                                        err);
    free(data);
    return src;
}

void assess_source_free(assess_source *src)
{
    if (!src)
        return;
    arena_release(&src->arena);
    free(src);
}
