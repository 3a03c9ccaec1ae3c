/*
 * base_sha256.h - SHA-256 (FIPS 180-4), for the provenance a results
 * database keeps of the files a run read (output_sqlite.c).
 *
 * Our own rather than a crypto library's: it is the one hash the library
 * needs, for a record rather than for security, and some 150 lines of
 * the standard's own algorithm cost less than a dependency every user of
 * the library would have to install.  Checked against the standard's
 * examples and against sha256sum (tests/test_api.c).
 */
#ifndef ASSESS_SHA256_H
#define ASSESS_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct sha256 {
    uint32_t h[8];
    uint64_t length;       /* bytes hashed so far */
    unsigned char block[64];
    size_t n;              /* bytes waiting in block */
} sha256;

void sha256_init(sha256 *c);
void sha256_update(sha256 *c, const void *data, size_t len);
/* The digest, and c spent (sha256_init() it again to reuse it). */
void sha256_final(sha256 *c, unsigned char digest[32]);

/* The digest as 64 lowercase hex digits and a NUL. */
void sha256_hex(const unsigned char digest[32], char hex[65]);

#endif
