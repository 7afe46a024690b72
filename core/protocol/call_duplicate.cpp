// A caller's answer to a duplicate call at the peer. Asterisk makes a new call for every NEW that
// carries a valid call token, retransmissions included: when our NEW arrives, its AUTHREQ is lost
// and a retransmission of the NEW arrives too, the peer holds two calls with our call number. We
// go on with the first that answered; the other never hears from us, yet Asterisk finds mini
// frames by our call number alone and hands them to the older of the two: when that is the
// duplicate, our voice never reaches the call and the duplicate answers each mini frame with a
// VNAK ("mini frame before first full voice frame") until it gives up about 40 s later. Its
// retransmitted AUTHREQ tells us its number and challenge: we hang it up with them.
#include "core/protocol/call.h"

#include "core/protocol/call_causes.h"
#include "core/protocol/secure_wipe.h"

namespace iax::core {

namespace {
// One HANGUP per AUTHREQ (re)transmission of a duplicate; Asterisk sends at most five of them.
// The bound keeps a peer that keeps inventing call numbers from making us a reflector.
constexpr int kMaxDuplicateHangups = 8;
} // namespace

void Call::onDuplicatePeerCall(std::span<const std::uint8_t> bytes, Millis now)
{
    if (m_role != Role::Caller || m_remoteCallno == 0 || m_duplicateHangups >= kMaxDuplicateHangups)
        return;
    auto f = decodeFullFrame(bytes); // an AUTHREQ always goes in clear
    if (!f || !f->isIax(IaxCommand::AuthReq) || f->dcall != m_localCallno || f->scall == m_remoteCallno
        || f->scall == 0)
        return;
    auto ies = f->ies();
    if (!ies)
        return;
    const std::string challenge = ies->getString(IeId::Challenge).value_or("");
    const bool wantsAes = (ies->getU16(IeId::Encryption).value_or(0) & EncryptionBits::Aes128) != 0;

    FullFrame h;
    h.scall = m_localCallno;
    h.dcall = f->scall;
    h.timestamp = timestampAt(now);
    h.oseqno = f->iseqno; // what the duplicate expects next from us (1: it has our NEW)
    h.iseqno = static_cast<std::uint8_t>(f->oseqno + 1);
    h.type = std::uint8_t(FrameType::Iax);
    h.subclass = std::int64_t(IaxCommand::Hangup);
    IeList hangupIes;
    hangupIes.addString(IeId::Cause, "Duplicate call").addU8(IeId::CauseCode, cause::kNormal);
    h.payload = hangupIes.encode();
    auto wire = encode(h);
    if (wantsAes) {
        // An encrypting Asterisk drops every frame its key does not decrypt: MD5(its challenge ‖
        // secret), the key it tries before anything has keyed it. Without the secret it stays.
        if (m_policy == EncryptionPolicy::Off || m_dial.secret.empty() || challenge.empty())
            return;
        AesKey key = deriveAesKey(challenge, m_dial.secret);
        FrameEncryptor enc(key);
        secureWipe(key);
        wire = enc.encrypt(wire, FrameKind::Full, m_host.random());
    }
    ++m_duplicateHangups;
    m_host.transmit(m_peer, std::move(wire));
}

} // namespace iax::core
