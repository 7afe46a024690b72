#include "ui/main_window.h"

#include "core/phone/call_history.h"
#include "ui/call_item_delegate.h"
#include "ui/call_list_model.h"
#include "ui/call_panel.h"
#include "ui/dial_pad.h"
#include "ui/icons.h"
#include "ui/ringer.h"
#include "core/phone/secure_dialer.h"
#include "ui/phone_names.h"
#include "ui/settings_dialog.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QCompleter>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QStringListModel>
#include <QSystemTrayIcon>
#include <QVBoxLayout>

#include <algorithm>

namespace iax::ui {

namespace {

QFrame* card(const char* name)
{
    auto* f = new QFrame;
    f->setObjectName(QLatin1String(name));
    f->setStyleSheet(
        QStringLiteral("QFrame#%1 { background: #ffffff; border: 1px solid #dde2e8; border-radius: 10px; }")
            .arg(QLatin1String(name)));
    return f;
}

QString regText(RegistrationState s)
{
    switch (s) {
    case RegistrationState::Offline:
        return MainWindow::tr("Not registered");
    case RegistrationState::Registering:
        return MainWindow::tr("Registering…");
    case RegistrationState::Registered:
        return MainWindow::tr("Registered");
    case RegistrationState::Failed:
        return MainWindow::tr("Registration failed");
    }
    return {};
}

QString regIcon(RegistrationState s)
{
    switch (s) {
    case RegistrationState::Offline:
        return QStringLiteral("tray-offline");
    case RegistrationState::Registering:
        return QStringLiteral("tray-registering");
    case RegistrationState::Registered:
        return QStringLiteral("tray-registered");
    case RegistrationState::Failed:
        return QStringLiteral("tray-failed");
    }
    return QStringLiteral("tray-offline");
}

QString regColor(RegistrationState s)
{
    switch (s) {
    case RegistrationState::Registered:
        return QStringLiteral("#2e9d57");
    case RegistrationState::Registering:
        return QStringLiteral("#c98a12");
    case RegistrationState::Failed:
        return QStringLiteral("#d64541");
    case RegistrationState::Offline:
        break;
    }
    return QStringLiteral("#8a94a3");
}

} // namespace

MainWindow::MainWindow(const MainWindowDeps& deps, const Settings& settings, QWidget* parent)
    : QMainWindow(parent)
    , m_deps(deps)
    , m_settings(settings)
{
    Icons::initResources();
    Q_ASSERT(m_deps.controller);
    m_model = new CallListModel(m_deps.controller, this);
    m_secureDialer = new SecureDialer(m_deps.controller, this);
    buildUi();
    buildTray();

    PhoneController* c = m_deps.controller;
    connect(c, &PhoneController::callUpdated, this, &MainWindow::onCallUpdated);
    connect(c, &PhoneController::incomingCall, this, &MainWindow::onIncomingCall);
    connect(c, &PhoneController::callRemoved, this, &MainWindow::onCallRemoved);
    connect(c, &PhoneController::registrationChanged, this, &MainWindow::onRegistration);
    connect(c, &PhoneController::commandFailed, this, [this](int, const QString& reason) { showStatus(reason); });
    connect(c, &PhoneController::securityWarning, this, &MainWindow::onSecurityWarning);
    connect(c, &PhoneController::keyNotice, this, &MainWindow::onKeyNotice);
    connect(m_secureDialer, &SecureDialer::progress, this, [this](int id, const QString& text) {
        m_panel->setSecureDialStatus(id, text, false);
        showStatus(text);
    });
    connect(m_secureDialer, &SecureDialer::destinationSent, this, [this](int id, const QString& text) {
        m_model->markSecureDial(id);
        m_tracks[id].secureDial = true;
        m_panel->setSecureDialStatus(id, QStringLiteral("🔒 ") + text, true);
        showStatus(text);
    });
    connect(m_secureDialer, &SecureDialer::failed, this, [this](int id, const QString& reason) {
        if (id >= 0)
            m_panel->setSecureDialStatus(id, reason, false);
        showStatus(reason);
    });
    pushAccounts();
    refreshAccounts();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildUi()
{
    setWindowTitle(tr("IAXPhone"));
    setWindowIcon(Icons::icon(QStringLiteral("iaxphone")));
    setObjectName(QStringLiteral("mainWindow"));

    QMenu* file = menuBar()->addMenu(tr("&Phone"));
    QAction* settingsAction = file->addAction(tr("&Settings…"), this, &MainWindow::openSettings);
    settingsAction->setShortcut(QKeySequence::Preferences);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, [this] {
        m_quitting = true;
        close();
        qApp->quit();
    });
    quit->setShortcut(QKeySequence::Quit);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About IAXPhone"), this, [this] {
        QMessageBox::about(this, tr("About IAXPhone"),
            tr("<b>IAXPhone %1</b><br>An IAX2 softphone with AES-128 encryption that never claims more than "
               "is true.")
                .arg(QApplication::applicationVersion()));
    });

    // Account bar.
    auto* accountCard = card("accountCard");
    m_account = new QComboBox;
    m_account->setObjectName(QStringLiteral("accountCombo"));
    m_account->setMinimumWidth(240);
    m_account->setIconSize(QSize(18, 18));
    m_regLabel = new QLabel;
    m_regLabel->setObjectName(QStringLiteral("registrationLabel"));
    m_regLabel->setTextFormat(Qt::PlainText); // shows the server's reasons: never rendered as HTML
    m_regButton = new QPushButton;
    m_regButton->setObjectName(QStringLiteral("registerButton"));
    auto* accountRow = new QHBoxLayout(accountCard);
    accountRow->setContentsMargins(12, 8, 12, 8);
    auto* accountLabel = new QLabel(tr("Account:"));
    accountLabel->setStyleSheet(QStringLiteral("color: #5b6675;"));
    accountRow->addWidget(accountLabel);
    accountRow->addWidget(m_account);
    accountRow->addSpacing(8);
    accountRow->addWidget(m_regLabel, 1);
    accountRow->addWidget(m_regButton);

    // Dialling column.
    auto* dialCard = card("dialCard");
    m_dial = new QLineEdit;
    m_dial->setObjectName(QStringLiteral("dialField"));
    m_dial->setPlaceholderText(tr("Number or iax2: address"));
    m_dial->setClearButtonEnabled(true);
    m_dial->setMinimumHeight(36);
    m_dial->setStyleSheet(QStringLiteral("QLineEdit { font-size: 16px; border: 1px solid #cfd6df; border-radius: 8px;"
                                         " padding: 4px 8px; background: #ffffff; }"
                                         "QLineEdit:focus { border-color: #2f6fdf; }"));
    m_completions = new QStringListModel(m_deps.history ? m_deps.history->numbers() : QStringList(), this);
    m_completer = new QCompleter(m_completions, this);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchContains);
    m_dial->setCompleter(m_completer);
    m_call = new QPushButton(tr("Call"));
    m_call->setObjectName(QStringLiteral("callButton"));
    m_call->setMinimumHeight(40);
    m_call->setCursor(Qt::PointingHandCursor);
    m_call->setStyleSheet(
        QStringLiteral("QPushButton { background: #2e9d57; color: white; font-size: 15px; font-weight:"
                       " 700; border: none; border-radius: 8px; padding: 6px 18px; }"
                       "QPushButton:hover { background: #27864a; }"
                       "QPushButton:disabled { background: #a9d6b9; }"));
    m_secure = new QCheckBox(tr("Secure dial"));
    m_secure->setObjectName(QStringLiteral("secureDialToggle"));
    m_pad = new DialPad;
    auto* dialCol = new QVBoxLayout(dialCard);
    dialCol->setContentsMargins(12, 12, 12, 12);
    dialCol->setSpacing(10);
    dialCol->addWidget(m_dial);
    dialCol->addWidget(m_secure);
    dialCol->addWidget(m_pad, 1);
    dialCol->addWidget(m_call);
    dialCard->setFixedWidth(270);

    // Calls column.
    auto* callsCard = card("callsCard");
    auto* callsTitle = new QLabel(tr("Calls"));
    callsTitle->setStyleSheet(QStringLiteral("font-weight: 700; color: #1f2937; font-size: 14px;"));
    m_view = new QListView;
    m_view->setObjectName(QStringLiteral("callList"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new CallItemDelegate(m_view));
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setStyleSheet(QStringLiteral("QListView { background: transparent; }"));
    m_view->setMinimumHeight(150);
    m_panel = new CallPanel(m_deps.controller, m_model, m_deps.devices);
    m_panel->setCurrentDevices(m_settings.audio.inputDevice, m_settings.audio.outputDevice);
    auto* line = new QFrame;
    line->setFrameShape(QFrame::HLine);
    line->setStyleSheet(QStringLiteral("color: #e5e9ee;"));
    auto* callsCol = new QVBoxLayout(callsCard);
    callsCol->setContentsMargins(12, 12, 12, 6);
    callsCol->addWidget(callsTitle);
    callsCol->addWidget(m_view, 3);
    if (m_deps.history) {
        auto* recentTitle = new QLabel(tr("Recent calls"));
        recentTitle->setStyleSheet(QStringLiteral("font-weight: 700; color: #1f2937; font-size: 13px;"));
        m_recent = new QListWidget;
        m_recent->setObjectName(QStringLiteral("recentCalls"));
        m_recent->setFrameShape(QFrame::NoFrame);
        m_recent->setIconSize(QSize(16, 16));
        m_recent->setStyleSheet(QStringLiteral("QListWidget { background: transparent; color: #374151; }"
                                               "QListWidget::item { padding: 3px 2px; }"
                                               "QListWidget::item:hover { background: #eef3fb; border-radius: 6px; }"));
        m_recent->setToolTip(tr("Double-click to call again"));
        callsCol->addWidget(recentTitle);
        callsCol->addWidget(m_recent, 2);
        connect(m_recent, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
            const int idx = m_account->findData(item->data(Qt::UserRole + 1).toString());
            if (idx >= 0)
                m_account->setCurrentIndex(idx);
            m_dial->setText(item->data(Qt::UserRole).toString());
            dialCurrent();
        });
    }
    callsCol->addWidget(line);
    callsCol->addWidget(m_panel);

    auto* body = new QHBoxLayout;
    body->setSpacing(12);
    body->addWidget(dialCard);
    body->addWidget(callsCard, 1);
    auto* central = new QWidget;
    central->setObjectName(QStringLiteral("central"));
    central->setStyleSheet(QStringLiteral("QWidget#central { background: #f3f5f8; }"));
    auto* root = new QVBoxLayout(central);
    root->setContentsMargins(12, 12, 12, 12);
    root->setSpacing(12);
    m_securityBanner = new QLabel;
    m_securityBanner->setObjectName(QStringLiteral("securityBanner"));
    m_securityBanner->setWordWrap(true);
    m_securityBanner->setTextFormat(Qt::RichText);
    m_securityBanner->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
    m_securityBanner->setStyleSheet(QStringLiteral("QLabel { color: #ffffff; background: #b42318; border-radius: 8px;"
                                                   " padding: 8px 12px; font-weight: bold; }"));
    m_securityBanner->hide();
    connect(m_securityBanner, &QLabel::linkActivated, this, [this](const QString& link) {
        if (link == QLatin1String("dismiss")) {
            m_securityWarnings.clear();
            m_securityBanner->hide();
        }
    });
    root->addWidget(m_securityBanner);
    root->addWidget(accountCard);
    root->addLayout(body, 1);
    setCentralWidget(central);
    resize(900, 620);

    connect(m_call, &QPushButton::clicked, this, &MainWindow::dialCurrent);
    connect(m_dial, &QLineEdit::returnPressed, this, &MainWindow::dialCurrent);
    connect(m_pad, &DialPad::digitPressed, this, &MainWindow::onDialPadDigit);
    connect(m_account, &QComboBox::currentIndexChanged, this, [this] {
        refreshAccounts();
        updateSecureDialToggle();
    });
    connect(m_regButton, &QPushButton::clicked, this, [this] {
        const QString id = currentAccountId();
        if (id.isEmpty()) {
            openSettings();
            return;
        }
        const auto st = m_registrations.value(id).state;
        if (st == RegistrationState::Registered || st == RegistrationState::Registering)
            m_deps.controller->unregisterAccount(id);
        else
            m_deps.controller->registerAccount(id);
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::onSelectionChanged);
    connect(m_panel, &CallPanel::incomingHandled, this, &MainWindow::stopRinging);
    if (m_deps.history) {
        connect(m_deps.history, &CallHistory::changed, this, [this] {
            m_completions->setStringList(m_deps.history->numbers());
            refreshRecent();
        });
        refreshRecent();
    }
}

void MainWindow::refreshRecent()
{
    if (!m_recent || !m_deps.history)
        return;
    m_recent->clear();
    const auto& entries = m_deps.history->entries();
    for (int i = 0; i < entries.size() && i < 50; ++i) {
        const CallHistoryEntry& e = entries[i];
        const QString when = QLocale().toString(e.startedAt.toLocalTime(), QLocale::ShortFormat);
        QString what;
        if (e.durationSeconds > 0 || e.outcome == QLatin1String("answered"))
            what = tr("%1:%2 min").arg(e.durationSeconds / 60).arg(e.durationSeconds % 60, 2, 10, QLatin1Char('0'));
        else
            what = e.outcome;
        const QString arrow = e.direction == CallDirection::Incoming ? QStringLiteral("↙") : QStringLiteral("↗");
        auto* item = new QListWidgetItem(
            Icons::icon(e.encrypted ? QStringLiteral("padlock-closed") : QStringLiteral("padlock-open")),
            QStringLiteral("%1  %2    %3 · %4%5")
                .arg(arrow, e.peer.isEmpty() || e.peer == e.number ? e.number : tr("%1 (%2)").arg(e.peer, e.number),
                    when, what, e.secureDial ? tr(" · secure dial") : QString()),
            m_recent);
        item->setData(Qt::UserRole, e.number);
        item->setData(Qt::UserRole + 1, e.accountId);
        item->setToolTip(e.encrypted ? tr("This call was encrypted.") : tr("This call was not encrypted."));
    }
    if (entries.isEmpty()) {
        auto* item = new QListWidgetItem(tr("No calls yet."), m_recent);
        item->setFlags(Qt::NoItemFlags);
    }
}

void MainWindow::buildTray()
{
    if (!m_deps.useTray || !QSystemTrayIcon::isSystemTrayAvailable())
        return; // No tray: the window is the only surface; closing it quits.
    m_tray = new QSystemTrayIcon(this);
    auto* menu = new QMenu(this);
    menu->addAction(tr("Show IAXPhone"), this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    menu->addSeparator();
    menu->addAction(tr("Quit"), this, [this] {
        m_quitting = true;
        close();
        qApp->quit();
    });
    m_tray->setContextMenu(menu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason r) {
        if (r != QSystemTrayIcon::Trigger)
            return;
        if (isVisible() && !isMinimized()) {
            hide();
        } else {
            showNormal();
            raise();
            activateWindow();
        }
    });
    refreshTray();
    m_tray->show();
}

void MainWindow::pushAccounts()
{
    for (const auto& a : m_settings.accounts) {
        m_deps.controller->setAccount(a, AccountSecrets { a.secret, a.keyPassphrase });
        m_deps.controller->registerAccount(a.id);
    }
}

QString MainWindow::currentAccountId() const
{
    return m_account->currentData().toString();
}

void MainWindow::refreshAccounts()
{
    const QString selected = currentAccountId();
    {
        const QSignalBlocker block(m_account);
        m_account->clear();
        for (const auto& a : m_settings.accounts) {
            const auto st = m_registrations.value(a.id).state;
            m_account->addItem(Icons::icon(regIcon(st)), a.name, a.id);
        }
        const int idx = m_account->findData(selected);
        m_account->setCurrentIndex(idx >= 0 ? idx : 0);
    }
    const QString id = currentAccountId();
    if (id.isEmpty()) {
        m_regLabel->setText(tr("No account yet — add one in Settings."));
        m_regLabel->setStyleSheet(QStringLiteral("color: #5b6675;"));
        m_regButton->setText(tr("Settings…"));
    } else {
        const RegistrationSnapshot r = m_registrations.value(id);
        QString text = QStringLiteral("● ") + regText(r.state);
        if (!r.reason.isEmpty() && r.state != RegistrationState::Registered)
            text += QStringLiteral(" — ") + r.reason;
        if (const QString note = m_accountNotes.value(id); !note.isEmpty())
            text += QStringLiteral(" — ⚠ ") + note;
        m_regLabel->setText(text);
        m_regLabel->setToolTip(
            r.apparentAddress.isEmpty() ? QString() : tr("Seen by the server as %1").arg(r.apparentAddress));
        m_regLabel->setStyleSheet(QStringLiteral("color: %1; font-weight: 600;").arg(regColor(r.state)));
        const bool on = r.state == RegistrationState::Registered || r.state == RegistrationState::Registering;
        m_regButton->setText(on ? tr("Unregister") : tr("Register"));
    }
    m_call->setEnabled(!id.isEmpty());
    updateSecureDialToggle();
    refreshTray();
}

void MainWindow::updateSecureDialToggle()
{
    const QString id = currentAccountId();
    const AccountSettings* a = m_settings.account(id);
    const bool available = a && !a->secureDialExtension.isEmpty() && a->encryption != EncryptionPolicy::Off;
    m_secure->setEnabled(available);
    // The account's default applies when the account (or its settings) change; a registration
    // update must not undo the user's own choice.
    const bool defaultOn = available && a->secureDialEnabled;
    if (id != m_secureDefaultFor || defaultOn != m_secureDefault || !available)
        m_secure->setChecked(defaultOn);
    m_secureDefaultFor = id;
    m_secureDefault = defaultOn;
    m_secure->setToolTip(available ? tr("Calls %1 and sends the number as encrypted DTMF once the call is encrypted.")
                                         .arg(a->secureDialExtension)
                                   : tr("Set a secure dial extension for this account in Settings."));
}

void MainWindow::refreshTray()
{
    if (!m_tray)
        return;
    RegistrationState best = RegistrationState::Offline;
    int registered = 0;
    for (const auto& a : m_settings.accounts) {
        const auto st = m_registrations.value(a.id).state;
        if (st == RegistrationState::Registered)
            ++registered;
        if (st == RegistrationState::Registered
            || (st == RegistrationState::Registering && best != RegistrationState::Registered)
            || (st == RegistrationState::Failed && best == RegistrationState::Offline))
            best = st;
    }
    m_tray->setIcon(Icons::icon(regIcon(best)));
    m_tray->setToolTip(tr("IAXPhone — %1 (%2 of %3 accounts registered)")
                           .arg(regText(best))
                           .arg(registered)
                           .arg(m_settings.accounts.size()));
}

void MainWindow::onSecurityWarning(int, const QString& message)
{
    const QString text = tr("SECURITY WARNING: %1").arg(message);
    m_securityWarnings << text;
    QString html;
    for (const QString& w : std::as_const(m_securityWarnings))
        html += QStringLiteral("<p>%1</p>").arg(w.toHtmlEscaped());
    html += QStringLiteral("<p><a href='dismiss' style='color:#ffffff'>%1</a></p>").arg(tr("Dismiss").toHtmlEscaped());
    m_securityBanner->setText(html);
    m_securityBanner->setToolTip(tr("Check the key with the peer by another channel before trusting a new one; "
                                    "to accept it, remove the old key under Settings → Trusted keys."));
    m_securityBanner->show();
    showStatus(text);
    if (m_tray && m_tray->isVisible())
        m_tray->showMessage(tr("IAXPhone security warning"), message, QSystemTrayIcon::Warning, 30000);
    if (!m_securityBox) {
        m_securityBox = new QMessageBox(QMessageBox::Warning, tr("Security warning"), QString(), QMessageBox::Ok, this);
        m_securityBox->setObjectName(QStringLiteral("securityWarningBox"));
        m_securityBox->setAttribute(Qt::WA_DeleteOnClose);
        m_securityBox->setWindowModality(Qt::NonModal);
    }
    m_securityBox->setText(message);
    m_securityBox->setInformativeText(m_securityBanner->toolTip());
    m_securityBox->show();
}

void MainWindow::onKeyNotice(int callId, const QString& message)
{
    m_keyNotices << message;
    if (m_keyNotices.size() > 50)
        m_keyNotices.removeFirst();
    if (callId >= 0) {
        m_callKeyNotes.insert(callId, message);
        m_panel->setKeyNote(callId, QStringLiteral("🔑 ") + message);
    }
    showStatus(message);
}

void MainWindow::showStatus(const QString& text)
{
    m_lastStatus = text;
    statusBar()->showMessage(text, 10000);
}

void MainWindow::selectCall(int callId)
{
    const int row = m_model->rowOf(callId);
    if (row >= 0)
        m_view->setCurrentIndex(m_model->index(row));
}

void MainWindow::onSelectionChanged()
{
    const QModelIndex idx = m_view->currentIndex();
    m_panel->setCall(idx.isValid() ? idx.data(CallListModel::CallIdRole).toInt() : -1);
}

void MainWindow::onCallUpdated(const CallSnapshot& call)
{
    const bool isNew = !m_tracks.contains(call.id);
    CallTrack& t = m_tracks[call.id];
    if (isNew)
        t.firstSeen = QDateTime::currentDateTimeUtc();
    t.last = call;
    if (isTerminal(call.state) && !t.endedAt.isValid())
        t.endedAt = QDateTime::currentDateTimeUtc();
    t.everEncrypted = t.everEncrypted || call.encryption == EncryptionState::Encrypted;
    if (t.ringing && call.state != CallState::Ringing && call.state != CallState::Calling)
        stopRinging(call.id);
    if ((call.wrongSecret && isTerminal(call.state))
        || (call.state == CallState::Answered && !call.accountId.isEmpty()))
        noteAccount(call.accountId, call.wrongSecret ? call.cause : QString());
    if (!m_view->currentIndex().isValid() || isNew)
        selectCall(call.id);
}

void MainWindow::onIncomingCall(const CallSnapshot& call)
{
    onCallUpdated(call);
    CallTrack& t = m_tracks[call.id];
    t.ringing = true;
    selectCall(call.id);
    showNormal();
    raise();
    activateWindow();
    QApplication::alert(this);
    const QString who = call.peer.isEmpty() ? call.number : call.peer;
    if (m_deps.ringer)
        m_deps.ringer->startRinging(call.id, m_settings.general.ringtone, m_settings.audio.ringerDevice);
    if (m_tray && m_settings.general.notifications)
        m_tray->showMessage(tr("Incoming call"), tr("%1 is calling").arg(who), Icons::icon(QStringLiteral("phone")));
    // The caller's key may have been pinned just before (it comes first): keep that in sight.
    const QString note = m_callKeyNotes.value(call.id);
    showStatus(note.isEmpty() ? tr("Incoming call from %1").arg(who) : tr("Incoming call from %1 — %2").arg(who, note));
}

void MainWindow::stopRinging(int callId)
{
    auto it = m_tracks.find(callId);
    if (it == m_tracks.end() || !it->ringing)
        return;
    it->ringing = false;
    if (m_deps.ringer)
        m_deps.ringer->stopRinging(callId);
}

void MainWindow::onCallRemoved(int callId)
{
    stopRinging(callId);
    if (m_callKeyNotes.remove(callId))
        m_panel->setKeyNote(callId, QString());
    const auto it = m_tracks.constFind(callId);
    if (it == m_tracks.constEnd())
        return;
    const CallTrack t = *it;
    m_tracks.erase(it);
    if (!m_deps.history)
        return;
    CallHistoryEntry e;
    e.accountId = t.last.accountId;
    e.number = t.dialled.isEmpty() ? t.last.number : t.dialled;
    e.peer = t.last.peer;
    e.direction = t.last.direction;
    e.startedAt = t.firstSeen;
    const QDateTime end = t.endedAt.isValid() ? t.endedAt : QDateTime::currentDateTimeUtc();
    e.durationSeconds = t.last.answeredAt.isValid() ? int(std::max<qint64>(0, t.last.answeredAt.secsTo(end))) : 0;
    e.encrypted = t.everEncrypted;
    e.secureDial = t.secureDial;
    if (t.last.state == CallState::Failed)
        e.outcome = tr("failed: %1").arg(t.last.cause);
    else if (t.last.answeredAt.isValid())
        e.outcome = QStringLiteral("answered");
    else
        e.outcome
            = t.last.direction == CallDirection::Incoming ? QStringLiteral("missed") : QStringLiteral("cancelled");
    QString err;
    if (!m_deps.history->add(e, &err))
        showStatus(err);
}

void MainWindow::onRegistration(const RegistrationSnapshot& reg)
{
    m_registrations.insert(reg.accountId, reg);
    if (reg.state == RegistrationState::Registered)
        m_accountNotes.remove(reg.accountId); // its credentials work
    refreshAccounts();
}

void MainWindow::noteAccount(const QString& accountId, const QString& note)
{
    if (m_accountNotes.value(accountId) == note)
        return;
    if (note.isEmpty())
        m_accountNotes.remove(accountId);
    else
        m_accountNotes.insert(accountId, note);
    refreshAccounts();
    if (!note.isEmpty())
        showStatus(note);
}

void MainWindow::onDialPadDigit(QChar digit)
{
    m_dial->insert(QString(digit));
    m_dial->setFocus();
}

void MainWindow::dialCurrent()
{
    const QString number = m_dial->text().trimmed();
    if (number.isEmpty())
        return;
    if (number.startsWith(QLatin1String("iax2:"), Qt::CaseInsensitive)
        || number.startsWith(QLatin1String("iax:"), Qt::CaseInsensitive)) {
        if (openUri(number))
            m_dial->clear();
        return;
    }
    const AccountSettings* a = m_settings.account(currentAccountId());
    if (!a) {
        showStatus(tr("Add an account in Settings before calling."));
        return;
    }
    int id = -1;
    if (m_secure->isEnabled() && m_secure->isChecked()) {
        id = m_secureDialer->dial(
            a->id, number, SecureDialConfig { a->secureDialExtension, a->secureDialTerminator, a->secureDialPauseMs });
    } else {
        id = m_deps.controller->dial(a->id, number);
    }
    if (id < 0)
        return;
    m_tracks[id].dialled = number;
    if (!m_tracks[id].firstSeen.isValid())
        m_tracks[id].firstSeen = QDateTime::currentDateTimeUtc();
    selectCall(id);
    m_dial->clear();
}

void MainWindow::applySettings(const Settings& settings)
{
    for (const auto& old : m_settings.accounts) {
        if (!settings.account(old.id)) {
            m_deps.controller->removeAccount(old.id);
            m_registrations.remove(old.id);
        }
    }
    m_settings = settings;
    m_accountNotes.clear(); // the secret may have been corrected
    m_deps.controller->setDevices(m_settings.audio.inputDevice, m_settings.audio.outputDevice);
    m_deps.controller->setAudioProcessing(m_settings.audio.echoCancellation, m_settings.audio.noiseSuppression);
    m_panel->setCurrentDevices(m_settings.audio.inputDevice, m_settings.audio.outputDevice);
    pushAccounts();
    refreshAccounts();
}

void MainWindow::openSettings()
{
    if (!m_deps.settingsStore || !m_deps.secretStore)
        return;
    SettingsDialog dialog(m_settings, *m_deps.settingsStore, *m_deps.secretStore, m_deps.devices, m_deps.keys, this);
    if (dialog.exec() == QDialog::Accepted)
        applySettings(dialog.settings());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_tray && m_tray->isVisible() && !m_quitting) {
        hide();
        event->ignore();
        return;
    }
    QMainWindow::closeEvent(event);
}

} // namespace iax::ui
