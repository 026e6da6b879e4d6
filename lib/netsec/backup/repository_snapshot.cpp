// A repository's snapshots: listed, found by id or prefix, and saved.
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
        throw Error(Exit::no_input,
                    _f("the repository '{}' has no snapshots yet: make one with 'netsec-backup run'", location()));
    if (ref == "latest") return all.back();
    if (ref.empty() || ref.find_first_not_of("0123456789abcdef") != std::string::npos)
        throw Error(Exit::usage, _f("'{}' is not a snapshot id: give a hex prefix or 'latest'", ref));
    std::vector<Snapshot> hits;
    for (auto& s : all)
        if (to_hex(s.id).rfind(ref, 0) == 0) hits.push_back(s);
    if (hits.empty())
        throw Error(Exit::no_input,
                    _f("no snapshot '{}' in '{}': list them with 'netsec-backup snapshots'", ref, location()));
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

} // namespace netsec::backup
