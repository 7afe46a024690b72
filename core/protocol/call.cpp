#include "core/protocol/call.h"

#include "core/protocol/auth.h"

#include <algorithm>
#include <bit>

namespace iax::core {

using namespace call_cause;

namespace {
constexpr Millis kLinger { 3000 }; // keep a finished call to re-ACK retransmissions

bool incrementsSeq(const FullFrame& f)
{
    if (f.type != std::uint8_t(FrameType::Iax))
        return true;
    switch (static_cast<IaxCommand>(f.subclass)) {
    case IaxCommand::Ack:
    case IaxCommand::Inval:
    case IaxCommand::TxCnt:
    case IaxCommand::TxAcc:
    case IaxCommand::Vnak:
        return false;
    default:
        return true;
    }
}

// Frames answered by an immediate reply that acknowledges them implicitly (as Asterisk does).
bool answeredImplicitly(const FullFrame& f)
{
    if (f.type != std::uint8_t(FrameType::Iax))
        return false;
    switch (static_cast<IaxCommand>(f.subclass)) {
    case IaxCommand::New:
    case IaxCommand::AuthReq:
    case IaxCommand::AuthRep:
    case IaxCommand::Ping:
    case IaxCommand::LagRq:
    case IaxCommand::Poke:
        return true;
    default:
        return false;
    }
}

std::string codecPrefs(const std::vector<std::uint64_t>& codecs)
{
    std::string s;
    for (auto c : codecs)
        if (c && std::has_single_bit(c))
            s.push_back(static_cast<char>('A' + std::countr_zero(c) + 1));
    return s;
}

std::uint64_t chooseCodec(const IeList& ies, const std::vector<std::uint64_t>& ours)
{
    std::uint64_t ourMask = 0;
    for (auto c : ours)
        ourMask |= c;
    std::uint64_t theirCaps = ies.getVersionedU64(IeId::Capability2).value_or(ies.getU32(IeId::Capability).value_or(0));
    // The caller's preference order: CODEC_PREFS, then its FORMAT, then our order over its capabilities.
    if (auto prefs = ies.getString(IeId::CodecPrefs)) {
        for (char ch : *prefs) {
            const int bit = ch - 'A' - 1;
            if (bit >= 0 && bit < 64 && (ourMask & (1ULL << bit)))
                return 1ULL << bit;
        }
    }
    const std::uint64_t theirFormat = ies.getVersionedU64(IeId::Format2).value_or(ies.getU32(IeId::Format).value_or(0));
    if (theirFormat && std::has_single_bit(theirFormat) && (ourMask & theirFormat))
        return theirFormat;
    for (auto c : ours)
        if (theirCaps & c)
            return c;
    return 0;
}

} // namespace

Call::Call(CallHost& host, CallId id, std::uint16_t localCallno, DialRequest req, Millis now)
    : m_host(host)
    , m_id(id)
    , m_role(Role::Caller)
    , m_peer(req.peer)
    , m_localCallno(localCallno)
    , m_start(now)
    , m_dial(std::move(req))
{
    m_policy = m_dial.encryption;
    m_rotation = m_dial.rotation;
    m_codecs = m_dial.codecs;
    m_calledNumber = m_dial.calledNumber;
    m_lastHeard = now;
}

Call::Call(CallHost& host, CallId id, std::uint16_t localCallno, const PeerAddress& from, const FullFrame& newFrame,
    const IeList& ies, const UserConfig& user, Millis now)
    : m_host(host)
    , m_id(id)
    , m_role(Role::Callee)
    , m_peer(from)
    , m_localCallno(localCallno)
    , m_remoteCallno(newFrame.scall)
    , m_start(now)
    , m_state(CallState::Authenticating)
    , m_user(user)
    , m_newFrame(newFrame)
    , m_newIes(ies)
{
    m_policy = user.encryption;
    m_rotation = user.rotation;
    m_codecs = user.codecs;
    m_calledNumber = ies.getString(IeId::CalledNumber).value_or("");
    m_iseq = static_cast<std::uint8_t>(newFrame.oseqno + 1);
    m_lastHeard = now;
}

std::uint32_t Call::timestampAt(Millis now) const
{
    const auto ms = (now - m_start).count();
    return ms < 0 ? 0 : static_cast<std::uint32_t>(ms);
}

void Call::sendFull(std::uint8_t type, std::int64_t subclass, std::vector<std::uint8_t> payload, Millis now,
    std::optional<std::uint32_t> ts, bool endsCall)
{
    FullFrame f;
    f.scall = m_localCallno;
    f.dcall = m_remoteCallno;
    f.type = type;
    f.subclass = subclass;
    f.payload = std::move(payload);
    if (ts) {
        f.timestamp = *ts;
    } else {
        f.timestamp = std::max(timestampAt(now), m_lastTs + 1);
        m_lastTs = f.timestamp;
    }
    f.iseqno = m_iseq;
    f.oseqno = m_oseq;
    const bool reliable = frameNeedsAck(f);
    if (incrementsSeq(f))
        ++m_oseq;
    std::vector<std::uint8_t> bytes = encode(f);
    const bool encrypted = m_tx.has_value();
    if (encrypted) {
        bytes = m_tx->encrypt(bytes, FrameKind::Full, m_host.random());
        ++m_enc.framesEncrypted;
    }
    ++m_stats.framesSent;
    if (reliable) {
        const Millis rto = m_stats.rttMs > 0
            ? std::max(Millis(2 * m_stats.rttMs + 50), m_host.config().retransmitInitial / 2)
            : m_host.config().retransmitInitial;
        const bool probe = f.isIax(IaxCommand::Ping) || f.isIax(IaxCommand::LagRq);
        m_pending.push_back(
            { f.oseqno, bytes, now + rto, rto, 0, encrypted, endsCall, f.timestamp, probe, m_txGeneration });
    }
    m_host.transmit(m_peer, std::move(bytes));
}

void Call::sendIax(IaxCommand c, const IeList& ies, Millis now, std::optional<std::uint32_t> ts, bool endsCall)
{
    sendFull(std::uint8_t(FrameType::Iax), std::int64_t(c), ies.encode(), now, ts, endsCall);
}

void Call::sendAck(std::uint32_t ts, Millis now)
{
    sendIax(IaxCommand::Ack, {}, now, ts);
}

void Call::sendVnak(Millis now)
{
    sendIax(IaxCommand::Vnak, {}, now, timestampAt(now));
}

void Call::sendRejectClear(const std::string& cause, int code, Millis now)
{
    // Sent in clear on purpose: a caller whose secret is wrong cannot decrypt anything we encrypt.
    auto tx = std::move(m_tx);
    m_tx.reset();
    IeList ies;
    ies.addString(IeId::Cause, cause).addU8(IeId::CauseCode, static_cast<std::uint8_t>(code));
    sendIax(IaxCommand::Reject, ies, now, std::nullopt, true);
    m_tx = std::move(tx);
}

void Call::processAck(std::uint8_t iseqno)
{
    // Everything we sent with an oseqno "before" iseqno (mod 256) is acknowledged.
    while (!m_pending.empty()) {
        const auto& p = m_pending.front();
        const std::uint8_t distance = static_cast<std::uint8_t>(iseqno - p.oseqno);
        if (distance == 0 || distance > 128)
            break;
        if (p.encrypted && !m_enc.txProven) {
            m_enc.txProven = true;
            updateEncryptionProof();
        }
        m_pending.pop_front();
    }
}

void Call::start(Millis now)
{
    if (m_role == Role::Caller) {
        setState(CallState::Calling);
        if (m_policy != EncryptionPolicy::Off)
            setEncryptionState(EncryptionState::Negotiating);
        sendNew(now, "");
        return;
    }
    // Callee: encryption, codec, then the challenge.
    const std::uint16_t theirEnc = m_newIes.getU16(IeId::Encryption).value_or(0);
    const bool theyOffer = (theirEnc & EncryptionBits::Aes128) != 0;
    if (m_policy == EncryptionPolicy::Required && !theyOffer) {
        sendRejectClear("Encryption required", kCauseRejected, now);
        finish(CallState::Rejected,
            { "the caller did not offer encryption and this account requires it", kCauseRejected,
                CallEnd::Kind::EncryptionRefused },
            now, false);
        return;
    }
    m_format = chooseCodec(m_newIes, m_codecs);
    if (!m_format) {
        sendRejectClear("No compatible codec", kCauseNoCodec, now);
        finish(CallState::Rejected, { "no codec in common with the caller", kCauseNoCodec, CallEnd::Kind::Rejected },
            now, false);
        return;
    }
    std::uint16_t methods = m_user.authMethods;
    if (m_user.inkeys.empty())
        methods &= ~AuthMethod::Rsa;
    if (m_user.secret.empty())
        methods &= ~(AuthMethod::Md5 | AuthMethod::Plaintext);
    if (!methods) {
        sendRejectClear("No authority found", kCauseAuthFailed, now);
        finish(CallState::Rejected,
            { "user has neither a secret nor a public key", kCauseAuthFailed, CallEnd::Kind::AuthFailed }, now, false);
        return;
    }
    m_challenge = std::to_string(m_host.random().uniform(100000000, 999999999));
    IeList ies;
    ies.addU16(IeId::AuthMethods, methods).addString(IeId::Challenge, m_challenge);
    const bool encrypt = theyOffer && m_policy != EncryptionPolicy::Off && !m_user.secret.empty();
    if (encrypt) {
        // As Asterisk: rotate only if the caller advertised 0x8000, and answer with plain 0x0001
        // (never echo the rotation bit; the caller learns it from our first RTKEY).
        m_peerRotationProof = (theirEnc & EncryptionBits::KeyRotate) != 0;
        ies.addU16(IeId::Encryption, EncryptionBits::Aes128);
    }
    if (auto u = m_newIes.getString(IeId::Username))
        ies.addString(IeId::Username, *u);
    sendIax(IaxCommand::AuthReq, ies, now);
    if (encrypt) {
        enableEncryption(m_user.secret);
    } else if (theyOffer && m_policy == EncryptionPolicy::Required) {
        // Required but no secret to key it: cannot happen with a configured secret; refuse.
        setEncryptionState(EncryptionState::Off, "no shared secret configured for encryption");
    } else {
        setEncryptionState(EncryptionState::Off,
            theyOffer ? "encryption is off for this user" : "the caller did not offer encryption");
    }
}

void Call::sendNew(Millis now, const std::string& token)
{
    // Same IEs, in the same order, as Asterisk's chan_iax2 sends (see the interop captures).
    IeList ies;
    ies.addU16(IeId::Version, kProtocolVersion);
    if (!m_dial.calledNumber.empty())
        ies.addString(IeId::CalledNumber, m_dial.calledNumber);
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
    std::uint64_t caps = 0;
    for (auto c : m_codecs)
        caps |= c;
    const std::uint64_t preferred = m_codecs.empty() ? 0 : m_codecs.front();
    ies.addU32(IeId::Format, static_cast<std::uint32_t>(preferred));
    ies.addVersionedU64(IeId::Format2, preferred);
    ies.addU32(IeId::Capability, static_cast<std::uint32_t>(caps));
    ies.addVersionedU64(IeId::Capability2, caps);
    ies.addU16(IeId::AdsiCpe, 2);
    if (m_dial.datetime)
        ies.addU32(IeId::DateTime, *m_dial.datetime);
    ies.addString(IeId::CallToken, token); // last; empty on the first try
    sendIax(IaxCommand::New, ies, now);
}

void Call::setState(CallState s, CallEnd end)
{
    if (s == m_state && s != CallState::Calling)
        return;
    m_state = s;
    m_host.post(CallStateChanged { m_id, s, std::move(end) });
}

void Call::setEncryptionState(EncryptionState s, const std::string& reason)
{
    if (!reason.empty())
        m_enc.reason = reason;
    if (s == m_encState && s != EncryptionState::Negotiating)
        return;
    if (s == m_encState)
        return;
    m_encState = s;
    m_host.post(EncryptionStateChanged { m_id, s, m_enc });
}

void Call::updateEncryptionProof()
{
    if (m_encState == EncryptionState::Negotiating && m_enc.rxProven && m_enc.txProven)
        setEncryptionState(EncryptionState::Encrypted);
}

void Call::finish(CallState s, CallEnd end, Millis now, bool notifyPeer)
{
    if (m_state == CallState::HungUp || m_state == CallState::Rejected || m_state == CallState::Failed) {
        m_dead = true;
        return;
    }
    if (notifyPeer) {
        IeList ies;
        ies.addString(IeId::Cause, end.reason.empty() ? "Normal Clearing" : end.reason)
            .addU8(IeId::CauseCode, static_cast<std::uint8_t>(end.code ? end.code : kCauseNormal));
        sendIax(IaxCommand::Hangup, ies, now, std::nullopt, true);
    }
    if (m_encState == EncryptionState::Negotiating) {
        if (end.kind == CallEnd::Kind::AuthFailed || end.kind == CallEnd::Kind::EncryptionFailure)
            setEncryptionState(EncryptionState::Failed, "encryption was not established: " + end.reason);
        else
            setEncryptionState(EncryptionState::Off, "the call ended before encryption was proven in both directions");
    }
    setState(s, std::move(end));
    m_lingering = true;
    m_deadAt = now + kLinger;
    if (!notifyPeer)
        m_pending.erase(
            std::remove_if(m_pending.begin(), m_pending.end(), [](const Pending& p) { return !p.endsCall; }),
            m_pending.end());
    CallStats st = stats();
    m_host.post(CallFinished { m_id, st });
}

CallStats Call::stats() const
{
    CallStats s = m_stats;
    s.encryption = m_enc;
    s.jitterMs = static_cast<int>(m_jitter);
    return s;
}

void Call::decryptFailed(const std::string& why, Millis now)
{
    ++m_enc.decryptFailures;
    ++m_consecutiveDecryptFailures;
    if (m_role == Role::Callee && m_state == CallState::Authenticating) {
        // The first encrypted frame (AUTHREP) does not decrypt: the caller's secret is wrong.
        sendRejectClear("Authentication failed", kCauseAuthFailed, now);
        setEncryptionState(EncryptionState::Failed, "the caller's frames do not decrypt: " + why);
        finish(CallState::Failed,
            { "authentication failed: the caller's AUTHREP does not decrypt (wrong secret?)", kCauseAuthFailed,
                CallEnd::Kind::AuthFailed },
            now, false);
        return;
    }
    if (m_consecutiveDecryptFailures >= m_host.config().decryptFailureLimit) {
        setEncryptionState(EncryptionState::Failed, "frames from the peer cannot be decrypted: " + why);
        finish(CallState::Failed,
            { "encryption failure: frames from the peer cannot be decrypted", 0, CallEnd::Kind::EncryptionFailure },
            now, true);
    }
}

void Call::receive(std::span<const std::uint8_t> bytes, bool full, Millis now)
{
    receiveOne(bytes, full, now);
    while (m_retryHeld && !m_dead) {
        m_retryHeld = false;
        auto held = std::move(m_held);
        m_held.clear();
        for (auto& h : held) {
            const std::size_t before = m_held.size();
            receiveOne(h.bytes, h.full, now);
            if (m_held.size() > before)
                m_held.back().arrived = h.arrived; // still undecryptable: keep its original age
        }
    }
}

void Call::receiveOne(std::span<const std::uint8_t> bytes, bool full, Millis now)
{
    std::vector<std::uint8_t> plain;
    if (m_rx) {
        auto d = m_rx->decrypt(bytes, full ? FrameKind::Full : FrameKind::Mini);
        for (auto it = m_rxOld.begin(); !d && it != m_rxOld.end(); ++it)
            d = it->decrypt(bytes, full ? FrameKind::Full : FrameKind::Mini);
        if (!d) {
            // A peer that cannot decrypt our frames may still tell us so in clear (REJECT/HANGUP/INVAL).
            if (full) {
                auto clear = decodeFullFrame(bytes);
                if (clear && clear->type == std::uint8_t(FrameType::Iax)
                    && (clear->subclass == std::int64_t(IaxCommand::Reject)
                        || clear->subclass == std::int64_t(IaxCommand::Hangup)
                        || clear->subclass == std::int64_t(IaxCommand::Inval))) {
                    if (auto ies = clear->ies()) {
                        onFrame(*clear, *ies, now);
                        return;
                    }
                }
            }
            if (m_role == Role::Callee && m_state == CallState::Authenticating) {
                decryptFailed(d.error().reason, now);
                return;
            }
            // Possibly sent under a key whose RTKEY has not arrived yet (lost or overtaken):
            // hold it briefly and retry after the next RTKEY; it counts as a failure only on expiry.
            if (m_held.size() >= 128) {
                m_held.pop_front();
                decryptFailed("undecryptable frames pile up", now);
            }
            m_held.push_back({ std::vector<std::uint8_t>(bytes.begin(), bytes.end()), full, now });
            return;
        }
        m_consecutiveDecryptFailures = 0;
        ++m_enc.framesDecrypted;
        if (!m_enc.rxProven) {
            m_enc.rxProven = true;
            updateEncryptionProof();
        }
        plain = std::move(d->datagram);
        bytes = plain;
    }
    m_lastHeard = now;
    auto dg = decodeDatagram(bytes);
    if (!dg)
        return;
    ++m_stats.framesReceived;
    if (auto* m = std::get_if<MiniFrame>(&*dg)) {
        onMini(*m, now);
        return;
    }
    auto* f = std::get_if<FullFrame>(&*dg);
    if (!f)
        return;
    auto ies = f->type == std::uint8_t(FrameType::Iax) ? f->ies() : Result<IeList>(IeList {});
    if (!ies)
        return;
    if (m_remoteCallno == 0 && f->scall != 0 && !f->isIax(IaxCommand::CallToken))
        m_remoteCallno = f->scall;

    // Acknowledgement carried by every full frame.
    processAck(f->iseqno);

    if (f->isIax(IaxCommand::CallToken)) {
        if (m_role == Role::Caller && m_state == CallState::Calling) {
            auto token = ies->getString(IeId::CallToken);
            if (token && !token->empty()) {
                m_pending.clear();
                m_oseq = 0;
                m_iseq = 0;
                sendNew(now, *token);
            }
        }
        return;
    }
    if (!incrementsSeq(*f)) {
        onFrame(*f, *ies, now);
        return;
    }
    if (f->oseqno != m_iseq) {
        const std::uint8_t behind = static_cast<std::uint8_t>(m_iseq - f->oseqno);
        if (behind > 0 && behind <= 128) {
            ++m_stats.duplicates;
            if (frameNeedsAck(*f))
                sendAck(f->timestamp, now);
        } else {
            ++m_stats.outOfOrder;
            sendVnak(now);
        }
        return;
    }
    ++m_iseq;
    if (frameNeedsAck(*f) && !answeredImplicitly(*f))
        sendAck(f->timestamp, now);
    onFrame(*f, *ies, now);
}

// All call transitions live here.
void Call::onFrame(const FullFrame& f, const IeList& ies, Millis now)
{
    const bool ended = m_state == CallState::HungUp || m_state == CallState::Rejected || m_state == CallState::Failed;
    switch (f.frameType()) {
    case FrameType::Iax:
        switch (static_cast<IaxCommand>(f.subclass)) {
        case IaxCommand::Ack:
            return;
        case IaxCommand::Vnak:
            for (auto& p : m_pending) {
                auto bytes = p.bytes;
                bytes[2] |= 0x80;
                ++m_stats.retransmits;
                m_host.transmit(m_peer, std::move(bytes));
            }
            return;
        case IaxCommand::AuthReq:
            if (m_role == Role::Caller && (m_state == CallState::Calling || m_state == CallState::Authenticating))
                onAuthReq(ies, now);
            return;
        case IaxCommand::AuthRep:
            if (m_role == Role::Callee && m_state == CallState::Authenticating)
                onAuthRep(ies, now);
            return;
        case IaxCommand::Accept:
            if (m_role == Role::Caller && (m_state == CallState::Calling || m_state == CallState::Authenticating))
                onAccept(ies, now);
            return;
        case IaxCommand::Hangup: {
            const int code = ies.getU8(IeId::CauseCode).value_or(kCauseNormal);
            finish(CallState::HungUp,
                { ies.getString(IeId::Cause).value_or("hung up by the peer"), code, CallEnd::Kind::Normal }, now,
                false);
            return;
        }
        case IaxCommand::Reject: {
            const std::string cause = ies.getString(IeId::Cause).value_or("rejected");
            const int code = ies.getU8(IeId::CauseCode).value_or(kCauseRejected);
            CallEnd::Kind kind = CallEnd::Kind::Rejected;
            if (m_state == CallState::Authenticating || code == kCauseAuthFailed
                || cause.find("uth") != std::string::npos)
                kind = CallEnd::Kind::AuthFailed;
            if (cause.find("ncryption") != std::string::npos)
                kind = CallEnd::Kind::EncryptionRefused;
            finish(CallState::Rejected, { cause, code, kind }, now, false);
            return;
        }
        case IaxCommand::Ping:
        case IaxCommand::Poke:
            sendIax(IaxCommand::Pong, rrIes(), now, f.timestamp);
            return;
        case IaxCommand::LagRq:
            sendIax(IaxCommand::LagRp, {}, now, f.timestamp);
            return;
        case IaxCommand::Pong:
        case IaxCommand::LagRp: {
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
                m_stats.rttMs
                    = m_stats.rttMs < 0 ? static_cast<int>(rtt) : static_cast<int>((7 * m_stats.rttMs + rtt) / 8);
            return;
        }
        case IaxCommand::RtKey: {
            auto key = ies.getString(IeId::Challenge);
            if (!m_encNegotiated || !key || key->size() != 16)
                return;
            AesKey k {};
            std::copy(key->begin(), key->end(), k.begin());
            m_rxOld.push_front(std::move(*m_rx));
            if (m_rxOld.size() > 2)
                m_rxOld.pop_back();
            m_rx.emplace(k);
            m_retryHeld = !m_held.empty();
            ++m_enc.rekeysReceived;
            if (!m_peerRotationProof) {
                m_peerRotationProof = true; // its own RTKEY proves it supports rotation
                m_enc.rotationSupported = m_rotation.enabled;
                if (m_sentVoice && m_rotation.enabled && !m_nextRotation)
                    m_nextRotation = now + m_rotation.firstAfterVoice;
            }
            m_host.post(Rekey { m_id, Direction2::Rx });
            return;
        }
        case IaxCommand::Inval:
            if (!ended)
                finish(CallState::Failed, { "the peer does not know this call (INVAL)", 0, CallEnd::Kind::Other }, now,
                    false);
            return;
        default:
            return;
        }
    case FrameType::Control:
        if (ended)
            return;
        switch (static_cast<ControlCommand>(f.subclass)) {
        case ControlCommand::Ringing:
            if (m_role == Role::Caller && m_state != CallState::Answered)
                setState(CallState::Ringing);
            return;
        case ControlCommand::Proceeding:
        case ControlCommand::Progress:
            if (m_role == Role::Caller && m_state == CallState::Calling)
                setState(CallState::Proceeding);
            return;
        case ControlCommand::Answer:
            if (m_role == Role::Caller) {
                setState(CallState::Answered);
                m_nextPing = now + m_host.config().pingInterval;
            }
            return;
        case ControlCommand::Busy:
            finish(CallState::Rejected, { "busy", 17, CallEnd::Kind::Busy }, now, true);
            return;
        case ControlCommand::Congestion:
            finish(CallState::Rejected, { "congestion", 34, CallEnd::Kind::Congestion }, now, true);
            return;
        case ControlCommand::Hangup:
            finish(CallState::HungUp, { "hung up by the peer", kCauseNormal, CallEnd::Kind::Normal }, now, false);
            return;
        case ControlCommand::Hold:
            m_host.post(HoldChanged { m_id, true });
            return;
        case ControlCommand::Unhold:
            m_host.post(HoldChanged { m_id, false });
            return;
        default:
            return;
        }
    case FrameType::DtmfBegin:
    case FrameType::DtmfEnd:
        if (!ended && f.subclass > 0 && f.subclass < 128)
            m_host.post(DtmfReceived { m_id, static_cast<char>(f.subclass), f.frameType() == FrameType::DtmfBegin });
        return;
    case FrameType::Text:
        if (!ended)
            m_host.post(TextReceived { m_id, std::string(f.payload.begin(), f.payload.end()) });
        return;
    case FrameType::Voice:
        if (!ended && f.subclass > 0) {
            m_rxVoiceTs = f.timestamp;
            m_rxFormat = static_cast<std::uint64_t>(f.subclass);
            onVoice(m_rxFormat, f.timestamp, f.payload, now);
        }
        return;
    default:
        return;
    }
}

bool Call::ring(Millis now)
{
    if (m_role != Role::Callee || m_state != CallState::Incoming)
        return false;
    sendFull(std::uint8_t(FrameType::Control), std::int64_t(ControlCommand::Ringing), {}, now);
    setState(CallState::Ringing);
    return true;
}

bool Call::answer(Millis now)
{
    if (m_role != Role::Callee || (m_state != CallState::Incoming && m_state != CallState::Ringing))
        return false;
    sendFull(std::uint8_t(FrameType::Control), std::int64_t(ControlCommand::Answer), {}, now);
    setState(CallState::Answered);
    m_nextPing = now + m_host.config().pingInterval;
    return true;
}

bool Call::reject(const std::string& cause, Millis now)
{
    if (m_role != Role::Callee || (m_state != CallState::Incoming && m_state != CallState::Ringing))
        return false;
    IeList ies;
    ies.addString(IeId::Cause, cause).addU8(IeId::CauseCode, kCauseRejected);
    sendIax(IaxCommand::Reject, ies, now, std::nullopt, true);
    finish(CallState::Rejected, { cause, kCauseRejected, CallEnd::Kind::Rejected }, now, false);
    return true;
}

void Call::hangup(const std::string& cause, int code, Millis now)
{
    finish(CallState::HungUp,
        { cause.empty() ? "Normal Clearing" : cause, code ? code : kCauseNormal, CallEnd::Kind::Normal }, now, true);
}

bool Call::sendDtmf(char digit, Millis now, std::string* why)
{
    if (m_state != CallState::Answered) {
        if (why)
            *why = "the call is not answered";
        return false;
    }
    if (m_policy == EncryptionPolicy::Required && !m_tx) {
        if (why)
            *why = "encryption is required and this call is not encrypted";
        return false;
    }
    sendFull(std::uint8_t(FrameType::DtmfBegin), static_cast<unsigned char>(digit), {}, now);
    sendFull(std::uint8_t(FrameType::DtmfEnd), static_cast<unsigned char>(digit), {}, now);
    return true;
}

bool Call::sendText(const std::string& text, Millis now, std::string* why)
{
    if (m_state != CallState::Answered) {
        if (why)
            *why = "the call is not answered";
        return false;
    }
    if (m_policy == EncryptionPolicy::Required && !m_tx) {
        if (why)
            *why = "encryption is required and this call is not encrypted";
        return false;
    }
    sendFull(std::uint8_t(FrameType::Text), 0, std::vector<std::uint8_t>(text.begin(), text.end()), now);
    return true;
}

bool Call::hold(bool on, Millis now)
{
    if (m_state != CallState::Answered)
        return false;
    m_onHold = on;
    sendFull(
        std::uint8_t(FrameType::Control), std::int64_t(on ? ControlCommand::Hold : ControlCommand::Unhold), {}, now);
    return true;
}

void Call::handleTimeout(Millis now)
{
    while (!m_held.empty() && now - m_held.front().arrived >= Millis(2000)) {
        m_held.pop_front();
        decryptFailed("no key decrypts it", now);
        if (m_dead || m_lingering)
            return;
    }
    // A finished call lingers to re-ACK the peer's retransmissions, and until our HANGUP/REJECT
    // is acknowledged (or its retransmissions give up).
    if (m_lingering && now >= m_deadAt
        && std::none_of(m_pending.begin(), m_pending.end(), [](const Pending& p) { return p.endsCall; }))
        m_dead = true;
    // Retransmissions: the stored bytes keep the key they were first encrypted with.
    for (auto& p : m_pending) {
        if (now < p.nextTry)
            continue;
        if (p.tries >= m_host.config().maxRetransmits) {
            if (p.endsCall || m_lingering) {
                m_dead = true;
                return;
            }
            CallEnd end { "peer unreachable: no acknowledgement after " + std::to_string(p.tries) + " retransmissions",
                0, CallEnd::Kind::Unreachable };
            if (m_role == Role::Caller && m_state == CallState::Authenticating && m_encNegotiated)
                end = { "authentication failed: the peer never answered our encrypted AUTHREP (wrong secret?)",
                    kCauseAuthFailed, CallEnd::Kind::AuthFailed };
            m_pending.clear();
            finish(CallState::Failed, end, now, false);
            m_dead = true;
            return;
        }
        ++p.tries;
        ++m_stats.retransmits;
        if (p.probe && m_ambiguousProbes.size() < 64)
            m_ambiguousProbes.push_back(p.timestamp);
        p.timeout = std::min(p.timeout * 2, m_host.config().retransmitMax);
        p.nextTry = now + p.timeout;
        auto bytes = p.bytes;
        bytes[2] |= 0x80; // R bit, in the clear header even when encrypted
        m_host.transmit(m_peer, std::move(bytes));
    }
    if (m_state == CallState::Answered && now >= m_nextPing) {
        sendIax(IaxCommand::Ping, {}, now);
        sendIax(IaxCommand::LagRq, {}, now);
        m_nextPing = now + m_host.config().pingInterval;
    }
    if (m_role == Role::Callee && (m_state == CallState::Incoming || m_state == CallState::Ringing)
        && now - m_start > m_host.config().unansweredIncomingTimeout)
        reject("No answer", now);
    maybeRotate(now);
}

std::optional<Millis> Call::nextDeadline() const
{
    std::optional<Millis> d;
    auto take = [&](Millis t) {
        if (!d || t < *d)
            d = t;
    };
    for (const auto& p : m_pending)
        take(p.nextTry);
    if (m_lingering)
        take(m_deadAt);
    if (m_state == CallState::Answered)
        take(m_nextPing);
    if (m_nextRotation && m_state == CallState::Answered)
        take(*m_nextRotation);
    if (m_role == Role::Callee && (m_state == CallState::Incoming || m_state == CallState::Ringing))
        take(m_start + m_host.config().unansweredIncomingTimeout + Millis(1));
    if (!m_held.empty())
        take(m_held.front().arrived + Millis(2000));
    return d;
}

} // namespace iax::core
