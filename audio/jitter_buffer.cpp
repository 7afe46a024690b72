#include "audio/jitter_buffer.h"

#include "audio/timestamp.h"

#include <algorithm>

namespace iax::audio {

namespace {
constexpr int kAdaptEvery = 5; // frames between two delay changes
constexpr int kPlcFrames = 10; // after this many missing slots in a row with nothing buffered: silence
constexpr int kIdleFrames = 50; // … and after this many: stop and re-buffer on the next frame
constexpr std::int64_t kResyncMs = 3000; // a timestamp this far off the playout point restarts the buffer
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
    m_frames.clear();
    m_transits.clear();
    m_sortedTransits.clear();
    m_playing = false;
    m_missingRun = 0;
    m_pendingLost = 0;
}

void JitterBuffer::reset()
{
    resync();
    m_haveTs = false;
}

void JitterBuffer::put(std::span<const std::uint8_t> payload, std::uint32_t timestamp, std::int64_t arrivalMs)
{
    if (payload.empty())
        return;
    ++m_stats.received;
    const std::int64_t ts = m_haveTs ? extendTimestamp(timestamp, m_lastTs) : std::int64_t(timestamp);
    m_haveTs = true;
    m_lastTs = ts;
    const std::int64_t transit = arrivalMs - ts;
    if (!m_transits.empty() && std::abs(transit - m_minTransit) > kResyncMs)
        resync(); // the peer's timestamps jumped (or a long stall): start afresh
    if (m_playing && ts < m_next - m_cfg.frameMs / 2) {
        ++m_stats.late;
        addTransit(transit); // late frames are exactly what the target must cover
        return;
    }
    addTransit(transit);
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

void JitterBuffer::addTransit(std::int64_t transit)
{
    // The window in arrival order (to know which value leaves) and the same values sorted (for
    // min and p95 without sorting per frame: a binary search and a short move each way).
    // A full window replaces the oldest value in place: only the values between the two move.
    m_transits.push_back(transit);
    if (int(m_transits.size()) <= m_cfg.windowFrames) {
        m_sortedTransits.insert(std::upper_bound(m_sortedTransits.begin(), m_sortedTransits.end(), transit), transit);
        updateTarget();
        return;
    }
    const std::int64_t oldest = m_transits.front();
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
}

void JitterBuffer::updateTarget()
{
    if (m_sortedTransits.empty())
        return;
    m_minTransit = m_sortedTransits.front();
    const std::size_t k = std::min((m_sortedTransits.size() * 95) / 100, m_sortedTransits.size() - 1);
    const std::int64_t p95 = m_sortedTransits[k];
    m_targetMs = int(std::clamp<std::int64_t>(p95 - m_minTransit + m_cfg.marginMs, m_cfg.minDelayMs, m_cfg.maxDelayMs));
}

JitterBuffer::Frame JitterBuffer::get(std::int64_t nowMs)
{
    Frame out;
    const int half = m_cfg.frameMs / 2;
    if (!m_playing) {
        if (m_frames.empty() || nowMs < m_frames.begin()->first + m_minTransit + m_targetMs) {
            out.timestamp = static_cast<std::uint32_t>(m_next);
            return out; // still buffering
        }
        m_playing = true;
        m_next = m_frames.begin()->first;
        m_missingRun = 0;
        m_sinceAdapt = 0;
    }
    // Frames whose slot has passed (left behind by a skip) are late.
    while (!m_frames.empty() && m_frames.begin()->first < m_next - half) {
        recycle(m_frames.begin());
        ++m_stats.late;
    }
    ++m_sinceAdapt;
    m_currentDelayMs = int(nowMs - (m_next + m_minTransit));
    auto slot = m_frames.lower_bound(m_next - half);
    bool found = slot != m_frames.end() && slot->first < m_next + half;
    // Shrink: the delay has stayed a frame above target; drop this frame and play the next.
    if (found && m_sinceAdapt >= kAdaptEvery && m_currentDelayMs > m_targetMs + m_cfg.frameMs) {
        recycle(slot);
        ++m_stats.dropped;
        m_next += m_cfg.frameMs;
        m_sinceAdapt = 0;
        m_currentDelayMs -= m_cfg.frameMs;
        slot = m_frames.lower_bound(m_next - half);
        found = slot != m_frames.end() && slot->first < m_next + half;
    }
    out.timestamp = static_cast<std::uint32_t>(m_next);
    if (found) {
        m_next = slot->first; // snap to the sender's grid
        out.kind = Frame::Kind::Packet;
        out.timestamp = static_cast<std::uint32_t>(slot->first);
        out.payload = std::move(slot->second.payload);
        m_waitSum += double(nowMs - slot->second.arrivalMs);
        recycle(slot);
        ++m_stats.played;
        m_next += m_cfg.frameMs;
        m_missingRun = 0;
        return out;
    }
    // Grow: the frame may still be in flight and the delay is below target — wait one frame.
    if (m_currentDelayMs < m_targetMs && m_missingRun == 0) {
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

JitterStats JitterBuffer::stats() const
{
    JitterStats s = m_stats;
    s.currentDelayMs = m_playing ? m_currentDelayMs : 0;
    s.targetDelayMs = m_targetMs;
    s.meanWaitMs = m_stats.played ? m_waitSum / double(m_stats.played) : 0;
    return s;
}

} // namespace iax::audio
