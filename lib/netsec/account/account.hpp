// netsec::account — the account registry and issuing desk: who has which account (staff,
// pupils, service accounts with an owner), its permission level and status, passwords issued
// once and stored only as yescrypt hashes, and the formats the real directory reads
// (chpasswd -e, LDIF). Never prints and never reads argv (layers: ARCHITECTURE.md).
#pragma once
#include "netsec/core/time.hpp"
#include "netsec/io/records.hpp"
#include "netsec/io/selection.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/policy/policy.hpp"
#include "netsec/store/account_rows.hpp"

#include <istream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace netsec::account {

using Account = store::AccountRow;
using AccountFilter = store::AccountFilter;
using timeutil::Instant;

// "staff", "pupil", "service" (Chinese names too: 教师 教职工, 学生, 服务); nothing otherwise.
std::optional<std::string> parse_kind(const std::string& text);
// "active", "disabled", "expired", "archived"; throws Error(usage) naming the text.
std::string parse_status(const std::string& text);

// "" when `name` is a usable username (1 to 32 of a-z 0-9 _ . -, starting with a letter or _),
// else why not.
std::string username_problem(const std::string& name);

// What `add` and each roster row give.
struct NewAccount {
    std::string username, full_name, kind, grade, class_name, department, owner, level;
    std::string student_no; // the roster's 学号, "" for none
};

// Adds one account (admin); throws Error(usage) for a bad field, Error(data) for a username or
// student number already in the registry.
// The registry row for `n`, its uid and gid `offset` past the policy's starts, made at `at`.
Account new_account(const policy::Policy& policy, const NewAccount& n, std::int64_t offset, const std::string& at);

Account add_account(store::Db& db, const policy::Policy& policy, const journal::Origin& origin, NewAccount request,
                    Instant now);

// The fields `set` may change; unset optionals stay as they are.
struct Changes {
    std::optional<std::string> full_name, grade, class_name, department, owner, level, student_no;
    std::optional<std::string> left_at, last_seen_at, password_set_at; // RFC 3339, "" clears
    std::string reason;
};

// Applies `changes` and journals what changed ("account.changed"); throws Error(no_input) for
// an unknown account, Error(usage) for a bad value, Error(data) for a student number another
// account holds.
Account change_account(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                       const std::string& username, const Changes& changes, Instant now);

// The account `username`; throws Error(no_input) naming the command that lists them.
Account get_account(store::Db& db, const std::string& username);

// Which accounts a command acts on (io/selection.hpp): usernames, a class pattern (`pattern`,
// matched as `list --class` matches), or records read from standard input keyed by "username".
using Selection = io::Selection;

// The selection of usernames `names` ("-" reads standard input `in`: one username a line or
// JSON Lines with "username") and --class `class_glob`; throws Error(usage) naming the three
// ways when none is given, Error(data) for bad input.
Selection read_selection(const std::vector<std::string>& names, const std::string& class_glob, std::istream& in);

// What a --class pattern takes; names and standard input's records are taken as named.
struct Scope {
    // As the user typed it. "" takes pupils only, and refuses a pattern that would also reach
    // an account of another kind (staff, or a service account, have no class, and '*' matches
    // that); a kind takes that kind only.
    std::string kind;
    bool include_archived = false; // else the pattern leaves archived accounts out
};

struct Selected {
    std::vector<Account> accounts;
    std::size_t archived_left_out = 0; // archived accounts the pattern matched and left out
};

// The selected accounts, each once, in the order given; throws Error(no_input) listing every
// name that is not in the registry, or naming a class glob that matches no account (worded as
// core/problems.hpp words them, ending in "nothing was changed"), and Error(usage) for a
// pattern that would reach accounts of another kind than scope.kind allows, naming them.
Selected select_accounts(store::Db& db, const Selection& selection, const Scope& scope);
// The same with the default scope: pupils, archived left out.
std::vector<Account> select_accounts(store::Db& db, const Selection& selection);

// The account `text` names: a username, else the one account whose student number or full
// name is exactly `text`. Throws Error(no_input) when none is, Error(usage) listing the
// candidates' usernames when several are.
Account find_account_by_person(store::Db& db, const std::string& text);

// The accounts of `kind`, `status` (as the user typed them; "" for any) and classes matching
// `class_glob`, as list and export choose them; throws Error(usage) naming a bad kind or status.
AccountFilter account_filter(const std::string& kind, const std::string& class_glob, const std::string& status);
// The kind `text` names ("staff", "教师", ...); throws Error(usage) naming it when none.
std::string kind_of(const std::string& text);

struct ListFilter {
    AccountFilter store;
    std::optional<timeutil::Duration> stale;          // not seen for this long (or never, since added)
    std::optional<timeutil::Duration> password_older; // password set longer ago (or never, since added)
};
std::vector<Account> list_accounts(store::Db& db, const ListFilter& filter, Instant now);

struct StatusChange {
    std::string username, from, to;
};
enum class DryRun { no, yes };

// Sets `status` on each account and journals it with `reason` ("account.disabled", ...);
// accounts already there are left out. All in one transaction. With DryRun::yes, returns the
// same changes and writes and journals nothing (no reason needed).
std::vector<StatusChange> change_status(store::Db& db, const journal::Origin& origin,
                                        const std::vector<Account>& accounts, const std::string& status,
                                        const std::string& reason, Instant now, DryRun dry_run = DryRun::no);

} // namespace netsec::account
