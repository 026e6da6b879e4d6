// diff_snapshots: two snapshots compared tree by tree; a folder whose tree id is the same in both
// is identical below and is not read.
#include "netsec/backup/backup.hpp"

#include <map>

namespace netsec::backup {
namespace {

std::string join(const std::string& dir, const std::string& name) { return dir.empty() ? name : dir + "/" + name; }

class Differ {
public:
    Differ(Repository& repo, std::vector<Change>& out) : repo_(repo), out_(out) {}

    void trees(const std::string& dir, const Id& a, const Id& b) {
        if (a == b) return;
        std::map<std::string, Node> old_nodes, new_nodes;
        for (auto& n : decode_tree(repo_.read_blob(a))) old_nodes.emplace(n.name, std::move(n));
        for (auto& n : decode_tree(repo_.read_blob(b))) new_nodes.emplace(n.name, std::move(n));
        auto o = old_nodes.begin();
        auto n = new_nodes.begin();
        while (o != old_nodes.end() || n != new_nodes.end()) {
            if (n == new_nodes.end() || (o != old_nodes.end() && o->first < n->first)) {
                whole(dir, o->second, "removed");
                ++o;
            } else if (o == old_nodes.end() || n->first < o->first) {
                whole(dir, n->second, "added");
                ++n;
            } else {
                entries(dir, o->second, n->second);
                ++o;
                ++n;
            }
        }
    }

private:
    void entries(const std::string& dir, const Node& a, const Node& b) {
        std::string path = join(dir, a.name);
        if (a.type != b.type) {
            whole(dir, a, "removed");
            whole(dir, b, "added");
            return;
        }
        bool content = a.type == NodeType::file      ? (a.content != b.content || a.size != b.size)
                       : a.type == NodeType::symlink ? a.target != b.target
                                                     : a.rdev != b.rdev;
        bool meta = a.mode != b.mode || a.uid != b.uid || a.gid != b.gid ||
                    (a.type != NodeType::dir && (a.mtime_sec != b.mtime_sec || a.mtime_nsec != b.mtime_nsec));
        if (content || meta) out_.push_back({path, content ? "modified" : "metadata", b.type, a.size, b.size});
        if (a.type == NodeType::dir) trees(path, a.subtree, b.subtree);
    }

    // `node` and everything below it, all `change`.
    void whole(const std::string& dir, const Node& node, const char* change) {
        std::string path = join(dir, node.name);
        bool removed = std::string(change) == "removed";
        out_.push_back({path, change, node.type, removed ? node.size : 0, removed ? 0 : node.size});
        if (node.type != NodeType::dir) return;
        for (const auto& c : decode_tree(repo_.read_blob(node.subtree))) whole(path, c, change);
    }

    Repository& repo_;
    std::vector<Change>& out_;
};

} // namespace

std::vector<Change> diff_snapshots(Repository& repo, const Snapshot& a, const Snapshot& b) {
    std::vector<Change> out;
    Differ(repo, out).trees("", a.tree, b.tree);
    return out;
}

} // namespace netsec::backup
