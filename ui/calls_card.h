#pragma once
// The calls column of the main window: the call list (one row per live call of the
// CallListModel), the recent calls of the history, and the CallPanel of the selected call.
// GUI thread.
#include "ui/phone_names.h"

#include <QFrame>

class QListView;

namespace iax::phone {
class CallHistory;
struct CallHistoryEntry;
class PhoneController;
} // namespace iax::phone

namespace iax::ui {

class AudioDeviceProvider;
class CallListModel;
class CallPanel;

class CallsCard : public QFrame {
    Q_OBJECT
public:
    /// Shows `model`; the panel sends commands to `controller`. `history` (no recent calls when
    /// nullptr) and `devices` (no device menu when nullptr) may be nullptr; none is owned.
    CallsCard(PhoneController* controller, CallListModel* model, CallHistory* history, AudioDeviceProvider* devices,
        QWidget* parent = nullptr);

    QListView* view() const { return m_view; }
    CallPanel* panel() const { return m_panel; }
    /// Selects call `callId` in the list (no-op when it has no row).
    void selectCall(int callId);

Q_SIGNALS:
    /// A recent call was activated: call history entry `entry` again.
    void redialRequested(const iax::phone::CallHistoryEntry& entry);

private:
    CallListModel* m_model;
    QListView* m_view;
    CallPanel* m_panel;
};

} // namespace iax::ui
