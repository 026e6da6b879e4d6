#include "netsec/store/duty_web_reads.hpp"

namespace netsec::store {

std::vector<PatrolSeenRow> list_patrols_seen(Db& db, const std::string& from_at, const std::string& to_at) {
    std::vector<PatrolSeenRow> out;
    if (!table_exists(db, "patrols")) return out;
    // A JSON list is "found" when it holds anything: neither empty text nor '[]'.
    Statement st(db, "SELECT fetched_at,"
                     " coalesce(error, '') <> '' OR coalesce(status, 0) < 200 OR coalesce(status, 0) >= 400,"
                     " coalesce(changed, 0) <> 0,"
                     " coalesce(prohibited, '') NOT IN ('', '[]'),"
                     " coalesce(missing_numbers, '') NOT IN ('', '[]')"
                     " FROM patrols WHERE (?1 = '' OR fetched_at >= ?1) AND (?2 = '' OR fetched_at < ?2)"
                     " ORDER BY fetched_at, id");
    st.bind(1, from_at).bind(2, to_at);
    while (st.step())
        out.push_back({st.text(0), st.integer(1) != 0, st.integer(2) != 0, st.integer(3) != 0, st.integer(4) != 0});
    return out;
}

} // namespace netsec::store
