// netsec-asset's upkeep commands: maint, software, cred and stats (included by main.cpp, whose
// table lists them).
#pragma once
#include "netsec/account/account.hpp"
#include "netsec/asset/credentials.hpp"
#include "netsec/asset/maintenance.hpp"
#include "netsec/asset/software.hpp"
#include "netsec/asset/software_approval.hpp"
#include "netsec/asset/stats.hpp"
#include "netsec/asset/upkeep_records.hpp"
#include "netsec/cli/command.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/period.hpp"
#include "netsec/io/import_options.hpp"
#include "netsec/io/records.hpp"

#include <CLI/CLI.hpp>

namespace upkeep {

using namespace netsec;

// What the account registry says of a credential's holder (asset does not read accounts).
inline asset::HolderLookup holders(cli::Session& s) {
    return [&s](const std::string& username) -> asset::Holder {
        try {
            auto a = account::get_account(*s.db, username);
            return {a.status, a.left_at};
        } catch (const Error& e) {
            if (e.code() != Exit::no_input) throw;
            return {}; // not in the registry: nothing says they left
        }
    };
}

struct MaintAdd {
    asset::NewMaintenance m;
    std::string at;

    void declare(CLI::App& c) {
        c.add_option("tag", m.tag, _("the machine's asset tag"))->required();
        c.add_option("--action", m.action, _("what was done"))->required();
        c.add_option("--fault", m.fault, _("the fault it mended"));
        c.add_option("--by", m.maintainer, _("who did it (default: you)"))->type_name("USER");
        c.add_option("--at", at, _("when (RFC 3339, 'YYYY-MM-DD HH:MM' or now; default: now)"))->type_name("TIME");
        c.add_option("--outside", m.outside, _("the technician from outside the school who did it"))->type_name("NAME");
    }
    int run(cli::Session& s) {
        m.at = s.time_or_now(at);
        auto entry = asset::add_maintenance(*s.db, s.origin(), m, timeutil::now());
        s.print(asset::maintenance_records({entry}));
        if (!entry.outside.empty())
            s.notice(_("the passwords of this device are now due for a change: 'netsec-asset cred list' names them"));
        return 0;
    }
};

struct MaintList {
    asset::MaintenanceQuery q;
    std::string since;

    void declare(CLI::App& c) {
        c.add_option("--tag", q.tag, _("entries of this machine only"));
        c.add_option("--since", since, _("entries at or after this time, or this long ago (30d)"))->type_name("TIME");
        c.add_option("--by", q.maintainer, _("entries by this person only"))->type_name("USER");
    }
    int run(cli::Session& s) {
        if (!since.empty())
            q.since =
                timeutil::format_rfc3339(timeutil::parse_time_or_ago(since, s.policy.school.timezone, timeutil::now()));
        s.print(asset::maintenance_records(asset::list_maintenance(*s.db, q)));
        return 0;
    }
};

struct SoftwareAllow {
    asset::AllowedSoftware entry;

    void declare(CLI::App& c) {
        c.add_option("name", entry.name, _("the software's name as the lists write it, or a shell pattern"))
            ->required();
        c.add_option("--version", entry.version_glob, _("the versions allowed, a shell pattern (default: all)"))
            ->type_name("GLOB");
        c.add_option("--note", entry.note, _("why it is allowed, or who allowed it"));
    }
    int run(cli::Session& s) {
        if (asset::allow_software(*s.db, s.origin(), entry, timeutil::now()))
            s.notice(_f("allowed '{}' version '{}'", entry.name, entry.version_glob));
        else
            s.notice(_f("'{}' version '{}' is already allowed", entry.name, entry.version_glob));
        return 0;
    }
};

struct SoftwareImportAllowed {
    std::string file, format = "auto", encoding = "utf-8";

    void declare(CLI::App& c) {
        c.add_option("file", file, _("CSV, TSV or JSON Lines file, or - for standard input"))->required();
        c.add_option("--input-format", format, _("auto, jsonl, csv or tsv"));
        c.add_option("--encoding", encoding, _("utf-8 or gbk"));
    }
    io::ReadOptions read_options() const { return io::import_options(format, encoding, "name"); }
    cli::Preamble preamble(cli::Preamble p) const {
        read_options();
        return p;
    }
    int run(cli::Session& s) {
        auto records = io::read_records_from(file, read_options());
        auto result =
            asset::import_allowed_software(*s.db, s.origin(), records, file == "-" ? "<stdin>" : file, timeutil::now());
        s.notice(_f("allowed {} programs ({} were on the list already)", result.added, result.rows - result.added));
        return 0;
    }
};

struct SoftwareList {
    void declare(CLI::App&) {}
    int run(cli::Session& s) {
        s.print(asset::allowed_software_records(asset::list_allowed_software(*s.db)));
        return 0;
    }
};

struct SoftwareCheck {
    std::string file, host, format = "auto", encoding = "utf-8";
    bool all = false;

    void declare(CLI::App& c) {
        c.add_option("file", file,
                     _("what Get-Package | Export-Csv, wmic product get Name,Version /format:csv or dpkg-query -W "
                       "wrote, or - for standard input"))
            ->required();
        c.add_option("--host", host, _("the machine the list is of (default: wmic's Node, as a hostname)"))
            ->type_name("TAG");
        c.add_option("--input-format", format, _("auto, get-package, wmic or dpkg"));
        c.add_option("--encoding", encoding, _("utf-8 or gbk, for a list saved in the Chinese code page"));
        c.add_flag("--all", all, _("list every package, approved ones too"));
    }
    cli::Preamble preamble(cli::Preamble p) const {
        asset::parse_software_format(format);
        io::parse_encoding(encoding);
        return p;
    }
    int run(cli::Session& s) {
        auto list = asset::read_software_list(file, asset::parse_software_format(format), io::parse_encoding(encoding));
        std::string source = file == "-" ? "<stdin>" : file;
        auto result = asset::check_software(*s.db, s.origin(), list, source, host, timeutil::now());
        std::vector<asset::SoftwareVerdict> shown;
        for (const auto& v : result.packages)
            if (all || !v.approved) shown.push_back(v);
        s.print(asset::software_verdict_records(shown));
        if (result.stored.empty())
            s.notice(_("not kept: the list names no machine; give --host TAG to keep it for the audit"));
        if (list.skipped_updates > 0) s.notice(_f("left out {} Windows updates (provider msu)", list.skipped_updates));
        if (result.unapproved == 0) return 0;
        s.notice(_f("{} of {} packages are not approved; 'netsec-asset software allow NAME' approves one",
                    result.unapproved, result.packages.size()));
        return int(Exit::finding);
    }
};

struct CredAdd {
    asset::NewCredential c;

    void declare(CLI::App& app) {
        app.add_option("name", c.name, _("the device or platform login, e.g. router-admin"))->required();
        app.add_option("--holder", c.holder, _("who holds the password"))->required()->type_name("USER");
        app.add_option("--asset", c.tag, _("the device it opens, by asset tag"))->type_name("TAG");
        app.add_option("--note", c.note, _("where it is used; never the password"));
    }
    int run(cli::Session& s) {
        asset::add_credential(*s.db, s.origin(), c, timeutil::now());
        s.notice(_f("registered '{}'; record its last change with 'netsec-asset cred changed {} --at TIME'", c.name,
                    c.name));
        return 0;
    }
};

struct CredChanged {
    std::string name, at;

    void declare(CLI::App& c) {
        c.add_option("name", name, _("the credential's name"))->required();
        c.add_option("--at", at, _("when it was changed (default: now)"))->type_name("TIME");
    }
    int run(cli::Session& s) {
        auto c = asset::record_credential_change(*s.db, s.origin(), name, s.time_or_now(at), timeutil::now());
        s.notice(_f("'{}' was changed at {}", c.name, s.local(timeutil::parse_time(c.changed_at, "UTC"))));
        return 0;
    }
};

struct CredList {
    bool due = false;

    void declare(CLI::App& c) { c.add_flag("--due", due, _("only the credentials due for a change")); }
    int run(cli::Session& s) {
        auto all = asset::list_credentials(*s.db, s.policy.assets.credential_max_age, timeutil::now(),
                                           s.policy.school.timezone, holders(s));
        std::vector<asset::CredentialStatus> shown;
        for (const auto& c : all)
            if (!due || c.due()) shown.push_back(c);
        s.print(asset::credential_records(shown));
        return 0;
    }
};

struct Stats {
    PeriodArgs period;

    void declare(CLI::App& c) {
        c.add_option("--year", period.year, _("count detections and maintenance of this year only"))->type_name("YYYY");
    }
    int run(cli::Session& s) {
        auto p = parse_optional_period(period, s.policy.school.timezone);
        s.print(asset::stats_records(asset::gather_stats(*s.db, s.policy, p, timeutil::now(), holders(s))));
        return 0;
    }
};

} // namespace upkeep
