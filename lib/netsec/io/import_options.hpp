// What an import command reads its file with: --input-format and --encoding as the user typed
// them, refused (64) before the command runs when they name nothing, and the words every import
// ends its problems with.
#pragma once
#include "netsec/core/i18n.hpp"
#include "netsec/io/records.hpp"

#include <string>

namespace netsec::io {

inline ReadOptions import_options(const std::string& format, const std::string& encoding, std::string key = "id") {
    ReadOptions ro;
    ro.format = parse_input_format(format);
    ro.encoding = parse_encoding(encoding);
    ro.key = std::move(key);
    ro.not_done = _("nothing was imported");
    return ro;
}

} // namespace netsec::io
