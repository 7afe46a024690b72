#include "ui/keychain_wait_dialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <utility>

namespace iax::ui {

KeychainWaitDialog::KeychainWaitDialog(QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("keychainWait"));
    setWindowTitle(tr("IAXPhone — waiting for the keychain"));
    setWindowModality(Qt::ApplicationModal); // nothing else may start a keychain call meanwhile
    auto* layout = new QVBoxLayout(this);
    auto* title = new QLabel(tr("<b>Waiting for the keychain…</b>"));
    auto* text = new QLabel(tr("IAXPhone keeps your account secrets in your desktop's keychain. If a window "
                               "asks for the password of your keyring or wallet, enter it there."));
    text->setWordWrap(true);
    auto* busy = new QProgressBar;
    busy->setRange(0, 0); // "busy", no percentage
    busy->setTextVisible(false);
    auto* buttons = new QDialogButtonBox;
    m_goOn = buttons->addButton(tr("Go on without the keychain"), QDialogButtonBox::RejectRole);
    m_goOn->setObjectName(QStringLiteral("goOnWithoutKeychain"));
    connect(buttons, &QDialogButtonBox::rejected, this, &KeychainWaitDialog::giveUp);
    layout->addWidget(title);
    layout->addWidget(text);
    layout->addWidget(busy);
    layout->addWidget(buttons);
    setMinimumWidth(420);
}

void KeychainWaitDialog::show(std::function<void()> giveUp)
{
    m_giveUp = std::move(giveUp);
    QDialog::show();
    raise();
    activateWindow();
}

void KeychainWaitDialog::hide()
{
    m_giveUp = nullptr;
    QDialog::hide();
}

void KeychainWaitDialog::reject()
{
    giveUp(); // Esc or the close button: the same as the button
}

void KeychainWaitDialog::giveUp()
{
    if (auto f = std::exchange(m_giveUp, nullptr))
        f();
}

} // namespace iax::ui
