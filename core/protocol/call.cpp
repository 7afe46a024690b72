// The call state machine: the receive path (decrypt → decode → sequence → transition) and every
// state transition of a call (onFrame/onIax/onControl and the commands). Helpers in call_auth.cpp,
// call_crypto.cpp and call_media.cpp compute and send; they report failures back here as a CallEnd
// instead of changing the state themselves.
#include "core/protocol/call.h"

#include "core/protocol/call_causes.h"
#include "core/protocol/call_state.h"

#include <algorithm>

namespace iax::core {

namespace {
constexpr Millis kLinger { 3000 }; // a finished call stays to re-ACK retransmissions of the peer

// Undecryptable frames wait for a late RTKEY as long as the peer keeps retransmitting it: the whole
// backoff schedule (about 40 s with the defaults), plus one initial timeout of slack.
Millis heldLifetime(const EngineConfig& c)
{
    Millis total = c.retransmitInitial;
    Millis rto = c.retransmitInitial;
    for (int i = 0; i <= c.maxRetransmits; ++i) {
        total += rto;
        rto = std::min(rto * 2, c.retransmitMax);
    }
    return total;
}

RetransmitPolicy policyOf(const EngineConfig& c)
{
    return { c.retransmitInitial, c.retransmitMax, c.maxRetransmits, c.retransmitMin };
}
} // namespace

Call::Call(CallHost& host, CallId id, std::uint16_t localCallno, DialRequest req, Millis now)
    : m_host(&host)
    , m_id(id)
    , m_role(Role::Caller)
    , m_peer(req.peer)
    , m_localCallno(localCallno)
    , m_start(now)
    , m_dial(std::move(req))
    , m_rel(policyOf(host.config()))
{
    m_policy = m_dial.encryption;
    m_rotation = m_dial.rotation;
    m_codecs = m_dial.codecs;
    m_calledNumber = m_dial.calledNumber;
    m_rx.startPeerClock(0, now); // the callee's clock starts about when our NEW reaches it
    m_lastDecryptOk = now;
}

Call::Call(CallHost& host, CallId id, std::uint16_t localCallno, const PeerAddress& from, const FullFrame& newFrame,
    const IeList& ies, const UserConfig& user, Millis now)
    : m_host(&host)
    , m_id(id)
    , m_role(Role::Callee)
    , m_peer(from)
    , m_localCallno(localCallno)
    , m_remoteCallno(newFrame.scall)
    , m_start(now)
    , m_state(CallState::Authenticating)
    , m_user(user)
    , m_newIes(ies)
    , m_rel(policyOf(host.config()))
{
    m_policy = user.encryption;
    m_rotation = user.rotation;
    m_codecs = user.codecs;
    m_calledNumber = ies.getString(IeId::CalledNumber).value_or("");
    m_rx.startPeerClock(newFrame.timestamp, now);
    m_rel.expect(static_cast<std::uint8_t>(newFrame.oseqno + 1));
    m_lastDecryptOk = now;
}

Call::Call(const Call& other, CallHost& host)
    : Call(other)
{
    m_host = &host;
}

Call::~Call()
{
    if (m_rx.heldBytes())
        m_host->releaseHeld(m_rx.heldBytes());
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
    if (auto end = startCallee(now))
        finish(CallState::Rejected, std::move(*end), now, false);
}

bool Call::ended() const
{
    return m_finished;
}

// ---- receive path ----------------------------------------------------------------------------

void Call::receive(std::span<const std::uint8_t> bytes, bool full, Millis now)
{
    receiveOne(bytes, full, now, now);
    // A RTKEY just arrived: frames held because no key decrypted them get another chance.
    while (!m_dead && m_rx.takeRetry()) {
        m_host->releaseHeld(m_rx.heldBytes()); // what is still undecryptable is held (and counted) again
        auto held = m_rx.takeHeld();
        for (auto& h : held)
            receiveOne(h.bytes, h.full, now, h.arrived); // held again with its original age
    }
}

void Call::receiveOne(std::span<const std::uint8_t> bytes, bool full, Millis now, Millis arrived)
{
    // The cipher's plaintext buffer is reused frame after frame (no allocation); only this frame's
    // handling below reads it.
    std::string why;
    bool decrypted = false;
    const CallCipher::Expect expect { m_rel.iseqno(), m_rxFormat ? m_rxFormat : m_format };
    std::optional<std::span<const std::uint8_t>> opened;
    if (m_e2e.keyed() && !(opened = openE2e(bytes, full, now, arrived)))
        return; // end-to-end mode (call_e2e.cpp): dropped and counted, or a clear frame handled
    switch (opened ? CallCipher::Outcome::Decrypted
                   : m_rx.decrypt(bytes, full ? FrameKind::Full : FrameKind::Mini, arrived, expect, why)) {
    case CallCipher::Outcome::Failed:
        onUndecryptable(bytes, full, why, now, arrived);
        return;
    case CallCipher::Outcome::Decrypted:
        bytes = opened ? *opened : m_rx.plain();
        decrypted = true;
        m_lastDecryptOk = now;
        ++m_enc.framesDecrypted;
        if (!m_enc.rxProven) {
            m_enc.rxProven = true;
            updateEncryptionProof();
        }
        break;
    case CallCipher::Outcome::Clear:
        break;
    }
    auto dg = decodeDatagram(bytes);
    if (!dg) {
        ++m_host->dropCounters().malformed;
        return;
    }
    ++m_stats.framesReceived;
    if (auto* m = std::get_if<MiniFrame>(&*dg)) {
        if (peerMediaAccepted(true, decrypted))
            onMini(std::move(*m), now);
        return;
    }
    auto* f = std::get_if<FullFrame>(&*dg);
    if (!f)
        return; // meta frames are not used by a softphone
    auto ies = f->type == std::uint8_t(FrameType::Iax) ? f->ies() : Result<IeList>(IeList {});
    if (!ies) {
        ++m_host->dropCounters().malformed;
        return;
    }
    if (m_remoteCallno == 0 && f->scall != 0 && !f->isIax(IaxCommand::CallToken))
        m_remoteCallno = f->scall;
    // A CALLTOKEN answers our NEW without a token; its iseqno 1 must not acknowledge the NEW with
    // the token, which has oseqno 0 as well (a duplicated CALLTOKEN did: the NEW was never resent).
    if (!f->isIax(IaxCommand::Inval) && !f->isIax(IaxCommand::CallToken))
        onAcknowledged(m_rel.acknowledge(f->iseqno, now));

    if (f->isIax(IaxCommand::CallToken)) {
        // Caller: resend NEW with the token, sequence numbers reset to 0 (as Asterisk).
        auto token = ies->getString(IeId::CallToken);
        if (m_role == Role::Caller && m_state == CallState::Calling && token && !token->empty() && !m_tokenUsed) {
            m_tokenUsed = true; // duplicates of the CALLTOKEN reply must not restart us again
            m_rel.reset();
            sendNew(now, *token);
        }
        return;
    }
    switch (m_rel.arrive(*f)) {
    case ReliableChannel::Arrival::Unsequenced:
        onFrame(*f, *ies, now, decrypted);
        return;
    case ReliableChannel::Arrival::Duplicate:
        ++m_stats.duplicates;
        if (frameNeedsAck(*f))
            sendAck(*f, now);
        return;
    case ReliableChannel::Arrival::Ahead:
        ++m_stats.outOfOrder;
        ++m_host->dropCounters().outOfWindow;
        // A RTKEY ahead of a gap decrypted under the current key, so it is genuine: install its
        // key now (the missing earlier frames still decrypt under the kept previous key) instead of
        // letting everything the peer sends meanwhile wait for the retransmissions. The frame itself
        // is processed again, idempotently, when it arrives in order.
        if (f->isIax(IaxCommand::RtKey) && m_rx.active())
            onRtKey(*ies, now);
        sendVnak(now);
        return;
    case ReliableChannel::Arrival::InOrder:
        onFrame(*f, *ies, now, decrypted);
        // Unless a reply already carried our new iseqno (AUTHREP, PONG, ACCEPT …), ACK explicitly.
        if (frameNeedsAck(*f) && m_rel.ackOwed())
            sendAck(*f, now);
        return;
    }
}

void Call::onUndecryptable(
    std::span<const std::uint8_t> bytes, bool full, const std::string& why, Millis now, Millis arrived)
{
    // Until the peer has proven it encrypts with our key, some of its frames legitimately come in
    // clear: retransmissions of NEW/AUTHREQ, ACK/VNAK of them, and REJECT/HANGUP/INVAL when it
    // cannot decrypt us (wrong secret). Afterwards a clear frame is a forgery and is not processed.
    if (full && !m_enc.rxProven) {
        auto clear = decodeFullFrame(bytes);
        if (clear && clearAllowed(*clear)) {
            if (auto ies = clear->ies()) {
                onClearFrame(*clear, *ies, now);
                return;
            }
        }
    }
    if (full && m_role == Role::Callee && m_state == CallState::Authenticating) {
        ++m_enc.decryptFailures;
        // The first encrypted frame (AUTHREP) does not decrypt: the caller's secret is wrong.
        sendRejectClear("Authentication failed", cause::kFacilityRejected, now);
        setEncryptionState(EncryptionState::Failed, "the caller's frames do not decrypt: " + why);
        finish(CallState::Failed,
            { "authentication failed: the caller's AUTHREP does not decrypt (wrong secret?)", cause::kFacilityRejected,
                CallEnd::Kind::AuthFailed },
            now, false);
        return;
    }
    // A finished call's retransmitted HANGUP answered by a clear INVAL: the peer has forgotten the
    // call already (its ACK was lost), so there is nothing left to linger for. (A forged INVAL can
    // only end the lingering early; a live call ignores clear frames once encryption is proven.)
    if (full && ended()) {
        if (auto clear = decodeFullFrame(bytes);
            clear && clear->isIax(IaxCommand::Inval) && clear->scall == m_remoteCallno) {
            m_dead = true;
            return;
        }
    }
    // Not ciphertext at all (AES-CBC needs a multiple of 16 bytes, at least 32, after the clear
    // header): no key will ever decrypt it, so it is neither held nor counted as a decrypt failure.
    const std::size_t clearHeader = full ? 4 : 2;
    if (bytes.size() < clearHeader + 32 || (bytes.size() - clearHeader) % 16 != 0) {
        ++m_host->dropCounters().clearAfterEncryption;
        return;
    }
    // Possibly sent under a key whose RTKEY has not arrived yet (lost or overtaken): hold it and
    // retry after the next RTKEY; it counts against the call only when it expires. Only for a peer
    // that has proven it has our key: rotation needs that first, so before it such a frame is
    // garbage or a forgery, and counts at once.
    if (!m_enc.rxProven) {
        if (full && m_role == Role::Caller && m_state == CallState::Authenticating && m_authRepAt
            && ++m_undecryptableAnswers >= 2) {
            // The peer answers our AUTHREP under another key: Asterisk with another secret decrypts
            // it to garbage and VNAKs it under its own. Twice is no accident.
            ++m_enc.decryptFailures;
            finish(CallState::Failed,
                { "authentication failed: the peer's answers to our encrypted AUTHREP do not decrypt (wrong "
                  "secret?)",
                    cause::kFacilityRejected, CallEnd::Kind::AuthFailed },
                now, false);
            return;
        }
        if (countDecryptFailure(now))
            finish(CallState::Failed,
                { "encryption failure: frames from the peer cannot be decrypted (" + why + ")", 0,
                    CallEnd::Kind::EncryptionFailure },
                now, true);
        return;
    }
    // Held in an answered call: ask for what we have not received in order, as the peer's RTKEY may
    // be lost and Asterisk resends it on its own only 2 s and then 10 s later (VNAK: at once).
    if (holdFrame(bytes, full, why, now, arrived) && m_state == CallState::Answered)
        sendVnak(now);
}

bool Call::clearAllowed(const FullFrame& f) const
{
    if (f.type != std::uint8_t(FrameType::Iax) || f.scall != m_remoteCallno)
        return false;
    switch (static_cast<IaxCommand>(f.subclass)) {
    case IaxCommand::New:
        return m_role == Role::Callee && f.dcall == 0;
    case IaxCommand::AuthReq:
        return m_role == Role::Caller;
    case IaxCommand::Ack:
    case IaxCommand::Vnak:
    case IaxCommand::Inval:
    case IaxCommand::Reject:
    case IaxCommand::Hangup:
        return true;
    default:
        return false; // a clear AUTHREP where we expect an encrypted one is an auth failure
    }
}

void Call::onClearFrame(const FullFrame& f, const IeList& ies, Millis now)
{
    // Its acknowledgement releases our retransmissions but proves nothing about encryption.
    if (!f.isIax(IaxCommand::Inval))
        m_rel.acknowledge(f.iseqno, now);
    const auto arrival = m_rel.arrive(f);
    if (arrival == ReliableChannel::Arrival::InOrder || arrival == ReliableChannel::Arrival::Unsequenced)
        onFrame(f, ies, now, false);
    const bool owed = arrival == ReliableChannel::Arrival::Duplicate
        || (arrival == ReliableChannel::Arrival::InOrder && m_rel.ackOwed());
    if (owed && frameNeedsAck(f)) {
        // ACK in clear too: the peer may be unable to read our encrypted frames.
        auto tx = std::move(m_tx);
        m_tx.reset();
        sendAck(f, now);
        m_tx = std::move(tx);
    }
}

// ---- transitions -----------------------------------------------------------------------------

void Call::onFrame(const FullFrame& f, const IeList& ies, Millis now, bool decrypted)
{
    switch (f.frameType()) {
    case FrameType::Iax:
        onIax(f, ies, now);
        return;
    case FrameType::Control:
        onControl(f, now);
        return;
    case FrameType::DtmfBegin:
    case FrameType::DtmfEnd:
        if (peerMediaAccepted(false, decrypted) && f.subclass > 0 && f.subclass < 128)
            m_host->post(DtmfReceived { m_id, static_cast<char>(f.subclass), f.frameType() == FrameType::DtmfBegin });
        return;
    case FrameType::Text:
        if (peerMediaAccepted(false, decrypted)) {
            std::string text(f.payload.begin(), f.payload.end());
            while (!text.empty() && text.back() == '\0')
                text.pop_back();
            m_host->post(TextReceived { m_id, std::move(text) });
        }
        return;
    case FrameType::Voice:
        if (f.subclass > 0 && peerMediaAccepted(true, decrypted)) {
            m_rxFormat = static_cast<std::uint64_t>(f.subclass);
            onVoice(m_rxFormat, f.timestamp, f.payload, now);
        }
        return;
    default:
        return;
    }
}

void Call::onIax(const FullFrame& f, const IeList& ies, Millis now)
{
    const bool beforeAccept = m_state == CallState::Calling || m_state == CallState::Authenticating;
    switch (static_cast<IaxCommand>(f.subclass)) {
    case IaxCommand::Ack:
        return; // its iseqno was processed already
    case IaxCommand::Vnak:
        onVnak(f.iseqno, now);
        return;
    case IaxCommand::AuthReq:
        if (m_role == Role::Caller && beforeAccept && !ended()) {
            setState(CallState::Authenticating);
            if (auto end = onAuthReq(ies, now))
                finish(CallState::Failed, std::move(*end), now, true);
        }
        return;
    case IaxCommand::AuthRep:
        if (m_role == Role::Callee && m_state == CallState::Authenticating && !ended()) {
            if (auto end = onAuthRep(ies, now)) {
                finish(end->kind == CallEnd::Kind::Congestion ? CallState::Rejected : CallState::Failed,
                    std::move(*end), now, false);
                return;
            }
            m_authenticated = true;
            setState(CallState::Incoming);
            postIncoming();
        }
        return;
    case IaxCommand::Accept:
        if (m_role == Role::Caller && beforeAccept && !ended()) {
            if (auto end = onAccept(ies)) {
                finish(CallState::Failed, std::move(*end), now, true);
                return;
            }
            setState(CallState::Proceeding);
            m_host->post(CallAccepted { m_id, m_format });
        }
        return;
    case IaxCommand::Hangup:
        finish(CallState::HungUp,
            { ies.getString(IeId::Cause).value_or("hung up by the peer"),
                ies.getU8(IeId::CauseCode).value_or(cause::kNormal), CallEnd::Kind::Normal },
            now, false);
        return;
    case IaxCommand::Reject: {
        const std::string text = ies.getString(IeId::Cause).value_or("rejected");
        const int code = ies.getU8(IeId::CauseCode).value_or(cause::kRejected);
        CallEnd::Kind kind = CallEnd::Kind::Rejected;
        // After our AUTHREP a REJECT is the server refusing our credentials ("No authority
        // found") — unless its cause says it authenticated us and refused the call for another
        // reason: Asterisk's "No such context/extension" (3) and "Unable to negotiate codec" (58)
        // come at the same point. A mistyped number is not a wrong secret.
        const bool notAboutAuth
            = code == cause::kUnallocated || code == cause::kNoRoute || code == cause::kIncompatible;
        if ((m_state == CallState::Authenticating && !notAboutAuth) || code == cause::kFacilityRejected
            || text.find("uth") != std::string::npos)
            kind = CallEnd::Kind::AuthFailed;
        if (text.find("ncryption") != std::string::npos)
            kind = CallEnd::Kind::EncryptionRefused;
        if (code == cause::kBusy)
            kind = CallEnd::Kind::Busy;
        // Asterisk's "Unauthenticated call limit reached" (maxauthreq: its AUTHREQs still waiting for
        // an answer, e.g. after attempts with a wrong secret) says nothing about this call's secret.
        if (code == cause::kCongestion || text.find("call limit") != std::string::npos)
            kind = CallEnd::Kind::Congestion;
        finish(CallState::Rejected, { text, code, kind }, now, false);
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
    case IaxCommand::LagRp:
        onPong(f, ies, now);
        return;
    case IaxCommand::RtKey:
        onRtKey(ies, now);
        return;
    case IaxCommand::Inval:
        if (!ended())
            finish(
                CallState::Failed, { "the peer does not know this call (INVAL)", 0, CallEnd::Kind::Other }, now, false);
        return;
    default:
        return; // NEW duplicates are filtered by sequence; the rest is not used by a softphone
    }
}

void Call::onControl(const FullFrame& f, Millis now)
{
    if (ended())
        return;
    const bool caller = m_role == Role::Caller;
    const bool accepted = m_state == CallState::Proceeding || m_state == CallState::Ringing;
    switch (static_cast<ControlCommand>(f.subclass)) {
    case ControlCommand::Ringing:
        if (caller && accepted)
            setState(CallState::Ringing);
        return;
    case ControlCommand::Proceeding:
    case ControlCommand::Progress:
        return; // already Proceeding since ACCEPT
    case ControlCommand::Answer:
        if (caller && accepted) {
            setState(CallState::Answered);
            m_nextPing = now + m_host->config().pingInterval;
        }
        return;
    case ControlCommand::Busy:
        finish(CallState::Rejected, { "busy", cause::kBusy, CallEnd::Kind::Busy }, now, true);
        return;
    case ControlCommand::Congestion:
        finish(CallState::Rejected, { "congestion", cause::kCongestion, CallEnd::Kind::Congestion }, now, true);
        return;
    case ControlCommand::Hangup:
        finish(CallState::HungUp, { "hung up by the peer", cause::kNormal, CallEnd::Kind::Normal }, now, false);
        return;
    case ControlCommand::Hold:
        m_host->post(HoldChanged { m_id, true });
        return;
    case ControlCommand::Unhold:
        m_host->post(HoldChanged { m_id, false });
        return;
    default:
        return;
    }
}

void Call::setState(CallState s, CallEnd end)
{
    // Only a legal successor is applied and announced (call_state.h); an illegal one is counted.
    if (applyTransition(m_state, s, m_host->dropCounters().illegalTransitions) != TransitionResult::Applied)
        return;
    m_host->post(CallStateChanged { m_id, s, std::move(end) });
}

void Call::finish(CallState s, CallEnd end, Millis now, bool notifyPeer)
{
    if (m_finished)
        return;
    m_finished = true;
    // Without the peer's call number there is nothing to address a HANGUP to.
    notifyPeer = notifyPeer && m_remoteCallno != 0;
    if (notifyPeer) {
        IeList ies;
        ies.addText(IeId::Cause, end.reason.empty() ? "Normal Clearing" : end.reason)
            .addU8(IeId::CauseCode, static_cast<std::uint8_t>(end.code ? end.code : cause::kNormal));
        sendIax(IaxCommand::Hangup, ies, now, std::nullopt, true);
    } else {
        // Only our own HANGUP/REJECT still matters; frames before it would be retransmitted for nothing.
        m_rel.dropIf([](const SentFrameInfo& i) { return !i.final; });
    }
    if (m_encState == EncryptionState::Negotiating) {
        if (end.kind == CallEnd::Kind::AuthFailed || end.kind == CallEnd::Kind::EncryptionFailure)
            setEncryptionState(EncryptionState::Failed, "encryption was not established: " + end.reason);
        else
            setEncryptionState(EncryptionState::Off, "the call ended before encryption was proven in both directions");
    } else if (m_encState == EncryptionState::Encrypted && end.kind == CallEnd::Kind::EncryptionFailure) {
        setEncryptionState(EncryptionState::Failed, end.reason);
    }
    m_nextRotation.reset();
    setState(s, std::move(end));
    m_lingering = true;
    m_deadAt = now + kLinger;
    m_host->post(CallFinished { m_id, stats() });
}

// ---- commands --------------------------------------------------------------------------------

bool Call::ring(Millis now)
{
    if (m_role != Role::Callee || m_state != CallState::Incoming || ended())
        return false;
    sendFull(std::uint8_t(FrameType::Control), std::int64_t(ControlCommand::Ringing), {}, now);
    setState(CallState::Ringing);
    return true;
}

bool Call::answer(Millis now)
{
    if (m_role != Role::Callee || (m_state != CallState::Incoming && m_state != CallState::Ringing) || ended())
        return false;
    sendFull(std::uint8_t(FrameType::Control), std::int64_t(ControlCommand::Answer), {}, now);
    setState(CallState::Answered);
    m_nextPing = now + m_host->config().pingInterval;
    return true;
}

bool Call::reject(const std::string& text, int code, Millis now)
{
    if (m_role != Role::Callee || (m_state != CallState::Incoming && m_state != CallState::Ringing) || ended())
        return false;
    IeList ies;
    ies.addText(IeId::Cause, text).addU8(IeId::CauseCode, static_cast<std::uint8_t>(code));
    sendIax(IaxCommand::Reject, ies, now, std::nullopt, true);
    CallEnd::Kind kind = code == cause::kBusy ? CallEnd::Kind::Busy
        : code == cause::kCongestion          ? CallEnd::Kind::Congestion
                                              : CallEnd::Kind::Rejected;
    finish(CallState::Rejected, { text, code, kind }, now, false);
    return true;
}

bool Call::indicateBusy(bool congestion, Millis now)
{
    if (m_role != Role::Callee || (m_state != CallState::Incoming && m_state != CallState::Ringing) || ended())
        return false;
    sendFull(std::uint8_t(FrameType::Control),
        std::int64_t(congestion ? ControlCommand::Congestion : ControlCommand::Busy), {}, now);
    // The caller hangs up on BUSY; our HANGUP follows in sequence so the call ends either way.
    finish(CallState::Rejected,
        congestion ? CallEnd { "congestion", cause::kCongestion, CallEnd::Kind::Congestion }
                   : CallEnd { "busy", cause::kBusy, CallEnd::Kind::Busy },
        now, true);
    return true;
}

void Call::hangup(const std::string& text, int code, Millis now)
{
    finish(CallState::HungUp,
        { text.empty() ? "Normal Clearing" : text, code ? code : cause::kNormal, CallEnd::Kind::Normal }, now, true);
}

// ---- time ------------------------------------------------------------------------------------

void Call::handleTimeout(Millis now)
{
    while (!m_rx.held().empty() && now - m_rx.held().front().arrived >= heldLifetime(m_host->config()))
        expireOldestHeld({}, now); // once the call has failed, the rest go uncounted
    if (m_rx.keySuspectSince() && now - *m_rx.keySuspectSince() >= heldLifetime(m_host->config()))
        m_rx.clearKeySuspect(); // no RTKEY came after all: judge voice normally again
    if (!ended() && decryptFailureFatal(now)) {
        finish(CallState::Failed,
            { "encryption failure: frames from the peer cannot be decrypted", 0, CallEnd::Kind::EncryptionFailure },
            now, true);
    }
    checkSetupDeadlines(now);
    // A finished call lingers to re-ACK the peer's retransmissions, and until our HANGUP/REJECT
    // is acknowledged (or its retransmissions give up).
    if (m_lingering && now >= m_deadAt && !m_rel.anyPending([](const SentFrameInfo& i) { return i.final; })) {
        m_dead = true;
        return;
    }
    auto due = m_rel.due(now);
    if (due.gaveUp) {
        if (due.gaveUp->final || m_lingering) {
            m_dead = true;
            return;
        }
        CallEnd end { "peer unreachable: no acknowledgement after " + std::to_string(due.gaveUp->retries)
                + " retransmissions",
            0, CallEnd::Kind::Unreachable };
        if (m_role == Role::Caller && m_state == CallState::Authenticating && m_encNegotiated)
            end = { "authentication failed: the peer never answered our encrypted AUTHREP (wrong secret?)",
                cause::kFacilityRejected, CallEnd::Kind::AuthFailed };
        m_rel.reset();
        finish(CallState::Failed, std::move(end), now, false);
        m_dead = true;
        return;
    }
    for (auto& r : due.resend) {
        ++m_stats.retransmits;
        if (r.info.probe && m_ambiguousProbes.size() < 64)
            m_ambiguousProbes.push_back(r.info.timestamp);
        m_host->transmit(m_peer, std::move(r.wire));
    }
    if (ended())
        return;
    if (m_state == CallState::Answered && now >= m_nextPing)
        sendKeepalives(now);
    if (m_role == Role::Callee && (m_state == CallState::Incoming || m_state == CallState::Ringing)
        && now - m_start > m_host->config().unansweredIncomingTimeout)
        reject("No answer", cause::kNoAnswer, now);
    maybeRotate(now);
}

std::optional<Millis> Call::nextDeadline() const
{
    std::optional<Millis> d;
    auto take = [&](Millis t) {
        if (!d || t < *d)
            d = t;
    };
    if (auto r = m_rel.nextDeadline())
        take(*r);
    if (m_lingering && !m_rel.anyPending([](const SentFrameInfo& i) { return i.final; }))
        take(m_deadAt);
    if (!m_rx.held().empty())
        take(m_rx.held().front().arrived + heldLifetime(m_host->config()));
    if (ended())
        return d;
    if (m_state == CallState::Answered)
        take(m_nextPing);
    if (m_nextRotation && m_state == CallState::Answered)
        take(*m_nextRotation);
    if (m_role == Role::Callee && (m_state == CallState::Incoming || m_state == CallState::Ringing))
        take(m_start + m_host->config().unansweredIncomingTimeout + Millis(1));
    if (consecutiveDecryptFailures() >= m_host->config().decryptFailureLimit)
        take(m_lastDecryptOk + m_host->config().decryptFailureGrace);
    if (auto setup = setupDeadline())
        take(*setup);
    return d;
}

} // namespace iax::core
