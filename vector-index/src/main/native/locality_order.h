// Renumbers the nodes of a built HNSW graph so that vectors near each other in space also
// sit near each other in memory.
//
// A search walks a few neighbourhoods of the graph, but FAISS numbers nodes in insertion
// order, so at a million rows each visited node's code row and neighbour list is a read on
// a page of its own. On virtual machines a TLB miss costs a two-level page walk, and the
// walk's latency then depends more on where its pages lie than on how many rows it scores.
// Grouping the rows by k-means cluster keeps a search inside a few hundred pages.
#pragma once

#include <cstdint>
#include <vector>

#include <faiss/IndexHNSW.h>

namespace recsys {

// Tables smaller than this fit the caches in any order; they are left as FAISS built them.
constexpr int64_t kLocalityOrderMinRows = 65536;

// About this many rows per cluster: a cluster's codes, neighbour lists and floats then span
// a few dozen 4 KB pages each.
constexpr int64_t kLocalityClusterRows = 1024;

// Reorders index in place (storage rows, levels, offsets, neighbour lists, entry point) and
// returns the old position of each new position; empty when the table is too small to
// gain. The graph is the same graph, so searches return the same neighbours.
std::vector<int64_t> reorder_by_cluster(faiss::IndexHNSWFlat& index, int64_t seed, int threads);

} // namespace recsys
