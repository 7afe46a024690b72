// Engine commands for the call features of call_features.cpp (encrypted dial, blind transfer):
// look the call up, run the command, re-file the call's deadline.
#include "core/protocol/engine.h"

namespace iax::core {

bool Engine::sendDial(CallId id, const std::string& number, Millis now, std::string* why)
{
    Call* c = findCall(id);
    if (!c && why)
        *why = "no such call";
    const bool ok = c && c->sendDial(number, now, why);
    settle(id);
    return ok;
}

bool Engine::transfer(CallId id, const std::string& number, const std::string& context, Millis now, std::string* why)
{
    Call* c = findCall(id);
    if (!c && why)
        *why = "no such call";
    const bool ok = c && c->transfer(number, context, now, why);
    settle(id);
    return ok;
}

} // namespace iax::core
