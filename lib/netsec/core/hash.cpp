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

} // namespace

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
    if (!ctx_ || EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(ctx_), EVP_sha256(), nullptr) != 1)
        throw Error(Exit::software, "libcrypto: cannot start SHA-256");
}

Sha256::~Sha256() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }

void Sha256::update(const void* data, std::size_t size) {
    EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), data, size);
}

std::string Sha256::hex() {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx_), md, &n);
    return to_hex(md, n);
}

using Digest = Sha256;

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
