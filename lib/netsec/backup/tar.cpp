// Exporting a snapshot as a POSIX tar stream: headers, pax records, and the walk that reads
// files ahead of the writer.
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

using detail::walk_tree;

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
        Entry entry;                  // when not a chunk
        std::unique_ptr<Buffer> data; // a chunk of the file before
        std::exception_ptr error;     // reading failed: thrown when reached
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

// Whether the member `path` would land outside the folder tar extracts into: an absolute name,
// a component that is not a name (empty, ".", "..", a NUL byte), or a path through a symbolic
// link emitted before (in `symlinks`).
bool escapes(const std::string& path, const std::set<std::string>& symlinks) {
    std::size_t i = 0;
    for (;;) {
        std::size_t j = path.find('/', i);
        std::size_t end = j == std::string::npos ? path.size() : j;
        if (!valid_name(std::string_view(path).substr(i, end - i))) return true;
        if (j == std::string::npos) return false;
        if (symlinks.count(path.substr(0, j))) return true;
        i = j + 1;
    }
}

} // namespace

void export_tar(Repository& repo, const Snapshot& snap, const std::function<void(std::string_view)>& sink) {
    std::map<std::uint64_t, std::string> links;
    std::set<std::string> symlinks; // members emitted as symbolic links

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
        // The tree reader refuses what could escape; this holds the tar stream to it whatever
        // the walk gives.
        if (escapes(e.path, symlinks))
            throw Error(
                Exit::data,
                _f("'{}' in snapshot {} would land outside the folder it is extracted into: the snapshot is damaged",
                   e.path, short_id(snap.id)));
        if (n.type == NodeType::symlink) symlinks.insert(e.path);
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
        case NodeType::symlink:
            type = '2';
            link = n.target;
            break;
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
        if (written != size)
            throw Error(Exit::data, _f("'{}' in snapshot {} has the wrong size", e.path, short_id(snap.id)));
        if (size % 512) sink(std::string_view(pad).substr(0, 512 - size % 512));
    }
    sink(std::string(1024, '\0'));
}

} // namespace netsec::backup
