#include "huge_pages.h"

#include <cstdint>

#include <sys/mman.h>

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25 // Linux 6.1; older glibc headers lack the name
#endif

namespace recsys {

void advise_huge_pages(const void* data, size_t bytes) {
    constexpr uintptr_t huge = 2u << 20;
    uintptr_t begin = (reinterpret_cast<uintptr_t>(data) + huge - 1) & ~(huge - 1);
    uintptr_t end = (reinterpret_cast<uintptr_t>(data) + bytes) & ~(huge - 1);
    if (data == nullptr || end <= begin) {
        return;
    }
    void* start = reinterpret_cast<void*>(begin);
    size_t length = end - begin;
    if (madvise(start, length, MADV_HUGEPAGE) == 0) {
        madvise(start, length, MADV_COLLAPSE); // EINVAL before 6.1: khugepaged does it later
    }
}

} // namespace recsys
