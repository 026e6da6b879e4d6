#include "netsec/asset/scan_records.hpp"

#include "netsec/io/values.hpp"

#include <algorithm>
#include <map>

namespace netsec::asset {

using io::text_or_null;

using json = nlohmann::ordered_json;
using io::Kind;

namespace {

// "tcp/22 tcp/80": the open ports of a host, in the order given.
template <class Ports, class Proto, class Port>
json ports_text(const Ports& ports, Proto proto, Port port) {
    std::string out;
    for (const auto& p : ports) {
        if (!out.empty()) out += ' ';
        out += proto(p) + "/" + std::to_string(port(p));
    }
    return text_or_null(out);
}

} // namespace

const std::vector<io::Column>& seen_fields() {
    static const std::vector<io::Column> fields = {
        {"scan_id", Kind::integer, false},  {"ip"},      {"mac"},      {"host"},
        {"vendor", Kind::text, false},      {"outcome"}, {"tag"},      {"matched_by"},
        {"previous_ip", Kind::text, false}, {"why"},     {"conflict"}, {"open_ports"}};
    return fields;
}

namespace {

// One host's record, whether just imported or read back.
json seen_record(const json& scan_id, const store::ScanHostRow& h, const std::string& previous_ip, json open_ports) {
    json r;
    r["scan_id"] = scan_id;
    r["ip"] = h.ip;
    r["mac"] = text_or_null(h.mac);
    r["host"] = text_or_null(h.hostname);
    r["vendor"] = text_or_null(h.vendor);
    r["outcome"] = outcome_of(h.conflict, h.matched_by, h.tag);
    r["tag"] = text_or_null(h.tag);
    r["matched_by"] = text_or_null(h.matched_by);
    r["previous_ip"] = text_or_null(previous_ip);
    r["why"] = text_or_null(h.why);
    r["conflict"] = text_or_null(h.conflict);
    r["open_ports"] = std::move(open_ports);
    return r;
}

} // namespace

io::Records seen_records(const ScanImport& import) {
    io::Records out;
    out.columns = seen_fields();
    for (const auto& s : import.seen) {
        const auto& h = s.host;
        store::ScanHostRow row{0, h.ip, h.mac, h.hostname, h.vendor, h.state, s.tag, s.matched_by, s.why, s.conflict};
        out.rows.push_back(seen_record(
            import.scan_id == 0 ? json() : json(import.scan_id), row, s.ip_was,
            ports_text(
                h.ports, [](const NmapPort& p) { return p.protocol; }, [](const NmapPort& p) { return p.port; })));
    }
    return out;
}

io::Records seen_records(const ScanDetail& scan) {
    std::map<std::string, std::vector<const store::ScanPortRow*>> ports;
    for (const auto& p : scan.ports) ports[p.ip].push_back(&p);
    io::Records out;
    out.columns = seen_fields();
    for (const auto& h : scan.hosts)
        out.rows.push_back(seen_record(scan.scan.id, h, "",
                                       ports_text(
                                           ports[h.ip], [](const store::ScanPortRow* p) { return p->protocol; },
                                           [](const store::ScanPortRow* p) { return p->port; })));
    return out;
}

const std::vector<io::Column>& scan_port_fields() {
    static const std::vector<io::Column> fields = {
        {"scan_id", Kind::integer, false}, {"ip"},      {"tag"},    {"protocol"},
        {"port", Kind::integer},           {"service"}, {"product"}};
    return fields;
}

io::Records scan_port_records(const ScanDetail& scan) {
    std::map<std::string, std::string> tags;
    for (const auto& h : scan.hosts) tags[h.ip] = h.tag;
    io::Records out;
    out.columns = scan_port_fields();
    for (const auto& p : scan.ports)
        out.rows.push_back({{"scan_id", scan.scan.id},
                            {"ip", p.ip},
                            {"tag", text_or_null(tags[p.ip])},
                            {"protocol", p.protocol},
                            {"port", p.port},
                            {"service", text_or_null(p.service)},
                            {"product", text_or_null(p.product)}});
    return out;
}

const std::vector<io::Column>& scan_show_fields() {
    static const std::vector<io::Column> fields = [] {
        auto all = seen_fields();
        for (const auto& c : scan_port_fields())
            if (std::none_of(all.begin(), all.end(), [&](const io::Column& a) { return a.name == c.name; }))
                all.push_back(c);
        return all;
    }();
    return fields;
}

const std::vector<io::Column>& scan_fields() {
    static const std::vector<io::Column> fields = {{"scan_id", Kind::integer},         {"scanned_at", Kind::time},
                                                   {"imported_at", Kind::time, false}, {"source"},
                                                   {"args", Kind::text, false},        {"host_count", Kind::integer},
                                                   {"matched_count", Kind::integer},   {"unknown_count", Kind::integer},
                                                   {"conflict_count", Kind::integer},  {"sha256", Kind::text, false}};
    return fields;
}

io::Records scan_records(const std::vector<ScanSummary>& scans) {
    io::Records out;
    out.columns = scan_fields();
    for (const auto& s : scans)
        out.rows.push_back({{"scan_id", s.scan.id},
                            {"scanned_at", s.scan.scanned_at},
                            {"imported_at", s.scan.imported_at},
                            {"source", s.scan.source},
                            {"args", text_or_null(s.scan.args)},
                            {"host_count", s.scan.hosts},
                            {"matched_count", s.matched},
                            {"unknown_count", s.unknown},
                            {"conflict_count", s.conflicts},
                            {"sha256", s.scan.sha256}});
    return out;
}

const std::vector<io::Column>& scan_change_fields() {
    static const std::vector<io::Column> fields = {{"change"},
                                                   {"ip"},
                                                   {"mac"},
                                                   {"host"},
                                                   {"tag"},
                                                   {"protocol"},
                                                   {"port", Kind::integer},
                                                   {"service"},
                                                   {"product", Kind::text, false},
                                                   {"from_scan_id", Kind::integer, false},
                                                   {"to_scan_id", Kind::integer, false}};
    return fields;
}

io::Records scan_change_records(const ScanDiff& diff) {
    io::Records out;
    out.columns = scan_change_fields();
    for (const auto& c : diff.changes) {
        json r;
        r["change"] = c.change;
        r["ip"] = c.host.ip;
        r["mac"] = text_or_null(c.host.mac);
        r["host"] = text_or_null(c.host.hostname);
        r["tag"] = text_or_null(c.host.tag);
        r["protocol"] = c.port ? json(c.port->protocol) : json();
        r["port"] = c.port ? json(c.port->port) : json();
        r["service"] = c.port ? text_or_null(c.port->service) : json();
        r["product"] = c.port ? text_or_null(c.port->product) : json();
        r["from_scan_id"] = diff.from.id;
        r["to_scan_id"] = diff.to.id;
        out.rows.push_back(std::move(r));
    }
    return out;
}

} // namespace netsec::asset
