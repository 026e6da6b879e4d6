// Inside the backup module: what the repository's files share (repository*.cpp): the format's
// constants, how much a stored file may open to, reading a small file whole, and a pack's blob
// list as JSON.
#pragma once
#include "netsec/backup/repository.hpp"
#include "netsec/backup/storage.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace netsec::backup::detail {

using json = nlohmann::json;

constexpr std::size_t pack_target = 16 * 1024 * 1024;
constexpr std::string_view pack_magic = "NSBPACK1";
constexpr std::string_view aad_pack_header = "pack-header", aad_index = "index", aad_snapshot = "snapshot";
constexpr int format_version = 1;

// How much plaintext a metadata file of `stored` bytes may open to, before anything is
// allocated for it. zstd turns 94 KB into 3 GB of zeros; what this repository writes never
// comes near: an index or a pack header is mostly random hex ids (a real one compresses about
// three times); a snapshot is a few hundred bytes; a tree names an inode and a ctime in every
// entry (a folder of 50,000 empty files alike compresses 57 times). Each may hold `room` more
// whatever its size: a tree 64 MiB (folders of many files whose content lists repeat), the
// rest 1 MiB.
constexpr std::size_t ids_ratio = 16, tree_ratio = 256, snapshot_ratio = 256;
constexpr std::size_t small_room = std::size_t(1) << 20, tree_room = std::size_t(64) << 20;
std::size_t plain_limit(std::size_t stored, std::size_t ratio, std::size_t room = small_room);

// The small files of a repository (config, key file, lock, snapshots) are read whole only up to
// this many bytes: a damaged or planted file of gigabytes is refused, not read into memory.
constexpr std::uint64_t small_file_max = 16u << 20;

// The file `name` whole; throws Error(data) when it is larger than small_file_max.
std::string read_small(Storage& storage, const std::string& name);

// "tree" or "data".
const char* type_name(BlobType t);

// A pack's blob list as JSON, written directly (no document in memory), in the bytes
// nlohmann::json::dump() gives: keys sorted, no spaces.
void append_entries_json(std::string& out, const std::vector<PackEntry>& entries);

// The blob list of `pack` from its JSON; throws on a list not as written above.
std::vector<PackEntry> parse_entries(const json& a, const Id& pack);

} // namespace netsec::backup::detail
