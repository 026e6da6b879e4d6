#include "netsec/store/migrations.hpp"

namespace netsec::store {

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> all = {
        {1, "journal",
         "CREATE TABLE journal ("
         "  seq INTEGER PRIMARY KEY,"
         "  time TEXT NOT NULL,"
         "  operator TEXT NOT NULL,"
         "  host TEXT NOT NULL,"
         "  tool TEXT NOT NULL,"
         "  action TEXT NOT NULL,"
         "  subject TEXT NOT NULL,"
         "  details TEXT NOT NULL,"
         "  prev_hash TEXT NOT NULL,"
         "  hash TEXT NOT NULL"
         ") STRICT;"
         "CREATE INDEX journal_subject ON journal(subject);"
         "CREATE INDEX journal_action ON journal(action);"},
    };
    return all;
}

} // namespace netsec::store
