#pragma once
// Reliable delivery of one call's (or one registration's) full frames, as RFC 5456 §7 and
// Asterisk's chan_iax2 do it: oseqno/iseqno bookkeeping, the implicit acknowledgement carried by
// every full frame's iseqno, retransmission with exponential backoff and a give-up limit, VNAK
// answering, and classification of arrivals (in order / duplicate / ahead / unsequenced).
// The retransmission timeout follows the round trip measured from acknowledgements of frames sent
// once only (Karn's rule; RttEstimator, RFC 6298); the give-up time does not depend on it.
// It stores the wire bytes of every frame that needs an ACK exactly as first sent, so an
// encrypted frame is retransmitted under the key it was first sent with (Asterisk bug 14607);
// only the R bit of the clear header is set on retransmission.
// Sans-IO: time is an argument; owned and driven by a Call or Registration on the engine thread.
#include "core/protocol/frame.h"
#include "core/protocol/rtt_estimator.h"

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
    /// Retransmissions before giving up, on the schedule that starts at `initial`: a frame is given
    /// up that long after it was first sent however short the measured timeout is.
    int maxRetries = 6;
    std::chrono::milliseconds min { 100 }; ///< lower bound of a timeout derived from the round trip
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

    explicit ReliableChannel(RetransmitPolicy policy = {});

    /// Whether a full frame takes a sequence number: everything except the IAX commands
    /// ACK, INVAL, VNAK, TXCNT and TXACC (as Asterisk).
    static bool takesSequence(const FullFrame& f);

    /// Fills oseqno/iseqno of an outgoing frame and advances oseqno when the frame takes one.
    /// An ACK gets `ackOf` as its oseqno (Asterisk sends the acknowledged frame's iseqno there).
    void stamp(FullFrame& f, std::optional<std::uint8_t> ackOf = std::nullopt);
    /// Remembers the wire bytes of a frame that needs an ACK, sent at `now`, for retransmission
    /// after retransmitTimeout().
    void track(std::vector<std::uint8_t> wire, SentFrameInfo info, Millis now);

    enum class Arrival {
        InOrder, ///< the expected oseqno: iseqno advanced, process it
        Unsequenced, ///< ACK/INVAL/VNAK/TXCNT/TXACC: process it, sequence untouched
        Duplicate, ///< already received: re-ACK it if it needs one, do not process it again
        Ahead, ///< a gap before it: drop it and ask for retransmission (VNAK)
    };
    /// Classifies an incoming full frame by its oseqno (advancing iseqno for InOrder).
    Arrival arrive(const FullFrame& f);

    /// The acknowledgement carried by a received frame's iseqno, arriving at `now`: drops every
    /// tracked frame before it and returns their infos. The newest of them samples the round trip
    /// unless it was ever resent. An iseqno outside our send window (absurd or stale) is ignored.
    std::vector<SentFrameInfo> acknowledge(std::uint8_t iseqno, Millis now);

    /// True when no frame carrying the current iseqno was sent since the last in-order arrival,
    /// so an explicit ACK is owed (Asterisk's aseqno rule: a reply acknowledges implicitly).
    bool ackOwed() const { return m_aseq != m_iseq; }

    /// Retransmissions due at `now` (wire bytes with the R bit set). When a frame has been waiting
    /// for its acknowledgement for the whole give-up time nothing is resent and `gaveUp` holds it.
    struct Resend {
        SentFrameInfo info;
        std::vector<std::uint8_t> wire;
    };
    struct Due {
        std::vector<Resend> resend;
        std::optional<SentFrameInfo> gaveUp;
    };
    Due due(Millis now);
    /// The peer's VNAK: every tracked frame from `iseqno` on, with the R bit set (none of them
    /// samples the round trip any more).
    std::vector<std::vector<std::uint8_t>> resendFrom(std::uint8_t iseqno);

    /// Earliest retransmission time, if anything is tracked.
    std::optional<Millis> nextDeadline() const;
    /// Forgets every tracked frame and restarts both sequence numbers at 0 (call-token restart);
    /// the round-trip estimate stays (same path).
    void reset();
    /// Sets the next expected oseqno (callee: NEW's oseqno + 1).
    void expect(std::uint8_t iseqno) { m_iseq = iseqno; }
    /// Drops tracked frames matching `pred` (a finished call keeps only its HANGUP/REJECT).
    void dropIf(const std::function<bool(const SentFrameInfo&)>& pred);
    bool anyPending(const std::function<bool(const SentFrameInfo&)>& pred) const;
    std::size_t pendingCount() const { return m_pending.size(); }

    /// Timeout for a frame sent now: the configured initial one until a round trip is measured.
    Millis retransmitTimeout() const { return m_rtt.rto(); }
    /// The smoothed round trip measured from acknowledgements, once there is one.
    std::optional<Millis> smoothedRtt() const { return m_rtt.smoothed(); }

    std::uint8_t oseqno() const { return m_oseq; }
    std::uint8_t iseqno() const { return m_iseq; }
    const RetransmitPolicy& policy() const { return m_policy; }

private:
    struct Pending {
        SentFrameInfo info;
        std::vector<std::uint8_t> wire; ///< as first sent
        Millis sentAt; ///< first transmission
        Millis nextTry;
        Millis timeout;
        bool resent = false; ///< by timer or VNAK: its acknowledgement is no round-trip sample
    };
    static std::vector<std::uint8_t> withRetransmitBit(std::vector<std::uint8_t> wire);

    RetransmitPolicy m_policy;
    Millis m_giveUpAfter; ///< the whole backoff schedule from `initial`
    RttEstimator m_rtt;
    std::uint8_t m_oseq = 0;
    std::uint8_t m_iseq = 0;
    std::uint8_t m_aseq = 0; ///< iseqno carried by the last frame we sent
    std::deque<Pending> m_pending; ///< in oseqno order
};

} // namespace iax::core
