// Issuing passwords: a strong random password per account from the policy's alphabet, hashed
// with yescrypt on every core, stored only as the hash; the plaintext is handed back once for
// the terminal, a pipe or printable slips, and never stored, logged or journaled.
#pragma once
#include "netsec/account/account.hpp"
#include "netsec/io/page.hpp"
#include "netsec/io/progress.hpp"

#include <functional>
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
    Account account;      // as it was read when prepared, with the hash it had then
    std::string password; // the plaintext, to hand out once
    std::string hash;
};

// Makes and hashes a password for each account without writing anything. Reads each account
// again from `db` (Error(no_input) when it is gone). `issue` refuses an account that already
// has a password (naming `reset`); both refuse archived accounts. Hashing takes long, so this
// runs outside any transaction, and commit_issue decides again.
std::vector<Issued> prepare_issue(store::Db& db, const policy::Policy& policy, const std::vector<Account>& accounts,
                                  IssueMode mode, unsigned jobs, const io::ProgressFn& progress = {});

// Hands out and stores what prepare_issue made, all or nothing, in one transaction that first
// reads each account again: when another issue or reset changed its password after
// prepare_issue read it, or it was archived or removed meanwhile, nothing is stored or handed
// out (`issue`: Error(data), as the account has a password now; `reset`: Error(temp_fail),
// run it again). Then it stores the hashes, journals each account ("account.issued" or
// "account.reset", no secret), and calls `deliver` (print the passwords and flush, or write
// the slips) before it commits: when `deliver` throws, nothing is stored, so no password is
// ever kept that nobody was given. Other writers wait while `deliver` runs.
void commit_issue(store::Db& db, const journal::Origin& origin, const std::vector<Issued>& issued, IssueMode mode,
                  Instant now, const std::function<void()>& deliver = {});

// The printable slips, one cut-out per account, ten to an A4 sheet: school, name, class or
// department, username, initial password and the policy's slip text. slips_html renders it.
io::Page slips_page(const policy::Policy& policy, const std::vector<Issued>& issued);
std::string slips_html(const policy::Policy& policy, const std::vector<Issued>& issued);

// commit_issue that delivers the passwords as slips: writes slips_html to `file` (mode 0600,
// atomically) before the transaction commits, and removes it again when the commit fails, so
// that no slip is left for a password that was not stored.
void commit_issue_to_slips(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                           const std::vector<Issued>& issued, IssueMode mode, Instant now, const std::string& file);

} // namespace netsec::account
