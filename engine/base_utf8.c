#include "base_utf8.h"

size_t utf8_sequence(const unsigned char *s, size_t len)
{
    unsigned char c = s[0];
    size_t n;
    unsigned lo = 0x80, hi = 0xbf;

    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        n = 2;
    else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        if (c == 0xe0)
            lo = 0xa0;
        else if (c == 0xed)
            hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        if (c == 0xf0)
            lo = 0x90;
        else if (c == 0xf4)
            hi = 0x8f;
    } else
        return 0;
    if (len < n)
        return 0;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xbf)
            return 0;
    return n;
}

int utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t n;
        if (p[i] == 0)
            return 0;
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        n = utf8_sequence(p + i, len - i);
        if (n == 0)
            return 0;
        i += n;
    }
    return 1;
}

/* Whether code point c shows nothing (utf8_blank()). */
static int invisible(unsigned long c)
{
    return c <= 0x20 || (c >= 0x7f && c <= 0xa0) || c == 0xad ||
           c == 0x34f || c == 0x61c || c == 0x115f || c == 0x1160 ||
           c == 0x1680 || c == 0x17b4 || c == 0x17b5 ||
           (c >= 0x180b && c <= 0x180f) || (c >= 0x2000 && c <= 0x200f) ||
           (c >= 0x2028 && c <= 0x202f) || (c >= 0x205f && c <= 0x206f) ||
           c == 0x2800 || c == 0x3000 || c == 0x3164 ||
           (c >= 0xfe00 && c <= 0xfe0f) || c == 0xfeff || c == 0xffa0 ||
           (c >= 0xfff0 && c <= 0xfff8) || (c >= 0x1d173 && c <= 0x1d17a) ||
           (c >= 0xe0000 && c <= 0xe0fff);
}

int utf8_blank(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t n = p[i] < 0x80 ? 1 : utf8_sequence(p + i, len - i);
        unsigned long c;
        if (n == 0)
            return 0;
        c = n == 1 ? p[i] : (unsigned long)(p[i] & (0xff >> (n + 1)));
        for (size_t k = 1; k < n; k++)
            c = c << 6 | (p[i + k] & 0x3f);
        if (!invisible(c))
            return 0;
        i += n;
    }
    return 1;
}
