#pragma once
// The details behind a call's padlock: cipher, authentication, key rotation, rekeys each way,
// decrypt failures, and what encryption does NOT hide. Opened by EncryptionIndicator. GUI thread.
#include "core/phone/call_snapshot.h"
#include "ui/encryption_presentation.h"
#include "ui/phone_names.h"

#include <QDialog>

class QLabel;

namespace iax::ui {

class EncryptionDetailsDialog : public QDialog {
    Q_OBJECT
public:
    /// Shows `state`/`details` of the call to `number`.
    EncryptionDetailsDialog(
        EncryptionState state, const EncryptionDetails& details, const QString& number, QWidget* parent = nullptr);

    /// Replaces the shown values (the indicator keeps an open dialog current).
    void setValues(EncryptionState state, const EncryptionDetails& details, const QString& number);
    /// Everything the dialog shows, as plain text (for tests and copy to clipboard).
    QString plainText() const;
    /// The "not hidden by encryption" sentences for a call to `number`.
    static QStringList notHidden(const EncryptionDetails& details, const QString& number, EncryptionState state);

private:
    /// One line of the table: its label, its value and what it means ("" = self-explanatory).
    struct Row {
        QString label, value, meaning;
    };
    static QList<Row> rows(const EncryptionLook& look, const EncryptionDetails& details);

    QLabel* m_body = nullptr;
    QString m_plain;
};

} // namespace iax::ui
