#pragma once
// Keeps the end-to-end trust list (Settings::e2ePeers, core/phone/e2e_trust.h) of the main window:
// judges each call of the CallListModel against it (Verified / Unverified / Downgrade), records a
// peer once a call with it is end-to-end, and marks it verified when the user presses "Confirm
// words" in the call panel; every change is saved through the SettingsStore. GUI thread.
#include "core/phone/settings.h"
#include "core/phone/settings_store.h"

#include <QObject>

namespace iax::ui {

class CallListModel;
class CallPanel;

class E2eTrustKeeper : public QObject {
    Q_OBJECT
public:
    /// `settings` is the window's (it outlives this); `store` may be nullptr (nothing is saved).
    E2eTrustKeeper(phone::Settings& settings, phone::SettingsStore* store, CallListModel* model, CallPanel* panel,
        QObject* parent = nullptr);

    /// The user confirmed the words of `callId`: its peer becomes verified (and is saved).
    void confirm(int callId);

private:
    QString peerOf(const phone::CallSnapshot& call) const;
    void changed();

    phone::Settings& m_settings;
    phone::SettingsStore* m_store;
    CallListModel* m_model;
};

} // namespace iax::ui
