// The checks that look at the school's records: the policy, the account registry, the
// incident register, the journal, and the tables other tools will keep.
#include "netsec/account/account.hpp"
#include "netsec/account/check.hpp"
#include "netsec/audit/checks.hpp"
#include "netsec/backup/jobs.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/hash.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"
#include "netsec/core/text.hpp"
#include "netsec/incident/evidence.hpp"
#include "netsec/incident/incident.hpp"
#include "netsec/journal/heads.hpp"
#include "netsec/store/account_rows.hpp"
#include "netsec/store/audit_rows.hpp"

#include <functional>
#include <map>
#include <sys/stat.h>

namespace netsec::audit {
namespace {

// How far back the login records are read for lent accounts, as `netsec-account check` does.
constexpr auto lent_lookback = std::chrono::hours(24 * 7);

} // namespace

std::string local_date(const Context& ctx, Instant t) {
    return timeutil::format_local(t, ctx.policy.school.timezone).substr(0, 10);
}

// A duration in a finding's detail, in the language of the messages: "365d", in Chinese
// "365 天" (a detail is read by people; the policy's form is for the policy).
std::string detail_duration(timeutil::Duration d) {
    std::string text = timeutil::format_duration(d);
    if (i18n::language() != "zh_CN") return text;
    static const std::map<char, std::string> units = {
        {'w', "周"}, {'d', "天"}, {'h', "小时"}, {'m', "分钟"}, {'s', "秒"}};
    std::string out;
    std::string number;
    for (char ch : text) {
        auto unit = units.find(ch);
        if (unit == units.end()) {
            number += ch;
            continue;
        }
        out += (out.empty() ? "" : " ") + number + " " + unit->second;
        number.clear();
    }
    return out.empty() ? text : out;
}

std::vector<Outcome> check_organization(Context& ctx) {
    const auto& org = ctx.policy.organization;
    std::vector<std::string> problems;
    if (org.leader.name.empty())
        problems.push_back(_("the leadership group has no head"));
    else if (org.leader.title.empty())
        problems.push_back(_f("the head '{}' has no title", org.leader.name));
    if (org.members.empty()) problems.push_back(_("the leadership group names no members besides its head"));
    if (org.network_administrators.empty()) problems.push_back(_("no network administrator is named"));
    if (org.security_officers.empty()) problems.push_back(_("no security officer is named"));
    for (const auto* people : {&org.members, &org.network_administrators, &org.security_officers})
        for (const auto& p : *people)
            if (p.name.empty()) problems.push_back(_("a person without a name"));
    Outcome o{
        "organization", problems.empty() ? "pass" : "fail", netsec::text::join(problems, "; "), {ctx.policy.file}};
    if (problems.empty())
        o.detail =
            _f("head {} ({}); members: {}; network administrators: {}; security officers: {}", org.leader.name,
               org.leader.title, org.members.size(), org.network_administrators.size(), org.security_officers.size());
    return {o};
}

std::vector<Outcome> check_regulations(Context& ctx) {
    const auto& regs = ctx.policy.regulations;
    if (regs.empty()) return {{"regulations", "fail", _("the policy names no written regulations"), {ctx.policy.file}}};
    std::vector<Outcome> out;
    auto review = ctx.policy.thresholds.regulation_review;
    for (const auto& r : regs) {
        Outcome o{r.id, "pass", "", {}};
        std::vector<std::string> problems, fine;
        if (r.document.empty()) {
            problems.push_back(_("no document is named"));
        } else if (!paths::exists(r.document)) {
            problems.push_back(_f("its document '{}' is missing", r.document));
        } else {
            o.examined.push_back(r.document);
            std::string found = hash::sha256_file_hex(r.document);
            if (!r.sha256.empty() && found != r.sha256)
                problems.push_back(
                    _f("its document '{}' has changed: sha256 {}, pinned {}", r.document, found, r.sha256));
            else
                fine.push_back(r.sha256.empty() ? _f("document '{}' present (not pinned)", r.document)
                                                : _f("document '{}' present, sha256 matches", r.document));
        }
        if (r.reviewed.empty()) {
            problems.push_back(_("it was never reviewed"));
        } else {
            Instant reviewed = timeutil::parse_date(r.reviewed, ctx.policy.school.timezone);
            if (reviewed + review < ctx.now)
                problems.push_back(_f("last reviewed on {}, more than {} ago", r.reviewed, detail_duration(review)));
            else
                fine.push_back(_f("reviewed on {}", r.reviewed));
        }
        o.status = problems.empty() ? "pass" : "fail";
        o.detail = netsec::text::join(problems.empty() ? fine : problems, "; ");
        out.push_back(std::move(o));
    }
    return out;
}

// ACCT-0101 to ACCT-0104 are netsec-account's checks (lib/netsec/account/check.hpp): one
// implementation, read here; a subject's problems are joined into one finding.
std::vector<Outcome> account_outcomes(Context& ctx, const std::string& check_id) {
    if (!ctx.account_findings) {
        account::CheckOptions options;
        options.since = ctx.now - lent_lookback;
        ctx.account_findings = account::check_accounts(ctx.db, ctx.policy, options, ctx.now);
    }
    std::map<std::string, std::vector<std::string>> by_user;
    for (const auto& f : *ctx.account_findings)
        if (f.check_id == check_id) by_user[f.subject].push_back(f.detail);
    std::vector<Outcome> out;
    for (const auto& [user, details] : by_user) out.push_back({user, "fail", netsec::text::join(details, "; "), {}});
    return out;
}

// The outcomes of account check `check_id`, or one not_applicable when the registry is empty
// and one pass saying `fine` (given the number of active accounts) when nothing fails.
std::vector<Outcome> registry_outcomes(Context& ctx, const std::string& check_id,
                                       const std::function<std::string(std::size_t)>& fine) {
    auto rows = store::list_accounts(ctx.db, {});
    if (rows.empty())
        return {{"accounts",
                 "not_applicable",
                 _("the account registry is empty; add accounts with netsec-account add or netsec-account import"),
                 {}}};
    auto out = account_outcomes(ctx, check_id);
    if (out.empty()) {
        std::size_t active = 0;
        for (const auto& a : rows) active += a.status == "active";
        out.push_back({"accounts", "pass", fine(active), {}});
    }
    return out;
}

std::vector<Outcome> check_stale_accounts(Context& ctx) {
    return registry_outcomes(ctx, "ACCT-0101", [&](std::size_t active) {
        return _f("active accounts: {}; none unused longer than {}, none of a leaver, every service account has an "
                  "owner",
                  active, detail_duration(ctx.policy.thresholds.stale_account));
    });
}

std::vector<Outcome> check_lent_accounts(Context& ctx) {
    return registry_outcomes(ctx, "ACCT-0103", [&](std::size_t active) {
        return _f("active accounts: {}; none looks lent in the login records of the last {}", active,
                  detail_duration(lent_lookback));
    });
}

std::vector<Outcome> check_guessing(Context& ctx) {
    return registry_outcomes(ctx, "ACCT-0104", [&](std::size_t) {
        return _f("no burst of failed sign-ins in the login records of the last {}", detail_duration(lent_lookback));
    });
}

std::vector<Outcome> check_passwords(Context& ctx) {
    std::size_t with_password = 0;
    for (const auto& a : store::list_accounts_with_hash(ctx.db, {}))
        with_password += a.status == "active" && !a.hash.empty();
    if (with_password == 0)
        return {{"accounts",
                 "not_applicable",
                 _("no active account has a password yet; issue them with netsec-account issue"),
                 {}}};
    auto out = account_outcomes(ctx, "ACCT-0102");
    const auto& t = ctx.policy.thresholds;
    if (out.empty())
        out.push_back({"accounts",
                       "pass",
                       _f("passwords: {}; all yescrypt, changed after issue within {}, none older than {}",
                          with_password, detail_duration(t.password_grace), detail_duration(t.password_max_age)),
                       {}});
    return out;
}

std::vector<Outcome> check_backups(Context& ctx) {
    const auto& t = ctx.policy.thresholds;
    if (ctx.policy.backup.jobs.empty())
        return {{"backups",
                 "not_applicable",
                 _("no backup jobs to check: the policy names none (backup.jobs), so netsec-backup keeps no records"),
                 {}}};
    std::vector<Outcome> out;
    for (const auto& job : ctx.policy.backup.jobs) {
        std::optional<Instant> drilled;
        for (const auto& d :
             backup::job_status(ctx.db, job, ctx.now, t.backup_verify_within, ctx.policy.school.timezone)) {
            if (d.last_restore) {
                Instant at = timeutil::parse_time(d.last_restore->finished_at, "UTC");
                if (!drilled || at > *drilled) drilled = at;
            }
            std::string subject = job.name + ":" + d.destination;
            if (d.state != "ok") {
                out.push_back({subject, "fail", _f("job '{}' in '{}': {}", job.name, d.destination, d.problem), {}});
                continue;
            }
            out.push_back({subject,
                           "pass",
                           _f("job '{}' in '{}': snapshot {} at {} (schedule {}); verified at {}{}", job.name,
                              d.destination, d.last_snapshot->snapshot.substr(0, 8),
                              local_date(ctx, timeutil::parse_time(d.last_snapshot->finished_at, "UTC")),
                              detail_duration(job.schedule),
                              local_date(ctx, timeutil::parse_time(d.last_verify->finished_at, "UTC")),
                              d.last_verify->read_data ? _(", reading every byte") : std::string()),
                           {}});
        }
        std::string subject = job.name + ":restore_drill";
        if (drilled && *drilled + t.restore_drill_within >= ctx.now)
            out.push_back({subject,
                           "pass",
                           _f("job '{}': restored from its backup on {}", job.name, local_date(ctx, *drilled)),
                           {}});
        else
            out.push_back({subject,
                           "fail",
                           drilled
                               ? _f("job '{}': the last restore drill was on {}, longer ago than {}", job.name,
                                    local_date(ctx, *drilled), detail_duration(t.restore_drill_within))
                               : _f("job '{}': no restore drill on record: restore a snapshot into a scratch folder "
                                    "with 'netsec-backup restore latest --job {} --to DIR'",
                                    job.name, job.name),
                           {}});
    }
    return out;
}

std::vector<Outcome> check_incidents(Context& ctx) {
    std::vector<Outcome> out;
    for (const auto& late : incident::overdue(ctx.db, ctx.now)) {
        std::string clock = late.clock.kind == "report"   ? _("report to superiors")
                            : late.clock.kind == "police" ? _("report to the police")
                                                          : _("rectification");
        out.push_back(
            {late.incident.id + "/" + late.clock.kind,
             "fail",
             _f("{} '{}': {} was due {} ({}) and is not done", late.incident.id, late.incident.title, clock,
                timeutil::format_local(late.clock.due, ctx.policy.school.timezone), ctx.policy.school.timezone),
             {}});
    }
    // overdue() leaves void incidents out and stops a clock only by a report to the right role;
    // the count leaves void ones out too (their evidence is still verified).
    auto incidents = store::list_incidents(ctx.db, {});
    auto standing =
        std::count_if(incidents.begin(), incidents.end(), [](const auto& inc) { return !incident::is_void(inc); });
    std::size_t files = 0;
    if (!incidents.empty()) {
        for (const auto& c : incident::verify_evidence(ctx.db, ctx.policy, ctx.origin, "")) {
            ++files;
            if (c.status == "ok") continue;
            out.push_back({fmt::format("{}#{}", c.evidence.owner, c.evidence.id),
                           "fail",
                           c.status == "tampered"
                               ? _f("evidence '{}' of {}: tampered: its record says sha256 {}, the journal recorded {} "
                                    "when it was added (file now {})",
                                    c.evidence.name, c.evidence.owner, c.evidence.sha256, c.journal_sha256,
                                    c.found_sha256.empty() ? std::string("-") : c.found_sha256)
                               : _f("evidence '{}' of {}: {} (recorded sha256 {})", c.evidence.name, c.evidence.owner,
                                    c.status, c.journal_sha256.empty() ? c.evidence.sha256 : c.journal_sha256),
                           {}});
        }
    }
    if (out.empty())
        out.push_back({"incidents",
                       "pass",
                       incidents.empty() ? std::string(_("the register holds no incidents, so none is overdue"))
                                         : _f("incidents: {}, none past a deadline; evidence files re-verified against "
                                              "the hashes the journal recorded: {}",
                                              standing, files),
                       {}});
    return out;
}

std::vector<Outcome> check_journal(Context& ctx) {
    std::vector<Outcome> out;
    // The heads it trusts, and says so: the newest line of the policy's heads file (outside
    // the database, so a rewrite of the database cannot reach it), and the head an earlier run
    // recorded (in the same database: it proves nothing against a rewrite of the whole chain).
    std::vector<journal::Head> heads;
    std::vector<std::string> trusted;
    const std::string& heads_file = ctx.policy.journal.heads_file;
    if (heads_file.empty()) {
        trusted.push_back(_("no heads file is named (journal.heads_file), so a consistent rewrite of the whole chain "
                            "would not be found"));
    } else {
        std::optional<journal::RecordedHead> recorded;
        try {
            recorded = journal::newest_recorded_head(heads_file);
        } catch (const Error& e) {
            out.push_back({"journal", "fail", e.what(), {heads_file}});
            return out;
        }
        if (recorded) {
            heads.push_back(recorded->head);
            trusted.push_back(_f(
                "the chain extends head {} recorded at {} in the heads file '{}'", journal::format_head(recorded->head),
                timeutil::format_local(timeutil::parse_time(recorded->time, "UTC"), ctx.policy.school.timezone),
                heads_file));
        } else {
            trusted.push_back(
                _f("the heads file '{}' holds no head yet ('netsec-journal head --record' writes one)", heads_file));
        }
    }
    if (ctx.last_head) {
        heads.push_back(*ctx.last_head);
        trusted.push_back(
            _f("it extends the head {} an earlier run recorded in the database", journal::format_head(*ctx.last_head)));
    }
    auto v = journal::verify_chain(ctx.db, heads);
    if (v.intact) {
        if (v.head) ctx.verified_head = journal::format_head(*v.head);
        out.push_back({"journal", "pass",
                       _f("journal entries verified: {}", v.entries) + "; " + netsec::text::join(trusted, "; "),
                       heads_file.empty() ? std::vector<std::string>{} : std::vector<std::string>{heads_file}});
    } else {
        out.push_back({"journal", "fail",
                       _f("entry {}: {}", v.first_bad_seq, v.problem) + "; " + netsec::text::join(trusted, "; "),
                       heads_file.empty() ? std::vector<std::string>{} : std::vector<std::string>{heads_file}});
    }
    bool grouped = !ctx.policy.state_group.empty();
    auto mode_check = [&](const std::string& subject, const std::string& path, mode_t allowed) {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) {
            out.push_back({subject, "error", _f("cannot read the mode of '{}'", path), {}});
            return;
        }
        mode_t mode = st.st_mode & 07777;
        if (mode & ~allowed)
            out.push_back(
                {subject, "fail", _f("'{}' has mode {:04o}; at most {:04o} expected", path, mode, allowed), {}});
        else
            out.push_back({subject, "pass", _f("'{}' has mode {:04o}", path, mode), {}});
    };
    mode_check("state_dir", ctx.policy.state_dir, grouped ? 0750 : 0700);
    mode_check("database", ctx.db.file(), grouped ? 0640 : 0600);
    return out;
}

CheckFunction function_of(const std::string& id) {
    static const std::vector<std::pair<std::string, CheckFunction>> table = {
        {"ORG-0001", check_organization},   {"REG-0001", check_regulations},     {"FIL-0001", check_ict_filing},
        {"FIL-0002", check_mlps},           {"ACCT-0101", check_stale_accounts}, {"ACCT-0102", check_passwords},
        {"ACCT-0103", check_lent_accounts}, {"ACCT-0104", check_guessing},       {"AV-0001", check_antivirus},
        {"BKP-0001", check_backups},        {"INC-0001", check_incidents},       {"INC-0002", check_emergency_plan},
        {"JRNL-0001", check_journal},       {"DUTY-0001", check_duty},           {"TRN-0001", check_training},
        {"LOG-0001", check_logs},           {"HOST-0001", check_host_baseline},  {"AST-0001", check_assets},
        {"SW-0001", check_software},        {"CRED-0001", check_credentials},
    };
    for (const auto& [name, fn] : table)
        if (name == id) return fn;
    return nullptr;
}

} // namespace netsec::audit
