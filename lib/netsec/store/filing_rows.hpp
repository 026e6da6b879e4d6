// The filing register's SQL: the school's website filings (ICP, public security) and its MLPS
// (等级保护) gradings, one row each; retired rows are kept. Dates are YYYY-MM-DD text in the
// school's zone, times RFC 3339 UTC; "" is "not set", level 0 "not graded" (ICP, PSB).
#pragma once
#include "netsec/store/db.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netsec::store {

struct FilingRow {
    std::int64_t id = 0;
    std::string kind;   // icp | psb | mlps
    std::string system; // what was filed: the website or the information system
    std::string number; // the ICP or public-security number, or MLPS's police filing certificate number
    std::string site;   // the website's host name (ICP, PSB), "" for any
    std::int64_t level = 0;
    std::string graded_on, filed_on, assessed_on, assessor, hosting, changed_on, note;
    std::string retired_at, created_by, created_at, updated_at;
};

struct FilingFilter {
    std::string kind;             // "": any
    bool include_retired = false; // retired rows too
};

// Returns the new row's id.
std::int64_t insert_filing(Transaction& tx, const FilingRow& row);
// Writes every field but id, kind, created_by and created_at of the row `row.id`.
void update_filing(Transaction& tx, const FilingRow& row);
std::optional<FilingRow> find_filing(Db& db, std::int64_t id);
// By kind, then system, then id.
std::vector<FilingRow> list_filings(Db& db, const FilingFilter& filter);

} // namespace netsec::store
