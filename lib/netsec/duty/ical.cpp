#include "netsec/duty/ical.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace netsec::duty {

std::string ical_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        switch (c) {
        case '\\': out += "\\\\"; break;
        case ';': out += "\\;"; break;
        case ',': out += "\\,"; break;
        case '\r':
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
            out += "\\n";
            break;
        case '\n': out += "\\n"; break;
        default: out += c;
        }
    }
    return out;
}

std::string ical_fold(std::string_view line) {
    std::string out;
    std::size_t width = 75; // octets on the first line; later lines give one to the leading space
    while (line.size() > width) {
        std::size_t cut = width;
        while (cut > 1 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut; // not inside a character
        out.append(line.substr(0, cut));
        out += "\r\n ";
        line.remove_prefix(cut);
        width = 74;
    }
    out.append(line);
    out += "\r\n";
    return out;
}

std::string ical_time(timeutil::Instant t) { return fmt::format("{:%Y%m%dT%H%M%SZ}", t); }

std::string write_ical(const std::vector<IcalEvent>& events, const std::string& name, timeutil::Instant stamp) {
    std::string out;
    auto line = [&](const std::string& text) { out += ical_fold(text); };
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//netsec//netsec-duty//EN");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    if (!name.empty()) line("X-WR-CALNAME:" + ical_escape(name));
    std::string dtstamp = ical_time(stamp);
    for (const auto& e : events) {
        line("BEGIN:VEVENT");
        line("UID:" + e.uid);
        line("DTSTAMP:" + dtstamp);
        line("DTSTART:" + ical_time(e.start));
        line("DTEND:" + ical_time(e.end));
        if (e.sequence > 0) line(fmt::format("SEQUENCE:{}", e.sequence));
        line("SUMMARY:" + ical_escape(e.summary));
        if (!e.description.empty()) line("DESCRIPTION:" + ical_escape(e.description));
        if (!e.location.empty()) line("LOCATION:" + ical_escape(e.location));
        line("TRANSP:OPAQUE");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    return out;
}

} // namespace netsec::duty
