// Issue 20, the end-to-end trust list (core/phone/e2e_trust.h): a peer seen in the mode, then
// confirmed, judged per account and peer; a later call without the mode is a downgrade; the list
// survives QSettingsStore's INI file (the "e2ePeers" array, format in docs/E2E.md) and a hostile
// file (claimed size, empty keys) does not hurt.
#include "core/phone/e2e_trust.h"
#include "core/phone/qsettings_store.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace iax::phone;

class TestPhoneE2eTrust : public QObject {
    Q_OBJECT
private slots:
    void judgesPerAccountAndPeer()
    {
        QList<E2ePeerTrust> list;
        QCOMPARE(e2eTrustStatus(list, "acc", "600", "e2e"), E2eTrustStatus::Unverified);
        QCOMPARE(e2eTrustStatus(list, "acc", "600", "hop"), E2eTrustStatus::None);
        QVERIFY(noteE2ePeer(list, "acc", "600", false));
        QVERIFY(!noteE2ePeer(list, "acc", "600", false)); // nothing new
        QCOMPARE(e2eTrustStatus(list, "acc", "600", "e2e"), E2eTrustStatus::Unverified);
        QCOMPARE(e2eTrustStatus(list, "acc", "600", "hop"), E2eTrustStatus::Downgrade);
        QVERIFY(noteE2ePeer(list, "acc", "600", true));
        QCOMPARE(e2eTrustStatus(list, "acc", "600", "e2e"), E2eTrustStatus::Verified);
        QVERIFY(!noteE2ePeer(list, "acc", "600", false)); // a later unconfirmed call keeps it verified
        QCOMPARE(e2eTrustStatus(list, "acc", "600", "e2e"), E2eTrustStatus::Verified);
        // Another peer of the account, the same number on another account: strangers.
        QCOMPARE(e2eTrustStatus(list, "acc", "601", "e2e"), E2eTrustStatus::Unverified);
        QCOMPARE(e2eTrustStatus(list, "other", "600", "hop"), E2eTrustStatus::None);
        QVERIFY(!noteE2ePeer(list, "", "600", true));
        QVERIFY(!noteE2ePeer(list, "acc", "", true));
        QCOMPARE(list.size(), 1);
        CallSnapshot c;
        QCOMPARE(e2ePeerOf(c, "10.0.0.9"), QString("10.0.0.9"));
        c.number = "600";
        QCOMPARE(e2ePeerOf(c, "10.0.0.9"), QString("600"));
    }

    void survivesTheSettingsFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("iaxphone.ini");
        QSettingsStore store(path);
        Settings s;
        noteE2ePeer(s.e2ePeers, "acc", "600", true);
        noteE2ePeer(s.e2ePeers, "acc", "bob.example.net", false);
        QString error;
        QVERIFY2(store.save(s, &error), qPrintable(error));
        QCOMPARE(store.load().e2ePeers, s.e2ePeers);
        // Fewer peers are saved: the old entries go.
        s.e2ePeers.removeLast();
        QVERIFY(store.save(s, &error));
        QCOMPARE(store.load().e2ePeers, s.e2ePeers);
        {
            QSettings q(path, QSettings::IniFormat);
            q.setValue("e2ePeers/size", 2000000000);
            q.setValue("e2ePeers/2/account", "");
            q.setValue("e2ePeers/2/peer", "x");
        }
        QCOMPARE(store.load().e2ePeers, s.e2ePeers); // the claim is capped, the empty key skipped
    }
};

QTEST_GUILESS_MAIN(TestPhoneE2eTrust)
#include "tst_phone_e2e_trust.moc"
