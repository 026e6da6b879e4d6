#include "netsec/core/hash.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

namespace netsec::hash {
namespace {

std::string to_hex(const unsigned char* p, unsigned n) {
    static const char digits[] = "0123456789abcdef";
    std::string out(n * 2, '0');
    for (unsigned i = 0; i < n; ++i) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    return out;
}

struct Digest {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    Digest() {
        if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1)
            throw Error(Exit::software, "libcrypto: cannot start SHA-256");
    }
    ~Digest() { EVP_MD_CTX_free(ctx); }
    void update(const void* p, std::size_t n) { EVP_DigestUpdate(ctx, p, n); }
    std::string hex() {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned n = 0;
        EVP_DigestFinal_ex(ctx, md, &n);
        return to_hex(md, n);
    }
};

} // namespace

std::string sha256_hex(std::string_view data) {
    Digest d;
    d.update(data.data(), data.size());
    return d.hex();
}

std::string sha256_file_hex(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(Exit::no_input, _f("cannot read '{}': {}", path, std::strerror(errno)));
    Digest d;
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
    }
    ::close(fd);
    return d.hex();
}

} // namespace netsec::hash
