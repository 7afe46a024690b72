#include "ui/main_window.h"

#include "core/phone/call_history.h"
#include "core/phone/contact_book.h"
#include "core/phone/device_preferences.h"
#include "core/phone/e2e_trust.h"
#include "core/phone/redial.h"
#include "core/phone/secure_dialer.h"
#include "ui/account_bar.h"
#include "ui/accounts_page.h"
#include "ui/call_list_model.h"
#include "ui/call_menu.h"
#include "ui/call_panel.h"
#include "ui/call_record_control.h"
#include "ui/calls_card.h"
#include "ui/contacts_dialog.h"
#include "ui/desk_features_bar.h"
#include "ui/dial_panel.h"
#include "ui/e2e_trust_keeper.h"
#include "ui/icons.h"
#include "ui/link_opener.h"
#include "ui/main_menus.h"
#include "ui/quit_flow.h"
#include "ui/ringer.h"
#include "ui/secure_dial_feed.h"
#include "ui/security_banner.h"
#include "ui/tray_icon.h"

#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListView>
#include <QStatusBar>
#include <QTimer>
#include <QVBoxLayout>

namespace iax::ui {

MainWindow::MainWindow(const MainWindowDeps& deps, const Settings& settings, QWidget* parent)
    : QMainWindow(parent)
    , m_deps(deps)
    , m_settings(settings)
{
    Icons::initResources();
    Q_ASSERT(m_deps.controller);
    m_model = new CallListModel(m_deps.controller, this);
    m_secureDialer = new SecureDialer(m_deps.controller, this);
    feedSecureDial(m_secureDialer, m_model, [this](const QString& text) { showStatus(text); });
    buildUi();
    m_quit = new QuitFlow(this, m_deps.controller, m_model, [this] {
        m_quitting = true;
        close();
        qApp->quit();
    });
    if (m_deps.useTray && QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new TrayIcon(this, [this] { quit(); });
        onAccountsRefreshed();
        m_tray->show();
    } // else no tray: the window is the only surface; closing it quits.
    connectDeskFeatures();

    PhoneController* c = m_deps.controller;
    connect(m_model, &CallListModel::callChanged, this, &MainWindow::onCallChanged);
    connect(m_model, &CallListModel::callRemoved, this, &MainWindow::onCallRemoved);
    connect(c, &PhoneController::incomingCall, this, &MainWindow::onIncomingCall); // after the model's
    connect(c, &PhoneController::registrationChanged, m_accounts, &AccountBar::applyRegistration);
    connect(c, &PhoneController::registrationChanged, this, &MainWindow::onRegistration);
    connect(c, &PhoneController::commandFailed, this, [this](int, const QString& reason) { showStatus(reason); });
    connect(c, &PhoneController::securityWarning, this, &MainWindow::onSecurityWarning);
    connect(c, &PhoneController::keyNotice, this, &MainWindow::onKeyNotice);
    connect(c, &PhoneController::networkStatus, this, &MainWindow::showStatus);
    m_accounts->setAccounts(m_settings.accounts); // before: registrations may come at once
    pushAccounts();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildUi()
{
    setWindowTitle(tr("IAXPhone"));
    setWindowIcon(Icons::icon(QStringLiteral("iaxphone")));
    setObjectName(QStringLiteral("mainWindow"));

    MainMenus::install(
        this, [this] { openSettings(); }, [this] { quit(); });
    if (m_deps.contacts)
        addContactsAction(this, [this] { openContacts(); });

    m_accounts = new AccountBar(m_deps.controller);
    m_dial = new DialPanel(m_deps.history);
    m_dial->setContacts(m_deps.contacts);
    m_calls = new CallsCard(m_deps.controller, m_model, m_deps.history, m_deps.devices);
    callPanel()->setCurrentDevices(m_settings.audio.inputDevice, m_settings.audio.outputDevice);
    callPanel()->recordControl()->setRecordingsFolder(
        m_settings.general.recordingsFolder, m_settings.general.recordOpus);
    CallMenu::install(this, callPanel()); // the call actions' shortcuts
    m_links = new LinkOpener(this, m_accounts);
    auto* body = new QHBoxLayout;
    body->setSpacing(12);
    body->addWidget(m_dial);
    body->addWidget(m_calls, 1);
    auto* central = new QWidget;
    central->setObjectName(QStringLiteral("central"));
    central->setStyleSheet(QStringLiteral("QWidget#central { background: #f3f5f8; }"));
    auto* root = new QVBoxLayout(central);
    root->setContentsMargins(12, 12, 12, 12);
    root->setSpacing(12);
    m_securityBanner = new SecurityBanner;
    root->addWidget(m_securityBanner);
    root->addWidget(m_accounts);
    m_desk = new DeskFeaturesBar;
    root->addWidget(m_desk);
    root->addLayout(body, 1);
    setCentralWidget(central);
    resize(900, 620);

    connect(m_dial, &DialPanel::dialRequested, this, &MainWindow::dialCurrent);
    connect(m_accounts, &AccountBar::refreshed, this, &MainWindow::onAccountsRefreshed);
    connect(m_accounts, &AccountBar::settingsRequested, this, [this] { openSettings(); });
    connect(m_accounts, &AccountBar::registrationFailed, this, [this](const QString& name, const QString& reason) {
        const QString text = tr("Registration of %1 failed: %2").arg(name, reason);
        showStatus(text);
        if (m_tray && m_tray->isVisible() && m_settings.general.notifications)
            m_tray->showMessage(tr("Registration failed"), text, QSystemTrayIcon::Warning, 10000);
    });
    connect(callPanel(), &CallPanel::incomingHandled, this, &MainWindow::stopRinging);
    new E2eTrustKeeper(m_settings, m_deps.settingsStore, m_model, callPanel(), this); // issue 20
    // In an answered call the main pad and the keyboard's digits are DTMF (issue 21).
    m_dial->setDtmfSink([this](QChar digit) { return callPanel()->sendDigit(digit); });
    callView()->installEventFilter(m_dial); // its type-ahead search would take them
    installEventFilter(m_dial); // what the focused button or list leaves unhandled
    connect(m_calls, &CallsCard::redialRequested, this, &MainWindow::redial);
}

void MainWindow::quit()
{
    m_quit->request();
    if (m_quit->quitting())
        showStatus(tr("Hanging up and unregistering…"));
}

QMessageBox* MainWindow::quitConfirmation() const
{
    return m_quit->confirmation();
}

void MainWindow::onRegistration(const RegistrationSnapshot& reg)
{
    if (!reg.secretMissing || m_secretAsked.contains(reg.accountId))
        return;
    m_secretAsked << reg.accountId;
    showStatus(reg.reason);
    // After this signal's other receivers (the account bar shows the reason too).
    QTimer::singleShot(0, this, [this, id = reg.accountId] { openSettings(id); });
}

void MainWindow::pushAccounts()
{
    m_deps.controller->setDoNotDisturb(m_settings.general.doNotDisturb);
    for (const auto& a : m_settings.accounts) {
        m_deps.controller->setAccount(a, AccountSecrets { a.secret, a.keyPassphrase });
        m_deps.controller->registerAccount(a.id);
    }
}

QLineEdit* MainWindow::dialField() const
{
    return m_dial->field();
}

CallPanel* MainWindow::callPanel() const
{
    return m_calls->panel();
}

QListView* MainWindow::callView() const
{
    return m_calls->view();
}

bool MainWindow::openUri(const QString& uri)
{
    return m_links->openUri(uri);
}

bool MainWindow::openLink(const QString& uri)
{
    return m_links->openLink(uri);
}

QMessageBox* MainWindow::linkConfirmation() const
{
    return m_links->confirmation();
}

const QStringList& MainWindow::securityWarnings() const
{
    return m_securityBanner->warnings();
}

QSystemTrayIcon* MainWindow::trayIcon() const
{
    return m_tray;
}

QString MainWindow::currentAccountId() const
{
    return m_accounts->currentAccountId();
}

void MainWindow::onAccountsRefreshed()
{
    m_dial->showAccount(m_settings.account(currentAccountId()));
    refreshDesk();
    if (!m_tray)
        return;
    int registered = 0;
    const RegistrationState best = m_accounts->overall(&registered);
    m_tray->showRegistration(best, registered, int(m_settings.accounts.size()));
}

void MainWindow::onSecurityWarning(int, const QString& message)
{
    const QString text = tr("SECURITY WARNING: %1").arg(message);
    m_securityBanner->addWarning(text, message, this);
    showStatus(text);
    if (m_tray && m_tray->isVisible())
        m_tray->showMessage(tr("IAXPhone security warning"), message, QSystemTrayIcon::Warning, 30000);
}

void MainWindow::onKeyNotice(int callId, const QString& message)
{
    m_keyNotices << message;
    if (m_keyNotices.size() > 50)
        m_keyNotices.removeFirst();
    if (callId >= 0)
        m_model->setKeyNote(callId, message);
    showStatus(message);
}

void MainWindow::showStatus(const QString& text)
{
    m_lastStatus = text;
    statusBar()->showMessage(text, 10000);
}

void MainWindow::selectCall(int callId)
{
    m_calls->selectCall(callId);
}

void MainWindow::onCallChanged(const CallSnapshot& call, bool isNew)
{
    if (call.direction == CallDirection::Incoming && call.state != CallState::Ringing
        && call.state != CallState::Calling) {
        stopRinging(call.id); // the Ringer ignores calls it does not ring for
        if (call.id == m_incomingStatusCall) {
            if (statusBar()->currentMessage() == m_incomingStatus)
                statusBar()->clearMessage(); // no longer incoming: the call panel says what it is now
            m_incomingStatusCall = -1;
        }
    }
    if ((call.wrongSecret && isTerminal(call.state))
        || (call.state == CallState::Answered && !call.accountId.isEmpty())) {
        const QString note = call.wrongSecret ? call.cause : QString();
        if (m_accounts->noteAccount(call.accountId, note) && !note.isEmpty())
            showStatus(note);
    }
    if (!refuseChangedIdentity(call) && (!callView()->currentIndex().isValid() || isNew))
        selectCall(call.id);
}

void MainWindow::onIncomingCall(const CallSnapshot& call)
{
    selectCall(call.id);
    showNormal();
    raise();
    activateWindow();
    QApplication::alert(this);
    // The caller's name from the address book when its CALLING_NUMBER is a contact's.
    const Contact* contact = m_deps.contacts ? m_deps.contacts->findByNumber(call.number) : nullptr;
    if (contact)
        m_model->setContactName(call.id, contact->name);
    if (refuseNotEndToEnd(call, contact))
        return;
    const QString who = contact ? QStringLiteral("%1 (%2)").arg(contact->name, call.number)
        : call.peer.isEmpty()   ? call.number
                                : call.peer;
    if (m_deps.ringer)
        m_deps.ringer->startRinging(call.id, m_settings.general.ringtone,
            phone::ringerPreferences(m_settings.audio.ringerDevice, m_settings.audio.ringerHistory));
    if (m_tray && m_settings.general.notifications)
        m_tray->showMessage(tr("Incoming call"), tr("%1 is calling").arg(who), Icons::icon(QStringLiteral("phone")));
    // The caller's key may have been pinned just before (it comes first): keep that in sight.
    const CallSnapshot* known = m_model->snapshot(call.id);
    const QString note = known ? known->keyNote : QString();
    showStatus(note.isEmpty() ? tr("Incoming call from %1").arg(who) : tr("Incoming call from %1 — %2").arg(who, note));
    m_incomingStatus = m_lastStatus;
    m_incomingStatusCall = call.id;
}

void MainWindow::stopRinging(int callId)
{
    if (m_deps.ringer)
        m_deps.ringer->stopRinging(callId);
}

void MainWindow::onCallRemoved(const CallSnapshot& last)
{
    if (last.direction == CallDirection::Incoming)
        stopRinging(last.id);
    QString err;
    if (m_deps.history && !m_deps.history->add(CallHistory::entryOf(last, QDateTime::currentDateTimeUtc()), &err))
        showStatus(err);
}

void MainWindow::applySettings(const Settings& settings)
{
    for (const auto& old : m_settings.accounts) {
        if (!settings.account(old.id))
            m_deps.controller->removeAccount(old.id);
    }
    m_settings = settings;
    m_secretAsked.clear(); // a new secret may be missing again
    m_deps.controller->setDevices(m_settings.audio.inputDevice, m_settings.audio.outputDevice);
    m_deps.controller->setDevicePreferences(
        phone::devicePreferences(m_settings.audio.inputDevice, m_settings.audio.inputHistory),
        phone::devicePreferences(m_settings.audio.outputDevice, m_settings.audio.outputHistory));
    m_deps.controller->setAudioProcessing(m_settings.audio.echoCancellation, m_settings.audio.noiseSuppression);
    m_deps.controller->setEchoCancellationOnHeadsets(m_settings.audio.echoCancellationOnHeadsets);
    m_deps.controller->setFrameMs(m_settings.audio.frameMs);
    callPanel()->setCurrentDevices(m_settings.audio.inputDevice, m_settings.audio.outputDevice);
    callPanel()->recordControl()->setRecordingsFolder(
        m_settings.general.recordingsFolder, m_settings.general.recordOpus);
    m_accounts->setAccounts(m_settings.accounts); // before: registrations may come at once
    pushAccounts();
}

void MainWindow::openSettings(const QString& accountId)
{
    if (!m_deps.settingsStore || !m_deps.secretStore)
        return;
    SettingsDialog dialog(m_settings, *m_deps.settingsStore, *m_deps.secretStore, m_deps.devices, m_deps.keys, this);
    for (int row = 0; row < m_settings.accounts.size(); ++row) {
        if (m_settings.accounts.at(row).id == accountId)
            dialog.accountsPage()->select(row);
    }
    if (dialog.exec() == QDialog::Accepted)
        applySettings(withLiveTrust(dialog.settings()));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_tray && m_tray->isVisible() && !m_quitting) {
        hide();
        event->ignore();
        return;
    }
    if (!m_quitting) { // closing the window quits: unregister first
        event->ignore();
        quit();
        return;
    }
    QMainWindow::closeEvent(event);
}

} // namespace iax::ui
