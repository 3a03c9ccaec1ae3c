#define _GNU_SOURCE
#include "format.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"

char *format_number(char buf[NUMBER_SIZE], double x)
{
    locale_t c = number_c_locale(), old = (locale_t)0;

    if (x == 0) {
        strcpy(buf, "0");
        return buf;
    }
    /* The decimal point is '.' whatever locale the caller has set. */
    if (c != (locale_t)0)
        old = uselocale(c);
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, NUMBER_SIZE, "%.*g", digits, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    if (c != (locale_t)0)
        uselocale(old);
    return buf;
}

void write_csv_field(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

void write_json_string(FILE *out, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':  fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (*p < 0x20) {
                fputs("\\u00", out);
                fputc(hex[*p >> 4], out);
                fputc(hex[*p & 15], out);
            } else {
                fputc(*p, out);
            }
        }
    }
    fputc('"', out);
}
