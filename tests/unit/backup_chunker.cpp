#include "netsec/backup/chunker.hpp"

#include <doctest/doctest.h>
#include <random>
#include <set>
#include <vector>

using namespace netsec::backup;

namespace {

std::vector<std::uint8_t> random_bytes(std::size_t n, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::vector<std::uint8_t> v(n);
    for (auto& b : v) b = std::uint8_t(rng());
    return v;
}

// Cut offsets (end of each chunk) of the whole buffer, fed as a stream would be.
std::vector<std::size_t> cuts(const std::vector<std::uint8_t>& data, const ChunkSizes& s) {
    std::vector<std::size_t> out;
    std::size_t at = 0;
    while (at < data.size()) {
        at += find_cut(data.data() + at, data.size() - at, s);
        out.push_back(at);
    }
    return out;
}

} // namespace

TEST_CASE("chunks keep to their bounds and average near the target") {
    ChunkSizes s;
    auto data = random_bytes(64 << 20, 1);
    auto c = cuts(data, s);
    std::size_t prev = 0;
    for (std::size_t i = 0; i < c.size(); ++i) {
        std::size_t len = c[i] - prev;
        if (i + 1 < c.size()) CHECK(len >= s.min);
        CHECK(len <= s.max);
        prev = c[i];
    }
    double avg = double(data.size()) / double(c.size());
    CHECK(avg > 0.6 * double(s.avg));
    CHECK(avg < 1.6 * double(s.avg));
}

TEST_CASE("an insertion near the start moves only the cuts near it") {
    ChunkSizes s;
    auto data = random_bytes(32 << 20, 2);
    auto before = cuts(data, s);
    auto changed = data;
    auto extra = random_bytes(1000, 3);
    changed.insert(changed.begin() + 100000, extra.begin(), extra.end());
    auto after = cuts(changed, s);
    std::set<std::size_t> shifted;
    for (auto c : after)
        if (c > 100000) shifted.insert(c - extra.size());
    std::size_t same = 0;
    for (auto c : before)
        if (shifted.count(c)) ++same;
    CHECK(same + 2 >= before.size()); // at most the chunks around the insertion differ
}

TEST_CASE("the same bytes always cut at the same places") {
    ChunkSizes s;
    auto data = random_bytes(8 << 20, 4);
    CHECK(cuts(data, s) == cuts(data, s));
}

TEST_CASE("short input is one chunk; input of equal bytes cuts at max") {
    ChunkSizes s;
    std::vector<std::uint8_t> small(1000, 7);
    CHECK(find_cut(small.data(), small.size(), s) == 1000);
    std::vector<std::uint8_t> zeros(3 * s.max, 0);
    CHECK(find_cut(zeros.data(), zeros.size(), s) == s.max);
}
