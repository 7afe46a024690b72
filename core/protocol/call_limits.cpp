// A call's bounds against a peer that does not play along: the deadlines of call setup (a caller
// that never authenticates, a peer that cannot read our encrypted AUTHREP, a callee that stalls),
// the gate that keeps a peer's media, DTMF and text out until it authenticated and the call is
// answered, and the byte budgets of frames held for a late RTKEY. call.cpp calls these from its
// receive path and handleTimeout/nextDeadline; the transitions they make go through finish().
#include "core/protocol/call.h"

#include "core/protocol/call_causes.h"

namespace iax::core {

// ---- authentication deadlines ----------------------------------------------------------------

namespace {
std::string seconds(Millis t)
{
    const auto ms = t.count();
    return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}
} // namespace

std::optional<Millis> Call::setupDeadline() const
{
    if (ended())
        return std::nullopt;
    const EngineConfig& c = m_host->config();
    // Callee: a caller that never authenticates (half-open call) holds its slot this long at most.
    if (m_role == Role::Callee)
        return m_authenticated ? std::nullopt : std::optional<Millis>(m_start + c.authTimeout);
    if (m_state != CallState::Calling && m_state != CallState::Authenticating)
        return std::nullopt;
    std::optional<Millis> d;
    // Our encrypted AUTHREP unanswered by anything that decrypts: the peer's secret differs.
    if (m_state == CallState::Authenticating && m_authRepAt && !m_enc.rxProven)
        d = *m_authRepAt + c.authReplyTimeout;
    // Acknowledged, then silence (no retransmission left to give up on): a peer that stalls setup.
    if (!m_rel.anyPending([](const SentFrameInfo&) { return true; })) {
        const Millis stall = m_start + c.authTimeout;
        if (!d || stall < *d)
            d = stall;
    }
    return d;
}

void Call::checkSetupDeadlines(Millis now)
{
    const auto due = setupDeadline();
    if (!due || now < *due)
        return;
    const EngineConfig& c = m_host->config();
    if (m_role == Role::Callee) {
        // Silently, as a caller that vanished would not hear a REJECT; whatever it sends later gets INVAL.
        finish(CallState::Failed,
            { "the caller did not authenticate within " + seconds(c.authTimeout) + " of its NEW", 0,
                CallEnd::Kind::Timeout },
            now, false);
        return;
    }
    if (m_state == CallState::Authenticating && m_authRepAt && !m_enc.rxProven
        && now >= *m_authRepAt + c.authReplyTimeout) {
        // It cannot read a HANGUP under our key either: stop without one.
        finish(CallState::Failed,
            { "authentication failed: the peer did not answer our encrypted AUTHREP within "
                    + seconds(c.authReplyTimeout) + " (wrong secret?)",
                cause::kFacilityRejected, CallEnd::Kind::AuthFailed },
            now, false);
        return;
    }
    finish(CallState::Failed,
        { "the peer acknowledged the call but neither challenged nor accepted it within " + seconds(c.authTimeout), 0,
            CallEnd::Kind::Timeout },
        now, true);
}

bool Call::peerMediaAccepted(bool voice, bool decrypted) const
{
    // The peer has authenticated once the callee verified its AUTHREP (Incoming) or the caller was
    // ACCEPTed (Proceeding); only an answered call carries media — but a caller takes the callee's
    // early voice (ringback, announcements) after ACCEPT, as a PBX sends it. Under the required
    // policy, what did not decrypt never counts, whatever the state.
    const bool answered = m_state == CallState::Answered;
    const bool earlyVoice
        = voice && m_role == Role::Caller && (m_state == CallState::Proceeding || m_state == CallState::Ringing);
    const bool ok = !ended() && (answered || earlyVoice) && (decrypted || m_policy != EncryptionPolicy::Required);
    if (!ok && !ended())
        ++m_host->dropCounters().mediaBeforeAuth;
    return ok;
}

bool Call::expireOldestHeld(const std::string& why, Millis now)
{
    m_host->releaseHeld(m_rx.dropOldestHeld());
    if (ended())
        return false; // stragglers after the end: not worth counting against the call
    if (!countDecryptFailure(now))
        return true;
    finish(CallState::Failed,
        { "encryption failure: frames from the peer cannot be decrypted" + (why.empty() ? "" : " (" + why + ")"), 0,
            CallEnd::Kind::EncryptionFailure },
        now, true);
    return false;
}

bool Call::holdFrame(std::span<const std::uint8_t> bytes, bool full, const std::string& why, Millis now, Millis arrived)
{
    // Bounded by bytes (a datagram may be 64 KB): this call's oldest give way to its newest; when
    // the Engine-wide budget is spent (other calls hold it), the frame is not held at all.
    const std::size_t size = bytes.size();
    const std::size_t perCall = m_host->config().maxHeldBytesPerCall;
    while (!m_rx.held().empty() && m_rx.heldBytes() + size > perCall)
        if (!expireOldestHeld(why, now))
            return false;
    if (m_rx.heldBytes() + size > perCall || !m_host->reserveHeld(size)) {
        if (countDecryptFailure(now))
            finish(CallState::Failed,
                { "encryption failure: frames from the peer cannot be decrypted (" + why + ")", 0,
                    CallEnd::Kind::EncryptionFailure },
                now, true);
        return !ended();
    }
    m_rx.hold(bytes, full, arrived);
    return true;
}

} // namespace iax::core
