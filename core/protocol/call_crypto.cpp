// The AES-128 side of a call: keys from the shared secret, decryption with fallback to the
// previous receive keys, RTKEY rotation in both directions (only to a peer that proved it
// supports it), decrypt-failure accounting, and the honest encryption state.
#include "core/protocol/call.h"

#include <algorithm>

namespace iax::core {

void Call::enableEncryption(const std::string& secret)
{
    const AesKey key = deriveAesKey(m_challenge, secret);
    m_tx.emplace(key);
    m_rx.emplace(key);
    m_encNegotiated = true;
    m_enc.cipher = "AES-128";
    m_enc.rotationSupported = m_rotation.enabled && m_peerRotationProof;
    setEncryptionState(EncryptionState::Negotiating);
}

Call::DecryptResult Call::decryptIncoming(
    std::span<const std::uint8_t> bytes, bool full, Millis now, std::vector<std::uint8_t>& plain, std::string& why)
{
    if (!m_rx)
        return DecryptResult::Clear;
    const FrameKind kind = full ? FrameKind::Full : FrameKind::Mini;
    auto d = m_rx->decrypt(bytes, kind);
    for (auto it = m_rxOld.begin(); !d && it != m_rxOld.end(); ++it) {
        auto old = it->decrypt(bytes, kind);
        if (old)
            d = std::move(old);
    }
    if (!d) {
        why = d.error().reason;
        return DecryptResult::Failed;
    }
    m_consecutiveDecryptFailures = 0;
    m_lastDecryptOk = now;
    ++m_enc.framesDecrypted;
    if (!m_enc.rxProven) {
        m_enc.rxProven = true;
        updateEncryptionProof();
    }
    plain = std::move(d->datagram);
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
    m_rxOld.push_front(std::move(*m_rx));
    if (m_rxOld.size() > 2)
        m_rxOld.pop_back();
    m_rx.emplace(k);
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
