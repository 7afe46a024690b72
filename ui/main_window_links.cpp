// MainWindow's handling of iax2: links (issue 16): a URI typed into the dial field calls at once;
// a link from a browser, the command line or a second instance fills the dial field and asks
// first, unless the user allowed links to dial directly (GeneralSettings::dialLinksDirectly).
#include "ui/main_window.h"

#include "ui/account_bar.h"

#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>

namespace iax::ui {

QMessageBox* MainWindow::linkConfirmation() const
{
    return m_linkBox;
}

std::optional<LinkRequest> MainWindow::fillFromLink(const QString& text)
{
    QString error;
    auto link = resolveLink(text, m_settings, &error);
    if (!link) {
        showStatus(error);
        return std::nullopt;
    }
    showNormal();
    raise();
    activateWindow();
    m_accounts->selectAccount(link->accountId);
    dialField()->setText(link->number);
    return link;
}

bool MainWindow::openUri(const QString& text)
{
    if (!fillFromLink(text))
        return false;
    dialCurrent(); // typed into the dial field by the user: that is the consent
    return true;
}

bool MainWindow::openLink(const QString& text)
{
    if (m_linkBox)
        m_linkBox->close(); // a newer link replaces the question (its number is in the field now)
    const auto link = fillFromLink(text);
    if (!link)
        return false;
    if (m_settings.general.dialLinksDirectly) {
        dialCurrent();
        return true;
    }
    m_linkBox = new QMessageBox(QMessageBox::Question, tr("Call from a link"), linkConfirmationText(*link),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    m_linkBox->setObjectName(QStringLiteral("linkConfirmation"));
    m_linkBox->setTextFormat(Qt::PlainText); // the link's user part may look like HTML: never render it
    m_linkBox->setAttribute(Qt::WA_DeleteOnClose);
    m_linkBox->setDefaultButton(QMessageBox::Cancel); // Enter must not call
    m_linkBox->button(QMessageBox::Yes)->setText(tr("Call"));
    m_linkBox->setText(m_linkBox->text() + QStringLiteral("\n\n") + link->uri);
    const QString account = link->accountId;
    const QString number = link->number;
    connect(m_linkBox, &QMessageBox::finished, this, [this, account, number](int result) {
        // Only what was shown: not if the user changed the number or the account meanwhile.
        if (result == QMessageBox::Yes && dialField()->text().trimmed() == number && currentAccountId() == account)
            dialCurrent();
    });
    m_linkBox->open();
    showStatus(tr("A link asks to call %1: confirm or cancel.").arg(number));
    return true;
}

} // namespace iax::ui
