// verify_repository: the structure (every snapshot's trees and chunks indexed, every indexed
// pack present), and with read_data every byte of every pack hashed and opened.
#include "netsec/backup/backup.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_set>

namespace netsec::backup {

VerifyResult verify_repository(Repository& repo, bool read_data, unsigned threads, const ProgressFn& progress) {
    VerifyResult r;
    Storage& st = repo.storage();
    auto packs = repo.packs_in_index();
    std::unordered_set<Id, IdHash> present;
    for (const auto& name : st.list("data")) {
        auto id = parse_id(name.substr(name.rfind('/') + 1));
        if (id) present.insert(*id);
    }
    std::unordered_set<Id, IdHash> bad_blobs;
    for (const auto& id : present)
        if (!packs.count(id)) ++r.unreferenced_packs;
    std::vector<Id> order;
    for (const auto& [pid, entries] : packs) {
        if (!present.count(pid)) {
            r.problems.push_back(_f("pack {} is missing", to_hex(pid)));
            for (const auto& e : entries) bad_blobs.insert(e.id);
        } else {
            order.push_back(pid);
        }
    }
    r.packs = packs.size();
    if (read_data) {
        std::uint64_t total = 0;
        for (const auto& pid : order) total += st.size(Repository::pack_name(pid));
        std::atomic<std::size_t> next{0};
        std::atomic<std::uint64_t> done{0}, blobs{0};
        std::mutex m;
        auto work = [&] {
            auto reader = st.reader();
            for (;;) {
                std::size_t i = next++;
                if (i >= order.size()) return;
                const Id& pid = order[i];
                const auto& entries = packs.at(pid);
                std::string name = Repository::pack_name(pid);
                std::vector<std::string> problems;
                std::vector<Id> bad;
                std::uint64_t size = 0;
                try {
                    size = st.size(name);
                } catch (const Error& e) {
                    problems.push_back(e.what());
                    for (const auto& en : entries) bad.push_back(en.id);
                }
                // The pack is read in order, a blob at a time (hashed whole as it goes), so
                // memory holds one blob per thread, not a pack.
                thread_local Buffer piece, plain;
                Sha256Stream hash;
                std::uint64_t pos = 0;
                bool readable = problems.empty();
                auto read = [&](std::uint64_t off, std::uint64_t len) {
                    piece.resize(std::size_t(len));
                    reader->read_at(name, off, len, piece.data());
                    hash.update(piece.view());
                };
                for (const auto& en : entries) {
                    if (!problems.empty() && size == 0) break; // missing: every blob is bad already
                    ++blobs;
                    if (!readable) {
                        bad.push_back(en.id); // after a read error: unknown, so not trusted
                        continue;
                    }
                    // Without overflow: a damaged index may name any offset.
                    bool good = en.loc.offset >= pos && en.loc.length <= size &&
                                en.loc.offset <= size - en.loc.length && repo.plausible(en.loc);
                    try {
                        if (good && en.loc.offset > pos) read(pos, en.loc.offset - pos);
                        if (good) {
                            read(en.loc.offset, en.loc.length);
                            pos = en.loc.offset + en.loc.length;
                            good = repo.sealer().open_into(
                                       piece.view(),
                                       std::string_view(reinterpret_cast<const char*>(en.id.data()), en.id.size()),
                                       plain, en.loc.raw_length) &&
                                   plain.size() == en.loc.raw_length && repo.sealer().blob_id(plain.view()) == en.id;
                        }
                    } catch (const std::exception& e) { // a read error, or no memory for a damaged blob
                        problems.push_back(e.what());
                        readable = false;
                        good = false;
                    }
                    if (!good) {
                        bad.push_back(en.id);
                        problems.push_back(_f("blob {} in pack {} is damaged", to_hex(en.id), to_hex(pid)));
                    }
                }
                if (readable) {
                    try {
                        if (size > pos) read(pos, size - pos);
                        if (hash.finish() != pid)
                            problems.push_back(_f("pack {} does not match its name: its bytes changed", to_hex(pid)));
                    } catch (const Error& e) {
                        problems.push_back(e.what());
                    }
                }
                if (piece.capacity() > (8u << 20)) piece.release();
                if (plain.capacity() > (8u << 20)) plain.release();
                std::uint64_t read_bytes = readable ? size : 0;
                done += read_bytes;
                std::lock_guard lock(m);
                r.bytes_read += read_bytes;
                for (auto& p : problems) r.problems.push_back(std::move(p));
                for (const auto& b : bad) bad_blobs.insert(b);
                if (progress) progress(done, total);
            }
        };
        std::vector<std::thread> pool;
        unsigned n = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
        for (unsigned i = 0; i < n; ++i) pool.emplace_back(work);
        for (auto& t : pool) t.join();
        r.blobs = blobs;
    } else {
        for (const auto& [pid, entries] : packs) r.blobs += entries.size();
    }

    // Which files and folders of which snapshots the problems touch.
    std::vector<Snapshot> snaps;
    try {
        snaps = repo.snapshots();
    } catch (const Error& e) {
        r.problems.push_back(e.what());
    }
    r.snapshots = snaps.size();
    std::set<Id> trees_seen;
    for (const auto& s : snaps) {
        std::string sid = short_id(s.id);
        std::function<void(const Id&, const std::string&)> walk = [&](const Id& tree, const std::string& prefix) {
            std::vector<Node> nodes;
            bool first = trees_seen.insert(tree).second;
            if (first) ++r.trees;
            std::string folder = prefix.empty() ? "/" : prefix + "/";
            std::string bytes;
            try {
                if (bad_blobs.count(tree) || !repo.find(tree)) throw Error(Exit::data, "tree");
                bytes = repo.read_blob(tree);
            } catch (const Error&) {
                r.damaged.push_back({sid, folder, _("the folder's listing is damaged or missing")});
                return;
            }
            try {
                nodes = decode_tree(bytes); // its bytes are sound: what is wrong is what they say
            } catch (const Error& e) {
                r.damaged.push_back({sid, folder, e.what()});
                return;
            }
            for (const auto& n : nodes) {
                std::string path = prefix.empty() ? n.name : prefix + "/" + n.name;
                if (n.type == NodeType::dir)
                    walk(n.subtree, path);
                else if (n.type == NodeType::file)
                    for (const auto& c : n.content)
                        if (bad_blobs.count(c) || !repo.find(c)) {
                            r.damaged.push_back({sid, path, repo.find(c) ? _("damaged data") : _("missing data")});
                            break;
                        }
            }
        };
        walk(s.tree, "");
    }
    return r;
}

} // namespace netsec::backup
