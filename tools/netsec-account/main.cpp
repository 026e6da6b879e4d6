// netsec-account: the account registry and issuing desk — records, passwords issued once,
// and the formats the real directory reads.
#include "netsec/account/account.hpp"
#include "netsec/account/check.hpp"
#include "netsec/account/export.hpp"
#include "netsec/account/issue.hpp"
#include "netsec/account/logins.hpp"
#include "netsec/account/records.hpp"
#include "netsec/account/roster.hpp"
#include "netsec/cli/command.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/period.hpp"
#include "netsec/io/document.hpp"
#include "netsec/io/import_options.hpp"
#include "netsec/io/progress.hpp"
#include "netsec/io/records.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

using namespace netsec;
using cli::Needs;
using policy::Level;

namespace {

timeutil::Instant now() { return timeutil::now(); }

std::string time_text(const cli::Session& s, const std::string& text) {
    if (text.empty()) return "";
    return timeutil::format_rfc3339(s.time_or_now(text));
}

// --- add, set, show, list --------------------------------------------------------------------

struct Add {
    account::NewAccount req;

    void declare(CLI::App& c) {
        c.add_option("username", req.username, _("the login name"))->required();
        c.add_option("--name", req.full_name, _("the person's full name"))->required();
        c.add_option("--kind", req.kind, _("staff, pupil or service"))->required();
        c.add_option("--grade", req.grade, _("a pupil's year group, e.g. 2020级"));
        c.add_option("--class", req.class_name, _("a pupil's class, e.g. 2020级3班"));
        c.add_option("--student-no", req.student_no, _("a pupil's student number (学号)"))->type_name("NUMBER");
        c.add_option("--department", req.department, _("a staff member's department"));
        c.add_option("--owner", req.owner, _("who answers for a service account"));
        c.add_option("--level", req.level, _("permission level (accounts.levels; default by kind)"));
    }
    int run(cli::Session& s) {
        auto a = account::add_account(*s.db, s.policy, s.origin(), req, now());
        s.notice(
            _f("added '{}' ({}); 'netsec-account issue {}' gives it a password", a.username, a.full_name, a.username));
        if (s.options.format_given) s.print(account::account_records({a}));
        return 0;
    }
};

struct Set {
    std::string username, reason;
    std::optional<std::string> name, grade, class_name, student_no, department, owner, level, left, last_seen,
        password_set;

    void declare(CLI::App& c) {
        c.add_option("username", username, _("the account"))->required();
        c.add_option("--name", name, _("full name"));
        c.add_option("--grade", grade, _("year group"));
        c.add_option("--class", class_name, _("class"));
        c.add_option("--student-no", student_no, _("student number (学号; '' clears)"))->type_name("NUMBER");
        c.add_option("--department", department, _("department"));
        c.add_option("--owner", owner, _("who answers for a service account"));
        c.add_option("--level", level, _("permission level"));
        c.add_option("--left", left, _("when the person left the school ('' clears)"))->type_name("TIME");
        c.add_option("--last-seen", last_seen, _("when the account was last used"))->type_name("TIME");
        c.add_option("--password-set", password_set, _("when the owner last changed the password"))->type_name("TIME");
        c.add_option("--reason", reason, _("why, for the journal"));
    }
    int run(cli::Session& s) {
        account::Changes c;
        c.full_name = name;
        c.grade = grade;
        c.class_name = class_name;
        c.student_no = student_no;
        c.department = department;
        c.owner = owner;
        c.level = level;
        if (left) c.left_at = time_text(s, *left);
        if (last_seen) c.last_seen_at = time_text(s, *last_seen);
        if (password_set) c.password_set_at = time_text(s, *password_set);
        c.reason = reason;
        auto a = account::change_account(*s.db, s.policy, s.origin(), username, c, now());
        if (s.options.format_given) s.print(account::account_records({a}));
        return 0;
    }
};

struct Show {
    std::string who;

    void declare(CLI::App& c) {
        c.add_option("account", who, _("a username, or a student number or full name that only one account has"))
            ->required()
            ->type_name("ACCOUNT");
    }
    int run(cli::Session& s) {
        std::cout << io::render_document(account::account_record(account::find_account_by_person(*s.db, who)),
                                         s.format(), s.policy.school.timezone);
        return 0;
    }
};

struct List {
    std::string kind, class_glob, status, stale, password_older, name, student_no;

    void declare(CLI::App& c) {
        c.add_option("--kind", kind, _("staff, pupil or service"));
        c.add_option("--class", class_glob, _("classes matching this pattern, e.g. '2020级*'"))->type_name("PATTERN");
        c.add_option("--name", name, _("full names holding this text, e.g. 小明"))->type_name("TEXT");
        c.add_option("--student-no", student_no, _("the account of this student number (学号)"))->type_name("NUMBER");
        c.add_option("--status", status, _("active, disabled, expired or archived"));
        c.add_option("--stale", stale, _("not used for this long (or never, since added), e.g. 180d"))
            ->type_name("DURATION");
        c.add_option("--password-older", password_older, _("password set longer ago than this, e.g. 90d"))
            ->type_name("DURATION");
    }
    account::ListFilter filter() const {
        account::ListFilter f;
        f.store = account::account_filter(kind, class_glob, status);
        f.store.name_contains = name;
        f.store.student_no = student_no;
        if (!stale.empty()) f.stale = timeutil::parse_duration(stale);
        if (!password_older.empty()) f.password_older = timeutil::parse_duration(password_older);
        return f;
    }
    cli::Preamble preamble(cli::Preamble p) const {
        filter(); // a bad kind, status or duration is refused before the policy is read
        return p;
    }
    int run(cli::Session& s) {
        s.print(account::account_records(account::list_accounts(*s.db, filter(), now())));
        return 0;
    }
};

// --- import ----------------------------------------------------------------------------------

struct Import {
    std::string file, kind, format = "auto", encoding = "utf-8";
    bool dry_run = false;

    void declare(CLI::App& c) {
        c.add_option("file", file, _("CSV, TSV or JSON Lines file, or - for standard input"))->required();
        c.add_option("--kind", kind, _("staff, pupil or service, for a roster without a kind column"));
        c.add_option("--input-format", format, _("auto, jsonl, csv or tsv"));
        c.add_option("--encoding", encoding, _("utf-8 or gbk"));
        c.add_flag("--dry-run", dry_run, _("check every row and show the accounts; write nothing"));
    }
    io::ReadOptions read_options() const { return io::import_options(format, encoding); }
    cli::Preamble preamble(cli::Preamble p) const {
        read_options();
        return p;
    }
    int run(cli::Session& s) {
        auto records = io::read_records_from(file, read_options());
        account::RosterOptions opts;
        opts.kind = kind;
        opts.dry_run = dry_run;
        auto result =
            account::import_roster(*s.db, s.policy, s.origin(), records, file == "-" ? "<stdin>" : file, opts, now());
        if (!result.ignored.empty()) {
            std::string cols;
            for (const auto& c : result.ignored) cols += (cols.empty() ? "'" : ", '") + c + "'";
            s.notice(_f("left out columns {}", cols));
        }
        for (const auto& who : result.namesakes)
            s.notice(_f("pupils of one name in one class without a student number: {}; their slips differ only by "
                        "username, so give the roster a 学号 column",
                        who));
        s.notice(dry_run ? _f("{} accounts would be added (dry run: nothing written)", result.accounts.size())
                         : _f("added {} accounts; 'netsec-account issue --class ...' gives them passwords",
                              result.accounts.size()));
        s.print(account::account_records(result.accounts));
        return 0;
    }
};

// --- selecting accounts: names, --class, - --------------------------------------------------

struct Targets {
    std::vector<std::string> names;
    std::string class_glob;
    account::Scope scope;

    void declare(CLI::App& c) {
        c.add_option("username", names, _("usernames, or - to read them from standard input"))->type_name("USER...");
        c.add_option("--class", class_glob, _("the pupils of the classes matching this pattern, e.g. '2020级*'"))
            ->type_name("PATTERN");
        c.add_option("--kind", scope.kind, _("with --class: take this kind instead of pupils (staff, pupil, service)"));
        c.add_flag("--include-archived", scope.include_archived,
                   _("with --class: take archived accounts too (left out otherwise)"));
    }
    // Refuses --kind and --include-archived without --class, and a bad kind, before anything runs.
    void check() const {
        if (class_glob.empty() && (!scope.kind.empty() || scope.include_archived))
            throw Error(Exit::usage, _("--kind and --include-archived choose what --class takes; give --class too"));
        if (!scope.kind.empty()) account::kind_of(scope.kind);
    }
    // The accounts named, telling how many archived ones --class left out.
    std::vector<account::Account> select(cli::Session& s) const {
        auto selected = account::select_accounts(*s.db, account::read_selection(names, class_glob, std::cin), scope);
        if (selected.archived_left_out > 0)
            s.notice(_f("left out {} archived accounts of the classes matching '{}'", selected.archived_left_out,
                        class_glob));
        return std::move(selected.accounts);
    }
};

// --- issue, reset ----------------------------------------------------------------------------

template <account::IssueMode mode>
struct Issue {
    Targets targets;
    std::string slips;
    unsigned jobs = 0;
    std::string format; // -f, seen before the preamble

    void declare(CLI::App& c) {
        targets.declare(c);
        c.add_option("--slips", slips, _("write printable password slips to this HTML file (mode 0600) instead"))
            ->type_name("FILE");
        c.add_option("--jobs", jobs, _("hash on this many threads (default: one per core)"))->type_name("N");
    }
    void before(cli::SharedOptions& o) { format = o.format; }
    cli::Preamble preamble(cli::Preamble p) const {
        targets.check();
        if (format != "auto" && !slips.empty())
            throw Error(Exit::usage, _("passwords go either to --slips or to standard output (-f), not both"));
        return p;
    }
    int run(cli::Session& s) {
        auto accounts = targets.select(s);
        io::Progress progress(_("hashing passwords"), !s.options.quiet);
        auto issued = account::prepare_issue(*s.db, s.policy, accounts, mode, jobs, progress.callback());
        progress.finish();
        // The passwords are handed out inside commit_issue's transaction, before it commits: a
        // password whose slips or output could not be written is never stored.
        if (!slips.empty()) {
            account::commit_issue_to_slips(*s.db, s.policy, s.origin(), issued, mode, now(), slips);
            s.notice(_f("wrote {} password slips to '{}' (mode 0600); print them, hand them out, then delete the file",
                        issued.size(), slips));
            return 0;
        }
        auto out = account::issued_records(issued);
        account::commit_issue(*s.db, s.origin(), issued, mode, now(),
                              [&] { s.print(out); }); // print flushes and checks
        s.notice(_f("issued {} passwords; they are shown only this once", issued.size()));
        return 0;
    }
};

// --- disable, enable, expire, archive --------------------------------------------------------

template <const char* command, const char* status>
struct Status {
    Targets targets;
    std::string reason;
    bool dry_run = false;

    void declare(CLI::App& c) {
        targets.declare(c);
        c.add_option("--reason", reason, _("why, for the journal (required)"));
        c.add_flag("--dry-run", dry_run, _("show what would change; change and journal nothing"));
    }
    cli::Preamble preamble(cli::Preamble p) const {
        targets.check();
        // An archived account is someone who left: it comes back only when named.
        if (std::string_view(status) == "active" && targets.scope.include_archived)
            throw Error(Exit::usage, _("'enable' takes archived accounts only by username, never by --class; "
                                       "--include-archived goes with disable, expire and archive"));
        if (reason.empty() && !dry_run)
            throw Error(Exit::usage, _f("'{}' needs --reason; it is written in the journal", command));
        return p;
    }
    int run(cli::Session& s) {
        // Archiving an archived account changes nothing: a year group archived twice is counted
        // as already archived, not refused.
        if (std::string_view(status) == "archived") targets.scope.include_archived = true;
        auto accounts = targets.select(s);
        auto changes = account::change_status(*s.db, s.origin(), accounts, status, reason, now(),
                                              dry_run ? account::DryRun::yes : account::DryRun::no);
        if (changes.size() < accounts.size())
            s.notice(
                _f("{} of {} accounts were already {}", accounts.size() - changes.size(), accounts.size(), status));
        if (dry_run) s.notice(_f("{} accounts would become {} (dry run: nothing changed)", changes.size(), status));
        s.print(account::status_change_records(changes));
        return 0;
    }
};

constexpr char disable_name[] = "disable", disabled[] = "disabled";
constexpr char enable_name[] = "enable", active[] = "active";
constexpr char expire_name[] = "expire", expired[] = "expired";
constexpr char archive_name[] = "archive", archived[] = "archived";

// --- export ----------------------------------------------------------------------------------

struct Export {
    std::string changed_since, kind, class_glob, status;
    std::string format; // -f, seen before the preamble

    void declare(CLI::App& c) {
        c.add_option("--changed-since", changed_since, _("with -f ldif: add and modify records for what changed since"))
            ->type_name("TIME");
        c.add_option("--kind", kind, _("staff, pupil or service"));
        c.add_option("--class", class_glob, _("classes matching this pattern"))->type_name("PATTERN");
        c.add_option("--status", status, _("active, disabled, expired or archived"));
    }
    void before(cli::SharedOptions& o) { format = o.format; }
    cli::Preamble preamble(cli::Preamble p) const {
        const std::string& f = format;
        if (f == "auto") // run_tool has checked that a given one is one of its own
            throw Error(Exit::usage, _f("'export' writes -f chpasswd, ldif or csv, not '{}'", f));
        if (!changed_since.empty() && f != "ldif") throw Error(Exit::usage, _("--changed-since goes with -f ldif"));
        account::account_filter(kind, class_glob, status);
        return p;
    }
    int run(cli::Session& s) {
        const std::string& f = s.options.format;
        auto filter = account::account_filter(kind, class_glob, status);
        filter.changed_since = time_text(s, changed_since);
        auto accounts = account::export_accounts(*s.db, filter);
        if (f == "chpasswd") {
            if (std::size_t without = account::count_without_password(accounts); without > 0)
                s.notice(_f("left out {} accounts without a password; 'netsec-account issue' gives them one", without));
            std::cout << account::export_chpasswd(accounts);
        } else if (f == "ldif") {
            std::cout << account::export_ldif(accounts, s.policy, filter.changed_since);
        } else {
            io::write_records(std::cout, io::Format::csv, account::export_records(accounts, s.policy), s.style());
        }
        return 0;
    }
};

// --- logins import, logins list ---------------------------------------------------------------

struct LoginsImport {
    std::string file, source, format = "auto", zone;
    int year = 0;

    void declare(CLI::App& c) {
        c.add_option("file", file, _("the log, or - for standard input"))->required();
        c.add_option("--source", source, _("names the log in the records (default: the file name)"))->type_name("NAME");
        c.add_option("--input-format", format, _("auto, syslog, journal, last, utmpdump, radius or csv"))
            ->type_name("FORMAT");
        c.add_option("--year", year,
                     _("the year of syslog times that have none (default: the file's modification time)"))
            ->type_name("YEAR");
        c.add_option("--zone", zone, _("the time zone of times written without one (default: the policy's)"))
            ->type_name("ZONE");
    }
    cli::Preamble preamble(cli::Preamble p) const {
        account::parse_login_format(format);
        if (year != 0) check_year(year); // the year of syslog times, not a period
        return p;
    }
    int run(cli::Session& s) {
        account::LoginReadOptions ro;
        ro.format = account::parse_login_format(format);
        ro.year = year;
        ro.zone = zone.empty() ? s.policy.school.timezone : zone;
        if (!timeutil::is_known_zone(ro.zone))
            throw Error(Exit::usage, _f("unknown time zone '{}', e.g. Asia/Shanghai", ro.zone));
        ro.reference = now();
        ro.source = source;
        std::string name = file == "-" ? "<stdin>" : file;
        auto read = account::read_login_file(file, ro);
        auto result = account::import_logins(*s.db, s.origin(), read, name, now());
        std::size_t failed = result.failed_added + result.failed_already;
        s.notice(_f(
            "read {} sessions from '{}' ({}): added {}, ended {}, already there {}; last_seen_at moved for {} accounts",
            read.logins.size() - failed, name, account::login_format_name(read.format), result.added, result.ended,
            result.already, result.seen_updated));
        if (failed > 0)
            s.notice(_f("read {} failed sign-ins: added {}, already there {}; 'logins list --failed' shows them",
                        failed, result.failed_added, result.failed_already));
        if (result.unknown_users > 0)
            s.notice(_f("{} sessions are of usernames not in the registry; they are kept, and 'check' leaves them out",
                        result.unknown_users));
        s.print(account::login_records(result.added_rows));
        return 0;
    }
};

struct LoginsList {
    std::string user, since;
    bool failed = false;

    void declare(CLI::App& c) {
        c.add_option("--user", user, _("one account's sessions"))->type_name("USER");
        c.add_option("--since", since, _("sessions that started at or after this time"))->type_name("TIME");
        c.add_flag("--failed", failed, _("the failed sign-ins instead: started_at is when each was refused"));
    }
    int run(cli::Session& s) {
        s.print(account::login_records(account::list_logins(*s.db, user, time_text(s, since), failed)));
        return 0;
    }
};

// --- check -----------------------------------------------------------------------------------

struct Check {
    std::string since = "7d", fail_on = "low";

    void declare(CLI::App& c) {
        c.add_option("--since", since, _("read login records from this time, or this long ago (default 7d)"))
            ->type_name("TIME|DURATION");
        c.add_option("--fail-on", fail_on, _("exit 1 for findings at or above this severity (default low)"))
            ->type_name("SEVERITY");
    }
    cli::Preamble preamble(cli::Preamble p) const {
        finding::parse_severity(fail_on, "--fail-on");
        return p;
    }
    int run(cli::Session& s) {
        account::CheckOptions co;
        co.since = since.empty() ? now() : timeutil::parse_time_or_ago(since, s.policy.school.timezone, now());
        auto findings = account::check_accounts(*s.db, s.policy, co, now());
        auto threshold = finding::parse_severity(fail_on, "--fail-on");
        // For cron (-q): only what makes the exit 1, so that a quiet morning prints nothing while
        // the hygiene facts below --fail-on wait in the audit's rectification ledger.
        if (s.options.quiet)
            std::erase_if(findings, [&](const finding::Finding& f) { return !finding::fails_at(f, threshold); });
        if (!findings.empty())
            s.print(account::finding_records(findings, now()));
        else
            s.notice(_("no findings"));
        return finding::fails_at(findings, threshold) ? int(Exit::finding) : 0;
    }
};

} // namespace

int main(int argc, char** argv) {
    return cli::run_tool(argc, argv, "netsec-account", [] {
        using account::IssueMode;
        auto records = cli::records();
        const auto& accounts = account::account_fields();
        return cli::Tool{
            _("The account registry and issuing desk: records, passwords issued once, exports for the directory."),
            {
                cli::command<Add>("add", _("add one account"), Level::admin, Needs::store_write, records, accounts),
                cli::command<Set>("set", _("change an account's fields"), Level::admin, Needs::store_write, records,
                                  accounts),
                cli::command<Show>("show", _("show one account"), Level::viewer, Needs::store, records, accounts),
                cli::command<List>("list", _("list accounts"), Level::viewer, Needs::store, records, accounts),
                cli::command<Import>("import", _("add every row of a roster or staff list, all or nothing"),
                                     Level::admin, Needs::store_write, records, accounts),
                cli::command<Issue<IssueMode::issue>>("issue", _("give accounts their first password, shown once"),
                                                      Level::admin, Needs::store_write, records,
                                                      account::issued_fields()),
                cli::command<Issue<IssueMode::reset>>("reset", _("give accounts a new password, shown once"),
                                                      Level::admin, Needs::store_write, records,
                                                      account::issued_fields()),
                cli::command<Status<disable_name, disabled>>(
                    "disable", _("disable accounts (the password stops working)"), Level::admin, Needs::store_write,
                    records, account::status_change_fields()),
                cli::command<Status<enable_name, active>>("enable", _("make accounts active again"), Level::admin,
                                                          Needs::store_write, records, account::status_change_fields()),
                cli::command<Status<expire_name, expired>>("expire", _("mark accounts expired"), Level::admin,
                                                           Needs::store_write, records,
                                                           account::status_change_fields()),
                cli::command<Status<archive_name, archived>>(
                    "archive", _("archive the accounts of people who have left"), Level::admin, Needs::store_write,
                    records, account::status_change_fields()),
                cli::command<Export>(
                    "export", _("write accounts for chpasswd -e, ldapadd (-f ldif) or a spreadsheet (-f csv)"),
                    Level::admin, Needs::store, cli::own({"chpasswd", "ldif", "csv"}), account::export_fields()),
                cli::group("logins", _("login records: who signed in to which account, from where, when")),
                cli::command<LoginsImport>("logins import",
                                           _("read sessions from sshd logs, the journal, last, utmpdump, "
                                             "FreeRADIUS detail files or CSV; the same lines twice add nothing"),
                                           Level::admin, Needs::store_write, records, account::login_fields()),
                cli::command<LoginsList>("logins list", _("list the login records"), Level::viewer, Needs::store,
                                         records, account::login_fields()),
                cli::command<Check>("check",
                                    _("report lent, stale and ownerless accounts and old passwords; exit 1 "
                                      "when anything is found"),
                                    Level::viewer, Needs::store, records, account::finding_fields()),
            }};
    });
}
