/*
 * output_report_text.c - text as every renderer of the report writes it:
 * escaped for markup, numbers to two decimals.  The report layer's, beside the
 * model (output_report.c), so that renderers depend on it and not on each
 * other.
 */
#include <math.h>

#include "output_report.h"

void report_escape(FILE *out, const char *text)
{
    for (const char *p = text; p && *p; p++) {
        switch (*p) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: fputc(*p, out);
        }
    }
}

void report_num(FILE *out, double x, int sign)
{
    if (fabs(x) < 0.005)
        x = 0;
    fprintf(out, sign ? "%+.2f" : "%.2f", x);
}

