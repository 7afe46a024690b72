// Secrets go to the OS keychain (qtkeychain → Secret Service), never into the settings file.
// Runs under tests/scripts/with-keyring.sh: a private D-Bus session with an unlocked
// gnome-keyring, so no real keychain is touched.
#include "core/phone/keychain_secret_store.h"
#include "core/phone/qsettings_store.h"
#include "core/phone/settings_persistence.h"
#include "ui/settings_dialog.h"

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
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QFAIL("no D-Bus session: run this test through tests/scripts/with-keyring.sh");
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
};

QTEST_MAIN(TstUiKeychain)
#include "tst_ui_keychain.moc"
