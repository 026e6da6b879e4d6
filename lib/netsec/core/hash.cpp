#include "netsec/core/hash.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#define OPENSSL_SUPPRESS_DEPRECATED // SHA256_Init and friends; see Sha256::Sha256
#include <openssl/sha.h>
#include <unistd.h>

namespace netsec::hash {

void append_hex(std::string& out, std::string_view bytes) {
    static const char digits[] = "0123456789abcdef";
    std::size_t at = out.size();
    out.resize(at + bytes.size() * 2);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        auto b = static_cast<unsigned char>(bytes[i]);
        out[at + 2 * i] = digits[b >> 4];
        out[at + 2 * i + 1] = digits[b & 15];
    }
}

std::string hex_encode(std::string_view bytes) {
    std::string out;
    append_hex(out, bytes);
    return out;
}

bool hex_decode_into(std::string_view text, void* out, std::size_t size) {
    if (text.size() != 2 * size) return false;
    auto value = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    auto* o = static_cast<unsigned char*>(out);
    for (std::size_t i = 0; i < size; ++i) {
        int hi = value(text[2 * i]), lo = value(text[2 * i + 1]);
        if (hi < 0 || lo < 0) return false;
        o[i] = static_cast<unsigned char>(hi * 16 + lo);
    }
    return true;
}

std::optional<std::string> hex_decode(std::string_view text) {
    if (text.size() % 2) return std::nullopt;
    std::string out(text.size() / 2, '\0');
    if (!hex_decode_into(text, out.data(), out.size())) return std::nullopt;
    return out;
}

// The one-shot SHA-256 functions, not EVP: EVP would load libcrypto's provider and read
// openssl.cnf on first use, which was a fifth of every tool's start-up. The same code runs
// underneath (SHA-NI where the CPU has it).
Sha256::Sha256() : ctx_(new SHA256_CTX) {
    if (SHA256_Init(static_cast<SHA256_CTX*>(ctx_)) != 1)
        throw Error(Exit::software, "libcrypto: cannot start SHA-256");
}

Sha256::~Sha256() { delete static_cast<SHA256_CTX*>(ctx_); }

void Sha256::update(const void* data, std::size_t size) { SHA256_Update(static_cast<SHA256_CTX*>(ctx_), data, size); }

std::string Sha256::hex() {
    unsigned char md[SHA256_DIGEST_LENGTH];
    SHA256_Final(md, static_cast<SHA256_CTX*>(ctx_));
    return hex_encode({reinterpret_cast<const char*>(md), SHA256_DIGEST_LENGTH});
}

using Digest = Sha256;

std::string sha256_hex(std::string_view data) {
    Digest d;
    d.update(data.data(), data.size());
    return d.hex();
}

FileDigest sha256_file(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(Exit::no_input, _f("cannot read '{}': {}", path, std::strerror(errno)));
    Digest d;
    FileDigest out;
    char buf[1 << 16];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int e = errno;
            ::close(fd);
            throw Error(Exit::io, _f("cannot read '{}': {}", path, std::strerror(e)));
        }
        if (n == 0) break;
        d.update(buf, std::size_t(n));
        out.size += n;
    }
    ::close(fd);
    out.hex = d.hex();
    return out;
}

std::string sha256_file_hex(const std::string& path) { return sha256_file(path).hex; }

} // namespace netsec::hash
