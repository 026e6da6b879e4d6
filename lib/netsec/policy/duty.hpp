// The policy's `duty` section (netsec-duty): the rota, the rooms and their closing checklist.
#pragma once

namespace netsec::policy {

struct Duty {};

} // namespace netsec::policy
