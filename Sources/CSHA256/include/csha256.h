#ifndef CSHA256_H
#define CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// 1 if this CPU has the SHA extensions (and SSE4.1), so `csha256_blocks` may be called.
int csha256_available(void);

/// Runs the SHA-256 compression function over `blocks` consecutive 64-byte blocks, updating
/// `state` (eight words, FIPS 180-4 order). Only call when `csha256_available()` is 1.
void csha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
