#pragma once
// The dialog that edits one contact: name, numbers (each with a type and the account to call it
// with), note, and "Always encrypted". OK is refused, with the reason shown in the dialog, while
// there is neither a name nor a number, or a number has no digits or letters. GUI thread.
#include "core/phone/contact.h"
#include "core/phone/settings.h"
#include "ui/phone_names.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableWidget;

namespace iax::ui {

using phone::Contact;

class ContactEditor : public QDialog {
    Q_OBJECT
public:
    /// Edits a copy of `contact`; `accounts` fill each number's account choice.
    ContactEditor(const Contact& contact, const QList<AccountSettings>& accounts, QWidget* parent = nullptr);

    /// The contact as edited (numbers left empty are dropped; names and numbers trimmed).
    Contact contact() const;
    /// OK: closes unless the contact has neither a name nor a number, or a number without digits or
    /// letters ("---"); then says which in the dialog (errorText()) and stays open.
    void accept() override;
    /// What the dialog says is wrong with the input ("" = nothing).
    QString errorText() const;

private:
    /// Appends a row for `number` to the numbers table.
    void addNumberRow(const phone::ContactNumber& number);
    /// Keeps the numbers table wide enough for a whole number beside its Type and Account columns.
    void fitNumbersTable();

    Contact m_original;
    QList<AccountSettings> m_accounts;
    QLineEdit* m_name;
    QTableWidget* m_numbers;
    QPlainTextEdit* m_note;
    QCheckBox* m_alwaysEncrypted;
    QCheckBox* m_alwaysEndToEnd;
    QLabel* m_error;
};

} // namespace iax::ui
