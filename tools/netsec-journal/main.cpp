// netsec-journal: show the change journal, verify its hash chain, print its head.
#include "netsec/cli/formats.hpp"
#include "netsec/cli/session.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/time.hpp"
#include "netsec/journal/heads.hpp"
#include "netsec/journal/journal.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

using namespace netsec;

namespace {

struct ShowOptions {
    std::string since, until, subject, tool, action;
    long last = 0;
};

int show(const cli::SharedOptions& shared, const ShowOptions& o) {
    cli::Session s = cli::open_command(shared, "show", policy::Level::viewer,
                                       cli::Needs::store);
    const std::string& zone = s.policy.school.timezone;
    store::JournalFilter f;
    if (!o.since.empty()) f.since = timeutil::format_rfc3339(timeutil::parse_time(o.since, zone));
    if (!o.until.empty()) f.until = timeutil::format_rfc3339(timeutil::parse_time(o.until, zone));
    f.subject = o.subject;
    f.tool = o.tool;
    if (!o.action.empty()) f.actions = journal::spellings({o.action}); // old names too
    auto rows = store::journal_rows(*s.db, f);
    if (o.last > 0 && rows.size() > std::size_t(o.last)) rows.erase(rows.begin(), rows.end() - o.last);
    io::Records out;
    out.columns = {{"seq", io::Kind::integer}, {"time", io::Kind::time}, {"operator"},      {"host"},
                   {"tool"},                   {"action"},               {"subject"},       {"details", io::Kind::json},
                   {"prev_hash", io::Kind::text, false}, {"hash", io::Kind::text, false}};
    for (const auto& r : rows) {
        nlohmann::ordered_json row;
        row["seq"] = r.seq;
        row["time"] = r.time;
        row["operator"] = r.operator_name;
        row["host"] = r.host;
        row["tool"] = r.tool;
        row["action"] = r.action;
        row["subject"] = r.subject;
        row["details"] = nlohmann::ordered_json::parse(r.details, nullptr, false);
        row["prev_hash"] = r.prev_hash;
        row["hash"] = r.hash;
        out.rows.push_back(std::move(row));
    }
    s.print(out);
    return 0;
}

int verify(const cli::SharedOptions& shared, const std::string& head_text) {
    std::optional<journal::Head> given;
    if (!head_text.empty()) given = journal::parse_head(head_text);
    cli::Session s = cli::open_command(shared, "verify", policy::Level::viewer,
                                       cli::Needs::store);
    // The heads it checks against, and which it trusted: --head as given, and the newest head of
    // the policy's heads file, which a rewrite of the database cannot reach.
    std::vector<journal::Head> heads;
    std::vector<std::string> trusted_from;
    if (given) {
        heads.push_back(*given);
        trusted_from.push_back("--head");
    }
    const std::string& heads_file = s.policy.journal.heads_file;
    std::optional<journal::RecordedHead> recorded;
    if (!heads_file.empty()) {
        recorded = journal::newest_recorded_head(heads_file);
        if (recorded) {
            heads.push_back(recorded->head);
            trusted_from.push_back(fmt::format("{}:{}", heads_file, recorded->line));
        } else {
            s.notice(_f("the heads file '{}' holds no head yet; 'netsec-journal head --record' writes one", heads_file));
        }
    }
    journal::Verification v = journal::verify_chain(*s.db, heads);
    if (v.intact && shared.quiet) return 0;
    io::Records out;
    out.columns = {{"status"}, {"entries", io::Kind::integer}, {"head_seq", io::Kind::integer}, {"head_hash"},
                   {"first_bad_seq", io::Kind::integer}, {"problem"}, {"trusted_head"}, {"trusted_from"}};
    const journal::Head* trusted = nullptr;
    for (const auto& h : heads)
        if (!trusted || h.seq > trusted->seq) trusted = &h;
    std::string from;
    for (std::size_t i = 0; i < heads.size(); ++i)
        if (heads[i].seq == trusted->seq) from += (from.empty() ? "" : ", ") + trusted_from[i];
    nlohmann::ordered_json row;
    row["status"] = v.intact ? "intact" : "broken";
    row["entries"] = v.entries;
    row["head_seq"] = v.head ? nlohmann::ordered_json(v.head->seq) : nlohmann::ordered_json();
    row["head_hash"] = v.head ? nlohmann::ordered_json(v.head->hash) : nlohmann::ordered_json();
    row["first_bad_seq"] = v.intact ? nlohmann::ordered_json() : nlohmann::ordered_json(v.first_bad_seq);
    row["problem"] = v.intact ? nlohmann::ordered_json() : nlohmann::ordered_json(v.problem);
    row["trusted_head"] = trusted ? nlohmann::ordered_json(journal::format_head(*trusted)) : nlohmann::ordered_json();
    row["trusted_from"] = trusted ? nlohmann::ordered_json(from) : nlohmann::ordered_json();
    out.rows.push_back(row);
    s.print(out);
    if (!v.intact) {
        cli::warn(_f("the journal is broken at entry {}: {}", v.first_bad_seq, v.problem));
        return int(Exit::finding);
    }
    return 0;
}

int head(const cli::SharedOptions& shared, bool record) {
    cli::Session s = cli::open_command(shared, "head", record ? policy::Level::operator_ : policy::Level::viewer,
                                       cli::Needs::store);
    if (record && s.policy.journal.heads_file.empty())
        throw Error(Exit::config, _f("the policy '{}' names no heads file to record the head in; add "
                                     "journal.heads_file (see netsec-policy(5))", s.policy.file));
    auto last = store::last_journal_row(*s.db);
    if (!last) throw Error(Exit::no_input, _("the journal is empty"));
    if (record) {
        // Only a head of an intact chain is worth keeping: recording the head of a rewritten
        // chain would bless the rewrite.
        std::vector<journal::Head> heads;
        if (auto recorded = journal::newest_recorded_head(s.policy.journal.heads_file)) heads.push_back(recorded->head);
        journal::Verification v = journal::verify_chain(*s.db, heads);
        if (!v.intact)
            throw Error(Exit::finding, _f("the journal is broken at entry {}: {}; no head was recorded in '{}'",
                                          v.first_bad_seq, v.problem, s.policy.journal.heads_file));
        journal::record_head(s.policy.journal.heads_file, {last->seq, last->hash}, timeutil::now());
        s.notice(_f("recorded head {} in '{}'", journal::format_head({last->seq, last->hash}),
                    s.policy.journal.heads_file));
    }
    if (!shared.format_given) {
        // Plain SEQ:HASH, to write down or pass to 'verify --head' as it is.
        std::cout << journal::format_head({last->seq, last->hash}) << '\n';
        return 0;
    }
    io::Records out;
    out.columns = {{"seq", io::Kind::integer}, {"hash"}, {"time", io::Kind::time}};
    out.rows.push_back({{"seq", last->seq}, {"hash", last->hash}, {"time", last->time}});
    s.print(out);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    cli::start("netsec-journal");
    CLI::App app{_("Show and verify the hash-chained journal of every change."), "netsec-journal"};
    app.set_version_flag("--version", "netsec-journal " NETSEC_VERSION);
    cli::SharedOptions shared;
    cli::add_shared_options(app, shared);
    app.require_subcommand(1);

    ShowOptions so;
    auto* show_cmd = app.add_subcommand("show", _("list journal entries, oldest first"));
    cli::declare_formats(*show_cmd, cli::records());
    show_cmd->add_option("--since", so.since, _("entries at or after this time (RFC 3339, 'YYYY-MM-DD HH:MM' or now)"))
        ->type_name("TIME");
    show_cmd->add_option("--until", so.until, _("entries at or before this time"))->type_name("TIME");
    show_cmd->add_option("--subject", so.subject, _("entries about this subject only"))->type_name("SUBJECT");
    show_cmd->add_option("--tool", so.tool, _("entries written by this tool only"))->type_name("TOOL");
    show_cmd->add_option("--action", so.action, _("entries of this action only, e.g. policy.changed"))
        ->type_name("ACTION");
    show_cmd->add_option("-n,--last", so.last, _("only the newest N entries"))->type_name("N")->check(CLI::PositiveNumber);

    std::string head_text;
    auto* verify_cmd = app.add_subcommand("verify", _("recompute the hash chain; exit 1 naming the first bad entry"));
    cli::declare_formats(*verify_cmd, cli::records());
    verify_cmd->add_option("--head", head_text, _("also prove the chain extends this head written down earlier"))
        ->type_name("SEQ:HASH");

    bool record = false;
    auto* head_cmd = app.add_subcommand("head", _("print the newest entry as SEQ:HASH, to write down"));
    cli::declare_formats(*head_cmd, cli::records());
    head_cmd->add_flag("--record", record,
                       _("also append it to the policy's heads file (journal.heads_file) after verifying the chain"));

    return cli::run_main(app, argc, argv, [&] {
        if (*show_cmd) return show(shared, so);
        if (*verify_cmd) return verify(shared, head_text);
        (void)head_cmd;
        return head(shared, record);
    });
}
