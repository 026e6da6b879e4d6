#include "netsec/backup/storage.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

namespace netsec::backup {
namespace {

const std::string temp_marker = ".tmp-";

std::string err() { return std::strerror(errno); }

// A new private file in `folder` under a name no other user can guess (".tmp-" and 16 random
// hex digits), created with O_EXCL|O_NOFOLLOW: a file or link planted in the folder is never
// opened. Sets `path`; returns the open descriptor.
int create_temp(const std::string& folder, std::string& path) {
    for (int attempt = 0; attempt < 16; ++attempt) {
        unsigned char rnd[8];
        std::size_t got = 0;
        while (got < sizeof rnd) {
            ssize_t n = ::getrandom(rnd + got, sizeof rnd - got, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) throw Error(Exit::software, _f("cannot read random bytes: {}", err()));
            got += std::size_t(n);
        }
        static const char hex[] = "0123456789abcdef";
        path = folder + "/" + temp_marker;
        for (unsigned char c : rnd) {
            path += hex[c >> 4];
            path += hex[c & 15];
        }
        int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd >= 0) return fd;
        if (errno != EEXIST) break;
    }
    throw Error(Exit::cant_create, _f("cannot create '{}': {}", path, err()));
}

void fsync_dir(const std::string& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

// Makes the folder `dir` of the repository at `root` (or the root itself): the folders from the
// root down are private (0700), like the files in them; the root's parents, when missing, are
// made as mkdir -p makes them. Folders that exist keep their mode.
void make_dirs(const std::string& root, const std::string& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path top = fs::path(root).lexically_normal();
    if (!top.has_filename() && top.has_parent_path()) top = top.parent_path(); // "R/"
    if (top.has_parent_path()) fs::create_directories(top.parent_path(), ec);
    if (ec)
        throw Error(Exit::cant_create,
                    _f("cannot create the folder '{}': {}", top.parent_path().string(), ec.message()));
    fs::path at = top;
    auto mk = [&](const fs::path& p) {
        if (::mkdir(p.c_str(), 0700) != 0 && errno != EEXIST)
            throw Error(Exit::cant_create, _f("cannot create the folder '{}': {}", p.string(), std::strerror(errno)));
    };
    mk(at);
    for (const auto& part : fs::path(dir).lexically_normal().lexically_relative(top)) {
        if (part == "." || part.empty()) continue;
        at /= part;
        mk(at);
    }
}

// Appends to a temporary file in the repository's folder and links it to its name at commit.
class LocalUpload : public Upload {
public:
    LocalUpload(std::string root, std::string tmp, int fd) : root_(std::move(root)), tmp_(std::move(tmp)), fd_(fd) {}
    ~LocalUpload() override {
        if (fd_ >= 0) ::close(fd_);
        if (!tmp_.empty()) ::unlink(tmp_.c_str());
    }

    void append(std::string_view data) override {
        std::size_t done = 0;
        while (done < data.size()) {
            ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) throw Error(Exit::io, _f("cannot write '{}': {}", tmp_, err()));
            done += std::size_t(n);
        }
        written_ += data.size();
        // Start writing back every few megabytes, so the fsync at commit finds little left.
        if (written_ - flushed_ >= (4u << 20)) {
            ::sync_file_range(fd_, off_t(flushed_), off_t(written_ - flushed_), SYNC_FILE_RANGE_WRITE);
            flushed_ = written_;
        }
    }

    bool commit(const std::string& rel) override {
        std::string name = root_ + "/" + rel;
        int rc = ::fsync(fd_);
        int rc2 = ::close(fd_);
        fd_ = -1;
        if (rc != 0 || rc2 != 0) throw Error(Exit::io, _f("cannot write '{}': {}", tmp_, err()));
        std::string folder = std::filesystem::path(name).parent_path().string();
        if (::access(folder.c_str(), F_OK) != 0) make_dirs(root_, folder);
        rc = ::link(tmp_.c_str(), name.c_str());
        int link_errno = errno;
        ::unlink(tmp_.c_str());
        tmp_.clear();
        if (rc != 0) {
            if (link_errno == EEXIST) return false;
            throw Error(Exit::cant_create, _f("cannot create '{}': {}", name, std::strerror(link_errno)));
        }
        fsync_dir(folder);
        return true;
    }

private:
    std::string root_, tmp_;
    int fd_;
    std::uint64_t written_ = 0, flushed_ = 0;
};

// Keeps the bytes until commit: any storage can take uploads through write_once.
class MemoryUpload : public Upload {
public:
    explicit MemoryUpload(Storage& s) : s_(s) {}
    void append(std::string_view data) override { bytes_ += data; }
    bool commit(const std::string& name) override { return s_.write_once(name, bytes_); }

private:
    Storage& s_;
    std::string bytes_;
};

class PlainReader : public Reader {
public:
    explicit PlainReader(Storage& s) : s_(s) {}
    void read_at(const std::string& name, std::uint64_t offset, std::uint64_t length, char* dst) override {
        std::string bytes = s_.read(name, offset, length);
        std::memcpy(dst, bytes.data(), bytes.size());
    }

private:
    Storage& s_;
};

class LocalReader : public Reader {
public:
    explicit LocalReader(std::string root) : root_(std::move(root)) {}
    ~LocalReader() override {
        if (fd_ >= 0) ::close(fd_);
    }
    void read_at(const std::string& name, std::uint64_t offset, std::uint64_t length, char* dst) override {
        if (fd_ < 0 || name != name_) {
            if (fd_ >= 0) ::close(fd_);
            name_.clear();
            std::string path = root_ + "/" + name;
            fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
            if (fd_ < 0) {
                if (errno == ENOENT) throw Error(Exit::no_input, _f("'{}' is missing", path));
                throw Error(Exit::io, _f("cannot read '{}': {}", path, err()));
            }
            name_ = name;
        }
        std::uint64_t got = 0;
        while (got < length) {
            ssize_t n = ::pread(fd_, dst + got, length - got, off_t(offset + got));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            got += std::uint64_t(n);
        }
        if (got != length)
            throw Error(Exit::io, _f("'{}/{}' is shorter than expected ({} of {} bytes at {})", root_, name, got,
                                     length, offset));
    }

private:
    std::string root_, name_;
    int fd_ = -1;
};

class LocalStorage : public Storage {
public:
    explicit LocalStorage(std::string dir) : dir_(std::move(dir)) {}

    std::vector<std::string> list(const std::string& folder) override {
        std::vector<std::string> out;
        walk(folder, out);
        return out;
    }

    std::string read(const std::string& name, std::uint64_t offset, std::uint64_t length) override {
        std::string path = dir_ + "/" + name;
        int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            if (errno == ENOENT) throw Error(Exit::no_input, _f("'{}' is missing", path));
            throw Error(Exit::io, _f("cannot read '{}': {}", path, err()));
        }
        struct stat st {};
        ::fstat(fd, &st);
        std::uint64_t file_size = std::uint64_t(st.st_size);
        if (offset > file_size) offset = file_size;
        std::uint64_t want = length == std::uint64_t(-1) ? file_size - offset : length;
        if (want > file_size - offset) { // a damaged index's length: refuse before allocating it
            ::close(fd);
            throw Error(Exit::io, _f("'{}' is shorter than expected ({} of {} bytes at {})", path, file_size - offset,
                                     want, offset));
        }
        std::string out(want, '\0');
        std::uint64_t got = 0;
        while (got < want) {
            ssize_t n = ::pread(fd, out.data() + got, want - got, off_t(offset + got));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            got += std::uint64_t(n);
        }
        ::close(fd);
        if (got != want)
            throw Error(Exit::io, _f("'{}' is shorter than expected ({} of {} bytes at {})", path, got, want, offset));
        return out;
    }

    bool write_once(const std::string& name, std::string_view data) override {
        std::string path = dir_ + "/" + name;
        std::string folder = std::filesystem::path(path).parent_path().string();
        std::string tmp = write_temp(folder, data);
        // link() refuses an existing name: write-once without a window for a half file.
        int rc = ::link(tmp.c_str(), path.c_str());
        int link_errno = errno;
        ::unlink(tmp.c_str());
        if (rc != 0) {
            if (link_errno == EEXIST) return false;
            throw Error(Exit::cant_create, _f("cannot create '{}': {}", path, std::strerror(link_errno)));
        }
        fsync_dir(folder);
        return true;
    }

    void replace(const std::string& name, std::string_view data) override {
        std::string path = dir_ + "/" + name;
        std::string folder = std::filesystem::path(path).parent_path().string();
        std::string tmp = write_temp(folder, data);
        if (::rename(tmp.c_str(), path.c_str()) != 0) {
            std::string e = err();
            ::unlink(tmp.c_str());
            throw Error(Exit::cant_create, _f("cannot replace '{}': {}", path, e));
        }
        fsync_dir(folder);
    }

    // `data` in a new private file in `folder` (made when missing), synced; returns its path.
    std::string write_temp(const std::string& folder, std::string_view data) {
        if (::access(folder.c_str(), F_OK) != 0) make_dirs(dir_, folder);
        std::string tmp;
        int fd = create_temp(folder, tmp);
        std::size_t done = 0;
        while (done < data.size()) {
            ssize_t n = ::write(fd, data.data() + done, data.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                std::string e = err();
                ::close(fd);
                ::unlink(tmp.c_str());
                throw Error(Exit::io, _f("cannot write '{}': {}", tmp, e));
            }
            done += std::size_t(n);
        }
        if (::fsync(fd) != 0 || ::close(fd) != 0) {
            std::string e = err();
            ::unlink(tmp.c_str());
            throw Error(Exit::io, _f("cannot write '{}': {}", tmp, e));
        }
        return tmp;
    }

    std::unique_ptr<Reader> reader() override { return std::make_unique<LocalReader>(dir_); }

    std::unique_ptr<Upload> upload(const std::string& folder) override {
        std::string dir = dir_ + "/" + folder;
        if (::access(dir.c_str(), F_OK) != 0) make_dirs(dir_, dir);
        std::string tmp;
        int fd = create_temp(dir, tmp);
        return std::make_unique<LocalUpload>(dir_, tmp, fd);
    }

    void remove(const std::string& name) override {
        std::string path = dir_ + "/" + name;
        if (::unlink(path.c_str()) != 0 && errno != ENOENT)
            throw Error(Exit::io, _f("cannot delete '{}': {}", path, err()));
    }

    std::uint64_t size(const std::string& name) override {
        std::string path = dir_ + "/" + name;
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) throw Error(Exit::no_input, _f("'{}' is missing", path));
        return std::uint64_t(st.st_size);
    }

    void exclusively(const std::string& name, const std::function<void()>& fn) override {
        std::string path = dir_ + "/" + name;
        int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0) throw Error(Exit::cant_create, _f("cannot create '{}': {}", path, err()));
        // A folder whose file system has no locks (some network mounts) still runs `fn`: its
        // callers check again what they change, which narrows the window to almost nothing.
        while (::flock(fd, LOCK_EX) != 0 && errno == EINTR) {
        }
        try {
            fn();
        } catch (...) {
            ::close(fd);
            throw;
        }
        ::close(fd); // releases the lock; the kernel does so too when the process dies
    }

    void clean_unfinished() override {
        std::error_code ec;
        for (auto it = std::filesystem::recursive_directory_iterator(dir_, ec);
             !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
            std::string base = it->path().filename().string();
            if (base.rfind(temp_marker, 0) == 0) std::filesystem::remove(it->path(), ec);
        }
    }

    std::string location() const override { return dir_; }

private:
    void walk(const std::string& rel, std::vector<std::string>& out) {
        std::string path = dir_ + "/" + rel;
        DIR* d = ::opendir(path.c_str());
        if (!d) return;
        while (dirent* e = ::readdir(d)) {
            std::string n = e->d_name;
            if (n == "." || n == ".." || n.rfind(temp_marker, 0) == 0) continue;
            std::string child = rel + "/" + n;
            bool is_dir = e->d_type == DT_DIR;
            if (e->d_type == DT_UNKNOWN) {
                struct stat st {};
                is_dir = ::stat((dir_ + "/" + child).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
            }
            if (is_dir)
                walk(child, out);
            else
                out.push_back(child);
        }
        ::closedir(d);
    }

    std::string dir_;
};

} // namespace

std::unique_ptr<Reader> Storage::reader() { return std::make_unique<PlainReader>(*this); }

std::unique_ptr<Upload> Storage::upload(const std::string&) { return std::make_unique<MemoryUpload>(*this); }

void Storage::exclusively(const std::string&, const std::function<void()>& fn) { fn(); }

std::unique_ptr<Storage> open_local_storage(const std::string& dir) { return std::make_unique<LocalStorage>(dir); }

} // namespace netsec::backup
