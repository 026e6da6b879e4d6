// Attendance and class counts as netsec-training prints them (netsec(7), Fields); each field
// table sits beside the function that fills it.
#pragma once
#include "netsec/io/output.hpp"
#include "netsec/training/attendance.hpp"
#include "netsec/training/campaign.hpp"

#include <vector>

namespace netsec::training {

// session_id, line, username, full_name, signed_at, source, action.
const std::vector<io::Column>& attended_fields();
io::Records attended_records(const AttendResult& result);

// session_id, class, present, enrolled, participation, note, operator, recorded_at.
const std::vector<io::Column>& class_count_fields();
io::Records class_count_records(const std::vector<ClassCount>& counts);

} // namespace netsec::training
