// The AES-128 side of a call: keys from the shared secret, decryption with fallback to the
// previous receive keys, RTKEY rotation in both directions (only to a peer that proved it
// supports it), decrypt-failure accounting, and the honest encryption state.
#include "core/protocol/call.h"

#include "core/protocol/byte_io.h"
#include "core/protocol/secure_wipe.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>

namespace iax::core {

void Call::enableEncryption(const std::string& secret)
{
    AesKey key = deriveAesKey(m_challenge, secret);
    m_tx.emplace(key);
    m_rx.emplace(key);
    secureWipe(key);
    m_encNegotiated = true;
    m_enc.cipher = "AES-128";
    m_enc.rotationSupported = m_rotation.enabled && m_peerRotationProof;
    setEncryptionState(EncryptionState::Negotiating);
}

namespace {
using byte_io::readU16;
using byte_io::readU32;

// How far a peer's full-frame timestamp may lie behind its clock as we extrapolate it (a
// retransmission carries its original timestamp; the whole backoff lasts about 40 s) or ahead of it
// (clock drift, a voice clock running fast). A wrong key's garbage lands in this window ~1e-4 of the time.
constexpr std::uint32_t kTsBehindMs = 300'000;
constexpr std::uint32_t kTsAheadMs = 120'000;
// A decrypted mini frame is believed when its timestamp lies this close to the peer's clock
// (network jitter, bursts) and, for constant-size codecs, it has the payload size the peer has
// been sending and lies on the grid of that frame length (voice timestamps advance by whole
// frames, in Asterisk too). A wrong key's garbage passes ~2000/65536 * 1/16 * 1/20 ≈ 1e-4.
constexpr int kMiniCloseMs = 1000;
// While mini frames arrive that no key decrypts believably (a key still in flight), only a frame
// this close to the peer's clock is believed.
constexpr int kMiniStrictMs = 100;
// The peer's voice clock is followed apart from its full frames' clock: Asterisk stamps each echoed
// or bridged voice frame 20 ms after the previous one, whatever its other leg lost, so its voice
// runs up to ~30 % slow (or fast) against real time and its full frames (issue 15). Once it has
// drifted kVoiceDriftMs away, a mini frame is close when it lies within kMiniCloseMs of the last
// voice frame's timestamp advanced by (1 ± kVoiceRateSlack) × the time since; only while that
// frame is recent (kVoiceClockSpan), so the window widens at most by ±1.5 s, after a pause of 5 s.
constexpr double kVoiceRateSlack = 0.3;
constexpr Millis kVoiceClockSpan { 5000 };
// The voice clock is the reference only once it lies this far from the full frames' clock: for a
// sender on real time the window is exactly the one around the peer's clock. (Our own sender lets
// its voice lag its clock by up to 200 ms, and the network adds its jitter: -300 ms is seen.)
constexpr int kVoiceDriftMs = 500;

/// Milliseconds of audio per payload byte for constant-size codecs; 0 = variable size (Opus) or unknown.
double msPerByte(std::uint64_t format)
{
    if (format == Codec::Ulaw || format == Codec::Alaw || format == Codec::G722)
        return 1.0 / 8; // 8000 bytes/s
    if (format == Codec::Slin)
        return 1.0 / 16;
    if (format == Codec::Slin16)
        return 1.0 / 32;
    return 0;
}

// How long an Opus packet plays, in half milliseconds, from its TOC byte (RFC 6716 §3.1, and the
// packet's framing rules of §3.2 that need no decoding); 0 if the bytes are not a valid packet.
int opusPacketHalfMs(std::span<const std::uint8_t> p)
{
    if (p.empty())
        return 0;
    const unsigned config = p[0] >> 3;
    int frameHalfMs;
    if (config < 12)
        frameHalfMs = std::array<int, 4> { 20, 40, 80, 120 }[config % 4]; // SILK 10/20/40/60 ms
    else if (config < 16)
        frameHalfMs = config % 2 ? 40 : 20; // hybrid 10/20 ms
    else
        frameHalfMs = std::array<int, 4> { 5, 10, 20, 40 }[config % 4]; // CELT 2.5/5/10/20 ms
    int frames = 1;
    switch (p[0] & 3) {
    case 0:
        break;
    case 1: // two frames of equal size
        if ((p.size() - 1) % 2 != 0)
            return 0;
        frames = 2;
        break;
    case 2: { // two frames, the first one's length coded in 1 or 2 bytes
        if (p.size() < 2)
            return 0;
        const std::size_t len1 = p[1] < 252 ? p[1] : (p.size() < 3 ? 9999 : p[1] + 4 * std::size_t(p[2]));
        const std::size_t header = p[1] < 252 ? 2 : 3;
        if (header + len1 > p.size())
            return 0;
        frames = 2;
        break;
    }
    default: { // code 3: a frame count byte
        if (p.size() < 2)
            return 0;
        frames = p[1] & 0x3F;
        const bool vbr = p[1] & 0x80;
        const bool padded = p[1] & 0x40;
        if (frames == 0)
            return 0;
        if (!vbr && !padded && (p.size() - 2) % std::size_t(frames) != 0)
            return 0;
        break;
    }
    }
    const int total = frames * frameHalfMs;
    return total <= 240 ? total : 0; // at most 120 ms per packet
}

// Mini frames far from the peer's clock but each near the previous one (≤ 500 ms either way: loss
// and reordering) mean the peer's clock jumped; after this many in a row they are believed (garbage
// lines up so with probability (1000/65536)^4 ≈ 5e-8).
constexpr int kFarMiniRunToResync = 5;
constexpr int kFarMiniStepMs = 500;

bool unsequenced(std::span<const std::uint8_t> d)
{
    // ACK, INVAL, VNAK, TXCNT, TXACC carry no sequence number of their own in oseqno: the reliable
    // channel's own rule, applied to the decrypted header.
    auto header = decodeFullFrame(d.first(std::min<std::size_t>(d.size(), 12)));
    return header && !ReliableChannel::takesSequence(*header);
}

bool echoesOurClock(std::span<const std::uint8_t> d)
{
    // ACK, PONG and LAGRP carry the timestamp of the frame they answer: our clock, not the peer's.
    if (d.size() < 12 || d[10] != std::uint8_t(FrameType::Iax))
        return false;
    const auto c = static_cast<IaxCommand>(d[11]);
    return c == IaxCommand::Ack || c == IaxCommand::Pong || c == IaxCommand::LagRp;
}
} // namespace

std::uint32_t Call::predictedPeerTs(Millis now) const
{
    // Serial arithmetic: a moment before m_peerTsAt (a held frame judged at its arrival) runs back.
    return m_peerTs + static_cast<std::uint32_t>((now - m_peerTsAt).count());
}

void Call::notePeerTs(std::uint32_t ts, Millis now)
{
    // Serial arithmetic: newer than the extrapolated clock (within the plausible window) moves it.
    if (std::uint32_t(ts - predictedPeerTs(now)) <= kTsAheadMs) {
        m_peerTs = ts;
        m_peerTsAt = now;
    }
}

bool Call::plausibleFull(std::span<const std::uint8_t> d, Millis now) const
{
    // A wrong key passes FrameDecryptor's structural checks ~5 % of the time; a garbage header
    // also passes these with probability ~1e-4 (the timestamp alone ~1e-4). The peer's iseqno is
    // not used: the reliable channel already ignores acknowledgements outside its window, and the
    // interop replay feeds us Asterisk frames acknowledging frames another client sent. An ACK's
    // oseqno is the peer's own count of our frames (as Asterisk), so only sequenced frames are
    // checked against our iseqno.
    if (d.size() < 12)
        return false;
    const std::uint32_t ts = readU32(d, 4);
    const std::uint32_t clock = predictedPeerTs(now);
    const bool tsOk = std::uint32_t(ts - clock) <= kTsAheadMs || std::uint32_t(clock - ts) <= kTsBehindMs;
    const bool oseqOk
        = unsequenced(d) || std::uint8_t(d[8] - m_rel.iseqno()) <= 64 || std::uint8_t(m_rel.iseqno() - d[8]) <= 128;
    return tsOk && oseqOk;
}

int Call::miniDistance(std::span<const std::uint8_t> d, Millis now) const
{
    const std::uint16_t ts = readU16(d, 2);
    const auto ref = static_cast<std::uint16_t>(predictedPeerTs(now) & 0xFFFF);
    const int toPeerClock = std::abs(int(static_cast<std::int16_t>(static_cast<std::uint16_t>(ts - ref))));
    if (!voiceClockDrifted(now))
        return toPeerClock;
    return toVoiceClock(ts, now);
}

bool Call::voiceClockDrifted(Millis now) const
{
    // Only a voice clock that has moved away from the peer's clock replaces it as the reference
    // (one reference at a time: a union of two windows would let twice the garbage through).
    return m_voiceClock && std::abs(m_voiceClock->offset) > kVoiceDriftMs
        && std::abs((now - m_voiceClock->at).count()) <= kVoiceClockSpan.count();
}

int Call::toVoiceClock(std::uint16_t ts, Millis now) const
{
    // Distance to the window the voice clock may have reached since its last frame: up to
    // kVoiceRateSlack slower or faster than real time.
    const auto elapsed = double((now - m_voiceClock->at).count());
    const int since = static_cast<std::int16_t>(static_cast<std::uint16_t>(ts - m_voiceClock->ts));
    const double a = elapsed * (1 - kVoiceRateSlack), b = elapsed * (1 + kVoiceRateSlack);
    const double lo = std::min(a, b), hi = std::max(a, b);
    return since < lo ? int(std::ceil(lo - since)) : since > hi ? int(std::ceil(since - hi)) : 0;
}

void Call::noteVoiceClock(std::uint16_t ts, Millis arrived, bool force)
{
    // A mini that only just passed (garbage does, ~1e-4 of the time) does not move the clock; one
    // on its expected course does, and so does the frame of a resync. (Full voice frames do not:
    // a retransmitted one carries its original timestamp.)
    if (!force && m_voiceClock && std::abs((arrived - m_voiceClock->at).count()) <= kVoiceClockSpan.count()
        && toVoiceClock(ts, arrived) > kMiniStrictMs)
        return;
    const auto peer = static_cast<std::uint16_t>(predictedPeerTs(arrived) & 0xFFFF);
    const int offset = static_cast<std::int16_t>(static_cast<std::uint16_t>(ts - peer));
    m_voiceClock = VoiceClock { ts, arrived, offset };
}

bool Call::miniBelievable(std::span<const std::uint8_t> d) const
{
    const std::uint64_t format = m_rxFormat ? m_rxFormat : m_format;
    const auto step = static_cast<std::uint16_t>(readU16(d, 2) - m_lastMiniTs);
    if (format == Codec::Opus) {
        // Opus packets vary in size, but each says how long it plays (its TOC byte), and a peer's
        // encoder keeps one frame duration: garbage is a valid packet of the same duration ~7 % of
        // the time. Another duration is believed only in one of the next three slots, as below.
        const int halfMs = opusPacketHalfMs(d.subspan(4));
        if (halfMs == 0)
            return false; // not an Opus packet at all
        if (m_lastMiniOpusHalfMs == 0)
            return true; // nothing to compare with yet
        const int lastMs = m_lastMiniOpusHalfMs / 2;
        if (m_lastMiniOpusHalfMs % 2 != 0)
            return halfMs == m_lastMiniOpusHalfMs; // 2.5 ms frames: no millisecond grid
        if (halfMs != m_lastMiniOpusHalfMs)
            return step == lastMs || step == 2 * lastMs || step == 3 * lastMs;
        return step % lastMs == 0 || (65536 - step) % lastMs == 0;
    }
    const double perByte = msPerByte(format);
    if (perByte == 0 || m_lastMiniPayload == 0)
        return true; // other variable-size codec, or no mini frame yet to compare with
    const auto frameMs = static_cast<int>(double(m_lastMiniPayload) * perByte + 0.5); // of the last frame
    if (frameMs <= 0)
        return true;
    if (d.size() - 4 != m_lastMiniPayload) {
        // Another size (a shorter last frame, new packetisation) is believed only in one of the next
        // three slots exactly (garbage hits one of them 3/65536 of the time).
        return step == frameMs || step == 2 * frameMs || step == 3 * frameMs;
    }
    return step % frameMs == 0 || (65536 - step) % frameMs == 0;
}

Call::DecryptResult Call::decryptIncoming(std::span<const std::uint8_t> bytes, bool full, Millis now, Millis arrived,
    std::vector<std::uint8_t>& plain, std::string& why)
{
    if (!m_rx)
        return DecryptResult::Clear;
    // Up to three keys may be live (the current receive key and two previous ones whose frames are
    // still in flight), and without a MAC a wrong key can "decrypt" too: a mini frame always, a
    // full frame now and then. So a key is chosen by what the frame says: a full frame must carry
    // plausible sequence numbers and timestamp; a mini frame goes to the key whose timestamp lies
    // nearest the peer's clock, and none if every key's lies far (a frame under a key whose RTKEY
    // is still in flight: it is held and retried when that RTKEY arrives). Trying the current key
    // first keeps the common case at one decryption.
    const FrameKind kind = full ? FrameKind::Full : FrameKind::Mini;
    // Each key decrypts into m_rxTry; the best so far is swapped into `plain` (both keep their capacity).
    bool chosen = false;
    std::optional<std::uint16_t> currentKeyTs; // the mini's timestamp under the current key
    int bestDistance = 0;
    auto consider = [&](FrameDecryptor& key, bool current) -> bool { // true = settled
        auto d = key.decryptInto(bytes, kind, m_rxTry);
        if (!d) {
            if (why.empty())
                why = d.error().reason;
            return false;
        }
        if (full) {
            if (!plausibleFull(m_rxTry, arrived)) {
                why = "decrypts only to an implausible frame (wrong key?)";
                return false;
            }
            plain.swap(m_rxTry);
            chosen = true;
            return true;
        }
        int distance = miniDistance(m_rxTry, arrived);
        if (current)
            currentKeyTs = readU16(m_rxTry, 2);
        if (!miniBelievable(m_rxTry) || (m_keySuspectSince && distance > kMiniStrictMs))
            distance = std::max(distance, kMiniCloseMs + 1); // not believed
        if (!chosen || distance < bestDistance) {
            bestDistance = distance;
            plain.swap(m_rxTry);
            chosen = true;
        }
        return bestDistance <= kMiniCloseMs;
    };
    bool settled = consider(*m_rx, true);
    for (auto it = m_rxOld.begin(); !settled && it != m_rxOld.end(); ++it)
        settled = consider(*it, false);
    bool resynced = false;
    if (!full && chosen && !settled) {
        // Far from the peer's clock under every key. A run of them, each just after the previous,
        // under the current key is a clock jump at the peer: resynchronise to it.
        if (currentKeyTs && m_farMiniRun > 0
            && std::abs(int(std::int16_t(std::uint16_t(*currentKeyTs - m_farMiniTs)))) <= kFarMiniStepMs)
            ++m_farMiniRun;
        else
            m_farMiniRun = currentKeyTs ? 1 : 0;
        if (currentKeyTs)
            m_farMiniTs = *currentKeyTs;
        if (m_farMiniRun < kFarMiniRunToResync) {
            if (!m_keySuspectSince)
                m_keySuspectSince = arrived;
            why = "decrypts only to a voice frame far from the peer's clock (wrong key?)";
            return DecryptResult::Failed;
        }
        m_keySuspectSince.reset();
        if (!m_rx->decryptInto(bytes, kind, plain))
            return DecryptResult::Failed;
        const std::uint32_t clock = predictedPeerTs(arrived);
        m_peerTs = clock + static_cast<std::uint32_t>(std::int32_t(std::int16_t(std::uint16_t(*currentKeyTs - clock))));
        m_peerTsAt = arrived;
        m_retryHeld = !m_held.empty(); // the run's first frames were held: they fit the clock now
        resynced = true;
    }
    if (!chosen)
        return DecryptResult::Failed;
    if (!full) {
        m_farMiniRun = 0;
        m_lastMiniPayload = plain.size() - 4;
        m_lastMiniTs = readU16(plain, 2);
        m_lastMiniOpusHalfMs = opusPacketHalfMs(std::span<const std::uint8_t>(plain).subspan(4)); // 0 unless Opus
        noteVoiceClock(m_lastMiniTs, arrived, resynced);
    }
    if (full && !echoesOurClock(plain))
        notePeerTs(readU32(plain, 4), arrived);
    m_consecutiveDecryptFailures = 0;
    m_lastDecryptOk = now;
    ++m_enc.framesDecrypted;
    if (!m_enc.rxProven) {
        m_enc.rxProven = true;
        updateEncryptionProof();
    }
    return DecryptResult::Decrypted;
}

bool Call::countDecryptFailure(Millis now)
{
    ++m_enc.decryptFailures;
    ++m_consecutiveDecryptFailures;
    return decryptFailureFatal(now);
}

bool Call::decryptFailureFatal(Millis now) const
{
    return m_rx && m_consecutiveDecryptFailures >= m_host.config().decryptFailureLimit
        && now - m_lastDecryptOk >= m_host.config().decryptFailureGrace;
}

void Call::onRtKey(const IeList& ies, Millis now)
{
    const auto* key = ies.find(IeId::Challenge);
    if (!m_encNegotiated || !m_rx || !key || key->data.size() != 16)
        return;
    AesKey k {};
    std::copy(key->data.begin(), key->data.end(), k.begin());
    if (k == m_rx->key()) {
        secureWipe(k);
        return; // installed already when it arrived ahead of a gap; this is its in-order delivery
    }
    m_rxOld.push_front(std::move(*m_rx));
    if (m_rxOld.size() > 2)
        m_rxOld.pop_back();
    m_rx.emplace(k);
    secureWipe(k);
    m_keySuspectSince.reset();
    m_retryHeld = !m_held.empty();
    ++m_enc.rekeysReceived;
    if (!m_peerRotationProof) {
        // Its own RTKEY proves it supports rotation (Asterisk as callee never advertises 0x8000).
        m_peerRotationProof = true;
        m_enc.rotationSupported = m_rotation.enabled;
        if (m_sentVoice && m_rotation.enabled && !m_nextRotation)
            m_nextRotation = now + m_rotation.firstAfterVoice;
    }
    m_host.post(Rekey { m_id, Direction2::Rx });
}

void Call::maybeRotate(Millis now)
{
    if (!m_tx || !m_nextRotation || now < *m_nextRotation || !m_rotation.enabled || !m_peerRotationProof)
        return;
    if (m_state != CallState::Answered || ended())
        return;
    // One rotation at a time: wait until nothing sent under an older key is still unacknowledged,
    // so the peer never needs more than its current and previous receive keys.
    if (m_rel.anyPending([&](const SentFrameInfo& i) { return i.keyGeneration < m_txGeneration; })) {
        m_nextRotation = now + Millis(200);
        return;
    }
    AesKey key {};
    m_host.random().fill(key);
    IeList ies;
    ies.addRaw(std::uint8_t(IeId::Challenge), key);
    sendIax(IaxCommand::RtKey, ies, now); // encrypted with the old key
    m_tx.emplace(key);
    secureWipe(key);
    ies.wipeValues();
    ++m_txGeneration;
    ++m_enc.rekeysSent;
    m_host.post(Rekey { m_id, Direction2::Tx });
    const auto lo = static_cast<std::uint32_t>(m_rotation.minInterval.count());
    const auto hi = static_cast<std::uint32_t>(std::max(m_rotation.maxInterval, m_rotation.minInterval).count());
    m_nextRotation = now + Millis(m_host.random().uniform(lo, hi));
}

void Call::setEncryptionState(EncryptionState s, const std::string& reason)
{
    if (!reason.empty())
        m_enc.reason = reason;
    if (s == m_encState)
        return;
    m_encState = s;
    m_host.post(EncryptionStateChanged { m_id, s, m_enc });
}

void Call::onAcknowledged(const std::vector<SentFrameInfo>& acked)
{
    for (const auto& i : acked)
        if (i.encrypted && !m_enc.txProven) {
            m_enc.txProven = true;
            updateEncryptionProof();
        }
}

void Call::updateEncryptionProof()
{
    if (m_encState == EncryptionState::Negotiating && m_enc.rxProven && m_enc.txProven && !ended())
        setEncryptionState(EncryptionState::Encrypted);
}

} // namespace iax::core
