#include "csha256pair.h"

#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

int csha256pair_is_available(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    int ssse3 = (ecx >> 9) & 1, sse41 = (ecx >> 19) & 1;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    int sha = (ebx >> 29) & 1;
    return ssse3 && sse41 && sha;
}

static const uint32_t round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static const uint32_t initial_state[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

/// A message as the compression function reads it: its whole 64-byte blocks in place, then
/// one or two blocks holding its last bytes, the 0x80 byte, zeros and its length in bits.
struct padded_message {
    const uint8_t *data;
    size_t whole_blocks;
    size_t blocks;
    uint8_t tail[128];
};

static void pad(struct padded_message *message, const uint8_t *data, size_t length) {
    message->data = data;
    message->whole_blocks = length / 64;
    size_t rest = length % 64;
    size_t tail_length = rest + 1 + 8 <= 64 ? 64 : 128;
    memset(message->tail, 0, tail_length);
    if (rest > 0) memcpy(message->tail, data + message->whole_blocks * 64, rest);
    message->tail[rest] = 0x80;
    uint64_t bits = (uint64_t)length * 8;
    for (int index = 0; index < 8; index++) message->tail[tail_length - 1 - index] = (uint8_t)(bits >> (8 * index));
    message->blocks = message->whole_blocks + tail_length / 64;
}

static const uint8_t *block(const struct padded_message *message, size_t index) {
    return index < message->whole_blocks ? message->data + 64 * index
                                         : message->tail + 64 * (index - message->whole_blocks);
}

#define SHA_TARGET __attribute__((target("sha,sse4.1,ssse3")))

/// The state as the SHA instructions hold it: ABEF and CDGH.
SHA_TARGET static inline void load_state(const uint32_t state[8], __m128i *abef, __m128i *cdgh) {
    __m128i dcba = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)state), 0xB1);
    __m128i efgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(state + 4)), 0x1B);
    *abef = _mm_alignr_epi8(dcba, efgh, 8);
    *cdgh = _mm_blend_epi16(efgh, dcba, 0xF0);
}

SHA_TARGET static inline void store_digest(__m128i abef, __m128i cdgh, uint8_t digest[32]) {
    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    __m128i dcba = _mm_blend_epi16(feba, dchg, 0xF0);
    __m128i hgfe = _mm_alignr_epi8(dchg, feba, 8);
    // Big-endian words: the digest's byte order.
    const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    _mm_storeu_si128((__m128i *)digest, _mm_shuffle_epi8(dcba, swap));
    _mm_storeu_si128((__m128i *)(digest + 16), _mm_shuffle_epi8(hgfe, swap));
}

/// The next four message words: W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16], four at a
/// time, from the last sixteen (`oldest` to `newest`).
SHA_TARGET static inline __m128i schedule(__m128i oldest, __m128i older, __m128i newer, __m128i newest) {
    __m128i sum = _mm_add_epi32(_mm_sha256msg1_epu32(oldest, older), _mm_alignr_epi8(newest, newer, 4));
    return _mm_sha256msg2_epu32(sum, newest);
}

/// One block of each message, their rounds interleaved.
SHA_TARGET static inline void compress_two(
    __m128i *abef1, __m128i *cdgh1, const uint8_t *block1, __m128i *abef2, __m128i *cdgh2, const uint8_t *block2) {
    const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i start_abef1 = *abef1, start_cdgh1 = *cdgh1, start_abef2 = *abef2, start_cdgh2 = *cdgh2;
    __m128i words1[4], words2[4];
    for (int group = 0; group < 16; group++) {
        int slot = group & 3;
        if (group < 4) {
            words1[slot] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(block1 + 16 * group)), swap);
            words2[slot] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(block2 + 16 * group)), swap);
        } else {
            words1[slot] = schedule(words1[slot], words1[(group + 1) & 3], words1[(group + 2) & 3], words1[(group + 3) & 3]);
            words2[slot] = schedule(words2[slot], words2[(group + 1) & 3], words2[(group + 2) & 3], words2[(group + 3) & 3]);
        }
        __m128i constants = _mm_loadu_si128((const __m128i *)&round_constants[4 * group]);
        __m128i input1 = _mm_add_epi32(words1[slot], constants);
        __m128i input2 = _mm_add_epi32(words2[slot], constants);
        *cdgh1 = _mm_sha256rnds2_epu32(*cdgh1, *abef1, input1);
        *cdgh2 = _mm_sha256rnds2_epu32(*cdgh2, *abef2, input2);
        *abef1 = _mm_sha256rnds2_epu32(*abef1, *cdgh1, _mm_shuffle_epi32(input1, 0x0E));
        *abef2 = _mm_sha256rnds2_epu32(*abef2, *cdgh2, _mm_shuffle_epi32(input2, 0x0E));
    }
    *abef1 = _mm_add_epi32(*abef1, start_abef1);
    *cdgh1 = _mm_add_epi32(*cdgh1, start_cdgh1);
    *abef2 = _mm_add_epi32(*abef2, start_abef2);
    *cdgh2 = _mm_add_epi32(*cdgh2, start_cdgh2);
}

/// One block of one message: the longer message's last blocks.
SHA_TARGET static inline void compress_one(__m128i *abef, __m128i *cdgh, const uint8_t *data) {
    const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i start_abef = *abef, start_cdgh = *cdgh;
    __m128i words[4];
    for (int group = 0; group < 16; group++) {
        int slot = group & 3;
        if (group < 4) {
            words[slot] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16 * group)), swap);
        } else {
            words[slot] = schedule(words[slot], words[(group + 1) & 3], words[(group + 2) & 3], words[(group + 3) & 3]);
        }
        __m128i input = _mm_add_epi32(words[slot], _mm_loadu_si128((const __m128i *)&round_constants[4 * group]));
        *cdgh = _mm_sha256rnds2_epu32(*cdgh, *abef, input);
        *abef = _mm_sha256rnds2_epu32(*abef, *cdgh, _mm_shuffle_epi32(input, 0x0E));
    }
    *abef = _mm_add_epi32(*abef, start_abef);
    *cdgh = _mm_add_epi32(*cdgh, start_cdgh);
}

SHA_TARGET void csha256pair_digests(
    const uint8_t *first, size_t first_length, const uint8_t *second, size_t second_length,
    uint8_t first_digest[32], uint8_t second_digest[32]) {
    struct padded_message one, two;
    pad(&one, first, first_length);
    pad(&two, second, second_length);
    __m128i abef1, cdgh1, abef2, cdgh2;
    load_state(initial_state, &abef1, &cdgh1);
    load_state(initial_state, &abef2, &cdgh2);
    size_t both = one.blocks < two.blocks ? one.blocks : two.blocks;
    for (size_t index = 0; index < both; index++) {
        compress_two(&abef1, &cdgh1, block(&one, index), &abef2, &cdgh2, block(&two, index));
    }
    for (size_t index = both; index < one.blocks; index++) compress_one(&abef1, &cdgh1, block(&one, index));
    for (size_t index = both; index < two.blocks; index++) compress_one(&abef2, &cdgh2, block(&two, index));
    store_digest(abef1, cdgh1, first_digest);
    store_digest(abef2, cdgh2, second_digest);
}

#else

int csha256pair_is_available(void) { return 0; }

void csha256pair_digests(
    const uint8_t *first, size_t first_length, const uint8_t *second, size_t second_length,
    uint8_t first_digest[32], uint8_t second_digest[32]) {
    (void)first; (void)first_length; (void)second; (void)second_length;
    memset(first_digest, 0, 32);
    memset(second_digest, 0, 32);
}

#endif
