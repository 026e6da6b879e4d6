// The policy's `training` section (netsec-training): the goals coverage is measured against.
#pragma once
#include <string>
#include <vector>

namespace netsec::policy {

struct Training {
    double staff_hours = 0;                         // hours each current staff member is trained a school year; 0: one session
    bool lesson_each_term = true;                   // every class gets a safe-use lesson each term
    int administrator_courses = 1;                  // external courses each network administrator attends a school year
    std::vector<std::string> drill_plans = {"MAL"}; // playbooks drilled within thresholds.emergency_drill_within
};

} // namespace netsec::policy
