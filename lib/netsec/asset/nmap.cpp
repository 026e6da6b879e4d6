#include "netsec/asset/nmap.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"
#include "netsec/core/problems.hpp"
#include "netsec/core/text.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <map>
#include <optional>
#include <pugixml.hpp>
#include <sys/stat.h>

namespace netsec::asset {
namespace {

// Line numbers of byte offsets in one text, asked in rising order as the hosts come (any order
// works; a smaller offset counts again from the start).
class Lines {
public:
    explicit Lines(std::string_view text) : text_(text) {}
    std::size_t at(std::ptrdiff_t offset) {
        auto to = std::size_t(std::clamp<std::ptrdiff_t>(offset, 0, std::ptrdiff_t(text_.size())));
        if (to < pos_) pos_ = 0, line_ = 1;
        line_ +=
            std::size_t(std::count(text_.begin() + std::ptrdiff_t(pos_), text_.begin() + std::ptrdiff_t(to), '\n'));
        pos_ = to;
        return line_;
    }

private:
    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
};

// What pugixml's status means to a person, and what was expected there.
std::string xml_problem(pugi::xml_parse_status status) {
    switch (status) {
    case pugi::status_unrecognized_tag: return _("expected an element name after '<'");
    case pugi::status_bad_pi: return _("expected a well-formed processing instruction '<?…?>'");
    case pugi::status_bad_comment: return _("expected a well-formed comment '<!--…-->'");
    case pugi::status_bad_cdata: return _("expected a well-formed CDATA section");
    case pugi::status_bad_doctype: return _("expected a well-formed document type '<!DOCTYPE …>'");
    case pugi::status_bad_pcdata: return _("expected well-formed text between elements");
    case pugi::status_bad_start_element: return _("expected a well-formed start tag");
    case pugi::status_bad_attribute: return _("expected a well-formed attribute name=\"value\"");
    case pugi::status_bad_end_element: return _("expected a well-formed end tag");
    case pugi::status_end_element_mismatch: return _("expected the end tag of the element open here");
    case pugi::status_no_document_element: return _("expected XML written by 'nmap -oX', the file holds no element");
    default: return _("expected well-formed XML");
    }
}

bool is(const char* a, const char* b) { return std::strcmp(a, b) == 0; }

std::optional<long long> number_of(const char* text) {
    long long n = 0;
    auto end = text + std::strlen(text);
    auto [p, ec] = std::from_chars(text, end, n);
    if (ec != std::errc{} || p != end || p == text) return std::nullopt;
    return n;
}

std::string joined(std::initializer_list<const char*> parts) {
    std::string out;
    for (auto part : parts) {
        auto t = text::trim(part);
        if (t.empty()) continue;
        if (!out.empty()) out += ' ';
        out += t;
    }
    return out;
}

NmapHost read_host(const pugi::xml_node& node, std::size_t line, Problems& problems) {
    NmapHost host;
    host.line = line;
    host.state = node.child("status").attribute("state").as_string();
    std::string ipv6;
    for (auto address : node.children("address")) {
        const char* type = address.attribute("addrtype").as_string();
        const char* addr = address.attribute("addr").as_string();
        if (is(type, "ipv4") && host.ip.empty())
            host.ip = addr;
        else if (is(type, "ipv6") && ipv6.empty())
            ipv6 = addr;
        else if (is(type, "mac") && host.mac.empty()) {
            host.mac = text::lower_ascii(addr);
            host.vendor = address.attribute("vendor").as_string();
        }
    }
    if (host.ip.empty()) host.ip = ipv6;
    if (host.ip.empty()) problems.add(line, _("expected an <address addrtype=\"ipv4\"> or \"ipv6\" in the host"));
    std::string ptr;
    for (auto name : node.child("hostnames").children("hostname")) {
        const char* type = name.attribute("type").as_string();
        if (is(type, "user") && host.hostname.empty())
            host.hostname = name.attribute("name").as_string();
        else if (ptr.empty())
            ptr = name.attribute("name").as_string();
    }
    if (host.hostname.empty()) host.hostname = ptr;
    for (auto port : node.child("ports").children("port")) {
        if (!is(port.child("state").attribute("state").as_string(), "open")) continue;
        NmapPort p;
        p.protocol = port.attribute("protocol").as_string();
        auto id = number_of(port.attribute("portid").as_string());
        if (!id || *id < 1 || *id > 65535) {
            problems.add(line, _f("expected a port number from 1 to 65535 in host {}, found portid=\"{}\"", host.ip,
                                  port.attribute("portid").as_string()));
            continue;
        }
        if (p.protocol.empty()) {
            problems.add(line, _f("expected the protocol of port {} in host {}", *id, host.ip));
            continue;
        }
        p.port = int(*id);
        auto service = port.child("service");
        p.service = service.attribute("name").as_string();
        p.product = joined({service.attribute("product").as_string(), service.attribute("version").as_string()});
        host.ports.push_back(std::move(p));
    }
    return host;
}

} // namespace

NmapScan parse_nmap(std::string_view xml, const std::string& source) {
    Problems problems(source);
    Lines lines(xml);
    pugi::xml_document doc;
    auto result = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!result) {
        // A file cut short fails at its very end: say so, for that is what a killed scan leaves.
        // pugixml points at the last byte it read then, so nothing but blanks follows it.
        auto after = std::size_t(result.offset) + 1;
        bool at_end = after >= xml.size() || text::trim(xml.substr(after)).empty();
        if (result.status == pugi::status_no_document_element) // named where its text starts
            problems.add(lines.at(std::ptrdiff_t(std::min(xml.size(), xml.find_first_not_of(" \t\r\n")))),
                         xml_problem(result.status));
        else if (at_end)
            problems.add(
                lines.at(result.offset),
                _("the XML ends before its elements are closed, expected the rest of the scan (was nmap stopped?)"));
        else
            problems.add(lines.at(result.offset), xml_problem(result.status));
        problems.throw_if_any(_("nothing was imported"));
    }
    auto root = doc.document_element();
    if (!is(root.name(), "nmaprun")) {
        problems.add(lines.at(root.offset_debug()),
                     _f("the root element is <{}>, expected <nmaprun> as 'nmap -oX' writes it", root.name()));
        problems.throw_if_any(_("nothing was imported"));
    }
    NmapScan scan;
    scan.args = root.attribute("args").as_string();
    scan.version = root.attribute("version").as_string();
    auto start = number_of(root.attribute("start").as_string());
    if (!start || *start < 0)
        problems.add(lines.at(root.offset_debug()),
                     _f("expected the run's start time as seconds since 1970 in <nmaprun start=\"…\">, found \"{}\"",
                        root.attribute("start").as_string()));
    else
        scan.started_at = timeutil::Instant{std::chrono::seconds{*start}};
    auto finished = root.child("runstats").child("finished");
    if (is(finished.attribute("exit").as_string(), "error"))
        problems.add(lines.at(finished.offset_debug()),
                     _f("nmap reported that the run failed: {}", finished.attribute("errormsg").as_string()));
    std::map<std::string, std::size_t> first_line; // ip -> line of the host that had it first
    for (auto node : root.children("host")) {
        auto line = lines.at(node.offset_debug());
        auto host = read_host(node, line, problems);
        if (host.ip.empty()) continue;
        auto [it, fresh] = first_line.emplace(host.ip, line);
        if (!fresh) {
            problems.add(
                line, _f("host {} appears twice, expected each address once (first at line {})", host.ip, it->second));
            continue;
        }
        scan.hosts.push_back(std::move(host));
    }
    problems.throw_if_any(_("nothing was imported"));
    return scan;
}

std::string read_nmap_file(const std::string& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) == 0 && S_ISREG(st.st_mode) && std::size_t(st.st_size) > nmap_max_bytes)
        throw Error(Exit::data, _f("'{}' is larger than {} MiB, the most a scan import reads; nothing was imported",
                                   file, nmap_max_bytes >> 20));
    return paths::read_file(file, nmap_max_bytes);
}

NmapScan read_nmap(const std::string& file) { return parse_nmap(read_nmap_file(file), file); }

} // namespace netsec::asset
