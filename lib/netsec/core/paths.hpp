// Paths and file modes: where the running binary lives, resolving a path against a folder,
// private folders and files, and writing a file whole or not at all.
#pragma once
#include <optional>
#include <string>
#include <sys/types.h>

namespace netsec::paths {

// The folder holding the running executable ("" when /proc is not mounted).
std::string executable_dir();

// `path` as is when absolute, else joined to `base` (a folder).
std::string resolve(const std::string& base, const std::string& path);

// The folder part of `path` ("." when it has none).
std::string parent(const std::string& path);

// Who may read what netsec keeps: the owner alone (0700/0600), or also one group (0750/0640).
struct Privacy {
    std::optional<gid_t> group;
    mode_t dir_mode() const { return group ? 0750 : 0700; }
    mode_t file_mode() const { return group ? 0640 : 0600; }
};

// Creates `dir` and missing parents with `mode` (existing folders are left as they are);
// throws Error(cant_create) naming the folder that could not be made.
void make_dirs(const std::string& dir, mode_t mode);

// Creates `dir` and missing parents, then sets the privacy mode on `dir` (and its group).
// Throws Error(cant_create) naming the folder.
void make_private_dir(const std::string& dir, const Privacy& privacy);

// Sets mode and group of an existing file; throws Error(io).
void set_private_file(const std::string& file, const Privacy& privacy);

// Writes `content` to a temporary beside `file`, fsyncs, and renames it over `file` with
// `mode`; throws Error(cant_create). A reader never sees a half-written file.
void write_file_atomic(const std::string& file, const std::string& content, mode_t mode);

// The whole file; throws Error(no_input) when it cannot be read.
std::string read_file(const std::string& file);

bool exists(const std::string& path);

} // namespace netsec::paths
