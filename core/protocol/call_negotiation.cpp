// Call: authentication (AUTHREQ/AUTHREP) and AES-128 negotiation.
#include "core/protocol/call.h"

#include "core/protocol/auth.h"

#include <algorithm>
#include <cmath>

namespace iax::core {

using namespace call_cause;

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

void Call::onAuthReq(const IeList& ies, Millis now)
{
    setState(CallState::Authenticating);
    const std::uint16_t methods = ies.getU16(IeId::AuthMethods).value_or(0);
    m_challenge = ies.getString(IeId::Challenge).value_or("");
    const std::uint16_t enc = ies.getU16(IeId::Encryption).value_or(0);
    const bool encrypt = (enc & EncryptionBits::Aes128) && m_policy != EncryptionPolicy::Off;
    if (m_policy == EncryptionPolicy::Required && !(enc & EncryptionBits::Aes128)) {
        setEncryptionState(EncryptionState::Off, "the peer did not agree to encryption");
        finish(CallState::Failed,
            { "encryption required but the peer did not agree to it", kCauseRejected,
                CallEnd::Kind::EncryptionRefused },
            now, true);
        return;
    }
    IeList rep;
    if ((methods & AuthMethod::Rsa) && m_dial.outkey && m_dial.outkey->valid()) {
        auto sig = rsaSignChallenge(*m_dial.outkey, m_challenge);
        if (!sig) {
            finish(CallState::Failed, { "RSA signing failed: " + sig.error().reason, 0, CallEnd::Kind::AuthFailed },
                now, true);
            return;
        }
        rep.addString(IeId::RsaResult, *sig);
        m_authMethod = "rsa";
    } else if ((methods & AuthMethod::Md5) && !m_dial.secret.empty()) {
        rep.addString(IeId::Md5Result, md5Response(m_challenge, m_dial.secret));
        m_authMethod = "md5";
    } else if ((methods & AuthMethod::Plaintext) && m_dial.allowPlaintextAuth && !m_dial.secret.empty()) {
        rep.addString(IeId::Password, m_dial.secret);
        m_authMethod = "plaintext";
    } else {
        finish(CallState::Failed,
            { "no authentication method in common with the peer (it offered "
                    + std::string((methods & AuthMethod::Rsa) ? "RSA " : "")
                    + ((methods & AuthMethod::Md5) ? "MD5 " : "")
                    + ((methods & AuthMethod::Plaintext) ? "plaintext" : "") + ")",
                kCauseAuthFailed, CallEnd::Kind::AuthFailed },
            now, true);
        return;
    }
    m_enc.auth = m_authMethod;
    if (encrypt) {
        if (m_dial.secret.empty()) {
            setEncryptionState(EncryptionState::Failed, "RSA+AES needs the shared secret too, and none is configured");
            finish(CallState::Failed,
                { "encryption needs the shared secret (RSA+AES derives the key from it); none configured", 0,
                    CallEnd::Kind::EncryptionRefused },
                now, true);
            return;
        }
        // Rotation proof from AUTHREQ: only an explicit 0x8000 (Asterisk never echoes it).
        m_peerRotationProof = (enc & EncryptionBits::KeyRotate) != 0;
        enableEncryption(m_dial.secret);
    } else {
        setEncryptionState(EncryptionState::Off,
            (enc & EncryptionBits::Aes128) ? "encryption is off for this account"
                                           : "the peer did not agree to encryption");
    }
    sendIax(IaxCommand::AuthRep, rep, now);
}

void Call::onAuthRep(const IeList& ies, Millis now)
{
    bool ok = false;
    if (auto md5 = ies.getString(IeId::Md5Result);
        md5 && (m_user.authMethods & AuthMethod::Md5) && !m_user.secret.empty()) {
        ok = md5ResponseMatches(*md5, m_challenge, m_user.secret);
        m_authMethod = "md5";
    } else if (auto rsa = ies.getString(IeId::RsaResult); rsa && (m_user.authMethods & AuthMethod::Rsa)) {
        for (const auto& key : m_user.inkeys)
            if (key && rsaVerifyChallenge(*key, m_challenge, *rsa)) {
                ok = true;
                break;
            }
        m_authMethod = "rsa";
    } else if (auto pw = ies.getString(IeId::Password); pw && (m_user.authMethods & AuthMethod::Plaintext)) {
        ok = !m_user.secret.empty() && *pw == m_user.secret;
        m_authMethod = "plaintext";
    }
    m_enc.auth = m_authMethod;
    if (!ok) {
        sendRejectClear("Authentication failed", kCauseAuthFailed, now);
        finish(CallState::Failed,
            { "authentication failed for user '" + m_user.username + "'", kCauseAuthFailed, CallEnd::Kind::AuthFailed },
            now, false);
        return;
    }
    IeList acc;
    acc.addU32(IeId::Format, static_cast<std::uint32_t>(m_format)).addVersionedU64(IeId::Format2, m_format);
    sendIax(IaxCommand::Accept, acc, now);
    setState(CallState::Incoming);
    m_host.post(IncomingCall { m_id, m_peer, m_newIes.getString(IeId::Username).value_or(""),
        m_newIes.getString(IeId::CallingNumber).value_or(""), m_newIes.getString(IeId::CallingName).value_or(""),
        m_calledNumber, m_newIes.getString(IeId::CalledContext).value_or(""), m_format });
}

void Call::onAccept(const IeList& ies, Millis now)
{
    if (m_policy == EncryptionPolicy::Required && !m_encNegotiated) {
        setEncryptionState(EncryptionState::Off, "the peer accepted without authentication, so no key exists");
        finish(CallState::Failed,
            { "encryption required but the peer accepted the call unencrypted", kCauseRejected,
                CallEnd::Kind::EncryptionRefused },
            now, true);
        return;
    }
    if (!m_encNegotiated && m_encState != EncryptionState::Off)
        setEncryptionState(EncryptionState::Off, "the peer accepted without encryption");
    m_format = ies.getVersionedU64(IeId::Format2).value_or(ies.getU32(IeId::Format).value_or(0));
    if (!m_format && !m_codecs.empty())
        m_format = m_codecs.front();
    setState(CallState::Proceeding);
    m_host.post(CallAccepted { m_id, m_format });
}

} // namespace iax::core
