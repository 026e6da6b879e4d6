#include "netsec/journal/journal.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/hash.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/time.hpp"

#include <cctype>
#include <map>

namespace netsec::journal {

std::string entry_hash(const Entry& e) {
    nlohmann::json fields = nlohmann::json::array(
        {e.seq, e.time, e.operator_name, e.host, e.tool, e.action, e.subject, e.details, e.prev_hash});
    return hash::sha256_hex(fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

Entry append(store::Transaction& tx, const Origin& origin, const std::string& action, const std::string& subject,
             const nlohmann::ordered_json& details) {
    auto last = store::last_journal_head(tx.db());
    Entry e;
    e.seq = last ? last->seq + 1 : 1;
    e.time = timeutil::format_rfc3339(timeutil::now());
    e.operator_name = origin.operator_name;
    e.host = origin.host;
    e.tool = origin.tool;
    e.action = action;
    e.subject = subject;
    e.details = details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    e.prev_hash = last ? last->hash : genesis_hash;
    e.hash = entry_hash(e);
    store::insert_journal_row(tx, e);
    return e;
}

Head parse_head(const std::string& text) {
    auto bad = [&] {
        return Error(Exit::usage, _f("invalid head '{}': expected SEQ:HASH as 'netsec-journal head' prints it", text));
    };
    auto colon = text.find(':');
    if (colon == std::string::npos || colon == 0 || colon > 18) throw bad();
    Head h;
    for (std::size_t i = 0; i < colon; ++i)
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) throw bad();
    h.seq = std::stoll(text.substr(0, colon));
    h.hash = text.substr(colon + 1);
    if (h.hash.size() != 64 || h.seq <= 0) throw bad();
    for (char ch : h.hash)
        if (!std::isxdigit(static_cast<unsigned char>(ch))) throw bad();
    for (char& ch : h.hash) ch = char(std::tolower(static_cast<unsigned char>(ch)));
    return h;
}

std::string format_head(const Head& head) { return std::to_string(head.seq) + ":" + head.hash; }

std::optional<Head> head(store::Db& db) {
    auto last = store::last_journal_row(db);
    if (!last) return std::nullopt;
    return Head{last->seq, last->hash};
}

Verification verify_chain(store::Db& db, const std::optional<Head>& expected) {
    std::vector<Head> heads;
    if (expected) heads.push_back(*expected);
    return verify_chain(db, heads);
}

Verification verify_chain(store::Db& db, const std::vector<Head>& expected) {
    Verification v;
    std::string prev_hash = genesis_hash;
    std::int64_t expected_seq = 1;
    std::map<std::int64_t, const Head*> pending; // heads not reached yet, by sequence number
    for (const auto& h : expected) pending[h.seq] = &h;
    auto broken = [&](std::int64_t seq, std::string problem) {
        v.intact = false;
        v.first_bad_seq = seq;
        v.problem = std::move(problem);
        return false;
    };
    store::each_journal_row(db, [&](const Entry& e) {
        ++v.entries;
        v.head = Head{e.seq, e.hash};
        if (e.seq != expected_seq)
            return broken(expected_seq,
                          _f("entry {} is missing (the next entry is {}): deleted?", expected_seq, e.seq));
        if (e.prev_hash != prev_hash)
            return broken(e.seq, _f("entry {} does not follow entry {}: reordered, or an entry before it was "
                                    "replaced?",
                                    e.seq, e.seq - 1));
        if (entry_hash(e) != e.hash) return broken(e.seq, _f("entry {} does not match its hash: edited?", e.seq));
        for (const auto& h : expected)
            if (h.seq == e.seq && h.hash != e.hash)
                return broken(e.seq, _f("entry {} is not the one written down as head {}: the chain was rewritten",
                                        e.seq, format_head(h)));
        pending.erase(e.seq);
        prev_hash = e.hash;
        ++expected_seq;
        return true;
    });
    if (v.intact && !pending.empty()) {
        const Head& h = *pending.rbegin()->second;
        broken(h.seq, _f("the journal ends before entry {} written down as head {}: entries were removed", h.seq,
                         format_head(h)));
    }
    return v;
}

} // namespace netsec::journal
