// libFuzzer target: times, durations, dates and journal heads as people type them.
// The first byte chooses the parser (low two bits) and the time zone (the rest); the others
// are the text. Zones come from a fixed list of real ones, as the policy loader only accepts
// zones of the tz database. A refusal is netsec::Error; any other exception, a crash, or a
// value that does not survive printing and reading back is a bug.
//
// parse_time and parse_date set TZ for the conversion (core/time.cpp): fine here, the fuzzer
// is single-threaded.
#include "netsec/core/error.hpp"
#include "netsec/core/time.hpp"
#include "netsec/journal/journal.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

namespace tu = netsec::timeutil;

const char* const zones[] = {"UTC",
                             "Asia/Shanghai",
                             "America/New_York",
                             "Europe/London",
                             "Asia/Kathmandu",
                             "Australia/Lord_Howe",
                             "Pacific/Kiritimati",
                             "America/St_Johns"};

[[noreturn]] void broken(const char* what, const std::string& text, const std::string& back) {
    std::fprintf(stderr, "fuzz_time: %s: '%s' -> '%s'\n", what, text.c_str(), back.c_str());
    std::abort();
}

// The instants format_rfc3339 writes with a four-digit year, 0000-01-01 to 9999-12-31.
bool printable_year(tu::Instant t) {
    long long s = t.time_since_epoch().count();
    return s >= -62167219200LL && s <= 253402300799LL;
}

void check_time(tu::Instant t, const std::string& text, const std::string& zone) {
    if (!printable_year(t)) return;
    std::string back = tu::format_rfc3339(t);
    try {
        if (tu::parse_time(back, "UTC") != t) broken("parse_time(format_rfc3339(t)) != t", text, back);
    } catch (const netsec::Error&) {
        broken("format_rfc3339 wrote what parse_time refuses", text, back);
    }
    (void)tu::format_local(t, zone, true);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const unsigned mode = data[0];
    const std::string zone = zones[(mode >> 2) % (sizeof zones / sizeof zones[0])];
    const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        switch (mode & 3) {
        case 0: check_time(tu::parse_time(text, zone), text, zone); break;
        case 1: {
            tu::Duration d = tu::parse_duration(text);
            if (d.count() < 0) broken("negative duration", text, tu::format_duration(d));
            // format_duration writes the largest exact unit; within 9 digits it must read back.
            if (d.count() <= 999999999) {
                std::string back = tu::format_duration(d);
                try {
                    if (tu::parse_duration(back) != d) broken("parse_duration(format_duration(d)) != d", text, back);
                } catch (const netsec::Error&) {
                    broken("format_duration wrote what parse_duration refuses", text, back);
                }
            }
            break;
        }
        case 2: check_time(tu::parse_date(text, zone), text, zone); break;
        case 3: {
            auto head = netsec::journal::parse_head(text);
            std::string back = netsec::journal::format_head(head);
            try {
                auto again = netsec::journal::parse_head(back);
                if (again.seq != head.seq || again.hash != head.hash)
                    broken("parse_head(format_head(h)) != h", text, back);
            } catch (const netsec::Error&) {
                broken("format_head wrote what parse_head refuses", text, back);
            }
            break;
        }
        }
    } catch (const netsec::Error&) {
    }
    return 0;
}
