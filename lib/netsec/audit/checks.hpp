// Inside the audit module: what each check function sees and returns. The runner (run.cpp)
// turns outcomes into findings with the catalogue's titles, exceptions and evidence.
#pragma once
#include "netsec/account/check.hpp"
#include "netsec/audit/audit.hpp"

#include <optional>
#include <string>
#include <vector>

namespace netsec::audit {

// What one check says about one subject, and the files it read to say it.
struct Outcome {
    std::string subject;
    std::string status; // pass, fail, error, not_applicable, manual
    std::string detail;
    std::vector<std::string> examined;
};

struct Context {
    store::Db& db;
    const policy::Policy& policy;
    const journal::Origin& origin;
    std::string root; // "/" or a prepared folder, without a trailing slash unless "/"
    Instant now;
    std::optional<journal::Head> last_head; // recorded by the newest earlier run that verified it
    std::string verified_head;              // set by JRNL-0001 when the chain verifies
    // netsec-account's findings, computed once for ACCT-0101 to ACCT-0104 together.
    std::optional<std::vector<account::Finding>> account_findings;
};

using CheckFunction = std::vector<Outcome> (*)(Context&);

// The function of check `id`; nullptr for checks the runner does itself (EXC-0001).
CheckFunction function_of(const std::string& id);

// `relative` (no leading slash) under the context's root.
std::string under(const Context& ctx, const std::string& relative);
// "2026-03-01" in the school's zone.
std::string local_date(const Context& ctx, Instant t);
// A duration in a finding's detail, in the language of the messages: "365d", in Chinese "365 天".
std::string detail_duration(timeutil::Duration d);

// The record checks (checks_records.cpp).
std::vector<Outcome> check_organization(Context& ctx);
std::vector<Outcome> check_regulations(Context& ctx);
std::vector<Outcome> check_stale_accounts(Context& ctx);
std::vector<Outcome> check_passwords(Context& ctx);
std::vector<Outcome> check_lent_accounts(Context& ctx);
std::vector<Outcome> check_guessing(Context& ctx);
std::vector<Outcome> check_antivirus(Context& ctx);
std::vector<Outcome> check_backups(Context& ctx);
std::vector<Outcome> check_incidents(Context& ctx);
std::vector<Outcome> check_journal(Context& ctx);

// The checks of the registers training, duty and filing keep, one file each, owned with them:
// TRN-0001 (check_training.cpp), INC-0002 (check_drills.cpp), DUTY-0001 (check_duty.cpp),
// FIL-0001 and FIL-0002 (check_filing.cpp).
std::vector<Outcome> check_training(Context& ctx);
std::vector<Outcome> check_emergency_plan(Context& ctx);
std::vector<Outcome> check_duty(Context& ctx);
std::vector<Outcome> check_ict_filing(Context& ctx);
std::vector<Outcome> check_mlps(Context& ctx);

// The asset register's checks: AST-0001 (check_assets.cpp), AV-0001 (check_antivirus.cpp),
// SW-0001 and CRED-0001 (check_upkeep.cpp).
std::vector<Outcome> check_assets(Context& ctx);
std::vector<Outcome> check_software(Context& ctx);
std::vector<Outcome> check_credentials(Context& ctx);

// The host checks (checks_host.cpp), reading only under ctx.root.
std::vector<Outcome> check_logs(Context& ctx);
std::vector<Outcome> check_host_baseline(Context& ctx);

} // namespace netsec::audit
