#define _GNU_SOURCE
#include "format.h"

#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
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

#ifdef __SIZEOF_INT128__
typedef unsigned __int128 u128;

/*
 * The other numbers of 1e-4 <= |x| < 1e9, exactly, in integers: what
 * "%.{15,16,17}g" and strtod would find, without either.  With
 * |x| = m * 2^q (m of 53 bits) and s = 16 - floor(log10 |x|), the
 * integer N = m * 5^s is |x| * 10^s * 2^t for t = -(s + q) > 0: the
 * decimal digits of |x| are those of N >> t, and N's low t bits are the
 * rest, so rounding to k digits is exact.  A k-digit decimal reads back
 * to x when it lies within half a gap of x, the gaps being 2^q (2^(q-1)
 * below a power of two); all of it fits in 128 bits.  Returns 0 when x is
 * outside the range (or without 128-bit integers).
 */
static int format_exact(char buf[NUMBER_SIZE], double x)
{
    static const uint64_t pow5[23] = {
        1ull, 5ull, 25ull, 125ull, 625ull, 3125ull, 15625ull, 78125ull,
        390625ull, 1953125ull, 9765625ull, 48828125ull, 244140625ull,
        1220703125ull, 6103515625ull, 30517578125ull, 152587890625ull,
        762939453125ull, 3814697265625ull, 19073486328125ull,
        95367431640625ull, 476837158203125ull, 2384185791015625ull,
    };
    /* 10^(17 - k) and 10^k for k = 15, 16, 17 digits */
    static const uint64_t unit_of[3] = { 100, 10, 1 };
    static const uint64_t limit_of[3] = {
        1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
    };
    double ax = fabs(x);
    int e2, s, t, k, exp10, n_digits;
    uint64_t m, top, d = 0;
    u128 n, low, four_n, above, below;
    char digits[24], *p = buf;

    if (!(ax >= 1e-4 && ax < 1e9))
        return 0;
    m = (uint64_t)ldexp(frexp(ax, &e2), 53); /* |x| = m * 2^(e2 - 53) */
    s = 16 - (int)floor(log10(ax));
    for (;;) { /* log10 may be off by one near a power of ten */
        t = 53 - e2 - s;
        n = (u128)m * pow5[s];
        top = (uint64_t)(n >> t);
        if (top < 10000000000000000ull)
            s++;
        else if (top >= 100000000000000000ull)
            s--;
        else
            break;
    }
    low = n & (((u128)1 << t) - 1);
    /* In units of 2^-(t + 2) of the scaled value: x, and half the gap to
     * the doubles above and below it. */
    four_n = n << 2;
    above = (u128)2 * pow5[s];
    below = m == (1ull << 52) ? (u128)pow5[s] : above;
    for (k = 15; k <= 17; k++) {
        uint64_t unit = unit_of[k - 15], r = top % unit;
        /* rounded to k digits: the rest (r * 2^t + low) / (unit * 2^t)
         * against one half, ties to even as printf has them */
        u128 rest2 = (((u128)r << t) + low) * 2, half = (u128)unit << t, c;
        d = top / unit;
        if (rest2 > half || (rest2 == half && (d & 1)))
            d++;
        c = (u128)(d * unit) << (t + 2);
        if (c >= four_n ? c - four_n < above ||
                              (c - four_n == above && !(m & 1))
                        : four_n - c < below ||
                              (four_n - c == below && !(m & 1)))
            break;
    }
    if (k > 17)
        return 0;
    /* d * 10^(exp10 - k + 1): k digits, or k + 1 when rounding carried */
    exp10 = 16 - s;
    n_digits = k;
    if (d == limit_of[k - 15]) {
        d /= 10;
        exp10++;
    }
    while (n_digits > 1 && d % 10 == 0) {
        d /= 10;
        n_digits--;
    }
    for (int i = n_digits - 1; i >= 0; i--, d /= 10)
        digits[i] = (char)('0' + d % 10);
    /* as %g writes it for these exponents: no exponent, no trailing 0 */
    if (x < 0)
        *p++ = '-';
    if (exp10 < 0) {
        *p++ = '0';
        *p++ = '.';
        for (int z = exp10 + 1; z < 0; z++)
            *p++ = '0';
        memcpy(p, digits, (size_t)n_digits);
        p += n_digits;
    } else if (n_digits <= exp10 + 1) {
        memcpy(p, digits, (size_t)n_digits);
        p += n_digits;
        for (int z = n_digits; z <= exp10; z++)
            *p++ = '0';
    } else {
        memcpy(p, digits, (size_t)exp10 + 1);
        p += exp10 + 1;
        *p++ = '.';
        memcpy(p, digits + exp10 + 1, (size_t)(n_digits - exp10 - 1));
        p += n_digits - exp10 - 1;
    }
    *p = '\0';
    return 1;
}
#else
static int format_exact(char buf[NUMBER_SIZE], double x)
{
    (void)buf;
    (void)x;
    return 0;
}
#endif

char *format_number(char buf[NUMBER_SIZE], double x)
{
    locale_t c = number_c_locale(), old = (locale_t)0;

    if (x == 0) {
        strcpy(buf, "0");
        return buf;
    }
    if (format_short_decimal(buf, x) || format_exact(buf, x))
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

void write_begin(FILE *out)
{
    flockfile(out);
}

assess_status write_end(FILE *out, assess_error *err)
{
    int failed = ferror(out);
    funlockfile(out);
    if (failed)
        return error_set(err, ASSESS_EIO, NULL, 0, "write error");
    return ASSESS_OK;
}
