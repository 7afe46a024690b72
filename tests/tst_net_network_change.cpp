// Issue 19, the host's part of surviving a laptop's life: the NetworkMonitor on a simulated host
// (addresses, a clock jump for a sleep, refused sends, APPARENT_ADDR), and an EngineHost whose
// address goes away and whose machine "sleeps" in the middle of a registered, encrypted call on
// loopback UDP: nobody does anything, the socket moves, the registration recovers within 5 s and
// the audio goes on both ways.
#include "core/net/engine_thread.h"
#include "support/hand_driven_caller.h"

#include <QMutex>
#include <QSignalSpy>
#include <QtTest>

#include <atomic>

using namespace iax;

namespace {

// The simulated host: its addresses and clocks, set by the test, read on the host thread.
struct SimHost {
    mutable QMutex mutex;
    QStringList addresses;
    qint64 wall = 1'800'000'000'000;
    qint64 monotonic = 0;
    void set(QStringList a)
    {
        QMutexLocker l(&mutex);
        addresses = std::move(a);
    }
    void advance(qint64 wallMs, qint64 monotonicMs)
    {
        QMutexLocker l(&mutex);
        wall += wallMs;
        monotonic += monotonicMs;
    }
};

class SimProbe final : public net::NetworkProbe {
public:
    explicit SimProbe(std::shared_ptr<SimHost> h)
        : m_h(std::move(h))
    { }
    QStringList addresses() const override
    {
        QMutexLocker l(&m_h->mutex);
        return m_h->addresses;
    }
    qint64 wallMs() const override
    {
        QMutexLocker l(&m_h->mutex);
        return m_h->wall;
    }
    qint64 monotonicMs() const override
    {
        QMutexLocker l(&m_h->mutex);
        return m_h->monotonic;
    }

private:
    std::shared_ptr<SimHost> m_h;
};

struct VoiceCount {
    std::atomic<int> received { 0 };
};

class CountingMedia final : public net::CallMediaPort {
public:
    explicit CountingMedia(std::shared_ptr<VoiceCount> c)
        : m_c(std::move(c))
    { }
    void pull(int framesDue, std::vector<std::vector<std::uint8_t>>& out) override
    {
        for (int i = 0; i < framesDue; ++i)
            out.push_back(std::vector<std::uint8_t>(160, 0x55));
    }
    void push(const core::VoiceReceived&) override { ++m_c->received; }

private:
    std::shared_ptr<VoiceCount> m_c;
};

struct Log : QObject {
    QList<core::EngineEvent> events;
    QList<net::NetworkStatus> network;
    explicit Log(net::EngineHost& h)
    {
        connect(
            &h, &net::EngineHost::engineEvent, this, [this](const core::EngineEvent& e) { events << e; },
            Qt::QueuedConnection);
        connect(
            &h, &net::EngineHost::networkStatus, this, [this](const net::NetworkStatus& s) { network << s; },
            Qt::QueuedConnection);
    }
    QString apparentAddress() const
    {
        QString a;
        for (const auto& e : events)
            if (const auto* r = std::get_if<core::RegistrationStateChanged>(&e))
                if (r->state == core::RegistrationState::Registered)
                    a = QString::fromStdString(r->apparentAddress);
        return a;
    }
    bool callEnded() const
    {
        for (const auto& e : events)
            if (std::holds_alternative<core::CallFinished>(e))
                return true;
        return false;
    }
    /// The states reported from index `from` on, as "changed:addresses reconnecting recovered".
    QString networkStates(qsizetype from) const
    {
        QStringList s;
        for (qsizetype i = from; i < network.size(); ++i)
            s << (network[i].state == net::NetworkStatus::State::Changed
                    ? QStringLiteral("changed:") + net::networkChangeName(network[i].why)
                    : QString::fromLatin1(net::networkStateName(network[i].state)));
        return s.join(' ');
    }
};

} // namespace

class TestNetNetworkChange : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void monitorOnASimulatedHost()
    {
        auto host = std::make_shared<SimHost>();
        host->set({ "192.168.1.20", "127.0.0.1", "fe80::1" });
        net::NetworkMonitor m(std::make_unique<SimProbe>(host));
        QSignalSpy spy(&m, &net::NetworkMonitor::changed);
        const auto why = [&](int i) { return spy.at(i).at(0).value<net::NetworkChange>(); };

        host->advance(2000, 2000);
        m.poll(); // nothing changed: nothing said
        QCOMPARE(spy.size(), 0);

        host->set({ "127.0.0.1", "fe80::1", "10.0.0.7" }); // Wi-Fi to another network
        m.poll();
        QCOMPARE(spy.size(), 1);
        QCOMPARE(why(0), net::NetworkChange::Addresses);
        const QString detail = spy.at(0).at(1).toString();
        QVERIFY2(detail.contains("10.0.0.7") && detail.contains("192.168.1.20"), qPrintable(detail));

        host->advance(3600 * 1000, 2000); // an hour asleep: the monotonic clock stood still
        m.poll();
        QCOMPARE(spy.size(), 2);
        QCOMPARE(why(1), net::NetworkChange::Resumed);
        QVERIFY(spy.at(1).at(1).toString().contains("3598"));
        host->advance(2000 + net::NetworkMonitor::kSleepJumpMs - 1, 2000); // NTP's small steps are not a sleep
        m.poll();
        QCOMPARE(spy.size(), 2);

        host->set({ "127.0.0.1", "10.0.0.7" }); // seen by the host's own look after a refused send
        QCOMPARE(m.refreshAddresses(), QStringList({ "10.0.0.7", "127.0.0.1" }));
        host->advance(2000, 2000);
        m.poll(); // the poll does not report it a second time
        QCOMPARE(spy.size(), 2);

        m.sendFailed("unreachable");
        m.sendFailed("unreachable"); // once per outage, not per datagram
        QCOMPARE(spy.size(), 3);
        QCOMPARE(why(2), net::NetworkChange::SendFailed);
        m.sendWorked();
        m.sendFailed("unreachable");
        QCOMPARE(spy.size(), 4);

        m.apparentAddress(1, "203.0.113.5:4569"); // the first REGACK: nothing to compare with
        m.apparentAddress(1, "203.0.113.5:4569");
        m.apparentAddress(2, "198.51.100.1:4569"); // another server sees us elsewhere: fine
        QCOMPARE(spy.size(), 4);
        m.apparentAddress(1, "203.0.113.5:61002"); // the NAT gave us another port
        QCOMPARE(spy.size(), 5);
        QCOMPARE(why(4), net::NetworkChange::ApparentAddress);
        QVERIFY(spy.at(4).at(1).toString().contains("61002"));
        m.forgetRegistration(1);
        m.apparentAddress(1, "203.0.113.9:4569"); // a new registration under a reused id
        QCOMPARE(spy.size(), 5);
    }

    void callAndRegistrationSurviveAddressChangeAndSleep()
    {
        net::EngineThread registrar(test::oneUserConfig("alice", "net-secret")); // the PBX: registrar and callee
        net::EngineThread phone(core::EngineConfig {});
        auto simHost = std::make_shared<SimHost>();
        simHost->set({ "127.0.0.1", "127.0.0.2" });
        phone.host().watchNetwork(std::make_unique<SimProbe>(simHost), 0); // polled by the test
        auto pbxHeard = std::make_shared<VoiceCount>();
        auto phoneHeard = std::make_shared<VoiceCount>();
        registrar.host().setMediaFactory(
            [c = pbxHeard](const net::MediaCallInfo&) { return std::make_unique<CountingMedia>(c); });
        phone.host().setMediaFactory(
            [c = phoneHeard](const net::MediaCallInfo&) { return std::make_unique<CountingMedia>(c); });
        QString error;
        QVERIFY2(registrar.host().bind(QHostAddress("127.0.0.1"), 0, &error), qPrintable(error));
        QVERIFY2(phone.host().bind(QHostAddress("127.0.0.2"), 0, &error), qPrintable(error));
        const quint16 pbxPort = registrar.host().localPort();
        const quint16 phonePort = phone.host().localPort();
        Log pbx(registrar.host()), log(phone.host());
        test::answerEveryCall(registrar.host(), this);

        core::RegistrationRequest r;
        r.server = { "127.0.0.1", pbxPort };
        r.username = "alice";
        r.secret = "net-secret";
        phone.host().registerTo(r);
        QTRY_COMPARE_WITH_TIMEOUT(log.apparentAddress(), QString("127.0.0.2:%1").arg(phonePort), 10000);
        core::DialRequest d;
        d.peer = { "127.0.0.1", pbxPort };
        d.username = "alice";
        d.secret = "net-secret";
        d.calledNumber = "600";
        d.encryption = core::EncryptionPolicy::Required;
        QVERIFY(phone.host().dial(d));
        QTRY_VERIFY_WITH_TIMEOUT(pbxHeard->received >= 25 && phoneHeard->received >= 25, 10000);

        // 127.0.0.2 goes away (the laptop left the network it was on). Nobody does anything.
        qsizetype seen = log.network.size();
        simHost->set({ "127.0.0.1" });
        phone.host().pollNetwork();
        QTRY_COMPARE_WITH_TIMEOUT(log.networkStates(seen), QString("changed:addresses reconnecting recovered"), 10000);
        QVERIFY2(log.network[seen + 1].detail.contains("0.0.0.0"), qPrintable(log.network[seen + 1].detail));
        QVERIFY2(log.network.back().afterMs < 5000, qPrintable(QString::number(log.network.back().afterMs)));
        QCOMPARE(log.network.back().registrations, 1);
        QCOMPARE(log.apparentAddress(), QString("127.0.0.1:%1").arg(phonePort)); // same port, new address
        int pbxBefore = pbxHeard->received, phoneBefore = phoneHeard->received;
        QTRY_VERIFY_WITH_TIMEOUT(
            pbxHeard->received >= pbxBefore + 50 && phoneHeard->received >= phoneBefore + 50, 10000);

        // The lid closes for two minutes: the wall clock jumps, the monotonic one does not.
        seen = log.network.size();
        simHost->advance(120000, 0);
        phone.host().pollNetwork();
        QTRY_COMPARE_WITH_TIMEOUT(log.networkStates(seen), QString("changed:resumed reconnecting recovered"), 10000);
        QVERIFY(log.network.back().afterMs < 5000);
        pbxBefore = pbxHeard->received;
        phoneBefore = phoneHeard->received;
        QTRY_VERIFY_WITH_TIMEOUT(
            pbxHeard->received >= pbxBefore + 50 && phoneHeard->received >= phoneBefore + 50, 10000);
        QVERIFY(!log.callEnded());
        QVERIFY(!pbx.callEnded());
    }
};

QTEST_GUILESS_MAIN(TestNetNetworkChange)
#include "tst_net_network_change.moc"
