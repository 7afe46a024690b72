// MainWindow and the end-to-end mode (docs/E2E.md, "In the GUI"): keeping the trust list when the
// settings dialog applies a copy taken before "Confirm words" was pressed, and refusing a call from a
// contact marked "always end-to-end" that is not. GUI thread.
#include "core/phone/contact.h"
#include "core/phone/e2e_trust.h"
#include "core/phone/settings_store.h"
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

} // namespace iax::ui
