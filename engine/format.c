#define _GNU_SOURCE
#include "format.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"

/*
 * The fast path for the numbers scores mostly are: x = m / 10^k exactly
 * as a double, with m an integer below 2^53 and k at most 6.  Both m and
 * 10^k are exact doubles and division rounds correctly, so m / 10^k == x
 * says the decimal m/10^k reads back to x; it has at most 15 significant
 * digits here, so it is also what "%.15g" would print.  Returns 0 when x
 * is not such a number.
 */
static int format_short_decimal(char buf[NUMBER_SIZE], double x)
{
    static const double pow10[7] = { 1, 10, 100, 1e3, 1e4, 1e5, 1e6 };
    char digits[24];
    char *p = buf;
    double ax = fabs(x);

    if (!(ax < 1e9) || ax < 1e-4)
        return 0;
    for (int k = 0; k <= 6; k++) {
        double m = nearbyint(ax * pow10[k]);
        unsigned long long u;
        int n = 0;

        if (m / pow10[k] != ax)
            continue;
        u = (unsigned long long)m;
        do
            digits[n++] = (char)('0' + u % 10);
        while ((u /= 10) != 0);
        if (x < 0)
            *p++ = '-';
        if (n <= k) { /* 0.00ddd */
            *p++ = '0';
            *p++ = '.';
            for (int z = n; z < k; z++)
                *p++ = '0';
        }
        while (n > 0) {
            *p++ = digits[--n];
            if (n == k && k > 0 && n > 0)
                *p++ = '.';
        }
        *p = '\0';
        return 1;
    }
    return 0;
}

char *format_number(char buf[NUMBER_SIZE], double x)
{
    locale_t c = number_c_locale(), old = (locale_t)0;

    if (x == 0) {
        strcpy(buf, "0");
        return buf;
    }
    if (format_short_decimal(buf, x))
        return buf;
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
