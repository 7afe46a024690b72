#pragma once
// The desk-phone features of the selected account (issue 18), in a row under the account bar:
// its voicemail badge (new / old messages from the server's MSGCOUNT at each registration
// refresh) with a one-click Voicemail button that dials the account's voicemail extension, and do
// not disturb for this account and for all accounts (QActions the tray menu shows too). It only
// displays and asks: the main window changes and saves the settings. GUI thread.
#include "core/phone/registration_snapshot.h"
#include "core/phone/settings.h"
#include "ui/phone_names.h"

#include <QHash>
#include <QSet>
#include <QWidget>

class QAction;
class QLabel;
class QPushButton;
class QToolButton;

namespace iax::ui {

class DeskFeaturesBar : public QWidget {
    Q_OBJECT
public:
    explicit DeskFeaturesBar(QWidget* parent = nullptr);

    /// Shows `account` (nullptr = none: only the global toggle), its last voicemail count, and
    /// the global do-not-disturb state `globalDnd`. Every account of `all` is in the badge's tooltip.
    void showAccount(const AccountSettings* account, const QList<AccountSettings>& all, bool globalDnd);
    /// Keeps the voicemail count of a registration (voicemailNew -1: the server sent none).
    void applyRegistration(const RegistrationSnapshot& reg);
    /// The badge shown now ("" = hidden), e.g. "Voicemail: 2 new, 1 old".
    QString badgeText() const;
    /// "2 new, 1 old" of a count; "" when the server sent none (`newMessages` < 0).
    static QString countText(int newMessages, int oldMessages);
    /// True the first time it is asked about call `callId` (announce an auto-answered call once).
    bool firstAnnouncement(int callId);

    QAction* accountDndAction() const { return m_accountDnd; }
    QAction* globalDndAction() const { return m_globalDnd; }
    QPushButton* voicemailButton() const { return m_voicemail; }

Q_SIGNALS:
    /// The user switched do not disturb of account `accountId`.
    void accountDndToggled(const QString& accountId, bool on);
    /// The user switched do not disturb for every account.
    void globalDndToggled(bool on);
    /// The user asked to call the voicemail of `accountId`.
    void voicemailRequested(const QString& accountId);

private:
    QString m_accountId;
    QHash<QString, RegistrationSnapshot> m_counts;
    QSet<int> m_announced;
    QLabel* m_badge;
    QPushButton* m_voicemail;
    QAction* m_accountDnd;
    QAction* m_globalDnd;
    QToolButton* m_accountDndButton;
    QToolButton* m_globalDndButton;
};

} // namespace iax::ui
