#define _GNU_SOURCE
#include "base_number.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void make_c_locale(void)
{
    c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

locale_t number_c_locale(void)
{
    pthread_once(&c_locale_once, make_c_locale);
    return c_locale;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

int number_parse(const char *s, size_t len, double *out)
{
    size_t i = 0, start, digits = 0;
    int neg = 0, plain = 1, complete;
    char small[64], *buf = small, *end;
    double x;

    while (len > 0 && is_blank(s[len - 1]))
        len--;
    while (i < len && is_blank(s[i]))
        i++;
    start = i;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    while (i < len && s[i] >= '0' && s[i] <= '9')
        i++, digits++;
    if (i < len && s[i] == '.') {
        size_t frac = 0;
        plain = 0;
        i++;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++, frac++;
        digits += frac;
    }
    if (digits == 0)
        return -1;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        size_t exp = 0;
        plain = 0;
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            i++;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++, exp++;
        if (exp == 0)
            return -1;
    }
    if (i != len)
        return -1;

    /* Whole numbers of up to 15 digits are exact in a double: no strtod. */
    if (plain && digits <= 15) {
        size_t j = start + (s[start] == '+' || s[start] == '-');
        double v = 0;
        for (; j < len; j++)
            v = v * 10 + (s[j] - '0');
        *out = neg ? -v : v;
        return 0;
    }
    if (number_c_locale() == (locale_t)0)
        return -1;
    if (len - start >= sizeof small) {
        buf = malloc(len - start + 1);
        if (!buf)
            return -1;
    }
    memcpy(buf, s + start, len - start);
    buf[len - start] = '\0';
    x = strtod_l(buf, &end, c_locale);
    complete = *end == '\0';
    if (buf != small)
        free(buf);
    if (!complete || !isfinite(x))
        return -1;
    *out = x;
    return 0;
}

int number_is_whole(double x)
{
    return isfinite(x) && floor(x) == x;
}
