// netsec::duty — its records as the tools print them, each field table beside the function
// that fills it (the field vocabulary: netsec(7) FIELDS), and the roster as a printable page.
#pragma once
#include "netsec/duty/close.hpp"
#include "netsec/duty/gaps.hpp"
#include "netsec/duty/roster_month.hpp"
#include "netsec/duty/stats.hpp"
#include "netsec/duty/swap.hpp"
#include "netsec/io/output.hpp"
#include "netsec/io/page.hpp"

#include <vector>

namespace netsec::duty {

// date, weekday (mon … sun), day_kind (workday, weekend, holiday), slot, username,
// rostered_username (who the roster gave it to, when a swap changed it), starts_at, ends_at.
const std::vector<io::Column>& slot_fields();
io::Records slot_records(const policy::Policy& policy, const std::vector<SlotRow>& slots);

// username, slot_count, by_slot (an object: slot name -> count): the fairness of a generation.
const std::vector<io::Column>& count_fields();
io::Records count_records(const std::map<std::string, Count>& counts);

// swap_id, date, slot, from_username, to_username, reason, operator, swapped_at.
const std::vector<io::Column>& swap_fields();
io::Records swap_records(const std::vector<SwapRow>& swaps);

// closing_id, room, date, closed_at, username (who closed it), all_ok, not_ok (the items not ok
// with their answers), items (every item: item, answer, ok), note, operator.
const std::vector<io::Column>& closing_fields();
io::Records closing_records(const std::vector<Closing>& closings);

// date, gap (unstaffed_slot, missed_closing, missed_patrol), slot, room, due_at.
const std::vector<io::Column>& gap_fields();
io::Records gap_records(const std::vector<Gap>& gaps);

// dimension, key, value.
const std::vector<io::Column>& stats_fields();
io::Records stats_records(const std::vector<Figure>& figures);

// The month's roster as one printable A4 page: a row a day, a column a slot, swaps shown with
// the name the roster gave, for the machine-room door.
io::Page roster_page(const policy::Policy& policy, date::Month month, const std::vector<SlotRow>& slots);

} // namespace netsec::duty
