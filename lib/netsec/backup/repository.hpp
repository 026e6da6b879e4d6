// A backup repository: its config and key, the blobs packed in its data files, the index
// that finds them, its snapshots, and the lock that keeps to one writer. Format: see
// netsec-backup(5). Needs no policy and no store; prints nothing.
#pragma once
#include "netsec/backup/chunker.hpp"
#include "netsec/backup/crypto.hpp"
#include "netsec/backup/storage.hpp"

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace netsec::backup {

enum class BlobType { data, tree };

// Where one blob is stored.
struct BlobLoc {
    Id pack{};
    BlobType type = BlobType::data;
    std::uint64_t offset = 0;
    std::uint32_t length = 0;     // stored bytes
    std::uint32_t raw_length = 0; // plaintext bytes
};

struct PackEntry {
    Id id{};
    BlobLoc loc;
};

struct Snapshot {
    Id id{};          // SHA-256 of the snapshot file: its name
    std::string time; // RFC 3339 UTC with nanoseconds
    std::string hostname, username, job;
    std::vector<std::string> paths;
    Id tree{};
    std::optional<Id> parent;
    std::uint64_t files = 0, bytes = 0, added_bytes = 0;
};

// Where the passphrase comes from; called only when the repository is encrypted.
using PassphraseFn = std::function<std::string()>;

// Creates an empty repository in `dir` (which must be missing or empty), encrypted when
// `passphrase` is given. Throws Error(cant_create) when `dir` holds anything.
void init_repository(const std::string& dir, const std::optional<std::string>& passphrase);

// Whether `dir` holds a repository (its config file).
bool is_repository(const std::string& dir);

// Wraps the master key of the encrypted repository `dir` under `new_passphrase`, replacing its
// key file at once (a killed change leaves the old file or the new, never neither), under the
// repository's lock. Nothing else changes: snapshots, packs and copies stay as they are. Returns
// false when `new_passphrase` opens it already (a second run after a partial change), true
// when changed. Throws Error(no_perm) when neither passphrase opens it, Error(usage) when it
// is not encrypted, Error(temp_fail) when another writer holds it beyond `lock_wait` seconds.
bool change_passphrase(const std::string& dir, const std::string& old_passphrase, const std::string& new_passphrase,
                       int lock_wait, const std::function<void(const std::string&)>& notice);

class RepositoryLock;

class Repository {
public:
    // Opens the repository in `dir` and loads its index, for reading. Throws Error(no_input)
    // when `dir` is not a repository and Error(no_perm) when the passphrase is wrong. To write,
    // take a RepositoryLock on it: the lock reads the index again under it.
    Repository(const std::string& dir, const PassphraseFn& passphrase);
    Repository(const Repository&) = delete;
    Repository& operator=(const Repository&) = delete;

    Storage& storage() { return *storage_; }
    const Sealer& sealer() const { return sealer_; }
    const ChunkSizes& chunk_sizes() const { return sizes_; }
    std::string location() const { return storage_->location(); }
    bool encrypted() const { return sealer_.encrypted(); }
    // Whether this process holds the repository's lock through a RepositoryLock on it: every
    // operation that writes (run_backup, prune_repository, copy_repository) requires it.
    bool locked() const { return locked_; }
    int compression = 3;

    // Where blob `id` is stored, from the loaded index.
    std::optional<BlobLoc> find(const Id& id) const;
    // Whether an index entry is within what this repository writes: a data blob is a chunk, at
    // most the chunker's maximum (stored: a kind byte, a nonce and a tag more). A damaged index
    // claiming more is refused before anything is allocated or decompressed for it.
    bool plausible(const BlobLoc& loc) const;
    // The plaintext of blob `id`; throws Error(data) naming it when missing or damaged.
    std::string read_blob(const Id& id);
    // The same into `out` (its memory reused), through `reader` when given (one per thread).
    void read_blob_into(const Id& id, Buffer& out, Reader* reader = nullptr);

    // Stores a blob unless the repository has it (or another thread is storing it); returns the
    // stored bytes it added (0 when it was there). Thread-safe.
    std::uint64_t add_blob(BlobType type, const Id& id, std::string_view plain);
    // Stores blob `id` in a new pack even though the index has it (prune, moving it out of a
    // pack that will be deleted).
    void add_blob_again(BlobType type, const Id& id, std::string_view plain);
    // Moves blob `id` into a new pack as its stored bytes are (sealing binds a blob to its id,
    // not to its pack), after checking them: nothing is decompressed and compressed again.
    // Throws Error(data) when the blob is damaged.
    void repack_blob(const Id& id, Reader* reader = nullptr);
    // Writes one index file naming every pack in the loaded index but those in `leaving`;
    // returns its name ("index/…").
    std::string write_full_index(const std::set<Id>& leaving);
    // Writes the pack being filled and an index file naming every pack written since the last
    // flush. A snapshot referring to new blobs may be saved only after this.
    void flush();

    // Every snapshot, oldest first; unreadable ones throw Error(data).
    std::vector<Snapshot> snapshots();
    // `ref` as a unique id prefix, or "latest"; throws Error(no_input) / Error(usage).
    Snapshot find_snapshot(const std::string& ref);
    // Stores `s` (its id is set on return).
    void save_snapshot(Snapshot& s);

    // Every pack named by the index, with its blobs.
    std::unordered_map<Id, std::vector<PackEntry>, IdHash> packs_in_index() const;
    // Parses a whole pack file: its blobs, from its own header. Throws Error(data).
    std::vector<PackEntry> read_pack_header(const Id& pack, std::string_view bytes) const;
    static std::string pack_name(const Id& pack);

private:
    friend class RepositoryLock;
    // Loads the index files not loaded yet; when one loaded before is gone (a prune replaced
    // them), forgets everything and loads the index anew.
    void load_index();
    std::set<std::string> index_files_; // the index files loaded
    bool locked_ = false;
    BlobLoc read_checked(const Id& id, Buffer& stored, Buffer& plain, Reader* reader);

    std::unique_ptr<Storage> storage_;
    Sealer sealer_{std::nullopt};
    ChunkSizes sizes_;
    std::unordered_map<Id, BlobLoc, IdHash> index_;
    mutable std::mutex mutex_; // index_, claimed_, new_packs_
    std::unordered_set<Id, IdHash> claimed_;
    // The pack being filled, per blob type (data and trees fill packs of their own: damaged
    // data never hides a listing). Blobs stream to its file as they come: no pack is held
    // in memory.
    struct OpenPack {
        std::unique_ptr<Upload> upload;
        Sha256Stream hash;
        std::uint64_t size = 0;
        std::vector<PackEntry> entries;
    };
    void close_pack(OpenPack p);
    // Appends sealed bytes to the open pack of `type`; returns their size. The id is claimed.
    std::uint64_t append_sealed(BlobType type, const Id& id, std::string_view stored, std::uint32_t raw_length);
    std::mutex pack_mutex_[2];
    OpenPack open_[2];
    std::vector<std::pair<Id, std::vector<PackEntry>>> new_packs_;
};

// One writer per repository: a lock file naming host, pid, time and a random token. Waits up to
// `wait_seconds` for another holder, then throws Error(temp_fail); breaks a lock whose pid is
// dead on this host, or that is older than `stale_seconds`, telling `notice` so. Breaking is
// atomic: a lock is removed only inside Storage::exclusively, after reading it again, so of
// many processes finding one stale lock exactly one removes it, and only one creates the next
// (write_once). Released on destruction only while the lock file is still this one's.
class RepositoryLock {
public:
    // The lock of the repository in `storage` alone (a copy's destination, passwd).
    RepositoryLock(Storage& storage, int wait_seconds, const std::function<void(const std::string&)>& notice,
                   long stale_seconds = 24 * 3600);
    // The lock of `repo`, for writing it: once held, what interrupted writes left is removed and
    // the index is read again, so a run that opened the repository while a prune held the lock
    // sees what the prune deleted. `repo` is locked() until this is destroyed.
    RepositoryLock(Repository& repo, int wait_seconds, const std::function<void(const std::string&)>& notice,
                   long stale_seconds = 24 * 3600);
    ~RepositoryLock();
    RepositoryLock(const RepositoryLock&) = delete;
    RepositoryLock& operator=(const RepositoryLock&) = delete;

private:
    void release() noexcept;
    Storage& storage_;
    Repository* repo_ = nullptr;
    std::string held_; // the bytes of our lock file
};

// The time now as RFC 3339 UTC with nanoseconds.
std::string now_rfc3339_ns();

} // namespace netsec::backup
