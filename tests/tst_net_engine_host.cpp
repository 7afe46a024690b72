// core/net's EngineHost on real loopback UDP, each host on its own engine/media thread
// (EngineThread): commands are queued in by id, events come back as queued signals on the owner
// thread, media of answered calls is ticked on the host thread every 20 ms and receives the
// peer's voice, and DTMF, encryption, hang-up and stats all cross correctly.
#include "core/net/engine_thread.h"

#include <QSignalSpy>
#include <QUdpSocket>
#include <QtTest>

#include <atomic>

using namespace iax;

namespace {
// A media port that sends a fixed µ-law frame per due tick and counts what it receives; its
// counters are atomics because the test thread reads them while the host thread writes.
struct Counters {
    std::atomic<int> pulled { 0 }, received { 0 }, closed { 0 };
    std::atomic<bool> wrongThread { false };
    QThread* hostThread = nullptr;
};

class CountingMedia final : public net::CallMediaPort {
public:
    explicit CountingMedia(std::shared_ptr<Counters> c)
        : m_c(std::move(c))
    {
    }
    void pull(int framesDue, std::vector<std::vector<std::uint8_t>>& out) override
    {
        check();
        for (int i = 0; i < framesDue; ++i)
            out.push_back(std::vector<std::uint8_t>(160, 0x55));
        m_c->pulled += framesDue;
    }
    void push(const core::VoiceReceived& v) override
    {
        check();
        if (v.payload.size() == 160 && v.payload[0] == 0x55)
            ++m_c->received;
    }
    std::string close() override
    {
        check();
        ++m_c->closed;
        return {};
    }

private:
    void check()
    {
        if (m_c->hostThread && QThread::currentThread() != m_c->hostThread)
            m_c->wrongThread = true;
    }
    std::shared_ptr<Counters> m_c;
};

core::EngineConfig calleeConfig()
{
    core::EngineConfig cfg;
    core::UserConfig u;
    u.username = "alice";
    u.secret = "net-secret";
    u.encryption = core::EncryptionPolicy::Required;
    cfg.users.push_back(u);
    return cfg;
}

// Collects a host's events on the test thread and checks they arrive there.
struct EventLog : QObject {
    QList<core::EngineEvent> events;
    bool offThread = false;
    explicit EventLog(net::EngineHost& h)
    {
        connect(
            &h, &net::EngineHost::engineEvent, this,
            [this](const core::EngineEvent& e) {
                if (QThread::currentThread() != thread())
                    offThread = true;
                events << e;
            },
            Qt::QueuedConnection);
    }
    template <class T>
    QList<T> all() const
    {
        QList<T> out;
        for (const auto& e : events)
            if (const auto* v = std::get_if<T>(&e))
                out << *v;
        return out;
    }
    bool hasCallState(core::CallState s) const
    {
        for (const auto& c : all<core::CallStateChanged>())
            if (c.state == s)
                return true;
        return false;
    }
};
} // namespace

class TestNetEngineHost : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void encryptedCallAcrossThreads_data()
    {
        QTest::addColumn<QString>("address");
        QTest::newRow("ipv4") << "127.0.0.1";
        QTest::newRow("ipv6") << "::1";
    }
    void encryptedCallAcrossThreads()
    {
        QFETCH(QString, address);
        net::EngineThread callee(calleeConfig());
        net::EngineThread caller(core::EngineConfig {});
        auto calleeMedia = std::make_shared<Counters>();
        auto callerMedia = std::make_shared<Counters>();
        QMetaObject::invokeMethod(
            &callee.host(), [c = calleeMedia] { c->hostThread = QThread::currentThread(); },
            Qt::BlockingQueuedConnection);
        QMetaObject::invokeMethod(
            &caller.host(), [c = callerMedia] { c->hostThread = QThread::currentThread(); },
            Qt::BlockingQueuedConnection);
        QVERIFY(calleeMedia->hostThread != QThread::currentThread());
        callee.host().setMediaFactory([c = calleeMedia](const net::MediaCallInfo& info) {
            return info.outgoing ? nullptr : std::make_unique<CountingMedia>(c);
        });
        caller.host().setMediaFactory([c = callerMedia](const net::MediaCallInfo& info) {
            return info.outgoing ? std::make_unique<CountingMedia>(c) : nullptr;
        });
        QString error;
        QVERIFY2(callee.host().bind(QHostAddress(address), 0, &error), qPrintable(error));
        QVERIFY2(caller.host().bind(QHostAddress(address), 0, &error), qPrintable(error));
        QVERIFY(callee.host().localPort() != 0);

        EventLog calleeLog(callee.host()), callerLog(caller.host());
        // The callee answers every incoming call from the owner thread, by id.
        connect(
            &callee.host(), &net::EngineHost::engineEvent, this,
            [&callee](const core::EngineEvent& e) {
                if (const auto* in = std::get_if<core::IncomingCall>(&e))
                    callee.host().answer(in->call);
            },
            Qt::QueuedConnection);

        core::DialRequest d;
        d.peer = { address.toStdString(), callee.host().localPort() };
        d.username = "alice";
        d.secret = "net-secret";
        d.calledNumber = "600";
        d.encryption = core::EncryptionPolicy::Required;
        const auto id = caller.host().dial(d);
        QVERIFY(id.has_value());

        QTRY_VERIFY_WITH_TIMEOUT(callerLog.hasCallState(core::CallState::Answered), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(callerMedia->received.load() >= 25 && calleeMedia->received.load() >= 25, 10000);
        bool encrypted = false;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const auto& e : callerLog.all<core::EncryptionStateChanged>())
                    encrypted = encrypted || e.state == core::EncryptionState::Encrypted;
                return encrypted;
            }(),
            10000);

        caller.host().sendDtmf(*id, '5');
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const auto& dt : calleeLog.all<core::DtmfReceived>())
                    if (!dt.begin && dt.digit == '5')
                        return true;
                return false;
            }(),
            10000);

        QSignalSpy stats(&caller.host(), &net::EngineHost::statsReady);
        caller.host().requestStats();
        QTRY_COMPARE_WITH_TIMEOUT(stats.count(), 1, 5000);
        const auto snapshot = stats.at(0).at(0).value<net::HostStats>();
        QVERIFY(snapshot.datagramsSent > 25);
        QVERIFY(snapshot.voiceSent > 25);
        QCOMPARE(snapshot.callsWithMedia, 1u);
        QCOMPARE(snapshot.decryptFailures, 0u);

        caller.host().hangup(*id, QStringLiteral("Normal Clearing"));
        QTRY_VERIFY_WITH_TIMEOUT(callerLog.all<core::CallFinished>().size() == 1, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(calleeLog.all<core::CallFinished>().size() == 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(callerMedia->closed.load(), 1, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(calleeMedia->closed.load(), 1, 5000);
        const auto finished = callerLog.all<core::CallFinished>().front();
        QCOMPARE(finished.call, *id);
        QVERIFY(finished.stats.voiceReceived >= 25);
        QCOMPARE(finished.stats.encryption.decryptFailures, 0);
        QVERIFY(!callerLog.offThread);
        QVERIFY(!calleeLog.offThread);
        QVERIFY(!callerMedia->wrongThread);
        QVERIFY(!calleeMedia->wrongThread);
        // Voice never reaches the owner thread: it goes to the media.
        QVERIFY(callerLog.all<core::VoiceReceived>().isEmpty());
    }

    void bindFailureIsASentence()
    {
        QUdpSocket taken;
        QVERIFY(taken.bind(QHostAddress::LocalHost, 0));
        net::EngineThread t(core::EngineConfig {});
        QString error;
        QVERIFY(!t.host().bind(QHostAddress::LocalHost, taken.localPort(), &error));
        QVERIFY2(error.contains(QString::number(taken.localPort())), qPrintable(error));
        QCOMPARE(t.host().localPort(), quint16(0));
    }

    void commandsForUnknownCallsAreHarmless()
    {
        net::EngineThread t(core::EngineConfig {});
        QString error;
        QVERIFY(t.host().bind(QHostAddress::LocalHost, 0, &error));
        QSignalSpy failed(&t.host(), &net::EngineHost::commandFailed);
        t.host().hangup(4242, QStringLiteral("x"));
        t.host().answer(4242);
        t.host().sendDtmf(4242, '1');
        auto ran = std::make_shared<std::atomic<bool>>(false);
        t.host().withMedia(4242, [ran](net::CallMediaPort&) { *ran = true; });
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 5000); // the DTMF refusal, as a sentence
        QVERIFY(!*ran); // no media for an unknown call
        QVERIFY(!failed.at(0).at(1).toString().isEmpty());
    }

    void unansweredDialFailsAsUnreachable()
    {
        // Nobody answers on this port: the Engine retransmits NEW and gives up; the event says so.
        QUdpSocket silent;
        QVERIFY(silent.bind(QHostAddress::LocalHost, 0));
        net::EngineThread t(core::EngineConfig {});
        QString error;
        QVERIFY(t.host().bind(QHostAddress::LocalHost, 0, &error));
        EventLog log(t.host());
        core::DialRequest d;
        d.peer = { "127.0.0.1", silent.localPort() };
        d.secret = "x";
        QVERIFY(t.host().dial(d).has_value());
        QTRY_VERIFY_WITH_TIMEOUT(log.hasCallState(core::CallState::Failed), 60000);
        const auto states = log.all<core::CallStateChanged>();
        QCOMPARE(int(states.back().end.kind), int(core::CallEnd::Kind::Unreachable));
        QVERIFY(silent.hasPendingDatagrams()); // the NEWs did go out
    }
};

QTEST_GUILESS_MAIN(TestNetEngineHost)
#include "tst_net_engine_host.moc"
