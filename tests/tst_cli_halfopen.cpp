// End to end over loopback UDP: half-open calls against a real `iaxphone-cli listen`. A raw socket
// on another loopback address takes a call token and opens 300 calls with it, ACKs nothing and
// never authenticates (issue 16 item 1). The listener challenges only its per-address share of
// them, REJECTs the rest, a real caller still gets through meanwhile, and after the authentication
// deadline the half-open calls are gone (INVAL) and their share is free again.
#include "core/protocol/engine_types.h"
#include "core/protocol/frame.h"
#include "core/protocol/information_element.h"
#include "support/cli_test_support.h"

#include <QNetworkDatagram>
#include <QtTest>

#include <set>

using namespace iax::test;
using namespace iax::core;

namespace {

std::vector<std::uint8_t> rawFrame(
    std::uint16_t scall, std::uint16_t dcall, std::uint8_t oseq, std::uint8_t iseq, IaxCommand c, const IeList& ies)
{
    FullFrame f;
    f.scall = scall;
    f.dcall = dcall;
    f.oseqno = oseq;
    f.iseqno = iseq;
    f.timestamp = 5;
    f.type = std::uint8_t(FrameType::Iax);
    f.subclass = std::int64_t(c);
    f.payload = ies.encode();
    return encode(f);
}

std::vector<std::uint8_t> rawNew(std::uint16_t scall, const std::string& token)
{
    IeList ies;
    ies.addU16(IeId::Version, 2).addString(IeId::CalledNumber, "600").addString(IeId::Username, "alice");
    ies.addU16(IeId::Encryption, EncryptionBits::Aes128);
    ies.addU32(IeId::Format, std::uint32_t(Codec::Ulaw)).addU32(IeId::Capability, std::uint32_t(Codec::Ulaw));
    ies.addString(IeId::CallToken, token);
    return rawFrame(scall, 0, 0, 0, IaxCommand::New, ies);
}

/// A raw IAX2 peer on its own loopback address: sends hand-built frames, collects clear replies.
struct Raw {
    QUdpSocket s;
    QHostAddress to;
    quint16 port;
    std::vector<FullFrame> got;
    Raw(const QString& bindHost, quint16 listenerPort)
        : to(QHostAddress::LocalHost)
        , port(listenerPort)
    {
        s.bind(QHostAddress(bindHost), 0);
    }
    void send(const std::vector<std::uint8_t>& d)
    {
        s.writeDatagram(reinterpret_cast<const char*>(d.data()), qint64(d.size()), to, port);
    }
    /// Reads for `ms`, or until `until` holds.
    void read(int ms, const std::function<bool()>& until = {})
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < ms && !(until && until())) {
            s.waitForReadyRead(50);
            while (s.hasPendingDatagrams()) {
                const QNetworkDatagram d = s.receiveDatagram();
                const QByteArray b = d.data();
                if (auto f = decodeFullFrame(std::span(reinterpret_cast<const std::uint8_t*>(b.data()), b.size())))
                    got.push_back(*f);
            }
        }
    }
    /// Reads and forgets everything queued until the socket has been quiet for `quietMs`: the
    /// listener's retransmissions that piled up unread in the kernel's receive buffer while the
    /// test slept, which would otherwise fill it and make it drop the reply a check waits for.
    void drain(int quietMs = 300)
    {
        while (s.waitForReadyRead(quietMs))
            while (s.hasPendingDatagrams())
                s.receiveDatagram();
        got.clear();
    }
    std::string token()
    {
        got.clear();
        send(rawNew(1, ""));
        std::string t;
        read(5000, [&] {
            for (const auto& f : got)
                if (f.isIax(IaxCommand::CallToken))
                    t = f.ies()->getString(IeId::CallToken).value_or("");
            return !t.empty();
        });
        return t;
    }
    /// Our call numbers (their dcall) that got `c` back, each once.
    std::set<std::uint16_t> answered(IaxCommand c) const
    {
        std::set<std::uint16_t> out;
        for (const auto& f : got)
            if (f.isIax(c))
                out.insert(f.dcall);
        return out;
    }
};

} // namespace

class TestCliHalfOpen : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void halfOpenFloodFromOneAddress()
    {
        const EngineConfig defaults;
        const quint16 port = freePort();
        Proc listen({ "listen", "--bind", QString("127.0.0.1:%1").arg(port), "--user", "alice", "--answer", "echo",
            "--encryption", "required", "--json", "--duration", "90" });
        QVERIFY(listen.waitFor("listening"));
        Raw m("127.0.0.2", port);
        const std::string token = m.token();
        QVERIFY(!token.empty());
        m.got.clear();
        for (int i = 0; i < 300; ++i) {
            m.send(rawNew(std::uint16_t(1000 + i), token));
            if (i % 50 == 49)
                m.read(20);
        }
        m.read(3000,
            [&] { return m.answered(IaxCommand::AuthReq).size() + m.answered(IaxCommand::Reject).size() >= 300; });
        const auto challenged = m.answered(IaxCommand::AuthReq);
        QCOMPARE(challenged.size(), defaults.maxUnauthenticatedPerAddress);
        std::uint16_t ours = 0, theirs = 0; // one half-open call: our call number and the listener's
        for (const auto& f : m.got)
            if (f.isIax(IaxCommand::AuthReq))
                ours = f.dcall, theirs = f.scall;
        QCOMPARE(m.answered(IaxCommand::Reject).size(), 300 - defaults.maxUnauthenticatedPerAddress);

        // A real caller from another address gets through meanwhile.
        Proc call({ "call", QString("iax2:alice@127.0.0.1:%1/600").arg(port), "--duration", "1", "--encryption",
            "required", "--json" });
        QCOMPARE(call.finish(), 0);

        // After the authentication deadline the half-open calls are gone: a (wrong, clear) AUTHREP for
        // one of them gets INVAL, where a live call would REJECT it; and the address may open as
        // many calls as before.
        QTest::qWait(int((defaults.authTimeout + std::chrono::seconds(5)).count()));
        m.drain();
        IeList rep;
        rep.addString(IeId::Md5Result, "00000000000000000000000000000000");
        m.send(rawFrame(ours, theirs, 1, 1, IaxCommand::AuthRep, rep));
        m.read(3000, [&] { return !m.answered(IaxCommand::Inval).empty() || !m.answered(IaxCommand::Reject).empty(); });
        QVERIFY(m.answered(IaxCommand::Reject).empty());
        QCOMPARE(m.answered(IaxCommand::Inval), std::set<std::uint16_t> { ours });
        const std::string again = m.token();
        QVERIFY(!again.empty());
        m.got.clear();
        for (int i = 0; i < 40; ++i)
            m.send(rawNew(std::uint16_t(3000 + i), again));
        m.read(
            3000, [&] { return m.answered(IaxCommand::AuthReq).size() + m.answered(IaxCommand::Reject).size() >= 40; });
        QCOMPARE(m.answered(IaxCommand::AuthReq).size(), std::size_t(40)); // all of them: the share is free again
        listen.p.kill();
        listen.finish(10000);
        int timedOut = 0;
        for (const auto& e : listen.events())
            timedOut += e.value("cause").toString().contains("did not authenticate");
        QVERIFY2(timedOut >= int(defaults.maxUnauthenticatedPerAddress), listen.m_out.right(2000).constData());
    }
};

QTEST_GUILESS_MAIN(TestCliHalfOpen)
#include "tst_cli_halfopen.moc"
