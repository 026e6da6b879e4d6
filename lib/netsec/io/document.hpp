// One nested document (such as the effective policy) in each output format: YAML for people
// (table), indented JSON, one-line JSON, or flattened "key, value" rows for csv and tsv.
#pragma once
#include "netsec/io/output.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace netsec::io {

// `doc` in `format` (already resolved); csv and tsv flatten keys as school.name, operators[0].level.
// For people (table) every RFC 3339 value of a key ending in `_at` is shown local in `zone`
// ("2026-03-02 14:05"); the machine formats keep UTC.
std::string render_document(const nlohmann::ordered_json& doc, Format format, const std::string& zone = "UTC");

// `doc` with every RFC 3339 value of a key ending in `_at`, at any depth, as a local time in `zone`.
nlohmann::ordered_json with_local_times(nlohmann::ordered_json doc, const std::string& zone);

// `doc` as block-style YAML that yaml-cpp reads back to the same values.
std::string to_yaml(const nlohmann::ordered_json& doc);

} // namespace netsec::io
