#include "core/phone/redial.h"

#include "core/phone/secure_dialer.h"

#include <QCoreApplication>

namespace iax::phone {

namespace {
QString tr(const char* text)
{
    // The context lupdate gives a namespace-level tr("…") here (tst_translations checks it).
    return QCoreApplication::translate("iax::phone", text);
}
} // namespace

RedialPlan planRedial(const CallHistoryEntry& entry, const Settings& settings)
{
    RedialPlan plan;
    plan.number = entry.number.trimmed();
    const auto refuse = [&](const QString& why) {
        plan.refused = true;
        plan.sentence = why;
        return plan;
    };
    if (plan.number.isEmpty())
        return refuse(tr("This call has no number to call back."));
    const AccountSettings* a = settings.account(entry.accountId);
    if (!a)
        return refuse(tr("The account this call used no longer exists: %1 was not called. Choose an account and "
                         "press Call.")
                          .arg(plan.number));
    plan.accountId = a->id;
    // As the call was placed; an incoming call as a typed number would go (the account's default).
    const bool available = secureDialAvailable(*a);
    plan.secureDial
        = entry.direction == CallDirection::Outgoing ? entry.bySecureDial() : available && a->secureDialEnabled;
    if (plan.secureDial && !available)
        return refuse(tr("%1 was called by secure dial, but account %2 has no secure dial now (Settings): it was "
                         "not called. Press Call to call it without secure dial.")
                          .arg(plan.number, a->name));
    QString error;
    if (plan.secureDial && !SecureDial::digitsFor(plan.number, a->secureDialTerminator, &error))
        return refuse(tr("%1 It was not called; untick Secure dial and press Call to call it without.").arg(error));
    plan.sentence = plan.secureDial ? tr("Calling %1 with account %2 (secure dial).").arg(plan.number, a->name)
                                    : tr("Calling %1 with account %2 (without secure dial).").arg(plan.number, a->name);
    return plan;
}

} // namespace iax::phone
