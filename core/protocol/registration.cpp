#include "core/protocol/registration.h"

#include "core/protocol/auth.h"
#include "core/protocol/byte_io.h"
#include "core/protocol/call.h"

#include <algorithm>

namespace iax::core {

Registration::Registration(CallHost& host, RegId id, RegistrationRequest req)
    : m_host(host)
    , m_id(id)
    , m_req(std::move(req))
{ }

void Registration::start(std::uint16_t localCallno, Millis now)
{
    m_localCallno = localCallno;
    m_remoteCallno = 0;
    m_oseq = 0;
    m_iseq = 0;
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

void Registration::send(IaxCommand c, const IeList& ies, std::uint32_t ts, Millis now, bool reliable)
{
    FullFrame f;
    f.scall = m_localCallno;
    f.dcall = m_remoteCallno;
    f.timestamp = ts;
    f.oseqno = m_oseq;
    f.iseqno = m_iseq;
    f.type = std::uint8_t(FrameType::Iax);
    f.subclass = std::int64_t(c);
    f.payload = ies.encode();
    if (c != IaxCommand::Ack)
        ++m_oseq;
    auto bytes = encode(f);
    if (reliable) {
        m_outstanding = bytes;
        m_rto = m_host.config().retransmitInitial;
        m_retryAt = now + m_rto;
        m_tries = 0;
    }
    m_host.transmit(m_req.server, std::move(bytes));
}

void Registration::sendRequest(const IeList& extra, const std::string& token, Millis now)
{
    IeList ies;
    ies.addString(IeId::Username, m_req.username);
    if (!m_releasing)
        ies.addU16(IeId::Refresh, m_req.refreshSeconds);
    for (const auto& ie : extra.items())
        ies.addRaw(ie.id, ie.data);
    ies.addString(IeId::CallToken, token); // last
    const auto ts = static_cast<std::uint32_t>(std::max<std::int64_t>(1, (now - m_start).count()));
    send(m_releasing ? IaxCommand::RegRel : IaxCommand::RegReq, ies, ts, now, true);
}

void Registration::setState(RegistrationState s, int refresh, const std::string& reason, const std::string& addr)
{
    m_state = s;
    m_host.post(RegistrationStateChanged { m_id, s, refresh, reason, addr });
}

void Registration::onFrame(const FullFrame& f, const IeList& ies, Millis now)
{
    if (f.isIax(IaxCommand::CallToken)) {
        auto token = ies.getString(IeId::CallToken);
        if (token && !token->empty() && m_remoteCallno == 0) {
            m_oseq = 0;
            m_iseq = 0;
            sendRequest({}, *token, now);
        }
        return;
    }
    if (f.type != std::uint8_t(FrameType::Iax) || f.oseqno != m_iseq)
        return; // duplicates and strays: the outstanding request is retransmitted anyway
    m_iseq = static_cast<std::uint8_t>(m_iseq + 1);
    m_remoteCallno = f.scall;
    switch (static_cast<IaxCommand>(f.subclass)) {
    case IaxCommand::RegAuth: {
        const std::uint16_t methods = ies.getU16(IeId::AuthMethods).value_or(0);
        const std::string challenge = ies.getString(IeId::Challenge).value_or("");
        IeList extra;
        if ((methods & AuthMethod::Rsa) && m_req.outkey && m_req.outkey->valid()) {
            auto sig = rsaSignChallenge(*m_req.outkey, challenge);
            if (sig)
                extra.addString(IeId::RsaResult, *sig);
        } else if ((methods & AuthMethod::Md5) && !m_req.secret.empty()) {
            extra.addString(IeId::Md5Result, md5Response(challenge, m_req.secret));
        }
        if (extra.empty()) {
            m_retryAt.reset();
            m_finished = m_releasing;
            setState(RegistrationState::Failed, 0, "no authentication method in common with the server");
            return;
        }
        sendRequest(extra, "", now);
        return;
    }
    case IaxCommand::RegAck: {
        send(IaxCommand::Ack, {}, f.timestamp, now, false);
        m_retryAt.reset();
        m_failures = 0;
        if (m_releasing) {
            m_finished = true;
            setState(RegistrationState::Unregistered, 0, "unregistered");
            return;
        }
        const int refresh = ies.getU16(IeId::Refresh).value_or(m_req.refreshSeconds);
        std::string addr;
        if (auto a = ies.find(IeId::ApparentAddr); a && a->data.size() >= 8) {
            // sockaddr_in as Asterisk sends it: family (LE 2), port (BE), IPv4.
            const auto& d = a->data;
            addr = std::to_string(d[4]) + "." + std::to_string(d[5]) + "." + std::to_string(d[6]) + "."
                + std::to_string(d[7]) + ":" + std::to_string((d[2] << 8) | d[3]);
        }
        // Re-register before expiry: at 75 % of the refresh the server granted.
        m_restartAt = now + Millis(std::max(1, refresh) * 750);
        setState(RegistrationState::Registered, refresh, {}, addr);
        return;
    }
    case IaxCommand::RegRej: {
        send(IaxCommand::Ack, {}, f.timestamp, now, false);
        m_retryAt.reset();
        m_finished = m_releasing;
        setState(RegistrationState::Failed, 0,
            "rejected by the server: " + ies.getString(IeId::Cause).value_or("no cause given"));
        return;
    }
    default:
        return;
    }
}

void Registration::handleTimeout(Millis now)
{
    if (!m_retryAt || now < *m_retryAt)
        return;
    if (m_tries >= m_host.config().maxRetransmits) {
        m_retryAt.reset();
        ++m_failures;
        if (m_releasing) {
            m_finished = true;
            setState(RegistrationState::Unregistered, 0, "server unreachable while unregistering");
            return;
        }
        // Retry a whole round later, backing off: 5 s, 10 s, 20 s ... up to 5 minutes.
        const auto backoff = Millis(std::min<std::int64_t>(300000, 5000LL << std::min(m_failures - 1, 6)));
        m_restartAt = now + backoff;
        setState(RegistrationState::Failed, 0,
            "server unreachable (no answer after " + std::to_string(m_tries) + " retransmissions); retrying in "
                + std::to_string(backoff.count() / 1000) + " s");
        return;
    }
    ++m_tries;
    m_rto = std::min(m_rto * 2, m_host.config().retransmitMax);
    m_retryAt = now + m_rto;
    auto bytes = m_outstanding;
    bytes[2] |= 0x80;
    m_host.transmit(m_req.server, std::move(bytes));
}

std::optional<Millis> Registration::nextDeadline() const
{
    if (m_retryAt && m_restartAt)
        return std::min(*m_retryAt, *m_restartAt);
    return m_retryAt ? m_retryAt : m_restartAt;
}

} // namespace iax::core
