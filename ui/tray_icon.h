#pragma once
// The main window's system tray icon: the best registration state of all accounts as icon and
// tooltip; a click shows or hides the window; its menu shows the window or quits. GUI thread.
#include "core/phone/registration_snapshot.h"
#include "ui/phone_names.h"

#include <QList>
#include <QSystemTrayIcon>

class QAction;

#include <functional>

namespace iax::ui {

class TrayIcon : public QSystemTrayIcon {
    Q_OBJECT
public:
    /// Toggles/raises `window` (not owned; the icon's parent); "Quit" calls `quit`.
    TrayIcon(QWidget* window, std::function<void()> quit);

    /// Adds `actions` (e.g. the do-not-disturb toggles, not owned) to the menu, above Quit.
    void addToggles(const QList<QAction*>& actions);
    /// Shows `best` (the best state of any account) and "`registered` of `accounts` registered".
    void showRegistration(RegistrationState best, int registered, int accounts);

private:
    QAction* m_togglesEnd = nullptr; ///< the separator above Quit
};

} // namespace iax::ui
