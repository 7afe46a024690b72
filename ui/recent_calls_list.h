#pragma once
// The "Recent calls" list of the main window: the newest 50 entries of the call history (direction,
// peer, time, duration or outcome, padlock), refreshed when the history changes; activating an
// entry asks to call it again. GUI thread.
#include "core/phone/call_history.h"
#include "ui/phone_names.h"

#include <QListWidget>

namespace iax::ui {

class RecentCallsList : public QListWidget {
    Q_OBJECT
public:
    /// Shows `history` (not owned, must outlive the list).
    explicit RecentCallsList(CallHistory* history, QWidget* parent = nullptr);

Q_SIGNALS:
    /// The user activated (double-clicked, or Enter on) history entry `entry`: call it again.
    void redialRequested(const iax::phone::CallHistoryEntry& entry);

private:
    void refresh();

    CallHistory* m_history;
};

} // namespace iax::ui
