// netsec-asset: the asset register — every machine and device, what scans saw of it, its
// antivirus, its upkeep, the software allowed on it and who holds the passwords of shared
// devices. A table of thin commands; each group's commands live in a header of their own.
#include "netsec/asset/asset.hpp"
#include "netsec/asset/records.hpp"
#include "netsec/asset/register_import.hpp"
#include "netsec/asset/show.hpp"
#include "netsec/cli/command.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/io/document.hpp"
#include "netsec/io/import_options.hpp"
#include "netsec/io/records.hpp"
#include "scan.hpp"
#include "upkeep.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

#include "antivirus.hpp"

using namespace netsec;
using cli::Needs;
using policy::Level;

namespace {

timeutil::Instant now() { return timeutil::now(); }

// --- the register: add, set, retire, list, show, import -----------------------------------------

// The options add and set share, straight into the library's Changes; set leaves an option
// not given as it is, and --mac adds an address.
void declare_fields(CLI::App& c, asset::Changes& f) {
    c.add_option("--hostname", f.hostname, _("the machine's hostname"));
    c.add_option("--mac", f.more_macs, _("a MAC address (repeat for several; any common form)"))->type_name("MAC");
    c.add_option("--ip", f.ip, _("its IP address"));
    c.add_option("--room", f.room, _("where it stands, e.g. 机房1"));
    c.add_option("--kind", f.kind, _("its kind (policy assets.kinds), e.g. lab_pc"));
    c.add_option("--custodian", f.custodian, _("who looks after it (a username or a name)"));
    c.add_option("--os", f.os, _("its operating system"));
    c.add_option("--importance", f.importance, _("low, normal or high"));
    c.add_option("--status", f.status, _("in_use, spare or repair"));
    c.add_option("--bought", f.bought_on, _("when it was bought, YYYY-MM-DD"))->type_name("DATE");
    c.add_option("--warranty", f.warranty_until, _("the last day of its warranty, YYYY-MM-DD"))->type_name("DATE");
    c.add_option("--note", f.note, _("a note"));
}

struct Add {
    std::string tag;
    asset::Changes f;

    void declare(CLI::App& c) {
        c.add_option("tag", tag, _("the asset tag (资产编号)"))->required();
        declare_fields(c, f);
    }
    int run(cli::Session& s) {
        auto a = asset::add_asset(*s.db, s.policy, s.origin(), asset::new_asset_of(tag, f), now());
        s.notice(_f("registered '{}'", a.tag));
        if (s.options.format_given) s.print(asset::asset_records({a}));
        return 0;
    }
};

struct Set {
    std::string tag;
    asset::Changes c;
    bool no_mac = false;

    void declare(CLI::App& app) {
        app.add_option("tag", tag, _("the asset tag"))->required();
        declare_fields(app, c);
        app.add_flag("--no-mac", no_mac, _("forget its MAC addresses (with --mac: replace them)"));
        app.add_option("--reason", c.reason, _("why, for the journal"))->required();
    }
    int run(cli::Session& s) {
        if (no_mac) c.macs = std::vector<std::string>{};
        auto changed = asset::change_asset(*s.db, s.policy, s.origin(), tag, c, now());
        s.notice(changed.fields.empty() ? _f("'{}' is unchanged", tag) : _f("changed '{}'", tag));
        if (s.options.format_given) s.print(asset::asset_records({changed.asset}));
        return 0;
    }
};

struct Retire {
    std::string tag, reason;

    void declare(CLI::App& c) {
        c.add_option("tag", tag, _("the asset tag"))->required();
        c.add_option("--reason", reason, _("why, for the journal (报废原因)"))->required();
    }
    int run(cli::Session& s) {
        auto a = asset::retire_asset(*s.db, s.origin(), tag, reason, now());
        s.notice(_f("retired '{}'; it stays in the register with its history", a.tag));
        if (s.options.format_given) s.print(asset::asset_records({a}));
        return 0;
    }
};

struct List {
    asset::ListFilter filter;
    std::string unseen;

    void declare(CLI::App& c) {
        c.add_option("--room", filter.room, _("only this room"));
        c.add_option("--kind", filter.kind, _("only this kind"));
        c.add_option("--status", filter.status, _("only this status"));
        c.add_option("--custodian", filter.custodian, _("only machines this person looks after"));
        c.add_option("--unseen", unseen, _("only machines no scan has seen for this long, e.g. 30d"))
            ->type_name("DURATION");
        c.add_flag("--all", filter.all, _("also retired machines"));
    }
    int run(cli::Session& s) {
        if (!unseen.empty()) filter.unseen = timeutil::parse_duration(unseen);
        s.print(asset::asset_records(asset::list_assets(*s.db, s.policy, filter, now())));
        return 0;
    }
};

struct Show {
    std::string tag;

    void declare(CLI::App& c) { c.add_option("tag", tag, _("the asset tag"))->required(); }
    int run(cli::Session& s) {
        std::cout << io::render_document(asset::asset_document(*s.db, tag, now()), s.format(),
                                         s.policy.school.timezone);
        return 0;
    }
};

struct Import {
    std::string file, format = "auto", encoding = "utf-8";
    asset::ImportOptions options;

    void declare(CLI::App& c) {
        c.add_option("file", file, _("CSV, TSV or JSON Lines file, or - for standard input"))->required();
        c.add_option("--input-format", format, _("auto, jsonl, csv or tsv"));
        c.add_option("--encoding", encoding, _("utf-8 or gbk"));
        c.add_option("--map", options.map, _("headers of your own: FIELD=HEADER,… (e.g. tag=设备编号)"))
            ->type_name("MAP");
        c.add_flag("--dry-run", options.dry_run, _("check every row and show what would change; write nothing"));
    }
    io::ReadOptions read_options() const { return io::import_options(format, encoding); }
    cli::Preamble preamble(cli::Preamble p) const {
        read_options();
        return p;
    }
    int run(cli::Session& s) {
        auto records = io::read_records_from(file, read_options());
        auto result =
            asset::import_assets(*s.db, s.policy, s.origin(), records, file == "-" ? "<stdin>" : file, options, now());
        if (!result.ignored.empty()) {
            std::string cols;
            for (const auto& c : result.ignored) cols += (cols.empty() ? "'" : ", '") + c + "'";
            s.notice(_f("left out columns {}", cols));
        }
        std::size_t added = result.count("added"), changed = result.count("changed");
        s.notice(options.dry_run
                     ? _f("{} machines would be added and {} changed (dry run: nothing written)", added, changed)
                     : _f("added {} machines and changed {}; {} unchanged", added, changed, result.count("unchanged")));
        s.print(asset::imported_records(result.rows));
        return 0;
    }
};

} // namespace

int main(int argc, char** argv) {
    return cli::run_tool(argc, argv, "netsec-asset", [] {
        auto records = cli::records();
        const auto& assets = asset::asset_fields();
        return cli::Tool{
            _("The asset register: machines and devices, scans, antivirus, upkeep, approved software, passwords held."),
            {
                cli::command<Add>("add", _("register a machine or device"), Level::admin, Needs::store_write, records,
                                  assets),
                cli::command<Set>("set", _("change a machine's fields, with a reason"), Level::admin,
                                  Needs::store_write, records, assets),
                cli::command<Retire>("retire", _("retire a machine; it is kept with its history"), Level::admin,
                                     Needs::store_write, records, assets),
                cli::command<List>("list", _("list machines"), Level::viewer, Needs::store, records, assets),
                cli::command<Show>("show", _("one machine with its scans, antivirus, maintenance and incidents"),
                                   Level::viewer, Needs::store, records, asset::show_fields()),
                cli::command<Import>("import", _("register or update machines from a spreadsheet, all or nothing"),
                                     Level::admin, Needs::store_write, records, asset::imported_fields()),
                // av: antivirus exports, each machine's state, threats found (antivirus.hpp)
                cli::group("av", _("antivirus: status exports, each machine's state, threats found")),
                cli::command<netsec_asset_av::AvImport>("av import", _("import an antivirus status export"),
                                                        Level::admin, Needs::store_write, records,
                                                        asset::unmatched_fields()),
                cli::command<netsec_asset_av::AvStatus>("av status",
                                                        _("each machine's antivirus: ok, stale, off, "
                                                          "unapproved or missing"),
                                                        Level::viewer, Needs::store, records,
                                                        asset::av_status_fields()),
                cli::group("av threats", _("threats found on machines")),
                cli::command<netsec_asset_av::ThreatsImport>(
                    "av threats import", _("import threat detections, each kept once"), Level::admin,
                    Needs::store_write, records, asset::unmatched_fields()),
                cli::command<netsec_asset_av::ThreatsList>("av threats list", _("list threat detections"),
                                                           Level::viewer, Needs::store, records,
                                                           asset::threat_fields()),
                // scans (scan.hpp)
                cli::group("scan", _("import nmap scans, list and show them, compare two")),
                cli::command<scan_commands::Import>(
                    "scan import", _("match an nmap -oX file's hosts to the register; list or --register the unknown"),
                    Level::operator_, Needs::store_write, records, asset::seen_fields()),
                cli::command<scan_commands::List>("scan list", _("the scans imported"), Level::viewer, Needs::store,
                                                  records, asset::scan_fields()),
                cli::command<scan_commands::Show>("scan show", _("the hosts of a scan, or its open ports"),
                                                  Level::viewer, Needs::store, records, asset::scan_show_fields()),
                cli::command<scan_commands::Diff>("scan diff", _("new hosts, vanished hosts and newly opened ports"),
                                                  Level::viewer, Needs::store, records, asset::scan_change_fields()),
                // upkeep: the maintenance log, approved software, credentials, figures (upkeep.hpp)
                cli::group("maint", _("the maintenance log")),
                cli::command<upkeep::MaintAdd>("maint add", _("record maintenance of a machine"), Level::operator_,
                                               Needs::store_write, records, asset::maintenance_fields()),
                cli::command<upkeep::MaintList>("maint list", _("list the maintenance log"), Level::viewer,
                                                Needs::store, records, asset::maintenance_fields()),
                cli::group("software", _("the approved-software list and the check against it")),
                cli::command<upkeep::SoftwareAllow>("software allow", _("approve a program"), Level::admin,
                                                    Needs::store_write),
                cli::command<upkeep::SoftwareImportAllowed>("software import-allowed",
                                                            _("approve every program of a list, all or nothing"),
                                                            Level::admin, Needs::store_write),
                cli::command<upkeep::SoftwareList>("software list", _("list the approved software"), Level::viewer,
                                                   Needs::store, records, asset::allowed_software_fields()),
                cli::command<upkeep::SoftwareCheck>("software check",
                                                    _("check a machine's installed software; exit 1 if any is not "
                                                      "approved"),
                                                    Level::operator_, Needs::store_write, records,
                                                    asset::software_verdict_fields()),
                cli::group("cred", _("who holds the passwords of shared devices and platforms")),
                cli::command<upkeep::CredAdd>("cred add", _("register who holds a shared password"), Level::admin,
                                              Needs::store_write),
                cli::command<upkeep::CredChanged>("cred changed", _("record that a shared password was changed"),
                                                  Level::operator_, Needs::store_write),
                cli::command<upkeep::CredList>("cred list", _("list the shared passwords' holders and which are due"),
                                               Level::viewer, Needs::store, records, asset::credential_fields()),
                cli::command<upkeep::Stats>("stats", _("the register's figures for the yearly report"), Level::viewer,
                                            Needs::store, records, asset::stats_fields()),
            }};
    });
}
