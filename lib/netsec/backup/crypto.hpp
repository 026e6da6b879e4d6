// The repository's keys and how its bytes are sealed: blob ids (SHA-256, or HMAC-SHA-256 under
// the id key when encrypted), zstd, AES-256-GCM under the master key, and the master key
// wrapped under a key derived from the passphrase with scrypt.
#pragma once
#include <array>
#include <cstdint>
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

// The secrets of an encrypted repository; an unencrypted one has none.
struct MasterKey {
    std::array<std::uint8_t, 32> encryption{};
    std::array<std::uint8_t, 32> id{};
};

struct ScryptParams {
    std::uint64_t n = 1 << 15;
    std::uint32_t r = 8, p = 1;
};

// A fresh random master key.
MasterKey new_master_key();
// The key file's JSON text holding `key` wrapped under `passphrase`.
std::string wrap_master_key(const MasterKey& key, const std::string& passphrase, const ScryptParams& params = {});
// The master key from a key file's text; nullopt when the passphrase is wrong. Throws
// Error(data) when the file is malformed.
std::optional<MasterKey> unwrap_master_key(const std::string& key_file, const std::string& passphrase);

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
    // The plaintext back; nullopt when the bytes are damaged or were sealed for another aad.
    std::optional<std::string> open(std::string_view stored, std::string_view aad) const;

private:
    std::optional<MasterKey> key_;
};

} // namespace netsec::backup
