#include "audio/jitter_buffer.h"

#include "audio/timestamp.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace iax::audio {

namespace {
constexpr int kAdaptEvery = 5; // frames between two delay changes
constexpr int kCatchUpEvery = 2; // … when the delay is kCatchUpFrames above target (a fast sender)
constexpr int kCatchUpFrames = 3;
// Frames piled up this far above target (playout stopped while they kept arriving: a sound device
// that did not take audio for a while, a stalled media thread) are stale: skip to the frame due
// now at once, instead of hearing the backlog late and then at double speed for seconds.
constexpr int kFlushAboveMs = 200;
constexpr int kPlcFrames = 10; // after this many missing slots in a row with nothing buffered: silence
constexpr int kIdleFrames = 50; // … and after this many: stop and re-buffer on the next frame
constexpr std::int64_t kResyncMs = 3000; // a timestamp this far off the playout point restarts the buffer
// A transit this far below the fastest expected one: the sender's timestamps jumped ahead (a
// network does not get 100 ms faster from one frame to the next). Frames this far behind the
// playout point, kLateRunToResync in a row: its timestamps jumped back; playout restarts at them.
constexpr std::int64_t kJumpMs = 100;
constexpr int kLateRunToResync = 5;
// A sender heard from within this many frames is still sending (not paused, held or gone).
constexpr int kActiveFrames = 10;
// The sender's drift: estimated every kSlopeEvery frames from a window spanning at least
// kSlopeSpanMs, as the slope between the fastest transits of its two halves; within ±kSlopeDeadband
// it is taken as real time (the window's spread absorbs it), beyond ±kSlopeMax as that much.
constexpr int kSlopeEvery = 25;
constexpr std::int64_t kSlopeSpanMs = 1500;
constexpr double kSlopeDeadband = 0.02;
constexpr double kSlopeMax = 0.4;
constexpr double kSlopeStep = 0.005; // smaller changes keep the current estimate (no rebuild)
constexpr std::size_t kRecentFrames = 50; // a drifting sender's floor: the fastest of the newest 50 frames
// Playout ran ahead of a sender taken for real time or fast: its clock slowed down (Asterisk's
// echo once our voice to it goes lossy). Its drift is learnt afresh from frames that arrived since
// this long before (the slow-down has shown only once playout overtook it: it began earlier).
constexpr std::int64_t kRelearnMs = 1000;
} // namespace

JitterBuffer::JitterBuffer()
    : JitterBuffer(Config {})
{ }

JitterBuffer::JitterBuffer(Config config)
    : m_cfg(config)
    , m_targetMs(config.minDelayMs)
{ }

void JitterBuffer::resync()
{
    // The sender's drift (m_slope) is a property of its clock and survives a jump of its timeline.
    m_frames.clear();
    m_transits.clear();
    m_sortedTransits.clear();
    m_playing = false;
    m_missingRun = 0;
    m_pendingLost = 0;
    m_lateRun = 0;
}

void JitterBuffer::setFrameMs(int ms)
{
    if (ms >= 1 && ms <= 120)
        m_cfg.frameMs = ms;
}

void JitterBuffer::reset()
{
    resync();
    m_haveTs = false;
    m_slope = 0;
    m_slopeKnown = false;
    m_slopeFrom = std::numeric_limits<std::int64_t>::min();
    m_sinceSlope = 0;
}

std::int64_t JitterBuffer::detrended(const Sample& s) const
{
    if (m_slope == 0)
        return s.transit;
    return s.transit - std::llround(m_slope * double(s.arrivalMs - m_slopeOrigin));
}

double JitterBuffer::floorAt(std::int64_t arrivalMs) const
{
    return double(m_floor) + m_slope * double(arrivalMs - m_slopeOrigin);
}

double JitterBuffer::fastestArrival(std::int64_t ts) const
{
    // a - ts = floorAt(a), solved for a (|m_slope| < 1).
    return (double(ts) + double(m_floor) - m_slope * double(m_slopeOrigin)) / (1 - m_slope);
}

void JitterBuffer::rebase(std::int64_t deltaMs)
{
    for (auto& s : m_transits)
        s.transit += deltaMs;
    for (auto& v : m_sortedTransits)
        v += deltaMs;
    m_minTransit += deltaMs;
    m_floor += deltaMs;
}

void JitterBuffer::updateSlope()
{
    if (++m_sinceSlope < kSlopeEvery)
        return;
    m_sinceSlope = 0;
    // Only frames since the drift was last found wrong (relearnDrift) count.
    std::size_t first = 0;
    while (first < m_transits.size() && m_transits[first].arrivalMs < m_slopeFrom)
        ++first;
    const std::size_t n = m_transits.size() - first;
    if (n < 4 || m_transits.back().arrivalMs - m_transits[first].arrivalMs < kSlopeSpanMs)
        return;
    // The fastest transit of each half of the window (jitter only ever adds to a transit) against
    // the middle of each half's arrival times.
    const std::size_t half = first + n / 2;
    const std::size_t end = m_transits.size();
    std::int64_t min1 = m_transits[first].transit, min2 = m_transits[half].transit;
    for (std::size_t i = first; i < half; ++i)
        min1 = std::min(min1, m_transits[i].transit);
    for (std::size_t i = half; i < end; ++i)
        min2 = std::min(min2, m_transits[i].transit);
    const double c1 = double(m_transits[first].arrivalMs + m_transits[half - 1].arrivalMs) / 2;
    const double c2 = double(m_transits[half].arrivalMs + m_transits[end - 1].arrivalMs) / 2;
    if (c2 - c1 < double(kSlopeSpanMs) / 4)
        return;
    double slope = std::clamp(double(min2 - min1) / (c2 - c1), -kSlopeMax, kSlopeMax);
    if (std::abs(slope) < kSlopeDeadband)
        slope = 0;
    m_slopeKnown = true;
    // Relearnt: the older transits belong to the sender's former rate and would spread the
    // detrended window (and the target delay) by the change of rate × their age.
    const bool relearnt = first > 0;
    if (relearnt) {
        m_transits.erase(m_transits.begin(), m_transits.begin() + std::ptrdiff_t(first));
        m_slopeFrom = std::numeric_limits<std::int64_t>::min();
    }
    if (!relearnt && std::abs(slope - m_slope) < kSlopeStep && (slope == 0) == (m_slope == 0))
        return;
    m_slope = slope;
    m_slopeOrigin = m_transits.back().arrivalMs;
    rebuildSorted();
}

void JitterBuffer::relearnDrift(std::int64_t arrivalMs)
{
    // The next frame of a sender taken for real time or fast arrived after its slot although
    // nothing later was here and only concealment was played since its predecessor: playout ran
    // ahead of it, so its clock is slower than estimated (live: Asterisk's echo went from real time
    // to 25 % slow when a duplicate call ended and our voice went as lossy mini frames; the drift
    // estimate, over 5 s of the old rate, stayed 0 and every frame after was late, 40 % silent).
    // Until the drift is estimated again from the newest frames, playout treats it as unknown:
    // it goes back to such a frame and waits at the sender's edge instead of running ahead.
    m_slopeKnown = false;
    m_slopeFrom = arrivalMs - kRelearnMs;
    m_sinceSlope = 0;
}

void JitterBuffer::rebuildSorted()
{
    m_sortedTransits.clear();
    for (const auto& s : m_transits)
        m_sortedTransits.push_back(detrended(s));
    std::sort(m_sortedTransits.begin(), m_sortedTransits.end());
    updateTarget();
}

void JitterBuffer::put(std::span<const std::uint8_t> payload, std::uint32_t timestamp, std::int64_t arrivalMs)
{
    if (payload.empty())
        return;
    ++m_stats.received;
    const std::int64_t ts = m_haveTs ? extendTimestamp(timestamp, m_lastTs) : std::int64_t(timestamp);
    m_haveTs = true;
    m_lastTs = ts;
    const Sample sample { arrivalMs, arrivalMs - ts };
    if (!m_transits.empty()) {
        const double offFloor = double(sample.transit) - floorAt(arrivalMs);
        if (std::abs(offFloor) > double(kResyncMs)) {
            resync(); // the peer's timestamps jumped (or a long stall): start afresh
            ++m_stats.resyncs;
        } else if (offFloor < -double(kJumpMs)) {
            rebase(std::llround(offFloor)); // its timestamps skipped ahead: the window follows
        }
    }
    const bool behindAfterConcealing
        = m_playing && ts < m_next - m_cfg.frameMs / 2 && m_frames.empty() && ts > m_lastPlayedTs + m_cfg.frameMs / 2;
    if (behindAfterConcealing && m_slopeKnown && m_slope <= 0)
        relearnDrift(arrivalMs);
    if (behindAfterConcealing && (m_slope > 0 || !m_slopeKnown)) {
        // Playout ran ahead of a sender that may be slow (nothing later is here) and only concealed
        // since the last frame it played: go back to this frame rather than call it late.
        m_next = ts;
        m_missingRun = 0;
        m_pendingLost = 0;
    }
    if (m_playing && ts < m_next - m_cfg.frameMs / 2) {
        // Far behind, again and again: the sender's timestamps went back. Restart on them rather
        // than drop its stream until it catches up with where we are.
        m_lateRun = ts < m_next - kJumpMs ? m_lateRun + 1 : 0;
        if (m_lateRun < kLateRunToResync) {
            ++m_stats.late;
            addTransit(sample); // late frames are exactly what the target must cover
            return;
        }
        resync();
        ++m_stats.resyncs;
    }
    m_lateRun = 0;
    m_lastArrivalMs = arrivalMs;
    addTransit(sample);
    const auto hint = m_frames.lower_bound(ts);
    if (hint != m_frames.end() && hint->first == ts) {
        ++m_stats.duplicates;
        return;
    }
    if (m_spareNodes.empty()) {
        m_frames.emplace_hint(hint, ts, Stored { { payload.begin(), payload.end() }, arrivalMs });
    } else {
        auto node = std::move(m_spareNodes.back());
        m_spareNodes.pop_back();
        node.key() = ts;
        node.mapped().payload.assign(payload.begin(), payload.end());
        node.mapped().arrivalMs = arrivalMs;
        m_frames.insert(hint, std::move(node));
    }
    m_stats.lost += m_pendingLost; // a later frame: the missing slots before it were lost
    m_pendingLost = 0;
    while (int(m_frames.size()) > m_cfg.capacityFrames) {
        recycle(m_frames.begin());
        ++m_stats.dropped;
    }
}

void JitterBuffer::recycle(Frames::iterator it)
{
    auto node = m_frames.extract(it);
    if (int(m_spareNodes.size()) < m_cfg.capacityFrames)
        m_spareNodes.push_back(std::move(node));
}

void JitterBuffer::addTransit(Sample sample)
{
    // The window in arrival order (to know which value leaves) and the same values detrended and
    // sorted (for min and p95 without sorting per frame: a binary search and a short move each
    // way). A full window replaces the oldest value in place: only the values between the two move.
    m_transits.push_back(sample);
    const std::int64_t transit = detrended(sample);
    if (int(m_transits.size()) <= m_cfg.windowFrames) {
        m_sortedTransits.insert(std::upper_bound(m_sortedTransits.begin(), m_sortedTransits.end(), transit), transit);
        updateTarget();
        updateSlope();
        return;
    }
    const std::int64_t oldest = detrended(m_transits.front());
    m_transits.pop_front();
    auto& v = m_sortedTransits;
    if (transit > oldest) {
        // The last copy of `oldest` leaves; everything up to the first value >= transit moves down.
        const auto from = std::upper_bound(v.begin(), v.end(), oldest) - 1;
        const auto to = std::lower_bound(from, v.end(), transit);
        std::move(from + 1, to, from);
        *(to - 1) = transit;
    } else if (transit < oldest) {
        // The first copy of `oldest` leaves; everything after the last value <= transit moves up.
        const auto from = std::lower_bound(v.begin(), v.end(), oldest);
        const auto to = std::upper_bound(v.begin(), from, transit);
        std::move_backward(to, from, from + 1);
        *to = transit;
    }
    updateTarget();
    updateSlope();
}

void JitterBuffer::updateTarget()
{
    if (m_sortedTransits.empty())
        return;
    m_minTransit = m_sortedTransits.front();
    const std::size_t k = std::min((m_sortedTransits.size() * 95) / 100, m_sortedTransits.size() - 1);
    const std::int64_t p95 = m_sortedTransits[k];
    const std::int64_t spread = p95 - m_minTransit;
    const std::int64_t margin = std::min<std::int64_t>(m_cfg.marginMs, spread);
    m_targetMs = int(std::clamp<std::int64_t>(spread + margin, m_cfg.minDelayMs, m_cfg.maxDelayMs));
    // A drifting sender's floor comes from the newest frames only: an error in the estimated drift
    // tilts the detrended window, and its oldest end would pull the floor off by error × 5 s.
    m_floor = m_minTransit;
    if (m_slope != 0 && !m_transits.empty()) {
        m_floor = detrended(m_transits.back());
        const std::size_t n = m_transits.size();
        for (std::size_t i = n - std::min<std::size_t>(n, kRecentFrames); i < n; ++i)
            m_floor = std::min(m_floor, detrended(m_transits[i]));
    }
}

JitterBuffer::Frame JitterBuffer::get(std::int64_t nowMs)
{
    Frame out;
    const int half = m_cfg.frameMs / 2;
    if (!m_playing) {
        // The caller takes `playoutMs` at a time: wait until the last slot of the first chunk is due too.
        const int chunkRest = std::max(0, m_cfg.playoutMs - m_cfg.frameMs);
        if (m_frames.empty() || double(nowMs) < fastestArrival(m_frames.begin()->first + chunkRest) + m_targetMs) {
            out.timestamp = static_cast<std::uint32_t>(m_next);
            return out; // still buffering
        }
        m_playing = true;
        m_next = m_frames.begin()->first;
        m_lastPlayedTs = m_next - m_cfg.frameMs;
        m_missingRun = 0;
        m_sinceAdapt = 0;
    }
    // Frames whose slot has passed (left behind by a skip) are late.
    while (!m_frames.empty() && m_frames.begin()->first < m_next - half) {
        recycle(m_frames.begin());
        ++m_stats.late;
    }
    ++m_sinceAdapt;
    m_currentDelayMs = int(std::lround(double(nowMs) - fastestArrival(m_next)));
    auto slot = m_frames.lower_bound(m_next - half);
    bool found = slot != m_frames.end() && slot->first < m_next + half;
    // Skip: this slot is empty and the next frame here is due already (the sender's timestamps
    // skipped ahead, or the gap is older than the delay we aim at): play that frame now.
    if (!found && !m_frames.empty() && double(nowMs) >= fastestArrival(m_frames.begin()->first) + m_targetMs) {
        m_stats.skipped += std::uint64_t((m_frames.begin()->first - m_next + half) / m_cfg.frameMs);
        m_next = m_frames.begin()->first;
        m_currentDelayMs = int(std::lround(double(nowMs) - fastestArrival(m_next)));
        m_pendingLost = 0;
        slot = m_frames.begin();
        found = true;
    }
    // Flush: far above target with a backlog queued: drop the stale frames, play the one due now.
    if (found && m_currentDelayMs > m_targetMs + std::max(kFlushAboveMs, 4 * std::max(m_cfg.frameMs, m_cfg.playoutMs))) {
        const double dueBy = double(nowMs) - m_targetMs - half; // frames due earlier than this are stale
        auto next = std::next(slot);
        while (next != m_frames.end() && fastestArrival(next->first) <= dueBy) {
            recycle(slot);
            ++m_stats.dropped;
            slot = next;
            next = std::next(slot);
        }
        if (slot->first != m_next) { // (the stale frames count as dropped)
            m_next = slot->first;
            m_currentDelayMs = int(std::lround(double(nowMs) - fastestArrival(m_next)));
            m_pendingLost = 0;
            m_sinceAdapt = 0;
        }
    }
    // Shrink: the delay has stayed a frame above target; drop this frame and play the next
    // (every other frame when far above: a sender whose clock runs fast).
    const int shrinkEvery
        = m_currentDelayMs > m_targetMs + kCatchUpFrames * m_cfg.frameMs ? kCatchUpEvery : kAdaptEvery;
    // (A caller taking several slots per chunk sees the chunk's first slot a chunk minus a slot
    // earlier than its last: that much above target is its normal state, not excess.)
    const int slack = std::max(m_cfg.frameMs, m_cfg.playoutMs);
    if (found && m_sinceAdapt >= shrinkEvery && m_currentDelayMs > m_targetMs + slack) {
        recycle(slot);
        ++m_stats.dropped;
        m_next += m_cfg.frameMs;
        m_sinceAdapt = 0;
        m_currentDelayMs -= m_cfg.frameMs;
        slot = m_frames.lower_bound(m_next - half);
        found = slot != m_frames.end() && slot->first < m_next + half;
    }
    // Stretch: a sender slower than real time sends less than we play; conceal one frame now
    // and then while the delay is a frame below target, rather than run dry and wait in bursts.
    if (found && m_slope > 0 && m_sinceAdapt >= kCatchUpEvery && m_currentDelayMs < m_targetMs - m_cfg.frameMs) {
        m_sinceAdapt = 0;
        out.kind = Frame::Kind::Conceal;
        out.timestamp = static_cast<std::uint32_t>(m_next);
        ++m_stats.concealed;
        return out;
    }
    out.timestamp = static_cast<std::uint32_t>(m_next);
    if (found) {
        m_next = slot->first; // snap to the sender's grid
        out.kind = Frame::Kind::Packet;
        out.timestamp = static_cast<std::uint32_t>(slot->first);
        out.payload = std::move(slot->second.payload);
        m_waitSum += double(nowMs - slot->second.arrivalMs);
        m_lastPlayedTs = slot->first;
        recycle(slot);
        ++m_stats.played;
        m_next += m_cfg.frameMs;
        m_missingRun = 0;
        return out;
    }
    // Grow: the frame may still be in flight and the delay is below target — wait one frame.
    // Also wait while nothing later is here and the sender is still sending: playout has caught
    // up with it (its clock runs slow), and running ahead would only make its frames late.
    // (Not once a sender is known to keep real time or run fast: its next frame is then lost or late.)
    const bool atSendersEdge = m_frames.empty() && nowMs - m_lastArrivalMs <= kActiveFrames * m_cfg.frameMs
        && (m_slope > 0 || !m_slopeKnown);
    if ((m_currentDelayMs < m_targetMs && m_missingRun == 0) || atSendersEdge) {
        out.kind = Frame::Kind::Conceal;
        ++m_stats.concealed;
        return out;
    }
    ++m_missingRun;
    m_next += m_cfg.frameMs;
    if (m_frames.empty() && m_missingRun > kPlcFrames) {
        m_pendingLost = 0; // the peer stopped sending rather than lost frames
        if (m_missingRun > kIdleFrames)
            m_playing = false; // (hold, silence, hang-up): re-buffer when it resumes
        return out; // Silence
    }
    // Lost once a later frame proves the gap (an empty buffer may be the end of the stream).
    if (m_frames.empty()) {
        ++m_pendingLost;
    } else {
        m_stats.lost += 1 + m_pendingLost;
        m_pendingLost = 0;
    }
    const auto next = m_frames.lower_bound(m_next - half);
    if (next != m_frames.end() && next->first < m_next + half) {
        out.kind = Frame::Kind::Fec;
        out.payload = next->second.payload; // copy: the frame itself is still played next
        ++m_stats.recovered;
        return out;
    }
    out.kind = Frame::Kind::Conceal;
    ++m_stats.concealed;
    return out;
}

std::optional<std::int64_t> JitterBuffer::firstMissing(int spanMs) const
{
    const int half = m_cfg.frameMs / 2;
    const int slots = std::max(1, (spanMs + m_cfg.frameMs - 1) / m_cfg.frameMs);
    for (int i = 0; i < slots; ++i) {
        const std::int64_t ts = m_next + std::int64_t(i) * m_cfg.frameMs;
        const auto it = m_frames.lower_bound(ts - half);
        if (it == m_frames.end() || it->first >= ts + half)
            return ts;
    }
    return std::nullopt;
}

bool JitterBuffer::ready(std::int64_t nowMs, int spanMs) const
{
    if (m_playing)
        return !firstMissing(spanMs);
    return msUntilDue(nowMs, spanMs) == 0;
}

int JitterBuffer::msUntilDue(std::int64_t nowMs, int spanMs) const
{
    double due = 0;
    if (!m_playing) {
        if (m_frames.empty())
            return -1;
        // As get() starts: once the last slot of the first chunk is due.
        const int chunkRest = std::max(0, m_cfg.playoutMs - m_cfg.frameMs);
        due = fastestArrival(m_frames.begin()->first + chunkRest) + m_targetMs;
    } else {
        const auto missing = firstMissing(spanMs);
        if (!missing)
            return 0;
        due = fastestArrival(*missing) + m_targetMs;
    }
    return int(std::max(0.0, std::ceil(due - double(nowMs))));
}

bool JitterBuffer::dropIfBehind(std::int64_t nowMs, int spanMs, int withinMs)
{
    if (!m_playing || m_sinceAdapt < kAdaptEvery || firstMissing(spanMs))
        return false;
    const int slots = std::max(1, (spanMs + m_cfg.frameMs - 1) / m_cfg.frameMs);
    const std::int64_t after = m_next + std::int64_t(slots) * m_cfg.frameMs; // the span after the next
    const double due = fastestArrival(after + std::int64_t(slots - 1) * m_cfg.frameMs) + m_targetMs;
    if (due > double(nowMs + withinMs))
        return false;
    const int half = m_cfg.frameMs / 2;
    for (int i = 0; i < slots; ++i) {
        recycle(m_frames.lower_bound(m_next - half));
        ++m_stats.dropped;
        m_next += m_cfg.frameMs;
    }
    m_sinceAdapt = 0;
    return true;
}

JitterStats JitterBuffer::stats() const
{
    JitterStats s = m_stats;
    s.currentDelayMs = m_playing ? m_currentDelayMs : 0;
    s.targetDelayMs = m_targetMs;
    s.driftPercent = -m_slope * 100; // the sender advances 1 - m_slope ms per ms of ours
    s.meanWaitMs = m_stats.played ? m_waitSum / double(m_stats.played) : 0;
    return s;
}

} // namespace iax::audio
