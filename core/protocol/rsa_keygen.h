#pragma once
// RSA key-pair generation for IAX2 RSA authentication (OpenSSL 3 EVP only). Pure function; any thread.
// Randomness: OpenSSL's own CSPRNG (the same DRBG CsprngRandom draws from). RSA prime generation
// cannot take an injected RandomSource, so this is the one place of core/protocol that uses it
// implicitly; tests check properties of the keys, never their bytes.
#include "core/protocol/result.h"

#include <string>
#include <string_view>

namespace iax::core {

/// The key size we generate: the only one Asterisk's res_crypto can use (128-byte signatures), and
/// the common size whose signature fits one IAX2 IE (172 base64 characters; 2048 bits need 344).
inline constexpr int kRsaDefaultBits = 1024;
/// True for 1024 only: larger keys cannot sign an RSA_RESULT (see checkRsaSigningKeyBits).
bool isSupportedRsaKeyBits(int bits);
/// Length of the base64 RSA_RESULT a key of `bits` signs: 4 * ceil(signature bytes / 3).
int rsaSignatureBase64Chars(int bits);
/// Ok when a private key of `bits` can answer IAX2 challenges, i.e. its base64 signature fits one
/// RSA_RESULT IE (255 bytes: keys up to 1512 bits; 1024 in practice). Otherwise error
/// "rsa-key-too-large" with a sentence for the user. Any thread.
Status checkRsaSigningKeyBits(int bits);

/// A freshly generated key pair, already serialised.
struct RsaKeyPairPem {
    std::string
        privatePem; ///< PKCS#8 "PRIVATE KEY", or "ENCRYPTED PRIVATE KEY" (AES-256-CBC, PBKDF2) with a passphrase
    std::string publicPem; ///< SubjectPublicKeyInfo "PUBLIC KEY", the form Asterisk's inkeys (NAME.pub) accept
    std::string fingerprint; ///< SHA-256 of the DER public key, lowercase hex (as RsaKey::fingerprint)
    int bits = 0;
};

/// Generates an RSA key pair (e = 65537) of `bits` (see isSupportedRsaKeyBits). A non-empty
/// `passphrase` encrypts the private key PEM. Errors: "bad-bits" (unsupported size),
/// "keygen-failed" / "encode-failed" (OpenSSL failure, reason carries OpenSSL's message).
Result<RsaKeyPairPem> generateRsaKeyPair(int bits = kRsaDefaultBits, std::string_view passphrase = {});

} // namespace iax::core
