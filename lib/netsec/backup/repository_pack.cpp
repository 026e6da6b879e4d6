// A repository's packs: blobs sealed into pack files, read back checked, and the pack header.
#include "netsec/backup/repository.hpp"
#include "netsec/backup/repository_format.hpp"
#include "netsec/backup/tree.hpp"

#include "netsec/core/caller.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>
#include <openssl/rand.h>
#include <optional>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace netsec::backup {

using namespace detail;

namespace {

std::string entries_json(const std::vector<PackEntry>& entries) {
    std::string out;
    out.reserve(entries.size() * 150 + 2);
    append_entries_json(out, entries);
    return out;
}

std::string short_id(const Id& id) { return to_hex(id).substr(0, 8); }

} // namespace

std::string Repository::pack_name(const Id& pack) {
    std::string h = to_hex(pack);
    return "data/" + h.substr(0, 2) + "/" + h;
}

// Reads the stored bytes of `id` into `stored` (through `reader` when given) and opens them into
// `plain`, checking the length and id the index promises; returns the index entry.
BlobLoc Repository::read_checked(const Id& id, Buffer& stored, Buffer& plain, Reader* reader) {
    auto loc = find(id);
    if (!loc) throw Error(Exit::data, _f("blob {} is missing from the index", to_hex(id)));
    auto damaged = [&] {
        return Error(Exit::data, _f("blob {} in pack {} is damaged", to_hex(id), short_id(loc->pack)));
    };
    if (!plausible(*loc)) throw damaged();
    try {
        if (reader) {
            stored.resize(loc->length);
            reader->read_at(pack_name(loc->pack), loc->offset, loc->length, stored.data());
        } else {
            stored.assign(storage_->read(pack_name(loc->pack), loc->offset, loc->length));
        }
    } catch (const Error& e) {
        throw Error(Exit::data, _f("blob {} cannot be read: {}", to_hex(id), e.what()));
    }
    if (!sealer_.open_into(stored.view(), std::string_view(reinterpret_cast<const char*>(id.data()), id.size()), plain,
                           loc->raw_length) ||
        plain.size() != loc->raw_length || sealer_.blob_id(plain.view()) != id)
        throw damaged();
    return *loc;
}

std::string Repository::read_blob(const Id& id) {
    Buffer plain;
    read_blob_into(id, plain, nullptr);
    return std::string(plain.view());
}

void Repository::read_blob_into(const Id& id, Buffer& out, Reader* reader) {
    thread_local Buffer stored;
    read_checked(id, stored, out, reader);
    if (stored.capacity() > (8u << 20)) stored.release();
}

void Repository::add_blob_again(BlobType type, const Id& id, std::string_view plain) {
    {
        std::lock_guard lock(mutex_);
        index_.erase(id);
    }
    add_blob(type, id, plain);
}

std::uint64_t Repository::add_blob(BlobType type, const Id& id, std::string_view plain) {
    // raw_length is a u32: a longer blob (only a tree could be) would be stored unreadable
    if (plain.size() > max_plain_size)
        throw Error(Exit::software, _f("a blob of {} bytes is more than a repository can hold ({} bytes)", plain.size(),
                                       max_plain_size));
    {
        std::lock_guard lock(mutex_);
        if (index_.count(id) || !claimed_.insert(id).second) return 0;
    }
    thread_local Buffer stored;
    std::uint64_t n = 0;
    try {
        sealer_.seal_into(plain, std::string_view(reinterpret_cast<const char*>(id.data()), id.size()), compression,
                          stored);
    } catch (...) {
        std::lock_guard lock(mutex_);
        claimed_.erase(id);
        throw;
    }
    n = append_sealed(type, id, stored.view(), std::uint32_t(plain.size()));
    if (stored.capacity() > (8u << 20)) stored.release();
    return n;
}

std::uint64_t Repository::append_sealed(BlobType type, const Id& id, std::string_view stored,
                                        std::uint32_t raw_length) {
    std::optional<OpenPack> full;
    try {
        int t = type == BlobType::tree;
        std::lock_guard lock(pack_mutex_[t]);
        OpenPack& p = open_[t];
        if (!p.upload) p.upload = storage_->upload("data");
        PackEntry e;
        e.id = id;
        e.loc.type = type;
        e.loc.offset = p.size;
        e.loc.length = std::uint32_t(stored.size());
        e.loc.raw_length = raw_length;
        p.upload->append(stored);
        p.hash.update(stored);
        p.size += stored.size();
        p.entries.push_back(e);
        if (p.size >= pack_target) {
            full.emplace(std::move(p));
            p = OpenPack{};
        }
    } catch (...) {
        std::lock_guard lock(mutex_);
        claimed_.erase(id);
        throw;
    }
    if (full) close_pack(std::move(*full));
    return stored.size();
}

void Repository::repack_blob(const Id& id, Reader* reader) {
    thread_local Buffer stored, plain;
    BlobLoc loc = read_checked(id, stored, plain, reader);
    {
        std::lock_guard lock(mutex_);
        index_.erase(id);
        claimed_.insert(id);
    }
    append_sealed(loc.type, id, stored.view(), loc.raw_length);
}

// Appends the header, names the pack by the hash of all its bytes, and stores it durably;
// only then are its blobs in the index.
void Repository::close_pack(OpenPack p) {
    std::string header = sealer_.seal(entries_json(p.entries), aad_pack_header, compression);
    std::uint32_t n = std::uint32_t(header.size());
    for (int i = 0; i < 4; ++i) header.push_back(char((n >> (8 * i)) & 0xff));
    header += pack_magic;
    p.upload->append(header);
    p.hash.update(header);
    Id pid = p.hash.finish();
    p.upload->commit(pack_name(pid));
    for (auto& e : p.entries) e.loc.pack = pid;
    std::lock_guard lock(mutex_);
    for (const auto& e : p.entries) {
        index_.insert_or_assign(e.id, e.loc);
        claimed_.erase(e.id);
    }
    new_packs_.emplace_back(pid, std::move(p.entries));
}

std::vector<PackEntry> Repository::read_pack_header(const Id& pack, std::string_view bytes) const {
    std::size_t tail = 4 + pack_magic.size();
    if (bytes.size() < tail || bytes.substr(bytes.size() - pack_magic.size()) != pack_magic)
        throw Error(Exit::data, _f("pack {} has no header", short_id(pack)));
    std::uint32_t n = 0;
    for (int i = 0; i < 4; ++i) n |= std::uint32_t(std::uint8_t(bytes[bytes.size() - tail + i])) << (8 * i);
    if (n > bytes.size() - tail) throw Error(Exit::data, _f("pack {} has a damaged header", short_id(pack)));
    auto plain = sealer_.open(bytes.substr(bytes.size() - tail - n, n), aad_pack_header, plain_limit(n, ids_ratio));
    if (!plain) throw Error(Exit::data, _f("pack {} has a damaged header", short_id(pack)));
    try {
        return parse_entries(json::parse(*plain), pack);
    } catch (const std::exception&) {
        throw Error(Exit::data, _f("pack {} has a damaged header", short_id(pack)));
    }
}

} // namespace netsec::backup
