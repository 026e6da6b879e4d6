// The policy's backup jobs: their passphrases and repositories, and the exit status of several
// results. The due rule, running, maintenance and status are in job_*.cpp.
#include "netsec/backup/jobs.hpp"
#include "netsec/backup/jobs_records.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace netsec::backup {

std::string read_passphrase_file(const std::string& file) {
    std::ifstream in(file);
    if (!in) throw Error(Exit::no_input, _f("cannot read the passphrase file '{}'", file));
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) throw Error(Exit::data, _f("the passphrase file '{}' is empty", file));
    return line;
}

PassphraseFn job_passphrase(const policy::BackupJob& job) {
    return [file = job.passphrase_file, name = job.name]() -> std::string {
        if (!file.empty()) return read_passphrase_file(file);
        throw Error(Exit::config,
                    _f("the repositories of job '{}' are encrypted but the job names no passphrase_file", name));
    };
}

std::unique_ptr<Repository> open_job_repository(const policy::BackupJob& job, const std::string& dest) {
    PassphraseFn pass = job_passphrase(job);
    if (job.passphrase_file.empty())
        pass = [&]() -> std::string {
            throw Error(Exit::config, _f("'{}' holds an encrypted repository but job '{}' names no passphrase_file: "
                                         "nothing was read or written; name the job's passphrase_file",
                                         dest, job.name));
        };
    auto repo = std::make_unique<Repository>(dest, pass);
    if (!job.passphrase_file.empty() && !repo->encrypted())
        throw Error(Exit::config,
                    _f("'{}' holds a repository that is not encrypted but job '{}' names a passphrase_file: "
                       "nothing was written; give the job a new or empty destination",
                       dest, job.name));
    return repo;
}

int worst_exit(int a, int b) {
    if (a == 0 || b == 0) return a | b;
    if (a == 1) return b;
    if (b == 1) return a;
    return std::max(a, b);
}

} // namespace netsec::backup
