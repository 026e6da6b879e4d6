// One nested document (such as the effective policy) in each output format: YAML for people
// (table), indented JSON, one-line JSON, or flattened "key, value" rows for csv and tsv.
#pragma once
#include "netsec/io/output.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace netsec::io {

// `doc` in `format` (already resolved); csv and tsv flatten keys as school.name, operators[0].level.
std::string render_document(const nlohmann::ordered_json& doc, Format format);

// `doc` as block-style YAML that yaml-cpp reads back to the same values.
std::string to_yaml(const nlohmann::ordered_json& doc);

} // namespace netsec::io
