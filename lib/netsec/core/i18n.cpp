#include "netsec/core/i18n.hpp"

#include "netsec/core/paths.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <unordered_map>

namespace netsec::i18n {
namespace {

struct Catalog {
    std::string language = "en";
    std::unordered_map<std::string, std::string> messages;
};

Catalog& catalog() {
    static Catalog c;
    return c;
}

std::uint32_t read_u32(const std::string& data, std::size_t at, bool swap) {
    if (at + 4 > data.size()) return 0;
    std::uint32_t v;
    std::memcpy(&v, data.data() + at, 4);
    return swap ? __builtin_bswap32(v) : v;
}

// Parses a GNU .mo file (magic, count, two tables of (length, offset)); false when malformed.
bool load_mo(const std::string& path, std::unordered_map<std::string, std::string>& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (data.size() < 28) return false;
    std::uint32_t magic;
    std::memcpy(&magic, data.data(), 4);
    bool swap;
    if (magic == 0x950412de)
        swap = false;
    else if (magic == 0xde120495)
        swap = true;
    else
        return false;
    std::uint32_t count = read_u32(data, 8, swap);
    std::uint32_t originals = read_u32(data, 12, swap);
    std::uint32_t translations = read_u32(data, 16, swap);
    for (std::uint32_t i = 0; i < count; ++i) {
        std::uint32_t olen = read_u32(data, originals + 8 * i, swap);
        std::uint32_t ooff = read_u32(data, originals + 8 * i + 4, swap);
        std::uint32_t tlen = read_u32(data, translations + 8 * i, swap);
        std::uint32_t toff = read_u32(data, translations + 8 * i + 4, swap);
        if (std::size_t(ooff) + olen > data.size() || std::size_t(toff) + tlen > data.size()) return false;
        std::string original(data, ooff, olen);
        if (original.empty()) continue; // the header entry
        // Plural forms hold "singular\0plural"; we key by the singular and take the first form.
        original = original.substr(0, original.find('\0'));
        std::string translation(data, toff, tlen);
        translation = translation.substr(0, translation.find('\0'));
        if (!translation.empty()) out.emplace(std::move(original), std::move(translation));
    }
    return true;
}

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

} // namespace

std::string language_from_env() {
    std::string locale = env("LC_ALL");
    if (locale.empty()) locale = env("LC_MESSAGES");
    if (locale.empty()) locale = env("LANG");
    if (locale.empty() || locale == "C" || locale == "POSIX" || locale.rfind("C.", 0) == 0) return "en";
    // As gettext does, LANGUAGE refines the choice only when a locale is set.
    std::string preferred = env("LANGUAGE");
    std::string first = preferred.empty() ? locale : preferred.substr(0, preferred.find(':'));
    if (first.rfind("zh", 0) == 0) return "zh_CN";
    return "en";
}

void set_language(const std::string& language, bool from_env_dir) {
    Catalog& c = catalog();
    c.messages.clear();
    c.language = "en";
    if (language != "zh_CN") return;
    std::string relative = "/" + language + "/LC_MESSAGES/netsec.mo";
    std::string dirs[] = {paths::executable_dir() + "/../share/locale", from_env_dir ? env("NETSEC_LOCALEDIR") : ""};
    for (const auto& dir : dirs) {
        if (dir.empty() || dir == "/../share/locale") continue;
        if (load_mo(dir + relative, c.messages)) {
            c.language = language;
            return;
        }
    }
}

const std::string& language() { return catalog().language; }

const char* translate(const char* msgid) {
    const Catalog& c = catalog();
    if (c.messages.empty()) return msgid;
    auto it = c.messages.find(msgid);
    return it == c.messages.end() ? msgid : it->second.c_str();
}

} // namespace netsec::i18n
