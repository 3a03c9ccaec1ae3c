#define _GNU_SOURCE
#include "base_format.h"

#include <assert.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base_error.h"
#include "base_number.h"

/* How many decimal digits u has (1 to 20). */
static int digit_count(uint64_t u)
{
    int n = 1;
    for (uint64_t p = 10; n < 20 && u >= p; p *= 10)
        n++;
    return n;
}

/* The last n decimal digits of u, most significant first, two a step:
 * u's digits when n is digit_count(u). */
static void put_digits(char *out, uint64_t u, int n)
{
    static const char pairs[] =
        "00010203040506070809101112131415161718192021222324252627282930313233"
        "34353637383940414243444546474849505152535455565758596061626364656667"
        "6869707172737475767778798081828384858687888990919293949596979899";
    char *p = out + n;

    /* eight digits at a time in 32 bits, which divide faster */
    while (p - out > 8) {
        uint32_t low = (uint32_t)(u % 100000000);
        u /= 100000000;
        for (int i = 0; i < 4; i++, low /= 100) {
            p -= 2;
            memcpy(p, pairs + 2 * (low % 100), 2);
        }
    }
    uint32_t v = (uint32_t)u;
    while (p - out >= 2) {
        p -= 2;
        memcpy(p, pairs + 2 * (v % 100), 2);
        v /= 100;
    }
    if (p > out)
        *--p = (char)('0' + v % 10);
}

/*
 * Writes the n digits with the decimal point after `point` of them, as
 * %g has them without an exponent: "0.00ddd" when point <= 0, zeros up
 * to the point when point >= n.  Returns the end.
 */
static char *place_point(char *p, const char *digits, int n, int point)
{
    if (point <= 0) {
        *p++ = '0';
        *p++ = '.';
        memset(p, '0', (size_t)-point);
        p += -point;
    } else if (point >= n) {
        memcpy(p, digits, (size_t)n);
        memset(p + n, '0', (size_t)(point - n));
        return p + point;
    } else {
        memcpy(p, digits, (size_t)point);
        p += point;
        *p++ = '.';
        digits += point;
        n -= point;
    }
    memcpy(p, digits, (size_t)n);
    return p + n;
}

/*
 * The fast path for the numbers scores mostly are: x = m / 10^k exactly
 * as a double, with m an integer below 2^53 and k at most 6.  Both m and
 * 10^k are exact doubles and division rounds correctly, so m / 10^k == x
 * says the decimal m/10^k reads back to x; it has at most 15 significant
 * digits here, so it is also what "%.15g" would print.  One k serves:
 * when x is m / 10^k for some k <= 6, |x| * 10^6 is within 0.25 of the
 * integer m * 10^(6-k) (|x| < 1e9), so rounding it finds that integer,
 * and its trailing zeros give back the shortest k.  Returns the length
 * written, 0 when x is not such a number.
 */
static size_t format_short_decimal(char buf[NUMBER_SIZE], double x)
{
    char digits[24];
    char *p = buf;
    double ax = fabs(x), m;
    uint64_t u;
    int n, k = 6;

    if (!(ax < 1e9) || ax < 1e-4)
        return 0;
    m = nearbyint(ax * 1e6);
    if (m / 1e6 != ax)
        return 0;
    u = (uint64_t)m;
    while (k > 0 && u % 10 == 0) {
        u /= 10;
        k--;
    }
    n = digit_count(u);
    put_digits(digits, u, n);
    if (x < 0)
        *p++ = '-';
    p = place_point(p, digits, n, n - k);
    *p = '\0';
    return (size_t)(p - buf);
}

#ifdef __SIZEOF_INT128__
typedef unsigned __int128 u128;

/* A number being written by format_exact(): its top 17 digits, the t
 * bits below them, and x with the half gaps around it, in units of
 * 2^-(t + 2). */
struct rounding {
    uint64_t top;
    int t, odd;
    u128 low, four_n, above, below;
};

/* x rounded to k digits (ties to even, as printf has them) in *d: 1 when
 * that reads back to x, 0 when not. */
static int round_digits(const struct rounding *rd, int k, uint64_t *d)
{
    /* 10^(17 - k), as constants, which divide by multiplying */
    uint64_t unit = k == 15 ? 100 : k == 16 ? 10 : 1;
    uint64_t q = k == 15 ? rd->top / 100 : k == 16 ? rd->top / 10 : rd->top;
    uint64_t r = rd->top - q * unit;
    /* the rest (r * 2^t + low) / (unit * 2^t) against one half */
    u128 rest2 = (((u128)r << rd->t) + rd->low) * 2;
    u128 half = (u128)unit << rd->t, c;

    if (rest2 > half || (rest2 == half && (q & 1)))
        q++;
    *d = q;
    c = (u128)(q * unit) << (rd->t + 2);
    if (c >= rd->four_n)
        return c - rd->four_n < rd->above ||
               (c - rd->four_n == rd->above && !rd->odd);
    return rd->four_n - c < rd->below ||
           (rd->four_n - c == rd->below && !rd->odd);
}

/*
 * The other numbers of 1e-4 <= |x| < 1e9, exactly, in integers: what
 * "%.{15,16,17}g" and strtod would find, without either.  With
 * |x| = m * 2^q (m of 53 bits) and s = 16 - floor(log10 |x|), the
 * integer N = m * 5^s is |x| * 10^s * 2^t for t = -(s + q) > 0: the
 * decimal digits of |x| are those of N >> t, and N's low t bits are the
 * rest, so rounding to k digits is exact.  A k-digit decimal reads back
 * to x when it lies within half a gap of x, the gaps being 2^q (2^(q-1)
 * below a power of two); all of it fits in 128 bits.  Returns the length
 * written, 0 when x is outside the range (or without 128-bit integers).
 */
static size_t format_exact(char buf[NUMBER_SIZE], double x)
{
    static const uint64_t pow5[23] = {
        1ull, 5ull, 25ull, 125ull, 625ull, 3125ull, 15625ull, 78125ull,
        390625ull, 1953125ull, 9765625ull, 48828125ull, 244140625ull,
        1220703125ull, 6103515625ull, 30517578125ull, 152587890625ull,
        762939453125ull, 3814697265625ull, 19073486328125ull,
        95367431640625ull, 476837158203125ull, 2384185791015625ull,
    };
    /* 10^k for k = 15, 16, 17 digits */
    static const uint64_t limit_of[3] = {
        1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
    };
    double ax = fabs(x);
    int e2, s, t, k, exp10, n_digits;
    uint64_t bits, m, top, d = 0;
    u128 n;
    struct rounding rd;
    char digits[24], *p = buf;

    if (!(ax >= 1e-4 && ax < 1e9))
        return 0;
    /* |x| = m * 2^(e2 - 53), m of 53 bits: |x| is normal here */
    memcpy(&bits, &ax, sizeof bits);
    m = (bits & ((1ull << 52) - 1)) | (1ull << 52);
    e2 = (int)(bits >> 52) - 1022;
    /* floor(log10 |x|) from the binary exponent: off by one at most */
    s = 16 - (int)floor((e2 - 1) * 0.30102999566398120);
    for (;;) {
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
    rd.top = top;
    rd.t = t;
    rd.odd = (int)(m & 1);
    rd.low = n & (((u128)1 << t) - 1);
    /* In units of 2^-(t + 2) of the scaled value: x, and half the gap to
     * the doubles above and below it. */
    rd.four_n = n << 2;
    rd.above = (u128)2 * pow5[s];
    rd.below = m == (1ull << 52) ? (u128)pow5[s] : rd.above;
    /* The shortest of 15, 16 and 17 digits that reads back.  Where the
     * gaps are even (x not a power of two), a k-digit decimal that reads
     * back makes the nearest (k+1)-digit one read back too, so 16 decides
     * between 15 and 17. */
    if (m == (1ull << 52)) {
        for (k = 15; k <= 17; k++)
            if (round_digits(&rd, k, &d))
                break;
    } else if (!round_digits(&rd, 16, &d)) {
        k = round_digits(&rd, 17, &d) ? 17 : 18;
    } else {
        uint64_t d16 = d;
        k = round_digits(&rd, 15, &d) ? 15 : 16;
        if (k == 16)
            d = d16;
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
    put_digits(digits, d, n_digits);
    if (x < 0)
        *p++ = '-';
    p = place_point(p, digits, n_digits, exp10 + 1);
    *p = '\0';
    return (size_t)(p - buf);
}
#else
static size_t format_exact(char buf[NUMBER_SIZE], double x)
{
    (void)buf;
    (void)x;
    return 0;
}
#endif

/* format_number(), returning the length written. */
static size_t format_number_len(char buf[NUMBER_SIZE], double x)
{
    locale_t c, old = (locale_t)0;
    size_t n;

    if (x == 0) {
        strcpy(buf, "0");
        return 1;
    }
    if ((n = format_short_decimal(buf, x)) != 0 ||
        (n = format_exact(buf, x)) != 0)
        return n;
    /* The decimal point is '.' whatever locale the caller has set. */
    c = number_c_locale();
    if (c != (locale_t)0)
        old = uselocale(c);
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, NUMBER_SIZE, "%.*g", digits, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    if (c != (locale_t)0)
        uselocale(old);
    return strlen(buf);
}

char *format_number(char buf[NUMBER_SIZE], double x)
{
    format_number_len(buf, x);
    return buf;
}

/* format_number_digits(), returning the length written. */
static size_t format_digits_len(char buf[NUMBER_SIZE], double x,
                                unsigned digits)
{
    static const double pow10[18] = { 1e0,  1e1,  1e2,  1e3,  1e4,  1e5,
                                      1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                      1e12, 1e13, 1e14, 1e15, 1e16, 1e17 };
    locale_t c, old = (locale_t)0;
    int n;

    if (digits == 0 || digits > 17 || x == 0)
        return format_number_len(buf, x);
    c = number_c_locale();
    if (c != (locale_t)0)
        old = uselocale(c);
    if (fabs(x) >= pow10[digits] && fabs(x) < 1e17)
        n = snprintf(buf, NUMBER_SIZE, "%.0f", x); /* the whole part */
    else
        n = snprintf(buf, NUMBER_SIZE, "%.*g", (int)digits, x);
    if (c != (locale_t)0)
        uselocale(old);
    if (strcmp(buf, "-0") == 0) {
        strcpy(buf, "0");
        n = 1;
    }
    return (size_t)n;
}

char *format_number_digits(char buf[NUMBER_SIZE], double x, unsigned digits)
{
    format_digits_len(buf, x, digits);
    return buf;
}

void out_init(out_buf *b, FILE *out)
{
    b->out = out;
    b->n = 0;
    b->flushed = 0;
    b->mem = NULL;
    b->mem_len = b->mem_cap = 0;
    b->mem_failed = 0;
    b->digits = 0;
}

/* Bytes past the buffer: to out, or to the end of mem. */
static void hand_over(out_buf *b, const char *s, size_t n)
{
    b->flushed += n;
    if (b->out) {
        fwrite(s, 1, n, b->out);
        return;
    }
    if (b->mem_failed)
        return;
    if (n > b->mem_cap - b->mem_len) {
        size_t cap = b->mem_cap ? b->mem_cap : OUT_SIZE;
        char *mem;
        while (cap - b->mem_len < n)
            cap *= 2;
        mem = realloc(b->mem, cap);
        if (!mem) {
            b->mem_failed = 1;
            return;
        }
        b->mem = mem;
        b->mem_cap = cap;
    }
    memcpy(b->mem + b->mem_len, s, n);
    b->mem_len += n;
}

void out_flush(out_buf *b)
{
    if (b->n)
        hand_over(b, b->buf, b->n);
    b->n = 0;
}

out_buf *out_open(FILE *out)
{
    out_buf *b = malloc(sizeof *b);
    if (!b)
        return NULL;
    out_init(b, out);
    write_begin(out);
    return b;
}

assess_status out_close(out_buf *b, assess_error *err)
{
    FILE *out = b->out;
    out_flush(b);
    free(b);
    return write_end(out, err);
}

void out_bytes(out_buf *b, const char *s, size_t n)
{
    if (n > OUT_SIZE - b->n) {
        out_flush(b);
        if (n > OUT_SIZE) {
            hand_over(b, s, n);
            return;
        }
    }
    memcpy(b->buf + b->n, s, n);
    b->n += n;
}

void out_str(out_buf *b, const char *s)
{
    out_bytes(b, s, strlen(s));
}

void out_number(out_buf *b, double x)
{
    if (OUT_SIZE - b->n < NUMBER_SIZE)
        out_flush(b);
    b->n += b->digits ? format_digits_len(b->buf + b->n, x, b->digits)
                      : format_number_len(b->buf + b->n, x);
}

void out_keep(const out_buf *b, uint64_t from, out_kept *k)
{
    uint64_t n = out_tell(b) - from;

    k->n = 0;
    if (from < b->flushed || n > OUT_KEPT_SIZE)
        return;
    k->n = (size_t)n;
    memcpy(k->text, b->buf + (from - b->flushed), k->n);
}

void out_count(out_buf *b, uint64_t x)
{
    if (OUT_SIZE - b->n < 20)
        out_flush(b);
    int n = digit_count(x);
    put_digits(b->buf + b->n, x, n);
    b->n += (size_t)n;
}

/* The bytes that make a CSV field quoted. */
static const unsigned char csv_special[256] = {
    [','] = 1, ['"'] = 1, ['\r'] = 1, ['\n'] = 1,
};

void out_csv_field(out_buf *b, const char *s)
{
    size_t n = 0;
    int quote = 0;

    for (; s[n]; n++)
        quote |= csv_special[(unsigned char)s[n]];
    if (!quote) {
        out_bytes(b, s, n);
        return;
    }
    out_char(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            out_char(b, '"');
        out_char(b, *s);
    }
    out_char(b, '"');
}

void out_json_string(out_buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s, *run = p;

    out_char(b, '"');
    for (;; p++) {
        const char *esc = NULL;
        char u[6];
        if (*p >= 0x20 && *p != '"' && *p != '\\')
            continue;
        out_bytes(b, (const char *)run, (size_t)(p - run));
        if (*p == '\0')
            break;
        switch (*p) {
        case '"':  esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        }
        if (esc) {
            out_bytes(b, esc, 2);
        } else {
            memcpy(u, "\\u00", 4);
            u[4] = hex[*p >> 4];
            u[5] = hex[*p & 15];
            out_bytes(b, u, 6);
        }
        run = p + 1;
    }
    out_char(b, '"');
}

/* The thread's own locale while it writes, and how deep its writers
 * nest. */
static _Thread_local locale_t writer_locale;
static _Thread_local unsigned writer_depth;

void write_begin(FILE *out)
{
    flockfile(out);
    if (writer_depth++ == 0) {
        locale_t c = number_c_locale();
        writer_locale = c != (locale_t)0 ? uselocale(c) : (locale_t)0;
    }
}

assess_status write_end(FILE *out, assess_error *err)
{
    int failed = ferror(out);
    assert(writer_depth > 0);
    if (--writer_depth == 0 && writer_locale != (locale_t)0)
        uselocale(writer_locale);
    funlockfile(out);
    if (failed)
        return error_set(err, ASSESS_EIO, NULL, 0, "write error");
    return ASSESS_OK;
}
