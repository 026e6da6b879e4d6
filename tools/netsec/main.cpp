// netsec: lists the tools, runs `netsec TOOL ARGS` as `netsec-TOOL ARGS` (found beside this
// binary, then on PATH), and opens a tool's man page with `netsec help TOOL`, as git does;
// `netsec help` alone opens the regime page, netsec(7).
#include "netsec/cli/session.hpp"
#include "netsec/core/caller.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"
#include "netsec/core/width.hpp"

#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <iostream>
#include <set>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace netsec {
// Generated from the NAME line of each man/netsec-*.1.scd (see CMakeLists.txt).
struct ToolSummary {
    const char* name;
    const char* summary;
};
extern const std::vector<ToolSummary> tool_summaries;
} // namespace netsec

using namespace netsec;

namespace {

bool is_executable(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// Whether this run has privilege its caller lacks (sudo): then PATH, which the caller may
// choose, never picks what runs as root, and no pager runs as root.
bool elevated() { return current_caller().elevated; }

// netsec-TOOL beside this binary, else (not under sudo) on PATH; "" when neither has it. A
// name with a slash is no tool.
std::string find_tool(const std::string& name) {
    if (name.find('/') != std::string::npos) return "";
    std::string beside = paths::executable_dir() + "/" + name;
    if (is_executable(beside)) return beside;
    if (elevated()) return "";
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        auto colon = dirs.find(':', start);
        std::string dir = dirs.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
        if (!dir.empty() && is_executable(dir + "/" + name)) return dir + "/" + name;
        if (colon == std::string::npos) break;
        start = colon + 1;
    }
    return "";
}

// Every netsec-* executable beside this binary and on PATH, by name.
std::set<std::string> installed_tools() {
    std::set<std::string> names;
    std::vector<std::string> dirs = {paths::executable_dir()};
    if (const char* path = elevated() ? nullptr : std::getenv("PATH")) {
        std::string all = path;
        std::size_t start = 0;
        while (start <= all.size()) {
            auto colon = all.find(':', start);
            dirs.push_back(all.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
            if (colon == std::string::npos) break;
            start = colon + 1;
        }
    }
    for (const auto& dir : dirs) {
        DIR* d = dir.empty() ? nullptr : ::opendir(dir.c_str());
        if (!d) continue;
        while (dirent* e = ::readdir(d)) {
            std::string name = e->d_name;
            if (name.rfind("netsec-", 0) == 0 && is_executable(dir + "/" + name)) names.insert(name);
        }
        ::closedir(d);
    }
    return names;
}

int list_tools() {
    std::cout << _("usage: netsec TOOL [ARGS...]   runs netsec-TOOL") << '\n'
              << _("       netsec help TOOL        opens the tool's manual") << '\n'
              << _("       netsec help             opens the regime page, netsec(7)") << "\n\n"
              << _("Tools:") << '\n';
    std::set<std::string> found = installed_tools();
    std::size_t width = 0;
    for (const auto& t : tool_summaries) width = std::max(width, std::strlen(t.name) - 7);
    for (const auto& name : found) width = std::max(width, name.size() - 7);
    std::set<std::string> listed;
    for (const auto& t : tool_summaries) {
        if (!found.count(t.name)) continue;
        std::string short_name = std::string(t.name).substr(7);
        std::cout << "  " << short_name << std::string(width - short_name.size() + 2, ' ') << _(t.summary) << '\n';
        listed.insert(t.name);
    }
    for (const auto& name : found)
        if (!listed.count(name)) std::cout << "  " << name.substr(7) << '\n';
    std::cout << '\n' << _("See 'netsec help' for the regime and which tool carries each rule.") << '\n';
    return 0;
}

std::string tool_name(std::string name) {
    if (name.rfind("netsec-", 0) != 0 && name != "netsec") name = "netsec-" + name;
    return name;
}

int help(const std::string& topic) {
    // man runs a pager, and a pager runs any command its user types (less's "!sh").
    if (elevated())
        throw Error(Exit::no_perm, _("'netsec help' does not run under sudo, where its pager would run commands as "
                                     "root: run it without sudo"));
    // No topic: the regime and which tool carries each rule, netsec(7), not the front's own page.
    std::string page = topic.empty() ? "netsec.7" : topic;
    std::string section = "1";
    // netsec help policy.5 / netsec help netsec.7: the section comes off before the name is a tool's.
    if (auto dot = page.rfind('.'); dot != std::string::npos) {
        section = page.substr(dot + 1);
        page = page.substr(0, dot);
    }
    page = tool_name(page);
    if (page != "netsec" && section == "1" && find_tool(page).empty())
        throw Error(Exit::usage, _f("'{}' is not a netsec tool; 'netsec' lists them", topic));
    std::string local = paths::executable_dir() + "/../man/man" + section + "/" + page + "." + section;
    std::string installed = paths::executable_dir() + "/../share/man/man" + section + "/" + page + "." + section;
    std::vector<std::string> args = {"man"};
    if (paths::exists(local))
        args.insert(args.end(), {"-l", local});
    else if (paths::exists(installed))
        args.insert(args.end(), {"-l", installed});
    else
        args.insert(args.end(), {section, page});
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execvp("man", argv.data());
    throw Error(Exit::unavailable, _f("cannot run 'man': {}; the manual is '{}'", std::strerror(errno), page));
}

int run(int argc, char** argv) {
    if (argc < 2) return list_tools();
    std::string first = argv[1];
    if (first == "--help" || first == "-h") return list_tools();
    if (first == "--version") {
        std::cout << "netsec " NETSEC_VERSION << '\n';
        return 0;
    }
    if (first == "help") return help(argc > 2 ? argv[2] : "");
    if (!first.empty() && first[0] == '-')
        throw Error(Exit::usage, _f("unknown option '{}'; usage: netsec TOOL [ARGS...]", first));
    std::string name = tool_name(first);
    std::string path = find_tool(name);
    if (path.empty()) throw Error(Exit::usage, _f("'{}' is not a netsec tool; 'netsec' lists them", first));
    std::vector<char*> args;
    args.push_back(name.data());
    for (int i = 2; i < argc; ++i) args.push_back(argv[i]);
    args.push_back(nullptr);
    ::execv(path.c_str(), args.data());
    throw Error(Exit::unavailable, _f("cannot run '{}': {}", path, std::strerror(errno)));
}

} // namespace

int main(int argc, char** argv) {
    cli::start("netsec");
    try {
        int code = run(argc, argv);
        cli::flush_stdout(); // the listing did not arrive: 74, as every tool
        return code;
    } catch (const Error& e) {
        cli::warn(e.what());
        return int(e.code());
    }
}
