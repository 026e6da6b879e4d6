#include "netsec/cli/command.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <CLI/CLI.hpp>
#include <cstring>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

namespace netsec::cli {
namespace {

const char* needs_name(Needs needs) {
    switch (needs) {
    case Needs::nothing: return "nothing";
    case Needs::policy: return "policy";
    case Needs::store: return "store";
    case Needs::store_write: return "store_write";
    }
    return "nothing";
}

const char* kind_name(io::Kind kind) {
    switch (kind) {
    case io::Kind::text: return "text";
    case io::Kind::integer: return "integer";
    case io::Kind::time: return "time";
    case io::Kind::json: return "json";
    }
    return "text";
}

// "evidence add" -> {"evidence", "add"}.
std::vector<std::string> words(const std::string& name) {
    std::vector<std::string> out;
    std::string::size_type start = 0;
    while (start < name.size()) {
        auto space = name.find(' ', start);
        if (space == std::string::npos) space = name.size();
        if (space > start) out.push_back(name.substr(start, space - start));
        start = space + 1;
    }
    return out;
}

// The CLI11 app of every entry, built from the table: the group of a member must come first.
struct Built {
    std::map<std::string, CLI::App*> apps; // by the entry's name
};

CLI::App* parent_of(CLI::App& root, const Built& built, const std::string& name) {
    auto w = words(name);
    if (w.size() < 2) return &root;
    std::string group_name;
    for (std::size_t i = 0; i + 1 < w.size(); ++i) group_name += (i ? " " : "") + w[i];
    auto it = built.apps.find(group_name);
    if (it == built.apps.end())
        throw Error(Exit::software,
                    fmt::format("internal error: command '{}' comes before its group '{}'", name, group_name));
    return it->second;
}

void build(CLI::App& root, const Tool& table, Built& built) {
    for (const auto& entry : table.commands) {
        CLI::App* parent = parent_of(root, built, entry.name);
        CLI::App* app = parent->add_subcommand(words(entry.name).back(), entry.help);
        built.apps[entry.name] = app;
        if (!entry.run) {
            app->require_subcommand(1);
            continue;
        }
        if (!entry.formats.names.empty()) declare_formats(*app, entry.formats);
        if (entry.declare) entry.declare(*app);
    }
}

// The entry whose app was selected: the deepest command the parse chose.
const Command* selected(const CLI::App& root, const Tool& table, const Built& built) {
    const CLI::App* ran = &root;
    while (!ran->get_subcommands().empty()) ran = ran->get_subcommands().front();
    for (const auto& entry : table.commands)
        if (built.apps.at(entry.name) == ran) return &entry;
    return nullptr;
}

} // namespace

Command group(std::string name, std::string help) {
    Command e;
    e.name = std::move(name);
    e.help = std::move(help);
    return e;
}

std::string describe(const std::string& tool, const Tool& table) {
    CLI::App root{table.about, tool};
    SharedOptions shared;
    add_shared_options(root, shared);
    Built built;
    build(root, table, built);
    std::string out;
    for (const auto& entry : table.commands) {
        if (!entry.run) continue;
        nlohmann::ordered_json line;
        line["tool"] = tool;
        line["command"] = entry.name;
        line["level"] = policy::level_name(entry.preamble.level);
        line["needs"] = needs_name(entry.preamble.needs);
        line["formats"] = entry.formats.names;
        nlohmann::ordered_json options = nlohmann::ordered_json::array();
        nlohmann::ordered_json arguments = nlohmann::ordered_json::array();
        for (const CLI::Option* o : built.apps.at(entry.name)->get_options()) {
            if (o->get_name() == "--help" || o->get_name().empty()) continue;
            if (o->nonpositional()) {
                for (const auto& s : o->get_snames()) options.push_back("-" + s);
                for (const auto& l : o->get_lnames()) options.push_back("--" + l);
            } else {
                arguments.push_back(o->get_name());
            }
        }
        line["options"] = options;
        line["arguments"] = arguments;
        nlohmann::ordered_json fields = nlohmann::ordered_json::array();
        for (const auto& c : entry.fields) fields.push_back({{"name", c.name}, {"kind", kind_name(c.kind)}});
        line["fields"] = fields;
        out += line.dump() + "\n";
    }
    return out;
}

int run_tool(int argc, char** argv, const char* tool, const std::function<Tool()>& make_table) {
    start(tool);
    Tool table;
    try {
        table = make_table();
    } catch (const std::exception& e) { // a table that cannot be built is a programming error
        warn(_f("internal error: {}", e.what()));
        return int(Exit::software);
    }
    if (argc == 2 && std::strcmp(argv[1], "--describe") == 0) {
        std::cout << describe(tool, table);
        flush_stdout();
        return 0;
    }
    CLI::App app{table.about, tool};
    app.set_version_flag("--version", std::string(tool) + " " NETSEC_VERSION);
    SharedOptions shared;
    add_shared_options(app, shared);
    app.require_subcommand(1);
    Built built;
    build(app, table, built);
    return run_main(app, argc, argv, [&] {
        const Command* entry = selected(app, table, built);
        if (!entry || !entry->run) throw Error(Exit::software, "internal error: no command was selected");
        SharedOptions options = shared;
        if (entry->before) entry->before(options);
        Preamble p = entry->adjust ? entry->adjust(entry->preamble) : entry->preamble;
        Session s =
            open_command(options, p.variant.empty() ? entry->name : entry->name + " " + p.variant, p.level, p.needs);
        s.check_fields = !entry->formats.names.empty() && entry->formats.takes("jsonl");
        for (const auto& c : entry->fields) s.declared_fields.push_back(c.name);
        return entry->run(s);
    });
}

} // namespace netsec::cli
