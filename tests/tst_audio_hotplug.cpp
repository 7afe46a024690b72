// Issue 19 on a real sound device (PortAudioDevice → libpulse, or PortAudio → ALSA's pulse plugin, → a private
// PulseAudio whose sink is the null sink "spk"; run under tests/scripts/with-pulse.sh, as CTest does):
//  - a call on the default device follows a second sink that becomes the default, and comes back
//    when that sink is unloaded during the call (hot-plug as PulseAudio does it);
//  - a call on a chosen sink survives its removal and follows it when it comes back;
//  - after a loss the device reopens the first fallback preference that exists (a missing one
//    is named in the notice), and so does a call whose chosen device is missing at its start;
//  - on request (IAXPHONE_MEASURE_LATENCY=1), the click-in → click-out loop latency.
#include "audio/media_session.h"
#include "audio/portaudio_device.h"
#include "audio/tone_generator.h"
#include "audio/voice_codec.h"
#include "core/protocol/constants.h"
#include "support/pulse_device_support.h"
#include "support/tone_support.h"

#include <QProcess>
#include <QtTest>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <numbers>
#include <thread>

using namespace iax::audio;
using namespace iax::test; // nowMs, warmUp, drain, pactl, goertzel, BusyToneCall

namespace {
/// The sink our stream (the only playback stream of this private server) plays to.
QString sinkOfOurStream()
{
    const QString sinks = pactl({ "list", "sinks", "short" });
    const QString inputs = pactl({ "list", "sink-inputs", "short" }).trimmed();
    const QStringList in = inputs.split('\t');
    if (inputs.isEmpty() || in.size() < 2)
        return QString();
    for (const QString& line : sinks.split('\n')) {
        const QStringList f = line.split('\t');
        if (f.size() >= 2 && f[0] == in[1])
            return f[1];
    }
    return QString();
}

/// True when 1.5 s of what `sink`'s monitor hears (recorded by parec while `call` goes on) carry
/// the call's tone.
bool toneInOneWindow(BusyToneCall& call, const QString& sink)
{
    QProcess rec;
    rec.start("parec", { "-d", sink + ".monitor", "--format=s16le", "--rate=48000", "--channels=1", "--raw" });
    QByteArray pcm;
    const qsizetype want = 48000 * 2 * 3 / 2;
    call.runUntil(
        [&] {
            rec.waitForReadyRead(0);
            pcm += rec.readAllStandardOutput();
            return pcm.size() >= want;
        },
        20000);
    rec.kill();
    rec.waitForFinished(2000);
    std::vector<std::int16_t> x(std::size_t(pcm.size() / 2));
    std::memcpy(x.data(), pcm.constData(), x.size() * 2);
    const double p = x.empty() ? 0 : goertzel(x, 480, 48000);
    qInfo("%s: %zu samples, 480 Hz power %.3g", qPrintable(sink), x.size(), p);
    return p > 1e12;
}

/// True when the call's tone is heard on `sink` within four 1.5 s windows (on a loaded machine a
/// stream the server has just moved can stall for a second before it plays on).
bool toneOn(BusyToneCall& call, const QString& sink)
{
    for (int i = 0; i < 4; ++i) {
        if (toneInOneWindow(call, sink))
            return true;
    }
    return false;
}

/// Where a pass of the click loop spends its time, collected while the loop runs (issue 19): the
/// capture frames' wait from the callback completing them to the tick that reads them, the
/// jitter buffer's delay, the playback ring's level at the tick, and what the sound server says
/// about its two streams. Means over the run after the click; printed, never asserted.
struct LoopBreakdown {
    double waitSum = 0, waitMin = 1e9, waitMax = 0;
    long waits = 0;
    double ringBeforeSum = 0, ringAfterSum = 0, jitterWait = 0;
    long ticks = 0;
    struct {
        double playbackLatencyMs = 0, sinkMs = 0, recordLatencyMs = 0, sourceMs = 0;
    } server; // sums of the samples
    long timings = 0;
    PulseStream::Timing last {};

    static std::int64_t nowUs()
    {
        return std::chrono::duration_cast<std::chrono::microseconds>(
            std::chrono::steady_clock::now().time_since_epoch())
            .count();
    }
    void beforeTick(const PortAudioDevice& dev)
    {
        const std::size_t q = dev.captureQueued();
        const std::int64_t done = dev.lastCaptureFrameUs();
        if (q > 0 && done > 0) {
            // The newest frame waited since the callback completed it; each older one a ring frame more.
            const double newest = double(nowUs() - done) / 1000.0;
            for (std::size_t i = 0; i < q; ++i) {
                const double w = newest + double(i) * dev.frameMs();
                waitSum += w;
                waitMin = std::min(waitMin, w);
                waitMax = std::max(waitMax, w);
                ++waits;
            }
        }
        ringBeforeSum += double(dev.playbackQueued());
    }
    void afterTick(const PortAudioDevice& dev, const MediaSession& s)
    {
        ringAfterSum += double(dev.playbackQueued());
        jitterWait = s.stats().jitter.meanWaitMs; // the mean over the call so far
        ++ticks;
    }
    void addServer(const std::optional<PulseStream::Timing>& t)
    {
        if (!t)
            return;
        last = *t;
        server.playbackLatencyMs += t->playbackLatencyMs;
        server.sinkMs += t->sinkMs;
        server.recordLatencyMs += t->recordLatencyMs;
        server.sourceMs += t->sourceMs;
        ++timings;
    }
    QString text(int frameMs, int ringMs, int tickMs, double codecMs) const
    {
        const auto mean = [](double sum, long n) { return n ? sum / double(n) : 0.0; };
        const double n = double(std::max(timings, 1L));
        QString t = QString("breakdown, means after the click: capture frame %1 ms + codec %2 ms; capture "
                            "callback -> tick %3 ms (min %4, max %5, %6 frames); tick %7 ms; jitter buffer wait "
                            "%8 ms; ring before / after the tick %9 / %10 frames of %11 ms")
                        .arg(frameMs)
                        .arg(codecMs, 0, 'f', 1)
                        .arg(mean(waitSum, waits), 0, 'f', 1)
                        .arg(waits ? waitMin : 0.0, 0, 'f', 1)
                        .arg(waitMax, 0, 'f', 1)
                        .arg(waits)
                        .arg(tickMs)
                        .arg(jitterWait, 0, 'f', 1)
                        .arg(mean(ringBeforeSum, ticks), 0, 'f', 2)
                        .arg(mean(ringAfterSum, ticks), 0, 'f', 2)
                        .arg(ringMs);
        if (timings)
            t += QString("; server: playback latency %1 ms (stream queue %2 + sink %3), record latency %4 ms "
                         "(source %5); granted tlength %6, minreq %7, prebuf %8, fragsize %9 ms (%10 samples)")
                     .arg(server.playbackLatencyMs / n, 0, 'f', 1)
                     .arg((server.playbackLatencyMs - server.sinkMs) / n, 0, 'f', 1)
                     .arg(server.sinkMs / n, 0, 'f', 1)
                     .arg(server.recordLatencyMs / n, 0, 'f', 1)
                     .arg(server.sourceMs / n, 0, 'f', 1)
                     .arg(last.tlengthMs, 0, 'f', 1)
                     .arg(last.minreqMs, 0, 'f', 1)
                     .arg(last.prebufMs, 0, 'f', 1)
                     .arg(last.fragsizeMs, 0, 'f', 1)
                     .arg(timings);
        return t;
    }
};

/// The null sink's and its monitor's latency as the server lists them ("Latency: X usec,
/// configured Y usec"), one "name: latency" per device.
QString serverLatencies()
{
    QString out;
    for (const char* kind : { "sinks", "sources" }) {
        QString name;
        for (const QString& line : pactl({ "list", kind }).split('\n')) {
            const QString l = line.trimmed();
            if (l.startsWith("Name:"))
                name = l.mid(5).trimmed();
            else if (l.startsWith("Latency:"))
                out += (out.isEmpty() ? "" : "; ") + name + " " + l.mid(8).trimmed();
        }
    }
    return out;
}
} // namespace

class TestAudioHotplug : public QObject {
    Q_OBJECT
private slots:
    void callFollowsASecondSinkComingAndGoing()
    {
        // Hot-plug on Linux (issue 19): a call plays on the default device (ALSA's pulse plugin,
        // i.e. PulseAudio's default sink). A second card appears (null sink spk2) and becomes the
        // default: the call moves to it; the card is removed during the call: the call moves back
        // to spk — without dropping: no FallbackFailed, and the tone is heard on each card in
        // turn. Waits are bounded generously and end on what is observed, not on a timer; how
        // long the move back took is printed (goal: under 1 s).
        PortAudioDevice dev;
        QVERIFY(dev.open("none", "", 48000).ok());
        QVERIFY(warmUp(dev));
        iax::test::BusyToneCall call(dev);
        const std::vector<DeviceEvent>& events = call.events;
        auto runUntil = [&](auto done, int boundMs) { return call.runUntil(done, boundMs); };
        runUntil([] { return false; }, 300);
        QCOMPARE(sinkOfOurStream(), QString("spk"));
        QVERIFY(toneOn(call, "spk"));

        const QString module = pactl({ "load-module", "module-null-sink", "sink_name=spk2", "rate=48000" }).trimmed();
        QVERIFY2(!module.isEmpty(), "pactl load-module failed");
        pactl({ "set-default-sink", "spk2" });
        QVERIFY2(runUntil([&] { return sinkOfOurStream() == "spk2"; }, 15000), "the call did not follow the new card");
        QVERIFY(toneOn(call, "spk2"));

        const std::int64_t unplugged = nowMs();
        pactl({ "unload-module", module });
        const bool back = runUntil(
            [&] {
                return (sinkOfOurStream() == "spk" && !call.has(DeviceEvent::Kind::Lost))
                    || call.has(DeviceEvent::Kind::FellBack);
            },
            15000);
        qInfo("back on spk %lld ms after the unplug (%zu device events)", static_cast<long long>(nowMs() - unplugged),
            events.size());
        QVERIFY2(back, "the call did not move back to the remaining card");
        pactl({ "set-default-sink", "spk" });
        QVERIFY(toneOn(call, "spk"));
        QVERIFY(!call.has(DeviceEvent::Kind::FallbackFailed));
    }

    void callFollowsANewlyAddedPreferredSink()
    {
        // The "Done when" of issue 19's hot-plug: a call on its chosen device (the sound server's
        // sink "headset", a null sink standing in for a USB headset) survives the headset being
        // unplugged (the server moves the stream to spk, or the stream dies and the device falls
        // back: either way a notice says so), and when a headset of that name is plugged in again
        // the call moves back to it by itself, with a notice, without dropping. How long the move
        // took is printed (goal: under 1 s; the bound here only ends a broken run).
        const QStringList load { "load-module", "module-null-sink", "sink_name=headset", "rate=48000" };
        QString module = pactl(load).trimmed();
        QVERIFY2(!module.isEmpty(), "pactl load-module failed");
        const auto listed = PortAudioDevice::list();
        QVERIFY(std::any_of(listed.begin(), listed.end(),
            [](const DeviceInfo& d) { return d.id == "PulseAudio:headset" && d.maxOutputs > 0; }));
        PortAudioDevice dev;
        QVERIFY(dev.open("none", "PulseAudio:headset", 48000).ok());
        dev.setFallbackPreferences({}, { "PulseAudio:headset" });
        QVERIFY(warmUp(dev));
        BusyToneCall call(dev);
        call.runUntil([] { return false; }, 300);
        QCOMPARE(sinkOfOurStream(), QString("headset"));
        QCOMPARE(QString::fromStdString(dev.outputDeviceId()), QString("PulseAudio:headset"));
        QVERIFY(toneOn(call, "headset"));

        pactl({ "unload-module", module });
        QVERIFY2(
            call.runUntil([&] { return sinkOfOurStream() == "spk" && call.has(DeviceEvent::Kind::FellBack); }, 15000),
            "the call did not stay up on spk with a notice");
        QVERIFY(toneOn(call, "spk"));

        module = pactl(load).trimmed();
        QVERIFY2(!module.isEmpty(), "pactl load-module failed");
        const std::int64_t plugged = nowMs();
        const bool followed = call.runUntil(
            [&] { return sinkOfOurStream() == "headset" && call.has(DeviceEvent::Kind::Switched); }, 15000);
        qInfo("on the new headset %lld ms after it was plugged in", static_cast<long long>(nowMs() - plugged));
        QVERIFY2(followed, "the call did not follow the preferred headset");
        QVERIFY(toneOn(call, "headset"));
        QVERIFY(!call.has(DeviceEvent::Kind::FallbackFailed));
        QVERIFY(!call.has(DeviceEvent::Kind::OpenFailed));
        pactl({ "unload-module", module });
    }

    void fallbackTakesTheFirstAvailablePreference()
    {
        // After a loss the device reopens the first preference that exists after re-enumerating
        // (a missing headset is skipped, with a notice naming it), not blindly the default.
        PortAudioDevice dev;
        QVERIFY(dev.open("none", "", 48000).ok());
        QVERIFY(warmUp(dev));
        QCOMPARE(QString::fromStdString(dev.outputDeviceId()), QString("PulseAudio:default"));
        dev.setFallbackPreferences({}, { "ALSA:headset that was unplugged", "ALSA:pulse" });
        dev.simulateLoss();
        std::vector<DeviceEvent> events;
        const std::int64_t start = nowMs();
        while (nowMs() - start < 30000 && std::none_of(events.begin(), events.end(), [](const DeviceEvent& e) {
            return e.kind == DeviceEvent::Kind::FellBack || e.kind == DeviceEvent::Kind::FallbackFailed;
        })) {
            dev.clock(nowMs());
            while (auto e = dev.pollEvent()) {
                qInfo("device event %d: %s", int(e->kind), e->detail.c_str());
                events.push_back(*e);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        QVERIFY(!events.empty());
        QCOMPARE(events.back().kind, DeviceEvent::Kind::FellBack);
        QCOMPARE(QString::fromStdString(dev.outputDeviceId()), QString("ALSA:pulse"));
        QVERIFY2(events.back().detail.find("'ALSA:headset that was unplugged' is not available") != std::string::npos,
            events.back().detail.c_str());
        QVERIFY(warmUp(dev));
    }

    void missingChosenDeviceFallsBackAtCallStart_data()
    {
        QTest::addColumn<QStringList>("preferences"); // the output's, most preferred first
        QTest::addColumn<QString>("expected"); // the device the call must end up on
        QTest::addColumn<QString>("sink"); // where the server must play it
        // The chosen headset is not plugged in: the next preference that is there (spk2) …
        QTest::newRow("next preference") << QStringList { "PulseAudio:headset", "PulseAudio:gone too",
            "PulseAudio:spk2" } << "PulseAudio:spk2"
                                         << "spk2";
        // … or, with none there, the default device.
        QTest::newRow("default") << QStringList { "PulseAudio:headset" } << "PulseAudio:default"
                                 << "spk";
    }
    void missingChosenDeviceFallsBackAtCallStart()
    {
        // Issue 19: a call whose chosen device is missing at its start (a headset left at home) is
        // not silent: the device opens the next available device of the role's preference list,
        // else the default, and says so in a notice naming both — as a fallback during a call does.
        QFETCH(QStringList, preferences);
        QFETCH(QString, expected);
        QFETCH(QString, sink);
        const QString module = pactl({ "load-module", "module-null-sink", "sink_name=spk2", "rate=48000" }).trimmed();
        QVERIFY2(!module.isEmpty(), "pactl load-module failed");
        struct Unload {
            QString module;
            ~Unload() { pactl({ "unload-module", module }); }
        } unload { module };
        std::vector<std::string> prefs;
        for (const QString& p : preferences)
            prefs.push_back(p.toStdString());
        PortAudioDevice dev;
        dev.setFallbackPreferences({}, prefs);
        dev.openInBackground("none", prefs.front(), 48000);
        BusyToneCall call(dev);
        QVERIFY2(call.runUntil([&] { return dev.isOpen() || call.has(DeviceEvent::Kind::OpenFailed); }, 30000),
            "the open neither worked nor failed");
        QVERIFY(!call.has(DeviceEvent::Kind::OpenFailed));
        QCOMPARE(QString::fromStdString(dev.outputDeviceId()), expected);
        QVERIFY(call.runUntil([&] { return call.has(DeviceEvent::Kind::FellBack); }, 5000));
        const std::string& notice = call.events.front().detail;
        QVERIFY2(notice.find("'" + prefs.front() + "' is not available") != std::string::npos, notice.c_str());
        QVERIFY2(notice.find("'" + expected.toStdString() + "'") != std::string::npos, notice.c_str());
        QVERIFY2(call.runUntil([&] { return sinkOfOurStream() == sink; }, 15000), "not on the expected sink");
        QVERIFY(toneOn(call, sink));
    }

    void clickLoopLatencyOnTheNullSink_data()
    {
        QTest::addColumn<std::uint64_t>("format");
        QTest::addColumn<bool>("before"); // the sizing before issue 19: 60 ms queue, 20 ms jitter minimum
        QTest::addColumn<int>("frameMs"); // our Opus frame
        QTest::addColumn<int>("ringMs"); // the device's ring frame (the loop ticks every min of the two)
        // true: each tick just after the device's next captured frame, and a wake-up between them
        // when a received frame waits for the playout (MediaSession::msUntilWake() and wake(), as
        // EngineHost ticks a call on a sound card); false: a free-running timer (before issue
        // 19's third part).
        QTest::addColumn<bool>("aligned");
        const auto opus = std::uint64_t(iax::core::Codec::Opus), ulaw = std::uint64_t(iax::core::Codec::Ulaw);
        QTest::newRow("opus") << opus << false << 20 << 20 << true;
        QTest::newRow("opus-freetick") << opus << false << 20 << 20 << false;
        QTest::newRow("opus-before") << opus << true << 20 << 20 << false;
        QTest::newRow("opus-10ms") << opus << false << 10 << 10 << true;
        QTest::newRow("opus-10ms-freetick") << opus << false << 10 << 10 << false;
        QTest::newRow("opus-ring10") << opus << false << 20 << 10 << true;
        QTest::newRow("ulaw") << ulaw << false << 20 << 20 << true;
        QTest::newRow("ulaw-freetick") << ulaw << false << 20 << 20 << false;
        QTest::newRow("ulaw-before") << ulaw << true << 20 << 20 << false;
        QTest::newRow("ulaw-ring10") << ulaw << false << 20 << 10 << true;
    }
    void clickLoopLatencyOnTheNullSink()
    {
        // Issue 19's real-device loop: a click is played into spk; a session with default
        // options (device queue from the device, jitter buffer from zero) captures spk.monitor,
        // its frames come straight back to it (a 0 ms network) and it plays them to spk — so the
        // monitor hears the click again, and again: each interval between two onsets is one pass
        // capture → encode → decode → playout through PulseAudio, what the peer would add to
        // ours. Printed with the session's own estimate and underruns (BENCHMARKS.md); the test
        // itself only requires that the click comes back (the machine's load decides the rest).
        // A measurement, run on request: IAXPHONE_MEASURE_LATENCY=1 (see BENCHMARKS.md).
        if (qEnvironmentVariableIsEmpty("IAXPHONE_MEASURE_LATENCY"))
            QSKIP("a measurement: set IAXPHONE_MEASURE_LATENCY=1 to run it");
        QFETCH(std::uint64_t, format);
        QFETCH(bool, before);
        QFETCH(int, frameMs);
        QFETCH(int, ringMs);
        QFETCH(bool, aligned);
        PortAudioDevice dev, injector, recorder;
        dev.setFrameMs(ringMs);
        QVERIFY(dev.open("", "", 48000).ok());
        QVERIFY(injector.open("none", "", 48000).ok());
        QVERIFY(recorder.open("", "none", 48000).ok());
        QVERIFY2(warmUp(dev) && warmUp(injector) && warmUp(recorder), "a stream does not run");
        MediaSession::Options o { .frameMs = frameMs, .echoCancellation = false, .noiseSuppression = false };
        const int tickMs = std::min(frameMs, ringMs);
        if (before) {
            o.playoutQueueFrames = 3;
            o.jitter.minDelayMs = 20;
        }
        auto s = MediaSession::create(format, o);
        s->setDevice(&dev);
        std::vector<std::int16_t> f(size_t(injector.frameSamples()), 0), heard;
        const std::int64_t start = nowMs();
        std::int64_t next = start, nextFree = start;
        bool clicked = false;
        LoopBreakdown b;
        std::int64_t nextTiming = start;
        // The click comes after the jitter buffer's 5 s window of transits has forgotten the
        // streams' start-up (PulseAudio hands the first captured frames in bursts): what a call
        // hears once under way; the passes of the 3 s after it are measured.
        constexpr std::int64_t kClickAtMs = 6000, kLoopMs = 9000;
        while (nowMs() - start < kLoopMs) {
            const std::int64_t t = nowMs();
            if (!clicked && t - start >= kClickAtMs) {
                for (size_t i = 0; i < f.size(); ++i)
                    f[i] = std::int16_t(12000 * std::sin(2 * std::numbers::pi * 1000 * double(i) / injector.rate()));
                injector.writeFrame(f.data());
                clicked = true;
            }
            if (clicked && t >= nextTiming) {
                b.addServer(dev.serverTiming());
                nextTiming = t + 50;
            }
            if (t >= next) {
                if (clicked)
                    b.beforeTick(dev);
                const bool freeTick = !aligned && t >= nextFree;
                if (aligned)
                    s->wake(t); // as CallMedia: a tick, or the playout alone between two captured frames
                else if (freeTick)
                    s->tick(t);
                else
                    s->playOut(t); // the free-running timer still wakes for the playout
                if (clicked && (aligned || freeTick))
                    b.afterTick(dev, *s);
                while (auto o = s->pullToSend())
                    s->pushReceived(o->payload, o->timestampMs, t);
                if (freeTick)
                    nextFree = std::max(nextFree + tickMs, t - 100); // starved: no burst of catch-up ticks
                const int until = aligned ? s->msUntilWake(t) : s->msUntilPlayout(t);
                if (aligned)
                    next = until >= 0 ? t + std::clamp(until, 1, tickMs) : next + tickMs;
                else
                    next = until >= 0 ? std::min(nextFree, t + std::max(until, 1)) : nextFree;
                if (next < t - 100)
                    next = t; // the loop was starved: no burst of catch-up ticks
            }
            drain(recorder, heard);
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        // Onsets: a loud sample after at least 15 ms of quiet.
        std::vector<std::size_t> onsets;
        const std::size_t quiet = size_t(recorder.rate() * 15 / 1000);
        std::size_t lastLoud = 0;
        bool any = false;
        for (std::size_t i = 0; i < heard.size(); ++i) {
            if (std::abs(int(heard[i])) < 3000)
                continue;
            if (!any || i - lastLoud > quiet)
                onsets.push_back(i);
            any = true;
            lastLoud = i;
        }
        // Every pass: the first ones show the start-up (the playout settles within a second or two),
        // the median of the second half the loop once settled (what a call hears after its start).
        QString intervals;
        std::vector<double> passes;
        for (std::size_t k = 1; k < onsets.size(); ++k) {
            passes.push_back(double(onsets[k] - onsets[k - 1]) * 1000.0 / recorder.rate());
            intervals += QString::number(passes.back(), 'f', 1) + " ";
        }
        std::vector<double> settled(passes.begin() + long(passes.size() / 2), passes.end());
        std::sort(settled.begin(), settled.end());
        const double settledMs = settled.empty() ? 0.0 : settled[settled.size() / 2];
        const auto st = s->stats();
        qInfo("%s%s, %d ms frames, %d ms ring, %s tick: settled pass %.1f ms (median of the second half); click-to-click intervals (ms): %s; estimate %d ms "
              "(device latency %d ms, queue %d ms); playout underruns %llu, device underruns %llu, late ticks %llu; "
              "jitter buffer: dropped %llu, concealed %llu, late %llu",
            formatName(format).c_str(), before ? " (before)" : "", frameMs, ringMs, aligned ? "aligned" : "free",
            settledMs, qPrintable(intervals), st.latencyMs, dev.hardwareLatencyMs(), st.playoutQueueMs,
            static_cast<unsigned long long>(st.playoutUnderruns), static_cast<unsigned long long>(st.deviceUnderruns),
            static_cast<unsigned long long>(st.lateTicks), static_cast<unsigned long long>(st.jitter.dropped),
            static_cast<unsigned long long>(st.jitter.concealed), static_cast<unsigned long long>(st.jitter.late));
        const double codecMs = makeVoiceCodec(format)->codecDelayMs();
        qInfo("%s", qPrintable(b.text(frameMs, ringMs, tickMs, codecMs)));
        qInfo("the server's own devices: %s", qPrintable(serverLatencies()));
        QVERIFY2(onsets.size() >= 2, "the click did not come back through the session");
    }
};

QTEST_GUILESS_MAIN(TestAudioHotplug)
#include "tst_audio_hotplug.moc"
