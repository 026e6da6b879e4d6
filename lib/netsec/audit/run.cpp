// A run: choose the checks, run each (an error in one becomes an `error` finding), apply the
// policy's exceptions, keep evidence, score, and store it all with its journal entry at once.
#include "netsec/audit/checks.hpp"
#include "netsec/audit/ledger.hpp"
#include "netsec/audit/records.hpp"
#include "netsec/core/caller.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/hash.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <map>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace netsec::audit {
namespace {

using json = nlohmann::ordered_json;

using finding::is_failing;

// How bad a status is, for merging two outcomes about one subject.
int rank(const std::string& status) {
    static const std::vector<std::string> order = {"not_applicable", "pass", "manual", "error", "fail"};
    return int(std::find(order.begin(), order.end(), status) - order.begin());
}

int weight(Severity severity) {
    switch (severity) {
    case Severity::critical: return 10;
    case Severity::high: return 5;
    case Severity::medium: return 3;
    case Severity::low: return 1;
    }
    return 1;
}

// A severity read back from run `run`'s rows; throws Error(data) when the store holds another name.
Severity stored_severity(const std::string& text, std::int64_t run) {
    if (auto s = finding::severity_named(text)) return *s;
    throw Error(Exit::data, _f("unknown severity '{}' in audit run {}", text, run));
}

// A finding's severity: the catalogue's, or for an account check the one table netsec-account
// check reads too, under the policy's overrides (account/check.hpp).
Severity severity_of(const policy::Policy& policy, const Check& check) {
    return check.id.rfind("ACCT-", 0) == 0 ? account::check_severity(policy, check.id) : check.severity;
}

// The end of the exception's last day in the school's zone.
Instant expiry(const policy::Policy& policy, const policy::AuditException& e) {
    return timeutil::parse_date(e.expires, policy.school.timezone) + std::chrono::hours(24);
}

Finding from_row(const store::AuditFindingRow& r) {
    Finding f;
    f.run_id = r.run_id;
    f.check_id = r.check_id;
    f.status = r.status;
    f.severity = stored_severity(r.severity, r.run_id);
    f.title = r.title;
    f.title_zh = r.title_zh;
    f.subject = r.subject;
    f.detail = r.detail;
    f.remediation = r.remediation;
    f.remediation_zh = r.remediation_zh;
    f.basis = r.basis;
    for (const auto& e : json::parse(r.evidence, nullptr, false))
        if (e.is_object())
            f.evidence.push_back({e.value("path", ""), e["sha256"].is_string() ? e["sha256"].get<std::string>() : "",
                                  e["copy"].is_string() ? e["copy"].get<std::string>() : ""});
    if (!r.exception.empty()) {
        json e = json::parse(r.exception, nullptr, false);
        if (e.is_object())
            f.exception =
                policy::AuditException{e.value("check", ""),       e.value("subject", ""), e.value("reason", ""),
                                       e.value("approved_by", ""), e.value("expires", ""), 0};
    }
    f.fingerprint = r.fingerprint;
    f.first_seen_at = r.first_seen;
    f.checked_at = r.checked_at;
    f.host = r.host;
    f.last_fixed_at = r.last_fixed_at;
    return f;
}

store::AuditFindingRow to_row(const Finding& f) {
    store::AuditFindingRow r;
    r.run_id = f.run_id;
    r.check_id = f.check_id;
    r.status = f.status;
    r.severity = finding::severity_name(f.severity);
    r.title = f.title;
    r.title_zh = f.title_zh;
    r.subject = f.subject;
    r.detail = f.detail;
    r.remediation = f.remediation;
    r.remediation_zh = f.remediation_zh;
    r.basis = f.basis;
    r.evidence = evidence_json(f.evidence).dump();
    r.exception = f.exception ? exception_json(*f.exception).dump() : "";
    r.fingerprint = f.fingerprint;
    r.first_seen = f.first_seen_at;
    r.checked_at = f.checked_at;
    r.host = f.host;
    r.last_fixed_at = f.last_fixed_at;
    return r;
}

// EXC-0001: the policy's exceptions that have expired.
std::vector<Outcome> check_exceptions(const policy::Policy& policy, Instant now) {
    std::vector<Outcome> out;
    for (const auto& e : policy.audit.exceptions)
        if (expiry(policy, e) <= now)
            out.push_back({e.check + "/" + e.subject,
                           "fail",
                           _f("{}:{}: the exception for {} '{}' approved by {} ({}) expired on {}", policy.file, e.line,
                              e.check, e.subject, e.approved_by, e.reason, e.expires),
                           {policy.file}});
    if (out.empty()) {
        if (policy.audit.exceptions.empty())
            out.push_back({"exceptions", "not_applicable", _("the policy has no audit exceptions"), {}});
        else
            out.push_back({"exceptions",
                           "pass",
                           _f("exceptions: {}; none expired", policy.audit.exceptions.size()),
                           {policy.file}});
    }
    return out;
}

// Copies `path` under the open folder `dir_fd` (shown as `dir`; its absolute path kept as
// folders) and returns its evidence. The folders are walked without following a symlink and
// the copy is written to a fresh temporary and renamed, so a link or file that someone who can
// write the evidence folder planted is never written through; the copy is streamed, not read whole.
Evidence keep(const std::string& path, int dir_fd, const std::string& dir, std::map<std::string, Evidence>& kept) {
    if (auto it = kept.find(path); it != kept.end()) return it->second;
    Evidence e{path, "", ""};
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
        int in = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (in < 0) throw Error(Exit::no_input, _f("cannot read '{}': {}", path, std::strerror(errno)));
        std::string rel = path;
        while (!rel.empty() && rel.front() == '/') rel.erase(0, 1);
        e.copy = dir + "/" + rel;
        auto slash = rel.find_last_of('/');
        int parent_fd = -1;
        try {
            parent_fd = paths::open_dirs_beneath(dir_fd, slash == std::string::npos ? "" : rel.substr(0, slash), 0700,
                                                 paths::parent(e.copy));
            hash::Sha256 digest;
            paths::write_atomic_at(parent_fd, rel.substr(slash == std::string::npos ? 0 : slash + 1), 0400, e.copy,
                                   [&](int out) {
                                       char buf[1 << 16];
                                       for (;;) {
                                           ssize_t n = ::read(in, buf, sizeof buf);
                                           if (n < 0 && errno == EINTR) continue;
                                           if (n < 0) return false;
                                           if (n == 0) return true;
                                           digest.update(buf, std::size_t(n));
                                           if (!paths::write_all(out, buf, std::size_t(n))) return false;
                                       }
                                   });
            e.sha256 = digest.hex();
        } catch (...) {
            if (parent_fd >= 0) ::close(parent_fd);
            ::close(in);
            throw;
        }
        ::close(parent_fd);
        ::close(in);
    }
    kept[path] = e;
    return e;
}

// Absolute and without a trailing slash ("/" stays), so evidence paths name real files.
std::string normal_root(const std::string& root) {
    std::string r = std::filesystem::absolute(root.empty() ? "/" : root).lexically_normal().string();
    while (r.size() > 1 && r.back() == '/') r.pop_back();
    return r;
}

} // namespace

Summary summarize(const std::vector<Finding>& findings, Severity fail_on) {
    Summary s;
    for (const auto& st : statuses()) s.counts[st] = 0;
    s.failing = finding::fails_at(findings, fail_on);
    std::map<std::string, std::pair<bool, bool>> checks; // id -> (applicable, failing)
    std::map<std::string, Severity> severity;
    for (const auto& f : findings) {
        ++s.counts[f.status];
        auto& c = checks[f.check_id];
        severity[f.check_id] = f.severity;
        if (f.status == "pass" || is_failing(f.status)) c.first = true;
        if (is_failing(f.status)) c.second = true;
    }
    int total = 0, passed = 0;
    for (const auto& [id, c] : checks) {
        if (!c.first) continue;
        total += weight(severity[id]);
        if (!c.second) passed += weight(severity[id]);
    }
    if (total > 0) s.score = int(std::lround(100.0 * passed / total));
    return s;
}

Run run_audit(store::Db& db, const policy::Policy& policy, const journal::Origin& origin, const RunOptions& options,
              Instant now) {
    std::set<std::string> asked;
    for (const auto& id : options.checks) {
        if (!find_check(id)) throw Error(Exit::usage, _f("unknown check '{}'; 'netsec-audit list' shows them", id));
        asked.insert(id);
    }
    std::string root = normal_root(options.root);
    struct stat st {};
    if (::stat(root.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        throw Error(Exit::no_input, _f("--root '{}' is not a folder", options.root));

    Context ctx{db, policy, origin, root, now, std::nullopt, ""};
    auto runs = store::list_audit_runs(db);
    for (auto it = runs.rbegin(); it != runs.rend(); ++it)
        if (!it->journal_head.empty()) {
            ctx.last_head = journal::parse_head(it->journal_head);
            break;
        }

    Run run;
    run.row.started_at = timeutil::format_rfc3339(now);
    run.row.operator_name = origin.operator_name;
    run.row.host = origin.host;
    run.row.root = root;
    run.row.profile = profile_name(options.profile);
    for (const auto& id : asked) run.row.checks += (run.row.checks.empty() ? "" : " ") + id;
    run.row.fail_on = finding::severity_name(options.fail_on);

    std::string checked_at = timeutil::format_rfc3339(now);
    std::set<std::string> checks_ran;
    for (const auto& check : catalogue()) {
        if (!asked.empty() ? !asked.count(check.id)
                           : !(options.profile == Profile::all || options.profile == check.profile))
            continue;
        checks_ran.insert(check.id);
        std::vector<Outcome> outcomes;
        try {
            if (check.id == "EXC-0001")
                outcomes = check_exceptions(policy, now);
            else
                outcomes = function_of(check.id)(ctx);
        } catch (const std::exception& e) {
            outcomes = {{"check", "error", e.what(), {}}};
        }
        // One finding per subject: a subject met twice (a log in two logrotate files) is merged,
        // keeping the worse status and both details.
        std::vector<Outcome> merged;
        for (auto& o : outcomes) {
            auto same =
                std::find_if(merged.begin(), merged.end(), [&](const Outcome& m) { return m.subject == o.subject; });
            if (same == merged.end()) {
                merged.push_back(std::move(o));
                continue;
            }
            if (rank(o.status) > rank(same->status)) same->status = o.status;
            same->detail += "; " + o.detail;
            for (auto& path : o.examined) same->examined.push_back(std::move(path));
        }
        for (auto& o : merged) {
            Finding f;
            f.check_id = check.id;
            f.status = o.status;
            f.severity = severity_of(policy, check);
            f.title = check.title;
            f.title_zh = check.title_zh;
            f.subject = o.subject;
            f.detail = o.detail;
            f.remediation = check.remediation;
            f.remediation_zh = check.remediation_zh;
            f.basis = check.basis;
            for (const auto& path : o.examined) f.evidence.push_back({path, "", ""});
            f.fingerprint = finding::fingerprint_of(check.id, o.subject);
            f.checked_at = checked_at;
            f.host = origin.host;
            if (check.id != "EXC-0001" && (is_failing(f.status) || f.status == "manual"))
                for (const auto& e : policy.audit.exceptions)
                    if (e.check == f.check_id && (e.subject == f.subject || e.subject == "*") &&
                        expiry(policy, e) > now) {
                        f.status = "exception";
                        f.exception = e;
                        break;
                    }
            run.findings.push_back(std::move(f));
        }
    }
    run.row.journal_head = ctx.verified_head;
    run.summary = summarize(run.findings, options.fail_on);
    json counts = json::object();
    for (const auto& [status, n] : run.summary.counts) counts[status] = n;
    run.row.counts = counts.dump();
    run.row.score = run.summary.score;
    run.row.finished_at = timeutil::format_rfc3339(now);

    store::Transaction tx(db);
    run.row.id = store::next_audit_run_id(tx);
    std::map<std::string, Evidence> kept;
    std::string evidence_dir;
    int evidence_fd = -1;
    struct CloseFd {
        int& fd;
        ~CloseFd() {
            if (fd >= 0) ::close(fd);
        }
    } close_evidence{evidence_fd};
    if (!options.evidence_dir.empty()) {
        evidence_dir = options.evidence_dir + "/run-" + std::to_string(run.row.id);
        paths::make_dirs(options.evidence_dir, 0700);
        int base = ::open(options.evidence_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (base < 0)
            throw Error(Exit::cant_create,
                        _f("cannot create folder '{}': {}", options.evidence_dir, std::strerror(errno)));
        try {
            evidence_fd = paths::open_dirs_beneath(base, "run-" + std::to_string(run.row.id), 0700, evidence_dir);
        } catch (...) {
            ::close(base);
            throw;
        }
        ::close(base);
    }
    store::insert_audit_run(tx, run.row);
    run.raised = update_ledger(tx, policy, origin, run.row.id, run.findings, checks_ran, now).raised;
    for (auto& f : run.findings) {
        f.run_id = run.row.id;
        auto previous = store::last_finding(db, f.fingerprint);
        f.first_seen_at = previous && previous->status == f.status ? previous->first_seen : f.checked_at;
        if (!evidence_dir.empty())
            for (auto& e : f.evidence) e = keep(e.path, evidence_fd, evidence_dir, kept);
        store::insert_audit_finding(tx, to_row(f));
    }
    json details = {{"profile", run.row.profile}, {"root", root},
                    {"checks", run.row.checks},   {"fail_on", run.row.fail_on},
                    {"counts", counts},           {"score", run.summary.score ? json(*run.summary.score) : json()}};
    if (!evidence_dir.empty()) details["evidence"] = evidence_dir;
    journal::append(tx, origin, journal::action::audit_run_recorded, "run " + std::to_string(run.row.id), details);
    tx.commit();
    return run;
}

Run load_run(store::Db& db, std::int64_t id) {
    auto row = store::find_audit_run(db, id);
    if (!row) throw Error(Exit::no_input, _f("no audit run {}; 'netsec-audit history' lists them", id));
    Run run;
    run.row = *row;
    for (const auto& r : store::findings_of_run(db, id)) run.findings.push_back(from_row(r));
    run.summary = summarize(run.findings, stored_severity(row->fail_on, id));
    return run;
}

std::vector<store::AuditRunRow> history(store::Db& db) { return store::list_audit_runs(db); }

Diff diff_runs(store::Db& db, std::optional<std::int64_t> from, std::optional<std::int64_t> to) {
    auto runs = store::list_audit_runs(db);
    if (!to) {
        if (runs.empty()) throw Error(Exit::no_input, _("no audit runs yet; run one with 'netsec-audit run'"));
        to = runs.back().id;
    }
    if (!from) {
        for (const auto& r : runs)
            if (r.id < *to) from = r.id;
        if (!from) throw Error(Exit::no_input, _f("no audit run before run {} to compare with", *to));
    }
    Run a = load_run(db, *from), b = load_run(db, *to);
    Diff d;
    d.from = *from;
    d.to = *to;
    std::map<std::string, const Finding*> before, after;
    std::set<std::string> checks_after;
    for (const auto& f : a.findings) before[f.fingerprint] = &f;
    for (const auto& f : b.findings) {
        after[f.fingerprint] = &f;
        checks_after.insert(f.check_id);
    }
    for (const auto& f : b.findings) {
        if (!is_failing(f.status)) continue;
        auto it = before.find(f.fingerprint);
        bool was = it != before.end() && is_failing(it->second->status);
        d.changes.push_back({was ? "still_failing" : "new", was ? *it->second : Finding{}, f});
    }
    for (const auto& f : a.findings) {
        if (!is_failing(f.status)) continue;
        auto it = after.find(f.fingerprint);
        if (it != after.end()) {
            if (!is_failing(it->second->status)) d.changes.push_back({"resolved", f, *it->second});
        } else if (checks_after.count(f.check_id)) {
            d.changes.push_back({"resolved", f, Finding{}});
        }
    }
    return d;
}

} // namespace netsec::audit
