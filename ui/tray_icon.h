#pragma once
// The main window's system tray icon: the best registration state of all accounts as icon and
// tooltip; a click shows or hides the window; its menu shows the window or quits. GUI thread.
#include "core/phone/registration_snapshot.h"
#include "ui/phone_names.h"

#include <QSystemTrayIcon>

#include <functional>

namespace iax::ui {

class TrayIcon : public QSystemTrayIcon {
    Q_OBJECT
public:
    /// Toggles/raises `window` (not owned; the icon's parent); "Quit" calls `quit`.
    TrayIcon(QWidget* window, std::function<void()> quit);

    /// Shows `best` (the best state of any account) and "`registered` of `accounts` registered".
    void showRegistration(RegistrationState best, int registered, int accounts);
};

} // namespace iax::ui
