// Issue 20, the user's Ed25519 identity in the phone layer: generated on first use and kept in the
// SecretStore (the keychain in the app; memory here) under "identity/ed25519", the same key on the
// next start, a damaged entry left alone; and the trust list's identity pin (TOFU when the words are
// confirmed, "identity changed" for another key, re-pinned when the new words are confirmed, kept in
// the INI file and merged like the rest of the entry).
#include "core/keys/identity_key.h"
#include "core/phone/e2e_identity_keychain.h"
#include "core/phone/e2e_trust.h"
#include "core/phone/memory_secret_store.h"
#include "core/phone/qsettings_store.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace iax::phone;

namespace {
// A keychain that is not there.
class BrokenSecretStore : public SecretStore {
public:
    bool write(const QString&, const QString&, QString* error) override
    {
        *error = QStringLiteral("no keychain");
        return false;
    }
    std::optional<QString> read(const QString&, QString*) override { return std::nullopt; }
    bool remove(const QString&, QString*) override { return true; }
};
} // namespace

class TestPhoneE2eIdentity : public QObject {
    Q_OBJECT
private slots:
    void generatedOnceThenReadFromTheKeychain()
    {
        MemorySecretStore secrets;
        QString error;
        const auto first = loadOrCreateIdentity(secrets, &error);
        QVERIFY2(first, qPrintable(error));
        QString readError;
        const auto stored = secrets.read(identitySecretKey(), &readError);
        QVERIFY(stored);
        QCOMPARE(stored->size(), 44); // base64 of 32 bytes
        const auto again = loadOrCreateIdentity(secrets, &error);
        QVERIFY(again);
        QCOMPARE(again->pub, first->pub);
        QCOMPARE(identityFingerprintText(again), QString::fromStdString(iax::core::identityFingerprint(first->pub)));
        // Another keychain, another identity (drawn from the CSPRNG, not derived from anything).
        MemorySecretStore other;
        QVERIFY(loadOrCreateIdentity(other, &error)->pub != first->pub);
        QCOMPARE(identityFingerprintText(nullptr), QString());
    }

    void damagedOrMissingKeychainRunsWithout()
    {
        MemorySecretStore secrets;
        QString error;
        QVERIFY(secrets.write(identitySecretKey(), QStringLiteral("not a key"), &error));
        QVERIFY(!loadOrCreateIdentity(secrets, &error));
        QVERIFY2(error.contains(QLatin1String("damaged")), qPrintable(error));
        QCOMPARE(*secrets.read(identitySecretKey(), &error), QStringLiteral("not a key")); // left alone
        BrokenSecretStore broken;
        error.clear();
        QVERIFY(!loadOrCreateIdentity(broken, &error));
        QVERIFY2(error.contains(QLatin1String("no keychain")), qPrintable(error));
    }

    void pinOnConfirmWarnOnChange()
    {
        const QString k1 = QStringLiteral("1111 1111 1111 1111 1111 1111 1111 1111");
        const QString k2 = QStringLiteral("2222 2222 2222 2222 2222 2222 2222 2222");
        QList<E2ePeerTrust> list;
        QVERIFY(noteE2ePeer(list, "acc", "600", false, k1)); // seen, not confirmed: nothing pinned
        QCOMPARE(pinnedE2eIdentity(list, "acc", "600"), QString());
        QCOMPARE(e2eTrustStatus(list, "acc", "600", "e2e", k2), E2eTrustStatus::Unverified);
        QVERIFY(noteE2ePeer(list, "acc", "600", true, k1)); // confirmed: pinned (TOFU)
        QCOMPARE(pinnedE2eIdentity(list, "acc", "600"), k1);
        QCOMPARE(e2eTrustStatus(list, "acc", "600", "e2e", k1), E2eTrustStatus::Verified);
        QCOMPARE(e2eTrustStatus(list, "acc", "600", "e2e", k2), E2eTrustStatus::IdentityChanged);
        QCOMPARE(e2eTrustStatus(list, "acc", "600", "e2e", QString()), E2eTrustStatus::IdentityChanged);
        QCOMPARE(e2eTrustStatus(list, "acc", "600", "hop", QString()), E2eTrustStatus::Downgrade);
        QVERIFY(!noteE2ePeer(list, "acc", "600", false, k2)); // an unconfirmed call never re-pins
        QCOMPARE(pinnedE2eIdentity(list, "acc", "600"), k1);
        QVERIFY(noteE2ePeer(list, "acc", "600", true, k2)); // the user confirmed the new words
        QCOMPARE(e2eTrustStatus(list, "acc", "600", "e2e", k2), E2eTrustStatus::Verified);
        // Merged into an older copy (the settings dialog's): the live pin wins.
        QList<E2ePeerTrust> older { { "acc", "600", true, true, k1 } };
        QVERIFY(mergeE2eTrust(older, list));
        QCOMPARE(pinnedE2eIdentity(older, "acc", "600"), k2);
    }

    void pinSurvivesTheSettingsFile()
    {
        QTemporaryDir dir;
        QSettingsStore store(dir.filePath("iaxphone.ini"));
        Settings s;
        noteE2ePeer(s.e2ePeers, "acc", "600", true, QStringLiteral("abcd ef01 2345 6789 abcd ef01 2345 6789"));
        noteE2ePeer(s.e2ePeers, "acc", "700", true);
        QString error;
        QVERIFY2(store.save(s, &error), qPrintable(error));
        QCOMPARE(store.load().e2ePeers, s.e2ePeers);
    }
};

QTEST_GUILESS_MAIN(TestPhoneE2eIdentity)
#include "tst_phone_e2e_identity.moc"
