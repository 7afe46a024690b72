// The one engine-configuration builder (core/phone/engine_config_builder.h): each setting of an
// account — the desktop app's AccountSettings or an EngineAccount filled by the CLI — reaches its
// field of UserConfig, DialRequest, RegistrationRequest and EngineConfig.
#include "core/phone/engine_config_builder.h"
#include "core/protocol/auth.h"
#include "core/protocol/rsa_keygen.h"
#include "support/rsa_test_keys.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace iax;
using namespace iax::phone;
using core::AuthMethod::Md5;
using core::AuthMethod::Plaintext;
using core::AuthMethod::Rsa;

namespace {

bool writeFile(const QString& path, const std::string& text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text.data(), qint64(text.size())) == qint64(text.size());
}

/// A 1024-bit pair from the product's generator (private, public), as keys.
std::pair<std::shared_ptr<const core::RsaKey>, std::shared_ptr<const core::RsaKey>> keyPair(const QTemporaryDir& dir)
{
    const auto pem = core::generateRsaKeyPair();
    if (!pem || !writeFile(dir.filePath("k.key"), pem->privatePem) || !writeFile(dir.filePath("k.pub"), pem->publicPem))
        return {};
    auto priv = loadSigningKey(dir.filePath("k.key"), {});
    auto pub = loadTrustedKey(dir.filePath("k.pub"));
    if (!priv || !pub)
        return {};
    return { priv.value(), pub.value() };
}

AccountSettings account(AuthMethod auth)
{
    AccountSettings s;
    s.id = QStringLiteral("a1");
    s.username = QStringLiteral("alice");
    s.auth = auth;
    s.encryption = EncryptionPolicy::Required;
    s.keyRotation = false;
    s.keyRotationIntervalSeconds = 45;
    s.codecs = QStringList { QStringLiteral("alaw"), QStringLiteral("OPUS") };
    s.allowMd5Fallback = true;
    return s;
}

} // namespace

class TstPhoneEngineConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void packedDatetimeIsRfc5456()
    {
        // 2026-11-22 11:07:20 is 35 76 58 ea on the wire (the DATETIME vector of tst_ies).
        QCOMPARE(packedDatetime(QDateTime(QDate(2026, 11, 22), QTime(11, 7, 20))), 0x357658eaU);
        // Seconds in 2-second steps.
        QCOMPARE(packedDatetime(QDateTime(QDate(2026, 11, 22), QTime(11, 7, 21))), 0x357658eaU);
    }

    void keyRotationSettings()
    {
        const core::KeyRotation defaults;
        const auto off = keyRotation(false, 0);
        QVERIFY(!off.enabled);
        QCOMPARE(off.minInterval, defaults.minInterval);
        const auto asterisk = keyRotation(true, 0);
        QVERIFY(asterisk.enabled);
        QCOMPARE(asterisk.minInterval, defaults.minInterval);
        QCOMPARE(asterisk.maxInterval, defaults.maxInterval);
        const auto fixed = keyRotation(true, 30);
        QCOMPARE(fixed.minInterval, core::Millis(30000));
        QCOMPARE(fixed.maxInterval, core::Millis(30000));
    }

    void codecNamesInOrder()
    {
        QStringList unknown;
        const auto c = codecPreference(
            { QStringLiteral("Opus"), QStringLiteral(" alaw"), QStringLiteral("g729"), QStringLiteral("ulaw") },
            &unknown);
        QCOMPARE(c, (std::vector<std::uint64_t> { core::Codec::Opus, core::Codec::Alaw, core::Codec::Ulaw }));
        QCOMPARE(unknown, QStringList { QStringLiteral("g729") });
        QVERIFY(codecPreference({}).empty());
    }

    void encryptionPolicyNames()
    {
        QCOMPARE(encryptionPolicyFromName(QStringLiteral("off")), std::optional(core::EncryptionPolicy::Off));
        QCOMPARE(encryptionPolicyFromName(QStringLiteral("opportunistic")),
            std::optional(core::EncryptionPolicy::Opportunistic));
        QCOMPARE(encryptionPolicyFromName(QStringLiteral("required")), std::optional(core::EncryptionPolicy::Required));
        QVERIFY(!encryptionPolicyFromName(QStringLiteral("Required ")));
        QVERIFY(!encryptionPolicyFromName(QString()));
    }

    void keyLoadersCheckSizes()
    {
        QTemporaryDir dir;
        const auto [priv, pub] = keyPair(dir);
        QVERIFY(priv && pub);
        QVERIFY(priv->hasPrivate());
        QVERIFY(test::writeRsaPrivateKey(dir.filePath("big.key"), 2048));
        const auto big = loadSigningKey(dir.filePath("big.key"), {});
        QVERIFY(!big);
        QCOMPARE(big.error().code, std::string("rsa-key-too-large"));
        QVERIFY(writeFile(dir.filePath("weak.pub"), test::rsaPublicKeyPem(512)));
        const auto weak = loadTrustedKey(dir.filePath("weak.pub"));
        QVERIFY(!weak);
        QCOMPARE(weak.error().code, std::string("weak-key"));
        QVERIFY(!loadTrustedKey(dir.filePath("missing.pub")));
    }

    void desktopRsaAccount()
    {
        QTemporaryDir dir;
        const auto [priv, pub] = keyPair(dir);
        QVERIFY(priv && pub);
        const EngineAccount a = engineAccount(account(AuthMethod::Rsa), QStringLiteral("s3cret"), priv, { pub });
        QCOMPARE(a.username, std::string("alice"));
        QCOMPARE(std::string(a.secret), std::string("s3cret"));
        QCOMPARE(a.outkey, priv);
        QCOMPARE(a.inkeys.size(), std::size_t(1));
        QCOMPARE(a.authMethods, std::uint16_t(Rsa));
        QVERIFY(a.lookupCallerKey);
        QVERIFY(a.allowMd5Fallback);
        QCOMPARE(a.registrarAuthMethods, std::optional<std::uint16_t>(Rsa | Md5));
        QCOMPARE(a.encryption, core::EncryptionPolicy::Required);
        QVERIFY(!a.keyRotation);
        QCOMPARE(a.keyRotationIntervalSeconds, 45);
        QCOMPARE(a.codecs, (std::vector<std::uint64_t> { core::Codec::Alaw, core::Codec::Opus }));
        QCOMPARE(a.callingName, std::string("alice"));
        QVERIFY(!a.allowPlaintextAuth);
    }

    void desktopMd5Account()
    {
        QTemporaryDir dir;
        const auto [priv, pub] = keyPair(dir);
        AccountSettings s = account(AuthMethod::Md5);
        s.codecs = QStringList { QStringLiteral("g729") };
        const EngineAccount a = engineAccount(s, QStringLiteral("s"), priv, {});
        QCOMPARE(a.authMethods, std::uint16_t(Md5));
        QVERIFY(!a.outkey); // an MD5 account signs nothing
        QVERIFY(!a.lookupCallerKey);
        QVERIFY(!a.allowMd5Fallback);
        QCOMPARE(a.registrarAuthMethods, std::optional<std::uint16_t>(Md5));
        QCOMPARE(a.codecs, std::vector<std::uint64_t> { core::Codec::Ulaw }); // nothing known: G.711 µ-law
    }

    void userConfigFields()
    {
        QTemporaryDir dir;
        const auto [priv, pub] = keyPair(dir);
        EngineAccount a;
        a.username = "bob";
        a.secret = std::string("pw");
        a.inkeys = { pub };
        a.authMethods = Md5 | Rsa;
        a.allowPlaintextAuth = true;
        a.lookupCallerKey = true;
        a.allowMd5Fallback = true;
        a.encryption = core::EncryptionPolicy::Off;
        a.keyRotation = true;
        a.keyRotationIntervalSeconds = 10;
        a.codecs = { core::Codec::Opus };
        const core::UserConfig u = userConfig(a);
        QCOMPARE(u.username, std::string("bob"));
        QCOMPARE(std::string(u.secret), std::string("pw"));
        QCOMPARE(u.inkeys.size(), std::size_t(1));
        QCOMPARE(u.authMethods, std::uint16_t(Md5 | Rsa | Plaintext));
        QVERIFY(u.lookupCallerKey);
        QVERIFY(u.allowMd5Fallback);
        QCOMPARE(u.encryption, core::EncryptionPolicy::Off);
        QVERIFY(u.rotation.enabled);
        QCOMPARE(u.rotation.minInterval, core::Millis(10000));
        QCOMPARE(u.codecs, std::vector<std::uint64_t> { core::Codec::Opus });
        a.allowPlaintextAuth = false;
        QCOMPARE(userConfig(a).authMethods, std::uint16_t(Md5 | Rsa));
    }

    void dialRequestFields()
    {
        QTemporaryDir dir;
        const auto [priv, pub] = keyPair(dir);
        EngineAccount a = engineAccount(account(AuthMethod::Rsa), QStringLiteral("pw"), priv, {});
        a.allowPlaintextAuth = true;
        const core::PeerAddress peer { "192.0.2.7", 4570 };
        const QDateTime now(QDate(2026, 11, 22), QTime(11, 7, 20));
        const core::DialRequest d = dialRequest(a, peer, QStringLiteral("600"), QStringLiteral("dev-in"), now);
        QCOMPARE(d.peer.host, peer.host);
        QCOMPARE(d.peer.port, peer.port);
        QCOMPARE(d.username, std::string("alice"));
        QCOMPARE(std::string(d.secret), std::string("pw"));
        QCOMPARE(d.outkey, priv);
        QCOMPARE(d.calledNumber, std::string("600"));
        QCOMPARE(d.calledContext, std::string("dev-in"));
        QCOMPARE(d.callingName, std::string("alice"));
        QCOMPARE(d.codecs, (std::vector<std::uint64_t> { core::Codec::Alaw, core::Codec::Opus }));
        QCOMPARE(d.encryption, core::EncryptionPolicy::Required);
        QVERIFY(!d.rotation.enabled);
        QCOMPARE(d.rotation.minInterval, core::Millis(45000));
        QVERIFY(d.allowPlaintextAuth);
        QCOMPARE(d.datetime, std::optional<std::uint32_t>(packedDatetime(now)));
        // Without a time (the load generator): no DATETIME IE.
        QVERIFY(!dialRequest(a, peer, QStringLiteral("600")).datetime);
        QVERIFY(dialRequest(a, peer, QStringLiteral("600")).calledContext.empty());
    }

    void registrationRequestFields()
    {
        QTemporaryDir dir;
        const auto [priv, pub] = keyPair(dir);
        AccountSettings settings = account(AuthMethod::Rsa);
        settings.keepaliveSeconds = 40;
        EngineAccount a = engineAccount(settings, QStringLiteral("pw"), priv, {});
        const core::RegistrationRequest r = registrationRequest(a, { "198.51.100.1", 4569 }, 120);
        QCOMPARE(r.keepaliveSeconds, std::uint16_t(40)); // the account's NAT keepalive
        QCOMPARE(r.server.host, std::string("198.51.100.1"));
        QCOMPARE(r.username, std::string("alice"));
        QCOMPARE(std::string(r.secret), std::string("pw"));
        QCOMPARE(r.outkey, priv);
        QCOMPARE(r.refreshSeconds, std::uint16_t(120));
        QVERIFY(r.incoming);
        QCOMPARE(r.incoming->username, std::string("alice"));
        QCOMPARE(r.incoming->authMethods, std::uint16_t(Md5)); // no trusted keys: MD5
        QVERIFY(!r.incoming->lookupCallerKey); // the PBX proves the secret, never a key lookup
        QCOMPARE(r.incoming->encryption, core::EncryptionPolicy::Required);
        // An account without a registrar rule (the CLI): the registrar's calls as its own callers.
        EngineAccount cli;
        cli.username = "carol";
        cli.authMethods = Rsa;
        cli.allowPlaintextAuth = true;
        cli.lookupCallerKey = true;
        const auto rc = registrationRequest(cli, { "198.51.100.1", 4569 });
        QCOMPARE(rc.incoming->authMethods, std::uint16_t(Rsa | Plaintext));
        QVERIFY(!rc.incoming->lookupCallerKey);
        QCOMPARE(rc.refreshSeconds, std::uint16_t(60));
        QCOMPARE(rc.keepaliveSeconds, std::uint16_t(0)); // none unless the account sets one
    }

    void engineConfigKeyWait()
    {
        const core::EngineConfig defaults;
        QCOMPARE(engineConfig().peerKeyTimeout, defaults.peerKeyTimeout);
        QVERIFY(engineConfig().users.empty());
        const auto c = engineConfig({ core::UserConfig {} }, std::chrono::milliseconds(5000));
        QCOMPARE(c.peerKeyTimeout, core::Millis(5000 + 3000)); // the fetch timeout plus 3 s (callerKeyWait)
        QCOMPARE(c.users.size(), std::size_t(1));
    }

    void endToEndModeOnForThePhones()
    {
        // Issue 20: the CLI and the GUI offer the end-to-end mode; a bare EngineConfig does not.
        QVERIFY(!core::EngineConfig {}.e2e);
        QVERIFY(engineConfig().e2e);
    }
};

QTEST_GUILESS_MAIN(TstPhoneEngineConfig)
#include "tst_phone_engine_config.moc"
