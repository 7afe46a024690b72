// The key a received frame fits, and the sender's clocks that decide it (see call_cipher.h).
// Moved out of Call (call_crypto.cpp) so that CaptureDecoder follows the same rule.
#include "core/protocol/call_cipher.h"

#include "core/protocol/byte_io.h"
#include "core/protocol/constants.h"
#include "core/protocol/frame.h"
#include "core/protocol/reliable.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <utility>

namespace iax::core {

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

void CallCipher::startPeerClock(std::uint32_t ts, Millis at)
{
    m_peerTs = ts;
    m_peerTsAt = at;
}

void CallCipher::setKey(const AesKey& key)
{
    m_current.emplace(key);
}

bool CallCipher::rotate(const AesKey& key)
{
    if (m_current && key == m_current->key())
        return false; // installed already when it arrived ahead of a gap; this is its in-order delivery
    if (m_current) {
        m_previous.push_front(std::move(*m_current));
        if (m_previous.size() > 2)
            m_previous.pop_back();
    }
    m_current.emplace(key);
    m_keySuspectSince.reset();
    m_retryHeld = !m_held.empty();
    return true;
}

std::uint32_t CallCipher::predictedPeerTs(Millis now) const
{
    // Serial arithmetic: a moment before m_peerTsAt (a held frame judged at its arrival) runs back.
    return m_peerTs + static_cast<std::uint32_t>((now - m_peerTsAt).count());
}

void CallCipher::notePeerTs(std::uint32_t ts, Millis now)
{
    // Serial arithmetic: newer than the extrapolated clock (within the plausible window) moves it.
    if (std::uint32_t(ts - predictedPeerTs(now)) <= kTsAheadMs) {
        m_peerTs = ts;
        m_peerTsAt = now;
    }
}

bool CallCipher::plausibleFull(std::span<const std::uint8_t> d, Millis now, std::uint8_t iseqno) const
{
    // A wrong key passes FrameDecryptor's structural checks ~5 % of the time; a garbage header
    // also passes these with probability ~1e-4 (the timestamp alone ~1e-4). The sender's iseqno is
    // not used: the reliable channel already ignores acknowledgements outside its window, and the
    // interop replay feeds us Asterisk frames acknowledging frames another client sent. An ACK's
    // oseqno is the sender's own count of our frames (as Asterisk), so only sequenced frames are
    // checked against our iseqno.
    if (d.size() < 12)
        return false;
    const std::uint32_t ts = readU32(d, 4);
    const std::uint32_t clock = predictedPeerTs(now);
    const bool tsOk = std::uint32_t(ts - clock) <= kTsAheadMs || std::uint32_t(clock - ts) <= kTsBehindMs;
    const bool oseqOk = unsequenced(d) || std::uint8_t(d[8] - iseqno) <= 64 || std::uint8_t(iseqno - d[8]) <= 128;
    return tsOk && oseqOk;
}

int CallCipher::miniDistance(std::span<const std::uint8_t> d, Millis now) const
{
    const std::uint16_t ts = readU16(d, 2);
    const auto ref = static_cast<std::uint16_t>(predictedPeerTs(now) & 0xFFFF);
    const int toPeerClock = std::abs(int(static_cast<std::int16_t>(static_cast<std::uint16_t>(ts - ref))));
    if (!voiceClockDrifted(now))
        return toPeerClock;
    return toVoiceClock(ts, now);
}

bool CallCipher::voiceClockDrifted(Millis now) const
{
    // Only a voice clock that has moved away from the sender's clock replaces it as the reference
    // (one reference at a time: a union of two windows would let twice the garbage through).
    return m_voiceClock && std::abs(m_voiceClock->offset) > kVoiceDriftMs
        && std::abs((now - m_voiceClock->at).count()) <= kVoiceClockSpan.count();
}

int CallCipher::toVoiceClock(std::uint16_t ts, Millis now) const
{
    // Distance to the window the voice clock may have reached since its last frame: up to
    // kVoiceRateSlack slower or faster than real time.
    const auto elapsed = double((now - m_voiceClock->at).count());
    const int since = static_cast<std::int16_t>(static_cast<std::uint16_t>(ts - m_voiceClock->ts));
    const double a = elapsed * (1 - kVoiceRateSlack), b = elapsed * (1 + kVoiceRateSlack);
    const double lo = std::min(a, b), hi = std::max(a, b);
    return since < lo ? int(std::ceil(lo - since)) : since > hi ? int(std::ceil(since - hi)) : 0;
}

void CallCipher::noteVoiceClock(std::uint16_t ts, Millis arrived, bool force)
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

bool CallCipher::miniBelievable(std::span<const std::uint8_t> d, std::uint64_t format) const
{
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

CallCipher::Choice CallCipher::choose(
    std::span<const std::uint8_t> bytes, FrameKind kind, Millis arrived, const Expect& expect, std::string& why)
{
    // Up to three keys may be live (the current receive key and two previous ones whose frames are
    // still in flight), and without a MAC a wrong key can "decrypt" too: a mini frame always, a
    // full frame now and then. So a key is chosen by what the frame says: a full frame must carry
    // plausible sequence numbers and timestamp; a mini frame goes to the key whose timestamp lies
    // nearest the sender's clock, and none if every key's lies far (a frame under a key whose RTKEY
    // is still in flight: it is held and retried when that RTKEY arrives). Trying the current key
    // first keeps the common case at one decryption. (Preferring a previous key whose reading is
    // tight, within 200 ms, over a current one within kMiniCloseMs, as the capture decoder once did,
    // plays more garbage on a jittery link: tst_soak's hour, µ-law, 15 frames instead of 1.)
    const bool full = kind == FrameKind::Full;
    // Each key decrypts into m_try; the best so far is swapped into m_plain (both keep their capacity).
    Choice c;
    int bestDistance = 0;
    auto consider = [&](FrameDecryptor& key, bool current) -> bool { // true = settled
        auto d = key.decryptInto(bytes, kind, m_try);
        if (!d) {
            if (why.empty())
                why = d.error().reason;
            return false;
        }
        if (full) {
            if (!plausibleFull(m_try, arrived, expect.iseqno)) {
                why = "decrypts only to an implausible frame (wrong key?)";
                return false;
            }
            m_plain.swap(m_try);
            m_padding = *d;
            c.chosen = true;
            return true;
        }
        int distance = miniDistance(m_try, arrived);
        if (current)
            c.currentKeyTs = readU16(m_try, 2);
        if (!miniBelievable(m_try, expect.format) || (m_keySuspectSince && distance > kMiniStrictMs))
            distance = std::max(distance, kMiniCloseMs + 1); // not believed
        if (!c.chosen || distance < bestDistance) {
            bestDistance = distance;
            m_plain.swap(m_try);
            m_padding = *d;
            c.chosen = true;
        }
        return bestDistance <= kMiniCloseMs;
    };
    c.settled = consider(*m_current, true);
    for (auto it = m_previous.begin(); !c.settled && it != m_previous.end(); ++it)
        c.settled = consider(*it, false);
    return c;
}

bool CallCipher::farRunContinues(std::uint16_t ts) const
{
    return m_farMiniRun > 0 && std::abs(int(std::int16_t(std::uint16_t(ts - m_farMiniTs)))) <= kFarMiniStepMs;
}

bool CallCipher::accepts(std::span<const std::uint8_t> bytes, FrameKind kind, Millis arrival, const Expect& expect)
{
    if (!m_current)
        return false;
    std::string why;
    const Choice c = choose(bytes, kind, arrival, expect, why);
    return c.chosen && (kind == FrameKind::Full || c.settled);
}

CallCipher::Outcome CallCipher::decrypt(
    std::span<const std::uint8_t> bytes, FrameKind kind, Millis arrived, const Expect& expect, std::string& why)
{
    if (!m_current)
        return Outcome::Clear;
    const bool full = kind == FrameKind::Full;
    const Choice c = choose(bytes, kind, arrived, expect, why);
    bool resynced = false;
    if (!full && c.chosen && !c.settled) {
        // Far from the sender's clock under every key. A run of them, each just after the previous,
        // under the current key is a clock jump at the sender: resynchronise to it.
        const auto& currentKeyTs = c.currentKeyTs;
        if (currentKeyTs && farRunContinues(*currentKeyTs))
            ++m_farMiniRun;
        else
            m_farMiniRun = currentKeyTs ? 1 : 0;
        if (currentKeyTs)
            m_farMiniTs = *currentKeyTs;
        if (m_farMiniRun < kFarMiniRunToResync) {
            if (!m_keySuspectSince)
                m_keySuspectSince = arrived;
            why = "decrypts only to a voice frame far from the peer's clock (wrong key?)";
            return Outcome::Failed;
        }
        m_keySuspectSince.reset();
        auto d = m_current->decryptInto(bytes, kind, m_plain);
        if (!d)
            return Outcome::Failed;
        m_padding = *d;
        const std::uint32_t clock = predictedPeerTs(arrived);
        m_peerTs = clock + static_cast<std::uint32_t>(std::int32_t(std::int16_t(std::uint16_t(*currentKeyTs - clock))));
        m_peerTsAt = arrived;
        m_retryHeld = !m_held.empty(); // the run's first frames were held: they fit the clock now
        resynced = true;
    }
    if (!c.chosen)
        return Outcome::Failed;
    if (!full) {
        m_farMiniRun = 0;
        m_lastMiniPayload = m_plain.size() - 4;
        m_lastMiniTs = readU16(m_plain, 2);
        m_lastMiniOpusHalfMs = opusPacketHalfMs(std::span<const std::uint8_t>(m_plain).subspan(4)); // 0 unless Opus
        noteVoiceClock(m_lastMiniTs, arrived, resynced);
    }
    if (full && !echoesOurClock(m_plain))
        notePeerTs(readU32(m_plain, 4), arrived);
    m_consecutiveFailures = 0;
    ++m_framesDecrypted;
    return Outcome::Decrypted;
}

void CallCipher::hold(std::span<const std::uint8_t> bytes, bool full, Millis arrived)
{
    m_heldBytes += bytes.size();
    m_held.push_back({ std::vector<std::uint8_t>(bytes.begin(), bytes.end()), full, arrived });
}

std::size_t CallCipher::dropOldestHeld()
{
    const std::size_t n = m_held.front().bytes.size();
    m_heldBytes -= n;
    m_held.pop_front();
    return n;
}

std::deque<CallCipher::Held> CallCipher::takeHeld()
{
    m_heldBytes = 0;
    return std::exchange(m_held, {});
}

} // namespace iax::core
