#include "netsec/cli/formats.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <map>

namespace netsec::cli {
namespace {
// What each registered command declared; a tool registers its commands once, in main.
std::map<const CLI::App*, Formats>& declared() {
    static std::map<const CLI::App*, Formats> table;
    return table;
}
} // namespace

bool Formats::takes(const std::string& format) const {
    return format == "auto" || std::find(names.begin(), names.end(), format) != names.end();
}

Formats Formats::operator+(const Formats& more) const {
    Formats all = *this;
    for (const auto& name : more.names)
        if (!all.takes(name)) all.names.push_back(name);
    return all;
}

Formats records() { return {{"table", "tsv", "csv", "json", "jsonl"}}; }

Formats document() { return {{"html", "markdown"}}; }

Formats own(std::vector<std::string> names) { return {std::move(names)}; }

std::string format_list(const Formats& formats) {
    std::string list;
    for (const auto& name : formats.names) list += (list.empty() ? "" : ", ") + name;
    return list;
}

void declare_formats(CLI::App& command, const Formats& formats) {
    declared()[&command] = formats;
    command.footer(_f("Formats (-f): {}", format_list(formats)));
}

void require_format(const std::string& format, const std::string& command, const Formats& formats) {
    if (formats.takes(format)) return;
    throw Error(Exit::usage,
                _f("unknown -f format '{}' for '{}': it writes {}", format, command, format_list(formats)));
}

void check_format(const CLI::App& app, const std::string& tool, const std::string& format) {
    const CLI::App* ran = &app;
    std::string command = tool;
    while (!ran->get_subcommands().empty()) {
        ran = ran->get_subcommands().front();
        command += " " + ran->get_name();
    }
    auto it = declared().find(ran);
    if (it != declared().end()) require_format(format, command, it->second);
}

} // namespace netsec::cli
