// The antivirus tables: av_imports (one row a file imported), av_states (one row a machine a
// file), av_threats (each detection once, by key). Times are RFC 3339 UTC text, '' = unset.
#pragma once
#include "netsec/store/db.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netsec::store {

struct AvImportRow {
    std::int64_t id = 0;
    std::string source, format, sha256;
    std::int64_t rows = 0;
    std::string imported_at;
};

struct AvStateRow {
    std::int64_t import_id = 0;
    std::int64_t line = 0;
    std::string tag; // '' when the row matched no machine
    std::string hostname, product, product_version, engine_version;
    std::optional<bool> enabled, realtime;
    std::string signature_version, signature_updated_at, quick_scan_at, full_scan_at, reported_at;
};

struct AvThreatRow {
    std::string key, tag, hostname, threat, threat_id, severity, path, detected_at, action, source, incident_id,
        imported_at;
};

// Adds an import and returns its id.
std::int64_t insert_av_import(Transaction& tx, const AvImportRow& row);

// Writes many states with one prepared statement.
class AvStateWriter {
public:
    explicit AvStateWriter(Transaction& tx);
    void write(const AvStateRow& row);

private:
    Statement insert_;
};

// The newest state of every machine (the row of the latest import naming its tag), by tag.
std::vector<AvStateRow> latest_av_states(Db& db);
// The rows of import `id` that matched no machine.
std::vector<AvStateRow> unmatched_av_states(Db& db, std::int64_t import_id);
// Every import, oldest first.
std::vector<AvImportRow> list_av_imports(Db& db);
// The import of the file with `sha256`, if it was imported before.
std::optional<AvImportRow> find_av_import(Db& db, const std::string& sha256);

// Adds a detection; false (and nothing written) when its key is already there.
bool insert_av_threat(Transaction& tx, const AvThreatRow& row);
void set_threat_incident(Transaction& tx, const std::string& key, const std::string& incident_id);
// Detections, newest first; `tag` and `since` ('' for any) narrow them.
std::vector<AvThreatRow> list_av_threats(Db& db, const std::string& tag, const std::string& since);

} // namespace netsec::store
