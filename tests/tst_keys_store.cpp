// PublicKeyStore: import (file, paste), validation with clear errors (bad PEM, EC key, private
// key, weak key, bad names), pins with first-seen, list, remove, and tamper detection.
#include "core/keys/public_key_store.h"
#include "core/protocol/rsa_keygen.h"

#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/encoder.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

using namespace iax::core;

namespace {

const QString kInteropPub = QStringLiteral(IAX_TEST_DATA "/interop/rsa-aes128/keys/iaxA.pub");

// PEM of `pkey` in the given OSSL_ENCODER output structure ("SubjectPublicKeyInfo" or "type-specific").
QByteArray encodePublic(EVP_PKEY* pkey, const char* structure)
{
    OSSL_ENCODER_CTX* ctx = OSSL_ENCODER_CTX_new_for_pkey(pkey, EVP_PKEY_PUBLIC_KEY, "PEM", structure, nullptr);
    unsigned char* data = nullptr;
    size_t len = 0;
    QByteArray out;
    if (ctx && OSSL_ENCODER_to_data(ctx, &data, &len) == 1)
        out = QByteArray(reinterpret_cast<const char*>(data), qsizetype(len));
    OPENSSL_free(data);
    OSSL_ENCODER_CTX_free(ctx);
    return out;
}

QByteArray ecPublicPem()
{
    EVP_PKEY* ec = EVP_EC_gen("P-256");
    const QByteArray pem = encodePublic(ec, "SubjectPublicKeyInfo");
    EVP_PKEY_free(ec);
    return pem;
}

QByteArray rsaPublicPem(unsigned bits, const char* structure = "SubjectPublicKeyInfo")
{
    EVP_PKEY* rsa = EVP_RSA_gen(bits);
    const QByteArray pem = encodePublic(rsa, structure);
    EVP_PKEY_free(rsa);
    return pem;
}

QString code(const Error& e)
{
    return QString::fromStdString(e.code);
}

// Permission bits of `path` for group and others (0 = owner only).
QFileDevice::Permissions groupOrOther(const QString& path)
{
    constexpr auto kNotOwner = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
        | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    return QFileInfo(path).permissions() & kNotOwner;
}

} // namespace

class TstKeysStore : public QObject {
    Q_OBJECT
    QDateTime m_now = QDateTime(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);
    WallClock clock()
    {
        return [this] { return m_now; };
    }

private slots:
    void importFileListLoadRemove()
    {
        QTemporaryDir dir;
        PublicKeyStore store(dir.path() + "/keys", clock());
        QVERIFY(store.list().empty());
        auto info = store.importFile(kInteropPub);
        QVERIFY2(info.ok(), info.ok() ? "" : info.error().reason.c_str());
        QCOMPARE(info->name, QStringLiteral("iaxA"));
        QCOMPARE(info->bits, 1024);
        QCOMPARE(info->fingerprint.size(), 64);
        QVERIFY(info->pin);
        QCOMPARE(info->pin->firstSeen, m_now);
        QVERIFY(!info->pin->lastFetched.isValid());
        QVERIFY(info->pin->source.startsWith(QStringLiteral("file:")));

        // Persisted: a second store object sees the same pin.
        PublicKeyStore again(dir.path() + "/keys", clock());
        const auto list = again.list();
        QCOMPARE(list.size(), size_t(1));
        QCOMPARE(list[0].name, QStringLiteral("iaxA"));
        QCOMPARE(list[0].fingerprint, info->fingerprint);
        QVERIFY(list[0].pin);
        QCOMPARE(list[0].pin->fingerprint, info->fingerprint);
        QVERIFY(list[0].problem.isEmpty());
        auto key = again.load(QStringLiteral("iaxA"));
        QVERIFY(key.ok());
        QCOMPARE(QString::fromStdString((*key)->fingerprint()), info->fingerprint);
        QCOMPARE(again.loadAll().size(), size_t(1));

        QVERIFY(again.remove(QStringLiteral("iaxA")).ok());
        QVERIFY(again.list().empty());
        QVERIFY(!again.pin(QStringLiteral("iaxA")));
        auto gone = again.remove(QStringLiteral("iaxA"));
        QVERIFY(!gone.ok());
        QCOMPARE(code(gone.error()), QStringLiteral("not-found"));
        auto load = again.load(QStringLiteral("iaxA"));
        QCOMPARE(code(load.error()), QStringLiteral("not-found"));
    }

    void pastedPkcs1KeyIsStoredAsSpki()
    {
        QTemporaryDir dir;
        PublicKeyStore store(dir.path(), clock());
        const QByteArray pkcs1 = rsaPublicPem(1024, "type-specific");
        QVERIFY(pkcs1.startsWith("-----BEGIN RSA PUBLIC KEY-----"));
        auto info = store.importPem(QStringLiteral("bob"), "pasted text before\n" + pkcs1, QStringLiteral("paste"));
        QVERIFY2(info.ok(), info.ok() ? "" : info.error().reason.c_str());
        QFile f(dir.path() + "/bob.pub");
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().startsWith("-----BEGIN PUBLIC KEY-----"));
        QCOMPARE(info->pin->source, QStringLiteral("paste"));
    }

    void badInputGivesClearErrors()
    {
        QTemporaryDir dir;
        PublicKeyStore store(dir.path(), clock());
        auto r = store.importPem(QStringLiteral("x"), "hello world", QStringLiteral("paste"));
        QCOMPARE(code(r.error()), QStringLiteral("bad-pem"));
        QVERIFY(QString::fromStdString(r.error().reason).contains(QStringLiteral("'x'")));

        r = store.importPem(QStringLiteral("x"),
            "-----BEGIN PUBLIC KEY-----\nnot base64 at all!!\n-----END PUBLIC KEY-----\n", QStringLiteral("paste"));
        QCOMPARE(code(r.error()), QStringLiteral("bad-pem"));

        QByteArray truncated = rsaPublicPem(1024);
        truncated.remove(40, 30);
        r = store.importPem(QStringLiteral("x"), truncated, QStringLiteral("paste"));
        QCOMPARE(code(r.error()), QStringLiteral("bad-pem"));

        r = store.importPem(QStringLiteral("x"), ecPublicPem(), QStringLiteral("paste"));
        QCOMPARE(code(r.error()), QStringLiteral("not-rsa"));
        QVERIFY(QString::fromStdString(r.error().reason).contains(QStringLiteral("not an RSA key")));

        auto pair = generateRsaKeyPair(1024);
        QVERIFY(pair.ok());
        r = store.importPem(QStringLiteral("x"), QByteArray::fromStdString(pair->privatePem), QStringLiteral("paste"));
        QCOMPARE(code(r.error()), QStringLiteral("bad-pem"));
        QVERIFY(QString::fromStdString(r.error().reason).contains(QStringLiteral("PRIVATE key")));

        r = store.importPem(QStringLiteral("x"), rsaPublicPem(512), QStringLiteral("paste"));
        QCOMPARE(code(r.error()), QStringLiteral("weak-key"));

        r = store.importFile(dir.path() + "/does-not-exist.pub");
        QCOMPARE(code(r.error()), QStringLiteral("unreadable"));

        QVERIFY(store.list().empty()); // nothing half-written
    }

    void namesFromTheNetworkAreConfined()
    {
        for (const QString& bad : { QString(), QStringLiteral(".."), QStringLiteral("../evil"),
                 QStringLiteral(".hidden"), QStringLiteral("a/b"), QStringLiteral("a\\b"), QStringLiteral("sp ace"),
                 QStringLiteral("nul\0x"), QString(65, QLatin1Char('a')), QStringLiteral("ünï") })
            QVERIFY2(!PublicKeyStore::isValidName(bad), qPrintable(bad));
        for (const QString& good : { QStringLiteral("alice"), QStringLiteral("iaxA"), QStringLiteral("node-1234.v2"),
                 QStringLiteral("_x"), QString(64, QLatin1Char('a')) })
            QVERIFY2(PublicKeyStore::isValidName(good), qPrintable(good));
        QTemporaryDir dir;
        PublicKeyStore store(dir.path(), clock());
        auto r = store.importPem(QStringLiteral("../evil"), rsaPublicPem(1024), QStringLiteral("paste"));
        QCOMPARE(code(r.error()), QStringLiteral("bad-name"));
        QCOMPARE(code(store.load(QStringLiteral("../evil")).error()), QStringLiteral("bad-name"));
        QCOMPARE(code(store.remove(QStringLiteral("../evil")).error()), QStringLiteral("bad-name"));
    }

    void differentKeyUnderPinnedNameIsRefusedUnlessReplaced()
    {
        QTemporaryDir dir;
        PublicKeyStore store(dir.path(), clock());
        const QByteArray k1 = rsaPublicPem(1024), k2 = rsaPublicPem(1024);
        auto first = store.importPem(QStringLiteral("carol"), k1, QStringLiteral("paste"));
        QVERIFY(first.ok());
        const QDateTime firstSeen = m_now;
        m_now = m_now.addDays(3);
        // The same key again keeps first-seen.
        auto same = store.importPem(QStringLiteral("carol"), k1, QStringLiteral("paste"));
        QVERIFY(same.ok());
        QCOMPARE(same->pin->firstSeen, firstSeen);

        auto changed = store.importPem(QStringLiteral("carol"), k2, QStringLiteral("paste"));
        QVERIFY(!changed.ok());
        QCOMPARE(code(changed.error()), QStringLiteral("key-changed"));
        QVERIFY(QString::fromStdString(changed.error().reason).contains(first->fingerprint));
        QCOMPARE(QString::fromStdString((*store.load(QStringLiteral("carol")))->fingerprint()), first->fingerprint);

        auto replaced
            = store.importPem(QStringLiteral("carol"), k2, QStringLiteral("paste"), PublicKeyStore::OnChange::Replace);
        QVERIFY(replaced.ok());
        QVERIFY(replaced->fingerprint != first->fingerprint);
        QCOMPARE(replaced->pin->firstSeen, m_now);
    }

    void tamperedFileIsRefused()
    {
        QTemporaryDir dir;
        PublicKeyStore store(dir.path(), clock());
        QVERIFY(store.importPem(QStringLiteral("dave"), rsaPublicPem(1024), QStringLiteral("paste")).ok());
        QVERIFY(store.importFile(kInteropPub).ok());
        QFile f(store.pathFor(QStringLiteral("dave")));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(rsaPublicPem(1024));
        f.close();
        auto load = store.load(QStringLiteral("dave"));
        QVERIFY(!load.ok());
        QCOMPARE(code(load.error()), QStringLiteral("pin-mismatch"));
        const auto list = store.list();
        QCOMPARE(list.size(), size_t(2));
        QCOMPARE(list[0].name, QStringLiteral("dave"));
        QVERIFY(list[0].problem.contains(QStringLiteral("differs from its pin")));
        QCOMPARE(store.loadAll().size(), size_t(1)); // only iaxA

        // A file dropped in by hand (no pin) is listed as unpinned and usable.
        QVERIFY(QFile::copy(kInteropPub, dir.path() + "/manual.pub"));
        auto manual = store.load(QStringLiteral("manual"));
        QVERIFY(manual.ok());
        QCOMPARE(store.loadAll().size(), size_t(2));
    }

    void storeIsOwnerOnly()
    {
        // Directories the store creates are 0700, NAME.pub and pins.json 0600, also when they
        // replace files that were readable by others.
#ifndef Q_OS_UNIX
        QSKIP("file modes are POSIX");
#else
        const mode_t oldMask = ::umask(022); // what a default umask would allow
        const auto restore = qScopeGuard([oldMask] { ::umask(oldMask); });
        QTemporaryDir dir;
        const QString keys = dir.path() + "/new/keys";
        PublicKeyStore store(keys, clock());
        QVERIFY(store.importFile(kInteropPub).ok());
        QCOMPARE(groupOrOther(dir.path() + "/new"), QFileDevice::Permissions());
        QCOMPARE(groupOrOther(keys), QFileDevice::Permissions());
        QVERIFY(QFileInfo(keys).permissions() & QFileDevice::ExeOwner);
        QCOMPARE(groupOrOther(keys + "/iaxA.pub"), QFileDevice::Permissions());
        QCOMPARE(groupOrOther(keys + "/pins.json"), QFileDevice::Permissions());
        constexpr auto kWide
            = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther;
        QVERIFY(QFile::setPermissions(keys + "/iaxA.pub", kWide));
        QVERIFY(QFile::setPermissions(keys + "/pins.json", kWide));
        QVERIFY(store.importFile(kInteropPub).ok());
        QCOMPARE(groupOrOther(keys + "/iaxA.pub"), QFileDevice::Permissions());
        QCOMPARE(groupOrOther(keys + "/pins.json"), QFileDevice::Permissions());
        // An existing directory chosen by the user keeps its mode.
        QVERIFY(QFile::setPermissions(dir.path(), kWide | QFileDevice::ExeOwner | QFileDevice::ExeGroup));
        PublicKeyStore shared(dir.path(), clock());
        QVERIFY(shared.importFile(kInteropPub).ok());
        QVERIFY(groupOrOther(dir.path()) != QFileDevice::Permissions());
#endif
    }

    void weakKeyDroppedInByHandIsRefused()
    {
        QTemporaryDir dir;
        PublicKeyStore store(dir.path(), clock());
        QFile f(dir.path() + "/weak.pub");
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(rsaPublicPem(512));
        f.close();
        auto load = store.load(QStringLiteral("weak"));
        QVERIFY(!load.ok());
        QCOMPARE(code(load.error()), QStringLiteral("weak-key"));
        QVERIFY2(QString::fromStdString(load.error().reason).contains(QStringLiteral("512-bit RSA is too weak")),
            load.error().reason.c_str());
        const auto list = store.list();
        QCOMPARE(list.size(), size_t(1));
        QVERIFY(list[0].problem.contains(QStringLiteral("too weak")));
        QVERIFY(store.loadAll().empty());
    }

    void markFetchedUpdatesLastFetched()
    {
        QTemporaryDir dir;
        PublicKeyStore store(dir.path(), clock());
        QCOMPARE(code(store.markFetched(QStringLiteral("erin")).error()), QStringLiteral("not-found"));
        QVERIFY(
            store.importPem(QStringLiteral("erin"), rsaPublicPem(1024), QStringLiteral("https://k.example/erin.pub"))
                .ok());
        QCOMPARE(store.pin(QStringLiteral("erin"))->lastFetched, m_now);
        m_now = m_now.addSecs(3600);
        QVERIFY(store.markFetched(QStringLiteral("erin")).ok());
        QCOMPARE(store.pin(QStringLiteral("erin"))->lastFetched, m_now);
    }
};

QTEST_GUILESS_MAIN(TstKeysStore)
#include "tst_keys_store.moc"
