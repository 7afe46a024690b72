#pragma once
// The main window, kept thin: accounts with their registration state, the dial field (history
// completion) with secure dial, a dial pad, the call list and the CallPanel of the selected call,
// the tray icon, incoming-call alerts, call history. All telephony goes through the injected
// PhoneController; nothing here handles protocol. GUI thread.
#include "core/phone/call_snapshot.h"
#include "core/phone/link_request.h"
#include "core/phone/phone_controller.h"
#include "core/phone/settings.h"
#include "ui/phone_names.h"
#include "ui/settings_dialog.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>

#include <optional>

class QCheckBox;
class QComboBox;
class QCompleter;
class QLabel;
class QLineEdit;
class QListView;
class QListWidget;
class QMessageBox;
class QPushButton;
class QStringListModel;
#include <QSystemTrayIcon>

namespace iax::phone {
class CallHistory;
class SecretStore;
class SecureDialer;
class SettingsStore;
}

namespace iax::ui {

class AudioDeviceProvider;
class CallListModel;
class CallPanel;
class DialPad;
class Ringer;

/// Everything MainWindow uses, owned by the caller (app/gui/main.cpp or a test). `ringer` and
/// `devices` may be nullptr.
struct MainWindowDeps {
    PhoneController* controller = nullptr;
    SettingsStore* settingsStore = nullptr;
    SecretStore* secretStore = nullptr;
    CallHistory* history = nullptr;
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
    void dialCurrent();
    /// Applies new settings (after the settings dialog): re-sends accounts to the controller.
    void applySettings(const Settings& settings);
    /// Opens the settings dialog (modal).
    void openSettings();

    const Settings& settings() const { return m_settings; }
    CallListModel* callModel() const { return m_model; }
    CallPanel* callPanel() const { return m_panel; }
    QLineEdit* dialField() const { return m_dial; }
    QListView* callView() const { return m_view; }
    /// The security warnings shown in the red banner (key-server refusals), oldest first.
    const QStringList& securityWarnings() const { return m_securityWarnings; }
    /// The key notices received (keys pinned on first use), oldest first.
    const QStringList& keyNotices() const { return m_keyNotices; }
    /// The last status message (also in the status bar).
    QString lastStatus() const { return m_lastStatus; }
    /// The tray icon, or nullptr when the desktop has no tray.
    QSystemTrayIcon* trayIcon() const { return m_tray; }
    /// The selected account id ("" when there is none).
    QString currentAccountId() const;
    /// Selects call `callId` in the list.
    void selectCall(int callId);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    struct CallTrack {
        CallSnapshot last;
        QDateTime firstSeen;
        QDateTime endedAt; ///< when the terminal snapshot arrived
        bool everEncrypted = false;
        bool ringing = false;
        bool secureDial = false;
        QString dialled; ///< what the user typed (destination for secure dial)
    };
    /// Resolves a link, selects its account and fills the dial field; nullopt with a status message.
    std::optional<LinkRequest> fillFromLink(const QString& uri);
    void buildUi();
    void buildTray();
    void pushAccounts();
    void refreshAccounts();
    void refreshTray();
    void showStatus(const QString& text);
    /// PhoneController::securityWarning: red banner above the window, a message box, the tray.
    void onSecurityWarning(int callId, const QString& message);
    /// PhoneController::keyNotice: the status bar, and the call's note in the call panel.
    void onKeyNotice(int callId, const QString& message);
    void onCallUpdated(const CallSnapshot& call);
    void onIncomingCall(const CallSnapshot& call);
    void onCallRemoved(int callId);
    void onRegistration(const RegistrationSnapshot& reg);
    /// Shows `note` with the status of `accountId` (empty: clears it) and in the status bar.
    void noteAccount(const QString& accountId, const QString& note);
    void onSelectionChanged();
    void stopRinging(int callId);
    void onDialPadDigit(QChar digit);
    void updateSecureDialToggle();
    void refreshRecent();

    MainWindowDeps m_deps;
    Settings m_settings;
    CallListModel* m_model = nullptr;
    SecureDialer* m_secureDialer = nullptr;
    QHash<QString, RegistrationSnapshot> m_registrations;
    /// Account id → a warning shown with its status ("wrong secret for account X? …") until a call
    /// of it is answered, it registers, or the settings change.
    QHash<QString, QString> m_accountNotes;
    QHash<int, CallTrack> m_tracks;
    QComboBox* m_account = nullptr;
    QLabel* m_regLabel = nullptr;
    QPushButton* m_regButton = nullptr;
    QLineEdit* m_dial = nullptr;
    QCompleter* m_completer = nullptr;
    QStringListModel* m_completions = nullptr;
    QCheckBox* m_secure = nullptr;
    QPushButton* m_call = nullptr;
    DialPad* m_pad = nullptr;
    QListView* m_view = nullptr;
    QListWidget* m_recent = nullptr; ///< recent calls from the history (double-click redials)
    CallPanel* m_panel = nullptr;
    QPointer<QSystemTrayIcon> m_tray;
    QString m_lastStatus;
    QLabel* m_securityBanner = nullptr;
    QPointer<QMessageBox> m_securityBox;
    QPointer<QMessageBox> m_linkBox; ///< the open link confirmation
    QStringList m_securityWarnings;
    QStringList m_keyNotices;
    QHash<int, QString> m_callKeyNotes; ///< call id → its key notice (until the call is removed)
    bool m_quitting = false;
    QString m_secureDefaultFor; ///< account whose secure dial default the toggle shows
    bool m_secureDefault = false;
};

} // namespace iax::ui
