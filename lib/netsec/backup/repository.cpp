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
#include <sys/stat.h>
#include <optional>
#include <thread>
#include <unistd.h>

namespace netsec::backup {
namespace {

using json = nlohmann::json;

constexpr std::size_t pack_target = 16 * 1024 * 1024;
constexpr std::string_view pack_magic = "NSBPACK1";
constexpr std::string_view aad_pack_header = "pack-header", aad_index = "index", aad_snapshot = "snapshot";
constexpr int format_version = 1;

const char* type_name(BlobType t) { return t == BlobType::tree ? "tree" : "data"; }

// How much plaintext a metadata file of `stored` bytes may open to, before anything is
// allocated for it. zstd turns 94 KB into 3 GB of zeros; what this repository writes never
// comes near: an index or a pack header is mostly random hex ids (a real one compresses about
// three times); a snapshot is a few hundred bytes; a tree names an inode and a ctime in every
// entry (a folder of 50,000 empty files alike compresses 57 times). Each may hold `room` more
// whatever its size: a tree 64 MiB (folders of many files whose content lists repeat), the
// rest 1 MiB.
constexpr std::size_t ids_ratio = 16, tree_ratio = 256, snapshot_ratio = 256;
constexpr std::size_t small_room = std::size_t(1) << 20, tree_room = std::size_t(64) << 20;
std::size_t plain_limit(std::size_t stored, std::size_t ratio, std::size_t room = small_room) {
    return stored > (max_plain_size - room) / ratio ? max_plain_size : stored * ratio + room;
}

// The small files of a repository (config, key file, lock, snapshots) are read whole only up to
// this many bytes: a damaged or planted file of gigabytes is refused, not read into memory.
constexpr std::uint64_t small_file_max = 16u << 20;

std::string read_small(Storage& storage, const std::string& name) {
    std::uint64_t n = storage.size(name);
    if (n > small_file_max)
        throw Error(Exit::data, _f("'{}/{}' is damaged: {} bytes, more than a repository writes there",
                                   storage.location(), name, n));
    return storage.read(name, 0, n);
}

// A pack's blob list as JSON, written directly (no document in memory), in the bytes
// nlohmann::json::dump() gives: keys sorted, no spaces.
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

std::string entries_json(const std::vector<PackEntry>& entries) {
    std::string out;
    out.reserve(entries.size() * 150 + 2);
    append_entries_json(out, entries);
    return out;
}

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

std::string short_id(const Id& id) { return to_hex(id).substr(0, 8); }

} // namespace

std::string now_rfc3339_ns() {
    timespec ts{};
    ::clock_gettime(CLOCK_REALTIME, &ts);
    std::tm tm{};
    ::gmtime_r(&ts.tv_sec, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    char ns[16];
    std::snprintf(ns, sizeof ns, ".%09ldZ", long(ts.tv_nsec));
    return std::string(buf) + ns;
}

void init_repository(const std::string& dir, const std::optional<std::string>& passphrase) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) == 0) {
        if (!S_ISDIR(st.st_mode)) throw Error(Exit::cant_create, _f("'{}' exists and is not a folder", dir));
        if (!open_local_storage(dir)->list(".").empty() || ::access((dir + "/config").c_str(), F_OK) == 0)
            throw Error(Exit::cant_create, _f("'{}' is not empty: give a new or empty folder", dir));
    }
    auto storage = open_local_storage(dir);
    json config;
    config["format"] = "netsec-backup";
    config["version"] = format_version;
    Id rid;
    std::string rnd = now_rfc3339_ns() + host_name() + std::to_string(::getpid());
    rid = sha256(rnd);
    config["id"] = to_hex(rid);
    config["encryption"] = passphrase ? "aes-256-gcm" : "none";
    ChunkSizes sizes;
    config["chunker"] = {{"algorithm", "fastcdc-gear-v1"}, {"min", sizes.min}, {"avg", sizes.avg}, {"max", sizes.max}};
    config["compression"] = "zstd";
    if (passphrase) {
        std::string key = wrap_master_key(new_master_key(), *passphrase);
        if (!storage->write_once("keys/default", key)) // another init at once: its key would be lost
            throw Error(Exit::cant_create, _f("'{}' is a repository already", dir));
    }
    // Written last: a folder without config is not a repository yet.
    if (!storage->write_once("config", config.dump(2) + "\n"))
        throw Error(Exit::cant_create, _f("'{}' is a repository already", dir));
}

bool is_repository(const std::string& dir) {
    struct stat st {};
    return ::stat((dir + "/config").c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool change_passphrase(const std::string& dir, const std::string& old_passphrase, const std::string& new_passphrase,
                       int lock_wait, const std::function<void(const std::string&)>& notice) {
    if (!is_repository(dir)) throw Error(Exit::no_input, _f("'{}' holds no repository", dir));
    auto storage = open_local_storage(dir);
    std::string encryption;
    try {
        encryption = json::parse(read_small(*storage, "config")).value("encryption", std::string("none"));
    } catch (const std::exception&) {
        throw Error(Exit::data, _f("'{}/config' is not a netsec-backup configuration", dir));
    }
    if (encryption == "none")
        throw Error(Exit::usage, _f("the repository '{}' is not encrypted: it has no passphrase to change", dir));
    RepositoryLock lock(*storage, lock_wait, notice);
    std::string key_file = read_small(*storage, "keys/default");
    auto key = unwrap_master_key(key_file, old_passphrase);
    if (!key) {
        if (unwrap_master_key(key_file, new_passphrase)) return false; // changed by an earlier run
        throw Error(Exit::no_perm, _f("wrong passphrase for the repository '{}': nothing was changed", dir));
    }
    if (old_passphrase == new_passphrase) return false; // opens with the new one already
    storage->replace("keys/default", wrap_master_key(*key, new_passphrase));
    // Read back: the file now on disk must open with the new passphrase to the same key.
    auto back = unwrap_master_key(read_small(*storage, "keys/default"), new_passphrase);
    if (!back || back->encryption != key->encryption || back->id != key->id)
        throw Error(Exit::io, _f("the new key file of '{}' does not read back: keep the old passphrase and check the disk", dir));
    return true;
}

Repository::Repository(const std::string& dir, const PassphraseFn& passphrase) : storage_(open_local_storage(dir)) {
    std::string text;
    try {
        text = read_small(*storage_, "config");
    } catch (const Error& e) {
        if (e.code() == Exit::data) throw;
        throw Error(Exit::no_input,
                    _f("'{}' is not a backup repository: create one with 'netsec-backup init --repo {}'", dir, dir));
    }
    json config;
    int version = 0;
    bool encrypted = false;
    try {
        config = json::parse(text);
        if (config.at("format") != "netsec-backup") throw std::runtime_error("format");
        sizes_.min = detail::json_integer<std::uint64_t>(config.at("chunker").at("min"));
        sizes_.avg = detail::json_integer<std::uint64_t>(config.at("chunker").at("avg"));
        sizes_.max = detail::json_integer<std::uint64_t>(config.at("chunker").at("max"));
        version = detail::json_integer<int>(config.at("version"));
        encrypted = config.value("encryption", std::string("none")) != "none";
    } catch (const std::exception&) {
        throw Error(Exit::data, _f("'{}/config' is not a netsec-backup configuration", dir));
    }
    // The chunker divides by these and sizes its buffers by them: a damaged config must not crash it.
    if (sizes_.min < 64 || sizes_.avg < sizes_.min || sizes_.max < sizes_.avg || sizes_.max > max_chunk_size ||
        (sizes_.avg & (sizes_.avg - 1)) != 0)
        throw Error(Exit::data, _f("'{}/config' gives impossible chunk sizes (min {}, avg {}, max {})", dir, sizes_.min,
                                   sizes_.avg, sizes_.max));
    if (version > format_version)
        throw Error(Exit::data, _f("'{}' has format version {}: this netsec-backup reads up to {}", dir, version,
                                   format_version));
    if (encrypted) {
        std::string key_file = read_small(*storage_, "keys/default");
        std::string pass = passphrase();
        auto key = unwrap_master_key(key_file, pass);
        if (!key)
            throw Error(Exit::no_perm, _f("wrong passphrase for the repository '{}': nothing was read or written", dir));
        sealer_ = Sealer(*key);
    }
    load_index();
}

std::string Repository::pack_name(const Id& pack) {
    std::string h = to_hex(pack);
    return "data/" + h.substr(0, 2) + "/" + h;
}

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

// Reads the stored bytes of `id` into `stored` (through `reader` when given) and opens them into
// `plain`, checking the length and id the index promises; returns the index entry.
BlobLoc Repository::read_checked(const Id& id, Buffer& stored, Buffer& plain, Reader* reader) {
    auto loc = find(id);
    if (!loc) throw Error(Exit::data, _f("blob {} is missing from the index", to_hex(id)));
    auto damaged = [&] { return Error(Exit::data, _f("blob {} in pack {} is damaged", to_hex(id), short_id(loc->pack))); };
    if (!plausible(*loc)) throw damaged();
    try {
        if (reader) {
            stored.resize(loc->length);
            reader->read_at(pack_name(loc->pack), loc->offset, loc->length, stored.data());
        } else {
            stored.assign(storage_->read(pack_name(loc->pack), loc->offset, loc->length));
        }
    } catch (const Error& e) {
        throw Error(Exit::data, _f("blob {} cannot be read: {}", to_hex(id), e.what()));
    }
    if (!sealer_.open_into(stored.view(), std::string_view(reinterpret_cast<const char*>(id.data()), id.size()), plain,
                           loc->raw_length) ||
        plain.size() != loc->raw_length || sealer_.blob_id(plain.view()) != id)
        throw damaged();
    return *loc;
}

std::string Repository::read_blob(const Id& id) {
    Buffer plain;
    read_blob_into(id, plain, nullptr);
    return std::string(plain.view());
}

void Repository::read_blob_into(const Id& id, Buffer& out, Reader* reader) {
    thread_local Buffer stored;
    read_checked(id, stored, out, reader);
    if (stored.capacity() > (8u << 20)) stored.release();
}

void Repository::add_blob_again(BlobType type, const Id& id, std::string_view plain) {
    {
        std::lock_guard lock(mutex_);
        index_.erase(id);
    }
    add_blob(type, id, plain);
}

std::string Repository::write_full_index(const std::set<Id>& leaving) {
    auto packs = packs_in_index();
    for (const auto& pid : leaving) packs.erase(pid);
    std::string bytes = sealer_.seal(index_json(packs), aad_index, compression);
    std::string name = "index/" + to_hex(sha256(bytes));
    storage_->write_once(name, bytes);
    return name;
}

std::uint64_t Repository::add_blob(BlobType type, const Id& id, std::string_view plain) {
    // raw_length is a u32: a longer blob (only a tree could be) would be stored unreadable
    if (plain.size() > max_plain_size)
        throw Error(Exit::software, _f("a blob of {} bytes is more than a repository can hold ({} bytes)", plain.size(),
                                       max_plain_size));
    {
        std::lock_guard lock(mutex_);
        if (index_.count(id) || !claimed_.insert(id).second) return 0;
    }
    thread_local Buffer stored;
    std::uint64_t n = 0;
    try {
        sealer_.seal_into(plain, std::string_view(reinterpret_cast<const char*>(id.data()), id.size()), compression, stored);
    } catch (...) {
        std::lock_guard lock(mutex_);
        claimed_.erase(id);
        throw;
    }
    n = append_sealed(type, id, stored.view(), std::uint32_t(plain.size()));
    if (stored.capacity() > (8u << 20)) stored.release();
    return n;
}

std::uint64_t Repository::append_sealed(BlobType type, const Id& id, std::string_view stored, std::uint32_t raw_length) {
    std::optional<OpenPack> full;
    try {
        int t = type == BlobType::tree;
        std::lock_guard lock(pack_mutex_[t]);
        OpenPack& p = open_[t];
        if (!p.upload) p.upload = storage_->upload("data");
        PackEntry e;
        e.id = id;
        e.loc.type = type;
        e.loc.offset = p.size;
        e.loc.length = std::uint32_t(stored.size());
        e.loc.raw_length = raw_length;
        p.upload->append(stored);
        p.hash.update(stored);
        p.size += stored.size();
        p.entries.push_back(e);
        if (p.size >= pack_target) {
            full.emplace(std::move(p));
            p = OpenPack{};
        }
    } catch (...) {
        std::lock_guard lock(mutex_);
        claimed_.erase(id);
        throw;
    }
    if (full) close_pack(std::move(*full));
    return stored.size();
}

void Repository::repack_blob(const Id& id, Reader* reader) {
    thread_local Buffer stored, plain;
    BlobLoc loc = read_checked(id, stored, plain, reader);
    {
        std::lock_guard lock(mutex_);
        index_.erase(id);
        claimed_.insert(id);
    }
    append_sealed(loc.type, id, stored.view(), loc.raw_length);
}

// Appends the header, names the pack by the hash of all its bytes, and stores it durably;
// only then are its blobs in the index.
void Repository::close_pack(OpenPack p) {
    std::string header = sealer_.seal(entries_json(p.entries), aad_pack_header, compression);
    std::uint32_t n = std::uint32_t(header.size());
    for (int i = 0; i < 4; ++i) header.push_back(char((n >> (8 * i)) & 0xff));
    header += pack_magic;
    p.upload->append(header);
    p.hash.update(header);
    Id pid = p.hash.finish();
    p.upload->commit(pack_name(pid));
    for (auto& e : p.entries) e.loc.pack = pid;
    std::lock_guard lock(mutex_);
    for (const auto& e : p.entries) {
        index_.insert_or_assign(e.id, e.loc);
        claimed_.erase(e.id);
    }
    new_packs_.emplace_back(pid, std::move(p.entries));
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

std::vector<PackEntry> Repository::read_pack_header(const Id& pack, std::string_view bytes) const {
    std::size_t tail = 4 + pack_magic.size();
    if (bytes.size() < tail || bytes.substr(bytes.size() - pack_magic.size()) != pack_magic)
        throw Error(Exit::data, _f("pack {} has no header", short_id(pack)));
    std::uint32_t n = 0;
    for (int i = 0; i < 4; ++i) n |= std::uint32_t(std::uint8_t(bytes[bytes.size() - tail + i])) << (8 * i);
    if (n > bytes.size() - tail) throw Error(Exit::data, _f("pack {} has a damaged header", short_id(pack)));
    auto plain = sealer_.open(bytes.substr(bytes.size() - tail - n, n), aad_pack_header, plain_limit(n, ids_ratio));
    if (!plain) throw Error(Exit::data, _f("pack {} has a damaged header", short_id(pack)));
    try {
        return parse_entries(json::parse(*plain), pack);
    } catch (const std::exception&) {
        throw Error(Exit::data, _f("pack {} has a damaged header", short_id(pack)));
    }
}

std::unordered_map<Id, std::vector<PackEntry>, IdHash> Repository::packs_in_index() const {
    std::lock_guard lock(mutex_);
    std::unordered_map<Id, std::vector<PackEntry>, IdHash> out;
    for (const auto& [id, loc] : index_) out[loc.pack].push_back({id, loc});
    for (auto& [pid, v] : out)
        std::sort(v.begin(), v.end(), [](const PackEntry& a, const PackEntry& b) { return a.loc.offset < b.loc.offset; });
    return out;
}

std::vector<Snapshot> Repository::snapshots() {
    std::vector<Snapshot> out;
    for (const auto& name : storage_->list("snapshots")) {
        std::string bytes = read_small(*storage_, name);
        auto id = parse_id(name.substr(name.rfind('/') + 1));
        auto plain = sealer_.open(bytes, aad_snapshot, plain_limit(bytes.size(), snapshot_ratio));
        if (!id || !plain || sha256(bytes) != *id)
            throw Error(Exit::data, _f("the snapshot file '{}/{}' is damaged", location(), name));
        try {
            auto j = json::parse(*plain);
            Snapshot s;
            s.id = *id;
            s.time = j.at("time");
            s.hostname = j.value("hostname", "");
            s.username = j.value("username", "");
            s.job = j.value("job", "");
            s.paths = j.at("paths").get<std::vector<std::string>>();
            s.tree = parse_id(j.at("tree").get<std::string>()).value();
            if (j.contains("parent") && j["parent"].is_string()) s.parent = parse_id(j["parent"].get<std::string>());
            auto count = [&](const char* key) {
                return j.contains(key) ? detail::json_integer<std::uint64_t>(j[key]) : std::uint64_t(0);
            };
            s.files = count("files");
            s.bytes = count("bytes");
            s.added_bytes = count("added_bytes");
            out.push_back(std::move(s));
        } catch (const std::exception&) {
            throw Error(Exit::data, _f("the snapshot file '{}/{}' is damaged", location(), name));
        }
    }
    std::sort(out.begin(), out.end(), [](const Snapshot& a, const Snapshot& b) { return a.time < b.time; });
    return out;
}

Snapshot Repository::find_snapshot(const std::string& ref) {
    auto all = snapshots();
    if (all.empty())
        throw Error(Exit::no_input, _f("the repository '{}' has no snapshots yet: make one with 'netsec-backup run'", location()));
    if (ref == "latest") return all.back();
    if (ref.empty() || ref.find_first_not_of("0123456789abcdef") != std::string::npos)
        throw Error(Exit::usage, _f("'{}' is not a snapshot id: give a hex prefix or 'latest'", ref));
    std::vector<Snapshot> hits;
    for (auto& s : all)
        if (to_hex(s.id).rfind(ref, 0) == 0) hits.push_back(s);
    if (hits.empty())
        throw Error(Exit::no_input, _f("no snapshot '{}' in '{}': list them with 'netsec-backup snapshots'", ref, location()));
    if (hits.size() > 1) throw Error(Exit::usage, _f("the snapshot id '{}' is ambiguous: give more digits", ref));
    return hits.front();
}

void Repository::save_snapshot(Snapshot& s) {
    json j;
    j["version"] = format_version;
    j["time"] = s.time;
    j["hostname"] = s.hostname;
    j["username"] = s.username;
    j["job"] = s.job;
    j["paths"] = s.paths;
    j["tree"] = to_hex(s.tree);
    j["parent"] = s.parent ? json(to_hex(*s.parent)) : json();
    j["files"] = s.files;
    j["bytes"] = s.bytes;
    j["added_bytes"] = s.added_bytes;
    std::string bytes = sealer_.seal(j.dump(), aad_snapshot, compression);
    s.id = sha256(bytes);
    storage_->write_once("snapshots/" + to_hex(s.id), bytes);
}

// --- lock ------------------------------------------------------------------------------------

namespace {

std::string lock_token() {
    unsigned char rnd[16];
    if (RAND_bytes(rnd, sizeof rnd) != 1) throw Error(Exit::software, _("libcrypto: no random bytes"));
    std::string out;
    static const char hex[] = "0123456789abcdef";
    for (unsigned char c : rnd) {
        out += hex[c >> 4];
        out += hex[c & 15];
    }
    return out;
}

// The name of the section in which a lock file is removed (Storage::exclusively).
const std::string lock_guard_name = "lock.break";

} // namespace

RepositoryLock::RepositoryLock(Storage& storage, int wait_seconds, const std::function<void(const std::string&)>& notice,
                               long stale_seconds)
    : storage_(storage) {
    std::string host = host_name();
    json me = {{"hostname", host}, {"pid", ::getpid()}, {"time", std::time(nullptr)}, {"token", lock_token()}};
    std::string mine = me.dump() + "\n";
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_seconds);
    for (;;) {
        if (storage_.write_once("lock", mine)) {
            held_ = mine;
            return;
        }
        // The holder, when its lock file reads as one (else it is being removed, or damaged:
        // look again).
        std::string seen;
        std::optional<long> pid;
        std::string h;
        long age = 0;
        try {
            seen = read_small(storage_, "lock");
            json holder = json::parse(seen);
            if (holder.is_object() && holder.contains("pid")) {
                long p = detail::json_integer<std::int32_t>(holder["pid"]);
                h = holder.value("hostname", "");
                // a lock without a time is as old as can be (stale); times beyond 2^40 s are damage
                std::int64_t since = 0;
                if (holder.contains("time")) since = detail::json_integer<std::int64_t>(holder["time"], 0, std::int64_t(1) << 40);
                age = long(std::time(nullptr) - since);
                pid = p;
            }
        } catch (const Error& e) {
            if (e.code() == Exit::no_input) continue; // released since: try again at once
            pid.reset();
        } catch (const std::exception&) {
            pid.reset();
        }
        if (pid) {
            bool dead = h == host && *pid > 0 && ::kill(pid_t(*pid), 0) != 0 && errno == ESRCH;
            if (dead || age > stale_seconds) {
                // Atomic: inside the section, the lock is removed only when it is still the one
                // found stale (every lock file is unique by its token, and a new one can only
                // be created where none is). Of many finding it, one removes it; the others
                // find it gone or replaced, and all try to create theirs again.
                bool broke = false;
                storage_.exclusively(lock_guard_name, [&] {
                    std::string again;
                    try {
                        again = read_small(storage_, "lock");
                    } catch (const Error&) {
                        return;
                    }
                    if (again != seen) return;
                    storage_.remove("lock");
                    broke = true;
                });
                if (broke)
                    notice(dead ? _f("breaking the lock of '{}' left by process {} on '{}', which is gone",
                                     storage_.location(), *pid, h)
                                : _f("breaking the lock of '{}' held by process {} on '{}' for {} s (stale)",
                                     storage_.location(), *pid, h, age));
                continue;
            }
            if (std::chrono::steady_clock::now() >= deadline)
                throw Error(Exit::temp_fail,
                            _f("the repository '{}' is locked by process {} on '{}': try again when it has finished",
                               storage_.location(), *pid, h));
        } else if (std::chrono::steady_clock::now() >= deadline) {
            throw Error(Exit::temp_fail, _f("the repository '{}' is locked: try again later", storage_.location()));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

RepositoryLock::RepositoryLock(Repository& repo, int wait_seconds, const std::function<void(const std::string&)>& notice,
                               long stale_seconds)
    : RepositoryLock(repo.storage(), wait_seconds, notice, stale_seconds) {
    // From here this process is the only writer (a throw below still runs the destructor: the
    // delegated constructor has finished).
    storage_.clean_unfinished();
    repo.load_index(); // what the writer before us (a prune) changed since the repository was opened
    repo_ = &repo;
    repo.locked_ = true;
}

// Removes the lock file while it is ours: one broken as stale and taken by another stays.
void RepositoryLock::release() noexcept {
    try {
        storage_.exclusively(lock_guard_name, [&] {
            if (read_small(storage_, "lock") == held_) storage_.remove("lock");
        });
    } catch (...) {
    }
}

RepositoryLock::~RepositoryLock() {
    if (repo_) repo_->locked_ = false;
    release();
}

} // namespace netsec::backup
