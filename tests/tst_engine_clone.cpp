// Engine's cloning constructor (issue 22: fuzz_engine restores a reached state from a snapshot
// instead of re-running the handshake for every input). A pair of engines cloned at any point of
// a call — NEW in flight, mid-handshake, answered and encrypted — continues it (voice, DTMF, text,
// hold, RTKEY or the end-to-end ratchet, hangup, a registration refresh) byte for byte on the wire
// as the original pair does given copies of the same random sources, and whatever a clone does
// (or its destruction) leaves the original unaffected.
#include "sim/engine_pair.h"

#include <QtTest>

#include <sstream>

using namespace iax::core;
using namespace iax::sim;

namespace {

const PeerAddress kSpoofed { "10.6.6.6", 4569 };

// One line per event with the fields that tell two runs apart.
std::string summary(const EngineEvent& e)
{
    std::ostringstream o;
    o << e.index();
    if (auto* s = std::get_if<CallStateChanged>(&e))
        o << " call " << s->call << " " << stateName(s->state) << " " << s->end.reason;
    else if (auto* x = std::get_if<EncryptionStateChanged>(&e))
        o << " call " << x->call << " " << stateName(x->state);
    else if (auto* r = std::get_if<Rekey>(&e))
        o << " call " << r->call << " rekey " << int(r->direction);
    else if (auto* d = std::get_if<DtmfReceived>(&e))
        o << " call " << d->call << " dtmf " << d->digit << d->begin;
    else if (auto* t = std::get_if<TextReceived>(&e))
        o << " call " << t->call << " text " << t->text;
    else if (auto* v = std::get_if<VoiceReceived>(&e))
        o << " call " << v->call << " voice " << v->timestamp << " " << v->payload.size() << " "
          << int(v->payload.empty() ? 0 : v->payload.front());
    else if (auto* g = std::get_if<RegistrationStateChanged>(&e))
        o << " reg " << g->reg << " " << stateName(g->state) << " " << g->refresh;
    else if (auto* p = std::get_if<PeerRegistered>(&e))
        o << " peer " << p->username << " " << p->refresh;
    return o.str();
}

// Caller A (registered to B) and callee/registrar B on a link; B answers at once. A copy is a
// deep one (Engine's cloning constructor, copies of the random sources and of what is in flight)
// that records its own wire and events from the copy on.
struct World {
    SeededRandom rngA { 11 }, rngB { 12 };
    Engine a, b;
    SimNetwork net { 13 };
    std::vector<std::pair<PeerAddress, std::vector<std::uint8_t>>> wire; // since built or copied
    std::vector<std::string> eventsA, eventsB; // likewise
    std::optional<CallId> callA, callB;
    std::string modeBeforeHangup; // A's EncryptionDetails::mode just before continueCall()'s hangup

    World(const EngineConfig& ca, const EngineConfig& cb)
        : a(ca, rngA)
        , b(cb, rngB)
    {
        attach();
    }
    World(const World& o)
        : rngA(o.rngA)
        , rngB(o.rngB)
        , a(o.a, rngA)
        , b(o.b, rngB)
        , net(o.net)
        , callA(o.callA)
        , callB(o.callB)
    {
        attach();
    }
    World& operator=(const World&) = delete;

    void attach()
    {
        net.add(kA, a);
        net.add(kB, b);
        net.tap = [this](const PeerAddress& from, const Transmit& t) { wire.push_back({ from, t.bytes }); };
        net.onEvent = [this](const PeerAddress& node, const EngineEvent& e) {
            (node == kA ? eventsA : eventsB).push_back(summary(e));
            if (auto* in = std::get_if<IncomingCall>(&e); in && node == kB) {
                callB = in->call;
                b.answer(in->call, net.now());
            }
        };
    }
    std::size_t count(const std::vector<std::string>& events, const std::string& what) const
    {
        return std::size_t(std::count_if(
            events.begin(), events.end(), [&](const std::string& s) { return s.find(what) != std::string::npos; }));
    }

    // The rest of the call, from wherever it is: until 1.5 s after the dial the handshake runs,
    // then voice both ways (the 1 s rotation or ratchet steps the keys), DTMF and text both ways,
    // hold and unhold, a hangup from A, and long enough for A's registration refresh.
    void continueCall(Millis dialedAt)
    {
        net.run(dialedAt + Millis(1500));
        if (!callA || !callB)
            QFAIL("the call was not set up");
        const std::vector<std::uint8_t> voice(160, 0x5A);
        for (int i = 0; i < 150; ++i) {
            a.sendVoice(*callA, voice, 20, net.now());
            b.sendVoice(*callB, voice, 20, net.now());
            if (i == 40) {
                a.sendDtmf(*callA, '7', net.now());
                b.sendDtmf(*callB, '#', net.now());
                a.sendText(*callA, "clone", net.now());
            }
            if (i == 80)
                b.hold(*callB, true, net.now());
            if (i == 90)
                b.hold(*callB, false, net.now());
            net.run(net.now() + Millis(20));
        }
        if (auto stats = a.callStats(*callA))
            modeBeforeHangup = stats->encryption.mode;
        a.hangup(*callA, "bye", net.now());
        net.run(net.now() + Millis(60000));
        QVERIFY(!net.stalled());
    }
};

EngineConfig callee(bool e2e)
{
    UserConfig u = alice(EncryptionPolicy::Required);
    u.rotation.minInterval = u.rotation.maxInterval = Millis(1000);
    EngineConfig c = Pair::withUser({}, u);
    c.e2e = e2e;
    c.e2eRatchetInterval = Millis(1000);
    return c;
}

EngineConfig caller(bool e2e)
{
    EngineConfig c;
    c.e2e = e2e;
    c.e2eRatchetInterval = Millis(1000);
    return c;
}

} // namespace

class TestEngineClone : public QObject {
    Q_OBJECT
private slots:
    void cloneContinuesTheCallByteForByte_data()
    {
        QTest::addColumn<bool>("e2e");
        QTest::addColumn<int>("cloneAfterMs"); // after the dial
        for (bool e2e : { false, true })
            for (int ms : { 0, 30, 50, 70, 90, 400 }) // in flight: NEW, CALLTOKEN, NEW, AUTHREQ, AUTHREP; answered
                QTest::addRow("%s, cloned %d ms after the dial", e2e ? "e2e" : "aes128", ms) << e2e << ms;
    }
    void cloneContinuesTheCallByteForByte()
    {
        QFETCH(bool, e2e);
        QFETCH(int, cloneAfterMs);
        World original(caller(e2e), callee(e2e));
        RegistrationRequest reg;
        reg.server = kB;
        reg.username = "alice";
        reg.secret = kSecret;
        original.a.registerTo(reg, original.net.now());
        original.net.run(Millis(1000));
        QCOMPARE(original.count(original.eventsA, stateName(RegistrationState::Registered)), std::size_t(1));

        DialRequest d = aliceDial(kB, kSecret, EncryptionPolicy::Required);
        d.rotation.minInterval = d.rotation.maxInterval = Millis(1000);
        const Millis dialedAt = original.net.now();
        original.callA = original.a.dial(d, dialedAt);
        QVERIFY(original.callA);
        original.net.run(dialedAt + Millis(cloneAfterMs));

        // A clone that goes its own way (B hangs up at once, garbage to both) and is destroyed.
        {
            World rogue(original);
            rogue.net.run(rogue.net.now() + Millis(100));
            if (rogue.callB)
                rogue.b.hangup(*rogue.callB, "rogue", rogue.net.now());
            rogue.net.inject(kSpoofed, kA, std::vector<std::uint8_t>(40, 0x81));
            rogue.net.inject(kA, kB, std::vector<std::uint8_t>(64, 0x00));
            rogue.net.run(rogue.net.now() + Millis(30000));
        }
        World twin(original);
        original.wire.clear();
        original.eventsA.clear();
        original.eventsB.clear();

        original.continueCall(dialedAt);
        twin.continueCall(dialedAt);

        // The original did what was asked of it: an encrypted call with rotated keys, DTMF and
        // text both ways, hold, a hangup and a registration refresh.
        QCOMPARE(original.modeBeforeHangup, std::string(e2e ? "e2e" : "hop"));
        QVERIFY(original.count(original.eventsA, "rekey") >= 2 || e2e); // RTKEY (the e2e mode ratchets silently)
        QCOMPARE(original.count(original.eventsB, "dtmf 7"), std::size_t(2)); // begin and end
        QCOMPARE(original.count(original.eventsA, "dtmf #"), std::size_t(2));
        QCOMPARE(original.count(original.eventsB, "text clone"), std::size_t(1));
        QVERIFY(original.count(original.eventsA, " voice ") > 100);
        QVERIFY(original.count(original.eventsB, "hungup") == 1);
        QVERIFY(original.count(original.eventsB, "peer alice 60") >= 1); // the refresh
        QVERIFY(original.a.callCount() == 0 && original.b.callCount() == 0);

        // The clone did exactly the same, byte for byte.
        QCOMPARE(twin.wire.size(), original.wire.size());
        for (std::size_t i = 0; i < original.wire.size(); ++i) {
            QVERIFY2(twin.wire[i].first == original.wire[i].first, qPrintable(QString("datagram %1").arg(i)));
            QVERIFY2(twin.wire[i].second == original.wire[i].second, qPrintable(QString("datagram %1").arg(i)));
        }
        QCOMPARE(twin.eventsA, original.eventsA);
        QCOMPARE(twin.eventsB, original.eventsB);
        QCOMPARE(twin.a.counters().malformed, original.a.counters().malformed);
    }
};

QTEST_APPLESS_MAIN(TestEngineClone)
#include "tst_engine_clone.moc"
