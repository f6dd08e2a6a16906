#include "native_index.h"

#include <cstdio>
#include <limits>
#include <stdexcept>

#include <omp.h>

#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/impl/FaissException.h>
#include <faiss/impl/HNSW.h>
#include <faiss/impl/IDSelector.h>
#include <faiss/index_io.h>

#include "hnsw_graph_search.h"
#include "huge_pages.h"
#include "locality_order.h"
#include "simd_kernels.h"
#include "top_k.h"

namespace recsys {
namespace {

// Queries arrive one per Java thread; concurrency comes from those threads, so a search
// never spawns an OpenMP team (the setting is per calling thread).
void single_threaded_search() { omp_set_num_threads(1); }

std::unique_ptr<faiss::Index> create_index(NativeKind kind, int dim, const BuildParams& p) {
    switch (kind) {
        case NativeKind::FLAT:
            return std::make_unique<faiss::IndexFlatIP>(dim);
        case NativeKind::HNSW: {
            auto index = std::make_unique<faiss::IndexHNSWFlat>(dim, p.hnsw_m, faiss::METRIC_INNER_PRODUCT);
            index->hnsw.efConstruction = p.hnsw_ef_construction;
            return index;
        }
        case NativeKind::IVF_FLAT: {
            auto* quantizer = new faiss::IndexFlatIP(dim);
            auto index = std::make_unique<faiss::IndexIVFFlat>(quantizer, dim, p.ivf_nlist, faiss::METRIC_INNER_PRODUCT);
            index->own_fields = true;
            index->cp.seed = static_cast<int>(p.seed);
            // Java passes a sample already sized to what k-means needs; keep all of it and
            // stay quiet about small samples (tiny test tables).
            index->cp.max_points_per_centroid = 1 << 30;
            index->cp.min_points_per_centroid = 1;
            // 10 k-means rounds instead of 25: list quality barely changes, training is 2.5x faster
            index->cp.niter = 10;
            return index;
        }
    }
    throw std::invalid_argument("unknown index kind " + std::to_string(static_cast<int>(kind)));
}

NativeKind kind_of(const faiss::Index* index) {
    if (dynamic_cast<const faiss::IndexHNSWFlat*>(index) != nullptr) {
        return NativeKind::HNSW;
    }
    if (dynamic_cast<const faiss::IndexIVFFlat*>(index) != nullptr) {
        return NativeKind::IVF_FLAT;
    }
    if (dynamic_cast<const faiss::IndexFlat*>(index) != nullptr) {
        return NativeKind::FLAT;
    }
    throw std::invalid_argument("snapshot holds a FAISS index type this library does not serve");
}

// Allowed positions are gathered first so the rows can be prefetched a few ahead: at low
// selectivity they are scattered over the table and each one is a cache miss.
void gather_allowed(int64_t count, const unsigned long long* allowed, size_t allowed_words,
                    std::vector<int64_t>& positions) {
    positions.clear();
    size_t words = std::min(allowed_words, static_cast<size_t>((count + 63) / 64));
    for (size_t w = 0; w < words; w++) {
        unsigned long long bits = allowed[w];
        while (bits != 0) {
            int64_t position = static_cast<int64_t>(w * 64 + __builtin_ctzll(bits));
            bits &= bits - 1;
            if (position < count) {
                positions.push_back(position);
            }
        }
    }
}

RECSYS_SIMD_CLONES
void scan_allowed(const float* query, int dim, const std::vector<int64_t>& positions, const float* contiguous,
                  const std::vector<const float*>& rows, TopK& top) {
    auto row = [&](int64_t position) {
        return contiguous != nullptr ? contiguous + static_cast<size_t>(position) * dim : rows[position];
    };
    for_each_prefetched<4>(positions.size(), dim, [&](size_t i) { return row(positions[i]); },
                           [&](size_t i) { top.offer(inner_product(row(positions[i]), query, dim), positions[i]); });
}

// The same exact top-k, reading the 8-bit codes first: a quarter of the bytes of the float
// rows, which at 1 % of a million rows are the cost. Any true top-k row has an approximate
// score within 2 x max_error of the k-th best approximate one, so rescoring every row above
// that bound with its float vector gives exactly the float scan's result.
RECSYS_SIMD_CLONES
void scan_allowed_coded(const float* query, int dim, const std::vector<int64_t>& positions,
                        const float* contiguous, const QuantizedRows& codes, TopK& top, int k) {
    // thread-local scratch, bound to references once: in a shared library each access to a
    // thread_local is a call to __tls_get_addr (5 % of this scan when it was made per row)
    thread_local QuantizedRows::Query coded_scratch;
    thread_local std::vector<float> approx_scratch;
    thread_local std::vector<int64_t> close_scratch;
    QuantizedRows::Query& coded = coded_scratch;
    std::vector<float>& approx = approx_scratch;
    std::vector<int64_t>& close = close_scratch;
    codes.prepare(query, coded);
    const size_t d = static_cast<size_t>(dim);
    approx.resize(positions.size());
    codes.score(coded, positions.data(), positions.size(), approx.data());
    TopK rough(k);
    for (size_t i = 0; i < positions.size(); i++) {
        rough.offer(approx[i], positions[i]);
    }
    float bound = rough.full() ? rough.threshold() - 2.0f * QuantizedRows::max_error(coded)
                               : -std::numeric_limits<float>::infinity();
    close.clear();
    for (size_t i = 0; i < positions.size(); i++) {
        if (approx[i] >= bound) {
            close.push_back(positions[i]);
        }
    }
    for_each_prefetched<4>(close.size(), d, [&](size_t i) { return contiguous + static_cast<size_t>(close[i]) * d; },
                           [&](size_t i) {
                               top.offer(inner_product(contiguous + static_cast<size_t>(close[i]) * d, query, d), close[i]);
                           });
}

} // namespace

NativeIndex::NativeIndex(NativeKind kind, int dim, const BuildParams& params)
    : kind_(kind), dim_(dim), index_(create_index(kind, dim, params)) {}

NativeIndex::NativeIndex(std::unique_ptr<faiss::Index> loaded)
    : kind_(kind_of(loaded.get())), dim_(static_cast<int>(loaded->d)), index_(std::move(loaded)) {
    finish_build();
}

void NativeIndex::train(const float* vectors, int64_t n, int threads) {
    omp_set_num_threads(threads);
    index_->train(n, vectors);
}

void NativeIndex::add(const float* vectors, int64_t n, int threads) {
    if (!index_->is_trained) {
        throw std::logic_error("index must be trained before vectors are added");
    }
    omp_set_num_threads(threads);
    index_->add(n, vectors);
}

std::vector<int64_t> NativeIndex::reorder_for_locality(int64_t seed, int threads) {
    if (kind_ != NativeKind::HNSW) {
        return {};
    }
    return reorder_by_cluster(*static_cast<faiss::IndexHNSWFlat*>(index_.get()), seed, threads);
}

void NativeIndex::finish_build() {
    contiguous_ = nullptr;
    codes_ = QuantizedRows();
    rows_.clear();
    rows_.shrink_to_fit();
    switch (kind_) {
        case NativeKind::FLAT:
            contiguous_ = static_cast<const faiss::IndexFlat*>(index_.get())->get_xb();
            break;
        case NativeKind::HNSW: {
            auto* hnsw = static_cast<const faiss::IndexHNSW*>(index_.get());
            auto* storage = dynamic_cast<const faiss::IndexFlat*>(hnsw->storage);
            if (storage == nullptr) {
                throw std::invalid_argument("HNSW index without flat storage");
            }
            contiguous_ = storage->get_xb();
            codes_ = QuantizedRows(contiguous_, static_cast<size_t>(count()), static_cast<size_t>(dim_));
            advise_huge_pages(codes_.data(), codes_.bytes());
            advise_huge_pages(hnsw->hnsw.neighbors.data(),
                              hnsw->hnsw.neighbors.size() * sizeof(hnsw->hnsw.neighbors[0]));
            break;
        }
        case NativeKind::IVF_FLAT: {
            // IVF-Flat codes are the raw floats, grouped by list; map positions to them.
            auto* ivf = static_cast<const faiss::IndexIVFFlat*>(index_.get());
            rows_.assign(static_cast<size_t>(ivf->ntotal), nullptr);
            const faiss::InvertedLists* lists = ivf->invlists;
            for (size_t list = 0; list < lists->nlist; list++) {
                size_t size = lists->list_size(list);
                if (size == 0) {
                    continue;
                }
                const auto* ids = lists->get_ids(list);
                const auto* codes = reinterpret_cast<const float*>(lists->get_codes(list));
                for (size_t j = 0; j < size; j++) {
                    if (ids[j] < 0 || ids[j] >= ivf->ntotal) {
                        throw std::invalid_argument("IVF list holds an id outside 0..ntotal-1");
                    }
                    rows_[ids[j]] = codes + j * dim_;
                }
            }
            for (const float* r : rows_) {
                if (r == nullptr) {
                    throw std::invalid_argument("IVF lists do not cover every position");
                }
            }
            break;
        }
    }
    if (contiguous_ != nullptr) {
        advise_huge_pages(contiguous_, static_cast<size_t>(count()) * dim_ * sizeof(float));
    }
}

int NativeIndex::search(const float* query, int k, int param, const unsigned long long* allowed,
                        size_t allowed_words, float* scores, int64_t* positions) const {
    single_threaded_search();
    if (count() == 0 || k <= 0) {
        return 0;
    }
    if (kind_ == NativeKind::HNSW) {
        auto* hnsw = static_cast<const faiss::IndexHNSW*>(index_.get());
        HnswQuery q{query, k, param, allowed};
        return hnsw_search(hnsw->hnsw, contiguous_, codes_, static_cast<size_t>(count()),
                           q, scores, positions);
    }

    // faiss wants a non-const selector pointer and a byte-addressed bitmap; on little-endian
    // x86 a little-endian long[] word array is exactly that layout.
    std::unique_ptr<faiss::IDSelectorBitmap> selector;
    if (allowed != nullptr) {
        selector = std::make_unique<faiss::IDSelectorBitmap>(
                allowed_words * 8, reinterpret_cast<const uint8_t*>(allowed));
    }
    std::vector<float> distances(k);
    std::vector<faiss::Index::idx_t> labels(k);
    if (kind_ == NativeKind::IVF_FLAT) {
        faiss::SearchParametersIVF params;
        params.nprobe = static_cast<size_t>(std::max(1, param));
        params.sel = selector.get();
        index_->search(1, query, k, distances.data(), labels.data(), &params);
    } else {
        faiss::SearchParameters params;
        params.sel = selector.get();
        index_->search(1, query, k, distances.data(), labels.data(), &params);
    }
    // faiss leaves -1 labels when fewer than k pass; re-sort so ties order by position
    TopK top(k);
    for (int i = 0; i < k; i++) {
        if (labels[i] >= 0) {
            top.offer(distances[i], labels[i]);
        }
    }
    return top.drain(scores, positions);
}

int NativeIndex::search_allowed_exactly(const float* query, int k, const unsigned long long* allowed,
                                        size_t allowed_words, float* scores, int64_t* positions) const {
    if (count() == 0 || k <= 0 || allowed == nullptr) {
        return 0;
    }
    thread_local std::vector<int64_t> allowed_positions;
    gather_allowed(count(), allowed, allowed_words, allowed_positions);
    TopK top(k);
    if (!codes_.empty()) {
        scan_allowed_coded(query, dim_, allowed_positions, contiguous_, codes_, top, k);
    } else {
        scan_allowed(query, dim_, allowed_positions, contiguous_, rows_, top);
    }
    return top.drain(scores, positions);
}

void NativeIndex::append_to_file(const std::string& path) const {
    FILE* f = std::fopen(path.c_str(), "ab");
    if (f == nullptr) {
        throw std::runtime_error("cannot open " + path + " for appending");
    }
    try {
        faiss::write_index(index_.get(), f);
    } catch (...) {
        std::fclose(f);
        throw;
    }
    if (std::fclose(f) != 0) {
        throw std::runtime_error("error closing " + path);
    }
}

std::unique_ptr<NativeIndex> NativeIndex::read_from_file(const std::string& path, int64_t offset) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
        throw std::runtime_error("cannot open " + path);
    }
    std::unique_ptr<faiss::Index> index;
    try {
        if (std::fseek(f, static_cast<long>(offset), SEEK_SET) != 0) {
            throw std::runtime_error("cannot seek to the FAISS payload of " + path);
        }
        index.reset(faiss::read_index(f));
    } catch (...) {
        std::fclose(f);
        throw;
    }
    std::fclose(f);
    return std::make_unique<NativeIndex>(std::move(index));
}

} // namespace recsys
