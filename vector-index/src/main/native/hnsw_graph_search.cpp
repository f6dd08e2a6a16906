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

// Per-thread visit marks: one bit per position (128 KB per million, so it stays in L2, where
// a byte or counter per position would not). Each search first clears the bits the previous
// one set, from its list of them: a few thousand stores instead of clearing the whole table.
struct VisitMarks {
    std::vector<uint64_t> bits;
    std::vector<int> touched;

    void begin(size_t count) {
        size_t words = (count + 63) / 64;
        for (int position : touched) {
            bits[static_cast<size_t>(position) >> 6] = 0;
        }
        touched.clear();
        if (bits.size() < words) {
            bits.assign(words, 0);
        }
    }

    // true when already visited during this search
    bool test_and_set(int position) {
        uint64_t& word = bits[static_cast<size_t>(position) >> 6];
        uint64_t mask = 1ULL << (position & 63);
        if (word & mask) {
            return true;
        }
        word |= mask;
        touched.push_back(position);
        return false;
    }
};

using Entry = std::pair<float, int>; // (score, position)

struct SearchScratch {
    VisitMarks visited;
    std::vector<Entry> candidates; // max-heap on score: explore the most promising first
    std::vector<Entry> results;    // min-heap on score: the ef best allowed so far
    std::vector<int> fresh;        // unvisited neighbours of the node being expanded
    std::vector<float> fresh_scores;
    QuantizedRows::Query coded;    // the query in the code kernel's form
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
int hnsw_search(const faiss::HNSW& graph, const float* vectors, const QuantizedRows& codes, size_t count,
                const HnswQuery& query, float* scores, int64_t* positions) {
    if (graph.entry_point < 0 || count == 0 || query.k <= 0) {
        return 0;
    }
    const size_t dim = codes.dim();
    SearchScratch& s = scratch;
    codes.prepare(query.vector, s.coded);
    auto score_of = [&](int v) {
        float score;
        codes.score(s.coded, &v, 1, &score);
        return score;
    };
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
        s.fresh_scores.resize(s.fresh.size());
        codes.score(s.coded, s.fresh.data(), s.fresh.size(), s.fresh_scores.data());
        for (size_t i = 0; i < s.fresh.size(); i++) {
            int v = s.fresh[i];
            float sv = s.fresh_scores[i];
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

    // the walk ranked by codes; the ef it kept are rescored with the float vectors
    TopK top(query.k);
    auto row_of = [&](size_t i) { return vectors + static_cast<size_t>(s.results[i].second) * dim; };
    for_each_prefetched<4>(s.results.size(), dim, row_of, [&](size_t i) {
        top.offer(inner_product(row_of(i), query.vector, dim), s.results[i].second);
    });
    return top.drain(scores, positions);
}

} // namespace recsys
