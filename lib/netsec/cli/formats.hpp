// netsec::cli — which -f/--format values a command takes: declared where the command is
// registered, shown in its --help, and checked once after parsing, before the command runs.
#pragma once
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace netsec::cli {

// The -f values a command takes, in the order its --help lists them; "auto" (the command's
// default) is always taken.
struct Formats {
    std::vector<std::string> names;

    bool takes(const std::string& format) const;
    Formats operator+(const Formats& more) const;
};

// Records, written by io: table, tsv, csv, json, jsonl.
Formats records();
// A printable document: html, markdown.
Formats document();
// Formats of the command's own, such as {"chpasswd", "ldif"}.
Formats own(std::vector<std::string> names);

// "table, tsv, csv, json, jsonl".
std::string format_list(const Formats& formats);

// Declares what `command` prints, and lists it at the end of its --help.
void declare_formats(CLI::App& command, const Formats& formats);

// Throws Error(usage) naming -f, `format`, `command` ("netsec-journal show") and what it takes,
// unless `formats` takes `format`.
void require_format(const std::string& format, const std::string& command, const Formats& formats);

// Checks `format` against what the subcommand `app` ran declared (the deepest one selected),
// naming it after `tool`; a command that declares nothing prints no records and ignores -f.
void check_format(const CLI::App& app, const std::string& tool, const std::string& format);

} // namespace netsec::cli
