// libFuzzer target: the asset register's readers of files other programs write. The first byte
// chooses the reader, so that a seed file names its own:
//   n  an nmap -oX scan (pugixml)
//   d  a Get-MpComputerStatus export (defender; culture dates settled from the file)
//   g  a generic antivirus export with a column map, in GBK
//   s  an installed-software list (Get-Package, wmic UTF-16LE, dpkg-query), found from the bytes
//   m  MAC addresses in any of the forms the register reads
// A refusal is netsec::Error; any other exception or a crash is a bug. Every MAC accepted must
// read back as itself (the stored form is a fixed point).
#include "netsec/asset/asset.hpp"
#include "netsec/asset/defender.hpp"
#include "netsec/asset/nmap.hpp"
#include "netsec/asset/software.hpp"
#include "netsec/core/error.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const char mode = char(data[0]);
    std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        switch (mode) {
        case 'n': {
            auto scan = netsec::asset::parse_nmap(text, "fuzz.xml");
            (void)scan;
            break;
        }
        case 'd':
        case 'g': {
            netsec::asset::AvReadOptions o;
            if (mode == 'g') {
                o.format = netsec::asset::AvFormat::generic;
                o.encoding = netsec::io::Encoding::gbk;
                o.map = {{"hostname", "终端名称"}, {"signature_updated_at", "病毒库更新时间"}, {"product", "产品"}};
            }
            auto rows = netsec::asset::read_av_export(text, "fuzz.csv", o);
            (void)rows;
            break;
        }
        case 's': {
            auto list = netsec::asset::parse_software_list(text, "fuzz.csv");
            (void)list;
            break;
        }
        case 'm':
            if (auto mac = netsec::asset::normalise_mac(text))
                if (netsec::asset::normalise_mac(*mac) != mac) std::abort();
            break;
        default: break;
        }
    } catch (const netsec::Error&) {
    }
    return 0;
}
