/*
 * input_xml.c - an XML document from a user, read with the care it needs
 * (input_xml.h): the parse that refuses a DOCTYPE, the schema check, and
 * libxml2's problems as the document's, for the instrument loader and the
 * source map loader alike.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "base_error.h"
#include "base_number.h"
#include "input_instrument.h"
#include "input_xml.h"

static void hand_on(xml_reader *xr, unsigned long line, const char *message)
{
    xr->problems++;
    xr->problem(xr->ctx, line, message);
}

/*
 * libxml2's messages start with a capital and end with ".\n"; ours are
 * lowercase without a full stop.
 */
static void hand_on_xml_error(xml_reader *xr, const xmlError *e,
                              unsigned long line)
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
    hand_on(xr, line, msg);
}

/*
 * libxml2 keeps an element's line in 16 bits; past 65535 its guess can be
 * off.  on_start_element() keeps the true line in the node's _private.
 */
unsigned long xml_line(xmlNodePtr n)
{
    long line;
    if (n->type == XML_ELEMENT_NODE && n->_private)
        return (unsigned long)(uintptr_t)n->_private;
    line = xmlGetLineNo(n);
    return line > 0 ? (unsigned long)line : 0;
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
    xml_reader *xr = ctxt->_private;
    /* The stop we asked for is not a problem of its own. */
    if (xr->doctype && e->code == XML_ERR_USER_STOP)
        return;
    hand_on_xml_error(xr, e, 0);
}

static void on_schema_error(void *userdata, xmlErrorPtr e)
{
    xml_reader *xr = userdata;
    xr->schema_errors++;
    /* Schema errors name the element: take its true line. */
    hand_on_xml_error(xr, e, e->node ? xml_line(e->node) : 0);
}

/*
 * What libxml2 raises outside a parser's context (a failed encoding
 * conversion, an I/O error) goes to its global handlers, which print to
 * standard error.  While reading they are these two: the errors become
 * problems of the document, the rest is dropped.
 */
static void on_stray_error(void *userdata, xmlErrorPtr e)
{
    xml_reader *xr = userdata;
    const char *msg = e->message ? e->message : "";

    if (e->level < XML_ERR_ERROR ||
        strncmp(msg, xr->last_stray, sizeof xr->last_stray - 1) == 0)
        return;
    snprintf(xr->last_stray, sizeof xr->last_stray, "%s", msg);
    hand_on_xml_error(xr, e, 0);
}

static void on_stray_generic(void *userdata, const char *fmt, ...)
{
    (void)userdata;
    (void)fmt;
}

static void on_internal_error(void *userdata, xmlErrorPtr e)
{
    (void)userdata;
    (void)e; /* problems of an embedded schema itself: caught by tests */
}

/*
 * SAX hook for <!DOCTYPE ...>: called before the internal subset is read,
 * so no entity or external DTD declared there is ever processed.
 */
static void on_doctype(void *userdata, const xmlChar *name,
                       const xmlChar *external_id, const xmlChar *system_id)
{
    xmlParserCtxtPtr ctxt = userdata;
    xml_reader *xr = ctxt->_private;
    char msg[128];
    (void)name;
    (void)external_id;
    (void)system_id;
    xr->doctype = 1;
    snprintf(msg, sizeof msg, "DOCTYPE declarations are not allowed in %s "
                              "(no DTD, no entities)", xr->a_kind);
    hand_on(xr, (unsigned long)xmlSAX2GetLineNumber(ctxt), msg);
    xmlStopParser(ctxt);
}

void xml_begin(xml_reader *xr)
{
    locale_t c_locale;

    xmlInitParser();
    /* libxml2 reads a schema's xs:double values with the C library's
     * strtod: in a host program whose locale has a decimal comma, "0.86"
     * would read as 0 and fail the schema.  The thread takes the "C"
     * locale while it reads. */
    xr->saved_locale = (locale_t)0;
    c_locale = number_c_locale();
    if (c_locale != (locale_t)0)
        xr->saved_locale = uselocale(c_locale);
    /* libxml2 keeps its handlers per thread: set and restored here. */
    xr->saved_serror = xmlStructuredError;
    xr->saved_sctx = xmlStructuredErrorContext;
    xr->saved_generic = xmlGenericError;
    xr->saved_gctx = xmlGenericErrorContext;
    xmlSetStructuredErrorFunc(xr, on_stray_error);
    xmlSetGenericErrorFunc(NULL, on_stray_generic);
}

void xml_end(xml_reader *xr)
{
    xmlSetStructuredErrorFunc(xr->saved_sctx, xr->saved_serror);
    xmlSetGenericErrorFunc(xr->saved_gctx, xr->saved_generic);
    if (xr->saved_locale != (locale_t)0)
        uselocale(xr->saved_locale);
}

xmlDocPtr xml_parse(xml_reader *xr, const char *data, size_t len)
{
    xmlParserCtxtPtr ctxt = NULL;
    xmlDocPtr doc = NULL;

    if (len > INT32_MAX)
        return NULL;
    ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return NULL;
    ctxt->_private = xr;
    ctxt->sax->internalSubset = on_doctype;
    ctxt->sax->startElementNs = on_start_element;
    ctxt->sax->serror = on_parse_error;
    ctxt->vctxt.error = NULL;
    ctxt->vctxt.warning = NULL;
    doc = xmlCtxtReadMemory(ctxt, data, (int)len, xr->name, NULL,
                            XML_PARSE_NONET | XML_PARSE_BIG_LINES |
                                XML_PARSE_NOWARNING);
    if (doc && (xr->doctype || !ctxt->wellFormed)) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    if (!doc && xr->problems == 0)
        hand_on(xr, 0, "not a well-formed XML document");
    xmlFreeParserCtxt(ctxt);
    return doc;
}

int xml_validate(xml_reader *xr, xmlDocPtr doc, const unsigned char *xsd,
                 size_t xsd_len, const char *xsd_name)
{
    xmlSchemaParserCtxtPtr pctxt = NULL;
    xmlSchemaPtr schema = NULL;
    xmlSchemaValidCtxtPtr vctxt = NULL;
    size_t before = xr->schema_errors;
    int rc = -1;

    pctxt = xmlSchemaNewMemParserCtxt((const char *)xsd, (int)xsd_len);
    if (!pctxt)
        goto out;
    xmlSchemaSetParserStructuredErrors(pctxt, on_internal_error, NULL);
    schema = xmlSchemaParse(pctxt);
    if (!schema) {
        rc = -2;
        goto out;
    }
    vctxt = xmlSchemaNewValidCtxt(schema);
    if (!vctxt)
        goto out;
    xmlSchemaSetValidStructuredErrors(vctxt, on_schema_error, xr);
    rc = xmlSchemaValidateDoc(vctxt, doc) == 0 ? 0 : -1;
    if (rc != 0 && xr->schema_errors == before) {
        char msg[128];
        snprintf(msg, sizeof msg, "the document does not match %s", xsd_name);
        hand_on(xr, 0, msg);
    }
out:
    xmlSchemaFreeValidCtxt(vctxt);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pctxt);
    return rc;
}

assess_status xml_read_file(const char *path, const char *kind, char **data,
                            size_t *len, assess_error *err)
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
                               "%s is larger than %u MiB", kind,
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
