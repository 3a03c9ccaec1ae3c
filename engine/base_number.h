/*
 * base_number.h - reading numbers from text the way a response file or an
 * instrument writes them: optional sign, digits, optional fraction and
 * exponent, surrounding ASCII blanks allowed.  Never "nan", "inf", hex or
 * a locale's decimal comma; the decimal point is always '.'.
 */
#ifndef ASSESS_NUMBER_H
#define ASSESS_NUMBER_H

#include <stddef.h>

/* 0 and *out set when s[0..len) is a finite number, -1 otherwise. */
int number_parse(const char *s, size_t len, double *out);

/* The "C" locale, for formatting numbers whatever the caller's locale;
 * (locale_t)0 if it cannot be made. */
#include <locale.h>
locale_t number_c_locale(void);

/* 1 if x is a whole number. */
int number_is_whole(double x);

#endif
