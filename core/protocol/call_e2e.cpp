// The end-to-end mode of a call (docs/E2E.md): the E2E_OFFER in NEW, the E2E_KEY exchange in
// AUTHREQ/AUTHREP, the switch to AES-128-GCM after AUTHREP, opening received frames (drops counted,
// the last CBC frames of the handshake tolerated until the peer's first GCM frame), and the ratchet
// that replaces RTKEY. The hooks are called from call_auth.cpp, call.cpp and call_media.cpp.
#include "core/protocol/call.h"

#include "core/protocol/call_causes.h"
#include "core/protocol/e2e_identity.h"
#include "core/protocol/e2e_ies.h"

namespace iax::core {

namespace {

// The AUTHREP's answer that keys the mode together with the exchange (docs/E2E.md, "Key schedule").
std::span<const std::uint8_t> authAnswer(const IeList& authRep)
{
    for (IeId id : { IeId::Md5Result, IeId::RsaResult, IeId::Password })
        if (const auto* ie = authRep.find(id))
            return ie->data;
    return {};
}

} // namespace

bool Call::e2eRequired() const
{
    return m_host->config().e2eRequired || (m_role == Role::Caller && m_dial.e2eRequired);
}

std::optional<CallEnd> Call::calleeRequireE2e(const IeList& authReq, Millis now)
{
    if (!e2eRequired() || authReq.has(kIeE2eKey))
        return std::nullopt;
    const std::string why = !m_newIes.find(kIeE2eOffer) ? std::string("the caller did not offer it")
        : !authReq.has(IeId::Encryption)                ? std::string("the call is not AES-encrypted")
                                                        : m_enc.e2eReason;
    sendRejectClear("End-to-end encryption required", cause::kRejected, now);
    setEncryptionState(EncryptionState::Off, "end-to-end encryption required: " + why);
    return CallEnd { "end-to-end encryption required but not agreed: " + why, cause::kRejected,
        CallEnd::Kind::EncryptionRefused };
}

std::optional<CallEnd> Call::callerRequireE2e(bool agreed)
{
    if (!e2eRequired() || agreed)
        return std::nullopt;
    const std::string why = !m_encNegotiated ? std::string("the peer did not agree to encryption")
        : m_enc.e2eReason.empty()            ? std::string("the peer does not offer it (no E2E_KEY in AUTHREQ)")
                                             : m_enc.e2eReason;
    setEncryptionState(EncryptionState::Off, "end-to-end encryption required: " + why);
    return CallEnd { "end-to-end encryption required but not agreed: " + why, cause::kRejected,
        CallEnd::Kind::EncryptionRefused };
}

void Call::addE2eOffer(IeList& newIes)
{
    if ((m_host->config().e2e || e2eRequired()) && m_policy != EncryptionPolicy::Off) {
        m_e2e.setIdentity(m_host->config().e2eIdentity);
        newIes.addRaw(std::uint8_t(kIeE2eOffer), m_e2e.callerOffer(m_host->random()));
    }
}

void Call::addE2eKey(IeList& authReq)
{
    const auto* offer = m_newIes.find(kIeE2eOffer);
    if (!offer || !(m_host->config().e2e || e2eRequired()))
        return; // a peer without the mode (every Asterisk), or ours is off: hop-by-hop
    std::vector<std::uint8_t> key;
    std::string why;
    m_e2e.setIdentity(m_host->config().e2eIdentity);
    if (m_e2e.calleeTakeOffer(offer->data, m_host->random(), key, why)) {
        authReq.addRaw(std::uint8_t(kIeE2eKey), key);
        if (auto id = m_e2e.calleeIdentity(m_challenge); !id.empty())
            authReq.addRaw(std::uint8_t(kIeE2eId), id); // 97 bytes, signed (docs/E2E.md, "Identity")
    } else {
        m_enc.e2eReason = why;
    }
}

std::optional<CallEnd> Call::addE2eReveal(const IeList& authReq, IeList& authRep)
{
    const auto* key = authReq.find(kIeE2eKey);
    if (!key || !m_e2e.offered())
        return std::nullopt;
    std::vector<std::uint8_t> reveal;
    std::string why;
    if (!m_e2e.callerTakeCalleeKey(key->data, reveal, why)) {
        m_enc.e2eReason = why;
        return std::nullopt;
    }
    if (const auto* id = authReq.find(kIeE2eId); id && !m_e2e.callerTakeCalleeId(id->data, m_challenge, why)) {
        setEncryptionState(EncryptionState::Failed, why);
        return CallEnd { "end-to-end handshake failed: " + why, cause::kFacilityRejected, CallEnd::Kind::AuthFailed };
    }
    if (const std::string& pinned = m_dial.e2ePinnedIdentity; !pinned.empty()) {
        const auto& peer = m_e2e.peerIdentity();
        const std::string now = peer ? identityFingerprint(*peer) : std::string();
        if (now != pinned) {
            why = "identity changed: the peer's identity is " + (now.empty() ? std::string("missing") : now)
                + ", pinned " + pinned;
            setEncryptionState(EncryptionState::Off, "end-to-end encryption refused: " + why);
            return CallEnd { "end-to-end identity refused: " + why, cause::kRejected,
                CallEnd::Kind::EncryptionRefused };
        }
    }
    authRep.addRaw(std::uint8_t(kIeE2eKey), reveal);
    if (auto mine = m_e2e.callerIdentity(m_challenge); !mine.empty())
        authRep.addRaw(std::uint8_t(kIeE2eId), mine); // under CBC: hidden from whoever lacks the secret
    return std::nullopt;
}

void Call::startE2e(const IeList& authRep, Millis now)
{
    if (!m_tx || !authRep.has(kIeE2eKey))
        return;
    std::string why;
    if (!m_e2e.establish(m_role == Role::Caller, m_challenge, m_tx->key(), authAnswer(authRep), why)) {
        m_enc.e2eReason = why;
        return;
    }
    m_enc.mode = "e2e";
    m_enc.cipher = "AES-128-GCM";
    m_enc.sas = m_e2e.sas();
    if (const auto& id = m_e2e.peerIdentity())
        m_enc.peerIdentity = identityFingerprint(*id);
    // RTKEY has no place in this mode: the ratchet steps the keys instead (e2eRatchet).
    m_peerRotationProof = false;
    m_enc.rotationSupported = false;
    m_nextRotation = now + m_host->config().e2eRatchetInterval;
}

std::optional<CallEnd> Call::calleeStartE2e(const IeList& authRep, Millis now)
{
    if (!m_e2e.keySent())
        return std::nullopt;
    if (const auto* reveal = authRep.find(kIeE2eKey)) {
        std::string why;
        if (!m_e2e.calleeTakeReveal(reveal->data, why)) {
            sendRejectClear("Authentication failed", cause::kFacilityRejected, now);
            setEncryptionState(EncryptionState::Failed, why);
            return CallEnd { "end-to-end handshake failed: " + why, cause::kFacilityRejected,
                CallEnd::Kind::AuthFailed };
        }
        if (const auto* id = authRep.find(kIeE2eId); id && !m_e2e.calleeTakeCallerId(id->data, m_challenge, why)) {
            sendRejectClear("Authentication failed", cause::kFacilityRejected, now);
            setEncryptionState(EncryptionState::Failed, why);
            return CallEnd { "end-to-end handshake failed: " + why, cause::kFacilityRejected,
                CallEnd::Kind::AuthFailed };
        }
        startE2e(authRep, now);
    } else {
        m_enc.e2eReason = "the caller did not reveal its end-to-end key";
    }
    if (e2eRequired() && !m_e2e.keyed()) {
        sendRejectClear("End-to-end encryption required", cause::kRejected, now);
        setEncryptionState(EncryptionState::Failed, "end-to-end encryption required: " + m_enc.e2eReason);
        return CallEnd { "end-to-end encryption required but not agreed: " + m_enc.e2eReason, cause::kRejected,
            CallEnd::Kind::EncryptionRefused };
    }
    return std::nullopt;
}

std::vector<std::uint8_t> Call::sealE2e(
    std::span<const std::uint8_t> head, std::span<const std::uint8_t> tail, FrameKind kind)
{
    return m_e2e.sealer().seal(head, tail, kind);
}

std::optional<std::span<const std::uint8_t>> Call::openE2e(
    std::span<const std::uint8_t> bytes, bool full, Millis now, Millis arrived)
{
    const FrameKind kind = full ? FrameKind::Full : FrameKind::Mini;
    bool repeated = false;
    auto& opener = m_e2e.opener();
    const auto drop = opener.open(bytes, kind, m_e2ePlain, &repeated);
    if (drop == GcmDrop::None) {
        if (repeated) {
            // Only a frame the reliable layer retransmits may repeat; it drops it as a duplicate.
            auto f = decodeFullFrame(m_e2ePlain);
            if (!f || !frameNeedsAck(*f)) {
                ++m_e2eRepeatDrops;
                countE2eDrop();
                return std::nullopt;
            }
        }
        m_e2eRxProven = true;
        m_e2eConsecutiveDrops = 0;
        if (opener.epoch() != m_e2eRxEpoch) { // the peer's ratchet stepped
            m_e2eRxEpoch = opener.epoch();
            ++m_enc.rekeysReceived;
            m_host->post(Rekey { m_id, KeyDirection::Rx });
        }
        return std::span<const std::uint8_t>(m_e2ePlain);
    }
    if (full && !m_e2eRxProven) {
        // Still the handshake: the peer's last CBC frames (a retransmitted AUTHREP, a REJECT or
        // HANGUP sent before it switched) or clear ones (a retransmitted AUTHREQ, a clear REJECT).
        std::string why;
        const CallCipher::Expect expect { m_rel.iseqno(), m_rxFormat ? m_rxFormat : m_format };
        if (m_rx.decrypt(bytes, kind, arrived, expect, why) == CallCipher::Outcome::Decrypted) {
            auto f = decodeFullFrame(m_rx.plain());
            if (f && (f->isIax(IaxCommand::AuthRep) || f->isIax(IaxCommand::Reject) || f->isIax(IaxCommand::Hangup)))
                return m_rx.plain();
        }
        if (auto clear = decodeFullFrame(bytes); clear && clearAllowed(*clear))
            if (auto ies = clear->ies()) {
                onClearFrame(*clear, *ies, now);
                return std::nullopt;
            }
    }
    countE2eDrop();
    return std::nullopt;
}

void Call::countE2eDrop()
{
    const auto& c = m_e2e.opener().counters();
    m_enc.e2eTampered = c.tampered + c.badEpoch + c.shortFrames;
    m_enc.e2eReplayed = c.replayed + m_e2eRepeatDrops;
    m_enc.e2eTooOld = c.tooOld;
    ++m_enc.decryptFailures;
    ++m_e2eConsecutiveDrops; // as hop-by-hop: the call fails once decryptFailureFatal() (call.cpp)
}

void Call::e2eRatchet(Millis now)
{
    if (!m_nextRotation || now < *m_nextRotation || m_state != CallState::Answered || ended())
        return;
    m_e2e.sealer().ratchet();
    ++m_enc.rekeysSent;
    m_host->post(Rekey { m_id, KeyDirection::Tx });
    m_nextRotation = now + m_host->config().e2eRatchetInterval;
}

} // namespace iax::core
