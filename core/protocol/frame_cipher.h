#pragma once
// AES-128 frame encryption exactly as Asterisk's `encryption=aes128` (see IAX2-NOTES.md):
// key = MD5(challenge ‖ secret); AES-128-CBC, zero IV, no MAC; full frames keep the first 4 bytes
// (call numbers, R bit) clear, mini frames the first 2; 16–31 padding bytes PREPENDED to the
// plaintext, (padding − 16) in the low nibble of plaintext byte 15. Padding bytes are fresh from
// the injected RandomSource every frame (never Asterisk's recycled tail).
// One OpenSSL EVP context per object (one per direction per call): no per-frame key or IV setup
// (the context chains across frames and the chaining value is cancelled, see frame_cipher.cpp).
// Not thread-safe; used on the engine thread. Keys are wiped when an object is destroyed
// (OPENSSL_cleanse; OpenSSL wipes its own key schedule when the context is freed).
#include "core/protocol/random_source.h"
#include "core/protocol/result.h"

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

typedef struct evp_cipher_ctx_st EVP_CIPHER_CTX;

namespace iax::core {

using AesKey = std::array<std::uint8_t, 16>;

/// Owns one OpenSSL AES-128-CBC context (zero IV, no padding) keyed once.
struct CipherContextDeleter {
    void operator()(EVP_CIPHER_CTX* ctx) const;
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextDeleter>;
/// A context of its own in `ctx`'s exact state (key schedule, IV/chaining value, GCM state):
/// EVP_CIPHER_CTX_copy. For the deep copies of FrameEncryptor, FrameDecryptor and GcmEpoch
/// (Engine's clone). Aborts only if OpenSSL cannot allocate or copy a context.
CipherContext copyCipherContext(const CipherContext& ctx);

/// MD5(challenge ‖ secret) as an AES-128 key (identical bytes to the MD5_RESULT digest).
AesKey deriveAesKey(std::string_view challenge, std::string_view secret);

/// Which kind of datagram is being encrypted/decrypted (decides how many header bytes stay clear).
enum class FrameKind { Full, Mini };

/// Encrypts outgoing datagrams under one key.
class FrameEncryptor {
public:
    explicit FrameEncryptor(const AesKey& key);
    /// Wipes the key (and the chaining value) before the memory is released.
    ~FrameEncryptor();
    /// A deep copy (a context of its own in the same chaining state): encrypts what `other`
    /// would from here on, given the same padding bytes. For Engine's clone.
    FrameEncryptor(const FrameEncryptor& other);
    FrameEncryptor(FrameEncryptor&&) noexcept = default;
    FrameEncryptor& operator=(FrameEncryptor&&) noexcept = default;

    /// Encrypts a whole plaintext datagram (wire form of a full or mini frame). Padding length
    /// and bytes are drawn from `rng`. Output length = clear header + plaintext + padding (multiple of 16).
    std::vector<std::uint8_t> encrypt(std::span<const std::uint8_t> datagram, FrameKind kind, RandomSource& rng);
    /// The same for the datagram `head ‖ tail` (e.g. a mini header and the voice payload), without
    /// building the plaintext datagram first: the bytes and the rng draws are those of encrypt().
    std::vector<std::uint8_t> encrypt(
        std::span<const std::uint8_t> head, std::span<const std::uint8_t> tail, FrameKind kind, RandomSource& rng);
    /// Same with caller-chosen padding (16..31 bytes, exactly as many as needed to reach a multiple
    /// of 16 plus 16..31; byte 15's low nibble is overwritten). For known-answer tests.
    Result<std::vector<std::uint8_t>> encryptWithPadding(
        std::span<const std::uint8_t> datagram, FrameKind kind, std::span<const std::uint8_t> padding);
    const AesKey& key() const { return m_key; }

private:
    Result<std::vector<std::uint8_t>> encryptParts(std::span<const std::uint8_t> head,
        std::span<const std::uint8_t> tail, FrameKind kind, std::span<const std::uint8_t> padding);

    AesKey m_key {};
    CipherContext m_ctx;
    std::array<std::uint8_t, 16> m_chain {}; ///< the context's CBC chaining value (cancelled per frame)
};

/// Result of a successful decryption: the plaintext datagram (clear header restored) and the padding length.
struct DecryptedDatagram {
    std::vector<std::uint8_t> datagram;
    int padding = 0;
};

/// Decrypts incoming datagrams under one key.
class FrameDecryptor {
public:
    explicit FrameDecryptor(const AesKey& key);
    /// Wipes the key (and the chaining value) before the memory is released.
    ~FrameDecryptor();
    /// A deep copy (a context of its own in the same chaining state). For Engine's clone.
    FrameDecryptor(const FrameDecryptor& other);
    FrameDecryptor(FrameDecryptor&&) noexcept = default;
    FrameDecryptor& operator=(FrameDecryptor&&) noexcept = default;

    /// Decrypts one datagram and validates it. Errors (code): "bad-length" (encrypted part not a
    /// multiple of 16 or shorter than 32), "bad-padding" (nibble gives a padding longer than the data),
    /// "implausible" (full frame: decrypted type not 1..12, subclass byte undecodable, or IAX IEs malformed;
    /// mini: empty payload). Never throws.
    Result<DecryptedDatagram> decrypt(std::span<const std::uint8_t> datagram, FrameKind kind);
    /// The same into `plain` (its capacity is reused: no allocation once it has held a frame of
    /// this size): the plaintext datagram, and the padding length returned. On error `plain`'s
    /// content is unspecified.
    Result<int> decryptInto(std::span<const std::uint8_t> datagram, FrameKind kind, std::vector<std::uint8_t>& plain);
    const AesKey& key() const { return m_key; }

private:
    AesKey m_key {};
    CipherContext m_ctx;
    std::array<std::uint8_t, 16> m_chain {}; ///< the context's CBC chaining value (cancelled per frame)
};

} // namespace iax::core
