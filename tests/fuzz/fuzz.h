/*
 * fuzz.h - what the fuzz harnesses (tests/fuzz/fuzz_*.c) share with each
 * other and with the plain replay driver (tests/fuzz/replay.c).
 *
 * A harness defines LLVMFuzzerTestOneInput only.  Built with clang
 * -fsanitize=fuzzer (make fuzz) libFuzzer calls it; built with the normal
 * compiler and replay.c (make test) it replays the saved inputs of
 * tests/fuzz/regressions/.  It returns 0, and calls abort() when a
 * property it checks is violated, so that both see a crash.
 */
#ifndef ASSESS_TESTS_FUZZ_H
#define ASSESS_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "base_utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stops the run: a property of the engine does not hold. */
#define FUZZ_CHECK(cond, ...)                                              \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__,         \
                    __LINE__, #cond);                                      \
            fprintf(stderr, __VA_ARGS__);                                  \
            fputc('\n', stderr);                                           \
            abort();                                                       \
        }                                                                  \
    } while (0)

/*
 * A diagnostic is printed as one line, "file:line: message": its message
 * must be valid UTF-8 without control characters (quote_text() escapes
 * what the input held).
 */
static inline void fuzz_check_message(const char *what, const char *msg)
{
    FUZZ_CHECK(msg != NULL, "%s: no message", what);
    for (const char *p = msg; *p; p++)
        FUZZ_CHECK((unsigned char)*p >= 0x20 && *p != 0x7f,
                   "%s: control character 0x%02x in '%s'", what,
                   (unsigned char)*p, msg);
    FUZZ_CHECK(utf8_valid(msg, strlen(msg)), "%s: not UTF-8: '%s'", what,
               msg);
}

/* FNV-1a, 64-bit: an input decides how it is cut and read. */
static inline uint64_t fuzz_hash(const uint8_t *data, size_t size)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < size; i++) {
        h ^= data[i];
        h *= 1099511628211ULL;
    }
    return h;
}

#endif
