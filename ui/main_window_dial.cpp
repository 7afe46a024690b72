// MainWindow: placing a call — the dial field (a number, a contact's "Name — number", an iax2:
// link), redial from the history, and the policy a contact asks for (always encrypted, always
// end-to-end). Refusals go to refuseDial (main_window_e2e.cpp). GUI thread.
#include "core/phone/call_history.h"
#include "core/phone/contact_book.h"
#include "core/phone/e2e_trust.h"
#include "core/phone/redial.h"
#include "core/phone/secure_dialer.h"
#include "ui/account_bar.h"
#include "ui/call_list_model.h"
#include "ui/dial_panel.h"
#include "ui/main_window.h"

#include <QLineEdit>

namespace iax::ui {

void MainWindow::dialCurrent()
{
    const QString number = dialField()->text().trimmed();
    if (number.isEmpty())
        return;
    if (number.startsWith(QLatin1String("iax2:"), Qt::CaseInsensitive)
        || number.startsWith(QLatin1String("iax:"), Qt::CaseInsensitive)) {
        if (openUri(number))
            dialField()->clear();
        return;
    }
    // "Name — number" from the completion list calls that number, with the account set for it.
    const ContactDialTarget target
        = m_deps.contacts ? m_deps.contacts->resolveDialText(number) : ContactDialTarget { number, nullptr, {} };
    if (!target.accountId.isEmpty() && m_settings.account(target.accountId))
        m_accounts->selectAccount(target.accountId);
    const AccountSettings* a = m_settings.account(currentAccountId());
    if (!a) {
        refuseDial(tr("Add an account in Settings before calling."));
        return;
    }
    placeCall(*a, target.number, m_dial->secureDialChosen());
}

void MainWindow::redial(const CallHistoryEntry& entry)
{
    const RedialPlan plan = planRedial(entry, m_settings);
    if (!plan.accountId.isEmpty())
        m_accounts->selectAccount(plan.accountId);
    dialField()->setText(plan.number);
    if (plan.refused) {
        refuseDial(plan.sentence);
        return;
    }
    if (placeCall(*m_settings.account(plan.accountId), plan.number, plan.secureDial) >= 0) {
        m_dial->showNotice(plan.sentence, false);
        showStatus(plan.sentence);
    }
}

QString MainWindow::dialNotice() const
{
    return m_dial->noticeText();
}

int MainWindow::placeCall(const AccountSettings& a, const QString& number, bool secureDial)
{
    m_dial->showNotice({}, false);
    // The controller and the secure dialer say why they refuse a call by signal, while dialling.
    QString refusal;
    const auto keep = [&refusal](int callId, const QString& reason) {
        if (callId < 0)
            refusal = reason;
    };
    const auto c1 = connect(m_deps.controller, &PhoneController::commandFailed, this, keep);
    const auto c2 = connect(m_secureDialer, &SecureDialer::failed, this, keep);
    // A contact marked "always encrypted" is called with policy required, whatever the account's.
    // One marked "always end-to-end" is called only in the end-to-end mode (docs/E2E.md).
    const bool endToEnd = !secureDial && m_deps.contacts && m_deps.contacts->mustEndToEnd(number);
    const bool required = endToEnd || (m_deps.contacts && m_deps.contacts->mustEncrypt(number));
    SecureDialConfig config = secureDialConfig(a);
    config.requireEncryption = required;
    const QString pinned = endToEnd ? phone::pinnedE2eIdentity(m_settings.e2ePeers, a.id, number) : QString();
    const int id = secureDial ? m_secureDialer->dial(a.id, number, config)
        : endToEnd            ? m_deps.controller->dialEndToEnd(a.id, number, pinned)
        : required            ? m_deps.controller->dialEncrypted(a.id, number)
                              : m_deps.controller->dial(a.id, number);
    disconnect(c1);
    disconnect(c2);
    if (id < 0) {
        refuseDial(refusal.isEmpty() ? tr("%1 could not be called.").arg(number) : refusal);
        return -1;
    }
    m_model->setDialled(id, number);
    if (const Contact* contact = m_deps.contacts ? m_deps.contacts->findByNumber(number) : nullptr)
        m_model->setContactName(id, contact->name);
    if (endToEnd)
        showStatus(tr("Calling %1 end-to-end only: the contact is marked \"always end-to-end\".").arg(number));
    else if (required)
        showStatus(tr("Calling %1 encrypted only: the contact is marked \"always encrypted\".").arg(number));
    selectCall(id);
    dialField()->clear();
    return id;
}

} // namespace iax::ui
