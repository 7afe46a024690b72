// RSA key generation and export: generated keys sign IAX2 challenges that OpenSSL verifies
// independently; the exported public PEM verifies the interop capture's RSA_RESULT; passphrase-
// protected private keys (AES-256-CBC PKCS#8) load only with the passphrase.
#include "core/keys/public_key_store.h"
#include "core/protocol/auth.h"
#include "core/protocol/rsa_keygen.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

using namespace iax::core;

namespace {

const QString kInterop = QStringLiteral(IAX_TEST_DATA "/interop/rsa-aes128");

std::vector<unsigned char> base64Decode(const std::string& b64)
{
    std::vector<unsigned char> out(b64.size() / 4 * 3 + 3);
    int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(b64.data()), int(b64.size()));
    if (n < 0)
        return {};
    if (b64.ends_with("=="))
        n -= 2;
    else if (b64.ends_with("="))
        n -= 1;
    out.resize(size_t(n));
    return out;
}

// Independent of auth.cpp: plain OpenSSL, PEM → EVP_PKEY → EVP_DigestVerify(SHA-1, PKCS#1 v1.5).
bool opensslVerify(const std::string& publicPem, const std::string& message, const std::string& b64sig)
{
    BIO* bio = BIO_new_mem_buf(publicPem.data(), int(publicPem.size()));
    EVP_PKEY* pkey = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (!pkey)
        return false;
    const auto sig = base64Decode(b64sig);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX* pctx = nullptr;
    bool ok = EVP_DigestVerifyInit(ctx, &pctx, EVP_sha1(), nullptr, pkey) == 1
        && EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1
        && EVP_DigestVerify(
               ctx, sig.data(), sig.size(), reinterpret_cast<const unsigned char*>(message.data()), message.size())
            == 1;
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(pkey);
    return ok;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// RSA_RESULT of the AUTHREP (frame 5) in decoded.json.
std::string captureRsaResult()
{
    const auto doc = QJsonDocument::fromJson(readAll(kInterop + "/decoded.json"));
    for (const auto& f : doc.object().value("frames").toArray()) {
        if (f.toObject().value("pkt").toInt() != 5)
            continue;
        for (const auto& ie : f.toObject().value("ies").toArray()) {
            const auto m = QRegularExpression("^RSA_RESULT\\(17\\)\\[\\d+\\]='([^']*)'$").match(ie.toString());
            if (m.hasMatch())
                return m.captured(1).toStdString();
        }
    }
    return {};
}

// NID of the PKCS#8 encryption cipher of an "ENCRYPTED PRIVATE KEY" PEM (PBES2), or NID_undef.
int pkcs8CipherNid(const std::string& pem)
{
    BIO* bio = BIO_new_mem_buf(pem.data(), int(pem.size()));
    X509_SIG* p8 = PEM_read_bio_PKCS8(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (!p8)
        return NID_undef;
    const X509_ALGOR* alg = nullptr;
    X509_SIG_get0(p8, &alg, nullptr);
    int nid = NID_undef;
    if (OBJ_obj2nid(alg->algorithm) == NID_pbes2) {
        auto* params = static_cast<PBE2PARAM*>(ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM), alg->parameter));
        if (params) {
            nid = OBJ_obj2nid(params->encryption->algorithm);
            PBE2PARAM_free(params);
        }
    }
    X509_SIG_free(p8);
    return nid;
}

} // namespace

class TstKeysKeygen : public QObject {
    Q_OBJECT
private slots:
    void generatedKeysSignChallengesOpenSslVerifies_data()
    {
        QTest::addColumn<int>("bits");
        QTest::newRow("1024 (Asterisk)") << 1024;
    }
    void generatedKeysSignChallengesOpenSslVerifies()
    {
        QFETCH(int, bits);
        auto pair = generateRsaKeyPair(bits);
        QVERIFY2(pair.ok(), pair.ok() ? "" : pair.error().reason.c_str());
        QCOMPARE(pair->bits, bits);
        QVERIFY(pair->privatePem.starts_with("-----BEGIN PRIVATE KEY-----"));
        QVERIFY(pair->publicPem.starts_with("-----BEGIN PUBLIC KEY-----"));
        QCOMPARE(pair->fingerprint.size(), size_t(64));

        auto priv = RsaKey::privateFromPem(pair->privatePem);
        QVERIFY(priv.ok());
        QVERIFY(priv->hasPrivate());
        QCOMPARE(priv->bits(), bits);
        QCOMPARE(priv->fingerprint(), pair->fingerprint);
        QCOMPARE(priv->publicPem(), pair->publicPem);

        for (const std::string challenge : { "171265672", "1", "999999999" }) {
            auto sig = rsaSignChallenge(*priv, challenge);
            QVERIFY(sig.ok());
            QCOMPARE(sig->size(), size_t(4 * ((bits / 8 + 2) / 3))); // 1024 → 172 chars, as Asterisk expects
            QVERIFY(opensslVerify(pair->publicPem, challenge, *sig));
            QVERIFY(!opensslVerify(pair->publicPem, challenge + "0", *sig)); // tamper: other challenge
            std::string flipped = *sig;
            flipped[10] = flipped[10] == 'A' ? 'B' : 'A';
            QVERIFY(!opensslVerify(pair->publicPem, challenge, flipped)); // tamper: other signature
        }
    }

    void twoGenerationsDiffer()
    {
        auto a = generateRsaKeyPair();
        auto b = generateRsaKeyPair();
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(a->bits, kRsaDefaultBits);
        QVERIFY(a->fingerprint != b->fingerprint);
    }

    void unsupportedSizesRefused()
    {
        for (int bits : { 0, 512, 1023, 2048, 3072, 4096, -1 }) {
            auto r = generateRsaKeyPair(bits);
            QVERIFY(!r.ok());
            QCOMPARE(QString::fromStdString(r.error().code), QStringLiteral("bad-bits"));
        }
        QVERIFY(isSupportedRsaKeyBits(1024));
        QVERIFY(!isSupportedRsaKeyBits(2048));
        QVERIFY(!isSupportedRsaKeyBits(3072));
    }

    void signatureMustFitOneIe()
    {
        // RSA_RESULT is one IE of at most 255 bytes: base64 of a 2048-bit signature is 344 characters.
        QCOMPARE(rsaSignatureBase64Chars(1024), 172);
        QCOMPARE(rsaSignatureBase64Chars(2048), 344);
        QCOMPARE(rsaSignatureBase64Chars(3072), 512);
        QVERIFY(checkRsaSigningKeyBits(1024).ok());
        QVERIFY(checkRsaSigningKeyBits(1512).ok()); // 189 bytes → 252 characters: the largest that fits
        QVERIFY(!checkRsaSigningKeyBits(1513).ok()); // 190 bytes → 256 characters
        for (int bits : { 2048, 3072, 4096 }) {
            const Status st = checkRsaSigningKeyBits(bits);
            QVERIFY(!st.ok());
            QCOMPARE(QString::fromStdString(st.error().code), QStringLiteral("rsa-key-too-large"));
            const QString why = QString::fromStdString(st.error().reason);
            QVERIFY2(why.contains(QString::number(rsaSignatureBase64Chars(bits)) + " characters"), qPrintable(why));
            QVERIFY2(why.contains(QLatin1String("at most 255")), qPrintable(why));
            // The keygen refusal says the same.
            QCOMPARE(QString::fromStdString(generateRsaKeyPair(bits).error().reason), why);
        }
    }

    void interopSignatureMatchesCapture()
    {
        const std::string expected = captureRsaResult();
        QCOMPARE(expected.size(), size_t(172));
        auto priv = RsaKey::privateFromFile((kInterop + "/keys/iaxA.key").toStdString());
        QVERIFY(priv.ok());
        auto sig = rsaSignChallenge(*priv, "171265672");
        QVERIFY(sig.ok());
        QCOMPARE(QString::fromStdString(*sig), QString::fromStdString(expected)); // PKCS#1 v1.5 is deterministic
    }

    void reexportedPublicKeyVerifiesCaptureSignature()
    {
        const std::string captured = captureRsaResult();
        QTemporaryDir dir;
        PublicKeyStore store(dir.path());
        auto info = store.importFile(kInterop + "/keys/iaxA.pub");
        QVERIFY2(info.ok(), info.ok() ? "" : info.error().reason.c_str());
        QCOMPARE(info->name, QStringLiteral("iaxA"));
        const QByteArray exported = readAll(dir.path() + "/iaxA.pub");
        QVERIFY(exported.startsWith("-----BEGIN PUBLIC KEY-----"));
        QCOMPARE(exported, readAll(kInterop + "/keys/iaxA.pub")); // same SPKI PEM Asterisk wrote
        QVERIFY(opensslVerify(exported.toStdString(), "171265672", captured));
        QVERIFY(!opensslVerify(exported.toStdString(), "171265673", captured));
        // And through the engine's verifier with the stored key.
        auto loaded = store.load(QStringLiteral("iaxA"));
        QVERIFY(loaded.ok());
        QVERIFY(rsaVerifyChallenge(**loaded, "171265672", captured));
        // The private key's public half has the same fingerprint as the stored file.
        auto priv = RsaKey::privateFromFile((kInterop + "/keys/iaxA.key").toStdString());
        QVERIFY(priv.ok());
        QCOMPARE(QString::fromStdString(priv->fingerprint()), info->fingerprint);
        QCOMPARE(QString::fromStdString(priv->publicPem()), QString::fromLatin1(exported));
    }

    void passphraseProtectedKeyLoadsOnlyWithPassphrase()
    {
        const std::string pass = "correct horse battery staple";
        auto pair = generateRsaKeyPair(1024, pass);
        QVERIFY(pair.ok());
        QVERIFY(pair->privatePem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        QCOMPARE(pkcs8CipherNid(pair->privatePem), NID_aes_256_cbc);

        auto none = RsaKey::privateFromPem(pair->privatePem);
        QVERIFY(!none.ok());
        QCOMPARE(QString::fromStdString(none.error().code), QStringLiteral("bad-passphrase"));
        auto wrong = RsaKey::privateFromPem(pair->privatePem, "correct horse battery stapler");
        QVERIFY(!wrong.ok());
        QCOMPARE(QString::fromStdString(wrong.error().code), QStringLiteral("bad-passphrase"));
        auto right = RsaKey::privateFromPem(pair->privatePem, pass);
        QVERIFY(right.ok());
        QCOMPARE(right->fingerprint(), pair->fingerprint);
        auto sig = rsaSignChallenge(*right, "424242");
        QVERIFY(sig.ok());
        QVERIFY(opensslVerify(pair->publicPem, "424242", *sig));
    }
};

QTEST_GUILESS_MAIN(TstKeysKeygen)
#include "tst_keys_keygen.moc"
