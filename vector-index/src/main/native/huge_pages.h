// Backing the big read-mostly arrays (vectors, graph) with 2 MB pages.
//
// HNSW and subset scans read vectors at random over hundreds of megabytes: with 4 KB pages
// nearly every vector read also misses the TLB, and the page walk costs about as much as the
// cache miss itself. The kernel here runs THP in "madvise" mode, so the arrays must ask.
#pragma once

#include <cstddef>

namespace recsys {

// Best effort: asks for huge pages on the 2 MB-aligned part of [data, data + bytes) and, where
// the kernel supports MADV_COLLAPSE (Linux 6.1+), turns the pages already there into huge pages
// now. Does nothing on failure; the memory works either way.
void advise_huge_pages(const void* data, size_t bytes);

} // namespace recsys
