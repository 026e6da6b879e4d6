// SHA-256 through OpenSSL's libcrypto (SHA-NI where the CPU has it), as lowercase hex.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace netsec::hash {

// SHA-256 fed in pieces.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(const void* data, std::size_t size);
    // The hex digest; call once.
    std::string hex();

private:
    void* ctx_;
};

// `bytes` as lowercase hex.
std::string hex_encode(std::string_view bytes);
// The same, appended to `out` (for writers that build one string).
void append_hex(std::string& out, std::string_view bytes);

// The bytes of lowercase hex `text`; nothing when it is not even-length lowercase hex.
std::optional<std::string> hex_decode(std::string_view text);
// The same into `size` bytes at `out`, without allocating; false unless `text` is exactly
// 2 × `size` lowercase hex digits.
bool hex_decode_into(std::string_view text, void* out, std::size_t size);

// Hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

// Hex SHA-256 of a file's bytes; throws Error(no_input) when it cannot be opened, Error(io)
// when a read fails.
std::string sha256_file_hex(const std::string& path);

// The same with the number of bytes read, which is what the file held (st_size does not tell
// for /proc files and the like).
struct FileDigest {
    std::string hex;
    std::int64_t size = 0;
};
FileDigest sha256_file(const std::string& path);

} // namespace netsec::hash
