#pragma once
// IAX2 authentication primitives: MD5 challenge response, RSA (SHA-1, PKCS#1 v1.5, base64)
// sign and verify, PEM key loading. OpenSSL 3 EVP only. Pure functions; any thread.
#include "core/protocol/result.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

typedef struct evp_pkey_st EVP_PKEY;

namespace iax::core {

/// Lowercase hex MD5(challenge ‖ secret): the MD5_RESULT IE value.
std::string md5Response(std::string_view challenge, std::string_view secret);
/// Raw 16-byte MD5(challenge ‖ secret): also the AES-128 key of an encrypted call.
std::array<std::uint8_t, 16> md5Digest(std::string_view challenge, std::string_view secret);
/// Constant-time comparison of an MD5_RESULT received from a peer with the expected one (case-insensitive hex).
bool md5ResponseMatches(std::string_view received, std::string_view challenge, std::string_view secret);
/// Constant-time comparison of a PASSWORD IE (plaintext authentication) with the configured secret:
/// both are hashed (SHA-256) and the digests compared with CRYPTO_memcmp, so neither the position
/// of the first differing byte nor the secret's length shows in the time taken. False for an empty secret.
bool plaintextPasswordMatches(std::string_view received, std::string_view secret);

/// An RSA key (private or public) held by OpenSSL. Movable, not copyable.
class RsaKey {
public:
    RsaKey() = default;
    ~RsaKey();
    RsaKey(RsaKey&&) noexcept;
    RsaKey& operator=(RsaKey&&) noexcept;
    RsaKey(const RsaKey&) = delete;
    RsaKey& operator=(const RsaKey&) = delete;

    /// Loads a PEM private key (PKCS#1 "RSA PRIVATE KEY" or PKCS#8), optional passphrase.
    /// Errors: "bad-pem", "not-rsa", "bad-passphrase".
    static Result<RsaKey> privateFromPem(std::string_view pem, std::string_view passphrase = {});
    /// Loads a PEM public key ("PUBLIC KEY" SPKI or "RSA PUBLIC KEY" PKCS#1), as Asterisk's inkeys.
    static Result<RsaKey> publicFromPem(std::string_view pem);
    /// Reads a file then calls the functions above. Error "unreadable" when the file cannot be read.
    static Result<RsaKey> privateFromFile(const std::string& path, std::string_view passphrase = {});
    static Result<RsaKey> publicFromFile(const std::string& path);

    bool valid() const { return m_key != nullptr; }
    bool hasPrivate() const { return m_private; }
    int bits() const;
    /// SHA-256 of the DER SubjectPublicKeyInfo, lowercase hex, colon-free.
    std::string fingerprint() const;
    /// PEM "PUBLIC KEY" of this key (the form Asterisk's inkeys directory accepts).
    std::string publicPem() const;
    EVP_PKEY* raw() const { return m_key; }

private:
    EVP_PKEY* m_key = nullptr;
    bool m_private = false;
};

/// Smallest RSA modulus accepted for a peer's public key (--inkey, the trusted-key store).
constexpr int kMinRsaBits = 1024;
/// Error "weak-key" ("512-bit RSA is too weak (minimum 1024)") when `key` is shorter than
/// kMinRsaBits; Ok otherwise. Any thread.
Status checkRsaKeyStrength(const RsaKey& key);

/// RSA_RESULT: base64 of the PKCS#1 v1.5 SHA-1 signature over the ASCII challenge.
/// Errors: "no-private-key", "sign-failed".
Result<std::string> rsaSignChallenge(const RsaKey& key, std::string_view challenge);
/// Verifies an RSA_RESULT against one public key. False on any malformed input.
bool rsaVerifyChallenge(const RsaKey& key, std::string_view challenge, std::string_view base64Signature);

} // namespace iax::core
