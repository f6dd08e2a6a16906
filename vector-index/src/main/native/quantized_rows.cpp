#include "quantized_rows.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <immintrin.h>

namespace recsys {
namespace {

// Both kernels sum in the same fixed order, which does not depend on compiler flags: sixteen
// partial sums (lane j takes dimensions j, j + 16, ...), folded pairwise, plus the tail.
// The baseline one rounds each product separately where the AVX2 one fuses it (FMA); the
// rounding slack in max_error covers either.
inline float fold(const float* acc16, float tail) {
    float s8[8];
    for (int j = 0; j < 8; j++) {
        s8[j] = acc16[j] + acc16[j + 8];
    }
    return ((s8[0] + s8[4]) + (s8[2] + s8[6])) + ((s8[1] + s8[5]) + (s8[3] + s8[7])) + tail;
}

inline float code_product(const uint8_t* codes, const float* weights, size_t d) {
    float acc[16] = {0};
    size_t i = 0;
    for (; i + 16 <= d; i += 16) {
        for (int j = 0; j < 16; j++) {
            acc[j] += weights[i + j] * static_cast<float>(codes[i + j]);
        }
    }
    float tail = 0.0f;
    for (; i < d; i++) {
        tail += weights[i] * static_cast<float>(codes[i]);
    }
    return fold(acc, tail);
}

// Written with intrinsics because GCC vectorises the loop above into 128-bit halves with a
// two-step widening of the bytes: twice the instructions, and at 1 % of a million rows the
// filtered scan was bound by them rather than by its memory reads.
__attribute__((target("avx2,fma"))) inline float code_product_avx2(const uint8_t* codes, const float* weights,
                                                                   size_t d) {
    __m256 low = _mm256_setzero_ps();
    __m256 high = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= d; i += 16) {
        __m256 x0 = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(codes + i))));
        __m256 x1 = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(codes + i + 8))));
        low = _mm256_fmadd_ps(_mm256_loadu_ps(weights + i), x0, low);
        high = _mm256_fmadd_ps(_mm256_loadu_ps(weights + i + 8), x1, high);
    }
    float tail = 0.0f;
    for (; i < d; i++) {
        tail += weights[i] * static_cast<float>(codes[i]);
    }
    // the same fold as the baseline kernel, in registers
    __m256 s8 = _mm256_add_ps(low, high);
    __m128 s4 = _mm_add_ps(_mm256_castps256_ps128(s8), _mm256_extractf128_ps(s8, 1));
    __m128 s2 = _mm_add_ps(s4, _mm_movehl_ps(s4, s4));
    __m128 s1 = _mm_add_ss(s2, _mm_shuffle_ps(s2, s2, 1));
    return _mm_cvtss_f32(s1) + tail;
}

// A code row is two cache lines at d 128: sixteen rows ahead keep as many misses pending as
// the core can track.
constexpr size_t kAhead = 16;

template <bool Avx2, typename Position>
__attribute__((always_inline)) inline void score_rows(const QuantizedRows& rows, const QuantizedRows::Query& q,
                                                      const Position* positions, size_t n, float* out) {
    const size_t d = rows.dim();
    const float* weights = q.weights.data();
    const float bias = q.bias;
    for (size_t i = 0; i < kAhead && i < n; i++) {
        prefetch_codes(rows.row(static_cast<size_t>(positions[i])), d);
    }
    for (size_t i = 0; i < n; i++) {
        if (i + kAhead < n) {
            prefetch_codes(rows.row(static_cast<size_t>(positions[i + kAhead])), d);
        }
        const uint8_t* row = rows.row(static_cast<size_t>(positions[i]));
        if constexpr (Avx2) {
            out[i] = bias + code_product_avx2(row, weights, d);
        } else {
            out[i] = bias + code_product(row, weights, d);
        }
    }
}

template <typename Position>
__attribute__((target("avx2,fma"))) void score_rows_avx2(const QuantizedRows& rows, const QuantizedRows::Query& q,
                                                          const Position* positions, size_t n, float* out) {
    score_rows<true>(rows, q, positions, n, out);
}

// Checked by CPU feature, not model: AMD processors have AVX2 and FMA too.
const bool kAvx2 = [] {
    __builtin_cpu_init(); // this initialiser may run before libgcc's own
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}();

template <typename Position>
void dispatch(const QuantizedRows& rows, const QuantizedRows::Query& q, const Position* positions, size_t n,
              float* out) {
    if (kAvx2) {
        score_rows_avx2(rows, q, positions, n, out);
    } else {
        score_rows<false>(rows, q, positions, n, out);
    }
}

} // namespace

void QuantizedRows::score(const Query& q, const int64_t* positions, size_t n, float* out) const {
    dispatch(*this, q, positions, n, out);
}

void QuantizedRows::score(const Query& q, const int* positions, size_t n, float* out) const {
    dispatch(*this, q, positions, n, out);
}

QuantizedRows::QuantizedRows(const float* vectors, size_t n, size_t dim)
    : dim_(dim), low_(dim, std::numeric_limits<float>::infinity()), step_(dim, 0.0f), codes_(n * dim) {
    std::vector<float> high(dim, -std::numeric_limits<float>::infinity());
    for (size_t i = 0; i < n; i++) {
        const float* v = vectors + i * dim;
        for (size_t d = 0; d < dim; d++) {
            low_[d] = std::min(low_[d], v[d]);
            high[d] = std::max(high[d], v[d]);
        }
    }
    for (size_t d = 0; d < dim; d++) {
        if (n == 0) {
            low_[d] = 0.0f;
        }
        // a constant dimension keeps step 0: every code is 0 and decodes to low exactly
        step_[d] = n > 0 && high[d] > low_[d] ? (high[d] - low_[d]) / 255.0f : 0.0f;
    }
    for (size_t i = 0; i < n; i++) {
        const float* v = vectors + i * dim;
        uint8_t* out = codes_.data() + i * dim;
        for (size_t d = 0; d < dim; d++) {
            float units = step_[d] > 0.0f ? (v[d] - low_[d]) / step_[d] : 0.0f;
            out[d] = static_cast<uint8_t>(std::clamp(std::lround(units), 0L, 255L));
        }
    }
}

void QuantizedRows::prepare(const float* query, Query& out) const {
    out.weights.resize(dim_);
    float bias = 0.0f;
    for (size_t d = 0; d < dim_; d++) {
        out.weights[d] = query[d] * step_[d];
        bias += query[d] * low_[d];
    }
    out.bias = bias;
}

float QuantizedRows::max_error(const Query& q) {
    float half_steps = 0.0f;
    for (float w : q.weights) {
        half_steps += std::fabs(w);
    }
    half_steps *= 0.5f;
    // both sums run in float over at most a few thousand terms of magnitude <= 255 |w|
    float rounding = 1e-5f * (std::fabs(q.bias) + 255.0f * 2.0f * half_steps) + 1e-6f;
    return half_steps + rounding;
}

} // namespace recsys
