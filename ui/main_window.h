#pragma once
// The main window, kept thin: the account bar, the dialling column (DialPanel), the call list and
// the CallPanel of the selected call, recent calls, the security banner, the tray icon, incoming-call
// alerts and recording the call history. Every per-call value lives in the CallListModel; all
// telephony goes through the injected PhoneController; nothing here handles protocol. GUI thread.
#include "core/phone/call_snapshot.h"
#include "core/phone/phone_controller.h"
#include "core/phone/settings.h"
#include "ui/phone_names.h"
#include "ui/settings_dialog.h"

#include <QMainWindow>
#include <QPointer>
#include <QSet>

class QLineEdit;
class QListView;
class QMessageBox;
class QSystemTrayIcon;

namespace iax::phone {
class CallHistory;
struct CallHistoryEntry;
class ContactBook;
struct Contact;
class SecretStore;
class SecureDialer;
class SettingsStore;
} // namespace iax::phone

namespace iax::ui {

class AccountBar;
class AudioDeviceProvider;
class CallListModel;
class CallPanel;
class CallsCard;
class ContactsDialog;
class DeskFeaturesBar;
class DialPanel;
class LinkOpener;
class QuitFlow;
class Ringer;
class SecurityBanner;
class TrayIcon;

/// Everything MainWindow uses, owned by the caller (app/gui/main.cpp or a test). `ringer` and
/// `devices` may be nullptr.
struct MainWindowDeps {
    PhoneController* controller = nullptr;
    SettingsStore* settingsStore = nullptr;
    SecretStore* secretStore = nullptr;
    CallHistory* history = nullptr;
    ContactBook* contacts = nullptr; ///< the address book (nullptr: no Contacts window, no names)
    Ringer* ringer = nullptr;
    AudioDeviceProvider* devices = nullptr;
    bool useTray = true; ///< false: never create a tray icon (tests)
    KeyLocations keys; ///< directories of the settings dialog's key actions ("" = defaults)
};

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    /// Shows `settings` and hands every account (with its secrets) to the controller, then
    /// registers them.
    MainWindow(const MainWindowDeps& deps, const Settings& settings, QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Handles an `iax2:`/`iax:` URI the user typed into the dial field: picks the account of its
    /// host and dials its extension at once. False with a status message when impossible.
    bool openUri(const QString& uri);
    /// Handles an `iax2:` link (browser, command line, forwarded by a second instance): selects the
    /// account, puts the number in the dial field and asks to confirm (number, account, whether
    /// encrypted; linkConfirmation()) — or dials at once when GeneralSettings::dialLinksDirectly.
    /// False with a status message when the link is malformed or no account matches.
    bool openLink(const QString& uri);
    /// The open link confirmation (nullptr when none).
    QMessageBox* linkConfirmation() const;
    /// Dials the dial field's number with the selected account (secure dial when switched on).
    /// A refusal is said by the dial field (DialPanel::showNotice) and in the status bar.
    void dialCurrent();
    /// Calls history entry `entry` again as planRedial() says (its account, number and mode),
    /// saying what it does — or why not, with the number left in the dial field — by the field.
    void redial(const CallHistoryEntry& entry);
    /// The notice by the dial field ("" = none): what a redial does, or why a call was refused.
    QString dialNotice() const;
    /// Applies new settings (after the settings dialog): re-sends accounts to the controller.
    void applySettings(const Settings& settings);
    /// Opens (or raises) the Contacts window (Phone ▸ Contacts…); nothing without an address book.
    void openContacts();
    /// The Contacts window once opened (nullptr before).
    ContactsDialog* contactsDialog() const;
    /// Opens the settings dialog (modal), on the page of account `accountId` when given.
    void openSettings(const QString& accountId = {});
    /// Quits as Ctrl+Q and the tray's Quit do: asks when calls are up (quitConfirmation()), hangs
    /// them up, unregisters every account (waiting ≤ 1 s for the servers), then exits.
    void quit();
    /// The open "hang up and quit?" question (nullptr when none).
    QMessageBox* quitConfirmation() const;

    const Settings& settings() const { return m_settings; }
    CallListModel* callModel() const { return m_model; }
    CallPanel* callPanel() const;
    QLineEdit* dialField() const;
    QListView* callView() const;
    /// The security warnings shown in the red banner (key-server refusals), oldest first.
    const QStringList& securityWarnings() const;
    /// The key notices received (keys pinned on first use), oldest first.
    const QStringList& keyNotices() const { return m_keyNotices; }
    /// The last status message (also in the status bar).
    QString lastStatus() const { return m_lastStatus; }
    /// The tray icon, or nullptr when the desktop has no tray.
    QSystemTrayIcon* trayIcon() const;
    /// The selected account id ("" when there is none).
    QString currentAccountId() const;
    /// Selects call `callId` in the list.
    void selectCall(int callId);
    /// Shows `text` in the status bar for 10 s (and as lastStatus()).
    void showStatus(const QString& text);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildUi();
    void pushAccounts();
    /// After the account bar changed: the dialling column and the tray follow the selection.
    void onAccountsRefreshed();
    /// PhoneController::registrationChanged: a missing secret is said and its settings opened (once).
    void onRegistration(const RegistrationSnapshot& reg);
    /// PhoneController::securityWarning: red banner above the window, a message box, the tray.
    void onSecurityWarning(int callId, const QString& message);
    /// PhoneController::keyNotice: the status bar, and the call's key note in the call model.
    void onKeyNotice(int callId, const QString& message);
    /// CallListModel::callChanged: ringing, the account's note, the selection.
    void onCallChanged(const CallSnapshot& call, bool isNew);
    void onIncomingCall(const CallSnapshot& call);
    /// CallListModel::callRemoved: the ringing stops; the call goes into the history.
    void onCallRemoved(const CallSnapshot& last);
    void stopRinging(int callId);
    /// Places the call to `number` with `account` (by secure dial when `secureDial`), selects it and
    /// empties the dial field; a refusal is said by the field. The call id, or -1.
    int placeCall(const AccountSettings& account, const QString& number, bool secureDial);
    /// Says `reason` by the dial field and in the status bar.
    void refuseDial(const QString& reason);
    /// Voicemail, do not disturb and auto-answer announcements (issue 18): main_window_desk.cpp.
    void connectDeskFeatures();
    /// The desk bar shows the selected account's voicemail count and do-not-disturb state.
    void refreshDesk();
    /// Saves `settings` (a do-not-disturb switch), applies them and says `said`.
    void changeDeskSettings(const Settings& settings, const QString& said);
    /// `fromDialog` with the live end-to-end trust list merged in (saved again if it changed).
    Settings withLiveTrust(Settings fromDialog);
    /// Rejects incoming `call` when `contact` is marked "always end-to-end" and the call is not
    /// end-to-end, saying so in red by the dial field. True when it was rejected.
    bool refuseNotEndToEnd(const CallSnapshot& call, const phone::Contact* contact);
    /// Ends incoming `call` (rejects it ringing, hangs up answered) once its caller is a contact marked
    /// "always end-to-end" whose identity key differs from the one pinned for it, saying so in red;
    /// once per call. True when it ended it (then the call is not selected).
    bool refuseChangedIdentity(const CallSnapshot& call);

    MainWindowDeps m_deps;
    Settings m_settings;
    QSet<int> m_identityRefused; ///< calls refuseChangedIdentity() ended
    CallListModel* m_model = nullptr;
    SecureDialer* m_secureDialer = nullptr;
    AccountBar* m_accounts = nullptr;
    DialPanel* m_dial = nullptr;
    DeskFeaturesBar* m_desk = nullptr;
    CallsCard* m_calls = nullptr;
    SecurityBanner* m_securityBanner = nullptr;
    LinkOpener* m_links = nullptr;
    QuitFlow* m_quit = nullptr;
    QStringList m_secretAsked; ///< accounts whose missing secret opened the settings already
    QPointer<TrayIcon> m_tray;
    QPointer<ContactsDialog> m_contactsDialog;
    QString m_lastStatus;
    /// The "Incoming call from …" line and its call: taken away once that call stops ringing
    /// (answered, missed or refused), unless another message replaced it.
    QString m_incomingStatus;
    int m_incomingStatusCall = -1;
    QStringList m_keyNotices;
    bool m_quitting = false;
};

} // namespace iax::ui
