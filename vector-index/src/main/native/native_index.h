// One FAISS index plus what our searches need around it. Owned by a Java FaissVectorIndex
// through an opaque handle; every entry point here is called from jni_bridge.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <faiss/Index.h>

#include "quantized_rows.h"

namespace recsys {

// Must match io.recsys.index.faiss.FaissNative.KIND_*.
enum class NativeKind : int { FLAT = 1, IVF_FLAT = 2, HNSW = 3 };

struct BuildParams {
    int hnsw_m;
    int hnsw_ef_construction;
    int ivf_nlist;
    int64_t seed;
};

class NativeIndex {
public:
    NativeIndex(NativeKind kind, int dim, const BuildParams& params);
    NativeIndex(std::unique_ptr<faiss::Index> loaded); // from a snapshot

    NativeKind kind() const { return kind_; }
    int dim() const { return dim_; }
    int64_t count() const { return index_->ntotal; }

    void train(const float* vectors, int64_t n, int threads);
    void add(const float* vectors, int64_t n, int threads);
    // HNSW only, after the last add: renumbers the rows so near vectors share pages (see
    // locality_order.h). Returns the old position of each new one; empty when unchanged.
    std::vector<int64_t> reorder_for_locality(int64_t seed, int threads);
    // Recomputes row pointers; call once adding is done (vectors may have moved).
    void finish_build();

    // Approximate (or, for FLAT, exact) search through the index; param is efSearch for HNSW,
    // nprobe for IVF, unused for FLAT. allowed may be null.
    int search(const float* query, int k, int param, const unsigned long long* allowed,
               size_t allowed_words, float* scores, int64_t* positions) const;

    // Exact top-k over the allowed positions only, reading the stored vectors.
    int search_allowed_exactly(const float* query, int k, const unsigned long long* allowed,
                               size_t allowed_words, float* scores, int64_t* positions) const;

    void append_to_file(const std::string& path) const;
    static std::unique_ptr<NativeIndex> read_from_file(const std::string& path, int64_t offset);

private:
    const float* row(int64_t position) const {
        return contiguous_ != nullptr ? contiguous_ + static_cast<size_t>(position) * dim_ : rows_[position];
    }

    NativeKind kind_;
    int dim_;
    std::unique_ptr<faiss::Index> index_;
    const float* contiguous_ = nullptr; // FLAT and HNSW keep vectors in one block
    std::vector<const float*> rows_;    // IVF keeps them per inverted list
    QuantizedRows codes_;               // HNSW walks these (derived at build and load, not saved)
};

} // namespace recsys
