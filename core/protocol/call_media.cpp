// Sending a call's frames (sequence numbers, encryption, tracking for retransmission), media
// (voice as full then mini frames with the 16-bit timestamp wrap, DTMF, text, hold), keep-alive
// (PING/LAGRQ, PONG with RR_* IEs) and the per-call statistics.
#include "core/protocol/call.h"

#include "core/protocol/call_causes.h"

#include <algorithm>
#include <cmath>

namespace iax::core {

namespace {
constexpr Millis kVnakSpacing { 100 }; // at most one VNAK per this interval
constexpr Millis kVnakResendGap { 40 }; // at least this long between answers to VNAKs for one frame
constexpr std::size_t kMaxFullVoiceBacklog = 8; // unacknowledged full frames before voice goes as minis again
} // namespace

std::uint32_t Call::timestampAt(Millis now) const
{
    const auto ms = (now - m_start).count();
    return ms < 0 ? 0 : static_cast<std::uint32_t>(ms);
}

Millis Call::retransmitTimeout() const
{
    // From the round trip of our acknowledged full frames (RFC 6298, Karn): a call learns it from
    // its first AUTHREQ or ACK, not only from a PONG 20 s in (live through loss, lost full voice
    // frames waited 500 ms for their retransmission while a duplicate took our mini frames).
    return m_rel.retransmitTimeout();
}

void Call::sendFrame(FullFrame f, Millis now, bool final, std::optional<std::uint8_t> ackOf)
{
    f.scall = m_localCallno;
    f.dcall = m_remoteCallno;
    m_rel.stamp(f, ackOf);
    const bool reliable = frameNeedsAck(f);
    std::vector<std::uint8_t> bytes = encode(f);
    const bool encrypted = m_tx.has_value();
    if (encrypted) {
        bytes = m_e2e.keyed() ? sealE2e(bytes, {}, FrameKind::Full)
                              : m_tx->encrypt(bytes, FrameKind::Full, m_host->random());
        ++m_enc.framesEncrypted;
    }
    ++m_stats.framesSent;
    if (reliable) {
        SentFrameInfo info;
        info.oseqno = f.oseqno;
        info.timestamp = f.timestamp;
        info.encrypted = encrypted;
        info.final = final;
        info.probe = f.isIax(IaxCommand::Ping) || f.isIax(IaxCommand::LagRq);
        info.keyGeneration = m_txGeneration;
        m_rel.track(bytes, info, now);
    }
    m_host->transmit(m_peer, std::move(bytes));
}

void Call::sendFull(std::uint8_t type, std::int64_t subclass, std::vector<std::uint8_t> payload, Millis now,
    std::optional<std::uint32_t> ts, bool final)
{
    FullFrame f;
    f.type = type;
    f.subclass = subclass;
    f.payload = std::move(payload);
    if (ts) {
        f.timestamp = *ts;
    } else {
        // Our full frames' timestamps never go backwards (the peer orders and measures by them).
        f.timestamp = std::max(timestampAt(now), m_lastTs + 1);
        m_lastTs = f.timestamp;
    }
    sendFrame(std::move(f), now, final);
}

void Call::sendIax(IaxCommand c, const IeList& ies, Millis now, std::optional<std::uint32_t> ts, bool final)
{
    auto payload = ies.encodeChecked();
    if (!payload) {
        // The commands check their IEs first (sendNew, onAuthReq); this is the last line of defence:
        // a frame with a wrong IE length byte never goes out, and the call ends saying why.
        finish(CallState::Failed,
            { "cannot send the call's frame: " + payload.error().reason, 0, CallEnd::Kind::Other }, now,
            c != IaxCommand::Hangup);
        return;
    }
    sendFull(std::uint8_t(FrameType::Iax), std::int64_t(c), std::move(payload).value(), now, ts, final);
}

void Call::sendAck(const FullFrame& acked, Millis now)
{
    // As Asterisk: the ACK echoes the acknowledged frame's timestamp and carries its iseqno as oseqno.
    FullFrame f;
    f.type = std::uint8_t(FrameType::Iax);
    f.subclass = std::int64_t(IaxCommand::Ack);
    f.timestamp = acked.timestamp;
    sendFrame(std::move(f), now, false, acked.iseqno);
}

void Call::sendVnak(Millis now)
{
    if (m_lastVnak && now - *m_lastVnak < kVnakSpacing)
        return;
    m_lastVnak = now;
    sendIax(IaxCommand::Vnak, {}, now, timestampAt(now));
}

void Call::onVnak(std::uint8_t iseqno, Millis now)
{
    // Asterisk VNAKs every frame that arrives after a gap, and each of our resent frames that
    // arrives after a gap again: answering each VNAK with everything from the gap on multiplies
    // (a million retransmissions in 15 s of full voice frames through 25 % loss, measured). The
    // same request is answered again only once the resent frames had time to arrive.
    const Millis rtt = m_rel.smoothedRtt().value_or(Millis(std::max(m_stats.rttMs, 0)));
    const Millis gap = std::clamp(rtt + Millis(10), kVnakResendGap, Millis(500));
    if (m_lastVnakResend && m_lastVnakResend->first == iseqno && now - m_lastVnakResend->second < gap)
        return;
    m_lastVnakResend = { iseqno, now };
    for (auto& bytes : m_rel.resendFrom(iseqno)) {
        ++m_stats.retransmits;
        m_host->transmit(m_peer, std::move(bytes));
    }
}

void Call::sendRejectClear(const std::string& text, int code, Millis now)
{
    // In clear on purpose: a caller whose secret is wrong cannot decrypt anything we encrypt.
    auto tx = std::move(m_tx);
    m_tx.reset();
    IeList ies;
    ies.addText(IeId::Cause, text).addU8(IeId::CauseCode, static_cast<std::uint8_t>(code));
    sendIax(IaxCommand::Reject, ies, now, std::nullopt, true);
    m_tx = std::move(tx);
}

void Call::sendKeepalives(Millis now)
{
    sendIax(IaxCommand::Ping, {}, now);
    sendIax(IaxCommand::LagRq, {}, now);
    m_nextPing = now + m_host->config().pingInterval;
}

bool Call::mediaAllowed(const char* what, std::string* why) const
{
    auto refuse = [&](const std::string& reason) {
        if (why)
            *why = std::string(what) + " refused: " + reason;
        return false;
    };
    if (ended())
        return refuse("the call has ended");
    if (m_state != CallState::Answered)
        return refuse("the call is not answered");
    if (m_policy == EncryptionPolicy::Required && !m_tx)
        return refuse("encryption is required and this call is not encrypted");
    if (m_encState == EncryptionState::Failed)
        return refuse("the call's encryption failed");
    return true;
}

bool Call::sendDtmf(char digit, Millis now, std::string* why)
{
    if (!mediaAllowed("DTMF", why))
        return false;
    if (static_cast<unsigned char>(digit) > 0x7F) {
        // Not ASCII (e.g. a byte of a UTF-8 character): no DTMF subclass, and most such values
        // have no full-frame subclass encoding at all (found by fuzz_engine's script mode).
        if (why)
            *why = "DTMF refused: byte " + std::to_string(static_cast<unsigned char>(digit)) + " is not a DTMF digit";
        return false;
    }
    sendFull(std::uint8_t(FrameType::DtmfBegin), static_cast<unsigned char>(digit), {}, now);
    sendFull(std::uint8_t(FrameType::DtmfEnd), static_cast<unsigned char>(digit), {}, now);
    return true;
}

bool Call::sendText(const std::string& text, Millis now, std::string* why)
{
    if (!mediaAllowed("text", why))
        return false;
    std::vector<std::uint8_t> payload(text.begin(), text.end());
    payload.push_back(0); // NUL-terminated, as Asterisk's iax2_sendtext
    sendFull(std::uint8_t(FrameType::Text), 0, std::move(payload), now);
    return true;
}

bool Call::hold(bool on, Millis now)
{
    if (m_state != CallState::Answered || ended())
        return false;
    sendFull(
        std::uint8_t(FrameType::Control), std::int64_t(on ? ControlCommand::Hold : ControlCommand::Unhold), {}, now);
    return true;
}

bool Call::sendVoice(std::span<const std::uint8_t> payload, int durationMs, Millis now, std::string* why)
{
    if (!mediaAllowed("voice", why))
        return false;
    if (!m_format) {
        if (why)
            *why = "voice refused: no codec negotiated";
        return false;
    }
    if (!m_sentVoice) {
        // First voice frame: on a 20 ms grid after every full frame sent so far.
        m_voiceTs = std::max(timestampAt(now), m_lastTs + 1);
        m_voiceTs -= m_voiceTs % 20;
        if (m_voiceTs <= m_lastTs)
            m_voiceTs += 20;
    } else {
        m_voiceTs += static_cast<std::uint32_t>(std::max(durationMs, 1));
        // Stay close to real time if the source stalls.
        const std::uint32_t real = timestampAt(now);
        if (real > m_voiceTs + 200)
            m_voiceTs = real - real % 20;
    }
    ++m_stats.voiceSent;
    // A full frame first, whenever the format changes, whenever the 16-bit mini timestamp wraps,
    // and while a duplicate call at the peer may take our mini frames (call_duplicate.cpp).
    const bool mustFull
        = !m_sentVoice || (m_voiceTs >> 16) != (m_lastFullVoiceTs >> 16) || m_lastVoiceFormatSent != m_format;
    bool needFull = mustFull || (!m_duplicates.empty() && duplicateCapturesMinis(now));
    if (needFull && !mustFull && m_rel.pendingCount() >= kMaxFullVoiceBacklog) {
        // The peer takes full frames in sequence only: behind a gap they wait for its
        // retransmission, and Asterisk's Echo plays them all at once, stamping each 20 ms after the
        // previous one (3.6 s ahead after one stall, measured). Send a mini frame instead: lost to
        // a duplicate, as it would be anyway, but no later than it was spoken.
        needFull = false;
        ++m_stats.voiceBacklogMinis;
    }
    if (needFull) {
        m_lastTs = std::max(m_lastTs, m_voiceTs);
        sendFull(std::uint8_t(FrameType::Voice), static_cast<std::int64_t>(m_format),
            std::vector<std::uint8_t>(payload.begin(), payload.end()), now, m_voiceTs);
        m_lastFullVoiceTs = m_voiceTs;
        m_lastVoiceFormatSent = m_format;
    } else {
        const auto ts = static_cast<std::uint16_t>(m_voiceTs & 0xFFFF);
        if (m_tx) {
            // Encrypted straight from header and payload: one buffer, the datagram handed to the host.
            const auto header = encodeMiniHeader(m_localCallno, ts);
            m_host->transmit(m_peer,
                m_e2e.keyed() ? sealE2e(header, payload, FrameKind::Mini)
                              : m_tx->encrypt(header, payload, FrameKind::Mini, m_host->random()));
            ++m_enc.framesEncrypted;
        } else {
            m_host->transmit(m_peer, encodeMini(m_localCallno, ts, payload));
        }
    }
    if (!m_sentVoice) {
        m_sentVoice = true;
        // Asterisk's schedule: the first rotation at our first voice frame (if the peer proved support).
        if (m_tx && m_rotation.enabled && m_peerRotationProof)
            m_nextRotation = now + m_rotation.firstAfterVoice;
    }
    maybeRotate(now);
    return true;
}

void Call::onMini(MiniFrame&& m, Millis now)
{
    // Before the peer's first full voice frame (lost or still in retransmission) a mini frame is
    // in the negotiated format.
    const std::uint64_t format = m_rxFormat ? m_rxFormat : m_format;
    if (ended() || !format
        || (m_state != CallState::Answered && m_state != CallState::Ringing && m_state != CallState::Proceeding
            && m_state != CallState::Incoming))
        return;
    // Unwrap the 16-bit timestamp against the last voice timestamp (full or mini) we saw.
    const std::uint32_t ts = unwrapMiniTimestamp(m.timestamp, m_rxLastVoiceTs.value_or(0));
    onVoice(format, ts, std::move(m.payload), now);
}

void Call::onVoice(std::uint64_t format, std::uint32_t ts, std::vector<std::uint8_t> payload, Millis now)
{
    ++m_stats.voiceReceived;
    if (m_rxLastVoiceTs && m_rxLastArrival) {
        const std::int64_t gap = std::int64_t(ts) - std::int64_t(*m_rxLastVoiceTs);
        // RFC 3550-style interarrival jitter, in ms.
        const double transit = double((now - *m_rxLastArrival).count()) - double(gap);
        m_jitter += (std::abs(transit) - m_jitter) / 16.0;
        if (gap < 0)
            ++m_stats.outOfOrder;
    }
    // Loss as RFC 3550 counts it: frames expected from the span of timestamps (20 ms frames) minus
    // frames received, so a reordered frame that arrives late is not counted lost.
    if (!m_rxFirstVoiceTs)
        m_rxFirstVoiceTs = ts;
    if (ts >= *m_rxFirstVoiceTs) {
        const std::uint64_t expected
            = (std::uint64_t(std::max(ts, m_rxLastVoiceTs.value_or(ts))) - *m_rxFirstVoiceTs) / 20 + 1;
        const std::uint64_t received = m_stats.voiceReceived;
        m_stats.lost = expected > received ? expected - received : 0;
    }
    if (!m_rxLastVoiceTs || ts > *m_rxLastVoiceTs) {
        m_rxLastVoiceTs = ts;
        m_rxLastArrival = now;
    }
    m_host->post(VoiceReceived { m_id, format, ts, std::move(payload) });
}

void Call::onPong(const FullFrame& f, const IeList& ies, Millis now)
{
    if (auto j = ies.getU32(IeId::RrJitter))
        m_stats.peerJitterMs = static_cast<int>(*j);
    if (auto l = ies.getU32(IeId::RrLoss))
        m_stats.peerLossPercent = static_cast<int>(*l >> 24);
    if (auto n = ies.getU32(IeId::RrPkts))
        m_stats.peerPackets = *n;
    if (auto o = ies.getU32(IeId::RrOoo))
        m_stats.peerOutOfOrder = *o;
    // Karn: a reply to a retransmitted probe is ambiguous and not sampled.
    auto amb = std::find(m_ambiguousProbes.begin(), m_ambiguousProbes.end(), f.timestamp);
    if (amb != m_ambiguousProbes.end()) {
        m_ambiguousProbes.erase(amb);
        return;
    }
    const std::int64_t rtt = std::int64_t(timestampAt(now)) - std::int64_t(f.timestamp);
    if (rtt >= 0 && rtt < 60000)
        m_stats.rttMs = m_stats.rttMs < 0 ? static_cast<int>(rtt) : static_cast<int>((7 * m_stats.rttMs + rtt) / 8);
}

IeList Call::rrIes() const
{
    // Receiver report as Asterisk's construct_rr: jitter, loss (percent << 24 | count), packets,
    // delay, dropped, out of order.
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

CallStats Call::stats() const
{
    CallStats s = m_stats;
    // Until the first PONG/LAGRP (20 s into the call) the round trip is known from the
    // acknowledgements of the handshake's frames: the call details need not say "not measured".
    if (s.rttMs < 0)
        if (const auto acked = m_rel.smoothedRtt())
            s.rttMs = static_cast<int>(acked->count());
    s.encryption = m_enc;
    s.jitterMs = static_cast<int>(m_jitter);
    return s;
}

} // namespace iax::core
