// Reading a host's configuration files under the context's root, for the host checks.
#include "netsec/audit/host_files.hpp"
#include "netsec/audit/checks_host.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"
#include "netsec/core/syslog_time.hpp"
#include "netsec/core/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <dirent.h>
#include <fnmatch.h>
#include <fstream>
#include <functional>
#include <glob.h>
#include <map>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <zlib.h>

namespace netsec::audit::host {

using timeutil::Duration;
using timeutil::format_duration;

using text::lower_ascii;
using text::trim;

// The lines of a file with # comments and blank lines removed.
std::vector<std::string> config_lines(const std::string& file) {
    std::vector<std::string> out;
    std::istringstream in(paths::read_file(file));
    for (std::string line; std::getline(in, line);) {
        auto hash = line.find('#');
        if (hash != std::string::npos) line.erase(hash);
        line = trim(line);
        if (!line.empty()) out.push_back(line);
    }
    return out;
}

std::vector<std::string> words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

bool is_dir(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// Regular files in `dir` whose names match `pattern`, sorted.
std::vector<std::string> files_in(const std::string& dir, const char* pattern) {
    std::vector<std::string> out;
    DIR* d = ::opendir(dir.c_str());
    if (!d) return out;
    while (dirent* e = ::readdir(d)) {
        std::string name = e->d_name;
        if (name == "." || name == ".." || ::fnmatch(pattern, name.c_str(), 0) != 0) continue;
        struct stat st {};
        std::string full = dir + "/" + name;
        if (::stat(full.c_str(), &st) == 0 && S_ISREG(st.st_mode)) out.push_back(full);
    }
    ::closedir(d);
    std::sort(out.begin(), out.end());
    return out;
}

// Calls `visit` with every regular file under `dir`, `depth` folders deep, at most 20,000 of them.
void each_file(const std::string& dir, int depth, std::size_t& seen,
               const std::function<void(const std::string& full, const std::string& name, const struct stat&)>& visit) {
    DIR* d = ::opendir(dir.c_str());
    if (!d) return;
    while (dirent* e = ::readdir(d)) {
        std::string name = e->d_name;
        if (name == "." || name == ".." || seen > 20000) continue;
        std::string full = dir + "/" + name;
        struct stat st {};
        if (::lstat(full.c_str(), &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
            if (depth > 0) each_file(full, depth - 1, seen, visit);
        } else if (S_ISREG(st.st_mode)) {
            ++seen;
            visit(full, name, st);
        }
    }
    ::closedir(d);
}

} // namespace netsec::audit::host
