// A repository's lock: one writer at a time, stale locks broken atomically.
#include "netsec/backup/repository.hpp"
#include "netsec/backup/repository_format.hpp"
#include "netsec/backup/tree.hpp"

#include "netsec/core/caller.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>
#include <openssl/rand.h>
#include <optional>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace netsec::backup {

using namespace detail;

// --- lock ------------------------------------------------------------------------------------

namespace {

std::string lock_token() {
    unsigned char rnd[16];
    if (RAND_bytes(rnd, sizeof rnd) != 1) throw Error(Exit::software, _("libcrypto: no random bytes"));
    std::string out;
    static const char hex[] = "0123456789abcdef";
    for (unsigned char c : rnd) {
        out += hex[c >> 4];
        out += hex[c & 15];
    }
    return out;
}

// The name of the section in which a lock file is removed (Storage::exclusively).
const std::string lock_guard_name = "lock.break";

} // namespace

RepositoryLock::RepositoryLock(Storage& storage, int wait_seconds,
                               const std::function<void(const std::string&)>& notice, long stale_seconds)
    : storage_(storage) {
    std::string host = host_name();
    json me = {{"hostname", host}, {"pid", ::getpid()}, {"time", std::time(nullptr)}, {"token", lock_token()}};
    std::string mine = me.dump() + "\n";
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_seconds);
    for (;;) {
        if (storage_.write_once("lock", mine)) {
            held_ = mine;
            return;
        }
        // The holder, when its lock file reads as one (else it is being removed, or damaged:
        // look again).
        std::string seen;
        std::optional<long> pid;
        std::string h;
        long age = 0;
        try {
            seen = read_small(storage_, "lock");
            json holder = json::parse(seen);
            if (holder.is_object() && holder.contains("pid")) {
                long p = detail::json_integer<std::int32_t>(holder["pid"]);
                h = holder.value("hostname", "");
                // a lock without a time is as old as can be (stale); times beyond 2^40 s are damage
                std::int64_t since = 0;
                if (holder.contains("time"))
                    since = detail::json_integer<std::int64_t>(holder["time"], 0, std::int64_t(1) << 40);
                age = long(std::time(nullptr) - since);
                pid = p;
            }
        } catch (const Error& e) {
            if (e.code() == Exit::no_input) continue; // released since: try again at once
            pid.reset();
        } catch (const std::exception&) {
            pid.reset();
        }
        if (pid) {
            bool dead = h == host && *pid > 0 && ::kill(pid_t(*pid), 0) != 0 && errno == ESRCH;
            if (dead || age > stale_seconds) {
                // Atomic: inside the section, the lock is removed only when it is still the one
                // found stale (every lock file is unique by its token, and a new one can only
                // be created where none is). Of many finding it, one removes it; the others
                // find it gone or replaced, and all try to create theirs again.
                bool broke = false;
                storage_.exclusively(lock_guard_name, [&] {
                    std::string again;
                    try {
                        again = read_small(storage_, "lock");
                    } catch (const Error&) {
                        return;
                    }
                    if (again != seen) return;
                    storage_.remove("lock");
                    broke = true;
                });
                if (broke)
                    notice(dead ? _f("breaking the lock of '{}' left by process {} on '{}', which is gone",
                                     storage_.location(), *pid, h)
                                : _f("breaking the lock of '{}' held by process {} on '{}' for {} s (stale)",
                                     storage_.location(), *pid, h, age));
                continue;
            }
            if (std::chrono::steady_clock::now() >= deadline)
                throw Error(Exit::temp_fail,
                            _f("the repository '{}' is locked by process {} on '{}': try again when it has finished",
                               storage_.location(), *pid, h));
        } else if (std::chrono::steady_clock::now() >= deadline) {
            throw Error(Exit::temp_fail, _f("the repository '{}' is locked: try again later", storage_.location()));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

RepositoryLock::RepositoryLock(Repository& repo, int wait_seconds,
                               const std::function<void(const std::string&)>& notice, long stale_seconds)
    : RepositoryLock(repo.storage(), wait_seconds, notice, stale_seconds) {
    // From here this process is the only writer (a throw below still runs the destructor: the
    // delegated constructor has finished).
    storage_.clean_unfinished();
    repo.load_index(); // what the writer before us (a prune) changed since the repository was opened
    repo_ = &repo;
    repo.locked_ = true;
}

// Removes the lock file while it is ours: one broken as stale and taken by another stays.
void RepositoryLock::release() noexcept {
    try {
        storage_.exclusively(lock_guard_name, [&] {
            if (read_small(storage_, "lock") == held_) storage_.remove("lock");
        });
    } catch (...) {
    }
}

RepositoryLock::~RepositoryLock() {
    if (repo_) repo_->locked_ = false;
    release();
}

} // namespace netsec::backup
