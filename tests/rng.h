/*
 * rng.h - a seeded xorshift64 for tests that cut input into random
 * chunks: the same seed gives the same cuts on every machine.
 */
#ifndef ASSESS_TESTS_RNG_H
#define ASSESS_TESTS_RNG_H

#include <stdint.h>

/* The next number of the sequence; *state must start non-zero. */
static inline uint64_t rng_next(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *state = x;
}

#endif
