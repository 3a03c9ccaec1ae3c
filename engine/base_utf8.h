/*
 * base_utf8.h - UTF-8 validation (RFC 3629: no overlongs, no surrogates,
 * nothing above U+10FFFF).
 */
#ifndef ASSESS_UTF8_H
#define ASSESS_UTF8_H

#include <stddef.h>

/* Length of the valid sequence starting at s (1..4), or 0 if invalid. */
size_t utf8_sequence(const unsigned char *s, size_t len);

/* 1 if s[0..len) is valid UTF-8 without NUL bytes, else 0. */
int utf8_valid(const char *s, size_t len);

#endif
