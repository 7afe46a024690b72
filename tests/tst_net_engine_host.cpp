// core/net's EngineHost on real loopback UDP, each host on its own engine/media thread
// (EngineThread): commands are queued in by id, events come back as queued signals on the owner
// thread, media of answered calls is ticked on the host thread every 20 ms and receives the
// peer's voice, and DTMF, encryption, hang-up and stats all cross correctly.
#include "core/net/engine_thread.h"
#include "support/hand_driven_caller.h"

#include <QDir>
#include <QSemaphore>
#include <QSignalSpy>
#include <QUdpSocket>
#include <QtTest>

#include <atomic>
#include <optional>

#if defined(Q_OS_LINUX)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

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
    { }
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

// Receives voice and, once armed, holds the host thread in the push of the next frame (inside
// the host's read of that datagram) until the test releases it.
struct HoldState {
    std::atomic<bool> armed { false };
    std::atomic<int> pushed { 0 };
    QSemaphore held, release;
};

class HoldingMedia final : public net::CallMediaPort {
public:
    explicit HoldingMedia(std::shared_ptr<HoldState> s)
        : m_s(std::move(s))
    { }
    void pull(int, std::vector<std::vector<std::uint8_t>>&) override { }
    void push(const core::VoiceReceived&) override
    {
        ++m_s->pushed;
        if (m_s->armed.exchange(false)) {
            m_s->held.release();
            m_s->release.acquire();
        }
    }
    std::string close() override { return {}; }

private:
    std::shared_ptr<HoldState> m_s;
};

// Sends 160-byte frames whose bytes count up from a per-frame start (byte k = start + k), and
// checks every received frame has that shape: a datagram cut at the wrong place, glued to its
// neighbour or decrypted wrongly fails the check.
struct PatternCounters {
    std::atomic<int> good { 0 }, bad { 0 }, closed { 0 };
};

class PatternMedia final : public net::CallMediaPort {
public:
    PatternMedia(std::shared_ptr<PatternCounters> c, std::uint8_t first)
        : m_c(std::move(c))
        , m_next(first)
    { }
    void pull(int framesDue, std::vector<std::vector<std::uint8_t>>& out) override
    {
        for (int i = 0; i < framesDue; ++i, ++m_next) {
            std::vector<std::uint8_t> f(160);
            for (std::size_t k = 0; k < f.size(); ++k)
                f[k] = std::uint8_t(m_next + k);
            out.push_back(std::move(f));
        }
    }
    void push(const core::VoiceReceived& v) override
    {
        bool ok = v.payload.size() == 160;
        for (std::size_t k = 0; ok && k < v.payload.size(); ++k)
            ok = v.payload[k] == std::uint8_t(v.payload[0] + k);
        ++(ok ? m_c->good : m_c->bad);
    }
    std::string close() override
    {
        ++m_c->closed;
        return {};
    }

private:
    std::shared_ptr<PatternCounters> m_c;
    std::uint8_t m_next;
};

// Whether this kernel takes UDP_SEGMENT and UDP_GRO (Linux >= 5.0), probed as EngineHost does.
bool kernelOffloads()
{
#if defined(Q_OS_LINUX)
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    const int zero = 0, one = 1;
    const bool ok = fd >= 0 && ::setsockopt(fd, SOL_UDP, UDP_SEGMENT, &zero, sizeof(zero)) == 0
        && ::setsockopt(fd, SOL_UDP, UDP_GRO, &one, sizeof(one)) == 0;
    if (fd >= 0)
        ::close(fd);
    return ok;
#else
    return false;
#endif
}

// The first answer of `h` to a stats request made after construction, queued to this thread
// and waited for as a state, not with QSignalSpy::wait: that counts only signals after it
// starts, and a host thread answering in the microseconds before (the usual case on an idle
// core) made it wait the full 30 s and report no answer.
struct StatsAnswer : QObject {
    std::optional<net::HostStats> stats;
    explicit StatsAnswer(net::EngineHost& h)
    {
        connect(
            &h, &net::EngineHost::statsReady, this,
            [this](const net::HostStats& s) {
                if (!stats)
                    stats = s;
            },
            Qt::QueuedConnection);
    }
    bool wait()
    {
        return QTest::qWaitFor([this] { return stats.has_value(); }, 30000);
    }
};

// The host's counters into `out`; false when it did not answer within 30 s.
bool statsOf(net::EngineHost& h, net::HostStats& out)
{
    StatsAnswer answer(h);
    h.requestStats();
    if (!answer.wait())
        return false;
    out = *answer.stats;
    return true;
}

core::EngineConfig calleeConfig()
{
    return test::oneUserConfig("alice", "net-secret");
}

// An encrypted call to calleeConfig()'s user.
core::DialRequest aliceDial(const QString& host, quint16 port)
{
    core::DialRequest d;
    d.peer = { host.toStdString(), port };
    d.username = "alice";
    d.secret = "net-secret";
    d.calledNumber = "600";
    d.encryption = core::EncryptionPolicy::Required;
    return d;
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
    template<class T> QList<T> all() const
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

// Two hosts on loopback whose calls carry PatternMedia both ways; the callee answers every call.
struct PatternPair {
    net::EngineThread callee { calleeConfig() };
    net::EngineThread caller { core::EngineConfig {} };
    std::shared_ptr<PatternCounters> calleeMedia = std::make_shared<PatternCounters>();
    std::shared_ptr<PatternCounters> callerMedia = std::make_shared<PatternCounters>();
    EventLog calleeLog { callee.host() }, callerLog { caller.host() };
    QString address;

    PatternPair()
    {
        callee.host().setMediaFactory([c = calleeMedia](const net::MediaCallInfo& info) {
            return std::make_unique<PatternMedia>(c, std::uint8_t(info.call * 7));
        });
        caller.host().setMediaFactory([c = callerMedia](const net::MediaCallInfo& info) {
            return std::make_unique<PatternMedia>(c, std::uint8_t(info.call * 13));
        });
        QObject::connect(
            &callee.host(), &net::EngineHost::engineEvent, &calleeLog,
            [this](const core::EngineEvent& e) {
                if (const auto* in = std::get_if<core::IncomingCall>(&e))
                    callee.host().answer(in->call);
            },
            Qt::QueuedConnection);
    }
    /// Binds both (the callee with IAXPHONE_UDP_GSO=0 unless `calleeOffloads`); "" or a sentence.
    QString bind(const QString& addr, bool calleeOffloads)
    {
        address = addr;
        QString error;
        if (!calleeOffloads)
            qputenv("IAXPHONE_UDP_GSO", "0");
        const bool bound = callee.host().bind(QHostAddress(address), 0, &error);
        qunsetenv("IAXPHONE_UDP_GSO");
        if (bound)
            caller.host().bind(QHostAddress(address), 0, &error);
        return error;
    }
    bool dial(int calls)
    {
        for (int i = 0; i < calls; ++i) {
            if (!caller.host().dial(aliceDial(address, callee.host().localPort())))
                return false;
        }
        return true;
    }
    void hangUpAll()
    {
        for (const auto& s : callerLog.all<core::CallStateChanged>())
            if (s.state == core::CallState::Answered)
                caller.host().hangup(s.call, QStringLiteral("Normal Clearing"));
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
        test::answerEveryCall(callee.host(), this);

        const auto id = caller.host().dial(aliceDial(address, callee.host().localPort()));
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

        net::HostStats snapshot;
        QVERIFY(statsOf(caller.host(), snapshot));
        QVERIFY(snapshot.datagramsSent > 25);
        // The callee has 25 of them: exactly 25 when a loaded machine held the caller's ticks since.
        QVERIFY2(snapshot.voiceSent >= 25, qPrintable(QString::number(snapshot.voiceSent)));
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

    // Many encrypted calls between two hosts: each media tick sends one equal-sized frame per
    // call to the same peer, which on Linux goes down as one UDP_SEGMENT run, and a host with
    // UDP_GRO reads such a run at once. Every frame must still arrive whole and alone, both
    // into a host that coalesces and into one that does not (IAXPHONE_UDP_GSO=0 at its bind).
    void manyCallsToOnePeer_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<bool>("calleeOffloads");
        QTest::newRow("ipv4 both offload") << "127.0.0.1" << true;
        QTest::newRow("ipv4 callee without offload") << "127.0.0.1" << false;
        QTest::newRow("ipv6 both offload") << "::1" << true;
    }
    void manyCallsToOnePeer()
    {
        QFETCH(QString, address);
        QFETCH(bool, calleeOffloads);
        constexpr int kCalls = 40;
        constexpr int kFramesEach = 30;
        PatternPair p;
        const QString error = p.bind(address, calleeOffloads);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(p.dial(kCalls));
        auto& callerMedia = p.callerMedia;
        auto& calleeMedia = p.calleeMedia;
        QTRY_VERIFY_WITH_TIMEOUT(
            callerMedia->good.load() >= kCalls * kFramesEach && calleeMedia->good.load() >= kCalls * kFramesEach,
            20000);
        net::HostStats er;
        QVERIFY(statsOf(p.caller.host(), er));
        net::HostStats ee;
        QVERIFY(statsOf(p.callee.host(), ee));
        qInfo("caller: sent %llu (%llu offloaded), received %llu (%llu coalesced); callee: sent %llu (%llu "
              "offloaded), received %llu (%llu coalesced); frames good %d/%d",
            qulonglong(er.datagramsSent), qulonglong(er.datagramsSentOffloaded), qulonglong(er.datagramsReceived),
            qulonglong(er.datagramsReceivedCoalesced), qulonglong(ee.datagramsSent),
            qulonglong(ee.datagramsSentOffloaded), qulonglong(ee.datagramsReceived),
            qulonglong(ee.datagramsReceivedCoalesced), callerMedia->good.load(), calleeMedia->good.load());
        QCOMPARE(callerMedia->bad.load(), 0);
        QCOMPARE(calleeMedia->bad.load(), 0);
        QCOMPARE(er.decryptFailures, 0u);
        QCOMPARE(ee.decryptFailures, 0u);
        QCOMPARE(er.callsWithMedia, quint64(kCalls));
        if (kernelOffloads()) {
            // The ticks of 40 calls did go out as runs, and were read as runs only where asked for.
            QVERIFY(er.datagramsSentOffloaded > quint64(kCalls * kFramesEach / 2));
            QVERIFY(calleeOffloads ? ee.datagramsReceivedCoalesced > 0 : ee.datagramsReceivedCoalesced == 0);
            QVERIFY(calleeOffloads ? ee.datagramsSentOffloaded > 0 : ee.datagramsSentOffloaded == 0);
            QVERIFY(calleeOffloads ? er.datagramsReceivedCoalesced > 0 : er.datagramsReceivedCoalesced == 0);
        }
        p.hangUpAll();
        QTRY_COMPARE_WITH_TIMEOUT(int(p.callerLog.all<core::CallFinished>().size()), kCalls, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(int(p.calleeLog.all<core::CallFinished>().size()), kCalls, 15000);
        for (const auto& f : p.callerLog.all<core::CallFinished>())
            QCOMPARE(f.stats.encryption.decryptFailures, 0);
    }

    // When the kernel refuses a run (here: checksums off on the sending socket, which UDP
    // segmentation needs), the host sends that run again one datagram per buffer and stays so:
    // nothing is lost and nothing more is offloaded.
    void refusedOffloadFallsBackWithoutLoss()
    {
#if !defined(Q_OS_LINUX)
        QSKIP("UDP segmentation offload is Linux only");
#else
        if (!kernelOffloads())
            QSKIP("this kernel has no UDP segmentation offload");
        constexpr int kCalls = 24;
        PatternPair p;
        const QString error = p.bind(QStringLiteral("127.0.0.1"), true);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(p.dial(kCalls));
        auto& callerMedia = p.callerMedia;
        auto& calleeMedia = p.calleeMedia;
        net::EngineHost& caller = p.caller.host();
        net::EngineHost& callee = p.callee.host();
        QTRY_VERIFY_WITH_TIMEOUT(calleeMedia->good.load() >= kCalls * 10, 20000);
        net::HostStats before;
        QVERIFY(statsOf(caller, before));
        QVERIFY(before.datagramsSentOffloaded > 0); // the voice ticks went out as runs
        // Now SO_NO_CHECK on every descriptor of the caller's socket (EngineHost reads and writes a
        // duplicate of it): the kernel then answers UDP_SEGMENT with EINVAL.
        int marked = 0;
        for (const QFileInfo& f : QDir("/proc/self/fd").entryInfoList(QDir::Files | QDir::System)) {
            const int fd = f.fileName().toInt();
            sockaddr_in local {};
            socklen_t len = sizeof(local);
            int type = 0;
            socklen_t tlen = sizeof(type);
            if (::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tlen) != 0 || type != SOCK_DGRAM
                || ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) != 0 || local.sin_family != AF_INET
                || ntohs(local.sin_port) != caller.localPort())
                continue;
            const int one = 1;
            QCOMPARE(::setsockopt(fd, SOL_SOCKET, SO_NO_CHECK, &one, sizeof(one)), 0);
            ++marked;
        }
        QVERIFY(marked >= 1);
        int goodThen = calleeMedia->good.load();
        QTRY_VERIFY_WITH_TIMEOUT(calleeMedia->good.load() >= goodThen + kCalls * 5, 20000);
        net::HostStats marked1;
        QVERIFY(statsOf(caller, marked1));
        goodThen = calleeMedia->good.load();
        QTRY_VERIFY_WITH_TIMEOUT(calleeMedia->good.load() >= goodThen + kCalls * 20, 20000);
        net::HostStats marked2;
        QVERIFY(statsOf(caller, marked2));
        QCOMPARE(marked2.datagramsSentOffloaded, marked1.datagramsSentOffloaded); // refused: one by one now
        net::HostStats calleeNow;
        QVERIFY(statsOf(callee, calleeNow));
        QVERIFY(calleeNow.datagramsSentOffloaded > 0); // the callee's socket still offloads
        QCOMPARE(marked2.sendErrors, 0u);

        p.hangUpAll();
        QTRY_COMPARE_WITH_TIMEOUT(int(p.callerLog.all<core::CallFinished>().size()), kCalls, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(int(p.calleeLog.all<core::CallFinished>().size()), kCalls, 15000);
        net::HostStats er;
        QVERIFY(statsOf(caller, er));
        net::HostStats ee;
        QVERIFY(statsOf(callee, ee));
        qInfo("caller sent %llu voice frames, callee received %llu", qulonglong(er.voiceSent),
            qulonglong(ee.voiceReceived));
        // Every voice frame the caller sent, the refused run included, reached the callee.
        QVERIFY(er.voiceSent >= quint64(kCalls * 35));
        QCOMPARE(ee.voiceReceived, er.voiceSent);
        QCOMPARE(er.sendErrors, 0u);
        QCOMPARE(ee.decryptFailures, 0u);
        QCOMPARE(calleeMedia->bad.load(), 0);
        QCOMPARE(callerMedia->bad.load(), 0);
#endif
    }

    // A flood of datagrams does not hold up a command queued behind it: the host reads at most
    // kReadsPerTurn of them per event-loop turn, so a stats request (or a hang-up: both are queued
    // the same way) is served after a batch or two, and the rest of the flood after it.
    // Deterministic: a caller driven by hand queues [64 junk][1 voice frame][4000 junk] on the
    // callee's socket while the callee's host thread is held; the voice frame's push holds that
    // thread again inside its read of the flood while the request is queued; the request's answer
    // counts the junk read before it ran (127 with the bound, the whole flood without).
    void queuedCommandIsServedDuringAFlood()
    {
        net::EngineThread callee(calleeConfig());
        auto hold = std::make_shared<HoldState>();
        callee.host().setMediaFactory(
            [hold](const net::MediaCallInfo&) { return std::make_unique<HoldingMedia>(hold); });
        QString error;
        QVERIFY2(callee.host().bind(QHostAddress::LocalHost, 0, &error), qPrintable(error));
        test::answerEveryCall(callee.host(), this);
        test::HandDrivenCaller caller(callee.host().localPort());
        QVERIFY(caller.socket.bind(QHostAddress::LocalHost, 0));
        QVERIFY(caller.dial(aliceDial(QStringLiteral("127.0.0.1"), callee.host().localPort())));
        QTRY_VERIFY_WITH_TIMEOUT((caller.service(), caller.answered), 20000);
        const std::vector<std::uint8_t> silence(160, 0xFF);
        for (int i = 0; i < 3; ++i)
            QVERIFY(caller.engine.sendVoice(*caller.call, silence, 20, caller.now()));
        caller.service();
        QTRY_VERIFY_WITH_TIMEOUT((caller.service(), hold->pushed.load() >= 2), 20000);
        net::HostStats before;
        QVERIFY(statsOf(callee.host(), before));

        QSemaphore calleeHeld, calleeRelease;
        const auto unblock = qScopeGuard([&] { // a failed check must not leave the host thread held
            hold->armed = false;
            calleeRelease.release();
            hold->release.release();
        });
        QMetaObject::invokeMethod(
            &callee.host(),
            [&] {
                calleeHeld.release();
                calleeRelease.acquire();
            },
            Qt::QueuedConnection);
        QVERIFY(calleeHeld.tryAcquire(1, 30000));
        // A voice mini frame, and mini frames of a call nobody has (the Engine counts and drops
        // each, answering nothing), all from the caller's socket: they queue in this order.
        QVERIFY(caller.engine.sendVoice(*caller.call, silence, 20, caller.now()));
        const auto voice = caller.engine.pollTransmit();
        QVERIFY(voice && voice->bytes.size() > 4 && (voice->bytes[0] & 0x80) == 0);
        QByteArray junk(20, 'x');
        junk[0] = char((voice->bytes[0] ^ 0x01) & 0x7F);
        junk[1] = char(voice->bytes[1] ^ 0x01);
        const auto sendJunk = [&](int count) {
            for (int i = 0; i < count; ++i)
                caller.socket.writeDatagram(junk, QHostAddress::LocalHost, callee.host().localPort());
        };
        sendJunk(net::EngineHost::kReadsPerTurn);
        caller.send(*voice);
        sendJunk(4000); // more than a default 208 KiB receive buffer holds (about 500)
        hold->armed = true;
        calleeRelease.release();
        QVERIFY(hold->held.tryAcquire(1, 30000)); // now inside the read of the flood
        StatsAnswer atCommand(callee.host());
        callee.host().requestStats();
        hold->release.release();
        QVERIFY(atCommand.wait());

        // Then the rest: once two answers in a row count the same junk (a readable socket is
        // read between two queued commands), the flood is read.
        net::HostStats current;
        for (net::HostStats previous = *atCommand.stats;; previous = current) {
            QVERIFY(statsOf(callee.host(), current));
            if (current.engine.unknownCall == previous.engine.unknownCall)
                break;
        }
        const quint64 flooded = current.engine.unknownCall - before.engine.unknownCall;
        const quint64 readFirst = atCommand.stats->engine.unknownCall - before.engine.unknownCall;
        qInfo("flood: %llu junk datagrams reached the host, %llu of them were read before the queued request",
            qulonglong(flooded), qulonglong(readFirst));
        QVERIFY2(flooded > 4 * net::EngineHost::kReadsPerTurn,
            qPrintable(QStringLiteral("the socket held only %1 datagrams").arg(flooded)));
        // The two batches up to the held voice frame, and at most one more.
        QVERIFY2(readFirst <= 3 * net::EngineHost::kReadsPerTurn,
            qPrintable(QStringLiteral("%1 of %2 junk datagrams were read before the queued request")
                           .arg(readFirst)
                           .arg(flooded)));
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
