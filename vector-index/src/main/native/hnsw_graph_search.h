// Best-first search over a graph built by faiss::IndexHNSWFlat.
//
// Why not faiss's own IndexHNSW::search: in FAISS 1.7.3, HNSW::search sizes its candidate
// queue from the index's member efSearch and only reads SearchParametersHNSW::efSearch for
// the stopping test, so a per-call efSearch larger than the member has no effect (fixed in
// 1.7.4). Mutating the member is not safe with concurrent readers. Walking the same graph
// here gives a real per-call ef, an allow-list that keeps traversing through disallowed
// nodes (results only collect allowed ones), AVX2 distances, and a walk over 8-bit codes
// (a quarter of the memory reads) whose results are rescored exactly.
#pragma once

#include <cstddef>
#include <cstdint>

#include <faiss/impl/HNSW.h>

#include "quantized_rows.h"

namespace recsys {

struct HnswQuery {
    const float* vector;
    int k;
    int ef;
    const unsigned long long* allowed; // bitmap over positions; nullptr allows everything
};

// Writes up to k results, best first, with exact scores; returns how many. codes holds the
// same rows as vectors.
int hnsw_search(const faiss::HNSW& graph, const float* vectors, const QuantizedRows& codes, size_t count,
                const HnswQuery& query, float* scores, int64_t* positions);

} // namespace recsys
