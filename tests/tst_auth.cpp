// Known-answer and tamper tests for MD5 and RSA challenge authentication (core/protocol/auth.h),
// against the values Asterisk put on the wire in the interop captures.
#include "core/protocol/auth.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <openssl/encoder.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/pem.h>

using namespace iax::core;

namespace {
QString dataPath(const QString& rel)
{
    return QStringLiteral(IAX_TEST_DATA "/interop/") + rel;
}

QJsonObject frameOf(const QString& capture, int pkt)
{
    QFile f(dataPath(capture + "/decoded.json"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const auto frames = QJsonDocument::fromJson(f.readAll()).object().value("frames").toArray();
    for (const auto& v : frames)
        if (v.toObject().value("pkt").toInt() == pkt)
            return v.toObject();
    return {};
}

// The value of IE "NAME(id)[len]='value'" in a decoded.json frame.
QString ieValue(const QJsonObject& frame, const QString& name)
{
    for (const auto& v : frame.value("ies").toArray()) {
        const QString s = v.toString();
        if (s.startsWith(name + "(")) {
            const int eq = s.indexOf("='");
            return s.mid(eq + 2, s.size() - eq - 3);
        }
    }
    return {};
}
} // namespace

class TestAuth : public QObject {
    Q_OBJECT
private slots:
    void md5KnownAnswersFromCaptures_data()
    {
        QTest::addColumn<QString>("capture");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<int>("challengePkt");
        QTest::addColumn<int>("answerPkt");
        QTest::newRow("register-md5") << "register-md5"
                                      << "SoftphoneMd5Secret" << 4 << 5;
        QTest::newRow("md5-plain") << "md5-plain"
                                   << "PlainMd5-Secret-D" << 4 << 5;
        QTest::newRow("md5-aes128-dtmf") << "md5-aes128-dtmf"
                                         << "Aes128Secret-A" << 4 << 5;
    }
    void md5KnownAnswersFromCaptures()
    {
        QFETCH(QString, capture);
        QFETCH(QString, secret);
        QFETCH(int, challengePkt);
        QFETCH(int, answerPkt);
        const QString challenge = ieValue(frameOf(capture, challengePkt), "CHALLENGE");
        const QString expected = ieValue(frameOf(capture, answerPkt), "MD5_RESULT");
        QVERIFY(!challenge.isEmpty());
        QCOMPARE(expected.size(), 32);
        const std::string got = md5Response(challenge.toStdString(), secret.toStdString());
        QCOMPARE(QString::fromStdString(got), expected);
        QVERIFY(md5ResponseMatches(expected.toStdString(), challenge.toStdString(), secret.toStdString()));
        QVERIFY(md5ResponseMatches(expected.toUpper().toStdString(), challenge.toStdString(), secret.toStdString()));
        QVERIFY(!md5ResponseMatches(expected.toStdString(), challenge.toStdString(), "wrong"));
        QVERIFY(!md5ResponseMatches(expected.left(31).toStdString(), challenge.toStdString(), secret.toStdString()));
        QVERIFY(!md5ResponseMatches("", challenge.toStdString(), secret.toStdString()));
    }

    void md5DigestIsTheAesKey()
    {
        const auto d = md5Digest("211749830", "Aes128Secret-A");
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(d.data()), 16).toHex(),
            QByteArray("067b2b27fee1bbe2aba615d73d254d66"));
    }

    void rsaSignatureEqualsAsterisks()
    {
        auto key = RsaKey::privateFromFile(dataPath("rsa-aes128/keys/iaxA.key").toStdString());
        QVERIFY2(key.ok(), key.ok() ? "" : key.error().reason.c_str());
        QVERIFY(key->hasPrivate());
        QCOMPARE(key->bits(), 1024);
        const QString challenge = ieValue(frameOf("rsa-aes128", 4), "CHALLENGE");
        QCOMPARE(challenge, QString("171265672"));
        const QString expected = ieValue(frameOf("rsa-aes128", 5), "RSA_RESULT");
        QCOMPARE(expected.size(), 172);
        auto sig = rsaSignChallenge(*key, challenge.toStdString());
        QVERIFY(sig.ok());
        QCOMPARE(QString::fromStdString(*sig), expected);

        auto pub = RsaKey::publicFromFile(dataPath("rsa-aes128/keys/iaxA.pub").toStdString());
        QVERIFY(pub.ok());
        QVERIFY(!pub->hasPrivate());
        QVERIFY(rsaVerifyChallenge(*pub, challenge.toStdString(), expected.toStdString()));
        QCOMPARE(QString::fromStdString(pub->fingerprint()), QString::fromStdString(key->fingerprint()));
        QCOMPARE(pub->fingerprint().size(), size_t(64));
        // The exported public PEM loads back to the same key.
        auto again = RsaKey::publicFromPem(key->publicPem());
        QVERIFY(again.ok());
        QVERIFY(rsaVerifyChallenge(*again, challenge.toStdString(), expected.toStdString()));
    }

    void rsaTamperCases()
    {
        auto pub = RsaKey::publicFromFile(dataPath("rsa-aes128/keys/iaxA.pub").toStdString());
        QVERIFY(pub.ok());
        const std::string sig = ieValue(frameOf("rsa-aes128", 5), "RSA_RESULT").toStdString();
        QVERIFY(!rsaVerifyChallenge(*pub, "171265673", sig));
        std::string flipped = sig;
        flipped[10] = flipped[10] == 'A' ? 'B' : 'A';
        QVERIFY(!rsaVerifyChallenge(*pub, "171265672", flipped));
        QVERIFY(!rsaVerifyChallenge(*pub, "171265672", ""));
        QVERIFY(!rsaVerifyChallenge(*pub, "171265672", "!!!not base64!!!"));
        QVERIFY(!rsaVerifyChallenge(*pub, "171265672", sig.substr(0, 100)));
        QVERIFY(!rsaVerifyChallenge(RsaKey(), "171265672", sig));
        // A different key does not verify it.
        EVP_PKEY* other = EVP_RSA_gen(1024);
        QVERIFY(other);
        BIO* bio = BIO_new(BIO_s_mem());
        PEM_write_bio_PUBKEY(bio, other);
        char* data = nullptr;
        const long len = BIO_get_mem_data(bio, &data);
        auto otherPub = RsaKey::publicFromPem(std::string(data, size_t(len)));
        BIO_free(bio);
        EVP_PKEY_free(other);
        QVERIFY(otherPub.ok());
        QVERIFY(!rsaVerifyChallenge(*otherPub, "171265672", sig));
        // Signing needs a private key.
        auto noPriv = rsaSignChallenge(*pub, "1");
        QVERIFY(!noPriv.ok());
        QCOMPARE(QString::fromStdString(noPriv.error().code), QString("no-private-key"));
    }

    void keyLoadingErrors()
    {
        auto bad = RsaKey::privateFromPem("hello");
        QVERIFY(!bad.ok());
        QCOMPARE(QString::fromStdString(bad.error().code), QString("bad-pem"));
        auto bad2 = RsaKey::publicFromPem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        QVERIFY(!bad2.ok());
        QCOMPARE(QString::fromStdString(bad2.error().code), QString("bad-pem"));
        auto missing = RsaKey::publicFromFile("/nonexistent/key.pub");
        QVERIFY(!missing.ok());
        QCOMPARE(QString::fromStdString(missing.error().code), QString("unreadable"));

        // An EC key is refused with "not-rsa".
        EVP_PKEY* ec = EVP_EC_gen("P-256");
        QVERIFY(ec);
        BIO* bio = BIO_new(BIO_s_mem());
        PEM_write_bio_PrivateKey(bio, ec, nullptr, nullptr, 0, nullptr, nullptr);
        char* data = nullptr;
        long len = BIO_get_mem_data(bio, &data);
        auto ecPriv = RsaKey::privateFromPem(std::string(data, size_t(len)));
        BIO_free(bio);
        QVERIFY(!ecPriv.ok());
        QCOMPARE(QString::fromStdString(ecPriv.error().code), QString("not-rsa"));
        bio = BIO_new(BIO_s_mem());
        PEM_write_bio_PUBKEY(bio, ec);
        len = BIO_get_mem_data(bio, &data);
        auto ecPub = RsaKey::publicFromPem(std::string(data, size_t(len)));
        BIO_free(bio);
        EVP_PKEY_free(ec);
        QVERIFY(!ecPub.ok());
        QCOMPARE(QString::fromStdString(ecPub.error().code), QString("not-rsa"));
    }

    // Asterisk's key files come in every PEM form; all load to the same key. The fingerprint is
    // recomputed here independently: SHA-256 over i2d_PUBKEY (DER SubjectPublicKeyInfo).
    void keyFormsAndFingerprint()
    {
        auto key = RsaKey::privateFromFile(dataPath("rsa-aes128/keys/iaxA.key").toStdString());
        QVERIFY(key.ok());
        unsigned char* der = nullptr;
        const int derLen = i2d_PUBKEY(key->raw(), &der);
        QVERIFY(derLen > 0);
        unsigned char md[32];
        unsigned int mdLen = 0;
        QVERIFY(EVP_Digest(der, size_t(derLen), md, &mdLen, EVP_sha256(), nullptr) == 1);
        OPENSSL_free(der);
        const QByteArray expected = QByteArray(reinterpret_cast<const char*>(md), int(mdLen)).toHex();
        QCOMPARE(QByteArray::fromStdString(key->fingerprint()), expected);

        // PKCS#1 "RSA PUBLIC KEY" (written with OSSL_ENCODER, type-specific structure).
        auto writePem = [&](int selection, const char* structure) {
            OSSL_ENCODER_CTX* ectx
                = OSSL_ENCODER_CTX_new_for_pkey(key->raw(), selection, "PEM", structure, nullptr);
            unsigned char* data = nullptr;
            size_t len = 0;
            const bool ok = ectx && OSSL_ENCODER_to_data(ectx, &data, &len) == 1;
            OSSL_ENCODER_CTX_free(ectx);
            std::string pem = ok ? std::string(reinterpret_cast<char*>(data), len) : std::string();
            OPENSSL_free(data);
            return pem;
        };
        const std::string pkcs1Pub = writePem(EVP_PKEY_PUBLIC_KEY, "type-specific");
        QVERIFY(pkcs1Pub.find("BEGIN RSA PUBLIC KEY") != std::string::npos);
        auto pub1 = RsaKey::publicFromPem(pkcs1Pub);
        QVERIFY2(pub1.ok(), pub1.ok() ? "" : pub1.error().reason.c_str());
        QCOMPARE(QByteArray::fromStdString(pub1->fingerprint()), expected);
        const std::string sig = ieValue(frameOf("rsa-aes128", 5), "RSA_RESULT").toStdString();
        QVERIFY(rsaVerifyChallenge(*pub1, "171265672", sig));

        // PKCS#8 "PRIVATE KEY" signs exactly as the PKCS#1 file does (PKCS#1 v1.5 is deterministic).
        const std::string pkcs8 = writePem(EVP_PKEY_KEYPAIR, "PrivateKeyInfo");
        QVERIFY(pkcs8.find("BEGIN PRIVATE KEY") != std::string::npos);
        auto priv8 = RsaKey::privateFromPem(pkcs8);
        QVERIFY(priv8.ok());
        QCOMPARE(QString::fromStdString(rsaSignChallenge(*priv8, "171265672").value()), QString::fromStdString(sig));
        // A private PEM offered as a public key still yields its public half.
        auto pubFromPriv = RsaKey::publicFromPem(pkcs8);
        if (pubFromPriv.ok())
            QCOMPARE(QByteArray::fromStdString(pubFromPriv->fingerprint()), expected);
    }

    void passphraseProtectedKey()
    {
        auto key = RsaKey::privateFromFile(dataPath("rsa-aes128/keys/iaxA.key").toStdString());
        QVERIFY(key.ok());
        BIO* bio = BIO_new(BIO_s_mem());
        const char* pass = "correct horse";
        QVERIFY(
            PEM_write_bio_PKCS8PrivateKey(bio, key->raw(), EVP_aes_256_cbc(), pass, int(strlen(pass)), nullptr, nullptr)
            == 1);
        char* data = nullptr;
        const long len = BIO_get_mem_data(bio, &data);
        const std::string pem(data, size_t(len));
        BIO_free(bio);
        auto withPass = RsaKey::privateFromPem(pem, pass);
        QVERIFY(withPass.ok());
        QCOMPARE(withPass->fingerprint(), key->fingerprint());
        auto noPass = RsaKey::privateFromPem(pem);
        QVERIFY(!noPass.ok());
        QCOMPARE(QString::fromStdString(noPass.error().code), QString("bad-passphrase"));
        auto wrongPass = RsaKey::privateFromPem(pem, "wrong");
        QVERIFY(!wrongPass.ok());
        QCOMPARE(QString::fromStdString(wrongPass.error().code), QString("bad-passphrase"));
    }
};

QTEST_GUILESS_MAIN(TestAuth)
#include "tst_auth.moc"
