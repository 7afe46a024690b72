// SettingsMap (core/phone/settings_map.h), the in-memory stand-in for QSettings that the settings
// fuzzer reads and writes the settings through: the same calls on a SettingsMap and on a QSettings
// give the same keys and values, and QSettingsStore::readFrom()/writeTo() on a SettingsMap agree with
// load()/save() on the INI file (so what the fuzzer finds in memory holds for the file).
#include "core/phone/e2e_trust.h"
#include "core/phone/qsettings_store.h"
#include "core/phone/settings_map.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace iax::phone;

namespace {

// Groups, arrays (read and written) and removal, in the order QSettingsStore uses them.
template <class Store> QStringList exercise(Store& q)
{
    QStringList seen;
    q.setValue("top", 1);
    q.beginGroup("g");
    q.setValue("a", "x");
    q.beginGroup("inner");
    q.setValue("b", QStringList { "1", "2" });
    q.endGroup();
    q.setValue("c/d", true);
    // Groups whose names sort right beside "inner/…" ('!' before '/', '0' after it).
    q.setValue("inner!/z", 1);
    q.setValue("inner0/z", 2);
    seen << q.childGroups().join(',');
    q.endGroup();
    q.setValue("g!x/k", 1);
    q.setValue("g0/k", 2);
    q.setValue("g", 3); // a value named like a group
    const QString longKey = QString(150, QLatin1Char('L')) + "/k"; // longer than SettingsMap's key buffer
    q.setValue(longKey, "long");
    seen << q.value(longKey).toString();
    q.beginWriteArray("arr", 3);
    for (int i = 0; i < 3; ++i) {
        q.setArrayIndex(i);
        q.setValue("v", i * 10);
        q.setValue("sub/w", QString::number(i));
    }
    q.endArray();
    q.beginWriteArray("gone", 2);
    q.setArrayIndex(1);
    q.setValue("v", 5);
    q.endArray();
    q.remove("gone");
    q.beginGroup("arr");
    q.remove("2/sub");
    q.endGroup();
    seen << q.childGroups().join(',');
    const int n = q.beginReadArray("arr");
    seen << QString::number(n);
    for (int i = 0; i < n + 1; ++i) { // one past the end: absent, the default
        q.setArrayIndex(i);
        seen << q.value("v", -1).toString() << q.value("sub/w", "none").toString();
    }
    q.endArray();
    seen << q.value("g/a").toString() << q.value("missing", "def").toString();
    return seen;
}

// A value as text, as the INI file holds it: "true", "25", a list's items joined by '|'.
QString text(const QVariant& v)
{
    return v.typeId() == QMetaType::QStringList ? v.toStringList().join('|') : v.toString();
}

template <class Store> QMap<QString, QString> asText(const Store& q, const QStringList& keys)
{
    QMap<QString, QString> out;
    for (const QString& k : keys)
        out.insert(k, text(q.value(k)));
    return out;
}

Settings sample()
{
    Settings s;
    AccountSettings a;
    a.id = "acc-1";
    a.name = "Work, main";
    a.host = "pbx.example.net";
    a.port = 4570;
    a.username = "alice";
    a.auth = AuthMethod::Rsa;
    a.privateKeyFile = "/home/a/alice.key";
    a.trustedPublicKeys = { "/k/one.pub", "/k/two.pub" };
    a.encryption = EncryptionPolicy::Required;
    a.keyRotation = false;
    a.keyRotationIntervalSeconds = 90;
    a.codecs = { "ulaw" };
    a.secureDialEnabled = true;
    a.secureDialExtension = "700";
    a.secureDialTerminator = QChar();
    a.keepaliveSeconds = 60;
    a.voicemailExtension = "*97";
    s.accounts << a;
    AccountSettings b;
    b.id = "acc-2";
    b.host = "10.0.0.2";
    b.doNotDisturb = true;
    s.accounts << b;
    s.audio.inputDevice = "mic";
    s.audio.outputHistory = { "hs", "speaker" };
    s.audio.echoCancellation = false;
    s.audio.frameMs = 10;
    s.general.startMinimised = true;
    s.general.ringtone = "@ring.wav";
    s.general.recordOpus = true;
    noteE2ePeer(s.e2ePeers, "acc-1", "600", true);
    noteE2ePeer(s.e2ePeers, "acc-2", "bob", false);
    return s;
}

// The values of an INI file as a SettingsMap, as QSettings reads them.
SettingsMap mapOfFile(const QString& path)
{
    QSettings q(path, QSettings::IniFormat);
    QVariantMap values;
    for (const QString& k : q.allKeys())
        values.insert(k, q.value(k));
    return SettingsMap(values);
}

} // namespace

class TestPhoneSettingsMap : public QObject {
    Q_OBJECT
private slots:
    void sameCallsSameKeysAsQSettings()
    {
        QTemporaryDir dir;
        QSettings q(dir.filePath("ref.ini"), QSettings::IniFormat);
        SettingsMap m;
        QCOMPARE(exercise(m), exercise(q));
        QCOMPARE(asText(m, m.values().keys()), asText(q, q.allKeys()));
        QVERIFY(m.values().contains("arr/3/v"));
        QVERIFY(!m.values().contains("arr/2/sub/w"));
        QVERIFY(m.values().contains("arr/3/sub/w"));
        QVERIFY(!m.values().contains("gone/2/v"));
        const QVariantMap all = m.values();
        QCOMPARE(m.takeValues(), all);
        QVERIFY(m.values().isEmpty());
        m = SettingsMap(all);
        // clear() in a group clears everything, as QSettings::clear() does.
        q.beginGroup("g");
        m.beginGroup("g");
        q.clear();
        m.clear();
        QVERIFY(q.allKeys().isEmpty());
        QVERIFY(m.values().isEmpty());
    }

    void writesWhatTheFileHolds()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("iaxphone.ini");
        QString error;
        QVERIFY2(QSettingsStore(path).save(sample(), &error), qPrintable(error));
        SettingsMap m;
        QSettingsStore::writeTo(m, sample());
        const SettingsMap file = mapOfFile(path);
        const QMap<QString, QString> written = asText(m, m.values().keys());
        QCOMPARE(written, asText(file, file.values().keys()));
        QVERIFY(written.contains("accounts/1/port"));
        QCOMPARE(written.value("accounts/size"), QString("2"));
    }

    void readsWhatLoadReads_data()
    {
        QTest::addColumn<QByteArray>("ini");
        QTest::newRow("as saved") << QByteArray();
        QTest::newRow("old [General] group, hostile values") << QByteArray("[General]\nstartMinimised=true\n"
                                                                           "ringtone=a, b\n"
                                                                           "[audio]\nframeMs=11\ninput=@Invalid()\n"
                                                                           "[accounts]\nsize=3\n1\\port=x\n"
                                                                           "1\\codecs=\n3\\id=z\n3\\secureDialTerminator=\n"
                                                                           "3\\keepaliveSeconds=99999\n");
        QTest::newRow("desktop group wins, claimed size") << QByteArray("[desktop]\nnotifications=false\n"
                                                                        "[%General]\nnotifications=true\n"
                                                                        "[accounts]\nsize=1000\n2\\host=h\n"
                                                                        "[e2ePeers]\nsize=2\n1\\account=a\n1\\peer=p\n"
                                                                        "1\\verified=true\n2\\peer=q\n");
    }

    void readsWhatLoadReads()
    {
        QFETCH(QByteArray, ini);
        QTemporaryDir dir;
        const QString path = dir.filePath("iaxphone.ini");
        if (ini.isEmpty()) {
            QString error;
            QVERIFY(QSettingsStore(path).save(sample(), &error));
        } else {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(ini);
        }
        QString fileWarning, mapWarning;
        const Settings fromFile = QSettingsStore(path).load(&fileWarning);
        SettingsMap m = mapOfFile(path);
        const Settings fromMap = QSettingsStore::readFrom(m, path, &mapWarning);
        QCOMPARE(fromMap, fromFile);
        QCOMPARE(mapWarning, fileWarning);
        if (ini.isEmpty())
            QCOMPARE(fromMap, sample());
        // Read and written again in memory: unchanged.
        SettingsMap again;
        QSettingsStore::writeTo(again, fromMap);
        QCOMPARE(QSettingsStore::readFrom(again, path), fromMap);
    }

    // A file claiming 1,000 accounts: the app reads 200 and says so; the fuzzer's lower cap reads
    // that many with the same warning, and no cap goes above the app's.
    void accountCapAndItsWarning()
    {
        SettingsMap m;
        m.beginWriteArray("accounts", 1000);
        m.setArrayIndex(1);
        m.setValue("host", "h");
        m.endArray();
        QString warning;
        QCOMPARE(QSettingsStore::readFrom(m, "f.ini", &warning).accounts.size(), QSettingsStore::kMaxAccounts);
        QCOMPARE(warning, QStringLiteral("The settings file f.ini lists 1000 accounts; only the first 200 are read."));
        warning.clear();
        const Settings three = QSettingsStore::readFrom(m, "f.ini", &warning, 3);
        QCOMPARE(three.accounts.size(), 3);
        QCOMPARE(three.accounts.at(1).host, QStringLiteral("h"));
        QCOMPARE(warning, QStringLiteral("The settings file f.ini lists 1000 accounts; only the first 3 are read."));
        QCOMPARE(QSettingsStore::readFrom(m, "f.ini", nullptr, 100000).accounts.size(), QSettingsStore::kMaxAccounts);
    }
};

QTEST_GUILESS_MAIN(TestPhoneSettingsMap)
#include "tst_phone_settings_map.moc"
