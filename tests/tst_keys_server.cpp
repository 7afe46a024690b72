// KeyServerClient against a local HTTPS key server running in this process (QSslServer with a
// throwaway CA + server certificate made here with OpenSSL's X509 API; the client trusts that CA
// through KeyServerOptions::extraCaCertificates): pin on first use, re-fetch after max age
// (injected clock), refuse a changed key loudly, and clear errors for oversized responses, bad PEM,
// EC keys, 404, timeouts, untrusted certificates and insecure URLs.
#include "app/cli/cmd_keygen.h"
#include "app/cli/exit_codes.h"
#include "core/keys/key_server_client.h"
#include "core/protocol/rsa_keygen.h"

#include <QFile>
#include <QSignalSpy>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

using namespace iax::core;
using Outcome = KeyFetchResult::Outcome;

namespace {

QByteArray pemOfKey(EVP_PKEY* k, bool priv)
{
    BIO* bio = BIO_new(BIO_s_mem());
    if (priv)
        PEM_write_bio_PrivateKey(bio, k, nullptr, nullptr, 0, nullptr, nullptr);
    else
        PEM_write_bio_PUBKEY(bio, k);
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    QByteArray out(data, qsizetype(len));
    BIO_free(bio);
    return out;
}

QByteArray pemOfCert(X509* c)
{
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, c);
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    QByteArray out(data, qsizetype(len));
    BIO_free(bio);
    return out;
}

bool addExt(X509* cert, X509* issuer, int nid, const char* value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!ext)
        return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

// A certificate for `key` named `cn`, signed by issuerKey (self-signed when issuer is null).
X509* makeCert(EVP_PKEY* key, const char* cn, X509* issuer, EVP_PKEY* issuerKey, long serial, bool ca)
{
    X509* c = X509_new();
    X509_set_version(c, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(c), serial);
    X509_gmtime_adj(X509_getm_notBefore(c), -3600);
    X509_gmtime_adj(X509_getm_notAfter(c), 24 * 3600);
    X509_set_pubkey(c, key);
    X509_NAME* name = X509_get_subject_name(c);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn), -1, -1, 0);
    X509_set_issuer_name(c, issuer ? X509_get_subject_name(issuer) : name);
    X509* iss = issuer ? issuer : c;
    bool ok = true;
    if (ca) {
        ok = addExt(c, iss, NID_basic_constraints, "critical,CA:TRUE")
            && addExt(c, iss, NID_key_usage, "critical,keyCertSign,cRLSign")
            && addExt(c, iss, NID_subject_key_identifier, "hash");
    } else {
        ok = addExt(c, iss, NID_basic_constraints, "critical,CA:FALSE")
            && addExt(c, iss, NID_key_usage, "critical,digitalSignature,keyEncipherment")
            && addExt(c, iss, NID_ext_key_usage, "serverAuth")
            && addExt(c, iss, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost")
            && addExt(c, iss, NID_authority_key_identifier, "keyid:always");
    }
    if (!ok || X509_sign(c, issuerKey ? issuerKey : key, EVP_sha256()) <= 0) {
        X509_free(c);
        return nullptr;
    }
    return c;
}

struct TlsMaterial {
    QSslCertificate ca, server;
    QSslKey serverKey;
};

TlsMaterial makeTlsMaterial(const char* caName)
{
    TlsMaterial m;
    EVP_PKEY* caKey = EVP_EC_gen("P-256");
    EVP_PKEY* srvKey = EVP_EC_gen("P-256");
    X509* ca = makeCert(caKey, caName, nullptr, nullptr, 1, true);
    X509* srv = ca ? makeCert(srvKey, "localhost", ca, caKey, 2, false) : nullptr;
    if (ca && srv) {
        m.ca = QSslCertificate(pemOfCert(ca), QSsl::Pem);
        m.server = QSslCertificate(pemOfCert(srv), QSsl::Pem);
        m.serverKey = QSslKey(pemOfKey(srvKey, true), QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    }
    X509_free(srv);
    X509_free(ca);
    EVP_PKEY_free(srvKey);
    EVP_PKEY_free(caKey);
    return m;
}

QByteArray rsaPublicPem()
{
    auto pair = generateRsaKeyPair(1024);
    return pair.ok() ? QByteArray::fromStdString(pair->publicPem) : QByteArray();
}

QByteArray ecPublicPem()
{
    EVP_PKEY* ec = EVP_EC_gen("P-256");
    const QByteArray pem = pemOfKey(ec, false);
    EVP_PKEY_free(ec);
    return pem;
}

/// What the local key server answers for one path.
struct Route {
    int status = 200;
    QByteArray body;
    bool hang = false; ///< accept the request and never answer
    bool chunked = false; ///< no Content-Length: chunked transfer
    qint64 claimedLength = -1; ///< Content-Length header value when >= 0 (body may be shorter)
};

/// A minimal HTTPS/1.1 server: one request per connection, routes by path, counts requests.
class KeyServer : public QObject {
public:
    explicit KeyServer(const TlsMaterial& tls)
    {
        QSslConfiguration cfg = QSslConfiguration::defaultConfiguration();
        cfg.setLocalCertificate(tls.server);
        cfg.setPrivateKey(tls.serverKey);
        cfg.setPeerVerifyMode(QSslSocket::VerifyNone);
        m_server.setSslConfiguration(cfg);
        QObject::connect(&m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket* s = m_server.nextPendingConnection())
                serve(s);
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QString urlTemplate() const
    {
        return QStringLiteral("https://127.0.0.1:%1/keys/{name}.pub").arg(m_server.serverPort());
    }
    QMap<QString, Route> routes;
    QMap<QString, int> hits;

private:
    void serve(QTcpSocket* s)
    {
        auto buffer = std::make_shared<QByteArray>();
        QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        QObject::connect(s, &QTcpSocket::readyRead, s, [this, s, buffer] {
            *buffer += s->readAll();
            if (!buffer->contains("\r\n\r\n"))
                return;
            const QList<QByteArray> line = buffer->left(buffer->indexOf("\r\n")).split(' ');
            buffer->clear();
            const QString path = QString::fromLatin1(line.value(1));
            hits[path] += 1;
            const Route r = routes.value(path, Route { 404, "no such key\n" });
            if (r.hang)
                return;
            QByteArray resp = "HTTP/1.1 " + QByteArray::number(r.status) + (r.status == 200 ? " OK" : " Error")
                + "\r\nContent-Type: application/x-pem-file\r\nConnection: close\r\n";
            if (r.chunked) {
                resp += "Transfer-Encoding: chunked\r\n\r\n";
                for (qsizetype off = 0; off < r.body.size(); off += 4096) {
                    const QByteArray part = r.body.mid(off, 4096);
                    resp += QByteArray::number(part.size(), 16) + "\r\n" + part + "\r\n";
                }
                resp += "0\r\n\r\n";
            } else {
                resp += "Content-Length: " + QByteArray::number(r.claimedLength >= 0 ? r.claimedLength : r.body.size())
                    + "\r\n\r\n" + r.body;
            }
            s->write(resp);
            if (r.claimedLength < 0)
                s->disconnectFromHost();
        });
    }
    QSslServer m_server;
};

} // namespace

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

Q_DECLARE_METATYPE(Route)

QTEST_GUILESS_MAIN(TstKeysServer)
#include "tst_keys_server.moc"
