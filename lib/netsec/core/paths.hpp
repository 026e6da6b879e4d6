// Paths and file modes: where the running binary lives, resolving a path against a folder,
// private folders and files, and writing a file whole or not at all.
#pragma once
#include <functional>
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

// Creates `file` anew and opens it for writing with exactly `mode` (O_CREAT|O_EXCL|O_NOFOLLOW,
// then fchmod): never opens a file already at that name and never follows a symlink there, so
// what another user planted in a folder they can write is refused, not written through.
// Returns the descriptor (close-on-exec; the caller closes it); throws Error(cant_create)
// naming the file and the reason (EEXIST: "File exists").
int create_new_file(const std::string& file, mode_t mode);

// Writes all `size` bytes to `fd`, retrying short writes and EINTR; false with errno set
// (ENOSPC on a full disk) when it cannot.
bool write_all(int fd, const void* data, std::size_t size);

// Writes `content` to a new temporary with an unpredictable name beside `file` (created as
// create_new_file does, with `mode` set before the first byte), fsyncs it, and renames it over
// `file`. A reader never sees a half-written file; a symlink or file planted at `file` is
// replaced, never followed or written into. Throws Error(cant_create) naming `file`.
void write_file_atomic(const std::string& file, const std::string& content, mode_t mode);

// The same for `name` (no slash) in the open folder `dirfd`, with the bytes written by `fill`
// into the temporary's descriptor (it returns false with errno set when it cannot); `shown`
// names the file in messages.
void write_atomic_at(int dirfd, const std::string& name, mode_t mode, const std::string& shown,
                     const std::function<bool(int fd)>& fill);

// Opens the folder `rel` (relative, "a/b") beneath the open folder `dirfd`, creating missing
// folders with `mode` on the way, and never following a symlink: each step is opened with
// O_NOFOLLOW|O_DIRECTORY relative to the one before, so a link planted anywhere below `dirfd`
// is refused rather than walked out of. Returns the descriptor; throws Error(cant_create).
int open_dirs_beneath(int dirfd, const std::string& rel, mode_t mode, const std::string& shown);

// How much read_file reads at most unless told otherwise: more is refused before it is read.
inline constexpr std::size_t default_read_limit = std::size_t(128) << 20; // 128 MiB

// The whole file; throws Error(no_input) when it cannot be read, and Error(data) naming the
// file and the limit when it holds more than `max_bytes` (checked before anything is read when
// the size is known, and while reading otherwise, as for /proc files and pipes).
std::string read_file(const std::string& file, std::size_t max_bytes = default_read_limit);

// All of `fd` (e.g. standard input), up to `max_bytes`; `name` names it in the messages.
std::string read_fd(int fd, const std::string& name, std::size_t max_bytes = default_read_limit);

bool exists(const std::string& path);

} // namespace netsec::paths
