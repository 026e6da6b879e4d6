// The nmap scans netsec-asset imported: scans, scan_hosts (each host seen, and the asset it
// matched) and scan_ports (its open ports). Rows only; asset/scan.cpp owns the rules.
#pragma once
#include "netsec/store/db.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netsec::store {

struct ScanRow {
    std::int64_t id = 0;
    std::string source;      // the file as named on the command line
    std::string sha256;      // of the file's bytes: the same file is imported once
    std::string scanned_at;  // when nmap started (RFC 3339 UTC)
    std::string imported_at; // RFC 3339 UTC
    std::string args;        // nmap's command line
    std::int64_t hosts = 0;  // hosts up in it
};

struct ScanHostRow {
    std::int64_t scan_id = 0;
    std::string ip, mac, hostname, vendor, state;
    std::string tag;        // the asset it is, "" when none matched
    std::string matched_by; // "mac", "hostname", "ip", "registered", or ""
    std::string why;        // no match: why
    std::string conflict;   // a known address now answering with another MAC
};

struct ScanPortRow {
    std::int64_t scan_id = 0;
    std::string ip, protocol;
    std::int64_t port = 0;
    std::string service, product;
};

// Inserts the scan (its id is ignored) and returns the id it got.
std::int64_t insert_scan(Transaction& tx, const ScanRow& row);
void insert_scan_host(Transaction& tx, const ScanHostRow& row);
void insert_scan_port(Transaction& tx, const ScanPortRow& row);

std::optional<ScanRow> find_scan(Db& db, std::int64_t id);
std::optional<ScanRow> find_scan_by_sha256(Db& db, const std::string& sha256);
// Every scan, oldest first (by when nmap ran, then by id).
std::vector<ScanRow> list_scans(Db& db);
// The hosts of a scan by address, and its open ports by address, protocol and port.
std::vector<ScanHostRow> list_scan_hosts(Db& db, std::int64_t scan_id);
std::vector<ScanPortRow> list_scan_ports(Db& db, std::int64_t scan_id);

} // namespace netsec::store
