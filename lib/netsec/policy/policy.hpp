// netsec::policy — the school's YAML policy as typed structs, with defaults filled in.
// Loading validates everything at once and names file:line:column for each problem.
// Knows nothing of the store, the journal or output formats (layers: ARCHITECTURE.md).
#pragma once
#include "netsec/core/finding.hpp"
#include "netsec/core/time.hpp"
#include "netsec/policy/calendar.hpp"
#include "netsec/policy/duty.hpp"
#include "netsec/policy/training.hpp"
#include "netsec/policy/website.hpp"

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/types.h>
#include <vector>

namespace netsec {
struct Caller;
}

namespace netsec::policy {

using timeutil::Duration;

struct School {
    std::string name;
    std::string name_en;
    std::string code;
    std::string county;
    std::string timezone = "Asia/Shanghai";
};

struct Person {
    std::string name;
    std::string title; // e.g. 校长
    std::string user;  // OS login, when the person has one
    std::string phone;
};

struct Organization {
    Person leader;
    std::vector<Person> members;
    std::vector<Person> network_administrators;
    std::vector<Person> security_officers;
};

struct Regulation {
    std::string id;
    std::string title; // Chinese title as adopted
    std::string title_en;
    std::string document; // resolved path, "" when none is named
    std::string sha256;   // expected hash of the document, "" when not pinned
    std::string reviewed; // YYYY-MM-DD, "" when never
};

enum class Level { none = 0, viewer = 1, operator_ = 2, admin = 3 };

struct OperatorRule {
    std::string user; // exactly one of user and group is set
    std::string group;
    Level level = Level::none;
};

struct Reporting {
    std::string superior;
    std::map<std::string, Duration> deadlines; // by grade: "I" "II" "III" "IV" "0"
    Duration police_within{24 * 3600};
};

struct Subtype {
    std::string code; // e.g. rumour
    std::string name; // Chinese name
};

struct Category {
    std::string code; // stable: MAL, ATK, DEF, ...
    std::string name; // Chinese name
    std::string name_en;
    bool police = false; // its incidents must also reach the police (illegal content, crime)
    std::vector<Subtype> subtypes;
};

// Whose clock a report to a recipient stops: a superior's (the report deadline), the police's
// (police_within), or nobody's (the school's own leadership, recorded as such).
enum class RecipientRole { superior, police, internal };

// "superior", "police", "internal".
const char* role_name(RecipientRole role);

// One party reports go to (policy `incidents.recipients`).
struct Recipient {
    std::string code; // what `netsec-incident report --to` names
    std::string name; // Chinese name, printed in the security log
    RecipientRole role = RecipientRole::internal;
};

struct Incidents {
    std::vector<Category> categories;                            // the defaults when not given
    std::map<std::string, std::vector<std::string>> playbooks;   // steps by category code
    std::map<std::string, Recipient> recipients;                 // by code
    finding::Severity import_severity = finding::Severity::high; // event findings at or above this open incidents
    // The audit checks whose failing findings are security events (they open incidents); every
    // other finding belongs to the rectification ledger (netsec-audit findings).
    std::vector<std::string> events = {"ACCT-0103", "ACCT-0104"};
    // A finding whose incident exists opens another only when it was fixed and stayed fixed
    // this long before failing again.
    Duration reopen_after{30 * 86400};
};

// Whether failing findings of `check_id` are security events under `incidents`.
bool is_event(const Incidents& incidents, const std::string& check_id);

// The categories every school starts with (netsec-policy init writes them out).
const std::vector<Category>& default_categories();

// Where `netsec-account export -f ldif` puts accounts and the numbers it gives them.
struct Ldap {
    std::string base_dn = "ou=people,dc=school,dc=cn";
    std::int64_t uid_start = 10000;        // the first uidNumber handed out
    std::int64_t gid_start = 10000;        // the gidNumber of the first account's own group
    std::string home = "/home/{username}"; // homeDirectory; {username} is replaced
    std::string shell = "/bin/bash";       // loginShell
};

// What `netsec-account check` calls a possibly lent account, from the login records.
struct Logins {
    int max_machines_per_day = 3; // more places than this in one local day is a finding
    int day_from = 6 * 60;        // sign-ins are expected from this minute of the local day...
    int day_until = 22 * 60;      // ...until this one; outside is "at night"
    finding::Severity lent_severity = finding::Severity::high;
    int failed_burst = 10;           // this many failed sign-ins...
    Duration failed_window{10 * 60}; // ...within this long is password guessing
    finding::Severity guessing_severity = finding::Severity::high;
};

// The account registry and issuing desk (netsec-account; see accounts.hpp for the defaults).
struct Accounts {
    int password_length = 12;
    std::string password_alphabet;                    // no look-alike characters by default (no 0 O o 1 l I)
    std::string pupil_username;                       // e.g. "s{year}{class}{seq}"
    std::vector<std::string> levels;                  // permission levels the leaders assign, lowest first
    std::map<std::string, std::string> default_level; // by kind: staff, pupil, service
    std::string slip_text;                            // printed on every password slip
    Ldap ldap;
    Logins logins;
};

struct Thresholds {
    Duration password_max_age{180 * 86400};
    Duration password_grace{14 * 86400};
    Duration stale_account{180 * 86400};
    Duration antivirus_signature_age{7 * 86400};
    Duration backup_verify_within{30 * 86400};
    Duration restore_drill_within{365 * 86400};
    Duration emergency_drill_within{365 * 86400};
    Duration log_retention{180 * 86400};
    Duration regulation_review{365 * 86400};
};

// One audit finding the school's leaders accept for a while (policy `audit.exceptions`).
struct AuditException {
    std::string check;   // a check id, e.g. HOST-0001
    std::string subject; // the finding's subject, or "*" for every subject of the check
    std::string reason;
    std::string approved_by;
    std::string expires; // YYYY-MM-DD, the last day it holds (in the school's zone)
    int line = 0;        // where it stands in the policy, for messages
};

struct Audit {
    std::vector<AuditException> exceptions;
    // How long the rectification ledger gives a finding of each severity (policy `audit.due`).
    std::map<finding::Severity, Duration> due = {{finding::Severity::critical, Duration{1 * 86400}},
                                                 {finding::Severity::high, Duration{7 * 86400}},
                                                 {finding::Severity::medium, Duration{30 * 86400}},
                                                 {finding::Severity::low, Duration{90 * 86400}}};
};

// How many snapshots of a backup job to keep (policy `backup.jobs[].keep`); 0: none by that rule.
struct Retention {
    int last = 0, daily = 0, weekly = 0, monthly = 0, yearly = 0;
};

// One backup job (policy `backup.jobs`): folders, or a command's output, into two destinations.
struct BackupJob {
    std::string name;
    std::vector<std::string> sources; // resolved; empty when `command` is given
    std::string command, stdin_name;  // e.g. mysqldump school_site, site.sql
    std::vector<std::string> exclude; // glob patterns
    timeutil::Duration schedule = std::chrono::hours(24);
    std::vector<std::string> destinations; // resolved; two
    Retention keep{7, 14, 8, 12, 3};
    int compression = 3;         // zstd level
    std::string passphrase_file; // resolved; empty: not encrypted
};

struct Backup {
    std::vector<BackupJob> jobs;
};

// A kind of machine or device in the asset register (policy `assets.kinds`).
struct AssetKind {
    std::string code; // what --kind names: lab_pc, router, ...
    std::string name; // Chinese name, printed in documents
};

// An antivirus product the school may use (policy `assets.antivirus.approved`): the regime asks
// for a product with a sales licence for computer information system security products.
struct ApprovedProduct {
    std::string product; // matched against the export's product name, case-insensitively, as a prefix
    std::string licence; // 销售许可证号
};

struct Antivirus {
    std::vector<ApprovedProduct> approved;
    std::string date_order;                 // "", "ymd", "mdy" or "dmy": how an ambiguous export's dates read
    std::map<std::string, std::string> map; // generic exports: field -> the header that holds it
    int outbreak_machines = 5;              // this many machines with detections within 24 h is an outbreak
};

// The asset register (policy `assets`; netsec-asset).
struct Assets {
    std::vector<AssetKind> kinds;                // the defaults when not given
    std::string tag_pattern = "{room}-{seq:03}"; // tags `scan import --register` gives
    Duration unseen_after{30 * 86400};           // a machine in use not seen by a scan this long is a finding
    Antivirus antivirus;
    Duration credential_max_age{180 * 86400}; // a shared device's password older than this is due
};

// Where journal heads are kept out of the database's reach (policy `journal`).
struct Journal {
    std::string heads_file; // resolved; "" when the policy names none
};

struct Policy {
    std::string file;   // absolute path it was read from
    std::string dir;    // its folder: relative paths resolve here
    std::string sha256; // of the file's bytes, for drift detection
    School school;
    std::string state_dir;   // resolved
    std::string state_group; // "" when records are private to the owner
    Organization organization;
    std::vector<Regulation> regulations;
    std::vector<OperatorRule> operators;
    Reporting reporting;
    Incidents incidents;
    Accounts accounts;
    Thresholds thresholds;
    Audit audit;
    Backup backup;
    Journal journal;
    Assets assets;
    Calendar calendar; // the school year, terms and holidays (policy/calendar.hpp)
    Training training; // netsec-training's goals (policy/training.hpp)
    Duty duty;         // netsec-duty's rota and rooms (policy/duty.hpp)
    Website website;   // the school's homepage (policy/website.hpp)
    Filing filing;     // when filings fall due (policy/website.hpp)
};

// The asset kind with `code`, or nullptr.
const AssetKind* find_asset_kind(const Policy& policy, const std::string& code);

// The category with `code`, or nullptr.
const Category* find_category(const Policy& policy, const std::string& code);

// The policy path: `option` when given, else $NETSEC_POLICY, else /etc/netsec/policy.yaml.
std::string locate_policy(const std::string& option);

// Why a process with privilege its caller lacks (sudo) must not read `file` as its policy, or ""
// when it may: `file` and every folder above it must be owned by root or `trusted` (the
// effective uid) and writable by no group or others (a sticky folder such as /tmp excepted).
// `file` is taken as it is: give it with its links resolved.
std::string why_untrusted(const std::string& file, uid_t trusted);

// load_policy for `caller`; when the caller is elevated (sudo), the policy is read by its real
// path, and refused with Error(no_perm) unless the caller may read it without sudo (its errors
// would show a file such as /etc/shadow line by line) and root controls it (why_untrusted).
Policy load_policy_for(const std::string& file, const Caller& caller);

// The largest policy file load_policy reads (1 MiB); a larger one is refused before parsing.
inline constexpr std::size_t max_policy_bytes = std::size_t(1) << 20;

// Reads and validates `file`. Throws Error(config) when it is missing, cannot be read,
// is larger than max_policy_bytes or has problems, listing every one,
// "file:line:column: ..." a line.
Policy load_policy(const std::string& file);

// The same from text already read; `file` names it in messages and anchors relative paths.
Policy parse_policy(const std::string& text, const std::string& file);

// Problems with the files the policy names that loading does not judge: a secret file
// (backup.jobs[].passphrase_file) that others may read or that group or others may write, and
// a journal.heads_file that group or others may write. One message a line, naming the file
// and the key; empty when all is well. Missing files are not problems here.
std::vector<std::string> file_mode_problems(const Policy& policy);

// The effective policy (defaults filled in) as ordered JSON, for `netsec-policy show`.
nlohmann::ordered_json to_json(const Policy& policy);

// The commented starting policy `netsec-policy init` writes, with `state_dir` and the first
// administrator's login filled in.
std::string starting_policy(const std::string& state_dir, const std::string& admin_user);

// "viewer", "operator", "admin" (and "none").
const char* level_name(Level level);

} // namespace netsec::policy
