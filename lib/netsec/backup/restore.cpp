// Reading snapshots back: walking them and restoring them to a folder (tar.cpp exports them).
#include "netsec/backup/backup.hpp"
#include "netsec/backup/walk_tree.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <fcntl.h>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <thread>
#include <unistd.h>
#include <utility>

namespace netsec::backup {
namespace {

std::string join(const std::string& a, const std::string& b) { return a.empty() ? b : a + "/" + b; }

} // namespace

namespace detail {

void walk_tree(Repository& repo, const Id& tree, const std::string& prefix,
               const std::function<void(const Entry&)>& visit) {
    for (auto& n : decode_tree(repo.read_blob(tree))) {
        Entry e{join(prefix, n.name), std::move(n)};
        visit(e);
        if (e.node.type == NodeType::dir) walk_tree(repo, e.node.subtree, e.path, visit);
    }
}

} // namespace detail

namespace {

using detail::walk_tree;

// Whether `path` is `sel`, inside it, or (ancestor) leads to it.
bool selected(const std::string& path, const std::vector<std::string>& sel, bool& ancestor_only) {
    ancestor_only = false;
    if (sel.empty()) return true;
    for (const auto& s : sel) {
        if (path == s || (path.size() > s.size() && path.compare(0, s.size(), s) == 0 && path[s.size()] == '/'))
            return true;
    }
    for (const auto& s : sel)
        if (s.size() > path.size() && s.compare(0, path.size(), path) == 0 && s[path.size()] == '/') {
            ancestor_only = true;
            return true;
        }
    return false;
}

std::string trim_slashes(std::string p) {
    while (!p.empty() && p.front() == '/') p.erase(0, 1);
    while (!p.empty() && p.back() == '/') p.pop_back();
    return p;
}

} // namespace

void walk_snapshot(Repository& repo, const Snapshot& snap, const std::string& path,
                   const std::function<void(const Entry&)>& visit) {
    std::string want = trim_slashes(path);
    if (want.empty()) {
        walk_tree(repo, snap.tree, "", visit);
        return;
    }
    bool found = false;
    // Descend to `want`, then walk below it.
    Id tree = snap.tree;
    std::string prefix;
    std::size_t i = 0;
    while (true) {
        std::size_t j = want.find('/', i);
        std::string part = want.substr(i, j == std::string::npos ? std::string::npos : j - i);
        std::optional<Node> hit;
        for (auto& n : decode_tree(repo.read_blob(tree)))
            if (n.name == part) hit = std::move(n);
        if (!hit) break;
        prefix = join(prefix, part);
        if (j == std::string::npos) {
            found = true;
            Entry e{prefix, *hit};
            visit(e);
            if (hit->type == NodeType::dir) walk_tree(repo, hit->subtree, prefix, visit);
            break;
        }
        if (hit->type != NodeType::dir) break;
        tree = hit->subtree;
        i = j + 1;
    }
    if (!found)
        throw Error(Exit::no_input, _f("'{}' is not in snapshot {}: list it with 'netsec-backup ls {}'", path,
                                       short_id(snap.id), short_id(snap.id)));
}

namespace {

// An open file descriptor, closed when dropped.
struct Fd {
    int fd = -1;
    Fd() = default;
    explicit Fd(int f) : fd(f) {}
    Fd(Fd&& o) noexcept : fd(std::exchange(o.fd, -1)) {}
    Fd& operator=(Fd&& o) noexcept {
        if (this != &o) {
            reset();
            fd = std::exchange(o.fd, -1);
        }
        return *this;
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { reset(); }
    void reset() {
        if (fd >= 0) ::close(fd);
        fd = -1;
    }
};

// A folder restore made and opened: the files queued for the writers keep it open.
using DirRef = std::shared_ptr<const Fd>;

// What restore refuses rather than replace or write through.
[[noreturn]] void refuse_existing(const std::string& shown) {
    throw Error(Exit::cant_create, _f("'{}' already exists: restore makes every entry new and never writes through or "
                                      "replaces what is there; restore into a new or empty folder",
                                      shown));
}

[[noreturn]] void cannot_create(const std::string& shown, int err) {
    if (err == EEXIST) refuse_existing(shown);
    throw Error(Exit::cant_create, _f("cannot create '{}': {}", shown, std::strerror(err)));
}

// Something restore made was replaced by something else before it was done with it (only a
// user who can write into --to can do that, and only there).
[[noreturn]] void changed_under_us(const std::string& shown) {
    throw Error(Exit::cant_create,
                _f("'{}' was replaced while restore made it: restore into a folder only you can write to", shown));
}

timespec mtime_of(const Node& n) { return timespec{n.mtime_sec, long(n.mtime_nsec)}; }

// The folder `name` in `parent`, opened without following a link; with `want`, only when it
// is that folder (device and inode).
Fd open_dir_at(int parent, const std::string& name, const std::string& shown, const struct stat* want) {
    int fd = ::openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ELOOP || errno == ENOTDIR || errno == ENOENT) changed_under_us(shown);
        throw Error(Exit::cant_create, _f("cannot open the folder '{}': {}", shown, std::strerror(errno)));
    }
    Fd out(fd);
    if (want) {
        struct stat st {};
        if (::fstat(fd, &st) != 0 || st.st_dev != want->st_dev || st.st_ino != want->st_ino) changed_under_us(shown);
    }
    return out;
}

// Writes restored files on worker threads (a file each at a time), so reading, opening,
// decrypting and writing overlap across cores. The walk (folders, links, the order) stays on
// the calling thread. Every file is created new (O_EXCL, O_NOFOLLOW) in a folder restore made,
// through that folder's descriptor: never by a path.
class FileWriters {
public:
    FileWriters(Repository& repo, RestoreResult& r, unsigned threads) : repo_(repo), r_(r) {
        for (unsigned i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
    }
    ~FileWriters() {
        try {
            finish();
        } catch (...) {
        }
    }

    void submit(DirRef dir, std::string name, std::string shown, std::string rel, Node node) {
        std::unique_lock lock(m_);
        room_.wait(lock, [&] { return queue_.size() < 256 || failure_; });
        if (failure_) return;
        queue_.push_back({std::move(dir), std::move(name), std::move(shown), std::move(rel), std::move(node)});
        ready_.notify_one();
    }

    void finish() {
        {
            std::lock_guard lock(m_);
            done_ = true;
            ready_.notify_all();
        }
        for (auto& t : workers_)
            if (t.joinable()) t.join();
        workers_.clear();
        if (failure_) {
            auto f = failure_;
            failure_ = nullptr;
            std::rethrow_exception(f);
        }
    }

    std::uint64_t bytes_done() const { return bytes_; }

    // The file made for a link group's first member (device and inode), once written.
    std::optional<std::pair<dev_t, ino_t>> made(std::uint64_t link_group) {
        std::lock_guard lock(result_m_);
        auto it = made_.find(link_group);
        if (it == made_.end()) return std::nullopt;
        return it->second;
    }

    // Restores one file's bytes and metadata as `name` in `dir` (also called on the walking
    // thread for hard links that could not be made).
    void write_file(int dir, const std::string& name, const std::string& shown, const std::string& rel, const Node& n,
                    Reader* reader) {
        int raw = ::openat(dir, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (raw < 0) cannot_create(shown, errno);
        Fd fd(raw);
        thread_local Buffer data;
        bool damaged = false;
        std::uint64_t off = 0, written = 0;
        for (const auto& id : n.content) {
            try {
                repo_.read_blob_into(id, data, reader);
            } catch (const Error&) {
                damaged = true;
                auto loc = repo_.find(id);
                std::uint64_t len = loc ? loc->raw_length : 0;
                off += len; // a hole where the damaged chunk was
                if (len) ::ftruncate(fd.fd, off_t(off));
                continue;
            }
            std::size_t w = 0;
            while (w < data.size()) {
                ssize_t k = ::pwrite(fd.fd, data.data() + w, data.size() - w, off_t(off + w));
                if (k < 0 && errno == EINTR) continue;
                if (k < 0) throw Error(Exit::io, _f("cannot write '{}': {}", shown, std::strerror(errno)));
                w += std::size_t(k);
            }
            off += data.size();
            written += data.size();
            bytes_ += data.size();
        }
        if (data.capacity() > (8u << 20)) data.release();
        std::string warning;
        if (root_ && ::fchown(fd.fd, n.uid, n.gid) != 0)
            warning = _f("cannot set the owner of '{}': {}", shown, std::strerror(errno));
        ::fchmod(fd.fd, n.mode);
        timespec ts[2] = {mtime_of(n), mtime_of(n)};
        ::futimens(fd.fd, ts);
        struct stat st {};
        if (n.link_group) ::fstat(fd.fd, &st);
        if (::close(std::exchange(fd.fd, -1)) != 0)
            throw Error(Exit::io, _f("cannot write '{}': {}", shown, std::strerror(errno)));
        std::lock_guard lock(result_m_);
        if (n.link_group) made_.emplace(n.link_group, std::make_pair(st.st_dev, st.st_ino));
        if (damaged) r_.damaged.push_back(rel);
        if (!warning.empty()) r_.warnings.push_back(std::move(warning));
        ++r_.files;
        r_.bytes += written;
    }

private:
    struct Task {
        DirRef dir;
        std::string name, shown, rel;
        Node node;
    };

    void work() {
        auto reader = repo_.storage().reader();
        for (;;) {
            Task t;
            {
                std::unique_lock lock(m_);
                ready_.wait(lock, [&] { return !queue_.empty() || done_ || failure_; });
                if (queue_.empty() || failure_) return;
                t = std::move(queue_.front());
                queue_.pop_front();
                room_.notify_one();
            }
            try {
                write_file(t.dir->fd, t.name, t.shown, t.rel, t.node, reader.get());
            } catch (...) {
                std::lock_guard lock(m_);
                if (!failure_) failure_ = std::current_exception();
                room_.notify_all();
                ready_.notify_all();
            }
        }
    }

    Repository& repo_;
    RestoreResult& r_;
    const bool root_ = ::geteuid() == 0;
    std::mutex m_, result_m_;
    std::condition_variable ready_, room_;
    std::deque<Task> queue_;
    bool done_ = false;
    std::exception_ptr failure_;
    std::atomic<std::uint64_t> bytes_{0};
    std::vector<std::thread> workers_;
    std::map<std::uint64_t, std::pair<dev_t, ino_t>> made_; // link group -> its first file
};

std::pair<std::string, std::string> split_parent(const std::string& rel) {
    auto slash = rel.rfind('/');
    if (slash == std::string::npos) return {"", rel};
    return {rel.substr(0, slash), rel.substr(slash + 1)};
}

// One restore: everything it makes is made new below the folder `root_` it opened, through the
// descriptors of folders it made itself (checked by device and inode whenever one is opened
// again), so no link, planted or restored, is ever followed, and nothing it did not make has its
// mode, owner or times changed.
class Restorer {
public:
    Restorer(Repository& repo, const Snapshot& snap, std::vector<std::string> sel, const std::string& to,
             const ProgressFn& progress, RestoreResult& r)
        : repo_(repo), snap_(snap), sel_(std::move(sel)), to_(to), progress_(progress), r_(r),
          writers_(repo, r, std::max(2u, std::thread::hardware_concurrency())) {}

    void run() {
        root_ = std::make_shared<const Fd>(open_to());
        // Every top-level entry must be new: refused before anything is written, not half-way.
        for (const auto& n : decode_tree(repo_.read_blob(snap_.tree))) {
            bool ancestor_only = false;
            if (!selected(n.name, sel_, ancestor_only)) continue;
            struct stat st {};
            if (::fstatat(root_->fd, n.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) refuse_existing(shown(n.name));
        }
        walk(root_, snap_.tree, "", 0);
        writers_.finish();
        report();
        std::sort(r_.damaged.begin(), r_.damaged.end()); // written in parallel: name them in a stable order
        for (const auto& s : sel_)
            if (std::find(seen_.begin(), seen_.end(), s) == seen_.end())
                throw Error(Exit::no_input, _f("'{}' is not in snapshot {}: list it with 'netsec-backup ls {}'", s,
                                               short_id(snap_.id), short_id(snap_.id)));
        make_later_links();
        finish_dirs();
    }

private:
    struct MadeDir {
        std::size_t depth;
        std::string name, rel;
        Node node;
        struct stat st;
        bool finish; // its own mode, owner and times (not a folder only leading to a chosen path)
    };
    struct LaterLink {
        std::string first, rel;
        Node node;
    };

    std::string shown(const std::string& rel) const { return to_ + "/" + rel; }
    // Whether others may write into `dir` (--to, when shared). The owner of what restore made
    // there is checked: on a file system that gives root's files to nobody (NFS), only there.
    bool exposed(int dir) const { return shared_to_ && dir == root_->fd; }
    bool exposed(const DirRef& dir) const { return exposed(dir->fd); }

    void report() {
        if (progress_) progress_(writers_.bytes_done(), 0);
    }

    // --to: made (0700) when missing; else an existing folder, not a link to one.
    Fd open_to() {
        std::string to = to_;
        while (to.size() > 1 && to.back() == '/') to.pop_back();
        bool made = ::mkdir(to.c_str(), 0700) == 0;
        if (!made && errno != EEXIST)
            throw Error(Exit::cant_create, _f("cannot create the folder '{}': {}", to_, std::strerror(errno)));
        int fd = ::open(to.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0 && (errno == ELOOP || errno == ENOTDIR))
            throw Error(
                Exit::cant_create,
                _f("'{}' is not a folder (a symbolic link or a file): restore into a new or empty folder", to_));
        if (fd < 0) throw Error(Exit::cant_create, _f("cannot open the folder '{}': {}", to_, std::strerror(errno)));
        Fd out(fd);
        struct stat st {};
        if (::fstat(fd, &st) != 0)
            throw Error(Exit::cant_create, _f("cannot open the folder '{}': {}", to_, std::strerror(errno)));
        if (made && st.st_uid != ::geteuid()) changed_under_us(to_);
        // Others can put things into it (a shared drill folder): what restore makes there is
        // checked to be its own. Below, every folder is restore's own and private (0700) until
        // the end, so nothing else can.
        shared_to_ = st.st_uid != ::geteuid() || (st.st_mode & 022) != 0;
        return out;
    }

    void walk(const DirRef& dir, const Id& tree, const std::string& prefix, std::size_t depth) {
        for (auto& n : decode_tree(repo_.read_blob(tree))) {
            std::string rel = join(prefix, n.name);
            bool ancestor_only = false;
            if (!selected(rel, sel_, ancestor_only)) continue;
            for (const auto& s : sel_)
                if (s == rel) seen_.push_back(s);
            if (n.type == NodeType::dir) {
                if (::mkdirat(dir->fd, n.name.c_str(), 0700) != 0) cannot_create(shown(rel), errno);
                auto sub = std::make_shared<const Fd>(open_dir_at(dir->fd, n.name, shown(rel), nullptr));
                struct stat st {};
                if (::fstat(sub->fd, &st) != 0 || (exposed(dir) && st.st_uid != ::geteuid()))
                    changed_under_us(shown(rel));
                Id subtree = n.subtree;
                made_dirs_.push_back({depth, n.name, rel, std::move(n), st, !ancestor_only});
                walk(sub, subtree, rel, depth + 1);
                continue;
            }
            if (ancestor_only) continue;
            make_entry(dir, rel, std::move(n));
        }
    }

    void make_entry(const DirRef& dir, const std::string& rel, Node n) {
        const std::string& name = n.name;
        switch (n.type) {
        case NodeType::file:
            if (n.link_group) {
                auto it = links_.find(n.link_group);
                if (it != links_.end()) {
                    later_links_.push_back({it->second, rel, std::move(n)});
                    return;
                }
                links_.emplace(n.link_group, rel);
            }
            {
                std::string file_name = name; // before `n` moves: arguments have no order
                writers_.submit(dir, std::move(file_name), shown(rel), rel, std::move(n));
            }
            report();
            return;
        case NodeType::symlink:
            if (::symlinkat(n.target.c_str(), dir->fd, name.c_str()) != 0) cannot_create(shown(rel), errno);
            break;
        case NodeType::fifo:
            if (::mkfifoat(dir->fd, name.c_str(), 0600) != 0) cannot_create(shown(rel), errno);
            break;
        case NodeType::chardev:
        case NodeType::blockdev:
            if (::mknodat(dir->fd, name.c_str(), (n.type == NodeType::chardev ? S_IFCHR : S_IFBLK) | 0600,
                          dev_t(n.rdev)) != 0) {
                if (errno == EEXIST) refuse_existing(shown(rel));
                r_.warnings.push_back(_f("cannot create the device '{}': {}", shown(rel), std::strerror(errno)));
                return;
            }
            break;
        case NodeType::dir: return;
        }
        set_meta(dir->fd, rel, n);
    }

    // Owner, mode (not of links) and time of a link, FIFO or device just made as `n.name` in
    // `dir`: through a descriptor of what was made (O_PATH), never by its name again.
    void set_meta(int dir, const std::string& rel, const Node& n) {
        int raw = ::openat(dir, n.name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC);
        if (raw < 0) changed_under_us(shown(rel));
        Fd fd(raw);
        struct stat st {};
        bool link = n.type == NodeType::symlink;
        if (::fstat(fd.fd, &st) != 0 || (exposed(dir) && st.st_uid != ::geteuid()) ||
            (link ? !S_ISLNK(st.st_mode) : S_ISLNK(st.st_mode)) || S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
            changed_under_us(shown(rel));
        if (root_user_ && ::fchownat(fd.fd, "", n.uid, n.gid, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) != 0)
            r_.warnings.push_back(_f("cannot set the owner of '{}': {}", shown(rel), std::strerror(errno)));
        std::string proc = "/proc/self/fd/" + std::to_string(fd.fd);
        if (!link) ::chmod(proc.c_str(), n.mode); // the magic link is the file itself, not a path
        timespec ts[2] = {mtime_of(n), mtime_of(n)};
        if (::utimensat(fd.fd, "", ts, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) == 0) return;
        if (!link) {
            ::utimensat(AT_FDCWD, proc.c_str(), ts, 0);
            return;
        }
        // a kernel without AT_EMPTY_PATH here: by its name, when it is still the link made
        struct stat now {};
        if (::fstatat(dir, n.name.c_str(), &now, AT_SYMLINK_NOFOLLOW) == 0 && now.st_dev == st.st_dev &&
            now.st_ino == st.st_ino)
            ::utimensat(dir, n.name.c_str(), ts, AT_SYMLINK_NOFOLLOW);
    }

    // The folder `rel` (restore's own) below --to, opened component by component through
    // folders restore made, never through a link; "" is --to.
    DirRef open_made(const std::string& rel) {
        if (rel.empty()) return root_;
        if (cache_ && cache_rel_ == rel) return cache_;
        DirRef at = root_;
        std::size_t i = 0;
        std::string sofar;
        while (i <= rel.size()) {
            std::size_t j = rel.find('/', i);
            if (j == std::string::npos) j = rel.size();
            std::string part = rel.substr(i, j - i);
            sofar = join(sofar, part);
            at = std::make_shared<const Fd>(open_dir_at(at->fd, part, shown(sofar), nullptr));
            i = j + 1;
        }
        struct stat st {};
        if (::fstat(at->fd, &st) != 0 || !made_ids_.count({st.st_dev, st.st_ino})) changed_under_us(shown(rel));
        cache_rel_ = rel;
        cache_ = at;
        return at;
    }

    // Hard links after the first, once every file is written: a link to the file restore made,
    // or else a copy.
    void make_later_links() {
        if (later_links_.empty()) return;
        for (const auto& d : made_dirs_) made_ids_.insert({d.st.st_dev, d.st.st_ino});
        auto reader = repo_.storage().reader();
        for (const auto& l : later_links_) {
            auto [first_dir, first_name] = split_parent(l.first);
            auto [dir_rel, name] = split_parent(l.rel);
            DirRef from = open_made(first_dir);
            DirRef into = open_made(dir_rel);
            auto made = writers_.made(l.node.link_group);
            struct stat st {};
            bool same = made && ::fstatat(from->fd, first_name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                        S_ISREG(st.st_mode) && st.st_dev == made->first && st.st_ino == made->second;
            if (same && ::linkat(from->fd, first_name.c_str(), into->fd, name.c_str(), 0) == 0) continue;
            if (same && errno == EEXIST) refuse_existing(shown(l.rel));
            writers_.write_file(into->fd, name, shown(l.rel), l.rel, l.node, reader.get()); // as a copy
        }
        report();
    }

    // Folders' owners, modes and times, deepest first (so a folder's time is not undone by its
    // children), each reopened through its parent and checked to be the folder restore made.
    void finish_dirs() {
        cache_.reset();
        struct Open {
            Fd fd;
            const MadeDir* dir;
        };
        std::vector<Open> stack;
        auto close_top = [&] {
            Open& top = stack.back();
            const MadeDir& d = *top.dir;
            if (d.finish) {
                if (root_user_ && ::fchown(top.fd.fd, d.node.uid, d.node.gid) != 0)
                    r_.warnings.push_back(_f("cannot set the owner of '{}': {}", shown(d.rel), std::strerror(errno)));
                ::fchmod(top.fd.fd, d.node.mode);
                timespec ts[2] = {mtime_of(d.node), mtime_of(d.node)};
                ::futimens(top.fd.fd, ts);
            }
            stack.pop_back();
        };
        for (const auto& d : made_dirs_) {
            while (stack.size() > d.depth) close_top();
            int parent = stack.empty() ? root_->fd : stack.back().fd.fd;
            stack.push_back({open_dir_at(parent, d.name, shown(d.rel), &d.st), &d});
        }
        while (!stack.empty()) close_top();
    }

    Repository& repo_;
    const Snapshot& snap_;
    std::vector<std::string> sel_;
    std::string to_;
    const ProgressFn& progress_;
    RestoreResult& r_;
    const bool root_user_ = ::geteuid() == 0;
    DirRef root_;
    bool shared_to_ = true;
    std::vector<std::string> seen_;
    std::map<std::uint64_t, std::string> links_; // link group -> first restored path
    std::vector<LaterLink> later_links_;         // made once every file is written
    std::vector<MadeDir> made_dirs_;             // parents first, as walked
    std::set<std::pair<dev_t, ino_t>> made_ids_;
    DirRef cache_;
    std::string cache_rel_;
    FileWriters writers_; // last: its threads stop before the rest goes
};

} // namespace

RestoreResult restore_snapshot(Repository& repo, const Snapshot& snap, const std::vector<std::string>& paths,
                               const std::string& to, const ProgressFn& progress) {
    RestoreResult r;
    std::vector<std::string> sel;
    for (const auto& p : paths) sel.push_back(trim_slashes(p));
    Restorer(repo, snap, std::move(sel), to, progress, r).run();
    return r;
}

} // namespace netsec::backup
