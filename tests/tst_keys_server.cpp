// KeyServerClient against a local HTTPS key server running in this process (support/
// https_key_server.h: QSslServer with a throwaway CA + server certificate; the client trusts that CA
// through KeyServerOptions::extraCaCertificates): pin on first use, re-fetch after max age
// (injected clock), refuse a changed key loudly, and clear errors for oversized responses, bad PEM,
// EC keys, 404, timeouts, untrusted certificates and insecure URLs.
#include "app/cli/cmd_keygen.h"
#include "app/cli/exit_codes.h"
#include "core/keys/key_server_client.h"
#include "core/protocol/rsa_keygen.h"
#include "support/https_key_server.h"

#include <QFile>
#include <QSignalSpy>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#include <memory>

using namespace iax::core;
using namespace iax::test;
using Outcome = KeyFetchResult::Outcome;

class TstKeysServer : public QObject {
    Q_OBJECT
    TlsMaterial m_tls;
    QDateTime m_now;
    QTemporaryDir* m_dir = nullptr;
    std::unique_ptr<KeyServer> m_server;
    std::unique_ptr<PublicKeyStore> m_store;

    KeyServerOptions options(std::chrono::milliseconds timeout = std::chrono::milliseconds(20000))
    {
        KeyServerOptions o;
        o.urlTemplate = m_server->urlTemplate();
        o.maxAge = std::chrono::hours(24);
        o.timeout = timeout;
        o.maxBytes = 16 * 1024;
        o.extraCaCertificates = { m_tls.ca };
        return o;
    }
    WallClock clock()
    {
        return [this] { return m_now; };
    }
    static KeyFetchResult run(KeyServerClient& client, const QString& name, bool force = false)
    {
        QSignalSpy spy(&client, &KeyServerClient::finished);
        if (force)
            client.fetch(name);
        else
            client.ensure(name);
        if (!spy.wait(60000) && spy.isEmpty())
            return {};
        return spy.takeFirst().at(0).value<KeyFetchResult>();
    }

private slots:
    void initTestCase()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("Qt has no TLS backend here");
        m_tls = makeTlsMaterial("IAXPhone test CA");
        QVERIFY(!m_tls.ca.isNull());
        QVERIFY(!m_tls.server.isNull());
        QVERIFY(!m_tls.serverKey.isNull());
    }
    void init()
    {
        m_now = QDateTime(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);
        m_dir = new QTemporaryDir;
        m_store = std::make_unique<PublicKeyStore>(m_dir->path(), clock());
        m_server = std::make_unique<KeyServer>(m_tls);
        QVERIFY(m_server->listen());
    }
    void cleanup()
    {
        m_server.reset();
        m_store.reset();
        delete m_dir;
        m_dir = nullptr;
    }

    void pinsOnFirstUseThenCachesThenRefetchesAfterMaxAge()
    {
        const QByteArray key = rsaPublicPem();
        m_server->routes["/keys/alice.pub"] = Route { 200, key };
        KeyServerClient client(*m_store, options(), clock());
        QVERIFY(client.isStale("alice"));

        KeyFetchResult r = run(client, "alice");
        QCOMPARE(r.outcome, Outcome::Pinned);
        QVERIFY2(r.errorCode.isEmpty(), qPrintable(r.message));
        QVERIFY(r.keyAvailable());
        QCOMPARE(r.fingerprint, r.offeredFingerprint);
        QCOMPARE(m_server->hits["/keys/alice.pub"], 1);
        const auto pin = m_store->pin("alice");
        QVERIFY(pin);
        QCOMPARE(pin->fingerprint, r.fingerprint);
        QCOMPARE(pin->source, m_server->urlTemplate().replace("{name}", "alice"));
        QCOMPARE(pin->firstSeen, m_now);
        QCOMPARE(pin->lastFetched, m_now);
        QVERIFY(m_store->load("alice").ok());

        // Within max age: no request.
        m_now = m_now.addSecs(23 * 3600);
        QVERIFY(!client.isStale("alice"));
        r = run(client, "alice");
        QCOMPARE(r.outcome, Outcome::Cached);
        QCOMPARE(m_server->hits["/keys/alice.pub"], 1);

        // At max age: re-fetched, same key → Refreshed, lastFetched moves, firstSeen stays.
        const QDateTime firstSeen = pin->firstSeen;
        m_now = m_now.addSecs(3600);
        QVERIFY(client.isStale("alice"));
        r = run(client, "alice");
        QCOMPARE(r.outcome, Outcome::Refreshed);
        QCOMPARE(m_server->hits["/keys/alice.pub"], 2);
        QCOMPARE(m_store->pin("alice")->lastFetched, m_now);
        QCOMPARE(m_store->pin("alice")->firstSeen, firstSeen);
        QVERIFY(!client.isStale("alice"));
    }

    void changedKeyIsRefusedLoudlyAndOldKeyKept()
    {
        m_server->routes["/keys/bob.pub"] = Route { 200, rsaPublicPem() };
        KeyServerClient client(*m_store, options(), clock());
        const KeyFetchResult first = run(client, "bob");
        QCOMPARE(first.outcome, Outcome::Pinned);

        m_server->routes["/keys/bob.pub"] = Route { 200, rsaPublicPem() }; // the server now offers another key
        m_now = m_now.addDays(2);
        QSignalSpy changed(&client, &KeyServerClient::keyChanged);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression("SECURITY WARNING: key for bob changed"));
        const KeyFetchResult r = run(client, "bob");
        QCOMPARE(r.outcome, Outcome::Refused);
        QCOMPARE(r.errorCode, QStringLiteral("key-changed"));
        QCOMPARE(r.fingerprint, first.fingerprint); // the pinned key stays usable
        QVERIFY(r.offeredFingerprint != first.fingerprint);
        QVERIFY(r.message.startsWith(QStringLiteral("key for bob changed: pinned ") + first.fingerprint
            + QStringLiteral(", server offered ") + r.offeredFingerprint + QStringLiteral(" — refusing")));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0][0].toString(), QStringLiteral("bob"));
        QCOMPARE(changed[0][1].toString(), first.fingerprint);
        QCOMPARE(changed[0][2].toString(), r.offeredFingerprint);
        QCOMPARE(QString::fromStdString((*m_store->load("bob"))->fingerprint()), first.fingerprint);
        QCOMPARE(m_store->pin("bob")->fingerprint, first.fingerprint);
    }

    void errorsAreClear_data()
    {
        QTest::addColumn<Route>("route");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("phrase");
        QTest::newRow("oversized by Content-Length") << Route { 200, QByteArray(20000, 'A') } << "too-large"
                                                     << "exceeds 16384 bytes";
        QTest::newRow("oversized chunked") << Route { 200, QByteArray(40000, 'A'), false, true } << "too-large"
                                           << "exceeds 16384 bytes";
        QTest::newRow("lying Content-Length")
            << Route { 200, QByteArray(100, 'A'), false, false, 1 << 30 } << "too-large"
            << "exceeds";
        QTest::newRow("bad PEM") << Route { 200, "<html>not a key</html>" } << "bad-pem"
                                 << "unusable key";
        QTest::newRow("EC key") << Route { 200, ecPublicPem() } << "not-rsa"
                                << "not an RSA key";
        QTest::newRow("404") << Route { 404, "nope" } << "not-found"
                             << "has no key for mallory";
        QTest::newRow("500") << Route { 500, "oops" } << "http-error"
                             << "HTTP 500";
    }
    void errorsAreClear()
    {
        QFETCH(Route, route);
        QFETCH(QString, code);
        QFETCH(QString, phrase);
        m_server->routes["/keys/mallory.pub"] = route;
        KeyServerClient client(*m_store, options(), clock());
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(".*mallory.*"));
        const KeyFetchResult r = run(client, "mallory");
        QCOMPARE(r.outcome, Outcome::Failed);
        QCOMPARE(r.errorCode, code);
        QVERIFY2(r.message.contains(phrase), qPrintable(r.message));
        QVERIFY(!r.keyAvailable());
        QVERIFY(!m_store->pin("mallory"));
        QVERIFY(m_store->list().empty());
    }

    void timeoutIsReported()
    {
        m_server->routes["/keys/slow.pub"] = Route { 200, {}, true };
        KeyServerClient client(*m_store, options(std::chrono::milliseconds(300)), clock());
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression("key server did not answer within 300 ms for slow.*"));
        const KeyFetchResult r = run(client, "slow");
        QCOMPARE(r.outcome, Outcome::Failed);
        QCOMPARE(r.errorCode, QStringLiteral("timeout"));
        QVERIFY(!m_store->pin("slow"));
    }

    void failedRefreshKeepsPinnedKeyUsable()
    {
        m_server->routes["/keys/carol.pub"] = Route { 200, rsaPublicPem() };
        KeyServerClient client(*m_store, options(), clock());
        const KeyFetchResult first = run(client, "carol");
        QCOMPARE(first.outcome, Outcome::Pinned);
        m_server->routes.remove("/keys/carol.pub");
        m_now = m_now.addDays(2);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(".*carol.*"));
        const KeyFetchResult r = run(client, "carol");
        QCOMPARE(r.outcome, Outcome::Failed);
        QCOMPARE(r.errorCode, QStringLiteral("not-found"));
        QVERIFY(r.keyAvailable());
        QCOMPARE(r.fingerprint, first.fingerprint);
    }

    void untrustedCertificateIsRejected()
    {
        m_server->routes["/keys/dave.pub"] = Route { 200, rsaPublicPem() };
        KeyServerOptions o = options();
        o.extraCaCertificates = { makeTlsMaterial("Some other CA").ca };
        KeyServerClient client(*m_store, o, clock());
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression("TLS to the key server failed for dave.*"));
        const KeyFetchResult r = run(client, "dave");
        QCOMPARE(r.outcome, Outcome::Failed);
        QCOMPARE(r.errorCode, QStringLiteral("tls-failed"));
        QVERIFY(!m_store->pin("dave"));
    }

    void urlRules()
    {
        QCOMPARE(QString::fromStdString(KeyServerClient::validateTemplate("http://k.example/{name}.pub").error().code),
            QStringLiteral("insecure-url"));
        QVERIFY(KeyServerClient::validateTemplate("http://k.example/{name}.pub", true).ok());
        QCOMPARE(QString::fromStdString(KeyServerClient::validateTemplate("https://k.example/key.pub").error().code),
            QStringLiteral("bad-url"));
        QCOMPARE(QString::fromStdString(KeyServerClient::validateTemplate("ftp://k.example/{name}").error().code),
            QStringLiteral("insecure-url"));
        QCOMPARE(QString::fromStdString(KeyServerClient::validateTemplate("https:///{name}").error().code),
            QStringLiteral("bad-url"));
        KeyServerClient client(*m_store, options(), clock());
        QCOMPARE(client.urlFor("node-1234")->toString(), m_server->urlTemplate().replace("{name}", "node-1234"));
        QCOMPARE(QString::fromStdString(client.urlFor("../admin").error().code), QStringLiteral("bad-name"));
        // A bad name fails without any request, asynchronously.
        QSignalSpy spy(&client, &KeyServerClient::finished);
        client.fetch("../admin");
        QCOMPARE(spy.size(), 0);
        QVERIFY(spy.wait(5000));
        QCOMPARE(spy[0][0].value<KeyFetchResult>().errorCode, QStringLiteral("bad-name"));
        QVERIFY(m_server->hits.isEmpty());
    }

    void concurrentFetchesShareOneRequest()
    {
        m_server->routes["/keys/erin.pub"] = Route { 200, rsaPublicPem() };
        KeyServerClient client(*m_store, options(), clock());
        QSignalSpy spy(&client, &KeyServerClient::finished);
        client.fetch("erin");
        client.fetch("erin");
        QCOMPARE(client.pendingCount(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 2, 60000);
        QCOMPARE(spy[0][0].value<KeyFetchResult>().outcome, Outcome::Pinned);
        QCOMPARE(spy[1][0].value<KeyFetchResult>().outcome, Outcome::Pinned);
        QCOMPARE(m_server->hits["/keys/erin.pub"], 1);
    }

    // `iaxphone-cli keys fetch` drives the same client (the path the e2e callee setup will use).
    void cliFetchPinsThenWarnsOnChange()
    {
        m_server->routes["/keys/frank.pub"] = Route { 200, rsaPublicPem() };
        const QString caFile = m_dir->path() + "/ca.pem";
        QFile ca(caFile);
        QVERIFY(ca.open(QIODevice::WriteOnly));
        ca.write(m_tls.ca.toPem());
        ca.close();
        const QString keyDir = m_dir->path() + "/cli-keys";
        const QStringList base { "iaxphone-cli", "keys", "fetch", "frank", "--key-dir", keyDir, "--key-server",
            m_server->urlTemplate(), "--ca-file", caFile };
        QString out, err;
        QTextStream o(&out), e(&err);
        QCOMPARE(iax::cli::runKeys(base, o, e), int(iax::cli::ExitOk));
        o.flush();
        QVERIFY2(out.contains(QStringLiteral("pinned on first use")), qPrintable(out + err));
        QVERIFY(PublicKeyStore(keyDir).pin("frank"));

        m_server->routes["/keys/frank.pub"] = Route { 200, rsaPublicPem() };
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression("SECURITY WARNING: key for frank changed.*"));
        QCOMPARE(iax::cli::runKeys(base + QStringList { "--refresh" }, o, e), int(iax::cli::ExitFailure));
        e.flush();
        QVERIFY2(err.contains(QStringLiteral("WARNING: key for frank changed")), qPrintable(err));
        QCOMPARE(m_server->hits["/keys/frank.pub"], 2);

        // Without the CA the server is not trusted.
        const QStringList noCa = base.mid(0, base.size() - 2) + QStringList { "--refresh" };
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression("TLS to the key server failed.*"));
        QCOMPARE(iax::cli::runKeys(noCa, o, e), int(iax::cli::ExitFailure));
    }
};

QTEST_GUILESS_MAIN(TstKeysServer)
#include "tst_keys_server.moc"
