// A duplicate call at an Asterisk-like peer must not swallow our voice. Asterisk makes a call for
// every NEW with a valid call token, retransmissions included, finds mini frames by our source
// call number alone (the older of two calls gets them) and full frames by their destination call
// number too. Seen live through 25 % loss: our first NEW made a call whose AUTHREQ was lost, the
// retransmitted NEW made the call we went on with, and Echo() heard nothing until the duplicate's
// retransmitted AUTHREQ (2, 12 or 22 s later) let us hang it up — 60–82 % of the call silent.
//
// Here Engine B is the real call and a scripted duplicate sits in front of it (SimNetwork::mutate):
// it takes A's first NEW with the token, answers mini frames routed to it with VNAKs encrypted
// under its own key, sends its AUTHREQ on Asterisk's schedule (0, 2, 12, 22 s; which ones get
// through is the test's choice), dies on a HANGUP it can decrypt or 32 s after it was made.
#include "sim/asterisk_frames.h"
#include "sim/engine_pair.h"

#include <QtTest>

using namespace iax::core;
using namespace iax::sim;

namespace {

constexpr Millis kOneWay { 20 }; // the link's delay (LinkProfile default)

std::uint16_t sourceCallno(const std::vector<std::uint8_t>& b)
{
    return std::uint16_t(((b[0] & 0x7F) << 8) | b[1]);
}
std::uint16_t destCallno(const std::vector<std::uint8_t>& b)
{
    return std::uint16_t(((b[2] & 0x7F) << 8) | b[3]);
}
bool isFull(const std::vector<std::uint8_t>& b)
{
    return b.size() >= 12 && (b[0] & 0x80);
}
bool isMini(const std::vector<std::uint8_t>& b)
{
    return b.size() >= 4 && !(b[0] & 0x80);
}

/// The duplicate call Asterisk made for A's first NEW with the token (its AUTHREQ lost).
struct ScriptedDuplicate {
    std::uint16_t callno = 13500;
    std::string challenge = "266262842";
    std::vector<int> delivered; ///< which AUTHREQ transmissions (0..3, at 0/2/12/22 s) reach A
    std::optional<Millis> madeAt;
    std::optional<Millis> hungUpAt;
    std::uint16_t ours = 0;
    int sentAuthReqs = 0;
    int minisTaken = 0;
    SeededRandom rng { 99 };

    bool alive(Millis now) const { return madeAt && !hungUpAt && now < *madeAt + Millis(32000); }

    std::vector<std::uint8_t> encrypted(FullFrame f)
    {
        f.scall = callno;
        f.dcall = ours;
        FrameEncryptor enc(deriveAesKey(challenge, kSecret));
        return enc.encrypt(encode(f), FrameKind::Full, rng);
    }
    /// A's datagram to B, before the link: false when the duplicate takes it.
    bool fromA(SimNetwork& net, const Transmit& t)
    {
        const Millis now = net.now();
        if (!madeAt && isFull(t.bytes)) {
            auto f = decodeFullFrame(t.bytes);
            if (f && f->isIax(IaxCommand::New) && !f->ies()->getString(IeId::CallToken).value_or("").empty()) {
                madeAt = now + kOneWay;
                ours = f->scall;
                return false;
            }
            return true;
        }
        if (!alive(now + kOneWay))
            return true;
        if (isMini(t.bytes) && sourceCallno(t.bytes) == ours) {
            // The older call gets it; it has no voice format yet: VNAK, under its own key.
            ++minisTaken;
            FullFrame v;
            v.oseqno = 1;
            v.iseqno = 1;
            v.timestamp = std::uint32_t((now - *madeAt).count());
            v.type = std::uint8_t(FrameType::Iax);
            v.subclass = std::int64_t(IaxCommand::Vnak);
            net.injectAt(kB, kA, encrypted(v), now + 2 * kOneWay);
            return false;
        }
        if (isFull(t.bytes) && destCallno(t.bytes) == callno) {
            FrameDecryptor dec(deriveAesKey(challenge, kSecret));
            if (auto plain = dec.decrypt(t.bytes, FrameKind::Full))
                if (auto h = decodeFullFrame(plain->datagram); h && h->isIax(IaxCommand::Hangup))
                    hungUpAt = now + kOneWay;
            return false;
        }
        return true;
    }
    /// Its AUTHREQ (re)transmissions that are due; those not in `delivered` are lost.
    void tick(SimNetwork& net)
    {
        static const Millis schedule[] = { Millis(0), Millis(2000), Millis(12000), Millis(22000) };
        while (sentAuthReqs < 4 && madeAt && alive(net.now()) && net.now() >= *madeAt + schedule[sentAuthReqs]) {
            const int n = sentAuthReqs++;
            if (std::find(delivered.begin(), delivered.end(), n) == delivered.end())
                continue;
            net.injectAt(kB, kA, asteriskAuthReq(callno, ours, challenge, "alice", n > 0, 3), net.now() + kOneWay);
        }
    }
};

/// A talks for `ms` (a voice frame every 20 ms) while the duplicate sends its AUTHREQs when due.
void talkPastDuplicate(Pair& p, ScriptedDuplicate& dup, CallId ca, Millis ms)
{
    const std::vector<std::uint8_t> payload(160, 0x55);
    for (const Millis end = p.net.now() + ms; p.net.now() < end;) {
        dup.tick(p.net);
        p.a.sendVoice(ca, payload, 20, p.net.now());
        p.net.run(p.net.now() + Millis(20));
    }
}

/// Share of the 100 ms windows in [from, to) in which no voice frame reached B.
double silentShare(const std::vector<Millis>& arrivals, Millis from, Millis to)
{
    int windows = 0, silent = 0;
    for (Millis w = from; w + Millis(100) <= to; w += Millis(100)) {
        ++windows;
        if (std::none_of(arrivals.begin(), arrivals.end(), [&](Millis t) { return t >= w && t < w + Millis(100); }))
            ++silent;
    }
    return windows ? double(silent) / windows : 1.0;
}

} // namespace

class TestEngineDuplicateCall : public QObject {
    Q_OBJECT
private slots:
    void voiceReachesTheRealCallWhileADuplicateLives_data()
    {
        QTest::addColumn<QList<int>>("delivered");
        QTest::addColumn<int>("seconds");
        QTest::addColumn<int>("hangupAt"); // s after the duplicate was made; -1: never hung up
        QTest::newRow("AUTHREQ at 2 s") << QList<int> { 1, 2, 3 } << 8 << 2;
        QTest::newRow("AUTHREQ at 12 s (proxy seeds 11, 12)") << QList<int> { 2, 3 } << 16 << 12;
        QTest::newRow("no AUTHREQ gets through") << QList<int> {} << 40 << -1;
    }
    void voiceReachesTheRealCallWhileADuplicateLives()
    {
        QFETCH(QList<int>, delivered);
        QFETCH(int, seconds);
        QFETCH(int, hangupAt);
        Pair p(alice());
        ScriptedDuplicate dup;
        dup.delivered.assign(delivered.begin(), delivered.end());
        p.net.mutate = [&](const PeerAddress& from, Transmit& t) { return from != kA || dup.fromA(p.net, t); };
        std::vector<Millis> voiceAtB;
        std::vector<std::pair<Millis, std::vector<std::uint8_t>>> fromA;
        auto events = p.net.onEvent;
        p.net.onEvent = [&, events](const PeerAddress& node, const EngineEvent& e) {
            events(node, e);
            if (node == kB && std::holds_alternative<VoiceReceived>(e)) {
                QCOMPARE(std::get<VoiceReceived>(e).payload, std::vector<std::uint8_t>(160, 0x55));
                voiceAtB.push_back(p.net.now());
            }
        };
        auto wire = p.net.tap;
        p.net.tap = [&, wire](const PeerAddress& from, const Transmit& t) {
            wire(from, t);
            if (from == kA)
                fromA.push_back({ p.net.now(), t.bytes });
        };

        const auto ca = p.connect(p.dial());
        QVERIFY(ca);
        QVERIFY(p.answeredBoth());
        QVERIFY(dup.madeAt); // our NEW was retransmitted, the first one made the duplicate
        const Millis talkFrom = p.net.now();
        const Millis talkTo = *dup.madeAt + Millis(seconds * 1000);
        std::vector<std::uint8_t> payload(160, 0x55);
        while (p.net.now() < talkTo && !p.net.stalled()) {
            dup.tick(p.net);
            QVERIFY(p.a.sendVoice(*ca, payload, 20, p.net.now()));
            p.net.run(p.net.now() + Millis(20));
        }
        p.net.run(p.net.now() + Millis(100));

        // The duplicate took a few mini frames before its first VNAK came back; then the real call
        // got our voice although minis still went to the duplicate.
        QVERIFY(dup.minisTaken >= 1);
        QVERIFY2(dup.minisTaken <= 4, qPrintable(QString::number(dup.minisTaken)));
        const double silent = silentShare(voiceAtB, talkFrom + Millis(100), talkTo);
        QVERIFY2(silent <= 0.02, qPrintable(QString("silent share at B %1").arg(silent)));
        const auto stats = p.b.callStats(p.calleeId());
        QVERIFY(stats);
        QCOMPARE(stats->encryption.decryptFailures, 0);
        QVERIFY(p.a.callEncrypted(*ca));

        // Mini frames again once the duplicate is gone: after our HANGUP, or once it gave up.
        const Millis gone = hangupAt >= 0 ? *dup.madeAt + Millis(hangupAt * 1000) : *dup.madeAt + Millis(32000);
        if (hangupAt >= 0) {
            QVERIFY(dup.hungUpAt);
            QVERIFY(*dup.hungUpAt <= gone + Millis(100));
        } else {
            QVERIFY(!dup.hungUpAt);
        }
        auto minisBetween = [&](Millis from, Millis to) {
            return std::count_if(fromA.begin(), fromA.end(),
                [&](const auto& s) { return s.first >= from && s.first < to && isMini(s.second); });
        };
        // While it lived, after its first VNAK: no mini frame at all.
        QCOMPARE(minisBetween(talkFrom + Millis(200), gone), 0);
        // Afterwards (a second for the HANGUP, or Asterisk's time limit plus our margin): all minis.
        const Millis back = hangupAt >= 0 ? gone + Millis(1000) : *dup.madeAt + Millis(34000);
        QVERIFY(back + Millis(1000) < talkTo);
        QVERIFY(minisBetween(back, talkTo) >= (talkTo - back).count() / 20 - 2);
    }

    void fullVoiceBehindAGapIsBoundedNotQueued()
    {
        // Full voice frames wait in sequence behind a lost one. Live (25 % loss, proxy seed 8) a
        // stall behind a lost RTKEY queued 3.6 s of voice that Asterisk's Echo then played back at
        // once, 20 ms apart each, and playout broke up for the rest of the call. While A's full
        // frames get no answer (B unreachable for a second) A queues at most a few, then sends minis.
        Pair p(alice());
        ScriptedDuplicate dup;
        dup.delivered = { 2 };
        bool blackhole = false;
        int fullsInBlackhole = 0;
        p.net.mutate = [&](const PeerAddress& from, Transmit& t) {
            if (from != kA || !dup.fromA(p.net, t))
                return from != kA;
            if (blackhole && isFull(t.bytes) && !(t.bytes[2] & 0x80)) {
                ++fullsInBlackhole;
                return false;
            }
            return !blackhole;
        };
        const auto ca = p.connect(p.dial());
        QVERIFY(ca && p.answeredBoth());
        auto talk = [&](Millis ms) { talkPastDuplicate(p, dup, *ca, ms); };
        talk(Millis(1000)); // the duplicate has shown itself: full voice frames
        blackhole = true;
        talk(Millis(1000));
        blackhole = false;
        QVERIFY2(fullsInBlackhole <= 10, qPrintable(QString::number(fullsInBlackhole)));
        QVERIFY(p.a.callStats(*ca)->voiceBacklogMinis >= 35);
        // Afterwards the queue drains (at the retransmission timeout) and voice flows again.
        talk(Millis(1500));
        const auto before = p.nb.all<VoiceReceived>().size();
        talk(Millis(1000));
        QVERIFY2(p.nb.all<VoiceReceived>().size() >= before + 45,
            qPrintable(QString::number(p.nb.all<VoiceReceived>().size() - before)));
        QCOMPARE(p.na.lastState(), std::optional<CallState>(CallState::Answered));
    }

    void lostFullVoiceIsResentAfterTheMeasuredRoundTrip()
    {
        // Live, 25 % loss, proxy seed 11: while a duplicate may take our mini frames, voice goes as
        // full frames, which the peer takes in sequence only. Full voice frame oseqno 139 was lost,
        // so were Asterisk's VNAKs for the gap but one, and our answer to that one; 139 then waited
        // for its retransmission timeout — 500 ms, as a call measured its round trip only from a
        // PONG 20 s in — eight frames queued behind it, voice went as mini frames again and the
        // duplicate took them: 300–400 ms of silence, five times in 15 s. Here the same pattern on
        // a 5 ms link: one full voice frame and every VNAK of B for its gap are lost, so only the
        // retransmission timer can bring it. It must follow the round trip of the ACKs (RFC 6298).
        Pair p(alice());
        p.net.setProfile({ Millis(5) });
        ScriptedDuplicate dup; // no AUTHREQ of it gets through: full voice frames throughout
        std::optional<std::string> challenge; // B's, for its key: B never rotates (it does not talk)
        bool loseOne = false;
        std::vector<std::uint8_t> lost; // the lost frame's first transmission
        std::optional<Millis> lostAt, resentAt, minisFrom;
        int vnaksLost = 0;
        auto sameFrame = [](const std::vector<std::uint8_t>& x, const std::vector<std::uint8_t>& y) {
            return x.size() == y.size() && std::equal(x.begin() + 3, x.end(), y.begin() + 3) && x[0] == y[0]
                && x[1] == y[1] && (x[2] & 0x7F) == (y[2] & 0x7F);
        };
        p.net.mutate = [&](const PeerAddress& from, Transmit& t) {
            const Millis now = p.net.now();
            if (from == kB) {
                if (!challenge && isFull(t.bytes))
                    if (auto f = decodeFullFrame(t.bytes); f && f->isIax(IaxCommand::AuthReq))
                        challenge = f->ies()->getString(IeId::Challenge);
                if (lostAt && !resentAt && challenge && isFull(t.bytes)) {
                    FrameDecryptor dec(deriveAesKey(*challenge, kSecret));
                    if (auto plain = dec.decrypt(t.bytes, FrameKind::Full))
                        if (auto f = decodeFullFrame(plain->datagram); f && f->isIax(IaxCommand::Vnak)) {
                            ++vnaksLost;
                            return false;
                        }
                }
                return true;
            }
            if (!dup.fromA(p.net, t))
                return false;
            if (lostAt && !minisFrom && isMini(t.bytes))
                minisFrom = now;
            if (loseOne && isFull(t.bytes) && t.bytes.size() >= 160 + 12 && !(t.bytes[2] & 0x80)) {
                loseOne = false;
                lost = t.bytes;
                lostAt = now;
                return false;
            }
            if (lostAt && !resentAt && sameFrame(t.bytes, lost)) {
                resentAt = now;
                return true;
            }
            return true;
        };
        std::vector<Millis> voiceAtB;
        auto events = p.net.onEvent;
        p.net.onEvent = [&, events](const PeerAddress& node, const EngineEvent& e) {
            events(node, e);
            if (node == kB && std::holds_alternative<VoiceReceived>(e))
                voiceAtB.push_back(p.net.now());
        };
        const auto ca = p.connect(p.dial());
        QVERIFY(ca && p.answeredBoth());
        auto talk = [&](Millis ms) { talkPastDuplicate(p, dup, *ca, ms); };
        talk(Millis(1000)); // the duplicate has shown itself; its VNAKs stopped: full voice frames
        const int minisBefore = dup.minisTaken;
        const std::size_t heardBefore = voiceAtB.size();
        loseOne = true;
        talk(Millis(1000));
        QVERIFY(lostAt && resentAt);
        QVERIFY(challenge && vnaksLost >= 1);
        QVERIFY2(*resentAt - *lostAt <= Millis(150),
            qPrintable(QString("resent %1 ms after it was lost").arg((*resentAt - *lostAt).count())));
        // The backlog never filled: no mini frame for the duplicate to take, and B heard voice on.
        QVERIFY2(!minisFrom, qPrintable(QString("mini frames from %1 ms").arg((*minisFrom - *lostAt).count())));
        QCOMPARE(dup.minisTaken, minisBefore);
        Millis longest { 0 };
        for (std::size_t i = heardBefore + 1; i < voiceAtB.size(); ++i)
            longest = std::max(longest, voiceAtB[i] - voiceAtB[i - 1]);
        QVERIFY2(longest <= Millis(150), qPrintable(QString("B heard nothing for %1 ms").arg(longest.count())));
        QVERIFY(voiceAtB.size() >= heardBefore + 45);
    }

    void noKeyRotationWhileVoiceGoesAsFullFrames()
    {
        // Asterisk decrypts a full frame before it checks the sequence: our full voice frames under
        // a new key that overtake a lost RTKEY decrypt to garbage there and stall everything behind
        // them until resent (live, proxy seed 8). So A rotates only once the duplicate is gone.
        Pair p(alice());
        ScriptedDuplicate dup;
        dup.delivered = { 1 }; // its AUTHREQ at 2 s: hung up then
        p.net.mutate = [&](const PeerAddress& from, Transmit& t) { return from != kA || dup.fromA(p.net, t); };
        std::optional<Millis> rotated;
        auto events = p.net.onEvent;
        p.net.onEvent = [&, events](const PeerAddress& node, const EngineEvent& e) {
            events(node, e);
            if (auto* r = std::get_if<Rekey>(&e); r && node == kA && r->direction == KeyDirection::Tx && !rotated)
                rotated = p.net.now();
        };
        const auto ca = p.connect(p.dial());
        QVERIFY(ca && p.answeredBoth());
        std::vector<std::uint8_t> payload(160, 0x55);
        const CallId cb = p.calleeId();
        // A talks first (the duplicate shows itself: full frames), B from 300 ms on: B rotates at
        // its first voice frame, and A may rotate only after B did.
        const Millis bFrom = p.net.now() + Millis(300);
        for (const Millis end = *dup.madeAt + Millis(4000); p.net.now() < end;) {
            dup.tick(p.net);
            p.a.sendVoice(*ca, payload, 20, p.net.now());
            if (p.net.now() >= bFrom)
                p.b.sendVoice(cb, payload, 20, p.net.now());
            p.net.run(p.net.now() + Millis(20));
        }
        QVERIFY(dup.hungUpAt);
        QVERIFY(rotated);
        QVERIFY2(*rotated >= *dup.hungUpAt,
            qPrintable(
                QString("rotated %1 ms before the duplicate was hung up").arg((*dup.hungUpAt - *rotated).count())));
    }

    void vnaksForOneGapAreAnsweredOncePerRoundTrip()
    {
        // Full voice frames take sequence numbers, and Asterisk VNAKs every frame that arrives after
        // a gap. Answering each VNAK with everything from the gap on fed itself: live at 25 % loss,
        // 1.16 million retransmissions in a 15 s call. Five frames are pending here; ten VNAKs for
        // the same gap within 20 ms get one resend of the five, a VNAK 80 ms after the first another.
        Pair p(alice(EncryptionPolicy::Off));
        const auto ca = p.connect(p.dial(EncryptionPolicy::Off));
        QVERIFY(ca && p.answeredBoth());
        p.net.run(p.net.now() + Millis(200));
        bool blackhole = true;
        p.net.mutate = [&](const PeerAddress& from, Transmit&) { return from != kA || !blackhole; };
        std::vector<FullFrame> texts;
        int resent = 0;
        p.net.tap = [&](const PeerAddress& from, const Transmit& t) {
            if (from != kA || !isFull(t.bytes))
                return;
            auto f = decodeFullFrame(t.bytes);
            if (!f || f->type != std::uint8_t(FrameType::Text))
                return;
            if (f->retransmission)
                ++resent;
            else
                texts.push_back(*f);
        };
        for (int i = 0; i < 5; ++i)
            QVERIFY(p.a.sendText(*ca, "t" + std::to_string(i), p.net.now()));
        p.net.run(p.net.now() + Millis(1));
        QCOMPARE(texts.size(), std::size_t(5));
        const std::uint16_t theirs = texts.front().dcall;
        auto vnak = [&] {
            FullFrame v;
            v.scall = theirs;
            v.dcall = *ca;
            v.oseqno = 9;
            v.iseqno = texts.front().oseqno;
            v.timestamp = 1;
            v.type = std::uint8_t(FrameType::Iax);
            v.subclass = std::int64_t(IaxCommand::Vnak);
            return encode(v);
        };
        for (int i = 0; i < 10; ++i) {
            p.net.inject(kB, kA, vnak());
            p.net.run(p.net.now() + Millis(2));
        }
        QCOMPARE(resent, 5);
        p.net.run(p.net.now() + Millis(60));
        p.net.inject(kB, kA, vnak());
        p.net.run(p.net.now() + Millis(1));
        QCOMPARE(resent, 10);
        blackhole = false;
    }

    void noDuplicateMeansMiniFrames()
    {
        // The cost of full voice frames is paid only for a duplicate that shows itself.
        Pair p(alice());
        int minis = 0, fulls = 0;
        bool talking = false;
        p.net.tap = [&](const PeerAddress& from, const Transmit& t) {
            if (from == kA && talking)
                (isMini(t.bytes) ? minis : fulls) += 1;
        };
        p.net.setProfile({ Millis(20), Millis(0), 0.2 });
        const auto ca = p.connect(p.dial(), Millis(20000));
        QVERIFY(ca && p.answeredBoth());
        talking = true;
        p.talk(*ca, std::nullopt, Millis(5000));
        QVERIFY2(minis >= 240, qPrintable(QString::number(minis)));
        QVERIFY2(fulls <= 10, qPrintable(QString::number(fulls)));
    }
};

QTEST_GUILESS_MAIN(TestEngineDuplicateCall)
#include "tst_engine_duplicate_call.moc"
