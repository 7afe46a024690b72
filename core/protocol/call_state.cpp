#include "core/protocol/call_state.h"

namespace iax::core {

namespace {
constexpr unsigned bit(CallState s)
{
    return 1u << unsigned(s);
}

constexpr unsigned kEnd = bit(CallState::HungUp) | bit(CallState::Rejected) | bit(CallState::Failed);

// The legal successors of each state, as a bit set of CallState values.
constexpr unsigned successors(CallState s)
{
    switch (s) {
    case CallState::Calling: // AUTHREQ, or ACCEPT straight away
        return bit(CallState::Calling) | bit(CallState::Authenticating) | bit(CallState::Proceeding) | kEnd;
    case CallState::Authenticating: // caller: ACCEPT; callee: the caller's AUTHREP verified
        return bit(CallState::Proceeding) | bit(CallState::Incoming) | kEnd;
    case CallState::Proceeding: // the callee's RINGING or ANSWER
        return bit(CallState::Ringing) | bit(CallState::Answered) | kEnd;
    case CallState::Incoming: // we ring, or answer at once
        return bit(CallState::Ringing) | bit(CallState::Answered) | kEnd;
    case CallState::Ringing:
        return bit(CallState::Answered) | kEnd;
    case CallState::Answered:
        return kEnd;
    case CallState::HungUp:
    case CallState::Rejected:
    case CallState::Failed:
        return 0;
    }
    return 0;
}
} // namespace

bool transitionLegal(CallState from, CallState to)
{
    return (successors(from) & bit(to)) != 0;
}

TransitionResult applyTransition(CallState& state, CallState to, std::uint64_t& refused)
{
    if (transitionLegal(state, to)) {
        state = to;
        return TransitionResult::Applied;
    }
    if (state == to)
        return TransitionResult::Unchanged;
    ++refused;
    return TransitionResult::Refused;
}

} // namespace iax::core
