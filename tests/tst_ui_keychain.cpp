// Secrets go to the OS keychain (qtkeychain → Secret Service), never into the settings file.
// Runs under tests/scripts/with-keyring.sh: a private D-Bus session with an unlocked
// gnome-keyring, so no real keychain is touched.
#include "core/phone/keychain_secret_store.h"
#include "core/phone/qsettings_store.h"
#include "core/phone/settings_persistence.h"
#include "ui/keychain_wait_dialog.h"
#include "ui/settings_dialog.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPushButton>
#include <QTimer>

#include <signal.h>

#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace iax::ui;

class TstUiKeychain : public QObject {
    Q_OBJECT
    QString m_service = QStringLiteral("iaxphone-test-%1").arg(QUuid::createUuid().toString(QUuid::Id128));

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS") || keyringPid() <= 0)
            QFAIL("no D-Bus session or no IAX_KEYRING_PID: run this test through tests/scripts/with-keyring.sh");
    }

    void storeReadRemove()
    {
        KeychainSecretStore store(m_service, 10000);
        QString error;
        QVERIFY2(store.write(QStringLiteral("k"), QStringLiteral("v1"), &error), qPrintable(error));
        QCOMPARE(store.read(QStringLiteral("k"), &error).value_or(QString()), QStringLiteral("v1"));
        QVERIFY2(store.write(QStringLiteral("k"), QStringLiteral("v2"), &error), qPrintable(error));
        QCOMPARE(store.read(QStringLiteral("k"), &error).value_or(QString()), QStringLiteral("v2"));
        QVERIFY2(store.remove(QStringLiteral("k"), &error), qPrintable(error));
        error.clear();
        QVERIFY(!store.read(QStringLiteral("k"), &error).has_value());
        QVERIFY2(error.isEmpty(), qPrintable(error)); // absent is not an error
        QVERIFY(store.remove(QStringLiteral("never-there"), &error)); // removing nothing succeeds
    }

    void dialogPutsTheSecretInTheKeychainNotTheIni()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(QStringLiteral("iaxphone.ini"));
        QSettingsStore settingsStore(ini);
        KeychainSecretStore secrets(m_service, 10000);
        const QString secret = QStringLiteral("kc-%1").arg(QUuid::createUuid().toString(QUuid::Id128));

        Settings s;
        AccountSettings a;
        a.id = QStringLiteral("acc-1");
        a.name = QStringLiteral("PBX");
        a.host = QStringLiteral("pbx.example.net");
        a.username = QStringLiteral("alice");
        s.accounts << a;
        SettingsDialog dialog(s, settingsStore, secrets, nullptr);
        dialog.show();
        dialog.findChild<QLineEdit*>(QStringLiteral("secret"))->setText(secret);
        dialog.accept();
        QVERIFY2(dialog.result() == QDialog::Accepted, qPrintable(dialog.errorText()));

        QFile f(ini);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(bytes.contains("pbx.example.net")); // the plain values are there …
        QVERIFY(!bytes.contains(secret.toUtf8())); // … the secret is not
        QVERIFY(!bytes.toLower().contains("secret="));
        QCOMPARE(
            QFile::permissions(ini) & (QFileDevice::ReadOther | QFileDevice::ReadGroup), QFileDevice::Permissions());

        QString error;
        QCOMPARE(secrets.read(SecretStore::secretKey(QStringLiteral("acc-1")), &error).value_or(QString()), secret);
        QString warning;
        const Settings loaded = loadSettings(settingsStore, secrets, &warning);
        QVERIFY2(warning.isEmpty(), qPrintable(warning));
        QCOMPARE(loaded.accounts.first().secret, secret);

        // Removing the account removes its secret from the keychain too.
        Settings none;
        QVERIFY2(saveSettings(none, loaded, settingsStore, secrets, &error), qPrintable(error));
        error.clear();
        QVERIFY(!secrets.read(SecretStore::secretKey(QStringLiteral("acc-1")), &error).has_value());
    }

    // A keychain that keeps IAXPhone waiting — what a keyring asking the user for its password
    // looks like from here: the Secret Service (gnome-keyring-daemon, stopped with SIGSTOP) does
    // not answer. The wait dialog comes up; the answer that comes after the short limit (the user
    // typed the password: SIGCONT) is taken, not thrown away as a timeout.
    void aKeychainThatKeepsUsWaitingIsWaitedForWithTheUserTold()
    {
        const pid_t keyring = keyringPid();
        KeychainSecretStore store(m_service, 500);
        KeychainWaitDialog dialog;
        store.setWaitNotice(&dialog, 200, 60000);
        QString error;
        QVERIFY2(store.write(QStringLiteral("late"), QStringLiteral("typed-in-time"), &error), qPrintable(error));

        QVERIFY(::kill(keyring, SIGSTOP) == 0);
        bool sawDialog = false;
        QTimer watch;
        connect(&watch, &QTimer::timeout, this, [&] {
            if (!dialog.isVisible() || sawDialog)
                return;
            sawDialog = true; // the user is told; now "the user unlocks the keyring" after the short limit
            QTimer::singleShot(800, [keyring] { ::kill(keyring, SIGCONT); });
        });
        watch.start(20);
        QElapsedTimer t;
        t.start();
        const auto value = store.read(QStringLiteral("late"), &error);
        watch.stop();
        ::kill(keyring, SIGCONT); // in any case
        QVERIFY2(sawDialog, "no wait dialog while the keychain did not answer");
        QVERIFY2(value.has_value(), qPrintable(error));
        QCOMPARE(*value, QStringLiteral("typed-in-time"));
        QVERIFY2(t.elapsed() >= 500, "answered within the short limit: the keychain was not kept waiting");
        QVERIFY(!dialog.isVisible());
        QVERIFY(!store.gaveUp());
    }

    // "Go on without the keychain": the wait ends at once with a plain reason, the calls after it
    // (the other accounts at start-up) do not wait again, and retry() asks the keychain again.
    void goingOnWithoutTheKeychain()
    {
        const pid_t keyring = keyringPid();
        KeychainSecretStore store(m_service, 500);
        KeychainWaitDialog dialog;
        store.setWaitNotice(&dialog, 200, 60000);
        QString error;
        QVERIFY2(store.write(QStringLiteral("kept"), QStringLiteral("v"), &error), qPrintable(error));

        QElapsedTimer t;
        t.start();
        goOnWithoutTheStoppedKeychain(store, dialog, QStringLiteral("kept"));
        if (QTest::currentTestFailed()) {
            ::kill(keyring, SIGCONT);
            return;
        }
        QVERIFY2(t.elapsed() < 30000, "the button did not end the wait");
        QVERIFY(!dialog.isVisible());

        // The next call fails at once, without a dialog, while the keychain still hangs.
        bool dialogAgain = false;
        QTimer watch;
        connect(&watch, &QTimer::timeout, this, [&] { dialogAgain |= dialog.isVisible(); });
        watch.start(20);
        error.clear();
        QVERIFY(!store.write(QStringLiteral("other"), QStringLiteral("x"), &error));
        watch.stop();
        QCOMPARE(error, QStringLiteral("You chose to go on without the keychain."));
        QVERIFY(!dialogAgain);

        ::kill(keyring, SIGCONT);
        store.retry();
        error.clear();
        QCOMPARE(store.read(QStringLiteral("kept"), &error).value_or(QString()), QStringLiteral("v"));
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    // The keychain answers after we stopped waiting (the short limit, nobody told): its late answer
    // must find nothing freed. Before, the job lived on the stack of the call that timed out, and
    // the answer, dispatched by the next event loop, crashed the app (SIGSEGV in Job::finished).
    void anAnswerAfterTheTimeoutIsHarmless()
    {
        const pid_t keyring = keyringPid();
        KeychainSecretStore store(m_service, 300);
        QString error;
        QVERIFY2(store.write(QStringLiteral("slow"), QStringLiteral("v"), &error), qPrintable(error));
        QVERIFY(::kill(keyring, SIGSTOP) == 0);
        QVERIFY(!store.read(QStringLiteral("slow"), &error).has_value());
        QCOMPARE(error, QStringLiteral("The keychain did not answer within 1 s."));
        ::kill(keyring, SIGCONT);
        QTest::qWait(300); // the late answer arrives and is dispatched here
        error.clear();
        QCOMPARE(store.read(QStringLiteral("slow"), &error).value_or(QString()), QStringLiteral("v"));
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    // After "Go on without the keychain" the settings dialog's OK is the user asking again: it
    // stores the secret instead of failing at once.
    void okInTheSettingsAsksTheKeychainAgain()
    {
        const pid_t keyring = keyringPid();
        KeychainSecretStore secrets(m_service, 500);
        KeychainWaitDialog wait;
        secrets.setWaitNotice(&wait, 200, 60000);
        goOnWithoutTheStoppedKeychain(secrets, wait, QStringLiteral("anything"));
        ::kill(keyring, SIGCONT);
        if (QTest::currentTestFailed())
            return;
        QString error;

        QTemporaryDir dir;
        QSettingsStore settingsStore(dir.filePath(QStringLiteral("iaxphone.ini")));
        Settings s;
        AccountSettings a;
        a.id = QStringLiteral("acc-again");
        a.name = QStringLiteral("PBX");
        a.host = QStringLiteral("pbx.example.net");
        a.username = QStringLiteral("alice");
        s.accounts << a;
        SettingsDialog dialog(s, settingsStore, secrets, nullptr);
        dialog.show();
        dialog.findChild<QLineEdit*>(QStringLiteral("secret"))->setText(QStringLiteral("typed-again"));
        dialog.accept();
        QVERIFY2(dialog.result() == QDialog::Accepted, qPrintable(dialog.errorText()));
        QVERIFY(!secrets.gaveUp());
        QCOMPARE(secrets.read(SecretStore::secretKey(QStringLiteral("acc-again")), &error).value_or(QString()),
            QStringLiteral("typed-again"));
    }

private:
    /// Stops the keychain (SIGSTOP; the caller continues it) and reads `key` through `store`,
    /// clicking "Go on without the keychain" as soon as the wait dialog shows.
    void goOnWithoutTheStoppedKeychain(KeychainSecretStore& store, KeychainWaitDialog& dialog, const QString& key)
    {
        QVERIFY(::kill(keyringPid(), SIGSTOP) == 0);
        QTimer watch;
        connect(&watch, &QTimer::timeout, this, [&] {
            if (dialog.isVisible())
                dialog.goOnButton()->click();
        });
        watch.start(20);
        QString error;
        QVERIFY(!store.read(key, &error).has_value());
        watch.stop();
        QCOMPARE(error, QStringLiteral("You chose to go on without the keychain."));
        QVERIFY(store.gaveUp());
    }

    static pid_t keyringPid() { return pid_t(qEnvironmentVariableIntValue("IAX_KEYRING_PID")); }
};

QTEST_MAIN(TstUiKeychain)
#include "tst_ui_keychain.moc"
