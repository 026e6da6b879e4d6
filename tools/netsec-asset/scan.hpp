// netsec-asset scan: import nmap scans, list and show them, compare two. Included by main.cpp,
// whose table names these commands.
#pragma once
#include "netsec/asset/scan.hpp"
#include "netsec/asset/scan_records.hpp"
#include "netsec/cli/command.hpp"
#include "netsec/core/i18n.hpp"

#include <CLI/CLI.hpp>

namespace scan_commands {

using namespace netsec;

struct Import {
    std::string file;
    bool dry_run = false;
    asset::ScanImportOptions options;

    void declare(CLI::App& c) {
        c.add_option("file", file, _("the XML file nmap -oX wrote"))->required()->type_name("FILE.xml");
        c.add_flag("--register", options.register_unknown,
                   _("add each host no machine matched, tagged by the policy's assets.tag_pattern"));
        c.add_option("--room", options.room, _("the room of the machines --register adds"))->type_name("ROOM");
        c.add_option("--kind", options.kind, _("the kind of the machines --register adds"))->type_name("KIND");
        c.add_flag("--dry-run", dry_run, _("say what the import would do, and write nothing"));
    }
    int run(cli::Session& s) {
        cli::require_caller_may_read(s, file);
        options.dry_run = dry_run ? asset::DryRun::yes : asset::DryRun::no;
        auto done = asset::import_scan(*s.db, s.policy, s.origin(), file, options, timeutil::now());
        if (done.already) {
            s.notice(_f("{} was imported already as scan {}; nothing was changed", file, done.scan_id));
            return 0;
        }
        s.print(asset::seen_records(done));
        std::size_t matched = 0, registered = 0, unknown = 0, conflicts = 0;
        for (const auto& h : done.seen) {
            auto outcome = h.outcome();
            if (outcome == "conflict") {
                ++conflicts;
                cli::warn(_f("{}: {}", h.host.ip, h.conflict));
            } else if (outcome == "unknown") {
                ++unknown;
                s.notice(_f("{} ({}) is not registered: {}", h.host.ip,
                            h.host.mac.empty() ? h.host.hostname : h.host.mac, h.why));
            } else if (outcome == "registered") {
                ++registered;
            } else {
                ++matched;
                if (h.older) s.notice(_f("{}: seen later than this scan; nothing of it was changed", h.tag));
            }
        }
        auto summary = dry_run ? _f("dry run: {} hosts, {} matched, {} would be registered, {} unknown, {} "
                                    "conflicts; nothing was written",
                                    done.seen.size(), matched, registered, unknown, conflicts)
                               : _f("scan {}: {} hosts, {} matched, {} registered, {} unknown, {} conflicts",
                                    done.scan_id, done.seen.size(), matched, registered, unknown, conflicts);
        s.notice(summary);
        if (unknown > 0 && !options.register_unknown)
            s.notice(_f("register them with: netsec-asset scan import {} --register --room ROOM --kind KIND, or "
                        "netsec-asset add",
                        file));
        return 0;
    }
};

struct List {
    void declare(CLI::App&) {}
    int run(cli::Session& s) {
        s.print(asset::scan_records(asset::list_scans(*s.db)));
        return 0;
    }
};

struct Show {
    std::string id;
    bool ports = false;

    void declare(CLI::App& c) {
        c.add_option("id", id, _("the scan's id, or latest"))->required()->type_name("ID");
        c.add_flag("--ports", ports, _("one record per open port instead of per host"));
    }
    int run(cli::Session& s) {
        auto scan = asset::get_scan(*s.db, id);
        s.print(ports ? asset::scan_port_records(scan) : asset::seen_records(scan));
        return 0;
    }
};

struct Diff {
    std::string a, b;

    void declare(CLI::App& c) {
        c.add_option("a", a, _("the earlier scan (default: the one before the latest)"))->type_name("A");
        c.add_option("b", b, _("the later scan (default: the latest)"))->type_name("B");
    }
    int run(cli::Session& s) {
        auto diff = asset::diff_scans(*s.db, a, b);
        s.print(asset::scan_change_records(diff));
        return diff.changes.empty() ? 0 : int(Exit::finding);
    }
};

} // namespace scan_commands
