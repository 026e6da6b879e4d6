// A record's values as netsec(7) FIELDS wants them, and a register's records built from its
// items: what every module's records.cpp needs, in one place.
#pragma once
#include "netsec/io/output.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace netsec::io {

// A missing value is null, never "" (netsec(7), FIELDS).
inline nlohmann::ordered_json text_or_null(const std::string& text) {
    return text.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(text);
}
inline nlohmann::ordered_json bool_or_null(const std::optional<bool>& value) {
    return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json();
}

// The records of `items` under `fields`, each made by `record(item)`.
template <class T, class F>
Records records_of(const std::vector<Column>& fields, const std::vector<T>& items, F record) {
    Records out;
    out.columns = fields;
    for (const auto& item : items) out.rows.push_back(record(item));
    return out;
}

} // namespace netsec::io
