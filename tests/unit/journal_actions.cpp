// Journal actions: one rule for every name, the old names readers still find, and entries
// written under an old name found by the new one.
#include "netsec/journal/actions.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/journal/policy_record.hpp"
#include "testutil.hpp"

#include <doctest/doctest.h>
#include <fstream>
#include <iterator>
#include <set>

using namespace netsec;
using namespace netsec::journal;

namespace {

const Origin origin{"alice", "host1", "netsec-test"};

void write_entry(store::Db& db, const std::string& action, const std::string& subject,
                 const nlohmann::ordered_json& details = nlohmann::ordered_json::object()) {
    store::Transaction tx(db);
    append(tx, origin, action, subject, details);
    tx.commit();
}

// A file of the source tree, whole.
std::string source_file(const std::string& path) {
    std::ifstream in(std::string(NETSEC_SOURCE_DIR) + "/" + path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> found(store::Db& db, const std::string& asked) {
    store::JournalFilter f;
    f.actions = spellings({asked});
    std::vector<std::string> out;
    for (const auto& r : store::journal_rows(db, f)) out.push_back(std::to_string(r.seq) + " " + r.action);
    return out;
}

} // namespace

TEST_CASE("the rule: <register>.<past participle>") {
    CHECK(follows_action_rule("incident.opened"));
    CHECK(follows_action_rule("backup.run_recorded"));
    CHECK(follows_action_rule("account.reset"));
    CHECK(follows_action_rule("incident.step_done"));
    CHECK_FALSE(follows_action_rule("incident.open"));
    CHECK_FALSE(follows_action_rule("policy.init"));
    CHECK_FALSE(follows_action_rule("backup.passwd"));
    CHECK_FALSE(follows_action_rule("incident.evidence.add"));
    CHECK_FALSE(follows_action_rule("incident.evidence.added"));
    CHECK_FALSE(follows_action_rule("Incident.opened"));
    CHECK_FALSE(follows_action_rule("opened"));
    CHECK_FALSE(follows_action_rule(".opened"));
    CHECK_FALSE(follows_action_rule("incident._opened"));
}

TEST_CASE("every action follows the rule, and every old name maps to one that does") {
    std::set<std::string_view> names, old_names;
    for (const auto& a : action_names()) {
        INFO(a.name);
        CHECK(follows_action_rule(a.name));
        CHECK(names.insert(a.name).second);
        CHECK_FALSE(a.records.empty());
        if (a.old_name.empty()) continue;
        CHECK(old_names.insert(a.old_name).second);
        CHECK(names.count(a.old_name) == 0);
        CHECK(current_action(a.old_name) == a.name);
        CHECK(follows_action_rule(current_action(a.old_name)));
    }
    for (std::string_view old : old_names) CHECK(names.count(old) == 0); // no old name is reused
    CHECK(names.size() == 60);
}

TEST_CASE("every constant is in the table") {
    using namespace action;
    std::set<std::string_view> names;
    for (const auto& a : action_names()) names.insert(a.name);
    for (const char* c : {policy_initialized,     policy_changed,           account_added,
                          account_changed,        account_issued,           account_reset,
                          account_enabled,        account_disabled,         account_expired,
                          account_archived,       account_logins_imported,  incident_opened,
                          incident_reported,      incident_noted,           incident_corrected,
                          incident_regraded,      incident_assigned,        incident_closed,
                          incident_reopened,      incident_step_done,       evidence_added,
                          evidence_listed,        evidence_verified,        evidence_exported,
                          audit_run_recorded,     audit_finding_opened,     audit_finding_fixed,
                          audit_finding_reopened, audit_finding_excepted,   audit_finding_assigned,
                          backup_run_recorded,    backup_verified,          backup_pruned,
                          backup_restored,        backup_passphrase_changed}) {
        INFO(c);
        CHECK(follows_action_rule(c));
        CHECK(names.count(c) == 1);
    }
}

TEST_CASE("the old and new names of an action are found alike") {
    CHECK(spellings({"evidence.added"}) == std::vector<std::string>{"evidence.added", "incident.evidence.add"});
    CHECK(spellings({"incident.evidence.add"}) == std::vector<std::string>{"evidence.added", "incident.evidence.add"});
    CHECK(spellings({"account.added"}) == std::vector<std::string>{"account.added"});
    CHECK(spellings({"no.such"}) == std::vector<std::string>{"no.such"});
    CHECK(spellings({action::policy_initialized, action::policy_changed}) ==
          std::vector<std::string>{"policy.initialized", "policy.init", "policy.changed"});
    CHECK(current_action("backup.passwd") == "backup.passphrase_changed");
    CHECK(current_action("backup.passphrase_changed") == "backup.passphrase_changed");
}

TEST_CASE("a journal with entries under old names is read by the new name, and its chain holds") {
    test::TempDir tmp;
    store::Db db(tmp.file("j.db"), store::Access::read_write);
    write_entry(db, "incident.open", "INC-2026-0001"); // as netsec wrote it before the rename
    write_entry(db, action::incident_opened, "INC-2026-0002");
    write_entry(db, "backup.run", "job docs");
    write_entry(db, action::account_added, "zhangsan");
    CHECK(found(db, "incident.opened") == std::vector<std::string>{"1 incident.open", "2 incident.opened"});
    CHECK(found(db, "incident.open") == std::vector<std::string>{"1 incident.open", "2 incident.opened"});
    CHECK(found(db, "backup.run_recorded") == std::vector<std::string>{"3 backup.run"});
    CHECK(found(db, "account.added") == std::vector<std::string>{"4 account.added"});
    CHECK(found(db, "no.such").empty());
    CHECK(verify_chain(db).intact); // the old entries keep their names: nothing was rewritten
}

TEST_CASE("a policy recorded under the old name policy.init is not recorded again") {
    test::TempDir tmp;
    store::Db db(tmp.file("j.db"), store::Access::read_write);
    policy::Policy p;
    p.file = tmp.file("policy.yaml");
    p.sha256 = std::string(64, 'a');
    write_entry(db, "policy.init", p.file, {{"sha256", p.sha256}});
    CHECK_FALSE(record_policy_if_changed(db, origin, p));
    p.sha256 = std::string(64, 'b');
    CHECK(record_policy_if_changed(db, origin, p));
    auto last = store::last_journal_row(db);
    CHECK(last->action == "policy.changed");
    CHECK(last->details == R"({"sha256":")" + p.sha256 + R"(","previous_sha256":")" + std::string(64, 'a') + R"("})");
}

TEST_CASE("netsec-journal(1) lists every action with its old name") {
    std::string page = source_file("man/netsec-journal.1.scd");
    REQUIRE_FALSE(page.empty());
    for (const auto& a : action_names()) {
        std::string row = "|  *" + std::string(a.name) +
                          "*\n:  " + (a.old_name.empty() ? std::string("-") : "_" + std::string(a.old_name) + "_") +
                          "\n:  " + std::string(a.records) + "\n";
        INFO(row);
        CHECK(page.find(row) != std::string::npos);
    }
}

TEST_CASE("the completion of netsec-journal show --action offers every action") {
    std::string text = source_file("share/netsec/completions/netsec-journal");
    REQUIRE_FALSE(text.empty());
    for (const auto& a : action_names()) {
        INFO(a.name);
        bool found = text.find(" " + std::string(a.name) + " ") != std::string::npos ||
                     text.find(" " + std::string(a.name) + "\n") != std::string::npos;
        CHECK(found);
    }
}
