#include "netsec/incident/evidence.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/hash.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace netsec::incident {
namespace {

using json = nlohmann::ordered_json;

std::string base_name(const std::string& path) {
    auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Copies `from` to `to` (created 0600, then 0400), returning the SHA-256 of the bytes copied.
std::string copy_hashing(const std::string& from, const std::string& to) {
    int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) throw Error(Exit::no_input, _f("cannot read '{}': {}", from, std::strerror(errno)));
    int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out < 0) {
        int e = errno;
        ::close(in);
        throw Error(Exit::cant_create, _f("cannot write '{}': {}", to, std::strerror(e)));
    }
    hash::Sha256 digest;
    char buf[1 << 16];
    bool ok = true;
    for (;;) {
        ssize_t n = ::read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) { ok = false; break; }
        if (n == 0) break;
        digest.update(buf, std::size_t(n));
        if (::write(out, buf, std::size_t(n)) != n) { ok = false; break; }
    }
    ok = ok && ::fsync(out) == 0;
    ::close(in);
    if (::close(out) != 0) ok = false;
    if (!ok) {
        ::unlink(to.c_str());
        throw Error(Exit::io, _f("cannot copy '{}' to '{}': {}", from, to, std::strerror(errno)));
    }
    ::chmod(to.c_str(), 0400);
    return digest.hex();
}

std::string evidence_dir(const policy::Policy& policy, const std::string& id) {
    return policy.state_dir + "/evidence/" + id;
}

std::string real_path(const std::string& p) {
    char buf[PATH_MAX];
    return ::realpath(p.c_str(), buf) ? std::string(buf) : p;
}

} // namespace

std::vector<store::EvidenceRow> add_evidence(store::Db& db, const policy::Policy& policy,
                                             const journal::Origin& origin, const std::string& id,
                                             const std::vector<std::string>& files, Instant now) {
    if (files.empty()) throw Error(Exit::usage, _("name at least one file to keep as evidence"));
    get_incident(db, id);
    // Check everything before copying anything.
    std::map<std::string, std::string> seen_paths; // real path -> as given
    std::map<std::string, std::string> seen_hashes;
    struct Checked { std::string file, sha256; std::int64_t size; };
    std::vector<Checked> checked;
    for (const auto& f : files) {
        struct stat st;
        if (::stat(f.c_str(), &st) != 0)
            throw Error(Exit::no_input, _f("cannot read '{}': {}", f, std::strerror(errno)));
        if (!S_ISREG(st.st_mode)) throw Error(Exit::data, _f("'{}' is not a regular file", f));
        std::string real = real_path(f);
        if (auto it = seen_paths.find(real); it != seen_paths.end())
            throw Error(Exit::data, _f("'{}' is given twice (as '{}' too); nothing was added", f, it->second));
        seen_paths[real] = f;
        std::string digest = hash::sha256_file_hex(f);
        if (auto it = seen_hashes.find(digest); it != seen_hashes.end())
            throw Error(Exit::data, _f("'{}' has the same content as '{}'; nothing was added", f, it->second));
        seen_hashes[digest] = f;
        checked.push_back({f, digest, std::int64_t(st.st_size)});
        for (const auto& e : store::evidence_of(db, id))
            if (e.sha256 == digest)
                throw Error(Exit::data, _f("'{}' is already evidence #{} of '{}' (as '{}'); nothing was added", f,
                                           e.id, id, e.name));
    }
    std::string dir = evidence_dir(policy, id);
    paths::make_private_dir(policy.state_dir + "/evidence", {});
    paths::make_private_dir(dir, {});
    store::Transaction tx(db);
    std::vector<store::EvidenceRow> added;
    std::vector<std::string> written;
    try {
        for (const auto& [f, digest, size] : checked) {
            store::EvidenceRow row;
            row.incident_id = id;
            row.name = base_name(f);
            row.added_by = origin.operator_name;
            row.added_at = timeutil::format_rfc3339(now);
            row.sha256 = digest;
            row.size = size;
            row.stored = "pending";
            row.id = store::insert_evidence(tx, row);
            row.stored = "evidence/" + id + "/" + std::to_string(row.id) + "-" + row.name;
            std::string target = policy.state_dir + "/" + row.stored;
            std::string copied = copy_hashing(f, target);
            written.push_back(target);
            if (copied != row.sha256)
                throw Error(Exit::io, _f("'{}' changed while it was being copied; nothing was added", f));
            store::set_evidence_stored(tx, row.id, row.stored);
            journal::append(tx, origin, "incident.evidence.add", id,
                            {{"evidence", row.id}, {"name", row.name}, {"sha256", row.sha256}, {"size", row.size}});
            added.push_back(row);
        }
        tx.commit();
    } catch (...) {
        for (const auto& w : written) ::unlink(w.c_str());
        throw;
    }
    return added;
}

std::vector<store::EvidenceRow> list_evidence(store::Db& db, const journal::Origin& origin, const std::string& id) {
    get_incident(db, id);
    auto rows = store::evidence_of(db, id);
    store::Transaction tx(db);
    journal::append(tx, origin, "incident.evidence.list", id, {{"count", rows.size()}});
    tx.commit();
    return rows;
}

std::vector<EvidenceCheck> verify_evidence(store::Db& db, const policy::Policy& policy,
                                           const journal::Origin& origin, const std::string& id) {
    if (!id.empty()) get_incident(db, id);
    std::vector<EvidenceCheck> out;
    std::size_t bad = 0;
    for (const auto& e : store::evidence_of(db, id)) {
        EvidenceCheck c{e, "ok", ""};
        std::string file = policy.state_dir + "/" + e.stored;
        struct stat st;
        if (::lstat(file.c_str(), &st) != 0) c.status = "missing";
        else if (!S_ISREG(st.st_mode)) c.status = "not_a_file";
        else {
            c.found_sha256 = hash::sha256_file_hex(file);
            if (c.found_sha256 != e.sha256) c.status = "changed";
        }
        if (c.status != "ok") ++bad;
        out.push_back(std::move(c));
    }
    store::Transaction tx(db);
    journal::append(tx, origin, "incident.evidence.verify", id.empty() ? "*" : id,
                    {{"checked", out.size()}, {"bad", bad}});
    tx.commit();
    return out;
}

std::vector<std::string> export_evidence(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                                         const std::string& id, const std::string& dir) {
    get_incident(db, id);
    auto rows = store::evidence_of(db, id);
    if (rows.empty()) throw Error(Exit::no_input, _f("incident '{}' has no evidence to export", id));
    paths::make_dirs(dir, 0700);
    std::vector<std::string> written;
    std::set<std::string> names;
    std::string sums;
    for (const auto& e : rows) {
        std::string from = policy.state_dir + "/" + e.stored;
        struct stat st;
        if (::lstat(from.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || hash::sha256_file_hex(from) != e.sha256)
            throw Error(Exit::data, _f("evidence #{} ('{}') of '{}' no longer matches its hash; run 'netsec-incident "
                                       "evidence verify {}'", e.id, e.name, id, id));
        std::string name = e.name;
        if (!names.insert(name).second) name = std::to_string(e.id) + "-" + e.name;
        names.insert(name);
        std::string to = dir + "/" + name;
        if (paths::exists(to)) throw Error(Exit::cant_create, _f("'{}' already exists; export into an empty folder", to));
        copy_hashing(from, to);
        ::chmod(to.c_str(), 0600);
        written.push_back(to);
        sums += e.sha256 + "  " + name + "\n";
    }
    paths::write_file_atomic(dir + "/SHA256SUMS", sums, 0600);
    written.push_back(dir + "/SHA256SUMS");
    store::Transaction tx(db);
    journal::append(tx, origin, "incident.evidence.export", id, {{"to", dir}, {"count", rows.size()}});
    tx.commit();
    return written;
}

} // namespace netsec::incident
