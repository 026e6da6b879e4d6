// netsec::audit — the yearly inspection's checks, run by hand or by cron: a catalogue of
// checks with stable ids (never reused), each looking at the school's records or at the host
// it runs on (files under a root folder), and returning findings one per check and subject.
// A run applies the policy's exceptions, scores the result, copies the files examined as
// evidence when asked, and is stored and journaled. Prints nothing and reads no argv (layers:
// ARCHITECTURE.md).
#pragma once
#include "netsec/core/finding.hpp"
#include "netsec/core/time.hpp"
#include "netsec/io/page.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/policy/policy.hpp"
#include "netsec/store/audit_rows.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace netsec::audit {

using finding::Severity;
using timeutil::Instant;

// Which checks a run takes: the school's records, the host's files, or both.
enum class Profile { records, host, all };
// "records", "host", "all"; throws Error(usage) naming the text.
Profile parse_profile(const std::string& text);
const char* profile_name(Profile profile);

// One entry of the catalogue. Titles and remediation are data in both languages.
struct Check {
    std::string id; // ORG-0001; stable, never reused
    Severity severity;
    Profile profile; // records or host
    std::string title, title_zh;
    std::string remediation, remediation_zh; // naming the netsec command that fixes it
    std::string basis;                       // the regulation and the school rule it enforces
    std::string examines, examines_zh;       // what it looks at and when it says what
};

// Every check, in catalogue order.
const std::vector<Check>& catalogue();
// The check `id`, or nullptr.
const Check* find_check(const std::string& id);

// The statuses a finding takes.
const std::vector<std::string>& statuses();

// A file a check examined; sha256 and copy are set when the run keeps evidence.
struct Evidence {
    std::string path;
    std::string sha256;
    std::string copy;
};

// A finding of a run: the shared finding, with the run, the check's Chinese remediation and
// basis, the files examined, and the exception that covers it.
struct Finding : finding::Finding {
    std::int64_t run_id = 0;
    std::string remediation_zh, basis;
    std::vector<Evidence> evidence;
    std::string first_seen_at; // when this fingerprint first had this status, without a break
    std::string checked_at, host;
    std::optional<policy::AuditException> exception; // when status is exception
    std::string last_fixed_at; // when the ledger last saw it fixed before this failure; "" when never
};

struct RunOptions {
    std::vector<std::string> checks; // ids; empty: every check of the profile
    Profile profile = Profile::all;
    std::string root = "/"; // host checks read files under this folder
    Severity fail_on = Severity::high;
    std::string evidence_dir; // "" : keep no copies
};

struct Summary {
    std::map<std::string, int> counts; // by status, every status present
    std::optional<int> score;          // 0..100 over applicable checks, weighted by severity
    bool failing = false;              // finding::fails_at(findings, fail_on)
};

struct Run {
    store::AuditRunRow row;
    std::vector<Finding> findings;
    Summary summary;
    std::set<std::string> raised; // fingerprints new or reopened in the ledger by this run (ledger.hpp)
};

// Runs the checks, applies the policy's exceptions, copies evidence when asked, and stores
// the run with its findings, the rectification ledger's changes (ledger.hpp) and their
// journal entries in one transaction. Throws Error(usage) for
// an unknown check id, Error(no_input) for a root that is not a folder,
// Error(cant_create) when evidence cannot be written. A check that cannot look (an unreadable
// file) gives an `error` finding instead of stopping the run.
Run run_audit(store::Db& db, const policy::Policy& policy, const journal::Origin& origin, const RunOptions& options,
              Instant now);

// The score and counts of `findings`; `failing` against `fail_on`.
Summary summarize(const std::vector<Finding>& findings, Severity fail_on);

// A stored run and its findings; throws Error(no_input) naming the run and 'netsec-audit history'.
Run load_run(store::Db& db, std::int64_t id);
// Every stored run, oldest first.
std::vector<store::AuditRunRow> history(store::Db& db);

struct Change {
    std::string change; // new, resolved, still_failing
    Finding before;     // empty check_id when new
    Finding after;      // the newer run's finding; for resolved, its non-failing finding
};

struct Diff {
    std::int64_t from = 0, to = 0;
    std::vector<Change> changes;
};

// What changed from run `from` to run `to` (by default the last two runs): failing findings
// (fail or error) new in `to`, still failing, or resolved (the check ran in `to` and the
// subject no longer fails). Throws Error(no_input) when there are not two runs.
Diff diff_runs(store::Db& db, std::optional<std::int64_t> from, std::optional<std::int64_t> to);

// The one-page report of `run` in Chinese, for an inspector: the run's facts, what needs
// attention, the remedies, the passes, and lines to sign. run_html renders it.
io::Page run_page(const policy::Policy& policy, const Run& run);
std::string run_html(const policy::Policy& policy, const Run& run);

} // namespace netsec::audit
