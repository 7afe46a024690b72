// The call-quality estimate (core/phone/call_quality.h) against ITU-T G.107 / G.113 reference
// points, and the CallTracker's live statistics: the encryption counters and the quality of an
// answered call follow the engine's periodic CallStats.
#include "core/phone/call_audio.h"
#include "core/phone/call_quality.h"
#include "core/phone/call_tracker.h"

#include <QSignalSpy>
#include <QTest>

using namespace iax;
using namespace iax::phone;

class TstPhoneQuality : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mosFromRatingReferencePoints_data();
    void mosFromRatingReferencePoints();
    void defaultConnectionRatesR932();
    void lossImpairmentOfG711();
    void delayImpairment();
    void worseDirectionDecides();
    void unknownCodecIsNotEstimated();
    void trackerRefreshesCountersAndQuality();
};

void TstPhoneQuality::mosFromRatingReferencePoints_data()
{
    QTest::addColumn<double>("r");
    QTest::addColumn<double>("mos");
    // G.107 default (all parameters at their Table 3 defaults) and the R→MOS pairs of G.109 Table 1
    // (published to two decimals, hence the 0.01 tolerance)
    // / G.107 Figure B.1.
    QTest::newRow("default 93.2") << 93.2 << 4.41;
    QTest::newRow("90") << 90.0 << 4.34;
    QTest::newRow("80") << 80.0 << 4.03;
    QTest::newRow("70") << 70.0 << 3.60;
    QTest::newRow("60") << 60.0 << 3.10;
    QTest::newRow("50") << 50.0 << 2.58;
    QTest::newRow("below 0") << -5.0 << 1.0;
    QTest::newRow("above 100") << 120.0 << 4.5;
}

void TstPhoneQuality::mosFromRatingReferencePoints()
{
    QFETCH(double, r);
    QFETCH(double, mos);
    QVERIFY2(std::abs(mosFromRating(r) - mos) <= 0.01, qPrintable(QString::number(mosFromRating(r))));
}

void TstPhoneQuality::defaultConnectionRatesR932()
{
    const auto g711 = codecImpairment(QStringLiteral("alaw"));
    QVERIFY(g711);
    QCOMPARE(g711->ie, 0.0);
    QCOMPARE(eModelRating({ *g711, 0, 0 }), 93.2);
    QVERIFY(std::abs(mosFromRating(eModelRating({ *g711, 0, 0 })) - 4.41) < 0.006);
}

void TstPhoneQuality::lossImpairmentOfG711()
{
    // G.113 Appendix I: G.711 with PLC, Bpl 25.1; Ie,eff = 95 · Ppl / (Ppl + Bpl).
    const auto g711 = *codecImpairment(QStringLiteral("ulaw"));
    QCOMPARE(g711.bpl, 25.1);
    QVERIFY(std::abs(effectiveEquipmentImpairment(g711, 2) - 7.011) < 0.001);
    QVERIFY(std::abs(effectiveEquipmentImpairment(g711, 10) - 27.066) < 0.001);
    // Monotonic: more loss never rates better.
    double last = 100;
    for (int loss = 0; loss <= 50; loss += 5) {
        const double r = eModelRating({ g711, double(loss), 100 });
        QVERIFY(r < last);
        last = r;
    }
}

void TstPhoneQuality::delayImpairment()
{
    QCOMPARE(phone::delayImpairment(0), 0.0);
    QVERIFY(std::abs(phone::delayImpairment(100) - 2.4) < 1e-9);
    // The knee at 177.3 ms: beyond it each ms costs 0.134 instead of 0.024.
    QVERIFY(std::abs(phone::delayImpairment(400) - (9.6 + 0.11 * 222.7)) < 1e-9);
    // G.114: up to 150 ms one way keeps "satisfied" users (R > 80, MOS > 4.0) on G.711.
    QVERIFY(mosFromRating(eModelRating({ *codecImpairment(QStringLiteral("alaw")), 0, 150 })) > 4.0);
}

void TstPhoneQuality::worseDirectionDecides()
{
    core::CallStats s;
    s.rttMs = 100;
    s.jitterMs = 5;
    s.voiceReceived = 990;
    s.lost = 10; // 1 % we hear
    const CallQuality ours = estimateQuality(s, QStringLiteral("opus"), 40);
    QVERIFY(ours.known);
    QCOMPARE(ours.lossPercent, 1);
    QCOMPARE(ours.oneWayDelayMs, 50.0 + 40.0 + 20.0);
    QVERIFY(std::abs(ours.rating - eModelRating({ *codecImpairment(QStringLiteral("opus")), 1, 110 })) < 1e-9);
    s.peerLossPercent = 8; // the peer hears 8 % loss of our stream
    s.peerJitterMs = 12;
    const CallQuality both = estimateQuality(s, QStringLiteral("opus"), 40);
    QCOMPARE(both.peerLossPercent, 8);
    QCOMPARE(both.peerJitterMs, 12);
    QVERIFY(both.mos < ours.mos);
    QVERIFY(std::abs(both.rating - eModelRating({ *codecImpairment(QStringLiteral("opus")), 8, 110 })) < 1e-9);
    // No playout delay known: twice the jitter, at least 40 ms.
    s.jitterMs = 35;
    QCOMPARE(estimateQuality(s, QStringLiteral("opus"), -1).oneWayDelayMs, 50.0 + 70.0 + 20.0);
    // Our pipeline's share reported by the media (issue 19): Ta = ours + RTT/2, shown as such.
    const CallQuality own = estimateQuality(s, QStringLiteral("opus"), 40, 34);
    QCOMPARE(own.ownDelayMs, 34);
    QCOMPARE(own.oneWayDelayMs, 50.0 + 34.0);
    QCOMPARE(own.oneWayDelayMs, double(CallAudioStats { .latencyMs = 34 }.oneWayMs(s.rttMs)));
    QCOMPARE(estimateQuality(s, QStringLiteral("opus"), 40).ownDelayMs, -1);
}

void TstPhoneQuality::unknownCodecIsNotEstimated()
{
    core::CallStats s;
    s.rttMs = 40;
    const CallQuality q = estimateQuality(s, QStringLiteral("h264"), 20);
    QVERIFY(q.known);
    QCOMPARE(q.rttMs, 40);
    QCOMPARE(q.mos, 0.0);
    QCOMPARE(q.rating, -1.0);
}

void TstPhoneQuality::trackerRefreshesCountersAndQuality()
{
    CallTracker tracker;
    QSignalSpy spy(&tracker, &CallTracker::callUpdated);
    tracker.addOutgoing(7, QStringLiteral("acc"), QStringLiteral("100"), EncryptionPolicy::Opportunistic);
    tracker.apply(core::CallAccepted { core::CallId(7), core::Codec::Alaw });
    tracker.apply(core::CallStateChanged { core::CallId(7), core::CallState::Answered, {} });
    core::EncryptionDetails d;
    d.cipher = "AES-128";
    d.rxProven = d.txProven = true;
    d.framesEncrypted = d.framesDecrypted = 1;
    tracker.apply(core::EncryptionStateChanged { core::CallId(7), core::EncryptionState::Encrypted, d });
    QCOMPARE(tracker.call(7)->details.framesEncrypted, quint64(1));
    QVERIFY(!tracker.call(7)->quality.known);

    // A minute later the engine's statistics say 3000 frames each way and one rekey by the peer.
    core::CallStats s;
    s.rttMs = 60;
    s.jitterMs = 4;
    s.voiceReceived = 3000;
    s.encryption = d;
    s.encryption.framesEncrypted = 3001;
    s.encryption.framesDecrypted = 2999;
    s.encryption.rekeysReceived = 1;
    s.encryption.rotationSupported = true;
    spy.clear();
    QVERIFY(tracker.applyStats(7, s, 60));
    QCOMPARE(spy.count(), 1);
    const CallSnapshot snap = tracker.call(7) ? *tracker.call(7) : CallSnapshot {};
    QCOMPARE(snap.details.framesEncrypted, quint64(3001));
    QCOMPARE(snap.details.framesDecrypted, quint64(2999));
    QCOMPARE(snap.details.rekeysReceived, 1);
    QVERIFY(snap.details.keyRotation);
    QCOMPARE(snap.encryption, EncryptionState::Encrypted);
    QVERIFY(snap.quality.known);
    QCOMPARE(snap.quality.rttMs, 60);
    QVERIFY(snap.quality.mos > 4.0);

    // The same numbers again: nothing shown changed, no snapshot.
    spy.clear();
    QVERIFY(tracker.applyStats(7, s, 60));
    QCOMPARE(spy.count(), 0);
    QVERIFY(!tracker.applyStats(99, s, 60));
    // The media's own delay and underruns reach the snapshot (the call details show them).
    spy.clear();
    QVERIFY(tracker.applyStats(7, s, 60, 41, 2));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(tracker.call(7)->quality.ownDelayMs, 41);
    QCOMPARE(tracker.call(7)->quality.playoutUnderruns, qint64(2));
    QCOMPARE(tracker.call(7)->quality.oneWayDelayMs, 60 / 2.0 + 41);
}

QTEST_GUILESS_MAIN(TstPhoneQuality)
#include "tst_phone_quality.moc"
