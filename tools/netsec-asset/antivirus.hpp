// netsec-asset av: antivirus status exports, each machine's state, and threats found.
// Included from main.cpp, whose table lists these commands.
#pragma once
#include "netsec/asset/antivirus.hpp"
#include "netsec/asset/av_records.hpp"
#include "netsec/asset/threats.hpp"
#include "netsec/cli/command.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/time.hpp"
#include "netsec/io/encoding.hpp"

#include <CLI/CLI.hpp>
#include <string>

namespace netsec_asset_av {

using namespace netsec;

// The options every antivirus reader takes: format, map, encoding, date order.
struct ReadFlags {
    std::string format = "defender", map, encoding = "utf-8", date_order;

    void declare(CLI::App& c, const std::string& fields) {
        c.add_option("--input-format", format,
                     _("defender (Export-Csv of the PowerShell cmdlet) or generic (with a map)"));
        c.add_option("--map", map, fields)->type_name("FIELD=HEADER,...");
        c.add_option("--encoding", encoding, _("of the file read: utf-8 or gbk"));
        c.add_option("--date-order", date_order, _("ymd, mdy or dmy, for a file whose dates read both ways"));
    }
    // Throws Error(usage) for a bad value, before the preamble opens anything.
    asset::AvReadOptions options(const std::vector<std::string>& map_fields) const {
        asset::AvReadOptions o;
        o.format = asset::parse_av_format(format);
        o.encoding = io::parse_encoding(encoding);
        o.date_order = asset::parse_date_order(date_order);
        if (!map.empty()) o.map = asset::parse_av_map(map, map_fields);
        return o;
    }
};

struct AvImport {
    std::string file;
    ReadFlags flags;

    void declare(CLI::App& c) {
        c.add_option("file", file, _("the export, or - for standard input"))->required();
        flags.declare(c, _("generic: the columns, e.g. hostname=终端名称,signature_updated_at=病毒库更新时间"));
    }
    cli::Preamble preamble(cli::Preamble p) const {
        flags.options(asset::av_map_fields());
        return p;
    }
    int run(cli::Session& s) {
        auto o = asset::av_read_options(s.policy, flags.options(asset::av_map_fields()), !flags.map.empty());
        auto result = asset::import_av(*s.db, s.origin(), file, o, timeutil::now());
        if (result.earlier_import) {
            s.notice(_f("'{}' was imported before (import {}); nothing was imported", file, result.earlier_import));
            return 0;
        }
        s.notice(_f("imported {} rows as import {}: {} matched a machine, {} did not", result.rows, result.import_id,
                    result.matched, result.unmatched.size()));
        if (result.unmatched.empty()) return 0;
        s.print(asset::unmatched_records(result.unmatched));
        s.notice(_("register the machines above with 'netsec-asset add' (or 'scan import --register') and import "
                   "again"));
        return int(Exit::finding);
    }
};

struct AvStatus {
    std::string stale, room;
    bool missing = false;

    void declare(CLI::App& c) {
        c.add_option("--stale", stale,
                     _("signatures older than this are stale (default thresholds.antivirus_signature_age)"))
            ->type_name("DURATION");
        c.add_flag("--missing", missing, _("only in-use PCs with no antivirus row"));
        c.add_option("--room", room, _("only the machines of this room"));
    }
    asset::AvStatusOptions options() const {
        asset::AvStatusOptions o;
        if (!stale.empty()) o.stale = timeutil::parse_duration(stale);
        o.missing_only = missing;
        o.room = room;
        return o;
    }
    cli::Preamble preamble(cli::Preamble p) const {
        options();
        return p;
    }
    int run(cli::Session& s) {
        auto statuses = asset::av_status(*s.db, s.policy, options(), timeutil::now());
        bool all_ok = std::all_of(statuses.begin(), statuses.end(), [](const auto& a) { return a.status == "ok"; });
        if (s.options.quiet && all_ok) return 0;
        s.print(asset::av_status_records(statuses));
        for (const auto& line : asset::room_summary(statuses)) s.notice(line);
        return all_ok ? 0 : int(Exit::finding);
    }
};

struct ThreatsImport {
    std::string file;
    ReadFlags flags;
    bool open_incident = false;

    void declare(CLI::App& c) {
        c.add_option("file", file, _("a Get-MpThreatDetection export, or - for standard input"))->required();
        flags.declare(c, _("generic: the columns, e.g. hostname=终端名称,threat=病毒名称,detected_at=发现时间"));
        c.add_flag("--open-incident", open_incident,
                   _("open a MAL incident a machine for the new detections (one grade III incident for an outbreak)"));
    }
    cli::Preamble preamble(cli::Preamble p) const {
        flags.options(asset::threat_map_fields());
        return p;
    }
    int run(cli::Session& s) {
        auto o = asset::av_read_options(s.policy, flags.options(asset::threat_map_fields()), !flags.map.empty());
        if (flags.map.empty()) o.map.clear(); // the policy's map is for status exports
        auto result = asset::import_threats(*s.db, s.policy, s.origin(), file, o, open_incident, timeutil::now());
        s.notice(_f("{} detections: {} new, {} already recorded", result.rows, result.added, result.already));
        if (result.outbreak)
            s.notice(_f("outbreak: detections on {} or more machines within 24 hours; opened {}",
                        s.policy.assets.antivirus.outbreak_machines, result.incidents.front()));
        else
            for (const auto& id : result.incidents) s.notice(_f("opened {}", id));
        if (!result.unmatched.empty()) s.print(asset::unmatched_records(result.unmatched));
        return 0;
    }
};

struct ThreatsList {
    std::string tag;

    void declare(CLI::App& c) { c.add_option("--tag", tag, _("only the detections on this machine")); }
    int run(cli::Session& s) {
        s.print(asset::threat_records(asset::list_threats(*s.db, tag)));
        return 0;
    }
};

} // namespace netsec_asset_av
