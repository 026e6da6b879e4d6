// Installed-software lists as the real programs write them, read into name and version:
// `Get-Package | Export-Csv` (Windows PowerShell 5.1), `wmic product get Name,Version
// /format:csv` (UTF-16LE) and `dpkg-query -W`. Pure: bytes in, a list out.
#pragma once
#include "netsec/io/encoding.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace netsec::asset {

enum class SoftwareFormat { automatic, get_package, wmic, dpkg };

// "auto", "get-package", "wmic", "dpkg"; throws Error(usage) naming the choices.
SoftwareFormat parse_software_format(const std::string& name);
// "get-package", "wmic", "dpkg" ("auto" for automatic).
std::string software_format_name(SoftwareFormat format);

struct InstalledSoftware {
    std::size_t line = 0; // where the row starts in its file
    std::string name;
    std::string version; // "" when the list gives none
    std::string node;    // the machine the row names (wmic's Node, PSComputerName), "" when none
};

struct SoftwareList {
    SoftwareFormat format = SoftwareFormat::automatic; // the one read, never automatic
    std::vector<InstalledSoftware> packages;           // in file order, each node+name+version once
    std::vector<std::string> nodes;                    // the distinct non-empty nodes, in file order
    std::size_t skipped_updates = 0;                   // Get-Package rows of the msu provider
};

// The most a software list may hold; a larger file is refused before it is read.
inline constexpr std::size_t software_list_limit = std::size_t(32) << 20; // 32 MiB

// Reads `bytes`, named `source` in messages. The format is taken from the bytes when automatic:
// UTF-16LE (byte-order mark, or a zero second byte) is decoded first, a UTF-8 byte-order mark
// skipped; then a `#TYPE` line or a quoted header is Get-Package, a header starting with Node
// is wmic, a line with a tab is dpkg-query. `encoding` gbk reads a CSV saved in the Chinese
// Windows code page. Throws Error(data) listing every bad row as source:line, and nothing is
// returned then.
SoftwareList parse_software_list(std::string_view bytes, const std::string& source,
                                 SoftwareFormat format = SoftwareFormat::automatic,
                                 io::Encoding encoding = io::Encoding::utf8);

// The file `path` ("-": standard input), at most software_list_limit bytes, as
// parse_software_list reads it. Throws Error(no_input) when it cannot be read.
SoftwareList read_software_list(const std::string& path, SoftwareFormat format = SoftwareFormat::automatic,
                                io::Encoding encoding = io::Encoding::utf8);

} // namespace netsec::asset
