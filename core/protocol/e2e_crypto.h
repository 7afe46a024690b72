#pragma once
// The primitives of the end-to-end mode (docs/E2E.md), all through OpenSSL 3 EVP: X25519 ephemeral
// keys (private bytes drawn from the injected RandomSource), SHA-256, HKDF-SHA256 (EVP_KDF "HKDF",
// extract and expand separately), the key commitment, the transcript hash and the key schedule
// that turns one exchange into the per-direction chain keys and the SAS bytes.
// Sans-IO, any thread (no shared state); every failure is a Result, nothing throws. Secrets held
// here are wiped (OPENSSL_cleanse) when their owners are destroyed.
#include "core/protocol/random_source.h"
#include "core/protocol/result.h"

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace iax::core {

using X25519Public = std::array<std::uint8_t, 32>;
using Sha256Digest = std::array<std::uint8_t, 32>;
/// A 32-byte secret (X25519 private key, shared secret, HKDF PRK, chain key); wiped on destruction.
struct Secret32 {
    std::array<std::uint8_t, 32> bytes {};
    Secret32() = default;
    Secret32(const Secret32&) = default;
    Secret32& operator=(const Secret32&) = default;
    ~Secret32();
};

/// One ephemeral X25519 key pair. generate() draws the private key from `rng` (never fails:
/// 32 random bytes are always a valid X25519 private key).
struct X25519KeyPair {
    Secret32 priv;
    X25519Public pub {};
    static X25519KeyPair generate(RandomSource& rng);
    /// The pair of a given private key (known-answer tests). Error "x25519" if OpenSSL refuses.
    static Result<X25519KeyPair> fromPrivate(std::span<const std::uint8_t, 32> priv);
};

/// X25519(priv, peer). Error "x25519" when OpenSSL refuses (e.g. a low-order peer key that
/// yields the all-zero secret): the caller falls back to hop-by-hop encryption.
Result<Secret32> x25519Shared(const Secret32& priv, const X25519Public& peer);

/// SHA-256 of the concatenation of `parts`.
Sha256Digest sha256(std::initializer_list<std::span<const std::uint8_t>> parts);

/// HKDF-Extract(salt, ikm) with SHA-256 (RFC 5869). Error "hkdf" if OpenSSL fails.
Result<Secret32> hkdfExtract(std::span<const std::uint8_t> salt, std::span<const std::uint8_t> ikm);
/// HKDF-Expand(prk, info, out.size()) with SHA-256 into `out` (≤ 255·32 bytes). False if OpenSSL fails.
bool hkdfExpand(const Secret32& prk, std::string_view info, std::span<std::uint8_t> out);

/// The caller's commitment in NEW: SHA-256("IAXPhone E2E v1 commit" ‖ caller public key).
Sha256Digest e2eCommitment(const X25519Public& callerPub);

/// What both sides know after AUTHREP, in the order the transcript hashes it.
struct E2eTranscript {
    std::span<const std::uint8_t> offer; ///< the E2E_OFFER IE value of NEW
    std::span<const std::uint8_t> calleeKey; ///< the E2E_KEY IE value of AUTHREQ
    std::span<const std::uint8_t> callerKey; ///< the E2E_KEY IE value of AUTHREP
    std::string_view challenge; ///< the CHALLENGE of AUTHREQ
};
/// SHA-256 over the label and the length-prefixed transcript parts (docs/E2E.md, "Transcript").
Sha256Digest e2eTranscriptHash(const E2eTranscript& t);

/// The output of the key schedule: one chain key per direction, and the 4 SAS bytes.
struct E2eKeys {
    Secret32 callerToCallee;
    Secret32 calleeToCaller;
    std::array<std::uint8_t, 4> sas {};
};
/// PRK = HKDF-Extract(salt = transcript hash, ikm = shared ‖ hopKey ‖ len16(auth) ‖ auth); the chain
/// keys are HKDF-Expand(PRK, direction label, 32); the SAS bytes are SHA-256("IAXPhone E2E v1 sas" ‖
/// transcript hash)[0..3]. `auth` is the AUTHREP's MD5_RESULT or RSA_RESULT value, `hopKey` the
/// AES-128 key MD5(challenge ‖ secret). Error "hkdf" if OpenSSL fails.
Result<E2eKeys> e2eKeySchedule(const Secret32& shared, const Sha256Digest& transcriptHash,
    std::span<const std::uint8_t> hopKey, std::span<const std::uint8_t> auth);

} // namespace iax::core
