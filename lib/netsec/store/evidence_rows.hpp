// The evidence table: files kept read-only with their SHA-256 for any register's record (an
// incident, a training session's materials, a filing's certificate, a patrol's page). The owner
// is the record's id. Rows are plain structs; times are RFC 3339 UTC text.
#pragma once
#include "netsec/store/db.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace netsec::store {

struct EvidenceRow {
    std::int64_t id = 0;
    std::string owner, name, stored, sha256;
    std::int64_t size = 0;
    std::string added_by, added_at;
};

std::int64_t insert_evidence(Transaction& tx, const EvidenceRow& row);
void set_evidence_stored(Transaction& tx, std::int64_t id, const std::string& stored);
// The evidence of `owner`; with "" every owner whose id starts with `prefix` ("" for all).
std::vector<EvidenceRow> evidence_of(Db& db, const std::string& owner, const std::string& prefix = "");
std::optional<EvidenceRow> find_evidence(Db& db, std::int64_t id);

} // namespace netsec::store
