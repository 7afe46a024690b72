// Registration (client against the Engine's own registrar) on a simulated link, plus unit tests
// of the engine's building blocks: ReliableChannel, CallTokenIssuer, APPARENT_ADDR.
#include "core/protocol/apparent_address.h"
#include "core/protocol/byte_io.h"
#include "core/protocol/call_token.h"
#include "core/protocol/rsa_keygen.h"
#include "sim/engine_pair.h"

#include <QtTest>

#include <openssl/evp.h>

#include <memory>

using namespace iax::core;
using namespace iax::sim;

namespace {

RegistrationRequest aliceRegistration(std::uint16_t refresh = 60)
{
    RegistrationRequest r;
    r.server = kB;
    r.username = "alice";
    r.secret = kSecret;
    r.refreshSeconds = refresh;
    return r;
}

long countState(const Node& n, RegistrationState s)
{
    auto v = n.all<RegistrationStateChanged>();
    return std::count_if(v.begin(), v.end(), [&](const auto& x) { return x.state == s; });
}

FullFrame iaxFrame(IaxCommand c, std::uint8_t oseq = 0)
{
    FullFrame f;
    f.type = std::uint8_t(FrameType::Iax);
    f.subclass = std::int64_t(c);
    f.oseqno = oseq;
    return f;
}

// What B answered to A's registration attempts: per reply, its command, its IEs (the CHALLENGE's
// length instead of its random value) and how long after A's request it left.
struct Answer {
    std::int64_t command;
    std::vector<std::pair<int, std::vector<std::uint8_t>>> ies;
    Millis after;
    bool operator==(const Answer&) const = default;
};

std::vector<Answer> answersOf(Pair& p, const RegistrationRequest& r)
{
    std::vector<Answer> out;
    Millis lastRequest { 0 };
    p.net.tap = [&](const PeerAddress& from, const Transmit& t) {
        auto f = decodeFullFrame(t.bytes);
        if (!f || f->type != std::uint8_t(FrameType::Iax))
            return;
        if (from == kA) {
            lastRequest = p.net.now();
            return;
        }
        if (f->isIax(IaxCommand::Ack) || f->isIax(IaxCommand::CallToken))
            return;
        Answer a { f->subclass, {}, p.net.now() - lastRequest };
        const auto ies = f->ies();
        for (const auto& ie : ies->items())
            a.ies.push_back({ ie.id,
                ie.id == std::uint8_t(IeId::Challenge) ? std::vector<std::uint8_t>(ie.data.size(), 0) : ie.data });
        out.push_back(a);
    };
    p.a.registerTo(r, p.net.now());
    p.net.run(Millis(10000), [&] { return countState(p.na, RegistrationState::Failed) >= 1; });
    return out;
}

} // namespace

class TestEngineRegistration : public QObject {
    Q_OBJECT
private slots:
    void registerRefreshUnregister()
    {
        Pair p(alice());
        const RegId id = p.a.registerTo(aliceRegistration(60), p.net.now());
        p.net.run(Millis(5000), [&] { return countState(p.na, RegistrationState::Registered) >= 1; });
        auto regs = p.na.all<RegistrationStateChanged>();
        QCOMPARE(regs.front().state, RegistrationState::Registering);
        QCOMPARE(regs.back().state, RegistrationState::Registered);
        QCOMPARE(regs.back().refresh, 60);
        QCOMPARE(QString::fromStdString(regs.back().apparentAddress), QString("10.0.0.1:4569"));
        QCOMPARE(p.b.registeredContact("alice").value_or(PeerAddress {}), kA);
        QCOMPARE(p.nb.all<PeerRegistered>().at(0).refresh, 60);
        // Re-registers before every expiry: an hour keeps it alive (every 45 s = 80 rounds).
        p.net.run(p.net.now() + Millis(3600 * 1000));
        QVERIFY(countState(p.na, RegistrationState::Registered) >= 79);
        QVERIFY(p.b.registeredContact("alice"));
        QCOMPARE(countState(p.na, RegistrationState::Failed), 0L);
        // REGREL: unregistered on both sides, and the registration is gone.
        QVERIFY(p.a.unregister(id, p.net.now()));
        p.net.run(p.net.now() + Millis(10000), [&] { return p.a.registrationCount() == 0; });
        QCOMPARE(p.na.all<RegistrationStateChanged>().back().state, RegistrationState::Unregistered);
        QVERIFY(!p.b.registeredContact("alice"));
        QCOMPARE(p.nb.all<PeerRegistered>().back().refresh, 0);
        QVERIFY(!p.a.unregister(id, p.net.now()));
    }

    void registerUnderLoss()
    {
        Pair p(alice(), 31);
        p.net.setProfile({ Millis(20), Millis(10), 0.2, 0.05 });
        p.a.registerTo(aliceRegistration(30), p.net.now());
        p.net.run(Millis(60000), [&] { return countState(p.na, RegistrationState::Registered) >= 1; });
        QVERIFY(countState(p.na, RegistrationState::Registered) >= 1);
        p.net.run(p.net.now() + Millis(600000));
        QVERIFY(countState(p.na, RegistrationState::Registered) >= 20);
        QVERIFY(p.b.registeredContact("alice").has_value());
    }

    void wrongSecretIsRejectedWithCause()
    {
        Pair p(alice());
        RegistrationRequest r = aliceRegistration();
        r.secret = "wrong";
        p.a.registerTo(r, p.net.now());
        p.net.run(Millis(10000));
        auto s = p.na.all<RegistrationStateChanged>();
        QCOMPARE(s.back().state, RegistrationState::Failed);
        QVERIFY(QString::fromStdString(s.back().reason).contains("rejected"));
        QVERIFY(QString::fromStdString(s.back().reason).contains("Registration Refused"));
        QCOMPARE(s.back().failure, RegistrationFailure::Refused); // what `register` maps to exit 4
        QVERIFY(!p.b.registeredContact("alice"));
        // Unknown user: challenged as a known one, then refused (unknownUserIsAnsweredLikeAWrongSecret).
        Pair q(alice());
        RegistrationRequest r2 = aliceRegistration();
        r2.username = "bob";
        q.a.registerTo(r2, q.net.now());
        q.net.run(Millis(10000));
        QCOMPARE(q.na.all<RegistrationStateChanged>().back().state, RegistrationState::Failed);
        QCOMPARE(q.na.all<RegistrationStateChanged>().back().failure, RegistrationFailure::Refused);
    }

    void unreachableServerRetriesWithBackoff()
    {
        Solo s;
        std::vector<Millis> failedAt;
        s.onEvent = [&](const EngineEvent& e) {
            if (auto* r = std::get_if<RegistrationStateChanged>(&e); r && r->state == RegistrationState::Failed)
                failedAt.push_back(s.net.now());
        };
        s.a.registerTo(aliceRegistration(), s.net.now());
        s.net.run(Millis(600000));
        QVERIFY(failedAt.size() >= 3);
        QVERIFY(QString::fromStdString(s.na.all<RegistrationStateChanged>()[1].reason).contains("unreachable"));
        QCOMPARE(s.na.all<RegistrationStateChanged>()[1].failure, RegistrationFailure::Unreachable); // exit 3
        // Each round takes the same retransmission time; the pause between rounds doubles.
        const auto gap1 = failedAt[1] - failedAt[0];
        const auto gap2 = failedAt[2] - failedAt[1];
        QCOMPARE((gap2 - gap1).count(), Millis(5000).count());
        QVERIFY(!s.net.stalled());
    }

    void ipv6ApparentAddress()
    {
        const PeerAddress a6 { "fd00::1", 4570 };
        const PeerAddress b6 { "fd00::2", 4569 };
        SeededRandom ra(1), rb(2);
        Engine a(EngineConfig {}, ra);
        EngineConfig cb;
        cb.users.push_back(alice());
        Engine b(cb, rb);
        SimNetwork net(9);
        net.add(a6, a);
        net.add(b6, b);
        Node na;
        net.onEvent = [&](const PeerAddress& n, const EngineEvent& e) {
            if (n == a6)
                na.events.push_back(e);
        };
        RegistrationRequest r = aliceRegistration();
        r.server = b6;
        a.registerTo(r, net.now());
        net.run(Millis(5000));
        QCOMPARE(na.all<RegistrationStateChanged>().back().state, RegistrationState::Registered);
        QCOMPARE(QString::fromStdString(na.all<RegistrationStateChanged>().back().apparentAddress),
            QString("[fd00::1]:4570"));
        QCOMPARE(b.registeredContact("alice").value_or(PeerAddress {}), a6);
    }

    void apparentAddressForms()
    {
        // Asterisk's REGACK in interop/register-md5: a little-endian sockaddr_in.
        const std::vector<std::uint8_t> ast { 0x02, 0x00, 0x11, 0xd9, 0x7f, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0 };
        QCOMPARE(decodeApparentAddress(ast).value_or(PeerAddress {}), (PeerAddress { "127.0.0.1", 4569 }));
        QCOMPARE(encodeApparentAddress({ "127.0.0.1", 4569 }), ast);
        for (const char* h : { "::1", "fd00::1", "2001:db8:0:1:2:3:4:5", "fe80::1:0:0:2" }) {
            const PeerAddress p { h, 5060 };
            auto bytes = encodeApparentAddress(p);
            QCOMPARE(bytes.size(), size_t(28));
            QCOMPARE(decodeApparentAddress(bytes).value_or(PeerAddress {}).host, std::string(h));
        }
        QVERIFY(!decodeApparentAddress(std::vector<std::uint8_t>(4, 0)));
        QVERIFY(!decodeApparentAddress(std::vector<std::uint8_t> { 7, 0, 0, 0, 0, 0, 0, 0 }));
    }

    void reliableChannelSequencing()
    {
        ReliableChannel ch({ Millis(500), Millis(2000), 3 });
        // Outgoing: sequence numbers, ACK carries the acknowledged frame's iseqno as oseqno.
        FullFrame f1 = iaxFrame(IaxCommand::New);
        ch.stamp(f1);
        QCOMPARE(int(f1.oseqno), 0);
        FullFrame ack = iaxFrame(IaxCommand::Ack);
        ch.stamp(ack, std::uint8_t(7));
        QCOMPARE(int(ack.oseqno), 7);
        QCOMPARE(int(ch.oseqno()), 1); // ACK takes no sequence number
        // Incoming classification.
        QCOMPARE(ch.arrive(iaxFrame(IaxCommand::AuthReq, 0)), ReliableChannel::Arrival::InOrder);
        QVERIFY(ch.ackOwed());
        QCOMPARE(ch.arrive(iaxFrame(IaxCommand::AuthReq, 0)), ReliableChannel::Arrival::Duplicate);
        QCOMPARE(ch.arrive(iaxFrame(IaxCommand::Ping, 5)), ReliableChannel::Arrival::Ahead);
        QCOMPARE(ch.arrive(iaxFrame(IaxCommand::Ack, 9)), ReliableChannel::Arrival::Unsequenced);
        QCOMPARE(int(ch.iseqno()), 1);
        // Sequence numbers wrap modulo 256.
        ReliableChannel w;
        w.expect(255);
        QCOMPARE(w.arrive(iaxFrame(IaxCommand::Ping, 255)), ReliableChannel::Arrival::InOrder);
        QCOMPARE(int(w.iseqno()), 0);
        QCOMPARE(w.arrive(iaxFrame(IaxCommand::Ping, 0)), ReliableChannel::Arrival::InOrder);
        QCOMPARE(w.arrive(iaxFrame(IaxCommand::Ping, 250)), ReliableChannel::Arrival::Duplicate);
    }

    void reliableChannelRetransmission()
    {
        ReliableChannel ch({ Millis(500), Millis(2000), 3 });
        for (int i = 0; i < 3; ++i) {
            FullFrame f = iaxFrame(IaxCommand::Ping);
            ch.stamp(f);
            SentFrameInfo info;
            info.oseqno = f.oseqno;
            info.encrypted = i == 1;
            ch.track(encode(f), info, Millis(0));
        }
        QCOMPARE(ch.nextDeadline().value(), Millis(500));
        // An iseqno beyond what we sent acknowledges nothing; 2 acknowledges frames 0 and 1.
        QVERIFY(ch.acknowledge(200, Millis(10)).empty());
        QVERIFY(ch.acknowledge(0, Millis(10)).empty());
        auto acked = ch.acknowledge(2, Millis(10));
        QCOMPARE(acked.size(), size_t(2));
        QVERIFY(acked[1].encrypted);
        QCOMPARE(ch.pendingCount(), size_t(1));
        // Backoff 500 → 1000 → 2000 → 2000 (cap), then give up after 3 retries.
        auto d = ch.due(Millis(500));
        QCOMPARE(d.resend.size(), size_t(1));
        QVERIFY(d.resend[0].wire[2] & 0x80); // R bit
        QCOMPARE(ch.nextDeadline().value(), Millis(1500));
        QVERIFY(ch.due(Millis(1499)).resend.empty());
        QCOMPARE(ch.due(Millis(1500)).resend.size(), size_t(1));
        QCOMPARE(ch.nextDeadline().value(), Millis(3500));
        QCOMPARE(ch.due(Millis(3500)).resend.size(), size_t(1));
        QCOMPARE(ch.nextDeadline().value(), Millis(5500));
        auto last = ch.due(Millis(5500));
        QVERIFY(last.gaveUp);
        QCOMPARE(last.gaveUp->retries, 3);
        // VNAK: everything from the requested sequence number on.
        QCOMPARE(ch.resendFrom(2).size(), size_t(1));
        QCOMPARE(ch.resendFrom(3).size(), size_t(0));
        ch.reset();
        QCOMPARE(ch.pendingCount(), size_t(0));
        QCOMPARE(int(ch.oseqno()), 0);
    }

    void reliableChannelTimeoutFollowsTheRoundTrip()
    {
        // RFC 6298 with Karn's rule: samples only from frames sent once; RTO = SRTT + 4·RTTVAR,
        // at least 100 ms, doubled after a timer expiry until the next sample.
        ReliableChannel ch({ Millis(500), Millis(8000), 6 });
        auto send = [&](Millis now) {
            FullFrame f = iaxFrame(IaxCommand::Ping);
            ch.stamp(f);
            SentFrameInfo info;
            info.oseqno = f.oseqno;
            ch.track(encode(f), info, now);
            return f.oseqno;
        };
        auto ackAll = [&](Millis now) { return ch.acknowledge(ch.oseqno(), now); };
        send(Millis(0));
        QCOMPARE(ch.nextDeadline().value(), Millis(500)); // nothing measured yet
        QVERIFY(!ch.smoothedRtt());
        QCOMPARE(ackAll(Millis(40)).size(), size_t(1));
        QCOMPARE(ch.smoothedRtt().value(), Millis(40));
        QCOMPARE(ch.retransmitTimeout(), Millis(40 + 4 * 20)); // RTTVAR = R/2 after the first sample
        send(Millis(100));
        QCOMPARE(ch.nextDeadline().value(), Millis(100 + 120));
        ackAll(Millis(140)); // RTTVAR 15: 40 + 60
        QCOMPARE(ch.retransmitTimeout(), Millis(100));
        ackAll(Millis(140));
        send(Millis(200));
        ackAll(Millis(240)); // RTTVAR 11.25: 85 ms, clamped to the 100 ms floor
        QCOMPARE(ch.retransmitTimeout(), Millis(100));

        // A frame resent by its timer: the timeout doubles for frames sent afterwards, and its
        // acknowledgement is no sample (it may answer either transmission).
        send(Millis(1000));
        QCOMPARE(ch.nextDeadline().value(), Millis(1100));
        QCOMPARE(ch.due(Millis(1100)).resend.size(), size_t(1));
        QCOMPARE(ch.retransmitTimeout(), Millis(200));
        ackAll(Millis(1400));
        QCOMPARE(ch.smoothedRtt().value(), Millis(40));
        QCOMPARE(ch.retransmitTimeout(), Millis(200));
        // Timers of frames behind one gap expire together: that is one expiry, not one per frame
        // (doubling per frame made it 8 s after a stall of eight, live).
        send(Millis(1500));
        send(Millis(1520));
        send(Millis(1540));
        QCOMPARE(ch.due(Millis(1700)).resend.size(), size_t(1));
        QCOMPARE(ch.due(Millis(1720)).resend.size(), size_t(1));
        QCOMPARE(ch.due(Millis(1740)).resend.size(), size_t(1));
        QCOMPARE(ch.retransmitTimeout(), Millis(400));
        ackAll(Millis(1800)); // all resent: no sample, still backed off
        QCOMPARE(ch.retransmitTimeout(), Millis(400));
        // Resent on the peer's VNAK: no sample either.
        const auto vnaked = send(Millis(2000));
        QCOMPARE(ch.resendFrom(vnaked).size(), size_t(1));
        ackAll(Millis(2300));
        QCOMPARE(ch.smoothedRtt().value(), Millis(40));
        // One acknowledgement for several frames samples the newest, if it was sent once: the
        // backoff ends there.
        const auto old = send(Millis(3000));
        QCOMPARE(ch.resendFrom(old).size(), size_t(1));
        send(Millis(3020));
        ackAll(Millis(3060));
        QCOMPARE(ch.smoothedRtt().value(), Millis(40));
        QCOMPARE(ch.retransmitTimeout(), Millis(100));

        // However short the timeout, a frame is given up only after the schedule from the initial
        // one: 500 + 1000 + 2000 + 4000 + 8000 + 8000 + 8000 ms.
        send(Millis(10000));
        int resent = 0;
        std::optional<SentFrameInfo> gaveUp;
        Millis at = Millis(10000);
        while (!gaveUp && at < Millis(100000)) {
            at = ch.nextDeadline().value();
            auto d = ch.due(at);
            resent += int(d.resend.size());
            gaveUp = d.gaveUp;
        }
        QVERIFY(gaveUp);
        QCOMPARE(at, Millis(10000 + 31500));
        QVERIFY2(resent > 6, qPrintable(QString::number(resent))); // starting at 100 ms: more tries
        QCOMPARE(ch.retransmitTimeout(), Millis(8000)); // backed off to the cap meanwhile
    }

    void callTokens()
    {
        SeededRandom rng(4);
        CallTokenIssuer t(rng, Millis(10000));
        const PeerAddress p { "192.0.2.1", 4569 };
        const std::string tok = t.issue(p, Millis(1795345670123));
        QCOMPARE(QString::fromStdString(tok).section('?', 0, 0), QString("1795345670"));
        QCOMPARE(tok.size(), size_t(10 + 1 + 40)); // the same shape as Asterisk's tokens
        QCOMPARE(t.check(tok, p, Millis(1795345671000)), CallTokenIssuer::Check::Valid);
        QCOMPARE(t.check(tok, p, Millis(1795345690000)), CallTokenIssuer::Check::Expired);
        QCOMPARE(t.check(tok, p, Millis(1795345660000)), CallTokenIssuer::Check::Expired); // from the future
        QCOMPARE(t.check(tok, { "192.0.2.2", 4569 }, Millis(1795345671000)), CallTokenIssuer::Check::Forged);
        QCOMPARE(t.check(tok, { "192.0.2.1", 4570 }, Millis(1795345671000)), CallTokenIssuer::Check::Forged);
        QCOMPARE(t.check("x?y", p, Millis(0)), CallTokenIssuer::Check::Malformed);
        QCOMPARE(t.check("", p, Millis(0)), CallTokenIssuer::Check::Malformed);
        SeededRandom other(5);
        CallTokenIssuer t2(other, Millis(10000));
        QCOMPARE(t2.check(tok, p, Millis(1795345671000)), CallTokenIssuer::Check::Forged);
    }

    // The token's MAC is HMAC-SHA1(the 32 bytes drawn, "address|seconds") as OpenSSL's one-shot
    // EVP_Q_mac computes it (the issuer keys one context and MACs on copies of it), and a copy of an
    // issuer (Engine's clone) issues and accepts the same tokens after the original is gone.
    void callTokenMacAndCopies()
    {
        SeededRandom rng(4), sameDraws(4);
        std::array<std::uint8_t, 32> key {};
        sameDraws.fill(key);
        auto original = std::make_unique<CallTokenIssuer>(rng, Millis(10000));
        const PeerAddress p { "192.0.2.1", 4569 };
        const std::string tok = original->issue(p, Millis(1795345670123));
        const std::string data = p.toString() + "|1795345670";
        unsigned char mac[EVP_MAX_MD_SIZE];
        size_t len = 0;
        QVERIFY(EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA1", nullptr, key.data(), key.size(),
            reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, sizeof mac, &len));
        QCOMPARE(len, size_t(20));
        QCOMPARE(tok, "1795345670?" + byte_io::toHex(std::span<const std::uint8_t>(mac, len)));
        // Issued twice from the same keyed context: the context itself is never fed.
        QCOMPARE(original->issue(p, Millis(1795345670999)), tok);

        const CallTokenIssuer copy(*original);
        const std::string later = original->issue(p, Millis(1795345672000));
        original.reset();
        QCOMPARE(copy.issue(p, Millis(1795345670000)), tok);
        QCOMPARE(copy.check(tok, p, Millis(1795345671000)), CallTokenIssuer::Check::Valid);
        QCOMPARE(copy.check(later, p, Millis(1795345672000)), CallTokenIssuer::Check::Valid);
        QCOMPARE(copy.check(tok, { "192.0.2.2", 4569 }, Millis(1795345671000)), CallTokenIssuer::Check::Forged);
    }

    void unknownUserIsAnsweredLikeAWrongSecret()
    {
        // Issue 16 (enumeration): an unknown user got REGREJ at once while a known one got REGAUTH.
        // As Asterisk: a challenge for everyone, then the same REGREJ after the same delay.
        for (const std::uint16_t methods : { std::uint16_t(AuthMethod::Md5), std::uint16_t(AuthMethod::Rsa) }) {
            UserConfig u = alice();
            u.authMethods = methods;
            if (methods == AuthMethod::Rsa) {
                auto pair = generateRsaKeyPair(1024);
                QVERIFY(pair);
                u.inkeys.push_back(std::make_shared<RsaKey>(RsaKey::publicFromPem(pair->publicPem).value()));
            }
            auto outkey = generateRsaKeyPair(1024);
            QVERIFY(outkey);
            RegistrationRequest wrong = aliceRegistration();
            wrong.secret = "wrong";
            wrong.outkey = std::make_shared<RsaKey>(RsaKey::privateFromPem(outkey->privatePem).value());
            RegistrationRequest unknown = wrong;
            unknown.username = "alicf"; // the same length: USERNAME is echoed in REGAUTH
            Pair p1(u), p2(u);
            const auto known = answersOf(p1, wrong);
            const auto stranger = answersOf(p2, unknown);
            QCOMPARE(known.size(), std::size_t(2));
            QCOMPARE(known[0].command, std::int64_t(IaxCommand::RegAuth));
            QCOMPARE(known[1].command, std::int64_t(IaxCommand::RegRej));
            // What a live Asterisk (master, 2026-12) sends an unknown user and a wrong secret alike:
            // REGAUTH with AUTHMETHODS, a 9-digit CHALLENGE and the USERNAME echoed, then REGREJ
            // "Registration Refused" with CAUSECODE 29.
            QCOMPARE(known[0].ies.size(), std::size_t(3));
            QCOMPARE(known[0].ies[0].first, int(IeId::AuthMethods));
            QCOMPARE(known[0].ies[0].second, (std::vector<std::uint8_t> { 0, std::uint8_t(methods) }));
            QCOMPARE(known[0].ies[1].first, int(IeId::Challenge));
            QCOMPARE(known[0].ies[1].second.size(), std::size_t(9));
            QCOMPARE(known[0].ies[2].first, int(IeId::Username));
            QCOMPARE(known[1].ies.size(), std::size_t(2));
            QCOMPARE(std::string(known[1].ies[0].second.begin(), known[1].ies[0].second.end()),
                std::string("Registration Refused"));
            QCOMPARE(known[1].ies[1].second, std::vector<std::uint8_t> { 29 });
            QCOMPARE(stranger.size(), known.size());
            for (std::size_t i = 0; i < known.size(); ++i) {
                QCOMPARE(stranger[i].command, known[i].command);
                QCOMPARE(stranger[i].after.count(), known[i].after.count());
                QCOMPARE(stranger[i].ies.size(), known[i].ies.size());
                for (std::size_t k = 0; k < known[i].ies.size(); ++k) {
                    QCOMPARE(stranger[i].ies[k].first, known[i].ies[k].first);
                    if (known[i].ies[k].first != int(IeId::Username))
                        QVERIFY(stranger[i].ies[k].second == known[i].ies[k].second);
                }
            }
            QCOMPARE(p2.na.all<RegistrationStateChanged>().back().reason,
                p1.na.all<RegistrationStateChanged>().back().reason);
            QVERIFY(!p2.b.registeredContact("alicf"));
            QCOMPARE(p2.b.registrarTransactionCount(), p1.b.registrarTransactionCount());
        }
    }

    void noFreeCallNumberFailsRegistrationVisibly()
    {
        // When every call number is taken, registerTo() used call number 0 (allocateCallno's
        // "none"). Now the registration fails with the reason, never sends from 0, and retries.
        EngineConfig big;
        big.maxCalls = 40000;
        Pair p(alice(), 7, big);
        DialRequest d = p.dial();
        d.peer = PeerAddress { "10.5.5.5", 4569 }; // nobody: the calls stay in Calling
        std::vector<CallId> calls;
        while (auto id = p.a.dial(d, p.net.now()))
            calls.push_back(*id);
        QCOMPARE(calls.size(), std::size_t(32766)); // every number from 2 to 32767
        QVERIFY(p.a.counters().callnoExhausted >= 1);
        bool sentFromZero = false;
        p.net.tap = [&](const PeerAddress& from, const Transmit& t) {
            if (auto f = decodeFullFrame(t.bytes); from == kA && f && f->scall == 0)
                sentFromZero = true;
        };
        const RegId id = p.a.registerTo(aliceRegistration(), p.net.now());
        p.net.run(p.net.now() + Millis(100));
        QVERIFY(!sentFromZero);
        auto s = p.na.all<RegistrationStateChanged>();
        QVERIFY(!s.empty());
        QCOMPARE(s.back().state, RegistrationState::Failed);
        QVERIFY2(QString::fromStdString(s.back().reason).contains("call number"), s.back().reason.c_str());
        // Numbers come free as the unanswered calls give up: a retry registers.
        for (std::size_t i = 0; i < 10; ++i)
            p.a.hangup(calls[i], "bye", p.net.now());
        p.net.run(p.net.now() + Millis(180000), [&] { return countState(p.na, RegistrationState::Registered) >= 1; });
        QCOMPARE(p.na.all<RegistrationStateChanged>().back().state, RegistrationState::Registered);
        QVERIFY(!sentFromZero);
        // Unregistering without a free number: ends here, says why, sends nothing from 0.
        while (p.a.dial(d, p.net.now())) { }
        QVERIFY(p.a.unregister(id, p.net.now()));
        p.net.run(p.net.now() + Millis(100));
        QVERIFY(!sentFromZero);
        QCOMPARE(p.na.all<RegistrationStateChanged>().back().state, RegistrationState::Unregistered);
        QVERIFY(QString::fromStdString(p.na.all<RegistrationStateChanged>().back().reason).contains("call number"));
        QCOMPARE(p.a.registrationCount(), std::size_t(0));
    }
};

QTEST_GUILESS_MAIN(TestEngineRegistration)
#include "tst_engine_registration.moc"
