#include "netsec/backup/crypto.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/hash.hpp"
#include "netsec/core/i18n.hpp"

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
        EVP_EncryptUpdate(c.ctx, nullptr, &len, reinterpret_cast<const std::uint8_t*>(aad.data()), int(aad.size())) != 1 ||
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
        EVP_DecryptUpdate(c.ctx, nullptr, &len, reinterpret_cast<const std::uint8_t*>(aad.data()), int(aad.size())) != 1 ||
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
    if (hex.size() != 64) return std::nullopt;
    auto b = hash::hex_decode(hex);
    if (!b) return std::nullopt;
    Id id;
    std::memcpy(id.data(), b->data(), 32);
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

std::string wrap_master_key(const MasterKey& key, const std::string& passphrase, const ScryptParams& params) {
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
        p.n = j.at("n").get<std::uint64_t>();
        p.r = j.at("r").get<std::uint32_t>();
        p.p = j.at("p").get<std::uint32_t>();
        salt = hash::hex_decode(j.at("salt").get<std::string>());
        wrapped = hash::hex_decode(j.at("wrapped").get<std::string>());
    } catch (const std::exception&) {
        throw Error(Exit::data, _("the key file is malformed"));
    }
    if (!salt || !wrapped || p.n < 2 || p.n > (1u << 24) || p.r > 64 || p.p > 16)
        throw Error(Exit::data, _("the key file is malformed"));
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

std::string Sealer::seal(std::string_view plain, std::string_view aad, int level) const {
    thread_local ZstdCtx z;
    std::string body(1 + ZSTD_compressBound(plain.size()), '\0');
    std::size_t n = ZSTD_compressCCtx(z.c, body.data() + 1, body.size() - 1, plain.data(), plain.size(), level);
    if (!ZSTD_isError(n) && n < plain.size()) {
        body[0] = char(kind_zstd);
        body.resize(1 + n);
    } else {
        body.assign(1, char(kind_raw));
        body.append(plain);
    }
    if (!key_) return body;
    return gcm_seal(key_->encryption.data(), body, aad);
}

std::optional<std::string> Sealer::open(std::string_view stored, std::string_view aad) const {
    std::optional<std::string> opened;
    std::string_view body = stored;
    if (key_) {
        opened = gcm_open(key_->encryption.data(), stored, aad);
        if (!opened) return std::nullopt;
        body = *opened;
    }
    if (body.empty()) return std::nullopt;
    if (std::uint8_t(body[0]) == kind_raw) return std::string(body.substr(1));
    if (std::uint8_t(body[0]) != kind_zstd) return std::nullopt;
    unsigned long long size = ZSTD_getFrameContentSize(body.data() + 1, body.size() - 1);
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > (1ull << 32)) return std::nullopt;
    thread_local ZstdCtx z;
    std::string out(size, '\0');
    std::size_t n = ZSTD_decompressDCtx(z.d, out.data(), out.size(), body.data() + 1, body.size() - 1);
    if (ZSTD_isError(n) || n != size) return std::nullopt;
    return out;
}

} // namespace netsec::backup
