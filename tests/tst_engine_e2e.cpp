// Issue 20 on a simulated link: two Engines negotiate the end-to-end mode (E2E_OFFER in NEW,
// E2E_KEY in AUTHREQ/AUTHREP), agree on the SAS, carry voice and DTMF as AES-128-GCM frames, drop
// and count a DTMF frame with a flipped bit and a replayed one, step the ratchet; an engine without
// the mode falls back to today's AES-128-CBC. And the Asterisk side: an AUTHREQ recorded from the
// live Asterisk (which ignores E2E_OFFER) keeps the call hop-by-hop.
#include "core/protocol/e2e_ies.h"
#include "core/protocol/gcm_frame_cipher.h"
#include "sim/e2e_pair.h"

#include <QtTest>

using namespace iax::core;
using namespace iax::sim;

class TestEngineE2e : public QObject {
    Q_OBJECT
private slots:
    void negotiatesModeAndSas()
    {
        E2ePair p(withE2e(true), withE2e(true));
        const CallId id = p.connect();
        QCOMPARE(p.na.lastEnc(), EncryptionState::Encrypted);
        QCOMPARE(p.nb.lastEnc(), EncryptionState::Encrypted);
        QVERIFY(clearIes(p, IaxCommand::New)->has(kIeE2eOffer));
        QVERIFY(clearIes(p, IaxCommand::AuthReq)->has(kIeE2eKey));
        // The encryption events both sides post carry the mode and the same four words.
        const auto ea = p.na.all<EncryptionStateChanged>().back().details;
        const auto eb = p.nb.all<EncryptionStateChanged>().back().details;
        QCOMPARE(ea.mode, std::string("e2e"));
        QCOMPARE(eb.mode, std::string("e2e"));
        QCOMPARE(ea.cipher, std::string("AES-128-GCM"));
        QCOMPARE(QString::fromStdString(ea.sas).split(' ').size(), 4);
        QCOMPARE(ea.sas, eb.sas);

        // Voice and DTMF both ways, as GCM frames: a mini frame of 160 bytes of µ-law is
        // 2 + 8 + (2 + 160) + 16 bytes, which no CBC frame can be (2 + a multiple of 16).
        const std::size_t wireFrom = p.wire.size();
        std::vector<std::uint8_t> voice(160, 0x5A);
        p.talk(id, 50, voice);
        p.sendDigits(id, "1234#");
        QCOMPARE(p.digitsAtB(), std::string("1234#"));
        int minis = 0;
        for (std::size_t i = wireFrom; i < p.wire.size(); ++i) {
            const auto& bytes = p.wire[i].second.bytes;
            if (bytes.size() >= 2 && !(bytes[0] & 0x80)) {
                ++minis;
                QCOMPARE(bytes.size(), std::size_t(2 + kGcmSeqBytes + 2 + 160 + kGcmTagBytes));
                QVERIFY((bytes.size() - 2) % 16 != 0);
            }
        }
        QVERIFY(minis >= 90);
        QVERIFY(p.b.callStats(p.calleeId())->voiceReceived >= 45);
        QVERIFY(p.a.callStats(id)->voiceReceived >= 45);
        QCOMPARE(p.encB().e2eTampered, std::uint64_t(0));
        QCOMPARE(p.encA(id).e2eTampered, std::uint64_t(0));
    }

    void flippedBitInDtmfIsDroppedAndCounted()
    {
        E2ePair p(withE2e(true), withE2e(true));
        const CallId id = p.connect();
        p.sendDigits(id, "12");
        // Flip one bit of the next full frame from A: the DTMF '5' (byte 19 = its subclass's
        // ciphertext). The genuine retransmission then delivers the right digit once.
        bool flip = true;
        p.net.mutate = [&](const PeerAddress& from, Transmit& t) {
            if (flip && from == kA && t.bytes.size() > 19 && (t.bytes[0] & 0x80)) {
                t.bytes[19] ^= 0x01;
                flip = false;
            }
            return true;
        };
        QVERIFY(p.a.sendDtmf(id, '5', p.net.now()));
        p.net.run(p.net.now() + Millis(3000));
        QVERIFY(!flip);
        QCOMPARE(p.encB().e2eTampered, std::uint64_t(1));
        QCOMPARE(p.digitsAtB(), std::string("125"));
        QCOMPARE(p.nb.lastState(), CallState::Answered);
    }

    void replayedDtmfIsDropped()
    {
        E2ePair p(withE2e(true), withE2e(true));
        const CallId id = p.connect();
        const std::size_t from = p.wire.size();
        p.sendDigits(id, "7");
        QCOMPARE(p.digitsAtB(), std::string("7"));
        // Every full frame A sent for that digit, replayed to B as it was (R bit clear).
        int replayed = 0;
        for (std::size_t i = from; i < p.wire.size(); ++i)
            if (p.wire[i].first == kA && (p.wire[i].second.bytes[0] & 0x80)) {
                p.net.inject(kA, kB, p.wire[i].second.bytes);
                ++replayed;
            }
        QVERIFY(replayed >= 2); // DTMF begin and end (and any ACKs)
        p.net.run(p.net.now() + Millis(1000));
        QCOMPARE(p.digitsAtB(), std::string("7"));
        QCOMPARE(p.encB().e2eReplayed, std::uint64_t(replayed));
    }

    void ratchetStepsBothDirections()
    {
        EngineConfig c = withE2e(true);
        c.e2eRatchetInterval = Millis(10000);
        E2ePair p(c, c);
        const CallId id = p.connect();
        std::vector<std::uint8_t> voice(160, 0x33);
        p.talk(id, 1600, voice); // 32 s
        p.sendDigits(id, "9");
        QCOMPARE(p.digitsAtB(), std::string("9"));
        const auto ea = p.encA(id), eb = p.encB();
        QCOMPARE(ea.rekeysSent, 3);
        QCOMPARE(eb.rekeysSent, 3);
        QCOMPARE(ea.rekeysReceived, 3);
        QCOMPARE(eb.rekeysReceived, 3);
        QCOMPARE(ea.e2eTampered + eb.e2eTampered, std::uint64_t(0));
        QVERIFY(p.b.callStats(p.calleeId())->voiceReceived >= 1550);
    }

    void calleeWithoutModeFallsBackToCbc()
    {
        E2ePair p(withE2e(true), withE2e(false));
        const CallId id = p.connect();
        QVERIFY(clearIes(p, IaxCommand::New)->has(kIeE2eOffer));
        QVERIFY(!clearIes(p, IaxCommand::AuthReq)->has(kIeE2eKey));
        const auto ea = p.na.all<EncryptionStateChanged>().back().details;
        QCOMPARE(p.na.lastEnc(), EncryptionState::Encrypted);
        QCOMPARE(ea.mode, std::string("hop"));
        QCOMPARE(ea.cipher, std::string("AES-128"));
        QVERIFY(ea.sas.empty());
        p.sendDigits(id, "42");
        QCOMPARE(p.digitsAtB(), std::string("42"));
    }

    void callerWithoutModeSendsNoOffer()
    {
        E2ePair p(withE2e(false), withE2e(true));
        const CallId id = p.connect();
        QVERIFY(!clearIes(p, IaxCommand::New)->has(kIeE2eOffer));
        QVERIFY(!clearIes(p, IaxCommand::AuthReq)->has(kIeE2eKey));
        QCOMPARE(p.nb.all<EncryptionStateChanged>().back().details.mode, std::string("hop"));
        p.sendDigits(id, "3");
        QCOMPARE(p.digitsAtB(), std::string("3"));
    }

    // --e2e require (issue 20): a caller that requires the mode never answers an AUTHREQ without
    // E2E_KEY — no AUTHREP, no voice, no DTMF, no text — and the call ends as EncryptionRefused.
    void requiringCallerRefusesCalleeWithoutMode()
    {
        E2ePair p(withE2e(true), withE2e(false));
        DialRequest d = E2ePair::dialRequest();
        d.e2eRequired = true;
        auto id = p.a.dial(d, p.net.now());
        QVERIFY(id);
        std::vector<std::uint8_t> voice(160, 0x5A);
        for (int i = 0; i < 100; ++i) { // the application tries media and DTMF all along
            p.a.sendVoice(*id, voice, 20, p.net.now());
            p.a.sendDtmf(*id, '1', p.net.now());
            p.net.run(p.net.now() + Millis(20));
        }
        QCOMPARE(p.na.lastState(), CallState::Failed);
        QCOMPARE(p.na.lastEnd()->kind, CallEnd::Kind::EncryptionRefused);
        QVERIFY2(p.na.lastEnd()->reason.find("end-to-end") != std::string::npos, p.na.lastEnd()->reason.c_str());
        QVERIFY(p.na.lastEnc() != EncryptionState::Encrypted);
        QVERIFY(!p.nb.sawState(CallState::Answered));
        // What A sent: NEW (twice, with the token), ACKs and the final HANGUP — nothing else, and
        // no mini (voice) frame at all.
        const AesKey key = deriveAesKey(clearIes(p, IaxCommand::AuthReq)->getString(IeId::Challenge).value(), kSecret);
        FrameDecryptor dec(key);
        int news = 0, hangups = 0, other = 0;
        for (const auto& [from, t] : p.wire) {
            if (from != kA)
                continue;
            QVERIFY(t.bytes[0] & 0x80); // never a mini frame
            auto f = decodeFullFrame(t.bytes);
            if (f && f->isIax(IaxCommand::New)) {
                ++news;
                continue;
            }
            if (f && f->isIax(IaxCommand::Ack))
                continue;
            auto plain = dec.decrypt(t.bytes, FrameKind::Full);
            auto g = plain ? decodeFullFrame(plain->datagram) : f;
            if (g && g->isIax(IaxCommand::Ack))
                continue;
            if (g && g->isIax(IaxCommand::Hangup))
                ++hangups;
            else
                ++other;
        }
        QCOMPARE(news, 2);
        QVERIFY(hangups >= 1);
        QCOMPARE(other, 0);
    }

    void requiringCalleeRejectsCallerWithoutMode()
    {
        EngineConfig cb = withE2e(true);
        cb.e2eRequired = true;
        E2ePair p(withE2e(false), cb);
        auto id = p.a.dial(E2ePair::dialRequest(), p.net.now());
        QVERIFY(id);
        p.net.run(p.net.now() + Millis(3000));
        QCOMPARE(p.na.lastState(), CallState::Rejected);
        QCOMPARE(p.na.lastEnd()->kind, CallEnd::Kind::EncryptionRefused); // "End-to-end encryption required"
        QVERIFY(!clearIes(p, IaxCommand::AuthReq)); // refused before any challenge
        QVERIFY(p.nb.all<IncomingCall>().empty());
    }

    void requiringBothSidesAgree()
    {
        EngineConfig c = withE2e(true);
        c.e2eRequired = true;
        E2ePair p(c, c);
        DialRequest d = E2ePair::dialRequest();
        d.e2eRequired = true;
        auto id = p.a.dial(d, p.net.now());
        p.net.run(p.net.now() + Millis(5000), [&] {
            return p.na.lastEnc() == EncryptionState::Encrypted && p.nb.lastEnc() == EncryptionState::Encrypted;
        });
        QCOMPARE(p.na.lastState(), CallState::Answered);
        QCOMPARE(p.encA(*id).mode, std::string("e2e"));
        QCOMPARE(p.encA(*id).sas, p.encB().sas);
    }

    void alteredCalleeKeyNeverAuthenticates()
    {
        // Someone alters the callee's key in the clear AUTHREQ on its way: the two sides derive
        // different keys and different SAS words, no GCM frame authenticates, nothing is played.
        E2ePair p(withE2e(true), withE2e(true));
        p.net.mutate = [&](const PeerAddress& from, Transmit& t) {
            auto f = decodeFullFrame(t.bytes);
            if (from != kB || !f || !f->isIax(IaxCommand::AuthReq))
                return true;
            const auto ies = f->ies();
            IeList kept;
            for (const auto& ie : ies->items()) {
                auto data = ie.data;
                if (ie.id == std::uint8_t(kIeE2eKey))
                    data[5] ^= 0x40;
                kept.addRaw(ie.id, data);
            }
            f->payload = kept.encode();
            t.bytes = encode(*f);
            return true;
        };
        auto id = p.a.dial(E2ePair::dialRequest(), p.net.now());
        QVERIFY(id);
        p.net.run(p.net.now() + Millis(3000));
        QVERIFY(p.na.lastEnc() != EncryptionState::Encrypted);
        QVERIFY(!p.na.sawState(CallState::Answered));
        const auto ea = p.encA(*id);
        const auto eb = p.encB();
        QCOMPARE(ea.mode, std::string("e2e"));
        QCOMPARE(eb.mode, std::string("e2e"));
        QVERIFY(ea.sas != eb.sas);
        QVERIFY(ea.e2eTampered > 0); // the callee's ACCEPT, dropped
    }
};

QTEST_GUILESS_MAIN(TestEngineE2e)
#include "tst_engine_e2e.moc"
