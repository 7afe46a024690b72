#include "core/phone/incoming_rule.h"

namespace iax::phone {

IncomingAction decideIncoming(const IncomingRules& account, bool globalDnd, const core::IncomingCall& call)
{
    if (account.doNotDisturb || globalDnd)
        return IncomingAction::RejectBusy;
    if (account.autoAnswerFromPbx && call.autoAnswerRequested && call.registration != 0)
        return IncomingAction::AutoAnswer;
    return IncomingAction::Ring;
}

} // namespace iax::phone
