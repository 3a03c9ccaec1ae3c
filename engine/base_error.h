/*
 * base_error.h - filling assess_error records and emitting diagnostics.
 */
#ifndef ASSESS_ERROR_H
#define ASSESS_ERROR_H

#include "assess.h"

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

/* Sets err (which may be NULL) and returns status, for `return error_set(...)`. */
assess_status error_set(assess_error *err, assess_status status,
                        const char *file, unsigned long line,
                        const char *fmt, ...) PRINTF_LIKE(5, 6);

/* Where diagnostics go, and how many of each kind were sent. */
typedef struct diag_sink {
    assess_diag_fn fn;
    void *userdata;
    unsigned long errors;
    unsigned long warnings;
} diag_sink;

void diag_emit(diag_sink *sink, assess_severity severity, const char *file,
               unsigned long line, assess_reject reason, const char *fmt,
               ...) PRINTF_LIKE(6, 7);

/*
 * Copies input text into buf for quoting in a message: at most 60 bytes
 * (then "..."), control bytes and invalid UTF-8 shown as \xHH.  Returns buf.
 */
char *quote_text(char *buf, size_t size, const char *s, size_t len);
#define QUOTE_SIZE 256

/*
 * A message made one printable line, into buf (at most size - 1 bytes,
 * cut between characters): runs of white space and control characters
 * one space, bytes that are not UTF-8 shown as \xHH.  Returns buf.
 */
char *one_line_text(char *buf, size_t size, const char *s);
#endif
