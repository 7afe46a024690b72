// Issue 20, attacks on the end-to-end mode with two Engines on a simulated link:
// - a man in the middle who knows the shared secret answers each side with its own ephemeral keys
//   (it decrypts and re-encrypts the CBC AUTHREP, then relays every GCM frame under its two sets of
//   keys): the call works, yet the two phones show different SAS words — the one thing that
//   exposes him;
// - every bit of captured, never-delivered GCM frames (a DTMF digit, a voice frame) flipped and
//   injected: each copy is dropped and counted, none is ever played; the genuine frame then plays once.
#include "core/protocol/e2e_ies.h"
#include "core/protocol/e2e_session.h"
#include "core/protocol/frame_cipher.h"
#include "core/protocol/gcm_frame_cipher.h"
#include "sim/e2e_mitm.h"
#include "sim/e2e_pair.h"

#include <QtTest>

using namespace iax::core;
using namespace iax::sim;

namespace {

// Every way B can drop a datagram without playing it.
std::uint64_t drops(const E2ePair& p)
{
    const auto e = p.encB();
    const auto& c = p.b.counters();
    return e.e2eTampered + e.e2eReplayed + e.e2eTooOld + c.malformed + c.unknownCall + c.spoofed + c.outOfWindow
        + c.clearAfterEncryption + c.mediaBeforeAuth;
}

} // namespace

class TestEngineE2eAttacks : public QObject {
    Q_OBJECT
private slots:
    void manInTheMiddleWithTheSecretShowsDifferentSas()
    {
        E2ePair p(withE2e(true), withE2e(true));
        Mitm m;
        p.net.mutate = [&](const PeerAddress& from, Transmit& t) { return m.rewrite(from, t); };
        const CallId id = p.connect();
        QVERIFY(!m.broken);
        QVERIFY(m.keyed);
        QCOMPARE(p.na.lastState(), CallState::Answered);
        const auto ea = p.encA(id), eb = p.encB();
        QCOMPARE(ea.mode, std::string("e2e"));
        QCOMPARE(eb.mode, std::string("e2e"));
        // He completed both exchanges: each phone's words are his words with that phone ...
        QCOMPARE(ea.sas, m.towardsA.sas());
        QCOMPARE(eb.sas, m.towardsB.sas());
        // ... but the commitment kept him from making the two the same.
        QVERIFY(!ea.sas.empty());
        QVERIFY2(ea.sas != eb.sas, ea.sas.c_str());
        // The call itself works through him and he reads it: only the words tell.
        p.sendDigits(id, "42");
        QCOMPARE(p.digitsAtB(), std::string("42"));
        QCOMPARE(m.dtmfSeen, (std::vector<std::string> { "4", "2" }));
        QVERIFY(m.relayed > 4);
        QCOMPARE(ea.e2eTampered + eb.e2eTampered, std::uint64_t(0));
    }

    void withoutTheMitmBothSidesShowTheSameSas()
    {
        // The control for the test above: the same seeds and no one in the middle.
        E2ePair p(withE2e(true), withE2e(true));
        const CallId id = p.connect();
        QVERIFY(!p.encA(id).sas.empty());
        QCOMPARE(p.encA(id).sas, p.encB().sas);
    }

    void everyFlippedBitOfCapturedFramesIsDroppedNeverPlayed()
    {
        E2ePair p(withE2e(true), withE2e(true));
        const CallId id = p.connect();
        p.sendDigits(id, "1");
        // Capture A's next DTMF frames and one voice frame, none of them delivered.
        std::vector<std::vector<std::uint8_t>> captured;
        p.net.mutate = [&](const PeerAddress& from, Transmit& t) {
            if (from != kA)
                return true;
            captured.push_back(t.bytes);
            return false;
        };
        QVERIFY(p.a.sendDtmf(id, '5', p.net.now()));
        std::vector<std::uint8_t> voice(160, 0x5A);
        p.a.sendVoice(id, voice, 20, p.net.now());
        p.net.run(p.net.now() + Millis(5));
        QVERIFY(captured.size() >= 3); // DTMF begin, DTMF end, the voice mini frame
        p.net.mutate = [](const PeerAddress& from, Transmit&) { return from != kA; }; // A's retransmissions too
        const std::uint64_t voiceBefore = p.b.callStats(p.calleeId())->voiceReceived;
        int flips = 0;
        for (const auto& frame : captured) {
            const bool full = frame[0] & 0x80;
            for (std::size_t bit = 0; bit < frame.size() * 8; ++bit) {
                if (full && bit == 2 * 8) // the R bit: authenticated as a repeat, see below
                    continue;
                auto bad = frame;
                bad[bit / 8] ^= std::uint8_t(0x80 >> (bit % 8));
                const std::uint64_t before = drops(p);
                p.net.inject(kA, kB, bad);
                p.net.run(p.net.now() + Millis(1));
                QVERIFY2(
                    drops(p) > before, qPrintable(QString("bit %1 of a %2-byte frame").arg(bit).arg(frame.size())));
                ++flips;
            }
        }
        QVERIFY(flips > 8 * 150);
        QCOMPARE(p.digitsAtB(), std::string("1"));
        QCOMPARE(p.b.callStats(p.calleeId())->voiceReceived, voiceBefore);
        QCOMPARE(p.nb.lastState(), CallState::Answered); // a burst of forgeries does not end the call
        // The genuine frames play, once — then with the R bit set they are the reliable layer's
        // duplicates (the bit is masked in the associated data by design, docs/E2E.md "Frames").
        for (const auto& frame : captured)
            p.net.inject(kA, kB, frame);
        p.net.run(p.net.now() + Millis(5));
        for (auto frame : captured)
            if (frame[0] & 0x80) {
                frame[2] |= 0x80;
                p.net.inject(kA, kB, frame);
            }
        p.net.run(p.net.now() + Millis(5));
        QCOMPARE(p.digitsAtB(), std::string("15"));
        QCOMPARE(p.b.callStats(p.calleeId())->voiceReceived, voiceBefore + 1);
    }

    // The decrypt-failure limit of hop-by-hop (EngineConfig::decryptFailureLimit consecutive drops
    // and nothing of the peer opened for decryptFailureGrace) holds in this mode too: a long burst of
    // forgeries between good frames leaves the call up; a peer none of whose frames open any more
    // ends it with a clear reason.
    void forgeriesBetweenGoodFramesDoNotEndTheCall()
    {
        E2ePair p(withE2e(true), withE2e(true));
        const CallId id = p.connect();
        std::vector<std::uint8_t> voice(160, 0x5A);
        std::vector<std::uint8_t> junk; // A's mini frame: its call number, then forged bytes
        for (int i = 0; i < 3; ++i) { // the first voice frame is a full one
            p.a.sendVoice(id, voice, 20, p.net.now());
            p.net.run(p.net.now() + Millis(20));
        }
        for (const auto& [from, t] : p.wire)
            if (from == kA && !(t.bytes[0] & 0x80))
                junk = t.bytes;
        QVERIFY(!junk.empty());
        for (int i = 0; i < 1000; ++i) { // 20 s: 50 forgeries after each good voice frame
            p.a.sendVoice(id, voice, 20, p.net.now());
            for (int k = 0; k < 50; ++k) {
                junk[5] = std::uint8_t(k);
                junk[9] = std::uint8_t(i);
                p.net.inject(kA, kB, junk);
            }
            p.net.run(p.net.now() + Millis(20));
        }
        QCOMPARE(p.nb.lastState(), CallState::Answered);
        QVERIFY(p.encB().e2eTampered + p.encB().e2eTooOld + p.encB().e2eReplayed >= 50000);
        QVERIFY(p.b.callStats(p.calleeId())->voiceReceived >= 990);
    }

    void nothingOpensAnyMoreEndsTheCall()
    {
        E2ePair p(withE2e(true), withE2e(true));
        const CallId id = p.connect();
        p.net.mutate = [](const PeerAddress& from, Transmit& t) {
            if (from == kA)
                t.bytes.back() ^= 0x01; // every frame of A from now on fails its tag
            return true;
        };
        std::vector<std::uint8_t> voice(160, 0x5A);
        for (int i = 0; i < 500 && p.nb.lastState() == CallState::Answered; ++i) { // up to 10 s
            p.a.sendVoice(id, voice, 20, p.net.now());
            p.net.run(p.net.now() + Millis(20));
        }
        QCOMPARE(p.nb.lastState(), CallState::Failed);
        QCOMPARE(p.nb.lastEnd()->kind, CallEnd::Kind::EncryptionFailure);
        QVERIFY2(
            p.nb.lastEnd()->reason.find("cannot be decrypted") != std::string::npos, p.nb.lastEnd()->reason.c_str());
        QVERIFY(p.encB().e2eTampered >= 20);
        QVERIFY(p.net.now() >= Millis(6000)); // not before the grace period
    }
};

QTEST_GUILESS_MAIN(TestEngineE2eAttacks)
#include "tst_engine_e2e_attacks.moc"
