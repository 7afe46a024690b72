#pragma once
// A local HTTPS key server for tests (QSslServer in the test process, served from its event loop):
// a throwaway CA and a server certificate for 127.0.0.1/localhost made with OpenSSL's X509 API,
// routes by path (status, body, hang, chunked, a lying Content-Length), and request counts.
// Clients trust the CA through KeyServerOptions::extraCaCertificates or `--ca-file`.
#include "core/protocol/rsa_keygen.h"

#include <QMap>
#include <QMetaType>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace iax::test {

/// What `write` puts into a memory BIO (PEM writers), as bytes.
template<class Write> QByteArray pemOf(Write write)
{
    BIO* bio = BIO_new(BIO_s_mem());
    write(bio);
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    QByteArray out(data, qsizetype(len));
    BIO_free(bio);
    return out;
}

inline QByteArray pemOfKey(EVP_PKEY* k, bool priv)
{
    return pemOf([&](BIO* bio) {
        if (priv)
            PEM_write_bio_PrivateKey(bio, k, nullptr, nullptr, 0, nullptr, nullptr);
        else
            PEM_write_bio_PUBKEY(bio, k);
    });
}

inline QByteArray pemOfCert(X509* c)
{
    return pemOf([&](BIO* bio) { PEM_write_bio_X509(bio, c); });
}

inline bool addExt(X509* cert, X509* issuer, int nid, const char* value)
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
inline X509* makeCert(EVP_PKEY* key, const char* cn, X509* issuer, EVP_PKEY* issuerKey, long serial, bool ca)
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

inline TlsMaterial makeTlsMaterial(const char* caName)
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

inline QByteArray rsaPublicPem()
{
    auto pair = core::generateRsaKeyPair(1024);
    return pair.ok() ? QByteArray::fromStdString(pair->publicPem) : QByteArray();
}

inline QByteArray ecPublicPem()
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

} // namespace iax::test

// Declared here, before any use can instantiate QMetaTypeId<Route> (QTest::addColumn<Route> in the tests).
Q_DECLARE_METATYPE(iax::test::Route)

namespace iax::test {

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

} // namespace iax::test
