// A repository's index: the files that say which pack holds each blob, read, written and flushed.
#include "netsec/backup/repository.hpp"
#include "netsec/backup/repository_format.hpp"
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

namespace netsec::backup {

using namespace detail;

namespace {

// {"packs":[{"blobs":[...],"id":PACK},...]}
template <class Packs>
std::string index_json(const Packs& packs) {
    std::size_t n = 0;
    for (const auto& [pid, entries] : packs) n += entries.size();
    std::string out;
    out.reserve(n * 150 + packs.size() * 90 + 16);
    out += "{\"packs\":[";
    bool first = true;
    for (const auto& [pid, entries] : packs) {
        if (!first) out += ',';
        first = false;
        out += "{\"blobs\":";
        append_entries_json(out, entries);
        out += ",\"id\":\"";
        detail::append_hex(out, pid);
        out += "\"}";
    }
    out += "]}";
    return out;
}

// The fast path for an index file as written above; false means "parse it the general way".
bool parse_index_fast(std::string_view text, std::unordered_map<Id, BlobLoc, IdHash>& index) {
    detail::JsonCursor c(text);
    std::string_view k, v;
    if (!c.lit('{') || !c.key(k) || k != "packs" || !c.lit('[')) return false;
    std::vector<PackEntry> entries;
    if (!c.peek(']')) do {
            if (!c.lit('{')) return false;
            entries.clear();
            Id pid{};
            bool has_id = false, has_blobs = false;
            do {
                if (!c.key(k)) return false;
                if (k == "id") {
                    if (has_id || !c.str(v) || !detail::parse_hex_id(v, pid)) return false;
                    has_id = true;
                } else if (k == "blobs") {
                    if (has_blobs || !c.lit('[')) return false;
                    has_blobs = true;
                    if (!c.peek(']')) do {
                            if (!c.lit('{')) return false;
                            PackEntry& e = entries.emplace_back();
                            int seen = 0;
                            do {
                                if (!c.key(k)) return false;
                                if (k == "id") {
                                    if (!c.str(v) || !detail::parse_hex_id(v, e.id)) return false;
                                    seen |= 1;
                                } else if (k == "type") {
                                    if (!c.str(v) || (v != "data" && v != "tree")) return false;
                                    e.loc.type = v == "tree" ? BlobType::tree : BlobType::data;
                                    seen |= 2;
                                } else if (k == "offset") {
                                    if (!c.u64(e.loc.offset)) return false;
                                    seen |= 4;
                                } else if (k == "length") {
                                    if (!c.u32(e.loc.length)) return false;
                                    seen |= 8;
                                } else if (k == "raw_length") {
                                    if (!c.u32(e.loc.raw_length)) return false;
                                    seen |= 16;
                                } else {
                                    return false;
                                }
                            } while (c.lit(','));
                            if (!c.lit('}') || seen != 31) return false;
                        } while (c.lit(','));
                    if (!c.lit(']')) return false;
                } else {
                    return false;
                }
            } while (c.lit(','));
            if (!c.lit('}') || !has_id || !has_blobs) return false;
            for (auto& e : entries) {
                e.loc.pack = pid;
                index.emplace(e.id, e.loc);
            }
        } while (c.lit(','));
    return c.lit(']') && c.lit('}') && c.done();
}

} // namespace

void Repository::load_index() {
    auto names = storage_->list("index");
    std::set<std::string> now(names.begin(), names.end());
    if (!std::includes(now.begin(), now.end(), index_files_.begin(), index_files_.end())) {
        std::lock_guard lock(mutex_);
        index_.clear();
        index_files_.clear();
    }
    for (const auto& name : names) {
        if (index_files_.count(name)) continue; // files are never changed once named
        std::string bytes = storage_->read(name);
        auto plain = sealer_.open(bytes, aad_index, plain_limit(bytes.size(), ids_ratio));
        if (!plain) throw Error(Exit::data, _f("the index file '{}/{}' is damaged", location(), name));
        if (parse_index_fast(*plain, index_)) {
            index_files_.insert(name);
            continue;
        }
        try {
            auto j = json::parse(*plain);
            for (const auto& p : j.at("packs")) {
                auto pid = parse_id(p.at("id").get<std::string>());
                if (!pid) throw std::runtime_error("id");
                for (auto& e : parse_entries(p.at("blobs"), *pid)) index_.emplace(e.id, e.loc);
            }
        } catch (const std::exception&) {
            throw Error(Exit::data, _f("the index file '{}/{}' is damaged", location(), name));
        }
        index_files_.insert(name);
    }
}

std::optional<BlobLoc> Repository::find(const Id& id) const {
    std::lock_guard lock(mutex_);
    auto it = index_.find(id);
    if (it == index_.end()) return std::nullopt;
    return it->second;
}

bool Repository::plausible(const BlobLoc& loc) const {
    if (loc.type == BlobType::tree) return loc.raw_length <= plain_limit(loc.length, tree_ratio, tree_room);
    return loc.raw_length <= sizes_.max && loc.length <= sizes_.max + 64;
}

std::string Repository::write_full_index(const std::set<Id>& leaving) {
    auto packs = packs_in_index();
    for (const auto& pid : leaving) packs.erase(pid);
    std::string bytes = sealer_.seal(index_json(packs), aad_index, compression);
    std::string name = "index/" + to_hex(sha256(bytes));
    storage_->write_once(name, bytes);
    return name;
}

void Repository::flush() {
    for (int t = 0; t < 2; ++t) {
        std::optional<OpenPack> last;
        {
            std::lock_guard lock(pack_mutex_[t]);
            if (!open_[t].entries.empty()) last.emplace(std::move(open_[t]));
            open_[t] = OpenPack{};
        }
        if (last) close_pack(std::move(*last));
    }
    std::vector<std::pair<Id, std::vector<PackEntry>>> packs;
    {
        std::lock_guard lock(mutex_);
        packs.swap(new_packs_);
    }
    if (packs.empty()) return;
    std::string bytes = sealer_.seal(index_json(packs), aad_index, compression);
    storage_->write_once("index/" + to_hex(sha256(bytes)), bytes);
}

std::unordered_map<Id, std::vector<PackEntry>, IdHash> Repository::packs_in_index() const {
    std::lock_guard lock(mutex_);
    std::unordered_map<Id, std::vector<PackEntry>, IdHash> out;
    for (const auto& [id, loc] : index_) out[loc.pack].push_back({id, loc});
    for (auto& [pid, v] : out)
        std::sort(v.begin(), v.end(),
                  [](const PackEntry& a, const PackEntry& b) { return a.loc.offset < b.loc.offset; });
    return out;
}

} // namespace netsec::backup
