/*
 * output_report_text.c - text as every renderer of the report writes it:
 * escaped for markup, numbers to two decimals.  The report layer's, beside the
 * model (output_report.c), so that renderers depend on it and not on each
 * other.
 */
#include <math.h>
#include <string.h>

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
    char buf[64];
    report_num_str(buf, sizeof buf, x, sign);
    fputs(buf, out);
}

void report_num_str(char *buf, size_t size, double x, int sign)
{
    if (fabs(x) < 0.005)
        x = 0;
    snprintf(buf, size, sign ? "%+.2f" : "%.2f", x);
}


void report_css_string(FILE *out, const char *text)
{
    /* Inside a quoted CSS string inside <style>: quotes, backslashes and
     * line breaks escaped, and '<' too, so that "</style>" cannot end the
     * element. */
    fputc('"', out);
    for (const char *p = text; p && *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\\' || c == '<' || c == '>' || c < 0x20)
            fprintf(out, "\\%x ", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

void report_waves(FILE *out, const char *label)
{
    /* "1->2" as "1 → 2" */
    for (const char *p = label; p && *p; p++) {
        if (p[0] == '-' && p[1] == '>') {
            fputs(" \xe2\x86\x92 ", out);
            p++;
        } else {
            const char one[2] = { *p, 0 };
            report_escape(out, one);
        }
    }
}

void report_waves_str(char *buf, size_t size, const char *label)
{
    size_t n = 0;
    if (!size)
        return;
    for (const char *p = label; p && *p && n + 1 < size; p++) {
        if (p[0] == '-' && p[1] == '>') {
            if (n + 6 > size)
                break;
            memcpy(buf + n, " \xe2\x86\x92 ", 5);
            n += 5;
            p++;
        } else {
            buf[n++] = *p;
        }
    }
    buf[n] = '\0';
}
