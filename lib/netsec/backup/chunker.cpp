#include "netsec/backup/chunker.hpp"

#include <array>
#include <bit>

namespace netsec::backup {
namespace {

// 256 fixed pseudo-random words (SplitMix64 from a fixed seed): part of the format, since
// changing them changes every cut point. See netsec-backup(5).
std::array<std::uint64_t, 256> make_gear() {
    std::array<std::uint64_t, 256> g{};
    std::uint64_t x = 0x6e65747365632d62ULL; // "netsec-b"
    for (auto& v : g) {
        x += 0x9e3779b97f4a7c15ULL;
        std::uint64_t z = x;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        v = z ^ (z >> 31);
    }
    return g;
}

const std::array<std::uint64_t, 256> gear = make_gear();

// A mask of the top `bits` bits: with h = (h << 1) + gear[b], the top bits depend on the last
// 64 bytes, the low bits on fewer.
std::uint64_t top_bits(int bits) { return bits <= 0 ? 0 : ~std::uint64_t(0) << (64 - bits); }

} // namespace

std::size_t find_cut(const std::uint8_t* data, std::size_t size, const ChunkSizes& sizes) {
    if (size <= sizes.min) return size;
    std::size_t n = size < sizes.max ? size : sizes.max;
    std::size_t normal = sizes.avg < n ? sizes.avg : n;
    int avg_bits = std::countr_zero(sizes.avg);
    const std::uint64_t mask_small = top_bits(avg_bits + 2); // harder to cut before avg
    const std::uint64_t mask_large = top_bits(avg_bits - 2); // easier after
    std::uint64_t h = 0;
    std::size_t i = sizes.min;
    for (; i < normal; ++i) {
        h = (h << 1) + gear[data[i]];
        if (!(h & mask_small)) return i + 1;
    }
    for (; i < n; ++i) {
        h = (h << 1) + gear[data[i]];
        if (!(h & mask_large)) return i + 1;
    }
    return n;
}

} // namespace netsec::backup
