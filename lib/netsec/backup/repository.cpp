// A repository's config and key: created, recognised, rekeyed and opened. The index, packs,
// snapshots and lock are in repository_*.cpp.
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
        throw Error(Exit::io,
                    _f("the new key file of '{}' does not read back: keep the old passphrase and check the disk", dir));
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
        throw Error(Exit::data,
                    _f("'{}' has format version {}: this netsec-backup reads up to {}", dir, version, format_version));
    if (encrypted) {
        std::string key_file = read_small(*storage_, "keys/default");
        std::string pass = passphrase();
        auto key = unwrap_master_key(key_file, pass);
        if (!key)
            throw Error(Exit::no_perm,
                        _f("wrong passphrase for the repository '{}': nothing was read or written", dir));
        sealer_ = Sealer(*key);
    }
    load_index();
}

} // namespace netsec::backup
