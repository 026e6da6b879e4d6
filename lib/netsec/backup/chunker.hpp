// Content-defined chunking (FastCDC with a gear hash and normalised chunk sizes): cut points
// depend on the bytes around them, not on offsets, so an insertion moves only nearby cuts.
#pragma once
#include <cstddef>
#include <cstdint>

namespace netsec::backup {

struct ChunkSizes {
    std::size_t min = 256 * 1024;
    std::size_t avg = 1024 * 1024; // a power of two
    std::size_t max = 4 * 1024 * 1024;
};

// The length of the chunk that starts at `data`, given `size` bytes that are either at least
// `sizes.max` or the rest of the stream. Deterministic: the same bytes give the same cut.
std::size_t find_cut(const std::uint8_t* data, std::size_t size, const ChunkSizes& sizes);

} // namespace netsec::backup
