// The settings dialog: every field survives load → widgets → OK → INI + secret store → load;
// edits made in the widgets arrive; invalid input is refused with a message and nothing is
// written; secrets never reach the INI file. Offscreen; secrets in a MemorySecretStore here
// (tst_ui_keychain does the same against the real keychain).
#include "core/phone/call_history.h"
#include "core/phone/device_preferences.h"
#include "core/phone/memory_secret_store.h"
#include "core/phone/qsettings_store.h"
#include "core/phone/settings_persistence.h"
#include "support/ui_test_support.h"
#include "ui/account_editor.h"
#include "ui/accounts_page.h"
#include "ui/audio_device_provider.h"
#include "ui/audio_page.h"
#include "ui/settings_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScopeGuard>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

using namespace iax::ui;

namespace {

class FakeDevices : public AudioDeviceProvider {
public:
    QList<AudioDeviceInfo> inputDevices() const override
    {
        return { { QStringLiteral("ALSA:mic"), QStringLiteral("Built-in microphone") },
            { QStringLiteral("ALSA:headset"), QStringLiteral("Headset") } };
    }
    QList<AudioDeviceInfo> outputDevices() const override
    {
        return { { QStringLiteral("ALSA:spk"), QStringLiteral("Speakers") },
            { QStringLiteral("ALSA:headset"), QStringLiteral("Headset") } };
    }
    bool startLevelMonitor(const QString& id, QString*) override
    {
        monitoring = id;
        return true;
    }
    void stopLevelMonitor() override { monitoring = QStringLiteral("<stopped>"); }
    float inputLevel() const override { return level; }
    bool playTestTone(const QString& id, QString* error) override
    {
        *error = QStringLiteral("device %1 is busy").arg(id);
        return false;
    }
    QString monitoring;
    float level = 0.5f;
};

QString touch(const QTemporaryDir& dir, const QString& name)
{
    QFile f(dir.filePath(name));
    f.open(QIODevice::WriteOnly);
    f.write("-----BEGIN TEST-----\n");
    return f.fileName();
}

/// Settings with every field away from its default.
Settings full(const QTemporaryDir& dir)
{
    Settings s;
    AccountSettings a;
    a.id = QStringLiteral("a1");
    a.name = QStringLiteral("Office PBX");
    a.host = QStringLiteral("pbx.example.net");
    a.port = 4570;
    a.username = QStringLiteral("alice");
    a.secret = QStringLiteral("S3cret-of-alice");
    a.auth = AuthMethod::Rsa;
    a.privateKeyFile = touch(dir, QStringLiteral("alice.key"));
    a.keyPassphrase = QStringLiteral("passphrase-of-alice");
    a.trustedPublicKeys = { touch(dir, QStringLiteral("bob.pub")), touch(dir, QStringLiteral("carol.pub")) };
    a.encryption = EncryptionPolicy::Required;
    a.keyRotation = false;
    a.keyRotationIntervalSeconds = 300;
    a.keepaliveSeconds = 40; // not the default 25
    a.codecs = { QStringLiteral("ulaw"), QStringLiteral("opus") };
    a.secureDialEnabled = true;
    a.secureDialExtension = QStringLiteral("700");
    a.secureDialTerminator = QLatin1Char('*');
    a.secureDialPauseMs = 400;
    a.keyServerUrl = QStringLiteral("https://keys.example.net/{name}.pub");
    a.allowMd5Fallback = true;
    AccountSettings b;
    b.id = QStringLiteral("b2");
    b.name = QStringLiteral("Home");
    b.host = QStringLiteral("192.0.2.7");
    b.username = QStringLiteral("bob");
    b.secret = QStringLiteral("S3cret-of-bob");
    b.encryption = EncryptionPolicy::Off;
    b.codecs = { QStringLiteral("alaw") };
    b.secureDialTerminator = QChar();
    b.secureDialPauseMs = 50;
    s.accounts = { a, b };
    s.audio.inputDevice = QStringLiteral("ALSA:headset");
    s.audio.outputDevice = QStringLiteral("ALSA:spk");
    s.audio.ringerDevice = QStringLiteral("ALSA:headset");
    s.audio.inputHistory = { QStringLiteral("ALSA:usb-mic") };
    s.audio.outputHistory = { QStringLiteral("ALSA:hdmi"), QStringLiteral("ALSA:usb") };
    s.audio.ringerHistory = { QStringLiteral("ALSA:old-bell") };
    s.audio.echoCancellation = false;
    s.audio.echoCancellationOnHeadsets = true; // kept while echo cancellation is off (issue 19)
    s.audio.noiseSuppression = false;
    s.audio.frameMs = 10; // Lower latency: 10 ms Opus frames (issue 19)
    s.general.startMinimised = true;
    s.general.notifications = false;
    s.general.ringtone = touch(dir, QStringLiteral("ring.wav"));
    return s;
}

using iax::test::child;
using iax::test::fileBytes;

} // namespace

class TstUiSettings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripsEveryField()
    {
        QTemporaryDir dir;
        const Settings s = full(dir);
        QSettingsStore store(dir.filePath(QStringLiteral("iaxphone.ini")));
        MemorySecretStore secrets;
        FakeDevices devices;
        // A previous session stored them; the app loads them and opens the dialog on them.
        QString error;
        QVERIFY2(saveSettings(s, Settings {}, store, secrets, &error), qPrintable(error));
        const Settings current = loadSettings(store, secrets, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(current, s);
        QFile::remove(dir.filePath(QStringLiteral("iaxphone.ini"))); // OK must write it again
        // Every field goes through the pages' widgets and back.
        SettingsDialog dialog(current, store, secrets, &devices);
        dialog.show();
        dialog.accept();
        QVERIFY2(dialog.result() == QDialog::Accepted, qPrintable(dialog.errorText()));
        QCOMPARE(dialog.settings(), s);

        // Persisted: plain values in the INI, secrets in the secret store.
        QString warning;
        const Settings reloaded = loadSettings(store, secrets, &warning);
        QVERIFY2(warning.isEmpty(), qPrintable(warning));
        QCOMPARE(reloaded, s);
        const QByteArray ini = fileBytes(dir.filePath(QStringLiteral("iaxphone.ini")));
        QVERIFY(ini.contains("pbx.example.net"));
        for (const auto& a : s.accounts) {
            QVERIFY(!ini.contains(a.secret.toUtf8()));
            QCOMPARE(secrets.values().value(SecretStore::secretKey(a.id)), a.secret);
        }
        QVERIFY(!ini.contains("passphrase-of-alice"));
        QCOMPARE(secrets.values().value(SecretStore::passphraseKey(QStringLiteral("a1"))),
            QStringLiteral("passphrase-of-alice"));
    }

    void editsInTheWidgetsArrive()
    {
        QTemporaryDir dir;
        const Settings s = full(dir);
        QSettingsStore store(dir.filePath(QStringLiteral("iaxphone.ini")));
        MemorySecretStore secrets;
        FakeDevices devices;
        SettingsDialog dialog(s, store, secrets, &devices);
        dialog.show();
        QWidget* d = &dialog;
        child<QLineEdit>(d, "name")->setText(QStringLiteral("Renamed"));
        child<QLineEdit>(d, "host")->setText(QStringLiteral("10.1.2.3"));
        child<QSpinBox>(d, "port")->setValue(4999);
        child<QLineEdit>(d, "username")->setText(QStringLiteral("alice2"));
        child<QLineEdit>(d, "secret")->setText(QStringLiteral("new-secret"));
        auto* auth = child<QComboBox>(d, "auth");
        auth->setCurrentIndex(auth->findData(QStringLiteral("md5")));
        auto* policy = child<QComboBox>(d, "encryptionPolicy");
        policy->setCurrentIndex(policy->findData(QStringLiteral("opportunistic")));
        child<QCheckBox>(d, "keyRotation")->setChecked(true);
        child<QSpinBox>(d, "keyRotationInterval")->setValue(0);
        auto* codecs = child<QListWidget>(d, "codecs");
        for (int i = 0; i < codecs->count(); ++i) // everything on
            codecs->item(i)->setCheckState(Qt::Checked);
        child<QLineEdit>(d, "secureDialExtension")->setText(QStringLiteral("701"));
        auto* term = child<QComboBox>(d, "secureDialTerminator");
        term->setCurrentIndex(term->findData(QStringLiteral("#")));
        child<QSpinBox>(d, "secureDialPause")->setValue(999);
        child<QLineEdit>(d, "keyServerUrl")->clear();
        child<QCheckBox>(d, "allowMd5Fallback")->setChecked(false);
        auto* input = child<QComboBox>(d, "inputDevice");
        input->setCurrentIndex(input->findData(QStringLiteral("ALSA:mic")));
        auto* ringer = child<QComboBox>(d, "ringerDevice");
        ringer->setCurrentIndex(ringer->findData(QStringLiteral("ALSA:spk")));
        // "On headsets too" only means something with echo cancellation on (issue 19).
        auto* onHeadsets = child<QCheckBox>(d, "echoCancellationOnHeadsets");
        QVERIFY(onHeadsets->isChecked());
        QVERIFY(!onHeadsets->isEnabled());
        child<QCheckBox>(d, "echoCancellation")->setChecked(true);
        QVERIFY(onHeadsets->isEnabled());
        onHeadsets->setChecked(false);
        child<QCheckBox>(d, "startMinimised")->setChecked(false);
        child<QLineEdit>(d, "ringtone")->clear();
        dialog.accept();
        QVERIFY2(dialog.result() == QDialog::Accepted, qPrintable(dialog.errorText()));

        const AccountSettings& a = dialog.settings().accounts.at(0);
        QCOMPARE(a.id, QStringLiteral("a1")); // the id never changes
        QCOMPARE(a.name, QStringLiteral("Renamed"));
        QCOMPARE(a.host, QStringLiteral("10.1.2.3"));
        QCOMPARE(a.port, 4999);
        QCOMPARE(a.username, QStringLiteral("alice2"));
        QCOMPARE(a.secret, QStringLiteral("new-secret"));
        QVERIFY(a.auth == AuthMethod::Md5);
        QVERIFY(a.encryption == EncryptionPolicy::Opportunistic);
        QVERIFY(a.keyRotation);
        QCOMPARE(a.keyRotationIntervalSeconds, 0);
        QCOMPARE(a.codecs, QStringList({ "ulaw", "opus", "alaw" })); // preference order kept
        QCOMPARE(a.secureDialExtension, QStringLiteral("701"));
        QCOMPARE(a.secureDialTerminator, QLatin1Char('#'));
        QCOMPARE(a.secureDialPauseMs, 999);
        QVERIFY(a.keyServerUrl.isEmpty());
        QVERIFY(!a.allowMd5Fallback);
        QCOMPARE(dialog.settings().accounts.at(1), s.accounts.at(1)); // untouched account unchanged
        QCOMPARE(dialog.settings().audio.inputDevice, QStringLiteral("ALSA:mic"));
        // The microphone chosen before became the first fallback (issue 19); the speaker's stayed.
        QCOMPARE(dialog.settings().audio.inputHistory, QStringList({ "ALSA:headset", "ALSA:usb-mic" }));
        QCOMPARE(dialog.settings().audio.outputHistory, s.audio.outputHistory);
        // The ringer has its preference list too: the bell chosen before rings when the new one is missing.
        QCOMPARE(dialog.settings().audio.ringerDevice, QStringLiteral("ALSA:spk"));
        QCOMPARE(dialog.settings().audio.ringerHistory, QStringList({ "ALSA:headset", "ALSA:old-bell" }));
        QCOMPARE(
            iax::phone::ringerPreferences(dialog.settings().audio.ringerDevice, dialog.settings().audio.ringerHistory),
            QStringList({ "ALSA:spk", "ALSA:headset", "ALSA:old-bell" }));
        QCOMPARE(iax::phone::ringerPreferences(QString(), dialog.settings().audio.ringerHistory),
            QStringList({ QString() }));
        QVERIFY(dialog.settings().audio.echoCancellation);
        QVERIFY(!dialog.settings().audio.echoCancellationOnHeadsets);
        QVERIFY(!store.load().audio.echoCancellationOnHeadsets);
        QVERIFY(!dialog.settings().general.startMinimised);
        QVERIFY(dialog.settings().general.ringtone.isEmpty());
        QCOMPARE(secrets.values().value(SecretStore::secretKey(QStringLiteral("a1"))), QStringLiteral("new-secret"));
        QCOMPARE(store.load().accounts.at(0).name, QStringLiteral("Renamed"));
    }

    void deviceHistoryIsAPreferenceList()
    {
        // An old single device setting is a list of one; each change puts the previous device
        // first among the fallbacks, without duplicates or the default (""), at most 5 kept.
        QCOMPARE(devicePreferences(QStringLiteral("ALSA:headset"), {}), QStringList({ "ALSA:headset" }));
        QCOMPARE(devicePreferences(QString(), { "a", "" }), QStringList({ "a" }));
        QCOMPARE(devicePreferences(QStringLiteral("b"), { "a", "b", "c" }), QStringList({ "b", "a", "c" }));
        QStringList h;
        h = rememberDevice(h, QString(), QStringLiteral("usb")); // from the default: nothing to keep
        QVERIFY(h.isEmpty());
        h = rememberDevice(h, QStringLiteral("usb"), QStringLiteral("headset"));
        QCOMPARE(h, QStringList({ "usb" }));
        h = rememberDevice(h, QStringLiteral("headset"), QStringLiteral("usb")); // back: usb leaves the list
        QCOMPARE(h, QStringList({ "headset" }));
        QCOMPARE(rememberDevice(h, QStringLiteral("usb"), QStringLiteral("usb")), h);
        for (int i = 0; i < 10; ++i)
            h = rememberDevice(h, QString::number(i), QString::number(i + 1));
        QCOMPARE(h.size(), kDeviceHistoryLength);
        QCOMPARE(h.front(), QStringLiteral("9"));
        // The settings page shows the order as the device's tooltip.
        QTemporaryDir dir;
        QSettingsStore store(dir.filePath(QStringLiteral("iaxphone.ini")));
        MemorySecretStore secrets;
        FakeDevices devices;
        const Settings s = full(dir);
        SettingsDialog dialog(s, store, secrets, &devices);
        dialog.show();
        const QString tip = child<QComboBox>(&dialog, "outputDevice")->toolTip();
        QVERIFY2(tip.indexOf(QStringLiteral("ALSA:hdmi")) >= 0
                && tip.indexOf(QStringLiteral("ALSA:hdmi")) < tip.indexOf(QStringLiteral("ALSA:usb"))
                && tip.contains(QStringLiteral("system default")),
            qPrintable(tip));
    }

    void codecOrderButtons()
    {
        QTemporaryDir dir;
        Settings s = full(dir);
        QSettingsStore store(dir.filePath(QStringLiteral("iaxphone.ini")));
        MemorySecretStore secrets;
        SettingsDialog dialog(s, store, secrets, nullptr);
        dialog.show();
        auto* codecs = child<QListWidget>(&dialog, "codecs");
        codecs->setCurrentRow(1); // opus
        QPushButton* up = nullptr;
        for (auto* b : dialog.findChildren<QPushButton*>())
            if (b->text() == QLatin1String("Up"))
                up = b;
        QVERIFY(up);
        QTest::mouseClick(up, Qt::LeftButton);
        dialog.accept();
        QVERIFY2(dialog.result() == QDialog::Accepted, qPrintable(dialog.errorText()));
        QCOMPARE(dialog.settings().accounts.at(0).codecs, QStringList({ "opus", "ulaw" }));
    }

    void rejectsInvalidInput_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty host") << "host"
                                    << ""
                                    << "Enter the server's host name or address.";
        QTest::newRow("bad host") << "host"
                                  << "bad host!"
                                  << "is not a valid host";
        QTest::newRow("numeric junk host") << "host"
                                           << "300.1.1.1"
                                           << "is not a valid host";
        QTest::newRow("missing secret for RSA+AES") << "secret"
                                                    << ""
                                                    << "RSA+AES needs the shared secret";
        QTest::newRow("unreadable key file") << "privateKeyFile"
                                             << "/nonexistent/alice.key"
                                             << "cannot be read";
        QTest::newRow("no name") << "name"
                                 << ""
                                 << "needs a name";
        QTest::newRow("no user") << "username"
                                 << ""
                                 << "user name is missing";
        QTest::newRow("secure dial without extension") << "secureDialExtension"
                                                       << ""
                                                       << "secure dial extension is missing";
        // Values that go into one IAX2 information element (255 bytes) are checked before use.
        QTest::newRow("user too long") << "username" << QString(256, 'u') << "user name is 256 bytes long";
        QTest::newRow("user too long in UTF-8") << "username" << QString(128, QChar(0xe9)) << "is 256 bytes long";
        QTest::newRow("user with escape") << "username"
                                          << "al\x1b[2Jice"
                                          << "spaces or control characters";
        QTest::newRow("user with space") << "username"
                                         << "al ice"
                                         << "spaces or control characters";
        QTest::newRow("secure dial extension too long")
            << "secureDialExtension" << QString(256, '1') << "secure dial extension is missing or invalid";
        QTest::newRow("key server not https") << "keyServerUrl"
                                              << "http://x/{name}"
                                              << "must start with https://";
    }
    void rejectsInvalidInput()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const Settings s = full(dir);
        const QString ini = dir.filePath(QStringLiteral("iaxphone.ini"));
        QSettingsStore store(ini);
        MemorySecretStore secrets;
        SettingsDialog dialog(s, store, secrets, nullptr);
        dialog.show();
        child<QLineEdit>(&dialog, field.toLatin1().constData())->setText(value);
        dialog.accept();
        QVERIFY(dialog.result() != QDialog::Accepted);
        QVERIFY(dialog.isVisible()); // stays open for correction
        QVERIFY2(dialog.errorText().contains(message), qPrintable(dialog.errorText()));
        QVERIFY(child<QLabel>(&dialog, "validationErrors")->isVisible());
        QVERIFY(!QFile::exists(ini)); // nothing stored
        QVERIFY(secrets.values().isEmpty());
        QCOMPARE(dialog.settings(), s); // the applied settings are still the old ones
    }

    void addAndRemoveAccounts()
    {
        QTemporaryDir dir;
        QSettingsStore store(dir.filePath(QStringLiteral("iaxphone.ini")));
        MemorySecretStore secrets;
        SettingsDialog dialog(Settings {}, store, secrets, nullptr);
        dialog.show();
        auto* list = child<QListWidget>(&dialog, "accountList");
        QTest::mouseClick(child<QPushButton>(&dialog, "addAccount"), Qt::LeftButton);
        QCOMPARE(list->count(), 1);
        // A new account is empty: OK explains what is missing.
        dialog.accept();
        QVERIFY(dialog.result() != QDialog::Accepted);
        QVERIFY(dialog.errorText().contains(QLatin1String("Enter the server's host name or address.")));
        child<QLineEdit>(&dialog, "name")->setText(QStringLiteral("Lab"));
        child<QLineEdit>(&dialog, "host")->setText(QStringLiteral("lab.example.org"));
        child<QLineEdit>(&dialog, "username")->setText(QStringLiteral("me"));
        child<QLineEdit>(&dialog, "secret")->setText(QStringLiteral("pw"));
        QTest::mouseClick(child<QPushButton>(&dialog, "addAccount"), Qt::LeftButton);
        QCOMPARE(list->count(), 2);
        QTest::mouseClick(child<QPushButton>(&dialog, "removeAccount"), Qt::LeftButton);
        QCOMPARE(list->count(), 1);
        dialog.accept();
        QVERIFY2(dialog.result() == QDialog::Accepted, qPrintable(dialog.errorText()));
        QCOMPARE(dialog.settings().accounts.size(), 1);
        const AccountSettings& a = dialog.settings().accounts.first();
        QCOMPARE(a.name, QStringLiteral("Lab"));
        QVERIFY(!a.id.isEmpty());
        QCOMPARE(secrets.values().value(SecretStore::secretKey(a.id)), QStringLiteral("pw"));
    }

    void audioPageMeterAndTone()
    {
        QTemporaryDir dir;
        QSettingsStore store(dir.filePath(QStringLiteral("iaxphone.ini")));
        MemorySecretStore secrets;
        FakeDevices devices;
        Settings s = full(dir);
        SettingsDialog dialog(s, store, secrets, &devices);
        dialog.show();
        dialog.showPage(1);
        QTRY_COMPARE(devices.monitoring, QStringLiteral("ALSA:headset"));
        QTRY_COMPARE(dialog.audioPage()->meterValue(), 50);
        devices.level = 0.9f;
        QTRY_COMPARE(dialog.audioPage()->meterValue(), 90);
        QTest::mouseClick(child<QPushButton>(&dialog, "testTone"), Qt::LeftButton);
        QVERIFY(child<QLabel>(&dialog, "audioStatus")->text().contains(QLatin1String("busy")));
        dialog.showPage(2);
        QTRY_COMPARE(devices.monitoring, QStringLiteral("<stopped>"));
    }

    void generalSettingsSurviveARestart()
    {
        // A fresh file (not in this process's QSettings cache, as after a restart) is read from
        // disk: the General page's settings come back. Group "general" did not: QSettings writes
        // it as [%General] and reads that back as "General".
        QTemporaryDir dir;
        const QString ini = dir.filePath(QStringLiteral("iaxphone.ini"));
        Settings s;
        s.general.startMinimised = true;
        s.general.notifications = false;
        s.general.dialLinksDirectly = true;
        s.general.ringtone = QStringLiteral("/x/ring.wav");
        QSettingsStore store(ini);
        QVERIFY(store.save(s, nullptr));
        QFile saved(ini);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QByteArray text = saved.readAll();
        const QString copy = dir.filePath(QStringLiteral("restarted.ini"));
        QFile out(copy);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(text);
        out.close();
        QCOMPARE(QSettingsStore(copy).load().general, s.general);
        // A file written by an older version ([%General]) still loads.
        const QString old = dir.filePath(QStringLiteral("old.ini"));
        QFile o(old);
        QVERIFY(o.open(QIODevice::WriteOnly));
        o.write("[%General]\nstartMinimised=true\nnotifications=false\n");
        o.close();
        const Settings fromOld = QSettingsStore(old).load();
        QVERIFY(fromOld.general.startMinimised);
        QVERIFY(!fromOld.general.notifications);
        QVERIFY(!fromOld.general.dialLinksDirectly);
    }

    void iniHoldsNoInvalidValues()
    {
        // An account without trusted keys (and the rest at its defaults) was written as
        // "trustedPublicKeys=@Invalid()".
        QTemporaryDir dir;
        Settings s = full(dir);
        s.accounts[1].trustedPublicKeys.clear();
        s.accounts[1].keyServerUrl.clear();
        const QString path = dir.filePath(QStringLiteral("iaxphone.ini"));
        QSettingsStore store(path);
        QString error;
        QVERIFY2(store.save(s, &error), qPrintable(error));
        const QByteArray ini = fileBytes(path);
        QVERIFY2(!ini.contains("@Invalid"), ini.constData());
        for (auto& a : s.accounts) { // secrets are not in the INI
            a.secret.clear();
            a.keyPassphrase.clear();
        }
        QCOMPARE(store.load().accounts, s.accounts);
    }

    void brokenIniGivesDefaults()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(QStringLiteral("iaxphone.ini"));
        QFile f(ini);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("\x01\x02[accounts\nsize=abc\n1\\port=notanumber\n");
        f.close();
        QSettingsStore store(ini);
        const Settings s = store.load();
        QVERIFY(s.accounts.isEmpty());
    }

    void userFilesAreOwnerOnly()
    {
        // The settings file and the call history (who the user called) are 0600, the directories
        // created for them 0700, whatever the umask; a settings file readable by others is narrowed.
#ifdef Q_OS_UNIX
        const mode_t oldMask = ::umask(022);
        const auto restore = qScopeGuard([oldMask] { ::umask(oldMask); });
        constexpr auto kNotOwner = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
            | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
        const auto others = [&](const QString& p) { return QFileInfo(p).permissions() & kNotOwner; };
        QTemporaryDir dir;
        const QString ini = dir.filePath(QStringLiteral("config/iaxphone/iaxphone.ini"));
        QSettingsStore store(ini);
        Settings s;
        s.general.ringtone = QStringLiteral("bell");
        QString error;
        QVERIFY2(store.save(s, &error), qPrintable(error));
        QCOMPARE(store.load().general.ringtone, QStringLiteral("bell"));
        QCOMPARE(others(ini), QFileDevice::Permissions());
        QCOMPARE(others(dir.filePath(QStringLiteral("config/iaxphone"))), QFileDevice::Permissions());
        QCOMPARE(others(dir.filePath(QStringLiteral("config"))), QFileDevice::Permissions());
        QVERIFY(QFile::setPermissions(ini, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
        QVERIFY(store.save(s, &error));
        QCOMPARE(others(ini), QFileDevice::Permissions());

        const QString json = dir.filePath(QStringLiteral("data/iaxphone/history.json"));
        CallHistory history(json);
        CallHistoryEntry e;
        e.number = QStringLiteral("600");
        e.startedAt = QDateTime::currentDateTimeUtc();
        QVERIFY(history.add(e, &error));
        QCOMPARE(CallHistory(json).entries().size(), 1);
        QCOMPARE(others(json), QFileDevice::Permissions());
        QCOMPARE(others(dir.filePath(QStringLiteral("data/iaxphone"))), QFileDevice::Permissions());
        QCOMPARE(others(dir.filePath(QStringLiteral("data"))), QFileDevice::Permissions());
#else
        QSKIP("file modes are POSIX");
#endif
    }
};

QTEST_MAIN(TstUiSettings)
#include "tst_ui_settings.moc"
