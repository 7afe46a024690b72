#pragma once
// The main window's menu bar: Phone (Settings…, Quit) and Help (About IAXPhone). GUI thread.
#include <QObject>

#include <functional>

class QMainWindow;

namespace iax::ui {

class MainMenus : public QObject {
    Q_OBJECT
public:
    /// Adds the menus to `window`; their actions call `openSettings` and `quit`.
    static void install(QMainWindow* window, std::function<void()> openSettings, std::function<void()> quit);
};

} // namespace iax::ui
