// netsec-account: the account registry and issuing desk — records, passwords issued once,
// and the formats the real directory reads.
#include "netsec/account/account.hpp"
#include "netsec/account/check.hpp"
#include "netsec/account/export.hpp"
#include "netsec/account/issue.hpp"
#include "netsec/account/logins.hpp"
#include "netsec/account/roster.hpp"
#include "netsec/cli/formats.hpp"
#include "netsec/cli/session.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/finding.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"
#include "netsec/core/period.hpp"
#include "netsec/io/document.hpp"
#include "netsec/io/progress.hpp"
#include "netsec/io/records.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <sys/stat.h>

using namespace netsec;
using json = nlohmann::ordered_json;
using policy::Level;

namespace {

const char* tool = "netsec-account";

timeutil::Instant now() { return timeutil::now(); }

std::string time_text(const cli::Session& s, const std::string& text) {
    if (text.empty()) return "";
    return timeutil::format_rfc3339(s.time_or_now(text));
}

io::Records account_records(const std::vector<account::Account>& accounts) {
    io::Records out;
    for (const auto& name : account::account_fields()) {
        io::Kind kind = name.ends_with("_at") ? io::Kind::time
                        : name.ends_with("_number")  ? io::Kind::integer
                                                     : io::Kind::text;
        bool in_table = name != "uid_number" && name != "gid_number" && name != "created_at" && name != "updated_at" &&
                        name != "left_at";
        out.columns.push_back({name, kind, in_table});
    }
    for (const auto& a : accounts) out.rows.push_back(account::account_record(a));
    return out;
}

// --- add, set, show, list --------------------------------------------------------------------

int add_cmd(const cli::SharedOptions& shared, const account::NewAccount& req) {
    cli::Session s = cli::open_command(shared, "add", Level::admin);
    auto a = account::add_account(*s.db, s.policy, s.origin(), req, now());
    s.notice(_f("added '{}' ({}); 'netsec-account issue {}' gives it a password", a.username, a.full_name, a.username));
    if (shared.format_given) s.print(account_records({a}));
    return 0;
}

struct SetOptions {
    std::string username, reason;
    std::optional<std::string> name, grade, class_name, department, owner, level, left, last_seen, password_set;
};

int set_cmd(const cli::SharedOptions& shared, const SetOptions& o) {
    cli::Session s = cli::open_command(shared, "set", Level::admin);
    account::Changes c;
    c.full_name = o.name;
    c.grade = o.grade;
    c.class_name = o.class_name;
    c.department = o.department;
    c.owner = o.owner;
    c.level = o.level;
    if (o.left) c.left_at = time_text(s, *o.left);
    if (o.last_seen) c.last_seen_at = time_text(s, *o.last_seen);
    if (o.password_set) c.password_set_at = time_text(s, *o.password_set);
    c.reason = o.reason;
    auto a = account::change_account(*s.db, s.policy, s.origin(), o.username, c, now());
    if (shared.format_given) s.print(account_records({a}));
    return 0;
}

int show_cmd(const cli::SharedOptions& shared, const std::string& username) {
    cli::Session s = cli::open_command(shared, "show", Level::viewer, cli::Needs::store);
    auto a = account::get_account(*s.db, username);
    std::cout << io::render_document(account::account_record(a), s.format());
    return 0;
}

struct ListOptions {
    std::string kind, class_glob, status, stale, password_older;
};

int list_cmd(const cli::SharedOptions& shared, const ListOptions& o) {
    account::ListFilter f;
    if (!o.kind.empty()) {
        auto k = account::parse_kind(o.kind);
        if (!k) throw Error(Exit::usage, _f("unknown kind '{}': expected staff, pupil or service", o.kind));
        f.store.kind = *k;
    }
    if (!o.status.empty()) f.store.status = account::parse_status(o.status);
    f.store.class_glob = o.class_glob;
    if (!o.stale.empty()) f.stale = timeutil::parse_duration(o.stale);
    if (!o.password_older.empty()) f.password_older = timeutil::parse_duration(o.password_older);
    cli::Session s = cli::open_command(shared, "list", Level::viewer, cli::Needs::store);
    s.print(account_records(account::list_accounts(*s.db, f, now())));
    return 0;
}

// --- import ----------------------------------------------------------------------------------

struct ImportOptions {
    std::string file, kind, format = "auto", encoding = "utf-8";
    bool dry_run = false;
};

int import_cmd(const cli::SharedOptions& shared, const ImportOptions& o) {
    io::ReadOptions ro;
    ro.format = io::parse_input_format(o.format);
    ro.encoding = io::parse_encoding(o.encoding);
    ro.not_done = _("nothing was imported");
    cli::Session s = cli::open_command(shared, "import", Level::admin);
    auto records = io::read_records_from(o.file, ro);
    std::string source = o.file == "-" ? "<stdin>" : o.file;
    account::RosterOptions opts;
    opts.kind = o.kind;
    opts.dry_run = o.dry_run;
    auto result = account::import_roster(*s.db, s.policy, s.origin(), records, source, opts, now());
    if (!result.ignored.empty()) {
        std::string cols;
        for (const auto& c : result.ignored) cols += (cols.empty() ? "'" : ", '") + c + "'";
        s.notice(_f("left out columns {}", cols));
    }
    s.notice(o.dry_run ? _f("{} accounts would be added (dry run: nothing written)", result.accounts.size())
                       : _f("added {} accounts; 'netsec-account issue --class ...' gives them passwords",
                            result.accounts.size()));
    s.print(account_records(result.accounts));
    return 0;
}

// --- selecting accounts: names, --class, - --------------------------------------------------

struct Targets {
    std::vector<std::string> names;
    std::string class_glob;
};

account::Selection selection_of(const Targets& t) { return account::read_selection(t.names, t.class_glob, std::cin); }

// --- issue, reset ----------------------------------------------------------------------------

struct IssueOptions {
    Targets targets;
    std::string slips;
    unsigned jobs = 0;
};

int issue_cmd(const cli::SharedOptions& shared, const IssueOptions& o, account::IssueMode mode) {
    const char* name = mode == account::IssueMode::issue ? "issue" : "reset";
    if (shared.format_given && !o.slips.empty())
        throw Error(Exit::usage, _("passwords go either to --slips or to standard output (-f), not both"));
    cli::Session s = cli::open_command(shared, name, Level::admin);
    auto accounts = account::select_accounts(*s.db, selection_of(o.targets));
    io::Progress progress(_("hashing passwords"), !shared.quiet);
    auto issued = account::prepare_issue(*s.db, s.policy, accounts, mode, o.jobs, progress.callback());
    progress.finish();
    // The passwords are handed out inside commit_issue's transaction, before it commits: a
    // password whose slips or output could not be written is never stored.
    if (!o.slips.empty()) {
        bool written = false;
        try {
            account::commit_issue(*s.db, s.origin(), issued, mode, now(), [&] {
                paths::write_file_atomic(o.slips, account::slips_html(s.policy, issued), 0600);
                written = true;
            });
        } catch (...) {
            if (written) std::remove(o.slips.c_str());
            throw;
        }
        s.notice(_f("wrote {} password slips to '{}' (mode 0600); print them, hand them out, then delete the file",
                    issued.size(), o.slips));
        return 0;
    }
    io::Records out;
    out.columns = {{"username"}, {"full_name"}, {"class"}, {"department"}, {"password"}};
    for (const auto& i : issued)
        out.rows.push_back({{"username", i.account.username}, {"full_name", i.account.full_name},
                            {"class", i.account.class_name}, {"department", i.account.department},
                            {"password", i.password}});
    account::commit_issue(*s.db, s.origin(), issued, mode, now(), [&] { s.print(out); }); // print flushes and checks
    s.notice(_f("issued {} passwords; they are shown only this once", issued.size()));
    return 0;
}

// --- disable, enable, expire, archive --------------------------------------------------------

int status_cmd(const cli::SharedOptions& shared, const std::string& command, const Targets& targets,
               const std::string& status, const std::string& reason) {
    if (reason.empty()) throw Error(Exit::usage, _f("'{}' needs --reason; it is written in the journal", command));
    cli::Session s = cli::open_command(shared, command, Level::admin);
    auto accounts = account::select_accounts(*s.db, selection_of(targets));
    auto changes = account::change_status(*s.db, s.origin(), accounts, status, reason, now());
    if (changes.size() < accounts.size())
        s.notice(_f("{} of {} accounts were already {}", accounts.size() - changes.size(), accounts.size(), status));
    io::Records out;
    out.columns = {{"username"}, {"previous_status"}, {"status"}};
    for (const auto& c : changes) out.rows.push_back({{"username", c.username}, {"previous_status", c.from}, {"status", c.to}});
    s.print(out);
    return 0;
}

// --- export ----------------------------------------------------------------------------------

struct ExportOptions {
    std::string changed_since, kind, class_glob, status;
};

int export_cmd(const cli::SharedOptions& shared, const ExportOptions& o) {
    const std::string& f = shared.format;
    if (!shared.format_given) // run_main has checked that a given one is one of its own
        throw Error(Exit::usage, _f("'export' writes -f chpasswd, ldif or csv, not '{}'", f));
    if (!o.changed_since.empty() && f != "ldif")
        throw Error(Exit::usage, _("--changed-since goes with -f ldif"));
    cli::Session s = cli::open_command(shared, "export", Level::admin, cli::Needs::store);
    store::AccountFilter filter;
    if (!o.kind.empty()) {
        auto k = account::parse_kind(o.kind);
        if (!k) throw Error(Exit::usage, _f("unknown kind '{}': expected staff, pupil or service", o.kind));
        filter.kind = *k;
    }
    filter.class_glob = o.class_glob;
    if (!o.status.empty()) filter.status = account::parse_status(o.status);
    filter.changed_since = time_text(s, o.changed_since);
    auto accounts = store::list_accounts_with_hash(*s.db, filter);
    if (f == "chpasswd") {
        std::size_t without = 0;
        for (const auto& a : accounts) without += a.hash.empty();
        if (without > 0) s.notice(_f("left out {} accounts without a password; 'netsec-account issue' gives them one", without));
        std::cout << account::export_chpasswd(accounts);
    } else if (f == "ldif") {
        std::cout << account::export_ldif(accounts, s.policy, filter.changed_since);
    } else {
        io::Records out = account_records(accounts);
        out.columns.push_back({"home_directory"});
        out.columns.push_back({"login_shell"});
        for (std::size_t i = 0; i < accounts.size(); ++i) {
            std::string home = s.policy.accounts.ldap.home;
            home.replace(home.find("{username}"), 10, accounts[i].username);
            out.rows[i]["home_directory"] = home;
            out.rows[i]["login_shell"] = s.policy.accounts.ldap.shell;
        }
        io::write_records(std::cout, io::Format::csv, out, s.style());
    }
    return 0;
}

// --- logins import, logins list ---------------------------------------------------------------

io::Records login_records(const std::vector<account::Login>& logins) {
    io::Records out;
    for (const auto& name : account::login_fields()) {
        io::Kind kind = name.ends_with("_at") ? io::Kind::time : io::Kind::text;
        out.columns.push_back({name, kind, name != "fingerprint" && name != "imported_at" && name != "format"});
    }
    for (const auto& l : logins) out.rows.push_back(account::login_record(l));
    return out;
}

struct LoginsImportOptions {
    std::string file, source, format = "auto", zone;
    int year = 0;
};

int logins_import_cmd(const cli::SharedOptions& shared, const LoginsImportOptions& o) {
    account::LoginReadOptions ro;
    ro.format = account::parse_login_format(o.format);
    ro.year = o.year == 0 ? 0 : check_year(o.year); // the year of syslog times, not a period
    cli::Session s = cli::open_command(shared, "logins import", Level::admin);
    ro.zone = o.zone.empty() ? s.policy.school.timezone : o.zone;
    if (!timeutil::is_known_zone(ro.zone)) throw Error(Exit::usage, _f("unknown time zone '{}', e.g. Asia/Shanghai", ro.zone));
    std::string data;
    std::string name = o.file == "-" ? "<stdin>" : o.file;
    ro.reference = now();
    if (o.file == "-") {
        data.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
        data = paths::read_file(o.file);
        struct stat st{};
        if (::stat(o.file.c_str(), &st) == 0) ro.reference = timeutil::Instant{std::chrono::seconds{st.st_mtime}};
    }
    ro.source = o.source.empty() ? name : o.source;
    auto read = account::read_logins(data, name, ro);
    auto result = account::import_logins(*s.db, s.origin(), read, name, now());
    std::size_t failed = result.failed_added + result.failed_already;
    s.notice(_f("read {} sessions from '{}' ({}): added {}, ended {}, already there {}; last_seen_at moved for {} accounts",
                read.logins.size() - failed, name, account::login_format_name(read.format), result.added, result.ended,
                result.already, result.seen_updated));
    if (failed > 0)
        s.notice(_f("read {} failed sign-ins: added {}, already there {}; 'logins list --failed' shows them", failed,
                    result.failed_added, result.failed_already));
    if (result.unknown_users > 0)
        s.notice(_f("{} sessions are of usernames not in the registry; they are kept, and 'check' leaves them out",
                    result.unknown_users));
    s.print(login_records(result.added_rows));
    return 0;
}

struct LoginsListOptions {
    std::string user, since;
    bool failed = false;
};

int logins_list_cmd(const cli::SharedOptions& shared, const LoginsListOptions& o) {
    cli::Session s = cli::open_command(shared, "logins list", Level::viewer, cli::Needs::store);
    std::string since = o.since.empty() ? "" : timeutil::format_rfc3339(s.time_or_now(o.since));
    auto result = o.failed ? store::LoginResult::failure : store::LoginResult::success;
    s.print(login_records(store::list_logins(*s.db, o.user, since, result)));
    return 0;
}

// --- check -----------------------------------------------------------------------------------

struct CheckOpts {
    std::string since = "7d", fail_on = "low";
};

int check_cmd(const cli::SharedOptions& shared, const CheckOpts& o) {
    finding::Severity fail_on = finding::parse_severity(o.fail_on, "--fail-on");
    cli::Session s = cli::open_command(shared, "check", Level::viewer, cli::Needs::store);
    account::CheckOptions co;
    bool duration = !o.since.empty() && std::isdigit(static_cast<unsigned char>(o.since[0])) &&
                    std::isalpha(static_cast<unsigned char>(o.since.back()));
    co.since = duration ? now() - timeutil::parse_duration(o.since) : s.time_or_now(o.since);
    auto findings = account::check_accounts(*s.db, s.policy, co, now());
    io::Records out;
    for (const auto& name : account::finding_fields()) {
        io::Kind kind = name.ends_with("_at") ? io::Kind::time
                        : (name == "addresses" || name == "sessions") ? io::Kind::json
                                                                      : io::Kind::text;
        bool in_table = name == "check_id" || name == "severity" || name == "username" || name == "title" ||
                        name == "detail" || name == "addresses";
        out.columns.push_back({name, kind, in_table});
    }
    for (const auto& f : findings) out.rows.push_back(account::finding_record(f, now()));
    if (!findings.empty()) s.print(out);
    else s.notice(_("no findings"));
    return finding::fails_at(findings, fail_on) ? int(Exit::finding) : 0;
}

void add_targets(CLI::App* cmd, Targets& t, bool with_class = true) {
    cmd->add_option("username", t.names, _("usernames, or - to read them from standard input"))->type_name("USER...");
    if (with_class) cmd->add_option("--class", t.class_glob, _("every account of the classes matching this pattern, e.g. '2020级*'"))
        ->type_name("PATTERN");
}

} // namespace

int main(int argc, char** argv) {
    cli::start(tool);
    CLI::App app{_("The account registry and issuing desk: records, passwords issued once, exports for the directory."),
                 tool};
    app.set_version_flag("--version", std::string(tool) + " " NETSEC_VERSION);
    cli::SharedOptions shared;
    cli::add_shared_options(app, shared);
    app.require_subcommand(1);
    std::function<int()> action;

    account::NewAccount add;
    auto* add_c = app.add_subcommand("add", _("add one account"));
    add_c->add_option("username", add.username, _("the login name"))->required();
    add_c->add_option("--name", add.full_name, _("the person's full name"))->required();
    add_c->add_option("--kind", add.kind, _("staff, pupil or service"))->required();
    add_c->add_option("--grade", add.grade, _("a pupil's year group, e.g. 2020级"));
    add_c->add_option("--class", add.class_name, _("a pupil's class, e.g. 2020级3班"));
    add_c->add_option("--department", add.department, _("a staff member's department"));
    add_c->add_option("--owner", add.owner, _("who answers for a service account"));
    add_c->add_option("--level", add.level, _("permission level (accounts.levels; default by kind)"));
    cli::declare_formats(*add_c, cli::records());
    add_c->callback([&] { action = [&] { return add_cmd(shared, add); }; });

    SetOptions so;
    auto* set_c = app.add_subcommand("set", _("change an account's fields"));
    set_c->add_option("username", so.username, _("the account"))->required();
    set_c->add_option("--name", so.name, _("full name"));
    set_c->add_option("--grade", so.grade, _("year group"));
    set_c->add_option("--class", so.class_name, _("class"));
    set_c->add_option("--department", so.department, _("department"));
    set_c->add_option("--owner", so.owner, _("who answers for a service account"));
    set_c->add_option("--level", so.level, _("permission level"));
    set_c->add_option("--left", so.left, _("when the person left the school ('' clears)"))->type_name("TIME");
    set_c->add_option("--last-seen", so.last_seen, _("when the account was last used"))->type_name("TIME");
    set_c->add_option("--password-set", so.password_set, _("when the owner last changed the password"))->type_name("TIME");
    set_c->add_option("--reason", so.reason, _("why, for the journal"));
    cli::declare_formats(*set_c, cli::records());
    set_c->callback([&] { action = [&] { return set_cmd(shared, so); }; });

    std::string show_user;
    auto* show_c = app.add_subcommand("show", _("show one account"));
    show_c->add_option("username", show_user, _("the account"))->required();
    cli::declare_formats(*show_c, cli::records());
    show_c->callback([&] { action = [&] { return show_cmd(shared, show_user); }; });

    ListOptions lo;
    auto* list_c = app.add_subcommand("list", _("list accounts"));
    list_c->add_option("--kind", lo.kind, _("staff, pupil or service"));
    list_c->add_option("--class", lo.class_glob, _("classes matching this pattern, e.g. '2020级*'"))->type_name("PATTERN");
    list_c->add_option("--status", lo.status, _("active, disabled, expired or archived"));
    list_c->add_option("--stale", lo.stale, _("not used for this long (or never, since added), e.g. 180d"))->type_name("DURATION");
    list_c->add_option("--password-older", lo.password_older, _("password set longer ago than this, e.g. 90d"))
        ->type_name("DURATION");
    cli::declare_formats(*list_c, cli::records());
    list_c->callback([&] { action = [&] { return list_cmd(shared, lo); }; });

    ImportOptions io_opts;
    auto* import_c = app.add_subcommand("import", _("add every row of a roster or staff list, all or nothing"));
    import_c->add_option("file", io_opts.file, _("CSV, TSV or JSON Lines file, or - for standard input"))->required();
    import_c->add_option("--kind", io_opts.kind, _("staff, pupil or service, for a roster without a kind column"));
    import_c->add_option("--input-format", io_opts.format, _("auto, jsonl, csv or tsv"));
    import_c->add_option("--encoding", io_opts.encoding, _("utf-8 or gbk"));
    import_c->add_flag("--dry-run", io_opts.dry_run, _("check every row and show the accounts; write nothing"));
    cli::declare_formats(*import_c, cli::records());
    import_c->callback([&] { action = [&] { return import_cmd(shared, io_opts); }; });

    IssueOptions issue_o, reset_o;
    auto* issue_c = app.add_subcommand("issue", _("give accounts their first password, shown once"));
    auto* reset_c = app.add_subcommand("reset", _("give accounts a new password, shown once"));
    for (auto [cmd, o] : {std::pair{issue_c, &issue_o}, std::pair{reset_c, &reset_o}}) {
        add_targets(cmd, o->targets);
        cmd->add_option("--slips", o->slips, _("write printable password slips to this HTML file (mode 0600) instead"))
            ->type_name("FILE");
        cmd->add_option("--jobs", o->jobs, _("hash on this many threads (default: one per core)"))->type_name("N");
    }
    cli::declare_formats(*issue_c, cli::records());
    issue_c->callback([&] { action = [&] { return issue_cmd(shared, issue_o, account::IssueMode::issue); }; });
    cli::declare_formats(*reset_c, cli::records());
    reset_c->callback([&] { action = [&] { return issue_cmd(shared, reset_o, account::IssueMode::reset); }; });

    struct StatusCommand {
        const char* name;
        const char* status;
        std::string help;
        Targets targets;
        std::string reason;
    };
    StatusCommand statuses[] = {
        {"disable", "disabled", _("disable accounts (the password stops working)"), {}, {}},
        {"enable", "active", _("make accounts active again"), {}, {}},
        {"expire", "expired", _("mark accounts expired"), {}, {}},
        {"archive", "archived", _("archive the accounts of people who have left"), {}, {}},
    };
    for (auto& sc : statuses) {
        auto* cmd = app.add_subcommand(sc.name, sc.help);
        add_targets(cmd, sc.targets);
        cmd->add_option("--reason", sc.reason, _("why, for the journal (required)"));
        cli::declare_formats(*cmd, cli::records());
        cmd->callback([&] { action = [&] { return status_cmd(shared, sc.name, sc.targets, sc.status, sc.reason); }; });
    }

    ExportOptions eo;
    auto* export_c = app.add_subcommand("export", _("write accounts for chpasswd -e, ldapadd (-f ldif) or a spreadsheet (-f csv)"));
    export_c->add_option("--changed-since", eo.changed_since, _("with -f ldif: add and modify records for what changed since"))
        ->type_name("TIME");
    export_c->add_option("--kind", eo.kind, _("staff, pupil or service"));
    export_c->add_option("--class", eo.class_glob, _("classes matching this pattern"))->type_name("PATTERN");
    export_c->add_option("--status", eo.status, _("active, disabled, expired or archived"));
    cli::declare_formats(*export_c, cli::own({"chpasswd", "ldif", "csv"}));
    export_c->callback([&] { action = [&] { return export_cmd(shared, eo); }; });

    auto* logins_c = app.add_subcommand("logins", _("login records: who signed in to which account, from where, when"));
    logins_c->require_subcommand(1);
    LoginsImportOptions lio;
    auto* li_c = logins_c->add_subcommand("import", _("read sessions from sshd logs, the journal, last, utmpdump, "
                                                      "FreeRADIUS detail files or CSV; the same lines twice add nothing"));
    li_c->add_option("file", lio.file, _("the log, or - for standard input"))->required();
    li_c->add_option("--source", lio.source, _("names the log in the records (default: the file name)"))->type_name("NAME");
    li_c->add_option("--input-format", lio.format, _("auto, syslog, journal, last, utmpdump, radius or csv"))
        ->type_name("FORMAT");
    li_c->add_option("--year", lio.year, _("the year of syslog times that have none (default: the file's modification time)"))
        ->type_name("YEAR");
    li_c->add_option("--zone", lio.zone, _("the time zone of times written without one (default: the policy's)"))
        ->type_name("ZONE");
    cli::declare_formats(*li_c, cli::records());
    li_c->callback([&] { action = [&] { return logins_import_cmd(shared, lio); }; });
    LoginsListOptions llo;
    auto* ll_c = logins_c->add_subcommand("list", _("list the login records"));
    ll_c->add_option("--user", llo.user, _("one account's sessions"))->type_name("USER");
    ll_c->add_option("--since", llo.since, _("sessions that started at or after this time"))->type_name("TIME");
    ll_c->add_flag("--failed", llo.failed, _("the failed sign-ins instead: started_at is when each was refused"));
    cli::declare_formats(*ll_c, cli::records());
    ll_c->callback([&] { action = [&] { return logins_list_cmd(shared, llo); }; });

    CheckOpts co;
    auto* check_c = app.add_subcommand("check", _("report lent, stale and ownerless accounts and old passwords; exit 1 "
                                                 "when anything is found"));
    check_c->add_option("--since", co.since, _("read login records from this time, or this long ago (default 7d)"))
        ->type_name("TIME|DURATION");
    check_c->add_option("--fail-on", co.fail_on, _("exit 1 for findings at or above this severity (default low)"))
        ->type_name("SEVERITY");
    cli::declare_formats(*check_c, cli::records());
    check_c->callback([&] { action = [&] { return check_cmd(shared, co); }; });

    return cli::run_main(app, argc, argv, [&] { return action(); });
}
