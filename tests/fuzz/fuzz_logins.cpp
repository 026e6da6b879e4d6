// libFuzzer target: login records (account/logins.cpp) — sshd lines in syslog files (RFC 3164
// and RFC 3339 times), `journalctl -o json`, `last -F -w`, `utmpdump`, FreeRADIUS accounting
// detail files and the CSV of PC sign-ins, as `netsec-account logins import` reads them.
// The first byte chooses the format, so that a seed file names its own mode:
//   a s j l u r c  = auto, syslog, journal, last, utmpdump, radius, csv; zone UTC, year from the file's time
//   A S J L U R C  = the same in Asia/Shanghai with the year given (--year 2026)
// any other byte: format = byte % 7 in the order above, the zone and year from its high bits.
// A refusal is netsec::Error; any other exception or a crash is a bug. Every login read must
// have a start time, an end time and a fingerprint as the store keeps them (RFC 3339 UTC that
// reads back, 64 hex digits), and its record must print.
#include "netsec/account/records.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/time.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

namespace tu = netsec::timeutil;
using netsec::account::LoginFormat;

const char* const zones[] = {"UTC", "Asia/Shanghai", "America/New_York", "Australia/Lord_Howe"};

[[noreturn]] void broken(const char* what, const std::string& value) {
    std::fprintf(stderr, "fuzz_logins: %s: '%s'\n", what, value.c_str());
    std::abort();
}

void check_time(const std::string& t, const char* what) {
    try {
        if (tu::format_rfc3339(tu::parse_time(t, "UTC")) != t) broken(what, t);
    } catch (const netsec::Error&) {
        broken(what, t);
    }
}

bool hex64(const std::string& s) {
    if (s.size() != 64) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    static const LoginFormat formats[] = {LoginFormat::automatic, LoginFormat::syslog,   LoginFormat::journal,
                                          LoginFormat::last,      LoginFormat::utmpdump, LoginFormat::radius,
                                          LoginFormat::csv};
    static const char letters[] = "asjlurc";
    const unsigned char mode = data[0];
    netsec::account::LoginReadOptions options;
    options.reference = tu::Instant{std::chrono::seconds{1795910400}}; // 2026-11-30T00:00:00Z
    int which = -1;
    for (int i = 0; i < 7; ++i)
        if (mode == letters[i] || mode == letters[i] - 'a' + 'A') which = i;
    if (which >= 0) {
        options.format = formats[which];
        bool upper = mode >= 'A' && mode <= 'Z';
        options.zone = upper ? "Asia/Shanghai" : "UTC";
        options.year = upper ? 2026 : 0;
    } else {
        options.format = formats[mode % 7];
        options.zone = zones[(mode >> 3) % 4];
        options.year = (mode & 0x80) ? 2026 : 0;
    }
    std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        auto read = netsec::account::read_logins(text, "fuzz.log", options);
        if (options.format != LoginFormat::automatic && read.format != options.format) broken("format changed", "");
        for (const auto& l : read.logins) {
            check_time(l.started_at, "started_at does not read back");
            if (!l.ended_at.empty()) check_time(l.ended_at, "ended_at does not read back");
            if (!hex64(l.fingerprint)) broken("fingerprint", l.fingerprint);
            if (l.source != "fuzz.log" || l.format.empty()) broken("source or format", l.source + " " + l.format);
            std::string out =
                netsec::account::login_record(l).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            (void)out;
        }
        for (std::size_t i = 1; i < read.logins.size(); ++i)
            if (read.logins[i].started_at < read.logins[i - 1].started_at)
                broken("not sorted", read.logins[i].started_at);
    } catch (const netsec::Error&) {
    }
    return 0;
}
