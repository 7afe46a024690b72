#pragma once
// The per-call padlock. Four states that never lie: it shows exactly the EncryptionStateRole of
// one call in a CallListModel (which only snapshots from the PhoneController change). Clicking it
// opens the EncryptionDetailsDialog. GUI thread.
#include "core/phone/call_snapshot.h"
#include "ui/encryption_details_dialog.h"
#include "ui/phone_names.h"

#include <QPointer>
#include <QTimer>
#include <QToolButton>

namespace iax::ui {

class CallListModel;

class EncryptionIndicator : public QToolButton {
    Q_OBJECT
public:
    explicit EncryptionIndicator(QWidget* parent = nullptr);

    /// Follows call `callId` of `model` (callId -1 = no call: the indicator hides).
    void setCall(const CallListModel* model, int callId);
    /// The state shown now.
    EncryptionState state() const { return m_state; }
    /// The icon shown now: "padlock-open", "spinner", "padlock-closed" or "padlock-broken".
    QString iconName() const { return m_iconName; }
    /// Opens (or raises) the details dialog and returns it.
    EncryptionDetailsDialog* showDetails();
    /// The open details dialog, or nullptr.
    EncryptionDetailsDialog* detailsDialog() const { return m_dialog; }

private:
    void refresh();
    void spin();

    const CallListModel* m_model = nullptr;
    int m_callId = -1;
    EncryptionState m_state = EncryptionState::Off;
    EncryptionDetails m_details;
    QString m_iconName;
    QTimer m_spinner;
    int m_angle = 0;
    QPointer<EncryptionDetailsDialog> m_dialog;
    QList<QMetaObject::Connection> m_connections;
};

} // namespace iax::ui
