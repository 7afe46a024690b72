// Call: voice frames (full/mini, 16-bit timestamp wrap), jitter/loss, receiver reports, key rotation.
#include "core/protocol/call.h"

#include "core/protocol/auth.h"

#include <algorithm>
#include <cmath>

namespace iax::core {

using namespace call_cause;

void Call::onMini(const MiniFrame& m, Millis now)
{
    if (m_state != CallState::Answered && m_state != CallState::Incoming && m_state != CallState::Ringing
        && m_state != CallState::Proceeding)
        return;
    if (!m_rxFormat)
        return; // a mini frame before any full voice frame has no known format
    // Unwrap the 16-bit timestamp against the last full voice timestamp.
    std::uint32_t ts = (m_rxVoiceTs & 0xFFFF0000u) | m.timestamp;
    if (ts + 0x8000u < m_rxVoiceTs)
        ts += 0x10000u;
    onVoice(m_rxFormat, ts, m.payload, now);
}

void Call::onVoice(std::uint64_t format, std::uint32_t ts, std::vector<std::uint8_t> payload, Millis now)
{
    ++m_stats.voiceReceived;
    if (m_rxLastVoiceTs && m_rxLastArrival) {
        const double transit
            = double((now - *m_rxLastArrival).count()) - double(std::int64_t(ts) - std::int64_t(*m_rxLastVoiceTs));
        m_jitter += (std::abs(transit) - m_jitter) / 16.0;
        const std::int64_t gap = std::int64_t(ts) - std::int64_t(*m_rxLastVoiceTs);
        if (gap > 30 && gap < 10000)
            m_stats.lost += static_cast<std::uint64_t>(gap / 20 - 1);
    }
    m_rxLastVoiceTs = ts;
    m_rxLastArrival = now;
    m_host.post(VoiceReceived { m_id, format, ts, std::move(payload) });
}

bool Call::sendVoice(std::span<const std::uint8_t> payload, int durationMs, Millis now, std::string* why)
{
    if (m_state != CallState::Answered) {
        if (why)
            *why = "the call is not answered";
        return false;
    }
    if (m_policy == EncryptionPolicy::Required && !m_tx) {
        if (why)
            *why = "encryption is required and this call is not encrypted";
        return false;
    }
    if (!m_format) {
        if (why)
            *why = "no codec negotiated";
        return false;
    }
    if (!m_sentVoice) {
        m_voiceTs = std::max(timestampAt(now), m_lastTs + 1);
        m_voiceTs -= m_voiceTs % 20;
        if (m_voiceTs <= m_lastTs)
            m_voiceTs += 20;
    } else {
        m_voiceTs += static_cast<std::uint32_t>(durationMs);
        // Stay close to real time if the source stalls.
        const std::uint32_t real = timestampAt(now);
        if (real > m_voiceTs + 200)
            m_voiceTs = real - real % 20;
    }
    ++m_stats.voiceSent;
    const bool needFull
        = !m_sentVoice || (m_voiceTs >> 16) != (m_lastFullVoiceTs >> 16) || m_lastVoiceFormatSent != m_format;
    if (needFull) {
        m_lastTs = std::max(m_lastTs, m_voiceTs);
        sendFull(std::uint8_t(FrameType::Voice), static_cast<std::int64_t>(m_format),
            std::vector<std::uint8_t>(payload.begin(), payload.end()), now, m_voiceTs);
        m_lastFullVoiceTs = m_voiceTs;
        m_lastVoiceFormatSent = m_format;
    } else {
        MiniFrame m;
        m.callno = m_localCallno;
        m.timestamp = static_cast<std::uint16_t>(m_voiceTs & 0xFFFF);
        m.payload.assign(payload.begin(), payload.end());
        auto bytes = encode(m);
        if (m_tx) {
            bytes = m_tx->encrypt(bytes, FrameKind::Mini, m_host.random());
            ++m_enc.framesEncrypted;
        }
        m_host.transmit(m_peer, std::move(bytes));
    }
    if (!m_sentVoice) {
        m_sentVoice = true;
        if (m_tx && m_rotation.enabled && m_peerRotationProof)
            m_nextRotation = now + m_rotation.firstAfterVoice;
    }
    maybeRotate(now);
    return true;
}

void Call::maybeRotate(Millis now)
{
    if (!m_tx || !m_nextRotation || now < *m_nextRotation || !m_rotation.enabled || !m_peerRotationProof)
        return;
    if (m_state != CallState::Answered)
        return;
    // One rotation at a time: wait until nothing sent under an older key is still unacknowledged,
    // so the peer never needs more than its current and previous receive keys.
    if (std::any_of(
            m_pending.begin(), m_pending.end(), [&](const Pending& p) { return p.keyGeneration < m_txGeneration; })) {
        m_nextRotation = now + Millis(200);
        return;
    }
    AesKey key {};
    m_host.random().fill(key);
    IeList ies;
    ies.addRaw(std::uint8_t(IeId::Challenge), key);
    sendIax(IaxCommand::RtKey, ies, now); // encrypted with the old key
    m_tx.emplace(key);
    ++m_txGeneration;
    ++m_enc.rekeysSent;
    m_host.post(Rekey { m_id, Direction2::Tx });
    const auto lo = static_cast<std::uint32_t>(m_rotation.minInterval.count());
    const auto hi = static_cast<std::uint32_t>(std::max(m_rotation.maxInterval, m_rotation.minInterval).count());
    m_nextRotation = now + Millis(m_host.random().uniform(lo, hi));
}

IeList Call::rrIes() const
{
    IeList ies;
    const std::uint64_t expected = m_stats.voiceReceived + m_stats.lost;
    const std::uint32_t pct = expected ? static_cast<std::uint32_t>(m_stats.lost * 100 / expected) : 0;
    ies.addU32(IeId::RrJitter, static_cast<std::uint32_t>(m_jitter))
        .addU32(IeId::RrLoss,
            (std::min<std::uint32_t>(pct, 255) << 24)
                | static_cast<std::uint32_t>(std::min<std::uint64_t>(m_stats.lost, 0xFFFFFF)))
        .addU32(IeId::RrPkts, static_cast<std::uint32_t>(m_stats.voiceReceived))
        .addU16(IeId::RrDelay, static_cast<std::uint16_t>(std::max(m_stats.rttMs, 0) / 2))
        .addU32(IeId::RrDropped, 0)
        .addU32(IeId::RrOoo, static_cast<std::uint32_t>(m_stats.outOfOrder));
    return ies;
}

} // namespace iax::core
