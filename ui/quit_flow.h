#pragma once
// How the main window quits (Ctrl+Q, the tray's Quit, closing the window when that quits): with
// calls up it asks first; then PhoneController::shutdown hangs them up and unregisters every
// account (REGREL), waiting for the server's acknowledgements at most kUnregisterWaitMs, and only
// then the application exits — a PBX would otherwise route calls to a port nobody listens on.
// GUI thread.
#include "ui/phone_names.h"

#include <QObject>
#include <QPointer>

#include <functional>

class QMessageBox;
class QWidget;

namespace iax::phone {
class PhoneController;
}

namespace iax::ui {

class CallListModel;

class QuitFlow : public QObject {
    Q_OBJECT
public:
    /// The longest quitting waits for the servers' acknowledgements (all accounts together).
    static constexpr int kUnregisterWaitMs = 1000;

    /// Asks over `window`; live calls are read from `model`; `exit` runs once the controller
    /// finished (it closes the window and quits the application). None is owned.
    QuitFlow(QWidget* window, PhoneController* controller, CallListModel* model, std::function<void()> exit);

    /// Starts quitting. With calls up it first shows confirmation() (window-modal, not blocking);
    /// "Cancel" keeps everything running. No-op while already quitting or asking.
    void request();
    /// True once the controller is shutting down (the window should then close for good).
    bool quitting() const { return m_quitting; }
    /// The open "hang up and quit?" question (nullptr when none).
    QMessageBox* confirmation() const { return m_confirm; }
    /// Calls not yet ended in `model`.
    static int liveCalls(const CallListModel& model);

private:
    void start();

    QWidget* m_window;
    PhoneController* m_controller;
    CallListModel* m_model;
    std::function<void()> m_exit;
    QPointer<QMessageBox> m_confirm;
    bool m_quitting = false;
};

} // namespace iax::ui
