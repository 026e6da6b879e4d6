// libFuzzer target: the files of a backup repository as netsec-backup reads them from disk
// (backup/repository.cpp, crypto.cpp, storage.cpp) — a damaged disk or a copied folder must
// give netsec::Error, never a crash. The first byte chooses the file, so that a seed names its
// own mode; the rest is the file's bytes:
//   p  a pack file: its header (Repository::read_pack_header)
//   i  an index file (loaded by opening the repository; then every blob it names is read)
//   s  a snapshot file (Repository::snapshots, find_snapshot), stored under its SHA-256
//   c  the config file (opening the repository; an encrypted one finds a key beside it); the
//      chunk sizes of a config that opens must be usable
//   k  a key file (unwrap_master_key; scrypt costs above n*r*p = 4096 are skipped, as a
//      fuzzer's time is better spent elsewhere)
//   b  a stored blob (Sealer::open and open_into, with and without a limit, unencrypted: the
//      compression byte and zstd)
//   t  a snapshot's top tree blob (plaintext) in a repository of its own, beside one data blob
//      (the fixed one, which its files may name): ls, diff, export and verify read it, and
//      restore writes it into a folder beside an `outside` one. A tree the reader refuses
//      (duplicate or out-of-order names, a name with a NUL byte, "..") must be reported by
//      verify and refused by the others; whatever restore does, nothing may appear outside
//      --to, and the folder above it keeps its mode
// any other byte: the mode is byte % 7 in the order above. The files are unencrypted (the
// fuzzer cannot forge AES-GCM tags; an encrypted repository's files are refused by the tag).
// The repository lives in a temporary folder made at start-up, with one real pack and index.
//
// Seeds: FUZZ_BACKUP_SEEDS=OUT FUZZ_BACKUP_SOURCE=FOLDER fuzz_backup_files backs FOLDER up into
// a new repository with the library and writes its files as seeds to OUT/fuzz_backup_files/ and
// its trees (as encode_tree wrote them) to OUT/fuzz_backup_tree/, then exits (see
// tests/fuzz/make-backup-seeds.sh).
#include "netsec/backup/backup.hpp"
#include "netsec/core/error.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
namespace nb = netsec::backup;

// The blob every repository made here starts with: the same bytes give the same pack, so an
// index seed names a pack that the fuzzing repository has.
const std::string fixed_blob = "netsec fuzz: the first blob of the repository\n";

std::string work_dir, repo_dir, config_dir;
std::unique_ptr<nb::Repository> repo;

std::string passphrase() { return "fuzz"; }

void write_file(const std::string& path, const std::string& bytes) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    if (!out) {
        std::fprintf(stderr, "fuzz_backup_files: cannot write %s\n", path.c_str());
        std::abort();
    }
}

void add_fixed_blob(nb::Repository& r) {
    r.add_blob(nb::BlobType::data, r.sealer().blob_id(fixed_blob), fixed_blob);
    r.flush();
}

void cleanup() {
    repo.reset();
    std::error_code ec;
    if (!work_dir.empty()) fs::remove_all(work_dir, ec);
}

// --- seeds -----------------------------------------------------------------------------------

void write_seed(const std::string& dir, const std::string& name, char mode, const std::string& bytes) {
    write_file(dir + "/" + name, mode ? std::string(1, mode) + bytes : bytes);
}

void dump_trees(nb::Repository& r, const nb::Id& tree, const std::string& out, int& n) {
    static std::set<nb::Id> seen; // the second snapshot shares most trees with the first
    if (!seen.insert(tree).second) return;
    std::string plain = r.read_blob(tree);
    write_seed(out, "tree-" + std::to_string(++n), 0, plain);
    for (const auto& node : nb::decode_tree(plain))
        if (node.type == nb::NodeType::dir) dump_trees(r, node.subtree, out, n);
}

int write_seeds(const std::string& out_arg, const std::string& source) {
    std::string out = fs::absolute(out_arg).string();
    std::string dir = work_dir + "/seed-repo";
    // stored as "school/…", as `cd PARENT && netsec-backup run school` would
    fs::path from = fs::absolute(source).lexically_normal();
    if (!from.has_filename()) from = from.parent_path();
    fs::current_path(from.parent_path());
    nb::init_repository(dir, std::nullopt);
    {
        nb::Repository r(dir, passphrase);
        nb::RepositoryLock lock(r, 0, [](const std::string&) {});
        add_fixed_blob(r);
        nb::RunRequest request;
        request.paths = {from.filename().string()};
        request.threads = 1;
        nb::run_backup(r, request);
        // a second snapshot with a parent
        nb::run_backup(r, request);
    }
    nb::Repository r(dir, passphrase);
    std::string files = out + "/fuzz_backup_files", trees = out + "/fuzz_backup_tree";
    int n = 0;
    for (const auto& s : r.snapshots()) dump_trees(r, s.tree, trees, n);
    // zstd hides the JSON from the fuzzer's mutations: each file also as the same plaintext
    // stored raw (the compression byte 0), as the library writes what zstd does not shrink
    const nb::Sealer plain{std::nullopt};
    auto raw = [&](const std::string& sealed) { return std::string(1, '\0') + plain.open(sealed, "").value(); };
    int packs = 0, blobs = 0;
    for (const auto& name : r.storage().list("data")) {
        std::string bytes = r.storage().read(name);
        write_seed(files, "pack-" + std::to_string(++packs), 'p', bytes);
        std::size_t tail = 4 + 8; // header length, magic
        std::uint32_t n = 0;
        for (int i = 0; i < 4; ++i) n |= std::uint32_t(std::uint8_t(bytes[bytes.size() - tail + i])) << (8 * i);
        std::string header = raw(bytes.substr(bytes.size() - tail - n, n));
        std::string raw_pack = bytes.substr(0, bytes.size() - tail - n) + header;
        for (int i = 0; i < 4; ++i) raw_pack.push_back(char((header.size() >> (8 * i)) & 0xff));
        raw_pack += bytes.substr(bytes.size() - 8);
        write_seed(files, "pack-" + std::to_string(packs) + "-raw", 'p', raw_pack);
        auto id = nb::parse_id(name.substr(name.rfind('/') + 1)).value();
        for (const auto& e : r.read_pack_header(id, bytes))
            if (blobs < 8)
                write_seed(files, "blob-" + std::to_string(++blobs), 'b', bytes.substr(e.loc.offset, e.loc.length));
    }
    int i = 0;
    for (const auto& name : r.storage().list("index")) {
        std::string bytes = r.storage().read(name);
        write_seed(files, "index-" + std::to_string(++i), 'i', bytes);
        write_seed(files, "index-" + std::to_string(i) + "-raw", 'i', raw(bytes));
    }
    i = 0;
    for (const auto& name : r.storage().list("snapshots")) {
        std::string bytes = r.storage().read(name);
        write_seed(files, "snapshot-" + std::to_string(++i), 's', bytes);
        write_seed(files, "snapshot-" + std::to_string(i) + "-raw", 's', raw(bytes));
    }
    write_seed(files, "config", 'c', r.storage().read("config"));
    std::string encrypted = work_dir + "/seed-encrypted";
    nb::init_repository(encrypted, std::string("fuzz"));
    write_seed(files, "config-encrypted", 'c', nb::open_local_storage(encrypted)->read("config"));
    write_seed(files, "key-cheap", 'k', nb::wrap_master_key(nb::new_master_key(), "fuzz", {16, 1, 1}));
    std::printf("fuzz_backup_files: %d trees, %d packs, %d blobs, %d index files and more seeds in %s\n", n, packs,
                blobs, int(r.storage().list("index").size()), out.c_str());
    return 0;
}

// --- the modes -------------------------------------------------------------------------------

void fuzz_pack(const std::string& bytes) {
    nb::Id pack{};
    auto entries = repo->read_pack_header(pack, bytes);
    (void)entries;
}

void fuzz_index(const std::string& bytes) {
    std::string name = repo_dir + "/index/" + nb::to_hex(nb::sha256(bytes));
    write_file(name, bytes);
    struct Remove {
        std::string name;
        ~Remove() { fs::remove(name); }
    } remove{name};
    nb::Repository r(repo_dir, passphrase);
    int reads = 0;
    for (const auto& [pack, entries] : r.packs_in_index())
        for (const auto& e : entries) {
            if (++reads > 64) return;
            try {
                std::string plain = r.read_blob(e.id);
                (void)plain;
            } catch (const netsec::Error&) {
            }
        }
}

void fuzz_snapshot(const std::string& bytes) {
    std::string name = repo_dir + "/snapshots/" + nb::to_hex(nb::sha256(bytes));
    write_file(name, bytes);
    struct Remove {
        std::string name;
        ~Remove() { fs::remove(name); }
    } remove{name};
    auto all = repo->snapshots();
    if (!all.empty()) (void)repo->find_snapshot("latest");
}

void fuzz_config(const std::string& bytes) {
    write_file(config_dir + "/config", bytes);
    nb::Repository r(config_dir, passphrase);
    // A configuration the repository takes must be one a run can chunk with (zeros end a run
    // with SIGFPE; max < min gives chunks of a byte).
    const auto& z = r.chunk_sizes();
    if (z.min == 0 || z.min > z.avg || z.avg > z.max || (z.avg & (z.avg - 1)) != 0) {
        std::fprintf(stderr, "fuzz_backup_files: a config with chunk sizes min %zu, avg %zu, max %zu is accepted\n",
                     std::size_t(z.min), std::size_t(z.avg), std::size_t(z.max));
        std::abort();
    }
}

void fuzz_key(const std::string& bytes) {
    // Skip costly scrypt parameters (up to n = 2^20, r = 32, p = 16 and 128*n*r = 1 GiB are
    // accepted: see scrypt_params_ok).
    auto j = nlohmann::json::parse(bytes, nullptr, false);
    if (j.is_object()) {
        double cost = 1;
        for (const char* k : {"n", "r", "p"})
            if (j.contains(k) && j[k].is_number()) cost *= std::max(1.0, j[k].get<double>());
        if (cost > 4096) return;
    }
    auto key = nb::unwrap_master_key(bytes, "fuzz");
    (void)key;
}

void fuzz_blob(const std::string& bytes) {
    static const nb::Sealer plain_sealer{std::nullopt};
    auto opened = plain_sealer.open(bytes, "blob");
    // open_into reuses its buffer from call to call (as restore and verify do): what was in it
    // before must not change what it opens now
    static nb::Buffer reused;
    bool ok = plain_sealer.open_into(bytes, "blob", reused);
    if (ok != opened.has_value() || (ok && reused.view() != *opened)) {
        std::fprintf(stderr, "fuzz_backup_files: Sealer::open and open_into disagree\n");
        std::abort();
    }
    // a limit (a blob's raw_length, when a repository reads a blob) refuses exactly the longer
    // plaintexts, whichever way the frame is decompressed
    static nb::Buffer limited;
    const std::size_t limit = 1000;
    bool within = plain_sealer.open_into(bytes, "blob", limited, limit);
    if (within != (ok && opened->size() <= limit) || (within && limited.view() != *opened)) {
        std::fprintf(stderr, "fuzz_backup_files: Sealer::open_into with a limit of %zu disagrees with no limit\n",
                     limit);
        std::abort();
    }
}

[[noreturn]] void tree_broken(const char* what) {
    std::fprintf(stderr, "fuzz_backup_files: a tree blob: %s\n", what);
    std::abort();
}

void fuzz_tree(const std::string& bytes) {
    std::string dir = work_dir + "/tree", rdir = dir + "/repo", above = dir + "/above";
    std::error_code ec;
    fs::remove_all(dir, ec);
    fs::create_directories(above + "/outside");
    ::chmod(above.c_str(), 0755);
    nb::init_repository(rdir, std::nullopt);
    nb::Repository r(rdir, passphrase);
    add_fixed_blob(r);
    std::string good_tree = nb::encode_tree({});
    r.add_blob(nb::BlobType::tree, r.sealer().blob_id(good_tree), good_tree);
    nb::Id top = r.sealer().blob_id(bytes);
    r.add_blob(nb::BlobType::tree, top, bytes);
    r.flush();
    nb::Snapshot good, snap;
    good.time = "2026-01-01T00:00:00.000000000Z";
    good.tree = r.sealer().blob_id(good_tree);
    r.save_snapshot(good);
    snap.time = "2026-01-02T00:00:00.000000000Z";
    snap.tree = top;
    r.save_snapshot(snap);
    bool readable = true;
    try {
        (void)nb::decode_tree(bytes);
    } catch (const netsec::Error&) {
        readable = false;
    }
    auto verified = nb::verify_repository(r, false, 1, {});
    if (!readable && verified.ok()) tree_broken("the reader refuses it and verify finds no damage");
    try {
        nb::walk_snapshot(r, snap, "", [](const nb::Entry& e) {
            std::size_t i = 0;
            for (;;) { // every component a name: nothing an entry's path could climb out with
                std::size_t j = e.path.find('/', i);
                if (!nb::valid_name(
                        std::string_view(e.path).substr(i, (j == std::string::npos ? e.path.size() : j) - i)))
                    tree_broken("ls walks a path with a component that is not a name");
                if (j == std::string::npos) break;
                i = j + 1;
            }
        });
    } catch (const netsec::Error&) {
    }
    try {
        std::uint64_t n = 0;
        nb::export_tar(r, snap, [&](std::string_view b) { n += b.size(); });
    } catch (const netsec::Error&) {
    }
    try {
        (void)nb::diff_snapshots(r, good, snap);
    } catch (const netsec::Error&) {
    }
    try {
        (void)nb::restore_snapshot(r, snap, {}, above + "/to", {});
        if (!readable) tree_broken("the reader refuses it and restore takes it");
    } catch (const netsec::Error&) {
    }
    for (const auto& e : fs::directory_iterator(above))
        if (e.path().filename() != "to" && e.path().filename() != "outside") tree_broken("restore wrote beside --to");
    if (!fs::is_empty(above + "/outside")) tree_broken("restore wrote into a folder outside --to");
    struct stat st {};
    if (::stat(above.c_str(), &st) != 0 || (st.st_mode & 07777) != 0755)
        tree_broken("restore changed the folder above --to");
    // restore may leave folders it cannot enter (a mode of 0): let remove_all in
    for (auto it = fs::recursive_directory_iterator(above, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_directory(ec) && !it->is_symlink(ec)) ::chmod(it->path().c_str(), 0700);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    char tmpl[4096];
    std::snprintf(tmpl, sizeof tmpl, "%s/netsec-fuzz-backup.XXXXXX",
                  std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp");
    if (!::mkdtemp(tmpl)) {
        std::perror("fuzz_backup_files: mkdtemp");
        std::abort();
    }
    work_dir = tmpl;
    std::atexit(cleanup);
    if (const char* out = std::getenv("FUZZ_BACKUP_SEEDS")) {
        const char* source = std::getenv("FUZZ_BACKUP_SOURCE");
        if (!source) {
            std::fprintf(stderr, "fuzz_backup_files: FUZZ_BACKUP_SEEDS needs FUZZ_BACKUP_SOURCE=FOLDER\n");
            std::exit(64);
        }
        try {
            std::exit(write_seeds(out, source));
        } catch (const std::exception& e) {
            std::fprintf(stderr, "fuzz_backup_files: %s\n", e.what());
            std::exit(1);
        }
    }
    repo_dir = work_dir + "/repo";
    config_dir = work_dir + "/config";
    nb::init_repository(repo_dir, std::nullopt);
    repo = std::make_unique<nb::Repository>(repo_dir, passphrase);
    add_fixed_blob(*repo);
    write_file(config_dir + "/keys/default", nb::wrap_master_key(nb::new_master_key(), "fuzz", {16, 1, 1}));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    static const char modes[] = "pisckbt";
    char mode = char(data[0]);
    if (!std::strchr(modes, mode) || mode == 0) mode = modes[data[0] % 7];
    std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        switch (mode) {
        case 'p': fuzz_pack(bytes); break;
        case 'i': fuzz_index(bytes); break;
        case 's': fuzz_snapshot(bytes); break;
        case 'c': fuzz_config(bytes); break;
        case 'k': fuzz_key(bytes); break;
        case 'b': fuzz_blob(bytes); break;
        case 't': fuzz_tree(bytes); break;
        }
    } catch (const netsec::Error&) {
    }
    return 0;
}
