// MediaSession's G.711 echo fast path against its PCM path: two sessions of the same law, one
// with the fast path and one with Options::g711EchoFastPath off, are fed the same received
// packets at the same virtual times and ticked at the same virtual times. Every tick must send
// the same frames (payload bytes, timestamp, duration) and report the same counters and levels.
// The input is seeded and covers what the echo meets on a real link: every byte value, jitter,
// reordering, loss (concealment), duplicates, 10 ms and 40 ms packets (the slot split), payloads
// too short to be a packet, a long gap, stalled ticks (catch-up), mute and hold — and, in the
// "tone" rows, a local DTMF tone that puts the fast session on the PCM path and back mid-call.
#include "audio/g711.h"
#include "audio/media_session.h"
#include "core/protocol/constants.h"

#include <QtTest>

#include <map>
#include <random>

using namespace iax::audio;
namespace Codec = iax::core::Codec;

namespace {
struct Received {
    std::vector<std::uint8_t> payload;
    std::uint32_t timestampMs = 0;
};

// The peer's packets by arrival time (several may arrive in the same ms).
std::multimap<std::int64_t, Received> makeArrivals(std::uint32_t seed)
{
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> byte(0, 255), jitter(0, 70), pick(0, 99);
    std::multimap<std::int64_t, Received> out;
    std::uint32_t ts = 5000; // the peer's clock is not ours
    for (std::int64_t sent = 1000; sent < 9000;) {
        const int roll = pick(rng);
        std::size_t bytes = 160;
        if (roll < 5)
            bytes = 80; // 10 ms
        else if (roll < 12)
            bytes = 320; // 40 ms: split into two slots
        else if (roll < 14)
            bytes = 3; // not a packet (shorter than 1 ms): counted as malformed
        Received r;
        r.timestampMs = ts;
        for (std::size_t i = 0; i < bytes; ++i)
            r.payload.push_back(std::uint8_t(byte(rng)));
        const std::int64_t arrival = sent + 30 + jitter(rng);
        if (roll >= 20 && roll < 28) {
            // lost
        } else {
            out.emplace(arrival, r);
            if (roll >= 28 && roll < 31)
                out.emplace(arrival + 15, r); // duplicated
        }
        const std::uint32_t ms = bytes >= 8 ? std::uint32_t(bytes / 8) : 20;
        ts += ms;
        sent += ms;
        if (sent >= 4000 && sent < 4020) {
            sent += 600; // the peer goes quiet (a timestamp gap as well)
            ts += 600;
        }
    }
    return out;
}

// One tick's result, everything a caller can observe.
struct TickOutput {
    std::vector<OutgoingFrame> frames;
    MediaStats stats;
    bool fastPath = false;
};

TickOutput tickAndPull(MediaSession& s, std::int64_t now)
{
    TickOutput t;
    s.tick(now);
    while (auto f = s.pullToSend())
        t.frames.push_back(std::move(*f));
    t.stats = s.stats();
    t.fastPath = s.echoFastPath();
    return t;
}
} // namespace

class TestAudioEcho : public QObject {
    Q_OBJECT
private slots:
    void fastPathEqualsPcmPath_data()
    {
        QTest::addColumn<quint64>("format");
        QTest::addColumn<bool>("withTone");
        QTest::newRow("ulaw") << quint64(Codec::Ulaw) << false;
        QTest::newRow("alaw") << quint64(Codec::Alaw) << false;
        QTest::newRow("ulaw-tone") << quint64(Codec::Ulaw) << true;
        QTest::newRow("alaw-tone") << quint64(Codec::Alaw) << true;
    }

    void fastPathEqualsPcmPath()
    {
        QFETCH(quint64, format);
        QFETCH(bool, withTone);
        MediaSession::Options fastOptions, slowOptions;
        fastOptions.echoCancellation = slowOptions.echoCancellation = false;
        fastOptions.noiseSuppression = slowOptions.noiseSuppression = false;
        slowOptions.g711EchoFastPath = false;
        auto fast = MediaSession::create(format, fastOptions);
        auto slow = MediaSession::create(format, slowOptions);
        QVERIFY(fast && slow);
        fast->setEcho(true);
        slow->setEcho(true);

        const auto arrivals = makeArrivals(withTone ? 7 : 3);
        auto next = arrivals.begin();
        std::mt19937 rng(11);
        std::uniform_int_distribution<int> tickStep(15, 26);
        int ticks = 0, fastTicks = 0, sent = 0, voiced = 0;
        bool sawPcmPathInTone = false;
        const std::uint8_t silence = format == Codec::Ulaw ? linearToUlaw(0) : linearToAlaw(0);
        for (std::int64_t now = 1000; now < 10500; ++ticks) {
            for (; next != arrivals.end() && next->first <= now; ++next) {
                fast->pushReceived(next->second.payload, next->second.timestampMs, next->first);
                slow->pushReceived(next->second.payload, next->second.timestampMs, next->first);
            }
            // Mute and hold for a while; a DTMF tone (120 ms) now and then in the tone rows.
            const bool muted = now >= 3000 && now < 3400;
            const bool held = now >= 6000 && now < 6500;
            fast->setMuted(muted);
            slow->setMuted(muted);
            fast->setHold(held);
            slow->setHold(held);
            if (withTone && ticks % 97 == 50) {
                QVERIFY(fast->playDtmf('5'));
                QVERIFY(slow->playDtmf('5'));
            }
            const TickOutput a = tickAndPull(*fast, now);
            const TickOutput b = tickAndPull(*slow, now);
            const QByteArray where = QByteArray("at ") + QByteArray::number(qint64(now)) + " ms";
            QVERIFY2(a.frames.size() == b.frames.size(), where.constData());
            for (std::size_t i = 0; i < a.frames.size(); ++i) {
                QVERIFY2(a.frames[i].payload == b.frames[i].payload, where.constData());
                QCOMPARE(a.frames[i].timestampMs, b.frames[i].timestampMs);
                QCOMPARE(a.frames[i].durationMs, b.frames[i].durationMs);
                ++sent;
                const auto& p = a.frames[i].payload;
                voiced += std::count(p.begin(), p.end(), silence) < std::ptrdiff_t(p.size()) ? 1 : 0;
            }
            QCOMPARE(a.stats.framesSent, b.stats.framesSent);
            QCOMPARE(a.stats.framesReceived, b.stats.framesReceived);
            QCOMPARE(a.stats.malformed, b.stats.malformed);
            QCOMPARE(a.stats.jitter.lost, b.stats.jitter.lost);
            QCOMPARE(a.stats.jitter.late, b.stats.jitter.late);
            QCOMPARE(a.stats.jitter.concealed, b.stats.jitter.concealed);
            if (!withTone) {
                // Levels too (the tone rows convert PCM concealment to bytes and back, which may
                // move a level by a rounding step).
                QCOMPARE(a.stats.inputLevel, b.stats.inputLevel);
                QCOMPARE(a.stats.outputLevel, b.stats.outputLevel);
            }
            QVERIFY(!b.fastPath);
            fastTicks += a.fastPath ? 1 : 0;
            sawPcmPathInTone |= withTone && !a.fastPath && ticks > 0;
            // The media thread runs late now and then: a 300 ms stall is caught up (10 frames max).
            now += ticks % 150 == 149 ? 300 : tickStep(rng);
        }
        // The comparison was of something: the fast path ran, the echo carried the peer's voice.
        QVERIFY2(fastTicks > ticks / 2, qPrintable(QStringLiteral("%1 of %2 ticks").arg(fastTicks).arg(ticks)));
        QVERIFY(!withTone || sawPcmPathInTone);
        QVERIFY2(voiced > sent / 2, qPrintable(QStringLiteral("%1 of %2 frames voiced").arg(voiced).arg(sent)));
        QVERIFY(fast->stats().malformed > 0);
        QVERIFY(fast->stats().jitter.concealed > 0);
    }

    void fastPathOnlyWhereItIsExact()
    {
        // Opus has no byte table; a recording or a device needs the PCM.
        auto opus = MediaSession::create(Codec::Opus);
        opus->setEcho(true);
        opus->tick(0);
        QVERIFY(!opus->echoFastPath());
        auto ulaw = MediaSession::create(Codec::Ulaw);
        ulaw->tick(0);
        QVERIFY(!ulaw->echoFastPath()); // not echoing
        ulaw->setEcho(true);
        ulaw->tick(20);
        QVERIFY(ulaw->echoFastPath());
    }
};

QTEST_GUILESS_MAIN(TestAudioEcho)
#include "tst_audio_echo.moc"
