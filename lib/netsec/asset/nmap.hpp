// Reading what `nmap -oX` writes: the run (its start and arguments) and each host nmap reported
// (addresses, names, state, open ports and their services), through pugixml. pugixml expands no
// DTD and no entity, so a hostile file cannot reach outside itself or blow up in memory; the
// file is bounded before anything is allocated for it.
#pragma once
#include "netsec/core/time.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace netsec::asset {

// The largest scan file read_nmap reads (64 MiB: some 100,000 hosts with a few ports each).
inline constexpr std::size_t nmap_max_bytes = std::size_t(64) << 20;

// An open port nmap found on a host.
struct NmapPort {
    std::string protocol; // "tcp", "udp", "sctp"
    int port = 0;         // 1..65535
    std::string service;  // nmap's service name ("http"), "" when it named none
    std::string product;  // the product and version nmap read from it ("nginx 1.22.1"), or ""
};

// A host as nmap reported it; any text may be "".
struct NmapHost {
    std::size_t line = 0;        // where its <host> starts in the file
    std::string ip;              // the IPv4 address, else the IPv6 one
    std::string mac;             // lowercase "00:1a:2b:3c:4d:5e" as nmap writes it (local networks only)
    std::string vendor;          // the MAC's vendor, as nmap's table names it
    std::string hostname;        // the name given on the command line, else the PTR name
    std::string state;           // "up", "down", "unknown"
    std::vector<NmapPort> ports; // open ports only, in the file's order
};

// One nmap run.
struct NmapScan {
    timeutil::Instant started_at{}; // <nmaprun start=…>
    std::string args;               // the command line nmap ran with
    std::string version;            // nmap's version
    std::vector<NmapHost> hosts;    // in the file's order
};

// Reads `xml`, named `source` in messages. Throws Error(data) naming source:line and what was
// expected when it is not XML (or not whole), when its root is not <nmaprun>, when nmap said the
// run failed, or when a host or port lacks what nmap always writes.
NmapScan parse_nmap(std::string_view xml, const std::string& source);

// The bytes of a scan file; throws Error(no_input) when it cannot be read and Error(data) when
// it is larger than nmap_max_bytes (refused before it is read).
std::string read_nmap_file(const std::string& file);

// parse_nmap of read_nmap_file.
NmapScan read_nmap(const std::string& file);

} // namespace netsec::asset
