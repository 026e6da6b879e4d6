#include "netsec/backup/crypto.hpp"
#include "netsec/backup/tree.hpp" // detail::json_integer

#include "netsec/core/error.hpp"
#include "netsec/core/hash.hpp"
#include "netsec/core/i18n.hpp"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>
#define OPENSSL_SUPPRESS_DEPRECATED // SHA256_* one-shots: no provider start-up (see core/hash.cpp)
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <zstd.h>

namespace netsec::backup {
namespace {

constexpr std::size_t nonce_size = 12, tag_size = 16;
constexpr std::uint8_t kind_raw = 0, kind_zstd = 1;

std::string hex_of(const std::uint8_t* p, std::size_t n) {
    return hash::hex_encode({reinterpret_cast<const char*>(p), n});
}

void random_bytes(std::uint8_t* p, std::size_t n) {
    if (RAND_bytes(p, int(n)) != 1) throw Error(Exit::software, _("libcrypto: no random bytes"));
}

struct CipherCtx {
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    ~CipherCtx() { EVP_CIPHER_CTX_free(ctx); }
};

// AES-256-GCM: nonce | ciphertext | tag.
std::string gcm_seal(const std::uint8_t* key, std::string_view plain, std::string_view aad) {
    thread_local CipherCtx c;
    std::string out(nonce_size + plain.size() + tag_size, '\0');
    auto* o = reinterpret_cast<std::uint8_t*>(out.data());
    random_bytes(o, nonce_size);
    int len = 0;
    if (EVP_EncryptInit_ex(c.ctx, EVP_aes_256_gcm(), nullptr, key, o) != 1 ||
        EVP_EncryptUpdate(c.ctx, nullptr, &len, reinterpret_cast<const std::uint8_t*>(aad.data()), int(aad.size())) !=
            1 ||
        EVP_EncryptUpdate(c.ctx, o + nonce_size, &len, reinterpret_cast<const std::uint8_t*>(plain.data()),
                          int(plain.size())) != 1 ||
        EVP_EncryptFinal_ex(c.ctx, o + nonce_size + len, &len) != 1 ||
        EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_GET_TAG, int(tag_size), o + nonce_size + plain.size()) != 1)
        throw Error(Exit::software, _("libcrypto: AES-256-GCM failed"));
    return out;
}

std::optional<std::string> gcm_open(const std::uint8_t* key, std::string_view sealed, std::string_view aad) {
    if (sealed.size() < nonce_size + tag_size) return std::nullopt;
    thread_local CipherCtx c;
    auto* s = reinterpret_cast<const std::uint8_t*>(sealed.data());
    std::size_t n = sealed.size() - nonce_size - tag_size;
    std::string out(n, '\0');
    int len = 0;
    if (EVP_DecryptInit_ex(c.ctx, EVP_aes_256_gcm(), nullptr, key, s) != 1 ||
        EVP_DecryptUpdate(c.ctx, nullptr, &len, reinterpret_cast<const std::uint8_t*>(aad.data()), int(aad.size())) !=
            1 ||
        EVP_DecryptUpdate(c.ctx, reinterpret_cast<std::uint8_t*>(out.data()), &len, s + nonce_size, int(n)) != 1 ||
        EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_SET_TAG, int(tag_size),
                            const_cast<std::uint8_t*>(s + nonce_size + n)) != 1 ||
        EVP_DecryptFinal_ex(c.ctx, reinterpret_cast<std::uint8_t*>(out.data()) + len, &len) != 1)
        return std::nullopt;
    return out;
}

struct ZstdCtx {
    ZSTD_CCtx* c = ZSTD_createCCtx();
    ZSTD_DCtx* d = ZSTD_createDCtx();
    ~ZstdCtx() {
        ZSTD_freeCCtx(c);
        ZSTD_freeDCtx(d);
    }
};

// HMAC-SHA-256 with the inner and outer pads hashed once per key.
Id hmac_sha256(const std::array<std::uint8_t, 32>& key, std::string_view data) {
    struct Pads {
        std::array<std::uint8_t, 32> key{};
        SHA256_CTX inner{}, outer{};
        bool ready = false;
    };
    thread_local Pads pads;
    if (!pads.ready || pads.key != key) {
        std::uint8_t ipad[64], opad[64];
        for (int i = 0; i < 64; ++i) {
            std::uint8_t k = i < 32 ? key[i] : 0;
            ipad[i] = k ^ 0x36;
            opad[i] = k ^ 0x5c;
        }
        SHA256_Init(&pads.inner);
        SHA256_Update(&pads.inner, ipad, 64);
        SHA256_Init(&pads.outer);
        SHA256_Update(&pads.outer, opad, 64);
        pads.key = key;
        pads.ready = true;
    }
    SHA256_CTX c = pads.inner;
    std::uint8_t inner[32];
    SHA256_Update(&c, data.data(), data.size());
    SHA256_Final(inner, &c);
    c = pads.outer;
    SHA256_Update(&c, inner, 32);
    Id out;
    SHA256_Final(out.data(), &c);
    return out;
}

// Decompresses the zstd frames in `src` into `dst`, which grows only as bytes come out, to at
// most `cap` bytes; false when they are damaged, end early or hold more. Its own context: the
// window a frame asks for is freed on return, not kept by the thread.
bool decompress_growing(std::string_view src, std::size_t cap, Buffer& dst) {
    struct Ctx {
        ZSTD_DCtx* d = ZSTD_createDCtx();
        ~Ctx() { ZSTD_freeDCtx(d); }
    } z;
    if (!z.d) return false;
    ZSTD_inBuffer in{src.data(), src.size(), 0};
    std::size_t have = 0;
    dst.resize(0);
    for (;;) {
        std::size_t room = std::min(dst.capacity(), cap + 1); // one byte past cap tells "longer"
        if (have == room) {
            if (have > cap) return false;
            dst.resize(have); // kept by reserve
            dst.reserve(std::min(cap + 1, std::max(have * 2, std::size_t(128) << 10)));
            room = std::min(dst.capacity(), cap + 1);
        }
        ZSTD_outBuffer out{dst.data(), room, have};
        std::size_t in_before = in.pos;
        std::size_t r = ZSTD_decompressStream(z.d, &out, &in);
        if (ZSTD_isError(r) || out.pos > cap) return false;
        bool progress = in.pos != in_before || out.pos != have;
        have = out.pos;
        if (r == 0 && in.pos == in.size) break; // the last frame is whole
        if (!progress) return false;            // the input ends inside a frame
    }
    dst.resize(have);
    return true;
}

std::array<std::uint8_t, 32> derive(const std::string& passphrase, const std::string& salt, const ScryptParams& p) {
    std::array<std::uint8_t, 32> out{};
    std::uint64_t maxmem = p.n * p.r * 128 * 2 + (1 << 20);
    if (EVP_PBE_scrypt(passphrase.data(), passphrase.size(), reinterpret_cast<const std::uint8_t*>(salt.data()),
                       salt.size(), p.n, p.r, p.p, maxmem, out.data(), out.size()) != 1)
        throw Error(Exit::software, _("libcrypto: scrypt failed"));
    return out;
}

constexpr std::string_view key_aad = "netsec-backup key v1";

} // namespace

std::string to_hex(const Id& id) { return hex_of(id.data(), id.size()); }

std::optional<Id> parse_id(std::string_view hex) {
    Id id;
    if (!hash::hex_decode_into(hex, id.data(), id.size())) return std::nullopt;
    return id;
}

Id sha256(std::string_view data) {
    Id out;
    SHA256(reinterpret_cast<const std::uint8_t*>(data.data()), data.size(), out.data());
    return out;
}

MasterKey new_master_key() {
    MasterKey k;
    random_bytes(k.encryption.data(), 32);
    random_bytes(k.id.data(), 32);
    return k;
}

bool scrypt_params_ok(const ScryptParams& p) {
    return p.n >= 2 && p.n <= scrypt_max_n && (p.n & (p.n - 1)) == 0 && p.r >= 1 && p.r <= scrypt_max_r && p.p >= 1 &&
           p.p <= scrypt_max_p && 128 * p.n * p.r <= scrypt_max_memory;
}

std::string wrap_master_key(const MasterKey& key, const std::string& passphrase, const ScryptParams& params) {
    if (!scrypt_params_ok(params))
        throw Error(Exit::software,
                    _f("scrypt parameters out of range (n {}, r {}, p {})", params.n, params.r, params.p));
    std::string salt(16, '\0');
    random_bytes(reinterpret_cast<std::uint8_t*>(salt.data()), salt.size());
    auto kek = derive(passphrase, salt, params);
    std::string plain(reinterpret_cast<const char*>(key.encryption.data()), 32);
    plain.append(reinterpret_cast<const char*>(key.id.data()), 32);
    std::string wrapped = gcm_seal(kek.data(), plain, key_aad);
    nlohmann::ordered_json j;
    j["kdf"] = "scrypt";
    j["n"] = params.n;
    j["r"] = params.r;
    j["p"] = params.p;
    j["salt"] = hex_of(reinterpret_cast<const std::uint8_t*>(salt.data()), salt.size());
    j["cipher"] = "aes-256-gcm";
    j["wrapped"] = hex_of(reinterpret_cast<const std::uint8_t*>(wrapped.data()), wrapped.size());
    return j.dump(2) + "\n";
}

std::optional<MasterKey> unwrap_master_key(const std::string& key_file, const std::string& passphrase) {
    ScryptParams p;
    std::optional<std::string> salt, wrapped;
    try {
        auto j = nlohmann::json::parse(key_file);
        if (j.at("kdf") != "scrypt" || j.at("cipher") != "aes-256-gcm") throw std::runtime_error("kdf");
        p.n = detail::json_integer<std::uint64_t>(j.at("n"));
        p.r = detail::json_integer<std::uint32_t>(j.at("r"));
        p.p = detail::json_integer<std::uint32_t>(j.at("p"));
        salt = hash::hex_decode(j.at("salt").get<std::string>());
        wrapped = hash::hex_decode(j.at("wrapped").get<std::string>());
    } catch (const std::exception&) {
        throw Error(Exit::data, _("the key file is malformed"));
    }
    if (!salt || !wrapped) throw Error(Exit::data, _("the key file is malformed"));
    // Checked before scrypt runs: n 2^30 with r 64 would ask for 8 TiB.
    if (!scrypt_params_ok(p))
        throw Error(
            Exit::data,
            _f("the key file asks for scrypt costs n {}, r {}, p {}, beyond what netsec-backup accepts (n a power "
               "of two up to {}, r up to {}, p up to {}, 128*n*r up to 1 GiB): it is damaged",
               p.n, p.r, p.p, scrypt_max_n, scrypt_max_r, scrypt_max_p));
    auto kek = derive(passphrase, *salt, p);
    auto plain = gcm_open(kek.data(), *wrapped, key_aad);
    if (!plain || plain->size() != 64) return std::nullopt;
    MasterKey k;
    std::memcpy(k.encryption.data(), plain->data(), 32);
    std::memcpy(k.id.data(), plain->data() + 32, 32);
    return k;
}

Id Sealer::blob_id(std::string_view plain) const {
    if (key_) return hmac_sha256(key_->id, plain);
    return sha256(plain);
}

Sha256Stream::Sha256Stream() {
    static_assert(sizeof(SHA256_CTX) <= sizeof(state_));
    SHA256_Init(reinterpret_cast<SHA256_CTX*>(state_));
}

void Sha256Stream::update(std::string_view data) {
    SHA256_Update(reinterpret_cast<SHA256_CTX*>(state_), data.data(), data.size());
}

Id Sha256Stream::finish() {
    Id out;
    SHA256_Final(out.data(), reinterpret_cast<SHA256_CTX*>(state_));
    return out;
}

char* Buffer::reserve(std::size_t n) {
    if (n > cap_) {
        // Size classes (powers of two to 1 MiB, then steps of 512 KiB): a buffer reused for chunks
        // of varying sizes grows a few times, not at every larger chunk, and a chunk buffer stays
        // near 4 MiB.
        std::size_t cap = 64 * 1024;
        while (cap < n && cap < (1u << 20)) cap *= 2;
        if (cap < n) cap = (n + (512u << 10) - 1) & ~std::size_t((512u << 10) - 1);
        std::unique_ptr<char[]> p(new char[cap]); // not zero-filled
        if (len_) std::memcpy(p.get(), p_.get(), len_);
        p_ = std::move(p);
        cap_ = cap;
    }
    return p_.get();
}

void Buffer::assign(std::string_view s) {
    len_ = 0;
    reserve(s.size());
    if (!s.empty()) std::memcpy(p_.get(), s.data(), s.size());
    len_ = s.size();
}

std::string Sealer::seal(std::string_view plain, std::string_view aad, int level) const {
    Buffer out;
    seal_into(plain, aad, level, out);
    return std::string(out.view());
}

// Compresses straight into `out` after room for the nonce, then encrypts in place: one buffer,
// no copy of the chunk.
void Sealer::seal_into(std::string_view plain, std::string_view aad, int level, Buffer& out) const {
    thread_local ZstdCtx z;
    const std::size_t pre = key_ ? nonce_size : 0, post = key_ ? tag_size : 0;
    const std::size_t bound = ZSTD_compressBound(plain.size());
    out.resize(0);
    char* o = out.reserve(pre + 1 + std::max(bound, plain.size()) + post);
    std::size_t n = ZSTD_compressCCtx(z.c, o + pre + 1, bound, plain.data(), plain.size(), level);
    std::size_t body;
    if (!ZSTD_isError(n) && n < plain.size()) {
        o[pre] = char(kind_zstd);
        body = 1 + n;
    } else {
        o[pre] = char(kind_raw);
        if (!plain.empty()) std::memcpy(o + pre + 1, plain.data(), plain.size());
        body = 1 + plain.size();
    }
    if (!key_) {
        out.resize(body);
        return;
    }
    thread_local CipherCtx c;
    auto* u = reinterpret_cast<std::uint8_t*>(o);
    random_bytes(u, nonce_size);
    int len = 0, fin = 0;
    if (EVP_EncryptInit_ex(c.ctx, EVP_aes_256_gcm(), nullptr, key_->encryption.data(), u) != 1 ||
        EVP_EncryptUpdate(c.ctx, nullptr, &len, reinterpret_cast<const std::uint8_t*>(aad.data()), int(aad.size())) !=
            1 ||
        EVP_EncryptUpdate(c.ctx, u + nonce_size, &len, u + nonce_size, int(body)) != 1 ||
        EVP_EncryptFinal_ex(c.ctx, u + nonce_size + len, &fin) != 1 ||
        EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_GET_TAG, int(tag_size), u + nonce_size + body) != 1)
        throw Error(Exit::software, _("libcrypto: AES-256-GCM failed"));
    out.resize(nonce_size + body + tag_size);
}

std::optional<std::string> Sealer::open(std::string_view stored, std::string_view aad, std::size_t limit) const {
    thread_local Buffer out;
    if (!open_into(stored, aad, out, limit)) return std::nullopt;
    std::string s(out.view());
    if (out.capacity() > (5u << 20)) out.release(); // a huge index or tree: do not keep it
    return s;
}

// Decrypts into `out`, then decompresses into a second per-thread buffer that is swapped in.
bool Sealer::open_into(std::string_view stored, std::string_view aad, Buffer& out, std::size_t limit) const {
    limit = std::min(limit, max_plain_size);
    thread_local Buffer spare;
    std::string_view body = stored;
    if (key_) {
        if (stored.size() < nonce_size + tag_size) return false;
        thread_local CipherCtx c;
        auto* s = reinterpret_cast<const std::uint8_t*>(stored.data());
        std::size_t n = stored.size() - nonce_size - tag_size;
        out.resize(0);
        auto* o = reinterpret_cast<std::uint8_t*>(out.reserve(n + 1));
        int len = 0, fin = 0;
        if (EVP_DecryptInit_ex(c.ctx, EVP_aes_256_gcm(), nullptr, key_->encryption.data(), s) != 1 ||
            EVP_DecryptUpdate(c.ctx, nullptr, &len, reinterpret_cast<const std::uint8_t*>(aad.data()),
                              int(aad.size())) != 1 ||
            EVP_DecryptUpdate(c.ctx, o, &len, s + nonce_size, int(n)) != 1 ||
            EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_SET_TAG, int(tag_size),
                                const_cast<std::uint8_t*>(s + nonce_size + n)) != 1 ||
            EVP_DecryptFinal_ex(c.ctx, o + len, &fin) != 1)
            return false;
        out.resize(n);
        body = out.view();
    }
    if (body.empty()) return false;
    if (std::uint8_t(body[0]) == kind_raw) {
        if (body.size() - 1 > limit) return false;
        if (key_) {
            std::memmove(out.data(), out.data() + 1, body.size() - 1);
            out.resize(body.size() - 1);
        } else {
            out.assign(body.substr(1));
        }
        return true;
    }
    if (std::uint8_t(body[0]) != kind_zstd) return false;
    std::string_view frame = body.substr(1);
    // The size the frame's header states: never trusted beyond max_chunk_size (see crypto.hpp).
    unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
    if (size == ZSTD_CONTENTSIZE_ERROR) return false;
    Buffer& dst = key_ ? spare : out;
    if (size == ZSTD_CONTENTSIZE_UNKNOWN) { // we always write it; another writer may not
        if (!decompress_growing(frame, limit, dst)) return false;
    } else if (size > limit) {
        return false; // more than the blob (or anything in a repository) holds: damaged
    } else if (size > max_chunk_size) {
        if (!decompress_growing(frame, std::size_t(size), dst) || dst.size() != size) return false;
    } else {
        thread_local ZstdCtx z;
        dst.resize(0);
        dst.reserve(std::size_t(size) ? std::size_t(size) : 1);
        std::size_t n = ZSTD_decompressDCtx(z.d, dst.data(), std::size_t(size), frame.data(), frame.size());
        if (ZSTD_isError(n) || n != size) return false;
        dst.resize(std::size_t(size));
    }
    if (key_) std::swap(out, spare);
    return true;
}

} // namespace netsec::backup
