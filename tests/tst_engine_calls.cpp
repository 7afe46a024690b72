// Two Engines on a simulated link with a virtual clock: calls with MD5/RSA auth and AES-128,
// key rotation, loss, give-up, vanishing peers, policies, hostile input.
#include "sim/sim_link.h"

#include <QtTest>

using namespace iax::core;
using iax::sim::LinkProfile;
using iax::sim::SimNetwork;

namespace {
const PeerAddress kA { "10.0.0.1", 4569 };
const PeerAddress kB { "10.0.0.2", 4569 };
const char* kSecret = "s3cret-for-tests";

struct Node {
    std::vector<EngineEvent> events;
    template<class T> std::vector<T> all() const
    {
        std::vector<T> out;
        for (const auto& e : events)
            if (auto* p = std::get_if<T>(&e))
                out.push_back(*p);
        return out;
    }
    std::optional<CallState> lastState() const
    {
        auto s = all<CallStateChanged>();
        return s.empty() ? std::nullopt : std::optional<CallState>(s.back().state);
    }
    std::optional<EncryptionState> lastEnc() const
    {
        auto s = all<EncryptionStateChanged>();
        return s.empty() ? std::nullopt : std::optional<EncryptionState>(s.back().state);
    }
};

// Caller A and callee B; B answers automatically when `autoAnswer`.
struct Pair {
    SeededRandom rngA { 1 }, rngB { 2 };
    Engine a;
    Engine b;
    SimNetwork net;
    Node na, nb;
    bool autoAnswer = true;
    std::vector<std::pair<PeerAddress, Transmit>> wire;

    explicit Pair(UserConfig user, std::uint64_t seed = 7)
        : a(EngineConfig {}, rngA)
        , b(EngineConfig { { std::move(user) } }, rngB)
        , net(seed)
    {
        net.add(kA, a);
        net.add(kB, b);
        net.tap = [this](const PeerAddress& from, const Transmit& t) { wire.push_back({ from, t }); };
        net.onEvent = [this](const PeerAddress& node, const EngineEvent& e) {
            (node == kA ? na : nb).events.push_back(e);
            if (auto* in = std::get_if<IncomingCall>(&e); in && node == kB && autoAnswer)
                b.answer(in->call, net.now());
        };
    }
    DialRequest dial(EncryptionPolicy policy = EncryptionPolicy::Required)
    {
        DialRequest r;
        r.peer = kB;
        r.username = "alice";
        r.secret = kSecret;
        r.calledNumber = "600";
        r.encryption = policy;
        r.codecs = { Codec::Ulaw, Codec::Alaw };
        return r;
    }
    bool answeredBoth() const { return na.lastState() == CallState::Answered && nb.lastState() == CallState::Answered; }
};

UserConfig alice(EncryptionPolicy policy = EncryptionPolicy::Required)
{
    UserConfig u;
    u.username = "alice";
    u.secret = kSecret;
    u.encryption = policy;
    return u;
}

// Voice both ways every 20 ms for `ms`, running the network.
void talk(Pair& p, CallId ca, std::optional<CallId> cb, Millis ms)
{
    const Millis end = p.net.now() + ms;
    std::vector<std::uint8_t> payload(160, 0x55);
    while (p.net.now() < end) {
        p.a.sendVoice(ca, payload, 20, p.net.now());
        if (cb)
            p.b.sendVoice(*cb, payload, 20, p.net.now());
        p.net.run(p.net.now() + Millis(20));
    }
}

CallId calleeId(const Node& n)
{
    return n.all<IncomingCall>().at(0).call;
}
} // namespace

class TestEngineCalls : public QObject {
    Q_OBJECT
private slots:
    void encryptedMd5CallEndToEnd()
    {
        Pair p(alice());
        auto id = p.a.dial(p.dial(), p.net.now());
        QVERIFY(id);
        p.net.run(Millis(2000), [&] { return p.answeredBoth(); });
        QVERIFY(p.answeredBoth());
        const CallId cb = calleeId(p.nb);
        talk(p, *id, cb, Millis(1000));
        QCOMPARE(p.na.lastEnc(), EncryptionState::Encrypted);
        QCOMPARE(p.nb.lastEnc(), EncryptionState::Encrypted);
        // Encrypted is never reported before both directions are proven.
        for (const auto& n : { &p.na, &p.nb })
            for (const auto& e : n->all<EncryptionStateChanged>())
                if (e.state == EncryptionState::Encrypted)
                    QVERIFY(e.details.rxProven && e.details.txProven);
        QVERIFY(p.a.sendDtmf(*id, '7', p.net.now()));
        QVERIFY(p.a.sendText(*id, "hello", p.net.now()));
        p.net.run(p.net.now() + Millis(500));
        auto dtmf = p.nb.all<DtmfReceived>();
        QCOMPARE(dtmf.size(), size_t(2));
        QCOMPARE(dtmf[0].digit, '7');
        QCOMPARE(p.nb.all<TextReceived>().at(0).text, std::string("hello"));
        QVERIFY(p.nb.all<VoiceReceived>().size() >= 45);
        QVERIFY(p.na.all<VoiceReceived>().size() >= 45);
        QCOMPARE(p.na.all<CallAccepted>().at(0).format, Codec::Ulaw);
        // Callee rotated (caller advertised 0x8000 in NEW); caller rotated after the callee's RTKEY.
        QVERIFY(!p.nb.all<Rekey>().empty());
        QVERIFY(!p.na.all<Rekey>().empty());
        p.a.hangup(*id, "bye", p.net.now());
        p.net.run(p.net.now() + Millis(5000));
        QCOMPARE(p.na.lastState(), CallState::HungUp);
        QCOMPARE(p.nb.lastState(), CallState::HungUp);
        QCOMPARE(p.a.callCount(), size_t(0));
        QCOMPARE(p.b.callCount(), size_t(0));
        // Nothing after NEW/CALLTOKEN/AUTHREQ travels in clear: every full frame on the wire from
        // AUTHREP on fails to decode as a plausible clear frame of the call's sequence.
        int clearAfterAuth = 0;
        bool authreqSeen = false;
        for (const auto& [from, t] : p.wire) {
            auto d = decodeDatagram(t.bytes);
            if (d)
                if (auto* f = std::get_if<FullFrame>(&*d)) {
                    if (f->isIax(IaxCommand::AuthReq)) {
                        authreqSeen = true;
                        continue;
                    }
                    if (authreqSeen
                        && (f->type == std::uint8_t(FrameType::Voice) || f->type == std::uint8_t(FrameType::DtmfBegin)
                            || f->type == std::uint8_t(FrameType::DtmfEnd))
                        && f->timestamp < 100000 && f->payload.size() == 160)
                        ++clearAfterAuth;
                }
        }
        QVERIFY(authreqSeen);
        QCOMPARE(clearAfterAuth, 0);
    }

    void lossyLinkWithRotationEverySecond()
    {
        UserConfig u = alice();
        u.rotation.minInterval = u.rotation.maxInterval = Millis(1000);
        Pair p(u, 99);
        p.net.setProfile({ Millis(30), Millis(40), 0.20, 0.05 });
        DialRequest d = p.dial();
        d.rotation.minInterval = d.rotation.maxInterval = Millis(1000);
        auto id = p.a.dial(d, p.net.now());
        p.net.run(Millis(30000), [&] { return p.answeredBoth(); });
        QVERIFY(p.answeredBoth());
        const CallId cb = calleeId(p.nb);
        for (int i = 0; i < 10; ++i) {
            QVERIFY(p.a.sendDtmf(*id, char('0' + i), p.net.now()));
            talk(p, *id, cb, Millis(2000));
        }
        p.net.run(p.net.now() + Millis(20000));
        QCOMPARE(p.na.lastState(), CallState::Answered);
        QCOMPARE(p.nb.lastState(), CallState::Answered);
        QCOMPARE(p.na.lastEnc(), EncryptionState::Encrypted);
        // Every DTMF (reliable control frames) arrives exactly once, in order, across key changes.
        std::string digits;
        for (const auto& d2 : p.nb.all<DtmfReceived>())
            if (!d2.begin)
                digits += d2.digit;
        QCOMPARE(QString::fromStdString(digits), QString("0123456789"));
        // Hang up, then compare what each side counted: HANGUP is delivered in order after every RTKEY.
        p.a.hangup(*id, "done", p.net.now());
        p.net.run(p.net.now() + Millis(60000), [&] { return p.a.callCount() == 0 && p.b.callCount() == 0; });
        const auto sa = p.na.all<CallFinished>().at(0).stats;
        const auto sb = p.nb.all<CallFinished>().at(0).stats;
        QVERIFY(sa.encryption.rekeysSent >= 5);
        QVERIFY(sb.encryption.rekeysSent >= 5);
        // Every RTKEY is a reliable frame: all but the last few still in flight at hangup arrived,
        // and not one frame failed to decrypt across ~40 key changes each way.
        QVERIFY(sa.encryption.rekeysReceived <= sb.encryption.rekeysSent);
        QVERIFY(sa.encryption.rekeysReceived >= sb.encryption.rekeysSent - 3);
        QVERIFY(sb.encryption.rekeysReceived <= sa.encryption.rekeysSent);
        QVERIFY(sb.encryption.rekeysReceived >= sa.encryption.rekeysSent - 3);
        QCOMPARE(sa.encryption.decryptFailures, 0);
        QCOMPARE(sb.encryption.decryptFailures, 0);
        QVERIFY(sa.retransmits > 0);
    }

    void wrongSecretIsAuthFailureNotAHang()
    {
        Pair p(alice());
        DialRequest d = p.dial();
        d.secret = "wrong";
        auto id = p.a.dial(d, p.net.now());
        p.net.run(Millis(60000), [&] { return p.a.callCount() == 0; });
        auto states = p.na.all<CallStateChanged>();
        QVERIFY(!states.empty());
        QCOMPARE(states.back().end.kind, CallEnd::Kind::AuthFailed);
        QVERIFY(p.net.now() < Millis(5000));
        QCOMPARE(p.nb.all<IncomingCall>().size(), size_t(0));
        Q_UNUSED(id);
    }

    void mdFiveWithoutEncryptionWrongSecret()
    {
        Pair p(alice(EncryptionPolicy::Off));
        DialRequest d = p.dial(EncryptionPolicy::Off);
        d.secret = "wrong";
        p.a.dial(d, p.net.now());
        p.net.run(Millis(60000), [&] { return p.a.callCount() == 0; });
        QCOMPARE(p.na.all<CallStateChanged>().back().end.kind, CallEnd::Kind::AuthFailed);
    }

    void peerStripsEncryption_data()
    {
        QTest::addColumn<int>("policy");
        QTest::newRow("opportunistic") << int(EncryptionPolicy::Opportunistic);
        QTest::newRow("required") << int(EncryptionPolicy::Required);
    }
    void peerStripsEncryption()
    {
        QFETCH(int, policy);
        Pair p(alice(EncryptionPolicy::Off)); // callee ignores ENCRYPTION, like a peer that strips it
        auto id = p.a.dial(p.dial(EncryptionPolicy(policy)), p.net.now());
        p.net.run(Millis(3000), [&] { return p.answeredBoth() || p.a.callCount() == 0; });
        if (EncryptionPolicy(policy) == EncryptionPolicy::Opportunistic) {
            QVERIFY(p.answeredBoth());
            QCOMPARE(p.na.lastEnc(), EncryptionState::Off); // visibly unencrypted
            QVERIFY(p.a.sendDtmf(*id, '1', p.net.now()));
            return;
        }
        // Required: refused before any voice or DTMF, and the wire proves it.
        QCOMPARE(p.na.all<CallStateChanged>().back().end.kind, CallEnd::Kind::EncryptionRefused);
        std::string why;
        QVERIFY(!p.a.sendDtmf(*id, '1', p.net.now(), &why));
        QVERIFY(!p.a.sendVoice(*id, std::vector<std::uint8_t>(160, 1), 20, p.net.now(), &why));
        p.net.run(p.net.now() + Millis(5000));
        for (const auto& [from, t] : p.wire) {
            if (!(from == kA))
                continue;
            auto d = decodeDatagram(t.bytes);
            QVERIFY(d.ok());
            QVERIFY(!std::holds_alternative<MiniFrame>(*d));
            const auto& f = std::get<FullFrame>(*d);
            QVERIFY(f.type != std::uint8_t(FrameType::Voice));
            QVERIFY(f.type != std::uint8_t(FrameType::DtmfBegin) && f.type != std::uint8_t(FrameType::DtmfEnd));
        }
    }

    void noRtkeyWithoutProof()
    {
        // Callee that never rotates (rotation off, like Asterisk without 0x8000): the caller
        // must never send RTKEY, however long the call.
        UserConfig u = alice();
        u.rotation.enabled = false;
        Pair p(u);
        DialRequest d = p.dial();
        d.rotation.minInterval = d.rotation.maxInterval = Millis(500);
        auto id = p.a.dial(d, p.net.now());
        p.net.run(Millis(3000), [&] { return p.answeredBoth(); });
        talk(p, *id, calleeId(p.nb), Millis(5000));
        QCOMPARE(p.a.callStats(*id)->encryption.rekeysSent, 0);
        QCOMPARE(p.b.callStats(calleeId(p.nb))->encryption.rekeysSent, 0);
        QCOMPARE(p.na.lastEnc(), EncryptionState::Encrypted);
        // And a caller that does not advertise 0x8000 never receives one either.
        UserConfig u2 = alice();
        Pair q(u2);
        DialRequest d2 = q.dial();
        d2.rotation.enabled = false;
        auto id2 = q.a.dial(d2, q.net.now());
        q.net.run(Millis(3000), [&] { return q.answeredBoth(); });
        talk(q, *id2, calleeId(q.nb), Millis(3000));
        QCOMPARE(q.b.callStats(calleeId(q.nb))->encryption.rekeysSent, 0);
        QCOMPARE(q.a.callStats(*id2)->encryption.rekeysReceived, 0);
    }

    void oneHourCallWithKeepalives()
    {
        Pair p(alice());
        p.net.setProfile({ Millis(25), Millis(10), 0.02, 0 });
        auto id = p.a.dial(p.dial(), p.net.now());
        p.net.run(Millis(5000), [&] { return p.answeredBoth(); });
        QVERIFY(p.answeredBoth());
        p.net.run(p.net.now() + Millis(3600 * 1000));
        QCOMPARE(p.na.lastState(), CallState::Answered);
        QCOMPARE(p.nb.lastState(), CallState::Answered);
        const auto s = *p.a.callStats(*id);
        QVERIFY2(s.rttMs >= 50 && s.rttMs < 200, qPrintable(QString("rtt %1").arg(s.rttMs)));
        // The peer's receiver report (RR_* IEs in its PONG) was read.
        QVERIFY(s.peerJitterMs >= 0);
        QVERIFY(s.peerLossPercent >= 0);
        QVERIFY(s.peerPackets >= 0);
        QVERIFY(p.a.pendingTransmits() == 0);
    }

    void serverThatNeverAnswers()
    {
        SeededRandom rng(3);
        Engine a(EngineConfig {}, rng);
        SimNetwork net(1);
        net.add(kA, a);
        Node na;
        net.onEvent = [&](const PeerAddress&, const EngineEvent& e) { na.events.push_back(e); };
        DialRequest d;
        d.peer = kB; // nobody there
        d.secret = kSecret;
        a.dial(d, net.now());
        net.run(Millis(120000));
        QCOMPARE(na.all<CallStateChanged>().back().end.kind, CallEnd::Kind::Unreachable);
        QCOMPARE(a.callCount(), size_t(0));
        RegistrationRequest r;
        r.server = kB;
        r.username = "u";
        r.secret = kSecret;
        a.registerTo(r, net.now());
        net.run(net.now() + Millis(60000));
        // It fails with a clear reason, then retries with backoff (a new round starts).
        auto regs = na.all<RegistrationStateChanged>();
        auto failed = std::find_if(
            regs.begin(), regs.end(), [](const auto& r) { return r.state == RegistrationState::Failed; });
        QVERIFY(failed != regs.end());
        QVERIFY(QString::fromStdString(failed->reason).contains("unreachable"));
        QVERIFY(std::count_if(failed, regs.end(), [](const auto& r) {
            return r.state == RegistrationState::Registering;
        }) >= 1);
    }

    void peerVanishesMidCall()
    {
        Pair p(alice());
        auto id = p.a.dial(p.dial(), p.net.now());
        p.net.run(Millis(3000), [&] { return p.answeredBoth(); });
        QVERIFY(p.answeredBoth());
        p.net.cut(kB);
        p.net.run(p.net.now() + Millis(300000), [&] { return p.a.callCount() == 0; });
        QCOMPARE(p.na.all<CallStateChanged>().back().end.kind, CallEnd::Kind::Unreachable);
        Q_UNUSED(id);
    }

    void hostileInputIsCountedAndDropped()
    {
        Pair p(alice());
        // A flood of NEWs without tokens: no state, each counted.
        for (int i = 0; i < 500; ++i) {
            FullFrame f;
            f.scall = std::uint16_t(100 + i);
            f.type = std::uint8_t(FrameType::Iax);
            f.subclass = std::int64_t(IaxCommand::New);
            IeList ies;
            ies.addString(IeId::Username, "alice");
            f.payload = ies.encode();
            p.net.inject(PeerAddress { "10.9.9.9", std::uint16_t(1000 + i) }, kB, encode(f));
        }
        // Forged tokens are refused too.
        FullFrame forged;
        forged.scall = 77;
        forged.type = std::uint8_t(FrameType::Iax);
        forged.subclass = std::int64_t(IaxCommand::New);
        IeList fi;
        fi.addString(IeId::Username, "alice").addString(IeId::CallToken, "0?deadbeef");
        forged.payload = fi.encode();
        p.net.inject(PeerAddress { "10.9.9.9", 2 }, kB, encode(forged));
        // Garbage, frames for unknown calls, absurd seqnos.
        SeededRandom g(5);
        for (int i = 0; i < 2000; ++i) {
            std::vector<std::uint8_t> junk(g.uniform(0, 80));
            g.fill(junk);
            p.net.inject(PeerAddress { "10.9.9.8", 5 }, kB, junk);
        }
        p.net.run(Millis(1000));
        QCOMPARE(p.b.callCount(), size_t(0));
        QCOMPARE(p.b.counters().untokenedNew, std::uint64_t(500));
        QCOMPARE(p.b.counters().badToken, std::uint64_t(1));
        QVERIFY(p.b.counters().malformed + p.b.counters().unknownCall > 1000);
        // A real call still works afterwards, and spoofed frames for it are dropped.
        auto id = p.a.dial(p.dial(), p.net.now());
        p.net.run(p.net.now() + Millis(3000), [&] { return p.answeredBoth(); });
        QVERIFY(p.answeredBoth());
        FullFrame spoof;
        spoof.scall = 1;
        spoof.dcall = std::uint16_t(calleeId(p.nb));
        spoof.type = std::uint8_t(FrameType::Iax);
        spoof.subclass = std::int64_t(IaxCommand::Hangup);
        p.net.inject(PeerAddress { "10.6.6.6", 4569 }, kB, encode(spoof));
        p.net.run(p.net.now() + Millis(500));
        QCOMPARE(p.nb.lastState(), CallState::Answered);
        QVERIFY(p.b.counters().spoofed >= 1);
        Q_UNUSED(id);
    }

    void rsaAuthWithAes()
    {
        auto priv = RsaKey::privateFromFile(IAX_TEST_DATA "/interop/rsa-aes128/keys/iaxA.key");
        auto pub = RsaKey::publicFromFile(IAX_TEST_DATA "/interop/rsa-aes128/keys/iaxA.pub");
        QVERIFY(priv.ok() && pub.ok());
        UserConfig u = alice();
        u.authMethods = AuthMethod::Rsa;
        u.inkeys.push_back(std::make_shared<RsaKey>(std::move(pub).value()));
        Pair p(u);
        DialRequest d = p.dial();
        d.outkey = std::make_shared<RsaKey>(std::move(priv).value());
        auto id = p.a.dial(d, p.net.now());
        p.net.run(Millis(3000), [&] { return p.answeredBoth(); });
        QVERIFY(p.answeredBoth());
        talk(p, *id, calleeId(p.nb), Millis(500));
        QCOMPARE(p.na.lastEnc(), EncryptionState::Encrypted);
        QCOMPARE(p.a.callStats(*id)->encryption.auth, std::string("rsa"));
        // RSA+AES without the secret: a clear error, not a hang.
        Pair q(u);
        DialRequest d2 = q.dial();
        d2.outkey = d.outkey;
        d2.secret.clear();
        q.a.dial(d2, q.net.now());
        q.net.run(Millis(30000), [&] { return q.a.callCount() == 0; });
        const auto end = q.na.all<CallStateChanged>().back().end;
        QCOMPARE(end.kind, CallEnd::Kind::EncryptionRefused);
        QVERIFY(QString::fromStdString(end.reason).contains("secret"));
    }

    void undecryptableFramesEndTheCallClearly()
    {
        Pair p(alice());
        auto id = p.a.dial(p.dial(), p.net.now());
        p.net.run(Millis(3000), [&] { return p.answeredBoth(); });
        QVERIFY(p.answeredBoth());
        // Frames "from B" (right address, right call numbers) that no key decrypts.
        SeededRandom g(3);
        const CallId cb = calleeId(p.nb);
        for (int i = 0; i < 40; ++i) {
            std::vector<std::uint8_t> junk(4 + 48);
            g.fill(junk);
            junk[0] = std::uint8_t(0x80 | (cb >> 8));
            junk[1] = std::uint8_t(cb & 0xFF);
            junk[2] = std::uint8_t((*id >> 8) & 0x7F);
            junk[3] = std::uint8_t(*id & 0xFF);
            p.net.inject(kB, kA, junk);
            p.net.run(p.net.now() + Millis(20));
        }
        p.net.run(p.net.now() + Millis(5000), [&] { return p.a.callCount() == 0; });
        const auto end = p.na.all<CallStateChanged>().back().end;
        QCOMPARE(int(end.kind), int(CallEnd::Kind::EncryptionFailure));
        QCOMPARE(p.na.lastEnc(), EncryptionState::Failed);
        QVERIFY(p.na.all<CallFinished>().at(0).stats.encryption.decryptFailures >= 20);
    }

    void registerToOurRegistrarUnderLoss()
    {
        Pair p(alice());
        p.net.setProfile({ Millis(20), Millis(10), 0.2, 0.05 });
        RegistrationRequest r;
        r.server = kB;
        r.username = "alice";
        r.secret = kSecret;
        r.refreshSeconds = 30;
        const RegId id = p.a.registerTo(r, p.net.now());
        auto registered = [&] {
            auto s = p.na.all<RegistrationStateChanged>();
            return std::count_if(
                s.begin(), s.end(), [](const auto& x) { return x.state == RegistrationState::Registered; });
        };
        p.net.run(Millis(60000), [&] { return registered() >= 1; });
        QVERIFY(registered() >= 1);
        QCOMPARE(p.b.registeredContact("alice").value_or(PeerAddress {}), kA);
        // Refreshes keep it alive for ten minutes.
        p.net.run(p.net.now() + Millis(600000));
        QVERIFY(registered() >= 15);
        QVERIFY(p.b.registeredContact("alice").has_value());
        QVERIFY(p.b.pendingTransmits() == 0);
        // Wrong secret: REGREJ, a clear failure.
        Pair q(alice());
        r.secret = "wrong";
        q.a.registerTo(r, q.net.now());
        q.net.run(Millis(10000));
        auto s = q.na.all<RegistrationStateChanged>();
        QVERIFY(!s.empty());
        QCOMPARE(int(s.back().state), int(RegistrationState::Failed));
        QVERIFY(QString::fromStdString(s.back().reason).contains("rejected"));
        QVERIFY(!q.b.registeredContact("alice"));
        // Unregister (REGREL).
        p.a.unregister(id, p.net.now());
        p.net.run(p.net.now() + Millis(60000), [&] { return !p.b.registeredContact("alice"); });
        QVERIFY(!p.b.registeredContact("alice"));
    }

    void cancelRejectAndHold()
    {
        // Cancel while ringing: the callee rings but does not answer; the caller hangs up.
        Pair p(alice());
        p.autoAnswer = false;
        auto id = p.a.dial(p.dial(), p.net.now());
        p.net.run(Millis(3000), [&] { return !p.nb.all<IncomingCall>().empty(); });
        QVERIFY(p.b.ring(calleeId(p.nb), p.net.now()));
        p.net.run(p.net.now() + Millis(500));
        QCOMPARE(p.na.lastState(), CallState::Ringing);
        QVERIFY(p.a.hangup(*id, "cancelled", p.net.now()));
        p.net.run(p.net.now() + Millis(10000), [&] { return p.b.callCount() == 0; });
        QCOMPARE(p.nb.lastState(), CallState::HungUp);
        QCOMPARE(p.b.callCount(), size_t(0));

        // Reject: the caller learns the cause.
        Pair q(alice());
        q.autoAnswer = false;
        auto id2 = q.a.dial(q.dial(), q.net.now());
        q.net.run(Millis(3000), [&] { return !q.nb.all<IncomingCall>().empty(); });
        QVERIFY(q.b.reject(calleeId(q.nb), "Busy here", q.net.now()));
        q.net.run(q.net.now() + Millis(5000), [&] { return q.a.callCount() == 0; });
        const auto end = q.na.all<CallStateChanged>().back();
        QCOMPARE(end.state, CallState::Rejected);
        QCOMPARE(end.end.reason, std::string("Busy here"));
        Q_UNUSED(id2);

        // Hold and unhold reach the peer.
        Pair h(alice());
        auto id3 = h.a.dial(h.dial(), h.net.now());
        h.net.run(Millis(3000), [&] { return h.answeredBoth(); });
        QVERIFY(h.a.hold(*id3, true, h.net.now()));
        QVERIFY(h.a.hold(*id3, false, h.net.now()));
        h.net.run(h.net.now() + Millis(500));
        const auto holds = h.nb.all<HoldChanged>();
        QCOMPARE(holds.size(), size_t(2));
        QVERIFY(holds[0].held && !holds[1].held);
    }

    void callerPreferenceOrderHonoured()
    {
        UserConfig u = alice();
        u.codecs = { Codec::Ulaw, Codec::Alaw, Codec::Opus };
        Pair p(u);
        DialRequest d = p.dial();
        d.codecs = { Codec::Opus, Codec::Alaw };
        p.a.dial(d, p.net.now());
        p.net.run(Millis(3000), [&] { return p.answeredBoth(); });
        QCOMPARE(p.na.all<CallAccepted>().at(0).format, Codec::Opus);
        QCOMPARE(p.nb.all<IncomingCall>().at(0).format, Codec::Opus);
    }
};

QTEST_GUILESS_MAIN(TestEngineCalls)
#include "tst_engine_calls.moc"
