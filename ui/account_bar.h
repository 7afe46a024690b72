#pragma once
// The account bar at the top of the main window: the account chooser (with each account's
// registration icon), its registration state (reason, apparent address, a warning noted for the
// account) and the Register/Unregister button. Holds the accounts' last RegistrationSnapshots.
// GUI thread.
#include "core/phone/registration_snapshot.h"
#include "core/phone/settings.h"
#include "ui/phone_names.h"

#include <QFrame>
#include <QHash>
#include <QSet>

class QComboBox;
class QPushButton;

namespace iax::phone {
class PhoneController;
}

namespace iax::ui {

class ElidedLabel;

class AccountBar : public QFrame {
    Q_OBJECT
public:
    /// Register/Unregister go to `controller` (not owned, must outlive the bar).
    explicit AccountBar(PhoneController* controller, QWidget* parent = nullptr);

    /// Shows `accounts` (keeps the selection when it still exists); forgets the notes, and the
    /// registrations of accounts no longer listed.
    void setAccounts(const QList<AccountSettings>& accounts);
    /// The selected account id ("" when there is none).
    QString currentAccountId() const;
    /// Selects account `accountId` (no-op when unknown).
    void selectAccount(const QString& accountId);
    /// Shows a registration update.
    void applyRegistration(const RegistrationSnapshot& reg);
    /// Shows `note` with the status of `accountId` ("" clears it) until it registers or the
    /// accounts change. False when that note was already shown.
    bool noteAccount(const QString& accountId, const QString& note);
    /// The best registration state over all accounts (for the tray) and how many are registered.
    RegistrationState overall(int* registered) const;

    /// "Registered", "Registration failed" …
    static QString stateText(RegistrationState s);
    /// "<state> — <reason>" of `r`, the reason only when it says more than the state.
    static QString summary(const RegistrationSnapshot& r);
    /// The icon name of `s` ("tray-registered" …).
    static QString stateIcon(RegistrationState s);

    /// "<name>: <state> — <reason>" of `account`: the tooltip of its entry in the chooser.
    QString statusLine(const AccountSettings& account) const;

Q_SIGNALS:
    /// The selection, a registration or a note changed (the bar shows it already).
    void refreshed();
    /// The button was pressed while there is no account: the user wants the settings.
    void settingsRequested();
    /// The registration of an account that is not selected failed (once until it registers again
    /// or the accounts change): the window says it where the user looks. `reason` is a sentence.
    void registrationFailed(const QString& accountName, const QString& reason);

private:
    void refresh();

    PhoneController* m_controller;
    QList<AccountSettings> m_accounts;
    QHash<QString, RegistrationSnapshot> m_registrations;
    /// Account id → a warning shown with its status ("wrong secret for account X? …") until a call
    /// of it is answered, it registers, or the settings change.
    QHash<QString, QString> m_notes;
    QSet<QString> m_failureSaid; ///< accounts whose failure was announced (registrationFailed)
    QComboBox* m_account;
    ElidedLabel* m_regLabel;
    QPushButton* m_regButton;
};

} // namespace iax::ui
