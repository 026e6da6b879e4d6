// netsec::training — sessions as the tools print them, each field table beside the function
// that fills it (the field vocabulary: netsec(7) FIELDS).
#pragma once
#include "netsec/io/output.hpp"
#include "netsec/store/training_rows.hpp"

#include <nlohmann/json.hpp>
#include <vector>

namespace netsec::training {

// session_id (TRN-3), date, kind, title, hours, trainer, audience, plan, note, finished_at,
// created_by, created_at; the table leaves out note, created_by and created_at.
const std::vector<io::Column>& session_fields();
nlohmann::ordered_json session_record(const store::SessionRow& s);
io::Records session_records(const std::vector<store::SessionRow>& sessions);

} // namespace netsec::training
