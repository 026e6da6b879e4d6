#include "netsec/policy/backup.hpp"

#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"

#include <map>
#include <set>

namespace netsec::policy {
namespace {

bool is_job_name(const std::string& s) {
    if (s.empty() || s.size() > 40) return false;
    for (char ch : s)
        if (!(std::islower(static_cast<unsigned char>(ch)) || std::isdigit(static_cast<unsigned char>(ch)) ||
              ch == '-' || ch == '_'))
            return false;
    return true;
}

// A whole number in [lo, hi] at `map[key]`; nothing (recorded) when it is not.
std::optional<int> number(Checker& c, const YAML::Node& map, const char* key, int lo, int hi,
                          const std::string& where) {
    auto v = c.text(map, key, Required::no, where);
    if (!v) return std::nullopt;
    try {
        std::size_t used = 0;
        int n = std::stoi(*v, &used);
        if (used == v->size() && n >= lo && n <= hi) return n;
    } catch (const std::exception&) {
    }
    c.error(map[key].Mark(), _f("'{}.{}' expects a whole number from {} to {}, found '{}'", where, key, lo, hi, *v));
    return std::nullopt;
}

std::vector<std::string> texts(Checker& c, const YAML::Node& map, const char* key, const std::string& where) {
    std::vector<std::string> out;
    YAML::Node node = map[key];
    if (!node.IsDefined()) return out;
    std::string path = where + "." + key;
    if (!c.expect_list(node, path)) return out;
    for (std::size_t i = 0; i < node.size(); ++i)
        if (auto v = c.as_text(node[i], fmt::format("{}[{}]", path, i))) out.push_back(*v);
    return out;
}

void read_job(Checker& c, const YAML::Node& item, const std::string& where, const std::string& dir, BackupJob& job) {
    c.known_keys(item,
                 {"name", "sources", "command", "stdin_name", "exclude", "schedule", "destinations", "keep",
                  "compression", "passphrase_file"},
                 where);
    if (auto v = c.text(item, "name", Required::yes, where)) {
        job.name = *v;
        if (!is_job_name(*v))
            c.error(item["name"].Mark(),
                    _f("'{}.name' expects lowercase letters, digits, '-' or '_' (at most 40), found '{}'", where, *v));
    }
    for (const auto& s : texts(c, item, "sources", where)) job.sources.push_back(paths::resolve(dir, s));
    if (auto v = c.text(item, "command", Required::no, where)) job.command = *v;
    if (auto v = c.text(item, "stdin_name", Required::no, where)) {
        job.stdin_name = *v;
        if (v->empty() || v->find('/') != std::string::npos)
            c.error(item["stdin_name"].Mark(),
                    _f("'{}.stdin_name' expects a file name without '/', found '{}'", where, *v));
    }
    bool has_sources = item["sources"].IsDefined(), has_command = item["command"].IsDefined();
    if (has_sources == has_command)
        c.error(item.Mark(), has_sources ? _f("'{}' gives both sources and command: give one", where)
                                         : _f("'{}' needs sources (folders) or command (with stdin_name)", where));
    if (has_sources && item["sources"].IsSequence() && item["sources"].size() == 0)
        c.error(item["sources"].Mark(), _f("'{}.sources' is empty: name the folders to back up", where));
    if (has_command && !item["stdin_name"].IsDefined())
        c.error(item.Mark(), _f("'{}' has a command but no stdin_name: name the file its output is kept as", where));
    job.exclude = texts(c, item, "exclude", where);
    if (auto d = c.duration(item, "schedule", Required::no, where)) job.schedule = *d;
    for (const auto& d : texts(c, item, "destinations", where)) job.destinations.push_back(paths::resolve(dir, d));
    if (item["destinations"].IsDefined()) {
        std::set<std::string> distinct(job.destinations.begin(), job.destinations.end());
        if (distinct.size() != job.destinations.size())
            c.error(item["destinations"].Mark(), _f("'{}.destinations' names the same folder twice", where));
        else if (job.destinations.size() < 2)
            c.error(item["destinations"].Mark(),
                    _f("'{}.destinations' expects two folders (the rule: always two copies), found {}", where,
                       job.destinations.size()));
    } else {
        c.error(item.Mark(), _f("'{}' needs destinations: two folders, e.g. a USB disk and a NAS", where));
    }
    if (YAML::Node keep = item["keep"]; keep.IsDefined()) {
        std::string kw = where + ".keep";
        if (c.expect_map(keep, kw)) {
            c.known_keys(keep, {"last", "daily", "weekly", "monthly", "yearly"}, kw);
            if (auto n = number(c, keep, "last", 0, 100000, kw)) job.keep.last = *n;
            if (auto n = number(c, keep, "daily", 0, 100000, kw)) job.keep.daily = *n;
            if (auto n = number(c, keep, "weekly", 0, 100000, kw)) job.keep.weekly = *n;
            if (auto n = number(c, keep, "monthly", 0, 100000, kw)) job.keep.monthly = *n;
            if (auto n = number(c, keep, "yearly", 0, 100000, kw)) job.keep.yearly = *n;
        }
    }
    if (auto n = number(c, item, "compression", 1, 19, where)) job.compression = *n;
    if (auto v = c.text(item, "passphrase_file", Required::no, where)) job.passphrase_file = paths::resolve(dir, *v);
}

} // namespace

void read_backup(Checker& c, const YAML::Node& root, const std::string& dir, Backup& out) {
    YAML::Node node = root["backup"];
    if (!node.IsDefined() || node.IsNull()) return;
    if (!c.expect_map(node, "backup")) return;
    c.known_keys(node, {"jobs"}, "backup");
    YAML::Node jobs = node["jobs"];
    if (!jobs.IsDefined() || jobs.IsNull()) return;
    if (!c.expect_list(jobs, "backup.jobs")) return;
    std::set<std::string> names;
    std::map<std::string, std::string> passphrase_of; // destination -> the passphrase_file of its first job
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        std::string where = fmt::format("backup.jobs[{}]", i);
        if (!c.expect_map(jobs[i], where)) continue;
        BackupJob job;
        read_job(c, jobs[i], where, dir, job);
        if (!job.name.empty() && !names.insert(job.name).second)
            c.error(jobs[i]["name"].Mark(), _f("backup job '{}' is given twice", job.name));
        for (const auto& d : job.destinations) {
            auto [it, first] = passphrase_of.emplace(d, job.passphrase_file);
            if (!first && it->second != job.passphrase_file)
                c.error(jobs[i]["destinations"].Mark(),
                        _f("'{}' shares the destination '{}' with an earlier job but not its passphrase_file: "
                           "a repository has one passphrase",
                           where, d));
        }
        out.jobs.push_back(std::move(job));
    }
}

} // namespace netsec::policy
