// The entries of one folder in a snapshot, and their encoding as a tree blob (JSON; names and
// link targets as raw bytes: "name" when valid UTF-8, else "name_hex").
#pragma once
#include "netsec/backup/crypto.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace netsec::backup {

enum class NodeType { file, dir, symlink, fifo, chardev, blockdev };

struct Node {
    std::string name; // raw bytes, never empty, no '/'
    NodeType type = NodeType::file;
    std::uint32_t mode = 0; // permission bits, 07777
    std::uint32_t uid = 0, gid = 0;
    std::int64_t mtime_sec = 0;
    std::uint32_t mtime_nsec = 0;
    std::int64_t ctime_sec = 0;
    std::uint32_t ctime_nsec = 0;
    std::uint64_t inode = 0, dev = 0, rdev = 0;
    std::uint64_t size = 0;         // files: bytes of content
    std::string target;             // symlinks: raw bytes
    std::uint64_t link_group = 0;   // files hardlinked together share a group number > 0
    std::vector<Id> content;        // files: chunk ids in order
    Id subtree{};                   // dirs
};

const char* type_name(NodeType t);

// The tree blob's bytes for `nodes` (sorted by name by the caller).
std::string encode_tree(const std::vector<Node>& nodes);
// Throws Error(data) when `bytes` is not a tree.
std::vector<Node> decode_tree(const std::string& bytes);


} // namespace netsec::backup
