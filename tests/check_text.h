/*
 * check_text.h - what the tests that read the writers' output share: a
 * case-blind search and a strict JSON checker (RFC 8259), for "the output
 * must parse".  The checker's own test is in test_score.c.
 */
#ifndef ASSESS_TESTS_CHECK_TEXT_H
#define ASSESS_TESTS_CHECK_TEXT_H

#include <ctype.h>
#include <string.h>

/* 1 when `needle` occurs in `hay`, ignoring ASCII case. */
static inline int contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay; *p; p++) {
        size_t i = 0;
        while (i < n && p[i] && tolower((unsigned char)p[i]) ==
                                    tolower((unsigned char)needle[i]))
            i++;
        if (i == n)
            return 1;
    }
    return 0;
}

static const char *j_value(const char *p, int depth);

static const char *j_ws(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    return p;
}

static const char *j_string(const char *p)
{
    if (*p++ != '"')
        return NULL;
    while (*p != '"') {
        unsigned char c = (unsigned char)*p;
        if (c < 0x20)
            return NULL; /* control character or end of text */
        if (c != '\\') {
            p++;
            continue;
        }
        p++;
        if (*p && strchr("\"\\/bfnrt", *p)) {
            p++;
        } else if (*p == 'u') {
            for (int i = 1; i <= 4; i++)
                if (!isxdigit((unsigned char)p[i]))
                    return NULL;
            p += 5;
        } else {
            return NULL;
        }
    }
    return p + 1;
}

static const char *j_digits(const char *p)
{
    if (!isdigit((unsigned char)*p))
        return NULL;
    while (isdigit((unsigned char)*p))
        p++;
    return p;
}

static const char *j_number(const char *p)
{
    if (*p == '-')
        p++;
    if (*p == '0')
        p++;
    else if (!(p = j_digits(p)))
        return NULL;
    if (*p == '.' && !(p = j_digits(p + 1)))
        return NULL;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(p = j_digits(p)))
            return NULL;
    }
    return p;
}

static const char *j_value(const char *p, int depth)
{
    if (depth > 100)
        return NULL;
    p = j_ws(p);
    switch (*p) {
    case '{':
        p = j_ws(p + 1);
        if (*p == '}')
            return p + 1;
        for (;;) {
            if (!(p = j_string(j_ws(p))))
                return NULL;
            p = j_ws(p);
            if (*p != ':' || !(p = j_value(p + 1, depth + 1)))
                return NULL;
            p = j_ws(p);
            if (*p == '}')
                return p + 1;
            if (*p++ != ',')
                return NULL;
        }
    case '[':
        p = j_ws(p + 1);
        if (*p == ']')
            return p + 1;
        for (;;) {
            if (!(p = j_value(p, depth + 1)))
                return NULL;
            p = j_ws(p);
            if (*p == ']')
                return p + 1;
            if (*p++ != ',')
                return NULL;
        }
    case '"':
        return j_string(p);
    case 't':
        return strncmp(p, "true", 4) == 0 ? p + 4 : NULL;
    case 'f':
        return strncmp(p, "false", 5) == 0 ? p + 5 : NULL;
    case 'n':
        return strncmp(p, "null", 4) == 0 ? p + 4 : NULL;
    default:
        return j_number(p);
    }
}

/* 1 when the whole text is one JSON value (white space around it). */
static inline int json_ok(const char *text)
{
    const char *end = j_value(text, 0);
    return end && *j_ws(end) == '\0';
}

#endif
