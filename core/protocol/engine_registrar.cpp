// The Engine's registration plumbing: REGREQ/REGREL handed to its Registrar (bounded, unknown
// users challenged like known ones), POKE answered only to peers that may ask, and the call number
// of each registration round (never 0). Part of Engine (engine.h); same thread and rules.
#include "core/protocol/call_causes.h"
#include "core/protocol/engine.h"

namespace iax::core {

void Engine::onRegRequest(const FullFrame& f, const IeList& ies, const PeerAddress& from, Millis now)
{
    if (m_registrar.resendReply(f, from))
        return;
    m_registrar.makeRoom(from);
    const std::uint16_t callno = allocateCallno();
    if (!callno) {
        IeList r;
        r.addString(IeId::Cause, "No free call number").addU8(IeId::CauseCode, cause::kCongestion);
        replyClear(from, f, IaxCommand::RegRej, r, 1);
        return;
    }
    m_registrar.challenge(f, ies, from, callno, now);
}

void Engine::onPoke(const FullFrame& f, const IeList& ies, const PeerAddress& from, Millis now)
{
    // Asterisk answers every POKE with a PONG, which makes any IAX2 host a reflector. We answer a
    // POKE only from a peer registered to us, from a server we register to (its qualify), or with
    // a valid call token; one 12-byte PONG per POKE (never larger: a POKE is at least 12 bytes).
    bool known = m_registrar.isContact(from, now);
    for (const auto& [id, r] : m_regs)
        known |= r->server() == from;
    const auto* token = ies.find(IeId::CallToken);
    if (!known
        && !(token && !token->data.empty()
            && m_tokens.check(
                   std::string_view(reinterpret_cast<const char*>(token->data.data()), token->data.size()), from, now)
                == CallTokenIssuer::Check::Valid)) {
        ++m_counters.pokesIgnored;
        return;
    }
    replyClear(from, f, IaxCommand::Pong, {}, 1);
}

void Engine::startRegistrationRound(Registration& r, bool release, Millis now)
{
    const std::uint16_t callno = allocateCallno();
    if (!callno)
        r.noCallNumber(release, now); // fails visibly (and retries); never sends from call number 0
    else if (release)
        r.release(callno, now);
    else
        r.start(callno, now);
}

} // namespace iax::core
