#include "netsec/evidence/evidence.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/hash.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"
#include "netsec/store/journal_rows.hpp"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace netsec::evidence {
namespace {

using json = nlohmann::ordered_json;

std::string base_name(const std::string& path) {
    auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Copies `from` to the new file `to` (created exclusively, never through a symlink, with
// `mode`), returning what was copied. On failure `to` is removed and the error names the real
// reason (a full disk is "No space left on device").
hash::FileDigest copy_hashing(const std::string& from, const std::string& to, mode_t mode) {
    int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) throw Error(Exit::no_input, _f("cannot read '{}': {}", from, std::strerror(errno)));
    int out = -1;
    try {
        out = paths::create_new_file(to, 0600);
    } catch (...) {
        ::close(in);
        throw;
    }
    hash::Sha256 digest;
    hash::FileDigest c;
    char buf[1 << 16];
    bool ok = true;
    int saved = 0;
    for (;;) {
        ssize_t n = ::read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            ok = false;
            saved = errno;
            break;
        }
        if (n == 0) break;
        digest.update(buf, std::size_t(n));
        c.size += n;
        if (!paths::write_all(out, buf, std::size_t(n))) {
            ok = false;
            saved = errno;
            break;
        }
    }
    if (ok && (::fchmod(out, mode) != 0 || ::fsync(out) != 0)) {
        ok = false;
        saved = errno;
    }
    ::close(in);
    if (::close(out) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (!ok) {
        ::unlink(to.c_str());
        throw Error(Exit::io, _f("cannot copy '{}' to '{}': {}", from, to, std::strerror(saved)));
    }
    c.hex = digest.hex();
    return c;
}

// A name as GNU sha256sum writes it in a sums line: with a backslash, newline or carriage
// return, the line starts with '\' and those are written \\, \n and \r, so that
// 'sha256sum -c' reads the name back exactly.
std::string sums_line(const std::string& sha256, const std::string& name) {
    bool escape = name.find_first_of("\\\n\r") != std::string::npos;
    std::string line = escape ? "\\" : "";
    line += sha256 + "  ";
    for (char ch : name) {
        if (!escape)
            line += ch;
        else if (ch == '\\')
            line += "\\\\";
        else if (ch == '\n')
            line += "\\n";
        else if (ch == '\r')
            line += "\\r";
        else
            line += ch;
    }
    return line + "\n";
}

// The hash the journal recorded for each evidence number when it was added (the first
// evidence.added entry naming it, under its new name or its old one, incident.evidence.add).
std::map<std::int64_t, std::string> journaled_sha256(store::Db& db, const std::string& id) {
    store::JournalFilter f;
    f.actions = journal::spellings({journal::action::evidence_added});
    f.subject = id;
    std::map<std::int64_t, std::string> out;
    for (const auto& row : store::journal_rows(db, f)) {
        auto details = json::parse(row.details, nullptr, false);
        if (!details.is_object() || !details.contains("evidence") || !details["evidence"].is_number_integer()) continue;
        // The first entry counts: an evidence number is added once, so a later entry for it can
        // only be a forger's appended to the chain to bless a swapped file.
        out.emplace(details["evidence"].get<std::int64_t>(), details.value("sha256", ""));
    }
    return out;
}

std::string evidence_dir(const policy::Policy& policy, const std::string& id) {
    return policy.state_dir + "/evidence/" + id;
}

std::string real_path(const std::string& p) {
    char buf[PATH_MAX];
    return ::realpath(p.c_str(), buf) ? std::string(buf) : p;
}


// Checks that `digest` is not kept for `owner` already.
void refuse_kept(store::Db& db, const std::string& owner, const std::string& given, const std::string& digest) {
    for (const auto& e : store::evidence_of(db, owner))
        if (e.sha256 == digest)
            throw Error(Exit::data, _f("'{}' is already evidence #{} of '{}' (as '{}'); nothing was added", given, e.id,
                                       owner, e.name));
}

// The name a file is kept under: its base name, never a path or a dot name.
std::string safe_name(const std::string& name) {
    std::string base = base_name(name);
    if (base.empty() || base == "." || base == ".." || base.find('\0') != std::string::npos) return "evidence";
    return base;
}

} // namespace

Written::~Written() {
    for (const auto& f : files_) ::unlink(f.c_str());
}

std::vector<store::EvidenceRow> add_files(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                                          const std::string& owner, const std::vector<std::string>& files,
                                          Instant now) {
    if (files.empty()) throw Error(Exit::usage, _("name at least one file to keep as evidence"));
    // Check everything before copying anything.
    std::map<std::string, std::string> seen_paths; // real path -> as given
    std::map<std::string, std::string> seen_hashes;
    struct Checked {
        std::string file, sha256;
        std::int64_t size;
    };
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
        hash::FileDigest content = hash::sha256_file(f);
        const std::string& digest = content.hex;
        if (auto it = seen_hashes.find(digest); it != seen_hashes.end())
            throw Error(Exit::data, _f("'{}' has the same content as '{}'; nothing was added", f, it->second));
        seen_hashes[digest] = f;
        checked.push_back({f, digest, content.size}); // what was read, not st_size (0 for /proc files)
        refuse_kept(db, owner, f, digest);
    }
    std::string dir = evidence_dir(policy, owner);
    paths::make_private_dir(policy.state_dir + "/evidence", {});
    paths::make_private_dir(dir, {});
    store::Transaction tx(db);
    std::vector<store::EvidenceRow> added;
    Written written;
    for (const auto& [f, digest, size] : checked) {
        store::EvidenceRow row;
        row.owner = owner;
        row.name = base_name(f);
        row.added_by = origin.operator_name;
        row.added_at = timeutil::format_rfc3339(now);
        row.sha256 = digest;
        row.size = size;
        row.stored = "pending";
        row.id = store::insert_evidence(tx, row);
        row.stored = "evidence/" + owner + "/" + std::to_string(row.id) + "-" + row.name;
        std::string target = policy.state_dir + "/" + row.stored;
        hash::FileDigest copied = copy_hashing(f, target, 0400);
        written.add(target);
        if (copied.hex != row.sha256 || copied.size != row.size)
            throw Error(Exit::io, _f("'{}' changed while it was being copied; nothing was added", f));
        store::set_evidence_stored(tx, row.id, row.stored);
        journal::append(tx, origin, journal::action::evidence_added, owner,
                        {{"evidence", row.id}, {"name", row.name}, {"sha256", row.sha256}, {"size", row.size}});
        added.push_back(row);
    }
    tx.commit();
    written.keep();
    return added;
}

store::EvidenceRow add_bytes(store::Transaction& tx, const policy::Policy& policy, const journal::Origin& origin,
                             const std::string& owner, const std::string& name, std::string_view bytes, Instant now,
                             Written& written) {
    std::string digest = hash::sha256_hex(std::string(bytes));
    refuse_kept(tx.db(), owner, name, digest);
    paths::make_private_dir(policy.state_dir + "/evidence", {});
    paths::make_private_dir(evidence_dir(policy, owner), {});
    store::EvidenceRow row;
    row.owner = owner;
    row.name = safe_name(name);
    row.added_by = origin.operator_name;
    row.added_at = timeutil::format_rfc3339(now);
    row.sha256 = digest;
    row.size = std::int64_t(bytes.size());
    row.stored = "pending";
    row.id = store::insert_evidence(tx, row);
    row.stored = "evidence/" + owner + "/" + std::to_string(row.id) + "-" + row.name;
    std::string target = policy.state_dir + "/" + row.stored;
    int fd = paths::create_new_file(target, 0600);
    written.add(target);
    bool ok = paths::write_all(fd, bytes.data(), bytes.size()) && ::fchmod(fd, 0400) == 0 && ::fsync(fd) == 0;
    int saved = errno;
    if (::close(fd) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (!ok) throw Error(Exit::io, _f("cannot write '{}': {}", target, std::strerror(saved)));
    store::set_evidence_stored(tx, row.id, row.stored);
    journal::append(tx, origin, journal::action::evidence_added, owner,
                    {{"evidence", row.id}, {"name", row.name}, {"sha256", row.sha256}, {"size", row.size}});
    return row;
}

std::vector<store::EvidenceRow> list(store::Db& db, const journal::Origin& origin, const std::string& owner) {
    auto rows = store::evidence_of(db, owner);
    store::Transaction tx(db);
    journal::append(tx, origin, journal::action::evidence_listed, owner, {{"count", rows.size()}});
    tx.commit();
    return rows;
}

std::vector<Check> verify(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                          const std::string& id, const std::string& prefix) {
    auto journaled = journaled_sha256(db, id);
    std::vector<Check> out;
    std::size_t bad = 0;
    for (const auto& e : store::evidence_of(db, id, prefix)) {
        Check c{e, "ok", "", ""};
        auto it = journaled.find(e.id);
        if (it != journaled.end()) c.journal_sha256 = it->second;
        // The file is compared with the hash the journal recorded when it was added: the
        // evidence table alone can be rewritten with the file, the hash-chained journal cannot.
        const std::string& expected = c.journal_sha256.empty() ? e.sha256 : c.journal_sha256;
        std::string file = policy.state_dir + "/" + e.stored;
        struct stat st;
        if (c.journal_sha256.empty())
            c.status = "not_journaled";
        else if (c.journal_sha256 != e.sha256)
            c.status = "tampered";
        if (::lstat(file.c_str(), &st) != 0) {
            if (c.status == "ok") c.status = "missing";
        } else if (!S_ISREG(st.st_mode)) {
            if (c.status == "ok") c.status = "not_a_file";
        } else {
            c.found_sha256 = hash::sha256_file_hex(file);
            if (c.status == "ok" && c.found_sha256 != expected) c.status = "changed";
        }
        if (c.status != "ok") ++bad;
        out.push_back(std::move(c));
    }
    store::Transaction tx(db);
    journal::append(tx, origin, journal::action::evidence_verified, id.empty() ? "*" : id,
                    {{"checked", out.size()}, {"bad", bad}});
    tx.commit();
    return out;
}

std::vector<std::string> export_to(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                                   const std::string& id, const std::string& dir, const std::string& verify_command) {
    auto rows = store::evidence_of(db, id);
    if (rows.empty()) throw Error(Exit::no_input, _f("'{}' has no evidence to export", id));
    auto journaled = journaled_sha256(db, id);
    // Names first: the sums file's name is taken before any evidence's, and a name taken
    // already gets the evidence number in front ("7-SHA256SUMS"), again until it is free.
    std::set<std::string> names{"SHA256SUMS"};
    std::vector<std::string> chosen;
    for (const auto& e : rows) {
        std::string base = e.name;
        if (base.empty() || base == "." || base == ".." || base.find('/') != std::string::npos ||
            base.find('\0') != std::string::npos)
            base = "evidence";
        std::string name = base;
        for (int k = 1; !names.insert(name).second; ++k)
            name = k == 1 ? fmt::format("{}-{}", e.id, base) : fmt::format("{}-{}-{}", e.id, k, base);
        chosen.push_back(name);
    }
    for (const auto& e : rows) {
        auto it = journaled.find(e.id);
        std::string from = policy.state_dir + "/" + e.stored;
        struct stat st;
        if (it == journaled.end() || it->second != e.sha256 || ::lstat(from.c_str(), &st) != 0 ||
            !S_ISREG(st.st_mode) || hash::sha256_file_hex(from) != e.sha256)
            throw Error(Exit::data, _f("evidence #{} ('{}') of '{}' no longer matches its hash; run '{}'", e.id,
                                       e.name, id, verify_command));
    }
    paths::make_dirs(dir, 0700);
    for (std::size_t i = 0; i <= rows.size(); ++i) {
        std::string to = dir + "/" + (i < rows.size() ? chosen[i] : std::string("SHA256SUMS"));
        if (paths::exists(to))
            throw Error(Exit::cant_create, _f("'{}' already exists; export into an empty folder", to));
    }
    std::vector<std::string> written;
    std::string sums;
    try {
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const auto& e = rows[i];
            std::string to = dir + "/" + chosen[i];
            hash::FileDigest copied = copy_hashing(policy.state_dir + "/" + e.stored, to, 0600);
            written.push_back(to);
            if (copied.hex != e.sha256)
                throw Error(Exit::data,
                            _f("evidence #{} ('{}') of '{}' changed while it was exported", e.id, e.name, id));
            sums += sums_line(e.sha256, chosen[i]);
        }
        std::string to = dir + "/SHA256SUMS";
        int fd = paths::create_new_file(to, 0600);
        written.push_back(to);
        bool ok = paths::write_all(fd, sums.data(), sums.size()) && ::fsync(fd) == 0;
        int saved = errno;
        if (::close(fd) != 0 && ok) {
            ok = false;
            saved = errno;
        }
        if (!ok) throw Error(Exit::io, _f("cannot write '{}': {}", to, std::strerror(saved)));
    } catch (...) {
        for (const auto& w : written) ::unlink(w.c_str());
        throw;
    }
    store::Transaction tx(db);
    journal::append(tx, origin, journal::action::evidence_exported, id, {{"to", dir}, {"count", rows.size()}});
    tx.commit();
    return written;
}

std::vector<io::Column> fields(const std::string& owner_field) {
    using io::Kind;
    return {{owner_field}, {"evidence_id", Kind::integer}, {"name"}, {"size_bytes", Kind::integer}, {"sha256"},
            {"operator"},  {"added_at", Kind::time}};
}

io::Records records(const std::vector<store::EvidenceRow>& rows, const std::string& owner_field) {
    io::Records out;
    out.columns = fields(owner_field);
    for (const auto& e : rows)
        out.rows.push_back({{owner_field, e.owner},
                            {"evidence_id", e.id},
                            {"name", e.name},
                            {"size_bytes", e.size},
                            {"sha256", e.sha256},
                            {"operator", e.added_by},
                            {"added_at", e.added_at}});
    return out;
}

} // namespace netsec::evidence
