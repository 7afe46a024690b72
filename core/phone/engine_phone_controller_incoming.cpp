// EnginePhoneController: incoming calls before anyone sees them (issue 18) — do not disturb, a
// trusted PBX's auto-answer request (by the one rule in incoming_rule.h) and the account's
// "answer after N s". GUI thread.
#include "core/net/engine_host.h"
#include "core/phone/engine_phone_controller.h"
#include "core/phone/incoming_rule.h"
#include "core/protocol/engine.h"

namespace iax::phone {

bool EnginePhoneController::screenEvent(const core::EngineEvent& event)
{
    const auto* incoming = std::get_if<core::IncomingCall>(&event);
    if (!incoming) {
        const std::optional<int> call = std::visit(
            [](const auto& e) -> std::optional<int> {
                if constexpr (requires { e.call; })
                    return int(e.call);
                else
                    return std::nullopt;
            },
            event);
        if (!call || !m_refused.count(*call))
            return false;
        if (std::holds_alternative<core::CallFinished>(event))
            m_refused.erase(*call); // its last event
        return true;
    }
    const core::IncomingCall& in = *incoming;
    const int id = int(in.call);
    m_refused.erase(id); // a call number used again is a new call
    // Its account: the registration whose server placed it, else the user it authenticated as.
    const Account* account = nullptr;
    for (const auto& [accountId, a] : m_accounts)
        if (in.registration != 0 && a.reg == in.registration)
            account = &a;
    if (!account) {
        const auto it = m_accounts.find(accountForUser(QString::fromStdString(in.account)));
        account = it == m_accounts.end() ? nullptr : &it->second;
    }
    IncomingRules rules;
    if (account) {
        rules.doNotDisturb = account->settings.doNotDisturb;
        rules.autoAnswerFromPbx = account->settings.autoAnswerFromPbx;
    }
    const core::CallId call = in.call;
    switch (decideIncoming(rules, m_globalDnd, in)) {
    case IncomingAction::RejectBusy:
        m_refused.insert(id);
        host().post([call](core::Engine& e, core::Millis now) { e.reject(call, kDndCause, now, kDndCauseCode); });
        return true;
    case IncomingAction::AutoAnswer:
        host().answer(call); // the tracker still presents it (as answered right after)
        m_autoAnswering.insert(id); // said by the call once the tracker has it (afterTracked)
        return false;
    case IncomingAction::Ring:
        break;
    }
    // Let the caller hear ringing while the user decides.
    host().post([call](core::Engine& e, core::Millis now) { e.ring(call, now); });
    if (account && account->settings.autoAnswerAfterSeconds > 0)
        answerLater(id, account->settings.autoAnswerAfterSeconds);
    return false;
}

} // namespace iax::phone
