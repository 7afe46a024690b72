// End to end, issue 8: two real iaxphone-cli processes over UDP on loopback complete an RSA+AES
// call where the callee (`listen --key-server ... --ca-file ...`) fetched the caller's public key
// from a local HTTPS key server (this process, a throwaway CA trusted through --ca-file), pinned it
// on first use and used the pin on the next call; a key server that later offers a different key is
// refused loudly and the impostor's call fails; without a key the call falls back to MD5+AES exactly
// when --md5-fallback allows it; bad PEM, an EC key and an oversized answer are clear errors; a
// passphrase-protected key from `keygen` signs with --outkey-passphrase-file.
// The key server runs in this process's event loop, so every wait here spins that loop.
#include "support/cli_test_support.h"
#include "support/https_key_server.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <openssl/evp.h>
#include <openssl/pem.h>

using namespace iax::test;

namespace {

const QString kSecret = QStringLiteral("e2e-key-secret");

/// SHA-256 of the DER SubjectPublicKeyInfo of a PEM public key, computed here with OpenSSL alone
/// (independent of core/keys), lowercase hex.
QString fingerprintOf(const QByteArray& pem)
{
    BIO* bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    EVP_PKEY* k = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (!k)
        return {};
    unsigned char* der = nullptr;
    const int n = i2d_PUBKEY(k, &der);
    EVP_PKEY_free(k);
    if (n <= 0)
        return {};
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdLen = 0;
    EVP_Digest(der, size_t(n), md, &mdLen, EVP_sha256(), nullptr);
    OPENSSL_free(der);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(md), int(mdLen)).toHex());
}

/// An iaxphone-cli process whose waits spin the event loop (the key server lives in it).
struct Cli : Proc {
    explicit Cli(const QStringList& args)
        : Proc(args, kSecret)
    { }
    void drain()
    {
        m_out += p.readAllStandardOutput();
        m_err += p.readAllStandardError();
    }
    bool waitFor(const QByteArray& text, int ms = 15000)
    {
        return QTest::qWaitFor(
            [&] {
                drain();
                return m_out.contains(text) || m_err.contains(text);
            },
            ms);
    }
    int finish(int ms = 60000)
    {
        (void)QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, ms); // the state is checked below
        drain();
        return p.state() == QProcess::NotRunning && p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }
    QList<QJsonObject> events(const QString& kind) const
    {
        QList<QJsonObject> list;
        for (const QJsonObject& o : Proc::events())
            if (o.value("event").toString() == kind)
                list << o;
        return list;
    }
    QString both() const { return QString::fromUtf8(m_out + "\n--- stderr ---\n" + m_err); }
};

/// Runs a short command (keygen) to completion without needing the event loop.
int runCli(const QStringList& args, QByteArray* output = nullptr)
{
    QProcess p;
    p.start(kCli, args);
    p.waitForFinished(60000);
    if (output)
        *output = p.readAllStandardOutput() + p.readAllStandardError();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TstKeysE2e : public QObject {
    Q_OBJECT
    TlsMaterial m_tls;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<KeyServer> m_server;
    QString m_caFile;

    QString path(const QString& name) const { return m_dir->filePath(name); }
    QString trusted() const { return path("trusted"); }

    /// Generates NAME.key / NAME.pub with the real `keygen` into the temp dir; returns the public PEM.
    QByteArray keygen(const QString& name, const QString& sub)
    {
        QDir().mkpath(path(sub));
        QByteArray out;
        const int code = runCli({ "keygen", name, "--out", path(sub) }, &out);
        if (code != 0)
            qWarning() << out;
        return code == 0 ? readAll(path(sub + "/" + name + ".pub")) : QByteArray();
    }

    QStringList listenArgs(quint16 port, const QStringList& users, const QStringList& extra) const
    {
        QStringList a { "listen", "--bind", QString("127.0.0.1:%1").arg(port), "--auth", "rsa", "--encryption",
            "required", "--key-dir", trusted(), "--key-server", m_server->urlTemplate(), "--ca-file", m_caFile,
            "--json", "--answer", "echo" };
        for (const QString& u : users)
            a << "--user" << u;
        return a + extra;
    }
    static QStringList callArgs(quint16 port, const QString& user, const QString& keyFile)
    {
        return { "call", QString("iax2:%1@127.0.0.1:%2/600").arg(user).arg(port), "--outkey", keyFile, "--encryption",
            "required", "--duration", "1", "--json" };
    }
    static bool encryptedWith(const Cli& c, const QString& auth)
    {
        for (const auto& e : c.events("encryption"))
            if (e.value("state") == "encrypted" && e.value("auth") == auth)
                return true;
        return false;
    }

private slots:
    void initTestCase()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("Qt has no TLS backend here");
        QVERIFY(QFileInfo(kCli).isExecutable());
        m_tls = makeTlsMaterial("IAXPhone e2e test CA");
        QVERIFY(!m_tls.ca.isNull() && !m_tls.server.isNull() && !m_tls.serverKey.isNull());
    }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_caFile = path("ca.pem");
        QFile ca(m_caFile);
        QVERIFY(ca.open(QIODevice::WriteOnly));
        ca.write(m_tls.ca.toPem());
        ca.close();
        m_server = std::make_unique<KeyServer>(m_tls);
        QVERIFY(m_server->listen());
    }
    void cleanup()
    {
        m_server.reset();
        m_dir.reset();
    }

    void rsaAesCallWithTheCallersKeyFromTheKeyServer()
    {
        const QByteArray pub = keygen("alice", "alice");
        QVERIFY(!pub.isEmpty());
        const QString fp = fingerprintOf(pub);
        QCOMPARE(fp.size(), 64);
        m_server->routes["/keys/alice.pub"] = Route { 200, pub };
        QVERIFY(!QFile::exists(trusted() + "/alice.pub")); // the callee does not know alice yet

        const quint16 port = freePort();
        Cli listen(listenArgs(port, { "alice" }, { "--max-calls", "2" }));
        QVERIFY2(listen.waitFor("listening"), qPrintable(listen.both()));

        Cli call(callArgs(port, "alice", path("alice/alice.key")));
        QCOMPARE(call.finish(), 0);
        QVERIFY2(encryptedWith(call, "rsa"), qPrintable(call.both()));
        const auto stats = call.events("stats");
        QCOMPARE(stats.size(), 1);
        QVERIFY(stats[0].value("voice_received").toInt() > 0); // the echo came back, decrypted
        QCOMPARE(stats[0].value("decrypt_failures").toInt(), 0);

        QVERIFY(listen.waitFor("\"event\":\"stats\""));
        QCOMPARE(m_server->hits.value("/keys/alice.pub"), 1);
        bool lookup = false, pinned = false;
        for (const auto& e : listen.events("key")) {
            lookup |= e.value("state") == "lookup" && e.value("name") == "alice";
            pinned |= e.value("state") == "pinned" && e.value("fingerprint") == fp;
        }
        QVERIFY2(lookup && pinned, qPrintable(listen.both()));
        const auto incoming = listen.events("incoming");
        QCOMPARE(incoming.size(), 1);
        QCOMPARE(incoming[0].value("auth_details").toString(), QStringLiteral("authenticated by RSA"));
        QVERIFY2(encryptedWith(listen, "rsa"), qPrintable(listen.both()));
        // Pinned on disk: the key file and its SHA-256 pin.
        QCOMPARE(fingerprintOf(readAll(trusted() + "/alice.pub")), fp);
        QVERIFY(readAll(trusted() + "/pins.json").contains(fp.toLatin1()));

        // Second call: the pinned key answers at once; the server is not asked again (max age 24 h).
        Cli again(callArgs(port, "alice", path("alice/alice.key")));
        QCOMPARE(again.finish(), 0);
        QVERIFY(encryptedWith(again, "rsa"));
        QCOMPARE(listen.finish(), 0); // --max-calls 2
        QCOMPARE(m_server->hits.value("/keys/alice.pub"), 1);
        bool fromStore = false;
        for (const auto& e : listen.events("key"))
            fromStore |= e.value("state") == "store" && e.value("fingerprint") == fp;
        QVERIFY2(fromStore, qPrintable(listen.both()));
    }

    void changedKeyIsRefusedLoudlyAndTheImpostorFails()
    {
        const QByteArray genuine = keygen("alice", "alice");
        const QByteArray impostor = keygen("alice", "mallory"); // a different key under the same name
        QVERIFY(!genuine.isEmpty() && !impostor.isEmpty());
        const QString fpGenuine = fingerprintOf(genuine);
        const QString fpImpostor = fingerprintOf(impostor);
        QVERIFY(fpGenuine != fpImpostor);
        m_server->routes["/keys/alice.pub"] = Route { 200, genuine };

        const quint16 port = freePort();
        // Max age 0: every call re-fetches the pinned key in the background.
        Cli listen(listenArgs(port, { "alice" }, { "--max-age-hours", "0" }));
        QVERIFY(listen.waitFor("listening"));
        Cli first(callArgs(port, "alice", path("alice/alice.key")));
        QCOMPARE(first.finish(), 0);
        QVERIFY(encryptedWith(first, "rsa"));

        // The key server (or whoever answers for it) now offers another key for alice.
        m_server->routes["/keys/alice.pub"] = Route { 200, impostor };
        Cli second(callArgs(port, "alice", path("mallory/alice.key")));
        QCOMPARE(second.finish(), 4); // authentication failed: the pinned key does not verify it
        QVERIFY2(listen.waitFor("\"state\":\"refused\""), qPrintable(listen.both()));
        QVERIFY2(listen.m_err.contains("SECURITY WARNING"), qPrintable(listen.both()));
        bool refused = false;
        for (const auto& e : listen.events("key"))
            refused |= e.value("state") == "refused" && e.value("fingerprint") == fpGenuine
                && e.value("offered_fingerprint") == fpImpostor && e.value("error") == "key-changed";
        QVERIFY2(refused, qPrintable(listen.both()));
        QCOMPARE(fingerprintOf(readAll(trusted() + "/alice.pub")), fpGenuine); // no silent replacement
        QVERIFY(!readAll(trusted() + "/pins.json").contains(fpImpostor.toLatin1()));
        QVERIFY(listen.events("incoming").size() == 1); // only the genuine call was accepted
    }

    void fallbackToMd5WhenTheKeyServerHasNoKey_data()
    {
        QTest::addColumn<bool>("allowed");
        QTest::newRow("--md5-fallback") << true;
        QTest::newRow("no fallback") << false;
    }
    void fallbackToMd5WhenTheKeyServerHasNoKey()
    {
        QFETCH(bool, allowed);
        QVERIFY(!keygen("alice", "alice").isEmpty()); // the caller has a key; the server does not
        const quint16 port = freePort();
        Cli listen(listenArgs(port, { "alice" },
            allowed ? QStringList { "--md5-fallback", "--max-calls", "1" } : QStringList { "--max-calls", "1" }));
        QVERIFY(listen.waitFor("listening"));
        Cli call(callArgs(port, "alice", path("alice/alice.key")));
        const int code = call.finish();
        QVERIFY(listen.waitFor("\"event\":\"stats\""));
        QCOMPARE(m_server->hits.value("/keys/alice.pub"), 1);
        bool failedLookup = false;
        for (const auto& e : listen.events("key"))
            failedLookup |= e.value("state") == "failed" && e.value("error") == "not-found";
        QVERIFY2(failedLookup, qPrintable(listen.both()));
        if (allowed) {
            QCOMPARE(code, 0);
            QVERIFY2(encryptedWith(call, "md5"), qPrintable(call.both())); // MD5+AES on the wire
            QCOMPARE(call.events("stats").at(0).value("auth_details").toString(),
                QStringLiteral("authenticated by MD5 (RSA unavailable: the peer did not offer RSA)"));
            const auto incoming = listen.events("incoming");
            QCOMPARE(incoming.size(), 1);
            const QString details = incoming[0].value("auth_details").toString();
            QVERIFY2(details.startsWith("authenticated by MD5 (RSA unavailable: ") && details.contains("HTTP 404"),
                qPrintable(details));
            QCOMPARE(listen.events("stats").at(0).value("auth_details").toString(), details);
        } else {
            QCOMPARE(code, 4);
            QVERIFY(listen.events("incoming").isEmpty());
            bool why = false;
            for (const auto& e : listen.events("call"))
                why |= e.value("cause").toString().contains("MD5 fallback is not allowed");
            QVERIFY2(why, qPrintable(listen.both()));
        }
        QCOMPARE(listen.finish(), 0);
    }

    void unusableKeyServerAnswersAreClearErrors()
    {
        QVERIFY(!keygen("caller", "caller").isEmpty());
        m_server->routes["/keys/bob.pub"] = Route { 200, "this is not a PEM key\n" };
        m_server->routes["/keys/carol.pub"] = Route { 200, ecPublicPem() };
        QByteArray huge = rsaPublicPem();
        while (huge.size() <= 20000)
            huge += "# padding to make the answer larger than the 16 KiB limit\n";
        m_server->routes["/keys/dave.pub"] = Route { 200, huge };

        const quint16 port = freePort();
        Cli listen(listenArgs(port, { "bob", "carol", "dave" }, { "--md5-fallback", "--max-calls", "3" }));
        QVERIFY(listen.waitFor("listening"));
        const struct {
            const char* name;
            const char* error;
        } cases[] = { { "bob", "bad-pem" }, { "carol", "not-rsa" }, { "dave", "too-large" } };
        for (const auto& c : cases) {
            Cli call(callArgs(port, c.name, path("caller/caller.key")));
            QCOMPARE(call.finish(), 0); // fallen back to MD5+AES, and said why
            QVERIFY2(encryptedWith(call, "md5"), qPrintable(call.both()));
        }
        QCOMPARE(listen.finish(), 0);
        for (const auto& c : cases) {
            QString reason;
            for (const auto& e : listen.events("key"))
                if (e.value("name") == c.name && e.value("state") == "failed" && e.value("error") == c.error)
                    reason = e.value("reason").toString();
            QVERIFY2(!reason.isEmpty(), qPrintable(QString(c.name) + ": " + listen.both()));
            QVERIFY2(reason.contains(c.name), qPrintable(reason));
            bool explained = false;
            for (const auto& e : listen.events("incoming"))
                explained |= e.value("user") == c.name
                    && e.value("auth_details").toString() == "authenticated by MD5 (RSA unavailable: " + reason + ")";
            QVERIFY2(explained, qPrintable(listen.both()));
        }
        QVERIFY(!QFile::exists(trusted() + "/bob.pub"));
        QVERIFY(!QFile::exists(trusted() + "/carol.pub"));
        QVERIFY(!QFile::exists(trusted() + "/dave.pub"));
    }

    void passphraseProtectedOutkey()
    {
        // keygen --passphrase-file encrypts the private key; call needs the passphrase to sign.
        QFile pass(path("pass.txt"));
        QVERIFY(pass.open(QIODevice::WriteOnly));
        pass.write("correct horse battery staple\n");
        pass.close();
        QDir().mkpath(path("alice"));
        QCOMPARE(runCli({ "keygen", "alice", "--out", path("alice"), "--passphrase-file", path("pass.txt") }), 0);
        QVERIFY(readAll(path("alice/alice.key")).contains("ENCRYPTED"));
        m_server->routes["/keys/alice.pub"] = Route { 200, readAll(path("alice/alice.pub")) };
        const quint16 port = freePort();
        Cli listen(listenArgs(port, { "alice" }, { "--max-calls", "1" }));
        QVERIFY(listen.waitFor("listening"));
        {
            Cli noPass(callArgs(port, "alice", path("alice/alice.key")));
            QCOMPARE(noPass.finish(), 2);
            QVERIFY2(noPass.m_err.contains("passphrase") && noPass.m_err.contains("--outkey-passphrase-file"),
                noPass.m_err.constData());
        }
        Cli call(callArgs(port, "alice", path("alice/alice.key")) << "--outkey-passphrase-file" << path("pass.txt"));
        QCOMPARE(call.finish(), 0);
        QVERIFY2(encryptedWith(call, "rsa"), qPrintable(call.both()));
        QVERIFY(!call.m_out.contains("correct horse") && !call.m_err.contains("correct horse"));
        QCOMPARE(listen.finish(), 0);
    }

    void badKeyOptionsAreRejected_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("error");
        QTest::newRow("http template") << QStringList { "listen", "--key-server", "http://127.0.0.1/{name}.pub" }
                                       << "https";
        QTest::newRow("no {name}") << QStringList { "listen", "--key-server", "https://127.0.0.1/key.pub" } << "{name}";
        QTest::newRow("http without server") << QStringList { "listen", "--allow-http" } << "need --key-server";
        QTest::newRow("ca-file not PEM") << QStringList { "listen", "--key-server", "https://k.example/{name}",
            "--ca-file", "/etc/hostname" }
                                         << "no PEM certificate";
        QTest::newRow("call with key server") << QStringList { "call", "iax2:alice@127.0.0.1/600", "--key-server",
            "https://k.example/{name}" } << "for 'listen' and 'register'";
        QTest::newRow("timeout") << QStringList { "listen", "--key-server", "https://k.example/{name}",
            "--key-timeout-ms", "0" }
                                 << "--key-timeout-ms";
    }
    void badKeyOptionsAreRejected()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, error);
        QByteArray out;
        QCOMPARE(runCli(args, &out), 2);
        QVERIFY2(QString::fromUtf8(out).contains(error), out.constData());
    }
};

QTEST_GUILESS_MAIN(TstKeysE2e)
#include "tst_keys_e2e.moc"
