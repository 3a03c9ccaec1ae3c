/*
 * input_xml.h - an XML document from a user, read with the care it needs:
 * what the instrument loader (input_instrument_load.c) and the source map
 * loader (input_source.c) share.
 *
 * A document may come from anyone: a DOCTYPE is refused before anything
 * in it is read (no entity, no DTD, no external subset), the network is
 * never touched, files over INSTRUMENT_MAX_BYTES are refused, and every
 * problem libxml2 finds (parsing, the schema, what it raises outside a
 * parser's context) is handed to the caller as one of the document's
 * problems, with its line: an element's true line past libxml2's 16
 * bits, and libxml2's message written as ours (lowercase, no full stop).
 * While a document is read the thread has the "C" locale (libxml2 reads
 * a schema's xs:double values with strtod) and these error handlers;
 * xml_end() gives the thread back what it had.
 */
#ifndef ASSESS_INPUT_XML_H
#define ASSESS_INPUT_XML_H

#include <locale.h>
#include <stddef.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "assess.h"

/* A problem of the document, at `line` (0: none known). */
typedef void xml_problem_fn(void *ctx, unsigned long line,
                            const char *message);

typedef struct xml_reader {
    const char *name;      /* the file, as libxml2's messages name it */
    const char *a_kind;    /* "an instrument", "a source map" */
    xml_problem_fn *problem;
    void *ctx;
    size_t problems;       /* how many this reader handed on */
    size_t schema_errors;  /* of them, the schema's */
    int doctype;           /* a DOCTYPE was seen and the parse stopped */
    char last_stray[256];  /* libxml2 raises some of those twice */
    /* what xml_begin() set aside */
    xmlStructuredErrorFunc saved_serror;
    xmlGenericErrorFunc saved_generic;
    void *saved_sctx, *saved_gctx;
    locale_t saved_locale;
} xml_reader;

/* The thread set for reading: the parser initialised, the "C" locale,
 * the problems of libxml2's global handlers sent to xr. */
void xml_begin(xml_reader *xr);

/* The thread's handlers and locale as they were before xml_begin(). */
void xml_end(xml_reader *xr);

/* The document of data[0..len), or NULL with its problems handed on
 * ("not a well-formed XML document" when libxml2 said nothing; none when
 * out of memory). */
xmlDocPtr xml_parse(xml_reader *xr, const char *data, size_t len);

/*
 * Whether doc matches the schema xsd[0..xsd_len) (named `xsd_name` when
 * it does not and libxml2 said nothing): 0 when it does; -1 when not,
 * its problems handed on; -2 when the schema itself did not load.
 */
int xml_validate(xml_reader *xr, xmlDocPtr doc, const unsigned char *xsd,
                 size_t xsd_len, const char *xsd_name);

/* An element's line in its file (0: none known). */
unsigned long xml_line(xmlNodePtr n);

/*
 * The bytes of file `path`, up to INSTRUMENT_MAX_BYTES, into *data (the
 * caller frees it) and *len: ASSESS_OK, or a status with err set ("`kind`
 * is larger than 16 MiB").
 */
assess_status xml_read_file(const char *path, const char *kind, char **data,
                            size_t *len, assess_error *err);

#endif
