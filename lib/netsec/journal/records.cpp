#include "netsec/journal/records.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/journal/heads.hpp"

namespace netsec::journal {

using json = nlohmann::ordered_json;

namespace {
json or_null(bool present, json value) { return present ? std::move(value) : json(); }
} // namespace

std::vector<Entry> find_entries(store::Db& db, const Query& query) {
    store::JournalFilter f;
    if (query.since) f.since = timeutil::format_rfc3339(*query.since);
    if (query.until) f.until = timeutil::format_rfc3339(*query.until);
    f.subject = query.subject;
    f.tool = query.tool;
    if (!query.action.empty()) f.actions = spellings({query.action}); // old names too
    auto rows = store::journal_rows(db, f);
    if (query.last > 0 && rows.size() > std::size_t(query.last)) rows.erase(rows.begin(), rows.end() - query.last);
    return rows;
}

const std::vector<io::Column>& entry_fields() {
    static const std::vector<io::Column> fields = {{"seq", io::Kind::integer},
                                                   {"recorded_at", io::Kind::time},
                                                   {"operator"},
                                                   {"host"},
                                                   {"tool"},
                                                   {"action"},
                                                   {"subject"},
                                                   {"details", io::Kind::json},
                                                   {"prev_hash", io::Kind::text, false},
                                                   {"hash", io::Kind::text, false}};
    return fields;
}

io::Records entry_records(const std::vector<Entry>& entries) {
    io::Records out;
    out.columns = entry_fields();
    for (const auto& r : entries) {
        json row;
        row["seq"] = r.seq;
        row["recorded_at"] = r.time;
        row["operator"] = r.operator_name;
        row["host"] = r.host;
        row["tool"] = r.tool;
        row["action"] = r.action;
        row["subject"] = r.subject;
        row["details"] = json::parse(r.details, nullptr, false);
        row["prev_hash"] = r.prev_hash;
        row["hash"] = r.hash;
        out.rows.push_back(std::move(row));
    }
    return out;
}

std::vector<TrustedHead> trusted_heads(const std::optional<Head>& given, const std::string& heads_file,
                                       bool& file_empty) {
    std::vector<TrustedHead> heads;
    file_empty = false;
    if (given) heads.push_back({*given, "--head"});
    if (heads_file.empty()) return heads;
    if (auto recorded = newest_recorded_head(heads_file))
        heads.push_back({recorded->head, fmt::format("{}:{}", heads_file, recorded->line)});
    else
        file_empty = true;
    return heads;
}

const std::vector<io::Column>& verification_fields() {
    static const std::vector<io::Column> fields = {{"status"},
                                                   {"entries", io::Kind::integer},
                                                   {"head_seq", io::Kind::integer},
                                                   {"head_hash"},
                                                   {"first_bad_seq", io::Kind::integer},
                                                   {"problem"},
                                                   {"trusted_head"},
                                                   {"trusted_from"}};
    return fields;
}

io::Records verification_record(const Verification& v, const std::vector<TrustedHead>& heads) {
    // The newest head trusted, and every place it was written down.
    const TrustedHead* trusted = nullptr;
    for (const auto& h : heads)
        if (!trusted || h.head.seq > trusted->head.seq) trusted = &h;
    std::string from;
    for (const auto& h : heads)
        if (h.head.seq == trusted->head.seq) from += (from.empty() ? "" : ", ") + h.from;
    json row;
    row["status"] = v.intact ? "intact" : "broken";
    row["entries"] = v.entries;
    row["head_seq"] = or_null(bool(v.head), v.head ? json(v.head->seq) : json());
    row["head_hash"] = or_null(bool(v.head), v.head ? json(v.head->hash) : json());
    row["first_bad_seq"] = or_null(!v.intact, v.first_bad_seq);
    row["problem"] = or_null(!v.intact, v.problem);
    row["trusted_head"] = or_null(trusted, trusted ? format_head(trusted->head) : "");
    row["trusted_from"] = or_null(trusted, from);
    io::Records out;
    out.columns = verification_fields();
    out.rows.push_back(std::move(row));
    return out;
}

const std::vector<io::Column>& head_fields() {
    static const std::vector<io::Column> fields = {
        {"seq", io::Kind::integer}, {"hash"}, {"recorded_at", io::Kind::time}};
    return fields;
}

io::Records head_record(const Entry& newest) {
    io::Records out;
    out.columns = head_fields();
    out.rows.push_back({{"seq", newest.seq}, {"hash", newest.hash}, {"recorded_at", newest.time}});
    return out;
}

Entry newest_entry(store::Db& db) {
    auto last = store::last_journal_row(db);
    if (!last) throw Error(Exit::no_input, _("the journal is empty"));
    return *last;
}

Head record_newest_head(store::Db& db, const std::string& heads_file, const std::string& policy_file,
                        timeutil::Instant now) {
    if (heads_file.empty())
        throw Error(Exit::config, _f("the policy '{}' names no heads file to record the head in; add "
                                     "journal.heads_file (see netsec-policy(5))",
                                     policy_file));
    Entry last = newest_entry(db);
    // Only a head of an intact chain is worth keeping: recording the head of a rewritten chain
    // would bless the rewrite.
    std::vector<Head> heads;
    if (auto recorded = newest_recorded_head(heads_file)) heads.push_back(recorded->head);
    Verification v = verify_chain(db, heads);
    if (!v.intact)
        throw Error(Exit::finding, _f("the journal is broken at entry {}: {}; no head was recorded in '{}'",
                                      v.first_bad_seq, v.problem, heads_file));
    Head head{last.seq, last.hash};
    record_head(heads_file, head, now);
    return head;
}

} // namespace netsec::journal
