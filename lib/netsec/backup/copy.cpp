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

std::string repo_id(Storage& s) {
    try {
        return nlohmann::json::parse(s.read("config")).at("id").get<std::string>();
    } catch (const std::exception&) {
        return {};
    }
}

} // namespace

CopyResult copy_repository(Repository& from, const std::string& to, int lock_wait, const WarnFn& notice,
                           const ProgressFn& progress) {
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
    std::string want = repo_id(src), have = repo_id(*dest);
    if (have.empty())
        throw Error(Exit::cant_create, _f("'{}' is not empty and not a netsec-backup repository: give a new or empty folder", to));
    if (have != want)
        throw Error(Exit::data, _f("'{}' is another repository (id {}), not a copy of '{}' (id {}): give a new or empty folder",
                                   to, have.substr(0, 8), from.location(), want.substr(0, 8)));
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
