// Real sound devices: PortAudioDevice (libpulse, or PortAudio → ALSA's pulse plugin) → a private PulseAudio whose only
// sink is the null sink "spk" (default source: its monitor). Run under tests/scripts/with-pulse.sh (CTest does).
// Checks:
//  - devices are listed with stable "<host API>:<name>" ids and defaults;
//  - the full pipeline: an injector plays a DTMF 'A' burst into spk; a MediaSession captures it
//    from spk.monitor, encodes it, and its payloads come back to the same session 2 s later
//    (an echo peer), are decoded and played to spk — a recorder on the monitor hears the burst,
//    then again: the copy went capture → encode → decode → playout;
//  - switching the output device during a call keeps the audio going (Switched event);
//  - a pair with one direction on the sound server and one through PortAudio runs both;
//  - the card disappearing (the null sink unloaded with pactl, as on unplug) is detected, and
//    once a card is back the default device is reopened (Lost … FellBack) and audio heard again;
//  - that reopen, and openInBackground(), open on a helper thread: held there, clock() returns.
// Hot-plug and the real-device latency loop (issue 19) are in tst_audio_hotplug.
#include "audio/media_session.h"
#include "audio/portaudio_device.h"
#include "audio/pulse_stream.h"
#include "audio/tone_generator.h"
#include "core/protocol/constants.h"
#include "support/pulse_device_support.h"
#include "support/tone_support.h"

#include <QProcess>
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <numbers>
#include <optional>
#include <thread>

using namespace iax::audio;
using iax::test::drain;
using iax::test::goertzel;
using iax::test::nowMs;
using iax::test::pactl;
using iax::test::warmUp;

namespace {
// Power of `f` in consecutive 100 ms windows.
std::vector<double> profile(const std::vector<std::int16_t>& x, double f, int rate)
{
    std::vector<double> out;
    const size_t w = size_t(rate / 10);
    for (size_t at = 0; at + w <= x.size(); at += w)
        out.push_back(goertzel(std::vector<std::int16_t>(x.begin() + long(at), x.begin() + long(at + w)), f, rate));
    return out;
}
QString profileText(const std::vector<double>& p)
{
    QString s;
    for (double v : p)
        s += QString::number(v > 0 ? int(std::log10(std::max(v, 1.0))) : 0);
    return s;
}
} // namespace

class TestAudioDevice : public QObject {
    Q_OBJECT
private slots:
    void listsDevices()
    {
        const auto devices = PortAudioDevice::list();
        QVERIFY2(!devices.empty(), "PortAudio sees no device: is PulseAudio running (tests/scripts/with-pulse.sh)?");
        bool in = false, out = false;
        for (const auto& d : devices) {
            QVERIFY(d.id.find(':') != std::string::npos);
            QVERIFY(d.id.ends_with(d.name));
            in |= d.isDefaultInput;
            out |= d.isDefaultOutput;
        }
        QVERIFY(in && out);
        // Ids are stable: listing again gives the same ids.
        const auto again = PortAudioDevice::list();
        QCOMPARE(again.size(), devices.size());
        for (size_t i = 0; i < devices.size(); ++i)
            QCOMPARE(again[i].id, devices[i].id);
        PortAudioDevice dev;
        const auto st = dev.open("no such device", "");
        QVERIFY(!st.ok());
        QCOMPARE(st.error().code, std::string("no-device"));
    }

    void serverQueueIsKnownWithoutTheLock()
    {
        // Issue 19: what the sound server still has queued of our playback, read lock-free by the
        // media thread (PulseStream::playbackQueuedUs(): measured after each request, less the
        // time since) agrees with the server's own interpolated view (timing(): the stream's
        // latency less the sink's) within a fragment, while frames keep coming; the device's
        // cushion beyond its ring counts it (PortAudioDevice::playbackCushionMs()).
        struct Feed {
            std::atomic<std::size_t> played { 0 };
        } feed;
        PulseStream::Callbacks cb;
        cb.user = &feed;
        cb.play = [](void* user, std::int16_t* out, std::size_t frames) {
            std::fill(out, out + frames, std::int16_t(100));
            static_cast<Feed*>(user)->played += frames;
            return frames;
        };
        cb.padded = [](void*) {};
        PulseStream::Config c;
        c.output = true;
        auto opened = PulseStream::open(c, cb);
        QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().reason.c_str());
        auto stream = std::move(opened).value();
        QTRY_VERIFY_WITH_TIMEOUT(stream->playbackQueuedUs() >= 0, 2000);
        int agree = 0, samples = 0;
        double maxQueueMs = 0;
        for (const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(600);
             std::chrono::steady_clock::now() < end; std::this_thread::sleep_for(std::chrono::milliseconds(3))) {
            const double ours = double(stream->playbackQueuedUs()) / 1000.0;
            const PulseStream::Timing t = stream->timing();
            if (t.playbackLatencyMs < 0 || t.sinkMs < 0)
                continue;
            const double theirs = t.playbackLatencyMs - t.sinkMs;
            ++samples;
            maxQueueMs = std::max(maxQueueMs, ours);
            agree += std::abs(ours - theirs) <= t.minreqMs + 1.0;
        }
        QVERIFY2(feed.played > 0, "the server asked for nothing");
        QVERIFY2(samples >= 50, qPrintable(QString::number(samples)));
        QVERIFY2(agree >= samples * 8 / 10, qPrintable(QString("%1 of %2 samples agree").arg(agree).arg(samples)));
        const PulseStream::Timing granted = stream->timing();
        QVERIFY2(maxQueueMs > 0 && maxQueueMs <= granted.tlengthMs + granted.minreqMs + 1.0,
            qPrintable(QString::number(maxQueueMs)));
    }

private:
    // One pass of the pipeline test below: what the recorder heard of the copy, measured.
    struct PipelineResult {
        double at697 = 0;
        std::vector<std::pair<int, double>> neighbours; // (Hz, power) around 697 Hz
        unsigned long long recorderOverruns = 0; // frames the test's own recorder dropped
        bool isTheBurst() const
        {
            return std::all_of(
                neighbours.begin(), neighbours.end(), [&](const auto& n) { return at697 > 3 * n.second; });
        }
        QString text() const
        {
            QString t = QString("697 Hz %1").arg(at697, 0, 'g', 3);
            for (const auto& [hz, power] : neighbours)
                t += QString(", %1 Hz %2").arg(hz).arg(power, 0, 'g', 3);
            return t;
        }
    };
    void pipelineAttempt(PipelineResult& result)
    {
        PortAudioDevice dev, injector, recorder;
        auto st = dev.open("", "", 48000);
        QVERIFY2(st.ok(), st.ok() ? "" : st.error().reason.c_str());
        st = injector.open("none", "", 48000);
        QVERIFY2(st.ok(), st.ok() ? "" : st.error().reason.c_str());
        st = recorder.open("", "none", 48000);
        QVERIFY2(st.ok(), st.ok() ? "" : st.error().reason.c_str());
        QVERIFY2(warmUp(dev), "the session's device does not run");
        QVERIFY2(warmUp(injector), "the injector does not run");
        QVERIFY2(warmUp(recorder), "the recorder does not run");
        // Buffers for a loaded machine, where the streams stall and catch up in lumps: 200 ms of
        // playback queued on the device (a late turn of this loop is no underrun) and at least
        // 300 ms in the jitter buffer (a lump of playout does not outrun the frames). This test is
        // about the path the audio takes, not about its latency.
        auto s = MediaSession::create(iax::core::Codec::Opus,
            { .echoCancellation = false,
                .noiseSuppression = false,
                .playoutQueueFrames = 10,
                .jitter = { .minDelayMs = 300, .maxDelayMs = 1000 } });
        s->setDevice(&dev);
        ToneGenerator burst(injector.rate(), 6000);
        // 697 + 1633 Hz for 0.28 s: with what warm-up left queued it fits the injector's playback
        // ring at once, so a late turn of this loop cannot cut it into pieces.
        burst.startDtmf('A', 280);
        std::vector<std::int16_t> f(size_t(injector.frameSamples())), heard;
        std::deque<std::pair<std::int64_t, OutgoingFrame>> echoLine; // the "peer": back after 2 s
        // The recorder hears the burst, then (the line holds it 2 s) its copy. The copy is what
        // is recorded once the line has given something back and the injector has played all of
        // the burst (on a loaded machine the burst itself may come in pieces over a second or
        // more): nothing before can have gone capture → encode → line → decode → playout. Run
        // until the recorder has heard the copy and then 1.5 s of audio without it (the streams'
        // latency under load is seconds, and pieces may come late). Counted in audio, not in
        // wall-clock time; 60 s is only the bound of a broken pipeline.
        const std::size_t window = size_t(recorder.rate() / 10);
        std::size_t scanned = 0; // 100 ms windows of `heard` looked at
        bool echoed = false; // the line has given a frame back
        std::optional<std::size_t> copyFrom; // the first window that can hold the copy
        std::optional<std::size_t> firstLoud, lastLoud; // windows with 1633 Hz: the first, the copy's last
        std::optional<std::int64_t> lineStart; // wall-clock time of media time 0
        const std::int64_t start = nowMs();
        for (std::int64_t t = start; t - start < 60000; t = nowMs()) {
            while (burst.active() && injector.playbackQueued() < injector.playbackCapacity()) {
                burst.generate(f);
                injector.writeFrame(f.data());
            }
            // What the line delivered by now goes in before the tick plays out, stamped with when
            // it arrived: a turn of this loop that comes late must not hold back frames that were
            // due meanwhile, or playout takes them for missing (and then drops them as late).
            while (!echoLine.empty() && echoLine.front().first <= t) {
                const OutgoingFrame& o = echoLine.front().second;
                s->pushReceived(o.payload, o.timestampMs, echoLine.front().first);
                echoLine.pop_front();
                echoed = true;
            }
            s->tick(t);
            // The line is a clean network: each frame arrives 2 s after its own media time (so
            // frames the capture handed over in one late lump arrive spread out, as sent).
            while (auto o = s->pullToSend()) {
                if (!lineStart)
                    lineStart = t - std::int64_t(o->timestampMs);
                echoLine.emplace_back(std::max(t, *lineStart + std::int64_t(o->timestampMs)) + 2000, std::move(*o));
            }
            drain(recorder, heard);
            if (!copyFrom && echoed && !burst.active() && injector.playbackQueued() == 0)
                copyFrom = heard.size() / window + 1;
            for (; (scanned + 1) * window <= heard.size(); ++scanned)
                if (goertzel(std::vector<std::int16_t>(
                                 heard.begin() + long(scanned * window), heard.begin() + long((scanned + 1) * window)),
                        1633, recorder.rate())
                    > 1e11) {
                    if (!firstLoud)
                        firstLoud = scanned;
                    if (copyFrom && scanned >= *copyFrom)
                        lastLoud = scanned;
                }
            if (lastLoud && scanned >= *lastLoud + 15)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        const auto p = profile(heard, 1633, recorder.rate());
        const auto stats = s->stats();
        qInfo("1633 Hz per 100 ms (log10): %s", qPrintable(profileText(p)));
        qInfo("%lld ms; sent %llu, received %llu, lost %llu, late %llu, concealed %llu, delay %d ms; device "
              "underruns %llu overruns %llu; recorder overruns %llu",
            static_cast<long long>(nowMs() - start), static_cast<unsigned long long>(stats.framesSent),
            static_cast<unsigned long long>(stats.framesReceived), static_cast<unsigned long long>(stats.jitter.lost),
            static_cast<unsigned long long>(stats.jitter.late), static_cast<unsigned long long>(stats.jitter.concealed),
            stats.jitter.currentDelayMs, static_cast<unsigned long long>(stats.deviceUnderruns),
            static_cast<unsigned long long>(stats.deviceOverruns),
            static_cast<unsigned long long>(recorder.overruns()));
        QVERIFY2(firstLoud.has_value(), "the injected burst was not heard");
        QVERIFY2(lastLoud.has_value(), "the burst did not come back through the pipeline within 60 s");
        QVERIFY(*firstLoud < *copyFrom);
        const double peak = *std::max_element(p.begin() + long(*copyFrom), p.end());
        // The copy: the windows from where it can start that hold the burst's upper tone.
        std::size_t from = *copyFrom;
        while (p[from] < peak / 100)
            ++from;
        std::vector<std::int16_t> copy;
        for (std::size_t w = from; w < p.size(); ++w)
            if (p[w] >= peak / 100)
                copy.insert(copy.end(), heard.begin() + long(w * window), heard.begin() + long((w + 1) * window));
        result.at697 = goertzel(copy, 697, recorder.rate());
        for (int hz : { 600, 770, 852, 1000 })
            result.neighbours.emplace_back(hz, goertzel(copy, hz, recorder.rate()));
        result.recorderOverruns = recorder.overruns();
        qInfo("burst at %.1f s, the copy from %.1f s: %zu ms; %s", double(*firstLoud) / 10, double(from) / 10,
            copy.size() * 1000 / size_t(recorder.rate()), qPrintable(result.text()));
        QVERIFY(peak > 1e11);
    }

private slots:
    void fullPipelineThroughTheMonitor()
    {
        // The copy really is the burst: 697 Hz there too, at least 3 times (5 dB) the power at each
        // of its neighbours 600, 770, 852 and 1000 Hz. A wrong codec or rate moves the tone away
        // from 697 Hz (44.1 vs 48 kHz: 640 or 758 Hz; 8 vs 16 kHz: 348 or 1394 Hz), which takes
        // its power there down by orders of magnitude. (Not more than 3 times: on a loaded machine
        // the copy comes in pieces, concealment fills the gaps and the clicks at their edges
        // spread a little everywhere; seen: 4.8 to 6.5 times at 1000 Hz.)
        // The recorder is the test's instrument, not the product: when the test's own thread was
        // starved so long that the recorder's ring overflowed (seen with two busy loops on both
        // cores: 91 frames dropped, the copy in shreds), that measurement says nothing about the
        // pipeline and is taken again, at most three times. A wrong copy heard whole fails at once.
        for (int attempt = 1;; ++attempt) {
            PipelineResult r;
            pipelineAttempt(r);
            if (QTest::currentTestFailed())
                return;
            if (r.isTheBurst())
                return;
            if (r.recorderOverruns == 0 || attempt == 3)
                QVERIFY2(r.isTheBurst(),
                    qPrintable(QString("the copy is not the burst: %1, recorder overruns %2 (attempt %3)")
                                   .arg(r.text())
                                   .arg(r.recorderOverruns)
                                   .arg(attempt)));
            qWarning("attempt %d: the recorder dropped %llu frames (the test thread was starved); measuring again",
                attempt, r.recorderOverruns);
        }
    }

    void switchOutputDuringACall()
    {
        const auto devices = PortAudioDevice::list();
        std::string other;
        for (const auto& d : devices)
            if (d.maxOutputs > 0 && !d.isDefaultOutput && d.id.find("pulse") != std::string::npos)
                other = d.id;
        if (other.empty())
            for (const auto& d : devices)
                if (d.maxOutputs > 0 && d.isDefaultOutput)
                    other = d.id;
        PortAudioDevice dev, recorder;
        QVERIFY(dev.open("none", "", 48000).ok());
        QVERIFY(recorder.open("", "none", 48000).ok());
        QVERIFY(warmUp(dev) && warmUp(recorder));
        auto s = MediaSession::create(iax::core::Codec::Alaw);
        s->setDevice(&dev);
        s->playTone(Tone::Congestion); // 480 + 620 Hz, 250 ms on/off
        std::vector<std::int16_t> heard;
        // Switch once the recorder has heard 1 s, then play until it has heard the tone in 1.5 s
        // of audio from 0.5 s after the switch on: counted in audio, as a loaded machine runs the
        // streams late; 60 s is only the bound of a switch that silences the call.
        const std::int64_t start = nowMs();
        const auto rate = size_t(recorder.rate());
        std::optional<size_t> switchedAt;
        const auto toneAfter = [&] { // in the last 1.5 s, all of it 0.5 s or more after the switch
            if (!switchedAt || heard.size() < *switchedAt + rate / 2 + rate * 3 / 2)
                return false;
            const std::vector<std::int16_t> after(heard.end() - long(rate * 3 / 2), heard.end());
            return goertzel(after, 620, recorder.rate()) > 1e12;
        };
        for (std::int64_t t = start; t - start < 60000 && !toneAfter(); t = nowMs()) {
            if (!switchedAt && heard.size() >= rate) {
                const auto st = dev.switchTo("none", other);
                QVERIFY2(st.ok(), st.ok() ? "" : st.error().reason.c_str());
                switchedAt = heard.size();
            }
            s->tick(t);
            drain(recorder, heard);
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        // The switch is reported; on a loaded machine the device's watchdog may report a stream
        // it reopened as well (before or after), so the switch is looked for among the events.
        bool switched = false;
        while (auto e = s->pollDeviceEvent()) {
            qInfo("device event %d: %s (%s)", int(e->kind), e->detail.c_str(), dev.outputDeviceId().c_str());
            switched |= e->kind == DeviceEvent::Kind::Switched;
        }
        QVERIFY2(switched, "the switch was not reported");
        QVERIFY2(toneAfter(), "no tone after the switch");
    }

    void mixedPairSharesTheRings()
    {
        // One direction on the sound server (libpulse), the other a PortAudio device (ALSA's pulse
        // plugin here): both run into the one pair of rings, at one rate, and both flow.
        PortAudioDevice dev;
        const auto st = dev.open("ALSA:pulse", "PulseAudio:spk", 48000);
        QVERIFY2(st.ok(), st.ok() ? "" : st.error().reason.c_str());
        QCOMPARE(QString::fromStdString(dev.inputDeviceId()), QString("ALSA:pulse"));
        QCOMPARE(QString::fromStdString(dev.outputDeviceId()), QString("PulseAudio:spk"));
        QVERIFY(dev.hasInput() && dev.hasOutput());
        QCOMPARE(dev.rate(), 48000);
        QVERIFY2(warmUp(dev), "a direction of the mixed pair does not flow");
        QVERIFY(dev.hardwareLatencyMs() > 0);
    }

    void lostDeviceFallsBackToTheDefault()
    {
        // The sound card is unplugged: the null sink (our only card) is unloaded while a call
        // plays. The loss must be reported; the default device cannot open while there is no
        // card (FallbackFailed); once a card is back (the sink reloaded), the retry reopens the
        // default device (FellBack) and the call is heard again, without touching the session.
        PortAudioDevice dev;
        QVERIFY(dev.open("none", "", 48000).ok());
        QVERIFY(warmUp(dev));
        iax::test::BusyToneCall call(dev);
        MediaSession* s = call.session.get();
        const std::vector<DeviceEvent>& events = call.events;
        auto runUntil = [&](auto done, int ms) { call.runUntil(done, ms); };
        auto has = [&](DeviceEvent::Kind k) { return call.has(k); };
        runUntil([] { return false; }, 500);
        QVERIFY(events.empty());
        pactl({ "unload-module", "module-null-sink" });
        runUntil([&] { return has(DeviceEvent::Kind::Lost); }, 8000);
        QVERIFY2(has(DeviceEvent::Kind::Lost), "the unplug was not detected");
        pactl({ "load-module", "module-null-sink", "sink_name=spk", "rate=48000" });
        pactl({ "set-default-sink", "spk" });
        pactl({ "set-default-source", "spk.monitor" });
        runUntil([&] { return has(DeviceEvent::Kind::FellBack); }, 8000);
        QVERIFY2(has(DeviceEvent::Kind::FellBack), "no fallback to the default device");
        QCOMPARE(events.front().kind, DeviceEvent::Kind::Lost);
        // The call is heard on the new card.
        PortAudioDevice recorder;
        QVERIFY(recorder.open("", "none", 48000).ok());
        QVERIFY(warmUp(recorder));
        // Until the busy tone is heard in the last 1.5 s of audio (60 s bound a silent fallback).
        std::vector<std::int16_t> heard;
        const auto toneHeard = [&] {
            const auto span = size_t(recorder.rate()) * 3 / 2;
            return heard.size() >= span
                && goertzel(std::vector<std::int16_t>(heard.end() - long(span), heard.end()), 480, recorder.rate())
                > 1e12;
        };
        const std::int64_t start = nowMs();
        while (nowMs() - start < 60000 && !toneHeard()) {
            s->tick(nowMs());
            drain(recorder, heard);
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        QVERIFY2(toneHeard(), "no audio after the fallback");
    }

    void reopenRunsOffTheMediaThread()
    {
        // The fallback reopen after a loss and openInBackground() open the stream on a helper
        // thread: while that open is held there, the media thread's clock() keeps returning and
        // the device stays closed; once it is let go, a later clock() takes the stream over.
        struct Gate {
            std::mutex m;
            std::condition_variable cv;
            bool open = false;
            std::vector<std::thread::id> openers;
            void enter()
            {
                std::unique_lock l(m);
                openers.push_back(std::this_thread::get_id());
                cv.notify_all();
                cv.wait(l, [this] { return open; });
            }
            bool waitEntered(std::size_t n)
            {
                std::unique_lock l(m);
                return cv.wait_for(l, std::chrono::seconds(30), [&] { return openers.size() >= n; });
            }
            void release(bool on)
            {
                const std::lock_guard l(m);
                open = on;
                cv.notify_all();
            }
            ~Gate() { release(true); }
        } gate;
        PortAudioDevice::setBackgroundOpenHookForTest([&gate] { gate.enter(); });
        struct Unhook {
            ~Unhook() { PortAudioDevice::setBackgroundOpenHookForTest({}); }
        } unhook;
        auto eventsOf = [](PortAudioDevice& d) {
            std::vector<DeviceEvent::Kind> out;
            while (auto e = d.pollEvent()) {
                qInfo("event %d: %s", int(e->kind), e->detail.c_str());
                out.push_back(e->kind);
            }
            return out;
        };
        auto clockUntilOpen = [](PortAudioDevice& d) {
            const std::int64_t start = nowMs();
            while (!d.isOpen() && nowMs() - start < 30000) {
                d.clock(nowMs());
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
            return d.isOpen();
        };

        PortAudioDevice dev;
        QVERIFY(dev.open("none", "", 48000).ok()); // open() itself is synchronous
        QVERIFY(gate.openers.empty());
        dev.simulateLoss();
        dev.clock(nowMs());
        QVERIFY(gate.waitEntered(1));
        QVERIFY(gate.openers[0] != std::this_thread::get_id());
        for (int i = 0; i < 20; ++i)
            dev.clock(nowMs()); // returns although the reopen is held
        QVERIFY(dev.opening());
        QVERIFY(!dev.isOpen());
        QCOMPARE(eventsOf(dev), std::vector<DeviceEvent::Kind> { DeviceEvent::Kind::Lost });
        gate.release(true);
        QVERIFY(clockUntilOpen(dev));
        QCOMPARE(eventsOf(dev), std::vector<DeviceEvent::Kind> { DeviceEvent::Kind::FellBack });
        QVERIFY(dev.hasOutput() && !dev.hasInput());
        QVERIFY(warmUp(dev));

        gate.release(false);
        dev.openInBackground("", "none", 48000);
        QVERIFY(gate.waitEntered(2));
        QVERIFY(gate.openers[1] != std::this_thread::get_id());
        dev.clock(nowMs());
        QVERIFY(!dev.isOpen() && dev.opening());
        gate.release(true);
        QVERIFY(clockUntilOpen(dev));
        QVERIFY(eventsOf(dev).empty()); // a background open that works is silent
        QVERIFY(dev.hasInput() && !dev.hasOutput());
        QVERIFY(warmUp(dev));

        // A chosen device that is missing: the background open falls back to the default
        // (issue 19; tst_audio_hotplug checks the preference list and the notice).
        dev.openInBackground("no-such-device", "none", 48000);
        QVERIFY(gate.waitEntered(3));
        QVERIFY(gate.openers[2] != std::this_thread::get_id());
        const std::int64_t start = nowMs();
        std::vector<DeviceEvent::Kind> fellBack;
        while (fellBack.empty() && nowMs() - start < 30000) {
            dev.clock(nowMs());
            fellBack = eventsOf(dev);
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        QCOMPARE(fellBack, std::vector<DeviceEvent::Kind> { DeviceEvent::Kind::FellBack });
        QVERIFY(dev.isOpen() && dev.hasInput() && !dev.hasOutput());
    }
};

QTEST_GUILESS_MAIN(TestAudioDevice)
#include "tst_audio_device.moc"
