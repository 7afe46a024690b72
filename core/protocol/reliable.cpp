#include "core/protocol/reliable.h"

#include <algorithm>

namespace iax::core {

namespace {
// How long a frame is retransmitted before it is given up: the policy's schedule from its initial
// timeout (maxRetries doublings, capped at max), as before timeouts followed the round trip.
std::chrono::milliseconds giveUpTime(const RetransmitPolicy& p)
{
    std::chrono::milliseconds total { 0 };
    std::chrono::milliseconds rto = p.initial;
    for (int i = 0; i <= p.maxRetries; ++i) {
        total += rto;
        rto = std::min(rto * 2, p.max);
    }
    return total;
}
} // namespace

ReliableChannel::ReliableChannel(RetransmitPolicy policy)
    : m_policy(policy)
    , m_giveUpAfter(giveUpTime(policy))
    , m_rtt(policy.initial, policy.min, policy.max)
{ }

bool ReliableChannel::takesSequence(const FullFrame& f)
{
    // Exactly the frames that need an ACK, plus CALLTOKEN (answered by a new request instead).
    return frameNeedsAck(f) || f.isIax(IaxCommand::CallToken);
}

void ReliableChannel::stamp(FullFrame& f, std::optional<std::uint8_t> ackOf)
{
    f.iseqno = m_iseq;
    m_aseq = m_iseq;
    if (ackOf && f.isIax(IaxCommand::Ack)) {
        f.oseqno = *ackOf;
        return;
    }
    f.oseqno = m_oseq;
    if (takesSequence(f))
        ++m_oseq;
}

void ReliableChannel::track(std::vector<std::uint8_t> wire, SentFrameInfo info, Millis now)
{
    const Millis rto = m_rtt.rto();
    m_pending.push_back({ info, std::move(wire), now, now + rto, rto });
}

ReliableChannel::Arrival ReliableChannel::arrive(const FullFrame& f)
{
    if (!takesSequence(f))
        return Arrival::Unsequenced;
    if (f.oseqno == m_iseq) {
        ++m_iseq;
        return Arrival::InOrder;
    }
    const auto behind = static_cast<std::uint8_t>(m_iseq - f.oseqno);
    return behind < 128 ? Arrival::Duplicate : Arrival::Ahead;
}

std::vector<SentFrameInfo> ReliableChannel::acknowledge(std::uint8_t iseqno, Millis now)
{
    std::vector<SentFrameInfo> acked;
    if (m_pending.empty())
        return acked;
    // The window is [oldest unacknowledged, next oseqno]; anything else acknowledges nothing.
    const std::uint8_t base = m_pending.front().info.oseqno;
    const auto span = static_cast<std::uint8_t>(m_oseq - base);
    const auto distance = static_cast<std::uint8_t>(iseqno - base);
    if (distance == 0 || distance > span)
        return acked;
    std::optional<Millis> newestSentAt; // of the newest acknowledged frame, if sent once only (Karn)
    while (!m_pending.empty()) {
        const auto d = static_cast<std::uint8_t>(iseqno - m_pending.front().info.oseqno);
        if (d == 0 || d > span)
            break;
        const Pending& p = m_pending.front();
        newestSentAt = p.resent ? std::nullopt : std::optional<Millis>(p.sentAt);
        acked.push_back(p.info);
        m_pending.pop_front();
    }
    if (newestSentAt)
        m_rtt.sample(now - *newestSentAt);
    return acked;
}

std::vector<std::uint8_t> ReliableChannel::withRetransmitBit(std::vector<std::uint8_t> wire)
{
    if (wire.size() >= 4)
        wire[2] |= 0x80; // R bit: in the clear header even when the rest is encrypted
    return wire;
}

ReliableChannel::Due ReliableChannel::due(Millis now)
{
    Due out;
    for (auto& p : m_pending) {
        if (now < p.nextTry)
            continue;
        if (now - p.sentAt >= m_giveUpAfter) {
            out.gaveUp = p.info;
            out.resend.clear();
            return out;
        }
        ++p.info.retries;
        p.resent = true;
        p.timeout = std::min(p.timeout * 2, m_policy.max);
        // The last retry waits no longer than the give-up time (a short timeout retries more often).
        p.nextTry = std::min(now + p.timeout, p.sentAt + m_giveUpAfter);
        out.resend.push_back({ p.info, withRetransmitBit(p.wire) });
    }
    if (!out.resend.empty())
        m_rtt.backOff(now);
    return out;
}

std::vector<std::vector<std::uint8_t>> ReliableChannel::resendFrom(std::uint8_t iseqno)
{
    std::vector<std::vector<std::uint8_t>> out;
    for (auto& p : m_pending) {
        const auto d = static_cast<std::uint8_t>(p.info.oseqno - iseqno);
        if (d < 128) {
            p.resent = true;
            out.push_back(withRetransmitBit(p.wire));
        }
    }
    return out;
}

std::optional<ReliableChannel::Millis> ReliableChannel::nextDeadline() const
{
    std::optional<Millis> d;
    for (const auto& p : m_pending)
        if (!d || p.nextTry < *d)
            d = p.nextTry;
    return d;
}

void ReliableChannel::reset()
{
    m_pending.clear();
    m_oseq = 0;
    m_iseq = 0;
    m_aseq = 0;
}

void ReliableChannel::dropIf(const std::function<bool(const SentFrameInfo&)>& pred)
{
    m_pending.erase(std::remove_if(m_pending.begin(), m_pending.end(), [&](const Pending& p) { return pred(p.info); }),
        m_pending.end());
}

bool ReliableChannel::anyPending(const std::function<bool(const SentFrameInfo&)>& pred) const
{
    return std::any_of(m_pending.begin(), m_pending.end(), [&](const Pending& p) { return pred(p.info); });
}

} // namespace iax::core
