// netsec::account — the registry's records as the tools print them: accounts (list, show,
// import, add, set, export -f csv), the passwords handed out once (issue, reset), status
// changes, login sessions and the account checks' findings. Each has its field table beside
// the function that fills it (the field vocabulary: netsec(7) FIELDS).
#pragma once
#include "netsec/account/account.hpp"
#include "netsec/account/check.hpp"
#include "netsec/account/issue.hpp"
#include "netsec/account/logins.hpp"
#include "netsec/io/output.hpp"

#include <nlohmann/json.hpp>
#include <vector>

namespace netsec::account {

// username, full_name, kind, grade, class, student_no, department, owner, level, status,
// issued_at, password_set_at, last_seen_at, left_at, uid_number, gid_number, created_at,
// updated_at; the table leaves out the numbers, left_at, created_at and updated_at. The columns
// carry the Chinese and English headers `import` reads (roster.cpp), so `list -f csv` round-trips.
const std::vector<io::Column>& account_fields();
// One account as a record; never the hash; an empty text or time is null.
nlohmann::ordered_json account_record(const Account& a);
// The details journaled with "account.added": the record without the username (the entry's
// subject) and without its times. Entries written before student_no and null existed hold ""
// instead; the journal hashes the stored text, so they verify as written.
nlohmann::ordered_json added_details(const Account& a);
io::Records account_records(const std::vector<Account>& accounts);

// The account fields, then home_directory and login_shell: `export -f csv`.
const std::vector<io::Column>& export_fields();
io::Records export_records(const std::vector<Account>& accounts, const policy::Policy& policy);

// username, full_name, class, student_no, department, password: the passwords `issue` and `reset` hand out.
const std::vector<io::Column>& issued_fields();
io::Records issued_records(const std::vector<Issued>& issued);

// username, previous_status, status: what disable, enable, expire and archive changed.
const std::vector<io::Column>& status_change_fields();
io::Records status_change_records(const std::vector<StatusChange>& changes);

// username, address, started_at, ended_at, service, host, source, format, fingerprint,
// imported_at; the table leaves out format, fingerprint and imported_at.
const std::vector<io::Column>& login_fields();
nlohmann::ordered_json login_record(const Login& login);
io::Records login_records(const std::vector<Login>& logins);

// check_id, problem, status, severity, subject, username, title, title_zh, detail, first_at,
// last_at, addresses, sessions, remediation, fingerprint, checked_at (status "fail", checked_at
// `now`); the table shows check_id, severity, username, title, detail and addresses.
const std::vector<io::Column>& finding_fields();
nlohmann::ordered_json finding_record(const Finding& finding, Instant now);
io::Records finding_records(const std::vector<Finding>& findings, Instant now);

} // namespace netsec::account
