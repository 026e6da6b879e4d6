// copy_repository: brings a second repository up to date with the first. The second is a
// clone (same config and key file), so packs, indexes and snapshots copy byte for byte: no
// source is read again and nothing is decrypted. Packs first, then indexes, then snapshots, so
// a copy killed midway never names data it lacks.
#include "netsec/backup/backup.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <unordered_set>

namespace netsec::backup {
namespace {

// The id and encryption a repository's config names; empty when it has none (or is not one).
struct Identity {
    std::string id, encryption;
};
Identity identity(Storage& s) {
    try {
        if (s.size("config") > (1u << 20)) return {}; // no config is this long: not one of ours
        auto j = nlohmann::json::parse(s.read("config"));
        return {j.at("id").get<std::string>(), j.value("encryption", std::string("none"))};
    } catch (const std::exception&) {
        return {};
    }
}

} // namespace

CopyResult copy_repository(Repository& from, const std::string& to, int lock_wait, const WarnFn& notice,
                           const ProgressFn& progress) {
    if (!from.locked())
        throw Error(Exit::software, _f("the repository '{}' is copied from without its lock", from.location()));
    CopyResult r;
    Storage& src = from.storage();
    auto dest = open_local_storage(to);
    bool fresh = dest->list(".").empty();
    if (fresh) {
        // the key file first, the config last: a folder without config is not a repository yet
        for (const char* name : {"keys/default", "config"}) {
            std::string bytes;
            try {
                bytes = src.read(name);
            } catch (const Error&) {
                continue; // not encrypted: no key file
            }
            dest->write_once(name, bytes);
        }
        r.created = true;
    }
    Identity want_id = identity(src), have_id = identity(*dest);
    const std::string &want = want_id.id, &have = have_id.id;
    if (have.empty())
        throw Error(Exit::cant_create,
                    _f("'{}' is not empty and not a netsec-backup repository: give a new or empty folder", to));
    if (have != want)
        throw Error(Exit::data,
                    _f("'{}' is another repository (id {}), not a copy of '{}' (id {}): give a new or empty folder", to,
                       have.substr(0, 8), from.location(), want.substr(0, 8)));
    if (have_id.encryption != want_id.encryption) // a clone is encrypted as its source: a tampered config
        throw Error(Exit::data, _f("'{}' claims to be a copy of '{}' but is encrypted otherwise ('{}', not '{}'): "
                                   "nothing was copied into it",
                                   to, from.location(), have_id.encryption, want_id.encryption));
    RepositoryLock lock(*dest, lock_wait, notice);
    dest->clean_unfinished();
    std::uint64_t total = 0, done = 0;
    std::vector<std::string> todo;
    for (const char* folder : {"data", "index", "snapshots"}) {
        auto there = dest->list(folder);
        std::unordered_set<std::string> have_names(there.begin(), there.end());
        auto names = src.list(folder);
        std::sort(names.begin(), names.end());
        for (auto& n : names)
            if (!have_names.count(n)) todo.push_back(n);
    }
    for (const auto& n : todo) total += src.size(n);
    for (const auto& n : todo) {
        std::string bytes = src.read(n);
        auto id = parse_id(n.substr(n.rfind('/') + 1));
        if (!id || sha256(bytes) != *id) {
            r.damaged.push_back(n);
            continue; // never spread damage; verify names what it touches
        }
        dest->write_once(n, bytes);
        ++r.files;
        r.bytes += bytes.size();
        done += bytes.size();
        if (progress) progress(done, total);
    }
    return r;
}

} // namespace netsec::backup
