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
    m_host->transmit(t.peer, t.lastReply);
}

bool Registrar::repeatReply(const Txn& t, std::uint8_t requestOseqno)
{
    if (!t.answeredOseq || *t.answeredOseq != requestOseqno || t.lastReply.empty())
        return false;
    auto again = t.lastReply; // our reply was lost: the same again, R bit set
    again[2] |= 0x80;
    m_host->transmit(t.peer, std::move(again));
    return true;
}

namespace {
// The methods a configured user can really be challenged with (0: none).
std::uint16_t usableMethods(const UserConfig& u)
{
    std::uint16_t m = u.authMethods & ~AuthMethod::Plaintext;
    if (u.inkeys.empty())
        m &= ~AuthMethod::Rsa;
    if (u.secret.empty())
        m &= ~AuthMethod::Md5;
    return m;
}
} // namespace

std::uint16_t Registrar::decoyMethods() const
{
    // Asterisk offers an unknown peer the methods of the peer it looked up last; the most common
    // ones say even less (and the same every time).
    std::map<std::uint16_t, std::size_t> seen;
    std::uint16_t best = AuthMethod::Md5;
    std::size_t bestCount = 0;
    for (const auto& u : m_host->config().users)
        if (const std::uint16_t m = usableMethods(u); m && ++seen[m] > bestCount) {
            best = m;
            bestCount = seen[m];
        }
    return best;
}

bool Registrar::resendReply(const FullFrame& f, const PeerAddress& from)
{
    auto r = m_byRemote.find({ from, f.scall });
    if (r == m_byRemote.end())
        return false;
    auto it = m_txns.find(r->second);
    Txn& t = it->second;
    if (t.done) {
        drop(it); // the client starts a new round from the same call number
        return false;
    }
    repeatReply(t, f.oseqno); // else a late copy of a request this transaction has moved past
    return true;
}

void Registrar::makeRoom(const PeerAddress& from)
{
    for (;;) {
        auto s = m_bySource.find(from.host);
        if (s == m_bySource.end() || s->second.size() < kMaxTransactionsPerSource)
            break;
        drop(m_txns.find(m_byAge.at(s->second.front())));
        ++m_host->dropCounters().registrarEvicted;
    }
    while (m_txns.size() >= kMaxTransactions) {
        drop(m_txns.find(m_byAge.begin()->second));
        ++m_host->dropCounters().registrarEvicted;
    }
}

void Registrar::drop(TxnMap::iterator it)
{
    const Txn& t = it->second;
    m_byAge.erase(t.serial);
    if (auto r = m_byRemote.find({ t.peer, t.remoteCallno }); r != m_byRemote.end() && r->second == it->first)
        m_byRemote.erase(r);
    if (auto s = m_bySource.find(t.peer.host); s != m_bySource.end()) {
        std::erase(s->second, t.serial);
        if (s->second.empty())
            m_bySource.erase(s);
    }
    m_txns.erase(it);
}

void Registrar::challenge(
    const FullFrame& f, const IeList& ies, const PeerAddress& from, std::uint16_t localCallno, Millis now)
{
    const std::string username = ies.getString(IeId::Username).value_or("");
    std::uint16_t methods = 0;
    for (const auto& u : m_host->config().users)
        if (!u.username.empty() && u.username == username)
            methods = usableMethods(u);
    Txn t;
    t.peer = from;
    t.remoteCallno = f.scall;
    t.username = username;
    t.fake = methods == 0;
    t.methods = t.fake ? decoyMethods() : methods;
    t.challenge = std::to_string(m_host->random().uniform(100000000, 999999999));
    t.release = f.isIax(IaxCommand::RegRel);
    t.created = now;
    t.serial = m_nextSerial++;
    IeList r;
    r.addU16(IeId::AuthMethods, t.methods).addString(IeId::Challenge, t.challenge).addString(IeId::Username, username);
    m_byAge[t.serial] = localCallno;
    m_byRemote[{ from, f.scall }] = localCallno;
    m_bySource[from.host].push_back(t.serial);
    auto& stored = m_txns[localCallno] = std::move(t);
    reply(localCallno, stored, f, IaxCommand::RegAuth, r);
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
    if (repeatReply(t, f.oseqno))
        return;
    if (t.done)
        return;
    const UserConfig* user = nullptr;
    for (const auto& u : m_host->config().users)
        if (!t.fake && u.username == t.username)
            user = &u;
    bool ok = false; // an unknown user's answer is refused exactly as a wrong one
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
    if (user->mailboxNew >= 0 && !t.release) // old messages in the high byte, new in the low
        r.addU16(IeId::MsgCount,
            std::uint16_t(std::clamp(user->mailboxOld, 0, 255) << 8 | std::clamp(user->mailboxNew, 0, 255)));
    reply(callno, t, f, IaxCommand::RegAck, r);
    t.done = true;
    m_host->post(PeerRegistered { t.username, from, t.release ? 0 : refresh });
}

void Registrar::expire(Millis now)
{
    // Oldest first: only the transactions that are due, not every open one.
    while (!m_byAge.empty()) {
        auto it = m_txns.find(m_byAge.begin()->second);
        if (now - it->second.created <= kTxnLifetime)
            break;
        drop(it);
    }
    for (auto it = m_contacts.begin(); it != m_contacts.end();)
        it = now > it->second.expires ? m_contacts.erase(it) : std::next(it);
}

std::optional<Millis> Registrar::nextDeadline() const
{
    if (m_byAge.empty())
        return std::nullopt;
    return m_txns.at(m_byAge.begin()->second).created + kTxnLifetime + Millis(1);
}

std::optional<PeerAddress> Registrar::contact(const std::string& username) const
{
    auto it = m_contacts.find(username);
    if (it == m_contacts.end())
        return std::nullopt;
    return it->second.address;
}

bool Registrar::isContact(const PeerAddress& address, Millis now) const
{
    return std::any_of(m_contacts.begin(), m_contacts.end(),
        [&](const auto& c) { return c.second.address == address && now <= c.second.expires; });
}

} // namespace iax::core
