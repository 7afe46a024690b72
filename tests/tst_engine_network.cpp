// Reliable delivery on a bad simulated network, in virtual time: 20 % loss, duplication and
// reordering, VNAK recovery, retransmission give-up, a one-hour call with PING/LAGRQ, a server
// that never answers, a peer that vanishes, and the 16-bit mini-frame timestamp wrap.
#include "sim/engine_pair.h"

#include <QtTest>

using namespace iax::core;
using namespace iax::sim;

namespace {

std::string dtmfEnds(const Node& n)
{
    std::string s;
    for (const auto& d : n.all<DtmfReceived>())
        if (!d.begin)
            s += d.digit;
    return s;
}

// Full frames of a plain (unencrypted) call on the wire, from `from`.
std::vector<FullFrame> clearFullFrames(const Pair& p, const PeerAddress& from)
{
    std::vector<FullFrame> out;
    for (const auto& [src, t] : p.wire)
        if (src == from)
            if (auto f = decodeFullFrame(t.bytes))
                out.push_back(*f);
    return out;
}

} // namespace

class TestEngineNetwork : public QObject {
    Q_OBJECT
private slots:
    void callUnderTwentyPercentLoss_data()
    {
        QTest::addColumn<int>("policy");
        QTest::addColumn<int>("seed");
        for (int seed : { 11, 12, 13, 44 }) {
            QTest::addRow("plain-%d", seed) << int(EncryptionPolicy::Off) << seed;
            QTest::addRow("aes-%d", seed) << int(EncryptionPolicy::Required) << seed;
        }
    }
    void callUnderTwentyPercentLoss()
    {
        QFETCH(int, policy);
        QFETCH(int, seed);
        Pair p(alice(EncryptionPolicy(policy)), std::uint64_t(seed));
        p.net.setProfile({ Millis(40), Millis(20), 0.20, 0 });
        auto id = p.connect(p.dial(EncryptionPolicy(policy)), Millis(60000));
        QVERIFY(!p.net.stalled());
        QVERIFY(p.answeredBoth());
        const CallId cb = p.calleeId();
        const std::string digits = "1234567890*#";
        for (char c : digits) {
            QVERIFY(p.a.sendDtmf(*id, c, p.net.now()));
            p.talk(*id, cb, Millis(500));
        }
        p.net.run(p.net.now() + Millis(30000));
        // Reliable frames: every digit exactly once and in order, despite the loss.
        QCOMPARE(QString::fromStdString(dtmfEnds(p.nb)), QString::fromStdString(digits));
        QCOMPARE(p.na.lastState(), CallState::Answered);
        const auto sa = *p.a.callStats(*id);
        QVERIFY(sa.retransmits > 0);
        // Voice is not retransmitted: about 80 % of it arrives.
        const auto got = p.nb.all<VoiceReceived>().size();
        QVERIFY2(got > 200 && got < 290, qPrintable(QString::number(got)));
        if (EncryptionPolicy(policy) == EncryptionPolicy::Required)
            QCOMPARE(p.na.lastEnc(), EncryptionState::Encrypted);
        p.hangupAndDrain(*id);
        QCOMPARE(p.nb.lastState(), CallState::HungUp);
        QCOMPARE(p.a.callCount(), size_t(0));
        QCOMPARE(p.b.callCount(), size_t(0));
    }

    void duplicationAndReordering()
    {
        Pair p(alice(), 21);
        p.net.setProfile({ Millis(30), Millis(30), 0.05, 0.20, 0.25, Millis(70) });
        auto id = p.connect(p.dial(), Millis(30000));
        QVERIFY(p.answeredBoth());
        const std::string digits = "0123456789";
        for (char c : digits) {
            QVERIFY(p.a.sendDtmf(*id, c, p.net.now()));
            p.talk(*id, p.calleeId(), Millis(200));
        }
        p.net.run(p.net.now() + Millis(20000));
        QCOMPARE(QString::fromStdString(dtmfEnds(p.nb)), QString::fromStdString(digits)); // no duplicate events
        const auto sb = *p.b.callStats(p.calleeId());
        QVERIFY(sb.duplicates > 0);
        QVERIFY(sb.outOfOrder > 0);
        // Reordered voice keeps its timestamps: each VoiceReceived is stamped, none twice in a row.
        auto voice = p.nb.all<VoiceReceived>();
        QVERIFY(voice.size() > 80);
        QCOMPARE(sb.encryption.decryptFailures, 0);
    }

    void vnakRecoversALostFrame()
    {
        Pair p(alice(EncryptionPolicy::Off));
        auto id = p.connect(p.dial(EncryptionPolicy::Off));
        QVERIFY(p.answeredBoth());
        bool dropped = false;
        p.net.mutate = [&](const PeerAddress& from, Transmit& t) {
            auto f = decodeFullFrame(t.bytes);
            if (from == kA && !dropped && f && f->type == std::uint8_t(FrameType::DtmfBegin)) {
                dropped = true; // lose the first DTMF_BEGIN once
                return false;
            }
            return true;
        };
        QVERIFY(p.a.sendDtmf(*id, '5', p.net.now()));
        p.net.run(p.net.now() + Millis(50)); // DTMF_END arrives ahead of the lost BEGIN
        QVERIFY(dropped);
        QVERIFY(p.b.callStats(p.calleeId())->outOfOrder >= 1);
        p.net.run(p.net.now() + Millis(2000));
        auto dtmf = p.nb.all<DtmfReceived>();
        QCOMPARE(dtmf.size(), size_t(2));
        QVERIFY(dtmf[0].begin && !dtmf[1].begin);
        // B asked with a VNAK, and A answered it by retransmitting (R bit).
        bool vnak = false, resent = false;
        for (const auto& f : clearFullFrames(p, kB))
            vnak |= f.isIax(IaxCommand::Vnak);
        for (const auto& f : clearFullFrames(p, kA))
            resent |= f.retransmission && f.type == std::uint8_t(FrameType::DtmfBegin);
        QVERIFY(vnak);
        QVERIFY(resent);
    }

    void retransmissionGiveUp()
    {
        Pair p(alice());
        auto id = p.connect(p.dial());
        QVERIFY(p.answeredBoth());
        const Millis cutAt = p.net.now();
        p.net.cut(kB);
        QVERIFY(p.a.sendDtmf(*id, '9', p.net.now()));
        p.net.run(p.net.now() + Millis(300000), [&] { return p.a.callCount() == 0; });
        QCOMPARE(p.na.lastState(), CallState::Failed);
        QCOMPARE(p.na.lastEnd()->kind, CallEnd::Kind::Unreachable);
        QVERIFY(QString::fromStdString(p.na.lastEnd()->reason).contains("retransmissions"));
        // 6 retransmissions backing off from 500 ms (capped at 8 s): gives up within a minute.
        QVERIFY(p.net.now() - cutAt < Millis(60000));
        QVERIFY(p.na.all<CallFinished>().at(0).stats.retransmits >= 6);
    }

    // The round trip is known from the first second of the call (the handshake's acknowledged
    // frames), not only after the first PONG 20 s in.
    void roundTripKnownBeforeTheFirstPong()
    {
        Pair p(alice(EncryptionPolicy::Off));
        p.net.setProfile({ Millis(40), Millis(0), 0.0, 0 });
        auto id = p.connect(p.dial(EncryptionPolicy::Off));
        QVERIFY(p.answeredBoth());
        p.net.run(p.net.now() + Millis(1000));
        for (const auto& f : clearFullFrames(p, kA))
            QVERIFY(!f.isIax(IaxCommand::Ping) && !f.isIax(IaxCommand::LagRq)); // no probe yet
        const auto s = *p.a.callStats(*id);
        QVERIFY2(s.rttMs >= 70 && s.rttMs <= 120, qPrintable(QString("rtt %1").arg(s.rttMs)));
    }

    void oneHourCallWithKeepalives()
    {
        Pair p(alice(EncryptionPolicy::Off));
        p.net.setProfile({ Millis(25), Millis(10), 0.02, 0 });
        auto id = p.connect(p.dial(EncryptionPolicy::Off));
        QVERIFY(p.answeredBoth());
        p.net.run(p.net.now() + Millis(3600 * 1000));
        QVERIFY(!p.net.stalled());
        QCOMPARE(p.na.lastState(), CallState::Answered);
        QCOMPARE(p.nb.lastState(), CallState::Answered);
        const auto s = *p.a.callStats(*id);
        QVERIFY2(s.rttMs >= 50 && s.rttMs < 200, qPrintable(QString("rtt %1").arg(s.rttMs)));
        // The peer's receiver report (RR_* IEs of its PONG) was read.
        QVERIFY(s.peerJitterMs >= 0 && s.peerLossPercent >= 0 && s.peerPackets >= 0);
        // PING and LAGRQ every 20 s from both sides; each answered (PONG / LAGRP).
        int pings = 0, lagrqs = 0, pongs = 0, lagrps = 0;
        for (const auto& f : clearFullFrames(p, kA)) {
            pings += f.isIax(IaxCommand::Ping) && !f.retransmission;
            lagrqs += f.isIax(IaxCommand::LagRq) && !f.retransmission;
        }
        for (const auto& f : clearFullFrames(p, kB)) {
            pongs += f.isIax(IaxCommand::Pong) && !f.retransmission;
            lagrps += f.isIax(IaxCommand::LagRp) && !f.retransmission;
        }
        QVERIFY2(pings >= 175 && pings <= 181, qPrintable(QString::number(pings)));
        QVERIFY(lagrqs >= 175 && lagrqs <= 181);
        QVERIFY(pongs >= 170 && lagrps >= 170);
        QCOMPARE(p.a.pendingTransmits(), size_t(0));
    }

    void serverThatNeverAnswers()
    {
        Solo s;
        DialRequest d;
        d.peer = kB; // nobody there
        d.secret = kSecret;
        s.a.dial(d, s.net.now());
        s.net.run(Millis(120000));
        QCOMPARE(s.na.lastEnd()->kind, CallEnd::Kind::Unreachable);
        QCOMPARE(s.a.callCount(), size_t(0));
        QVERIFY(!s.net.stalled());
    }

    void peerVanishesMidCall()
    {
        Pair p(alice());
        auto id = p.connect(p.dial());
        QVERIFY(p.answeredBoth());
        p.talk(*id, p.calleeId(), Millis(500));
        p.net.cut(kB);
        // Nothing pending: the next PING discovers it.
        p.net.run(p.net.now() + Millis(300000), [&] { return p.a.callCount() == 0; });
        QCOMPARE(p.na.lastEnd()->kind, CallEnd::Kind::Unreachable);
        QVERIFY(p.net.now() < Millis(120000));
        QCOMPARE(p.a.callCount(), size_t(0));
    }

    void miniTimestampWrap()
    {
        Pair p(alice(EncryptionPolicy::Off));
        auto id = p.connect(p.dial(EncryptionPolicy::Off));
        QVERIFY(p.answeredBoth());
        p.talk(*id, std::nullopt, Millis(70000)); // 3500 frames: past 65 535 ms of timestamp
        int fullVoice = 0;
        std::uint32_t lastFullTs = 0;
        for (const auto& f : clearFullFrames(p, kA))
            if (f.type == std::uint8_t(FrameType::Voice) && !f.retransmission) {
                ++fullVoice;
                lastFullTs = f.timestamp;
            }
        QCOMPARE(fullVoice, 2); // the first frame, and again on the 16-bit wrap
        QVERIFY(lastFullTs >= 0x10000 && lastFullTs < 0x10000 + 20);
        // The receiver unwraps: strictly increasing 32-bit timestamps, 20 ms apart.
        auto voice = p.nb.all<VoiceReceived>();
        QVERIFY(voice.size() >= 3490);
        for (std::size_t i = 1; i < voice.size(); ++i)
            QCOMPARE(voice[i].timestamp - voice[i - 1].timestamp, std::uint32_t(20));
        QVERIFY(voice.back().timestamp > 0x10000);
    }
};

QTEST_GUILESS_MAIN(TestEngineNetwork)
#include "tst_engine_network.moc"
