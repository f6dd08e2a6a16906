// Inner product kernel shared by the HNSW walk and the exact subset scan.
//
// Debian's libfaiss.a is compiled for baseline x86-64 (SSE2), so its distance code cannot use
// AVX2/FMA. Our hot loops are compiled twice with target_clones (AVX2+FMA and baseline) and the
// loader picks one per CPU; the kernel is always_inline so it is specialised inside each clone.
// The clone names an ISA level, not a CPU: GCC dispatches "arch=haswell" on the CPU model, so
// AMD processors, which have every Haswell instruction, silently ran the baseline clone.
#pragma once

#include <cstddef>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define RECSYS_SIMD_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define RECSYS_SIMD_CLONES
#endif

namespace recsys {

// Sixteen independent partial sums let the compiler vectorise without -ffast-math: the
// summation order is fixed by the source, so results do not depend on optimisation flags.
__attribute__((always_inline)) inline float inner_product(const float* a, const float* b, size_t d) {
    float acc[16] = {0};
    size_t i = 0;
    for (; i + 16 <= d; i += 16) {
        for (int j = 0; j < 16; j++) {
            acc[j] += a[i + j] * b[i + j];
        }
    }
    float tail = 0.0f;
    for (; i < d; i++) {
        tail += a[i] * b[i];
    }
    float s = 0.0f;
    for (int j = 0; j < 16; j++) {
        s += acc[j];
    }
    return s + tail;
}

inline void prefetch_vector(const float* v, size_t d) {
    const char* p = reinterpret_cast<const char*>(v);
    for (size_t off = 0; off < d * sizeof(float); off += 64) {
        __builtin_prefetch(p + off, 0, 1);
    }
}

// Calls visit(i) for i in [0, n) with the rows of the next `Ahead` items already requested: the
// rows are random reads, and a few in flight hide most of each cache miss.
template <size_t Ahead, typename RowOf, typename Visit>
inline void for_each_prefetched(size_t n, size_t d, RowOf row_of, Visit visit) {
    for (size_t i = 0; i < Ahead && i < n; i++) {
        prefetch_vector(row_of(i), d);
    }
    for (size_t i = 0; i < n; i++) {
        if (i + Ahead < n) {
            prefetch_vector(row_of(i + Ahead), d);
        }
        visit(i);
    }
}

inline bool bitmap_allows(const unsigned long long* words, long long position) {
    return (words[position >> 6] >> (position & 63)) & 1ULL;
}

} // namespace recsys
