// Reading snapshots back: walking them, restoring them to a folder, exporting them as tar.
#include "netsec/backup/backup.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <set>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace netsec::backup {
namespace {

std::string join(const std::string& a, const std::string& b) { return a.empty() ? b : a + "/" + b; }

void walk_tree(Repository& repo, const Id& tree, const std::string& prefix, const std::function<void(const Entry&)>& visit) {
    for (auto& n : decode_tree(repo.read_blob(tree))) {
        Entry e{join(prefix, n.name), std::move(n)};
        visit(e);
        if (e.node.type == NodeType::dir) walk_tree(repo, e.node.subtree, e.path, visit);
    }
}

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

void set_times(const std::string& path, const Node& n) {
    timespec ts[2];
    ts[0].tv_sec = n.mtime_sec;
    ts[0].tv_nsec = n.mtime_nsec;
    ts[1] = ts[0];
    ::utimensat(AT_FDCWD, path.c_str(), ts, AT_SYMLINK_NOFOLLOW);
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

// Writes restored files on worker threads (a file each at a time), so reading, opening,
// decrypting and writing overlap across cores. The walk (folders, links, the order) stays on
// the calling thread.
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

    void submit(std::string path, std::string rel, Node node) {
        std::unique_lock lock(m_);
        room_.wait(lock, [&] { return queue_.size() < 256 || failure_; });
        if (failure_) return;
        queue_.push_back({std::move(path), std::move(rel), std::move(node)});
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

    // Restores one file's bytes and metadata (also called on the walking thread for links that
    // could not be made).
    void write_file(const std::string& path, const std::string& rel, const Node& n, Reader* reader) {
        int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0 && errno == EEXIST) {
            ::unlink(path.c_str()); // never write through what is there (a link, a hard link)
            fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        }
        if (fd < 0) throw Error(Exit::cant_create, _f("cannot create '{}': {}", path, std::strerror(errno)));
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
                if (len) ::ftruncate(fd, off_t(off));
                continue;
            }
            std::size_t w = 0;
            while (w < data.size()) {
                ssize_t k = ::pwrite(fd, data.data() + w, data.size() - w, off_t(off + w));
                if (k < 0 && errno == EINTR) continue;
                if (k < 0) {
                    int e = errno;
                    ::close(fd);
                    throw Error(Exit::io, _f("cannot write '{}': {}", path, std::strerror(e)));
                }
                w += std::size_t(k);
            }
            off += data.size();
            written += data.size();
            bytes_ += data.size();
        }
        if (data.capacity() > (8u << 20)) data.release();
        std::string warning;
        if (root_ && ::fchown(fd, n.uid, n.gid) != 0)
            warning = _f("cannot set the owner of '{}': {}", path, std::strerror(errno));
        ::fchmod(fd, n.mode);
        timespec ts[2] = {{n.mtime_sec, long(n.mtime_nsec)}, {n.mtime_sec, long(n.mtime_nsec)}};
        ::futimens(fd, ts);
        if (::close(fd) != 0) throw Error(Exit::io, _f("cannot write '{}': {}", path, std::strerror(errno)));
        std::lock_guard lock(result_m_);
        if (damaged) r_.damaged.push_back(rel);
        if (!warning.empty()) r_.warnings.push_back(std::move(warning));
        ++r_.files;
        r_.bytes += written;
    }

private:
    struct Task {
        std::string path, rel;
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
                write_file(t.path, t.rel, t.node, reader.get());
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
};

} // namespace

RestoreResult restore_snapshot(Repository& repo, const Snapshot& snap, const std::vector<std::string>& paths,
                               const std::string& to, const ProgressFn& progress) {
    RestoreResult r;
    std::vector<std::string> sel;
    for (const auto& p : paths) sel.push_back(trim_slashes(p));
    if (::mkdir(to.c_str(), 0700) != 0 && errno != EEXIST)
        throw Error(Exit::cant_create, _f("cannot create the folder '{}': {}", to, std::strerror(errno)));
    const bool root = ::geteuid() == 0;
    std::map<std::uint64_t, std::string> links; // link group -> first restored path
    struct LaterLink {
        std::string first, path, rel;
        Node node;
    };
    std::vector<LaterLink> later_links;              // made once every file is written
    std::vector<std::pair<std::string, Node>> dirs; // finished last: modes and times
    std::vector<std::string> seen;
    auto owner = [&](const std::string& path, const Node& n) {
        if (root && ::lchown(path.c_str(), n.uid, n.gid) != 0)
            r.warnings.push_back(_f("cannot set the owner of '{}': {}", path, std::strerror(errno)));
    };
    unsigned threads = std::max(2u, std::thread::hardware_concurrency());
    FileWriters writers(repo, r, threads);
    auto report = [&] {
        if (progress) progress(writers.bytes_done(), 0);
    };
    walk_tree(repo, snap.tree, "", [&](const Entry& e) {
        bool ancestor_only = false;
        if (!selected(e.path, sel, ancestor_only)) return;
        for (const auto& s : sel)
            if (s == e.path) seen.push_back(s);
        std::string path = to + "/" + e.path;
        const Node& n = e.node;
        if (n.type == NodeType::dir) {
            if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
                struct stat st {};
                if (::lstat(path.c_str(), &st) == 0 && !S_ISDIR(st.st_mode) && ::unlink(path.c_str()) == 0 &&
                    ::mkdir(path.c_str(), 0700) == 0) {
                } else
                    throw Error(Exit::cant_create, _f("cannot create the folder '{}': {}", path, std::strerror(errno)));
            }
            if (!ancestor_only) dirs.emplace_back(path, n);
            return;
        }
        if (ancestor_only) return;
        switch (n.type) {
        case NodeType::file: {
            if (n.link_group) {
                auto it = links.find(n.link_group);
                if (it != links.end()) {
                    later_links.push_back({it->second, path, e.path, n});
                    return;
                }
                links.emplace(n.link_group, path);
            }
            writers.submit(path, e.path, n);
            report();
            return;
        }
        case NodeType::symlink:
            if (::symlink(n.target.c_str(), path.c_str()) != 0) {
                if (errno != EEXIST || ::unlink(path.c_str()) != 0 || ::symlink(n.target.c_str(), path.c_str()) != 0)
                    throw Error(Exit::cant_create, _f("cannot create the link '{}': {}", path, std::strerror(errno)));
            }
            owner(path, n);
            set_times(path, n);
            return;
        case NodeType::fifo:
            ::unlink(path.c_str());
            if (::mkfifo(path.c_str(), 0600) != 0)
                throw Error(Exit::cant_create, _f("cannot create '{}': {}", path, std::strerror(errno)));
            break;
        case NodeType::chardev:
        case NodeType::blockdev:
            ::unlink(path.c_str());
            if (::mknod(path.c_str(), (n.type == NodeType::chardev ? S_IFCHR : S_IFBLK) | 0600, dev_t(n.rdev)) != 0) {
                r.warnings.push_back(_f("cannot create the device '{}': {}", path, std::strerror(errno)));
                return;
            }
            break;
        case NodeType::dir: break;
        }
        owner(path, n);
        ::chmod(path.c_str(), n.mode);
        set_times(path, n);
    });
    writers.finish();
    report();
    std::sort(r.damaged.begin(), r.damaged.end()); // written in parallel: name them in a stable order
    for (const auto& s : sel)
        if (std::find(seen.begin(), seen.end(), s) == seen.end())
            throw Error(Exit::no_input, _f("'{}' is not in snapshot {}: list it with 'netsec-backup ls {}'", s,
                                           short_id(snap.id), short_id(snap.id)));
    if (!later_links.empty()) {
        auto reader = repo.storage().reader();
        for (const auto& l : later_links) {
            ::unlink(l.path.c_str());
            if (::link(l.first.c_str(), l.path.c_str()) == 0) continue;
            writers.write_file(l.path, l.rel, l.node, reader.get()); // as a copy
        }
        report();
    }
    // Deepest first, so setting a folder's time is not undone by its children.
    for (auto it = dirs.rbegin(); it != dirs.rend(); ++it) {
        owner(it->first, it->second);
        ::chmod(it->first.c_str(), it->second.mode);
        set_times(it->first, it->second);
    }
    return r;
}

// --- tar -------------------------------------------------------------------------------------

namespace {

void octal(char* field, std::size_t width, std::uint64_t value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%0*llo", int(width - 1), static_cast<unsigned long long>(value));
    std::memcpy(field, buf, width - 1); // callers check the value fits; the last byte stays NUL
}

bool fits_octal(std::uint64_t v, std::size_t width) { return v < (std::uint64_t(1) << (3 * (width - 1))); }

bool plain_ascii(const std::string& s) {
    for (unsigned char c : s)
        if (c < 0x20 || c > 0x7e) return false;
    return true;
}

void pax_record(std::string& out, const std::string& key, const std::string& value) {
    std::size_t body = 1 + key.size() + 1 + value.size() + 1; // ' ' key '=' value '\n'
    std::size_t len = body + 1;
    while (std::to_string(len).size() + body != len) ++len;
    out += std::to_string(len) + " " + key + "=" + value + "\n";
}

std::string header(const std::string& name, char type, const Node& n, std::uint64_t size, const std::string& link) {
    char h[512] = {};
    std::memcpy(h, name.data(), std::min<std::size_t>(name.size(), 100));
    octal(h + 100, 8, n.mode & 07777);
    octal(h + 108, 8, fits_octal(n.uid, 8) ? n.uid : 0);
    octal(h + 116, 8, fits_octal(n.gid, 8) ? n.gid : 0);
    octal(h + 124, 12, fits_octal(size, 12) ? size : 0);
    std::uint64_t mt = n.mtime_sec < 0 ? 0 : std::uint64_t(n.mtime_sec);
    octal(h + 136, 12, fits_octal(mt, 12) ? mt : 0);
    h[156] = type;
    std::memcpy(h + 157, link.data(), std::min<std::size_t>(link.size(), 100));
    std::memcpy(h + 257, "ustar", 6);
    std::memcpy(h + 263, "00", 2);
    if (type == '3' || type == '4') {
        octal(h + 329, 8, major(dev_t(n.rdev)));
        octal(h + 337, 8, minor(dev_t(n.rdev)));
    }
    std::memset(h + 148, ' ', 8);
    unsigned sum = 0;
    for (unsigned char c : h) sum += c;
    std::snprintf(h + 148, 8, "%06o", sum);
    h[155] = ' ';
    return std::string(h, 512);
}

} // namespace

namespace {

// Walks a snapshot and reads its files' chunks on a thread of its own, a bounded way ahead of
// the consumer, which takes the items in order: each entry, then (files) one item per chunk.
class Prefetch {
public:
    struct Item {
        Entry entry;                 // when not a chunk
        std::unique_ptr<Buffer> data; // a chunk of the file before
        std::exception_ptr error;    // reading failed: thrown when reached
        bool chunk = false, end = false;
    };

    Prefetch(Repository& repo, const Snapshot& snap) : repo_(repo) {
        thread_ = std::thread([this, tree = snap.tree] { produce(tree); });
    }
    ~Prefetch() {
        {
            std::lock_guard lock(m_);
            stop_ = true;
            room_.notify_all();
        }
        if (thread_.joinable()) thread_.join();
    }

    Item next() {
        std::unique_lock lock(m_);
        ready_.wait(lock, [&] { return !items_.empty(); });
        Item it = std::move(items_.front());
        items_.pop_front();
        if (it.data) held_ -= it.data->size();
        room_.notify_all();
        return it;
    }

    // Gives back a chunk's buffer once written out.
    void recycle(std::unique_ptr<Buffer> b) {
        if (!b || b->capacity() > (8u << 20)) return;
        std::lock_guard lock(m_);
        if (free_.size() < 4) free_.push_back(std::move(b));
    }

private:
    struct Stopped {};

    std::unique_ptr<Buffer> buffer() {
        std::lock_guard lock(m_);
        if (free_.empty()) return std::make_unique<Buffer>();
        auto b = std::move(free_.back());
        free_.pop_back();
        return b;
    }

    void push(Item it) {
        std::size_t bytes = it.data ? it.data->size() : 0;
        std::unique_lock lock(m_);
        room_.wait(lock, [&] { return held_ < limit_ || items_.empty() || stop_; });
        if (stop_) throw Stopped{};
        held_ += bytes;
        items_.push_back(std::move(it));
        ready_.notify_one();
    }

    void produce(const Id& tree) {
        auto reader = repo_.storage().reader();
        std::set<std::uint64_t> groups;
        try {
            walk_tree(repo_, tree, "", [&](const Entry& e) {
                Item it;
                it.entry = e;
                push(std::move(it));
                // A hard link after the first is written without its bytes (as the consumer does).
                if (e.node.type != NodeType::file || (e.node.link_group && !groups.insert(e.node.link_group).second))
                    return;
                for (const auto& id : e.node.content) {
                    Item c;
                    c.chunk = true;
                    c.data = buffer();
                    try {
                        repo_.read_blob_into(id, *c.data, reader.get());
                    } catch (const Error&) {
                        c.error = std::current_exception();
                        c.data.reset();
                    }
                    push(std::move(c));
                }
            });
            Item end;
            end.end = true;
            push(std::move(end));
        } catch (const Stopped&) {
        } catch (...) {
            Item it;
            it.error = std::current_exception();
            it.end = true;
            std::lock_guard lock(m_);
            items_.push_back(std::move(it));
            ready_.notify_one();
        }
    }

    Repository& repo_;
    std::mutex m_;
    std::condition_variable ready_, room_;
    std::deque<Item> items_;
    std::vector<std::unique_ptr<Buffer>> free_;
    std::size_t held_ = 0;
    const std::size_t limit_ = 8u << 20;
    bool stop_ = false;
    std::thread thread_;
};

} // namespace

void export_tar(Repository& repo, const Snapshot& snap, const std::function<void(std::string_view)>& sink) {
    std::map<std::uint64_t, std::string> links;
    std::string pad(512, '\0');
    Prefetch ahead(repo, snap);
    for (;;) {
        Prefetch::Item item = ahead.next();
        if (item.end) {
            if (item.error) std::rethrow_exception(item.error);
            break;
        }
        const Entry& e = item.entry;
        const Node& n = e.node;
        std::string name = e.path + (n.type == NodeType::dir ? "/" : "");
        char type = '0';
        std::string link;
        std::uint64_t size = 0;
        switch (n.type) {
        case NodeType::file:
            size = n.size;
            if (n.link_group) {
                auto it = links.find(n.link_group);
                if (it != links.end()) {
                    type = '1';
                    link = it->second;
                    size = 0;
                } else {
                    links.emplace(n.link_group, e.path);
                }
            }
            break;
        case NodeType::dir: type = '5'; break;
        case NodeType::symlink: type = '2'; link = n.target; break;
        case NodeType::fifo: type = '6'; break;
        case NodeType::chardev: type = '3'; break;
        case NodeType::blockdev: type = '4'; break;
        }
        // Names go into pax records as their raw bytes; GNU tar takes them as they are.
        std::string pax;
        if (name.size() > 100 || !plain_ascii(name)) pax_record(pax, "path", name);
        if (link.size() > 100 || !plain_ascii(link)) pax_record(pax, "linkpath", link);
        if (n.mtime_nsec != 0 || n.mtime_sec < 0 || !fits_octal(std::uint64_t(n.mtime_sec), 12)) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%lld.%09u", static_cast<long long>(n.mtime_sec), n.mtime_nsec);
            pax_record(pax, "mtime", buf);
        }
        if (!fits_octal(size, 12)) pax_record(pax, "size", std::to_string(size));
        if (!fits_octal(n.uid, 8)) pax_record(pax, "uid", std::to_string(n.uid));
        if (!fits_octal(n.gid, 8)) pax_record(pax, "gid", std::to_string(n.gid));
        if (!pax.empty()) {
            Node pn = n;
            pn.mode = 0644;
            std::string pname = "PaxHeaders/" + std::to_string(e.path.size());
            sink(header(pname, 'x', pn, pax.size(), ""));
            sink(pax);
            if (pax.size() % 512) sink(std::string_view(pad).substr(0, 512 - pax.size() % 512));
        }
        // Names that do not fit are cut in the ustar header; the pax record above holds them whole.
        sink(header(name.substr(0, 100), type, n, size, link.substr(0, 100)));
        if (type != '0') continue;
        std::uint64_t written = 0;
        for (std::size_t i = 0; i < n.content.size(); ++i) { // the chunks follow their file's entry
            Prefetch::Item c = ahead.next();
            if (c.error) std::rethrow_exception(c.error);
            sink(c.data->view());
            written += c.data->size();
            ahead.recycle(std::move(c.data));
        }
        if (written != size) throw Error(Exit::data, _f("'{}' in snapshot {} has the wrong size", e.path, short_id(snap.id)));
        if (size % 512) sink(std::string_view(pad).substr(0, 512 - size % 512));
    }
    sink(std::string(1024, '\0'));
}

} // namespace netsec::backup
