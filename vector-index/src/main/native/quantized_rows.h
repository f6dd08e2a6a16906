// An 8-bit copy of the stored vectors that the HNSW walk scores with.
//
// The walk is bound by memory, not arithmetic: each visited node is a random read of its
// vector, 512 bytes at d 128 (eight cache lines) in float. One byte per dimension (a per-
// dimension linear code over that dimension's range) reads a quarter of that. The walk only
// needs to rank candidates roughly; the final results are rescored with the float vectors,
// so the scores returned are exact.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace recsys {

class QuantizedRows {
public:
    QuantizedRows() = default;
    // Codes for n rows of dim floats; builds in one pass per dimension range plus one to encode.
    QuantizedRows(const float* vectors, size_t n, size_t dim);

    bool empty() const { return codes_.empty(); }
    const uint8_t* row(size_t position) const { return codes_.data() + position * dim_; }
    size_t dim() const { return dim_; }
    const uint8_t* data() const { return codes_.data(); }
    size_t bytes() const { return codes_.size(); }

    // A query in the form the code kernel takes: approx(q . x) = bias + sum_d weights[d] * code_d(x).
    struct Query {
        std::vector<float> weights;
        float bias = 0.0f;
    };
    void prepare(const float* query, Query& out) const;

    // An upper bound on |approx - exact| for this query: each code is within half a step of
    // its value, so the error is at most sum_d |weights[d]| / 2, plus float rounding slack.
    static float max_error(const Query& q);

    // out[i] = approx(q . row(positions[i])) for i < n, reading the rows a few ahead of use:
    // they are random reads, and several misses in flight hide most of each one's latency.
    void score(const Query& q, const int64_t* positions, size_t n, float* out) const;
    void score(const Query& q, const int* positions, size_t n, float* out) const;

private:
    size_t dim_ = 0;
    std::vector<float> low_;  // per dimension: value of code 0
    std::vector<float> step_; // per dimension: value difference of one code unit
    std::vector<uint8_t> codes_;
};

inline void prefetch_codes(const uint8_t* row, size_t d) {
    const char* p = reinterpret_cast<const char*>(row);
    for (size_t off = 0; off < d; off += 64) {
        __builtin_prefetch(p + off, 0, 1);
    }
}

} // namespace recsys
