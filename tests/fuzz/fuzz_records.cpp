// libFuzzer target: record input (CSV, TSV, JSON Lines, plain lines; UTF-8 or GBK).
// The first byte chooses how the rest is read, so that a seed file names its own mode:
//   c t j l a  = csv, tsv, jsonl, lines, automatic (by content) in UTF-8
//   C T J L A  = the same in GBK
// any other byte: format = byte % 5 in the order above, GBK when the high bit is set.
// A refusal is netsec::Error; any other exception or a crash is a bug. Every accepted record
// must be a JSON object that serialises (nlohmann throws on invalid UTF-8), since the tools
// print them.
#include "netsec/core/error.hpp"
#include "netsec/io/records.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

using netsec::io::Encoding;
using netsec::io::InputFormat;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    static const InputFormat formats[] = {InputFormat::csv, InputFormat::tsv, InputFormat::jsonl, InputFormat::lines,
                                          InputFormat::automatic};
    netsec::io::ReadOptions options;
    const unsigned char mode = data[0];
    switch (mode) {
    case 'c':
    case 'C': options.format = InputFormat::csv; break;
    case 't':
    case 'T': options.format = InputFormat::tsv; break;
    case 'j':
    case 'J': options.format = InputFormat::jsonl; break;
    case 'l':
    case 'L': options.format = InputFormat::lines; break;
    case 'a':
    case 'A': options.format = InputFormat::automatic; break;
    default: options.format = formats[mode % 5];
    }
    bool letter = (mode >= 'A' && mode <= 'Z') || (mode >= 'a' && mode <= 'z');
    bool gbk = letter ? (mode >= 'A' && mode <= 'Z') : (mode & 0x80) != 0;
    options.encoding = gbk ? Encoding::gbk : Encoding::utf8;
    if (mode & 0x40) options.key = "username";

    std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        auto records = netsec::io::read_records(text, "fuzz", options);
        for (const auto& r : records) {
            if (!r.fields.is_object() || r.line == 0) std::abort();
            std::string out = r.fields.dump();
            (void)out;
        }
    } catch (const netsec::Error&) {
    }
    return 0;
}
