#include "core/protocol/registrar.h"

#include "core/protocol/apparent_address.h"
#include "core/protocol/auth.h"
#include "core/protocol/call.h"
#include "core/protocol/call_causes.h"

#include <algorithm>

namespace iax::core {

namespace {
constexpr Millis kTxnLifetime { 10000 };
constexpr std::uint16_t kMaxRefresh = 3600;
constexpr std::uint16_t kMinRefresh = 10;

} // namespace

void Registrar::reply(std::uint16_t callno, Txn& t, const FullFrame& req, IaxCommand c, const IeList& ies)
{
    FullFrame f;
    f.scall = callno;
    f.dcall = t.remoteCallno;
    f.timestamp = req.timestamp;
    f.oseqno = t.oseq++;
    f.iseqno = static_cast<std::uint8_t>(req.oseqno + 1);
    f.type = std::uint8_t(FrameType::Iax);
    f.subclass = std::int64_t(c);
    f.payload = ies.encode();
    t.answeredOseq = req.oseqno;
    t.lastReply = encode(f);
    m_host.transmit(t.peer, t.lastReply);
}

bool Registrar::challenge(
    const FullFrame& f, const IeList& ies, const PeerAddress& from, std::uint16_t localCallno, Millis now)
{
    const std::string username = ies.getString(IeId::Username).value_or("");
    const UserConfig* user = nullptr;
    for (const auto& u : m_host.config().users)
        if (!u.username.empty() && u.username == username)
            user = &u;
    if (!user)
        return false;
    std::uint16_t methods = user->authMethods;
    if (user->inkeys.empty())
        methods &= ~AuthMethod::Rsa;
    if (user->secret.empty())
        methods &= ~(AuthMethod::Md5 | AuthMethod::Plaintext);
    methods &= ~AuthMethod::Plaintext;
    if (!methods)
        return false;
    Txn t;
    t.peer = from;
    t.remoteCallno = f.scall;
    t.username = username;
    t.challenge = std::to_string(m_host.random().uniform(100000000, 999999999));
    t.methods = methods;
    t.release = f.isIax(IaxCommand::RegRel);
    t.created = now;
    IeList r;
    r.addU16(IeId::AuthMethods, methods).addString(IeId::Challenge, t.challenge).addString(IeId::Username, username);
    auto& stored = m_txns[localCallno] = t;
    reply(localCallno, stored, f, IaxCommand::RegAuth, r);
    return true;
}

void Registrar::onFrame(
    std::uint16_t callno, const FullFrame& f, const IeList& ies, const PeerAddress& from, Millis now)
{
    auto it = m_txns.find(callno);
    if (it == m_txns.end() || !(it->second.peer == from))
        return;
    Txn& t = it->second;
    if (!(f.isIax(IaxCommand::RegReq) || f.isIax(IaxCommand::RegRel)))
        return; // ACK of our REGACK, etc.
    if (t.answeredOseq && *t.answeredOseq == f.oseqno && !t.lastReply.empty()) {
        auto again = t.lastReply; // our reply was lost: the same again, R bit set
        again[2] |= 0x80;
        m_host.transmit(t.peer, std::move(again));
        return;
    }
    if (t.done)
        return;
    const UserConfig* user = nullptr;
    for (const auto& u : m_host.config().users)
        if (u.username == t.username)
            user = &u;
    bool ok = false;
    if (user) {
        if (auto md5 = ies.getString(IeId::Md5Result); md5 && (t.methods & AuthMethod::Md5))
            ok = md5ResponseMatches(*md5, t.challenge, user->secret);
        else if (auto rsa = ies.getString(IeId::RsaResult); rsa && (t.methods & AuthMethod::Rsa))
            ok = std::any_of(user->inkeys.begin(), user->inkeys.end(),
                [&](const auto& k) { return k && rsaVerifyChallenge(*k, t.challenge, *rsa); });
    }
    if (!ok) {
        IeList r;
        r.addString(IeId::Cause, "Registration Refused").addU8(IeId::CauseCode, cause::kFacilityRejected);
        reply(callno, t, f, IaxCommand::RegRej, r);
        t.done = true;
        return;
    }
    const std::uint16_t asked = ies.getU16(IeId::Refresh).value_or(60);
    const std::uint16_t refresh = std::clamp<std::uint16_t>(asked, kMinRefresh, kMaxRefresh);
    IeList r;
    r.addString(IeId::Username, t.username);
    if (t.release) {
        m_contacts.erase(t.username);
        r.addU16(IeId::Refresh, 0);
    } else {
        m_contacts[t.username] = { from, now + Millis(std::int64_t(refresh) * 1000) };
        r.addU16(IeId::Refresh, refresh);
    }
    r.addRaw(std::uint8_t(IeId::ApparentAddr), encodeApparentAddress(from));
    reply(callno, t, f, IaxCommand::RegAck, r);
    t.done = true;
    m_host.post(PeerRegistered { t.username, from, t.release ? 0 : refresh });
}

void Registrar::expire(Millis now)
{
    for (auto it = m_txns.begin(); it != m_txns.end();)
        it = now - it->second.created > kTxnLifetime ? m_txns.erase(it) : std::next(it);
    for (auto it = m_contacts.begin(); it != m_contacts.end();)
        it = now > it->second.expires ? m_contacts.erase(it) : std::next(it);
}

std::optional<Millis> Registrar::nextDeadline() const
{
    std::optional<Millis> d;
    for (const auto& [n, t] : m_txns)
        if (!d || t.created + kTxnLifetime < *d)
            d = t.created + kTxnLifetime + Millis(1);
    return d;
}

std::optional<PeerAddress> Registrar::contact(const std::string& username) const
{
    auto it = m_contacts.find(username);
    if (it == m_contacts.end())
        return std::nullopt;
    return it->second.address;
}

} // namespace iax::core
