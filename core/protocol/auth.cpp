#include "core/protocol/auth.h"

#include "core/protocol/byte_io.h"
#include "core/protocol/openssl_util.h"
#include "core/protocol/secure_wipe.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/decoder.h>
#include <openssl/encoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cctype>
#include <cstring>
#include <fstream>
#include <sstream>

namespace iax::core {

namespace {

bool isRsa(EVP_PKEY* key)
{
    return key && EVP_PKEY_is_a(key, "RSA");
}

Result<std::string> readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError("unreadable", "cannot read key file '" + path + "'");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Decodes a PEM key of any supported structure with OSSL_DECODER ("PEM" input, any structure).
EVP_PKEY* decodePem(std::string_view pem, int selection, std::string_view passphrase)
{
    EVP_PKEY* key = nullptr;
    OSSL_DECODER_CTX* dctx = OSSL_DECODER_CTX_new_for_pkey(&key, "PEM", nullptr, nullptr, selection, nullptr, nullptr);
    if (!dctx)
        return nullptr;
    if (!passphrase.empty())
        OSSL_DECODER_CTX_set_passphrase(
            dctx, reinterpret_cast<const unsigned char*>(passphrase.data()), passphrase.size());
    const auto* data = reinterpret_cast<const unsigned char*>(pem.data());
    size_t len = pem.size();
    if (!OSSL_DECODER_from_data(dctx, &data, &len)) {
        EVP_PKEY_free(key);
        key = nullptr;
    }
    OSSL_DECODER_CTX_free(dctx);
    ERR_clear_error();
    return key;
}

} // namespace

std::array<std::uint8_t, 16> md5Digest(std::string_view challenge, std::string_view secret)
{
    // Fetched once (thread-safe static init) instead of an implicit fetch per call.
    struct MdDeleter {
        void operator()(EVP_MD* md) const { EVP_MD_free(md); }
    };
    static const std::unique_ptr<EVP_MD, MdDeleter> md5(EVP_MD_fetch(nullptr, "MD5", nullptr));
    std::array<std::uint8_t, 16> out {};
    unsigned int len = 0;
    // One pass over challenge ‖ secret: they are short (≤ 9 digits + a secret), so concatenate.
    char buf[256];
    const bool small = challenge.size() + secret.size() <= sizeof buf;
    std::string big;
    const char* data = buf;
    if (small) {
        std::memcpy(buf, challenge.data(), challenge.size());
        std::memcpy(buf + challenge.size(), secret.data(), secret.size());
    } else {
        big.append(challenge).append(secret);
        data = big.data();
    }
    const bool ok = md5 && EVP_Digest(data, challenge.size() + secret.size(), out.data(), &len, md5.get(), nullptr) == 1
        && len == out.size();
    OPENSSL_cleanse(buf, sizeof buf); // the secret does not linger on the stack
    OPENSSL_cleanse(big.data(), big.size());
    // MD5 is always available in OpenSSL's default provider; failure is a broken installation.
    if (!ok)
        std::abort();
    return out;
}

std::string md5Response(std::string_view challenge, std::string_view secret)
{
    const auto d = md5Digest(challenge, secret);
    return byte_io::toHex(d);
}

bool md5ResponseMatches(std::string_view received, std::string_view challenge, std::string_view secret)
{
    // The length of an MD5_RESULT (32 hex digits) is public, so a size check may return early.
    std::string expected = md5Response(challenge, secret);
    if (received.size() != expected.size()) {
        secureWipe(expected);
        return false;
    }
    std::string lowered(received);
    for (char& c : lowered)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool same = CRYPTO_memcmp(lowered.data(), expected.data(), expected.size()) == 0;
    secureWipe(expected);
    return same;
}

bool plaintextPasswordMatches(std::string_view received, std::string_view secret)
{
    if (secret.empty())
        return false;
    std::array<unsigned char, 32> a {};
    std::array<unsigned char, 32> b {};
    unsigned int la = 0;
    unsigned int lb = 0;
    const bool ok = EVP_Digest(received.data(), received.size(), a.data(), &la, EVP_sha256(), nullptr) == 1
        && EVP_Digest(secret.data(), secret.size(), b.data(), &lb, EVP_sha256(), nullptr) == 1 && la == a.size()
        && lb == b.size();
    const bool same = ok && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
    secureWipe(a);
    secureWipe(b);
    return same;
}

RsaKey::~RsaKey()
{
    EVP_PKEY_free(m_key);
}

RsaKey::RsaKey(RsaKey&& o) noexcept
    : m_key(o.m_key)
    , m_private(o.m_private)
{
    o.m_key = nullptr;
    o.m_private = false;
}

RsaKey& RsaKey::operator=(RsaKey&& o) noexcept
{
    if (this != &o) {
        EVP_PKEY_free(m_key);
        m_key = o.m_key;
        m_private = o.m_private;
        o.m_key = nullptr;
        o.m_private = false;
    }
    return *this;
}

Result<RsaKey> RsaKey::privateFromPem(std::string_view pem, std::string_view passphrase)
{
    if (pem.find("-----BEGIN") == std::string_view::npos)
        return makeError("bad-pem", "not a PEM private key (no -----BEGIN line)");
    const bool encrypted = pem.find("ENCRYPTED") != std::string_view::npos;
    EVP_PKEY* key = decodePem(pem, EVP_PKEY_KEYPAIR, passphrase);
    if (!key) {
        if (encrypted)
            return makeError("bad-passphrase", "the private key is encrypted and the passphrase is missing or wrong");
        return makeError("bad-pem", "the PEM private key could not be parsed");
    }
    if (!isRsa(key)) {
        EVP_PKEY_free(key);
        return makeError("not-rsa", "the key is not an RSA key (IAX2 RSA authentication needs RSA)");
    }
    RsaKey k;
    k.m_key = key;
    k.m_private = true;
    return k;
}

Result<RsaKey> RsaKey::publicFromPem(std::string_view pem)
{
    if (pem.find("-----BEGIN") == std::string_view::npos)
        return makeError("bad-pem", "not a PEM public key (no -----BEGIN line)");
    EVP_PKEY* key = decodePem(pem, EVP_PKEY_PUBLIC_KEY, {});
    if (!key)
        return makeError("bad-pem", "the PEM public key could not be parsed");
    if (!isRsa(key)) {
        EVP_PKEY_free(key);
        return makeError("not-rsa", "the key is not an RSA key (IAX2 RSA authentication needs RSA)");
    }
    RsaKey k;
    k.m_key = key;
    k.m_private = false;
    return k;
}

Result<RsaKey> RsaKey::privateFromFile(const std::string& path, std::string_view passphrase)
{
    auto text = readFile(path);
    if (!text)
        return text.error();
    return privateFromPem(*text, passphrase);
}

Result<RsaKey> RsaKey::publicFromFile(const std::string& path)
{
    auto text = readFile(path);
    if (!text)
        return text.error();
    return publicFromPem(*text);
}

int RsaKey::bits() const
{
    return m_key ? EVP_PKEY_get_bits(m_key) : 0;
}

std::string RsaKey::fingerprint() const
{
    if (!m_key)
        return {};
    unsigned char* der = nullptr;
    const int len = i2d_PUBKEY(m_key, &der);
    if (len <= 0)
        return {};
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdLen = 0;
    EVP_Digest(der, static_cast<size_t>(len), md, &mdLen, EVP_sha256(), nullptr);
    OPENSSL_free(der);
    return byte_io::toHex(std::span<const std::uint8_t>(md, mdLen));
}

std::string RsaKey::publicPem() const
{
    if (!m_key)
        return {};
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), m_key) != 1)
        return {};
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(len));
}

Status checkRsaKeyStrength(const RsaKey& key)
{
    if (key.bits() < kMinRsaBits)
        return makeError("weak-key",
            std::to_string(key.bits()) + "-bit RSA is too weak (minimum " + std::to_string(kMinRsaBits) + " bits)");
    return Ok {};
}

Result<std::string> rsaSignChallenge(const RsaKey& key, std::string_view challenge)
{
    if (!key.valid() || !key.hasPrivate())
        return makeError("no-private-key", "RSA authentication needs a private key (outkey)");
    MdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;
    if (!ctx || EVP_DigestSignInit_ex(ctx.get(), &pctx, "SHA1", nullptr, nullptr, key.raw(), nullptr) != 1
        || EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1)
        return makeError("sign-failed", "RSA signing could not start: " + opensslError());
    size_t sigLen = 0;
    if (EVP_DigestSign(
            ctx.get(), nullptr, &sigLen, reinterpret_cast<const unsigned char*>(challenge.data()), challenge.size())
        != 1)
        return makeError("sign-failed", "RSA signing failed: " + opensslError());
    std::vector<unsigned char> sig(sigLen);
    if (EVP_DigestSign(
            ctx.get(), sig.data(), &sigLen, reinterpret_cast<const unsigned char*>(challenge.data()), challenge.size())
        != 1)
        return makeError("sign-failed", "RSA signing failed: " + opensslError());
    std::string b64(4 * ((sigLen + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()), sig.data(), static_cast<int>(sigLen));
    b64.resize(static_cast<size_t>(n));
    return b64;
}

bool rsaVerifyChallenge(const RsaKey& key, std::string_view challenge, std::string_view base64Signature)
{
    if (!key.valid() || base64Signature.empty() || base64Signature.size() % 4 != 0 || base64Signature.size() > 4096)
        return false;
    for (char c : base64Signature) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '='))
            return false;
    }
    std::vector<unsigned char> sig(base64Signature.size() / 4 * 3 + 1);
    int n = EVP_DecodeBlock(sig.data(), reinterpret_cast<const unsigned char*>(base64Signature.data()),
        static_cast<int>(base64Signature.size()));
    if (n < 0)
        return false;
    // EVP_DecodeBlock does not strip the bytes that '=' padding stands for.
    if (base64Signature.ends_with("=="))
        n -= 2;
    else if (base64Signature.ends_with("="))
        n -= 1;
    MdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;
    if (!ctx || EVP_DigestVerifyInit_ex(ctx.get(), &pctx, "SHA1", nullptr, nullptr, key.raw(), nullptr) != 1
        || EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1) {
        ERR_clear_error();
        return false;
    }
    const int rc = EVP_DigestVerify(ctx.get(), sig.data(), static_cast<size_t>(n),
        reinterpret_cast<const unsigned char*>(challenge.data()), challenge.size());
    ERR_clear_error();
    return rc == 1;
}

} // namespace iax::core
