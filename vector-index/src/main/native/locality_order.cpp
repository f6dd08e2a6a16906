#include "locality_order.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include <omp.h>

#include <faiss/Clustering.h>
#include <faiss/IndexFlat.h>

namespace recsys {
namespace {

// k-means over a sample, then every row's nearest centroid.
std::vector<int64_t> cluster_of_each_row(const float* vectors, int64_t n, int dim, int64_t seed) {
    int64_t clusters = std::max<int64_t>(1, n / kLocalityClusterRows);
    faiss::ClusteringParameters params;
    params.niter = 10;
    params.seed = static_cast<int>(seed);
    params.max_points_per_centroid = 64; // the sample: ordering needs no finer centroids
    params.verbose = false;
    faiss::Clustering kmeans(dim, static_cast<size_t>(clusters), params);
    faiss::IndexFlatL2 centroids(dim);
    kmeans.train(n, vectors, centroids);

    std::vector<int64_t> labels(static_cast<size_t>(n));
    std::vector<float> distances(static_cast<size_t>(n));
    constexpr int64_t block = 65536; // bounds the distance matrix FAISS allocates per call
    for (int64_t first = 0; first < n; first += block) {
        int64_t count = std::min(block, n - first);
        centroids.search(count, vectors + static_cast<size_t>(first) * dim, 1, distances.data() + first,
                         labels.data() + first);
    }
    for (int64_t& label : labels) {
        label = std::max<int64_t>(label, 0); // -1 for a row FAISS could not place (NaN): cluster 0
    }
    return labels;
}

} // namespace

std::vector<int64_t> reorder_by_cluster(faiss::IndexHNSWFlat& index, int64_t seed, int threads) {
    const int64_t n = index.ntotal;
    if (n < kLocalityOrderMinRows) {
        return {};
    }
    auto* storage = dynamic_cast<faiss::IndexFlat*>(index.storage);
    if (storage == nullptr) {
        throw std::invalid_argument("HNSW index without flat storage");
    }
    faiss::HNSW& graph = index.hnsw;
    const int dim = static_cast<int>(index.d);
    omp_set_num_threads(threads);

    // counting sort by cluster, stable within a cluster
    std::vector<int64_t> label = cluster_of_each_row(storage->get_xb(), n, dim, seed);
    int64_t clusters = *std::max_element(label.begin(), label.end()) + 1;
    std::vector<int64_t> start(static_cast<size_t>(clusters) + 1, 0);
    for (int64_t c : label) {
        start[static_cast<size_t>(c) + 1]++;
    }
    for (size_t c = 1; c < start.size(); c++) {
        start[c] += start[c - 1];
    }
    std::vector<int64_t> order(static_cast<size_t>(n));
    for (int64_t old = 0; old < n; old++) {
        order[static_cast<size_t>(start[static_cast<size_t>(label[static_cast<size_t>(old)])]++)] = old;
    }
    std::vector<faiss::HNSW::storage_idx_t> renumbered(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; i++) {
        renumbered[static_cast<size_t>(order[static_cast<size_t>(i)])] = static_cast<faiss::HNSW::storage_idx_t>(i);
    }

    const size_t row_bytes = storage->code_size;
    std::vector<uint8_t> rows(storage->codes.size());
    std::vector<int> levels(static_cast<size_t>(n));
    std::vector<size_t> offsets(static_cast<size_t>(n) + 1, 0);
    for (int64_t i = 0; i < n; i++) {
        size_t old = static_cast<size_t>(order[static_cast<size_t>(i)]);
        std::memcpy(rows.data() + static_cast<size_t>(i) * row_bytes, storage->codes.data() + old * row_bytes,
                    row_bytes);
        levels[static_cast<size_t>(i)] = graph.levels[old];
        offsets[static_cast<size_t>(i) + 1] = offsets[static_cast<size_t>(i)] + (graph.offsets[old + 1] - graph.offsets[old]);
    }
    storage->codes.swap(rows);
    rows = std::vector<uint8_t>();

    std::vector<faiss::HNSW::storage_idx_t> neighbors(offsets.back());
    for (int64_t i = 0; i < n; i++) {
        size_t old = static_cast<size_t>(order[static_cast<size_t>(i)]);
        size_t from = graph.offsets[old];
        size_t to = offsets[static_cast<size_t>(i)];
        for (size_t j = 0; j < graph.offsets[old + 1] - from; j++) {
            faiss::HNSW::storage_idx_t v = graph.neighbors[from + j];
            neighbors[to + j] = v < 0 ? v : renumbered[static_cast<size_t>(v)];
        }
    }
    graph.neighbors.swap(neighbors);
    graph.levels.swap(levels);
    graph.offsets.swap(offsets);
    if (graph.entry_point >= 0) {
        graph.entry_point = renumbered[static_cast<size_t>(graph.entry_point)];
    }
    return order;
}

} // namespace recsys
