// libFuzzer target: the key-server client (core/keys/key_server_client.*) reading a hostile HTTP
// response: status line, headers (Content-Length, Transfer-Encoding, redirects), body and PEM,
// then pinning into the public-key store. A plain-HTTP server on 127.0.0.1 inside the fuzzer
// process (created once) answers the client's one GET with the input's bytes and closes the
// connection. Input layout: byte 0 = options (bit 0: "alice" already pinned to the interop key
// tests/data/interop/rsa-aes128/keys/iaxA.pub; bit 1: a 512-byte body limit instead of 16 KB;
// bit 2: the response in two writes, split at byte 1), then the raw response.
// Invariants: exactly one finished() per fetch; a failure carries an error code and a sentence;
// success carries a fingerprint; a pinned key is never replaced by what the server sends.
#include "fuzz_common.h"

#include "core/keys/key_server_client.h"
#include "core/keys/public_key_store.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdlib>
#include <memory>

namespace iax::fuzz {

namespace {
using namespace iax::core;

// What the server sends for the next request.
struct Response {
    QByteArray bytes;
    qsizetype split = -1; // second write from here (-1: one write)
};

// The process-wide pieces: Qt application, loopback server, store directory, the pinned key.
struct World {
    int argc = 1;
    char name[16] = "fuzz_keyserver";
    char* argv[2] = { name, nullptr };
    // The libFuzzer binary has no application object; the CTest replay (tst_fuzz_regressions) has one.
    std::unique_ptr<QCoreApplication> app { QCoreApplication::instance() ? nullptr : new QCoreApplication(argc, argv) };
    QTcpServer server;
    QTemporaryDir dir;
    QByteArray pinnedPem;
    Response next;

    World()
    {
        if (!server.listen(QHostAddress::LocalHost, 0) || !dir.isValid())
            std::abort();
        QFile f(QStringLiteral(IAX_TEST_DATA "/interop/rsa-aes128/keys/iaxA.pub"));
        if (!f.open(QIODevice::ReadOnly))
            std::abort();
        pinnedPem = f.readAll();
        QObject::connect(&server, &QTcpServer::newConnection, &server, [this] {
            while (QTcpSocket* s = server.nextPendingConnection())
                serve(s);
        });
    }

    void serve(QTcpSocket* s)
    {
        auto request = std::make_shared<QByteArray>();
        QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        QObject::connect(s, &QTcpSocket::readyRead, s, [this, s, request] {
            *request += s->readAll();
            if (!request->contains("\r\n\r\n"))
                return;
            request->clear();
            const Response r = next;
            if (r.split >= 0 && r.split < r.bytes.size()) {
                s->write(r.bytes.left(r.split));
                s->flush();
                s->write(r.bytes.mid(r.split));
            } else {
                s->write(r.bytes);
            }
            s->disconnectFromHost();
        });
    }

    QString urlTemplate() const
    {
        return QStringLiteral("http://127.0.0.1:%1/keys/{name}.pub").arg(server.serverPort());
    }
};

World& world()
{
    static World w;
    return w;
}
} // namespace

int keyServer(const std::uint8_t* data, std::size_t size)
{
    World& w = world();
    ByteReader in(data, size);
    const std::uint8_t options = in.u8();
    const auto rest = in.rest();
    w.next.bytes = QByteArray(reinterpret_cast<const char*>(rest.data()), qsizetype(rest.size()));
    w.next.split = (options & 4) ? 1 : -1;

    // A fresh store each input: the directory is emptied, then "alice" pinned when asked.
    const QString storeDir = w.dir.filePath(QStringLiteral("store"));
    QDir(storeDir).removeRecursively();
    PublicKeyStore store(storeDir);
    QString pinned;
    if (options & 1) {
        auto info = store.importPem(QStringLiteral("alice"), w.pinnedPem, QStringLiteral("fuzz"));
        if (!info)
            std::abort(); // the committed interop key must import
        pinned = info->fingerprint;
    }

    KeyServerOptions opt;
    opt.urlTemplate = w.urlTemplate();
    opt.allowInsecureHttp = true;
    opt.timeout = std::chrono::milliseconds(3000);
    if (options & 2)
        opt.maxBytes = 512;
    int results = 0;
    KeyFetchResult last;
    {
        KeyServerClient client(store, opt);
        QEventLoop loop;
        QObject::connect(&client, &KeyServerClient::finished, &loop, [&](const KeyFetchResult& r) {
            ++results;
            last = r;
            loop.quit();
        });
        QTimer::singleShot(8000, &loop, &QEventLoop::quit); // a guard: the client's own timeout comes first
        client.fetch(QStringLiteral("alice"));
        loop.exec();
        QCoreApplication::processEvents(); // a second finished() would arrive now
    }

    IAX_FUZZ_CHECK(results == 1, "fetch() ended with " + std::to_string(results) + " finished() signals");
    if (last.outcome == KeyFetchResult::Outcome::Failed) {
        IAX_FUZZ_CHECK(!last.errorCode.isEmpty() && !last.message.isEmpty(), "a failure without a code or sentence");
    } else {
        IAX_FUZZ_CHECK(!last.fingerprint.isEmpty(), "a fetched key without a fingerprint");
    }
    if (!pinned.isEmpty()) {
        const auto pin = store.pin(QStringLiteral("alice"));
        IAX_FUZZ_CHECK(pin && pin->fingerprint == pinned, "the server's response replaced a pinned key");
        IAX_FUZZ_CHECK(last.outcome != KeyFetchResult::Outcome::Pinned, "a pinned name was pinned again");
    }
    return 0;
}

} // namespace iax::fuzz

IAX_FUZZ_TARGET(keyServer)
