#include "netsec/io/encoding.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/text.hpp"

#include <cerrno>
#include <iconv.h>

namespace netsec::io {

Encoding parse_encoding(const std::string& name) {
    std::string n = text::lower_ascii(name);
    if (n == "utf-8" || n == "utf8") return Encoding::utf8;
    if (n == "gbk" || n == "gb18030" || n == "cp936" || n == "gb2312") return Encoding::gbk;
    throw Error(Exit::usage, _f("unknown encoding '{}': expected utf-8 or gbk", name));
}

Encoding parse_output_encoding(const std::string& name) {
    std::string n = text::lower_ascii(name);
    if (n == "utf-8" || n == "utf8") return Encoding::utf8;
    if (n == "utf-8-bom" || n == "utf8-bom") return Encoding::utf8_bom;
    if (n == "gbk") return Encoding::gbk;
    throw Error(Exit::usage, _f("unknown encoding '{}': expected utf-8, utf-8-bom or gbk", name));
}

std::string encoding_name(Encoding encoding) {
    switch (encoding) {
    case Encoding::utf8: return "utf-8";
    case Encoding::utf8_bom: return "utf-8-bom";
    case Encoding::gbk: return "gbk";
    }
    return "utf-8";
}

Converted convert_text(std::string_view text, const char* from, const char* to) {
    iconv_t cd = ::iconv_open(to, from);
    if (cd == (iconv_t)-1) throw Error(Exit::unavailable, _f("this system's iconv cannot convert {} to {}", from, to));
    Converted result;
    std::string& out = result.text;
    out.resize(text.size() * 2 + 16);
    char* in = const_cast<char*>(text.data());
    std::size_t in_left = text.size();
    char* outp = out.data();
    std::size_t out_left = out.size();
    while (in_left > 0) {
        if (::iconv(cd, &in, &in_left, &outp, &out_left) != std::size_t(-1)) continue;
        if (errno == E2BIG) {
            std::size_t used = std::size_t(outp - out.data());
            out.resize(out.size() * 2);
            outp = out.data() + used;
            out_left = out.size() - used;
            continue;
        }
        result.failed_at = std::size_t(in - text.data()); // EILSEQ, or EINVAL: cut short at the end
        break;
    }
    ::iconv_close(cd);
    out.resize(std::size_t(outp - out.data()));
    return result;
}

Converted gbk_to_utf8(std::string_view text) { return convert_text(text, "GB18030", "UTF-8"); }

Converted utf8_to_gbk(std::string_view text) { return convert_text(text, "UTF-8", "GBK"); }

Converted utf16le_to_utf8(std::string_view text) {
    // "UTF-16LE" names no byte order to look for, so iconv would keep the mark as U+FEFF.
    std::size_t skipped = text.starts_with(utf16le_bom) ? utf16le_bom.size() : 0;
    Converted out = convert_text(text.substr(skipped), "UTF-16LE", "UTF-8");
    if (out.failed_at) *out.failed_at += skipped;
    return out;
}

} // namespace netsec::io
