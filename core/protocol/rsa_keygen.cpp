#include "core/protocol/rsa_keygen.h"

#include "core/protocol/auth.h"
#include "core/protocol/information_element.h"
#include "core/protocol/openssl_util.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <memory>

namespace iax::core {

namespace {

std::string bioString(BIO* bio)
{
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    return len > 0 ? std::string(data, static_cast<size_t>(len)) : std::string();
}

} // namespace

bool isSupportedRsaKeyBits(int bits)
{
    return bits == kRsaDefaultBits;
}

int rsaSignatureBase64Chars(int bits)
{
    const int bytes = (std::max(bits, 0) + 7) / 8;
    return 4 * ((bytes + 2) / 3);
}

Status checkRsaSigningKeyBits(int bits)
{
    const int chars = rsaSignatureBase64Chars(bits);
    if (chars <= int(kMaxIeData))
        return Ok {};
    return makeError("rsa-key-too-large",
        "a " + std::to_string(bits) + "-bit RSA key cannot be used for IAX2: its signature is " + std::to_string(chars)
            + " characters in base64 and an RSA_RESULT information element carries at most "
            + std::to_string(kMaxIeData) + " (use a " + std::to_string(kRsaDefaultBits)
            + "-bit key, the size Asterisk uses)");
}

Result<RsaKeyPairPem> generateRsaKeyPair(int bits, std::string_view passphrase)
{
    if (!isSupportedRsaKeyBits(bits)) {
        const Status fits = checkRsaSigningKeyBits(bits);
        return makeError("bad-bits",
            fits ? "unsupported RSA key size " + std::to_string(bits) + " (use 1024)" : fits.error().reason);
    }

    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY* raw = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), bits) != 1
        || EVP_PKEY_keygen(ctx.get(), &raw) != 1)
        return makeError("keygen-failed", "RSA key generation failed: " + opensslError());
    PkeyPtr key(raw);

    BioPtr priv(BIO_new(BIO_s_mem()));
    int rc = 0;
    if (priv) {
        if (passphrase.empty()) {
            rc = PEM_write_bio_PKCS8PrivateKey(priv.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
        } else {
            // PKCS#8 v2 encryption: AES-256-CBC with a PBKDF2-derived key (OpenSSL 3 default PRF HMAC-SHA256).
            std::string pass(passphrase);
            rc = PEM_write_bio_PKCS8PrivateKey(
                priv.get(), key.get(), EVP_aes_256_cbc(), pass.data(), static_cast<int>(pass.size()), nullptr, nullptr);
            OPENSSL_cleanse(pass.data(), pass.size());
        }
    }
    if (rc != 1)
        return makeError("encode-failed", "could not write the private key PEM: " + opensslError());

    BioPtr pub(BIO_new(BIO_s_mem()));
    if (!pub || PEM_write_bio_PUBKEY(pub.get(), key.get()) != 1)
        return makeError("encode-failed", "could not write the public key PEM: " + opensslError());

    RsaKeyPairPem out;
    out.privatePem = bioString(priv.get());
    out.publicPem = bioString(pub.get());
    out.bits = EVP_PKEY_get_bits(key.get());
    // Fingerprint through RsaKey so it is computed exactly as everywhere else.
    auto loaded = RsaKey::publicFromPem(out.publicPem);
    if (!loaded)
        return makeError("encode-failed", "the generated public key does not load back: " + loaded.error().reason);
    out.fingerprint = loaded->fingerprint();
    return out;
}

} // namespace iax::core
