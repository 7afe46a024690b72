#pragma once
// The receive side of one direction of an encrypted IAX2 call: the ring of receive keys (the
// current one and up to two previous ones whose frames are still in flight), the sender's clock as
// its frames tell it, its voice clock, the frames held for a late RTKEY, and the decrypt counters.
// decrypt() holds the one rule for which key a frame fits (there is no MAC: a wrong key
// "decrypts" a mini frame always and a full frame now and then, so the decrypted sequence numbers
// and timestamp decide). Used by Call (one per call) and by CaptureDecoder (one per sender).
// Sans-IO, not thread-safe: the owner's thread only.
#include "core/protocol/engine_types.h"
#include "core/protocol/frame_cipher.h"

#include <deque>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace iax::core {

class CallCipher {
public:
    enum class Outcome {
        Clear, ///< no receive key yet: the bytes are to be read as they are
        Decrypted, ///< plain() holds the frame, under the key it fits
        Failed, ///< no key decrypts it plausibly (why in decrypt()'s `why`)
    };
    /// What the receiver expects next of the sender (changes as the call goes on).
    struct Expect {
        std::uint8_t iseqno = 0; ///< the next sequence number expected from the sender
        std::uint64_t format = 0; ///< the sender's voice format (0: unknown; mini frames judged by time only)
    };
    /// An undecryptable frame kept for a retry after the next RTKEY.
    struct Held {
        std::vector<std::uint8_t> bytes;
        bool full;
        Millis arrived;
    };

    /// The sender's clock reads `ts` at `at` (a callee: the caller's NEW; a caller: 0 when its NEW
    /// went out). Frames are judged against it as it runs on; decrypted full frames advance it.
    void startPeerClock(std::uint32_t ts, Millis at);
    /// Installs the first receive key; until then every frame is Outcome::Clear.
    void setKey(const AesKey& key);
    /// An RTKEY of the sender: `key` becomes the current key and the current one the newest
    /// previous key (two are kept). False (nothing changes) when `key` is the current key already.
    /// Held frames are due for a retry (takeRetry()).
    bool rotate(const AesKey& key);
    /// True once a receive key is installed.
    bool active() const { return m_current.has_value(); }

    /// Decrypts `bytes` with the key it fits, judged against the sender's clock at `arrival`
    /// (earlier than now for a held frame retried later). Decrypted: the frame is in plain(), and
    /// the clocks and counters have moved on. Failed: `why` says why; nothing decrypted. Never throws.
    Outcome decrypt(
        std::span<const std::uint8_t> bytes, FrameKind kind, Millis arrival, const Expect& expect, std::string& why);
    /// The frame decrypt() chose (valid until the next decrypt()), and its padding length.
    std::span<const std::uint8_t> plain() const { return m_plain; }
    int padding() const { return m_padding; }
    /// Would decrypt() accept `bytes` now? The same rule without moving any clock or counter (a
    /// mini frame far from the clock counts as not accepted, as it is until a run resynchronises).
    bool accepts(std::span<const std::uint8_t> bytes, FrameKind kind, Millis arrival, const Expect& expect);

    // ---- counters
    /// Counts one undecryptable frame; consecutiveFailures() runs until a frame decrypts.
    void countFailure() { ++m_consecutiveFailures; }
    int consecutiveFailures() const { return m_consecutiveFailures; }
    /// Frames decrypted so far.
    std::uint64_t framesDecrypted() const { return m_framesDecrypted; }

    // ---- frames held for a late RTKEY (the owner keeps their byte budgets)
    /// Keeps a copy of `bytes`.
    void hold(std::span<const std::uint8_t> bytes, bool full, Millis arrived);
    const std::deque<Held>& held() const { return m_held; }
    std::size_t heldBytes() const { return m_heldBytes; }
    /// Drops the oldest held frame; returns its size in bytes.
    std::size_t dropOldestHeld();
    /// All held frames, oldest first; none is held afterwards.
    std::deque<Held> takeHeld();
    /// True (once) when a RTKEY or a clock resync makes the held frames worth another try.
    bool takeRetry() { return std::exchange(m_retryHeld, false); }
    /// Since when mini frames arrive that no key decrypts believably (a key still in flight).
    std::optional<Millis> keySuspectSince() const { return m_keySuspectSince; }
    /// Judges voice normally again (no RTKEY came after all).
    void clearKeySuspect() { m_keySuspectSince.reset(); }

private:
    struct Choice {
        bool chosen = false; // some key decrypted it to something usable …
        bool settled = false; // … and close to the clock
        std::optional<std::uint16_t> currentKeyTs; // a mini's timestamp under the current key
    };
    Choice choose(
        std::span<const std::uint8_t> bytes, FrameKind kind, Millis arrival, const Expect& expect, std::string& why);
    bool plausibleFull(std::span<const std::uint8_t> datagram, Millis arrival, std::uint8_t iseqno) const;
    int miniDistance(std::span<const std::uint8_t> datagram, Millis arrival) const;
    bool miniBelievable(std::span<const std::uint8_t> datagram, std::uint64_t format) const;
    void noteVoiceClock(std::uint16_t ts, Millis arrived, bool force);
    bool voiceClockDrifted(Millis now) const;
    int toVoiceClock(std::uint16_t ts, Millis now) const;
    std::uint32_t predictedPeerTs(Millis now) const;
    void notePeerTs(std::uint32_t ts, Millis now);
    /// A run of far minis, each just after the previous, would reach a resync with this one.
    bool farRunContinues(std::uint16_t ts) const;

    std::optional<FrameDecryptor> m_current;
    std::deque<FrameDecryptor> m_previous; // newest first (frames still in flight)
    std::uint32_t m_peerTs = 0; // newest timestamp of the sender (serial arithmetic) …
    Millis m_peerTsAt { 0 }; // … seen at this time; its clock runs on from there
    std::uint16_t m_farMiniTs = 0; // the last mini frame that decrypted far from the sender's clock
    int m_farMiniRun = 0; // consecutive such frames, each just after the previous (a clock jump)
    /// Since when mini frames arrive that no key decrypts plausibly: the sender probably rotated
    /// and its RTKEY is still in flight, so the old key's garbage must be told apart strictly.
    std::optional<Millis> m_keySuspectSince;
    std::size_t m_lastMiniPayload = 0; // payload bytes of the last mini frame accepted …
    std::uint16_t m_lastMiniTs = 0; // … and its timestamp (voice runs on a grid of its frame length)
    int m_lastMiniOpusHalfMs = 0; // … and, for Opus, how long it played (half ms; 0 = none yet)
    /// The sender's voice clock: the last voice frame accepted (low 16 bits), when it arrived, and
    /// how far it lay from the sender's clock then. A PBX re-stamping voice behind a lossy leg runs
    /// it slower than its full frames' clock (issue 15).
    struct VoiceClock {
        std::uint16_t ts;
        Millis at;
        int offset;
    };
    std::optional<VoiceClock> m_voiceClock;
    int m_consecutiveFailures = 0;
    std::uint64_t m_framesDecrypted = 0;
    std::vector<std::uint8_t> m_plain; // the chosen frame (reused: no allocation frame after frame)
    std::vector<std::uint8_t> m_try; // the candidate under one key (reused)
    int m_padding = 0;
    std::deque<Held> m_held;
    std::size_t m_heldBytes = 0;
    bool m_retryHeld = false;
};

} // namespace iax::core
