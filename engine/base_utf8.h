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

/* 1 if valid UTF-8 s[0..len) shows nothing: every code point is white
 * space (ASCII, U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F,
 * U+205F, U+3000), a control, or invisible (zero-width and bidi marks,
 * joiners, the soft hyphen, BOM, variation selectors, tags, Hangul and
 * braille blanks).  Such a written answer says nothing, so it is no
 * answer: counted as a writer, it would let the others' texts be told
 * apart from fewer writers than the minimum. */
int utf8_blank(const char *s, size_t len);

#endif
