// The repository's keys and how its bytes are sealed: blob ids (SHA-256, or HMAC-SHA-256 under
// the id key when encrypted), zstd, AES-256-GCM under the master key, and the master key
// wrapped under a key derived from the passphrase with scrypt.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace netsec::backup {

using Id = std::array<std::uint8_t, 32>;

std::string to_hex(const Id& id);
// Parses 64 hex digits; nullopt otherwise.
std::optional<Id> parse_id(std::string_view hex);
Id sha256(std::string_view data);

struct IdHash {
    std::size_t operator()(const Id& id) const noexcept {
        std::size_t h;
        static_assert(sizeof(h) <= sizeof(Id));
        __builtin_memcpy(&h, id.data(), sizeof(h));
        return h;
    }
};

// SHA-256 over bytes given piece by piece (a pack file's name while it is written).
class Sha256Stream {
public:
    Sha256Stream();
    void update(std::string_view data);
    Id finish(); // once

private:
    alignas(16) std::uint64_t state_[16]; // an OpenSSL SHA256_CTX
};

// A growable byte buffer that keeps its memory between uses and never zero-fills: the
// backup's hot paths reuse one per thread instead of allocating megabytes per chunk.
class Buffer {
public:
    char* data() { return p_.get(); }
    const char* data() const { return p_.get(); }
    std::size_t size() const { return len_; }
    std::size_t capacity() const { return cap_; }
    std::string_view view() const { return {p_.get(), len_}; }
    // Room for `n` bytes (contents kept up to size()).
    char* reserve(std::size_t n);
    void resize(std::size_t n) { reserve(n), len_ = n; }
    void assign(std::string_view s);
    void release() { p_.reset(), cap_ = len_ = 0; }

private:
    std::unique_ptr<char[]> p_;
    std::size_t cap_ = 0, len_ = 0;
};

// The secrets of an encrypted repository; an unencrypted one has none.
struct MasterKey {
    std::array<std::uint8_t, 32> encryption{};
    std::array<std::uint8_t, 32> id{};
};

struct ScryptParams {
    std::uint64_t n = 1 << 15;
    std::uint32_t r = 8, p = 1;
};

// The scrypt costs a key file may ask for: what init writes (n 2^15, r 8, p 1: 32 MiB) with
// room to raise them, and no more, so that a damaged key file cannot make opening the
// repository take gigabytes or hours. n is a power of two.
constexpr std::uint64_t scrypt_max_n = std::uint64_t(1) << 20;
constexpr std::uint32_t scrypt_max_r = 32, scrypt_max_p = 16;
constexpr std::uint64_t scrypt_max_memory = std::uint64_t(1) << 30; // 128 * n * r bytes
// Whether `params` are within the bounds above.
bool scrypt_params_ok(const ScryptParams& params);

// A fresh random master key.
MasterKey new_master_key();
// The key file's JSON text holding `key` wrapped under `passphrase`. Throws Error(software)
// when `params` are outside the bounds above (nothing would open it).
std::string wrap_master_key(const MasterKey& key, const std::string& passphrase, const ScryptParams& params = {});
// The master key from a key file's text; nullopt when the passphrase is wrong. Throws
// Error(data) when the file is malformed or asks for scrypt costs outside the bounds above.
std::optional<MasterKey> unwrap_master_key(const std::string& key_file, const std::string& passphrase);

// Bounds on the plaintext Sealer::open takes from a zstd frame, whose header states the size
// it holds:
// - the largest chunk of file data a repository can hold: its config's chunker max may be
//   at most this (checked when a repository opens; 4 MiB when created). A frame stating up to
//   this much is decompressed in one pass into room reserved for it; one stating more (the
//   tree of a huge folder, an index, or a damaged header) into a buffer that grows only as
//   its bytes really come out, so a header cannot make a reader allocate more than the
//   bytes behind it give.
constexpr std::size_t max_chunk_size = std::size_t(64) << 20;
// - nothing longer opens at all: every length the format records (a blob's raw_length, a
//   pack header's length) is a u32. Readers of blobs give the blob's raw_length instead.
constexpr std::size_t max_plain_size = 0xffffffff;

// How one repository turns plaintext into stored bytes and back; safe to share between
// threads (each call uses its own contexts).
class Sealer {
public:
    explicit Sealer(std::optional<MasterKey> key) : key_(key) {}
    bool encrypted() const { return key_.has_value(); }
    // The id of a blob's plaintext.
    Id blob_id(std::string_view plain) const;
    // Compresses (zstd at `level`, kept raw when that does not help) and, when encrypted,
    // seals with `aad` bound in.
    std::string seal(std::string_view plain, std::string_view aad, int level) const;
    // The same into `out` (its memory reused).
    void seal_into(std::string_view plain, std::string_view aad, int level, Buffer& out) const;
    // The plaintext back; nullopt when the bytes are damaged or were sealed for another aad,
    // or when the plaintext would be longer than `limit` bytes (a blob's raw_length).
    std::optional<std::string> open(std::string_view stored, std::string_view aad,
                                    std::size_t limit = max_plain_size) const;
    // The same into `out` (its memory reused); false when damaged or longer than `limit`.
    bool open_into(std::string_view stored, std::string_view aad, Buffer& out,
                   std::size_t limit = max_plain_size) const;

private:
    std::optional<MasterKey> key_;
};

} // namespace netsec::backup
