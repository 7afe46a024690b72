// Call negotiation: NEW (caller), the callee's checks and AUTHREQ, AUTHREP (MD5, RSA, plaintext
// only when allowed), ACCEPT with the negotiated codec, and the ENCRYPTION IE rules of
// IAX2-NOTES.md. Failures are returned as a CallEnd; call.cpp makes the transition — except
// onPeerKey, the one entry point here that is not called from call.cpp (the Engine delivers the
// application's key-lookup answer), which finishes a refused call itself.
#include "core/protocol/auth.h"
#include "core/protocol/call.h"
#include "core/protocol/call_causes.h"
#include "core/protocol/e2e_ies.h"
#include "core/protocol/rsa_fallback_policy.h"
#include "core/protocol/rsa_keygen.h"

#include <bit>

namespace iax::core {

namespace {

// CODEC_PREFS as Asterisk writes it: one character per codec, 'A' + bit index + 1.
std::string codecPrefs(const std::vector<std::uint64_t>& codecs)
{
    std::string s;
    for (auto c : codecs)
        if (c && std::has_single_bit(c))
            s.push_back(static_cast<char>('A' + std::countr_zero(c) + 1));
    return s;
}

std::uint64_t maskOf(const std::vector<std::uint64_t>& codecs)
{
    std::uint64_t m = 0;
    for (auto c : codecs)
        m |= c;
    return m;
}

// The callee's choice: the caller's preference order (CODEC_PREFS, then its FORMAT), restricted
// to what both sides support; our own order only when the caller expressed no preference we share.
std::uint64_t chooseCodec(const IeList& ies, const std::vector<std::uint64_t>& ours)
{
    const std::uint64_t ourMask = maskOf(ours);
    const std::uint64_t theirCaps
        = ies.getVersionedU64(IeId::Capability2).value_or(ies.getU32(IeId::Capability).value_or(0));
    auto usable = [&](std::uint64_t bit) { return (ourMask & bit) && (!theirCaps || (theirCaps & bit)); };
    if (auto prefs = ies.getString(IeId::CodecPrefs)) {
        for (char ch : *prefs) {
            const int bit = ch - 'A' - 1;
            if (bit >= 0 && bit < 64 && usable(1ULL << bit))
                return 1ULL << bit;
        }
    }
    const std::uint64_t theirFormat = ies.getVersionedU64(IeId::Format2).value_or(ies.getU32(IeId::Format).value_or(0));
    if (theirFormat && std::has_single_bit(theirFormat) && usable(theirFormat))
        return theirFormat;
    for (auto c : ours)
        if (theirCaps & c)
            return c;
    return 0;
}

// Why a NEW with these IEs cannot be sent (a value over 255 bytes, an RSA key whose signature
// would not fit the AUTHREP), or nullopt.
std::optional<std::string> dialProblem(const DialRequest& dial, const IeList& ies)
{
    if (const auto& e = ies.error())
        return e->reason;
    if (dial.outkey && dial.outkey->valid())
        if (const Status st = checkRsaSigningKeyBits(dial.outkey->bits()); !st)
            return st.error().reason;
    return std::nullopt;
}

std::string methodNames(std::uint16_t methods)
{
    std::string s;
    auto add = [&](const char* n) { s += (s.empty() ? "" : ", ") + std::string(n); };
    if (methods & AuthMethod::Rsa)
        add("RSA");
    if (methods & AuthMethod::Md5)
        add("MD5");
    if (methods & AuthMethod::Plaintext)
        add("plaintext");
    return s.empty() ? "none" : s;
}

// The call details' sentence for how the peer was authenticated.
std::string authDetailsFor(const std::string& method, const std::string& rsaUnavailable)
{
    if (method == "rsa")
        return "authenticated by RSA";
    if (method == "md5")
        return rsaUnavailable.empty() ? std::string("authenticated by MD5")
                                      : RsaFallbackPolicy::md5FallbackDetails(rsaUnavailable);
    if (method == "plaintext")
        return "authenticated by plaintext password";
    return {};
}

} // namespace

void Call::sendNew(Millis now, const std::string& token)
{
    // The same IEs, in the same order, as Asterisk's chan_iax2 (see the interop captures).
    IeList ies;
    ies.addU16(IeId::Version, kProtocolVersion);
    if (!m_dial.calledNumber.empty())
        ies.addString(IeId::CalledNumber, m_dial.calledNumber);
    if (m_dial.autoAnswer)
        ies.addEmpty(IeId::AutoAnswer);
    if (!m_dial.callingNumber.empty())
        ies.addString(IeId::CallingNumber, m_dial.callingNumber);
    ies.addString(IeId::CodecPrefs, codecPrefs(m_codecs));
    ies.addU8(IeId::CallingPres, m_dial.callingNumber.empty() ? 67 : 0);
    ies.addU8(IeId::CallingTon, 0);
    ies.addU16(IeId::CallingTns, 0);
    ies.addU32(IeId::CallingAni2, 0);
    if (!m_dial.callingName.empty())
        ies.addString(IeId::CallingName, m_dial.callingName);
    ies.addString(IeId::Language, "en");
    if (!m_dial.calledContext.empty())
        ies.addString(IeId::CalledContext, m_dial.calledContext);
    if (!m_dial.username.empty())
        ies.addString(IeId::Username, m_dial.username);
    if (m_policy != EncryptionPolicy::Off)
        ies.addU16(IeId::Encryption,
            EncryptionBits::Aes128 | (m_rotation.enabled ? EncryptionBits::KeyRotate : std::uint16_t(0)));
    const std::uint64_t caps = maskOf(m_codecs);
    const std::uint64_t preferred = m_codecs.empty() ? 0 : m_codecs.front();
    ies.addU32(IeId::Format, static_cast<std::uint32_t>(preferred));
    ies.addVersionedU64(IeId::Format2, preferred);
    ies.addU32(IeId::Capability, static_cast<std::uint32_t>(caps));
    ies.addVersionedU64(IeId::Capability2, caps);
    ies.addU16(IeId::AdsiCpe, 2);
    addE2eOffer(ies);
    if (m_dial.datetime)
        ies.addU32(IeId::DateTime, *m_dial.datetime);
    ies.addString(IeId::CallToken, token); // last; empty on the first try
    if (auto problem = dialProblem(m_dial, ies)) {
        // Nothing is sent: the call fails at once and dial()'s caller reads why in the CallEnd.
        finish(CallState::Failed, { "cannot place the call: " + *problem, 0, CallEnd::Kind::Other }, now, false);
        return;
    }
    sendIax(IaxCommand::New, ies, now);
}

std::optional<CallEnd> Call::startCallee(Millis now)
{
    const std::uint16_t theirEnc = m_newIes.getU16(IeId::Encryption).value_or(0);
    const bool theyOffer = (theirEnc & EncryptionBits::Aes128) != 0;
    const bool canEncrypt = m_policy != EncryptionPolicy::Off && !m_user.secret.empty();
    if (m_policy == EncryptionPolicy::Required && !(theyOffer && canEncrypt)) {
        sendRejectClear("Encryption required", cause::kRejected, now);
        return CallEnd { theyOffer ? "encryption is required but this account has no shared secret to key it"
                                   : "the caller did not offer encryption and this account requires it",
            cause::kRejected, CallEnd::Kind::EncryptionRefused };
    }
    m_format = chooseCodec(m_newIes, m_codecs);
    if (!m_format) {
        sendRejectClear("No compatible codec", cause::kIncompatible, now);
        return CallEnd { "no codec in common with the caller", cause::kIncompatible, CallEnd::Kind::Rejected };
    }
    const std::string caller = m_newIes.getString(IeId::Username).value_or("");
    RsaAttempt rsa;
    if ((m_user.authMethods & AuthMethod::Rsa) && m_user.lookupCallerKey && !caller.empty()) {
        // Sans-IO: the application looks the key up (store, key server) and answers with
        // Engine::providePeerKey; the Engine bounds the wait. AUTHREQ (and its challenge) wait too.
        // Configured inkeys (shared by all callers) do not make the caller's own key unnecessary.
        m_awaitingKey = true;
        m_host->post(PeerKeyNeeded { m_id, caller, m_peer });
        return std::nullopt;
    }
    if (!m_user.inkeys.empty()) {
        rsa.outcome = RsaAttempt::Outcome::KeyAvailable;
    } else {
        rsa.outcome = RsaAttempt::Outcome::KeyUnknown;
        rsa.reason = caller.empty() ? "the caller sent no user name to look its public key up by"
                                    : "no public key is configured for '" + caller + "'";
    }
    return offerAuth(rsa, now);
}

void Call::acknowledgeNew(const FullFrame& newFrame, Millis now)
{
    if (m_awaitingKey && !ended())
        sendAck(newFrame, now);
}

void Call::onPeerKey(const PeerKeyAnswer& answer, Millis now)
{
    if (!m_awaitingKey || ended())
        return;
    RsaAttempt rsa = answer.unavailable;
    if (answer.key && answer.key->valid()) {
        m_user.inkeys.push_back(answer.key); // this call's copy of the account
        rsa = { RsaAttempt::Outcome::KeyAvailable, {} };
    } else if (rsa.outcome == RsaAttempt::Outcome::KeyAvailable || rsa.outcome == RsaAttempt::Outcome::Verified
        || rsa.outcome == RsaAttempt::Outcome::VerifyFailed) {
        rsa = { RsaAttempt::Outcome::KeyUnknown, "the key lookup returned no usable key" };
    }
    if (auto end = offerAuth(rsa, now))
        finish(CallState::Rejected, std::move(*end), now, false);
}

std::optional<CallEnd> Call::offerAuth(const RsaAttempt& rsa, Millis now)
{
    m_awaitingKey = false;
    std::uint16_t methods = m_user.authMethods;
    if (m_user.secret.empty())
        methods &= ~(AuthMethod::Md5 | AuthMethod::Plaintext);
    // Configured inkeys stay usable when the lookup found nothing.
    if ((methods & AuthMethod::Rsa) && rsa.outcome != RsaAttempt::Outcome::KeyAvailable && m_user.inkeys.empty()) {
        methods &= ~AuthMethod::Rsa;
        const RsaFallbackSettings settings { m_user.allowMd5Fallback || (m_user.authMethods & AuthMethod::Md5) != 0,
            !m_user.secret.empty() };
        const RsaFallbackDecision d = RsaFallbackPolicy::decide(settings, rsa);
        if (d.action == RsaFallbackDecision::Action::FallbackMd5) {
            methods |= AuthMethod::Md5;
            // Say why RSA was not used whenever the account expected it: an RSA-only account, or
            // one that looks caller keys up. (An "any" account without keys simply uses MD5.)
            if (m_user.lookupCallerKey || !(m_user.authMethods & AuthMethod::Md5))
                m_rsaUnavailable = rsa.reason.empty() ? std::string("caller's public key unknown") : rsa.reason;
        } else if (!methods) {
            sendRejectClear("No authority found", cause::kFacilityRejected, now);
            return CallEnd { "user '" + m_user.username + "': " + d.rejectReason, cause::kFacilityRejected,
                CallEnd::Kind::AuthFailed };
        }
    }
    if (!methods) {
        sendRejectClear("No authority found", cause::kFacilityRejected, now);
        return CallEnd { "user '" + m_user.username + "' has no usable authentication method (secret or inkeys)",
            cause::kFacilityRejected, CallEnd::Kind::AuthFailed };
    }
    m_user.authMethods = methods; // the AUTHREP must answer one of these (onAuthRep)
    const std::uint16_t theirEnc = m_newIes.getU16(IeId::Encryption).value_or(0);
    const bool theyOffer = (theirEnc & EncryptionBits::Aes128) != 0;
    const bool canEncrypt = m_policy != EncryptionPolicy::Off && !m_user.secret.empty();
    m_challenge = std::to_string(m_host->random().uniform(100000000, 999999999));
    IeList ies;
    ies.addU16(IeId::AuthMethods, methods).addString(IeId::Challenge, m_challenge);
    const bool encrypt = theyOffer && canEncrypt;
    if (encrypt) {
        // As Asterisk: rotate only if the caller's NEW had 0x8000, and answer with plain 0x0001
        // (never echo the rotation bit; the caller learns it from our first RTKEY).
        m_peerRotationProof = (theirEnc & EncryptionBits::KeyRotate) != 0;
        ies.addU16(IeId::Encryption, EncryptionBits::Aes128);
        addE2eKey(ies);
    }
    if (auto u = m_newIes.getString(IeId::Username))
        ies.addString(IeId::Username, *u);
    if (auto end = calleeRequireE2e(ies, now))
        return end;
    sendIax(IaxCommand::AuthReq, ies, now); // in clear; everything after it is encrypted
    if (encrypt) {
        enableEncryption(m_user.secret);
    } else {
        setEncryptionState(EncryptionState::Off,
            !theyOffer                              ? "the caller did not offer encryption"
                : m_policy == EncryptionPolicy::Off ? "encryption is off for this user"
                                                    : "no shared secret configured to key the encryption");
    }
    return std::nullopt;
}

std::optional<CallEnd> Call::onAuthReq(const IeList& ies, Millis now)
{
    const std::uint16_t methods = ies.getU16(IeId::AuthMethods).value_or(0);
    m_challenge = ies.getString(IeId::Challenge).value_or("");
    const std::uint16_t enc = ies.getU16(IeId::Encryption).value_or(0);
    const bool peerEncrypts = (enc & EncryptionBits::Aes128) != 0;
    if (m_policy == EncryptionPolicy::Required && !peerEncrypts) {
        setEncryptionState(EncryptionState::Off, "the peer did not agree to encryption");
        return CallEnd { "encryption required but the peer did not agree to it (no ENCRYPTION in AUTHREQ)",
            cause::kRejected, CallEnd::Kind::EncryptionRefused };
    }
    const bool encrypt = peerEncrypts && m_policy != EncryptionPolicy::Off;
    if (encrypt && m_dial.secret.empty())
        // The AES key is MD5(challenge ‖ secret) whatever the authentication: RSA alone cannot key it.
        return CallEnd { "encryption needs the shared secret (RSA+AES derives the key from it); none configured", 0,
            CallEnd::Kind::EncryptionRefused };
    IeList rep;
    if ((methods & AuthMethod::Rsa) && m_dial.outkey && m_dial.outkey->valid()) {
        auto sig = rsaSignChallenge(*m_dial.outkey, m_challenge);
        if (!sig)
            return CallEnd { "RSA signing failed: " + sig.error().reason, 0, CallEnd::Kind::AuthFailed };
        rep.addString(IeId::RsaResult, *sig);
        if (const auto& e = rep.error()) // 2048-bit keys sign 344 characters; never a malformed AUTHREP
            return CallEnd { "cannot answer the RSA challenge: " + e->reason, 0, CallEnd::Kind::AuthFailed };
        m_authMethod = "rsa";
    } else if ((methods & AuthMethod::Md5) && !m_dial.secret.empty()) {
        rep.addString(IeId::Md5Result, md5Response(m_challenge, m_dial.secret));
        m_authMethod = "md5";
        // We would have signed: the peer fell back (m_rsaUnavailable is the caller's note here).
        if (m_dial.outkey && m_dial.outkey->valid())
            m_rsaUnavailable = "the peer did not offer RSA";
    } else if ((methods & AuthMethod::Plaintext) && m_dial.allowPlaintextAuth && !m_dial.secret.empty()) {
        rep.addString(IeId::Password, m_dial.secret);
        m_authMethod = "plaintext";
    } else {
        return CallEnd { "no authentication method in common with the peer (it offered " + methodNames(methods) + ")",
            cause::kFacilityRejected, CallEnd::Kind::AuthFailed };
    }
    m_enc.auth = m_authMethod;
    if (encrypt) {
        // Rotation proof from AUTHREQ: only an explicit 0x8000 (Asterisk never echoes it; its own
        // RTKEY is the proof then, see onRtKey). Stricter than Asterisk's caller, which rotates
        // whenever the AUTHREQ lacks MD5.
        m_peerRotationProof = (enc & EncryptionBits::KeyRotate) != 0;
        enableEncryption(m_dial.secret);
        if (auto end = addE2eReveal(ies, rep)) // a bad identity signature, a changed pinned identity
            return end;
        if (!m_authRepAt)
            m_authRepAt = now; // a peer with another secret drops it silently (Call::setupDeadline)
    } else {
        setEncryptionState(EncryptionState::Off,
            peerEncrypts ? "encryption is off for this account" : "the peer did not agree to encryption");
    }
    if (auto end = callerRequireE2e(rep.has(kIeE2eKey))) // --e2e require: no AUTHREP without the mode
        return end;
    sendIax(IaxCommand::AuthRep, rep, now); // the first encrypted frame when encrypting
    startE2e(rep, now); // end-to-end: GCM from here on when AUTHREP carried our reveal
    return callerRequireE2e(m_e2e.keyed());
}

std::optional<CallEnd> Call::onAuthRep(const IeList& ies, Millis now)
{
    if (m_awaitingKey || m_challenge.empty()) {
        sendRejectClear("Authentication failed", cause::kFacilityRejected, now);
        return CallEnd { "the caller sent AUTHREP before it was challenged (no AUTHREQ sent yet)",
            cause::kFacilityRejected, CallEnd::Kind::AuthFailed };
    }
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
        ok = plaintextPasswordMatches(*pw, m_user.secret); // constant time
        secureWipe(*pw);
        m_authMethod = "plaintext";
    }
    m_enc.auth = m_authMethod;
    if (!ok) {
        sendRejectClear("Authentication failed", cause::kFacilityRejected, now);
        return CallEnd { "authentication failed for user '" + m_user.username + "'"
                + (m_authMethod.empty() ? " (no acceptable answer)" : " (" + m_authMethod + ")"),
            cause::kFacilityRejected, CallEnd::Kind::AuthFailed };
    }
    if (!m_host->admitAuthenticated()) {
        // Authenticated, but the calls it would join are full (EngineConfig::maxCalls).
        sendRejectClear("Too many calls", cause::kCongestion, now);
        return CallEnd { "too many calls: the call was refused after authentication", cause::kCongestion,
            CallEnd::Kind::Congestion };
    }
    m_enc.authDetails = authDetailsFor(m_authMethod, m_rsaUnavailable);
    if (auto end = calleeStartE2e(ies, now))
        return end;
    IeList acc;
    acc.addU32(IeId::Format, static_cast<std::uint32_t>(m_format)).addVersionedU64(IeId::Format2, m_format);
    sendIax(IaxCommand::Accept, acc, now);
    return std::nullopt;
}

std::optional<CallEnd> Call::onAccept(const IeList& ies)
{
    if (m_policy == EncryptionPolicy::Required && !m_encNegotiated) {
        setEncryptionState(EncryptionState::Off, "the peer accepted without authentication, so no key exists");
        return CallEnd { "encryption required but the peer accepted the call unencrypted", cause::kRejected,
            CallEnd::Kind::EncryptionRefused };
    }
    if (auto end = callerRequireE2e(m_e2e.keyed())) // accepted without AUTHREQ: no mode agreed
        return end;
    if (!m_encNegotiated && m_encState != EncryptionState::Off)
        setEncryptionState(EncryptionState::Off, "the peer accepted without encryption");
    std::uint64_t format = ies.getVersionedU64(IeId::Format2).value_or(ies.getU32(IeId::Format).value_or(0));
    if (!format && !m_codecs.empty())
        format = m_codecs.front();
    if (!std::has_single_bit(format) || !(format & maskOf(m_codecs)))
        return CallEnd { "the peer chose a codec we did not offer", cause::kIncompatible, CallEnd::Kind::Other };
    m_format = format;
    m_enc.authDetails = authDetailsFor(m_authMethod, m_rsaUnavailable); // the peer accepted our answer
    return std::nullopt;
}

void Call::postIncoming()
{
    IncomingCall in { m_id, m_peer, m_newIes.getString(IeId::Username).value_or(""),
        m_newIes.getString(IeId::CallingNumber).value_or(""), m_newIes.getString(IeId::CallingName).value_or(""),
        m_calledNumber, m_newIes.getString(IeId::CalledContext).value_or(""), m_format, m_enc.authDetails,
        m_user.username, m_registration, m_authMethod, m_newIes.has(IeId::AutoAnswer), m_e2e.keyed() ? "e2e" : "" };
    m_host->post(std::move(in));
    // A callee's state starts Off, so "not encrypted, and why" was never said: say it with the call.
    if (m_encState == EncryptionState::Off)
        m_host->post(EncryptionStateChanged { m_id, m_encState, m_enc });
}

} // namespace iax::core
