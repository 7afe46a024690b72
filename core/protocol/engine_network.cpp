// Engine side of network changes (issue 19): our address changed (re-register at once, tell the
// calls' peers), or a peer's did (follow it once its frame proves itself).
#include "core/protocol/engine.h"

#include "core/protocol/call_state.h"

namespace iax::core {

void Engine::networkChanged(Millis now, Millis retryCap)
{
    for (auto& [id, r] : m_regs) {
        r->networkChanged(retryCap, now);
        if (r->wantsRestart(now))
            startRegistrationRound(*r, r->releasing(), now);
    }
    for (CallId id : liveCalls()) {
        if (Call* c = findCall(id); c && c->state() == CallState::Answered) {
            c->announceAddress(now);
            const CallStats s = c->stats();
            m_moves[id] = { now + kMoveAnswerWait, s.framesReceived + s.voiceReceived };
            settle(c);
        }
    }
    reapRegistrations();
}

void Engine::checkMoves(Millis now)
{
    for (auto it = m_moves.begin(); it != m_moves.end();) {
        Call* c = findCall(it->first);
        if (!c || isFinal(c->state())) {
            it = m_moves.erase(it);
            continue;
        }
        if (now < it->second.giveUpAt) {
            ++it;
            continue;
        }
        const CallStats s = c->stats();
        if (s.framesReceived + s.voiceReceived == it->second.heard)
            c->abandonAfterMove(now);
        settle(c);
        it = m_moves.erase(it);
    }
}

std::optional<Millis> Engine::movesDeadline() const
{
    std::optional<Millis> d;
    for (const auto& [id, w] : m_moves)
        if (!d || w.giveUpAt < *d)
            d = w.giveUpAt;
    return d;
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
