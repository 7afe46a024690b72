#pragma once
// The call state machine's one rule (h11's `_state.py`): which CallState may follow which.
// Call::setState applies every transition through applyTransition; the events and frames that
// cause them are in call.cpp. Pure functions, any thread.
//
//   caller:  Calling → Authenticating → Proceeding → Ringing → Answered
//            (Calling → Proceeding without AUTHREQ; Proceeding → Answered without RINGING)
//   callee:  Authenticating → Incoming → Ringing → Answered   (Incoming → Answered directly)
//   any state before the end → HungUp | Rejected | Failed, which are final.
#include "core/protocol/events.h"

#include <cstdint>

namespace iax::core {

/// True when a call in `from` may move to `to`. Calling → Calling is the caller's first
/// announcement of its state; no other state follows itself, and nothing follows a final state.
bool transitionLegal(CallState from, CallState to);

/// True for the final states (HungUp, Rejected, Failed): the call has ended.
constexpr bool isFinal(CallState s)
{
    return s == CallState::HungUp || s == CallState::Rejected || s == CallState::Failed;
}

/// What applyTransition did.
enum class TransitionResult {
    Applied, ///< `state` is now the new state: announce it
    Unchanged, ///< already in that state (a repeated AUTHREQ or RINGING): nothing to announce
    Refused, ///< not a legal successor: `state` kept, counted in `refused`
};

/// Moves `state` to `to` when transitionLegal allows it. An illegal transition is not applied and
/// counts one in `refused` (EngineCounters::illegalTransitions); it never asserts, since a peer's
/// frames drive the state machine.
TransitionResult applyTransition(CallState& state, CallState to, std::uint64_t& refused);

} // namespace iax::core
