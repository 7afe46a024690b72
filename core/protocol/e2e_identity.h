#pragma once
// Optional Ed25519 identity keys of the end-to-end mode (docs/E2E.md, "Identity"): the key pair
// (OpenSSL EVP, raw 32-byte seed), the E2E_ID information element (0xE2: version, public key,
// signature = 97 bytes, one IE), the two signature inputs (the callee signs the part of the
// transcript it has when it sends AUTHREQ, the caller the whole transcript hash in AUTHREP), the
// binding of both identities into the hash that salts the key schedule, and the fingerprint users
// compare and pin. Sans-IO, any thread; hostile bytes return a Result or false, nothing throws.
// The seed is a secret: wiped on destruction, never printed.
#include "core/protocol/constants.h"
#include "core/protocol/e2e_crypto.h"
#include "core/protocol/result.h"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace iax::core {

using Ed25519Public = std::array<std::uint8_t, 32>;
using Ed25519Signature = std::array<std::uint8_t, 64>;

/// A long-term Ed25519 identity: the private seed (a Secret32) and its public key.
struct Ed25519Identity {
    Secret32 seed;
    Ed25519Public pub {};
    /// The identity of a 32-byte seed. Error "ed25519" if OpenSSL refuses it.
    static Result<Ed25519Identity> fromSeed(std::span<const std::uint8_t, 32> seed);
    /// Ed25519 signature of `message` (deterministic, no randomness). Error "ed25519" on an OpenSSL
    /// failure.
    Result<Ed25519Signature> sign(std::span<const std::uint8_t> message) const;
};

/// True when `sig` is `key`'s valid Ed25519 signature of `message` (false for a malformed key too).
bool ed25519Verify(const Ed25519Public& key, std::span<const std::uint8_t> message, const Ed25519Signature& sig);

/// What users compare and what is pinned: the first 16 bytes of SHA-256("IAXPhone identity v1" ‖
/// public key) as 8 groups of 4 lowercase hex digits separated by spaces ("1a2b 3c4d …").
std::string identityFingerprint(const Ed25519Public& key);

inline constexpr IeId kIeE2eId = static_cast<IeId>(0xE2); ///< private: version, Ed25519 key, signature

/// E2E_ID value: version(1) = 1 ‖ Ed25519 public key(32) ‖ signature(64) = 97 bytes.
struct E2eIdIe {
    std::uint8_t version = 1;
    Ed25519Public key {};
    Ed25519Signature signature {};
    std::vector<std::uint8_t> encode() const;
    /// Errors: "e2e-ie-length" (not 97 bytes), "e2e-id-version" (not version 1).
    static Result<E2eIdIe> decode(std::span<const std::uint8_t> value);
};

/// What the callee signs in AUTHREQ (it has not seen the caller's key yet, only its commitment in
/// the offer): len16-prefixed "IAXPhone E2E v1 identity callee" ‖ offer ‖ calleeKey ‖ challenge ‖
/// callee's public key.
std::vector<std::uint8_t> e2eCalleeIdInput(std::span<const std::uint8_t> offer, std::span<const std::uint8_t> calleeKey,
    std::string_view challenge, const Ed25519Public& calleeId);
/// What the caller signs in AUTHREP: len16-prefixed "IAXPhone E2E v1 identity caller" ‖ transcript
/// hash ‖ caller's public key.
std::vector<std::uint8_t> e2eCallerIdInput(const Sha256Digest& transcriptHash, const Ed25519Public& callerId);

/// The hash that salts the key schedule and the SAS when either side sent E2E_ID: SHA-256 of the
/// len16-prefixed "IAXPhone E2E v1 identities" ‖ transcript hash ‖ callee's public key (or nothing)
/// ‖ caller's public key (or nothing).
Sha256Digest e2eIdentityBinding(
    const Sha256Digest& transcriptHash, std::span<const std::uint8_t> calleeId, std::span<const std::uint8_t> callerId);

} // namespace iax::core
