#pragma once
// Reliable delivery of one call's (or one registration's) full frames, as RFC 5456 §7 and
// Asterisk's chan_iax2 do it: oseqno/iseqno bookkeeping, the implicit acknowledgement carried by
// every full frame's iseqno, retransmission with exponential backoff and a give-up limit, VNAK
// answering, and classification of arrivals (in order / duplicate / ahead / unsequenced).
// It stores the wire bytes of every frame that needs an ACK exactly as first sent, so an
// encrypted frame is retransmitted under the key it was first sent with (Asterisk bug 14607);
// only the R bit of the clear header is set on retransmission.
// Sans-IO: time is an argument; owned and driven by a Call or Registration on the engine thread.
#include "core/protocol/frame.h"

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <vector>

namespace iax::core {

/// Retransmission settings (EngineConfig carries the defaults).
struct RetransmitPolicy {
    std::chrono::milliseconds initial { 500 }; ///< first timeout when no RTT is known
    std::chrono::milliseconds max { 8000 }; ///< backoff cap
    int maxRetries = 6; ///< retransmissions before giving up
};

/// What the owner remembers about a frame it sent reliably.
struct SentFrameInfo {
    std::uint8_t oseqno = 0;
    std::uint32_t timestamp = 0;
    bool encrypted = false; ///< sent under AES (its ACK proves the peer decrypts us)
    bool final = false; ///< HANGUP/REJECT: the call ends when it is acknowledged or given up
    bool probe = false; ///< PING/LAGRQ: its reply measures the round trip
    int keyGeneration = 0; ///< which of our transmit keys encrypted it (0 = initial)
    int retries = 0; ///< how often it was retransmitted so far
};

class ReliableChannel {
public:
    using Millis = std::chrono::milliseconds;

    explicit ReliableChannel(RetransmitPolicy policy = {})
        : m_policy(policy)
    { }

    /// Whether a full frame takes a sequence number: everything except the IAX commands
    /// ACK, INVAL, VNAK, TXCNT and TXACC (as Asterisk).
    static bool takesSequence(const FullFrame& f);

    /// Fills oseqno/iseqno of an outgoing frame and advances oseqno when the frame takes one.
    /// An ACK gets `ackOf` as its oseqno (Asterisk sends the acknowledged frame's iseqno there).
    void stamp(FullFrame& f, std::optional<std::uint8_t> ackOf = std::nullopt);
    /// Remembers the wire bytes of a frame that needs an ACK, for retransmission after `rto`.
    void track(std::vector<std::uint8_t> wire, SentFrameInfo info, Millis now, Millis rto);

    enum class Arrival {
        InOrder, ///< the expected oseqno: iseqno advanced, process it
        Unsequenced, ///< ACK/INVAL/VNAK/TXCNT/TXACC: process it, sequence untouched
        Duplicate, ///< already received: re-ACK it if it needs one, do not process it again
        Ahead, ///< a gap before it: drop it and ask for retransmission (VNAK)
    };
    /// Classifies an incoming full frame by its oseqno (advancing iseqno for InOrder).
    Arrival arrive(const FullFrame& f);

    /// The acknowledgement carried by a received frame's iseqno: drops every tracked frame before
    /// it and returns their infos. An iseqno outside our send window (absurd or stale) is ignored.
    std::vector<SentFrameInfo> acknowledge(std::uint8_t iseqno);

    /// True when no frame carrying the current iseqno was sent since the last in-order arrival,
    /// so an explicit ACK is owed (Asterisk's aseqno rule: a reply acknowledges implicitly).
    bool ackOwed() const { return m_aseq != m_iseq; }

    /// Retransmissions due at `now` (wire bytes with the R bit set). When a frame has exhausted its
    /// retries nothing is resent and `gaveUp` holds it.
    struct Resend {
        SentFrameInfo info;
        std::vector<std::uint8_t> wire;
    };
    struct Due {
        std::vector<Resend> resend;
        std::optional<SentFrameInfo> gaveUp;
    };
    Due due(Millis now);
    /// The peer's VNAK: every tracked frame from `iseqno` on, with the R bit set.
    std::vector<std::vector<std::uint8_t>> resendFrom(std::uint8_t iseqno);

    /// Earliest retransmission time, if anything is tracked.
    std::optional<Millis> nextDeadline() const;
    /// Forgets everything and restarts both sequence numbers at 0 (call-token restart).
    void reset();
    /// Sets the next expected oseqno (callee: NEW's oseqno + 1).
    void expect(std::uint8_t iseqno) { m_iseq = iseqno; }
    /// Drops tracked frames matching `pred` (a finished call keeps only its HANGUP/REJECT).
    void dropIf(const std::function<bool(const SentFrameInfo&)>& pred);
    bool anyPending(const std::function<bool(const SentFrameInfo&)>& pred) const;
    std::size_t pendingCount() const { return m_pending.size(); }

    std::uint8_t oseqno() const { return m_oseq; }
    std::uint8_t iseqno() const { return m_iseq; }
    const RetransmitPolicy& policy() const { return m_policy; }

private:
    struct Pending {
        SentFrameInfo info;
        std::vector<std::uint8_t> wire; ///< as first sent
        Millis nextTry;
        Millis timeout;
    };
    static std::vector<std::uint8_t> withRetransmitBit(std::vector<std::uint8_t> wire);

    RetransmitPolicy m_policy;
    std::uint8_t m_oseq = 0;
    std::uint8_t m_iseq = 0;
    std::uint8_t m_aseq = 0; ///< iseqno carried by the last frame we sent
    std::deque<Pending> m_pending; ///< in oseqno order
};

} // namespace iax::core
