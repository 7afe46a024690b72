#pragma once
// The desktop app's KeychainWaitNotice (core/phone/keychain_wait.h): a small application-modal
// window shown while the OS keychain keeps IAXPhone waiting — typically because the desktop asks
// the user for the keyring's or wallet's password — with "Go on without the keychain", which ends
// the wait (the secrets are then not read or stored this time, and the user is told so). Closing
// it (Esc, the title bar) does the same. GUI thread.
#include "core/phone/keychain_wait.h"
#include "ui/phone_names.h"

#include <QDialog>

#include <functional>

class QPushButton;

namespace iax::ui {

class KeychainWaitDialog : public QDialog, public KeychainWaitNotice {
    Q_OBJECT
public:
    explicit KeychainWaitDialog(QWidget* parent = nullptr);

    void show(std::function<void()> giveUp) override;
    void hide() override;

    /// "Go on without the keychain" (tests click it).
    QPushButton* goOnButton() const { return m_goOn; }

protected:
    void reject() override;

private:
    void giveUp();

    QPushButton* m_goOn = nullptr;
    std::function<void()> m_giveUp;
};

} // namespace iax::ui
