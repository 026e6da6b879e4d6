// prune_repository: forget the snapshots the retention rules do not keep, then free the space
// only they used (packs less than a fifth unused are kept whole). Order, so a kill at any moment loses nothing kept:
// snapshots are deleted first; blobs still used from packs that will go are repacked and indexed; one index naming
// every remaining pack is written; then the old index files go, and the unused packs last.
#include "netsec/backup/backup.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <algorithm>
#include <ctime>
#include <map>
#include <set>
#include <unordered_set>

namespace netsec::backup {
namespace {

// The bucket of a snapshot time ("2026-11-26T…Z") under a rule, in local time.
std::string bucket(const std::string& rfc3339, char rule) {
    std::tm tm{};
    if (!strptime(rfc3339.substr(0, 19).c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return rfc3339;
    std::time_t t = timegm(&tm);
    std::tm local{};
    ::localtime_r(&t, &local);
    char buf[32];
    switch (rule) {
    case 'd': std::strftime(buf, sizeof buf, "%Y-%m-%d", &local); break;
    case 'w': std::strftime(buf, sizeof buf, "%G-W%V", &local); break;
    case 'm': std::strftime(buf, sizeof buf, "%Y-%m", &local); break;
    default: std::strftime(buf, sizeof buf, "%Y", &local); break;
    }
    return buf;
}

void collect(Repository& repo, const Id& tree, std::unordered_set<Id, IdHash>& used) {
    if (!used.insert(tree).second) return;
    for (const auto& n : decode_tree(repo.read_blob(tree))) {
        if (n.type == NodeType::dir) collect(repo, n.subtree, used);
        for (const auto& c : n.content) used.insert(c);
    }
}

} // namespace

std::vector<Snapshot> snapshots_to_keep(const std::vector<Snapshot>& all, const KeepRules& keep) {
    // The groups the rules count within: a job's snapshots, or an ad hoc run's paths.
    std::map<std::string, std::vector<const Snapshot*>> groups; // newest first
    std::set<std::string> kept_ids;
    for (auto it = all.rbegin(); it != all.rend(); ++it) {
        if (!keep.job.empty() && it->job != keep.job) {
            kept_ids.insert(to_hex(it->id));
            continue;
        }
        std::string key = "job:" + it->job;
        if (it->job.empty()) {
            auto paths = it->paths;
            std::sort(paths.begin(), paths.end());
            key = "paths:";
            for (const auto& p : paths) key += p + '\n';
        }
        groups[key].push_back(&*it);
    }
    for (const auto& [key, newest_first] : groups) {
        for (std::size_t i = 0; i < newest_first.size() && int(i) < keep.last; ++i)
            kept_ids.insert(to_hex(newest_first[i]->id));
        for (auto [rule, count] :
             {std::pair{'d', keep.daily}, {'w', keep.weekly}, {'m', keep.monthly}, {'y', keep.yearly}}) {
            std::set<std::string> buckets;
            for (const Snapshot* s : newest_first) {
                if (int(buckets.size()) >= count) break;
                if (buckets.insert(bucket(s->time, rule)).second) kept_ids.insert(to_hex(s->id));
            }
        }
    }
    std::vector<Snapshot> out;
    for (const auto& s : all)
        if (kept_ids.count(to_hex(s.id))) out.push_back(s);
    return out;
}

PruneResult prune_repository(Repository& repo, const KeepRules& keep) {
    if (keep.last + keep.daily + keep.weekly + keep.monthly + keep.yearly <= 0)
        throw Error(Exit::usage,
                    _("give at least one rule to keep by, e.g. --keep-last 7: prune never deletes every snapshot"));
    if (!repo.locked())
        throw Error(Exit::software, _f("the repository '{}' is written without its lock", repo.location()));
    PruneResult r;
    Storage& st = repo.storage();
    auto all = repo.snapshots();
    auto kept = snapshots_to_keep(all, keep);
    std::set<Id> kept_set;
    for (const auto& s : kept) kept_set.insert(s.id);
    std::unordered_set<Id, IdHash> used;
    for (const auto& s : kept) collect(repo, s.tree, used); // throws on damage: nothing deleted yet
    for (const auto& s : all)
        if (!kept_set.count(s.id)) {
            st.remove("snapshots/" + to_hex(s.id));
            ++r.snapshots_removed;
        }
    r.snapshots_kept = kept.size();

    // Packs: drop the wholly unused, repack the partly used, keep the rest.
    auto packs = repo.packs_in_index();
    auto reader = st.reader();
    std::vector<Id> drop;
    for (const auto& [pid, entries] : packs) {
        std::size_t live = 0;
        std::uint64_t live_bytes = 0, all_bytes = 0;
        for (const auto& e : entries) {
            bool u = used.count(e.id);
            live += u;
            live_bytes += u ? e.loc.length : 0;
            all_bytes += e.loc.length;
        }
        // A pack mostly still used stays as it is: rewriting it would cost more than the space
        // it frees. Its unused blobs go with it later.
        if (live == entries.size() || (live > 0 && (all_bytes - live_bytes) * 5 < all_bytes)) continue;
        drop.push_back(pid);
        for (const auto& e : entries) {
            if (!used.count(e.id)) continue;
            repo.repack_blob(e.id, reader.get());
            ++r.blobs_repacked;
        }
    }
    repo.flush();
    std::set<std::string> old_index;
    for (const auto& n : st.list("index")) old_index.insert(n);
    std::string whole = repo.write_full_index(std::set<Id>(drop.begin(), drop.end()));
    for (const auto& n : old_index)
        if (n != whole) st.remove(n);
    for (const auto& pid : drop) {
        std::string name = Repository::pack_name(pid);
        try {
            r.bytes_freed += st.size(name);
        } catch (const Error&) {
        }
        st.remove(name);
        ++r.packs_removed;
    }
    // Packs no index names (left by killed runs) are unused too.
    auto indexed = repo.packs_in_index();
    for (const auto& name : st.list("data")) {
        auto id = parse_id(name.substr(name.rfind('/') + 1));
        if (id && !indexed.count(*id) && !std::count(drop.begin(), drop.end(), *id)) {
            r.bytes_freed += st.size(name);
            st.remove(name);
            ++r.packs_removed;
        }
    }
    return r;
}

} // namespace netsec::backup
