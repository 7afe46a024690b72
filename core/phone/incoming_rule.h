#pragma once
// What happens to an incoming call before anyone sees it (issue 18): do not disturb refuses it as
// busy, a trusted PBX's auto-answer request answers it, anything else rings. One rule for both
// front ends (EnginePhoneController, the CLI's listen/register). Pure function, any thread.
#include "core/protocol/events.h"

namespace iax::phone {

/// The Q.850 cause of a do-not-disturb refusal (user busy): Asterisk's Dial() then says BUSY and
/// the dialplan takes its busy path (voicemail "busy" greeting).
inline constexpr int kDndCauseCode = 17;
/// The CAUSE text sent with it.
inline constexpr const char* kDndCause = "User busy";

/// What to do with an incoming call.
enum class IncomingAction {
    Ring, ///< present it to the user (or the CLI's answer mode)
    RejectBusy, ///< do not disturb: REJECT with kDndCause / kDndCauseCode
    AutoAnswer, ///< answer at once: the trusted registrar asked for it (AUTOANSWER IE)
};

/// The settings the rule reads, of the account the call came in for.
struct IncomingRules {
    bool doNotDisturb = false; ///< this account's DND
    bool autoAnswerFromPbx = false; ///< honour AUTOANSWER from this account's registrar
};

/// DND (the account's or `globalDnd`) wins and refuses the call as busy. Otherwise AUTOANSWER is
/// honoured only when the account allows it and the call came from the server the account is
/// registered to (IncomingCall::registration: authenticated with the account's secret); from
/// anyone else it is ignored. Otherwise the call rings.
IncomingAction decideIncoming(const IncomingRules& account, bool globalDnd, const core::IncomingCall& call);

} // namespace iax::phone
