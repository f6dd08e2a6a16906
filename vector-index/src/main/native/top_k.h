// Bounded top-k by descending score; ties keep the lower position, so every kind of index
// orders equal scores the same way.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace recsys {

struct ScoredPosition {
    float score;
    int64_t position;
};

// "a ranks after b": lower score, or equal score and higher position.
inline bool ranks_after(const ScoredPosition& a, const ScoredPosition& b) {
    return a.score < b.score || (a.score == b.score && a.position > b.position);
}

class TopK {
public:
    explicit TopK(int k) : k_(k) { heap_.reserve(k > 0 ? k : 0); }

    bool full() const { return static_cast<int>(heap_.size()) >= k_; }

    // The score a newcomer must beat once the collector is full.
    float threshold() const { return heap_.front().score; }

    void offer(float score, int64_t position) {
        ScoredPosition candidate{score, position};
        if (!full()) {
            heap_.push_back(candidate);
            std::push_heap(heap_.begin(), heap_.end(), worst_on_top);
        } else if (ranks_after(heap_.front(), candidate)) {
            std::pop_heap(heap_.begin(), heap_.end(), worst_on_top);
            heap_.back() = candidate;
            std::push_heap(heap_.begin(), heap_.end(), worst_on_top);
        }
    }

    // Best first; returns the number written.
    int drain(float* scores, int64_t* positions) {
        std::sort(heap_.begin(), heap_.end(), [](const ScoredPosition& a, const ScoredPosition& b) {
            return ranks_after(b, a);
        });
        int n = static_cast<int>(heap_.size());
        for (int i = 0; i < n; i++) {
            scores[i] = heap_[i].score;
            positions[i] = heap_[i].position;
        }
        heap_.clear();
        return n;
    }

private:
    // std heap functions keep the "largest" on top; make the worst-ranked element the largest.
    static bool worst_on_top(const ScoredPosition& a, const ScoredPosition& b) { return ranks_after(b, a); }

    int k_;
    std::vector<ScoredPosition> heap_;
};

} // namespace recsys
