// The schema's history: numbered steps applied in order on open, each in the transaction that
// records it in schema_migrations. Add a step at the end; never edit one that has shipped.
#pragma once
#include <vector>

namespace netsec::store {

struct Migration {
    int version;
    const char* name;
    const char* sql;
};

// Every migration, oldest first.
const std::vector<Migration>& migrations();

} // namespace netsec::store
