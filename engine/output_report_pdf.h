/*
 * output_report_pdf.h - the PDF renderer's one private entry, for the
 * tests: what a PDF draws, as text, without the PDF.
 */
#ifndef ASSESS_REPORT_PDF_H
#define ASSESS_REPORT_PDF_H

#include <stdio.h>

#include "assess.h"

/* Which document: a subject's index, or one of these. */
enum { REPORT_PDF_INDEX = -1, REPORT_PDF_COHORT = -2 };

/*
 * Lays document `which` out exactly as the PDF writers do and writes to
 * `out`, instead of the PDF, everything the PDF would draw, a line each:
 * the page count and metadata, then per page its header and footer, every
 * bookmark, every text as given to Pango and every mark, with its place to
 * 0.01 point.  The protected-output property test compares these, since
 * the PDF's own bytes are compressed and would hide where two differ.
 */
assess_status report_pdf_describe(const assess_report *rep, long which,
                                  const assess_pdf_options *opts, FILE *out,
                                  assess_error *err);

#endif
