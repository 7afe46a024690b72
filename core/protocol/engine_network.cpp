// Engine side of network changes (issue 19): our address changed (re-register at once, tell the
// calls' peers), or a peer's did (follow it once its frame proves itself).
#include "core/protocol/engine.h"

namespace iax::core {

void Engine::networkChanged(Millis now, Millis retryCap)
{
    for (auto& [id, r] : m_regs) {
        r->networkChanged(retryCap, now);
        if (r->wantsRestart(now))
            startRegistrationRound(*r, false, now);
    }
    for (CallId id : liveCalls()) {
        if (Call* c = findCall(id)) {
            c->announceAddress(now);
            settle(c);
        }
    }
    reapRegistrations();
}

void Engine::onPeerMoved(Call& c, std::span<const std::uint8_t> bytes, const PeerAddress& from, Millis now)
{
    const PeerAddress old = c.peer();
    const CallId id = c.id();
    const std::uint16_t remote = c.remoteCallno();
    if (!c.receiveFromNewAddress(bytes, from, now)) {
        ++m_counters.spoofed; // handled, but not as a move
        settle(id);
        return;
    }
    m_calls.moveRemote(old, remote, id);
    ++m_counters.peerMoved;
    settle(id);
}

} // namespace iax::core
