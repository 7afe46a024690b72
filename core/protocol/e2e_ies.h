#pragma once
// The two private information elements of the end-to-end mode (docs/E2E.md): E2E_OFFER (0xE0) in
// the caller's NEW, E2E_KEY (0xE1) in the callee's AUTHREQ and the caller's AUTHREP. Asterisk
// ignores IEs it does not know. Decoding hostile bytes never throws: it returns a Result.
#include "core/protocol/constants.h"
#include "core/protocol/e2e_crypto.h"
#include "core/protocol/result.h"

#include <cstdint>
#include <span>
#include <vector>

namespace iax::core {

inline constexpr IeId kIeE2eOffer = static_cast<IeId>(0xE0); ///< private: version, suites, commitment
inline constexpr IeId kIeE2eKey = static_cast<IeId>(0xE1); ///< private: version, suite, X25519 key
inline constexpr std::uint8_t kE2eVersion = 1;
/// Suite bits. 0x01: X25519, HKDF-SHA256, AES-128-GCM frames, PGP-word SAS.
namespace E2eSuite {
constexpr std::uint8_t X25519Aes128Gcm = 0x01;
/// 0x02, with 0x01: E2E_ID (0xE2, e2e_identity.h) understood and identities bound into the keys.
constexpr std::uint8_t Identity = 0x02;
} // namespace E2eSuite

/// E2E_OFFER value: version(1) suites(1, bitmask) commitment(32) = 34 bytes.
struct E2eOffer {
    std::uint8_t version = kE2eVersion;
    std::uint8_t suites = E2eSuite::X25519Aes128Gcm | E2eSuite::Identity;
    Sha256Digest commitment {};
    std::vector<std::uint8_t> encode() const;
    /// Errors: "e2e-ie-length" (not 34 bytes). A version or suite we do not speak decodes fine;
    /// the caller of decode() decides (usable()).
    static Result<E2eOffer> decode(std::span<const std::uint8_t> value);
    /// Version 1 with our suite among the offered.
    bool usable() const { return version == kE2eVersion && (suites & E2eSuite::X25519Aes128Gcm); }
};

/// E2E_KEY value: version(1) suite(1: 0x01, or 0x03 when the offer had Identity) public key(32) = 34 bytes.
struct E2eKeyIe {
    std::uint8_t version = kE2eVersion;
    std::uint8_t suite = E2eSuite::X25519Aes128Gcm;
    X25519Public key {};
    std::vector<std::uint8_t> encode() const;
    /// Errors: "e2e-ie-length" (not 34 bytes).
    static Result<E2eKeyIe> decode(std::span<const std::uint8_t> value);
    bool usable() const
    {
        return version == kE2eVersion
            && (suite == E2eSuite::X25519Aes128Gcm || suite == (E2eSuite::X25519Aes128Gcm | E2eSuite::Identity));
    }
    /// The callee understands E2E_ID (it only says so to a caller that offered it).
    bool identityCapable() const { return (suite & E2eSuite::Identity) != 0; }
};

} // namespace iax::core
