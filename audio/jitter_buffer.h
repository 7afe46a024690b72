#pragma once
// Adaptive jitter buffer for one call's received voice, driven by the frames' own timestamps
// (32-bit ms since the peer's call start, as VoiceReceived carries them: the Engine has already
// unwrapped a mini frame's 16 bits, see core::unwrapMiniTimestamp; the buffer only extends them
// across the 32-bit wrap, see extendTimestamp()).
//
// Model: a frame with timestamp ts is played at ts + O. O follows the measured network delay:
// the buffer keeps a window of transit times (arrival - ts), and aims at
//   spread = p95(transit) - min(transit),  target = clamp(spread + min(margin, spread), minDelayMs, maxDelayMs)
// above the fastest frame: with no measured jitter a frame is played at the first playout slot
// after it arrives (one frame buffered), and the margin grows in only with the jitter itself. When a frame is missing
// at its playout time while the delay is below target, playout waits (a concealed frame, the delay grows); when the
// delay stays more than a frame above target, one frame is dropped (it shrinks). A frame still missing is lost: the
// next frame's FEC is used when it is already here (Opus), otherwise codec PLC. Frames arriving after their slot was
// played are late and dropped. Duplicates are dropped.
//
// The sender's clock need not run at real time (issue 15: Asterisk stamps each echoed or bridged
// frame 20 ms after the previous one whatever its other leg lost, so behind 25 % loss its voice
// runs 25 % slow). The buffer follows it: the slope of the fastest transits over the window is
// the sender's drift (±40 % at most), transits are compared after removing it, and a slow sender's
// missing audio is stretched with single concealed frames while a fast one's surplus is dropped.
// Its timestamps may jump: ahead (a frame far earlier than the fastest transit) moves the model
// to the new timeline and playout jumps the gap once the next frame is due; back (a run of frames
// far behind the playout point) restarts playout at them; more than 3 s either way starts afresh.
//
// The buffer stores encoded payloads; the MediaSession decodes what get() hands back.
// Media thread only. Never throws on network input.
#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <vector>

namespace iax::audio {

/// Counters and the current delay, for call details and tests.
struct JitterStats {
    int currentDelayMs = 0; ///< playout delay above the fastest frame's transit, now
    int targetDelayMs = 0; ///< what the adaptation aims at
    std::uint64_t received = 0; ///< put() calls with a payload
    std::uint64_t played = 0; ///< frames handed out as Packet
    std::uint64_t late = 0; ///< arrived after their slot was played (dropped)
    std::uint64_t lost = 0; ///< slots with no frame at playout time (FEC or PLC), once a later frame arrived
    std::uint64_t concealed = 0; ///< frames produced by PLC (lost, waits, and stretches for a slow sender)
    std::uint64_t recovered = 0; ///< lost frames rebuilt from the next frame's FEC
    std::uint64_t dropped = 0; ///< frames dropped to shrink the delay, or on overflow
    std::uint64_t duplicates = 0;
    std::uint64_t skipped = 0; ///< slots jumped over unplayed (the sender's timestamps skipped ahead)
    std::uint64_t resyncs = 0; ///< playout restarted on the sender's new timeline (a jump back, or > 3 s)
    double driftPercent = 0; ///< the sender's clock against ours: -25 = 25 % slow (0 within ±2 %)
    double meanWaitMs = 0; ///< mean time played frames spent in the buffer
};

class JitterBuffer {
public:
    struct Config {
        int frameMs = 20; ///< the sender's frame (slot) duration: get() hands out one slot per call
        /// The caller's playout chunk when longer than a slot (e.g. 20 ms played from 10 ms
        /// frames: get() twice per tick); playout starts only once a whole chunk is due. 0 = frameMs.
        int playoutMs = 0;
        int minDelayMs = 0; ///< 0: at zero jitter a frame waits only for its playout slot
        int maxDelayMs = 500;
        int marginMs = 10; ///< added above the measured spread (at most the spread itself)
        int windowFrames = 250; ///< transit history (5 s of 20 ms frames)
        int capacityFrames = 100; ///< stored frames before the oldest are dropped
    };
    /// What to play for one slot.
    struct Frame {
        enum class Kind {
            Silence, ///< nothing to play (not started, or a long gap): play silence, no PLC
            Packet, ///< decode `payload`
            Fec, ///< lost: rebuild from `payload`, the next frame (codec recover())
            Conceal, ///< lost or waiting: codec PLC
        };
        Kind kind = Kind::Silence;
        std::vector<std::uint8_t> payload;
        std::uint32_t timestamp = 0; ///< of the slot
    };

    JitterBuffer();
    explicit JitterBuffer(Config config);

    /// A received frame: payload, its 32-bit timestamp, the local arrival time (ms, any epoch,
    /// monotonic). Empty payloads are ignored.
    void put(std::span<const std::uint8_t> payload, std::uint32_t timestamp, std::int64_t arrivalMs);
    /// The frame for the next playout slot; call once per frameMs at the playout clock `nowMs`.
    Frame get(std::int64_t nowMs);
    /// True when get() would hand out received audio now for the next `spanMs` of playout (every
    /// slot of it is here; before playout starts: the first chunk is due), so a caller playing as
    /// soon as it can (MediaSession between its ticks) takes it at once. Media thread.
    bool ready(std::int64_t nowMs, int spanMs) const;
    /// Ms from `nowMs` until the next `spanMs` of playout is due by the model (ts + offset: at zero
    /// jitter the fastest frame's arrival): 0 when ready() or overdue (a slot still missing then is
    /// concealed or waited for by get()), -1 when nothing is buffered and playout has not started
    /// (nothing to wait for). Media thread.
    int msUntilDue(std::int64_t nowMs, int spanMs) const;
    /// Drops the next `spanMs` of playout (every slot of it is here) when the `spanMs` after it is
    /// due within `withinMs` of `nowMs`: a caller that can wait that long would otherwise play
    /// each frame a span later than it could (issue 19: the device was filled at a tick, so every
    /// frame arriving after it waited a whole tick). At most as often as the delay shrinks
    /// (every few frames). True when dropped (counted in `dropped`). Media thread.
    bool dropIfBehind(std::int64_t nowMs, int spanMs, int withinMs);
    /// The sender's frame duration changed (e.g. a peer sending 10 ms Opus frames): slots are this
    /// long from now on. Ignored unless 1..120 ms.
    void setFrameMs(int ms);
    int frameMs() const { return m_cfg.frameMs; }
    /// Forgets everything but the counters (e.g. after hold): the next frame starts afresh.
    void reset();
    JitterStats stats() const;

private:
    struct Stored {
        std::vector<std::uint8_t> payload;
        std::int64_t arrivalMs;
    };
    struct Sample {
        std::int64_t arrivalMs;
        std::int64_t transit; ///< arrivalMs - timestamp
    };
    using Frames = std::map<std::int64_t, Stored>;
    /// Erases a stored frame and keeps its map node for the next put() (no allocation per frame).
    void recycle(Frames::iterator it);
    void addTransit(Sample s);
    /// A sample's transit with the sender's drift taken out (as it would be at m_slopeOrigin).
    std::int64_t detrended(const Sample& s) const;
    void updateTarget();
    /// Re-estimates the sender's drift from the window (every few frames); rebuilds the sorted window when it changed.
    void updateSlope();
    /// Playout ran ahead of a sender taken for real time or fast: forget the drift estimate and
    /// learn it again from the frames of the last second on.
    void relearnDrift(std::int64_t arrivalMs);
    void rebuildSorted();
    /// The fastest transit expected for a frame arriving at `arrivalMs`.
    double floorAt(std::int64_t arrivalMs) const;
    /// When a frame with extended timestamp `ts` would arrive at the fastest transit.
    double fastestArrival(std::int64_t ts) const;
    /// Moves every transit in the window by `deltaMs` (the sender's timeline jumped).
    void rebase(std::int64_t deltaMs);
    void resync();
    /// Extended timestamp of the first slot of the next `spanMs` that is not here (playing), or
    /// nullopt when all are.
    std::optional<std::int64_t> firstMissing(int spanMs) const;

    Config m_cfg;
    Frames m_frames; ///< by extended timestamp
    std::vector<Frames::node_type> m_spareNodes; ///< erased nodes put() reuses (at most capacityFrames)
    std::deque<Sample> m_transits; ///< the transit window, oldest first
    std::vector<std::int64_t> m_sortedTransits; ///< the same transits detrended, ascending
    std::int64_t m_minTransit = 0; ///< the fastest detrended transit of the window
    std::int64_t m_floor = 0; ///< the fastest transit expected at m_slopeOrigin (playout reference)
    bool m_slopeKnown = false; ///< the drift has been estimated once (the window spanned long enough)
    double m_slope = 0; ///< growth of the transit per ms of arrival time (sender slow: > 0)
    std::int64_t m_slopeOrigin = 0; ///< arrival time the detrended transits refer to
    int m_sinceSlope = 0; ///< put() calls since the drift was last estimated
    /// Arrival time from which transits count for the drift (set by relearnDrift()).
    std::int64_t m_slopeFrom = std::numeric_limits<std::int64_t>::min();
    int m_lateRun = 0; ///< consecutive frames arriving far behind the playout point
    std::int64_t m_lastArrivalMs = 0; ///< of the newest frame stored (the sender is still sending)
    std::int64_t m_lastPlayedTs = 0; ///< extended timestamp of the last frame played
    int m_targetMs;
    bool m_haveTs = false;
    std::int64_t m_lastTs = 0; ///< last extended timestamp (for 32-bit unwrap)
    bool m_playing = false;
    std::int64_t m_next = 0; ///< extended timestamp of the next slot
    int m_missingRun = 0; ///< consecutive slots without a frame
    std::uint64_t m_pendingLost = 0; ///< missing slots not yet proven lost by a later frame
    int m_sinceAdapt = 0;
    int m_currentDelayMs = 0;
    double m_waitSum = 0;
    JitterStats m_stats;
};

} // namespace iax::audio
