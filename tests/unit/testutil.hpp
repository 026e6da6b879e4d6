// Shared fixtures for the unit tests: a fresh temporary folder per case, and a policy in it.
#pragma once
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace netsec::test {

// A temporary folder removed when the case ends.
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "netsec-unit-XXXXXX").string();
        path = ::mkdtemp(tmpl.data());
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    std::string file(const std::string& name) const { return (path / name).string(); }
};

inline void write(const std::string& file, const std::string& text) { std::ofstream(file, std::ios::binary) << text; }

// A small valid policy; `extra` is appended (top-level keys).
inline std::string minimal_policy(const std::string& extra = "") {
    return "school:\n"
           "  name: 测试小学\n"
           "organization:\n"
           "  leader: {name: 张校长}\n"
           "  network_administrators: [{name: 赵老师}]\n"
           "  security_officers: [{name: 王主任}]\n"
           "operators:\n"
           "  - {user: alice, level: admin}\n"
           "  - {group: teachers, level: viewer}\n" +
           extra;
}

} // namespace netsec::test
