// What the repository's files share: size limits, small-file reads, a pack's blob list as JSON.
#include "netsec/backup/repository_format.hpp"
#include "netsec/backup/repository.hpp"
#include "netsec/backup/tree.hpp"

#include "netsec/core/caller.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>
#include <openssl/rand.h>
#include <optional>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace netsec::backup::detail {

const char* type_name(BlobType t) { return t == BlobType::tree ? "tree" : "data"; }

std::size_t plain_limit(std::size_t stored, std::size_t ratio, std::size_t room) {
    return stored > (max_plain_size - room) / ratio ? max_plain_size : stored * ratio + room;
}

std::string read_small(Storage& storage, const std::string& name) {
    std::uint64_t n = storage.size(name);
    if (n > small_file_max)
        throw Error(Exit::data, _f("'{}/{}' is damaged: {} bytes, more than a repository writes there",
                                   storage.location(), name, n));
    return storage.read(name, 0, n);
}

void append_entries_json(std::string& out, const std::vector<PackEntry>& entries) {
    out += '[';
    bool first = true;
    for (const auto& e : entries) {
        if (!first) out += ',';
        first = false;
        out += "{\"id\":\"";
        detail::append_hex(out, e.id);
        out += "\",\"length\":";
        out += std::to_string(e.loc.length);
        out += ",\"offset\":";
        out += std::to_string(e.loc.offset);
        out += ",\"raw_length\":";
        out += std::to_string(e.loc.raw_length);
        out += ",\"type\":\"";
        out += type_name(e.loc.type);
        out += "\"}";
    }
    out += ']';
}

std::vector<PackEntry> parse_entries(const json& a, const Id& pack) {
    std::vector<PackEntry> out;
    for (const auto& b : a) {
        PackEntry e;
        auto id = parse_id(b.at("id").get<std::string>());
        if (!id) throw std::runtime_error("bad id");
        e.id = *id;
        e.loc.pack = pack;
        e.loc.type = b.at("type").get<std::string>() == "tree" ? BlobType::tree : BlobType::data;
        e.loc.offset = detail::json_integer<std::uint64_t>(b.at("offset"));
        e.loc.length = detail::json_integer<std::uint32_t>(b.at("length"));
        e.loc.raw_length = detail::json_integer<std::uint32_t>(b.at("raw_length"));
        out.push_back(e);
    }
    return out;
}

} // namespace netsec::backup::detail
