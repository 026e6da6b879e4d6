#include "netsec/backup/tree.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/hash.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/width.hpp"

#include <nlohmann/json.hpp>

namespace netsec::backup {
namespace {

using json = nlohmann::json;

void put_bytes(json& j, const char* key, const std::string& value) {
    if (width::is_valid_utf8(value)) j[key] = value;
    else j[std::string(key) + "_hex"] = hash::hex_encode(value);
}

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

std::string encode_tree(const std::vector<Node>& nodes) {
    json a = json::array();
    for (const auto& n : nodes) {
        json j;
        put_bytes(j, "name", n.name);
        j["type"] = type_name(n.type);
        j["mode"] = n.mode;
        j["uid"] = n.uid;
        j["gid"] = n.gid;
        j["mtime"] = {n.mtime_sec, n.mtime_nsec};
        j["ctime"] = {n.ctime_sec, n.ctime_nsec};
        j["inode"] = n.inode;
        j["dev"] = n.dev;
        if (n.type == NodeType::chardev || n.type == NodeType::blockdev) j["rdev"] = n.rdev;
        if (n.type == NodeType::file) {
            j["size"] = n.size;
            json c = json::array();
            for (const auto& id : n.content) c.push_back(to_hex(id));
            j["content"] = std::move(c);
            if (n.link_group) j["link_group"] = n.link_group;
        }
        if (n.type == NodeType::symlink) put_bytes(j, "target", n.target);
        if (n.type == NodeType::dir) j["subtree"] = to_hex(n.subtree);
        a.push_back(std::move(j));
    }
    return json{{"nodes", std::move(a)}}.dump();
}

std::vector<Node> decode_tree(const std::string& bytes) {
    std::vector<Node> out;
    try {
        auto j = json::parse(bytes);
        for (const auto& e : j.at("nodes")) {
            Node n;
            n.name = get_bytes(e, "name");
            if (n.name.empty() || n.name == "." || n.name == ".." || n.name.find('/') != std::string::npos)
                throw std::runtime_error("name");
            n.type = parse_type(e.at("type").get<std::string>());
            n.mode = e.at("mode").get<std::uint32_t>() & 07777;
            n.uid = e.value("uid", 0u);
            n.gid = e.value("gid", 0u);
            n.mtime_sec = e.at("mtime")[0].get<std::int64_t>();
            n.mtime_nsec = e.at("mtime")[1].get<std::uint32_t>();
            if (e.contains("ctime")) {
                n.ctime_sec = e["ctime"][0].get<std::int64_t>();
                n.ctime_nsec = e["ctime"][1].get<std::uint32_t>();
            }
            n.inode = e.value("inode", 0ull);
            n.dev = e.value("dev", 0ull);
            n.rdev = e.value("rdev", 0ull);
            n.size = e.value("size", 0ull);
            n.link_group = e.value("link_group", 0ull);
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

} // namespace netsec::backup
