#pragma once
// The Contacts window (Phone ▸ Contacts…): the address book with a search field, Add / Edit /
// Delete, and Import… / Export… of vCard 3.0/4.0 and CSV. What an import did (and every card or
// row it skipped) is said in the window, never in a blocking message. Not modal. GUI thread.
#include "core/phone/contact_book.h"
#include "core/phone/settings.h"
#include "ui/phone_names.h"

#include <QDialog>

#include <functional>

class QLabel;
class QLineEdit;
class QListWidget;
class QMainWindow;
class QPushButton;

namespace iax::ui {

using phone::ContactBook;
using phone::ContactsFormat;

class ContactsDialog : public QDialog {
    Q_OBJECT
public:
    /// Shows and edits `book` (not owned; must outlive the dialog); `accounts` gives the accounts a
    /// number may be tied to when the editor opens.
    ContactsDialog(ContactBook* book, std::function<QList<AccountSettings>()> accounts, QWidget* parent = nullptr);

    /// Imports `path` (vCard or CSV) and says what it did in the window; the result.
    phone::ContactsImport importFrom(const QString& path);
    /// Exports every contact to `path` in `format`, saying so in the window. False on failure.
    bool exportTo(const QString& path, ContactsFormat format);
    /// What the window says now (an import's summary, an error; "" = nothing).
    QString statusText() const;
    /// Ids of the contacts listed now (the search applied), in order.
    QStringList listedIds() const;
    /// Filters the list to contacts whose name or a number `text` finds (phone::searchMatches:
    /// case-insensitive, separators of numbers ignored).
    void setSearch(const QString& text);

Q_SIGNALS:
    /// The user asked to call `number` of a contact (double click): "Name — number" as the dial
    /// field shows it.
    void callRequested(const QString& dialText);

private:
    void refresh();
    void addContact();
    void editSelected();
    /// Opens the editor on `contact` (a new one when its id is empty) and stores what it returns.
    void edit(const phone::Contact& contact);
    void deleteSelected();
    void chooseImport();
    void chooseExport();
    void say(const QString& text, bool problem);
    QString selectedId() const;

    ContactBook* m_book;
    std::function<QList<AccountSettings>()> m_accounts;
    QLineEdit* m_search;
    QListWidget* m_list;
    QPushButton* m_edit;
    QPushButton* m_delete;
    QLabel* m_status;
};

/// Adds "Contacts…" (Ctrl+Shift+B) to the first menu of `window`'s menu bar (Phone), before its
/// first separator; `open` runs when it is chosen.
void addContactsAction(QMainWindow* window, std::function<void()> open);

} // namespace iax::ui
