#pragma once
// The frame cipher of the end-to-end mode (docs/E2E.md, "Frames"): AES-128-GCM over everything
// after the clear IAX2 header (full frames: 4 bytes, mini frames: 2), the clear header as associated
// data with the R (retransmission) bit masked, and an 8-byte sequence field after the header:
// epoch (8 bits, the ratchet step) ‖ counter (56 bits, per direction and frame kind). The nonce is
// the epoch's 4-byte prefix for the kind ‖ the sequence field. Wire: header ‖ seq ‖ ciphertext ‖ tag(16).
// Each direction's keys come from its chain key (HKDF-Expand); ratchet() steps the chain and wipes
// the old one. GcmOpener drops and counts what fails the tag (tampered), what repeats a sequence
// field (replayed; a full frame with the R bit may repeat one inside the window, it is the reliable
// layer's duplicate) and what falls behind the 64-frame replay window (too old).
// Sans-IO, not thread-safe: the owning Call's (engine) thread. Keys are wiped on destruction.
#include "core/protocol/e2e_crypto.h"
#include "core/protocol/frame_cipher.h"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace iax::core {

inline constexpr std::size_t kGcmSeqBytes = 8;
inline constexpr std::size_t kGcmTagBytes = 16;
/// Bytes the end-to-end framing adds to a plaintext datagram (sequence field + tag).
inline constexpr std::size_t kGcmOverhead = kGcmSeqBytes + kGcmTagBytes;

/// The AES key and the two nonce prefixes of one epoch of one direction, with a GCM context keyed once.
class GcmEpoch {
public:
    /// Keys = HKDF-Expand(chain, "IAXPhone E2E v1 frame", 24): key(16) ‖ full prefix(4) ‖ mini prefix(4).
    /// `encrypt` selects the context's direction. Aborts only if OpenSSL cannot set up AES-GCM.
    GcmEpoch(const Secret32& chain, std::uint32_t epoch, bool encrypt);
    ~GcmEpoch();
    /// A deep copy (a GCM context of its own, same key). For Engine's clone.
    GcmEpoch(const GcmEpoch& other);
    GcmEpoch(GcmEpoch&&) noexcept = default;
    GcmEpoch& operator=(GcmEpoch&&) noexcept = default;
    std::uint32_t number() const { return m_epoch; }
    /// The 12-byte nonce of sequence field `seq` for `kind`.
    std::array<std::uint8_t, 12> nonce(FrameKind kind, std::uint64_t seq) const;
    EVP_CIPHER_CTX* ctx() const { return m_ctx.get(); }

private:
    std::uint32_t m_epoch = 0;
    std::array<std::uint8_t, 24> m_material {}; // key ‖ full prefix ‖ mini prefix
    CipherContext m_ctx;
};

/// The next chain key: HKDF-Expand(chain, "IAXPhone E2E v1 ratchet", 32).
Secret32 ratchetChain(const Secret32& chain);

/// Encrypts one direction's datagrams.
class GcmSealer {
public:
    /// Starts at epoch 0 of `chain` (the direction's chain key from e2eKeySchedule()).
    explicit GcmSealer(const Secret32& chain);
    /// Encrypts the plaintext datagram `head ‖ tail` (wire form of a full or mini frame, clear
    /// header first; `tail` may be empty). Output: header ‖ seq ‖ ciphertext ‖ tag.
    std::vector<std::uint8_t> seal(
        std::span<const std::uint8_t> head, std::span<const std::uint8_t> tail, FrameKind kind);
    /// Steps to the next epoch (new key and prefixes; the old chain key is wiped). Counters run on.
    void ratchet();
    std::uint32_t epoch() const { return m_keys.number(); }

private:
    Secret32 m_chain;
    GcmEpoch m_keys;
    std::array<std::uint64_t, 2> m_counter {}; // per FrameKind
};

/// Why GcmOpener::open() refused a datagram.
enum class GcmDrop {
    None,
    Short, ///< too short to be an end-to-end frame
    Epoch, ///< an epoch neither current, previous nor next
    Tampered, ///< the tag does not verify (altered, forged, or another key)
    Replayed, ///< a sequence field already accepted
    TooOld, ///< behind the replay window
};
/// Drop counters of one direction.
struct GcmCounters {
    std::uint64_t opened = 0, tampered = 0, replayed = 0, tooOld = 0, badEpoch = 0, shortFrames = 0;
};

/// A 64-frame sliding window over one counter space (RFC 4303 §3.4.3 style).
class ReplayWindow {
public:
    static constexpr std::uint64_t kSize = 64;
    enum class Verdict { Fresh, Seen, TooOld };
    Verdict check(std::uint64_t counter) const;
    /// Records `counter` (after its frame authenticated).
    void mark(std::uint64_t counter);

private:
    bool m_any = false;
    std::uint64_t m_highest = 0;
    std::uint64_t m_bits = 0; // bit i: m_highest - i seen
};

/// Decrypts one direction's datagrams: current and previous epoch, the next one on demand.
class GcmOpener {
public:
    explicit GcmOpener(const Secret32& chain);
    /// Decrypts `datagram` into `plain` (the plaintext datagram, clear header as received; its
    /// capacity is reused). GcmDrop::None on success; `repeated` then says a full frame with the R
    /// bit repeated a sequence field inside the window. On a drop nothing changes but the counter.
    /// Never throws.
    GcmDrop open(std::span<const std::uint8_t> datagram, FrameKind kind, std::vector<std::uint8_t>& plain,
        bool* repeated = nullptr);
    const GcmCounters& counters() const { return m_counters; }
    std::uint32_t epoch() const { return m_current.number(); }

private:
    GcmDrop count(GcmDrop d);

    Secret32 m_nextChain; // chain key of epoch current + 1
    GcmEpoch m_current;
    std::optional<GcmEpoch> m_previous;
    std::array<ReplayWindow, 2> m_windows; // per FrameKind
    GcmCounters m_counters;
};

} // namespace iax::core
