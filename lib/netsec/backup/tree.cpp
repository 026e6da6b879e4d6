#include "netsec/backup/tree.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/hash.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/width.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <utility>

namespace netsec::backup {
namespace {

using json = nlohmann::json;

std::string get_bytes(const json& j, const char* key) {
    if (j.contains(key)) return j[key].get<std::string>();
    std::string hk = std::string(key) + "_hex";
    if (!j.contains(hk)) return {};
    if (auto bytes = hash::hex_decode(j[hk].get<std::string>())) return *bytes;
    throw std::runtime_error(hk);
}

NodeType parse_type(const std::string& s) {
    if (s == "file") return NodeType::file;
    if (s == "dir") return NodeType::dir;
    if (s == "symlink") return NodeType::symlink;
    if (s == "fifo") return NodeType::fifo;
    if (s == "chardev") return NodeType::chardev;
    if (s == "blockdev") return NodeType::blockdev;
    throw std::runtime_error("type");
}

} // namespace

const char* type_name(NodeType t) {
    switch (t) {
    case NodeType::file: return "file";
    case NodeType::dir: return "dir";
    case NodeType::symlink: return "symlink";
    case NodeType::fifo: return "fifo";
    case NodeType::chardev: return "chardev";
    case NodeType::blockdev: return "blockdev";
    }
    return "file";
}

namespace detail {

template <class T>
T json_integer(const json& j, T lo, T hi) {
    // nlohmann keeps a parsed integer >= 0 as unsigned and a negative one as signed; a number
    // built in code may be signed and positive. Either way the comparison is exact.
    if (j.is_number_unsigned()) {
        auto v = j.get_ref<const json::number_unsigned_t&>();
        if (std::cmp_greater_equal(v, lo) && std::cmp_less_equal(v, hi)) return T(v);
    } else if (j.is_number_integer()) {
        auto v = j.get_ref<const json::number_integer_t&>();
        if (std::cmp_greater_equal(v, lo) && std::cmp_less_equal(v, hi)) return T(v);
    }
    throw std::out_of_range("not an integer in range");
}

template std::int32_t json_integer<std::int32_t>(const json&, std::int32_t, std::int32_t);
template std::uint32_t json_integer<std::uint32_t>(const json&, std::uint32_t, std::uint32_t);
template std::int64_t json_integer<std::int64_t>(const json&, std::int64_t, std::int64_t);
template std::uint64_t json_integer<std::uint64_t>(const json&, std::uint64_t, std::uint64_t);

} // namespace detail

namespace {

void put_num(std::string& out, std::uint64_t v) {
    char buf[24];
    char* e = buf + sizeof buf;
    char* b = e;
    do {
        *--b = char('0' + v % 10);
        v /= 10;
    } while (v);
    out.append(b, std::size_t(e - b));
}

void put_int(std::string& out, std::int64_t v) {
    if (v < 0) {
        out += '-';
        put_num(out, std::uint64_t(0) - std::uint64_t(v));
    } else {
        put_num(out, std::uint64_t(v));
    }
}

// A JSON string exactly as nlohmann::json::dump() writes it (the format's tree bytes were
// first written by it: the same entries give the same bytes, so unchanged folders deduplicate).
void put_string(std::string& out, const std::string& s) {
    bool plain = true;
    for (unsigned char c : s)
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
            plain = false;
            break;
        }
    if (plain) {
        out += '"';
        out += s;
        out += '"';
    } else {
        out += json(s).dump();
    }
}

// `"key":` for a key that is a valid name, then its string value: "name" or "name_hex".
void put_bytes_kv(std::string& out, const char* key, const std::string& value) {
    out += '"';
    out += key;
    if (width::is_valid_utf8(value)) {
        out += "\":";
        put_string(out, value);
    } else {
        out += "_hex\":\"";
        out += hash::hex_encode(value);
        out += '"';
    }
}

} // namespace

// Keys in sorted order, as nlohmann's std::map-backed objects dump them.
std::string encode_tree(const std::vector<Node>& nodes) {
    std::string out;
    std::size_t guess = 16;
    for (const auto& n : nodes) guess += 200 + n.name.size() + n.target.size() + 67 * n.content.size();
    out.reserve(guess);
    out += "{\"nodes\":[";
    bool first_node = true;
    for (const auto& n : nodes) {
        if (!first_node) out += ',';
        first_node = false;
        out += '{';
        if (n.type == NodeType::file) {
            out += "\"content\":[";
            for (std::size_t i = 0; i < n.content.size(); ++i) {
                if (i) out += ',';
                out += '"';
                detail::append_hex(out, n.content[i]);
                out += '"';
            }
            out += "],";
        }
        out += "\"ctime\":[";
        put_int(out, n.ctime_sec);
        out += ',';
        put_num(out, n.ctime_nsec);
        out += "],\"dev\":";
        put_num(out, n.dev);
        out += ",\"gid\":";
        put_num(out, n.gid);
        out += ",\"inode\":";
        put_num(out, n.inode);
        if (n.type == NodeType::file && n.link_group) {
            out += ",\"link_group\":";
            put_num(out, n.link_group);
        }
        out += ",\"mode\":";
        put_num(out, n.mode);
        out += ",\"mtime\":[";
        put_int(out, n.mtime_sec);
        out += ',';
        put_num(out, n.mtime_nsec);
        out += "],";
        put_bytes_kv(out, "name", n.name);
        if (n.type == NodeType::chardev || n.type == NodeType::blockdev) {
            out += ",\"rdev\":";
            put_num(out, n.rdev);
        }
        if (n.type == NodeType::file) {
            out += ",\"size\":";
            put_num(out, n.size);
        }
        if (n.type == NodeType::dir) {
            out += ",\"subtree\":\"";
            detail::append_hex(out, n.subtree);
            out += '"';
        }
        if (n.type == NodeType::symlink) {
            out += ',';
            put_bytes_kv(out, "target", n.target);
        }
        out += ",\"type\":\"";
        out += type_name(n.type);
        out += "\",\"uid\":";
        put_num(out, n.uid);
        out += '}';
    }
    out += "]}";
    return out;
}

namespace {

// The general decoder: any JSON the format allows.
std::vector<Node> decode_tree_json(const std::string& bytes) {
    std::vector<Node> out;
    try {
        auto j = json::parse(bytes);
        for (const auto& e : j.at("nodes")) {
            Node n;
            n.name = get_bytes(e, "name");
            n.type = parse_type(e.at("type").get<std::string>());
            // the same ranges as the fast path's (u32, i64, u64), so both read a tree alike
            using detail::json_integer;
            auto u64_or_0 = [&](const char* key) { return e.contains(key) ? json_integer<std::uint64_t>(e[key]) : 0; };
            auto u32_or_0 = [&](const char* key) { return e.contains(key) ? json_integer<std::uint32_t>(e[key]) : 0u; };
            n.mode = json_integer<std::uint32_t>(e.at("mode")) & 07777;
            n.uid = u32_or_0("uid");
            n.gid = u32_or_0("gid");
            n.mtime_sec = json_integer<std::int64_t>(e.at("mtime").at(0));
            n.mtime_nsec = json_integer<std::uint32_t>(e.at("mtime").at(1));
            if (e.contains("ctime")) {
                n.ctime_sec = json_integer<std::int64_t>(e["ctime"].at(0));
                n.ctime_nsec = json_integer<std::uint32_t>(e["ctime"].at(1));
            }
            n.inode = u64_or_0("inode");
            n.dev = u64_or_0("dev");
            n.rdev = u64_or_0("rdev");
            n.size = u64_or_0("size");
            n.link_group = u64_or_0("link_group");
            if (e.contains("content"))
                for (const auto& c : e["content"]) n.content.push_back(parse_id(c.get<std::string>()).value());
            n.target = get_bytes(e, "target");
            if (n.type == NodeType::dir) n.subtree = parse_id(e.at("subtree").get<std::string>()).value();
            out.push_back(std::move(n));
        }
    } catch (const std::exception&) {
        throw Error(Exit::data, _("a tree blob is malformed"));
    }
    return out;
}

bool pair_of(detail::JsonCursor& c, std::int64_t& sec, std::uint32_t& nsec) {
    return c.lit('[') && c.i64(sec) && c.lit(',') && c.u32(nsec) && c.lit(']');
}

// The fast path: trees as this program writes them. False means "use the general decoder"
// (escaped or hex names, unknown keys, anything unusual), never "damaged".
bool decode_tree_fast(const std::string& bytes, std::vector<Node>& out) {
    detail::JsonCursor c(bytes);
    std::string_view k;
    if (!c.lit('{') || !c.key(k) || k != "nodes" || !c.lit('[')) return false;
    if (c.lit(']')) return c.lit('}') && c.done();
    do {
        if (!c.lit('{')) return false;
        Node& n = out.emplace_back();
        bool has_type = false, has_mode = false, has_mtime = false, has_name = false, has_subtree = false,
             has_content = false;
        if (!c.peek('}')) do {
                if (!c.key(k)) return false;
                std::string_view v;
                if (k == "content") {
                    if (has_content || !c.lit('[')) return false;
                    has_content = true;
                    if (!c.lit(']')) {
                        do {
                            if (!c.str(v) || !detail::parse_hex_id(v, n.content.emplace_back())) return false;
                        } while (c.lit(','));
                        if (!c.lit(']')) return false;
                    }
                } else if (k == "ctime") {
                    if (!pair_of(c, n.ctime_sec, n.ctime_nsec)) return false;
                } else if (k == "mtime") {
                    if (!pair_of(c, n.mtime_sec, n.mtime_nsec)) return false;
                    has_mtime = true;
                } else if (k == "dev") {
                    if (!c.u64(n.dev)) return false;
                } else if (k == "gid") {
                    if (!c.u32(n.gid)) return false;
                } else if (k == "uid") {
                    if (!c.u32(n.uid)) return false;
                } else if (k == "inode") {
                    if (!c.u64(n.inode)) return false;
                } else if (k == "link_group") {
                    if (!c.u64(n.link_group)) return false;
                } else if (k == "mode") {
                    if (!c.u32(n.mode)) return false;
                    n.mode &= 07777;
                    has_mode = true;
                } else if (k == "name") {
                    if (has_name || !c.str(v)) return false;
                    n.name.assign(v);
                    has_name = true;
                } else if (k == "rdev") {
                    if (!c.u64(n.rdev)) return false;
                } else if (k == "size") {
                    if (!c.u64(n.size)) return false;
                } else if (k == "subtree") {
                    if (!c.str(v) || !detail::parse_hex_id(v, n.subtree)) return false;
                    has_subtree = true;
                } else if (k == "target") {
                    if (!c.str(v)) return false;
                    n.target.assign(v);
                } else if (k == "type") {
                    if (!c.str(v)) return false;
                    if (v == "file")
                        n.type = NodeType::file;
                    else if (v == "dir")
                        n.type = NodeType::dir;
                    else if (v == "symlink")
                        n.type = NodeType::symlink;
                    else if (v == "fifo")
                        n.type = NodeType::fifo;
                    else if (v == "chardev")
                        n.type = NodeType::chardev;
                    else if (v == "blockdev")
                        n.type = NodeType::blockdev;
                    else
                        return false;
                    has_type = true;
                } else {
                    return false;
                }
            } while (c.lit(','));
        if (!c.lit('}')) return false;
        if (!has_type || !has_mode || !has_mtime || !has_name || (n.type == NodeType::dir && !has_subtree))
            return false;
        if (!width::is_valid_utf8(n.name) || !width::is_valid_utf8(n.target)) return false;
    } while (c.lit(','));
    return c.lit(']') && c.lit('}') && c.done();
}

// Names and order, whichever decoder read the tree.
void check_entries(const std::vector<Node>& nodes) {
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const Node& n = nodes[i];
        if (!valid_name(n.name))
            throw Error(
                Exit::data,
                _("a tree blob holds a name that cannot be a file's (empty, '.', '..', or with '/' or a NUL byte)"));
        if (n.target.find('\0') != std::string::npos)
            throw Error(Exit::data, _("a tree blob holds a link target with a NUL byte"));
        if (i > 0 && !(nodes[i - 1].name < n.name))
            throw Error(Exit::data, _("a tree blob names an entry twice or out of order"));
    }
}

} // namespace

bool valid_name(std::string_view name) {
    return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos &&
           name.find('\0') == std::string_view::npos;
}

std::vector<Node> decode_tree(const std::string& bytes) {
    std::vector<Node> out;
    if (!decode_tree_fast(bytes, out)) {
        out = decode_tree_json(bytes);
    }
    check_entries(out);
    return out;
}

} // namespace netsec::backup
