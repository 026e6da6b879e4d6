// Inside the audit module: reading a host's configuration files under the context's root, for
// the host checks (check_*.cpp). Nothing here runs a program or asks a service.
#pragma once
#include <functional>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace netsec::audit::host {

// The lines of a file with # comments and blank lines removed.
std::vector<std::string> config_lines(const std::string& file);
// The whitespace-separated words of `line`.
std::vector<std::string> words(const std::string& line);
bool is_dir(const std::string& path);
// Regular files in `dir` whose names match `pattern`, sorted.
std::vector<std::string> files_in(const std::string& dir, const char* pattern = "*");
// Calls `visit` with every regular file under `dir`, `depth` folders deep, at most 20,000 of them.
void each_file(const std::string& dir, int depth, std::size_t& seen,
               const std::function<void(const std::string& full, const std::string& name, const struct stat&)>& visit);

} // namespace netsec::audit::host
