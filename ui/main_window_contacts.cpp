// MainWindow: the Contacts window (issue 18), opened from Phone > Contacts…; a contact's number
// chosen there is dialled as if typed into the dial field. GUI thread.
#include "core/phone/contact_book.h"
#include "ui/contacts_dialog.h"
#include "ui/main_window.h"

#include <QLineEdit>

namespace iax::ui {

void MainWindow::openContacts()
{
    if (!m_deps.contacts)
        return;
    if (!m_contactsDialog) {
        m_contactsDialog = new ContactsDialog(m_deps.contacts, [this] { return m_settings.accounts; }, this);
        connect(m_contactsDialog, &ContactsDialog::callRequested, this, [this](const QString& dialText) {
            dialField()->setText(dialText);
            dialCurrent();
        });
    }
    m_contactsDialog->show();
    m_contactsDialog->raise();
    m_contactsDialog->activateWindow();
}

ContactsDialog* MainWindow::contactsDialog() const
{
    return m_contactsDialog;
}

} // namespace iax::ui
