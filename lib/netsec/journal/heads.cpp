#include "netsec/journal/heads.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace netsec::journal {

void record_head(const std::string& file, const Head& head, timeutil::Instant now) {
    int fd = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) throw Error(Exit::cant_create, _f("cannot write the heads file '{}': {}", file, std::strerror(errno)));
    struct stat st;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error(Exit::cant_create, _f("the heads file '{}' is not a regular file", file));
    }
    std::string line = format_head(head) + " " + timeutil::format_rfc3339(now) + "\n";
    bool ok = paths::write_all(fd, line.data(), line.size()) && ::fsync(fd) == 0;
    int saved = errno;
    if (::close(fd) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (!ok) throw Error(Exit::cant_create, _f("cannot write the heads file '{}': {}", file, std::strerror(saved)));
}

std::optional<RecordedHead> newest_recorded_head(const std::string& file) {
    struct stat st;
    if (::lstat(file.c_str(), &st) != 0 && errno == ENOENT) return std::nullopt;
    std::string text = paths::read_file(file);
    std::optional<RecordedHead> newest;
    std::size_t number = 0;
    for (std::size_t start = 0; start < text.size();) {
        auto nl = text.find('\n', start);
        std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        start = nl == std::string::npos ? text.size() : nl + 1;
        ++number;
        auto space = line.find(' ');
        RecordedHead r;
        r.line = number;
        try {
            if (space == std::string::npos) throw Error(Exit::data, "");
            r.head = parse_head(line.substr(0, space));
            r.time = line.substr(space + 1);
            timeutil::parse_time(r.time, "UTC");
        } catch (const Error&) {
            throw Error(Exit::data, _f("{}:{}: not a head as 'netsec-journal head --record' writes it (SEQ:HASH TIME): "
                                       "'{}'",
                                       file, number, line));
        }
        if (!newest || r.head.seq >= newest->head.seq) newest = r;
    }
    return newest;
}

} // namespace netsec::journal
