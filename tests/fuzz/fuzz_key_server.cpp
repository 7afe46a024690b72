// libFuzzer target: the key-server client (core/keys/key_server_client.*) reading a hostile
// response. Byte 0 = options: bit 0: "alice" already pinned to the interop key
// tests/data/interop/rsa-aes128/keys/iaxA.pub; bit 3 selects the mode:
//   clear (in memory, most inputs): the rest is the body of an HTTP 200, handed to
//          KeyServerClient::evaluate() (PEM parsing, pinning, refusal of a changed key) — the
//          step a fetch ends with, without a socket (thousands of inputs per second);
//   set   (loopback HTTP, a few seeds): a plain-HTTP server on 127.0.0.1 inside the fuzzer
//          process answers the client's one GET with the rest as the raw response (status line,
//          headers, Content-Length, chunking, redirects, body); bit 1: a 512-byte body limit
//          instead of 16 KB; bit 2: the response in two writes, split at byte 1. One loopback
//          exchange costs a few milliseconds of CPU and a thread switch or two, so this mode is
//          kept to what only it reaches.
// Invariants: exactly one finished() per fetch; a failure carries an error code and a sentence;
// success carries a fingerprint; a pinned key is never replaced by what the server sends.
#include "fuzz_common.h"

#include "core/keys/key_server_client.h"
#include "core/keys/public_key_store.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QLoggingCategory>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>

#include <openssl/err.h>

#include <cstdlib>
#include <memory>
#include <vector>

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
    QTemporaryDir dir { QString::fromStdString(scratchTemplate("keyserver")) };
    QByteArray pinnedPem;
    Response next;
    std::vector<QPointer<QTcpSocket>> served; // the server's sockets of the current input

    // Ends what a loopback input left behind: the server's sockets (a socket the client has not
    // closed yet would otherwise live into the next input) and everything waiting for deleteLater.
    void closeServed()
    {
        for (const auto& s : served)
            if (s) {
                s->disconnect();
                s->abort();
                delete s.data();
            }
        served.clear();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }

    World()
    {
        // A refused key logs a loud warning per input: thousands per second of stderr otherwise.
        QLoggingCategory::setFilterRules(QStringLiteral("iax.keys.warning=false"));
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
        served.emplace_back(s);
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

constexpr std::uint8_t kPinned = 1, kSmallLimit = 2, kSplit = 4, kLoopback = 8;

// The checks every result gets; `pinned` is the fingerprint pinned before ("" = none).
void checkResult(const KeyFetchResult& last, PublicKeyStore& store, const QString& pinned)
{
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
}

// In-memory mode: two stores and clients kept across inputs ("alice" pinned or not; the loopback
// mode's clients use the same two stores), made once
// (warm()), so an input costs a PEM parse and (for a parsable key) a pins.json read. An input that
// pinned a key in the unpinned store removes it again before it returns: every input leaves the
// heap as it found it, so libFuzzer's per-input leak check (mallocs > frees → LeakSanitizer scan)
// stays quiet unless the input really leaked.
struct MemStore {
    QString dir;
    std::unique_ptr<PublicKeyStore> store;
    std::unique_ptr<KeyServerClient> client; // one QNetworkAccessManager, not one per input
    QString pinned;
};

MemStore& memStore(World& w, bool withPin)
{
    static MemStore stores[2];
    MemStore& s = stores[withPin ? 1 : 0];
    if (!s.store) {
        s.dir = w.dir.filePath(withPin ? QStringLiteral("mem-pinned") : QStringLiteral("mem-empty"));
        QDir(s.dir).removeRecursively();
        s.store = std::make_unique<PublicKeyStore>(s.dir);
        if (withPin) {
            auto info = s.store->importPem(QStringLiteral("alice"), w.pinnedPem, QStringLiteral("fuzz"));
            if (!info)
                std::abort(); // the committed interop key must import
            s.pinned = info->fingerprint;
        }
        KeyServerOptions opt;
        opt.urlTemplate = w.urlTemplate();
        opt.allowInsecureHttp = true;
        s.client = std::make_unique<KeyServerClient>(*s.store, opt);
    }
    return s;
}

// Loopback mode: one client (and so one QNetworkAccessManager, whose HTTP thread then lives on)
// per option set, on the two stores of the in-memory mode, kept across inputs: starting and
// joining an HTTP thread per input cost more than the exchange. Heap objects, deleted when the
// application object goes (qAddPostRoutine): in the CTest replay that is the test's, which goes
// before this file's statics would.
struct LoopbackClients {
    std::unique_ptr<KeyServerClient> client[2][2]; // [pinned][small limit]
};

LoopbackClients*& loopbackClients()
{
    static LoopbackClients* clients = nullptr;
    return clients;
}

KeyServerClient& loopbackClient(World& w, MemStore& s, bool withPin, bool smallLimit)
{
    LoopbackClients*& clients = loopbackClients();
    if (!clients) {
        clients = new LoopbackClients;
        qAddPostRoutine([] {
            delete loopbackClients();
            loopbackClients() = nullptr;
        });
    }
    std::unique_ptr<KeyServerClient>& client = clients->client[withPin ? 1 : 0][smallLimit ? 1 : 0];
    if (!client) {
        KeyServerOptions opt;
        opt.urlTemplate = w.urlTemplate();
        opt.allowInsecureHttp = true;
        opt.timeout = std::chrono::milliseconds(3000);
        if (smallLimit)
            opt.maxBytes = 512;
        client = std::make_unique<KeyServerClient>(*s.store, opt);
    }
    return *client;
}

void dropLoopbackClient(bool withPin, bool smallLimit)
{
    if (LoopbackClients* clients = loopbackClients())
        clients->client[withPin ? 1 : 0][smallLimit ? 1 : 0].reset();
}

void evaluateBody(World& w, bool withPin, const QByteArray& body)
{
    MemStore& s = memStore(w, withPin);
    static const QString kName = QStringLiteral("alice");
    static const QString kUrl = s.client->urlFor(kName)->toString();
    const KeyFetchResult last = s.client->evaluate(kName, kUrl, body);
    checkResult(last, *s.store, s.pinned);
    if (!withPin && last.outcome != KeyFetchResult::Outcome::Failed)
        (void)s.store->remove(kName); // it pinned a key: the next input starts from an empty store again
    ERR_clear_error(); // a refused PEM leaves OpenSSL's error queue filled (allocations) otherwise
}

// Everything that is made once per process and cached by Qt or OpenSSL on first use, done before
// the first input (LLVMFuzzerInitialize), so that no input's allocations include a first-use cache:
// the application, the loopback server, both stores and all six clients, OpenSSL's decoders and
// error strings (a valid and a broken PEM), and the loopback path's sockets and HTTP threads.
[[maybe_unused]] void warm() // used by LLVMFuzzerInitialize, absent from the regression replay
{
    World& w = world();
    for (bool pin : { false, true }) {
        evaluateBody(w, pin, w.pinnedPem);
        evaluateBody(w, pin, QByteArrayLiteral("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"));
        evaluateBody(w, pin, QByteArrayLiteral("no key"));
    }
    // A loopback exchange on each client: its QNetworkAccessManager starts its HTTP thread and
    // connection cache here, not in the first input.
    for (std::uint8_t options : { 0, 1, 2, 3 }) {
        const QByteArray input
            = char(options | kLoopback) + QByteArrayLiteral("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        keyServer(reinterpret_cast<const std::uint8_t*>(input.constData()), std::size_t(input.size()));
    }
}
} // namespace

int keyServer(const std::uint8_t* data, std::size_t size)
{
    World& w = world();
    ByteReader in(data, size);
    const std::uint8_t options = in.u8();
    const auto rest = in.rest();
    if (!(options & kLoopback)) {
        evaluateBody(
            w, options & kPinned, QByteArray(reinterpret_cast<const char*>(rest.data()), qsizetype(rest.size())));
        return 0;
    }
    w.next.bytes = QByteArray(reinterpret_cast<const char*>(rest.data()), qsizetype(rest.size()));
    w.next.split = (options & kSplit) ? 1 : -1;

    const bool withPin = options & kPinned;
    MemStore& s = memStore(w, withPin); // "alice" pinned, or an empty store
    KeyServerClient& client = loopbackClient(w, s, withPin, options & kSmallLimit);
    int results = 0;
    KeyFetchResult last;
    {
        QEventLoop loop;
        const auto counted = QObject::connect(&client, &KeyServerClient::finished, &loop, [&](const KeyFetchResult& r) {
            ++results;
            last = r;
            loop.quit();
        });
        // A guard (the client's own timeout comes first); an object of this scope, not a
        // singleShot, so that no timer outlives the input.
        QTimer guard;
        guard.setSingleShot(true);
        QObject::connect(&guard, &QTimer::timeout, &loop, &QEventLoop::quit);
        guard.start(8000);
        client.fetch(QStringLiteral("alice"));
        loop.exec();
        QCoreApplication::processEvents(); // a second finished() would arrive now
        QObject::disconnect(counted);
    }
    if (client.pendingCount() != 0)
        dropLoopbackClient(withPin, options & kSmallLimit); // the guard fired: its request ends with the client
    w.next = Response {};
    w.closeServed();
    ERR_clear_error();

    IAX_FUZZ_CHECK(results == 1, "fetch() ended with " + std::to_string(results) + " finished() signals");
    checkResult(last, *s.store, s.pinned);
    if (!withPin && last.outcome != KeyFetchResult::Outcome::Failed)
        (void)s.store->remove(QStringLiteral("alice")); // the next input starts from an empty store again
    return 0;
}

} // namespace iax::fuzz

IAX_FUZZ_TARGET(keyServer)

#ifdef IAX_FUZZ_MAIN
extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    iax::fuzz::warm();
    return 0;
}
#endif
