#include "netsec/backup/records.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace netsec::backup {

using json = nlohmann::ordered_json;

namespace {

// A missing value is null (netsec(7) FIELDS), never "".
json text_or_null(const std::string& s) { return s.empty() ? json() : json(s); }

std::string mode_text(std::uint32_t mode) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04o", mode & 07777);
    return buf;
}

// RFC 3339 UTC with nanoseconds, as the repository keeps a file's time.
std::string time_ns(std::int64_t sec, std::uint32_t nsec) {
    std::time_t t = std::time_t(sec);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    char ns[16];
    std::snprintf(ns, sizeof ns, ".%09uZ", nsec);
    return std::string(buf) + ns;
}

// The size of an entry's content: null when it is not a regular file (a folder, a link or a
// device has none; 0 would read as an empty file).
json file_size(NodeType type, std::uint64_t size) { return type == NodeType::file ? json(size) : json(); }

// The short id of a full hex id the store keeps; null when there is none.
json short_hex(const std::string& hex) { return hex.empty() ? json() : json(hex.substr(0, 8)); }

json snapshot_row(const Snapshot& s) {
    return {{"snapshot_id", short_id(s.id)},
            {"saved_at", saved_at(s)},
            {"job", s.job},
            {"paths", s.paths},
            {"file_count", s.files},
            {"size_bytes", s.bytes},
            {"added_bytes", s.added_bytes},
            {"host", s.hostname},
            {"username", s.username},
            {"full_id", to_hex(s.id)}};
}

json damage_row(const Damage& d) { return {{"snapshot_id", d.snapshot}, {"path", d.path}, {"problem", d.problem}}; }

} // namespace

std::string saved_at(const Snapshot& s) {
    auto dot = s.time.find('.');
    return dot == std::string::npos ? s.time : s.time.substr(0, dot) + "Z";
}

const std::vector<io::Column>& snapshot_fields() {
    static const std::vector<io::Column> fields = {{"snapshot_id"},
                                                   {"saved_at", io::Kind::time},
                                                   {"job"},
                                                   {"paths", io::Kind::json},
                                                   {"file_count", io::Kind::integer},
                                                   {"size_bytes", io::Kind::integer},
                                                   {"added_bytes", io::Kind::integer},
                                                   {"host", io::Kind::text, false},
                                                   {"username", io::Kind::text, false},
                                                   {"full_id", io::Kind::text, false}};
    return fields;
}

io::Records snapshot_records(const std::vector<Snapshot>& snapshots) {
    io::Records out;
    out.columns = snapshot_fields();
    for (const auto& s : snapshots) out.rows.push_back(snapshot_row(s));
    return out;
}

const std::vector<io::Column>& snapshot_copies_fields() {
    static const std::vector<io::Column> fields = [] {
        auto f = snapshot_fields();
        // After added_bytes, as the table has always shown them.
        auto at = f.begin() + 7;
        at = f.insert(at, {"copy_count", io::Kind::integer});
        f.insert(at + 1, {"destinations", io::Kind::json, false});
        return f;
    }();
    return fields;
}

io::Records snapshot_copies_records(const std::vector<SnapshotCopies>& snapshots) {
    io::Records out;
    out.columns = snapshot_copies_fields();
    for (const auto& c : snapshots) {
        json row = snapshot_row(c.snapshot);
        row["copy_count"] = c.destinations.size();
        row["destinations"] = c.destinations;
        out.rows.push_back(std::move(row));
    }
    return out;
}

const std::vector<io::Column>& entry_fields() {
    static const std::vector<io::Column> fields = {{"path"},
                                                   {"type"},
                                                   {"mode"},
                                                   {"size_bytes", io::Kind::integer},
                                                   {"modified_at"},
                                                   {"uid", io::Kind::integer, false},
                                                   {"gid", io::Kind::integer, false},
                                                   {"target", io::Kind::text, false}};
    return fields;
}

io::Records entry_records(Repository& repo, const Snapshot& snap, const std::string& path) {
    io::Records out;
    out.columns = entry_fields();
    walk_snapshot(repo, snap, path, [&](const Entry& e) {
        json row;
        row["path"] = e.path;
        row["type"] = type_name(e.node.type);
        row["mode"] = mode_text(e.node.mode);
        row["size_bytes"] = file_size(e.node.type, e.node.size);
        row["modified_at"] = time_ns(e.node.mtime_sec, e.node.mtime_nsec);
        row["uid"] = e.node.uid;
        row["gid"] = e.node.gid;
        row["target"] = e.node.type == NodeType::symlink ? json(e.node.target) : json();
        out.rows.push_back(std::move(row));
    });
    return out;
}

const std::vector<io::Column>& change_fields() {
    static const std::vector<io::Column> fields = {{"change"},
                                                   {"path"},
                                                   {"type"},
                                                   {"size_before_bytes", io::Kind::integer},
                                                   {"size_after_bytes", io::Kind::integer}};
    return fields;
}

io::Records change_records(const std::vector<Change>& changes) {
    io::Records out;
    out.columns = change_fields();
    for (const auto& c : changes)
        out.rows.push_back({{"change", c.change},
                            {"path", c.path},
                            {"type", type_name(c.type)},
                            {"size_before_bytes", c.change == "added" ? json() : file_size(c.type, c.size_before)},
                            {"size_after_bytes", c.change == "removed" ? json() : file_size(c.type, c.size_after)}});
    return out;
}

const std::vector<io::Column>& backup_fields() {
    static const std::vector<io::Column> fields = {{"snapshot_id"},
                                                   {"saved_at", io::Kind::time},
                                                   {"file_count", io::Kind::integer},
                                                   {"read_file_count", io::Kind::integer},
                                                   {"size_bytes", io::Kind::integer},
                                                   {"added_bytes", io::Kind::integer}};
    return fields;
}

io::Records backup_record(const RunResult& r) {
    io::Records out;
    out.columns = backup_fields();
    const auto& s = r.snapshot;
    out.rows.push_back({{"snapshot_id", short_id(s.id)},
                        {"saved_at", saved_at(s)},
                        {"file_count", s.files},
                        {"read_file_count", r.files_changed},
                        {"size_bytes", s.bytes},
                        {"added_bytes", s.added_bytes}});
    return out;
}

const std::vector<io::Column>& run_row_fields() {
    static const std::vector<io::Column> fields = {{"job"},
                                                   {"destination"},
                                                   {"operation"},
                                                   {"result"},
                                                   {"snapshot_id"},
                                                   {"file_count", io::Kind::integer},
                                                   {"size_bytes", io::Kind::integer},
                                                   {"read_bytes", io::Kind::integer, false},
                                                   {"added_bytes", io::Kind::integer},
                                                   {"duration_ms", io::Kind::integer, false},
                                                   {"started_at", io::Kind::time, false},
                                                   {"message"},
                                                   {"run_id", io::Kind::integer, false}};
    return fields;
}

io::Records run_row_records(const std::vector<store::BackupRunRow>& rows) {
    io::Records out;
    out.columns = run_row_fields();
    for (const auto& r : rows) {
        json j;
        j["job"] = r.job;
        j["destination"] = r.destination;
        j["operation"] = r.operation;
        j["result"] = r.result;
        j["snapshot_id"] = short_hex(r.snapshot);
        // A failed operation saved, read and added nothing: its counts are missing, not 0.
        bool done = r.result != "failed";
        j["file_count"] = done ? json(r.files) : json();
        j["size_bytes"] = done ? json(r.bytes) : json();
        j["read_bytes"] = done ? json(r.bytes_read) : json();
        j["added_bytes"] = done ? json(r.bytes_added) : json();
        j["duration_ms"] = r.duration_ms;
        j["started_at"] = r.started_at;
        j["message"] = text_or_null(r.message);
        j["run_id"] = r.id;
        out.rows.push_back(std::move(j));
    }
    return out;
}

io::Records run_row_records(const std::vector<JobOutcome>& outcomes) {
    std::vector<store::BackupRunRow> rows;
    for (const auto& o : outcomes) rows.insert(rows.end(), o.rows.begin(), o.rows.end());
    return run_row_records(rows);
}

const std::vector<io::Column>& run_fields() {
    static const std::vector<io::Column> fields = [] {
        auto f = run_row_fields();
        for (const auto& c : backup_fields())
            if (std::none_of(f.begin(), f.end(), [&](const io::Column& d) { return d.name == c.name; })) f.push_back(c);
        return f;
    }();
    return fields;
}

const std::vector<io::Column>& status_fields() {
    static const std::vector<io::Column> fields = {{"job"},
                                                   {"destination"},
                                                   {"state"},
                                                   {"snapshot_id"},
                                                   {"snapshot_at", io::Kind::time},
                                                   {"schedule"},
                                                   {"verified_at", io::Kind::time},
                                                   {"verified_read_data", io::Kind::json, false},
                                                   {"restored_at", io::Kind::time, false},
                                                   {"problem"}};
    return fields;
}

io::Records status_records(const std::vector<DestinationStatus>& statuses) {
    io::Records out;
    out.columns = status_fields();
    for (const auto& d : statuses) {
        json j;
        j["job"] = d.job;
        j["destination"] = d.destination;
        j["state"] = d.state;
        j["snapshot_id"] = d.last_snapshot ? short_hex(d.last_snapshot->snapshot) : json();
        j["snapshot_at"] = d.last_snapshot ? json(d.last_snapshot->finished_at) : json();
        j["schedule"] = timeutil::format_duration(d.schedule);
        j["verified_at"] = d.last_verify ? json(d.last_verify->finished_at) : json();
        j["verified_read_data"] = d.last_verify ? json(d.last_verify->read_data) : json();
        j["restored_at"] = d.last_restore ? json(d.last_restore->finished_at) : json();
        j["problem"] = text_or_null(d.problem);
        out.rows.push_back(std::move(j));
    }
    return out;
}

const std::vector<io::Column>& damage_fields() {
    static const std::vector<io::Column> fields = {{"snapshot_id"}, {"path"}, {"problem"}};
    return fields;
}

io::Records damage_records(const std::vector<Damage>& damaged) {
    io::Records out;
    out.columns = damage_fields();
    for (const auto& d : damaged) out.rows.push_back(damage_row(d));
    return out;
}

const std::vector<io::Column>& destination_damage_fields() {
    static const std::vector<io::Column> fields = {{"destination"}, {"snapshot_id"}, {"path"}, {"problem"}};
    return fields;
}

io::Records destination_damage_records(const std::vector<DestinationDamage>& damaged) {
    io::Records out;
    out.columns = destination_damage_fields();
    for (const auto& d : damaged) {
        json row = {{"destination", d.destination}};
        row.update(damage_row(d.damage));
        out.rows.push_back(std::move(row));
    }
    return out;
}

io::Records destination_damage_records(const std::vector<VerifyOutcome>& outcomes) {
    std::vector<DestinationDamage> damaged;
    for (const auto& o : outcomes) damaged.insert(damaged.end(), o.damaged.begin(), o.damaged.end());
    return destination_damage_records(damaged);
}

const std::vector<io::Column>& passphrase_fields() {
    static const std::vector<io::Column> fields = {{"job"}, {"destination"}, {"result"}, {"message"}};
    return fields;
}

io::Records passphrase_records(const std::vector<PassphraseOutcome>& outcomes) {
    io::Records out;
    out.columns = passphrase_fields();
    for (const auto& o : outcomes)
        for (const auto& c : o.changes)
            out.rows.push_back({{"job", o.job},
                                {"destination", c.destination},
                                {"result", c.result},
                                {"message", text_or_null(c.message)}});
    return out;
}

} // namespace netsec::backup
