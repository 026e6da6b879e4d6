// What the registers' records tests check of any io::Records: the names of a field table, and
// that rows carry the fields their table declares.
#pragma once
#include "netsec/io/output.hpp"

#include <doctest/doctest.h>
#include <set>
#include <string>
#include <vector>

namespace netsec::test {

// The fields' names in order; only those the table shows when `table_only`.
inline std::vector<std::string> field_names(const std::vector<io::Column>& fields, bool table_only = false) {
    std::vector<std::string> out;
    for (const auto& c : fields)
        if (!table_only || c.in_table) out.push_back(c.name);
    return out;
}

inline std::set<std::string> field_set(const std::vector<io::Column>& fields) {
    auto names = field_names(fields);
    return {names.begin(), names.end()};
}

// Every row carries exactly the columns of its records, in order.
inline void check_rows_match(const io::Records& records) {
    for (const auto& row : records.rows) {
        std::vector<std::string> keys;
        for (const auto& [k, v] : row.items()) keys.push_back(k);
        CHECK(keys == field_names(records.columns));
    }
}

// Every key of every row is a column of `records` (a row may leave a field out).
inline void check_rows_declared(const io::Records& records) {
    auto declared = field_set(records.columns);
    for (const auto& row : records.rows)
        for (const auto& [key, value] : row.items()) CHECK_MESSAGE(declared.count(key), key);
}

} // namespace netsec::test
