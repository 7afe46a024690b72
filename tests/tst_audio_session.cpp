// MediaSession end to end with clock-driven FakeDevices (no sound card): a tone captured by
// A's fake microphone is encoded, carried over a simulated network (delay, jitter, loss), put
// into B's jitter buffer, decoded and played on B's fake speaker, where Goertzel must find it —
// for µ-law, A-law and Opus, with devices at 48 kHz and 44.1 kHz (resampling both ways).
// Also: mute, hold, file source → file sink, echo mode, local tones on the playout, a device
// fallback that changes the rate mid-call, garbage payloads, and the capture→playout latency
// at zero jitter.
#include "audio/fake_device.h"
#include "audio/file_sink.h"
#include "audio/file_source.h"
#include "audio/media_session.h"
#include "audio/wav_file.h"
#include "core/phone/call_audio.h"
#include "core/protocol/constants.h"
#include "support/tone_support.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <map>
#include <numbers>
#include <random>

using namespace iax::audio;
using iax::test::goertzel;
using iax::test::tone;
namespace Codec = iax::core::Codec;

namespace {
std::vector<std::int16_t> slice(const std::vector<std::int16_t>& x, double fromS, double toS, int rate)
{
    const auto a = std::min(x.size(), size_t(fromS * rate)), b = std::min(x.size(), size_t(toS * rate));
    return { x.begin() + long(a), x.begin() + long(b) };
}
double energy(const std::vector<std::int16_t>& x)
{
    double e = 0;
    for (auto s : x)
        e += double(s) * s;
    return e;
}

// A one-way network A → B with base delay, uniform jitter and loss, seeded.
struct Link {
    std::mt19937 rng { 42 };
    int baseMs = 30, jitterMs = 0;
    double loss = 0;
    std::multimap<std::int64_t, OutgoingFrame> inFlight;
    void send(MediaSession& from, std::int64_t now)
    {
        std::uniform_real_distribution<double> u(0, 1);
        while (auto f = from.pullToSend()) {
            if (u(rng) < loss)
                continue;
            inFlight.emplace(now + baseMs + std::int64_t(u(rng) * jitterMs), std::move(*f));
        }
    }
    void deliver(MediaSession& to, std::int64_t now)
    {
        while (!inFlight.empty() && inFlight.begin()->first <= now) {
            to.pushReceived(inFlight.begin()->second.payload, inFlight.begin()->second.timestampMs, now);
            inFlight.erase(inFlight.begin());
        }
    }
};

// Runs A → B for `ms`, ticking both every 20 ms (B's ticks 7 ms out of phase).
void run(MediaSession& a, MediaSession& b, Link& link, std::int64_t& now, int ms)
{
    for (const std::int64_t end = now + ms; now < end; now += 1) {
        if (now % 20 == 0) {
            a.tick(now);
            link.send(a, now);
        }
        link.deliver(b, now);
        if (now % 20 == 7)
            b.tick(now);
    }
}
} // namespace

class TestAudioSession : public QObject {
    Q_OBJECT
private slots:
    void toneEndToEnd_data()
    {
        QTest::addColumn<quint64>("format");
        QTest::addColumn<int>("rateA");
        QTest::addColumn<int>("rateB");
        QTest::addColumn<int>("jitter");
        QTest::addColumn<double>("loss");
        QTest::newRow("ulaw 48k") << quint64(Codec::Ulaw) << 48000 << 48000 << 0 << 0.0;
        QTest::newRow("alaw 44.1k->48k jitter") << quint64(Codec::Alaw) << 44100 << 48000 << 60 << 0.02;
        QTest::newRow("opus 48k") << quint64(Codec::Opus) << 48000 << 48000 << 0 << 0.0;
        QTest::newRow("opus 48k->44.1k jitter loss") << quint64(Codec::Opus) << 48000 << 44100 << 80 << 0.05;
    }
    void toneEndToEnd()
    {
        QFETCH(quint64, format);
        QFETCH(int, rateA);
        QFETCH(int, rateB);
        QFETCH(int, jitter);
        QFETCH(double, loss);
        FakeDevice devA(rateA), devB(rateB);
        devA.setInput(tone(rateA, 1000, rateA * 3)); // 3 s of 1 kHz, then silence
        auto a = MediaSession::create(format);
        auto b = MediaSession::create(format);
        QVERIFY(a && b);
        a->setDevice(&devA);
        b->setDevice(&devB);
        Link link;
        link.jitterMs = jitter;
        link.loss = loss;
        std::int64_t now = 0;
        run(*a, *b, link, now, 5000);
        const auto& heard = devB.played();
        QVERIFY(heard.size() >= size_t(rateB * 4));
        // 1 kHz dominates during the tone (allowing for the pipeline delay), silence after.
        const auto mid = slice(heard, 1.0, 2.5, rateB);
        const double p1k = goertzel(mid, 1000, rateB);
        QVERIFY2(p1k > 1e4 * goertzel(mid, 440, rateB), "1 kHz not dominant");
        QVERIFY2(p1k > 1e13, qPrintable(QString::number(p1k)));
        QVERIFY(energy(slice(heard, 4.0, 5.0, rateB)) < 1e-3 * energy(mid));
        const auto st = b->stats();
        qInfo("%s: received %llu, late %llu, lost %llu, concealed %llu, delay %d ms", st.codec.c_str(),
            static_cast<unsigned long long>(st.framesReceived), static_cast<unsigned long long>(st.jitter.late),
            static_cast<unsigned long long>(st.jitter.lost), static_cast<unsigned long long>(st.jitter.concealed),
            st.jitter.currentDelayMs);
        QVERIFY(a->stats().framesSent >= 245);
        QVERIFY(st.outputLevel >= 0);
        QCOMPARE(devA.overruns(), std::uint64_t(0));
    }

    void latencyAtZeroJitter()
    {
        // A click (one loud frame) through A → B with a 0 ms network: how long until B's speaker
        // plays it. Stated bound (issue 19): capture framing 20 + B's tick phase (7) + jitter
        // buffer at zero jitter 0 + the fake device's one-frame queue, + codec delay (Opus 6.5)
        // + resampler filters (~5 each way at 48 kHz for G.711) ≤ 50 ms. It was 86.5 (Opus) and
        // 90 (A-law) + the phase with a 20 ms jitter minimum and a fixed 60 ms queue. B's own
        // estimate (stats().latencyMs, which assumes A's capture side is like B's) is within
        // half a frame of what was measured.
        for (auto format : { Codec::Alaw, Codec::Opus }) {
            FakeDevice devA(48000), devB(48000);
            std::vector<std::int16_t> in(48000, 0);
            for (int i = 24000; i < 24000 + 960; ++i)
                in[size_t(i)] = std::int16_t(12000 * std::sin(2 * std::numbers::pi * 1000 * i / 48000.0));
            devA.setInput(in);
            auto a = MediaSession::create(format, { .echoCancellation = false, .noiseSuppression = false });
            auto b = MediaSession::create(format);
            a->setDevice(&devA);
            b->setDevice(&devB);
            Link link;
            link.baseMs = 0;
            std::int64_t now = 0;
            run(*a, *b, link, now, 1500);
            const auto& out = devB.played();
            size_t first = 0;
            for (size_t i = 0; i < out.size(); ++i)
                if (std::abs(out[i]) > 3000) {
                    first = i;
                    break;
                }
            // B's fake speaker started at B's first tick (7 ms): its sample 0 plays at 7 ms.
            const double latencyMs = (double(first) - 24000) / 48.0 + 7;
            const int estimate = b->stats().latencyMs;
            qInfo("%s: capture->playout latency %.1f ms, B's estimate %d ms", formatName(format).c_str(), latencyMs,
                estimate);
            QVERIFY(first > 0);
            QVERIFY2(latencyMs > 0 && latencyMs <= 50, qPrintable(QString::number(latencyMs)));
            QVERIFY2(std::abs(estimate - latencyMs) <= 10, qPrintable(QString::number(estimate)));
            QCOMPARE(b->stats().playoutUnderruns, std::uint64_t(0));
            // The call details' one-way estimate: ours + RTT/2, unknown while either is.
            const iax::phone::CallAudioStats shown { .latencyMs = estimate };
            QCOMPARE(shown.oneWayMs(40), estimate + 20);
            QCOMPARE(shown.oneWayMs(-1), -1);
            QCOMPARE(iax::phone::CallAudioStats {}.oneWayMs(40), -1);
        }
    }

    void underrunsGrowTheQueueThenItShrinksBack()
    {
        // A card that takes two frames every 40 ms (a 40 ms block) while the session ticks every
        // 20 ms and keeps the fake's one-frame suggestion: it runs dry, the underruns are counted
        // in the stats and each adds a frame to the queue until they stop. Once the card takes
        // one frame per tick again and 20 s pass without an underrun, the queue shrinks back.
        FakeDevice dev(48000, false, true);
        dev.setFollowsClock(false);
        auto s = MediaSession::create(Codec::Ulaw);
        s->setDevice(&dev);
        s->playTone(Tone::Ringback);
        std::int64_t now = 0;
        auto runFor = [&](int ms, int block) {
            for (const std::int64_t end = now + ms; now < end; now += 20) {
                if ((now / 20) % block == 0)
                    dev.advanceFrames(block);
                s->tick(now);
            }
        };
        runFor(200, 1);
        QCOMPARE(s->stats().playoutQueueFrames, dev.suggestedPlayoutFrames());
        runFor(5000, 2);
        const auto grown = s->stats();
        QVERIFY2(grown.playoutUnderruns > 0, "the bursty card never ran dry");
        QVERIFY(grown.playoutQueueFrames > dev.suggestedPlayoutFrames());
        runFor(5000, 2);
        QCOMPARE(s->stats().playoutUnderruns, grown.playoutUnderruns); // the grown queue is enough
        runFor(25000, 1);
        QVERIFY(s->stats().playoutQueueFrames < grown.playoutQueueFrames);
        QCOMPARE(s->stats().playoutUnderruns, grown.playoutUnderruns);
        // A fixed queue (the option) is kept whatever happens; the underruns are still counted.
        MediaSession::Options fixed;
        fixed.playoutQueueFrames = 1;
        FakeDevice dev2(48000, false, true);
        dev2.setFollowsClock(false);
        auto f = MediaSession::create(Codec::Ulaw, fixed);
        f->setDevice(&dev2);
        for (now = 0; now < 2000; now += 20) {
            if ((now / 20) % 2 == 0)
                dev2.advanceFrames(2);
            f->tick(now);
        }
        QCOMPARE(f->stats().playoutQueueFrames, 1);
        QVERIFY(f->stats().playoutUnderruns > 0);
    }

    void aLateTickGrowsTheQueueBeforeItUnderruns()
    {
        // Issue 19: the device queue is sized for ticks on time (the fake suggests one frame). A
        // tick 10 ms late (the machine stalled) has used up half a frame of that: the queue grows
        // by a frame at once, with no underrun yet, so that the next stall finds a frame more
        // queued and the card does not run dry. Ticks late by less than half a tick change
        // nothing; 20 s on time shrink the queue back.
        FakeDevice dev(48000);
        auto s = MediaSession::create(Codec::Ulaw);
        s->setDevice(&dev);
        s->playTone(Tone::Ringback);
        std::int64_t now = 0;
        auto onTime = [&](int ms) {
            for (const std::int64_t end = now + ms; now < end; now += 20)
                s->tick(now);
        };
        onTime(400);
        const int suggested = dev.suggestedPlayoutFrames();
        QCOMPARE(s->stats().playoutQueueFrames, suggested);
        now += 9; // late by 9 ms: less than half a tick
        onTime(400);
        QCOMPARE(s->stats().lateTicks, std::uint64_t(0));
        QCOMPARE(s->stats().playoutQueueFrames, suggested);
        now += 10; // late by half a tick
        onTime(400);
        QCOMPARE(s->stats().lateTicks, std::uint64_t(1));
        QCOMPARE(s->stats().playoutUnderruns, std::uint64_t(0));
        QCOMPARE(s->stats().playoutQueueFrames, suggested + 1);
        now += 15; // a second stall finds two frames queued: still no underrun
        onTime(400);
        QCOMPARE(s->stats().lateTicks, std::uint64_t(2));
        QCOMPARE(s->stats().playoutUnderruns, std::uint64_t(0));
        QCOMPARE(s->stats().playoutQueueFrames, suggested + 2);
        QCOMPARE(dev.underruns(), std::uint64_t(0));
        onTime(45000); // two quiet 20 s periods: each takes a frame away
        QCOMPARE(s->stats().playoutQueueFrames, suggested);
        QCOMPARE(s->stats().lateTicks, std::uint64_t(2));
    }

    void muteSendsSilenceAndHoldSendsNothing()
    {
        FakeDevice dev(48000);
        dev.setInput(tone(48000, 1000, 48000 * 10));
        auto s = MediaSession::create(Codec::Ulaw);
        s->setDevice(&dev);
        std::int64_t now = 0;
        auto tickFor = [&](int ms) {
            std::vector<OutgoingFrame> sent;
            for (const std::int64_t end = now + ms; now < end; now += 20) {
                s->tick(now);
                while (auto f = s->pullToSend())
                    sent.push_back(std::move(*f));
            }
            return sent;
        };
        auto normal = tickFor(1000);
        QVERIFY(normal.size() >= 45);
        QVERIFY(s->stats().inputLevel > 0.1f);
        s->setMuted(true);
        tickFor(100);
        auto muted = tickFor(1000);
        QVERIFY(muted.size() >= 45);
        for (const auto& f : muted)
            for (auto byte : f.payload)
                QCOMPARE(int(byte), 0xFF); // µ-law silence
        QCOMPARE(s->stats().inputLevel, 0.0f);
        QVERIFY(s->stats().muted);
        s->setMuted(false);
        s->setHold(true);
        s->pushReceived(std::vector<std::uint8_t>(160, 0x80), 5000, now);
        QVERIFY(tickFor(1000).empty());
        QVERIFY(s->stats().held);
        QCOMPARE(dev.overruns(), std::uint64_t(0)); // the ring is still drained on hold
        s->setHold(false);
        tickFor(100);
        QVERIFY(tickFor(1000).size() >= 45);
        // Timestamps advance 20 ms per frame.
        const auto more = tickFor(200);
        for (size_t i = 1; i < more.size(); ++i)
            QCOMPARE(more[i].timestampMs - more[i - 1].timestampMs, 20u);
    }

    void fileSourceToFileSinkAndEcho()
    {
        // A plays a file (no device); B answers in echo mode; A records what comes back.
        QTemporaryDir dir;
        const std::string src = (dir.path() + "/in.wav").toStdString();
        const std::string rec = (dir.path() + "/out.wav").toStdString();
        QVERIFY(writeWavMono(src, tone(16000, 600, 16000 * 2), 16000).ok());
        auto a = MediaSession::create(Codec::Alaw);
        auto b = MediaSession::create(Codec::Alaw);
        auto file = FileSource::open(src, a->codecRate());
        QVERIFY(file.ok());
        a->setSource(std::make_unique<FileSource>(std::move(file).value()));
        auto sink = FileSink::create(rec, a->codecRate(), 22050);
        QVERIFY(sink.ok());
        a->setSink(std::move(sink).value());
        b->setEcho(true);
        Link ab, ba;
        std::int64_t now = 0;
        for (; now < 4000; now += 1) {
            if (now % 20 == 0) {
                a->tick(now);
                ab.send(*a, now);
            }
            ab.deliver(*b, now);
            if (now % 20 == 7) {
                b->tick(now);
                ba.send(*b, now);
            }
            ba.deliver(*a, now);
        }
        a->setSink(nullptr); // closes the file
        auto back = readWavMono(rec, 8000);
        QVERIFY(back.ok());
        QVERIFY(back->size() >= 8000 * 3);
        const auto echoed = slice(*back, 0.5, 2.0, 8000);
        QVERIFY2(goertzel(echoed, 600, 8000) > 1e4 * goertzel(echoed, 1000, 8000), "600 Hz not echoed");
        QVERIFY(goertzel(echoed, 600, 8000) > 1e12);
    }

    void tonesArePlayedLocally()
    {
        FakeDevice dev(48000);
        auto s = MediaSession::create(Codec::Opus);
        s->setDevice(&dev);
        s->playTone(Tone::Ringback);
        std::int64_t now = 0;
        for (; now < 1500; now += 20) {
            s->tick(now);
            while (s->pullToSend()) { } // tones are never sent
        }
        const auto out = slice(dev.played(), 0.3, 1.3, 48000);
        QVERIFY(goertzel(out, 440, 48000) > 1e12 && goertzel(out, 480, 48000) > 1e12);
        s->playTone(Tone::None);
        QVERIFY(s->playDtmf('9'));
        QVERIFY(!s->playDtmf('?'));
        const size_t before = dev.played().size();
        for (; now < 2000; now += 20)
            s->tick(now);
        const std::vector<std::int16_t> dtmf(dev.played().begin() + long(before), dev.played().end());
        QVERIFY(goertzel(dtmf, 852, 48000) > 1e11 && goertzel(dtmf, 1477, 48000) > 1e11);
    }

    void deviceFallbackChangesRateMidCall()
    {
        FakeDevice devA(48000), devB(48000);
        devA.setInput(tone(48000, 1000, 48000 * 10));
        auto a = MediaSession::create(Codec::Alaw);
        auto b = MediaSession::create(Codec::Alaw);
        a->setDevice(&devA);
        b->setDevice(&devB);
        Link link;
        std::int64_t now = 0;
        run(*a, *b, link, now, 1000);
        devB.simulateFallback(44100);
        devA.simulateFallback(48000); // same rate, new rings (its input is 48 kHz samples)
        run(*a, *b, link, now, 2000);
        auto e = b->pollDeviceEvent();
        QVERIFY(e && e->kind == DeviceEvent::Kind::Lost);
        e = b->pollDeviceEvent();
        QVERIFY(e && e->kind == DeviceEvent::Kind::FellBack);
        QVERIFY(!b->pollDeviceEvent());
        // After the switch, B's speaker (now 44.1 kHz) still plays the 1 kHz tone.
        const auto& heard = devB.played();
        const std::vector<std::int16_t> tail(heard.end() - 44100, heard.end());
        QVERIFY(goertzel(tail, 1000, 44100) > 1e13);
        QVERIFY(goertzel(tail, 1000, 44100) > 1e4 * goertzel(tail, 1100, 44100));
    }

    void garbageFromTheNetworkIsHarmless()
    {
        FakeDevice dev(48000);
        auto s = MediaSession::create(Codec::Opus);
        s->setDevice(&dev);
        std::mt19937 rng(1);
        std::int64_t now = 0;
        for (int k = 0; k < 200; ++k, now += 20) {
            std::vector<std::uint8_t> junk(size_t(rng() % 200));
            for (auto& b : junk)
                b = std::uint8_t(rng());
            s->pushReceived(junk, std::uint32_t(rng()), now);
            s->tick(now);
        }
        QVERIFY(s->stats().framesReceived > 150);
        QVERIFY(!MediaSession::create(Codec::G729));
    }

    void echoCancellationInTheSession()
    {
        // The fake room: B's speaker leaks into B's microphone 40 ms later at half level. With
        // AEC on, the far-end tone that B sends back must be ≥ 15 dB weaker than with it off.
        double leaked[2] = { 0, 0 };
        for (const bool aec : { false, true }) {
            FakeDevice devA(16000), devB(16000);
            std::mt19937 rng(8);
            std::normal_distribution<double> noise(0, 2500);
            std::vector<std::int16_t> talk(16000 * 8);
            for (auto& s : talk)
                s = std::int16_t(noise(rng)); // broadband far-end "speech"
            devA.setInput(talk);
            devB.setFollowsClock(false); // this test moves B's hardware to add the echo path
            auto a = MediaSession::create(Codec::Alaw, { .echoCancellation = false, .noiseSuppression = false });
            auto b = MediaSession::create(Codec::Alaw, { .echoCancellation = aec, .noiseSuppression = false });
            a->setDevice(&devA);
            b->setDevice(&devB);
            Link ab;
            ab.baseMs = 0;
            std::vector<std::int16_t> backAtA;
            std::vector<std::int16_t> mic;
            std::int64_t now = 0;
            for (; now < 8000; now += 20) {
                a->tick(now);
                ab.send(*a, now);
                ab.deliver(*b, now);
                // B's room: what B played 40 ms ago, at half level, is B's microphone now.
                const auto& played = devB.played();
                std::vector<std::int16_t> m(320, 0);
                for (size_t i = 0; i < 320; ++i) {
                    const long at = long(played.size()) - 640 + long(i);
                    m[i] = at >= 0 ? std::int16_t(played[size_t(at)] / 2) : 0;
                }
                devB.setInput(m);
                devB.advanceFrames(1);
                b->tick(now);
                while (auto f = b->pullToSend())
                    for (auto byte : f->payload)
                        backAtA.push_back(byte);
            }
            double e = 0;
            for (size_t i = backAtA.size() / 2; i < backAtA.size(); ++i) {
                const double v = alawToLinearForTest(backAtA[i]);
                e += v * v;
            }
            leaked[aec ? 1 : 0] = e;
        }
        const double db = 10 * std::log10(leaked[0] / std::max(leaked[1], 1.0));
        qInfo("session AEC: echo sent back %.1f dB lower with AEC on", db);
        QVERIFY2(db > 15, qPrintable(QString::number(db)));
    }

private:
    static double alawToLinearForTest(std::uint8_t a);
};

#include "audio/g711.h"
double TestAudioSession::alawToLinearForTest(std::uint8_t a)
{
    return iax::audio::alawToLinear(a);
}

QTEST_GUILESS_MAIN(TestAudioSession)
#include "tst_audio_session.moc"
