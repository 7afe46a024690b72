#include "core/protocol/registration.h"

#include "core/protocol/apparent_address.h"
#include "core/protocol/auth.h"
#include "core/protocol/call.h"
#include "core/protocol/rsa_keygen.h"

#include <algorithm>

namespace iax::core {

namespace {
constexpr Millis kMaxBackoff { 300000 };
}

Registration::Registration(CallHost& host, RegId id, RegistrationRequest req)
    : m_host(&host)
    , m_id(id)
    , m_req(std::move(req))
    , m_rel({ host.config().retransmitInitial, host.config().retransmitMax, host.config().maxRetransmits,
          host.config().retransmitMin })
{ }

void Registration::start(std::uint16_t localCallno, Millis now)
{
    m_localCallno = localCallno;
    m_remoteCallno = 0;
    m_rel.reset();
    m_tokenUsed = false;
    m_start = now;
    m_restartAt.reset();
    if (m_state != RegistrationState::Registered)
        setState(RegistrationState::Registering, 0, {});
    sendRequest({}, "", now);
}

void Registration::release(std::uint16_t localCallno, Millis now)
{
    m_releasing = true;
    start(localCallno, now);
}

void Registration::sendFrame(FullFrame f, Millis now, std::optional<std::uint8_t> ackOf)
{
    f.scall = m_localCallno;
    f.dcall = m_remoteCallno;
    f.type = std::uint8_t(FrameType::Iax);
    m_rel.stamp(f, ackOf);
    auto bytes = encode(f);
    if (frameNeedsAck(f)) {
        SentFrameInfo info;
        info.oseqno = f.oseqno;
        info.timestamp = f.timestamp;
        m_rel.track(bytes, info, now);
    }
    m_host->transmit(m_req.server, std::move(bytes));
}

void Registration::sendRequest(const IeList& extra, const std::string& token, Millis now)
{
    // As Asterisk's client (see interop/register-md5): USERNAME, REFRESH, the answer, CALLTOKEN last.
    IeList ies;
    ies.addString(IeId::Username, m_req.username);
    if (!m_releasing)
        ies.addU16(IeId::Refresh, m_req.refreshSeconds);
    for (const auto& ie : extra.items())
        ies.addRaw(ie.id, ie.data);
    ies.addString(IeId::CallToken, token);
    auto payload = ies.encodeChecked();
    std::optional<std::string> problem;
    if (!payload)
        problem = payload.error().reason;
    else if (m_req.outkey && m_req.outkey->valid())
        if (const Status st = checkRsaSigningKeyBits(m_req.outkey->bits()); !st)
            problem = st.error().reason;
    if (problem) {
        // Nothing malformed is sent; the registration fails for good (no retry) and says why.
        m_rel.reset();
        m_restartAt.reset();
        m_finished = m_releasing;
        setState(RegistrationState::Failed, 0, "cannot register: " + *problem);
        return;
    }
    FullFrame f;
    f.subclass = std::int64_t(m_releasing ? IaxCommand::RegRel : IaxCommand::RegReq);
    f.timestamp = static_cast<std::uint32_t>(std::max<std::int64_t>(1, (now - m_start).count()));
    f.payload = std::move(payload).value();
    sendFrame(std::move(f), now);
}

void Registration::sendAck(const FullFrame& acked, Millis now)
{
    FullFrame f;
    f.subclass = std::int64_t(IaxCommand::Ack);
    f.timestamp = acked.timestamp;
    sendFrame(std::move(f), now, acked.iseqno);
}

void Registration::setState(
    RegistrationState s, int refresh, const std::string& reason, const std::string& addr, RegistrationFailure failure)
{
    m_state = s;
    m_host->post(RegistrationStateChanged { m_id, s, refresh, reason, addr, failure });
}

void Registration::onFrame(const FullFrame& f, const IeList& ies, Millis now)
{
    if (f.type != std::uint8_t(FrameType::Iax))
        return;
    if (f.isIax(IaxCommand::CallToken)) {
        // Resend the request with the token, sequence numbers reset to 0 (as Asterisk).
        auto token = ies.getString(IeId::CallToken);
        if (token && !token->empty() && m_remoteCallno == 0 && !m_tokenUsed) {
            m_tokenUsed = true;
            m_rel.reset();
            sendRequest({}, *token, now);
        }
        return;
    }
    if (!f.isIax(IaxCommand::Inval))
        m_rel.acknowledge(f.iseqno, now);
    switch (m_rel.arrive(f)) {
    case ReliableChannel::Arrival::Unsequenced:
        if (f.isIax(IaxCommand::Inval))
            giveUp(now); // the server dropped our transaction: start over later
        return;
    case ReliableChannel::Arrival::Duplicate:
        if (frameNeedsAck(f))
            sendAck(f, now);
        return;
    case ReliableChannel::Arrival::Ahead:
        return; // our outstanding request is retransmitted anyway
    case ReliableChannel::Arrival::InOrder:
        break;
    }
    if (m_remoteCallno == 0)
        m_remoteCallno = f.scall;
    switch (static_cast<IaxCommand>(f.subclass)) {
    case IaxCommand::RegAuth:
        onRegAuth(ies, now);
        return;
    case IaxCommand::RegAck:
        sendAck(f, now);
        onRegAck(ies, now);
        return;
    case IaxCommand::RegRej:
        sendAck(f, now);
        m_rel.reset();
        m_finished = m_releasing;
        setState(RegistrationState::Failed, 0,
            "rejected by the server: " + ies.getString(IeId::Cause).value_or("no cause given"), {},
            RegistrationFailure::Refused);
        return;
    default:
        if (frameNeedsAck(f))
            sendAck(f, now);
        return;
    }
}

void Registration::onRegAuth(const IeList& ies, Millis now)
{
    const std::uint16_t methods = ies.getU16(IeId::AuthMethods).value_or(0);
    const std::string challenge = ies.getString(IeId::Challenge).value_or("");
    IeList extra;
    if ((methods & AuthMethod::Rsa) && m_req.outkey && m_req.outkey->valid()) {
        if (auto sig = rsaSignChallenge(*m_req.outkey, challenge))
            extra.addString(IeId::RsaResult, *sig);
    } else if ((methods & AuthMethod::Md5) && !m_req.secret.empty()) {
        extra.addString(IeId::Md5Result, md5Response(challenge, m_req.secret));
    }
    if (extra.empty()) {
        m_rel.reset();
        m_finished = m_releasing;
        setState(RegistrationState::Failed, 0,
            extra.error() ? "cannot answer the server's challenge: " + extra.error()->reason
                          : std::string("no authentication method in common with the server"),
            {}, RegistrationFailure::Refused);
        return;
    }
    sendRequest(extra, "", now);
}

void Registration::onRegAck(const IeList& ies, Millis now)
{
    m_failures = 0;
    m_retryCap.reset();
    if (m_releasing) {
        m_finished = true;
        setState(RegistrationState::Unregistered, 0, "unregistered");
        return;
    }
    const int refresh = ies.getU16(IeId::Refresh).value_or(m_req.refreshSeconds);
    std::string addr;
    if (const auto* a = ies.find(IeId::ApparentAddr))
        if (auto p = decodeApparentAddress(a->data))
            addr = p->toString();
    // Re-register before expiry: at 75 % of the refresh the server granted.
    m_restartAt = now + Millis(std::max(1, refresh) * 750);
    if (m_req.keepaliveSeconds > 0) // keepalive behind NAT: a shorter round trip keeps the binding
        m_restartAt = std::min(*m_restartAt, now + Millis(std::int64_t(m_req.keepaliveSeconds) * 1000));
    m_state = RegistrationState::Registered;
    RegistrationStateChanged ev { m_id, m_state, refresh, {}, addr };
    if (const auto count = ies.getU16(IeId::MsgCount)) // 2 bytes: old << 8 | new; any other length: none
        ev.voicemail = VoicemailCount { *count & 0xFF, *count >> 8 };
    m_host->post(std::move(ev));
}

void Registration::giveUp(Millis now)
{
    const int tries = m_rel.policy().maxRetries;
    m_rel.reset();
    ++m_failures;
    if (m_releasing) {
        m_finished = true;
        setState(RegistrationState::Unregistered, 0, "server unreachable while unregistering");
        return;
    }
    // Retry a whole round later, backing off.
    m_restartAt = now + backoff();
    setState(RegistrationState::Failed, 0,
        "server unreachable (no answer after " + std::to_string(tries) + " retransmissions); retrying in "
            + std::to_string(backoff().count() / 1000) + " s",
        {}, RegistrationFailure::Unreachable);
}

Millis Registration::backoff() const
{
    const Millis b = std::min(kMaxBackoff, Millis(5000LL << std::clamp(m_failures - 1, 0, 6)));
    return m_retryCap ? std::min(b, *m_retryCap) : b;
}

void Registration::noCallNumber(bool release, Millis now)
{
    const std::string why = "no free call number (all 32766 are in use by calls and registrations)";
    m_rel.reset();
    m_localCallno = 0; // holds no number while it waits
    m_remoteCallno = 0;
    if (release || m_releasing) {
        m_releasing = true;
        m_finished = true;
        setState(RegistrationState::Unregistered, 0, "unregistered here, but REGREL was not sent: " + why);
        return;
    }
    ++m_failures;
    m_restartAt = now + backoff();
    setState(RegistrationState::Failed, 0, why + "; retrying in " + std::to_string(backoff().count() / 1000) + " s");
}

void Registration::handleTimeout(Millis now)
{
    auto due = m_rel.due(now);
    if (due.gaveUp) {
        giveUp(now);
        return;
    }
    for (auto& r : due.resend)
        m_host->transmit(m_req.server, std::move(r.wire));
}

std::optional<Millis> Registration::nextDeadline() const
{
    auto retry = m_rel.nextDeadline();
    if (retry && m_restartAt)
        return std::min(*retry, *m_restartAt);
    return retry ? retry : m_restartAt;
}

} // namespace iax::core
