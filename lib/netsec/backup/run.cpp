// run_backup: walk the sources, chunk changed files on this thread, and hash, compress,
// encrypt and pack the chunks on a pool of workers (into reused buffers, within a memory
// limit). A walked folder's tree is written as soon as every chunk it waits for is stored, and
// its entries are released then; the index follows, then (last) the snapshot.
#include "netsec/backup/backup.hpp"

#include "netsec/core/caller.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <dirent.h>
#include <exception>
#include <fcntl.h>
#include <fnmatch.h>
#include <map>
#include <memory>
#include <mutex>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace netsec::backup {
namespace {

// A walked entry until its folder's tree is written; then the folder keeps only its own
// metadata and tree id, so memory follows the chunks in flight, not the size of the tree.
struct BuildNode {
    Node meta;                               // a written folder's tree id is meta.subtree
    std::shared_ptr<std::vector<Id>> chunks; // files: slots the workers fill (hard links share one)
    std::vector<std::unique_ptr<BuildNode>> children;
    bool written = false; // folders: tree stored, children released
};

// Hashes, compresses, encrypts and packs chunks on `threads` workers. Chunks are numbered as
// they are submitted; done_below() tells which have all been stored.
class Pool {
public:
    Pool(Repository& repo, unsigned threads) : repo_(repo) {
        for (unsigned i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
    }
    ~Pool() {
        {
            std::lock_guard lock(m_);
            queue_.clear(); // left after an error: not worth storing
        }
        try {
            finish();
        } catch (...) {
        }
    }

    void submit(const std::uint8_t* data, std::size_t size, Id* slot) {
        std::unique_ptr<Buffer> buf;
        {
            std::unique_lock lock(m_);
            for (;;) {
                if (failure_) std::rethrow_exception(failure_); // stop walking: the run fails
                buf = take(size);
                if (buf) break;
                room_.wait(lock);
            }
        }
        buf->assign({reinterpret_cast<const char*>(data), size});
        std::lock_guard lock(m_);
        queue_.push_back({next_seq_++, std::move(buf), slot});
        done_flags_.push_back(false);
        ready_.notify_one();
    }

    // Every chunk numbered below the result is stored.
    std::uint64_t done_below() {
        std::lock_guard lock(m_);
        return base_;
    }
    std::uint64_t submitted() {
        std::lock_guard lock(m_);
        return next_seq_;
    }
    // Waits until every submitted chunk is stored (or a worker failed).
    void wait_all() {
        std::unique_lock lock(m_);
        progress_.wait(lock, [&] { return base_ == next_seq_; });
    }

    // Waits for every chunk; rethrows a worker's error.
    void finish() {
        {
            std::lock_guard lock(m_);
            done_ = true;
            ready_.notify_all();
        }
        for (auto& t : workers_)
            if (t.joinable()) t.join();
        workers_.clear();
        free_.clear();
        if (failure_) {
            auto f = failure_;
            failure_ = nullptr;
            std::rethrow_exception(f);
        }
    }

    std::uint64_t added() const { return added_; }

private:
    struct Task {
        std::uint64_t seq = 0;
        std::unique_ptr<Buffer> buf;
        Id* slot = nullptr;
    };

    // A buffer for `size` bytes within the memory limit, or null (wait). Called locked.
    std::unique_ptr<Buffer> take(std::size_t size) {
        for (;;) {
            auto best = free_.end();
            for (auto it = free_.begin(); it != free_.end(); ++it)
                if ((*it)->capacity() >= size && (best == free_.end() || (*it)->capacity() < (*best)->capacity()))
                    best = it;
            if (best != free_.end()) {
                auto b = std::move(*best);
                free_.erase(best);
                return b;
            }
            if (allocated_ + size <= limit_ || allocated_ == 0) {
                auto b = std::make_unique<Buffer>();
                b->reserve(size);
                allocated_ += b->capacity(); // what was allocated, as given back below
                return b;
            }
            if (free_.empty()) return nullptr;
            // Too small to reuse: give its memory back and try again.
            auto smallest = std::min_element(
                free_.begin(), free_.end(), [](const auto& a, const auto& b) { return a->capacity() < b->capacity(); });
            allocated_ -= (*smallest)->capacity();
            free_.erase(smallest);
        }
    }

    void work() {
        for (;;) {
            Task t;
            {
                std::unique_lock lock(m_);
                ready_.wait(lock, [&] { return !queue_.empty() || done_; });
                if (queue_.empty()) return;
                t = std::move(queue_.front());
                queue_.pop_front();
            }
            bool ok = true;
            try {
                std::string_view data = t.buf->view();
                Id id = repo_.sealer().blob_id(data);
                *t.slot = id;
                added_ += repo_.add_blob(BlobType::data, id, data);
            } catch (...) {
                ok = false;
                std::lock_guard lock(m_);
                if (!failure_) failure_ = std::current_exception();
            }
            std::lock_guard lock(m_);
            free_.push_back(std::move(t.buf));
            (void)ok; // a failed chunk is done too (its slot stays empty; the run fails)
            done_flags_[t.seq - base_] = true;
            while (!done_flags_.empty() && done_flags_.front()) {
                done_flags_.pop_front();
                ++base_;
            }
            room_.notify_one();
            progress_.notify_all();
        }
    }

    Repository& repo_;
    std::mutex m_;
    std::condition_variable ready_, room_, progress_;
    std::deque<Task> queue_;
    std::vector<std::unique_ptr<Buffer>> free_;
    std::size_t allocated_ = 0;                  // bytes of all chunk buffers, queued, in work or free
    const std::size_t limit_ = 12 * 1024 * 1024; // beyond one chunk
    std::uint64_t next_seq_ = 0, base_ = 0;
    std::deque<bool> done_flags_; // of the chunks from base_ on
    bool done_ = false;
    std::exception_ptr failure_;
    std::atomic<std::uint64_t> added_{0};
    std::vector<std::thread> workers_;
};

NodeType type_of(mode_t m) {
    if (S_ISDIR(m)) return NodeType::dir;
    if (S_ISLNK(m)) return NodeType::symlink;
    if (S_ISFIFO(m)) return NodeType::fifo;
    if (S_ISCHR(m)) return NodeType::chardev;
    if (S_ISBLK(m)) return NodeType::blockdev;
    return NodeType::file;
}

Node meta_of(const std::string& name, const struct stat& st) {
    Node n;
    n.name = name;
    n.type = type_of(st.st_mode);
    n.mode = st.st_mode & 07777;
    n.uid = st.st_uid;
    n.gid = st.st_gid;
    n.mtime_sec = st.st_mtim.tv_sec;
    n.mtime_nsec = std::uint32_t(st.st_mtim.tv_nsec);
    n.ctime_sec = st.st_ctim.tv_sec;
    n.ctime_nsec = std::uint32_t(st.st_ctim.tv_nsec);
    n.inode = st.st_ino;
    n.dev = st.st_dev;
    n.rdev = st.st_rdev;
    if (n.type == NodeType::file) n.size = std::uint64_t(st.st_size);
    return n;
}

// The tree blob of `dir` from its children (whose chunks are all stored and whose folders are
// written); stores it, records its id and releases the children.
void write_tree(Repository& repo, BuildNode& dir, std::uint64_t& added) {
    std::vector<Node> nodes;
    nodes.reserve(dir.children.size());
    std::sort(dir.children.begin(), dir.children.end(),
              [](const auto& a, const auto& b) { return a->meta.name < b->meta.name; });
    for (auto& c : dir.children) {
        if (c->meta.type == NodeType::dir && !c->written) write_tree(repo, *c, added);
        nodes.push_back(std::move(c->meta));
        if (c->chunks) nodes.back().content.assign(c->chunks->begin(), c->chunks->end());
    }
    std::string bytes = encode_tree(nodes);
    Id id = repo.sealer().blob_id(bytes);
    added += repo.add_blob(BlobType::tree, id, bytes);
    dir.meta.subtree = id;
    dir.written = true;
    dir.children.clear();
    dir.children.shrink_to_fit();
}

class Walker {
public:
    Walker(Repository& repo, const RunRequest& req, Pool& pool) : repo_(repo), req_(req), pool_(pool) {}

    std::uint64_t files = 0, bytes = 0, changed = 0, unchanged = 0, warnings = 0, excluded = 0, tree_added = 0;
    std::uint64_t read_bytes = 0; // read from the sources

    // Whether the request's exclude patterns leave out the entry `name` at `fs_path`.
    bool is_excluded(const std::string& fs_path, const std::string& name) const {
        for (const auto& p : req_.exclude) {
            bool whole = p.find('/') != std::string::npos;
            if (::fnmatch(p.c_str(), whole ? fs_path.c_str() : name.c_str(), whole ? FNM_PATHNAME : 0) == 0)
                return true;
        }
        return false;
    }

    // The previous snapshot's entries of the folder whose tree is `id`, by name.
    std::map<std::string, Node> old_children(const std::optional<Id>& id) {
        std::map<std::string, Node> out;
        if (!id) return out;
        try {
            for (auto& n : decode_tree(repo_.read_blob(*id))) out.emplace(n.name, std::move(n));
        } catch (const Error&) {
            // A damaged parent only costs speed: everything is read again.
        }
        return out;
    }

    void add_entry(BuildNode& parent, const std::string& fs_path, const std::string& name, const Node* old) {
        if (!req_.exclude.empty() && is_excluded(fs_path, name)) {
            ++excluded;
            return;
        }
        struct stat st {};
        if (::lstat(fs_path.c_str(), &st) != 0) {
            if (errno != ENOENT) warn(_f("cannot read '{}': {}", fs_path, std::strerror(errno)));
            return;
        }
        if (S_ISSOCK(st.st_mode)) return; // sockets are not kept, as tar does
        auto node = std::make_unique<BuildNode>();
        node->meta = meta_of(name, st);
        Node& m = node->meta;
        if (m.type == NodeType::dir) {
            std::optional<Id> old_tree;
            if (old && old->type == NodeType::dir) old_tree = old->subtree;
            walk_dir(*node, fs_path, old_tree);
            finished_.push_back({node.get(), pool_.submitted()});
            drain();
        } else if (m.type == NodeType::symlink) {
            std::string target(std::size_t(st.st_size) + 1, '\0');
            ssize_t n = ::readlink(fs_path.c_str(), target.data(), target.size());
            if (n < 0) {
                warn(_f("cannot read the link '{}': {}", fs_path, std::strerror(errno)));
                return;
            }
            target.resize(std::size_t(n));
            m.target = target;
        } else if (m.type == NodeType::file) {
            ++files;
            Link* first = nullptr;
            if (st.st_nlink > 1) {
                // Numbered when first seen: a folder's tree may be written before its file's
                // other links are found, and must not depend on when.
                auto key = std::make_pair(std::uint64_t(st.st_dev), std::uint64_t(st.st_ino));
                auto it = links_.find(key);
                if (it != links_.end()) {
                    m.link_group = it->second.group;
                    node->chunks = it->second.chunks;
                    m.size = it->second.size;
                    bytes += m.size;
                    parent.children.push_back(std::move(node));
                    return;
                }
                first = &links_[key];
                first->group = ++link_groups_;
                m.link_group = first->group;
            }
            if (old && old->type == NodeType::file && old->size == m.size && old->mtime_sec == m.mtime_sec &&
                old->mtime_nsec == m.mtime_nsec && old->ctime_sec == m.ctime_sec && old->ctime_nsec == m.ctime_nsec &&
                old->inode == m.inode) {
                node->chunks = std::make_shared<std::vector<Id>>(old->content);
                ++unchanged;
                bytes += m.size;
            } else if (!read_file(*node, fs_path)) {
                --files;
                return;
            }
            if (first) {
                first->chunks = node->chunks;
                first->size = m.size;
            }
        }
        parent.children.push_back(std::move(node));
    }

    void walk_dir(BuildNode& dir, const std::string& fs_path, const std::optional<Id>& old_tree) {
        auto old = old_children(old_tree);
        DIR* d = ::opendir(fs_path.c_str());
        if (!d) {
            warn(_f("cannot read the folder '{}': {}", fs_path, std::strerror(errno)));
            return;
        }
        std::vector<std::string> names;
        while (dirent* e = ::readdir(d)) {
            std::string n = e->d_name;
            if (n != "." && n != "..") names.push_back(std::move(n));
        }
        ::closedir(d);
        std::sort(names.begin(), names.end());
        dir.children.reserve(names.size());
        for (const auto& n : names) {
            auto it = old.find(n);
            add_entry(dir, fs_path + "/" + n, n, it == old.end() ? nullptr : &it->second);
        }
    }

    // Writes the trees of walked folders whose chunks are all stored, oldest first (a folder is
    // finished after its subfolders, so they are written before it).
    void drain() {
        if (finished_.empty()) return;
        std::uint64_t done = pool_.done_below();
        while (!finished_.empty() && finished_.front().second <= done) {
            write_tree(repo_, *finished_.front().first, tree_added);
            finished_.pop_front();
        }
    }
    // After the pool finished: every walked folder's tree.
    void drain_all() {
        for (auto& [dir, seq] : finished_) write_tree(repo_, *dir, tree_added);
        finished_.clear();
    }

    // Reads and chunks a file; false when it cannot be opened.
    bool read_file(BuildNode& node, const std::string& fs_path) {
        int fd = ::open(fs_path.c_str(), O_RDONLY | O_CLOEXEC | O_NOATIME);
        if (fd < 0 && errno == EPERM) fd = ::open(fs_path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            warn(_f("cannot read '{}': {}", fs_path, std::strerror(errno)));
            return false;
        }
        std::uint64_t total = read_stream(node, fd);
        ::close(fd);
        node.meta.size = total; // what was read, should the file have grown or shrunk
        ++changed;
        return true;
    }

    std::uint64_t read_stream(BuildNode& node, int fd) {
        const ChunkSizes& sz = repo_.chunk_sizes();
        if (buf_.size() < 2 * sz.max) buf_.resize(2 * sz.max);
        // Every chunk but the last has at least sz.min bytes: the slots never move while
        // workers fill them, unless the file grew since it was looked at.
        node.chunks = std::make_shared<std::vector<Id>>();
        auto& chunks = *node.chunks;
        chunks.reserve(std::size_t(node.meta.size / sz.min) + 1);
        std::size_t start = 0, have = 0;
        bool eof = false;
        std::uint64_t total = 0;
        for (;;) {
            while (!eof && have < sz.max) {
                if (start + have == buf_.size()) {
                    std::memmove(buf_.data(), buf_.data() + start, have);
                    start = 0;
                }
                ssize_t n = ::read(fd, buf_.data() + start + have, buf_.size() - start - have);
                if (n < 0 && errno == EINTR) continue;
                if (n < 0) throw Error(Exit::io, _f("cannot read: {}", std::strerror(errno)));
                if (n == 0) eof = true;
                have += std::size_t(n);
                total += std::uint64_t(n);
                bytes += std::uint64_t(n);
                read_bytes += std::uint64_t(n);
            }
            if (have == 0) break;
            std::size_t cut = find_cut(buf_.data() + start, have, sz);
            if (chunks.size() == chunks.capacity()) {
                pool_.wait_all(); // no slot in use: the vector may move
                chunks.reserve(chunks.capacity() * 2 + 4);
            }
            chunks.emplace_back();
            pool_.submit(buf_.data() + start, cut, &chunks.back());
            start += cut;
            have -= cut;
            if (have == 0) start = 0;
            if (req_.progress) req_.progress(bytes, 0);
        }
        return total;
    }

    void warn(const std::string& m) {
        ++warnings;
        if (req_.warn) req_.warn(m);
    }

private:
    struct Link {
        std::uint64_t group = 0, size = 0;
        std::shared_ptr<std::vector<Id>> chunks;
    };

    Repository& repo_;
    const RunRequest& req_;
    Pool& pool_;
    std::vector<std::uint8_t> buf_;
    std::map<std::pair<std::uint64_t, std::uint64_t>, Link> links_;
    std::uint64_t link_groups_ = 0;
    std::deque<std::pair<BuildNode*, std::uint64_t>> finished_; // walked folders, and the chunks they wait for
};

// The components of a path as stored: no leading '/', no "." parts; ".." refused.
std::vector<std::string> stored_components(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t i = 0;
    while (i <= path.size()) {
        std::size_t j = path.find('/', i);
        if (j == std::string::npos) j = path.size();
        std::string part = path.substr(i, j - i);
        if (part == "..")
            throw Error(Exit::usage,
                        _f("'{}' climbs out with '..': give the path without it, or run from its folder", path));
        if (!part.empty() && part != ".") parts.push_back(part);
        i = j + 1;
    }
    return parts;
}

} // namespace

std::string short_id(const Id& id) { return to_hex(id).substr(0, 8); }

RunResult run_backup(Repository& repo, const RunRequest& req) {
    if (!repo.locked()) // its index and snapshots must be read under the lock: see RepositoryLock
        throw Error(Exit::software, _f("the repository '{}' is written without its lock", repo.location()));
    auto started = std::chrono::steady_clock::now();
    std::vector<std::string> stored_paths;
    if (!req.stdin_name.empty()) {
        auto parts = stored_components(req.stdin_name);
        if (parts.size() != 1)
            throw Error(Exit::usage, _f("--stdin-name '{}' must be a plain file name, without '/'", req.stdin_name));
        stored_paths.push_back(parts[0]);
    } else {
        if (req.paths.empty()) throw Error(Exit::usage, _("name the paths to back up"));
        for (const auto& p : req.paths) {
            auto parts = stored_components(p);
            if (parts.empty()) throw Error(Exit::usage, _f("'{}' names no file: give a named path, like tar", p));
            struct stat st {};
            if (::lstat(p.c_str(), &st) != 0) throw Error(Exit::no_input, _f("'{}' does not exist", p));
            std::string joined;
            for (const auto& c : parts) joined += (joined.empty() ? "" : "/") + c;
            stored_paths.push_back(joined);
        }
    }
    std::vector<std::string> sorted = stored_paths;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());

    // The previous snapshot of the same paths (and job): its metadata lets unchanged files skip.
    std::optional<Snapshot> parent;
    for (auto& s : repo.snapshots()) {
        auto sp = s.paths;
        std::sort(sp.begin(), sp.end());
        if (sp == sorted && s.job == req.job) parent = s;
    }

    unsigned threads = req.threads ? req.threads : std::max(1u, std::thread::hardware_concurrency());
    BuildNode root; // before the pool: workers fill its slots until the pool is gone
    root.meta.type = NodeType::dir;
    Pool pool(repo, threads);
    Walker walker(repo, req, pool);

    if (!req.stdin_name.empty()) {
        auto node = std::make_unique<BuildNode>();
        timespec now{};
        ::clock_gettime(CLOCK_REALTIME, &now);
        node->meta.name = stored_paths[0];
        node->meta.type = NodeType::file;
        node->meta.mode = 0644;
        node->meta.uid = ::geteuid();
        node->meta.gid = ::getegid();
        node->meta.mtime_sec = node->meta.ctime_sec = now.tv_sec;
        node->meta.mtime_nsec = node->meta.ctime_nsec = std::uint32_t(now.tv_nsec);
        node->meta.size = walker.read_stream(*node, req.stdin_fd);
        walker.files = 1;
        walker.changed = 1;
        root.children.push_back(std::move(node));
    } else {
        // Each path under its stored name; the folders leading to it take their own metadata.
        std::map<std::string, Node> old_root;
        if (parent) old_root = walker.old_children(parent->tree);
        for (const auto& p : req.paths) {
            auto parts = stored_components(p);
            bool absolute = !p.empty() && p[0] == '/';
            std::string fs = absolute ? "" : ".";
            BuildNode* at = &root;
            std::map<std::string, Node> old = old_root;
            for (std::size_t k = 0; k + 1 < parts.size(); ++k) {
                fs += "/" + parts[k];
                auto it = std::find_if(at->children.begin(), at->children.end(),
                                       [&](const auto& c) { return c->meta.name == parts[k]; });
                std::optional<Id> old_sub;
                if (auto o = old.find(parts[k]); o != old.end() && o->second.type == NodeType::dir)
                    old_sub = o->second.subtree;
                if (it == at->children.end()) {
                    struct stat st {};
                    if (::stat(fs.c_str(), &st) != 0) throw Error(Exit::no_input, _f("'{}' does not exist", fs));
                    auto dir = std::make_unique<BuildNode>();
                    dir->meta = meta_of(parts[k], st);
                    dir->meta.type = NodeType::dir;
                    at->children.push_back(std::move(dir));
                    it = at->children.end() - 1;
                }
                at = it->get();
                if (at->written) break; // inside a path given before, stored whole already
                old = walker.old_children(old_sub);
            }
            const std::string& last = parts.back();
            if (at->written) continue;
            if (std::any_of(at->children.begin(), at->children.end(),
                            [&](const auto& c) { return c->meta.name == last; }))
                continue; // named twice
            auto o = old.find(last);
            walker.add_entry(*at, absolute || p.rfind("./", 0) == 0 ? p : p, last,
                             o == old.end() ? nullptr : &o->second);
        }
    }
    pool.finish();
    if (req.before_save) req.before_save();

    walker.drain_all();
    std::uint64_t added = pool.added() + walker.tree_added;
    write_tree(repo, root, added);
    Id tree = root.meta.subtree;
    repo.flush();
    RunResult r;
    Snapshot& s = r.snapshot;
    s.time = now_rfc3339_ns();
    s.hostname = host_name();
    s.username = user_name(::geteuid());
    s.job = req.job;
    s.paths = stored_paths;
    s.tree = tree;
    if (parent) s.parent = parent->id;
    s.files = walker.files;
    s.bytes = walker.bytes;
    s.added_bytes = added;
    repo.save_snapshot(s); // last: a killed run never leaves a snapshot without its data
    r.files_changed = walker.changed;
    r.files_unchanged = walker.unchanged;
    r.warnings = walker.warnings;
    r.excluded = walker.excluded;
    r.bytes_read = walker.read_bytes;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return r;
}

} // namespace netsec::backup
