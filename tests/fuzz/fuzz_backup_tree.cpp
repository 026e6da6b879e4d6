// libFuzzer target: a backup tree blob as read back from a repository (backup/tree.cpp,
// decode_tree). The whole input is the blob's plaintext. A refusal is netsec::Error; any other
// exception or a crash is a bug. Two more checks:
//  - a tree that decodes must encode to bytes that decode and encode to the same bytes again
//    (what restore, export and verify read is what run wrote);
//  - decode_tree has a fast path for the compact JSON encode_tree writes and falls back to a
//    general JSON decoder for anything else: when the input is JSON, the same tree with an
//    extra key in every entry (which only the general decoder takes) must decode to the same
//    entries (compared as encode_tree writes them), or be refused both ways;
//  - every name of a tree that decodes is a valid_name (no NUL byte, not "..", no '/'), and the
//    names are in strictly increasing byte order (no name twice: restore must never meet a
//    second entry of a name it made, such as a folder after a link).
// Seeds: trees of real folders, written by encode_tree (see fuzz_backup_files.cpp,
// FUZZ_BACKUP_SEEDS, and make-backup-seeds.sh).
#include "netsec/backup/tree.hpp"
#include "netsec/core/error.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace {

namespace nb = netsec::backup;

std::optional<std::vector<nb::Node>> decode(const std::string& bytes) {
    try {
        return nb::decode_tree(bytes);
    } catch (const netsec::Error&) {
        return std::nullopt;
    }
}

[[noreturn]] void broken(const char* what, const std::string& a, const std::string& b) {
    std::fprintf(stderr, "fuzz_backup_tree: %s:\n%s\n%s\n", what, a.c_str(), b.c_str());
    std::abort();
}

// The input with a key only the general decoder accepts added to every entry, or nothing when
// the input is not a JSON object with a "nodes" array of objects.
std::optional<std::string> general_only(const std::string& bytes) {
    auto j = nlohmann::json::parse(bytes, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("nodes") || !j["nodes"].is_array() || j["nodes"].empty())
        return std::nullopt;
    for (auto& e : j["nodes"]) {
        if (!e.is_object()) return std::nullopt;
        e["zz_fuzz"] = 0;
    }
    return j.dump();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string bytes(reinterpret_cast<const char*>(data), size);
    auto nodes = decode(bytes);
    if (auto forced = general_only(bytes)) {
        auto general = decode(*forced);
        if (nodes.has_value() != general.has_value())
            broken(nodes ? "decode_tree takes the tree but refuses it with an extra key in every entry"
                         : "decode_tree refuses the tree but takes it with an extra key in every entry",
                   bytes, *forced);
        // compared as encoded: fields an entry's type does not use (a file's "subtree") may differ
        if (nodes && nb::encode_tree(*nodes) != nb::encode_tree(*general))
            broken("decode_tree reads the tree differently with an extra key in every entry", bytes, *forced);
    }
    if (!nodes) return 0;
    for (std::size_t i = 0; i < nodes->size(); ++i) {
        if (!nb::valid_name((*nodes)[i].name))
            broken("decode_tree takes a name that is not a file's", bytes, (*nodes)[i].name);
        if (i && !((*nodes)[i - 1].name < (*nodes)[i].name))
            broken("decode_tree takes a name twice or out of order", bytes, (*nodes)[i].name);
    }
    std::string once = nb::encode_tree(*nodes);
    auto again = decode(once);
    if (!again) broken("encode_tree wrote what decode_tree refuses", bytes, once);
    if (nb::encode_tree(*again) != once)
        broken("encode_tree(decode_tree(encode_tree(nodes))) != encode_tree(nodes)", bytes, once);
    return 0;
}
