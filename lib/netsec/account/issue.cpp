#include "netsec/account/issue.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"
#include "netsec/core/problems.hpp"

#include <atomic>
#include <crypt.h>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <openssl/rand.h>
#include <thread>

namespace netsec::account {

std::string generate_password(const std::string& alphabet, int length) {
    const unsigned n = unsigned(alphabet.size());
    if (n < 2 || n > 256 || length <= 0) throw Error(Exit::software, _("cannot make a password from this alphabet"));
    // Bytes at or above `limit` would favour the first characters; they are drawn again.
    const unsigned limit = 256 - (256 % n);
    std::string out;
    unsigned char buf[64];
    while (int(out.size()) < length) {
        if (RAND_bytes(buf, sizeof buf) != 1)
            throw Error(Exit::software, _("the random generator failed (RAND_bytes)"));
        for (unsigned char b : buf) {
            if (b >= limit) continue;
            out += alphabet[b % n];
            if (int(out.size()) == length) break;
        }
    }
    OPENSSL_cleanse(buf, sizeof buf);
    return out;
}

namespace {

std::string hash_with(const std::string& password, crypt_data& data) {
    unsigned char rbytes[32];
    if (RAND_bytes(rbytes, sizeof rbytes) != 1)
        throw Error(Exit::software, _("the random generator failed (RAND_bytes)"));
    char setting[CRYPT_GENSALT_OUTPUT_SIZE];
    // Cost 0 is libxcrypt's default for yescrypt, the one chpasswd and useradd use.
    if (!crypt_gensalt_rn("$y$", 0, reinterpret_cast<const char*>(rbytes), sizeof rbytes, setting, sizeof setting))
        throw Error(Exit::software, _f("cannot make a yescrypt salt: {}", std::strerror(errno)));
    std::memset(&data, 0, sizeof data);
    const char* hash = crypt_rn(password.c_str(), setting, &data, sizeof data);
    if (!hash || hash[0] == '*') throw Error(Exit::software, _("libxcrypt could not hash the password with yescrypt"));
    std::string out = hash;
    explicit_bzero(&data, sizeof data);
    return out;
}

} // namespace

std::string hash_password(const std::string& password) {
    auto data = std::make_unique<crypt_data>();
    return hash_with(password, *data);
}

bool verify_password(const std::string& password, const std::string& hash) {
    auto data = std::make_unique<crypt_data>();
    const char* out = crypt_rn(password.c_str(), hash.c_str(), data.get(), sizeof *data);
    bool ok = out && out[0] != '*' && hash == out;
    explicit_bzero(data.get(), sizeof *data);
    return ok;
}

std::vector<std::string> hash_passwords(const std::vector<std::string>& passwords, unsigned jobs,
                                        const io::ProgressFn& progress) {
    if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
    jobs = std::min<unsigned>(jobs, std::max<std::size_t>(1, passwords.size()));
    std::vector<std::string> hashes(passwords.size());
    std::atomic<std::size_t> next{0}, done{0};
    std::mutex lock;
    std::string failure;
    auto work = [&] {
        auto data = std::make_unique<crypt_data>();
        for (std::size_t i; (i = next++) < passwords.size();) {
            try {
                hashes[i] = hash_with(passwords[i], *data);
            } catch (const Error& e) {
                std::lock_guard<std::mutex> g(lock);
                failure = e.what();
                next = passwords.size();
            }
            std::size_t d = ++done;
            if (progress) {
                std::lock_guard<std::mutex> g(lock);
                progress(d, passwords.size());
            }
        }
    };
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(work);
    work();
    for (auto& t : threads) t.join();
    if (!failure.empty()) throw Error(Exit::software, failure);
    return hashes;
}

namespace {

std::string removed_meanwhile(const std::string& username) {
    return _f("account '{}' was removed meanwhile; nothing was issued", username);
}

} // namespace

std::vector<Issued> prepare_issue(store::Db& db, const policy::Policy& policy, const std::vector<Account>& given,
                                  IssueMode mode, unsigned jobs, const io::ProgressFn& progress) {
    std::vector<Account> accounts;
    for (const auto& g : given) {
        auto a = store::find_account_with_hash(db, g.username);
        if (!a) throw Error(Exit::no_input, removed_meanwhile(g.username));
        accounts.push_back(std::move(*a));
    }
    Problems problems;
    for (const auto& a : accounts) {
        if (a.status == "archived")
            problems.add(
                _f("account '{}' is archived; 'netsec-account enable {} --reason ...' first", a.username, a.username));
        else if (mode == IssueMode::issue && !a.issued_at.empty())
            problems.add(_f("account '{}' already has a password; 'netsec-account reset {}' issues a new one",
                            a.username, a.username));
    }
    problems.throw_if_any(mode == IssueMode::issue ? _("nothing was issued") : _("nothing was reset"));
    std::vector<Issued> out;
    std::vector<std::string> passwords;
    for (const auto& a : accounts) {
        out.push_back({a, generate_password(policy.accounts.password_alphabet, policy.accounts.password_length), ""});
        passwords.push_back(out.back().password);
    }
    auto hashes = hash_passwords(passwords, jobs, progress);
    for (std::size_t i = 0; i < out.size(); ++i) out[i].hash = hashes[i];
    return out;
}

void commit_issue(store::Db& db, const journal::Origin& origin, const std::vector<Issued>& issued, IssueMode mode,
                  Instant now, const std::function<void()>& deliver) {
    store::Transaction tx(db); // BEGIN IMMEDIATE: from here until the commit, no other writer
    std::string at = timeutil::format_rfc3339(now);
    for (const auto& i : issued) {
        const std::string& name = i.account.username;
        auto current = store::find_account_with_hash(db, name);
        if (!current) throw Error(Exit::no_input, removed_meanwhile(name));
        if (current->status == "archived")
            throw Error(Exit::data, _f("account '{}' was archived meanwhile; nothing was issued", name));
        if (mode == IssueMode::issue && (!current->issued_at.empty() || !current->hash.empty()))
            throw Error(Exit::data, _f("account '{}' was given a password meanwhile, by another issue or reset; "
                                       "nothing was issued",
                                       name));
        if (mode == IssueMode::reset && current->hash != i.account.hash)
            throw Error(Exit::temp_fail, _f("the password of '{}' was changed meanwhile, by another issue or reset; "
                                            "nothing was reset: run it again if it still needs a new one",
                                            name));
        store::set_account_hash(tx, name, i.hash, at);
        // Only that a password was issued and how it is kept: never the password or its hash.
        journal::append(tx, origin,
                        mode == IssueMode::issue ? journal::action::account_issued : journal::action::account_reset,
                        i.account.username, {{"scheme", "yescrypt"}});
    }
    if (deliver) deliver(); // throws, and the transaction rolls back, when they were not handed out
    try {
        tx.commit();
    } catch (const Error& e) {
        throw Error(e.code(), std::string(e.what()) + "\n" +
                                  _("the passwords handed out were NOT stored: destroy them and issue again"));
    }
}

io::Page slips_page(const policy::Policy& policy, const std::vector<Issued>& issued) {
    io::Page page;
    page.name = policy.school.name + " — 账号密码条";
    io::Section slips;
    // Chinese and English side by side for a pupil who reads either; Chinese alone when the
    // tool runs in Chinese, so that a Chinese slip holds no English word.
    bool zh = i18n::language() == "zh_CN";
    auto label = [&](const std::string& chinese, const std::string& english) {
        return zh ? chinese : chinese + " " + english;
    };
    for (std::size_t i = 0; i < issued.size(); ++i) {
        if (i > 0 && i % 10 == 0) slips.blocks.push_back(io::PageBreak{}); // ten to a sheet
        const Account& a = issued[i].account;
        std::string unit = a.kind == "pupil" ? a.class_name : a.department;
        io::Cell name(a.full_name + (unit.empty() ? "" : "（" + unit + "）")), username(a.username),
            password(issued[i].password);
        name.mark = "name";
        username.mark = "username";
        password.mark = "password";
        io::Cutout slip{policy.school.name, {{label("姓名", "Name"), name}}, policy.accounts.slip_text};
        if (!a.student_no.empty()) { // two pupils of one name in one class differ here
            io::Cell number(a.student_no);
            number.mark = "student-no";
            slip.rows.push_back({label("学号", "Student No."), number});
        }
        slip.rows.push_back({label("用户名", "Username"), username});
        slip.rows.push_back({label("初始密码", "Password"), password});
        slips.blocks.push_back(std::move(slip));
    }
    page.sections.push_back(std::move(slips));
    return page;
}

std::string slips_html(const policy::Policy& policy, const std::vector<Issued>& issued) {
    return io::render_html(slips_page(policy, issued));
}

void commit_issue_to_slips(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                           const std::vector<Issued>& issued, IssueMode mode, Instant now, const std::string& file) {
    bool written = false;
    try {
        commit_issue(db, origin, issued, mode, now, [&] {
            paths::write_file_atomic(file, slips_html(policy, issued), 0600);
            written = true;
        });
    } catch (...) {
        if (written) std::remove(file.c_str());
        throw;
    }
}

} // namespace netsec::account
