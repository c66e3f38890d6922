#ifndef CSHA256PAIR_H
#define CSHA256PAIR_H

#include <stddef.h>
#include <stdint.h>

/// Whether this CPU has the x86 SHA extensions (and the SSSE3 and SSE4.1 the code uses): only
/// then may `csha256pair_digests` be called. Always 0 on other architectures, where
/// `csha256pair_digests` only writes zeros.
int csha256pair_is_available(void);

/// SHA-256 (FIPS 180-4) of two messages at once, their rounds interleaved: one message's rounds
/// wait on the SHA instructions' latency, and the other's fill that wait. OpenSSL hashes one
/// message at a time through its public API.
void csha256pair_digests(
    const uint8_t *first, size_t first_length, const uint8_t *second, size_t second_length,
    uint8_t first_digest[32], uint8_t second_digest[32]);

#endif
