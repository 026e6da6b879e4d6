#include "netsec/journal/policy_record.hpp"

#include <nlohmann/json.hpp>

namespace netsec::journal {

Entry record_policy(store::Db& db, const Origin& origin, const policy::Policy& policy, PolicyEvent event) {
    store::Transaction tx(db);
    auto previous =
        store::last_journal_row_for(db, spellings({action::policy_initialized, action::policy_changed}), policy.file);
    nlohmann::ordered_json details;
    details["sha256"] = policy.sha256;
    if (previous) details["previous_sha256"] = nlohmann::json::parse(previous->details).value("sha256", "");
    Entry e = append(tx, origin, event == PolicyEvent::init ? action::policy_initialized : action::policy_changed,
                     policy.file, details);
    tx.commit();
    return e;
}

bool record_policy_if_changed(store::Db& db, const Origin& origin, const policy::Policy& policy) {
    auto previous =
        store::last_journal_row_for(db, spellings({action::policy_initialized, action::policy_changed}), policy.file);
    if (previous && nlohmann::json::parse(previous->details).value("sha256", "") == policy.sha256) return false;
    record_policy(db, origin, policy, PolicyEvent::changed);
    return true;
}

void start_records(const std::string& db_file, const paths::Privacy& privacy, const Origin& origin,
                   const policy::Policy& policy, PolicyEvent event, const std::function<void()>& write_policy) {
    store::Db db(db_file, store::Access::read_write, privacy);
    write_policy();
    record_policy(db, origin, policy, event);
}

} // namespace netsec::journal
