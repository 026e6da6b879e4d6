#include "netsec/core/paths.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace netsec::paths {

std::string executable_dir() {
    char buf[PATH_MAX];
    ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return "";
    return parent(std::string(buf, std::size_t(n)));
}

std::string resolve(const std::string& base, const std::string& path) {
    if (path.empty() || path[0] == '/' || base.empty()) return path;
    if (base == ".") return path;
    return base.back() == '/' ? base + path : base + "/" + path;
}

std::string parent(const std::string& path) {
    auto slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

bool exists(const std::string& path) {
    struct stat st;
    return ::lstat(path.c_str(), &st) == 0;
}

void make_dirs(const std::string& dir, mode_t mode) {
    std::size_t pos = 0;
    while (pos != std::string::npos) {
        pos = dir.find('/', pos + 1);
        std::string partial = dir.substr(0, pos);
        if (partial.empty()) continue;
        if (::mkdir(partial.c_str(), mode) != 0 && errno != EEXIST)
            throw Error(Exit::cant_create, _f("cannot create folder '{}': {}", partial, std::strerror(errno)));
    }
}

void make_private_dir(const std::string& dir, const Privacy& privacy) {
    make_dirs(parent(dir), 0755);
    if (::mkdir(dir.c_str(), privacy.dir_mode()) != 0 && errno != EEXIST)
        throw Error(Exit::cant_create, _f("cannot create folder '{}': {}", dir, std::strerror(errno)));
    struct stat st;
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        throw Error(Exit::cant_create, _f("'{}' is not a folder", dir));
    if (privacy.group && ::chown(dir.c_str(), (uid_t)-1, *privacy.group) != 0)
        throw Error(Exit::cant_create, _f("cannot give folder '{}' to its group: {}", dir, std::strerror(errno)));
    if ((st.st_mode & 07777) != privacy.dir_mode() && ::chmod(dir.c_str(), privacy.dir_mode()) != 0)
        throw Error(Exit::cant_create, _f("cannot make folder '{}' private: {}", dir, std::strerror(errno)));
}

void set_private_file(const std::string& file, const Privacy& privacy) {
    if (privacy.group && ::chown(file.c_str(), (uid_t)-1, *privacy.group) != 0)
        throw Error(Exit::io, _f("cannot give '{}' to its group: {}", file, std::strerror(errno)));
    if (::chmod(file.c_str(), privacy.file_mode()) != 0)
        throw Error(Exit::io, _f("cannot make '{}' private: {}", file, std::strerror(errno)));
}

int create_new_file(const std::string& file, mode_t mode) {
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode & 07777);
    if (fd < 0) throw Error(Exit::cant_create, _f("cannot create '{}': {}", file, std::strerror(errno)));
    if (::fchmod(fd, mode & 07777) != 0) { // the umask may have taken bits the caller asked for
        int e = errno;
        ::close(fd);
        ::unlink(file.c_str());
        throw Error(Exit::cant_create, _f("cannot create '{}': {}", file, std::strerror(e)));
    }
    return fd;
}

bool write_all(int fd, const void* data, std::size_t size) {
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        ssize_t n = ::write(fd, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) {
            errno = EIO;
            return false;
        }
        p += n;
        size -= std::size_t(n);
    }
    return true;
}

void write_atomic_at(int dirfd, const std::string& name, mode_t mode, const std::string& shown,
                     const std::function<bool(int fd)>& fill) {
    // A random suffix and O_CREAT|O_EXCL|O_NOFOLLOW: the temporary's name cannot be planted in
    // advance, and whatever stands at a name is never opened.
    std::string tmp;
    int fd = -1;
    for (int attempt = 0; fd < 0 && attempt < 100; ++attempt) {
        unsigned char random[8];
        if (::getentropy(random, sizeof random) != 0)
            throw Error(Exit::cant_create, _f("cannot write '{}': {}", shown, std::strerror(errno)));
        tmp = "." + name + ".";
        for (unsigned char b : random) tmp += "0123456789abcdef"[b >> 4], tmp += "0123456789abcdef"[b & 15];
        fd = ::openat(dirfd, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0 && errno != EEXIST)
            throw Error(Exit::cant_create, _f("cannot write '{}': {}", shown, std::strerror(errno)));
    }
    if (fd < 0) throw Error(Exit::cant_create, _f("cannot write '{}': {}", shown, std::strerror(EEXIST)));
    bool ok = ::fchmod(fd, mode & 07777) == 0 && fill(fd) && ::fsync(fd) == 0;
    int saved = errno;
    if (::close(fd) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    // renameat replaces whatever is at `name` (a symlink itself, not what it points to).
    if (ok && ::renameat(dirfd, tmp.c_str(), dirfd, name.c_str()) != 0) {
        ok = false;
        saved = errno;
    }
    if (!ok) {
        ::unlinkat(dirfd, tmp.c_str(), 0);
        throw Error(Exit::cant_create, _f("cannot write '{}': {}", shown, std::strerror(saved)));
    }
}

void write_file_atomic(const std::string& file, const std::string& content, mode_t mode) {
    auto slash = file.find_last_of('/');
    std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : file.substr(0, slash);
    std::string name = slash == std::string::npos ? file : file.substr(slash + 1);
    int dirfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0) throw Error(Exit::cant_create, _f("cannot write '{}': {}", file, std::strerror(errno)));
    try {
        write_atomic_at(dirfd, name, mode, file, [&](int fd) { return write_all(fd, content.data(), content.size()); });
    } catch (...) {
        ::close(dirfd);
        throw;
    }
    ::close(dirfd);
}

int open_dirs_beneath(int dirfd, const std::string& rel, mode_t mode, const std::string& shown) {
    int fd = ::fcntl(dirfd, F_DUPFD_CLOEXEC, 0);
    if (fd < 0) throw Error(Exit::cant_create, _f("cannot create folder '{}': {}", shown, std::strerror(errno)));
    std::size_t pos = 0;
    while (pos < rel.size()) {
        auto slash = rel.find('/', pos);
        std::string part = rel.substr(pos, slash == std::string::npos ? std::string::npos : slash - pos);
        pos = slash == std::string::npos ? rel.size() : slash + 1;
        if (part.empty() || part == ".") continue;
        int e = 0;
        if (part == "..")
            e = EINVAL;
        else if (::mkdirat(fd, part.c_str(), mode) != 0 && errno != EEXIST)
            e = errno;
        int next = e ? -1 : ::openat(fd, part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (!e && next < 0) e = errno;
        ::close(fd);
        if (e) throw Error(Exit::cant_create, _f("cannot create folder '{}': {}", shown, std::strerror(e)));
        fd = next;
    }
    return fd;
}

std::string read_fd(int fd, const std::string& name, std::size_t max_bytes) {
    auto too_large = [&] {
        return Error(Exit::data,
                     _f("'{}' holds more than {} bytes, the most netsec reads from one file", name, max_bytes));
    };
    struct stat st;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && std::uint64_t(st.st_size) > max_bytes) throw too_large();
    std::string out;
    char buf[1 << 16];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw Error(Exit::io, _f("cannot read '{}': {}", name, std::strerror(errno)));
        if (n == 0) break;
        if (out.size() + std::size_t(n) > max_bytes) throw too_large();
        out.append(buf, std::size_t(n));
    }
    return out;
}

std::string read_file(const std::string& file, std::size_t max_bytes) {
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(Exit::no_input, _f("cannot read '{}': {}", file, std::strerror(errno)));
    struct stat st;
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        ::close(fd);
        throw Error(Exit::no_input, _f("cannot read '{}': {}", file, std::strerror(EISDIR)));
    }
    try {
        std::string out = read_fd(fd, file, max_bytes);
        ::close(fd);
        return out;
    } catch (...) {
        ::close(fd);
        throw;
    }
}

} // namespace netsec::paths
