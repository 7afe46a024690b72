// The AES-128 side of a call: keys from the shared secret (decryption and the choice among the
// receive keys is the CallCipher's), RTKEY rotation in both directions (only to a peer that proved it
// supports it), decrypt-failure accounting, and the honest encryption state.
#include "core/protocol/call.h"

#include "core/protocol/byte_io.h"
#include "core/protocol/secure_wipe.h"

#include <algorithm>

namespace iax::core {

void Call::enableEncryption(const std::string& secret)
{
    AesKey key = deriveAesKey(m_challenge, secret);
    m_tx.emplace(key);
    m_rx.setKey(key);
    secureWipe(key);
    m_encNegotiated = true;
    m_enc.cipher = "AES-128";
    m_enc.mode = "hop"; // until the end-to-end mode starts (call_e2e.cpp)
    m_enc.rotationSupported = m_rotation.enabled && m_peerRotationProof;
    setEncryptionState(EncryptionState::Negotiating);
}

bool Call::countDecryptFailure(Millis now)
{
    ++m_enc.decryptFailures;
    m_rx.countFailure();
    return decryptFailureFatal(now);
}

bool Call::decryptFailureFatal(Millis now) const
{
    return m_rx.active() && consecutiveDecryptFailures() >= m_host->config().decryptFailureLimit
        && now - m_lastDecryptOk >= m_host->config().decryptFailureGrace;
}

void Call::onRtKey(const IeList& ies, Millis now)
{
    const auto* key = ies.find(IeId::Challenge);
    if (!m_encNegotiated || !m_rx.active() || !key || key->data.size() != 16 || m_e2e.keyed())
        return;
    AesKey k {};
    std::copy(key->data.begin(), key->data.end(), k.begin());
    const bool rotated = m_rx.rotate(k); // not when installed already, ahead of a gap
    secureWipe(k);
    if (!rotated)
        return;
    ++m_enc.rekeysReceived;
    if (!m_peerRotationProof) {
        // Its own RTKEY proves it supports rotation (Asterisk as callee never advertises 0x8000).
        m_peerRotationProof = true;
        m_enc.rotationSupported = m_rotation.enabled;
        if (m_sentVoice && m_rotation.enabled && !m_nextRotation)
            m_nextRotation = now + m_rotation.firstAfterVoice;
    }
    m_host->post(Rekey { m_id, KeyDirection::Rx });
}

void Call::maybeRotate(Millis now)
{
    if (m_e2e.keyed())
        return e2eRatchet(now);
    if (!m_tx || !m_nextRotation || now < *m_nextRotation || !m_rotation.enabled || !m_peerRotationProof)
        return;
    if (m_state != CallState::Answered || ended())
        return;
    // One rotation at a time: wait until nothing sent under an older key is still unacknowledged,
    // so the peer never needs more than its current and previous receive keys. Not while voice goes
    // as full frames (call_duplicate.cpp): Asterisk decrypts a full frame before it checks its
    // sequence, so ours under the new key that overtake a lost RTKEY stall the call until resent.
    if (m_rel.anyPending([&](const SentFrameInfo& i) { return i.keyGeneration < m_txGeneration; })
        || (!m_duplicates.empty() && duplicateCapturesMinis(now))) {
        m_nextRotation = now + Millis(200);
        return;
    }
    AesKey key {};
    m_host->random().fill(key);
    IeList ies;
    ies.addRaw(std::uint8_t(IeId::Challenge), key);
    sendIax(IaxCommand::RtKey, ies, now); // encrypted with the old key
    m_tx.emplace(key);
    secureWipe(key);
    ies.wipeValues();
    ++m_txGeneration;
    ++m_enc.rekeysSent;
    m_host->post(Rekey { m_id, KeyDirection::Tx });
    const auto lo = static_cast<std::uint32_t>(m_rotation.minInterval.count());
    const auto hi = static_cast<std::uint32_t>(std::max(m_rotation.maxInterval, m_rotation.minInterval).count());
    m_nextRotation = now + Millis(m_host->random().uniform(lo, hi));
}

void Call::setEncryptionState(EncryptionState s, const std::string& reason)
{
    if (!reason.empty())
        m_enc.reason = reason;
    if (s == m_encState)
        return;
    m_encState = s;
    m_host->post(EncryptionStateChanged { m_id, s, m_enc });
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
