#include "ui/link_opener.h"

#include "ui/account_bar.h"
#include "ui/main_window.h"

#include <QLineEdit>

#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>

namespace iax::ui {

LinkOpener::LinkOpener(MainWindow* window, AccountBar* accounts)
    : QObject(window)
    , m_window(window)
    , m_accounts(accounts)
{ }

std::optional<LinkRequest> LinkOpener::fill(const QString& text)
{
    QString error;
    auto link = resolveLink(text, m_window->settings(), &error);
    if (!link) {
        m_window->showStatus(error);
        return std::nullopt;
    }
    m_window->showNormal();
    m_window->raise();
    m_window->activateWindow();
    m_accounts->selectAccount(link->accountId);
    m_window->dialField()->setText(link->number);
    return link;
}

bool LinkOpener::openUri(const QString& text)
{
    if (!fill(text))
        return false;
    m_window->dialCurrent(); // typed into the dial field by the user: that is the consent
    return true;
}

bool LinkOpener::openLink(const QString& text)
{
    if (m_box)
        m_box->close(); // a newer link replaces the question (its number is in the field now)
    const auto link = fill(text);
    if (!link)
        return false;
    if (m_window->settings().general.dialLinksDirectly) {
        m_window->dialCurrent();
        return true;
    }
    m_box = new QMessageBox(QMessageBox::Question, tr("Call from a link"), linkConfirmationText(*link),
        QMessageBox::Yes | QMessageBox::Cancel, m_window);
    m_box->setObjectName(QStringLiteral("linkConfirmation"));
    m_box->setTextFormat(Qt::PlainText); // the link's user part may look like HTML: never render it
    m_box->setAttribute(Qt::WA_DeleteOnClose);
    m_box->setDefaultButton(QMessageBox::Cancel); // Enter must not call
    m_box->button(QMessageBox::Yes)->setText(tr("Call"));
    m_box->setText(m_box->text() + QStringLiteral("\n\n") + link->uri);
    const QString account = link->accountId;
    const QString number = link->number;
    connect(m_box, &QMessageBox::finished, this, [this, account, number](int result) {
        // Only what was shown: not if the user changed the number or the account meanwhile.
        if (result == QMessageBox::Yes && m_window->dialField()->text().trimmed() == number
            && m_accounts->currentAccountId() == account)
            m_window->dialCurrent();
    });
    m_box->open();
    m_window->showStatus(tr("A link asks to call %1: confirm or cancel.").arg(number));
    return true;
}

} // namespace iax::ui
