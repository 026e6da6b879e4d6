#include "netsec/backup/repository.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
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

json entries_json(const std::vector<PackEntry>& entries) {
    json a = json::array();
    for (const auto& e : entries)
        a.push_back({{"type", type_name(e.loc.type)}, {"id", to_hex(e.id)}, {"offset", e.loc.offset},
                     {"length", e.loc.length}, {"raw_length", e.loc.raw_length}});
    return a;
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
        e.loc.offset = b.at("offset").get<std::uint64_t>();
        e.loc.length = b.at("length").get<std::uint32_t>();
        e.loc.raw_length = b.at("raw_length").get<std::uint32_t>();
        out.push_back(e);
    }
    return out;
}

std::string hostname() {
    char buf[256] = {};
    ::gethostname(buf, sizeof buf - 1);
    return buf;
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
    std::string rnd = now_rfc3339_ns() + hostname() + std::to_string(::getpid());
    rid = sha256(rnd);
    config["id"] = to_hex(rid);
    config["encryption"] = passphrase ? "aes-256-gcm" : "none";
    ChunkSizes sizes;
    config["chunker"] = {{"algorithm", "fastcdc-gear-v1"}, {"min", sizes.min}, {"avg", sizes.avg}, {"max", sizes.max}};
    config["compression"] = "zstd";
    if (passphrase) {
        std::string key = wrap_master_key(new_master_key(), *passphrase);
        storage->write_once("keys/default", key);
    }
    // Written last: a folder without config is not a repository yet.
    if (!storage->write_once("config", config.dump(2) + "\n"))
        throw Error(Exit::cant_create, _f("'{}' is a repository already", dir));
}

Repository::Repository(const std::string& dir, const PassphraseFn& passphrase) : storage_(open_local_storage(dir)) {
    std::string text;
    try {
        text = storage_->read("config");
    } catch (const Error&) {
        throw Error(Exit::no_input,
                    _f("'{}' is not a backup repository: create one with 'netsec-backup init --repo {}'", dir, dir));
    }
    json config;
    try {
        config = json::parse(text);
        if (config.at("format") != "netsec-backup") throw std::runtime_error("format");
        sizes_.min = config.at("chunker").at("min").get<std::size_t>();
        sizes_.avg = config.at("chunker").at("avg").get<std::size_t>();
        sizes_.max = config.at("chunker").at("max").get<std::size_t>();
    } catch (const std::exception&) {
        throw Error(Exit::data, _f("'{}/config' is not a netsec-backup configuration", dir));
    }
    if (config.at("version").get<int>() > format_version)
        throw Error(Exit::data, _f("'{}' has format version {}: this netsec-backup reads up to {}", dir,
                                   config.at("version").get<int>(), format_version));
    if (config.value("encryption", "none") != "none") {
        std::string key_file = storage_->read("keys/default");
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
    for (const auto& name : storage_->list("index")) {
        std::string bytes = storage_->read(name);
        auto plain = sealer_.open(bytes, aad_index);
        if (!plain) throw Error(Exit::data, _f("the index file '{}/{}' is damaged", location(), name));
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
    }
}

std::optional<BlobLoc> Repository::find(const Id& id) const {
    std::lock_guard lock(mutex_);
    auto it = index_.find(id);
    if (it == index_.end()) return std::nullopt;
    return it->second;
}

std::string Repository::read_blob(const Id& id) {
    auto loc = find(id);
    if (!loc) throw Error(Exit::data, _f("blob {} is missing from the index", to_hex(id)));
    std::string stored;
    try {
        stored = storage_->read(pack_name(loc->pack), loc->offset, loc->length);
    } catch (const Error& e) {
        throw Error(Exit::data, _f("blob {} cannot be read: {}", to_hex(id), e.what()));
    }
    auto plain = sealer_.open(stored, std::string_view(reinterpret_cast<const char*>(id.data()), id.size()));
    if (!plain || plain->size() != loc->raw_length || sealer_.blob_id(*plain) != id)
        throw Error(Exit::data, _f("blob {} in pack {} is damaged", to_hex(id), short_id(loc->pack)));
    return std::move(*plain);
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
    json j;
    j["packs"] = json::array();
    for (const auto& [pid, entries] : packs)
        if (!leaving.count(pid)) j["packs"].push_back({{"id", to_hex(pid)}, {"blobs", entries_json(entries)}});
    std::string bytes = sealer_.seal(j.dump(), aad_index, compression);
    std::string name = "index/" + to_hex(sha256(bytes));
    storage_->write_once(name, bytes);
    return name;
}

std::uint64_t Repository::add_blob(BlobType type, const Id& id, std::string_view plain) {
    {
        std::lock_guard lock(mutex_);
        if (index_.count(id) || !claimed_.insert(id).second) return 0;
    }
    std::string stored =
        sealer_.seal(plain, std::string_view(reinterpret_cast<const char*>(id.data()), id.size()), compression);
    std::string full;
    std::vector<PackEntry> full_entries;
    {
        std::lock_guard lock(mutex_);
        int t = type == BlobType::tree;
        PackEntry e;
        e.id = id;
        e.loc.type = type;
        // one allocation a pack: growing by doubling would hold twice the bytes
        if (pack_[t].empty() && type == BlobType::data) pack_[t].reserve(pack_target + (5 << 20));
        e.loc.offset = pack_[t].size();
        e.loc.length = std::uint32_t(stored.size());
        e.loc.raw_length = std::uint32_t(plain.size());
        pack_[t] += stored;
        pack_entries_[t].push_back(e);
        if (pack_[t].size() >= pack_target) {
            full.swap(pack_[t]);
            full_entries.swap(pack_entries_[t]);
        }
    }
    if (!full_entries.empty()) write_pack(std::move(full), std::move(full_entries));
    return stored.size();
}

void Repository::write_pack(std::string bytes, std::vector<PackEntry> entries) {
    std::string header = sealer_.seal(entries_json(entries).dump(), aad_pack_header, compression);
    bytes += header;
    std::uint32_t n = std::uint32_t(header.size());
    for (int i = 0; i < 4; ++i) bytes.push_back(char((n >> (8 * i)) & 0xff));
    bytes += pack_magic;
    Id pid = sha256(bytes);
    for (auto& e : entries) e.loc.pack = pid;
    std::lock_guard wl(write_mutex_); // one pack at a time keeps the disk streaming
    storage_->write_once(pack_name(pid), bytes);
    std::lock_guard lock(mutex_);
    for (const auto& e : entries) {
        index_.insert_or_assign(e.id, e.loc);
        claimed_.erase(e.id);
    }
    new_packs_.emplace_back(pid, std::move(entries));
}

void Repository::flush() {
    for (int t = 0; t < 2; ++t) {
        std::string last;
        std::vector<PackEntry> last_entries;
        {
            std::lock_guard lock(mutex_);
            last.swap(pack_[t]);
            last_entries.swap(pack_entries_[t]);
        }
        if (!last_entries.empty()) write_pack(std::move(last), std::move(last_entries));
    }
    std::vector<std::pair<Id, std::vector<PackEntry>>> packs;
    {
        std::lock_guard lock(mutex_);
        packs.swap(new_packs_);
    }
    if (packs.empty()) return;
    json j;
    j["packs"] = json::array();
    for (const auto& [pid, entries] : packs) j["packs"].push_back({{"id", to_hex(pid)}, {"blobs", entries_json(entries)}});
    std::string bytes = sealer_.seal(j.dump(), aad_index, compression);
    storage_->write_once("index/" + to_hex(sha256(bytes)), bytes);
}

std::vector<PackEntry> Repository::read_pack_header(const Id& pack, std::string_view bytes) const {
    std::size_t tail = 4 + pack_magic.size();
    if (bytes.size() < tail || bytes.substr(bytes.size() - pack_magic.size()) != pack_magic)
        throw Error(Exit::data, _f("pack {} has no header", short_id(pack)));
    std::uint32_t n = 0;
    for (int i = 0; i < 4; ++i) n |= std::uint32_t(std::uint8_t(bytes[bytes.size() - tail + i])) << (8 * i);
    if (n > bytes.size() - tail) throw Error(Exit::data, _f("pack {} has a damaged header", short_id(pack)));
    auto plain = sealer_.open(bytes.substr(bytes.size() - tail - n, n), aad_pack_header);
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
        std::string bytes = storage_->read(name);
        auto id = parse_id(name.substr(name.rfind('/') + 1));
        auto plain = sealer_.open(bytes, aad_snapshot);
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
            s.files = j.value("files", 0ull);
            s.bytes = j.value("bytes", 0ull);
            s.added_bytes = j.value("added_bytes", 0ull);
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

RepositoryLock::RepositoryLock(Storage& storage, int wait_seconds, const std::function<void(const std::string&)>& notice,
                               long stale_seconds)
    : storage_(storage) {
    std::string host = hostname();
    json me = {{"hostname", host}, {"pid", ::getpid()}, {"time", std::time(nullptr)}};
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_seconds);
    for (;;) {
        if (storage_.write_once("lock", me.dump() + "\n")) return;
        std::string text;
        json holder;
        try {
            text = storage_.read("lock");
            holder = json::parse(text);
        } catch (const std::exception&) {
            holder = json::object(); // being written or removed: look again
        }
        if (holder.is_object() && holder.contains("pid")) {
            long pid = holder.value("pid", 0L);
            std::string h = holder.value("hostname", "");
            long age = long(std::time(nullptr)) - holder.value("time", 0L);
            bool dead = h == host && pid > 0 && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH;
            if (dead || age > stale_seconds) {
                notice(dead ? _f("breaking the lock of '{}' left by process {} on '{}', which is gone", storage_.location(),
                                 pid, h)
                            : _f("breaking the lock of '{}' held by process {} on '{}' for {} s (stale)",
                                 storage_.location(), pid, h, age));
                storage_.remove("lock");
                continue;
            }
            if (std::chrono::steady_clock::now() >= deadline)
                throw Error(Exit::temp_fail,
                            _f("the repository '{}' is locked by process {} on '{}': try again when it has finished",
                               storage_.location(), pid, h));
        } else if (std::chrono::steady_clock::now() >= deadline) {
            throw Error(Exit::temp_fail, _f("the repository '{}' is locked: try again later", storage_.location()));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

RepositoryLock::~RepositoryLock() {
    try {
        storage_.remove("lock");
    } catch (...) {
    }
}

} // namespace netsec::backup
