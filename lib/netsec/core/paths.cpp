#include "netsec/core/paths.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <cerrno>
#include <climits>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iterator>
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

void write_file_atomic(const std::string& file, const std::string& content, mode_t mode) {
    std::string tmp = file + ".tmp." + std::to_string(::getpid());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) throw Error(Exit::cant_create, _f("cannot write '{}': {}", file, std::strerror(errno)));
    const char* p = content.data();
    std::size_t left = content.size();
    bool ok = true;
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) { ok = false; break; }
        p += n;
        left -= std::size_t(n);
    }
    int saved = errno;
    ok = ok && ::fchmod(fd, mode) == 0 && ::fsync(fd) == 0;
    if (::close(fd) != 0) ok = false;
    if (!ok || ::rename(tmp.c_str(), file.c_str()) != 0) {
        if (ok) saved = errno;
        ::unlink(tmp.c_str());
        throw Error(Exit::cant_create, _f("cannot write '{}': {}", file, std::strerror(saved)));
    }
}

std::string read_file(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(Exit::no_input, _f("cannot read '{}': {}", file, std::strerror(errno)));
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

} // namespace netsec::paths
