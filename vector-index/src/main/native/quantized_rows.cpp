#include "quantized_rows.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace recsys {

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
