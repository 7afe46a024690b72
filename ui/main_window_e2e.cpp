// MainWindow and the end-to-end mode (docs/E2E.md, "In the GUI"): keeping the trust list when the
// settings dialog applies a copy taken before "Confirm words" was pressed, and refusing a call from a
// contact marked "always end-to-end" that is not, or whose identity key changed, and saying why a
// call was refused in red by the dial field. GUI thread.
#include "core/phone/contact.h"
#include "core/phone/contact_book.h"
#include "core/phone/e2e_trust.h"
#include "core/phone/settings_store.h"
#include "ui/call_list_model.h"
#include "ui/dial_panel.h"
#include "ui/main_window.h"

namespace iax::ui {

Settings MainWindow::withLiveTrust(Settings fromDialog)
{
    // The dialog saved the trust list it copied when it opened; "Confirm words" pressed in a call
    // meanwhile changed m_settings.e2ePeers. Merge, and save again when the saved copy lacked it.
    if (phone::mergeE2eTrust(fromDialog.e2ePeers, m_settings.e2ePeers) && m_deps.settingsStore) {
        QString error;
        if (!m_deps.settingsStore->save(fromDialog, &error))
            showStatus(error);
    }
    return fromDialog;
}

void MainWindow::refuseDial(const QString& reason)
{
    m_dial->showNotice(reason, true);
    showStatus(reason);
}

bool MainWindow::refuseNotEndToEnd(const CallSnapshot& call, const phone::Contact* contact)
{
    if (!contact || !contact->alwaysEndToEnd || call.details.mode == QLatin1String("e2e"))
        return false;
    m_deps.controller->reject(call.id);
    refuseDial(tr("Rejected the call from %1: the contact is marked \"always end-to-end\" and this call is not "
                  "end-to-end encrypted.")
                   .arg(contact->name));
    return true;
}

bool MainWindow::refuseChangedIdentity(const CallSnapshot& call)
{
    // The caller's identity arrives with the keys (its AUTHREP), after the call may have started to
    // ring: judged on every change, as the padlock is (E2eTrustKeeper).
    if (call.direction != CallDirection::Incoming || isTerminal(call.state) || m_identityRefused.contains(call.id))
        return false;
    const phone::Contact* contact = m_deps.contacts ? m_deps.contacts->findByNumber(call.number) : nullptr;
    const CallSnapshot* judged = m_model->snapshot(call.id);
    if (!contact || !contact->alwaysEndToEnd || !judged
        || judged->details.e2eTrust != phone::E2eTrustStatus::IdentityChanged)
        return false;
    m_identityRefused.insert(call.id);
    if (call.state == CallState::Answered)
        m_deps.controller->hangup(call.id);
    else
        m_deps.controller->reject(call.id);
    refuseDial(tr("Ended the call from %1: the contact is marked \"always end-to-end\" and the caller signs with "
                  "another identity key than the one you confirmed (someone may be in the middle).")
                   .arg(contact->name));
    return true;
}

} // namespace iax::ui
