#include "netsec/asset/software.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"
#include "netsec/core/problems.hpp"
#include "netsec/core/text.hpp"
#include "netsec/core/width.hpp"
#include "netsec/io/records.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <unistd.h>

namespace netsec::asset {
namespace {

using text::lower_ascii;
using text::trim;

struct Line {
    std::size_t number;
    std::string text; // without the newline and any carriage returns before it
};

// wmic ends its lines in "\r\r\n" when its output has passed through cmd, so every '\r' at a
// line's end goes.
std::vector<Line> split_lines(const std::string& data) {
    std::vector<Line> out;
    std::size_t number = 1, start = 0;
    while (start < data.size()) {
        auto nl = data.find('\n', start);
        std::string text = data.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        while (!text.empty() && text.back() == '\r') text.pop_back();
        out.push_back({number, std::move(text)});
        if (nl == std::string::npos) break;
        start = nl + 1;
        ++number;
    }
    return out;
}

std::size_t line_count_of(std::string_view text) { return 1 + std::size_t(std::count(text.begin(), text.end(), '\n')); }

// The text of `bytes` in UTF-8, or nullopt and a problem where it cannot be read.
std::optional<std::string> decode(std::string_view bytes, io::Encoding encoding, Problems& problems) {
    bool wide = bytes.starts_with(io::utf16le_bom) || (bytes.size() >= 2 && bytes[0] != '\0' && bytes[1] == '\0');
    std::string data;
    if (wide) {
        io::Converted c = io::utf16le_to_utf8(bytes);
        if (c.failed_at) {
            problems.add(line_count_of(c.text), _("not valid UTF-16LE text"));
            return std::nullopt;
        }
        data = std::move(c.text);
    } else if (encoding == io::Encoding::gbk) {
        io::Converted c = io::gbk_to_utf8(bytes);
        if (c.failed_at) {
            problems.add(line_count_of(bytes.substr(0, *c.failed_at)), _("not valid GBK text"));
            return std::nullopt;
        }
        data = std::move(c.text);
    } else {
        data = std::string(bytes);
    }
    if (data.starts_with(io::utf8_bom)) data.erase(0, io::utf8_bom.size());
    for (const auto& line : split_lines(data)) {
        if (line.text.find('\0') != std::string::npos) {
            problems.add(line.number, _("a NUL byte: not a text file"));
            return std::nullopt;
        }
        if (!width::is_valid_utf8(line.text)) {
            problems.add(line.number, _("not valid UTF-8; for a list saved on Chinese Windows add --encoding gbk"));
            return std::nullopt;
        }
    }
    return data;
}

std::vector<std::string> split_commas(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        auto comma = text.find(',', start);
        out.push_back(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos) return out;
        start = comma + 1;
    }
}

std::optional<SoftwareFormat> sniff(const std::string& data) {
    for (const auto& line : split_lines(data)) {
        std::string t = trim(line.text);
        if (t.empty()) continue;
        if (t.starts_with("#TYPE") || t.starts_with("\"")) return SoftwareFormat::get_package;
        if (t.find('\t') != std::string::npos) return SoftwareFormat::dpkg;
        auto fields = split_commas(t);
        if (lower_ascii(trim(fields.front())) == "node") return SoftwareFormat::wmic;
        for (const auto& f : fields)
            if (lower_ascii(trim(f)) == "name") return SoftwareFormat::get_package; // a CSV saved without quotes
        return std::nullopt;
    }
    return std::nullopt;
}

void read_get_package(std::string data, Problems& problems, SoftwareList& out) {
    // Export-Csv's "#TYPE Microsoft.PackageManagement.Packaging.SoftwareIdentity": blanked, not
    // cut, so the CSV reader's line numbers stay the file's.
    auto first = data.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && data.compare(first, 5, "#TYPE") == 0) {
        auto nl = data.find('\n', first);
        data.erase(first, (nl == std::string::npos ? data.size() : nl) - first);
    }
    io::ReadOptions ro;
    ro.format = io::InputFormat::csv;
    auto records = io::read_records(std::move(data), ro, problems);
    static const std::vector<io::Column> columns = {
        {"name", io::Kind::text, true, {"displayname", "名称", "软件名称"}, true},
        {"version", io::Kind::text, true, {"displayversion", "版本"}, true},
        {"providername", io::Kind::text, true, {}},
        {"pscomputername", io::Kind::text, true, {"computername", "计算机名"}},
    };
    io::Headers headers = io::map_headers(columns, records, problems.source());
    for (const auto& r : records) {
        InstalledSoftware s;
        s.line = r.line;
        s.name = io::header_value(headers, r, "name");
        s.version = io::header_value(headers, r, "version");
        s.node = io::header_value(headers, r, "pscomputername");
        if (s.name.empty()) {
            problems.add(r.line, _("a package needs a name"));
            continue;
        }
        // Windows updates (KB...) are what the msu provider lists: not software brought in.
        if (lower_ascii(io::header_value(headers, r, "providername")) == "msu") {
            ++out.skipped_updates;
            continue;
        }
        out.packages.push_back(std::move(s));
    }
}

void read_wmic(const std::string& data, Problems& problems, SoftwareList& out) {
    std::vector<std::string> header;
    std::size_t name_at = 0, version_at = 0;
    for (const auto& line : split_lines(data)) {
        if (trim(line.text).empty()) continue;
        auto fields = split_commas(line.text);
        if (header.empty()) {
            for (auto& f : fields) f = trim(f);
            if (lower_ascii(fields.front()) != "node") {
                problems.add(line.number, _("the header must start with Node, as wmic /format:csv writes it"));
                return;
            }
            std::optional<std::size_t> name, version;
            for (std::size_t i = 0; i < fields.size(); ++i) {
                std::string h = lower_ascii(fields[i]);
                if (h == "name") name = i;
                if (h == "version") version = i;
            }
            if (!name || !version) {
                problems.add(line.number, _("the header must name Name and Version: wmic product get Name,Version "
                                            "/format:csv"));
                return;
            }
            header = fields;
            name_at = *name;
            version_at = *version;
            continue;
        }
        // wmic never quotes, so a comma inside a name splits it: the extra fields are the name's.
        if (fields.size() > header.size()) {
            std::size_t extra = fields.size() - header.size();
            std::string name = fields[name_at];
            for (std::size_t i = 1; i <= extra; ++i) name += "," + fields[name_at + i];
            fields.erase(fields.begin() + std::ptrdiff_t(name_at) + 1,
                         fields.begin() + std::ptrdiff_t(name_at + extra) + 1);
            fields[name_at] = name;
        }
        for (auto& f : fields) f = trim(f);
        if (fields.size() == header.size()) {
            bool again = true; // wmic /node:@list repeats the header before each machine's rows
            for (std::size_t i = 0; i < fields.size() && again; ++i)
                again = lower_ascii(fields[i]) == lower_ascii(header[i]);
            if (again) continue;
        }
        if (fields.size() != header.size()) {
            problems.add(line.number,
                         _f("expected {} fields as in the header, found {}", header.size(), fields.size()));
            continue;
        }
        InstalledSoftware s;
        s.line = line.number;
        s.node = fields.front();
        s.name = fields[name_at];
        s.version = fields[version_at];
        if (s.name.empty()) {
            problems.add(line.number, _("a package needs a name"));
            continue;
        }
        out.packages.push_back(std::move(s));
    }
    if (header.empty())
        problems.add(
            _f("{}: no header; wmic product get Name,Version /format:csv writes Node,Name,Version", problems.source()));
}

void read_dpkg(const std::string& data, Problems& problems, SoftwareList& out) {
    for (const auto& line : split_lines(data)) {
        if (trim(line.text).empty()) continue;
        auto tab = line.text.find('\t');
        if (tab == std::string::npos) {
            problems.add(line.number, _("expected a package name, a tab and its version, as dpkg-query -W writes"));
            continue;
        }
        InstalledSoftware s;
        s.line = line.number;
        s.name = trim(line.text.substr(0, tab));
        auto next = line.text.find('\t', tab + 1); // more fields from a -f format: not ours
        s.version = trim(line.text.substr(tab + 1, next == std::string::npos ? std::string::npos : next - tab - 1));
        if (s.name.empty()) {
            problems.add(line.number, _("a package needs a name"));
            continue;
        }
        out.packages.push_back(std::move(s));
    }
}

} // namespace

SoftwareFormat parse_software_format(const std::string& name) {
    if (name == "auto") return SoftwareFormat::automatic;
    if (name == "get-package") return SoftwareFormat::get_package;
    if (name == "wmic") return SoftwareFormat::wmic;
    if (name == "dpkg") return SoftwareFormat::dpkg;
    throw Error(Exit::usage, _f("unknown software list format '{}': expected auto, get-package, wmic or dpkg", name));
}

std::string software_format_name(SoftwareFormat format) {
    switch (format) {
    case SoftwareFormat::automatic: return "auto";
    case SoftwareFormat::get_package: return "get-package";
    case SoftwareFormat::wmic: return "wmic";
    case SoftwareFormat::dpkg: return "dpkg";
    }
    return "auto";
}

SoftwareList parse_software_list(std::string_view bytes, const std::string& source, SoftwareFormat format,
                                 io::Encoding encoding) {
    Problems problems(source);
    SoftwareList out;
    auto data = decode(bytes, encoding, problems);
    if (data) {
        if (format == SoftwareFormat::automatic) {
            auto sniffed = sniff(*data);
            if (trim(*data).empty())
                format = SoftwareFormat::dpkg; // nothing to read: said below
            else if (!sniffed)
                problems.add(1, _("not a software list: expected Get-Package | Export-Csv, wmic product get "
                                  "Name,Version /format:csv or dpkg-query -W output; name one with --input-format"));
            else
                format = *sniffed;
        }
        out.format = format;
        if (format == SoftwareFormat::get_package) read_get_package(std::move(*data), problems, out);
        if (format == SoftwareFormat::wmic) read_wmic(*data, problems, out);
        if (format == SoftwareFormat::dpkg) read_dpkg(*data, problems, out);
    }
    if (problems.empty() && out.packages.empty() && out.skipped_updates == 0)
        problems.add(_f("{}: no software listed in it", source));
    problems.throw_if_any(_("nothing was read"));
    std::set<std::string> seen, nodes;
    std::vector<InstalledSoftware> once;
    for (auto& s : out.packages) {
        if (!seen.insert(s.node + '\n' + s.name + '\n' + s.version).second) continue;
        if (!s.node.empty() && nodes.insert(s.node).second) out.nodes.push_back(s.node);
        once.push_back(std::move(s));
    }
    out.packages = std::move(once);
    return out;
}

SoftwareList read_software_list(const std::string& path, SoftwareFormat format, io::Encoding encoding) {
    if (path == "-")
        return parse_software_list(paths::read_fd(STDIN_FILENO, "<stdin>", software_list_limit), "<stdin>", format,
                                   encoding);
    return parse_software_list(paths::read_file(path, software_list_limit), path, format, encoding);
}

} // namespace netsec::asset
