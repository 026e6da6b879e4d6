// Issuing passwords: a strong random password per account from the policy's alphabet, hashed
// with yescrypt on every core, stored only as the hash; the plaintext is handed back once for
// the terminal, a pipe or printable slips, and never stored, logged or journaled.
#pragma once
#include "netsec/account/account.hpp"
#include "netsec/io/progress.hpp"

#include <string>
#include <vector>

namespace netsec::account {

// `length` characters of `alphabet`, each chosen without bias from RAND_bytes (bytes past the
// largest multiple of the alphabet's size are thrown away). Throws Error(software) when the
// random generator fails.
std::string generate_password(const std::string& alphabet, int length);

// A yescrypt ("$y$") hash of `password` with a fresh salt (libxcrypt); throws Error(software).
std::string hash_password(const std::string& password);

// True when `password` hashes to `hash` (any scheme libxcrypt knows).
bool verify_password(const std::string& password, const std::string& hash);

// The hashes of `passwords`, in order, computed on `jobs` threads (0: one per core).
std::vector<std::string> hash_passwords(const std::vector<std::string>& passwords, unsigned jobs,
                                        const io::ProgressFn& progress = {});

enum class IssueMode { issue, reset };

struct Issued {
    Account account;
    std::string password; // the plaintext, to hand out once
    std::string hash;
};

// Makes and hashes a password for each account without writing anything. `issue` refuses an
// account that already has a password (naming `reset`); both refuse archived accounts.
std::vector<Issued> prepare_issue(const policy::Policy& policy, const std::vector<Account>& accounts, IssueMode mode,
                                  unsigned jobs, const io::ProgressFn& progress = {});

// Stores the hashes and journals each account ("account.issued" or "account.reset", no secret)
// in one transaction.
void commit_issue(store::Db& db, const journal::Origin& origin, const std::vector<Issued>& issued, IssueMode mode,
                  Instant now);

// A printable HTML page of slips (A4, ten to a sheet, cut lines): school, name, class or
// department, username, initial password and the policy's slip text.
std::string slips_html(const policy::Policy& policy, const std::vector<Issued>& issued);

} // namespace netsec::account
