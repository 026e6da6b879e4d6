// Training's figures for the yearly report: sessions, hours and attendance by kind in a period,
// finished drills by plan, and the coverage of the school year (staff trained, classes taught,
// administrators' courses, plans drilled).
#pragma once
#include "netsec/training/coverage.hpp"

#include <optional>
#include <string>
#include <vector>

namespace netsec::training {

// One figure: what it counts (dimension), of which value (key, "" for a total), shown as
// (name), how many; a share is a percentage with one decimal.
struct Figure {
    std::string dimension, key, name;
    double value = 0;
};

// The figures of the sessions dated in [from, to] (YYYY-MM-DD) and of `coverage`:
// sessions, hours and attendance by kind and in total; drills (finished) by plan; coverage
// counts (staff_trained of staff, classes_covered of classes, administrators_trained,
// plans_drilled) and staff_trained_percent.
std::vector<Figure> training_figures(const CoverageFacts& facts, const std::string& from, const std::string& to,
                                     const Coverage& coverage);

// The figures of calendar year `year` (every year when none) and the coverage of the school
// year that starts in it (the current one when none, or when it has not begun).
std::vector<Figure> gather_stats(store::Db& db, const policy::Policy& policy, std::optional<int> year,
                                 timeutil::Instant now);

// dimension, key, name, value.
const std::vector<io::Column>& stats_fields();
io::Records stats_records(const std::vector<Figure>& figures);

// The Chinese name of a session kind (staff 教职工培训, ...), the kind itself when unknown.
std::string kind_name(const std::string& kind);

} // namespace netsec::training
