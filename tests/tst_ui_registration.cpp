// The desktop app's registration lifecycle as the user meets it (issue 21 items 2–4), offscreen
// with a fake controller: quitting (the Quit action, Ctrl+Q, closing the window when that quits)
// asks first when calls are up, then lets the controller hang up and unregister, and exits only
// when it finished; a missing secret is said and opens that account's settings page; a failed
// registration of an account that is not selected is said in the status bar and shown on hover.
#include "core/phone/memory_secret_store.h"
#include "core/phone/qsettings_store.h"
#include "support/null_phone_controller.h"
#include "ui/accounts_page.h"
#include "ui/main_window.h"
#include "ui/settings_dialog.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace iax::ui;

namespace {

/// Records shutdown() and hangups; finishes the shutdown only when the test says so.
class QuittingController : public iax::test::NullPhoneController {
public:
    QList<int> shutdowns; ///< the timeouts given
    void shutdown(int timeoutMs) override { shutdowns << timeoutMs; }
    void finish() { Q_EMIT shutdownFinished(); }
    void reportRegistration(const RegistrationSnapshot& r) { Q_EMIT registrationChanged(r); }
    void reportCall(const CallSnapshot& c) { Q_EMIT callUpdated(c); }
};

Settings twoAccounts()
{
    Settings s;
    for (const char* id : { "home", "work" }) {
        AccountSettings a;
        a.id = QString::fromLatin1(id);
        a.name = QStringLiteral("Account %1").arg(a.id);
        a.host = QStringLiteral("192.0.2.7");
        a.username = a.id;
        a.secret = QStringLiteral("secret");
        s.accounts << a;
    }
    return s;
}

struct Window {
    QTemporaryDir dir;
    QuittingController controller;
    QSettingsStore store { dir.filePath(QStringLiteral("iaxphone.ini")) };
    MemorySecretStore secrets;
    MainWindowDeps deps;
    std::unique_ptr<MainWindow> w;
    explicit Window(const Settings& s = twoAccounts())
    {
        deps.controller = &controller;
        deps.settingsStore = &store;
        deps.secretStore = &secrets;
        deps.useTray = false;
        w = std::make_unique<MainWindow>(deps, s);
        w->show();
    }
};

QAction* quitAction(MainWindow& w)
{
    for (QAction* a : w.findChildren<QAction*>())
        if (a->text() == QLatin1String("&Quit")) // Ctrl+Q where the platform has that shortcut
            return a;
    return nullptr;
}

RegistrationSnapshot failed(const QString& id, const QString& reason)
{
    RegistrationSnapshot r;
    r.accountId = id;
    r.state = RegistrationState::Failed;
    r.reason = reason;
    return r;
}

} // namespace

class TstUiRegistration : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void quitUnregistersBeforeExiting()
    {
        Window win;
        QAction* quit = quitAction(*win.w);
        QVERIFY(quit);
        quit->trigger(); // Ctrl+Q
        QCOMPARE(win.controller.shutdowns.size(), 1);
        QVERIFY(win.controller.shutdowns.first() > 0 && win.controller.shutdowns.first() <= 1000);
        QVERIFY(!win.w->quitConfirmation()); // no call up: nothing to ask
        QVERIFY(win.w->isVisible()); // waits for the acknowledgements
        quit->trigger(); // pressed again while waiting: still one shutdown
        QCOMPARE(win.controller.shutdowns.size(), 1);
        win.controller.finish();
        QTRY_VERIFY(!win.w->isVisible());
    }

    void closingTheWindowThatQuitsUnregistersFirst()
    {
        Window win; // no tray: closing the window quits
        QVERIFY(!win.w->close());
        QVERIFY(win.w->isVisible());
        QCOMPARE(win.controller.shutdowns.size(), 1);
        win.controller.finish();
        QTRY_VERIFY(!win.w->isVisible());
    }

    void quittingWithCallsUpAsksFirst()
    {
        Window win;
        CallSnapshot c;
        c.id = 7;
        c.accountId = QStringLiteral("home");
        c.number = c.peer = QStringLiteral("100");
        c.state = CallState::Answered;
        win.controller.reportCall(c);
        win.w->quit();
        QMessageBox* ask = win.w->quitConfirmation();
        QVERIFY(ask);
        QVERIFY(ask->text().contains(QLatin1String("call")));
        QCOMPARE(win.controller.shutdowns.size(), 0); // nothing hung up before the answer
        ask->button(QMessageBox::Cancel)->click();
        QTRY_VERIFY(!win.w->quitConfirmation());
        QCOMPARE(win.controller.shutdowns.size(), 0);
        QVERIFY(win.w->isVisible());

        win.w->quit();
        ask = win.w->quitConfirmation();
        QVERIFY(ask);
        QAbstractButton* hangUp = nullptr;
        for (QAbstractButton* b : ask->buttons())
            if (ask->buttonRole(b) == QMessageBox::AcceptRole)
                hangUp = b;
        QVERIFY(hangUp);
        hangUp->click();
        QTRY_COMPARE(win.controller.shutdowns.size(), 1); // hangs up and unregisters
        win.controller.finish();
        QTRY_VERIFY(!win.w->isVisible());
    }

    void missingSecretOpensTheAccountsPage()
    {
        Window win;
        QString selectedInDialog;
        QTimer poll;
        QObject::connect(&poll, &QTimer::timeout, [&] {
            auto* dialog = qobject_cast<SettingsDialog*>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            auto* list = dialog->accountsPage()->findChild<QListWidget*>();
            if (list && list->currentItem())
                selectedInDialog = list->currentItem()->text();
            dialog->reject();
        });
        poll.start(20);
        RegistrationSnapshot r
            = failed(QStringLiteral("work"), QStringLiteral("The secret for account \"Account work\" is missing"));
        r.secretMissing = true;
        win.controller.reportRegistration(r);
        QTRY_COMPARE(selectedInDialog, QStringLiteral("Account work"));
        QVERIFY(win.w->lastStatus().contains(QLatin1String("secret")));
        // Said once: the same report again does not reopen the settings.
        selectedInDialog.clear();
        win.controller.reportRegistration(r);
        QTest::qWait(100);
        QVERIFY(selectedInDialog.isEmpty());
    }

    void failureOfAnotherAccountIsSaidAndShownOnHover()
    {
        Window win;
        QCOMPARE(win.w->currentAccountId(), QStringLiteral("home"));
        const QString why = QStringLiteral("rejected by the server: no such peer");
        win.controller.reportRegistration(failed(QStringLiteral("work"), why));
        QVERIFY2(win.w->lastStatus().contains(QLatin1String("Account work")) && win.w->lastStatus().contains(why),
            qPrintable(win.w->lastStatus()));
        auto* combo = win.w->findChild<QComboBox*>(QStringLiteral("accountCombo"));
        QVERIFY(combo);
        const int row = combo->findData(QStringLiteral("work"));
        QVERIFY(combo->itemData(row, Qt::ToolTipRole).toString().contains(why));
        QVERIFY(combo->toolTip().contains(why));

        // The selected account's failure is in the bar already: not repeated in the status bar.
        win.w->showStatus(QString());
        win.controller.reportRegistration(failed(QStringLiteral("home"), QStringLiteral("server unreachable")));
        QVERIFY(win.w->lastStatus().isEmpty());
    }
};

QTEST_MAIN(TstUiRegistration)
#include "tst_ui_registration.moc"
