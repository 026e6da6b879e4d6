// Where a backup repository's files live, behind four operations: list, read, write once,
// delete. Folders (an external disk, a NAS mount) today; an object store can follow.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace netsec::backup {

// A file being written piece by piece (a pack), stored under its name only by commit();
// dropped when destroyed uncommitted.
class Upload {
public:
    virtual ~Upload() = default;
    virtual void append(std::string_view data) = 0;
    // Stores what was appended under `name`, durable on return, as write_once does; false (and
    // nothing stored) when `name` exists already.
    virtual bool commit(const std::string& name) = 0;
};

// Reads pieces of files, keeping the last one open between reads (one per thread; for a
// command's lifetime, as files never change once named).
class Reader {
public:
    virtual ~Reader() = default;
    // Exactly `length` bytes of `name` from `offset` into `dst`; throws as Storage::read does.
    virtual void read_at(const std::string& name, std::uint64_t offset, std::uint64_t length, char* dst) = 0;
};

class Storage {
public:
    virtual ~Storage() = default;
    // Names (relative to the repository, e.g. "data/ab/ab12…") of the files under `folder`,
    // at any depth; an absent folder lists nothing. Unfinished writes are never listed.
    virtual std::vector<std::string> list(const std::string& folder) = 0;
    // `length` bytes from `offset` (all when length is npos); throws Error(no_input) when missing
    // and Error(io) when short.
    virtual std::string read(const std::string& name, std::uint64_t offset = 0,
                             std::uint64_t length = std::uint64_t(-1)) = 0;
    // Stores `data` under `name` whole or not at all, durable on return; false (and nothing
    // changed) when `name` exists already. Throws Error(cant_create) or Error(io).
    virtual bool write_once(const std::string& name, std::string_view data) = 0;
    // Replaces `name` with `data` whole or not at all (a reader sees the old file or the new),
    // durable on return. Only for the key file: every other file is written once.
    virtual void replace(const std::string& name, std::string_view data) = 0;
    // A reader of this storage's files. The default reads through read().
    virtual std::unique_ptr<Reader> reader();
    // A new file to be written piece by piece and committed under a name in `folder`. The
    // default keeps the bytes in memory until commit.
    virtual std::unique_ptr<Upload> upload(const std::string& folder);
    // Deletes `name`; a missing file is not an error.
    virtual void remove(const std::string& name) = 0;
    // The size of `name` in bytes; throws Error(no_input) when missing.
    virtual std::uint64_t size(const std::string& name) = 0;
    // Runs `fn` while no other process runs `fn` under the same `name` on this storage: a short
    // critical section (breaking a stale lock). The default excludes nothing; a local folder
    // holds flock() on the file `name`, which the kernel releases when the process dies.
    virtual void exclusively(const std::string& name, const std::function<void()>& fn);
    // Removes what interrupted writes left behind; call only while holding the repository lock.
    virtual void clean_unfinished() = 0;
    // Where the repository is, for messages.
    virtual std::string location() const = 0;
};

// A repository in a local folder (created by `write_once` as needed).
std::unique_ptr<Storage> open_local_storage(const std::string& dir);

} // namespace netsec::backup
