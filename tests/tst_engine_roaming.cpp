// Issue 19, the engine's part of surviving a laptop's life, on the simulated link in virtual time:
// a live call follows its caller to a new address (also after a "sleep" without any network), a
// registration recovers within 5 s of the network returning (not after its backoff of minutes),
// retries come seconds apart after a network change, and the keepalive behind NAT re-registers
// every 25 s with APPARENT_ADDR reporting where the server sees us.
#include "sim/engine_pair.h"

#include <QtTest>

using namespace iax::core;
using namespace iax::sim;

namespace {

const PeerAddress kA2 { "10.0.0.3", 4569 }; // A after the network change

RegistrationRequest aliceRegistration(std::uint16_t refresh = 60, std::uint16_t keepalive = 0)
{
    RegistrationRequest r;
    r.server = kB;
    r.username = "alice";
    r.secret = kSecret;
    r.refreshSeconds = refresh;
    r.keepaliveSeconds = keepalive;
    return r;
}

// Events by engine rather than by address: A keeps its Node when it moves.
void followEngines(Pair& p)
{
    p.net.onEvent = [&p](const PeerAddress& node, const EngineEvent& e) {
        (node == kB ? p.nb : p.na).events.push_back(e);
        if (auto* in = std::get_if<IncomingCall>(&e); in && node == kB && p.autoAnswer)
            p.b.answer(in->call, p.net.now());
    };
}

// Times (virtual) of A's registration events in `state`.
std::vector<Millis> timesOf(const std::vector<std::pair<Millis, RegistrationStateChanged>>& log, RegistrationState s)
{
    std::vector<Millis> out;
    for (const auto& [t, e] : log)
        if (e.state == s)
            out.push_back(t);
    return out;
}

struct RegLog {
    std::vector<std::pair<Millis, RegistrationStateChanged>> events;
    void attach(Pair& p)
    {
        p.net.onEvent = [this, &p](const PeerAddress& node, const EngineEvent& e) {
            (node == kB ? p.nb : p.na).events.push_back(e);
            if (auto* r = std::get_if<RegistrationStateChanged>(&e); r && node != kB)
                events.push_back({ p.net.now(), *r });
        };
    }
    long registered() const { return long(timesOf(events, RegistrationState::Registered).size()); }
};

} // namespace

class TestEngineRoaming : public QObject {
    Q_OBJECT
private slots:
    void callFollowsAddressChange_data()
    {
        QTest::addColumn<int>("policy");
        QTest::addColumn<bool>("sleep");
        QTest::addRow("plain") << int(EncryptionPolicy::Off) << false;
        QTest::addRow("aes") << int(EncryptionPolicy::Required) << false;
        QTest::addRow("aes-after-sleep") << int(EncryptionPolicy::Required) << true;
    }
    void callFollowsAddressChange()
    {
        QFETCH(int, policy);
        QFETCH(bool, sleep);
        Pair p(alice(EncryptionPolicy(policy)));
        followEngines(p);
        const auto id = p.connect(p.dial(EncryptionPolicy(policy)));
        QVERIFY(id && p.answeredBoth());
        const CallId cb = p.calleeId();
        p.talk(*id, cb, Millis(1000));
        if (sleep) { // 20 s without any network (the lid closed), then a new address on resume
            p.net.cut(kA);
            p.net.run(p.net.now() + Millis(20000));
            p.net.restore(kA);
        }
        const auto aHeard = p.na.all<VoiceReceived>().size();
        const auto bHeard = p.nb.all<VoiceReceived>().size();
        // The host noticed the new address (or the resume) and tells the Engine; nobody else acts.
        p.net.move(kA, kA2);
        p.a.networkChanged(p.net.now());
        p.talk(*id, cb, Millis(2000)); // 100 frames each way
        const auto aAfter = p.na.all<VoiceReceived>().size() - aHeard;
        const auto bAfter = p.nb.all<VoiceReceived>().size() - bHeard;
        QVERIFY2(bAfter >= 95, qPrintable(QString("B heard %1 of 100 frames").arg(bAfter)));
        QVERIFY2(aAfter >= 95, qPrintable(QString("A heard %1 of 100 frames").arg(aAfter)));
        QCOMPARE(p.b.counters().peerMoved, std::uint64_t(1));
        QVERIFY(p.answeredBoth());
        if (EncryptionPolicy(policy) == EncryptionPolicy::Required) {
            QCOMPARE(p.na.lastEnc(), EncryptionState::Encrypted);
            QCOMPARE(p.nb.lastEnc(), EncryptionState::Encrypted);
        }
        // The peer followed: the call is not given up for silence after the move.
        p.talk(*id, cb, Engine::kMoveAnswerWait + Millis(1000));
        QVERIFY(p.answeredBoth());
        // B's frames go to the new address only; the call ends normally there.
        p.hangupAndDrain(*id);
        QCOMPARE(p.nb.lastState(), CallState::HungUp);
        QCOMPARE(p.b.callCount(), std::size_t(0));
    }

    void replayFromElsewhereDoesNotMoveTheCall()
    {
        // A's genuine (encrypted) full frames sent again from another host: out of sequence, so
        // the call stays where it is.
        Pair p(alice());
        followEngines(p);
        std::vector<std::vector<std::uint8_t>> fromA;
        p.net.tap = [&](const PeerAddress& from, const Transmit& t) {
            if (from == kA && (t.bytes[0] & 0x80))
                fromA.push_back(t.bytes);
        };
        const auto id = p.connect(p.dial());
        QVERIFY(id && p.answeredBoth());
        p.talk(*id, p.calleeId(), Millis(1000));
        p.net.tap = nullptr;
        for (const auto& bytes : fromA)
            p.net.inject({ "10.6.6.6", 4569 }, kB, bytes);
        p.net.run(p.net.now() + Millis(1000));
        QCOMPARE(p.b.counters().peerMoved, std::uint64_t(0));
        const auto heard = p.na.all<VoiceReceived>().size();
        p.talk(*id, p.calleeId(), Millis(1000));
        QVERIFY(p.na.all<VoiceReceived>().size() >= heard + 45); // B still sends to A
    }

    void peerThatDoesNotFollowEndsTheCallWithAReason()
    {
        // What Asterisk does (live, 2026-12-05): frames from the call's new source are dropped
        // ("Silently dropping frame without existent call number") and its own frames keep going
        // to the old address. The call ends 20 s after the change, saying why, instead of staying
        // silent until the retransmissions give up.
        Pair p(alice());
        followEngines(p);
        const auto id = p.connect(p.dial());
        QVERIFY(id && p.answeredBoth());
        const CallId cb = p.calleeId();
        p.talk(*id, cb, Millis(1000));
        p.net.mutate = [](const PeerAddress& from, Transmit&) { return from != kA2; };
        p.net.move(kA, kA2);
        const Millis moved = p.net.now();
        p.a.networkChanged(moved);
        p.talk(*id, cb, Engine::kMoveAnswerWait - Millis(1000));
        QCOMPARE(p.na.lastState(), CallState::Answered); // not before the wait
        p.net.run(moved + Engine::kMoveAnswerWait + Millis(100));
        QCOMPARE(p.na.lastState(), CallState::Failed);
        QVERIFY2(p.na.lastEnd()->reason.find("did not follow") != std::string::npos, p.na.lastEnd()->reason.c_str());
    }

    void registrationRecoversWithinFiveSeconds_data()
    {
        QTest::addColumn<bool>("announce");
        QTest::addRow("network change reported") << true;
        QTest::addRow("control: backoff alone") << false;
    }
    void registrationRecoversWithinFiveSeconds()
    {
        QFETCH(bool, announce);
        Pair p(alice());
        RegLog log;
        log.attach(p);
        p.a.registerTo(aliceRegistration(60), p.net.now());
        p.net.run(Millis(5000), [&] { return log.registered() >= 1; });
        QCOMPARE(log.registered(), 1L);
        // Ten minutes without a network: rounds fail and the backoff grows towards 5 minutes.
        p.net.cut(kA);
        p.net.run(p.net.now() + Millis(600000));
        QVERIFY(timesOf(log.events, RegistrationState::Failed).size() >= 4);
        // The network returns with a new address.
        p.net.restore(kA);
        p.net.move(kA, kA2);
        const Millis back = p.net.now();
        if (announce)
            p.a.networkChanged(back);
        p.net.run(back + Millis(5000), [&] { return log.registered() >= 2; });
        if (!announce) { // what the test guards against: the backoff alone leaves us unreachable
            QCOMPARE(log.registered(), 1L);
            return;
        }
        QCOMPARE(log.registered(), 2L);
        QVERIFY(timesOf(log.events, RegistrationState::Registered).back() - back <= Millis(5000));
        QCOMPARE(QString::fromStdString(log.events.back().second.apparentAddress), QString("10.0.0.3:4569"));
        QCOMPARE(p.b.registeredContact("alice").value_or(PeerAddress {}), kA2);
    }

    void retriesComeSecondsApartAfterANetworkChange()
    {
        Pair p(alice());
        RegLog log;
        log.attach(p);
        p.a.registerTo(aliceRegistration(60), p.net.now());
        p.net.run(Millis(5000), [&] { return log.registered() >= 1; });
        p.net.cut(kA);
        p.net.run(p.net.now() + Millis(300000)); // the backoff is at 20 s or more by now
        const auto before = timesOf(log.events, RegistrationState::Failed);
        QVERIFY(before.size() >= 3);
        const Millis changed = p.net.now();
        p.a.networkChanged(changed, Millis(3000)); // still no network: the address went away
        p.net.run(changed + Millis(300000));
        // Every round after the change starts at most 3 s after the previous one gave up.
        std::vector<Millis> failed, started;
        for (const auto& [t, e] : log.events) {
            if (t < changed)
                continue;
            if (e.state == RegistrationState::Failed)
                failed.push_back(t);
            else if (e.state == RegistrationState::Registering)
                started.push_back(t);
        }
        QVERIFY(failed.size() >= 5);
        for (std::size_t i = 0; i < failed.size() && i + 1 < started.size(); ++i)
            QVERIFY2(started[i + 1] - failed[i] <= Millis(3000),
                qPrintable(QString("round %1 retried after %2 ms").arg(i).arg((started[i + 1] - failed[i]).count())));
        // The first round starts at the change itself, not after the backoff.
        QVERIFY(!started.empty() && started.front() == changed);
        // After a REGACK the backoff is normal again (the cap ends with the network's return).
        p.net.restore(kA);
        p.net.run(p.net.now() + Millis(60000), [&] { return log.registered() >= 2; });
        QCOMPARE(log.registered(), 2L);
    }

    void refusedRegistrationStaysFailedAfterANetworkChange()
    {
        Pair p(alice());
        RegLog log;
        log.attach(p);
        RegistrationRequest r = aliceRegistration();
        r.secret = "not-the-secret";
        p.a.registerTo(r, p.net.now());
        p.net.run(Millis(10000), [&] { return !timesOf(log.events, RegistrationState::Failed).empty(); });
        QCOMPARE(log.events.back().second.failure, RegistrationFailure::Refused);
        const auto before = log.events.size();
        p.a.networkChanged(p.net.now()); // a new network does not make a wrong secret right
        p.net.run(p.net.now() + Millis(30000));
        QCOMPARE(log.events.size(), before);
    }

    void keepaliveReRegistersEvery25Seconds_data()
    {
        QTest::addColumn<int>("keepalive");
        QTest::addColumn<int>("expectedGapS");
        QTest::addRow("keepalive 25 s") << 25 << 25;
        QTest::addRow("off: 3/4 of the refresh") << 0 << 45;
    }
    void keepaliveReRegistersEvery25Seconds()
    {
        QFETCH(int, keepalive);
        QFETCH(int, expectedGapS);
        Pair p(alice());
        RegLog log;
        log.attach(p);
        p.a.registerTo(aliceRegistration(60, std::uint16_t(keepalive)), p.net.now());
        p.net.run(Millis(300000));
        const auto acks = timesOf(log.events, RegistrationState::Registered);
        QVERIFY(acks.size() >= std::size_t(300 / expectedGapS));
        for (std::size_t i = 1; i < acks.size(); ++i) {
            const auto gap = (acks[i] - acks[i - 1]).count();
            QVERIFY2(gap >= expectedGapS * 1000 && gap <= expectedGapS * 1000 + 1000,
                qPrintable(QString("REGACKs %1 ms apart").arg(gap)));
        }
        QCOMPARE(QString::fromStdString(log.events.back().second.apparentAddress), QString("10.0.0.1:4569"));
    }
};

QTEST_GUILESS_MAIN(TestEngineRoaming)
#include "tst_engine_roaming.moc"
