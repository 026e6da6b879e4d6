// The entries of one folder in a snapshot, and their encoding as a tree blob (JSON; names and
// link targets as raw bytes: "name" when valid UTF-8, else "name_hex").
#pragma once
#include "netsec/backup/crypto.hpp"
#include "netsec/core/hash.hpp"

#include <cstdint>
#include <limits>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace netsec::backup {

enum class NodeType { file, dir, symlink, fifo, chardev, blockdev };

struct Node {
    std::string name; // raw bytes: a valid_name
    NodeType type = NodeType::file;
    std::uint32_t mode = 0; // permission bits, 07777
    std::uint32_t uid = 0, gid = 0;
    std::int64_t mtime_sec = 0;
    std::uint32_t mtime_nsec = 0;
    std::int64_t ctime_sec = 0;
    std::uint32_t ctime_nsec = 0;
    std::uint64_t inode = 0, dev = 0, rdev = 0;
    std::uint64_t size = 0;       // files: bytes of content
    std::string target;           // symlinks: raw bytes
    std::uint64_t link_group = 0; // files hardlinked together share a group number > 0
    std::vector<Id> content;      // files: chunk ids in order
    Id subtree{};                 // dirs
};

const char* type_name(NodeType t);

// Whether `name` can be one entry of a folder: not empty, not "." or "..", no '/' and no NUL
// byte. Every reader of a tree holds its names to this one rule.
bool valid_name(std::string_view name);

// The tree blob's bytes for `nodes` (sorted by name by the caller).
std::string encode_tree(const std::vector<Node>& nodes);
// The entries of a tree blob, in strictly increasing byte order of their names (as run writes
// them). Throws Error(data) when `bytes` is not a tree, when a name is not a valid_name or a link
// target holds a NUL byte, and when a name comes twice or out of order: such a tree is damage,
// never read (a second entry of one name could lead a restore through the first).
std::vector<Node> decode_tree(const std::string& bytes);

namespace detail {

// The one way the general JSON readers of repository files (config, key, index, pack header,
// snapshot, tree, lock) take an integer: `j` must be a JSON integer (no fraction, no exponent)
// within [lo, hi], else this throws std::out_of_range, which each reader turns into its
// "… is damaged" Error naming the file. nlohmann's own get<T>() converts a float such as 1e30
// with a cast whose result is undefined; this never converts. Instantiated for std::int32_t,
// std::uint32_t, std::int64_t and std::uint64_t (std::size_t).
template <class T>
T json_integer(const nlohmann::json& j, T lo = std::numeric_limits<T>::min(), T hi = std::numeric_limits<T>::max());

// A strict reader of the compact JSON this repository writes (no escapes in strings, integers
// only): the fast path for trees and indexes. Anything else makes it fail, and the caller falls
// back to a general JSON parser.
struct JsonCursor {
    const char* p;
    const char* end;
    explicit JsonCursor(std::string_view s) : p(s.data()), end(s.data() + s.size()) {}
    void ws() {
        while (p < end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')) ++p;
    }
    bool lit(char c) {
        ws();
        if (p < end && *p == c) return ++p, true;
        return false;
    }
    bool peek(char c) {
        ws();
        return p < end && *p == c;
    }
    // A string without escapes or control characters.
    bool str(std::string_view& out) {
        if (!lit('"')) return false;
        const char* s = p;
        while (p < end && *p != '"') {
            if (*p == '\\' || static_cast<unsigned char>(*p) < 0x20) return false;
            ++p;
        }
        if (p == end) return false;
        out = std::string_view(s, std::size_t(p - s));
        ++p;
        return true;
    }
    bool key(std::string_view& k) { return str(k) && lit(':'); }
    bool u64(std::uint64_t& v) {
        ws();
        if (p == end || *p < '0' || *p > '9') return false;
        v = 0;
        const char* s = p;
        while (p < end && *p >= '0' && *p <= '9') {
            if (p - s >= 19) return false; // keeps clear of overflow
            v = v * 10 + std::uint64_t(*p++ - '0');
        }
        return p == end || (*p != '.' && *p != 'e' && *p != 'E');
    }
    bool i64(std::int64_t& v) {
        ws();
        bool neg = p < end && *p == '-';
        if (neg) ++p;
        std::uint64_t u = 0;
        if (!u64(u) || u > std::uint64_t(INT64_MAX)) return false; // the general reader decides
        v = neg ? -std::int64_t(u) : std::int64_t(u);
        return true;
    }
    bool u32(std::uint32_t& v) {
        std::uint64_t u = 0;
        if (!u64(u) || u > 0xffffffffull) return false;
        v = std::uint32_t(u);
        return true;
    }
    bool done() {
        ws();
        return p == end;
    }
};

// Appends `id` as 64 hex digits.
inline void append_hex(std::string& out, const Id& id) {
    hash::append_hex(out, std::string_view(reinterpret_cast<const char*>(id.data()), id.size()));
}
// 64 lowercase hex digits into `id`; false otherwise.
inline bool parse_hex_id(std::string_view hex, Id& id) { return hash::hex_decode_into(hex, id.data(), id.size()); }

} // namespace detail

} // namespace netsec::backup
