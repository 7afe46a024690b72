// CallerKeyLookup (core/net): the host's answer to the Engine's PeerKeyNeeded, against a local
// HTTPS key server in this process. Every lookup gets exactly one answer, always queued (never from
// inside lookup()); the store answers at once; two calls for one unknown name share one request;
// a stale pin is used at once and re-fetched in the background; failures carry the reason and the
// outcome the fallback policy needs; names that cannot name a key never reach the network.
#include "core/net/caller_key_lookup.h"
#include "support/https_key_server.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <set>

using namespace iax;
using namespace iax::test;

namespace {

struct Answer {
    core::CallId call;
    core::PeerKeyAnswer answer;
};

} // namespace

class TstKeysLookup : public QObject {
    Q_OBJECT
    TlsMaterial m_tls;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<KeyServer> m_server;
    std::vector<Answer> m_answers;

    net::KeyLookupOptions options(bool withServer = true) const
    {
        net::KeyLookupOptions o;
        o.storeDirectory = m_dir->path();
        if (withServer) {
            o.server.urlTemplate = m_server->urlTemplate();
            o.server.extraCaCertificates = { m_tls.ca };
            o.server.timeout = std::chrono::milliseconds(20000);
        }
        return o;
    }
    std::unique_ptr<net::CallerKeyLookup> make(net::KeyLookupOptions o)
    {
        return std::make_unique<net::CallerKeyLookup>(std::move(o), [this](core::CallId c, core::PeerKeyAnswer a) {
            m_answers.push_back({ c, std::move(a) });
        });
    }
    bool waitAnswers(std::size_t n)
    {
        return QTest::qWaitFor([&] { return m_answers.size() >= n; }, 30000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("Qt has no TLS backend here");
        m_tls = makeTlsMaterial("IAXPhone lookup test CA");
        QVERIFY(!m_tls.ca.isNull());
    }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_server = std::make_unique<KeyServer>(m_tls);
        QVERIFY(m_server->listen());
        m_answers.clear();
    }
    void cleanup()
    {
        m_server.reset();
        m_dir.reset();
    }

    void twoCallsForOneUnknownNameShareOneFetch()
    {
        const QByteArray pem = rsaPublicPem();
        m_server->routes["/keys/alice.pub"] = Route { 200, pem };
        auto lookup = make(options());
        QSignalSpy reports(lookup.get(), &net::CallerKeyLookup::report);
        lookup->lookup(7, "alice");
        lookup->lookup(9, "alice");
        QVERIFY(m_answers.empty()); // never answered from inside lookup()
        QVERIFY(waitAnswers(2));
        QTest::qWait(100);
        QCOMPARE(int(m_answers.size()), 2);
        QCOMPARE(m_server->hits.value("/keys/alice.pub"), 1);
        std::set<core::CallId> calls;
        for (const auto& a : m_answers) {
            calls.insert(a.call);
            QVERIFY(a.answer.key && a.answer.key->valid());
        }
        QCOMPARE(calls, (std::set<core::CallId> { 7, 9 }));
        bool pinned = false;
        for (const auto& r : reports)
            pinned |= r.at(0).value<net::KeyLookupReport>().outcome == "pinned";
        QVERIFY(pinned);

        // Now pinned and fresh: answered from the store, no request.
        m_answers.clear();
        lookup->lookup(11, "alice");
        QVERIFY(waitAnswers(1));
        QCOMPARE(m_answers[0].call, core::CallId(11));
        QVERIFY(m_answers[0].answer.key);
        QCOMPARE(m_server->hits.value("/keys/alice.pub"), 1);
    }

    void stalePinIsUsedAtOnceAndRefetchedInTheBackground()
    {
        m_server->routes["/keys/alice.pub"] = Route { 200, rsaPublicPem() };
        auto o = options();
        o.server.maxAge = std::chrono::seconds(0); // every pin is stale
        auto lookup = make(o);
        lookup->lookup(1, "alice");
        QVERIFY(waitAnswers(1));
        QCOMPARE(m_server->hits.value("/keys/alice.pub"), 1);
        m_answers.clear();
        m_server->routes["/keys/alice.pub"].hang = true; // the server stops answering
        QSignalSpy reports(lookup.get(), &net::CallerKeyLookup::report);
        lookup->lookup(2, "alice");
        QVERIFY(waitAnswers(1));
        QVERIFY(m_answers[0].answer.key); // the pinned key, without waiting for the server
        QVERIFY(QTest::qWaitFor([&] { return m_server->hits.value("/keys/alice.pub") == 2; }, 10000));
        QCOMPARE(reports.first().at(0).value<net::KeyLookupReport>().outcome, QStringLiteral("store"));
    }

    void failuresCarryOutcomeAndReason_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("outcome");
        QTest::addColumn<QString>("error");
        using O = core::RsaAttempt::Outcome;
        QTest::newRow("404") << 404 << QByteArray("no") << int(O::KeyUnknown) << "not-found";
        QTest::newRow("bad PEM") << 200 << QByteArray("garbage") << int(O::FetchFailed) << "bad-pem";
        QTest::newRow("EC key") << 200 << ecPublicPem() << int(O::FetchFailed) << "not-rsa";
        QTest::newRow("HTTP 500") << 500 << QByteArray("oops") << int(O::FetchFailed) << "http-error";
    }
    void failuresCarryOutcomeAndReason()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, outcome);
        QFETCH(QString, error);
        m_server->routes["/keys/bob.pub"] = Route { status, body };
        auto lookup = make(options());
        QSignalSpy reports(lookup.get(), &net::CallerKeyLookup::report);
        lookup->lookup(3, "bob");
        QVERIFY(waitAnswers(1));
        const auto& a = m_answers[0].answer;
        QVERIFY(!a.key);
        QCOMPARE(int(a.unavailable.outcome), outcome);
        QVERIFY2(QString::fromStdString(a.unavailable.reason).contains("bob"), a.unavailable.reason.c_str());
        const auto r = reports.first().at(0).value<net::KeyLookupReport>();
        QCOMPARE(r.outcome, QStringLiteral("failed"));
        QCOMPARE(r.errorCode, error);
        QCOMPARE(r.message.toStdString(), a.unavailable.reason);
    }

    void withoutAServerOnlyTheStoreAnswers()
    {
        auto lookup = make(options(false));
        lookup->lookup(4, "carol");
        QVERIFY(waitAnswers(1));
        QVERIFY(!m_answers[0].answer.key);
        QCOMPARE(m_answers[0].answer.unavailable.outcome, core::RsaAttempt::Outcome::KeyUnknown);
        QVERIFY(QString::fromStdString(m_answers[0].answer.unavailable.reason).contains("no key server"));
    }

    void namesThatCannotNameAKeyNeverReachTheNetwork()
    {
        auto lookup = make(options());
        lookup->lookup(5, "../etc/passwd");
        lookup->lookup(6, QString("a\nb"));
        QVERIFY(waitAnswers(2));
        for (const auto& a : m_answers) {
            QVERIFY(!a.answer.key);
            QCOMPARE(a.answer.unavailable.outcome, core::RsaAttempt::Outcome::KeyUnknown);
            QVERIFY(!QString::fromStdString(a.answer.unavailable.reason).contains('\n'));
        }
        QVERIFY(m_server->hits.isEmpty());
    }

    void badTemplateIsRefused()
    {
        auto o = options();
        o.server.urlTemplate = "http://127.0.0.1/{name}.pub";
        QVERIFY(!net::CallerKeyLookup::validate(o));
        o.server.urlTemplate = "https://127.0.0.1/key.pub";
        QVERIFY(!net::CallerKeyLookup::validate(o));
        QVERIFY(net::CallerKeyLookup::validate(options()));
    }
};

QTEST_GUILESS_MAIN(TstKeysLookup)
#include "tst_keys_lookup.moc"
