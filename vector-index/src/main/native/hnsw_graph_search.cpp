#include "hnsw_graph_search.h"

#include <algorithm>
#include <limits>
#include <queue>
#include <utility>
#include <vector>

#include "simd_kernels.h"
#include "top_k.h"

namespace recsys {
namespace {

// Per-thread visit marks with a generation counter, so a search clears nothing up front.
struct VisitMarks {
    std::vector<uint16_t> marks;
    uint16_t generation = 0;

    void begin(size_t count) {
        if (marks.size() < count) {
            marks.assign(count, 0);
            generation = 0;
        }
        if (++generation == 0) {
            std::fill(marks.begin(), marks.end(), 0);
            generation = 1;
        }
    }

    // true when already visited during this search
    bool test_and_set(int position) {
        if (marks[position] == generation) {
            return true;
        }
        marks[position] = generation;
        return false;
    }
};

using Entry = std::pair<float, int>; // (score, position)

struct SearchScratch {
    VisitMarks visited;
    std::vector<Entry> candidates; // max-heap on score: explore the most promising first
    std::vector<Entry> results;    // min-heap on score: the ef best allowed so far
    std::vector<int> fresh;        // unvisited neighbours of the node being expanded
};

thread_local SearchScratch scratch;

struct BestFirst {
    bool operator()(const Entry& a, const Entry& b) const { return a.first < b.first; }
};
struct WorstFirst {
    bool operator()(const Entry& a, const Entry& b) const { return a.first > b.first; }
};

} // namespace

RECSYS_SIMD_CLONES
int hnsw_search(const faiss::HNSW& graph, const float* vectors, size_t dim, size_t count,
                const HnswQuery& query, float* scores, int64_t* positions) {
    if (graph.entry_point < 0 || count == 0 || query.k <= 0) {
        return 0;
    }
    const float* q = query.vector;
    auto score_of = [&](int v) { return inner_product(vectors + static_cast<size_t>(v) * dim, q, dim); };
    auto allowed = [&](int v) { return query.allowed == nullptr || bitmap_allows(query.allowed, v); };

    // greedy descent through the upper layers
    int current = graph.entry_point;
    float current_score = score_of(current);
    for (int level = graph.max_level; level >= 1; level--) {
        bool moved = true;
        while (moved) {
            moved = false;
            size_t begin, end;
            graph.neighbor_range(current, level, &begin, &end);
            for (size_t j = begin; j < end; j++) {
                int v = graph.neighbors[j];
                if (v < 0) {
                    break;
                }
                float s = score_of(v);
                if (s > current_score) {
                    current_score = s;
                    current = v;
                    moved = true;
                }
            }
        }
    }

    // beam search on layer 0
    const size_t ef = static_cast<size_t>(std::max(query.ef, query.k));
    SearchScratch& s = scratch;
    s.visited.begin(count);
    s.candidates.clear();
    s.results.clear();

    s.visited.test_and_set(current);
    s.candidates.emplace_back(current_score, current);
    if (allowed(current)) {
        s.results.emplace_back(current_score, current);
    }
    float lower_bound = s.results.empty() ? -std::numeric_limits<float>::infinity() : current_score;

    while (!s.candidates.empty()) {
        Entry best = s.candidates.front();
        // With a filter the beam must first hold ef allowed nodes before it may stop.
        if (best.first < lower_bound && s.results.size() >= ef) {
            break;
        }
        std::pop_heap(s.candidates.begin(), s.candidates.end(), BestFirst());
        s.candidates.pop_back();

        size_t begin, end;
        graph.neighbor_range(best.second, 0, &begin, &end);
        s.fresh.clear();
        for (size_t j = begin; j < end; j++) {
            int v = graph.neighbors[j];
            if (v < 0) {
                break;
            }
            if (!s.visited.test_and_set(v)) {
                s.fresh.push_back(v);
            }
        }
        // The vectors are random reads; fetch the next one while scoring the current.
        if (!s.fresh.empty()) {
            prefetch_vector(vectors + static_cast<size_t>(s.fresh[0]) * dim, dim);
        }
        for (size_t i = 0; i < s.fresh.size(); i++) {
            if (i + 1 < s.fresh.size()) {
                prefetch_vector(vectors + static_cast<size_t>(s.fresh[i + 1]) * dim, dim);
            }
            int v = s.fresh[i];
            float sv = score_of(v);
            if (s.results.size() < ef || sv > lower_bound) {
                s.candidates.emplace_back(sv, v);
                std::push_heap(s.candidates.begin(), s.candidates.end(), BestFirst());
                if (allowed(v)) {
                    s.results.emplace_back(sv, v);
                    std::push_heap(s.results.begin(), s.results.end(), WorstFirst());
                    if (s.results.size() > ef) {
                        std::pop_heap(s.results.begin(), s.results.end(), WorstFirst());
                        s.results.pop_back();
                    }
                    if (s.results.size() >= ef) {
                        lower_bound = s.results.front().first;
                    }
                }
            }
        }
    }

    TopK top(query.k);
    for (const Entry& e : s.results) {
        top.offer(e.first, e.second);
    }
    return top.drain(scores, positions);
}

} // namespace recsys
