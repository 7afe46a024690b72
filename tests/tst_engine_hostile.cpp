// Bad input: garbage and truncated datagrams, frames for unknown calls, absurd sequence numbers,
// spoofed sources, floods of NEW without (or with forged/expired) call tokens. Everything is
// counted and dropped, and no call state is ever allocated for an un-tokened NEW.
#include "sim/engine_pair.h"

#include <QtTest>

#include <set>

using namespace iax::core;
using namespace iax::sim;

namespace {

std::vector<std::uint8_t> newFrame(std::uint16_t scall, const std::optional<std::string>& token)
{
    FullFrame f;
    f.scall = scall;
    f.type = std::uint8_t(FrameType::Iax);
    f.subclass = std::int64_t(IaxCommand::New);
    IeList ies;
    ies.addU16(IeId::Version, 2).addString(IeId::Username, "alice").addString(IeId::CalledNumber, "600");
    if (token)
        ies.addString(IeId::CallToken, *token);
    f.payload = ies.encode();
    return encode(f);
}

// The CALLTOKEN that B sent to `to` last, if any.
std::optional<std::string> tokenFor(const Pair& p, const PeerAddress& to)
{
    std::optional<std::string> out;
    for (const auto& [from, t] : p.wire)
        if (from == kB && t.to == to)
            if (auto f = decodeFullFrame(t.bytes); f && f->isIax(IaxCommand::CallToken))
                out = f->ies()->getString(IeId::CallToken);
    return out;
}

// A REGREQ (or another unaddressed IAX request such as POKE) from call number `scall`; the
// CALLTOKEN IE last when `token` is given ("" asks for one).
std::vector<std::uint8_t> requestFrame(IaxCommand c, std::uint16_t scall, const std::string& user,
    const std::optional<std::string>& token, std::uint8_t oseq = 0)
{
    FullFrame f;
    f.scall = scall;
    f.oseqno = oseq;
    f.type = std::uint8_t(FrameType::Iax);
    f.subclass = std::int64_t(c);
    IeList ies;
    if (!user.empty())
        ies.addString(IeId::Username, user).addU16(IeId::Refresh, 60);
    if (token)
        ies.addString(IeId::CallToken, *token);
    f.payload = ies.encode();
    return encode(f);
}

// Asks B for a call token from `from` (with a REGREQ) and returns it.
std::string fetchToken(Pair& p, const PeerAddress& from)
{
    p.net.inject(from, kB, requestFrame(IaxCommand::RegReq, 9, "alice", std::string()));
    p.net.run(p.net.now() + Millis(1));
    return tokenFor(p, from).value_or("");
}

// How many datagrams B sent to `to` that decode as IAX `c`.
int sentTo(const Pair& p, const PeerAddress& to, IaxCommand c)
{
    int n = 0;
    for (const auto& [from, t] : p.wire)
        if (auto f = decodeFullFrame(t.bytes); from == kB && t.to == to && f && f->isIax(c))
            ++n;
    return n;
}

long registered(const Node& n)
{
    auto v = n.all<RegistrationStateChanged>();
    return std::count_if(v.begin(), v.end(), [](const auto& x) { return x.state == RegistrationState::Registered; });
}

RegistrationRequest aliceAtB()
{
    RegistrationRequest r;
    r.server = kB;
    r.username = "alice";
    r.secret = kSecret;
    return r;
}

} // namespace

class TestEngineHostile : public QObject {
    Q_OBJECT
private slots:
    void floodOfUntokenedNew()
    {
        Pair p(alice());
        for (int i = 0; i < 1000; ++i)
            p.net.inject(PeerAddress { "10.9.9.9", std::uint16_t(1000 + i) }, kB,
                newFrame(std::uint16_t(100 + i), std::nullopt));
        p.net.run(Millis(1000));
        QCOMPARE(p.b.callCount(), size_t(0));
        QCOMPARE(p.b.registrationCount(), size_t(0));
        QCOMPARE(p.b.counters().untokenedNew, std::uint64_t(1000));
        QCOMPARE(p.b.nextDeadline().has_value(), false); // no timers either: nothing was kept
        // Asking for a token allocates nothing either.
        for (int i = 0; i < 1000; ++i)
            p.net.inject(PeerAddress { "10.9.9.7", std::uint16_t(1000 + i) }, kB,
                newFrame(std::uint16_t(100 + i), std::string()));
        p.net.run(Millis(2000));
        QCOMPARE(p.b.callCount(), size_t(0));
        QCOMPARE(p.b.counters().tokensIssued, std::uint64_t(1000));
        QVERIFY(!p.b.nextDeadline());
    }

    void forgedReplayedAndExpiredTokens()
    {
        Pair p(alice());
        const PeerAddress m { "10.9.9.9", 5000 };
        p.net.inject(m, kB, newFrame(77, std::string()));
        p.net.run(Millis(100));
        auto token = tokenFor(p, m);
        QVERIFY(token && token->find('?') != std::string::npos);
        // Forged: wrong MAC; another address reusing m's token; malformed.
        std::string forged = *token;
        forged.back() = forged.back() == '0' ? '1' : '0';
        p.net.inject(m, kB, newFrame(78, forged));
        p.net.inject(PeerAddress { "10.9.9.10", 5000 }, kB, newFrame(79, *token));
        p.net.inject(m, kB, newFrame(80, "garbage"));
        p.net.inject(m, kB, newFrame(81, "0?deadbeef"));
        p.net.run(Millis(200));
        QCOMPARE(p.b.counters().badToken, std::uint64_t(4));
        QCOMPARE(p.b.callCount(), size_t(0));
        // Expired: the genuine token 20 s later.
        p.net.run(Millis(20000));
        p.net.inject(m, kB, newFrame(82, *token));
        p.net.run(p.net.now() + Millis(100));
        QCOMPARE(p.b.counters().expiredToken, std::uint64_t(1));
        QCOMPARE(p.b.callCount(), size_t(0));
        // A fresh genuine token from the right address opens exactly one call (and its
        // retransmission does not open a second one).
        p.net.inject(m, kB, newFrame(83, std::string()));
        p.net.run(p.net.now() + Millis(100));
        token = tokenFor(p, m);
        p.net.inject(m, kB, newFrame(84, *token));
        p.net.inject(m, kB, newFrame(84, *token));
        p.net.run(p.net.now() + Millis(100));
        QCOMPARE(p.b.callCount(), size_t(1));
    }

    void garbageAndTruncatedDatagrams()
    {
        Pair p(alice());
        SeededRandom g(5);
        for (int i = 0; i < 5000; ++i) {
            std::vector<std::uint8_t> junk(g.uniform(0, 120));
            g.fill(junk);
            p.net.inject(PeerAddress { "10.9.9.8", 5 }, kB, junk);
        }
        for (std::size_t n = 0; n < 12; ++n)
            p.net.inject(PeerAddress { "10.9.9.8", 6 }, kB, std::vector<std::uint8_t>(n, 0x80));
        p.net.run(Millis(1000));
        QCOMPARE(p.b.callCount(), size_t(0));
        const auto& c = p.b.counters();
        QVERIFY(c.malformed + c.unknownCall + c.untokenedNew + c.badToken >= 4900);
        QVERIFY(c.malformed >= 10);
        // A real call still works afterwards.
        p.connect(p.dial());
        QVERIFY(p.answeredBoth());
    }

    void framesForUnknownCallsGetInval()
    {
        Pair p(alice());
        FullFrame f;
        f.scall = 1234;
        f.dcall = 4321; // no such call at B
        f.type = std::uint8_t(FrameType::Control);
        f.subclass = std::int64_t(ControlCommand::Answer);
        p.net.inject(kA, kB, encode(f));
        FullFrame ack = f;
        ack.type = std::uint8_t(FrameType::Iax);
        ack.subclass = std::int64_t(IaxCommand::Ack);
        p.net.inject(kA, kB, encode(ack));
        MiniFrame m;
        m.callno = 999;
        m.payload.assign(160, 0);
        p.net.inject(kA, kB, encode(m));
        p.net.run(Millis(500));
        QCOMPARE(p.b.counters().unknownCall, std::uint64_t(3));
        int invals = 0;
        for (const auto& [from, t] : p.wire)
            if (auto r = decodeFullFrame(t.bytes); from == kB && r && r->isIax(IaxCommand::Inval)) {
                ++invals;
                QCOMPARE(r->dcall, std::uint16_t(1234));
            }
        QCOMPARE(invals, 1); // not for the ACK, not for the mini frame
    }

    void absurdSequenceNumbers()
    {
        Pair p(alice(EncryptionPolicy::Off));
        auto id = p.connect(p.dial(EncryptionPolicy::Off));
        QVERIFY(p.answeredBoth());
        const CallId cb = p.calleeId();
        const std::uint64_t before = p.a.counters().outOfWindow;
        // From B's address and call number: oseqnos far ahead (dropped, counted, VNAK) and an
        // iseqno acknowledging frames A never sent (ignored: A's DTMF is still delivered).
        QVERIFY(p.a.sendDtmf(*id, '4', p.net.now()));
        for (int i = 0; i < 50; ++i) {
            FullFrame f;
            f.scall = std::uint16_t(cb);
            f.dcall = std::uint16_t(*id);
            f.oseqno = std::uint8_t(60 + i); // ahead of the window (over 127 ahead would read as "behind")
            f.iseqno = 200;
            f.type = std::uint8_t(FrameType::Control);
            f.subclass = std::int64_t(ControlCommand::Hangup);
            p.net.inject(kB, kA, encode(f));
        }
        p.net.run(p.net.now() + Millis(3000));
        QCOMPARE(p.na.lastState(), CallState::Answered);
        QCOMPARE(p.a.counters().outOfWindow - before, std::uint64_t(50));
        QVERIFY(p.a.callStats(*id)->outOfOrder >= 50);
        std::string got;
        for (const auto& d : p.nb.all<DtmfReceived>())
            got += d.digit;
        QCOMPARE(QString::fromStdString(got), QString("44"));
        // VNAKs are rate limited: far fewer than the 50 bad frames.
        int vnaks = 0;
        for (const auto& [from, t] : p.wire)
            if (auto r = decodeFullFrame(t.bytes); from == kA && r && r->isIax(IaxCommand::Vnak))
                ++vnaks;
        QVERIFY(vnaks >= 1 && vnaks <= 3);
    }

    void spoofedSourceIsDropped()
    {
        Pair p(alice());
        p.connect(p.dial());
        QVERIFY(p.answeredBoth());
        FullFrame spoof;
        spoof.scall = 1;
        spoof.dcall = std::uint16_t(p.calleeId());
        spoof.type = std::uint8_t(FrameType::Iax);
        spoof.subclass = std::int64_t(IaxCommand::Hangup);
        p.net.inject(PeerAddress { "10.6.6.6", 4569 }, kB, encode(spoof)); // wrong address
        spoof.scall = 4242; // right address, wrong call number
        p.net.inject(kA, kB, encode(spoof));
        p.net.run(p.net.now() + Millis(500));
        QCOMPARE(p.nb.lastState(), CallState::Answered);
        QCOMPARE(p.b.counters().spoofed, std::uint64_t(2));
    }

    void regreqFloodFromOneAddressIsBounded()
    {
        // Issue 16: each tokened REGREQ for a known user opened a registrar transaction with its
        // own call number for 10 s, unbounded: 8,000 a second from one address took all 32,766
        // numbers in 4 s, and B could then neither register anyone, nor dial, nor take a call.
        Pair p(alice());
        const PeerAddress m { "10.9.9.9", 5000 };
        const std::string token = fetchToken(p, m);
        QVERIFY(!token.empty());
        std::size_t peak = 0;
        for (int i = 0; i < 40000; ++i) {
            p.net.inject(m, kB, requestFrame(IaxCommand::RegReq, std::uint16_t(1 + i % 32000), "alice", token));
            if (i % 80 == 79) {
                p.net.run(p.net.now() + Millis(10)); // 8,000 a second
                peak = std::max(peak, p.b.registrarTransactionCount());
            }
        }
        QVERIFY(sentTo(p, m, IaxCommand::RegAuth) >= 30000); // the flood was answered, not ignored
        QVERIFY2(peak <= Registrar::kMaxTransactionsPerSource, std::to_string(peak).c_str());
        QVERIFY(p.b.counters().registrarEvicted > 0);
        // While the attacker's token is still valid: a legitimate client registers, a caller gets
        // through, and B itself can still dial.
        p.a.registerTo(aliceAtB(), p.net.now());
        p.net.run(p.net.now() + Millis(2000), [&] { return registered(p.na) >= 1; });
        QCOMPARE(registered(p.na), 1L);
        QCOMPARE(p.b.registeredContact("alice").value_or(PeerAddress {}), kA);
        p.connect(p.dial());
        QVERIFY(p.answeredBoth());
        QVERIFY(p.b.dial(p.dial(), p.net.now()).has_value());
        QCOMPARE(p.b.counters().callnoExhausted, std::uint64_t(0));
    }

    void regreqFloodFromManyAddressesIsBoundedInTotal()
    {
        // 3,000 addresses, each with its own token, open one transaction each (a retransmission
        // opens none): no more than the total bound stay open, and a real client still registers.
        Pair p(alice());
        std::vector<std::pair<PeerAddress, std::string>> bots;
        for (int i = 0; i < 3000; ++i) {
            const PeerAddress m { "10.8." + std::to_string(i / 250) + "." + std::to_string(i % 250), 4569 };
            p.net.inject(m, kB, requestFrame(IaxCommand::RegReq, 9, "alice", std::string()));
            bots.push_back({ m, {} });
        }
        p.net.run(p.net.now() + Millis(1));
        for (auto& [m, t] : bots)
            t = tokenFor(p, m).value_or("");
        std::size_t peak = 0;
        for (int round = 0; round < 2; ++round) // the second round repeats the same requests
            for (std::size_t i = 0; i < bots.size(); ++i) {
                p.net.inject(bots[i].first, kB, requestFrame(IaxCommand::RegReq, 77, "alice", bots[i].second));
                if (i % 100 == 99) {
                    p.net.run(p.net.now() + Millis(5));
                    peak = std::max(peak, p.b.registrarTransactionCount());
                }
            }
        QVERIFY2(peak <= Registrar::kMaxTransactions, std::to_string(peak).c_str());
        QVERIFY(p.b.counters().registrarEvicted > 0);
        int regauths = 0;
        for (const auto& [from, t] : p.wire)
            if (auto f = decodeFullFrame(t.bytes); from == kB && f && f->isIax(IaxCommand::RegAuth))
                ++regauths;
        QCOMPARE(regauths, 3000 + 3000); // the repeats got the same answer again, from the same call number
        p.a.registerTo(aliceAtB(), p.net.now());
        p.net.run(p.net.now() + Millis(2000), [&] { return registered(p.na) >= 1; });
        QCOMPARE(registered(p.na), 1L);
    }

    void retransmittedRegreqOpensOneTransaction()
    {
        Pair p(alice());
        const PeerAddress m { "10.9.9.9", 5000 };
        const std::string token = fetchToken(p, m);
        for (int i = 0; i < 5; ++i)
            p.net.inject(m, kB, requestFrame(IaxCommand::RegReq, 321, "alice", token));
        p.net.run(p.net.now() + Millis(10));
        QCOMPARE(p.b.registrarTransactionCount(), std::size_t(1));
        std::set<std::pair<std::uint16_t, std::string>> answers; // (our call number, challenge)
        for (const auto& [from, t] : p.wire)
            if (auto f = decodeFullFrame(t.bytes); from == kB && t.to == m && f && f->isIax(IaxCommand::RegAuth))
                answers.insert({ f->scall, f->ies()->getString(IeId::Challenge).value_or("") });
        QCOMPARE(answers.size(), std::size_t(1));
        // The transaction ends 10 s later, and with it the timer.
        p.net.run(p.net.now() + Millis(11000));
        QCOMPARE(p.b.registrarTransactionCount(), std::size_t(0));
        QVERIFY(!p.b.nextDeadline());
    }

    void pokeIsAnsweredOnlyWithATokenOrToRegisteredPeers()
    {
        // POKE was answered with PONG to anyone: a reflector. Now: only with a valid call token,
        // from a user registered to us, or from a server we are registered to; one PONG per POKE,
        // never larger than the POKE.
        Pair p(alice());
        const PeerAddress s { "10.7.7.7", 4569 };
        p.net.inject(s, kB, requestFrame(IaxCommand::Poke, 50, "", std::nullopt));
        p.net.inject(s, kB, requestFrame(IaxCommand::Poke, 51, "", std::string())); // as Asterisk's qualify
        p.net.inject(s, kB, requestFrame(IaxCommand::Poke, 52, "", std::string("1?forged")));
        p.net.run(p.net.now() + Millis(100));
        QCOMPARE(sentTo(p, s, IaxCommand::Pong), 0);
        QCOMPARE(sentTo(p, s, IaxCommand::CallToken), 0); // no token handed out for a POKE either
        QCOMPARE(p.b.counters().pokesIgnored, std::uint64_t(3));
        // With a token (fetched with a REGREQ): answered, no larger than the request.
        const std::string token = fetchToken(p, s);
        const auto poke = requestFrame(IaxCommand::Poke, 53, "", token);
        p.net.inject(s, kB, poke);
        p.net.run(p.net.now() + Millis(100));
        QCOMPARE(sentTo(p, s, IaxCommand::Pong), 1);
        for (const auto& [from, t] : p.wire)
            if (auto f = decodeFullFrame(t.bytes); from == kB && f && f->isIax(IaxCommand::Pong))
                QVERIFY(t.bytes.size() <= poke.size());
        // A registers to B: B answers A's POKE (no token), and A answers its server's POKE, which
        // carries only an empty CALLTOKEN IE as Asterisk's qualify does (checked live: Asterisk with
        // qualify=yes shows a registered iaxphone-cli as "OK (1 ms)"). Asterisk itself PONGs every
        // POKE: without IE, with an empty, a forged or a valid token alike.
        p.a.registerTo(aliceAtB(), p.net.now());
        p.net.run(p.net.now() + Millis(2000), [&] { return registered(p.na) >= 1; });
        QCOMPARE(registered(p.na), 1L);
        p.net.inject(kA, kB, requestFrame(IaxCommand::Poke, 60, "", std::nullopt));
        p.net.inject(kB, kA, requestFrame(IaxCommand::Poke, 61, "", std::string()));
        p.net.run(p.net.now() + Millis(100));
        QCOMPARE(sentTo(p, kA, IaxCommand::Pong), 1);
        int pongsFromA = 0;
        for (const auto& [from, t] : p.wire)
            if (auto f = decodeFullFrame(t.bytes); from == kA && f && f->isIax(IaxCommand::Pong))
                ++pongsFromA;
        QCOMPARE(pongsFromA, 1);
        // A flood of POKEs from a registered peer: 1:1, not more.
        for (int i = 0; i < 100; ++i)
            p.net.inject(kA, kB, requestFrame(IaxCommand::Poke, std::uint16_t(100 + i), "", std::nullopt));
        p.net.run(p.net.now() + Millis(100));
        QCOMPARE(sentTo(p, kA, IaxCommand::Pong), 101);
    }
};

QTEST_GUILESS_MAIN(TestEngineHostile)
#include "tst_engine_hostile.moc"
