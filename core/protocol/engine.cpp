#include "core/protocol/engine.h"

#include "core/protocol/byte_io.h"
#include "core/protocol/call_causes.h"
#include "core/protocol/call_state.h"

namespace iax::core {

Engine::Engine(EngineConfig config, RandomSource& rng)
    : m_config(std::move(config))
    , m_rng(rng)
    , m_tokens(rng, m_config.callTokenValidity)
{ }

Engine::~Engine()
{
    // Calls return their held bytes as they go: before the members they report to.
    m_calls.clear();
}

void Engine::transmit(const PeerAddress& to, std::vector<std::uint8_t> bytes)
{
    m_tx.push({ to, std::move(bytes) });
}

void Engine::post(EngineEvent ev)
{
    m_events.push(std::move(ev));
}

std::optional<Transmit> Engine::pollTransmit()
{
    if (m_tx.empty())
        return std::nullopt;
    return m_tx.pop();
}

std::optional<EngineEvent> Engine::pollEvent()
{
    if (m_events.empty())
        return std::nullopt;
    return m_events.pop();
}

std::uint16_t Engine::allocateCallno()
{
    auto taken = [&](std::uint16_t n) {
        if (m_calls.contains(n) || m_registrar.owns(n))
            return true;
        for (const auto& [id, r] : m_regs)
            if (r->localCallno() == n)
                return true;
        return false;
    };
    // Call numbers 2..32767 (1 is the source of our stateless replies, 0 means "none").
    for (int attempt = 0; attempt < 64; ++attempt) {
        const auto n = static_cast<std::uint16_t>(m_rng.uniform(2, 32767));
        if (!taken(n))
            return n;
    }
    // Nearly full: walk on from a random number, so one is found whenever one is free.
    const std::uint32_t from = m_rng.uniform(0, 32765);
    for (std::uint32_t i = 0; i < 32766; ++i)
        if (const auto n = static_cast<std::uint16_t>(2 + (from + i) % 32766); !taken(n))
            return n;
    ++m_counters.callnoExhausted;
    return 0;
}

void Engine::replyClear(
    const PeerAddress& to, const FullFrame& req, IaxCommand c, const IeList& ies, std::uint16_t scall)
{
    // A stateless reply (CALLTOKEN, REJECT, INVAL, PONG to POKE): nothing is kept, nothing retransmitted.
    FullFrame f;
    f.scall = scall;
    f.dcall = req.scall;
    f.timestamp = req.timestamp;
    f.oseqno = 0;
    f.iseqno = static_cast<std::uint8_t>(req.oseqno + 1);
    f.type = std::uint8_t(FrameType::Iax);
    f.subclass = std::int64_t(c);
    f.payload = ies.encode();
    transmit(to, encode(f));
}

void Engine::receive(std::span<const std::uint8_t> bytes, const PeerAddress& from, Millis now)
{
    const auto header = peekHeader(bytes);
    if (!header) {
        ++m_counters.malformed;
        return;
    }
    if (header->kind == HeaderPeek::Kind::Meta) {
        auto dg = decodeDatagram(bytes);
        if (!dg) {
            ++m_counters.malformed;
            return;
        }
        // Trunk frames: Asterisk sends a call's voice so when the account has trunk=yes (each entry
        // names the sender's call number, as a mini frame does). Video: not used by a softphone.
        auto* trunk = std::get_if<MetaTrunkFrame>(&*dg);
        if (!trunk) {
            ++m_counters.unknownCall;
            return;
        }
        for (const TrunkEntry& e : trunk->entries) {
            Call* call = m_calls.findByRemote(from, std::uint16_t(e.callno & 0x7FFF));
            if (!call) {
                ++m_counters.unknownCall;
                continue;
            }
            call->receiveTrunk(e, trunk->timestamp, now);
            settle(call);
        }
        return;
    }
    const std::uint16_t scall = header->scall;
    if (header->kind == HeaderPeek::Kind::Mini) {
        Call* call = m_calls.findByRemote(from, scall);
        if (!call) {
            ++m_counters.unknownCall;
            return;
        }
        call->receive(bytes, false, now);
        settle(call);
        return;
    }
    if (bytes.size() < 12) {
        ++m_counters.malformed;
        return;
    }
    const std::uint16_t dcall = header->dcall;
    if (dcall != 0) {
        if (Call* found = findCall(dcall)) {
            Call& c = *found;
            if (c.peer() != from && c.remoteCallno() != 0 && c.remoteCallno() == scall) {
                onPeerMoved(c, bytes, from, now); // issue 19: engine_network.cpp
                return;
            }
            if (c.peer() != from || (c.remoteCallno() != 0 && c.remoteCallno() != scall)) {
                if (c.peer() == from && c.remoteCallno() != 0)
                    c.onDuplicatePeerCall(bytes, now); // a second call the peer made for our NEW?
                ++m_counters.spoofed;
                return;
            }
            c.receive(bytes, true, now);
            if (c.remoteCallno() != 0)
                m_calls.bindRemote(from, c.remoteCallno(), dcall);
            settle(found);
            return;
        }
        auto f = decodeFullFrame(bytes);
        if (!f) {
            ++m_counters.malformed;
            return;
        }
        if (m_registrar.owns(dcall)) {
            auto ies = f->ies();
            if (!ies) {
                ++m_counters.malformed;
                return;
            }
            m_registrar.onFrame(dcall, *f, *ies, from, now);
            return;
        }
        for (auto& [id, r] : m_regs) {
            if (r->localCallno() == dcall && r->server() == from) {
                auto ies = f->ies();
                if (!ies) {
                    ++m_counters.malformed;
                    return;
                }
                r->onFrame(*f, *ies, now);
                reapRegistrations();
                return;
            }
        }
        ++m_counters.unknownCall;
        // As Asterisk: tell the sender the call does not exist (INVAL), unless it is an ACK/INVAL.
        if (!f->isIax(IaxCommand::Inval) && !f->isIax(IaxCommand::Ack))
            replyClear(from, *f, IaxCommand::Inval, {}, dcall);
        return;
    }
    auto f = decodeFullFrame(bytes);
    if (!f) {
        ++m_counters.malformed;
        return;
    }
    onUnaddressed(bytes, *f, from, now);
}

void Engine::onUnaddressed(std::span<const std::uint8_t> bytes, const FullFrame& f, const PeerAddress& from, Millis now)
{
    // A retransmitted NEW of a caller we already have a call for: that call re-ACKs it.
    if (Call* c = m_calls.findByRemote(from, f.scall)) {
        c->receive(bytes, true, now);
        settle(c);
        return;
    }
    if (f.type != std::uint8_t(FrameType::Iax)) {
        ++m_counters.unknownCall;
        return;
    }
    auto ies = f.ies();
    if (!ies) {
        ++m_counters.malformed;
        return;
    }
    switch (static_cast<IaxCommand>(f.subclass)) {
    case IaxCommand::New:
        if (tokenGate(f, *ies, from, now, IaxCommand::Reject))
            onNew(f, *ies, from, now);
        return;
    case IaxCommand::RegReq:
    case IaxCommand::RegRel:
        if (tokenGate(f, *ies, from, now, IaxCommand::RegRej))
            onRegRequest(f, *ies, from, now);
        return;
    case IaxCommand::Poke:
        onPoke(f, *ies, from, now);
        return;
    default:
        ++m_counters.unknownCall;
        return;
    }
}

bool Engine::tokenGate(
    const FullFrame& f, const IeList& ies, const PeerAddress& from, Millis now, IaxCommand rejectWith)
{
    const auto* token = ies.find(IeId::CallToken);
    if (!token) {
        ++m_counters.untokenedNew;
        IeList r;
        r.addString(IeId::Cause, "CALLTOKEN required").addU8(IeId::CauseCode, cause::kRejected);
        replyClear(from, f, rejectWith, r, 1);
        return false;
    }
    if (token->data.empty()) {
        ++m_counters.tokensIssued;
        IeList r;
        r.addString(IeId::CallToken, m_tokens.issue(from, now));
        replyClear(from, f, IaxCommand::CallToken, r, 1);
        return false;
    }
    switch (m_tokens.check(
        std::string_view(reinterpret_cast<const char*>(token->data.data()), token->data.size()), from, now)) {
    case CallTokenIssuer::Check::Valid:
        return true;
    case CallTokenIssuer::Check::Expired:
        ++m_counters.expiredToken;
        return false;
    case CallTokenIssuer::Check::Malformed:
    case CallTokenIssuer::Check::Forged:
        ++m_counters.badToken;
        return false;
    }
    return false;
}

void Engine::onNew(const FullFrame& f, const IeList& ies, const PeerAddress& from, Millis now)
{
    if (!admitNew(f, from))
        return;
    const IncomingOwner owner = userFor(ies, from);
    const UserConfig* user = owner.user;
    // An unknown user is challenged like a known one (no REJECT that would tell them apart).
    UserConfig decoy;
    if (!user && !m_config.users.empty()) {
        decoy = decoyUser(ies.getString(IeId::Username).value_or(""));
        user = &decoy;
    }
    if (!user) {
        IeList r;
        r.addString(IeId::Cause, "No authority found").addU8(IeId::CauseCode, cause::kFacilityRejected);
        replyClear(from, f, IaxCommand::Reject, r, 1);
        return;
    }
    const std::uint16_t callno = allocateCallno();
    if (!callno) { // every call number in use (counted by allocateCallno): say so, as for a full pool
        IeList r;
        r.addString(IeId::Cause, "Too many calls").addU8(IeId::CauseCode, cause::kCongestion);
        replyClear(from, f, IaxCommand::Reject, r, 1);
        return;
    }
    Call& c = m_calls.insert(std::make_unique<Call>(*this, callno, callno, from, f, ies, *user, now));
    m_calls.bindRemote(from, f.scall, callno);
    c.setRegistration(owner.registration);
    updatePools(c); // into the unauthenticated pool before anything can happen to it
    c.start(now);
    if (c.awaitingPeerKey()) {
        // No AUTHREQ yet (it would have ACKed the NEW): ACK it now so the caller stops retransmitting.
        c.acknowledgeNew(f, now);
        m_keyWaits[callno] = now + m_config.peerKeyTimeout;
    }
    settle(callno);
}

Engine::IncomingOwner Engine::userFor(const IeList& ies, const PeerAddress& from) const
{
    const std::string username = ies.getString(IeId::Username).value_or("");
    // A server we are registered to calls us as that registration's account, USERNAME or not
    // (Asterisk's Dial(IAX2/peer) names none); of several registrations to one server, the one
    // the USERNAME names, else the first.
    IncomingOwner owner;
    bool named = false;
    for (const auto& [id, r] : m_regs) {
        if (r->server() != from || !r->incoming() || r->releasing() || r->finished())
            continue;
        const bool names = !username.empty() && r->username() == username;
        if (!owner.user || (names && !named)) {
            owner = { r->incoming(), id };
            named = names;
        }
    }
    if (owner.user)
        return owner;
    for (const auto& u : m_config.users)
        if (u.username == username)
            owner.user = &u;
    return owner;
}

bool Engine::providePeerKey(CallId id, PeerKeyAnswer answer, Millis now)
{
    Call* c = findCall(id);
    if (!c || !c->awaitingPeerKey())
        return false;
    m_keyWaits.erase(id);
    c->onPeerKey(answer, now);
    settle(id);
    return true;
}

std::optional<CallId> Engine::dial(DialRequest req, Millis now)
{
    if (m_calls.size() - m_unauthTotal >= m_config.maxCalls)
        return std::nullopt;
    const std::uint16_t callno = allocateCallno();
    if (!callno)
        return std::nullopt;
    Call& c = m_calls.insert(std::make_unique<Call>(*this, callno, callno, std::move(req), now));
    c.start(now);
    settle(callno);
    return callno;
}

bool Engine::ring(CallId id, Millis now)
{
    Call* c = findCall(id);
    const bool ok = c && c->ring(now);
    settle(id);
    return ok;
}

bool Engine::answer(CallId id, Millis now)
{
    Call* c = findCall(id);
    const bool ok = c && c->answer(now);
    settle(id);
    return ok;
}

bool Engine::reject(CallId id, const std::string& text, Millis now, int causeCode)
{
    Call* c = findCall(id);
    const bool ok = c && c->reject(text, causeCode, now);
    settle(id);
    return ok;
}

bool Engine::indicateBusy(CallId id, bool congestion, Millis now)
{
    Call* c = findCall(id);
    const bool ok = c && c->indicateBusy(congestion, now);
    settle(id);
    return ok;
}

bool Engine::hangup(CallId id, const std::string& text, Millis now, int causeCode)
{
    Call* c = findCall(id);
    if (!c || isFinal(c->state()))
        return false;
    c->hangup(text, causeCode, now);
    settle(id);
    return true;
}

bool Engine::sendDtmf(CallId id, char digit, Millis now, std::string* why)
{
    Call* c = findCall(id);
    if (!c && why)
        *why = "no such call";
    const bool ok = c && c->sendDtmf(digit, now, why);
    settle(id);
    return ok;
}

bool Engine::sendVoice(CallId id, std::span<const std::uint8_t> payload, int durationMs, Millis now, std::string* why)
{
    Call* c = findCall(id);
    if (!c && why)
        *why = "no such call";
    const bool ok = c && c->sendVoice(payload, durationMs, now, why);
    settle(c);
    return ok;
}

bool Engine::sendText(CallId id, const std::string& text, Millis now, std::string* why)
{
    Call* c = findCall(id);
    if (!c && why)
        *why = "no such call";
    const bool ok = c && c->sendText(text, now, why);
    settle(id);
    return ok;
}

bool Engine::hold(CallId id, bool on, Millis now)
{
    Call* c = findCall(id);
    const bool ok = c && c->hold(on, now);
    settle(id);
    return ok;
}

RegId Engine::registerTo(RegistrationRequest req, Millis now)
{
    const RegId id = m_nextReg++;
    if (req.incoming && req.incoming->username.empty())
        req.incoming->username = req.username;
    auto reg = std::make_unique<Registration>(*this, id, std::move(req));
    Registration& r = *reg;
    m_regs[id] = std::move(reg);
    startRegistrationRound(r, false, now);
    return id;
}

bool Engine::unregister(RegId id, Millis now)
{
    auto it = m_regs.find(id);
    if (it == m_regs.end())
        return false;
    startRegistrationRound(*it->second, true, now);
    reapRegistrations();
    return true;
}

std::optional<CallStats> Engine::callStats(CallId id) const
{
    const Call* c = findCall(id);
    if (!c)
        return std::nullopt;
    return c->stats();
}

std::optional<std::uint64_t> Engine::callFormat(CallId id) const
{
    const Call* c = findCall(id);
    if (!c)
        return std::nullopt;
    return c->format();
}

bool Engine::callOutgoing(CallId id) const
{
    const Call* c = findCall(id);
    return c && c->outgoing();
}

std::vector<CallId> Engine::liveCalls() const
{
    std::vector<CallId> ids;
    m_calls.forEach([&](const Call& c) {
        if (!isFinal(c.state()))
            ids.push_back(c.id());
    });
    return ids;
}

bool Engine::callEncrypted(CallId id) const
{
    const Call* c = findCall(id);
    return c && c->encryptionActive();
}

std::optional<EncryptionState> Engine::callEncryptionState(CallId id) const
{
    const Call* c = findCall(id);
    if (!c)
        return std::nullopt;
    return c->encryptionState();
}

void Engine::settle(CallId id)
{
    settle(findCall(id));
}

void Engine::settle(Call* call)
{
    if (!call)
        return;
    Call& c = *call;
    const CallId id = c.id();
    if (!m_keyWaits.empty() && (!c.awaitingPeerKey() || c.dead()))
        m_keyWaits.erase(id);
    updatePools(c);
    if (c.dead())
        m_calls.erase(id);
    else
        m_calls.setDeadline(id, c.nextDeadline());
}

void Engine::reapRegistrations()
{
    for (auto it = m_regs.begin(); it != m_regs.end();)
        it = it->second->finished() ? m_regs.erase(it) : std::next(it);
}

std::optional<Millis> Engine::nextDeadline() const
{
    std::optional<Millis> d;
    auto take = [&](std::optional<Millis> t) {
        if (t && (!d || *t < *d))
            d = t;
    };
    take(m_calls.nextDeadline());
    for (const auto& [id, giveUp] : m_keyWaits)
        take(giveUp);
    for (const auto& [id, r] : m_regs)
        take(r->nextDeadline());
    take(m_registrar.nextDeadline());
    take(movesDeadline()); // issue 19: engine_network.cpp
    return d;
}

void Engine::handleTimeout(Millis now)
{
    m_registrar.expire(now);
    checkMoves(now); // issue 19: engine_network.cpp
    for (auto it = m_keyWaits.begin(); it != m_keyWaits.end();) {
        if (now < it->second) {
            ++it;
            continue;
        }
        Call* c = findCall(it->first);
        it = m_keyWaits.erase(it);
        if (c && c->awaitingPeerKey()) {
            PeerKeyAnswer none;
            none.unavailable = { RsaAttempt::Outcome::FetchFailed,
                "the caller's public key could not be looked up within "
                    + std::to_string(m_config.peerKeyTimeout.count()) + " ms" };
            c->onPeerKey(none, now);
            settle(c->id());
        }
    }
    // Only the calls whose deadline has come (the heap), not every call.
    std::vector<CallId> due;
    m_calls.takeDue(now, due); // settle() files each one's next deadline
    for (CallId id : due) {
        if (Call* c = findCall(id)) {
            c->handleTimeout(now);
            settle(id);
        }
    }
    for (auto& [id, r] : m_regs) {
        r->handleTimeout(now);
        if (r->wantsRestart(now))
            startRegistrationRound(*r, r->releasing(), now);
    }
    reapRegistrations();
}

const char* stateName(CallState s)
{
    switch (s) {
    case CallState::Calling:
        return "calling";
    case CallState::Authenticating:
        return "authenticating";
    case CallState::Proceeding:
        return "proceeding";
    case CallState::Ringing:
        return "ringing";
    case CallState::Answered:
        return "answered";
    case CallState::Incoming:
        return "incoming";
    case CallState::HungUp:
        return "hungup";
    case CallState::Rejected:
        return "rejected";
    case CallState::Failed:
        return "failed";
    }
    return "?";
}

const char* stateName(EncryptionState s)
{
    switch (s) {
    case EncryptionState::Off:
        return "off";
    case EncryptionState::Negotiating:
        return "negotiating";
    case EncryptionState::Encrypted:
        return "encrypted";
    case EncryptionState::Failed:
        return "failed";
    }
    return "?";
}

const char* stateName(RegistrationState s)
{
    switch (s) {
    case RegistrationState::Registering:
        return "registering";
    case RegistrationState::Registered:
        return "registered";
    case RegistrationState::Failed:
        return "failed";
    case RegistrationState::Unregistered:
        return "unregistered";
    }
    return "?";
}

} // namespace iax::core
