// A caller's answer to a duplicate call at the peer. Asterisk makes a new call for every NEW that
// carries a valid call token, retransmissions included (chan_iax2.c __find_callno skips the lookup
// of existing calls for NEW_ALLOW_CALLTOKEN_VALIDATED): when our NEW arrives, its AUTHREQ is lost
// and a retransmission of the NEW arrives too, the peer holds two calls with our call number. We
// go on with the first that answered; the other never hears from us, yet Asterisk finds mini
// frames by our call number alone (iax_peercallno_pvts matches address and source call number
// only) and hands them to the older of the two: when that is the duplicate, our voice never
// reaches the call and the duplicate answers each mini frame with a VNAK ("mini frame before first
// full voice frame") until it gives up 32 s after it was made. Full frames are found by their
// destination call number as well (check_dcallno), so while a duplicate may take our mini frames
// we send voice as full frames. Its retransmitted AUTHREQ tells us its number and challenge: we
// hang it up with them and go back to mini frames.
#include "core/protocol/call.h"

#include "core/protocol/call_causes.h"
#include "core/protocol/secure_wipe.h"

#include <algorithm>

namespace iax::core {

namespace {
// HANGUPs per call to duplicates: Asterisk resends its AUTHREQ at most four times, and its VNAKs
// (one per mini frame of ours) say it is still there; the HANGUP is repeated at most every
// kResendGap while they come. The bound keeps a peer that keeps inventing call numbers from
// making us a reflector.
constexpr int kMaxDuplicateHangups = 24;
constexpr Millis kResendGap { 250 };
constexpr std::size_t kMaxDuplicates = 4;
// Asterisk sends an AUTHREQ at 0, 2, 12 and 22 s (first retry after twice its initial 1 s ping
// time, then ten times as long, capped at 10 s; four retries) and destroys the unanswered call at
// 32 s: a duplicate is gone at the latest 32 s after we first heard of it (plus a second's margin).
constexpr Millis kDuplicateLifetime { 33000 };
// After a HANGUP (or a frame) of a duplicate we wait at least this long before we trust mini
// frames again: the HANGUP needs a one-way trip, a VNAK to a mini frame sent just before it one more.
constexpr Millis kMinSettle { 200 };
} // namespace

void Call::onDuplicatePeerCall(std::span<const std::uint8_t> bytes, Millis now)
{
    if (m_role != Role::Caller || m_remoteCallno == 0 || bytes.size() < 12)
        return;
    const std::uint16_t scall = static_cast<std::uint16_t>(((bytes[0] & 0x7F) << 8) | bytes[1]);
    if (scall == 0 || scall == m_remoteCallno)
        return;
    auto known = std::find_if(
        m_duplicates.begin(), m_duplicates.end(), [&](const DuplicateCall& d) { return d.scall == scall; });
    if (known == m_duplicates.end()) {
        if (m_duplicates.size() >= kMaxDuplicates)
            return;
        DuplicateCall fresh;
        fresh.scall = scall;
        fresh.firstHeard = now;
        known = m_duplicates.insert(m_duplicates.end(), std::move(fresh));
    }
    DuplicateCall& d = *known;
    d.lastHeard = now; // it exists, so it may hold our mini frames (duplicateCapturesMinis)
    auto f = decodeFullFrame(bytes); // an AUTHREQ always goes in clear
    if (!f || !f->isIax(IaxCommand::AuthReq) || f->dcall != m_localCallno) {
        // Anything else from a duplicate (its VNAKs, under its key): it is still there.
        if (d.authReqSeen && d.lastSent && now - *d.lastSent >= kResendGap)
            sendDuplicateHangup(d, true, now);
        return;
    }
    auto ies = f->ies();
    if (!ies)
        return;
    d.authReqSeen = true;
    d.challenge = ies->getString(IeId::Challenge).value_or("");
    d.aes = (ies->getU16(IeId::Encryption).value_or(0) & EncryptionBits::Aes128) != 0;
    d.oseqno = f->iseqno; // what the duplicate expects next from us (1: it has our NEW)
    d.iseqno = static_cast<std::uint8_t>(f->oseqno + 1);
    sendDuplicateHangup(d, false, now);
}

bool Call::duplicateCapturesMinis(Millis now) const
{
    const Millis settle = std::max(retransmitTimeout(), kMinSettle);
    return std::any_of(m_duplicates.begin(), m_duplicates.end(), [&](const DuplicateCall& d) {
        if (now - d.lastHeard < settle)
            return true;
        // Hung up: gone once the HANGUP had time to arrive (if it was lost, the duplicate's VNAKs to
        // our next mini frames bring it back here, and the HANGUP is repeated).
        return d.lastSent ? now - *d.lastSent < settle : now - d.firstHeard < kDuplicateLifetime;
    });
}

void Call::sendDuplicateHangup(DuplicateCall& d, bool retransmission, Millis now)
{
    if (m_duplicateHangups >= kMaxDuplicateHangups)
        return;
    FullFrame h;
    h.scall = m_localCallno;
    h.dcall = d.scall;
    h.retransmission = retransmission;
    h.timestamp = timestampAt(now);
    h.oseqno = d.oseqno;
    h.iseqno = d.iseqno;
    h.type = std::uint8_t(FrameType::Iax);
    h.subclass = std::int64_t(IaxCommand::Hangup);
    IeList hangupIes;
    hangupIes.addString(IeId::Cause, "Duplicate call").addU8(IeId::CauseCode, cause::kNormal);
    h.payload = hangupIes.encode();
    auto wire = encode(h);
    if (d.aes) {
        // An encrypting Asterisk drops every frame its key does not decrypt: MD5(its challenge ‖
        // secret), the key it tries before anything has keyed it. Without the secret it stays.
        if (m_policy == EncryptionPolicy::Off || m_dial.secret.empty() || d.challenge.empty())
            return;
        AesKey key = deriveAesKey(d.challenge, m_dial.secret);
        FrameEncryptor enc(key);
        secureWipe(key);
        wire = enc.encrypt(wire, FrameKind::Full, m_host->random());
    }
    d.lastSent = now;
    ++m_duplicateHangups;
    m_host->transmit(m_peer, std::move(wire));
}

} // namespace iax::core
